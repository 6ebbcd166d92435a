"""The corpus timeline's cost at 1k, 10k and 100k articles (generated claims).

The timeline aligns every background date claim of the corpus (``compare.timeline``).
A generated corpus stands in for real news at sizes no data set here reaches: articles
arrive at a constant 100 a day; each dates two background happenings — most of them
recent (a happening of the last two months, by day), some by month, one in five by
year only — drawn from a pool of happenings, so that several articles date the same
one, some a day apart. Phrase similarity comes from a fake model (a happening's own
direction plus noise) so that only the timeline's own work is timed. Each size runs
once in a fresh process. Writes the ``timeline-scaling`` section of
docs/performance.md.

    python benchmarks/timeline_scaling.py [--sizes 1000,10000,100000] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date, timedelta

from docs_section import machine, write_section

PER_DAY = 100
CLAIMS_PER_ARTICLE = 2
PREDICATES = ("killed", "began", "signed", "met", "elected", None)
DIMENSIONS = 128
FLAT = 1.30  # at most 30% more per article from 10k up


def generated(articles: int, seed: int = 7) -> tuple[list[object], dict[str, str]]:
    import numpy as np

    from rashomon.model import Claim, ClaimKind, DatePrecision, Evidence

    rng = np.random.default_rng(seed)
    start = date(2015, 1, 1)
    claims: list[object] = []
    days: dict[str, str] = {}
    for n in range(articles):
        article = f"a{n}"
        today = start + timedelta(days=n // PER_DAY)
        days[article] = today.isoformat()
        for k in range(CLAIMS_PER_ARTICLE):
            back = int(rng.integers(1, 60))
            day = (today - timedelta(days=back)).toordinal()
            happening = day * len(PREDICATES) + int(rng.integers(0, len(PREDICATES)))
            when = date.fromordinal(day + int(rng.integers(0, 2)))  # outlets a day apart
            kind = rng.random()
            if kind < 0.2:
                value, precision = str(when.year - int(rng.integers(0, 3))), DatePrecision.YEAR
            elif kind < 0.4:
                value, precision = when.isoformat()[:7], DatePrecision.MONTH
            else:
                value, precision = when.isoformat(), DatePrecision.DAY
            predicate = PREDICATES[happening % len(PREDICATES)]  # its kind of happening
            sentence = f"The happening {happening} ({predicate}) took place on {value}."
            claims.append(
                Claim(
                    article=article,
                    kind=ClaimKind.DATE,
                    attribute=predicate or "happened",
                    value=value,
                    evidence=Evidence(article, sentence, k * 100, k * 100 + len(sentence), 0, 1),
                    predicate=predicate,
                    precision=precision,
                    background="earlier",
                    phrase=f"happening {happening} {predicate or ''}".strip(),
                )
            )
    return claims, days


def fake_similarity() -> object:
    import numpy as np

    def similarity(phrases: list[str]) -> np.ndarray:
        vectors = []
        for phrase in phrases:
            seed = int(phrase.split()[1])
            centre = np.random.default_rng(seed).normal(size=DIMENSIONS)
            noise = np.random.default_rng([seed, len(vectors)]).normal(size=DIMENSIONS) * 0.3
            vector = centre + noise
            vectors.append(vector / np.linalg.norm(vector))
        matrix = np.stack(vectors) if vectors else np.zeros((0, DIMENSIONS))
        return np.asarray(matrix @ matrix.T, dtype=np.float32)

    return similarity


def run_one(articles: int) -> dict[str, float]:
    from rashomon.compare.timeline import timeline

    claims, days = generated(articles)
    start = time.perf_counter()
    entries = timeline([], claims, fake_similarity(), days)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    joined = sum(len(e.articles) > 1 for e in entries)
    return {"seconds": seconds, "entries": len(entries), "joined": joined, "claims": len(claims)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows, per_article = [], {}
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        found = json.loads(done.stdout)
        per_article[size] = found["seconds"] * 1000 / size
        rows.append(
            f"| {size:,} | {found['claims']:,} | {found['seconds']:.1f} | {per_article[size]:.2f}"
            f" | {found['entries']:,} | {found['joined']:,} |"
        )
        print(rows[-1], file=sys.stderr)
    sizes = sorted(per_article)
    growth = per_article[sizes[-1]] / per_article[sizes[1]] if len(sizes) > 2 else float("nan")
    verdict = "PASS" if growth <= FLAT else "FAIL"
    from rashomon.compare.timeline import DENSE_CUT_SHARE, MAX_BLOCK

    body = f"""## The corpus timeline from 1k to 100k articles

Reproduce: `python benchmarks/timeline_scaling.py --sizes {args.sizes}`. Generated
claims (see the script): {PER_DAY} articles a day, {CLAIMS_PER_ARTICLE} background date
claims each (three in five by day, one in five by month, one in five by year only),
a fake similarity model (a happening's own direction plus noise); one run per size in
a fresh process; {machine()}.

| articles | date claims | seconds | ms/article | timeline entries | entries dated by 2+ articles |
|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

ms/article at {sizes[-1]:,} vs {sizes[1]:,}: **{growth:.2f}** (near-linear: at most {FLAT}):
{verdict}.
Claims are aligned in date order, in blocks no claim outside can reach; in a run too
dense for that, a block of {int(MAX_BLOCK * DENSE_CUT_SHARE)} claims or more ends at the next change
to an even-numbered day, and one of {MAX_BLOCK} there and then
(`compare.timeline.blocks`), so the cost per article is set by how many claims fall
near one date, not by the corpus size.
"""
    print(body)
    if not args.no_write:
        write_section("performance.md", "timeline-scaling", body)


if __name__ == "__main__":
    main()
