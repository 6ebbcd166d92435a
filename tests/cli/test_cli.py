"""The `rashomon` command line, as a user meets it.

Data goes to stdout (``--json`` for machines), messages to stderr; exit code 2
means the command could not run. Article text is untrusted and is never
interpreted as markup or terminal control sequences.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from rashomon import __version__
from rashomon.cli.app import app
from rashomon.report.corpus import corpus_overview
from rashomon.report.export_model import ExportArticle, ExportDocument, ExportSource
from tests.conftest import EXAMPLES, CliRun

HELP = {
    (): [
        "--version",
        "--help",
        "ingest",
        "analyze",
        "articles",
        "show",
        "export",
        "schema",
        "report",
        "serve",
    ],
    ("ingest",): [
        "--db",
        "--rules",
        "--sources",
        "--max-size",
        "--workers",
        "--json",
        "--quiet",
        "--verbose",
        "RASHOMON_DB",
    ],
    ("analyze",): [
        "--db",
        "--export",
        "--rules",
        "--sources",
        "--max-size",
        "--workers",
        "--quiet",
        "--verbose",
    ],
    ("articles",): ["--db", "--json", "--limit"],
    ("show",): ["--db", "--json", "--raw", "article_id"],
    ("export",): ["--db", "--json", "--raw", "stdout"],
    ("schema",): ["JSON Schema"],
}

PASTED_FERRY = "kestrel-ferry-fire"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the whole demo corpus, shared by the read-only tests."""
    db = str(tmp_path_factory.mktemp("cli") / "demo.db")
    result = invoke("ingest", EXAMPLES, "--db", db, "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.stderr
    return db


# -- help and version ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"), list(HELP.items()), ids=[" ".join(c) or "app" for c in HELP]
)
def test_help_lists_every_option(
    cli: CliRun, command: tuple[str, ...], expected: list[str]
) -> None:
    """`--help` works for the app and every command and mentions all their options."""
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: rashomon")
    for option in expected:
        assert option in result.stdout, option


def test_version_prints_the_package_version(cli: CliRun) -> None:
    """`--version` says which rashomon is installed."""
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"rashomon {__version__}"


def test_version_works_before_a_command(cli: CliRun) -> None:
    """`rashomon --version schema` prints the version and exits before running the command."""
    result = cli("--version", "schema")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"rashomon {__version__}"


HEAVY = ("sqlalchemy", "trafilatura", "spacy", "torch", "datasketch", "feedparser", "warcio")
HEAVY += ("numpy", "pydantic")


def test_importing_the_cli_loads_no_heavy_module() -> None:
    """`--help` starts fast: the CLI module imports no database, NLP or parsing library."""
    code = f"import sys, rashomon.cli.app; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert child.stdout.strip() == "[]"


# -- listing and showing articles ------------------------------------------------------


def test_articles_json_lists_every_article_with_its_fields(demo_db: str, cli: CliRun) -> None:
    """`articles --json` is valid JSON with one object per stored article."""
    result = cli("articles", "--db", demo_db, "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 25
    assert {tuple(sorted(row)) for row in rows} == {
        ("duplicate_of", "id", "language", "outlet", "published", "title", "words")
    }
    by_id = {row["id"]: row for row in rows}
    assert by_id[PASTED_FERRY]["duplicate_of"] == "continental-wire-ferry-fire"
    assert by_id[PASTED_FERRY]["outlet"] == "The Kestrel Gazette"
    assert by_id["nordlicht-rundschau-faehrbrand"]["language"] == "de"
    assert all(isinstance(row["words"], int) and row["words"] > 20 for row in rows)


def test_articles_table_shows_ids_and_counts(demo_db: str, cli: CliRun) -> None:
    """The human listing names each article; the count goes to stderr."""
    result = cli("articles", "--db", demo_db)
    assert result.exit_code == 0
    for column in ("id", "outlet", "published", "lang", "words", "copy of", "title"):
        assert column in result.stdout
    assert PASTED_FERRY in result.stdout
    assert "cw-20240702-1187" in result.stdout
    assert result.stderr.strip() == "25 articles"


def test_articles_limit_caps_the_list(demo_db: str, cli: CliRun) -> None:
    """`--limit N` shows the first N articles."""
    rows = json.loads(cli("articles", "--db", demo_db, "--json", "--limit", "3").stdout)
    assert len(rows) == 3


def test_show_prints_metadata_text_and_removed_spans_with_rules(demo_db: str, cli: CliRun) -> None:
    """`show ID` lets a user see what was kept, what was cut and by which rule."""
    result = cli("show", PASTED_FERRY, "--db", demo_db)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Twelve dead as flames engulf Aegina ferry")
    for line in (
        f"id: {PASTED_FERRY}",
        "outlet: The Kestrel Gazette",
        "country: GB",
        "duplicate of: continental-wire-ferry-fire",
    ):
        assert line in out
    assert "Twelve people were killed and 27 injured" in out
    assert "removed (14)" in out
    for rule in ("section-label", "kicker", "byline", "read-more", "photo-caption", "comment-form"):
        assert re.search(rf"^\s*{rule}\s+\[\d+:\d+\] ", out, re.MULTILINE), rule
    assert "READ MORE: Windermere launch operator fined" in out
    assert "warnings" in out and "taken from the byline" in out


def test_show_accepts_a_unique_id_prefix(demo_db: str, cli: CliRun) -> None:
    """A unique prefix is enough to name an article."""
    result = cli("show", "kestrel-f", "--db", demo_db)
    assert result.exit_code == 0
    assert f"id: {PASTED_FERRY}" in result.stdout


def test_show_with_an_ambiguous_prefix_exits_2_and_lists_the_matches(
    demo_db: str, cli: CliRun
) -> None:
    """An ambiguous prefix is refused, naming the candidates so the user can pick one."""
    result = cli("show", "kestrel", "--db", demo_db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "matches several articles" in result.stderr
    assert "kestrel-ferry-fire" in result.stderr and "kestrel-vrsic-landslide" in result.stderr


def test_show_with_an_unknown_id_exits_2_and_suggests_listing(demo_db: str, cli: CliRun) -> None:
    """An unknown id says how to find the right one."""
    result = cli("show", "no-such-article", "--db", demo_db)
    assert result.exit_code == 2
    assert "no article with id 'no-such-article'" in result.stderr
    assert "rashomon articles" in result.stderr


def test_show_json_is_the_export_article_shape(demo_db: str, cli: CliRun) -> None:
    """`show --json` prints exactly what the export holds for that article."""
    result = cli("show", PASTED_FERRY, "--db", demo_db, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == set(ExportArticle.model_fields)
    article = ExportArticle.model_validate(data)
    assert article.id == PASTED_FERRY
    assert article.raw_text is None
    assert "comment-form" in {span.rule for span in article.removed}
    exported = json.loads(cli("export", "--db", demo_db, "--json", "-").stdout)
    [same] = [a for a in exported["articles"] if a["id"] == PASTED_FERRY]
    assert data == same


def test_show_json_raw_includes_the_raw_text(demo_db: str, cli: CliRun) -> None:
    """With --raw, the JSON carries the text before cleaning, so spans can be checked."""
    data = json.loads(cli("show", PASTED_FERRY, "--db", demo_db, "--json", "--raw").stdout)
    for span in data["removed"]:
        assert data["raw_text"][span["start"] : span["end"]] == span["text"]


def test_show_raw_prints_the_text_before_cleaning(demo_db: str, cli: CliRun) -> None:
    """`show --raw` also prints the raw text, noise included."""
    plain = cli("show", PASTED_FERRY, "--db", demo_db).stdout
    raw = cli("show", PASTED_FERRY, "--db", demo_db, "--raw").stdout
    assert "raw text" in raw and "raw text" not in plain
    tail = raw.split("raw text", 1)[1]
    assert "World news" in tail and "Post Comment" in tail


# -- export ---------------------------------------------------------------------------


def test_export_writes_a_valid_json_file(demo_db: str, cli: CliRun, tmp_path: Path) -> None:
    """`export --json FILE` writes the export document and says so on stderr."""
    target = tmp_path / "out.json"
    result = cli("export", "--db", demo_db, "--json", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"25 articles written to {target}" in result.stderr
    document = ExportDocument.model_validate_json(target.read_text("utf-8"))
    assert len(document.articles) == 25


def test_export_to_dash_prints_json_on_stdout(demo_db: str, cli: CliRun, tmp_path: Path) -> None:
    """`export --json -` pipes the export to stdout and writes no file."""
    result = cli("export", "--db", demo_db, "--json", "-")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 25
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "command",
    [("articles",), ("articles", "--json"), ("show", "abc"), ("export", "--json", "-")],
    ids=["articles", "articles-json", "show", "export"],
)
def test_reading_a_missing_database_exits_2_without_creating_it(
    cli: CliRun, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A mistyped --db is reported with the fix (`rashomon ingest`), and no file appears."""
    db = tmp_path / "typo.db"
    result = cli(*command, "--db", db)
    assert result.exit_code == 2
    assert str(db) in result.stderr
    assert "rashomon ingest" in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


# -- ingest output ------------------------------------------------------------------


def test_ingest_json_prints_the_report_on_stdout_and_the_summary_on_stderr(
    cli: CliRun, db_path: str
) -> None:
    """Machines read stdout; humans read stderr; neither pollutes the other."""
    result = cli("ingest", EXAMPLES / "pasted", "--db", db_path, "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert set(report) == {"ingested", "duplicates", "problems"}
    assert sorted(report["ingested"]) == [
        "kestrel-ferry-fire",
        "kestrel-vrsic-landslide",
        "skerrypost-mackerel-torshavn",
    ]
    assert result.stderr.startswith("Ingested 3 articles")
    assert "Ingested" not in result.stdout


def test_ingest_json_reports_copies_and_problems(cli: CliRun, db_path: str) -> None:
    """The JSON report lists copies and every problem with code and severity."""
    report = json.loads(cli("ingest", EXAMPLES, "--db", db_path, "--json", "--workers", "1").stdout)
    assert {d["article"]: d["duplicate_of"] for d in report["duplicates"]} == {
        "kestrel-ferry-fire": "continental-wire-ferry-fire",
        "bes-20240310-0148": "continental-wire-ferry-fire",
    }
    severities = {p["severity"] for p in report["problems"]}
    assert severities == {"warning", "skipped"}
    assert all(
        set(p) == {"path", "locator", "code", "severity", "message"} for p in report["problems"]
    )


def test_quiet_clean_run_prints_nothing(cli: CliRun, db_path: str) -> None:
    """`--quiet` on a run with nothing to report is silent on both streams."""
    result = cli(
        "ingest", EXAMPLES / "txt" / "continental-wire-ferry-fire.txt", "--db", db_path, "-q"
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


def test_verbose_lists_each_skipped_input(cli: CliRun, db_path: str) -> None:
    """Without --verbose skips are counted; with it each one is named."""
    pasted = EXAMPLES / "pasted"
    assert cli("ingest", pasted, "--db", db_path, "-q").exit_code == 0
    terse = cli("ingest", pasted, "--db", db_path)
    assert "skipped: 3 already in the database (use --verbose for the list)" in terse.stderr
    verbose = cli("ingest", pasted, "--db", db_path, "--verbose")
    assert verbose.exit_code == 0
    for name in ("kestrel-ferry-fire.txt", "kestrel-vrsic-landslide.txt", "skerrypost-mackerel"):
        assert re.search(rf"skipped: .*{name}.*already in the database", verbose.stderr), name


# -- user rules and sources ----------------------------------------------------------

AD_STORY = """\
Harbour cranes stand idle as dock workers strike

Dock workers at the port of Velmar walked off the job for a second week on Monday,
leaving container ships anchored offshore as talks broke down again.

Advertisement

The union says its members have worked without a new contract for fourteen months
and that overtime rules introduced last spring have cut take-home pay.

ADVERTISEMENT

The port authority says it has offered a raise in line with inflation and accused
union leaders of refusing to put the offer to a vote.
"""

AD_RULES = """\
rules:
  - name: ad-slot
    description: Ad slot labels left in pasted text.
    kind: line
    pattern: '(?i)advertisement'
"""


def _show_json(cli: CliRun, db: str, article_id: str) -> dict[str, Any]:
    result = cli("show", article_id, "--db", db, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_user_rules_file_cuts_lines_under_the_users_rule_name(
    cli: CliRun, db_path: str, tmp_path: Path
) -> None:
    """`--rules FILE` adds the user's rule; cuts are recorded under its name."""
    story = tmp_path / "strike.txt"
    story.write_text(AD_STORY, encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(AD_RULES, encoding="utf-8")
    result = cli("ingest", story, "--db", db_path, "--rules", rules, "-q")
    assert result.exit_code == 0, result.stderr
    article = _show_json(cli, db_path, "strike")
    assert "dvertisement" not in article["text"].casefold()
    assert [s["rule"] for s in article["removed"]] == ["title", "ad-slot", "ad-slot"]
    assert "fourteen months" in article["text"]


def test_without_the_rules_file_the_lines_stay(cli: CliRun, db_path: str, tmp_path: Path) -> None:
    """Built-in rules alone do not know the user's ad label (the rule does the work)."""
    story = tmp_path / "strike.txt"
    story.write_text(AD_STORY, encoding="utf-8")
    assert cli("ingest", story, "--db", db_path, "-q").exit_code == 0
    assert "Advertisement" in _show_json(cli, db_path, "strike")["text"]


@pytest.mark.parametrize(
    ("rules_text", "expected"),
    [
        pytest.param("rules: [unclosed\n", ["not valid YAML"], id="bad-yaml"),
        pytest.param(
            "rules:\n  - name: broken-ad\n    pattern: '(advert'\n",
            ["rule 'broken-ad'", "bad regular expression"],
            id="bad-regex",
        ),
        pytest.param(
            "rules:\n  - name: my-detector\n    kind: builtin\n    detector: telepathy\n",
            ["rule 'my-detector'", "unknown detector 'telepathy'"],
            id="unknown-detector",
        ),
    ],
)
def test_malformed_rules_file_exits_2_naming_file_and_rule(
    cli: CliRun, tmp_path: Path, rules_text: str, expected: list[str]
) -> None:
    """A broken rules file stops before anything is stored, saying where the mistake is."""
    rules = tmp_path / "my-rules.yaml"
    rules.write_text(rules_text, encoding="utf-8")
    db = tmp_path / "never.db"
    result = cli("ingest", EXAMPLES / "pasted", "--db", db, "--rules", rules)
    assert result.exit_code == 2
    assert "my-rules.yaml" in result.stderr
    for part in expected:
        assert part in result.stderr
    assert not db.exists()


def test_sources_file_applies_outlet_and_country(cli: CliRun, db_path: str, tmp_path: Path) -> None:
    """`--sources FILE` names the outlet and country of files that do not say."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "velmar-strike.txt").write_text(AD_STORY, encoding="utf-8")
    sources = tmp_path / "my-sources.csv"
    sources.write_text(
        "pattern,outlet,country,language\ninbox/velmar-*.txt,Velmar Courier,PT,en\n",
        encoding="utf-8",
    )
    result = cli("ingest", folder, "--db", db_path, "--sources", sources, "-q")
    assert result.exit_code == 0, result.stderr
    article = _show_json(cli, db_path, "velmar-strike")
    assert (article["outlet"], article["country"]) == ("Velmar Courier", "PT")


# -- untrusted text ------------------------------------------------------------------

MARKUP = "[bold red]x[/]"
SCRIPT = "<script>alert(1)</script>"
TABLE = "| a | b |"
EVIL_TITLE = f"Evil {MARKUP} \x1b[31mred\x1b[0m \x1b]0;pwned\x07 {SCRIPT} {TABLE}"
EVIL_TEXT = (
    f"The mayor said {MARKUP} was fine on Monday, and \x1b[31mred text\x1b[0m followed."
    "\n\nA terminal title change \x1b]0;pwned\x07 was hidden in the second paragraph of it."
    f"\n\n{SCRIPT} appeared in the page, along with a table {TABLE} and more words here."
    "\n\nA fourth paragraph gives enough words for the cleaner to keep this as an article.\n"
)
GERMAN_TEXT = (
    "Der Bürgermeister sagte am Montag, dass die Brücke über den Fluss wegen schwerer Schäden"
    " gesperrt bleiben werde.\n\nDie Arbeiten sollen nach Angaben der Stadtverwaltung"
    " mindestens drei Wochen dauern, und Pendler müssen Umwege fahren.\n\nViele Anwohner"
    " zeigten sich verärgert über die späte Information durch die Behörden.\n"
)
GERMAN_TITLE = "Brücke | gesperrt # Umleitung [b]x[/b] \x1b[31mrot\x1b[0m\n## zweite Zeile"


@pytest.fixture
def evil_jsonl(tmp_path: Path) -> Path:
    """An English and a German article whose title, outlet and text carry markup and escapes."""
    records = [
        {"id": "evil-1", "title": EVIL_TITLE, "text": EVIL_TEXT, "outlet": "Evil | Outlet"},
        {
            "id": "boese-1",
            "title": GERMAN_TITLE,
            "text": GERMAN_TEXT,
            "outlet": "Böse \x1b[31mZeitung\x1b[0m",
        },
    ]
    path = tmp_path / "evil.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _no_control(output: str) -> None:
    assert "\x1b" not in output, "ESC reached the terminal"
    assert "\x07" not in output, "BEL reached the terminal"


def test_show_prints_markup_and_escapes_from_articles_inertly(
    cli: CliRun, db_path: str, evil_jsonl: Path
) -> None:
    """`show` strips terminal escapes and prints markup literally, never interpreting it."""
    assert cli("ingest", evil_jsonl, "--db", db_path, "-q").exit_code == 0
    for args in ((), ("--raw",)):
        result = cli("show", "evil-1", "--db", db_path, *args)
        assert result.exit_code == 0
        _no_control(result.stdout + result.stderr)
        for literal in (MARKUP, SCRIPT, TABLE):
            assert result.stdout.count(literal) >= 2, literal  # title and text
        assert "red text" in result.stdout


def test_articles_prints_markup_from_titles_inertly(
    cli: CliRun, db_path: str, evil_jsonl: Path
) -> None:
    """The article table shows titles as text, with escapes stripped."""
    assert cli("ingest", evil_jsonl, "--db", db_path, "-q").exit_code == 0
    result = cli("articles", "--db", db_path)
    _no_control(result.stdout + result.stderr)
    assert MARKUP in result.stdout
    json_out = cli("articles", "--db", db_path, "--json").stdout
    _no_control(json_out)
    assert {row["title"] for row in json.loads(json_out)} >= {EVIL_TITLE}


def _analyze(cli: CliRun, source: Path, tmp_path: Path) -> Result:
    result = cli("analyze", source, "--db", tmp_path / "a.db", "--export", tmp_path / "a.json")
    assert result.exit_code == 0, result.stderr
    return result


def test_analyze_overview_escapes_markdown_in_titles_and_outlets(
    cli: CliRun, tmp_path: Path, evil_jsonl: Path
) -> None:
    """A title or outlet with | or # cannot add table columns or headings to the report."""
    out = _analyze(cli, evil_jsonl, tmp_path).stdout
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == [
        "# rashomon corpus overview",
        "## Outlets",
        "## Not in English (left out of English-only analysis)",
        "## What the articles mention",
        "## Stories",
        "## What the sources say",
    ]
    lines = out.splitlines()
    table = lines[lines.index("## Outlets") + 2 :]
    rows = table[: table.index("")]
    assert rows[:2] == ["| outlet | articles | languages |", "|---|---:|---|"]
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 4, f"extra column in {row!r}"
    assert "| Evil \\| Outlet | 1 | en |" in rows
    [german] = [line for line in out.splitlines() if line.startswith("- `boese-1`")]
    assert "Brücke \\| gesperrt \\# Umleitung \\[b\\]x\\[/b\\]" in german


def test_analyze_output_contains_no_terminal_escapes(
    cli: CliRun, tmp_path: Path, evil_jsonl: Path
) -> None:
    """`analyze` prints titles and outlets with escape sequences stripped, like `show`."""
    result = _analyze(cli, evil_jsonl, tmp_path)
    _no_control(result.stdout + result.stderr)


def _export_article(article_id: str, title: str, outlet: str, language: str) -> ExportArticle:
    return ExportArticle(
        id=article_id,
        title=title,
        outlet=outlet,
        country=None,
        url=None,
        published=None,
        language=language,
        text="Text.",
        removed=[],
        duplicate_of=None,
        warnings=[],
        source=ExportSource(path="x.txt", format="text"),
        extra={},
    )


def test_overview_flattens_newlines_and_escapes_headings_in_titles() -> None:
    """A title with a newline and '## ...' stays on its list line, not a new heading."""
    document = ExportDocument(
        rashomon_version=__version__,
        generated_at="2024-01-01T00:00:00+00:00",
        articles=[
            _export_article("x1", "Zeile eins\n## Eingeschleust | a | b", "A | B\n# C", "de"),
        ],
    )
    out = corpus_overview(document)
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("#")] == [
        "# rashomon corpus overview",
        "## Outlets",
        "## Not in English (left out of English-only analysis)",
    ]
    assert "| A \\| B \\# C | 1 | de |" in lines
    assert any(
        line.startswith("- `x1` Zeile eins \\#\\# Eingeschleust \\| a \\| b") for line in lines
    )
