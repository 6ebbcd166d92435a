"""WARC archives (Common Crawl's CC-NEWS format): every HTML response an article.

Records are read in order from the (optionally gzipped) stream; the HTML
payloads are handed on as work units so the expensive extraction can run in
parallel. Requests, metadata and non-HTML responses are counted, not stored.
A truncated archive yields the records read before the damage and an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from rashomon.ingest.limits import over_cap
from rashomon.model import Problem, Severity

HTML_TYPES = ("text/html", "application/xhtml+xml")


def iter_warc_pages(
    stream: BinaryIO, path: str, *, max_bytes: int
) -> Iterator[tuple[str, bytes, str | None, str | None] | Problem]:
    """Yield ``(locator, html_bytes, url, fetched)`` per HTML response, or problems."""
    from warcio.archiveiterator import ArchiveIterator

    skipped: Counter[str] = Counter()
    number = 0
    truncated = False
    try:
        for record in ArchiveIterator(stream):
            number += 1
            locator = f"record {number}"
            kind = record.rec_type
            if kind != "response":
                skipped[f"{kind} record"] += 1
                continue
            status, content_type = _http_status_and_type(record)
            if status is not None and status != "200":
                skipped[f"HTTP {status} response"] += 1
                continue
            if not content_type.startswith(HTML_TYPES):
                skipped[f"{content_type or 'untyped'} response"] += 1
                continue
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) <= max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                truncated = True
                yield Problem(
                    path,
                    "truncated",
                    "the archive ends in the middle of this record (truncated download?);"
                    " the page is incomplete and was skipped",
                    locator=locator,
                )
                continue
            if len(payload) > max_bytes:
                yield Problem(
                    path,
                    "too-large",
                    over_cap("the page", max_bytes),
                    locator=locator,
                )
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            fetched = record.rec_headers.get_header("WARC-Date")
            yield locator, payload, url, fetched
    except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib.error, EOFError ...
        truncated = True
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        yield Problem(
            path,
            "truncated",
            f"the archive is damaged or ends early after {number} records ({reason});"
            " the records before it were read",
        )
    if number == 0 and not truncated:
        yield Problem(path, "empty", "no WARC records found (an empty or damaged archive); skipped")
    if skipped:
        detail = ", ".join(f"{n} {what}" for what, n in sorted(skipped.items()))
        total = sum(skipped.values())
        yield Problem(
            path,
            "not-html",
            f"{total} records are not HTML pages ({detail}); skipped",
            Severity.SKIPPED,
        )


def _http_status_and_type(record: object) -> tuple[str | None, str]:
    headers = getattr(record, "http_headers", None)
    if headers is None:
        return None, ""
    status = headers.get_statuscode()
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status, content_type
