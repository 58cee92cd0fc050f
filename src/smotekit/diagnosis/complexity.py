"""Class overlap from the data-complexity literature: N1 and N3, exactly, with a reference.

Ho, T. K. & Basu, M. (2002). Complexity measures of supervised classification problems.
IEEE Transactions on Pattern Analysis and Machine Intelligence 24(3), 289-300.

* **N1**, the fraction of points on the class boundary: build a minimum spanning tree (MST)
  over all points (Euclidean distance of the diagnosis space) and count the points that are an
  end of at least one edge joining two classes.
* **N3**, the leave-one-out error rate of the 1-nearest-neighbour classifier: the fraction of
  points whose nearest other point has another class.

Both are 0 for classes that do not touch and grow as they mix. A raw value is hard to read on
its own (it depends on the class shares), so each comes with its **chance level**: its exact
expectation when the same labels are shuffled over the same points (Ho & Basu read their
measures against problems with randomly assigned labels, the complex extreme). Neither the
MST nor the nearest-neighbour graph depends on the labels, so the expectation is exact:

* N3: a point of class ``c`` has a nearest neighbour of another class with probability
  ``1 - (n_c - 1) / (n - 1)``;
* N1: a point of class ``c`` with ``deg`` MST edges is on no cross-class edge with probability
  ``prod_{j < deg} (n_c - 1 - j) / (n - 1 - j)`` (all its tree neighbours drawn from its own
  class without replacement).

``relative = value / chance`` is 0 for separated classes and about 1 for labels that carry no
local information.

What is computed for large data
-------------------------------
N3 is exact on every row (one exact nearest-neighbour search). The MST is exact (Prim's
algorithm on the complete graph: O(n^2 d) time, O(n) memory, no distance matrix) on up to
``max_rows`` rows (default :data:`MST_EXACT_MAX_ROWS`); above that, N1 and its chance level are
computed exactly on a stratified random sample of ``max_rows`` rows (every class keeps its share,
and at least ``min(size, 2)`` rows), and the report states the sample size.
Ties between equal distances are broken by the order of the search, so on data with many
equal distances (duplicates, integer grids) another equally minimal tree could give a slightly
different N1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from smotekit.neighbors import kneighbors_within

#: Exact MST (Prim, O(n^2 d)) on up to this many rows; a stratified sample beyond.
MST_EXACT_MAX_ROWS = 10_000


@dataclass
class Overlap:
    """N1 and N3 with their chance levels (see the module docstring).

    Attributes
    ----------
    n1, n1_chance : float
        Boundary fraction and its expectation under shuffled labels.
    n1_rows : int
        Rows the MST was built on (all of them when ``n1_exact``).
    n1_exact : bool
        Whether N1 used every row (else a stratified sample of ``n1_rows``).
    n3, n3_chance : float
        Leave-one-out 1-NN error rate and its expectation under shuffled labels.
    """

    n1: float
    n1_chance: float
    n1_rows: int
    n1_exact: bool
    n3: float
    n3_chance: float

    @property
    def n1_relative(self) -> float:
        return _ratio(self.n1, self.n1_chance)

    @property
    def n3_relative(self) -> float:
        return _ratio(self.n3, self.n3_chance)


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b > 0 else float("nan")


@numba.njit(cache=True, nogil=True)
def _prim(Z: np.ndarray) -> np.ndarray:
    """Parent of every vertex in a minimum spanning tree of the complete Euclidean graph."""
    n, d = Z.shape
    parent = np.full(n, -1, dtype=np.int64)
    best = np.full(n, np.inf)
    remaining = np.arange(1, n)  # vertices not yet in the tree, compacted as they leave
    m = n - 1
    current = 0
    while m > 0:
        pick = -1
        pick_d = np.inf
        for p in range(m):
            j = remaining[p]
            s = 0.0
            for t in range(d):
                diff = Z[current, t] - Z[j, t]
                s += diff * diff
            if s < best[j]:
                best[j] = s
                parent[j] = current
            if best[j] < pick_d:
                pick_d = best[j]
                pick = p
        current = remaining[pick]
        remaining[pick] = remaining[m - 1]
        m -= 1
    return parent


def mst_edges(Z: np.ndarray) -> np.ndarray:
    """``(n - 1, 2)`` vertex pairs of a minimum spanning tree of the rows of ``Z``.

    Exact Euclidean MST of the complete graph (Prim's algorithm), without a distance matrix.

    Examples
    --------
    >>> import numpy as np
    >>> mst_edges(np.array([[0.0], [10.0], [1.0]])).tolist()
    [[1, 2], [2, 0]]
    """
    Z = np.ascontiguousarray(Z, dtype=np.float64)
    if Z.shape[0] < 2:
        return np.zeros((0, 2), dtype=np.intp)
    parent = _prim(Z)
    child = np.arange(Z.shape[0])[parent >= 0]
    return np.stack([child, parent[child]], axis=1).astype(np.intp)


def n1_boundary(edges: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Whether each point is an end of an MST edge joining two classes."""
    n = labels.shape[0]
    cross = labels[edges[:, 0]] != labels[edges[:, 1]]
    out = np.zeros(n, dtype=bool)
    out[edges[cross, 0]] = True
    out[edges[cross, 1]] = True
    return out


def n1_chance(edges: np.ndarray, labels: np.ndarray) -> float:
    """Exact expected N1 when ``labels`` are shuffled over the same points (same tree)."""
    n = labels.shape[0]
    if n < 2:
        return 0.0
    degree = np.bincount(edges.ravel(), minlength=n)
    _, sizes = np.unique(labels, return_counts=True)
    total = 0.0
    for deg, count in zip(*np.unique(degree, return_counts=True), strict=True):
        j = np.arange(deg)
        for n_c in sizes:
            # all `deg` tree neighbours drawn from the n_c - 1 other rows of its own class
            same = np.prod((n_c - 1 - j) / (n - 1 - j)) if deg <= n_c - 1 else 0.0
            total += count * (n_c / n) * (1.0 - same)
    return float(total / n)


def n3_chance(labels: np.ndarray) -> float:
    """Exact expected N3 when ``labels`` are shuffled over the same points.

    Examples
    --------
    >>> import numpy as np
    >>> round(n3_chance(np.array([0, 0, 1, 1])), 4)  # each point: 2 of its 3 others differ
    0.6667
    """
    n = labels.shape[0]
    if n < 2:
        return 0.0
    _, sizes = np.unique(labels, return_counts=True)
    return float(np.sum(sizes / n * (1.0 - (sizes - 1) / (n - 1))))


def stratified_sample(labels: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted positions of about ``size`` rows, each class keeping its share (at least 2 rows).

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0] * 90 + [1] * 10)
    >>> rows = stratified_sample(y, 20, np.random.default_rng(0))
    >>> np.bincount(y[rows]).tolist()
    [18, 2]
    """
    classes, inverse, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    n = labels.shape[0]
    quota = np.maximum(np.minimum(sizes, 2), np.floor(sizes * size / n).astype(np.intp))
    # the floor leaves a few rows over: give them to the largest remainders
    short = size - int(quota.sum())
    if short > 0:
        order = np.argsort(-(sizes * size / n - np.floor(sizes * size / n)), kind="stable")
        for c in order[:short]:
            if quota[c] < sizes[c]:
                quota[c] += 1
    picked = [
        rng.choice(np.flatnonzero(inverse == c), size=int(min(quota[c], sizes[c])), replace=False)
        for c in range(classes.size)
    ]
    return np.sort(np.concatenate(picked))


def overlap(
    Z: np.ndarray,
    labels: np.ndarray,
    *,
    nearest: np.ndarray | None = None,
    max_rows: int = MST_EXACT_MAX_ROWS,
    random_state: int | None = 0,
) -> Overlap:
    """N1 and N3 of labelled rows, with their chance levels.

    Parameters
    ----------
    Z : ndarray of shape (n, d)
        Rows in the diagnosis space (Euclidean distance).
    labels : ndarray of shape (n,)
    nearest : ndarray of shape (n,), optional
        Each row's nearest other row, if already found (else searched here).
    max_rows : int, default=MST_EXACT_MAX_ROWS
        Largest number of rows the MST is built on; more rows are sampled (stratified).
    random_state : int, optional
        Seed of that sample.

    Returns
    -------
    Overlap

    Examples
    --------
    >>> import numpy as np
    >>> Z = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]])
    >>> o = overlap(Z, np.array([0, 0, 0, 1, 1, 1]))
    >>> o.n1, o.n3  # one cross edge (2.0 - 10.0): 2 of 6 points on the boundary
    (0.3333333333333333, 0.0)
    """
    n = labels.shape[0]
    if nearest is None:
        nearest = kneighbors_within(Z, 1)[:, 0]
    n3 = float(np.mean(labels[nearest] != labels))
    rows = np.arange(n)
    exact = n <= max_rows
    if not exact:
        rows = stratified_sample(labels, max_rows, np.random.default_rng(random_state))
    edges = mst_edges(Z[rows])
    sub = labels[rows]
    n1 = float(np.mean(n1_boundary(edges, sub)))
    return Overlap(
        n1=n1,
        n1_chance=n1_chance(edges, sub),
        n1_rows=int(rows.shape[0]),
        n1_exact=exact,
        n3=n3,
        n3_chance=n3_chance(labels),
    )
