"""The comparison report in Markdown: for every story told by two or more outlets,
what they agree on, what they dispute (with the sentences), what each leaves out, and
what one outlet alone was found to report.

Ends the output of `rashomon analyze`. Everything shown comes from articles, so
all of it is escaped (see :func:`rashomon.report.corpus.md_escape`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from rashomon.model import UNCLEAR
from rashomon.report.corpus import md_escape
from rashomon.report.digest import ArticleDigest
from rashomon.report.export_model import (
    ExportDocument,
    ExportFact,
    ExportStory,
    ExportTimelineEntry,
)

_MAX_FACTS = 12
# Kinds of fact an outlet can report alone: a figure, a date, a place, a mediator, a
# title. Quotes and alike-worded sentences are shown elsewhere.
_ALONE_KINDS = ("count", "place", "credit", "title", "date")
_MAX_ALONE = 8


def reported_alone(story: ExportStory) -> dict[str, list[ExportFact]]:
    """Per article, the facts no other outlet of the story was matched on, in the
    order figures, places, mediators, titles, dates — those already named as "only
    in" an outlet (checked against the others' whole text) left out. This says less
    than "only in": the other outlets may give the fact in words the comparison did
    not match (on NewsWCL50, about one in four such facts is in another outlet too),
    so the report names it "reported by one outlet", not missing from the others."""
    checked = {o.fact for o in story.omissions if o.only_in}
    disputed = {(d.kind, d.attribute) for d in story.discrepancies}
    # a value the outlet already shares with another ("15 detainees" beside "15
    # prisoners of war", two outlets; a shorter title of a person two outlets name):
    # the same fact, which the alignment did not join
    shared = {
        (e.article, f.kind, _sameness(f))
        for f in story.facts
        if f.independent >= 2
        for e in f.sources
    }
    # one value two articles each give alone ("Norway offered: 12 percent" in one,
    # "…: 12" in another): the same fact unjoined, reported by neither alone
    givers: dict[tuple[str, str], set[str]] = {}
    for fact in story.facts:
        if fact.independent == 1 and fact.sources:
            givers.setdefault((fact.kind, _sameness(fact)), set()).add(fact.sources[0].article)
    found: dict[str, list[ExportFact]] = {}
    for kind in _ALONE_KINDS:
        for fact in story.facts:
            if fact.kind != kind or fact.independent != 1 or fact.id in checked:
                continue
            if len(givers.get((fact.kind, _sameness(fact)), ())) > 1:
                continue
            if (fact.kind, fact.attribute) in disputed:
                continue  # shown with the other side under "Disputed"
            if not fact.sources or (fact.sources[0].article, fact.kind, _sameness(fact)) in shared:
                continue
            found.setdefault(fact.sources[0].article, []).append(fact)
    return found


def comparison_report(document: ExportDocument) -> str:
    return comparison_report_of(
        [ArticleDigest.of(a) for a in document.articles], document.stories, document.timeline
    )


def comparison_report_of(
    articles: Sequence[ArticleDigest],
    stories: Sequence[ExportStory],
    timeline: Sequence[ExportTimelineEntry],
    *,
    changed: bool = False,
) -> str:
    """The report from the articles' digests (``analyze`` reads them stored), the
    stories (those :func:`told_by_several` are shown; ``analyze`` passes only them)
    and the timeline; ``changed`` when these are what one run made or changed, not
    the whole corpus."""
    outlets = {a.id: a.outlet or a.id for a in articles}
    lines = ["## What the sources say", ""]
    several = set(told_by_several(articles, stories))
    shown = [s for s in stories if s.id in several]
    if not shown:
        lines.append(
            "No story this run made or changed is told by more than one independent source."
            if changed
            else "No story is told by more than one independent source yet."
        )
        return "\n".join(lines) + "\n"
    for story in shown:
        lines += _story(story, outlets)
    disputed = [e for e in timeline if e.disagreement]
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


class _Membered(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def articles(self) -> Sequence[str]: ...


def told_by_several(articles: Sequence[ArticleDigest], stories: Iterable[_Membered]) -> list[str]:
    """The ids of the stories two or more independent sources tell: an article with no
    outlet metadata is its own source; a copy counts with its original."""
    source = {a.id: a.outlet or (a.duplicate_of or a.id) for a in articles}
    roots = {a.id: a.duplicate_of or a.id for a in articles}
    return [s.id for s in stories if len({source.get(roots.get(a, a), a) for a in s.articles}) >= 2]


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
    for title, shown in (
        ("**Disputed**", [d for d in story.discrepancies if d.severity != UNCLEAR]),
        (
            "**Unclear** (perhaps not a contradiction)",
            [d for d in story.discrepancies if d.severity == UNCLEAR],
        ),
    ):
        if not shown:
            continue
        lines.append(title)
        lines.append("")
        for d in shown:
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
    lines += _alone_lines(story, outlets)
    for i in story.inconsistencies:
        lines.append(
            f"- Inconsistent ({i.kind}) in {md_escape(outlets.get(i.article, i.article))}:"
            f" {md_escape(i.explanation)}"
        )
    return lines


def _sameness(fact: ExportFact) -> str:
    """What makes two facts of one article the same for :func:`reported_alone`: a
    figure's number ("15" in "15 detainees"), a title's person, else the value."""
    if fact.kind == "count":
        figure = re.search(r"\d[\d,.]*", fact.value)
        return figure.group() if figure else fact.value
    if fact.kind == "title":
        return fact.attribute
    return fact.value


def _alone_lines(story: ExportStory, outlets: dict[str, str]) -> list[str]:
    alone = reported_alone(story)
    if not alone:
        return []
    lines = [
        "**Reported by one outlet** (not matched in the others; they may word it",
        "differently — read before relying on it)",
        "",
    ]
    for article, facts in sorted(alone.items(), key=lambda x: outlets.get(x[0], x[0])):
        source = md_escape(outlets.get(article, article))
        shown = "; ".join(md_escape(f.statement) for f in facts[:_MAX_ALONE])
        more = f" (and {len(facts) - _MAX_ALONE} more)" if len(facts) > _MAX_ALONE else ""
        lines.append(f"- {source}: {shown}{more}")
    return [*lines, ""]
