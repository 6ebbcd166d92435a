"""What every stage's worker processes share: starting one, and ending it with its parent.

A stage that fans out (ingest's readers, understanding's parser) starts one pool for
the run; each worker ignores Ctrl-C (the main process handles it and keeps what is
committed) and dies with the main process, even when that one is killed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.context import BaseContext


def start_worker() -> None:
    """What a worker process does first: leave Ctrl-C to the main process, die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def worker_count(requested: int | None, tasks: int, minimum: int) -> int:
    """How many worker processes a stage starts: ``requested`` (``--workers``) when
    given, else one per core (at most 8) — or none beyond the main process when there
    are fewer than ``minimum`` tasks, which starting workers would cost more than it
    saves."""
    if requested is not None:
        return max(1, requested)
    return 1 if tasks < minimum else max(1, min(os.cpu_count() or 1, 8))


def pool_context() -> BaseContext:
    """How workers are started: forked where the platform can (Linux), so a model the
    main process has loaded is shared rather than loaded again in every worker."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def die_with_parent() -> None:
    """End this worker process when the process that started it ends, even by ``kill -9``.

    Otherwise a killed ingest leaves its workers blocked on the task queue, each
    holding its memory, for minutes. Linux delivers SIGKILL on the parent's death
    (``PR_SET_PDEATHSIG``); elsewhere a watchdog thread notices the parent is gone.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="rashomon-parent-watch", daemon=True).start()
