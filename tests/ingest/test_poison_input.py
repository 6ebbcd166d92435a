"""Poison inputs are quarantined, never fatal: one bad row, record or file costs itself.

Defects (issue 13, #4, #7, #8): a 9 MB `.jsonl.gz` that unpacks to 9.6 GB exhausted
memory and lost the one real record in it; a `sources.csv` row with more cells than its
header aborted the whole run with an AttributeError (0 stored) and one bad row discarded
the whole file; a deeply nested JSON line gave "internal error" with no line number and
silently dropped the records after it in its chunk.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rashomon.ingest import IngestOptions, ingest
from rashomon.ingest.limits import MAX_JSON_DEPTH, too_deep
from rashomon.ingest.readers import jsonl
from rashomon.store import Store

CliRun = Callable[..., Result]
BODY = (
    "Dock workers at the port walked off the job for a second week on Monday, leaving"
    " container ships anchored offshore as talks between the union and the port authority"
    " broke down again. The union says its members have worked without a new contract."
)


def _record(number: int) -> str:
    return json.dumps({"title": f"Strike day {number}", "text": f"{BODY} Day {number}."})


def _stored(db: Path) -> list[str]:
    store = Store.open(str(db))
    try:
        return sorted(a.title for a in store.iter_articles())
    finally:
        store.close()


# -- sources.csv ---------------------------------------------------------------------


def test_a_sources_row_with_too_many_cells_is_skipped_and_named(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kestrel-strike.txt").write_text(f"Strike goes on\n\n{BODY}\n", "utf-8")
    (corpus / "sources.csv").write_text(
        "pattern,outlet,country,language\n"
        "nordlicht-*.txt,Nordlicht,DE,de,extra,cells\n"
        "kestrel-*.txt,The Kestrel Gazette,GB,en\n",
        "utf-8",
    )
    store = Store.open(str(tmp_path / "s.db"))
    try:
        report = ingest([str(corpus)], store, IngestOptions(workers=1))
        (article,) = store.iter_articles()
    finally:
        store.close()
    (problem,) = report.errors
    assert problem.path.endswith("sources.csv") and problem.locator == "line 2"
    assert "6 cells but the header names 4 columns" in problem.message
    assert article.outlet == "The Kestrel Gazette"  # the good row still applies


def test_a_bad_row_in_a_sources_file_given_on_the_command_line(cli: CliRun, tmp_path: Path) -> None:
    (tmp_path / "kestrel-strike.txt").write_text(f"Strike goes on\n\n{BODY}\n", "utf-8")
    sidecar = tmp_path / "my-sources.csv"
    sidecar.write_text(
        "pattern,outlet\n,No pattern\n*.txt,The Kestrel Gazette,GB,en,x\nkestrel-*,Kestrel\n",
        "utf-8",
    )
    db = tmp_path / "cli.db"
    result = cli("ingest", tmp_path / "kestrel-strike.txt", "--db", db, "--sources", sidecar)
    assert result.exit_code == 1  # the exit code tells
    assert "line 2: empty 'pattern'" in result.stderr
    assert "line 3: 5 cells but the header names 2 columns" in result.stderr
    assert "Traceback" not in result.output
    assert _stored(db) == ["Strike goes on"]


# -- JSON nesting ----------------------------------------------------------------------


def test_depth_check_counts_brackets_outside_strings_only() -> None:
    assert not too_deep(json.dumps({"text": "[" * 5000}))
    assert too_deep("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    assert not too_deep("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    assert not too_deep(json.dumps([[1, 2]] * 1000))  # many brackets, shallow


def test_a_deeply_nested_line_is_named_and_the_lines_after_it_are_read(tmp_path: Path) -> None:
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([_record(1), deep, _record(3), _record(4)]) + "\n", "utf-8")
    store = Store.open(str(tmp_path / "d.db"))
    try:
        report = ingest([str(path)], store, IngestOptions(workers=1))
    finally:
        store.close()
    (problem,) = report.errors
    assert problem.locator == "line 2" and "nested more than 100 levels" in problem.message
    assert problem.code == "malformed"
    assert _stored(tmp_path / "d.db") == ["Strike day 1", "Strike day 3", "Strike day 4"]


def test_a_deeply_nested_json_document_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000, "utf-8")
    store = Store.open(str(tmp_path / "j.db"))
    try:
        report = ingest([str(path)], store, IngestOptions(workers=1))
    finally:
        store.close()
    (problem,) = report.errors
    assert "nested more than 100 levels" in problem.message and "internal" not in problem.code


def test_a_bug_while_reading_one_record_costs_only_that_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = jsonl.draft_from_fields

    def fails_on_day_two(record: dict[str, str], **kwargs: object) -> object:
        if record.get("title") == "Strike day 2":
            raise RecursionError("a reader bug")
        return real(record, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonl, "draft_from_fields", fails_on_day_two)
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(_record(n) for n in (1, 2, 3)) + "\n", "utf-8")
    store = Store.open(str(tmp_path / "b.db"))
    try:
        report = ingest([str(path)], store, IngestOptions(workers=1))
    finally:
        store.close()
    (problem,) = report.errors
    assert problem.code == "internal" and problem.locator == "line 2"
    assert _stored(tmp_path / "b.db") == ["Strike day 1", "Strike day 3"]


# -- decompression bombs, under a memory limit -----------------------------------------

ADDRESS_SPACE = 3 * 1024**3  # the whole process, model-free ingest with its libraries


def _bomb(path: Path, gigabytes: float) -> None:
    """A real record, then ``gigabytes`` of 20 MB lines of spaces and of junk, gzipped
    (about a thousandfold: small on disk, quick to make)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    block = b" " * (1 << 20)
    with path.open("wb") as out:
        out.write(compressor.compress((_record(1) + "\n").encode()))
        written = 0
        line = 0
        while written < gigabytes * 1024**3:
            for _ in range(20):
                out.write(compressor.compress(block if line % 2 else block.replace(b" ", b"x")))
            out.write(compressor.compress(b"\n"))
            written += 20 << 20
            line += 1
        out.write(compressor.flush())


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.slow
def test_a_gzip_bomb_is_stopped_in_bounded_memory_and_the_real_record_kept(
    tmp_path: Path,
) -> None:
    bomb = tmp_path / "crawl.jsonl.gz"
    _bomb(bomb, 2.0)
    assert bomb.stat().st_size < 10_000_000
    with gzip.open(bomb, "rb") as head:
        assert head.readline().startswith(b'{"title": "Strike day 1"')
    db = tmp_path / "bomb.db"
    env = {**os.environ, "NO_COLOR": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "rashomon", "ingest", str(bomb), "--db", str(db), "--workers", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
        preexec_fn=_limited,
    )
    assert done.returncode == 1, done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr
    assert "likely decompression bomb" in done.stderr and "crawl.jsonl.gz" in done.stderr
    assert _stored(db) == ["Strike day 1"]
