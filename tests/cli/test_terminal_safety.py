"""Untrusted text (file names, article text) never acts on the terminal.

Defect (issue 13, #11): `ingest -q` printed file names raw and `--json` emitted
C1 controls (U+009B, a CSI) and bidi overrides (U+202E) as they were; RLM/ALM and
zero-width characters passed the terminal filter.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rashomon.report.untrusted import json_safe, strip_controls

CliRun = Callable[..., Result]
HOSTILE = "\u009b31m\u202etxt.exe\u200f\u061c\u200b"
SPECIAL = [ch for ch in HOSTILE if not ch.isalnum() and ch != "."]


@pytest.mark.parametrize(
    "character",
    [
        "\x1b",
        "\u009b",
        "\u202e",
        "\u2067",
        "\u200e",
        "\u200f",
        "\u061c",
        "\u200b",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u2028",
    ],
)
def test_the_terminal_filter_removes_controls_bidi_marks_and_invisibles(character: str) -> None:
    assert strip_controls(f"a{character}b") == "ab"


def test_the_filter_keeps_the_texts_own_layout_and_letters() -> None:
    text = "Zoë Ωmega — «quoted»\n\tindented שלום"
    assert strip_controls(text) == text


def test_json_escapes_them_and_reads_back_the_same() -> None:
    assert len(SPECIAL) == 5
    document = json.dumps({"name": HOSTILE}, ensure_ascii=False)
    escaped = json_safe(document)
    assert not any(ch in escaped for ch in SPECIAL)
    assert json.loads(escaped) == {"name": HOSTILE}


def _hostile_binary_file(tmp_path: Path) -> Path:
    path = tmp_path / f"photo{HOSTILE}.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return path


def test_ingest_quiet_prints_a_hostile_file_name_harmlessly(cli: CliRun, tmp_path: Path) -> None:
    _hostile_binary_file(tmp_path)
    result = cli("ingest", tmp_path, "--db", tmp_path / "t.db", "-q")
    assert result.exit_code == 1
    assert "not a text file" in result.stderr
    assert not any(ch in result.output for ch in SPECIAL)
    assert "photo31mtxt.exe.txt" in result.stderr


def test_ingest_json_escapes_a_hostile_file_name(cli: CliRun, tmp_path: Path) -> None:
    _hostile_binary_file(tmp_path)
    result = cli("ingest", tmp_path, "--db", tmp_path / "t.db", "--json", "-q")
    assert result.exit_code == 1
    assert not any(ch in result.stdout for ch in SPECIAL)
    problems = json.loads(result.stdout)["problems"]
    assert any(HOSTILE in p["path"] for p in problems)  # the data itself is unchanged
