"""Scoring annotations against hand-written gold.

Gold names a mention by its surface string and occurrence in the article's
cleaned text (so gold files need no offsets and quote no sentences). A
predicted mention matches a gold one when their spans overlap and, for values,
the normalised value agrees. Linking (the same place or actor across mentions
and articles) is scored pairwise: two gold mentions with the same gold key must
get the same canonical id, and two with different keys different ids.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rashomon.model import LINKED_TYPES, Mention, MentionType

_PLACE_TYPES = (MentionType.PLACE, MentionType.STATE, MentionType.GROUP)


@dataclass
class Score:
    """Counts and the named failures behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.failures.extend(other.failures)


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    text: str
    item: Mapping[str, Any]


def locate(text: str, surface: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the ``occurrence``-th (1-based) ``surface`` in ``text``."""
    position = -1
    for _ in range(max(1, occurrence)):
        position = text.find(surface, position + 1)
        if position < 0:
            return None
    return position, position + len(surface)


def gold_mentions(text: str, items: Iterable[Mapping[str, Any]], where: str) -> list[GoldMention]:
    found = []
    for item in items:
        span = locate(text, str(item["text"]), int(item.get("occurrence", 1)))
        if span is None:
            raise ValueError(f"{where}: gold mention {item['text']!r} not found in the text")
        found.append(GoldMention(span[0], span[1], str(item["text"]), item))
    return found


def _overlaps(a: GoldMention, m: Mention) -> bool:
    return a.start < m.end and m.start < a.end


def _iou(a: GoldMention, m: Mention) -> float:
    inter = min(a.end, m.end) - max(a.start, m.start)
    union = max(a.end, m.end) - min(a.start, m.start)
    return inter / union if union else 0.0


def _match(
    gold: Sequence[GoldMention],
    predicted: Sequence[Mention],
    agrees: Any,
    where: str,
    ignore: Sequence[GoldMention] = (),
) -> tuple[Score, list[tuple[GoldMention, Mention]]]:
    """Greedy one-to-one matching by overlap; ``agrees(gold, mention)`` -> None or a reason.

    Shorter gold spans choose first and take the prediction that overlaps them most, so
    a country inside a gold "Azerbaijan-Armenian border" is matched to the country.
    """
    score = Score()
    pairs: list[tuple[GoldMention, Mention]] = []
    used: set[int] = set()
    for g in sorted(gold, key=lambda g: (g.end - g.start, g.start)):
        candidates = sorted(
            (i for i, m in enumerate(predicted) if i not in used and _overlaps(g, m)),
            key=lambda i: -_iou(g, predicted[i]),
        )
        good = [i for i in candidates if agrees(g, predicted[i]) is None]
        if good:
            used.add(good[0])
            pairs.append((g, predicted[good[0]]))
            score.tp += 1
            continue
        score.fn += 1
        if candidates:
            reason = agrees(g, predicted[candidates[0]])
            score.failures.append(f"{where}: {g.text!r} found but {reason}")
        else:
            score.failures.append(f"{where}: {g.text!r} missed")
    for i, m in enumerate(predicted):
        if i in used or any(_overlaps(g, m) for g in ignore):
            continue
        if any(_overlaps(g, m) for g in gold):
            score.fp += 1  # a wrong reading of a gold mention, already named above
            continue
        score.fp += 1
        score.failures.append(f"{where}: {m.text!r} is not a gold {m.type.value} (false alarm)")
    return score, pairs


def score_numbers(
    text: str, gold: Mapping[str, Any], mentions: Sequence[Mention], where: str
) -> Score:
    expected = gold_mentions(text, gold.get("numbers") or [], where)
    ignore = gold_mentions(text, gold.get("durations") or [], where)
    predicted = [m for m in mentions if m.type is MentionType.NUMBER]

    def agrees(g: GoldMention, m: Mention) -> str | None:
        if m.value is None or abs(m.value - float(g.item["value"])) > 1e-6:
            return f"value {m.value} instead of {g.item['value']}"
        if m.qualifier is None or m.qualifier.value != g.item.get("qualifier", "exact"):
            return f"qualifier {m.qualifier} instead of {g.item.get('qualifier')}"
        return None

    score, _ = _match(expected, predicted, agrees, where, ignore)
    return score


def score_units(
    text: str, gold: Mapping[str, Any], mentions: Sequence[Mention], where: str
) -> Score:
    """Among numbers found with the right value, is the counted thing right?"""
    expected = gold_mentions(text, gold.get("numbers") or [], where)
    score = Score()
    for g in expected:
        found = [m for m in mentions if m.type is MentionType.NUMBER and _overlaps(g, m)]
        if not found:
            continue
        unit = (found[0].unit or "").casefold()
        wanted = str(g.item.get("unit") or "").casefold()
        if _singular(unit) == _singular(wanted):
            score.tp += 1
        else:
            score.fp += 1
            score.fn += 1
            score.failures.append(f"{where}: {g.text!r} counts {unit or '—'!r}, not {wanted!r}")
    return score


def _singular(unit: str) -> str:
    """Units compared without plural endings: "soldier" and "soldiers" are one unit."""
    return " ".join(w.removesuffix("s") for w in unit.split())


def score_dates(
    text: str, gold: Mapping[str, Any], mentions: Sequence[Mention], where: str
) -> Score:
    expected = gold_mentions(text, gold.get("dates") or [], where)
    predicted = [m for m in mentions if m.type is MentionType.DATE]

    def agrees(g: GoldMention, m: Mention) -> str | None:
        want = g.item.get("resolution")
        if m.resolution is None or m.resolution.value != want:
            return f"resolution {m.resolution} instead of {want}"
        value = g.item.get("value")
        if _date_key(m.canonical) != _date_key(value):
            return f"value {m.canonical} instead of {value}"
        return None

    score, _ = _match(expected, predicted, agrees, where)
    return score


def _date_key(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text[:3] if text.endswith("0s") and len(text) == 5 else text


@dataclass
class LinkingInput:
    """Matched (gold key, predicted canonical) pairs, gathered over many articles."""

    pairs: list[tuple[str, str | None, str]] = field(default_factory=list)


def score_linking(linking: LinkingInput) -> Score:
    """Pairwise: same gold key <=> same canonical id."""
    score = Score()
    for (key_a, id_a, text_a), (key_b, id_b, text_b) in combinations(linking.pairs, 2):
        same_gold = key_a == key_b
        same_predicted = id_a is not None and id_a == id_b
        if same_gold and same_predicted:
            score.tp += 1
        elif same_predicted:
            score.fp += 1
            score.failures.append(f"{text_a!r} and {text_b!r} linked ({id_a}) but differ")
        elif same_gold:
            score.fn += 1
            score.failures.append(f"{text_a!r} ({id_a}) and {text_b!r} ({id_b}) not linked")
    return score


def score_places(
    text: str,
    gold: Mapping[str, Any],
    mentions: Sequence[Mention],
    where: str,
    linking: LinkingInput,
) -> Score:
    """Places, states and demonyms; a capital acting for its state is keyed by the state."""
    items = [{**p, "key": p.get("stands_for") or p["id"]} for p in gold.get("places") or []] + [
        {**d, "key": d["country"]} for d in gold.get("demonyms") or []
    ]
    return _score_linked(text, items, mentions, _PLACE_TYPES, where=where, linking=linking)


def score_actors(
    text: str,
    gold: Mapping[str, Any],
    mentions: Sequence[Mention],
    where: str,
    linking: LinkingInput,
) -> Score:
    """People and organisations, keyed by their gold cluster."""
    items = [
        {**mention, "key": cluster["id"]}
        for cluster in gold.get("actors") or []
        for mention in cluster.get("mentions") or []
    ]
    return _score_linked(text, items, mentions, LINKED_TYPES, where=where, linking=linking)


def _score_linked(
    text: str,
    items: list[dict[str, Any]],
    mentions: Sequence[Mention],
    types: Collection[MentionType],
    *,
    where: str,
    linking: LinkingInput,
) -> Score:
    """Detection by overlap; the matched pairs go to ``linking`` for the pairwise score."""
    expected = gold_mentions(text, items, where)
    predicted = [m for m in mentions if m.type in types]
    score, pairs = _match(expected, predicted, lambda g, m: None, where)
    linking.pairs.extend((str(g.item["key"]), m.canonical, g.text) for g, m in pairs)
    return score


def evaluate(
    texts: Mapping[str, str],
    mentions: Mapping[str, Sequence[Mention]],
    gold: Mapping[str, Mapping[str, Any]],
) -> dict[str, Score]:
    """Scores per annotation type over every article the gold covers."""
    totals = {
        name: Score()
        for name in ("numbers", "units", "dates", "places", "place linking", "actors",
                     "actor linking")
    }  # fmt: skip
    places, actors = LinkingInput(), LinkingInput()
    for article_id, expected in gold.items():
        if article_id not in texts:
            continue
        text, found = texts[article_id], mentions.get(article_id, ())
        where = article_id
        totals["numbers"].add(score_numbers(text, expected, found, where))
        totals["units"].add(score_units(text, expected, found, where))
        totals["dates"].add(score_dates(text, expected, found, where))
        totals["places"].add(score_places(text, expected, found, where, places))
        totals["actors"].add(score_actors(text, expected, found, where, actors))
    totals["place linking"].add(score_linking(places))
    totals["actor linking"].add(score_linking(actors))
    return totals
