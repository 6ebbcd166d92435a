"""Date claims grouped by happening (``align._happenings``), weighed against the rule
written out claim by claim: the grouping is computed with arrays (a timeline block of
400 claims), and must decide exactly as the rule reads."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from rashomon.compare import values
from rashomon.compare.align import (
    DATE_SAME_CLASS,
    DATE_UNKNOWN_CLASS,
    DATE_WINDOW_DAYS,
    _happenings,
)
from rashomon.model import Claim, ClaimKind, DatePrecision, Evidence

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
