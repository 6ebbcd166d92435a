"""The pages' contents: what the corpus, story, article and timeline pages show, made
from what a :class:`~rashomon.report.site.Site` reads. Pure functions over records;
the templates (``templates/``) lay them out, the same ones for the web app and for the
single-file report, which differ only in their :class:`Links`.

Decisions:

- a contradiction is shown with the sentence each side gives, its value marked, and a
  link to that sentence in its article; discrepancies marked "unclear" (dates a day
  apart) are listed apart, never as contradictions;
- the fact grid's cells say *reported*, *gives another value* (the outlet is on
  another side of a contradiction over the fact), *left out* (the compare stage
  checked the outlet's whole text and did not find it) or nothing known; each state
  has its symbol as well as its colour;
- the article text is marked with the mentions (type, normalised value) and with
  every sentence a finding cites, each an anchor a finding links to; where two marks
  cross, the inner one is dropped, never the text.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from rashomon.report.charts import coverage_chart, timeline_chart
from rashomon.report.comparison import reported_alone
from rashomon.report.digest import ArticleDigest, StoryDigest
from rashomon.report.export_model import (
    ExportAlternative,
    ExportApart,
    ExportArticle,
    ExportDecision,
    ExportDiscrepancy,
    ExportEvidence,
    ExportFact,
    ExportMention,
    ExportStatement,
    ExportStory,
    ExportStoryline,
    ExportTimelineEntry,
)
from rashomon.report.site import Site, Timeline, outlet_of
from rashomon.report.untrusted import strip_controls

PER_PAGE = 50
TIMELINE_PER_PAGE = 100
_FACETS = 300  # actors and places offered as filter suggestions


def shown(text: str | None) -> str:
    """Untrusted text as it may be shown: without control, bidi-override and
    invisible characters (see :mod:`rashomon.report.untrusted`); escaping is the
    templates' (autoescape) or :func:`escape`'s."""
    return strip_controls(text or "")


def safe_url(url: str | None) -> str | None:
    """``url`` when it may become a link: an absolute http(s) URL with a host, without
    control characters or whitespace; None otherwise (``javascript:``, ``data:``,
    relative and malformed addresses are shown as text, never linked)."""
    if not url or url != url.strip() or any(c.isspace() for c in url) or shown(url) != url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def anchor(identifier: str) -> str:
    """An id as a fragment-safe HTML id: letters, digits, '-' and '_' kept, any other
    character written as its code point between dots."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f".{ord(m.group()):x}.", identifier)


# -- links ---------------------------------------------------------------------------


class Links(Protocol):
    """Where a page's links point: the web app's routes or the report's anchors."""

    def corpus(self, filters: Filters | None = None) -> str: ...
    def story(self, story_id: str) -> str: ...
    def article(self, article_id: str) -> str: ...
    def evidence(self, article_id: str, start: int, end: int) -> str: ...
    def timeline(self, page: int = 1) -> str: ...
    def story_csv(self, story_id: str) -> str | None: ...
    def story_json(self, story_id: str) -> str | None: ...


class AppLinks:
    """The web app's routes; an evidence link carries its range in the query, so the
    article page marks it whatever finding it came from."""

    def corpus(self, filters: Filters | None = None) -> str:
        query = filters.query() if filters is not None else ""
        return f"/?{query}" if query else "/"

    def story(self, story_id: str) -> str:
        return f"/story/{quote(story_id, safe='')}"

    def article(self, article_id: str) -> str:
        return f"/article/{quote(article_id, safe='')}"

    def evidence(self, article_id: str, start: int, end: int) -> str:
        return (
            f"{self.article(article_id)}?{urlencode({'mark': f'{start}-{end}'})}#ev-{start}-{end}"
        )

    def timeline(self, page: int = 1) -> str:
        return "/timeline" if page == 1 else f"/timeline?page={page}"

    def story_csv(self, story_id: str) -> str | None:
        return f"/api/stories/{quote(story_id, safe='')}/facts.csv"

    def story_json(self, story_id: str) -> str | None:
        return f"/api/stories/{quote(story_id, safe='')}"


class ReportLinks:
    """The single-file report's anchors (each page is a section of the file)."""

    def corpus(self, filters: Filters | None = None) -> str:
        return "#corpus"

    def story(self, story_id: str) -> str:
        return f"#story-{anchor(story_id)}"

    def article(self, article_id: str) -> str:
        return f"#article-{anchor(article_id)}"

    def evidence(self, article_id: str, start: int, end: int) -> str:
        return f"#{evidence_anchor(article_id, start, end, report=True)}"

    def timeline(self, page: int = 1) -> str:
        return "#timeline"

    def story_csv(self, story_id: str) -> str | None:
        return None  # the report carries the CSV inline (see views.csv)

    def story_json(self, story_id: str) -> str | None:
        return None


def evidence_anchor(article_id: str, start: int, end: int, *, report: bool) -> str:
    """The HTML id of a cited sentence on an article's page (in the report, of the
    article's section)."""
    own = f"ev-{start}-{end}"
    return f"a-{anchor(article_id)}-{own}" if report else own


# -- the corpus page -----------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The corpus page's filters, as given in its query: an outlet (exact), an actor
    and a place (words in any of the story's names, any case), a date range (ISO
    prefixes, inclusive), words searched in articles' titles and text, the page."""

    outlet: str = ""
    actor: str = ""
    place: str = ""
    start: str = ""
    end: str = ""
    q: str = ""
    page: int = 1

    def query(self, **changes: object) -> str:
        changed = replace(self, **changes)  # type: ignore[arg-type]
        pairs = {
            "outlet": changed.outlet,
            "actor": changed.actor,
            "place": changed.place,
            "from": changed.start,
            "to": changed.end,
            "q": changed.q,
            "page": str(changed.page) if changed.page != 1 else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})

    def at(self, page: int) -> Filters:
        """The same filters on another page."""
        return replace(self, page=page)

    @property
    def active(self) -> bool:
        return any((self.outlet, self.actor, self.place, self.start, self.end, self.q))


@dataclass(frozen=True)
class StoryRow:
    """One story as the corpus page lists it."""

    digest: StoryDigest
    storyline: ExportStoryline | None
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class CorpusView:
    rows: list[StoryRow]
    total: int
    stories: int
    articles: int
    page: int
    pages: int
    filters: Filters
    outlets: list[tuple[str, int]]
    actors: list[str]
    places: list[str]
    storylines: list[tuple[ExportStoryline, list[StoryDigest]]]
    missing: int
    coverage: Markup
    per_page: int


def corpus_view(
    site: Site,
    filters: Filters,
    links: Links,
    *,
    per_page: int = PER_PAGE,
    every_storyline: bool = False,
    chart: bool = True,
) -> CorpusView:
    """The stories that pass ``filters``, newest first, a page of them; the filters'
    choices; the storylines of the listed stories (with ``every_storyline``, all)."""
    digests = site.stories()
    found = search_stories(site, digests, filters)
    found.sort(key=lambda d: (d.date_value or "", d.id), reverse=True)
    pages = max(1, math.ceil(len(found) / per_page))
    page = min(max(filters.page, 1), pages)
    listed = found[(page - 1) * per_page : page * per_page]
    lines = {line.id: line for line in site.storylines()}
    by_id = {d.id: d for d in digests}
    rows = [
        StoryRow(d, lines.get(d.storyline) if d.storyline else None, tuple(d.outlets))
        for d in listed
    ]
    wanted = lines.values() if every_storyline else [lines[i] for i in _ids(listed, lines)]
    storylines = [
        (line, sorted((by_id[s] for s in line.stories if s in by_id), key=_by_date))
        for line in wanted
    ]
    outlet_counts = Counter(o for d in digests for o in d.outlets)
    return CorpusView(
        rows=rows,
        total=len(found),
        stories=len(digests),
        articles=sum(len(d.articles) for d in digests),
        page=page,
        pages=pages,
        filters=replace(filters, page=page),
        outlets=sorted(outlet_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        actors=_top(name for d in digests for name in d.actors),
        places=_top(name for d in digests for name in d.places),
        storylines=storylines,
        missing=site.missing(),
        coverage=coverage_chart(rows, links) if chart else Markup(""),
        per_page=per_page,
    )


def search_stories(
    site: Site, digests: Sequence[StoryDigest], filters: Filters
) -> list[StoryDigest]:
    """The stories of ``digests`` that pass every filter."""
    found = list(digests)
    if filters.outlet:
        # as the page offers it: without the control characters it may not show
        wanted = shown(filters.outlet)
        found = [d for d in found if any(shown(o) == wanted for o in d.outlets)]
    if filters.actor:
        found = [d for d in found if _names_match(filters.actor, d.actors)]
    if filters.place:
        found = [d for d in found if _names_match(filters.place, d.places)]
    if filters.start:
        found = [d for d in found if d.date_value and d.date_value >= filters.start]
    if filters.end:
        # "2024-03" includes every day of March: compare on the prefix given
        found = [
            d for d in found if d.date_value and d.date_value[: len(filters.end)] <= filters.end
        ]
    if filters.q:
        hits = site.search(filters.q)
        needle = filters.q.strip().casefold()
        found = [d for d in found if d.id in hits or needle in d.title.casefold()]
    return found


def _names_match(words: str, names: Iterable[str]) -> bool:
    needle = words.strip().casefold()
    return any(needle in name.casefold() for name in names)


def _top(names: Iterable[str]) -> list[str]:
    return [name for name, _ in Counter(names).most_common(_FACETS)]


def _ids(listed: Sequence[StoryDigest], lines: Mapping[str, ExportStoryline]) -> list[str]:
    seen: dict[str, None] = {}
    for d in listed:
        if d.storyline and d.storyline in lines:
            seen.setdefault(d.storyline, None)
    return list(seen)


def _by_date(d: StoryDigest) -> tuple[str, str]:
    return (d.date_value or "", d.id)


# -- the story page ------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A story's article as the story page lists it."""

    id: str
    title: str
    outlet: str
    date: str | None
    duplicate_of: str | None


@dataclass(frozen=True)
class Cell:
    state: str  # reported, other, left-out, unknown
    symbol: str
    label: str
    href: str | None


@dataclass(frozen=True)
class GridRow:
    fact: ExportFact
    cells: list[Cell]
    disputed: bool


@dataclass(frozen=True)
class Quoted:
    """A cited sentence split around the words giving the value."""

    article: str
    outlet: str
    before: str
    value: str
    after: str
    href: str


@dataclass(frozen=True)
class Side:
    value: str
    outlets: list[str]
    evidence: list[Quoted]


@dataclass(frozen=True)
class Dispute:
    discrepancy: ExportDiscrepancy
    sides: list[Side]


@dataclass(frozen=True)
class Alone:
    statement: str
    reported_by: list[str]
    missing_from: list[str]
    href: str | None
    checked: bool  # the others' whole text was checked (an omission), not only unmatched


@dataclass(frozen=True)
class VariantView:
    outlet: str
    kind: str
    quote: str
    href: str


@dataclass(frozen=True)
class StatementView:
    statement: ExportStatement
    variants: list[VariantView]


@dataclass(frozen=True)
class FramingRow:
    referent: str
    kind: str
    labels: dict[str, list[tuple[str, str, bool, str]]]  # outlet -> (label, voice, loaded, href)


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None


@dataclass(frozen=True)
class JoinView:
    a: Link
    b: Link
    probability: float
    signals: list[str]


@dataclass(frozen=True)
class ApartView:
    story: Link
    probability: float
    pairs: int
    signals: list[str]


@dataclass(frozen=True)
class StoryView:
    story: ExportStory
    members: list[Member]
    outlets: list[str]
    grid: list[GridRow]
    disputes: list[Dispute]
    unclear: list[Dispute]
    alone: list[Alone]
    speakers: list[tuple[str, list[StatementView]]]
    voices: dict[str, list[tuple[str, int, int]]]
    framing: list[FramingRow]
    timeline: list[ExportTimelineEntry]
    joins: list[JoinView]
    apart: list[ApartView]
    compared: bool
    storyline: ExportStoryline | None
    csv: str = ""


_STATE = {
    "reported": ("✔", "reports it"),
    "other": ("✘", "gives another value"),
    "left-out": ("○", "leaves it out"),
    "unknown": ("·", "not found"),
}


def story_view(site: Site, story: ExportStory, links: Links) -> StoryView:
    digests = site.article_digests(story.articles)
    outlet = {a: outlet_of(digests.get(a), a) for a in story.articles}
    members = [
        Member(
            a,
            shown(digests[a].title) if a in digests else a,
            outlet[a],
            digests[a].date_value if a in digests else None,
            digests[a].duplicate_of if a in digests else None,
        )
        for a in story.articles
    ]
    columns = list(dict.fromkeys(outlet[a] for a in story.articles))
    disputes = [_dispute(d, outlet, links) for d in story.discrepancies]
    lines = {line.id: line for line in site.storylines()} if story.storyline else {}
    timeline = site.timeline(checked=False).entries
    members_set = set(story.articles)
    return StoryView(
        story=story,
        members=members,
        outlets=columns,
        grid=fact_grid(story, columns, outlet, links),
        disputes=[d for d in disputes if d.discrepancy.severity != "unclear"],
        unclear=[d for d in disputes if d.discrepancy.severity == "unclear"],
        alone=_alone(story, outlet, links),
        speakers=_speakers(story, outlet, links),
        voices=_voices(story, outlet),
        framing=_framing(story, columns, outlet, links),
        timeline=[
            e for e in timeline if e.story == story.id or not members_set.isdisjoint(e.articles)
        ],
        joins=[_join(d, digests, outlet, links) for d in story.joins],
        apart=[_apart(site, a, links) for a in story.apart],
        compared=bool(story.facts or story.discrepancies or story.quotes or story.framing),
        storyline=lines.get(story.storyline) if story.storyline else None,
    )


def fact_grid(
    story: ExportStory, columns: Sequence[str], outlet: Mapping[str, str], links: Links
) -> list[GridRow]:
    """Every fact of the story against every outlet: disputed facts first, then the
    most widely reported."""
    others: dict[tuple[str, str, str], set[str]] = {}  # (kind, attribute, value) -> outlets
    disputed: set[tuple[str, str, str]] = set()
    for d in story.discrepancies:
        if d.severity == "unclear":
            continue
        for alt in d.alternatives:
            key = (d.kind, d.attribute, alt.value)
            disputed.add(key)
            others[key] = {
                outlet.get(a, a)
                for other in d.alternatives
                if other.value != alt.value
                for a in other.articles
            }
    left_out: dict[str, set[str]] = {}
    for o in story.omissions:
        left_out.setdefault(o.fact, set()).update(outlet.get(a, a) for a in o.missing_from)
    rows = []
    for fact in story.facts:
        key = (fact.kind, fact.attribute, fact.value)
        where: dict[str, ExportEvidence] = {}
        for e in fact.sources:
            where.setdefault(outlet.get(e.article, e.article), e)
        cells = []
        for column in columns:
            if column in where:
                e = where[column]
                state, href = "reported", links.evidence(e.article, e.start, e.end)
            elif column in others.get(key, ()):
                state, href = "other", None
            elif column in left_out.get(fact.id, ()):
                state, href = "left-out", None
            else:
                state, href = "unknown", None
            symbol, label = _STATE[state]
            cells.append(Cell(state, symbol, f"{column} {label}", href))
        rows.append(GridRow(fact, cells, key in disputed))
    rows.sort(key=lambda r: (not r.disputed, -r.fact.independent, r.fact.statement))
    return rows


def _quoted(e: ExportEvidence, outlet: Mapping[str, str], links: Links) -> Quoted:
    sentence = e.sentence
    a = max(0, min(len(sentence), e.value_start - e.start))
    b = max(a, min(len(sentence), e.value_end - e.start))
    return Quoted(
        e.article,
        outlet.get(e.article, e.article),
        shown(sentence[:a]),
        shown(sentence[a:b]),
        shown(sentence[b:]),
        links.evidence(e.article, e.start, e.end),
    )


def _dispute(d: ExportDiscrepancy, outlet: Mapping[str, str], links: Links) -> Dispute:
    return Dispute(d, [_side(alt, outlet, links) for alt in d.alternatives])


def _side(alt: ExportAlternative, outlet: Mapping[str, str], links: Links) -> Side:
    return Side(
        alt.value,
        list(dict.fromkeys(outlet.get(a, a) for a in alt.articles)),
        [_quoted(e, outlet, links) for e in alt.evidence],
    )


def _alone(story: ExportStory, outlet: Mapping[str, str], links: Links) -> list[Alone]:
    facts = {f.id: f for f in story.facts}
    found = []
    for o in story.omissions:
        fact = facts.get(o.fact)
        first = fact.sources[0] if fact is not None and fact.sources else None
        found.append(
            Alone(
                shown(o.statement),
                list(dict.fromkeys(outlet.get(a, a) for a in o.reported_by)),
                list(dict.fromkeys(outlet.get(a, a) for a in o.missing_from)),
                links.evidence(first.article, first.start, first.end) if first else None,
                True,
            )
        )
    for article, alone in reported_alone(story).items():
        for fact in alone:
            e = fact.sources[0]
            found.append(
                Alone(
                    shown(fact.statement),
                    [outlet.get(article, article)],
                    [],
                    links.evidence(e.article, e.start, e.end),
                    False,
                )
            )
    return found


def _speakers(
    story: ExportStory, outlet: Mapping[str, str], links: Links
) -> list[tuple[str, list[StatementView]]]:
    by_speaker: dict[str, list[StatementView]] = {}
    for s in story.quotes:
        name = shown(s.speaker) or "an unnamed source"
        by_speaker.setdefault(name, []).append(
            StatementView(
                s,
                [
                    VariantView(
                        outlet.get(v.article, v.outlet or v.article),
                        v.kind,
                        shown(v.quote),
                        links.evidence(v.article, v.start, v.end),
                    )
                    for v in s.variants
                ],
            )
        )
    return sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _voices(story: ExportStory, outlet: Mapping[str, str]) -> dict[str, list[tuple[str, int, int]]]:
    found: dict[str, list[tuple[str, int, int]]] = {}
    for v in story.voices:
        found.setdefault(outlet.get(v.article, v.article), []).append(
            (shown(v.speaker), v.quotes, v.words)
        )
    for speakers in found.values():
        speakers.sort(key=lambda s: (-s[2], s[0]))
    return found


def _framing(
    story: ExportStory, columns: Sequence[str], outlet: Mapping[str, str], links: Links
) -> list[FramingRow]:
    rows: dict[str, FramingRow] = {}
    for label in story.framing:
        row = rows.setdefault(
            label.referent,
            FramingRow(shown(label.referent_name), label.referent_kind, {}),
        )
        cell = row.labels.setdefault(outlet.get(label.article, label.article), [])
        entry = (
            shown(label.label),
            label.voice,
            label.loaded is not None,
            links.evidence(label.article, label.start, label.end),
        )
        if all(e[0].casefold() != entry[0].casefold() or e[1] != entry[1] for e in cell):
            cell.append(entry)
    ordered = [r for r in rows.values() if sum(1 for c in columns if r.labels.get(c)) >= 2]
    ordered.sort(key=lambda r: (-sum(len(v) for v in r.labels.values()), r.referent))
    return ordered


def _decision_signals(d: ExportDecision, against: bool = False) -> list[str]:
    signals = sorted(d.signals, key=lambda s: s.weight if against else -s.weight)
    return [f"{shown(s.detail)} ({s.weight:+.1f})" for s in signals[:4]]


def _join(
    d: ExportDecision,
    digests: Mapping[str, ArticleDigest],
    outlet: Mapping[str, str],
    links: Links,
) -> JoinView:
    def link(article: str) -> Link:
        title = shown(digests[article].title) if article in digests else article
        return Link(f"{outlet.get(article, article)}: {title}", links.article(article))

    return JoinView(link(d.article), link(d.other), d.probability, _decision_signals(d))


def _apart(site: Site, a: ExportApart, links: Links) -> ApartView:
    other = site.story(a.story)
    story = (
        Link(shown(other.title), links.story(a.story)) if other is not None else Link(a.story, None)
    )
    return ApartView(story, a.probability, a.pairs, _decision_signals(a.decisive, against=True))


# -- the article page ----------------------------------------------------------------


@dataclass(frozen=True)
class ArticleView:
    article: ExportArticle
    story: StoryDigest | None
    body: Markup
    url: str | None
    kinds: list[tuple[str, int]]
    marked: tuple[int, int] | None
    removed: list[tuple[str, str]] = field(default_factory=list)


def article_view(
    site: Site,
    article: ExportArticle,
    *,
    cited: Iterable[tuple[int, int]] = (),
    marked: tuple[int, int] | None = None,
    report: bool = False,
) -> ArticleView:
    """The article's cleaned text with its mentions marked and an anchor on every
    sentence in ``cited`` (and on ``marked``, the one a link asked for, highlighted)."""
    story_id = site.story_of(article.id)
    digest = site.story_digests([story_id]).get(story_id) if story_id is not None else None
    spans = set(cited)
    if marked is not None:
        spans.add(marked)
    return ArticleView(
        article=article,
        story=digest,
        body=marked_text(article, spans, marked=marked, report=report),
        url=safe_url(article.url),
        kinds=sorted(Counter(m.type for m in article.mentions).items()),
        marked=marked,
        removed=[(s.rule, shown(s.text)) for s in article.removed],
    )


def cited_in(
    story: ExportStory, timeline: Iterable[ExportTimelineEntry] = ()
) -> dict[str, set[tuple[int, int]]]:
    """Every (start, end) a finding of ``story`` (or an entry of ``timeline``) links
    to, by article: what an article's page must hold an anchor for."""
    found: dict[str, set[tuple[int, int]]] = {}

    def add(article: str, start: int, end: int) -> None:
        found.setdefault(article, set()).add((start, end))

    for fact in story.facts:
        for e in fact.sources:
            add(e.article, e.start, e.end)
    for d in story.discrepancies:
        for alt in d.alternatives:
            for e in alt.evidence:
                add(e.article, e.start, e.end)
    for s in story.quotes:
        for v in s.variants:
            add(v.article, v.start, v.end)
    for label in story.framing:
        add(label.article, label.start, label.end)
    for article, spans in cited_in_timeline(timeline).items():
        found.setdefault(article, set()).update(spans)
    return found


def cited_in_timeline(entries: Iterable[ExportTimelineEntry]) -> dict[str, set[tuple[int, int]]]:
    """The sentences timeline ``entries`` cite for their dates, by article."""
    found: dict[str, set[tuple[int, int]]] = {}
    for entry in entries:
        for alt in entry.dates:
            for e in alt.evidence:
                found.setdefault(e.article, set()).add((e.start, e.end))
    return found


def marked_text(
    article: ExportArticle,
    cited: Iterable[tuple[int, int]],
    *,
    marked: tuple[int, int] | None = None,
    report: bool = False,
) -> Markup:
    """The cleaned text as HTML: each cited range an anchored ``<span>`` (the one
    ``marked`` highlighted), each mention a focusable ``<span>`` giving its type and
    normalised value. Every piece of text is escaped and stripped of controls.

    A cited range is never lost, since a finding links to it: one that crosses
    another cited range is split where they cross (its first piece holds the anchor,
    the pieces after it the same class). A mention that crosses a cited range or
    another mention is left unmarked; the text is always whole."""
    text = article.text
    spans = sorted({(a, b) for a, b in cited if 0 <= a < b <= len(text)})
    queue: list[tuple[int, int, int, int, str, str]] = []  # start, -end, rank, order, open, close
    for k, (start, end) in enumerate(spans):
        ident = evidence_anchor(article.id, start, end, report=report)
        classes = "ev hl" if (start, end) == marked else "ev"
        heapq.heappush(
            queue,
            (start, -end, 0, k, f'<span id="{ident}" class="{classes}" tabindex="-1">', classes),
        )
    bounds = sorted({p for span in spans for p in span})
    for k, m in enumerate(article.mentions, start=len(spans)):
        if not 0 <= m.start < m.end <= len(text):
            continue
        inside = bounds[bisect.bisect_right(bounds, m.start) : bisect.bisect_left(bounds, m.end)]
        if inside:
            continue  # a cited range starts or ends inside the mention
        value = escape(mention_value(m))
        heapq.heappush(
            queue,
            (
                m.start,
                -m.end,
                1,
                k,
                f'<span class="m m-{m.type}" tabindex="0" title="{value}" data-v="{value}">',
                "",
            ),
        )
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (end, rank) of the open spans
    pos = 0

    def piece(until: int) -> None:
        nonlocal pos
        if until > pos:
            out.append(str(escape(shown(text[pos:until]))))
            pos = until

    def close(until: int) -> None:
        while stack and stack[-1][0] <= until:
            piece(stack.pop()[0])
            out.append("</span>")

    while queue:
        start, neg_end, rank, order, opening, classes = heapq.heappop(queue)
        end = -neg_end
        close(start)
        if stack and end > stack[-1][0]:
            if rank == 1:
                continue  # a mention crossing another: left unmarked
            # a cited range crossing the one it starts in: this piece, then the rest
            heapq.heappush(
                queue, (stack[-1][0], -end, 0, order, f'<span class="{classes}">', classes)
            )
            end = stack[-1][0]
        piece(start)
        out.append(opening)
        stack.append((end, rank))
    close(len(text))
    piece(len(text))
    return Markup("".join(out))


def mention_value(m: ExportMention) -> str:
    """What a mention is normalised to, in words: '12 people (exact)', '2024-03-09
    (day)', 'person:ilham-aliyev (President)'."""
    parts: list[str] = [m.type]
    if m.type == "number":
        if m.value is not None:
            value = f"{m.value:g}" + (f"–{m.upper:g}" if m.upper is not None else "")
            parts.append(f"{value} {m.unit or ''}".strip())
        if m.qualifier:
            parts.append(f"({m.qualifier.replace('_', ' ')})")
    elif m.type == "date":
        parts.append(m.canonical or "unresolved")
        if m.precision:
            parts.append(f"({m.precision})")
        if m.note:
            parts.append(f"— {m.note}")
    else:
        if m.canonical:
            parts.append(m.canonical)
        if m.role:
            parts.append(f"({m.role})")
    return shown(" ".join(parts))


# -- the timeline page ---------------------------------------------------------------


@dataclass(frozen=True)
class TimelineView:
    entries: list[ExportTimelineEntry]
    total: int
    page: int
    pages: int
    state: str
    chart: Markup
    titles: dict[str, str]  # story id -> title, for the entries that are stories
    outlets: dict[str, str]  # article id -> outlet
    links: list[list[list[tuple[str, str]]]]  # per entry, per date, (outlet, href)
    csv: str = ""


def timeline_view(
    site: Site, links: Links, page: int = 1, per_page: int = TIMELINE_PER_PAGE
) -> TimelineView:
    timeline: Timeline = site.timeline()
    entries = timeline.entries
    pages = max(1, math.ceil(len(entries) / per_page))
    page = min(max(page, 1), pages)
    shown_entries = entries[(page - 1) * per_page : page * per_page]
    cited = sorted({a for e in shown_entries for alt in e.dates for a in alt.articles})
    digests = site.article_digests(cited)
    outlets = {a: outlet_of(digests.get(a), a) for a in cited}
    stories = site.story_digests(sorted({e.story for e in shown_entries if e.story}))
    titles = {i: shown(d.title) for i, d in stories.items()}
    per_entry = [
        [
            [
                (outlets.get(e.article, e.article), links.evidence(e.article, e.start, e.end))
                for e in alt.evidence
            ]
            for alt in entry.dates
        ]
        for entry in shown_entries
    ]
    return TimelineView(
        entries=shown_entries,
        total=len(entries),
        page=page,
        pages=pages,
        state=timeline.state,
        chart=timeline_chart(shown_entries, links, anchor_prefix="t-"),
        titles=titles,
        outlets=outlets,
        links=per_entry,
    )


# -- CSV -----------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet will not run: text starting with '=', '+',
    '-', '@', a tab or a carriage return gets a leading apostrophe (OWASP's advice
    against formula injection); controls are stripped."""
    text = shown("" if value is None else str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def facts_csv(view: StoryView) -> str:
    """A story's fact grid as CSV: one row per fact, a column per outlet holding the
    cell's state in words."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["fact", "kind", "attribute", "value", "outlets", "disputed", *map(csv_cell, view.outlets)]
    )
    for row in view.grid:
        f = row.fact
        writer.writerow(
            [
                csv_cell(f.statement),
                f.kind,
                csv_cell(f.attribute),
                csv_cell(f.value),
                f.independent,
                "yes" if row.disputed else "no",
                *(cell.state for cell in row.cells),
            ]
        )
    return buffer.getvalue()


def timeline_csv(entries: Sequence[ExportTimelineEntry], outlets: Mapping[str, str]) -> str:
    """The timeline as CSV: one row per date each entry is given, with who gives it."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["date", "precision", "event", "story", "given_date", "given_by", "disagreement"]
    )
    for e in entries:
        for alt in e.dates or [
            ExportAlternative(value=e.date, articles=list(e.articles), evidence=[])
        ]:
            writer.writerow(
                [
                    e.date,
                    e.precision,
                    csv_cell(e.event),
                    e.story or "",
                    csv_cell(alt.value),
                    csv_cell("; ".join(dict.fromkeys(outlets.get(a, a) for a in alt.articles))),
                    "yes" if e.disagreement else "no",
                ]
            )
    return buffer.getvalue()
