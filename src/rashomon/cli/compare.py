"""`rashomon compare STORY_ID` and `rashomon timeline`: how the sources differ."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from rashomon.cli.app import (
    DbOption,
    JsonOption,
    _fail,
    _open_store,
    app,
    run_with_progress,
    skip_without_nlp,
)
from rashomon.model import UNCLEAR

if TYPE_CHECKING:
    from rich.console import Console

    from rashomon.compare.pipeline import CorpusComparison
    from rashomon.model import Article, Comparison, Discrepancy, Story, TimelineEntry
    from rashomon.store import Store


def run_compare(
    store: Store, err: Console, *, quiet: bool, save: bool = True, workers: int | None = None
) -> CorpusComparison | None:
    """Every story's comparison and the timeline, with a progress bar (used by
    `analyze`, `export` and `timeline`): read where stored and current, computed (and,
    with ``save``, stored) where not, stories told by one source in ``workers``
    processes. None when the NLP extra is not installed."""
    try:
        from rashomon.compare.pipeline import Comparer, compare_corpus
    except ImportError as exc:
        skip_without_nlp(err, "compare", exc)
        return None
    comparer = Comparer.load()
    return run_with_progress(
        err,
        "compare",
        lambda progress: compare_corpus(store, comparer, progress, save=save, workers=workers),
        quiet=quiet,
    )


def run_timeline(store: Store, err: Console, *, quiet: bool) -> tuple[TimelineEntry, ...] | None:
    """The corpus timeline, read where stored and current (no story's comparison is
    read), else computed without writing. None when the NLP extra is not installed."""
    try:
        from rashomon.compare.pipeline import Comparer, corpus_timeline
    except ImportError:  # the caller says what to install
        return None
    comparer = Comparer.load()
    return run_with_progress(
        err, "timeline", lambda progress: corpus_timeline(store, comparer, progress), quiet=quiet
    )


@app.command()
def compare(
    story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
    db: DbOption = "rashomon.db",
    json_output: JsonOption = False,
) -> None:
    """Compare the sources of one story: a source x fact matrix, then the
    contradictions with their sentences, then what each source leaves out."""
    from rashomon.cli.render import consoles, print_json
    from rashomon.compare.pipeline import Comparer, story_comparison
    from rashomon.report.export_model import ExportStory

    out, err = consoles()
    store = _open_store(db, err, create=False, read_only=True)
    try:
        tables = store.story_store
        resolved = tables.resolve(story_id) or _unique_prefix(tables.stories(), story_id)
        if resolved is None:
            _fail(err, f"no story with id '{story_id}' (list them with `rashomon stories`)")
        (found,) = tables.stories([resolved])
        comparison = story_comparison(store, found, Comparer.load())
        members = {a.id: a for a in store.iter_articles(list(found.articles))}
    finally:
        store.close()
    if json_output:
        print_json(out, ExportStory.from_story(found, comparison).model_dump_json())
        return
    _print_comparison(out, found, comparison, members)


def _unique_prefix(stories: list[Story], prefix: str) -> str | None:
    matches = [s.id for s in stories if s.id.startswith(prefix)]
    return matches[0] if len(matches) == 1 else None


def _print_comparison(
    out: Console, story: Story, comparison: Comparison, members: dict[str, Article]
) -> None:
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from rashomon.cli.render import safe
    from rashomon.report.comparison import reported_alone
    from rashomon.report.export_model import ExportStory

    def outlet(article: str) -> str:
        a = members.get(article)
        return (a.outlet or a.id) if a else article

    out.print(Text(safe(story.title), style="bold"))
    out.print(f"{story.id} · {len(story.articles)} articles")
    sources = sorted({outlet(a) for a in story.articles if a in members})
    facts = [f for f in comparison.facts if f.independent >= 2 or _disputed(comparison, f.id)]
    out.print(Rule(f"facts reported by two or more outlets or disputed ({len(facts)})"))
    if facts:
        table = Table(header_style="bold", show_lines=False)
        table.add_column("fact", overflow="fold")
        for name in sources:
            table.add_column(Text(safe(name)), justify="center", overflow="fold")
        for fact in facts:
            holders = {outlet(a) for a in fact.articles}
            table.add_row(
                Text(safe(f"{fact.attribute}: {fact.value}")),
                *("✔" if name in holders else "·" for name in sources),
            )
        out.print(table)
    contradictions = [d for d in comparison.discrepancies if d.contradicts]
    unclear = [d for d in comparison.discrepancies if not d.contradicts]
    out.print(Rule(f"contradictions ({len(contradictions)})"))
    _print_differences(out, contradictions, outlet)
    if unclear:
        out.print(Rule(f"unclear: perhaps not a contradiction ({len(unclear)})"))
        _print_differences(out, unclear, outlet)
    out.print(Rule(f"left out ({len(comparison.omissions)})"))
    for o in comparison.omissions:
        who = ", ".join(sorted({outlet(a) for a in o.missing_from}))
        where = f"only in {o.only_in}" if o.only_in else f"not in {who}"
        out.print(Text(safe(f"{o.statement} — {where}")))
    alone = reported_alone(ExportStory.from_story(story, comparison))
    out.print(
        Rule(f"reported by one outlet, not matched in the others ({sum(map(len, alone.values()))})")
    )
    for article, alone_facts in sorted(alone.items(), key=lambda x: outlet(x[0])):
        for alone_fact in alone_facts:
            out.print(Text(safe(f"{outlet(article)}: {alone_fact.statement}")))
    if comparison.inconsistencies:
        out.print(Rule("articles that contradict themselves"))
        for i in comparison.inconsistencies:
            out.print(Text(safe(f"{outlet(i.article)}: {i.explanation}")))
    if comparison.framing is not None:
        from rashomon.cli.framing_view import print_framing

        print_framing(out, comparison.framing, outlet)


def _print_differences(
    out: Console, differences: Sequence[Discrepancy], outlet: Callable[[str], str]
) -> None:
    from rich.text import Text

    from rashomon.cli.render import safe

    for d in differences:
        style = _SEVERITY_STYLES[d.severity]
        out.print(Text(f"[{d.severity}] ", style=style) + Text(safe(d.explanation)))
        for alt in d.alternatives:
            for e in alt.evidence:
                line = Text(f"  {safe(alt.value)} — {safe(outlet(e.article))}: ", style="bold")
                line.append(f"“{safe(e.sentence)}”")
                out.print(line)


_SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim", UNCLEAR: "cyan"}


def _disputed(comparison: Comparison, fact_id: str) -> bool:
    return any(fact_id in d.facts for d in comparison.discrepancies)


@app.command()
def timeline(db: DbOption = "rashomon.db", json_output: JsonOption = False) -> None:
    """Every dated happening: the stories and the background events articles date,
    with the date each source gives and any disagreement between them."""
    from rich.table import Table
    from rich.text import Text

    from rashomon.cli.render import consoles, print_json, safe
    from rashomon.report.export_model import ExportTimelineEntry

    out, err = consoles()
    store = _open_store(db, err, create=False, read_only=True)
    try:
        entries = run_timeline(store, err, quiet=json_output)
        outlets = {a: s.outlet or a for a, s in store.compare_store.stamps().items()}
    finally:
        store.close()
    if entries is None:
        _fail(err, 'the timeline needs the NLP extra: pip install "rashomon[nlp]"')
    if json_output:
        data = [ExportTimelineEntry.from_entry(e).model_dump(mode="json") for e in entries]
        print_json(out, json.dumps(data, ensure_ascii=False))
        return
    table = Table(header_style="bold")
    table.add_column("date", no_wrap=True)
    table.add_column("what", overflow="fold")
    table.add_column("sources", overflow="fold")
    for e in entries:
        given = "; ".join(
            f"{d.value}: {', '.join(sorted({outlets.get(a, a) for a in d.articles}))}"
            for d in e.dates
        )
        what = Text(safe(e.event), style="bold" if e.story else "")
        if e.disagreement:
            what.append("  (sources disagree)", style="red")
        table.add_row(e.date, what, Text(safe(given)))
    out.print(table)
    err.print(f"{len(entries)} dated happenings, {sum(e.disagreement for e in entries)} disputed")
