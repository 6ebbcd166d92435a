"""The `rashomon` command line.

Commands are thin: they parse options, call an importable function that
returns data, and render it. Data goes to stdout (``--json`` for machines),
messages and progress to stderr. Exit codes: 0 all inputs stored (or
deliberately skipped), 1 some inputs could not be ingested, 2 the command could
not run (bad option, unusable database or rules file), 130 interrupted.
Heavy modules are imported inside commands so that ``--help`` starts fast.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from rashomon.cli.edge import EXIT_CANNOT_RUN, RashomonGroup, using_database

if TYPE_CHECKING:
    from rich.console import Console

    from rashomon.ingest import IngestOptions
    from rashomon.model import Article, IngestReport
    from rashomon.report.export import RunView
    from rashomon.store import Store

app = typer.Typer(
    name="rashomon",
    cls=RashomonGroup,
    pretty_exceptions_enable=False,
    help="Read the news from many outlets at once: ingest articles, then compare how each"
    " source reports the same events.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

T = TypeVar("T")

EXIT_INPUT_ERRORS = 1

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="RASHOMON_DB",
        help="Database: a SQLite file path, or a postgresql:// URL.",
        show_default=True,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="List every warning and skipped input (analyze: and stage times)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders: .txt .md .html .json .jsonl .xml/.rss/.atom .warc(.gz);"
        " folders are read recursively.",
        show_default=False,
    ),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="Extra noise rules (YAML) added to the built-in ones; see docs/noise-rules.md.",
        dir_okay=False,
    ),
]
SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="A sources.csv mapping file or URL patterns to outlet, country and language.",
        dir_okay=False,
    ),
]
MaxSizeOption = Annotated[
    float,
    typer.Option(
        "--max-size", help="Size cap in MB per file (per record for JSONL and WARC).", min=0.001
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help="Worker processes for reading, understanding and comparing (default: one"
        " per core for large inputs).",
        min=1,
    ),
]


def main() -> None:
    """Entry point of the `rashomon` script."""
    app()


def _print_version(value: bool) -> None:
    if value:
        from rashomon import __version__

        typer.echo(f"rashomon {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Read the news from many outlets at once."""


def _fail(console: Console, message: str, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    from rich.text import Text

    from rashomon.cli.render import safe

    console.print(Text(f"error: {safe(message)}", style="bold red"))
    raise typer.Exit(code)


def _open_store(db: str, console: Console, *, create: bool, read_only: bool = False) -> Store:
    """The store, or a one-line error. Commands that only read open it ``read_only``
    (so they work on read-only media and cannot change it)."""
    from rashomon.errors import StoreError
    from rashomon.store import Store
    from rashomon.store.database import shown_name

    using_database(shown_name(db))
    try:
        return Store.open(db, create=create, read_only=read_only)
    except StoreError as exc:
        _fail(console, str(exc))


def _ingest_options(
    console: Console,
    rules: Path | None,
    sources: Path | None,
    max_size: float,
    workers: int | None,
) -> IngestOptions:
    from rashomon.errors import RulesError
    from rashomon.ingest import IngestOptions
    from rashomon.ingest.rules import load_rules
    from rashomon.ingest.sources import load_source_map

    try:
        return IngestOptions(
            max_bytes=int(max_size * 1_000_000),
            rules=load_rules(rules),
            sources=load_source_map(sources) if sources else None,
            workers=workers,
        )
    except RulesError as exc:
        _fail(console, str(exc))


def _run_ingest(
    paths: list[str], store: Store, options: IngestOptions, err: Console, *, quiet: bool
) -> IngestReport:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rashomon.ingest import ingest

    show = not quiet and err.is_terminal
    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[stored]} stored · {task.fields[problems]} notices"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not show,
    ) as bar:
        task = bar.add_task("ingest", total=None, stored=0, problems=0)

        def progress(stored: int, problems: int) -> None:
            bar.update(task, stored=stored, problems=problems)

        try:
            return ingest(paths, store, options, progress=progress)
        except KeyboardInterrupt:
            bar.stop()
            raise


def run_with_progress(
    err: Console, label: str, work: Callable[[Callable[[int, int], None]], T], *, quiet: bool
) -> T:
    """Run ``work(progress)`` under a progress bar on stderr (hidden when not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return work(progress)


class StageClock:
    """Wall time per stage of a run (``with clock("compare"): ...``); a stage timed
    twice adds up. ``str`` gives them in order, for ``analyze -v``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start

    def __str__(self) -> str:
        total = sum(self.seconds.values())
        parts = [f"{stage} {seconds:.1f} s" for stage, seconds in self.seconds.items()]
        return " · ".join([*parts, f"total {total:.1f} s"])


def skip_without_nlp(err: Console, stage: str, exc: ImportError) -> None:
    """Say that a stage was skipped because the [nlp] extra is not installed."""
    err.print(
        f"{stage} skipped: the NLP packages are not installed ({exc.name}); install rashomon[nlp]"
    )


def _run_understand(
    store: Store,
    err: Console,
    *,
    quiet: bool,
    workers: int | None = None,
    once_running: Callable[[], object] | None = None,
) -> None:
    """Annotate what is not annotated yet, with a progress bar; name every article
    recorded as not analysed (even with --quiet: it is a warning about the data).
    ``once_running`` is called once the parse is under way (the workers started; see
    :func:`rashomon.understand.pipeline.understand_store`)."""
    from rashomon.cli.render import safe

    try:
        from rashomon.understand.pipeline import UnderstandReport, understand_store
    except ImportError as exc:
        skip_without_nlp(err, "understanding", exc)
        return

    def work(progress: Callable[[int, int], None]) -> UnderstandReport:
        return understand_store(store, workers=workers, progress=progress, started=once_running)

    report = run_with_progress(err, "understand", work, quiet=quiet)
    for article_id, reason in report.skipped:
        print(f"warning: {safe(article_id)}: stored but not analysed: {reason}", file=sys.stderr)
    if not quiet:
        err.print(
            f"Understood {report.annotated} articles (sentences, numbers, dates, places, actors)"
        )


def _load_embedder() -> None:
    """Begin loading the sentence-embedding model in the background (see
    :func:`rashomon.stories.embed.load_in_background`)."""
    from rashomon.stories.embed import load_in_background

    load_in_background()


def _report_json(report: IngestReport) -> str:
    return json.dumps(
        {
            "ingested": list(report.ingested),
            "duplicates": [{"article": a, "duplicate_of": b} for a, b in report.duplicates],
            "problems": [
                {
                    "path": p.path,
                    "locator": p.locator,
                    "code": p.code,
                    "severity": p.severity.value,
                    "message": p.message,
                }
                for p in report.problems
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = "rashomon.db",
    rules: RulesOption = None,
    sources: SourcesOption = None,
    max_size: MaxSizeOption = 25.0,
    workers: WorkersOption = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Read articles from PATHS, clean them, mark syndicated copies and store them.

    Re-running is safe: content already stored is skipped, so an interrupted run
    resumes where it stopped. Exit code 1 if any input could not be ingested.
    """
    from rashomon.cli.render import consoles, print_json, print_summary, safe

    out, err = consoles(quiet=quiet)
    options = _ingest_options(err, rules, sources, max_size, workers)
    store = _open_store(db, err, create=True)
    try:
        report = _run_ingest(paths, store, options, err, quiet=quiet)
    finally:
        store.close()
    if json_output:
        print_json(out, _report_json(report))
    if quiet:
        for problem in report.errors:
            print(safe(problem), file=sys.stderr)
    else:
        print_summary(err, report, verbose=verbose)
    if report.errors:
        raise typer.Exit(EXIT_INPUT_ERRORS)


@app.command()
def analyze(
    paths: PathsArgument,
    db: DbOption = "rashomon.db",
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Also write the JSON export of the whole corpus there"
            " (as `rashomon export --json` does).",
            dir_okay=False,
        ),
    ] = None,
    rules: RulesOption = None,
    sources: SourcesOption = None,
    max_size: MaxSizeOption = 25.0,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Ingest PATHS, run every analysis stage and print a report of what the run added
    or changed (on a new database: of everything); with --export, write the JSON export.

    Stages in this release: ingest (cleaning, language, syndicated copies), understand
    (sentences, numbers, dates, places, actors — English articles, needs the [nlp] extra),
    stories (articles grouped by the event they report, stories chained into
    storylines) and compare (facts, contradictions, omissions, timeline; the report
    ends with every story told by two or more outlets that the run made or changed).
    Rerun it with new files to add them: earlier work is kept, and the run costs what
    the new files cost, not what the stored corpus does. The export is written only
    when asked for: it is the whole corpus, rewritten each time.
    """
    from rashomon.cli.compare import run_compare
    from rashomon.cli.render import consoles, print_summary
    from rashomon.cli.stories import run_stories
    from rashomon.report.export import (
        refresh_page_parts,
        refresh_parts,
        refresh_story_parts,
        run_view,
        stored_export,
        write_stored_export,
    )
    from rashomon.report.output import check_target

    out, err = consoles(quiet=quiet)
    if export is not None:
        check_target(export)  # before hours of work, not after
    options = _ingest_options(err, rules, sources, max_size, workers)
    clock = StageClock()
    store = _open_store(db, err, create=True)
    exported = None
    try:
        with clock("ingest"):
            report = _run_ingest(paths, store, options, err, quiet=quiet)
        if not quiet:
            print_summary(err, report, verbose=verbose)
        with clock("understand"):
            # the embedding model loads while the parser's workers run (the next stages
            # need it; the main process only waits on the workers then)
            _run_understand(
                store, err, quiet=quiet, workers=options.workers, once_running=_load_embedder
            )
        with clock("stories"):
            run_stories(store, err, quiet=quiet)
        with clock("compare"):
            compared = run_compare(store, err, quiet=quiet, workers=options.workers)
        with clock("report"):
            # each article's and story's part made once and stored (what the export
            # and the report are made of); the report reads those this run made
            made, made_stories = refresh_parts(store), refresh_story_parts(store, compared)
            refresh_page_parts(store, compared)  # what the web pages read
            view = run_view(store, compared, made, made_stories) if not quiet else None
        if export is not None:
            with clock("export"):
                exported = stored_export(store, compared, made, made_stories)
    finally:
        store.close()
    if exported is not None and export is not None:
        with clock("export"):
            write_stored_export(exported, export)
    if view is not None:
        with clock("report"):
            _print_run_report(out, view)
    if export is not None and not quiet:
        err.print(f"JSON export written to {export}")
    if verbose and not quiet:
        err.print(f"Stage times: {clock}", markup=False, highlight=False)
    if report.errors:
        raise typer.Exit(EXIT_INPUT_ERRORS)


def _print_run_report(out: Console, view: RunView) -> None:
    """The report of an ``analyze`` run: the overview and the comparisons of what it
    added or changed (of everything, on a new database)."""
    from rashomon.cli.render import safe
    from rashomon.report.comparison import comparison_report_of
    from rashomon.report.corpus import overview_of

    overview = overview_of(view.articles, view.story_digests, view.storylines, view.scope)
    out.print(safe(overview), markup=False, highlight=False)
    context = [*view.articles, *view.context.values()]
    report_text = comparison_report_of(
        context, view.stories, view.timeline, changed=view.scope is not None
    )
    out.print(safe(report_text), markup=False, highlight=False)


@app.command()
def articles(
    db: DbOption = "rashomon.db",
    json_output: JsonOption = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Show at most N articles.", min=1)
    ] = None,
) -> None:
    """List the stored articles."""
    from rich.table import Table
    from rich.text import Text

    from rashomon.cli.render import consoles, print_json, safe

    out, err = consoles()
    store = _open_store(db, err, create=False, read_only=True)
    try:
        rows = list(store.iter_articles())
    finally:
        store.close()
    if limit is not None:
        rows = rows[:limit]
    if json_output:
        print_json(
            out,
            json.dumps(
                [
                    {
                        "id": a.id,
                        "title": a.title,
                        "outlet": a.outlet,
                        "published": a.published,
                        "language": a.language,
                        "duplicate_of": a.duplicate_of,
                        "words": len(a.text.split()),
                    }
                    for a in rows
                ],
                ensure_ascii=False,
            ),
        )
        return
    table = Table(show_lines=False, header_style="bold")
    for column in ("id", "outlet", "published", "lang", "words", "copy of", "title"):
        table.add_column(column, overflow="fold")
    for a in rows:
        table.add_row(
            Text(safe(a.id)),
            Text(safe(a.outlet or "—")),
            Text(safe((a.published or "—")[:10])),
            Text(safe(a.language or "?")),
            str(len(a.text.split())),
            Text(safe(a.duplicate_of or "")),
            Text(safe(a.title)),
        )
    out.print(table)
    err.print(f"{len(rows)} articles")


def _find_article(store: Store, article_id: str, err: Console) -> Article:
    """The article with this id, or the only one whose id starts with it."""
    article = store.get(article_id)
    if article is not None:
        return article
    matches = store.find(article_id)
    if len(matches) > 1:
        _fail(err, f"'{article_id}' matches several articles: {', '.join(matches[:8])}")
    found = store.get(matches[0]) if matches else None
    if found is None:
        _fail(err, f"no article with id '{article_id}' (list them with `rashomon articles`)")
    return found


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (a unique prefix is enough).")],
    db: DbOption = "rashomon.db",
    json_output: JsonOption = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="Also print the text before cleaning.")
    ] = False,
) -> None:
    """Show one article: metadata, text with its mentions coloured by type, what each
    mention was normalised to, and every span removed, with its rule."""
    from rich.rule import Rule
    from rich.text import Text

    from rashomon.cli.render import (
        annotated_text,
        article_header,
        consoles,
        mention_table,
        print_json,
        safe,
    )
    from rashomon.report.export_model import ExportArticle

    out, err = consoles()
    store = _open_store(db, err, create=False, read_only=True)
    try:
        article = _find_article(store, article_id, err)
        annotation = store.annotation(article.id)
    finally:
        store.close()
    if json_output:
        exported = ExportArticle.from_article(article, include_raw=raw, annotation=annotation)
        print_json(out, exported.model_dump_json())
        return
    out.print(article_header(article))
    if annotation is not None:
        date = annotation.document_date
        line = Text(f"{'document date':>13}: ", style="cyan")
        line.append(safe(f"{date.value or 'unknown'} (from {date.source})"))
        if date.reason:
            line.append(safe(f": {date.reason}"))
        out.print(line)
    out.print(Rule("text"))
    if annotation is not None:
        out.print(annotated_text(article.text, annotation.mentions))
        out.print(Rule(f"mentions ({len(annotation.mentions)})"))
        out.print(mention_table(annotation.mentions))
    else:
        out.print(Text(safe(article.text)))
    if article.removed:
        out.print(Rule(f"removed ({len(article.removed)})"))
        for span in article.removed:
            line = Text()
            line.append(f"{span.rule:>18}  ", style="magenta")
            line.append(f"[{span.start}:{span.end}] ", style="dim")
            line.append(safe(" ".join(span.text.split())))
            out.print(line)
    if article.warnings:
        out.print(Rule("warnings"))
        for warning in article.warnings:
            out.print(Text(safe(warning), style="yellow"))
    if raw:
        out.print(Rule("raw text"))
        out.print(Text(safe(article.raw_text)))


@app.command()
def export(
    db: DbOption = "rashomon.db",
    json_file: Annotated[
        Path,
        typer.Option(
            "--json", help="File to write the JSON export to ('-' for stdout).", dir_okay=False
        ),
    ] = Path("rashomon-export.json"),
    raw: Annotated[
        bool, typer.Option("--raw", help="Include each article's text before cleaning.")
    ] = False,
) -> None:
    """Write the JSON export of the database (schema: docs/export.schema.json)."""
    from rashomon.cli.compare import run_compare
    from rashomon.cli.render import consoles
    from rashomon.report.export import build_export, stored_export
    from rashomon.report.output import check_target, write_text_safely
    from rashomon.report.untrusted import json_safe

    _, err = consoles()
    to_stdout = str(json_file) == "-"
    if not to_stdout:
        check_target(json_file)
    store = _open_store(db, err, create=False, read_only=True)
    try:
        # one snapshot: an analyze committing meanwhile cannot mix two states
        with store.snapshot():
            compared = run_compare(store, err, quiet=True, save=False)
            if raw:  # the text before cleaning is in no stored part
                document = build_export(store, include_raw=True, compared=compared)
            else:
                exported = stored_export(store, compared)
    finally:
        store.close()
    if raw:
        text, count = document.model_dump_json(indent=2), len(document.articles)
    else:
        text, count = exported.text(), len(exported.parts)
    if to_stdout:
        sys.stdout.write(json_safe(text) + "\n")
        return
    write_text_safely(json_file, text + "\n")
    err.print(f"{count} articles written to {json_file}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the export (generated from the code)."""
    from rashomon.report.export_model import export_schema

    sys.stdout.write(json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n")


# The story and compare commands live in their own modules; importing them registers them.
from rashomon.cli import compare as _compare  # noqa: E402, F401
from rashomon.cli import show as _show  # noqa: E402, F401
from rashomon.cli import stories as _stories  # noqa: E402, F401
