"""How each outlet tells a story: loaded words and whose voice they are in, and whom
each outlet lets speak.

* **Loaded words** (``data/loaded.yaml``): each use of a term with a neutral
  counterpart ("illegal immigrants" / "undocumented immigrants", "occupied" /
  "controlled") or of a judging verb or adjective ("slammed", "so-called"), with its
  voice: inside a quotation or reported speech it is the speaker's, elsewhere the
  outlet's own. A word is never counted as an outlet's own voice when it stands
  inside an attribution.
* **Contrasts**: a term one outlet of the story uses in its own voice while another
  outlet has it only inside quotes (so one says it, the other reports someone saying
  it).
* **Voices**: per article, each credited source, with its number of quotes and the
  words they hold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from rashomon.model import Contrast, LoadedUse, MentionType, Quote, Voice, Voices

if TYPE_CHECKING:
    from rashomon.compare.claims import Reading

EVALUATIVE = "evaluative"
_NAMES = frozenset({MentionType.PERSON, MentionType.ORGANISATION})


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    pattern: re.Pattern[str]
    neutral: str | None


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    pieces = []
    for w in sorted(words, key=len, reverse=True):
        piece = r"\s+".join(re.escape(part) for part in w.split())
        pieces.append(piece.replace(r"\*", r"[\w-]*"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(pieces) + r")(?![\w-])", re.IGNORECASE)


@cache
def loaded_terms() -> tuple[Term, ...]:
    """The lexicon, compiled once; the judging words last, as one entry."""
    text = resources.files("rashomon.compare").joinpath("data/loaded.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    terms = [
        Term(str(e["id"]), _pattern([str(w).lower() for w in e["words"]]), e.get("neutral"))
        for e in data["terms"]
    ]
    terms.append(Term(EVALUATIVE, _pattern([str(w).lower() for w in data["evaluative"]]), None))
    return tuple(terms)


def voice_at(quotes: Sequence[Quote], start: int, end: int) -> tuple[Voice, str | None]:
    """Whose words ``start``/``end`` are: a quote's holding them (its speaker's, None
    when unknown), else the outlet's own."""
    for q in quotes:
        if q.start <= start and end <= q.end:
            return Voice.QUOTED, q.speaker_id
    return Voice.OWN, None


def loaded_uses(readings: Sequence[Reading]) -> list[LoadedUse]:
    """Every use of a loaded or judging word in the story's articles, in text order;
    where two entries match overlapping words the longer wins ("illegal occupation",
    not also "occupation")."""
    found = []
    for r in readings:
        text, quotes = r.article.text, r.annotation.quotes
        names = [(m.start, m.end) for m in r.annotation.mentions if m.type in _NAMES]
        matches = sorted(
            (
                (m.start(), m.end(), term)
                for term in loaded_terms()
                for m in term.pattern.finditer(text)
            ),
            key=lambda x: (x[0], -(x[1] - x[0])),
        )
        last_end = -1
        for start, end, term in matches:
            if start < last_end or any(a <= start and end <= b for a, b in names):
                continue  # "the State Commission for Prisoners of War" names a body
            last_end = end
            voice, speaker = voice_at(quotes, start, end)
            found.append(
                LoadedUse(
                    r.article.id, start, end, text[start:end], term.id, term.neutral, voice, speaker
                )
            )
    return found


def contrasts(uses: Sequence[LoadedUse], outlets: dict[str, str]) -> list[Contrast]:
    """Terms (not judging words) one outlet uses in its own voice while another only
    quotes them. ``outlets``: each article's outlet (copies of one article are one)."""
    own: dict[str, set[str]] = defaultdict(set)
    quoted: dict[str, set[str]] = defaultdict(set)
    neutral: dict[str, str | None] = {}
    for u in uses:
        if u.term == EVALUATIVE:
            continue
        (own if u.voice is Voice.OWN else quoted)[u.term].add(u.article)
        neutral[u.term] = u.neutral
    found = []
    for term in sorted(own):
        own_outlets = {outlets[a] for a in own[term]}
        only_quoted = sorted(
            a for a in quoted.get(term, set()) - own[term] if outlets[a] not in own_outlets
        )
        if only_quoted:
            found.append(
                Contrast(term, neutral[term], tuple(sorted(own[term])), tuple(only_quoted))
            )
    return found


def voices(readings: Sequence[Reading]) -> list[Voices]:
    """Per article, each credited source with its quotes and the words they hold,
    most words first; quotes with no known source are one row, "unknown"."""
    found = []
    for r in readings:
        text = r.article.text
        held: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        names: dict[str | None, str] = {}
        for q in r.annotation.quotes:
            key = q.speaker_id or (f"name:{q.speaker}" if q.speaker else None)
            names.setdefault(key, q.speaker or "unknown")
            held[(key, names[key])].append(len(text[q.start : q.end].split()))
        for (key, name), counts in held.items():
            speaker_id = key if key and not key.startswith("name:") else None
            found.append(Voices(r.article.id, speaker_id, name, len(counts), sum(counts)))
    found.sort(key=lambda v: (v.article, -v.words, v.speaker))
    return found
