"""Test controls, read from the environment — in the spirit of SQLite's test harness.

They let a test kill rashomon at an exact point and shrink its batches so that a
small corpus crosses many commit boundaries. Nothing here changes what rashomon
computes; with the variables unset (as for every user) each function is a no-op.

``RASHOMON_TEST_CRASH_AT_COMMIT=N``
    The process dies (``os._exit``, like ``kill -9``: no cleanup, no ``finally``)
    just before its N-th database commit, so commits 1..N-1 are kept and the N-th
    is lost. ``tests/store/test_crash_harness.py`` runs ``analyze`` once per N.
``RASHOMON_TEST_COMMIT_LOG=PATH``
    Every commit appends one line to PATH (how the harness counts the boundaries).
``RASHOMON_TEST_BATCH_SIZE=K``
    Every stage writes at most K articles per transaction (ingest batches,
    understanding batches, story increments).
"""

from __future__ import annotations

import os
from typing import Any

CRASH_AT_COMMIT = "RASHOMON_TEST_CRASH_AT_COMMIT"
COMMIT_LOG = "RASHOMON_TEST_COMMIT_LOG"
BATCH_SIZE = "RASHOMON_TEST_BATCH_SIZE"
CRASH_EXIT_CODE = 77

_commits = 0


def watch_commits(engine: Any) -> None:
    """Count (and, when asked, die before) the commits made through ``engine``."""
    crash_at = os.environ.get(CRASH_AT_COMMIT)
    log = os.environ.get(COMMIT_LOG)
    if not crash_at and not log:
        return
    import sqlalchemy as sa

    target = int(crash_at) if crash_at else 0

    def on_commit(_connection: Any) -> None:
        global _commits  # noqa: PLW0603 - one counter per process, which is the point
        _commits += 1
        if log:
            with open(log, "a", encoding="utf-8") as handle:  # noqa: PTH123 - append, tiny
                handle.write(f"{_commits}\n")
        if _commits == target:
            os._exit(CRASH_EXIT_CODE)

    sa.event.listen(engine, "commit", on_commit)


def batch_size(default: int) -> int:
    """``default``, or the test-set batch size."""
    value = os.environ.get(BATCH_SIZE)
    return max(1, int(value)) if value else default
