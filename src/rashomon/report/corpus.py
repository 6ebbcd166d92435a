"""A readable overview of what is in the database, in Markdown.

Printed at the end of `rashomon analyze`; later stages add their sections
(stories, comparisons). Titles and outlet names come from untrusted input, so
Markdown control characters in them are escaped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rashomon.ingest.language import language_name
from rashomon.report.digest import ArticleDigest, StoryDigest
from rashomon.report.export_model import ExportDocument, ExportStoryline
from rashomon.report.untrusted import strip_controls

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax and flatten newlines so input cannot restructure the report."""
    flat = " ".join(strip_controls(text, " ").split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def corpus_overview(document: ExportDocument) -> str:
    return overview_of(
        [ArticleDigest.of(a) for a in document.articles],
        [StoryDigest.of(s) for s in document.stories],
        document.storylines,
    )


@dataclass(frozen=True)
class Scope:
    """An overview of part of a corpus: what one ``analyze`` run added or changed. The
    corpus's size, and what the part's lines refer to outside it — the originals its
    copies copy (``articles``) and the unchanged stories of its storylines
    (``stories``), which are named, not counted."""

    corpus_articles: int
    corpus_stories: int
    articles: Mapping[str, ArticleDigest] = field(default_factory=dict)
    stories: Mapping[str, StoryDigest] = field(default_factory=dict)


def overview_of(
    articles: Sequence[ArticleDigest],
    stories: Sequence[StoryDigest],
    storylines: Sequence[ExportStoryline],
    scope: Scope | None = None,
) -> str:
    """The overview from the articles' and the stories' digests (``analyze`` reads
    them stored, not the articles and the stories): of the whole corpus, or with
    ``scope`` of the part given (a run's new and changed articles and stories)."""
    if scope is None:
        lines = ["# rashomon corpus overview", ""]
    else:
        lines = [
            "# rashomon: what this run added or changed",
            "",
            f"{_count(len(articles), 'article')} of the corpus's {scope.corpus_articles}"
            f" and {_count(len(stories), 'story', 'stories')} of its {scope.corpus_stories}"
            " are new or changed since the last run; the others are as they were"
            " (`rashomon stories` lists every story, `rashomon export` writes the whole"
            " corpus).",
            "",
        ]
    originals = [a for a in articles if a.duplicate_of is None]
    outlets = len({a.outlet for a in articles if a.outlet})
    copied = len(articles) - len(originals)
    lines.append(
        f"{_count(len(articles), 'article')} from {_count(outlets, 'outlet')};"
        f" {copied} {'is a syndicated copy' if copied == 1 else 'are syndicated copies'}."
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
        titles = {**(scope.articles if scope is not None else {}), **{a.id: a for a in articles}}
        lines += ["", "## Syndicated copies", ""]
        for a in copies:
            original = titles.get(a.duplicate_of or "")
            source = md_escape(original.outlet or "?") if original else "?"
            lines.append(
                f"- `{a.id}` ({md_escape(a.outlet or '?')}) copies `{a.duplicate_of}` ({source})"
            )
    rules = Counter(rule for a in articles for rule in a.removed if rule != "title")
    if rules:
        lines += ["", "## Noise removed", "", "| rule | spans |", "|---|---:|"]
        lines += [f"| {rule} | {count} |" for rule, count in rules.most_common()]
    lines += _understanding(articles)
    lines += _stories(stories, storylines, scope.stories if scope is not None else {})
    return "\n".join(lines) + "\n"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _stories(
    stories: Sequence[StoryDigest],
    storylines: Sequence[ExportStoryline],
    others: Mapping[str, StoryDigest],
) -> list[str]:
    """Stories reported by several articles, grouped by storyline, then lone stories
    (``others``: the unchanged stories of the storylines a run's stories are in)."""
    if not stories:
        return []
    by_id = {**others, **{s.id: s for s in stories}}
    shared = [s for s in stories if len(s.articles) > 1]
    lines = [
        "",
        "## Stories",
        "",
        f"{_count(len(stories), 'story', 'stories')} ({len(shared)} reported by more than"
        " one article),"
        f" {_count(len(storylines), 'storyline')}."
        " `rashomon story ID` shows why articles were"
        " grouped.",
    ]
    listed: set[str] = set()
    for line in storylines:
        lines += ["", f"### Storyline {line.id}: {md_escape(line.title)}", ""]
        for story_id in line.stories:
            lines.append(_story_line(by_id[story_id]))
            listed.add(story_id)
    rest = [s for s in shared if s.id not in listed]
    if rest:
        lines += ["", "### Other stories reported by several articles", ""]
        lines += [_story_line(s) for s in rest]
    return lines


def _story_line(story: StoryDigest) -> str:
    date = story.date_value or "undated"
    if story.date_basis in ("published", "written"):
        date += f" ({story.date_basis})"
    outlets = ", ".join(md_escape(o) for o in story.outlets[:4])
    more = f" and {len(story.outlets) - 4} more" if len(story.outlets) > 4 else ""
    count = len(story.articles)
    sources = f" ({outlets}{more})" if outlets else ""
    return f"- `{story.id}` {date} — {md_escape(story.title)} — {_count(count, 'article')}{sources}"


_TOP = 12
# The most things a shared number is listed as counting, commonest first: "1" counts
# 300 different things across 1,000 real articles, one line of hundreds of words.
_UNITS = 8
# The most articles listed one by one in the overview's table of what each mentions.
# The terminal report of a corpus of thousands is read for what the articles share;
# a row per article made it as long as the corpus (1,100 rows at 1,100 articles),
# and its cost grew with every article stored whenever ``analyze`` added a few.
ARTICLE_ROWS = 50


def _understanding(articles: Sequence[ArticleDigest]) -> list[str]:
    """Which actors, places and counts the articles share: the first thing to compare."""
    annotated = [a for a in articles if a.annotated]
    if not annotated:
        return []
    lines = ["", "## What the articles mention", ""]
    lines += ["| article | document date | numbers | dates | places | actors |"]
    lines += ["|---|---|---:|---:|---:|---:|"]
    for a in annotated[:ARTICLE_ROWS]:
        kinds = Counter(a.kinds)
        shown = f"{a.date_value} ({a.date_source})" if a.date_value else "unknown"
        lines.append(
            f"| `{a.id}` | {md_escape(shown)} | {kinds['number']} | {kinds['date']} |"
            f" {kinds['place'] + kinds['state'] + kinds['group']} |"
            f" {kinds['person'] + kinds['organisation']} |"
        )
    if len(annotated) > ARTICLE_ROWS:
        more = len(annotated) - ARTICLE_ROWS
        lines += [
            "",
            f"... and {more:,} more {'article' if more == 1 else 'articles'}:"
            " `rashomon show ID` gives an article's mentions, the JSON export every one's.",
        ]
    for title, types in (
        ("Actors", ("person", "organisation")),
        ("Places and states", ("place", "state")),
    ):
        named = _shared(annotated, types)
        if named:
            lines += ["", f"{title} named in the most articles:", ""]
            lines += [
                f"- {md_escape(text)} (`{key}`): {_count(len(ids), 'article')}"
                for key, text, ids in named
            ]
    counts: dict[str, tuple[set[str], Counter[str]]] = {}
    for a in annotated:
        for shown, unit in a.numbers:
            ids, units = counts.setdefault(shown, (set(), Counter()))
            ids.add(a.id)
            units[unit] += 1
    shared = sorted(counts.items(), key=lambda kv: (-len(kv[1][0]), _numeric(kv[0]), kv[0]))
    shared = shared[:_TOP]
    if shared:
        lines += ["", "Numbers given in the most articles (with what they count):", ""]
        for shown, (ids, units) in shared:
            commonest = [unit for unit, _ in units.most_common(_UNITS)]
            more = len(units) - len(commonest)
            counted = md_escape(", ".join(commonest)) + (f" and {more:,} more" if more else "")
            lines.append(f"- {md_escape(shown)}: {_count(len(ids), 'article')} ({counted})")
    return lines


def _numeric(shown: str) -> float:
    try:
        return float(shown)
    except ValueError:
        return float("inf")


def _shared(
    articles: Sequence[ArticleDigest], types: tuple[str, ...]
) -> list[tuple[str, str, set[str]]]:
    seen: dict[str, set[str]] = {}
    names: dict[str, Counter[str]] = {}
    for a in articles:
        for kind, key, name in a.names:
            if kind in types:
                seen.setdefault(key, set()).add(a.id)
                names.setdefault(key, Counter())[name] += 1
    ranked = sorted(seen.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:_TOP]
    return [(key, names[key].most_common(1)[0][0], ids) for key, ids in ranked]
