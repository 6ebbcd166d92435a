"""Short labels a person would write for a figure or a dated happening, built from
the parse around the value ("military construction money", "tariff on steel
imports", "Armenia handed over", "McCabe was fired").

A figure is labelled by what it measures when the parse says so — the object of
"of" after it ("$3.6 billion of military construction money"), or the noun it
modifies ("a 25 percent tariff on steel imports") — else by the clause it is part
of: the subject (unless the figure is in it) and the verb ("Twelve people were
killed" -> "killed"); a figure counting who spoke or agreed ("three leaders
agreed", "two people briefed on the trip said") is labelled by the counted thing
alone, which is no fact of its own: it says who, not what. A happening is labelled
by its clause without its date: subject, verb (with a passive "was" and a
negation), particle and object.
Nothing is taken from another clause, and no label is longer than
:data:`MAX_WORDS` words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rashomon.compare.lexicon import lexicon
from rashomon.understand.numbers import is_number_word
from rashomon.understand.quotes import cues

if TYPE_CHECKING:
    from spacy.tokens import Token

MAX_WORDS = 9
_MODIFIES = frozenset({"compound", "amod", "npadvmod", "nmod"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "attr", "oprd"})
_PREPOSITIONS = frozenset(
    {"of", "on", "for", "in", "to", "from", "against", "over", "with", "at", "into"}
)


Resolver = Callable[["Token"], "str | None"]
"""Who a pronoun stands for (the name as the article gives it), or None."""


def count_label(tokens: Sequence[Token], resolve: Resolver | None = None) -> str:
    """What a figure (its tokens: "$3.6 billion", "25 percent") is a figure of."""
    inside = {t.i for t in tokens}
    top = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
    of = next((c for c in _children(tokens) if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and (measured := _object_of(of)) is not None:
        return _phrase(measured, inside)  # "$3.6 billion of military construction money"
    if top.dep_ in _MODIFIES and top.head.pos_ in {"NOUN", "PROPN"} and top.head.i not in inside:
        return _phrase(top.head, inside, with_preposition=True)  # "a 25 percent tariff on …"
    counted = top
    if top.dep_ in {"nummod", "quantmod"} and top.head.pos_ in {"NOUN", "PROPN"}:
        counted = top.head  # "Twelve people": the clause is the noun's
        inside |= {counted.i}
    verb, path = _climb(counted)
    if verb is None:
        holder = _of_what(counted)
        return _phrase(holder, inside) if holder is not None else ""
    if counted.dep_ == "nsubj" and counted.head.i == verb.i and cues().is_cue(verb.lower_):
        # "two people briefed on the trip said": who spoke, not what of — the counted
        # thing alone, which is not stated as a fact of its own
        return counted.text
    if path and counted.dep_ in {"conj", "appos"}:
        return ""  # "Three Russian entities and 13 Russian nationals": one of a list
    if any(c.dep_ == "poss" and c.lower_ in _FIRST_PERSON_OWN for c in counted.children):
        return ""  # "our two countries": counted in the speaker's own words
    if _denied(verb):
        return ""  # "no signs that the presentation swayed the three leaders"
    label = _clause_label(verb, counted, path, inside | {t.i for t in counted.subtree}, resolve)
    # "The 25 percent tariffs on steel and 10 percent on aluminum were set": a clause
    # naming another figure would label this one with it
    return "" if _names_a_figure(label) else label


def _clause_label(
    verb: Token, counted: Token, path: Sequence[Token], skip: set[int], resolve: Resolver | None
) -> str:
    """A counted thing's clause: the words from its verb down to it, the verb's
    subject and object, at most :data:`MAX_WORDS` words."""
    if path and path[-1].dep_ in _SUBJECTS:
        # "Redacted copies of seven documents can be seen": the figure is inside the
        # subject, which is what it is a figure of — "Redacted copies of"
        return _words(_path_words(path, skip))
    names: dict[int, str] = {}
    clause = _clause_tokens(verb, skip, names, resolve, with_object=True, figure=True, path=path)
    if clause is None:
        return ""  # "we paid …": a figure in the speaker's own words, not the outlet's
    if not clause.subject and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        clause.subject = _short(verb.head, skip)  # "a petition signed by"
    needed = [*clause.core, *_path_words(path, skip)]
    # the least needed words go first when the label would be too long: the subject,
    # then the object ("put the prime minister's approval rating at", not "a recent
    # poll put at")
    for extra in ([*clause.subject, *clause.objects], clause.objects, clause.subject, []):
        first = [t for t in extra if clause.borrowed and t in clause.subject]
        label = _render(first, [*needed, *extra, *clause.preposition], names)
        if len(label.split()) < MAX_WORDS:
            break
    if len(label.split()) < 2:
        label = _fuller(verb, counted, skip) or label
    if label == verb.text and lexicon().count_class([verb.text]) is None:
        return ""  # "requested: 3 chairmen", "patrol: 4 states": requested what?
    return label


def _denied(verb: Token) -> bool:
    """Whether the clause hangs from a denial above it ("There were no signs that …",
    "did not say that …"): its own words, which a label would state, are not the
    article's claim. A negation of the verb itself stays in the label ("did not
    release")."""
    token = verb
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return False
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children):
            return True
        token = head
    return False


def _names_a_figure(label: str) -> bool:
    return any(ch.isdigit() for ch in label) or any(is_number_word(w) for w in label.split())


def _climb(counted: Token) -> tuple[Token | None, list[Token]]:
    """The verb whose clause holds a counted thing, and the words between them
    ("led" and [to, charges, against] for "led to charges against four associates")."""
    path: list[Token] = []
    token = counted
    for _ in range(5):
        head = token.head
        if head.i == token.i:
            return (head, path) if head.pos_ in {"VERB", "AUX"} else (None, path)
        if head.pos_ in {"VERB", "AUX"}:
            return head, path
        path.append(head)
        token = head
    return None, path


def _path_words(path: Sequence[Token], skip: set[int]) -> list[Token]:
    """The prepositions and nouns leading from the verb to the counted thing ("on
    behalf of", "the chairs of"), each noun with its compounds and adjectives."""
    words: list[Token] = []
    for token in path:
        if token.dep_ in {"conj", "appos"} or token.pos_ in {"CCONJ", "PUNCT"}:
            return []  # "X and four others": the path runs through a list, not a role
        if token.pos_ == "ADP":
            words.append(token)
        elif token.pos_ in {"NOUN", "PROPN"}:
            # the noun with its article and modifiers, not its possessor: "sued the
            # re-election campaign for", not "sued former President Richard Nixon's …"
            words.append(token)
            words.extend(
                t
                for c in token.children
                if c.i < token.i and c.dep_ in {"det", "compound", "amod"}
                for t in c.subtree
                if t.i not in skip and _word(t)
            )
        else:
            return []
    return words


def _fuller(verb: Token, counted: Token, skip: set[int]) -> str:
    """A longer label when the clause gives a verb alone ("offered: about 80
    families"): the verb's object or infinitive when the figure is its subject
    ("offered to sponsor migrants", "marched from Border Field State Park"), else who
    does it: the noun a participle modifies ("migrants traveling"), the subject of the
    verb a coordinated one follows. Never for a copula."""
    if verb.lower_ in COPULAS:
        return ""  # "two presidents have been …": what they are is not what is counted
    if counted.dep_ in _SUBJECTS and counted.head.i == verb.i:
        keep = [verb]
        for child in verb.children:
            if child.i in skip:
                continue
            if child.dep_ in _OBJECTS:
                keep.extend(_short(child, skip))
            elif child.dep_ == "xcomp":
                # the infinitive and what it governs, up to a coordination ("… and")
                cut = {t.i for c in child.children if c.dep_ in {"cc", "conj"} for t in c.subtree}
                keep.extend(t for t in child.subtree if t.i not in skip | cut and _word(t))
        if len(keep) == 1:
            keep.extend(_preposition_phrase(verb, skip, longest=5))  # "marched along …"
        return _words(keep) if len(keep) > 1 else ""
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return _words([*_short(verb.head, skip), verb])  # "migrants traveling 2,500 miles"
    if verb.dep_ == "conj":  # "… and exchanged vows": the first verb's subject
        subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and subject.i not in skip:
            return _words([*_short(subject, skip), verb])
    return ""


def event_label(head: Token, skip: set[int], resolve: Resolver | None = None) -> str:
    """The happening a date is attached to, without the date."""
    if head.pos_ not in {"VERB", "AUX"}:
        return _phrase(head, skip, with_preposition=True)
    names: dict[int, str] = {}
    clause = _clause_tokens(head, skip, names, resolve, with_object=True)
    if clause is None:
        return ""
    return _render(clause.subject if clause.borrowed else [], clause.tokens(), names)


def _render(first: Sequence[Token], rest: Iterable[Token], names: dict[int, str]) -> str:
    """Words in text order, a subject borrowed from another clause first ("Trump
    exuding confidence", not "exuding confidence Trump")."""
    lead = {t.i for t in first}
    words = " ".join(
        w
        for w in (
            _words(first, names, None),
            _words([t for t in rest if t.i not in lead], names, None),
        )
        if w
    )
    return " ".join(words.split()[:MAX_WORDS])


def _of_what(counted: Token) -> Token | None:
    """The noun a counted thing belongs to: "maps" in "maps of 92,000 mines"."""
    of = counted.head
    if counted.dep_ != "pobj" or of.lower_ != "of" or of.head.i == of.i:
        return None
    return of.head if of.head.pos_ in {"NOUN", "PROPN"} else None


def _children(tokens: Sequence[Token]) -> Iterable[Token]:
    inside = {t.i for t in tokens}
    return (c for t in tokens for c in t.children if c.i not in inside)


def _object_of(preposition: Token) -> Token | None:
    return next((c for c in preposition.children if c.dep_ == "pobj"), None)


def _clause_verb(token: Token) -> Token | None:
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return head if head.pos_ in {"VERB", "AUX"} else None
        if head.pos_ in {"VERB", "AUX"}:
            return head
        token = head
    return None


def _phrase(noun: Token, skip: set[int], *, with_preposition: bool = False) -> str:
    """A noun with its compounds and adjectives, and one short prepositional phrase."""
    keep = [noun]
    for child in noun.children:
        if child.i < noun.i and child.dep_ in {"compound", "amod"} and child.i not in skip:
            keep.extend(t for t in child.subtree if t.i not in skip and _word(t))
    if with_preposition:
        keep.extend(_preposition_phrase(noun, skip))
    return _words(keep)


def _preposition_phrase(head: Token, skip: set[int], longest: int = 4) -> list[Token]:
    for child in head.children:
        if child.dep_ != "prep" or child.i < head.i or child.lower_ not in _PREPOSITIONS:
            continue
        words = [t for t in child.subtree if _word(t)]
        if any(t.i in skip or t.ent_type_ in {"DATE", "TIME"} for t in words):
            continue
        return words if len(words) <= longest else []
    return []


@dataclass
class _Clause:
    """A clause's words by role, so a label can drop the least needed first."""

    core: list[Token] = field(default_factory=list)  # verb, "was", "not", "up", "guilty"
    subject: list[Token] = field(default_factory=list)
    borrowed: bool = False  # the subject is another clause's, written first
    objects: list[Token] = field(default_factory=list)
    preposition: list[Token] = field(default_factory=list)

    def tokens(self) -> list[Token]:
        return [*self.core, *self.subject, *self.objects, *self.preposition]


def _clause_tokens(
    verb: Token,
    skip: set[int],
    names: dict[int, str],
    resolve: Resolver | None,
    *,
    with_object: bool,
    figure: bool = False,
    path: Sequence[Token] = (),
) -> _Clause | None:
    """Subject, verb (with a passive "was", a negation, a particle, a predicate
    adjective: "pleaded guilty", and a modal before a bare verb: "would be
    separated"), its object and one short prepositional phrase ("met with Pompeo",
    "withdrew the U.S. from the Paris accord"). A copula whose complement is the
    figure says nothing ("Norway's opening offer was"): the subject is the label. A
    pronoun subject is the name it stands for ("he arrives" -> "Trump arrives") when
    ``resolve`` knows it; "I", "we" and "you" speak for the speaker of a quotation,
    which a label cannot: None. A relative pronoun ("who", "whose actions") is no
    subject a label can use."""
    clause = _Clause()
    if verb.lower_ in COPULAS and figure and not path:
        with_object = False  # what a counted thing is, is not what is counted
    else:
        clause.core.append(verb)
    on_path = {t.i for t in path}
    for child in verb.children:
        if child.i in skip or child.i in on_path:
            continue
        if child.dep_ in _SUBJECTS:
            if child.lower_ in _FIRST_PERSON:
                return None
            clause.subject.extend(_subject(child, skip, names, resolve))
        elif child.dep_ in {"auxpass", "neg", "prt"} or _modal(verb, child):
            clause.core.append(child)
        elif child.dep_ == "acomp" and len(list(child.subtree)) <= 2:
            clause.core.extend(t for t in child.subtree if not t.is_punct)
        elif with_object and child.dep_ in _OBJECTS:
            clause.objects.extend(_short(child, skip))
    if (
        not figure
        and not clause.subject
        and verb.dep_ in {"advcl", "conj", "xcomp"}
        and verb.head.i != verb.i
    ):
        # "While exuding confidence …, Trump raised …": the subject of the clause the
        # participle or the coordinated verb hangs from (for a happening: a figure's
        # clause is too often a list, "… released a student and three Americans held")
        subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and subject.i not in skip and subject.lower_ not in _FIRST_PERSON:
            clause.subject.extend(_subject(subject, skip, names, resolve))
            clause.borrowed = True
    if with_object and not path:
        clause.preposition.extend(_preposition_phrase(verb, skip, longest=5))
    return clause


def _subject(
    head: Token, skip: set[int], names: dict[int, str], resolve: Resolver | None
) -> list[Token]:
    words = _short(head, skip)
    if any(t.lower_ in _RELATIVE for t in words):
        return []
    if head.lower_ in _THIRD_PERSON and resolve is not None and (name := resolve(head)):
        names[head.i] = name
    return words


def _modal(verb: Token, child: Token) -> bool:
    """ "would" in "would be separated", "did" in "did not release": a bare verb needs
    its auxiliary to read."""
    return (
        child.dep_ == "aux"
        and verb.tag_ == "VB"
        and (child.tag_ == "MD" or child.lower_ in {"do", "does", "did"})
    )


_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
_FIRST_PERSON = frozenset({"i", "we", "you"})
_FIRST_PERSON_OWN = frozenset({"my", "our", "your"})
_THIRD_PERSON = frozenset({"he", "she", "they"})


# Forms of "be" (the stored parse carries no lemmas).
COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "’s", "’re"})


def _short(head: Token, skip: set[int]) -> list[Token]:
    """A subject or object: its head with compounds, adjectives and a possessor."""
    keep = [head]
    for child in head.children:
        if child.i < head.i and child.dep_ in {"compound", "amod", "poss", "det", "nummod"}:
            keep.extend(t for t in child.subtree if t.i not in skip and _word(t))
    return [t for t in keep if t.i not in skip and t.ent_type_ not in {"DATE", "TIME"}]


def _words(
    tokens: Iterable[Token], names: dict[int, str] | None = None, limit: int | None = MAX_WORDS
) -> str:
    names = names or {}
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    if ordered:
        dateline = _dateline(ordered[0])
        ordered = [t for t in ordered if t.i not in dateline]
    # a hyphen stays only between two kept words ("anti-tank"; not "followed - Korean
    # War" when the years it joined are left out)
    ordered = [
        t
        for n, t in enumerate(ordered)
        if t.text != "-"
        or (
            0 < n < len(ordered) - 1 and ordered[n - 1].i == t.i - 1 and ordered[n + 1].i == t.i + 1
        )
    ]
    # adjacent tokens keep the article's own spacing ("Norway’s", not "Norway ’s")
    text = "".join(
        names.get(t.i, t.text)
        + (("" if nxt.i == t.i + 1 and not t.whitespace_ else " ") if nxt else "")
        for t, nxt in zip(ordered, [*ordered[1:], None], strict=False)
    )
    return " ".join(text.split()[:limit])


def _word(token: Token) -> bool:
    """A token a label keeps: not punctuation, except the hyphen inside a word
    ("anti-tank", "re-election")."""
    return not token.is_punct or (token.text == "-" and not token.whitespace_)


DASHES = frozenset({"—", "–", "-", "--", "―"})


def _dateline(token: Token) -> set[int]:
    """The dateline opening the sentence ("WASHINGTON —", "PIRAEUS, Greece —"): the
    capitalised place before a dash in its first words, which a label leaves out."""
    sentence = token.sent
    for position, word in enumerate(sentence[:12]):
        if word.text in DASHES:
            before = sentence[:position]
            if before and before[0].text.isupper() and len(before[0].text) >= 3:
                return {t.i for t in sentence[: position + 1]}
            return set()
    return set()
