"""Stories on the five real sample articles (../shared/corpus/seeds).

Gold, from reading them: 000 and 003 report the June 2021 handover of 15 prisoners
(Georgia's mediation, Agdam mine maps); 002 and 004 the July 2021 one (15 again,
Russia's mediation, Fuzuli and Zangilan maps) — look-alike events with the same
actors and the same count; 001 the December 2023 exchange of 32 Armenians for two
Azerbaijani soldiers. None of them carries a date, so only the content can tell the
three exchanges apart. They continue one another: one storyline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_undated_stories_say_they_have_no_date(seed_stories: StoryStore) -> None:
    for story in seed_stories.stories():
        assert story.date.value is None and story.date.basis == "none"


def test_cli_lists_the_seed_stories(seed_stories: StoryStore, cli: CliRun) -> None:
    db = str(seed_stories.database.engine.url.database)
    result = cli("stories", "--db", db)
    assert result.exit_code == 0
    assert "undated" in result.stdout
