"""Referents on real news: NewsWCL50's concept annotations (issue 16).

NewsWCL50 (Hamborg et al., JCDL 2019) codes every mention of each event's main
actors, countries, groups, objects and actions in five outlets' articles and
resolves it to a *concept* ("Kim Jong Un", "the North Korean dictator", "Mr. Kim" →
``PRK\\Jong Un``). rashomon's referents of each event (its five articles as one
story) are scored against them:

* a gold mention is **found** when a label of rashomon's covers at least half of its
  characters and lies at least half inside it (the best such label is taken);
* **concept F1** (the measure Hamborg 2019 reports, F1 45.7 for their best method):
  for each gold concept, the referent holding most of its found mentions; precision
  = the share of that referent's found gold mentions that are of the concept,
  recall = the share of the concept's gold mentions in it; averaged over concepts,
  weighted by their number of mentions (and unweighted, for reference);
* **B³** over all gold mentions (a mention not found is a cluster of its own).

Annotations of kind PROPERTY (a concept's qualities, not mentions of it) are left
out. Events 0-4 are the development half (rules were written reading them); events
5-9 are held out and only their figures are read.

    python benchmarks/newswcl50_referents.py [--db PATH] [--no-write] [--misses EVENT]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from compare_newswcl50 import DATA, OUTLETS, analysed, article_file, article_id  # noqa: E402
from docs_section import write_section  # noqa: E402
from rashomon.compare.pipeline import Comparer, load_material  # noqa: E402
from rashomon.compare.referents import referents  # noqa: E402
from rashomon.model import Referent, Story, StoryDate  # noqa: E402
from rashomon.store import Store  # noqa: E402

DEVELOPMENT = ("0", "1", "2", "3", "4")
HELD_OUT = ("5", "6", "7", "8", "9")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})


@dataclass(frozen=True)
class GoldMention:
    event: str
    outlet: str
    concept: str  # "ACTOR:USA\\Trump"
    kind: str
    text: str
    start: int
    end: int


def _norm(text: str) -> str:
    return text.translate(_QUOTES).replace("''", '"').lower()


def gold_mentions(texts: dict[str, str]) -> tuple[list[GoldMention], list[str]]:
    """The gold mentions located in the stored text of each article, and those that
    could not be (the headline, which the stored text keeps apart, or words the
    gathered text does not hold)."""
    found, lost = [], []
    for path in sorted((DATA / "2-matched").glob("event_*/orientation_*/*_annotations.csv")):
        event, outlet = path.name.removesuffix("_annotations.csv").split("_")
        text = texts.get(article_id(event, outlet), "")
        low = _norm(text)
        paragraphs = _paragraph_spans(article_file(event, outlet).read_text("utf-8"), low)
        used: set[tuple[int, int]] = set()
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["code_type"] == "PROPERTY":
                    continue
                words = _norm(row["code_mention"]).strip().strip('"').strip()
                span = _locate(low, words, paragraphs.get(int(row["paragraph"])), used)
                concept = f"{row['code_type']}:{row['code_name']}"
                if span is None:
                    lost.append(f"{event}/{outlet}: {row['code_mention']}")
                    continue
                used.add(span)
                found.append(GoldMention(event, outlet, concept, row["code_type"], words, *span))
    return found, lost


def _paragraph_spans(raw: str, low: str) -> dict[int, tuple[int, int]]:
    """Where each paragraph of the gathered file (one a line) sits in the stored text."""
    spans = {}
    at = 0
    for k, paragraph in enumerate(p for p in raw.split("\n") if p.strip()):
        probe = _norm(paragraph.strip())[:60]
        where = low.find(probe, at)
        if where >= 0:
            spans[k] = (where, where + len(_norm(paragraph.strip())))
            at = where
    return spans


def _locate(
    low: str, words: str, paragraph: tuple[int, int] | None, used: set[tuple[int, int]]
) -> tuple[int, int] | None:
    if not words:
        return None
    hits = [m.start() for m in re.finditer(re.escape(words), low)]
    if paragraph is not None:
        inside = [h for h in hits if paragraph[0] <= h < paragraph[1]]
        hits = inside or hits
    for h in hits:
        if (h, h + len(words)) not in used:
            return h, h + len(words)
    return (hits[0], hits[0] + len(words)) if hits else None


# -- scoring ------------------------------------------------------------------------------


def matched(gold: Sequence[GoldMention], found: Sequence[Referent]) -> dict[GoldMention, str]:
    """Each gold mention's referent, through the label best covering it."""
    by_article: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for referent in found:
        for label in referent.labels:
            by_article[label.article].append((label.start, label.end, referent.id))
    result = {}
    for g in gold:
        best, best_overlap = None, 0.0
        for start, end, rid in by_article.get(article_id(g.event, g.outlet), ()):
            inter = min(end, g.end) - max(start, g.start)
            if inter <= 0:
                continue
            cover = min(inter / (g.end - g.start), inter / (end - start))
            if cover >= 0.5 and cover > best_overlap:
                best, best_overlap = rid, cover
        if best is not None:
            result[g] = best
    return result


@dataclass
class Scores:
    mentions: int
    found: int
    weighted_f1: float
    macro_f1: float
    b3_p: float
    b3_r: float

    @property
    def b3_f1(self) -> float:
        p, r = self.b3_p, self.b3_r
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[GoldMention], found: dict[GoldMention, str]) -> Scores:
    concepts: dict[tuple[str, str], list[GoldMention]] = defaultdict(list)
    for g in gold:
        concepts[(g.event, g.concept)].append(g)
    holders: dict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for g, rid in found.items():
        holders[(g.event, rid)][(g.event, g.concept)] += 1
    f1s: list[tuple[float, int]] = []
    for key, members in concepts.items():
        where = Counter(found[g] for g in members if g in found)
        if not where:
            f1s.append((0.0, len(members)))
            continue
        rid, hits = where.most_common(1)[0]
        p = hits / sum(holders[(key[0], rid)].values())
        r = hits / len(members)
        f1s.append((2 * p * r / (p + r), len(members)))
    total = sum(n for _, n in f1s)
    weighted = sum(f * n for f, n in f1s) / total if total else 0.0
    macro = sum(f for f, _ in f1s) / len(f1s) if f1s else 0.0
    # B³: each mention's cluster (its referent, or itself) against its concept
    cluster: dict[GoldMention, tuple[str, ...]] = {
        g: (g.event, found[g]) if g in found else (g.event, "alone", str(id(g))) for g in gold
    }
    members_of: dict[tuple[str, ...], list[GoldMention]] = defaultdict(list)
    for g, c in cluster.items():
        members_of[c].append(g)
    p_sum = r_sum = 0.0
    for g in gold:
        same_cluster = members_of[cluster[g]]
        same_concept = concepts[(g.event, g.concept)]
        both = sum(1 for h in same_cluster if h.concept == g.concept)
        p_sum += both / len(same_cluster)
        r_sum += both / len(same_concept)
    n = len(gold) or 1
    return Scores(len(gold), len(found), weighted, macro, p_sum / n, r_sum / n)


def story_of(event: str, store: Store) -> Story:
    members = tuple(article_id(event, o) for o in OUTLETS)
    held = [s for s in store.story_store.stories() if set(s.articles) & set(members)]
    main = max(held, key=lambda s: len(set(s.articles) & set(members)), default=None)
    return Story(
        id=f"newswcl50-{event}",
        title=f"event {event}",
        date=main.date if main else StoryDate(None, None, "none"),
        articles=members,
        completions=tuple(c for s in held for c in s.completions if c.article in members),
    )


def report(gold: Sequence[GoldMention], found: dict[GoldMention, str], lost: list[str]) -> str:
    lines = [
        "| events | kind | gold mentions | found | concept F1 (weighted) | concept F1 "
        "(macro) | B³ P | B³ R | B³ F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    kinds = sorted({g.kind for g in gold})
    for name, events in (("held out 5-9", HELD_OUT), ("development 0-4", DEVELOPMENT)):
        for kind in ("all", *kinds):
            part = [g for g in gold if g.event in events and kind in ("all", g.kind)]
            s = score(part, {g: r for g, r in found.items() if g in set(part)})
            lines.append(
                f"| {name} | {kind} | {s.mentions} | {s.found} | {s.weighted_f1:.3f} | "
                f"{s.macro_f1:.3f} | {s.b3_p:.3f} | {s.b3_r:.3f} | {s.b3_f1:.3f} |"
            )
    lines.append("")
    lines.append(
        f"{len(lost)} gold mentions could not be placed in the stored text (most are in "
        "headlines, which the stored text keeps as the title) and are not counted."
    )
    return "\n".join(lines)


def misses(event: str, gold: Iterable[GoldMention], found: dict[GoldMention, str]) -> str:
    """For reading (development events only): each concept's mentions and where they went."""
    by_concept: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        if g.event == event:
            by_concept[g.concept].append(g)
    out = []
    for concept, members in sorted(by_concept.items(), key=lambda kv: -len(kv[1])):
        where = Counter(found.get(g, "-") for g in members)
        out.append(f"{concept} ({len(members)}): {dict(where.most_common(6))}")
        lost = Counter(f"{g.outlet}:{g.text}" for g in members if g not in found)
        if lost:
            out.append("   not found: " + "; ".join(f"{t}×{n}" for t, n in lost.most_common(12)))
    return "\n".join(out)


TABLE_ROWS = 8
TABLE_CELL = 4


def _md(text: str) -> str:
    """Article words as a Markdown table cell: pipes, asterisks, brackets and line
    breaks cannot break the table or format it."""
    for ch in "\\|*_[]`<>#":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def tables(store: Store, comparer: Comparer) -> str:
    """For each event, the referents its outlets name in more than one way, with the
    words each outlet uses ("(q)": inside a quotation or reported speech)."""
    out = []
    for event in (*DEVELOPMENT, *HELD_OUT):
        material = load_material(store, story_of(event, store), comparer)
        found = referents(material.readings, comparer.similarity())
        worded = [
            r
            for r in found
            if len({lb.article for lb in r.labels}) >= 2
            and len({lb.text.lower() for lb in r.labels}) >= 2
        ][:TABLE_ROWS]
        out += [
            f"**Event {event}**",
            "",
            "| referent | " + " | ".join(OUTLETS) + " |",
            "|---|" + "---|" * len(OUTLETS),
        ]
        for r in worded:
            cells = []
            for code in OUTLETS:
                words: list[str] = []
                described_first = sorted(r.labels, key=lambda lb: lb.how == "name")
                for lb in described_first:
                    if lb.article == article_id(event, code):
                        shown = lb.text + (" (q)" if lb.voice.value == "quoted" else "")
                        if shown not in words:
                            words.append(shown)
                cells.append("; ".join(_md(w) for w in words[:TABLE_CELL]) or "·")
            out.append(f"| {_md(r.name)} ({r.id}) | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="keep the analysed store here")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--misses", default=None, help="list a development event's concepts")
    parser.add_argument(
        "--tables", action="store_true", help="write each event's referent x outlet table"
    )
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} not found: this benchmark needs the NewsWCL50 data set")
    with tempfile.TemporaryDirectory() as tmp:
        store = analysed(args.db or Path(tmp) / "newswcl50.db")
        texts = {a.id: a.text for a in store.iter_articles()}
        gold, lost = gold_mentions(texts)
        comparer = Comparer.load()
        found: dict[GoldMention, str] = {}
        for event in (*DEVELOPMENT, *HELD_OUT):
            material = load_material(store, story_of(event, store), comparer)
            event_gold = [g for g in gold if g.event == event]
            found.update(matched(event_gold, referents(material.readings, comparer.similarity())))
        label_tables = tables(store, comparer) if args.tables else ""
    if label_tables and not args.no_write:
        write_section(
            "quality.md",
            "referent-tables-newswcl50",
            "## How each outlet names them: NewsWCL50's ten events (issue 16)\n\n"
            "Reproduce: `python benchmarks/newswcl50_referents.py --tables`. For each event, "
            f"up to {TABLE_ROWS} referents two or more outlets name in more than one way, "
            f"and up to {TABLE_CELL} of the words each outlet uses; (q): inside a quotation "
            "or reported speech. Outlets: LL HuffPost, L New York Times, M USA Today, "
            "R Fox News, RR Breitbart.\n\n" + label_tables,
        )
    if args.misses is not None:
        if args.misses not in DEVELOPMENT:
            raise SystemExit("--misses reads development events only (0-4)")
        print(misses(args.misses, gold, found))
        return
    text = report(gold, found, lost)
    print(text)
    if not args.no_write:
        write_section(
            "quality.md",
            "referents-newswcl50",
            "## Referents on real news: NewsWCL50 concepts (issue 16)\n\n"
            "Reproduce: `python benchmarks/newswcl50_referents.py`. Published reference: "
            "F1 45.7 (Hamborg et al. 2019, their best method).\n\n" + text,
        )


if __name__ == "__main__":
    main()
