"""HTML pages: the article's main text and metadata, extracted by trafilatura.

trafilatura strips navigation, cookie banners, related-link lists and share
bars; we ask it to leave reader comments out too, since they are not the
outlet's report. A page with no article text left (an index page, a paywall,
an app shell that needs JavaScript) is an input error, not an empty article.
"""

from __future__ import annotations

import re
from typing import Any

from rashomon.errors import MalformedInput, NoArticleText
from rashomon.ingest.dates import normalise_published
from rashomon.ingest.readers.html_meta import PageMeta, fallback_date, page_metadata
from rashomon.model import Draft, SourceRef

# Block-level tags that end a paragraph when feed bodies are turned into text.
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "hr",
    ]
)
_BLANK_RUNS = re.compile(r"\n[ \t\xa0]*(?:\n[ \t\xa0]*)+")
_SPACES = re.compile(r"[ \t\xa0]+")
# Characters XML (and so lxml) refuses; they carry nothing a reader sees.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def extract_html(
    html: str,
    source: SourceRef,
    *,
    url: str | None = None,
    preferred_id: str | None = None,
    fetched: str | None = None,
) -> Draft:
    """One article from a whole HTML page."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        meta = page_metadata(tree) if tree is not None else PageMeta()
        document: Any = (
            trafilatura.bare_extraction(tree, url=url, include_comments=False)
            if tree is not None
            else None
        )
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup
        raise MalformedInput(
            source.path,
            f"cannot parse the HTML ({type(exc).__name__}); skipped",
            locator=source.locator,
        ) from exc
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise NoArticleText(
            source.path,
            "no article text found in the HTML (an index page, a paywall, or a page that needs"
            " JavaScript?); skipped",
            locator=source.locator,
        )
    published = normalise_published(meta.date) or normalise_published(fallback_date(tree))
    return Draft(
        raw_text=text + "\n",
        source=source,
        raw=html,
        id=preferred_id,
        title=meta.title,
        outlet=meta.sitename,
        url=meta.url or url,
        published=published,
        fetched=fetched,
        author=meta.author,
        language=meta.language,
    )


def fragment_text(fragment: str) -> str:
    """Readable text of an HTML fragment (a feed entry's body), paragraphs on their own lines.

    Never raises: markup lxml cannot take falls back to stripping the tags.
    """
    fragment = _XML_ILLEGAL.sub("", fragment)
    if "<" not in fragment:
        return _tidy(_unescape(fragment))
    try:
        return _tidy(_fragment_text(fragment))
    except Exception:  # lxml raises assorted errors (ParserError, ValueError, AssertionError)
        return _tidy(_unescape(re.sub(r"<[^>]*>?", " ", fragment)))


def _fragment_text(fragment: str) -> str:
    from lxml import html

    root = html.fragment_fromstring(fragment, create_parent="div")
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n\n" + (element.text or "")
    return str(root.text_content())


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _unescape(text: str) -> str:
    import html as html_module

    return html_module.unescape(text)
