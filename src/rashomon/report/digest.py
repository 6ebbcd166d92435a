"""What the terminal report reads of an article: its metadata, how many mentions of
each kind it has, the names it gives actors and places, and its figures — not its
text; and of a story, what the overview lists of it — not its facts. Stored beside
each article's and each story's export part, so the report of a large corpus reads a
few hundred bytes an article or story instead of the whole."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from rashomon.report.export_model import ExportArticle, ExportStory

# Mention types whose canonical ids the report ranks across articles.
NAMED_TYPES = ("person", "organisation", "place", "state")


@dataclass(frozen=True, slots=True)
class ArticleDigest:
    """One article as the report sees it. ``names`` holds (type, canonical id, name as
    written) per actor or place mention with an id; ``numbers`` (figure as shown,
    counted unit) per number mention with a value."""

    id: str
    title: str
    outlet: str | None
    language: str | None
    duplicate_of: str | None
    removed: tuple[str, ...]
    annotated: bool
    date_value: str | None
    date_source: str | None
    kinds: dict[str, int]
    names: tuple[tuple[str, str, str], ...]
    numbers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, article: ExportArticle) -> ArticleDigest:
        date = article.document_date
        return cls(
            id=article.id,
            title=article.title,
            outlet=article.outlet,
            language=article.language,
            duplicate_of=article.duplicate_of,
            removed=tuple(span.rule for span in article.removed),
            annotated=date is not None,
            date_value=date.value if date else None,
            date_source=date.source if date else None,
            kinds=dict(Counter(m.type for m in article.mentions)),
            names=tuple(
                (m.type, m.canonical, " ".join(m.text.split()))
                for m in article.mentions
                if m.type in NAMED_TYPES and m.canonical
            ),
            numbers=tuple(
                # exact counts by value; hedged or vague ones as written ("tens of thousands")
                (
                    " ".join(
                        (
                            f"{m.value:g}" if m.qualifier in (None, "exact") else m.text.lower()
                        ).split()
                    ),
                    m.unit or "?",
                )
                for m in article.mentions
                if m.type == "number" and m.value is not None
            ),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "language": self.language,
            "duplicate_of": self.duplicate_of,
            "removed": list(self.removed),
            "annotated": self.annotated,
            "date_value": self.date_value,
            "date_source": self.date_source,
            "kinds": self.kinds,
            "names": [list(n) for n in self.names],
            "numbers": [list(n) for n in self.numbers],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ArticleDigest:
        return cls(
            id=data["id"],
            title=data["title"],
            outlet=data["outlet"],
            language=data["language"],
            duplicate_of=data["duplicate_of"],
            removed=tuple(data["removed"]),
            annotated=data["annotated"],
            date_value=data["date_value"],
            date_source=data["date_source"],
            kinds=dict(data["kinds"]),
            names=tuple((t, c, n) for t, c, n in data["names"]),
            numbers=tuple((s, u) for s, u in data["numbers"]),
        )


@dataclass(frozen=True, slots=True)
class StoryDigest:
    """One story as the overview lists it: its id, title, date (value and basis),
    member articles, outlets and storyline; and what the corpus page filters and counts
    by: its actors and places as worded, and how many of its discrepancies are
    contradictions (``disputes``, "unclear" ones not counted)."""

    id: str
    title: str
    date_value: str | None
    date_basis: str | None
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    storyline: str | None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    disputes: int = 0

    @classmethod
    def of(cls, story: ExportStory) -> StoryDigest:
        return cls(
            id=story.id,
            title=story.title,
            date_value=story.date.value,
            date_basis=story.date.basis,
            articles=tuple(story.articles),
            outlets=tuple(story.outlets),
            storyline=story.storyline,
            actors=tuple(story.actors),
            places=tuple(story.places),
            disputes=sum(1 for d in story.discrepancies if d.severity != "unclear"),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            **asdict(self),
            **{name: list(getattr(self, name)) for name in _LISTS},
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StoryDigest:
        # a digest stored before a field existed reads with the field's default
        return cls(**{**data, **{name: tuple(data.get(name, ())) for name in _LISTS}})


_LISTS = ("articles", "outlets", "actors", "places")
