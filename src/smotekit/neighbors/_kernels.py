"""Numba kernels of the neighbour search.

All are serial, ``nogil`` (the thread pool in ``_parallel`` runs them side by side) and
cached, each compiled for one signature: float32 scores, float64 exact distances, intp
indices. ``fastmath`` is off: ties are decided on exact float comparisons.
"""

from __future__ import annotations

import numba
import numpy as np

from smotekit._native import native

_u = numba.uintp  # unsigned indices let LLVM emit contiguous vector loads (signed ones: gathers)


#: Odd 64-bit multipliers of the row hash, one per 32-bit word position (fixed, seeded).
_HASH_MULT = np.random.default_rng(0x5EED).integers(1, 2**63, size=4096, dtype=np.uint64) | 1


def hash_rows(words: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of 32-bit words, in numpy (nothing to compile or load).

    Each word times an odd 64-bit constant of its position, summed modulo 2**64, then
    avalanched (the splitmix64 finaliser). Collisions only cost time: the callers compare
    rows that share a hash.
    """
    n, w = words.shape
    h = np.zeros(n, dtype=np.uint64)
    for t in range(w):
        h += words[:, t].astype(np.uint64) * _HASH_MULT[t % _HASH_MULT.shape[0]] + np.uint64(t)
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


@numba.njit(cache=True, nogil=True)
def pair_sqdist(
    Q: np.ndarray, P: np.ndarray, a: np.ndarray, b: np.ndarray, out: np.ndarray
) -> None:
    """``out[t] = sum((Q[a[t]] - P[b[t]]) ** 2)`` in float64, columns summed in order.

    ``Q`` is ``P`` itself for a search within one set of rows, or the query points of a
    search against ``P``; one compiled kernel serves both (one less to load in a fresh
    process).
    """
    d = P.shape[1]
    for t in range(a.shape[0]):
        i = a[t]
        j = b[t]
        acc = 0.0
        for col in range(d):
            diff = Q[i, col] - P[j, col]
            acc += diff * diff
        out[t] = acc


@numba.njit(cache=True, nogil=True)
def rank_segments(
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
            filled = insert_ranked(best_d, best_r, filled, dist[t], rows[t])
        for q in range(kk):
            top[p, q] = best_r[q]
        last[p] = best_d[kk - 1]


@numba.njit(cache=True, nogil=True, inline="always")
def insert_ranked(best_d: np.ndarray, best_r: np.ndarray, filled: int, dv: float, rv: int) -> int:
    """Insert row ``rv`` at distance ``dv`` into the list ordered by ``(distance, row)``.

    The list holds ``filled`` entries of at most ``len(best_d)``; when full, the last one
    gives way if the new pair ranks before it. Returns the new fill.
    """
    kk = best_d.shape[0]
    if filled == kk:
        wd = best_d[kk - 1]
        if dv > wd or (dv == wd and rv > best_r[kk - 1]):
            return filled
        pos = kk - 1
    else:
        pos = filled
        filled += 1
    while pos > 0 and (best_d[pos - 1] > dv or (best_d[pos - 1] == dv and best_r[pos - 1] > rv)):
        best_d[pos] = best_d[pos - 1]
        best_r[pos] = best_r[pos - 1]
        pos -= 1
    best_d[pos] = dv
    best_r[pos] = rv
    return filled


@numba.njit(cache=True, nogil=True, inline="always")
def push(best_g: np.ndarray, best_i: np.ndarray, r: int, g: float, idx: int) -> None:
    """Insert score ``g`` of point ``idx`` into row ``r`` of the descending best list.

    Equal scores keep their arrival order. Which of two equal float32 scores stays does not
    matter: the exact ranking and the certified bound decide the result.
    """
    pos = best_g.shape[1] - 1
    while pos > 0 and best_g[r, pos - 1] < g:
        best_g[r, pos] = best_g[r, pos - 1]
        best_i[r, pos] = best_i[r, pos - 1]
        pos -= 1
    best_g[r, pos] = g
    best_i[r, pos] = idx


def scan_rows(
    G: np.ndarray, h: np.ndarray, col0: int, best_g: np.ndarray, best_i: np.ndarray
) -> None:
    """Merge a tile of products into the best lists of its rows (fused top-m selection).

    ``G[r, j]`` is the float32 product of query row ``r`` with reference ``col0 + j`` and
    ``h[j]`` the reference's half squared norm: the score ``G[r, j] - h[j]`` is larger for
    nearer references. ``best_g[r]`` / ``best_i[r]`` hold row ``r``'s best ``m`` scores so
    far, descending. (``scan_rows_at`` with rows in order: one kernel to compile and load.)
    """
    scan_rows_at(G, h, col0, np.arange(G.shape[0]), best_g, best_i)


@numba.njit(cache=True, nogil=True)
def scan_rows_at(
    G: np.ndarray,
    h: np.ndarray,
    col0: int,
    rows: np.ndarray,
    best_g: np.ndarray,
    best_i: np.ndarray,
) -> None:
    """:func:`scan_rows` for gathered query rows: row ``r`` of ``G`` feeds list ``rows[r]``.

    Once the lists fill up almost no score beats a row's threshold, so each row is first
    swept in blocks of 64, counting the scores above the threshold at the row's start
    (a branch-free count vectorises; an early-exit "any" compiled to scalar compares and
    was 2x slower). Only blocks with a count are revisited, against the live threshold,
    which only rises, so no candidate is missed. The last partial block is counted first
    too (small tiles, e.g. the approximate search's cells, leave a large remainder).
    """
    q, t = G.shape
    m = best_g.shape[1]
    width = 64
    nblk = t // width
    counts = np.empty(nblk, dtype=np.int32)
    for r in range(q):
        row = G[r]
        dst = rows[r]
        thr = best_g[dst, m - 1]
        for blk in range(_u(nblk)):
            base = blk * _u(width)
            c = np.int32(0)
            for j in range(_u(width)):
                c += np.int32(row[base + j] - h[base + j] > thr)
            counts[blk] = c
        for blk in range(nblk):
            if counts[blk] == 0:
                continue
            for j in range(blk * width, blk * width + width):
                g = row[j] - h[j]
                if g > thr:
                    push(best_g, best_i, dst, g, col0 + j)
                    thr = best_g[dst, m - 1]
        c = np.int32(0)
        for j in range(nblk * width, t):
            c += np.int32(row[j] - h[j] > thr)
        if c == 0:
            continue
        for j in range(nblk * width, t):
            g = row[j] - h[j]
            if g > thr:
                push(best_g, best_i, dst, g, col0 + j)
                thr = best_g[dst, m - 1]


@numba.njit(cache=True, nogil=True)
def scan_cols(
    G: np.ndarray, h: np.ndarray, row0: int, best_g: np.ndarray, best_i: np.ndarray
) -> None:
    """The same merge for the columns of a tile: the transposed half of a symmetric pair.

    Column ``j`` is a point whose best list is ``best_g[j]``; row ``r`` (point ``row0 + r``,
    half squared norm ``h[r]``) scores ``G[r, j] - h[r]`` for it. Rows are swept in order
    against a vector of column thresholds, which keeps the access contiguous and the count
    vectorised.
    """
    q, t = G.shape
    m = best_g.shape[1]
    width = 64
    nblk = t // width
    thr = np.empty(t, dtype=np.float32)
    for j in range(t):
        thr[j] = best_g[j, m - 1]
    for r in range(q):
        row = G[r]
        hr = h[r]
        for blk in range(_u(nblk)):
            base = blk * _u(width)
            c = np.int32(0)
            for j in range(_u(width)):
                c += np.int32(row[base + j] - hr > thr[base + j])
            if c == 0:
                continue
            for j in range(blk * width, blk * width + width):
                g = row[j] - hr
                if g > thr[j]:
                    push(best_g, best_i, j, g, row0 + r)
                    thr[j] = best_g[j, m - 1]
        for j in range(nblk * width, t):
            g = row[j] - hr
            if g > thr[j]:
                push(best_g, best_i, j, g, row0 + r)
                thr[j] = best_g[j, m - 1]


@numba.njit(cache=True, nogil=True)
def collect_at_least(
    G: np.ndarray,
    h: np.ndarray,
    thr: np.ndarray,
    col0: int,
    out_r: np.ndarray,
    out_c: np.ndarray,
) -> int:
    """Append every ``(r, col0 + j)`` with score ``G[r, j] - h[j] >= thr[r]``; return the count.

    Writes only as many as fit in ``out_r``/``out_c``; the caller grows them and calls again
    when the returned count is larger. Same block-count sweep as ``scan_rows``.
    """
    q, t = G.shape
    cap = out_r.shape[0]
    found = 0
    width = 64
    full = t // width
    for r in range(q):
        row = G[r]
        tr = thr[r]
        for blk in range(_u(full)):
            base = blk * _u(width)
            c = np.int32(0)
            for j in range(_u(width)):
                c += np.int32(row[base + j] - h[base + j] >= tr)
            if c == 0:
                continue
            for j in range(blk * width, blk * width + width):
                if row[j] - h[j] >= tr:
                    if found < cap:
                        out_r[found] = r
                        out_c[found] = col0 + j
                    found += 1
        for j in range(full * width, t):
            if row[j] - h[j] >= tr:
                if found < cap:
                    out_r[found] = r
                    out_c[found] = col0 + j
                found += 1
    return found


@numba.njit(cache=True, nogil=True)
def row_sqsum(data: np.ndarray, indptr: np.ndarray, out: np.ndarray) -> None:
    """``out[i] = sum(data[indptr[i]:indptr[i + 1]] ** 2)``, summed in stored order.

    With a CSR difference of two canonical rows (columns sorted), this adds the same
    squares in the same order as ``pair_sqdist`` on the dense rows (the skipped zeros add
    exactly nothing), so sparse and dense input give bitwise equal distances.
    """
    for i in range(out.shape[0]):
        acc = 0.0
        for t in range(indptr[i], indptr[i + 1]):
            acc += data[t] * data[t]
        out[i] = acc


# The compiled stand-ins (smotekit._native), where built: same signatures, same bits, and
# nothing for numba to set up or compile in a fresh process.
scan_rows_at = native(scan_rows_at)
scan_cols = native(scan_cols)
collect_at_least = native(collect_at_least)
pair_sqdist = native(pair_sqdist)
row_sqsum = native(row_sqsum)
rank_segments = native(rank_segments)
