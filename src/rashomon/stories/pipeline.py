"""Group understood articles into stories, incrementally; then chain stories into storylines.

New articles are taken in chronological chunks. For each chunk:

1. each article gets an event profile and a lead embedding;
2. candidates come from an approximate nearest-neighbour index (hnswlib) over the
   articles whose day lies within ``window_days`` of the chunk (plus undated ones) —
   never all pairs, so the cost per article stays flat as the corpus grows;
3. each candidate pair is decided (:mod:`rashomon.stories.evidence`); pairs likely
   enough to matter connect the new articles with each other and with the existing
   stories of their neighbours;
4. each connected group — new articles plus the whole of the stories they touch — is
   clustered again with average linkage. Stories nothing new touched are left alone,
   which is what makes the stage incremental; re-clustering the touched stories
   whole is what makes one big batch and ten increments agree.

Stories get ids from their founder article (:mod:`rashomon.stories.ids`); an id that
disappears (a merge, an earlier founder) is kept as an alias.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from rashomon.model import Annotation, PairDecision, Story
from rashomon.store.story_store import ProfileRow, StoryStore
from rashomon.stories.cluster import average_linkage
from rashomon.stories.describe import describe
from rashomon.stories.embed import Embedder, precision
from rashomon.stories.evidence import Frequencies, Prepared, Weights, decide, prepare, seen_from
from rashomon.stories.ids import founder, story_id
from rashomon.stories.neighbours import nearest
from rashomon.stories.profile import (
    EventProfile,
    build_profile,
    profile_from_json,
    profile_to_json,
    window_day,
)
from rashomon.stories.storylines import build_storylines

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class StoryOptions:
    """``window_days``: how far apart in time two articles can be and still be compared;
    ``neighbours``: candidates per new article; ``chunk``: new articles per increment;
    ``edge``: the fraction of the join threshold above which a pair ties a new article
    to a story for re-clustering; ``dense_limit``: above this many articles, a group is
    clustered from each article's ``neighbours`` nearest pairs only (unseen pairs count
    as unlikely), so one huge running story cannot make an increment quadratic."""

    window_days: int = 45
    neighbours: int = 30
    chunk: int = 2000
    edge: float = 0.5
    dense_limit: int = 800


@dataclass
class StoryReport:
    profiled: int = 0
    stories_written: int = 0
    stories_removed: int = 0
    stories: int = 0
    storylines: int = 0
    pairs_decided: int = 0


class _Pool:
    """The articles one increment looks at, each prepared (:func:`prepare`) once and
    only when a decision needs it.

    Candidates come from the lead embeddings of every article in the window; only a
    new article's nearest neighbours and the members of the stories it touches are
    decided, so a stored article is prepared (its profile built, its term weights
    computed under this run's frequencies) only then: preparing follows the new
    articles, not the window — which, for articles spread over years, is the corpus.
    Reading the window's rows (lead vector, day, profile data) still follows the
    window. Preparing on demand gives what preparing the window first gave: the
    frequencies do not change within an increment.
    """

    def __init__(self, frequencies: Frequencies) -> None:
        self.frequencies = frequencies
        self.done: dict[str, Prepared] = {}
        self.rows: dict[str, ProfileRow] = {}
        self.order: dict[str, None] = {}  # every article, in the order it came
        self.decisions: dict[tuple[str, str], PairDecision] = {}
        self.involving: dict[str, list[PairDecision]] = defaultdict(list)

    def __contains__(self, article: str) -> bool:
        return article in self.order

    def ids(self) -> list[str]:
        return list(self.order)

    def add(self, prepared: Prepared) -> None:
        self.done[prepared.profile.article_id] = prepared
        self.order[prepared.profile.article_id] = None

    def add_row(self, row: ProfileRow) -> None:
        if row.article_id not in self.order:
            self.rows[row.article_id] = row
            self.order[row.article_id] = None

    def prepared(self, article: str) -> Prepared:
        found = self.done.get(article)
        if found is None:
            found = self.done[article] = _prepared(self.rows.pop(article), self.frequencies)
        return found

    def embedding(self, article: str) -> np.ndarray:
        row = self.rows.get(article)
        return row.vector if row is not None else self.done[article].embedding

    def day(self, article: str) -> date | None:
        """:func:`window_day` of the article's profile (stored beside it: not decoded)."""
        row = self.rows.get(article)
        if row is None:
            return window_day(self.done[article].profile)
        return date.fromisoformat(row.day) if row.day else None

    def decide(self, a: str, b: str, weights: Weights) -> PairDecision:
        key = (a, b) if a < b else (b, a)
        found = self.decisions.get(key)
        if found is None:
            found = decide(self.prepared(key[0]), self.prepared(key[1]), weights)
            self.decisions[key] = found
            self.involving[key[0]].append(found)
            self.involving[key[1]].append(found)
        return found


def build_stories(
    store: Any,
    embedder: Embedder | None = None,
    *,
    weights: Weights | None = None,
    options: StoryOptions | None = None,
    progress: Progress | None = None,
) -> StoryReport:
    """Assign every understood article not yet in a story; rebuild storylines."""
    options = options or StoryOptions()
    weights = weights or Weights.default()
    stories = store.story_store
    report = StoryReport()
    pending = stories.unprofiled()
    if pending:
        embedder = embedder or Embedder.load().at(precision())
        counts, documents = stories.frequencies()
        frequencies = Frequencies(counts, documents)
        run = _Run(store, stories, embedder, frequencies, weights, options, report)
        for start in range(0, len(pending), options.chunk):
            # profiles are built a chunk at a time, so memory does not grow with the corpus
            chunk, annotations = _profiles(store, pending[start : start + options.chunk])
            chunk.sort(key=lambda p: (window_day(p) or date.max, p.article_id))
            _increment(run, chunk, annotations)
            report.profiled += len(chunk)
            if progress is not None:
                progress(report.profiled, len(pending))
    _attach_copies(store, stories)
    lines = build_storylines(stories)
    stories.write_storylines(lines)
    report.stories = stories.count()
    report.storylines = len(lines)
    return report


def _profiles(store: Any, ids: Sequence[str]) -> tuple[list[EventProfile], dict[str, Annotation]]:
    """The profiles of articles ``ids``, and their annotations (the stories they join
    are made from them too: read once)."""
    annotations = {a.article_id: a for a in store.annotations(ids)}
    profiles = [build_profile(a, annotations[a.id]) for a in store.iter_articles(ids)]
    return profiles, annotations


@dataclass
class _Run:
    store: Any
    stories: StoryStore
    embedder: Embedder
    frequencies: Frequencies
    weights: Weights
    options: StoryOptions
    report: StoryReport


def _increment(run: _Run, chunk: Sequence[EventProfile], known: Mapping[str, Annotation]) -> None:
    """Join the articles of ``chunk`` (with their annotations, ``known``) to stories."""
    store, stories, frequencies = run.store, run.stories, run.frequencies
    weights, options, report = run.weights, run.options, run.report
    embedder = run.embedder
    vectors = embedder.encode([p.lead for p in chunk])
    for profile in chunk:
        frequencies.add(profile)
    pool = _Pool(frequencies)
    for profile, vector in zip(chunk, vectors, strict=True):
        pool.add(prepare(profile, vector, frequencies))
    new_ids = [p.article_id for p in chunk]
    for row in _window(stories, chunk, options):
        pool.add_row(row)

    candidates = _candidates(pool, new_ids, options)
    linked = {
        k: d
        for k in candidates
        if (d := pool.decide(*k, weights)).probability >= weights.threshold * options.edge
    }
    report.pairs_decided += len(candidates)

    fresh = set(new_ids)
    existing = [i for i in pool.ids() if i not in fresh]
    current = stories.story_of(existing)
    groups = _connected(new_ids, linked, current)
    touched = {current[i] for group in groups for i in group if i in current}
    old_members = stories.members(touched)
    missing = [a for ids in old_members.values() for a in ids if a not in pool]
    for row in stories.profiles(missing):
        pool.add_row(row)

    membership: dict[str, str] = {}
    written: list[Story] = []
    clusters_of_old: dict[str, list[tuple[str, int]]] = defaultdict(list)
    label_of = dict(current)
    planned: list[list[str]] = []
    for group in groups:
        articles = sorted(
            {i for i in group if i not in current}
            | {a for i in group if i in current for a in old_members.get(current[i], [])}
        )
        articles = [a for a in articles if a in pool]
        for cluster in _cluster(pool, articles, weights, options):
            new_id = story_id(founder([pool.prepared(a).profile for a in cluster]).article_id)
            label_of.update((a, new_id) for a in cluster)
            planned.append(cluster)
    grouped = [a for cluster in planned for a in cluster]
    annotations = {a: known[a] for a in grouped if a in known}
    earlier = [a for a in grouped if a not in known]
    if earlier:
        annotations.update((a.article_id, a) for a in store.annotations(earlier))
    copies = _copies(store, grouped)
    for cluster in planned:
        story = _story(pool, cluster, story_of=label_of, copies=copies, annotations=annotations)
        written.append(story)
        for article in story.articles:
            membership[article] = story.id
        for old in {current[a] for a in cluster if a in current}:
            clusters_of_old[old].append((story.id, sum(current.get(a) == old for a in cluster)))
    alive = {s.id for s in written}
    removed = {
        old: max(options_, key=lambda item: item[1])[0]
        for old, options_ in clusters_of_old.items()
        if old not in alive
    }
    stories.write_increment(
        profiles=[
            ProfileRow(p.article_id, _day(p), v, profile_to_json(p))
            for p, v in zip(chunk, vectors, strict=True)
        ],
        model=embedder.name,
        frequencies=(frequencies.counts, frequencies.documents),
        membership=membership,
        written=written,
        removed=removed,
    )
    report.stories_written += len(written)
    report.stories_removed += len(removed)


def _window(
    stories: StoryStore, chunk: Sequence[EventProfile], options: StoryOptions
) -> list[ProfileRow]:
    days = [d for p in chunk if (d := window_day(p)) is not None]
    if not days:
        return stories.window(date.min.isoformat(), date.max.isoformat())
    reach = timedelta(days=options.window_days)
    return stories.window((min(days) - reach).isoformat(), (max(days) + reach).isoformat())


def _candidates(pool: _Pool, new_ids: Sequence[str], options: StoryOptions) -> set[tuple[str, str]]:
    """Pairs (sorted ids) of each new article with its nearest neighbours in the pool that
    lie within the time window."""
    ids = pool.ids()
    if len(ids) < 2:
        return set()
    matrix = np.stack([pool.embedding(i) for i in ids])
    queries = np.stack([pool.embedding(i) for i in new_ids])
    labels, _ = nearest(matrix, queries, options.neighbours + 1)
    reach = options.window_days
    pairs: set[tuple[str, str]] = set()
    for article, row in zip(new_ids, labels, strict=True):
        day = pool.day(article)
        for label in row:
            other = ids[int(label)]
            if other == article:
                continue
            other_day = pool.day(other)
            if day and other_day and abs((day - other_day).days) > reach:
                continue
            pairs.add((article, other) if article < other else (other, article))
    return pairs


def _connected(
    new_ids: Sequence[str],
    linked: Iterable[tuple[str, str]],
    current: dict[str, str],
) -> list[list[str]]:
    """Groups of new articles joined by likely links, directly or through an existing story
    (an existing article stands for its whole story)."""
    parent: dict[str, str] = {}

    def node(article: str) -> str:
        return f"story:{current[article]}" if article in current else article

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for article in new_ids:
        find(article)
    for a, b in linked:
        ra, rb = find(node(a)), find(node(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for article in new_ids:
        groups[find(article)].append(article)
    for a, b in linked:
        for article in (a, b):
            if article in current:
                groups[find(node(article))].append(article)
    return [sorted(set(g)) for g in groups.values()]


def _cluster(
    pool: _Pool, articles: Sequence[str], weights: Weights, options: StoryOptions
) -> list[list[str]]:
    n = len(articles)
    probability = np.eye(n)
    for i, j in _pairs_to_decide(pool, articles, options):
        p = pool.decide(articles[i], articles[j], weights).probability
        probability[i, j] = probability[j, i] = p
    labels = average_linkage(probability, weights.threshold)
    clusters: dict[int, list[str]] = defaultdict(list)
    for article, label in zip(articles, labels, strict=True):
        clusters[label].append(article)
    return list(clusters.values())


def _pairs_to_decide(
    pool: _Pool, articles: Sequence[str], options: StoryOptions
) -> Iterable[tuple[int, int]]:
    """Every pair of a group, or, for a group above ``dense_limit``, each article's
    nearest neighbours in it (by lead embedding)."""
    n = len(articles)
    if n <= options.dense_limit:
        return ((i, j) for i in range(n) for j in range(i + 1, n))
    matrix = np.stack([pool.embedding(a) for a in articles])
    k = min(options.neighbours, n - 1)
    pairs: set[tuple[int, int]] = set()
    for i in range(n):
        nearest = np.argpartition(-(matrix @ matrix[i]), k)[: k + 1]
        pairs.update((min(i, int(j)), max(i, int(j))) for j in nearest if int(j) != i)
    return sorted(pairs)


def _story(
    pool: _Pool,
    cluster: Sequence[str],
    *,
    story_of: dict[str, str],
    copies: dict[str, list[tuple[str, str | None]]],
    annotations: dict[str, Annotation],
) -> Story:
    inside = set(cluster)
    # only pairs already decided: clustering decided every pair of a group (or, above
    # dense_limit, the nearest ones), so nothing is decided twice or added here
    known = [(a, d) for a in cluster for d in pool.involving[a]]
    decisions = {(d.article, d.other): d for a, d in known if d.other in inside}
    outside = [seen_from(d, a) for a, d in known if (d.article in inside) != (d.other in inside)]
    profiles = [pool.prepared(a).profile for a in cluster]
    vectors = np.stack([pool.embedding(a) for a in cluster])
    return describe(
        profiles,
        vectors,
        decisions,
        copies=copies,
        outside=outside,
        story_of=story_of,
        annotations=annotations,
    )


def _copies(store: Any, originals: Sequence[str]) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for copy, original, outlet in store.copies_of(originals):
        found[original].append((copy, outlet))
    return found


def _attach_copies(store: Any, stories: StoryStore) -> None:
    """Syndicated copies that arrived after their original joined a story join it too."""
    pending = stories.unassigned_copies()
    if not pending:
        return
    story_of = stories.story_of([original for _, original in pending])
    membership = {copy: story_of[original] for copy, original in pending if original in story_of}
    if membership:
        stories.add_members(membership)


def _prepared(row: ProfileRow, frequencies: Frequencies) -> Prepared:
    return prepare(profile_from_json(row.article_id, row.profile), row.vector, frequencies)


def _day(profile: EventProfile) -> str | None:
    day = window_day(profile)
    return day.isoformat() if day else None
