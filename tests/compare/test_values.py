"""When two values of one attribute can both be true, and what the analyst is shown
when they cannot: hand-built claims, one rule per case."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rashomon.compare.align import Attribute, align, unit_group
from rashomon.compare.values import compatible, within_a_day
from rashomon.compare.verdicts import Source, judge
from rashomon.model import UNCLEAR, Claim, ClaimKind, DatePrecision, Evidence, Qualifier

INF = float("inf")


def count(
    article: str,
    low: float,
    high: float | None = None,
    *,
    value: str | None = None,
    predicate: str | None = "killed",
    unit: str = "people",
    subject: str | None = None,
    qualifier: Qualifier = Qualifier.EXACT,
) -> Claim:
    high = low if high is None else high
    return Claim(
        article=article,
        kind=ClaimKind.COUNT,
        attribute=f"{unit} {predicate}",
        value=value or f"{low:g} {unit}",
        evidence=Evidence(article, "…", 0, 1, 0, 1),
        predicate=predicate,
        unit=unit,
        subject=subject,
        low=low,
        high=high,
        qualifier=qualifier,
        phrase=f"{unit} {predicate}",
    )


def dated(article: str, value: str, predicate: str | None = "signed") -> Claim:
    return Claim(
        article=article,
        kind=ClaimKind.DATE,
        attribute="ceasefire signed",
        value=value,
        evidence=Evidence(article, "…", 0, 1, 0, 1),
        predicate=predicate,
        precision=DatePrecision.DAY if len(value) == 10 else DatePrecision.MONTH,
        phrase="ceasefire signed",
    )


def speaker(article: str, who: str) -> Claim:
    return Claim(
        article=article,
        kind=ClaimKind.QUOTE,
        attribute="who said it",
        value=who,
        evidence=Evidence(article, "…", 0, 1, 0, 1),
        subject=who,
        subject_name=who.rsplit(":", maxsplit=1)[-1],
        phrase="the fire started in the engine room",
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(count("a", 12), count("b", 14), False, id="12 vs 14 dead"),
        pytest.param(count("a", 12), count("b", 12), True, id="twelve vs 12"),
        pytest.param(
            count("a", 12, INF, qualifier=Qualifier.AT_LEAST),
            count("b", 14),
            True,
            id="at least 12",
        ),
        pytest.param(
            count("a", 300, INF, qualifier=Qualifier.AT_LEAST),
            count("b", 312),
            True,
            id="more than 300 vs 312",
        ),
        pytest.param(
            count("a", 6000, INF, qualifier=Qualifier.AT_LEAST),
            count("b", 6500),
            True,
            id="more than 6,000 vs 6,500",
        ),
        pytest.param(count("a", 40, 50), count("b", 46), True, id="between 40 and 50 vs 46"),
        pytest.param(count("a", 40, 50), count("b", 60), False, id="between 40 and 50 vs 60"),
        pytest.param(
            count("a", 270, 330, qualifier=Qualifier.ABOUT), count("b", 312), True, id="about 300"
        ),
        pytest.param(
            replace(count("a", 0, 48, qualifier=Qualifier.AT_MOST), strict=True),
            count("b", 48, INF, qualifier=Qualifier.AT_LEAST),
            False,
            id="almost four dozen vs at least four dozen",
        ),
        pytest.param(
            count("a", 0, 48, qualifier=Qualifier.AT_MOST),
            count("b", 48, INF, qualifier=Qualifier.AT_LEAST),
            True,
            id="up to 48 vs at least 48",
        ),
        pytest.param(
            replace(count("a", 0, 300, qualifier=Qualifier.AT_MOST), strict=True),
            count("b", 300),
            True,
            id="nearly 300 vs 300 is rounding",
        ),
        pytest.param(
            count("a", 0, 300, qualifier=Qualifier.AT_MOST),
            replace(count("b", 300, INF, qualifier=Qualifier.AT_LEAST), strict=True),
            False,
            id="at most 300 vs more than 300",
        ),
        pytest.param(dated("a", "2020-11"), dated("b", "2020-11-09"), True, id="November vs 9th"),
        pytest.param(dated("a", "2020-11-09"), dated("b", "2020-11-10"), False, id="9th vs 10th"),
        pytest.param(
            speaker("a", "person:eleni-vasilaki"),
            speaker("b", "person:nikos-dragoumis"),
            False,
            id="two people credited",
        ),
        pytest.param(
            speaker("a", "person:eleni-vasilaki"),
            speaker("b", "org:hellenic-coast-guard"),
            True,
            id="a person speaks for her organisation",
        ),
    ],
)
def test_compatibility(a: Claim, b: Claim, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


@pytest.mark.parametrize(
    ("unit", "group"),
    [
        ("passengers", "people"),
        ("prisoners of war", "people"),
        ("detainees", "people"),
        ("Armenians", "people"),
        ("crew", "crew"),
        ("children", "children"),
        ("cubic metres", "cubic metres"),
    ],
)
def test_counted_things_compare_as_one_when_they_are_the_same_people(unit: str, group: str) -> None:
    assert unit_group(unit) == group


SOURCES = {
    "wire": Source("wire", "Continental Wire", "wire", 100),
    "copy": Source("copy", "Kestrel Gazette", "wire", 100),
    "ledger": Source("ledger", "Harbour Ledger", "ledger", 100),
    "herald": Source("herald", "Aegean Herald", "herald", 100),
}


def test_a_disputed_toll_is_one_discrepancy_with_the_lowest_figure_as_conservative_reading() -> (
    None
):
    claims = [
        count("wire", 12),
        count("copy", 12),
        count("ledger", 14),
        count("herald", 12, INF, value="at least 12 people", qualifier=Qualifier.AT_LEAST),
    ]
    facts, (dispute,) = judge("st-x", align(claims), SOURCES)
    assert {a.value for a in dispute.alternatives} == {"12 people", "14 people"}
    assert dispute.conservative is not None and dispute.conservative.startswith("12 people")
    assert "at least 12 people" in dispute.explanation  # fits both: named, not a side
    twelve = next(f for f in facts if f.value == "12 people")
    assert twelve.independent == 1  # the Kestrel copy counts with its wire original


def test_a_more_specific_figure_refines_instead_of_contradicting() -> None:
    claims = [
        count("wire", 300, INF, value="at least 300 people", predicate="evacuated"),
        count("ledger", 312, predicate="evacuated"),
    ]
    facts, disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []
    (fact,) = facts
    assert fact.value == "312 people"
    assert "more specific in Harbour Ledger" in fact.statement
    assert fact.independent == 2


def test_an_article_is_never_more_specific_than_itself() -> None:
    """One article giving a figure loosely and then exactly (as seed 003 calls Irakli
    Garibashvili "Prime Minister" and "Prime Minister of Georgia") has no "others" to
    be more specific than; another article's looser figure still is one."""
    alone = [
        count("ledger", 300, INF, value="at least 300 people", predicate="evacuated"),
        count("ledger", 312, predicate="evacuated"),
    ]
    (fact,) = judge("st-x", align(alone), SOURCES)[0]
    assert fact.value == "312 people"
    assert "more specific" not in fact.statement and "others" not in fact.statement
    assert fact.refinements == ()
    both = [*alone, count("wire", 300, INF, value="at least 300 people", predicate="evacuated")]
    (fact,) = judge("st-x", align(both), SOURCES)[0]
    assert fact.refinements == ("Harbour Ledger",)
    assert "(others: at least 300 people; more specific in Harbour Ledger)" in fact.statement


def test_different_happenings_to_the_same_people_are_not_compared() -> None:
    claims = [count("wire", 12, predicate="killed"), count("ledger", 27, predicate="injured")]
    _, disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []


def test_figures_of_different_subjects_are_different_attributes() -> None:
    claims = [
        count("wire", 14, unit="percent", predicate="agreed", subject="country:is"),
        count("ledger", 27, unit="percent", predicate="agreed", subject="country:no"),
    ]
    _, disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []


def test_a_figure_with_no_subject_never_disputes_one_that_has_a_subject() -> None:
    claims = [
        count("wire", 14, unit="percent", predicate="agreed", subject="country:is"),
        count("ledger", 27, unit="percent", predicate="agreed"),
    ]
    _, disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []


def test_one_article_giving_both_values_is_ambiguous_not_a_dispute() -> None:
    claims = [count("wire", 12), count("wire", 14), count("ledger", 14)]
    _, disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []


def test_dates_a_day_apart_are_unclear_not_a_contradiction() -> None:
    """One deal signed near midnight, dated from two time zones: shown, not disputed."""
    claims = [dated("wire", "2020-11-09"), dated("ledger", "2020-11-10")]
    _, (dispute,) = judge("st-x", [Attribute(ClaimKind.DATE, "ceasefire signed", claims)], SOURCES)
    assert dispute.severity == UNCLEAR and not dispute.contradicts
    assert "a day apart" in dispute.explanation and "Sources disagree" not in dispute.explanation
    assert {a.value for a in dispute.alternatives} == {"2020-11-09", "2020-11-10"}
    assert dispute.conservative is None


def test_dates_two_days_apart_are_a_contradiction() -> None:
    claims = [dated("wire", "2020-11-09"), dated("ledger", "2020-11-11")]
    _, (dispute,) = judge("st-x", [Attribute(ClaimKind.DATE, "ceasefire signed", claims)], SOURCES)
    assert dispute.contradicts and dispute.severity in {"high", "medium", "low"}
    assert dispute.explanation.startswith("Sources disagree on ceasefire signed")


def test_within_a_day_reads_the_first_day_each_date_covers() -> None:
    assert within_a_day([dated("wire", "2020-11-30"), dated("ledger", "2020-12-01")])
    assert not within_a_day([dated("wire", "2020-11-09"), dated("ledger", "2020-11-11")])
    assert not within_a_day([])


def test_two_people_credited_with_one_quote_is_shown_not_disputed() -> None:
    claims = [
        speaker("wire", "person:eleni-vasilaki"),
        speaker("ledger", "person:nikos-dragoumis"),
    ]
    (fact,), disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []
    assert "eleni-vasilaki" in fact.statement and "nikos-dragoumis" in fact.statement


def test_one_person_credited_by_a_title_and_by_name_is_one_source() -> None:
    """The seeds: 000 credits Blinken's words to the "chief diplomat", 003 to Blinken."""
    blinken = speaker("ledger", "person:antony-blinken")
    claims = [
        replace(speaker("wire", "person:antony-blinken"), subject_name="chief diplomat"),
        replace(blinken, subject_name="Blinken"),
        replace(blinken, article="herald", subject_name="Blinken"),
    ]
    (fact,), _ = judge("st-x", align(claims), SOURCES)
    assert "credited to" not in fact.statement


def quoted(article: str, words: str, who: str = "person:donald-trump") -> Claim:
    return replace(speaker(article, who), phrase=words, value=words)


def test_one_statement_quoted_in_other_words_is_a_low_wording_dispute() -> None:
    claims = [
        quoted(
            "wire", "The wonderful friendship we have developed over the last year is a testament"
        ),
        quoted(
            "ledger", "The wonderful friendship we have developed over the past year is a testament"
        ),
    ]
    _, (dispute,) = judge("st-x", align(claims), SOURCES)
    assert dispute.kind is ClaimKind.QUOTE and dispute.severity == "low"
    assert "“last” (" in dispute.explanation and "“past” (" in dispute.explanation


def test_a_dropped_negation_makes_the_wording_dispute_high() -> None:
    claims = [
        quoted("wire", "we will not be talking about a new deal with them this year"),
        quoted("ledger", "we will be talking about a new deal with them this year"),
    ]
    _, (dispute,) = judge("st-x", align(claims), SOURCES)
    assert dispute.severity == "high"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            "It won't be so easy for them to restart the program",
            "It won't be so easy … to restart the program",
            id="marked ellipsis",
        ),
        pytest.param(
            "Further details will be set out in due course, the statement said",
            "Further details will be set out in due course",
            id="one quotes more of it",
        ),
        pytest.param(
            "We showed great goodwill to the talks from the start",
            "we showed great good will to the talks from the start",
            id="case and a split word",
        ),
    ],
)
def test_quotations_worded_alike_are_no_dispute(first: str, second: str) -> None:
    _, disputes = judge("st-x", align([quoted("wire", first), quoted("ledger", second)]), SOURCES)
    assert disputes == []


def test_the_same_words_from_two_officials_are_two_statements() -> None:
    claims = [
        quoted(
            "wire",
            "those individuals may need to wait in Mexico as officers work",
            "person:a-mcaleenan",
        ),
        quoted(
            "ledger", "individuals may need to wait in Mexico as officers work", "person:p-flores"
        ),
    ]
    _, disputes = judge("st-x", align(claims), SOURCES)
    assert disputes == []


def _sentence_sims(texts: object) -> np.ndarray:
    """Sentences that share their first word are "the same report"; others are not."""
    words = [str(t).split()[0] for t in texts]  # type: ignore[attr-defined]
    return np.array([[1.0 if a == b else 0.1 for b in words] for a in words])


def _reported(article: str, low: float, high: float, sentence: str, **kw: object) -> Claim:
    claim = count(article, low, high, unit="questions", **kw)  # type: ignore[arg-type]
    return replace(
        claim,
        evidence=Evidence(article, sentence, 0, len(sentence), 0, 1),
        phrase=f"{article}-questions",  # descriptions unalike: only the sentences are close
        entities=("person:robert-mueller",),
    )


def test_one_counted_thing_told_with_other_verbs_is_compared_across_outlets() -> None:
    almost = replace(
        _reported(
            "wire", 0, 48, "Mueller gave a list", predicate=None, qualifier=Qualifier.AT_MOST
        ),
        strict=True,
    )
    at_least = _reported(
        "ledger", 48, INF, "Mueller has questions", predicate="has", qualifier=Qualifier.AT_LEAST
    )
    other = _reported("herald", 12, 12, "Lawyers answered some", predicate=None)
    attributes = align([almost, at_least, other], _sentence_sims)
    together = [a for a in attributes if almost in a.claims]
    assert len(together) == 1 and at_least in together[0].claims
    assert other not in together[0].claims
    _, disputes = judge("s", attributes, SOURCES)
    assert len(disputes) == 1


def test_figures_in_sentences_naming_no_one_in_common_stay_apart() -> None:
    first = _reported("wire", 48, 48, "Mueller has questions", predicate=None)
    second = replace(
        _reported("ledger", 20, 20, "Mueller has questions", predicate=None),
        entities=("person:rudy-giuliani",),
    )
    attributes = align([first, second], _sentence_sims)
    assert not any(first in a.claims and second in a.claims for a in attributes)


def test_a_count_of_one_never_disputes_and_never_joins() -> None:
    one = _reported("wire", 1, 1, "Mueller asks one question", predicate="asked")
    dozens = replace(
        _reported("ledger", 24, 99, "Mueller asks dozens", predicate="asked"),
        qualifier=Qualifier.VAGUE,
    )
    _, disputes = judge("s", align([one, dozens], _sentence_sims), SOURCES)
    assert disputes == []
