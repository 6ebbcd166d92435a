"""Internal consistency: one article whose own parts do not add up.

Two checks, both conservative (a flag must be certain from the text alone):

* **sum**: a total followed by its breakdown in the same sentence ("55 prisoners,
  including six civilians, 41 soldiers and eight separatist leaders"). With
  "including" the parts may fall short of the total but not exceed it; with "of
  whom", a colon or "made up of" they must add up exactly. Only exact figures are
  summed.
* **title**: one person given two different offices in one article (the same
  actor id with two office keys from the understanding stage).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator

from rashomon.compare.claims import Reading, evidence_at
from rashomon.model import Inconsistency, Mention, MentionType, Qualifier

_INCLUDING = re.compile(r"\b(?:including|among them|among whom)\b", re.I)
_EXACTLY = re.compile(r"\b(?:of whom|made up of|consisting of|namely)\b|:", re.I)
_MIN_PARTS = 2


def inconsistencies(reading: Reading) -> Iterator[Inconsistency]:
    yield from _sums(reading)
    yield from _titles(reading)


def checked_sums(reading: Reading) -> Iterator[tuple[Mention, list[Mention], bool, bool]]:
    """Every total with a breakdown: (total, parts, must be exact, adds up)."""
    text = reading.article.text
    numbers = [
        m
        for m in reading.annotation.mentions
        if m.type is MentionType.NUMBER and m.value is not None and m.upper is None
    ]
    for sentence in reading.annotation.sentences:
        inside = [m for m in numbers if sentence.start <= m.start < sentence.end]
        for index, total in enumerate(inside):
            rest = inside[index + 1 :]
            if len(rest) < _MIN_PARTS or total.qualifier is not Qualifier.EXACT:
                continue
            between = text[total.end : rest[0].start]
            exact = _EXACTLY.search(between) is not None
            if not exact and _INCLUDING.search(between) is None:
                continue
            parts = _coordinated(text, rest)
            if len(parts) < _MIN_PARTS or any(p.qualifier is not Qualifier.EXACT for p in parts):
                continue
            added = sum(p.value or 0.0 for p in parts)
            value = total.value or 0.0
            ok = added == value if exact else added <= value
            yield total, parts, exact, ok
            break


def _coordinated(text: str, numbers: list[Mention]) -> list[Mention]:
    """The figures of one list ("six civilians, 41 soldiers and eight leaders"):
    consecutive figures separated by a comma or "and" and a few words."""
    parts = [numbers[0]]
    for previous, current in itertools.pairwise(numbers):
        gap = text[previous.end : current.start]
        if len(gap.split()) > 5 or not re.search(r",|\band\b", gap):
            break
        parts.append(current)
    return parts


def _sums(reading: Reading) -> Iterator[Inconsistency]:
    article = reading.article
    for total, parts, exact, ok in checked_sums(reading):
        if ok:
            continue
        added = sum(p.value or 0.0 for p in parts)
        relation = "add up to" if exact else "cannot exceed"
        yield Inconsistency(
            article=article.id,
            kind="sum",
            explanation=(
                f"The parts ({' + '.join(p.text for p in parts)} = {added:g}) should {relation} "
                f"the total {total.text}."
            ),
            evidence=(evidence_at(reading, total.start, parts[-1].end),),
        )


def _titles(reading: Reading) -> Iterator[Inconsistency]:
    offices: dict[str, dict[str, Mention]] = defaultdict(dict)
    for mention in reading.annotation.mentions:
        if mention.type is not MentionType.PERSON or not mention.canonical or not mention.note:
            continue
        office = mention.note.split("/", 1)[-1]
        offices[mention.canonical].setdefault(office, mention)
    for held in offices.values():
        if len(held) < 2:
            continue
        first, second = list(held.values())[:2]
        yield Inconsistency(
            article=reading.article.id,
            kind="title",
            explanation=(
                f"{first.text} is called {first.role or first.note} and "
                f"{second.text} {second.role or second.note}: one person, two offices."
            ),
            evidence=(
                evidence_at(reading, first.start, first.end),
                evidence_at(reading, second.start, second.end),
            ),
        )
