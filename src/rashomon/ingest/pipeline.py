"""Ingest: paths in, clean articles stored, a report of everything that happened.

The flow::

    discover(paths) -> units -> [workers] read + prepare -> dedupe + store (batches)

Finding units and storing run in this process; reading and preparing (the CPU
work) run in a pool of worker processes when the input is large enough to pay
for them. Results come back in input order, so the first copy of a syndicated
story is the same whatever the number of workers. Each batch is one
transaction: an interrupted run keeps every batch it committed, and a rerun
skips those articles by content hash.
"""

from __future__ import annotations

import errno
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from rashomon import hooks
from rashomon.ingest.dedupe import DEFAULT_THRESHOLD, HEAD_CHARS, Entry, NearDuplicateIndex
from rashomon.ingest.discover import discover
from rashomon.ingest.language import LanguageDetector
from rashomon.ingest.prepare import Prepared, prepare
from rashomon.ingest.rules import RuleSet, default_rules
from rashomon.ingest.sources import SourceMap
from rashomon.ingest.units import Unit, read_unit
from rashomon.model import Draft, IngestReport, Problem, Severity
from rashomon.store.repository import IndexRow, Store, StoredArticle
from rashomon.workers import start_worker

DEFAULT_MAX_BYTES = 25_000_000
# Below this much input, starting worker processes costs more than it saves.
_PARALLEL_MIN_BYTES = 2_000_000
# Units sent to a worker at once: up to this many, or this much payload.
_GROUP_UNITS = 32
_GROUP_BYTES = 2_000_000
_FILE_UNIT_BYTES = 8_000  # a typical article file, for grouping files read by the worker


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Everything an ingest run can be told; the defaults suit a laptop."""

    max_bytes: int = DEFAULT_MAX_BYTES
    rules: RuleSet = field(default_factory=default_rules)
    sources: SourceMap | None = None
    workers: int | None = None
    batch_size: int = 256
    duplicate_threshold: float = DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class WorkerContext:
    """What a worker needs to read and prepare units; sent once per process."""

    rules: RuleSet
    max_bytes: int
    detector: LanguageDetector = field(default_factory=LanguageDetector)


Progress = Callable[[int, int], None]
"""Called with (articles stored so far, problems so far) after each batch or unit."""


def process_unit(unit: Unit, context: WorkerContext) -> list[Prepared | Problem]:
    """Read one unit and prepare its articles. A bug never escapes as an exception:
    it costs the record (or the rest of the unit, if the reader itself fails) and is
    reported. A full disk is not a bug in the input: it stops the run."""
    results: list[Prepared | Problem] = []
    try:
        for item in read_unit(unit, max_bytes=context.max_bytes):
            if isinstance(item, Problem):
                results.append(item)
            else:
                results.append(_prepared(item, unit, context))
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise
        results.append(_internal(unit.path, unit.locator, exc, "reading"))
    except Exception as exc:  # a reader bug must not end the run; it is reported instead
        results.append(_internal(unit.path, unit.locator, exc, "reading"))
    return results


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _prepared(draft: Draft, unit: Unit, context: WorkerContext) -> Prepared | Problem:
    try:
        return prepare(draft, rules=context.rules, detector=context.detector, sources=unit.sources)
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise
        return _internal(draft.source.path, draft.source.locator, exc, "preparing")
    except Exception as exc:  # this draft only; the unit's other drafts go on
        return _internal(draft.source.path, draft.source.locator, exc, "preparing")


def _internal(path: str, locator: str | None, exc: BaseException, doing: str) -> Problem:
    return Problem(
        path,
        "internal",
        f"unexpected error while {doing} ({type(exc).__name__}: {exc}); skipped —"
        " please report this",
        locator=locator,
    )


_worker_context: WorkerContext | None = None


def _init_worker(context: WorkerContext) -> None:
    global _worker_context  # noqa: PLW0603 - one per worker process, set once by the pool
    _worker_context = context
    start_worker()


def _process_in_worker(units: list[Unit]) -> list[Prepared | Problem]:
    assert _worker_context is not None
    return [result for unit in units for result in process_unit(unit, _worker_context)]


def ingest(
    paths: list[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``; returns what was stored, skipped and why."""
    options = options or IngestOptions()
    context = WorkerContext(rules=options.rules, max_bytes=options.max_bytes)
    run_id = store.start_run(paths)
    writer = _BatchWriter(store, run_id, options)
    workers = _worker_count(paths, options)
    status = "failed"
    try:
        items = discover(paths, max_bytes=options.max_bytes, sources=options.sources)
        if options.sources is not None:  # rows of a --sources file that were skipped
            writer.take(list(options.sources.problems))
        for result in _results(items, context, workers):
            writer.take(result)
            if progress is not None:
                progress(len(writer.ingested), len(writer.problems))
        writer.flush()
        status = "complete"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, status, writer.counts())
    if progress is not None:
        progress(len(writer.ingested), len(writer.problems))
    return IngestReport(
        ingested=tuple(writer.ingested),
        duplicates=tuple(writer.duplicates),
        problems=tuple(writer.problems),
    )


def _worker_count(paths: list[str], options: IngestOptions) -> int:
    if options.workers is not None:
        return max(1, options.workers)
    total = 0
    for given in paths:
        path = Path(given)
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            for folder, _dirs, files in os.walk(path):
                total += sum(_size(Path(folder) / f) for f in files)
                if total >= _PARALLEL_MIN_BYTES:
                    break
        if total >= _PARALLEL_MIN_BYTES:
            break
    if total < _PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _results(
    items: Iterable[Unit | Problem], context: WorkerContext, workers: int
) -> Iterator[list[Prepared | Problem]]:
    """Prepared articles and problems in input order, a group of units at a time."""
    if workers <= 1:
        for item in items:
            yield [item] if isinstance(item, Problem) else process_unit(item, context)
        return
    in_flight: deque[Future[list[Prepared | Problem]] | Problem] = deque()
    limit = workers * 4
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(context,)) as pool:
        try:
            for group in _grouped(items):
                in_flight.append(
                    group if isinstance(group, Problem) else pool.submit(_process_in_worker, group)
                )
                while len(in_flight) >= limit:
                    yield _collect(in_flight.popleft())
            while in_flight:
                yield _collect(in_flight.popleft())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _grouped(items: Iterable[Unit | Problem]) -> Iterator[list[Unit] | Problem]:
    """Consecutive units in groups, so small files do not each pay a round trip to a worker.

    A group closes at ``_GROUP_UNITS`` units or ``_GROUP_BYTES`` of payload; problems
    found on the way pass through in order.
    """
    group: list[Unit] = []
    size = 0
    for item in items:
        if isinstance(item, Problem):
            if group:
                yield group
                group, size = [], 0
            yield item
            continue
        group.append(item)
        size += len(item.payload) if item.payload is not None else _FILE_UNIT_BYTES
        if len(group) >= _GROUP_UNITS or size >= _GROUP_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _collect(entry: Future[list[Prepared | Problem]] | Problem) -> list[Prepared | Problem]:
    return [entry] if isinstance(entry, Problem) else entry.result()


class _BatchWriter:
    """Deduplicates prepared articles against the store and writes them in batches."""

    def __init__(self, store: Store, run_id: int, options: IngestOptions) -> None:
        self.store = store
        self.run_id = run_id
        self.batch_size = hooks.batch_size(options.batch_size)
        self.index = NearDuplicateIndex(options.duplicate_threshold)
        self.indexed_up_to = 0  # the storage position (pk) the index has read up to
        self._load_index(store.duplicate_index_rows(HEAD_CHARS))
        self.pending: list[Prepared] = []
        self.pending_problems: list[Problem] = []
        self.ingested: list[str] = []
        self.problems: list[Problem] = []

    def take(self, result: list[Prepared | Problem]) -> None:
        for item in result:
            if isinstance(item, Problem):
                self._problem(item)
            else:
                self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def _problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.pending_problems.append(problem)

    def _load_index(self, rows: Iterable[IndexRow]) -> None:
        for row in rows:
            entry = Entry(row.id, row.signature, row.outlet, row.published, row.head)
            self.index.load(entry, row.duplicate_of)
            self.indexed_up_to = max(self.indexed_up_to, row.pk)

    def flush(self) -> None:
        """Write what is pending as one batch.

        What is new is decided inside the batch's write transaction, which holds the
        database's write lock: articles another process stored meanwhile are first
        added to the near-duplicate index, and content it stored counts as already
        stored — two ingests on one database never fail on, or lose, each other's work.
        """
        if not self.pending and not self.pending_problems:
            return
        with self.store.ingest_transaction() as transaction:
            self._load_index(transaction.index_rows(HEAD_CHARS, after=self.indexed_up_to))
            stored_hashes = transaction.ids_by_hash(p.article.content_hash for p in self.pending)
            taken = transaction.existing_ids(p.article.id for p in self.pending)
            batch: list[StoredArticle] = []
            for prepared in self.pending:
                item = self._admit(prepared, stored_hashes, taken)
                if item is not None:
                    batch.append(item)
            originals: dict[str, tuple[str | None, float | None]] = {
                item.article.id: (original, self.index.similarity_to_original(item.article.id))
                for item in batch
                if (original := self.index.original(item.article.id)) is not None
            }
            for key, original in self.index.take_changes().items():
                originals[key] = (original, self.index.similarity_to_original(key))
            transaction.write(self.run_id, batch, self.pending_problems, originals)
        self.ingested.extend(item.article.id for item in batch)
        self.pending = []
        self.pending_problems = []

    @property
    def duplicates(self) -> list[tuple[str, str]]:
        """(copy, original) for the copies stored in this run, as grouped at the end."""
        pairs = ((key, self.index.original(key)) for key in self.ingested)
        return [(key, original) for key, original in pairs if original is not None]

    def _admit(
        self, prepared: Prepared, stored_hashes: dict[str, str], taken: set[str]
    ) -> StoredArticle | None:
        article = prepared.article
        source = article.source
        known = stored_hashes.get(article.content_hash)
        if known is not None:
            self._problem(
                Problem(
                    source.path,
                    "already-stored",
                    f"already in the database as {known}; skipped",
                    Severity.SKIPPED,
                    source.locator,
                )
            )
            return None
        warnings = list(article.warnings)
        article_id = article.id
        if article_id in taken:
            article_id = f"{article.id}-{article.content_hash[:8]}"
            warnings.append(
                f"another article with id {article.id} is already stored; this one is stored as"
                f" {article_id}"
            )
        article = replace(article, id=article_id, warnings=tuple(warnings))
        self.index.add(
            Entry(
                article_id,
                prepared.signature,
                article.outlet,
                article.published,
                article.text[:HEAD_CHARS],
            )
        )
        stored_hashes[article.content_hash] = article_id
        taken.add(article_id)
        for warning in warnings:
            self._problem(
                Problem(
                    source.path,
                    "warning",
                    f"stored as {article_id}, but {warning}",
                    Severity.WARNING,
                    source.locator,
                )
            )
        return StoredArticle(article, prepared.signature)

    def counts(self) -> dict[str, int]:
        return {
            "ingested": len(self.ingested),
            "duplicates": len(self.duplicates),
            "errors": sum(p.severity is Severity.ERROR for p in self.problems),
            "warnings": sum(p.severity is Severity.WARNING for p in self.problems),
            "skipped": sum(p.severity is Severity.SKIPPED for p in self.problems),
        }
