"""Date claims grouped by happening (``align._happenings``), groups of one date joined
(``align._merge_same_value``) and an attribute's claims split into values
(``verdicts.split_alternatives``), each weighed against its rule written out claim by
claim: they are computed with arrays and indexes (a timeline block of 400 claims), and
must decide exactly as the rule reads."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from rashomon.compare import values
from rashomon.compare.align import (
    DATE_SAME_CLASS,
    DATE_SAME_DAY,
    DATE_SAME_DAY_OPENING,
    DATE_SAME_PERIOD,
    DATE_UNKNOWN_CLASS,
    DATE_WINDOW_DAYS,
    Attribute,
    _happenings,
    _merge_same_value,
)
from rashomon.compare.verdicts import split_alternatives
from rashomon.model import Claim, ClaimKind, DatePrecision, Evidence, Qualifier

_PREDICATES = (None, "signed", "began", "ended", "released")


def _claim(rng: random.Random, k: int) -> Claim:
    day = dt.date(2020, 9, 1) + dt.timedelta(days=rng.randrange(0, 200))
    value = day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]
    article = f"a{rng.randrange(6)}"
    return Claim(
        article=article,
        kind=ClaimKind.DATE,
        attribute="happening",
        value=value,
        evidence=Evidence(article, "…", k, k + 1, k, k + 1),
        predicate=rng.choice(_PREDICATES),
        precision=DatePrecision.DAY if len(value) == 10 else DatePrecision.MONTH,
        phrase=f"phrase {k}",
    )


def _by_the_rule(claims: list[Claim], sims: np.ndarray) -> list[list[int]]:
    def same(i: int, j: int) -> bool:
        a, b = claims[i], claims[j]
        if a.predicate and b.predicate and a.predicate != b.predicate:
            return False
        if a.article == b.article and not values.compatible(a, b):
            return False
        (a_low, a_high), (b_low, b_high) = values.interval(a), values.interval(b)
        return a_low - DATE_WINDOW_DAYS <= b_high and b_low - DATE_WINDOW_DAYS <= a_high

    groups: list[list[int]] = []
    for i, claim in enumerate(claims):
        best, best_sim = None, 0.0
        for group in groups:
            if not all(same(i, j) for j in group):
                continue
            threshold = DATE_SAME_CLASS if claim.predicate else DATE_UNKNOWN_CLASS
            score = max(float(sims[i, j]) for j in group)
            if score >= threshold and score > best_sim:
                best, best_sim = group, score
        if best is None:
            groups.append([i])
        else:
            best.append(i)
    return groups


@pytest.mark.parametrize("seed", range(12))
def test_grouping_decides_as_the_rule_reads(seed: int) -> None:
    rng = random.Random(seed)
    claims = [_claim(rng, k) for k in range(rng.randrange(2, 120))]
    vectors = np.asarray([[rng.gauss(0, 1) for _ in range(6)] for _ in claims], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # similarities on a coarse grid, so ties between groups happen and are settled
    # the same way (the first group of the closest)
    sims = np.round(vectors @ vectors.T * 10) / 10
    expected = _by_the_rule(claims, sims)
    assert _happenings(claims, sims) == expected
    assert len(expected) < len(claims)  # some claims did group


def _merged_by_the_rule(
    claims: list[Claim], groups: list[list[int]], sims: np.ndarray, opening: list[bool]
) -> list[list[int]]:
    def value(group: list[int]) -> str | None:
        # one date: the most precise value, every other value being that date less
        # precisely ("2020-10" and "2020-10-02" are 2 October; "2020-10-01" and
        # "2020-10-02" are none)
        found = {claims[j].value for j in group}
        for candidate in found:
            if all(candidate[: len(v)] == v for v in found):
                return candidate
        return None

    def margin(group: list[int], other: list[int], day: str) -> float:
        best = 0.0
        for i in group:
            for j in other:
                if len(day) == 10:
                    bar = DATE_SAME_DAY_OPENING if opening[i] and opening[j] else DATE_SAME_DAY
                else:
                    bar = DATE_SAME_PERIOD
                best = max(best, float(sims[i, j]) - bar)
        return best

    merged: list[list[int]] = []
    for group in groups:
        day, home, best = value(group), None, -1.0
        for other in merged:
            same_side = all(
                claims[i].background == claims[j].background for i in group for j in other
            )
            if day is None or value(other) != day or not same_side:
                continue
            score = margin(group, other, day)
            if score > best:  # the first of the closest
                home, best = other, score
        if home is None:
            merged.append(list(group))
        else:
            home.extend(group)
    return merged


@pytest.mark.parametrize("seed", range(12))
def test_joining_groups_of_one_date_decides_as_the_rule_reads(seed: int) -> None:
    rng = random.Random(seed)
    days = [f"2020-10-{d:02d}" for d in (1, 2, 3)] + ["2020-10", "2020"]
    claims = [
        Claim(
            article=f"a{rng.randrange(5)}",
            kind=ClaimKind.DATE,
            attribute="happening",
            value=(value := rng.choice(days)),
            evidence=Evidence("a", "…", k, k + 1, k, k + 1),
            precision=DatePrecision.DAY if len(value) == 10 else DatePrecision.MONTH,
            # most background dates carry none: a group of them joins like any other
            background=rng.choice([None, None, None, "2018-05-01"]),
            phrase=f"phrase {k}",
        )
        for k in range(rng.randrange(20, 90))
    ]
    order = list(range(len(claims)))
    rng.shuffle(order)
    groups: list[list[int]] = []
    for index in order:  # groups of one to three claims, some of two dates
        if groups and len(groups[-1]) < rng.choice([1, 1, 2, 3]):
            groups[-1].append(index)
        else:
            groups.append([index])
    sims = np.round(np.asarray([[rng.random() for _ in claims] for _ in claims]) * 10) / 10
    opening = [rng.random() < 0.3 for _ in claims]
    expected = _merged_by_the_rule(claims, [list(g) for g in groups], sims, opening)
    assert _merge_same_value(claims, [list(g) for g in groups], sims, opening) == expected
    assert len(expected) < len(groups)  # some groups did join


@pytest.mark.parametrize("seed", range(12))
def test_splitting_values_decides_as_the_rule_reads(seed: int) -> None:
    rng = random.Random(seed)
    qualifiers = [Qualifier.EXACT, Qualifier.AT_LEAST, Qualifier.AT_MOST, Qualifier.ABOUT]
    counts: list[Claim] = []
    for k in range(rng.randrange(2, 80)):
        figure = float(rng.choice([40, 48, 50, 300]))
        qualifier = rng.choice(qualifiers)
        low, high = {
            Qualifier.EXACT: (figure, figure),
            Qualifier.AT_LEAST: (figure, figure * 10),
            Qualifier.AT_MOST: (0.0, figure),
            Qualifier.ABOUT: (figure * 0.9, figure * 1.1),
        }[qualifier]
        counts.append(
            Claim(
                article=f"a{rng.randrange(6)}",
                kind=ClaimKind.COUNT,
                attribute="people",
                value=str(int(figure)),
                evidence=Evidence("a", "…", k, k + 1, k, k + 1),
                low=low,
                high=high,
                qualifier=qualifier,
                strict=rng.random() < 0.3,
            )
        )
    ordered = sorted(counts, key=lambda c: (values.width(c), c.article))
    alternatives: list[list[Claim]] = []
    spanning: list[Claim] = []
    for claim in ordered:  # the rule: a claim fits a value when it fits each of its claims
        fitting = [a for a in alternatives if all(values.compatible(claim, c) for c in a)]
        if len(fitting) == 1:
            fitting[0].append(claim)
        elif not fitting:
            alternatives.append([claim])
        else:
            spanning.append(claim)
    found, left = split_alternatives(Attribute(ClaimKind.COUNT, "people", counts))
    assert [a.claims for a in found] == alternatives
    assert left == spanning
    assert len(alternatives) > 1


def test_a_month_and_a_day_of_it_are_one_date_but_two_days_are_not() -> None:
    """NewsWCL50 event 5: "visit London in July" and "visit the UK on 13 July" stayed
    two facts, the first group giving the month and the day, so no one value."""

    def claim(k: int, value: str) -> Claim:
        return Claim(
            article=f"a{k}",
            kind=ClaimKind.DATE,
            attribute="visit",
            value=value,
            evidence=Evidence(f"a{k}", "…", k, k + 1, k, k + 1),
            precision=DatePrecision.DAY if len(value) == 10 else DatePrecision.MONTH,
            phrase=f"visit {k}",
        )

    claims = [
        claim(0, "2018-07"),
        claim(1, "2018-07-13"),
        claim(2, "2018-07-13"),
        claim(3, "2018-07-14"),
    ]
    sims = np.full((4, 4), 0.2)
    merged = _merge_same_value(claims, [[0, 1], [2], [3]], sims, [False] * 4)
    assert merged == [[0, 1, 2], [3]]
