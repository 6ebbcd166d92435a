"""Worker processes die with the process that started them.

Defect (issue 13, #10): after a `kill -9` of `rashomon ingest`, its worker processes
stayed alive for minutes, blocked on the task queue, about 200 MB each.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        words = " ".join(f"term{(number * 17 + i) % 1009}" for i in range(300))
        (folder / f"item-{number:04d}.txt").write_text(
            f"Headline number {number}\n\n{words}.\n", encoding="utf-8"
        )
    return folder


@pytest.mark.slow
def test_workers_end_when_the_ingest_is_killed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 4000)
    command = [sys.executable, "-m", "rashomon", "ingest", str(corpus), "--db"]
    process = subprocess.Popen(
        [*command, str(tmp_path / "w.db"), "--workers", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    parent = psutil.Process(process.pid)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2:
        assert process.poll() is None, "the ingest ended before its workers could be seen"
        workers = [c for c in parent.children(recursive=True) if "python" in c.name().lower()]
        time.sleep(0.05)
    assert len(workers) >= 2, "no worker processes were started"
    process.send_signal(signal.SIGKILL)  # the parent only, as a crash or the OOM killer would
    process.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    for worker in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            worker.kill()
    assert not alive, f"{len(alive)} worker(s) outlived the killed ingest"
    assert len(gone) == len(workers)
