"""Nearest neighbours of rows with missing values (NaN), by the ``nan_euclidean`` distance.

The distance of scikit-learn's ``nan_euclidean_distances`` (Dixon 1979): over the
coordinates present in both rows, ``sqrt(d / present * sum (x - y)^2)``; rows with no
coordinate present in both are at infinite distance (scikit-learn says NaN). The search
ranks candidates with one BLAS product per block of query rows (sums of squares and
products over the present coordinates, on columns centred at their mean), then recomputes
the distances of the best candidates exactly, coordinate by coordinate, and ranks those:
nearest first, ties by the smaller index (rows at infinite distance too). A block of query
rows holds ``rows x n`` distances within a fixed budget (:data:`BUDGET_BYTES`) whatever
``n``.
"""

from __future__ import annotations

import numpy as np

from smotekit.neighbors.scaling import power_of_two

#: Bytes of distance scratch per block of query rows (four float64 arrays of rows x n).
BUDGET_BYTES = 32 << 20
#: Candidates per row re-ranked exactly, beyond k (the BLAS sums round; their ranks near
#: the k-th may be swapped by a few ulps).
_MARGIN = 8


def nan_kneighbors_within(X: np.ndarray, k: int) -> np.ndarray:
    """``(n, k)`` indices of each row's ``k`` nearest other rows of ``X`` (NaN = missing).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, np.nan], [1.0, 5.0], [0.1, 9.0], [np.nan, 5.1]])
    >>> nan_kneighbors_within(X, 1).ravel().tolist()
    [2, 3, 0, 1]
    """
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    present = ~np.isnan(X)
    # one power of two for all rows: squares of values near float64's limit stay finite,
    # and the ranking is unchanged (exact scaling)
    peak = float(np.max(np.abs(X), where=present, initial=0.0))
    scale = float(power_of_two(peak))
    zeroed = np.where(present, X * scale, 0.0)
    mask = present.astype(np.float64)
    # the ranking products cancel (q^2 + r^2 - 2qr): on columns centred at their mean their
    # error follows the rows' spread, not their offset (1e8 + N(0, 1) ranked nothing right)
    held = np.maximum(mask.sum(axis=0), 1.0)
    centred = np.where(present, zeroed - zeroed.sum(axis=0) / held, 0.0)
    # sum over shared columns of (q - r)^2 = q^2 . [r held] + [q held] . r^2 - 2 q . r: one
    # product of [q^2, [q held], q] with [[r held], r^2, -2 r] (zeros where missing)
    right = np.hstack([mask, centred * centred, -2.0 * centred]).T.copy()
    m = min(k + _MARGIN, n - 1)
    # the ranking holds ~4 arrays of rows x n values, the exact pass ~4 of rows x m x d
    step = max(1, min(BUDGET_BYTES // (32 * max(n, 1)), BUDGET_BYTES // (32 * m * max(d, 1))))
    found = np.empty((n, k), dtype=np.intp)
    for a in range(0, n, step):
        b = min(a + step, n)
        q, qm = centred[a:b], mask[a:b]
        dist = np.hstack([q * q, qm, q]) @ right
        shared = qm @ mask.T
        # ranked by the mean squared difference over shared columns (d / shared times it
        # is the distance squared: the same order); none shared: infinitely far
        np.maximum(dist, 0.0, out=dist)
        np.divide(dist, shared, out=dist, where=shared > 0)
        np.copyto(dist, np.inf, where=shared == 0)
        own = np.arange(a, b)
        dist[np.arange(b - a), own] = -1.0  # first among the candidates, dropped below
        cand = np.argpartition(dist, m, axis=1)[:, : m + 1]
        # a row with fewer than m rows it shares a column with: its infinitely far
        # candidates are the smallest indices (the partial sort's order is numpy's own)
        for i in np.flatnonzero(np.isinf(dist).sum(axis=1) > dist.shape[1] - (m + 1)):
            near = np.flatnonzero(~np.isinf(dist[i]))
            cand[i] = np.concatenate([near, np.flatnonzero(np.isinf(dist[i]))])[: m + 1]
        keep = cand != own[:, None]
        keep[~(~keep).any(axis=1), -1] = False  # (never: the row itself is always taken)
        cand = cand[keep].reshape(b - a, m)
        exact = _exact(zeroed[a:b], mask[a:b], zeroed, mask, cand, d)
        rank = np.lexsort((cand, exact), axis=1)[:, :k]
        found[a:b] = np.take_along_axis(cand, rank, axis=1)
    return found


def _exact(
    q: np.ndarray, qm: np.ndarray, R: np.ndarray, rm: np.ndarray, cand: np.ndarray, d: int
) -> np.ndarray:
    """The nan-euclidean squared distances of each query row to its candidates."""
    both = qm[:, None, :] * rm[cand]
    diff = (q[:, None, :] - R[cand]) * both
    shared = both.sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (diff * diff).sum(axis=2) * (d / shared)
    return np.where(shared > 0, out, np.inf)
