"""Scoring the compare stage against gold written by reading the articles.

The gold files (``tests/gold/compare_*.yaml``) name, per story, its member articles,
the facts they state, the true contradictions and the traps that are not ones.
Each gold story is compared with exactly its gold members, so these scores measure
the compare stage alone, not the grouping before it.

* **contradictions**: a raised discrepancy is a hit when a gold contradiction of
  the same kind has every one of its values among the discrepancy's alternatives;
  any other raised discrepancy is a false alarm.
* **facts**: a gold fact is found when a fact of the same kind gives its value
  (same figure, same date, same surname) in at least one of its articles;
  alignment is scored on article pairs: the pairs the best-matching fact joins
  against the pairs the gold joins.
* **omissions**: every "left out" / "only in" is judged by the gold fact it states
  (see ``_score_omissions``); the gold's facts list every article that states a
  value, so the judgement does not depend on the gold's own list of omissions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from rashomon.compare.pipeline import Comparer, StoryMaterial, compare, load_material
from rashomon.model import ClaimKind, Comparison, Discrepancy, Fact, Story, StoryDate
from rashomon.store import Store

_KINDS = {k.value for k in ClaimKind}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class GoldStory:
    key: str
    members: tuple[str, ...]
    facts: tuple[dict[str, Any], ...]
    contradictions: tuple[dict[str, Any], ...]
    # per gold fact id, the articles where either answer is accepted
    borderline: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class Scores:
    """Counts behind precision and recall, with the cases named."""

    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    facts_found: int = 0
    facts_total: int = 0
    facts_missed: list[str] = field(default_factory=list)
    pairs_right: int = 0
    pairs_made: int = 0
    pairs_gold: int = 0
    omissions_right: list[str] = field(default_factory=list)
    omissions_wrong: list[str] = field(default_factory=list)
    omissions_unjudged: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        raised = len(self.hits) + len(self.false_alarms)
        return len(self.hits) / raised if raised else 1.0

    @property
    def recall(self) -> float:
        wanted = len(self.hits) + len(self.misses)
        return len(self.hits) / wanted if wanted else 1.0

    @property
    def pair_precision(self) -> float:
        return self.pairs_right / self.pairs_made if self.pairs_made else 1.0

    @property
    def pair_recall(self) -> float:
        return self.pairs_right / self.pairs_gold if self.pairs_gold else 1.0

    @property
    def omission_precision(self) -> float:
        judged = len(self.omissions_right) + len(self.omissions_wrong)
        return len(self.omissions_right) / judged if judged else 1.0

    def add(self, other: Scores) -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.false_alarms += other.false_alarms
        self.facts_found += other.facts_found
        self.facts_total += other.facts_total
        self.facts_missed += other.facts_missed
        self.pairs_right += other.pairs_right
        self.pairs_made += other.pairs_made
        self.pairs_gold += other.pairs_gold
        self.omissions_right += other.omissions_right
        self.omissions_wrong += other.omissions_wrong
        self.omissions_unjudged += other.omissions_unjudged


def load_gold(path: Path, resolve: Callable[[str], list[str]]) -> list[GoldStory]:
    """Gold stories with article names (headlines, seed prefixes) resolved to ids."""
    raw = yaml.safe_load(path.read_text("utf-8"))

    def ids(names: Iterable[Any]) -> list[str]:
        return [i for name in names for i in resolve(str(name))]

    stories = []
    for key, body in raw["stories"].items():
        facts = tuple({**f, "ids": ids(f.get("articles", []))} for f in body.get("facts", []))
        contradictions = tuple(
            {
                **c,
                "alternatives": [
                    {**a, "ids": ids(a.get("articles", []))} for a in c["alternatives"]
                ],
            }
            for c in body.get("contradictions", [])
        )
        borderline = {
            str(o["fact"]): frozenset(ids(o.get("borderline") or []))
            for o in body.get("omissions") or []
        }
        stories.append(
            GoldStory(key, tuple(ids(body["articles"])), facts, contradictions, borderline)
        )
    return stories


def gold_material(store: Store, gold: GoldStory, comparer: Comparer) -> StoryMaterial:
    """The gold story as rashomon would hold it: its members, with the date and date
    completions of the stored stories they belong to."""
    held = [s for s in store.story_store.stories() if set(s.articles) & set(gold.members)]
    main = max(held, key=lambda s: len(set(s.articles) & set(gold.members)), default=None)
    story = Story(
        id=f"gold-{gold.key}",
        title=gold.key,
        date=main.date if main else StoryDate(None, None, "none"),
        articles=gold.members,
        completions=tuple(c for s in held for c in s.completions if c.article in set(gold.members)),
    )
    return load_material(store, replace(story), comparer)


def score_story(gold: GoldStory, comparison: Comparison) -> Scores:
    scores = Scores()
    matched: set[str] = set()
    for wanted in gold.contradictions:
        found = next((d for d in comparison.discrepancies if _same_dispute(wanted, d)), None)
        name = f"{gold.key}/{wanted['id']}"
        if found is None:
            scores.misses.append(name)
        else:
            scores.hits.append(name)
            matched.add(found.id)
    for d in comparison.discrepancies:
        if d.id not in matched:
            values = " vs ".join(a.value for a in d.alternatives)
            scores.false_alarms.append(f"{gold.key}/{d.attribute}: {values}")
    for fact in gold.facts:
        if fact.get("kind") not in _KINDS:
            continue
        scores.facts_total += 1
        candidates = [f for f in comparison.facts if _gives(f, fact)]
        wanted_pairs = _pairs(fact["ids"])
        scores.pairs_gold += len(wanted_pairs)
        if not candidates:
            scores.facts_missed.append(f"{gold.key}/{fact['id']}")
            continue
        scores.facts_found += 1
        best = max(candidates, key=lambda f: len(set(f.articles) & set(fact["ids"])))
        made = _pairs(best.articles)
        scores.pairs_made += len(made)
        scores.pairs_right += len(made & wanted_pairs)
    _score_omissions(gold, comparison, scores)
    return scores


def _gives(found: Fact, fact: dict[str, Any]) -> bool:
    """Whether a rashomon fact gives a gold fact's value in one of its articles."""
    return (
        found.kind.value == fact.get("kind")
        and (
            _same_value(fact["kind"], fact.get("value"), found.value)
            or (found.kind is ClaimKind.COUNT and _names_figure(found.statement, fact.get("value")))
        )
        and bool(set(found.articles) & set(fact["ids"]))
    )


def _score_omissions(gold: GoldStory, comparison: Comparison, scores: Scores) -> None:
    """Each "left out by X" / "only in Y" judged by the gold fact it states: right
    when the gold fact's articles (every article stating the value) leave X out, or X
    is borderline; wrong when they hold X; unjudged when no gold fact matches."""
    facts = {f.id: f for f in comparison.facts}
    for omission in comparison.omissions:
        found = facts.get(omission.fact)
        matches = [g for g in gold.facts if found is not None and _gives(found, g)]
        for article in omission.missing_from:
            name = f"{gold.key}: {omission.statement} — not in {article}"
            if not matches:
                scores.omissions_unjudged.append(name)
            elif any(
                article in g["ids"] and article not in gold.borderline.get(str(g["id"]), ())
                for g in matches
            ):
                scores.omissions_wrong.append(name)
            else:
                scores.omissions_right.append(name)


def evaluate(store: Store, golds: Sequence[GoldStory], comparer: Comparer) -> Scores:
    total = Scores()
    for gold in golds:
        total.add(score_story(gold, compare(gold_material(store, gold, comparer), comparer)))
    return total


def _pairs(articles: Iterable[str]) -> set[frozenset[str]]:
    return {frozenset(p) for p in combinations(sorted(set(articles)), 2)}


def _names_figure(statement: str, gold: Any) -> bool:
    """Whether a fact's statement gives the gold figure among its variants
    ("312 people (others: at least 300 ...)" gives "more than 300")."""
    wanted = _NUMBER.search(str(gold))
    if wanted is None:
        return False
    value = float(wanted.group().replace(",", ""))
    return any(float(n.replace(",", "")) == value for n in _NUMBER.findall(statement))


def _same_dispute(wanted: dict[str, Any], found: Discrepancy) -> bool:
    if wanted["kind"] != found.kind.value:
        return False
    return all(
        any(
            _same_value(wanted["kind"], alt.get("value"), side.value) for side in found.alternatives
        )
        for alt in wanted["alternatives"]
    )


def _same_value(kind: str, gold: Any, shown: str) -> bool:
    """Whether a value rashomon shows is the gold value: the same first figure for
    counts, the same ISO date, the same surname for people and places by name."""
    if gold is None:
        return False
    if kind == ClaimKind.COUNT.value:
        a, b = _NUMBER.search(str(gold)), _NUMBER.search(shown)
        return bool(a and b) and float(a.group().replace(",", "")) == float(  # type: ignore[union-attr]
            b.group().replace(",", "")  # type: ignore[union-attr]
        )
    if kind == ClaimKind.DATE.value:
        return shown.startswith(str(gold)) or str(gold).startswith(shown)
    name = re.sub(r"\s*\(.*?\)", "", str(gold)).split()
    return bool(name) and name[-1].casefold() in shown.casefold()
