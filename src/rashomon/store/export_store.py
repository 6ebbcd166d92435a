"""Stored parts of the JSON export: each article's export object, made once.

The export of a corpus is mostly its articles (text, mentions, quotes), and an
article's part only changes when the article is annotated again or becomes a copy of
another. Parts are kept here with the key they were made under (see
``rashomon.report.export``), so ``analyze`` adding articles to a corpus makes the new
articles' parts and reads the others.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from rashomon.store.database import LOOKUP_CHUNK, Database
from rashomon.store.schema import export_articles

# Fast compression: the JSON of 1,000 news articles (71 MB) takes a fifth of the room.
_LEVEL = 1


@dataclass(frozen=True, slots=True)
class ExportPart:
    """One article's part: its export object as JSON text and the report's digest of it."""

    article_id: str
    key: str
    body: str
    digest: Any


class ExportStore:
    """The stored export parts of a rashomon database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def keys(self) -> dict[str, str]:
        """The key each stored part was made under, by article."""
        with self.database.reading() as connection:
            rows = connection.execute(
                sa.select(export_articles.c.article_id, export_articles.c.key)
            )
            return {r.article_id: r.key for r in rows}

    def parts(self, ids: Sequence[str]) -> Iterator[ExportPart]:
        """The stored parts of ``ids`` (in no set order), read a chunk at a time."""
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = list(ids[start : start + LOOKUP_CHUNK])
            with self.database.reading() as connection:
                rows = connection.execute(
                    sa.select(export_articles).where(export_articles.c.article_id.in_(chunk))
                ).all()
            for r in rows:
                body = zlib.decompress(bytes(r.body)).decode("utf-8")
                yield ExportPart(r.article_id, r.key, body, r.digest)

    def write(self, parts: Sequence[ExportPart]) -> None:
        """Store ``parts``, replacing the older parts of the same articles, in one
        transaction."""
        if not parts:
            return
        with self.database.writing() as connection:
            ids = [p.article_id for p in parts]
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = ids[start : start + LOOKUP_CHUNK]
                connection.execute(
                    export_articles.delete().where(export_articles.c.article_id.in_(chunk))
                )
            connection.execute(
                export_articles.insert(),
                [
                    {
                        "article_id": p.article_id,
                        "key": p.key,
                        "body": zlib.compress(p.body.encode("utf-8"), _LEVEL),
                        "digest": p.digest,
                    }
                    for p in parts
                ],
            )
