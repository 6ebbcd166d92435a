"""Titles: what each outlet calls a person ("former FBI director James Comey").

The understanding stage gives each person actor the title written next to one of
its names (``Mention.role``) and lends it to every other mention of that actor in
the article. A title claim is made only where the title is *written* beside a
mention of the person — the sentence a reader would check — and once per person
and title in an article.

The written title is cleaned of what the role reader let in: words before it that
are not part of an office ("newly minted President", "While former Director"), a
name after it ("President Vladimir" -> "President", "North Korean leader Kim" ->
"North Korean leader"), and words after its last title word unless they open a
prepositional phrase ("director of the National Economic Council").

Titles corroborate but never contradict: a person may hold several offices at
once ("CIA director and secretary of state-designate"), have left one ("former"),
or be described at different levels ("President" / "U.S. President"), and the
held-back news shows outlets differ on these far more often than they disagree.
Two titles are the same when, after dropping time words ("former", "then") and
folding an acronym ("CIA" = "Central Intelligence Agency"), the words of one are
all in the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from rashomon.model import Claim, ClaimKind, Evidence, Mention, MentionType
from rashomon.understand.actors import load_lexicon

# How far from a person's name its title may be written (characters): before the
# name ("Assistant Attorney General Stephen Boyd"), or after it with a comma
# between ("Larry Kudlow, director of Trump's National Economic Council").
_BEFORE = 6
_AFTER = 4
# Words that may stand before an office's head word without being one.
_MODIFIERS = frozenset(
    [
        "former",
        "acting",
        "deputy",
        "assistant",
        "senior",
        "chief",
        "top",
        "first",
        "new",
        "outgoing",
        "incoming",
        "interim",
        "then",
        "ex",
        "longtime",
        "principal",
        "special",
        "associate",
        "executive",
        "general",
        "national",
        "foreign",
        "defense",
        "defence",
        "state",
        "federal",
    ]
)
_TIME_WORDS = frozenset({"former", "then", "ex", "now", "current", "outgoing", "incoming"})
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "while",
        "as",
        "and",
        "but",
        "when",
        "if",
        "after",
        "before",
        "because",
        "since",
        "with",
        "by",
        "for",
        "of",
        "to",
        "in",
        "on",
        "at",
        "who",
        "which",
        "whom",
        "whose",
        "that",
        "his",
        "her",
        "its",
        "their",
    ]
)
# The evidence for a character span of the article (``claims.evidence_at``).
EvidenceAt = Callable[[int, int], Evidence]
_HONORIFICS = frozenset({"sir", "dame", "lord", "lady", "mr", "mrs", "ms", "dr"})
_OPENERS = frozenset({"of", "for", "at", "to", "on", "in"})
_EXTRA_HEADS = frozenset(
    {
        "adviser",
        "advisor",
        "attorney",
        "counsel",
        "nominee",
        "designate",
        "pick",
        "founder",
        "officer",
        "executive",
        "ceo",
        "cfo",
        "coo",
        "professor",
        "spokesperson",
        "aide",
        "strategist",
        "analyst",
        "economist",
        "editor",
        "correspondent",
        "agent",
        "justice",
        "lawyer",
        "czar",
        "administrator",
        "commissioner",
        "inspector",
        "fellow",
        "researcher",
        "organizer",
        "co-director",
        "activist",
        "host",
        "anchor",
        "reporter",
        "writer",
    }
)


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    return frozenset(load_lexicon().titles) | _EXTRA_HEADS


def clean(role: str) -> str | None:
    """The office in a written role, or None when no office word heads it."""
    words = role.replace("\u00a0", " ").split()
    heads = _heads()

    def is_head(word: str) -> bool:
        return _bare(word) in heads or _bare(word).split("-")[-1] in heads

    def stray(word: str) -> bool:
        bare = _bare(word)
        if bare in _FUNCTION_WORDS:
            return True
        if (
            bare.endswith("ly")
            and len(words) > 1
            and words[1][:1].islower()
            and not is_head(words[1])
        ):
            return True  # an adverb: "Newly minted President" (not "Italy ambassador")
        if is_head(word) or bare in _MODIFIERS:
            return False
        if not word[:1].islower():
            # a sentence opening on a participle: "Receiving French President Macron"
            return bare.endswith("ing") and len(bare) > 5
        # a participle or adverb ("opposing", "newly minted") is no part of an office
        return bare.endswith(("ing", "ed", "ly")) or not _is_organisation_word(words, 0)

    while words and stray(words[0]):
        words.pop(0)
    last = max((i for i, w in enumerate(words) if is_head(w)), default=None)
    if last is None:
        return None
    tail = words[last + 1 :]
    while tail and _bare(tail[-1]) in _HONORIFICS:
        tail.pop()  # "British Ambassador to the US Sir (Kim Darroch)"
    if tail and not (_bare(tail[0]) in _OPENERS and len(tail) >= 2):
        # words after the office that open no phrase of it: the role reader ran
        # into a name or a verb ("the former FBI chief details Trump's ...")
        return None
    words = words[: last + 1] + tail
    text = " ".join(words).strip(" ,;:")
    return text or None


def _is_organisation_word(words: Sequence[str], index: int) -> bool:
    """A lowercase word inside an office's name ("national security adviser"): one
    followed, before any function word, by a head word."""
    heads = _heads()
    for word in words[index + 1 :]:
        bare = _bare(word)
        if bare in heads:
            return True
        if bare in _FUNCTION_WORDS:
            return False
    return False


def _bare(word: str) -> str:
    return re.sub(r"[^\w-]", "", word.lower().replace(".", ""))


def key_words(title: str) -> tuple[str, ...]:
    """A title's words for comparison: lower case, without dots, possessives,
    articles and time words ("the former F.B.I. director" -> fbi, director)."""
    words = []
    for raw in title.replace("’", "'").split():
        word = _bare(re.sub(r"'s$", "", raw))
        if word and word not in _TIME_WORDS and word not in {"a", "an", "the"}:
            words.append(word)
    return tuple(words)


def _folded(words: Sequence[str], acronyms: set[str]) -> set[str]:
    """The words with any run whose initials spell one of ``acronyms`` replaced by it."""
    out = list(words)
    for acronym in acronyms:
        size = len(acronym)
        for i in range(len(out) - size + 1):
            run = out[i : i + size]
            if "".join(w[0] for w in run if w) == acronym:
                out[i : i + size] = [acronym]
                break
    return set(out)


def same_title(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two titles' key words can name one office: one's words are all in the
    other's once acronyms are folded."""
    acronyms = {w for w in (*a, *b) if 2 <= len(w) <= 5 and w.isalpha()}
    left, right = _folded(a, acronyms), _folded(b, acronyms)
    return bool(left and right) and (left <= right or right <= left)


def title_claims(
    article: str,
    text: str,
    mentions: Sequence[Mention],
    evidence: EvidenceAt,
) -> Iterator[Claim]:
    """One claim per person and title written beside one of the person's names."""
    people = [
        (m, m.canonical)
        for m in mentions
        if m.type is MentionType.PERSON and m.canonical and m.canonical.startswith("person:")
    ]
    names: dict[str, str] = {}
    for mention, person in people:
        if _only_a_title(mention.text, key_words(mention.role or "")):
            continue  # "the president" is no name, however long
        if len(mention.text) > len(names.get(person, "")):
            names[person] = mention.text
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for mention, person in people:
        if not mention.role:
            continue
        if mention.role.casefold() == mention.text.casefold():
            continue  # a title-only reference ("the president") names no one new
        at = _written_at(text, mention, mention.role)
        if at is None or _names_another(mentions, mention, at, at + len(mention.role)):
            continue
        if {_bare(w) for w in mention.text.split()} & _organisation_words():
            continue  # "White House" read as a person
        title = clean(mention.role)
        if title is None:
            continue
        words = key_words(title)
        if not words or (person, words) in seen:
            continue
        seen.add((person, words))
        name = names.get(person)
        if name is None:
            continue  # "prime minister: UK Prime Minister" says nothing of who
        start, end = min(at, mention.start), max(at + len(mention.role), mention.end)
        yield Claim(
            article=article,
            kind=ClaimKind.TITLE,
            attribute=f"title of {name}",
            value=title,
            evidence=evidence(start, end),
            subject=person,
            subject_name=name,
            phrase=" ".join(words),
            label=name,
        )


def _only_a_title(name: str, title_words: Sequence[str]) -> bool:
    """Whether the longest name an article gives a person is itself a title ("the
    prime minister", "Prime Minister"): a title fact must say whose title it is."""
    words = set(key_words(name))
    return not any(w[:1].isupper() for w in name.split()) or words <= (
        set(title_words) | _heads() | _MODIFIERS
    )


def _names_another(mentions: Sequence[Mention], person: Mention, start: int, end: int) -> bool:
    """Whether another person's name is inside the written role ("Queen Elizabeth II
    greeting President (Ceausescu)")."""
    return any(
        m.type is MentionType.PERSON
        and m.canonical != person.canonical
        and m.start < end
        and start < m.end
        for m in mentions
    )


@lru_cache(maxsize=1)
def _organisation_words() -> frozenset[str]:
    lexicon = load_lexicon()
    return frozenset(lexicon.org_words) | {"house", "street", "office", "department"}


def _written_at(text: str, mention: Mention, role: str) -> int | None:
    """Where the role is written right before or after this mention, if it is."""
    before = text[max(0, mention.start - len(role) - _BEFORE) : mention.start]
    at = before.rfind(role)
    if at >= 0:
        return mention.start - len(before) + at
    after = text[mention.end : mention.end + len(role) + _AFTER]
    at = after.find(role)
    if at >= 0 and "," in after[:at]:
        return mention.end + at
    return None


def same_person(a: str, b: str) -> bool:
    """Two person ids that can name one person in a story: equal, or one's name
    words end the other's ("person:trump" and "person:donald-trump")."""
    if a == b:
        return True
    if not (a.startswith("person:") and b.startswith("person:")):
        return False
    left, right = a.split(":", 1)[1].split("-"), b.split(":", 1)[1].split("-")
    short, long = sorted((left, right), key=len)
    return long[-len(short) :] == short
