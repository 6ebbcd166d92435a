"""The pieces the pages are made of, on their own: marking an article's text, which
addresses become links, CSV cells a spreadsheet will not run, anchors, filters, and
the charts."""

from __future__ import annotations

import re
from html import unescape

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.report.charts import timeline_chart
from rashomon.report.export_model import (
    ExportAlternative,
    ExportArticle,
    ExportMention,
    ExportSource,
    ExportTimelineEntry,
)
from rashomon.report.views import (
    AppLinks,
    Filters,
    ReportLinks,
    anchor,
    csv_cell,
    marked_text,
    safe_url,
)

TEXT = "Twelve people were killed on Saturday. Fourteen, said another outlet."


def _article(text: str = TEXT, mentions: list[ExportMention] | None = None) -> ExportArticle:
    return ExportArticle(
        id="a/1 x",
        title="t",
        outlet=None,
        country=None,
        url=None,
        published=None,
        language="en",
        text=text,
        removed=[],
        duplicate_of=None,
        warnings=[],
        source=ExportSource(path="x.jsonl", format="jsonl"),
        extra={},
        mentions=mentions or [],
    )


def _number(start: int, end: int) -> ExportMention:
    return ExportMention(
        text=TEXT[start:end],
        start=start,
        end=end,
        type="number",
        canonical="12",
        value=12,
        qualifier="exact",
        unit="people",
    )


def test_marked_text_anchors_cited_sentences_and_keeps_every_character() -> None:
    html = marked_text(_article(mentions=[_number(0, 13)]), [(0, 38)], marked=(0, 38))
    root = lxml.html.fragment_fromstring(str(html), create_parent="div")
    assert root.text_content() == TEXT
    (sentence,) = root.cssselect("#ev-0-38")
    assert sentence.get("class") == "ev hl"
    (number,) = sentence.cssselect("span.m-number")  # nested inside the sentence
    assert number.text == "Twelve people"
    assert number.get("data-v") == "number 12 people (exact)"


def test_a_mark_that_crosses_another_is_dropped_not_the_text() -> None:
    crossing = _number(30, 45)  # "Saturday. Fourt" crosses the sentence's end
    html = marked_text(_article(mentions=[crossing]), [(0, 38)])
    root = lxml.html.fragment_fromstring(str(html), create_parent="div")
    assert root.text_content() == TEXT
    assert root.cssselect("#ev-0-38") and not root.cssselect("span.m")


def test_out_of_range_offsets_mark_nothing() -> None:
    html = marked_text(_article(mentions=[_number(60, 500)]), [(-1, 5), (10, 10), (5, 999)])
    assert str(html) == TEXT.replace("'", "&#39;")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1, max_size=60),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8),
)
def test_marked_text_is_always_the_text_escaped(text: str, spans: list[tuple[int, int]]) -> None:
    """Whatever the text and the ranges: the HTML holds no tag but the marks, and reads
    back as the text without its control characters."""
    from rashomon.report.untrusted import strip_controls

    mentions = [
        ExportMention(text=text[a:b], start=a, end=b, type="person", canonical="p")
        for a, b in spans
        if 0 <= a < b <= len(text)
    ]
    html = str(marked_text(_article(text, mentions), spans))
    assert "<" not in html.replace("<span", "").replace("</span>", "")
    assert unescape(re.sub(r"<[^>]*>", "", html)) == strip_controls(text)


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/news/1", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https:///no-host", False),
        ("https://example.org/\u202eevil", False),
        ("https://exa mple.org", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, linked: bool) -> None:
    assert (safe_url(url) is not None) is linked


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("12 people", "12 people"),
        (None, ""),
        ("a\x1b[31mb", "a[31mb"),
    ],
)
def test_csv_cells_cannot_become_formulas(value: str | None, cell: str) -> None:
    assert csv_cell(value) == cell


def test_anchors_are_fragment_safe_and_distinct() -> None:
    ids = ["st-abc", "a/1 x", "a.1", "a_1", "ünï", '"><script>']
    anchors = [anchor(i) for i in ids]
    assert len(set(anchors)) == len(ids)
    assert all(all(c.isalnum() or c in "-_." for c in a) for a in anchors)
    assert anchor("st-abc") == "st-abc"


def test_links_of_the_app_and_of_the_report() -> None:
    app, report = AppLinks(), ReportLinks()
    assert app.story("st 1/x") == "/story/st%201%2Fx"
    assert app.evidence("a b", 3, 9) == "/article/a%20b?mark=3-9#ev-3-9"
    assert report.evidence("a b", 3, 9) == "#a-a.20.b-ev-3-9"
    assert app.corpus(Filters(outlet="A & B", page=2)) == "/?outlet=A+%26+B&page=2"
    assert app.corpus(Filters()) == "/"
    assert not Filters(page=3).active and Filters(q="x").active


def _entry(
    event: str, dates: list[tuple[str, list[str]]], disagreement: bool
) -> ExportTimelineEntry:
    return ExportTimelineEntry(
        date=dates[0][0],
        precision="day",
        event=event,
        articles=[a for _, arts in dates for a in arts],
        dates=[ExportAlternative(value=v, articles=arts, evidence=[]) for v, arts in dates],
        disagreement=disagreement,
    )


def test_timeline_chart_marks_disagreement_by_shape_and_symbol() -> None:
    entries = [
        _entry("<b>Fire</b> on the ferry", [("2024-03-09", ["a"]), ("2024-03-10", ["b"])], True),
        _entry("Inquiry ordered", [("2024-03-16", ["a", "b"])], False),
    ]
    svg = str(timeline_chart(entries, AppLinks(), anchor_prefix="t-"))
    root = lxml.html.fragment_fromstring(svg)
    rows = root.findall(".//g")
    assert [r.get("class") for r in rows] == ["row disagree", "row"]
    assert len(rows[0].findall("polygon")) == 2 and rows[0].findtext("text[@class='flag']") == "≠"
    assert len(rows[1].findall("circle")) == 1
    assert "<b>" not in svg and "&lt;b&gt;Fire" in svg
    assert [a.get("href") for a in root.findall(".//a")] == ["#t-0", "#t-1"]


def test_crossing_cited_ranges_are_split_and_both_kept() -> None:
    """A quotation running over a sentence's end: both stay linkable, the text whole."""
    html = marked_text(_article(mentions=[_number(0, 13)]), [(0, 38), (30, 50)], marked=(30, 50))
    root = lxml.html.fragment_fromstring(str(html), create_parent="div")
    assert root.text_content() == TEXT
    first, second = root.cssselect("#ev-0-38"), root.cssselect("#ev-30-50")
    assert first and second
    rest = [s for s in root.cssselect("span.ev.hl") if s.get("id") is None]
    assert second[0].text_content() + rest[0].text_content() == TEXT[30:50]


def test_a_mention_crossing_a_cited_range_is_left_unmarked() -> None:
    html = marked_text(_article(mentions=[_number(0, 13)]), [(7, 20)])
    root = lxml.html.fragment_fromstring(str(html), create_parent="div")
    assert root.text_content() == TEXT
    assert root.cssselect("#ev-7-20") and not root.cssselect("span.m")


def test_timeline_axis_is_not_crushed_by_a_date_decades_off() -> None:
    """A background date 20 years back is an arrow at the axis's edge; the events of
    the month keep the width."""
    entries = [_entry("Long ago", [("2004-01-01", ["a"])], False)]
    entries += [_entry(f"Day {k}", [(f"2024-03-{k:02d}", ["a"])], False) for k in range(1, 20)]
    root = lxml.html.fragment_fromstring(
        str(timeline_chart(entries, AppLinks(), anchor_prefix="t-"))
    )
    assert root.find(".//polygon[@class='mark off']") is not None
    xs = [float(c.get("cx")) for c in root.findall(".//circle")]
    assert len(xs) == 19 and max(xs) - min(xs) > 400  # spread over the axis
