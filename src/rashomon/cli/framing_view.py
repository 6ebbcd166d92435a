"""The framing sections of `rashomon compare`: what was said as each outlet quotes
it, how each outlet names the story's referents, loaded words and whose voice they
are in, and whom each outlet lets speak. Article text is escaped everywhere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from rashomon.model import DifferenceKind, Framing, Referent, Voice

if TYPE_CHECKING:
    from rich.console import Console

MAX_REFERENTS = 12
MAX_LABELS = 4
MAX_VOICES = 5
_DIFFERENCE_STYLES = {
    DifferenceKind.MEANING: "bold yellow",
    DifferenceKind.MISATTRIBUTION: "bold red",
    DifferenceKind.TRUNCATED: "dim",
    DifferenceKind.WORDING: "dim",
}


def print_framing(out: Console, framing: Framing, outlet: Callable[[str], str]) -> None:
    _print_statements(out, framing, outlet)
    _print_labels(out, framing, outlet)
    _print_loaded(out, framing, outlet)
    _print_voices(out, framing, outlet)


def _print_statements(out: Console, framing: Framing, outlet: Callable[[str], str]) -> None:
    from rich.rule import Rule
    from rich.text import Text

    from rashomon.cli.render import safe

    out.print(Rule(f"what was said, as each outlet renders it ({len(framing.statements)})"))
    for st in framing.statements:
        out.print(Text(safe(st.speaker or "unknown speaker"), style="bold"))
        for r in st.renderings:
            how = "" if r.kind.value == "direct" else " (reported)"
            line = Text(f"  {safe(outlet(r.article))}{how}: ", style="bold")
            line.append(f"“{safe(r.text)}”")
            out.print(line)
        for d in st.differences:
            if d.kind is DifferenceKind.WORDING:
                continue
            a, b = outlet(st.renderings[d.a].article), outlet(st.renderings[d.b].article)
            line = Text(f"  [{d.kind.value}] ", style=_DIFFERENCE_STYLES[d.kind])
            if d.a_words and d.b_words:
                shown = f"{a} “{d.a_words}” / {b} “{d.b_words}”: {d.note}"
            else:  # words one side has and the other leaves out
                has, lacks = (a, b) if d.a_words else (b, a)
                shown = f"{has} has “{d.a_words or d.b_words}”, {lacks} does not: {d.note}"
            line.append(safe(shown))
            out.print(line)


def _print_labels(out: Console, framing: Framing, outlet: Callable[[str], str]) -> None:
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from rashomon.cli.render import safe

    shown = [r for r in framing.referents if _worded(r)][:MAX_REFERENTS]
    out.print(Rule(f"how each outlet names them ({len(shown)} referents)"))
    if not shown:
        return
    outlets = sorted({outlet(a) for a, _ in framing.outlets})
    table = Table(header_style="bold", show_lines=True)
    table.add_column("referent", overflow="fold")
    for name in outlets:
        table.add_column(Text(safe(name)), overflow="fold")
    for referent in shown:
        cells: dict[str, list[str]] = defaultdict(list)
        for label in referent.labels:
            word = label.text + (" (quoted)" if label.voice is Voice.QUOTED else "")
            cell = cells[outlet(label.article)]
            if word not in cell:
                cell.append(word)
        table.add_row(
            Text(safe(referent.name), style="bold"),
            *(Text(safe("; ".join(cells[name][:MAX_LABELS]) or "·")) for name in outlets),
        )
    out.print(table)


def _worded(referent: Referent) -> bool:
    """Whether the outlets name a referent in more than one way (a table of the same
    name in every cell says nothing)."""
    return len({label.text.lower() for label in referent.labels}) >= 2


def _print_loaded(out: Console, framing: Framing, outlet: Callable[[str], str]) -> None:
    from rich.rule import Rule
    from rich.text import Text

    from rashomon.cli.render import safe

    out.print(Rule(f"loaded words ({len(framing.loaded)})"))
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    neutral: dict[str, str | None] = {}
    for u in framing.loaded:
        counts[(u.term, outlet(u.article))][u.voice is Voice.QUOTED] += 1
        neutral[u.term] = u.neutral
    for (term, name), (own, quoted) in sorted(counts.items()):
        instead = f" (neutral: {neutral[term]})" if neutral[term] else ""
        out.print(Text(safe(f"{term}{instead} — {name}: {own} own voice, {quoted} quoted")))
    for c in framing.contrasts:
        says = ", ".join(sorted({outlet(a) for a in c.own}))
        quotes = ", ".join(sorted({outlet(a) for a in c.quoted_only}))
        out.print(Text(safe(f"{says} says “{c.term}” in its own voice; {quotes} only quotes it")))


def _print_voices(out: Console, framing: Framing, outlet: Callable[[str], str]) -> None:
    from rich.rule import Rule
    from rich.text import Text

    from rashomon.cli.render import safe

    out.print(Rule("whom each outlet lets speak"))
    by_article: dict[str, list[str]] = defaultdict(list)
    for v in framing.voices:
        quotes = "1 quote" if v.quotes == 1 else f"{v.quotes} quotes"
        by_article[v.article].append(f"{v.speaker} ({quotes}, {v.words} words)")
    for article, held in sorted(by_article.items(), key=lambda x: outlet(x[0])):
        out.print(Text(safe(f"{outlet(article)}: " + "; ".join(held[:MAX_VOICES]))))
