"""The spaCy pipeline the understanding tests parse their sentences with."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """rashomon's pipeline (unused parts disabled), loaded once; skip without the model."""
    pytest.importorskip("spacy")
    from rashomon.understand.nlp import load_model

    try:
        return load_model()
    except (OSError, ImportError) as exc:
        pytest.skip(f"the spaCy model is not installed: {exc}")
