"""The edge of the program: every failure becomes one line and a documented exit code.

Errors are translated here and nowhere else (the stages raise; the CLI explains).
A message names what failed and what to do; it never carries article text, SQL,
query parameters or a password (a database URL is shown with its password
masked). ``RASHOMON_DEBUG=1`` lets the traceback through, for bug reports.

Exit codes: 2 the command could not run (including a database, disk or internal
error), 130 interrupted (Ctrl-C or SIGTERM: what was committed is kept).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

EXIT_CANNOT_RUN = 2
EXIT_INTERRUPTED = 130
DEBUG = "RASHOMON_DEBUG"

_database: list[str] = []  # the database the running command opened, as it may be shown


def using_database(name: str) -> None:
    """Say which database the running command uses (named in database errors)."""
    _database[:] = [name]


class Interrupted(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the run stops, what was committed is kept."""


class RashomonGroup(TyperGroup):
    """The command group: runs each command inside :func:`translated_errors`."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        with translated_errors():
            return super().invoke(ctx)


@contextmanager
def translated_errors() -> Iterator[None]:
    """Run a command; turn what it raises into one line on stderr and an exit code."""
    from rashomon.errors import RashomonError

    previous = _on_sigterm()
    try:
        yield
    except (Exit, Abort, TyperException):  # the command's own exit, usage errors
        raise
    except KeyboardInterrupt:
        _say(
            "interrupted: every batch committed so far is kept; run the same command again"
            " to resume",
            prefix="",
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except RashomonError as exc:
        _say(str(exc))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except Exception as exc:
        if os.environ.get(DEBUG):
            raise
        _say(describe_failure(exc))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    finally:
        _restore_sigterm(previous)
        _database.clear()


def describe_failure(exc: BaseException) -> str:
    """One line for an unexpected failure: a database or disk error, else a bug."""
    import sqlalchemy as sa

    if isinstance(exc, sa.exc.DBAPIError | sa.exc.SQLAlchemyError):
        return _database_failure(exc)
    if isinstance(exc, OSError):
        from rashomon.report.output import describe_os_error

        where = exc.filename if isinstance(exc.filename, str) else "a file"
        return f"{where}: {describe_os_error(exc)}"
    if isinstance(exc, MemoryError):
        return "ran out of memory; close other programs, or give rashomon fewer files at once"
    return (
        f"internal error ({type(exc).__name__}); nothing committed is lost — please report"
        f" this with the command you ran (set {DEBUG}=1 to see the details)"
    )


def _database_failure(exc: BaseException) -> str:
    from rashomon.report.untrusted import strip_controls

    name = _database[0] if _database else "the database"
    original = getattr(exc, "orig", None) or exc
    first = (str(original).strip().splitlines() or [type(original).__name__])[0]
    reason = strip_controls(first)[:200]
    lowered = reason.lower()
    if "full" in lowered or "no space" in lowered:
        advice = "the disk is full; free some space and run the same command again"
    elif "readonly" in lowered or "read-only" in lowered:
        advice = (
            "the database is read-only (a read-only disk or file); copy it somewhere"
            " writable, or use a command that only reads it"
        )
    elif "locked" in lowered or "busy" in lowered:
        advice = (
            "another process kept the database locked for too long; wait for it to finish"
            " and run the same command again"
        )
    elif "i/o" in lowered or "malformed" in lowered or "corrupt" in lowered:
        advice = f"the database file or its disk is damaged ({reason}); check the disk"
    elif "connect" in lowered or "connection" in lowered:
        advice = f"cannot reach the database server ({reason})"
    else:
        advice = f"a database operation failed ({reason}); please report this if it recurs"
    return f"{name}: {advice} — everything committed before is kept"


def _say(message: str, *, prefix: str = "error: ") -> None:
    from rashomon.report.untrusted import strip_controls

    sys.stderr.write(f"{prefix}{strip_controls(message)}\n")
    sys.stderr.flush()


def _on_sigterm() -> Any:
    def interrupt(_signum: int, _frame: object) -> None:
        raise Interrupted

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding program's worker)
        return None


def _restore_sigterm(previous: Any) -> None:
    if previous is None:
        return
    with contextlib.suppress(ValueError):  # same thread as _on_sigterm
        signal.signal(signal.SIGTERM, previous)
