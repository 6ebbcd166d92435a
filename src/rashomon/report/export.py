"""Writing the JSON export of a database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon import __version__
from rashomon.report.export_model import (
    ExportArticle,
    ExportDocument,
    ExportStory,
    ExportStoryline,
    ExportTimelineEntry,
)
from rashomon.store.repository import Store
from rashomon.store.story_store import StoryStore

if TYPE_CHECKING:
    from rashomon.compare.pipeline import CorpusComparison


def build_export(
    store: Store, *, include_raw: bool = False, compared: CorpusComparison | None = None
) -> ExportDocument:
    """Every stored article with its annotations, validated against the export model;
    with ``compared``, each story's facts, discrepancies and omissions and the timeline."""
    comparisons = compared.comparisons if compared is not None else {}
    annotations = {a.article_id: a for a in store.annotations()}
    stories = StoryStore(store.engine)
    found = stories.stories()
    return ExportDocument(
        rashomon_version=__version__,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        articles=[
            ExportArticle.from_article(a, include_raw=include_raw, annotation=annotations.get(a.id))
            for a in store.iter_articles()
        ],
        stories=[ExportStory.from_story(s, comparisons.get(s.id)) for s in found],
        storylines=[ExportStoryline.from_storyline(line) for line in stories.storylines()],
        timeline=[ExportTimelineEntry.from_entry(e) for e in compared.timeline]
        if compared is not None
        else [],
    )


def write_export(document: ExportDocument, target: Path) -> None:
    """Write atomically: a half-written export never replaces a good one."""
    data = document.model_dump(mode="json")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
