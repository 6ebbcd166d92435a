"""HTML: the web app's pages and the single-file report, from one set of templates.

The report is one file that works offline from ``file://`` and can be mailed: its
stylesheet and script are inline, its charts inline SVG, it asks no other host for
anything, and a Content-Security-Policy in the file itself allows only that one style
and that one script (by their SHA-256), no other script, no request. Each view is a
section of it; CSS shows the one an anchor points to (the stories when none), and all
of them when printed.

Untrusted text (titles, text, outlet names, URLs) is escaped by Jinja2's autoescape,
stripped of control and bidi-override characters first (``shown``); a URL becomes a
link only when it is http(s) (:func:`~rashomon.report.views.safe_url`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from rashomon import __version__
from rashomon.report.export import StoredExport
from rashomon.report.export_model import ExportTimelineEntry
from rashomon.report.site import ExportSite, outlet_of
from rashomon.report.untrusted import strip_controls
from rashomon.report.views import (
    ArticleView,
    Filters,
    ReportLinks,
    StoryView,
    anchor,
    article_view,
    cited_in,
    cited_in_timeline,
    corpus_view,
    facts_csv,
    story_view,
    timeline_csv,
    timeline_view,
)

# The web app's policy (sent as a header): only its own script and stylesheet.
APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def _finalize(value: Any) -> Any:
    """Every value a template prints, before it is escaped: text without control,
    bidi-override and invisible characters; Markup (made here, every text in it
    already cleaned and escaped) as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value)
    return value


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon.report", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["anchor"] = anchor
    env.globals["anchor"] = anchor
    env.globals["version"] = __version__
    return env


@functools.cache
def static_text(name: str) -> str:
    """A file of the stylesheet and script the pages use (``rashomon.css``,
    ``rashomon.js``)."""
    return (resources.files("rashomon.report") / "static" / name).read_text("utf-8")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def report_csp(css: str, js: str) -> str:
    """The report's policy: nothing from anywhere, but its one inline stylesheet and
    script, and data: images."""
    return (
        f"default-src 'none'; style-src 'sha256-{_sha256(css)}';"
        f" script-src 'sha256-{_sha256(js)}'; img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_page(page: str, *, title: str, links: Any, **context: Any) -> str:
    """One page of the web app: ``corpus``, ``story``, ``article``, ``timeline`` (with
    its ``view``) or ``error`` (with a ``message``)."""
    template = environment().get_template("page.html")
    return template.render(
        page=page, title=title, links=links, report=False, generated=None, **context
    )


def restricted(exported: StoredExport, story_ids: Sequence[str]) -> StoredExport:
    """The export of ``story_ids`` only: those stories, their articles (and the
    originals their copies name), the storylines and timeline entries that hold them."""
    wanted = set(story_ids)
    story_parts = [p for p in exported.story_parts if p.id in wanted]
    members = {a for d in exported.story_digests if d.id in wanted for a in d.articles}
    members |= {d.duplicate_of for d in exported.digests if d.id in members and d.duplicate_of}
    document = exported.document.model_copy(
        update={
            "storylines": [
                line.model_copy(update={"stories": [s for s in line.stories if s in wanted]})
                for line in exported.document.storylines
                if wanted.intersection(line.stories)
            ],
            "timeline": [
                e
                for e in (_within(e, members) for e in exported.document.timeline)
                if e is not None
            ],
        }
    )
    return StoredExport(document, [p for p in exported.parts if p.id in members], story_parts)


def _within(entry: ExportTimelineEntry, members: set[str]) -> ExportTimelineEntry | None:
    """A timeline entry as the articles ``members`` give it (the dates they give, their
    sentences); None when they give it no date."""
    dates = [
        alt.model_copy(
            update={
                "articles": [a for a in alt.articles if a in members],
                "evidence": [e for e in alt.evidence if e.article in members],
            }
        )
        for alt in entry.dates
    ]
    dates = [alt for alt in dates if alt.articles]
    if not dates:
        return None
    return entry.model_copy(
        update={
            "dates": dates,
            "articles": [a for a in entry.articles if a in members],
            "disagreement": entry.disagreement and len(dates) > 1,
        }
    )


def render_report(exported: StoredExport, *, title: str = "rashomon report") -> str:
    """The single-file report of an assembled export: the stories (all, filterable
    in the page), the timeline, every story and every article."""
    site = ExportSite(exported)
    links = ReportLinks()
    digests = site.stories()
    corpus = corpus_view(
        site, Filters(), links, per_page=max(len(digests), 1), every_storyline=True
    )
    everything = timeline_view(site, links, per_page=max(len(exported.document.timeline), 1))
    outlets = {d.id: outlet_of(d, d.id) for d in exported.digests}
    timeline = replace(everything, csv=timeline_csv(everything.entries, outlets))
    stories: list[StoryView] = []
    cited = cited_in_timeline(exported.document.timeline)
    for digest in sorted(corpus.rows, key=lambda r: r.digest.id):
        story = site.story(digest.digest.id)
        if story is None:
            continue
        view = story_view(site, story, links)
        stories.append(replace(view, csv=facts_csv(view)))
        for member, spans in cited_in(story).items():
            cited.setdefault(member, set()).update(spans)
    articles: list[ArticleView] = []
    for article_id in site.article_ids():
        article = site.article(article_id)
        if article is not None:
            articles.append(
                article_view(site, article, cited=cited.get(article_id, ()), report=True)
            )
    css, js = static_text("rashomon.css"), static_text("rashomon.js")
    template = environment().get_template("report.html")
    return template.render(
        title=title,
        links=links,
        report=True,
        css=css,
        js=js,
        csp=report_csp(css, js),
        generated=exported.document.generated_at,
        corpus=corpus,
        timeline=timeline,
        stories=stories,
        articles=articles,
    )
