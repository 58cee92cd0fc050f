"""NearMiss: keep the rows of each reduced class that lie nearest the minority class."""

from __future__ import annotations

import numbers
import warnings
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.errors import InvalidInputError, SmotekitWarning, user_stacklevel
from smotekit.neighbors import kneighbors_query, pair_distances
from smotekit.samplers.base import BaseUnderSampler
from smotekit.samplers.outcome import Outcome

#: Scratch memory (bytes) a block of distances may take.
_SCRATCH = 64 << 20
#: Up to this many farthest rows, they are found by repeated ``argmax`` (else a partition).
_FEW = 16


def _is_count(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _is_search(value: Any) -> bool:
    """A neighbour search whose own ``n_neighbors`` is the count (an int >= 1)."""
    n = getattr(value, "n_neighbors", None)
    return hasattr(value, "fit") and hasattr(value, "kneighbors") and _is_count(n) and n >= 1


def _count_or_search(what: str) -> params.Rule:
    return params.either(
        params.integer(1),
        params.Rule(_is_search, ""),
        says=f"an int >= 1 ({what}) or a neighbour search with fit and kneighbors and an int "
        "n_neighbors >= 1, e.g. sklearn.neighbors.NearestNeighbors(n_neighbors=3) (its "
        "n_neighbors is the count itself, as in imbalanced-learn)",
    )


class NearMiss(BaseUnderSampler):
    """Under-sample by keeping the rows of each reduced class nearest the minority class.

    NearMiss (Mani & Zhang, 2003) scores every row of a class to be reduced by its distances
    to the rows of the minority class, and keeps the best-scored rows:

    - version 1: the rows whose ``n_neighbors`` nearest minority rows are nearest on
      average (smallest mean distance);
    - version 2: the rows whose ``n_neighbors`` *farthest* minority rows are nearest on
      average;
    - version 3: first, the ``n_neighbors_ver3`` nearest rows of the class to each minority
      row are short-listed; among those, the rows whose ``n_neighbors`` nearest minority
      rows are *farthest* on average are kept. The short list may hold fewer rows than
      asked for; all of them are then kept, with a warning.

    The minority class is the smallest one (among classes of equal size, the smallest
    label, as ``sampling_strategy`` reads it; imbalanced-learn takes the first seen in
    ``y``). Ties of score go to the row that comes first in the input. Distances are
    Euclidean; the searches run on smotekit's exact neighbour engine, and version 2's
    farthest rows are found block by block (a few tens of MB at a time, never an
    ``n x n`` matrix).

    Drop-in for ``imblearn.under_sampling.NearMiss``: the same rows are kept (with distinct
    distances) in the same order: class by class in sorted label order, a reduced class's
    rows in order of score (best first), another class's in input order;
    ``sample_indices_`` follows the output.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Rows to keep: a float (binary: minority/majority ratio after resampling), ``'auto'``
        (= ``'not minority'``), ``'majority'``, ``'not minority'``, ``'not majority'``,
        ``'all'``, a dict ``{class: n_samples_to_keep}``, or a callable ``y -> dict``.
    version : {1, 2, 3}, default=1
        The NearMiss variant, as above.
    n_neighbors : int or estimator, default=3
        Minority rows whose distances score a row (nearest ones for versions 1 and 3, farthest
        ones for version 2). Or a neighbour search with ``fit`` and ``kneighbors`` (e.g.
        ``sklearn.neighbors.NearestNeighbors``), cloned, fitted on the minority rows and
        used instead of smotekit's engine; its own ``n_neighbors`` is the count (not count
        + 1: the queried rows are not among the rows it searches).
    n_neighbors_ver3 : int or estimator, default=3
        Version 3: rows of the class short-listed per minority row (all of them when the
        class has no more; imbalanced-learn raises then). Or a neighbour search, cloned and
        fitted on the class's rows, as for ``n_neighbors``.
    n_jobs : int, default=None
        Threads of the neighbour searches (``None`` or ``-1``: all cores).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows kept per reduced class.
    sample_indices_ : ndarray
        Input positions of the output rows, in output order.
    nn_ : estimator
        ``n_neighbors``'s search fitted on the minority rows: the user's (cloned), or a
        ``NearestNeighbors(n_neighbors=n_neighbors, algorithm='brute')`` (smotekit's engine
        made the search; this one is there to inspect and reuse).
    nn_ver3_ : estimator
        Version 3: ``n_neighbors_ver3``'s search fitted on the rows of the last reduced
        class, likewise.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Defined when ``X`` has string column names.

    References
    ----------
    I. Mani and I. Zhang, "kNN approach to unbalanced data distributions: a case study
    involving information extraction", Proceedings of the ICML 2003 Workshop on Learning
    from Imbalanced Datasets, 2003.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from smotekit.samplers.near_miss import NearMiss
    >>> X, y = make_classification(n_samples=300, weights=[0.2, 0.8], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 61), (1, 239)]
    >>> nm = NearMiss(version=1)
    >>> X_res, y_res = nm.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 61), (1, 61)]
    >>> bool((X_res == X[nm.sample_indices_]).all())
    True
    """

    _sets_sample_indices = True
    why_all_rows = (
        "it measures distances from the rows of every reduced class to the minority class's rows"
    )

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "version": params.Rule(
            lambda v: _is_count(v) and v in (1, 2, 3), "1, 2 or 3 (the NearMiss variant)"
        ),
        "n_neighbors": _count_or_search("minority rows whose distances score a row"),
        "n_neighbors_ver3": _count_or_search("rows short-listed per minority row, version 3"),
    }

    # NearMiss draws no random numbers; random_state exists only for the shared path
    random_state = None

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        version: int = 1,
        n_neighbors: Any = 3,
        n_neighbors_ver3: Any = 3,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.n_jobs = n_jobs

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels, counts = features.numeric, target.labels, target.counts
        # the minority class as the plan sees it (the smallest label among equal sizes)
        minority = min(counts, key=counts.__getitem__)
        X_min = X[np.flatnonzero(labels == minority)]
        self.nn_ = _fitted_search(self.n_neighbors, X_min, self.n_jobs)
        k = int(self.nn_.n_neighbors)
        user_search = not _is_count(self.n_neighbors)
        chosen = {}
        for cls, n_keep in self.sampling_strategy_.items():
            rows = np.flatnonzero(labels == cls)
            X_cls = X[rows]
            if self.version == 1:
                score = self._near_score(X_cls, X_min, k, user_search, minority)
                picked = np.argsort(score, kind="stable")[:n_keep]
            elif self.version == 2:
                score = self._far_score(X_cls, X_min, k, user_search)
                picked = np.argsort(score, kind="stable")[:n_keep]
            else:
                short = self._short_list(X_cls, X_min)
                score = self._near_score(X_cls[short], X_min, k, user_search, minority)
                picked = short[np.argsort(-score, kind="stable")[:n_keep]]
                if short.size < n_keep:
                    warnings.warn(
                        f"NearMiss-3 short-listed only {short.size} rows of class {cls!r}, "
                        f"fewer than the {n_keep} to keep: all {short.size} are kept. Raise "
                        "n_neighbors_ver3 to short-list more rows.",
                        SmotekitWarning,
                        stacklevel=user_stacklevel(),
                    )
            chosen[cls] = rows[picked]
        # imbalanced-learn's layout: class by class, a reduced class's rows best first
        classes, codes = np.unique(labels, return_inverse=True)
        parts = [
            chosen[cls] if cls in chosen else np.flatnonzero(codes.ravel() == i)
            for i, cls in enumerate(classes.tolist())
        ]
        positions = np.concatenate(parts).astype(np.intp, copy=False)
        self.sample_indices_ = positions
        return Outcome(keep=positions)

    # ---- the scores -------------------------------------------------------------------
    def _near_score(
        self, X_cls: Any, X_min: Any, k: int, user_search: bool, minority: Any
    ) -> np.ndarray:
        """Summed distances of each row of ``X_cls`` to its ``k`` nearest minority rows."""
        if X_cls.shape[0] == 0:
            return np.zeros(0)
        if user_search:
            distances, _ = self.nn_.kneighbors(X_cls, n_neighbors=k)
            return np.asarray(distances, dtype=np.float64).sum(axis=1)
        if X_min.shape[0] < k:
            raise InvalidInputError(
                f"NearMiss scores each row by its n_neighbors={k} nearest rows of the "
                f"minority class {minority!r}, which has only {X_min.shape[0]}: lower "
                "n_neighbors."
            )
        nearest = kneighbors_query(X_min, k, points=X_cls, n_jobs=self.n_jobs)
        return pair_distances(X_cls, X_min, nearest, n_jobs=self.n_jobs).sum(axis=1)

    def _far_score(self, X_cls: Any, X_min: Any, k: int, user_search: bool) -> np.ndarray:
        """Summed distances of each row of ``X_cls`` to its ``k`` farthest minority rows."""
        m = X_min.shape[0]
        k = min(k, m)
        out = np.empty(X_cls.shape[0])
        step = max(1, _SCRATCH // (8 * 2 * max(m, 1)))
        if not user_search:
            P = X_min.astype(np.float64)
            P_norms = _row_norms(P)
            P_neg2 = P * -2.0
        for a in range(0, X_cls.shape[0], step):
            block = X_cls[a : a + step]
            if user_search:
                D = np.asarray(self.nn_.kneighbors(block, n_neighbors=m)[0], dtype=np.float64)
                far = D[:, m - k :]
            else:
                far = _farthest(block.astype(np.float64), P_neg2, P_norms, k)
            out[a : a + step] = far.sum(axis=1)
        return out

    def _short_list(self, X_cls: Any, X_min: Any) -> np.ndarray:
        """Version 3: local indices (sorted) of the rows of the class near any minority row."""
        self.nn_ver3_ = _fitted_search(self.n_neighbors_ver3, X_cls, self.n_jobs)
        k3 = int(self.nn_ver3_.n_neighbors)
        if not _is_count(self.n_neighbors_ver3):
            found = self.nn_ver3_.kneighbors(X_min, return_distance=False)
        else:
            # more than the class holds: every row of the class is short-listed
            found = kneighbors_query(
                X_cls, min(k3, X_cls.shape[0]), points=X_min, n_jobs=self.n_jobs
            )
        return np.unique(np.asarray(found, dtype=np.intp).reshape(-1))


def _fitted_search(value: Any, X_fit: Any, n_jobs: int | None) -> Any:
    """The user's search (cloned) or a brute-force ``NearestNeighbors``, fitted on ``X_fit``."""
    if _is_count(value):
        search = NearestNeighbors(n_neighbors=int(value), algorithm="brute", n_jobs=n_jobs)
    else:
        search = clone(value)
        if "n_jobs" in search.get_params():
            search.set_params(n_jobs=n_jobs)
    return search.fit(X_fit)


def _row_norms(X: Any) -> np.ndarray:
    """Squared Euclidean norm of every row, float64."""
    if sp.issparse(X):
        return np.asarray(X.multiply(X).sum(axis=1), dtype=np.float64).reshape(-1)
    return np.einsum("ij,ij->i", X, X)


def _farthest(Q: Any, P_neg2: Any, P_norms: np.ndarray, k: int) -> np.ndarray:
    """``(len(Q), k)`` distances from each row of ``Q`` to its ``k`` farthest rows of ``P``,
    ascending, given ``P_neg2 = -2 P`` (exact: a power of two) and ``|p|^2``.

    Distances as scikit-learn's brute-force search computes them, ``|q|^2 - 2 q.p + |p|^2``
    in float64: the farthest rows are far, so the product's rounding is negligible next to
    them. ``|q|^2`` is the same along a row, so the farthest rows are picked on
    ``|p|^2 - 2 q.p`` alone (by ``k`` passes of ``argmax`` when ``k`` is small, faster
    than a partition) and only their ``k`` values are completed and square-rooted.
    """
    product = Q @ P_neg2.T
    D = np.asarray(product.toarray() if sp.issparse(product) else product)
    D += P_norms[None, :]
    m = D.shape[1]
    if k == m:
        top = D
    elif k <= _FEW:
        top = np.empty((D.shape[0], k))
        at = np.arange(D.shape[0])
        for j in range(k):
            largest = D.argmax(axis=1)
            top[:, j] = D[at, largest]
            D[at, largest] = -np.inf
    else:
        top = np.partition(D, m - k, axis=1)[:, m - k :]
    top += _row_norms(Q)[:, None]
    np.maximum(top, 0.0, out=top)
    np.sqrt(top, out=top)
    return np.sort(top, axis=1)
