"""`rashomon report --html FILE` and `rashomon serve`: the show stage on the command
line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rashomon.cli.app import DbOption, _fail, _open_store, app

if TYPE_CHECKING:
    from rich.console import Console

    from rashomon.store import Store

_LOCAL = "127.0.0.1"


@app.command()
def report(
    html: Annotated[
        Path,
        typer.Option(
            "--html", help="File to write the single-file HTML report to.", dir_okay=False
        ),
    ],
    db: DbOption = "rashomon.db",
    title: Annotated[str, typer.Option(help="The report's title.")] = "rashomon report",
    stories: Annotated[
        list[str] | None,
        typer.Option(
            "--story",
            help="Only this story and its articles (an id or a unique prefix; repeat the"
            " option for several). Default: the whole corpus.",
        ),
    ] = None,
) -> None:
    """Write one self-contained HTML file of the corpus: its stories (with filters and
    search), each story's comparison, every article with its mentions marked, and the
    timeline. It works offline from file:// (nothing is fetched from any host), can be
    mailed, and prints to PDF. Run `rashomon analyze` first. The whole corpus makes
    about 38 MB per 1,000 articles: pick stories with --story for a smaller file."""
    from rashomon.cli.compare import run_compare
    from rashomon.cli.render import consoles
    from rashomon.report.export import stored_export
    from rashomon.report.html import render_report, restricted
    from rashomon.report.output import check_target, write_text_safely

    _, err = consoles()
    check_target(html)
    store = _open_store(db, err, create=False, read_only=True)
    try:
        with store.snapshot():  # one state, even with an analyze committing meanwhile
            wanted = [_story_id(store, given, err) for given in stories or []]
            compared = run_compare(store, err, quiet=True, save=False)
            exported = stored_export(store, compared)
    finally:
        store.close()
    if wanted:
        exported = restricted(exported, wanted)
    text = render_report(exported, title=title)
    write_text_safely(html, text)
    count = len(exported.story_parts)
    err.print(
        f"HTML report of {len(exported.parts)} articles and {count} stories written to"
        f" {html} ({len(text.encode('utf-8')) / 1e6:.1f} MB)",
        markup=False,
        highlight=False,
    )


def _story_id(store: Store, given: str, err: Console) -> str:
    tables = store.story_store
    found = tables.resolve(given)
    if found is None:
        matches = [s.id for s in tables.stories() if s.id.startswith(given)]
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        _fail(err, f"no story with id '{given}' (list them with `rashomon stories`)")
    return found


@app.command()
def serve(
    db: DbOption = "rashomon.db",
    port: Annotated[
        int, typer.Option(help="Port on 127.0.0.1 to listen on.", min=1, max=65535)
    ] = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the app in the default browser.")
    ] = False,
) -> None:
    """Start the local web app on http://127.0.0.1:PORT: stories, their comparisons,
    articles and the timeline, read from the database `rashomon analyze` filled, with a
    JSON API under /api/ (schema at /api/openapi.json). It listens on this machine only
    and changes nothing in the database. Stop it with Ctrl-C."""
    from rashomon.cli.render import consoles

    _, err = consoles()
    try:
        import uvicorn

        from rashomon.web.app import create_app
    except ImportError as exc:
        _fail(
            err,
            f"the web app needs the [web] extra ({exc.name} is missing):"
            " pip install 'rashomon[web]'",
        )
    from rashomon.report.site import StoreSite

    store = _open_store(db, err, create=False, read_only=True)
    url = f"http://{_LOCAL}:{port}/"
    err.print(f"rashomon serving {db} at {url} (Ctrl-C to stop)", markup=False, highlight=False)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(create_app(StoreSite(store)), host=_LOCAL, port=port, log_level="warning")
    except OSError as exc:
        _fail(err, f"cannot listen on {_LOCAL}:{port}: {exc.strerror or exc}; try --port")
    finally:
        store.close()
