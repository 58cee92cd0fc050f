"""Cleaning under-samplers: remove rows that neighbours mark as noise or borderline.

The rules are plain functions over numbers and labels, so the combinations (SMOTE then
clean) apply exactly the same code to the rows SMOTE produced.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors import kneighbors_query
from smotekit.samplers.base import BaseSampler
from smotekit.samplers.outcome import Outcome, grouped_by_class


def tomek_link_rows(
    X: Any, labels: np.ndarray, classes: Any, *, n_jobs: int | None = None
) -> np.ndarray:
    """Rows of ``classes`` that are in a Tomek link (Tomek 1976): bool mask over ``X``.

    Two rows of different classes form a link when each is the other's nearest neighbour.
    """
    n = X.shape[0]
    if n < 2:
        return np.zeros(n, dtype=bool)
    nearest = kneighbors_query(X, 1, n_jobs=n_jobs)[:, 0]
    linked = (nearest[nearest] == np.arange(n)) & (labels[nearest] != labels)
    return linked & np.isin(labels, np.asarray(list(classes), dtype=labels.dtype))


def knn_vote(neighbor_labels: np.ndarray) -> np.ndarray:
    """Each row's k-NN vote: the most frequent label among its neighbours' labels.

    A tie goes to the smallest label, as imbalanced-learn's ``scipy.stats.mode`` and
    scikit-learn's ``KNeighborsClassifier`` decide (labels of any sortable type).

    Examples
    --------
    >>> import numpy as np
    >>> knn_vote(np.array([["b", "a", "b"], ["c", "a", "c"], ["b", "a", "c"]])).tolist()
    ['b', 'c', 'a']
    """
    values, codes = np.unique(neighbor_labels, return_inverse=True)
    codes = codes.reshape(neighbor_labels.shape)
    winner = np.zeros(codes.shape[0], dtype=np.intp)
    best = np.zeros(codes.shape[0], dtype=np.intp)
    # classes in increasing order: only a strictly larger count replaces the leader
    for code in range(values.shape[0]):
        count = (codes == code).sum(axis=1)
        better = count > best
        winner[better] = code
        best[better] = count[better]
    return values[winner]


def edited_rows(
    X: Any,
    labels: np.ndarray,
    classes: Any,
    *,
    n_neighbors: Any = 3,
    kind_sel: str = "all",
    n_jobs: int | None = None,
) -> np.ndarray:
    """Rows of ``classes`` that Wilson's editing (ENN, 1972) removes: bool mask over ``X``.

    ``kind_sel='all'``: removed unless all ``n_neighbors`` nearest rows share its class;
    ``'mode'``: removed unless its class is the most frequent among them (Wilson's k-NN
    vote). A tie between classes goes to the smallest label, as imbalanced-learn's
    ``scipy.stats.mode`` does (Wilson leaves ties open): a row tied with a smaller class is
    removed. ``labels`` are class codes in sorted class order.
    """
    remove = np.zeros(X.shape[0], dtype=bool)
    targeted = np.flatnonzero(np.isin(labels, np.asarray(list(classes), dtype=labels.dtype)))
    if targeted.size == 0:
        return remove
    if hasattr(n_neighbors, "kneighbors"):
        # a user's search, built with n_neighbors = k + 1 as in imbalanced-learn: its
        # first answer (the row itself, or a duplicate) is dropped
        found = np.asarray(n_neighbors.kneighbors(X[targeted], return_distance=False))[:, 1:]
    else:
        # every row targeted (SMOTEENN's 'all'): no position list, no reordered copy
        rows = None if targeted.size == X.shape[0] else targeted
        found = kneighbors_query(X, min(n_neighbors, X.shape[0] - 1), rows=rows, n_jobs=n_jobs)
    neighbor_labels = labels[found]
    own = neighbor_labels == labels[targeted][:, None]
    if kind_sel == "all":
        remove[targeted] = ~own.all(axis=1)
        return remove
    winner = knn_vote(neighbor_labels)
    remove[targeted] = winner != labels[targeted]
    return remove


class BaseCleaningSampler(BaseSampler):
    """Removes the rows its rule flags among the classes ``sampling_strategy`` names."""

    _direction = "cleaning"
    _sets_sample_indices = True
    #: Kept rows class by class (imbalanced-learn's order for ENN and its repeated forms);
    #: else in input order (Tomek links and the cleaning rule, also as imbalanced-learn).
    _output_by_class: ClassVar[bool] = False

    def _output(self, rows: np.ndarray, labels: np.ndarray) -> Outcome:
        """Record ``rows`` (input positions, input order) as the output, in this sampler's order."""
        if self._output_by_class:
            rows = grouped_by_class(rows, labels)
        self.sample_indices_ = rows
        return Outcome(keep=rows)

    def _flag(self, X: Any, labels: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def flag_rows(self, X: Any, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Bool mask of the rows the rule removes (the call's ``rng`` for rules that draw)."""
        return self._flag(X, labels)

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        remove = self.flag_rows(features.numeric, target.labels, rng)
        return self._output(np.flatnonzero(~remove), target.labels)


class TomekLinks(BaseCleaningSampler):
    """Remove rows of the cleaned classes that form Tomek links.

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
        Classes to clean: ``'auto'`` (= ``'not minority'``), ``'majority'``, ``'not
        majority'``, ``'all'``, or a list of classes.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: rows before cleaning}`` for the cleaned classes.
    sample_indices_ : ndarray
        Input positions of the kept rows.

    Examples
    --------
    >>> from smotekit import TomekLinks
    >>> X = [[0.0], [1.0], [1.1], [3.0], [4.0], [5.0]]
    >>> y = [0, 0, 1, 1, 1, 1]
    >>> X_res, y_res = TomekLinks().fit_resample(X, y)
    >>> X_res
    [[0.0], [1.0], [3.0], [4.0], [5.0]]
    """

    why_all_rows = "it looks for nearest neighbours among all rows"

    def __init__(self, *, sampling_strategy: Any = "auto", n_jobs: int | None = None) -> None:
        self.sampling_strategy = sampling_strategy
        self.n_jobs = n_jobs

    # the rule draws no random numbers; random_state exists only for the shared path
    random_state = None

    def _flag(self, X: Any, labels: np.ndarray) -> np.ndarray:
        return tomek_link_rows(X, labels, self.sampling_strategy_, n_jobs=self.n_jobs)


class EditedNearestNeighbours(BaseCleaningSampler):
    """Remove rows of the cleaned classes whose neighbours disagree with their class (ENN).

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
        Classes to clean, as for :class:`TomekLinks`.
    n_neighbors : int or estimator, default=3
        Neighbours that vote, or an object with ``fit`` and ``kneighbors`` built with
        ``n_neighbors = k + 1`` (cloned and fitted on all rows; kept as ``nn_``).
    kind_sel : {'all', 'mode'}, default='all'
        ``'all'``: keep a row only if all its neighbours share its class; ``'mode'``: keep it
        if its class wins the neighbours' vote (a tie goes to the smallest label, as in
        imbalanced-learn).
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray
        Input positions of the kept rows, class by class (sorted labels) and in input order
        within a class, the order imbalanced-learn returns them in.
    nn_ : estimator
        The fitted neighbour search, when ``n_neighbors`` is an estimator.

    Examples
    --------
    >>> from smotekit import EditedNearestNeighbours
    >>> X = [[0.0], [0.1], [0.2], [0.15], [5.0], [5.1], [5.2], [5.3]]
    >>> y = [0, 0, 0, 1, 1, 1, 1, 1]
    >>> enn = EditedNearestNeighbours(sampling_strategy="all", kind_sel="mode")
    >>> X_res, y_res = enn.fit_resample(X, y)
    >>> y_res
    [0, 0, 0, 1, 1, 1, 1]
    """

    why_all_rows = "it looks for nearest neighbours among all rows"
    _output_by_class = True

    random_state = None

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "kind_sel": params.choice("all", "mode"),
        "n_neighbors": params.neighbors("the number of nearest rows that vote"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: int = 3,
        kind_sel: str = "all",
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _flag(self, X: Any, labels: np.ndarray) -> np.ndarray:
        n_neighbors = self.n_neighbors
        if hasattr(n_neighbors, "kneighbors"):
            n_neighbors = self.nn_ = clone(n_neighbors).fit(X)
        return edited_rows(
            X,
            labels,
            self.sampling_strategy_,
            n_neighbors=n_neighbors,
            kind_sel=self.kind_sel,
            n_jobs=self.n_jobs,
        )
