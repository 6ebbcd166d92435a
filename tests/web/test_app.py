"""Every route of the web app and every API endpoint, in-process, on the analysed demo
corpus: status, content type, what the page says, one JSON error shape, and the
security headers on everything."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from rashomon.report.export_model import ExportArticle, ExportStory, ExportTimelineEntry
from rashomon.report.html import APP_CSP
from rashomon.report.site import StoreSite
from tests.conftest import CliRun
from tests.web.conftest import FERRY_TITLE


@pytest.fixture(scope="module")
def ferry(demo_site: StoreSite) -> ExportStory:
    (found,) = [d for d in demo_site.stories() if d.title == FERRY_TITLE]
    story = demo_site.story(found.id)
    assert story is not None
    return story


def _page(client: Any, path: str) -> lxml.html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def _text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_corpus_page_lists_every_story_with_outlets_and_dispute_counts(
    demo_client: Any, demo_site: StoreSite
) -> None:
    page = _page(demo_client, "/")
    rows = page.cssselect("#story-table tbody tr[data-title]")
    assert len(rows) == len(demo_site.stories()) == 8
    ferry_row = next(r for r in rows if r.get("data-title") == FERRY_TITLE)
    assert "The Harbour Ledger" in _text(ferry_row)
    # the death toll is disputed: the row counts it, with a symbol as well as colour
    assert "✘ 1" in _text(ferry_row.cssselect("td")[-1])
    dates = [r.get("data-date") for r in rows]
    assert dates == sorted(dates, reverse=True)  # newest first
    # the coverage chart: a dot per outlet and story, each a link to the story
    assert page.cssselect("svg.coverage a circle")
    assert page.cssselect("h2#storylines")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet=The+Meridian+Courier", {FERRY_TITLE}),
        ("q=Perama", {FERRY_TITLE}),  # a word in the text of the ferry articles only
        ("actor=Lennie", {"Norway, Iceland agree provisional mackerel sharing deal"}),
    ],
)
def test_corpus_filters_narrow_the_list(demo_client: Any, query: str, expected: set[str]) -> None:
    page = _page(demo_client, f"/?{query}")
    titles = {r.get("data-title") for r in page.cssselect("#story-table tbody tr[data-title]")}
    assert expected <= titles
    assert len(titles) < 8


def test_corpus_date_range_is_inclusive_and_takes_prefixes(demo_client: Any) -> None:
    page = _page(demo_client, "/?from=2024-03&to=2024-03")
    dates = {r.get("data-date") for r in page.cssselect("#story-table tbody tr[data-title]")}
    assert dates and all(d.startswith("2024-03") for d in dates)
    empty = _page(demo_client, "/?from=2030-01-01")
    assert "No story matches" in _text(empty.cssselect("#story-table")[0])


def test_story_page_shows_the_death_toll_dispute_with_both_sentences(
    demo_client: Any, ferry: ExportStory
) -> None:
    page = _page(demo_client, f"/story/{ferry.id}")
    (dispute,) = [d for d in page.cssselect("article.contradiction") if "people killed" in _text(d)]
    sides = dispute.cssselect(".side")
    values = {s.cssselect("h4")[0].text.strip() for s in sides}
    assert values == {"12 people", "14 people"}
    marked = {m.text for m in dispute.cssselect("mark.value")}
    assert {"Twelve", "Fourteen"} <= marked
    fourteen = next(s for s in sides if "14 people" in _text(s))
    assert "The Harbour Ledger" in _text(fourteen)
    assert "people died" in _text(fourteen.cssselect("blockquote")[0])
    # each sentence links to itself in its article
    for link in dispute.cssselect("a.cite"):
        assert link.get("href").startswith("/article/")
        assert "#ev-" in link.get("href")


def test_story_page_has_the_grid_quotes_framing_timeline_and_grouping(
    demo_client: Any, ferry: ExportStory
) -> None:
    page = _page(demo_client, f"/story/{ferry.id}")
    headings = {_text(h) for h in page.cssselect("h2")}
    assert {
        "The outlets side by side",
        "Facts × outlets",
        "What only some outlets report",
        "Quotes by speaker",
        "Why these articles are one story",
    } <= headings
    grid = page.cssselect("table.grid")[0]
    outlets = [_text(th) for th in grid.cssselect("thead th")][1:]
    assert len(outlets) == 6
    disputed = grid.cssselect("tbody tr.disputed")
    assert disputed, "the disputed death toll heads the grid"
    states = {td.get("class").split()[-1] for td in disputed[0].cssselect("td")}
    assert {"reported", "other"} <= states
    symbols = {_text(td) for td in disputed[0].cssselect("td")}
    assert {"✔", "✘"} <= symbols  # never colour alone
    assert page.cssselect("a[href$='/facts.csv']")


def test_a_finding_links_to_its_sentence_marked_on_the_article_page(
    demo_client: Any, ferry: ExportStory
) -> None:
    story = _page(demo_client, f"/story/{ferry.id}")
    href = story.cssselect("article.contradiction a.cite")[0].get("href")
    path, _, fragment = href.partition("#")
    article = _page(demo_client, path)
    (target,) = article.cssselect(f"#{fragment}")
    assert "hl" in target.get("class").split()
    start, end = (int(x) for x in fragment.removeprefix("ev-").split("-"))
    article_id = path.split("/")[2].split("?")[0]
    text = ExportArticle.model_validate_json(
        demo_client.get(f"/api/articles/{article_id}").text
    ).text
    assert _text(target) == " ".join(text[start:end].split())


def test_article_page_marks_mentions_and_shows_what_was_cut(
    demo_client: Any, demo_site: StoreSite, ferry: ExportStory
) -> None:
    article = demo_site.article(ferry.articles[0])
    assert article is not None
    page = _page(demo_client, f"/article/{article.id}")
    text = page.cssselect("div.text")[0]
    # the text is whole: marks add no character and lose none
    assert text.text_content() == article.text
    numbers = text.cssselect("span.m-number")
    assert numbers and all(n.get("data-v", "").startswith("number") for n in numbers)
    assert all(n.get("tabindex") == "0" for n in text.cssselect("span.m"))
    if article.removed:
        assert page.cssselect("details.removed summary")
    if article.url:
        assert page.cssselect(f"a[href='{article.url}']")


def test_timeline_page_lists_dated_happenings_with_their_sources(demo_client: Any) -> None:
    page = _page(demo_client, "/timeline")
    rows = page.cssselect("table.timeline-table tbody tr[id]")
    assert len(rows) > 5
    assert page.cssselect("svg.timeline")
    # each given date cites articles, linked to the sentence
    assert page.cssselect("ul.given a[href*='#ev-']")
    assert page.cssselect("a[href='/api/timeline.csv']")


def test_static_files_and_security_headers(demo_client: Any) -> None:
    for path, kind in (
        ("/static/rashomon.css", "text/css"),
        ("/static/rashomon.js", "text/javascript"),
    ):
        response = demo_client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(kind)
    for path in ("/", "/timeline", "/api/stories", "/api/nothing", "/story/nothing"):
        headers = demo_client.get(path).headers
        assert headers["content-security-policy"] == APP_CSP
        assert headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in APP_CSP


def test_api_stories_filters_and_pages(demo_client: Any) -> None:
    body = demo_client.get("/api/stories").json()
    assert body["total"] == 8 and body["pages"] == 1
    ferry = next(s for s in body["stories"] if s["title"] == FERRY_TITLE)
    assert ferry["disputes"] == 1 and len(ferry["articles"]) == 6
    paged = demo_client.get("/api/stories?per_page=3&page=2").json()
    assert paged["pages"] == 3 and len(paged["stories"]) == 3
    assert [s["id"] for s in paged["stories"]] == [s["id"] for s in body["stories"][3:6]]
    harbour = demo_client.get("/api/stories", params={"outlet": "The Harbour Ledger"}).json()
    assert all("The Harbour Ledger" in s["outlets"] for s in harbour["stories"])
    assert 0 < harbour["total"] < 8


def test_api_story_and_article_are_the_export_objects(demo_client: Any, ferry: ExportStory) -> None:
    story = ExportStory.model_validate_json(demo_client.get(f"/api/stories/{ferry.id}").text)
    assert story == ferry
    assert any(d.attribute == "people killed" for d in story.discrepancies)
    article = demo_client.get(f"/api/articles/{ferry.articles[0]}")
    assert article.headers["content-type"] == "application/json"
    assert ExportArticle.model_validate_json(article.text).id == ferry.articles[0]
    lines = demo_client.get("/api/storylines").json()
    assert any(ferry.id in line["stories"] for line in lines)
    timeline = demo_client.get("/api/timeline").json()
    assert timeline["state"] == "current"
    entries = [ExportTimelineEntry.model_validate(e) for e in timeline["entries"]]
    assert any(e.story == ferry.id for e in entries)


def test_csv_downloads_of_the_fact_grid_and_the_timeline(
    demo_client: Any, ferry: ExportStory
) -> None:
    response = demo_client.get(f"/api/stories/{ferry.id}/facts.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:6] == ["fact", "kind", "attribute", "value", "outlets", "disputed"]
    assert len(rows[0]) == 6 + 6  # one column per outlet
    assert len(rows) == 1 + len(ferry.facts)
    killed = [r for r in rows[1:] if r[2] == "people killed" and r[5] == "yes"]
    assert killed and {"reported", "other"} <= set(killed[0][6:])
    timeline = list(csv.reader(io.StringIO(demo_client.get("/api/timeline.csv").text)))
    assert timeline[0] == [
        "date",
        "precision",
        "event",
        "story",
        "given_date",
        "given_by",
        "disagreement",
    ]
    assert any(r[3] == ferry.id for r in timeline[1:])


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/stories/st-nothing", 404, "no story with id 'st-nothing'"),
        ("/api/articles/nothing", 404, "no article with id 'nothing'"),
        ("/api/stories/st-nothing/facts.csv", 404, "no story with id 'st-nothing'"),
        ("/api/no-such-endpoint", 404, "no API endpoint /api/no-such-endpoint"),
        ("/api/stories?page=0", 422, "page"),
        ("/api/stories?per_page=abc", 422, "per_page"),
    ],
)
def test_api_errors_have_one_json_shape(
    demo_client: Any, path: str, status: int, words: str
) -> None:
    response = demo_client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert words in body["error"]["message"]


@pytest.mark.parametrize("path", ["/story/st-nothing", "/article/nothing", "/no/such/page"])
def test_unknown_pages_are_html_404s(demo_client: Any, path: str) -> None:
    response = demo_client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = lxml.html.fromstring(response.text)
    assert _text(page.cssselect("h1")[0]) == "Not found"


def test_openapi_schema_documents_every_endpoint(demo_client: Any) -> None:
    schema = demo_client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/facts.csv",
        "/api/articles/{article_id}",
        "/api/storylines",
        "/api/timeline",
        "/api/timeline.csv",
    }
    story = schema["paths"]["/api/stories/{story_id}"]["get"]
    assert "ExportStory" in json.dumps(story["responses"]["200"])
    assert "ErrorBody" in json.dumps(story["responses"]["404"])
    # no page that loads its script from a CDN
    assert demo_client.get("/docs").status_code == 404


def test_the_story_index_agrees_with_the_parts(demo_site: StoreSite) -> None:
    """The stories page reads every story's digest from one stored index; read a row per
    story instead, they are the same."""
    from rashomon.report.export import STORY_INDEX, stored_story_index

    stored = stored_story_index(demo_site.store)
    assert stored is not None
    indexed = sorted(stored[1], key=lambda d: d.id)
    parts = demo_site.store.export_store.story_digests(list(demo_site.store.story_store.digests()))
    assert [d.id for d in indexed] == sorted(parts)
    assert [d.to_data() for d in indexed] == [parts[i] for i in sorted(parts)]
    assert demo_site.store.compare_store.corpus_result_key(STORY_INDEX) == stored[0]


def test_a_running_app_shows_what_a_later_analyze_adds(
    demo_db: Path, tmp_path: Path, cli: CliRun
) -> None:
    """The app keeps the story index and the timeline while their keys hold; an
    `analyze` that adds an article changes them, and the next page shows it."""
    from fastapi.testclient import TestClient

    from rashomon.store import Store
    from rashomon.web.app import create_app

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    store = Store.open(str(db), create=False, read_only=True)
    try:
        client = TestClient(create_app(StoreSite(store)))
        before = client.get("/api/stories").json()["total"]
        assert client.get("/").status_code == 200  # the index is read and kept
        extra = tmp_path / "new.txt"
        extra.write_text(
            "Volcano erupts on remote Pacific island\n\nA volcano on an uninhabited island in"
            " the South Pacific erupted on Tuesday, sending ash 12 kilometres into the sky,"
            " geologists said. No one lives on the island.\n",
            encoding="utf-8",
        )
        result = cli("analyze", str(extra), "--db", str(db), "--quiet", "--workers", "1")
        assert result.exit_code == 0, result.output
        after = client.get("/api/stories").json()
        assert after["total"] == before + 1
        page = client.get("/?q=volcano").text
        assert "Volcano erupts on remote Pacific island" in page
    finally:
        store.close()
