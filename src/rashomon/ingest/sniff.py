"""Which reader a file needs: by its content first, its extension second.

Extensions lie (an RSS feed saved as ``.html``, a page saved as ``.txt``), so
strong signatures in the first bytes decide: ``WARC/`` starts an archive, an
``<rss>`` or ``<feed>`` root is a feed, ``<!DOCTYPE html>`` or ``<html>`` is a
page. Where the content is just text, the extension says text or Markdown.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

from rashomon.model import InputFormat

GZIP_MAGIC = b"\x1f\x8b"
TEXT_EXTENSIONS = frozenset({".txt", ".text", ""})
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
JSON_EXTENSIONS = frozenset({".json"})
FEED_EXTENSIONS = frozenset({".rss", ".atom", ".xml", ".rdf"})
WARC_EXTENSIONS = frozenset({".warc", ".arc"})
SUPPORTED = sorted(
    TEXT_EXTENSIONS
    | MARKDOWN_EXTENSIONS
    | HTML_EXTENSIONS
    | JSONL_EXTENSIONS
    | JSON_EXTENSIONS
    | FEED_EXTENSIONS
    | WARC_EXTENSIONS - {""}
)

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_XML_ROOT = re.compile(rb"<([a-zA-Z][\w:.-]*)")


def inner_suffix(path: Path) -> str:
    """The extension that names the format: ``crawl.warc.gz`` -> ``.warc``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def peek(data: bytes) -> bytes:
    """The first bytes of the content, decompressing a gzip stream if needed."""
    if data.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 4096)
        except zlib.error:
            return b""
    return data


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def sniff(path: Path, head: bytes) -> InputFormat | None:
    """The format of a file whose (decompressed) content starts with ``head``.

    None means no reader applies: an unsupported extension with no telling content.
    """
    suffix = inner_suffix(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if start.startswith(b"WARC/"):
        return InputFormat.WARC
    if suffix in WARC_EXTENSIONS:
        return InputFormat.WARC
    lowered = start.lower()
    feed = _FEED_ROOT.search(lowered)
    html = _HTML_ROOT.search(lowered)
    if feed and (not html or feed.start() < html.start()):
        return InputFormat.FEED
    if html and (start.startswith(b"<") or suffix in HTML_EXTENSIONS):
        return InputFormat.HTML
    if suffix in FEED_EXTENSIONS:
        return InputFormat.FEED
    if suffix in HTML_EXTENSIONS:
        return InputFormat.HTML
    if suffix in JSONL_EXTENSIONS:
        return InputFormat.JSONL
    if suffix in JSON_EXTENSIONS:
        return InputFormat.JSON
    if suffix in MARKDOWN_EXTENSIONS:
        return InputFormat.MARKDOWN
    if suffix in TEXT_EXTENSIONS:
        return InputFormat.TEXT
    return None


def xml_root(head: bytes) -> str | None:
    """The root element name of an XML document, for error messages."""
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL)
    match = _XML_ROOT.search(body)
    return match.group(1).decode("ascii", "replace") if match else None


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's content (decompressed if gzip), at most ``max_bytes + 1`` bytes of it."""
    with path.open("rb") as handle:
        magic = handle.read(2)
        handle.seek(0)
        if magic == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=handle) as unzipped:
                return unzipped.read(max_bytes + 1)
        return handle.read(max_bytes + 1)
