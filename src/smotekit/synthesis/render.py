"""Render a recipe into rows: dense buffers written in place, or sparse blocks."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit._compiled import compiled_pays
from smotekit._parallel import chunks, parallel_map, resolve_threads
from smotekit.door.fast import all_finite
from smotekit.synthesis.draws import DrawnRecipe
from smotekit.synthesis.kernels import box_kernel, limit_of, segment_kernel
from smotekit.synthesis.recipe import Recipe

#: Rows per chunk when a chunk-sized temporary is needed (box gaps, rounding, sparse blocks).
CHUNK_ROWS = 1 << 15
#: Fewest rows worth handing to a thread of their own.
_THREAD_ROWS = 8192
#: Rows drawn and rendered at a time from a :class:`DrawnRecipe`.
DRAWN_ROWS = 1 << 16
#: Values per chunk of the numpy twin of the segment kernel (its temporaries stay in cache).
_TWIN_VALUES = 1 << 14


def render_dense(
    out: np.ndarray,
    X: np.ndarray,
    recipe: Recipe | DrawnRecipe,
    *,
    round_columns: np.ndarray | None = None,
    n_jobs: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    compiled: bool | None = None,
) -> None:
    """Write the synthetic rows of ``recipe`` into ``out`` (shape ``(len(recipe), d)``).

    ``X`` holds the input rows in the working float dtype. If ``out`` has an integer or bool
    dtype, values are rounded to the nearest integer (never truncated); ``round_columns``
    rounds only some columns of a float ``out`` (integer columns of a data frame).
    """
    X = np.ascontiguousarray(X)
    n = len(recipe)
    if n == 0:
        return
    if compiled is None:  # decided once for the whole job (see smotekit._compiled)
        compiled = compiled_pays(segment_kernel, n * X.shape[1])
    if isinstance(recipe, DrawnRecipe):
        # draws: each range is drawn, rendered and dropped; base, neighbour and gap never
        # exist for all rows at once (24 bytes per row otherwise)
        for start in range(0, n, DRAWN_ROWS):
            stop = min(start + DRAWN_ROWS, n)
            render_dense(
                out[start:stop],
                X,
                recipe.rows(start, stop),
                round_columns=round_columns,
                n_jobs=n_jobs,
                chunk_rows=chunk_rows,
                compiled=compiled,
            )
        return
    base = np.ascontiguousarray(recipe.base, dtype=np.intp)
    neighbor = np.ascontiguousarray(recipe.neighbor, dtype=np.intp)
    direct = out.dtype == X.dtype and out.flags.c_contiguous
    box = recipe.gap_mode == "box"
    threads = resolve_threads(n_jobs)
    if direct and not box and not compiled:
        _segment_numpy(out, X, base, neighbor, np.asarray(recipe.gap, np.float64))
    elif direct and not box:
        gap = np.ascontiguousarray(recipe.gap, np.float64)
        _on_threads(segment_kernel, out, X, base, neighbor, gap, threads)
    else:
        step = max(1, chunk_rows)
        buffer = None if direct else np.empty((min(step, n), X.shape[1]), dtype=X.dtype)
        for start in range(0, n, step):
            stop = min(start + step, n)
            target = out[start:stop] if direct else buffer[: stop - start]
            gaps = recipe.gaps(start, stop)
            kernel = box_kernel if box else segment_kernel
            _on_threads(kernel, target, X, base[start:stop], neighbor[start:stop], gaps, threads)
            if not direct:
                _store(out[start:stop], target, round_columns)
    if direct and round_columns is not None and round_columns.any():
        cols = np.flatnonzero(round_columns)
        for start in range(0, n, chunk_rows):
            block = out[start : start + chunk_rows]
            block[:, cols] = np.rint(block[:, cols])


def _on_threads(
    kernel: Any,
    out: np.ndarray,
    X: np.ndarray,
    base: np.ndarray,
    neighbor: np.ndarray,
    gap: np.ndarray,
    threads: int,
) -> None:
    """Run a serial ``nogil`` kernel on ranges of rows, a few ranges per thread."""
    n = base.shape[0]
    limit = limit_of(X.dtype)
    size = max(_THREAD_ROWS, -(-n // (4 * threads)))

    def work(span: tuple[int, int]) -> None:
        a, b = span
        kernel(out[a:b], X, base[a:b], neighbor[a:b], gap[a:b], limit)

    parallel_map(work, chunks(n, size), threads if n > _THREAD_ROWS else 1)


def _segment_numpy(
    out: np.ndarray, X: np.ndarray, base: np.ndarray, neighbor: np.ndarray, gap: np.ndarray
) -> None:
    """``segment_kernel`` in numpy, a chunk of rows at a time, with the same bits.

    The kernel subtracts in the input's dtype, then multiplies by the float64 gap and adds
    the base value in float64, rounding once on the store (no fused multiply-add); these
    are the same operations (addition commutes exactly). Its two rare branches (overflow,
    and a value that rounding put outside its parents' range) are found by one range test
    and recomputed value by value as the kernel does (:func:`kernel_values`).
    """
    # Chunks of 16k values keep every temporary in cache, each allocated once: ten numpy
    # passes over a cached chunk beat fresh temporaries (page faults) and np.where's
    # allocations (0.046 s on the fraud shape's 283,823 x 30 rows, against 0.12 s).
    n, d = base.shape[0], X.shape[1]
    if n == 0:
        return
    limit = limit_of(X.dtype)
    step = max(16, _TWIN_VALUES // max(d, 1))
    shape = (min(step, n), d)
    xb = np.empty(shape, dtype=X.dtype)
    xn = np.empty_like(xb)
    diff = np.empty_like(xb)
    edge = np.empty_like(xb)
    ok = np.empty(shape, dtype=bool)
    more = np.empty(shape, dtype=bool)
    # float64 rows are computed in the output itself; narrower ones in a float64 buffer,
    # checked there and rounded once on the store, as the kernel does
    t = None if out.dtype == np.float64 else np.empty(shape, dtype=np.float64)
    # within its parents' range |v| <= max(|xb|, |xn|) <= limit when the parents are
    # finite: only gaps off [0, 1] (extrapolation), or X with an infinity (which the
    # samplers refuse, but render_dense is public), need the limit test of their own
    checks_limit = not bool(((gap >= 0.0) & (gap <= 1.0)).all()) or not all_finite(X)
    column = gap[:, None]
    for a in range(0, n, step):
        m = min(a + step, n) - a
        v = out[a : a + m] if t is None else t[:m]
        # mode='wrap' (the recipe's rows are valid; a negative one counts from the end, as
        # in the kernel): with 'raise' and out=, numpy takes into a fresh temporary first
        np.take(X, base[a : a + m], axis=0, out=xb[:m], mode="wrap")
        np.take(X, neighbor[a : a + m], axis=0, out=xn[:m], mode="wrap")
        with np.errstate(over="ignore", invalid="ignore"):
            np.subtract(xn[:m], xb[:m], out=diff[:m])
            np.multiply(column[a : a + m], diff[:m], out=v)
            np.add(v, xb[:m], out=v)
        # within both parents' range (signed zeros compare equal; NaN from an overflowed
        # difference times a zero gap is not within)
        np.minimum(xb[:m], xn[:m], out=edge[:m])
        np.greater_equal(v, edge[:m], out=ok[:m])
        np.maximum(xb[:m], xn[:m], out=edge[:m])
        np.less_equal(v, edge[:m], out=more[:m])
        np.logical_and(ok[:m], more[:m], out=ok[:m])
        if checks_limit:  # values past the limit
            np.logical_and(ok[:m], np.abs(v) <= limit, out=ok[:m])
        if not ok[:m].all():
            r, c = np.nonzero(~ok[:m])
            v[r, c] = kernel_values(X[base[a + r], c], X[neighbor[a + r], c], gap[a + r], limit)
        if t is not None:
            out[a : a + m] = v


def kernel_values(xb: np.ndarray, xn: np.ndarray, g: np.ndarray, limit: float) -> np.ndarray:
    """``segment_kernel``'s value for each (base value, neighbour value, gap), in float64."""
    with np.errstate(over="ignore", invalid="ignore"):
        v = xb + g * (xn - xb)
    finite = (v >= -limit) & (v <= limit)
    return np.where(finite, onto_segment(v, xb, xn, g), safe_points(xb, xn, g, limit))


def safe_points(xb: np.ndarray, xn: np.ndarray, g: np.ndarray, limit: float) -> np.ndarray:
    """``kernels.safe_point`` on arrays, with the same operations in the same order."""
    xb = xb.astype(np.float64)
    xn = xn.astype(np.float64)
    # only extrapolating gaps (or infinite parents, which the samplers refuse) overflow or
    # give NaN here; clamped below, as the kernel does
    with np.errstate(over="ignore", invalid="ignore"):
        h = 0.5 * xn - 0.5 * xb
        v = 2.0 * (0.5 * xb + g * h)
    v = onto_segment(v, xb, xn, g)
    return np.where(v > limit, limit, np.where(v < -limit, -limit, v))


def onto_segment(v: np.ndarray, xb: np.ndarray, xn: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``kernels.on_segment`` on arrays: values with a gap in [0, 1] that rounding put
    strictly outside their parents' range are moved onto the nearer end."""
    inside = (g >= 0.0) & (g <= 1.0)
    below = xb <= xn
    lo, hi = np.where(below, xb, xn), np.where(below, xn, xb)
    v = np.where(inside & (v < lo), lo, v)
    return np.where(inside & (v > hi), hi, v)


def _store(dest: np.ndarray, values: np.ndarray, round_columns: np.ndarray | None) -> None:
    if dest.dtype.kind == "b":
        dest[...] = np.rint(values) != 0
    elif dest.dtype.kind in "iu":
        info = np.iinfo(dest.dtype)
        dest[...] = np.clip(np.rint(values), info.min, info.max)
    else:
        if round_columns is not None and round_columns.any():
            values[:, round_columns] = np.rint(values[:, round_columns])
        dest[...] = values


def render_sparse(
    X: sp.csr_matrix, recipe: Recipe | DrawnRecipe, *, round_values: bool = False
) -> sp.csr_matrix:
    """The synthetic rows of ``recipe`` as a CSR matrix, built in chunks.

    Uses the same gaps as the dense path, so dense and sparse inputs give the same rows.
    """
    n = len(recipe)
    blocks = []
    for start in range(0, n, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, n)
        part = recipe.rows(start, stop)
        b = X[part.base]
        diff = (X[part.neighbor] - b).tocoo()
        gaps = part.gaps()
        scale = gaps[diff.row, diff.col] if gaps.ndim == 2 else gaps[diff.row]
        with np.errstate(over="ignore", invalid="ignore"):
            step = sp.csr_matrix((diff.data * scale, (diff.row, diff.col)), shape=diff.shape)
            block = (b + step).tocsr()
        _guard_sparse(block, b, X[part.neighbor], gaps)
        if round_values:
            block.data = np.rint(block.data)
        block.eliminate_zeros()
        blocks.append(block)
    if not blocks:
        return sp.csr_matrix((0, X.shape[1]), dtype=X.dtype)
    return sp.vstack(blocks, format="csr")


def _guard_sparse(block: sp.csr_matrix, b: sp.csr_matrix, xn: sp.csr_matrix, gaps) -> None:
    """The dense kernels' guards on a sparse block's stored values, in place.

    Each stored value ``xb + g * (xn - xb)`` is moved onto its parents' range if rounding put
    it outside (for ``0 <= g <= 1``) and recomputed at half scale if it overflowed, exactly
    as ``kernels.segment_kernel`` / ``box_kernel`` do, so sparse and dense input still give
    the same rows.
    """
    if block.nnz == 0:
        return
    rows = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
    cols = block.indices
    xb = np.asarray(b[rows, cols], dtype=np.float64).ravel()
    xv = np.asarray(xn[rows, cols], dtype=np.float64).ravel()
    g = gaps[rows, cols] if gaps.ndim == 2 else gaps[rows]
    limit = limit_of(block.dtype)
    v = onto_segment(block.data.astype(np.float64), xb, xv, g)
    bad = ~(np.abs(block.data) <= limit)
    if bad.any():
        v[bad] = safe_points(xb[bad], xv[bad], g[bad], limit)
    block.data[...] = v
