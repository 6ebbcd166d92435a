"""Stored comparisons and export parts: computed once by `analyze`, read (not
recomputed) afterwards, recomputed exactly where what they depend on changed, and
equal to a fresh computation; the read commands load no model."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.compare import pipeline
from rashomon.compare import timeline as timeline_module
from rashomon.compare.pipeline import Comparer, compare, compare_corpus, load_material
from rashomon.compare.timeline import timeline
from rashomon.errors import RashomonError
from rashomon.model import Claim, Story
from rashomon.report.comparison import comparison_report, comparison_report_of, told_by_several
from rashomon.report.corpus import corpus_overview, overview_of
from rashomon.report.export import (
    build_export,
    refresh_parts,
    refresh_story_parts,
    run_view,
    stored_export,
)
from rashomon.store import Store
from rashomon.store.compare_store import CompareStore

REPO = Path(__file__).resolve().parents[2]


def _analysed(corpus: Path, folder: Path) -> Path:
    from typer.testing import CliRunner

    from rashomon.cli.app import app

    db = folder / "c.db"
    result = CliRunner().invoke(
        app, ["analyze", str(corpus), "--db", str(db), "--export", str(folder / "e.json"), "-q"]
    )
    assert result.exit_code in (0, 1), result.output  # 1: the demo's planted bad inputs
    return db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _analysed(REPO / "examples" / "corpus", tmp_path_factory.mktemp("stored-demo"))


@pytest.fixture(scope="module")
def seeds_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _analysed(seeds_dir, tmp_path_factory.mktemp("stored-seeds"))


class _Counting:
    """Counts the stories whose material is read (that is, compared afresh)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.stories: list[str] = []
        original = pipeline.load_records

        def counted(store: Store, stories: list[Story]) -> object:
            self.stories.extend(story.id for story in stories)
            return original(store, stories)

        monkeypatch.setattr(pipeline, "load_records", counted)


@pytest.mark.parametrize("corpus", ["demo_db", "seeds_db"])
def test_stored_comparisons_equal_fresh_ones_and_are_not_recomputed(
    corpus: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    db: Path = request.getfixturevalue(corpus)
    store = Store.open(str(db))
    try:
        counting = _Counting(monkeypatch)
        stored = compare_corpus(store, Comparer.load())
        assert counting.stories == []  # analyze stored them all: nothing is recomputed
        stories = store.story_store.stories()
        assert stored.computed == {}  # and none is read until asked for
        comparisons = stored.everything(store)
        assert set(comparisons) == {s.id for s in stories}
        fresh_comparer = Comparer.load()
        for story in stories:
            material = load_material(store, story, fresh_comparer)
            assert comparisons[story.id] == compare(material, fresh_comparer), story.id
        assert any(c.facts for c in comparisons.values())
        materials = [load_material(store, s, fresh_comparer) for s in stories]
        claims = [
            c for m in materials for c in pipeline.timeline_dates(m, pipeline.story_claims(m))
        ]
        days = {
            a.article_id: a.document_date.value
            for a in store.annotations()
            if a.document_date.value
        }
        again = timeline(stories, claims, fresh_comparer.similarity(), days)
        assert stored.timeline == tuple(again)
    finally:
        store.close()


def test_a_changed_annotation_recomputes_only_its_story(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    store = Store.open(str(db))
    try:
        stories = store.story_store.stories()
        story = stories[0]
        member = story.articles[0]
        (annotation,) = store.annotations([member], with_doc=True)
        store.write_annotations([annotation])  # the same annotation, stamped anew
        counting = _Counting(monkeypatch)
        before = store.compare_store.keys()
        compare_corpus(store, Comparer.load())
        assert counting.stories == [story.id]
        after = store.compare_store.keys()
        assert after[story.id] != before[story.id]
        assert {k: v for k, v in after.items() if k != story.id} == {
            k: v for k, v in before.items() if k != story.id
        }
        counting.stories.clear()
        compare_corpus(store, Comparer.load())
        assert counting.stories == []
    finally:
        store.close()


@pytest.mark.parametrize("corpus", ["demo_db", "seeds_db"])
def test_worker_processes_compare_as_this_process_does(
    corpus: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stories told by one source compared in two worker processes (forced on these
    small corpora) give the same comparisons and timeline as one process, and every
    story is compared exactly once."""
    source: Path = request.getfixturevalue(corpus)
    results = []
    for workers in (1, 2):
        db = tmp_path / f"copy-{workers}.db"
        db.write_bytes(source.read_bytes())
        store = Store.open(str(db))
        try:
            store.compare_store.write([], {}, keep_only=[])  # nothing stored: all afresh
            monkeypatch.setattr(pipeline, "_CHUNK_STORIES", 2)  # several tasks in flight
            counting = _Counting(monkeypatch)
            results.append(compare_corpus(store, Comparer.load(), workers=workers))
            stories = [s.id for s in store.story_store.stories()]
            assert sorted(counting.stories) == sorted(stories)
            assert sorted(store.compare_store.keys()) == sorted(stories)
            if workers == 2:
                alone = [
                    r
                    for r in pipeline.load_records(store, store.story_store.stories())
                    if not r.independent
                ]
                assert alone, "the workers had stories to compare"
        finally:
            store.close()
    serial, parallel = results
    assert set(serial.computed) == set(serial.keys)  # all computed afresh
    assert parallel.computed == serial.computed
    assert parallel.timeline == serial.timeline
    assert any(c.facts for c in parallel.computed.values())


def test_the_timeline_realigns_only_the_blocks_whose_claims_changed(
    seeds_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story recomputed with the same dated claims (its member re-stamped) leaves
    every block of the timeline as stored; a changed claim realigns its block only;
    the timeline is the same as computed afresh."""
    db = tmp_path / "copy.db"
    db.write_bytes(seeds_db.read_bytes())
    aligned: list[int] = []
    original = timeline_module.align

    def counted(claims: list[Claim], *args: object, **kwargs: object) -> object:
        aligned.append(len(claims))
        return original(claims, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_module, "align", counted)
    store = Store.open(str(db))
    try:
        before = compare_corpus(store, Comparer.load()).timeline
        assert aligned == [] and before  # analyze stored it
        story = store.story_store.stories()[0]
        (annotation,) = store.annotations([story.articles[0]], with_doc=True)
        store.write_annotations([annotation])  # the same annotation, stamped anew
        assert compare_corpus(store, Comparer.load()).timeline == before
        assert aligned == []  # the same claims: every block read back
        dated = [e for e in before if e.story is None]
        assert len(dated) >= 2
        store.compare_store.write([], {}, keep_only=[])  # every story afresh ...
        stored = store.compare_store.corpus_result("timeline")
        assert stored is not None
        layout = stored.result["layout"]
        assert len(layout) >= 2
        kept = {"base": stored.result["base"], "layout": layout[1:]}  # ... one block lost
        store.compare_store.write_corpus_result("timeline", "stale", kept, {})
        assert compare_corpus(store, Comparer.load()).timeline == before
        assert len(aligned) == 1  # only the block not stored was aligned
    finally:
        store.close()


def test_a_current_timeline_is_read_without_any_storys_comparison(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(str(demo_db), read_only=True)
    try:
        expected = compare_corpus(store, Comparer.load(), save=False).timeline

        def refused(*_: object, **__: object) -> object:
            raise AssertionError("a story's comparison was read")

        monkeypatch.setattr(CompareStore, "results", refused)
        assert pipeline.corpus_timeline(store, Comparer.load()) == expected
        assert expected
    finally:
        store.close()


def test_a_current_store_is_compared_without_loading_the_model(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing stale: nothing is encoded, so the model is not loaded (an `analyze` that
    added nothing, a `timeline` or `export` of a current store), with workers too."""
    from rashomon.stories.embed import Embedder

    def refused(*_: object, **__: object) -> object:
        raise AssertionError("the embedding model was loaded")

    monkeypatch.setattr(Embedder, "load", refused)
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    store = Store.open(str(db))
    try:
        result = compare_corpus(store, Comparer.load(), workers=2)
        assert not result.computed
        assert result.timeline
    finally:
        store.close()


def test_a_read_only_store_is_compared_without_writing(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    writable = Store.open(str(db))
    try:
        story = writable.story_store.stories()[0]
        (annotation,) = writable.annotations([story.articles[0]], with_doc=True)
        writable.write_annotations([annotation])
        stale = writable.compare_store.keys()
    finally:
        writable.close()
    store = Store.open(str(db), read_only=True)
    try:
        result = compare_corpus(store, Comparer.load(), save=False)
        assert result.computed[story.id].story == story.id
        assert store.compare_store.keys() == stale
    finally:
        store.close()


def test_the_read_commands_load_neither_spacy_nor_torch(demo_db: Path, tmp_path: Path) -> None:
    """`compare ID`, `timeline` and `export` read stored results: no model is imported."""
    store = Store.open(str(demo_db), read_only=True)
    try:
        story = store.story_store.stories()[0].id
    finally:
        store.close()
    probe = (
        "import sys\n"
        "from rashomon.cli.app import main\n"
        "sys.argv = ['rashomon', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "models = ('spacy', 'torch', 'sentence_transformers')\n"
        "loaded = sorted(m for m in models if m in sys.modules)\n"
        "print('LOADED', ','.join(loaded), file=sys.stderr)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    for command in (
        ["compare", story, "--json"],
        ["timeline", "--json"],
        ["export", "--json", str(tmp_path / "e.json")],
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, *command, "--db", str(demo_db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "LOADED \n" in done.stderr, (command, done.stderr[-500:])
    exported = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert any(s.get("facts") for s in exported["stories"])
    assert exported["timeline"]


def _timeless(text: str) -> str:
    return re.sub(r'"generated_at": "[^"]*"', '"generated_at": ""', text, count=1)


@pytest.mark.parametrize("corpus", ["demo_db", "seeds_db"])
def test_the_export_assembled_from_stored_parts_is_the_whole_document(
    corpus: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """`analyze` stored every article's part; the export assembled from them is the
    text of the whole document serialised at once, and the report read from the
    parts' digests is the report of the document."""
    db: Path = request.getfixturevalue(corpus)
    store = Store.open(str(db), read_only=True)
    try:
        compared = compare_corpus(store, Comparer.load(), save=False)
        document = build_export(store, compared=compared)
        exported = stored_export(store, compared)
    finally:
        store.close()
    assert exported.made == exported.stories_made == 0  # all read, none made
    assert len(exported.parts) == len(document.articles) > 0
    assert len(exported.story_parts) == len(document.stories) > 0
    assert _timeless(exported.text()) == _timeless(document.model_dump_json(indent=2))
    whole = exported.document
    assert overview_of(
        exported.digests, exported.story_digests, whole.storylines
    ) == corpus_overview(document)
    shown = told_by_several(exported.digests, exported.story_digests)
    assert shown, "some story is told by several sources"
    assert exported.stories(shown) == [s for s in document.stories if s.id in shown]
    assert comparison_report_of(
        exported.digests, exported.stories(shown), whole.timeline
    ) == comparison_report(document)
    # a run that made every part (a new store) reports the whole corpus the same way
    store = Store.open(str(db), read_only=True)
    try:
        view = run_view(
            store,
            compared,
            {p.id: p for p in exported.parts},
            {p.id: p for p in exported.story_parts},
        )
    finally:
        store.close()
    assert view.scope is None and view.context == {}
    assert overview_of(
        view.articles, view.story_digests, view.storylines, view.scope
    ) == corpus_overview(document)
    assert comparison_report_of(view.articles, view.stories, view.timeline) == comparison_report(
        document
    )


def test_a_changed_annotation_remakes_only_its_articles_and_its_storys_parts(
    demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    store = Store.open(str(db))
    try:
        before = store.export_store.keys()
        stories_before = store.export_store.story_keys()
        story = store.story_store.stories()[0]
        member = story.articles[0]
        (annotation,) = store.annotations([member], with_doc=True)
        store.write_annotations([annotation])  # the same annotation, stamped anew
        assert set(refresh_parts(store)) == {member}
        after = store.export_store.keys()
        assert after[member] != before[member]
        assert {k: v for k, v in after.items() if k != member} == {
            k: v for k, v in before.items() if k != member
        }
        assert refresh_parts(store) == {}
        compared = compare_corpus(store, Comparer.load())
        assert set(compared.computed) == {story.id}
        assert set(refresh_story_parts(store, compared)) == {story.id}
        stories_after = store.export_store.story_keys()
        assert stories_after.keys() == stories_before.keys()
        assert [i for i in stories_after if stories_after[i] != stories_before[i]] == [story.id]
        assert refresh_story_parts(store, compared) == {}
        _assert_read_whole_from_parts(store, compared)
    finally:
        store.close()


def _assert_read_whole_from_parts(store: Store, compared: pipeline.CorpusComparison) -> None:
    """Every part is read, none made, and they join into the whole document's text."""
    exported = stored_export(store, compared)
    assert exported.made == exported.stories_made == 0
    expected = build_export(store, compared=compared).model_dump_json(indent=2)
    assert _timeless(exported.text()) == _timeless(expected)


def test_a_story_whose_storyline_changed_has_its_part_remade_and_no_other(
    demo_db: Path, tmp_path: Path
) -> None:
    """A story's part is keyed by its whole stored record, read as stored: a storyline
    dropped changes the records (and parts) of its stories only, and no comparison."""
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    store = Store.open(str(db))
    try:
        lines = store.story_store.storylines()
        assert lines, "the demo has a storyline"
        before = store.story_store.digests()
        assert list(before) == [s.id for s in store.story_store.stories()]  # same order
        store.story_store.write_storylines(lines[1:])
        after = store.story_store.digests()
        assert {i for i in after if after[i] != before[i]} == set(lines[0].stories)
        compared = compare_corpus(store, Comparer.load())
        assert compared.computed == {}
        assert set(refresh_story_parts(store, compared)) == set(lines[0].stories)
        _assert_read_whole_from_parts(store, compared)
    finally:
        store.close()


def test_a_comparison_stored_under_another_key_is_an_error_not_a_story_without_facts(
    demo_db: Path,
) -> None:
    """A story's comparison read for its export part must be the one the compare run
    found current: one stored meanwhile under another key is refused by name."""
    store = Store.open(str(demo_db), read_only=True)
    try:
        compared = compare_corpus(store, Comparer.load(), save=False)
        story = next(iter(compared.keys))
        assert compared.read(store, [story])[story].story == story
        moved = pipeline.CorpusComparison(
            {**compared.keys, story: "another-key"}, {}, compared.timeline
        )
        with pytest.raises(RashomonError, match=r"comparison of story st-[0-9a-f]+ changed"):
            moved.read(store, [story])
    finally:
        store.close()


def test_a_read_only_export_makes_missing_parts_without_storing_them(
    seeds_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(seeds_db.read_bytes())
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM export_articles")
        connection.execute("DELETE FROM export_stories")
    store = Store.open(str(db), read_only=True)
    try:
        compared = compare_corpus(store, Comparer.load(), save=False)
        exported = stored_export(store, compared)
        assert exported.made == len(exported.parts) == store.count()
        assert exported.stories_made == len(exported.story_parts) > 0
        assert store.export_store.keys() == store.export_store.story_keys() == {}
        expected = build_export(store, compared=compared).model_dump_json(indent=2)
        assert _timeless(exported.text()) == _timeless(expected)
    finally:
        store.close()
