"""Ingest throughput on real articles: read + clean + dedupe + store, no NLP.

Data: the first N articles of ../shared/datasets/allsides-37k.jsonl.gz (real US
news, 2012-2020), written out as one JSONL file and as one .txt per article
(headline on the first line). Each is ingested into a fresh SQLite database by
``rashomon.ingest.ingest`` with its default worker count, and, as a reference
in the same run, by the least any ingest must do: parse the records and insert
their text into SQLite in one transaction. Results go to docs/performance.md.

    python benchmarks/ingest_throughput.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from docs_section import machine, write_section

DATA = Path(__file__).resolve().parent.parent.parent / "shared/datasets/allsides-37k.jsonl.gz"
TARGET = 500.0


def load(n: int) -> list[dict[str, str]]:
    records = []
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("text", "").strip():
                records.append(record)
            if len(records) == n:
                break
    return records


def write_inputs(records: list[dict[str, str]], folder: Path) -> tuple[Path, Path]:
    jsonl = folder / "allsides.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for r in records:
            fields = ("id", "title", "outlet", "url", "published", "text")
            out.write(json.dumps({k: r.get(k) for k in fields}, ensure_ascii=False) + "\n")
    texts = folder / "txt"
    texts.mkdir()
    for r in records:
        (texts / f"{r['id']}.txt").write_text(f"{r['title']}\n\n{r['text']}\n", encoding="utf-8")
    return jsonl, texts


def reference_run(jsonl: Path, db: Path) -> float:
    """Parse every record and insert its text: the floor under any ingest."""
    start = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE a (id TEXT PRIMARY KEY, title TEXT, text TEXT)")
    with jsonl.open("rb") as handle, connection:
        rows = ((r["id"], r["title"], r["text"]) for r in map(json.loads, handle))
        connection.executemany("INSERT INTO a VALUES (?, ?, ?)", rows)
    connection.close()
    return time.perf_counter() - start


COPIES: list[str] = []


def rashomon_run(path: Path, db: Path, workers: int | None) -> tuple[float, int, int]:
    from rashomon.ingest import IngestOptions, ingest
    from rashomon.store import Store

    start = time.perf_counter()
    store = Store.open(str(db))
    report = ingest([str(path)], store, IngestOptions(workers=workers))
    seconds = time.perf_counter() - start
    count = store.count()
    if not COPIES:
        for copy, original in report.duplicates:
            a, b = store.get(copy), store.get(original)
            if a is not None and b is not None:
                COPIES.append(f"- {a.outlet}: “{a.title}” copies {b.outlet}: “{b.title}”")
    store.close()
    return seconds, count, len(report.duplicates)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"data set not found: {DATA}")
    records = load(args.articles)
    n = len(records)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl, texts = write_inputs(records, folder)
        reference = reference_run(jsonl, folder / "reference.db")
        rows = []
        for label, path, workers in (
            ("JSONL, default workers", jsonl, None),
            ("JSONL, 1 process", jsonl, 1),
            (".txt files, default workers", texts, None),
        ):
            db = folder / f"{label.split(',')[0].strip('.')}-{workers}.db"
            seconds, stored, copies = rashomon_run(path, db, workers)
            rows.append((label, seconds, stored, copies))
            print(
                f"{label:<30} {n / seconds:8.0f} articles/s  ({seconds:.1f} s, {stored} stored,"
                f" {copies} marked as copies)"
            )
    print(f"reference (json.loads + sqlite insert): {n / reference:.0f} articles/s")
    table = "\n".join(
        f"| {label} | {n / seconds:.0f} | {seconds:.1f} | {stored} | {copies} |"
        for label, seconds, stored, copies in rows
    )
    best = max(n / s for _, s, _, _ in rows)
    verdict = (
        "met"
        if min(n / s for label, s, _, _ in rows if "default" in label) >= TARGET
        else ("NOT met")
    )
    write_section(
        "performance.md",
        "ingest-throughput",
        f"""## Ingest throughput (no NLP)

Reproduce: `python benchmarks/ingest_throughput.py --articles {n}`. The first {n:,}
articles of allsides-37k (real US news), ingested into a fresh SQLite file: read,
decode, clean with the noise rules, detect language, MinHash-sign, check for copies
against everything stored, write in transactions. {machine()}.

| input | articles/s | seconds | stored | marked as copies |
|---|---:|---:|---:|---:|
{table}
| reference: `json.loads` + SQLite insert only | {n / reference:.0f} | {reference:.1f} | {n} | — |

Target >= {TARGET:.0f} articles/s with the default settings: **{verdict}**
(best {best:.0f}/s). Peak resident memory of the benchmark process or one of its
workers: {peak_mb():.0f} MB.

Articles marked as copies (judged in docs/quality.md):
{chr(10).join(COPIES) or "- none"}
""",
    )


if __name__ == "__main__":
    main()
