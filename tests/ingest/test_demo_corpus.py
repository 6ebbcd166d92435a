"""The demo corpus ingests exactly as examples/README.md says it should.

The README lists the corpus's planted features (the gold): 25 articles from 12
outlets, two syndicated copies of one Continental Wire story, look-alike
events that are not copies, a German article, a summary-only feed entry,
pasted files full of page leftovers, HTML pages full of site chrome, a WARC
crawl and front-matter metadata. The corpus is ingested once per module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from rashomon.ingest import IngestOptions, ingest
from rashomon.model import Article, IngestReport, InputFormat
from rashomon.store import Store
from tests.conftest import EXAMPLES


@dataclass(frozen=True)
class Demo:
    report: IngestReport
    articles: dict[str, Article]

    def by_file(self, relative: str) -> list[Article]:
        target = (EXAMPLES / relative).resolve()
        return [a for a in self.articles.values() if Path(a.source.path).resolve() == target]

    def one(self, relative: str, locator: str | None = None) -> Article:
        found = [a for a in self.by_file(relative) if a.source.locator == locator]
        assert len(found) == 1, (relative, locator, [a.id for a in found])
        return found[0]

    def titled(self, title: str) -> Article:
        found = [a for a in self.articles.values() if a.title == title]
        assert len(found) == 1, (title, found)
        return found[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store.open(str(db))
    try:
        report = ingest([str(EXAMPLES)], store, IngestOptions(workers=1))
        return Demo(report, {a.id: a for a in store.iter_articles()})
    finally:
        store.close()


WIRE = "continental-wire-ferry-fire"
PASTED = [
    "pasted/kestrel-ferry-fire.txt",
    "pasted/kestrel-vrsic-landslide.txt",
    "pasted/skerrypost-mackerel-torshavn.txt",
]


# -- everything is accounted for -------------------------------------------------


def test_ingesting_the_demo_corpus_reports_no_errors(demo: Demo) -> None:
    """`make demo` runs clean: nothing in the corpus is an input error."""
    assert demo.report.errors == ()


def test_every_file_is_stored_or_reported(demo: Demo) -> None:
    """No input silently disappears: each file gave articles or a problem line."""
    stored = {Path(a.source.path).resolve() for a in demo.articles.values()}
    reported = {Path(p.path).resolve() for p in demo.report.problems}
    sidecars = {(EXAMPLES / "pasted" / "sources.csv").resolve()}
    files = {p.resolve() for p in EXAMPLES.rglob("*") if p.is_file()}
    assert files - stored - reported - sidecars == set()


def test_all_25_articles_from_12_outlets_are_stored(demo: Demo) -> None:
    """24 full articles plus one summary-only feed item, from 12 outlets."""
    assert len(demo.articles) == 25
    assert set(demo.report.ingested) == set(demo.articles)
    assert len({a.outlet for a in demo.articles.values()}) == 12
    assert all(a.outlet for a in demo.articles.values())


def test_warc_image_and_request_records_are_reported_as_skipped(demo: Demo) -> None:
    """WARC records that are not HTML pages (warcinfo, request, a PNG) are skipped, and said so."""
    skipped = [p for p in demo.report.skipped if p.path.endswith("crawl.warc.gz")]
    assert [p.code for p in skipped] == ["not-html"]
    assert "image/png" in skipped[0].message


# -- syndicated copies -----------------------------------------------------------


def test_syndicated_copies_point_at_the_continental_wire_original(demo: Demo) -> None:
    """The Kestrel pasted copy and the Baltic Evening Star JSONL copy are copies of the wire."""
    kestrel = demo.one("pasted/kestrel-ferry-fire.txt")
    bes = demo.articles["bes-20240310-0148"]
    assert kestrel.duplicate_of == WIRE
    assert bes.duplicate_of == WIRE
    assert demo.articles[WIRE].duplicate_of is None
    assert dict(demo.report.duplicates) == {kestrel.id: WIRE, bes.id: WIRE}


def test_nothing_else_is_marked_a_copy(demo: Demo) -> None:
    """Look-alike events and other outlets' own reports of a story are not copies."""
    copies = {a.id for a in demo.articles.values() if a.duplicate_of is not None}
    assert copies == {"kestrel-ferry-fire", "bes-20240310-0148"}


@pytest.mark.parametrize(
    "ids",
    [
        pytest.param(
            ("harbour-ledger-mackerel-torshavn", "harbour-ledger-mackerel-edinburgh"),
            id="mackerel-rounds-same-outlet",
        ),
        pytest.param(
            ("continental-wire-vrsic-landslide", "kestrel-vrsic-landslide"),
            id="vrsic-landslides",
        ),
        pytest.param(
            ("bes-20240316-0093", "harbour-ledger-ferry-inquiry"), id="inquiry-two-outlets"
        ),
        pytest.param(
            (WIRE, "harbour-ledger-ferry-fire", "levant-standard-ferry-fire"),
            id="ferry-fire-three-outlets",
        ),
    ],
)
def test_look_alike_and_same_story_articles_stay_independent(
    demo: Demo, ids: tuple[str, ...]
) -> None:
    """Same event from different outlets, or look-alike events, are separate reports."""
    for article_id in ids:
        assert demo.articles[article_id].duplicate_of is None, article_id


# -- language and warnings ---------------------------------------------------------


def test_german_article_is_stored_as_de_with_a_warning(demo: Demo) -> None:
    """The Nordlicht Rundschau article is kept but flagged as not English."""
    german = demo.articles["nordlicht-rundschau-faehrbrand"]
    assert german.language == "de"
    assert not german.is_english
    assert any("German" in w and "not English" in w for w in german.warnings)
    assert all(a.language == "en" for a in demo.articles.values() if a is not german)


def test_summary_only_feed_entry_is_stored_with_a_warning(demo: Demo) -> None:
    """The resume-sailings RSS item has only a description; the user is told."""
    item = demo.titled("Myrtoan Lines resumes Piraeus–Aigina sailings")
    assert item.source.format is InputFormat.FEED
    assert any("summary" in w for w in item.warnings)
    warned = [p for p in demo.report.warnings if item.id in p.message]
    assert warned, "the warning is in the run report too"


def test_feed_entries_with_full_content_have_no_summary_warning(demo: Demo) -> None:
    """Only the summary-only entry is flagged; full-content entries are not."""
    feed = [a for a in demo.articles.values() if a.source.format is InputFormat.FEED]
    assert len(feed) == 5
    flagged = [a.title for a in feed if any("summary" in w for w in a.warnings)]
    assert flagged == ["Myrtoan Lines resumes Piraeus–Aigina sailings"]


# -- pasted files: page leftovers removed -------------------------------------------

PASTED_RULES = [
    "section-label",
    "title",
    "kicker",
    "repeated-title",
    "byline",
    "share-subscribe",
    "photo-caption",
    "image-credit",
    "read-more",
    "repeated-caption",
    "read-more",
    "empty-source",
    "share-subscribe",
    "comment-form",
]


@pytest.mark.parametrize("relative", PASTED, ids=[Path(p).stem for p in PASTED])
def test_pasted_file_has_every_planted_noise_block_cut_by_its_rule(
    demo: Demo, relative: str
) -> None:
    """Label, headline, kicker, repeat, byline, share, caption + credit, links, form: all cut."""
    article = demo.one(relative)
    assert [span.rule for span in article.removed] == PASTED_RULES


NOISE_TEXT = [
    "World news",
    "Latest news",
    "READ MORE",
    "Share this article",
    "Subscribe to our newsletter",
    "Photo:",
    "Source :",
    "Leave a Reply",
    "Your email address will not be published",
    "Comment *",
    "Name *",
    "Post Comment",
]


@pytest.mark.parametrize("relative", PASTED, ids=[Path(p).stem for p in PASTED])
def test_pasted_file_text_has_no_leftovers_and_keeps_every_story_paragraph(
    demo: Demo, relative: str
) -> None:
    """What remains is the story: every paragraph not cut is intact, no noise is left."""
    article = demo.one(relative)
    for noise in NOISE_TEXT:
        assert noise not in article.text, noise
    assert article.title not in article.text
    cut = {line.strip() for span in article.removed for line in span.text.splitlines()}
    raw_lines = [line.strip() for line in article.raw_text.splitlines() if line.strip()]
    story = [line for line in raw_lines if line not in cut]
    assert len(story) >= 6
    assert [line.strip() for line in article.text.splitlines() if line.strip()] == story
    assert all(len(line.split()) >= 15 for line in story), "only story paragraphs are left"


def test_kestrel_copy_keeps_its_added_final_sentence(demo: Demo) -> None:
    """The copy's own added sentence is story text, not a trailing fragment."""
    kestrel = demo.one("pasted/kestrel-ferry-fire.txt")
    assert kestrel.text.rstrip().endswith(
        "A couple from Harrogate who had been travelling on the ferry to visit relatives on"
        " Aegina were reported to be safe and unhurt."
    )
    assert kestrel.title == "Twelve dead as flames engulf Aegina ferry"


@pytest.mark.parametrize(
    ("relative", "outlet", "country"),
    [
        ("pasted/kestrel-ferry-fire.txt", "The Kestrel Gazette", "GB"),
        ("pasted/kestrel-vrsic-landslide.txt", "The Kestrel Gazette", "GB"),
        ("pasted/skerrypost-mackerel-torshavn.txt", "Skerry Post", "NO"),
    ],
    ids=["kestrel-ferry", "kestrel-vrsic", "skerrypost"],
)
def test_sources_sidecar_gives_pasted_files_outlet_and_country(
    demo: Demo, relative: str, outlet: str, country: str
) -> None:
    """pasted/sources.csv names the outlet and country bare text files lack."""
    article = demo.one(relative)
    assert (article.outlet, article.country) == (outlet, country)


def test_pasted_file_without_any_date_gets_none(demo: Demo) -> None:
    """The Kestrel Vršič piece has no date anywhere: no date is invented."""
    assert demo.one("pasted/kestrel-vrsic-landslide.txt").published is None


# -- HTML pages and WARC records: site chrome removed -------------------------------

CHROME = {
    "html/harbour-ledger-ferry-fire.html": [
        "We use cookies",
        "Accept all",
        "Manage preferences",
        "Independent since 1887",
        "Support us",
        "More on this story",
        "more like 20 died",
        "Harbourwatcher",
        "Those fishermen from Perama deserve medals",
        "Cookie settings",
        "Registered in England",
        "Related: Greek ports brace",
    ],
    "html/levant-standard-ferry-fire.html": [
        "uses cookies",
        "E-paper",
        "Finally someone says it",
        "Readers' comments",
        "Most read",
        "Larnaca marina",
        "Share on Facebook",
        "All rights reserved",
    ],
    "html/adriatic-observer-vrsic-landslide.html": [
        "use cookies",
        "I agree",
        "rockfall nets are a joke",
        "Mangart road",
        "Related articles",
        "morning briefing",
        "Impressum",
        "Written by",
        "(Photo: PU Koper)",
    ],
    "html/vesturland-tribune-mackerel-torshavn.html": [
        "stores cookies",
        "Allow all",
        "News from Iceland in English",
        "14 percent would have been fine",
        "pelagic_skipper",
        "Capelin quota cut",
        "Email this story",
        "news@vesturlandtribune.example",
    ],
}


@pytest.mark.parametrize("relative", list(CHROME), ids=[Path(p).stem for p in CHROME])
def test_html_page_text_has_no_cookie_nav_or_comment_text(demo: Demo, relative: str) -> None:
    """Cookie banners, navigation, related lists, share bars, footers and reader comments go."""
    article = demo.one(relative)
    assert article.source.format is InputFormat.HTML
    for chrome in CHROME[relative]:
        assert chrome not in article.text, chrome
    assert len(article.text.split()) > 200, "the article body itself is kept"


def test_harbour_ledger_page_keeps_its_story_facts(demo: Demo) -> None:
    """Chrome removal does not eat the story: the planted facts are in the text."""
    text = demo.one("html/harbour-ledger-ferry-fire.html").text
    for fact in ("Fourteen people died", "312 people were evacuated", "between 40 and 50 crew"):
        assert fact in text


WARC_RECORDS = [
    (
        "record 3",
        "The Meridian Courier",
        "https://meridiancourier.example/business/2024/03/11/greek-ferry-operator-shares-slide",
        "2024-03-12",
    ),
    (
        "record 4",
        "Adriatic Observer",
        "https://adriaticobserver.example/region/slovenia/vrsic-second-landslide-kranjska-gora",
        "2024-05-29",
    ),
    (
        "record 5",
        "Skerry Post",
        "https://skerrypost.example/news/mackerel-edinburgh-deal",
        "2024-07-03",
    ),
]


@pytest.mark.parametrize(
    ("locator", "outlet", "url", "fetched_day"),
    WARC_RECORDS,
    ids=["meridian", "adriatic", "skerry"],
)
def test_warc_response_records_carry_url_and_fetch_date(
    demo: Demo, locator: str, outlet: str, url: str, fetched_day: str
) -> None:
    """Each crawled page keeps its target URL and WARC-Date as the fetch date."""
    article = demo.one("warc/crawl.warc.gz", locator)
    assert article.outlet == outlet
    assert article.url == url
    assert article.fetched is not None and article.fetched.startswith(fetched_day)
    for chrome in ("cookies", "Comments", "Related articles", "Facebook"):
        assert chrome not in article.text


def test_warc_pages_have_no_reader_comments(demo: Demo) -> None:
    """Reader comments on crawled pages are not the outlet's report."""
    texts = " ".join(a.text for a in demo.by_file("warc/crawl.warc.gz"))
    for comment in ("Twice in six weeks", "Going via Predil then"):
        assert comment not in texts


def test_warc_page_text_does_not_start_with_category_label_and_headline(demo: Demo) -> None:
    """README: the Adriatic Observer category line and repeated headline are noise."""
    article = demo.one("warc/crawl.warc.gz", "record 4")
    first_lines = article.text.splitlines()[:2]
    assert "Slovenia" not in first_lines
    assert article.title not in first_lines
    assert article.text.startswith("KRANJSKA GORA, Slovenia, May 28")


# -- metadata from front matter and JSON ------------------------------------------


def test_front_matter_supplies_title_outlet_url_author(demo: Demo) -> None:
    """YAML front matter in .txt files is the article's metadata, not its text."""
    wire = demo.articles[WIRE]
    assert wire.title == "Fire on Greek ferry off Piraeus kills 12, more than 300 evacuated"
    assert wire.outlet == "Continental Wire"
    assert wire.url == "https://continentalwire.example/world/europe/greece-ferry-fire-piraeus"
    assert wire.author == "Petra Lindqvist"
    assert wire.published is None, "the wire file has no published key; none is invented"
    assert wire.text.startswith("PIRAEUS, March 10 (Continental Wire) —")
    assert "title:" not in wire.text and "---" not in wire.text


def test_front_matter_published_date_is_used(demo: Demo) -> None:
    """A `published:` key becomes the article's date."""
    assert demo.articles["harbour-ledger-mackerel-torshavn"].published == "2024-05-15"
    assert demo.articles["nordlicht-rundschau-faehrbrand"].published == "2024-03-10"


def test_markdown_article_uses_front_matter_and_drops_the_repeated_h1(demo: Demo) -> None:
    """The .md H1 repeats the front-matter title and is cut, as is the closing
    "Additional reporting by" credit; heading marks are gone."""
    article = demo.articles["harbour-ledger-ferry-inquiry"]
    assert article.source.format is InputFormat.MARKDOWN
    assert article.title == "Greece orders full inquiry into Kallisti Horizon ferry fire"
    assert article.author == "Tom Ashcroft"
    assert [span.rule for span in article.removed] == ["repeated-title", "reporting-credit"]
    assert "Additional reporting" not in article.text
    for markup in ("# ", "**", "*Investigators"):
        assert markup not in article.text


def test_markdown_blockquote_marker_is_removed(demo: Demo) -> None:
    """README: Markdown markup, including `>` blockquotes, is not article text."""
    article = demo.articles["harbour-ledger-ferry-inquiry"]
    assert not any(line.lstrip().startswith(">") for line in article.text.splitlines())


def test_jsonl_records_keep_their_ids_and_unknown_fields(demo: Demo) -> None:
    """JSON ids are kept; fields rashomon does not interpret travel in `extra`."""
    vt = demo.articles["vt-20240702-mackerel"]
    assert vt.extra == {
        "section": "fisheries",
        "wordcount": 251,
        "tags": ["mackerel", "Norway", "fisheries"],
    }
    assert vt.author == "Kristín Arnarsdóttir"
    cw = demo.articles["cw-20240702-1187"]
    assert cw.published == "2024-07-02T17:55:00+00:00"
    assert cw.extra["priority"] == 2
