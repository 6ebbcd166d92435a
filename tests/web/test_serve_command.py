"""`rashomon serve` as a user starts it: a process listening on 127.0.0.1 only,
answering the pages, stopped by Ctrl-C; and its clear refusals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CliRun


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_serve_listens_on_localhost_and_stops_on_ctrl_c(demo_db: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rashomon", "serve", "--db", str(demo_db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode("utf-8")
                    policy = response.headers["Content-Security-Policy"]
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the app did not answer within 60 s"
                time.sleep(0.2)
        assert "Stories" in body and "default-src 'none'" in policy
        # bound to the loopback address only, not to every interface
        listening = subprocess.run(
            ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=False
        ).stdout
        if listening:  # `ss` may be missing on a minimal machine
            local = {line.split()[3] for line in listening.splitlines()}
            assert local == {f"127.0.0.1:{port}"}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode in (0, 130, -signal.SIGINT), err
    assert f"http://127.0.0.1:{port}/" in err.decode("utf-8")


def test_serve_names_a_missing_database(cli: CliRun, tmp_path: Path) -> None:
    result = cli("serve", "--db", str(tmp_path / "none.db"), "--port", "1")
    assert result.exit_code == 2
    assert "none.db" in result.output


def test_serve_refuses_a_port_out_of_range(cli: CliRun, tmp_path: Path) -> None:
    result = cli("serve", "--db", str(tmp_path / "x.db"), "--port", "70000")
    assert result.exit_code == 2
    assert "--port" in result.output and "65535" in result.output
