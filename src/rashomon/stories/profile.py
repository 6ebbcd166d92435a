"""What the stories stage needs to know about one article, drawn from its understanding.

An :class:`EventProfile` holds the attributes that tell one event from another —
who, where, how many, when — keyed by the understanding layer's normalised ids, so
"Tórshavn" and "Torshavn" are one key and "fifteen" and "15" one count. Attributes
from the headline and first sentences (the *lead*) are kept apart from the rest:
the lead names the event the article reports, later paragraphs also name
background events, and only the lead's attributes can contradict another article's.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from rashomon.model import (
    Annotation,
    Article,
    DatePrecision,
    Mention,
    MentionType,
    Qualifier,
    Resolution,
)
from rashomon.understand.gazetteer import Gazetteer
from rashomon.understand.relative import Relation

LEAD_SENTENCES = 3
TERM_BUCKETS = 1 << 18
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{2}", re.UNICODE)
_ACTORS = (MentionType.PERSON, MentionType.ORGANISATION, MentionType.GROUP)
_PLACES = (MentionType.PLACE, MentionType.STATE)
_STOPWORDS = frozenset(
    line.strip()
    for line in resources.files("rashomon.stories")
    .joinpath("data/stopwords.txt")
    .read_text("utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)


@dataclass(frozen=True, slots=True)
class EventProfile:
    """One article's event attributes.

    ``keys``: normalised actor, place, count and date keys with their frequency in the
    article (``per:person:antony-blinken``, ``pla:geo:2611396``, ``num:15|prisoners``,
    ``day:2021-06-12``); ``lead_*``: the same families restricted to the lead;
    ``terms``: hashed content-word counts; ``event_day``: the date the lead states for
    the happening (or None) and ``published``: the article's own date.
    """

    article_id: str
    outlet: str | None
    title: str
    lead: str
    published: date | None
    event_day: date | None
    keys: Counter[str]
    terms: Counter[int]
    lead_people: frozenset[str] = frozenset()
    lead_places: frozenset[str] = frozenset()
    lead_counts: dict[str, frozenset[float]] = field(default_factory=dict)
    lead_weekdays: frozenset[int] = frozenset()
    lead_years: frozenset[int] = frozenset()
    names: dict[str, str] = field(default_factory=dict)  # key -> its first wording


def build_profile(article: Article, annotation: Annotation) -> EventProfile:
    """The event profile of an understood article."""
    lead_end = _lead_end(article, annotation)
    keys: Counter[str] = Counter()
    people: set[str] = set()
    places: set[str] = set()
    counts: dict[str, set[float]] = {}
    weekdays: set[int] = set()
    years: set[int] = set()
    event_day: date | None = None
    names: dict[str, str] = {}
    for mention in annotation.mentions:
        key = mention_key(mention)
        if key is not None:
            keys[key] += 1
            names.setdefault(key, mention.text)
        if mention.start >= lead_end:
            continue
        if mention.type is MentionType.PERSON and key:
            people.add(key)
        elif mention.type in _PLACES and key and mention.role != "people":
            places.add(key)
        elif _is_count(mention) and mention.qualifier in (None, Qualifier.EXACT):
            assert mention.unit is not None and mention.value is not None
            counts.setdefault(unit_key(mention.unit), set()).add(mention.value)
        elif mention.type is MentionType.DATE:
            weekday = _weekday(mention)
            if weekday:
                weekdays.add(weekday)
            day = _day(mention)
            if day is not None:
                years.add(day.year)
                event_day = event_day or day
            elif mention.resolution is Resolution.ABSOLUTE and mention.canonical:
                years.add(int(mention.canonical[:4]))
    published = _parse_day(annotation.document_date.value)
    if published is not None:
        years.add(published.year)
    lead = article.text[:lead_end]
    return EventProfile(
        article_id=article.id,
        outlet=article.outlet,
        title=article.title,
        lead=f"{article.title}. {lead}".strip(),
        published=published,
        event_day=event_day,
        keys=keys,
        terms=hashed_terms(f"{article.title}\n{article.text}"),
        lead_people=frozenset(people),
        lead_places=frozenset(places),
        lead_counts={unit: frozenset(values) for unit, values in counts.items()},
        lead_weekdays=frozenset(weekdays),
        lead_years=frozenset(years),
        names=names,
    )


def mention_key(mention: Mention) -> str | None:
    """The comparable key of a mention, or None for what tells events apart poorly."""
    if mention.canonical is None:
        return None
    if mention.type in _ACTORS:
        return f"act:{mention.canonical}"
    if mention.type in _PLACES:
        return f"pla:{mention.canonical}"
    if _is_count(mention):
        assert mention.unit is not None
        hedge = "" if mention.qualifier in (None, Qualifier.EXACT) else "~"
        return f"num:{hedge}{mention.canonical}|{unit_key(mention.unit)}"
    if mention.type is MentionType.DATE and mention.precision is DatePrecision.DAY:
        return f"day:{mention.canonical}"
    return None


def hashed_terms(text: str) -> Counter[int]:
    """Content-word counts, hashed into a fixed number of buckets (stable across runs,
    so document frequencies can be kept as one array and updated incrementally)."""
    words = (w.casefold() for w in _TOKEN.findall(text))
    return Counter(term_bucket(w) for w in words if w not in _STOPWORDS)


def term_bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % TERM_BUCKETS


def _lead_end(article: Article, annotation: Annotation) -> int:
    sentences = annotation.sentences
    if len(sentences) <= LEAD_SENTENCES:
        return len(article.text)
    return sentences[LEAD_SENTENCES - 1].end


def _is_count(mention: Mention) -> bool:
    return (
        mention.type is MentionType.NUMBER
        and mention.unit is not None
        and mention.value is not None
        and mention.qualifier is not Qualifier.VAGUE
    )


def unit_key(unit: str) -> str:
    """Counted things compared loosely: "prisoners of war" ~ "prisoners" ~ "prisoner", and
    every kind of people (prisoners, detainees, citizens, Armenians) is ``people``."""
    words = unit.casefold().split(" of ")[0].split()
    if not words:
        return unit
    head = words[-1]
    single = head[:-1] if head.endswith("s") and len(head) > 3 else head
    if head in _PEOPLE or single in _PEOPLE or _is_demonym(head):
        return "people"
    return single


_PEOPLE = frozenset(
    line.strip().casefold()
    for line in resources.files("rashomon.stories")
    .joinpath("data/people_units.txt")
    .read_text("utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)


@cache
def _demonyms() -> Gazetteer:
    return Gazetteer.load()


def _is_demonym(word: str) -> bool:
    return _demonyms().country_of_demonym(word) is not None


def _weekday(mention: Mention) -> int:
    relation = Relation.from_note(mention.note)
    return relation.weekday if relation is not None and relation.kind == "weekday" else 0


def _day(mention: Mention) -> date | None:
    if mention.precision is not DatePrecision.DAY or mention.resolution is Resolution.UNRESOLVED:
        return None
    return _parse_day(mention.canonical)


def _parse_day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def profile_to_json(profile: EventProfile) -> dict[str, object]:
    """A profile as JSON-ready data (for the ``story_profiles`` table)."""
    return {
        "outlet": profile.outlet,
        "title": profile.title,
        "lead": profile.lead,
        "published": profile.published.isoformat() if profile.published else None,
        "event_day": profile.event_day.isoformat() if profile.event_day else None,
        "keys": dict(profile.keys),
        "terms": {str(k): v for k, v in profile.terms.items()},
        "lead_people": sorted(profile.lead_people),
        "lead_places": sorted(profile.lead_places),
        "lead_counts": {u: sorted(v) for u, v in profile.lead_counts.items()},
        "lead_weekdays": sorted(profile.lead_weekdays),
        "lead_years": sorted(profile.lead_years),
        "names": profile.names,
    }


def profile_from_json(article_id: str, data: dict[str, object]) -> EventProfile:
    def day(value: object) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else None

    def strings(value: object) -> list[str]:
        return [str(v) for v in value] if isinstance(value, list) else []

    def ints(value: object) -> list[int]:
        return [int(v) for v in value] if isinstance(value, list) else []

    keys = data.get("keys")
    terms = data.get("terms")
    counts = data.get("lead_counts")
    return EventProfile(
        article_id=article_id,
        outlet=data["outlet"] if isinstance(data.get("outlet"), str) else None,  # type: ignore[arg-type]
        title=str(data.get("title", "")),
        lead=str(data.get("lead", "")),
        published=day(data.get("published")),
        event_day=day(data.get("event_day")),
        keys=Counter({str(k): int(v) for k, v in keys.items()} if isinstance(keys, dict) else {}),
        terms=Counter(
            {int(k): int(v) for k, v in terms.items()} if isinstance(terms, dict) else {}
        ),
        lead_people=frozenset(strings(data.get("lead_people"))),
        lead_places=frozenset(strings(data.get("lead_places"))),
        lead_counts=(
            {str(u): frozenset(float(x) for x in v) for u, v in counts.items()}
            if isinstance(counts, dict)
            else {}
        ),
        lead_weekdays=frozenset(ints(data.get("lead_weekdays"))),
        lead_years=frozenset(ints(data.get("lead_years"))),
        names=dict(names) if isinstance(names := data.get("names"), dict) else {},
    )


def window_day(profile: EventProfile) -> date | None:
    """The day that places an article in time for candidate search."""
    return profile.event_day or profile.published
