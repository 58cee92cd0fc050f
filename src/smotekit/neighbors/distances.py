"""Exact distances from query rows to neighbours already found (by any search)."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit._compiled import compiled_pays
from smotekit._parallel import chunks, parallel_map, resolve_threads
from smotekit.neighbors._kernels import pair_sqdist

#: Pairs per thread task of the compiled kernel.
_PAIR_CHUNK = 65_536
#: float64 scratch of the numpy path (a few tens of MB).
_SCRATCH = 1 << 25


def pair_distances(
    Q: Any, P: Any, neighbors: np.ndarray, *, n_jobs: int | None = None
) -> np.ndarray:
    """``(len(Q), k)`` Euclidean distances from row ``i`` of ``Q`` to ``P[neighbors[i]]``.

    The squared differences are added in float64, column by column in column order (no
    cancellation, the engine's exact distances), with bounded scratch: a large dense job
    runs the engine's compiled pair kernel on every core, a small one plain numpy (nothing
    to load in a fresh process), sparse rows a block at a time.

    Parameters
    ----------
    Q : ndarray of shape (q, d) or sparse matrix
    P : ndarray of shape (n, d) or sparse matrix
    neighbors : ndarray of shape (q, k), int
        Row positions in ``P``.
    n_jobs : int, optional
        Threads for the compiled path; ``None`` or ``-1`` means all cores.

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.neighbors import pair_distances
    >>> Q, P = np.array([[0.0, 0.0]]), np.array([[3.0, 4.0], [1.0, 0.0]])
    >>> pair_distances(Q, P, np.array([[1, 0]]))
    array([[1., 5.]])
    """
    neighbors = np.asarray(neighbors, dtype=np.intp)
    nq, k = neighbors.shape
    d = max(Q.shape[1], 1)
    if sp.issparse(Q) or sp.issparse(P):
        return np.sqrt(_sparse_sqdist(Q, P, neighbors))
    Q64 = np.ascontiguousarray(Q, dtype=np.float64)
    P64 = np.ascontiguousarray(P, dtype=np.float64)
    out = np.empty(nq * k, dtype=np.float64)
    if compiled_pays(pair_sqdist, nq * k * d):
        a = np.repeat(np.arange(nq, dtype=np.intp), k)
        b = neighbors.reshape(-1)

        def work(span: tuple[int, int]) -> None:
            s, e = span
            pair_sqdist(Q64, P64, a[s:e], b[s:e], out[s:e])

        parallel_map(work, chunks(nq * k, _PAIR_CHUNK), resolve_threads(n_jobs))
    else:
        step = max(1, _SCRATCH // (8 * k * d))
        for s in range(0, nq, step):
            e = min(s + step, nq)
            acc = np.zeros((e - s, k))
            found = neighbors[s:e]
            for col in range(Q64.shape[1]):
                diff = Q64[s:e, col, None] - P64[found, col]
                diff *= diff
                acc += diff
            out[s * k : e * k] = acc.reshape(-1)
    return np.sqrt(out).reshape(nq, k)


def _sparse_sqdist(Q: Any, P: Any, neighbors: np.ndarray) -> np.ndarray:
    nq, k = neighbors.shape
    Q = (
        sp.csr_matrix(Q, dtype=np.float64)
        if sp.issparse(Q)
        else sp.csr_matrix(np.asarray(Q, dtype=np.float64))
    )
    P = (
        sp.csr_matrix(P, dtype=np.float64)
        if sp.issparse(P)
        else sp.csr_matrix(np.asarray(P, dtype=np.float64))
    )
    out = np.empty((nq, k))
    # scratch by the stored values of a row, not its width (sparse rows can be very wide)
    per_row = Q.nnz / max(Q.shape[0], 1) + P.nnz / max(P.shape[0], 1)
    step = max(1, int(_SCRATCH // (8 * 2 * k * max(per_row, 1.0))))
    for s in range(0, nq, step):
        e = min(s + step, nq)
        diff = Q[np.repeat(np.arange(s, e), k)] - P[neighbors[s:e].reshape(-1)]
        out[s:e] = np.asarray(diff.multiply(diff).sum(axis=1)).reshape(e - s, k)
    return out
