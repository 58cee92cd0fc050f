"""Cleaning under-samplers: remove rows that neighbours mark as noise or borderline.

The rules are plain functions over numbers and labels, so the combinations (SMOTE then
clean) apply exactly the same code to the rows SMOTE produced.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.door import Features, Target
from smotekit.errors import InvalidParameterError
from smotekit.neighbors import kneighbors_query
from smotekit.samplers.base import BaseSampler, check_choice
from smotekit.samplers.outcome import Outcome


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


def edited_rows(
    X: Any,
    labels: np.ndarray,
    classes: Any,
    *,
    n_neighbors: int = 3,
    kind_sel: str = "all",
    n_jobs: int | None = None,
) -> np.ndarray:
    """Rows of ``classes`` that Wilson's editing (ENN, 1972) removes: bool mask over ``X``.

    ``kind_sel='all'``: removed unless all ``n_neighbors`` nearest rows share its class;
    ``'mode'``: removed when another class is more frequent among them than its own.
    """
    remove = np.zeros(X.shape[0], dtype=bool)
    targeted = np.flatnonzero(np.isin(labels, np.asarray(list(classes), dtype=labels.dtype)))
    if targeted.size == 0:
        return remove
    m = min(n_neighbors, X.shape[0] - 1)
    neighbor_labels = labels[kneighbors_query(X, m, rows=targeted, n_jobs=n_jobs)]
    own = neighbor_labels == labels[targeted][:, None]
    if kind_sel == "all":
        remove[targeted] = ~own.all(axis=1)
        return remove
    own_count = own.sum(axis=1)
    best_other = np.zeros_like(own_count)
    for cls in np.unique(neighbor_labels):
        count = ((neighbor_labels == cls) & ~own).sum(axis=1)
        best_other = np.maximum(best_other, count)
    remove[targeted] = best_other > own_count
    return remove


class BaseCleaningSampler(BaseSampler):
    """Removes the rows its rule flags among the classes ``sampling_strategy`` names."""

    _direction = "cleaning"
    _sets_sample_indices = True

    def _flag(self, X: Any, labels: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _resample(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        remove = self._flag(features.numeric, target.labels)
        keep = np.flatnonzero(~remove)
        self.sample_indices_ = keep
        return Outcome(keep=keep)


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
    n_neighbors : int, default=3
    kind_sel : {'all', 'mode'}, default='all'
        ``'all'``: keep a row only if all its neighbours share its class; ``'mode'``: keep it
        unless another class outnumbers its own among them.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray

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

    random_state = None

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

    def _validate_params(self) -> None:
        check_choice("kind_sel", self.kind_sel, ("all", "mode"))
        if (
            isinstance(self.n_neighbors, bool)
            or not isinstance(self.n_neighbors, int | np.integer)
            or self.n_neighbors < 1
        ):
            raise InvalidParameterError(f"n_neighbors={self.n_neighbors!r} must be an int >= 1.")

    def _flag(self, X: Any, labels: np.ndarray) -> np.ndarray:
        return edited_rows(
            X,
            labels,
            self.sampling_strategy_,
            n_neighbors=self.n_neighbors,
            kind_sel=self.kind_sel,
            n_jobs=self.n_jobs,
        )
