"""When two values of the same attribute can both be true.

Counts are intervals ("more than 300" is [300, inf), "between 40 and 50" is
[40, 50], "about 300" within 10%): two counts are compatible when their intervals
meet, and the narrower one is the more specific. Dates cover days ("2020-11" is
the whole of November): compatible when they overlap, so "November" and
"November 9" never conflict. Speakers and mediators are actor ids: different
people conflict, but a person and a state or organisation never do (a
spokeswoman speaks for her ministry, a commander for his country). Titles are
compatible when one's words hold the other's (``titles.same_title``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.compare.titles import same_title
from rashomon.model import Claim, ClaimKind, Qualifier
from rashomon.understand.dateline import day_range

_INFINITY = float("inf")


def interval(claim: Claim) -> tuple[float, float]:
    """The span of values a claim allows, in comparable numbers (days for dates)."""
    if claim.kind is ClaimKind.DATE:
        covered = day_range(claim.value)
        if covered is None:
            return -_INFINITY, _INFINITY
        return float(covered[0].toordinal()), float(covered[1].toordinal())
    if claim.low is None or claim.high is None:
        return -_INFINITY, _INFINITY
    return claim.low, claim.high


def compatible(a: Claim, b: Claim) -> bool:
    """Whether both claims can be true of the same thing."""
    if a.kind is ClaimKind.TITLE:
        return same_title(a.phrase.split(), b.phrase.split())
    if a.kind is ClaimKind.PLACE:
        return a.value == b.value
    if a.kind in {ClaimKind.QUOTE, ClaimKind.CREDIT}:
        if a.subject == b.subject:
            return True
        return not (_is_person(a) and _is_person(b)) and not (_is_state(a) and _is_state(b))
    (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
    if not (a_low <= b_high and b_low <= a_high):
        return False
    return not (_bounds_touch(a, b) or _bounds_touch(b, a))


def compatibility_key(claim: Claim) -> tuple[object, ...]:
    """Everything of ``claim`` that :func:`compatible` reads, on either side: claims
    with equal keys are compatible with the same claims."""
    title = tuple(claim.phrase.split()) if claim.kind is ClaimKind.TITLE else None
    return (
        claim.kind,
        title,
        claim.value,
        claim.subject,
        claim.low,
        claim.high,
        claim.qualifier,
        claim.strict,
    )


def _bounds_touch(below: Claim, above: Claim) -> bool:
    """Two one-sided bounds meeting at their figure, one of them excluding it: "almost
    four dozen" and "at least four dozen" cannot both be true. A bound against an
    exact figure ("nearly 300" and "300") is rounding, not a dispute."""
    if below.qualifier is not Qualifier.AT_MOST or above.qualifier is not Qualifier.AT_LEAST:
        return False
    return (below.strict or above.strict) and below.high == above.low


def within_a_day(dates: Sequence[Claim]) -> bool:
    """Whether dates start at most a day apart: "signed on 9 November" and "the 10
    November ceasefire" are often one happening near midnight seen from two time zones,
    or dated by the day an outlet reported it — unclear, not a contradiction."""
    starts = [interval(claim)[0] for claim in dates]
    return bool(starts) and max(starts) - min(starts) <= 1


def lone_one(claim: Claim) -> bool:
    """A count of exactly one ("One question asks...", "one official said"): in news
    it picks one out of many far more often than it reports a figure, so it never
    disputes another figure, is never "left out" and never joins other outlets'."""
    return claim.kind is ClaimKind.COUNT and claim.low == claim.high == 1


def width(claim: Claim) -> float:
    """How much a claim leaves open: 0 for an exact figure or a day; a title leaves
    less open the more words it has."""
    if claim.kind is ClaimKind.TITLE:
        return float(100 - len(claim.phrase.split()))
    low, high = interval(claim)
    return high - low


def _is_person(claim: Claim) -> bool:
    return (claim.subject or "").startswith("person:")


def _is_state(claim: Claim) -> bool:
    return (claim.subject or "").startswith(("country:", "geo:"))
