"""Statements: sentences of different outlets that report the same thing.

Most of what outlets share is not a figure or a date but a sentence: "CIA Director
Mike Pompeo met with North Korean leader Kim Jong Un over Easter weekend". Two
sentences of two articles are aligned when

* they name at least one actor or place in common (the same ids), and neither is
  dated away from the story (background) unless both are: they *can join*;
* each is the other's closest sentence in the other article among those it can join
  (mutual best match, so one sentence is paired at most once per article), and
* their embeddings are close (cosine >= ``SAME_STATEMENT``).

A sentence that can join no sentence of another article is never encoded
(:func:`candidates`): about two in five of the statements of a real news stream.

Aligned sentences are joined across articles (a statement reported by three
outlets is one fact), never two sentences of one article into one statement.

A statement only corroborates: it is never disputed (two sentences alike in
meaning may still differ in a figure, which the count and date readers judge) and
never "left out" (an outlet that does not write a sentence like it may well report
it in other words). Statements stated by one outlet alone are not facts.

The threshold was first chosen on NewsWCL50's gold (0.7 with a shared name: 251
links over the 10 events; the gold's statement pairs found rose by 71 of 764), then
raised to 0.75 by what independent readers found: in three samples of 50 facts
(session 6), 7 of the 10 two-sentence statements joined at cosine 0.70–0.75 said
different things about a shared name ("80 families offered to sponsor migrants" /
"Cronk travelled to Tijuana"), and the 5 at 0.75 or more all said the same; the third
sample, read after the bar was seen on the first two, agreed (4 of 5 below it
wrong). The cost: 39 of the 244 gold pairs found (pair recall 0.32 -> 0.27) and some
true statements (3 of the 10) — a wrong corroboration is shown as a fact, a missed one
is not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from rashomon.disjoint import DisjointSets
from rashomon.model import Claim

SAME_STATEMENT = 0.75


def candidates(claims: Sequence[Claim]) -> list[Claim]:
    """The statements among ``claims`` that can join one of another article (a shared
    actor or place, dated alike): the only ones worth encoding."""
    holders: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for claim in claims:
        for entity in claim.entities:
            holders[(entity, claim.background)].add(claim.article)
    return [c for c in claims if any(holders[(e, c.background)] - {c.article} for e in c.entities)]


def aligned_statements(claims: Sequence[Claim], sims: np.ndarray) -> list[list[Claim]]:
    """Groups of sentences from two or more articles that say the same; ``sims`` is
    the cosine matrix of the claims' sentences."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        by_article[claim.article].append(index)
    best: dict[tuple[int, str], int] = {}
    for i, claim in enumerate(claims):
        for article, members in by_article.items():
            joinable = [j for j in members if _can_join(claim, claims[j])]
            if joinable:  # (never of the claim's own article)
                best[(i, article)] = max(joinable, key=lambda j: float(sims[i, j]))
    links = []
    for (i, _), j in best.items():
        if i < j and best.get((j, claims[i].article)) == i and sims[i, j] >= SAME_STATEMENT:
            links.append((float(sims[i, j]), i, j))
    sets = DisjointSets(len(claims))
    articles: dict[int, set[str]] = {i: {c.article} for i, c in enumerate(claims)}

    for _, i, j in sorted(links, reverse=True):
        a, b = sets.find(i), sets.find(j)
        if a == b or articles[a] & articles[b]:
            continue  # never two sentences of one article in one statement
        sets.attach(b, under=a)
        articles[a] |= articles.pop(b)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, claim in enumerate(claims):
        groups[sets.find(i)].append(claim)
    return [g for g in groups.values() if len({c.article for c in g}) >= 2]


def _can_join(a: Claim, b: Claim) -> bool:
    return (
        a.article != b.article
        and a.background == b.background
        and bool(set(a.entities) & set(b.entities))
    )
