"""Spheres grown on an energy budget in the L1 distance: CCR's range search.

Around each centre a sphere grows while it has energy: a unit of radius costs one plus the
number of other rows strictly inside (Koziarski & Wozniak 2017), so the radius depends on
the sorted distances of the rows within reach. The search is exact and bounded: rows sorted
by a projection that bounds the L1 distance from below, each centre scanning out from its
own projection until the gap passes its (shrinking) bound, no more than ``_CELLS`` distances
held at once. The engine's other searches are Euclidean (BLAS tiles, kd-tree); L1 has no
such product form, and scipy's kd-tree took 86-434 s here on 200k x 20 rows (it cannot prune
in 20 dimensions), where this scan takes under a second at the default energy.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import numpy as np
from numba import njit

from smotekit._parallel import chunks, parallel_map

#: Distances (and as many indices) a search holds at once: 2M cells, 16 MB each.
_CELLS = 1 << 21
#: Rows within reach a sphere keeps in place at first (then four times as many, and so on).
_FIRST_K = 16


@njit(cache=True, nogil=True)
def sphere_radius(distances: np.ndarray, m: int, energy: float) -> tuple[float, int]:
    """A sphere's radius and how many rows it holds, from its ``m`` nearest distances
    (sorted), when every other row is at least as far as the radius found.

    The sphere spends ``energy`` as it grows: a unit of radius costs ``1 + m`` with ``m``
    rows strictly inside, so ``r + sum_j max(0, r - d_j) = energy``. With the ``i`` nearest
    rows inside, ``r = (energy + d_1 + ... + d_i) / (i + 1)``; the answer is the first ``i``
    whose ``r`` does not pass the next row (``r <= d_(i+1)``).
    """
    total = 0.0
    for i in range(m):
        r = (energy + total) / (i + 1)
        if r <= distances[i]:
            return r, i
        total += distances[i]
    return (energy + total) / (m + 1), m


@njit(cache=True, nogil=True, inline="always")
def _within(row, centre, bound):  # pragma: no cover - compiled
    """The L1 distance of two rows in column order, given up once past ``bound`` (checked
    every few columns: a branch per column costs more than the columns it saves)."""
    s = abs(row[0] - centre[0])
    t, d = 1, row.shape[0]
    while s < bound and t < d:
        stop = min(t + 4, d)
        for u in range(t, stop):
            s += abs(row[u] - centre[u])
        t = stop
    return s


@njit(cache=True, nogil=True)
def _grow(
    others, projection, centres, at, energy, slack, queries, lo, hi, radius, held, dist, index
):  # pragma: no cover - compiled
    n = others.shape[1]  # one row per column
    cap = dist.shape[1]
    for i in range(lo, hi):
        q = queries[i]
        centre = centres[q]
        bound = energy  # no radius exceeds the budget; every row found lowers it
        total = 0.0
        m = 0
        full = False
        start = np.searchsorted(projection, at[q])
        # rightward from the centre's projection, then leftward: rows near it come first
        # and lower the bound; a side ends where its projection gap (a lower bound on the
        # distance) reaches the bound
        for side in range(2):
            j = start if side == 0 else start - 1
            while 0 <= j < n and abs(projection[j] - at[q]) < bound + slack:
                s = _within(others[:, j], centre, bound)
                if s < bound:
                    if m == cap:
                        full = True
                        break
                    dist[i, m] = s
                    index[i, m] = j
                    m += 1
                    total += s
                    # any rows within reach bound the radius (the nearest ones best)
                    bound = min(bound, (energy + total) / (m + 1))
                j += 1 if side == 0 else -1
            if full:
                break
        if full:
            held[i] = -1
            continue
        order = np.argsort(dist[i, :m], kind="mergesort")
        dist[i, :m] = dist[i, :m][order]
        index[i, :m] = index[i, :m][order]
        radius[i], held[i] = sphere_radius(dist[i], m, energy)


def _run(args: tuple, outs: tuple, span: tuple[int, int]) -> None:
    _grow(*args, span[0], span[1], *outs)


def _direction(X: np.ndarray) -> np.ndarray:
    """Signs (+-1 per column) along the data's widest spread: a few power iterations toward
    the first principal direction, then its signs. Any signs give a lower bound on the L1
    distance (``|w . (a - b)| <= |a - b|_1``); the wider the spread, the more rows it rules
    out."""
    d = X.shape[1]
    with np.errstate(all="ignore"):
        scale = np.abs(X).max(initial=0.0)
        Z = X / scale if np.isfinite(scale) and scale > 0 else X
        mean = Z.mean(axis=0)
        v = np.ones(d) / np.sqrt(d)
        for _ in range(8):
            v = Z.T @ (Z @ v) - mean * (mean @ v) * Z.shape[0]
            norm = np.linalg.norm(v)
            if not np.isfinite(norm) or norm == 0:
                return np.ones(d)
            v /= norm
    return np.where(v >= 0, 1.0, -1.0)


def grow_spheres(
    X: np.ndarray, rows: np.ndarray, others: np.ndarray, energy: float, threads: int
) -> Iterator[tuple[np.ndarray, ...]]:
    """The spheres around the rows ``rows`` of ``X`` among its rows ``others`` (L1).

    Yields batches ``(spheres, radii, owner, row, distance)``: indices into ``rows`` of
    some centres and their radii, then each (sphere, row) pair with the row strictly
    inside: the sphere's place in ``spheres``, the row's input position and their distance.
    Every centre comes once.

    No radius exceeds the budget, and every row found within reach lowers that bound. The
    rows are sorted by a projection that bounds the L1 distance from below; each centre
    scans from its own projection rightward, then leftward, each side until the gap passes
    the bound, summing a row's distance only while it stays below it. A centre keeps the
    rows within the bound in place for ``_FIRST_K`` of them, then four times as many: no
    more than ``_CELLS`` distances are held at once, however many rows a sphere holds.
    """
    n_others, d = others.shape[0], X.shape[1]
    if n_others == 0:
        none = np.zeros(0, dtype=np.intp)
        yield np.arange(rows.shape[0]), np.full(rows.shape[0], energy), none, none, none
        return
    step = max(1, (rows.shape[0] + n_others) // 8192)  # a direction needs no more rows
    sample = X[np.concatenate([rows[::step], others[::step]])]
    w = _direction(sample)
    with np.errstate(over="ignore", invalid="ignore"):
        projection = X @ w
        # a float64 sum of d terms errs by at most d + 1 ulps of |x|_1 <= d max|x|
        slack = 4.0 * (d + 2) * d * np.finfo(np.float64).eps * max(X.max(), -X.min())
        # widest columns first: a row's partial distance passes the bound soonest
        columns = np.argsort(-np.nan_to_num(sample.std(axis=0)), kind="stable")
    if not (np.isfinite(projection).all() and np.isfinite(slack)):
        projection, slack = np.zeros(X.shape[0]), 0.0  # no pruning by projection
    at = projection[rows]
    order = others[np.argsort(projection[others], kind="stable")]
    projection = projection[order]
    # one row per column (transposed): most rows are ruled out by their first columns
    sorted_rows = np.ascontiguousarray(X[np.ix_(order, columns)].T)
    centres = np.ascontiguousarray(X[np.ix_(rows, columns)])
    pending = np.arange(rows.shape[0])
    cap = min(_FIRST_K, n_others)
    while pending.size:
        unresolved = []
        step = max(1, _CELLS // cap)
        for a in range(0, pending.size, step):
            queries = pending[a : a + step]
            m = queries.shape[0]
            radius, held = np.empty(m), np.empty(m, dtype=np.intp)
            dist, index = np.empty((m, cap)), np.empty((m, cap), dtype=np.intp)
            spans = chunks(m, 256)
            args = (sorted_rows, projection, centres, at, energy, slack, queries)
            parallel_map(partial(_run, args, (radius, held, dist, index)), spans, threads)
            done = held >= 0
            unresolved.append(queries[~done])
            inside = np.arange(cap) < held[done, None]
            yield (
                queries[done],
                radius[done],
                np.repeat(np.arange(int(done.sum())), held[done]),
                order[index[done][inside]],
                dist[done][inside],
            )
        pending = np.concatenate(unresolved)
        cap = min(4 * cap, n_others)
