"""Editing under-samplers built on Wilson's rule: repeated ENN, All-k-NN and the
neighbourhood cleaning rule.

Each repeats or extends :func:`~smotekit.samplers.cleaning.edited_rows` on the rows still
kept, so every neighbour search runs on the package's engine, among the current rows only.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors import kneighbors_query, resolve_k
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.cleaning import BaseCleaningSampler, edited_rows, knn_vote
from smotekit.samplers.outcome import Outcome

VOTERS = "the number of nearest rows that vote"


def _first_smallest(labels: np.ndarray) -> Any:
    """The smallest class, the first to appear on a tie (imbalanced-learn's ``Counter`` rule)."""
    counts = Counter(labels.tolist())
    return min(counts, key=counts.__getitem__)


def _too_small(kept_labels: np.ndarray, counts: Counter, minority: Any) -> bool:
    """Whether a class other than the minority fell below the minority's size, or vanished."""
    now = Counter(kept_labels.tolist())
    if len(now) < len(counts):
        return True
    return any(n < counts[minority] for c, n in now.items() if c != minority)


class _EditingLoop(BaseCleaningSampler):
    """ENN applied again on the rows it keeps; subclasses say with which k, and when to stop."""

    why_all_rows = "it looks for nearest neighbours among all rows, repeatedly"
    _output_by_class = True
    _parameters: ClassVar[dict[str, params.Rule]] = {
        "n_neighbors": params.neighbors(VOTERS),
        "kind_sel": params.choice("all", "mode"),
    }

    def _editing(self, n_neighbors: Any) -> Any:
        """The one-round rule, as the fitted attribute ``enn_`` shows it."""
        from smotekit.samplers.cleaning import EditedNearestNeighbours

        return EditedNearestNeighbours(
            sampling_strategy=self.sampling_strategy,
            n_neighbors=n_neighbors,
            kind_sel=self.kind_sel,
            n_jobs=self.n_jobs,
        )

    def _edit(self, X: Any, labels: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
        """One ENN step on the rows ``rows`` (input positions): the ones it keeps."""
        X_now, labels_now = X[rows], labels[rows]
        cleaned = resolve_sampling_strategy(
            self.sampling_strategy, labels_now, "cleaning", dict(Counter(labels_now.tolist()))
        )
        voters: Any = k
        estimator = resolve_k(self.n_neighbors, "n_neighbors", VOTERS)[1]
        if estimator is not None and k == resolve_k(self.n_neighbors, "n_neighbors")[0]:
            voters = clone(estimator).fit(X_now)
        remove = edited_rows(
            X_now,
            labels_now,
            cleaned,
            n_neighbors=voters,
            kind_sel=self.kind_sel,
            n_jobs=self.n_jobs,
        )
        return rows[~remove]


class RepeatedEditedNearestNeighbours(_EditingLoop):
    """Repeat Wilson's editing (ENN) until it removes nothing (Tomek 1976, "an experiment
    with the edited nearest-neighbour rule").

    Each round removes the rows of the cleaned classes whose ``n_neighbors`` nearest rows
    (among the rows still kept) disagree with their class. It stops when a round removes
    nothing, after ``max_iter`` rounds, or when a round leaves a class other than the
    minority smaller than the minority was, or removes a class (that round is kept, as in
    imbalanced-learn).

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
        Classes to clean, resolved again each round on the rows kept: ``'auto'`` (= ``'not
        minority'``), ``'majority'``, ``'not majority'``, ``'all'``, or a list of classes.
    n_neighbors : int or estimator, default=3
        Neighbours that vote, or a nearest-neighbours object built with ``n_neighbors + 1``.
    max_iter : int, default=100
        Rounds at most.
    kind_sel : {'all', 'mode'}, default='all'
        ``'all'``: a row stays only if all its neighbours share its class; ``'mode'``: if its
        class wins the vote (a tie goes to the smallest label).
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: rows before cleaning}`` for the cleaned classes.
    sample_indices_ : ndarray
        Input positions of the kept rows, class by class (sorted labels) and in input order
        within a class, the order imbalanced-learn returns them in.
    n_iter_ : int
        Rounds run.
    enn_ : EditedNearestNeighbours
        The editing rule of one round.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from smotekit import RepeatedEditedNearestNeighbours
    >>> X, y = make_classification(n_samples=500, weights=[0.8], flip_y=0.05, random_state=0)
    >>> renn = RepeatedEditedNearestNeighbours()
    >>> X_res, y_res = renn.fit_resample(X, y)
    >>> Counter(y_res)[0] < Counter(y)[0], Counter(y_res)[1] == Counter(y)[1]
    (True, True)
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {"max_iter": params.integer(1)}

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: Any = 3,
        max_iter: int = 100,
        kind_sel: str = "all",
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.max_iter = max_iter
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    random_state = None  # the rule draws no random numbers

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels = features.numeric, target.labels
        counts, minority = Counter(labels.tolist()), _first_smallest(labels)
        k = resolve_k(self.n_neighbors, "n_neighbors", VOTERS)[0]
        rows = np.arange(features.n_rows)
        rounds = 0
        while rounds < self.max_iter:
            rounds += 1
            kept = self._edit(X, labels, rows, k)
            done = kept.shape[0] == rows.shape[0] or _too_small(labels[kept], counts, minority)
            rows = kept
            if done:
                break
        self.n_iter_ = rounds
        self.enn_ = self._editing(self.n_neighbors)
        return self._output(rows, labels)


class AllKNN(_EditingLoop):
    """Wilson's editing with 1, 2, ..., ``n_neighbors`` neighbours in turn (Tomek 1976,
    "All k-NN").

    Each step edits the rows kept by the step before. It stops early when a step leaves a
    class other than the minority smaller than the minority was, or removes a class (that
    step is kept, as in imbalanced-learn), unless ``allow_minority``.

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
        Classes to clean, resolved again at each step on the rows kept.
    n_neighbors : int or estimator, default=3
        The largest number of neighbours that vote (or an object built with it + 1).
    kind_sel : {'all', 'mode'}, default='all'
    allow_minority : bool, default=False
        Go on even when a class becomes smaller than the minority class was.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray
        Input positions of the kept rows, class by class (sorted labels) and in input order
        within a class, the order imbalanced-learn returns them in.
    enn_ : EditedNearestNeighbours
        The editing rule of the last step.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from smotekit import AllKNN
    >>> X, y = make_classification(n_samples=500, weights=[0.8], flip_y=0.05, random_state=0)
    >>> X_res, y_res = AllKNN().fit_resample(X, y)
    >>> Counter(y_res)[0] < Counter(y)[0]
    True
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {"allow_minority": params.boolean()}

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: Any = 3,
        kind_sel: str = "all",
        allow_minority: bool = False,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.allow_minority = allow_minority
        self.n_jobs = n_jobs

    random_state = None  # the rule draws no random numbers

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels = features.numeric, target.labels
        counts, minority = Counter(labels.tolist()), _first_smallest(labels)
        k_max = resolve_k(self.n_neighbors, "n_neighbors", VOTERS)[0]
        rows = np.arange(features.n_rows)
        k = 1
        for k in range(1, k_max + 1):
            rows = self._edit(X, labels, rows, k)
            now = Counter(labels[rows].tolist())
            vanished = len(now) < len(counts)
            if vanished or (not self.allow_minority and _too_small(labels[rows], counts, minority)):
                break
        self.enn_ = self._editing(k)
        return self._output(rows, labels)


class NeighbourhoodCleaningRule(BaseCleaningSampler):
    """The neighbourhood cleaning rule (Laurikkala 2001): Wilson's editing of the other
    classes, and the neighbours of the minority rows they misclassify.

    Two sets of rows of the cleaned classes are removed: A1, the rows that Wilson's editing
    (``kind_sel='mode'``) removes; and A2, the ``n_neighbors`` nearest rows of every minority
    row that its ``n_neighbors`` nearest rows misclassify (by vote), when they belong to a
    cleaned class larger than ``threshold_cleaning`` times the minority. As in the paper,
    a minority row's vote is that of its neighbours, itself excluded (imbalanced-learn lets
    the row vote for itself, so it finds fewer misclassified minority rows).

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
        Classes that may be cleaned.
    edited_nearest_neighbours : EditedNearestNeighbours, default=None
        The editing that finds A1; default ``EditedNearestNeighbours(kind_sel='mode')`` with
        this sampler's ``sampling_strategy`` and ``n_neighbors``.
    n_neighbors : int or estimator, default=3
    threshold_cleaning : float, default=0.5
        A2 is taken only from classes with more than ``threshold_cleaning`` times as many
        rows as the minority.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray
        Input positions of the kept rows, in input order.
    edited_nearest_neighbours_ : EditedNearestNeighbours
    classes_to_clean_ : list
        The classes A2 may take rows from.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from smotekit import NeighbourhoodCleaningRule
    >>> X, y = make_classification(n_samples=500, weights=[0.8], flip_y=0.05, random_state=0)
    >>> X_res, y_res = NeighbourhoodCleaningRule().fit_resample(X, y)
    >>> Counter(y_res)[0] < Counter(y)[0], Counter(y_res)[1] == Counter(y)[1]
    (True, True)
    """

    why_all_rows = "it looks for nearest neighbours among all rows"
    _parameters: ClassVar[dict[str, params.Rule]] = {
        "edited_nearest_neighbours": params.sampler(
            "smotekit.EditedNearestNeighbours(kind_sel='mode')"
        ),
        "n_neighbors": params.neighbors(VOTERS),
        "threshold_cleaning": params.real(0),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        edited_nearest_neighbours: Any = None,
        n_neighbors: Any = 3,
        threshold_cleaning: float = 0.5,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.edited_nearest_neighbours = edited_nearest_neighbours
        self.n_neighbors = n_neighbors
        self.threshold_cleaning = threshold_cleaning
        self.n_jobs = n_jobs

    random_state = None  # the rule draws no random numbers

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        from smotekit.samplers.cleaning import EditedNearestNeighbours

        X, labels = features.numeric, target.labels
        editing = self.edited_nearest_neighbours
        if editing is None:
            editing = EditedNearestNeighbours(
                sampling_strategy=self.sampling_strategy,
                n_neighbors=self.n_neighbors,
                kind_sel="mode",
                n_jobs=self.n_jobs,
            )
        else:
            editing = clone(editing)
        editing.fit_resample(X, labels)
        self.edited_nearest_neighbours_ = editing
        remove = np.ones(features.n_rows, dtype=bool)
        remove[editing.sample_indices_] = False  # A1

        counts = Counter(labels.tolist())
        minority = _first_smallest(labels)
        self.classes_to_clean_ = [
            c
            for c, n in counts.items()
            if c in self.sampling_strategy_ and n > counts[minority] * self.threshold_cleaning
        ]
        k, estimator = resolve_k(self.n_neighbors, "n_neighbors", VOTERS)
        rows = np.flatnonzero(labels == minority)
        if estimator is not None:
            found = clone(estimator).fit(X).kneighbors(X[rows], return_distance=False)[:, 1:]
        else:
            found = kneighbors_query(X, k, rows=rows, n_jobs=self.n_jobs)
        missed = knn_vote(labels[found]) != minority
        near = np.unique(found[missed])
        remove[near[np.isin(labels[near], self.classes_to_clean_)]] = True  # A2
        return self._output(np.flatnonzero(~remove), labels)
