"""Compiled kernels that write synthetic rows in place.

Serial and ``nogil``: the caller runs them on row ranges from the package's one thread pool
(``smotekit._parallel``), as the neighbour engine does. Each output row depends only on its
own recipe entry, so the result is identical whatever the thread count. Serial kernels
compile in a fraction of the time of numba's ``parallel=True`` ones and need no threading
layer of numba's own. Compiled code is cached on disk (``cache=True``).

Overflow: ``xb + g * (xn - xb)`` overflows when the parents' difference does (values of
opposite signs near the dtype's limit), although the point lies between two finite values.
Such values, and only those, are recomputed at half scale (:func:`safe_point`), so ordinary
data keep their bits and a finite input never gives a non-finite synthetic value. Rounding
can also step past a parent when the parents' scales differ wildly (``-1`` and ``-3e-240``
with a gap of 1 give ``0.0``); a value on the segment (gap in [0, 1]) is clamped to the
parents' range, which leaves every value already inside it untouched.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from smotekit._native import native


@njit(cache=True, nogil=True, inline="always")
def on_segment(v: float, xb: float, xn: float) -> float:
    """``v`` moved onto the parents' range if rounding put it (strictly) outside."""
    lo = xb if xb <= xn else xn
    hi = xn if xb <= xn else xb
    if v < lo:
        return lo
    if v > hi:
        return hi
    return v


@njit(cache=True, nogil=True, inline="always")
def safe_point(xb: float, xn: float, g: float, limit: float) -> float:
    """``xb + g * (xn - xb)`` without overflow: between the parents for ``0 <= g <= 1``.

    ``2 * (xb / 2 + g * (xn / 2 - xb / 2))``: every intermediate is at most the larger
    parent's magnitude. The result is clamped to the parents' range (a rounding could step
    past it) and, for extrapolating gaps, to +-``limit`` (the output dtype's largest value).
    """
    h = 0.5 * xn - 0.5 * xb
    v = 2.0 * (0.5 * xb + g * h)
    if 0.0 <= g <= 1.0:
        v = on_segment(v, xb, xn)
    if v > limit:
        v = limit
    elif v < -limit:
        v = -limit
    return v


@njit(cache=True, nogil=True)
def segment_kernel(out, X, base, neighbor, gap, limit):  # pragma: no cover - compiled
    """``out[i] = X[base[i]] + gap[i] * (X[neighbor[i]] - X[base[i]])``."""
    d = X.shape[1]
    for i in range(base.shape[0]):
        b = base[i]
        n = neighbor[i]
        g = gap[i]
        for j in range(d):
            xb = X[b, j]
            xn = X[n, j]
            v = xb + g * (xn - xb)
            if not (-limit <= v <= limit):  # overflow (or NaN from inf - inf): rare
                v = safe_point(xb, xn, g, limit)
            elif 0.0 <= g <= 1.0:
                v = on_segment(v, xb, xn)
            out[i, j] = v


@njit(cache=True, nogil=True)
def box_kernel(out, X, base, neighbor, gaps, limit):  # pragma: no cover - compiled
    """``out[i, j] = X[base[i], j] + gaps[i, j] * (X[neighbor[i], j] - X[base[i], j])``."""
    d = X.shape[1]
    for i in range(base.shape[0]):
        b = base[i]
        n = neighbor[i]
        for j in range(d):
            xb = X[b, j]
            xn = X[n, j]
            g = gaps[i, j]
            v = xb + g * (xn - xb)
            if not (-limit <= v <= limit):
                v = safe_point(xb, xn, g, limit)
            elif 0.0 <= g <= 1.0:
                v = on_segment(v, xb, xn)
            out[i, j] = v


def limit_of(dtype: np.dtype) -> float:
    """The largest finite value of a float output dtype (float64's for other dtypes)."""
    dtype = np.dtype(dtype)
    return float(np.finfo(dtype).max) if dtype.kind == "f" else float(np.finfo(np.float64).max)


# The compiled stand-ins (smotekit._native), where built: same signatures, same bits.
segment_kernel = native(segment_kernel)
box_kernel = native(box_kernel)
