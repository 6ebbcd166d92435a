"""Reading and writing records: the one place that knows the tables.

Writes come in batches, each one transaction: an article and its removed
spans are stored together or not at all, so a killed ingest never leaves half
an article behind, and a rerun skips exactly what was committed. An ingest
batch decides what is new *inside* its write transaction
(:meth:`Store.ingest_transaction`), so two processes ingesting into one
database never store the same content twice and never fail on it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rashomon.model import (
    LINKED_TYPES,
    ActorName,
    Annotation,
    Article,
    DatePrecision,
    DocumentDate,
    InputFormat,
    Mention,
    MentionType,
    Problem,
    Qualifier,
    Quote,
    QuoteKind,
    RemovedSpan,
    Resolution,
    Sentence,
    Severity,
    SourceRef,
)
from rashomon.store.database import LOOKUP_CHUNK, Database, open_database, utc_now, utc_stamp
from rashomon.store.schema import (
    article_annotations,
    articles,
    ingest_runs,
    mentions,
    pending_work,
    problems,
    quotes,
    removed_spans,
    sentences,
)

if TYPE_CHECKING:
    from rashomon.store.compare_store import CompareStore
    from rashomon.store.export_store import ExportStore
    from rashomon.store.story_store import StoryStore

LINK_ACTORS = "link-actors"
"""The corpus-wide step that gives every actor one id across the corpus: pending from
the moment an annotation is written until the linking that follows it is stored."""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article to write, with what ingest worked out about it."""

    article: Article
    signature: bytes


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    started_at: str
    finished_at: str | None
    status: str
    inputs: list[str]
    counts: dict[str, int] | None


class Store:
    """Articles, their annotations and ingest bookkeeping in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    def open(cls, db: str, *, create: bool = True, read_only: bool = False) -> Store:
        return cls(open_database(db, create=create, read_only=read_only))

    def close(self) -> None:
        self.database.dispose()

    @property
    def name(self) -> str:
        """The database as it may be shown (a URL's password masked)."""
        return self.database.name

    @cached_property
    def story_store(self) -> StoryStore:
        """The stories tables of the same database (and the same snapshot)."""
        from rashomon.store.story_store import StoryStore

        return StoryStore(self.database)

    @cached_property
    def compare_store(self) -> CompareStore:
        """The stored-comparison tables of the same database (and the same snapshot)."""
        from rashomon.store.compare_store import CompareStore

        return CompareStore(self.database)

    @cached_property
    def export_store(self) -> ExportStore:
        """The stored parts of the JSON export, in the same database (and snapshot)."""
        from rashomon.store.export_store import ExportStore

        return ExportStore(self.database)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read in the block (stories included) sees one committed state."""
        with self.database.snapshot():
            yield

    # -- ingest runs -------------------------------------------------------

    def start_run(self, inputs: Sequence[str]) -> int:
        """Record a new ingest run; runs left "running" by a process that no longer
        exists on this machine were killed, and are marked interrupted first."""
        host = socket.gethostname()[:255]
        with self.database.writing() as connection:
            stale = connection.execute(
                sa.select(ingest_runs.c.id, ingest_runs.c.pid).where(
                    ingest_runs.c.status == "running", ingest_runs.c.host == host
                )
            ).all()
            dead = [r.id for r in stale if r.pid is None or not _alive(int(r.pid))]
            if dead:
                connection.execute(
                    ingest_runs.update()
                    .where(ingest_runs.c.id.in_(dead))
                    .values(status="interrupted")
                )
            result = connection.execute(
                ingest_runs.insert().values(
                    started_at=utc_now(),
                    status="running",
                    inputs=list(inputs),
                    pid=os.getpid(),
                    host=host,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        with self.database.writing() as connection:
            connection.execute(
                ingest_runs.update()
                .where(ingest_runs.c.id == run_id)
                .values(finished_at=utc_now(), status=status, counts=counts)
            )

    def runs(self) -> list[RunRecord]:
        with self.database.reading() as connection:
            rows = connection.execute(sa.select(ingest_runs).order_by(ingest_runs.c.id)).all()
        return [
            RunRecord(r.id, r.started_at, r.finished_at, r.status, r.inputs, r.counts) for r in rows
        ]

    def run_problems(self, run_id: int) -> list[Problem]:
        with self.database.reading() as connection:
            rows = connection.execute(
                sa.select(problems).where(problems.c.run_id == run_id).order_by(problems.c.id)
            ).all()
        return [Problem(r.path, r.code, r.message, Severity(r.severity), r.locator) for r in rows]

    # -- writes ------------------------------------------------------------

    @contextmanager
    def ingest_transaction(self) -> Iterator[IngestTransaction]:
        """One ingest batch: what is already stored is looked up, and the batch written,
        in one write transaction that holds the database's write lock."""
        with self.database.writing() as connection:
            yield IngestTransaction(connection)

    def write_batch(
        self,
        run_id: int,
        batch: Sequence[StoredArticle],
        found: Sequence[Problem],
        originals: Mapping[str, tuple[str | None, float | None]] | None = None,
    ) -> None:
        """Store articles, their removed spans and problems in one transaction."""
        with self.ingest_transaction() as transaction:
            transaction.write(run_id, batch, found, originals)

    # -- lookups used by ingest ---------------------------------------------

    def duplicate_index_rows(self, head_chars: int) -> Iterator[IndexRow]:
        """What the near-duplicate index is rebuilt from, per stored article, in
        storage order."""
        with self.database.reading() as connection:
            yield from _index_rows(connection, head_chars, after=0)

    # -- reads -------------------------------------------------------------

    def copies_of(self, originals: Sequence[str]) -> list[tuple[str, str, str | None]]:
        """Syndicated copies of ``originals``: (copy id, original id, copy's outlet)."""
        found: list[tuple[str, str, str | None]] = []
        with self.database.reading() as connection:
            for start in range(0, len(originals), LOOKUP_CHUNK):
                chunk = list(originals[start : start + LOOKUP_CHUNK])
                query = sa.select(articles.c.id, articles.c.duplicate_of, articles.c.outlet).where(
                    articles.c.duplicate_of.in_(chunk)
                )
                found.extend((r.id, r.duplicate_of, r.outlet) for r in connection.execute(query))
        return sorted(found)

    def count(self) -> int:
        with self.database.reading() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
            )

    def article_ids(self) -> list[str]:
        """Every article's id, in storage order (nothing else is read)."""
        with self.database.reading() as connection:
            return list(
                connection.execute(sa.select(articles.c.id).order_by(articles.c.pk)).scalars()
            )

    def get(self, article_id: str) -> Article | None:
        found = list(self.iter_articles(ids=[article_id]))
        return found[0] if found else None

    def find(self, prefix: str) -> list[str]:
        """Ids that start with ``prefix`` (so users can type a short id)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (
            sa.select(articles.c.id)
            .where(articles.c.id.like(f"{escaped}%", escape="\\"))
            .order_by(articles.c.id)
            .limit(20)
        )
        with self.database.reading() as connection:
            return list(connection.execute(query).scalars())

    def search(self, words: str, limit: int = 1000) -> list[str]:
        """Ids of articles (at most ``limit``, in storage order) whose title or cleaned
        text contains ``words``, ignoring case (ASCII case in SQLite); ``%`` and ``_``
        are matched as themselves."""
        words = words.strip()
        if not words:
            return []
        query = (
            sa.select(articles.c.id)
            .where(
                sa.or_(
                    articles.c.title.icontains(words, autoescape=True),
                    articles.c.text.icontains(words, autoescape=True),
                )
            )
            .order_by(articles.c.pk)
            .limit(limit)
        )
        with self.database.reading() as connection:
            return list(connection.execute(query).scalars())

    def iter_articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Stored articles in storage order (or just ``ids``), with their removed spans."""
        query = sa.select(articles).order_by(articles.c.pk)
        if ids is not None:
            query = query.where(articles.c.id.in_(list(ids)))
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
            spans = self._spans(connection, [r.id for r in rows] if ids is not None else None)
        for row in rows:
            yield _article_from_row(row, spans.get(row.id, []))

    def _spans(
        self, connection: sa.Connection, ids: list[str] | None
    ) -> dict[str, list[tuple[int, int, str]]]:
        query = sa.select(removed_spans).order_by(
            removed_spans.c.article_id, removed_spans.c.position
        )
        if ids is not None:
            query = query.where(removed_spans.c.article_id.in_(ids))
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for row in connection.execute(query):
            spans.setdefault(row.article_id, []).append((row.span_start, row.span_end, row.rule))
        return spans

    # -- understanding -------------------------------------------------------

    def unannotated(self, model: str) -> list[str]:
        """Ids of English articles not yet annotated by ``model``, in storage order."""
        done = sa.select(article_annotations.c.article_id).where(
            article_annotations.c.model == model
        )
        query = (
            sa.select(articles.c.id)
            .where(articles.c.language == "en", articles.c.id.not_in(done))
            .order_by(articles.c.pk)
        )
        with self.database.reading() as connection:
            return list(connection.execute(query).scalars())

    def write_annotations(
        self,
        batch: Sequence[Annotation],
        *,
        pending: Sequence[str] = (),
        done: Sequence[str] = (),
    ) -> None:
        """Store annotations (replacing older ones of the same articles) in one transaction.

        In the same transaction, the corpus-wide steps ``pending`` are recorded as still
        to do and the steps ``done`` as done (:meth:`pending_steps`).

        The actor and speaker ids written are also kept as the article's own
        (``local_canonical``, ``local_speaker_id``), which corpus-wide linking reads
        (:meth:`actor_names`) and never overwrites (:meth:`relink`): write annotations
        as the understanding gives them, before linking.
        """
        ids = [a.article_id for a in batch]
        now = utc_stamp()  # to the microsecond: stored comparisons are keyed by it
        with self.database.writing() as connection:
            _record_steps(connection, pending=pending, done=done)
            if not batch:
                return
            for table in (quotes, mentions, sentences, article_annotations):
                connection.execute(table.delete().where(table.c.article_id.in_(ids)))
            connection.execute(
                article_annotations.insert(),
                [
                    {
                        "article_id": a.article_id,
                        "model": a.model,
                        "document_date": a.document_date.value,
                        "document_date_source": a.document_date.source,
                        "document_date_precision": _opt(a.document_date.precision),
                        "document_date_reason": a.document_date.reason,
                        "doc": a.doc,
                        "annotated_at": now,
                        "skipped": a.skipped,
                    }
                    for a in batch
                ],
            )
            sentence_rows = [
                {
                    "article_id": a.article_id,
                    "position": i,
                    "span_start": s.start,
                    "span_end": s.end,
                }
                for a in batch
                for i, s in enumerate(a.sentences)
            ]
            if sentence_rows:
                connection.execute(sentences.insert(), sentence_rows)
            mention_rows = [
                _mention_row(a.article_id, i, m) for a in batch for i, m in enumerate(a.mentions)
            ]
            if mention_rows:
                connection.execute(mentions.insert(), mention_rows)
            quote_rows = [
                _quote_row(a.article_id, i, q) for a in batch for i, q in enumerate(a.quotes)
            ]
            if quote_rows:
                connection.execute(quotes.insert(), quote_rows)

    def annotation(self, article_id: str, *, with_doc: bool = False) -> Annotation | None:
        """The stored annotation of one article, or None if it has not been annotated."""
        found = self.annotations([article_id], with_doc=with_doc)
        return found[0] if found else None

    def annotations(
        self,
        ids: Sequence[str] | None = None,
        *,
        with_doc: bool = False,
        with_sentences: bool = True,
        mention_types: Collection[str] | None = None,
    ) -> list[Annotation]:
        """Stored annotations (of ``ids``, or all), in storage order of their articles;
        without their sentences (left empty) when ``with_sentences`` is false, with
        only the mentions of ``mention_types`` when given."""
        columns = [c for c in article_annotations.c if with_doc or c.name != "doc"]
        query = (
            sa.select(*columns)
            .join(articles, articles.c.id == article_annotations.c.article_id)
            .order_by(articles.c.pk)
        )
        if ids is not None:
            query = query.where(article_annotations.c.article_id.in_(list(ids)))
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
            keys = [r.article_id for r in rows]
            found_sentences: dict[str, list[Sentence]] = {}
            found_mentions: dict[str, list[Mention]] = {}
            found_quotes: dict[str, list[Quote]] = {}
            for chunk_start in range(0, len(keys), LOOKUP_CHUNK):
                chunk = keys[chunk_start : chunk_start + LOOKUP_CHUNK]
                if with_sentences:
                    for row in connection.execute(
                        sa.select(sentences)
                        .where(sentences.c.article_id.in_(chunk))
                        .order_by(sentences.c.article_id, sentences.c.position)
                    ):
                        found_sentences.setdefault(row.article_id, []).append(
                            Sentence(row.span_start, row.span_end)
                        )
                wanted: sa.ColumnElement[bool] = mentions.c.article_id.in_(chunk)
                if mention_types is not None:
                    wanted = wanted & mentions.c.type.in_([str(t) for t in mention_types])
                for row in connection.execute(
                    sa.select(mentions)
                    .where(wanted)
                    .order_by(mentions.c.article_id, mentions.c.position)
                ):
                    found_mentions.setdefault(row.article_id, []).append(_mention_from_row(row))
                for row in connection.execute(
                    sa.select(quotes)
                    .where(quotes.c.article_id.in_(chunk))
                    .order_by(quotes.c.article_id, quotes.c.position)
                ):
                    found_quotes.setdefault(row.article_id, []).append(_quote_from_row(row))
        return [
            Annotation(
                article_id=r.article_id,
                document_date=DocumentDate(
                    r.document_date,
                    r.document_date_source,
                    DatePrecision(r.document_date_precision) if r.document_date_precision else None,
                    r.document_date_reason,
                ),
                sentences=tuple(found_sentences.get(r.article_id, [])),
                mentions=tuple(found_mentions.get(r.article_id, [])),
                model=r.model,
                doc=r.doc if with_doc else b"",
                skipped=r.skipped,
                quotes=tuple(found_quotes.get(r.article_id, [])),
            )
            for r in rows
        ]

    def actor_names(self) -> list[ActorName]:
        """Every way the corpus names an actor, as each article gives it alone (before
        corpus-wide linking), with how many mentions read so: what the linking reads."""
        local = mentions.c.local_canonical
        query = (
            sa.select(mentions.c.type, local, mentions.c.text, mentions.c.note, sa.func.count())
            .where(mentions.c.type.in_([str(t) for t in LINKED_TYPES]), local.is_not(None))
            .group_by(mentions.c.type, local, mentions.c.text, mentions.c.note)
        )
        with self.database.reading() as connection:
            return [
                ActorName(MentionType(t), canonical, text, note, count)
                for t, canonical, text, note, count in connection.execute(query)
            ]

    def relink(self, links: Mapping[str, str], *, done: Sequence[str] = ()) -> int:
        """Give every actor mention and speaker the corpus-wide id ``links`` gives its
        own id (its own id where ``links`` has none), in one transaction that also
        records the steps ``done``; the number of articles whose ids changed.

        Only rows whose id changes are written, and the annotations of their articles
        are stamped anew (stored comparisons are keyed by the stamp); the rest of an
        annotation, its parse included, is not read.
        """
        now = utc_stamp()
        with self.database.writing() as connection:
            _record_steps(connection, pending=(), done=done)
            touched: set[str] = set()
            for table, local, linked in (
                (mentions, mentions.c.local_canonical, mentions.c.canonical),
                (quotes, quotes.c.local_speaker_id, quotes.c.speaker_id),
            ):
                rows = connection.execute(
                    sa.select(table.c.article_id, table.c.position, local, linked).where(
                        local.is_not(None)
                    )
                )
                changes = [
                    {"a": a, "p": p, "linked": links.get(own, own)}
                    for a, p, own, current in rows
                    if links.get(own, own) != current
                ]
                if changes:
                    connection.execute(
                        table.update()
                        .where(
                            table.c.article_id == sa.bindparam("a"),
                            table.c.position == sa.bindparam("p"),
                        )
                        .values({linked.name: sa.bindparam("linked")}),
                        changes,
                    )
                    touched.update(c["a"] for c in changes)
            for start in range(0, len(ordered := sorted(touched)), LOOKUP_CHUNK):
                connection.execute(
                    article_annotations.update()
                    .where(
                        article_annotations.c.article_id.in_(ordered[start : start + LOOKUP_CHUNK])
                    )
                    .values(annotated_at=now)
                )
        return len(touched)

    def pending_steps(self) -> set[str]:
        """Corpus-wide steps recorded as still to do (e.g. :data:`LINK_ACTORS`)."""
        with self.database.reading() as connection:
            return set(connection.execute(sa.select(pending_work.c.step)).scalars())


@dataclass(frozen=True, slots=True)
class IndexRow:
    """A stored article as the near-duplicate index needs it."""

    pk: int
    id: str
    signature: bytes
    outlet: str | None
    published: str | None
    head: str
    duplicate_of: str | None


class IngestTransaction:
    """Lookups and the write of one ingest batch, inside one write transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def ids_by_hash(self, hashes: Iterable[str]) -> dict[str, str]:
        """For each content hash already stored, the id of its article."""
        return dict(_lookup(self.connection, articles.c.content_hash, articles.c.id, hashes))

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        return {k for k, _ in _lookup(self.connection, articles.c.id, articles.c.id, ids)}

    def index_rows(self, head_chars: int, *, after: int) -> list[IndexRow]:
        """Articles stored after storage position ``after`` (by other processes too)."""
        return list(_index_rows(self.connection, head_chars, after=after))

    def write(
        self,
        run_id: int,
        batch: Sequence[StoredArticle],
        found: Sequence[Problem],
        originals: Mapping[str, tuple[str | None, float | None]] | None = None,
    ) -> None:
        """Store articles, their removed spans and the run's problems.

        ``originals`` sets ``duplicate_of`` (and the similarity) of articles in this
        batch or stored before; it is applied after the inserts, so a copy may point
        at an original later in the same batch.
        """
        article_rows = [_article_row(item, run_id) for item in batch]
        span_rows = [
            {
                "article_id": item.article.id,
                "position": position,
                "span_start": span.start,
                "span_end": span.end,
                "rule": span.rule,
            }
            for item in batch
            for position, span in enumerate(item.article.removed)
        ]
        problem_rows = [
            {
                "run_id": run_id,
                "path": p.path,
                "locator": p.locator,
                "code": p.code,
                "severity": str(p.severity),
                "message": p.message,
            }
            for p in found
        ]
        updates = [
            {"key": key, "original": original, "score": score}
            for key, (original, score) in (originals or {}).items()
        ]
        connection = self.connection
        if article_rows:
            connection.execute(articles.insert(), article_rows)
        if updates:
            connection.execute(
                articles.update()
                .where(articles.c.id == sa.bindparam("key"))
                .values(
                    duplicate_of=sa.bindparam("original"),
                    duplicate_similarity=sa.bindparam("score"),
                ),
                updates,
            )
        if span_rows:
            connection.execute(removed_spans.insert(), span_rows)
        if problem_rows:
            connection.execute(problems.insert(), problem_rows)


def _lookup(
    connection: Connection, key: sa.Column[Any], value: sa.Column[Any], keys: Iterable[str]
) -> Iterator[tuple[str, str]]:
    wanted = list(dict.fromkeys(keys))
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        for row in connection.execute(sa.select(key, value).where(key.in_(chunk))):
            yield row[0], row[1]


def _index_rows(connection: Connection, head_chars: int, *, after: int) -> Iterator[IndexRow]:
    query = (
        sa.select(
            articles.c.pk,
            articles.c.id,
            articles.c.signature,
            articles.c.outlet,
            articles.c.published,
            sa.func.substr(articles.c.text, 1, head_chars).label("head"),
            articles.c.duplicate_of,
        )
        .where(articles.c.pk > after)
        .order_by(articles.c.pk)
    )
    for row in connection.execute(query):
        yield IndexRow(
            int(row.pk),
            row.id,
            row.signature,
            row.outlet,
            row.published,
            row.head or "",
            row.duplicate_of,
        )


def _record_steps(connection: Connection, *, pending: Sequence[str], done: Sequence[str]) -> None:
    if done:
        connection.execute(pending_work.delete().where(pending_work.c.step.in_(list(done))))
    if pending:
        marked = set(
            connection.execute(
                sa.select(pending_work.c.step).where(pending_work.c.step.in_(list(pending)))
            ).scalars()
        )
        fresh = [{"step": step, "since": utc_now()} for step in pending if step not in marked]
        if fresh:
            connection.execute(pending_work.insert(), fresh)


def _alive(pid: int) -> bool:
    """Does a process with this id exist on this machine?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _mention_row(article_id: str, position: int, m: Mention) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "span_start": m.start,
        "span_end": m.end,
        "text": m.text,
        "type": str(m.type),
        "canonical": m.canonical,
        "value": m.value,
        "upper": m.upper,
        "qualifier": _opt(m.qualifier),
        "unit": m.unit,
        "precision": _opt(m.precision),
        "resolution": _opt(m.resolution),
        "note": m.note,
        "role": m.role,
        "label": m.label,
        "local_canonical": m.canonical if m.type in LINKED_TYPES else None,
    }


def _mention_from_row(row: Any) -> Mention:
    return Mention(
        start=row.span_start,
        end=row.span_end,
        text=row.text,
        type=MentionType(row.type),
        canonical=row.canonical,
        value=row.value,
        upper=row.upper,
        qualifier=Qualifier(row.qualifier) if row.qualifier else None,
        unit=row.unit,
        precision=DatePrecision(row.precision) if row.precision else None,
        resolution=Resolution(row.resolution) if row.resolution else None,
        note=row.note,
        role=row.role,
        label=row.label,
    )


def _quote_row(article_id: str, position: int, q: Quote) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "span_start": q.start,
        "span_end": q.end,
        "kind": str(q.kind),
        "cue": q.cue,
        "cue_start": q.cue_start,
        "cue_end": q.cue_end,
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end,
        "local_speaker_id": q.speaker_id,
    }


def _quote_from_row(row: Any) -> Quote:
    return Quote(
        start=row.span_start,
        end=row.span_end,
        kind=QuoteKind(row.kind),
        cue=row.cue,
        cue_start=row.cue_start,
        cue_end=row.cue_end,
        speaker=row.speaker,
        speaker_id=row.speaker_id,
        speaker_start=row.speaker_start,
        speaker_end=row.speaker_end,
    )


def _article_row(item: StoredArticle, run_id: int) -> dict[str, Any]:
    a = item.article
    return {
        "id": a.id,
        "content_hash": a.content_hash,
        "title": a.title,
        "text": a.text,
        "raw_text": a.raw_text,
        "raw": a.raw,
        "outlet": a.outlet,
        "country": a.country,
        "url": a.url,
        "published": a.published,
        "fetched": a.fetched,
        "author": a.author,
        "language": a.language,
        "language_score": a.language_score,
        "duplicate_of": None,
        "duplicate_similarity": None,
        "source_path": a.source.path,
        "source_format": str(a.source.format),
        "source_locator": a.source.locator,
        "extra": a.extra,
        "warnings": list(a.warnings),
        "signature": item.signature,
        "run_id": run_id,
    }


def _article_from_row(row: Any, spans: list[tuple[int, int, str]]) -> Article:
    raw_text: str = row.raw_text
    return Article(
        id=row.id,
        title=row.title,
        text=row.text,
        raw_text=raw_text,
        content_hash=row.content_hash,
        source=SourceRef(row.source_path, InputFormat(row.source_format), row.source_locator),
        raw=row.raw,
        removed=tuple(RemovedSpan(s, e, rule, raw_text[s:e]) for s, e, rule in spans),
        outlet=row.outlet,
        country=row.country,
        url=row.url,
        published=row.published,
        fetched=row.fetched,
        author=row.author,
        language=row.language,
        language_score=row.language_score,
        duplicate_of=row.duplicate_of,
        extra=row.extra or {},
        warnings=tuple(row.warnings or ()),
    )
