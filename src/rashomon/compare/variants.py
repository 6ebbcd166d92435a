"""One statement as several outlets render it: quotes grouped, diffed word by word.

The quotes of the understanding stage (who said what) are grouped across a story's
articles into *statements*, one utterance each, and each pair of renderings is
compared word by word:

* **Grouping.** Two quotes of different articles are one statement when the same
  speaker is credited and they share words in order (at least half of the shorter
  one's words, three or more, and as large a share of its meaning words, two or
  more, or all it has: stop words shared by two remarks, "we have a", join nothing),
  or when their meaning is close (sentence cosine at
  ``SAME_MEANING``: a translation, or an indirect report of a direct quotation). Two
  quotes credited to *different* known speakers are joined only when their words are
  nearly the same (``SAME_WORDS`` of the shorter one, and six words or more): when both
  are people, that is a misattribution to show (a person and the body they speak for
  are not), and anything looser would invent one. A quote whose speaker
  is unknown joins a statement only by the same words, and never makes a
  misattribution.
* **Differences.** Words are compared lower-cased, without punctuation; a spelling
  variant (one letter, a hyphen or a space: "goodwill" / "good will") is no
  difference. A rendering that is a run of the other's words is *truncated*. Words on
  one side only, or swapped, change the *meaning* when they are a negation or a
  condition, a number, a name, or a swap within one of the force groups of
  ``data/framing.yaml`` ("demand" / "call for", "prisoners" / "detainees"); otherwise
  they are *wording*. An indirect report of a direct quotation is linked as a
  paraphrase: only a negation or a number on one side is called a change of meaning
  there, since its wording is the reporter's by nature.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import yaml

from rashomon.compare.align import Similarity
from rashomon.compare.referents import story_people
from rashomon.disjoint import DisjointSets
from rashomon.model import (
    DifferenceKind,
    Quote,
    QuoteDifference,
    QuoteKind,
    Referent,
    Rendering,
    Statement,
)
from rashomon.understand.actors import load_lexicon
from rashomon.understand.numbers import is_number_word

if TYPE_CHECKING:
    from rashomon.compare.claims import Reading

SAME_MEANING = 0.8
"""Sentence cosine at which two quotes of one speaker are one statement though their
words differ (a translation, a paraphrase)."""
SAME_WORDS = 0.8
"""Share of the shorter quote's words, in order, that joins quotes credited to
different speakers (a misattribution)."""
_SHARED = 0.5
_MIN_SHARED = 3
_MIN_CONTENT = 2
_MIN_MISATTRIBUTED = 6
_MIN_UNCREDITED = 4
_MIN_WORDS = 3
_NEGATED_RUN = 6
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class MeaningWords:
    """The word lists of ``data/framing.yaml`` that make a difference one of meaning."""

    negations: frozenset[str]
    conditions: frozenset[str]
    force: tuple[frozenset[str], ...]
    qualifiers: frozenset[str] = frozenset()

    def force_group(self, word: str) -> int | None:
        key = _stem(word)
        return next((k for k, group in enumerate(self.force) if key in group), None)


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@cache
def meaning_words() -> MeaningWords:
    text = resources.files("rashomon.compare").joinpath("data/framing.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return MeaningWords(
        frozenset(str(w).lower() for w in data["negations"]),
        frozenset(str(w).lower() for w in data["conditions"]),
        tuple(frozenset(_stem(str(w)) for w in group) for group in data["force"]),
        frozenset(str(w).lower() for w in data["qualifiers"]),
    )


def words(text: str) -> list[str]:
    """The words of a quote as they are written (punctuation dropped)."""
    return _WORD.findall(text)


def renderings(readings: Sequence[Reading], known: Sequence[Referent] = ()) -> list[Rendering]:
    """Every quote of the story's articles with its words, in reading order; a
    speaker named by one name alone in one article ("Trump") takes the story's full
    name for him (see :func:`rashomon.compare.referents.one_person`), and one named
    by a description ("the president", "the agency") the person or body that the
    story's referents (``known``) resolve that description to."""
    same = story_people(readings)
    described = _described_speakers(known)
    found = []
    for r in readings:
        text = r.article.text
        for q in r.annotation.quotes:
            quoted = text[q.start : q.end]
            if len(words(quoted)) >= _MIN_WORDS:
                speaker_id = same.get(q.speaker_id, q.speaker_id) if q.speaker_id else None
                if speaker_id is None and q.speaker_start is not None and q.speaker_end:
                    speaker_id = _described(described.get(r.article.id, ()), q)
                found.append(
                    Rendering(r.article.id, q.start, q.end, quoted, q.kind, q.speaker, speaker_id)
                )
    return found


_SPEAKERS = frozenset({"person", "organisation", "state"})


def _described_speakers(known: Sequence[Referent]) -> dict[str, list[tuple[int, int, str]]]:
    """Where descriptions of people, bodies and states stand in each article, and
    whom they describe."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for ref in known:
        if ref.kind in _SPEAKERS:
            for label in ref.labels:
                if label.how in {"description", "apposition"}:
                    found.setdefault(label.article, []).append((label.start, label.end, ref.id))
    return found


def _described(labels: Sequence[tuple[int, int, str]], q: Quote) -> str | None:
    """The one referent a description among the attribution's words is resolved to."""
    assert q.speaker_start is not None and q.speaker_end is not None
    ids = {ref for start, end, ref in labels if q.speaker_start <= start and end <= q.speaker_end}
    return ids.pop() if len(ids) == 1 else None


def _shared(a: list[str], b: list[str]) -> int:
    """How many words the two quotes share in order (lower-cased)."""
    return len(_shared_words(a, b))


def _shared_words(a: list[str], b: list[str]) -> list[str]:
    la, lb = [w.lower() for w in a], [w.lower() for w in b]
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    return [
        w for block in matcher.get_matching_blocks() for w in la[block.a : block.a + block.size]
    ]


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _content(words: Iterable[str]) -> list[str]:
    """The words that carry meaning: "we have a" shared by two remarks is nothing."""
    stop = _stop_words()
    return [w for w in words if w.lower() not in stop]


def statements(
    readings: Sequence[Reading], similarity: Similarity, known: Sequence[Referent] = ()
) -> list[Statement]:
    """The story's statements that two or more articles render, with their differences.

    Renderings are joined strongest link first, and two groups are not joined when
    that would put two quotes of one article together that are not linked
    themselves: one outlet's two remarks stay two statements, however alike the
    other outlets' words make them look (a chain "A ~ B ~ C" must not join A and C).
    """
    found = renderings(readings, known)
    tokens = [words(r.text) for r in found]
    cosine = similarity([r.text for r in found]) if found else np.zeros((0, 0))
    links: dict[tuple[int, int], float] = {}
    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            a, b = found[i], found[j]
            strength = _link(a, b, tokens[i], tokens[j], float(cosine[i, j]))
            if strength is not None or _overlap(a, b):
                links[(i, j)] = strength or 1.0
    groups = DisjointSets(len(found))
    members: dict[int, list[int]] = {i: [i] for i in range(len(found))}
    for (i, j), _ in sorted(links.items(), key=lambda kv: -kv[1]):
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj or not _may_join(members[ri], members[rj], found, links):
            continue
        groups.attach(ri, rj)
        members[rj].extend(members.pop(ri))
    result = []
    for held in members.values():
        if len({found[i].article for i in held}) < 2:
            continue
        result.append(_statement([found[i] for i in sorted(held)]))
    result.sort(key=lambda s: (-len(s.renderings), s.renderings[0].article, s.renderings[0].start))
    return [
        Statement(f"statement-{k + 1}", s.speaker_id, s.speaker, s.renderings, s.differences)
        for k, s in enumerate(result)
    ]


def _overlap(a: Rendering, b: Rendering) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


def _may_join(
    left: list[int], right: list[int], found: list[Rendering], links: dict[tuple[int, int], float]
) -> bool:
    """Whether every two quotes of one article the join would bring together are
    linked themselves (or the same words)."""
    for i in left:
        for j in right:
            if found[i].article == found[j].article and (min(i, j), max(i, j)) not in links:
                return False
    return True


def _link(a: Rendering, b: Rendering, wa: list[str], wb: list[str], cos: float) -> float | None:
    """How strongly two quotes are one statement (None: they are not)."""
    shared = _shared_if_same(a, b, wa, wb, cos)
    if shared is None:
        return None
    return max(shared / max(1, min(len(wa), len(wb))), cos)


def _shared_if_same(
    a: Rendering, b: Rendering, wa: list[str], wb: list[str], cos: float
) -> int | None:
    """The words two quotes share in order when they are one statement (see the
    module), None when they are not."""
    shorter = min(len(wa), len(wb))
    # words in common, in any order: at least as many as in order, and cheap to count
    common = sum((Counter(w.lower() for w in wa) & Counter(w.lower() for w in wb)).values())
    if common < max(_MIN_SHARED, _SHARED * shorter) and cos < SAME_MEANING:
        return None  # most pairs of a story: no need to align their words
    in_order = _shared_words(wa, wb)
    shared = len(in_order)
    ka, kb = _speaker_key(a), _speaker_key(b)
    if ka is None or kb is None:  # the same words, whoever is credited on one side
        if shorter < _MIN_MISATTRIBUTED:  # a few words: all of them
            same = shared >= _MIN_UNCREDITED and shared == shorter
        else:
            same = shared >= SAME_WORDS * shorter
    elif ka != kb:
        same = shared >= _MIN_MISATTRIBUTED and shared >= SAME_WORDS * shorter
    else:  # one speaker: half the shorter quote's meaning words, or the same meaning
        content = len(_content(in_order))
        fewest = min(len(_content(wa)), len(_content(wb)))
        same = (
            shared >= _MIN_SHARED
            and content >= max(1, min(_MIN_CONTENT, fewest))
            and min(shared / shorter, content / max(1, fewest)) >= _SHARED
        ) or cos >= SAME_MEANING
    return shared if same else None


def _two_people(ka: str | None, kb: str | None) -> bool:
    """Whether two credits name two different people: a misattribution. A person and
    a body ("Eleni Vasilaki" and "the HCG" she speaks for) are not, nor is a name
    against no one."""
    people = ("person:", "name:")
    return bool(ka and kb and ka != kb and ka.startswith(people) and kb.startswith(people))


def _speaker_key(r: Rendering) -> str | None:
    """Who a rendering is credited to, for grouping: the actor id, or else a name as
    written ("Marina Koutsou" with no id); None for no one or a description ("the
    company")."""
    if r.speaker_id:
        return r.speaker_id
    name = (r.speaker or "").strip()
    if len(name.split()) >= 2 and name[:1].isupper() and name.split()[0].lower() != "the":
        return "name:" + " ".join(name.lower().split())
    return None


def _statement(group: list[Rendering]) -> Statement:
    speakers = [r.speaker_id for r in group if r.speaker_id]
    speaker_id = max(set(speakers), key=speakers.count) if speakers else None
    named = [r.speaker for r in group if r.speaker_id == speaker_id and r.speaker]
    proper = [n for n in named if _name_like(n.split()[-1])] or named  # not "chief diplomat"
    speaker = max(proper, key=lambda n: (proper.count(n), len(n))) if proper else None
    differences = []
    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            if group[i].article != group[j].article:
                differences.extend(differ(group[i], group[j], i, j))
    return Statement("", speaker_id, speaker, tuple(group), tuple(differences))


def differ(a: Rendering, b: Rendering, ia: int, ib: int) -> list[QuoteDifference]:
    """What differs between two renderings of one statement."""
    ka, kb = _speaker_key(a), _speaker_key(b)
    if _two_people(ka, kb):
        return [
            QuoteDifference(
                DifferenceKind.MISATTRIBUTION,
                ia,
                ib,
                a.speaker or str(ka),
                b.speaker or str(kb),
                "the same words are credited to different people",
            )
        ]
    wa, wb = _expanded(words(a.text)), _expanded(words(b.text))
    # a hyphen is spelling ("co-operating" / "cooperating"), so "fully" stands alone
    la, lb = [w.lower().replace("-", "") for w in wa], [w.lower().replace("-", "") for w in wb]
    paraphrase = a.kind is not b.kind or QuoteKind.INDIRECT in {a.kind, b.kind}
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    inside: list[tuple[list[str], list[str]]] = []  # changes between shared words
    edges: list[tuple[list[str], list[str]]] = []  # words one side quotes beyond the other
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or _spelling(la[i1:i2], lb[j1:j2]):
            continue
        at_edge = (i1 == 0 and j1 == 0) or (i2 == len(la) and j2 == len(lb))
        one_sided = i1 == i2 or j1 == j2
        (edges if at_edge and one_sided else inside).append((wa[i1:i2], wb[j1:j2]))
    found: list[QuoteDifference] = []
    why_of = [(x, y, _meaning(x, y, paraphrase=paraphrase)) for x, y in inside]
    meaning = [(x, y, why) for x, y, why in why_of if why]
    found.extend(
        QuoteDifference(DifferenceKind.MEANING, ia, ib, " ".join(x), " ".join(y), why)
        for x, y, why in meaning
    )
    if paraphrase:
        return found  # an indirect report words it its own way: only meaning counts
    if edges:
        found.append(
            QuoteDifference(
                DifferenceKind.TRUNCATED,
                ia,
                ib,
                " … ".join(" ".join(x) for x, _ in edges if x),
                " … ".join(" ".join(y) for _, y in edges if y),
                "one quotes words the other leaves out",
            )
        )
    wording = [(x, y) for x, y, why in why_of if not why]
    if wording and not meaning:
        found.append(
            QuoteDifference(
                DifferenceKind.WORDING,
                ia,
                ib,
                " / ".join(" ".join(x) for x, _ in wording),
                " / ".join(" ".join(y) for _, y in wording),
                "other words, the same meaning",
            )
        )
    return found


_CONTRACTIONS = (("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"))
_IRREGULAR = {"won't": ["will", "not"], "can't": ["can", "not"], "shan't": ["shall", "not"]}


def _expanded(found: list[str]) -> list[str]:
    """The words with their contractions written out ("I'm" -> "I am", "don't" ->
    "do not"), so that a contraction is no difference and a negation is a word."""
    out: list[str] = []
    for written in found:
        w = written.replace("’", "'")
        low = w.lower()
        if low in _IRREGULAR:
            out.extend(_IRREGULAR[low])
            continue
        for ending, full in _CONTRACTIONS:
            if low.endswith(ending) and len(low) > len(ending):
                out.extend([w[: -len(ending)], full])
                break
        else:
            out.append(w)
    return out


def _spelling(x: list[str], y: list[str]) -> bool:
    """Whether two runs of words differ only in spelling: a hyphen or a space
    ("goodwill" / "good will"), or one letter in a long word."""
    jx, jy = "".join(x).replace("-", ""), "".join(y).replace("-", "")
    if jx == jy:
        return True
    if len(x) == len(y) == 1 and min(len(jx), len(jy)) >= 5:
        return _one_edit(jx, jy)
    return False


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(c != d for c, d in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _meaning(x: list[str], y: list[str], *, paraphrase: bool) -> str:
    """Why a change of words changes the meaning ("" when it does not)."""
    lex = meaning_words()
    lx, ly = {w.lower().replace("’", "'") for w in x}, {w.lower().replace("’", "'") for w in y}
    negation = (lx & lex.negations) ^ (ly & lex.negations)
    if negation and len(x) + len(y) <= _NEGATED_RUN:  # "did" / "did not"; not a clause one adds
        return f"a negation on one side only ({', '.join(sorted(negation))})"
    nx = {w for w in lx if w[0].isdigit() or is_number_word(w)}
    ny = {w for w in ly if w[0].isdigit() or is_number_word(w)}
    if nx != ny and (not paraphrase or (nx and ny)):
        return "a different number"  # a report in its own words may add one
    if not x or not y:  # words one side adds inside the other's
        qualifier = (lx | ly) & lex.qualifiers
        if qualifier and (not paraphrase or len(x) + len(y) <= 2):  # "fully" dropped
            return f"a qualifier on one side only ({', '.join(sorted(qualifier))})"
    if paraphrase:
        return ""
    condition = (lx & lex.conditions) ^ (ly & lex.conditions)
    if condition:
        return f"a condition on one side only ({', '.join(sorted(condition))})"
    for u in x:
        for v in y:
            g = lex.force_group(u)
            if g is not None and g == lex.force_group(v) and _stem(u) != _stem(v):
                return f"{u.lower()} / {v.lower()}: not the same force"
    names_x = {w for w in x if _name_like(w)}
    names_y = {w for w in y if _name_like(w)}
    if names_x and names_y and {w.lower() for w in names_x} != {w.lower() for w in names_y}:
        return "a different name"
    return ""


def _name_like(word: str) -> bool:
    """A capitalised word that is no common word, title or honorific ("During",
    "Mr", "General" are not names)."""
    lower = word.lower()
    lex = load_lexicon()
    return (
        word[:1].isupper()
        and lower not in _stop_words()
        and lower not in lex.titles
        and lower.rstrip(".") not in lex.honorifics
    )
