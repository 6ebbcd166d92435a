"""Quality of the compare stage on gold written by reading the articles.

Runs `rashomon analyze` on the demo corpus and (when ../shared is present) the five
seed articles, compares each gold story with exactly its gold members, and prints
and writes to docs/quality.md: precision and recall of contradiction detection,
fact recall and article-pair precision/recall of fact alignment, and the precision
of every "left out" / "only in", with every miss, false alarm and wrong omission
named.

    python benchmarks/compare_quality.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
sys.path.insert(0, str(REPO / "benchmarks"))

from docs_section import write_section  # noqa: E402
from rashomon.cli.app import app  # noqa: E402
from rashomon.compare.evaluation import Scores, evaluate, load_gold  # noqa: E402
from rashomon.compare.pipeline import Comparer  # noqa: E402
from rashomon.store import Store  # noqa: E402


def analysed(corpus: Path, folder: Path) -> Store:
    from typer.testing import CliRunner

    db = folder / f"{corpus.name}.db"
    result = CliRunner().invoke(
        app, ["analyze", str(corpus), "--db", str(db), "--export", str(folder / "e.json"), "-q"]
    )
    if result.exit_code not in (0, 1):
        raise SystemExit(result.output)
    return Store.open(str(db))


def headline_resolver(store: Store) -> Callable[[str], list[str]]:
    by_title: dict[str, list[str]] = {}
    for article in store.iter_articles():
        by_title.setdefault(article.title, []).append(article.id)
    return lambda name: by_title.get(name, [])


def prefix_resolver(store: Store) -> Callable[[str], list[str]]:
    ids = [a.id for a in store.iter_articles()]
    return lambda name: [i for i in ids if i.startswith(name)]


def run() -> dict[str, Scores]:
    comparer = Comparer.load()
    results: dict[str, Scores] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = analysed(REPO / "examples" / "corpus", folder)
        golds = load_gold(REPO / "tests" / "gold" / "compare_demo.yaml", headline_resolver(demo))
        results["demo corpus"] = evaluate(demo, golds, comparer)
        if SEEDS.is_dir():
            seeds = analysed(SEEDS, folder)
            golds = load_gold(
                REPO / "tests" / "gold" / "compare_seeds.yaml", prefix_resolver(seeds)
            )
            results["seed articles"] = evaluate(seeds, golds, comparer)
    return results


def report(results: dict[str, Scores]) -> str:
    total = Scores()
    for s in results.values():
        total.add(s)
    rows = {**results, "all": total}
    lines = [
        "| corpus | contradictions P | R | hits | false alarms | misses "
        "| facts found | pair P | pair R | omissions P (right/judged; unjudged) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in rows.items():
        right, wrong = len(s.omissions_right), len(s.omissions_wrong)
        lines.append(
            f"| {name} | {s.precision:.2f} | {s.recall:.2f} | {len(s.hits)} | "
            f"{len(s.false_alarms)} | {len(s.misses)} | {s.facts_found}/{s.facts_total} | "
            f"{s.pair_precision:.2f} | {s.pair_recall:.2f} | "
            f"{s.omission_precision:.2f} ({right}/{right + wrong}; "
            f"{len(s.omissions_unjudged)}) |"
        )
    lines += ["", "Contradictions found: " + (", ".join(total.hits) or "none") + "."]
    lines.append("False alarms: " + ("; ".join(total.false_alarms) or "none") + ".")
    lines.append("Missed contradictions: " + (", ".join(total.misses) or "none") + ".")
    lines.append("Gold facts not found: " + (", ".join(total.facts_missed) or "none") + ".")
    for title, items in (
        ("Omissions the gold confirms", total.omissions_right),
        ("Wrong omissions", total.omissions_wrong),
        ("Unjudged omissions (no gold fact gives the value)", total.omissions_unjudged),
    ):
        lines.append(f"{title}: " + ("; ".join(items) or "none") + ".")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    text = report(run())
    print(text)
    if not args.no_write:
        write_section(
            "quality.md",
            "compare-quality",
            "## Compare: contradictions and fact alignment\n\n" + text,
        )


if __name__ == "__main__":
    main()
