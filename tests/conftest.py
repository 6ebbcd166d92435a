"""Shared fixtures: the real sample articles, a fresh database, the CLI runner."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from rashomon.cli.app import app
from rashomon.model import Article, InputFormat, SourceRef
from rashomon.store import Store
from rashomon.store.repository import StoredArticle

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DATASETS = SHARED / "datasets"
EXAMPLES = REPO / "examples" / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "200"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real seed articles (../shared/corpus/seeds), or skip when absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"the sample articles are not here ({SEEDS}); they live beside the repo")
    return SEEDS


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    if not DATASETS.is_dir():
        pytest.skip(f"the public data sets are not here ({DATASETS})")
    return DATASETS


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The seed articles' cleaned text (headline excluded), as ingest stores it."""
    from rashomon.ingest import IngestOptions, ingest

    store = Store.open(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    try:
        report = ingest([str(seeds_dir)], store, IngestOptions(workers=1))
        assert not report.errors, report.errors
        return {a.id: a.text for a in store.iter_articles()}
    finally:
        store.close()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture
def store(db_path: str) -> Store:
    opened = Store.open(db_path)
    yield opened  # type: ignore[misc]
    opened.close()


CliRun = Callable[..., Result]


@pytest.fixture
def cli() -> CliRun:
    """Run the rashomon CLI in-process: ``cli("ingest", path, "--db", db)``."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


def store_articles(store: Store, *ids: str) -> None:
    """Store minimal articles with these ids, bypassing ingest (which sanitises ids)."""
    run_id = store.start_run(["test"])
    batch = [
        StoredArticle(
            Article(
                id=key,
                title=f"Article {key}",
                text=f"Text of {key}.",
                raw_text=f"Text of {key}.",
                content_hash=hashlib.sha256(key.encode()).hexdigest(),
                source=SourceRef(f"{number}.txt", InputFormat.TEXT),
            ),
            signature=b"",
        )
        for number, key in enumerate(ids)
    ]
    store.write_batch(run_id, batch, [])
    store.finish_run(run_id, "complete", {})
