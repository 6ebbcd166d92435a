"""Compare a story's sources, end to end: read claims, align, judge.

A comparison is computed from what the store already holds (articles, their
parses and mentions, the story and its date completions); it is cheap next to
understanding, so it is computed when asked for rather than stored, and always
reflects the current stories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from rashomon.compare.align import Similarity, align, word_overlap
from rashomon.compare.claims import Reading, read_claims
from rashomon.compare.consistency import inconsistencies
from rashomon.compare.omissions import omissions
from rashomon.compare.timeline import timeline
from rashomon.compare.values import day_range
from rashomon.compare.verdicts import Source, judge
from rashomon.model import (
    Annotation,
    Claim,
    ClaimKind,
    Comparison,
    DatePrecision,
    Story,
    TimelineEntry,
)
from rashomon.store import Store
from rashomon.stories.embed import Embedder

_LEAD_SENTENCES = 3


@dataclass(frozen=True)
class Comparer:
    """What comparing needs loaded once: a vocabulary to read stored parses with, and
    the embedding model that aligns paraphrases (without it, shared words do)."""

    vocab: Any
    embedder: Embedder | None = None

    @classmethod
    def load(cls, *, embeddings: bool = True) -> Comparer:
        import spacy

        return cls(vocab=spacy.blank("en").vocab, embedder=Embedder.load() if embeddings else None)

    def similarity(self) -> Similarity:
        embedder = self.embedder
        if embedder is None:
            return word_overlap

        def cosine(phrases: Sequence[str]) -> np.ndarray:
            vectors = embedder.encode(list(phrases))
            return np.asarray(vectors @ vectors.T, dtype=np.float32)

        return cosine


@dataclass(frozen=True)
class StoryMaterial:
    """A story and its members, read and ready to compare."""

    story: Story
    readings: tuple[Reading, ...]


def load_material(store: Store, story: Story, comparer: Comparer) -> StoryMaterial:
    from spacy.tokens import DocBin

    annotations = {a.article_id: a for a in store.annotations(story.articles, with_doc=True)}
    readings = []
    for article in store.iter_articles(list(story.articles)):
        annotation = annotations.get(article.id)
        if annotation is None or not annotation.doc:
            continue  # not understood (not English): nothing to read claims from
        doc = next(DocBin().from_bytes(annotation.doc).get_docs(comparer.vocab))
        readings.append(Reading(article, _completed(annotation, story), doc))
    return StoryMaterial(story, tuple(readings))


def _completed(annotation: Annotation, story: Story) -> Annotation:
    """The annotation with the story's cross-source date completions applied."""
    done = {(c.start, c.end): c for c in story.completions if c.article == annotation.article_id}
    if not done:
        return annotation
    mentions = tuple(
        replace(
            m, canonical=done[(m.start, m.end)].value, precision=done[(m.start, m.end)].precision
        )
        if (m.start, m.end) in done
        else m
        for m in annotation.mentions
    )
    return replace(annotation, mentions=mentions)


def story_reference(story: Story) -> date | None:
    """The story's own date, against which a sentence's date makes it background."""
    if story.date.precision not in {DatePrecision.DAY, DatePrecision.MONTH}:
        return None
    covered = day_range(story.date.value)
    return covered[1] if covered else None


def sources_of(readings: Sequence[Reading]) -> dict[str, Source]:
    found = {}
    for reading in readings:
        article, sentences = reading.article, reading.annotation.sentences
        lead = sentences[min(len(sentences), _LEAD_SENTENCES) - 1].end if sentences else 0
        found[article.id] = Source(
            article=article.id,
            outlet=article.outlet or f"unknown outlet ({article.id})",
            root=article.duplicate_of or article.id,
            lead_end=lead,
        )
    return found


def story_claims(material: StoryMaterial) -> list[Claim]:
    reference = story_reference(material.story)
    return [c for r in material.readings for c in read_claims(r, reference)]


def compare(material: StoryMaterial, comparer: Comparer) -> Comparison:
    """Facts, discrepancies, omissions and internal inconsistencies of one story."""
    claims = story_claims(material)
    sources = sources_of(material.readings)
    similarity = comparer.similarity()
    attributes = align(claims, similarity, {a: s.lead_end for a, s in sources.items()})
    story_id = material.story.id
    facts, discrepancies = judge(story_id, attributes, sources)
    left_out = omissions(facts, attributes, sources, material.readings, similarity)
    return Comparison(
        story=story_id,
        facts=tuple(facts),
        discrepancies=tuple(discrepancies),
        omissions=tuple(left_out),
        inconsistencies=tuple(i for r in material.readings for i in inconsistencies(r)),
    )


def compare_stories(
    store: Store, comparer: Comparer, ids: Sequence[str] | None = None, *, min_articles: int = 1
) -> Iterator[Comparison]:
    """Comparisons of the stored stories (of ``ids``, or all), largest first."""
    stories = store.story_store.stories()
    if ids is not None:
        wanted = set(ids)
        stories = [s for s in stories if s.id in wanted]
    for story in stories:
        if len(story.articles) >= min_articles:
            yield compare(load_material(store, story, comparer), comparer)


@dataclass(frozen=True)
class CorpusComparison:
    """Every story's comparison, and the corpus timeline."""

    comparisons: dict[str, Comparison]
    timeline: tuple[TimelineEntry, ...]


def compare_corpus(
    store: Store, comparer: Comparer, progress: Callable[[int, int], None] | None = None
) -> CorpusComparison:
    """Compare every story and merge the dated happenings of all of them into one
    timeline (each story's material is read once for both)."""
    stories = store.story_store.stories()
    comparisons: dict[str, Comparison] = {}
    claims: list[Claim] = []
    document_days: dict[str, str] = {}
    for done, story in enumerate(stories, start=1):
        material = load_material(store, story, comparer)
        comparisons[story.id] = compare(material, comparer)
        claims.extend(c for c in story_claims(material) if c.kind is ClaimKind.DATE)
        for reading in material.readings:
            if reading.annotation.document_date.value:
                document_days[reading.article.id] = reading.annotation.document_date.value
        if progress is not None:
            progress(done, len(stories))
    entries = timeline(stories, claims, comparer.similarity(), document_days)
    return CorpusComparison(comparisons, tuple(entries))
