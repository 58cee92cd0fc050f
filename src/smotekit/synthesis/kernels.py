"""Compiled kernels that write synthetic rows in place, in parallel.

Each output row depends only on its own recipe entry, so the result is identical whatever
the thread count. Compiled code is cached on disk (``cache=True``): only the very first call
after installation pays the compile.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True, nogil=True)
def segment_kernel(out, X, base, neighbor, gap):  # pragma: no cover - compiled
    """``out[i] = X[base[i]] + gap[i] * (X[neighbor[i]] - X[base[i]])``."""
    d = X.shape[1]
    for i in prange(base.shape[0]):
        b = base[i]
        n = neighbor[i]
        g = gap[i]
        for j in range(d):
            xb = X[b, j]
            out[i, j] = xb + g * (X[n, j] - xb)


@njit(parallel=True, cache=True, nogil=True)
def box_kernel(out, X, base, neighbor, gaps):  # pragma: no cover - compiled
    """``out[i, j] = X[base[i], j] + gaps[i, j] * (X[neighbor[i], j] - X[base[i], j])``."""
    d = X.shape[1]
    for i in prange(base.shape[0]):
        b = base[i]
        n = neighbor[i]
        for j in range(d):
            xb = X[b, j]
            out[i, j] = xb + gaps[i, j] * (X[n, j] - xb)


def warm_up() -> None:
    """Compile (or load from cache) the signatures the samplers use."""
    idx = np.zeros(1, dtype=np.intp)
    for dtype in (np.float32, np.float64):
        X = np.zeros((1, 1), dtype=dtype)
        out = np.empty((1, 1), dtype=dtype)
        segment_kernel(out, X, idx, idx, np.zeros(1))
        box_kernel(out, X, idx, idx, np.zeros((1, 1)))
