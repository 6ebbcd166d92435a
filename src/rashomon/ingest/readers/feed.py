"""RSS 2.0 and Atom feeds: every entry an article.

Feeds often carry only a summary; we take the full content where the feed has
it (``content:encoded``, Atom ``<content>``) and say so when we had to settle
for the summary, since a two-line teaser is not the outlet's whole report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rashomon.errors import MalformedInput
from rashomon.ingest.dates import normalise_published
from rashomon.ingest.readers.html import fragment_text
from rashomon.model import Draft, InputFormat, Problem, Severity, SourceRef


def read_feed(data: bytes, path: str) -> Iterator[Draft | Problem]:
    """Articles from an RSS or Atom document; broken entries become problems."""
    import feedparser

    parsed: Any = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    version = parsed.get("version") or ""
    if not entries:
        reason = parsed.get("bozo_exception")
        if not version:
            detail = f" ({reason})" if reason else ""
            raise MalformedInput(path, f"not a valid RSS or Atom feed{detail}; skipped")
        yield Problem(path, "empty-feed", "the feed has no entries", Severity.WARNING)
        return
    channel = parsed.get("feed") or {}
    outlet = _text(channel.get("title"))
    for number, entry in enumerate(entries, start=1):
        locator = f"entry {number}"
        source = SourceRef(path, InputFormat.FEED, locator)
        body, from_summary = _entry_body(entry)
        title = _text(entry.get("title"))
        if not body.strip():
            yield Problem(
                path,
                "no-text",
                "the entry has neither content nor a summary; skipped",
                locator=locator,
            )
            continue
        warnings: tuple[str, ...] = ()
        if from_summary:
            warnings = ("the feed gives only a summary of this article, not its full text",)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        extra: dict[str, Any] = {}
        if entry.get("id"):
            extra["guid"] = entry.get("id")
        tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
        if tags:
            extra["tags"] = tags
        yield Draft(
            raw_text=body,
            source=source,
            raw=_entry_raw(entry),
            title=title,
            outlet=outlet,
            url=_text(entry.get("link")),
            published=normalise_published(published)
            or normalise_published(entry.get("published") or entry.get("updated")),
            author=_text(entry.get("author")),
            language=_text(entry.get("language") or channel.get("language")),
            extra=extra,
            warnings=warnings,
        )


def _entry_body(entry: Any) -> tuple[str, bool]:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    if best.strip():
        return fragment_text(best), False
    summary = entry.get("summary") or entry.get("description") or ""
    return (fragment_text(summary), True) if summary.strip() else ("", False)


def _entry_raw(entry: Any) -> str:
    contents = entry.get("content") or []
    parts = [c.get("value") or "" for c in contents]
    return "\n".join(p for p in parts if p) or str(entry.get("summary") or "")


def _text(value: Any) -> str | None:
    if not value:
        return None
    text = " ".join(str(value).split())
    return text or None
