"""Fixtures of the show stage: the demo corpus and an injection corpus, analysed once
per test process; the web app over them, in-process and served on 127.0.0.1; the
single-file report; a headless Chromium (Debian's package, never downloaded)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rashomon.cli.app import app
from rashomon.report.site import StoreSite
from rashomon.store import Store
from tests.conftest import EXAMPLES

# The demo corpus's ferry fire: the story with the death-toll dispute (12 against 14).
FERRY_TITLE = "Fire on Greek ferry off Piraeus kills 12, more than 300 evacuated"

# What an article from the web may carry; each payload that runs sets window.__pwned.
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
SVG = "<svg onload=window.__pwned=3></svg>"
JS_LINK = '<a href="javascript:window.__pwned=4">click me</a>'
MD_LINK = "[click me](javascript:window.__pwned=5)"
TEMPLATE = "{{ 7*7 }}{% raw %}"
CLOSERS = "</style></script></textarea>"
RLO = "\u202e"
ESC = "\x1b[31m"
PAYLOADS = (SCRIPT, IMG, SVG, JS_LINK, MD_LINK, TEMPLATE, CLOSERS)


def _injection_records() -> list[dict[str, Any]]:
    body = (
        "PIRAEUS, March 10 — Twelve people were killed when fire swept through the ferry"
        " Blue Horizon off Piraeus on Saturday, the Hellenic Coast Guard said. {p1}\n\n"
        "Coast guard spokeswoman Eleni Vasilaki said the fire started in the engine room."
        " {p2} More than 300 passengers were evacuated, the ministry said.\n\n"
        "| payload | table |\n|---|---|\n| {p3} | {p4} |\n\n"
        "Prosecutors in Piraeus have opened an investigation {p5} into the fire.{esc}"
    )
    other = (
        "ATHENS, March 10 — Fourteen people died when fire broke out aboard the ferry Blue"
        " Horizon off Piraeus on Saturday, officials said. {p1}\n\nThe fire started in the"
        " engine room, coast guard spokeswoman Eleni Vasilaki said. {p2} More than 300"
        " passengers were taken off the ship.{rlo} Prosecutors in Piraeus opened an"
        " investigation. {p3}"
    )
    return [
        {
            "id": "evil-wire-1",
            "title": f"Ferry fire kills 12 {SCRIPT} off Piraeus {IMG}",
            "outlet": f"Evil <b>Wire</b> {RLO}eriW{ESC}",
            "url": "javascript:window.__pwned=6",
            "published": "2024-03-10",
            "text": body.format(
                p1=SCRIPT, p2=IMG, p3=SVG, p4=JS_LINK, p5=MD_LINK, esc=ESC + TEMPLATE + CLOSERS
            ),
        },
        {
            "id": "evil-post-1",
            "title": f"14 dead in ferry blaze {TEMPLATE} {CLOSERS}",
            "outlet": f"Post {SVG}",
            "url": 'https://example.org/a"onmouseover="window.__pwned=7',
            "published": "2024-03-10",
            "text": other.format(p1=JS_LINK, p2=TEMPLATE, p3=CLOSERS, rlo=RLO),
        },
        {
            "id": "evil-data-1",
            "title": "Ferry operator shares fall after fire",
            "outlet": "Markets Desk",
            "url": "data:text/html,<script>window.__pwned=8</script>",
            "published": "2024-03-11",
            "text": "Shares in the operator of the ferry Blue Horizon fell 11 percent in"
            f" Athens on Monday after the fire off Piraeus. {SCRIPT} {MD_LINK}",
        },
    ]


def _analyze(source: Path, db: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["analyze", str(source), "--db", str(db), "--quiet", "--workers", "1"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


def _report(db: Path, target: Path) -> Path:
    result = CliRunner().invoke(
        app, ["report", "--html", str(target), "--db", str(db)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web-demo") / "demo.db"
    _analyze(EXAMPLES, db)
    return db


@pytest.fixture(scope="session")
def injection_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-injection")
    source = folder / "injection.jsonl"
    source.write_text(
        "\n".join(json.dumps(r) for r in _injection_records()) + "\n", encoding="utf-8"
    )
    db = folder / "injection.db"
    _analyze(source, db)
    return db


@pytest.fixture(scope="session")
def demo_report(demo_db: Path) -> Path:
    return _report(demo_db, demo_db.parent / "report.html")


@pytest.fixture(scope="session")
def injection_report(injection_db: Path) -> Path:
    return _report(injection_db, injection_db.parent / "report.html")


@pytest.fixture(scope="session")
def demo_site(demo_db: Path) -> Iterator[StoreSite]:
    store = Store.open(str(demo_db), create=False, read_only=True)
    yield StoreSite(store)
    store.close()


@pytest.fixture(scope="session")
def injection_site(injection_db: Path) -> Iterator[StoreSite]:
    store = Store.open(str(injection_db), create=False, read_only=True)
    yield StoreSite(store)
    store.close()


def _client(site: StoreSite) -> Any:
    from fastapi.testclient import TestClient

    from rashomon.web.app import create_app

    return TestClient(create_app(site))


@pytest.fixture(scope="session")
def demo_client(demo_site: StoreSite) -> Any:
    return _client(demo_site)


@pytest.fixture(scope="session")
def injection_client(injection_site: StoreSite) -> Any:
    return _client(injection_site)


# -- served on 127.0.0.1, for the browser ------------------------------------------------


class Served:
    """The app served by uvicorn in a thread on 127.0.0.1, stopped by :meth:`stop`."""

    def __init__(self, site: StoreSite) -> None:
        import uvicorn

        from rashomon.web.app import create_app

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(site), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web app did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "the web app did not stop"


@pytest.fixture(scope="session")
def demo_server(demo_site: StoreSite) -> Iterator[Served]:
    served = Served(demo_site)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def injection_server(injection_site: StoreSite) -> Iterator[Served]:
    served = Served(injection_site)
    yield served
    served.stop()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright, pointed at the system's Chromium. Without
    one the browser tests skip, unless RASHOMON_REQUIRE_BROWSER is set (CI sets it):
    then they fail."""
    path = chromium_path()
    if path is None:
        message = "no chromium on PATH (apt-get install chromium)"
        if os.environ.get("RASHOMON_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()
