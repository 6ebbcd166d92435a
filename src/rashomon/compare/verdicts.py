"""From aligned claims to what the analyst reads: facts, discrepancies, omissions.

Within an attribute, claims are split into *alternatives*: values that can be true
together merge (the narrower value refines the wider one: "312" refines "more than
300", "46" refines "between 40 and 50"); values that cannot make separate
alternatives. A claim that fits several alternatives ("at least 12" next to 12 and
14) joins none and is named in the explanation. Two or more alternatives in a
contestable attribute, held by different articles (an article holding both is
ambiguous, not a dispute), make a discrepancy.

Corroboration counts independent outlets: a syndicated copy counts with its
original, and two articles of one outlet count once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from rashomon.compare import values, wording
from rashomon.compare.align import Attribute, surname
from rashomon.disjoint import DisjointSets
from rashomon.model import (
    UNCLEAR,
    Alternative,
    Claim,
    ClaimKind,
    Discrepancy,
    Evidence,
    Fact,
    Qualifier,
)

# Relative difference between counts above which a dispute is serious in any case.
_LARGE_GAP = 0.25
_LEAD_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Source:
    """What the comparison needs to know about a member article."""

    article: str
    outlet: str
    root: str  # the original this article is a copy of, or itself
    lead_end: int  # where its first sentences end: claims before it are its main news


@dataclass
class _Alternative:
    """Claims that can all be true together. Whether another claim fits is checked
    against one claim of each distinct value (:func:`values.compatibility_key`): a
    timeline happening dated by 100 claims of one day is one check, not 100."""

    claims: list[Claim] = field(default_factory=list)
    _distinct: dict[tuple[object, ...], Claim] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for claim in self.claims:
            self._distinct.setdefault(values.compatibility_key(claim), claim)

    @property
    def best(self) -> Claim:
        return min(self.claims, key=values.width)

    def fits(self, claim: Claim) -> bool:
        return all(values.compatible(claim, c) for c in self._distinct.values())

    def add(self, claim: Claim) -> None:
        self.claims.append(claim)
        self._distinct.setdefault(values.compatibility_key(claim), claim)


def short_id(prefix: str, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=5).hexdigest()
    return f"{prefix}-{digest}"


def independent(articles: Sequence[str], sources: Mapping[str, Source]) -> int:
    """How many outlets stand behind these articles, copies counting with originals."""
    roots = {sources[a].root for a in articles if a in sources}
    return len({sources[r].outlet if r in sources else r for r in roots})


def split_alternatives(attribute: Attribute) -> tuple[list[_Alternative], list[Claim]]:
    """The attribute's distinct values, most specific first, and the claims that fit
    more than one of them."""
    ordered = sorted(attribute.claims, key=lambda c: (values.width(c), c.article))
    alternatives: list[_Alternative] = []
    pending: list[Claim] = []
    for claim in ordered:
        fitting = [a for a in alternatives if a.fits(claim)]
        if len(fitting) == 1:
            fitting[0].add(claim)
        elif not fitting:
            alternatives.append(_Alternative([claim]))
        else:
            pending.append(claim)
    return alternatives, pending


def judge(
    story: str, attributes: Sequence[Attribute], sources: Mapping[str, Source]
) -> tuple[list[Fact], list[Discrepancy]]:
    facts: list[Fact] = []
    discrepancies: list[Discrepancy] = []
    for attribute in attributes:
        if attribute.kind is ClaimKind.STATEMENT:
            facts.append(_fact(story, attribute, attribute.claims, sources))
            continue
        if attribute.kind is ClaimKind.QUOTE:
            quoted = _fact(story, attribute, attribute.claims, sources)
            facts.append(quoted)
            reworded = _wording_dispute(story, attribute, quoted, sources)
            if reworded is not None:
                discrepancies.append(reworded)
            continue
        alternatives, spanning = split_alternatives(attribute)
        made = [_fact(story, attribute, alt.claims, sources) for alt in alternatives]
        made += [_fact(story, attribute, [claim], sources) for claim in spanning]
        holders = [{c.article for c in alt.claims} for alt in alternatives]
        disputed = (
            len(alternatives) >= 2
            and attribute.contestable
            and not any(values.lone_one(alt.best) for alt in alternatives)
            # one article giving several values is ambiguous, not a dispute
            and not any(holders[i] & holders[j] for i in range(len(holders)) for j in range(i))
        )
        facts.extend(made if disputed else [f for f in made if _states_something(f, attribute)])
        if not disputed:
            continue
        discrepancies.append(
            _discrepancy(
                story,
                attribute,
                alternatives=alternatives,
                spanning=spanning,
                facts=made,
                sources=sources,
            )
        )
    return facts, discrepancies


def _fact(
    story: str, attribute: Attribute, claims: Sequence[Claim], sources: Mapping[str, Source]
) -> Fact:
    if attribute.kind is ClaimKind.QUOTE:
        best = max(claims, key=lambda c: (len(c.phrase), c.article))
    else:
        best = min(claims, key=values.width)
    articles = tuple(dict.fromkeys(c.article for c in claims))
    narrowest = values.width(best)
    precise = {c.article for c in claims if values.width(c) == narrowest}
    # Wider values count only from articles that never give the precise one: an article
    # saying "Prime Minister" and later "Prime Minister of Georgia" is not less specific
    # than itself.
    wider = sorted(
        {c.value for c in claims if values.width(c) > narrowest and c.article not in precise}
    )
    label = _label(attribute, claims, best)
    statement = _statement(attribute, best, label)
    if attribute.kind is ClaimKind.QUOTE:
        statement += _credits(claims, sources)
    refinements: tuple[str, ...] = ()
    if wider:
        refinements = tuple(sorted({_outlet(sources, article) for article in precise}))
        statement += f" (others: {', '.join(wider)}; more specific in {', '.join(refinements)})"
    return Fact(
        id=short_id("f", story, attribute.kind.value, attribute.label, best.value),
        attribute=attribute.label,
        kind=attribute.kind,
        statement=statement,
        value=display(best),
        sources=tuple(_ordered_evidence(claims)),
        articles=articles,
        independent=independent(articles, sources),
        refinements=refinements,
        label=label,
    )


def _credits(claims: Sequence[Claim], sources: Mapping[str, Source]) -> str:
    """When outlets credit one statement to different sources, each with its outlets.
    Credits that share an actor or a name are one source (one outlet's "chief
    diplomat" and another's "Blinken" are one man when both are linked to him; two
    articles' "Trump" are one when linking gave them two ids), named as most of its
    claims name it; two of one surname are one source too (a linking slip between two
    Macrons)."""
    credited = [c for c in claims if c.subject_name]
    sets = DisjointSets(len(credited))

    first: dict[str, int] = {}
    for i, claim in enumerate(credited):
        for key in (f"id:{claim.subject}" if claim.subject else "", f"name:{claim.subject_name}"):
            if key:
                sets.union(i, first.setdefault(key, i))
    groups: dict[int, list[Claim]] = {}
    for i, claim in enumerate(credited):
        groups.setdefault(sets.find(i), []).append(claim)
    named = []
    for group in groups.values():
        names = [c.subject_name or "" for c in group]
        outlets = sorted({_outlet(sources, c.article) for c in group})
        named.append((max(sorted(set(names)), key=names.count), outlets))
    if len({name.split()[-1] for name, _ in named}) < 2:
        return ""
    shown = "; ".join(f"{name} ({', '.join(outlets)})" for name, outlets in named)
    return f" (credited to {shown})"


def _outlet(sources: Mapping[str, Source], article: str) -> str:
    return sources[article].outlet if article in sources else article


def display(claim: Claim) -> str:
    if claim.kind is ClaimKind.QUOTE:
        return claim.subject_name or "unknown source"
    if claim.kind in {ClaimKind.CREDIT, ClaimKind.PLACE}:
        return claim.subject_name or claim.value
    return claim.value


def _states_something(fact: Fact, attribute: Attribute) -> bool:
    """Whether a fact reads as one. A date needs a label of two words or more ("go"
    says nothing of what happened); a figure needs one, or a verb and a counted thing
    ("marched: about 100 people"), and more than a vague amount ("millions of people")
    or a lone "one" ("at one point"). Such values still take part in comparisons (a
    vague "hundreds" agrees with 312); they are not stated as facts of their own."""
    words = fact.label.split(" [in ", 1)[0].split()  # not the earlier time it is about
    if attribute.kind is ClaimKind.DATE:
        return len(words) >= 2
    if attribute.kind is ClaimKind.PLACE:
        return bool(words)
    if attribute.kind is not ClaimKind.COUNT:
        return bool(fact.value)  # a mediator, a title: the label is what it is of
    claims = [c for c in attribute.claims if display(c) == fact.value]
    best = claims[0] if claims else attribute.claims[0]
    if best.qualifier is Qualifier.VAGUE or best.low == best.high == 1:
        return False
    if words and not any(w[:1].islower() for w in words):
        return False  # a name alone ("Mario Quintanillo: 4 couples") says not what of
    if len(words) >= 2:
        return True
    counted = (best.unit or "").split()
    return bool(words and counted) and counted[-1] not in {"percent", words[0].lower()}


def _label(attribute: Attribute, claims: Sequence[Claim], best: Claim) -> str:
    """The fact's label: its most specific claim's, else the shortest given; a
    background fact says which earlier time it is about."""
    if attribute.kind in {ClaimKind.QUOTE, ClaimKind.CREDIT, ClaimKind.TITLE, ClaimKind.STATEMENT}:
        return attribute.label
    label = best.label or min((c.label for c in claims if c.label), key=len, default="")
    label = label or attribute.label
    if attribute.kind is ClaimKind.COUNT and best.background and best.background not in label:
        label += f" [in {best.background}]"
    return label


def _statement(attribute: Attribute, claim: Claim, label: str) -> str:
    match attribute.kind:
        case ClaimKind.COUNT | ClaimKind.DATE | ClaimKind.TITLE:
            return f"{label}: {claim.value}"
        case ClaimKind.PLACE:
            return f"{label}: {display(claim)}"
        case ClaimKind.QUOTE:
            return f"“{claim.phrase}” — {display(claim)}"
        case ClaimKind.STATEMENT:
            return label
        case _:
            return f"{attribute.label}: {display(claim)}"


def _ordered_evidence(claims: Sequence[Claim]) -> list[Evidence]:
    seen: dict[tuple[str, int, int], Evidence] = {}
    for claim in claims:
        key = (claim.article, claim.evidence.value_start, claim.evidence.value_end)
        seen.setdefault(key, claim.evidence)
    return list(seen.values())


def _discrepancy(
    story: str,
    attribute: Attribute,
    *,
    alternatives: list[_Alternative],
    spanning: list[Claim],
    facts: list[Fact],
    sources: Mapping[str, Source],
) -> Discrepancy:
    sides = [
        Alternative(
            value=display(alt.best),
            articles=tuple(dict.fromkeys(c.article for c in alt.claims)),
            evidence=tuple(_ordered_evidence(alt.claims)),
        )
        for alt in alternatives
    ]
    parts = []
    for side in sides:
        outlets = sorted({sources[a].outlet for a in side.articles if a in sources})
        parts.append(f"{side.value} ({', '.join(outlets)})")
    severity = _severity(attribute, alternatives, sources)
    if severity == UNCLEAR:
        explanation = (
            f"Sources date {attribute.label} a day apart: "
            + " vs ".join(parts)
            + ". Unclear, not a contradiction: one happening is often dated a day apart"
            " by two time zones, or by the day it was reported."
        )
    else:
        explanation = f"Sources disagree on {attribute.label}: " + " vs ".join(parts) + "."
    if spanning:
        fits = ", ".join(
            f"“{c.value}” ({sources[c.article].outlet})" for c in spanning if c.article in sources
        )
        explanation += f" {fits} fits more than one of them."
    conservative = None
    if attribute.kind is ClaimKind.COUNT:
        lowest = min(alternatives, key=lambda a: values.interval(a.best)[0]).best
        conservative = f"{lowest.value} (lowest credible figure; disputed)"
        explanation += f" Conservative reading: {lowest.value}."
    return Discrepancy(
        id=short_id("d", story, attribute.kind.value, attribute.label),
        attribute=attribute.label,
        kind=attribute.kind,
        alternatives=tuple(sides),
        severity=severity,
        explanation=explanation,
        conservative=conservative,
        facts=tuple(f.id for f in facts),
    )


def _wording_dispute(
    story: str, attribute: Attribute, fact: Fact, sources: Mapping[str, Source]
) -> Discrepancy | None:
    """Outlets quoting one statement in different words (see ``wording``): the
    quotations split into wordings that agree among themselves; two wordings from
    different outlets make a discrepancy when at least one outlet names who said them
    (the statement is then known by its words, whoever each outlet credits). Its
    severity is ``high`` when a change adds or drops a negation, ``medium`` when it
    changes a figure, ``low`` otherwise (the same words, rendered differently)."""
    claims = sorted(attribute.claims, key=lambda c: (-len(c.phrase), c.article))
    said = {id(c): wording.words(c.phrase) for c in claims}
    classes: list[list[Claim]] = []
    for claim in claims:
        home = None
        for members in classes:
            against = [wording.changes(said[id(m)], said[id(claim)]) for m in members]
            if any(against):
                continue  # worded differently from a member
            if any(f == [] for f in against):
                home = members
                break
        if home is None:
            classes.append([claim])
        else:
            home.append(claim)
    differing: list[tuple[int, int, list[wording.Change]]] = []
    for j, i in combinations(range(len(classes)), 2):
        for a, b in [(a, b) for a in classes[i] for b in classes[j]]:
            if _other_sources(a, b):
                continue
            changed = wording.changes(said[id(b)], said[id(a)])
            if changed and independent([a.article, b.article], sources) >= 2:
                differing.append((j, i, changed))
                break
    if not differing:
        return None
    involved = sorted({k for i, j, _ in differing for k in (i, j)})
    if not any(c.subject_name for k in involved for c in classes[k]):
        return None  # words no outlet credits to anyone: perhaps not a quotation
    sides = [
        Alternative(
            value=max((c.phrase for c in classes[k]), key=len),
            articles=tuple(dict.fromkeys(c.article for c in classes[k])),
            evidence=tuple(_ordered_evidence(classes[k])),
        )
        for k in involved
    ]
    first, second, changed_first = differing[0]
    names = [
        ", ".join(sorted({_outlet(sources, c.article) for c in classes[k]}))
        for k in (first, second)
    ]
    shown = "; ".join(
        f"“{c.this or '—'}” ({names[0]}) / “{c.other or '—'}” ({names[1]})"
        for c in changed_first[:3]
    )
    every = [c for _, _, f in differing for c in f]
    severity = (
        "high"
        if any(c.reverses for c in every)
        else "medium"
        if any(c.figures for c in every)
        else "low"
    )
    return Discrepancy(
        id=short_id("d", story, attribute.kind.value, attribute.label),
        attribute=f"wording of {attribute.label}",
        kind=attribute.kind,
        alternatives=tuple(sides),
        severity=severity,
        explanation=f"Outlets quote {attribute.label} in different words: {shown}.",
        facts=(fact.id,),
    )


def _other_sources(a: Claim, b: Claim) -> bool:
    """Whether two quotations are credited to two different sources: two people with
    different surnames (a linking slip between two Macrons is not two people), or a
    person and a legal or official text ("the suit states") — a party chairman's
    statement and the complaint's text may share a phrase. Near-identical words from
    two sources are two texts reusing a phrase, not one statement reworded."""
    ids = (a.subject or "", b.subject or "")
    people = [i.startswith("person:") for i in ids]
    if all(people):
        return ids[0] != ids[1] and surname(ids[0]) != surname(ids[1])
    texts = [_is_text(c.subject_name) for c in (a, b)]
    return any(people) and any(texts)


_TEXTS = frozenset(
    {
        "suit",
        "lawsuit",
        "complaint",
        "filing",
        "indictment",
        "ruling",
        "order",
        "bill",
        "law",
        "treaty",
        "agreement",
        "memo",
        "report",
        "document",
        "resolution",
    }
)


def _is_text(name: str | None) -> bool:
    words = (name or "").lower().split()
    return bool(words) and words[-1] in _TEXTS


def _severity(
    attribute: Attribute, alternatives: list[_Alternative], sources: Mapping[str, Source]
) -> str:
    """``unclear``: dates a day apart (:func:`values.within_a_day`); ``high``: the
    story's own main figure, date or credit (stated in a lead) or counts apart by a
    quarter or more; ``low``: background; ``medium`` otherwise."""
    claims = [c for alt in alternatives for c in alt.claims]
    if attribute.kind is ClaimKind.DATE and values.within_a_day([a.best for a in alternatives]):
        return UNCLEAR
    if any(c.background for c in claims):
        return "low"
    in_lead = sum(
        1
        for alt in alternatives
        if any(c.evidence.value_start < sources[c.article].lead_end for c in alt.claims)
    )
    if in_lead >= 2:
        return "high"
    if attribute.kind is ClaimKind.COUNT:
        figures = [values.interval(alt.best)[0] for alt in alternatives]
        top = max(figures)
        if top > 0 and (top - min(figures)) / top >= _LARGE_GAP:
            return "high"
    return "medium"
