"""Fact labels read from the parse, and the whole-text search that stands between a
fact and the claim that an outlet leaves it out. Sentences are shaped on real
reports (NewsWCL50, the seeds, the issue's held-back examples)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rashomon.compare.claims import _located, _mediates, _names_a_thing
from rashomon.compare.labels import count_label, event_label
from rashomon.compare.omissions import _holds_value, _written
from rashomon.model import Claim, ClaimKind, Evidence, Mention, MentionType, Qualifier
from rashomon.understand.nlp import load_model
from rashomon.understand.quotes import Antecedents


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
            "WASHINGTON — Robert Mueller has at least four dozen questions for the president.",
            "at least four dozen",
            "Robert Mueller has",
            id="a dateline is not part of a label",
        ),
        pytest.param(
            "Norway's opening offer was 12 per cent, according to officials.",
            "12 per cent",
            "Norway's opening offer",
            id="a copula without its complement is left out",
        ),
        pytest.param(
            "Twelve people were killed when fire swept through the ferry.",
            "Twelve",
            "were killed",
            id="the counted thing is the subject",
        ),
        pytest.param(
            "Three European leaders agreed that the tariffs should wait until June.",
            "Three",
            "leaders",
            id="a figure counting who agreed is labelled by the counted thing alone",
        ),
        pytest.param(
            "Two officials briefed on the visit said the meeting lasted an hour.",
            "Two",
            "officials",
            id="a figure counting who spoke is labelled by the counted thing alone",
        ),
        pytest.param(
            "The 25 percent tariffs on steel and 10 percent on aluminum were set to start.",
            "10 percent",
            "",
            id="a clause naming another figure does not label this one",
        ),
        pytest.param(
            "Three Russian entities and 13 Russian nationals were indicted on Friday.",
            "13",
            "",
            id="nor does one naming another figure in words",
        ),
        pytest.param(
            "About 80 U.S. families have volunteered to sponsor asylum-seeking migrants.",
            "80",
            "volunteered to sponsor asylum-seeking migrants",
            id="a figure that is the subject is labelled by what it does",
        ),
        pytest.param(
            "About 100 people marched from the state park to the fence on Sunday.",
            "100",
            "marched from the state park",
            id="or by where it did it",
        ),
        pytest.param(
            "Four former aides have pleaded guilty in the inquiry.",
            "Four",
            "pleaded guilty in the inquiry",
            id="a predicate adjective belongs to the verb",
        ),
        pytest.param(
            "The department notified the chairs of at least six committees on Friday.",
            "at least six",
            "The department notified the chairs of",
            id="the words from the verb down to the counted thing",
        ),
        pytest.param(
            "His inquiry has led to charges against four associates of the campaign.",
            "four",
            "His inquiry led to charges against",
            id="through two prepositions",
        ),
        pytest.param(
            "Redacted copies of seven documents can be seen on the committee's website.",
            "seven",
            "Redacted copies of",
            id="a figure inside the subject is a figure of the subject",
        ),
        pytest.param(
            '"We paid $150 billion and we got nothing," the president told the rally.',
            "$150 billion",
            "",
            id="a figure in the speaker's own voice has no label",
        ),
        pytest.param(
            "The Democratic National Committee sued former President Richard Nixon's "
            "re-election campaign for $1 million in 1972.",
            "$1 million",
            "The Democratic National Committee sued re-election campaign for",
            id="a noun on the way to the figure is named without its possessor",
        ),
        pytest.param(
            "There were no signs that the presentation swayed the three European leaders.",
            "three",
            "",
            id="a clause under a denial is not the article's claim",
        ),
        pytest.param(
            "Azerbaijan did not release 15 Armenian detainees on Saturday.",
            "15",
            "Azerbaijan did not release",
            id="the verb's own negation stays in the label",
        ),
        pytest.param(
            "Two presidents have been Republicans since 2003.",
            "Two",
            "",
            id="but not by what a copula says it is",
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


def test_a_pronoun_in_a_label_is_the_one_person_it_can_stand_for(nlp: Any) -> None:
    """ "he arrives" reads as a fact only with the name; a possessor is no evidence."""
    text = (
        "President Trump will visit Britain next month. "
        "He arrives on July 13 and meets the queen.\n\n"
        "Mrs. May's invitation to Mr. Trump came in January. "
        "The queen has hosted many leaders since she succeeded her father in 1952."
    )
    doc = nlp(text)
    mentions = [
        Mention(m.start(), m.end(), m.group(), MentionType.PERSON, canonical=key)
        for m, key in (
            (next(re.finditer(r"President Trump", text)), "trump"),
            (next(re.finditer(r"Mr\. Trump", text)), "trump"),
            (next(re.finditer(r"Mrs\. May", text)), "may"),
        )
    ]
    antecedents = Antecedents(doc, mentions)

    def label(date: str) -> str:
        at = text.index(date)
        span = doc.char_span(at, at + len(date))
        head = span.root.head.head
        return event_label(head, {t.i for t in span}, antecedents.name)

    assert label("July 13") == "President Trump arrives"
    assert label("1952").startswith("she succeeded")


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


class _Parsed:
    """What ``_names_a_thing`` reads of an article: the tokens under a mention."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def tokens(self, mention: Mention) -> list[Any]:
        return list(self.doc.char_span(mention.start, mention.end, alignment_mode="expand"))


@pytest.mark.parametrize(
    ("sentence", "names_a_thing"),
    [
        pytest.param(
            "Mueller has given a list of almost four dozen questions as part of his"
            " investigation into Russian meddling in the 2016 election.",
            True,
            id="the year of an election named in passing",
        ),
        pytest.param(
            "The 2016 campaign's emails were published by WikiLeaks on Friday.",
            True,
            id="a year naming the campaign",
        ),
        pytest.param(
            "During the 2016 campaign, Trump said he would scrap the deal.",
            False,
            id="a year dating what was said",
        ),
        pytest.param(
            "In 2016, the agency counted 5,000 arrests.",
            False,
            id="a bare year is a time",
        ),
    ],
)
def test_a_year_in_a_name_does_not_date_the_sentence(
    nlp: Any, sentence: str, names_a_thing: bool
) -> None:
    """A sentence dated years before the story is background; "the 2016 election"
    inside a present-day report does not date it (it made NewsWCL50's "almost four
    dozen questions" background, so it was never compared)."""
    at = sentence.index("2016")
    year = Mention(at, at + 4, "2016", MentionType.DATE, canonical="2016")
    assert _names_a_thing(_Parsed(nlp(sentence)), year) is names_a_thing  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "place", "located"),
    [
        ("Armenia handed over maps of 97,000 mines—in the Agdam region.", "Agdam", "mines"),
        ("Demonstrators gathered in Tokyo on Sunday.", "Tokyo", "gathered"),
        ("The meeting in Tel Aviv lasted two hours.", "Tel Aviv", "meeting"),
        ("A pastor from Chicago joined the march.", "Chicago", None),
        ("The government in Seoul welcomed the talks.", "Seoul", None),
        ("Correspondent John Roberts reports from West Palm Beach.", "West Palm Beach", None),
    ],
)
def test_a_place_locates_a_happening_or_things_not_a_fixture_or_a_reporter(
    nlp: Any, sentence: str, place: str, located: str | None
) -> None:
    doc = nlp(sentence)
    at = sentence.index(place)
    span = doc.char_span(at, at + len(place))
    found = _located(span.root)
    assert (found.text if found is not None else None) == located


@pytest.mark.parametrize(
    ("sentence", "mediates"),
    [
        ("The talks, hosted by the Faroese government, ended on Friday.", True),
        ("Tensions eased after the Winter Olympics hosted by South Korea.", False),
        ("The ceasefire was brokered by Russia last year.", True),
    ],
)
def test_a_host_mediates_only_talks(nlp: Any, sentence: str, mediates: bool) -> None:
    """NewsWCL50 2_M: South Korea "hosted" the Olympics, which mediates nothing."""
    doc = nlp(sentence)
    word = next(t for t in doc if t.lower_.startswith(("host", "broker")))
    assert _mediates(word) is mediates
