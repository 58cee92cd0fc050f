"""Exact k-nearest neighbours of every row of a class among the other rows of that class.

Contract (every backend): row ``i`` of the result holds the local indices of the ``k`` rows
closest to row ``i`` in Euclidean distance, nearest first, ties broken by the smaller index,
never ``i`` itself (a duplicate of row ``i`` is a legitimate neighbour at distance 0).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from smotekit.errors import InvalidParameterError


def resolve_k(k_neighbors: Any) -> tuple[int, Any]:
    """Return ``(k, estimator_or_None)`` from an int or an object with ``kneighbors``.

    As in imbalanced-learn, an estimator must be built with ``n_neighbors = k + 1`` because
    the query point is among its own results.
    """
    if isinstance(k_neighbors, bool):
        raise InvalidParameterError(f"k_neighbors={k_neighbors!r} must be an int >= 1.")
    if isinstance(k_neighbors, int | np.integer):
        if k_neighbors < 1:
            raise InvalidParameterError(
                f"k_neighbors={k_neighbors} must be >= 1: it is how many nearest same-class "
                "neighbours each base row chooses from (the paper uses 5)."
            )
        return int(k_neighbors), None
    if hasattr(k_neighbors, "kneighbors") and hasattr(k_neighbors, "fit"):
        n = getattr(k_neighbors, "n_neighbors", None)
        if not isinstance(n, int | np.integer) or n < 2:
            raise InvalidParameterError(
                f"The k_neighbors estimator has n_neighbors={n!r}; it must be an int >= 2 "
                "(k + 1: the query point is returned among its own neighbours)."
            )
        return int(n) - 1, k_neighbors
    raise InvalidParameterError(
        f"k_neighbors={k_neighbors!r} must be an int or an object with fit and kneighbors "
        "methods (e.g. sklearn.neighbors.NearestNeighbors(n_neighbors=k + 1))."
    )


def kneighbors_within(
    X: np.ndarray | sp.csr_matrix,
    k: int,
    *,
    estimator: Any = None,
    n_jobs: int | None = None,
) -> np.ndarray:
    """Indices ``(n, k)`` of each row's ``k`` nearest other rows of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n, d) or csr_matrix
        The rows of one class, float32 or float64.
    k : int
        Neighbours per row; the caller guarantees ``n > k``.
    estimator : object with ``fit`` and ``kneighbors``, optional
        A user-supplied search built with ``n_neighbors = k + 1``.
    n_jobs : int, optional
        Threads; ``None`` means all cores.
    """
    if estimator is not None:
        est = estimator.fit(X) or estimator
        found = np.asarray(est.kneighbors(X, return_distance=False))
        return drop_self(found, k)
    if sp.issparse(X) or X.shape[1] > 15:
        return _brute(X, k)
    return _kdtree(X, k, n_jobs)


def drop_self(found: np.ndarray, k: int) -> np.ndarray:
    """Remove each row's own index from ``k + 1`` results; if absent, drop the last one.

    The self index can be missing (or not first) when duplicates of the row sit at distance 0.
    """
    n = found.shape[0]
    own = found == np.arange(n)[:, None]
    has_own = own.any(axis=1)
    # rows without their own index lose the farthest candidate instead
    own[~has_own, -1] = True
    first = own.argmax(axis=1)
    keep = np.ones_like(own)
    keep[np.arange(n), first] = False
    return found[keep].reshape(n, found.shape[1] - 1)[:, :k].astype(np.intp, copy=False)


def _kdtree(X: np.ndarray, k: int, n_jobs: int | None) -> np.ndarray:
    tree = cKDTree(X)
    dist, idx = tree.query(X, k=k + 1, workers=-1 if n_jobs is None else n_jobs)
    idx = idx.reshape(X.shape[0], -1)
    dist = dist.reshape(X.shape[0], -1)
    order = np.lexsort((idx, dist), axis=-1)
    idx = np.take_along_axis(idx, order, axis=1)
    return drop_self(idx, k)


def _brute(X: np.ndarray | sp.csr_matrix, k: int) -> np.ndarray:
    from sklearn.metrics import pairwise_distances_chunked

    n = X.shape[0]
    out = np.empty((n, k + 1), dtype=np.intp)
    start = 0
    for block in pairwise_distances_chunked(X, X, metric="sqeuclidean"):
        rows = block.shape[0]
        cand = np.argpartition(block, k, axis=1)[:, : k + 1]
        cd = np.take_along_axis(block, cand, axis=1)
        order = np.lexsort((cand, cd), axis=-1)
        out[start : start + rows] = np.take_along_axis(cand, order, axis=1)
        start += rows
    return drop_self(out, k)
