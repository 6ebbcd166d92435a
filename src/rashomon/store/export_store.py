"""Stored parts of the JSON export: each article's and each story's export object,
made once.

The export of a corpus is mostly its articles (text, mentions, quotes) and its
stories (members, decisions, facts). An article's part only changes when the article
is annotated again or becomes a copy of another; a story's when its record or its
comparison does. Parts are kept here with the key they were made under (see
``rashomon.report.export``), so ``analyze`` adding articles to a corpus makes the
parts of what they touched and reads the others.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from rashomon.store.database import LOOKUP_CHUNK, Database
from rashomon.store.schema import export_articles, export_stories

# Fast compression: the JSON of 1,000 news articles (71 MB) takes a fifth of the room.
_LEVEL = 1


@dataclass(frozen=True, slots=True)
class ExportPart:
    """One article's or story's part: its export object as JSON text and the report's
    digest of it."""

    id: str
    key: str
    body: str
    digest: Any


class _Parts:
    """One table of parts, keyed by an article or a story id."""

    def __init__(self, database: Database, table: sa.Table, column: str) -> None:
        self.database = database
        self.table = table
        self.id = table.c[column]
        self.column = column

    def keys(self) -> dict[str, str]:
        with self.database.reading() as connection:
            rows = connection.execute(sa.select(self.id, self.table.c.key))
            return {r[0]: r[1] for r in rows}

    def parts(self, ids: Sequence[str]) -> Iterator[ExportPart]:
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = list(ids[start : start + LOOKUP_CHUNK])
            with self.database.reading() as connection:
                rows = connection.execute(
                    sa.select(
                        self.id, self.table.c.key, self.table.c.body, self.table.c.digest
                    ).where(self.id.in_(chunk))
                ).all()
            for owner, key, body, digest in rows:
                yield ExportPart(owner, key, zlib.decompress(bytes(body)).decode("utf-8"), digest)

    def digests(self, ids: Sequence[str]) -> dict[str, Any]:
        """The stored digests of ``ids`` (those with a part), without their bodies."""
        found: dict[str, Any] = {}
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = list(ids[start : start + LOOKUP_CHUNK])
            with self.database.reading() as connection:
                rows = connection.execute(
                    sa.select(self.id, self.table.c.digest).where(self.id.in_(chunk))
                )
                found.update((owner, digest) for owner, digest in rows)
        return found

    def write(self, parts: Sequence[ExportPart], keep_only: Sequence[str] | None = None) -> None:
        if not parts and keep_only is None:
            return
        with self.database.writing() as connection:
            ids = [p.id for p in parts]
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = ids[start : start + LOOKUP_CHUNK]
                connection.execute(self.table.delete().where(self.id.in_(chunk)))
            if parts:
                connection.execute(
                    self.table.insert(),
                    [
                        {
                            self.column: p.id,
                            "key": p.key,
                            "body": zlib.compress(p.body.encode("utf-8"), _LEVEL),
                            "digest": p.digest,
                        }
                        for p in parts
                    ],
                )
            if keep_only is not None:
                wanted = set(keep_only)
                stored = connection.execute(sa.select(self.id)).scalars().all()
                gone = [i for i in stored if i not in wanted]
                for start in range(0, len(gone), LOOKUP_CHUNK):
                    chunk = gone[start : start + LOOKUP_CHUNK]
                    connection.execute(self.table.delete().where(self.id.in_(chunk)))


class ExportStore:
    """The stored export parts of a rashomon database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._articles = _Parts(database, export_articles, "article_id")
        self._stories = _Parts(database, export_stories, "story_id")

    def keys(self) -> dict[str, str]:
        """The key each stored article part was made under, by article."""
        return self._articles.keys()

    def parts(self, ids: Sequence[str]) -> Iterator[ExportPart]:
        """The stored parts of articles ``ids`` (in no set order), a chunk at a time."""
        return self._articles.parts(ids)

    def digests(self, ids: Sequence[str]) -> dict[str, Any]:
        """The report's digests of the stored parts of articles ``ids``, by article,
        without the parts themselves."""
        return self._articles.digests(ids)

    def write(self, parts: Sequence[ExportPart]) -> None:
        """Store article ``parts``, replacing the older parts of the same articles, in
        one transaction (a deleted article's part goes with it)."""
        self._articles.write(parts)

    def story_keys(self) -> dict[str, str]:
        """The key each stored story part was made under, by story."""
        return self._stories.keys()

    def story_parts(self, ids: Sequence[str]) -> Iterator[ExportPart]:
        """The stored parts of stories ``ids`` (in no set order), a chunk at a time."""
        return self._stories.parts(ids)

    def story_digests(self, ids: Sequence[str]) -> dict[str, Any]:
        """The report's digests of the stored parts of stories ``ids``, by story."""
        return self._stories.digests(ids)

    def write_stories(self, parts: Sequence[ExportPart], *, keep_only: Sequence[str]) -> None:
        """Store story ``parts`` and drop the part of every story not in ``keep_only``
        (stories that no longer exist), in one transaction."""
        self._stories.write(parts, keep_only)
