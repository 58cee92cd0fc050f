"""Compiled helpers for the door: one parallel pass over X instead of numpy temporaries."""

from __future__ import annotations

import numpy as np
from numba import njit

from smotekit._compiled import compiled_pays
from smotekit._native import native
from smotekit._parallel import chunks, parallel_map, resolve_threads


def all_finite(X: np.ndarray) -> bool:
    """Whether every value of a float array is finite (no NaN, no inf).

    ``X @ 0`` is 0 in a row of finite values and NaN in a row holding NaN or inf, whatever
    the magnitudes (a plain sum could overflow); BLAS reads X once, on every core, with a
    temporary of one value per row.
    """
    if X.dtype.kind != "f" or X.ndim != 2 or X.dtype.itemsize not in (4, 8):
        with np.errstate(all="ignore"):
            return bool(np.isfinite(X).all())
    with np.errstate(invalid="ignore"):
        return not np.isnan((X @ np.zeros(X.shape[1], dtype=X.dtype)).sum())


@njit(cache=True, nogil=True)
def _copy_rows(out, X):  # pragma: no cover - compiled
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            out[i, j] = X[i, j]


@njit(cache=True, nogil=True)
def _copy_rows_checked(out, X):  # pragma: no cover - compiled
    bad = 0
    for i in range(X.shape[0]):
        acc = 0.0
        for j in range(X.shape[1]):
            v = X[i, j]
            out[i, j] = v
            # v * 0 is 0 for a finite v and NaN for NaN or +-inf
            acc += v * 0.0
        if acc != acc:
            bad += 1
    return bad


# The compiled stand-ins (smotekit._native), where built: same results, nothing to load.
_copy_rows = native(_copy_rows)
_copy_rows_checked = native(_copy_rows_checked)

#: Rows per range handed to a thread.
_COPY_ROWS = 1 << 14


def copy_rows(
    out: np.ndarray, X: np.ndarray, *, check_finite: bool = False, n_jobs: int | None = None
) -> bool:
    """``out[:] = X`` with every core touching the fresh pages of ``out``.

    The first write to a newly allocated output is bound by page faults; threads fault in
    parallel (serial ``nogil`` kernels on ranges of rows, from the package's thread pool).
    With ``check_finite``, the same pass tells whether every value is finite (the door's
    check, done while the values go by instead of reading X once more); the return value
    is ``False`` when some value is NaN or infinite, else ``True``. Falls back to numpy for
    dtypes or layouts the kernel is not compiled for, and for jobs too small to repay
    loading it (``smotekit._compiled``).
    """
    kernel = _copy_rows_checked if check_finite else _copy_rows
    if (
        X.dtype == out.dtype
        and X.dtype in (np.float32, np.float64)
        and X.flags.c_contiguous
        and out.flags.c_contiguous
        and X.size > 1 << 16
        and compiled_pays(kernel, X.size)
    ):
        threads = resolve_threads(n_jobs)

        def work(span: tuple[int, int]) -> int | None:
            a, b = span
            return kernel(out[a:b], X[a:b])

        spans = chunks(X.shape[0], max(_COPY_ROWS, -(-X.shape[0] // (4 * threads))))
        found = parallel_map(work, spans, threads)
        return not check_finite or sum(found) == 0  # counts of non-finite rows
    out[...] = X
    return not check_finite or all_finite(X)
