"""Untrusted text stays text: an injection corpus (script tags, event handlers,
javascript: and data: addresses, Markdown and HTML blocks, template syntax, closing
tags, terminal escapes, right-to-left overrides in titles, text, outlet names and
URLs) through every page of the app and the report. Checked here on the HTML as
served; `test_browser.py` checks in Chromium that nothing runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest

from rashomon.report.site import StoreSite
from tests.web.conftest import ESC, RLO, SCRIPT, TEMPLATE

_BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def _app_pages(site: StoreSite) -> list[str]:
    stories = [f"/story/{d.id}" for d in site.stories()]
    articles = [f"/article/{a}" for a in site.store.article_ids()]
    reflected = [
        "/?q=%3Cscript%3Ewindow.__pwned%3D9%3C%2Fscript%3E",
        "/?outlet=%22%3E%3Cimg+src%3Dx+onerror%3Dwindow.__pwned%3D10%3E",
        "/?actor=%7B%7B+7*7+%7D%7D",
    ]
    return ["/", "/timeline", *stories, *articles, *reflected]


def _inert(html: str, *, report: bool) -> lxml.html.HtmlElement:
    assert RLO not in html and ESC not in html, "a control character reached the page"
    page = lxml.html.fromstring(html)
    scripts = page.cssselect("script")
    assert len(scripts) == 1
    if report:
        assert scripts[0].get("src") is None
    else:
        assert scripts[0].get("src") == "/static/rashomon.js" and not scripts[0].text
    assert not page.xpath("//@*[starts-with(name(), 'on')]"), "an event handler attribute"
    assert not page.cssselect(
        "img, iframe, object, embed, svg image, base, meta[http-equiv=refresh]"
    )
    for element in page.iter():
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = (element.get(name) or "").strip().lower()
            if report and value.startswith("data:text/csv;"):
                continue  # the report's own downloads
            assert not value.startswith(_BAD_SCHEMES), (element.tag, name, value[:60])
    return page


def test_app_pages_show_the_payloads_as_text(
    injection_client: Any, injection_site: StoreSite
) -> None:
    pages = _app_pages(injection_site)
    assert len(injection_site.store.article_ids()) == 3
    seen_script = seen_template = False
    for path in pages:
        response = injection_client.get(path)
        assert response.status_code == 200, path
        page = _inert(response.text, report=False)
        text = page.text_content()
        seen_script |= SCRIPT in text
        seen_template |= TEMPLATE in text
        if path.startswith("/?q="):  # what was searched is shown back as typed
            (field,) = page.cssselect("input[name=q]")
            assert field.get("value") == "<script>window.__pwned=9</script>"
    assert seen_script, "the script tag should be shown as text"
    assert seen_template, "template syntax should be shown as written, not evaluated"


def test_unsafe_article_addresses_are_shown_not_linked(
    injection_client: Any, injection_site: StoreSite
) -> None:
    for article_id in injection_site.store.article_ids():
        article = injection_site.article(article_id)
        assert article is not None and article.url
        page = lxml.html.fromstring(injection_client.get(f"/article/{article_id}").text)
        links = [a.get("href") for a in page.cssselect("dl.meta a")]
        if article.url.startswith("https://"):
            # linked, its quote escaped inside the attribute: no new attribute
            assert article.url in links
        else:
            assert article.url not in links
            assert article.url in page.cssselect("dl.meta .unsafe-url")[0].text_content()


def test_report_shows_the_payloads_as_text(injection_report: Path) -> None:
    html = injection_report.read_text("utf-8")
    page = _inert(html, report=True)
    text = page.text_content()
    assert SCRIPT in text and TEMPLATE in text
    assert html.count("<script") == 1


@pytest.mark.parametrize("path", ["/api/stories", "/api/timeline", "/api/storylines"])
def test_api_json_escapes_nothing_away(injection_client: Any, path: str) -> None:
    """JSON carries the text as it is (a consumer escapes for its own display), as
    application/json, which no browser runs."""
    response = injection_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
