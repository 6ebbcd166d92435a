"""Bad input, through the command line: one clear line per problem, the rest still stored.

What a user relies on when a folder of downloads contains junk: every bad file
gets one line on stderr, ``severity: PATH[, locator]: reason``, that names the
file (and the line or record inside it) and says what is wrong; the run carries
on with the other inputs; the exit code is 1 when anything failed (an error)
and 0 when there were only warnings or deliberate skips.

Every test ingests a good article (``good.txt``) in the same run and checks it
was stored, so a bad input never takes the good ones down with it.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import random
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from rashomon.model import Article, Severity
from rashomon.store import Store

CliRun = Callable[..., Result]

GOOD_ARTICLE = """\
Harbour authorities reopen the main ferry terminal after storm repairs

The port authority said on Tuesday that the main ferry terminal would reopen to passengers \
after engineers finished repairing the storm-damaged pier. Officials expected the first \
scheduled departures to leave on time, although some smaller island routes would remain \
suspended until the weekend. Travellers were advised to check the timetables online before \
setting out for the harbour.
"""

GERMAN_ARTICLE = """\
Stadtrat beschließt neue Nachtbuslinien für die Innenstadt

Der Stadtrat hat am Donnerstag beschlossen, das Nachtbusnetz deutlich auszubauen, nachdem sich \
Schichtarbeiter ein Jahr lang über fehlende Verbindungen beschwert hatten. Die neuen Linien \
sollen im Frühjahr starten und weniger kosten als erwartet, weil die Stadt die Busse bereits \
besitzt. Die Opposition begrüßte den Plan, verlangte aber genauere Angaben zum Personal und zur \
Sicherheit an den Haltestellen. Der Bürgermeister kündigte an, die Fahrpläne noch vor dem \
Sommer zu veröffentlichen und die Anwohner zu einer Versammlung einzuladen.
"""

FRENCH_ARTICLE = """\
Le conseil municipal approuve de nouvelles lignes de bus de nuit

Le conseil municipal a décidé jeudi d'étendre nettement le réseau de bus de nuit, après une \
année de plaintes des travailleurs postés qui manquaient de liaisons. Les nouvelles lignes \
doivent démarrer au printemps et coûteront moins cher que prévu, car la ville possède déjà \
les véhicules. L'opposition a salué le projet, mais elle a demandé davantage de précisions sur \
le personnel et la sécurité aux arrêts. Le maire a promis de publier les horaires avant l'été \
et d'inviter les habitants à une réunion publique.
"""

# Three distinct stories, each several real sentences long, for archives and JSON lines.
STORIES = [
    (
        "Ferry fire forces evacuation off the northern coast",
        "A fire broke out in the engine room of a passenger ferry on Sunday morning, forcing the "
        "crew to evacuate more than two hundred people into lifeboats off the northern coast. "
        "The coast guard said all passengers were rescued and taken to the nearest port, where "
        "eleven were treated for smoke inhalation. Investigators have begun examining the "
        "vessel's maintenance records and the company has suspended its remaining sailings.",
    ),
    (
        "Council approves budget for new school buildings",
        "The city council approved a budget on Wednesday that sets aside money for three new "
        "primary schools in the fastest-growing districts. Parents' groups had campaigned for "
        "two years against overcrowded classrooms and temporary cabins in playgrounds. "
        "Construction is due to begin next spring, and the first school should open its doors "
        "to pupils in the autumn of the following year.",
    ),
    (
        "Farmers warn of poor harvest after dry summer",
        "Grain farmers in the southern plains warned on Friday that this year's harvest could be "
        "the smallest in a decade after months without significant rain. The agriculture "
        "ministry said it was preparing emergency loans and would delay tax payments for the "
        "worst-affected regions. Economists expect bread and animal feed prices to rise over "
        "the winter if imports cannot make up the shortfall.",
    ),
]

_LINE = re.compile(r"^(error|warning|skipped): (.+?)(?:, ((?:line|entry|record) \d+))?: (.+)$")


# -- helpers ----------------------------------------------------------------------


@dataclass
class Inbox:
    """A folder of inputs and a fresh database; every run also ingests ``good.txt``, a valid
    English article that must be stored whatever else is in the run."""

    cli: CliRun
    folder: Path
    db: str

    @property
    def good(self) -> Path:
        return self.folder / "good.txt"

    def write(self, name: str, content: bytes | str) -> Path:
        path = self.folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def ingest(
        self, *paths: Path | str, options: tuple[str, ...] = (), with_good: bool = True
    ) -> Result:
        """``rashomon ingest PATHS good.txt --db DB --verbose`` (every problem gets its line)."""
        extra = (self.good,) if with_good else ()
        return self.cli("ingest", *paths, *extra, "--db", self.db, "--verbose", *options)

    def articles(self) -> dict[str, Article]:
        store = Store.open(self.db)
        try:
            return {article.id: article for article in store.iter_articles()}
        finally:
            store.close()

    def stored_ids(self) -> set[str]:
        return set(self.articles())

    def assert_good_stored(self) -> None:
        assert "good" in self.stored_ids(), "the good article in the same run was not stored"


@pytest.fixture
def inbox(cli: CliRun, db_path: str, tmp_path: Path) -> Inbox:
    (tmp_path / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    return Inbox(cli, tmp_path, db_path)


def problem_lines(result: Result) -> list[tuple[str, str, str | None, str]]:
    """(severity, path, locator, reason) for each problem line on stderr."""
    found = []
    for line in result.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            found.append((match[1], match[2], match[3], match[4]))
    return found


def problems_about(result: Result, path: Path | str) -> list[tuple[str, str | None, str]]:
    """(severity, locator, reason) of each problem line that names ``path``."""
    return [(s, loc, reason) for s, p, loc, reason in problem_lines(result) if p == str(path)]


def only_problem(result: Result, path: Path | str) -> tuple[str, str]:
    """(severity, reason) of the one problem line naming ``path`` (a whole-file problem)."""
    found = problems_about(result, path)
    assert len(found) == 1, f"expected one line about {path}:\n{result.stderr}"
    severity, locator, reason = found[0]
    assert locator is None
    return severity, reason


def article_record(index: int, **fields: object) -> str:
    title, text = STORIES[index % len(STORIES)]
    record = {"id": f"story-{index}", "title": f"{title} ({index})", "text": f"{text} [{index}]"}
    record.update(fields)
    return json.dumps(record)


def warc_archive(*, compress: bool) -> tuple[bytes, list[int]]:
    """A WARC with one HTML response per story, and the byte offset where each record starts."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    offsets = []
    for number, (title, text) in enumerate(STORIES):
        offsets.append(buffer.tell())
        paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in text.split(". "))
        page = (
            f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Example News</footer></body></html>"
        )
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://news.example/story-{number}",
            "response",
            payload=io.BytesIO(page.encode("utf-8")),
            http_headers=headers,
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools the payload to a temporary file
    offsets.append(buffer.tell())
    return buffer.getvalue(), offsets


# -- binary files -------------------------------------------------------------------


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(1000)


def _random_with_nuls() -> bytes:
    noise = bytearray(random.Random(2).randbytes(2000))
    noise[100:103] = b"\x00\x00\x00"
    return bytes(noise)


def _pdf() -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(64)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", GOOD_ARTICLE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        pytest.param("photo.png", _png(), "a PNG image", id="png"),
        pytest.param("noise.txt", _random_with_nuls(), "NUL bytes", id="random-bytes-as-txt"),
        pytest.param("report.pdf", _pdf(), "a PDF document", id="pdf"),
        pytest.param("articles.zip", _zip(), "a ZIP archive", id="zip"),
    ],
)
def test_binary_file_is_rejected_by_name_and_the_rest_stored(
    inbox: Inbox, name: str, content: bytes, what: str
) -> None:
    """A binary file dropped into the input is an error saying what it looks like."""
    bad = inbox.write(name, content)

    result = inbox.ingest(bad)

    assert result.exit_code == 1
    assert f"error: {bad}: not a text file: " in result.stderr
    severity, reason = only_problem(result, bad)
    assert severity == "error"
    assert reason.startswith("not a text file: ")
    assert what in reason
    assert inbox.stored_ids() == {"good"}


# -- character encodings ------------------------------------------------------------


def test_windows_1252_article_is_decoded_not_rejected(inbox: Inbox) -> None:
    """A page saved by an old Windows editor (cp1252, curly quotes) is stored with the
    right characters: the charset is detected before giving up."""
    text = (
        "Café owner José said “no” to the harbour plan\n\n"
        "Café owner José said “no” to the harbour plan on Monday, because the new road "
        "would cut his terrace in half. The owner of the bakery next door agreed and said the "
        "town had not asked traders what they thought. The council’s planning committee will "
        "meet again next week to hear objections from residents.\n"
    )
    legacy = inbox.write("cafe.txt", text.encode("cp1252"))

    result = inbox.ingest(legacy)

    assert result.exit_code == 0, result.stderr
    articles = inbox.articles()
    assert set(articles) == {"cafe", "good"}
    assert articles["cafe"].title == "Café owner José said “no” to the harbour plan"
    assert "José said “no”" in articles["cafe"].text
    assert "council’s" in articles["cafe"].text


NUNEZ = (
    "Café owner José Núñez rejects the harbour plan\n\n"
    "Café owner José Núñez told the council on Monday that he rejects the harbour plan, because "
    "the new road would cut his terrace in half. Françoise Müller, who runs the bakery next "
    "door, agreed and said the town had not asked traders what they thought. The planning "
    "committee will meet again next week to hear objections from residents.\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_european_names_survive_charset_detection(inbox: Inbox, encoding: str) -> None:
    """Accented names in a Latin-1 or Windows-1252 file are stored as written."""
    legacy = inbox.write("nunez.txt", NUNEZ.encode(encoding))

    result = inbox.ingest(legacy)

    assert result.exit_code == 0, result.stderr
    article = inbox.articles()["nunez"]
    assert article.title == "Café owner José Núñez rejects the harbour plan"
    assert "Françoise Müller" in article.text


def test_bytes_no_encoding_fits_are_reported_clearly(inbox: Inbox) -> None:
    """Text-looking bytes that are not UTF-8 and fit no other charset: an error saying so
    and what to do, never a crash and never mojibake stored as an article."""
    bad = inbox.write("garbled.txt", bytes(range(0x80, 0x100)) * 10)

    result = inbox.ingest(bad)

    assert result.exit_code == 1
    severity, reason = only_problem(result, bad)
    assert severity == "error"
    assert reason.startswith("cannot work out its character encoding")
    assert "re-save it as UTF-8" in reason
    assert inbox.stored_ids() == {"good"}


# -- empty files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"", "the file is empty", id="zero-bytes"),
        pytest.param(b"  \n\n\t \r\n   \n", "nothing but whitespace", id="whitespace-only"),
    ],
)
def test_empty_file_is_an_error_naming_it(inbox: Inbox, content: bytes, expected: str) -> None:
    """An empty download is reported, not stored as an empty article."""
    empty = inbox.write("empty.txt", content)

    result = inbox.ingest(empty)

    assert result.exit_code == 1
    severity, reason = only_problem(result, empty)
    assert severity == "error"
    assert expected in reason
    assert inbox.stored_ids() == {"good"}


def test_blank_jsonl_file_is_reported(inbox: Inbox) -> None:
    """A JSONL file with nothing but blank lines is named in a message, like an empty .txt."""
    blank = inbox.write("blank.jsonl", b"\n  \n\n")

    result = inbox.ingest(blank)

    inbox.assert_good_stored()
    assert problems_about(result, blank), result.stderr


@pytest.mark.parametrize("content", ["[]", '{"articles": []}'], ids=["empty-list", "no-articles"])
def test_json_with_no_records_is_reported(inbox: Inbox, content: str) -> None:
    """A .json file holding no records is named in a message, not silently passed over."""
    empty = inbox.write("export.json", content)

    result = inbox.ingest(empty)

    inbox.assert_good_stored()
    assert problems_about(result, empty), result.stderr


# -- HTML with nothing to read ------------------------------------------------------


def test_html_page_without_article_text_is_an_error(inbox: Inbox) -> None:
    """An app shell (navigation, footer, a script) is not stored as an article."""
    page = inbox.write(
        "shell.html",
        "<!DOCTYPE html><html lang='en'><head><title>Example News</title>"
        "<script>window.app = {start: function () { document.body.innerHTML = 'x'; }};</script>"
        "</head><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav><div id='app'></div>"
        "<footer><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer>"
        "<script>app.start();</script></body></html>",
    )

    result = inbox.ingest(page)

    assert result.exit_code == 1
    severity, reason = only_problem(result, page)
    assert severity == "error"
    assert "no article text" in reason
    assert inbox.stored_ids() == {"good"}


# -- truncated archives -------------------------------------------------------------


def test_truncated_jsonl_gz_keeps_the_records_before_the_cut(inbox: Inbox) -> None:
    """A half-downloaded .jsonl.gz: the complete lines before the damage are stored and
    the file is reported as ending early."""
    packed = gzip.compress("".join(article_record(i) + "\n" for i in range(30)).encode())
    cut = inbox.write("crawl.jsonl.gz", packed[: len(packed) // 2])

    result = inbox.ingest(cut)

    assert result.exit_code == 1
    severity, reason = only_problem(result, cut)
    assert severity == "error"
    assert "ends early" in reason
    lines_read = int(re.search(r"after line (\d+)", reason)[1])  # type: ignore[index]
    from_archive = inbox.stored_ids() - {"good"}
    assert from_archive, "no record before the cut was stored"
    assert from_archive <= {f"story-{i}" for i in range(lines_read)}
    inbox.assert_good_stored()


def test_gzipped_jsonl_file_is_closed_after_reading(inbox: Inbox) -> None:
    """Reading a .jsonl.gz leaves no file open: a crawl of thousands of them must not run
    out of file handles."""
    archive = inbox.write("crawl.jsonl.gz", gzip.compress(article_record(0).encode()))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        result = inbox.ingest(archive)
        gc.collect()

    assert result.exit_code == 0, result.stderr
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not [leak for leak in leaks if "crawl.jsonl.gz" in leak]


def _warc_cut_in_third_record(*, compress: bool, fraction: float = 0.5) -> bytes:
    """The archive cut ``fraction`` of the way into its third (last) record."""
    data, offsets = warc_archive(compress=compress)
    return data[: offsets[2] + int((offsets[3] - offsets[2]) * fraction)]


def _locators_from(inbox: Inbox, path: Path) -> set[str | None]:
    return {a.source.locator for a in inbox.articles().values() if a.source.path == str(path)}


def test_truncated_warc_gz_keeps_the_records_before_the_cut(inbox: Inbox) -> None:
    """A crawl archive cut off inside its third record still gives the first two pages."""
    archive = inbox.write("crawl.warc.gz", _warc_cut_in_third_record(compress=True))

    inbox.ingest(archive)

    assert _locators_from(inbox, archive) == {"record 1", "record 2"}
    inbox.assert_good_stored()


def test_truncated_warc_gz_is_reported_as_ending_early(inbox: Inbox) -> None:
    """The same cut archive is reported as damaged: the user must learn pages are missing."""
    archive = inbox.write("crawl.warc.gz", _warc_cut_in_third_record(compress=True))

    result = inbox.ingest(archive)

    assert result.exit_code == 1
    reasons = [r for severity, _, r in problems_about(result, archive) if severity == "error"]
    assert any("ends early" in r or "truncated" in r for r in reasons), result.stderr


def test_truncated_plain_warc_does_not_store_a_partial_page(inbox: Inbox) -> None:
    """An uncompressed archive cut mid-record: half a page is not passed off as an article."""
    archive = inbox.write("crawl.warc", _warc_cut_in_third_record(compress=False, fraction=0.8))

    result = inbox.ingest(archive)

    assert _locators_from(inbox, archive) == {"record 1", "record 2"}
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [("blank.warc", b"\n"), ("empty.warc.gz", gzip.compress(b""))],
    ids=["newline-warc", "empty-gzip-warc"],
)
def test_warc_with_no_records_is_reported(inbox: Inbox, name: str, content: bytes) -> None:
    """An archive with no record in it is named in a message."""
    archive = inbox.write(name, content)

    result = inbox.ingest(archive)

    inbox.assert_good_stored()
    assert problems_about(result, archive), result.stderr


# -- malformed JSON -----------------------------------------------------------------


def test_broken_json_lines_are_reported_by_line_number(inbox: Inbox) -> None:
    """In a JSONL file, a broken line and a non-object line are errors naming their line
    numbers; the good lines around them are stored."""
    lines = [
        article_record(0, id="line-one"),
        '{"id": "line-two", "title": "Half a record", "text": ',
        article_record(1, id="line-three"),
        json.dumps(["not", "an", "object"]),
    ]
    records = inbox.write("records.jsonl", "\n".join(lines) + "\n")

    result = inbox.ingest(records)

    assert result.exit_code == 1
    problems = problems_about(result, records)
    assert [(severity, locator) for severity, locator, _ in problems] == [
        ("error", "line 2"),
        ("error", "line 4"),
    ]
    assert problems[0][2].startswith("not valid JSON")
    assert problems[1][2].startswith("expected a JSON object, found a list")
    assert inbox.stored_ids() == {"good", "line-one", "line-three"}


def test_invalid_json_file_is_an_error_with_its_position(inbox: Inbox) -> None:
    """A .json file that does not parse is one error saying where the syntax breaks."""
    broken = inbox.write(
        "export.json", '{"title": "Ferry fire", "text": "A fire broke out",\n  "outlet": }\n'
    )

    result = inbox.ingest(broken)

    assert result.exit_code == 1
    severity, reason = only_problem(result, broken)
    assert severity == "error"
    assert reason.startswith("not valid JSON")
    assert "line 2" in reason
    assert inbox.stored_ids() == {"good"}


# -- feeds ----------------------------------------------------------------------------


def test_xml_that_is_not_a_feed_names_its_root_element(inbox: Inbox) -> None:
    """An .xml file that is some other XML document is an error saying what it is."""
    catalog = inbox.write(
        "books.xml",
        "<?xml version='1.0' encoding='utf-8'?>\n<!-- a product list -->\n"
        "<catalog><book id='1'><title>Harbours of the North</title></book></catalog>\n",
    )

    result = inbox.ingest(catalog)

    assert result.exit_code == 1
    severity, reason = only_problem(result, catalog)
    assert severity == "error"
    assert reason.startswith("not an RSS or Atom feed")
    assert "<catalog>" in reason
    assert inbox.stored_ids() == {"good"}


def test_feed_entry_with_a_control_character_does_not_sink_the_feed(inbox: Inbox) -> None:
    """One odd entry in a feed costs at most that entry; the others are stored."""
    feed = inbox.write(
        "news.xml",
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Example News</title>"
        f"<item><title>Odd</title><description>&lt;p&gt;{STORIES[0][1]}&#31;&lt;/p&gt;"
        "</description></item>"
        f"<item><title>{STORIES[1][0]}</title><description>{STORIES[1][1]}</description></item>"
        "</channel></rss>",
    )

    result = inbox.ingest(feed)

    titles = {article.title for article in inbox.articles().values()}
    assert STORIES[1][0] in titles, result.stderr
    assert all(code != "internal" for code in _codes(inbox, feed))


def _codes(inbox: Inbox, path: Path) -> list[str]:
    store = Store.open(inbox.db)
    try:
        return [p.code for p in store.run_problems(store.runs()[-1].id) if p.path == str(path)]
    finally:
        store.close()


# -- other languages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param(GERMAN_ARTICLE, "German (de)", id="german"),
        pytest.param(FRENCH_ARTICLE, "French (fr)", id="french"),
    ],
)
def test_non_english_article_is_stored_with_a_warning(
    inbox: Inbox, text: str, language: str
) -> None:
    """A foreign-language article is kept and marked with its language, with a warning
    naming the language; a warning alone does not fail the run."""
    foreign = inbox.write("nachtbus.txt", text)

    result = inbox.ingest(foreign)

    assert result.exit_code == 0, result.stderr
    severity, reason = only_problem(result, foreign)
    assert severity == "warning"
    assert reason.startswith("stored as nachtbus")
    assert language in reason
    articles = inbox.articles()
    assert articles["nachtbus"].language == language[-3:-1]
    assert not articles["nachtbus"].is_english
    assert articles["good"].language == "en"


# -- size caps ------------------------------------------------------------------------


def _five_kilobytes() -> str:
    return "Long report\n\n" + "The harbour works continue into the night. " * 120


def test_file_over_the_size_cap_is_an_error_naming_the_option(inbox: Inbox) -> None:
    """A 5 kB file under a 1 kB cap is skipped, the message naming the cap and ``--max-size``."""
    big = inbox.write("big.txt", _five_kilobytes())
    assert big.stat().st_size > 5000

    result = inbox.ingest(big, options=("--max-size", "0.001"))

    assert result.exit_code == 1
    severity, reason = only_problem(result, big)
    assert severity == "error"
    assert "1.0 kB size cap" in reason
    assert "--max-size" in reason
    assert inbox.stored_ids() == {"good"}


def test_size_cap_message_states_a_size_above_the_cap(inbox: Inbox) -> None:
    """The size the message quotes is bigger than the cap it quotes."""
    big = inbox.write("big.txt", _five_kilobytes())

    result = inbox.ingest(big, options=("--max-size", "0.001"))

    _, reason = only_problem(result, big)
    size = re.search(
        r"the file is ([\d.]+) (B|kB|MB), over the ([\d.]+) (B|kB|MB) size cap", reason
    )
    assert size is not None, reason
    scale = {"B": 1, "kB": 1e3, "MB": 1e6}
    assert float(size[1]) * scale[size[2]] > float(size[3]) * scale[size[4]], reason


def test_jsonl_record_over_the_size_cap_is_skipped_alone(inbox: Inbox) -> None:
    """In JSONL the cap applies per record: the oversized line is an error naming its line
    number, and the lines around it are stored."""
    huge = json.dumps({"id": "huge", "title": "Huge", "text": "harbour " * 600})
    records = inbox.write("records.jsonl", f"{article_record(0)}\n{huge}\n{article_record(1)}\n")

    result = inbox.ingest(records, options=("--max-size", "0.001"))

    assert result.exit_code == 1
    problems = problems_about(result, records)
    assert [(severity, locator) for severity, locator, _ in problems] == [("error", "line 2")]
    assert "size cap" in problems[0][2]
    assert "--max-size" in problems[0][2]
    assert inbox.stored_ids() == {"good", "story-0", "story-1"}


# -- missing paths --------------------------------------------------------------------


def test_missing_path_is_an_error_and_the_others_are_stored(inbox: Inbox) -> None:
    """A typo in a path is reported as such; the other paths are still ingested."""
    missing = inbox.folder / "no-such-article.txt"

    result = inbox.ingest(missing)

    assert result.exit_code == 1
    assert f"error: {missing}: no such file or directory" in result.stderr.splitlines()
    assert inbox.stored_ids() == {"good"}


# -- a folder of everything -----------------------------------------------------------


def _fill_messy_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE)
    (folder / "photo.png").write_bytes(_png())
    (folder / "noise.txt").write_bytes(_random_with_nuls())
    (folder / "report.pdf").write_bytes(_pdf())
    (folder / "articles.zip").write_bytes(_zip())
    (folder / "cafe.txt").write_bytes("Café José\n\nJosé said “no” today.\n".encode("cp1252"))
    (folder / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 10)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n  \n")
    (folder / "shell.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><footer>Example</footer>"
        "<script>app.start()</script></body></html>"
    )
    packed = gzip.compress("".join(article_record(i) + "\n" for i in range(10)).encode())
    (folder / "crawl.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (folder / "crawl.warc.gz").write_bytes(_warc_cut_in_third_record(compress=True))
    (folder / "records.jsonl").write_text(
        f"{article_record(20, id='mixed-1')}\n{{broken\n{article_record(21, id='mixed-3')}\n[1]\n"
    )
    (folder / "export.json").write_text('{"title": ')
    (folder / "books.xml").write_text("<?xml version='1.0'?><catalog><book/></catalog>")
    (folder / "nachtbus.txt").write_text(GERMAN_ARTICLE)
    (folder / "notes.docx.bak").write_text("an editor's backup file")
    (folder / "sub").mkdir()
    (folder / "sub" / "story.md").write_text(FRENCH_ARTICLE)


def test_every_file_in_a_messy_folder_is_accounted_for(inbox: Inbox) -> None:
    """Ingesting a folder of good and bad files: each file is stored or named in a message
    (error, warning or skipped), on the terminal and in the problems table alike."""
    folder = inbox.folder / "inbox"
    _fill_messy_folder(folder)

    result = inbox.ingest(folder, with_good=False)

    assert result.exit_code == 1
    store = Store.open(inbox.db)
    try:
        recorded = store.run_problems(store.runs()[-1].id)
    finally:
        store.close()
    articles = inbox.articles()
    stored_from = {article.source.path for article in articles.values()}
    printed = problem_lines(result)
    everything = {str(path) for path in folder.rglob("*") if path.is_file()}
    assert everything - stored_from - {path for _, path, _, _ in printed} == set()
    assert everything - stored_from - {problem.path for problem in recorded} == set()
    assert {(s, path, loc) for s, path, loc, _ in printed} == {
        (p.severity.value, p.path, p.locator) for p in recorded
    }
    assert {"good", "nachtbus", "story", "mixed-1", "mixed-3"} <= set(articles)
    skipped = {p.path for p in recorded if p.severity is Severity.SKIPPED}
    assert str(folder / "notes.docx.bak") in skipped


# -- re-running ----------------------------------------------------------------------


def test_reingesting_the_same_files_stores_nothing_new(inbox: Inbox) -> None:
    """Running the same command twice is safe: the second run stores nothing, names each
    input as already in the database, and exits 0."""
    foreign = inbox.write("nachtbus.txt", GERMAN_ARTICLE)
    records = inbox.write("records.jsonl", f"{article_record(0)}\n{article_record(1)}\n")

    first = inbox.ingest(foreign, records)
    before = inbox.stored_ids()
    second = inbox.ingest(foreign, records)
    summary = inbox.cli("ingest", foreign, records, inbox.good, "--db", inbox.db)

    assert first.exit_code == 0, first.stderr
    assert before == {"good", "nachtbus", "story-0", "story-1"}
    assert second.exit_code == 0, second.stderr
    assert inbox.stored_ids() == before
    assert "Ingested 0 articles" in second.stderr
    skipped = [
        (path, loc, reason) for s, path, loc, reason in problem_lines(second) if s == "skipped"
    ]
    assert {(path, loc) for path, loc, _ in skipped} == {
        (str(foreign), None),
        (str(records), "line 1"),
        (str(records), "line 2"),
        (str(inbox.good), None),
    }
    assert all(reason.startswith("already in the database as ") for _, _, reason in skipped)
    assert summary.exit_code == 0
    assert "skipped: 4 already in the database" in summary.stderr
