"""Date expressions: found in the text, normalised to ISO 8601, anchored to the article's date.

Canonical values: ``2020-11-09`` (day), ``2020-11`` (month), ``2020`` (year),
``199`` for the 1990s (decade, the TIMEX3 / ISO 8601-1:2019 reduced form), and
``2023-W49`` for a week ("last week", precision week). A mention has a canonical
value exactly when it is resolved; an unresolved one has None and a note saying
why ("no document date to anchor 'Saturday'").

Resolution. Absolute dates are what the text says ("November 9, 2020", "late
2020", "the early 1990s", "since 1991"); a month-day without a year inherits the
year of the date that closes its range ("between September 27 and November 9,
2020") and, when the document date gives no year, that of the same month-day
written in full earlier in the text. Relative ones are computed from the
document date and never from today:

* a bare weekday ("on Saturday", "this Saturday") is the most recent such day on
  or before the document date (the same day counts: wire copy dated Saturday says
  "on Saturday") when its verb looks back, the next one on or after it when the
  verb looks forward ("will", "is to be confirmed", "is expected");
  "last Saturday" / "next Saturday" exclude the document date itself; "Sunday
  next week" is the Sunday of the ISO week after the document date's;
* a month-day without a year ("On July 3") and a bare month ("In November",
  "since April") are the most recent such date or month on or before the
  document date (looking back) or the next one on or after it (looking forward);
  "last September" is the most recent September before the document's month,
  "next May" the first May after it;
* "last year", "last week", "yesterday", "two years ago", "a week ago" (seven
  days) count back from the document date.

An article dated only by a dateline without a year ("YEREVAN, July 7. /TASS/.")
has the document date ``--07-07``. A careful reader knows the month and day but
not the year: "On July 3" is four days earlier but in an unknown year, the
"Wednesday" it mentions cannot be placed (weekdays fall on different dates each
year), "last year" has nothing to count from. Those stay unresolved ("document
date --07-07 (dateline) has no year ..."); absolute dates in the text still
resolve, and none of them is taken as the article's year.

Durations ("44-day", "six months", "the past 30 years") are not dates and are
skipped. A duration tied to another event ("three months after X", "a week
before the elections") is a date only through that event: unresolved, with the
event in the note. Each relative mention's note ends with its relation in
brackets ("[kind=weekday; weekday=Saturday; direction=past]") so that
:func:`reresolve` can anchor it again, e.g. to the date of another article of
the same story.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rashomon.model import DatePrecision, DocumentDate, Mention, MentionType, Resolution
from rashomon.understand.dateline import (
    DAY,
    YEAR,
    Lexicon,
    alternation,
    document_date,
    find_dateline,
    lexicon,
    month_pattern,
)
from rashomon.understand.relative import Relation, resolve, tense_direction, weekday_direction

__all__ = ["document_date", "find_dates", "reresolve"]

LEX = lexicon()


@dataclass(slots=True)
class _Found:
    """A date expression before resolution: an absolute value or a relation."""

    start: int
    end: int
    rule: str
    canonical: str | None = None
    precision: DatePrecision | None = None
    ymd: tuple[int, int | None, int | None] | None = None  # absolute parts, for ranges
    relation: Relation | None = None
    by_tense: bool = False  # the relation's direction comes from the verb's tense
    extras: dict[str, str] = field(default_factory=dict)
    explanation: str = ""  # how an absolute value got a year the expression lacks


@dataclass(slots=True)
class _Context:
    text: str
    doc: Any
    _date_entities: list[tuple[int, int]] | None = None
    _people_surnames: set[str] | None = None

    def previous_word(self, start: int) -> str:
        found = _PREVIOUS_WORD.search(self.text, max(0, start - 30), start)
        return found[1].lower() if found else ""

    def in_date_entity(self, start: int, end: int) -> bool:
        """Whether spaCy's NER put the span inside a DATE entity (read only when
        a cue word is missing: building ``doc.ents`` is not free)."""
        if self._date_entities is None:
            self._date_entities = [
                (e.start_char, e.end_char) for e in self.doc.ents if e.label_ == "DATE"
            ]
        return any(s <= start and end <= e for s, e in self._date_entities)

    def names_someone(self, start: int, end: int) -> bool:
        """Whether a month word is a person ("when May visited the White House"):
        tagged PERSON, or the subject of a verb."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) != 1:
            return False
        token = span[0]
        return token.ent_type_ == "PERSON" or (
            token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX")
        )

    def is_surname(self, word: str) -> bool:
        """Whether the article names someone in full with ``word`` last: where "Theresa
        May" is named, a bare "May" not after a word of time ("Trump, May reaffirm
        ties") is her; "in May" stays the month."""
        if self._people_surnames is None:
            self._people_surnames = {
                e[-1].text for e in self.doc.ents if e.label_ == "PERSON" and len(e) >= 2
            }
        return word in self._people_surnames


_PREVIOUS_WORD = re.compile(r"([\w'’]+)[^\w\n]*$")
Builder = Callable[[re.Match[str], _Context], list[_Found]]


def _number(word: str) -> int | None:
    """An exact count ("three", "3"); None for a vague one ("several")."""
    word = word.lower()
    return int(word) if word.isdigit() else LEX.exact_numbers.get(word)


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _absolute(m: re.Match[str], rule: str, y: int, mo: int | None, d: int | None) -> _Found:
    if d is not None and mo is not None:
        canonical, precision = f"{y:04d}-{mo:02d}-{d:02d}", DatePrecision.DAY
    elif mo is not None:
        canonical, precision = f"{y:04d}-{mo:02d}", DatePrecision.MONTH
    else:
        canonical, precision = f"{y:04d}", DatePrecision.YEAR
    return _Found(m.start(), m.end(), rule, canonical, precision, (y, mo, d))


def _valid(mo: int, d: int, y: int = 2000) -> bool:
    """Whether the day exists (in a leap year when the year is unknown)."""
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return True


# -- builders: one per pattern ----------------------------------------------------------


def _full_date(m: re.Match[str], ctx: _Context) -> list[_Found]:
    y, mo, d = int(m["y"]), LEX.month(m["m"]), _day(m["d"])
    return [_absolute(m, "full-date", y, mo, d)] if _valid(mo, d, y) else []


def _month_day(m: re.Match[str], ctx: _Context) -> list[_Found]:
    mo, d = LEX.month(m["m"]), _day(m["d"])
    if not _valid(mo, d):
        return []
    rel = Relation("monthday", month=mo, day=d)
    return [
        _Found(
            m.start(),
            m.end(),
            "month-day",
            precision=DatePrecision.DAY,
            relation=rel,
            by_tense=True,
        )
    ]


def _day_pair(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """Two days sharing a month ("May 14-15", "14 and 15 May 2024"): two mentions."""
    mo = LEX.month(m["m"])
    days = [(m.start("d"), m.end("d"), _day(m["d"])), (m.start("d2"), m.end("d2"), _day(m["d2"]))]
    first_end, second_start = (m.end("d"), m.start("d2"))
    spans = [(m.start(), first_end), (second_start, m.end())]
    if m.start("m") > m.start("d"):  # "14 and 15 May": the first mention is the bare day
        spans = [(m.start(), days[0][1]), (days[1][0], m.end())]
    found = []
    for (start, end), (_, _, d) in zip(spans, days, strict=True):
        if not _valid(mo, d):
            return []
        if m["y"]:
            item = _absolute(m, "day-pair", int(m["y"]), mo, d)
        else:
            rel = Relation("monthday", month=mo, day=d)
            item = _Found(
                0, 0, "day-pair", precision=DatePrecision.DAY, relation=rel, by_tense=True
            )
        item.start, item.end = start, end
        found.append(item)
    return found


def _month_year(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """ "March 2021", "early January 2017" (the part of the month is kept)."""
    found = _absolute(m, "month-year", int(m["y"]), LEX.month(m["m"]), None)
    if m["part"]:
        found.extras["part"] = m["part"].lower()
    return [found]


def _decade(m: re.Match[str], ctx: _Context) -> list[_Found]:
    if m["c"]:
        decade = f"{m['c']}{m['dd']}"
    else:  # "the '90s": '30s to '90s are the 1900s, '00s to '20s the 2000s
        decade = f"19{m['yy']}" if m["yy"] >= "3" else f"20{m['yy']}"
    found = _Found(m.start(), m.end(), "decade", decade, DatePrecision.DECADE)
    if m["part"]:
        found.extras["part"] = m["part"].lower()
    return [found]


def _period_year(m: re.Match[str], ctx: _Context) -> list[_Found]:
    found = _absolute(m, "period-year", int(m["y"]), None, None)
    found.extras["part"] = LEX.periods[re.sub(r"\s+", " ", m["part"].lower())]
    return [found]


def _year_pair(m: re.Match[str], ctx: _Context) -> list[_Found]:
    first, tail = int(m["y"]), m["y2"]
    second = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
    if not first < second <= first + 100:
        return []
    a = _Found(
        m.start("y"), m.end("y"), "year-pair", m["y"], DatePrecision.YEAR, (first, None, None)
    )
    b = _Found(m.start("y2"), m.end("y2"), "year-pair", f"{second:04d}", DatePrecision.YEAR)
    b.ymd = (second, None, None)
    return [a, b]


def _year(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """A bare year needs a cue before it ("in", "since", "the") or a DATE entity, and
    must not count a plural noun ("the 2000 protesters")."""
    start, end = m.span()
    if ctx.previous_word(start) not in LEX.cues and not ctx.in_date_entity(start, end):
        return []
    span = ctx.doc.char_span(start, end)
    if span is not None and span.root.dep_ == "nummod" and span.root.head.tag_ in ("NNS", "NNPS"):
        return []
    return [_absolute(m, "year", int(m["y"]), None, None)]


def _weekday(m: re.Match[str], ctx: _Context) -> list[_Found]:
    previous = ctx.previous_word(m.start())
    rel = (m["rel"] or "").lower()
    if not rel and (previous in LEX.named_days or previous in LEX.generic_weekday):
        return []
    weekday = LEX.weekdays[m["w"]]
    if m["week"]:  # "Sunday next week"
        offset = {"next": 1, "last": -1}.get(m["week"].lower(), 0)
        relation = Relation("weekday", direction="week", weekday=weekday, offset=offset)
        return [
            _Found(
                m.start(), m.end(), "weekday-week", precision=DatePrecision.DAY, relation=relation
            )
        ]
    direction = {"last": "last", "past": "last", "next": "next", "coming": "next"}.get(rel, "")
    relation = Relation("weekday", direction=direction, weekday=weekday)
    return [
        _Found(
            m.start(),
            m.end(),
            "weekday",
            precision=DatePrecision.DAY,
            relation=relation,
            by_tense=not direction,
        )
    ]


def _month(m: re.Match[str], ctx: _Context) -> list[_Found]:
    rel, part = (m["rel"] or "").lower(), (m["part"] or "").lower()
    if not rel and not part and m["m"] in LEX.ambiguous_months:
        previous = ctx.previous_word(m.start())
        if previous not in LEX.cues and not ctx.in_date_entity(m.start(), m.end()):
            return []
        if ctx.names_someone(m.start(), m.end()):
            return []
        if previous not in LEX.cues and ctx.is_surname(m["m"]):
            return []
    direction = {"coming": "next"}.get(rel, rel)
    relation = Relation("month", direction=direction, month=LEX.month(m["m"]))
    found = _Found(
        m.start(),
        m.end(),
        "month",
        precision=DatePrecision.MONTH,
        relation=relation,
        by_tense=not direction,
    )
    if part:
        found.extras["part"] = part
    return [found]


_UNIT_PRECISION = {
    "day": DatePrecision.DAY,
    "week": DatePrecision.WEEK,
    "month": DatePrecision.MONTH,
    "year": DatePrecision.YEAR,
}


def _relative_unit(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """A unit counted from the document date: "last year", "earlier this month"."""
    unit = m["u"].lower()
    offset = {"last": -1, "next": 1, "coming": 1}.get(m["rel"].lower(), 0)
    found = _Found(m.start(), m.end(), "relative-unit")
    if unit not in ("week", "month", "year"):  # a season: the year it falls in
        found.extras["part"] = "autumn" if unit == "fall" else unit
        unit = "year"
    found.relation = Relation("offset", unit=unit, offset=offset)
    found.precision = _UNIT_PRECISION.get(unit)
    if m["part"]:
        found.extras["part"] = LEX.periods.get(m["part"].lower(), m["part"].lower())
    return [found]


def _ago(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """A count back from the document date; "a week ago" is seven days (wire usage)."""
    unit, count = m["u"].lower(), _number(m["n"])
    if count is not None and unit == "week" and count == 1:
        unit, count = "day", 7
    if unit == "decade" and count is not None:
        unit, count = "year", 10 * count
    relation = Relation(
        "offset", unit=unit, offset=-count if count is not None else 0, vague=count is None
    )
    return [
        _Found(m.start(), m.end(), "ago", precision=_UNIT_PRECISION.get(unit), relation=relation)
    ]


def _day_word(m: re.Match[str], ctx: _Context) -> list[_Found]:
    offset = LEX.day_words.get((m["w"] or "today").lower(), 0)
    relation = Relation("offset", unit="day", offset=offset)
    return [_Found(m.start(), m.end(), "day-word", precision=DatePrecision.DAY, relation=relation)]


def _event(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """A duration tied to another event ("three months after X"): never resolved here."""
    link = LEX.event_links.get(re.sub(r"\s+", " ", (m["link"] or "").lower()), "")
    unit = (m["u"] or m["u2"] or "day").lower()
    count = _number(m["n"]) if m["n"] else 1
    relation = Relation("event", unit=unit, offset=count or 0, link=link, vague=count is None)
    found = _Found(m.start(), m.end(), "event", relation=relation)
    found.extras["event"] = _event_text(ctx, m.end()) if link in ("after", "before") else ""
    return [found]


def _event_text(ctx: _Context, end: int) -> str:
    """The words after "after" / "before" up to the clause's end (at most 15)."""
    span = ctx.doc.char_span(end, min(len(ctx.text), end + 200), alignment_mode="contract")
    if span is None:
        return ""
    words = []
    for token in span:
        if token.is_sent_start or token.text in {",", ";", ":", "—", "–", "(", ")", ".", "!", "?"}:
            break
        words.append(token)
        if len(words) == 15:
            break
    return ctx.text[words[0].idx : words[-1].idx + len(words[-1])] if words else ""


# -- patterns ----------------------------------------------------------------------------


def _patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str], Builder]]:
    """(trigger kind, regex, builder): each regex runs only near its kind of trigger."""

    def m(group: str) -> str:
        return month_pattern(lex, group)

    full = rf"(?P<m>{alternation(lex.months)})(?!\w)"
    weekday = rf"(?:(?:{alternation(lex.weekdays)})\s*,?\s+)?"  # "Saturday, March 9"
    day, day2, year = rf"(?P<d>{DAY})", rf"(?P<d2>{DAY})", rf"(?P<y>{YEAR})"
    numbers = rf"(?P<n>\d+|{alternation([*lex.exact_numbers, *lex.vague_numbers])})"
    links = alternation(lex.event_links)
    periods = alternation(lex.periods)
    link_pair = r"\s*(?:-|–|and|to|&)\s*"
    sep = r"(?:\s*,\s*|\s+)"
    day_parts = alternation(lex.day_parts)
    table: list[tuple[str, str, Builder]] = [
        ("month", rf"{weekday}{m('m')}\s+{day}{sep}{year}", _full_date),
        ("month", rf"{weekday}(?:the\s+)?{day}(?:\s+of)?\s+{m('m')},?\s+{year}", _full_date),
        ("month", rf"{weekday}{m('m')}\s+{day}{link_pair}{day2}(?:{sep}{year})?", _day_pair),
        ("month", rf"{weekday}{day}{link_pair}{day2}\s+{m('m')}(?:,?\s+{year})?", _day_pair),
        ("month", rf"{weekday}{m('m')}\s+{day}(?!\s*[:%]|[.,]\d)", _month_day),
        ("month", rf"{weekday}(?:the\s+)?{day}(?:\s+of)?\s+{m('m')}", _month_day),
        (
            "month",
            rf"(?:(?P<part>(?i:early|mid|late))[\s-]+)?{m('m')}\s*,?\s+(?:of\s+)?{year}",
            _month_year,
        ),
        (
            "year",
            r"(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
            r"(?:(?P<c>1[89]|20)(?P<dd>\d)0s|['’](?P<yy>\d)0s)(?!\w)",
            _decade,
        ),
        ("year", rf"(?P<part>(?i:{periods}))[\s-]+{year}", _period_year),
        ("year", rf"{year}\s*[-–]\s*(?P<y2>\d{{4}}|\d\d)(?!\w)", _year_pair),
        ("year", rf"(?<![\w-]){year}(?!\s*(?:%|percent|per\s+cent))", _year),
        (
            "weekday",
            rf"(?:(?P<rel>(?i:last|this|next|past|coming))\s+)?"
            rf"(?P<w>{alternation(lex.weekdays)})(?!\w)(?:\s+(?i:{day_parts})(?!\w))?"
            rf"(?:\s+(?P<week>(?i:next|last|this))\s+week(?!\w))?",
            _weekday,
        ),
        (
            "month",
            rf"(?:(?P<rel>(?i:last|this|next|coming))\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
            rf"{full}",
            _month,
        ),
        (
            "unit",
            rf"(?:(?P<part>(?i:{periods}|earlier|later))[\s-]+)?"
            r"(?P<rel>(?i:last|this|next|coming))\s+"
            r"(?P<u>(?i:week|month|year|spring|summer|autumn|fall|winter))(?!\w)",
            _relative_unit,
        ),
        ("unit", rf"(?i:{numbers}\s+(?P<u>day|week|month|year|decade)s?\s+ago)(?!\w)", _ago),
        (
            "unit",
            r"(?i:(?P<w>today|tonight|yesterday|tomorrow)|this\s+(?:morning|afternoon|evening))(?!\w)",
            _day_word,
        ),
        (
            "unit",
            r"(?i:(?:(?:more\s+than|over|nearly|almost|about|around|some|just|only|less\s+than|"
            rf"barely|roughly)\s+)?{numbers}\s+(?P<u>day|week|month|year|decade)s?\s+"
            rf"(?P<link>{links}))(?!\w)",
            _event,
        ),
        (
            "unit",
            r"(?i:the\s+(?:(?P<next>following|next)\s+day|(?:previous|preceding)\s+day"
            r"|day\s+(?P<link>before|after)))(?!\w)",
            _the_day,
        ),
    ]
    return [(kind, re.compile(rf"(?<![\w'’]){pattern}"), build) for kind, pattern, build in table]


def _the_day(m: re.Match[str], ctx: _Context) -> list[_Found]:
    """One day from another event: "the day after X", "the following day"."""
    link = (m["link"] or "").lower() or ("later" if m["next"] else "earlier")
    relation = Relation("event", unit="day", offset=1, link=link)
    found = _Found(m.start(), m.end(), "event", relation=relation)
    found.extras["event"] = _event_text(ctx, m.end()) if link in ("after", "before") else ""
    return [found]


_PATTERNS = _patterns(LEX)
# Every pattern holds a month or weekday name, a year, or a unit word: it runs only in
# windows around those, which spares scanning most of an article character by character.
_UNIT_WORDS = ["day", "week", "month", "year", "decade", "today", "tonight", "yesterday"]
_UNIT_WORDS += ["tomorrow", "morning", "afternoon", "evening", "spring", "summer", "autumn"]
_UNIT_WORDS += ["fall", "winter"]
_TRIGGER = re.compile(
    rf"(?P<month>{alternation([*LEX.months, *LEX.month_abbreviations])})"
    rf"|(?P<weekday>{alternation(LEX.weekdays)})"
    r"|(?P<year>(?:1[89]|20)\d\d|['’]\d0s)"
    rf"|(?P<unit>{alternation([*_UNIT_WORDS, *(w.capitalize() for w in _UNIT_WORDS)])})"
)
_BEFORE, _AFTER = 45, 25  # how far a pattern reaches before and after its trigger
_WORD_END = re.compile(r"\W|$")
_RANGE_LINK = re.compile(r"\s*(?i:and|to|until|till|through|[-–—&])\s*")


# -- finding and resolving -----------------------------------------------------------------


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each kind of trigger, merged stretches of text around its words, ending at
    a word boundary."""
    windows: dict[str, list[tuple[int, int]]] = {"month": [], "weekday": [], "year": [], "unit": []}
    for hit in _TRIGGER.finditer(text):
        spans = windows[hit.lastgroup or "unit"]
        start, end = max(0, hit.start() - _BEFORE), min(len(text), hit.end() + _AFTER)
        if spans and start <= spans[-1][1]:
            start = spans.pop()[0]
        boundary = _WORD_END.search(text, end)
        spans.append((start, boundary.start() if boundary else len(text)))
    return windows


def _candidates(ctx: _Context) -> list[_Found]:
    """Every pattern's matches, then the longest of overlapping ones (the earliest first)."""
    windows = _windows(ctx.text)
    found = [
        item
        for kind, pattern, build in _PATTERNS
        for start, end in windows[kind]
        for m in pattern.finditer(ctx.text, start, end)
        for item in build(m, ctx)
    ]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _inherit_years(found: list[_Found], text: str) -> None:
    """A range's open end takes the closing year: "between September 27 and November 9, 2020"."""
    for first, second in itertools.pairwise(found):
        if second.ymd is not None and _RANGE_LINK.fullmatch(text, first.end, second.start):
            where = f"year from the end of its range '{text[second.start : second.end]}'"
            _take_year(first, second.ymd, where)


def _take_year(item: _Found, closing: tuple[int, int | None, int | None], where: str) -> None:
    """Make a year-less month-day or bare month absolute with the year of ``closing``
    (the year before when it falls after ``closing`` in the calendar)."""
    rel = item.relation
    year, month, day = closing
    if rel is None or month is None:
        return
    if rel.kind == "monthday" and day is not None:
        y = year if (rel.month, rel.day) <= (month, day) else year - 1
        item.canonical = f"{y:04d}-{rel.month:02d}-{rel.day:02d}"
    elif rel.kind == "month" and not rel.direction:
        y = year if rel.month <= month else year - 1
        item.canonical = f"{y:04d}-{rel.month:02d}"
    else:
        return
    item.relation, item.by_tense = None, False
    item.ymd, item.explanation = (y, rel.month, rel.day or None), where


def _inherit_repeats(found: list[_Found], text: str) -> None:
    """A month-day without a year that repeats an explicit date earlier in the text is
    that date ("a ceasefire on November 10, 2020 ... the deal signed on November
    10"; "a Feb. 8, 2017, encounter ... the Feb. 8 meeting"), with or without a
    document date to anchor it. (Earlier the anchor won, for anniversary pieces; on
    NewsWCL50 that put repeated dates of past years into the document's year, and an
    anniversary written as a bare month-day is the rarer case.)"""
    seen: dict[tuple[int, int], _Found] = {}
    for item in found:
        rel = item.relation
        if item.ymd is not None and item.ymd[1] is not None and item.ymd[2] is not None:
            seen.setdefault((item.ymd[1], item.ymd[2]), item)
        elif rel is not None and rel.kind == "monthday" and (rel.month, rel.day) in seen:
            earlier = seen[(rel.month, rel.day)]
            where = f"year from '{text[earlier.start : earlier.end]}' earlier in the text"
            _take_year(item, earlier.ymd or (0, None, None), where)


def _note(explanation: str, relation: Relation | None, extras: dict[str, str]) -> str | None:
    fields = [relation.render()] if relation is not None else []
    fields += [f"{k}={v}" for k, v in extras.items() if k != "event"]
    bracket = f"[{'; '.join(fields)}]" if fields else ""
    return " ".join(p for p in (explanation, bracket) if p) or None


def _to_mention(item: _Found, text: str, anchor: DocumentDate) -> Mention:
    surface = text[item.start : item.end]
    label = f"timex:{item.rule}"
    base = Mention(
        item.start, item.end, surface, MentionType.DATE, precision=item.precision, label=label
    )
    relation = item.relation
    if relation is None:
        note = _note(item.explanation, None, item.extras)
        return replace(base, canonical=item.canonical, resolution=Resolution.ABSOLUTE, note=note)
    if relation.kind == "event":
        event = item.extras.get("event")
        what = f"{surface} {event}" if event else surface
        note = _note(f"relative to an event: {what}", relation, item.extras)
        return replace(base, resolution=Resolution.UNRESOLVED, note=note)
    canonical, precision, explanation = resolve(relation, anchor, surface)
    resolution = Resolution.RELATIVE if canonical is not None else Resolution.UNRESOLVED
    note = _note(explanation, relation, item.extras)
    return replace(base, canonical=canonical, precision=precision, resolution=resolution, note=note)


def find_dates(doc: Any, anchor: DocumentDate, text: str | None = None) -> list[Mention]:
    """Every date expression of a parsed article as a DATE mention, in text order.

    ``text`` is ``doc.text`` when the caller has it already (spaCy rebuilds
    ``doc.text`` from the tokens on every access, which costs more than this
    whole annotator).
    """
    text = doc.text if text is None else text
    ctx = _Context(text, doc)
    found = _candidates(ctx)
    _inherit_years(found, text)
    _inherit_repeats(found, text)
    dateline = find_dateline(text)
    for item in found:
        if dateline is not None and dateline.start <= item.start < dateline.end:
            item.rule = "dateline"
        previous = ctx.previous_word(item.start)
        if previous in LEX.boundaries:
            item.extras["prep"] = previous
        if item.by_tense and item.relation is not None:
            if item.relation.kind in ("monthday", "month"):
                direction = tense_direction(doc, item.start, item.end)
            else:
                direction = weekday_direction(doc, item.start, item.end)
            item.relation = replace(item.relation, direction=direction)
    return [_to_mention(item, text, anchor) for item in found]


def reresolve(mention: Mention, anchor: DocumentDate) -> Mention:
    """A relative date mention anchored again, e.g. to the date of another article
    of the same story. Absolute and event-relative mentions come back unchanged."""
    relation = Relation.from_note(mention.note)
    if relation is None or relation.kind == "event" or mention.resolution is Resolution.ABSOLUTE:
        return mention
    canonical, precision, explanation = resolve(relation, anchor, mention.text)
    extras = Relation.extras_from_note(mention.note)
    return replace(
        mention,
        canonical=canonical,
        precision=precision,
        resolution=Resolution.RELATIVE if canonical is not None else Resolution.UNRESOLVED,
        note=_note(explanation, relation, extras),
    )
