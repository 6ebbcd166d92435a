"""Writing the JSON export of a database.

The export is mostly its articles and its stories. An article's part of it changes
only when the article is annotated again or becomes a copy of another; a story's
only when its record (members, title, decisions, neighbours) or its comparison does.
Each part (its export object as JSON, and what the terminal report reads of it: an
:class:`~rashomon.report.digest.ArticleDigest` or a
:class:`~rashomon.report.digest.StoryDigest`) is made once and stored
(:func:`refresh_parts`, :func:`refresh_story_parts`, by ``analyze``), keyed by what
it was made from. The export is then assembled from the parts (:func:`stored_export`),
the same text as the whole document serialised at once (a test checks it): adding
articles to a corpus makes only the parts of what they touched. Storylines and the
timeline are made each time.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon import __version__
from rashomon.model import Story, TimelineEntry
from rashomon.report.comparison import told_by_several
from rashomon.report.corpus import Scope
from rashomon.report.digest import ArticleDigest, StoryDigest
from rashomon.report.export_model import (
    ExportArticle,
    ExportDocument,
    ExportStory,
    ExportStoryline,
    ExportTimelineEntry,
)
from rashomon.report.output import write_chunks_safely, write_text_safely
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
    comparisons = compared.everything(store) if compared is not None else {}
    return _document(
        store,
        [
            ExportArticle.from_article(a, include_raw=include_raw, annotation=annotations.get(a.id))
            for a in store.iter_articles()
        ],
        [ExportStory.from_story(s, comparisons.get(s.id)) for s in store.story_store.stories()],
        compared.timeline if compared is not None else (),
    )


def _document(
    store: Store,
    articles: list[ExportArticle],
    stories: list[ExportStory],
    timeline: Sequence[TimelineEntry],
) -> ExportDocument:
    return ExportDocument(
        rashomon_version=__version__,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        articles=articles,
        stories=stories,
        storylines=[
            ExportStoryline.from_storyline(line) for line in store.story_store.storylines()
        ],
        timeline=[ExportTimelineEntry.from_entry(e) for e in timeline],
    )


# Parts made, then stored, per transaction: an interrupted run keeps whole chunks.
_CHUNK_ARTICLES = 256
_CHUNK_STORIES = 256
# A part's body is stored indented to its place in the export (an item of a list at
# the document's top level), so assembling the export only joins them.
_INDENT = "    "
# Raised when what a stored body holds changes in a way the models' code does not show.
_LAYOUT = "indented-2"


def _indented(json_text: str) -> str:
    return _INDENT + json_text.replace("\n", "\n" + _INDENT)


@dataclass
class StoredExport:
    """The export assembled from parts: ``document`` holds everything but the articles
    and the stories (storylines, timeline), ``parts`` the articles' parts in storage
    order and ``story_parts`` the stories' in the stories' order. ``made`` and
    ``stories_made`` count the parts made for it rather than read."""

    document: ExportDocument
    parts: list[ExportPart]
    story_parts: list[ExportPart] = field(default_factory=list)
    made: int = 0
    stories_made: int = 0
    digests: list[ArticleDigest] = field(init=False)
    story_digests: list[StoryDigest] = field(init=False)

    def __post_init__(self) -> None:
        self.digests = [ArticleDigest.from_data(p.digest) for p in self.parts]
        self.story_digests = [StoryDigest.from_data(p.digest) for p in self.story_parts]

    def stories(self, ids: Sequence[str]) -> list[ExportStory]:
        """The stories ``ids`` in full, read from their parts, in the export's order."""
        wanted = set(ids)
        return [ExportStory.model_validate_json(p.body) for p in self.story_parts if p.id in wanted]

    def chunks(self) -> Iterator[str]:
        """The export's JSON, in pieces: what ``document`` with every article and story
        serialises to."""
        head = self.document.model_dump_json(indent=2)
        rest = head
        for name, parts in (("articles", self.parts), ("stories", self.story_parts)):
            # the key at the top level: a line of its own, two spaces in
            empty = f'\n  "{name}": [],\n'
            if not parts:
                continue
            if rest.count(empty) != 1:  # never an export without its articles or stories
                raise RuntimeError(
                    f"the export's layout is not the one its {name} are spliced into"
                )
            before, after = rest.split(empty)
            yield before
            yield f'\n  "{name}": [\n'
            for k, part in enumerate(parts):
                yield part.body if k == 0 else ",\n" + part.body
            yield "\n  ],"
            rest = "\n" + after
        yield rest

    def text(self) -> str:
        """The export's JSON: what ``document`` with every article and story serialises to."""
        return "".join(self.chunks())


def article_key(stamp: MemberStamp) -> str:
    """The key an article's part is stored under: the export code, the article's
    outlet and copy mark, and its annotation's model and stamp."""
    return digest_of([_export_code(), *(str(value) for value in astuple(stamp))])


def story_part_keys(store: Store, compared: CorpusComparison | None) -> dict[str, str]:
    """The key each story's part is stored under, in the order of the stories: the
    export code, a digest of the whole stored story record
    (:meth:`~rashomon.store.story_store.StoryStore.digests`) and the key its
    comparison is computed under (none without the compare stage)."""
    code = _export_code()
    comparisons = compared.keys if compared is not None else {}
    return {
        story_id: digest_of([code, comparisons.get(story_id, ""), record])
        for story_id, record in store.story_store.digests().items()
    }


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
        made.update((p.id, p) for p in chunk)
    return made


def refresh_story_parts(store: Store, compared: CorpusComparison | None) -> dict[str, ExportPart]:
    """Make and store the part of every story whose stored part is missing or stale
    (reading the comparisons of those only), a chunk per transaction, and drop the
    parts of stories that no longer exist; the parts made, by story."""
    keys = story_part_keys(store, compared)
    stored = store.export_store.story_keys()
    stale = store.story_store.stories([i for i, key in keys.items() if stored.get(i) != key])
    made: dict[str, ExportPart] = {}
    # at least one write, even with nothing stale: it drops the parts of stories gone
    chunks = [
        stale[start : start + _CHUNK_STORIES] for start in range(0, len(stale), _CHUNK_STORIES)
    ]
    for chunk in chunks or [[]]:
        parts = _stories_made(store, chunk, compared, keys)
        store.export_store.write_stories(parts, keep_only=list(keys))
        made.update((p.id, p) for p in parts)
    return {i: made[i] for i in keys if i in made}  # in the stories' order


def stored_export(
    store: Store,
    compared: CorpusComparison | None,
    made: Mapping[str, ExportPart] | None = None,
    made_stories: Mapping[str, ExportPart] | None = None,
) -> StoredExport:
    """The export from the stored parts where current (or ``made`` and
    ``made_stories``, from :func:`refresh_parts` and :func:`refresh_story_parts`); a
    part missing or stale is made here and not stored (this serves read-only commands
    too). Read in one snapshot, like :func:`build_export`."""
    with store.snapshot():
        order = store.article_ids()
        keys = {a: article_key(s) for a, s in store.compare_store.stamps(order).items()}
        parts, fresh = _current_parts(
            order,
            keys,
            made,
            read_stored=store.export_store.parts,
            make=lambda ids: _made(store, ids, keys),
            chunk=_CHUNK_ARTICLES,
        )
        story_keys = story_part_keys(store, compared)
        story_parts, remade = _current_parts(
            list(story_keys),
            story_keys,
            made_stories,
            read_stored=store.export_store.story_parts,
            make=lambda ids: _stories_made(
                store, store.story_store.stories(ids), compared, story_keys
            ),
            chunk=_CHUNK_STORIES,
        )
        return StoredExport(
            _document(store, [], [], compared.timeline if compared is not None else ()),
            parts,
            story_parts,
            fresh,
            remade,
        )


@dataclass(frozen=True)
class RunView:
    """What ``analyze`` reports of one run: the articles and stories whose parts it
    made (new, or changed by what it added), and what the report needs around them,
    read as digests without the parts' bodies — so that adding a few articles to a
    large corpus reports on those few, at their cost.

    ``stories`` are in full (those :func:`~rashomon.report.comparison.told_by_several`
    sources tell); ``timeline`` holds the corpus timeline's entries that cite an
    article of the run. ``scope`` is None when the run made every part (a new store):
    then the view is the whole corpus and its report the corpus's."""

    articles: list[ArticleDigest]
    story_digests: list[StoryDigest]
    stories: list[ExportStory]
    storylines: list[ExportStoryline]
    timeline: list[ExportTimelineEntry]
    scope: Scope | None

    @property
    def context(self) -> dict[str, ArticleDigest]:
        """The articles outside the run its stories' members and copies name."""
        return dict(self.scope.articles) if self.scope is not None else {}


def run_view(
    store: Store,
    compared: CorpusComparison | None,
    made: Mapping[str, ExportPart],
    made_stories: Mapping[str, ExportPart],
) -> RunView:
    """The view of a run that made ``made`` and ``made_stories`` (from
    :func:`refresh_parts` and :func:`refresh_story_parts`), read in one snapshot.

    Of the stories whose parts it made, the view holds those ``compared`` compared in
    this run: new, joined, or with a member annotated again — not those whose record
    changed only in which stories were kept apart from them (a new story nearby), which
    is not news of their own (100 random AllSides articles into 1,000: 170 parts made,
    124 of them compared)."""
    with store.snapshot():
        total, total_stories = store.count(), store.story_store.count()
        whole = len(made) == total and len(made_stories) == total_stories
        changed = {
            i: p
            for i, p in made_stories.items()
            if whole or compared is None or i in compared.computed
        }
        articles = [ArticleDigest.from_data(p.digest) for p in made.values()]
        story_digests = [StoryDigest.from_data(p.digest) for p in changed.values()]
        lines = [
            ExportStoryline.from_storyline(line)
            for line in store.story_store.storylines()
            if not changed.keys().isdisjoint(line.stories)
        ]
        named = {a.duplicate_of for a in articles if a.duplicate_of}
        named.update(m for d in story_digests for m in d.articles)
        context = {
            i: ArticleDigest.from_data(d)
            for i, d in store.export_store.digests(sorted(named - made.keys())).items()
        }
        siblings = {i for line in lines for i in line.stories} - changed.keys()
        nearby = {
            i: StoryDigest.from_data(d)
            for i, d in store.export_store.story_digests(sorted(siblings)).items()
        }
    shown = set(told_by_several([*articles, *context.values()], story_digests))
    cited = made.keys() | {m for d in story_digests for m in d.articles}
    timeline = compared.timeline if compared is not None else ()
    return RunView(
        articles,
        story_digests,
        [ExportStory.model_validate_json(p.body) for i, p in changed.items() if i in shown],
        lines,
        [
            ExportTimelineEntry.from_entry(e)
            for e in timeline
            if whole or not cited.isdisjoint(e.articles)
        ],
        None if whole else Scope(total, total_stories, context, nearby),
    )


def _current_parts(
    order: Sequence[str],
    keys: Mapping[str, str],
    made: Mapping[str, ExportPart] | None,
    *,
    read_stored: Callable[[Sequence[str]], Iterable[ExportPart]],
    make: Callable[[Sequence[str]], list[ExportPart]],
    chunk: int,
) -> tuple[list[ExportPart], int]:
    """The part of each of ``order`` made under its key in ``keys``: from ``made`` (just
    refreshed), else stored, else made here a chunk at a time and not stored; with
    how many were made here."""
    found = {i: p for i, p in (made or {}).items() if keys.get(i) == p.key}
    found.update((p.id, p) for p in read_stored([i for i in order if i not in found]))
    stale = [i for i in order if i not in found or found[i].key != keys.get(i)]
    for start in range(0, len(stale), chunk):
        found.update((p.id, p) for p in make(stale[start : start + chunk]))
    return [found[i] for i in order], len(stale)


def _made(store: Store, ids: Sequence[str], keys: Mapping[str, str]) -> list[ExportPart]:
    annotations = {a.article_id: a for a in store.annotations(ids)}
    parts = []
    for article in store.iter_articles(ids):
        exported = ExportArticle.from_article(article, annotation=annotations.get(article.id))
        parts.append(
            ExportPart(
                article.id,
                keys.get(article.id, ""),
                _indented(exported.model_dump_json(indent=2)),
                ArticleDigest.of(exported).to_data(),
            )
        )
    return parts


def _stories_made(
    store: Store,
    stories: Sequence[Story],
    compared: CorpusComparison | None,
    keys: Mapping[str, str],
) -> list[ExportPart]:
    if not stories:
        return []
    comparisons = compared.read(store, [s.id for s in stories]) if compared is not None else {}
    parts = []
    for story in stories:
        exported = ExportStory.from_story(story, comparisons.get(story.id))
        parts.append(
            ExportPart(
                story.id,
                keys[story.id],
                _indented(exported.model_dump_json(indent=2)),
                StoryDigest.of(exported).to_data(),
            )
        )
    return parts


# The corpus timeline as exported, and every story's digest in one piece (what the
# web app's stories page lists), stored beside the comparisons' corpus results.
TIMELINE_PART = "export:timeline"
STORY_INDEX = "export:stories"


def stored_story_index(store: Store) -> tuple[str, list[StoryDigest]] | None:
    """Every story's digest as :func:`refresh_page_parts` stored them, with their
    key; None when none was stored."""
    stored = store.compare_store.corpus_result(STORY_INDEX)
    if stored is None:
        return None
    return stored.key, [StoryDigest.from_data(d) for d in stored.result]


def timeline_part_key(store: Store) -> str:
    """The key the exported timeline and the story index are stored under: the export
    code and the keys of the stories' stored parts (each holds its comparison's key,
    which holds its dated claims)."""
    return _pages_key(store.export_store.story_keys())


def _pages_key(story_keys: Mapping[str, str]) -> str:
    return digest_of([_export_code(), *sorted(story_keys.values())])


def refresh_page_parts(store: Store, compared: CorpusComparison | None) -> None:
    """Store what the web pages read without loading a model, each unless the one
    stored is current: the corpus timeline of ``compared`` as exported, and every
    story's digest in one piece (the stories page reads it in one read, and keeps it
    while its key holds, instead of a row per story). Call after
    :func:`refresh_story_parts`."""
    keys = store.export_store.story_keys()
    key = _pages_key(keys)
    tables = store.compare_store
    if compared is not None and tables.corpus_result_key(TIMELINE_PART) != key:
        entries = [
            ExportTimelineEntry.from_entry(e).model_dump(mode="json") for e in compared.timeline
        ]
        tables.write_corpus_result(TIMELINE_PART, key, entries, {})
    if tables.corpus_result_key(STORY_INDEX) != key:
        digests = store.export_store.story_digests(sorted(keys))
        tables.write_corpus_result(STORY_INDEX, key, [digests[i] for i in sorted(digests)], {})


def stored_timeline(store: Store) -> tuple[str, list[ExportTimelineEntry]] | None:
    """The exported timeline as ``analyze`` last stored it, with the key it was stored
    under (current when it is :func:`timeline_part_key`); None when none was stored."""
    stored = store.compare_store.corpus_result(TIMELINE_PART)
    if stored is None:
        return None
    return stored.key, [ExportTimelineEntry.model_validate(e) for e in stored.result]


def stored_timeline_key(store: Store) -> str | None:
    """The key of the stored exported timeline, without reading the timeline."""
    return store.compare_store.corpus_result_key(TIMELINE_PART)


@functools.cache
def _export_code() -> str:
    """A digest of what a part is made by: the export and record models, the report's
    digests, the stored layout and the version."""
    package = Path(__file__).parent
    files = [package / "export_model.py", package / "digest.py", package.parent / "model.py"]
    return digest_of([__version__, _LAYOUT, *(f.read_text("utf-8") for f in files)])


def write_stored_export(exported: StoredExport, target: Path) -> None:
    """Write the assembled export to ``target`` as :func:`write_export` does, a part
    at a time (the whole text is never held at once)."""
    write_chunks_safely(target, itertools.chain(exported.chunks(), ("\n",)))


def write_export(document: ExportDocument, target: Path) -> None:
    """Write the export to ``target`` safely (:func:`rashomon.report.output.write_text_safely`):
    atomically, through symlinks, never over a device or a folder.

    Serialised by pydantic's own JSON writer, six times faster than ``json.dumps`` of
    ``model_dump(mode="json")`` (0.8 s against 5.1 s for the 71 MB export of 1,000
    articles) and the same text but for the notation of some floats (``0.00001`` for
    ``1e-05``: the same values; a test checks both on arbitrary documents)."""
    write_text_safely(target, document.model_dump_json(indent=2) + "\n")
