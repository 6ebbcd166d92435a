"""Article metadata from an HTML page's markup: title, site, URL, date, author.

News pages declare their metadata for social cards and search engines
(Open Graph ``og:*``, ``article:published_time``, schema.org JSON-LD,
``<link rel=canonical>``). Reading those few elements directly is several times
cheaper than trafilatura's exhaustive metadata search, which matters at
crawl scale; htmldate's quick mode is the fallback for pages that declare no date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_TITLE_SEPARATORS = re.compile(r"\s+[|–—»·]\s+|\s+-\s+")
_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "dc.date",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
)  # fmt: skip
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    sitename: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    language: str | None = None


def page_metadata(tree: Any) -> PageMeta:
    """Metadata declared in ``tree`` (an lxml HTML element); absent fields are None."""
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    title = meta.get("og:title") or meta.get("twitter:title") or _str(ld.get("headline"))
    if not title:
        title = _first_text(tree, "//h1") or _strip_site(_first_text(tree, "//title"))
    date = next((meta[k] for k in _DATE_META if meta.get(k)), None) or _str(ld.get("datePublished"))
    if not date:
        date = _first_attr(tree, "//time[@datetime]", "datetime")
    author = next((meta[k] for k in _AUTHOR_META if meta.get(k) and "://" not in meta[k]), None)
    author = author or _ld_name(ld.get("author"))
    return PageMeta(
        title=_clean(title),
        sitename=_clean(
            meta.get("og:site_name")
            or _ld_name(ld.get("publisher"))
            or meta.get("application-name")
        ),
        url=_clean(_first_attr(tree, "//link[@rel='canonical']", "href") or meta.get("og:url")),
        date=_clean(date),
        author=_clean(author),
        language=_clean((tree.get("lang") or "").split("-")[0].lower() or None),
    )


def fallback_date(tree: Any) -> str | None:
    """htmldate's quick search, for pages that declare no publication date."""
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises assorted errors on odd markup; no date then
        return None
    return found if isinstance(found, str) else None


def _meta_tags(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iterfind(".//meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = element.get("content")
        if key and content and key.lower() not in found:
            found[key.lower()] = content
    return found


def _json_ld(tree: Any) -> dict[str, Any]:
    """The first schema.org article-like object in the page's JSON-LD, if any."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        for item in _ld_items(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(
                isinstance(k, str) and k.endswith(("Article", "BlogPosting", "Report"))
                for k in kinds
            ):
                return item
    return {}


def _ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [i for d in data for i in _ld_items(d)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *_ld_items(graph)] if graph else [data]
    return []


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_ld_name(v) for v in value]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, dict):
        return _str(value.get("name"))
    return _str(value)


def _first_text(tree: Any, xpath: str) -> str | None:
    for element in tree.xpath(xpath):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return None


def _first_attr(tree: Any, xpath: str, attribute: str) -> str | None:
    for element in tree.xpath(xpath):
        value = element.get(attribute)
        if value:
            return str(value)
    return None


def _strip_site(title: str | None) -> str | None:
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len) if len(parts) > 1 else title


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join(value.split())
    return text or None
