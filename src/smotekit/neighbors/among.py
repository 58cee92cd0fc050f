"""Nearest rows of *any* class for some query rows (the variants' danger tests)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree


def kneighbors_among(
    X: np.ndarray | sp.csr_matrix, queries: np.ndarray, m: int, *, n_jobs: int | None = None
) -> np.ndarray:
    """``(len(queries), m)`` positions of the m rows of ``X`` nearest to each query row.

    ``queries`` are positions of rows of ``X``; a query row is never its own neighbour (its
    duplicates are, at distance 0). Nearest first, ties broken by the smaller position.
    """
    m_eff = min(m + 1, X.shape[0])
    idx = _ranked(X, X[queries], m_eff, n_jobs)
    own = idx == queries[:, None]
    own[~own.any(axis=1), -1] = True  # no self among them: drop the farthest instead
    first = own.argmax(axis=1)
    keep = np.ones_like(own)
    keep[np.arange(len(queries)), first] = False
    return idx[keep].reshape(len(queries), m_eff - 1)[:, :m].astype(np.intp, copy=False)


def kneighbors_points(
    X: np.ndarray | sp.csr_matrix, Q: np.ndarray | sp.csr_matrix, m: int, *, n_jobs=None
) -> np.ndarray:
    """``(len(Q), m)`` positions of the rows of ``X`` nearest to each row of ``Q``.

    ``Q`` holds new points (not rows of ``X``), so nothing is excluded. Nearest first, ties
    broken by the smaller position.
    """
    return _ranked(X, Q, min(m, X.shape[0]), n_jobs)


def _ranked(X, Q, m: int, n_jobs) -> np.ndarray:
    if not sp.issparse(X) and X.shape[1] <= 15:
        dist, idx = cKDTree(X).query(Q, k=m, workers=-1 if n_jobs is None else n_jobs)
        dist, idx = dist.reshape(Q.shape[0], -1), idx.reshape(Q.shape[0], -1)
        d2 = dist**2
    else:
        d2, idx = _brute(X, Q, m)
    order = np.lexsort((idx, d2), axis=-1)
    return np.take_along_axis(idx, order, axis=1)


def _brute(X, Q, m_eff: int, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.metrics.pairwise import euclidean_distances

    sq = np.asarray(X.multiply(X).sum(axis=1)).ravel() if sp.issparse(X) else (X * X).sum(1)
    d2_out = np.empty((Q.shape[0], m_eff))
    idx_out = np.empty((Q.shape[0], m_eff), dtype=np.intp)
    for start in range(0, Q.shape[0], block):
        q = Q[start : start + block]
        d2 = euclidean_distances(q, X, Y_norm_squared=sq[None, :], squared=True)
        cand = np.argpartition(d2, m_eff - 1, axis=1)[:, :m_eff]
        idx_out[start : start + block] = cand
        d2_out[start : start + block] = np.take_along_axis(d2, cand, axis=1)
    return d2_out, idx_out
