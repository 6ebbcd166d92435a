"""Titles, statements and dates aligned across outlets, read end to end (parse,
mentions, claims, alignment, verdicts) from short articles shaped on real reports
(NewsWCL50's April 2018 events; the wording is ours)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest

from rashomon.compare import statements
from rashomon.compare.claims import Reading, _count_value, read_claims
from rashomon.compare.pipeline import Comparer, StoryMaterial, compare
from rashomon.compare.titles import clean, key_words, same_person, same_title
from rashomon.model import (
    Article,
    Claim,
    ClaimKind,
    Comparison,
    DatePrecision,
    Evidence,
    InputFormat,
    Mention,
    MentionType,
    SourceRef,
    Story,
    StoryDate,
)
from rashomon.understand.pipeline import Understander, annotate_doc


@pytest.fixture(scope="module")
def understander() -> Understander:
    return Understander.load()


@pytest.fixture(scope="module")
def comparer() -> Comparer:
    return Comparer.load()


def _reading(understander: Understander, ident: str, outlet: str, text: str) -> Reading:
    article = Article(
        id=ident,
        title=text.split("\n", 1)[0],
        text=text,
        raw_text=text,
        content_hash=ident,
        source=SourceRef(f"{ident}.txt", InputFormat.TEXT),
        outlet=outlet,
        published="2018-04-20",
    )
    doc = understander.nlp(text)
    return Reading(article, annotate_doc(article, doc, understander), doc)


def _compare(
    understander: Understander, comparer: Comparer, articles: Sequence[tuple[str, str]]
) -> Comparison:
    readings = tuple(
        _reading(understander, f"a{i}", outlet, text) for i, (outlet, text) in enumerate(articles)
    )
    story = Story(
        id="s",
        title="t",
        date=StoryDate("2018-04-19", DatePrecision.DAY, "stated"),
        articles=tuple(r.article.id for r in readings),
        completions=(),
    )
    return compare(StoryMaterial(story, readings), comparer)


# -- titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "office"),
    [
        ("former FBI director", "former FBI director"),
        ("Newly minted President", "President"),
        ("British Ambassador to the US Sir", "British Ambassador to the US"),
        ("director of Amnesty International UK", "director of Amnesty International UK"),
        (
            "president's first national security adviser",
            "president's first national security adviser",
        ),
        ("Italy ambassador", "Italy ambassador"),
        ("Receiving French President", "French President"),  # a sentence's participle
        ("Acting Attorney General", "Acting Attorney General"),
        # the role reader ran into a verb or a name: no office can be trusted
        ("former FBI chief details", None),
        ("President Vladimir", None),
        ("North Korean leader Kim", None),
    ],
)
def test_a_written_role_is_cleaned_to_its_office(written: str, office: str | None) -> None:
    assert clean(written) == office


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("CIA Director", "Central Intelligence Agency Director", True),
        ("former F.B.I. director", "FBI Director", True),
        ("U.S. President", "President", True),
        ("Homeland Security Secretary", "Secretary of State", False),
        ("deputy attorney general", "assistant attorney general", False),
    ],
)
def test_two_titles_name_one_office_when_one_holds_the_others_words(
    a: str, b: str, same: bool
) -> None:
    assert same_title(key_words(a), key_words(b)) is same


def test_a_surname_id_is_the_full_name_it_ends() -> None:
    assert same_person("person:trump", "person:donald-trump")
    assert same_person("person:jong-un", "person:kim-jong-un")
    assert not same_person("person:bill-clinton", "person:hillary-clinton")


def test_titles_corroborate_across_outlets_and_never_dispute(
    understander: Understander, comparer: Comparer
) -> None:
    found = _compare(
        understander,
        comparer,
        [
            ("Left", "The memos were written by former FBI director James Comey in 2017."),
            ("Right", "The memos, written by former F.B.I. Director James Comey, were released."),
            ("Centre", "James Comey, the director of the FBI at the time, kept notes."),
        ],
    )
    titles = [f for f in found.facts if f.kind is ClaimKind.TITLE]
    comey = [f for f in titles if "Comey" in f.label]
    assert comey, [f.statement for f in titles]
    best = max(comey, key=lambda f: len(f.articles))
    assert {"a0", "a1"} <= set(best.articles)
    assert "FBI" in best.value or "F.B.I." in best.value
    assert not [d for d in found.discrepancies if "Comey" in d.explanation]


# -- statements -------------------------------------------------------------------------


def test_one_report_in_two_outlets_words_is_one_statement_and_unrelated_ones_are_not(
    understander: Understander, comparer: Comparer
) -> None:
    found = _compare(
        understander,
        comparer,
        [
            (
                "Left",
                "CIA Director Mike Pompeo met with North Korean leader Kim Jong Un over Easter "
                "weekend, according to two officials. The White House declined to comment on "
                "the trip. Markets in Seoul closed higher on Thursday.",
            ),
            (
                "Right",
                "Central Intelligence Agency Director Mike Pompeo met North Korean dictator Kim "
                "Jong Un during the Easter weekend in a secret trip. Japan's prime minister "
                "arrived in Florida for two days of talks on trade.",
            ),
        ],
    )
    statements = [f for f in found.facts if f.kind is ClaimKind.STATEMENT]
    assert len(statements) == 1, [f.statement for f in statements]
    met = statements[0]
    assert set(met.articles) == {"a0", "a1"}
    assert all("Pompeo" in e.sentence for e in met.sources)
    assert not [o for o in found.omissions if o.fact == met.id]


# -- dates ------------------------------------------------------------------------------


def test_one_day_worded_differently_by_each_outlet_is_one_dated_fact(
    understander: Understander, comparer: Comparer
) -> None:
    found = _compare(
        understander,
        comparer,
        [
            (
                "Left",
                "The Justice Department released the Comey memos to Congress on Thursday. "
                "Lawmakers had asked for them.",
            ),
            (
                "Right",
                "The memos were sent to congressional leaders from the Justice Department on "
                "Thursday night. Republicans welcomed them.",
            ),
        ],
    )
    dated = [f for f in found.facts if f.kind is ClaimKind.DATE and f.value == "2018-04-19"]
    assert any({"a0", "a1"} <= set(f.articles) for f in dated), [
        (f.statement, f.articles) for f in dated
    ]


def test_a_month_day_in_a_noun_phrase_is_the_nearest_one(understander: Understander) -> None:
    reading = _reading(
        understander,
        "d",
        "Left",
        "The president faces a May 12 deadline to decide on the deal. "
        "His visit to the UK on July 13 will be a working visit.",
    )
    dates = {m.text: m.canonical for m in reading.annotation.mentions if m.type.value == "date"}
    assert dates["May 12"] == "2018-05-12"
    assert dates["July 13"] == "2018-07-13"


def test_a_repeated_month_day_keeps_the_year_written_earlier(understander: Understander) -> None:
    reading = _reading(
        understander,
        "r",
        "Centre",
        "One memo records a Feb. 8, 2017, encounter with the president. "
        "In an interview, Comey recounted the Feb. 8 meeting at length.",
    )
    values = [m.canonical for m in reading.annotation.mentions if m.type.value == "date"]
    assert values == ["2017-02-08", "2017-02-08"]


def test_may_the_prime_minister_is_not_a_month(understander: Understander) -> None:
    reading = _reading(
        understander,
        "m",
        "Right",
        "The state visit was proposed in January 2017 when May visited the White House.",
    )
    dates = [m.text for m in reading.annotation.mentions if m.type.value == "date"]
    assert dates == ["January 2017"]


# -- quotes and counts ------------------------------------------------------------------


def test_two_peoples_quotations_sharing_an_opening_phrase_are_two_statements(
    understander: Understander, comparer: Comparer
) -> None:
    found = _compare(
        understander,
        comparer,
        [
            (
                "Left",
                'Boris Johnson said: "The Iran nuclear deal is not based on trust about '
                "Iran's intentions; it is based on tough verification.\"",
            ),
            (
                "Right",
                "Iran's deputy foreign minister, Abbas Araghchi, said: \"The Iran nuclear deal "
                'is no longer sustainable for Iran in its present form."',
            ),
        ],
    )
    quotes = [f for f in found.facts if f.kind is ClaimKind.QUOTE]
    assert len(quotes) == 2, [f.statement for f in quotes]
    assert all(len(f.articles) == 1 for f in quotes)


def test_a_house_number_is_not_a_count(understander: Understander, comparer: Comparer) -> None:
    found = _compare(
        understander,
        comparer,
        [
            ("Left", "A spokesman at 10 Downing Street said 4 ministers would attend."),
            ("Right", "Officials said four ministers would attend the dinner on Friday."),
        ],
    )
    counts = [f for f in found.facts if f.kind is ClaimKind.COUNT]
    assert counts and all("street" not in f.statement.lower() for f in counts), [
        f.statement for f in counts
    ]


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (375e9, "dollars", "$375 billion"),
        (3.6e9, "dollars", "$3.6 billion"),
        (12e6, "euros", "€12 million"),
        (1500.5, "dollars", "$1,500.50"),
        (250.0, "pounds", "£250"),
    ],
)
def test_an_amount_of_money_is_shown_as_a_reader_writes_it(
    value: float, unit: str, shown: str
) -> None:
    mention = Mention(0, 1, "x", MentionType.NUMBER, value=value, unit=unit)
    assert _count_value(mention) == shown


# -- counts told in other words ----------------------------------------------------------


def test_one_list_counted_with_bounds_that_exclude_each_other_is_disputed(
    understander: Understander, comparer: Comparer
) -> None:
    """NewsWCL50 event 8: "at least four dozen" (New York Times) and "almost four
    dozen" (USA Today) questions on one list, told with other verbs."""
    comparison = _compare(
        understander,
        comparer,
        [
            (
                "The Daily Ledger",
                "WASHINGTON — Special counsel Robert Mueller has at least four dozen questions"
                " he wants to ask President Trump about his ties to Russia, according to a"
                " list obtained by The New York Times.",
            ),
            (
                "The Evening Wire",
                "WASHINGTON — Special counsel Robert Mueller has given a list of almost four"
                " dozen questions to lawyers for President Trump about his ties to Russia,"
                " according to The New York Times.",
            ),
        ],
    )
    counts = [d for d in comparison.discrepancies if d.kind is ClaimKind.COUNT]
    assert len(counts) == 1
    assert {a.value for a in counts[0].alternatives} == {
        "at least 48 questions",
        "almost 48 questions",
    }


def test_a_rounded_figure_and_a_bound_below_it_are_no_dispute(
    understander: Understander, comparer: Comparer
) -> None:
    comparison = _compare(
        understander,
        comparer,
        [
            (
                "The Daily Ledger",
                "Special counsel Robert Mueller has almost four dozen questions he wants to"
                " ask President Trump about his ties to Russia.",
            ),
            (
                "The Evening Wire",
                "Special counsel Robert Mueller has four dozen questions he wants to ask"
                " President Trump about his ties to Russia.",
            ),
        ],
    )
    assert [d for d in comparison.discrepancies if d.kind is ClaimKind.COUNT] == []


_PLEA = "Rick Gates pleaded guilty on February 23, 2018."
_WAR = "In the war of April 2016 the army retook the northern hills."


@pytest.mark.parametrize(
    ("first", "second", "background"),
    [
        (_PLEA, "After the plea, Mueller moved to drop 22 charges against him.", "2018-02-23"),
        (_PLEA, "That day, prosecutors dropped 22 charges against him.", "2018-02-23"),
        # "that" before a thing points back to the thing, not to its time
        (_PLEA, "Prosecutors say that 22 charges against him remain open.", None),
        # "the fighting" stands for the war the sentence before dates
        (_WAR, "More than 4,000 soldiers died in the fighting.", "2016-04"),
        (_WAR, "About 300 villages changed hands in that conflict.", "2016-04"),
        # a happening of another kind is not the war
        (_WAR, "More than 4,000 people marched in the protest.", None),
        # nor is a happening named without "the"
        (_WAR, "More than 4,000 soldiers died in fighting this week.", None),
    ],
)
def test_a_sentence_pointing_back_to_an_earlier_happening_is_background(
    understander: Understander, first: str, second: str, background: str | None
) -> None:
    claims = read_claims(
        _reading(understander, "a", "The Daily Ledger", f"{first} {second}"), date(2018, 4, 30)
    )
    counts = [c for c in claims if c.kind is ClaimKind.COUNT]
    assert [c.background for c in counts] == [background]


def test_a_span_of_days_is_not_read_as_its_first_day(understander: Understander) -> None:
    """NewsWCL50 event 5: "a NATO Summit in Brussels on July 11-12" was a fact dated
    July 12, true of neither the summit nor the visit (an independent reader's grade)."""
    text = (
        "The visit will follow a NATO summit in Brussels on July 11-12, which Trump is"
        " also expected to attend. Trump will meet the Queen on July 13."
    )
    claims = read_claims(_reading(understander, "a", "The Daily Ledger", text), date(2018, 7, 1))
    assert [c.value for c in claims if c.kind is ClaimKind.DATE] == ["2018-07-13"]


def test_a_span_of_months_dates_nothing(understander: Understander) -> None:
    """NewsWCL50 event 2: "23 missiles during 16 tests between February and December
    2017" was a fact dated February 2017 (an independent reader's grade)."""
    text = (
        "The country fired 23 missiles during 16 tests between February and December 2017."
        " Its leader visited the launch site on March 3, 2018."
    )
    claims = read_claims(_reading(understander, "a", "The Daily Ledger", text), date(2018, 4, 20))
    assert [c.value for c in claims if c.kind is ClaimKind.DATE] == ["2018-03-03"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump is expected to meet Kim in May or early June, officials said.",
        "Republican candidates opposed the agreement in 2015 and early 2016.",
    ],
)
def test_coordinated_dates_date_nothing_alone(understander: Understander, sentence: str) -> None:
    """NewsWCL50 events 2 and 4: "in May or early June" was shown as June, and "in 2015
    and early 2016" as 2016 (an independent reader's grade)."""
    text = f"{sentence} The president signed the order on March 3, 2018."
    claims = read_claims(_reading(understander, "a", "The Daily Ledger", text), date(2018, 4, 20))
    assert [c.value for c in claims if c.kind is ClaimKind.DATE] == ["2018-03-03"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Border crossings have fallen to their lowest level since 1971, officials said.",
        "The talks will be the third round since the islands' 1952 partition.",
        "The agency has used envoys to reach the rebels ever since last month.",
    ],
)
def test_a_date_bounding_a_stretch_dates_no_happening(
    understander: Understander, sentence: str
) -> None:
    """NewsWCL50 events 0 and 6: "the third inter-Korean summit since the Koreas' 1945
    division" was shown as a summit of 1945, "their lowest level since 1971" as a low
    reached in 1971 (an independent reader's grade)."""
    text = f"{sentence} The president signed the order on March 3, 2018."
    claims = read_claims(_reading(understander, "a", "The Daily Ledger", text), date(2018, 4, 20))
    assert [c.value for c in claims if c.kind is ClaimKind.DATE] == ["2018-03-03"]


def test_a_title_fact_names_whose_title_it_is(
    understander: Understander, comparer: Comparer
) -> None:
    """NewsWCL50 event 5: "prime minister: UK Prime Minister" (the longest name an
    article gave Theresa May was "the prime minister") told the reader nothing of who."""
    found = _compare(
        understander,
        comparer,
        [
            (
                "Left",
                "UK Prime Minister Theresa May met the envoy on Monday. The prime minister"
                " said the talks went well. May later left for Brussels.",
            ),
        ],
    )
    titles = [f for f in found.facts if f.kind is ClaimKind.TITLE]
    assert titles, [f.statement for f in found.facts]
    assert all("May" in f.label for f in titles), [f.statement for f in titles]


def _statement(
    article: str, sentence: str, entities: tuple[str, ...], background: str | None = None
) -> Claim:
    return Claim(
        article=article,
        kind=ClaimKind.STATEMENT,
        attribute="statement",
        value=sentence,
        evidence=Evidence(article, sentence, 0, len(sentence), 0, len(sentence)),
        phrase=sentence,
        entities=entities,
        background=background,
    )


def test_only_statements_that_can_join_another_articles_are_candidates() -> None:
    """A statement is encoded only when a statement of another article names one of
    its actors or places and is dated alike (both news, or both background)."""
    met = _statement("a", "Pompeo met Kim over Easter.", ("person:pompeo", "person:kim"))
    met_too = _statement("b", "Pompeo and Kim met in Pyongyang.", ("person:kim",))
    alone = _statement("a", "Markets in Seoul closed higher.", ("place:seoul",))
    same_article = _statement("a", "Kim was in Seoul.", ("place:seoul",))
    history = _statement("b", "Pompeo visited in 2012.", ("person:pompeo",), background="2012")
    found = statements.candidates([met, met_too, alone, same_article, history])
    assert found == [met, met_too]


def test_a_closer_sentence_naming_no_one_in_common_does_not_block_the_match() -> None:
    """Mutual best match among the sentences a statement can join: b's sentence about
    something else, closer by the model, is not a's best match for Pompeo's trip."""
    trip = _statement("a", "Pompeo met Kim over Easter.", ("person:pompeo",))
    same_trip = _statement("b", "Pompeo travelled to meet Kim.", ("person:pompeo",))
    other = _statement("b", "Markets closed higher.", ("place:seoul",))
    sims = np.array([[1.0, 0.8, 0.9], [0.8, 1.0, 0.1], [0.9, 0.1, 1.0]], dtype=np.float32)
    groups = statements.aligned_statements([trip, same_trip, other], sims)
    assert groups == [[trip, same_trip]]
    below = sims.copy()
    below[0, 1] = below[1, 0] = statements.SAME_STATEMENT - 0.01
    assert statements.aligned_statements([trip, same_trip, other], below) == []
