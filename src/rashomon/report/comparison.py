"""The comparison report in Markdown: for every story told by two or more outlets,
what they agree on, what they dispute (with the sentences), and what each leaves out.

Ends the output of `rashomon analyze`. Everything shown comes from articles, so
all of it is escaped (see :func:`rashomon.report.corpus.md_escape`).
"""

from __future__ import annotations

from rashomon.report.corpus import md_escape
from rashomon.report.export_model import ExportDocument, ExportStory

_MAX_FACTS = 12


def comparison_report(document: ExportDocument) -> str:
    outlets = {a.id: a.outlet or a.id for a in document.articles}
    lines = ["## What the sources say", ""]
    # An article with no outlet metadata is its own source; a copy counts with its original.
    source = {a.id: a.outlet or (a.duplicate_of or a.id) for a in document.articles}
    roots = {a.id: a.duplicate_of or a.id for a in document.articles}
    shown = [
        s
        for s in document.stories
        if len({source.get(roots.get(a, a), a) for a in s.articles}) >= 2
    ]
    if not shown:
        lines.append("No story is told by more than one independent source yet.")
        return "\n".join(lines) + "\n"
    for story in shown:
        lines += _story(story, outlets)
    disputed = [e for e in document.timeline if e.disagreement]
    if disputed:
        lines += ["### Dates the sources disagree on", ""]
        for entry in disputed:
            given = "; ".join(
                f"{d.value} ({', '.join(md_escape(outlets.get(a, a)) for a in d.articles)})"
                for d in entry.dates
            )
            lines.append(f"- {md_escape(entry.event)}: {given}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _story(story: ExportStory, outlets: dict[str, str]) -> list[str]:
    lines = [
        f"### {md_escape(story.title)}",
        "",
        f"`{story.id}` · {len(story.articles)} articles",
        "",
    ]
    corroborated = sorted(
        (f for f in story.facts if f.independent >= 2), key=lambda f: -f.independent
    )
    if corroborated:
        lines.append("**Corroborated**")
        lines.append("")
        for fact in corroborated[:_MAX_FACTS]:
            lines.append(f"- {md_escape(fact.statement)} — {fact.independent} outlets")
        lines.append("")
    if story.discrepancies:
        lines.append("**Disputed**")
        lines.append("")
        for d in story.discrepancies:
            lines.append(f"- **{d.severity}**: {md_escape(d.explanation)}")
            for alt in d.alternatives:
                for e in alt.evidence[:2]:
                    source = md_escape(outlets.get(e.article, e.article))
                    lines.append(
                        f"  - {md_escape(alt.value)} — {source}: “{md_escape(e.sentence)}”"
                    )
        lines.append("")
    if story.omissions:
        lines.append("**Left out**")
        lines.append("")
        for o in story.omissions:
            who = ", ".join(sorted({md_escape(outlets.get(a, a)) for a in o.missing_from}))
            if o.only_in:
                lines.append(f"- {md_escape(o.statement)} — only in {md_escape(o.only_in)}")
            else:
                lines.append(f"- {md_escape(o.statement)} — not in {who}")
        lines.append("")
    for i in story.inconsistencies:
        lines.append(
            f"- Inconsistent ({i.kind}) in {md_escape(outlets.get(i.article, i.article))}:"
            f" {md_escape(i.explanation)}"
        )
    return lines
