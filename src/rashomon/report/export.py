"""Writing the JSON export of a database.

The export is mostly its articles, and an article's part of it changes only when the
article is annotated again or becomes a copy of another: each article's part (its
export object as JSON, and the report's :class:`~rashomon.report.digest.ArticleDigest`)
is made once and stored (:func:`refresh_parts`, by ``analyze``), keyed by the export
code and the article's stamp. The export is then assembled from the parts
(:func:`stored_export`), the same text as the whole document serialised at once (a
test checks it): adding articles to a corpus makes only theirs. Stories, storylines
and the timeline are made each time from the stored comparisons.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon import __version__
from rashomon.report.digest import ArticleDigest
from rashomon.report.export_model import (
    ExportArticle,
    ExportDocument,
    ExportStory,
    ExportStoryline,
    ExportTimelineEntry,
)
from rashomon.report.output import write_text_safely
from rashomon.store.compare_store import MemberStamp
from rashomon.store.export_store import ExportPart
from rashomon.store.records import digest_of
from rashomon.store.repository import Store

if TYPE_CHECKING:
    from rashomon.compare.pipeline import CorpusComparison


def build_export(
    store: Store, *, include_raw: bool = False, compared: CorpusComparison | None = None
) -> ExportDocument:
    """Every stored article with its annotations, validated against the export model;
    with ``compared``, each story's facts, discrepancies and omissions and the timeline.

    Everything is read in one snapshot of the database (one read transaction), so an
    ``analyze`` committing in another process meanwhile cannot mix two states; compute
    ``compared`` inside the same :meth:`Store.snapshot` for it to match too."""
    with store.snapshot():
        return _build(store, include_raw=include_raw, compared=compared)


def _build(store: Store, *, include_raw: bool, compared: CorpusComparison | None) -> ExportDocument:
    annotations = {a.article_id: a for a in store.annotations()}
    return _document(
        store,
        [
            ExportArticle.from_article(a, include_raw=include_raw, annotation=annotations.get(a.id))
            for a in store.iter_articles()
        ],
        compared,
    )


def _document(
    store: Store, articles: list[ExportArticle], compared: CorpusComparison | None
) -> ExportDocument:
    comparisons = compared.comparisons if compared is not None else {}
    stories = store.story_store
    return ExportDocument(
        rashomon_version=__version__,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        articles=articles,
        stories=[ExportStory.from_story(s, comparisons.get(s.id)) for s in stories.stories()],
        storylines=[ExportStoryline.from_storyline(line) for line in stories.storylines()],
        timeline=[ExportTimelineEntry.from_entry(e) for e in compared.timeline]
        if compared is not None
        else [],
    )


# Parts made, then stored, per transaction: an interrupted run keeps whole chunks.
_CHUNK_ARTICLES = 256


@dataclass
class StoredExport:
    """The export assembled from article parts: ``document`` holds everything but the
    articles (stories, storylines, timeline), ``parts`` the articles' parts in storage
    order. ``made`` counts the parts made for it rather than read."""

    document: ExportDocument
    parts: list[ExportPart]
    made: int = 0
    digests: list[ArticleDigest] = field(init=False)

    def __post_init__(self) -> None:
        self.digests = [ArticleDigest.from_data(p.digest) for p in self.parts]

    def text(self) -> str:
        """The export's JSON: what ``document`` with every article serialises to."""
        head = self.document.model_dump_json(indent=2)
        empty = '\n  "articles": [],\n'
        if not self.parts:
            return head
        if head.count(empty) != 1:  # never an export without its articles
            raise RuntimeError("the export's layout is not the one its parts are spliced into")
        bodies = ",\n".join("    " + p.body.replace("\n", "\n    ") for p in self.parts)
        return head.replace(empty, f'\n  "articles": [\n{bodies}\n  ],\n', 1)


def article_key(stamp: MemberStamp) -> str:
    """The key an article's part is stored under: the export code, the article's
    outlet and copy mark, and its annotation's model and stamp."""
    return digest_of([_export_code(), *(str(value) for value in astuple(stamp))])


def refresh_parts(store: Store) -> dict[str, ExportPart]:
    """Make and store the part of every article whose stored part is missing or stale,
    a chunk per transaction; the parts made, by article (so the export that follows
    need not read them back)."""
    keys = {a: article_key(s) for a, s in store.compare_store.stamps().items()}
    stored = store.export_store.keys()
    stale = [a for a in store.article_ids() if stored.get(a) != keys.get(a)]
    made: dict[str, ExportPart] = {}
    for start in range(0, len(stale), _CHUNK_ARTICLES):
        chunk = _made(store, stale[start : start + _CHUNK_ARTICLES], keys)
        store.export_store.write(chunk)
        made.update((p.article_id, p) for p in chunk)
    return made


def stored_export(
    store: Store,
    compared: CorpusComparison | None,
    made: Mapping[str, ExportPart] | None = None,
) -> StoredExport:
    """The export from the stored parts where current (or ``made``, from
    :func:`refresh_parts`); a part missing or stale is made here and not stored (this
    serves read-only commands too). Read in one snapshot, like :func:`build_export`."""
    with store.snapshot():
        order = store.article_ids()
        keys = {a: article_key(s) for a, s in store.compare_store.stamps(order).items()}
        found = {a: p for a, p in (made or {}).items() if keys.get(a) == p.key}
        wanted = [a for a in order if a not in found]
        found.update((p.article_id, p) for p in store.export_store.parts(wanted))
        stale = [a for a in order if a not in found or found[a].key != keys.get(a)]
        fresh = list(_parts_of(store, stale, keys))
        found.update((p.article_id, p) for p in fresh)
        return StoredExport(_document(store, [], compared), [found[a] for a in order], len(fresh))


def _parts_of(store: Store, ids: Sequence[str], keys: Mapping[str, str]) -> Iterator[ExportPart]:
    for start in range(0, len(ids), _CHUNK_ARTICLES):
        yield from _made(store, ids[start : start + _CHUNK_ARTICLES], keys)


def _made(store: Store, ids: Sequence[str], keys: Mapping[str, str]) -> list[ExportPart]:
    annotations = {a.article_id: a for a in store.annotations(ids)}
    parts = []
    for article in store.iter_articles(ids):
        exported = ExportArticle.from_article(article, annotation=annotations.get(article.id))
        parts.append(
            ExportPart(
                article.id,
                keys.get(article.id, ""),
                exported.model_dump_json(indent=2),
                ArticleDigest.of(exported).to_data(),
            )
        )
    return parts


@functools.cache
def _export_code() -> str:
    """A digest of what an article's part is made by: the export and record models,
    the report's digest and the version."""
    package = Path(__file__).parent
    files = [package / "export_model.py", package / "digest.py", package.parent / "model.py"]
    return digest_of([__version__, *(f.read_text("utf-8") for f in files)])


def write_stored_export(exported: StoredExport, target: Path) -> None:
    """Write the assembled export to ``target`` as :func:`write_export` does."""
    write_text_safely(target, exported.text() + "\n")


def write_export(document: ExportDocument, target: Path) -> None:
    """Write the export to ``target`` safely (:func:`rashomon.report.output.write_text_safely`):
    atomically, through symlinks, never over a device or a folder.

    Serialised by pydantic's own JSON writer, six times faster than ``json.dumps`` of
    ``model_dump(mode="json")`` (0.8 s against 5.1 s for the 71 MB export of 1,000
    articles) and the same text but for the notation of some floats (``0.00001`` for
    ``1e-05``: the same values; a test checks both on arbitrary documents)."""
    write_text_safely(target, document.model_dump_json(indent=2) + "\n")
