"""The five real sample articles ingest with exactly their noise removed.

Gold written by reading the files in ../shared/corpus/seeds (their text is not
copied here: spans are named by the 1-based line numbers they cover). Every
line not listed is story text and must survive cleaning intact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.ingest import IngestOptions, ingest
from rashomon.model import Article
from rashomon.store import Store

# article id -> [(rule, line numbers the span covers)]
GOLD_REMOVED: dict[str, list[tuple[str, list[int]]]] = {
    # headline; kicker + headline repeated at the top of the body; a stray "." at the end
    "000_f442b0a99d4997eb": [
        ("title", [1]),
        ("repeated-title", [4, 5]),
        ("punctuation-only", [17]),
    ],
    # headline-like summary line; empty "Source :"; comment form (heading + notice)
    "001_336bf3a6c016bbf1": [("title", [1]), ("empty-source", [27]), ("comment-form", [29, 31])],
    # photo caption + "AA Archive" credit, the caption again; three READ MORE links;
    # the "Route 6" widget label at the very end. "Tense relations" (line 26) is a
    # real subheading and stays.
    "002_a679c93408971ff6": [
        ("title", [1]),
        ("photo-caption", [5]),
        ("image-credit", [6]),
        ("repeated-caption", [8]),
        ("read-more", [24]),
        ("read-more", [40, 42]),
        ("trailing-fragment", [44]),
    ],
    # clean apart from its headline
    "003_b6966ca61b47a6c2": [("title", [1])],
    # "All news" section label above the headline; the standfirst (line 5) repeats the
    # start of line 11 but is the outlet's own text, so both stay
    "004_45120e5011152357": [("section-label", [1]), ("title", [3])],
}


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store = Store.open(str(db))
    try:
        report = ingest([str(seeds_dir)], store, IngestOptions(workers=1))
        assert not report.errors, report.errors
        return {a.id: a for a in store.iter_articles()}
    finally:
        store.close()


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(pos)
        pos += len(line)
    return starts


def _covered_lines(raw: str, start: int, end: int) -> list[int]:
    """1-based numbers of the non-empty lines whose text lies inside [start, end)."""
    covered = []
    for number, (offset, line) in enumerate(
        zip(_line_starts(raw), raw.splitlines(keepends=True), strict=True), start=1
    ):
        if line.strip() and start <= offset and offset + len(line.rstrip("\n")) <= end:
            covered.append(number)
    return covered


def test_all_five_seeds_are_ingested(seed_articles: dict[str, Article]) -> None:
    assert sorted(seed_articles) == sorted(GOLD_REMOVED)


@pytest.mark.parametrize("article_id", sorted(GOLD_REMOVED))
def test_exactly_the_noise_is_removed(
    seed_articles: dict[str, Article], seeds_dir: Path, article_id: str
) -> None:
    article = seed_articles[article_id]
    raw = (seeds_dir / f"{article_id}.txt").read_text("utf-8")
    assert article.raw_text == raw
    removed = [(s.rule, _covered_lines(raw, s.start, s.end)) for s in article.removed]
    assert removed == GOLD_REMOVED[article_id]


@pytest.mark.parametrize("article_id", sorted(GOLD_REMOVED))
def test_no_line_of_the_story_is_lost(
    seed_articles: dict[str, Article], seeds_dir: Path, article_id: str
) -> None:
    raw = (seeds_dir / f"{article_id}.txt").read_text("utf-8")
    removed_lines = {n for _, lines in GOLD_REMOVED[article_id] for n in lines}
    text = seed_articles[article_id].text
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.strip() and number not in removed_lines:
            assert line in text, f"line {number} of {article_id} is missing from the cleaned text"


@pytest.mark.parametrize("article_id", sorted(GOLD_REMOVED))
def test_title_is_the_headline_line(
    seed_articles: dict[str, Article], seeds_dir: Path, article_id: str
) -> None:
    raw = (seeds_dir / f"{article_id}.txt").read_text("utf-8").splitlines()
    (title_line,) = next(lines for rule, lines in GOLD_REMOVED[article_id] if rule == "title")
    assert seed_articles[article_id].title == raw[title_line - 1].strip()


def test_seeds_are_english_and_not_copies_of_each_other(
    seed_articles: dict[str, Article],
) -> None:
    assert {a.language for a in seed_articles.values()} == {"en"}
    # they report overlapping events in their own words: none is a syndicated copy
    assert all(a.duplicate_of is None for a in seed_articles.values())
