"""A kill -9 in the middle of ingesting a large corpus, then a rerun, ends with
every article stored exactly once.

The corpus is the first articles of the public AllSides data set, written at
test time as one JSONL file and as a folder of .txt files. A real `rashomon
ingest` process (with worker processes) is killed with SIGKILL once a few
batches are committed; the database must be intact, and rerunning the same
command must finish the job with exactly the articles a clean run stores.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ALLSIDES_NAME = "allsides-37k.jsonl.gz"
CORPUS_SIZE = 2000
# Kill once at least this many articles are committed (batches are 256 articles).
KILL_AFTER = 300
START_TIMEOUT = 120.0


@pytest.fixture(scope="module")
def allsides_lines(datasets_dir: Path) -> list[str]:
    """The first CORPUS_SIZE lines of the AllSides corpus, or skip when it is absent."""
    allsides = datasets_dir / ALLSIDES_NAME
    if not allsides.is_file():
        pytest.skip(f"the AllSides corpus is not here ({allsides}); it lives beside the repo")
    lines: list[str] = []
    with gzip.open(allsides, "rt", encoding="utf-8") as stream:
        for line in stream:
            lines.append(line)
            if len(lines) == CORPUS_SIZE:
                break
    return lines


def _as_jsonl(lines: list[str], root: Path) -> Path:
    path = root / "allsides.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _as_text_folder(lines: list[str], root: Path) -> Path:
    folder = root / "allsides-txt"
    folder.mkdir()
    for line in lines:
        record = json.loads(line)
        body = f"{record['title']}\n\n{record['text']}\n"
        (folder / f"{record['id']}.txt").write_text(body, encoding="utf-8")
    return folder


BUILDERS = {"jsonl": _as_jsonl, "txt-folder": _as_text_folder}


@dataclass
class Finished:
    returncode: int
    stderr: str


def _command(corpus: Path, db: Path) -> list[str]:
    ingest = ["ingest", str(corpus), "--db", str(db), "--workers", "2"]
    return [sys.executable, "-m", "rashomon", *ingest]


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}


def _run(corpus: Path, db: Path) -> Finished:
    done = subprocess.run(
        _command(corpus, db), capture_output=True, text=True, env=_env(), timeout=300, check=False
    )
    return Finished(done.returncode, done.stderr)


def _stored_count(db: Path) -> int | None:
    """Articles committed so far, read without disturbing the writer; None if not readable yet."""
    if not db.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.OperationalError:  # database is locked, or the tables are not there yet
        return None


def _run_and_kill(corpus: Path, db: Path, log: Path) -> int | None:
    """Start an ingest, SIGKILL it (and its workers) once KILL_AFTER articles are stored."""
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            _command(corpus, db),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=_env(),
            start_new_session=True,
        )
        seen: int | None = None
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and process.poll() is None:
                seen = _stored_count(db)
                if seen is not None and seen >= KILL_AFTER:
                    os.killpg(process.pid, signal.SIGKILL)
                    break
                time.sleep(0.02)
        finally:
            if process.poll() is None:  # timed out, or the test failed while polling
                _kill_quietly(process.pid)
            process.wait(timeout=30)
    output = log.read_text(encoding="utf-8", errors="replace")
    killed_mid_run = process.returncode == -signal.SIGKILL and (seen or 0) >= KILL_AFTER
    assert killed_mid_run, (
        f"the ingest was not killed mid-run (exit code {process.returncode}, {seen} articles"
        f" stored when polling stopped); make the corpus larger. stderr:\n{output}"
    )
    return seen


def _kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _query(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _spans_by_article(db: Path) -> dict[str, list[tuple]]:
    spans: dict[str, list[tuple]] = {}
    rows = _query(
        db,
        "SELECT article_id, position, span_start, span_end, rule FROM removed_spans"
        " ORDER BY article_id, position",
    )
    for article_id, *span in rows:
        spans.setdefault(article_id, []).append(tuple(span))
    return spans


def _articles(db: Path) -> dict[str, tuple[str, str | None]]:
    """id -> (content_hash, duplicate_of) of every stored article."""
    rows = _query(db, "SELECT id, content_hash, duplicate_of FROM articles")
    assert len(rows) == len({r[0] for r in rows}), "an article id is stored twice"
    assert len(rows) == len({r[1] for r in rows}), "a content hash is stored twice"
    return {article_id: (digest, original) for article_id, digest, original in rows}


def _error_lines(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("error:"))


@pytest.mark.parametrize("layout", sorted(BUILDERS))
def test_killed_ingest_resumes_to_exactly_one_copy_of_each_article(
    layout: str, allsides_lines: list[str], tmp_path: Path
) -> None:
    """A user who kill -9s an ingest and reruns it gets each article stored exactly once."""
    corpus = BUILDERS[layout](allsides_lines, tmp_path)
    killed_db = tmp_path / "killed.db"
    clean_db = tmp_path / "clean.db"

    # The reference: one clean, uninterrupted run into a fresh database.
    clean = _run(corpus, clean_db)
    assert clean.returncode in (0, 1), clean.stderr
    if clean.returncode == 1:  # only bad records may fail, never the run itself
        assert _error_lines(clean.stderr), clean.stderr
    expected = _articles(clean_db)
    assert len(expected) >= CORPUS_SIZE * 0.95, clean.stderr

    # Kill -9 mid-run.
    _run_and_kill(corpus, killed_db, tmp_path / "killed.log")
    assert _query(killed_db, "PRAGMA integrity_check") == [("ok",)]
    partial = _articles(killed_db)
    assert KILL_AFTER <= len(partial) < len(expected), "the kill did not land mid-run"
    assert partial.keys() <= expected.keys()
    orphans = _query(
        killed_db,
        "SELECT count(*) FROM removed_spans WHERE article_id NOT IN (SELECT id FROM articles)",
    )
    assert orphans == [(0,)]
    # Every committed article has all its removed spans, exactly as a clean run stores them.
    clean_spans = _spans_by_article(clean_db)
    killed_spans = _spans_by_article(killed_db)
    assert killed_spans == {a: s for a, s in clean_spans.items() if a in partial}
    runs = _query(killed_db, "SELECT status, finished_at FROM ingest_runs")
    assert runs == [("running", None)], "the killed run should be left as evidence"

    # Rerun the same command to completion.
    rerun = _run(corpus, killed_db)
    assert rerun.returncode == clean.returncode, rerun.stderr
    assert _error_lines(rerun.stderr) == _error_lines(clean.stderr)
    assert _query(killed_db, "PRAGMA integrity_check") == [("ok",)]
    resumed = _articles(killed_db)
    assert resumed.keys() == expected.keys()
    assert resumed == expected, "content hashes or syndicated-copy links differ from a clean run"
    assert _spans_by_article(killed_db) == clean_spans
    assert f"Ingested {len(expected) - len(partial)} articles" in rerun.stderr, rerun.stderr
    skipped = re.search(r"(\d+) already in the database", rerun.stderr)
    assert skipped is not None, rerun.stderr
    assert int(skipped.group(1)) == len(partial), rerun.stderr
    statuses = _query(killed_db, "SELECT status FROM ingest_runs ORDER BY id")
    # the rerun found the killed run's process gone and marked it interrupted (issue 13)
    assert statuses == [("interrupted",), ("complete",)]
