"""Stored comparisons: each story's comparison, corpus-wide results, phrase vectors.

The compare stage computes a story's comparison once and keeps it here with the
key it was computed under (see ``rashomon.compare.stored``); readers (``compare``,
``timeline``, ``export``) take it from here without loading a model. A chunk of
comparisons and the phrase vectors encoded for it are written in one transaction,
so an interrupted run keeps whole chunks and the next run computes the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rashomon.store.database import LOOKUP_CHUNK, Database, utc_now
from rashomon.store.schema import (
    article_annotations,
    articles,
    comparisons,
    corpus_results,
    phrase_vectors,
)


@dataclass(frozen=True, slots=True)
class MemberStamp:
    """What a story's comparison depends on per member article, short of its text: the
    outlet and copy mark (the sources), and the annotation's model key and stamp."""

    outlet: str | None
    duplicate_of: str | None
    model: str | None
    annotated_at: str | None


@dataclass(frozen=True, slots=True)
class StoredResult:
    story_id: str
    key: str
    result: Any


class CompareStore:
    """The stored-comparison tables of a rashomon database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def stamps(self, ids: Sequence[str] | None = None) -> dict[str, MemberStamp]:
        """Every article's stamp, or those of ``ids`` (four short columns; no text)."""
        if ids is not None:
            found: dict[str, MemberStamp] = {}
            for start in range(0, len(ids), LOOKUP_CHUNK):
                found.update(self._stamps(list(ids[start : start + LOOKUP_CHUNK])))
            return found
        return self._stamps(None)

    def _stamps(self, ids: list[str] | None) -> dict[str, MemberStamp]:
        query = sa.select(
            articles.c.id,
            articles.c.outlet,
            articles.c.duplicate_of,
            article_annotations.c.model,
            article_annotations.c.annotated_at,
        ).select_from(
            articles.outerjoin(
                article_annotations, article_annotations.c.article_id == articles.c.id
            )
        )
        if ids is not None:
            query = query.where(articles.c.id.in_(ids))
        with self.database.reading() as connection:
            return {r.id: MemberStamp(*r[1:]) for r in connection.execute(query)}

    def keys(self) -> dict[str, str]:
        """The key each stored comparison was computed under, by story."""
        with self.database.reading() as connection:
            rows = connection.execute(sa.select(comparisons.c.story_id, comparisons.c.key))
            return {r.story_id: r.key for r in rows}

    def results(self, story_ids: Sequence[str]) -> Iterator[StoredResult]:
        """The stored results of ``story_ids``, read a chunk at a time."""
        for start in range(0, len(story_ids), LOOKUP_CHUNK):
            chunk = list(story_ids[start : start + LOOKUP_CHUNK])
            with self.database.reading() as connection:
                rows = connection.execute(
                    sa.select(comparisons).where(comparisons.c.story_id.in_(chunk))
                ).all()
            yield from (StoredResult(r.story_id, r.key, r.result) for r in rows)

    def result_fields(
        self, story_ids: Sequence[str], fields: Sequence[str]
    ) -> Iterator[tuple[str, str, list[Any]]]:
        """Story id, key and the values of the top-level ``fields`` of the stored results
        of ``story_ids``: what the database extracts, not the whole result (reading the
        timeline's material of 1,000 stories takes a quarter of reading them whole)."""
        columns = [comparisons.c.result[name] for name in fields]
        for start in range(0, len(story_ids), LOOKUP_CHUNK):
            chunk = list(story_ids[start : start + LOOKUP_CHUNK])
            with self.database.reading() as connection:
                rows = connection.execute(
                    sa.select(comparisons.c.story_id, comparisons.c.key, *columns).where(
                        comparisons.c.story_id.in_(chunk)
                    )
                ).all()
            yield from ((r[0], r[1], list(r[2:])) for r in rows)

    def write(
        self,
        results: Sequence[StoredResult],
        vectors: Mapping[str, bytes],
        *,
        keep_only: Sequence[str] | None = None,
    ) -> None:
        """Store ``results`` (replacing older ones of the same stories) and new phrase
        vectors, in one transaction; with ``keep_only``, drop every stored comparison
        of a story not in it (stories that no longer exist)."""
        now = utc_now()
        with self.database.writing() as connection:
            ids = [r.story_id for r in results]
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = ids[start : start + LOOKUP_CHUNK]
                connection.execute(comparisons.delete().where(comparisons.c.story_id.in_(chunk)))
            if results:
                connection.execute(
                    comparisons.insert(),
                    [
                        {
                            "story_id": r.story_id,
                            "key": r.key,
                            "result": r.result,
                            "computed_at": now,
                        }
                        for r in results
                    ],
                )
            _insert_vectors(connection, vectors)
            if keep_only is not None:
                wanted = set(keep_only)
                stored = connection.execute(sa.select(comparisons.c.story_id)).scalars().all()
                gone = [s for s in stored if s not in wanted]
                for start in range(0, len(gone), LOOKUP_CHUNK):
                    chunk = gone[start : start + LOOKUP_CHUNK]
                    connection.execute(
                        comparisons.delete().where(comparisons.c.story_id.in_(chunk))
                    )

    def vectors(self, digests: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors among ``digests``."""
        found: dict[str, bytes] = {}
        with self.database.reading() as connection:
            for start in range(0, len(digests), LOOKUP_CHUNK):
                chunk = list(digests[start : start + LOOKUP_CHUNK])
                rows = connection.execute(
                    sa.select(phrase_vectors).where(phrase_vectors.c.digest.in_(chunk))
                )
                found.update((r.digest, bytes(r.vector)) for r in rows)
        return found

    def corpus_result_key(self, name: str) -> str | None:
        """The key a corpus-wide result is stored under (without reading the result)."""
        with self.database.reading() as connection:
            key = connection.execute(
                sa.select(corpus_results.c.key).where(corpus_results.c.name == name)
            ).scalar()
        return str(key) if key is not None else None

    def corpus_result(self, name: str) -> StoredResult | None:
        with self.database.reading() as connection:
            row = connection.execute(
                sa.select(corpus_results).where(corpus_results.c.name == name)
            ).first()
        return StoredResult(name, row.key, row.result) if row is not None else None

    def write_corpus_result(
        self, name: str, key: str, result: Any, vectors: Mapping[str, bytes]
    ) -> None:
        """Store a corpus-wide result and the phrase vectors encoded for it, in one
        transaction."""
        with self.database.writing() as connection:
            _insert_vectors(connection, vectors)
            connection.execute(corpus_results.delete().where(corpus_results.c.name == name))
            connection.execute(
                corpus_results.insert().values(
                    name=name, key=key, result=result, computed_at=utc_now()
                )
            )


def _insert_vectors(connection: Connection, vectors: Mapping[str, bytes]) -> None:
    """Add the vectors (by digest) that are not stored yet."""
    if not vectors:
        return
    known: set[str] = set()
    digests = list(vectors)
    for start in range(0, len(digests), LOOKUP_CHUNK):
        chunk = digests[start : start + LOOKUP_CHUNK]
        known.update(
            connection.execute(
                sa.select(phrase_vectors.c.digest).where(phrase_vectors.c.digest.in_(chunk))
            ).scalars()
        )
    fresh = [{"digest": d, "vector": v} for d, v in vectors.items() if d not in known]
    if fresh:
        connection.execute(phrase_vectors.insert(), fresh)
