"""An article's own date, and the calendar words that date expressions are built of.

The date comes from the article's metadata when it has one; otherwise from a
dateline near the top of the text ("YEREVAN, July 7. /TASS/.", "BOVEC, Slovenia,
April 18 (Continental Wire) -"). A dateline gives the month and the day, rarely
the year. When nothing gives the year it stays unknown: the value is then ISO
8601's month-day form ``--07-07``. Guessing it from years mentioned in the text
(the latest one, or "last year" read backwards) would be wrong as often as an
article looks back more than a year, and every relative date would inherit the
guess; a later stage that groups articles into stories can supply the year from
a dated sibling instead (see :func:`rashomon.understand.timex.reresolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from rashomon.model import DatePrecision, DocumentDate


@dataclass(frozen=True)
class Lexicon:
    """The calendar words of ``data/timex.yaml`` (its header documents each list)."""

    months: dict[str, int]
    month_abbreviations: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    named_days: frozenset[str]
    generic_weekday: frozenset[str]
    cues: frozenset[str]
    boundaries: frozenset[str]
    periods: dict[str, str]
    day_parts: tuple[str, ...]
    exact_numbers: dict[str, int]
    vague_numbers: tuple[str, ...]
    day_words: dict[str, int]
    future_auxiliaries: frozenset[str]
    future_governors: frozenset[str]
    event_links: dict[str, str]

    def month(self, name: str) -> int:
        """The number of a month written in full or abbreviated ("Sept." -> 9)."""
        key = name.rstrip(".")
        return self.months.get(key) or self.month_abbreviations[key]

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Lexicon:
        numbers = raw["numbers"]
        return cls(
            months=dict(raw["months"]),
            month_abbreviations=dict(raw["month_abbreviations"]),
            ambiguous_months=frozenset(raw["ambiguous_months"]),
            weekdays=dict(raw["weekdays"]),
            named_days=frozenset(raw["named_days"]),
            generic_weekday=frozenset(raw["generic_weekday"]),
            cues=frozenset(raw["cues"]),
            boundaries=frozenset(raw["boundaries"]),
            periods=dict(raw["periods"]),
            day_parts=tuple(raw["day_parts"]),
            exact_numbers=dict(numbers["exact"]),
            vague_numbers=tuple(numbers["vague"]),
            day_words=dict(raw["day_words"]),
            future_auxiliaries=frozenset(raw["future_auxiliaries"]),
            future_governors=frozenset(raw["future_governors"]),
            event_links=dict(raw["event_links"]),
        )


@cache
def lexicon() -> Lexicon:
    """The built-in lexicon, read once (it is immutable)."""
    text = resources.files("rashomon.understand").joinpath("data/timex.yaml").read_text("utf-8")
    return Lexicon.parse(yaml.safe_load(text))


def alternation(words: Any) -> str:
    """A regex matching any of ``words``, the longest first ("Sept" before "Sep").

    Written as a trie ("J(?:an(?:uary)?|u(?:ly?|ne?))"): a flat alternation of
    fifty words makes the regex engine try each at every position, several times
    slower on a whole article.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie) or "(?!)"


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [
        re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def month_pattern(lex: Lexicon, group: str) -> str:
    """A month written in full or abbreviated, in named group ``group``."""
    abbreviations = alternation(lex.month_abbreviations)
    return rf"(?P<{group}>(?:{alternation(lex.months)})(?!\w)|(?:{abbreviations})(?:\.|(?!\w)))"


DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d\w])"
YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d\w])"


# -- ISO values ---------------------------------------------------------------------------

_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?=$|[T ])")
_MONTH_DAY = re.compile(r"^--(?P<m>\d{2})-(?P<d>\d{2})$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A document date taken apart: any of year, month and day may be unknown."""

    year: int | None
    month: int | None
    day: int | None

    @property
    def date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


def parse_anchor(value: str | None) -> Anchor:
    """``2021-07-07``, ``2021-07``, ``2021``, ``--07-07`` (year unknown) or None."""
    if value:
        if found := _ISO.match(value):
            month, day = found["m"], found["d"]
            return Anchor(int(found["y"]), int(month) if month else None, int(day) if day else None)
        if found := _MONTH_DAY.match(value):
            return Anchor(None, int(found["m"]), int(found["d"]))
    return Anchor(None, None, None)


def _from_metadata(published: str) -> tuple[str, DatePrecision] | None:
    """The date part of an ISO date or datetime, as written (the publisher's local day)."""
    found = _ISO.match(published.strip())
    if found is None:
        return None
    try:
        if found["d"]:
            return date.fromisoformat(found[0]).isoformat(), DatePrecision.DAY
    except ValueError:
        return None
    if found["m"]:
        if not 1 <= int(found["m"]) <= 12:
            return None
        return found[0], DatePrecision.MONTH
    return found[0], DatePrecision.YEAR


def day_range(value: str | None) -> tuple[date, date] | None:
    """The first and last day a canonical date covers (``2020-11`` -> Nov 1..30)."""
    if not value:
        return None
    return _day_range(value)


@lru_cache(maxsize=1 << 14)
def _day_range(value: str) -> tuple[date, date] | None:
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7 and value[4] == "-":
            first = date(int(value[:4]), int(value[5:7]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, date.fromordinal(following.toordinal() - 1)
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


# -- datelines ----------------------------------------------------------------------------

# How far into the text a dateline may sit: a standfirst or a kicker can come first.
_DATELINE_PARAGRAPHS = 3
_DATELINE_CHARS = 1_200


def _dateline_pattern(lex: Lexicon) -> re.Pattern[str]:
    place = r"(?P<place>[^\W\d_][^\W\d_'’.\- ]*(?:[ '’.\-]+[^\W\d_]+)*\.?)"
    region = r"(?:,\s+[^\W\d_][\w'’.\- ]{1,40}?)?"
    month_day = (
        rf"{month_pattern(lex, 'm')}\s+(?P<d>{DAY})"
        rf"|(?P<d2>{DAY})\s+{month_pattern(lex, 'm2')}"
    )
    end = r"\s*(?:[.(—–\-/]|$)"
    return re.compile(
        rf"{place}{region},\s+(?:{month_day})(?:,?\s+(?P<y>{YEAR}))?{end}", re.MULTILINE
    )


_DATELINE = _dateline_pattern(lexicon())


@dataclass(frozen=True, slots=True)
class Dateline:
    start: int
    end: int
    year: int | None
    month: int
    day: int


def find_dateline(text: str) -> Dateline | None:
    """The first dateline opening one of the first few paragraphs: an upper-case
    place, an optional region, then the month and day ("ATHENS, March 16 —")."""
    lex = lexicon()
    offset = 0
    for paragraph in text[:_DATELINE_CHARS].split("\n")[: _DATELINE_PARAGRAPHS * 2]:
        found = _DATELINE.match(paragraph)
        if found and found["place"].isupper():
            month = lex.month(found["m"] or found["m2"])
            day = int(re.sub(r"\D", "", found["d"] or found["d2"]))
            year = int(found["y"]) if found["y"] else None
            try:
                date(year or 2000, month, day)  # 2000 is a leap year: "February 29" is fine
            except ValueError:
                return None
            return Dateline(offset, offset + found.end(), year, month, day)
        offset += len(paragraph) + 1
    return None


def document_date(text: str, published: str | None, fetched: str | None = None) -> DocumentDate:
    """The article's own date: metadata first (day precision for a date or
    datetime), else a dateline near the top of the text, else none.

    A metadata date coarser than a day is completed by a dateline's month and
    day (source ``dateline``). A dateline without a year takes it from the date a
    crawler fetched the page (``fetched``, a WARC date): the article was written on
    or before that day, so the year is the fetch year, or the one before when the
    month-day falls after the fetch date. Without either, it gives ``--MM-DD``: the
    month and day are known, the year is not, and nothing is guessed.
    """
    meta = _from_metadata(published) if published else None
    if meta is None and fetched:
        fetch = _from_metadata(fetched)
        crawled = find_dateline(text)
        if fetch is not None and crawled is not None and crawled.year is None:
            fetched_on = date.fromisoformat(fetch[0][:10])
            later = (crawled.month, crawled.day) > (fetched_on.month, fetched_on.day)
            meta = (f"{fetched_on.year - later:04d}", DatePrecision.YEAR)
    if meta is not None and meta[1] is DatePrecision.DAY:
        return DocumentDate(meta[0], "metadata", DatePrecision.DAY)
    line = find_dateline(text)
    if line is not None:
        year = line.year
        if year is None and meta is not None:
            year = int(meta[0][:4])
        if year is not None:
            try:
                value = date(year, line.month, line.day).isoformat()
            except ValueError:  # February 29 in a common year
                value = None
            if value is not None:
                return DocumentDate(value, "dateline", DatePrecision.DAY)
        else:
            return DocumentDate(f"--{line.month:02d}-{line.day:02d}", "dateline", DatePrecision.DAY)
    if meta is not None:
        return DocumentDate(meta[0], "metadata", meta[1])
    return DocumentDate(None, "none", None)
