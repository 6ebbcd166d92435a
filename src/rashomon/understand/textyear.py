"""The year of an article that does not state it, when its own text pins it down.

An article without metadata often has a dateline without a year ("YEREVAN, July 7")
or none at all. Its relative dates ("On July 3", "on Saturday", "last year") then
resolve to nothing, and its story falls out of the timeline. Guessing the year is
not an option: on the 3,734 AllSides articles with known dates that say "last year"
and tell a dated past, the earliest year a dateline allows after the latest past
date the text tells is right for 17%, and "last year" read as the latest past year
named is right for 30% (benchmarks/text_year.py; docs/quality.md "Year read from the
text").

What is used instead is a pair of facts the text itself gives, both required:

- **a "last year" tied to a dated happening**: "captured during the hostilities
  last year" names a war; "Renewed clashes ... erupted on September 27, 2020" dates
  a happening of the same family (``data/event_families.yaml``: a war's clashes,
  fighting and hostilities). If every such dated happening of the text gives one
  year Y, the article was written in Y + 1;
- **no contradiction with the past the text tells**: the document date so obtained
  (the dateline's month and day in that year, or the year's last day) is not before
  any date the text tells in the past tense ("signed on November 9, 2020"). When
  the candidates are several years ("the 1993 war ... retaken in late 2020"), the
  bound keeps only those it allows; when more than one is left, or none, the year
  stays unknown.

The year found comes with its reason, shown wherever the date is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from rashomon.model import DatePrecision, DocumentDate, Mention, MentionType, Resolution
from rashomon.understand.dateline import parse_anchor
from rashomon.understand.relative import Relation, tense_direction

# How far before "last year" its noun may stand: "the hostilities last year",
# "the armed conflict last year" (the noun is the word just before, or one apart).
_HEAD_REACH = 2


@dataclass(frozen=True, slots=True)
class TextYear:
    """The year an article was written in, and why."""

    year: int
    reason: str


@cache
def families() -> dict[str, str]:
    """Lemma -> family name, from ``data/event_families.yaml``."""
    path = resources.files("rashomon.understand").joinpath("data/event_families.yaml")
    raw = yaml.safe_load(path.read_text("utf-8"))
    return {lemma: name for name, lemmas in raw["families"].items() for lemma in lemmas}


def _family(lemma: str) -> str:
    return families().get(lemma, lemma)


def _lemma(token: Any) -> str:
    """A noun's lemma: spaCy's when the pipeline has a lemmatizer (rashomon's runs
    without one, for speed), else the word made singular by its ending."""
    if token.lemma_:
        return str(token.lemma_).lower()
    word = str(token.lower_)
    for plural, singular in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def year_unknown(anchor: DocumentDate) -> bool:
    """True when the document date lacks a year (none, or a dateline's ``--MM-DD``)."""
    return anchor.value is None or anchor.value.startswith("--")


def text_year(doc: Any, dates: Sequence[Mention], anchor: DocumentDate) -> TextYear | None:
    """The year the article was written in, from its own text, or None.

    ``dates`` are the article's DATE mentions as :func:`timex.find_dates` gives them
    under ``anchor`` (a document date without a year)."""
    heads: dict[str, Any] = {}  # family -> the first noun "last year" is said of
    for head in _last_year_heads(doc, dates):
        heads.setdefault(_family(_lemma(head)), head)
    if not heads:
        return None
    past_days = told_in_the_past(doc, dates)
    if not past_days:
        return None
    said_last_year = {
        sentence.start for m in dates if _is_last_year(m) and (sentence := _sentence(doc, m))
    }
    candidates: dict[int, tuple[Any, Mention]] = {}
    for mention, _ in past_days:
        sentence = _sentence(doc, mention)
        if sentence is None or sentence.start in said_last_year:
            continue
        nouns = {_family(_lemma(t)) for t in sentence if t.pos_ == "NOUN"}
        for family, head in heads.items():
            if family in nouns:
                year = int((mention.canonical or "")[:4]) + 1
                candidates.setdefault(year, (head, mention))
    bound_mention, bound = max(past_days, key=lambda item: item[1])
    allowed = {
        year: found for year, found in candidates.items() if _latest_day(year, anchor) >= bound
    }
    if len(allowed) != 1:
        return None
    ((year, (head, dated)),) = allowed.items()
    family = _family(_lemma(head))
    reason = (
        f"{year}, from the text: the {head.text} of 'last year' are the {family} it "
        f"dates to {dated.canonical} ('{dated.text}'), and nothing it tells in the past "
        f"is later (latest: '{bound_mention.text}')"
    )
    return TextYear(year, reason)


def with_year(anchor: DocumentDate, found: TextYear) -> DocumentDate:
    """The document date completed with the year from the text: the dateline's day in
    that year, or the year alone."""
    parts = parse_anchor(anchor.value)
    if parts.month is not None and parts.day is not None:
        try:
            value = date(found.year, parts.month, parts.day).isoformat()
        except ValueError:  # February 29 in a common year
            return DocumentDate(str(found.year), "text", DatePrecision.YEAR, found.reason)
        return DocumentDate(value, "dateline+text", DatePrecision.DAY, found.reason)
    return DocumentDate(str(found.year), "text", DatePrecision.YEAR, found.reason)


def _latest_day(year: int, anchor: DocumentDate) -> date:
    """The latest document date the year allows: the dateline's day, else Dec 31."""
    parts = parse_anchor(anchor.value)
    if parts.month is not None and parts.day is not None:
        try:
            return date(year, parts.month, parts.day)
        except ValueError:
            return date(year, parts.month, 28)
    return date(year, 12, 31)


def _last_year_heads(doc: Any, dates: Sequence[Mention]) -> list[Any]:
    """The nouns of a family "last year" is said of: "the hostilities last year", "the
    armed conflict last year", "last year's storm". Other nouns are left out: "the
    nomination last year", "the speech last year" and "the percent last year" tied to
    the same word dated elsewhere were right for 116 of 236 AllSides articles (a
    second nomination, a speech of another year)."""
    heads = []
    for mention in dates:
        relation = Relation.from_note(mention.note)
        if relation is None or (relation.kind, relation.unit, relation.offset) != (
            "offset",
            "year",
            -1,
        ):
            continue
        if not _is_last_year(mention):
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        after = doc[span.end : span.end + 2]
        if len(after) == 2 and after[0].text in ("'s", "’s") and after[1].pos_ == "NOUN":
            head = after[1]
        else:
            before = list(doc[max(0, span.start - _HEAD_REACH) : span.start])
            nouns = [t for t in before if t.pos_ == "NOUN"]
            if not nouns or before[-1].pos_ not in ("NOUN", "ADJ"):
                continue
            head = nouns[-1]
        if _lemma(head) in families():
            heads.append(head)
    return heads


def _is_last_year(mention: Mention) -> bool:
    return mention.text.lower() == "last year"


def told_in_the_past(doc: Any, dates: Sequence[Mention]) -> list[tuple[Mention, date]]:
    """The dates the text tells in the past tense, each with the first day of the
    period it names: the article was written no earlier than the latest of them."""
    found = []
    for mention in dates:
        if _is_past_absolute(doc, mention) and (day := _start(mention)) is not None:
            found.append((mention, day))
    return found


def _is_past_absolute(doc: Any, mention: Mention) -> bool:
    return (
        mention.type is MentionType.DATE
        and mention.resolution is Resolution.ABSOLUTE
        and mention.precision in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
        and tense_direction(doc, mention.start, mention.end) == "past"
    )


def _start(mention: Mention) -> date | None:
    """The first day of the period a mention names: the earliest the article can
    have been written when it tells of it in the past."""
    parts = parse_anchor(mention.canonical)
    if parts.year is None:
        return None
    try:
        return date(parts.year, parts.month or 1, parts.day or 1)
    except ValueError:
        return None


def _sentence(doc: Any, mention: Mention) -> Any:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return None if span is None else span.sent
