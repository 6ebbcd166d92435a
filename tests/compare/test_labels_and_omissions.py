"""Fact labels read from the parse, and the whole-text search that stands between a
fact and the claim that an outlet leaves it out. Sentences are shaped on real
reports (NewsWCL50, the seeds, the issue's held-back examples)."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.compare.labels import count_label, event_label
from rashomon.compare.omissions import _holds_value, _written
from rashomon.model import Claim, ClaimKind, Evidence, Mention, MentionType, Qualifier
from rashomon.understand.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model()


def _figure(nlp: Any, sentence: str, figure: str) -> str:
    doc = nlp(sentence)
    at = sentence.index(figure)
    span = doc.char_span(at, at + len(figure), alignment_mode="expand")
    return count_label(list(span))


@pytest.mark.parametrize(
    ("sentence", "figure", "label"),
    [
        pytest.param(
            "The Pentagon will divert $3.6 billion of military construction money to the wall.",
            "$3.6 billion",
            "military construction money",
            id="what money is of",
        ),
        pytest.param(
            "Countries without exemptions will face a 25 percent tariff on steel imports.",
            "25 percent",
            "tariff on steel imports",
            id="the noun a percentage modifies",
        ),
        pytest.param(
            "Azerbaijan released 15 Armenian detainees on Saturday.",
            "15",
            "Azerbaijan released",
            id="who did what to the counted people",
        ),
        pytest.param(
            "Twelve people were killed when fire swept through the ferry.",
            "Twelve",
            "were killed",
            id="the counted thing is the subject",
        ),
    ],
)
def test_a_figure_is_labelled_by_what_it_measures(
    nlp: Any, sentence: str, figure: str, label: str
) -> None:
    assert _figure(nlp, sentence, figure) == label


def test_a_happening_is_labelled_without_its_date(nlp: Any) -> None:
    sentence = "Mr. McCabe was fired by the F.B.I. in March for reportedly lying."
    doc = nlp(sentence)
    at = sentence.index("March")
    date = doc.char_span(at, at + len("March"))
    head = date.root.head.head  # March <- in <- fired
    assert event_label(head, {t.i for t in date}) == "Mr. McCabe was fired for reportedly lying"


def _count(low: float, high: float, unit: str = "people", written: str = "12") -> Claim:
    sentence = f"Officials said {written} {unit} were killed."
    at = sentence.index(written)
    return Claim(
        article="a",
        kind=ClaimKind.COUNT,
        attribute=f"{unit} killed",
        value=f"{written} {unit}",
        evidence=Evidence("a", sentence, 0, len(sentence), at, at + len(written)),
        unit=unit,
        low=low,
        high=high,
        qualifier=Qualifier.EXACT,
    )


def _number(value: float, unit: str | None) -> Mention:
    return Mention(0, 1, "x", MentionType.NUMBER, value=value, unit=unit)


def test_a_figure_is_found_only_among_figures_of_the_same_kind_of_thing() -> None:
    toll = _count(12, 12)
    assert _holds_value(toll, [_number(12, "people")])
    assert _holds_value(toll, [_number(12, "passengers")])  # passengers are people
    assert not _holds_value(toll, [_number(12.4, "percent")])  # a share price, not a toll
    assert not _holds_value(_count(12, float("inf")), [_number(300, "passengers")])


def test_a_figure_written_the_same_way_is_found_but_not_inside_a_longer_one() -> None:
    discs = _count(183, 183, unit="discs", written="183")
    assert _written(discs, "Israel obtained 183 CDs of files.")
    assert not _written(discs, "The index rose 1,183 points, or 183.5 percent.")


def test_a_date_a_day_apart_is_the_same_night() -> None:
    sentence = "The statement was signed on November 10, 2020."
    signed = Claim(
        article="a",
        kind=ClaimKind.DATE,
        attribute="ceasefire signed",
        value="2020-11-10",
        evidence=Evidence("a", sentence, 0, len(sentence), 25, 42),
    )
    night = Mention(0, 1, "November 9", MentionType.DATE, canonical="2020-11-09")
    week_later = Mention(0, 1, "November 17", MentionType.DATE, canonical="2020-11-17")
    assert _holds_value(signed, [night])
    assert not _holds_value(signed, [week_later])


def test_a_meeting_is_labelled_with_whom(nlp: Any) -> None:
    sentence = "Netanyahu met with Pompeo on Sunday in Tel Aviv."
    doc = nlp(sentence)
    at = sentence.index("Sunday")
    date = doc.char_span(at, at + len("Sunday"))
    assert event_label(date.root.head.head, {t.i for t in date}) == "Netanyahu met with Pompeo"
