"""Bytes to text: recognise binary files, find the character encoding.

News text arrives as UTF-8 most of the time, but pages saved from older sites
are often Windows-1252 or ISO-8859-x, and users drop images and PDFs into
folders by accident. We try the cheap, certain answers first (a byte-order
mark, strict UTF-8) and only then ask charset-normalizer to guess.
"""

from __future__ import annotations

import codecs
import re

from rashomon.errors import BinaryInput, EmptyInput, UndecodableInput

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document (convert it to text or HTML first)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (unzip it and ingest the folder)"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (save it as text or HTML)"),
    (b"BZh", "a bzip2 archive (decompress it first)"),
    (b"\xfd7zXZ", "an xz archive (decompress it first)"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in text files (tab, LF, CR, FF are fine).
_CONTROL = (
    bytes(range(0, 9)) + b"\x0b\x0e\x0f" + bytes(range(0x10, 0x1B)) + bytes(range(0x1C, 0x20))
)


def describe_binary(data: bytes) -> str | None:
    """Say what kind of binary file ``data`` starts like, or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    if head:
        controls = sum(head.count(c) for c in _CONTROL)
        if controls / len(head) > 0.05:
            return "binary data (it is full of control characters)"
    return None


def decode_text(data: bytes, path: str, *, locator: str | None = None) -> str:
    """Decode ``data`` to text, or raise a user-facing error naming ``path``.

    Raises :class:`BinaryInput`, :class:`EmptyInput` or :class:`UndecodableInput`.
    """
    what = describe_binary(data)
    if what is not None:
        raise BinaryInput(path, f"not a text file: {what}; skipped", locator=locator)
    text = _decode(data, path, locator)
    if not text.strip():
        raise EmptyInput(
            path, "the file is empty (nothing but whitespace); skipped", locator=locator
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The legacy encodings news text most often comes in, most common first (the web's own
# fallback is windows-1252). Used to break ties between equally plausible guesses.
_PREFERRED = (
    "cp1252", "iso8859_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r",
    "iso8859_7", "cp1253", "iso8859_9", "cp1254", "cp1257", "iso8859_13",
)  # fmt: skip
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def declared_encoding(data: bytes) -> str | None:
    """The encoding a document declares for itself (HTML ``<meta charset>``, XML prolog)."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes, path: str, locator: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared is not None and declared not in ("utf-8", "ascii"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    guesses = list(from_bytes(data))
    if not guesses:
        raise UndecodableInput(
            path,
            "cannot work out its character encoding (not UTF-8, and no other encoding fits);"
            " re-save it as UTF-8",
            locator=locator,
        )
    least = min(g.percent_chaos for g in guesses)
    plausible = [g for g in guesses if g.percent_chaos <= least]

    def rank(guess: object) -> int:
        encoding = str(getattr(guess, "encoding", ""))
        return _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)

    return str(min(plausible, key=rank))
