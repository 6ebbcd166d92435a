"""A group of articles made into a story: title, date, who and where, outlets, and the
pair decisions that explain why these articles were joined and their neighbours not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from rashomon.model import Annotation, Apart, PairDecision, Story
from rashomon.stories.dates import complete_dates, story_date
from rashomon.stories.evidence import seen_from
from rashomon.stories.ids import founder, story_id
from rashomon.stories.profile import EventProfile

KEY_LIMIT = 6
APART_LIMIT = 3


def describe(
    profiles: Sequence[EventProfile],
    vectors: np.ndarray,
    decisions: Mapping[tuple[str, str], PairDecision],
    *,
    copies: Mapping[str, Sequence[tuple[str, str | None]]],
    outside: Sequence[PairDecision],
    story_of: Mapping[str, str],
    annotations: Mapping[str, Annotation],
) -> Story:
    """The story of ``profiles`` (originals; ``copies`` maps an original to its syndicated
    copies and their outlets). ``decisions`` holds pair decisions among members (either
    order); ``outside`` holds decisions between a member and a non-member, and
    ``story_of`` the story of each non-member."""
    first = founder(profiles)
    ids = [p.article_id for p in profiles]
    members = [first.article_id, *sorted(i for i in ids if i != first.article_id)]
    members += sorted(c for i in ids for c, _ in copies.get(i, ()))
    outlets = Counter(p.outlet for p in profiles if p.outlet)
    outlets.update(o for i in ids for _, o in copies.get(i, ()) if o)
    date = story_date(profiles, annotations)
    return Story(
        id=story_id(first.article_id),
        title=_central(profiles, vectors).title,
        date=date,
        articles=tuple(members),
        outlets=tuple(sorted(outlets, key=lambda o: (-outlets[o], o))),
        actors=_top_names(profiles, "act:"),
        places=_top_names(profiles, "pla:"),
        joins=_joins(profiles, first, decisions),
        apart=_apart(outside, story_of),
        completions=tuple(complete_dates(date, profiles, annotations)),
    )


def _central(profiles: Sequence[EventProfile], vectors: np.ndarray) -> EventProfile:
    """The member whose lead is closest to the story's mean: its headline titles the story."""
    centre = vectors.mean(axis=0)
    scores = vectors @ centre
    best = max(range(len(profiles)), key=lambda i: (scores[i], -i))
    return profiles[best]


def _top_names(profiles: Sequence[EventProfile], prefix: str) -> tuple[str, ...]:
    """The most widely reported actors (or places), as the articles word them."""
    reach: Counter[str] = Counter()
    wording: dict[str, Counter[str]] = {}
    for profile in profiles:
        for key, count in profile.keys.items():
            if key.startswith(prefix):
                reach[key] += 1
                wording.setdefault(key, Counter())[profile.names.get(key, key)] += count
    ranked = sorted(reach, key=lambda k: (-reach[k], -sum(wording[k].values()), k))
    return tuple(wording[k].most_common(1)[0][0] for k in ranked[:KEY_LIMIT])


def _joins(
    profiles: Sequence[EventProfile],
    first: EventProfile,
    decisions: Mapping[tuple[str, str], PairDecision],
) -> tuple[PairDecision, ...]:
    """For each member but the founder, its strongest link to another member."""
    ids = [p.article_id for p in profiles]
    joins: list[PairDecision] = []
    for article in sorted(ids):
        if article == first.article_id:
            continue
        links = [_oriented(decisions, article, other) for other in ids if other != article]
        found = [d for d in links if d is not None]
        if found:
            joins.append(max(found, key=lambda d: (d.probability, d.other)))
    return tuple(joins)


def _apart(outside: Sequence[PairDecision], story_of: Mapping[str, str]) -> tuple[Apart, ...]:
    """The nearby stories, closest (by mean pair probability) first."""
    by_story: dict[str, dict[tuple[str, str], PairDecision]] = {}
    for decision in outside:
        other = story_of.get(decision.other)
        if other is not None:
            by_story.setdefault(other, {})[(decision.article, decision.other)] = decision
    found = []
    for other, pairs in by_story.items():
        decisions = sorted(pairs.values(), key=lambda d: (d.probability, d.article, d.other))
        mean = sum(d.probability for d in decisions) / len(decisions)
        found.append(Apart(other, round(mean, 4), len(decisions), decisions[-1], decisions[0]))
    found.sort(key=lambda a: (-a.probability, a.story))
    return tuple(found[:APART_LIMIT])


def _oriented(
    decisions: Mapping[tuple[str, str], PairDecision], article: str, other: str
) -> PairDecision | None:
    found = decisions.get((article, other)) or decisions.get((other, article))
    return seen_from(found, article) if found is not None else None
