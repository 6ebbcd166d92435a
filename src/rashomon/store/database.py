"""Opening the database: a SQLite file by default, PostgreSQL by URL.

SQLite runs in WAL mode with foreign keys on: readers never block the writer,
and a killed process leaves the last committed transaction intact, which is
what makes an interrupted ingest resumable. The schema is brought to the
current Alembic revision on open.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from rashomon.errors import StoreError
from rashomon.store.schema import SCHEMA_REVISION

# Ids per IN (...) query: well under SQLite's variable limit.
LOOKUP_CHUNK = 500


def utc_now() -> str:
    """The time rows are stamped with (UTC, ISO 8601, seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


DEFAULT_DB = "rashomon.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: str) -> str:
    """A SQLAlchemy URL from what the user typed: a file path or a full URL."""
    if "://" in db:
        return db.replace("postgres://", "postgresql+psycopg://", 1).replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    return f"sqlite:///{Path(db).expanduser()}"


def open_engine(db: str, *, create: bool = True) -> Engine:
    """An engine on an up-to-date schema; ``create=False`` refuses a missing SQLite file."""
    url = database_url(db)
    if url.startswith("sqlite:///") and not create and not Path(db).expanduser().exists():
        raise StoreError(f"{db}: no such database; run `rashomon ingest PATH --db {db}` first")
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(f"{db}: cannot open the database ({exc})") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        _migrate(engine, db)
    except sa.exc.OperationalError as exc:
        raise StoreError(f"{db}: cannot open the database ({exc.orig})") from exc
    except sa.exc.DatabaseError as exc:
        raise StoreError(f"{db}: not a rashomon database ({exc.orig})") from exc
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _migrate(engine: Engine, db: str) -> None:
    revision = current_revision(engine)
    if revision == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if revision is None:
        with engine.connect() as connection:
            tables = sorted(sa.inspect(connection).get_table_names())
        if tables:
            shown = ", ".join(tables[:5]) + (" ..." if len(tables) > 5 else "")
            raise StoreError(
                f"{db}: not a rashomon database (it already holds other tables: {shown});"
                " give --db a new file name"
            )
    else:
        known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
        if revision not in known:
            raise StoreError(
                f"{db}: made by a newer rashomon (schema revision {revision}, this version"
                f" knows up to {SCHEMA_REVISION}); upgrade rashomon to open it"
            )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as exc:
        raise StoreError(f"{db}: cannot bring the database schema up to date ({exc})") from exc
