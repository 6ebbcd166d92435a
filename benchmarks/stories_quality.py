"""Story clustering quality on ECB+ (look-alike events), against a baseline, and the
agreement between one batch and ten increments.

rashomon: the 772 ECB+ dev articles are ingested and understood as `rashomon analyze`
does (cached database, see ecbplus.py), then grouped by the production stage
(`build_stories`, default settings and shipped weights) — once in one batch, and once
in ten increments of shuffled articles. Articles ingest refused (one-line headlines)
count as singletons.

Baseline, run here on the same files as they are (all 772): TF-IDF (sublinear,
English stop words) and agglomerative clustering (average linkage, cosine); its
distance threshold is the best of a sweep on these same articles (favouring it).

Scores: BCubed precision, recall and F1 against gold events. The shipped weights were
fitted on these topics (benchmarks/fit_story_weights.py), so their score here is
optimistic; the fit's held-out (5-fold by topic) figure is reported beside it.

    python benchmarks/stories_quality.py
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import yaml

from docs_section import write_section
from ecbplus import ECBPLUS, REPO, Corpus, bcubed, lead_embeddings, load

TARGET = 0.93
INCREMENTS = 10


def stories_of(db: str) -> dict[str, str]:
    from rashomon.store import Store

    store = Store.open(db)
    try:
        return {a: s.id for s in store.story_store.stories() for a in s.articles}
    finally:
        store.close()


def fresh_copy(corpus: Corpus, folder: Path, name: str) -> str:
    """A copy of the understood database with no stories yet."""
    from rashomon.store import Store

    target = folder / name
    shutil.copy(corpus.db, target)
    store = Store.open(str(target))
    try:
        store.story_store.clear()
    finally:
        store.close()
    return str(target)


def run_batch(corpus: Corpus, folder: Path) -> dict[str, str]:
    from rashomon.store import Store
    from rashomon.stories.pipeline import build_stories

    db = fresh_copy(corpus, folder, "batch.db")
    store = Store.open(db)
    try:
        build_stories(store)
    finally:
        store.close()
    return stories_of(db)


def run_increments(corpus: Corpus, folder: Path) -> dict[str, str]:
    """Ten increments of shuffled articles. The stage groups annotated articles, so the
    annotations are taken out and put back a tenth at a time, grouping after each."""
    import sqlalchemy as sa

    from rashomon.store import Store
    from rashomon.stories.pipeline import build_stories

    db = fresh_copy(corpus, folder, "increments.db")
    order = list(corpus.stored)
    random.Random(7).shuffle(order)
    parts = [order[i::INCREMENTS] for i in range(INCREMENTS)]
    store = Store.open(db)
    try:
        with store.database.writing() as connection:
            saved = connection.execute(sa.text("SELECT * FROM annotations")).mappings().all()
            connection.execute(sa.text("DELETE FROM annotations"))
        by_id = {row["article_id"]: dict(row) for row in saved}
        for part in parts:
            rows = [by_id[i] for i in part if i in by_id]
            with store.database.writing() as connection:
                columns = ", ".join(rows[0])
                values = ", ".join(f":{c}" for c in rows[0])
                connection.execute(
                    sa.text(f"INSERT INTO annotations ({columns}) VALUES ({values})"), rows
                )
            build_stories(store)  # the model loads once per process
    finally:
        store.close()
    return stories_of(db)


def raw_texts(corpus: Corpus) -> list[str]:
    return [(ECBPLUS / f"{i}.txt").read_text("utf-8") for i in sorted(corpus.gold)]


def cleaned_texts(corpus: Corpus) -> list[str]:
    """What rashomon keeps (headline and cleaned text; the raw file where ingest refused)."""
    from rashomon.store import Store

    store = Store.open(corpus.db)
    try:
        kept = {a.id: f"{a.title}\n{a.text}" for a in store.iter_articles(corpus.stored)}
    finally:
        store.close()
    raw = dict(zip(sorted(corpus.gold), raw_texts(corpus), strict=True))
    return [kept.get(i, raw[i]) for i in sorted(corpus.gold)]


def baseline(corpus: Corpus, texts: list[str]) -> tuple[float, tuple[float, float, float]]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(corpus.gold)
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    dense = matrix.toarray()
    gold = [corpus.gold[i] for i in ids]
    best: tuple[float, tuple[float, float, float]] = (0.0, (0.0, 0.0, 0.0))
    for threshold in np.arange(0.5, 0.96, 0.025):
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=float(threshold),
        ).fit_predict(dense)
        score = bcubed([str(x) for x in labels], gold)
        if score[2] > best[1][2]:
            best = (float(threshold), score)
    return best


def labels(corpus: Corpus, story_of: dict[str, str]) -> list[str]:
    return [story_of.get(i, f"alone:{i}") for i in sorted(corpus.gold)]


def confusions(gold: dict[str, str], story_of: dict[str, str]) -> tuple[list[str], list[str]]:
    """Stories mixing gold events (worst first), and gold events split across stories;
    ``gold`` maps article to event, ``story_of`` article to story."""
    members: dict[str, Counter[str]] = defaultdict(Counter)
    spread: dict[str, Counter[str]] = defaultdict(Counter)
    for article in sorted(gold):
        story = story_of.get(article, f"alone:{article}")
        members[story][gold[article]] += 1
        spread[gold[article]][story] += 1
    merged = sorted(
        (c for c in members.values() if len(c) > 1),
        key=lambda c: -sum(c.values()) + max(c.values()),
    )
    split = sorted((e for e, c in spread.items() if len(c) > 1), key=lambda e: -len(spread[e]))
    merged_text = [" + ".join(f"{event} ({n})" for event, n in c.most_common()) for c in merged[:6]]
    split_text = [
        f"{event}: {' / '.join(str(n) for _, n in spread[event].most_common())}"
        for event in split[:6]
    ]
    return merged_text, split_text


def main() -> int:
    corpus = load()
    gold = [corpus.gold[i] for i in sorted(corpus.gold)]
    fitted = yaml.safe_load(
        (REPO / "src/rashomon/stories/data/pair_weights.yaml").read_text("utf-8")
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = run_batch(corpus, folder)
        increments = run_increments(corpus, folder)
    ours = bcubed(labels(corpus, batch), gold)
    inc = bcubed(labels(corpus, increments), gold)
    agreement = bcubed(labels(corpus, increments), labels(corpus, batch))
    threshold, base = baseline(corpus, raw_texts(corpus))
    clean_threshold, clean_base = baseline(corpus, cleaned_texts(corpus))
    held = fitted["held_out_bcubed"]
    merged, split = confusions(corpus.gold, batch)
    verdict = "met" if ours[2] >= TARGET else "NOT met"

    rows = [
        (f"TF-IDF + agglomerative on the raw files (best threshold {threshold:.3f})", *base),
        (
            f"TF-IDF + agglomerative on rashomon's cleaned text (best {clean_threshold:.3f})",
            *clean_base,
        ),
        (
            "rashomon, held-out topics (5-fold fit, average linkage)",
            held["precision"],
            held["recall"],
            held["f1"],
        ),
        ("rashomon stories stage, one batch (shipped weights)", *ours),
        (f"rashomon stories stage, {INCREMENTS} shuffled increments", *inc),
    ]
    table = ["| method | BCubed P | BCubed R | BCubed F1 |", "|---|---|---|---|"]
    table += [f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} |" for name, p, r, f in rows]
    for line in table:
        print(line)
    print(f"batch vs increments agreement (BCubed F1): {agreement[2]:.3f}")
    body = "\n".join(
        [
            "## Stories on ECB+ (look-alike events)",
            "",
            f"ECB+ dev topics 1–35: {len(corpus.gold)} articles, {len(set(gold))} events,"
            " each topic two look-alike events of one kind. Produced by"
            " `python benchmarks/stories_quality.py`"
            f" ({len(corpus.missing)} articles ingest refused as one-line headlines count as"
            f" singletons). Lead embeddings: {lead_embeddings()}.",
            "",
            *table,
            "",
            f"Target BCubed F1 ≥ {TARGET}: **{verdict}** ({ours[2]:.3f}). The baseline's threshold"
            " was picked on these same articles; rashomon's weights were fitted on them too, so"
            " the held-out row is the fair comparison. The raw files start with the page URL and"
            " a date line in the ECB+ half of each topic only, which tells the two halves apart"
            " for the baseline; the cleaned-text row removes that artefact.",
            "",
            f"One batch vs {INCREMENTS} shuffled increments: the two partitions agree at BCubed"
            f" F1 {agreement[2]:.3f} (each scored against the other).",
            "",
            "Worst merges (stories holding two gold events, articles per event): "
            + ("; ".join(merged) or "none")
            + ".",
            "",
            "Most split events (articles per story): " + ("; ".join(split) or "none") + ".",
        ]
    )
    write_section("quality.md", "stories-ecbplus", body)
    print("written to docs/quality.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
