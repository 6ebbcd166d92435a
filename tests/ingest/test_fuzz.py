"""Property-based tests: no input, however strange, breaks ingest or loses track of a file.

What a user relies on: whatever lands in the input folder (a corrupt download,
a mislabelled binary, text full of control characters), ``rashomon ingest``
finishes, never crashes, and accounts for every file: stored, or named in a
problem. The cleaner never loses or invents text, and the store gives back
exactly what it was given.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import os
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rashomon.errors import InputError
from rashomon.ingest import IngestOptions, ingest
from rashomon.ingest.clean import clean_text
from rashomon.ingest.dates import normalise_published
from rashomon.ingest.decode import decode_text
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.prepare import Prepared, prepare
from rashomon.ingest.readers.feed import read_feed
from rashomon.ingest.readers.html import extract_html, fragment_text
from rashomon.ingest.readers.jsonl import read_json_document, read_json_lines
from rashomon.ingest.readers.text import read_text
from rashomon.ingest.rules import default_rules
from rashomon.model import Draft, InputFormat, Problem, RemovedSpan, SourceRef
from rashomon.store import Store
from rashomon.store.repository import StoredArticle

# Modest by default so the suite stays fast; FUZZ_EXAMPLES=1000 for a deeper search.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
QUICK = settings(FUZZ, max_examples=max(1, EXAMPLES * 4 // 5))

RULES = default_rules()
DETECTOR = LanguageDetector()

# -- strategies ----------------------------------------------------------------

# Characters that end a line for str.splitlines(), plus blank-ish ones: the cleaner
# works line by line, so these are where its offsets can go wrong.
LINE_BREAKS = ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
BLANKS = [" ", "\t", "\xa0"]
SEPARATORS = [*LINE_BREAKS, "\n\n", "\r\n", "\n \n", "\n\t\n", " "]
# Lines the noise rules act on, so the fuzzer reaches every cutting path.
NOISE_LINES = [
    "READ MORE: Ferry fire kills 12",
    "Photo: Reuters",
    "© AFP",
    "AA Archive",
    "Latest news",
    "Share on Facebook",
    "***",
    "Leave a comment",
    "Your email address will not be published.",
    "Source:",
    "The port reopened on Tuesday after engineers repaired the storm-damaged pier.",
]

texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(LINE_BREAKS + BLANKS),
    ),
    max_size=400,
)
line_texts = st.lists(
    st.one_of(st.sampled_from(NOISE_LINES), st.text(max_size=60)), max_size=12
).flatmap(
    lambda lines: st.lists(
        st.sampled_from(SEPARATORS), min_size=len(lines), max_size=len(lines)
    ).map(lambda breaks: "".join(line + br for line, br in zip(lines, breaks, strict=True)))
)
any_text = st.one_of(texts, line_texts)

# Starts that send a file down each reader's path, followed by anything.
PREFIXES = [
    b"",
    b"WARC/1.0\r\n",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n",
    b"<rss version='2.0'><channel><item><description>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>',
    b"<!DOCTYPE html><html><body><p>",
    b'{"title": "T", "text": "',
    b'[{"html": "<p>',
    b"---\ntitle: ",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    b"%PDF-1.4\n",
]
any_bytes = st.one_of(
    st.binary(max_size=1500),
    st.builds(bytes.__add__, st.sampled_from(PREFIXES), st.binary(max_size=800)),
    st.builds(bytes.__add__, st.sampled_from(PREFIXES), any_text.map(lambda t: t.encode("utf-8"))),
    st.binary(max_size=800).map(gzip.compress),
)

EXTENSIONS = [".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".atom", ".warc", ".warc.gz", ""]


# -- ingest, end to end ----------------------------------------------------------


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database; copying it is much faster than migrating per example."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    Store.open(str(path)).close()
    return path


@pytest.mark.parametrize("extension", EXTENSIONS, ids=lambda e: e or "no-extension")
@FUZZ
@given(data=any_bytes)
@example(data=b"\x00")
@example(data=b"\n")
@example(data=b"\xff\xfe\x00")
def test_ingest_accounts_for_every_file_whatever_its_bytes(
    template_db: Path, extension: str, data: bytes
) -> None:
    """Any bytes under any supported name: ingest returns, and the file is either
    stored or named in a problem; nothing is dropped without a word."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(template_db, root / "fuzz.db")
        file = root / f"input{extension}"
        file.write_bytes(data)
        store = Store.open(str(root / "fuzz.db"))
        try:
            report = ingest([str(file)], store, IngestOptions(workers=1))
            stored_from = {article.source.path for article in store.iter_articles()}
        finally:
            store.close()
    named = {problem.path for problem in report.problems}
    assert str(file) in stored_from | named, f"{file.name} was silently dropped"


# -- the cleaner's partition invariant -------------------------------------------


def _assert_partition(text: str, cleaned_text: str, removed: tuple[RemovedSpan, ...]) -> None:
    spans = sorted(removed, key=lambda span: span.start)
    position = 0
    kept = []
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert span.start >= position, f"spans overlap at {span.start}"
        assert span.text == text[span.start : span.end]
        kept.append(text[position : span.start])
        position = span.end
    kept.append(text[position:])
    assert "".join(kept) == cleaned_text


@QUICK
@given(text=any_text)
@example(text="\r\n")
@example(text="Headline\x1c\x1cBody line one.\x85Photo: Reuters\n")
def test_cleaning_partitions_the_text_into_kept_and_removed(text: str) -> None:
    """Every character of the input is either in the cleaned text or in exactly one
    removed span, in order: nothing is lost or invented by cleaning."""
    cleaned = clean_text(text, RULES)
    _assert_partition(text, cleaned.text, cleaned.removed)


@QUICK
@given(text=any_text, title=st.text(max_size=80))
def test_cleaning_with_a_given_title_partitions_the_text(text: str, title: str) -> None:
    """The same invariant holds when the title comes from metadata."""
    cleaned = clean_text(text, RULES, title=title)
    _assert_partition(text, cleaned.text, cleaned.removed)
    assert cleaned.title == title


# -- each reader on arbitrary input ------------------------------------------------


@QUICK
@given(
    text=st.one_of(any_text, st.builds(lambda a, b: f"---\n{a}\n---\n{b}", any_text, any_text)),
    markdown=st.booleans(),
)
def test_text_reader_always_returns_a_draft(text: str, markdown: bool) -> None:
    """Plain text and Markdown, with or without (broken) front matter, always read."""
    fmt = InputFormat.MARKDOWN if markdown else InputFormat.TEXT
    draft = read_text(text, SourceRef("x.txt", fmt), preferred_id="x")
    assert isinstance(draft, Draft)
    assert draft.published is None or _is_iso(draft.published)


html_texts = st.one_of(
    any_text,
    st.builds(
        lambda head, body: f"<html><head><title>{head}</title></head><body><p>{body}</p></body>",
        any_text,
        any_text,
    ),
)


@QUICK
@given(html=html_texts)
@example(html="<html><body><p>\x00</p></body></html>")
@example(html="<?xml version='1.0' encoding='utf-8'?><html><body><p>Hi</p></body></html>")
def test_html_reader_returns_a_draft_or_an_input_error(html: str) -> None:
    """A page either yields a draft with text, or a user-facing InputError."""
    try:
        draft = extract_html(html, SourceRef("page.html", InputFormat.HTML))
    except InputError as exc:
        assert exc.path == "page.html"
        return
    assert draft.raw_text.strip()


@QUICK
@given(fragment=html_texts)
@example(fragment="<HTML><HEAD")
@example(fragment="<P>\x1f")
def test_fragment_text_always_returns_text(fragment: str) -> None:
    """A feed body in any shape becomes (possibly empty) text, never an exception."""
    assert isinstance(fragment_text(fragment), str)


json_lines = st.lists(
    st.one_of(
        st.binary(max_size=200),
        any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.builds(
            lambda t, x: json.dumps({"title": t, "text": x, "date": t}).encode(),
            st.text(max_size=30),
            any_text,
        ),
    ),
    max_size=6,
)


@QUICK
@given(lines=json_lines)
def test_json_lines_reader_yields_drafts_or_problems_per_line(lines: list[bytes]) -> None:
    """Each line becomes a draft or a problem naming its line; nothing raises."""
    items = list(read_json_lines(lines, "x.jsonl", first_line=1, max_bytes=10_000))
    for item in items:
        assert isinstance(item, Draft | Problem)
        if isinstance(item, Problem):
            assert item.path == "x.jsonl"
            assert item.locator is not None
            assert item.locator.startswith("line ")


@QUICK
@given(
    text=st.one_of(any_text, json_lines.map(lambda ls: b"\n".join(ls).decode("utf-8", "replace")))
)
@example(text='{"articles": [1, {"text": "Body"}]}')
@example(text="[]")
def test_json_document_reader_yields_or_raises_input_error(text: str) -> None:
    """A .json file gives drafts and problems, or one InputError naming the file."""
    try:
        items = list(read_json_document(text, "x.json"))
    except InputError as exc:
        assert exc.path == "x.json"
        return
    assert all(isinstance(item, Draft | Problem) for item in items)


feed_bytes = st.one_of(
    any_bytes,
    st.builds(
        lambda title, body, date: (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Outlet</title><item>"
            f"<title>{title}</title><description>{body}</description>"
            f"<pubDate>{date}</pubDate></item></channel></rss>"
        ).encode(),
        any_text,
        any_text,
        st.text(max_size=40),
    ),
)


@QUICK
@given(data=feed_bytes)
@example(data=b"<rss version='2.0'><channel><item><description>&lt;p&gt;Hi</description>")
@example(data=b"<feed xmlns='http://www.w3.org/2005/Atom'><entry></entry></feed>")
def test_feed_reader_yields_or_raises_input_error(data: bytes) -> None:
    """Any bytes given to the feed reader give drafts, problems or an InputError."""
    try:
        items = list(read_feed(data, "feed.xml"))
    except InputError as exc:
        assert exc.path == "feed.xml"
        return
    for item in items:
        assert isinstance(item, Draft | Problem)
        if isinstance(item, Draft):
            assert item.published is None or _is_iso(item.published)


@FUZZ
@given(data=any_bytes)
@example(data=bytes(range(0x80, 0x100)) * 10)
def test_decoding_returns_text_or_raises_input_error(data: bytes) -> None:
    """Bytes become text (no carriage returns left), or a clear InputError naming the file."""
    try:
        text = decode_text(data, "x.txt")
    except InputError as exc:
        assert exc.path == "x.txt"
        assert exc.reason
        return
    assert isinstance(text, str)
    assert "\r" not in text
    assert text.strip()


def _is_iso(value: str) -> bool:
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


date_values = st.one_of(
    st.text(max_size=70),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str),
    st.datetimes(timezones=st.timezones()).map(str),
    st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000")),
    st.dates(),
    st.datetimes(),
    st.none(),
)


@FUZZ
@given(value=date_values)
@example(value="2024-03-09Z")
@example(value="0")
@example(value=-(10**20))
@example(value="March 9")
def test_published_dates_are_none_or_iso_8601(value: object) -> None:
    """Whatever a date field holds, rashomon stores an ISO 8601 date or nothing."""
    result = normalise_published(value)
    assert result is None or _is_iso(result), result


# -- store round trip --------------------------------------------------------------

odd_text = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(["\x00", "\u202e", "\ufeff", "\n", "é", "“", "🦆"]),
    ),
    min_size=1,
    max_size=120,
)
maybe = st.none() | odd_text


drafts = st.builds(
    Draft,
    raw_text=st.lists(odd_text, min_size=1, max_size=5).map("\n\n".join),
    source=st.builds(
        SourceRef,
        path=odd_text,
        format=st.sampled_from(InputFormat),
        locator=st.none() | st.sampled_from(["line 3", "entry 1", "record 12"]),
    ),
    raw=odd_text,
    id=maybe,
    title=maybe,
    outlet=maybe,
    country=maybe,
    url=maybe,
    published=maybe,
    fetched=maybe,
    author=maybe,
    language=st.none() | st.sampled_from(["en", "de", "fr", "xx"]),
    extra=st.dictionaries(
        st.text(max_size=10), st.text(max_size=20) | st.integers() | st.booleans(), max_size=3
    ),
)


@QUICK
@given(draft=drafts)
def test_stored_article_reads_back_field_by_field(template_db: Path, draft: Draft) -> None:
    """What ingest writes is what later stages read: every field survives the database."""
    prepared = prepare(draft, rules=RULES, detector=DETECTOR)
    if not isinstance(prepared, Prepared):
        return  # nothing left after cleaning: a Problem, not an article
    article = prepared.article
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(template_db, Path(folder) / "round.db")
        store = Store.open(str(Path(folder) / "round.db"))
        try:
            run_id = store.start_run([])
            store.write_batch(run_id, [StoredArticle(article, prepared.signature)], [])
            back = store.get(article.id)
        finally:
            store.close()
    assert back is not None
    for field in fields(article):
        assert getattr(back, field.name) == getattr(article, field.name), field.name
