"""Page times of the web app at 1,000 and 10,000 articles.

Data: the first N articles with text of ../shared/datasets/allsides-37k.jsonl.gz (real
US news), analysed by `rashomon analyze` into a fresh database (or one given with
--db-dir that already holds them: the analysis takes about 2 minutes per 1,000
articles and is not what is measured here).

Measured: each page and API call served in-process by the app (`create_app` over
`StoreSite`, through Starlette's test client: routing, reading the database, making
the view, rendering the template, no network), the median of --repeat calls after one
warm-up call. The pages read what `analyze` stored, so a page's time should not grow
with the corpus except the corpus page, which filters every story's digest.

Reference, in the same run: reading the same story's stored part (one SELECT and a
decompression, no view and no template): the page's time divided by it says what the
page adds to the read it cannot avoid.

Usage: python benchmarks/web_pages.py [--articles 1000 10000] [--db-dir DIR]
[--repeat 7] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from analyze_throughput import write_inputs
from docs_section import machine, write_section


def build(db: Path, count: int) -> None:
    """Analyse the first ``count`` articles into ``db`` unless it holds them already.
    The analysis goes into ``<db>.partial`` first, renamed when it ends: an interrupted
    build is resumed by the next call (``analyze`` resumes), never measured."""
    if db.exists():
        return
    partial = db.with_name(db.name + ".partial")
    with tempfile.TemporaryDirectory() as folder:
        source, _, _ = write_inputs(Path(folder), count, 0)
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        command = [sys.executable, "-m", "rashomon", "analyze", str(source), "--db", str(partial)]
        subprocess.run([*command, "--quiet", "--workers", "2"], check=True, env=env)
    for suffix in ("-wal", "-shm"):  # committed pages may still be in the WAL
        side = Path(str(partial) + suffix)
        if side.exists():
            side.rename(str(db) + suffix)
    partial.rename(db)


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up: imports, the template's compilation, the database's caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(db: Path, repeat: int) -> dict[str, float | int | str]:
    from fastapi.testclient import TestClient

    from rashomon.report.site import StoreSite
    from rashomon.store import Store
    from rashomon.web.app import create_app

    store = Store.open(str(db), create=False, read_only=True)
    try:
        site = StoreSite(store)
        client = TestClient(create_app(site))
        digests = site.stories()
        several = [d for d in digests if len(set(d.outlets)) >= 2]
        largest = max(several or digests, key=lambda d: (len(d.articles), d.id))
        ordered = sorted(several or digests, key=lambda d: (len(d.articles), d.id))
        middle = ordered[len(ordered) // 2]
        article = largest.articles[0]
        outlet = statistics.mode(o for d in digests for o in d.outlets)

        def get(path: str) -> Callable[[], object]:
            def call() -> object:
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: {response.status_code}")
                return response

            return call

        def raw() -> object:
            return [p.body for p in store.export_store.story_parts([largest.id])]

        figures: dict[str, float | int | str] = {
            "articles": store.count(),
            "stories": len(digests),
            "largest": len(largest.articles),
            "middle": len(middle.articles),
            "reference": median_ms(raw, repeat),
        }
        calls = {
            "corpus page": "/",
            "corpus page, outlet filter": f"/?outlet={outlet}",
            "corpus page, text search": "/?q=senate",
            "corpus page 5": "/?page=5",
            "story page (largest story)": f"/story/{largest.id}",
            "story page (median story of 2+ outlets)": f"/story/{middle.id}",
            "article page": f"/article/{article}",
            "timeline page": "/timeline",
            "API: story": f"/api/stories/{largest.id}",
            "API: stories": "/api/stories",
        }
        for name, path in calls.items():
            figures[name] = median_ms(get(path), repeat)
        return figures
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--db-dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = args.db_dir or Path(tempfile.mkdtemp(prefix="rashomon-web-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for count in args.articles:
        db = folder / f"web-{count}.db"
        build(db, count)
        figures = measure(db, args.repeat)
        print(json.dumps(figures), flush=True)
        results.append(figures)
    names = [
        k for k in results[0] if k not in ("articles", "stories", "largest", "middle", "reference")
    ]
    header = "| page | " + " | ".join(f"{r['articles']:,} articles, ms" for r in results)
    header += (
        " | " + " | ".join(f"ratio to the reference at {r['articles']:,}" for r in results) + " |"
    )
    lines = [header, "|---|" + "---:|" * (2 * len(results))]
    for name in names:
        cells = [f"{float(r[name]):.1f}" for r in results]
        ratios = [f"{float(r[name]) / float(r['reference']):.0f}x" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells + ratios) + " |")
    lines.append(
        "| reference: read the largest story's stored part | "
        + " | ".join(f"{float(r['reference']):.2f}" for r in results)
        + " | "
        + " | ".join("1x" for _ in results)
        + " |"
    )
    sizes = ", ".join(
        f"{r['articles']:,} articles: {r['stories']:,} stories, the largest of"
        f" {r['largest']} articles, the median of 2+ outlets {r['middle']}"
        for r in results
    )
    counts = " ".join(str(r["articles"]) for r in results)
    measured = " and ".join(f"{int(r['articles']):,}" for r in results)
    body = f"""## Web app: page times ({measured} articles)

Reproduce: `python benchmarks/web_pages.py --articles {counts}`.
The first N AllSides articles with text, analysed by `rashomon analyze`; each page served
in-process by the app (routing, database reads, view, template; no network), median of
{args.repeat} calls after a warm-up; {machine()}. {sizes}.

{chr(10).join(lines)}

The corpus page filters every story's digest in Python: the digests are read from the
index `analyze` stores, once per analysis, and kept while its key holds. The story,
article and API pages read one stored part each (and the cached timeline), so their
time follows the size of the story, not of the corpus.
"""
    print(body)
    if not args.no_write:
        write_section("performance.md", "web-pages", body)


if __name__ == "__main__":
    main()
