"""Noise removal for text that arrives already extracted.

Pasted articles and JSON dumps carry the page's leftovers: comment forms,
"READ MORE" links, share prompts, photo captions and their credits, section
labels, the headline printed twice. We cut them line by line, and record every
cut as a :class:`~rashomon.model.RemovedSpan` with the rule that made it, so
nothing disappears without a trace.

The invariant, tested with hypothesis: the kept segments and the removed spans
partition the raw text exactly, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rashomon.ingest.rules import NoiseRule, RuleKind, RuleSet, Where
from rashomon.model import RemovedSpan

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]]\s*$")
# A first line that ends a sentence is story text, not a headline, if it is this long,
# or if it is the only line and a brief's length (shorter if it ends with a full stop,
# which headlines do not).
_PARAGRAPH_WORDS = 25
_BRIEF_WORDS = 12
_SHORT_BRIEF_WORDS = 6
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "after",
        "before",
        "over",
        "as",
        "is",
        "are",
        "was",
        "were",
    ]
)


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line; ``end`` includes its newline and the blank lines after it."""

    index: int
    start: int
    end: int
    text: str
    stripped: str
    words: int


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of cleaning: the kept text, the cuts, and the title if one was taken."""

    text: str
    removed: tuple[RemovedSpan, ...]
    title: str | None = None


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text``, each owning the blank lines that follow it.

    Leading blank lines belong to the first line, so the spans cover ``text``.
    """
    found: list[tuple[int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        if raw.strip():
            found.append((pos, raw))
        pos += len(raw)
    lines: list[Line] = []
    for i, (start, raw) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        stripped = raw.strip()
        words = len(_WORD.findall(raw))
        lines.append(Line(i, 0 if i == 0 else start, end, raw, stripped, words))
    return lines


def clean_text(text: str, rules: RuleSet, *, title: str | None = None) -> Cleaned:
    """Cut noise from ``text``; if ``title`` is None, its first kept line becomes the title."""
    lines = split_lines(text)
    cuts: dict[int, str] = {}
    _apply_tail_rules(lines, rules, cuts)
    _apply_line_rules(lines, rules, cuts)
    title_line: Line | None = None
    if title is None:
        title_line = next((ln for ln in lines if ln.index not in cuts), None)
        if title_line is not None and not _is_paragraph(lines, cuts, title_line):
            cuts[title_line.index] = "title"
            title = title_line.stripped
    _cut_kickers(lines, rules, cuts)
    if title:
        _cut_repeated_title(lines, rules, cuts, title)
    _cut_captions(lines, rules, cuts)
    _cut_repeated_paragraphs(lines, rules, cuts)
    _cut_trailing_fragment(lines, rules, cuts)
    return _assemble(text, lines, cuts, title)


def _is_paragraph(lines: list[Line], cuts: dict[int, str], line: Line) -> bool:
    """Whether the first line is story text rather than a headline: a long sentence
    (headlines are short and rarely end with a full stop), or a brief's only line."""
    if not line.stripped.endswith(_SENTENCE_ENDS):
        return False
    if line.words >= _PARAGRAPH_WORDS:
        return True
    alone = all(other.index in cuts for other in lines if other.index > line.index)
    full_stop = line.stripped.endswith(".") and line.words >= _SHORT_BRIEF_WORDS
    return alone and (full_stop or line.words >= _BRIEF_WORDS)


def _apply_tail_rules(lines: list[Line], rules: RuleSet, cuts: dict[int, str]) -> None:
    for rule in rules.of_kind(RuleKind.TAIL):
        for line in _candidates(lines, rule):
            if _matches(rule, line):
                for later in lines[line.index :]:
                    cuts.setdefault(later.index, rule.name)
                break


def _apply_line_rules(lines: list[Line], rules: RuleSet, cuts: dict[int, str]) -> None:
    for rule in rules.of_kind(RuleKind.LINE):
        for line in _candidates(lines, rule):
            if line.index not in cuts and _matches(rule, line):
                cuts[line.index] = rule.name


def _candidates(lines: list[Line], rule: NoiseRule) -> Iterable[Line]:
    if rule.where is Where.HEAD:
        return lines[: rule.lines]
    if rule.where is Where.END:
        return lines[-rule.lines :] if rule.lines else []
    return lines


def _matches(rule: NoiseRule, line: Line) -> bool:
    if rule.max_words is not None and line.words > rule.max_words:
        return False
    if rule.min_words is not None and line.words < rule.min_words:
        return False
    assert rule.pattern is not None  # line and tail rules always have one
    return rule.pattern.fullmatch(line.stripped) is not None


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS}


def _cut_kickers(lines: list[Line], rules: RuleSet, cuts: dict[int, str]) -> None:
    """Cut short all-capitals lines among the first lines left after the title."""
    rule = rules.builtin("kicker")
    if rule is None:
        return
    for line in [ln for ln in lines if ln.index not in cuts][: rule.lines]:
        text = line.stripped
        short = rule.max_words is None or line.words <= rule.max_words
        if short and text.isupper() and sum(c.isalpha() for c in text) >= 3:
            cuts[line.index] = rule.name


def _cut_repeated_title(
    lines: list[Line], rules: RuleSet, cuts: dict[int, str], title: str
) -> None:
    """Cut headline repeats at the top: lines whose words all come from the title.

    A short label line just above such a repeat ("Slovenia", a category) goes with it.
    """
    rule = rules.builtin("repeated-title")
    if rule is None:
        return
    title_words = _content_words(title)
    if not title_words:
        return
    label_rule = "kicker" if rules.builtin("kicker") is not None else rule.name
    label: Line | None = None
    for line in [ln for ln in lines if ln.index not in cuts][: rule.lines]:
        words = _content_words(line.text)
        too_long = rule.max_words is not None and line.words > rule.max_words
        if words and not too_long and words <= title_words:
            if label is not None:
                cuts[label.index] = label_rule
                label = None
            cuts[line.index] = rule.name
            continue
        if label is None and 0 < line.words <= 3 and not _SENTENCE_END.search(line.stripped):
            label = line
            continue
        break


def _cut_captions(lines: list[Line], rules: RuleSet, cuts: dict[int, str]) -> None:
    """A line right above an image-credit cut is a caption; so are its later copies."""
    caption = rules.builtin("photo-caption")
    if caption is None:
        return
    captions: set[str] = set()
    for before, after in pairwise(lines):
        if cuts.get(after.index) == "image-credit" and before.index not in cuts:
            if caption.max_words is not None and before.words > caption.max_words:
                continue
            cuts[before.index] = caption.name
            captions.add(_normalised(before.text))
    repeat = rules.builtin("repeated-caption")
    if repeat is None or not captions:
        return
    for line in lines:
        if line.index not in cuts and _normalised(line.text) in captions:
            cuts[line.index] = repeat.name


def _cut_repeated_paragraphs(lines: list[Line], rules: RuleSet, cuts: dict[int, str]) -> None:
    rule = rules.builtin("repeated-paragraph")
    if rule is None:
        return
    seen: set[str] = set()
    for line in lines:
        if line.index in cuts:
            continue
        if rule.min_words is not None and line.words < rule.min_words:
            continue
        key = _normalised(line.text)
        if key in seen:
            cuts[line.index] = rule.name
        seen.add(key)


def _cut_trailing_fragment(lines: list[Line], rules: RuleSet, cuts: dict[int, str]) -> None:
    """A short unpunctuated last line that follows cut noise is a widget label."""
    rule = rules.builtin("trailing-fragment")
    if rule is None or len(lines) < 2:
        return
    last = lines[-1]
    before = lines[-2]
    if last.index in cuts or before.index not in cuts or before.index == 0:
        return
    if cuts[before.index] == "title":
        return
    if rule.max_words is not None and last.words > rule.max_words:
        return
    if _SENTENCE_END.search(last.stripped):
        return
    cuts[last.index] = rule.name


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _assemble(text: str, lines: list[Line], cuts: dict[int, str], title: str | None) -> Cleaned:
    kept: list[str] = []
    removed: list[RemovedSpan] = []
    if not lines:
        return Cleaned(text=text, removed=(), title=title)
    for line in lines:
        rule = cuts.get(line.index)
        segment = text[line.start : line.end]
        if rule is None:
            kept.append(segment)
        elif removed and removed[-1].rule == rule and removed[-1].end == line.start:
            previous = removed[-1]
            removed[-1] = RemovedSpan(previous.start, line.end, rule, previous.text + segment)
        else:
            removed.append(RemovedSpan(line.start, line.end, rule, segment))
    return Cleaned(text="".join(kept), removed=tuple(removed), title=title)
