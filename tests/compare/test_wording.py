"""Quoted words compared word for word (rashomon.compare.wording), on wordings
taken from how real outlets quote one statement."""

from __future__ import annotations

import pytest

from rashomon.compare.wording import Change, changes, same_statement, words


def test_normalising_ignores_case_marks_and_keeps_marked_gaps() -> None:
    assert words("“Further details,” he said — [the PM] … will follow.") == (
        "further",
        "details",
        "he",
        "said",
        "…",
        "…",
        "will",
        "follow",
    )


def test_a_moved_word_still_makes_one_statement() -> None:
    a = words("It's insane. It's ridiculous. It should have never been made")
    b = words("It should never have been made, but we will be talking about it.")
    assert same_statement(a, b)
    assert changes(a, b) == [Change("", "never"), Change("never", "")]


def test_a_shared_common_phrase_is_not_one_statement() -> None:
    assert not same_statement(
        words("the deal is a very bad deal for us"), words("this is a bad deal, a very bad one")
    )


def test_two_remarks_sharing_a_phrase_are_not_compared() -> None:
    a = words(
        "It just seems that no matter where you go, especially in the Middle East, Iran is "
        "behind it. Wherever there's trouble, Yemen, Syria, no matter where you have it, Iran "
        "is behind it"
    )
    b = words(
        "Iran seems to be behind everything where there is a problem. You look at what's "
        "happening, in any, virtually any place in the Middle East, and Iran is behind it."
    )
    assert changes(a, b) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(
            "The President said ‘the hookers thing’ is nonsense",
            "The president said that 'the hookers thing' is nonsense",
            [Change("", "that")],
            id="an added word",
        ),
        pytest.param(
            "Further details will be set out in due course.",
            "further details would be set out in due course.",
            [Change("will", "would")],
            id="a tense",
        ),
        pytest.param(
            "consulted the relevant parties and concluded that the release",
            "consulted the relevant parties and concluded … the release",
            [],
            id="a marked gap",
        ),
    ],
)
def test_changes_inside_the_shared_stretch(a: str, b: str, expected: list[Change]) -> None:
    assert changes(words(a), words(b)) == expected


def test_another_translation_is_not_a_rewording() -> None:
    a = words(
        "North Korea's nuclear test center will be discarded in order to ensure the "
        "transparency of the suspension of the nuclear test"
    )
    b = words(
        "shut down a nuclear test site in the country's northern side to guarantee "
        "transparency in suspending nuclear tests"
    )
    assert changes(a, b) is None
    c = words(
        "the DPRK will join international efforts and efforts to halt the nuclear test altogether"
    )
    d = words(
        "will join international efforts to halt nuclear tests altogether in the coming years"
    )
    assert changes(c, d) is None  # another rendering, not the same words reworded
