"""Compare a story's sources, end to end: read claims, align, judge — once, stored.

``compare(material, comparer)`` is pure: a story's material in, its comparison out.
:func:`compare_corpus` is the one driver that touches the store: it keys each story's
comparison by what it was computed from (:func:`story_key`), reads the current ones,
computes the rest a chunk at a time with their phrases encoded in one batch, stores
each chunk in one transaction, and rebuilds the corpus timeline only when a story
changed. Read commands (``compare ID``, ``timeline``, ``export``) thus load no model.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import astuple, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from rashomon import hooks
from rashomon.compare.align import Similarity, align, word_overlap
from rashomon.compare.claims import Reading, read_claims
from rashomon.compare.consistency import inconsistencies
from rashomon.compare.omissions import omissions
from rashomon.compare.statements import candidates
from rashomon.compare.telling import tell
from rashomon.compare.timeline import (
    Block,
    Placed,
    SortKey,
    assembled,
    background_dates,
    finished,
    laid,
    placed,
    relaid,
)
from rashomon.compare.verdicts import Source, judge
from rashomon.errors import RashomonError
from rashomon.model import (
    Annotation,
    Article,
    Claim,
    ClaimKind,
    Comparison,
    DatePrecision,
    Story,
    TimelineEntry,
)
from rashomon.store import Store
from rashomon.store.compare_store import MemberStamp, StoredResult
from rashomon.store.records import digest_of, from_data, to_data
from rashomon.stories.embed import DIMENSIONS, Embedder
from rashomon.stories.embed import model_name as embedding_model_name
from rashomon.stories.embed import precision as embedding_precision
from rashomon.understand.dateline import day_range
from rashomon.workers import pool_context, start_worker, worker_count

_LEAD_SENTENCES = 3
_EMPTY = np.zeros((0, DIMENSIONS), dtype=np.float32)


class Comparer:
    """What comparing needs, each loaded on first use: a vocabulary to read stored parses
    with, and the embedding model that aligns paraphrases (without it, shared words do).

    Phrase vectors are kept once encoded, so a phrase met in several stories (or in a
    story and the timeline) is encoded once; :meth:`prepare` encodes many in one batch,
    which is several times faster than the small calls alignment makes one story at a
    time. The driver (:func:`compare_corpus`) fills this cache from the store's and
    writes back what was encoded (:meth:`take_new`); comparing itself never touches
    the store.
    """

    def __init__(
        self, vocab: Any = None, embedder: Embedder | None = None, *, embeddings: bool = True
    ):
        self._vocab = vocab
        self._embedder = embedder
        self.embeddings = embeddings or embedder is not None
        self._vectors: dict[str, np.ndarray] = {}
        self._new: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, *, embeddings: bool = True) -> Comparer:
        """A comparer whose models load when first needed (never, for stored results)."""
        return cls(embeddings=embeddings)

    @property
    def vocab(self) -> Any:
        if self._vocab is None:
            import spacy

            self._vocab = spacy.blank("en").vocab
        return self._vocab

    @property
    def embedder(self) -> Embedder | None:
        if self._embedder is None and self.embeddings:
            self._embedder = Embedder.load().at(embedding_precision())
        return self._embedder

    @property
    def model(self) -> str:
        """The embedding model's name with its precision, or "words" when phrases are
        compared by words; known without loading the model (read-only commands key
        stored results by it)."""
        if not self.embeddings:
            return "words"
        return self._embedder.name if self._embedder is not None else embedding_model_name()

    def digest(self, text: str) -> str:
        """The key of ``text``'s vector in the store's cache (model and text)."""
        return hashlib.blake2b(f"{self.model}\0{text}".encode(), digest_size=16).hexdigest()

    def missing(self, texts: Iterable[str]) -> list[str]:
        """Those of ``texts`` with no vector yet, each once."""
        return [t for t in dict.fromkeys(texts) if t not in self._vectors]

    def remember(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Vectors found elsewhere (the store's cache), by text."""
        self._vectors.update(vectors)

    def prepare(self, texts: Iterable[str]) -> None:
        """Encode every phrase of ``texts`` not encoded yet, in one batch."""
        todo = self.missing(texts)
        if not todo:  # nothing to encode: the model is not loaded for it
            return
        embedder = self.embedder
        if embedder is None:
            return
        encoded = embedder.encode(todo)
        for text, vector in zip(todo, encoded, strict=True):
            self._vectors[text] = vector
            self._new[text] = vector

    def take_new(self) -> dict[str, np.ndarray]:
        """The vectors encoded since the last call, by text (to store them)."""
        new, self._new = self._new, {}
        return new

    def similarity(self) -> Similarity:
        if not self.embeddings:
            return word_overlap

        def cosine(phrases: Sequence[str]) -> np.ndarray:
            self.prepare(phrases)
            vectors = np.stack([self._vectors[p] for p in phrases]) if phrases else _EMPTY
            return np.asarray(vectors @ vectors.T, dtype=np.float32)

        return cosine


@dataclass(frozen=True)
class StoryMaterial:
    """A story and its members, read and ready to compare."""

    story: Story
    readings: tuple[Reading, ...]


def load_material(store: Store, story: Story, comparer: Comparer) -> StoryMaterial:
    (material,) = load_materials(store, [story], comparer)
    return material


@dataclass(frozen=True)
class StoryRecords:
    """A story's members as stored: each understood article with its annotation (and
    its parse, serialised), in storage order. What a worker process is sent."""

    story: Story
    members: tuple[tuple[Article, Annotation], ...]

    @property
    def independent(self) -> bool:
        """Whether two or more sources tell the story (copies of one article are one)."""
        return _several_sources(article for article, _ in self.members)


def load_materials(
    store: Store, stories: Sequence[Story], comparer: Comparer
) -> list[StoryMaterial]:
    """The material of each of ``stories``, their articles read in one go."""
    return [material_of(r, comparer) for r in load_records(store, stories)]


def load_records(store: Store, stories: Sequence[Story]) -> list[StoryRecords]:
    """The stored members of each of ``stories``, their articles read in one go; an
    article not understood (not English) has nothing to read claims from and is left
    out."""
    ids = [a for story in stories for a in story.articles]
    annotations = {a.article_id: a for a in store.annotations(ids, with_doc=True)}
    articles = {a.id: a for a in store.iter_articles(ids)}  # in storage order
    position = {article_id: k for k, article_id in enumerate(articles)}
    found = []
    for story in stories:
        members = []
        for article_id in sorted(set(story.articles) & set(articles), key=position.__getitem__):
            annotation = annotations.get(article_id)
            if annotation is not None and annotation.doc:
                members.append((articles[article_id], annotation))
        found.append(StoryRecords(story, tuple(members)))
    return found


def material_of(records: StoryRecords, comparer: Comparer) -> StoryMaterial:
    """A story's material: its members' parses read back, the story's date
    completions applied to their annotations."""
    from spacy.tokens import DocBin

    story = records.story
    return StoryMaterial(
        story,
        tuple(
            Reading(
                article,
                _completed(annotation, story),
                next(DocBin().from_bytes(annotation.doc).get_docs(comparer.vocab)),
            )
            for article, annotation in records.members
        ),
    )


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


def compare(
    material: StoryMaterial, comparer: Comparer, claims: Sequence[Claim] | None = None
) -> Comparison:
    """Facts, discrepancies, omissions and internal inconsistencies of one story
    (``claims``: its claims, when already read).

    A story told by one source (one article, or copies of one) has nothing to align
    across outlets: its repeated facts are joined by shared words, without the model.
    Most stories of a real news stream are of this kind (905 of 949 at 1,000 AllSides
    articles), so this is most of what the embedding model used to be asked.
    """
    claims = story_claims(material) if claims is None else claims
    sources = sources_of(material.readings)
    similarity = comparer.similarity() if _independent(material) else word_overlap
    attributes = align(claims, similarity, {a: s.lead_end for a, s in sources.items()})
    story_id = material.story.id
    facts, discrepancies = judge(story_id, attributes, sources)
    left_out = omissions(facts, attributes, sources, material.readings, similarity)
    framing = None
    if _independent(material):
        outlets = {
            a: sources[s.root].outlet if s.root in sources else s.outlet for a, s in sources.items()
        }
        framing = tell(material.readings, outlets, similarity)
    return Comparison(
        story=story_id,
        facts=tuple(facts),
        discrepancies=tuple(discrepancies),
        omissions=tuple(left_out),
        inconsistencies=tuple(i for r in material.readings for i in inconsistencies(r)),
        framing=framing,
    )


@dataclass(frozen=True)
class CorpusComparison:
    """The corpus's comparisons as the compare stage leaves them: the key every
    story's comparison is computed under (``keys``), the comparisons computed in this
    run (``computed``; every other one is stored under its key), and the corpus
    timeline.

    The others are not read unless asked for (:meth:`read`): adding articles to a
    large corpus then reads the stories it touched, not every story (the export keeps
    each story's part, made from its comparison, under that key)."""

    keys: dict[str, str]
    computed: dict[str, Comparison]
    timeline: tuple[TimelineEntry, ...]

    def read(self, store: Store, story_ids: Sequence[str]) -> dict[str, Comparison]:
        """The comparisons of ``story_ids``: computed in this run, or read where stored
        under the key this run found current. A story with neither (its comparison
        stored meanwhile by another process under another key) is an error, never a
        story exported without its comparison."""
        found = {i: self.computed[i] for i in story_ids if i in self.computed}
        rest = [i for i in story_ids if i not in found]
        for stored in store.compare_store.results(rest):
            if stored.key == self.keys.get(stored.story_id):
                found[stored.story_id] = StoryResult.from_data(stored.result).comparison
        missing = [i for i in story_ids if i not in found]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise RashomonError(
                f"the stored comparison of story {missing[0]}{more} changed while it was"
                " read (another analyze running?); run the command again"
            )
        return found

    def everything(self, store: Store) -> dict[str, Comparison]:
        """Every story's comparison, by story id."""
        return self.read(store, list(self.keys))


@dataclass(frozen=True)
class StoryResult:
    """What is stored of one story: its comparison, and what the corpus timeline is
    built from (its dated claims, and its articles' own dates)."""

    comparison: Comparison
    dated: tuple[Claim, ...]
    days: dict[str, str]

    def to_data(self) -> dict[str, Any]:
        return self._data

    @functools.cached_property
    def _data(self) -> dict[str, Any]:
        # kept once made: a compare worker makes it, so the parent only stores it
        return {
            "comparison": to_data(self.comparison),
            "dated": to_data(self.dated),
            "days": self.days,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> StoryResult:
        return cls(
            comparison=from_data(Comparison, data["comparison"]),
            dated=from_data(tuple[Claim, ...], data["dated"]),
            days=dict(data["days"]),
        )


def story_result(
    material: StoryMaterial, comparer: Comparer, claims: Sequence[Claim] | None = None
) -> StoryResult:
    """One story's comparison and timeline material, its claims read once."""
    claims = story_claims(material) if claims is None else claims
    return StoryResult(
        comparison=compare(material, comparer, claims),
        dated=timeline_dates(material, claims),
        days=_document_days(material),
    )


def timeline_dates(material: StoryMaterial, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The story's date claims the timeline is built from: not those of the story's own
    day ("On July 3, Azerbaijan handed over ..." in a story of July 3), which the
    story's own entry stands for, as an article's own day is left to its story."""
    date = material.story.date
    own = date.value if date.precision is DatePrecision.DAY else None
    return tuple(c for c in claims if c.kind is ClaimKind.DATE and c.value != own)


def _document_days(material: StoryMaterial) -> dict[str, str]:
    """Each article's own date, where it has one."""
    return {
        r.article.id: r.annotation.document_date.value
        for r in material.readings
        if r.annotation.document_date.value
    }


# Stories compared, then stored, per transaction: an interrupted run keeps whole chunks.
_CHUNK_STORIES = 64
_TIMELINE = "timeline"


def compare_corpus(
    store: Store,
    comparer: Comparer,
    progress: Callable[[int, int], None] | None = None,
    *,
    save: bool = True,
    workers: int | None = None,
) -> CorpusComparison:
    """Every story's comparison and the corpus timeline, each computed once and stored.

    A story whose stored comparison was computed under its current key
    (:func:`story_key`) is read, not recomputed; the others are compared a chunk at a
    time, their phrases encoded in one batch (vectors already in the store's cache are
    read, not encoded), and each chunk is stored in one transaction. The timeline is
    recomputed only when some story's key changed. With ``save=False`` (a read-only
    store) nothing is written: what is stale is computed and returned.

    Stories told by one source need no model and are most of a news stream: with
    ``workers`` > 1 (default: one per core when at least ``_PARALLEL_MIN_STORIES``
    stories are stale), worker processes compare them from their stored records while
    this process reads the stories told by several sources, which it encodes and
    compares once the workers are done (see :func:`_computed`). Only this process reads
    and writes the store.
    """
    tables = store.compare_store
    stories = store.story_store.stories()
    keys = _story_keys(store, comparer, stories)
    stored_keys = tables.keys()
    todo = [s for s in stories if stored_keys.get(s.id) != keys[s.id]]
    results: dict[str, StoryResult] = {}
    done = len(stories) - len(todo)
    if progress is not None:
        progress(done, len(stories))
    for computed in _computed(store, comparer, todo, workers):
        if not computed:
            continue
        if save:
            tables.write(
                [StoredResult(i, keys[i], r.to_data()) for i, r in computed.items()],
                _vector_rows(comparer),
            )
        results.update(computed)
        done += len(computed)
        if progress is not None:
            progress(done, len(stories))
    if save and set(stored_keys) - set(keys):
        tables.write([], {}, keep_only=list(keys))  # stories that no longer exist
    layout = _timeline_blocks(store, comparer, stories, results, keys, save=save)
    return CorpusComparison(
        keys,
        {i: r.comparison for i, r in results.items()},
        tuple(assembled(stories, (b.entries for b in layout))),
    )


def corpus_timeline(
    store: Store, comparer: Comparer, progress: Callable[[int, int], None] | None = None
) -> tuple[TimelineEntry, ...]:
    """The corpus timeline: read back when stored under the current key (no story's
    comparison is read), else as :func:`compare_corpus` computes it, without writing."""
    stories = store.story_store.stories()
    keys = _story_keys(store, comparer, stories)
    stored = store.compare_store.corpus_result(_TIMELINE)
    if stored is not None and stored.key == _timeline_key(comparer, keys):
        earlier = _StoredTimeline.of(stored.result)
        if earlier is not None and earlier.layout is not None:
            return tuple(assembled(stories, (b.entries for b in earlier.layout)))
    return compare_corpus(store, comparer, progress, save=False).timeline


def _story_keys(store: Store, comparer: Comparer, stories: Sequence[Story]) -> dict[str, str]:
    base = results_key(comparer)
    stamps = store.compare_store.stamps()
    return {s.id: story_key(base, s, stamps) for s in stories}


def _timeline_key(comparer: Comparer, keys: Mapping[str, str]) -> str:
    return digest_of([results_key(comparer), *sorted(keys.values())])


def _timeline_blocks(
    store: Store,
    comparer: Comparer,
    stories: Sequence[Story],
    results: Mapping[str, StoryResult],
    keys: Mapping[str, str],
    *,
    save: bool,
) -> list[Block]:
    """The corpus timeline's background happenings as blocks of date claims
    (:func:`~rashomon.compare.timeline.relaid`), stored under a digest of every
    story's key.

    When stories changed (``results``, computed in this run), the stored layout is
    laid out again around their claims only: the other stories read are those whose
    claims share a block with a change (or the next block), and of the blocks cut
    again only those whose claims changed are aligned (the others are read, when
    stored under the same code and model). Without a stored layout every story's
    dated claims are read and laid out."""
    tables = store.compare_store
    base = results_key(comparer)
    key = _timeline_key(comparer, keys)
    stored = tables.corpus_result(_TIMELINE)
    earlier = _StoredTimeline.of(stored.result) if stored is not None else None
    current = stored is not None and stored.key == key
    if current and earlier is not None and earlier.layout is not None:
        return earlier.layout
    # what is stored under other code or another model is laid out and aligned anew
    same = earlier if earlier is not None and earlier.base == base else None
    new = placed(c for r in results.values() for c in background_dates(r.dated, r.days))
    if same is not None and same.layout is not None:
        stale, read = _around(store, stories, results)
        cuts = relaid(same.layout, stale=stale, new=new, read=read)
    else:
        material = {i: (r.dated, r.days) for i, r in results.items()}
        material.update(_timeline_material(store, [s.id for s in stories if s.id not in results]))
        everything = (c for s in stories for c in background_dates(*material[s.id]))
        cuts = laid(placed(everything))
    layout = finished(
        cuts,
        comparer.similarity(),
        _prepared(store, comparer),
        same.known if same is not None else None,
    )
    if save:
        data = {"base": base, "layout": [_block_data(b) for b in layout]}
        tables.write_corpus_result(_TIMELINE, key, data, _vector_rows(comparer))
    return layout


def _around(
    store: Store, stories: Sequence[Story], results: Mapping[str, StoryResult]
) -> tuple[Callable[[Block], bool], Callable[[Sequence[Block]], list[Placed]]]:
    """What :func:`relaid` needs of the stored stories: which blocks hold claims of
    articles of a changed story (or of no story any more), and the claims of the
    others in a run of blocks, their stories read once."""
    story_of = {a: s.id for s in stories for a in s.articles}
    changed = {a for a, story in story_of.items() if story in results}
    read: dict[str, list[Placed]] = {}  # each story's background dates, placed

    def stale(block: Block) -> bool:
        return any(a in changed or a not in story_of for a in block.articles)

    def claims_of(blocks: Sequence[Block]) -> list[Placed]:
        wanted = sorted(
            {story_of[a] for b in blocks for a in b.articles if a in story_of and a not in changed}
        )
        for story_id, material in _timeline_material(
            store, [i for i in wanted if i not in read]
        ).items():
            read[story_id] = placed(background_dates(*material))
        low, high = blocks[0].first, blocks[-1].last
        return sorted(
            (p for i in wanted for p in read[i] if low <= p[0] <= high), key=lambda p: p[0]
        )

    return stale, claims_of


def _timeline_material(
    store: Store, story_ids: Sequence[str]
) -> dict[str, tuple[tuple[Claim, ...], dict[str, str]]]:
    """The stored dated claims and articles' days (:class:`StoryResult`) of
    ``story_ids``, read without the rest of their results."""
    return {
        story_id: (from_data(tuple[Claim, ...], dated), dict(days))
        for story_id, _, (dated, days) in store.compare_store.result_fields(
            story_ids, ("dated", "days")
        )
    }


def _block_data(block: Block) -> list[Any]:
    return [
        block.digest,
        list(block.first),
        list(block.last),
        list(block.articles),
        to_data(block.entries),
    ]


@dataclass(frozen=True)
class _StoredTimeline:
    """The stored timeline: the key base (code and model) it was made under, its
    layout, and its blocks' happenings by digest (``known``). A layout stored before
    blocks kept their keys gives ``known`` only."""

    base: str
    layout: list[Block] | None
    known: dict[str, tuple[TimelineEntry, ...]]

    @classmethod
    def of(cls, result: Any) -> _StoredTimeline | None:
        if not isinstance(result, dict):
            return None
        base = str(result.get("base"))
        if isinstance(result.get("layout"), list):
            layout = [
                Block(
                    digest,
                    _sort_key(first),
                    _sort_key(last),
                    tuple(articles),
                    from_data(tuple[TimelineEntry, ...], entries),
                )
                for digest, first, last, articles, entries in result["layout"]
            ]
            return cls(base, layout, {b.digest: b.entries for b in layout})
        if isinstance(result.get("blocks"), list):
            return cls(
                base,
                None,
                {
                    digest: from_data(tuple[TimelineEntry, ...], entries)
                    for digest, entries in result["blocks"]
                },
            )
        return None


def _sort_key(data: Sequence[Any]) -> SortKey:
    low, high, article, start, end, phrase, value = data
    return (float(low), float(high), str(article), int(start), int(end), str(phrase), str(value))


def story_comparison(store: Store, story: Story, comparer: Comparer) -> Comparison:
    """One story's comparison: the stored one if it is current, else computed afresh
    (and not stored: this serves read-only commands)."""
    stamps = store.compare_store.stamps(story.articles)
    key = story_key(results_key(comparer), story, stamps)
    for stored in store.compare_store.results([story.id]):
        if stored.key == key:
            return StoryResult.from_data(stored.result).comparison
    return compare(load_material(store, story, comparer), comparer)


# Below this many stories told by one source to compare, no worker processes: starting
# them costs more than they save.
_PARALLEL_MIN_STORIES = 64
_worker_comparer: Comparer | None = None


def _computed(
    store: Store, comparer: Comparer, todo: Sequence[Story], workers: int | None
) -> Iterator[dict[str, StoryResult]]:
    """The results of ``todo``, a chunk at a time (in no set order): stories told by one
    source in worker processes when there are enough of them, the others here.

    With workers, this process reads the stories told by several sources (their
    claims) while the workers compare the others, then — the workers done — encodes
    in one batch every phrase those stories align and every background date the
    timeline will align, and compares them. Encoding beside busy workers was measured
    slower: the model's two threads and the two workers contend for two cores (the
    phrases took twice as long)."""
    if not todo:
        return
    size = hooks.batch_size(_CHUNK_STORIES)
    chunks = (todo[start : start + size] for start in range(0, len(todo), size))
    count = worker_count(workers, len(todo), _PARALLEL_MIN_STORIES)
    if count <= 1:
        for chunk in chunks:
            records = load_records(store, chunk)
            yield _compare_alone([r for r in records if not r.independent], comparer)
            yield _compare_several(store, comparer, [r for r in records if r.independent])
        return
    several: list[tuple[StoryMaterial, list[Claim]]] = []
    background: list[str] = []  # phrases of the background dates of the results back
    in_flight: deque[Future[dict[str, StoryResult]]] = deque()
    context = pool_context()
    with ProcessPoolExecutor(count, mp_context=context, initializer=_start_compare_worker) as pool:
        try:
            for chunk in chunks:
                records = load_records(store, chunk)
                alone = [r for r in records if not r.independent]
                in_flight.append(pool.submit(_compare_alone_in_worker, alone))
                several.extend(_read(r, comparer) for r in records if r.independent)
                while in_flight and (in_flight[0].done() or len(in_flight) > 2 * count):
                    done = in_flight.popleft().result()
                    background.extend(background_phrases(done.values()))
                    yield done
                if len(several) >= size:  # memory stays bounded
                    yield _judged(store, comparer, several)
                    several = []
            while in_flight:
                done = in_flight.popleft().result()
                background.extend(background_phrases(done.values()))
                yield done
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    yield _judged(store, comparer, several, background)


def _read(records: StoryRecords, comparer: Comparer) -> tuple[StoryMaterial, list[Claim]]:
    material = material_of(records, comparer)
    return material, story_claims(material)


def _judged(
    store: Store,
    comparer: Comparer,
    read: Sequence[tuple[StoryMaterial, list[Claim]]],
    background: Sequence[str] = (),
) -> dict[str, StoryResult]:
    """Stories told by several sources, read (:func:`_read`): their phrases and
    ``background`` (with their own background dates) encoded in one batch, then
    compared."""
    own = [
        c.phrase
        for material, claims in read
        for c in background_dates(timeline_dates(material, claims), _document_days(material))
    ]
    aligned = [text for _, claims in read for text in _aligned_texts(claims)]
    _prepared(store, comparer)([*aligned, *own, *background])
    return {m.story.id: story_result(m, comparer, claims) for m, claims in read}


def background_phrases(results: Iterable[StoryResult]) -> list[str]:
    """The phrases of ``results``' background dates, which the timeline aligns (see
    :func:`rashomon.compare.timeline.happenings`)."""
    return [c.phrase for r in results for c in background_dates(r.dated, r.days)]


def _compare_several(
    store: Store, comparer: Comparer, records: Sequence[StoryRecords]
) -> dict[str, StoryResult]:
    """Stories told by several sources: their phrases encoded (or read from the store's
    cache) in one batch, then compared."""
    return _judged(store, comparer, [_read(r, comparer) for r in records])


def _compare_alone(records: Sequence[StoryRecords], comparer: Comparer) -> dict[str, StoryResult]:
    """Stories told by one source: compared without the model (see :func:`compare`)."""
    return {r.story.id: story_result(material_of(r, comparer), comparer) for r in records}


def _start_compare_worker() -> None:
    """A compare worker's start: its own comparer, which never loads the embedding
    model (stories told by one source do not use it)."""
    global _worker_comparer  # noqa: PLW0603 - one per worker process
    start_worker()
    _worker_comparer = Comparer(embeddings=False)


def _compare_alone_in_worker(records: list[StoryRecords]) -> dict[str, StoryResult]:
    assert _worker_comparer is not None
    results = _compare_alone(records, _worker_comparer)
    for result in results.values():
        result.to_data()  # made here, in parallel, and sent along
    return results


def _independent(material: StoryMaterial) -> bool:
    """Whether two or more sources tell the story (copies of one article are one)."""
    return _several_sources(r.article for r in material.readings)


def _several_sources(articles: Iterable[Article]) -> bool:
    return len({article.duplicate_of or article.id for article in articles}) > 1


# What alignment compares with the model (``compare.align``): phrases of counts, dates,
# quotes and statements; whole sentences of counts and dates. Titles, credits and
# places are aligned by their values.
_BY_PHRASE = frozenset({ClaimKind.COUNT, ClaimKind.DATE, ClaimKind.QUOTE, ClaimKind.STATEMENT})
_BY_SENTENCE = frozenset({ClaimKind.COUNT, ClaimKind.DATE})


def _aligned_texts(claims: Sequence[Claim]) -> list[str]:
    """The phrases and sentences alignment will compare by the model, of one story's
    ``claims``: statements only where they can join another article's (see
    :func:`rashomon.compare.statements.candidates`)."""
    statements = {id(c) for c in candidates([c for c in claims if c.kind is ClaimKind.STATEMENT])}
    return [
        text
        for c in claims
        if c.kind is not ClaimKind.STATEMENT or id(c) in statements
        for text, wanted in ((c.phrase, _BY_PHRASE), (c.evidence.sentence, _BY_SENTENCE))
        if c.kind in wanted
    ]


def _prepared(store: Store, comparer: Comparer) -> Callable[[Sequence[str]], None]:
    def prepare(texts: Sequence[str]) -> None:
        if not comparer.embeddings:
            return
        missing = comparer.missing(texts)
        digests = {comparer.digest(t): t for t in missing}
        cached = store.compare_store.vectors(list(digests))
        comparer.remember(
            {digests[d]: np.frombuffer(v, dtype=np.float32) for d, v in cached.items()}
        )
        comparer.prepare(missing)

    return prepare


def _vector_rows(comparer: Comparer) -> dict[str, bytes]:
    return {
        comparer.digest(text): np.asarray(v, dtype=np.float32).tobytes()
        for text, v in comparer.take_new().items()
    }


def results_key(comparer: Comparer) -> str:
    """What every stored comparison depends on besides its story: the compare stage's
    code and lexicons, the records' shapes, and the embedding model (or "words")."""
    return digest_of([_code_digest(), comparer.model])


@functools.cache
def _code_digest() -> str:
    package = Path(__file__).parent
    files = sorted([*package.rglob("*.py"), *package.rglob("*.yaml"), package.parent / "model.py"])
    return digest_of([f.read_bytes().decode("utf-8", "replace") for f in files])


def story_key(base: str, story: Story, stamps: Mapping[str, MemberStamp]) -> str:
    """The key a story's comparison is stored under: ``base`` (:func:`results_key`),
    what of the story it reads (members, date, completions, title: not its storyline
    or its neighbours, which change as the corpus grows) and, per member, its
    outlet, copy mark and annotation stamp (a re-annotation or a corpus-wide relinking
    of actors changes the stamp)."""
    members = [[a, *(astuple(stamps[a]) if a in stamps else ())] for a in sorted(story.articles)]
    compared = [
        story.id,
        story.title,
        to_data(story.date),
        story.articles,
        to_data(story.completions),
    ]
    return digest_of([base, json.dumps(compared, sort_keys=True), json.dumps(members)])
