"""Metadata field names: the many spellings inputs use, mapped to one record.

JSON records, front matter and feed extras name the same things differently
(``body``, ``content``, ``articleBody``, ``maintext``...). This table is the
documented list of accepted names (see docs/input-formats.md); the first name
present wins, and every field we do not know is kept in ``extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rashomon.ingest.dates import normalise_published
from rashomon.model import Draft, SourceRef

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "articleBody", "article_body", "maintext",
             "full_text", "fulltext", "story"),
    "html": ("html", "raw_html", "page"),
    "outlet": ("outlet", "source", "source_name", "site_name", "sitename", "publisher", "site",
               "media", "newspaper"),
    "url": ("url", "link", "source_url", "canonical_url", "permalink"),
    "published": ("published", "date", "date_publish", "published_at", "publish_date",
                  "pubDate", "datePublished", "published_date", "pub_date"),
    "language": ("language", "lang", "inLanguage"),
    "author": ("author", "authors", "byline", "creator"),
    "country": ("country", "outlet_country", "source_country"),
}  # fmt: skip

_KNOWN = frozenset(name for names in FIELD_NAMES.values() for name in names)


def pick(record: Mapping[str, Any], field: str) -> Any:
    """The value of the first accepted name for ``field`` present and non-empty in ``record``."""
    for name in FIELD_NAMES[field]:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def as_text(value: Any) -> str | None:
    """A metadata value as one line of text (lists of authors are joined)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        parts = [as_text(v) for v in value]
        joined = ", ".join(p for p in parts if p)
        return joined or None
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("title"))
    text = " ".join(str(value).split())
    return text or None


def extra_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Fields rashomon does not interpret, kept as they came."""
    return {k: v for k, v in record.items() if k not in _KNOWN}


def draft_from_fields(
    record: Mapping[str, Any],
    *,
    raw_text: str,
    raw: str,
    source: SourceRef,
    preferred_id: str | None = None,
    warnings: tuple[str, ...] = (),
    defaults: Mapping[str, str | None] | None = None,
) -> Draft:
    """Build a draft from a metadata mapping; ``defaults`` fill what the record lacks."""
    defaults = defaults or {}
    published_value = pick(record, "published")
    published = normalise_published(published_value)
    extra = extra_fields(record)
    if published_value is not None and published is None:
        extra["published_raw"] = str(published_value)
        warnings = (*warnings, f"cannot read the published date {str(published_value)[:40]!r}")
    record_id = as_text(pick(record, "id"))

    def value(field: str) -> str | None:
        return as_text(pick(record, field)) or defaults.get(field)

    return Draft(
        raw_text=raw_text,
        source=source,
        raw=raw,
        id=record_id or preferred_id,
        title=as_text(pick(record, "title")) or defaults.get("title"),
        outlet=value("outlet"),
        country=value("country"),
        url=value("url"),
        published=published or defaults.get("published"),
        fetched=defaults.get("fetched"),
        author=value("author"),
        language=value("language"),
        extra=extra,
        warnings=warnings,
    )
