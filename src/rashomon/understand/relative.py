"""Relative date expressions: which way they look, and their resolution against a date.

Whether a bare "on Saturday" or "in November" is the last one or the next one
depends on the verb it hangs on (:func:`looks_forward`, from spaCy's tags and
dependencies: "said on Saturday" looks back, "will be confirmed on Sunday" ahead).

A :class:`Relation` is what "last September" or "on Saturday (looking back)" means
without any anchor. It is written at the end of a date mention's note in brackets
("[kind=weekday; weekday=Saturday; direction=past]"), so that a later stage can
read it back and anchor it to another date, such as that of a sibling article of
the same story. Resolution needs the parts of the anchor the relation uses: a
weekday needs the full date, "last year" only the year; a date whose year is
unknown ("--07-07", from a dateline) anchors nothing, since the weekday of a
month-day and the year of a month both depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from rashomon.model import DatePrecision, DocumentDate
from rashomon.understand.dateline import Anchor, lexicon, parse_anchor

_LEX = lexicon()
_WEEKDAY_NAMES = {number: name for name, number in _LEX.weekdays.items()}
_MONTH_NAMES = {number: name for name, number in _LEX.months.items()}
_BRACKET = re.compile(r"\[([^\[\]]*)\]\s*$")


@dataclass(frozen=True, slots=True)
class Relation:
    """A relative date, independent of its anchor.

    ``kind``: ``weekday`` (direction past | future | last | next | week, the last
    with ``offset`` weeks from the anchor's ISO week), ``monthday`` (past | future |
    nearest), ``month`` (past | future | last | next | this | nearest), ``offset`` (a
    signed count of ``unit`` from the anchor: "last year", "yesterday") or ``event`` (a
    count of ``unit`` ``link``-ed to another event; never resolved here).
    """

    kind: str
    direction: str = ""
    weekday: int = 0  # ISO: Monday = 1
    month: int = 0
    day: int = 0
    offset: int = 0
    unit: str = ""
    link: str = ""
    vague: bool = False  # the count is vague ("a few days ago")

    def render(self) -> str:
        parts = [f"kind={self.kind}"]
        if self.weekday:
            parts.append(f"weekday={_WEEKDAY_NAMES[self.weekday]}")
        if self.month:
            parts.append(f"month={_MONTH_NAMES[self.month]}")
        if self.day:
            parts.append(f"day={self.day}")
        if self.direction:
            parts.append(f"direction={self.direction}")
        if self.offset or self.kind == "offset":
            parts.append(f"offset={self.offset:+d}")
        parts += [f"{k}={v}" for k, v in (("unit", self.unit), ("link", self.link)) if v]
        if self.vague:
            parts.append("vague=yes")
        return "; ".join(parts)

    @classmethod
    def from_note(cls, note: str | None) -> Relation | None:
        """The relation written at the end of a mention's note, if any."""
        pairs = _pairs(note)
        if "kind" not in pairs:
            return None
        names = {f.name for f in fields(cls)}
        known = {k: v for k, v in pairs.items() if k in names}
        return cls(
            kind=known["kind"],
            direction=known.get("direction", ""),
            weekday=_LEX.weekdays.get(known.get("weekday", ""), 0),
            month=_LEX.months.get(known.get("month", ""), 0),
            day=int(known.get("day", 0)),
            offset=int(known.get("offset", 0)),
            unit=known.get("unit", ""),
            link=known.get("link", ""),
            vague=known.get("vague") == "yes",
        )

    @staticmethod
    def extras_from_note(note: str | None) -> dict[str, str]:
        """The bracket's other fields ("part=late", "prep=since")."""
        names = {f.name for f in fields(Relation)}
        return {k: v for k, v in _pairs(note).items() if k not in names}


def _pairs(note: str | None) -> dict[str, str]:
    found = _BRACKET.search(note or "")
    if found is None:
        return {}
    pairs = (item.partition("=") for item in found[1].split("; "))
    return {k.strip(): v.strip() for k, _, v in pairs if k.strip()}


# -- direction: does the expression look back or ahead? --------------------------------


def looks_forward(doc: Any, start: int, end: int) -> bool:
    """Whether the verb the date hangs on points after the document date: a future
    modal ("will be confirmed on Sunday"), an infinitive under a governor not in
    the past ("is to be confirmed on Sunday", "wants to meet on Monday"), or a
    forward-looking participle in the present ("is expected on Monday"). Past,
    perfect and present tenses look back ("is said to have raised it in February")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(8):
        if token.tag_.startswith(("VB", "MD")) or token.lower_ in _LEX.future_governors:
            break
        if token.head.i == token.i:
            return False
        token = token.head
    auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & _LEX.future_auxiliaries:
        return True
    if auxiliaries & _PERFECT:
        return False
    if "to" in auxiliaries or token.dep_ == "xcomp":
        return _finite_tense(token.head) != "past"
    complements = [c for c in token.children if c.dep_ in ("acomp", "oprd")]
    if token.lower_ in _LEX.future_governors or any(
        c.lower_ in _LEX.future_governors for c in complements
    ):  # "is expected on Monday", "is due on Friday"
        return _finite_tense(token) == "present"
    return False


def weekday_direction(doc: Any, start: int, end: int) -> str:
    """``future`` when the verb looks ahead, ``nearest`` for a plan told in the past
    ("were set to go into effect on Tuesday": ahead or just gone by), else ``past``."""
    if looks_forward(doc, start, end):
        return "future"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "past"
    token = span.root
    for _ in range(8):
        if token.tag_.startswith(("VB", "MD")) or token.lower_ in _LEX.future_governors:
            auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
            return "nearest" if _ahead_from_the_past(token, auxiliaries) else "past"
        if token.head.i == token.i:
            break
        token = token.head
    return "past"


_PERFECT = frozenset({"have", "has", "had", "'ve"})
_PRESENT_PERFECT = frozenset({"have", "has", "'ve"})


def tense_direction(doc: Any, start: int, end: int) -> str:
    """``future`` when the date's verb looks ahead (``looks_forward``), ``past`` when
    the verb governing it is in the past tense, ``nearest`` otherwise: a date inside
    a noun phrase ("his visit to the UK on July 13"), under a present tense ("the
    president faces a May 12 deadline") or a participle with no finite verb above it
    says nothing of its direction, and the calendar date nearest the document date
    is the likely one (on NewsWCL50 the past reading put such dates a year off)."""
    if looks_forward(doc, start, end):
        return "future"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "past"
    if span.start > 0 and doc[span.start - 1].lower_ == "since":
        return "past"
    token = span.root
    if token.dep_ in {"compound", "nmod", "amod"} and token.head.pos_ in {"NOUN", "PROPN"}:
        # "came days before a May 12 deadline": a date naming a thing's day, not when
        # the verb's action happened
        return "nearest"
    for _ in range(8):
        if token.tag_.startswith(("VB", "MD")) or token.lower_ in _LEX.future_governors:
            auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
            if token.lower_ in _LEX.future_governors and auxiliaries & _PRESENT_PERFECT:
                return "nearest"  # "has scheduled a May 17 hearing": often still ahead
            if _ahead_from_the_past(token, auxiliaries):
                return "nearest"  # "were set to go into effect on Tuesday"
            if auxiliaries & _PERFECT or _finite_tense(token) == "past":
                return "past"  # "have been held since April", "met in May"
            return "nearest"
        if token.head.i == token.i:
            return "nearest"
        token = token.head
    return "nearest"


def _ahead_from_the_past(verb: Any, auxiliaries: set[str]) -> bool:
    """'The tariffs were set to go into effect on Tuesday', 'divers were due to inspect
    the hull on Sunday', 'the vote was expected on Friday': a plan told in the past
    may be still ahead or just gone by the time of writing, so neither direction is
    sure and the nearest such day is the likely one."""
    infinitive = "to" in auxiliaries or verb.dep_ == "xcomp"
    governor = verb.head if infinitive else verb
    if governor.tag_ == "VBD":
        return False  # "the judge scheduled a hearing on May 17": the act, told as past
    words = {governor.lower_} | {c.lower_ for c in governor.children if c.dep_ in ("acomp",)}
    return bool(words & _LEX.future_governors) and _finite_tense(governor) == "past"


def _finite_tense(token: Any) -> str:
    """future | past | present | unknown: the first finite tense at or above ``token``."""
    for _ in range(8):
        words = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        words.append(token)
        if any(w.lower_ in _LEX.future_auxiliaries for w in words):
            return "future"
        tags = {w.tag_ for w in words}
        if "VBD" in tags:
            return "past"
        if tags & {"VBZ", "VBP"}:
            return "present"
        if token.head.i == token.i:
            break
        token = token.head
    return "unknown"


# -- resolution against an anchor ---------------------------------------------------------


def _precision(relation: Relation) -> DatePrecision | None:
    if relation.kind in ("weekday", "monthday"):
        return DatePrecision.DAY
    if relation.kind == "month":
        return DatePrecision.MONTH
    return {"day": DatePrecision.DAY, "month": DatePrecision.MONTH, "year": DatePrecision.YEAR}.get(
        relation.unit
    )


def _needs(relation: Relation) -> str:
    """The coarsest anchor the relation can be resolved with: day, month or year."""
    if relation.kind in ("weekday", "monthday") or relation.unit in ("day", "week"):
        return "day"
    if relation.kind == "month" and relation.direction == "this":
        return "year"
    if relation.kind == "month" or relation.unit == "month":
        return "month"
    return "year"


Resolved = tuple[str | None, DatePrecision | None, str]


def resolve(relation: Relation, document: DocumentDate, surface: str) -> Resolved:
    """(canonical or None, precision, explanation or reason) for ``surface``."""
    precision = _precision(relation)
    anchor = parse_anchor(document.value)
    if document.value is None:
        return None, precision, f"no document date to anchor '{surface}'"
    if anchor.year is None:
        reason = (
            f"document date {document.value} ({document.source}) has no year to anchor '{surface}'"
        )
        return None, precision, reason
    need = _needs(relation)
    if (need == "day" and anchor.date is None) or (need == "month" and anchor.month is None):
        return (
            None,
            precision,
            f"document date {document.value} is too coarse to anchor '{surface}'",
        )
    if relation.vague:
        return None, precision, f"vague count in '{surface}'"
    try:
        canonical, rule = _compute(relation, anchor)
    except (
        ValueError,
        OverflowError,
    ) as error:  # February 29 in a common year, a year out of range
        return None, precision, f"'{surface}' has no date near {document.value}: {error}"
    return canonical, precision, f"{rule} document date {document.value}"


def _compute(relation: Relation, anchor: Anchor) -> tuple[str, str]:
    kind, direction = relation.kind, relation.direction
    year = anchor.year or 0
    if kind == "weekday":
        return _weekday(relation, anchor.date or date.min)
    if kind == "monthday":
        here = (anchor.month or 0, anchor.day or 0)
        there = (relation.month, relation.day)
        if direction == "future":
            y, rule = (year if there >= here else year + 1), "month-day on or after"
        elif direction == "nearest":
            y = min(
                (year - 1, year, year + 1),
                key=lambda y: abs((_safe_date(y, *there) - _safe_date(year, *here)).days),
            )
            rule = "month-day nearest"
        else:
            y, rule = (year if there <= here else year - 1), "month-day on or before"
        return date(y, relation.month, relation.day).isoformat(), rule
    if kind == "month":
        return _month(relation, year, anchor.month or 0)
    return _offset(relation, anchor)


def _weekday(relation: Relation, day: date) -> tuple[str, str]:
    current, wanted = day.isoweekday(), relation.weekday
    back, ahead = (current - wanted) % 7, (wanted - current) % 7
    match relation.direction:
        case "future":
            return (day + timedelta(ahead)).isoformat(), "weekday on or after"
        case "last":
            return (day - timedelta(back or 7)).isoformat(), "weekday before"
        case "next":
            return (day + timedelta(ahead or 7)).isoformat(), "weekday after"
        case "nearest":
            if ahead < back:
                return (day + timedelta(ahead)).isoformat(), "weekday nearest"
            return (day - timedelta(back)).isoformat(), "weekday nearest"
        case "week":
            monday = day - timedelta(current - 1)
            found = monday + timedelta(7 * relation.offset + wanted - 1)
            where = {-1: "the week before", 1: "the week after"}.get(relation.offset, "the week of")
            return found.isoformat(), f"weekday in {where}"
        case _:
            return (day - timedelta(back)).isoformat(), "weekday on or before"


def _safe_date(year: int, month: int, day: int) -> date:
    """The day, or the last of February for a 29th in a common year."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


def _month(relation: Relation, year: int, current: int) -> tuple[str, str]:
    wanted = relation.month
    match relation.direction:
        case "future":
            y, rule = (year if wanted >= current else year + 1), "month on or after that of"
        case "last":
            y, rule = (year if wanted < current else year - 1), "month before that of"
        case "next":
            y, rule = (year if wanted > current else year + 1), "month after that of"
        case "this":
            y, rule = year, "month in the year of"
        case "nearest":
            y = min(
                (year - 1, year, year + 1), key=lambda y: abs(12 * (y - year) + wanted - current)
            )
            rule = "month nearest that of"
        case _:
            y, rule = (year if wanted <= current else year - 1), "month on or before that of"
    return f"{y:04d}-{wanted:02d}", rule


def _offset(relation: Relation, anchor: Anchor) -> tuple[str, str]:
    n, unit = relation.offset, relation.unit
    rule = f"{abs(n)} {unit}{'s' if abs(n) != 1 else ''} {'before' if n < 0 else 'after'}"
    if n == 0:
        rule = f"the {unit} of"
    if unit == "day":
        return ((anchor.date or date.min) + timedelta(n)).isoformat(), rule
    if unit == "week":
        year, week, _ = ((anchor.date or date.min) + timedelta(7 * n)).isocalendar()
        return f"{year:04d}-W{week:02d}", rule
    if unit == "month":
        months = (anchor.year or 0) * 12 + (anchor.month or 1) - 1 + n
        return f"{months // 12:04d}-{months % 12 + 1:02d}", rule
    return f"{(anchor.year or 0) + n:04d}", rule
