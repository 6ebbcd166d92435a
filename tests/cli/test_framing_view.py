"""The framing sections of ``rashomon compare`` as a reader sees them."""

from __future__ import annotations

from rich.console import Console

from rashomon.cli.framing_view import print_framing
from rashomon.model import (
    DifferenceKind,
    Framing,
    QuoteDifference,
    QuoteKind,
    Rendering,
    Statement,
    Voices,
)


def test_whom_each_outlet_lets_speak_counts_in_words_a_reader_expects() -> None:
    framing = Framing(
        statements=(),
        referents=(),
        loaded=(),
        contrasts=(),
        voices=(
            Voices("a", "person:antony-blinken", "Antony Blinken", 3, 111),
            Voices("a", "org:foreign-ministry", "Foreign Ministry", 1, 20),
            Voices("b", None, "The letter [red]x[/red]", 1, 19),
        ),
        outlets=(("a", "Outlet A"), ("b", "Outlet B")),
    )
    out = Console(record=True, width=200, color_system=None)
    print_framing(out, framing, {"a": "Outlet A", "b": "Outlet B"}.__getitem__)
    text = out.export_text()
    assert (
        "Outlet A: Antony Blinken (3 quotes, 111 words); Foreign Ministry (1 quote, 20 words)"
        in text
    )
    # a speaker's name is article text: shown as written, never read as markup
    assert "Outlet B: The letter [red]x[/red] (1 quote, 19 words)" in text


def test_a_difference_one_side_lacks_says_which_outlet_has_the_words() -> None:
    said = "cooperating fully with the authorities and deeply saddened"
    renderings = (
        Rendering("a", 0, len(said), said, QuoteKind.DIRECT, "Myrtoan Lines", "org:myrtoan"),
        Rendering("b", 0, 32, said[:38], QuoteKind.DIRECT, "Myrtoan Lines", "org:myrtoan"),
    )
    differences = (
        QuoteDifference(
            DifferenceKind.TRUNCATED,
            0,
            1,
            "and deeply saddened",
            "",
            "one quotes words the other leaves out",
        ),
        QuoteDifference(DifferenceKind.MEANING, 0, 1, "fully", "", "a qualifier on one side only"),
    )
    framing = Framing(
        statements=(Statement("s1", "org:myrtoan", "Myrtoan Lines", renderings, differences),),
        referents=(),
        loaded=(),
        contrasts=(),
        voices=(),
        outlets=(("a", "Outlet A"), ("b", "Outlet B")),
    )
    out = Console(record=True, width=200, color_system=None)
    print_framing(out, framing, {"a": "Outlet A", "b": "Outlet B"}.__getitem__)
    text = out.export_text()
    assert "[truncated] Outlet A has “and deeply saddened”, Outlet B does not" in text
    assert "[meaning] Outlet A has “fully”, Outlet B does not: a qualifier" in text
    assert "—" not in text
