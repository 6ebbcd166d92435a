"""Syndicated copies are found by MinHash similarity and pointed at one original.

Users rely on this to count a wire story once: a copy with a new headline or
one paragraph more or less is still a copy; different outlets' own reports of
the same event are not; and the original is the agency the copies credit.
Texts come from the demo corpus (examples/corpus), so the thresholds are
checked on real-shaped articles.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.ingest.dedupe import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    Entry,
    NearDuplicateIndex,
    choose_original,
    shingle_hashes,
    signature,
    similarity,
)
from rashomon.ingest.readers.text import split_front_matter
from tests.conftest import EXAMPLES


def body(relative: str) -> str:
    """The article text of a demo-corpus text file, without its front matter."""
    _meta, text, _warning = split_front_matter((EXAMPLES / relative).read_text("utf-8"))
    return text


def jsonl_text(record_id: str) -> str:
    for line in (EXAMPLES / "jsonl" / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return str(record["text"])
    raise AssertionError(f"{record_id} not in the demo JSONL")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def sim(a: str, b: str) -> float:
    return similarity(signature(a), signature(b))


STORY_FILES = [
    "txt/continental-wire-ferry-fire.txt",
    "txt/continental-wire-vrsic-landslide.txt",
    "txt/harbour-ledger-mackerel-edinburgh.txt",
    "txt/harbour-ledger-mackerel-torshavn.txt",
]
FERRY = body("txt/continental-wire-ferry-fire.txt")
ADDED = (
    "A couple from Harrogate who had been travelling on the ferry to visit relatives on"
    " Aegina were reported to be safe and unhurt."
)


# -- signatures and similarity ---------------------------------------------------


def test_signature_is_num_perm_32_bit_values() -> None:
    """Signatures are fixed-size blobs the store can keep beside each article."""
    assert len(signature(FERRY)) == NUM_PERM * 4


def test_identical_texts_are_fully_similar() -> None:
    """The same text always scores 1.0."""
    assert sim(FERRY, FERRY) == 1.0


def test_line_wrapping_case_and_quote_style_do_not_change_the_signature() -> None:
    """A copy re-wrapped, re-cased or with straight quotes is the same text to dedupe."""
    variant = FERRY.replace("\n\n", "\n").replace("’", "'").replace("“", '"').replace("”", '"')
    assert signature(variant.upper()) == signature(FERRY)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "txt/continental-wire-ferry-fire.txt",
            "txt/harbour-ledger-mackerel-torshavn.txt",
            id="ferry-fire-vs-fishing-talks",
        ),
        pytest.param(
            "txt/continental-wire-vrsic-landslide.txt",
            "txt/continental-wire-ferry-fire.txt",
            id="same-agency-different-story",
        ),
        pytest.param(
            "txt/harbour-ledger-mackerel-torshavn.txt",
            "txt/harbour-ledger-mackerel-edinburgh.txt",
            id="look-alike-events-same-outlet",
        ),
    ],
)
def test_unrelated_articles_score_below_0_2(a: str, b: str) -> None:
    """Different stories (even look-alike events from one outlet) share almost no 5-grams."""
    assert sim(body(a), body(b)) < 0.2


def test_same_event_reported_by_two_outlets_scores_below_0_2() -> None:
    """Independent reports of one event are not copies (Harbour Ledger vs BES inquiry)."""
    own = body("txt/harbour-ledger-ferry-inquiry.md")
    other = jsonl_text("bes-20240316-0093")
    assert sim(own, other) < 0.2


@pytest.mark.parametrize(
    "change",
    ["one paragraph added", "one paragraph removed", "new headline line on top"],
)
def test_copy_with_one_paragraph_more_or_less_is_above_the_threshold(change: str) -> None:
    """Wire copies are trimmed or extended by a paragraph; they still count as copies."""
    parts = paragraphs(FERRY)
    copy = {
        "one paragraph added": [*parts, ADDED],
        "one paragraph removed": parts[:5] + parts[6:],
        "new headline line on top": ["Twelve dead as flames engulf Aegina ferry", *parts],
    }[change]
    assert sim(FERRY, "\n\n".join(copy)) >= DEFAULT_THRESHOLD


def test_real_syndicated_copies_in_the_demo_corpus_score_above_the_threshold() -> None:
    """The Baltic Evening Star JSONL copy (one paragraph trimmed) is a copy of the wire text."""
    assert sim(FERRY, jsonl_text("bes-20240310-0148")) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("", "..."), ("!!!", "???"), ("Photo", "Video"), ("", "   "), ("Yes.", "No.")],
    ids=["empty-vs-dots", "punctuation", "one-word", "empty-vs-blank", "short-sentences"],
)
def test_empty_ish_texts_do_not_match_each_other(a: str, b: str) -> None:
    """Texts with (almost) no words are not all 'copies' of one another."""
    assert sim(a, b) < DEFAULT_THRESHOLD
    index = NearDuplicateIndex()
    assert index.add(Entry("a", signature(a))) is None
    assert index.add(Entry("b", signature(b))) is None


def test_text_without_words_still_gets_a_shingle() -> None:
    """An empty or punctuation-only text has one hash, so it has a valid signature."""
    assert len(shingle_hashes("")) == 1
    assert len(shingle_hashes("* * *")) == 1
    assert len(signature("")) == NUM_PERM * 4


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_fully_similar_to_itself(text: str) -> None:
    """Signatures are a pure function of the text, whatever characters it holds."""
    assert signature(text) == signature(text)
    assert similarity(signature(text), signature(text)) == 1.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=60))
def test_whitespace_between_words_does_not_matter(words: list[str]) -> None:
    """Only the words count: re-flowed text signs the same."""
    assert signature(" ".join(words)) == signature("\n\n".join(words))


def test_signatures_are_the_same_in_another_process() -> None:
    """Signatures stored by one run must compare with those computed by the next."""
    code = (
        "import sys; from rashomon.ingest.dedupe import signature;"
        " sys.stdout.write(signature(sys.stdin.read()).hex())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    child = subprocess.run(
        [sys.executable, "-c", code],
        input=FERRY,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        env=env,
    )
    assert bytes.fromhex(child.stdout) == signature(FERRY)


# -- the index: grouping copies ------------------------------------------------


def test_index_marks_a_copy_duplicate_of_the_first_version() -> None:
    """Without other evidence, the first version stored is the original."""
    index = NearDuplicateIndex()
    assert index.add(Entry("wire", signature(FERRY))) is None
    assert index.add(Entry("copy", signature(FERRY + "\n\n" + ADDED))) == "wire"
    assert index.original("wire") is None
    assert index.original("copy") == "wire"
    assert index.similarity_to_original("copy") == pytest.approx(sim(FERRY, FERRY + "\n\n" + ADDED))


def test_index_keeps_unrelated_articles_apart() -> None:
    """Articles on other stories are each their own original."""
    index = NearDuplicateIndex()
    for name in STORY_FILES:
        assert index.add(Entry(name, signature(body(name)))) is None
    assert index.take_changes() == {}


@pytest.mark.parametrize("name", STORY_FILES, ids=[Path(n).stem for n in STORY_FILES])
def test_every_copy_scoring_above_the_threshold_is_found_by_the_index(name: str) -> None:
    """A copy missing any one paragraph is grouped whenever its similarity passes the threshold."""
    text = body(name)
    parts = paragraphs(text)
    missed = []
    for k in range(len(parts)):
        index = NearDuplicateIndex()
        index.add(Entry("original", signature(text)))
        copy = signature("\n\n".join(parts[:k] + parts[k + 1 :]))
        score = similarity(signature(text), copy)
        if score >= DEFAULT_THRESHOLD and index.add(Entry("copy", copy)) != "original":
            missed.append((k, score))
    assert missed == [], f"copies without paragraph k missed (k, similarity): {missed}"


def _sliding(lo: int, hi: int) -> str:
    return " ".join(f"w{i}q" for i in range(lo, hi))


def test_article_that_copies_two_groups_merges_them() -> None:
    """A version bridging two groups joins them under one original; the other is re-pointed."""
    a, b, bridge = _sliding(0, 100), _sliding(50, 150), _sliding(25, 125)
    index = NearDuplicateIndex(threshold=0.4)
    assert index.add(Entry("a", signature(a))) is None
    assert index.add(Entry("b", signature(b))) is None, "precondition: a and b are apart"
    assert set(index.matches(signature(bridge))) == {"a", "b"}, "precondition: bridge links both"
    assert index.add(Entry("bridge", signature(bridge))) == "a"
    assert index.original("b") == "a"
    assert index.take_changes() == {"b": "a"}


def test_credited_agency_arriving_later_becomes_the_original() -> None:
    """A copy stored first is re-pointed when the agency it credits is ingested."""
    copy_text = "Twelve dead as flames engulf Aegina ferry\n\n" + FERRY + "\n\n" + ADDED
    index = NearDuplicateIndex()
    copy = Entry("kestrel", signature(copy_text), "The Kestrel Gazette", None, FERRY[:400])
    wire = Entry("wire", signature(FERRY), "Continental Wire", None, FERRY[:400])
    assert index.add(copy) is None
    assert index.add(wire) is None, "the agency is the original, not a copy"
    assert index.original("kestrel") == "wire"
    assert index.take_changes() == {"kestrel": "wire"}
    assert index.take_changes() == {}, "changes are handed over once"


def test_loaded_groups_are_kept_and_extended() -> None:
    """Articles already stored keep their groups when the next run adds a copy."""
    index = NearDuplicateIndex()
    index.load(Entry("wire", signature(FERRY)), None)
    index.load(Entry("bes", signature(jsonl_text("bes-20240310-0148"))), "wire")
    assert len(index) == 2
    assert index.original("bes") == "wire"
    assert index.add(Entry("kestrel", signature(FERRY + "\n\n" + ADDED))) == "wire"
    assert index.take_changes() == {}


# -- choosing the original -------------------------------------------------------

HEAD_CREDITING_WIRE = "PIRAEUS, March 10 (Continental Wire) — Twelve people were killed"


def test_choose_original_prefers_the_agency_the_copies_credit() -> None:
    """The outlet named in the copies' datelines wins, even if stored last and undated."""
    entries = [
        Entry("kestrel", b"", "The Kestrel Gazette", "2024-03-10", HEAD_CREDITING_WIRE),
        Entry("bes", b"", "Baltic Evening Star", "2024-03-10", HEAD_CREDITING_WIRE),
        Entry("wire", b"", "Continental Wire", None, HEAD_CREDITING_WIRE),
    ]
    assert choose_original(entries).id == "wire"


def test_choose_original_falls_back_to_the_earliest_date() -> None:
    """Without a credit, the earliest known publication date wins; unknown dates lose."""
    entries = [
        Entry("undated", b"", "A", None, "text"),
        Entry("later", b"", "B", "2024-03-11", "text"),
        Entry("earlier", b"", "C", "2024-03-10T08:00:00+00:00", "text"),
    ]
    assert choose_original(entries).id == "earlier"


def test_choose_original_falls_back_to_storage_order() -> None:
    """With no credit and no dates (or equal ones), the first stored wins."""
    undated = [Entry("first", b"", "A"), Entry("second", b"", "B")]
    assert choose_original(undated).id == "first"
    same_day = [Entry(n, b"", o, "2024-03-10") for n, o in (("x", "A"), ("y", "B"))]
    assert choose_original(same_day).id == "x"
