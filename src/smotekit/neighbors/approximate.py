"""Approximate k-nearest neighbours for very large classes: an inverted-file (IVF) search.

The exact engine (``engine.kneighbors_within``) costs ~n^2 above low dimension: 34-70 s on
300k x 20 on the development VM (depending on its load), minutes on 1M x 20.
:class:`ApproximateNeighbors` trades a measured, small loss of recall for a search costing
~n^1.5 times ``n_probe`` (which grows slowly: 8, 10, 12 probes at 55k, 300k, 1M rows), and
plugs into every sampler taking ``k_neighbors``:
``SMOTE(k_neighbors=ApproximateNeighbors(6, random_state=0))``.

How it works
------------
1. ``fit``: k-means (Lloyd, seeded, on a sample of ``64 * n_cells`` rows) splits the rows
   into ``n_cells`` cells (``sqrt(n)`` by default); every row goes to its nearest centroid
   and the rows are stored sorted by cell.
2. ``kneighbors``: each query row *probes* the ``n_probe`` cells whose centroids are
   nearest to it (its own cell first). Rows of a block of queries are grouped by probed
   cell, so each (block, cell) pair is one float32 BLAS product of the gathered query rows
   with the cell's rows, merged into per-row top-``(k + 8)`` lists by a fused numba kernel.
   The candidates are then ranked by exact float64 distance, ties by the smaller index:
   the distances returned are exact for the neighbours returned; what can be missed is a
   true neighbour lying in a cell that was not probed.
3. ``n_probe="auto"``: ``fit`` draws a seeded pilot of up to 1,000 rows, finds their true
   neighbours (every cell probed) and takes the smallest ``n_probe`` whose recall on the
   pilot reaches ``target_recall`` (``estimated_recall_`` holds it). Recall depends on the
   data's intrinsic dimension far more than on its size, so a fixed default would be either
   wasteful on easy data or poor on hard data (measured below: 8 probes of 234 cells reach
   0.96 on shape A, 51 of 447 are needed on 200k x 100).

Per-row probing (each row its own nearest centroids) rather than per-cell probing (a
cell's rows all probe the cells nearest to their centroid): on 300k x 20 with 547 cells,
8 cells per row find 0.936 of the true 5 neighbours, 8 cells per cell under 0.68 (it
takes ~33 cells per cell to match), for the same BLAS work per probed cell.

Determinism: the k-means sample and start, the pilot and every block of work are fixed by
``random_state`` and the data; threads own whole blocks and run BLAS single-threaded, so
the result is bit-identical whatever ``n_jobs``.

Measured (``benchmarks/bench_approximate.py``, 2-core VM shared with other jobs)
-------------------------------------------------------------------------------
k=5; seconds of ``fit(X)`` then ``kneighbors(X)`` (what SMOTE runs) against the exact
``kneighbors_within(X, 5)``, all cores; recall@5 on 2,000 seeded rows against a float64 brute
force; "auto n_probe" gives seconds, probes/cells chosen and recall@5. Load average 2.2-3.5
during the run (other jobs on the 2 cores)::

    data (make_classification)   exact      auto n_probe            n_probe=8       n_probe=32
    A      54,599 x 20           1.75 s     0.99 s   8/234   0.960   0.85 s  0.960   1.62 s  0.9998
    C300  300,000 x 20          33.86 s     3.33 s  10/548   0.959   2.74 s  0.931   9.61 s  0.9992
    C1M 1,000,000 x 20         ~380 s *    19.67 s  12/1000  0.958  19.38 s  0.905  29.23 s  0.9979
    B200  200,000 x 100         41.19 s    13.89 s  51/447   0.958   6.36 s  0.583  11.78 s  0.898

* Not run: the exact engine's cost grows as n^2 (300k -> 1M is x11: ~6 min, extrapolated).
SMOTE end to end on shape A (1M x 20, +890,802 rows): 1.49 s exact, 0.84 s approximate.

Where it pays: 300k x 20 and more (10x at 300k, ~20x at 1M). Where it does not: the
exact engine's 55k x 20 is already ~1.5 s (the approximate search saves under a second), and
on 100 mostly-noise columns the cells separate little, so 0.95 recall needs 51 of 447 cells
and the gain is 3x. The BLAS products of gathered rows run at ~25 GFLOP/s per core, the
exact engine's 512 x 512 tiles at ~50-65: the saving is in the number of pairs, not their
cost. (numba's ``np.dot`` was tried for the products, to run each block without the GIL:
4-20 GFLOP/s on these shapes, slower than numpy's matmul called from Python.)
"""

from __future__ import annotations

import math
import threading
from numbers import Integral, Real
from typing import Any

import numba
import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from smotekit._parallel import chunks, resolve_threads
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors._kernels import insert_ranked, scan_rows, scan_rows_at
from smotekit.neighbors._spaces import run_blas_tiles

__all__ = ["ApproximateNeighbors"]

#: Candidates kept per row beyond the ``k`` asked: the float32 products may misorder rows a
#: few ulps apart; the extra ones let the exact float64 ranking put them back in order.
_MARGIN = 8
#: k-means is trained on at most this many sampled rows per cell (faiss trains on 39 to 256).
_SAMPLE_PER_CELL = 64
#: Lloyd iterations: the cells only need to be compact, not converged.
_KMEANS_ITERS = 10
#: Query rows per block of work: a thread owns whole blocks, fixed whatever ``n_jobs``.
_BLOCK = 2048
#: Columns of one product tile at most: bounds the tile when a cell is very large.
_TILE_COLS = 2048
#: Rows per block when scoring rows against the centroids.
_CENTROID_BLOCK = 4096
#: Rows of the pilot that calibrates ``n_probe="auto"``.
_PILOT = 1000
#: Above this many nearest centroids per row, select them by partition, not top-w lists.
_SHORT_LIST = 16


# ----------------------------------------------------------------------------------------
# numba kernels
# ----------------------------------------------------------------------------------------
@numba.njit(cache=True, nogil=True)
def _exact_rank(
    Q: np.ndarray,
    P: np.ndarray,
    cand: np.ndarray,
    ids: np.ndarray,
    out_i: np.ndarray,
    out_d: np.ndarray,
) -> None:
    """Best ``kk`` candidates of each query row by exact float64 ``(distance, id)``.

    ``cand[r]`` holds positions into ``P`` (``-1``: empty slot, never chosen while enough
    real ones exist); ``ids`` maps a position to the index reported (ties go to the smaller).
    Squares are summed column by column in order, as the exact engine does.
    """
    kk = out_i.shape[1]
    d = P.shape[1]
    best_d = np.empty(kk, dtype=np.float64)
    best_r = np.empty(kk, dtype=np.intp)
    for r in range(cand.shape[0]):
        filled = 0
        for t in range(cand.shape[1]):
            pos = cand[r, t]
            if pos < 0:
                continue
            acc = 0.0
            for col in range(d):
                diff = Q[r, col] - P[pos, col]
                acc += diff * diff
            filled = insert_ranked(best_d, best_r, filled, acc, ids[pos])
        for q in range(kk):
            if q < filled:
                out_i[r, q] = best_r[q]
                out_d[r, q] = best_d[q]
            else:
                out_i[r, q] = -1
                out_d[r, q] = np.inf


@numba.njit(cache=True, nogil=True)
def _centroid_sums(S: np.ndarray, lab: np.ndarray, sums: np.ndarray, counts: np.ndarray) -> None:
    """Per-cell float64 sums of the rows, added in row order (deterministic)."""
    sums[:] = 0.0
    counts[:] = 0
    d = S.shape[1]
    for i in range(S.shape[0]):
        c = lab[i]
        counts[c] += 1
        for col in range(d):
            sums[c, col] += S[i, col]


# ----------------------------------------------------------------------------------------
# the estimator
# ----------------------------------------------------------------------------------------
class ApproximateNeighbors(BaseEstimator):
    """Approximate k-nearest neighbours by an inverted-file search, for very large classes.

    A scikit-learn style neighbour search to pass as ``k_neighbors`` of smotekit's samplers
    when a class is too large for the exact engine (hundreds of thousands of rows above
    ~10 columns): k-means splits the rows into cells, each query row searches only the
    ``n_probe`` cells nearest to it, and the candidates are ranked by exact float64
    distance. A true neighbour can be missed (recall below 1); the distances returned are
    exact for the neighbours returned, nearest first, ties by the smaller index. The result
    depends only on the data and ``random_state``, never on ``n_jobs``.

    Measured on the 2-core development VM (``benchmarks/bench_approximate.py``, k=5,
    defaults, recall@5 = share of the true 5 nearest other rows found, on 2,000 sampled
    rows; the module docstring has the full table)::

        rows x columns     exact engine   ApproximateNeighbors   recall@5
        54,599 x 20        1.75 s         0.99 s                 0.960
        300,000 x 20       33.86 s        3.33 s                 0.959
        1,000,000 x 20     ~380 s         19.67 s                0.958
        200,000 x 100      41.19 s        13.89 s                0.958

    Parameters
    ----------
    n_neighbors : int, default=6
        Neighbours returned per query row. As a sampler's ``k_neighbors``, build it with
        ``k + 1`` (the query row itself is returned first, at distance 0).
    n_cells : int or "auto", default="auto"
        Number of k-means cells; ``"auto"`` is ``round(sqrt(n_samples))``. More cells make
        each probe cheaper but need more probes for the same recall.
    n_probe : int or "auto", default="auto"
        Cells searched per query row, its own cell included. ``"auto"`` calibrates it at
        ``fit`` on a seeded pilot of rows to reach ``target_recall``. Rows whose probed cells
        hold fewer than ``n_neighbors`` rows probe further cells until they do. ``n_probe >=
        n_cells`` searches every row (an exact search, slower than the exact engine).
    target_recall : float, default=0.95
        Recall of the ``n_neighbors - 1`` nearest other rows that ``n_probe="auto"`` aims at
        (estimated on the pilot). Ignored when ``n_probe`` is an int.
    random_state : int, RandomState instance or None, default=None
        Seeds the k-means sample and start, and the pilot. Pass an int for reproducible
        results.
    n_jobs : int, default=None
        Threads (``None`` or ``-1``: all cores, ``-2``: all but one). The result is
        bit-identical whatever the value.

    Attributes
    ----------
    n_samples_fit_ : int
        Rows fitted.
    n_features_in_ : int
        Columns of the fitted rows.
    n_cells_ : int
        Number of cells used.
    n_probe_ : int
        Cells probed per query row (calibrated when ``n_probe="auto"``).
    estimated_recall_ : float or None
        Recall of the ``n_neighbors - 1`` nearest other rows on the pilot at ``n_probe_``
        (``None`` when ``n_probe`` is an int).
    cluster_centers_ : ndarray of shape (n_cells, n_features)
        The cells' centroids.
    labels_ : ndarray of shape (n_samples_fit,)
        The cell of each fitted row.

    See Also
    --------
    smotekit.neighbors.kneighbors_within : the exact engine used for an int ``k_neighbors``.

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.neighbors.approximate import ApproximateNeighbors
    >>> X = np.random.default_rng(0).normal(size=(3000, 8))
    >>> nn = ApproximateNeighbors(n_neighbors=6, random_state=0).fit(X)
    >>> nn.n_cells_
    55
    >>> dist, ind = nn.kneighbors(X[:4])
    >>> ind.shape, bool((ind[:, 0] == np.arange(4)).all()), bool((dist[:, 0] == 0).all())
    ((4, 6), True, True)

    As SMOTE's neighbour search (``n_neighbors = k + 1``):

    >>> from smotekit import SMOTE
    >>> y = np.r_[np.zeros(2000, dtype=int), np.ones(1000, dtype=int)]
    >>> sampler = SMOTE(k_neighbors=ApproximateNeighbors(6, random_state=0), random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> np.bincount(y_res)
    array([2000, 2000])
    """

    def __init__(
        self,
        n_neighbors: int = 6,
        *,
        n_cells: int | str = "auto",
        n_probe: int | str = "auto",
        target_recall: float = 0.95,
        random_state: int | np.random.RandomState | None = None,
        n_jobs: int | None = None,
    ) -> None:
        self.n_neighbors = n_neighbors
        self.n_cells = n_cells
        self.n_probe = n_probe
        self.target_recall = target_recall
        self.random_state = random_state
        self.n_jobs = n_jobs

    # ---- fit --------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> ApproximateNeighbors:
        """Split the rows of ``X`` into cells (and calibrate ``n_probe`` if ``"auto"``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Dense numeric rows, all finite.
        y : ignored
            Accepted for scikit-learn compatibility.

        Returns
        -------
        self : ApproximateNeighbors
            The fitted estimator.
        """
        k = _check_int("n_neighbors", self.n_neighbors, 1, "the number of neighbours returned")
        X = _check_rows(X, "X")
        n = X.shape[0]
        n_cells = self._resolve_cells(n)
        n_probe = self._check_probe()
        if n_probe is None:
            target = self.target_recall
            if isinstance(target, bool) or not isinstance(target, Real) or not 0 < target <= 1:
                raise InvalidParameterError(
                    f"target_recall={target!r} must be a float in (0, 1], e.g. 0.95: the "
                    "share of true neighbours n_probe='auto' aims to find."
                )
        threads = resolve_threads(self.n_jobs)
        rng = check_random_state(self.random_state)

        # centred and scaled by a power of two before rounding to float32: the products then
        # keep their precision when the data sit far from the origin (exact to undo)
        mu = X.mean(axis=0)
        spread = float(np.sqrt((np.maximum(X.max(axis=0) - mu, mu - X.min(axis=0)) ** 2).sum()))
        scale = 2.0 ** -math.floor(math.log2(spread)) if spread > 0 else 1.0
        X32 = _to_float32(X, mu, scale)

        centers = _kmeans(X32, n_cells, rng, threads)
        hc = _half_norms(centers)
        labels = _nearest_cells(X32, centers, hc, 1, threads)[:, 0]
        order = np.argsort(labels, kind="stable")
        counts = np.bincount(labels, minlength=n_cells)
        ptr = np.zeros(n_cells + 1, dtype=np.intp)
        np.cumsum(counts, out=ptr[1:])

        self._mu, self._scale = mu, scale
        self._centers, self._hc, self._counts, self._ptr = centers, hc, counts, ptr
        self._order = order.astype(np.intp, copy=False)
        self._X32 = np.ascontiguousarray(X32[order])
        self._h = _half_norms(self._X32)
        self._X64 = np.ascontiguousarray(X[order], dtype=np.float64)
        self._home = labels[order]
        self.labels_ = labels
        self.cluster_centers_ = centers.astype(np.float64) / scale + mu
        self.n_samples_fit_ = n
        self.n_features_in_ = X.shape[1]
        self.n_cells_ = n_cells
        if n_probe is None:
            self.n_probe_, self.estimated_recall_ = self._calibrate(k, rng, threads)
        else:
            self.n_probe_, self.estimated_recall_ = min(n_probe, n_cells), None
        return self

    # ---- kneighbors -------------------------------------------------------------------
    def kneighbors(
        self,
        X: Any = None,
        n_neighbors: int | None = None,
        return_distance: bool = True,
    ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """Approximate nearest fitted rows of each query row, nearest first.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            Query rows. ``None`` queries the fitted rows and leaves each row out of its own
            result (as scikit-learn does); a fitted row given in ``X`` finds itself first.
        n_neighbors : int, default=None
            Neighbours per row; ``None`` uses the constructor's ``n_neighbors``.
        return_distance : bool, default=True
            Whether to return the distances too.

        Returns
        -------
        neigh_dist : ndarray of shape (n_queries, n_neighbors), dtype float64
            Exact Euclidean distances to the neighbours returned (only if
            ``return_distance``).
        neigh_ind : ndarray of shape (n_queries, n_neighbors), dtype intp
            Indices of the fitted rows, nearest first, ties by the smaller index.
        """
        check_is_fitted(self, "n_probe_")
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        k = _check_int("n_neighbors", k, 1, "the number of neighbours returned")
        n = self.n_samples_fit_
        threads = resolve_threads(self.n_jobs)
        w = min(self.n_probe_, self.n_cells_)
        if X is None:
            if k >= n:
                raise InvalidInputError(
                    f"n_neighbors={k} must be below the {n} fitted rows when X is None (each "
                    "row is left out of its own result); ask for fewer neighbours."
                )
            kk = k + 1
            Q32, Q64, home = self._X32, self._X64, self._home
            top = _nearest_cells(Q32, self._centers, self._hc, w, threads)
            qorder = None
        else:
            if k > n:
                raise InvalidInputError(
                    f"n_neighbors={k} exceeds the {n} fitted rows; ask for at most {n}."
                )
            Xq = _check_rows(X, "X", n_features=self.n_features_in_)
            kk = k
            Q32 = _to_float32(Xq, self._mu, self._scale)
            # the nearest centroid first: the same products as fit's, so a fitted row given
            # again lands in its own cell
            top = _nearest_cells(Q32, self._centers, self._hc, w, threads)
            home = top[:, 0].copy()
            qorder = np.argsort(home, kind="stable")
            Q32 = np.ascontiguousarray(Q32[qorder])
            Q64 = np.ascontiguousarray(Xq[qorder], dtype=np.float64)
            home, top = home[qorder], top[qorder]
        ptr, cells = self._probe_lists(Q32, home, top, kk, threads)
        ind, dist = self._search(Q32, Q64, ptr, cells, kk, _BLOCK, threads)
        if X is None:
            ind, dist = _drop_self(ind, dist, self._order)
            out_i = np.empty_like(ind)
            out_d = np.empty_like(dist)
            out_i[self._order] = ind
            out_d[self._order] = dist
        else:
            out_i = np.empty_like(ind)
            out_d = np.empty_like(dist)
            out_i[qorder] = ind
            out_d[qorder] = dist
        if return_distance:
            return np.sqrt(out_d), out_i
        return out_i

    # ---- internals --------------------------------------------------------------------
    def _resolve_cells(self, n: int) -> int:
        if isinstance(self.n_cells, str):
            if self.n_cells != "auto":
                raise InvalidParameterError(
                    f"n_cells={self.n_cells!r} must be 'auto' or an int >= 1 (the number "
                    "of k-means cells; 'auto' takes sqrt(n_samples))."
                )
            return max(1, round(math.sqrt(n)))
        c = _check_int("n_cells", self.n_cells, 1, "the number of k-means cells")
        if c > n:
            raise InvalidInputError(
                f"n_cells={c} exceeds the {n} rows to fit; use at most {n} cells, or "
                "n_cells='auto' (sqrt(n_samples))."
            )
        return c

    def _check_probe(self) -> int | None:
        if isinstance(self.n_probe, str):
            if self.n_probe != "auto":
                raise InvalidParameterError(
                    f"n_probe={self.n_probe!r} must be 'auto' or an int >= 1 (cells searched "
                    "per query row; 'auto' calibrates it to reach target_recall)."
                )
            return None
        return _check_int("n_probe", self.n_probe, 1, "the number of cells searched per row")

    def _probe_lists(
        self, Q32: np.ndarray, home: np.ndarray, top: np.ndarray, need: int, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cells each query row searches: its ``w`` nearest centroids ``top``, its own first.

        Rows whose cells hold fewer than ``need`` rows take further cells, nearest first,
        until they do. Returned as segments: row ``i`` probes ``cells[ptr[i]:ptr[i + 1]]``.
        """
        n_cells = self.n_cells_
        w = top.shape[1]
        top = _home_first(top, home)
        lengths = np.full(top.shape[0], w, dtype=np.intp)
        short = np.flatnonzero(self._counts[top].sum(axis=1) < need)
        if short.size == 0:
            ptr = np.arange(0, top.size + 1, w, dtype=np.intp)
            return ptr, top.reshape(-1)
        # widen: every centroid ranked for the few rows whose cells are too small
        full = _home_first(
            _nearest_cells(Q32[short], self._centers, self._hc, n_cells, threads), home[short]
        )
        extra = []
        for i, r in enumerate(short):
            ranked = full[i]
            cum = np.cumsum(self._counts[ranked])
            take = max(w, int(np.searchsorted(cum, need)) + 1)
            extra.append(ranked[:take])
            lengths[r] = take
        ptr = np.zeros(top.shape[0] + 1, dtype=np.intp)
        np.cumsum(lengths, out=ptr[1:])
        cells = np.empty(ptr[-1], dtype=top.dtype)
        is_short = np.zeros(top.shape[0], dtype=bool)
        is_short[short] = True
        keep = np.flatnonzero(~is_short)
        cells[(ptr[keep][:, None] + np.arange(w)).reshape(-1)] = top[keep].reshape(-1)
        for r, lst in zip(short, extra, strict=True):
            cells[ptr[r] : ptr[r + 1]] = lst
        return ptr, cells

    def _search(
        self,
        Q32: np.ndarray,
        Q64: np.ndarray,
        ptr: np.ndarray,
        cells: np.ndarray,
        kk: int,
        block: int,
        threads: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``kk`` nearest fitted rows (original indices, squared distances) of each query.

        Query rows come sorted by their own cell, so a block's rows probe mostly the same
        cells; each (block, cell) pair is then one product of the gathered rows probing that
        cell with the cell's rows.
        """
        nq = Q32.shape[0]
        m = min(kk + _MARGIN, self.n_samples_fit_)
        X32, h, cptr = self._X32, self._h, self._ptr
        out_i = np.empty((nq, kk), dtype=np.intp)
        out_d = np.empty((nq, kk), dtype=np.float64)
        local = threading.local()

        def work(span: tuple[int, int]) -> None:
            a, b = span
            best_g = np.full((b - a, m), -np.inf, dtype=np.float32)
            best_i = np.full((b - a, m), -1, dtype=np.intp)
            seg = ptr[a : b + 1]
            probed = cells[seg[0] : seg[-1]]
            lengths = np.diff(seg)
            owner = np.repeat(np.arange(b - a, dtype=np.intp), lengths)
            rank = np.arange(probed.shape[0], dtype=np.intp) - np.repeat(seg[:-1] - seg[0], lengths)
            # a block's own cells first, then the cells nearest to some row: the lists fill
            # with near rows early, their thresholds rise, and later tiles push little
            first = np.full(self.n_cells_, probed.shape[0], dtype=np.intp)
            np.minimum.at(first, probed, rank)
            by_group = np.argsort(first[probed] * self.n_cells_ + probed, kind="stable")
            probed, owner = probed[by_group], owner[by_group]
            starts = np.flatnonzero(np.r_[True, probed[1:] != probed[:-1]])
            ends = np.r_[starts[1:], probed.shape[0]]
            # numpy's matmul, not np.dot inside numba: numba's dot ran at 4-20 GFLOP/s on
            # these shapes against numpy's 20-40 (it goes through scipy's BLAS and copies
            # the transposed cell); the Python loop costs ~25 us per (block, cell) pair
            for s0, e0 in zip(starts.tolist(), ends.tolist(), strict=True):
                c = int(probed[s0])
                c0, c1 = int(cptr[c]), int(cptr[c + 1])
                if c0 == c1:
                    continue
                rows = owner[s0:e0]
                Q = Q32[a + rows]
                for t0, t1 in chunks(c1 - c0, _TILE_COLS):
                    G = _buffer(local, rows.shape[0] * (t1 - t0)).reshape(rows.shape[0], t1 - t0)
                    np.matmul(Q, X32[c0 + t0 : c0 + t1].T, out=G)
                    scan_rows_at(G, h[c0 + t0 : c0 + t1], c0 + t0, rows, best_g, best_i)
            _exact_rank(Q64[a:b], self._X64, best_i, self._order, out_i[a:b], out_d[a:b])

        run_blas_tiles(work, chunks(nq, block), threads)
        return out_i, out_d

    def _calibrate(self, k: int, rng: np.random.RandomState, threads: int) -> tuple[int, float]:
        """Smallest ``n_probe`` whose recall on a pilot of rows reaches ``target_recall``
        (the pilot's mean less two standard errors, so the whole class rarely falls short).

        The pilot's true neighbours come from probing every cell; each is found by a probe
        of ``p`` cells exactly when its cell ranks below ``p`` among the pilot row's nearest
        centroids (own cell first), so one pass gives the recall of every ``n_probe``.
        """
        n, n_cells = self.n_samples_fit_, self.n_cells_
        others = min(max(1, k - 1), n - 1)  # n_neighbors counts the row itself
        if n_cells == 1 or others < 1:
            return n_cells, 1.0
        pilot = np.sort(rng.choice(n, size=min(n, _PILOT), replace=False))
        Q32, Q64, home = self._X32[pilot], self._X64[pilot], self._home[pilot]
        ptr = np.arange(0, pilot.shape[0] * n_cells + 1, n_cells, dtype=np.intp)
        cells = np.tile(np.arange(n_cells, dtype=np.intp), pilot.shape[0])
        ind, _ = self._search(Q32, Q64, ptr, cells, others + 1, 128, threads)
        ind, _ = _drop_self(ind, np.zeros(ind.shape), self._order[pilot])
        # rank of every cell for each pilot row, in the order the probes take them
        ranked = _home_first(_nearest_cells(Q32, self._centers, self._hc, n_cells, threads), home)
        rank = np.empty_like(ranked)
        np.put_along_axis(rank, ranked, np.arange(n_cells)[None, :], axis=1)
        found_cells = self.labels_[ind]
        need = np.take_along_axis(rank, found_cells, axis=1)
        # per pilot row, the share of its neighbours found with 1, 2, ... probes
        n_pilot = pilot.shape[0]
        flat = (np.arange(n_pilot)[:, None] * n_cells + need).reshape(-1)
        hits = np.bincount(flat, minlength=n_pilot * n_cells).reshape(n_pilot, n_cells)
        per_row = np.cumsum(hits, axis=1) / need.shape[1]
        recall = per_row.mean(axis=0)
        # two standard errors below the pilot's mean: the pilot is a sample of rows
        low = recall - 2.0 * per_row.std(axis=0) / math.sqrt(n_pilot)
        p = (
            int(np.argmax(low >= self.target_recall - 1e-12)) + 1
            if low[-1] >= self.target_recall - 1e-12
            else n_cells
        )
        return p, float(recall[p - 1])


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------
def _check_int(name: str, value: Any, low: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < low:
        raise InvalidParameterError(f"{name}={value!r} must be an int >= {low} ({what}).")
    return int(value)


def _check_rows(X: Any, name: str, n_features: int | None = None) -> np.ndarray:
    if sp.issparse(X):
        raise InvalidInputError(
            f"{name} is a sparse matrix; ApproximateNeighbors needs dense rows. Densify it "
            "(X.toarray()) or use the exact engine (an int k_neighbors), which handles sparse "
            "input."
        )
    X = np.asarray(X)
    if X.ndim != 2:
        raise InvalidInputError(f"{name} must be 2-dimensional, got shape {X.shape}.")
    if X.dtype.kind not in "biuf":
        raise InvalidInputError(f"{name} must be numeric, got dtype {X.dtype}.")
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    if X.shape[0] == 0:
        raise InvalidInputError(f"{name} has no rows; fit needs at least one row.")
    if n_features is not None and X.shape[1] != n_features:
        raise InvalidInputError(
            f"{name} has {X.shape[1]} columns but the estimator was fitted on {n_features}; "
            "query with rows of the fitted width."
        )
    if not np.isfinite(X).all():
        raise InvalidInputError(
            f"{name} holds NaN or infinite values; neighbours need finite rows."
        )
    return X


def _to_float32(X: np.ndarray, mu: np.ndarray, scale: float) -> np.ndarray:
    out = np.empty(X.shape, dtype=np.float32)
    for a, b in chunks(X.shape[0], 65536):
        out[a:b] = (X[a:b] - mu) * scale
    return out


def _half_norms(A: np.ndarray) -> np.ndarray:
    A64 = A.astype(np.float64)
    return (0.5 * np.einsum("ij,ij->i", A64, A64)).astype(np.float32)


def _buffer(local: threading.local, size: int) -> np.ndarray:
    """This thread's float32 scratch of ``size`` cells (grown when needed, then reused)."""
    buf = getattr(local, "G", None)
    if buf is None or buf.shape[0] < size:
        buf = local.G = np.empty(max(size, 1 << 20), dtype=np.float32)
    return buf[:size]


def _nearest_cells(
    X32: np.ndarray, centers: np.ndarray, hc: np.ndarray, w: int, threads: int
) -> np.ndarray:
    """The ``w`` nearest centroids of each row, nearest first (ties by the smaller cell).

    Fixed blocks of rows, BLAS single-threaded inside the workers: the same products
    whatever ``n_jobs``, so the same cells.
    """
    n = X32.shape[0]
    out = np.empty((n, w), dtype=np.intp)
    C = np.ascontiguousarray(centers.T)

    def short_lists(span: tuple[int, int]) -> None:
        a, b = span
        G = X32[a:b] @ C
        best_g = np.full((b - a, w), -np.inf, dtype=np.float32)
        scan_rows(G, hc, 0, best_g, out[a:b])

    def long_lists(span: tuple[int, int]) -> None:
        # insertion into long lists costs O(w) per push: partition, then sort the w chosen
        # by (score, cell), which orders them as the short lists do
        a, b = span
        G = X32[a:b] @ C
        G -= hc
        np.negative(G, out=G)
        if w == G.shape[1]:
            out[a:b] = np.argsort(G, axis=1, kind="stable")
            return
        part = np.argpartition(G, w - 1, axis=1)[:, :w]
        order = np.lexsort((part, np.take_along_axis(G, part, axis=1)), axis=1)
        out[a:b] = np.take_along_axis(part, order, axis=1)

    work = short_lists if w <= _SHORT_LIST else long_lists
    run_blas_tiles(work, chunks(n, _CENTROID_BLOCK), threads)
    return out


def _home_first(top: np.ndarray, home: np.ndarray) -> np.ndarray:
    """Put each row's own cell first in its list of cells (in place; returned).

    The own cell is the nearest centroid by construction, so this changes a list only on
    exact ties; it guarantees that a fitted row always meets itself. A missing own cell
    replaces the last one.
    """
    rows = np.arange(top.shape[0])
    has = top == home[:, None]
    missing = ~has.any(axis=1)
    top[missing, -1] = home[missing]
    has[missing, -1] = True
    at = has.argmax(axis=1)
    top[rows, at] = top[:, 0]
    top[:, 0] = home
    return top


def _kmeans(X32: np.ndarray, n_cells: int, rng: np.random.RandomState, threads: int) -> np.ndarray:
    """Lloyd's k-means on a seeded sample, started from distinct sampled rows.

    A cell left empty keeps its centroid (it may win rows in the final assignment or stay
    empty: an empty cell costs nothing to probe).
    """
    n = X32.shape[0]
    size = min(n, _SAMPLE_PER_CELL * n_cells)
    sample = np.sort(rng.choice(n, size=size, replace=False)) if size < n else np.arange(n)
    S = np.ascontiguousarray(X32[sample])
    centers = S[np.sort(rng.choice(size, size=n_cells, replace=False))].copy()
    if n_cells == 1:
        return S.astype(np.float64).mean(axis=0, keepdims=True).astype(np.float32)
    sums = np.empty((n_cells, S.shape[1]), dtype=np.float64)
    counts = np.empty(n_cells, dtype=np.intp)
    for _ in range(_KMEANS_ITERS):
        lab = _nearest_cells(S, centers, _half_norms(centers), 1, threads)[:, 0]
        _centroid_sums(S, lab, sums, counts)
        full = counts > 0
        centers[full] = (sums[full] / counts[full, None]).astype(np.float32)
    return centers


def _drop_self(ind: np.ndarray, dist: np.ndarray, own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Remove each row's own index ``own[i]`` from its ``kk`` results (else the last one).

    As scikit-learn does for ``kneighbors(X=None)``: a duplicate of the row can take the
    row's place at distance 0, and then the farthest result is dropped instead.
    """
    n, kk = ind.shape
    mine = ind == own[:, None]
    mine[~mine.any(axis=1), -1] = True
    first = mine.argmax(axis=1)
    keep = np.ones_like(mine)
    keep[np.arange(n), first] = False
    return ind[keep].reshape(n, kk - 1), dist[keep].reshape(n, kk - 1)
