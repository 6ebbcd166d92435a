"""Quoted words compared word for word: is this the same statement, and do two
outlets quote it with the same words?

Two quotations are of the same statement when they share a run of at least
:data:`SAME_STATEMENT_RUN` words (after normalising, below). Their wording differs
when, between the first and the last words they share, one has words the other has
not. What does not count as a difference (the conventions of the NewsWCL50 gold,
which follow how editors quote):

- case, punctuation, curly or straight quotation marks, dashes and hyphens;
- words joined or split ("goodwill" / "good will");
- words one side leaves out *with a mark*: an ellipsis ("…", "...") or an editor's
  insertion in square brackets ("[the president]");
- anything before the first or after the last shared words: one outlet quoting more
  of the statement than another is not a difference. But when *both* go on with
  other words before the shared stretch (or both after it), they are two remarks
  sharing a phrase, and are not compared (:data:`EDGE`).

A contraction ("I'm" / "I am") and a tense ("will" / "would") are differences: the
words inside quotation marks are not the same. Renderings that differ in more than a
third of their words are not compared (:data:`MAX_CHANGED`): translated articles
quote translated remarks, each in its own words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Shared consecutive words that make two quotations one statement.
SAME_STATEMENT_RUN = 5
# Where two quotations share a stretch, one of them must begin (and one end) within
# this many words of it.
EDGE = 3
# Words a stretch of shared words may hold that the other quotation has not (a word
# moved, a word changed) and still make one statement.
LOOSE_WORDS = 2
# Inside the stretch two quotations share, at least this share of the words must be
# common, else they are two statements that happen to share a phrase.
MIN_SHARED = 0.6
# A quotation whose words differ over more than this share of the stretch it shares
# with another is a different rendering (another translation of the same remarks,
# a paraphrase in quotation marks), which says nothing about either outlet's care.
MAX_CHANGED = 0.34
# More separate changes than this in one shared stretch is another rendering
# throughout (two translations of one statement: "call for / demand", "detainees /
# prisoners", "help / support", "region / government", "of / in" in the seeds), not a
# quotation reworded. Fitted: the most in a NewsWCL50 gold wording difference is 4
# (one welcome speech, "last / past", "testament / testimony", ...), the seeds'
# Blinken translations (a gold trap) have 5.
MAX_CHANGES = 4
GAP = "…"
_BRACKETS = re.compile(r"\[[^\]]{0,80}\]")
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…")
_WORD = re.compile(r"…|[a-z0-9]+(?:'[a-z]+)*")
_NEGATIONS = frozenset({"not", "no", "never", "none", "nothing", "nor", "neither", "without"})
_NUMBER = re.compile(r"\d")


def words(quoted: str) -> tuple[str, ...]:
    """The quotation's words, normalised, with a :data:`GAP` where words are marked
    as left out (an ellipsis or an editor's bracketed insertion)."""
    text = quoted.replace("’", "'").replace("‘", "'").replace("`", "'").lower()
    text = _BRACKETS.sub(f" {GAP} ", text)
    text = _ELLIPSIS.sub(f" {GAP} ", text)
    return tuple(_WORD.findall(text))


def shared_count(a: Counter[str], b: Counter[str]) -> int:
    """How many words two quotations share, counted as often as both have them (gaps
    never count), from their :func:`word_counts`: no run of words they share, nor
    any set of matched stretches, can be longer — so below what a test needs, the
    test need not run (:func:`same_statement` compares word sequences; this counts)."""
    if len(b) < len(a):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def word_counts(words_: Sequence[str]) -> Counter[str]:
    """A quotation's words with how often each occurs, gaps left out."""
    found = Counter(words_)
    found.pop(GAP, None)
    return found


def longest_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The number of consecutive words the two share (gaps never count)."""
    if not a or not b:
        return 0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    run = a[match.a : match.a + match.size]
    return sum(1 for w in run if w != GAP)


def same_statement(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two quotations share enough words, in order and close together, to be
    one statement: :data:`SAME_STATEMENT_RUN` words matched within a stretch at most
    :data:`LOOSE_WORDS` longer on each side ("it should have never been made" / "it
    should never have been made" share five words in six)."""
    if longest_run(a, b) >= SAME_STATEMENT_RUN:
        return True
    blocks = [
        m
        for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        if m.size and GAP not in a[m.a : m.a + m.size]
    ]
    for first in range(len(blocks)):
        matched = 0
        for last in range(first, len(blocks)):
            matched += blocks[last].size
            span_a = blocks[last].a + blocks[last].size - blocks[first].a
            span_b = blocks[last].b + blocks[last].size - blocks[first].b
            if max(span_a, span_b) - matched > LOOSE_WORDS:
                break
            if matched >= SAME_STATEMENT_RUN:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Change:
    """Words one quotation has where the other has others (either may be empty)."""

    this: str
    other: str

    @property
    def reverses(self) -> bool:
        """Whether the change adds or removes a negation ("will" / "will not")."""
        mine, theirs = set(self.this.split()), set(self.other.split())
        return bool((mine ^ theirs) & _NEGATIONS) or "n't" in (self.this + self.other)

    @property
    def figures(self) -> bool:
        return bool(_NUMBER.search(self.this) or _NUMBER.search(self.other))


def changes(a: Sequence[str], b: Sequence[str]) -> list[Change] | None:
    """How ``b`` words the stretch it shares with ``a`` differently; ``[]`` when the
    shared stretch is worded alike, None when they are not one statement."""
    if not same_statement(a, b):
        return None
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size >= 2]
    if not blocks:
        return None
    a_from, a_to = blocks[0].a, blocks[-1].a + blocks[-1].size
    b_from, b_to = blocks[0].b, blocks[-1].b + blocks[-1].size
    shared = sum(m.size for m in matcher.get_matching_blocks() if a_from <= m.a < a_to)
    if shared < MIN_SHARED * max(a_to - a_from, b_to - b_from):
        return None
    if min(a_from, b_from) > EDGE or min(len(a) - a_to, len(b) - b_to) > EDGE:
        # both go on with other words before (or after) the stretch they share: two
        # remarks with a phrase in common, not one quoted more or less fully
        return None
    found: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or i2 <= a_from or i1 >= a_to or j2 <= b_from or j1 >= b_to:
            continue
        mine, theirs = a[max(i1, a_from) : min(i2, a_to)], b[max(j1, b_from) : min(j2, b_to)]
        if GAP in mine or GAP in theirs:
            continue  # marked as left out
        if "".join(mine) == "".join(theirs):
            continue  # "goodwill" / "good will"
        found.append(Change(" ".join(mine), " ".join(theirs)))
    changed = sum(max(len(c.this.split()), len(c.other.split())) for c in found)
    if changed > MAX_CHANGED * max(a_to - a_from, b_to - b_from) or len(found) > MAX_CHANGES:
        return None  # another translation or a paraphrase, not the words reworded
    return found
