"""From a reader's draft to a clean, identified article.

This is the per-article work of ingest: fill metadata from the sources
sidecar, cut noise, take the title, tell the language, hash the content and
sign it for near-duplicate search. It is a pure function of its inputs, so it
runs the same in a worker process, on Ray, or inline.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rashomon.ingest.clean import clean_text
from rashomon.ingest.dates import normalise_published
from rashomon.ingest.dedupe import signature
from rashomon.ingest.language import LanguageDetector, language_name
from rashomon.ingest.rules import RuleSet
from rashomon.ingest.sources import SourceMap
from rashomon.model import Article, Draft, Problem, RemovedSpan

_UNSAFE_ID = re.compile(r"[^\w.-]+")
_TITLE_CHARS = 160
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article and its MinHash signature, ready to store."""

    article: Article
    signature: bytes


def content_hash(title: str, raw_text: str, outlet: str | None, url: str | None) -> str:
    """Identity of a report: the same text from the same outlet and URL is the same row.

    Whitespace and Unicode normalisation do not change it, so a file re-saved
    with other line endings is still recognised.
    """
    parts = (title, raw_text, outlet or "", url or "")
    normal = "\x1f".join(" ".join(unicodedata.normalize("NFC", p).split()) for p in parts)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def prepare(
    draft: Draft,
    *,
    rules: RuleSet,
    detector: LanguageDetector,
    sources: SourceMap | None = None,
) -> Prepared | Problem:
    """Clean and identify one draft; a draft with no article text left is a problem."""
    source = draft.source
    rule = sources.lookup(Path(source.path), draft.url) if sources is not None else None
    outlet = draft.outlet or (rule.outlet if rule else None)
    country = draft.country or (rule.country if rule else None)
    declared_language = draft.language or (rule.language if rule else None)

    cleaned = clean_text(draft.raw_text, rules, title=draft.title)
    if not cleaned.text.strip():
        cut = sorted({span.rule for span in cleaned.removed} - {"title"})
        reason = (
            "only a headline, no article text"
            if not cut
            else f"no article text left after noise removal (cut as {', '.join(cut)})"
        )
        return Problem(source.path, "no-text", f"{reason}; skipped", locator=source.locator)

    warnings = list(draft.warnings)
    title = (cleaned.title or "").strip()
    if not title:
        title = _first_sentence(cleaned.text)
        warnings.append("no headline found; the first sentence is used as the title")
    url = draft.url or _url_above_text(cleaned.removed)

    verdict = detector.decide(cleaned.text, declared_language)
    warnings.extend(verdict.warnings)
    if verdict.language is not None and verdict.language != "en":
        warnings.append(
            f"written in {language_name(verdict.language)} ({verdict.language}), not English:"
            " stored, but left out of English-only analysis"
        )

    published = draft.published
    if published is None:
        found = _date_above_text(cleaned.removed)
        if found is not None:
            published, line = found
            warnings.append(f"no publication date in the metadata; {published} taken from {line}")

    digest = content_hash(title, draft.raw_text, outlet, draft.url)
    article_id = _safe_id(draft.id) or digest[:16]
    article = Article(
        id=article_id,
        title=title,
        text=cleaned.text,
        raw_text=draft.raw_text,
        content_hash=digest,
        source=source,
        raw=draft.raw,
        removed=cleaned.removed,
        outlet=outlet,
        country=country,
        url=url,
        published=published,
        fetched=draft.fetched,
        author=draft.author,
        language=verdict.language,
        language_score=verdict.score,
        extra=dict(draft.extra),
        warnings=tuple(warnings),
    )
    return Prepared(article, signature(cleaned.text))


_WRITTEN_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\.? [A-Z][a-zA-Z]+\.?,? \d{4}"
    r"|[A-Z][a-zA-Z]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
)
# Cut lines that may carry the publication date, and how a warning names them.
_DATE_LINES = {"byline": "the byline", "date-line": "the date line above the text"}


def _first_sentence(text: str) -> str:
    """The text's first sentence, shortened at a word boundary if it is long."""
    flat = " ".join(text.split())
    end = _SENTENCE_BREAK.search(flat)
    sentence = flat[: end.start() + 1] if end else flat
    if len(sentence) <= _TITLE_CHARS:
        return sentence
    return sentence[:_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _url_above_text(removed: tuple[RemovedSpan, ...]) -> str | None:
    """The page address pasted above the article (cut by the ``source-url`` rule)."""
    return next((span.text.strip() for span in removed if span.rule == "source-url"), None)


def _date_above_text(removed: tuple[RemovedSpan, ...]) -> tuple[str, str] | None:
    """A date written out in a cut byline or date line ("Published 10 March 2024",
    "Thursday, Apr 2, 2009 | Updated 1:32 PM PDT"), as an ISO date, and where it was."""
    for span in removed:
        if span.rule not in _DATE_LINES:
            continue
        match = _WRITTEN_DATE.search(span.text)
        if match:
            found = normalise_published(match.group(0))
            if found is not None:
                return found[:10], _DATE_LINES[span.rule]
    return None


def _safe_id(value: str | None) -> str | None:
    if not value:
        return None
    safe = _UNSAFE_ID.sub("-", value).strip("-.")[:80]
    return safe or None
