"""Writing an output file without ever harming what is already there.

An export replaces its target atomically — a reader (or a crash) never sees half
a file — but only when the target is a regular file or does not exist yet:

- the text goes to a temporary file beside the target, is flushed and fsynced,
  then renamed over the target, and the folder is fsynced so the rename survives
  a power cut;
- a symbolic link is written *through* (the file it points at is replaced, the
  link stays);
- a device node (``/dev/null``), a folder, a pipe or a socket is refused with a
  message: renaming over ``/dev/null`` as root would turn it into a regular file
  and break every other program on the machine;
- on any failure (a full disk, a permission) the temporary file is removed and
  the target is left as it was.

The new file gets the permissions of the file it replaces, or the usual ones for
a new file (0666 less the umask) — not the 0600 of a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rashomon.errors import OutputError


def check_target(target: Path) -> None:
    """Raise :class:`OutputError` now if ``target`` could not be written later
    (a device, a folder, a missing folder), so a long run fails before it starts."""
    _mode_for(Path(os.path.realpath(target)), str(target))


def write_text_safely(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically; raise :class:`OutputError`."""
    write_chunks_safely(target, (text,))


def write_chunks_safely(target: Path, chunks: Iterable[str]) -> None:
    """Write the text ``chunks`` make, one after the other (UTF-8), to ``target``
    atomically; raise :class:`OutputError`."""
    destination = Path(os.path.realpath(target))
    shown = str(target)
    mode = _mode_for(destination, shown)
    folder = destination.parent
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".partial", dir=folder
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(destination)
    except OSError as exc:
        _remove(temporary)
        raise OutputError(shown, describe_os_error(exc)) from exc
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(folder)


def _mode_for(destination: Path, shown: str) -> int:
    """The permission bits the written file gets; refuses what must not be replaced."""
    if not destination.parent.is_dir():
        raise OutputError(shown, f"the folder {destination.parent} does not exist; create it first")
    try:
        found = destination.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError as exc:
        raise OutputError(shown, describe_os_error(exc)) from exc
    if stat.S_ISDIR(found.st_mode):
        raise OutputError(shown, "is a folder; give a file name")
    if not stat.S_ISREG(found.st_mode):
        kind = (
            "a device"
            if stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode)
            else "a pipe"
            if stat.S_ISFIFO(found.st_mode)
            else "a socket"
            if stat.S_ISSOCK(found.st_mode)
            else "not a regular file"
        )
        raise OutputError(
            shown,
            f"is {kind}, not a regular file; rashomon only replaces regular files"
            " (give a file name, or '-' to write to standard output)",
        )
    return stat.S_IMODE(found.st_mode)


def describe_os_error(exc: OSError) -> str:
    """What an operating-system error means for the user, and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full (or the file is over a size limit); free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; choose a folder you can write to"
    if exc.errno == errno.EROFS:
        return "the disk is read-only; choose a writable folder"
    return f"cannot write the file ({exc.strerror or exc})"


def _remove(path: str) -> None:
    # nothing more can be done if this fails; the original error is reported
    with contextlib.suppress(OSError):
        Path(path).unlink()


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every platform opens folders
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on folders
        pass
    finally:
        os.close(descriptor)
