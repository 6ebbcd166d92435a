"""What some outlets report and others do not: "left out by X" and "only in Y".

A wrong "left out" is the second worst error rashomon can make, so an outlet is said
to leave a fact out only after its whole text has been searched for it:

- a figure: any number of the same kind of thing (people, percent, ...) in the
  article whose range meets the fact's ("about 300" is there when the fact is 312);
- a date: any date in the article within a day of the fact's, or the
  date written as the reporting article writes it ("May 12");
- a figure or a date written the same way (a figure the other article attaches to
  another word, a date it could not resolve);
- a mediator: the same actor, or the same surname, anywhere in the article;
- any fact: a sentence of the article close in meaning to one stating the fact
  (:data:`PARAPHRASE`, cosine of sentence embeddings), whatever its wording;
- a date: a sentence somewhat close (:data:`DATED_PARAPHRASE`) that dates its
  happening in any way, vaguer included ("in the coming weeks" for "May 12").

If any of these finds it, the article is not listed (the alignment missed it; saying
nothing is better than saying it is missing). Which facts are looked for:

- figures and dates whose attribute is *contestable* (what they are about is known:
  a predicate class, a subject where one is given) and mediators;
- never a vague figure ("thousands of emails");
- never a fact about an earlier happening (background): an article need not repeat
  the history another one recalls;
- never a quotation: not quoting a sentence is not leaving out a fact.

A fact that two or more independent outlets report is *left out* by the members
that do not; a fact that one outlet reports, in a story of two or more outlets, is
*only in* that outlet (``reported_by`` then names its articles) — so a story told by
two outlets shows what each alone reports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from rashomon.compare import values
from rashomon.compare.align import Attribute, Similarity, unit_group
from rashomon.compare.claims import Reading
from rashomon.compare.verdicts import Source, independent
from rashomon.model import (
    Claim,
    ClaimKind,
    Fact,
    Mention,
    MentionType,
    Omission,
    Qualifier,
    Sentence,
)
from rashomon.understand.dateline import day_range

# A sentence this close in meaning to one stating the fact states it too.
PARAPHRASE = 0.7
# For a date, a sentence this close that dates its happening in any way (a date, "in
# the coming weeks") gives it, less precisely. Chosen on NewsWCL50 (development): the
# gold's "May 12" deadline, given as "in the coming weeks" (0.66) and "within the
# next two weeks" (0.50) by two outlets.
DATED_PARAPHRASE = 0.5
_LOOKED_FOR = frozenset({ClaimKind.COUNT, ClaimKind.DATE, ClaimKind.CREDIT})
_ACTORS = frozenset({MentionType.PERSON, MentionType.STATE, MentionType.ORGANISATION})


def omissions(
    facts: Sequence[Fact],
    attributes: Sequence[Attribute],
    sources: Mapping[str, Source],
    readings: Sequence[Reading],
    similarity: Similarity,
) -> list[Omission]:
    originals = sorted({s.root for s in sources.values() if s.root in sources})
    if independent(originals, sources) < 2:
        return []
    by_article = {r.article.id: r for r in readings}
    search = _Search(by_article, similarity)
    found: list[Omission] = []
    for attribute in attributes:
        reporting = sorted({c.article for c in attribute.claims})
        alone = independent(reporting, sources) == 1
        if not _looked_for(attribute):
            continue
        covered = {sources[a].root for a in reporting if a in sources}
        candidates = [a for a in originals if a not in covered]
        missing = tuple(a for a in candidates if not search.states(a, attribute.claims))
        if not missing:
            continue
        main = _main_fact(facts, attribute)
        if main is None:
            continue
        found.append(
            Omission(
                fact=main.id,
                statement=main.statement,
                missing_from=missing,
                reported_by=tuple(reporting),
                only_in=sources[reporting[0]].outlet if alone and reporting[0] in sources else None,
            )
        )
    return found


def _looked_for(attribute: Attribute) -> bool:
    """Whether the fact is one an outlet can be said to leave out."""
    if attribute.kind not in _LOOKED_FOR or any(c.background for c in attribute.claims):
        return False
    if all(c.qualifier is Qualifier.VAGUE for c in attribute.claims):
        return False  # "thousands of emails": too vague to be missed
    if all(values.lone_one(c) for c in attribute.claims):
        return False
    # Figures with no known predicate are not looked for even when one outlet alone
    # gives them: tried on NewsWCL50, 44 of 208 such omissions were wrong (the
    # others give the figure in words the search does not find).
    return attribute.kind is ClaimKind.CREDIT or attribute.contestable


def _main_fact(facts: Sequence[Fact], attribute: Attribute) -> Fact | None:
    mine = [f for f in facts if f.attribute == attribute.label and f.kind is attribute.kind]
    return max(mine, key=lambda f: (f.independent, len(f.sources)), default=None)


class _Search:
    """Looks for a fact anywhere in one article's text."""

    def __init__(self, readings: Mapping[str, Reading], similarity: Similarity) -> None:
        self.readings = readings
        self.similarity = similarity

    def states(self, article: str, claims: Sequence[Claim]) -> bool:
        reading = self.readings.get(article)
        if reading is None:
            return True  # not read: nothing can be said about it
        mentions = reading.annotation.mentions
        if any(_holds_value(claim, mentions) for claim in claims):
            return True
        if any(_written(claim, reading.article.text) for claim in claims):
            return True
        return self._paraphrased(reading, claims)

    def _paraphrased(self, reading: Reading, claims: Sequence[Claim]) -> bool:
        text = reading.article.text
        theirs = [text[s.start : s.end] for s in reading.annotation.sentences]
        ours = sorted({c.evidence.sentence for c in claims})
        if not theirs or not ours:
            return False
        sims = np.asarray(self.similarity([*ours, *theirs]))[: len(ours), len(ours) :]
        if bool((sims >= PARAPHRASE).any()):
            return True
        if all(c.kind is not ClaimKind.DATE for c in claims):
            return False
        # a date given vaguer ("in the coming weeks" for "May 12") in a sentence about
        # the same happening: the outlet dates it, less precisely
        close = {int(i) for i in np.flatnonzero(np.max(sims, axis=0) >= DATED_PARAPHRASE)}
        return any(
            _dates_something(theirs[i], reading.annotation.mentions, sentence)
            for i, sentence in enumerate(reading.annotation.sentences)
            if i in close
        )


def _dates_something(text: str, mentions: Sequence[Mention], sentence: Sentence) -> bool:
    if _VAGUE_TIME.search(text):
        return True
    return any(
        m.type is MentionType.DATE and sentence.start <= m.start < sentence.end for m in mentions
    )


_VAGUE_TIME = re.compile(
    r"\b(?:in|within|over)\s+the\s+(?:coming|next|following)\s+(?:\w+\s+)?"
    r"(?:days|weeks|months)\b|\bsoon\b|\blater\s+this\s+(?:week|month|year)\b",
    re.IGNORECASE,
)


def _written(claim: Claim, text: str) -> bool:
    """Whether the value, as the reporting article writes it ("May 12", "183"), is
    written in ``text`` too (a date the other article could not resolve)."""
    evidence = claim.evidence
    written = evidence.sentence[
        evidence.value_start - evidence.start : evidence.value_end - evidence.start
    ].strip()
    if claim.kind is ClaimKind.COUNT:
        figures = re.findall(r"\d[\d,.]*\d|\d", written)
        return any(re.search(rf"(?<![\d,.]){re.escape(f)}(?![\d]|[.,]\d)", text) for f in figures)
    if claim.kind is ClaimKind.DATE and len(written) >= 3:
        return re.search(rf"\b{re.escape(written)}\b", text, re.IGNORECASE) is not None
    return False


def _holds_value(claim: Claim, mentions: Sequence[Mention]) -> bool:
    match claim.kind:
        case ClaimKind.COUNT:
            low, high = values.interval(claim)
            if high == float("inf"):
                return False  # "at least 12" would be found in any larger figure
            counted = unit_group(claim.unit)
            return any(
                m.type is MentionType.NUMBER
                and m.value is not None
                and unit_group(m.unit) == counted
                and m.value <= high
                and low <= (m.upper if m.upper is not None else m.value)
                for m in mentions
            )
        case ClaimKind.DATE:
            covered = day_range(claim.value)
            if covered is None:
                return False
            # a day either side: the same night reported in two time zones, or a
            # statement "signed on the 9th" that took effect on the 10th
            low, high = covered[0].toordinal() - 1, covered[1].toordinal() + 1
            days = [day_range(m.canonical) for m in mentions if m.type is MentionType.DATE]
            return any(d and d[0].toordinal() <= high and low <= d[1].toordinal() for d in days)
        case ClaimKind.CREDIT:
            surname = (claim.subject_name or claim.value).split()[-1].casefold()
            return any(
                m.type in _ACTORS
                and (m.canonical == claim.subject or m.text.split()[-1].casefold() == surname)
                for m in mentions
                if m.text.split()
            )
        case _:
            return False
