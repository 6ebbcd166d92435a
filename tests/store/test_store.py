"""The store: schema and migrations agree, the database is safe to reopen, bad
databases are refused with a message a user can act on, and ingest stores each
report once."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import alembic.command
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import Result
from typer.testing import CliRunner

from rashomon.cli.app import app
from rashomon.errors import StoreError
from rashomon.ingest import ingest
from rashomon.model import IngestReport
from rashomon.store import Store
from rashomon.store.database import MIGRATIONS
from rashomon.store.schema import SCHEMA_REVISION, metadata
from tests.conftest import store_articles

STORY = """\
Harbour cranes stand idle as dock workers strike for a second week

Dock workers at the port of Velmar walked off the job for a second week on Monday,
leaving container ships anchored offshore and stacks of refrigerated cargo waiting
on the quays, as talks between the union and the port authority broke down again.

The union says its members have worked without a new contract for fourteen months
and that overtime rules introduced last spring have cut take-home pay for night
crews. The port authority says it has offered a raise in line with inflation and
accused union leaders of refusing to put the offer to a vote.

Shipping agents estimate that more than forty vessels are now waiting to berth.
Several fruit importers said they had begun diverting cargo to ports further up
the coast, adding two days to delivery times and raising costs for retailers.

A mediator appointed by the labour ministry is expected to meet both sides on
Thursday. Neither side would say whether a deal was close.
"""

OTHER_STORY = """\
City council approves new tram line after a decade of delays

The city council voted on Tuesday to build a tram line linking the northern suburbs
to the central station, ending a debate that has run for more than ten years and
outlasted three mayors.

The line will run for eleven kilometres with fourteen stops, and the first trams are
due to carry passengers in four years. Supporters say it will take thousands of cars
off the ring road each morning; opponents warned that the budget leaves no margin for
the soft ground along the river.

Construction is due to start next spring, once the contracts have been tendered.
"""


def _write(path: Path, text: str, **front_matter: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = ""
    if front_matter:
        head = "---\n" + "".join(f"{k}: {v}\n" for k, v in front_matter.items()) + "---\n"
    path.write_text(head + text, encoding="utf-8")
    return path


CliRun = Callable[..., Result]


def _skipped_codes(report: IngestReport) -> list[str]:
    return [p.code for p in report.skipped]


# -- schema and migrations ------------------------------------------------------


def test_migrations_build_exactly_the_schema_in_schema_py(store: Store) -> None:
    """The tables Alembic creates are the ones the code reads and writes."""
    with store.database.reading() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    # The comparison is not vacuous: against an empty database it sees every table.
    empty = sa.create_engine("sqlite://")
    with empty.connect() as connection:
        added = compare_metadata(MigrationContext.configure(connection), metadata)
    assert {diff[1].name for diff in added if diff[0] == "add_table"} == set(metadata.tables)


def test_schema_revision_is_the_alembic_head() -> None:
    """A database is only called up to date when it is at the newest migration."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [SCHEMA_REVISION]


def test_new_database_records_the_schema_revision(store: Store, db_path: str) -> None:
    """A fresh database says which schema it has, so later versions can upgrade it."""
    with sqlite3.connect(db_path) as connection:
        versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [(SCHEMA_REVISION,)]


def test_sqlite_database_uses_wal_and_foreign_keys(store: Store, db_path: str) -> None:
    """Readers never block an ingest, and removed spans cannot outlive their article."""
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with store.database.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(sa.exc.IntegrityError):
            connection.exec_driver_sql(
                "INSERT INTO removed_spans (article_id, position, span_start, span_end, rule)"
                " VALUES ('no-such-article', 0, 0, 1, 'test')"
            )


def test_reopening_a_database_does_not_rerun_migrations(
    db_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the same database again is cheap and keeps what it holds."""
    upgrades: list[str] = []
    real_upgrade = alembic.command.upgrade

    def counting_upgrade(config: Config, revision: str, **kwargs: object) -> None:
        upgrades.append(revision)
        real_upgrade(config, revision, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(alembic.command, "upgrade", counting_upgrade)
    first = Store.open(db_path)
    try:
        ingest([str(_write(tmp_path / "strike.txt", STORY))], first)
    finally:
        first.close()
    assert upgrades == ["head"]

    second = Store.open(db_path)
    third = Store.open(db_path, create=False)
    try:
        assert upgrades == ["head"], "migrations ran again on an up-to-date database"
        assert second.count() == third.count() == 1
    finally:
        second.close()
        third.close()
    with sqlite3.connect(db_path) as connection:
        versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [(SCHEMA_REVISION,)]


def test_a_store_from_before_local_actor_ids_keeps_its_ids_as_the_local_ones(
    tmp_path: Path,
) -> None:
    """Revision 0009 keeps each actor's own id beside the linked one; a store made
    before it had only the linked ids, which become the local ones (actors only)."""
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        alembic.command.upgrade(config, "0008")
        rows = [
            ("a1", 0, "Philip Reeker", "person", "person:philip-reeker"),
            ("a1", 1, "OSCE", "organisation", "org:osce"),
            ("a1", 2, "12", "number", "12"),
        ]
        for article, position, text, kind, canonical in rows:
            connection.exec_driver_sql(
                "INSERT INTO mentions (article_id, position, span_start, span_end, text, type,"
                " canonical) VALUES (?, ?, 0, 1, ?, ?, ?)",
                (article, position, text, kind, canonical),
            )
        connection.exec_driver_sql(
            "INSERT INTO quotes (article_id, position, span_start, span_end, kind, speaker_id)"
            " VALUES ('a1', 0, 5, 9, 'direct', 'person:philip-reeker')"
        )
    engine.dispose()
    Store.open(str(path)).close()  # upgrades
    with sqlite3.connect(path) as connection:
        local = connection.execute(
            "SELECT position, local_canonical FROM mentions ORDER BY position"
        ).fetchall()
        speakers = connection.execute("SELECT local_speaker_id FROM quotes").fetchall()
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert local == [(0, "person:philip-reeker"), (1, "org:osce"), (2, None)]
    assert speakers == [("person:philip-reeker",)]
    assert version == [(SCHEMA_REVISION,)]


# -- databases that cannot be used ------------------------------------------------


def test_missing_database_is_not_created_when_only_reading(tmp_path: Path) -> None:
    """`rashomon articles` on a mistyped path says so and suggests `rashomon ingest`."""
    missing = tmp_path / "nowhere.db"
    with pytest.raises(StoreError) as raised:
        Store.open(str(missing), create=False)
    message = str(raised.value)
    assert str(missing) in message
    assert "rashomon ingest" in message
    assert not missing.exists()


def test_missing_database_from_the_cli_exits_2_with_the_hint(cli: CliRun, tmp_path: Path) -> None:
    """The CLI turns a missing database into one readable line and exit code 2."""
    missing = tmp_path / "nowhere.db"
    result = cli("articles", "--db", missing)
    assert result.exit_code == 2
    assert "rashomon ingest" in result.stderr
    assert "Traceback" not in result.output
    assert not missing.exists()


@pytest.mark.parametrize(
    "content",
    [
        "just a few words\n",
        "These are my notes, not a database.\n" * 200,
    ],
    ids=["short-text", "long-text"],
)
def test_text_file_named_db_is_refused_and_left_untouched(tmp_path: Path, content: str) -> None:
    """Pointing --db at some other file gives a clear error and never overwrites it."""
    notes = tmp_path / "x.db"
    notes.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        Store.open(str(notes))
    message = str(raised.value)
    assert str(notes) in message
    assert "not a rashomon database" in message
    assert notes.read_text(encoding="utf-8") == content


def test_text_file_named_db_from_the_cli_exits_2(cli: CliRun, tmp_path: Path) -> None:
    """The CLI reports an unusable database as an error line, not a traceback."""
    notes = tmp_path / "x.db"
    notes.write_text("These are my notes, not a database.\n" * 200, encoding="utf-8")
    result = cli("ingest", _write(tmp_path / "strike.txt", STORY), "--db", notes)
    assert result.exit_code == 2
    assert "not a rashomon database" in result.stderr
    assert "Traceback" not in result.output


def _made_by_a_newer_rashomon(db_path: str) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")


def test_database_from_a_newer_version_is_refused_with_store_error(db_path: str) -> None:
    """A database written by a newer rashomon is refused with a message, not a crash."""
    _made_by_a_newer_rashomon(db_path)
    with pytest.raises(StoreError) as raised:
        Store.open(db_path)
    assert db_path in str(raised.value)
    assert "newer rashomon" in str(raised.value)


def test_database_from_a_newer_version_from_the_cli_exits_2(db_path: str) -> None:
    """The CLI reports a too-new database as an error line with exit code 2."""
    _made_by_a_newer_rashomon(db_path)
    result = CliRunner().invoke(app, ["articles", "--db", db_path])
    assert result.exit_code == 2, result.exception
    assert "error:" in result.stderr and "upgrade rashomon" in result.stderr
    assert "Traceback" not in result.output


# -- ingest stores each report once --------------------------------------------------


def test_ingesting_the_same_file_twice_stores_it_once(store: Store, tmp_path: Path) -> None:
    """Rerunning an ingest is safe: what is stored is skipped, not stored again."""
    path = str(_write(tmp_path / "strike.txt", STORY))
    first = ingest([path], store)
    assert first.ingested == ("strike",)
    assert not first.problems

    second = ingest([path], store)
    assert second.ingested == ()
    assert _skipped_codes(second) == ["already-stored"]
    assert "already in the database as strike" in second.skipped[0].message
    assert store.count() == 1
    assert [run.status for run in store.runs()] == ["complete", "complete"]


def test_ingesting_the_same_file_twice_from_the_cli_says_already_stored(
    cli: CliRun,
    tmp_path: Path,
    db_path: str,
) -> None:
    """The rerun's summary tells the user the article was already in the database."""
    path = _write(tmp_path / "strike.txt", STORY)
    assert cli("ingest", path, "--db", db_path).exit_code == 0
    again = cli("ingest", path, "--db", db_path)
    assert again.exit_code == 0
    assert "Ingested 0 articles" in again.stderr
    assert "1 already in the database" in again.stderr


def test_same_text_under_another_file_name_is_skipped(store: Store, tmp_path: Path) -> None:
    """A copy of a file already ingested (same outlet and URL) is the same report."""
    meta = {"outlet": "Velmar Gazette", "url": "https://gazette.example/strike"}
    ingest([str(_write(tmp_path / "strike.txt", STORY, **meta))], store)
    report = ingest([str(_write(tmp_path / "copy-of-strike.txt", STORY, **meta))], store)
    assert report.ingested == ()
    assert _skipped_codes(report) == ["already-stored"]
    assert store.count() == 1
    assert store.get("copy-of-strike") is None


def test_same_text_from_another_outlet_is_stored_as_a_syndicated_copy(
    store: Store, tmp_path: Path
) -> None:
    """A wire story run by two outlets is two reports, the second marked as a copy."""
    ingest([str(_write(tmp_path / "gazette.txt", STORY, outlet="Velmar Gazette"))], store)
    report = ingest([str(_write(tmp_path / "courier.txt", STORY, outlet="Coast Courier"))], store)
    assert report.ingested == ("courier",)
    assert report.duplicates == (("courier", "gazette"),)
    assert store.count() == 2
    copy = store.get("courier")
    assert copy is not None
    assert copy.outlet == "Coast Courier"
    assert copy.duplicate_of == "gazette"
    original = store.get("gazette")
    assert original is not None
    assert original.duplicate_of is None


@pytest.mark.parametrize("runs", ["one-run", "two-runs"])
def test_files_with_the_same_name_in_different_folders_are_both_stored(
    store: Store, tmp_path: Path, runs: str
) -> None:
    """`a/index.txt` and `b/index.txt` are two articles; the second id gets a suffix."""
    first = _write(tmp_path / "a" / "index.txt", STORY)
    second = _write(tmp_path / "b" / "index.txt", OTHER_STORY)
    if runs == "one-run":
        reports = [ingest([str(tmp_path)], store)]
    else:
        reports = [ingest([str(first)], store), ingest([str(second)], store)]
    ingested = [key for report in reports for key in report.ingested]
    assert len(ingested) == 2
    assert ingested[0] == "index"
    assert ingested[1].startswith("index-") and ingested[1] != "index"
    assert store.get("index").source.path == str(first)  # type: ignore[union-attr]
    renamed = store.get(ingested[1])
    assert renamed is not None
    assert renamed.source.path == str(second)
    assert renamed.title.startswith("City council approves")
    assert any("another article with id index" in w for w in renamed.warnings)
    warnings = [p for report in reports for p in report.warnings]
    assert [p.path for p in warnings] == [str(second)]
    assert ingested[1] in warnings[0].message


# -- lookups ---------------------------------------------------------------------


def test_find_treats_like_wildcards_literally(store: Store) -> None:
    """A short id the user types matches by prefix; `%` and `_` are not wildcards."""
    store_articles(
        store, "a_b-1", "axb-2", "50%off", "50-off", "%lead", "xlead", "back\\slash", "backs"
    )
    assert store.find("a_") == ["a_b-1"]
    assert store.find("a") == ["a_b-1", "axb-2"]
    assert store.find("50%") == ["50%off"]
    assert store.find("%") == ["%lead"]
    assert store.find("_") == []
    assert store.find("back\\") == ["back\\slash"]
    assert store.find("zzz") == []


def test_an_unrelated_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    """rashomon never adds its tables to somebody else's database."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match=r"not a rashomon database.*customers"):
        Store.open(str(path))
    with sqlite3.connect(path) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"customers"}
