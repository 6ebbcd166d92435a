"""Fuzzing the container readers at their limits: size, depth and compression extremes.

Every generated file goes through discovery and reading exactly as in a run
(:func:`discover` then :func:`process_unit`). The property: nothing raises, and every
result is a prepared article or a problem naming the file. The memory bound is tested
with a real process under an address-space limit in ``test_poison_input.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.ingest.discover import discover
from rashomon.ingest.pipeline import WorkerContext, process_unit
from rashomon.ingest.prepare import Prepared
from rashomon.ingest.rules import default_rules
from rashomon.ingest.units import Unit
from rashomon.model import Problem

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MAX_BYTES = 200_000
CONTEXT = WorkerContext(rules=default_rules(), max_bytes=MAX_BYTES)
TEXT = "Officials said the ferry was carrying 140 passengers when the fire broke out. " * 3


def _read_all(path: Path) -> list[Prepared | Problem]:
    results: list[Prepared | Problem] = []
    for item in discover([str(path.parent)], max_bytes=MAX_BYTES):
        if isinstance(item, Problem):
            results.append(item)
        else:
            assert isinstance(item, Unit)
            results.extend(process_unit(item, CONTEXT))
    for result in results:
        assert isinstance(result, Prepared | Problem)
        if isinstance(result, Problem):
            assert result.path and result.message
            assert result.code != "internal", result.message
    return results


def _in_folder(name: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-limits-"))
    path = folder / name
    path.write_bytes(data)
    return path


def _nested(depth: int, kind: str) -> str:
    opening, closing = ("[", "]") if kind == "array" else ('{"a":', "}")
    return opening * depth + "1" + closing * depth


json_lines = st.one_of(
    st.builds(lambda n: json.dumps({"title": f"Fire {n}", "text": TEXT}), st.integers(0, 99)),
    st.builds(_nested, st.integers(1, 5000), st.sampled_from(["array", "object"])),
    st.builds(lambda d: '{"text": ' + _nested(d, "array") + "}", st.integers(90, 3000)),
    st.builds(lambda n: " " * n, st.integers(0, 300_000)),  # blank, possibly over the cap
    st.builds(lambda n: "x" * n, st.integers(1, 300_000)),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.just('{"text": "unterminated'),
)


@FUZZ
@given(
    lines=st.lists(json_lines, max_size=12),
    compression=st.sampled_from(["none", "gzip", "gzip-truncated", "gzip-concatenated"]),
)
def test_jsonl_at_its_limits_never_breaks_reading(lines: list[str], compression: str) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    name = "feed.jsonl"
    if compression != "none":
        name += ".gz"
        packed = gzip.compress(data)
        if compression == "gzip-truncated":
            packed = packed[: max(10, len(packed) // 2)]
        elif compression == "gzip-concatenated":
            packed += gzip.compress(b'{"title": "Tail", "text": "' + TEXT.encode() + b'"}\n')
        data = packed
    _read_all(_in_folder(name, data))


def _feed(items: int, depth: int, entity_bomb: bool, body_size: int) -> bytes:
    doctype = ""
    if entity_bomb:
        entities = ['<!ENTITY a0 "lol">'] + [
            f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        ]
        doctype = "<!DOCTYPE rss [" + "".join(entities) + "]>"
    nesting = "<x>" * depth + "</x>" * depth
    entries = "".join(
        f"<item><title>Fire {i}{' &a9;' if entity_bomb else ''}</title>"
        f"<description>{TEXT}{'y' * body_size}{nesting}</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Feed</title>'
        f"{entries}</channel></rss>"
    ).encode()


@FUZZ
@given(
    items=st.integers(0, 4),
    depth=st.integers(0, 3000),
    entity_bomb=st.booleans(),
    body_size=st.integers(0, 250_000),
    cut=st.one_of(st.none(), st.integers(1, 2000)),
)
def test_feeds_at_their_limits_never_break_reading(
    items: int, depth: int, entity_bomb: bool, body_size: int, cut: int | None
) -> None:
    data = _feed(items, depth, entity_bomb, body_size)
    if cut is not None:
        data = data[:cut]
    _read_all(_in_folder("feed.rss", data))


def _warc_record(payload: bytes, declared: int | None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    length = len(http) if declared is None else declared
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
        "WARC-Date: 2024-03-10T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


@FUZZ
@given(
    pages=st.lists(
        st.tuples(
            st.integers(0, 300_000),  # page size
            st.one_of(st.none(), st.integers(0, 10**12)),  # a lying Content-Length
        ),
        max_size=3,
    ),
    gzipped=st.booleans(),
    cut=st.one_of(st.none(), st.integers(1, 5000)),
)
def test_warc_at_its_limits_never_breaks_reading(
    pages: list[tuple[int, int | None]], gzipped: bool, cut: int | None
) -> None:
    records = b"".join(
        _warc_record(
            f"<html><body><h1>Fire</h1><p>{TEXT}{'z' * size}</p></body></html>".encode(), declared
        )
        for size, declared in pages
    )
    data = b"".join(gzip.compress(r) for r in [records]) if gzipped else records
    if cut is not None:
        data = data[:cut]
    _read_all(_in_folder("crawl.warc.gz" if gzipped else "crawl.warc", data or b"WARC/1.0"))


csv_cells = st.one_of(
    st.text(max_size=30),
    st.just("*.txt"),
    st.builds(lambda n: "c" * n, st.integers(0, 200_000)),
    st.just("\x00"),
    st.just('"unclosed'),
)


@FUZZ
@given(
    rows=st.lists(st.lists(csv_cells, max_size=8), max_size=8),
    header=st.sampled_from(["pattern,outlet,country,language", "pattern", "outlet", ""]),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_sources_csv_at_its_limits_never_breaks_reading(
    rows: list[list[str]], header: str, encoding: str
) -> None:
    text = header + "\n" + "\n".join(",".join(row) for row in rows) + "\n"
    folder = Path(tempfile.mkdtemp(prefix="fuzz-sources-"))
    (folder / "sources.csv").write_bytes(text.encode(encoding, "replace"))
    (folder / "story.txt").write_text(f"A ferry fire\n\n{TEXT}\n", "utf-8")
    results = _read_all(folder / "story.txt")
    assert any(isinstance(r, Prepared) for r in results)  # the article is never lost
