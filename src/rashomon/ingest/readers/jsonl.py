"""JSON Lines and JSON files: one article per record.

Accepted field names are listed in :mod:`rashomon.ingest.fields`. A record may
carry its text (``text``, ``body``, ``content`` ...) or a whole page (``html``),
which then goes through the HTML extractor. A broken line is reported with its
line number and the other lines are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from rashomon.errors import InputError, MalformedInput
from rashomon.ingest.fields import as_text, draft_from_fields, pick
from rashomon.ingest.limits import MAX_JSON_DEPTH, over_cap, too_deep
from rashomon.ingest.readers.html import extract_html
from rashomon.model import Draft, InputFormat, Problem, SourceRef


def read_json_lines(
    lines: list[bytes], path: str, *, first_line: int, max_bytes: int
) -> Iterator[Draft | Problem]:
    """Articles from a chunk of JSONL lines that starts at line ``first_line``."""
    for offset, line in enumerate(lines):
        locator = f"line {first_line + offset}"
        if not line.strip():
            continue
        if len(line) > max_bytes:
            yield Problem(
                path,
                "too-large",
                over_cap("the record", max_bytes, len(line)),
                locator=locator,
            )
            continue
        if too_deep(line):
            yield Problem(path, "malformed", _TOO_DEEP, locator=locator)
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            yield Problem(path, "malformed", f"not valid JSON ({reason}); skipped", locator=locator)
            continue
        yield from _contained(record, path, locator, InputFormat.JSONL, line)


_TOO_DEEP = f"JSON nested more than {MAX_JSON_DEPTH} levels deep (an article needs a few); skipped"


def _contained(
    record: Any, path: str, locator: str | None, fmt: InputFormat, line: bytes | None
) -> Iterator[Draft | Problem]:
    """One record's drafts; a bug while reading it costs that record only, reported."""
    try:
        found = list(_record(record, path, locator, fmt, line))
    except Exception as exc:  # the next records must still be read
        found = [
            Problem(
                path,
                "internal",
                f"unexpected error while reading this record ({type(exc).__name__}); skipped —"
                " please report this",
                locator=locator,
            )
        ]
    yield from found


def read_json_document(text: str, path: str) -> Iterator[Draft | Problem]:
    """Articles from a .json file: one object, a list, or ``{"articles": [...]}``."""
    try:
        if too_deep(text):  # a JSONL file named .json may still hold good lines
            raise MalformedInput(path, _TOO_DEEP)
        document = json.loads(text)
    except (json.JSONDecodeError, MalformedInput) as exc:
        if _looks_like_json_lines(text):
            lines = [line.encode() for line in text.splitlines()]
            yield from read_json_lines(lines, path, first_line=1, max_bytes=len(text) + 1)
            return
        if isinstance(exc, MalformedInput):
            raise
        raise MalformedInput(
            path, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); skipped"
        ) from exc
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        records: list[Any] = document["articles"]
    elif isinstance(document, list):
        records = document
    else:
        records = [document]
    if not records:
        yield Problem(path, "empty", "the JSON file holds no articles (an empty list); skipped")
        return
    for number, record in enumerate(records, start=1):
        locator = f"record {number}" if len(records) > 1 else None
        yield from _contained(record, path, locator, InputFormat.JSON, None)


def _looks_like_json_lines(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines[:5])


def _record(
    record: Any, path: str, locator: str | None, fmt: InputFormat, line: bytes | None
) -> Iterator[Draft | Problem]:
    if not isinstance(record, Mapping):
        kind = type(record).__name__
        yield Problem(
            path, "malformed", f"expected a JSON object, found a {kind}; skipped", locator=locator
        )
        return
    raw = line.decode("utf-8", "replace") if line is not None else json.dumps(record)
    source = SourceRef(path, fmt, locator)
    text = pick(record, "text")
    if isinstance(text, str) and text.strip():
        yield draft_from_fields(record, raw_text=text.replace("\r\n", "\n"), raw=raw, source=source)
        return
    html = pick(record, "html")
    if isinstance(html, str) and html.strip():
        try:
            page = extract_html(html, source, url=as_text(pick(record, "url")))
        except InputError as exc:
            yield Problem(path, exc.code, exc.reason, locator=locator)
            return
        yield draft_from_fields(
            record,
            raw_text=page.raw_text,
            raw=raw,
            source=source,
            defaults={
                "title": page.title,
                "outlet": page.outlet,
                "url": page.url,
                "published": page.published,
                "author": page.author,
            },
        )
        return
    yield Problem(
        path,
        "no-text",
        "the record has no article text (expected a 'text', 'body', 'content' or 'html' field);"
        " skipped",
        locator=locator,
    )
