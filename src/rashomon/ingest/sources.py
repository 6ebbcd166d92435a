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
    """The rows of one sidecar file and the folder its patterns are relative to."""

    base: Path
    rules: tuple[SourceRule, ...]

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
    """Read a sidecar file; errors name the file and the row."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            if "pattern" not in header:
                raise RulesError(
                    f"{path}: the first row must name the columns, including 'pattern'"
                    f" (expected {', '.join(COLUMNS)})"
                )
            rules = []
            for number, row in enumerate(reader, start=2):
                cells = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                pattern = cells.get("pattern", "")
                if not pattern:
                    raise RulesError(f"{path}, line {number}: empty 'pattern'")
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
    return SourceMap(base=path.resolve().parent, rules=tuple(rules))
