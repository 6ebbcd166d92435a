"""Is this pair of articles one event or two? The evidence, weighed and explained.

Three similarities say two articles are about the same thing: their leads' meaning
(sentence embeddings), the actors, places, counts and dates they share (weighted by
how rare each is in the corpus), and their wording (TF-IDF). Look-alike events
share all three — same actors, same kind of happening — so conflicts count
against: the leads give different counts of the same thing, different weekdays,
different years or dates, or each names people or places the other never mentions.

Each signal adds to the log-odds of "same event" with a weight from
``data/pair_weights.yaml`` (fitted on ECB+ by ``benchmarks/fit_story_weights.py``,
except the date, publication-date and third-country weights, which ECB+ cannot
teach: see ``benchmarks/fit_story_weights.py``). The weighted signals are kept, so
every decision can be explained.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

import numpy as np
import yaml

from rashomon.model import PairDecision, Signal
from rashomon.stories.profile import TERM_BUCKETS, EventProfile, term_bucket

K = TypeVar("K", str, int)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

FEATURES = (
    "meaning",
    "shared",
    "wording",
    "count_conflict",
    "weekday_conflict",
    "people_conflict",
    "place_conflict",
    "year_conflict",
    "date_conflict",
    "published_conflict",
    "any_count_conflict",
    "state_conflict",
)
# Event dates further apart than this are different happenings.
DATE_TOLERANCE_DAYS = 2
# Reports of one happening appear within days of it; published further apart than this,
# two articles report different happenings (or one follows the other up). Five days:
# on a month of real news, one day more or less changes little, a week lets a week of
# developments on one subject become one story (benchmarks/fit_story_weights.py).
PUBLISHED_TOLERANCE_DAYS = 5


@dataclass(frozen=True)
class Weights:
    """Log-odds weights of the pair signals, and the probability that joins a story."""

    bias: float
    weights: Mapping[str, float]
    threshold: float

    @classmethod
    @cache
    def default(cls) -> Weights:
        text = resources.files("rashomon.stories").joinpath("data/pair_weights.yaml").read_text()
        data = yaml.safe_load(text)
        return cls(
            bias=float(data["bias"]),
            weights={k: float(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
        )


class Frequencies:
    """How many articles contain each hashed term and key: the corpus statistics that make
    a shared rare name count more than a shared common word. Updated as articles arrive."""

    def __init__(self, counts: np.ndarray | None = None, documents: int = 0) -> None:
        self.counts = (
            counts.astype(np.int64)
            if counts is not None
            else np.zeros(TERM_BUCKETS, dtype=np.int64)
        )
        self.documents = documents

    def add(self, profile: EventProfile) -> None:
        self.documents += 1
        for bucket in set(profile.terms) | {term_bucket(k) for k in profile.keys}:
            self.counts[bucket] += 1

    def idf(self, bucket: int) -> float:
        return math.log((1 + self.documents) / (1 + int(self.counts[bucket]))) + 1.0


@dataclass(frozen=True)
class PairFeatures:
    values: dict[str, float]
    shared: tuple[str, ...]  # the rarest shared keys, for the explanation
    details: dict[str, str]


def weighted_vector(counts: Mapping[K, int], idf: Mapping[K, float]) -> dict[K, float]:
    """Sublinear tf-idf weights, unit length."""
    vector = {k: (1 + math.log(c)) * idf[k] for k, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def cosine(a: Mapping[K, float], b: Mapping[K, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


@dataclass
class Prepared:
    """A profile with its vectors computed once: embedding, key and term weights."""

    profile: EventProfile
    embedding: np.ndarray
    key_vector: dict[str, float]
    term_vector: dict[int, float]
    counts: dict[str, frozenset[float]]
    states: frozenset[str]


def prepare(profile: EventProfile, embedding: np.ndarray, frequencies: Frequencies) -> Prepared:
    key_idf = {k: frequencies.idf(term_bucket(k)) for k in profile.keys}
    term_idf = {t: frequencies.idf(t) for t in profile.terms}
    return Prepared(
        profile=profile,
        embedding=embedding,
        key_vector=weighted_vector(profile.keys, key_idf),
        term_vector=weighted_vector(profile.terms, term_idf),
        counts=_counts(profile),
        states=frozenset(_state(k) for k in profile.keys if _state(k)),
    )


def _counts(profile: EventProfile) -> dict[str, frozenset[float]]:
    """Every exact count the article gives, by counted thing."""
    found: dict[str, set[float]] = {}
    for key in profile.keys:
        if key.startswith("num:") and not key.startswith("num:~"):
            value, unit = key[4:].split("|", 1)
            if _NUMBER.fullmatch(value):  # ranges ("40-50") are not exact counts
                found.setdefault(unit, set()).add(float(value))
    return {unit: frozenset(values) for unit, values in found.items()}


def _disagree(first: frozenset[float], second: frozenset[float]) -> bool:
    """Counts of one thing that cannot describe the same happening: no value in common,
    and neither side's values add up to one of the other's ("12 Somalis and 11 Yemenis"
    are the "23 raiders" of another report)."""
    if first & second:
        return False
    return not any(len(x) > 1 and sum(x) in y for x, y in ((first, second), (second, first)))


def _state(key: str) -> str:
    """``pla:country:GE`` and ``act:country:GE`` -> ``pla:country:GE`` (one key per state)."""
    if key.startswith(("pla:country:", "act:country:")):
        return "pla:" + key[4:]
    return ""


def pair_features(a: Prepared, b: Prepared) -> PairFeatures:
    """The signals of one pair, unweighted."""
    pa, pb = a.profile, b.profile
    # ties broken by the key itself: set order depends on the process's string hashing
    shared = sorted(set(a.key_vector) & set(b.key_vector), key=lambda k: (-a.key_vector[k], k))
    values = {
        "meaning": float(np.dot(a.embedding, b.embedding)),
        "shared": cosine(a.key_vector, b.key_vector),
        "wording": cosine(a.term_vector, b.term_vector),
    }
    details: dict[str, str] = {}
    units = sorted(
        u
        for u in pa.lead_counts
        if u in pb.lead_counts and _disagree(pa.lead_counts[u], pb.lead_counts[u])
    )
    if units:
        u = units[0]
        details["count_conflict"] = (
            f"{u}: {_values(pa.lead_counts[u])} vs {_values(pb.lead_counts[u])}"
        )
    if pa.lead_weekdays and pb.lead_weekdays and not pa.lead_weekdays & pb.lead_weekdays:
        details["weekday_conflict"] = (
            f"{_weekdays(pa.lead_weekdays)} vs {_weekdays(pb.lead_weekdays)}"
        )
    only_a, only_b = pa.lead_people - pb.keys.keys(), pb.lead_people - pa.keys.keys()
    if only_a and only_b:
        details["people_conflict"] = f"{_names(only_a, pa)} vs {_names(only_b, pb)}"
    only_a, only_b = pa.lead_places - pb.keys.keys(), pb.lead_places - pa.keys.keys()
    if only_a and only_b:
        details["place_conflict"] = f"{_names(only_a, pa)} vs {_names(only_b, pb)}"
    if pa.lead_years and pb.lead_years and not pa.lead_years & pb.lead_years:
        details["year_conflict"] = f"{_values(pa.lead_years)} vs {_values(pb.lead_years)}"
    units = sorted(u for u in a.counts if u in b.counts and _disagree(a.counts[u], b.counts[u]))
    if units:
        u = units[0]
        details["any_count_conflict"] = f"{u}: {_values(a.counts[u])} vs {_values(b.counts[u])}"
    only_a, only_b = a.states - b.states, b.states - a.states
    if only_a and only_b:
        details["state_conflict"] = f"{_names(only_a, pa)} vs {_names(only_b, pb)}"
    for name, days, tolerance in (
        ("date_conflict", (pa.event_day, pb.event_day), DATE_TOLERANCE_DAYS),
        ("published_conflict", (pa.published, pb.published), PUBLISHED_TOLERANCE_DAYS),
    ):
        first, second = days
        if first and second and abs((first - second).days) > tolerance:
            details[name] = f"{first.isoformat()} vs {second.isoformat()}"
    for name in FEATURES[3:]:
        values[name] = 1.0 if name in details else 0.0
    wording = tuple(pa.names.get(k, _label(k)) for k in shared[:5])
    return PairFeatures(values=values, shared=wording, details=details)


def decide(a: Prepared, b: Prepared, weights: Weights | None = None) -> PairDecision:
    """The probability that ``a`` and ``b`` report the same event, with its signals."""
    weights = weights or Weights.default()
    features = pair_features(a, b)
    logit = weights.bias
    signals: list[Signal] = []
    for name in FEATURES:
        value = features.values[name]
        contribution = weights.weights.get(name, 0.0) * value
        logit += contribution
        if value:
            signals.append(Signal(name, round(contribution, 3), _describe(name, value, features)))
    probability = 1.0 / (1.0 + math.exp(-logit))
    return PairDecision(
        article=a.profile.article_id,
        other=b.profile.article_id,
        probability=round(probability, 4),
        signals=tuple(signals),
    )


def seen_from(decision: PairDecision, member: str) -> PairDecision:
    """The decision with ``member`` as its ``article`` (signals are symmetric)."""
    if decision.article == member:
        return decision
    return PairDecision(member, decision.article, decision.probability, decision.signals)


def _describe(name: str, value: float, features: PairFeatures) -> str:
    if name == "meaning":
        return f"leads similar in meaning (cosine {value:.2f})"
    if name == "shared":
        names = ", ".join(features.shared) or "nothing rare"
        return f"share {names} (weighted overlap {value:.2f})"
    if name == "wording":
        return f"wording overlap {value:.2f}"
    return f"{name.replace('_conflict', '')} differs: {features.details[name]}"


def _label(key: str) -> str:
    """A key as a reader would say it: ``act:person:antony-blinken`` -> antony-blinken."""
    return key.split(":", 1)[1].rsplit(":", maxsplit=1)[-1].replace("|", " ")


def _names(keys: frozenset[str] | set[str], profile: EventProfile) -> str:
    return ", ".join(sorted(profile.names.get(k, _label(k)) for k in keys)[:3])


def _values(values: frozenset[float] | frozenset[int]) -> str:
    return "/".join(f"{v:g}" for v in sorted(values))


_WEEKDAY_NAMES = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekdays(days: frozenset[int]) -> str:
    return "/".join(_WEEKDAY_NAMES[d] for d in sorted(days))
