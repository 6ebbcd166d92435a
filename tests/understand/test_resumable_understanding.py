"""Understanding never blocks a database and resumes exactly after a crash.

Defects (issue 13, #2 and #3): one article over 1,000,000 characters crashed spaCy
(E088) in every later `analyze`, so no export was ever written again; a kill right
after the last annotation batch skipped corpus-wide actor linking for good, because
"work still to do" was inferred from counts instead of being recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rashomon.ingest import IngestOptions, ingest
from rashomon.model import (
    Annotation,
    DocumentDate,
    Mention,
    MentionType,
    Quote,
    QuoteKind,
    Sentence,
)
from rashomon.store import Store
from rashomon.store.repository import LINK_ACTORS
from rashomon.understand import pipeline
from rashomon.understand.pipeline import Understander, pieces, understand_store
from tests.conftest import EXAMPLES, store_articles

CliRun = Callable[..., Result]
PARAGRAPH = (
    "The ministry said on Tuesday that {n} detainees had been handed over at the border"
    " near Gazakh (report {n}), and officials in Yerevan confirmed the exchange. Talks"
    " will resume in Tbilisi after {n} days, according to a statement.\n\n"
)


def _paragraphs(count: int, first: int = 1) -> str:
    """Distinct paragraphs (ingest would cut repeated ones as page noise)."""
    return "".join(PARAGRAPH.format(n=n) for n in range(first, first + count))


@pytest.fixture(scope="module")
def understander() -> Understander:
    return Understander.load()


def _annotated_ids(store: Store) -> dict[str, list[tuple[int, int, str | None]]]:
    return {
        a.article_id: [(m.start, m.end, m.canonical) for m in a.mentions]
        for a in store.annotations()
    }


def test_actor_linking_killed_after_the_last_batch_is_done_by_the_next_run(
    tmp_path: Path, understander: Understander, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = Store.open(str(tmp_path / "clean.db"))
    killed = Store.open(str(tmp_path / "killed.db"))
    try:
        for store in (clean, killed):
            ingest([str(EXAMPLES / "txt")], store, IngestOptions(workers=1))
        understand_store(clean, understander)

        def killed_before_linking(*_args: object) -> list[object]:
            raise KeyboardInterrupt

        with monkeypatch.context() as patch:
            patch.setattr(pipeline, "link_store", killed_before_linking)
            with pytest.raises(KeyboardInterrupt):
                understand_store(killed, understander)
        assert killed.pending_steps() == {LINK_ACTORS}  # recorded with the last batch
        rerun = understand_store(killed, understander)
        assert rerun.annotated == 0 and rerun.linked
        assert killed.pending_steps() == set()
        assert _annotated_ids(killed) == _annotated_ids(clean)
        assert understand_store(killed, understander).linked is False  # nothing left to do
    finally:
        clean.close()
        killed.close()


def test_linking_reads_actors_alone_and_writes_what_linking_whole_annotations_gives(
    tmp_path: Path, understander: Understander
) -> None:
    """The corpus-wide linking reads only actors and quotes; the annotations it writes
    back are those linking the whole annotations gives (sentences, other mentions and
    parses kept)."""
    from dataclasses import replace

    store = Store.open(str(tmp_path / "link.db"))
    try:
        ingest([str(EXAMPLES / "txt")], store, IngestOptions(workers=1))
        understand_store(store, understander)
        # outside one article, its people named (and credited with quotes) by their
        # surname alone, as if each article had been understood apart: the linking
        # joins them to the full name again. The article: the one whose people are
        # quoted most elsewhere.
        annotations = store.annotations(with_doc=True)

        def people(annotation: Annotation) -> set[str]:
            return {
                m.canonical
                for m in annotation.mentions
                if m.type is MentionType.PERSON and m.canonical and "-" in m.canonical
            }

        def quoted_elsewhere(annotation: Annotation) -> int:
            return sum(
                q.speaker_id in people(annotation)
                for other in annotations
                if other is not annotation
                for q in other.quotes
            )

        first = max(annotations, key=quoted_elsewhere)
        rest = [a for a in annotations if a is not first]
        full = people(first)

        def short(actor: str | None) -> str | None:
            return "person:" + actor.rsplit("-", 1)[-1] if actor in full and actor else actor

        scrambled = [first]
        for annotation in rest:
            mentions = tuple(
                replace(m, canonical=short(m.canonical)) if m.type is MentionType.PERSON else m
                for m in annotation.mentions
            )
            quotes = tuple(replace(q, speaker_id=short(q.speaker_id)) for q in annotation.quotes)
            scrambled.append(replace(annotation, mentions=mentions, quotes=quotes))
        store.write_annotations(scrambled, pending=[LINK_ACTORS])
        expected = pipeline.link_corpus(store.annotations())  # the whole annotations
        before = store.annotations()
        assert [a.mentions for a in expected] != [a.mentions for a in before]
        assert [a.quotes for a in expected] != [a.quotes for a in before]
        assert understand_store(store, understander).linked
        assert store.annotations() == expected
        linked_docs = {a.article_id: a.doc for a in store.annotations(with_doc=True)}
        assert linked_docs == {a.article_id: a.doc for a in scrambled}
    finally:
        store.close()


def test_pieces_cut_at_paragraphs_and_join_back_exactly() -> None:
    text = "Headline\n\n" + _paragraphs(40)
    found = pieces(text, 1000)
    assert "".join(found) == text
    assert all(len(p) <= 1000 for p in found)
    assert all(p.endswith("\n") for p in found[:-1])
    unbroken = "x" * 2500
    assert pieces(unbroken, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_a_long_article_is_parsed_in_pieces_with_exact_offsets(
    tmp_path: Path, understander: Understander, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 2000)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text("Border exchange\n\n" + _paragraphs(40), "utf-8")
    store = Store.open(str(tmp_path / "long.db"))
    try:
        ingest([str(tmp_path / "in")], store, IngestOptions(workers=1))
        (article,) = store.iter_articles()
        assert len(article.text) > 3 * 2000
        report = understand_store(store, understander)
        (annotation,) = store.annotations()
    finally:
        store.close()
    assert report.annotated == 1 and not report.skipped
    assert len(annotation.sentences) >= 80
    places = [m for m in annotation.mentions if m.text == "Yerevan"]
    assert len(places) == 40
    for mention in annotation.mentions:
        assert article.text[mention.start : mention.end] == mention.text


@pytest.mark.slow
def test_an_article_too_long_to_analyse_never_blocks_later_runs(
    cli: CliRun, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "normal.txt").write_text("Detainees exchanged\n\n" + _paragraphs(3), "utf-8")
    huge = "A transcript\n\n" + _paragraphs(5500)  # about 1.3 million characters
    assert len(huge) > 1_000_000
    (corpus / "huge.txt").write_text(huge, "utf-8")
    db, export = tmp_path / "huge.db", tmp_path / "export.json"
    first = cli("analyze", corpus, "--db", db, "--export", export, "-q")
    assert first.exit_code == 0, first.stderr
    assert "huge: stored but not analysed: too long to analyse" in first.stderr
    later = tmp_path / "later"
    later.mkdir()
    (later / "next.txt").write_text("Talks resume\n\n" + _paragraphs(2, first=900_000), "utf-8")
    second = cli("analyze", later, "--db", db, "--export", export, "-q")
    assert second.exit_code == 0, second.stderr
    assert "not analysed" not in second.stderr  # recorded once, not retried
    articles = {a["id"]: a for a in json.loads(export.read_text("utf-8"))["articles"]}
    assert set(articles) == {"normal", "huge", "next"}
    assert articles["huge"]["not_analysed"].startswith("too long to analyse")
    assert articles["huge"]["mentions"] == []
    assert articles["normal"]["mentions"] and articles["normal"]["not_analysed"] is None


def _person(text: str, canonical: str) -> Mention:
    return Mention(0, len(text), text, MentionType.PERSON, canonical)


def _said_by(mention: Mention) -> Annotation:
    """An article that names one person and quotes them, as the understanding gives it
    alone (its own ids, before corpus-wide linking)."""
    quote = Quote(20, 30, QuoteKind.DIRECT, speaker=mention.text, speaker_id=mention.canonical)
    return Annotation(
        article_id=mention.canonical.removeprefix("person:") if mention.canonical else "",
        document_date=DocumentDate(None, "none"),
        sentences=(Sentence(0, 40),),
        mentions=(mention,),
        model="test",
        quotes=(quote,),
    )


def _linked_ids(store: Store) -> dict[str, tuple[list[str | None], list[str | None]]]:
    return {
        a.article_id: ([m.canonical for m in a.mentions], [q.speaker_id for q in a.quotes])
        for a in store.annotations()
    }


def test_linking_in_two_runs_gives_what_linking_at_once_gives(tmp_path: Path) -> None:
    """The stored linking reads the ids each article gave alone, never the ids an
    earlier linking wrote: "Trump" joins Donald Trump while he is the one Trump of the
    corpus, and is left apart again once Ivanka Trump arrives — as linking the three
    articles at once leaves it."""
    earlier = [
        _said_by(_person("Trump", "person:trump")),
        _said_by(_person("Donald Trump", "person:donald-trump")),
    ]
    later = _said_by(_person("Ivanka Trump", "person:ivanka-trump"))
    ids = [a.article_id for a in [*earlier, later]]
    at_once, in_two = Store.open(str(tmp_path / "once.db")), Store.open(str(tmp_path / "two.db"))
    try:
        for store in (at_once, in_two):
            store_articles(store, *ids)
        at_once.write_annotations([*earlier, later], pending=[LINK_ACTORS])
        pipeline.link_store(at_once)
        in_two.write_annotations(earlier, pending=[LINK_ACTORS])
        assert pipeline.link_store(in_two) == 1  # "Trump" now reads Donald Trump
        assert _linked_ids(in_two)["trump"] == (["person:donald-trump"],) * 2
        in_two.write_annotations([later], pending=[LINK_ACTORS])
        assert pipeline.link_store(in_two) == 1  # and apart again
        assert _linked_ids(in_two) == _linked_ids(at_once)
        assert _linked_ids(at_once)["trump"] == (["person:trump"],) * 2
        assert in_two.pending_steps() == set()
    finally:
        at_once.close()
        in_two.close()


def test_relinking_stamps_the_annotations_it_changes_and_no_other(tmp_path: Path) -> None:
    """Stored comparisons are keyed by an annotation's stamp: an article whose actor
    ids the linking changes is stamped anew, the others keep theirs."""
    articles = [
        _said_by(_person("Reeker", "person:reeker")),
        _said_by(_person("Philip Reeker", "person:philip-reeker")),
    ]
    store = Store.open(str(tmp_path / "stamps.db"))
    try:
        store_articles(store, *(a.article_id for a in articles))
        store.write_annotations(articles, pending=[LINK_ACTORS])
        before = store.compare_store.stamps()
        assert pipeline.link_store(store) == 1
        after = store.compare_store.stamps()
        assert after["philip-reeker"] == before["philip-reeker"]
        assert after["reeker"] != before["reeker"]
        assert pipeline.link_store(store) == 0  # linking again changes nothing
        assert store.compare_store.stamps() == after
    finally:
        store.close()
