"""The JSON export: rashomon's machine contract, validated with pydantic.

Every export is built through these models, so what we write is what the
schema says; the JSON Schema in ``docs/export.schema.json`` is generated from
them (``rashomon schema``) and a test keeps the two identical. Later stages add
their own top-level lists (``stories``, ``storylines``, ``timeline``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rashomon.model import (
    Alternative,
    Annotation,
    Article,
    Comparison,
    Evidence,
    Framing,
    Mention,
    PairDecision,
    Quote,
    Story,
    Storyline,
    TimelineEntry,
)

EXPORT_FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportRemovedSpan(_Strict):
    """Text cut from the article, with the rule that cut it."""

    start: int = Field(ge=0, description="Offset of the cut in the article's raw text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the raw text.")
    rule: str = Field(description="Noise rule name, or 'title' for a line taken as the headline.")
    text: str = Field(description="The text that was cut.")


class ExportSource(_Strict):
    """Where the article was read from."""

    path: str
    format: Literal["text", "markdown", "html", "jsonl", "json", "feed", "warc"]
    locator: str | None = Field(None, description="Record inside the file: 'line 12', 'entry 3'.")


class ExportMention(_Strict):
    """A span of the cleaned text naming something comparable across sources."""

    text: str
    start: int = Field(ge=0, description="Offset in the article's cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the cleaned text.")
    type: Literal["person", "organisation", "state", "place", "group", "number", "date"]
    canonical: str | None = Field(
        description="The same string for every mention of the same thing: an actor or place"
        " id, a number, an ISO date; null when it could not be normalised (see note)."
    )
    value: float | None = Field(
        None, description="Numbers: the value (the lower bound of a range)."
    )
    upper: float | None = Field(None, description="Numbers: the upper bound of a range.")
    qualifier: Literal["exact", "at_least", "about", "at_most", "vague"] | None = None
    unit: str | None = Field(None, description="Numbers: the counted thing.")
    precision: Literal["day", "week", "month", "year", "decade"] | None = None
    resolution: Literal["absolute", "relative", "unresolved"] | None = None
    note: str | None = Field(None, description="Dates: the anchor used, or why unresolved.")
    role: str | None = Field(None, description="Actors: title or office; demonyms: people/state.")

    @classmethod
    def from_mention(cls, m: Mention) -> ExportMention:
        return cls(
            text=m.text,
            start=m.start,
            end=m.end,
            type=m.type.value,
            canonical=m.canonical,
            value=m.value,
            upper=m.upper,
            qualifier=m.qualifier.value if m.qualifier else None,
            unit=m.unit,
            precision=m.precision.value if m.precision else None,
            resolution=m.resolution.value if m.resolution else None,
            note=m.note,
            role=m.role,
        )


class ExportQuote(_Strict):
    """Who said what: words credited to a source by a cue ("said", "according to")."""

    id: str = Field(description="Stable id: the article id and the quoted words' offsets.")
    text: str = Field(description="The quoted or reported words (without quotation marks).")
    start: int = Field(ge=0, description="Offset of the words in the article's cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the cleaned text.")
    kind: Literal["direct", "indirect"] = Field(
        description="'direct': the source's words in quotation marks; 'indirect': reported"
        " speech or belief ('officials said that ...')."
    )
    cue: str | None = Field(description="The attributing words ('said', 'according to').")
    speaker: str | None = Field(
        description="The source as the article names it (a pronoun resolved to the name it"
        " stands for), or null when it is unknown."
    )
    speaker_id: str | None = Field(
        description="The source's canonical actor id (see mentions), or null."
    )
    speaker_start: int | None = Field(
        None, description="Offset of the words naming the source (the pronoun for 'he said')."
    )
    speaker_end: int | None = None

    @classmethod
    def from_quote(cls, article: Article, quote: Quote) -> ExportQuote:
        return cls(
            id=f"{article.id}:q{quote.start}-{quote.end}",
            text=article.text[quote.start : quote.end],
            start=quote.start,
            end=quote.end,
            kind=quote.kind.value,
            cue=quote.cue,
            speaker=quote.speaker,
            speaker_id=quote.speaker_id,
            speaker_start=quote.speaker_start,
            speaker_end=quote.speaker_end,
        )


class ExportDocumentDate(_Strict):
    """The article's own date: from its metadata, its dateline, or unknown; ``text``
    and ``dateline+text`` when its year was read from its own text (``reason`` says
    how)."""

    value: str | None
    source: Literal["metadata", "dateline", "text", "dateline+text", "none"]
    precision: Literal["day", "week", "month", "year", "decade"] | None = None
    reason: str | None = None


class ExportArticle(_Strict):
    """One article as stored: metadata, cleaned text and what was cut."""

    id: str
    title: str
    outlet: str | None
    country: str | None
    url: str | None
    published: str | None = Field(description="ISO 8601 date or datetime, or null if unknown.")
    fetched: str | None = Field(None, description="When a crawler fetched it (WARC date).")
    author: str | None = None
    language: str | None = Field(description="ISO 639-1 code detected from the text.")
    text: str = Field(description="Cleaned text: the raw text without the removed spans.")
    removed: list[ExportRemovedSpan]
    duplicate_of: str | None = Field(
        description="Id of the article this one is a syndicated copy of, or null."
    )
    warnings: list[str]
    source: ExportSource
    extra: dict[str, Any] = Field(description="Input fields rashomon does not interpret.")
    raw_text: str | None = Field(None, description="Text before cleaning (only with --raw).")
    document_date: ExportDocumentDate | None = Field(
        None, description="Null until the article is annotated (English articles only)."
    )
    mentions: list[ExportMention] = Field(
        default_factory=list, description="Entities, numbers, dates, places and actors."
    )
    quotes: list[ExportQuote] = Field(
        default_factory=list, description="Who said what, in text order."
    )
    not_analysed: str | None = Field(
        None,
        description="Why the article was stored but not analysed (e.g. too long to parse),"
        " or null.",
    )

    @classmethod
    def from_article(
        cls,
        article: Article,
        *,
        include_raw: bool = False,
        annotation: Annotation | None = None,
    ) -> ExportArticle:
        date = annotation.document_date if annotation else None
        return cls(
            id=article.id,
            title=article.title,
            outlet=article.outlet,
            country=article.country,
            url=article.url,
            published=article.published,
            fetched=article.fetched,
            author=article.author,
            language=article.language,
            text=article.text,
            removed=[
                ExportRemovedSpan(start=s.start, end=s.end, rule=s.rule, text=s.text)
                for s in article.removed
            ],
            duplicate_of=article.duplicate_of,
            warnings=list(article.warnings),
            source=ExportSource(
                path=article.source.path,
                format=article.source.format.value,
                locator=article.source.locator,
            ),
            extra=article.extra,
            raw_text=article.raw_text if include_raw else None,
            document_date=ExportDocumentDate(
                value=date.value,
                source=date.source,  # type: ignore[arg-type]
                precision=date.precision.value if date.precision else None,
                reason=date.reason,
            )
            if date
            else None,
            mentions=[ExportMention.from_mention(m) for m in annotation.mentions]
            if annotation
            else [],
            quotes=[ExportQuote.from_quote(article, q) for q in annotation.quotes]
            if annotation
            else [],
            not_analysed=annotation.skipped if annotation else None,
        )


class ExportStoryDate(_Strict):
    """When the story happened, how precisely, and on what basis."""

    value: str | None = Field(description="ISO date (YYYY-MM-DD, YYYY-MM or YYYY), or null.")
    precision: Literal["day", "week", "month", "year", "decade"] | None
    basis: Literal["stated", "published", "written", "none"] = Field(
        description="'stated': articles' text gives it (see sources); 'published': only"
        " publication dates are known, the earliest is used; 'written': only the month"
        " or year an article was written in is known (coarse metadata, or the year read"
        " from its text: see the article's document_date.reason); 'none': no date at all."
    )
    sources: list[str] = Field(description="Ids of the articles that fixed the date.")


class ExportSignal(_Strict):
    """One piece of evidence in a same-event decision."""

    name: str = Field(description="meaning, shared, wording, or <attribute>_conflict.")
    weight: float = Field(description="Contribution to the log-odds of 'same event'.")
    detail: str


class ExportDecision(_Strict):
    """Why two articles were, or were not, judged to report the same event."""

    article: str
    other: str
    probability: float = Field(ge=0, le=1)
    signals: list[ExportSignal]

    @classmethod
    def from_decision(cls, d: PairDecision) -> ExportDecision:
        return cls(
            article=d.article,
            other=d.other,
            probability=d.probability,
            signals=[
                ExportSignal(name=s.name, weight=s.weight, detail=s.detail) for s in d.signals
            ],
        )


class ExportApart(_Strict):
    """A nearby story kept separate, and why."""

    story: str = Field(description="The nearby story (its id when this story was grouped).")
    probability: float = Field(
        ge=0, le=1, description="Mean same-event probability over the compared article pairs."
    )
    pairs: int = Field(ge=1, description="How many article pairs were compared.")
    closest: ExportDecision = Field(description="The pair most alike.")
    decisive: ExportDecision = Field(description="The pair with the most evidence against.")


class ExportDateCompletion(_Strict):
    """A relative date of one article resolved from a date another article states."""

    article: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    value: str
    precision: Literal["day", "week", "month", "year", "decade"]
    anchor_article: str


_Kind = Literal["count", "date", "credit", "quote", "title", "statement", "place"]


class ExportEvidence(_Strict):
    """The sentence a fact was read from: offsets into the article's cleaned text."""

    article: str
    sentence: str = Field(description="The whole sentence, as the article words it.")
    start: int = Field(ge=0, description="Start offset of the sentence.")
    end: int = Field(ge=0, description="End offset (exclusive) of the sentence.")
    value_start: int = Field(ge=0, description="Start offset of the words giving the value.")
    value_end: int = Field(ge=0, description="End offset of the words giving the value.")

    @classmethod
    def from_evidence(cls, e: Evidence) -> ExportEvidence:
        return cls(
            article=e.article,
            sentence=e.sentence,
            start=e.start,
            end=e.end,
            value_start=e.value_start,
            value_end=e.value_end,
        )


class ExportFact(_Strict):
    """One value of one attribute of a story, with every sentence stating it."""

    id: str
    statement: str = Field(description="The fact in words, with more specific variants named.")
    label: str = Field(
        description="What the value is, as a person would label it: 'military construction"
        " money', 'tariff on steel imports', 'Armenia handed over'."
    )
    attribute: str = Field(
        description="What the value is aligned on across outlets: 'people killed'."
    )
    kind: _Kind
    value: str
    independent: int = Field(
        ge=0, description="Outlets behind it; a copy counts with its original."
    )
    sources: list[ExportEvidence]


class ExportAlternative(_Strict):
    """One side of a discrepancy."""

    value: str
    articles: list[str]
    evidence: list[ExportEvidence]

    @classmethod
    def from_alternative(cls, a: Alternative) -> ExportAlternative:
        return cls(
            value=a.value,
            articles=list(a.articles),
            evidence=[ExportEvidence.from_evidence(e) for e in a.evidence],
        )


class ExportDiscrepancy(_Strict):
    """An attribute whose values, as the sources give them, cannot all be true."""

    id: str
    attribute: str
    kind: _Kind
    severity: Literal["high", "medium", "low", "unclear"] = Field(
        description='"unclear": dates a day apart, shown but not a contradiction.'
    )
    alternatives: list[ExportAlternative]
    explanation: str
    conservative: str | None = Field(
        None, description="For counts: the lowest credible figure, with the dispute noted."
    )


class ExportOmission(_Strict):
    """A fact others report that these articles leave out."""

    fact: str = Field(description="Id of the fact (see facts[]).")
    statement: str
    missing_from: list[str] = Field(
        description="Article ids that do not state it anywhere in their text (originals,"
        " not their copies)."
    )
    reported_by: list[str] = Field(description="Article ids that state it.")
    only_in: str | None = Field(
        description="The outlet that alone reports it (in a story of several outlets), or"
        " null when two or more outlets report it."
    )


class ExportInconsistency(_Strict):
    """An article whose own parts do not add up."""

    article: str
    kind: Literal["sum", "title"]
    explanation: str
    evidence: list[ExportEvidence]


class ExportVariant(_Strict):
    """One article's rendering of a statement."""

    article: str
    outlet: str | None
    quote: str = Field(description="The quoted or reported words, as this article gives them.")
    start: int = Field(ge=0, description="Offset of the words in the article's cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive).")
    kind: Literal["direct", "indirect"]
    speaker: str | None = Field(description="The speaker as this article names them.")
    speaker_id: str | None


class ExportQuoteDifference(_Strict):
    """What differs between two renderings of one statement."""

    kind: Literal["wording", "meaning", "truncated", "misattribution"] = Field(
        description="'meaning': a negation, number, name, condition, qualifier or stronger"
        " verb; 'wording': other words for the same; 'truncated': one quotes words the other"
        " leaves out; 'misattribution': the same words credited to different speakers."
    )
    between: list[int] = Field(description="Indexes of the two variants in variants[].")
    a: str = Field(description="The first variant's words that differ (or its speaker).")
    b: str = Field(description="The second variant's words that differ (or its speaker).")
    note: str


class ExportStatement(_Strict):
    """One utterance as two or more articles render it."""

    id: str
    speaker_id: str | None
    speaker: str | None
    variants: list[ExportVariant]
    differences: list[ExportQuoteDifference]


class ExportFramingLabel(_Strict):
    """One expression an article uses for one of the story's referents."""

    referent: str = Field(description="The referent's id ('person:kim-jong-un', 'thing:summit').")
    referent_name: str
    referent_kind: str
    outlet: str | None
    article: str
    label: str = Field(description="The words, as the article gives them.")
    how: Literal["name", "title", "apposition", "description", "participants"]
    voice: Literal["own", "quoted"] = Field(
        description="'quoted': inside a quotation or reported speech (the speaker's words)."
    )
    speaker_id: str | None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    loaded: str | None = Field(
        description="The loaded-wording entry the label holds (see data/loaded.yaml), or null."
    )


class ExportLoadedUse(_Strict):
    """A loaded or judging word (data/loaded.yaml) and whose voice it is in."""

    article: str
    outlet: str | None
    term: str = Field(description="The lexicon entry; 'evaluative' for a judging word.")
    neutral: str | None = Field(description="What a neutral report would say.")
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    voice: Literal["own", "quoted"]
    speaker_id: str | None


class ExportContrast(_Strict):
    """A term some outlets use in their own voice and others only quote."""

    term: str
    neutral: str | None
    own: list[str] = Field(description="Articles that use it in their own voice.")
    quoted_only: list[str] = Field(description="Articles that have it only inside quotes.")


class ExportVoices(_Strict):
    """Whom one article lets speak, and how much."""

    article: str
    outlet: str | None
    speaker_id: str | None
    speaker: str
    quotes: int = Field(ge=0)
    words: int = Field(ge=0, description="Words of the article inside this source's quotes.")


class ExportTimelineEntry(_Strict):
    """A dated happening, with the date each source gives."""

    date: str
    precision: Literal["day", "week", "month", "year", "decade"]
    event: str
    articles: list[str]
    story: str | None = Field(None, description="The story this entry is, if it is one.")
    dates: list[ExportAlternative] = Field(description="Each date given, with its sources.")
    disagreement: bool = Field(description="Sources give dates that cannot all be true.")

    @classmethod
    def from_entry(cls, e: TimelineEntry) -> ExportTimelineEntry:
        return cls(
            date=e.date,
            precision=e.precision.value,
            event=e.event,
            articles=list(e.articles),
            story=e.story,
            dates=[ExportAlternative.from_alternative(a) for a in e.dates],
            disagreement=e.disagreement,
        )


class ExportStory(_Strict):
    """Articles that report one real-world event."""

    id: str = Field(description="Stable id, derived from the story's earliest article.")
    title: str = Field(description="The headline of the story's most central article.")
    date: ExportStoryDate
    articles: list[str] = Field(description="Member article ids, the founder first.")
    storyline: str | None = Field(description="Id of the storyline, or null for a lone story.")
    outlets: list[str]
    actors: list[str] = Field(description="The most widely reported actors, as worded.")
    places: list[str] = Field(description="The most widely reported places, as worded.")
    joins: list[ExportDecision] = Field(
        description="For each member but the first: its strongest link to another member."
    )
    apart: list[ExportApart] = Field(description="The closest articles kept out, and why.")
    date_completions: list[ExportDateCompletion]
    facts: list[ExportFact] = Field(default_factory=list)
    discrepancies: list[ExportDiscrepancy] = Field(default_factory=list)
    omissions: list[ExportOmission] = Field(default_factory=list)
    inconsistencies: list[ExportInconsistency] = Field(default_factory=list)
    quotes: list[ExportStatement] = Field(
        default_factory=list,
        description="Statements two or more articles render, with their differences.",
    )
    framing: list[ExportFramingLabel] = Field(
        default_factory=list,
        description="Each label each article gives a referent two or more articles name.",
    )
    loaded: list[ExportLoadedUse] = Field(default_factory=list)
    contrasts: list[ExportContrast] = Field(default_factory=list)
    voices: list[ExportVoices] = Field(default_factory=list)

    @classmethod
    def from_story(cls, story: Story, comparison: Comparison | None = None) -> ExportStory:
        compared = _compared(comparison) if comparison is not None else {}
        return cls(
            **compared,
            id=story.id,
            title=story.title,
            date=ExportStoryDate(
                value=story.date.value,
                precision=story.date.precision.value if story.date.precision else None,
                basis=story.date.basis,  # type: ignore[arg-type]
                sources=list(story.date.sources),
            ),
            articles=list(story.articles),
            storyline=story.storyline,
            outlets=list(story.outlets),
            actors=list(story.actors),
            places=list(story.places),
            joins=[ExportDecision.from_decision(d) for d in story.joins],
            apart=[
                ExportApart(
                    story=a.story,
                    probability=a.probability,
                    pairs=a.pairs,
                    closest=ExportDecision.from_decision(a.closest),
                    decisive=ExportDecision.from_decision(a.decisive),
                )
                for a in story.apart
            ],
            date_completions=[
                ExportDateCompletion(
                    article=c.article,
                    start=c.start,
                    end=c.end,
                    text=c.text,
                    value=c.value,
                    precision=c.precision.value,
                    anchor_article=c.anchor_article,
                )
                for c in story.completions
            ],
        )


def _framed(f: Framing) -> dict[str, Any]:
    outlet = dict(f.outlets)
    loaded_at = {(u.article, u.start): u.term for u in f.loaded}

    def loaded_in(article: str, start: int, end: int) -> str | None:
        return next(
            (t for (a, s), t in loaded_at.items() if a == article and start <= s < end), None
        )

    return {
        "quotes": [
            ExportStatement(
                id=st.id,
                speaker_id=st.speaker_id,
                speaker=st.speaker,
                variants=[
                    ExportVariant(
                        article=r.article,
                        outlet=outlet.get(r.article),
                        quote=r.text,
                        start=r.start,
                        end=r.end,
                        kind=r.kind.value,
                        speaker=r.speaker,
                        speaker_id=r.speaker_id,
                    )
                    for r in st.renderings
                ],
                differences=[
                    ExportQuoteDifference(
                        kind=d.kind.value,
                        between=[d.a, d.b],
                        a=d.a_words,
                        b=d.b_words,
                        note=d.note,
                    )
                    for d in st.differences
                ],
            )
            for st in f.statements
        ],
        "framing": [
            ExportFramingLabel(
                referent=r.id,
                referent_name=r.name,
                referent_kind=r.kind,
                outlet=outlet.get(lb.article),
                article=lb.article,
                label=lb.text,
                how=lb.how,  # type: ignore[arg-type]
                voice=lb.voice.value,
                speaker_id=lb.speaker_id,
                start=lb.start,
                end=lb.end,
                loaded=loaded_in(lb.article, lb.start, lb.end),
            )
            for r in f.referents
            for lb in r.labels
        ],
        "loaded": [
            ExportLoadedUse(
                article=u.article,
                outlet=outlet.get(u.article),
                term=u.term,
                neutral=u.neutral,
                text=u.text,
                start=u.start,
                end=u.end,
                voice=u.voice.value,
                speaker_id=u.speaker_id,
            )
            for u in f.loaded
        ],
        "contrasts": [
            ExportContrast(
                term=c.term, neutral=c.neutral, own=list(c.own), quoted_only=list(c.quoted_only)
            )
            for c in f.contrasts
        ],
        "voices": [
            ExportVoices(
                article=v.article,
                outlet=outlet.get(v.article),
                speaker_id=v.speaker_id,
                speaker=v.speaker,
                quotes=v.quotes,
                words=v.words,
            )
            for v in f.voices
        ],
    }


def _compared(c: Comparison) -> dict[str, Any]:
    framed = _framed(c.framing) if c.framing is not None else {}
    return {
        **framed,
        "facts": [
            ExportFact(
                id=f.id,
                statement=f.statement,
                label=f.label,
                attribute=f.attribute,
                kind=f.kind.value,
                value=f.value,
                independent=f.independent,
                sources=[ExportEvidence.from_evidence(e) for e in f.sources],
            )
            for f in c.facts
        ],
        "discrepancies": [
            ExportDiscrepancy(
                id=d.id,
                attribute=d.attribute,
                kind=d.kind.value,
                severity=d.severity,  # type: ignore[arg-type]
                alternatives=[ExportAlternative.from_alternative(a) for a in d.alternatives],
                explanation=d.explanation,
                conservative=d.conservative,
            )
            for d in c.discrepancies
        ],
        "omissions": [
            ExportOmission(
                fact=o.fact,
                statement=o.statement,
                missing_from=list(o.missing_from),
                reported_by=list(o.reported_by),
                only_in=o.only_in,
            )
            for o in c.omissions
        ],
        "inconsistencies": [
            ExportInconsistency(
                article=i.article,
                kind=i.kind,  # type: ignore[arg-type]
                explanation=i.explanation,
                evidence=[ExportEvidence.from_evidence(e) for e in i.evidence],
            )
            for i in c.inconsistencies
        ],
    }


class ExportStoryline(_Strict):
    """Stories that continue one another, in date order."""

    id: str
    title: str
    stories: list[str]

    @classmethod
    def from_storyline(cls, line: Storyline) -> ExportStoryline:
        return cls(id=line.id, title=line.title, stories=list(line.stories))


class ExportDocument(_Strict):
    """The whole export of a rashomon database."""

    format_version: int = EXPORT_FORMAT_VERSION
    rashomon_version: str
    generated_at: str
    articles: list[ExportArticle]
    stories: list[ExportStory] = Field(
        default_factory=list, description="Empty until `rashomon analyze` has grouped articles."
    )
    storylines: list[ExportStoryline] = Field(default_factory=list)
    timeline: list[ExportTimelineEntry] = Field(
        default_factory=list,
        description="Stories and the background happenings articles date, in date order.",
    )


def export_schema() -> dict[str, Any]:
    """The JSON Schema of the export, generated from the models above."""
    schema = ExportDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rashomon export"
    return schema
