"""The timeline: every dated happening in the corpus, merged across sources.

Two sources of entries: the stories themselves (at their own date), and the
background happenings articles date ("clashes erupted on September 27, 2020",
"a Russia-brokered ceasefire on November 10"). Background date claims are aligned
across the whole corpus exactly as within a story (same kind of happening, close
description, dates within weeks of each other), so one happening dated by five
articles is one entry listing the date each gives; different days from different
articles are a disagreement. Dates of reporting ("said on Saturday") are not
happenings; a claim dated on its own article's day is the article's news, which
its story already stands for.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from rashomon.compare import values
from rashomon.compare.align import DATE_WINDOW_DAYS, Similarity, align, word_overlap
from rashomon.compare.verdicts import split_alternatives
from rashomon.model import Alternative, Claim, ClaimKind, DatePrecision, Story, TimelineEntry
from rashomon.store.records import to_data

_PRECISION = {10: DatePrecision.DAY, 7: DatePrecision.MONTH, 4: DatePrecision.YEAR}


# The most background claims aligned together. Claims are taken in date order and
# aligned in blocks: a block ends where no later claim can be within the alignment's
# window of an earlier one (exact), or — in a run of news too dense for that — near
# this size (claims either side of such a cut are not joined), so the cost grows with
# the corpus, not with its square.
MAX_BLOCK = 400
# In a dense run, a block of at least this share of MAX_BLOCK ends at the next change
# to an even-numbered day: where a block ends then depends on the dates near the cut,
# not on how many claims came before, so a claim added early in a long run changes
# its own block (and rarely the next), not every block after it — and an increment
# realigns what it touched (cutting at a count, every later block moved with it).
DENSE_CUT_SHARE = 0.75


def timeline(
    stories: Sequence[Story],
    claims: Sequence[Claim],
    similarity: Similarity,
    document_days: dict[str, str],
    prepare: Callable[[Sequence[str]], None] | None = None,
) -> list[TimelineEntry]:
    """Stories and background happenings in date order (undated stories left out).

    Background dates are aligned by their phrases, not also by their sentences as
    within a story: across stories a shared sentence is rare, and encoding every
    sentence of every dated claim in the corpus would cost more than the rest of the
    comparison. ``prepare``, when given, is called with each block's phrases before
    the block is aligned (to fetch or encode their vectors in one go)."""
    found = happenings(claims, similarity, document_days, prepare)
    return assembled(stories, found.values())


def happenings(
    claims: Sequence[Claim],
    similarity: Similarity,
    document_days: dict[str, str],
    prepare: Callable[[Sequence[str]], None] | None = None,
    known: Mapping[str, Sequence[TimelineEntry]] | None = None,
) -> dict[str, tuple[TimelineEntry, ...]]:
    """The background happenings of ``claims``, per block of date claims (see
    :func:`blocks`), by the block's digest (:func:`block_digest`), in date order.

    A block's entries depend on its claims alone: a block in ``known`` (from an
    earlier run, under the same model and code) is taken from there, not aligned
    again — so adding articles realigns only the blocks their dates fall in."""
    found: dict[str, tuple[TimelineEntry, ...]] = {}
    for block in blocks(background_dates(claims, document_days)):
        digest = block_digest(block)
        if known is not None and digest in known:
            found[digest] = tuple(known[digest])
            continue
        if prepare is not None and len(block) > 1:
            prepare([c.phrase for c in block])
        alike = similarity if len(block) > 1 else word_overlap  # one claim: nothing to align
        found[digest] = tuple(
            _happening(attribute.label, attribute.claims, attribute.contestable)
            for attribute in align(block, alike, by_sentence=False)
        )
    return found


def background_dates(claims: Iterable[Claim], document_days: Mapping[str, str]) -> list[Claim]:
    """The date claims of ``claims`` that date a background happening: not their own
    article's day (that is the article's news, which its story stands for)."""
    return [
        c for c in claims if c.kind is ClaimKind.DATE and c.value != document_days.get(c.article)
    ]


def assembled(
    stories: Sequence[Story], happened: Iterable[Sequence[TimelineEntry]]
) -> list[TimelineEntry]:
    """The timeline: the stories (undated ones left out) and the background
    happenings, in date order."""
    entries = [_story_entry(s) for s in stories if s.date.value and s.date.precision]
    entries.extend(entry for block in happened for entry in block)
    return sorted(entries, key=lambda e: (e.date, e.story is None, e.event))


def block_digest(block: Sequence[Claim]) -> str:
    """A digest of everything of a block's claims (a re-annotated article's claims
    differ in some field, so its block is realigned)."""
    data = json.dumps(to_data(tuple(block)), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


def blocks(claims: Sequence[Claim], limit: int = MAX_BLOCK) -> Iterator[list[Claim]]:
    """Date claims in date order, in blocks that alignment can treat apart: two claims
    in different blocks are never within ``DATE_WINDOW_DAYS`` of each other, unless the
    run was too dense: then a block of ``DENSE_CUT_SHARE`` × ``limit`` claims or more
    ends where the dates move on to an even-numbered day, and one of ``limit`` ends
    there and then. A claim with no date to place it by is left out."""
    spans = [(values.interval(c), c) for c in claims]
    placed = sorted(
        ((span, c) for span, c in spans if math.isfinite(span[0])),
        key=lambda item: (*item[0], item[1].article, item[1].evidence.start),
    )
    dense = max(1, int(limit * DENSE_CUT_SHARE))
    block: list[Claim] = []
    reach = last = -math.inf
    for (low, high), claim in placed:
        apart = low - DATE_WINDOW_DAYS > reach
        cut_day = len(block) >= dense and low != last and int(low) % 2 == 0
        if block and (apart or cut_day or len(block) >= limit):
            yield block
            block, reach = [], -math.inf
        block.append(claim)
        reach, last = max(reach, high), low
    if block:
        yield block


def _story_entry(story: Story) -> TimelineEntry:
    value = story.date.value or ""
    precision = story.date.precision or DatePrecision.DAY
    sources = story.date.sources or story.articles
    return TimelineEntry(
        date=value,
        precision=precision,
        event=story.title,
        articles=story.articles,
        dates=(Alternative(value, tuple(sources), ()),),
        story=story.id,
    )


def _happening(label: str, claims: list[Claim], contestable: bool) -> TimelineEntry:
    from rashomon.compare.align import Attribute

    alternatives, spanning = split_alternatives(Attribute(ClaimKind.DATE, label, list(claims)))
    sides = tuple(
        Alternative(
            value=alt.best.value,
            articles=tuple(dict.fromkeys(c.article for c in alt.claims)),
            evidence=tuple(c.evidence for c in alt.claims),
        )
        for alt in sorted(alternatives, key=lambda a: a.best.value)
    )
    holders = [set(side.articles) for side in sides]
    disjoint = all(not (holders[i] & holders[j]) for i in range(len(holders)) for j in range(i))
    best = min(claims, key=values.width)
    return TimelineEntry(
        date=sides[0].value if sides else best.value,
        precision=best.precision or _PRECISION.get(len(best.value), DatePrecision.DAY),
        event=label,
        articles=tuple(dict.fromkeys(c.article for c in claims)),
        dates=sides + tuple(Alternative(c.value, (c.article,), (c.evidence,)) for c in spanning),
        disagreement=len(sides) > 1 and contestable and disjoint,
    )
