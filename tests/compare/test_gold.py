"""The compare stage against gold written by reading the articles
(tests/gold/compare_demo.yaml and compare_seeds.yaml, written before the checks ran).

Each gold story is compared with exactly its gold members, so a failure here is
the compare stage's own, not the grouping's. A false contradiction is the worst
error rashomon can make, so every raised discrepancy must be a gold one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from rashomon.compare.evaluation import GoldStory, gold_material, load_gold, score_story
from rashomon.compare.pipeline import Comparer, compare
from rashomon.model import ClaimKind, Comparison
from rashomon.report.comparison import comparison_report, reported_alone
from rashomon.report.export_model import ExportDocument
from rashomon.store import Store
from tests.conftest import CliRun

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "gold"


def _analysed(corpus: Path, folder: Path) -> Store:
    from typer.testing import CliRunner

    from rashomon.cli.app import app

    db = folder / "c.db"
    result = CliRunner().invoke(
        app, ["analyze", str(corpus), "--db", str(db), "--export", str(folder / "e.json"), "-q"]
    )
    assert result.exit_code in (0, 1), result.output  # 1: the demo's planted bad inputs
    return Store.open(str(db))


@pytest.fixture(scope="module")
def comparer() -> Comparer:
    return Comparer.load()


def _compared(
    store: Store, gold_file: str, resolve: Callable[[str], list[str]], comparer: Comparer
) -> dict[str, tuple[GoldStory, Comparison]]:
    golds = load_gold(GOLD / gold_file, resolve)
    return {g.key: (g, compare(gold_material(store, g, comparer), comparer)) for g in golds}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _analysed(REPO / "examples" / "corpus", tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo_ids(demo_store: Store) -> dict[str, list[str]]:
    """Article ids by headline (feed and WARC items have content-hash ids)."""
    by_title: dict[str, list[str]] = {}
    for article in demo_store.iter_articles():
        by_title.setdefault(article.title, []).append(article.id)
    return by_title


@pytest.fixture(scope="module")
def demo(
    demo_store: Store, demo_ids: dict[str, list[str]], comparer: Comparer
) -> dict[str, tuple[GoldStory, Comparison]]:
    return _compared(demo_store, "compare_demo.yaml", lambda t: demo_ids.get(t, []), comparer)


@pytest.fixture(scope="module")
def seeds_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _analysed(seeds_dir, tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def seeds(seeds_store: Store, comparer: Comparer) -> dict[str, tuple[GoldStory, Comparison]]:
    store = seeds_store
    ids = [a.id for a in store.iter_articles()]
    return _compared(
        store, "compare_seeds.yaml", lambda p: [i for i in ids if i.startswith(p)], comparer
    )


MERIDIAN = "Shares in Greek ferry operator Myrtoan Lines slide after Saronic Gulf fire"
DEMO_STORIES = [
    "ferry-fire",
    "ferry-resumes",
    "ferry-inquiry",
    "talks-torshavn",
    "talks-edinburgh",
    "slide-trenta",
    "slide-kranjska-gora",
]


# Gold contradictions rashomon misses by design, and why. The demo plants one
# statement credited to two people; on real news such cases were mostly misreadings
# (28 of 46 false contradictions on held-back news were quotes credited to the wrong
# speaker) or two officials reusing one text (NewsWCL50 event 6, a gold look-alike),
# so who said a statement is shown, never disputed (docs/quality.md).
DELIBERATE_MISSES = {"ferry-fire/fire-statement-speaker"}


@pytest.mark.parametrize("key", DEMO_STORIES)
def test_demo_story_raises_every_true_contradiction_and_no_false_one(
    demo: dict[str, tuple[GoldStory, Comparison]], key: str
) -> None:
    gold, comparison = demo[key]
    scores = score_story(gold, comparison)
    assert scores.false_alarms == []
    assert set(scores.misses) <= DELIBERATE_MISSES


def test_a_statement_credited_to_two_people_is_shown_with_both_names_not_disputed(
    demo: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    _, comparison = demo["ferry-fire"]
    assert all(
        d.kind is not ClaimKind.QUOTE or d.attribute.startswith("wording of")
        for d in comparison.discrepancies
    )
    engine = [
        f for f in comparison.facts if f.kind is ClaimKind.QUOTE and "engine room" in f.statement
    ]
    shown = " ".join(f"{f.statement} {f.value}" for f in engine)
    assert "Vasilaki" in shown and "Dragoumis" in shown


@pytest.mark.parametrize("key", ["june", "july", "december"])
def test_seed_story_raises_every_true_contradiction_and_no_false_one(
    seeds: dict[str, tuple[GoldStory, Comparison]], key: str
) -> None:
    gold, comparison = seeds[key]
    scores = score_story(gold, comparison)
    assert scores.false_alarms == []
    assert scores.misses == []


def test_death_toll_dispute_shows_both_sides_with_their_sentences_and_the_low_reading(
    demo: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    _, comparison = demo["ferry-fire"]
    (toll,) = [d for d in comparison.discrepancies if d.kind is ClaimKind.COUNT]
    by_value = {a.value.split()[0]: a for a in toll.alternatives}
    assert set(by_value) == {"12", "14"}
    assert any("Fourteen people died" in e.sentence for e in by_value["14"].evidence)
    assert any("Twelve people were killed" in e.sentence for e in by_value["12"].evidence)
    assert any("twelve people who died" in e.sentence for e in by_value["12"].evidence)
    assert toll.severity == "high"
    assert toll.conservative is not None and toll.conservative.startswith("12")
    assert "at least 12" in toll.explanation  # the Herald's hedge fits both sides


def test_evacuation_figures_corroborate_with_312_as_the_more_specific(
    demo: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    _, comparison = demo["ferry-fire"]
    (evacuated,) = [f for f in comparison.facts if f.attribute == "people evacuated"]
    assert evacuated.value.startswith("312")
    assert "more specific in The Harbour Ledger" in evacuated.statement
    assert evacuated.independent >= 3


def test_the_business_piece_is_named_as_leaving_out_the_death_toll(
    demo: dict[str, tuple[GoldStory, Comparison]], demo_ids: dict[str, list[str]]
) -> None:
    """The Meridian Courier writes about the share price and gives no death toll."""
    (meridian,) = demo_ids[MERIDIAN]
    _, comparison = demo["ferry-fire"]
    killed = {f.id for f in comparison.facts if f.attribute.startswith("people killed")}
    deaths = [o for o in comparison.omissions if o.fact in killed]
    assert [o.missing_from for o in deaths] == [(meridian,)]


def test_background_figures_of_an_earlier_fire_are_not_weighed_against_this_one(
    demo: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    """The Levant column's 140 evacuated are from a 2019 fire it recalls."""
    _, comparison = demo["ferry-fire"]
    background = [f for f in comparison.facts if f.value.startswith("140")]
    assert background and all("2019" in f.attribute for f in background)


def test_ceasefire_dates_nine_and_ten_november_are_shown_as_unclear(
    seeds: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    """The gold's one July contradiction is a day apart (signed late on 9 November Moscow
    time, in force from the 10th): flagged, as unclear rather than as a contradiction."""
    _, comparison = seeds["july"]
    (dispute,) = comparison.discrepancies
    assert dispute.kind is ClaimKind.DATE
    assert {a.value for a in dispute.alternatives} == {"2020-11-09", "2020-11-10"}
    assert dispute.severity == "unclear" and not dispute.contradicts


def test_compare_prints_the_ceasefire_dates_as_unclear_not_as_contradictions(
    seeds_store: Store, cli: CliRun
) -> None:
    (july,) = [
        s
        for s in seeds_store.story_store.stories()
        if {a[:3] for a in s.articles} == {"002", "004"}
    ]
    db = str(seeds_store.database.engine.url.database)
    out = cli("compare", july.id, "--db", db).stdout
    assert "contradictions (0)" in out
    unclear = out[out.index("unclear: perhaps not a contradiction (1)") :]
    assert "[unclear] Sources date" in unclear and "a day apart" in unclear
    assert unclear.index("2020-11-09") < unclear.index("left out")


def test_the_fifteen_people_handed_over_are_corroborated_by_both_june_articles(
    seeds: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    _, comparison = seeds["june"]
    released = [f for f in comparison.facts if f.attribute.startswith("people released")]
    assert any(f.value.startswith("15") and f.independent == 2 for f in released)


def test_december_breakdown_of_55_prisoners_adds_up_and_is_not_flagged(
    seeds: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    _, comparison = seeds["december"]
    assert [i for i in comparison.inconsistencies if i.kind == "sum"] == []


def test_compare_command_prints_the_dispute_with_its_sentences(
    demo_store: Store, cli: CliRun, demo_ids: dict[str, list[str]]
) -> None:

    (fire,) = [
        s for s in demo_store.story_store.stories() if set(demo_ids[MERIDIAN]) <= set(s.articles)
    ]
    db = str(demo_store.database.engine.url.database)
    result = cli("compare", fire.id[:8], "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("facts reported") < out.index("contradictions") < out.index("left out")
    assert "Fourteen people died" in out and "Twelve people were killed" in out
    as_json = cli("compare", fire.id, "--db", db, "--json")
    data = json.loads(as_json.stdout)
    assert {d["kind"] for d in data["discrepancies"]} == {"count"}
    assert all(s["sentence"] for f in data["facts"] for s in f["sources"])


def test_compare_names_a_missing_story(demo_store: Store, cli: CliRun) -> None:
    result = cli("compare", "st-nothing", "--db", str(demo_store.database.engine.url.database))
    assert result.exit_code != 0
    assert "no story with id 'st-nothing'" in result.output


def test_timeline_lists_stories_and_background_in_date_order(
    demo_store: Store, cli: CliRun
) -> None:
    result = cli("timeline", "--db", str(demo_store.database.engine.url.database), "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    thira = [e for e in entries if e["date"] == "2019-08-22"]
    assert thira and thira[0]["story"] is None  # the 2019 fire the Levant column recalls
    assert any(e["story"] and e["date"] == "2024-03-09" for e in entries)


def test_analyze_report_compares_stories_whose_articles_name_no_outlet(
    seeds_dir: Path, cli: CliRun, tmp_path: Path
) -> None:
    """The seed files carry no outlet: each article is then its own source, so the
    June and July handovers (two articles each) are compared in the report."""
    result = cli(
        "analyze", str(seeds_dir), "--db", str(tmp_path / "s.db"), "--export", str(tmp_path / "e")
    )
    report = result.stdout[result.stdout.index("## What the sources say") :]
    assert report.count("\n### ") == 2  # the two stories
    # 9 and 10 November are a day apart: unclear, in the July story, not a disputed date
    assert "**Unclear**" in report and "Dates the sources disagree on" not in report
    assert "2020-11-09" in report and "2020-11-10" in report


def test_the_export_carries_each_articles_quotes_with_their_speakers(demo_store: Store) -> None:
    folder = Path(str(demo_store.database.engine.url.database)).parent
    exported = json.loads((folder / "e.json").read_text("utf-8"))
    quotes = [(a, q) for a in exported["articles"] for q in a["quotes"]]
    assert quotes
    for article, quote in quotes:
        assert quote["text"] == article["text"][quote["start"] : quote["end"]]
        assert quote["kind"] in {"direct", "indirect"}
        assert quote["id"].startswith(article["id"])
    engine_room = [
        q for _, q in quotes if q["text"].startswith("The fire started in the engine room")
    ]
    assert engine_room
    assert {q["speaker_id"] for q in engine_room} == {"person:eleni-vasilaki"}
    assert all("Vasilaki" in q["speaker"] for q in engine_room)


def test_the_mine_count_only_one_seed_gives_is_shown_with_a_label(
    seeds: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    """002 alone gives the 92,000 mines (004 says only "minefield maps")."""
    _, comparison = seeds["july"]
    mines = [f for f in comparison.facts if f.value.startswith("92,000")]
    assert mines, [f.statement for f in comparison.facts]
    assert all(f.independent == 1 and f.articles[0].startswith("002") for f in mines)
    assert all(len(f.label.split()) >= 1 and f.label != "mines" for f in mines)


def test_every_omission_on_the_demo_and_the_seeds_is_right_by_the_gold(
    demo: dict[str, tuple[GoldStory, Comparison]],
    seeds: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    """Each "left out" / "only in" judged against the gold fact it states (the gold
    lists every article stating a fact): none wrong, and most judged (measured: 10 of
    16 on the demo and seeds; the others state figures no gold fact gives)."""
    right: list[str] = []
    wrong: list[str] = []
    unjudged: list[str] = []
    for gold, comparison in [*demo.values(), *seeds.values()]:
        scores = score_story(gold, comparison)
        right += scores.omissions_right
        wrong += scores.omissions_wrong
        unjudged += scores.omissions_unjudged
    assert wrong == []
    assert len(right) >= 10, (right, unjudged)


def test_the_mediator_each_seed_credits_is_a_fact(
    seeds: dict[str, tuple[GoldStory, Comparison]],
) -> None:
    """Georgia in June, Russia in July: a one-word label ("mediator") still states a fact."""
    for key, mediator in (("june", "Georgia"), ("july", "Russia")):
        _, comparison = seeds[key]
        credits = [f for f in comparison.facts if f.kind is ClaimKind.CREDIT]
        assert any(mediator in f.value for f in credits), [f.statement for f in credits]


def test_what_one_seed_outlet_alone_reports_is_shown_under_its_name(seeds_store: Store) -> None:
    """The gold's single-outlet facts: the 92,000 mines and Rustam Muradov (002 only,
    July), the Agdam region (003 only, June) — shown as reported by that outlet,
    never as left out by the other, and never one the other outlet shares."""
    folder = Path(str(seeds_store.database.engine.url.database)).parent
    document = ExportDocument.model_validate_json((folder / "e.json").read_text("utf-8"))
    alone: dict[str, list[str]] = {}
    for story in document.stories:
        for article, facts in reported_alone(story).items():
            alone.setdefault(article[:3], []).extend(f.statement for f in facts)
    assert any("92,000 mines" in s for s in alone["002"])
    assert any(s.startswith("Rustam Muradov:") for s in alone["002"])
    assert any(s.endswith(": Agdam") for s in alone["003"])
    assert not any("92,000" in s for s in alone.get("004", []))
    assert not any("Agdam" in s for s in alone.get("000", []))
    # 15 handed over: both June articles give it (one as prisoners of war, one as
    # detainees), so neither reports it alone
    assert not any(s.endswith(": 15 detainees") for s in alone["003"])
    report = comparison_report(document)
    section = report[report.index("**Reported by one outlet**") :]
    assert "92,000 mines" in section


def test_no_value_is_listed_as_reported_alone_by_two_outlets(demo_store: Store) -> None:
    """The demo's talks story gives Norway's 12 percent offer in two outlets whose
    facts the alignment did not join: neither reports it alone, so neither lists it."""
    folder = Path(str(demo_store.database.engine.url.database)).parent
    document = ExportDocument.model_validate_json((folder / "e.json").read_text("utf-8"))
    listed = 0
    for story in document.stories:
        by_value: dict[tuple[str, str], set[str]] = {}
        for article, facts in reported_alone(story).items():
            for fact in facts:
                listed += 1
                figure = re.search(r"\d[\d,.]*", fact.value) if fact.kind == "count" else None
                key = fact.attribute if fact.kind == "title" else fact.value
                by_value.setdefault((fact.kind, figure.group() if figure else key), set()).add(
                    article
                )
        assert all(len(articles) == 1 for articles in by_value.values()), by_value
    assert listed >= 10  # the demo's stories do list what one outlet alone reports
