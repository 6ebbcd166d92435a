"""Genre: does an article report a happening, or comment on one?

A news report defines a story; an opinion piece or a news analysis discusses one (or
several) and must not pull stories together or apart the way a report does. This
module tells them apart from what any reader sees: the headline, the address and the
text, never from a data set's outlet labels.

Decisions:
- **Two calls, not seven.** The labelled samples (``benchmarks/data/genre-*.json``,
  labelled by reading) use seven genres, but readers agree on the line between
  *commentary* (opinion and analysis) and the rest far better than on the line between
  opinion and analysis (two independent readers of 200 articles: 97.5% on the first,
  the exact genre on 96%, with opinion/analysis the most frequent disagreement). The
  classifier decides commentary or not; opinion versus analysis is then named only
  where a marker says so (a ``/opinion/`` address, "Analysis:" in the headline),
  otherwise "commentary". Live blogs, roundups and explainers are named from their
  markers alone (too rare in real samples to fit).
- **Features a reader would cite**, each counted outside quotation marks (a report
  quoting someone's "I think" is still a report): the author's own first person and
  second person, modal verbs of obligation, questions, evaluative intensifiers,
  attribution verbs ("said", "told", "according to"), a dateline or wire credit at
  the start, an author's bio line, and markers in the address and the headline.
- **Weights are data** (``data/genre_weights.yaml``), fitted by
  ``benchmarks/fit_genre.py`` on the development sample only; the test sample is
  never used to fit or to choose the threshold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

COMMENTARY = "commentary"
OPINION = "opinion"
ANALYSIS = "analysis"
REPORT = "report"
LIVE = "live"
ROUNDUP = "roundup"
EXPLAINER = "explainer"
GENRES = (REPORT, COMMENTARY, OPINION, ANALYSIS, LIVE, ROUNDUP, EXPLAINER)
#: Genres that discuss rather than report: they attach to a story, never define one.
DISCUSSING = frozenset({COMMENTARY, OPINION, ANALYSIS})

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Quoted passages: straight or curly double quotes, at most 600 characters, one line.
_QUOTED = re.compile(r"“[^”\n]{0,600}”|\"[^\"\n]{0,600}\"")
_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’')\]]|$)")

_URL_OPINION = re.compile(
    r"/(?:opinions?|op-?eds?|commentary|editorials?|columnists?|columns?|voices|"
    r"perspectives?|first-person|contributors?|views|ideas|"
    r"the-big-idea|posteverything)(?:/|$|-)",
    re.IGNORECASE,
)
_URL_ANALYSIS = re.compile(
    r"/(?:analysis|news-analysis|fact-?checks?|the-memo|explainers?)(?:/|$|-)|"
    r"-analysis(?:[/.-]|$)|fact-?check",
    re.IGNORECASE,
)
_TITLE_OPINION = re.compile(
    r"^\s*(?:opinion|op-?ed|commentary|editorial|column|letters?|our view|"
    r"my turn|viewpoint|perspective)\s*[:|—–-]",
    re.IGNORECASE,
)
_TITLE_ANALYSIS = re.compile(
    r"^\s*(?:analysis|news analysis|fact[- ]check|reality check|the memo)\s*[:|—–-]|"
    r"\b(?:takeaways|winners and losers|what it means|fact[- ]check)\b",
    re.IGNORECASE,
)
_TITLE_LIVE = re.compile(r"\blive(?:[- ]blog| updates?| coverage)\b|^\s*live\s*[:|—–-]", re.I)
_TITLE_ROUNDUP = re.compile(
    r"\b(?:morning|evening|daily|weekly) (?:briefing|digest|newsletter)\b|"
    r"\b(?:news )?roundup\b|\bdigest\b|^\s*(?:fox news first|the daily 202)\b",
    re.IGNORECASE,
)
_TITLE_EXPLAINER = re.compile(
    r"\b(?:what we know|what you need to know|explained|explainer|"
    r"everything you need to know|questions? and answers?|q ?& ?a)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4}\s*)"
    r"(?:\((?:AP|Reuters|AFP|CNN|UPI|RNS|CNSNews\.com)\)\s*)?[—–-]{1,2}\s",
)
_WIRE = re.compile(r"\((?:AP|Reuters|AFP|UPI)\)|\bAssociated Press\b|\(Reuters\)")
_BIO = re.compile(
    r"\b(?:is|was) (?:a|an|the) (?:[\w-]+ ){0,4}(?:columnist|contributor|"
    r"contributing editor|fellow|professor|author of|editor-at-large|"
    r"senior editor|commentator|writer for)\b|\bthe views expressed\b|"
    r"\bfollow (?:him|her|them) on twitter\b|\bopinions expressed\b",
    re.IGNORECASE,
)
_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "let's"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "you're", "you've"})
_OBLIGATION = frozenset({"should", "must", "ought", "shouldn't", "mustn't", "needs"})
_EVALUATIVE = frozenset(
    {
        "absurd", "ridiculous", "outrageous", "shameful", "disgraceful", "hypocrisy",
        "hypocritical", "obviously", "clearly", "simply", "surely", "indeed", "frankly",
        "pathetic", "shameless", "idiotic", "insane", "nonsense", "disaster", "terrible",
        "stupid", "silly", "dishonest", "lie", "lies", "liberals", "leftists",
        "conservatives", "progressives", "elites", "mainstream", "fake", "truly",
        "honestly", "merely", "perhaps", "arguably", "ironically", "sadly", "alas",
    }
)  # fmt: skip
_ATTRIBUTION = frozenset(
    {"said", "says", "told", "according", "announced", "reported", "stated", "added",
     "confirmed", "spokesman", "spokeswoman", "spokesperson", "statement"}
)  # fmt: skip
_HEDGE = frozenset(
    {"likely", "could", "might", "may", "perhaps", "probably", "unclear", "question",
     "whether", "stakes", "test", "signal", "sign", "strategy", "analysts", "poll"}
)  # fmt: skip

#: Characters of text read: the opening carries the dateline and the voice; the bio
#: line is looked for at the end.
OPENING_CHARS = 4000
ENDING_CHARS = 600


@dataclass(frozen=True, slots=True)
class GenreCall:
    """The genre of one article, the commentary score behind it, and the markers and
    features that decided it (largest contributions first, for the explanation)."""

    genre: str
    score: float
    reasons: tuple[str, ...] = ()

    @property
    def discusses(self) -> bool:
        """An opinion, analysis or other commentary: it attaches to a story."""
        return self.genre in DISCUSSING


@dataclass(frozen=True, slots=True)
class GenreWeights:
    bias: float
    weights: dict[str, float]
    threshold: float
    provenance: str = ""


@cache
def load_weights() -> GenreWeights:
    """The shipped weights (``understand/data/genre_weights.yaml``)."""
    text = resources.files("rashomon.understand").joinpath("data/genre_weights.yaml")
    data: dict[str, Any] = yaml.safe_load(text.read_text("utf-8"))
    return GenreWeights(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        threshold=float(data["threshold"]),
        provenance=str(data.get("provenance", "")),
    )


def genre_features(title: str, url: str | None, text: str) -> dict[str, float]:
    """The classifier's inputs for one article: markers (0 or 1) and rates (per 100
    words, outside quotation marks, squashed with log1p so one long rant does not
    dominate)."""
    url = url or ""
    opening = text[:OPENING_CHARS]
    own = _QUOTED.sub(" ", opening)
    words = [w.lower().replace("’", "'") for w in _WORD.findall(own)]
    total = max(len(words), 1)
    sentences = max(len(_SENTENCE_END.findall(own)), 1)

    def rate(vocabulary: frozenset[str]) -> float:
        return math.log1p(100 * sum(w in vocabulary for w in words) / total)

    quoted_chars = sum(len(m.group(0)) for m in _QUOTED.finditer(opening))
    return {
        "url_opinion": float(bool(_URL_OPINION.search(url))),
        "url_analysis": float(bool(_URL_ANALYSIS.search(url))),
        "title_opinion": float(bool(_TITLE_OPINION.search(title))),
        "title_analysis": float(bool(_TITLE_ANALYSIS.search(title))),
        "title_question": float(title.rstrip().endswith("?")),
        "title_first_person": float(
            any(w.lower() in _FIRST_SINGULAR | _FIRST_PLURAL for w in _WORD.findall(title))
        ),
        "title_why_how": float(bool(re.match(r"\s*(?:why|how|what|the case)\b", title, re.I))),
        "dateline": float(bool(_DATELINE.match(opening))),
        "wire": float(bool(_WIRE.search(opening[:400]))),
        "bio": float(bool(_BIO.search(text[-ENDING_CHARS:]) or _BIO.search(text[:300]))),
        "first_singular": rate(_FIRST_SINGULAR),
        "first_plural": rate(_FIRST_PLURAL),
        "second_person": rate(_SECOND),
        "obligation": rate(_OBLIGATION),
        "evaluative": rate(_EVALUATIVE),
        "attribution": math.log1p(sum(w in _ATTRIBUTION for w in words) / sentences),
        "hedge": rate(_HEDGE),
        "questions": math.log1p(own.count("?") / sentences * 10),
        "quoted_share": quoted_chars / max(len(opening), 1),
    }


def classify_genre(
    title: str, url: str | None, text: str, weights: GenreWeights | None = None
) -> GenreCall:
    """The genre of one article (see the module's decisions)."""
    weights = weights or load_weights()
    features = genre_features(title, url, text)
    contributions = {k: weights.weights.get(k, 0.0) * v for k, v in features.items()}
    logit = weights.bias + sum(contributions.values())
    score = 1 / (1 + math.exp(-max(min(logit, 40.0), -40.0)))
    reasons = tuple(
        k for k, v in sorted(contributions.items(), key=lambda kv: -abs(kv[1])) if abs(v) >= 0.5
    )[:4]
    if _TITLE_LIVE.search(title):
        return GenreCall(LIVE, score, ("title_live",))
    if _TITLE_ROUNDUP.search(title):
        return GenreCall(ROUNDUP, score, ("title_roundup",))
    if score < weights.threshold:
        if _TITLE_EXPLAINER.search(title):
            return GenreCall(EXPLAINER, score, ("title_explainer",))
        return GenreCall(REPORT, score, reasons)
    if features["url_opinion"] or features["title_opinion"] or features["bio"]:
        return GenreCall(OPINION, score, reasons)
    if features["url_analysis"] or features["title_analysis"]:
        return GenreCall(ANALYSIS, score, reasons)
    return GenreCall(COMMENTARY, score, reasons)
