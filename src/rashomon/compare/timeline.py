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

import bisect
import hashlib
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rashomon.compare import values
from rashomon.compare.align import DATE_WINDOW_DAYS, Similarity, align, word_overlap
from rashomon.compare.verdicts import split_alternatives
from rashomon.model import Alternative, Claim, ClaimKind, DatePrecision, Story, TimelineEntry

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
# A block of MAX_BLOCK claims ends where the day changes, not within a day: cut
# within a day, a claim added before moved every later cut of a run of regular
# density by one claim (measured on a run of five claims a day, every cut after it
# moved); one day of more claims than OVERFULL_SHARE × MAX_BLOCK is cut within the day.
DENSE_CUT_SHARE = 0.75
OVERFULL_SHARE = 2


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
    cuts = laid(placed(background_dates(claims, document_days)))
    return {b.digest: b.entries for b in finished(cuts, similarity, prepare, known)}


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
    differ in some field, so its block is realigned): of their ``repr``, which names
    every field of a claim and of its evidence (none is left out of it) — a third of
    the time of their JSON (0.5 s of an increment's 1.3 s timeline at 1,100 articles)."""
    return hashlib.blake2b(repr(tuple(block)).encode(), digest_size=16).hexdigest()


# A date claim's place in date order: its span (days), its article and place there,
# and what it says. A total order: a part of the timeline laid out again (``relaid``)
# puts its claims in the order a layout of the whole corpus does.
SortKey = tuple[float, float, str, int, int, str, str]
Placed = tuple[SortKey, Claim]


def placed(claims: Iterable[Claim]) -> list[Placed]:
    """Date claims with a date to place them by, in date order, with their keys (a
    claim with none is left out)."""
    found: list[Placed] = []
    for c in claims:
        low, high = values.interval(c)
        if math.isfinite(low):
            found.append(
                ((low, high, c.article, c.evidence.start, c.evidence.end, c.phrase, c.value), c)
            )
    return sorted(found, key=lambda item: item[0])


def blocks(claims: Sequence[Claim], limit: int = MAX_BLOCK) -> Iterator[list[Claim]]:
    """Date claims in date order, in blocks that alignment can treat apart: two claims
    in different blocks are never within ``DATE_WINDOW_DAYS`` of each other, unless the
    run was too dense: then a block of ``DENSE_CUT_SHARE`` × ``limit`` claims or more
    ends where the dates move on to an even-numbered day, one of ``limit`` where they
    move on to the next day, and one of ``OVERFULL_SHARE`` × ``limit`` there and then. A
    claim with no date to place it by is left out."""
    for block in _cut(placed(claims), limit):
        yield [c for _, c in block]


def _cut(claims: Sequence[Placed], limit: int = MAX_BLOCK) -> Iterator[list[Placed]]:
    """:func:`blocks` of claims already placed."""
    cutter = _Cutter(limit)
    for item in claims:
        closed = cutter.add(item)
        if closed:
            yield closed
    if cutter.block:
        yield cutter.block


class _Cutter:
    """Cuts placed claims, fed in order, into blocks (see :func:`blocks`). After each
    cut nothing of the claims before it counts but the last one's day (for the next
    cut): cutting from any block's first claim on gives the blocks a whole layout
    gives from there."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.dense = max(1, int(limit * DENSE_CUT_SHARE))
        self.overfull = OVERFULL_SHARE * limit
        self.block: list[Placed] = []
        self.reach = self.last = -math.inf

    def cuts_before(self, item: Placed) -> bool:
        """Whether adding ``item`` closes the block before it."""
        low = item[0][0]
        apart = low - DATE_WINDOW_DAYS > self.reach
        size, new_day = len(self.block), low != self.last
        cut_day = size >= self.dense and new_day and int(low) % 2 == 0
        full = size >= self.limit and new_day
        return bool(self.block) and (apart or cut_day or full or size >= self.overfull)

    def add(self, item: Placed) -> list[Placed]:
        """Add ``item``; the block it closed (empty if none)."""
        closed: list[Placed] = []
        if self.cuts_before(item):
            closed, self.block, self.reach = self.block, [], -math.inf
        self.block.append(item)
        self.reach, self.last = max(self.reach, item[0][1]), item[0][0]
        return closed


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the timeline as laid out and stored: the digest of its claims
    (:func:`block_digest`), the keys of its first and last claim, the articles its
    claims come from, and the happenings it was aligned into."""

    digest: str
    first: SortKey
    last: SortKey
    articles: tuple[str, ...]
    entries: tuple[TimelineEntry, ...]


def relaid(
    layout: Sequence[Block],
    *,
    stale: Callable[[Block], bool],
    new: Sequence[Placed],
    read: Callable[[Sequence[Block]], list[Placed]],
    limit: int = MAX_BLOCK,
) -> list[Block | list[Placed]]:
    """The layout of the timeline's claims after some changed: the blocks of ``layout``
    (an earlier layout) that nothing touched, and the claims of the rest cut again.

    ``stale`` tells a block holding claims that are gone or replaced, ``new`` are the
    claims replacing them (placed, in order), and ``read`` gives the other claims of
    stored blocks (those still current, placed, in order). The result is what
    :func:`blocks` of every current claim gives — the blocks unchanged as stored, the
    others as lists of claims still to align — while reading only around the changes:
    each change is cut again from the start of the block before it (a cut that
    nothing before it moves) until a cut falls where a block of the earlier layout
    starts with nothing changed in it: from there on the cuts are the earlier ones
    (see :class:`_Cutter`). In a run so regular that the cuts never meet the earlier
    ones again, it reads on to the end, as a layout from nothing would."""
    count = len(layout)
    if count == 0:
        return laid(new, limit)
    firsts = [b.first for b in layout]
    # each new claim touches the block it falls in, or the one after the gap it is in
    touched = {i for i, b in enumerate(layout) if stale(b)}
    for key, _ in new:
        at = bisect.bisect_right(firsts, key) - 1  # the last block starting at or before
        touched.add(at if at >= 0 and key <= layout[at].last else at + 1)
    found: list[Block | list[Placed]] = []
    done = 0  # the blocks before this one are settled
    for change in sorted(touched):
        if change < done:
            continue
        start = max(change - 1, done)
        found.extend(layout[done:start])
        again = _Again(layout, touched, new, read, limit)
        done = again.cut(start, change, found)
        if done >= count:
            break
    found.extend(layout[done:])
    return found


class _Again:
    """Cutting a layout again around one change (see :func:`relaid`)."""

    def __init__(
        self,
        layout: Sequence[Block],
        touched: set[int],
        new: Sequence[Placed],
        read: Callable[[Sequence[Block]], list[Placed]],
        limit: int,
    ) -> None:
        self.layout, self.touched, self.new, self.read = layout, touched, new, read
        self.keys = [key for key, _ in new]
        self.cutter = _Cutter(limit)

    def cut(self, start: int, change: int, found: list[Block | list[Placed]]) -> int:
        """Cut from block ``start`` on, through block ``change``, into ``found``, until
        the cuts meet the earlier ones; the block where they did (past the last if
        never)."""
        layout, keys = self.layout, self.keys
        # the new claims from the block ``start`` on (from the first, all before it too)
        taken = bisect.bisect_left(keys, layout[start].first) if start > 0 else 0
        at = start
        while at < len(layout):
            stored = self.read(layout[at : at + 1])
            if at > change and at not in self.touched and self.cutter.cuts_before(stored[0]):
                break  # met again: the stored blocks from here on stand
            upto = bisect.bisect_right(keys, layout[at].last)
            self._feed(sorted([*stored, *self.new[taken:upto]], key=lambda item: item[0]), found)
            taken = max(taken, upto)
            at += 1
        if at >= len(layout):
            self._feed(self.new[taken:], found)
        if self.cutter.block:
            found.append(self.cutter.block)
        return at

    def _feed(self, items: Iterable[Placed], found: list[Block | list[Placed]]) -> None:
        for item in items:
            closed = self.cutter.add(item)
            if closed:
                found.append(closed)


def laid(claims: Sequence[Placed], limit: int = MAX_BLOCK) -> list[Block | list[Placed]]:
    """The layout of ``claims`` (placed, in order) from nothing: every block to align."""
    return list(_cut(claims, limit))


def finished(
    cuts: Sequence[Block | list[Placed]],
    similarity: Similarity,
    prepare: Callable[[Sequence[str]], None] | None = None,
    known: Mapping[str, Sequence[TimelineEntry]] | None = None,
) -> list[Block]:
    """The blocks of a layout (:func:`relaid`): those stored as they are, the others
    aligned — or taken from ``known`` by their digest — with the phrases of all those
    to align prepared (fetched or encoded) in one batch first."""
    claims_of = {id(c): [claim for _, claim in c] for c in cuts if isinstance(c, list)}
    digests = {i: block_digest(claims) for i, claims in claims_of.items()}
    todo = [
        claims
        for i, claims in claims_of.items()
        if len(claims) > 1 and (known is None or digests[i] not in known)
    ]
    if prepare is not None and todo:
        prepare([claim.phrase for claims in todo for claim in claims])
    layout: list[Block] = []
    for cut in cuts:
        if isinstance(cut, Block):
            layout.append(cut)
            continue
        digest, claims = digests[id(cut)], claims_of[id(cut)]
        if known is not None and digest in known:
            entries = tuple(known[digest])
        else:
            alike = similarity if len(claims) > 1 else word_overlap  # one claim: nothing to align
            entries = tuple(
                _happening(attribute.label, attribute.claims, attribute.contestable)
                for attribute in align(claims, alike, by_sentence=False)
            )
        articles = tuple(sorted({c.article for c in claims}))
        layout.append(Block(digest, cut[0][0], cut[-1][0], articles, entries))
    return layout


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
        # dates a day apart are unclear, not a disagreement (values.within_a_day)
        disagreement=len(sides) > 1
        and contestable
        and disjoint
        and not values.within_a_day([alt.best for alt in alternatives]),
    )
