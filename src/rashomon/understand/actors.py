"""People and organisations: one canonical id per real actor in a corpus.

``find_actors`` reads one parsed article. spaCy's PERSON and ORG entities are a
starting point only: spans are cut at line breaks and loose punctuation, place
words at their edges are trimmed (a country or demonym is never an actor: the
caller says what a place is), titles become the ``role``, a "person" ending in
"Lines" is a company and an "organisation" with a title beside it is a person.
Within the article, "Blinken" links to "Antony Blinken", a title-only reference
("the US chief diplomat") to the one person holding that office, an acronym to its
long form, "the ministry" to the last ministry named.

``actor_links`` then gives the same id to the same actor across articles, from
the names alone (never from the order articles arrive in: it reads the ids each
article gives alone, which the store keeps beside the linked ones). The lexicon is
``data/actors.yaml``.

Spans never include a place word ("Azerbaijani Foreign Ministry" is reported as
"Foreign Ministry" with the canonical ``org:azerbaijan-foreign-ministry``), so
they never collide with the place annotator's mentions.

``Mention.note`` of an actor carries its *office*, ``places/key`` (``us/foreign-minister``),
the normalised form of its role: what ``link_actors`` uses to resolve title-only
references that no name in their own article explains.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, overload

import yaml

from rashomon.model import LINKED_TYPES, ActorName, Mention, MentionType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

IsPlace = Callable[[str], bool]
PlaceKey = Callable[[str], str | None]

_DETERMINERS = frozenset({"the", "a", "an"})
_CONNECTORS = frozenset({"of", "for", "to", "at", "in", "on"})
_POSSESSIVE = frozenset({"'s", "’s"})
_BREAKS = frozenset({"(", ")", "[", "]", "/", ",", ";", ":", '"', "“", "”", "|", "—", "–"})
_JOINERS = frozenset({"-", "'", "’", ".", "&"})
_NAME_PUNCT = frozenset("-'’.")
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,7}s?")
_ORG_LOWER = frozenset(
    {
        "of",
        "for",
        "and",
        "the",
        "on",
        "in",
        "at",
        "to",
        "de",
        "du",
        "des",
        "la",
        "le",
        "der",
        "von",
        "und",
    }
)
_ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "de"})
_MAX_NAME_WORDS = 5


# -- the lexicon ---------------------------------------------------------------------


@dataclass(frozen=True)
class KnownOrg:
    id: str
    role: str | None = None
    # a kind of body each country has ("peacekeepers"): the country named just before it
    # becomes part of the id, so Russian and UN peacekeepers stay apart
    per_country: bool = False


@dataclass(frozen=True)
class ActorLexicon:
    """``data/actors.yaml``, parsed and compiled once (see the file for each list)."""

    honorifics: frozenset[str]
    particles: frozenset[str]
    titles: frozenset[str]
    role_keys: Mapping[str, str]
    role_modifiers: frozenset[str]
    org_words: frozenset[str]
    generic_org: frozenset[str]
    state_bodies: frozenset[str]
    anaphora: frozenset[str]
    place_suffixes: frozenset[str]
    non_person_before: frozenset[str]
    not_actors: frozenset[str]
    org_names: Mapping[str, str]
    known: Mapping[str, KnownOrg]
    known_pattern: re.Pattern[str]
    title_ref_pattern: re.Pattern[str]
    anaphora_pattern: re.Pattern[str]

    @classmethod
    def from_yaml(cls, text: str) -> ActorLexicon:
        data: dict[str, Any] = yaml.safe_load(text)

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or ())

        role_keys = {
            str(p).lower(): str(key) for key, ps in data["role_synonyms"].items() for p in ps
        }
        org_names = {
            str(p).lower(): str(norm) for norm, ps in data["org_synonyms"].items() for p in ps
        }
        known: dict[str, KnownOrg] = {}
        for entry in data["organisations"]:
            org = KnownOrg(str(entry["id"]), entry.get("role"), bool(entry.get("per_country")))
            for name in [*(entry.get("names") or ()), *(entry.get("acronyms") or ())]:
                known[str(name)] = org
        surfaces = sorted(known, key=len, reverse=True)
        known_pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in surfaces) + r")(?![\w-])"
        )
        phrases = sorted(role_keys, key=len, reverse=True)
        title_ref_pattern = re.compile(
            r"(?<![\w-])[Tt]he\s+(?P<qual>(?:[A-Z][\w’'.-]*\s+){0,3}?)(?P<title>(?i:"
            + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
            + r"))(?![\w-])"
        )
        anaphora = words("anaphora")
        anaphora_pattern = re.compile(
            r"(?<![\w-])[Tt]he\s+(?P<head>(?i:"
            + "|".join(r"\s+".join(a.split()) for a in sorted(anaphora))
            + r"))(?![\w-])"
        )
        return cls(
            honorifics=words("honorifics"),
            particles=words("name_particles"),
            titles=words("titles"),
            role_keys=role_keys,
            role_modifiers=words("role_modifiers"),
            org_words=words("org_words"),
            generic_org=words("generic_org"),
            state_bodies=words("state_bodies"),
            anaphora=anaphora,
            place_suffixes=words("place_suffixes"),
            non_person_before=words("non_person_before"),
            not_actors=words("not_actors"),
            org_names=org_names,
            known=known,
            known_pattern=known_pattern,
            title_ref_pattern=title_ref_pattern,
            anaphora_pattern=anaphora_pattern,
        )


@cache
def load_lexicon() -> ActorLexicon:
    """The built-in lexicon (read once; it is immutable)."""
    text = resources.files("rashomon.understand").joinpath("data/actors.yaml").read_text("utf-8")
    return ActorLexicon.from_yaml(text)


def slug(text: str) -> str:
    """``"Ursula von der Leyen"`` -> ``"ursula-von-der-leyen"`` (accents dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^\w]+|_", "-", plain).strip("-")


# -- one article -----------------------------------------------------------------------


@dataclass
class _Name:
    """A person's name (or a title-only reference) found in the article."""

    start: int  # char offsets
    end: int
    words: tuple[str, ...]
    label: str
    role: str | None = None
    office: str | None = None
    role_span: tuple[int, int] | None = None
    canonical: str | None = None
    titled: bool = False  # a title or honorific stands right before the name


@dataclass
class _Org:
    start: int
    end: int
    canonical: str
    label: str
    role: str | None = None

    def name(self, text: str) -> str:
        return " ".join(text[self.start : self.end].split())


class _View:
    """A parsed doc with its tokens listed once: spaCy builds a new Python object on
    every ``doc[i]``, which would otherwise be most of this module's cost."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.tokens = list(doc)
        self.text = doc.text if text is None else text
        self.ents = tuple(doc.ents)

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> _Slice: ...
    def __getitem__(self, index: int | slice) -> Token | _Slice:
        if isinstance(index, slice):
            return _Slice(self, index.start, index.stop)
        return self.tokens[index]

    def char_span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end)


class _Slice:
    """Tokens ``start:end`` of a view, iterable, with their text."""

    def __init__(self, view: _View, start: int, end: int) -> None:
        self.view, self.start, self.end = view, start, min(end, len(view))

    def __iter__(self) -> Iterator[Token]:
        return iter(self.view.tokens[self.start : self.end])

    @property
    def text(self) -> str:
        if self.start >= self.end:
            return ""
        last = self.view.tokens[self.end - 1]
        return self.view.text[self.view.tokens[self.start].idx : last.idx + len(last.text)]


@dataclass
class _Article:
    """One doc with the lexicon and the caller's notion of a place, memoised."""

    doc: _View
    lex: ActorLexicon
    is_place: IsPlace
    place_key: PlaceKey | None
    is_place_over_a_person: IsPlace | None = None
    _runs: dict[int, int] = field(default_factory=dict)
    _person_runs: dict[int, int] = field(default_factory=dict)
    person_tokens: set[int] = field(default_factory=set)

    def place_run(self, i: int) -> int:
        """Tokens in the longest place name starting at token ``i`` (0: none)."""
        if i in self._runs:
            return self._runs[i]
        doc, found = self.doc, 0
        if i < len(doc) and doc[i].text[:1].isupper():
            for k in range(min(4, len(doc) - i), 0, -1):
                span = doc[i : i + k]
                if not doc[i + k - 1].is_punct and self.is_place(span.text):
                    found = k
                    break
        self._runs[i] = found
        return found

    def place_run_in_name(self, i: int) -> int:
        """Like :meth:`place_run`, inside a name read as a person's: only the places
        that ``is_place_over_a_person`` takes against it."""
        strict = self.is_place_over_a_person
        if strict is None:
            return self.place_run(i)
        if i not in self._person_runs:
            run = self.place_run(i)
            while run and not strict(self.doc[i : i + run].text):
                run -= 1
            self._person_runs[i] = run
        return self._person_runs[i]

    def names_a_place(self, text: str) -> bool:
        """Whether a name read as a person's is a place (see ``place_run_in_name``)."""
        strict = self.is_place_over_a_person
        return strict(text) if strict is not None else self.is_place(text)

    @property
    def text(self) -> str:
        return self.doc.text

    def in_place(self, i: int) -> bool:
        return any(self.place_run(j) > i - j for j in range(max(0, i - 3), i + 1))

    def key_of(self, place: str) -> str:
        key = self.place_key(place) if self.place_key else None
        return key or slug(place)


_RUN_TOGETHER = re.compile(r"[a-z]{5}[A-Z]")
"""Two words run together by a page's markup ("ClintonWarren"); "McConnell",
"MacArthur" and "DeSantis" have fewer small letters before their capital."""


def _is_name_word(token: Token) -> bool:
    return _is_name_text(token.text)


def _word(token: Token) -> str:
    return token.text.replace("\u00a0", " ")


def _span_words(doc: _View, start: int, end: int) -> tuple[str, ...]:
    """The words of a name; a hyphenated word is one ("Jae-in", "Jean-Claude"),
    though the tokenizer splits it in three."""
    words: list[str] = []
    glued = False  # the next token continues the last word
    for t in doc[start:end]:
        if t.is_space:
            glued = False
            continue
        if words and (glued or t.text == "-") and (t.text == "-" or words[-1].endswith("-")):
            words[-1] += _word(t)
        else:
            words.append(_word(t))
        glued = not t.whitespace_
    return tuple(words)


def _is_name_text(word: str) -> bool:
    """A word a name can hold: capitalised letters (a hyphen, an apostrophe or a stop
    inside), not all capitals, not two words run together."""
    if not word[:1].isupper() or not all(c.isalpha() or c in _NAME_PUNCT for c in word):
        return False
    if _RUN_TOGETHER.search(word):
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) <= 1 or not word.isupper()


def _hyphen_tail(doc: _View, e: int) -> int:
    """The end of a name whose last word runs on with a hyphen ("Moon Jae-in",
    "Kim Jong-un": the entity may stop before it)."""
    while (
        e + 1 < len(doc)
        and doc[e].text == "-"
        and not doc[e - 1].whitespace_
        and not doc[e].whitespace_
        and doc[e + 1].is_alpha
        and (doc[e + 1].text[:1].isupper() or len(doc[e + 1].text) <= 2)
    ):
        e += 2  # "Jae-in", "Il-Sung"; not "Warren-style", "Obama-era"
    return e


def _pieces(doc: _View, start: int, end: int) -> list[tuple[int, int]]:
    """An entity cut at line breaks and loose punctuation, without "the" or "'s"."""
    pieces, begin = [], start
    for i in range(start, end + 1):
        if i < end:
            token = doc[i]
            internal = i > start and _is_joiner(doc, i)
            newline = token.is_space and "\n" in token.text
            if not (newline or (token.is_punct and not internal) or token.text in _BREAKS):
                continue
        pieces.append((begin, i))
        begin = i + 1
    trimmed = []
    for first, last in pieces:
        s, e = first, last
        while s < e and (doc[s].is_space or doc[s].lower_ in _DETERMINERS):
            s += 1
        while e > s and (doc[e - 1].is_space or doc[e - 1].lower_ in _POSSESSIVE):
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _chars(doc: _View, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


# -- person names ----------------------------------------------------------------------


def _person_span(art: _Article, s: int, e: int) -> tuple[int, int] | None:
    """The name inside a PERSON-like piece, or None when it is not a person's name."""
    doc, lex = art.doc, art.lex
    if s > 0 and doc[s - 1].lower_ in lex.non_person_before:
        return None  # "the Kallisti Horizon", "the ferry Thira Voyager"
    while s < e and (doc[s].lower_ in lex.honorifics or doc[s].lower_ in lex.titles):
        s += 1
    # "Marely Ramirez of Coronado": spaCy's PERSON runs on into where the person is from
    e = next((i for i in range(s + 1, e) if doc[i].lower_ == "of"), e)
    if s >= e or art.names_a_place(doc[s:e].text) or art.place_run_in_name(s) == e - s:
        return None
    s = _trim_leading_place(art, s, e)
    while e < len(doc) and doc[e - 1].lower_ in lex.particles and _is_name_word(doc[e]):
        e += 1
    e = _hyphen_tail(doc, e)
    words = _span_words(doc, s, e)
    if not words or len(words) > _MAX_NAME_WORDS:
        return None
    if not _is_name_text(words[0]) or not _is_name_text(words[-1]):
        return None
    if not all(_is_name_text(w) or w.lower() in lex.particles for w in words):
        return None
    lowered = {w.lower() for w in words}
    if lowered & (lex.org_words | lex.not_actors) or lowered <= lex.generic_org | lex.titles:
        return None
    if words[-1].lower() in lex.place_suffixes:
        return None  # "Julian Alps", "Victoria Quay"
    return s, e


def _trim_leading_place(art: _Article, s: int, e: int) -> int:
    """ "(to) Armenia Sergey Kopyrkin", "Georgia's Irakli Garibashvili": the place is
    not part of the name. Only cut when two name words remain and the place is
    set off (a preposition or title before it, a possessive after it), since many
    first names are also towns ("Vladimir", "Antony", "Marina")."""
    doc, lex = art.doc, art.lex
    run = art.place_run_in_name(s)
    if not run:
        return s
    possessive = s + run < e and doc[s + run].lower_ in _POSSESSIVE
    cut = s + run + (1 if possessive else 0)
    before = doc[s - 1].lower_ if s > 0 else ""
    remaining = sum(1 for t in doc[cut:e] if not t.is_space)
    if remaining >= 2 and (possessive or before in _CONNECTORS or before in lex.titles):
        return cut
    return s


def _token_class(art: _Article, i: int) -> str | None:
    """A token's part in a role phrase, or None where a role phrase cannot go."""
    token = art.doc[i]
    lower = token.lower_
    if i in art.person_tokens or (token.is_space and "\n" in token.text):
        return None
    if lower in art.lex.titles:
        return "T"
    if token.text[:1].isupper() and art.in_place(i):
        return "P"
    if lower in _POSSESSIVE:
        return "S"
    if lower in _CONNECTORS:
        return "O"
    if lower in _DETERMINERS:
        return "D"
    if lower == "and":
        return "A"
    if _is_joiner(art.doc, i):
        return "J"
    if _is_name_word(token):
        return "C"
    if token.is_alpha and (
        token.pos_ in ("NOUN", "ADJ", "PROPN") or token.dep_ in ("amod", "compound")
    ):
        return "N"
    return None


def _is_joiner(doc: _View, i: int) -> bool:
    """Punctuation inside a word: "secretary-general", "U.S.", "Owners' Federation"."""
    token = doc[i]
    if token.text not in _JOINERS or i == 0 or doc[i - 1].whitespace_:
        return False
    if token.text in ("'", "’") and doc[i - 1].text.endswith("s"):
        return True  # a plural possessive inside a name
    return not token.whitespace_ and i + 1 < len(doc) and doc[i + 1].is_alpha


def _role_before(art: _Article, end: int) -> tuple[int, int] | None:
    """Token range of the title right before token ``end`` ("US Secretary of State")."""
    j = end - 1
    while j >= 0 and _token_class(art, j) is not None:
        j -= 1
    classes = [_token_class(art, i) for i in range(j + 1, end)]
    if not classes or classes[-1] not in ("T", "C", "P", "N"):
        return None
    first = next((k for k, c in enumerate(classes) if c == "T"), None)
    if first is None:
        return None
    while first > 0 and (
        classes[first - 1] in ("P", "S", "C", "T")
        or (classes[first - 1] == "N" and classes[first] == "S")
        or (classes[first - 1] == "N" and art.doc[j + first].dep_ in ("compound", "amod"))
    ):
        first -= 1
    return j + 1 + first, end


def _role_after(art: _Article, comma: int) -> tuple[int, int] | None:
    """Token range of an apposition after ``NAME,``: "Commander of the Russian ...".

    The phrase must be headed by a title (before any "of"/"for"), and stops at
    a verb, an adverb, punctuation or another name (then it is that name's title).
    """
    doc = art.doc
    i = comma + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    start = i
    while i < len(doc) and (cls := _token_class(art, i)) is not None:
        if cls == "A" and not (i + 1 < len(doc) and _token_class(art, i + 1) in ("C", "P")):
            break
        i += 1
    if i < len(doc) and i in art.person_tokens:
        return None
    end = i
    while end > start and _token_class(art, end - 1) in ("O", "D", "A", "J", "S"):
        end -= 1
    head = []
    for k in range(start, end):
        if _token_class(art, k) == "O":
            break
        head.append(doc[k].lower_)
    if not set(head) & art.lex.titles:
        return None
    return (start, end) if end > start else None


def _office(art: _Article, start: int, end: int) -> str:
    """``places/key`` for a role phrase: ("US Secretary of State") -> us/foreign-minister."""
    doc, lex = art.doc, art.lex
    skip = _DETERMINERS | _POSSESSIVE | lex.role_modifiers
    places: set[str] = set()
    words: list[str] = []
    i = start
    while i < end:
        run = art.place_run(i)
        if run:
            places.add(art.key_of(doc[i : min(i + run, end)].text))
            i += run
            continue
        token = doc[i]
        if token.lower_ not in skip and not token.is_space:
            glued = token.text in _JOINERS or (
                i > start and doc[i - 1].text in _JOINERS and not doc[i - 1].whitespace_
            )
            if glued and words:
                words[-1] += token.lower_
            else:
                words.append(token.lower_)
        i += 1
    while words and words[-1] in _CONNECTORS | {"and"}:
        words.pop()
    core = " ".join(words)
    return f"{'+'.join(sorted(places))}/{lex.role_keys.get(core, slug(core))}"


def _role_text(doc: _View, start: int, end: int) -> str:
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    return doc[start:end].text.replace("\u00a0", " ")


def _attach_roles(art: _Article, names: list[tuple[int, int, str]]) -> list[_Name]:
    """Each name with the title written next to it, if any."""
    doc = art.doc
    found = []
    for s, e, label in names:
        spans = []
        direct = _role_before(art, s)
        left = direct[0] if direct else s
        if direct:
            spans.append(direct)
        closes = e >= len(doc) or doc[e].text in {",", ".", ";", ")"}
        if left > 0 and doc[left - 1].text == "," and closes:
            before = _role_before(art, left - 1)
            if before and (
                (before[0] > 0 and doc[before[0] - 1].lower_ in _DETERMINERS)
                or any(t.lower_ in _POSSESSIVE for t in doc[before[0] : before[1]])
            ):
                spans.append(before)
        if e < len(doc) and doc[e].text == ",":
            after = _role_after(art, e)
            if after:
                spans.append(after)
        name = _Name(*_chars(doc, s, e), _span_words(doc, s, e), label)
        name.titled = s > 0 and doc[s - 1].lower_ in art.lex.honorifics | art.lex.titles
        if spans:
            rs, re_ = max(spans, key=lambda r: len(doc[r[0] : r[1]].text))
            name.role = _role_text(doc, rs, re_)
            name.office = _office(art, rs, re_)
            name.role_span = _chars(doc, rs, re_)
        found.append(name)
    return found


# "Olimpia Blanco, a 23-year-old immigrant", "Rubilio Mendez, 34,": an age is a person's
_AGE_AFTER = re.compile(r",\s+(?:(?:an?|the)\s+)?\d{1,3}(?:-year-old\b|,)")


def _says_he_or_she(head: Token) -> bool:
    """'Rubilio Mendez said he fled': a name whose verb's clause goes on as "he" or
    "she" is a person's, whatever spaCy tagged it."""
    if head.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return any(
        grandchild.dep_ in {"nsubj", "nsubjpass"} and grandchild.lower_ in {"he", "she"}
        for child in head.head.children
        if child.dep_ == "ccomp"
        for grandchild in child.children
    )


def _find_names(art: _Article, known_orgs: set[tuple[int, int]]) -> list[_Name]:
    doc = art.doc
    candidates: list[tuple[int, int, str]] = []
    maybe: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        for s, e in _pieces(doc, ent.start, ent.end):
            span = _person_span(art, s, e)
            if span is None:
                continue
            if ent.label_ == "PERSON":
                candidates.append((*span, "PERSON"))
            elif span[1] - span[0] >= 2 and _chars(doc, *span) not in known_orgs:
                maybe.append(span)
    for s, e, _ in candidates:
        art.person_tokens.update(range(s, e))
    words = {_span_words(doc, s, e) for s, e, _ in candidates}
    for s, e in maybe:
        # an ORG tag on a bare name: a person if it has a title or is named elsewhere
        if (
            _span_words(doc, s, e) in words
            or _role_before(art, s)
            or (e < len(doc) and doc[e].text == "," and _role_after(art, e))
            or _AGE_AFTER.match(art.text, _chars(doc, s, e)[1])
            or _says_he_or_she(doc[e - 1])
        ):
            candidates.append((s, e, "ORG->PERSON"))
            art.person_tokens.update(range(s, e))
    candidates.extend(_untagged_with_a_title(art))
    candidates.extend(_echoes(art, candidates))
    return _attach_roles(art, sorted(set(candidates)))


def _untagged_with_a_title(art: _Article) -> list[tuple[int, int, str]]:
    """A name the parser tagged as nothing, with a title in apposition after it:
    "Heather Cronk, co-director of Showing Up for Racial Justice, ..." (the small
    model tags no entity there, so her "she said" had no one to stand for). Two or
    three capitalised proper nouns, none of them in an entity or a place, then a
    comma and a phrase headed by a title (``_role_after``). Read back from each comma,
    so that the tokens of an article are not visited one more time."""
    doc = art.doc
    found: list[tuple[int, int, str]] = []
    for comma in _comma_tokens(doc):
        s = comma
        while s > 0 and comma - s < 3 and _bare_name_word(art, s - 1):
            s -= 1
        if (
            comma - s >= 2
            and (s == 0 or not _is_name_word(doc[s - 1]))
            and not (
                comma + 1 < len(doc) and _is_name_word(doc[comma + 1]) and doc[comma + 1].ent_type_
            )
            and _role_after(art, comma)
            and (span := _person_span(art, s, comma)) is not None
        ):
            found.append((*span, "UNTAGGED->PERSON"))
            art.person_tokens.update(range(*span))
    return found


def _comma_tokens(view: _View) -> list[int]:
    """The indices of the tokens that are a comma, from the text's commas."""
    indices = []
    for match in re.finditer(",", view.text):
        span = view.doc.char_span(match.start(), match.end())
        if span is not None and len(span) == 1:
            indices.append(span.start)
    return indices


def _bare_name_word(art: _Article, i: int) -> bool:
    """A capitalised proper noun in no entity, no place and no one's name yet."""
    token = art.doc[i]
    return (
        token.pos_ == "PROPN"
        and not token.ent_type_
        and _is_name_word(token)
        and i not in art.person_tokens
        and not art.in_place(i)
    )


def _echoes(art: _Article, names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Surnames repeated without a tag, or tagged as something else ("Blinken" GPE)."""
    doc, lex = art.doc, art.lex
    # the last word of a full name ("Jae-in" of "Moon Jae-in"; never the "in" token)
    surnames = {
        w[-1] for s, e, _ in names if len(w := _span_words(doc, s, e)) >= 2 and w[-1][:1].isupper()
    }
    if not surnames:
        return []
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    found = []
    for match in pattern.finditer(art.text):
        span = doc.char_span(match.start(), match.end())
        if span is None or len(span) != 1 or span.start in art.person_tokens:
            continue
        i = span.start
        if i + 1 < len(doc) and _is_name_word(doc[i + 1]) and not art.in_place(i + 1):
            continue  # part of a longer name spaCy did not tag
        s = i
        while s > 0 and doc[s - 1].lower_ in lex.particles:
            s -= 1
        found.append((s, i + 1, "surname"))
        art.person_tokens.update(range(s, i + 1))
    return found


def _title_refs(art: _Article, names: list[_Name]) -> list[_Name]:
    """ "the US chief diplomat", "the Armenian prime minister": offices without a name."""
    text, lex = art.text, art.lex
    starts = {n.start for n in names}
    taken = [n.role_span for n in names if n.role_span] + [(n.start, n.end) for n in names]
    refs = []
    for match in lex.title_ref_pattern.finditer(text):
        qual, title = match.group("qual").split(), match.group("title")
        t_start, t_end = match.start("title"), match.end("title")
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        places = []
        if qual:
            joined = " ".join(qual)
            if art.is_place(joined):
                places.append(joined)
            elif all(art.is_place(q) for q in qual):
                places.extend(qual)
            else:
                continue
        after = text[t_end:]
        if re.match(r"\s*,?\s*$", after[:3]) and t_end + len(after[:3]) in starts:
            continue
        follow = re.match(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w-]*\s?)+)", after)
        if follow:
            if not art.is_place(follow.group(1).strip()):
                continue
            places.append(follow.group(1).strip())
        nxt = re.match(r"[\s,]*", after)
        if nxt and t_end + nxt.end() in starts:
            continue
        core = " ".join(title.lower().split())
        keys = sorted({art.key_of(p) for p in places})
        office = f"{'+'.join(keys)}/{lex.role_keys.get(core, slug(core))}"
        role = text[match.start("qual") : t_end] if qual else title
        refs.append(_Name(t_start, t_end, (), "title", role=role, office=office))
    return refs


def _same_first_name(a: str, b: str) -> bool:
    """Spelling variants of a first name: equal, or one edit apart when both have at
    least four letters and the same initial ("Antony" / "Anthony", "Sergey" / "Sergei").
    The risk: two relatives "Anna" and "Anne" with one surname would be merged."""
    a, b = slug(a), slug(b)
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    return _edit_distance(a, b) <= 1


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Full names of one person: same surname and first name (or a spelling of it).
    A generation is part of the name: "Donald Trump Jr." is not "Donald Trump", and
    so "Roger J. Stone Jr." is not joined to "Roger Stone" either (nothing in the
    words tells the two cases apart)."""
    return slug(a[-1]) == slug(b[-1]) and _same_first_name(a[0], b[0])


def _cluster_people(names: list[_Name]) -> list[_Name]:
    """Give every name in one article the canonical of the fullest form it belongs to.

    A lone word that no full name in the article explains is kept only with a title
    or honorific ("President Putin", "Mrs Pell"): alone, spaCy's single-word PERSONs
    are mostly islands, ships and regions ("Hydra", "Carinthia").
    """
    # "von der Leyen" is a surname, not a full name: full names start with a capital
    full = [n for n in names if len(n.words) >= 2 and n.words[0][:1].isupper()]
    for group in _groups(full):
        counts = Counter(n.words for n in group)
        best = max(group, key=lambda n: (len(n.words), counts[n.words], -n.start))
        for n in group:
            n.canonical = "person:" + slug(" ".join(best.words))
    offices: dict[str, set[str]] = defaultdict(set)
    for n in full:
        if n.office:
            offices[str(n.canonical)].add(n.office.split("/", 1)[1])
    standing: list[_Name] = []  # lone names that are their own person (see _partial_name)
    for name in sorted(names, key=lambda n: n.start):
        if name.canonical is None and name.words:
            name.canonical = _partial_name(name, full, standing, offices)
            if len(name.words) == 1 and name.canonical == "person:" + slug(name.words[0]):
                standing.append(name)
    names = [n for n in names if n.canonical]
    by_person: dict[str, list[_Name]] = defaultdict(list)
    for name in names:
        by_person[str(name.canonical)].append(name)
    for group in by_person.values():
        first = next((n for n in group if n.role), None)
        for n in group:
            if first and not n.role:
                n.role, n.office = first.role, first.office
    return names


def _groups(full: list[_Name]) -> list[list[_Name]]:
    groups: list[list[_Name]] = []
    for name in full:
        for group in groups:
            if _same_person(group[0].words, name.words):
                group.append(name)
                break
        else:
            groups.append([name])
    return groups


def _partial_name(
    name: _Name, full: list[_Name], standing: list[_Name], offices: Mapping[str, set[str]]
) -> str | None:
    """ "Blinken", "von der Leyen": the person of the first full name ending so that
    the article gives before it (else of the first later one, else of one starting
    with the lone word).

    The *first* introduced, not the nearest: when two people share a surname, the
    article's main one keeps it and the other is named in full ("Melania Trump"
    after "President Trump": the next "Trump" is still the president). A titled lone
    name that comes before any full name is not a later full name whose office
    differs ("President Trump" is not "Melania Trump, the first lady"); it then
    stands as its own person, and the lone names after it join it too
    (``standing``). Once a full name is given, offices are not compared: one man's
    "Senator" and "the top Democrat on the committee" are one.
    """
    tail = [slug(w) for w in name.words]

    def ends_so(other: _Name) -> bool:
        return [slug(w) for w in other.words[-len(tail) :]] == tail

    holders = [f for f in full if ends_so(f)] or [
        f for f in full if len(tail) == 1 and slug(f.words[0]) == tail[0]
    ]
    earlier = [f for f in holders if f.start < name.start] + [s for s in standing if ends_so(s)]
    if earlier:
        return min(earlier, key=lambda n: n.start).canonical
    if name.titled and name.office:  # "President Trump" before any full name
        key = name.office.split("/", 1)[1]
        holders = [f for f in holders if key in offices.get(str(f.canonical), {key})]
    if holders:
        return holders[0].canonical
    if len(name.words) > 1 or name.titled or name.role:
        return "person:" + slug(" ".join(name.words))
    return None


def _resolve_refs(refs: list[_Name], people: list[_Name]) -> list[_Name]:
    """Title-only references to the person holding that office in the article."""
    offices: dict[str, set[str]] = defaultdict(set)
    for p in people:
        if p.canonical and p.office:
            offices[p.canonical].add(p.office)
    kept = []
    for ref in refs:
        assert ref.office is not None
        holders = sorted(c for c, held in offices.items() if _holds(held, ref.office, loose=True))
        if len(holders) > 1:
            holders = sorted(c for c, h in offices.items() if _holds(h, ref.office, loose=False))
        if len(holders) == 1:
            ref.canonical = holders[0]
        elif ref.office.split("/", 1)[0]:
            ref.canonical = "role:" + ref.office
        else:
            continue  # "the president" with no holder in sight: too vague to report
        kept.append(ref)
    return kept


def _holds(held: Iterable[str], office: str, *, loose: bool) -> bool:
    """Does any of ``held`` match ``office``: same key, and the reference's places
    among the holder's (``loose``: a holder whose office names no place also fits)."""
    places, key = office.split("/", 1)
    wanted = set(places.split("+")) - {""}
    for other in held:
        other_places, other_key = other.split("/", 1)
        have = set(other_places.split("+")) - {""}
        if other_key == key and (wanted <= have if have else loose):
            return True
    return False


# -- organisations ---------------------------------------------------------------------


def _org_name(art: _Article, s: int, e: int) -> tuple[int, int, str] | None:
    """(span start, span end, canonical) of an ORG piece, place words outside the span."""
    doc, lex = art.doc, art.lex
    if art.is_place(doc[s:e].text) or art.place_run(s) == e - s:
        return None
    words = [t for t in doc[s:e] if not t.is_space]
    if {t.lower_ for t in words} & lex.not_actors or words[-1].lower_ in lex.place_suffixes:
        return None  # "Easter", "Russian Chapel"
    if any(t.is_alpha and t.text.islower() and t.lower_ not in _ORG_LOWER for t in words):
        return None  # "Thira Voyager off Rafina": a sentence fragment, not a name
    s, e, qualifiers = _org_qualifiers(art, s, e)
    if s >= e or not doc[s].text[:1].isupper():
        return None
    lowered = [t.lower_ for t in doc[s:e] if not t.is_space]
    if len(lowered) == 1 and len(words) > 1 and lowered[0] not in lex.generic_org:
        return None  # "North-East Atlantic" -> "Atlantic": the rest was a place
    if set(lowered) & lex.state_bodies:
        return None  # a country's government acting: a state, for places.py
    if set(lowered) <= lex.generic_org and not qualifiers:
        return None  # "State", "Foreign Ministry" of nowhere
    name = re.sub(r" ?([-’'&]) ?", r"\1", " ".join(lowered)).replace(" 's", "'s")
    name = lex.org_names.get(name, name)
    known = lex.known.get(doc[s:e].text)
    if known and not qualifiers:
        return (*_chars(doc, s, e), "org:" + known.id)
    places = sorted({art.key_of(q) for q in qualifiers})
    return (*_chars(doc, s, e), "org:" + slug(" ".join([*places, name])))


def _org_qualifiers(art: _Article, s: int, e: int) -> tuple[int, int, list[str]]:
    """The places that say whose body it is: "Azerbaijan's | Azerbaijani Foreign
    Ministry", "State Commission ... of Azerbaijan"; the span shrinks to exclude them."""
    doc = art.doc
    qualifiers: list[str] = []
    if s >= 2 and doc[s - 1].lower_ in _POSSESSIVE and art.in_place(s - 2):
        qualifiers.append(doc[s - 2].text)
    elif s >= 1 and art.in_place(s - 1) and doc[s - 1].whitespace_:
        qualifiers.append(doc[s - 1].text)
    while s < e and 0 < art.place_run(s) < e - s:
        qualifiers.append(doc[s : s + art.place_run(s)].text)
        s += art.place_run(s)
    for k in range(min(4, e - s - 1), 0, -1):
        if doc[e - k - 1].lower_ == "of" and art.place_run(e - k) == k:
            qualifiers.append(doc[e - k : e].text)
            e -= k + 1
            break
    while e > s and (doc[e - 1].is_space or doc[e - 1].lower_ in _DETERMINERS):
        e -= 1
    return s, e, qualifiers


def _find_orgs(art: _Article, people: list[_Name]) -> list[_Org]:
    doc, lex = art.doc, art.lex
    text = art.text
    taken = [(n.start, n.end) for n in people]
    found: list[_Org] = []
    for match in lex.known_pattern.finditer(text):
        org = lex.known[match.group()]
        start = _after_leading_place(art, match.start(), match.end())
        key = org.id
        if org.per_country:
            country = _country_before(art, match.start())
            key = f"{country}/{org.id}" if country else org.id
        found.append(_Org(start, match.end(), "org:" + key, "lexicon", role=org.role))
    _qualify_country_bodies(found, lex)
    vessels = _vessel_names(art)
    for ent in doc.ents:
        pieces = _pieces(doc, ent.start, ent.end) if ent.label_ in ("ORG", "PERSON") else []
        for s, e in _split_coordination(art, pieces):
            if _names_a_vessel(art, s) or " ".join(t.text for t in doc[s:e]) in vessels:
                continue
            if ent.label_ == "PERSON" and (
                e - s < 2 or not {t.lower_ for t in doc[s:e]} & lex.org_words
            ):
                continue
            named = _org_name(art, s, _extend_coordination(art, s, e))
            if named:
                found.append(_Org(*named, ent.label_))
    _name_coordinated_heads(art, found)
    kept = _without_overlaps(found, taken)
    kept.extend(_acronyms_and_repeats(art, kept, taken))
    kept = _without_overlaps(kept, taken)
    kept.extend(_anaphora(art, kept))
    return sorted(kept, key=lambda o: o.start)


def _qualify_country_bodies(found: list[_Org], lex: ActorLexicon) -> None:
    """ "the peacekeeping force" takes the country of the one body of that kind the
    article names with its country ("Russian peacekeepers"); with none or several, it
    stays unqualified."""
    kinds = {org.id for org in lex.known.values() if org.per_country}
    for i, org in enumerate(found):
        kind = org.canonical.removeprefix("org:")
        if kind not in kinds:
            continue
        qualified = {o.canonical for o in found if o.canonical.endswith("/" + kind)}
        if len(qualified) == 1:
            found[i] = replace(org, canonical=qualified.pop())


_ARTICLES = frozenset({"the", "a", "an"})


def _vessel_names(art: _Article) -> set[str]:
    """Names the article introduces with a vessel or venue word ("the ferry Kallisti
    Horizon"): elsewhere in the article the bare name is the same ship."""
    names = set()
    for ent in art.doc.ents:
        if ent.label_ in ("ORG", "PERSON") and _names_a_vessel(art, ent.start):
            names.add(" ".join(t.text for t in art.doc[ent.start : ent.end]))
    return names


def _names_a_vessel(art: _Article, s: int) -> bool:
    """ "the ferry Kallisti Horizon": a name right after a vessel or venue word is a
    ship or a building, never an organisation (nor a person)."""
    before = art.doc[s - 1].lower_ if s > 0 else ""
    return before in art.lex.non_person_before and before not in _ARTICLES


def _country_before(art: _Article, start: int) -> str | None:
    """The place key of a place word right before ``start`` ("Russian | peacekeepers")."""
    if art.place_key is None:
        return None
    words = art.text[max(0, start - 40) : start].split()
    if not words:
        return None
    word = words[-1].strip("()\"'“”‘’,")
    if not word or not art.is_place(word):
        return None
    return art.place_key(word)


def _after_leading_place(art: _Article, start: int, end: int) -> int:
    """Where a known name starts once a leading place word is left to places.py
    ("Hellenic | Coast Guard"), so the two annotators' spans never overlap."""
    span = art.doc.char_span(start, end)
    if span is None or len(span) < 2:
        return start
    run = art.place_run(span.start)
    return art.doc[span.start + run].idx if 0 < run < len(span) else start


def _split_coordination(art: _Article, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "European Council and Commission" -> "European Council", "Commission"."""
    doc, out = art.doc, []
    for s, e in pieces:
        ands = [i for i in range(s + 1, e - 1) if doc[i].lower_ == "and"]
        if (
            len(ands) == 1
            and e - ands[0] == 2
            and doc[ands[0] - 1].lower_ in art.lex.org_words
            and doc[e - 1].lower_ in art.lex.org_words
        ):
            out.extend([(s, ands[0]), (ands[0] + 1, e)])
        else:
            out.append((s, e))
    return out


def _name_coordinated_heads(art: _Article, found: list[_Org]) -> None:
    """The second head of "European Council and Commission" takes the shared words."""
    lex, text = art.lex, art.text
    by_end = {o.end: o for o in found}
    for right in found:
        head = text[right.start : right.end]
        before = re.search(r"(\w+)\s+and\s+$", text[max(0, right.start - 40) : right.start])
        if before is None or head.lower() not in lex.org_words:
            continue
        left = by_end.get(right.start - len(before.group()) + len(before.group(1)))
        if left is None or before.group(1).lower() not in lex.org_words:
            continue
        shared = text[left.start : left.end].split()[:-1]
        name = " ".join([*shared, head])
        known = lex.known.get(name)
        right.canonical = "org:" + (known.id if known else slug(name))


def _extend_coordination(art: _Article, s: int, e: int) -> int:
    """ "Office of European" + "and Eurasian Affairs": spaCy stops at the "and"."""
    doc = art.doc
    if e + 1 < len(doc) and doc[e - 1].pos_ == "ADJ" and doc[e].lower_ == "and":
        k = e + 1
        while k < len(doc) and _is_name_word(doc[k]):
            k += 1
        if k > e + 1:
            return k
    return e


def _without_overlaps(orgs: list[_Org], taken: list[tuple[int, int]]) -> list[_Org]:
    """Longest first; persons' spans are never an organisation's."""
    kept: list[_Org] = []
    for org in sorted(orgs, key=lambda o: (o.start - o.end, o.label != "lexicon", o.start)):
        spans = taken + [(k.start, k.end) for k in kept]
        if all(org.end <= a or org.start >= b for a, b in spans):
            kept.append(org)
    return kept


def _acronyms_and_repeats(
    art: _Article, orgs: list[_Org], taken: list[tuple[int, int]]
) -> list[_Org]:
    """ "Maritime Accident Investigation Council (MAIC)": later "MAIC" is the council;
    names tagged once and repeated untagged are found again."""
    text = art.text
    surfaces: dict[str, str] = {}
    for org in orgs:
        surfaces.setdefault(text[org.start : org.end], org.canonical)
        defined = re.match(r"\s*\(([A-Z][A-Z.&]{1,7})\)", text[org.end : org.end + 14])
        if defined and _initials_match(defined.group(1), text[org.start : org.end]):
            surfaces[defined.group(1)] = org.canonical
    if not surfaces:
        return []
    pattern = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))
        + r")(?![\w])"
    )
    spans = {(o.start, o.end) for o in orgs}
    return [
        _Org(m.start(), m.end(), surfaces[m.group()], "repeat")
        for m in pattern.finditer(text)
        if (m.start(), m.end()) not in spans
    ]


def _initials_match(acronym: str, name: str) -> bool:
    return _letters(acronym) in _initials(name)


def _letters(acronym: str) -> str:
    return "".join(c.lower() for c in acronym if c.isalpha())


def _initials(name: str) -> tuple[str, str]:
    """The initials of ``name``'s words, and of its words other than stopwords ("of",
    "the"...): the two spellings an acronym of it can have."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    return (
        "".join(w[0].lower() for w in words),
        "".join(w[0].lower() for w in words if w.lower() not in _ACRONYM_STOPWORDS),
    )


def _anaphora(art: _Article, orgs: list[_Org]) -> list[_Org]:
    """ "the ministry" -> the last organisation before it whose name ends in "Ministry"."""
    text, found = art.text, []
    named = sorted(orgs, key=lambda o: o.start)
    for match in art.lex.anaphora_pattern.finditer(text):
        head = match.group("head").lower()
        before = [
            o for o in named if o.end <= match.start() and o.name(text).lower().endswith(head)
        ]
        if before:
            found.append(
                _Org(match.start("head"), match.end("head"), before[-1].canonical, "anaphora")
            )
    return found


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def find_actors(
    doc: Doc,
    *,
    is_place: IsPlace,
    place_key: PlaceKey | None = None,
    lexicon: ActorLexicon | None = None,
    text: str | None = None,
    is_place_over_a_person: IsPlace | None = None,
) -> list[Mention]:
    """People and organisations named in one parsed article, linked within it.

    ``is_place`` says whether a string names a country, city, region or people
    (those are never actors); ``place_key`` maps such a string to the id it shares
    with its variants ("Azerbaijani" and "Azerbaijan" -> one key), so that
    "Azerbaijan's Foreign Ministry" and "the Azerbaijani Foreign Ministry" get one
    canonical (without it the lowercased word is the key). ``is_place_over_a_person``
    says which of those places a name read as a person's can be ("Kim" is a town too,
    but "Kim Jong Un" and "Kim said" name a man); without it, any place.
    """
    art = _Article(
        _View(doc, text), lexicon or load_lexicon(), is_place, place_key, is_place_over_a_person
    )
    text = art.text
    known = {(m.start(), m.end()) for m in art.lex.known_pattern.finditer(text)}
    people = [n for n in _find_names(art, known) if not _overlaps(n.start, n.end, known)]
    people = _cluster_people(people)
    refs = _resolve_refs(_title_refs(art, people), people)
    orgs = _find_orgs(art, people + refs)
    mentions = [
        Mention(
            n.start,
            n.end,
            text[n.start : n.end],
            MentionType.PERSON,
            canonical=n.canonical,
            role=n.role,
            note=n.office,
            label=n.label,
        )
        for n in people + refs
    ] + [
        Mention(
            o.start,
            o.end,
            text[o.start : o.end],
            MentionType.ORGANISATION,
            canonical=o.canonical,
            role=o.role,
            label=o.label,
        )
        for o in orgs
    ]
    return sorted(mentions, key=lambda m: (m.start, m.end))


# -- the corpus ------------------------------------------------------------------------


def link_actors(
    per_article: Sequence[Sequence[Mention]], *, lexicon: ActorLexicon | None = None
) -> list[list[Mention]]:
    """The same mentions, with one canonical per actor across all articles (the ids
    :func:`actor_links` gives the names the articles' own ids stand for)."""
    mapping = actor_links(names_of(m for article in per_article for m in article), lexicon)
    return [
        [
            replace(m, canonical=mapping[m.canonical]) if m.canonical in mapping else m
            for m in article
        ]
        for article in per_article
    ]


def names_of(mentions: Iterable[Mention]) -> list[ActorName]:
    """The actor mentions among ``mentions`` as :func:`actor_links` reads them: each
    distinct (type, id, words, office) once, with how many mentions read so."""
    counts = Counter(
        (m.type, m.canonical, m.text, m.note)
        for m in mentions
        if m.type in LINKED_TYPES and m.canonical
    )
    return [ActorName(t, c, text, note, n) for (t, c, text, note), n in counts.items() if c]


def actor_links(names: Sequence[ActorName], lexicon: ActorLexicon | None = None) -> dict[str, str]:
    """The corpus-wide id of every actor id an article gives alone that links to
    another (ids that stay as they are are left out).

    A function of the set of names only: the ids each article gives alone, never
    ids an earlier linking gave, so linking a corpus at once and linking it as its
    articles arrive give the same ids.

    People: full names with the same surname and the same first name or a spelling
    of it (see ``_same_first_name``) merge; the id is the spelling with most mentions
    (then the longest, then the first in alphabetical order), so it depends on the
    names only. A surname alone joins the one full name in the corpus with that
    surname, and stays apart when there are several. Title-only references
    left open in their article (``role:armenia/prime-minister``) join the one person
    whose office, somewhere in the corpus, names the same places and key.
    Organisations: an acronym joins the long form it stood for in another article,
    or the one long form in the corpus whose initials it is.
    """
    lex = lexicon or load_lexicon()
    mapping = _link_people(names, lex)
    mapping.update(_link_offices(names, mapping))
    mapping.update(_link_acronyms(names))
    return mapping


def _link_people(names: Sequence[ActorName], lex: ActorLexicon) -> dict[str, str]:
    counts: Counter[str] = Counter()
    for n in names:
        if n.type is MentionType.PERSON and n.canonical.startswith("person:"):
            counts[n.canonical] += n.count
    words = {c: c.removeprefix("person:").split("-") for c in counts}
    full = {c: w for c, w in words.items() if len(w) >= 2 and w[0] not in lex.particles}
    by_surname: dict[str, list[str]] = defaultdict(list)
    for c in sorted(full):
        by_surname[full[c][-1]].append(c)
    mapping: dict[str, str] = {}
    for group in by_surname.values():
        clusters: list[list[str]] = []
        for c in group:
            joined = [k for k in clusters if any(_same_person(full[c], full[o]) for o in k)]
            merged = [c] + [o for k in joined for o in k]
            clusters = [k for k in clusters if k not in joined] + [merged]
        for cluster in clusters:
            best = min(cluster, key=lambda c: (-counts[c], -len(full[c]), c))
            mapping.update({c: best for c in cluster if c != best})
    for c, parts in words.items():
        if c in full:
            continue
        surname = parts[-1]
        holders = {mapping.get(o, o) for o in by_surname.get(surname, ())}
        if len(holders) == 1:
            mapping[c] = holders.pop()
    return mapping


def _link_offices(names: Sequence[ActorName], people: Mapping[str, str]) -> dict[str, str]:
    offices: dict[str, set[str]] = defaultdict(set)
    for n in names:
        if n.type is MentionType.PERSON and n.office and n.canonical.startswith("person:"):
            offices[people.get(n.canonical, n.canonical)].add(n.office)
    mapping = {}
    for role in sorted({n.canonical for n in names if n.canonical.startswith("role:")}):
        office = role.removeprefix("role:")
        holders = [c for c, held in offices.items() if _holds(held, office, loose=False)]
        if len(holders) == 1:
            mapping[role] = holders[0]
    return mapping


def _link_acronyms(names: Sequence[ActorName]) -> dict[str, str]:
    orgs = [n for n in names if n.type is MentionType.ORGANISATION]
    stood_for: dict[str, set[str]] = defaultdict(set)
    short: set[str] = set()
    for n in orgs:
        text = n.text.strip()
        if _ACRONYM.fullmatch(text):
            if n.canonical == "org:" + slug(text):
                short.add(n.canonical)
            else:
                stood_for[slug(text)].add(n.canonical)
    by_initials: dict[str, set[str]] = defaultdict(set)  # each long form's initials, once
    # a dotted acronym's id has hyphens ("D.N.C." -> org:d-n-c) but is no long form
    for long_form in {n.canonical for n in orgs if "-" in n.canonical} - short:
        for initials in set(_initials(long_form.removeprefix("org:"))):
            by_initials[initials].add(long_form)
    mapping = {}
    for canonical in sorted(short):
        acronym = canonical.removeprefix("org:")
        targets = stood_for.get(acronym) or stood_for.get(_letters(acronym))
        targets = targets or set(by_initials.get(_letters(acronym), ()))
        if len(targets) == 1:
            mapping[canonical] = targets.pop()
    return mapping
