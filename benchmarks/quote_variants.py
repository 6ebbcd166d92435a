"""Quote variants on gold written by reading: one statement as several articles render it.

Gold: ``tests/gold/quote_variants_newswcl50.yaml`` (NewsWCL50, 10 real events × 5 US
outlets) and ``tests/gold/quote_variants_demo.yaml`` (the demo corpus), each written
by a reader who had not seen rashomon's output. A gold *statement* lists its variants
(the words each article gives, quoted or reported) and the differences between them;
every other quotation is listed as a single-article quote.

Each gold event is compared with exactly its articles. A rendering of rashomon's is
matched to the gold variant (or single quote) whose words overlap it in the same
article. Then:

* **grouping precision**: of the pairs of renderings rashomon puts in one statement,
  those whose two sides match variants of one gold statement; a side matching a
  single-article quote or another statement makes the pair wrong; a side matching
  nothing in the gold leaves the pair unjudged (listed);
* **grouping recall**: of the gold pairs of variants (two articles, both English, so
  both read), those rashomon puts in one statement;
* **meaning differences**: each gold difference of type ``meaning`` between two
  articles is found when rashomon's statement holding both reports a change of
  meaning between them; rashomon's reported changes of meaning that the gold does not
  hold are listed for reading.

    python benchmarks/quote_variants.py [--wcl-db PATH] [--no-write]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from compare_newswcl50 import DATA, OUTLETS, analysed, article_id  # noqa: E402
from compare_quality import analysed as analysed_corpus  # noqa: E402
from docs_section import write_section  # noqa: E402
from rashomon.compare.pipeline import (  # noqa: E402
    Comparer,
    StoryMaterial,
    load_records,
    material_of,
)
from rashomon.compare.referents import referents  # noqa: E402
from rashomon.compare.variants import statements  # noqa: E402
from rashomon.model import DifferenceKind, Statement, Story, StoryDate  # noqa: E402
from rashomon.store import Store  # noqa: E402

GOLD = REPO / "tests" / "gold"
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().lower()


@dataclass(frozen=True)
class Spot:
    """Gold words located in a stored article: (article, start, end) of the
    normalised text, and what they belong to."""

    article: str
    start: int
    end: int
    statement: str | None  # None: a single-article quote


@dataclass
class Event:
    name: str
    articles: list[str]
    spots: list[Spot] = field(default_factory=list)
    pairs: set[tuple[Spot, Spot]] = field(default_factory=set)
    meaning: list[tuple[str, str, str, str]] = field(default_factory=list)  # stmt, art a, b, note


@dataclass
class Tally:
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)
    gold_pairs: int = 0
    found_pairs: int = 0
    readable_pairs: int = 0  # gold pairs whose two variants were both read as quotes
    missed: list[str] = field(default_factory=list)
    meaning_gold: int = 0
    meaning_found: list[str] = field(default_factory=list)
    meaning_missed: list[str] = field(default_factory=list)
    meaning_extra: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = self.right + len(self.wrong)
        return self.right / judged if judged else float("nan")

    @property
    def recall(self) -> float:
        return self.found_pairs / self.gold_pairs if self.gold_pairs else float("nan")


class Texts:
    def __init__(self, store: Store) -> None:
        self.raw = {a.id: a.text for a in store.iter_articles()}
        self.outlet = {a.id: a.outlet or "" for a in store.iter_articles()}
        self.english = {a.id for a in store.iter_articles() if a.is_english}
        self.quotes = {
            a.article_id: [(q.start, q.end) for q in a.quotes]
            for a in store.annotations(list(self.raw))
        }
        self.norm: dict[str, tuple[str, list[int]]] = {}

    def normalised(self, article: str) -> tuple[str, list[int]]:
        """The article's text normalised as the gold is, with each character's offset
        in the stored text."""
        if article not in self.norm:
            raw, out, where = self.raw[article].translate(_QUOTES), [], []
            space = False
            for k, ch in enumerate(raw):
                if ch.isspace():
                    if not space and out:
                        out.append(" ")
                        where.append(k)
                    space = True
                    continue
                space = False
                out.append(ch.lower())
                where.append(k)
            self.norm[article] = ("".join(out), where)
        return self.norm[article]

    def find(self, article: str, words: str) -> tuple[int, int] | None:
        text, where = self.normalised(article)
        probe = _norm(words)
        at = text.find(probe)
        if at < 0 or not probe:
            return None
        return where[at], where[at + len(probe) - 1] + 1


def _spot(
    texts: Texts,
    event: Event,
    articles: Iterable[str],
    words: str,
    *,
    stmt: str | None,
    tally: Tally,
) -> Spot | None:
    for article in articles:
        span = texts.find(article, words)
        if span is not None:
            spot = Spot(article, *span, stmt)
            event.spots.append(spot)
            return spot
    tally.lost.append(f"{event.name}: {words[:60]}")
    return None


def _gold_event(
    texts: Texts, name: str, keyed: dict[str, list[str]], body: dict[str, Any], tally: Tally
) -> Event:
    """``keyed``: the stored articles each gold key (outlet or article key) may be."""
    event = Event(name, sorted({a for ids in keyed.values() for a in ids}))
    for st in body.get("statements") or []:
        found: list[tuple[str, Spot]] = []
        for v in st.get("variants") or []:
            key = v.get("article") or v.get("outlet")
            spot = _spot(texts, event, keyed.get(key, []), v["words"], stmt=st["id"], tally=tally)
            if spot is not None:
                found.append((key, spot))
        for (_, a), (_, b) in combinations(found, 2):
            if a.article != b.article and a.article in texts.english and b.article in texts.english:
                event.pairs.add((a, b))
        keys = dict(found)
        for d in st.get("differences") or []:
            ka, kb = d["between"]
            if d["type"] == "meaning" and ka in keys and kb in keys:
                a, b = keys[ka], keys[kb]
                if a.article in texts.english and b.article in texts.english:
                    event.meaning.append((st["id"], a.article, b.article, d.get("note", "")))
    for q in body.get("single_outlet_quotes") or []:
        key = q.get("article") or q.get("outlet")
        _spot(texts, event, keyed.get(key, []), q["words"], stmt=None, tally=tally)
    return event


def _overlaps(spot: Spot, article: str, start: int, end: int) -> bool:
    return spot.article == article and spot.start < end and start < spot.end


def score(event: Event, found: Sequence[Statement], texts: Texts, tally: Tally) -> None:
    """Tally rashomon's statements of one event against its gold (see the module)."""

    def spots(article: str, start: int, end: int) -> list[Spot]:
        """The gold spots a rendering covers: a quotation running over two sentences
        the gold gives as two statements covers both."""
        return [s for s in event.spots if _overlaps(s, article, start, end)]

    def show(article: str, start: int, end: int) -> str:
        return f"{article}: “{texts.raw[article][start:end][:70]}”"

    extracted = _read_spots(event, texts, found)
    grouped: set[frozenset[Spot]] = set()
    for st in found:
        rs = st.renderings
        for a, b in combinations(rs, 2):
            if a.article == b.article:
                continue
            sa, sb = spots(a.article, a.start, a.end), spots(b.article, b.start, b.end)
            same = [
                frozenset((x, y))
                for x in sa
                for y in sb
                if x.statement is not None and x.statement == y.statement
            ]
            line = (
                f"{event.name}: {show(a.article, a.start, a.end)} ~ "
                f"{show(b.article, b.start, b.end)}"
            )
            if same:
                tally.right += 1
                grouped.update(same)
            elif not sa or not sb:
                tally.unjudged.append(line)
            else:
                tally.wrong.append(line)
        _score_meaning(event, st, spots, tally)
    for a, b in sorted(
        event.pairs, key=lambda p: (p[0].article, p[0].start, p[1].article, p[1].start)
    ):
        tally.gold_pairs += 1
        if frozenset((a, b)) in grouped:
            tally.found_pairs += 1
        else:
            read = "both read as quotes" if {a, b} <= extracted else "not both read as quotes"
            tally.missed.append(
                f"{event.name} {a.statement} ({read}): {show(a.article, a.start, a.end)} ~ "
                f"{show(b.article, b.start, b.end)}"
            )
        tally.readable_pairs += {a, b} <= extracted
    found_keys = set(tally.meaning_found)
    for m in event.meaning:
        tally.meaning_gold += 1
        if f"{m[0]} {m[1]}~{m[2]}" not in found_keys and f"{m[0]} {m[2]}~{m[1]}" not in found_keys:
            tally.meaning_missed.append(f"{event.name} {m[0]} {m[1]}~{m[2]}: {m[3]}")


def _read_spots(event: Event, texts: Texts, found: Sequence[Statement]) -> set[Spot]:
    """The gold spots some quote of the event's articles covers (grouped or not)."""
    return {
        s
        for s in event.spots
        for article, quotes in texts.quotes.items()
        if article == s.article
        for start, end in quotes
        if s.start < end and start < s.end
    }


def _score_meaning(event: Event, st: Statement, spots: Any, tally: Tally) -> None:
    rs = st.renderings
    for d in st.differences:
        if d.kind is not DifferenceKind.MEANING:
            continue
        a, b = rs[d.a], rs[d.b]
        statements_a = {x.statement for x in spots(a.article, a.start, a.end)}
        statements_b = {x.statement for x in spots(b.article, b.start, b.end)}
        wanted = [
            m
            for m in event.meaning
            if m[0] in statements_a & statements_b and {m[1], m[2]} == {a.article, b.article}
        ]
        line = f"{event.name}: {d.a_words!r} / {d.b_words!r} ({d.note})"
        if wanted:
            tally.meaning_found.append(f"{wanted[0][0]} {wanted[0][1]}~{wanted[0][2]}")
        else:
            tally.meaning_extra.append(line)


def _compare(
    store: Store, comparer: Comparer, name: str, members: Sequence[str]
) -> list[Statement]:
    story = Story(f"gold-{name}", name, StoryDate(None, None, "none"), tuple(members), ())
    (records,) = load_records(store, [story])
    material: StoryMaterial = material_of(records, comparer)
    similarity = comparer.similarity()
    return statements(material.readings, similarity, referents(material.readings, similarity))


def newswcl50(db: Path, comparer: Comparer, tally: Tally) -> None:
    gold = yaml.safe_load((GOLD / "quote_variants_newswcl50.yaml").read_text("utf-8"))["events"]
    store = analysed(db)
    texts = Texts(store)
    for name, body in gold.items():
        keyed = {o: [article_id(name, o)] for o in OUTLETS}
        event = _gold_event(texts, f"wcl-{name}", keyed, body, tally)
        score(event, _compare(store, comparer, name, event.articles), texts, tally)


def demo(folder: Path, comparer: Comparer, tally: Tally) -> None:
    gold = yaml.safe_load((GOLD / "quote_variants_demo.yaml").read_text("utf-8"))
    store = analysed_corpus(REPO / "examples" / "corpus", folder)
    texts = Texts(store)
    by_outlet: dict[str, list[str]] = {}
    for article, outlet in texts.outlet.items():
        by_outlet.setdefault(outlet, []).append(article)
    events: dict[str, dict[str, list[str]]] = {}
    for entry in gold["articles"]:
        events.setdefault(entry["event"], {})[entry["key"]] = by_outlet.get(entry["outlet"], [])
    for name, keyed in events.items():
        body = {
            "statements": [s for s in gold["statements"] if s["event"] == name],
            "single_outlet_quotes": [
                q for q in gold.get("single_outlet_quotes") or [] if q["article"] in keyed
            ],
        }
        event = _gold_event(texts, f"demo-{name}", keyed, body, tally)
        members = sorted({s.article for s in event.spots})
        score(event, _compare(store, comparer, name, members), texts, tally)


def report(tallies: dict[str, Tally]) -> str:
    lines = [
        "| corpus | grouping P | right / judged | unjudged | grouping R | pairs found / gold "
        "| gold pairs both read as quotes | meaning differences found "
        "| meaning differences not in the gold |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t in tallies.items():
        judged = t.right + len(t.wrong)
        found_meaning = t.meaning_gold - len(t.meaning_missed)
        lines.append(
            f"| {name} | {t.precision:.2f} | {t.right}/{judged} | {len(t.unjudged)} | "
            f"{t.recall:.2f} | {t.found_pairs}/{t.gold_pairs} | {t.readable_pairs} | "
            f"{found_meaning}/{t.meaning_gold} "
            f"| {len(t.meaning_extra)} |"
        )
    for name, t in tallies.items():
        for title, items in (
            ("wrong groupings", t.wrong),
            ("unjudged groupings", t.unjudged),
            ("missed pairs", t.missed),
            ("missed meaning differences", t.meaning_missed),
            ("meaning differences the gold does not hold", t.meaning_extra),
            ("gold words not found in the stored text", t.lost),
        ):
            if items:
                lines += ["", f"**{name}, {title}** ({len(items)}):", ""]
                lines += [f"- {item}" for item in items]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wcl-db", type=Path, default=None, help="keep the NewsWCL50 store here")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    comparer = Comparer.load()
    tallies: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if (GOLD / "quote_variants_newswcl50.yaml").exists() and DATA.is_dir():
            tallies["NewsWCL50"] = Tally()
            newswcl50(args.wcl_db or Path(tmp) / "wcl.db", comparer, tallies["NewsWCL50"])
        tallies["demo corpus"] = Tally()
        demo(Path(tmp), comparer, tallies["demo corpus"])
    text = report(tallies)
    print(text)
    if not args.no_write:
        write_section(
            "quality.md",
            "quote-variants",
            "## Quote variants: one statement, several renderings (issue 16)\n\n"
            "Reproduce: `python benchmarks/quote_variants.py`. Gold written by reading, "
            "before rashomon grouped any quotes.\n\n" + text,
        )


if __name__ == "__main__":
    main()
