"""The sources sidecar: outlet, country and language for files that lack them.

Pasted text and bare HTML dumps rarely say who published them. A
``sources.csv`` in a folder (or given with ``--sources``) maps them::

    pattern,outlet,country,language
    kestrel-*.txt,The Kestrel Gazette,GB,en
    *.nordlicht.example/*,Nordlicht Rundschau,DE,de

``pattern`` is a shell-style glob matched, case-insensitively, against the
file's path relative to the sidecar's folder and against the article's URL
without its scheme (``www.example.com/2024/...``). The first matching row wins;
values an input declares itself (front matter, JSON fields) take precedence.
"""

from __future__ import annotations

import contextlib
import csv
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from rashomon.errors import RulesError
from rashomon.model import Problem

SIDECAR_NAME = "sources.csv"
COLUMNS = ("pattern", "outlet", "country", "language")


@dataclass(frozen=True, slots=True)
class SourceRule:
    pattern: str
    outlet: str | None
    country: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class SourceMap:
    """The rows of one sidecar file and the folder its patterns are relative to.

    ``problems`` are the rows that could not be used (each names the file and line);
    they are skipped and reported, the other rows still apply."""

    base: Path
    rules: tuple[SourceRule, ...]
    problems: tuple[Problem, ...] = ()

    def lookup(self, path: Path | None, url: str | None) -> SourceRule | None:
        candidates: list[str] = []
        if path is not None:
            with contextlib.suppress(ValueError):
                candidates.append(path.resolve().relative_to(self.base).as_posix().lower())
        if url:
            candidates.append(url.split("://", 1)[-1].lower())
        for rule in self.rules:
            if any(fnmatch.fnmatchcase(c, rule.pattern) for c in candidates):
                return rule
        return None


def load_source_map(path: Path) -> SourceMap:
    """Read a sidecar file. A row that cannot be used (more cells than the header has
    columns, an empty pattern) is skipped with a problem naming the file and line; the
    file as a whole is refused (:class:`RulesError`) only when it cannot be read or
    has no 'pattern' column."""
    rules: list[SourceRule] = []
    problems: list[Problem] = []
    shown = str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            first = next(reader, None)
            header = [h.strip().lower() for h in first or []]
            if "pattern" not in header:
                raise RulesError(
                    f"{path}: the first row must name the columns, including 'pattern'"
                    f" (expected {', '.join(COLUMNS)})"
                )
            for row in reader:
                line = f"line {reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    problems.append(
                        Problem(
                            shown,
                            "sources",
                            f"{len(row)} cells but the header names {len(header)} columns;"
                            " row skipped (quote cells that contain commas)",
                            locator=line,
                        )
                    )
                    continue
                cells = {k: v.strip() for k, v in zip(header, row, strict=False)}
                pattern = cells.get("pattern", "")
                if not pattern:
                    problems.append(
                        Problem(shown, "sources", "empty 'pattern'; row skipped", locator=line)
                    )
                    continue
                rules.append(
                    SourceRule(
                        pattern=pattern.lower(),
                        outlet=cells.get("outlet") or None,
                        country=cells.get("country") or None,
                        language=cells.get("language") or None,
                    )
                )
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the sources file ({exc.strerror})") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RulesError(f"{path}: not a readable CSV file ({exc})") from exc
    return SourceMap(base=path.resolve().parent, rules=tuple(rules), problems=tuple(problems))
