"""Approximate nearest neighbours by cosine (hnswlib), for candidate articles and stories."""

from __future__ import annotations

import numpy as np


def nearest(matrix: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """For each query row, the row numbers of its ``k`` nearest rows of ``matrix`` and their
    cosine similarities (a row is its own nearest neighbour when it is also a query)."""
    import hnswlib

    index = hnswlib.Index(space="cosine", dim=matrix.shape[1])
    index.init_index(max_elements=len(matrix), ef_construction=200, M=16, random_seed=7)
    index.add_items(matrix.astype(np.float32), np.arange(len(matrix)), num_threads=1)
    k = min(k, len(matrix))
    index.set_ef(max(2 * k, 64))
    labels, distances = index.knn_query(queries.astype(np.float32), k=k, num_threads=1)
    return labels, 1.0 - distances
