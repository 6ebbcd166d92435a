"""`analyze` run again with new files reports what that run added or changed — not the
whole stored corpus again — and writes the JSON export only when asked to."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, CliRun

# joins the demo's ferry-fire story, which other outlets already tell
ADDED = "txt/continental-wire-ferry-fire.txt"
JOINED = "### Fire on Greek ferry off Piraeus kills 12, more than 300 evacuated"


def _headings(report: str, level: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith(level + " ")]


def _section(report: str, heading: str) -> list[str]:
    lines = report.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def test_an_increment_reports_what_it_added_or_changed(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, later = tmp_path / "corpus", tmp_path / "later"
    shutil.copytree(EXAMPLES, corpus)
    later.mkdir()
    shutil.move(corpus / ADDED, later / Path(ADDED).name)
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "a.db")

    first = cli("analyze", corpus, "--db", db)
    assert first.exit_code in (0, 1), first.stderr  # 1: the demo's planted bad inputs
    assert list(tmp_path.glob("*.json")) == [], "no export unless asked for"
    assert _headings(first.stdout, "#") == ["# rashomon corpus overview"]
    told_first = _headings("\n".join(_section(first.stdout, "## What the sources say")), "###")

    second = cli("analyze", later, "--db", db, "--export", tmp_path / "e.json")
    assert second.exit_code == 0, second.stderr
    report = second.stdout
    assert _headings(report, "#") == ["# rashomon: what this run added or changed"]
    counts = report.splitlines()[2]
    assert "of the corpus's 25" in counts, counts
    # the outlets table counts the run's articles: the new one's outlet, and those of
    # the articles it changed (their actors linked anew)
    outlets = [row for row in _section(report, "## Outlets") if row.startswith("| ")][2:]
    assert any(row.startswith("| Continental Wire |") for row in outlets), outlets
    assert len(outlets) < 12, "not every outlet of the corpus"
    # the story the new article joined is compared again; the others are not shown
    # again — neither those it did not touch nor the inquiry into the fire, whose
    # record changed only in how far it was kept from the story the article joined
    sources = _section(report, "## What the sources say")
    shown = [line for line in sources if line.startswith("### ")]
    assert shown == [JOINED], shown
    untouched = [h for h in told_first if h != JOINED]
    assert len(untouched) >= 3, "the first run showed the inquiry, landslide, mackerel stories"
    assert not set(untouched) & set(_headings(report, "###"))
    # the export asked for is the whole corpus
    exported = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert len(exported["articles"]) == 25
