"""The word lists the compare stage reads claims with (``data/predicates.yaml``).

Predicate classes say what a figure or a date is about ("killed", "evacuated",
"began"); they are matched by word stems so that inflections need no lemmatiser:
a word matches a stem when it starts with it and has at most three letters more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

_MAX_SUFFIX = 3


@dataclass(frozen=True, slots=True)
class Lexicon:
    counts: tuple[tuple[str, tuple[str, ...]], ...]
    dates: tuple[tuple[str, tuple[str, ...]], ...]
    speech: frozenset[str]
    mediation: tuple[str, ...]
    happenings: tuple[str, ...] = ()
    happening_kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def count_class(self, words: Iterable[str]) -> str | None:
        return _first_class(self.counts, words)

    def date_class(self, words: Iterable[str]) -> str | None:
        return _first_class(self.dates, words)

    def is_speech(self, word: str) -> bool:
        return word.lower() in self.speech

    def is_mediation(self, words: Iterable[str]) -> bool:
        return any(_any_stem(self.mediation, word.lower()) for word in words)

    def is_happening(self, word: str) -> bool:
        return _any_stem(self.happenings, word.lower())

    def happening_kind(self, word: str) -> str | None:
        """The kind of happening ``word`` names ("fighting" and "war": a conflict), its
        own stem for a happening of no listed kind, None for a word naming none."""
        kind = _first_class(self.happening_kinds, [word])
        if kind is not None:
            return kind
        lowered = word.lower()
        return next((stem for stem in self.happenings if _matches(stem, lowered)), None)


@lru_cache(maxsize=1 << 17)
def _any_stem(stems: tuple[str, ...], word: str) -> bool:
    """Whether lower-cased ``word`` matches any of ``stems`` (remembered: a corpus
    repeats its words, and this is asked for most tokens of every article)."""
    return any(_matches(stem, word) for stem in stems)


def _matches(stem: str, word: str) -> bool:
    word = word.lower()
    if " " in stem:
        return word == stem
    return word.startswith(stem) and len(word) - len(stem) <= _MAX_SUFFIX


def _first_class(
    classes: tuple[tuple[str, tuple[str, ...]], ...], words: Iterable[str]
) -> str | None:
    """The first class (in file order) any of ``words`` belongs to; a word may be a
    two-word phrase ("taken off"), which multi-word stems match exactly."""
    listed = [w.lower() for w in words]
    for name, stems in classes:
        if any(_any_stem(stems, word) for word in listed):
            return name
    return None


@cache
def lexicon() -> Lexicon:
    text = resources.files("rashomon.compare").joinpath("data/predicates.yaml")
    raw: dict[str, Any] = yaml.safe_load(text.read_text("utf-8"))

    def classes(section: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(
            (name, tuple(s.lower() for s in stems or [])) for name, stems in section.items()
        )

    return Lexicon(
        counts=classes(raw["counts"]),
        dates=classes(raw["dates"]),
        speech=frozenset(w.lower() for w in raw["speech"]),
        mediation=tuple(w.lower() for w in raw["mediation"]),
        happenings=tuple(w.lower() for w in raw.get("happenings", [])),
        happening_kinds=classes(raw.get("happening_kinds", {})),
    )
