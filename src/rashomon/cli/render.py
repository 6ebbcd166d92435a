"""Terminal output: consoles, safe text, the ingest summary.

Article text is untrusted: it may carry Rich markup (``[bold]``) or terminal
escape sequences. It is always shown through :func:`safe`, which strips control
characters, and as :class:`rich.text.Text` (never parsed as markup).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rashomon.model import IngestReport, Problem, Severity
from rashomon.report.untrusted import json_safe, strip_controls

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rashomon.model import Article, Mention

_SHOWN_PROBLEMS = 20


def safe(value: object) -> str:
    """``value`` as text with control and bidi-override characters removed."""
    return strip_controls(str(value))


def safe_in_place(text: str) -> str:
    """Like :func:`safe`, but each removed character becomes a space, so offsets hold."""
    return strip_controls(text, " ")


MENTION_STYLES = {
    "person": "bold cyan",
    "organisation": "bold blue",
    "state": "bold magenta",
    "place": "green",
    "group": "yellow",
    "number": "bold red",
    "date": "bold bright_blue",
}


def annotated_text(text: str, mentions: Sequence[Mention]) -> Text:
    """The article text with every mention coloured by its type."""
    shown = Text(safe_in_place(text))
    for m in mentions:
        shown.stylize(MENTION_STYLES.get(m.type.value, "underline"), m.start, m.end)
    return shown


def mention_table(mentions: Sequence[Mention]) -> Table:
    """One row per mention: what it says and what it was normalised to."""
    table = Table(header_style="bold", show_lines=False)
    for column in ("type", "text", "normalised", "details"):
        table.add_column(column, overflow="fold")
    for m in mentions:
        details = [
            part
            for part in (
                m.qualifier.value if m.qualifier and m.qualifier.value != "exact" else None,
                f"of {m.unit}" if m.unit else None,
                f"up to {m.upper:g}" if m.upper is not None else None,
                m.precision.value if m.precision else None,
                m.resolution.value if m.resolution else None,
                m.role,
                m.note,
            )
            if part
        ]
        table.add_row(
            Text(m.type.value, style=MENTION_STYLES.get(m.type.value, "")),
            Text(safe(" ".join(m.text.split()))),
            Text(safe(m.canonical or "—")),
            Text(safe("; ".join(details))),
        )
    return table


def print_json(out: Console, document: str) -> None:
    """Print a JSON document for machines: indented, highlighted on a terminal, and with
    every control, bidi and invisible character escaped (``\\u009b``), so printing
    untrusted text to a terminal cannot act on it; parsers read the same strings back."""
    import json

    from rich.highlighter import JSONHighlighter

    pretty = json_safe(json.dumps(json.loads(document), ensure_ascii=False, indent=2))
    if not out.is_terminal:  # a pipe or a file: no colours, and no highlighting to pay for
        out.file.write(pretty + "\n")  # (Rich's costs seconds on a timeline of megabytes)
        out.file.flush()
        return
    out.print(JSONHighlighter()(pretty), soft_wrap=True)


def consoles(*, quiet: bool = False) -> tuple[Console, Console]:
    """(stdout for data, stderr for messages); NO_COLOR is honoured by Rich itself."""
    return Console(soft_wrap=True), Console(stderr=True, quiet=quiet, soft_wrap=True)


def problem_line(problem: Problem) -> Text:
    style = {"error": "red", "warning": "yellow", "skipped": "dim"}[problem.severity.value]
    line = Text()
    line.append(f"{problem.severity.value}: ", style=f"bold {style}")
    line.append(safe(problem))
    return line


def print_summary(console: Console, report: IngestReport, *, verbose: bool = False) -> None:
    """What happened, in a few lines; every problem shown with --verbose."""
    duplicates = len(report.duplicates)
    head = Text()
    head.append(f"Ingested {len(report.ingested)} articles", style="bold")
    if duplicates:
        head.append(f" ({duplicates} syndicated {'copy' if duplicates == 1 else 'copies'})")
    parts = [
        (len(report.errors), "failed", "red"),
        (len(report.warnings), "warnings", "yellow"),
        (len(report.skipped), "skipped", "dim"),
    ]
    for count, label, style in parts:
        if count:
            head.append(" · ")
            head.append(f"{count} {label}", style=style)
    console.print(head)
    for severity in (Severity.ERROR, Severity.WARNING):
        shown = [p for p in report.problems if p.severity is severity]
        limit = len(shown) if verbose else _SHOWN_PROBLEMS
        for problem in shown[:limit]:
            console.print(problem_line(problem))
        if len(shown) > limit:
            console.print(f"… and {len(shown) - limit} more {severity.value}s (use --verbose)")
    skipped = Counter(p.code for p in report.skipped)
    if verbose:
        for problem in report.skipped:
            console.print(problem_line(problem))
    elif skipped:
        reasons = "; ".join(f"{n} {_skip_reason(code)}" for code, n in sorted(skipped.items()))
        console.print(Text(f"skipped: {reasons} (use --verbose for the list)", style="dim"))


def _skip_reason(code: str) -> str:
    return {
        "already-stored": "already in the database",
        "unsupported": "unsupported file types",
        "not-html": "non-HTML archive records (counted per archive)",
        "hidden": "hidden-file notices",
    }.get(code, code)


def article_header(article: Article) -> Text:
    """Metadata lines of an article for `rashomon show`."""
    lines = Text()
    lines.append(safe(article.title) + "\n", style="bold")
    fields = [
        ("id", article.id),
        ("outlet", article.outlet),
        ("country", article.country),
        ("published", article.published),
        ("fetched", article.fetched),
        ("author", article.author),
        ("url", article.url),
        ("language", _language(article)),
        ("duplicate of", article.duplicate_of),
        ("source", str(article.source) + f" [{article.source.format.value}]"),
    ]
    for name, value in fields:
        if value:
            lines.append(f"{name:>13}: ", style="cyan")
            lines.append(safe(value) + "\n")
    return lines


def _language(article: Article) -> str | None:
    if article.language is None:
        return None
    if article.language_score is None:
        return article.language
    return f"{article.language} ({article.language_score:.2f})"
