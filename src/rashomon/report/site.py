"""What the show stage reads: a corpus's stories, articles, storylines and timeline,
as the pages and the JSON API need them.

Two sources behind one interface (:class:`Site`):

- :class:`StoreSite`, for the web app: a database, read a page at a time from the
  parts ``analyze`` stored (each story's and article's export object and digest, the
  exported timeline). No model is loaded and nothing is computed but what a part
  missing makes (an article ingested but not analysed yet, a story never compared:
  shown without its comparison, and said so);
- :class:`ExportSite`, for the single-file report: an export assembled in memory
  (:class:`~rashomon.report.export.StoredExport`), every part of it.

Everything here is read; nothing is written. Pages are made of what this returns by
:mod:`rashomon.report.views`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rashomon.report.digest import ArticleDigest, StoryDigest
from rashomon.report.export import (
    STORY_INDEX,
    StoredExport,
    stored_story_index,
    stored_timeline,
    stored_timeline_key,
    timeline_part_key,
)
from rashomon.report.export_model import (
    ExportArticle,
    ExportStory,
    ExportStoryline,
    ExportTimelineEntry,
)
from rashomon.store.repository import Store


@dataclass(frozen=True)
class Timeline:
    """The corpus timeline and what is known of its freshness: ``state`` is
    ``current``, ``stale`` (stories changed since ``analyze`` stored it) or ``missing``
    (never stored: run ``rashomon analyze``)."""

    entries: list[ExportTimelineEntry]
    state: str = "current"


class Site(Protocol):
    """Read access to one corpus for the pages and the API."""

    def stories(self) -> list[StoryDigest]:
        """Every story's digest (what the corpus page lists and filters by)."""

    def story_digests(self, ids: Sequence[str]) -> dict[str, StoryDigest]:
        """The digests of stories ``ids`` (those that exist), by id."""

    def story(self, story_id: str) -> ExportStory | None:
        """One story in full (its comparison included when it was compared)."""

    def story_json(self, story_id: str) -> str | None:
        """One story's export object as JSON text."""

    def article(self, article_id: str) -> ExportArticle | None:
        """One article in full: cleaned text, mentions, quotes, what was cut."""

    def article_json(self, article_id: str) -> str | None:
        """One article's export object as JSON text."""

    def article_digests(self, ids: Sequence[str]) -> dict[str, ArticleDigest]:
        """The digests of articles ``ids`` (those that exist), by id."""

    def story_of(self, article_id: str) -> str | None:
        """The id of the story the article belongs to."""

    def storylines(self) -> list[ExportStoryline]:
        """Every storyline."""

    def timeline(self, *, checked: bool = True) -> Timeline:
        """The corpus timeline; with ``checked``, whether it is current (which costs a
        read of every story's key), else it is said to be."""

    def search(self, words: str) -> set[str]:
        """Ids of the stories with an article whose title or text contains ``words``."""

    def missing(self) -> int:
        """How many articles and stories have no stored part (not analysed since they
        were added or changed): shown as made now, without their comparison."""


class StoreSite:
    """A :class:`Site` reading a database's stored parts (the web app's)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # the stored timeline and story index, each parsed once per key it is under
        self._timeline: tuple[str, list[ExportTimelineEntry]] | None = None
        self._index: tuple[str, list[StoryDigest]] | None = None

    def stories(self) -> list[StoryDigest]:
        key = self.store.compare_store.corpus_result_key(STORY_INDEX)
        if key is not None and (self._index is None or self._index[0] != key):
            self._index = stored_story_index(self.store)
        if key is not None and self._index is not None and self._index[0] == key:
            found = {d.id: d for d in self._index[1]}
        else:  # never indexed: every story's part, a row each
            parts = self.store.export_store.story_digests(
                list(self.store.export_store.story_keys())
            )
            found = {i: StoryDigest.from_data(d) for i, d in parts.items()}
        if len(found) < self.store.story_store.count():
            for story in self.store.story_store.stories():
                if story.id not in found:
                    found[story.id] = StoryDigest.of(ExportStory.from_story(story))
        return list(found.values())

    def story_digests(self, ids: Sequence[str]) -> dict[str, StoryDigest]:
        found = {
            i: StoryDigest.from_data(d)
            for i, d in self.store.export_store.story_digests(list(ids)).items()
        }
        for i in ids:
            if i not in found and (made := self._story_made(i)) is not None:
                found[i] = StoryDigest.of(made)
        return found

    def story_json(self, story_id: str) -> str | None:
        for part in self.store.export_store.story_parts([story_id]):
            return part.body
        made = self._story_made(story_id)
        return made.model_dump_json(indent=2) if made is not None else None

    def story(self, story_id: str) -> ExportStory | None:
        for part in self.store.export_store.story_parts([story_id]):
            return ExportStory.model_validate_json(part.body)
        return self._story_made(story_id)

    def _story_made(self, story_id: str) -> ExportStory | None:
        found = self.store.story_store.stories([story_id])
        return ExportStory.from_story(found[0]) if found else None

    def article_json(self, article_id: str) -> str | None:
        for part in self.store.export_store.parts([article_id]):
            return part.body
        made = self._article_made(article_id)
        return made.model_dump_json(indent=2) if made is not None else None

    def article(self, article_id: str) -> ExportArticle | None:
        for part in self.store.export_store.parts([article_id]):
            return ExportArticle.model_validate_json(part.body)
        return self._article_made(article_id)

    def _article_made(self, article_id: str) -> ExportArticle | None:
        article = self.store.get(article_id)
        if article is None:
            return None
        return ExportArticle.from_article(article, annotation=self.store.annotation(article_id))

    def article_digests(self, ids: Sequence[str]) -> dict[str, ArticleDigest]:
        found = {
            i: ArticleDigest.from_data(d)
            for i, d in self.store.export_store.digests(list(ids)).items()
        }
        for i in ids:
            if i not in found and (made := self._article_made(i)) is not None:
                found[i] = ArticleDigest.of(made)
        return found

    def story_of(self, article_id: str) -> str | None:
        return self.store.story_store.story_of([article_id]).get(article_id)

    def storylines(self) -> list[ExportStoryline]:
        return [ExportStoryline.from_storyline(s) for s in self.store.story_store.storylines()]

    def timeline(self, *, checked: bool = True) -> Timeline:
        key = stored_timeline_key(self.store)
        if key is None:
            return Timeline([], "missing")
        if self._timeline is None or self._timeline[0] != key:
            stored = stored_timeline(self.store)
            if stored is None:
                return Timeline([], "missing")
            self._timeline = stored
        key, entries = self._timeline
        current = not checked or key == timeline_part_key(self.store)
        return Timeline(list(entries), "current" if current else "stale")

    def search(self, words: str) -> set[str]:
        ids = self.store.search(words)
        return set(self.store.story_store.story_of(ids).values())

    def missing(self) -> int:
        articles = self.store.count() - len(self.store.export_store.keys())
        stories = self.store.story_store.count() - len(self.store.export_store.story_keys())
        return max(articles, 0) + max(stories, 0)


class ExportSite:
    """A :class:`Site` over an export assembled in memory (the single-file report's)."""

    def __init__(self, exported: StoredExport) -> None:
        self._stories = {p.id: p for p in exported.story_parts}
        self._story_digests = {d.id: d for d in exported.story_digests}
        self._articles = {p.id: p for p in exported.parts}
        self._article_digests = {d.id: d for d in exported.digests}
        self._storylines = list(exported.document.storylines)
        self._timeline = list(exported.document.timeline)
        self._story_of = {a: d.id for d in exported.story_digests for a in d.articles}

    def stories(self) -> list[StoryDigest]:
        return list(self._story_digests.values())

    def story_digests(self, ids: Sequence[str]) -> dict[str, StoryDigest]:
        return {i: self._story_digests[i] for i in ids if i in self._story_digests}

    def story_json(self, story_id: str) -> str | None:
        part = self._stories.get(story_id)
        return part.body if part is not None else None

    def story(self, story_id: str) -> ExportStory | None:
        body = self.story_json(story_id)
        return ExportStory.model_validate_json(body) if body is not None else None

    def article_json(self, article_id: str) -> str | None:
        part = self._articles.get(article_id)
        return part.body if part is not None else None

    def article(self, article_id: str) -> ExportArticle | None:
        body = self.article_json(article_id)
        return ExportArticle.model_validate_json(body) if body is not None else None

    def article_digests(self, ids: Sequence[str]) -> dict[str, ArticleDigest]:
        return {i: self._article_digests[i] for i in ids if i in self._article_digests}

    def article_ids(self) -> list[str]:
        """Every article's id, in storage order."""
        return list(self._articles)

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def storylines(self) -> list[ExportStoryline]:
        return list(self._storylines)

    def timeline(self, *, checked: bool = True) -> Timeline:
        return Timeline(list(self._timeline))

    def search(self, words: str) -> set[str]:
        needle = words.strip().casefold()
        if not needle:
            return set()
        found = set()
        for i, part in self._articles.items():
            article = ExportArticle.model_validate_json(part.body)
            story = self._story_of.get(i)
            if story is not None and needle in f"{article.title}\n{article.text}".casefold():
                found.add(story)
        return found

    def missing(self) -> int:
        return 0


def outlet_of(digest: ArticleDigest | None, article_id: str) -> str:
    """What an article's outlet is shown as: its name, else its id."""
    return (digest.outlet if digest is not None else None) or article_id


def outlets_of(digests: Iterable[ArticleDigest]) -> list[str]:
    """The distinct outlets of some articles, in first-seen order."""
    seen: dict[str, None] = {}
    for d in digests:
        seen.setdefault(outlet_of(d, d.id), None)
    return list(seen)
