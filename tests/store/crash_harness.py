"""The crash harness, in the spirit of SQLite's: kill `analyze` at every commit boundary
of every stage, rerun it, and require the final export to equal an uninterrupted run's.

The kill comes from the test control ``RASHOMON_TEST_CRASH_AT_COMMIT=N``
(:mod:`rashomon.hooks`): the process ends with ``os._exit`` — no cleanup, no
``finally``, exactly as ``kill -9`` — just before its N-th commit, so commits 1..N-1
are on disk and the N-th is lost. ``RASHOMON_TEST_BATCH_SIZE`` shrinks every stage's
batches so that a small corpus crosses many boundaries: ingest batches, annotation
batches, actor linking, story increments, copies joining stories, storylines.

Each run gets its own ``PYTHONHASHSEED``: the export must not depend on the order in
which a process happens to iterate its sets (the baseline is run twice to show it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from rashomon.hooks import BATCH_SIZE, COMMIT_LOG, CRASH_AT_COMMIT, CRASH_EXIT_CODE

# Fields of the export that say when it was made, not what it holds.
VOLATILE = ("generated_at",)


def analyze(
    corpus: Path,
    db: Path,
    export: Path,
    *,
    batch: int,
    seed: int,
    crash_at: int | None = None,
    commit_log: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", BATCH_SIZE: str(batch), "PYTHONHASHSEED": str(seed)}
    env.pop(CRASH_AT_COMMIT, None)
    env.pop(COMMIT_LOG, None)
    if crash_at is not None:
        env[CRASH_AT_COMMIT] = str(crash_at)
    if commit_log is not None:
        env[COMMIT_LOG] = str(commit_log)
    command = ["analyze", str(corpus), "--db", str(db), "--export", str(export), "-q"]
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def content(export: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(export.read_text(encoding="utf-8"))
    for key in VOLATILE:
        document.pop(key, None)
    return document


def first_difference(expected: Any, found: Any, path: str = "") -> str | None:
    """Where two exports differ first (a path such as ``stories[2].title``), or None."""
    if type(expected) is not type(found):
        return f"{path}: {type(expected).__name__} vs {type(found).__name__}"
    if isinstance(expected, dict):
        for key in sorted(set(expected) | set(found)):
            if key not in expected or key not in found:
                return f"{path}.{key}: present in only one"
            where = first_difference(expected[key], found[key], f"{path}.{key}")
            if where:
                return where
        return None
    if isinstance(expected, list):
        if len(expected) != len(found):
            return f"{path}: {len(expected)} items vs {len(found)}"
        for index, (a, b) in enumerate(zip(expected, found, strict=True)):
            where = first_difference(a, b, f"{path}[{index}]")
            if where:
                return where
        return None
    return None if expected == found else f"{path}: {expected!r:.80} vs {found!r:.80}"


def run_harness(corpus: Path, work: Path, *, batch: int) -> int:
    """Kill at every boundary, resume, compare. Returns the number of boundaries."""
    log = work / "commits.log"
    baseline = work / "baseline.json"
    clean = analyze(corpus, work / "baseline.db", baseline, batch=batch, seed=1, commit_log=log)
    assert clean.returncode == 0, clean.stderr
    expected = content(baseline)
    assert expected["articles"] and expected["stories"], "the corpus gave nothing to compare"
    boundaries = len(log.read_text(encoding="utf-8").splitlines())
    assert boundaries >= 8, f"only {boundaries} commits: the harness would prove little"

    again = work / "again.json"
    repeat = analyze(corpus, work / "again.db", again, batch=batch, seed=2)
    assert repeat.returncode == 0, repeat.stderr
    where = first_difference(expected, content(again))
    assert where is None, f"two uninterrupted runs differ (hash seed 1 vs 2) at {where}"

    for crash_at in range(1, boundaries + 1):
        db = work / f"crash-{crash_at}.db"
        export = work / f"crash-{crash_at}.json"
        killed = analyze(corpus, db, export, batch=batch, seed=100 + crash_at, crash_at=crash_at)
        assert killed.returncode == CRASH_EXIT_CODE, (
            f"the run was not killed at commit {crash_at} (exit {killed.returncode}):"
            f" {killed.stderr[-2000:]}"
        )
        resumed = analyze(corpus, db, export, batch=batch, seed=200 + crash_at)
        assert resumed.returncode == 0, (
            f"rerun after a kill at commit {crash_at}:\n{resumed.stderr}"
        )
        where = first_difference(expected, content(export))
        assert where is None, (
            f"killed before commit {crash_at} of {boundaries} and rerun: the export differs"
            f" from an uninterrupted run's at {where}"
        )
    return boundaries
