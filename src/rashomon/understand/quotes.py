"""Who said what: direct and indirect quotations and the source each is credited to.

The scheme is PolNeAR's (and PARC's): an attribution has a **content** (what was said
or believed), a **cue** (the word that attributes it: "said", "told", "according to")
and a **source** (who). The source is the one the attributing clause names:

- the subject of the cue verb ("X said", "said X"), widened to its whole name
  ("Foreign Ministry spokeswoman Maria Zakharova") but never to a relative clause;
- in an appositive, the name rather than the title ("Grimm's attorney, William
  McGinley, said" -> William McGinley), and never the possessor ("Grimm");
- the object of "according to";
- never the addressee ("told Bill Hemmer"), never a name from another sentence —
  except for a pronoun ("he said"), which takes the nearest compatible speaker
  before it (the previous quotation's speaker if it is compatible, else the last
  person named as a subject in the three sentences of narration before — sentences
  wholly inside quotation marks do not count — else the last person named there by
  name, never a bare title like "the prime minister", never inside quotation marks;
  "they" and "it" take only a subject), and for a quotation standing alone in
  a paragraph right after one with an attributed quotation, or opening the sentence
  right after its attribution (the same speaker goes on);
- the object of a verb calling for the speech ("prompting Comey to reply that");
- for a participle or a coordinated verb ("…, saying", "and said"), the subject of the
  verb it hangs from, up to three verbs up but never into a reported clause ("X said
  the DNC was seeking … and defended …, saying" is unclear, so unknown);
- a pronoun prefers the previous quotation's speaker unless someone is named as a
  subject after it;
- never a long phrase with a name deep inside ("one of the queries supplied by an
  official outside the president's legal team" names no one);
- an organisation or a document ("the ministry statement said") is a source too.

When none of this finds a source, the source is unknown (None): an unknown source
never disputes anything downstream.

Direct quotations are found from the quotation marks (curly or straight, a quotation
may run over several paragraphs when each new paragraph reopens it); indirect ones
from a cue verb with a clausal complement ("officials said that 15 were freed") or an
"according to" phrase. Quotation spans never swallow the reporter's words between two
quoted pieces ("…," he said, "…" is two contents with one cue).

The stored parse has no lemmas, so cues are listed with their inflections in
``data/cues.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from rashomon.model import Mention, MentionType, Quote, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_DATA = Path(__file__).parent / "data" / "cues.yaml"
_OPENING = '“"'
_CLOSING = '”"'
_SUBJECTS = {"nsubj", "nsubjpass"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_PERSON_PRONOUNS = {"he": "male", "she": "female"}
# Words that stand for a noun left unsaid ("Another asks", "One reads"): no source.
_NO_ONE = {"another", "one", "others", "some", "many", "few", "both", "all", "each", "this"}
_MALE = {"mr", "mr.", "sir", "lord", "king", "prince"}
_FEMALE = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen", "princess"}
_ACTORS = {MentionType.PERSON, MentionType.ORGANISATION, MentionType.STATE}
_MIN_DIRECT_CHARS = 2
# How far back a pronoun looks for who it stands for (sentences of narration; and at
# most, counting wholly quoted ones too).
_ANTECEDENT_SENTENCES = 3
_MOST_SENTENCES = 8
# The longest attribution sentence after which a quotation goes on in the same voice.
_MAX_ATTRIBUTION_CHARS = 300
# How many coordinated or subordinate verbs a cue climbs to find its subject.
_CLIMB = 3
# A source phrase longer than this (in tokens) without a name at its head names no one.
_LONGEST_SOURCE = 8


@dataclass(frozen=True)
class Cues:
    speech: frozenset[str]
    belief: frozenset[str]
    messages: frozenset[str]
    characterizations: frozenset[str]

    def is_cue(self, word: str) -> bool:
        return word in self.speech or word in self.belief


@cache
def cues() -> Cues:
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(
            w.strip().lower() for line in raw[key] for w in str(line).split(",") if w.strip()
        )

    return Cues(
        speech=words("speech"),
        belief=words("belief"),
        messages=words("messages"),
        characterizations=words("characterizations"),
    )


@dataclass(frozen=True, slots=True)
class _Quoted:
    """A run of quoted words: its content offsets (inside the marks)."""

    start: int
    end: int


def quotation_spans(text: str) -> list[_Quoted]:
    """The contents of quotation marks, in order.

    Curly marks pair as opening and closing; straight ones alternate within a
    paragraph. A quotation left open at the end of a paragraph continues if the next
    paragraph opens with a mark (the news convention for long quotations); otherwise
    it ends with its paragraph.
    """
    found: list[_Quoted] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    carry: int | None = None
    for index, (p_start, p_end) in enumerate(paragraphs):
        opened: int | None = None
        position = p_start
        if carry is not None and text[p_start] in _OPENING:
            opened, position = carry, p_start + 1
        opened = _scan(text, (p_start, p_end), position=position, opened=opened, found=found)
        carry = None
        if opened is not None:
            following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            if following is not None and text[following] in _OPENING:
                carry = opened  # the quotation goes on in the next paragraph
            elif p_end - opened >= _MIN_DIRECT_CHARS:
                found.append(_Quoted(opened, _trim_end(text, opened, p_end)))
    return found


def _scan(
    text: str,
    paragraph: tuple[int, int],
    *,
    position: int,
    opened: int | None,
    found: list[_Quoted],
) -> int | None:
    """Pair the marks of one paragraph from ``position``, adding closed quotations to
    ``found``; returns where a quotation left open at the paragraph's end opened."""
    p_start, p_end = paragraph
    while position < p_end:
        char = text[position]
        if char == '"' and _inches(text, position):
            pass  # 'a 12" pipe': not a quotation mark
        elif opened is None and char == '"' and _closes(text, position):
            # 'Just heard the news," he tweeted. "…"' — a paragraph that opens inside a
            # quotation whose opening mark is missing: a straight mark shaped like a
            # closing one (after a word, before a space) before any other mark closes it
            if _unopened(text, p_start, position, found):
                found.append(_Quoted(p_start, position))
        elif opened is None and char in _OPENING:
            opened = position + 1
        elif opened is not None and char in _CLOSING and (char != '"' or position > opened):
            if position - opened >= _MIN_DIRECT_CHARS:
                found.append(_Quoted(opened, position))
            opened = None
        position += 1
    return opened


def _unopened(text: str, p_start: int, position: int, found: list[_Quoted]) -> bool:
    """Whether the paragraph up to ``position`` reads as the rest of a quotation."""
    first = not found or found[-1].end < p_start
    return first and position - p_start >= _MIN_DIRECT_CHARS and '"' not in text[p_start:position]


def _inches(text: str, position: int) -> bool:
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return before.isdigit() and after in " -"


def _closes(text: str, position: int) -> bool:
    """Whether a straight mark is shaped like a closing one: right after a word or
    punctuation and before a space, punctuation or the end of the line."""
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else "\n"
    if before.isspace() or before.isdigit() or before in "([{":
        return False  # an opening mark, or inches ('a 12" pipe')
    return after.isspace() or after in ".,;:!?)"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end


def find_quotes(doc: Doc, mentions: Sequence[Mention] = (), text: str | None = None) -> list[Quote]:
    """Every attribution in a parsed article: direct quotations first found from their
    marks, then indirect ones from cue verbs not already used; in text order
    (``text``: ``doc.text`` when the caller has it)."""
    reader = _Reader(doc, mentions, text)
    direct = list(reader.direct())
    used = {q.cue_start for q in direct if q.cue_start is not None}
    indirect = [q for q in reader.indirect() if q.cue_start not in used]
    return sorted([*direct, *indirect], key=lambda q: (q.start, q.end))


class Antecedents:
    """Who a pronoun stands for, for other stages that label a clause ("he arrives"
    -> "Trump arrives"). Stricter than the rule for "he said", because a wrong name
    in a label states a wrong fact where the pronoun only left it vague: the name is
    given only when the compatible actors named as a subject in the sentence and the
    three of narration before it (never inside quotation marks) are one and the same,
    and named
    ("Trump", not "president"); a possessor alone ("Mrs. May's invitation … since
    she succeeded") is no evidence. Built once per article."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention] = (), text: str | None = None) -> None:
        self._doc = doc
        self._mentions = mentions
        self._text = text

    @cached_property
    def _reader(self) -> _Reader:
        """Built when first asked (most articles never label a pronoun)."""
        return _Reader(self._doc, self._mentions, self._text)

    def name(self, pronoun: Token) -> str | None:
        """The name as the article gives it, or None when unsure."""
        reader = self._reader
        name, speaker_id = reader._antecedent(pronoun)
        if name is None or speaker_id is None or not name[:1].isupper():
            return None
        others = {m.canonical for m in reader._compatible(pronoun) if reader._is_subject(m)}
        return name if others == {speaker_id} else None


def _window_start(pronoun: Token, quoted: Callable[[Span], bool]) -> int:
    """The first token of the sentence three before the pronoun's, where sentences
    wholly inside quotation marks (``quoted``) do not count (a speaker's three quoted
    sentences between "X said" and "he added" are still X's turn), up to
    :data:`_MOST_SENTENCES` sentences back."""
    start = pronoun.sent.start
    counted = stepped = 0
    while counted < _ANTECEDENT_SENTENCES and stepped < _MOST_SENTENCES and start > 0:
        sentence = pronoun.doc[start - 1].sent
        start = sentence.start
        stepped += 1
        if not quoted(sentence):
            counted += 1
    return start


class _Reader:
    def __init__(self, doc: Doc, mentions: Sequence[Mention], text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.mentions = [m for m in mentions if m.type in _ACTORS] or _entity_mentions(doc)
        self.cues = cues()
        self.quoted = quotation_spans(self.text)
        self.inside = [(q.start - 1, q.end + 1) for q in self.quoted]
        self.last_speaker: tuple[str, str | None, int] | None = None  # name, id, end offset
        self._genders: dict[str, list[Mention]] = {}

    # -- direct ---------------------------------------------------------------------

    def direct(self) -> Iterator[Quote]:
        previous_end = -1
        previous: Quote | None = None
        for quoted in self.quoted:
            cue = self._cue_for(quoted)
            if (
                cue is not None
                and cue.idx >= quoted.end
                and self._quoted_before(quoted.end, cue.idx)
            ):
                cue = None  # a cue after the next quotation is that quotation's
            if (
                cue is not None
                and previous is not None
                and cue.idx >= quoted.end
                and self._resumes(previous, quoted)
                and not self._same_sentence(cue, quoted)
            ):
                cue = None  # '"…," Trump said when asked. "…" Macron said …': Trump's
            if cue is not None:
                quote = self._quote(quoted, QuoteKind.DIRECT, cue)
            elif previous is not None and (
                self._continues(previous_end, quoted) or self._resumes(previous, quoted)
            ):
                quote = Quote(
                    start=quoted.start,
                    end=quoted.end,
                    kind=QuoteKind.DIRECT,
                    cue=previous.cue,
                    cue_start=previous.cue_start,
                    cue_end=previous.cue_end,
                    speaker=previous.speaker,
                    speaker_id=previous.speaker_id,
                    speaker_start=previous.speaker_start,
                    speaker_end=previous.speaker_end,
                )
            else:
                quote = Quote(start=quoted.start, end=quoted.end, kind=QuoteKind.DIRECT)
            previous_end = quoted.end
            if quote.speaker is not None:
                previous = quote
            yield quote

    def _same_paragraph(self, quoted: _Quoted, token: Token) -> bool:
        low, high = sorted((token.idx, quoted.start if token.idx < quoted.start else quoted.end))
        return "\n" not in self.text[low:high]

    def _same_sentence(self, cue: Token, quoted: _Quoted) -> bool:
        """Whether the cue's sentence is one the quotation touches."""
        sentence = cue.sent
        return sentence.start_char < quoted.end and quoted.start < sentence.end_char

    def _continues(self, previous_end: int, quoted: _Quoted) -> bool:
        """A quotation alone in the paragraph right after the previous quotation's."""
        between = self.text[previous_end : quoted.start]
        paragraph_start = self.text.rfind("\n", 0, quoted.start) + 1
        paragraph_end = self.text.find("\n", quoted.end)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        outside = (
            self.text[paragraph_start : quoted.start - 1]
            + self.text[quoted.end + 1 : paragraph_end]
        )
        return between.count("\n") >= 1 and len(outside.strip(' “”",.:;—-')) == 0

    def _resumes(self, previous: Quote, quoted: _Quoted) -> bool:
        """'"…," Sexton said. "…"' — a quotation right after the short attribution of the
        previous one, in the same paragraph, goes on in the same voice."""
        if previous.cue_start is None or previous.end >= quoted.start:
            return False
        between = self.text[previous.end : quoted.start]
        if "\n" in between or not previous.end <= previous.cue_start < quoted.start:
            return False
        if len(between) < 80:
            return True
        # '"…," said Nicole Ramos, an attorney with …, who has … . "…"' — a long
        # attribution, and the quotation opens the sentence right after it
        if previous.cue_end is None or len(between) > _MAX_ATTRIBUTION_CHARS:
            return False
        cue = self.doc.char_span(previous.cue_start, previous.cue_end, alignment_mode="expand")
        if cue is None:
            return False
        rest = self.text[cue[0].sent.end_char : quoted.start]
        return not rest.strip(" " + _OPENING + _CLOSING)

    def _cue_for(self, quoted: _Quoted) -> Token | None:
        """The cue of a quotation: a speech word outside quotation marks in the
        sentences the quotation touches, the nearest one linked to it by the parse
        first, else the nearest one; "X said:" ending the sentence before counts."""
        doc = self.doc
        span = doc.char_span(quoted.start, quoted.end, alignment_mode="expand")
        if span is None:
            return None
        first_sentence = span[0].sent
        last_sentence = span[-1].sent
        # a cue in another paragraph is never the quotation's (the parser may run a
        # quotation and the next paragraph together as one sentence)
        candidates = [
            t
            for t in doc[first_sentence.start : last_sentence.end]
            if self._speech_cue(t)
            and not self._quoted_at(t.idx)
            and self._same_paragraph(quoted, t)
        ]
        if not candidates:
            # '"... end of quote." Barkley said.' — the parser ends the sentence inside
            # the marks, so the attribution is the short sentence right after
            after = self._next_sentence(last_sentence)
            if (
                after is not None
                and after.start_char - quoted.end <= 3
                and "\n" not in self.text[quoted.end : after.start_char]
            ):
                candidates = [
                    t
                    for t in after[:8]
                    if self._speech_cue(t)
                    and not self._quoted_at(t.idx)
                    and not self._quoted_before(after.start_char, t.idx)
                ]
        if not candidates:
            before = self._previous_sentence(first_sentence)
            if before is not None and before.text.rstrip().endswith(":"):
                candidates = [
                    t for t in before if self._speech_cue(t) and not self._quoted_at(t.idx)
                ]
        if not candidates:
            # 'Trump was conclusive in his findings: "…"' — a clause ending in a colon
            # right before the quotation introduces it, whatever its verb
            colon = self._introducing_colon(quoted)
            if colon is not None:
                verb = _clause_verb(colon)
                if verb is not None and any(c.dep_ in _SUBJECTS for c in verb.children):
                    candidates = [verb]
        if not candidates:
            label = self._labelling_verb(span)
            if label is not None:
                return label
        if not candidates:
            return None
        inside = {t.i for t in span}
        linked = [t for t in candidates if _governs(t, inside)]
        pool = linked or candidates

        def distance(token: Token) -> int:
            if token.idx >= quoted.end:
                return token.idx - quoted.end
            return max(0, quoted.start - token.idx)

        return min(pool, key=distance)

    def _labelling_verb(self, span: Span) -> Token | None:
        """The verb that puts the quoted words on something as its label: 'calling it
        "superb news"' (the quotation is the verb's predicate), 'denounced Mr. Kim as a
        "madman"', 'dismissed it in an email as "…"' (the object of its "as", up to two
        words above)."""
        root = span.root
        if self._quoted_at(root.head.idx) and root.head != root:
            return None  # the quotation's own words, not the reporter's
        if root.dep_ == "oprd" and root.head.lower_ in self.cues.characterizations:
            return root.head
        if root.dep_ != "pobj" or root.head.lower_ != "as":
            return None
        token = root.head.head
        for _ in range(3):
            if token.pos_ == "VERB":
                return token if token.lower_ in self.cues.characterizations else None
            if token.head == token:
                return None
            token = token.head
        return None

    def _previous_sentence(self, sentence: Span) -> Span | None:
        if sentence.start == 0:
            return None
        return self.doc[sentence.start - 1].sent

    def _introducing_colon(self, quoted: _Quoted) -> Token | None:
        """The colon just before a quotation's opening mark, in the same paragraph."""
        before = self.text[max(0, quoted.start - 4) : quoted.start - 1]
        if ":" not in before:
            return None
        offset = self.text.rfind(":", 0, quoted.start)
        token = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return token[0] if token is not None else None

    def _next_sentence(self, sentence: Span) -> Span | None:
        if sentence.end >= len(self.doc):
            return None
        return self.doc[sentence.end].sent

    def _quoted_before(self, start: int, end: int) -> bool:
        """Whether a quotation opens between ``start`` and ``end``."""
        return any(start <= q_start < end for q_start, _ in self.inside)

    def _speech_cue(self, token: Token) -> bool:
        word = token.lower_
        if word == "according":
            return _according_to(token) is not None
        if word not in self.cues.speech:
            return False
        return token.pos_ in {"VERB", "AUX"} or self._source_after_quotation(token) is not None

    def _source_after_quotation(self, cue: Token) -> Span | None:
        """'"…," the lawsuit states.' / '"…," Nielsen's statement read.': the tagger
        reads a speech verb ending the sentence as a plural noun; right after a closing
        quotation mark, a short noun phrase and such a word closing the sentence are a
        source and its cue. The noun phrase, or None when the pattern does not hold."""
        if cue.pos_ != "NOUN" or cue.i + 1 >= len(cue.doc) or not cue.doc[cue.i + 1].is_punct:
            return None
        if cue.doc[cue.i + 1].text not in {".", ","}:
            return None
        stretch = self.text[cue.sent.start_char : cue.idx]
        close = max(stretch.rfind(c) for c in _CLOSING)
        if close < 0:
            return None
        words = self.doc.char_span(
            cue.sent.start_char + close + 1, cue.idx, alignment_mode="contract"
        )
        if words is None:
            return None
        words = words[1:] if words and words[0].is_punct else words
        if not 1 <= len(words) <= 5 or any(t.is_punct or t.pos_ in {"VERB", "AUX"} for t in words):
            return None
        if not any(t.pos_ in {"NOUN", "PROPN"} for t in words):
            return None
        return words

    def _quoted_at(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.inside)

    def _wholly_quoted(self, sentence: Span) -> bool:
        """Whether every word of the sentence is inside quotation marks."""
        words = [t for t in sentence if not t.is_punct and not t.is_space]
        return bool(words) and all(self._quoted_at(t.idx) for t in words)

    # -- indirect -------------------------------------------------------------------

    def indirect(self) -> Iterator[Quote]:
        for token in self.doc:
            word = token.lower_
            if word != "according" and not self.cues.is_cue(word):
                continue  # most words: cheaper to rule out than the quotation test
            if self._quoted_at(token.idx):
                continue
            if word == "according":
                source = _according_to(token)
                if source is None:
                    continue
                clause = _main_clause_without(token)
                if clause is None:
                    continue
                yield self._quote(_Quoted(*clause), QuoteKind.INDIRECT, token)
            elif self.cues.is_cue(word) and token.pos_ in {"VERB", "AUX"}:
                complement = next(
                    (c for c in token.children if c.dep_ == "ccomp" and not self._quoted_at(c.idx)),
                    None,
                )
                if complement is None or not any(c.dep_ in _SUBJECTS for c in token.children):
                    continue
                start, end = _subtree_offsets(complement)
                if end - start < 10:
                    continue
                yield self._quote(_Quoted(start, end), QuoteKind.INDIRECT, token)

    # -- sources --------------------------------------------------------------------

    def _quote(self, quoted: _Quoted, kind: QuoteKind, cue: Token) -> Quote:
        source = self._source(cue)
        if source is not None and source.start_char < quoted.end and quoted.start < source.end_char:
            source = None  # the quoted words themselves are never their own source
        name: str | None = None
        speaker_id: str | None = None
        start = end = None
        if source is not None:
            start, end = source.start_char, source.end_char
            name, speaker_id = self._name(source)
            if name is not None:
                self.last_speaker = (name, speaker_id, end)
        return Quote(
            start=quoted.start,
            end=quoted.end,
            kind=kind,
            cue=_cue_words(cue),
            cue_start=cue.idx,
            cue_end=cue.idx + len(cue.text),
            speaker=name,
            speaker_id=speaker_id,
            speaker_start=start,
            speaker_end=end,
        )

    def _source(self, cue: Token) -> Span | None:
        """The words naming who the cue credits (a pronoun included), or None."""
        if cue.lower_ == "according":
            target = _according_to(cue)
            return _name_span(target) if target is not None else None
        if cue.pos_ == "NOUN":
            return self._source_after_quotation(cue)
        # a subject inside quotation marks is the parser taking the quote for the speaker
        # ('"Happy Cinco de Mayo!," he tweeted')
        subject = next(
            (c for c in cue.children if c.dep_ in _SUBJECTS and not self._quoted_at(c.idx)),
            None,
        )
        if subject is None and cue.dep_ == "xcomp":
            # "prompting Comey to reply that …": the object of the verb that calls for
            # the speech is the one who speaks
            subject = next(
                (
                    c
                    for c in cue.head.children
                    if c.dep_ == "dobj" and c.pos_ == "PROPN" and not self._quoted_at(c.idx)
                ),
                None,
            )
        verb = cue
        for _ in range(_CLIMB):
            if subject is not None:
                break
            # "he paused and said"; "Wikileaks said … and defended its release,
            # saying …": the subject of the verb the cue hangs from, up the chain
            above = self._verb_above(verb)
            if above is None:
                break
            verb = above
            subject = next(
                (c for c in verb.children if c.dep_ in _SUBJECTS and not self._quoted_at(c.idx)),
                None,
            )
            if subject is None:
                interrupted = self._interrupted_subject(verb)
                if interrupted is not None:
                    return interrupted
        if subject is None and cue.dep_ == "relcl" and cue.head.pos_ in {"PROPN", "NOUN"}:
            subject = cue.head  # "Smith, who said ..."
        if subject is None:
            return self._name_after_quotation(cue)
        if subject.lower_ in {"that", "which", "who"} and cue.dep_ == "relcl":
            subject = cue.head
        return _name_span(subject)

    def _verb_above(self, verb: Token) -> Token | None:
        """The verb whose subject speaks for ``verb`` when it has none: the verb it is
        coordinated with or subordinate to ("he paused and said", "…, saying"), the verb
        of a "by …ing" phrase ("reacted on Twitter by asking"), and the verb that issued
        the message a cue describes ("issuing a statement Monday saying", "in a Twitter
        message posted late Thursday"); None above a reported clause ("X said the DNC
        was seeking … and defended …": whose is unclear) unless that clause is the
        quotation itself, which the parser made the sentence's root."""
        head = verb.head
        if head == verb:
            return None
        if verb.dep_ in {"conj", "xcomp", "advcl"} or (verb.dep_ == "dep" and head.pos_ == "VERB"):
            above = head
        elif verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            above = head.head
        elif verb.dep_ == "acl" and head.lower_ in self.cues.messages:
            if any(c.dep_ == "agent" for c in verb.children):
                return None  # "a statement posted by the court": the court's
            if head.dep_ not in {"dobj", "pobj"}:
                return None
            # up from the message to the verb whose object it is, or whose phrase it
            # ends ("seized on the ruling in a Twitter message posted …")
            above = head.head
            for _ in range(3):
                if above.pos_ in {"VERB", "AUX"} or above.head is above:
                    break
                above = above.head
            if above.pos_ not in {"VERB", "AUX"}:
                return None
        else:
            return None
        if above.dep_ == "ccomp" and not self._quoted_at(above.head.idx):
            return None
        return above

    def _interrupted_subject(self, verb: Token) -> Span | None:
        """'Mr. Trump, in a tweet last week, ratcheted up …': a name set off from its
        verb by a comma-bracketed phrase, which the parser hangs elsewhere; only when
        the phrase between is short and has no verb of its own."""
        sentence = verb.sent
        named = [
            m
            for m in self.mentions
            if m.type is not MentionType.STATE
            and sentence.start_char <= m.start
            and m.end <= verb.idx
        ]
        if not named:
            return None
        last = max(named, key=lambda m: m.end)
        between = self.text[last.end : verb.idx]
        if not (between.startswith(",") and between.rstrip().endswith(",")):
            return None
        if len(between) > 60 or "\n" in between:
            return None
        words = self.doc.char_span(last.end, verb.idx, alignment_mode="contract")
        if words is None or any(t.pos_ in {"VERB", "AUX"} for t in words):
            return None
        return self.doc.char_span(last.start, last.end, alignment_mode="expand")

    def _name_after_quotation(self, cue: Token) -> Span | None:
        """'"…," Trump, a Republican, wrote.' — the parser hangs the name on the quoted
        words, so the cue has no subject: the first person (else organisation) named
        between the closing quotation mark and the cue is the source."""
        sentence = cue.sent
        stretch = self.text[sentence.start_char : cue.idx]
        close = max(stretch.rfind(c) for c in _CLOSING)
        if close < 0:
            return None
        start = sentence.start_char + close + 1
        if len(self.text[start : cue.idx].split()) > 10:
            return None
        inside = [m for m in self.mentions if start <= m.start and m.end <= cue.idx]
        chosen = [m for m in inside if m.type is MentionType.PERSON] or inside
        if not chosen:
            return None
        first = min(chosen, key=lambda m: m.start)
        return self.doc.char_span(first.start, first.end, alignment_mode="expand")

    def _name(self, source: Span) -> tuple[str | None, str | None]:
        """The source as the article names it, and its canonical actor id."""
        if len(source) == 1 and source[0].lower_ in _PRONOUNS:
            return self._antecedent(source[0])
        if len(source) == 1 and source[0].lower_ in _NO_ONE:
            return None, None  # "Another asks if …": another question, not a person
        mention = self._mention_in(source.start_char, source.end_char)
        head = source.root
        if mention is not None and mention.start <= head.idx < mention.end:
            return mention.text, mention.canonical
        # "one of the queries supplied by an official separate from the president's
        # legal team": a name deep inside the phrase is not its source, and a phrase
        # that long names no one
        if len(source) > _LONGEST_SOURCE:
            return None, None
        return source.text, None

    def _mention_in(self, start: int, end: int) -> Mention | None:
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        people = [m for m in inside if m.type is MentionType.PERSON]
        chosen = people or inside
        return max(chosen, key=lambda m: m.end - m.start) if chosen else None

    def _antecedent(self, pronoun: Token) -> tuple[str | None, str | None]:
        word = pronoun.lower_
        if word not in _WANTED:
            return None, None
        earliest = self.doc[_window_start(pronoun, self._wholly_quoted)].idx
        wanted = _WANTED[word]
        before = self._compatible(pronoun, earliest)
        # the last one named as a subject before a nearer object or possessor: after
        # "Mr. Trump … was coy. Aides said he hoped to push back against Mr. Macron's
        # entreaties.", "he said" is Trump
        # a main clause's subject first: in "Mr. Kudlow said he expected …, which Mr.
        # Trump pulled out of", Trump is a relative clause's subject, not the topic
        subjects = [m for m in before if self._is_subject(m, main=True)] or [
            m for m in before if self._is_subject(m)
        ]
        last_subject = subjects[-1] if subjects else None
        if self.last_speaker is not None and self.last_speaker[2] >= earliest:
            # the previous quotation's speaker, unless someone is named as a subject
            # after it ("Zarif, who said …. Dermer said …. '…,' he said" is Dermer)
            name, speaker_id, end = self.last_speaker
            candidate = next(
                (m for m in self.mentions if m.canonical == speaker_id and m.type in wanted),
                None,
            )
            later = last_subject is not None and last_subject.start >= end
            if candidate is not None and self._fits(word, candidate) and not later:
                return name, speaker_id
        # else the last one named there — by name: a bare title named as an object ("I
        # have a tremendous respect for the prime minister") is too weak a reading
        named = [m for m in before if m.text[:1].isupper()]
        if word in {"they", "it"}:
            named = []  # "they said" after two people: not the state named last in passing
        chosen = last_subject or (named[-1] if named else None)
        if chosen is None:
            return None, None
        return chosen.text, chosen.canonical

    def _fits(self, pronoun: str, mention: Mention) -> bool:
        """Whether the pronoun can stand for the mention's actor: a title anywhere in
        the article ("Mr. Trump") tells the gender of every mention of that actor
        ("President Trump" is not "she")."""
        if mention.canonical is None:
            return _gender_fits(pronoun, mention, self.text)
        same = self._genders.get(mention.canonical)
        if same is None:
            same = self._genders[mention.canonical] = [
                m for m in self.mentions if m.canonical == mention.canonical
            ]
        return all(_gender_fits(pronoun, m, self.text) for m in same)

    def _compatible(self, pronoun: Token, earliest: int | None = None) -> list[Mention]:
        """The actors the pronoun can stand for, in text order: of its kind and
        gender, named from ``earliest`` (by default its sentence or the three of
        narration before it) up to it, never inside quotation marks."""
        word = pronoun.lower_
        if earliest is None:
            earliest = self.doc[_window_start(pronoun, self._wholly_quoted)].idx
        return [
            m
            for m in self.mentions
            if m.type in _WANTED[word]
            and earliest <= m.start
            and m.end <= pronoun.idx
            and not self._quoted_at(m.start)
            and self._fits(word, m)
        ]

    def _is_subject(self, mention: Mention, *, main: bool = False) -> bool:
        """Whether the mention is a verb's subject (with ``main``: the subject of its
        sentence's main verb, or of a verb coordinated with it)."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root
        while head.dep_ == "appos" and head.head != head:
            head = head.head
        if head.dep_ not in _SUBJECTS:
            return False
        if not main:
            return True
        verb = head.head
        while verb.dep_ == "conj" and verb.head != verb:
            verb = verb.head
        return verb.dep_ == "ROOT"


# The actors each pronoun can stand for.
_WANTED = {
    "he": frozenset({MentionType.PERSON}),
    "she": frozenset({MentionType.PERSON}),
    "they": frozenset({MentionType.ORGANISATION, MentionType.STATE}),
    "it": frozenset({MentionType.ORGANISATION, MentionType.STATE}),
}

_ENTITY_TYPES = {
    "PERSON": MentionType.PERSON,
    "ORG": MentionType.ORGANISATION,
    "GPE": MentionType.STATE,
    "NORP": MentionType.STATE,
}


def _entity_mentions(doc: Doc) -> list[Mention]:
    """Actors from the parser's own entities, for a doc read without the understanding
    stage's mentions (benchmarks on other corpora)."""
    return [
        Mention(e.start_char, e.end_char, e.text, _ENTITY_TYPES[e.label_])
        for e in doc.ents
        if e.label_ in _ENTITY_TYPES
    ]


def _gender_fits(pronoun: str, mention: Mention, text: str) -> bool:
    gender = _PERSON_PRONOUNS.get(pronoun)
    if gender is None:
        return True
    before = text[max(0, mention.start - 6) : mention.start].strip().lower().split()
    first = mention.text.lower().split()[:1]  # a mention may hold its title ("Mr. Trump")
    honorific = first[0] if first and first[0] in _MALE | _FEMALE else ""
    honorific = honorific or (before[-1] if before else "")
    if honorific in _MALE:
        return gender == "male"
    if honorific in _FEMALE:
        return gender == "female"
    return True


def _clause_verb(colon: Token) -> Token | None:
    """The verb of the clause a colon ends: its sentence's root when that has a subject
    ("Jeb Bush broke down exactly what was wrong:"), else the nearest verb before the
    colon with a subject that is not a question or relative word."""
    sentence = colon.sent
    root = sentence.root
    if root.i < colon.i and root.pos_ in {"VERB", "AUX"} and _named_subject(root):
        return root
    for token in reversed(list(colon.doc[sentence.start : colon.i])):
        if token.pos_ in {"VERB", "AUX"} and _named_subject(token):
            return token
    return None


def _named_subject(verb: Token) -> bool:
    return any(
        c.dep_ in _SUBJECTS and c.lower_ not in {"what", "which", "who", "that", "it"}
        for c in verb.children
    )


def _governs(cue: Token, inside: set[int]) -> bool:
    """Whether a token of the quotation hangs under the cue in the parse (as its
    clause, object or a word of it) — not merely sits next to it."""
    for index in inside:
        token = cue.doc[index]
        for _ in range(6):
            if token.head.i == token.i:
                break
            token = token.head
            if token.i == cue.i:
                return True
    return any(child.i in inside for child in cue.children)


def _according_to(token: Token) -> Token | None:
    """The object of "according to X"."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is None or following.lower_ != "to":
        return None
    objects = [c for c in following.children if c.dep_ == "pobj"]
    if not objects:
        objects = [c for c in token.children if c.dep_ == "pobj"]
    return objects[0] if objects else None


def _name_span(head: Token) -> Span:
    """The noun phrase of a source: the head with its compounds, titles and modifiers,
    not its relative clauses or trailing apposition; an appositive name wins over a
    title ("the president's lawyer, Rudy Giuliani" -> Rudy Giuliani) but not over a name
    ("Rep. Zoe Lofgren, top Democrat on …" -> Rep. Zoe Lofgren), and a possessor is
    kept only as part of the phrase, never as the source itself."""
    doc = head.doc
    for child in head.children:
        # a name's own appositive is its title ("Rep. Zoe Lofgren, top Democrat on …")
        if child.dep_ == "appos" and child.pos_ == "PROPN" and head.pos_ != "PROPN":
            return _name_span(child)
    keep = {"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "quantmod"}
    tokens = [head]
    frontier = [head]
    while frontier:
        token = frontier.pop()
        for child in token.children:
            if child.dep_ in keep and child.i < head.i + 1:
                tokens.append(child)
                frontier.append(child)
            elif child.dep_ == "prep" and child.i > head.i and child.lower_ == "of":
                tokens.extend(child.subtree)  # "the head of the agency"
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    # "Sirius XM Vice President Dave Gorab": a person's name right after the title
    for entity in doc.ents:
        if entity.label_ == "PERSON" and start <= entity.start <= end and entity.end > end:
            end = entity.end
            break
    span = doc[start:end]
    while len(span) > 1 and span[0].is_punct:
        span = doc[span.start + 1 : span.end]
    return span


def _subtree_offsets(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].lower_ in {"that"}):
        tokens.pop()
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].lower_ == "that"):
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _main_clause_without(according: Token) -> tuple[int, int] | None:
    """The sentence an "according to X" phrase attributes, without the phrase: the
    longer side of it ("Pompeo met Kim over Easter weekend, according to media reports
    Tuesday" is the words before the phrase; a date left after it is the clause's, but
    the content never runs across the source)."""
    sentence = according.sent
    phrase = {t.i for t in according.subtree}
    if according.i + 1 < len(according.doc):
        phrase |= {t.i for t in according.doc[according.i + 1].subtree}
    first, last = min(phrase), max(phrase)
    before = [t for t in sentence if t.i < first and not t.is_punct]
    after = [t for t in sentence if t.i > last and not t.is_punct]
    rest = before if len(before) >= len(after) else after
    if len(rest) < 3:
        return None
    return rest[0].idx, rest[-1].idx + len(rest[-1].text)


def _cue_words(cue: Token) -> str:
    if cue.lower_ == "according":
        return "according to"
    return cue.text
