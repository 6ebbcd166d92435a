"""Quote attribution ("who said what") on PolNeAR, with the issue's span-overlap scoring.

PolNeAR (Newell, Margolin & Ruths, LREC 2018; ../shared/datasets/polnear) annotates
every attribution in 924 news articles as Source, Cue and Content spans (brat
standoff). This script runs :func:`rashomon.understand.quotes.find_quotes` on each
article's text and scores:

- **content span overlap**: a predicted content matches a gold one when their
  character overlap is at least half of the shorter span (each gold and each
  prediction matched at most once, best overlap first). P = matched predictions /
  predictions, R = matched gold / gold; reported for direct quotations, indirect
  attributions and all.
- **speaker attribution**: a prediction is correct when it
  matches a gold content and its speaker span overlaps the gold source span. P =
  correct / predictions that name a speaker, R = correct / gold attributions with a
  source. A prediction without a speaker makes no claim: it costs recall, never
  precision.

A gold attribution is **direct** when at least half of its content's characters lie
between quotation marks (straight or curly double quotes, paired within a paragraph).
Articles annotated twice are scored on the first annotator's file (sorted by name).

Run: ``python benchmarks/polnear_quotes.py --split dev [--write docs/quality.md]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "datasets" / "polnear" / "data"
_QUOTED = re.compile(r"[“\"][^”\"\n]*[”\"]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class GoldAttribution:
    content: Span
    source: Span | None
    cue: Span | None
    kind: str  # "direct" | "indirect"


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def _spans(field_text: str) -> Span:
    pieces = [tuple(int(x) for x in part.split()) for part in field_text.split(";")]
    return Span(min(p[0] for p in pieces), max(p[1] for p in pieces))


def _kind(text: str, content: Span) -> str:
    quoted = sum(
        max(0, min(m.end(), content.end) - max(m.start(), content.start))
        for m in _QUOTED.finditer(text)
    )
    return "direct" if quoted * 2 >= content.end - content.start else "indirect"


def load_split(split: str, root: Path = POLNEAR) -> list[GoldArticle]:
    folder = root / split
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    articles = []
    for stem, ann in sorted(chosen.items()):
        text_path = folder / "text" / f"{stem}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        spans: dict[str, Span] = {}
        events: list[dict[str, str]] = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                _label, _, where = parts[1].partition(" ")
                spans[parts[0]] = _spans(where)
            elif line.startswith("E") and len(parts) >= 2:
                events.append(dict(role.split(":", 1) for role in parts[1].split()))
        found = []
        for event in events:
            content = spans.get(event.get("Content", ""))
            if content is None:
                continue
            found.append(
                GoldAttribution(
                    content=content,
                    source=spans.get(event.get("Source", "")),
                    cue=spans.get(event.get("Cue", "")),
                    kind=_kind(text, content),
                )
            )
        articles.append(GoldArticle(stem, text, tuple(found)))
    return articles


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    matched_predicted: int = 0
    matched_gold: int = 0
    with_speaker: int = 0
    gold_with_source: int = 0
    speaker_correct: int = 0
    speaker_correct_p: int = 0
    misses: list[str] = field(default_factory=list)

    def prf(self, correct_p: int, total_p: int, correct_r: int, total_r: int) -> str:
        p = correct_p / total_p if total_p else 0.0
        r = correct_r / total_r if total_r else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{p:.3f} | {r:.3f} | {f:.3f}"

    def content(self) -> str:
        return self.prf(self.matched_predicted, self.predicted, self.matched_gold, self.gold)

    def speaker(self) -> str:
        return self.prf(
            self.speaker_correct_p, self.with_speaker, self.speaker_correct, self.gold_with_source
        )


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def score_article(
    article: GoldArticle, predicted: Sequence[object], counts: dict[str, Counts]
) -> None:
    preds = [
        (
            Span(p.start, p.end),  # type: ignore[attr-defined]
            None
            if p.speaker_start is None  # type: ignore[attr-defined]
            else Span(p.speaker_start, p.speaker_end),  # type: ignore[attr-defined]
            str(p.kind),  # type: ignore[attr-defined]
        )
        for p in predicted
    ]
    # A prediction matches the gold content it overlaps most, if the overlap is at least
    # half of the shorter span. PolNeAR joins the pieces of one statement ("…," he said,
    # "…" and the paragraphs that continue it) into one discontinuous content, so several
    # predictions may match one gold attribution; each prediction matches at most one.
    match_of: dict[int, int] = {}
    for pi, (content, _speaker, _kind) in enumerate(preds):
        best = None
        for gi, gold in enumerate(article.attributions):
            shared = _overlap(gold.content, content)
            shorter = min(gold.content.end - gold.content.start, content.end - content.start)
            if shorter > 0 and shared * 2 >= shorter and (best is None or shared > best[0]):
                best = (shared, gi)
        if best is not None:
            match_of[pi] = best[1]

    def right_speaker(pi: int) -> bool:
        speaker = preds[pi][1]
        gold = article.attributions[match_of[pi]] if pi in match_of else None
        return (
            gold is not None
            and speaker is not None
            and gold.source is not None
            and _overlap(speaker, gold.source) > 0
        )

    for kind in ("direct", "indirect", "all"):
        c = counts[kind]
        for pi, (_content, speaker, pkind) in enumerate(preds):
            if kind in (pkind, "all"):
                c.predicted += 1
                c.matched_predicted += pi in match_of
                c.with_speaker += speaker is not None
                c.speaker_correct_p += right_speaker(pi)
        for gi, gold in enumerate(article.attributions):
            if kind not in (gold.kind, "all"):
                continue
            c.gold += 1
            c.gold_with_source += gold.source is not None
            mine = [pi for pi, g in match_of.items() if g == gi]
            c.matched_gold += bool(mine)
            good = any(right_speaker(pi) for pi in mine)
            c.speaker_correct += good
            if not good and gold.source is not None and kind == gold.kind and len(c.misses) < 60:
                found = [preds[pi][1] for pi in mine]
                said = [article.text[s.start : s.end] if s else None for s in found]
                c.misses.append(
                    f"{article.name}: source {article.text[gold.source.start : gold.source.end]!r}"
                    f" — found {said!r}"
                )


def evaluate(split: str, limit: int | None = None) -> dict[str, Counts]:
    from rashomon.understand.nlp import load_model
    from rashomon.understand.quotes import find_quotes

    nlp = load_model()
    articles = load_split(split)[:limit]
    counts: dict[str, Counts] = defaultdict(Counts)
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for article, doc in zip(articles, docs, strict=True):
        score_article(article, find_quotes(doc), counts)
    return counts


def table(split: str, counts: dict[str, Counts]) -> str:
    lines = [
        f"PolNeAR {split}: {counts['all'].gold} attributions"
        f" ({counts['direct'].gold} direct, {counts['indirect'].gold} indirect).",
        "",
        "| kind | content P | R | F1 | speaker P | R | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in ("direct", "indirect", "all"):
        lines.append(f"| {kind} | {counts[kind].content()} | {counts[kind].speaker()} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--misses", action="store_true", help="List speaker misses.")
    parser.add_argument("--limit", type=int, help="Only the first N articles (development).")
    args = parser.parse_args(argv)
    if not POLNEAR.is_dir():
        print(f"PolNeAR is not here ({POLNEAR}); it lives beside the repository", file=sys.stderr)
        return 2
    counts = evaluate(args.split, args.limit)
    print(table(args.split, counts))
    if args.misses:
        for kind in ("direct", "indirect"):
            print(f"\n{kind} speaker misses:")
            print("\n".join(counts[kind].misses))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
