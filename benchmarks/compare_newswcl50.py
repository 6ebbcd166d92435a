"""The compare stage on real news: NewsWCL50 (10 events x 5 US outlets, April 2018).

Gold: ``tests/gold/compare_newswcl50.yaml``, written by a reader who had not seen
rashomon's output, before rashomon ran on these articles. Every gold item is tied to
each outlet's article by an *anchor*: 4-10 words copied from one sentence. A finding
of rashomon's is matched to a gold item when the sentence its evidence cites holds
that item's anchor in that outlet's article.

Each event is compared with exactly its five articles (the grouping is scored
elsewhere), so the figures are the compare stage's own:

* **contradictions**: a raised discrepancy is right when two of its sides cite
  anchors of two different sides of one gold disagreement; recall is over the gold
  disagreements. Every false alarm is listed, marked when the gold names it as a
  look-alike.
* **omissions**: each "left out by X" or "only in Y" is checked against the gold fact
  its evidence cites: right when the gold marks X (every outlet but Y) absent, wrong
  when the gold gives X an anchor. Findings whose fact the gold does not hold are
  counted as *unjudged* and listed for reading.
* **alignment**: for each gold fact, every pair of outlets that state it; a pair is
  recalled when one rashomon fact cites both outlets' anchored sentences.

    python benchmarks/compare_newswcl50.py [--db PATH] [--no-write] [--show N]

``--db`` keeps the analysed store between runs (it is rebuilt when missing).
Needs ``../shared/datasets/newswcl50``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "datasets" / "newswcl50"
GOLD = REPO / "tests" / "gold" / "compare_newswcl50.yaml"
sys.path.insert(0, str(REPO / "benchmarks"))

from docs_section import write_section  # noqa: E402
from rashomon.compare.pipeline import Comparer, compare, load_material  # noqa: E402
from rashomon.model import Comparison, Evidence, Story, StoryDate  # noqa: E402
from rashomon.store import Store  # noqa: E402

OUTLETS = {
    "LL": "HuffPost",
    "L": "The New York Times",
    "M": "USA Today",
    "R": "Fox News",
    "RR": "Breitbart",
}
_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")


def article_id(event: str, outlet: str) -> str:
    return f"nwcl-{event}-{outlet}"


# -- the corpus -------------------------------------------------------------------------


def corpus_jsonl(folder: Path) -> Path:
    """The 50 articles as JSON lines: the file's whole text (headline included), the
    outlet's name and the publication day from the URL (from the event's other URLs
    where an URL has none)."""
    urls: dict[tuple[str, str], str] = {}
    for line in (DATA / "urls.tsv").read_text("utf-8").splitlines()[1:]:
        event, outlet, url = line.split("\t")[:3]
        urls[(event, outlet)] = url
    days: dict[str, list[str]] = defaultdict(list)
    for (event, _), url in urls.items():
        if m := _URL_DATE.search(url):
            days[event].append("-".join(m.groups()))
    path = folder / "newswcl50.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for event in sorted(days, key=int):
            for outlet, name in OUTLETS.items():
                url = urls[(event, outlet)]
                m = _URL_DATE.search(url)
                day = "-".join(m.groups()) if m else sorted(days[event])[0]
                text = article_file(event, outlet).read_text("utf-8")
                record = {
                    "id": article_id(event, outlet),
                    "outlet": name,
                    "url": url,
                    "published": day,
                    "text": text,
                }
                out.write(json.dumps(record) + "\n")
    return path


def article_file(event: str, outlet: str) -> Path:
    folder = DATA / "1-raw-articles" / f"event_{event}"
    plain = folder / f"{event}_{outlet}.txt"
    return plain if plain.exists() else folder / f"{event}_{outlet}.txt.txt"


def analysed(db: Path) -> Store:
    if not db.exists():
        from typer.testing import CliRunner

        from rashomon.cli.app import app

        with tempfile.TemporaryDirectory() as tmp:
            source = corpus_jsonl(Path(tmp))
            result = CliRunner().invoke(
                app, ["analyze", str(source), "--db", str(db), "--export", f"{tmp}/e.json", "-q"]
            )
        if result.exit_code != 0:
            raise SystemExit(result.output)
    return Store.open(str(db))


def compared(store: Store, comparer: Comparer, events: Iterable[str]) -> dict[str, Comparison]:
    """Each event compared with exactly its five articles, with the date and date
    completions of the stored stories they fell into."""
    stories = store.story_store.stories()
    found = {}
    for event in events:
        members = tuple(article_id(event, o) for o in OUTLETS)
        held = [s for s in stories if set(s.articles) & set(members)]
        main = max(held, key=lambda s: len(set(s.articles) & set(members)), default=None)
        story = Story(
            id=f"newswcl50-{event}",
            title=f"event {event}",
            date=main.date if main else StoryDate(None, None, "none"),
            articles=members,
            completions=tuple(c for s in held for c in s.completions if c.article in members),
        )
        found[event] = compare(load_material(store, story, comparer), comparer)
    return found


# -- matching findings to gold ----------------------------------------------------------


class Anchors:
    """Where each gold anchor sits in each stored article (offsets in its text)."""

    def __init__(self, store: Store) -> None:
        self.texts = {a.id: a.text for a in store.iter_articles()}
        self.missing: list[str] = []

    def span(self, event: str, outlet: str, anchor: str) -> tuple[str, int, int] | None:
        article = article_id(event, outlet)
        text = self.texts.get(article, "")
        for probe in _probes(anchor):
            at = text.find(probe)
            if at >= 0:
                return article, at, at + len(probe)
        self.missing.append(f"{event}/{outlet}: {anchor}")
        return None


def _probes(anchor: str) -> list[str]:
    """The anchor, then its longest piece between quotation marks or ellipses (a
    few anchors join two pieces with "...")."""
    pieces = [p.strip(" “”\"'‘’") for p in re.split(r"\.\.\.|…", anchor)]
    return [anchor, *sorted((p for p in pieces if len(p.split()) >= 3), key=len, reverse=True)]


def cites(evidence: Iterable[Evidence], spot: tuple[str, int, int] | None) -> bool:
    """Whether one piece of evidence quotes the sentence holding the anchor."""
    if spot is None:
        return False
    article, start, end = spot
    return any(e.article == article and e.start < end and start < e.end for e in evidence)


@dataclass
class Tally:
    hits: list[str] = field(default_factory=list)
    raised_right: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    omissions_right: list[str] = field(default_factory=list)
    omissions_wrong: list[str] = field(default_factory=list)
    omissions_unjudged: list[str] = field(default_factory=list)
    pairs_gold: int = 0
    pairs_found: int = 0
    pairs_missed: list[str] = field(default_factory=list)
    facts_shown: int = 0

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    @property
    def precision(self) -> float:
        return self.ratio(self.raised_right, self.raised_right + len(self.false_alarms))

    @property
    def recall(self) -> float:
        return self.ratio(len(self.hits), len(self.hits) + len(self.misses))

    @property
    def omission_precision(self) -> float:
        right, wrong = len(self.omissions_right), len(self.omissions_wrong)
        return self.ratio(right, right + wrong)

    @property
    def pair_recall(self) -> float:
        return self.ratio(self.pairs_found, self.pairs_gold)


def score_event(
    event: str, gold: dict[str, Any], comparison: Comparison, anchors: Anchors, tally: Tally
) -> None:
    _score_disputes(event, gold, comparison, anchors, tally)
    _score_omissions(event, gold, comparison, anchors, tally)
    _score_alignment(event, gold, comparison, anchors, tally)
    tally.facts_shown += len(comparison.facts)


def _score_disputes(
    event: str, gold: dict[str, Any], comparison: Comparison, anchors: Anchors, tally: Tally
) -> None:
    wanted = gold.get("disagreements") or []
    spots = [
        [
            [anchors.span(event, o, a) for o, a in (side.get("anchors") or {}).items()]
            for side in d["sides"]
        ]
        for d in wanted
    ]
    found: set[int] = set()
    for discrepancy in comparison.discrepancies:
        shown = _describe(discrepancy.explanation)
        # one discrepancy may show the sides of several gold disagreements (three
        # wordings of one quoted sentence): it is right if it shows at least one
        matches = set()
        for index, sides in enumerate(spots):
            cited = [
                {k for k, side in enumerate(sides) if any(cites(alt.evidence, s) for s in side)}
                for alt in discrepancy.alternatives
            ]
            covered = [c for c in cited if c]
            if len(covered) >= 2 and len(set().union(*covered)) >= 2:
                matches.add(index)
        if not matches:
            look = _look_alike(event, gold, discrepancy, anchors)
            tally.false_alarms.append(
                f"{event}: {shown}" + (f" [gold look-alike: {look}]" if look else "")
            )
        else:
            tally.raised_right += 1
            found |= matches
    for index, d in enumerate(wanted):
        name = f"{event}/{d['id']} ({d.get('kind')})"
        (tally.hits if index in found else tally.misses).append(name)


def _look_alike(event: str, gold: dict[str, Any], discrepancy: Any, anchors: Anchors) -> str | None:
    words = set(re.findall(r"[a-z]+", discrepancy.explanation.lower()))
    best, overlap = None, 2
    for look in gold.get("look_alikes") or []:
        mine = set(re.findall(r"[a-z]+", str(look.get("about", "")).lower())) - {"the", "of", "a"}
        if len(mine & words) > overlap:
            best, overlap = str(look.get("about")), len(mine & words)
    return best


def _describe(text: str) -> str:
    return re.sub(r"\s+", " ", text)[:240]


def _gold_facts_cited(
    event: str, gold: dict[str, Any], evidence: Sequence[Evidence], anchors: Anchors
) -> list[dict[str, Any]]:
    cited = []
    for fact in gold.get("facts") or []:
        for outlet, given in (fact.get("outlets") or {}).items():
            if isinstance(given, dict) and cites(
                evidence, anchors.span(event, outlet, given["anchor"])
            ):
                cited.append(fact)
                break
    return cited


def _score_omissions(
    event: str, gold: dict[str, Any], comparison: Comparison, anchors: Anchors, tally: Tally
) -> None:
    facts = {f.id: f for f in comparison.facts}
    outlet_of = {article_id(event, o): o for o in OUTLETS}
    for omission in comparison.omissions:
        fact = facts.get(omission.fact)
        evidence = fact.sources if fact else ()
        matches = _gold_facts_cited(event, gold, evidence, anchors)
        for article in omission.missing_from:
            outlet = outlet_of.get(article, article)
            name = f"{event}: {_describe(omission.statement)} — not in {outlet}"
            if not matches:
                tally.omissions_unjudged.append(name)
                continue
            given = [(m.get("outlets") or {}).get(outlet, "absent") for m in matches]
            if any(g == "absent" for g in given):
                tally.omissions_right.append(name)
            else:
                tally.omissions_wrong.append(name + f" [gold: {matches[0]['id']}]")


def _score_alignment(
    event: str, gold: dict[str, Any], comparison: Comparison, anchors: Anchors, tally: Tally
) -> None:
    for fact in gold.get("facts") or []:
        stated = {
            o: anchors.span(event, o, g["anchor"])
            for o, g in (fact.get("outlets") or {}).items()
            if isinstance(g, dict)
        }
        for a, b in combinations(sorted(stated), 2):
            tally.pairs_gold += 1
            if any(
                cites(f.sources, stated[a]) and cites(f.sources, stated[b])
                for f in comparison.facts
            ):
                tally.pairs_found += 1
            else:
                tally.pairs_missed.append(f"{event}/{fact['id']} {a}-{b}")


# -- report -----------------------------------------------------------------------------


def report(tally: Tally, anchors: Anchors, show: int) -> str:
    def listed(title: str, items: Sequence[str]) -> list[str]:
        if not items:
            return [f"{title}: none."]
        head = [f"{title} ({len(items)}):"]
        return (
            head
            + [f"- {i}" for i in items[:show]]
            + ([f"- … and {len(items) - show} more"] if len(items) > show else [])
        )

    right, wrong = len(tally.omissions_right), len(tally.omissions_wrong)
    lines = [
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| contradiction precision | {tally.precision:.2f} "
        f"({tally.raised_right} of {tally.raised_right + len(tally.false_alarms)} raised)"
        " | ≥ 0.90 |",
        f"| contradiction recall | {tally.recall:.2f} "
        f"({len(tally.hits)} of {len(tally.hits) + len(tally.misses)}) | ≥ 0.70 |",
        f"| omission precision (judged) | {tally.omission_precision:.2f} "
        f"({right} of {right + wrong}; {len(tally.omissions_unjudged)} unjudged) | ≥ 0.90 |",
        f"| fact alignment pair recall | {tally.pair_recall:.2f} "
        f"({tally.pairs_found} of {tally.pairs_gold}) | ≥ 0.70 |",
        f"| facts shown | {tally.facts_shown} | |",
        "",
    ]
    lines += listed("Contradictions found", tally.hits)
    lines += listed("False contradictions", tally.false_alarms)
    lines += listed("Missed disagreements", tally.misses)
    lines += listed("Omissions the gold confirms", tally.omissions_right)
    lines += listed("Wrong omissions", tally.omissions_wrong)
    lines += listed(
        "Unjudged omissions (the gold does not hold the fact)", tally.omissions_unjudged
    )
    if anchors.missing:
        lines += listed("Gold anchors not found in the stored text", sorted(set(anchors.missing)))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="keep the analysed store here")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--show", type=int, default=1000, help="list at most N of each kind")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} not found: this benchmark needs the NewsWCL50 data set")
    gold = yaml.safe_load(GOLD.read_text("utf-8"))["events"]
    with tempfile.TemporaryDirectory() as tmp:
        store = analysed(args.db or Path(tmp) / "newswcl50.db")
        comparer = Comparer.load()
        comparisons = compared(store, comparer, gold)
        anchors = Anchors(store)
        tally = Tally()
        for event, body in gold.items():
            score_event(event, body, comparisons[event], anchors, tally)
    text = report(tally, anchors, args.show)
    print(text)
    if not args.no_write:
        write_section(
            "quality.md",
            "compare-newswcl50",
            "## Compare on real news: NewsWCL50 (10 events × 5 outlets)\n\n"
            "Reproduce: `python benchmarks/compare_newswcl50.py`. Gold written by an "
            "independent reader before rashomon ran on these articles.\n\n" + text,
        )


if __name__ == "__main__":
    main()
