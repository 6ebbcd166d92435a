"""The parts of the stories stage, on hand-built profiles: pair evidence, story dates
and date completion, average linkage, founder-derived ids."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pytest

from rashomon.model import (
    Annotation,
    DatePrecision,
    DocumentDate,
    Mention,
    MentionType,
    Qualifier,
    Resolution,
)
from rashomon.stories.cluster import average_linkage
from rashomon.stories.dates import complete_dates, story_date
from rashomon.stories.evidence import Frequencies, Weights, decide, pair_features, prepare
from rashomon.stories.ids import founder, story_id
from rashomon.stories.profile import EventProfile, hashed_terms, mention_key


def profile(
    article_id: str,
    *,
    event_day: date | None = None,
    published: date | None = None,
    keys: dict[str, int] | None = None,
    text: str = "talks on mackerel quotas between the two delegations",
    lead_people: set[str] | None = None,
    lead_places: set[str] | None = None,
    lead_counts: dict[str, set[float]] | None = None,
    lead_weekdays: set[int] | None = None,
) -> EventProfile:
    return EventProfile(
        article_id=article_id,
        outlet=None,
        title=article_id,
        lead=text,
        published=published,
        event_day=event_day,
        keys=Counter(keys or {}),
        terms=hashed_terms(text),
        lead_people=frozenset(lead_people or ()),
        lead_places=frozenset(lead_places or ()),
        lead_counts={u: frozenset(v) for u, v in (lead_counts or {}).items()},
        lead_weekdays=frozenset(lead_weekdays or ()),
    )


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def prepared_pair(a: EventProfile, b: EventProfile, similarity: float = 0.9) -> tuple:
    frequencies = Frequencies()
    for p in (a, b, profile("x", keys={"act:other": 1}), profile("y", text="weather")):
        frequencies.add(p)
    other = unit(similarity, float(np.sqrt(1 - similarity**2)))
    return prepare(a, unit(1.0, 0.0), frequencies), prepare(b, other, frequencies)


SHARED = {"act:person:ingrid-solheim": 1, "pla:country:IS": 2, "pla:country:NO": 2}


# -- pair evidence ----------------------------------------------------------------------


def test_same_event_in_other_words_is_likely_one_event() -> None:
    a, b = prepared_pair(
        profile("a", event_day=date(2024, 5, 15), keys=SHARED),
        profile("b", event_day=date(2024, 5, 15), keys=SHARED),
    )
    decision = decide(a, b)
    assert decision.probability > Weights.default().threshold
    assert not [s for s in decision.signals if s.weight < 0]


@pytest.mark.parametrize(
    ("left", "right", "signal"),
    [
        ({"event_day": date(2024, 5, 15)}, {"event_day": date(2024, 7, 2)}, "date_conflict"),
        (
            {"lead_counts": {"people": {15.0}}},
            {"lead_counts": {"people": {32.0}}},
            "count_conflict",
        ),
        ({"lead_weekdays": {2}}, {"lead_weekdays": {4}}, "weekday_conflict"),
        (
            {"lead_places": {"pla:geo:torshavn"}, "keys": {"pla:geo:torshavn": 1}},
            {"lead_places": {"pla:geo:edinburgh"}, "keys": {"pla:geo:edinburgh": 1}},
            "place_conflict",
        ),
        (
            {"keys": {"pla:country:GE": 1}},
            {"keys": {"act:country:RU": 1}},
            "state_conflict",
        ),
        # the same running subject, published three weeks apart: a follow-up
        ({"published": date(2020, 5, 1)}, {"published": date(2020, 5, 22)}, "published_conflict"),
        # six days apart: the next development of a running subject
        ({"published": date(2020, 5, 13)}, {"published": date(2020, 5, 19)}, "published_conflict"),
    ],
)
def test_conflicting_attribute_counts_against_one_event(
    left: dict, right: dict, signal: str
) -> None:
    a, b = prepared_pair(profile("a", **left), profile("b", **right))
    decision = decide(a, b)
    weights = {s.name: s.weight for s in decision.signals}
    assert weights[signal] < 0
    same = decide(*prepared_pair(profile("a", **left), profile("b", **left)))
    assert decision.probability < same.probability


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ({"event_day": date(2024, 5, 15)}, {"event_day": date(2024, 5, 16)}),  # a day apart
        ({"lead_counts": {"people": {12.0, 312.0}}}, {"lead_counts": {"people": {312.0}}}),
        # "12 Somalis and 11 Yemenis" in one report are the "23 raiders" of another
        ({"lead_counts": {"people": {12.0, 11.0}}}, {"lead_counts": {"people": {23.0}}}),
        ({"lead_places": {"pla:geo:aegina"}}, {"keys": {"pla:geo:aegina": 1}}),  # named later
        ({"published": date(2020, 5, 1)}, {"published": date(2020, 5, 6)}),  # 5 days on
        ({"published": date(2020, 5, 1)}, {}),  # the other undated
    ],
    ids=[
        "next-day report",
        "counts overlap",
        "parts add up to the other's total",
        "place named later in the other",
        "published five days later",
        "one publication date unknown",
    ],
)
def test_compatible_attributes_are_not_conflicts(left: dict, right: dict) -> None:
    features = pair_features(*prepared_pair(profile("a", **left), profile("b", **right)))
    assert not [name for name, value in features.values.items() if "conflict" in name and value]


def test_date_conflict_outweighs_look_alike_similarity() -> None:
    """Same delegations, leads alike in meaning, the same kind of happening told in other
    words (as the demo's two rounds of talks), seven weeks apart: two events."""
    round_one = SHARED | {"act:person:jogvan-heinesen": 2, "pla:geo:torshavn": 2}
    round_two = SHARED | {"act:person:morag-lennie": 2, "pla:geo:edinburgh": 2}
    a, b = prepared_pair(
        profile(
            "a",
            event_day=date(2024, 5, 15),
            keys=round_one,
            text="Norway and Iceland ended two days of mackerel talks in the Faroes without"
            " agreement on quotas",
        ),
        profile(
            "b",
            event_day=date(2024, 7, 2),
            keys=round_two,
            text="Norway and Iceland agreed a provisional three-year mackerel sharing deal in"
            " Edinburgh",
        ),
        similarity=0.9,
    )
    assert decide(a, b).probability < Weights.default().threshold
    same_day = prepared_pair(
        profile("a", event_day=date(2024, 5, 15), keys=round_one),
        profile("b", event_day=date(2024, 5, 15), keys=round_one),
        similarity=0.9,
    )
    assert decide(*same_day).probability > Weights.default().threshold


def test_signals_explain_in_words() -> None:
    a, b = prepared_pair(
        profile("a", event_day=date(2024, 5, 15), keys=SHARED),
        profile("b", event_day=date(2024, 7, 2), keys=SHARED),
    )
    details = {s.name: s.detail for s in decide(a, b).signals}
    assert details["date_conflict"] == "date differs: 2024-05-15 vs 2024-07-02"
    assert details["meaning"].startswith("leads similar in meaning (cosine 0.90")


def people_count(text: str, unit: str, value: float, qualifier: Qualifier) -> Mention:
    return Mention(
        0, len(text), text, MentionType.NUMBER, str(int(value)), value, None, qualifier, unit
    )


@pytest.mark.parametrize(
    ("unit", "key"),
    [
        ("prisoners of war", "num:15|people"),
        ("Armenian citizens", "num:15|people"),
        ("Armenians", "num:15|people"),
        ("detainees", "num:15|people"),
        ("mine maps", "num:15|map"),
    ],
)
def test_counted_people_compare_as_one_thing(unit: str, key: str) -> None:
    assert mention_key(people_count("15", unit, 15, Qualifier.EXACT)) == key


def test_hedged_counts_are_marked_and_never_conflict() -> None:
    assert mention_key(people_count("more than 300", "passengers", 300, Qualifier.AT_LEAST)) == (
        "num:~300|people"
    )
    a, b = prepared_pair(
        profile("a", keys={"num:~300|people": 1}), profile("b", keys={"num:312|people": 1})
    )
    assert "any_count_conflict" not in pair_features(a, b).details


# -- story dates and completion ------------------------------------------------------------


def test_story_date_is_the_day_most_members_state() -> None:
    found = story_date(
        [
            profile("a", event_day=date(2024, 3, 9)),
            profile("b", event_day=date(2024, 3, 9)),
            profile("c", event_day=date(2024, 3, 10)),
            profile("d", published=date(2024, 3, 10)),
        ]
    )
    assert (found.value, found.precision, found.basis) == (
        "2024-03-09",
        DatePrecision.DAY,
        "stated",
    )
    assert found.sources == ("a", "b")


def test_story_without_stated_date_takes_the_earliest_publication() -> None:
    found = story_date(
        [profile("a", published=date(2024, 3, 11)), profile("b", published=date(2024, 3, 10))]
    )
    assert (found.value, found.basis, found.sources) == ("2024-03-10", "published", ("b",))


def written(article: str, value: str, precision: DatePrecision) -> Annotation:
    return Annotation(article, DocumentDate(value, "text", precision, "why"), (), ())


def test_story_with_neither_day_takes_the_earliest_year_or_month_written() -> None:
    """No member states a day or has a full publication date: the story is of the
    period its articles were written in, as precisely as they give it."""
    members = [profile("a"), profile("b"), profile("c")]
    annotations = {
        "a": written("a", "2021", DatePrecision.YEAR),
        "b": written("b", "2021", DatePrecision.YEAR),
        "c": written("c", "2022-03", DatePrecision.MONTH),
    }
    found = story_date(members, annotations)
    assert (found.value, found.precision, found.basis, found.sources) == (
        "2021",
        DatePrecision.YEAR,
        "written",
        ("a", "b"),
    )
    assert story_date(members).basis == "none"
    dated = [*members, profile("d", published=date(2021, 7, 3))]
    assert story_date(dated, annotations).basis == "published"


def test_storylines_measure_periods_by_their_distance() -> None:
    from rashomon.store.story_store import StoryOutline
    from rashomon.stories.storylines import _gap

    def outline(day: str | None) -> StoryOutline:
        return StoryOutline(id="s", title="t", date=day, size=1, names=frozenset())

    assert _gap(outline("2021"), outline("2021-07-03")) == 0
    assert _gap(outline("2021-07"), outline("2021-08-02")) == 2
    assert _gap(outline("2020"), outline("2021-12-31")) == 365
    assert _gap(outline(None), outline("2021-12-31")) == 0


def relative(text: str, note: str) -> Mention:
    return Mention(
        10,
        10 + len(text),
        text,
        MentionType.DATE,
        precision=DatePrecision.DAY,
        resolution=Resolution.UNRESOLVED,
        note=f"no document date [{note}]",
    )


@pytest.mark.parametrize(
    ("mention", "published", "completed"),
    [
        (relative("on Saturday", "kind=weekday; weekday=Saturday; direction=past"), None, True),
        (relative("on Friday", "kind=weekday; weekday=Friday; direction=past"), None, False),
        (
            relative("on Saturday", "kind=weekday; weekday=Saturday; direction=past"),
            date(2024, 4, 20),
            False,
        ),
        (relative("March 9", "kind=monthday; month=March; day=9"), None, True),
        (relative("March 8", "kind=monthday; month=March; day=8"), None, False),
    ],
    ids=[
        "weekday agrees",
        "other weekday",
        "published weeks later",
        "month-day agrees",
        "other day",
    ],
)
def test_relative_date_is_completed_only_when_weekday_and_period_agree(
    mention: Mention, published: date | None, completed: bool
) -> None:
    """2024-03-09 was a Saturday."""
    stated = profile("wire", event_day=date(2024, 3, 9))
    undated = profile("pasted", published=published)
    found_date = story_date([stated, undated])
    annotation = Annotation("pasted", DocumentDate(None, "none"), (), (mention,))
    found = complete_dates(found_date, [stated, undated], {"pasted": annotation})
    assert bool(found) is completed
    if completed:
        (completion,) = found
        assert (completion.value, completion.anchor_article) == ("2024-03-09", "wire")


# -- clustering and ids ---------------------------------------------------------------------


def test_average_linkage_keeps_one_strong_link_from_merging_two_groups() -> None:
    p = np.array(
        [
            [1.0, 0.9, 0.9, 0.1],
            [0.9, 1.0, 0.9, 0.1],
            [0.9, 0.9, 1.0, 0.6],  # one strong link from c to d
            [0.1, 0.1, 0.6, 1.0],
        ]
    )
    assert average_linkage(p, 0.35) == [0, 0, 0, 1]
    assert average_linkage(p, 0.2) == [0, 0, 0, 0]


def test_story_id_comes_from_the_earliest_member_whatever_the_order() -> None:
    members = [
        profile("b", published=date(2024, 3, 10)),
        profile("a", published=date(2024, 3, 11)),
        profile("c", event_day=date(2024, 3, 9)),
    ]
    assert founder(members).article_id == "c"
    assert founder(list(reversed(members))).article_id == "c"
    assert story_id("c") == story_id("c") != story_id("b")
    assert story_id("c").startswith("st-") and len(story_id("c")) == 13
