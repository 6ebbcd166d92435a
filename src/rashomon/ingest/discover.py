"""From the paths a user gives to work units, without reading article text.

Directories are walked recursively in a stable order; hidden files are
ignored (and counted); a ``sources.csv`` applies to the files under its
folder. Archives and JSONL files are streamed here, record by record, so a
multi-gigabyte crawl never sits in memory at once.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from rashomon.errors import RulesError
from rashomon.ingest.decode import describe_binary
from rashomon.ingest.limits import (
    CHUNK_BYTES,
    EXPANSION_FLOOR,
    MAX_EXPANSION,
    expanded_too_far,
    over_cap,
)
from rashomon.ingest.readers.warc import iter_warc_pages
from rashomon.ingest.sniff import GZIP_MAGIC, SUPPORTED, peek, sniff
from rashomon.ingest.sources import SIDECAR_NAME, SourceMap, load_source_map
from rashomon.ingest.units import Unit
from rashomon.model import InputFormat, Problem, Severity

JSONL_CHUNK_LINES = 256
_UNSAFE_ID = re.compile(r"[^\w.-]+")


def discover(
    paths: list[str], *, max_bytes: int, sources: SourceMap | None = None
) -> Iterator[Unit | Problem]:
    """Units to read and problems found on the way, in input order."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Problem(given, "missing", "no such file or directory")
        elif path.is_dir():
            yield from _walk(path, max_bytes, sources)
        else:
            yield from _file(path, given, max_bytes, sources)


def _walk(root: Path, max_bytes: int, sources: SourceMap | None) -> Iterator[Unit | Problem]:
    hidden = 0
    maps: dict[Path, SourceMap | None] = {}
    for folder, dirs, files in os.walk(root):
        hidden += sum(1 for d in dirs if d.startswith(".")) + sum(
            1 for f in files if f.startswith(".")
        )
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        inherited = maps.get(here.parent, sources) if here != root else sources
        local = inherited
        if SIDECAR_NAME in files:
            try:
                local = load_source_map(here / SIDECAR_NAME)
                yield from local.problems
            except RulesError as exc:
                yield Problem(str(here / SIDECAR_NAME), "sources", str(exc).split(": ", 1)[-1])
        maps[here] = local
        for name in sorted(files):
            if name.startswith(".") or name == SIDECAR_NAME:
                continue
            file = here / name
            yield from _file(file, str(file), max_bytes, local)
    if hidden:
        yield Problem(
            str(root), "hidden", f"{hidden} hidden files or folders ignored", Severity.SKIPPED
        )


def _file(
    path: Path, shown: str, max_bytes: int, sources: SourceMap | None
) -> Iterator[Unit | Problem]:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        yield Problem(shown, "unreadable", f"cannot read the file ({exc.strerror})")
        return
    if size == 0:
        yield Problem(shown, "empty", "the file is empty; skipped")
        return
    content = peek(head)
    fmt = sniff(path, content)
    if fmt is None:
        what = describe_binary(content)
        if what is not None:
            yield Problem(shown, "binary", f"not a text file: {what}; skipped")
        else:
            kinds = ", ".join(SUPPORTED)
            yield Problem(
                shown,
                "unsupported",
                f"unsupported file type '{path.suffix}' (rashomon reads {kinds}); skipped",
                Severity.SKIPPED,
            )
        return
    if fmt is InputFormat.WARC:
        yield from _warc_units(path, shown, max_bytes, sources)
        return
    if fmt is InputFormat.JSONL:
        yield from _jsonl_units(path, shown, max_bytes, sources)
        return
    if size > max_bytes:
        yield Problem(
            shown,
            "too-large",
            over_cap("the file", max_bytes, size),
        )
        return
    yield Unit(shown, fmt, file=str(path), preferred_id=file_id(path), sources=sources)


def file_id(path: Path) -> str:
    """The id of a single-article file: its name without extensions, made URL-safe."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = Path(name).stem or name
    return _UNSAFE_ID.sub("-", stem).strip("-.") or "article"


def _open(path: Path) -> tuple[BinaryIO, BinaryIO]:
    """(the stream to read lines from, the raw file under it), decompressing gzip."""
    raw = path.open("rb")
    compressed = raw.read(2) == GZIP_MAGIC
    raw.seek(0)
    if not compressed:
        return raw, raw
    return gzip.GzipFile(fileobj=raw), raw  # type: ignore[return-value]


def _warc_units(
    path: Path, shown: str, max_bytes: int, sources: SourceMap | None
) -> Iterator[Unit | Problem]:
    with path.open("rb") as stream:
        for item in iter_warc_pages(stream, shown, max_bytes=max_bytes):
            if isinstance(item, Problem):
                yield item
                continue
            locator, payload, url, fetched = item
            yield Unit(
                shown,
                InputFormat.HTML,
                payload=payload,
                locator=locator,
                url=url,
                fetched=fetched,
                sources=sources,
            )


def _jsonl_units(
    path: Path, shown: str, max_bytes: int, sources: SourceMap | None
) -> Iterator[Unit | Problem]:
    """Chunks of JSONL lines, each closing at JSONL_CHUNK_LINES lines or CHUNK_BYTES,
    so memory stays bounded whatever the lines hold; a compressed file that expands
    like a decompression bomb is read no further (the lines before it are kept)."""
    number = 0
    records = 0
    chunk: list[bytes] = []
    chunk_bytes = 0
    first = 1
    stream, raw = _open(path)
    compressed_size = path.stat().st_size
    decompressed = 0
    try:
        with stream, raw:
            while True:
                line = stream.readline(max_bytes + 1)
                if not line:
                    break
                number += 1
                decompressed += len(line)
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    budget = _allowed(stream is not raw, compressed_size) - decompressed
                    decompressed += _skip_rest_of_line(stream, budget)
                    yield Problem(
                        shown,
                        "too-large",
                        over_cap("the record", max_bytes),
                        locator=f"line {number}",
                    )
                    line = b"\n"
                if stream is not raw and expanded_too_far(decompressed, compressed_size):
                    yield Problem(
                        shown,
                        "bomb",
                        f"decompresses to over {MAX_EXPANSION} times its size (a likely"
                        f" decompression bomb); stopped reading after line {number} — the"
                        " lines before it were read",
                    )
                    break
                content = line.strip()
                records += bool(content)
                chunk.append(line.rstrip(b"\r\n") if content else b"")
                chunk_bytes += len(chunk[-1])
                if len(chunk) >= JSONL_CHUNK_LINES or chunk_bytes >= CHUNK_BYTES:
                    yield _jsonl_unit(shown, chunk, first, sources)
                    first, chunk, chunk_bytes = number + 1, [], 0
    except (EOFError, zlib.error, OSError) as exc:
        if chunk:
            yield _jsonl_unit(shown, chunk, first, sources)
            chunk = []
        yield Problem(
            shown,
            "truncated",
            f"the file is damaged or ends early after line {number} ({exc}); the lines before"
            " it were read",
        )
    if chunk:
        yield _jsonl_unit(shown, chunk, first, sources)
    if records == 0:
        yield Problem(shown, "empty", "the file holds no JSON records (only blank lines); skipped")


def _allowed(compressed: bool, compressed_size: int) -> int:
    """How many bytes a stream may give before it counts as a decompression bomb."""
    if not compressed:
        return 1 << 62
    return max(EXPANSION_FLOOR, MAX_EXPANSION * compressed_size) + 1


def _skip_rest_of_line(stream: BinaryIO, budget: int) -> int:
    """Read past the rest of an over-long line (or until ``budget`` bytes are read);
    returns how many bytes that was."""
    skipped = 0
    while skipped <= budget:
        block = stream.readline(1 << 20)
        skipped += len(block)
        if not block or block.endswith(b"\n"):
            break
    return skipped


def _jsonl_unit(shown: str, lines: list[bytes], first: int, sources: SourceMap | None) -> Unit:
    return Unit(
        shown, InputFormat.JSONL, payload=b"\n".join(lines), first_line=first, sources=sources
    )
