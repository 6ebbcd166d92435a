"""Opening the database: a SQLite file by default, PostgreSQL by URL.

SQLite runs in WAL mode with foreign keys on: readers never block the writer,
and a killed process leaves the last committed transaction intact, which is
what makes an interrupted run resumable. The schema is brought to the current
Alembic revision on open.

Decisions that make two processes on one database safe
(docs/reliability.md lists the guarantees and their tests):

- **Every write transaction takes the database's write lock when it starts**
  (SQLite ``BEGIN IMMEDIATE``; on PostgreSQL a transaction-scoped advisory
  lock). What a writer reads inside its transaction (is this content already
  stored?) therefore cannot change before it commits, and a second writer
  waits (up to ``busy_timeout``) instead of failing at commit.
- **Creating and migrating a database is such a write transaction**, so two
  processes that create one database at once do not both build the tables.
- **A read that must be consistent runs in one snapshot**
  (:meth:`Database.snapshot`): ``export`` sees one committed state even while
  ``analyze`` commits in another process.
- **Read-only commands open the file read-only** (and ``immutable`` on
  read-only media, where SQLite could not create its shared-memory file), so
  a database on a CD, a read-only mount or a write-protected share can be read.
- **A file that is not a rashomon database is refused before anything is
  changed** (it is first inspected through a read-only connection; switching
  it to WAL mode would alter it).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from rashomon import hooks
from rashomon.errors import StoreError
from rashomon.store.schema import SCHEMA_REVISION

# Ids per IN (...) query: well under SQLite's variable limit.
LOOKUP_CHUNK = 500
# How long a writer waits for another process's write transaction, in milliseconds.
BUSY_TIMEOUT_MS = 60_000
# The PostgreSQL advisory lock every rashomon write transaction holds: "rashomon" in
# ASCII, which fits the signed 64-bit key PostgreSQL takes.
_PG_WRITE_LOCK = 0x7261_7368_6F6D_6F6E
_WRITE_OPTION = "rashomon_write"


def utc_now() -> str:
    """The time rows are stamped with (UTC, ISO 8601, seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def utc_stamp() -> str:
    """A row's version stamp (UTC, ISO 8601, microseconds: two writes differ)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


DEFAULT_DB = "rashomon.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: str) -> str:
    """A SQLAlchemy URL from what the user typed: a file path or a full URL."""
    if "://" in db:
        return db.replace("postgres://", "postgresql+psycopg://", 1).replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    return f"sqlite:///{Path(db).expanduser()}"


def shown_name(db: str) -> str:
    """``db`` as it may be printed: a URL's password is masked."""
    if "://" not in db:
        return db
    try:
        return sa.engine.make_url(database_url(db)).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return db.split("://", 1)[0] + "://***"


class Database:
    """One database and the three ways rashomon uses it: short reads, write
    transactions that hold the write lock, and consistent snapshots."""

    def __init__(self, engine: Engine, name: str, *, read_only: bool = False) -> None:
        self.engine = engine
        self.name = name
        self.read_only = read_only
        self._writer = engine.execution_options(**{_WRITE_OPTION: True})
        self._snapshot: Connection | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection to read with: the open snapshot's, or a new short one."""
        if self._snapshot is not None:
            yield self._snapshot
            return
        with _released_on_interrupt(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction, holding the database's write lock from its start."""
        if self.read_only:
            raise StoreError(f"{self.name}: opened read-only; this command cannot write to it")
        if self._snapshot is not None:
            raise RuntimeError("a write inside a read snapshot would not be seen by it")
        with _released_on_interrupt(), self._writer.begin() as connection:
            if self.dialect == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK}
                )
            yield connection

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside the block sees the same committed state (one transaction)."""
        if self._snapshot is not None:
            yield
            return
        connection = self.engine.connect()
        if self.dialect == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        try:
            connection.begin()
            # SQLite fixes a reader's snapshot at its first read of the file
            connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar()
            self._snapshot = connection
            yield
        finally:
            self._snapshot = None
            connection.rollback()
            connection.close()

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _released_on_interrupt() -> Iterator[None]:
    """Let go of a connection that an interrupt (Ctrl-C, SIGTERM) stopped mid-statement.

    SQLAlchemy invalidates such a connection instead of rolling it back, and
    sqlite3 closes it lazily: while a cursor of the interrupted statement is
    still alive — kept by the frames of the interrupt's own traceback — the
    connection lingers with its transaction open and the write lock held, and the
    run's last write (marking it interrupted) waits the whole busy timeout for it.
    Clearing the finished frames frees the cursor, which lets sqlite3 finish the
    close and roll the transaction back.
    """
    try:
        yield
    except (KeyboardInterrupt, SystemExit) as exc:
        traceback.clear_frames(exc.__traceback__)
        raise


def open_database(db: str, *, create: bool = True, read_only: bool = False) -> Database:
    """A database on an up-to-date schema.

    ``create=False`` refuses a missing SQLite file; ``read_only`` opens it for
    reading only (and refuses one that would need a schema upgrade).
    """
    name = shown_name(db)
    url = database_url(db)
    sqlite_path: Path | None = None
    if url.startswith("sqlite:///"):
        sqlite_path = Path(db).expanduser()
        if (not create or read_only) and not sqlite_path.exists():
            raise StoreError(
                f"{name}: no such database; run `rashomon ingest PATH --db {name}` first"
            )
        _refuse_foreign_sqlite(sqlite_path, name)
        if read_only:
            url = _read_only_url(sqlite_path)
        elif not sqlite_path.expanduser().resolve().parent.is_dir():
            folder = sqlite_path.expanduser().resolve().parent
            raise StoreError(f"{name}: the folder {folder} does not exist; create it first")
        elif not _writable_folder(sqlite_path.expanduser().resolve().parent):
            raise StoreError(
                f"{name}: cannot write here (a read-only disk, or a folder you cannot write"
                " to); commands that only read the database (articles, show, stories, story,"
                " compare, timeline, export) still work, or copy it somewhere writable"
            )
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(f"{name}: cannot open the database ({_first_line(exc)})") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_setup(read_only=read_only))
        sa.event.listen(engine, "begin", _sqlite_begin)
    hooks.watch_commits(engine)
    database = Database(engine, name, read_only=read_only)
    try:
        _migrate(database)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(f"{name}: cannot open the database ({_first_line(exc.orig)})") from exc
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"{name}: not a rashomon database ({_first_line(exc.orig)})") from exc
    except StoreError:
        engine.dispose()
        raise
    return database


def open_engine(db: str, *, create: bool = True) -> Engine:
    """The engine of :func:`open_database` (for tools that need plain SQLAlchemy)."""
    return open_database(db, create=create).engine


def _first_line(error: object) -> str:
    """An error's own message, first line only: never the SQL or its parameters."""
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__


def _read_only_url(path: Path) -> str:
    resolved = path.resolve()
    immutable = not _writable_folder(resolved.parent)
    query = "mode=ro&immutable=1&uri=true" if immutable else "mode=ro&uri=true"
    return f"sqlite:///file:{resolved.as_posix()}?{query}"


def _writable_folder(folder: Path) -> bool:
    """Can SQLite create its -wal and -shm files beside the database?"""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _refuse_foreign_sqlite(path: Path, name: str) -> None:
    """Refuse, without changing it, a file that is not a rashomon database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise StoreError(f"{name}: is a folder, not a database file; give --db a file name")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StoreError(f"{name}: cannot read the database ({exc.strerror})") from exc
    if header != b"SQLite format 3\x00":
        raise StoreError(
            f"{name}: not a rashomon database (not an SQLite file); give --db a new file name"
        )
    uri = f"file:{path.resolve().as_posix()}?mode=ro"
    if not _writable_folder(path.resolve().parent):
        uri += "&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            tables = sorted(
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%'"
                )
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{name}: not a rashomon database ({exc})") from exc
    if tables and "alembic_version" not in tables:
        shown = ", ".join(tables[:5]) + (" ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{name}: not a rashomon database (it already holds other tables: {shown});"
            " give --db a new file name"
        )


def _sqlite_setup(*, read_only: bool) -> Any:
    def setup(dbapi_connection: Any, _record: Any) -> None:
        # transactions are begun by _sqlite_begin, so that writers can BEGIN IMMEDIATE
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return setup


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def current_revision(connection: Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    value = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def _migrate(database: Database) -> None:
    with database.reading() as connection:
        revision = current_revision(connection)
    if revision == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    if revision is not None and revision not in known:
        raise StoreError(_newer(database.name, revision))
    if database.read_only:
        raise StoreError(
            f"{database.name}: made by an older rashomon (schema revision {revision}); it is"
            " opened read-only, so it cannot be upgraded — run a command that writes"
            " (`rashomon analyze`) on a writable copy first"
        )
    try:
        # the write lock makes a second process wait here, then find the schema built
        with database.writing() as connection:
            revision = current_revision(connection)
            if revision == SCHEMA_REVISION:
                return
            if revision is None:
                tables = sorted(sa.inspect(connection).get_table_names())
                if tables:
                    shown = ", ".join(tables[:5]) + (" ..." if len(tables) > 5 else "")
                    raise StoreError(
                        f"{database.name}: not a rashomon database (it already holds other"
                        f" tables: {shown}); give --db a new file name"
                    )
            elif revision not in known:
                raise StoreError(_newer(database.name, revision))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as exc:
        raise StoreError(
            f"{database.name}: cannot bring the database schema up to date ({_first_line(exc)})"
        ) from exc


def _newer(name: str, revision: str) -> str:
    return (
        f"{name}: made by a newer rashomon (schema revision {revision}, this version knows"
        f" up to {SCHEMA_REVISION}); upgrade rashomon to open it"
    )
