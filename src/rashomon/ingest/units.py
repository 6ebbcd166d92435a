"""Work units: the pieces of input that can be read independently, in parallel.

A unit is a whole file (a text, a page, a feed), a chunk of JSONL lines, or one
HTML page taken out of a WARC archive. Finding units is cheap and sequential
(:mod:`rashomon.ingest.discover`); reading them (decoding, HTML extraction,
JSON parsing) is the expensive part and runs in worker processes, or on Ray.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rashomon.errors import InputError, MalformedInput, TooLargeInput, TruncatedInput
from rashomon.ingest.decode import decode_text
from rashomon.ingest.limits import over_cap
from rashomon.ingest.sniff import peek, read_limited, xml_root
from rashomon.ingest.sources import SourceMap
from rashomon.model import Draft, InputFormat, Problem, SourceRef


@dataclass(frozen=True, slots=True)
class Unit:
    """One independently readable piece of input.

    ``file`` is read by the worker; ``payload`` carries bytes already taken
    out of a container (JSONL lines, a WARC record).
    """

    path: str
    format: InputFormat
    file: str | None = None
    payload: bytes | None = None
    locator: str | None = None
    first_line: int = 1
    url: str | None = None
    fetched: str | None = None
    preferred_id: str | None = None
    sources: SourceMap | None = None


def read_unit(unit: Unit, *, max_bytes: int) -> Iterator[Draft | Problem]:
    """Drafts (or problems) from one unit. Never raises for bad input."""
    try:
        yield from _read(unit, max_bytes)
    except InputError as exc:
        yield Problem(exc.path, exc.code, exc.reason, locator=exc.locator)


def _read(unit: Unit, max_bytes: int) -> Iterator[Draft | Problem]:
    from rashomon.ingest.readers.feed import read_feed
    from rashomon.ingest.readers.html import extract_html
    from rashomon.ingest.readers.jsonl import read_json_document, read_json_lines
    from rashomon.ingest.readers.text import read_text

    if unit.format is InputFormat.JSONL and unit.payload is not None:
        lines = unit.payload.split(b"\n")
        yield from read_json_lines(
            lines, unit.path, first_line=unit.first_line, max_bytes=max_bytes
        )
        return
    data = unit.payload if unit.payload is not None else _load(unit, max_bytes)
    source = SourceRef(unit.path, unit.format, unit.locator)
    if unit.format is InputFormat.FEED:
        _check_feed_root(data, unit.path)
        yield from read_feed(data, unit.path)
        return
    text = decode_text(data, unit.path, locator=unit.locator)
    if unit.format is InputFormat.HTML:
        yield extract_html(
            text, source, url=unit.url, preferred_id=unit.preferred_id, fetched=unit.fetched
        )
    elif unit.format in (InputFormat.JSON, InputFormat.JSONL):
        yield from read_json_document(text, unit.path)
    else:
        yield read_text(text, source, preferred_id=unit.preferred_id)


def _load(unit: Unit, max_bytes: int) -> bytes:
    assert unit.file is not None  # a unit has a payload or a file
    try:
        data = read_limited(Path(unit.file), max_bytes)
    except (EOFError, zlib.error) as exc:
        raise TruncatedInput(
            unit.path, "the compressed file ends early or is damaged (truncated download?); skipped"
        ) from exc
    except OSError as exc:
        if "gzip" in str(exc).lower():
            raise TruncatedInput(unit.path, f"not a readable gzip file ({exc}); skipped") from exc
        raise MalformedInput(unit.path, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise TooLargeInput(
            unit.path,
            over_cap("once decompressed, the file", max_bytes),
        )
    return data


def _check_feed_root(data: bytes, path: str) -> None:
    head = peek(data)[:4096].lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return
    root = xml_root(peek(data)[:4096])
    if root is not None:
        raise MalformedInput(path, f"not an RSS or Atom feed (root element <{root}>); skipped")
