"""Story clustering on a month of real US news: do crowded topics stay split into events?

ECB+ holds two events of one kind per topic, about eleven articles each. A news stream
is not like that: one crowded topic (a criminal case, a pandemic reopening) holds
dozens of distinct happenings of one to five articles each. This benchmark measures
the stories stage on such a stream: every AllSides article published in a gold's two
months (``../shared/datasets/allsides-37k.jsonl.gz``), ingested and understood as
``rashomon analyze`` does (cached under ``.cache/``), grouped in one batch with the
shipped weights.

Golds (``benchmarks/data/gold/events-*.json``, how they were made in
``docs/gold/labelling.md``) were written by reading the headline, date, outlet, URL
and opening of every article of two months on eight running subjects each, twice
independently, the differences settled by a third reader: May–June 2020 (134 articles:
the Flynn case, Bolton's book, Tara Reade's allegation, Fauci, the Tulsa rally,
Lafayette Square, Trump and Twitter, Hong Kong), used to choose settings; and
September–October 2018 (310 articles: the Kavanaugh nomination, Khashoggi, the storms,
the mail bombs, the Pittsburgh shooting, the caravan, Rosenstein, Haley), held out.
An event is one happening at one time and place; a follow-up with a new development is
a new event; commentary about no single happening is its own event. Scores are BCubed
over the gold's articles, the stories restricted to them.

Baseline: TF-IDF + agglomerative over all the months' texts, with its threshold the best of a
sweep on this gold (favouring it) and with the one picked on ECB+. Also reported over
every story: how many multi-article stories span more than a week of publication dates
(a gold-free sign of topics merged into one story).

    python benchmarks/stories_news_month.py [2020-05-06] [2018-09-10]
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from docs_section import write_section
from ecbplus import CACHE, REPO, bcubed, lead_embeddings
from stories_quality import confusions

ALLSIDES = REPO.parent / "shared/datasets/allsides-37k.jsonl.gz"
GOLDS = Path(__file__).resolve().parent / "data/gold"


@dataclass(frozen=True)
class Month:
    """One stretch of the stream with its gold: the months read in, and whether the
    gold was used to choose settings (development) or never (held out)."""

    key: str
    title: str
    months: tuple[str, ...]
    gold: Path
    role: str


STREAMS = (
    Month(
        "2020-05-06",
        "May–June 2020",
        ("2020-05", "2020-06"),
        GOLDS / "events-2020-05-06.json",
        "development",
    ),
    Month(
        "2018-09-10",
        "September–October 2018",
        ("2018-09", "2018-10"),
        GOLDS / "events-2018-09-10.json",
        "held out",
    ),
)
WEEK = 7
# The baseline's best threshold on the raw ECB+ files (benchmarks/stories_quality.py).
ECBPLUS_BASELINE = 0.8


def load(month: Month) -> tuple[str, dict[str, dict[str, str]]]:
    """The understood database (built once, cached) and the articles as read from the
    data set, by id."""
    from rashomon.ingest import IngestOptions, ingest
    from rashomon.store import Store
    from rashomon.understand.pipeline import Understander, understand_store

    if not ALLSIDES.is_file():
        raise SystemExit(f"AllSides not found at {ALLSIDES}; see ../shared/datasets/README.md")
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    chosen = [r for r in rows if str(r.get("published") or "")[:7] in month.months]
    CACHE.mkdir(exist_ok=True)
    source = CACHE / f"allsides-{month.key}.jsonl"
    if not source.exists():
        source.write_text("".join(json.dumps(r) + "\n" for r in chosen), "utf-8")
    db = CACHE / f"allsides-{month.key}.db"
    store = Store.open(str(db))
    try:
        if store.count() == 0:
            ingest([str(source)], store, IngestOptions())
        understand_store(store, Understander.load(), workers=2)
    finally:
        store.close()
    return str(db), {r["id"]: r for r in chosen}


def run_batch(db: str, folder: Path) -> dict[str, str]:
    from rashomon.store import Store
    from rashomon.stories.pipeline import build_stories

    target = folder / "batch.db"
    shutil.copy(db, target)
    store = Store.open(str(target))
    try:
        stories = store.story_store
        stories.clear()
        build_stories(store)
        return {a: s.id for s in stories.stories() for a in s.articles}
    finally:
        store.close()


def tfidf_distances(texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return np.asarray(cosine_distances(matrix))


def tfidf_labels(distances: np.ndarray, threshold: float) -> list[str]:
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(distances)
    return [str(x) for x in labels]


def long_stories(
    story_of: dict[str, str], articles: dict[str, dict[str, str]]
) -> tuple[int, int, int]:
    """(multi-article stories, those spanning more than a week, articles in those)."""
    days: dict[str, list[date]] = defaultdict(list)
    for article, story in story_of.items():
        days[story].append(date.fromisoformat(articles[article]["published"][:10]))
    multi = [d for d in days.values() if len(d) > 1]
    long = [d for d in multi if (max(d) - min(d)).days > WEEK]
    return len(multi), len(long), sum(len(d) for d in long)


def main() -> int:
    chosen = [m for m in STREAMS if len(sys.argv) < 2 or m.key in sys.argv[1:]]
    for month in chosen:
        measure(month)
    return 0


def measure(month: Month) -> None:
    db, articles = load(month)
    settled = json.loads(month.gold.read_text("utf-8"))["articles"]
    gold: dict[str, str] = {i: a["event"] for i, a in settled.items()}
    ids = sorted(gold)
    truth = [gold[i] for i in ids]
    with tempfile.TemporaryDirectory() as tmp:
        story_of = run_batch(db, Path(tmp))
    ours = bcubed([story_of.get(i, f"alone:{i}") for i in ids], truth)
    order = sorted(articles)
    distances = tfidf_distances([f"{articles[i]['title']}\n{articles[i]['text']}" for i in order])
    position = {a: k for k, a in enumerate(order)}
    sweep = []
    for threshold in np.arange(0.5, 0.96, 0.025):
        labels = tfidf_labels(distances, float(threshold))
        sweep.append((float(threshold), bcubed([labels[position[i]] for i in ids], truth)))
    threshold, base = max(sweep, key=lambda item: item[1][2])
    at_ecbplus = min(sweep, key=lambda item: abs(item[0] - ECBPLUS_BASELINE))[1]
    stories = len(set(story_of.values()))
    multi, long, in_long = long_stories(story_of, articles)
    merged, split = confusions(gold, story_of)
    table = [
        "| method | BCubed P | BCubed R | BCubed F1 |",
        "|---|---|---|---|",
        f"| TF-IDF + agglomerative (best threshold on this gold, {threshold:.3f}) "
        "| {:.3f} | {:.3f} | {:.3f} |".format(*base),
        f"| TF-IDF + agglomerative (threshold picked on ECB+, {ECBPLUS_BASELINE:.3f}) "
        "| {:.3f} | {:.3f} | {:.3f} |".format(*at_ecbplus),
        "| rashomon stories stage, one batch (shipped weights) | {:.3f} | {:.3f} | {:.3f} |".format(
            *ours
        ),
    ]
    for line in table:
        print(line)
    spread = (
        f"Over all {len(story_of)} articles the stage makes {stories} stories; {multi} hold more"
        f" than one article, {long} of them span more than a week of publication dates"
        f" ({in_long} articles)."
    )
    print(spread)
    body = "\n".join(
        [
            f"## Stories on a month of real news (AllSides, {month.title})",
            "",
            f"{len(articles)} articles from many US outlets; gold for {len(ids)} of them"
            f" ({len(set(truth))} events) on eight running subjects, written by reading them"
            f" twice independently and settled (`{month.gold.name}`; {month.role})."
            " Produced by `python benchmarks/stories_news_month.py`; see its docstring."
            f" Lead embeddings: {lead_embeddings()}.",
            "",
            *table,
            "",
            spread,
            "",
            "Stories mixing gold events: " + ("; ".join(merged) or "none") + ".",
            "",
            "Gold events split across stories: " + ("; ".join(split) or "none") + ".",
        ]
    )
    key = "stories-news-month" if month.key == "2020-05-06" else f"stories-news-{month.key}"
    write_section("quality.md", key, body)
    print("written to docs/quality.md")


if __name__ == "__main__":
    sys.exit(main())
