"""Exact k-nearest neighbours of every row of a class among the other rows of that class.

Contract (every backend)
------------------------
Row ``i`` of the result holds the local indices of the ``k`` rows closest to row ``i`` in
Euclidean distance, nearest first, ties broken by the smaller index, never ``i`` itself (a
duplicate of row ``i`` is a legitimate neighbour at distance 0 and comes before any farther
row). "Distance" means the squared difference summed in float64 over the columns of the
float64 (or upcast float32) values, so the answer equals a brute-force float64 reference
ordered by ``np.lexsort((index, distance))``; it does not depend on the backend or on the
number of threads.

How it stays exact and fast
---------------------------
1. Identical rows are grouped first (a row hash, verified), and the search runs over the
   distinct points: a class with heavy duplication (one-hot or integer features) would
   otherwise tie thousands of rows at distance 0, which is slow for a kd-tree and for any
   tie resolution. The ``k + 1`` nearest rows of a distinct point (itself included) are its
   own copies and the first members of its nearest distinct points.
2. A backend proposes, for every distinct point, a few more candidate points than needed
   together with a certified lower bound on the distance of every point it did not propose.
3. Candidates are re-ranked with exact float64 distances and ``(distance, index)`` ordering.
   If the last needed distance is below the bound, the answer is proven exact. Otherwise (a
   tie at the boundary, or a bound too loose), every point within that distance is gathered
   by a radius search and ranked exactly.

Backends
--------
``"kd_tree"``: scipy ``cKDTree`` queried in the tree's own leaf order (3x faster than input
order on 500k x 5 blobs: neighbouring queries reuse the same nodes in cache), ``k + 2``
candidates; its own distances give the bound.

``"brute"``: float32 inner products through BLAS (``sgemm``) on tiles of
``_TILE_ROWS x _TILE_COLS``, the half squared norm folded into the product as an extra column,
and a fused top-``(k + 1 + 8)`` selection in numba on each tile while it is still in cache;
the float32 error is bounded explicitly (centering and power-of-two scaling keep it small).
Each worker thread owns whole query tiles and runs BLAS single-threaded (threadpoolctl):
alternating a multi-threaded BLAS call with a numba parallel region on every tile made the
two thread pools fight and ran 10-20x slower on this 2-core machine.

Sparse input is densified when small, and otherwise searched by sparse products in row
blocks with float64 keys (same candidate / bound / re-rank scheme).

Crossover (``"auto"``)
----------------------
See ``_KDTREE_MAX_DIM``; the measured table is in the module notes at the end of this
docstring.

Measured on the 2-core AVX-512 development machine (seconds, k=5, all cores)
--------------------------------------------------------------------------------
Filled in from ``benchmarks/bench_neighbors.py``; see ``_CROSSOVER_NOTES``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from smotekit.errors import InvalidInputError, InvalidParameterError

#: Above this many columns, ``algorithm="auto"`` uses the BLAS backend (see the crossover table).
_KDTREE_MAX_DIM = 15
#: Extra float32 candidates kept per point, so the float32 ranking rarely needs a second pass.
_MARGIN = 8
#: Query rows and reference rows per BLAS tile (the tile of products stays in L2).
_TILE_ROWS = 256
_TILE_COLS = 1024
#: Sparse input with at most this many cells is densified (cheaper than sparse products).
_DENSIFY_CELLS = 10_000_000
#: Float64 cells of one block of sparse keys.
_SPARSE_BLOCK_CELLS = 4_000_000
#: Pairs per chunk of exact distances (keeps temporaries small, gives threads work).
_PAIR_CHUNK = 65_536

_ALGORITHMS = ("auto", "kd_tree", "brute")
_U32 = 2.0**-24  # unit roundoff of float32
_U64 = 2.0**-53  # unit roundoff of float64


# ----------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------
def resolve_k(k_neighbors: Any) -> tuple[int, Any]:
    """Return ``(k, estimator_or_None)`` from an int or an object with ``kneighbors``.

    As in imbalanced-learn, an estimator must be built with ``n_neighbors = k + 1`` because
    the query point is among its own results.
    """
    if isinstance(k_neighbors, bool):
        raise InvalidParameterError(f"k_neighbors={k_neighbors!r} must be an int >= 1.")
    if isinstance(k_neighbors, int | np.integer):
        if k_neighbors < 1:
            raise InvalidParameterError(
                f"k_neighbors={k_neighbors} must be >= 1: it is how many nearest same-class "
                "neighbours each base row chooses from (the paper uses 5)."
            )
        return int(k_neighbors), None
    if hasattr(k_neighbors, "kneighbors") and hasattr(k_neighbors, "fit"):
        n = getattr(k_neighbors, "n_neighbors", None)
        if not isinstance(n, int | np.integer) or n < 2:
            raise InvalidParameterError(
                f"The k_neighbors estimator has n_neighbors={n!r}; it must be an int >= 2 "
                "(k + 1: the query point is returned among its own neighbours)."
            )
        return int(n) - 1, k_neighbors
    raise InvalidParameterError(
        f"k_neighbors={k_neighbors!r} must be an int or an object with fit and kneighbors "
        "methods (e.g. sklearn.neighbors.NearestNeighbors(n_neighbors=k + 1))."
    )


def kneighbors_within(
    X: np.ndarray | sp.csr_matrix,
    k: int,
    *,
    estimator: Any = None,
    n_jobs: int | None = None,
    algorithm: str = "auto",
) -> np.ndarray:
    """Indices ``(n, k)`` of each row's ``k`` nearest other rows of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n, d) or csr_matrix
        The rows of one class, float32 or float64 (other numeric dtypes are upcast to
        float64). Never written to; may be read-only or non-contiguous.
    k : int
        Neighbours per row; the caller guarantees ``n > k``.
    estimator : object with ``fit`` and ``kneighbors``, optional
        A user-supplied search built with ``n_neighbors = k + 1``; its own ordering is kept
        (only the query row itself is removed).
    n_jobs : int, optional
        Threads; ``None`` or ``-1`` means all cores, ``-2`` all but one.
    algorithm : {"auto", "kd_tree", "brute"}, default="auto"
        Search backend. All return the same (exact) result; ``"auto"`` picks the faster one
        for the number of columns.

    Returns
    -------
    ndarray of shape (n, k), dtype intp
        Local row indices, nearest first, ties by smaller index, self excluded.
    """
    if estimator is not None:
        est = estimator.fit(X) or estimator
        found = np.asarray(est.kneighbors(X, return_distance=False))
        return drop_self(found, k)
    k = _check_k(k)
    if algorithm not in _ALGORITHMS:
        raise InvalidParameterError(
            f"algorithm={algorithm!r} must be one of {', '.join(map(repr, _ALGORITHMS))}."
        )
    threads = _resolve_threads(n_jobs)
    if sp.issparse(X):
        X = _check_sparse(X)
        if algorithm == "kd_tree" or X.shape[0] * X.shape[1] <= _DENSIFY_CELLS:
            X = X.toarray()
        else:
            _check_size(X.shape[0], k)
            return _search(_SparseSpace(X), k, threads)
    X = _check_dense(X)
    _check_size(X.shape[0], k)
    backend = algorithm
    if backend == "auto":
        backend = "kd_tree" if X.shape[1] <= _KDTREE_MAX_DIM else "brute"
    space = _TreeSpace if backend == "kd_tree" else _GemmSpace
    return _search(space(X), k, threads)


def drop_self(found: np.ndarray, k: int) -> np.ndarray:
    """Remove each row's own index from ``k + 1`` results; if absent, drop the last one.

    The self index can be missing (or not first) when duplicates of the row sit at distance 0.
    """
    n = found.shape[0]
    own = found == np.arange(n)[:, None]
    has_own = own.any(axis=1)
    # rows without their own index lose the farthest candidate instead
    own[~has_own, -1] = True
    first = own.argmax(axis=1)
    keep = np.ones_like(own)
    keep[np.arange(n), first] = False
    return found[keep].reshape(n, found.shape[1] - 1)[:, :k].astype(np.intp, copy=False)


# ----------------------------------------------------------------------------------------
# validation and threads
# ----------------------------------------------------------------------------------------
def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InvalidParameterError(f"k={k!r} must be an int >= 1.")
    return int(k)


def _check_size(n: int, k: int) -> None:
    if n <= k:
        raise InvalidInputError(
            f"Cannot find {k} neighbours among {n} rows: each row needs at least k other rows."
        )


def _check_dense(X: Any) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 2:
        raise InvalidInputError(f"X must be 2-dimensional, got shape {X.shape}.")
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    if not np.isfinite(X).all():
        raise InvalidInputError("X holds NaN or infinite values; neighbours need finite rows.")
    return X


def _check_sparse(X: Any) -> sp.csr_matrix:
    X = sp.csr_matrix(X)  # a new object: canonicalising below never touches the caller's
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    if not np.isfinite(X.data).all():
        raise InvalidInputError("X holds NaN or infinite values; neighbours need finite rows.")
    return X


def _resolve_threads(n_jobs: int | None) -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    if n_jobs is None:
        return cores
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int | np.integer) or n_jobs == 0:
        raise InvalidParameterError(
            f"n_jobs={n_jobs!r} must be None, a positive int, or a negative int (-1 = all cores)."
        )
    if n_jobs < 0:
        return max(1, cores + 1 + int(n_jobs))
    return int(n_jobs)


def _parallel_map(fn: Callable[[Any], Any], items: Sequence[Any], threads: int) -> list[Any]:
    """``[fn(x) for x in items]`` on up to ``threads`` threads (numba kernels release the GIL).

    Work is handed out item by item, so a thread slowed by another process does not hold
    the others back: one synchronisation per call instead of one per tile.
    """
    if threads <= 1 or len(items) <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(threads, len(items))) as pool:
        return list(pool.map(fn, items))


@contextmanager
def _single_threaded_blas() -> Iterator[bool]:
    """Limit BLAS to one thread if threadpoolctl is available; yield whether it was."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it the caller runs one worker and lets BLAS thread
        yield False
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield True


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(a + size, total)) for a in range(0, total, size)]


# ----------------------------------------------------------------------------------------
# numba kernels (serial, nogil: parallelism comes from _parallel_map; one signature each)
# ----------------------------------------------------------------------------------------
_u = numba.uintp  # unsigned indices let LLVM emit contiguous vector loads (signed ones: gathers)


@numba.njit(cache=True, nogil=True)
def _hash_rows(words: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """A 64-bit hash of each row of 32-bit words (FNV-style multiply, final avalanche)."""
    n, w = words.shape
    out = np.empty(n, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for i in range(n):
        h = np.uint64(0xCBF29CE484222325)
        for t in range(w):
            h = (h ^ np.uint64(words[i, t])) * prime
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
        out[i] = h
    return out


@numba.njit(cache=True, nogil=True)
def _pair_sqdist(P: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """``out[t] = sum((P[a[t]] - P[b[t]]) ** 2)`` in float64, columns summed in order."""
    d = P.shape[1]
    for t in range(a.shape[0]):
        i = a[t]
        j = b[t]
        acc = 0.0
        for col in range(d):
            diff = P[i, col] - P[j, col]
            acc += diff * diff
        out[t] = acc


@numba.njit(cache=True, nogil=True)
def _rank_segments(
    ptr: np.ndarray, rows: np.ndarray, dist: np.ndarray, top: np.ndarray, last: np.ndarray
) -> None:
    """For each segment ``p``, the ``kk`` smallest ``(dist, row)`` of ``ptr[p]:ptr[p + 1]``.

    Writes their rows, in order, to ``top[p]`` and the ``kk``-th distance to ``last[p]``.
    Every segment holds at least ``kk`` entries (the caller guarantees it).
    """
    kk = top.shape[1]
    best_d = np.empty(kk, dtype=np.float64)
    best_r = np.empty(kk, dtype=np.intp)
    for p in range(ptr.shape[0] - 1):
        filled = 0
        for t in range(ptr[p], ptr[p + 1]):
            dv = dist[t]
            rv = rows[t]
            if filled == kk:
                wd = best_d[kk - 1]
                if dv > wd or (dv == wd and rv > best_r[kk - 1]):
                    continue
                pos = kk - 1
            else:
                pos = filled
                filled += 1
            while pos > 0 and (
                best_d[pos - 1] > dv or (best_d[pos - 1] == dv and best_r[pos - 1] > rv)
            ):
                best_d[pos] = best_d[pos - 1]
                best_r[pos] = best_r[pos - 1]
                pos -= 1
            best_d[pos] = dv
            best_r[pos] = rv
        for q in range(kk):
            top[p, q] = best_r[q]
        last[p] = best_d[kk - 1]


@numba.njit(cache=True, nogil=True, inline="always")
def _push(best_g: np.ndarray, best_i: np.ndarray, r: int, g: float, idx: int) -> None:
    """Insert score ``g`` of reference ``idx`` into row ``r`` of the descending best list.

    References arrive in increasing index order, so shifting only strictly smaller scores
    keeps the smaller index first among equal scores.
    """
    pos = best_g.shape[1] - 1
    while pos > 0 and best_g[r, pos - 1] < g:
        best_g[r, pos] = best_g[r, pos - 1]
        best_i[r, pos] = best_i[r, pos - 1]
        pos -= 1
    best_g[r, pos] = g
    best_i[r, pos] = idx


@numba.njit(cache=True, nogil=True)
def _scan_top(G: np.ndarray, col0: int, best_g: np.ndarray, best_i: np.ndarray) -> None:
    """Merge one tile of scores into each query row's best list (fused top-m selection).

    ``G[r, j]`` is the float32 score of reference ``col0 + j`` for query row ``r`` (larger is
    nearer); ``best_g[r]`` / ``best_i[r]`` hold the best ``m`` so far, descending.

    Once the lists fill up almost no score beats a row's threshold, so each row is first
    swept in blocks of 64, counting the scores above the threshold at the row's start
    (a branch-free count vectorises; an early-exit "any" compiles to scalar compares and
    was 2x slower). Only blocks with a count are revisited, against the live threshold,
    which only rises, so no candidate is missed.
    """
    q, t = G.shape
    m = best_g.shape[1]
    width = 64
    nblk = t // width
    counts = np.empty(nblk, dtype=np.int32)
    for r in range(q):
        row = G[r]
        thr = best_g[r, m - 1]
        for blk in range(_u(nblk)):
            base = blk * _u(width)
            c = np.int32(0)
            for j in range(_u(width)):
                c += np.int32(row[base + j] > thr)
            counts[blk] = c
        for blk in range(nblk):
            if counts[blk] == 0:
                continue
            for j in range(blk * width, blk * width + width):
                g = row[j]
                if g > thr:
                    _push(best_g, best_i, r, g, col0 + j)
                    thr = best_g[r, m - 1]
        for j in range(nblk * width, t):
            g = row[j]
            if g > thr:
                _push(best_g, best_i, r, g, col0 + j)
                thr = best_g[r, m - 1]


@numba.njit(cache=True, nogil=True)
def _collect_at_least(
    G: np.ndarray, thr: np.ndarray, col0: int, out_r: np.ndarray, out_c: np.ndarray
) -> int:
    """Append every ``(r, col0 + j)`` with ``G[r, j] >= thr[r]``; return how many there are.

    Writes only as many as fit in ``out_r``/``out_c``; the caller grows them and calls again
    when the returned count is larger. Same block-count sweep as ``_scan_top``.
    """
    q, t = G.shape
    cap = out_r.shape[0]
    found = 0
    width = 64
    nblk = (t + width - 1) // width
    counts = np.empty(nblk, dtype=np.int32)
    full = t // width
    for r in range(q):
        row = G[r]
        tr = thr[r]
        for blk in range(_u(full)):
            base = blk * _u(width)
            c = np.int32(0)
            for j in range(_u(width)):
                c += np.int32(row[base + j] >= tr)
            counts[blk] = c
        if full < nblk:
            counts[full] = 1  # the ragged tail is always checked one by one
        for blk in range(nblk):
            if counts[blk] == 0:
                continue
            for j in range(blk * width, min(blk * width + width, t)):
                if row[j] >= tr:
                    if found < cap:
                        out_r[found] = r
                        out_c[found] = col0 + j
                    found += 1
    return found


# ----------------------------------------------------------------------------------------
# duplicate rows
# ----------------------------------------------------------------------------------------
@dataclass
class _Groups:
    """Identical rows: group ``g`` is distinct point ``g``; groups ordered by first row."""

    rep: np.ndarray  # (nu,) first (smallest) row of each group
    inverse: np.ndarray  # (n,) group of each row
    members: np.ndarray  # (n,) rows sorted by (group, row)
    starts: np.ndarray  # (nu,) offset of each group in ``members``
    counts: np.ndarray  # (nu,) rows per group


def _groups_from_keys(order: np.ndarray, same_as_prev: np.ndarray, n: int) -> _Groups:
    """Build groups from rows sorted so that identical rows are adjacent (stably)."""
    label_sorted = np.cumsum(~same_as_prev) - 1  # group label of each sorted position
    first_pos = np.flatnonzero(~same_as_prev)
    rep_by_label = order[first_pos]  # stable sort: first position holds the smallest row
    # renumber groups by their first row, so group order follows row order
    relabel = np.empty_like(rep_by_label)
    by_rep = np.argsort(rep_by_label, kind="stable")
    relabel[by_rep] = np.arange(by_rep.shape[0])
    inverse = np.empty(n, dtype=np.intp)
    inverse[order] = relabel[label_sorted]
    members = np.argsort(inverse, kind="stable").astype(np.intp)
    counts = np.bincount(inverse, minlength=by_rep.shape[0]).astype(np.intp)
    starts = np.zeros_like(counts)
    np.cumsum(counts[:-1], out=starts[1:])
    return _Groups(rep_by_label[by_rep].astype(np.intp), inverse, members, starts, counts)


def _dense_groups(X: np.ndarray) -> _Groups | None:
    """Group identical rows of a finite dense array, or ``None`` when all rows differ."""
    n = X.shape[0]
    if n < 2 or X.shape[1] == 0:
        return None if n < 2 else _one_group(n)
    canon = np.ascontiguousarray(X) + 0.0  # a copy; + 0.0 turns -0.0 into 0.0 (same distances)
    words = canon.view(np.uint32)
    h = _hash_rows(words)
    hs = np.sort(h)
    if not (hs[1:] == hs[:-1]).any():
        return None
    order = np.lexsort((np.arange(n), h))  # by hash, then row
    sh = h[order]
    same = np.zeros(n, dtype=bool)
    same[1:] = sh[1:] == sh[:-1]
    cand = np.flatnonzero(same)
    equal = (canon[order[cand]] == canon[order[cand - 1]]).all(axis=1)
    if not equal.all():
        # a hash collision between different rows (astronomically rare): exact grouping
        inverse = np.unique(canon, axis=0, return_inverse=True)[1].ravel()
        order = np.lexsort((np.arange(n), inverse))
        same = np.zeros(n, dtype=bool)
        same[1:] = inverse[order[1:]] == inverse[order[:-1]]
        return _groups_from_keys(order, same, n)
    return _groups_from_keys(order, same, n)


def _one_group(n: int) -> _Groups:
    rows = np.arange(n, dtype=np.intp)
    return _Groups(
        np.zeros(1, np.intp), np.zeros(n, np.intp), rows, np.zeros(1, np.intp),
        np.array([n], np.intp),
    )


def _sparse_groups(X: sp.csr_matrix) -> _Groups | None:
    """Group identical rows of a canonical CSR matrix (no explicit zeros, sorted columns)."""
    n = X.shape[0]
    if n < 2:
        return None
    data = X.data + 0.0
    words = np.empty((data.shape[0], 3), dtype=np.uint32)
    vbits = data.astype(np.float64).view(np.uint32).reshape(-1, 2)
    words[:, :2] = vbits
    words[:, 2] = X.indices.astype(np.uint32)
    entry = _hash_rows(words)
    # a row's hash: sum of its entries' hashes (order-free) mixed with its length
    h = np.zeros(n, dtype=np.uint64)
    nnz = np.diff(X.indptr)
    rows_with = np.flatnonzero(nnz)
    if rows_with.size:
        h[rows_with] = np.add.reduceat(entry, X.indptr[rows_with])
    h = _hash_rows(np.stack([h.view(np.uint32).reshape(n, 2)[:, 0],
                             h.view(np.uint32).reshape(n, 2)[:, 1],
                             nnz.astype(np.uint32)], axis=1))
    hs = np.sort(h)
    if not (hs[1:] == hs[:-1]).any():
        return None
    order = np.lexsort((np.arange(n), h))
    sh = h[order]
    same = np.zeros(n, dtype=bool)
    same[1:] = sh[1:] == sh[:-1]
    cand = np.flatnonzero(same)
    diff = X[order[cand]] - X[order[cand - 1]]
    diff.eliminate_zeros()
    if diff.nnz:
        # hash collision between different rows: fall back to exact grouping via dense keys
        dense = X.toarray()
        return _dense_groups(dense)
    return _groups_from_keys(order, same, n)


# ----------------------------------------------------------------------------------------
# the search, shared by all backends
# ----------------------------------------------------------------------------------------
def _search(space: _Space, k: int, threads: int) -> np.ndarray:
    """``k`` nearest other rows of every row of ``space`` (see the module docstring)."""
    kk = k + 1  # the row itself (or a copy of it) is among its own nearest rows
    groups = space.groups
    nu = space.n_points
    if nu <= kk + _MARGIN:
        # a handful of points: all of them are candidates, nothing to bound
        cand, bound = np.broadcast_to(np.arange(nu, dtype=np.intp), (nu, nu)), np.full(nu, np.inf)
    else:
        cand, bound = space.candidates(kk, threads)
    m = cand.shape[1]
    p_of = np.repeat(np.arange(nu, dtype=np.intp), m)
    v_of = cand.reshape(-1).astype(np.intp, copy=False)
    dist = space.exact(p_of, v_of, threads)
    ptr = np.arange(0, nu * m + 1, m, dtype=np.intp)
    top, last = _rank(ptr, v_of, dist, groups, kk, threads)
    # proven exact when the kk-th distance is below every unproposed point's distance
    fail = np.flatnonzero(~(last < bound))
    if fail.size:
        ptr_f, v_f = space.within(fail, last[fail], threads)
        p_f = np.repeat(fail, np.diff(ptr_f))
        dist_f = space.exact(p_f, v_f, threads)
        top[fail], _ = _rank(ptr_f, v_f, dist_f, groups, kk, threads)
    if groups is not None:
        top = top[groups.inverse]
    return drop_self(top, k)


def _rank(
    ptr: np.ndarray,
    v: np.ndarray,
    dist: np.ndarray,
    groups: _Groups | None,
    kk: int,
    threads: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Best ``kk`` rows per segment of candidate points, by exact ``(distance, row)``."""
    if groups is not None:
        # a point stands for its rows; only its first kk rows can be among the best kk
        take = np.minimum(groups.counts[v], kk)
        cum = np.zeros(take.shape[0] + 1, dtype=np.intp)
        np.cumsum(take, out=cum[1:])
        pair = np.repeat(np.arange(take.shape[0], dtype=np.intp), take)
        within = np.arange(cum[-1], dtype=np.intp) - cum[pair]
        v = groups.members[groups.starts[v][pair] + within]
        dist = dist[pair]
        ptr = cum[ptr]
    nseg = ptr.shape[0] - 1
    top = np.empty((nseg, kk), dtype=np.intp)
    last = np.empty(nseg, dtype=np.float64)

    def work(span: tuple[int, int]) -> None:
        a, b = span
        _rank_segments(ptr[a : b + 1], v, dist, top[a:b], last[a:b])

    _parallel_map(work, _chunks(nseg, max(1, -(-nseg // (4 * threads)))), threads)
    return top, last


class _Space:
    """Distinct points of a class and how to search them (one subclass per backend)."""

    groups: _Groups | None
    n_points: int

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        """``(cand, bound)``: candidate points per point, and a lower bound on the exact
        distance of every point not among its candidates (``inf`` if all are)."""
        raise NotImplementedError

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(ptr, v)``: a superset of the points within exact distance ``radius2`` of each
        of ``pts`` (segment ``i`` is ``v[ptr[i]:ptr[i + 1]]``)."""
        raise NotImplementedError

    def exact(self, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        """Exact float64 squared distances between points ``a[t]`` and ``b[t]``."""
        raise NotImplementedError


class _DenseSpace(_Space):
    def __init__(self, X: np.ndarray) -> None:
        self.groups = _dense_groups(X)
        P = X if self.groups is None else X[self.groups.rep]
        self.n_points = P.shape[0]
        # exact distances need float64 rows; float32 values upcast exactly
        self.P64 = np.ascontiguousarray(P, dtype=np.float64)

    def exact(self, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        out = np.empty(a.shape[0], dtype=np.float64)

        def work(span: tuple[int, int]) -> None:
            s, e = span
            _pair_sqdist(self.P64, a[s:e], b[s:e], out[s:e])

        _parallel_map(work, _chunks(a.shape[0], _PAIR_CHUNK), threads)
        return out


class _TreeSpace(_DenseSpace):
    """scipy cKDTree; queries in leaf order, bound from the tree's own distances."""

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        m = min(kk + 1, nu)  # one more than needed: its distance bounds the rest
        self.tree = tree = cKDTree(self.P64)
        order = tree.indices
        dist, idx = tree.query(self.P64[order], k=m, workers=threads)
        dist = dist.reshape(nu, m)
        cand = np.empty((nu, m), dtype=np.intp)
        cand[order] = idx.reshape(nu, m)
        if m == nu:
            return cand, np.full(nu, np.inf)
        bound = np.empty(nu)
        # the tree sums the squares in its own order: allow a relative 1e-9 (>> d * eps)
        bound[order] = dist[:, -1] ** 2 * (1.0 - 1e-9)
        return cand, bound

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        radius = np.sqrt(radius2) * (1.0 + 1e-9)
        found = self.tree.query_ball_point(self.P64[pts], radius, workers=threads)
        lens = np.fromiter((len(f) for f in found), dtype=np.intp, count=len(found))
        ptr = np.zeros(pts.shape[0] + 1, dtype=np.intp)
        np.cumsum(lens, out=ptr[1:])
        v = np.concatenate([np.asarray(f, dtype=np.intp) for f in found])
        return ptr, v


class _GemmSpace(_DenseSpace):
    """float32 BLAS tiles with a fused numba top-m, and a certified float32 error bound.

    Scores: ``g(p, v) = c_p . c_v - |c_v|^2 / 2`` where ``c`` are the rows centred, scaled by
    a power of two and rounded to float32; then ``|c_p - c_v|^2 = |c_p|^2 - 2 g``. The half
    norm rides along as an extra column (queries carry -1 there), so BLAS returns ``g``.
    """

    def __init__(self, X: np.ndarray) -> None:
        super().__init__(X)
        P = self.P64
        nu, d = P.shape
        self.d = d
        mu = P.mean(axis=0)
        # a power of two near the spread: exact to undo, keeps float32 far from overflow
        spread = float(np.sqrt((np.maximum(P.max(axis=0) - mu, mu - P.min(axis=0)) ** 2).sum()))
        self.scale = 2.0 ** -np.floor(np.log2(spread)) if spread > 0 else 1.0
        A = np.empty((nu, d + 1), dtype=np.float32)
        norm2 = np.empty(nu, dtype=np.float64)
        for a, b in _chunks(nu, 16384):
            c32 = ((P[a:b] - mu) * self.scale).astype(np.float32)
            A[a:b, :d] = c32
            c64 = c32.astype(np.float64)
            norm2[a:b] = np.einsum("ij,ij->i", c64, c64)
        A[:, d] = (0.5 * norm2).astype(np.float32)
        self.A = A
        self.norm2 = norm2  # |c_p|^2 of the float32 rows, in float64
        self.R = float(np.sqrt(norm2.max()))

    # -- error bound ------------------------------------------------------------------------
    def _err(self, pts: np.ndarray) -> np.ndarray:
        """Bound on ``|(|c_p|^2 - 2 g) / scale^2 - exact|`` for every reference point.

        Sources: rounding the half norm (u |c_v|^2 / 2), the float32 dot product of d + 1
        terms (gamma_{d+1} (|c_p| |c_v| + |c_v|^2 / 2), any summation order), rounding the
        centred rows to float32 (|sqrt(D) - sqrt(s)| <= u (|c_p| + |c_v|)), and the float64
        exact sum; doubled for safety.
        """
        r = np.sqrt(self.norm2[pts])
        R = self.R
        d = self.d
        gamma = (d + 1) * _U32 / max(1e-3, 1.0 - (d + 1) * _U32)
        dot = 2.0 * (_U32 * R * R / 2 + gamma * (r * R + R * R / 2))
        centring = 2.0 * 1.0001 * _U32 * (r + R) ** 2
        exact64 = (d + 2) * _U64 * (r + R) ** 2
        return 2.0 * (dot + centring + exact64) / self.scale**2

    # -- tiles -----------------------------------------------------------------------------
    def _query_tile(self, pts: np.ndarray | slice) -> np.ndarray:
        Q = self.A[pts].copy()
        Q[:, -1] = -1.0
        return Q

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        m = min(kk + _MARGIN, nu)
        best_g = np.full((nu, m), -np.inf, dtype=np.float32)
        best_i = np.full((nu, m), -1, dtype=np.intp)
        local = threading.local()

        def work(span: tuple[int, int]) -> None:
            a, b = span
            Q = self._query_tile(slice(a, b))
            G = _tile_buffer(local)
            for c0, c1 in _chunks(nu, _TILE_COLS):
                g = G[: (b - a) * (c1 - c0)].reshape(b - a, c1 - c0)
                np.matmul(Q, self.A[c0:c1].T, out=g)
                _scan_top(g, c0, best_g[a:b], best_i[a:b])

        self._run_tiles(work, _chunks(nu, _TILE_ROWS), threads)
        if m == nu:
            return best_i, np.full(nu, np.inf)
        pts = np.arange(nu)
        worst = (self.norm2 - 2.0 * best_g[:, -1].astype(np.float64)) / self.scale**2
        return best_i, worst - self._err(pts)

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        # s <= radius2 implies D <= radius2 + err, i.e. g >= (|c_p|^2 - scale^2 D) / 2
        thr64 = (self.norm2[pts] - self.scale**2 * (radius2 + self._err(pts))) / 2.0
        thr = np.nextafter(thr64.astype(np.float32), np.float32(-np.inf))  # round down
        local = threading.local()

        def work(span: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
            a, b = span
            Q = self._query_tile(pts[a:b])
            G = _tile_buffer(local)
            rows_out, cols_out = [], []
            cap = 4 * (b - a) + 64
            out_r = np.empty(cap, dtype=np.intp)
            out_c = np.empty(cap, dtype=np.intp)
            for c0, c1 in _chunks(nu, _TILE_COLS):
                g = G[: (b - a) * (c1 - c0)].reshape(b - a, c1 - c0)
                np.matmul(Q, self.A[c0:c1].T, out=g)
                found = _collect_at_least(g, thr[a:b], c0, out_r, out_c)
                if found > out_r.shape[0]:
                    out_r = np.empty(2 * found, dtype=np.intp)
                    out_c = np.empty(2 * found, dtype=np.intp)
                    _collect_at_least(g, thr[a:b], c0, out_r, out_c)
                rows_out.append(out_r[:found] + a)
                cols_out.append(out_c[:found].copy())
            return np.concatenate(rows_out), np.concatenate(cols_out)

        parts = self._run_tiles(work, _chunks(pts.shape[0], _TILE_ROWS), threads)
        r = np.concatenate([p[0] for p in parts])
        v = np.concatenate([p[1] for p in parts])
        order = np.argsort(r, kind="stable")
        ptr = np.zeros(pts.shape[0] + 1, dtype=np.intp)
        np.cumsum(np.bincount(r, minlength=pts.shape[0]), out=ptr[1:])
        return ptr, v[order]

    @staticmethod
    def _run_tiles(work: Callable[[Any], Any], spans: list, threads: int) -> list:
        with _single_threaded_blas() as limited:
            # without threadpoolctl, one worker and a multi-threaded BLAS (never both pools)
            return _parallel_map(work, spans, threads if limited else 1)


def _tile_buffer(local: threading.local) -> np.ndarray:
    buf = getattr(local, "G", None)
    if buf is None:
        buf = local.G = np.empty(_TILE_ROWS * _TILE_COLS, dtype=np.float32)
    return buf


class _SparseSpace(_Space):
    """CSR rows too large to densify: float64 keys from sparse products in row blocks."""

    def __init__(self, X: sp.csr_matrix) -> None:
        X = X.astype(np.float64)  # a copy; canonical form for hashing and exact distances
        X.sum_duplicates()
        X.eliminate_zeros()
        X.sort_indices()
        self.groups = _sparse_groups(X)
        self.P = X if self.groups is None else X[self.groups.rep]
        self.n_points = self.P.shape[0]
        self.PT = self.P.T.tocsr()
        self.norm2 = np.asarray(self.P.multiply(self.P).sum(axis=1)).ravel()
        self.R = float(np.sqrt(self.norm2.max()))
        self.z = int(np.diff(self.P.indptr).max(initial=0))

    def _err(self, pts: np.ndarray) -> np.ndarray:
        r = np.sqrt(self.norm2[pts])
        # float64 norms, products over at most z common columns, and the exact sum: all
        # below (z + 4) u (|p| + |v|)^2; doubled for safety
        return 2.0 * (self.z + 4) * _U64 * (r + self.R) ** 2 * 2.0

    def _keys(self, a: int, b: int, rows: np.ndarray | None = None) -> np.ndarray:
        block = self.P[a:b] if rows is None else self.P[rows]
        prod = (block @ self.PT).toarray()
        norms = self.norm2[a:b] if rows is None else self.norm2[rows]
        return norms[:, None] + self.norm2[None, :] - 2.0 * prod

    def _block(self) -> int:
        return max(1, _SPARSE_BLOCK_CELLS // max(1, self.n_points))

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        m = min(kk + _MARGIN, nu)
        cand = np.empty((nu, m), dtype=np.intp)
        worst = np.empty(nu)

        def work(span: tuple[int, int]) -> None:
            a, b = span
            D = self._keys(a, b)
            if m < nu:
                part = np.argpartition(D, m - 1, axis=1)[:, :m]
            else:
                part = np.broadcast_to(np.arange(nu), (b - a, nu))
            cand[a:b] = part
            worst[a:b] = np.take_along_axis(D, part, axis=1).max(axis=1)

        _parallel_map(work, _chunks(nu, self._block()), threads)
        if m == nu:
            return cand, np.full(nu, np.inf)
        return cand, worst - self._err(np.arange(nu))

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        limit = radius2 + self._err(pts)

        def work(span: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
            a, b = span
            D = self._keys(0, 0, rows=pts[a:b])
            r, v = np.nonzero(D <= limit[a:b, None])
            return r + a, v

        parts = _parallel_map(work, _chunks(pts.shape[0], self._block()), threads)
        r = np.concatenate([p[0] for p in parts])
        v = np.concatenate([p[1] for p in parts]).astype(np.intp)
        ptr = np.zeros(pts.shape[0] + 1, dtype=np.intp)
        np.cumsum(np.bincount(r, minlength=pts.shape[0]), out=ptr[1:])
        return ptr, v  # np.nonzero is row-major and parts are in order: already grouped

    def exact(self, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        out = np.empty(a.shape[0], dtype=np.float64)

        def work(span: tuple[int, int]) -> None:
            s, e = span
            diff = self.P[a[s:e]] - self.P[b[s:e]]
            out[s:e] = np.asarray(diff.multiply(diff).sum(axis=1)).ravel()

        _parallel_map(work, _chunks(a.shape[0], _PAIR_CHUNK), threads)
        return out
