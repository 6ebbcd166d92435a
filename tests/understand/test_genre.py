"""The genre classifier: what it reads, and the calls it must get right on clear cases.

The texts are written for these tests in the shape of real wire reports and columns;
the classifier's measured quality on real articles is in docs/quality.md (genre).
"""

from __future__ import annotations

from rashomon.understand.genre import (
    ANALYSIS,
    LIVE,
    OPINION,
    REPORT,
    ROUNDUP,
    classify_genre,
    genre_features,
    load_weights,
)

WIRE = (
    "BAKU, Azerbaijan (AP) — Azerbaijan handed over 15 detainees to Armenia on Saturday "
    "in exchange for maps of minefields, officials in both countries said. The exchange "
    "took place at the border, the Armenian foreign ministry said in a statement. "
    "Azerbaijan's presidential aide told reporters the maps covered about 97,000 mines. "
    "A spokesman for the European Union said the bloc welcomed the step, according to a "
    "statement released in Brussels. The detainees were taken to a hospital in Yerevan, "
    "the health ministry said. Officials said further talks were planned."
)

COLUMN = (
    "I have watched this conflict for twenty years, and I am tired of the excuses. We "
    "keep telling ourselves that patience will be rewarded. It will not. The truth is "
    "simply that both governments should stop treating prisoners as bargaining chips, "
    "and the rest of us must say so plainly. Why do we accept this? Frankly, the "
    "silence of the so-called mediators is shameful. You cannot build peace on hostages, "
    "and you should not pretend otherwise."
)


def test_a_wire_report_is_a_report() -> None:
    call = classify_genre(
        "Azerbaijan hands over 15 detainees to Armenia in exchange for minefield maps",
        "https://apnews.com/article/azerbaijan-armenia-detainees-1234",
        WIRE,
    )
    assert call.genre == REPORT
    assert not call.discusses


def test_a_column_in_the_authors_voice_is_commentary() -> None:
    call = classify_genre(
        "Stop trading prisoners like chips", "https://example.com/2021/07/05/prisoners", COLUMN
    )
    assert call.discusses
    assert call.score >= load_weights().threshold


def test_an_opinion_address_names_the_genre() -> None:
    call = classify_genre(
        "Stop trading prisoners like chips",
        "https://www.example.com/opinion/2021/07/05/prisoners",
        COLUMN,
    )
    assert call.genre == OPINION


def test_an_analysis_headline_names_the_genre() -> None:
    call = classify_genre("Analysis: what the swap says about the talks", None, COLUMN)
    assert call.genre == ANALYSIS


def test_the_voice_is_counted_outside_quotation_marks() -> None:
    """A report quoting someone's "I think we must" keeps the report's own voice."""
    quoted = (
        'The minister spoke at the border. "I think we must stop this, and you should '
        'too," she said. "We have waited too long." Officials said talks would resume.'
    )
    own = "I think we must stop this, and you should too. We have waited too long."
    in_quotes = genre_features("Talks to resume", None, quoted)
    in_own_voice = genre_features("Talks to resume", None, own)
    assert in_quotes["first_singular"] == 0.0
    assert in_quotes["second_person"] == 0.0
    assert in_own_voice["first_singular"] > 0.0
    assert in_own_voice["second_person"] > 0.0
    assert in_quotes["quoted_share"] > in_own_voice["quoted_share"]


def test_dateline_and_wire_credit_are_read_at_the_start() -> None:
    features = genre_features("Exchange at the border", None, WIRE)
    assert features["dateline"] == 1.0
    assert features["wire"] == 1.0
    moved = genre_features("Exchange at the border", None, "Background. " * 50 + WIRE)
    assert moved["dateline"] == 0.0


def test_live_blogs_and_roundups_are_named_from_their_headlines() -> None:
    assert classify_genre("Live updates: prisoner exchange at the border", None, WIRE).genre == LIVE
    assert classify_genre("Morning briefing: the swap, the vote, the storm", None, WIRE).genre == (
        ROUNDUP
    )


def test_the_shipped_weights_say_where_they_come_from() -> None:
    weights = load_weights()
    assert "genre-test.json not used" in weights.provenance
    assert 0.0 < weights.threshold < 1.0
    assert set(weights.weights) == set(genre_features("t", None, "text"))
