"""Understanding-stage throughput against raw spaCy on the same texts.

Data: the first N articles of ../shared/datasets/allsides-37k.jsonl.gz. In one
process, interleaved, repeated: (a) raw ``nlp.pipe`` of the same model over the
texts — the parse, which bounds this stage; (b) rashomon's whole stage
(``rashomon.understand.pipeline.annotate``: the same parse plus document dates,
numbers, dates, places, actors, overlap resolution, sentence spans and the
serialised parse). The ratio (a)/(b) is the figure: 1.0 would mean the
annotators cost nothing. Results go to docs/performance.md.

    python benchmarks/understand_throughput.py [--articles 300] [--repeat 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

from docs_section import machine, write_section

DATA = Path(__file__).resolve().parent.parent.parent / "shared/datasets/allsides-37k.jsonl.gz"
TARGET = 0.8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"data set not found: {DATA}")

    from rashomon.model import Article, InputFormat, SourceRef
    from rashomon.understand.pipeline import Understander, annotate

    articles = []
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record.get("text", "").strip():
                continue
            articles.append(
                Article(
                    id=record["id"],
                    title=record["title"],
                    text=record["text"],
                    raw_text=record["text"],
                    content_hash=record["id"],
                    source=SourceRef("allsides", InputFormat.JSONL),
                    published=record.get("published"),
                    language="en",
                )
            )
            if len(articles) == args.articles:
                break
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    understander = Understander.load()
    list(annotate(articles[:5], understander))  # warm up: lexicons, gazetteer, model caches

    raw_times, ours_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in understander.nlp.pipe(texts, batch_size=32):
            pass
        raw_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        mentions = sum(len(a.mentions) for a in annotate(articles, understander, batch_size=32))
        ours_times.append(time.perf_counter() - start)
    raw, ours = statistics.median(raw_times), statistics.median(ours_times)
    ratio = raw / ours
    n = len(articles)
    print(
        f"raw nlp.pipe: {n / raw:.1f} articles/s; rashomon understand: {n / ours:.1f} articles/s;"
        f" ratio {ratio:.2f}; {mentions} mentions"
    )
    verdict = "met" if ratio >= TARGET else "NOT met"
    write_section(
        "performance.md",
        "understand-throughput",
        f"""## Understanding stage vs raw spaCy

Reproduce: `python benchmarks/understand_throughput.py --articles {n} --repeat {args.repeat}`.
{n} allsides articles ({words:,} words), one process, `batch_size=32`, interleaved
repetitions, medians; model `{understander.model}`; {machine()}.

| run | articles/s | seconds |
|---|---:|---:|
| raw `nlp.pipe` (reference) | {n / raw:.1f} | {raw:.1f} |
| rashomon understand (parse + annotators + serialised parse) | {n / ours:.1f} | {ours:.1f} |

Ratio: **{ratio:.2f}** of raw spaCy (target >= {TARGET}: {verdict}); {mentions:,} mentions.
One process on both sides; runs with several processes (`n_process`) are not measured yet.
""",
    )


if __name__ == "__main__":
    main()
