"""The understanding stage end to end: stored, shown, exported, gated on the seeds."""

from __future__ import annotations

import itertools
import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
import yaml

from rashomon.ingest import IngestOptions, ingest
from rashomon.model import MentionType
from rashomon.store import Store
from rashomon.understand.evaluation import evaluate
from rashomon.understand.pipeline import Understander, resolve_overlaps, understand_store
from tests.conftest import EXAMPLES

GOLD = Path(__file__).resolve().parent.parent / "gold" / "seeds_understand.yaml"

# Quality gate on the real sample articles (gold written by reading them). The issue's
# target is 0.9 for every row; rows below it are recorded in docs/quality.md with their
# failures. A drop below these floors fails CI; raising them is welcome, lowering them is
# a reviewed decision.
FLOORS = {
    "numbers": (0.9, 0.9),
    "units": (0.9, 0.9),
    "dates": (0.9, 0.9),
    "places": (0.9, 0.9),
    "place linking": (0.9, 0.9),
    "actors": (0.9, 0.9),
    "actor linking": (0.9, 0.9),
}


@pytest.fixture(scope="module")
def understander() -> Understander:
    return Understander.load()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, understander: Understander) -> Store:
    store = Store.open(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    ingest([str(EXAMPLES)], store, IngestOptions(workers=1))
    understand_store(store, understander)
    return store


def test_every_english_article_is_annotated_and_others_are_not(demo_db: Store) -> None:
    annotated = {a.article_id for a in demo_db.annotations()}
    for article in demo_db.iter_articles():
        assert (article.id in annotated) == (article.language == "en"), article.id


def test_mentions_point_at_their_exact_words(demo_db: Store) -> None:
    texts = {a.id: a.text for a in demo_db.iter_articles()}
    for annotation in demo_db.annotations():
        text = texts[annotation.article_id]
        assert annotation.sentences, annotation.article_id
        for mention in annotation.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_mentions_do_not_overlap(demo_db: Store) -> None:
    for annotation in demo_db.annotations():
        spans = sorted((m.start, m.end) for m in annotation.mentions)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, annotation.article_id


def test_rerunning_annotates_nothing_new(demo_db: Store, understander: Understander) -> None:
    assert understand_store(demo_db, understander).annotated == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_what_runs_beside_the_parse_starts_once_it_is_under_way(
    demo_db: Store, understander: Understander, tmp_path: Path, workers: int
) -> None:
    """``analyze`` loads the next stages' model once the parse is under way: with
    workers, as soon as they run (none is forked from a process in the middle of a
    load) and before any batch is stored; with one process, after the first batch.
    The annotations are those of one process in one batch."""
    store = Store.open(str(tmp_path / "demo.db"))
    ingest([str(EXAMPLES)], store, IngestOptions(workers=1))
    stored: list[int] = []
    seen: list[tuple[int, int]] = []  # (batches stored, worker processes) at each call

    def started() -> None:
        seen.append((len(stored), len(multiprocessing.active_children())))

    report = understand_store(
        store,
        understander,
        batch_size=4,
        workers=workers,
        progress=lambda done, total: stored.append(done),
        started=started,
    )
    assert len(stored) > 2  # several batches, so "after the first" means something
    assert seen == ([(1, 0)] if workers == 1 else [(0, workers)])
    assert report.annotated == len(list(demo_db.annotations()))
    assert _by_article(store) == _by_article(demo_db)
    store.close()


def _by_article(store: Store) -> dict[str, Any]:
    return {
        a.article_id: (a.document_date, a.sentences, a.mentions, a.quotes)
        for a in store.annotations()
    }


def test_a_number_range_keeps_both_bounds(demo_db: Store) -> None:
    ranges = [
        m
        for a in demo_db.annotations()
        for m in a.mentions
        if m.type is MentionType.NUMBER and m.upper is not None
    ]
    assert any((m.value, m.upper) == (40, 50) for m in ranges), ranges


def test_an_organisation_named_only_by_acronym_links_to_its_long_form(demo_db: Store) -> None:
    canon = {
        m.text: m.canonical
        for a in demo_db.annotations()
        for m in a.mentions
        if m.type is MentionType.ORGANISATION
    }
    # the long form is "Hellenic Coast Guard"; "Hellenic" is annotated as the state's
    # adjective, the organisation span is "Coast Guard" with the full name in its id
    assert canon.get("HCG") == "org:hellenic-coast-guard"
    assert canon.get("Coast Guard") == canon.get("HCG")


def test_the_same_person_gets_one_id_across_outlets(demo_db: Store) -> None:
    ids = {
        m.canonical
        for a in demo_db.annotations()
        for m in a.mentions
        if m.type is MentionType.PERSON and "Mellios" in m.text
    }
    assert len(ids) == 1, ids


def test_place_spelling_variants_share_an_id(demo_db: Store) -> None:
    found: dict[str, set[str | None]] = {}
    for a in demo_db.annotations():
        for m in a.mentions:
            if m.type in (MentionType.PLACE, MentionType.STATE) and m.text in ("Aegina", "Aigina"):
                found.setdefault(m.text, set()).add(m.canonical)
    assert set(found) == {"Aegina", "Aigina"}
    assert found["Aegina"] == found["Aigina"] and len(found["Aegina"]) == 1


def test_export_and_show_carry_the_mentions(demo_db: Store, cli: Any, tmp_path: Path) -> None:
    db = str(demo_db.database.engine.url.database)
    out = tmp_path / "export.json"
    assert cli("export", "--db", db, "--json", out).exit_code == 0
    articles = json.loads(out.read_text("utf-8"))["articles"]
    english = [a for a in articles if a["language"] == "en"]
    assert all(a["mentions"] and a["document_date"] for a in english)
    assert all(not a["mentions"] for a in articles if a["language"] != "en")
    mention = english[0]["mentions"][0]
    assert {"text", "start", "end", "type", "canonical"} <= set(mention)
    shown = cli("show", "continental-wire-ferry-fire", "--db", db)
    assert shown.exit_code == 0
    assert "mentions (" in shown.stdout and "document date" in shown.stdout


def test_overlapping_readings_keep_the_more_specific_one() -> None:
    from rashomon.model import Mention

    date = Mention(10, 17, "July 3,", MentionType.DATE, "2021-07-03")
    number = Mention(15, 16, "3", MentionType.NUMBER, "3", value=3)
    person = Mention(20, 30, "Azerbaijan", MentionType.PERSON, "person:azerbaijan")
    state = Mention(20, 30, "Azerbaijan", MentionType.STATE, "country:AZ")
    assert resolve_overlaps([number, date, person, state]) == [date, state]


@pytest.fixture(scope="module")
def seed_scores(
    seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, understander: Understander
) -> dict[str, Any]:
    store = Store.open(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    ingest([str(seeds_dir)], store, IngestOptions(workers=1))
    understand_store(store, understander)
    texts = {a.id: a.text for a in store.iter_articles()}
    mentions = {a.article_id: a.mentions for a in store.annotations()}
    store.close()
    gold = {k: v for k, v in yaml.safe_load(GOLD.read_text("utf-8")).items() if isinstance(v, dict)}
    return evaluate(texts, mentions, gold)


@pytest.mark.parametrize("row", sorted(FLOORS))
def test_seed_quality_stays_above_its_floor(seed_scores: dict[str, Any], row: str) -> None:
    score = seed_scores[row]
    precision, recall = FLOORS[row]
    assert score.precision >= precision, (row, score.precision, score.failures[:10])
    assert score.recall >= recall, (row, score.recall, score.failures[:10])


def test_a_dateline_dated_page_resolves_its_weekdays(demo_db: Store) -> None:
    """WARC record 4 (Adriatic Observer, second landslide) has no date metadata: its
    dateline "May 28" takes its year from the crawl date, and "on Monday" resolves."""
    (annotation,) = [
        a
        for a in demo_db.annotations()
        if (article := demo_db.get(a.article_id)) is not None
        and article.source.locator == "record 4"
    ]
    assert (annotation.document_date.value, annotation.document_date.source) == (
        "2024-05-28",
        "dateline",
    )
    monday = [m for m in annotation.mentions if m.type is MentionType.DATE and "Monday" in m.text]
    assert monday and all(m.canonical == "2024-05-27" for m in monday)


def test_a_dateline_without_any_year_leaves_weekdays_unresolved(demo_db: Store) -> None:
    """The wire's own file has a dateline but no date metadata and no crawl date: the year
    is unknown, so "on Saturday" stays unresolved with the reason (never today's date)."""
    annotation = demo_db.annotation("continental-wire-ferry-fire")
    assert annotation is not None
    assert annotation.document_date.value == "--03-10"
    saturday = [m for m in annotation.mentions if m.text == "Saturday"]
    assert saturday and all(m.canonical is None and m.note for m in saturday)


def test_a_headline_and_the_lead_under_it_are_never_one_sentence(
    understander: Understander,
) -> None:
    text = (
        "CIA Chief Secretly Met With North Korean Leader\n\n"
        "The director of the agency travelled to Pyongyang over Easter, two officials said.\n"
        "Envoys from the South had prepared the trip in March with the aim of talks\n\n"
        "The White House declined to comment."
    )
    sentences = [s.text.strip() for s in understander.nlp(text).sents]
    assert all("\n" not in s for s in sentences)
    assert sentences[0] == "CIA Chief Secretly Met With North Korean Leader"
    assert sentences[-1] == "The White House declined to comment."
