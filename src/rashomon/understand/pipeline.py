"""Understanding, end to end: parse, annotate, link actors across the corpus, store.

The spaCy parse is the expensive part and runs through ``nlp.pipe`` in batches
(several processes for large corpora); the annotators are cheap scans over each
parsed document. Only English articles are annotated: others keep their
language flag from ingest and are left out, as the English model would
mis-read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rashomon.model import Annotation, Article, Mention, MentionType, Sentence
from rashomon.understand.actors import find_actors, link_actors
from rashomon.understand.gazetteer import Gazetteer
from rashomon.understand.nlp import load_model, model_name
from rashomon.understand.numbers import find_numbers
from rashomon.understand.places import find_places
from rashomon.understand.timex import document_date, find_dates

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
_ACTOR_TYPES = (MentionType.PERSON, MentionType.ORGANISATION)
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
        return cls(nlp=load_model(name), gazetteer=Gazetteer.load(), model=name)


def annotate_doc(article: Article, doc: Any, understander: Understander) -> Annotation:
    """All mentions of one parsed article (actors still linked per article only)."""
    anchor = document_date(article.text, article.published, article.fetched)
    gazetteer = understander.gazetteer
    found = [
        *find_dates(doc, anchor),
        *find_places(doc, gazetteer),
        *find_actors(doc, is_place=gazetteer.is_place, place_key=gazetteer.place_key),
        *find_numbers(doc),
    ]
    return Annotation(
        article_id=article.id,
        document_date=anchor,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents),
        mentions=tuple(resolve_overlaps(found)),
        model=understander.model,
        doc=_serialise(doc),
    )


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep, among overlapping mentions, the higher-priority (then longer) one."""
    ranked = sorted(mentions, key=lambda m: (-_PRIORITY[m.type], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in ranked:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def annotate(
    articles: Sequence[Article],
    understander: Understander,
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Annotation]:
    """Annotations of ``articles`` (English ones only), in order."""
    english = [a for a in articles if a.is_english]
    docs = understander.nlp.pipe(
        (a.text for a in english), batch_size=batch_size, n_process=n_process
    )
    for article, doc in zip(english, docs, strict=True):
        yield annotate_doc(article, doc, understander)


def link_corpus(annotations: Sequence[Annotation]) -> list[Annotation]:
    """Give every actor one canonical id across the whole corpus."""
    actor_lists = [[m for m in a.mentions if m.type in _ACTOR_TYPES] for a in annotations]
    linked = link_actors(actor_lists)
    result = []
    for annotation, before, after in zip(annotations, actor_lists, linked, strict=True):
        renamed = {(m.start, m.end): n.canonical for m, n in zip(before, after, strict=True)}
        mentions = tuple(
            replace(m, canonical=renamed[(m.start, m.end)])
            if m.type in _ACTOR_TYPES and (m.start, m.end) in renamed
            else m
            for m in annotation.mentions
        )
        result.append(replace(annotation, mentions=mentions))
    return result


Progress = Callable[[int, int], None]


def understand_store(
    store: Any,
    understander: Understander | None = None,
    *,
    batch_size: int = 256,
    n_process: int = 1,
    progress: Progress | None = None,
) -> int:
    """Annotate every English article not yet annotated; relink actors corpus-wide.

    Each batch is stored in one transaction, so an interrupted run resumes where it
    stopped. Returns the number of articles annotated.
    """
    todo = store.unannotated(understander.model if understander else model_name())
    if not todo:
        return 0
    understander = understander or Understander.load()
    done = 0
    for start in range(0, len(todo), batch_size):
        chunk = list(store.iter_articles(ids=todo[start : start + batch_size]))
        store.write_annotations(list(annotate(chunk, understander, n_process=n_process)))
        done += len(chunk)
        if progress is not None:
            progress(done, len(todo))
    if done:
        everything = store.annotations()
        relinked = link_corpus(everything)
        changed = [new for old, new in zip(everything, relinked, strict=True) if new != old]
        if changed:
            with_docs = {
                a.article_id: a.doc
                for a in store.annotations([c.article_id for c in changed], with_doc=True)
            }
            store.write_annotations([replace(c, doc=with_docs[c.article_id]) for c in changed])
    return done


def _serialise(doc: Any) -> bytes:
    from spacy.tokens import DocBin

    bin_ = DocBin(attrs=_DOC_ATTRS, store_user_data=False)
    bin_.add(doc)
    return bytes(bin_.to_bytes())
