"""Write a benchmark's results into a section of a docs/*.md file.

Each benchmark owns one section, delimited by HTML comments, so reruns replace
their own figures and leave the others alone.
"""

from __future__ import annotations

import platform
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(doc: str, key: str, body: str) -> None:
    """Replace (or append) the section ``key`` of ``docs/<doc>`` with ``body``."""
    path = DOCS / doc
    begin, end = f"<!-- {key}:begin -->", f"<!-- {key}:end -->"
    text = path.read_text("utf-8") if path.exists() else f"# {doc.removesuffix('.md').title()}\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, "utf-8")
