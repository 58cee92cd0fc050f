"""Compiled kernels that write synthetic rows in place.

Serial and ``nogil``: the caller runs them on row ranges from the package's one thread pool
(``smotekit._parallel``), as the neighbour engine does. Each output row depends only on its
own recipe entry, so the result is identical whatever the thread count. Serial kernels
compile in a fraction of the time of numba's ``parallel=True`` ones and need no threading
layer of numba's own. Compiled code is cached on disk (``cache=True``).
"""

from __future__ import annotations

from numba import njit


@njit(cache=True, nogil=True)
def segment_kernel(out, X, base, neighbor, gap):  # pragma: no cover - compiled
    """``out[i] = X[base[i]] + gap[i] * (X[neighbor[i]] - X[base[i]])``."""
    d = X.shape[1]
    for i in range(base.shape[0]):
        b = base[i]
        n = neighbor[i]
        g = gap[i]
        for j in range(d):
            xb = X[b, j]
            out[i, j] = xb + g * (X[n, j] - xb)


@njit(cache=True, nogil=True)
def box_kernel(out, X, base, neighbor, gaps):  # pragma: no cover - compiled
    """``out[i, j] = X[base[i], j] + gaps[i, j] * (X[neighbor[i], j] - X[base[i], j])``."""
    d = X.shape[1]
    for i in range(base.shape[0]):
        b = base[i]
        n = neighbor[i]
        for j in range(d):
            xb = X[b, j]
            out[i, j] = xb + gaps[i, j] * (X[n, j] - xb)
