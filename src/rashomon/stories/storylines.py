"""Storylines: stories chained over time because they continue one another.

Two stories belong to one storyline when their articles read alike on average (the
mean lead embeddings are close), they name a common actor or place, and they are
within a year of each other. Links chain: talks, a second round, the ceasefire they
led to. Only chains of two or more stories are storylines; a lone story has none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from rashomon.disjoint import DisjointSets
from rashomon.model import Storyline
from rashomon.store.story_store import StoryOutline
from rashomon.stories.ids import storyline_id
from rashomon.stories.neighbours import nearest
from rashomon.understand.dateline import day_range

LINK_SIMILARITY = 0.5
LINK_REACH_DAYS = 366
NEIGHBOURS = 10


def build_storylines(stories: Any) -> list[Storyline]:
    """All storylines of the stories in ``stories`` (a StoryStore)."""
    found = stories.outlines()
    if len(found) < 2:
        return []
    centroids = stories.centroids()
    items = [s for s in found if s.id in centroids]
    matrix = np.stack([centroids[s.id] for s in items]).astype(np.float32)
    links = _links(items, matrix)
    return _chains(items, links)


def _links(items: list[StoryOutline], matrix: np.ndarray) -> list[tuple[int, int]]:
    labels, similarities = nearest(matrix, matrix, NEIGHBOURS + 1)
    names = [s.names for s in items]
    links: set[tuple[int, int]] = set()
    for i, (row, similarity) in enumerate(zip(labels, similarities, strict=True)):
        for label, cos in zip(row, similarity, strict=True):
            j = int(label)
            if j == i or float(cos) < LINK_SIMILARITY or not names[i] & names[j]:
                continue
            if _gap(items[i], items[j]) <= LINK_REACH_DAYS:
                links.add((min(i, j), max(i, j)))  # a neighbour either way links both
    return sorted(links)


def _gap(a: StoryOutline, b: StoryOutline) -> int:
    """Days between two stories' dates; a month or a year ("2021", a story dated only
    by when its articles were written) is the whole period, 0 apart from what it holds."""
    if not a.date or not b.date:
        return 0
    span_a, span_b = day_range(a.date[:10]), day_range(b.date[:10])
    if span_a is None or span_b is None:
        return 0
    (first_a, last_a), (first_b, last_b) = span_a, span_b
    return max(0, (first_b - last_a).days, (first_a - last_b).days)


def _chains(items: list[StoryOutline], links: list[tuple[int, int]]) -> list[Storyline]:
    sets = DisjointSets(len(items))

    for i, j in links:
        ri, rj = sets.find(i), sets.find(j)
        if ri != rj:
            sets.attach(max(ri, rj), under=min(ri, rj))
    groups: dict[int, list[StoryOutline]] = defaultdict(list)
    for i, story in enumerate(items):
        groups[sets.find(i)].append(story)
    lines: list[Storyline] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda s: (s.date or "9999", s.id))
        central = max(members, key=lambda s: (s.size, -ordered.index(s)))
        lines.append(
            Storyline(
                id=storyline_id(ordered[0].id),
                title=central.title,
                stories=tuple(s.id for s in ordered),
            )
        )
    return sorted(lines, key=lambda line: line.id)
