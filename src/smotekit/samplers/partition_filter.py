"""The iterative-partitioning filter (IPF): rows that classifiers trained on parts of the
data misclassify are noise; removed round after round until the rounds find little."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.tree import DecisionTreeClassifier

import smotekit.samplers.params as params
from smotekit._parallel import parallel_map, resolve_threads
from smotekit.door.checks import FLOAT32_LIMIT, check_magnitude
from smotekit.errors import InvalidParameterError
from smotekit.samplers.base import seed_random_states
from smotekit.samplers.cleaning import BaseCleaningSampler


def partitions(labels: np.ndarray, n_parts: int, rng: np.random.Generator) -> np.ndarray:
    """A random part (``0 .. n_parts - 1``) for every row, each class dealt out evenly.

    The rows, shuffled within each class and taken class after class, are dealt round-robin
    from a random first part: the parts differ in size by at most one row, overall and per
    class ("n equal sized subsets" of the papers), and none is empty while there are at
    least ``n_parts`` rows.
    """
    order = np.concatenate(
        [rng.permutation(np.flatnonzero(labels == cls)) for cls in np.unique(labels)]
    )
    part = np.empty(labels.shape[0], dtype=np.intp)
    part[order] = (np.arange(order.shape[0]) + rng.integers(n_parts)) % n_parts
    return part


class IterativePartitioningFilter(BaseCleaningSampler):
    """Remove the rows that classifiers built on parts of the data misclassify (IPF).

    Each round splits the rows into ``n_partitions`` equal parts (every class dealt evenly),
    fits ``estimator`` on each part alone and classifies every row with all of them. A row
    is noise when more than half of them (``voting='majority'``) or all of them
    (``'consensus'``) give it another class than its own, and so does the model of its own
    part (which saw it); the noisy rows of the cleaned classes are removed and the next
    round starts on the rows left. It stops once ``stop_rounds`` consecutive rounds each
    found fewer than ``stop_fraction`` times the number of rows it was given (Khoshgoftaar &
    Rebours 2007, as Saez et al. 2015 run it after SMOTE: :class:`SMOTEIPF`; their
    defaults, those of their group's NoiseFiltersR: 5 parts, majority, 3 rounds, 1%). Each
    part's model is fitted on that part alone, as in the papers. ``fit_on='rest'`` fits each
    on the other parts instead and drops the own-part condition: the cross-validated
    committees filter (Verbaeten & Van Assche 2003), and how smote-variants 1.0.1 reads
    SMOTE-IPF. Each row is then judged mostly by models that saw it, so an unpruned tree
    flags almost nothing (and the filter's output is its input).

    Parameters
    ----------
    sampling_strategy : str or list, default='all'
        Classes whose noisy rows are removed: ``'all'`` (the papers), ``'auto'`` (= ``'not
        minority'``), ``'majority'``, ``'not majority'``, or a list of classes.
    estimator : classifier, default=None
        Fitted on each part (cloned, a seed drawn from ``random_state`` for its
        ``random_state``). Default ``DecisionTreeClassifier(min_samples_leaf=2)``: the papers
        use C4.5, whose default leaves hold at least two rows (it also prunes; CART does not).
    n_partitions : int, default=5
        Parts per round (the papers' n).
    voting : {'majority', 'consensus'}, default='majority'
    stop_rounds : int, default=3
        Consecutive quiet rounds that stop the filter (the papers' k).
    stop_fraction : float, default=0.01
        A round is quiet when it finds fewer noisy rows than this fraction of the rows the
        filter was given (the papers' p = 1%); a round that finds none is always quiet.
    fit_on : {'part', 'rest'}, default='part'
        What each model learns from: its own part (IPF, the papers) or every part but its
        own (the cross-validated committees filter; smote-variants' reading), where a row
        is noise on the vote alone.
    random_state : int, Generator, RandomState or None, default=None
    n_jobs : int, default=None
        Threads fitting the parts of a round (the result does not depend on it).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: rows before cleaning}`` for the cleaned classes.
    sample_indices_ : ndarray
        Input positions of the kept rows, in input order.
    n_rounds_ : int
        Rounds run.
    removed_per_round_ : list of int
        Rows removed in each round.

    References
    ----------
    - T. M. Khoshgoftaar and P. Rebours, "Improving software quality prediction by noise
      filtering techniques", Journal of Computer Science and Technology 22(3), 387-396, 2007.
    - J. A. Saez, J. Luengo, J. Stefanowski and F. Herrera, "SMOTE-IPF: Addressing the noisy
      and borderline examples problem in imbalanced classification by a re-sampling method
      with filtering", Information Sciences 291, 184-203, 2015.
    - S. Verbaeten and A. Van Assche, "Ensemble methods for noise elimination in
      classification problems", Multiple Classifier Systems (MCS 2003), LNCS 2709, 317-325.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import IterativePartitioningFilter
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> ipf = IterativePartitioningFilter(random_state=0)
    >>> X_res, y_res = ipf.fit_resample(X, y)
    >>> sorted(Counter(y_res).items()), ipf.n_rounds_
    ([(0, 490), (1, 83)], 15)
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "estimator": params.estimator(
            "fit", "predict", example="sklearn.tree.DecisionTreeClassifier()"
        ),
        "n_partitions": params.integer(2),
        "voting": params.choice("majority", "consensus"),
        "stop_rounds": params.integer(1),
        "stop_fraction": params.real(0.0, 1.0),
        "fit_on": params.choice("part", "rest"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "all",
        estimator: Any = None,
        n_partitions: int = 5,
        voting: str = "majority",
        stop_rounds: int = 3,
        stop_fraction: float = 0.01,
        fit_on: str = "part",
        random_state: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.estimator = estimator
        self.n_partitions = n_partitions
        self.voting = voting
        self.stop_rounds = stop_rounds
        self.stop_fraction = stop_fraction
        self.fit_on = fit_on
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _validate_params(self) -> None:
        if self.estimator is not None and not is_classifier(self.estimator):
            raise InvalidParameterError(
                f"estimator={self.estimator!r} is not a classifier: the filter counts the "
                "parts' classifiers that misclassify a row, e.g. "
                "sklearn.tree.DecisionTreeClassifier()."
            )

    def flag_rows(self, X: Any, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Bool mask of the rows of the cleaned classes that the filter removes."""
        n = labels.shape[0]
        if self.estimator is None:
            who = "IterativePartitioningFilter's default DecisionTree (float32)"
            check_magnitude(X, FLOAT32_LIMIT, who)
        cleaned = np.isin(labels, np.asarray(list(self.sampling_strategy_), dtype=labels.dtype))
        alive = np.arange(n)
        threshold = self.stop_fraction * n
        quiet, removed = 0, []
        while quiet < self.stop_rounds and alive.size:
            noisy = alive[self._noisy(X[alive], labels[alive], rng) & cleaned[alive]]
            removed.append(int(noisy.size))
            alive = np.setdiff1d(alive, noisy, assume_unique=True)
            # each loud round removes at least one row, so the loop ends
            quiet = quiet + 1 if noisy.size < threshold or noisy.size == 0 else 0
        self.n_rounds_, self.removed_per_round_ = len(removed), removed
        remove = np.ones(n, dtype=bool)
        remove[alive] = False
        return remove

    def _noisy(self, X: Any, labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One round: rows misclassified by the voting rule (and, on parts, by their own
        part's model)."""
        n_parts = min(self.n_partitions, labels.shape[0])
        part = partitions(labels, n_parts, rng)
        rest = self.fit_on == "rest"
        if rest and n_parts < 2:
            # one row left: no other part to learn from, no committee to judge it
            return np.zeros(labels.shape[0], dtype=bool)
        # every draw is made here, in order, so threads never change the result
        jobs = [
            (np.flatnonzero((part != p) if rest else (part == p)), self._estimator(rng))
            for p in range(n_parts)
        ]

        def misses(job: tuple[np.ndarray, Any]) -> np.ndarray:
            rows, estimator = job
            return estimator.fit(X[rows], labels[rows]).predict(X) != labels

        wrong = np.asarray(parallel_map(misses, jobs, resolve_threads(self.n_jobs)))
        voted = wrong.sum(axis=0)
        voted = voted == n_parts if self.voting == "consensus" else 2 * voted > n_parts
        if rest:
            return voted
        return voted & wrong[part, np.arange(labels.shape[0])]

    def _estimator(self, rng: np.random.Generator) -> Any:
        estimator = (
            DecisionTreeClassifier(min_samples_leaf=2)
            if self.estimator is None
            else clone(self.estimator)
        )
        return seed_random_states(estimator, rng)
