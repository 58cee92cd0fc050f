"""Compiled helpers for the door: one parallel pass over X instead of numpy temporaries."""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True, nogil=True)
def _nonfinite_rows(X):  # pragma: no cover - compiled
    n, d = X.shape
    flags = np.zeros(n, dtype=np.bool_)
    for i in prange(n):
        for j in range(d):
            if not np.isfinite(X[i, j]):
                flags[i] = True
                break
    return flags


def all_finite(X: np.ndarray) -> bool:
    """Whether every value of a float array is finite (no NaN, no inf)."""
    if X.dtype.kind != "f" or X.ndim != 2 or not X.flags.c_contiguous:
        with np.errstate(all="ignore"):
            return bool(np.isfinite(X).all())
    return not _nonfinite_rows(X).any()


@njit(parallel=True, cache=True, nogil=True)
def _copy_rows(out, X):  # pragma: no cover - compiled
    for i in prange(X.shape[0]):
        for j in range(X.shape[1]):
            out[i, j] = X[i, j]


def copy_rows(out: np.ndarray, X: np.ndarray) -> None:
    """``out[:] = X`` with both cores touching the fresh pages of ``out``.

    The first write to a newly allocated output is bound by page faults; two threads fault
    in parallel. Falls back to numpy for dtypes or layouts the kernel is not compiled for.
    """
    if (
        X.dtype == out.dtype
        and X.dtype in (np.float32, np.float64)
        and X.flags.c_contiguous
        and out.flags.c_contiguous
        and X.size > 1 << 16
    ):
        _copy_rows(out, X)
    else:
        out[...] = X
