"""End to end in a real headless Chromium (Debian's package, driven by Playwright):
the demo corpus served on 127.0.0.1 and the report opened from file://, clicked
through as a reader would; the injection corpus, where nothing may run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rashomon.report.site import StoreSite
from rashomon.report.views import anchor
from tests.web.conftest import FERRY_TITLE, SCRIPT, Served

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    opened.errors = errors
    yield opened
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    yield context.new_page()
    context.close()


def _ferry_id(site: StoreSite) -> str:
    (found,) = [d.id for d in site.stories() if d.title == FERRY_TITLE]
    return found


def _in_view(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            "e => { const r = e.getBoundingClientRect();"
            " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }",
        )
    )


def test_story_page_shows_the_dispute_and_a_click_lands_on_the_sentence(
    page: Any, demo_server: Served, demo_site: StoreSite
) -> None:
    page.goto(f"{demo_server.url}/story/{_ferry_id(demo_site)}")
    dispute = page.locator("article.contradiction", has_text="people killed")
    assert dispute.is_visible()
    assert dispute.locator("mark.value", has_text="Fourteen").is_visible()
    assert dispute.locator("mark.value", has_text="Twelve").first.is_visible()
    harbour = dispute.locator(".side", has_text="14 people")
    harbour.locator("a.cite").first.click()
    page.wait_for_load_state()
    assert "/article/" in page.url and "#ev-" in page.url
    target = page.locator("span.ev.hl")
    assert target.count() >= 1 and target.first.is_visible()
    assert "Fourteen" in target.first.inner_text()
    assert _in_view(page, "span.ev.hl")
    # the script moved keyboard focus to it
    assert page.evaluate("document.activeElement.classList.contains('ev')")
    assert not page.errors, page.errors


def test_filters_narrow_the_stories(page: Any, demo_server: Served) -> None:
    page.goto(demo_server.url)
    assert page.locator("#story-table tbody tr[data-title]").count() == 8
    page.select_option("select[name=outlet]", "The Meridian Courier")
    page.click("form#filters button[type=submit]")
    page.wait_for_load_state()
    assert "outlet=The+Meridian+Courier" in page.url
    rows = page.locator("#story-table tbody tr[data-title]")
    assert rows.count() == 1 and FERRY_TITLE in rows.first.inner_text()
    page.goto(demo_server.url)
    page.fill("input[name=q]", "Perama")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    titles = page.locator("#story-table tbody tr[data-title]").all_inner_texts()
    assert titles and all("ferry" in t.lower() or "Greek" in t for t in titles)
    assert not page.errors, page.errors


def test_mentions_show_their_value_on_focus_and_focus_is_visible(
    page: Any, demo_server: Served, demo_site: StoreSite
) -> None:
    story = demo_site.story(_ferry_id(demo_site))
    assert story is not None
    page.goto(f"{demo_server.url}/article/{story.articles[0]}")
    number = page.locator("div.text span.m-number").first
    number.focus()
    after = page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    assert after.startswith('" [number')
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # the first Tab on a page reaches the skip link
    page.goto(demo_server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0


def test_pages_fit_a_phone_screen(phone: Any, demo_server: Served, demo_site: StoreSite) -> None:
    story = demo_site.story(_ferry_id(demo_site))
    assert story is not None
    pages = ["/", f"/story/{story.id}", "/timeline"] + [f"/article/{a}" for a in story.articles]
    for path in pages:
        phone.goto(demo_server.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)


def test_report_from_file_shows_the_same_and_links_work(
    page: Any, demo_report: Path, demo_site: StoreSite
) -> None:
    page.goto(demo_report.as_uri())
    assert page.locator("section#corpus").is_visible()
    assert page.locator("section#timeline").is_hidden()
    page.click(f"section#corpus a:text-is('{FERRY_TITLE}')")
    story = page.locator(f"section#story-{anchor(_ferry_id(demo_site))}")
    assert story.is_visible() and page.locator("section#corpus").is_hidden()
    dispute = story.locator("article.contradiction", has_text="people killed")
    assert dispute.locator("mark.value", has_text="Fourteen").is_visible()
    dispute.locator(".side", has_text="14 people").locator("a.cite").first.click()
    target = page.locator("span.ev:target")
    assert target.count() == 1 and target.is_visible()
    assert "Fourteen" in target.inner_text()
    assert _in_view(page, "span.ev:target")
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not page.errors, page.errors


def test_report_filters_in_the_page(page: Any, demo_report: Path) -> None:
    page.goto(demo_report.as_uri())
    rows = page.locator("#story-table tbody tr[data-title]")
    assert rows.count() == 8
    page.select_option("select[name=outlet]", "The Meridian Courier")
    page.click("form#filters button[type=submit]")
    visible = page.locator("#story-table tbody tr[data-title]:visible")
    assert visible.count() == 1 and FERRY_TITLE in visible.first.inner_text()
    assert "1 story match" in page.locator("#filter-status").inner_text()
    page.select_option("select[name=outlet]", "")
    page.fill("input[name=q]", "Perama")  # in the articles' text, not their titles
    page.click("form#filters button[type=submit]")
    assert 1 <= page.locator("#story-table tbody tr[data-title]:visible").count() < 8
    assert page.url.startswith("file://")  # filtered in the page, nothing loaded
    assert not page.errors, page.errors


def _nothing_ran(page: Any) -> None:
    page.mouse.move(10, 10)
    page.mouse.move(400, 300)
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_injection_corpus_runs_nothing_in_the_app(
    page: Any, injection_server: Served, injection_site: StoreSite
) -> None:
    paths = ["/", "/timeline", "/?q=%3Cscript%3Ewindow.__pwned%3D9%3C%2Fscript%3E"]
    paths += [f"/story/{d.id}" for d in injection_site.stories()]
    paths += [f"/article/{a}" for a in injection_site.store.article_ids()]
    shown = False
    for path in paths:
        page.goto(injection_server.url + path)
        _nothing_ran(page)
        shown |= SCRIPT in page.locator("body").inner_text()
    assert shown, "the payload should be visible as text"


def test_injection_corpus_runs_nothing_in_the_report(
    page: Any, injection_report: Path, injection_site: StoreSite
) -> None:
    page.goto(injection_report.as_uri())
    _nothing_ran(page)
    for article in injection_site.store.article_ids():
        page.goto(f"{injection_report.as_uri()}#article-{anchor(article)}")
        _nothing_ran(page)
        assert page.locator(f"section#article-{anchor(article)}").is_visible()
    assert SCRIPT in page.locator("body").inner_text()
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors


def test_report_prints_every_view(page: Any, demo_report: Path) -> None:
    """Printed (to PDF), the report shows every section, not only the one linked to."""
    page.goto(demo_report.as_uri())
    page.emulate_media(media="print")
    assert page.locator("section#timeline").is_visible()
    assert page.locator("section.page:visible").count() == page.locator("section.page").count()
    assert page.locator("form#filters").is_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 20
