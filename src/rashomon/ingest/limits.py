"""The size cap, and how it is explained to the user."""

from __future__ import annotations


def human_size(size: int) -> str:
    """Bytes as a short readable size: 812 B, 5.0 kB, 25 MB, 1.2 GB."""
    if size < 1000:
        return f"{size} B"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def over_cap(what: str, cap: int, size: int | None = None) -> str:
    """'the file is 5.0 kB, over the 1.0 kB size cap; skipped (raise it with --max-size)'."""
    measured = f" is {human_size(size)}," if size is not None else " is"
    return (
        f"{what}{measured} over the {human_size(cap)} size cap; skipped"
        " (raise it with --max-size, in MB)"
    )


# A JSONL chunk (the unit sent to a worker) closes at this many bytes as well as at its
# line count, so at most about max(this, one record) is held per chunk: 256 lines of
# 25 MB each would be 6.4 GB (a gzip bomb of long lines reached 6 GB before any check).
CHUNK_BYTES = 2_000_000
# Reading a compressed stream stops once it has given more than this many times the
# compressed file's size (and more than EXPANSION_FLOOR bytes): news text and JSON
# compress 3-10 times, a decompression bomb a thousand times or more.
MAX_EXPANSION = 100
EXPANSION_FLOOR = 64_000_000
# JSON nested deeper than this is refused before parsing: Python's parser recurses and
# raises RecursionError near 1,000 levels; an article record needs three or four.
MAX_JSON_DEPTH = 100


def expanded_too_far(decompressed: int, compressed: int) -> bool:
    """Whether a stream has decompressed suspiciously far (a likely bomb)."""
    return decompressed > EXPANSION_FLOOR and decompressed > MAX_EXPANSION * max(compressed, 1)


def too_deep(data: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON ``data`` nests arrays and objects more than ``limit`` deep.

    Cheap for real records: only when the text holds more than ``limit`` opening
    brackets at all is it scanned (outside strings), and the scan stops as soon as
    the limit is passed.
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    in_string = False
    escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False
