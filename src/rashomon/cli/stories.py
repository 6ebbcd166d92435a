"""`rashomon stories` and `rashomon story ID`: the event layer on the command line."""

from __future__ import annotations

import json
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

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from rashomon.model import Article, PairDecision, Story
    from rashomon.store import Store


def run_stories(store: Store, err: Console, *, quiet: bool) -> None:
    """Group what is not grouped yet, with a progress bar (used by `analyze`)."""
    try:
        from rashomon.stories.pipeline import build_stories
    except ImportError as exc:
        skip_without_nlp(err, "stories", exc)
        return
    report = run_with_progress(
        err, "stories", lambda progress: build_stories(store, progress=progress), quiet=quiet
    )
    if not quiet:
        err.print(
            f"Grouped {report.profiled} new articles: {report.stories} stories,"
            f" {report.storylines} storylines"
        )


def _date_text(story: Story) -> str:
    if story.date.value is None:
        return "undated"
    suffix = f" ({story.date.basis})" if story.date.basis in ("published", "written") else ""
    return f"{story.date.value}{suffix}"


@app.command()
def stories(
    db: DbOption = "rashomon.db",
    json_output: JsonOption = False,
    storyline: Annotated[
        str | None, typer.Option("--storyline", help="Only the stories of this storyline.")
    ] = None,
) -> None:
    """List the stories: date, title, outlets, article count and storyline."""
    from rich.table import Table
    from rich.text import Text

    from rashomon.cli.render import consoles, print_json, safe
    from rashomon.report.export_model import ExportStory

    out, err = consoles()
    store = _open_store(db, err, create=False, read_only=True)
    try:
        found = store.story_store.stories()
    finally:
        store.close()
    if storyline is not None:
        # a storyline is read in the order things happened; undated stories last
        found = [s for s in found if s.storyline and s.storyline.startswith(storyline)]
        found.sort(key=lambda s: (s.date.value is None, s.date.value or "", s.id))
    if json_output:
        data = [ExportStory.from_story(s).model_dump(mode="json") for s in found]
        print_json(out, json.dumps(data, ensure_ascii=False))
        return
    if not found:
        err.print("no stories yet: run `rashomon analyze` on your articles first")
        return
    table = Table(header_style="bold")
    for column in ("id", "date", "articles", "storyline"):
        table.add_column(column, no_wrap=True)
    # The title is what a reader scans for: it gets the most room on a narrow terminal.
    table.add_column("outlets", overflow="fold", ratio=2)
    table.add_column("title", overflow="fold", ratio=3, min_width=24)
    for s in found:
        table.add_row(
            s.id,
            _date_text(s),
            str(len(s.articles)),
            s.storyline or "—",
            Text(safe(", ".join(s.outlets[:3]) + (" …" if len(s.outlets) > 3 else ""))),
            Text(safe(s.title)),
        )
    out.print(table)
    err.print(f"{len(found)} stories")


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix is enough).")],
    db: DbOption = "rashomon.db",
    json_output: JsonOption = False,
) -> None:
    """Show one story: its date, actors and places, its articles, why they were joined
    and why the nearest other articles were kept apart."""
    from rashomon.cli.render import consoles, print_json
    from rashomon.report.export_model import ExportStory

    out, err = consoles()
    store = _open_store(db, err, create=False, read_only=True)
    try:
        tables = store.story_store
        resolved = tables.resolve(story_id)
        if resolved is None:
            _fail(err, f"no story with id '{story_id}' (list them with `rashomon stories`)")
        (found,) = tables.stories([resolved])
        current = {a.story: tables.resolve(a.story) or a.story for a in found.apart}
        members = {a.id: a for a in store.iter_articles(list(found.articles))}
    finally:
        store.close()
    if json_output:
        print_json(out, ExportStory.from_story(found).model_dump_json())
        return
    if resolved != story_id and not resolved.startswith(story_id):
        err.print(f"{story_id} is now part of {resolved}")
    _print_story(out, found, members, current)


def _print_story(
    out: Console, found: Story, members: dict[str, Article], current: dict[str, str]
) -> None:
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from rashomon.cli.render import safe

    out.print(Text(safe(found.title), style="bold"))
    for label, value in (
        ("id", found.id),
        ("date", f"{_date_text(found)} — from {', '.join(found.date.sources) or 'nothing'}"),
        ("storyline", found.storyline or "—"),
        ("outlets", ", ".join(found.outlets) or "—"),
        ("actors", ", ".join(found.actors) or "—"),
        ("places", ", ".join(found.places) or "—"),
    ):
        line = Text(f"{label:>10}: ", style="cyan")
        line.append(safe(value))
        out.print(line)
    out.print(Rule(f"articles ({len(found.articles)})"))
    table = Table(header_style="bold")
    for column in ("id", "outlet", "published", "copy of", "title"):
        table.add_column(column, overflow="fold")
    for article_id in found.articles:
        a = members.get(article_id)
        if a is None:
            continue
        table.add_row(
            Text(safe(a.id)),
            Text(safe(a.outlet or "—")),
            (a.published or "—")[:10],
            Text(safe(a.duplicate_of or "")),
            Text(safe(a.title)),
        )
    out.print(table)
    if found.joins:
        out.print(Rule("why these articles were joined"))
        for decision in found.joins:
            out.print(_decision(decision, f"{decision.article} ~ {decision.other}"))
    if found.apart:
        out.print(Rule("nearest stories kept apart"))
        for apart in found.apart:
            line = Text(f"{current.get(apart.story, apart.story)}", style="bold")
            line.append(
                f": mean p(same event) {apart.probability:.2f} over {apart.pairs} article"
                f" pair{'s' if apart.pairs != 1 else ''}, below the join threshold"
            )
            out.print(line)
            closest, decisive = apart.closest, apart.decisive
            out.print(_decision(closest, f"  closest: {closest.article} vs {closest.other}"))
            if decisive != closest:
                out.print(
                    _decision(decisive, f"  most against: {decisive.article} vs {decisive.other}")
                )
    if found.completions:
        out.print(Rule("dates completed from other articles"))
        for c in found.completions:
            line = Text(f"{c.article}: ")
            line.append(safe(f"“{c.text}” = {c.value}"), style="green")
            line.append(f" (stated in {c.anchor_article})", style="dim")
            out.print(line)


def _decision(decision: PairDecision, heading: str) -> Text:
    from rich.text import Text

    from rashomon.cli.render import safe

    text = Text()
    text.append(safe(heading), style="bold")
    text.append(f"  p(same event) = {decision.probability:.2f}\n")
    for signal in decision.signals:
        style = "green" if signal.weight > 0 else "red"
        text.append(f"    {signal.weight:+6.2f}  ", style=style)
        text.append(safe(signal.detail) + "\n")
    return text
