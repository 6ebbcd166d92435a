"""Average-linkage clustering of articles by their same-event probabilities.

Average linkage joins two groups only if their articles agree *on average*: one
strong link (a shared wire phrase, a common name) cannot pull two look-alike events
together, which single linkage would allow.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform


def average_linkage(probability: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels (0..k-1, in order of first member) for a symmetric matrix of
    same-event probabilities: groups join while their mean probability is >= threshold."""
    n = probability.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [0]
    distance = 1.0 - np.clip(probability, 0.0, 1.0)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    relabel: dict[int, int] = {}
    return [relabel.setdefault(int(label), len(relabel)) for label in raw]
