"""Fit the weights of the same-event signals on ECB+, with topics held out.

Every pair of ECB+ articles gets the signals of ``rashomon.stories.evidence``; a
logistic regression learns how much each says about "same event". To see how well
that generalises, it is fitted five times, each time on the pairs of 4/5 of the topics,
and scores the held-out fifth; the held-out probabilities are clustered (average
linkage) and scored with BCubed against gold for a range of thresholds. The threshold
with the best held-out F1 and the weights fitted on all topics are written to
``src/rashomon/stories/data/pair_weights.yaml``.

    python benchmarks/fit_story_weights.py
"""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import yaml

from ecbplus import REPO, bcubed, load

WEIGHTS = REPO / "src/rashomon/stories/data/pair_weights.yaml"
FOLDS = 5
# Set by hand, not fitted. Dates: ECB+ counts an event's follow-ups weeks later as the
# same event and half its articles carry no date, so it cannot teach what stated dates
# days apart mean for news, where they mark different happenings (the next round of
# talks, the second landslide); -10 outweighs even near-identical wording. States: ECB+
# rarely turns on which third country is involved, news about the same parties often
# does (who mediated); ECB+ learns about 0 for it. Cost on ECB+ held-out F1, measured
# when chosen: 0.889 with both fitted, 0.875 with these.
# Publication dates more than 5 days apart: ECB+ counts follow-ups weeks later as the same
# event, a news reader does not (they are the storyline's next story). Weaker than a
# stated date conflict, since a weekly may report a happening late. Measured when
# chosen (ECB+ held-out F1 / news-month F1, benchmarks/stories_news_month.py): without
# 0.873 / 0.757, -3 0.868 / 0.776, -10 0.867 / 0.786 (7 days apart, before the
# credited-caption and count-sum fixes); then the tolerance at -3, on the current code:
# 3 days 0.870 / 0.804, 4 days 0.870 / 0.806, 5 days 0.871 / 0.806, 7 days 0.871 / 0.786.
FIXED = {"date_conflict": -10.0, "state_conflict": -1.5, "published_conflict": -3.0}
THRESHOLDS = np.round(np.arange(0.2, 0.91, 0.05), 2)


def pair_matrix(ids: list[str], db: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    from rashomon.store import Store
    from rashomon.stories.embed import Embedder, precision
    from rashomon.stories.evidence import FEATURES, Frequencies, pair_features, prepare
    from rashomon.stories.profile import build_profile

    store = Store.open(db)
    try:
        profiles = []
        for article in store.iter_articles(ids):
            annotation = store.annotation(article.id)
            assert annotation is not None, article.id
            profiles.append(build_profile(article, annotation))
    finally:
        store.close()
    by_id = {p.article_id: p for p in profiles}
    profiles = [by_id[i] for i in ids]
    vectors = Embedder.load().at(precision()).encode([p.lead for p in profiles])  # as stories do
    frequencies = Frequencies()
    for profile in profiles:
        frequencies.add(profile)
    prepared = [prepare(p, v, frequencies) for p, v in zip(profiles, vectors, strict=True)]
    pairs = [(i, j) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    rows = [pair_features(prepared[i], prepared[j]).values for i, j in pairs]
    return np.array([[row[f] for f in FEATURES] for row in rows]), pairs


def cluster(probability: np.ndarray, threshold: float) -> list[str]:
    from rashomon.stories.cluster import average_linkage

    labels = average_linkage(probability, threshold)
    return [str(label) for label in labels]


def main() -> int:
    from sklearn.linear_model import LogisticRegression

    from rashomon.stories.evidence import FEATURES

    corpus = load()
    ids = corpus.stored
    gold = [corpus.gold[i] for i in ids]
    topics = np.array([int(corpus.topic(i)) for i in ids])
    features, pairs = pair_matrix(ids, corpus.db)
    left = np.array([i for i, _ in pairs])
    right = np.array([j for _, j in pairs])
    same = np.array([gold[i] == gold[j] for i, j in pairs])
    n = len(ids)
    fitted = [k for k, name in enumerate(FEATURES) if name not in FIXED]
    fixed = sum(features[:, FEATURES.index(name)] * w for name, w in FIXED.items())

    held_out = np.zeros((n, n))
    for fold in range(FOLDS):
        test = (topics[left] % FOLDS == fold) | (topics[right] % FOLDS == fold)
        model = LogisticRegression(C=1.0, max_iter=5000)
        model.fit(features[~test][:, fitted], same[~test])
        logit = model.decision_function(features[test][:, fitted]) + fixed[test]
        probability = 1.0 / (1.0 + np.exp(-logit))
        held_out[left[test], right[test]] = probability
        held_out[right[test], left[test]] = probability
    np.fill_diagonal(held_out, 1.0)

    scores = {float(t): bcubed(cluster(held_out, float(t)), gold) for t in THRESHOLDS}
    best = max(scores, key=lambda t: scores[t][2])
    for t, (p, r, f) in scores.items():
        mark = "  <- best" if t == best else ""
        print(f"threshold {t:.2f}: held-out BCubed P {p:.3f} R {r:.3f} F1 {f:.3f}{mark}")

    model = LogisticRegression(C=1.0, max_iter=5000).fit(features[:, fitted], same)
    weights = {FEATURES[k]: round(float(w), 3) for k, w in zip(fitted, model.coef_[0], strict=True)}
    weights.update(FIXED)
    document = {
        "fitted": dt.date.today().isoformat(),
        "data": f"ECB+ topics 1-35 ({n} articles, {len(pairs)} pairs)",
        "held_out_bcubed": dict(
            zip(("precision", "recall", "f1"), (round(v, 3) for v in scores[best]), strict=True)
        ),
        "set_by_hand": sorted(FIXED),
        "bias": round(float(model.intercept_[0]), 3),
        "weights": weights,
        "threshold": best,
    }
    header = (
        "# Log-odds weights of the same-event signals (rashomon.stories.evidence).\n"
        "# Written by benchmarks/fit_story_weights.py; edit by re-fitting, not by hand.\n"
    )
    WEIGHTS.write_text(header + yaml.safe_dump(document, sort_keys=False), "utf-8")
    print(f"weights written to {WEIGHTS.relative_to(REPO)}: {weights}, bias {document['bias']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
