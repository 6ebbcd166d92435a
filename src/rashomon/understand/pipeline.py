"""Understanding, end to end: parse, annotate, link actors across the corpus, store.

The spaCy parse is the expensive part and runs through ``nlp.pipe`` in batches
(several processes for large corpora); the annotators are cheap scans over each
parsed document. Only English articles are annotated: others keep their
language flag from ingest and are left out, as the English model would
mis-read them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from rashomon import hooks
from rashomon.model import LINKED_TYPES, Annotation, Article, Mention, MentionType, Sentence
from rashomon.store.repository import LINK_ACTORS, Store
from rashomon.understand.actors import actor_links, find_actors, names_of
from rashomon.understand.gazetteer import Gazetteer
from rashomon.understand.nlp import load_model, model_name
from rashomon.understand.numbers import find_numbers
from rashomon.understand.places import find_places
from rashomon.understand.quotes import find_quotes
from rashomon.understand.textyear import text_year, with_year, year_unknown
from rashomon.understand.timex import document_date, find_dates, reresolve
from rashomon.workers import pool_context, start_worker, worker_count

# When two annotators claim overlapping text, the more specific reading wins.
_PRIORITY = {
    MentionType.DATE: 6,
    MentionType.STATE: 5,
    MentionType.PLACE: 5,
    MentionType.GROUP: 4,
    MentionType.PERSON: 3,
    MentionType.ORGANISATION: 3,
    MentionType.NUMBER: 2,
}
_DOC_ATTRS = ["ORTH", "TAG", "POS", "MORPH", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SENT_START"]


@dataclass(frozen=True)
class Understander:
    """The models the stage needs, loaded once and passed to every call."""

    nlp: Any
    gazetteer: Gazetteer
    model: str

    @classmethod
    def load(cls, name: str | None = None) -> Understander:
        name = name or model_name()
        return cls(nlp=load_model(name), gazetteer=Gazetteer.load(), model=annotation_key(name))


# The version of the rules that read an article (mentions, quotes). Annotations are
# stored under the model's name and this version, so raising it when the rules change
# what is stored makes the next ``analyze`` annotate every article again.
# 2: quotes and attributions (who said what) are stored.
# 3: a month-day in a noun phrase takes the nearest year; a repeated month-day takes
#    the year written earlier in the text; "May" the subject of a verb is a person;
#    ranks ("No. 2"), ratios ("two in three") and "at one point" are not counts.
# 4: a figure before a noun modifier counts the noun it modifies ("the 22 bank and
#    tax fraud charges" counts charges).
# 5: a name with an age after it, or whose verb goes on "he"/"she", is a person's; a
#    pronoun's speaker is the last one named as a subject; a quotation opening the
#    sentence after a long attribution goes on in the same voice; a sentence always
#    starts after a line break (the parse changes).
# 6: a participle's speaker climbs coordinated verbs; a subject named after the last
#    speaker takes a pronoun, a main clause's subject first; "accused" is a cue; a
#    long phrase, or "another" standing for an unsaid noun, names no one.
# 7: a title before any mention of an actor ("Mr. Trump") tells the gender of all its
#    mentions, so "she" never stands for "President Trump".
# 8: sentences wholly inside quotation marks do not count in a pronoun's reach; "he"
#    falls back only to a name, never to a bare title ("the prime minister"), and
#    "they"/"it" only to a subject.
# 9: units spelled as English pluralises them ("analyses", "celsius"), and a unit run
#    on into the next sentence without a space ("people.3") ends at the period;
#    "should", "must", "might" look ahead, and so does what "has scheduled" dates; a
#    name tagged as nothing with a title in apposition after it ("Heather Cronk,
#    co-director of ...") is a person.
# 10: who said what: the source of "according to X" is never inside the content; a
#    document closing the sentence after a quotation ('"…," the lawsuit states') is a
#    source; a cue describing a message ("issuing a statement saying") or in a "by
#    …ing" phrase speaks for the verb above it; a quoted label ('calling it "…"',
#    'dismissed it as "…"') is the words of whoever puts it on; a month-day naming a
#    thing's day ("a May 12 deadline") is the nearest such day.
# 11: a name read as a person's loses a word to a place only when that place is a
#    country, capital, alias-file place or people ("Kim Jong Un" and "Kim said" are a
#    man, though Kim is also a town); an ordinary word that names some region
#    ("Central") is no place in an actor's name ("Central Intelligence Agency").
# 12: a lone surname goes to the first person the article introduces with it, not
#    the nearest ("Trump" after "Melania Trump" is still the president), and not to a
#    later full name whose office differs from its title ("first lady" is an
#    office); hyphenated names are one word ("Moon Jae-in", "Jean-Claude Juncker")
#    and their parts no surnames.
# 13: an article whose date lacks a year takes it from its own text when a "last
#    year" and a dated happening of the same family pin it down (textyear.py); its
#    relative dates are resolved again against the completed date.
RULES_VERSION = 13


def annotation_key(model: str) -> str:
    """What an annotation is keyed by: the spaCy model and the rules version."""
    return f"{model}+rules{RULES_VERSION}"


def model_of(key: str) -> str:
    """The spaCy model an annotation key names (the inverse of :func:`annotation_key`)."""
    return key.rsplit("+rules", 1)[0]


def annotate_doc(article: Article, doc: Any, understander: Understander) -> Annotation:
    """All mentions of one parsed article (actors still linked per article only)."""
    anchor = document_date(article.text, article.published, article.fetched)
    gazetteer = understander.gazetteer
    text = doc.text  # spaCy joins it from the tokens on every access: once here
    dates = find_dates(doc, anchor, text)
    if year_unknown(anchor) and (year := text_year(doc, dates, anchor)) is not None:
        anchor = with_year(anchor, year)
        dates = [reresolve(m, anchor) for m in dates]
    found = [
        *dates,
        *find_places(doc, gazetteer, text),
        *find_actors(
            doc,
            is_place=gazetteer.is_place,
            place_key=gazetteer.place_key,
            text=text,
            is_place_over_a_person=gazetteer.is_place_over_a_person,
        ),
        *find_numbers(doc, text),
    ]
    mentions = tuple(resolve_overlaps(found))
    return Annotation(
        article_id=article.id,
        document_date=anchor,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents),
        mentions=mentions,
        model=understander.model,
        doc=_serialise(doc),
        quotes=tuple(find_quotes(doc, mentions, text)),
    )


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep, among overlapping mentions, the higher-priority (then longer) one."""
    ranked = sorted(mentions, key=lambda m: (-_PRIORITY[m.type], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in ranked:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


# spaCy refuses texts over nlp.max_length (1,000,000 characters; error E088) because
# its parser and tagger need about 1 GB of memory per 100,000 characters. Articles are
# parsed in pieces of at most this many characters, cut at paragraph (else sentence,
# else word) boundaries, and the pieces joined back into one parse.
PIECE_CHARS = 100_000
# Beyond this an "article" is not news (the longest of 37,554 real AllSides articles has
# 76,553 characters; a typical one 5,000): it is stored, and recorded as not analysed
# with the reason, so that it neither blocks nor slows every later run.
MAX_ANALYSED_CHARS = 500_000


def too_long(article: Article) -> str | None:
    """Why ``article`` is not analysed, or None."""
    if len(article.text) <= MAX_ANALYSED_CHARS:
        return None
    return (
        f"too long to analyse ({len(article.text):,} characters; the limit is"
        f" {MAX_ANALYSED_CHARS:,}, six times the longest of 37,554 real news articles)"
    )


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters, at the last
    paragraph break, else sentence end, else space before the limit; ``"".join`` of the
    pieces is ``text``."""
    found: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n")
        if cut < limit // 4:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < limit // 4:
            cut = window.rfind(" ")
        end = start + (cut + 1 if cut > 0 else limit)
        found.append(text[start:end])
        start = end
    found.append(text[start:])
    return found


def annotate(
    articles: Sequence[Article],
    understander: Understander,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Annotation]:
    """Annotations of ``articles`` (English ones only), in order; an article too long to
    analyse gets an annotation that says so (:func:`too_long`)."""
    english = [a for a in articles if a.is_english]
    parsed = [a for a in english if too_long(a) is None]
    cut = [pieces(a.text, PIECE_CHARS) for a in parsed]
    docs = iter(
        understander.nlp.pipe(
            (piece for parts in cut for piece in parts), batch_size=batch_size, n_process=n_process
        )
    )
    docs_of = {
        a.id: _joined([next(docs) for _ in parts]) for a, parts in zip(parsed, cut, strict=True)
    }
    for article in english:
        reason = too_long(article)
        if reason is not None:
            yield Annotation(
                article_id=article.id,
                document_date=document_date(article.text, article.published, article.fetched),
                sentences=(),
                mentions=(),
                model=understander.model,
                skipped=reason,
            )
        else:
            yield annotate_doc(article, docs_of.pop(article.id), understander)


def _joined(docs: list[Any]) -> Any:
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)


def link_corpus(annotations: Sequence[Annotation]) -> list[Annotation]:
    """Give every actor one canonical id across the whole corpus, as
    :meth:`Store.relink` does in the store: each actor mention and speaker takes the id
    :func:`actor_links` gives its own. An annotation none of whose ids changed is
    returned as it was (the same object)."""
    links = actor_links(names_of(m for a in annotations for m in a.mentions))
    result = []
    for annotation in annotations:
        mentions = tuple(
            replace(m, canonical=links[m.canonical])
            if m.type in LINKED_TYPES and m.canonical in links
            else m
            for m in annotation.mentions
        )
        quotes = tuple(
            replace(q, speaker_id=links[q.speaker_id]) if q.speaker_id in links else q
            for q in annotation.quotes
        )
        if mentions == annotation.mentions and quotes == annotation.quotes:
            result.append(annotation)
        else:
            result.append(replace(annotation, mentions=mentions, quotes=quotes))
    return result


def link_store(store: Store) -> int:
    """Link the stored corpus's actors (:func:`actor_links` over the ids each article
    gave alone) and record the linking done; the number of articles whose ids
    changed."""
    return store.relink(actor_links(store.actor_names()), done=[LINK_ACTORS])


Progress = Callable[[int, int], None]


@dataclass
class UnderstandReport:
    """What a run of the stage did: articles annotated, those recorded as not analysed
    (id, reason), and whether actors were linked across the corpus."""

    annotated: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    linked: bool = False


# Articles per task sent to a worker: enough that a round trip is cheap next to the
# parse (about 0.2 s an article), few enough that two workers finish together.
_TASK_ARTICLES = 8
# Below this many articles to annotate, one process: starting workers costs more.
_PARALLEL_MIN_ARTICLES = 64
_worker_understander: Understander | None = None


def understand_store(
    store: Store,
    understander: Understander | None = None,
    *,
    batch_size: int = 256,
    workers: int | None = None,
    progress: Progress | None = None,
    started: Callable[[], object] | None = None,
) -> UnderstandReport:
    """Annotate every English article not yet annotated; relink actors corpus-wide.

    ``workers`` processes parse and annotate (default: one per core when there are at
    least ``_PARALLEL_MIN_ARTICLES`` articles to do); one pool serves the whole run,
    forked after the model is loaded so the workers share it.

    ``started``, when given, is called once when the parse is under way: with workers,
    as soon as the pool has started them (what it starts — ``analyze`` loads the next
    stages' model in a thread — then runs while this process only waits on them, and no
    worker is forked from a process in the middle of it); with one process, once the
    first batch is stored. Called at the first batch's end instead, a load of seconds
    in an increment of one batch ran beside the corpus-wide linking, both holding the
    interpreter's lock, and made the increment look as if it grew with the corpus.

    Each batch is stored in one transaction, which also records corpus-wide actor
    linking as still to do; the linking's own transaction records it done. So a run
    killed anywhere — even between the last batch and the linking — resumes exactly:
    the next run finds the linking recorded as pending and does it.
    """
    report = UnderstandReport()
    todo = store.unannotated(understander.model if understander else annotation_key(model_name()))
    batch_size = hooks.batch_size(batch_size)
    if todo:
        understander = understander or Understander.load()
        count = worker_count(workers, len(todo), _PARALLEL_MIN_ARTICLES)
        batches = (todo[start : start + batch_size] for start in range(0, len(todo), batch_size))
        for found in _annotated(store, batches, understander, count, started):
            store.write_annotations(found, pending=[LINK_ACTORS])
            report.annotated += len(found)
            report.skipped.extend((a.article_id, a.skipped) for a in found if a.skipped)
            if progress is not None:
                progress(report.annotated, len(todo))
    if LINK_ACTORS in store.pending_steps():
        # from the names each article gave alone, grouped in the store: what linking
        # reads grows with the distinct names, and only the ids it changes are written
        link_store(store)
        report.linked = True
    return report


def _annotated(
    store: Store,
    batches: Iterable[list[str]],
    understander: Understander,
    workers: int,
    started: Callable[[], object] | None = None,
) -> Iterator[list[Annotation]]:
    """The annotations of each batch of article ids, in order, a batch at a time.

    With several workers, tasks of ``_TASK_ARTICLES`` go to one pool for the run and
    the next batch is read and sent while the current one is parsed, so the workers
    never wait for the store. An article that is not English yields no annotation
    (its batch is then shorter).
    """
    if workers <= 1:
        for ids in batches:
            yield list(annotate(list(store.iter_articles(ids=ids)), understander))
            if started is not None:
                started()
                started = None
        return
    global _worker_understander  # noqa: PLW0603 - inherited by the forked workers
    _worker_understander = understander
    context = pool_context()
    initargs = (None if context.get_start_method() == "fork" else model_of(understander.model),)
    in_flight: deque[list[Future[list[Annotation]]]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_understand_worker, initargs=initargs
    ) as pool:
        try:
            for ids in batches:
                articles = list(store.iter_articles(ids=ids))
                in_flight.append(
                    [
                        pool.submit(_annotate_in_worker, articles[k : k + _TASK_ARTICLES])
                        for k in range(0, len(articles), _TASK_ARTICLES)
                    ]
                )
                if started is not None:  # forked, every worker starts at the first task
                    started()
                    started = None
                if len(in_flight) > 1:
                    yield [a for task in in_flight.popleft() for a in task.result()]
            while in_flight:
                yield [a for task in in_flight.popleft() for a in task.result()]
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            _worker_understander = None


def _start_understand_worker(model: str | None) -> None:
    """A worker's start: forked, it has the main process's model; spawned, it loads
    ``model`` (the spaCy model's name)."""
    global _worker_understander  # noqa: PLW0603 - one per worker process
    start_worker()
    if model is not None:
        _worker_understander = Understander.load(model)


def _annotate_in_worker(articles: list[Article]) -> list[Annotation]:
    assert _worker_understander is not None
    return list(annotate(articles, _worker_understander))


def _serialise(doc: Any) -> bytes:
    from spacy.tokens import DocBin

    bin_ = DocBin(attrs=_DOC_ATTRS, store_user_data=False)
    bin_.add(doc)
    return bytes(bin_.to_bytes())
