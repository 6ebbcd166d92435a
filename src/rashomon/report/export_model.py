"""The JSON export: rashomon's machine contract, validated with pydantic.

Every export is built through these models, so what we write is what the
schema says; the JSON Schema in ``docs/export.schema.json`` is generated from
them (``rashomon schema``) and a test keeps the two identical. Later stages add
their own top-level lists (``stories``, ``storylines``, ``timeline``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rashomon.model import Article

EXPORT_FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportRemovedSpan(_Strict):
    """Text cut from the article, with the rule that cut it."""

    start: int = Field(ge=0, description="Offset of the cut in the article's raw text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the raw text.")
    rule: str = Field(description="Noise rule name, or 'title' for a line taken as the headline.")
    text: str = Field(description="The text that was cut.")


class ExportSource(_Strict):
    """Where the article was read from."""

    path: str
    format: Literal["text", "markdown", "html", "jsonl", "json", "feed", "warc"]
    locator: str | None = Field(None, description="Record inside the file: 'line 12', 'entry 3'.")


class ExportArticle(_Strict):
    """One article as stored: metadata, cleaned text and what was cut."""

    id: str
    title: str
    outlet: str | None
    country: str | None
    url: str | None
    published: str | None = Field(description="ISO 8601 date or datetime, or null if unknown.")
    fetched: str | None = Field(None, description="When a crawler fetched it (WARC date).")
    author: str | None = None
    language: str | None = Field(description="ISO 639-1 code detected from the text.")
    text: str = Field(description="Cleaned text: the raw text without the removed spans.")
    removed: list[ExportRemovedSpan]
    duplicate_of: str | None = Field(
        description="Id of the article this one is a syndicated copy of, or null."
    )
    warnings: list[str]
    source: ExportSource
    extra: dict[str, Any] = Field(description="Input fields rashomon does not interpret.")
    raw_text: str | None = Field(None, description="Text before cleaning (only with --raw).")

    @classmethod
    def from_article(cls, article: Article, *, include_raw: bool = False) -> ExportArticle:
        return cls(
            id=article.id,
            title=article.title,
            outlet=article.outlet,
            country=article.country,
            url=article.url,
            published=article.published,
            fetched=article.fetched,
            author=article.author,
            language=article.language,
            text=article.text,
            removed=[
                ExportRemovedSpan(start=s.start, end=s.end, rule=s.rule, text=s.text)
                for s in article.removed
            ],
            duplicate_of=article.duplicate_of,
            warnings=list(article.warnings),
            source=ExportSource(
                path=article.source.path,
                format=article.source.format.value,
                locator=article.source.locator,
            ),
            extra=article.extra,
            raw_text=article.raw_text if include_raw else None,
        )


class ExportDocument(_Strict):
    """The whole export of a rashomon database."""

    format_version: int = EXPORT_FORMAT_VERSION
    rashomon_version: str
    generated_at: str
    articles: list[ExportArticle]


def export_schema() -> dict[str, Any]:
    """The JSON Schema of the export, generated from the models above."""
    schema = ExportDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rashomon export"
    return schema
