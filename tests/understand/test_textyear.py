"""The year of an article without one, read from its own text only when two facts
pin it down: a "last year" tied to a happening the text dates, and nothing told in
the past later than that. Sentences are our own wording, shaped like wire copy."""

from __future__ import annotations

from typing import Any

from rashomon.model import (
    Article,
    DatePrecision,
    DocumentDate,
    InputFormat,
    Resolution,
    SourceRef,
)
from rashomon.understand.textyear import text_year, with_year, year_unknown
from rashomon.understand.timex import find_dates

DATELINE = DocumentDate("--05-04", "dateline", DatePrecision.DAY)
NONE = DocumentDate(None, "none")


def read(nlp: Any, text: str, anchor: DocumentDate = DATELINE) -> int | None:
    doc = nlp(text)
    found = text_year(doc, find_dates(doc, anchor, text), anchor)
    return None if found is None else found.year


WAR = (
    "The two sides traded prisoners on Saturday. Most had been captured during the "
    "fighting last year. Clashes broke out on March 2, 2019, and a truce was signed "
    "on June 30, 2019."
)


def test_last_year_tied_to_a_dated_war_gives_the_year(nlp: Any) -> None:
    assert read(nlp, WAR) == 2020
    assert read(nlp, WAR, NONE) == 2020


def test_the_reason_names_both_facts(nlp: Any) -> None:
    doc = nlp(WAR)
    found = text_year(doc, find_dates(doc, DATELINE, WAR), DATELINE)
    assert found is not None
    assert "fighting" in found.reason and "2019-03-02" in found.reason
    assert "June 30, 2019" in found.reason  # the latest date told in the past


def test_a_later_past_date_rules_the_candidate_out(nlp: Any) -> None:
    text = (
        "Families still wait for news of those captured during the fighting last year. "
        "Clashes broke out on March 2, 2019. The border crossing was reopened on "
        "August 3, 2021."
    )
    assert read(nlp, text) is None


def test_a_future_date_is_no_bound(nlp: Any) -> None:
    assert read(nlp, WAR + " New talks will be held in October 2024.") == 2020
    assert read(nlp, WAR + " New talks were held in October 2024.") is None


def test_two_years_the_text_allows_give_none(nlp: Any) -> None:
    """A war dated 2018 and 2019, told in the past, dateline May 4: "last year" could be
    either (2019-05-04 and 2020-05-04 are both after the latest past date)."""
    text = (
        "Both governments freed detainees held since the war last year. The war began "
        "in 2018. Heavy fighting resumed in January 2019."
    )
    assert read(nlp, text) is None
    assert read(nlp, text.replace("The war began in 2018. ", "")) == 2020


def test_a_different_kind_of_happening_does_not_tie(nlp: Any) -> None:
    text = "Turnout was lower than in the election last year. Clashes broke out on March 2, 2019."
    assert read(nlp, text) is None
    assert read(nlp, text.replace("election", "fighting")) == 2020


def test_without_last_year_nothing_is_read(nlp: Any) -> None:
    assert read(nlp, WAR.replace("the fighting last year", "the fighting")) is None


def test_the_dateline_day_is_completed_and_reasons_kept() -> None:
    from rashomon.understand.textyear import TextYear

    found = TextYear(2021, "because")
    assert with_year(DATELINE, found) == DocumentDate(
        "2021-05-04", "dateline+text", DatePrecision.DAY, "because"
    )
    assert with_year(NONE, found) == DocumentDate("2021", "text", DatePrecision.YEAR, "because")
    leap = DocumentDate("--02-29", "dateline", DatePrecision.DAY)
    assert with_year(leap, found).value == "2021"
    assert year_unknown(DATELINE) and year_unknown(NONE)
    assert not year_unknown(DocumentDate("2021-05-04", "metadata", DatePrecision.DAY))


def test_annotation_resolves_relative_dates_against_the_year_read(nlp: Any) -> None:
    """Through the pipeline: an article with a year-less dateline and no metadata gets
    its year from the text, and its "On April 30" becomes 2020-04-30."""
    from rashomon.understand.gazetteer import Gazetteer
    from rashomon.understand.pipeline import Understander, annotate

    text = (
        "PORT LEMAN, May 4 (Wire) - On April 30, the two sides traded prisoners. Most "
        "had been captured during the fighting last year. Clashes broke out on March 2, "
        "2019, and a truce was signed on June 30, 2019."
    )
    article = Article(
        id="a1",
        title="Prisoners traded",
        text=text,
        raw_text=text,
        content_hash="h1",
        source=SourceRef(path="a1.txt", format=InputFormat.TEXT),
        language="en",
    )
    understander = Understander(nlp=nlp, gazetteer=Gazetteer.load(), model="test")
    (annotation,) = annotate([article], understander)
    assert annotation.document_date.value == "2020-05-04"
    assert annotation.document_date.source == "dateline+text"
    april = next(m for m in annotation.mentions if m.text == "April 30")
    assert (april.canonical, april.resolution) == ("2020-04-30", Resolution.RELATIVE)
