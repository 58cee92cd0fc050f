"""Small searches in plain numpy: exact, and nothing to compile or load.

A fresh process pays ~0.1 s (and ~50 MB) the first time it calls a compiled kernel, to set up
numba and load the kernel from its cache: more than the whole search costs when the class
has a few hundred rows (the fraud shape: 492 rows x 30 columns, 0.005 s of work). Below
:data:`SMALL_PAIRS` query/reference pairs the search runs here instead. The distances are
the engine's exact ones, bit for bit (the squared differences added column by column, in
column order, from 0.0, as ``_kernels.pair_sqdist`` adds them), and ties go to the smaller
index, so which path ran never changes a result.
"""

from __future__ import annotations

import numpy as np

#: Query/reference pairs at or below which a search runs here (512 x 512; a 2 MB block).
SMALL_PAIRS = 1 << 18
#: ... and squared differences (pairs x columns): numpy takes one pass per column, so a
#: wide search (90 rows x 50,000 columns: 0.35 s here) goes to the compiled BLAS path.
SMALL_VALUES = 1 << 24


def runs_small(pairs: int, columns: int) -> bool:
    """Whether a search of ``pairs`` query/reference pairs over ``columns`` runs here."""
    return pairs <= SMALL_PAIRS and pairs * columns <= SMALL_VALUES


#: Distances held at once (8 MB of float64).
_BLOCK_CELLS = 1 << 20


def brute_knn(Q: np.ndarray, P: np.ndarray, k: int, own: np.ndarray | None = None) -> np.ndarray:
    """``(len(Q), k)`` indices of the rows of ``P`` nearest each row of ``Q``.

    ``own[i]``, when given, is the row of ``P`` that query ``i`` is (excluded; its duplicates
    are not). Nearest first by exact float64 distance, ties by the smaller index; the
    caller guarantees ``k`` rows to choose from.
    """
    nq, n = Q.shape[0], P.shape[0]
    out = np.empty((nq, k), dtype=np.intp)
    step = max(1, _BLOCK_CELLS // max(n, 1))
    for a in range(0, nq, step):
        b = min(a + step, nq)
        D = np.zeros((b - a, n))
        for c in range(P.shape[1]):
            diff = np.subtract.outer(Q[a:b, c], P[:, c])
            diff *= diff
            D += diff
        if own is not None:
            D[np.arange(b - a), own[a:b]] = np.inf
        out[a:b] = _smallest(D, k)
    return out


def _smallest(D: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the ``k`` smallest values, ordered by (value, column)."""
    q, n = D.shape
    if k < n:
        kth = np.partition(D, k - 1, axis=1)[:, k - 1]
        # every column up to the k-th value (ties at it included), then ranked exactly
        rows, cols = np.nonzero(kth[:, None] >= D)
    else:
        rows, cols = np.divmod(np.arange(q * n), n)
    order = np.lexsort((cols, D[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(q))
    pick = starts[:, None] + np.arange(k)
    return cols[pick].astype(np.intp, copy=False)
