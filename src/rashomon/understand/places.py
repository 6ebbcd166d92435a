"""Places, acting states and peoples named in an article.

The gazetteer's names are looked up directly in the text (spaCy's NER is too noisy to
gate on: it calls "Zangilan" NORP and "Azerbaijani" PERSON), longest name first, from
capitalised tokens only. Countries, capitals, demonyms and alias-file places match
wherever they are capitalised; other GeoNames cities and ISO subdivisions only when the
NER calls them GPE/LOC/FAC or the tagger calls them proper nouns away from a sentence
start, and never when they are common words ("Most", "Nice", "Reading").

What a match becomes, read from the dependency parse and the word lists in
``data/place_aliases.yaml`` (``context``):

* A country is ``STATE`` when it acts or is acted with as an actor: subject of a verb
  other than "be" ("Azerbaijan handed over"), agent ("by Armenia"), possessor
  ("Azerbaijan's decision"), object of a verb that does not take a location ("accused
  Azerbaijan"), recipient or partner ("to Armenia", "with Baku", "a defeat for
  Armenia", "called on Armenia"), the country of a state organ ("Prime Minister of
  Georgia", "US Secretary of State"), or "Russia-brokered". Elsewhere ("in Armenia",
  "part of Azerbaijan", "fled to Armenia") it is a ``PLACE``.
* A capital is ``STATE`` (canonical: its country, role "capital for government") only
  as subject, agent ("by Yerevan"), recipient or partner ("to Baku", "with Baku") or
  possessor; "held in Baku" is a ``PLACE``.
* A demonym is ``GROUP`` with the country as canonical: role "people" for a noun
  ("Armenians", "ethnic Armenians") or an adjective qualifying people ("15 Armenian
  citizens", "people of Armenian origin"); role "state" for an adjective qualifying
  anything else, which in news is the state, its organs or its agents ("the Azerbaijani
  Foreign Ministry", "Armenian soldiers", "Russian peacekeepers", "Armenian
  occupation"). An adjective qualifying land ("Armenian territory", "the
  Armenian-Azerbaijani border") is a ``PLACE`` of that country with role "territory".
* A name that is both a district and its town ("Fizuli", "Agdam") reads as the
  district, unless "city/town of X" or "X city" says otherwise; "X region(s)" and
  "X and Y districts" force the region/district reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rashomon.model import Mention, MentionType
from rashomon.understand.gazetteer import Gazetteer, Place, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ROLE_CAPITAL = "capital for government"
ROLE_PEOPLE = "people"
ROLE_STATE = "state"
ROLE_TERRITORY = "territory"

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# NER labels under which a weak name (a GeoNames city, an ISO subdivision) is not a place.
_NOT_PLACE_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "’s", "'re", "am"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_JOINERS = frozenset({"-", "–", "—", "and", "&", "or", ","})
_INNER_PUNCT = frozenset({"-", "–", "'", "’", "."})
_WINDOW = 6  # tokens read after a demonym or country to find what it qualifies
_MIN_CAPS = 3  # an all-capitals token ("YEREVAN") this long may be a strong name
_CONJ_DEPTH = 6


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token indices, end exclusive
    end: int
    key: str
    place_ids: tuple[str, ...]
    demonym: str | None
    label: str  # the NER label over the match, or ""
    in_larger_org: bool  # inside an ORG entity longer than the match ("OSCE Minsk Group")


def find_places(doc: Doc, gazetteer: Gazetteer, text: str | None = None) -> list[Mention]:
    """Place, state and demonym mentions in ``doc``, ordered by offset (``text``:
    ``doc.text`` when the caller has it; spaCy builds it anew on each access)."""
    labels = _token_labels(doc)
    text = doc.text if text is None else text
    mentions: list[Mention] = []
    covered = bytearray(len(doc))
    i = 0
    while i < len(doc):
        match = _match_at(doc, text, i, gazetteer, labels)
        if match is None:
            i += 1
            continue
        mention = _mention(doc, match, gazetteer)
        if mention is not None:
            mentions.append(mention)
            covered[match.start : match.end] = b"\x01" * (match.end - match.start)
        i = match.end
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and not any(covered[ent.start : ent.end]):
            mention = _entity_mention(doc, ent, gazetteer)
            if mention is not None:
                mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return _coordinate(text, mentions)


def _coordinate(text: str, mentions: list[Mention]) -> list[Mention]:
    """Countries coordinated with an acting one act too, even where the parser lost the
    link ("a new appeal to Armenia. and Azerbaijan to re-enter", "TÓRSHAVN — Norway and
    Iceland failed")."""
    out = list(mentions)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        between = text[a.end : b.start].strip(" .,\n").lower()
        if between not in ("and", "or") or MentionType.STATE not in (a.type, b.type):
            continue
        for idx, m in ((k - 1, a), (k, b)):
            if m.type is MentionType.PLACE and (m.canonical or "").startswith("country:"):
                out[idx] = replace(m, type=MentionType.STATE)
    return out


# --- finding names ------------------------------------------------------------------
def _token_labels(doc: Doc) -> list[tuple[str, int, int]]:
    """Per token: the NER label over it and that entity's token bounds."""
    labels: list[tuple[str, int, int]] = [("", 0, 0)] * len(doc)
    for ent in doc.ents:
        entry = (ent.label_, ent.start, ent.end)
        for k in range(ent.start, ent.end):
            labels[k] = entry
    return labels


def _found(
    span: tuple[int, int],
    key: str,
    ids: tuple[str, ...],
    labels: list[tuple[str, int, int]],
    *,
    demonym: str | None = None,
) -> _Match:
    i, end = span
    label, ent_start, ent_end = labels[i]
    larger = label == "ORG" and (ent_start < i or ent_end > end)
    return _Match(i, end, key, ids, demonym, label, larger)


def _match_at(
    doc: Doc, text: str, i: int, gaz: Gazetteer, labels: list[tuple[str, int, int]]
) -> _Match | None:
    """The longest gazetteer name or demonym starting at token ``i``."""
    tok = doc[i]
    word = tok.text
    if not word[:1].isupper():
        return None
    exact = gaz.ids_for_exact(word)
    if exact:
        return _found((i, i + 1), word, exact, labels)
    if fold(word) not in gaz.first_words:
        return None
    ends: list[int] = []
    words = 0
    for j in range(i, len(doc)):
        t = doc[j]
        if t.is_space or "\n" in t.text_with_ws[:-1] or (j > i and "\n" in doc[j - 1].whitespace_):
            break
        if t.is_punct and t.text not in _INNER_PUNCT:
            break
        if not t.is_punct:
            words += 1
            if words > gaz.max_words:
                break
            ends.append(j + 1)
    for end in reversed(ends):
        key = fold(text[tok.idx : doc[end - 1].idx + len(doc[end - 1])])
        demonym = gaz.demonym_key(key)
        ids = () if demonym else gaz.ids_for_key(key)
        if demonym or ids:
            return _found((i, end), key, ids, labels, demonym=demonym)
    return None


def _mention(doc: Doc, match: _Match, gaz: Gazetteer) -> Mention | None:
    span = doc[match.start : match.end]
    if match.demonym is not None:
        return _demonym_mention(span, match, gaz)
    candidates = _accepted(span, match, gaz)
    if not candidates:
        return None
    place = _choose(span, candidates, gaz)
    return _place_mention(
        span, place, gaz, "gazetteer" + (f"/{match.label}" if match.label else "")
    )


def _accepted(span: Span, match: _Match, gaz: Gazetteer) -> list[Place]:
    """The match's places that this context allows (strong ones almost always)."""
    first = span[0]
    all_caps = first.text.isupper() and len(first.text) > 1
    weak_ok = (
        match.key not in gaz.common_words
        and match.label not in _NOT_PLACE_LABELS
        and not all_caps
        and (
            match.label in PLACE_LABELS
            or (not first.is_sent_start and all(t.pos_ == "PROPN" for t in span if not t.is_punct))
        )
    )
    strong: list[Place] = []
    weak: list[Place] = []
    for pid in match.place_ids:
        place = gaz.places[pid]
        if match.in_larger_org and place.kind != "country" and not pid.startswith("alias:"):
            continue  # part of an organisation's name: "the OSCE Minsk Group"
        if not gaz.is_strong(pid):
            weak.append(place)
            continue
        if all_caps and len(first.text) < _MIN_CAPS and pid not in gaz.ids_for_exact(first.text):
            continue
        if match.label == "PERSON" and match.key in gaz.person_like:
            continue
        if match.key in gaz.common_words and not pid.startswith("alias:"):
            continue
        strong.append(place)
    if strong:  # the name is established; its weak namesakes compete on rank
        return [gaz.places[pid] for pid in match.place_ids if gaz.places[pid] in (*strong, *weak)]
    return weak if weak_ok else []


def _choose(span: Span, candidates: list[Place], gaz: Gazetteer) -> Place:
    """The best candidate, with "X region(s)" / "city of X" deciding between kinds."""
    if len(candidates) == 1:
        return candidates[0]
    words = gaz.context
    doc = span.doc
    if _next_word(doc, span.end, gaz) in words.district_words:
        for place in candidates:
            if place.kind in ("region", "district"):
                return place
    before = doc[span.start - 2].lower_ if span.start >= 2 else ""
    city_context = (before in words.city_words and doc[span.start - 1].lower_ == "of") or (
        span.end < len(doc) and doc[span.end].lower_ in words.city_words
    )
    if city_context:
        for place in candidates:
            if place.kind == "city":
                return place
    return candidates[0]


def _next_word(doc: Doc, k: int, gaz: Gazetteer) -> str:
    """The first word after token ``k`` that is not a joiner or another place name
    ("Fizuli and Zangilan regions" -> "regions")."""
    for j in range(k, min(k + _WINDOW, len(doc))):
        t = doc[j]
        low = t.lower_
        if low in _JOINERS or (t.text[:1].isupper() and gaz.ids_for_key(fold(t.text))):
            continue
        return low
    return ""


def _entity_mention(doc: Doc, ent: Span, gaz: Gazetteer) -> Mention | None:
    """An NER place entity whose whole text (less "the") is a gazetteer name the
    scan passed over (a weak name at a sentence start, say)."""
    start = ent.start + 1 if ent[0].lower_ == "the" and len(ent) > 1 else ent.start
    span = doc[start : ent.end]
    key = fold(span.text)
    ids = gaz.ids_for_key(key)
    if not ids or not span.text[:1].isupper():
        return None
    match = _Match(span.start, span.end, key, ids, None, ent.label_, False)
    candidates = _accepted(span, match, gaz)
    if not candidates:
        return None
    return _place_mention(span, _choose(span, candidates, gaz), gaz, f"ner/{ent.label_}")


# --- typing mentions ----------------------------------------------------------------
def _place_mention(span: Span, place: Place, gaz: Gazetteer, label: str) -> Mention:
    start, end = span.start_char, span.end_char
    text = span.text
    if place.kind == "country" and _acts(span, gaz, capital=False):
        return Mention(start, end, text, MentionType.STATE, place.id, label=label)
    country = gaz.country_of_capital(place.id)
    if country is not None and _acts(span, gaz, capital=True):
        return Mention(start, end, text, MentionType.STATE, country, role=ROLE_CAPITAL, label=label)
    return Mention(start, end, text, MentionType.PLACE, place.id, label=label)


def _demonym_mention(span: Span, match: _Match, gaz: Gazetteer) -> Mention:
    assert match.demonym is not None
    role = _demonym_role(span, gaz)
    label = "demonym" + (f"/{match.label}" if match.label else "")
    kind = MentionType.PLACE if role == ROLE_TERRITORY else MentionType.GROUP
    return Mention(
        span.start_char, span.end_char, span.text, kind, match.demonym, role=role, label=label
    )


def _demonym_role(span: Span, gaz: Gazetteer) -> str:
    last = span[-1]
    if last.tag_ in ("NNS", "NNPS") and last.lower_.endswith("s"):
        return ROLE_PEOPLE
    found = _qualified(span, gaz)
    if found is None:
        return ROLE_PEOPLE  # "an Armenian", "was Armenian"
    return found


def _qualified(span: Span, gaz: Gazetteer) -> str | None:
    """What the words right after ``span`` name: people, territory or the state; None
    when nothing follows that the span could qualify."""
    doc = span.doc
    words = gaz.context
    window: list[Token] = []
    for j in range(span.end, min(span.end + _WINDOW, len(doc))):
        t = doc[j]
        if t.is_space:
            break
        low = t.lower_
        if (
            low in _JOINERS
            or gaz.demonym_key(fold(t.text))
            or (t.text[:1].isupper() and gaz.ids_for_key(fold(t.text)))
        ):
            if window:
                break  # "Armenian detainees and Azerbaijani ..." ends the phrase
            continue
        if t.pos_ in ("NOUN", "PROPN", "ADJ") or (
            t.tag_ in ("VBN", "VBG")  # "armed forces", not "forces captured in"
            and j + 1 < len(doc)
            and doc[j + 1].pos_ in ("NOUN", "PROPN")
        ):
            window.append(t)
            continue
        break
    if not window:
        return None
    for t in reversed(window):  # the head noun is the last; "Armenian border guards"
        low = t.lower_
        if low in words.people_nouns:
            return ROLE_PEOPLE
        if low in words.place_nouns:
            return ROLE_TERRITORY
        if low in words.state_nouns:
            return ROLE_STATE
    return ROLE_STATE


def _acts(span: Span, gaz: Gazetteer, *, capital: bool) -> bool:
    """Whether a country or capital is named as an actor here (see the module doc)."""
    by_surface = _acts_by_surface(span, gaz)
    if by_surface is not None:
        return by_surface
    words = gaz.context
    tok = span.root
    for _ in range(_CONJ_DEPTH):
        if tok.dep_ != "conj" or tok.head == tok:
            break
        tok = tok.head
    dep = tok.dep_
    head = tok.head
    if dep in ("nsubj", "nsubjpass"):
        if head.lower_ in _BE:  # "X is ready" acts; "X is a country" does not
            return any(c.dep_ == "acomp" for c in head.children)
        return True
    if dep == "poss":
        return head.lower_ not in words.place_nouns
    if dep == "pobj":
        return _acts_as_object(tok, gaz, capital=capital)
    if dep in ("compound", "amod", "nmod"):  # "US Secretary", "the Baku government"
        return _qualified(span, gaz) == ROLE_STATE and _qualifies_organ(span, gaz)
    if dep in ("dobj", "dative", "iobj", "obj"):
        if capital:  # "accused Reykjavik", but not "shelled Baku"
            return _in(head.lower_, words.actor_verbs)
        return not _in(head.lower_, words.place_verbs)
    return False


def _acts_by_surface(span: Span, gaz: Gazetteer) -> bool | None:
    """What the neighbouring words settle before the parse is read (the parser errs on
    datelines, hyphens and commas); None when they settle nothing."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start else None
    after = span.end
    at_line_start = prev is None or "\n" in prev.text_with_ws
    if span[0].text.isupper() and after < len(doc) and doc[after].text == "," and at_line_start:
        return False  # a dateline: "YEREVAN, July 7."
    if (
        after + 1 < len(doc)
        and doc[after].text in ("-", "–")
        and doc[after + 1].lower_ in gaz.context.agent_participles
    ):
        return True  # "Russia-brokered"
    if _looks_like_subject(span):
        return True
    if (
        span.root.dep_ != "pobj"
        and prev is not None
        and prev.pos_ == "ADP"
        and prev.lower_ in ("to", "by")
    ):
        return True  # a misparsed object: "handed over to Armenia 15 people"
    return None


def _looks_like_subject(span: Span) -> bool:
    """A name right before a finite verb and not after a preposition: the subject, even
    where the parser glued it to the previous phrase ("in Armenia, Azerbaijan handed")."""
    doc = span.doc
    if span.start and doc[span.start - 1].pos_ == "ADP":
        return False
    for j in range(span.end, min(span.end + 4, len(doc))):
        t = doc[j]
        if t.pos_ == "ADV":
            continue
        if t.lower_ in _BE:
            nxt = doc[j + 1] if j + 1 < len(doc) else None
            return nxt is not None and nxt.tag_ in ("VBG", "VBN")
        return t.tag_ in _FINITE or (t.pos_ == "AUX" and t.tag_ in ("VBZ", "VBP", "VBD"))
    return False


def _qualifies_organ(span: Span, gaz: Gazetteer) -> bool:
    """Whether a noun in the phrase after ``span`` is a state organ ("US Secretary")."""
    doc = span.doc
    for j in range(span.end, min(span.end + _WINDOW, len(doc))):
        t = doc[j]
        if t.lower_ in gaz.context.state_nouns:
            return True
        if t.pos_ not in ("NOUN", "PROPN", "ADJ", "PUNCT"):
            return False
    return False


def _acts_as_object(tok: Token, gaz: Gazetteer, *, capital: bool) -> bool:
    words = gaz.context
    prep = tok.head
    p = prep.lower_
    gov = prep.head
    gov_word = gov.lower_
    if p == "by":
        return True
    if p in ("of", "from"):  # "Prime Minister of Georgia", "officials from Russia"
        return not capital and _organ_of(gov, gaz)
    if p not in words.actor_prepositions or gov_word in words.place_nouns:
        return False
    if capital and p not in ("to", "with"):
        return False
    if p == "to" and _in(gov_word, words.motion_verbs):
        return any(c.dep_ == "dobj" for c in gov.children)  # "returns prisoners to X"
    return True


def _organ_of(noun: Token, gaz: Gazetteer) -> bool:
    """Whether "<noun> of X" names an organ of X, through nested "of"/"for" phrases:
    "Prime Minister of Georgia", "State Commission for Prisoners of War of Azerbaijan"."""
    words = gaz.context
    for _ in range(_CONJ_DEPTH):
        low = noun.lower_
        if low in words.place_nouns:
            return False
        if low in words.state_nouns:
            return True
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in ("of", "for"):
            return False
        noun = prep.head
    return False


def _in(word: str, lexicon: frozenset[str]) -> bool:
    """``word`` or its stem (less -s, -es, -ed, -d, -ing) is in ``lexicon``."""
    if word in lexicon:
        return True
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in lexicon
        for suffix in ("s", "es", "ed", "d", "ing")
    )
