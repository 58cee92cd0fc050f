"""Exact k-nearest neighbours: of every row of a class among the other rows of that class
(:func:`kneighbors_within`), and of query rows or new points among all rows
(:func:`kneighbors_query`). docs/engine.md has the overview and the memory budget.

Contract (every backend)
------------------------
Row ``i`` of the result holds the local indices of the ``k`` rows closest to row ``i`` in
Euclidean distance, nearest first, ties broken by the smaller index, never ``i`` itself (a
duplicate of row ``i`` is a legitimate neighbour at distance 0 and comes before any farther
row). "Distance" is the squared difference summed in float64 over the columns of the float64
(or exactly upcast float32) values, so the result equals a brute-force float64 reference
ordered by ``np.lexsort((index, distance))``, whatever the backend or the number of threads.

How it stays exact and fast
---------------------------
1. Identical rows are grouped (``_groups``) and the search runs over distinct points; the
   ``k + 1`` nearest rows of a point (itself included) are its own copies and the first
   members of its nearest distinct points.
2. A backend that ranks by the exact float64 distance itself (the kd-tree) answers directly
   when all rows are distinct: points are then rows, and its ``k`` nearest other points by
   ``(distance, index)`` are the result (``Space.nearest_others``).
3. Otherwise a backend (``_spaces``) proposes a few more candidate points than needed, with
   a certified lower bound on the distance of every point it did not propose.
4. The candidates are ranked by exact float64 distance, then index. If the ``(k + 1)``-th
   distance is below the bound, the answer is proven exact; otherwise (a tie at the boundary,
   or a float32 bound too loose) everything within that distance is gathered and ranked.

Backends
--------
``"kd_tree"``: our kd-tree (``_kdtree``, numba): balanced, leaves of 32 points stored column
by column, tight boxes; the points of a leaf walk the tree together and each scans only the
leaves whose box is within its own current ``m``-th distance. Distances are summed exactly
as the exact ones, so its ``m`` nearest by ``(distance, index)`` are exact and the ``m``-th
distance is the bound, without slack (``m = k + 2``, more on tie-heavy integer grids, sized
by a pilot). Chunks of leaves run on the threads (serial kernels that release the GIL).

``"brute"``: float32 products through BLAS (``sgemm``) on 512 x 512 tiles, each pair of
tiles multiplied once and merged into the lists of both its rows and its columns by fused
compiled top-``(k + 1 + margin)`` kernels while the tile is in cache (the margin, 2 to 8,
sized by pilot points); the float32 error is bounded explicitly (rows centred and scaled
by a power of two). Worker threads own pairs of bands of tiles, round them to float32
themselves (no copy of the rows is kept) and run BLAS single-threaded; the kernels are
serial and release the GIL.

Sparse input is densified up to ``_DENSIFY_CELLS`` cells, else searched with sparse
products in row blocks and float64 keys (same candidate / bound / exact ranking scheme).

Measured on the 2-core development VM (shared with other jobs: +-30% noise)
---------------------------------------------------------------------------
KVM guest, Intel Xeon with AVX-512, load average 0.6-1.0 during the tree's runs below.
``benchmarks/bench_neighbors.py``, k=5, all cores, median of 3 alternating runs, against
what imbalanced-learn runs, ``NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X)``; A and
B from the earlier (cKDTree-era) runs, D with our tree (D is
``make_blobs(500_000, n_features=5, centers=20, random_state=1)``)::

    data                           ours             scikit-learn            ratio
    A   54,599 x 20  (brute)       1.24 / 1.96 s    6.99 / 9.32 s (brute)   5.6 / 4.7x
    B   40,576 x 100 (brute)       2.37 / 1.66 s    7.96 / 5.50 s (brute)   3.4 / 3.3x
    D  500,000 x 5   (kd_tree)     0.73 s          14.72 s (tree)          20.1x

On D the engine on scipy's cKDTree (the former backend, since removed) took 2.88 s, our
tree 0.73 s (0.090 s of it building the tree; one thread: build 0.15 s, search 1.08 s).

First call in a fresh interpreter: 5.5-7.3 s compiling the tree's kernels (1.6-2.5 s the
BLAS ones), 0.2-0.3 s with numba's on-disk cache (``cache=True``; most of it numba's first
dispatch, paid by either backend), against 0.03 s warm (2000-row searches). On D in a fresh
interpreter with the cache on disk: 1.01-1.05 s first call, 0.81 s the second.

Crossover, one thread, seconds, kd_tree / brute (in brackets the former cKDTree path);
blobs: ``make_blobs(centers=10, random_state=0)``; clf: ``make_classification(
n_informative=d // 2, n_redundant=0, random_state=0)``, whose noise columns make the
intrinsic dimension d, the hard case for a tree. The BLAS tiles cost ~n^2 whatever d::

    n=50k   d=5           d=6           d=8           d=10          d=11          d=12
    blobs   0.10 / 1.22   0.13 / 1.19   0.22 / 1.15   0.36 / 1.32   0.45 / 1.34   0.51 / 1.32
            (0.30)        (0.56)        (1.00)        (1.91)        (2.37)        (2.72)
    clf     0.16 / 1.29   0.18 / 1.16   0.42 / 1.34   1.03 / 1.27   1.49 / 1.38   1.71 / 1.40
            (0.34)        (0.59)        (1.65)        (5.28)        (7.90)        (10.80)

    clf, n=5k     d=10 0.036 / 0.047   d=11 0.043 / 0.050   d=12 0.034 / 0.042   d=13 0.038 / 0.039
    clf, n=20k    d=10 0.33 / 0.42     d=12 0.56 / 0.42     d=14 0.63 / 0.42
    clf, n=200k   d=8  4.1 / 20.5      d=10 11.9 / 17.0     d=12 16.9 / 18.8     d=13 24.0 / 16.2
    blobs, n=200k d=8  1.9 / 14.0      d=10 3.8 / 16.3

(One run each at 200k rows.) Blobs favour the tree at every d measured (up to 20 at 50k
rows: 1.1 against 1.8 s); on clf the crossover sits between 10 and 13 columns from 5k to
200k rows (50k: between 10 and 11), without a trend in n beyond the noise (the cKDTree path
crossed at 6 to 10), hence ``"auto"``: kd-tree while ``d <= 11``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit._parallel import chunks, parallel_map, resolve_threads
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors._groups import Groups
from smotekit.neighbors._kernels import rank_segments
from smotekit.neighbors._small import brute_knn, runs_small
from smotekit.neighbors._spaces import (
    MARGIN,
    DenseSpace,
    GemmSpace,
    Space,
    SparseSpace,
    TreeSpace,
)

#: ``algorithm="auto"`` uses the kd-tree up to ``11 + 0 log10(n / 5000)`` columns: the tree's
#: cost grows steeply with the dimension, the BLAS one with n^2; measured (below), the
#: crossover stays at 11-12 columns from 5k to 200k rows, with no trend within the noise.
_KDTREE_BASE_DIM = 11.0
_KDTREE_DIM_PER_DECADE = 0.0
#: Sparse input with at most this many cells is densified (BLAS beats sparse products).
_DENSIFY_CELLS = 10_000_000

_ALGORITHMS = ("auto", "kd_tree", "brute")


# ----------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------
#: What ``k_neighbors`` is, for messages.
SAME_CLASS_K = (
    "it is how many nearest same-class neighbours each base row chooses from (the paper uses 5)"
)


def resolve_k(
    value: Any, name: str = "k_neighbors", purpose: str = SAME_CLASS_K
) -> tuple[int, Any]:
    """``(k, estimator_or_None)`` from an int >= 1 or an object with ``fit``/``kneighbors``.

    As in imbalanced-learn, an estimator must be built with ``n_neighbors = k + 1`` because
    the query row is among its own results. ``name`` and ``purpose`` say in an error which
    parameter was wrong and what it is for (``k_neighbors``, ``m_neighbors``, ...).

    Examples
    --------
    >>> resolve_k(5)
    (5, None)
    >>> from sklearn.neighbors import NearestNeighbors
    >>> resolve_k(NearestNeighbors(n_neighbors=4))[0]
    3
    """
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        if value < 1:
            raise InvalidParameterError(f"{name}={value} must be an int >= 1: {purpose}.")
        return int(value), None
    wanted = name[0] if name in ("k_neighbors", "m_neighbors") else name
    if hasattr(value, "kneighbors") and hasattr(value, "fit"):
        n = getattr(value, "n_neighbors", None)
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
            raise InvalidParameterError(
                f"The {name} estimator has n_neighbors={n!r}; it must be an int >= 2 "
                f"({wanted} + 1: the query row is returned among its own neighbours)."
            )
        return int(n) - 1, value
    raise InvalidParameterError(
        f"{name}={value!r} must be an int >= 1 or an object with fit and kneighbors methods "
        f"(e.g. sklearn.neighbors.NearestNeighbors(n_neighbors={wanted} + 1))."
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
        Search backend. All return the same (exact) result; ``"auto"`` takes the kd-tree up
        to 11 columns, BLAS tiles above (measured).

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
    _check_algorithm(algorithm)
    threads = resolve_threads(n_jobs)
    if sp.issparse(X):
        X, _ = _finite_scaled(_check_sparse(X))
        if algorithm == "kd_tree" or X.shape[0] * X.shape[1] <= _DENSIFY_CELLS:
            X = X.toarray()
        else:
            _check_size(X.shape[0], k)
            return _search(SparseSpace(X), k, threads)
    X, _ = _finite_scaled(_check_dense(X))
    _check_size(X.shape[0], k)
    if algorithm == "auto" and runs_small(X.shape[0] ** 2, X.shape[1]):
        P = np.ascontiguousarray(X, dtype=np.float64)
        return brute_knn(P, P, k, own=np.arange(X.shape[0]))
    return _within_checked(X, k, threads, _backend(X, algorithm))


def _backend(X: np.ndarray, algorithm: str) -> str:
    if algorithm != "auto":
        return algorithm
    return "kd_tree" if X.shape[1] <= _kdtree_max_dim(X.shape[0]) else "brute"


def _within_checked(X: Any, k: int, threads: int, backend: str) -> np.ndarray:
    """:func:`kneighbors_within` on validated input and a chosen backend."""
    if backend == "sparse":
        return _search(SparseSpace(X), k, threads)
    space = TreeSpace if backend == "kd_tree" else GemmSpace
    return _search(space(X), k, threads)


def drop_self(found: np.ndarray, k: int, own: np.ndarray | None = None) -> np.ndarray:
    """Remove each row's own index from ``k + 1`` results; if absent, drop the last one.

    ``own[i]`` is the index of result row ``i`` (``i`` itself by default). The own index can
    be missing (or not first) when duplicates of the row sit at distance 0. Built a column
    at a time: the temporaries are columns, not tables the size of ``found``.
    """
    n, width = found.shape
    rows = np.arange(n) if own is None else own
    # position of the first own index in each row (the last column where there is none)
    first = np.full(n, width - 1, dtype=np.intp)
    for j in range(width - 2, -1, -1):
        first[found[:, j] == rows] = j
    out = np.empty((n, min(k, width - 1)), dtype=np.intp)
    for j in range(out.shape[1]):
        out[:, j] = np.where(j < first, found[:, j], found[:, j + 1])
    return out


def kneighbors_query(
    X: np.ndarray | sp.csr_matrix,
    k: int,
    *,
    rows: np.ndarray | None = None,
    points: np.ndarray | sp.csr_matrix | None = None,
    n_jobs: int | None = None,
    algorithm: str = "auto",
) -> np.ndarray:
    """Indices of the rows of ``X`` nearest to query rows, of any class: exact, bounded memory.

    The queries are rows of ``X`` (``rows``, all of them by default: a row is never its own
    neighbour, its duplicates are, at distance 0) or new ``points`` (nothing excluded).
    Same contract as :func:`kneighbors_within`: exact float64 distances, nearest first, ties
    by the smaller index, for every backend and thread count.

    Parameters
    ----------
    X : ndarray of shape (n, d) or sparse matrix
        The reference rows (all classes). Never written to.
    k : int
        Neighbours per query; fewer (``n - 1`` for rows, ``n`` for points) when ``X`` has
        fewer rows.
    rows : array of int, optional
        Positions in ``X`` of the query rows.
    points : ndarray of shape (q, d) or sparse matrix, optional
        Query points that are not rows of ``X``.
    n_jobs : int, optional
        Threads; ``None`` or ``-1`` means all cores.
    algorithm : {"auto", "kd_tree", "brute"}, default="auto"
        As for :func:`kneighbors_within`.

    Returns
    -------
    ndarray of shape (q, k'), dtype intp
        Row positions in ``X``.

    Notes
    -----
    Rows of ``X`` as queries: when they are at least half of ``X``, or the data are low
    dimensional, the all-rows search (:func:`kneighbors_within`, whose BLAS tiles serve two
    lists per product) is cheaper than asking for the queries alone, and its rows are
    taken. Otherwise the queries are searched against ``X`` directly: query tiles against
    reference tiles with fused top-k lists (BLAS), scipy's cKDTree for new points in low
    dimension, sparse products in blocks for sparse data. No backend holds more than a tile
    (512 x 512 float32) per thread, or a 32 MB block of sparse keys, of distances.

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.neighbors import kneighbors_query
    >>> X = np.array([[0.0], [1.0], [3.0], [3.5]])
    >>> kneighbors_query(X, 2, rows=[0, 3])
    array([[1, 2],
           [2, 1]])
    >>> kneighbors_query(X, 1, points=np.array([[2.9]]))
    array([[2]])
    """
    k = _check_k(k)
    _check_algorithm(algorithm)
    if rows is not None and points is not None:
        raise InvalidParameterError("Give query rows or query points, not both.")
    threads = resolve_threads(n_jobs)
    sparse = sp.issparse(X)
    X = _check_sparse(X) if sparse else _check_dense(X)
    n, d = X.shape
    if points is not None:
        Q = _check_points(points, d, sparse)
        X, Q = _finite_scaled(X, Q)
        nq, kq, own, every_row = Q.shape[0], min(k, n), None, False
    else:
        every_row = rows is None
        rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.intp).reshape(-1)
        if rows.size and (rows.min() < -n or rows.max() >= n):
            raise InvalidInputError(f"Query rows must be positions in 0..{n - 1}.")
        if rows.size and rows.min() < 0:
            rows = rows % n
        X, _ = _finite_scaled(X)
        nq, kq, own = rows.shape[0], min(k, n - 1), rows
    if nq == 0 or kq < 1:
        return np.empty((nq, max(kq, 0)), dtype=np.intp)
    if sparse and (algorithm == "kd_tree" or n * d <= _DENSIFY_CELLS):
        X, sparse = X.toarray(), False
        if points is not None:
            Q = Q.toarray()
    if not sparse and algorithm == "auto" and runs_small(nq * n, X.shape[1]):
        P = np.ascontiguousarray(X, dtype=np.float64)
        coords = P[own] if own is not None else np.ascontiguousarray(Q, dtype=np.float64)
        return brute_knn(coords, P, kq, own=own)
    backend = "sparse" if sparse else _backend(X, algorithm)
    # few query rows in low dimension: cKDTree over all rows answers them alone; else the
    # all-rows search costs no more than the queries' (tree, or tiles serving two lists)
    if own is not None and (2 * nq >= n or (backend == "kd_tree" and 8 * nq >= n)):
        found = _within_checked(X, kq, threads, backend)
        return found if every_row else found[own]
    if own is not None:
        Q = X[own]
    if backend == "sparse":
        space: Space = SparseSpace(X)
    elif backend == "brute":
        space = GemmSpace(X, queries=Q)
    else:
        space = DenseSpace(X)
    probe = space.probe(Q)
    kk = kq + (own is not None)
    nu = space.n_points

    def candidates() -> tuple[np.ndarray, np.ndarray]:
        if nu <= kk + MARGIN:
            return np.broadcast_to(np.arange(nu, dtype=np.intp), (nq, nu)), np.full(nq, np.inf)
        return space.probe_candidates(probe, kk, threads)

    top = _finish(
        candidates,
        lambda a, b: space.probe_exact(probe, a, b, threads),
        lambda pts, r2: space.probe_within(probe, pts, r2, threads),
        space.groups,
        kk,
        threads,
    )
    return top if own is None else drop_self(top, kq, own)


# ----------------------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------------------
def _check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InvalidParameterError(f"k={k!r} must be an int >= 1.")
    return int(k)


def _check_algorithm(algorithm: Any) -> None:
    if algorithm not in _ALGORITHMS:
        raise InvalidParameterError(
            f"algorithm={algorithm!r} must be one of {', '.join(map(repr, _ALGORITHMS))}."
        )


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
    return X


def _check_sparse(X: Any) -> sp.csr_matrix:
    X = sp.csr_matrix(X)  # a new object: canonicalising below never touches the caller's
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return X


#: Largest magnitude whose squared differences, summed over up to 2**20 columns, stay finite.
_SAFE_MAGNITUDE = 2.0**490


def _finite_scaled(X: Any, Q: Any = None) -> tuple[Any, Any]:
    """``X`` (and query points ``Q``) checked finite, scaled if their distances could overflow.

    One min and one max per array answer both questions: they are NaN or infinite exactly
    when a value is, and give the largest magnitude. Values near float64's limit (beyond
    ~1e147) make ``(x - y) ** 2`` infinite, and every distance then ties at ``inf``: a
    silently wrong ranking. Scaling by a power of two is exact (short of the subnormal
    range) and scales every squared distance by the same power of four, so the ranking is
    the true one. Ordinary data are returned as they are.
    """

    def peak(A: Any, what: str) -> float:
        if A is None or A.shape[0] == 0 or A.shape[1] == 0:
            return 0.0
        data = A.data if sp.issparse(A) else A
        hi = float(np.max(data, initial=0.0))
        lo = float(np.min(data, initial=0.0))
        if not (math.isfinite(hi) and math.isfinite(lo)):
            raise InvalidInputError(
                f"{what} hold NaN or infinite values; neighbours need finite rows."
            )
        return max(hi, -lo)

    top = max(peak(X, "X's rows"), peak(Q, "The query points"))
    if top <= _SAFE_MAGNITUDE:
        return X, Q
    scale = 2.0 ** -(math.frexp(top)[1] - math.frexp(_SAFE_MAGNITUDE)[1] + 1)

    def scaled(A: Any) -> Any:
        if A is None:
            return None
        return A.astype(np.float64) * scale  # a new array: the caller's is never written

    return scaled(X), scaled(Q)


def _check_points(points: Any, d: int, sparse: bool) -> Any:
    if sparse or sp.issparse(points):
        Q = _check_sparse(points)
        if not sparse:
            Q = Q.toarray()
    else:
        Q = _check_dense(points)
    if Q.shape[1] != d:
        raise InvalidInputError(f"Query points have {Q.shape[1]} columns; X has {d}.")
    return Q


def _kdtree_max_dim(n: int) -> float:
    """Most columns for which ``"auto"`` picks the kd-tree, for ``n`` rows (measured)."""
    return _KDTREE_BASE_DIM + _KDTREE_DIM_PER_DECADE * math.log10(max(n, 5000) / 5000)


# ----------------------------------------------------------------------------------------
# the search, shared by all backends
# ----------------------------------------------------------------------------------------
#: Points whose candidates are re-ranked together (bounds the exact-distance temporaries).
_RANK_POINTS = 1 << 14


def _search(space: Space, k: int, threads: int) -> np.ndarray:
    """``k`` nearest other rows of every row of ``space`` (see the module docstring).

    Why the check proves the result: every point outside a point's candidates is at exact
    distance >= ``bound`` (the backend certifies it), so if the ``kk``-th best candidate row
    is at a distance below ``bound``, no outside row can displace any of the ``kk`` (not
    even on a tie). Failing points get every point within that distance, which contains
    the true ``kk`` best rows, and are ranked again. Rows of one group share the ``kk``
    best rows of their point; ``drop_self`` then removes each row itself.
    """
    kk = k + 1  # the row itself (or a copy of it) is among its own nearest rows
    groups = space.groups
    nu = space.n_points
    if groups is None:
        # distinct rows: a backend that ranks exactly has the answer already
        found = space.nearest_others(k, threads)
        if found is not None:
            return found

    def candidates() -> tuple[np.ndarray, np.ndarray]:
        if nu <= kk + MARGIN:
            # a handful of points: all of them are candidates, nothing to bound
            return np.broadcast_to(np.arange(nu, dtype=np.intp), (nu, nu)), np.full(nu, np.inf)
        return space.candidates(kk, threads)

    top = _finish(
        candidates,
        lambda a, b: space.exact(a, b, threads),
        lambda pts, r2: space.within(pts, r2, threads),
        groups,
        kk,
        threads,
    )
    if groups is not None:
        top = top[groups.inverse]
    return drop_self(top, k)


def _finish(
    candidates: Any,
    exact: Any,
    within: Any,
    groups: Groups | None,
    kk: int,
    threads: int,
) -> np.ndarray:
    """The exact ``kk`` best rows of each query from its candidate points and bound.

    ``candidates()``: ``(cand, bound)``, asked for here so that this frame holds the only
    reference and frees them before the caller goes on; ``exact(a, b)``: exact distances of
    query ``a[t]`` to point ``b[t]``; ``within(pts, r2)``: a superset of the points within
    ``r2[i]`` of query ``pts[i]``. See ``_search``.
    """
    cand, bound = candidates()
    nq, m = cand.shape
    top = np.empty((nq, kk), dtype=np.intp)
    last = np.empty(nq, dtype=np.float64)
    # exact distances of the candidates, a block of queries at a time: the pair arrays then
    # take one block of memory instead of two more tables the size of ``cand``
    for start in range(0, nq, _RANK_POINTS):
        stop = min(start + _RANK_POINTS, nq)
        p_of = np.repeat(np.arange(start, stop, dtype=np.intp), m)
        v_of = cand[start:stop].reshape(-1).astype(np.intp, copy=False)
        dist = exact(p_of, v_of)
        ptr = np.arange(0, (stop - start) * m + 1, m, dtype=np.intp)
        top[start:stop], last[start:stop] = _rank(ptr, v_of, dist, groups, kk, threads)
    # proven exact when the kk-th distance is below every unproposed point's distance
    fail = np.flatnonzero(~(last < bound))
    del cand, bound
    if fail.size:
        ptr_f, v_f = within(fail, last[fail])
        p_f = np.repeat(fail, np.diff(ptr_f))
        dist_f = exact(p_f, v_f)
        top[fail], _ = _rank(ptr_f, v_f, dist_f, groups, kk, threads)
    return top


def _rank(
    ptr: np.ndarray,
    v: np.ndarray,
    dist: np.ndarray,
    groups: Groups | None,
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
    if (np.diff(ptr) < kk).any():  # the backends guarantee it; rank_segments relies on it
        raise RuntimeError("internal error: fewer than k + 1 candidate rows for a point")
    top = np.empty((nseg, kk), dtype=np.intp)
    last = np.empty(nseg, dtype=np.float64)

    def work(span: tuple[int, int]) -> None:
        a, b = span
        rank_segments(ptr[a : b + 1], v, dist, top[a:b], last[a:b])

    # a few chunks per thread, but not so small that starting threads costs more
    parallel_map(work, chunks(nseg, max(4096, -(-nseg // (4 * threads)))), threads)
    return top, last
