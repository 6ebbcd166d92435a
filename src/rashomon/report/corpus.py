"""A readable overview of what is in the database, in Markdown.

Printed at the end of `rashomon analyze`; later stages add their sections
(stories, comparisons). Titles and outlet names come from untrusted input, so
Markdown control characters in them are escaped.
"""

from __future__ import annotations

import re
from collections import Counter

from rashomon.ingest.language import language_name
from rashomon.report.export_model import ExportDocument

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and flatten newlines so input cannot restructure the report."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def corpus_overview(document: ExportDocument) -> str:
    articles = document.articles
    lines = ["# rashomon corpus overview", ""]
    originals = [a for a in articles if a.duplicate_of is None]
    lines.append(
        f"{len(articles)} articles from {len({a.outlet for a in articles if a.outlet})} outlets;"
        f" {len(articles) - len(originals)} are syndicated copies."
    )
    lines += ["", "## Outlets", "", "| outlet | articles | languages |", "|---|---:|---|"]
    by_outlet: dict[str, list[str]] = {}
    for a in articles:
        by_outlet.setdefault(a.outlet or "(unknown)", []).append(a.language or "?")
    for outlet, languages in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        langs = ", ".join(sorted(set(languages)))
        lines.append(f"| {md_escape(outlet)} | {len(languages)} | {langs} |")
    other = [a for a in articles if a.language != "en"]
    if other:
        lines += ["", "## Not in English (left out of English-only analysis)", ""]
        lines += [f"- `{a.id}` {md_escape(a.title)} — {language_name(a.language)}" for a in other]
    copies = [a for a in articles if a.duplicate_of]
    if copies:
        titles = {a.id: a for a in articles}
        lines += ["", "## Syndicated copies", ""]
        for a in copies:
            original = titles.get(a.duplicate_of or "")
            source = md_escape(original.outlet or "?") if original else "?"
            lines.append(
                f"- `{a.id}` ({md_escape(a.outlet or '?')}) copies `{a.duplicate_of}` ({source})"
            )
    rules = Counter(span.rule for a in articles for span in a.removed if span.rule != "title")
    if rules:
        lines += ["", "## Noise removed", "", "| rule | spans |", "|---|---:|"]
        lines += [f"| {rule} | {count} |" for rule, count in rules.most_common()]
    return "\n".join(lines) + "\n"
