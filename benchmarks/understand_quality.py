"""Understanding quality on the five real sample articles, against hand-written gold.

Gold: tests/gold/seeds_understand.yaml, written by reading ../shared/corpus/seeds
(without running the program). The seeds are ingested and understood exactly as
`rashomon analyze` does, then scored with rashomon.understand.evaluation:
precision and recall per annotation type, and pairwise linking scores for places
and actors (across all five articles). Failures are listed by name.
Results go to docs/quality.md.

    python benchmarks/understand_quality.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

from docs_section import write_section

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared/corpus/seeds"
GOLD = REPO / "tests/gold/seeds_understand.yaml"
TARGET = 0.9


def run() -> dict[str, object]:
    from rashomon.ingest import IngestOptions, ingest
    from rashomon.store import Store
    from rashomon.understand.evaluation import evaluate
    from rashomon.understand.pipeline import Understander, understand_store

    gold = yaml.safe_load(GOLD.read_text("utf-8"))
    gold = {k: v for k, v in gold.items() if isinstance(v, dict)}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "seeds.db"))
        ingest([str(SEEDS)], store, IngestOptions(workers=1))
        understand_store(store, Understander.load())
        texts = {a.id: a.text for a in store.iter_articles()}
        mentions = {a.article_id: a.mentions for a in store.annotations()}
        store.close()
    return evaluate(texts, mentions, gold)  # type: ignore[return-value]


def main() -> None:
    if not SEEDS.is_dir():
        sys.exit(f"seed articles not found: {SEEDS}")
    scores = run()
    rows, failures = [], []
    for name, score in scores.items():
        s = score  # type: ignore[assignment]
        ok = "yes" if min(s.precision, s.recall) >= TARGET else "**no**"
        rows.append(
            f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} | {ok} |"
        )
        print(f"{name:<14} P={s.precision:.2f} R={s.recall:.2f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
        failures += [f"- {name}: {f}" for f in s.failures]
    body = "\n".join(rows)
    listed = "\n".join(failures) or "- none"
    write_section(
        "quality.md",
        "understand-seeds",
        f"""## Understanding: the five sample articles against hand-written gold

Reproduce: `python benchmarks/understand_quality.py`. Gold:
`tests/gold/seeds_understand.yaml` (written by reading the articles, not from the
program's output). Matching: a predicted mention must overlap the gold span and, for
numbers, have the same value and qualifier; for dates, the same resolution and value.
"units" scores the counted thing of the numbers found. Linking rows are pairwise over
all five articles: same gold key <=> same canonical id. Target: precision and recall
>= {TARGET} for each row.

| annotation | tp | fp | fn | precision | recall | target met |
|---|---:|---:|---:|---:|---:|---|
{body}

Every failure, by article:

{listed}
""",
    )


if __name__ == "__main__":
    main()
