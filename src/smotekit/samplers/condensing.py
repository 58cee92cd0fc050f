"""Condensing under-samplers: Hart's condensed nearest neighbour and one-sided selection.

Both keep, of each class they reduce, a small "store" that classifies the class's rows as
well as the whole class did: the minority rows plus a few random seeds of the class, and
the rows the store misclassifies. The k-NN votes run on the package's engine; Hart's
sequential rule keeps each row's k nearest store rows up to date as the store grows, so a
row added costs one pass over the class instead of a new classifier (imbalanced-learn refits
and re-predicts the whole class after every addition).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors import kneighbors_query
from smotekit.samplers.cleaning import BaseCleaningSampler, knn_vote, tomek_link_rows
from smotekit.samplers.outcome import Outcome

VOTERS = "the number of store rows that vote on a row's class (1: Hart's 1-NN rule)"


def _k(value: Any) -> int:
    return 1 if value is None else int(getattr(value, "n_neighbors", value))


def _sqdist(A: np.ndarray, norms: np.ndarray, b: np.ndarray, b_norm: float) -> np.ndarray:
    """Squared distances from every row of ``A`` (squared norms ``norms``) to the point ``b``.

    ``|a|^2 + |b|^2 - 2 a.b``: one matrix-vector product per store row added (Hart's rule
    adds thousands one at a time, so this is the sampler's cost), clipped at 0.
    """
    out = norms + b_norm - 2.0 * (A @ b)
    return np.maximum(out, 0.0, out=out)


class _Condensing(BaseCleaningSampler):
    why_all_rows = "it classifies every row of the classes it reduces with a store of rows"
    _parameters: ClassVar[dict[str, params.Rule]] = {
        "n_neighbors": params.either(
            params.literal(None),
            params.integer(1),
            params.estimator("n_neighbors", example="KNeighborsClassifier(n_neighbors=1)"),
            says=f"None (1), an int >= 1 or a KNeighborsClassifier: {VOTERS}",
        ),
        "n_seeds_S": params.integer(1),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        n_neighbors: Any = None,
        n_seeds_S: int = 1,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_seeds_S = n_seeds_S
        self.n_jobs = n_jobs

    def _class_setup(
        self, features: Features, target: Target
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Dense X, the labels, and the rows of the minority class (the first to appear on a
        tie), which every store starts with."""
        X = features.numeric
        labels = target.labels
        counts = Counter(labels.tolist())
        minority_rows = np.flatnonzero(labels == min(counts, key=counts.get))
        return (X.toarray() if hasattr(X, "toarray") else X), labels, minority_rows

    def _seeds(self, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """``n_seeds_S`` distinct random rows of the class (all of them if it has fewer)."""
        n = min(self.n_seeds_S, rows.shape[0])
        return np.sort(rng.choice(rows.shape[0], n, replace=False))

    def _record(self, X: np.ndarray, labels: np.ndarray, stores: list[np.ndarray]) -> None:
        k = _k(self.n_neighbors)
        self.estimators_ = [
            KNeighborsClassifier(n_neighbors=min(k, s.shape[0])).fit(X[s], labels[s])
            for s in stores
        ]


class CondensedNearestNeighbour(_Condensing):
    """Hart's condensed nearest neighbour rule (Hart 1968): keep a consistent subset.

    For each class it reduces, the store starts as every minority row plus ``n_seeds_S``
    random rows of the class; the class's rows are visited in order and each one the store
    misclassifies (k-NN vote) joins it at once. The passes repeat until one adds nothing, as
    Hart's rule says (imbalanced-learn makes one pass), so every row of the class is then
    classified correctly by the store. Seeds are drawn without replacement.

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
        Classes to reduce: ``'auto'`` (= ``'not minority'``), ``'majority'``, ``'not
        majority'``, ``'all'``, or a list of classes.
    random_state : int, Generator, RandomState or None, default=None
        Draws the seeds.
    n_neighbors : int, KNeighborsClassifier or None, default=None
        Voters (``None``: 1, Hart's rule).
    n_seeds_S : int, default=1
        Random rows of the class the store starts with.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray
        Input positions of the kept rows, in input order.
    estimators_ : list of KNeighborsClassifier
        For each reduced class, a classifier fitted on its final store.
    n_passes_ : dict
        Passes made per reduced class.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from smotekit import CondensedNearestNeighbour
    >>> X, y = make_classification(n_samples=500, weights=[0.8], random_state=0)
    >>> X_res, y_res = CondensedNearestNeighbour(random_state=0).fit_resample(X, y)
    >>> Counter(y_res)[0] < Counter(y)[0], Counter(y_res)[1] == Counter(y)[1]
    (True, True)
    """

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels, minority_rows = self._class_setup(features, target)
        keep = ~np.isin(labels, list(self.sampling_strategy_))
        stores, self.n_passes_ = [], {}
        for cls in self.sampling_strategy_:
            rows = np.flatnonzero(labels == cls)
            seeds = rows[self._seeds(rows, rng)]
            store, passes = self._condense(X, labels, rows, np.concatenate([minority_rows, seeds]))
            keep[store[labels[store] == cls]] = True
            stores.append(store)
            self.n_passes_[cls] = passes
        self._record(X, labels, stores)
        kept = np.flatnonzero(keep)
        self.sample_indices_ = kept
        return Outcome(keep=kept)

    def _condense(
        self, X: np.ndarray, labels: np.ndarray, rows: np.ndarray, store: np.ndarray
    ) -> tuple[np.ndarray, int]:
        """Hart's passes over ``rows`` (one class) with the initial ``store``; the final store."""
        k = min(_k(self.n_neighbors), store.shape[0])
        own = labels[rows[0]]
        Xc = np.asarray(X[rows], dtype=np.float64)
        # each row's k nearest store rows, as positions in ``members``, and their distances;
        # ordered by (distance, position): a later member loses a tie
        members = list(store)
        near = kneighbors_query(X[store], k, points=X[rows], n_jobs=self.n_jobs)
        norms = np.einsum("ij,ij->i", Xc, Xc)
        X_store = np.asarray(X[store], dtype=np.float64)
        store_norms = np.einsum("ij,ij->i", X_store, X_store)
        dist = np.stack(
            [
                np.maximum(
                    norms
                    + store_norms[near[:, j]]
                    - 2.0 * np.einsum("ij,ij->i", Xc, X_store[near[:, j]]),
                    0.0,
                )
                for j in range(k)
            ],
            axis=1,
        )
        order = np.lexsort((near, dist), axis=1)
        near = np.take_along_axis(near, order, axis=1)
        dist = np.take_along_axis(dist, order, axis=1)
        # the store holds two classes, this one and the minority: a row's vote is how many of
        # its k nearest store rows are of its own class (a tie goes to the smaller label)
        is_own = np.zeros(store.shape[0] + rows.shape[0], dtype=bool)
        is_own[: store.shape[0]] = labels[store] == own
        minority = labels[store][~is_own[: store.shape[0]]]
        own_wins_tie = minority.size == 0 or bool(own < minority[0])
        own_votes = is_own[near].sum(axis=1)

        def misclassified(votes: np.ndarray) -> np.ndarray:
            return (2 * votes < k) | ((2 * votes == k) & (not own_wins_tie))

        in_store = np.isin(rows, store)
        wrong = misclassified(own_votes) & ~in_store
        passes = 0
        while True:
            passes += 1
            added = False
            start = 0
            while True:
                later = np.flatnonzero(wrong[start:])
                if later.size == 0:
                    break
                i = start + int(later[0])
                # row i joins the store; it replaces the k-th nearest store row of every row
                # it is nearer to than that one
                slot = len(members)
                members.append(rows[i])
                is_own[slot] = True
                in_store[i] = True
                d_new = _sqdist(Xc, norms, Xc[i], norms[i])
                d_new[i] = 0.0
                closer = np.flatnonzero(d_new < dist[:, -1])
                if closer.size:
                    own_votes[closer] += 1 - is_own[near[closer, -1]]
                    dist[closer, -1] = d_new[closer]
                    near[closer, -1] = slot
                    if k > 1:  # keep each row's list ordered (the newcomer loses ties)
                        order = np.argsort(dist[closer], axis=1, kind="stable")
                        dist[closer] = np.take_along_axis(dist[closer], order, axis=1)
                        near[closer] = np.take_along_axis(near[closer], order, axis=1)
                    wrong[closer] = misclassified(own_votes[closer]) & ~in_store[closer]
                wrong[i] = False
                added = True
                start = i + 1
            if not added or not wrong.any():
                break
        return np.asarray(members, dtype=np.intp), passes


class OneSidedSelection(_Condensing):
    """One-sided selection (Kubat & Matwin 1997): a condensed store, then Tomek links.

    For each class it reduces: the store is every minority row plus ``n_seeds_S`` random
    rows of the class; the class's rows that this store misclassifies (k-NN vote) are kept
    with the seeds. Then the rows of the reduced classes that form Tomek links among all
    kept rows are removed. Seeds are drawn without replacement (imbalanced-learn draws them
    with replacement, which can repeat a row in its output).

    Parameters
    ----------
    sampling_strategy : str or list, default='auto'
    random_state : int, Generator, RandomState or None, default=None
    n_neighbors : int, KNeighborsClassifier or None, default=None
        Voters (``None``: 1).
    n_seeds_S : int, default=1
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray
        Input positions of the kept rows, in input order.
    estimators_ : list of KNeighborsClassifier
        For each reduced class, the classifier of its store (minority rows and seeds).

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from smotekit import OneSidedSelection
    >>> X, y = make_classification(n_samples=500, weights=[0.8], random_state=0)
    >>> X_res, y_res = OneSidedSelection(random_state=0).fit_resample(X, y)
    >>> Counter(y_res)[0] < Counter(y)[0], Counter(y_res)[1] == Counter(y)[1]
    (True, True)
    """

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels, minority_rows = self._class_setup(features, target)
        reduced = list(self.sampling_strategy_)
        keep = ~np.isin(labels, reduced)
        stores = []
        for cls in reduced:
            rows = np.flatnonzero(labels == cls)
            picked = self._seeds(rows, rng)
            store = np.concatenate([minority_rows, rows[picked]])
            rest = np.delete(rows, picked)
            k = min(_k(self.n_neighbors), store.shape[0])
            if rest.size:
                near = kneighbors_query(X[store], k, points=X[rest], n_jobs=self.n_jobs)
                keep[rest[knn_vote(labels[store][near]) != cls]] = True
            keep[rows[picked]] = True
            stores.append(store)
        self._record(X, labels, stores)
        kept = np.flatnonzero(keep)
        linked = tomek_link_rows(X[kept], labels[kept], reduced, n_jobs=self.n_jobs)
        kept = kept[~linked]
        self.sample_indices_ = kept
        return Outcome(keep=kept)
