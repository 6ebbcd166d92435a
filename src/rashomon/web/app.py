"""The local web app: the corpus, story, article and timeline pages and the JSON API
they are made from, over one rashomon database (SQLite or PostgreSQL).

The pages are rendered on the server from the same views the API returns
(:mod:`rashomon.report.views`), so they work without script, and every one can be
fetched as JSON under ``/api/`` (documented at ``/api/openapi.json``). The app reads
what ``analyze`` stored and writes nothing: it loads no model.

Every response carries a Content-Security-Policy allowing only the app's own script
and stylesheet; the interactive OpenAPI pages FastAPI offers are off (they load their
script from a CDN). An unknown id gets one JSON error shape from the API
(``{"error": {"status": 404, "message": ...}}``) and an HTML page from the pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon import __version__
from rashomon.report.digest import StoryDigest
from rashomon.report.export_model import (
    ExportArticle,
    ExportStory,
    ExportStoryline,
    ExportTimelineEntry,
)
from rashomon.report.html import APP_CSP, render_page, static_text
from rashomon.report.site import Site, outlet_of
from rashomon.report.views import (
    PER_PAGE,
    AppLinks,
    Filters,
    article_view,
    cited_in,
    corpus_view,
    facts_csv,
    search_stories,
    story_view,
    timeline_csv,
    timeline_view,
)

_JSON = "application/json"


# -- API models (those the export's models do not already give) -------------------------


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


class StorySummary(BaseModel):
    """A story as the corpus page lists it."""

    id: str
    title: str
    date: str | None
    date_basis: str | None
    articles: list[str]
    outlets: list[str]
    storyline: str | None
    actors: list[str]
    places: list[str]
    disputes: int = Field(description="Contradictions found between its sources.")

    @classmethod
    def of(cls, d: StoryDigest) -> StorySummary:
        data: dict[str, Any] = dataclasses.asdict(d)
        data["date"] = data.pop("date_value")
        return cls(**data)


class StoryPage(BaseModel):
    total: int
    page: int
    pages: int
    stories: list[StorySummary]


class TimelineBody(BaseModel):
    state: str = Field(description="current, stale (stories changed since) or missing")
    entries: list[ExportTimelineEntry]


class NotFound(Exception):
    """An id no story or article has."""

    def __init__(self, what: str, identifier: str) -> None:
        super().__init__(f"no {what} with id '{identifier}'")


def create_app(site: Site) -> FastAPI:
    """The app over ``site`` (a :class:`~rashomon.report.site.StoreSite` for a
    database)."""
    app = FastAPI(
        title="rashomon",
        version=__version__,
        description="Stories, articles and the timeline of a rashomon database, with how"
        " each outlet reports them. Every finding cites its sentence by article id and"
        " character offsets into the article's cleaned text.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    links = AppLinks()

    _guard(app, links)
    _pages(app, site, links)
    _api(app, site, links)
    return app


def _guard(app: FastAPI, links: AppLinks) -> None:
    """The security headers of every response and the error responses."""

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = APP_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error(request: Request, status: int, message: str) -> Response:
        if is_api(request):
            return JSONResponse({"error": {"status": status, "message": message}}, status)
        html = render_page("error", title=_reason(status), links=links, message=message)
        return HTMLResponse(html, status)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in exc.errors()
        )
        return error(request, 422, f"invalid request: {problems}")

    # -- static ---------------------------------------------------------------------

    @app.get("/static/rashomon.css", include_in_schema=False)
    def _css() -> Response:
        return Response(static_text("rashomon.css"), media_type="text/css")

    @app.get("/static/rashomon.js", include_in_schema=False)
    def _js() -> Response:
        return Response(static_text("rashomon.js"), media_type="text/javascript")

    @app.get("/favicon.ico", include_in_schema=False)
    def _icon() -> Response:
        return Response(status_code=204)  # no icon, and no 404 in the browser's console


def _pages(app: FastAPI, site: Site, links: AppLinks) -> None:
    """The HTML pages."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def corpus_page(
        outlet: str = "",
        actor: str = "",
        place: str = "",
        start: Annotated[str, Query(alias="from")] = "",
        end: Annotated[str, Query(alias="to")] = "",
        q: str = "",
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> HTMLResponse:
        filters = Filters(outlet, actor, place, start, end, q, page)
        view = corpus_view(site, filters, links)
        return HTMLResponse(render_page("corpus", title="Stories", links=links, view=view))

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        story = _story(site, story_id)
        view = story_view(site, story, links)
        return HTMLResponse(render_page("story", title=story.title, links=links, view=view))

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, mark: str | None = None) -> HTMLResponse:
        article = _article(site, article_id)
        story_id = site.story_of(article_id)
        story = site.story(story_id) if story_id is not None else None
        cited = cited_in(story).get(article_id, set()) if story is not None else set()
        view = article_view(site, article, cited=cited, marked=_range(mark))
        return HTMLResponse(
            render_page("article", title=article.title or article.id, links=links, view=view)
        )

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        view = timeline_view(site, links, page)
        return HTMLResponse(render_page("timeline", title="Timeline", links=links, view=view))


def _api(app: FastAPI, site: Site, links: AppLinks) -> None:
    """The JSON API (and its CSV downloads), documented by the OpenAPI schema."""

    @app.get("/api/stories", tags=["stories"])
    def list_stories(
        outlet: str = "",
        actor: str = "",
        place: str = "",
        start: Annotated[str, Query(alias="from", description="ISO date or prefix")] = "",
        end: Annotated[str, Query(alias="to", description="ISO date or prefix")] = "",
        q: Annotated[str, Query(description="Words in articles' titles or text")] = "",
        page: Annotated[int, Query(ge=1)] = 1,
        per_page: Annotated[int, Query(ge=1, le=500)] = PER_PAGE,
    ) -> StoryPage:
        """Stories, newest first, filtered as the corpus page filters them."""
        filters = Filters(outlet, actor, place, start, end, q, page)
        found = search_stories(site, site.stories(), filters)
        found.sort(key=lambda d: (d.date_value or "", d.id), reverse=True)
        pages = max(1, -(-len(found) // per_page))
        listed = found[(page - 1) * per_page : page * per_page]
        return StoryPage(
            total=len(found),
            page=page,
            pages=pages,
            stories=[StorySummary.of(d) for d in listed],
        )

    @app.get(
        "/api/stories/{story_id}",
        tags=["stories"],
        response_model=ExportStory,
        responses={404: {"model": ErrorBody}},
    )
    def get_story(story_id: str) -> Response:
        """One story as the JSON export gives it: members, why they were grouped, facts,
        contradictions with their sentences, omissions, quotes, framing."""
        body = site.story_json(story_id)
        if body is None:
            raise NotFound("story", story_id)
        return Response(body, media_type=_JSON)

    @app.get(
        "/api/stories/{story_id}/facts.csv",
        tags=["stories"],
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/csv": {}}}, 404: {"model": ErrorBody}},
    )
    def story_facts_csv(story_id: str) -> Response:
        """The story's source × fact grid as CSV (a row per fact, a column per outlet)."""
        view = story_view(site, _story(site, story_id), links)
        return _csv(facts_csv(view), f"facts-{story_id}.csv")

    @app.get(
        "/api/articles/{article_id}",
        tags=["articles"],
        response_model=ExportArticle,
        responses={404: {"model": ErrorBody}},
    )
    def get_article(article_id: str) -> Response:
        """One article as the JSON export gives it: cleaned text, mentions, quotes."""
        body = site.article_json(article_id)
        if body is None:
            raise NotFound("article", article_id)
        return Response(body, media_type=_JSON)

    @app.get("/api/storylines", tags=["stories"])
    def list_storylines() -> list[ExportStoryline]:
        """Every storyline: stories that continue one another, in date order."""
        return site.storylines()

    @app.get("/api/timeline", tags=["timeline"])
    def get_timeline() -> TimelineBody:
        """The corpus timeline: each dated happening with the dates its sources give."""
        timeline = site.timeline()
        return TimelineBody(state=timeline.state, entries=timeline.entries)

    @app.get(
        "/api/timeline.csv",
        tags=["timeline"],
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/csv": {}}}},
    )
    def get_timeline_csv() -> Response:
        """The timeline as CSV: a row per date given, with the outlets giving it."""
        entries = site.timeline().entries
        cited = sorted({a for e in entries for alt in e.dates for a in alt.articles})
        digests = site.article_digests(cited)
        outlets = {a: outlet_of(digests.get(a), a) for a in cited}
        return _csv(timeline_csv(entries, outlets), "timeline.csv")

    @app.get("/api/{rest:path}", include_in_schema=False)
    def unknown_api(rest: str) -> Response:
        raise StarletteHTTPException(404, f"no API endpoint /api/{rest}")


def _story(site: Site, story_id: str) -> ExportStory:
    story = site.story(story_id)
    if story is None:
        raise NotFound("story", story_id)
    return story


def _article(site: Site, article_id: str) -> ExportArticle:
    article = site.article(article_id)
    if article is None:
        raise NotFound("article", article_id)
    return article


def _range(mark: str | None) -> tuple[int, int] | None:
    if not mark:
        return None
    start, _, end = mark.partition("-")
    if not (start.isdigit() and end.isdigit()) or int(start) >= int(end):
        return None
    return int(start), int(end)


def _csv(text: str, name: str) -> Response:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )


def _reason(status: int) -> str:
    return {404: "Not found", 422: "Invalid request"}.get(status, f"Error {status}")
