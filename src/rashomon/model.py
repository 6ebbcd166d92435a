"""The records every stage passes along, defined once.

Hot-path records are frozen, slotted dataclasses: cheap to build in bulk, safe
to share between processes, impossible to mutate behind a stage's back. What
crosses a boundary (the JSON export, later the web API) is validated by the
pydantic models in :mod:`rashomon.report.export_model`, which are built from
these records.

Offsets: every span (``start``, ``end``) is a half-open range of character
offsets (Python ``str`` indices) into the text it names, so a fact can always
be traced to its exact words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class InputFormat(StrEnum):
    """What a reader recognised an input as."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSONL = "jsonl"
    JSON = "json"
    FEED = "feed"
    WARC = "warc"


class Severity(StrEnum):
    """How bad a problem with an input is.

    ``error``: the input (or record) was not stored. ``warning``: it was stored,
    but the user should know something (a non-English text, a summary-only feed
    entry, a date that could not be read). ``skipped``: deliberately not stored
    for a reason that is not a fault (already in the database, a non-HTML WARC
    record).
    """

    ERROR = "error"
    WARNING = "warning"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an article came from: the file, its detected format, and the
    record inside it (``line 12``, ``entry 3``, ``record 5``) for containers."""

    path: str
    format: InputFormat
    locator: str | None = None

    def __str__(self) -> str:
        return f"{self.path} ({self.locator})" if self.locator else self.path


@dataclass(frozen=True, slots=True)
class Problem:
    """Something about an input the user must be told about, kept as data so
    the summary, the database and the exit code all see the same thing."""

    path: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    locator: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}, {self.locator}" if self.locator else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A span of the raw text that is not in the cleaned text, and why.

    ``rule`` names the noise rule (see ``ingest/rules/noise.yaml``) or ``title``
    for a first line that became the article's title.
    """

    start: int
    end: int
    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class Draft:
    """An article as a reader found it: text not yet cleaned, metadata as
    declared by the input (front matter, JSON fields, HTML meta, feed fields)."""

    raw_text: str
    source: SourceRef
    raw: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    country: str | None = None
    url: str | None = None
    published: str | None = None
    fetched: str | None = None
    author: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, cleaned, identified and ready for analysis.

    ``raw_text`` is the text as extracted from the input; ``text`` is
    ``raw_text`` without the ``removed`` spans. ``duplicate_of`` names the
    article this one is a syndicated copy of, so later stages count a wire
    story once.
    """

    id: str
    title: str
    text: str
    raw_text: str
    content_hash: str
    source: SourceRef
    raw: str = ""
    removed: tuple[RemovedSpan, ...] = ()
    outlet: str | None = None
    country: str | None = None
    url: str | None = None
    published: str | None = None
    fetched: str | None = None
    author: str | None = None
    language: str | None = None
    language_score: float | None = None
    duplicate_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def is_english(self) -> bool:
        """English-only stages (the spaCy model) take only these articles."""
        return self.language == "en"


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest run did, for the summary and the exit code."""

    ingested: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.SKIPPED)


# -- understanding: sentences and normalised mentions ----------------------------------


class MentionType(StrEnum):
    """What a mention refers to. ``state`` is a country or its government acting
    ("Baku said", "Azerbaijan handed over"); ``place`` is a location as such."""

    PERSON = "person"
    ORGANISATION = "organisation"
    STATE = "state"
    PLACE = "place"
    GROUP = "group"  # a people named by a demonym: "Armenians", "ethnic Armenians"
    NUMBER = "number"
    DATE = "date"


class Qualifier(StrEnum):
    """How a count is hedged: "15" exact, "more than 6,000" at least, "nearly 300"
    about, "up to 50" at most, "tens of thousands" vague."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    ABOUT = "about"
    AT_MOST = "at_most"
    VAGUE = "vague"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"  # an ISO week: "last week" -> 2023-W49
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"


class Resolution(StrEnum):
    """How a date expression got its value."""

    ABSOLUTE = "absolute"  # the text says it: "November 9, 2020"
    RELATIVE = "relative"  # computed from the document date: "on Saturday"
    UNRESOLVED = "unresolved"  # no anchor, or ambiguous: see the mention's ``note``


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article's cleaned text, by offsets."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article's cleaned text that names something comparable across sources.

    ``canonical`` is the same string for every mention of the same thing in a
    corpus: an actor or place id (``geo:587084``, ``person:antony-blinken``), a number
    (``15``), an ISO date (``2021-07-03``), or None when it could not be normalised
    (``note`` says why). Type-specific details: ``value``, ``qualifier`` and ``unit``
    for numbers (``unit`` is the counted thing: "prisoners of war"); ``precision``,
    ``resolution`` and ``note`` for dates (``note`` names the anchor or the reason it
    is unresolved); ``role`` for actors and demonyms (a title such as "Secretary of
    State", or "people" / "state" for a demonym).
    """

    start: int
    end: int
    text: str
    type: MentionType
    canonical: str | None = None
    value: float | None = None
    upper: float | None = None  # the upper bound of a range ("between 40 and 50")
    qualifier: Qualifier | None = None
    unit: str | None = None
    precision: DatePrecision | None = None
    resolution: Resolution | None = None
    note: str | None = None
    role: str | None = None
    label: str | None = None  # the NER label or rule that found it, for debugging


LINKED_TYPES = frozenset({MentionType.PERSON, MentionType.ORGANISATION})
"""The mentions that name an actor given one id across the corpus (people and
organisations): what corpus-wide linking reads and renames."""


@dataclass(frozen=True, slots=True)
class ActorName:
    """One way a corpus names an actor, as corpus-wide linking reads it: the actor id
    an article gives alone (``canonical``, before any linking), the words (``text``),
    the office a person holds (``office``: the mention's ``note``) and how many
    mentions read so (``count``)."""

    type: MentionType
    canonical: str
    text: str
    office: str | None
    count: int


class QuoteKind(StrEnum):
    DIRECT = "direct"  # the source's own words, in quotation marks
    INDIRECT = "indirect"  # reported speech or belief ("officials said that ...")


@dataclass(frozen=True, slots=True)
class Quote:
    """An attribution: words (``start``/``end``: the content, inside any quotation
    marks) credited to a source by a cue ("said", "according to").

    ``speaker`` is the source as the article names it (a pronoun resolved to the name
    it stands for), ``speaker_id`` its canonical actor id, ``speaker_start/end`` the
    words of the attribution naming it (the pronoun itself, for "he said"); all None
    when the source is unknown — and an unknown source never disputes anything.
    """

    start: int
    end: int
    kind: QuoteKind
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """An article's own date and where it came from (metadata, dateline, none).

    ``source`` ``text`` or ``dateline+text``: the year was read from the article's
    own text (:mod:`rashomon.understand.textyear`); ``reason`` then says how."""

    value: str | None
    source: str  # "metadata" | "dateline" | "text" | "dateline+text" | "none"
    precision: DatePrecision | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """What the understanding stage found in one article.

    ``doc`` is the serialised spaCy parse (a DocBin), kept so later stages need not
    parse again; ``model`` names the pipeline and rules that made it. ``quotes`` are
    the article's attributions (who said what), in text order.
    ``skipped`` says why an article was not analysed (it is then recorded as done,
    with no sentences or mentions, so no later run tries again).
    """

    article_id: str
    document_date: DocumentDate
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    model: str = ""
    doc: bytes = b""
    skipped: str | None = None
    quotes: tuple[Quote, ...] = ()


# -- stories: articles grouped by the real-world event they report -------------------


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of evidence in deciding whether two articles report the same event.

    ``weight`` is its contribution to the decision's log-odds (positive joins,
    negative splits); ``detail`` says it in words ("both name Tórshavn").
    """

    name: str
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class PairDecision:
    """Why two articles were judged the same event or not: the signals and the result."""

    article: str
    other: str
    probability: float
    signals: tuple[Signal, ...] = ()


@dataclass(frozen=True, slots=True)
class Apart:
    """A nearby story kept separate: the mean same-event probability over the article
    pairs compared across the two (what average linkage weighed), the closest pair, and
    the pair with the strongest evidence against."""

    story: str
    probability: float
    pairs: int
    closest: PairDecision
    decisive: PairDecision


@dataclass(frozen=True, slots=True)
class DateCompletion:
    """A relative date in one article, resolved from the date another article of the
    same story states ("on Saturday" -> 2021-06-12, because that article says June 12)."""

    article: str
    start: int
    end: int
    text: str
    value: str
    precision: DatePrecision
    anchor_article: str


@dataclass(frozen=True, slots=True)
class StoryDate:
    """When a story happened. ``basis``: ``stated`` (an article's text gives the date),
    ``published`` (only publication dates are known: the earliest is used),
    ``written`` (only the month or year an article was written in is known, from
    coarse metadata or read from its text) or ``none``; ``sources`` are the articles
    that fixed it."""

    value: str | None
    precision: DatePrecision | None
    basis: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report one real-world event, and why they were grouped.

    ``joins`` holds, for every article but the first, its strongest link to another
    member; ``apart`` holds the nearby stories and why they were kept separate.
    """

    id: str
    title: str
    date: StoryDate
    articles: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    storyline: str | None = None
    joins: tuple[PairDecision, ...] = ()
    apart: tuple[Apart, ...] = ()
    completions: tuple[DateCompletion, ...] = ()


@dataclass(frozen=True, slots=True)
class Storyline:
    """Related stories chained over time (talks, a later round, the war behind them)."""

    id: str
    title: str
    stories: tuple[str, ...]


# -- compare: what each outlet says about a story ------------------------------------


class ClaimKind(StrEnum):
    """What a claim states: a count, when something happened, who is credited with a
    role (mediator), who said a quoted sentence, what a person is called, a sentence
    several outlets word alike, or where something happened or is."""

    COUNT = "count"
    DATE = "date"
    CREDIT = "credit"
    QUOTE = "quote"
    TITLE = "title"  # what an outlet calls a person: "former FBI director"
    STATEMENT = "statement"  # a sentence another outlet words alike
    PLACE = "place"  # where something happened or is: "mines in: Agdam"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact words behind a claim: the sentence (``start``..``end`` in the article's
    cleaned text) and, inside it, the words that carry the value (``value_start``..)."""

    article: str
    sentence: str
    start: int
    end: int
    value_start: int
    value_end: int


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing one article states, normalised so it can be compared with other outlets.

    ``attribute`` names what the value is about in words ("people killed");
    ``predicate`` is its class from ``compare/data/predicates.yaml`` ("killed"), or
    None when the words are not in the lexicon (then only embeddings align it);
    ``subject`` the actor or state it is about ("Iceland" asked 16.5 percent), when
    stated. Counts carry ``low``/``high`` (the interval the wording allows) and their
    ``qualifier``; dates their ``precision``. ``background`` holds a date the
    sentence gives that is not the story's own, so a figure from an earlier event
    is never compared with this one's.
    """

    article: str
    kind: ClaimKind
    attribute: str
    value: str
    evidence: Evidence
    predicate: str | None = None
    unit: str | None = None
    subject: str | None = None
    subject_name: str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier | None = None
    strict: bool = False  # a bound that excludes its figure: "almost 48", "more than 300"
    precision: DatePrecision | None = None
    background: str | None = None
    phrase: str = ""
    label: str = ""  # what a person would call it: "military construction money"
    entities: tuple[str, ...] = ()  # the actors and places its sentence names (ids)


@dataclass(frozen=True, slots=True)
class Fact:
    """One value of one attribute of a story, with every sentence that states it.

    ``independent`` counts the outlets behind it, a syndicated copy counting with its
    original. ``refinements`` names the sources that give a more specific value than
    ``value`` states ("312" where others say "more than 300").
    """

    id: str
    attribute: str
    kind: ClaimKind
    statement: str
    value: str
    sources: tuple[Evidence, ...]
    articles: tuple[str, ...]
    independent: int
    refinements: tuple[str, ...] = ()
    label: str = ""  # a short label a person would write: "tariff on steel imports"


@dataclass(frozen=True, slots=True)
class Alternative:
    """One side of a discrepancy: a value, the articles that give it and their words."""

    value: str
    articles: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """An attribute of a story whose values cannot all be true.

    ``severity`` is ``high`` (the story's main figures or dates), ``medium`` or
    ``low`` (a background detail), or :data:`UNCLEAR` (dates a day apart: shown, but
    not a contradiction); ``conservative`` is, for counts, the lowest credible figure
    with the dispute noted (the ACLED rule).
    """

    id: str
    attribute: str
    kind: ClaimKind
    alternatives: tuple[Alternative, ...]
    severity: str
    explanation: str
    conservative: str | None = None
    facts: tuple[str, ...] = ()

    @property
    def contradicts(self) -> bool:
        """Whether the sources contradict each other (not merely :data:`UNCLEAR`)."""
        return self.severity != UNCLEAR


# A difference between sources that may not be one (dates a day apart): shown apart
# from the contradictions and never counted among them.
UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class Omission:
    """A fact of the story that some of its articles report (``reported_by``) and
    others (``missing_from``) do not; reported by one outlet only, it is "only in"
    that outlet."""

    fact: str
    statement: str
    missing_from: tuple[str, ...]
    reported_by: tuple[str, ...] = ()
    only_in: str | None = None  # the outlet, when one outlet alone reports it


@dataclass(frozen=True, slots=True)
class Inconsistency:
    """A single article whose own figures or titles do not add up."""

    article: str
    kind: str  # "sum" | "title"
    explanation: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything rashomon can say about how a story's sources agree and differ."""

    story: str
    facts: tuple[Fact, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    omissions: tuple[Omission, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()
    framing: Framing | None = None  # for stories told by two or more outlets


class Voice(StrEnum):
    """Whose words a label is: the outlet's own, or inside an attribution."""

    OWN = "own"
    QUOTED = "quoted"


@dataclass(frozen=True, slots=True)
class Label:
    """One expression an article uses for a referent (``start``/``end`` in its text).

    ``how``: ``name`` (a name alone), ``title`` (the words describing a name: "North
    Korean leader" of "North Korean leader Kim Jong Un"), ``apposition`` ("Kim, the
    North Korean dictator"), ``description`` (no name: "the North Korean dictator", "the
    summit") or ``participants`` (people a happening acts on: "15 Armenian detainees"
    handed over). ``voice`` is
    ``quoted`` inside an attribution, whose source is ``speaker_id`` (None if unknown).
    """

    article: str
    start: int
    end: int
    text: str
    referent: str
    how: str
    voice: Voice
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True)
class Referent:
    """A thing a story is about, and every label its articles give it.

    ``id`` is the actor or place id of a named referent (``person:kim-jong-un``,
    ``country:KP``; ``country:AM/people`` for a people named by a demonym),
    ``role:<what happened to them>`` for people a happening acts on (``role:released``),
    or ``thing:<head word>``; ``name`` the commonest name given; ``kind`` person,
    organisation, state, place, group, participants or thing.
    """

    id: str
    name: str
    kind: str
    labels: tuple[Label, ...]


class DifferenceKind(StrEnum):
    """How two renderings of one statement differ."""

    WORDING = "wording"  # the same meaning in other words (a translation, a synonym)
    MEANING = "meaning"  # a negation, a number or a name, a condition, a stronger verb
    TRUNCATED = "truncated"  # one quotes part of what the other quotes
    MISATTRIBUTION = "misattribution"  # the same words credited to different speakers


@dataclass(frozen=True, slots=True)
class Rendering:
    """One article's rendering of a statement: the quoted (or reported) words at
    ``start``/``end`` of its text, credited to ``speaker`` (``speaker_id``)."""

    article: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None
    speaker_id: str | None


@dataclass(frozen=True, slots=True)
class QuoteDifference:
    """What differs between two renderings (``a``, ``b``: indexes into the
    statement's renderings): the words of each side that differ, and why it counts."""

    kind: DifferenceKind
    a: int
    b: int
    a_words: str
    b_words: str
    note: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One utterance as two or more articles render it."""

    id: str
    speaker_id: str | None
    speaker: str | None
    renderings: tuple[Rendering, ...]
    differences: tuple[QuoteDifference, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadedUse:
    """One use of a loaded or evaluative word (``data/loaded.yaml``): the words at
    ``start``/``end`` of an article's text, the lexicon entry (``term``; ``evaluative``
    for a judging verb or adjective) with its neutral wording, and whose words they
    are (``voice``; the quote's ``speaker_id`` when quoted)."""

    article: str
    start: int
    end: int
    text: str
    term: str
    neutral: str | None
    voice: Voice
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True)
class Contrast:
    """A loaded term one outlet uses in its own voice while another only quotes it
    (or the reverse is absent): ``own`` and ``quoted_only`` are article ids."""

    term: str
    neutral: str | None
    own: tuple[str, ...]
    quoted_only: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Voices:
    """Whom one article lets speak: a source credited with quotes, how many, and how
    many words of the article they hold."""

    article: str
    speaker_id: str | None
    speaker: str
    quotes: int
    words: int


@dataclass(frozen=True, slots=True)
class Framing:
    """How the outlets of one story tell it: one speaker's statements as each renders
    them, the story's referents with each outlet's labels, loaded words and whose
    voice they are in, the terms one outlet says and another only quotes, and whom
    each outlet lets speak."""

    statements: tuple[Statement, ...] = ()
    referents: tuple[Referent, ...] = ()
    loaded: tuple[LoadedUse, ...] = ()
    contrasts: tuple[Contrast, ...] = ()
    voices: tuple[Voices, ...] = ()
    outlets: tuple[tuple[str, str], ...] = ()  # (article, outlet) of each member


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated happening, merged across the articles that date it.

    ``dates`` has one alternative per distinct date given; more than one incompatible
    alternative is a ``disagreement``. ``story`` is set when the happening is a
    story of the corpus itself rather than background an article refers to.
    """

    date: str
    precision: DatePrecision
    event: str
    articles: tuple[str, ...]
    dates: tuple[Alternative, ...]
    disagreement: bool = False
    story: str | None = None
