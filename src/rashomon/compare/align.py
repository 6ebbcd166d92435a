"""Alignment: which claims of a story's articles are about the same thing.

Counts align on what is counted (people, mines, percent), what happened to it (the
predicate class: killed, evacuated, released) and who did it when the articles
say (Iceland asked for 16.5 percent, Norway offered 12): "Twelve people were
killed" and "Fourteen people died" are one attribute; "27 injured" is another. A
count whose words match no predicate class joins an attribute only when its
description is close in embedding space and its value fits: it may corroborate,
never contradict. Dates align on the happening (began, ended, signed) and the
words around it; quotes on their text (translations and paraphrases included);
mediators form one attribute per story.

An attribute is *contestable* (may raise a contradiction) only when what it is
about is known for certain: a known predicate and, where some articles name who
did it, a subject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from rashomon.compare import values, wording
from rashomon.compare.statements import aligned_statements, candidates
from rashomon.compare.titles import same_person
from rashomon.disjoint import DisjointSets
from rashomon.model import Claim, ClaimKind
from rashomon.stories.profile import unit_key

Similarity = Callable[[Sequence[str]], np.ndarray]

# How close two descriptions must be (cosine of MiniLM embeddings) to align.
COUNT_WITHOUT_PREDICATE = 0.85
# Counts of one unit in sentences this close (and naming an actor or place in
# common) are one attribute across outlets; see _join_counts_across.
COUNT_SAME_SENTENCE = 0.7
QUOTE_SAME = 0.8
# Words two people's quotations must share in one run to be one statement (or the
# whole of the shorter one), and at least half of the shorter one.
QUOTE_RUN_TWO_PEOPLE = 8
DATE_SAME_CLASS = 0.45
DATE_UNKNOWN_CLASS = 0.7
# Bars for the closeness of two groups giving one and the same date (a day; a month or
# year says less), by their words or their sentences: they rank the groups a group
# may join, they do not decide whether it joins (see _merge_same_value). Measured on
# NewsWCL50's gold date facts: at 0.55, 72 of 93 same-fact pairs of sentences with one
# day are this close, and 22 of 82 pairs about different gold facts of that day.
DATE_SAME_DAY = 0.55
DATE_SAME_PERIOD = 0.65
# ... and at this closeness when both are in their articles' opening sentences.
DATE_SAME_DAY_OPENING = 0.35
# Dated happenings further apart than this are different happenings.
DATE_WINDOW_DAYS = 45
_SUBSET_UNITS = frozenset({"crew", "crews", "children", "women", "men", "students", "soldiers"})


@dataclass
class Attribute:
    """Claims about one thing, from any number of the story's articles."""

    kind: ClaimKind
    label: str
    claims: list[Claim] = field(default_factory=list)
    contestable: bool = True


def word_overlap(phrases: Sequence[str]) -> np.ndarray:
    """Pairwise similarity of phrases by shared words (Jaccard), when no embedding
    model is loaded."""
    sets = [set(p.lower().split()) for p in phrases]
    out = np.zeros((len(sets), len(sets)), dtype=np.float32)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            out[i, j] = len(a & b) / len(a | b) if a | b else 0.0
    return out


def align(
    claims: Sequence[Claim],
    similarity: Similarity = word_overlap,
    leads: Mapping[str, int] | None = None,
    *,
    by_sentence: bool = True,
) -> list[Attribute]:
    """The story's attributes. ``leads`` gives, per article, where its opening
    sentences end: dates of one day in two articles' openings are likely the news.
    With ``by_sentence`` false, dates are aligned by their phrases alone, not also by
    their whole sentences (the corpus timeline: a fifth of the cost to encode)."""
    by_kind: dict[ClaimKind, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_kind[claim.kind].append(claim)
    return [
        *_join_counts_across(_align_counts(by_kind[ClaimKind.COUNT], similarity), similarity),
        *_align_dates(by_kind[ClaimKind.DATE], similarity, leads or {}, by_sentence),
        *_align_quotes(by_kind[ClaimKind.QUOTE], similarity),
        *_align_credits(by_kind[ClaimKind.CREDIT]),
        *_align_titles(by_kind[ClaimKind.TITLE]),
        *_align_statements(by_kind[ClaimKind.STATEMENT], similarity),
        *_align_places(by_kind[ClaimKind.PLACE]),
    ]


def unit_group(unit: str | None) -> str:
    """Counted things that are the same for comparison: passengers, people, detainees,
    prisoners of war and "Armenians" are all people; crew or children are not (they
    are a part of the people on board)."""
    if not unit:
        return "people"
    words = unit.casefold().split(" of ")[0].split()
    if words and words[-1] in _SUBSET_UNITS:
        return words[-1]
    return "people" if unit_key(unit) == "people" else unit.casefold()


def _align_counts(claims: list[Claim], similarity: Similarity) -> list[Attribute]:
    known = [c for c in claims if c.predicate is not None]
    unknown = [c for c in claims if c.predicate is None]
    families: dict[tuple[str | None, str, str], dict[str | None, list[Claim]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for claim in known:
        family = (claim.background, unit_group(claim.unit), claim.predicate or "")
        families[family][claim.subject].append(claim)
    attributes: list[Attribute] = []
    for (background, unit, predicate), by_subject in families.items():
        subjectless = by_subject.pop(None, [])
        groups = {
            subject: Attribute(ClaimKind.COUNT, _label(unit, predicate, group, background), group)
            for subject, group in by_subject.items()
        }
        loose: list[Claim] = []
        for claim in subjectless:
            fits = [
                g for g in groups.values() if all(values.compatible(claim, c) for c in g.claims)
            ]
            if len(fits) == 1:
                fits[0].claims.append(claim)
            else:
                loose.append(claim)
        attributes.extend(groups.values())
        if loose:
            # Without a subject, figures of a family that has subjects may be anyone's.
            attributes.append(
                Attribute(
                    ClaimKind.COUNT,
                    _label(unit, predicate, loose, background),
                    loose,
                    contestable=not groups,
                )
            )
    attributes.extend(_attach_by_description(unknown, attributes, similarity))
    return attributes


def _join_counts_across(attributes: list[Attribute], similarity: Similarity) -> list[Attribute]:
    """One counted thing reported by two outlets in other words ("has at least four
    dozen questions", "has given a list of almost four dozen questions"): counts of
    one unit in two articles' sentences that report the same — each the other's
    closest such count, sentences at cosine >= ``COUNT_SAME_SENTENCE``, naming an actor
    or place in common, neither dated away from the story — make one attribute,
    whatever verb each outlet uses. Attributes already holding both articles are
    never joined (one article's two figures stay apart)."""
    indexed = [(n, c) for n, a in enumerate(attributes) for c in a.claims if _joinable(c)]
    if len({c.article for _, c in indexed}) < 2:
        return attributes
    sims = similarity([c.evidence.sentence for _, c in indexed])
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, (_, one) in enumerate(indexed):
        for j, (_, other) in enumerate(indexed):
            if one.article == other.article or unit_group(one.unit) != unit_group(other.unit):
                continue
            close = float(sims[i, j])
            if close >= COUNT_SAME_SENTENCE and set(one.entities) & set(other.entities):
                key = (i, other.article)
                if key not in best or close > best[key][0]:
                    best[key] = (close, j)
    links = sorted(
        (close, i, j)
        for (i, _), (close, j) in best.items()
        if i < j and best.get((j, indexed[i][1].article), (0.0, -1))[1] == i
    )
    sets = DisjointSets(len(attributes))

    held = [{c.article for c in a.claims} for a in attributes]
    for _, i, j in reversed(links):
        first, second = sets.find(indexed[i][0]), sets.find(indexed[j][0])
        if first != second and not held[first] & held[second]:
            sets.attach(second, under=first)
            held[first] |= held[second]
    joined: dict[int, list[Attribute]] = defaultdict(list)
    for n, attribute in enumerate(attributes):
        joined[sets.find(n)].append(attribute)
    out = []
    for members in joined.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        largest = max(members, key=lambda m: len(m.claims))
        out.append(
            Attribute(
                ClaimKind.COUNT,
                largest.label,
                [c for m in members for c in m.claims],
                contestable=all(
                    m.contestable or all(c.predicate is None for c in m.claims) for m in members
                ),
            )
        )
    return out


def _joinable(claim: Claim) -> bool:
    """A count whose counted thing is written and whose sentence is the story's own.
    A count of one is not (see ``values.lone_one``)."""
    return (
        bool(claim.unit)
        and claim.background is None
        and bool(claim.entities)
        and not values.lone_one(claim)
    )


def _label(unit: str, predicate: str, claims: Sequence[Claim], background: str | None) -> str:
    subject = next((c.subject_name for c in claims if c.subject_name), None)
    label = f"{unit} {predicate}"
    if subject:
        label += f" ({subject})"
    if background:
        label += f" [in {background}]"
    return label


def _attach_by_description(
    unknown: list[Claim], attributes: list[Attribute], similarity: Similarity
) -> list[Attribute]:
    """Counts with no known predicate: join a close attribute whose values they fit,
    else group among themselves (never contestable)."""
    if not unknown:
        return []
    counted = [a for a in attributes if a.kind is ClaimKind.COUNT]
    anchors = [(a, c) for a in counted for c in a.claims]
    phrases = [c.phrase for c in unknown] + [c.phrase for _, c in anchors]
    sims = similarity(phrases)
    n = len(unknown)
    new: list[Attribute] = []
    for i, claim in enumerate(unknown):
        best: Attribute | None = None
        best_sim = COUNT_WITHOUT_PREDICATE
        for j, (attribute, anchor) in enumerate(anchors):
            if (
                sims[i, n + j] >= best_sim
                and unit_group(anchor.unit) == unit_group(claim.unit)
                and anchor.background == claim.background
                and all(values.compatible(claim, c) for c in attribute.claims)
            ):
                best, best_sim = attribute, float(sims[i, n + j])
        if best is not None:
            best.claims.append(claim)
            continue
        home = next(
            (
                a
                for a in new
                if unit_group(a.claims[0].unit) == unit_group(claim.unit)
                and a.claims[0].background == claim.background
                and max(sims[i, unknown.index(c)] for c in a.claims) >= COUNT_WITHOUT_PREDICATE
            ),
            None,
        )
        if home is None:
            label = claim.phrase or unit_group(claim.unit)
            new.append(Attribute(ClaimKind.COUNT, label, [claim], contestable=False))
        else:
            home.claims.append(claim)
    return new


def _align_dates(
    claims: list[Claim], similarity: Similarity, leads: Mapping[str, int], by_sentence: bool = True
) -> list[Attribute]:
    if not claims:
        return []
    sims = similarity([c.phrase for c in claims])
    groups = _happenings(claims, sims)
    sentences = similarity([c.evidence.sentence for c in claims]) if by_sentence else sims
    opening = [c.evidence.start < leads.get(c.article, 0) for c in claims]
    groups = _merge_same_value(claims, groups, np.maximum(sims, sentences), opening)
    return [
        Attribute(
            ClaimKind.DATE,
            _date_label([claims[j] for j in group]),
            [claims[j] for j in group],
            contestable=all(claims[j].predicate for j in group),
        )
        for group in groups
    ]


def _merge_same_value(
    claims: Sequence[Claim], groups: list[list[int]], sims: np.ndarray, opening: Sequence[bool]
) -> list[list[int]]:
    """Join each group of dated happenings to an earlier group giving one and the same
    date (one value, and the same background): outlets word one happening
    differently, and the same day is evidence of its own. Where several could take
    it, the one whose words or sentences (``sims``: the closer of the two) clear
    their bar by most — a lower bar when both open their articles (``opening``) —
    else the first. A join never brings a second value into a group, so it can
    corroborate but never make a dispute.

    The bars only rank: every same-date group joins. Requiring them (session 10) lost
    13 of NewsWCL50's 205 gold pairs found (pair recall 0.27 -> 0.25), split 66 more
    date facts and added two "left out" of a day the other outlets give in another
    sentence; no contradiction changed either way."""

    def value(group: list[int]) -> str | None:
        """The group's one date: the finest of its values when the others are that
        date less precisely ("2018-07" with "2018-07-13"), else None."""
        found = {claims[j].value for j in group}
        finest = max(found, key=len)
        return finest if all(finest.startswith(v) for v in found) else None

    closeness_of = np.asarray(sims, dtype=np.float64)
    both_open = np.logical_and.outer(opening, opening)
    bars = {
        True: np.where(both_open, DATE_SAME_DAY_OPENING, DATE_SAME_DAY),  # a day
        False: np.full(both_open.shape, DATE_SAME_PERIOD),  # a month or a year
    }

    def closeness(group: list[int], other: list[int], day: str) -> float:
        """How far the closest pair of the two groups clears its bar; 0 when none does."""
        rows, columns = np.ix_(group, other)
        margin = closeness_of[rows, columns] - bars[len(day) == 10][rows, columns]
        return max(0.0, float(margin.max()))

    def background(group: list[int]) -> tuple[object] | None:
        found = {claims[j].background for j in group}
        return (found.pop(),) if len(found) == 1 else None

    merged: list[list[int]] = []
    # the merged groups that can take a group, by their one value and background (a
    # join keeps both): each group is weighed against those alone, in order
    takers: dict[tuple[str, tuple[object]], list[list[int]]] = defaultdict(list)
    for group in groups:
        day, side = value(group), background(group)
        able = takers[(day, side)] if day is not None and side is not None else []
        home = max(able, key=lambda m: closeness(group, m, day or ""), default=None)
        if home is None:
            merged.append(list(group))
            if day is not None and side is not None:
                able.append(merged[-1])
        else:
            home.extend(group)
    return merged


def _happenings(claims: Sequence[Claim], sims: np.ndarray) -> list[list[int]]:
    """Date claims grouped by the happening they date, greedily in order: each claim
    joins the group it is closest to (its best cosine with a member, at or above the
    bar for its kind of claim), among the groups every member of which it can date
    the same happening as (:func:`_same_happening`); else it starts a group.

    Each group keeps, for every claim, whether it can join and its best cosine with a
    member, so a claim is weighed against all groups in one step (a timeline block of
    400 claims took 1.1 s of Python loops; the result is the same)."""
    count = len(claims)
    can = _same_happening(claims)
    close = np.asarray(sims, dtype=np.float64)
    bar = np.array([DATE_SAME_CLASS if c.predicate else DATE_UNKNOWN_CLASS for c in claims])
    joinable = np.zeros((count, count), dtype=bool)  # [group, claim]: with every member
    nearest = np.zeros((count, count))  # [group, claim]: the claim's best cosine
    groups: list[list[int]] = []
    for i in range(count):
        held = len(groups)
        score = nearest[:held, i]
        fits = joinable[:held, i] & (score >= bar[i]) & (score > 0.0)
        if not fits.any():
            joinable[held] = can[:, i]
            nearest[held] = close[:, i]
            groups.append([i])
            continue
        best = int(np.argmax(np.where(fits, score, -np.inf)))  # the first of the closest
        joinable[best] &= can[:, i]
        np.maximum(nearest[best], close[:, i], out=nearest[best])
        groups[best].append(i)
    return groups


def _same_happening(claims: Sequence[Claim]) -> np.ndarray:
    """Which pairs of ``claims`` can date one happening: no two different kinds of
    happening, no two incompatible dates in one article, and dates within
    ``DATE_WINDOW_DAYS`` of each other."""
    spans = np.array([values.interval(c) for c in claims], dtype=np.float64).reshape(-1, 2)
    low, high = spans[:, 0], spans[:, 1]
    near = (low[:, None] - DATE_WINDOW_DAYS <= high[None, :]) & (
        low[None, :] - DATE_WINDOW_DAYS <= high[:, None]
    )
    kinds: dict[str, int] = {}
    kind = np.array(
        [kinds.setdefault(c.predicate, len(kinds) + 1) if c.predicate else 0 for c in claims]
    )
    unlike = (kind[:, None] != kind[None, :]) & (kind[:, None] > 0) & (kind[None, :] > 0)
    can: np.ndarray = near & ~unlike
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        by_article[claim.article].append(index)
    for members in by_article.values():
        for a in members:
            for b in members:
                if a != b and can[a, b] and not values.compatible(claims[a], claims[b]):
                    can[a, b] = False
    return can


def _date_label(claims: Sequence[Claim]) -> str:
    """The shortest phrase of the group that names a happening: not over twelve words,
    and not words of time alone ("last year" labels no happening)."""
    return min(
        (c.phrase for c in claims),
        key=lambda p: (len(p.split()) > 12, _only_time_words(p), len(p)),
    )


def _only_time_words(phrase: str) -> bool:
    return all(w.lower() in _TIME_WORDS for w in phrase.split())


_TIME_WORDS = frozenset(
    [
        "last",
        "this",
        "next",
        "past",
        "coming",
        "previous",
        "early",
        "late",
        "mid",
        "the",
        "a",
        "day",
        "week",
        "weekend",
        "month",
        "year",
        "years",
        "months",
        "weeks",
        "days",
        "ago",
        "earlier",
        "later",
    ]
)


def _align_quotes(claims: list[Claim], similarity: Similarity) -> list[Attribute]:
    """Quotations of one statement: they share a run of words (one may quote more of
    it than the other), or they say the same in other words (a paraphrase, another
    translation) and are credited to the same source. Never contestable as to who
    said it: an outlet crediting words to someone else is shown, not disputed."""
    if not claims:
        return []
    sims = similarity([c.phrase for c in claims])
    tokens = [wording.words(c.phrase) for c in claims]
    counts = [wording.word_counts(t) for t in tokens]
    sets = DisjointSets(len(claims))

    for i in range(len(claims)):
        for j in range(i):
            # no run or stretch of shared words is longer than the words shared
            # (counted, without comparing sequences: most pairs end here)
            shared = wording.shared_count(counts[i], counts[j])
            if _two_people(claims[i], claims[j]):
                # the same words from two people: only a long shared run (a
                # misattribution), not a shared phrase ("The Iran nuclear deal is ...")
                shortest = min(len(tokens[i]), len(tokens[j]))
                needed = max(min(QUOTE_RUN_TWO_PEOPLE, shortest), shortest / 2)
                run = wording.longest_run(tokens[i], tokens[j]) if shared >= needed else 0
                same = run >= min(QUOTE_RUN_TWO_PEOPLE, shortest) and run >= shortest / 2
            else:
                worded = shared >= wording.SAME_STATEMENT_RUN and wording.same_statement(
                    tokens[i], tokens[j]
                )
                same = worded or (sims[i, j] >= QUOTE_SAME and _same_source(claims[i], claims[j]))
            if same:
                sets.union(i, j)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, claim in enumerate(claims):
        groups[sets.find(i)].append(claim)
    return [
        Attribute(ClaimKind.QUOTE, _quote_label(group), group, contestable=False)
        for group in groups.values()
    ]


def _two_people(a: Claim, b: Claim) -> bool:
    """Two quotations credited to two people of different surnames."""
    ids = (a.subject or "", b.subject or "")
    if not all(i.startswith("person:") for i in ids):
        return False
    return surname(ids[0]) != surname(ids[1])


def surname(person: str) -> str:
    """The last word of a person's id: ``person:donald-trump`` and ``person:trump``
    both give "trump" (the prefix is no part of a one-word name)."""
    return person.removeprefix("person:").rsplit("-", 1)[-1]


def _same_source(a: Claim, b: Claim) -> bool:
    return a.subject is not None and a.subject == b.subject


def _quote_label(claims: Sequence[Claim]) -> str:
    """The statement's source (the name most outlets give) and its opening words."""
    names = [c.subject_name for c in claims if c.subject_name]
    speaker = max(sorted(set(names)), key=names.count) if names else "unknown source"
    longest = max(claims, key=lambda c: len(c.phrase))
    return f"{speaker}: “{_opening(longest.phrase)}”"


def _opening(text: str, count: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:count]) + ("…" if len(parts) > count else "")


def _align_credits(claims: list[Claim]) -> list[Attribute]:
    by_time: dict[str | None, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_time[claim.background].append(claim)
    return [
        Attribute(ClaimKind.CREDIT, "mediator" + (f" [in {bg}]" if bg else ""), group)
        for bg, group in by_time.items()
    ]


def _align_titles(claims: list[Claim]) -> list[Attribute]:
    """Titles of one person: the same actor id, or a surname-only id ("person:trump")
    with the one full name of the story it ends ("person:donald-trump"); with two such
    names (Donald and Ivanka Trump) the surname-only one stays apart. Never
    contestable: outlets may call one person by different offices."""
    people = sorted({c.subject for c in claims if c.subject})
    home: dict[str, str] = {}
    for person in people:
        wider = [p for p in people if p != person and same_person(person, p)]
        longer = [p for p in wider if len(p) > len(person)]
        home[person] = longer[0] if len(longer) == 1 else person
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.subject:
            groups[home[claim.subject]].append(claim)
    return [
        Attribute(ClaimKind.TITLE, _person_name(group), group, contestable=False)
        for group in groups.values()
    ]


def _align_places(claims: list[Claim]) -> list[Attribute]:
    """One attribute per place (its gazetteer id) and thing it places (the word the
    place's preposition hangs from: "visit", "minefields"), never contestable."""
    groups: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[claim.value, claim.predicate].append(claim)
    return [
        Attribute(ClaimKind.PLACE, f"where: {group[0].subject_name}", group, contestable=False)
        for group in groups.values()
    ]


def _person_name(claims: Sequence[Claim]) -> str:
    """The fullest name the outlets give the person."""
    return max((c.subject_name or "" for c in claims), key=lambda n: (len(n.split()), n))


def _align_statements(claims: list[Claim], similarity: Similarity) -> list[Attribute]:
    claims = candidates(claims)
    if len({c.article for c in claims}) < 2:
        return []
    groups = aligned_statements(claims, similarity([c.phrase for c in claims]))
    return [
        Attribute(ClaimKind.STATEMENT, _shortest(group), group, contestable=False)
        for group in groups
    ]


def _shortest(claims: Sequence[Claim], words: int = 30) -> str:
    """The shortest of the sentences, cut to ``words`` words."""
    parts = min((c.phrase for c in claims), key=len).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
