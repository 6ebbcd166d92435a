"""`-q` on a terminal: no progress bar of any stage, nor of model loading, is drawn.

Progress bars are only drawn on a terminal, so the run is given one (a pseudo-terminal)
as both its output streams."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = {
    "harbour.txt": (
        "Ferry fire off Piraeus injures 14\n\n"
        "PIRAEUS, March 9, 2024 - A fire broke out on the ferry Aegean Star on Saturday,"
        ' injuring 14 passengers, the coast guard said. "The fire started in the engine'
        ' room," said coast guard spokeswoman Eleni Vasilaki. About 300 passengers were'
        " evacuated to the port.\n"
    ),
    "wire.txt": (
        "Fourteen hurt as fire hits ferry near Piraeus\n\n"
        "ATHENS, March 9, 2024 - Fourteen passengers were injured when fire swept the ferry"
        ' Aegean Star on Saturday. "The fire started in the engine room," the coast guard'
        " spokeswoman, Eleni Vasilaki, told reporters. More than 300 people were taken"
        " ashore.\n"
    ),
}


def _on_a_terminal(command: list[str], cwd: Path) -> str:
    main, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "HF_HUB_OFFLINE": "1"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        command, stdin=secondary, stdout=secondary, stderr=secondary, cwd=cwd, env=env
    )
    os.close(secondary)
    output = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        output.extend(chunk)
    os.close(main)
    assert process.wait(timeout=600) == 0, output.decode("utf-8", "replace")[-2000:]
    return output.decode("utf-8", "replace")


@pytest.mark.slow
def test_quiet_analyze_draws_nothing_on_a_terminal(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    analyze = [sys.executable, "-m", "rashomon", "analyze", str(corpus)]
    quiet = _on_a_terminal([*analyze, "--db", "q.db", "--export", "q.json", "-q"], tmp_path)
    assert quiet == ""
    loud = _on_a_terminal([*analyze, "--db", "l.db", "--export", "l.json"], tmp_path)
    assert "━" in loud  # without -q the same terminal shows progress bars
    assert "Understood 2 articles" in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", loud)
