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

from rashomon.compare import values
from rashomon.compare.align import Attribute
from rashomon.model import (
    Alternative,
    Claim,
    ClaimKind,
    Discrepancy,
    Evidence,
    Fact,
    Omission,
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
    claims: list[Claim] = field(default_factory=list)

    @property
    def best(self) -> Claim:
        return min(self.claims, key=values.width)

    def fits(self, claim: Claim) -> bool:
        return all(values.compatible(claim, c) for c in self.claims)


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
            fitting[0].claims.append(claim)
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
        alternatives, spanning = split_alternatives(attribute)
        made = [_fact(story, attribute, alt.claims, sources) for alt in alternatives]
        made += [_fact(story, attribute, [claim], sources) for claim in spanning]
        facts.extend(made)
        if len(alternatives) < 2 or not attribute.contestable:
            continue
        holders = [{c.article for c in alt.claims} for alt in alternatives]
        if any(holders[i] & holders[j] for i in range(len(holders)) for j in range(i)):
            continue  # one article gives several values: ambiguous, not a dispute
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
    best = min(claims, key=values.width)
    articles = tuple(dict.fromkeys(c.article for c in claims))
    wider = sorted({c.value for c in claims if values.width(c) > values.width(best)})
    statement = _statement(attribute, best)
    refinements: tuple[str, ...] = ()
    if wider:
        narrowest = values.width(best)
        refinements = tuple(
            sorted({_outlet(sources, c.article) for c in claims if values.width(c) == narrowest})
        )
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
    )


def _outlet(sources: Mapping[str, Source], article: str) -> str:
    return sources[article].outlet if article in sources else article


def display(claim: Claim) -> str:
    if claim.kind in {ClaimKind.QUOTE, ClaimKind.CREDIT}:
        return claim.subject_name or claim.value
    return claim.value


def _statement(attribute: Attribute, claim: Claim) -> str:
    match attribute.kind:
        case ClaimKind.COUNT:
            return f"{attribute.label}: {claim.value}"
        case ClaimKind.DATE:
            return f"{attribute.label}: {claim.value}"
        case ClaimKind.QUOTE:
            return f"“{claim.phrase}” — {display(claim)}"
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
        severity=_severity(attribute, alternatives, sources),
        explanation=explanation,
        conservative=conservative,
        facts=tuple(f.id for f in facts),
    )


def _severity(
    attribute: Attribute, alternatives: list[_Alternative], sources: Mapping[str, Source]
) -> str:
    """``high``: the story's own main figure, date or credit (stated in a lead) or
    counts apart by a quarter or more; ``low``: background, or dates a day apart;
    ``medium`` otherwise."""
    claims = [c for alt in alternatives for c in alt.claims]
    if any(c.background for c in claims):
        return "low"
    if attribute.kind is ClaimKind.DATE:
        starts = sorted(values.interval(alt.best)[0] for alt in alternatives)
        if starts[-1] - starts[0] <= 1:
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


def omissions(
    facts: Sequence[Fact], attributes: Sequence[Attribute], sources: Mapping[str, Source]
) -> list[Omission]:
    """For each attribute two or more independent outlets report, the member articles
    (originals only: a copy is its original's) that say nothing about it."""
    originals = sorted({s.root for s in sources.values() if s.root in sources})
    found: list[Omission] = []
    by_label = {(f.kind, f.attribute): f for f in facts}
    for attribute in attributes:
        if attribute.kind is ClaimKind.COUNT and not attribute.contestable:
            continue
        reporting = {c.article for c in attribute.claims}
        if independent(sorted(reporting), sources) < 2:
            continue
        covered = {sources[a].root for a in reporting if a in sources}
        missing = tuple(a for a in originals if a not in covered)
        if not missing:
            continue
        main = max(
            (f for f in facts if f.attribute == attribute.label and f.kind is attribute.kind),
            key=lambda f: f.independent,
            default=by_label.get((attribute.kind, attribute.label)),
        )
        if main is None:
            continue
        found.append(Omission(fact=main.id, statement=main.statement, missing_from=missing))
    return found
