"""The embedding model's precision: chosen by the CPU or the setting, part of the
model's name (so stored vectors and comparisons of one are never read as the other's),
and bfloat16 vectors close to the float32 ones on real sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from rashomon.compare.pipeline import Comparer, results_key
from rashomon.errors import RashomonError
from rashomon.stories import embed
from rashomon.stories.embed import MODEL_NAME, PRECISION_VARIABLE, Embedder
from tests.conftest import EXAMPLES


@pytest.fixture
def fresh_precision(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The precision worked out anew under the test's setting, and again afterwards."""
    monkeypatch.delenv(PRECISION_VARIABLE, raising=False)
    embed.precision.cache_clear()
    yield monkeypatch
    embed.precision.cache_clear()


def test_the_setting_chooses_the_precision(fresh_precision: pytest.MonkeyPatch) -> None:
    fresh_precision.setenv(PRECISION_VARIABLE, "fp32")
    assert embed.precision() == "fp32"
    assert embed.model_name() == MODEL_NAME
    embed.precision.cache_clear()
    fresh_precision.setenv(PRECISION_VARIABLE, " BF16 ")
    assert embed.precision() == "bf16"
    assert embed.model_name() == embed.name_at("bf16") == f"{MODEL_NAME}+bf16/pad8x32"


def test_a_wrong_setting_says_what_to_use(fresh_precision: pytest.MonkeyPatch) -> None:
    fresh_precision.setenv(PRECISION_VARIABLE, "int8")
    with pytest.raises(RashomonError, match=f"{PRECISION_VARIABLE}='int8'.*fp32 or bf16"):
        embed.precision()


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"avx2", "avx512f", "avx512_bf16"}, "bf16"),
        ({"avx2", "amx_bf16", "amx_tile"}, "bf16"),
        ({"avx2", "avx512f", "avx512_vnni"}, "fp32"),  # bfloat16 only emulated: slower
        (set(), "fp32"),  # flags unreadable (not Linux)
    ],
)
def test_the_cpu_chooses_the_precision_when_unset(
    fresh_precision: pytest.MonkeyPatch, flags: set[str], expected: str
) -> None:
    fresh_precision.setattr(embed, "_cpu_flags", lambda: frozenset(flags))
    assert embed.precision() == expected


def test_cpu_flags_are_read_from_this_machine() -> None:
    flags = embed._cpu_flags()
    try:
        with Path("/proc/cpuinfo").open(encoding="ascii", errors="replace") as handle:
            line = next((entry for entry in handle if entry.startswith("flags")), None)
    except OSError:
        line = None
    if line is None:
        assert flags == frozenset()
    else:
        assert flags == frozenset(line.partition(":")[2].split())
        assert all(re.fullmatch(r"[a-z0-9_]+", flag) for flag in flags)


def test_stored_comparisons_are_keyed_by_the_precision(
    fresh_precision: pytest.MonkeyPatch,
) -> None:
    """A store analysed on a bfloat16 machine and read on another recomputes rather
    than mixing vectors of the two."""
    fresh_precision.setenv(PRECISION_VARIABLE, "fp32")
    fp32 = Comparer()
    as_fp32 = (fp32.model, fp32.digest("1,000 detainees"), results_key(fp32))
    embed.precision.cache_clear()
    fresh_precision.setenv(PRECISION_VARIABLE, "bf16")
    bf16 = Comparer()
    as_bf16 = (bf16.model, bf16.digest("1,000 detainees"), results_key(bf16))
    assert as_fp32[0] == MODEL_NAME and as_bf16[0] == embed.name_at("bf16")
    assert all(a != b for a, b in zip(as_fp32, as_bf16, strict=True))
    assert Comparer(embeddings=False).model == "words"


def test_bfloat16_vectors_are_close_to_float32_ones(seed_texts: dict[str, str]) -> None:
    """On real sentences (the seed articles), bfloat16 autocast gives other vectors
    (it is in effect) whose similarities move by far less than any threshold step."""
    sentences = [
        s.strip()
        for text in seed_texts.values()
        for s in re.split(r"(?<=[.!?])\s+", text)
        if len(s.split()) >= 4
    ][:60]
    assert len(sentences) >= 40
    model = Embedder.load().model
    fp32 = Embedder(model, precision="fp32").encode(sentences)
    bf16 = Embedder(model, precision="bf16").encode(sentences)
    assert fp32.dtype == bf16.dtype == np.float32
    assert not np.array_equal(fp32, bf16)
    assert np.allclose(np.linalg.norm(bf16, axis=1), 1.0, atol=1e-3)
    assert float(np.min(np.sum(fp32 * bf16, axis=1))) >= 0.999
    moved = np.abs(fp32 @ fp32.T - bf16 @ bf16.T)
    assert float(moved.max()) <= 0.01
    assert float(moved.mean()) <= 0.002


def test_leads_and_phrases_are_encoded_at_the_chosen_precision(
    fresh_precision: pytest.MonkeyPatch,
) -> None:
    """One loaded model, shared by the stories and compare stages, at one precision."""
    fresh_precision.setenv(PRECISION_VARIABLE, "bf16")
    phrases = Comparer().embedder
    assert phrases is not None and phrases.precision == "bf16"
    assert phrases.model is Embedder.load().model  # one loaded model, shared
    assert phrases.name == Comparer().model == embed.name_at("bf16")


def _demo_sentences() -> list[str]:
    """Sentences of many lengths from the demo corpus (the repository's own text)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.rglob("*.txt"))]
    sentences = [
        s.strip()
        for text in texts
        for s in re.split(r"(?<=[.!?])\s+", text)
        if 3 <= len(s.split()) <= 80
    ]
    return list(dict.fromkeys(sentences))


@pytest.mark.parametrize("chosen", ["fp32", "bf16"])
def test_a_texts_vector_does_not_depend_on_its_batch(chosen: str) -> None:
    """Encoded all at once, one by one, or in shuffled groups of seven, every text gets
    exactly the same vector: stories and comparisons cannot depend on how the corpus
    was fed, nor on which process encoded what."""
    sentences = _demo_sentences()[:120]
    assert len(sentences) >= 100
    embedder = Embedder.load().at(chosen)
    together = embedder.encode(sentences)
    alone = np.concatenate([embedder.encode([s]) for s in sentences[:40]])
    order = np.random.default_rng(7).permutation(len(sentences))
    shuffled = np.zeros_like(together)
    for start in range(0, len(order), 7):
        rows = order[start : start + 7]
        shuffled[rows] = embedder.encode([sentences[i] for i in rows])
    assert np.array_equal(together[:40], alone)
    assert np.array_equal(together, shuffled)
    assert together.dtype == np.float32 and together.shape == (len(sentences), 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_encoding_matches_the_models_own_encode_in_float32() -> None:
    """The forward pass is the model's own: the library's ``encode`` gives the same
    vectors (to rounding), on texts short and long, past the model's 256-token limit."""
    sentences = _demo_sentences()[:60]
    long_text = " ".join(_demo_sentences()[60:160])
    texts = [*sentences, long_text, "Yes."]
    embedder = Embedder.load()
    ours = embedder.encode(texts)
    library = embedder.model.encode(texts, batch_size=32, normalize_embeddings=True)
    assert len(embedder.model.tokenizer(long_text)["input_ids"]) > 256
    assert np.abs(ours - library).max() < 1e-5
    assert embedder.encode([]).shape == (0, 384)


def test_a_model_of_another_layout_is_refused() -> None:
    """encode runs the transformer, mean pooling and normalisation itself; a model
    package with other layers is refused with what to do, not encoded differently."""

    class Pooling:
        def get_config_dict(self) -> dict[str, str]:
            return {"pooling_mode": "cls"}

    class Transformer:
        pass

    class Normalize:
        pass

    with pytest.raises(RashomonError, match=r"pooling 'cls'.*pip install"):
        embed._check_layout([Transformer(), Pooling(), Normalize()])
    with pytest.raises(RashomonError, match=r"layers \['Transformer'\]"):
        embed._check_layout([Transformer()])
    embed._check_layout(Embedder.load().model)  # the installed one is accepted


def test_a_load_begun_in_the_background_is_waited_for_not_repeated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`analyze` begins loading the model while understanding runs; the stories stage
    then takes that load (waiting for it), and the model is read once."""
    import functools
    import threading

    started, release = threading.Event(), threading.Event()
    loads: list[Embedder] = []

    def slow_load() -> Embedder:
        started.set()
        release.wait(5)
        loaded = Embedder(model=object())
        loads.append(loaded)
        return loaded

    monkeypatch.setattr(embed, "_load_once", functools.cache(slow_load))
    thread = embed.load_in_background()
    assert started.wait(5)
    waiting: list[Embedder] = []
    waiter = threading.Thread(target=lambda: waiting.append(Embedder.load()))
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive()  # the stage waits for the load under way
    release.set()
    waiter.join(5)
    thread.join(5)
    assert len(loads) == 1
    assert waiting == loads
    assert Embedder.load() is loads[0]


def test_a_background_load_that_fails_fails_again_in_the_stage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import functools

    def failing() -> Embedder:
        raise RashomonError("the story stage needs the sentence-embedding model")

    monkeypatch.setattr(embed, "_load_once", functools.cache(failing))
    embed.load_in_background().join(5)
    with pytest.raises(RashomonError, match="sentence-embedding model"):
        Embedder.load()
