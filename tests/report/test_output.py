"""Output files never harm what is already on the machine.

Defect (issue 13, #1): ``export`` renamed its temporary file over the target even
when the target was a device node, so ``rashomon export --json /dev/null`` run as
root turned /dev/null into a regular file and a symlinked target was replaced
instead of written through. Every test here writes inside its own tmp_path.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rashomon.errors import OutputError
from rashomon.report import output
from rashomon.report.output import check_target, write_text_safely

CliRun = Callable[..., Result]
TESTS = Path(__file__).resolve().parents[1]
EXAMPLES = TESTS.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the demo's plain-text articles (ingested only)."""
    from rashomon.ingest import IngestOptions, ingest
    from rashomon.store import Store

    path = str(tmp_path_factory.mktemp("output") / "demo.db")
    store = Store.open(path)
    try:
        ingest([str(EXAMPLES / "txt")], store, IngestOptions(workers=1))
    finally:
        store.close()
    return path


def _char_device(path: Path) -> Path:
    """A character device with /dev/null's numbers, or skip when not root."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CI runs as root)")
    return path


def test_a_device_node_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    device = _char_device(tmp_path / "null")
    with pytest.raises(OutputError, match="is a device, not a regular file"):
        write_text_safely(device, "{}\n")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert list(tmp_path.iterdir()) == [device]  # no temporary file left behind


def test_a_pipe_and_a_folder_are_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="is a pipe"):
        write_text_safely(pipe, "{}\n")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_text_safely(folder, "{}\n")
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "missing" / "out.json")


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text_safely(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    device = _char_device(tmp_path / "null")
    link = tmp_path / "export.json"
    link.symlink_to(device)
    with pytest.raises(OutputError, match="device"):
        write_text_safely(link, "{}\n")
    assert stat.S_ISCHR(device.stat().st_mode) and link.is_symlink()


def test_replacing_keeps_the_permissions_and_a_new_file_gets_the_usual_ones(
    tmp_path: Path,
) -> None:
    existing = tmp_path / "shared.json"
    existing.write_text("old\n", encoding="utf-8")
    existing.chmod(0o640)
    write_text_safely(existing, "new\n")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    umask = os.umask(0o022)
    try:
        write_text_safely(fresh, "new\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not a temporary file's 0600


def test_a_full_disk_leaves_the_old_file_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    target.write_text("the good export\n", encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(OutputError, match="the disk is full"):
        write_text_safely(target, "a new export\n")
    assert target.read_text(encoding="utf-8") == "the good export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_export_to_a_device_from_the_cli_exits_2_and_leaves_it_a_device(
    cli: CliRun, tmp_path: Path, demo_db_path: str
) -> None:
    device = _char_device(tmp_path / "null")
    result = cli("export", "--db", demo_db_path, "--json", device)
    assert result.exit_code == 2
    assert "is a device, not a regular file" in result.stderr
    assert "Traceback" not in result.output
    assert stat.S_ISCHR(device.stat().st_mode)


def test_export_to_stdout_is_json_with_terminal_controls_escaped(
    cli: CliRun, tmp_path: Path
) -> None:
    hostile = "Minister\u202e quits \x1b[2J\u009b31m now"
    page = tmp_path / "hostile.txt"
    page.write_text(f"A headline\n\n{hostile}. " + "More words follow here. " * 20, "utf-8")
    db = str(tmp_path / "hostile.db")
    assert cli("ingest", page, "--db", db, "-q").exit_code == 0
    result = cli("export", "--db", db, "--json", "-")
    assert result.exit_code == 0
    for raw in ("\u202e", "\x1b", "\u009b"):
        assert raw not in result.stdout
    assert "\\u202e" in result.stdout  # written as an escape, so the JSON is unchanged
    (article,) = json.loads(result.stdout)["articles"]
    assert hostile in article["text"]


def test_no_test_writes_to_dev_null_or_outside_its_temporary_folder() -> None:
    """The suite must never again hand rashomon a device as an output."""
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py")
        if path.name != "test_output.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "/dev/null" in line
    ]
    assert offenders == []
