"""Stories stage cost from 1k to 100k articles: does the cost per article stay flat?

Data: a synthetic corpus, generated here, with the shape of a news feed. N
articles report events of 1-12 articles each (about 3 on average); about one
event in seven has a look-alike (same people, organisation and kind of
happening, a few days later, a different count and often a different place).
Articles arrive at a constant 100 a day, so 1k articles span 10 days and 100k
span 1,000 days: a corpus grows over time, and the stage compares an article
only with those within ``StoryOptions.window_days`` of it. Each article is
stored with an annotation as the understanding stage would write it: sentences,
people, organisations, places and states with canonical ids drawn from the
event's cast plus background noise, a count with its unit, the event's day as
an absolute date, and the publication day as the document date.

Measured, per size, in a fresh subprocess (so peak memory is per size): the wall
time of ``rashomon.stories.pipeline.build_stories`` alone (not the generation
or the inserts), the resident memory before it and the peak after it, and the
BCubed F1 of the stories against the generated events, so that a fast but
broken run shows. The sentence-embedding model is replaced by a fake one
(event centre + noise; its own time is subtracted), because the model's cost
per article does not depend on corpus size: it is measured once, on 500
generated leads, and added back as a separate column. Results go to
docs/performance.md (not with ``--no-docs``, and not if the measured code changed
between sizes: each size records a digest of ``rashomon/stories`` and ``rashomon/store``).
The default run takes about 20 minutes; ``--sizes 1000,5000`` about one.

    python benchmarks/stories_scaling.py [--sizes 1000,10000,100000] [--no-docs]
"""

from __future__ import annotations

import argparse
import bisect
import gc
import hashlib
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from docs_section import machine, write_section
from rashomon.model import (
    Annotation,
    Article,
    DatePrecision,
    DocumentDate,
    InputFormat,
    Mention,
    MentionType,
    Qualifier,
    Resolution,
    Sentence,
    SourceRef,
)

SIZES = (1_000, 10_000, 100_000)
PER_DAY = 100
START = date(2021, 1, 4)
DIM = 384
FLAT = 0.30  # cost per article may grow by at most this much from 10k to the largest size
EMBED_SAMPLE = 500
EMBED_REPEAT = 3
BATCH = 2_000
TWIN_SHARE = 0.15
NOISE = 0.75  # article noise around its event's centre (same-event cosine ~0.64)


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


FIRST_NAMES = _split(
    "Anna Boris Carla David Elena Farid Grace Hamid Ingrid Jonas Karim Lena Marco Nadia Omar "
    "Paula Quentin Rosa Samir Tanja Umar Vera Walter Ximena Yusuf Zara Adele Bruno Chiara Dmitri "
    "Esther Felix Greta Hugo Irina Jamal Kirsten Luis Maya Nikolai Olga Pavel Rania Stefan Teresa"
)
SYLLABLES = _split(
    "ka ro mi ta ven lo sa dor il bra ne gun pe tra vi hol mar es un ko ber ly zan fi "
    "du gal rem os to sel wen ar ba cor nis ul ped ri fra mo han tel gor"
)
COUNTRIES = (
    ("Norway", "NO"),
    ("Chile", "CL"),
    ("Kenya", "KE"),
    ("Japan", "JP"),
    ("Poland", "PL"),
    ("Egypt", "EG"),
    ("Canada", "CA"),
    ("Peru", "PE"),
    ("Ghana", "GH"),
    ("Vietnam", "VN"),
    ("Austria", "AT"),
    ("Morocco", "MA"),
    ("Finland", "FI"),
    ("Colombia", "CO"),
    ("Nepal", "NP"),
    ("Portugal", "PT"),
    ("Senegal", "SN"),
    ("Uruguay", "UY"),
    ("Greece", "GR"),
    ("Mongolia", "MN"),
)
# (title verb, lead verb, noun) per kind of happening
KINDS = (
    ("holds talks with", "held talks with", "talks"),
    ("signs deal with", "signed an agreement with", "agreement"),
    ("faces protest over", "faced protesters alongside", "protest"),
    ("opens inquiry with", "opened an inquiry with", "inquiry"),
    ("announces strike with", "announced a strike with", "strike"),
    ("meets", "met", "summit"),
    ("warns of flooding with", "warned of flooding with", "flood"),
    ("launches project with", "launched a project with", "project"),
    ("sues", "filed a lawsuit against", "lawsuit"),
    ("agrees prisoner exchange with", "agreed a prisoner exchange with", "exchange"),
    ("reports attack with", "reported an attack with", "attack"),
    ("wins vote with", "won a vote with", "vote"),
)
UNITS = (
    "protesters",
    "soldiers",
    "prisoners",
    "homes",
    "votes",
    "passengers",
    "workers",
    "schools",
    "vehicles",
    "flights",
    "migrants",
    "tonnes",
)
ORG_KINDS = ("Union", "Institute", "Party", "Council", "Bank", "Group", "Agency", "Front")
FILLER = _split(
    "the of and to in a that for on with as by said was were has have is it from at "
    "will would which this their also after its but had been an who more than about over"
)
COLUMNS = (
    "articles",
    "days",
    "events",
    "seconds",
    "ms/article (no model)",
    "ms/article with model",
    "RSS before MB",
    "peak RSS MB",
    "pairs decided/article",
    "stories",
    "BCubed F1",
)
PHASE_COLUMNS = (
    "articles",
    "chunks",
    "1st chunk ms/article",
    "median chunk ms/article",
    "last chunk ms/article",
    "after last chunk s",
    "GC s (full collections)",
)
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]


# -- vocabulary and events ---------------------------------------------------------------


class Zipf:
    """Picks items with probability proportional to 1 / rank ** s: a few people, places
    and words recur in many events, most are rare."""

    def __init__(self, items: list[Any], s: float = 1.0) -> None:
        self.items = items
        total, self.cumulative = 0.0, []
        for rank in range(1, len(items) + 1):
            total += 1.0 / rank**s
            self.cumulative.append(total)

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True)
class Name:
    text: str
    canonical: str


class Vocabulary:
    def __init__(self, rng: random.Random) -> None:
        words = self._words(rng, 20_000)
        self.words = Zipf(words, 1.05)
        surnames = [w.capitalize() for w in self._words(rng, 3_000, extra=1)]
        people = [f"{rng.choice(FIRST_NAMES)} {s}" for s in surnames]
        self.people = Zipf([Name(p, "person:" + p.lower().replace(" ", "-")) for p in people])
        orgs = [f"{w.capitalize()} {rng.choice(ORG_KINDS)}" for w in self._words(rng, 1_500)]
        self.orgs = Zipf([Name(o, "org:" + o.lower().replace(" ", "-")) for o in orgs])
        places = [w.capitalize() for w in self._words(rng, 3_000, extra=1)]
        self.places = Zipf([Name(p, f"geo:{700_000 + i}") for i, p in enumerate(places)])
        self.countries = Zipf([Name(n, f"country:{c}") for n, c in COUNTRIES], 0.8)

    @staticmethod
    def _words(rng: random.Random, n: int, extra: int = 0) -> list[str]:
        found: dict[str, None] = {}
        while len(found) < n:
            k = rng.choice((2, 2, 3, 3, 4)) + extra
            found["".join(rng.choice(SYLLABLES) for _ in range(k))] = None
        return list(found)


@dataclass
class Event:
    id: int
    day: int
    kind: int
    people: list[Name]
    org: Name
    place: Name
    country: Name
    terms: list[str]
    unit: str
    count: int
    size: int
    root: int  # the event whose centre vector this one starts from (itself, or its look-alike)


def _size(rng: random.Random) -> int:
    """1-12 articles, mean about 3 (geometric)."""
    size = 1
    while size < 12 and rng.random() < 2 / 3:
        size += 1
    return size


def events(n: int, vocab: Vocabulary, rng: random.Random) -> list[Event]:
    """Events with exactly ``n`` articles in all, spread evenly over n / PER_DAY days."""
    days = max(1, math.ceil(n / PER_DAY))
    found: list[Event] = []
    total = 0
    while total < n:
        event = _event(len(found), rng.randrange(days), vocab, rng)
        twin = _twin(event, len(found) + 1, days, vocab, rng) if rng.random() < TWIN_SHARE else None
        for e in (event, twin):
            if e is not None and total < n:
                e.size = min(e.size, n - total)
                total += e.size
                found.append(e)
    return found


def _event(key: int, day: int, vocab: Vocabulary, rng: random.Random) -> Event:
    people = []
    while len(people) < rng.choice((2, 2, 3)):
        person = vocab.people.pick(rng)
        if person not in people:
            people.append(person)
    return Event(
        id=key,
        day=day,
        kind=rng.randrange(len(KINDS)),
        people=people,
        org=vocab.orgs.pick(rng),
        place=vocab.places.pick(rng),
        country=vocab.countries.pick(rng),
        terms=rng.sample(vocab.words.items, 6),
        unit=rng.choice(UNITS),
        count=rng.randint(3, 900),
        size=_size(rng),
        root=key,
    )


def _twin(event: Event, key: int, days: int, vocab: Vocabulary, rng: random.Random) -> Event:
    """A look-alike: same cast and kind of happening, days later, another count."""
    place = event.place if rng.random() < 0.5 else vocab.places.pick(rng)
    return Event(
        id=key,
        day=min(days - 1, event.day + rng.randint(3, 20)),
        kind=event.kind,
        people=list(event.people),
        org=event.org,
        place=place,
        country=event.country,
        terms=event.terms[:3] + rng.sample(vocab.words.items, 3),
        unit=event.unit,
        count=event.count + rng.randint(1, 50),
        size=_size(rng),
        root=event.root,
    )


# -- articles ------------------------------------------------------------------------------


@dataclass
class Writer:
    """Text with the offsets of its sentences and mentions kept consistent."""

    parts: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    position: int = 0
    start: int = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.position += len(text)

    def name(self, name: Name, kind: MentionType) -> None:
        self.mention(name.text, type=kind, canonical=name.canonical, label="synthetic")

    def mention(self, text: str, **fields: Any) -> None:
        self.mentions.append(Mention(self.position, self.position + len(text), text, **fields))
        self.add(text)

    def date(self, day: date) -> None:
        self.mention(
            f"{day:%B} {day.day}, {day.year}",
            type=MentionType.DATE,
            canonical=day.isoformat(),
            precision=DatePrecision.DAY,
            resolution=Resolution.ABSOLUTE,
        )

    def count(self, value: int, unit: str, qualifier: Qualifier = Qualifier.EXACT) -> None:
        prefix = "about " if qualifier is Qualifier.ABOUT else ""
        self.mention(
            f"{prefix}{value} {unit}",
            type=MentionType.NUMBER,
            canonical=str(value),
            value=float(value),
            qualifier=qualifier,
            unit=unit,
        )

    def end(self) -> None:
        self.add(".")
        self.sentences.append(Sentence(self.start, self.position))
        self.add(" ")
        self.start = self.position

    def text(self) -> str:
        return "".join(self.parts).rstrip()


@dataclass(frozen=True)
class Generated:
    article: Article
    annotation: Annotation
    event: int
    lead: str


def corpus(n: int, seed: int) -> tuple[list[Event], Iterator[Generated]]:
    """The events, and a generator of their ``n`` articles in publication order, each
    with its annotation."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    found = events(n, vocab, rng)
    plan = [(e.day + rng.choice((0, 0, 0, 1, 1, 2)), e.id) for e in found for _ in range(e.size)]
    plan.sort()

    def generate() -> Iterator[Generated]:
        for number, (day, event) in enumerate(plan):
            yield _article(number, START + timedelta(days=day), found[event], vocab, rng)

    return found, generate()


def _filler(writer: Writer, rng: random.Random, vocab: Vocabulary, n: int) -> None:
    writer.add(
        " ".join(
            rng.choice(FILLER) if rng.random() < 0.4 else vocab.words.pick(rng) for _ in range(n)
        )
    )


def _lead(writer: Writer, event: Event, rng: random.Random, vocab: Vocabulary) -> None:
    first, *others = rng.sample(event.people, len(event.people))
    writer.name(first, MentionType.PERSON)
    writer.add(" of the ")
    writer.name(event.org, MentionType.ORGANISATION)
    writer.add(f" {KINDS[event.kind][1]} ")
    writer.name(others[0], MentionType.PERSON)
    writer.add(" in ")
    writer.name(event.place, MentionType.PLACE)
    if rng.random() < 0.8:
        writer.add(" on ")
        writer.date(START + timedelta(days=event.day))
    writer.add(f", {' '.join(rng.sample(event.terms, 3))} ")
    _filler(writer, rng, vocab, rng.randint(3, 8))
    writer.end()
    writer.add("Officials said ")
    hedged = rng.random() < 0.1
    writer.count(event.count, event.unit, Qualifier.ABOUT if hedged else Qualifier.EXACT)
    writer.add(f" were involved in the {rng.choice(event.terms)} {KINDS[event.kind][2]} ")
    _filler(writer, rng, vocab, rng.randint(2, 6))
    writer.end()
    writer.name(event.country, MentionType.STATE)
    writer.add(f" described the {rng.choice(event.terms)} as ")
    _filler(writer, rng, vocab, rng.randint(4, 9))
    writer.end()


def _background(writer: Writer, event: Event, rng: random.Random, vocab: Vocabulary) -> None:
    """One later sentence: filler with an event term, and maybe the cast again or noise."""
    _filler(writer, rng, vocab, rng.randint(4, 10))
    writer.add(f" {rng.choice(event.terms)} ")
    roll = rng.random()
    if roll < 0.25:
        writer.name(rng.choice(event.people), MentionType.PERSON)
    elif roll < 0.4:
        writer.name(vocab.people.pick(rng), MentionType.PERSON)
    elif roll < 0.5:
        writer.name(vocab.orgs.pick(rng), MentionType.ORGANISATION)
    elif roll < 0.6:
        writer.name(vocab.places.pick(rng), MentionType.PLACE)
    elif roll < 0.7:
        writer.name(vocab.countries.pick(rng), MentionType.STATE)
    elif roll < 0.8:
        writer.count(rng.randint(2, 5000), rng.choice(UNITS))
    elif roll < 0.85:
        writer.date(START + timedelta(days=event.day - rng.randint(30, 400)))
    else:
        writer.add(vocab.words.pick(rng))
    writer.add(" ")
    _filler(writer, rng, vocab, rng.randint(3, 9))
    writer.end()


def _article(
    number: int, day: date, event: Event, vocab: Vocabulary, rng: random.Random
) -> Generated:
    writer = Writer()
    _lead(writer, event, rng, vocab)
    for _ in range(rng.randint(14, 30)):
        _background(writer, event, rng, vocab)
    text = writer.text()
    title = (
        f"{event.people[0].text} {KINDS[event.kind][0]} {event.people[1].text} "
        f"in {event.place.text} over {rng.choice(event.terms)}"
    )
    key = f"syn-{number:06d}"
    article = Article(
        id=key,
        title=title,
        text=text,
        raw_text=text,
        content_hash=hashlib.sha256(key.encode()).hexdigest(),
        source=SourceRef("synthetic.jsonl", InputFormat.JSONL, f"line {number + 1}"),
        outlet=rng.choice(OUTLETS),
        published=day.isoformat(),
        language="en",
    )
    annotation = Annotation(
        article_id=key,
        document_date=DocumentDate(day.isoformat(), "metadata", DatePrecision.DAY),
        sentences=tuple(writer.sentences),
        mentions=tuple(writer.mentions),
        model="synthetic",
    )
    return Generated(article, annotation, event.id, _profile_lead(article, annotation))


def _profile_lead(article: Article, annotation: Annotation) -> str:
    """The lead exactly as ``build_profile`` cuts it (what the embedder is given)."""
    from rashomon.stories.profile import LEAD_SENTENCES

    sentences = annotation.sentences
    end = len(article.text) if len(sentences) <= LEAD_SENTENCES else sentences[2].end
    return f"{article.title}. {article.text[:end]}".strip()


# -- the fake embedder -----------------------------------------------------------------------


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(DIM)
    return vector / np.linalg.norm(vector)


class FakeEmbedder:
    """Lead -> its event's centre plus noise, unit length. Centres: a shared component
    per kind of happening, one per event, and for a look-alike its original's plus a
    deviation (same-event leads come out at cosine ~0.64, look-alike ones ~0.5)."""

    name = "fake-event-centres"  # stored with the vectors, as the real model's name is

    def __init__(self) -> None:
        self.lookup: dict[int, int] = {}  # hash(lead) -> event << 20 | article number
        self.kind: dict[int, int] = {}
        self.root: dict[int, int] = {}
        self.seconds = 0.0
        self.calls: list[tuple[float, float]] = []  # (start, seconds) per call

    def remember(self, item: Generated, number: int) -> None:
        self.lookup[hash(item.lead)] = item.event << 20 | number

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        start = time.perf_counter()
        rows = np.empty((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            packed = self.lookup[hash(text)]
            event, number = packed >> 20, packed & ((1 << 20) - 1)
            root = self.root[event]
            centre = _unit(1_000_000 + root) + 0.6 * _unit(self.kind[event])
            if root != event:
                centre = centre + 0.9 * _unit(2_000_000 + event)
            vector = centre / np.linalg.norm(centre) + NOISE * _unit(3_000_000 + number)
            rows[i] = vector / np.linalg.norm(vector)
        self.seconds += time.perf_counter() - start
        self.calls.append((start, time.perf_counter() - start))
        return rows


# -- one size, in this process ---------------------------------------------------------------


def source_digest() -> str:
    """A digest of the code this benchmark measures (the stories package and the store), so
    runs of different sizes can be checked to have measured the same code."""
    import rashomon

    root = Path(rashomon.__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*(root / "stories").rglob("*"), *(root / "store").glob("*.py")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fill(
    store: Any, n: int, seed: int
) -> tuple[FakeEmbedder, dict[str, int], Generated, list[int]]:
    from rashomon.store.repository import StoredArticle

    embedder = FakeEmbedder()
    gold: dict[str, int] = {}
    totals = [0, 0]  # words, mentions
    run_id = store.start_run(["synthetic"])
    batch: list[Generated] = []
    first: Generated | None = None

    def flush() -> None:
        store.write_batch(run_id, [StoredArticle(g.article, b"") for g in batch], [])
        store.write_annotations([g.annotation for g in batch])
        batch.clear()

    plan, generated = corpus(n, seed)
    for e in plan:
        embedder.kind[e.id], embedder.root[e.id] = e.kind, e.root
    for number, item in enumerate(generated):
        first = first or item
        embedder.remember(item, number)
        gold[item.article.id] = item.event
        totals[0] += len(item.article.text.split())
        totals[1] += len(item.annotation.mentions)
        batch.append(item)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    store.finish_run(run_id, "complete", {"ingested": n})
    assert first is not None
    return embedder, gold, first, totals


class Clock:
    """Where ``build_stories`` spends its time: each chunk of new articles (from the progress
    callback), and after the last one (syndicated copies, storylines); and the time spent
    in Python's cyclic garbage collector."""

    def __init__(self) -> None:
        self.stamps: list[tuple[int, float]] = []
        self.gc_seconds = 0.0
        self.gc_full = 0
        self.chunk_peak = 0.0  # peak RSS by the end of the last chunk
        self._gc_start = 0.0

    def chunk(self, done: int, _total: int) -> None:
        self.stamps.append((done, time.perf_counter()))
        self.chunk_peak = _peak_mb()

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_seconds += time.perf_counter() - self._gc_start
            self.gc_full += info["generation"] == 2

    def __enter__(self) -> Clock:
        gc.callbacks.append(self._gc)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._gc)

    def phases(self, start: float, end: float, calls: list[tuple[float, float]]) -> dict[str, Any]:
        """ms per article of each chunk, from the previous chunk's end (the first: from the
        start), without the fake embedder; seconds after the last chunk."""
        chunks = []
        previous_done, previous = 0, start
        for (done, stamp), (_, embedding) in zip(self.stamps, calls, strict=True):
            chunks.append(1000 * (stamp - previous - embedding) / (done - previous_done))
            previous_done, previous = done, stamp
        return {
            "tail_seconds": end - previous,
            "chunk_ms": chunks,
            "gc_seconds": self.gc_seconds,
            "gc_full": self.gc_full,
            "chunk_peak_mb": self.chunk_peak,
        }


def run_size(n: int, seed: int) -> dict[str, Any]:
    from ecbplus import bcubed
    from rashomon.store import Store
    from rashomon.stories.evidence import Weights
    from rashomon.stories.pipeline import StoryOptions, build_stories
    from rashomon.stories.profile import build_profile

    source = source_digest()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "stories.db"))
        started = time.perf_counter()
        embedder, gold, first, totals = _fill(store, n, seed)
        generated = time.perf_counter() - started
        events_total = len(set(gold.values()))
        # one-time loads every run pays once (gazetteer for count units, pair weights)
        build_profile(first.article, first.annotation)
        Weights.default()
        del first
        gc.collect()
        rss_before, peak_before = _rss_mb(), _peak_mb()
        clock = Clock()
        start = time.perf_counter()
        with clock:
            report = build_stories(store, embedder, options=StoryOptions(), progress=clock.chunk)
        seconds = time.perf_counter() - start
        peak_after = _peak_mb()
        stories = store.story_store.stories()
        store.close()
    label = {a: s.id for s in stories for a in s.articles}
    ids = sorted(gold)
    unassigned = sum(1 for a in ids if a not in label)
    precision, recall, f1 = bcubed([label.get(a, a) for a in ids], [str(gold[a]) for a in ids])
    return {
        "articles": n,
        "source": source,
        "source_after": source_digest(),
        "events": events_total,
        "days": math.ceil(n / PER_DAY),
        "words": totals[0] / n,
        "mentions": totals[1] / n,
        "generate_seconds": round(generated, 1),
        "seconds": seconds,
        **clock.phases(start, start + seconds, embedder.calls),
        "embed_seconds": embedder.seconds,
        "rss_before_mb": rss_before,
        "peak_before_mb": peak_before,
        "peak_mb": peak_after,
        "stories": len(stories),
        "unassigned": unassigned,
        "pairs_decided": report.pairs_decided,
        "storylines": report.storylines,
        "bcubed_p": precision,
        "bcubed_r": recall,
        "bcubed_f1": f1,
    }


def embed_rate(seed: int) -> dict[str, Any]:
    """The real model's encode time per lead, on generated leads."""
    from rashomon.stories.embed import Embedder, precision

    leads = [item.lead for item in corpus(EMBED_SAMPLE, seed)[1]]
    embedder = Embedder.load().at(precision())  # as the stories stage encodes
    embedder.encode(leads[:32])  # warm up
    times = []
    for _ in range(EMBED_REPEAT):
        start = time.perf_counter()
        embedder.encode(leads)
        times.append(1000 * (time.perf_counter() - start) / len(leads))
    import torch

    return {
        "leads": len(leads),
        "ms_per_lead": statistics.median(times),
        "ms_range": [min(times), max(times)],
        "words_per_lead": sum(len(lead.split()) for lead in leads) / len(leads),
        "torch_threads": torch.get_num_threads(),
    }


# -- the parent: one subprocess per size, then the table ---------------------------------------


def _child(*args: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), *args, "--json"]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(row: dict[str, Any]) -> float:
    return 1000 * (row["seconds"] - row["embed_seconds"]) / row["articles"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--embed-rate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size is not None:
        print(json.dumps(run_size(args.size, args.seed)))
        return 0
    if args.embed_rate:
        print(json.dumps(embed_rate(args.seed)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        print(f"{n:,} articles ...", file=sys.stderr, flush=True)
        rows.append(_child("--size", str(n), "--seed", str(args.seed)))
        _print_row(rows[-1])
    sources = {r[k] for r in rows for k in ("source", "source_after")}
    if len(sources) > 1:
        print(f"the measured code changed during the run ({sorted(sources)}): rerun", flush=True)
        return 1
    embed = _child("--embed-rate", "--seed", str(args.seed))
    low, high = embed["ms_range"]
    print(
        f"real model: {embed['ms_per_lead']:.2f} ms per lead ({low:.1f}-{high:.1f}),"
        f" {embed['leads']} leads"
    )
    verdict = _verdict(rows)
    print(verdict[0])
    if not args.no_docs:
        write_section("performance.md", "stories-scaling", _section(args, rows, embed, verdict))
    return 0


def _print_row(row: dict[str, Any]) -> None:
    print(
        f"{row['articles']:>7,} articles, {row['events']:,} events, {row['days']} days:"
        f" build_stories {row['seconds']:.1f} s (fake embedder {row['embed_seconds']:.1f} s),"
        f" {_ms(row):.2f} ms/article; RSS before {row['rss_before_mb']:.0f} MB,"
        f" peak {row['peak_mb']:.0f} MB (before the stage {row['peak_before_mb']:.0f} MB,"
        f" by the last chunk {row['chunk_peak_mb']:.0f} MB);"
        f" {row['stories']:,} stories; generated in {row['generate_seconds']:.0f} s;"
        f" BCubed P/R/F1 {row['bcubed_p']:.3f}/{row['bcubed_r']:.3f}/{row['bcubed_f1']:.3f}",
        flush=True,
    )
    chunks = ", ".join(f"{ms:.1f}" for ms in row["chunk_ms"])
    print(
        f"    after the last chunk"
        f" {row['tail_seconds']:.1f} s, GC {row['gc_seconds']:.1f} s ({row['gc_full']} full);"
        f" ms/article per chunk: {chunks}",
        flush=True,
    )


def _verdict(rows: list[dict[str, Any]]) -> tuple[str, float | None]:
    """Cost per article at the largest size against 10k (or the smallest size)."""
    if len(rows) < 2:
        return "one size only: no ratio", None
    by_size = {r["articles"]: r for r in rows}
    largest = max(by_size)
    base = 10_000 if 10_000 in by_size and largest != 10_000 else min(by_size)
    ratio = _ms(by_size[largest]) / _ms(by_size[base])
    result = "PASS" if ratio <= 1 + FLAT else "FAIL"
    return (
        f"ms/article at {largest:,} vs {base:,}: {ratio:.2f} "
        f"(flat = at most {1 + FLAT:.2f}): {result}",
        ratio,
    )


def _section(
    args: argparse.Namespace,
    rows: list[dict[str, Any]],
    embed: dict[str, Any],
    verdict: tuple[str, float | None],
) -> str:
    table = "\n".join(
        f"| {r['articles']:,} | {r['days']:,} | {r['events']:,} | {r['seconds']:.1f}"
        f" | {_ms(r):.2f} | {_ms(r) + embed['ms_per_lead']:.1f}"
        f" | {r['rss_before_mb']:.0f} | {r['peak_mb']:.0f}"
        f" | {r['pairs_decided'] / r['articles']:.1f}"
        f" | {r['stories']:,} | {r['bcubed_f1']:.3f} |"
        for r in rows
    )
    phases = "\n".join(
        f"| {r['articles']:,} | {len(r['chunk_ms'])} | {r['chunk_ms'][0]:.2f}"
        f" | {statistics.median(r['chunk_ms']):.2f} | {r['chunk_ms'][-1]:.2f}"
        f" | {r['tail_seconds']:.1f} | {r['gc_seconds']:.1f} ({r['gc_full']}) |"
        for r in rows
    )
    phase_header = "| " + " | ".join(PHASE_COLUMNS) + " |\n|" + "---:|" * len(PHASE_COLUMNS)
    low, high = embed["ms_range"]
    sizes = ",".join(str(r["articles"]) for r in rows)
    header = "| " + " | ".join(COLUMNS) + " |\n|" + "---:|" * len(COLUMNS)
    largest = max(rows, key=lambda r: r["articles"])
    growth = 1024 * (largest["peak_mb"] - largest["rss_before_mb"]) / largest["articles"]
    memory = (
        f"The stage's own memory (peak minus RSS before) is {growth:.0f} KB per article at"
        f" {largest['articles']:,}; the peak by the end of the last chunk was"
        f" {largest['chunk_peak_mb']:.0f} MB"
    )
    if largest["peak_mb"] > 1.1 * largest["chunk_peak_mb"]:
        memory += ", so the rest comes after it (syndicated copies and storylines, which read"
        memory += " every story)."
    else:
        memory += ", so the peak is reached while clustering."
    return f"""## Stories: clustering cost from 1k to 100k articles

Reproduce: `python benchmarks/stories_scaling.py --sizes {sizes}` (seed {args.seed}).

A synthetic corpus, generated by the script: events of 1-12 articles (about 3 on
average), one in seven with a look-alike (same people, organisation and kind of
happening, a few days later, another count); articles of
{largest["words"]:.0f} words and {largest["mentions"]:.0f} mentions on average,
arriving at a constant {PER_DAY} a day, so 1k articles span 10 days and 100k span 1,000:
news corpora grow over time, and the stage compares an article only with those within a
fixed number of days (`window_days=45`). Each size runs `build_stories` once, in one
batch, in a fresh process on a fresh SQLite file. Lead embeddings come from a fake model
(event centre + noise) whose time is subtracted; the real model (`all-MiniLM-L6-v2`,
{embed["torch_threads"]} threads) took {embed["ms_per_lead"]:.1f} ms per lead
(median of {EMBED_REPEAT} passes over {embed["leads"]} generated leads,
{low:.1f}-{high:.1f}), added back in the "with model" column.
{machine()}; a shared machine, figures from one run.
Measured code: digest `{rows[0]["source"]}` of `rashomon/stories` and `rashomon/store`.

{header}
{table}

Flat cost per article (at most {1 + FLAT:.2f}x from 10k to the largest size):
**{verdict[0]}**.

BCubed F1 is measured against the generated events; synthetic events are easier to tell
apart than real news, so it checks that a fast run is not a broken one; it is not a
quality figure. {memory}

Where the time goes: `build_stories` takes new articles in chunks of 2,000 (in time
order); a chunk's figure is the time from the end of the previous one, without the fake
embedder; "after the last chunk" is syndicated copies and storylines, which read every
story; GC is the time in Python's cyclic garbage collector, across the whole stage.

{phase_header}
{phases}

Not measured: the ingest and understanding stages (above), corpora whose daily rate
grows (the window would then hold more articles), many small incremental runs instead of
one batch, and real articles, whose ambiguity synthetic text only imitates.
"""


if __name__ == "__main__":
    sys.exit(main())
