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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

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


def count_label(tokens: Sequence[Token]) -> str:
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
    holder = _of_what(counted)
    if holder is not None:
        return _phrase(holder, inside)  # "maps of 92,000 mines", "the evacuation of 140"
    verb = _clause_verb(counted)
    if verb is None:
        return ""
    if counted.dep_ == "nsubj" and counted.head.i == verb.i and cues().is_cue(verb.lower_):
        # "two people briefed on the trip said": who spoke, not what of — the counted
        # thing alone, which is not stated as a fact of its own
        return counted.text
    skip = inside | {t.i for t in counted.subtree}
    label = _clause(verb, skip=skip, with_object=False)
    if len(label.split()) < 2:
        label = _fuller(verb, counted, skip) or label
    if any(ch.isdigit() for ch in label) or any(is_number_word(w) for w in label.split()):
        # "The 25 percent tariffs on steel and 10 percent on aluminum were set": a
        # clause naming another figure would label this one with it
        return ""
    return label


def _fuller(verb: Token, counted: Token, skip: set[int]) -> str:
    """A longer label when the clause gives a verb alone ("offered: about 80
    families"): the verb's object or infinitive when the figure is its subject
    ("offered to sponsor migrants", "marched from Border Field State Park"), else who
    does it: the noun a participle modifies ("migrants traveling"), the subject of the
    verb a coordinated one follows. Never for a copula."""
    if verb.lower_ in _COPULAS:
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
                keep.extend(
                    t
                    for t in child.subtree
                    if t.i not in skip | cut and (t.text == "-" or not t.is_punct)
                )
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


def event_label(head: Token, skip: set[int]) -> str:
    """The happening a date is attached to, without the date."""
    if head.pos_ not in {"VERB", "AUX"}:
        return _phrase(head, skip, with_preposition=True)
    return _clause(head, skip=skip, with_object=True)


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
            keep.extend(t for t in child.subtree if t.i not in skip and not t.is_punct)
    if with_preposition:
        keep.extend(_preposition_phrase(noun, skip))
    return _words(keep)


def _preposition_phrase(head: Token, skip: set[int], longest: int = 4) -> list[Token]:
    for child in head.children:
        if child.dep_ != "prep" or child.i < head.i or child.lower_ not in _PREPOSITIONS:
            continue
        words = [t for t in child.subtree if not t.is_punct]
        if any(t.i in skip or t.ent_type_ in {"DATE", "TIME"} for t in words):
            continue
        return words if len(words) <= longest else []
    return []


def _clause(verb: Token, *, skip: set[int], with_object: bool) -> str:
    """Subject, verb (with a passive "was", a negation, a particle), and for a
    happening its object and one short prepositional phrase ("met with Pompeo",
    "withdrew the U.S. from the Paris accord"). A copula without its complement says
    nothing ("Norway's opening offer was"): the subject is the label."""
    keep = [] if verb.lower_ in _COPULAS and not with_object else [verb]
    for child in verb.children:
        if child.i in skip:
            continue
        if child.dep_ in _SUBJECTS and child.lower_ not in {"who", "which", "that"}:
            keep.extend(_short(child, skip))
        elif child.dep_ in {"auxpass", "neg", "prt"}:
            keep.append(child)
        elif with_object and child.dep_ in _OBJECTS:
            keep.extend(_short(child, skip))
    if with_object:
        keep.extend(_preposition_phrase(verb, skip, longest=5))
    return _words(keep)


# Forms of "be" (the stored parse carries no lemmas).
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "’s", "’re"})


def _short(head: Token, skip: set[int]) -> list[Token]:
    """A subject or object: its head with compounds, adjectives and a possessor."""
    keep = [head]
    for child in head.children:
        if child.i < head.i and child.dep_ in {"compound", "amod", "poss", "det", "nummod"}:
            keep.extend(t for t in child.subtree if t.i not in skip and not t.is_punct)
    return [t for t in keep if t.i not in skip and t.ent_type_ not in {"DATE", "TIME"}]


def _words(tokens: Iterable[Token]) -> str:
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    if ordered:
        dateline = _dateline(ordered[0])
        ordered = [t for t in ordered if t.i not in dateline]
    kept = ordered[:MAX_WORDS]
    # adjacent tokens keep the article's own spacing ("Norway’s", not "Norway ’s")
    return "".join(
        t.text + (("" if nxt.i == t.i + 1 and not t.whitespace_ else " ") if nxt else "")
        for t, nxt in zip(kept, [*kept[1:], None], strict=False)
    )


_DASHES = frozenset({"—", "–", "-", "--", "―"})


def _dateline(token: Token) -> set[int]:
    """The dateline opening the sentence ("WASHINGTON —", "PIRAEUS, Greece —"): the
    capitalised place before a dash in its first words, which a label leaves out."""
    sentence = token.sent
    for position, word in enumerate(sentence[:12]):
        if word.text in _DASHES:
            before = sentence[:position]
            if before and before[0].text.isupper() and len(before[0].text) >= 3:
                return {t.i for t in sentence[: position + 1]}
            return set()
    return set()
