"""The JSON export is rashomon's machine contract: valid, complete, and documented.

Consumers read the export without rashomon installed, so it must match the
JSON Schema shipped in docs/export.schema.json, carry every field they rely on,
trace every cut back to the raw text, and survive a JSON round trip whatever
characters the articles contain.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rashomon import __version__
from rashomon.cli.app import app
from rashomon.report.export import write_export
from rashomon.report.export_model import (
    EXPORT_FORMAT_VERSION,
    ExportArticle,
    ExportDocument,
    ExportRemovedSpan,
    ExportSource,
    export_schema,
)
from tests.conftest import EXAMPLES, REPO

SCHEMA_FILE = REPO / "docs" / "export.schema.json"


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo corpus, ingested and exported with --raw, as parsed JSON."""
    folder = tmp_path_factory.mktemp("export")
    db = str(folder / "demo.db")
    _run("ingest", str(EXAMPLES), "--db", db, "--quiet", "--workers", "1")
    target = folder / "export.json"
    _run("export", "--db", db, "--json", str(target), "--raw")
    data: dict[str, Any] = json.loads(target.read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def articles(exported: dict[str, Any]) -> list[dict[str, Any]]:
    return list(exported["articles"])


def test_export_validates_against_the_json_schema(exported: dict[str, Any]) -> None:
    """What we write is what docs/export.schema.json promises (checked with jsonschema)."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(exported)


def test_export_validates_against_the_export_model(exported: dict[str, Any]) -> None:
    """The written file parses back into the pydantic models the schema is generated from."""
    document = ExportDocument.model_validate(exported)
    assert len(document.articles) == 25


def test_export_header_names_format_and_version(exported: dict[str, Any]) -> None:
    """A consumer can tell which format and which rashomon wrote the file, and when."""
    assert exported["format_version"] == EXPORT_FORMAT_VERSION
    assert exported["rashomon_version"] == __version__
    generated = dt.datetime.fromisoformat(exported["generated_at"])
    assert generated.tzinfo is not None


REQUIRED_FIELDS = [
    "id",
    "title",
    "outlet",
    "url",
    "published",
    "language",
    "text",
    "removed",
    "duplicate_of",
    "warnings",
]


def test_schema_requires_the_fields_consumers_rely_on() -> None:
    """The schema itself marks every field consumers rely on as required."""
    required = set(export_schema()["$defs"]["ExportArticle"]["required"])
    assert set(REQUIRED_FIELDS) <= required
    span = export_schema()["$defs"]["ExportRemovedSpan"]
    assert set(span["required"]) == {"start", "end", "rule", "text"}


def test_every_article_has_the_required_fields(articles: list[dict[str, Any]]) -> None:
    """id, title, outlet, url, published, language, text, removed, duplicate_of, warnings."""
    for article in articles:
        missing = [f for f in REQUIRED_FIELDS if f not in article]
        assert missing == [], (article["id"], missing)
        assert isinstance(article["id"], str) and article["id"]
        assert isinstance(article["title"], str) and article["title"]
        assert isinstance(article["text"], str) and article["text"].strip()
        assert isinstance(article["warnings"], list)
        assert all(isinstance(w, str) for w in article["warnings"])
        for span in article["removed"]:
            assert set(span) == {"start", "end", "rule", "text"}
            assert 0 <= span["start"] <= span["end"]


def _is_iso(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_published_is_an_iso_date_or_null(articles: list[dict[str, Any]]) -> None:
    """Dates are machine-readable ISO 8601, never free text like '10 March'."""
    values = [a["published"] for a in articles]
    assert any(v is None for v in values) and any(v is not None for v in values)
    for value in values:
        assert value is None or _is_iso(value), value


def test_article_ids_are_unique_and_copies_point_at_exported_articles(
    articles: list[dict[str, Any]],
) -> None:
    """duplicate_of always names an article in the same export."""
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))
    for article in articles:
        assert article["duplicate_of"] is None or article["duplicate_of"] in ids


def test_removed_text_is_the_raw_text_at_its_offsets(articles: list[dict[str, Any]]) -> None:
    """With --raw, every cut can be found in the raw text at exactly its offsets."""
    spans = 0
    for article in articles:
        raw = article["raw_text"]
        assert isinstance(raw, str)
        for span in article["removed"]:
            assert span["text"] == raw[span["start"] : span["end"]], (article["id"], span)
            spans += 1
    assert spans > 40


def test_text_is_the_raw_text_without_the_removed_spans(articles: list[dict[str, Any]]) -> None:
    """Kept text plus cuts partition the raw text: nothing vanishes unaccounted for."""
    for article in articles:
        raw, pos, kept = article["raw_text"], 0, []
        for span in sorted(article["removed"], key=lambda s: s["start"]):
            assert span["start"] >= pos, article["id"]
            kept.append(raw[pos : span["start"]])
            pos = span["end"]
        kept.append(raw[pos:])
        assert "".join(kept) == article["text"], article["id"]


def test_export_without_raw_leaves_raw_text_null(tmp_path: Path) -> None:
    """Raw text is opt-in (--raw): the default export stays small."""
    db = str(tmp_path / "one.db")
    _run("ingest", str(EXAMPLES / "txt" / "continental-wire-ferry-fire.txt"), "--db", db, "-q")
    data = json.loads(_run("export", "--db", db, "--json", "-"))
    [article] = data["articles"]
    assert article["raw_text"] is None
    assert article["id"] == "continental-wire-ferry-fire"


def test_export_file_is_utf8_with_readable_non_ascii(tmp_path: Path) -> None:
    """Names like 'Vršič' are written as characters, not \\u escapes."""
    document = ExportDocument(
        rashomon_version=__version__,
        generated_at="2024-05-27T10:45:00+00:00",
        articles=[_article("Vršič closed again", "Kranjska Gora, Šempeter and Tórshavn.")],
    )
    target = tmp_path / "out.json"
    write_export(document, target)
    text = target.read_text("utf-8")
    assert "Vršič" in text and "\\u" not in text
    assert ExportDocument.model_validate_json(text) == document
    assert list(tmp_path.iterdir()) == [target], "no .partial file is left behind"


def test_docs_schema_file_matches_the_schema_command() -> None:
    """docs/export.schema.json is generated from the code and must not drift from it."""
    if not SCHEMA_FILE.exists():
        pytest.fail(f"{SCHEMA_FILE} is missing: run `make schema` to generate it")
    printed = _run("schema")
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == json.loads(printed), (
        "docs/export.schema.json is out of date: run `make schema`"
    )
    assert SCHEMA_FILE.read_text("utf-8") == printed


def test_schema_command_prints_a_draft_2020_12_schema() -> None:
    """`rashomon schema` prints a standalone JSON Schema document."""
    schema = json.loads(_run("schema"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "rashomon export"
    assert schema["additionalProperties"] is False


# -- round trip -------------------------------------------------------------------


def _article(title: str, text: str) -> ExportArticle:
    return ExportArticle(
        id="a1",
        title=title,
        outlet=None,
        country=None,
        url=None,
        published=None,
        language="en",
        text=text,
        removed=[],
        duplicate_of=None,
        warnings=[],
        source=ExportSource(path="in.txt", format="text"),
        extra={},
    )


# Odd Unicode: control characters, bidi overrides, line/paragraph separators,
# combining marks, astral emoji, NUL; everything except lone surrogates, which
# no UTF-8 file can hold.
ODD = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x1b", "\u202e", "\u2028", "\u2029", "\ufeff", "\u0301", "🚢"]),
    ),
    max_size=40,
)
OPTIONAL = st.none() | ODD
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | ODD,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ODD, inner, max_size=3),
    max_leaves=8,
)
SPANS = st.builds(
    ExportRemovedSpan,
    start=st.integers(min_value=0, max_value=10_000),
    end=st.integers(min_value=0, max_value=10_000),
    rule=ODD,
    text=ODD,
)
SOURCES = st.builds(
    ExportSource,
    path=ODD,
    format=st.sampled_from(["text", "markdown", "html", "jsonl", "json", "feed", "warc"]),
    locator=OPTIONAL,
)
ARTICLES = st.builds(
    ExportArticle,
    id=ODD,
    title=ODD,
    outlet=OPTIONAL,
    country=OPTIONAL,
    url=OPTIONAL,
    published=OPTIONAL,
    fetched=OPTIONAL,
    author=OPTIONAL,
    language=OPTIONAL,
    text=ODD,
    removed=st.lists(SPANS, max_size=3),
    duplicate_of=OPTIONAL,
    warnings=st.lists(ODD, max_size=3),
    source=SOURCES,
    extra=st.dictionaries(ODD, JSON_VALUES, max_size=3),
    raw_text=OPTIONAL,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ARTICLES, max_size=3), ODD)
def test_export_document_survives_a_json_round_trip(
    articles: list[ExportArticle], version: str
) -> None:
    """Whatever characters articles hold, the JSON export reads back to the same document."""
    document = ExportDocument(rashomon_version=version, generated_at="now", articles=articles)
    assert ExportDocument.model_validate_json(document.model_dump_json()) == document
    assert ExportDocument.model_validate(json.loads(document.model_dump_json())) == document


@settings(max_examples=60, deadline=None)
@given(st.lists(ARTICLES, max_size=3))
def test_export_file_holds_the_documents_json_values(
    tmp_path_factory: pytest.TempPathFactory, articles: list[ExportArticle]
) -> None:
    """The file (pydantic's JSON writer) reads back to exactly the values of
    ``model_dump(mode="json")``, which consumers' JSON readers see; every float too."""
    document = ExportDocument(rashomon_version="1", generated_at="now", articles=articles)
    target = tmp_path_factory.mktemp("written") / "export.json"
    write_export(document, target)
    text = target.read_text("utf-8")
    assert text.endswith("}\n")
    assert json.loads(text) == document.model_dump(mode="json")
