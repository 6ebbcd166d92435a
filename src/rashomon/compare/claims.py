"""Claims: what one article states, read from its stored parse and its mentions.

Six kinds, each tied to the exact sentence it came from:

* **count**: a figure and what it counts and what happened to it ("Twelve people
  were killed" -> 12, people, killed). The predicate comes from the words the
  figure is attached to in the parse (its noun, the verb governing it, particles
  and adjectives), classed with ``data/predicates.yaml``; the subject is the actor
  or state doing it when the parse names one ("Iceland asked for 16.5 percent").
* **date**: a dated happening ("clashes erupted on September 27, 2020"), with the
  words around the date as its description. Dates of speech ("said on Saturday")
  are not happenings and are skipped.
* **quote**: a direct quotation of five words or more and who it is credited to
  (read by the understanding stage, ``understand/quotes.py``).
* **credit**: who is credited with mediating ("after Russia's mediation").
* **statement**: each sentence of the article's own reporting (eight words or more,
  mostly outside quotation marks), with the actors and places it names; aligned
  with the sentences of other outlets that say the same (``compare/statements.py``).
* **title**: what the article calls a person, where it writes the title beside the
  name ("former FBI director James Comey"; ``compare/titles.py``).

A claim in a sentence that dates itself away from the story ("On 22 August 2019,
fire broke out ... forcing the evacuation of 140 passengers"), or that refers back
to such a sentence ("Seven people were rescued then"), is marked ``background`` so
it is never weighed against the story's own figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rashomon.compare.labels import COPULAS, DASHES, count_label, event_label
from rashomon.compare.lexicon import lexicon
from rashomon.compare.titles import title_claims
from rashomon.model import (
    Annotation,
    Article,
    Claim,
    ClaimKind,
    DatePrecision,
    Evidence,
    Mention,
    MentionType,
    Qualifier,
    QuoteKind,
    Sentence,
)
from rashomon.understand.dateline import day_range
from rashomon.understand.quotes import Antecedents, cues

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_ACTOR_TYPES = frozenset(
    {MentionType.PERSON, MentionType.ORGANISATION, MentionType.STATE, MentionType.GROUP}
)
# Who did it: the active subject or a possessor ("Iceland's share"). A passive
# agent ("taken off by coast guard launches") says how, not whose figure it is.
_SUBJECT_DEPS = frozenset({"nsubj", "poss"})
_MIN_QUOTE_WORDS = 5
_MIN_STATEMENT_WORDS = 8
_NAMED_TYPES = _ACTOR_TYPES | {MentionType.PLACE}
# Words that point back to a time the previous sentence set ("rescued then", "that
# night", a sentence opening "After the plea,"); "that" and "previous" only before a
# word of time ("that broader negotiation" points back to a thing, not to a time).
_BACK_REFERENCES = frozenset({"then", "earlier", "previously"})
_BACK_REFERENCE_PHRASE = re.compile(
    r"\b(?:that|the previous|the same)\s+(?:day|night|morning|afternoon|evening|week|month|"
    r"year|time|weekend)\b"
    r"|^\W*(?:after|following|before|since|during)\s+(?:the|that|this|his|her|their)"
    r"\s+\w+(?:\s+\w+)?\s*,",
    re.IGNORECASE,
)
_HEDGE_SPAN = {
    Qualifier.AT_LEAST: "at least",
    Qualifier.ABOUT: "about",
    Qualifier.AT_MOST: "at most",
}
_BACKGROUND_GAP_DAYS = 31
_PEOPLE = "people"


@dataclass(frozen=True, slots=True)
class Reading:
    """One article ready to be read for claims: its text, mentions and parse."""

    article: Article
    annotation: Annotation
    doc: Doc


def evidence_at(reading: Reading, start: int, end: int) -> Evidence:
    """The sentence holding ``start`` (through the one holding ``end`` when the value
    runs over several, as a long quotation does) and the value's offsets."""
    sentences = reading.annotation.sentences
    holder = next((s for s in sentences if s.start <= start < s.end), None)
    last = next((s for s in sentences if s.start < end <= s.end), None)
    sentence = holder or Sentence(start, end)
    if holder is not None and last is not None and last.end > holder.end:
        sentence = Sentence(holder.start, last.end)
    return Evidence(
        article=reading.article.id,
        sentence=reading.article.text[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
        value_start=start,
        value_end=end,
    )


def read_claims(reading: Reading, reference: date | None) -> list[Claim]:
    """Every claim of one article; ``reference`` is the story's date, against which
    dated sentences are judged background or not."""
    context = _Context(reading, reference)
    return [
        *_count_claims(context),
        *_date_claims(context),
        *_quote_claims(context),
        *_credit_claims(context),
        *title_claims(context.article.id, context.article.text, context.mentions, context.evidence),
        *_statement_claims(context),
        *_place_claims(context),
    ]


class _Context:
    """An article's sentences and mentions, indexed for the claim readers."""

    def __init__(self, reading: Reading, reference: date | None) -> None:
        self.reading = reading
        self.article = reading.article
        self.doc = reading.doc
        self.sentences: Sequence[Sentence] = reading.annotation.sentences
        self.mentions = reading.annotation.mentions
        self.background = _background_sentences(self, reference)
        # the article's text is the doc's (spaCy would join it again from the tokens)
        self.antecedents = Antecedents(self.doc, self.mentions, self.article.text)

    def sentence_of(self, offset: int) -> int:
        for index, sentence in enumerate(self.sentences):
            if sentence.start <= offset < sentence.end:
                return index
        return max(0, len(self.sentences) - 1)

    def evidence(self, start: int, end: int) -> Evidence:
        return evidence_at(self.reading, start, end)

    def actor_at(self, token: Token) -> Mention | None:
        """The actor, state or demonym mention covering ``token``."""
        start = token.idx
        for mention in self.mentions:
            if mention.type in _ACTOR_TYPES and mention.start <= start < mention.end:
                return mention
        return None

    def names_in(self, sentence: Sentence) -> list[str]:
        """The ids of the actors and places a sentence names."""
        return sorted(
            {
                m.canonical
                for m in self.mentions
                if m.canonical
                and m.type in _NAMED_TYPES
                and sentence.start <= m.start < sentence.end
            }
        )

    def tokens(self, mention: Mention) -> list[Token]:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return list(span) if span is not None else []


def _background_sentences(context: _Context, reference: date | None) -> dict[int, str]:
    """Sentences about another time than the story's: index -> the date they give."""
    found: dict[int, str] = {}
    if reference is None:
        return found
    # a story dated by a happening still ahead ("Trump will visit on 13 July", told on
    # 26 April) does not make the days its articles were written about background
    written = day_range(context.article.published)
    if written is not None:
        reference = min(reference, written[0])
    for mention in context.mentions:
        if mention.type is not MentionType.DATE:
            continue
        covered = day_range(mention.canonical)
        if covered is None:
            continue
        if (reference - covered[1]).days > _BACKGROUND_GAP_DAYS and not _names_a_thing(
            context, mention
        ):
            found.setdefault(context.sentence_of(mention.start), mention.canonical or "")
    text = context.article.text
    for index, sentence in enumerate(context.sentences):
        if index in found or index - 1 not in found:
            continue
        said = text[sentence.start : sentence.end]
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", said)}
        previous = context.sentences[index - 1]
        if (
            words & _BACK_REFERENCES
            or _BACK_REFERENCE_PHRASE.search(said)
            or _names_the_same_happening(said, text[previous.start : previous.end])
        ):
            found[index] = found[index - 1]
    return found


def _names_the_same_happening(sentence: str, previous: str) -> bool:
    """Whether ``sentence`` refers with "the"/"that" to a kind of happening the previous
    sentence names: "More than 6,000 people died in the fighting" after "In the war
    between September 27 and November 9, 2020, ..." (lexicon ``happening_kinds``)."""
    lex = lexicon()
    named = {lex.happening_kind(w) for w in re.findall(r"[A-Za-z]+", previous)} - {None}
    return any(lex.happening_kind(m.group(1)) in named for m in _DEFINITE.finditer(sentence))


_DEFINITE = re.compile(r"\b(?:the|that)\s+([A-Za-z]+)", re.IGNORECASE)


def _names_a_thing(context: _Context, mention: Mention) -> bool:
    """A year inside a name, not the time of the sentence: "meddling in the 2016
    election", "the 2016 campaign's emails". The year modifies a noun, and that noun
    is not the object of a preposition that dates a verb ("during the 2016 campaign,
    he said" is still dated 2016)."""
    tokens = context.tokens(mention)
    if len(tokens) != 1 or not (mention.canonical or "").isdigit():
        return False
    year = tokens[0]
    head = year.head
    if year.dep_ not in _NOUN_MODIFIER_DEPS or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if head.i < year.i:
        return False
    while head.dep_ in {"compound", "amod", "conj"} and head.head.pos_ in {"NOUN", "PROPN"}:
        head = head.head
    preposition = head.head if head.dep_ == "pobj" else None
    return preposition is None or preposition.head.pos_ not in {"VERB", "AUX"}


_NOUN_MODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "nmod"})


# -- counts -----------------------------------------------------------------------------


def _count_claims(context: _Context) -> Iterator[Claim]:
    lex = lexicon()
    for mention in context.mentions:
        if mention.type is not MentionType.NUMBER or mention.value is None:
            continue
        tokens = context.tokens(mention)
        if not tokens or _is_address(context, mention):
            continue
        root = _root(tokens)
        words, verb = _predicate_words(root, mention)
        predicate = lex.count_class(words)
        unit = mention.unit or (_PEOPLE if predicate in _PEOPLE_PREDICATES else None)
        if unit is None and predicate is None:
            continue  # "Two remained in hospital": nothing says what is counted
        subject = _subject(context, verb, root) if verb is not None else None
        low, high = _interval(mention)
        sentence = context.sentence_of(mention.start)
        attribute = " ".join(x for x in (unit, predicate) if x)
        if subject is not None:
            attribute += f" ({subject.text})"
        yield Claim(
            article=context.article.id,
            kind=ClaimKind.COUNT,
            attribute=attribute,
            value=_count_value(mention),
            evidence=context.evidence(mention.start, mention.end),
            predicate=predicate,
            unit=unit,
            subject=subject.canonical if subject else None,
            subject_name=subject.text if subject else None,
            low=low,
            high=high,
            qualifier=mention.qualifier,
            strict=_strict_bound(mention),
            background=context.background.get(sentence),
            phrase=" ".join([unit or "", *words]).strip(),
            label=count_label(tokens, context.antecedents.name) or attribute,
            entities=tuple(context.names_in(context.sentences[sentence])),
        )


_PEOPLE_PREDICATES = frozenset({"killed", "injured", "rescued", "evacuated", "missing"})


def _is_address(context: _Context, mention: Mention) -> bool:
    """A house number, not a count: "10 Downing Street", "1600 Pennsylvania Avenue"."""
    after = context.article.text[mention.end : mention.end + 40]
    return bool(_ADDRESS.match(after))


_ADDRESS = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){1,2}(?:Street|St\.|Avenue|Ave\.|Road|Boulevard|Lane)\b"
)


def _root(tokens: Sequence[Token]) -> Token:
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[-1]


def _predicate_words(root: Token, mention: Mention) -> tuple[list[str], Token | None]:
    """The words saying what happened to the counted thing, and the verb saying it.

    Climbs from the figure through its noun ("Twelve people") and prepositions
    ("for 16.5 percent", "of 140 passengers") to the first verb or adjective.
    """
    words: list[str] = []
    token = root
    noun = None
    for _ in range(5):
        head = token.head
        if head.i == token.i:
            break
        if head.pos_ in {"NOUN", "PROPN"} and noun is None and token.dep_ in {"nummod", "quantmod"}:
            noun = head
            words.extend(c.text for c in head.children if c.dep_ == "amod")
            clause = next(
                (c for c in head.children if c.dep_ in {"relcl", "acl"} and c.pos_ == "VERB"),
                None,
            )
            if clause is not None:  # "the twelve people who died": the clause says what
                words.append(clause.text)
                return [*words, head.text], clause
        elif head.pos_ in {"VERB", "ADJ", "AUX"}:
            words.append(head.text)
            words.extend(f"{head.text} {c.text}" for c in head.children if c.dep_ == "prt")
            words.extend(c.text for c in head.children if c.dep_ == "acomp")
            return words, head
        elif head.pos_ == "NOUN" and token.dep_ in {"pobj", "prep"}:
            words.append(head.text)  # "the evacuation of 140 passengers"
        token = head
    if noun is not None:
        words.append(noun.text)
    elif root.pos_ != "NUM" or mention.unit is None:
        words.append(root.text)
    return words, None


def _subject(context: _Context, verb: Token, skip: Token) -> Mention | None:
    """The actor or state the verb's subject (or agent, or possessor) names."""
    for child in verb.children:
        if child.dep_ not in _SUBJECT_DEPS or child.i == skip.i or skip.i in _subtree_ids(child):
            continue
        mention = context.actor_at(child)
        if mention is not None and mention.canonical:
            return mention
    return None


def _subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _interval(mention: Mention) -> tuple[float, float]:
    """The values the wording allows: "more than 300" is [300, inf), "about 300"
    within 10%, "between 40 and 50" [40, 50], a vague "dozens" [24, 99]."""
    value = mention.value or 0.0
    upper = mention.upper if mention.upper is not None else value
    match mention.qualifier:
        case Qualifier.AT_LEAST:
            return value, float("inf")
        case Qualifier.AT_MOST:
            return 0.0, upper
        case Qualifier.ABOUT:
            return value * 0.9, upper * 1.1
        case _:
            return value, upper


# Hedges whose bound excludes the figure: "almost 48" is under 48, "more than 300"
# over 300; "up to 48", "at most" and "at least" include it.
_STRICT_HEDGES = re.compile(
    r"^(?:nearly|almost|just under|just below|under|fewer than|less than|more than|"
    r"over|greater than|upwards of)\b",
    re.IGNORECASE,
)


def _strict_bound(mention: Mention) -> bool:
    if mention.qualifier not in {Qualifier.AT_LEAST, Qualifier.AT_MOST}:
        return False
    return bool(_STRICT_HEDGES.match(mention.text.strip()))


def _count_value(mention: Mention) -> str:
    figure = mention.canonical or f"{mention.value:g}"
    money = _money(mention)
    if money is not None:
        figure = money
        if mention.qualifier in _HEDGE_SPAN:
            figure = f"{_HEDGE_SPAN[mention.qualifier]} {figure}"
        return figure
    if figure.isdigit() and len(figure) > 4:
        figure = f"{int(figure):,}"  # 92000 -> 92,000
    strict = _STRICT_HEDGES.match(mention.text.strip())
    if strict and _strict_bound(mention):
        figure = f"{strict.group(0).lower()} {figure}"  # "almost 48", not "at most 48"
    elif mention.qualifier in _HEDGE_SPAN:
        figure = f"{_HEDGE_SPAN[mention.qualifier]} {figure}"
    elif mention.qualifier is Qualifier.VAGUE:
        figure = mention.text.lower()
    return f"{figure} {mention.unit}" if mention.unit else figure


_CURRENCIES = {"dollars": "$", "euros": "€", "pounds": "£"}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _money(mention: Mention) -> str | None:
    """An amount of money as a reader writes it: 375000000000 dollars -> $375 billion."""
    sign = _CURRENCIES.get((mention.unit or "").casefold())
    if sign is None or mention.value is None or mention.qualifier is Qualifier.VAGUE:
        return None
    for size, name in _SCALES:
        if mention.value >= size:
            return f"{sign}{mention.value / size:,.2f}".rstrip("0").rstrip(".") + f" {name}"
    return f"{sign}{mention.value:,.2f}".removesuffix(".00")


# -- dates ------------------------------------------------------------------------------


def _date_claims(context: _Context) -> Iterator[Claim]:
    lex = lexicon()
    for mention in context.mentions:
        if mention.type is not MentionType.DATE or not mention.canonical:
            continue
        if mention.precision not in {DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR}:
            continue
        tokens = context.tokens(mention)
        if not tokens or mention.start < _dateline_end(context):
            continue
        text = context.article.text
        before = text[max(0, mention.start - 12) : mention.start]
        if _DAY_RANGE_END.match(text, mention.end) or _DAY_RANGE_START.search(before):
            continue  # "July 11-12": a span of days, which one day would misstate
        if _RANGE_OPENS.search(before) or _RANGE_CLOSES.search(
            text[max(0, mention.start - 45) : mention.start]
        ):
            continue  # "between February and December 2017": a span, not a day or month
        if _coordinated(context, mention):
            continue  # "in May or early June", "in 2015 and early 2016": one is not it
        root = _root(tokens)
        if _since(root):
            continue
        head = _happening_named(root) or _governor(root)
        if head is None or lex.is_speech(head.text):
            continue
        phrase = _event_phrase(head, {t.i for t in tokens})
        if len(phrase.split()) < 2:
            continue
        yield Claim(
            article=context.article.id,
            kind=ClaimKind.DATE,
            attribute=phrase,
            value=mention.canonical,
            evidence=context.evidence(mention.start, mention.end),
            predicate=lex.date_class(phrase.split()),
            precision=mention.precision,
            background=context.background.get(context.sentence_of(mention.start)),
            phrase=phrase,
            label=event_label(head, {t.i for t in tokens}, context.antecedents.name) or phrase,
        )


def _since(root: Token) -> bool:
    """Whether the date is the start of a stretch, not the day of a happening: "the
    lowest level since 1971", "the third summit since the Koreas' 1945 division" (the
    date of the division, inside the stretch's bound, not of the summit)."""
    token = root
    for _ in range(3):
        if token.lower_ == "since":
            return True
        if token.head == token:
            return False
        token = token.head
    return False


_DAY_RANGE_END = re.compile(r"\s*(?:[-–—]|to|through)\s*\d{1,2}\b(?!,?\s*\d{3})")
_DAY_RANGE_START = re.compile(r"\b\d{1,2}\s*(?:[-–—]|to|through)\s*$")


def _coordinated(context: _Context, mention: Mention) -> bool:
    """Whether the date is joined to another by "and", "or", "to" ("May or early
    June", "2015 and early 2016"): the happening is dated by both, not by one."""
    text = context.article.text
    for other in context.mentions:
        if other.type is not MentionType.DATE or other is mention:
            continue
        if 0 <= other.start - mention.end <= 20:
            between = text[mention.end : other.start]
        elif 0 <= mention.start - other.end <= 20:
            between = text[other.end : mention.start]
        else:
            continue
        if _DATE_JOINER.fullmatch(between):
            return True
    return False


_DATE_JOINER = re.compile(
    r"\s*,?\s*(?:and|or|to|through|until|till)\s+(?:(?:early|mid|late|the\s+end\s+of)[\s-]+)?",
    re.IGNORECASE,
)
_RANGE_OPENS = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_CLOSES = re.compile(
    r"\b(?:between\s+[\w ,.]{1,25}?\s+and|from\s+[\w ,.]{1,25}?\s+(?:to|through|until))\s+$",
    re.IGNORECASE,
)


def _dateline_end(context: _Context) -> int:
    """Where a dateline ("PIRAEUS, March 10 (Continental Wire) —") ends, else 0."""
    head = context.article.text[:120]
    match = re.match(r"[A-ZÀ-Ý ,.'’-]{3,}[^\n]{0,60}?(?:—|–|-{1,2}|\.\s*/)", head)
    return match.end() if match else 0


def _happening_named(date: Token) -> Token | None:
    """The happening a date names as its modifier: "visit" in "a 2013 Moscow visit",
    "election" in "the 2016 election" — dated by the year, whatever verb the phrase
    hangs from."""
    head = date.head
    if date.dep_ not in _NOUN_MODIFIER_DEPS | {"npadvmod"} or head.pos_ != "NOUN":
        return None
    return head if head.i > date.i and lexicon().is_happening(head.text) else None


def _governor(token: Token) -> Token | None:
    """The verb or event noun a date is attached to ("erupted on September 27")."""
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return token if token.pos_ in {"VERB", "NOUN"} else None
        if (head.pos_ in {"VERB", "NOUN"} and head.dep_ != "pobj") or head.pos_ == "VERB":
            return head
        token = head
    return None


def _event_phrase(head: Token, skip: set[int]) -> str:
    """The words of the happening around its verb: subject, verb, object, no dates."""
    keep_deps = {"nsubj", "nsubjpass", "dobj", "prt", "compound", "amod", "pobj", "prep", "poss"}
    words: list[tuple[int, str]] = [(head.i, head.text)]
    for child in head.children:
        if child.i in skip or child.dep_ not in keep_deps:
            continue
        for token in child.subtree:
            if token.i in skip or token.is_punct or token.ent_type_ == "DATE":
                continue
            if abs(token.i - head.i) <= 8:
                words.append((token.i, token.text))
    return " ".join(text for _, text in sorted(words))


# -- places -----------------------------------------------------------------------------


def _place_claims(context: _Context) -> Iterator[Claim]:
    """Where something happened or is, below the level of a country ("mines in the
    Agdam region", "marched from Border Field State Park"): a country is named by
    every outlet of a story and says little. The place must be the object of a
    preposition ("in", "near", "from") and the label is what it locates (a verb's
    clause, or a noun: "mines"); a place in the dateline, inside a quotation, or in a
    sentence about an earlier time is no claim. Never disputed: outlets may name a
    place at different levels (a district, its town), so two places are two facts.
    ``predicate`` holds the word it locates, so that only claims placing the same
    thing ("visit", "visit") corroborate each other."""
    quoted = [(q.start, q.end) for q in context.reading.annotation.quotes]
    for mention in context.mentions:
        if mention.type is not MentionType.PLACE or not mention.canonical:
            continue
        if mention.canonical.startswith("country:") or mention.start < _dateline_end(context):
            continue
        if len(mention.text) <= _SHORTEST_PLACE:
            continue  # "San" cut from "San Ysidro": a piece of a name the gazetteer missed
        if any(start <= mention.start < end for start, end in quoted):
            continue
        sentence = context.sentence_of(mention.start)
        if context.background.get(sentence):
            continue
        tokens = context.tokens(mention)
        located = _located(_root(tokens)) if tokens else None
        if located is None:
            continue
        label = event_label(located, {t.i for t in tokens}, context.antecedents.name)
        if not label.strip() or label.lower() == mention.text.lower():
            continue
        yield Claim(
            article=context.article.id,
            kind=ClaimKind.PLACE,
            attribute=f"where: {mention.text}",
            value=mention.canonical,
            evidence=context.evidence(mention.start, mention.end),
            predicate=located.lower_,
            subject=mention.canonical,
            subject_name=mention.text,
            phrase=label,
            label=label,
            entities=tuple(context.names_in(context.sentences[sentence])),
        )


# ("outside London" says where a thing is not)
_LOCATING = frozenset({"in", "at", "near", "from", "to", "into", "across", "inside"})


def _located(place: Token) -> Token | None:
    """What a place locates: the word its preposition hangs from ("mines" in "mines in
    the Agdam region", "marched" in "marched from Border Field State Park"); not a
    name, nor a noun a place says someone or something is from."""
    while place.dep_ in {"compound", "amod", "appos", "nmod", "conj"} and place.head.i != place.i:
        place = place.head
    preposition = place.head
    if place.dep_ != "pobj" or preposition.lower_ not in _LOCATING:
        return None
    before = preposition.doc[preposition.i - 1] if preposition.i > 0 else preposition
    if before.text in DASHES:
        # "maps of … mines—in the Agdam region": a phrase after a dash places what
        # comes right before it, whatever the parse hangs it from
        nouns = [t for t in preposition.doc[max(0, before.i - 3) : before.i] if t.pos_ == "NOUN"]
        return nouns[-1] if nouns else None
    located = preposition.head
    if located.pos_ not in {"VERB", "NOUN"} or located.i == preposition.i:
        return None  # "Roberto Saravia of Los Angeles": where a person is from
    if located.pos_ == "NOUN" and (preposition.lower_ == "from" or located.ent_type_):
        return None  # "a pastor from Chicago", "the State Affairs Commission in …"
    if abs(preposition.i - located.i) > _FARTHEST:
        return None  # a preposition hung that far away is a guess of the parser
    if located.pos_ == "NOUN" and located.tag_ != "NNS":
        return located if lexicon().is_happening(located.text) else None  # not "a desk in"
    if located.pos_ == "VERB" and (
        cues().is_cue(located.lower_) or located.lower_ in COPULAS or located.dep_ == "relcl"
    ):
        return None  # "John Roberts reports from …": where a reporter is, not news
    return located


_SHORTEST_PLACE = 3


_FARTHEST = 8


# -- quotes and credits -----------------------------------------------------------------


def _quote_claims(context: _Context) -> Iterator[Claim]:
    """The article's direct quotations of five words or more, with the source the
    understanding stage credited them to (None when it is unknown)."""
    text = context.article.text
    for quote in context.reading.annotation.quotes:
        if quote.kind is not QuoteKind.DIRECT:
            continue
        quoted = text[quote.start : quote.end].strip()
        if len(quoted.split()) < _MIN_QUOTE_WORDS:
            continue
        speaker = quote.speaker or "unknown source"
        yield Claim(
            article=context.article.id,
            kind=ClaimKind.QUOTE,
            attribute=f"{speaker}: “{_shorten(quoted)}”",
            value=quoted,
            evidence=context.evidence(quote.start, quote.end),
            subject=quote.speaker_id,
            subject_name=quote.speaker,
            background=context.background.get(context.sentence_of(quote.start)),
            phrase=quoted,
        )


def _shorten(quoted: str, words: int = 8) -> str:
    parts = quoted.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _statement_claims(context: _Context) -> Iterator[Claim]:
    text = context.article.text
    quoted = [
        (q.start, q.end) for q in context.reading.annotation.quotes if q.kind is QuoteKind.DIRECT
    ]
    for index, sentence in enumerate(context.sentences):
        words = text[sentence.start : sentence.end].split()
        if len(words) < _MIN_STATEMENT_WORDS:
            continue
        inside = sum(
            max(0, min(end, sentence.end) - max(start, sentence.start)) for start, end in quoted
        )
        if inside * 2 > sentence.end - sentence.start:
            continue  # a quotation: aligned as a quote
        names = context.names_in(sentence)
        said = " ".join(words)
        yield Claim(
            article=context.article.id,
            kind=ClaimKind.STATEMENT,
            attribute="statement",
            value=said,
            evidence=context.evidence(sentence.start, sentence.end),
            background=context.background.get(index),
            phrase=said,
            label=said,
            entities=tuple(names),
        )


def _credit_claims(context: _Context) -> Iterator[Claim]:
    lex = lexicon()
    text = context.article.text
    for index, sentence in enumerate(context.sentences):
        words = re.findall(r"[A-Za-z]+", text[sentence.start : sentence.end])
        if not lex.is_mediation(words):
            continue
        for mention in context.mentions:
            if not (sentence.start <= mention.start < sentence.end):
                continue
            if mention.type not in {MentionType.PERSON, MentionType.STATE} or not mention.canonical:
                continue
            if not _credited(context, mention):
                continue
            yield Claim(
                article=context.article.id,
                kind=ClaimKind.CREDIT,
                attribute=f"mediator ({mention.type.value})",
                value=mention.canonical,
                evidence=context.evidence(mention.start, mention.end),
                subject=mention.canonical,
                subject_name=mention.text,
                predicate=mention.type.value,
                background=context.background.get(index),
                phrase=text[sentence.start : sentence.end],
            )


def _credited(context: _Context, mention: Mention) -> bool:
    """Whether the mention is the one credited with mediating, not a party: "Russia's
    mediation", "a Russia-brokered ceasefire", "mediated by Russia", "with the
    participation of representatives from Georgia" — a mediation word right after
    its possessive or hyphen, or shortly before it with "by", "of", "from" or
    "under" between."""
    lex = lexicon()
    tokens = context.tokens(mention)
    if not tokens:
        return False
    doc = context.doc
    first, last = tokens[0].i, tokens[-1].i
    after = [t.text for t in doc[last + 1 : min(len(doc), last + 4)]]
    if after[:1] in (["'s"], ["’s"], ["-"]) and lex.is_mediation(after[1:3]):
        return True
    if any(lex.is_mediation(t.text.split("-")[1:]) for t in tokens):
        return True
    before = list(doc[max(0, first - 5) : first])
    if not before or before[-1].lower_ not in {"by", "of", "from", "under"}:
        return False
    return any(lex.is_mediation([t.text]) and _mediates(t) for t in before[:-1])


# What a host mediates: "the talks, hosted by the Faroese government" — not "the
# Winter Olympics hosted by South Korea".
_TALKS = frozenset(
    {
        "talks",
        "negotiations",
        "negotiation",
        "summit",
        "meeting",
        "round",
        "conference",
        "dialogue",
        "exchange",
        "swap",
    }
)


def _mediates(word: Token) -> bool:
    """Whether a mediation word is about talks: any such word is, except "host", which
    is only when what is hosted is talks (its head, for "the talks, hosted by", or its
    object)."""
    if not word.lower_.startswith("host"):
        return True
    hosted = [word.head, *(c for c in word.children if c.dep_ in {"dobj", "nsubjpass"})]
    return any(t.lower_ in _TALKS for t in hosted)
