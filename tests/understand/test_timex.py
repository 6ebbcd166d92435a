"""Date expressions are found, normalised to ISO 8601 and anchored to the article's own date.

Sentences are our own wording. The seed test names, per real sample article, the
dates a careful reader finds, written by reading the files in
../shared/corpus/seeds (only the short date strings are quoted here). The seeds
carry no metadata date, so their relative dates must stay unresolved, with the
reason, and never be anchored to today.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest

from rashomon.ingest import IngestOptions, ingest
from rashomon.model import DatePrecision, DocumentDate, Mention, MentionType, Resolution
from rashomon.store import Store
from rashomon.understand.dateline import document_date, find_dateline
from rashomon.understand.relative import Relation
from rashomon.understand.timex import find_dates, reresolve

DAY, MONTH, YEAR, DECADE = (
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
    DatePrecision.DECADE,
)
ABSOLUTE, RELATIVE, UNRESOLVED = Resolution.ABSOLUTE, Resolution.RELATIVE, Resolution.UNRESOLVED
NO_DATE = DocumentDate(None, "none", None)


def dated(value: str) -> DocumentDate:
    return DocumentDate(value, "metadata", DAY)


def dates(nlp: Any, text: str, anchor: DocumentDate = NO_DATE) -> list[Mention]:
    found = find_dates(nlp(text), anchor)
    for mention in found:
        assert mention.type is MentionType.DATE
        assert text[mention.start : mention.end] == mention.text
        assert (mention.canonical is None) == (mention.resolution is UNRESOLVED)
    return found


def only(nlp: Any, text: str, anchor: DocumentDate = NO_DATE) -> Mention:
    found = dates(nlp, text, anchor)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


# -- the document's own date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "value"),
    [
        ("2021-07-07", "2021-07-07"),
        ("2024-03-16T11:00:00+00:00", "2024-03-16"),
        # the publisher's local day, not converted to UTC
        ("2024-04-19T00:15:00+02:00", "2024-04-19"),
        ("2024-03-11 16:20:00", "2024-03-11"),
    ],
)
def test_metadata_date_is_the_document_date(published: str, value: str) -> None:
    assert document_date("Some body text.", published) == DocumentDate(value, "metadata", DAY)


@pytest.mark.parametrize(
    ("opening", "value"),
    [
        ("YEREVAN, July 7. /TASS/. The ambassador said", "--07-07"),
        ("PIRAEUS, March 10 (Continental Wire) — Twelve people were killed", "--03-10"),
        ("BOVEC, Slovenia, April 18 (Continental Wire) - A landslide buried", "--04-18"),
        ("TÓRSHAVN, May 15 — Norway and Iceland failed", "--05-15"),
        ("ATHENS, March 16 — Greece has ordered", "--03-16"),
        ("KRANJSKA GORA, Slovenia, May 28 — The road was closed", "--05-28"),
        ("WASHINGTON, Nov. 9, 2020 — The State Department said", "2020-11-09"),
        ("LONDON, 14 May 2024 - Ministers met", "2024-05-14"),
    ],
)
def test_a_dateline_gives_the_date_and_a_missing_year_stays_unknown(
    opening: str, value: str
) -> None:
    assert document_date(opening, None) == DocumentDate(value, "dateline", DAY)


def test_a_dateline_may_follow_a_standfirst() -> None:
    text = "On July 3, the sides swapped detainees\n\nYEREVAN, July 7. /TASS/. The envoy said"
    assert document_date(text, None).value == "--07-07"
    line = find_dateline(text)
    assert line is not None and text[line.start : line.end].startswith("YEREVAN, July 7")


@pytest.mark.parametrize(
    "opening",
    [
        "On July 3, Azerbaijan handed over 15 citizens.",
        "Azerbaijan, July 7, said it would talk.",  # the place is not in capitals
        "LONDON (Reuters) - Ministers met on Tuesday.",  # a dateline without a date
        "The talks ended in Tórshavn on May 15.",
    ],
)
def test_text_without_a_dateline_has_no_date(opening: str) -> None:
    assert document_date(opening, None) == NO_DATE


def test_metadata_wins_over_the_dateline_and_a_bare_year_is_completed_by_it() -> None:
    text = "ATHENS, March 16 — Greece has ordered an inquiry."
    assert document_date(text, "2024-03-17") == dated("2024-03-17")
    assert document_date(text, "2024") == DocumentDate("2024-03-16", "dateline", DAY)
    assert document_date("No dateline here.", "2024") == DocumentDate("2024", "metadata", YEAR)


# -- what the text says ----------------------------------------------------------------------


class Expected(NamedTuple):
    sentence: str
    text: str
    canonical: str | None
    precision: DatePrecision | None
    resolution: Resolution
    anchor: str | None = None  # the document date, when there is one


# fmt: off
CASES = [
    # absolute: the text says it, anchored or not
    Expected("The ceasefire was signed on November 9, 2020.",
             "November 9, 2020", "2020-11-09", DAY, ABSOLUTE),
    Expected("Soldiers raised the flag in the town on November 08, 2020.",
             "November 08, 2020", "2020-11-08", DAY, ABSOLUTE),
    Expected("A fire broke out on 22 August 2019 off Rafina.",
             "22 August 2019", "2019-08-22", DAY, ABSOLUTE),
    Expected("The mission was planned for March 2021.",
             "March 2021", "2021-03", MONTH, ABSOLUTE),
    Expected("Talks stalled in 2020 and resumed later.", "2020", "2020", YEAR, ABSOLUTE),
    Expected("The army retook the district in late 2020.", "late 2020", "2020", YEAR, ABSOLUTE),
    Expected("Growth slowed by mid-2021.", "mid-2021", "2021", YEAR, ABSOLUTE),
    Expected("The region was lost in the early 1990s.",
             "the early 1990s", "199", DECADE, ABSOLUTE),
    Expected("Relations have been tense since 1991 when the war began.",
             "1991", "1991", YEAR, ABSOLUTE),
    Expected("Agdam was taken after the 1993 war.", "1993", "1993", YEAR, ABSOLUTE),
    Expected("Music of the '90s returned.", "the '90s", "199", DECADE, ABSOLUTE),
    Expected("Prices rose in the summer of 2020.", "the summer of 2020", "2020", YEAR, ABSOLUTE),
    Expected("He left Jan 7, 2021.", "Jan 7, 2021", "2021-01-07", DAY, ABSOLUTE),
    Expected("The report came out in Sept. 2019.", "Sept. 2019", "2019-09", MONTH, ABSOLUTE),
    Expected("The file was leaked in early January 2017, before the vote.",
             "early January 2017", "2017-01", MONTH, ABSOLUTE, "2018-04-20"),
    Expected("The ceasefire was signed on November 9, 2020.",
             "November 9, 2020", "2020-11-09", DAY, ABSOLUTE, "2021-07-07"),
    # weekdays: the last one on or before the document date (the same day counts) ...
    Expected("The ministry said on Saturday that the maps were handed over.",
             "Saturday", "2021-06-12", DAY, RELATIVE, "2021-06-14"),
    Expected("Greece on Saturday ordered a full investigation.",
             "Saturday", "2024-03-16", DAY, RELATIVE, "2024-03-16"),
    Expected("The handover this Saturday was carried out at the border.",
             "this Saturday", "2021-06-12", DAY, RELATIVE, "2021-06-13"),
    Expected("The envoy told reporters on Wednesday afternoon.",
             "Wednesday afternoon", "2021-07-07", DAY, RELATIVE, "2021-07-07"),
    Expected("Divers found the wreck last Saturday.",
             "last Saturday", "2024-03-09", DAY, RELATIVE, "2024-03-16"),
    # ... or the next one on or after it when the verb looks ahead
    Expected("The president will be confirmed in office on Sunday.",
             "Sunday", "2021-06-13", DAY, RELATIVE, "2021-06-12"),
    Expected("The prime minister is to be confirmed in office on Sunday.",
             "Sunday", "2021-06-13", DAY, RELATIVE, "2021-06-12"),
    Expected("The patients are expected to be discharged on Friday.",
             "Friday", "2024-04-19", DAY, RELATIVE, "2024-04-17"),
    Expected("The vote is due on Friday.", "Friday", "2024-04-19", DAY, RELATIVE, "2024-04-17"),
    Expected("Officials said the road would reopen on Monday.",
             "Monday", "2024-04-22", DAY, RELATIVE, "2024-04-19"),
    Expected("Divers were due to inspect the hull on Sunday.",
             "Sunday", "2024-03-10", DAY, RELATIVE, "2024-03-11"),
    # a modal of obligation or possibility looks ahead too, even reported in the past
    # (NewsWCL50: a visit "on July 13" in an April article was put in the year before)
    Expected("He had been warned that he should expect protests during his visit on July 13.",
             "July 13", "2018-07-13", DAY, RELATIVE, "2018-04-26"),
    Expected("Officials said the talks might resume on Monday.",
             "Monday", "2024-04-22", DAY, RELATIVE, "2024-04-19"),
    # what has been scheduled may still be ahead: the nearest such day (NewsWCL50 3_L)
    Expected("The judge has scheduled a May 17 hearing on the motions to dismiss.",
             "May 17", "2018-05-17", DAY, RELATIVE, "2018-04-21"),
    # ... but a day something was scheduled for, told in the past, is the last one
    Expected("The judge scheduled a hearing on May 17 and heard the motions then.",
             "May 17", "2017-05-17", DAY, RELATIVE, "2018-04-21"),
    # a month-day naming a thing's day says nothing of the verb's time (NewsWCL50 9_RR)
    Expected("The speech came days before a self-imposed June 4 deadline for the vote.",
             "June 4", "2019-06-04", DAY, RELATIVE, "2019-05-28"),
    Expected("The speech came days after the May 20 deadline for the vote.",
             "May 20", "2019-05-20", DAY, RELATIVE, "2019-05-28"),
    # a plan told in the past may be ahead or just gone: the nearest such day
    Expected("The new fares were set to take effect on Tuesday.",
             "Tuesday", "2024-04-16", DAY, RELATIVE, "2024-04-15"),
    Expected("The inspectors were due to visit the plant on Friday.",
             "Friday", "2024-04-12", DAY, RELATIVE, "2024-04-15"),
    Expected("The captain is said to have raised it in February.",
             "February", "2024-02", MONTH, RELATIVE, "2024-03-10"),
    Expected("He wants to be confirmed on Sunday next week.",
             "Sunday next week", "2021-06-20", DAY, RELATIVE, "2021-06-12"),
    Expected("The talks resume next Tuesday.",
             "next Tuesday", "2024-07-09", DAY, RELATIVE, "2024-07-02"),
    # months and month-days without a year
    Expected("New clashes erupted last September.",
             "last September", "2020-09", MONTH, RELATIVE, "2021-06-13"),
    Expected("Last May, more than 120 MEPs signed a letter.",
             "Last May", "2021-05", MONTH, RELATIVE, "2021-06-13"),
    Expected("In November, Yerevan said 55 prisoners were held.",
             "November", "2023-11", MONTH, RELATIVE, "2023-12-14"),
    Expected("In November, Yerevan said 55 prisoners were held.",
             "November", "2022-11", MONTH, RELATIVE, "2023-10-05"),
    Expected("Two soldiers have been held since April.",
             "April", "2023-04", MONTH, RELATIVE, "2023-12-14"),
    Expected("The region was controlled until November by the army.",
             "November", "2020-11", MONTH, RELATIVE, "2021-06-13"),
    Expected("On July 3, the sides exchanged detainees.",
             "July 3", "2021-07-03", DAY, RELATIVE, "2021-07-07"),
    Expected("The ship burned on Saturday, March 9, near Aegina.",
             "Saturday, March 9", "2024-03-09", DAY, RELATIVE, "2024-03-10"),
    Expected("It rained in early March.", "early March", "2024-03", MONTH, RELATIVE, "2024-03-10"),
    Expected("The deal will be signed on January 5.",
             "January 5", "2022-01-05", DAY, RELATIVE, "2021-12-20"),
    # counted from the document date
    Expected("Those captured during the hostilities last year were freed.",
             "last year", "2020", YEAR, RELATIVE, "2021-07-07"),
    Expected("The countries said last week that they would sign.",
             "last week", "2023-W49", None, RELATIVE, "2023-12-14"),
    Expected("The ferry sank a week ago.", "a week ago", "2024-03-09", DAY, RELATIVE, "2024-03-16"),
    Expected("The quota was zero twenty years ago.",
             "twenty years ago", "2004", YEAR, RELATIVE, "2024-07-02"),
    Expected("Officials met yesterday.", "yesterday", "2024-07-01", DAY, RELATIVE, "2024-07-02"),
    Expected("The road was closed for the second time this spring.",
             "this spring", "2024", YEAR, RELATIVE, "2024-05-28"),
    Expected("The ministry has promised a report later this year.",
             "later this year", "2024", YEAR, RELATIVE, "2024-07-02"),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.text}@{c.anchor}")
def test_date_is_normalised_and_resolved(nlp: Any, case: Expected) -> None:
    anchor = dated(case.anchor) if case.anchor else NO_DATE
    mention = only(nlp, case.sentence, anchor)
    assert (mention.text, mention.canonical, mention.precision, mention.resolution) == (
        case.text,
        case.canonical,
        case.precision,
        case.resolution,
    )


def test_a_resolved_relative_date_names_its_anchor_and_rule(nlp: Any) -> None:
    mention = only(nlp, "The ministry said on Saturday that it agreed.", dated("2021-07-07"))
    assert mention.note is not None
    assert mention.note.startswith("weekday on or before document date 2021-07-07")
    assert mention.note.endswith("[kind=weekday; weekday=Saturday; direction=past]")


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The ministry said on Saturday that it agreed.", "Saturday"),
        ("The president will be confirmed on Sunday.", "Sunday"),
        ("Clashes erupted last September.", "last September"),
        ("In November, Yerevan said more were held.", "November"),
        ("The countries said last week that they agreed.", "last week"),
        ("The deal was signed on November 10.", "November 10"),
        ("Those captured last year were freed.", "last year"),
    ],
)
def test_without_a_document_date_relative_dates_are_unresolved_with_the_reason(
    nlp: Any, sentence: str, text: str
) -> None:
    mention = only(nlp, sentence)
    assert (mention.text, mention.canonical, mention.resolution) == (text, None, UNRESOLVED)
    assert mention.note is not None
    assert mention.note.startswith(f"no document date to anchor '{text}'")


def test_a_dateline_without_a_year_anchors_no_relative_date(nlp: Any) -> None:
    anchor = DocumentDate("--07-07", "dateline", DAY)
    text = "On July 3, the sides swapped detainees. The envoy spoke on Wednesday."
    found = dates(nlp, text, anchor)
    assert [(m.text, m.resolution) for m in found] == [
        ("July 3", UNRESOLVED),
        ("Wednesday", UNRESOLVED),
    ]
    assert all("--07-07 (dateline) has no year" in (m.note or "") for m in found)
    # absolute dates still resolve
    assert only(nlp, "Fighting began on September 27, 2020.", anchor).canonical == "2020-09-27"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In the war between September 27 and November 9, 2020, the army advanced.",
            [("September 27", "2020-09-27"), ("November 9, 2020", "2020-11-09")],
        ),
        (
            "The strike lasted from December 20 to January 5, 2021.",
            [("December 20", "2020-12-20"), ("January 5, 2021", "2021-01-05")],
        ),
        (
            "Soldiers were captured between 2020 and 2023.",
            [("2020", "2020"), ("2023", "2023")],
        ),
        ("The season ran 2020-21.", [("2020", "2020"), ("21", "2021")]),
        (
            "Talks were held in Tórshavn on 14 and 15 May 2024.",
            [("14", "2024-05-14"), ("15 May 2024", "2024-05-15")],
        ),
    ],
)
def test_a_range_gives_two_dates_and_its_open_end_takes_the_closing_year(
    nlp: Any, sentence: str, expected: list[tuple[str, str]]
) -> None:
    found = dates(nlp, sentence)
    assert [(m.text, m.canonical) for m in found] == expected
    assert all(m.resolution is ABSOLUTE for m in found)


def test_a_repeated_month_day_takes_the_year_written_earlier_when_there_is_no_anchor(
    nlp: Any,
) -> None:
    text = "A ceasefire began on November 10, 2020. The deal signed on November 10 held."
    found = dates(nlp, text)
    assert [(m.text, m.canonical, m.resolution) for m in found] == [
        ("November 10, 2020", "2020-11-10", ABSOLUTE),
        ("November 10", "2020-11-10", ABSOLUTE),
    ]


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        (
            "They swapped prisoners three months after the army made a breakthrough, "
            "officials said.",
            "three months after the army made a breakthrough",
        ),
        (
            "A week before the early parliamentary elections, the sides met.",
            "A week before the early parliamentary elections",
        ),
        ("The road reopened two days later.", "two days later"),
    ],
)
def test_a_date_relative_to_another_event_is_unresolved_and_names_it(
    nlp: Any, sentence: str, event: str
) -> None:
    mention = only(nlp, sentence, dated("2023-12-14"))
    assert (mention.canonical, mention.resolution) == (None, UNRESOLVED)
    assert mention.note is not None
    assert mention.note.startswith(f"relative to an event: {event} [kind=event")


@pytest.mark.parametrize(
    "sentence",
    [
        "During a subsequent 44-day conflict the army advanced.",
        "The fighting lasted six months.",
        "The neighbours fought two wars in the past 30 years.",
        "Influence declined over the past two years since the invasion.",
        "It was a decades-long conflict and a three-decade occupation.",
        "The 26-year-old vessel had passed inspection.",
        "It is lucky this happened on a weekday and not on a Sunday.",
        "Pilgrims gathered on Good Friday.",
        "May I ask a question?",
        "The 2000 protesters marched to the square.",
        "Turnout reached 2020 voters in the village.",
    ],
)
def test_durations_generic_days_and_lookalikes_are_not_dates(nlp: Any, sentence: str) -> None:
    assert dates(nlp, sentence, dated("2024-03-16")) == []


def test_a_bare_may_in_an_article_naming_theresa_may_is_her(nlp: Any) -> None:
    text = (
        "Prime Minister Theresa May welcomed the president to Chequers.\n\n"
        "Trump, May reaffirm ties as protests grow.\n\n"
        "The opposition leader accused May in May of ignoring the talks."
    )
    found = dates(nlp, text, dated("2018-07-13"))
    assert [m.text for m in found] == ["May"]
    assert text[found[0].start - 3 : found[0].end] == "in May"


def test_a_date_the_calendar_lacks_is_unresolved_with_the_reason(nlp: Any) -> None:
    mention = only(nlp, "The law took effect on February 29.", dated("2021-03-01"))
    assert (mention.canonical, mention.resolution) == (None, UNRESOLVED)
    assert mention.note is not None and "out of range" in mention.note
    # no such day: what is left is the month and the year
    found = dates(nlp, "It was signed on February 30, 2021.")
    assert [m.text for m in found] == ["February", "2021"]
    assert document_date("ROME, February 30 — The talks began.", None) == NO_DATE


def test_a_boundary_preposition_is_kept_in_the_note(nlp: Any) -> None:
    mention = only(nlp, "Relations have been tense since 1991.")
    assert mention.note == "[prep=since]"


def test_reresolve_anchors_a_relative_date_to_another_articles_date(nlp: Any) -> None:
    unresolved = only(nlp, "The ministry said on Saturday that it agreed.")
    again = reresolve(unresolved, dated("2021-06-14"))
    assert (again.canonical, again.resolution) == ("2021-06-12", RELATIVE)
    assert again.note is not None and again.note.endswith("direction=past]")
    absolute = only(nlp, "The war ended on November 9, 2020.")
    assert reresolve(absolute, dated("2021-06-14")) == absolute


@pytest.mark.parametrize(
    "relation",
    [
        Relation("weekday", direction="past", weekday=6),
        Relation("weekday", direction="week", weekday=7, offset=1),
        Relation("monthday", direction="future", month=7, day=3),
        Relation("month", direction="last", month=9),
        Relation("offset", unit="year", offset=-1),
        Relation("offset", unit="day", offset=0),
        Relation("event", unit="month", offset=3, link="after"),
        Relation("offset", unit="day", vague=True),
    ],
)
def test_a_relation_survives_its_note(relation: Relation) -> None:
    assert Relation.from_note(f"some explanation [{relation.render()}]") == relation


# -- the real sample articles ----------------------------------------------------------------

U = UNRESOLVED
# article id -> the dates in text order: (text, canonical, resolution)
SEED_DATES: dict[str, list[tuple[str, str | None, Resolution]]] = {
    "000_f442b0a99d4997eb": [
        ("Sunday", None, U),  # "is to be confirmed ... on Sunday"
        ("A week before", None, U),  # the elections
        ("More than six months after", None, U),  # the end of the fighting
        ("September 27", "2020-09-27", ABSOLUTE),  # "between September 27 and November 9, 2020"
        ("November 9, 2020", "2020-11-09", ABSOLUTE),
        ("the early 1990s", "199", ABSOLUTE),
        ("Sunday next week", None, U),
    ],
    "001_336bf3a6c016bbf1": [
        ("three months after", None, U),
        ("Wednesday", None, U),
        ("late 2020", "2020", ABSOLUTE),
        ("April", None, U),  # "since April"
        ("2020", "2020", ABSOLUTE),  # "between 2020 and 2023"
        ("2023", "2023", ABSOLUTE),
        ("September", None, U),
        ("last week", None, U),
        ("November", None, U),  # "In November"
        ("September", None, U),  # "the September ... operation"
        ("the 1990s", "199", ABSOLUTE),
    ],
    "002_a679c93408971ff6": [
        ("Saturday", None, U),
        ("1991", "1991", ABSOLUTE),  # "since 1991"
        ("last September", None, U),
        ("November 10, 2020", "2020-11-10", ABSOLUTE),
        ("November 10", "2020-11-10", ABSOLUTE),  # the same deal, named again without a year
    ],
    "003_b6966ca61b47a6c2": [
        ("Saturday", None, U),
        ("last year", None, U),
        ("November", None, U),  # "until November"
        ("this Saturday", None, U),
        ("1993", "1993", ABSOLUTE),
        ("late 2020", "2020", ABSOLUTE),
        ("Last May", None, U),
    ],
    # dated by "YEREVAN, July 7. /TASS/." only: the year is unknown
    "004_45120e5011152357": [
        ("July 3", None, U),  # the standfirst
        ("July 7", None, U),  # the dateline itself
        ("Wednesday", None, U),
        ("July 3", None, U),
        ("September 27, 2020", "2020-09-27", ABSOLUTE),
        ("November 9, 2020", "2020-11-09", ABSOLUTE),
        ("last year", None, U),
    ],
}


@pytest.fixture(scope="module")
def seed_docs(
    seeds_dir: Path, nlp: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[str, DocumentDate, Any]]:
    store = Store.open(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    try:
        ingest([str(seeds_dir)], store, IngestOptions(workers=1))
        articles = list(store.iter_articles())
    finally:
        store.close()
    return {a.id: (a.text, document_date(a.text, a.published), nlp(a.text)) for a in articles}


@pytest.mark.parametrize("article_id", sorted(SEED_DATES))
def test_seed_dates(seed_docs: dict[str, tuple[str, DocumentDate, Any]], article_id: str) -> None:
    text, anchor, doc = seed_docs[article_id]
    found = find_dates(doc, anchor, text)
    assert [(m.text, m.canonical, m.resolution) for m in found] == SEED_DATES[article_id]
    for mention in found:
        if mention.resolution is UNRESOLVED:
            assert mention.note, mention
            assert (
                mention.note.startswith(("no document date", "relative to an event"))
                or "has no year" in mention.note
            ), mention.note


def test_seed_document_dates(seed_docs: dict[str, tuple[str, DocumentDate, Any]]) -> None:
    anchors = {article_id: anchor for article_id, (_, anchor, _) in seed_docs.items()}
    assert anchors.pop("004_45120e5011152357") == DocumentDate("--07-07", "dateline", DAY)
    assert set(anchors.values()) == {NO_DATE}
