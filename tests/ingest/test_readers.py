"""Each input format, read from a real-format file, becomes the same article record."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.ingest import IngestOptions, ingest
from rashomon.model import Article, InputFormat, Severity
from rashomon.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def ingest_paths(store: Store, *paths: Path) -> dict[str, Article]:
    report = ingest([str(p) for p in paths], store, IngestOptions(workers=1))
    assert not report.errors, report.errors
    return {a.id: a for a in store.iter_articles()}


def only(articles: dict[str, Article]) -> Article:
    assert len(articles) == 1, list(articles)
    return next(iter(articles.values()))


# -- HTML -------------------------------------------------------------------


def test_html_page_keeps_the_article_and_drops_site_chrome(store: Store) -> None:
    article = only(ingest_paths(store, FIXTURES / "harbour-ledger-page.html"))
    assert article.id == "harbour-ledger-page"
    assert article.source.format is InputFormat.HTML
    assert article.title == "Dock workers end three-day strike at Felixstowe"
    assert article.outlet == "The Harbour Ledger"
    assert article.url == "https://harbourledger.example/2024/05/14/felixstowe-strike-ends"
    assert article.published == "2024-05-14T09:30:00+01:00"
    assert article.author == "Margaret Ellery"
    assert article.language == "en"
    text = article.text
    for kept in (
        "returned to work on Tuesday morning",
        "voted by 412 to 96",
        "Dennis Okafor",
        "refrigerated cargo and medical supplies",
    ):
        assert kept in text
    for chrome in (
        "We use cookies",
        "Accept all",
        "Shipping",
        "Tilbury orders",
        "Related stories",
        "Portwatcher77",
        "furniture order",
        "Leave a Reply",
        "All rights reserved",
        "Share on Facebook",
    ):
        assert chrome not in text, chrome
    assert "<html" in article.raw


def test_html_with_a_lying_extension_is_still_read_as_html(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "saved-page.txt"
    page.write_bytes((FIXTURES / "harbour-ledger-page.html").read_bytes())
    article = only(ingest_paths(store, page))
    assert article.source.format is InputFormat.HTML
    assert article.title == "Dock workers end three-day strike at Felixstowe"


# -- feeds --------------------------------------------------------------------


def test_rss_feed_gives_one_article_per_item_with_full_content_or_summary(store: Store) -> None:
    articles = ingest_paths(store, FIXTURES / "coastal-feed.rss")
    by_title = {a.title: a for a in articles.values()}
    assert set(by_title) == {
        "Pilot boat rescues two kayakers off Dover",
        "Harbour dues to rise by 4 per cent from July",
    }
    rescue = by_title["Pilot boat rescues two kayakers off Dover"]
    assert rescue.outlet == "Coastal Courier — Maritime"
    assert rescue.url == "https://coastalcourier.example/maritime/2024/06/02/dover-kayakers"
    assert rescue.published == "2024-06-02T17:05:00+00:00"
    assert rescue.author == "Alan Pryce"
    assert rescue.source.locator == "entry 1"
    assert "Shakespeare Beach" in rescue.text and "Gareth Lowe" in rescue.text
    assert "<p>" not in rescue.text
    assert rescue.text.count("\n\n") >= 2, "paragraphs stay separate"
    assert not rescue.warnings
    dues = by_title["Harbour dues to rise by 4 per cent from July"]
    assert "dredging and insurance costs" in dues.text
    assert any("only a summary" in w for w in dues.warnings)


def test_atom_feed_entries_are_dated_from_published_or_updated(store: Store) -> None:
    articles = ingest_paths(store, FIXTURES / "baltic-desk.atom")
    by_title = {a.title: a for a in articles.values()}
    icebreakers = by_title["Icebreaker fleet to be renewed by 2030, Tallinn says"]
    assert icebreakers.published == "2024-06-11T10:15:00+00:00"
    assert icebreakers.author == "Kaja Roos"
    assert icebreakers.outlet == "Baltic Desk"
    assert "180 million euros" in icebreakers.text
    riga = by_title["Riga port volumes fall for a third quarter"]
    assert riga.published == "2024-06-07T08:00:00+00:00"
    assert riga.source.format is InputFormat.FEED


# -- WARC -----------------------------------------------------------------------


def _page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        "<!DOCTYPE html><html lang='en'><head><title>" + title + "</title>"
        "<meta property='og:site_name' content='Lowland Post'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>" + title + "</h1>" + paragraphs + "</article>"
        "<footer>© Lowland Post</footer></body></html>"
    ).encode()


WARC_PAGES = {
    "https://lowlandpost.example/2024/07/01/dyke": (
        "Dyke repairs finished ahead of storm season",
        "Engineers finished strengthening a four-kilometre stretch of dyke near Kampen on Monday,"
        " two months ahead of schedule, the water board said.\nThe work cost 31 million euros and"
        " raised the crest by sixty centimetres along the most exposed section of the IJssel.",
    ),
    "https://lowlandpost.example/2024/07/02/ferry": (
        "Night ferry to Harwich returns after refit",
        "The overnight ferry between Hook of Holland and Harwich resumed sailing on Tuesday after"
        " a six-week refit in a Polish shipyard.\nThe operator said bookings for August were"
        " already higher than last year, helped by a new cabin class.",
    ),
}


def write_warc(path: Path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, (title, body) in WARC_PAGES.items():
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(_page(title, body)),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-07-03T04:05:06Z"},
            )
            writer.write_record(record)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://lowlandpost.example/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                http_headers=image,
            )
        )


def test_warc_response_records_become_articles_with_url_and_fetch_date(
    store: Store, tmp_path: Path
) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    report = ingest([str(archive)], store, IngestOptions(workers=1))
    assert not report.errors
    articles = list(store.iter_articles())
    assert {a.url for a in articles} == set(WARC_PAGES)
    for article in articles:
        title, body = WARC_PAGES[article.url or ""]
        assert article.title == title
        assert article.fetched == "2024-07-03T04:05:06Z"
        assert article.outlet == "Lowland Post"
        assert body.split("\n")[1] in article.text
        assert "Home" not in article.text
        assert article.source.format is InputFormat.HTML
        assert article.source.locator is not None and article.source.locator.startswith("record")
    (skip,) = [p for p in report.problems if p.severity is Severity.SKIPPED]
    assert "image/png" in skip.message and "warcinfo" in skip.message


# -- JSON and JSONL ---------------------------------------------------------------

RECORDS = [
    {
        "id": "nl-0001",
        "headline": "Tram strike halts Rotterdam network",
        "body": "Trams across Rotterdam stood still on Friday as drivers walked out over rosters."
        " The operator said buses would run a reduced timetable until the evening.",
        "source": "Maas Daily",
        "link": "https://maasdaily.example/trams",
        "date_publish": "2024-04-12 08:00:00",
        "lang": "en",
        "section": "transport",
        "wordcount": 27,
    },
    {
        "title": "Bridge over the Waal reopens",
        "text": "The Waal bridge at Nijmegen reopened to traffic on Saturday after six weeks of"
        " repairs to its expansion joints, the provincial road authority said.",
        "outlet": "Gelderland Today",
        "published": "2024-04-13",
    },
]


def test_jsonl_records_accept_documented_field_names_and_keep_unknown_fields(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    articles = ingest_paths(store, path)
    tram = articles["nl-0001"]
    assert tram.title == "Tram strike halts Rotterdam network"
    assert tram.outlet == "Maas Daily"
    assert tram.url == "https://maasdaily.example/trams"
    assert tram.published == "2024-04-12T08:00:00"
    assert tram.extra == {"section": "transport", "wordcount": 27}
    assert tram.source.locator == "line 1"
    (bridge,) = [a for a in articles.values() if a.id != "nl-0001"]
    assert len(bridge.id) == 16, "records without an id get a content-derived one"
    assert bridge.published == "2024-04-13"
    assert bridge.source.locator == "line 2"


def test_gzipped_jsonl_and_json_array_are_read_like_jsonl(store: Store, tmp_path: Path) -> None:
    zipped = tmp_path / "dump.jsonl.gz"
    zipped.write_bytes(gzip.compress(json.dumps(RECORDS[0]).encode() + b"\n"))
    array = tmp_path / "dump.json"
    array.write_text(json.dumps({"articles": [RECORDS[1]]}), encoding="utf-8")
    articles = ingest_paths(store, zipped, array)
    assert {a.title for a in articles.values()} == {
        "Tram strike halts Rotterdam network",
        "Bridge over the Waal reopens",
    }


def test_jsonl_record_with_html_goes_through_the_html_extractor(
    store: Store, tmp_path: Path
) -> None:
    html = (FIXTURES / "harbour-ledger-page.html").read_text("utf-8")
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "page-1", "html": html}) + "\n", encoding="utf-8")
    article = only(ingest_paths(store, path))
    assert article.title == "Dock workers end three-day strike at Felixstowe"
    assert "voted by 412 to 96" in article.text
    assert "We use cookies" not in article.text


# -- text, Markdown, front matter, sidecar -------------------------------------------

FRONT_MATTER_ARTICLE = """---
title: Lock gates fail on the Kiel Canal
outlet: Nordsee Bulletin
url: https://nordsee.example/kiel-locks
published: 2024-02-20
language: en
country: DE
desk: shipping
---
Lock gates fail on the Kiel Canal

Ships heading for the Baltic queued at Brunsbüttel on Tuesday after one of the two large lock
gates failed during a routine operation, the canal authority said.

Smaller vessels were still able to use the older locks, it added.
"""


def test_front_matter_overrides_and_the_repeated_headline_is_cut(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "kiel.txt"
    path.write_text(FRONT_MATTER_ARTICLE, encoding="utf-8")
    article = only(ingest_paths(store, path))
    assert (article.title, article.outlet, article.url, article.published, article.country) == (
        "Lock gates fail on the Kiel Canal",
        "Nordsee Bulletin",
        "https://nordsee.example/kiel-locks",
        "2024-02-20",
        "DE",
    )
    assert article.extra == {"desk": "shipping"}
    assert article.text.startswith("Ships heading for the Baltic")
    assert [s.rule for s in article.removed] == ["repeated-title"]
    assert "---" not in article.raw_text and article.raw.startswith("---")


def test_markdown_syntax_is_dropped(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Pier closed after **storm** damage\n\nThe [council](https://council.example) closed"
        " the pier at Southwold on *Monday* after a storm tore away part of its decking,"
        " and said repairs would take months.\n",
        encoding="utf-8",
    )
    article = only(ingest_paths(store, path))
    assert article.title == "Pier closed after storm damage"
    assert article.text.startswith("The council closed the pier at Southwold on Monday")
    assert article.source.format is InputFormat.MARKDOWN


def test_sources_sidecar_fills_outlet_country_and_language(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "pasted"
    folder.mkdir()
    (folder / "sources.csv").write_text(
        "pattern,outlet,country,language\nkestrel-*.txt,The Kestrel Gazette,GB,en\n",
        encoding="utf-8",
    )
    (folder / "kestrel-0612.txt").write_text(
        "Flood barrier tested on the Thames\n\nThe Thames Barrier was closed on Wednesday for its"
        " monthly test, with river traffic held for three hours either side of high water.\n",
        encoding="utf-8",
    )
    (folder / "other.txt").write_text(
        "Ferry timetable changes\n\nThe summer timetable for the Isle of Wight ferries starts on"
        " Saturday with two extra sailings each evening, the operator said.\n",
        encoding="utf-8",
    )
    articles = ingest_paths(store, folder)
    assert (articles["kestrel-0612"].outlet, articles["kestrel-0612"].country) == (
        "The Kestrel Gazette",
        "GB",
    )
    assert articles["other"].outlet is None
    assert "sources" not in articles, "the sidecar itself is not an article"


@pytest.mark.parametrize("name", ["a.txt", "b.md", "c"])
def test_plain_text_files_take_their_stem_as_id(store: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(
        "Headline here\n\nA body sentence long enough to be an article about harbour dredging"
        " works that began on Monday.\n",
        encoding="utf-8",
    )
    article = only(ingest_paths(store, path))
    assert article.id == Path(name).stem
