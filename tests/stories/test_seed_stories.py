"""Stories on the five real sample articles (../shared/corpus/seeds).

Gold, from reading them: 000 and 003 report the June 2021 handover of 15 prisoners
(Georgia's mediation, Agdam mine maps); 002 and 004 the July 2021 one (15 again,
Russia's mediation, Fuzuli and Zangilan maps) — look-alike events with the same
actors and the same count; 001 the December 2023 exchange of 32 Armenians for two
Azerbaijani soldiers. None of them carries a date, so only the content can tell the
three exchanges apart, and only what their texts imply can date them. They continue
one another: one storyline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.model import DatePrecision, Story
from rashomon.store import Store
from rashomon.store.story_store import StoryStore
from tests.conftest import CliRun

GOLD = {frozenset({"000", "003"}), frozenset({"002", "004"}), frozenset({"001"})}


@pytest.fixture(scope="module")
def seed_stories(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> StoryStore:
    from typer.testing import CliRunner

    from rashomon.cli.app import app

    folder = tmp_path_factory.mktemp("seeds")
    db = str(folder / "seeds.db")
    result = CliRunner().invoke(
        app, ["analyze", str(seeds_dir), "--db", db, "--export", str(folder / "e.json"), "-q"]
    )
    assert result.exit_code == 0, result.output
    return Store.open(db).story_store


def test_three_exchanges_are_three_stories(seed_stories: StoryStore) -> None:
    found = {frozenset(a[:3] for a in s.articles) for s in seed_stories.stories()}
    assert found == GOLD


def test_the_three_exchanges_form_one_storyline(seed_stories: StoryStore) -> None:
    (line,) = seed_stories.storylines()
    assert set(line.stories) == {s.id for s in seed_stories.stories()}


def test_june_and_july_handovers_are_told_apart_by_mediator_and_place(
    seed_stories: StoryStore,
) -> None:
    june = next(s for s in seed_stories.stories() if s.articles[0].startswith(("000", "003")))
    july = next(s for s in seed_stories.stories() if s.articles[0].startswith(("002", "004")))
    (apart,) = [a for a in june.apart if a.story == july.id]
    against = {s.name for s in apart.decisive.signals if s.weight < 0}
    assert against & {"state_conflict", "place_conflict"}


def _story(stories: StoryStore, prefix: str) -> Story:
    return next(s for s in stories.stories() if any(a.startswith(prefix) for a in s.articles))


def test_july_exchange_is_dated_from_the_text_alone(seed_stories: StoryStore) -> None:
    """004 has a dateline without a year ("July 7"); its text speaks of the hostilities
    "last year" and dates the clashes to September 27, 2020: it was written in 2021,
    and its "On July 3" is 2021-07-03, the day of the story."""
    july = _story(seed_stories, "004")
    assert (july.date.value, july.date.precision, july.date.basis) == (
        "2021-07-03",
        DatePrecision.DAY,
        "stated",
    )
    assert any(a.startswith("004") for a in july.date.sources)
    store = Store.open(str(seed_stories.database.engine.url.database), create=False)
    try:
        (annotation,) = store.annotations(ids=[a for a in july.articles if a.startswith("004")])
    finally:
        store.close()
    date = annotation.document_date
    assert (date.value, date.source) == ("2021-07-07", "dateline+text")
    assert date.reason is not None and "2020-09-27" in date.reason and "last year" in date.reason


def test_june_exchange_gets_the_year_its_text_implies(seed_stories: StoryStore) -> None:
    """Neither June article states a day the exchange can be fixed to ("on Saturday"
    has no anchor); 003's "armed conflict last year" is the war it dates to late 2020
    (its "1993 war" cannot be: it tells of 2020 in the past), so the story is of 2021."""
    june = _story(seed_stories, "003")
    assert (june.date.value, june.date.precision, june.date.basis) == (
        "2021",
        DatePrecision.YEAR,
        "written",
    )
    assert [a[:3] for a in june.date.sources] == ["003"]


def test_december_exchange_stays_undated_when_its_text_does_not_pin_the_year(
    seed_stories: StoryStore,
) -> None:
    """001 names 2023 as a past year and no "last year": the year is at least 2023 and
    nothing bounds it from above, so no year is guessed."""
    december = _story(seed_stories, "001")
    assert december.date.value is None and december.date.basis == "none"


def test_dated_exchanges_are_in_the_timeline(seed_stories: StoryStore, cli: CliRun) -> None:
    db = str(seed_stories.database.engine.url.database)
    result = cli("timeline", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    stories = {e["story"]: e["date"] for e in entries if e["story"]}
    assert stories[_story(seed_stories, "004").id] == "2021-07-03"
    assert stories[_story(seed_stories, "003").id] == "2021"
    # 004's "On July 3, Azerbaijan handed over ..." is the story's own happening: its
    # entry stands for it, not a background happening beside it
    assert [e["story"] for e in entries if e["date"] == "2021-07-03"] == [
        _story(seed_stories, "004").id
    ]


def test_with_front_matter_every_exchange_is_dated_to_the_day(
    seeds_dir: Path, tmp_path: Path, cli: CliRun
) -> None:
    """The seeds with the publication dates their outlets gave them (front matter): the
    three exchanges fall on the days the articles state, June 12 and July 3, 2021 and
    December 13, 2023."""
    published = {"000": "2021-06-12", "001": "2023-12-13", "002": "2021-07-03"}
    published |= {"003": "2021-06-12", "004": "2021-07-07"}
    folder = tmp_path / "dated"
    folder.mkdir()
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        front = f"---\npublished: {published[path.name[:3]]}\n---\n"
        (folder / path.name).write_text(front + text, "utf-8")
    db = str(tmp_path / "dated.db")
    assert cli("analyze", str(folder), "--db", db, "-q").exit_code == 0
    store = Store.open(db)
    try:
        days = {
            frozenset(a[:3] for a in s.articles): (s.date.value, s.date.basis)
            for s in store.story_store.stories()
        }
    finally:
        store.close()
    assert days == {
        frozenset({"000", "003"}): ("2021-06-12", "stated"),
        frozenset({"002", "004"}): ("2021-07-03", "stated"),
        frozenset({"001"}): ("2023-12-13", "stated"),
    }


def test_cli_lists_the_seed_stories(seed_stories: StoryStore, cli: CliRun) -> None:
    db = str(seed_stories.database.engine.url.database)
    result = cli("stories", "--db", db)
    assert result.exit_code == 0
    assert "undated" in result.stdout


def test_a_storyline_lists_its_stories_in_date_order(seed_stories: StoryStore, cli: CliRun) -> None:
    """June (2021, the year its articles were written in), July (2021-07-03), then the
    undated December exchange: the order things happened, not the size of each story."""
    db = str(seed_stories.database.engine.url.database)
    (line,) = seed_stories.storylines()
    result = cli("stories", "--db", db, "--storyline", line.id, "--json")
    assert result.exit_code == 0, result.output
    listed = [s["articles"][0][:3] for s in json.loads(result.stdout)]
    assert [
        {"000": "june", "003": "june", "002": "july", "004": "july"}.get(a, a) for a in listed
    ] == [
        "june",
        "july",
        "001",
    ]
    assert list(line.stories) == [json.loads(result.stdout)[i]["id"] for i in range(3)]
