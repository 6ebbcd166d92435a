"""Two processes on one database: writers never crash and never lose a batch, and an
export reads one consistent snapshot.

Defects (issue 13, #5 and #6): two `ingest` processes crashed with
``UNIQUE constraint failed: articles.content_hash`` (and the losing process lost its
whole batch, including articles only it had); on a new database the second failed
with "table alembic_version already exists"; an `export` during `analyze` mixed the
articles of one state with the stories of another.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rashomon.ingest import IngestOptions, ingest
from rashomon.ingest import pipeline as ingest_pipeline
from rashomon.report.export import build_export
from rashomon.store import Store

WORDS = [
    "harbour",
    "council",
    "ferry",
    "landslide",
    "valley",
    "talks",
    "minister",
    "union",
    "cargo",
    "quay",
    "vote",
    "budget",
    "river",
    "bridge",
    "station",
    "tram",
    "mayor",
    "inquiry",
    "crew",
    "fishing",
    "quota",
    "court",
    "appeal",
    "strike",
]


def _article(number: int) -> str:
    """A distinct, article-shaped text (no two share their wording)."""
    words = [WORDS[(number * 7 + i * (number % 5 + 1)) % len(WORDS)] for i in range(60)]
    body = " ".join(words)
    return (
        f"Report number {number} on the {WORDS[number % len(WORDS)]} question\n\n"
        f"On day {number} officials said {body}. The figure given was {number * 13 + 7}.\n"
    )


def _corpus(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in numbers:
        (folder / f"report-{number:04d}.txt").write_text(_article(number), encoding="utf-8")
    return folder


def _stored(db: Path) -> dict[str, str]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT content_hash, id FROM articles").fetchall()
    finally:
        connection.close()
    assert len(rows) == len({h for h, _ in rows}), "a content hash is stored twice"
    return dict(rows)


def test_content_another_process_stored_meanwhile_counts_as_already_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch decides what is new inside its write transaction: what another writer
    committed since this one started is skipped, not inserted twice, and the batch's
    other articles are still stored."""
    shared = _corpus(tmp_path / "shared", range(0, 3))
    only_mine = _corpus(tmp_path / "mine", range(3, 5))
    db = str(tmp_path / "one.db")
    mine, theirs = Store.open(db), Store.open(db)
    real_flush = ingest_pipeline._BatchWriter.flush
    interleaved: list[int] = []

    def flush_after_the_other_process(writer: ingest_pipeline._BatchWriter) -> None:
        if writer.store is mine and not interleaved:
            # the other process stores the shared articles between our reading and writing
            interleaved.append(
                len(ingest([str(shared)], theirs, IngestOptions(workers=1)).ingested)
            )
        real_flush(writer)

    monkeypatch.setattr(ingest_pipeline._BatchWriter, "flush", flush_after_the_other_process)
    try:
        report = ingest([str(shared), str(only_mine)], mine, IngestOptions(workers=1))
    finally:
        mine.close()
        theirs.close()
    assert interleaved == [3]
    assert sorted(report.ingested) == ["report-0003", "report-0004"]
    assert sorted(p.code for p in report.skipped) == ["already-stored"] * 3
    assert not report.errors
    assert len(_stored(Path(db))) == 5


def _ingest_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "rashomon", "ingest", str(corpus), "--db", str(db), "-q"]


@pytest.mark.slow
def test_two_ingests_on_one_new_database_never_crash_or_lose_a_batch(tmp_path: Path) -> None:
    """Started together on a database that does not exist yet, with overlapping inputs
    and small batches (many commits to interleave), in several trials: both exit 0,
    nothing is stored twice, and every article either had is stored."""
    left = _corpus(tmp_path / "left", range(0, 40))
    right = _corpus(tmp_path / "right", range(20, 60))
    env = {**os.environ, "NO_COLOR": "1", "RASHOMON_TEST_BATCH_SIZE": "3"}
    for trial in range(4):
        db = tmp_path / f"race-{trial}.db"
        processes = [
            subprocess.Popen(
                _ingest_command(corpus, db),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for corpus in (left, right)
        ]
        results = [p.communicate(timeout=180) for p in processes]
        for process, (_, stderr) in zip(processes, results, strict=True):
            assert process.returncode == 0, stderr
            assert "Traceback" not in stderr and "UNIQUE" not in stderr, stderr
        stored = _stored(db)
        assert len(stored) == 60, f"trial {trial}: {len(stored)} of 60 articles stored"
        assert sorted(stored.values()) == [f"report-{n:04d}" for n in range(60)]


def test_export_reads_one_snapshot_while_another_process_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article committed by someone else while the export is half read appears
    nowhere in that export: articles, annotations and stories come from one state."""
    db = str(tmp_path / "snapshot.db")
    _corpus(tmp_path / "first", range(0, 3))
    _corpus(tmp_path / "later", range(3, 4))
    reader, writer = Store.open(db), Store.open(db)
    try:
        ingest([str(tmp_path / "first")], writer, IngestOptions(workers=1))
        story_tables = type(reader.story_store)
        real_stories = story_tables.stories

        def stories_while_analyze_commits(self: object, *args: object) -> object:
            ingest([str(tmp_path / "later")], writer, IngestOptions(workers=1))
            return real_stories(self, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(story_tables, "stories", stories_while_analyze_commits)
        started = time.monotonic()
        document = build_export(reader)
        assert time.monotonic() - started < 60  # the writer never waited on the reader
    finally:
        reader.close()
        writer.close()
    assert [a.id for a in document.articles] == ["report-0000", "report-0001", "report-0002"]
    assert len(_stored(Path(db))) == 4  # the concurrent commit did land
