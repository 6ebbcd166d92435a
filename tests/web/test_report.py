"""The single-file report: self-contained (nothing fetched from any host), locked by
its own Content-Security-Policy, every internal link landing on an element of the
file, and the same views as the app."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import lxml.html
import pytest

from rashomon.report.site import StoreSite
from rashomon.report.views import anchor
from tests.conftest import CliRun
from tests.web.conftest import FERRY_TITLE


@pytest.fixture(scope="module")
def page(demo_report: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(demo_report.read_text("utf-8"))


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def test_report_asks_no_host_for_anything(page: lxml.html.HtmlElement, demo_report: Path) -> None:
    assert not page.cssselect("link, img, iframe, object, embed, video, audio, source")
    scripts = page.cssselect("script")
    assert len(scripts) == 1 and scripts[0].get("src") is None
    for element in page.iter():
        for name in ("src", "srcset", "poster", "data", "action"):
            assert element.get(name) is None, (element.tag, name)
    css = page.cssselect("style")[0].text
    assert "url(" not in css and "@import" not in css
    # the only addresses elsewhere are the articles' originals, as plain links
    external = [a for a in page.cssselect("a[href]") if re.match(r"https?:", a.get("href"))]
    assert external and all("noreferrer" in (a.get("rel") or "") for a in external)
    assert demo_report.stat().st_size < 5_000_000


def test_report_policy_allows_only_its_own_style_and_script(page: lxml.html.HtmlElement) -> None:
    (meta,) = page.cssselect("meta[http-equiv='Content-Security-Policy']")
    policy = {
        part.split()[0]: part.split()[1:] for part in meta.get("content").split(";") if part.strip()
    }
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"] == [f"'sha256-{_sha(page.cssselect('style')[0].text)}'"]
    assert policy["script-src"] == [f"'sha256-{_sha(page.cssselect('script')[0].text)}'"]
    assert not page.xpath("//@*[starts-with(name(), 'on')]")  # no inline handlers
    assert not page.xpath("//@style")


def test_every_internal_link_lands_on_an_element(page: lxml.html.HtmlElement) -> None:
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    targets = [a.get("href")[1:] for a in page.cssselect("a[href^='#']")]
    assert len(targets) > 100
    missing = sorted({t for t in targets if t not in ids})
    assert not missing, missing[:10]


def test_report_holds_every_story_and_article(
    page: lxml.html.HtmlElement, demo_site: StoreSite
) -> None:
    for story in demo_site.stories():
        assert page.cssselect(f"section#story-{anchor(story.id)}")
    for article_id in demo_site.store.article_ids():
        assert page.cssselect(f"section#article-{anchor(article_id)}"), article_id
    assert page.cssselect("section#corpus table.stories")
    assert page.cssselect("section#timeline svg.timeline")


def test_report_story_shows_the_dispute_and_carries_its_csv(
    page: lxml.html.HtmlElement, demo_site: StoreSite
) -> None:
    (ferry,) = [d for d in demo_site.stories() if d.title == FERRY_TITLE]
    (section,) = page.cssselect(f"section#story-{anchor(ferry.id)}")
    marked = {m.text for m in section.cssselect("article.contradiction mark.value")}
    assert {"Twelve", "Fourteen"} <= marked
    (download,) = section.cssselect("a[download^='facts-']")
    assert download.get("href").startswith("data:text/csv;charset=utf-8,fact%2Ckind")


def test_report_command_refuses_a_folder_and_names_a_missing_database(
    cli: CliRun, tmp_path: Path, demo_db: Path
) -> None:
    folder = cli("report", "--html", str(tmp_path), "--db", str(demo_db))
    assert folder.exit_code == 2 and "is a directory" in folder.output
    missing = cli("report", "--html", str(tmp_path / "r.html"), "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 2 and "none.db" in missing.output
    assert not (tmp_path / "r.html").exists()


def test_report_of_one_story_holds_that_story_and_its_articles(
    cli: CliRun, tmp_path: Path, demo_db: Path, demo_site: StoreSite
) -> None:
    (ferry,) = [d for d in demo_site.stories() if d.title == FERRY_TITLE]
    target = tmp_path / "ferry.html"
    result = cli("report", "--html", str(target), "--db", str(demo_db), "--story", ferry.id[:8])
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring(target.read_text("utf-8"))
    assert [s.get("id") for s in page.cssselect("section[id^='story-']")] == [
        f"story-{anchor(ferry.id)}"
    ]
    articles = {
        s.get("id").removeprefix("article-") for s in page.cssselect("section[id^='article-']")
    }
    assert articles == {anchor(a) for a in ferry.articles}
    assert len(page.cssselect("#story-table tbody tr[data-title]")) == 1
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    assert all(a.get("href")[1:] in ids for a in page.cssselect("a[href^='#']"))
    unknown = cli("report", "--html", str(target), "--db", str(demo_db), "--story", "st-zzz")
    assert unknown.exit_code == 2 and "no story with id 'st-zzz'" in unknown.output
