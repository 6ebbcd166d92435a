"""ECB+ (look-alike events) as rashomon reads it: shared by the weight fitting and the
evaluation scripts.

The 772 articles are ingested and understood exactly as ``rashomon analyze`` does;
the database is cached under ``.cache/`` (delete it to rebuild) because
understanding takes a few minutes. Gold maps each file stem to its event.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ECBPLUS = REPO.parent / "shared/datasets/ecbplus-dev"
CACHE = REPO / ".cache"


def lead_embeddings() -> str:
    """What the leads were encoded as, for the docs: the model and its precision."""
    from rashomon.stories.embed import PRECISION_VARIABLE, model_name, precision

    chosen = precision()
    how = "bfloat16" if chosen == "bf16" else "float32"
    why = f"set by {PRECISION_VARIABLE}" if os.environ.get(PRECISION_VARIABLE) else "this CPU's"
    return f"`{model_name()}`, {how} ({why})"


@dataclass
class Corpus:
    db: str
    gold: dict[str, str]  # file stem -> event
    stored: list[str]  # article ids in the database (file stems)
    missing: list[str]  # gold stems ingest refused (reported as problems)

    def topic(self, stem: str) -> str:
        return stem.split("_", 1)[0]


def load() -> Corpus:
    from rashomon.ingest import IngestOptions, ingest
    from rashomon.store import Store
    from rashomon.understand.pipeline import Understander, understand_store

    if not ECBPLUS.is_dir():
        raise SystemExit(f"ECB+ not found at {ECBPLUS}; see ../shared/datasets/README.md")
    gold = json.loads((ECBPLUS / "gold.json").read_text("utf-8"))
    CACHE.mkdir(exist_ok=True)
    db = CACHE / "ecbplus.db"
    store = Store.open(str(db))
    try:
        if store.count() == 0:
            texts = sorted(str(p) for p in ECBPLUS.glob("*.txt"))
            ingest(texts, store, IngestOptions())
        understand_store(store, Understander.load(), workers=2)
        stored = sorted(a.id for a in store.iter_articles() if a.id in gold)
    finally:
        store.close()
    missing = sorted(set(gold) - set(stored))
    return Corpus(db=str(db), gold=gold, stored=stored, missing=missing)


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering (labels per item) against gold."""
    clusters: dict[str, set[int]] = defaultdict(set)
    classes: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        clusters[p].add(i)
        classes[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        both = len(clusters[p] & classes[g])
        precision += both / len(clusters[p])
        recall += both / len(classes[g])
    n = len(predicted)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)
