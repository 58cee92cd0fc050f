"""Distances other than the Euclidean for the neighbour searches of the SMOTE family.

Four distances are the Euclidean distance of mapped rows, so the engine (exact, bounded
memory, every core) searches them unchanged:

- ``'euclidean'``: the rows themselves.
- ``'cosine'``: each row scaled to unit length, ``|u - v|^2 = 2 - 2 cos(u, v)`` ranks as
  ``1 - cos``; one more column marks all-zero rows (1, else 0), so that such a row is at
  cosine distance 1 from every row that is not all zero, as scikit-learn's
  ``cosine_distances`` says (two all-zero rows are the same point here; it says 1).
- ``'heom'`` and ``'hvdm'`` (Wilson & Martinez 1997): every numeric column divided by its
  range (HEOM) or four standard deviations (HVDM) over all rows; a nominal column (SMOTE-NC)
  becomes one indicator per value worth ``1/sqrt(2)`` (HEOM's overlap: 1 when the values
  differ) or the vector of its value's class frequencies ``P(class | value)`` (HVDM's
  normalised VDM, squared: ``sum_c (P(c|a) - P(c|b))^2``).

Manhattan and Chebyshev distances have no such map: scikit-learn's trees search them
(``NearestNeighbors(algorithm='auto')``: kd-tree or ball tree, brute force in blocks of a
fixed working memory above 15 columns or for sparse input).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.errors import InvalidParameterError
from smotekit.neighbors.engine import drop_self, kneighbors_query, kneighbors_within
from smotekit.neighbors.missing import nan_kneighbors_within
from smotekit.neighbors.scaling import power_of_two

#: Every distance the SMOTE family accepts as ``metric``.
METRICS = ("euclidean", "cosine", "manhattan", "chebyshev", "heom", "hvdm")
#: Distances searched by scikit-learn's trees (no Euclidean map exists).
TREE_METRICS = ("manhattan", "chebyshev")
#: SMOTE's distance on rows with missing values (``missing='nan_euclidean'``): its own
#: block search (``neighbors/missing.py``).
NAN_EUCLIDEAN = "nan_euclidean"
#: Distances whose map reads statistics of every row (a column's range or spread).
WHOLE_TABLE_METRICS = ("heom", "hvdm")
#: Working memory (MB) of scikit-learn's brute-force blocks: a fixed scratch budget.
WORKING_MEMORY_MB = 64
#: Values of a sparse X densified for a distance scikit-learn cannot search sparse
#: (Chebyshev): 128 MB of float64; larger sparse input is refused with a way out.
DENSIFY_VALUES = 1 << 24


@dataclass
class MetricSpace:
    """A distance fitted on one call's rows: a map into Euclidean space, or a tree search.

    Built by :func:`fit_metric`; ``scale`` multiplies the numeric columns (HEOM, HVDM),
    ``nominal_tables[j]`` holds the vector of each code of nominal column ``j``.
    """

    name: str
    scale: np.ndarray | None = None
    numeric_columns: np.ndarray | None = None
    nominal_tables: list[np.ndarray] | None = None
    n_jobs: int | None = None
    _all: Any = field(default=None, repr=False)
    _tree: Any = field(default=None, repr=False)

    @property
    def on_engine(self) -> bool:
        """Whether the engine searches this distance (on mapped rows)."""
        return self.name not in TREE_METRICS and self.name != NAN_EUCLIDEAN

    def map(self, X: Any, codes: np.ndarray | None = None) -> Any:
        """Rows in the space whose Euclidean distance ranks as this distance does.

        ``X`` holds the numeric columns (dense or CSR), ``codes`` the nominal codes of the
        same rows (SMOTE-NC). Tree distances return ``X`` unchanged.
        """
        if self.numeric_columns is not None:
            X = X[:, self.numeric_columns]
        if self.name == "cosine":
            return _unit_rows(X)
        if self.scale is not None:
            X = X.multiply(self.scale).tocsr() if sp.issparse(X) else X * self.scale
        if self.nominal_tables is None or codes is None:
            return X
        parts = [table[codes[:, j]] for j, table in enumerate(self.nominal_tables)]
        if sp.issparse(X):
            return sp.hstack([X, *[sp.csr_matrix(p) for p in parts]], format="csr")
        return np.hstack([np.asarray(X, dtype=np.float64), *parts])

    def within(self, X: Any, k: int, n_jobs: int | None = None) -> np.ndarray:
        """``(n, k)`` local indices of each row's k nearest other rows (mapped ``X``)."""
        if self.on_engine:
            return kneighbors_within(X, k, n_jobs=n_jobs)
        if self.name == NAN_EUCLIDEAN:
            return nan_kneighbors_within(X, k)
        X = self._tree_input(X)
        tree = self._nearest(k + 1, n_jobs).fit(X)
        with _budget():
            found = tree.kneighbors(X, return_distance=False)
        return drop_self(np.asarray(found), k)

    def among_all(
        self, X_all: Any, m: int, rows: np.ndarray, n_jobs: int | None = None
    ) -> np.ndarray:
        """Input positions of the ``m`` rows of any class nearest to the rows ``rows``.

        ``X_all`` holds every row's numeric columns (unmapped); the mapped copy or the
        fitted tree is made once per call and kept.
        """
        m = min(m, X_all.shape[0] - 1)
        if self.name == NAN_EUCLIDEAN:
            raise NotImplementedError("missing values: SMOTE's own-class search only")
        if self.on_engine:
            if self._all is None:
                self._all = self.map(X_all)
            return kneighbors_query(self._all, m, rows=rows, n_jobs=n_jobs)
        if self._tree is None:
            self._tree = self._nearest(m + 1, n_jobs).fit(self._tree_input(X_all))
        queries = self._tree_input(X_all[rows])
        with _budget():
            found = self._tree.kneighbors(queries, m + 1, return_distance=False)
        return drop_self(np.asarray(found), m, own=np.asarray(rows))

    def nearest(self, reference: Any, k: int, points: Any, n_jobs: int | None = None) -> np.ndarray:
        """Positions in ``reference`` (rows in this space, see :meth:`map`) of the ``k`` rows
        nearest each of ``points`` (unmapped rows); fewer when ``reference`` has fewer."""
        k = min(k, reference.shape[0])
        if self.on_engine:
            return kneighbors_query(reference, k, points=self.map(points), n_jobs=n_jobs)
        if self.name == NAN_EUCLIDEAN:
            raise NotImplementedError("missing values: SMOTE's own-class search only")
        tree = self._nearest(k, n_jobs).fit(self._tree_input(reference))
        with _budget():
            found = tree.kneighbors(self._tree_input(points), k, return_distance=False)
        return np.asarray(found)

    def nearest_among_all(
        self, X_all: Any, k: int, points: Any, n_jobs: int | None = None
    ) -> np.ndarray:
        """Input positions of the ``k`` rows of any class nearest each of ``points`` (new
        points, unmapped); the mapped rows or the fitted tree are made once per call."""
        k = min(k, X_all.shape[0])
        if self.on_engine:
            if self._all is None:
                self._all = self.map(X_all)
            return kneighbors_query(self._all, k, points=self.map(points), n_jobs=n_jobs)
        if self.name == NAN_EUCLIDEAN:
            raise NotImplementedError("missing values: SMOTE's own-class search only")
        if self._tree is None:
            self._tree = self._nearest(k + 1, n_jobs).fit(self._tree_input(X_all))
        with _budget():
            found = self._tree.kneighbors(self._tree_input(points), k, return_distance=False)
        return np.asarray(found)

    def _tree_input(self, X: Any) -> Any:
        """``X`` as scikit-learn's search for this distance takes it."""
        if not sp.issparse(X) or self.name == "manhattan":
            return X
        if X.shape[0] * X.shape[1] > DENSIFY_VALUES:
            raise InvalidParameterError(
                f"metric={self.name!r} cannot search sparse rows ({X.shape[0]:,} x "
                f"{X.shape[1]:,}: too large to make dense here). Pass a dense array, or use "
                "metric='manhattan', 'cosine' or 'euclidean', which search sparse rows."
            )
        return X.toarray()

    def _nearest(self, n_neighbors: int, n_jobs: int | None) -> Any:
        from sklearn.neighbors import NearestNeighbors

        return NearestNeighbors(n_neighbors=n_neighbors, metric=self.name, n_jobs=n_jobs)


def fit_metric(
    name: str,
    X: Any,
    labels: np.ndarray | None = None,
    *,
    numeric_columns: np.ndarray | None = None,
    nominal_codes: np.ndarray | None = None,
) -> MetricSpace:
    """The distance ``name`` fitted on all rows ``X`` (numeric values, dense or CSR).

    ``numeric_columns`` picks the numeric columns of ``X`` (SMOTE-NC's continuous ones);
    ``nominal_codes`` (one column of codes per nominal feature) and ``labels`` give the
    nominal part of HEOM and HVDM.

    Examples
    --------
    >>> import numpy as np
    >>> space = fit_metric("heom", np.array([[0.0, 10.0], [2.0, 30.0], [1.0, 20.0]]))
    >>> space.map(np.array([[2.0, 30.0]]))
    array([[1. , 1.5]])
    """
    numeric = X if numeric_columns is None else X[:, numeric_columns]
    scale = None
    if name == "heom":
        lo, hi = _column_extremes(numeric)
        scale = _inverse(hi * 0.5 - lo * 0.5, 0.5)  # halves: a range beyond float64's max
    elif name == "hvdm":
        scale = _inverse(_column_std(numeric), 0.25)
    tables = None
    if nominal_codes is not None and name in WHOLE_TABLE_METRICS:
        tables = [
            _nominal_table(name, nominal_codes[:, j], labels) for j in range(nominal_codes.shape[1])
        ]
    return MetricSpace(name, scale, numeric_columns, tables)


def _budget() -> Any:
    from sklearn import config_context

    return config_context(working_memory=WORKING_MEMORY_MB)


def _unit_rows(X: Any) -> Any:
    """Rows scaled to unit length, plus a last column that is 1 on all-zero rows."""
    if sp.issparse(X):
        from sklearn.preprocessing import normalize

        X = sp.csr_matrix(X, dtype=np.float64)
        peak = abs(X).max(axis=1).toarray().ravel()
        # a power of two per row first: squares of values near float64's limit overflow
        X = sp.diags(power_of_two(peak)) @ X
        zero = (peak == 0).astype(np.float64)[:, None]
        return sp.hstack([normalize(X), sp.csr_matrix(zero)], format="csr")
    X = np.asarray(X, dtype=np.float64)
    peak = np.abs(X).max(axis=1) if X.shape[1] else np.zeros(X.shape[0])
    X = X * power_of_two(peak)[:, None]
    norm = np.sqrt(np.einsum("ij,ij->i", X, X))
    unit = X / np.where(norm > 0, norm, 1.0)[:, None]
    return np.hstack([unit, (norm == 0).astype(np.float64)[:, None]])


def _column_extremes(X: Any) -> tuple[np.ndarray, np.ndarray]:
    if X.shape[0] == 0:
        return np.zeros(X.shape[1]), np.zeros(X.shape[1])
    if sp.issparse(X):
        lo = X.min(axis=0).toarray().ravel()
        hi = X.max(axis=0).toarray().ravel()
        return lo.astype(np.float64), hi.astype(np.float64)
    return X.min(axis=0).astype(np.float64), X.max(axis=0).astype(np.float64)


def _column_std(X: Any) -> np.ndarray:
    """Each column's standard deviation (population), computed without overflow."""
    lo, hi = _column_extremes(X)
    size = np.maximum(np.abs(lo), np.abs(hi))
    unit = power_of_two(size)
    if sp.issparse(X):
        Xs = sp.csr_matrix(X, dtype=np.float64) @ sp.diags(unit)
        mean = np.asarray(Xs.mean(axis=0)).ravel()
        square = np.asarray(Xs.multiply(Xs).mean(axis=0)).ravel()
        var = np.maximum(square - mean * mean, 0.0)
        return np.sqrt(var) / unit
    return (np.asarray(X, dtype=np.float64) * unit).std(axis=0) / unit


def _inverse(spread: np.ndarray, factor: float) -> np.ndarray:
    """``factor / spread``, and 0 for a constant (or non-finite) column: it adds nothing."""
    ok = np.isfinite(spread) & (spread > 0)
    with np.errstate(over="ignore"):
        out = np.where(ok, factor / np.where(ok, spread, 1.0), 0.0)
    return np.where(np.isfinite(out), out, 0.0)


def _nominal_table(name: str, codes: np.ndarray, labels: np.ndarray | None) -> np.ndarray:
    """One vector per code of a nominal column (see the module's docstring)."""
    n_codes = int(codes.max()) + 1 if codes.size else 0
    if name == "heom" or labels is None:
        return np.eye(n_codes) / np.sqrt(2.0)
    _, classes = np.unique(labels, return_inverse=True)
    counts = np.zeros((n_codes, int(classes.max()) + 1 if classes.size else 0))
    np.add.at(counts, (codes, classes.ravel()), 1.0)
    total = counts.sum(axis=1, keepdims=True)
    return counts / np.where(total > 0, total, 1.0)
