"""Plain-text and Markdown articles, with optional YAML front matter.

The first non-empty line is the headline (the cleaner takes it, after cutting
any section label above it); a front-matter block overrides that and supplies
the metadata pasted text lacks::

    ---
    title: Ferry fire kills 12 off Piraeus
    outlet: The Harbour Ledger
    url: https://harbourledger.example/ferry-fire
    published: 2024-03-09
    language: en
    ---
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from rashomon.ingest.fields import draft_from_fields
from rashomon.model import Draft, InputFormat, SourceRef

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """Return (metadata, body, warning). Unreadable front matter is dropped with a warning."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text, None
    body = text[match.end() :]
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return {}, body, f"front matter could not be read ({problem}); its metadata was ignored"
    if not isinstance(meta, dict):
        return (
            {},
            body,
            "front matter is not a list of 'key: value' lines; its metadata was ignored",
        )
    return {str(k): v for k, v in meta.items()}, body, None


def markdown_to_text(markdown: str) -> str:
    """Drop Markdown syntax a reader does not see (heading and quote marks, link targets,
    emphasis)."""
    text = _MD_IMAGE.sub("", markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    return _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)


def read_text(text: str, source: SourceRef, *, preferred_id: str | None) -> Draft:
    """One article from a text or Markdown document (already decoded)."""
    meta, body, warning = split_front_matter(text)
    if source.format is InputFormat.MARKDOWN:
        body = markdown_to_text(body)
    warnings = (warning,) if warning else ()
    return draft_from_fields(
        meta, raw_text=body, raw=text, source=source, preferred_id=preferred_id, warnings=warnings
    )
