"""Counts in an article: "15 prisoners of war", "more than 6,000 people", "tens of thousands".

Sources rarely agree on wording but often on figures, so a count is normalised
to a ``value`` (``92000.0``), a ``qualifier`` (how it is hedged) and a ``unit``
(what is counted), and its ``canonical`` is the value as a plain string ("15",
"92000", "16.5"), or "low-high" for a range ("40-50"), so "fifteen" and "15"
compare equal across outlets.

Candidates are digits and number words found by one compiled regex over the
text; each is read with the lexicon in ``data/number_words.yaml`` (which also
documents the hedges and the vague words) and checked against the parse.

Decisions, in brief:

* A range ("between 40 and 50", "40 to 50", "40-50", "two or three") has
  ``value`` = low, ``upper`` = high, canonical "40-50" and qualifier ``exact``
  unless hedged ("some 40 to 50" is ``about``): the bounds are stated exactly.
* "nearly 300" and "almost 300" are ``about`` with value 300 (slightly below,
  but the figure the source gives is 300).
* A vague figure ("tens of thousands", "hundreds", "dozens", "several hundred") is
  ``vague``, ``value`` is the low end of its order of magnitude and ``upper`` the
  high end (tens of thousands: 10000 and 99999); the canonical is the low end.
* ``unit`` is the counted noun from the parse, the token the number modifies
  (``nummod``) or, for "thousands of mines" and "nine of the dead", the object
  of "of". It is lowercased unless an acronym ("armenians", but "MEPs"), and
  plural ("one soldier" -> "soldiers"). Modifiers are dropped
  ("92,000 anti-tank mines" -> "mines"; "fifteen Armenian citizens" ->
  "citizens"), but a bare "of" complement stays ("prisoners of war"; not
  "members of the armed forces", which has a determiner, -> "members").
  "14%" and "14 per cent" have unit "percent"; "€180 million" has "euros".
* Not counts, so skipped: years ("2020", "the 2019 review"), days of dates
  ("July 3", "14 and 15 May"), clock times ("11 a.m."), ordinals ("first",
  "2nd"), durations and ages (a number counting days, months, years...:
  "44-day", "90 days", "a 63-year-old", "Stavros Mellios, 58,"), identifiers
  ("Route 6"), shares ("two-thirds"), "one" as a pronoun ("one of the
  priorities", "one another"), "the two" meaning "both" ("the two countries"),
  and "several" without a scale ("several cities": no numeral to compare).

The mention's span covers the hedge, the figure, a currency symbol and a
percent marker ("more than 6,000", "up to 10 percent"), not the counted noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from rashomon.model import Mention, MentionType, Qualifier

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Digits as news writes them: "15", "92,000", "16.5".
_NUMERAL = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_YEAR = re.compile(r"1\d{3}|20\d{2}|2100")
_DASHES = frozenset({"-", "–", "—"})
_NOUNS = frozenset({"NOUN", "PROPN"})
# Links from a figure to the noun it counts ("15 prisoners", "several cities").
_COUNTING_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod"})
# NER labels under which a year-shaped figure is still a count ("2000 troops").
_COUNT_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_MAX_AGE = 120
_MAX_DAY = 31


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The word lists of ``data/number_words.yaml``, as lookup tables."""

    words: dict[str, int]  # units and tens
    tens: frozenset[str]
    scales: dict[str, float]
    vague: dict[str, tuple[float, float]]
    vague_needs_of: frozenset[str]
    vague_needs_scale: frozenset[str]
    before: dict[tuple[str, ...], Qualifier]
    hedge_words: frozenset[str]
    particle_verbs: frozenset[str]
    after: dict[tuple[str, ...], Qualifier]
    unit_markers: dict[tuple[str, ...], str]
    currency: dict[str, str]
    months: frozenset[str]
    time_units: frozenset[str]
    fractions: frozenset[str]
    time_markers: frozenset[str]
    measures: frozenset[str]
    measure_modifiers: frozenset[str]
    plurals: dict[str, str]
    candidates: re.Pattern[str]

    def plural_scale(self, word: str) -> float | None:
        """The scale of a plural scale word ("thousands" -> 1000), else None."""
        return self.scales.get(word[:-1]) if word.endswith("s") else None


def _phrases(groups: dict[str, list[str]]) -> dict[tuple[str, ...], Qualifier]:
    return {tuple(p.lower().split()): Qualifier(q) for q, items in groups.items() for p in items}


@cache
def lexicon() -> _Lexicon:
    """The lexicon, parsed once (it is static data shipped with the package)."""
    text = resources.files("rashomon.understand").joinpath("data/number_words.yaml")
    raw: dict[str, Any] = yaml.safe_load(text.read_text("utf-8"))
    words = {**raw["units"], **raw["tens"]}
    vague = {w: (float(lo), float(hi)) for w, (lo, hi) in raw["vague"].items()}
    scales = {w: float(v) for w, v in raw["scales"].items()}
    alternatives = sorted({*words, *scales, *vague}, key=len, reverse=True)
    candidates = re.compile(r"\d[\d,.]*|\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
    return _Lexicon(
        words=words,
        tens=frozenset(raw["tens"]),
        scales=scales,
        vague=vague,
        vague_needs_of=frozenset(raw["vague_needs_of"]),
        vague_needs_scale=frozenset(raw["vague_needs_scale"]),
        before=_phrases(raw["qualifiers"]),
        hedge_words=frozenset(raw["single_word_hedges"]),
        particle_verbs=frozenset(raw["particle_verbs"]),
        after=_phrases(raw["trailing_qualifiers"]),
        unit_markers={tuple(k.lower().split()): v for k, v in raw["unit_markers"].items()},
        currency=dict(raw["currency_symbols"]),
        months=frozenset(raw["months"]),
        time_units=frozenset(raw["time_units"]),
        fractions=frozenset(raw["fractions"]),
        time_markers=frozenset(raw["time_markers"]),
        measures=frozenset(raw["measures"]),
        measure_modifiers=frozenset(raw["measure_modifiers"]),
        plurals=dict(raw["irregular_plurals"]),
        candidates=candidates,
    )


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number as written, tokens ``start``..``end`` (exclusive), as [low, high]."""

    start: int
    end: int
    low: float
    high: float
    vague: bool
    words: tuple[str, ...]

    @property
    def is_numeral(self) -> bool:
        return len(self.words) == 1 and _NUMERAL.fullmatch(self.words[0]) is not None


Interval = tuple[float, float]


def _add(a: Interval, b: Interval) -> Interval:
    return a[0] + b[0], a[1] + b[1]


def _times(value: Interval, factor: float) -> Interval:
    """Scale [low, high]; a vague high end grows to the top of its order of magnitude."""
    low, high = value
    if low == high:
        return low * factor, high * factor
    return low * factor, (high + 1) * factor - 1


def _kind(word: str, lex: _Lexicon) -> str | None:
    if _NUMERAL.fullmatch(word):
        return "numeral"
    if word in lex.words:
        return "tens" if word in lex.tens else "unit"
    if word == "hundred":
        return "hundred"
    if word in lex.scales:
        return "scale"
    if word in lex.vague:
        return "vague"
    return None


def is_number_word(word: str) -> bool:
    """Whether ``word`` is part of a figure written out ("three", "hundred",
    "million", "thousands", "dozens")."""
    lex = lexicon()
    word = word.lower()
    return _kind(word, lex) is not None or lex.plural_scale(word) is not None


# Which kind of word may follow which inside one figure ("thirty one", "1.5 million").
_FOLLOWS: dict[str, frozenset[str]] = {
    "numeral": frozenset({"hundred", "scale"}),
    "unit": frozenset({"hundred", "scale"}),
    "tens": frozenset({"unit", "hundred", "scale"}),
    "hundred": frozenset({"unit", "tens", "scale"}),
    "scale": frozenset({"unit", "tens", "hundred"}),
    "vague": frozenset({"hundred", "scale"}),
}


class _Reader:
    """Reads one figure word by word, keeping its value as [low, high]."""

    def __init__(self, doc: Doc, lex: _Lexicon) -> None:
        self.doc, self.lex = doc, lex
        self.total: Interval = (0.0, 0.0)
        self.current: Interval | None = None
        self.vague = False
        self.words: list[str] = []
        self.prev: str | None = None  # the kind of the last word read

    @property
    def value(self) -> Interval:
        return _add(self.total, self.current or (0.0, 0.0))

    def take(self, word: str, kind: str) -> None:
        lex = self.lex
        if kind in ("numeral", "unit", "tens"):
            value = float(word.replace(",", "")) if kind == "numeral" else lex.words[word]
            self.current = _add(self.current or (0.0, 0.0), (value, value))
        elif kind == "hundred":
            self.current = _times(self.current or (1.0, 1.0), 100.0)
        elif kind == "scale":
            scale = lex.scales.get(word) or lex.plural_scale(word) or 1.0
            self.total = _add(self.total, _times(self.current or (1.0, 1.0), scale))
            self.current = None
        else:  # vague
            self.current, self.vague = lex.vague[word], True
        self.words.append(word)
        self.prev = kind

    def joiner(self, j: int) -> int:
        """How many tokens from ``j`` join the figure without a value of their own."""
        doc, lex, prev = self.doc, self.lex, self.prev
        word = doc[j].lower_
        nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
        if word in _DASHES and prev == "tens" and _glued(doc, j):
            return 1 if _kind(nxt, lex) == "unit" else 0  # "thirty-one"
        if word == "and" and prev in ("hundred", "scale"):
            return 1 if _kind(nxt, lex) in ("unit", "tens") else 0  # "hundred and twenty"
        if word == "and" and prev in ("numeral", "unit", "tens") and _half_follows(doc, j):
            self.current = _add(self.current or (0.0, 0.0), (0.5, 0.5))
            self.words += ["and", "a", "half"]
            self.prev = "half"
            return 3  # "two and a half"
        if word == "of" and prev == "vague" and _of_scale_follows(doc, j - 1, lex):
            self.take(nxt, "scale")  # "tens of thousands": the plural acts as a scale
            return 2
        return 0


def _read_figure(doc: Doc, i: int, lex: _Lexicon) -> _Figure | None:
    """The number starting at token ``i`` ("Thirty-one", "1.5 million", "tens of thousands")."""
    first = doc[i].lower_
    kind = _kind(first, lex)
    if kind is None:
        return None
    if first in lex.vague_needs_of and not _of_scale_follows(doc, i, lex):
        return None
    nxt = _kind(doc[i + 1].lower_, lex) if i + 1 < len(doc) else None
    if first in lex.vague_needs_scale and nxt not in ("hundred", "scale"):
        return None
    start = i
    if kind in ("hundred", "scale") and i > 0 and doc[i - 1].lower_ in ("a", "an"):
        start = i - 1  # "a hundred", "a dozen"
    reader = _Reader(doc, lex)
    j = i
    while j < len(doc):
        word = doc[j].lower_
        kind_j = _kind(word, lex)
        if reader.prev is not None:
            joined = reader.joiner(j)
            if joined:
                j += joined
                continue
            if kind_j is None or kind_j not in _FOLLOWS.get(reader.prev, frozenset()):
                break
        assert kind_j is not None
        reader.take(word, kind_j)
        j += 1
    low, high = reader.value
    return _Figure(start, j, low, high, reader.vague, tuple(reader.words))


def _half_follows(doc: Doc, j: int) -> bool:
    """ "and a half" starts at token ``j``."""
    return j + 2 < len(doc) and doc[j + 1].lower_ == "a" and doc[j + 2].lower_ == "half"


def _glued(doc: Doc, j: int) -> bool:
    """No space around token ``j`` ("Thirty-one", "40-50", "44-day")."""
    return not doc[j - 1].whitespace_ and not doc[j].whitespace_


def _of_scale_follows(doc: Doc, i: int, lex: _Lexicon) -> bool:
    """ "of" and a plural scale follow token ``i`` ("tens of thousands")."""
    return (
        i + 2 < len(doc)
        and doc[i + 1].lower_ == "of"
        and lex.plural_scale(doc[i + 2].lower_) is not None
    )


def _match_after(doc: Doc, j: int, table: dict[tuple[str, ...], Any]) -> tuple[int, Any]:
    """The longest entry of ``table`` starting at token ``j``: (its length, its value)."""
    for size in (2, 1):
        key = tuple(t.lower_ for t in doc[j : j + size])
        if len(key) == size and key in table:
            return size, table[key]
    return 0, None


def _hedge_before(doc: Doc, i: int, lex: _Lexicon) -> tuple[int, Qualifier | None]:
    """The hedge ending just before token ``i`` ("more than", "nearly"): (its start, it)."""
    for size in (3, 2, 1):
        if i - size < 0:
            continue
        key = tuple(t.lower_ for t in doc[i - size : i])
        if key not in lex.before:
            continue
        if size == 1 and key[0] in lex.hedge_words and _is_particle(doc, i - 1, lex):
            continue
        return i - size, lex.before[key]
    return i, None


def _is_particle(doc: Doc, i: int, lex: _Lexicon) -> bool:
    """ "handed OVER 15 prisoners", "argued OVER 15 islands": not a hedge."""
    word = doc[i]
    if word.tag_ == "RP" or word.dep_ in ("prt", "prep"):
        return True
    return i > 0 and doc[i - 1].lower_ in lex.particle_verbs


def _is_day_of_date(doc: Doc, fig: _Figure, lex: _Lexicon) -> bool:
    """ "July 3", "3 July", "on 14 and 15 May": a day, not a count."""
    if not fig.is_numeral or fig.low != int(fig.low) or not 1 <= fig.low <= _MAX_DAY:
        return False
    before = doc[fig.start - 1].text if fig.start > 0 else ""
    after = [t.text for t in doc[fig.end : fig.end + 3]]
    if before in lex.months or (after and after[0] in lex.months):
        return True
    return (
        len(after) == 3
        and after[0].lower() in ("and", "to", "or", *_DASHES)
        and _NUMERAL.fullmatch(after[1]) is not None
        and after[2] in lex.months
    )


def _has_unknown_suffix(doc: Doc, fig: _Figure, lex: _Lexicon) -> bool:
    """ "5m", "4x4": letters glued to digits that the lexicon cannot read."""
    if not fig.is_numeral or doc[fig.end - 1].whitespace_ or fig.end >= len(doc):
        return False
    suffix = doc[fig.end].lower_.rstrip(".")
    return suffix.isalpha() and suffix not in lex.scales and suffix not in lex.measures


def _is_year(doc: Doc, fig: _Figure, counted: Token | None) -> bool:
    if not fig.is_numeral or not _YEAR.fullmatch(fig.words[0]):
        return False
    return counted is None or doc[fig.start].ent_type_ not in _COUNT_LABELS


def _is_clock_time(doc: Doc, fig: _Figure, lex: _Lexicon) -> bool:
    """ "11 a.m.", "3.30 p.m.", "at 3.30" (tagged TIME), "half past three"."""
    if fig.end < len(doc) and doc[fig.end].lower_ in lex.time_markers:
        return True
    if fig.is_numeral and "." in fig.words[0] and doc[fig.start].ent_type_ == "TIME":
        return True
    return (
        fig.start >= 2
        and doc[fig.start - 1].lower_ in ("past", "to")
        and (doc[fig.start - 2].lower_ in ("half", "quarter"))
    )


def _is_age_or_identifier(doc: Doc, fig: _Figure) -> bool:
    """ "Stavros Mellios, 58,", "aged 58", "Route 6", "COVID-19": not counts."""
    if not fig.is_numeral or fig.start == 0:
        return False
    token, before = doc[fig.start], doc[fig.start - 1]
    if before.lower_ == "aged":
        return True
    if (
        fig.start >= 2
        and before.text == ","
        and doc[fig.start - 2].pos_ in _NOUNS
        and fig.end < len(doc)
        and doc[fig.end].text in (",", ")", ".")
        and fig.low <= _MAX_AGE
    ):
        return True
    head = token.head  # a noun just before its number names it: "Route 6", "room 5"
    return head.i < fig.start and head.pos_ in _NOUNS and fig.start - head.i <= 2


def _is_rank_or_ratio(doc: Doc, fig: _Figure) -> bool:
    """A rank ("the No. 2 Republican", "#1") or either side of a ratio ("two in
    three voters", "a two-in-three chance", "3-to-1", "four out of five"): not counts
    (on held-back news both were compared as counts and raised false disputes). The
    two figures of a ratio stand right beside its word; "12 banks in 3 countries" is
    no ratio."""
    if fig.start > 0:
        before = doc[fig.start - 1].text
        if before in ("No", "No.", "#", "Number") or (
            before == "." and fig.start > 1 and doc[fig.start - 2].text == "No"
        ):
            return True
    after = [t.text.lower() for t in doc[fig.end : fig.end + 5] if t.text != "-"]
    if _RATIO_AFTER.match(" ".join(after)):
        return True
    behind = [t.text.lower() for t in doc[max(0, fig.start - 5) : fig.start] if t.text != "-"]
    return bool(_RATIO_BEFORE.search(" ".join(behind)))


_RATIO_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)"
_RATIO_AFTER = re.compile(rf"(?:in|out of) {_RATIO_NUMBER}\b|to-\d")
_RATIO_BEFORE = re.compile(rf"\b{_RATIO_NUMBER} (?:in|out of)$")


# "at one point", "at one time": a moment, not a count of one
_MOMENTS = frozenset({"point", "points", "time", "stage", "moment"})


def _is_one_moment(fig: _Figure, counted: Token | None) -> bool:
    return fig.low == 1 and counted is not None and counted.lower_ in _MOMENTS


def _is_pronoun(doc: Doc, fig: _Figure, counted: Token | None) -> bool:
    """ "one of the priorities", "one another", "the two countries" (= both)."""
    if fig.words == ("one",):
        nxt = doc[fig.end] if fig.end < len(doc) else None
        return (
            counted is None or nxt is None or nxt.lower_ in ("of", "another") or nxt.pos_ == "DET"
        )
    if fig.words == ("two",):
        return fig.start > 0 and doc[fig.start - 1].lower_ == "the"
    return False


def _counted(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a figure in tokens ``start``..``end`` counts, from the parse."""
    for token in doc[start:end]:
        head = token.head
        if head.i >= end and head.pos_ in _NOUNS and token.dep_ in _COUNTING_DEPS:
            return head
    # "thousands of mines", "nine of the dead"
    if end < len(doc) and doc[end].lower_ == "of" and doc[end].head.i in range(start, end):
        for child in doc[end].children:
            if child.dep_ == "pobj" and child.pos_ in _NOUNS:
                return child
    return None


_RUN_ON_SENTENCE = re.compile(r"([^\W\d_]+)\.\d+$")


def _plural(word: str, lex: _Lexicon) -> str:
    if word.lower() in lex.plurals:
        return lex.plurals[word.lower()]
    if word.endswith("sis"):  # analysis, diagnosis, basis
        return word[:-2] + "es"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _unit(noun: Token, singular_to_plural: bool, lex: _Lexicon) -> str:
    """ "prisoners of war", "mines", "MEPs", "cubic metres": the counted thing, plural."""
    text = noun.text
    run_on = _RUN_ON_SENTENCE.match(text)
    if run_on:  # "12 people.3 more were hurt": a missing space, the unit ends at the period
        text = run_on.group(1)
    if not any(c.isupper() for c in text[1:]):
        text = text.lower()  # "Armenians" -> "armenians"; acronyms keep their case: "MEPs"
    if singular_to_plural and noun.tag_ in ("NN", "NNP"):
        text = _plural(text, lex)
    if noun.lower_ in lex.measures:
        modifiers = [t.lower_ for t in noun.lefts if t.lower_ in lex.measure_modifiers]
        return " ".join([*modifiers, text])  # "cubic metres", whatever "of" follows
    nxt = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
    if nxt is not None and nxt.dep_ == "prep" and nxt.lower_ == "of" and nxt.head.i == noun.i:
        objects = [c for c in nxt.children if c.dep_ == "pobj"]
        if len(objects) == 1 and objects[0].tag_ in ("NN", "NNS") and not list(objects[0].children):
            text += " of " + objects[0].lower_  # "prisoners of war", not "members of the forces"
    return text


def _fmt(value: float) -> str:
    value = round(value, 6)
    return str(int(value)) if value == int(value) else str(value)


def find_numbers(doc: Doc, text: str | None = None) -> list[Mention]:
    """Every count in ``doc``: value, hedge, counted thing; years, dates, times skipped
    (``text``: ``doc.text`` when the caller has it)."""
    lex = lexicon()
    text = doc.text if text is None else text
    mentions: list[Mention] = []
    taken = 0  # tokens before this are read already
    for match in lex.candidates.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or span.start < taken:
            continue
        fig = _read_figure(doc, span.start, lex)
        if fig is None:
            taken = span.end
            continue
        found = _mention(doc, text, fig, lex)
        taken = fig.end
        if found is not None:
            mentions.append(found[0])
            taken = found[1]
    return mentions


def _mention(doc: Doc, text: str, fig: _Figure, lex: _Lexicon) -> tuple[Mention, int] | None:
    """The mention of ``fig`` (range, hedge, unit) and the token after it; None if no count."""
    if _is_day_of_date(doc, fig, lex) or _is_clock_time(doc, fig, lex):
        return None
    if _has_unknown_suffix(doc, fig, lex):
        return None
    ext = _extent(doc, fig, lex)
    counted = None if ext.unit else _counted(doc, fig.start, ext.end)
    if _is_year(doc, fig, counted) or _is_pronoun(doc, fig, counted):
        return None
    if _is_rank_or_ratio(doc, fig) or _is_one_moment(fig, counted):
        return None
    if ext.unit is None and _is_age_or_identifier(doc, fig):
        return None
    unit = ext.unit
    if counted is not None:
        if counted.lower_ in lex.time_units or counted.lower_ in lex.fractions:
            return None  # a duration, an age or a share: "44-day", "63-year-old", "two-thirds"
        unit = _unit_of(doc, counted, ext.end, fig.low == 1 and not ext.ranged, lex)
    qualifier = Qualifier.VAGUE if fig.vague else ext.hedge or Qualifier.EXACT
    start_char = doc[ext.start].idx
    end_char = doc[ext.end - 1].idx + len(doc[ext.end - 1].text)
    first = doc[fig.start]
    mention = Mention(
        start=start_char,
        end=end_char,
        text=text[start_char:end_char],
        type=MentionType.NUMBER,
        canonical=f"{_fmt(fig.low)}-{_fmt(ext.high)}" if ext.ranged else _fmt(fig.low),
        value=fig.low,
        upper=ext.high if ext.ranged or fig.vague else None,
        qualifier=qualifier,
        unit=unit,
        label=first.ent_type_ or ("like_num" if first.like_num else "lexicon"),
    )
    return mention, ext.end


@dataclass(frozen=True, slots=True)
class _Extent:
    """What surrounds a figure: tokens ``start``..``end`` with hedge, range and marker."""

    start: int
    end: int
    high: float  # the figure's high end, or the range's
    hedge: Qualifier | None
    unit: str | None  # from a marker or a currency symbol ("14%", "€180 million")
    ranged: bool


def _extent(doc: Doc, fig: _Figure, lex: _Lexicon) -> _Extent:
    start, end, high = fig.start, fig.end, fig.high
    second = _range_end(doc, fig, lex)
    if second is not None:
        high, end = second.high, second.end
        if start > 0 and doc[start - 1].lower_ == "between":
            start -= 1
    marker_size, unit = _match_after(doc, end, lex.unit_markers)
    end += marker_size
    glued = end < len(doc) and not doc[end - 1].whitespace_
    if unit is None and glued and doc[end].lower_ in lex.measures:
        unit = doc[end].lower_  # "10km"
        end += 1
    trail_size, trailing = _match_after(doc, end, lex.after)
    end += trail_size
    if start > 0 and doc[start - 1].text in lex.currency:
        start -= 1
        unit = unit or lex.currency[doc[start].text]
    start, hedge = _hedge_before(doc, start, lex)
    return _Extent(start, end, high, hedge or trailing, unit, second is not None)


def _unit_of(doc: Doc, counted: Token, end: int, one: bool, lex: _Lexicon) -> str:
    """The unit for a counted noun; singular nouns ("one soldier", "1,611-metre") pluralised."""
    hyphenated = end < len(doc) and doc[end].text in _DASHES and counted.i == end + 1
    while (
        not hyphenated
        and counted.dep_ in {"compound", "nmod"}
        and counted.head.i > counted.i
        and counted.head.pos_ in _NOUNS
    ):
        # "one fisheries committee member" counts members, "the 22 bank and tax fraud
        # charges" charges
        counted = counted.head
    return _unit(counted, one or hyphenated, lex)


def _range_end(doc: Doc, fig: _Figure, lex: _Lexicon) -> _Figure | None:
    """The upper figure of "between 40 and 50", "40 to 50", "40-50", "two or three"."""
    if fig.vague or fig.end + 1 >= len(doc):
        return None
    link = doc[fig.end].lower_
    before = doc[fig.start - 1].lower_ if fig.start > 0 else ""
    if link in _DASHES:
        ok = _glued(doc, fig.end)
    elif link == "and":
        ok = before == "between"
    elif link == "to":
        ok = before != "from"  # "from 10 to 14 percent" is a change, not a range
    else:
        ok = link == "or"
    if not ok:
        return None
    second = _read_figure(doc, fig.end + 1, lex)
    if second is None or second.vague or second.low <= fig.low:
        return None
    if _is_year(doc, second, None):
        return None
    return second
