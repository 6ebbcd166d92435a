"""Time of the compare stage per story of 2, 10 and 50 articles.

Stories are built from the demo corpus's ferry-fire reports (real-shaped, with a
disputed toll and a disputed quote), repeated under new ids to reach each size.
Times are medians of 5 runs, shown next to a reference measured in the same run:
spaCy's en_core_web_sm parsing the same texts (what understanding one story costs),
so the ratio survives a noisy machine. Writes docs/performance.md.

    python benchmarks/compare_scaling.py [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from docs_section import machine, write_section  # noqa: E402
from rashomon.compare.claims import Reading  # noqa: E402
from rashomon.compare.pipeline import Comparer, StoryMaterial, compare, load_material  # noqa: E402
from rashomon.store import Store  # noqa: E402
from rashomon.understand.nlp import load_model  # noqa: E402

SIZES = (2, 10, 50)
RUNS = 5


def material_of(size: int, base: StoryMaterial) -> StoryMaterial:
    readings = []
    for k in range(size):
        r = base.readings[k % len(base.readings)]
        new_id = f"{r.article.id}-{k}"
        duplicate = f"{r.article.duplicate_of}-{k}" if r.article.duplicate_of else None
        article = replace(r.article, id=new_id, duplicate_of=duplicate, outlet=f"outlet {k}")
        readings.append(Reading(article, replace(r.annotation, article_id=new_id), r.doc))
    story = replace(base.story, articles=tuple(r.article.id for r in readings))
    return StoryMaterial(story, tuple(readings))


def median_seconds(work: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    from typer.testing import CliRunner

    from rashomon.cli.app import app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        CliRunner().invoke(
            app,
            [
                "analyze",
                str(REPO / "examples/corpus"),
                "--db",
                str(db),
                "-q",
                "--export",
                str(Path(tmp) / "e.json"),
            ],
        )
        store = Store.open(str(db))
        comparer = Comparer.load()
        fire = max(store.story_store.stories(), key=lambda s: len(s.articles))
        base = load_material(store, fire, comparer)
        nlp = load_model()
        compare(material_of(2, base), comparer)  # warm up the models
        rows = []
        for size in SIZES:
            material = material_of(size, base)
            texts = [r.article.text for r in material.readings]
            # a fresh comparer per run (same loaded model): no phrase vector is cached
            ours = median_seconds(
                lambda m=material: compare(m, Comparer(comparer.vocab, comparer.embedder))
            )
            spacy_time = median_seconds(lambda t=texts: list(nlp.pipe(t)))
            rows.append((size, ours, spacy_time))
    lines = [
        f"Machine: {machine()}. Median of {RUNS} runs per size; stories repeat the demo's"
        " ferry-fire reports under new ids; every run encodes its phrases afresh (no cache).",
        "",
        "| articles | compare, s/story | ms/article | spaCy parse of the same texts, s | ratio |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size, ours, ref in rows:
        lines.append(
            f"| {size} | {ours:.3f} | {ours / size * 1000:.1f} | {ref:.3f} | {ours / ref:.2f} |"
        )
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("performance.md", "compare-scaling", "## Compare: time per story\n\n" + text)


if __name__ == "__main__":
    main()
