"""The referents of a story and the words each outlet names them with.

A *referent* is one thing a story is about, as the outlets name it: a person, an
organisation, a state, a place, a group, or a thing ("the summit", "the caravan").
A *label* is one expression an article uses for it, with the words' offsets and
whether the outlet says them in its own voice or inside an attribution (the
quote's speaker then owns them).

How expressions find their referent, in order of trust:

1. **Names**: the understanding stage's mentions of people, organisations, states,
   places and demonym groups carry canonical ids that are already one per real
   actor across the corpus. A noun phrase whose head is such a name ("North Korean
   leader Kim Jong Un", "President Trump") is a label of that actor, and its words
   other than the name ("North Korean leader") become a *description* the story
   knows for that actor; so does an apposition ("Kim, the North Korean dictator").
2. **Descriptions**: a noun phrase headed by a person noun and naming nobody ("the
   North Korean dictator", "the CIA chief") goes to the person the story describes
   with that head and the most shared modifiers; with no modifier ("the president")
   to the last person so described earlier in the same article. When two people
   tie, the phrase stays unresolved: a wrong referent would put one outlet's word
   for one man in another man's row.
3. **State bodies**: "American officials", "the Japanese government" stand for the
   state acting (a country's id, like "Washington said").
4. **Things**: every other noun phrase is grouped across the story by its head
   word ("the summit", "a summit", "summit"), kept only when two articles use it.

Pronouns are not labels: they say nothing about how an outlet names anyone.

Decisions recorded: the resolution is deliberately conservative (an expression
left out of the tables costs a row entry; one put in the wrong row misreports an
outlet). Scored against NewsWCL50's concept annotations by
``benchmarks/newswcl50_referents.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from rashomon.compare.framing import voice_at
from rashomon.disjoint import DisjointSets
from rashomon.model import Label, Mention, MentionType, Referent
from rashomon.understand.actors import load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from rashomon.compare.align import Similarity
    from rashomon.compare.claims import Reading


_NAMED = frozenset(
    {
        MentionType.PERSON,
        MentionType.ORGANISATION,
        MentionType.STATE,
        MentionType.PLACE,
        MentionType.GROUP,
    }
)
_PLACES = frozenset({MentionType.STATE, MentionType.GROUP, MentionType.PLACE})
_DROP = frozenset({"det", "poss", "predet", "case", "punct", "cc", "prep"})
_VALUES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "EX", "WDT", "DT"})


@dataclass(frozen=True, slots=True)
class FramingLexicon:
    """``data/framing.yaml``, parsed once (see the file for each list)."""

    person_nouns: frozenset[str]
    people_nouns: frozenset[str]
    state_bodies: frozenset[str]
    state_nouns: frozenset[str]
    generic_heads: frozenset[str]

    def is_person_noun(self, lemma: str) -> bool:
        return lemma in self.person_nouns or lemma in load_lexicon().titles


@cache
def framing_lexicon() -> FramingLexicon:
    text = resources.files("rashomon.compare").joinpath("data/framing.yaml").read_text("utf-8")
    data = yaml.safe_load(text)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    return FramingLexicon(
        words("person_nouns"),
        words("people_nouns"),
        words("state_bodies"),
        words("state_nouns"),
        words("generic_heads"),
    )


# -- one article's expressions -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Expression:
    """A noun phrase of one article, before its referent is known."""

    article: str
    order: int  # its place among the article's expressions
    start: int
    end: int
    text: str
    head: str  # the head's lower-cased lemma
    role: str | None  # the person noun describing someone ("leader" in "the North Korean leader")
    features: frozenset[str]  # its other modifiers: lemmas, and country ids for demonyms
    referent: str | None  # known from a name
    kind: str  # how it was found: name | title | apposition | description | thing
    plural: bool = False


@dataclass(frozen=True, slots=True)
class _Named:
    """A name mention of an article, as tokens."""

    first: int
    last: int  # inclusive
    mention: Mention


def _named(doc: Doc, mentions: Iterable[Mention]) -> list[_Named]:
    found = []
    for m in mentions:
        if m.type not in _NAMED or not m.canonical:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            found.append(_Named(span.start, span.end - 1, m))
    return found


def _features(tokens: Iterable[Token], named_at: dict[int, _Named]) -> frozenset[str]:
    found: set[str] = set()
    for t in tokens:
        n = named_at.get(t.i)
        if n is not None:
            found.add(str(n.mention.canonical))  # "North Korean" and "North Korea's" alike
        if (n is None or n.mention.type not in _PLACES) and t.is_alpha and not t.is_stop:
            found.add(_lemma(t))
    return frozenset(found)


def _trimmed(span: Span) -> Span:
    """The phrase without a leading determiner or possessive pronoun, and with an "of"
    and a bare noun after it that complete its name ("prisoners of war", "people of
    Armenian origin"; not "the release of the prisoners")."""
    doc, start, end = span.doc, span.start, span.end
    while start < end - 1 and doc[start].tag_ in _PRONOUN_TAGS:
        start += 1
    head = span.root
    if end < len(doc) and doc[end].lower_ == "of" and doc[end].head.i == head.i:
        objects = [c for c in doc[end].children if c.dep_ == "pobj"]
        if objects and objects[0].pos_ == "NOUN":
            inner = list(objects[0].subtree)
            if not any(t.tag_ in _PRONOUN_TAGS or t.pos_ == "PROPN" for t in inner):
                end = inner[-1].i + 1
    return doc[start:end]


_Found = tuple["Span", "Token", str | None, str, list["Token"]]
"""A naming expression before it is made a record: its words, head, referent (if a
name gives it), how it was found, and the words describing it."""


def expressions(article_id: str, doc: Doc, mentions: Sequence[Mention]) -> list[_Expression]:
    """Every naming expression of one article, in text order: its names, and its noun
    phrases with what their words say (head, the person noun describing someone, the
    other modifiers, the name they hold or stand beside)."""
    named = _named(doc, mentions)
    named_at = {i: n for n in named for i in range(n.first, n.last + 1)}
    found: list[_Found] = []
    covered: set[int] = set()  # names given as part of a longer phrase
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.tag_ in _PRONOUN_TAGS or head.pos_ == "PRON" or head.ent_type_ in _VALUES:
            continue  # "he"; "Saturday", "15": dates and figures are claims, not referents
        found.extend(_chunk(_trimmed(chunk), named_at, covered))
    for n in named:
        if n.first not in covered:
            span = doc[n.first : n.last + 1]
            found.append((span, span.root, _referent_of(n), "name", []))
    found.sort(key=lambda f: (f[0].start_char, -f[0].end_char))
    return [_made(article_id, k, f, named_at) for k, f in enumerate(found)]


def _chunk(span: Span, named_at: dict[int, _Named], covered: set[int]) -> list[_Found]:
    """The expressions one noun phrase makes (``covered`` gains the names it holds)."""
    doc, head = span.doc, span.root
    owner = named_at.get(head.i) or _name_in_proper_phrase(span, named_at)
    if owner is None:
        if head.pos_ not in {"NOUN", "PROPN"}:
            return []
        described = _apposed_name(head, named_at)
        rest = [t for t in span if t.dep_ not in _DROP]
        if described is not None:
            return [(span, head, described.mention.canonical, "apposition", rest)]
        role = _participants(head)
        if role is not None:
            return [(span, head, role, "participants", rest)]
        return [(span, head, None, "description", rest)]
    covered.update(range(owner.first, owner.last + 1))
    if owner.mention.type is not MentionType.PERSON:
        # "120,000 ethnic Armenians", "the Azerbaijani Foreign Ministry": the phrase
        return [(span, head, _referent_of(owner), "name", [])]
    rest = [t for t in span if not owner.first <= t.i <= owner.last and t.dep_ not in _DROP]
    first = owner.first
    while first > span.start and doc[first - 1].lower_ in load_lexicon().honorifics:
        first -= 1  # "Mr. Abe" is how the outlet names him
    name = doc[first : owner.last + 1]
    made: list[_Found] = [(name, name.root, owner.mention.canonical, "name", [])]
    words = _descriptor(span, first, owner.last, named_at)
    if words is not None and any(t.pos_ in {"NOUN", "PROPN", "ADJ"} for t in words):
        made.append((words, words.root, owner.mention.canonical, "title", rest))
    return made


def _made(article_id: str, order: int, found: _Found, named_at: dict[int, _Named]) -> _Expression:
    span, head, referent, kind, words = found
    lex = framing_lexicon()
    role: Token | None
    if kind == "title":  # "CIA Director": the person noun among the words
        role = next(
            (t for t in reversed(words) if t.i not in named_at and lex.is_person_noun(_lemma(t))),
            None,
        )
    else:  # a description is of a person when its head is a person noun
        role = head if kind != "name" and lex.is_person_noun(_lemma(head)) else None
    # by index: spaCy makes a new Token object each time one is read
    others = [t for t in words if t.i != head.i and (role is None or t.i != role.i)]
    return _Expression(
        article_id,
        order,
        span.start_char,
        span.end_char,
        span.text,
        _lemma(head),
        _lemma(role) if role is not None else None,
        _features(others, named_at),
        referent,
        kind,
        head.tag_ in {"NNS", "NNPS"},
    )


def _descriptor(span: Span, first: int, last: int, named_at: dict[int, _Named]) -> Span | None:
    """The words of a phrase that describe the name it holds: "CIA Director" of "CIA
    Director Mike Pompeo" (those before the name, else those after it); None when
    they join other things ("President Trump and first lady Melania") or hold
    another person's name (a country's or a body's are fine: "French President",
    "CIA Director")."""
    doc = span.doc
    start, end = span.start, first
    if start >= end:
        start, end = last + 1, span.end
    while start < end and (doc[start].is_punct or doc[start].tag_ in _PRONOUN_TAGS):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    if start >= end:
        return None
    for t in doc[start:end]:
        if t.pos_ == "CCONJ" or (t.is_punct and t.text not in {"-", "."}):
            return None
        other = named_at.get(t.i)
        if other is not None and other.mention.type is MentionType.PERSON:
            return None  # "Trump's lawyer" describes the lawyer by another man
    return doc[start:end]


def _lemma(token: Token) -> str:
    """The word's lower-cased singular. Stored parses keep no lemmas (see
    ``understand/pipeline.py``), so plurals are undone by rule from the tag."""
    word = token.lower_
    if token.tag_ not in {"NNS", "NNPS"} or len(word) < 4 or not word.endswith("s"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1] if not word.endswith("ss") else word


PARTICIPANT_ROLES = ("released", "held", "killed", "injured", "rescued", "evacuated", "missing")
"""What happened to people that makes them a referent of their own: "the released"
("Azerbaijan handed over 15 Armenian detainees", "the release of the prisoners of
war") whatever each outlet calls them (predicate classes of ``data/predicates.yaml``)."""
_PATIENTS = frozenset({"dobj", "nsubjpass"})


def _participants(head: Token) -> str | None:
    """``people:<class>`` for a group of people (a people noun, or a number of them)
    that a happening of one
    of :data:`PARTICIPANT_ROLES` acts on (its object, its passive subject, or "the
    release of …"); None otherwise."""
    from rashomon.compare.lexicon import lexicon

    counted = any(c.dep_ == "nummod" for c in head.children)
    if _lemma(head) not in framing_lexicon().people_nouns and not counted:
        return None  # "saved lives", "the return of the maps"
    if head.tag_ not in {"NNS", "NNPS"} and not counted:
        return None
    governor = head.head
    if head.dep_ == "pobj" and governor.lower_ == "of":
        governor = governor.head  # "the release of 15 prisoners"
    elif head.dep_ not in _PATIENTS:
        return None
    words = [governor.lower_]
    words += [f"{governor.lower_} {c.lower_}" for c in governor.children if c.dep_ == "prt"]
    found = lexicon().count_class(words)
    return f"people:{found}" if found in PARTICIPANT_ROLES else None


def _referent_of(named: _Named) -> str | None:
    """A name's referent: its id, and for a people named by a demonym ("Armenians",
    "ethnic Armenians") the people, not the state that shares the country's id."""
    m = named.mention
    if m.type is MentionType.GROUP and m.role == "people" and m.canonical:
        return f"{m.canonical}/people"
    return m.canonical


def _name_in_proper_phrase(span: Span, named_at: dict[int, _Named]) -> _Named | None:
    """The person a phrase of proper nouns names though its head is not in the name
    ("South Korean President Moon Jae In" when the name read is "Moon Jae"): one
    person's name, not possessive, with only proper nouns after it."""
    if span.root.pos_ != "PROPN":
        return None
    people = {
        id(n): n
        for t in span
        if (n := named_at.get(t.i)) is not None and n.mention.type is MentionType.PERSON
    }
    if len(people) != 1:
        return None
    (person,) = people.values()
    after = span.doc[person.last + 1 : span.end]
    if any(t.pos_ != "PROPN" or t.tag_ == "POS" for t in after):
        return None
    return person


def _apposed_name(head: Token, named_at: dict[int, _Named]) -> _Named | None:
    """The person a description stands in apposition to: "Kim, the North Korean
    dictator" and "the North Korean dictator, Kim Jong Un" alike."""
    if head.dep_ == "appos" and head.head.i in named_at:
        n = named_at[head.head.i]
        return n if n.mention.type is MentionType.PERSON else None
    for child in head.children:
        if child.dep_ == "appos" and child.i in named_at:
            n = named_at[child.i]
            return n if n.mention.type is MentionType.PERSON else None
    return None


# -- the story's referents ---------------------------------------------------------------


SAME_THING = 0.75
"""Cosine of two head words (the shipped sentence model) at which two things of a
story are one ("lawsuit" and "suit", "summit" and "meeting"): chosen on NewsWCL50's
development events 0-4."""


def referents(readings: Sequence[Reading], similarity: Similarity | None = None) -> list[Referent]:
    """The story's referents with every label each article gives them, most
    labelled first. Each reading contributes its names and noun phrases;
    ``similarity`` (phrases to their cosine matrix) joins things named by near
    synonyms, when given."""
    lex = framing_lexicon()
    kinds, names = _story_names(readings)
    same = _one_person_of(kinds, names)
    per_article = [
        [
            e if e.referent is None else replace(e, referent=same.get(e.referent, e.referent))
            for e in expressions(r.article.id, r.doc, r.annotation.mentions)
        ]
        for r in readings
    ]
    for alias, person in same.items():
        names[person].update(names.pop(alias, Counter()))
    described: dict[str, dict[str, set[frozenset[str]]]] = defaultdict(lambda: defaultdict(set))
    for found in per_article:
        for e in found:
            if e.referent and e.role and kinds.get(e.referent) == "person":
                described[e.role][e.referent].add(e.features)
    resolved: list[tuple[_Expression, str]] = []
    things: dict[str, list[_Expression]] = defaultdict(list)
    compass = _compass(kinds, names)
    homes = _homes(described)
    for expressed in per_article:
        found = _same_head_participants(expressed)
        for e, referent in _in_article(found, described, kinds, lex, compass=compass, homes=homes):
            if referent is not None and referent.startswith("people:"):
                kinds[referent] = "participants"
                names[referent]["people " + referent.removeprefix("people:")] += 1
            if referent is not None:
                resolved.append((e, referent))
            elif e.kind == "description" and e.role is None and not _generic(e, lex):
                things[e.head].append(e)
    for group in _things(things, similarity):
        uses = [e for head in group for e in things[head]]
        if len({e.article for e in uses}) < 2:
            continue
        key = f"thing:{group[0]}"
        kinds[key] = "thing"
        names[key].update(e.head for e in uses)
        resolved.extend((e, key) for e in uses)
    return _gathered(resolved, kinds, names, readings)


def _story_names(readings: Sequence[Reading]) -> tuple[dict[str, str], dict[str, Counter[str]]]:
    """Each actor or place id of the story's articles with the kind it was first read
    as, and the names it is given (a people named by a demonym is its own referent,
    ``country:AM/people``)."""
    kinds: dict[str, str] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for r in readings:
        for m in r.annotation.mentions:
            if m.type in _NAMED and m.canonical:
                key = f"{m.canonical}/people" if m.role == "people" else m.canonical
                kinds.setdefault(key, m.type.value)
                names[key][m.text] += 1
    return kinds, names


def _in_article(
    found: Sequence[_Expression],
    described: dict[str, dict[str, set[frozenset[str]]]],
    kinds: dict[str, str],
    lex: FramingLexicon,
    *,
    compass: Mapping[str, str],
    homes: Mapping[str, str],
) -> Iterable[tuple[_Expression, str | None]]:
    """Each expression of one article with its referent (None: not known), read in
    order, since a description goes to someone the article has named before it.
    ``compass``: "North" for the story's one state named "North ..." (see
    :func:`_compass`); ``homes``: each person's state (see :func:`_homes`)."""
    seen: Counter[str] = Counter()  # the article's referents named so far
    state: str | None = None  # the state named last
    for e in found:
        referent = e.referent or _resolve(e, described, seen, kinds, lex)
        if referent is None and state and _the_country(e, lex):
            referent = state
        if referent is None and e.kind == "description":
            referent = compass.get(e.text)  # "the North"
        if referent is None and e.kind == "description" and e.head in lex.state_bodies:
            people = [f for f in e.features if f.startswith("person:")]
            if len(people) == 1:  # "the Trump administration": his state's
                referent = homes.get(people[0])
        if referent is not None:
            if referent.startswith("country:") and "/" not in referent:
                state = referent
            elif kinds.get(referent) == "person":
                # "North Korean leader Kim Jong Un ... his country": the person's state
                countries = [f for f in e.features if f.startswith("country:") and "/" not in f]
                state = countries[0] if len(countries) == 1 else state
            seen[referent] += 1
        yield e, referent


def _homes(described: Mapping[str, Mapping[str, set[frozenset[str]]]]) -> dict[str, str]:
    """The state of each person the story describes with one state's words and no
    other's ("U.S. President Donald Trump"): whose government "the Trump
    administration" is. A state body with no such word ("the administration") is left
    out: in a story of three states the one named last is often not it (giving it that
    state lowered NewsWCL50's B³ precision, held out 0.906 -> 0.900)."""
    found: dict[str, set[str]] = defaultdict(set)
    for table in described.values():
        for who, seen_with in table.items():
            for words in seen_with:
                found[who] |= {w for w in words if w.startswith("country:") and "/" not in w}
    return {who: next(iter(states)) for who, states in found.items() if len(states) == 1}


_POINTS = ("North", "South", "East", "West")


def _compass(kinds: Mapping[str, str], names: Mapping[str, Counter[str]]) -> dict[str, str]:
    """ "North": the story's state whose name begins so ("North Korea"), when it has
    one such state only; the capitalised point alone ("the North", "the South")
    names it in news. Two ("North Korea", "North Macedonia") leave it unknown."""
    found: dict[str, set[str]] = defaultdict(set)
    for key in kinds:
        if key.startswith("country:") and "/" not in key and names.get(key):
            first = names[key].most_common(1)[0][0].split()[0]
            if first in _POINTS:
                found[first].add(key)
    return {point: held.pop() for point, held in found.items() if len(held) == 1}


def _same_head_participants(found: list[_Expression]) -> list[_Expression]:
    """An article's other descriptions with the head of one of its participant groups
    ("the detainees" after "Azerbaijan released 15 detainees") are that group."""
    heads = {e.head: e.referent for e in found if e.kind == "participants"}
    return [
        replace(e, referent=heads[e.head], kind="participants")
        if e.kind == "description" and e.head in heads and e.role is None
        else e
        for e in found
    ]


def _generic(e: _Expression, lex: FramingLexicon) -> bool:
    """A head too general to be one thing across a story: "time", "people", and a
    state noun no state was found for ("the two nations", "other countries": not one
    country, and not the same ones in two articles)."""
    return e.head in lex.generic_heads or e.head in lex.state_nouns


def _the_country(e: _Expression, lex: FramingLexicon) -> bool:
    """ "the country", "the nation": the state the article named last."""
    return e.head in lex.state_nouns and not e.features and not e.plural


def _things(things: dict[str, list[_Expression]], similarity: Similarity | None) -> list[list[str]]:
    """The head words of a story's things, grouped by meaning (with ``similarity``) or
    each alone; each group most used first."""
    heads = sorted(things, key=lambda h: (-len(things[h]), h))
    sets = DisjointSets(len(heads))
    if similarity is not None and len(heads) > 1:
        cosine = similarity(heads)
        for i in range(len(heads)):
            for j in range(i + 1, len(heads)):
                if cosine[i, j] >= SAME_THING:
                    sets.union(j, i)
    groups: dict[int, list[str]] = defaultdict(list)
    for k, head in enumerate(heads):
        groups[sets.find(k)].append(head)
    return [sorted(g, key=lambda h: (-len(things[h]), h)) for g in groups.values()]


def one_person(
    kinds: Mapping[str, str], mentions: Mapping[str, int] | None = None
) -> dict[str, str]:
    """Ids of the story that name one person: one name alone (``person:trump``, or an
    organisation the tagger made of it, ``org:trump``) goes to the one full name of
    the story that begins or ends with it (``person:donald-trump``; ``person:kim`` to
    ``person:kim-jong-un``, family name first). With several such names (Donald and
    Melania Trump), it goes to the one the story names at least twice as often as
    any other (``mentions``: how often each id is named), as a lone surname in news
    is the story's main bearer of it; else it stays."""
    people = [k for k, kind in kinds.items() if kind == "person"]
    full: dict[str, list[str]] = defaultdict(list)
    for k in people:
        parts = k.removeprefix("person:").split("-")
        if len(parts) >= 2:
            for part in {parts[0], parts[-1]}:  # "Kim" of "Kim Jong Un", "Trump"
                full[part].append(k)
    counts = mentions or {}
    merged = {}
    for k, kind in kinds.items():
        prefix = "person:" if kind == "person" else "org:" if kind == "organisation" else None
        if prefix is None or not k.startswith(prefix):
            continue
        single = k.removeprefix(prefix)
        if "-" in single or not full.get(single):
            continue
        ranked = sorted(full[single], key=lambda c: (-counts.get(c, 0), c))
        if len(ranked) == 1 or counts.get(ranked[0], 0) >= 2 * max(1, counts.get(ranked[1], 0)):
            merged[k] = ranked[0]
    return merged


def _resolve(
    e: _Expression,
    described: dict[str, dict[str, set[frozenset[str]]]],
    seen: Counter[str],
    kinds: dict[str, str],
    lex: FramingLexicon,
) -> str | None:
    """The referent of a phrase naming nobody, or None when it is not sure."""
    if e.kind != "description":
        return None
    if e.head in lex.state_bodies:
        countries = [f for f in e.features if f.startswith("country:")]
        if len(countries) == 1 and countries[0] in kinds:
            return countries[0]
    if e.role is None or e.plural:
        return None  # "the two leaders" are not one of them
    holders = described.get(e.role)
    if not holders and e.features and e.role not in load_lexicon().titles:
        # an epithet no one was given ("the North Korean dictator"): whoever the story
        # describes with its other words ("North Korean leader Kim Jong Un")
        holders = _merged(described.values())
    if not holders:
        return None
    if e.features:
        score = {
            who: max(len(e.features & seen_with) for seen_with in descriptions)
            for who, descriptions in holders.items()
        }
        best = max(score.values())
        top = [who for who, s in score.items() if s == best]
        if best > 0:
            return top[0] if len(top) == 1 else None
    # no telling modifier: the holder the article has named most so far, if one leads
    named = sorted(((seen[who], who) for who in holders if seen[who]), reverse=True)
    if named and (len(named) == 1 or named[0][0] > named[1][0]):
        return named[0][1]
    return next(iter(holders)) if len(holders) == 1 and not named else None


def _merged(tables: Iterable[dict[str, set[frozenset[str]]]]) -> dict[str, set[frozenset[str]]]:
    found: dict[str, set[frozenset[str]]] = defaultdict(set)
    for table in tables:
        for who, seen in table.items():
            found[who] |= seen
    return found


def story_people(readings: Sequence[Reading]) -> dict[str, str]:
    """:func:`one_person` over the story's articles: each id that names one person
    by a single name, with that person's full-name id."""
    return _one_person_of(*_story_names(readings))


def _one_person_of(kinds: Mapping[str, str], names: Mapping[str, Counter[str]]) -> dict[str, str]:
    return one_person(kinds, {k: sum(c.values()) for k, c in names.items()})


def _gathered(
    resolved: list[tuple[_Expression, str]],
    kinds: dict[str, str],
    names: dict[str, Counter[str]],
    readings: Sequence[Reading],
) -> list[Referent]:
    quotes = {r.article.id: r.annotation.quotes for r in readings}
    labels: dict[str, list[Label]] = defaultdict(list)
    for e, referent in resolved:
        voice, speaker = voice_at(quotes.get(e.article, ()), e.start, e.end)
        labels[referent].append(
            Label(e.article, e.start, e.end, e.text, referent, e.kind, voice, speaker)
        )
    found = [
        Referent(
            id=key,
            name=names[key].most_common(1)[0][0] if names[key] else key,
            kind=kinds.get(key, "thing"),
            labels=tuple(sorted(held, key=lambda x: (x.article, x.start))),
        )
        for key, held in labels.items()
    ]
    found.sort(key=lambda r: (-len(r.labels), r.id))
    return found
