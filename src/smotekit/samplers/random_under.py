"""Random under-sampling of the classes that are too large."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.samplers.base import BaseUnderSampler, Outcome


class RandomUnderSampler(BaseUnderSampler):
    """Under-sample by keeping a random subset of the rows of each targeted class.

    Kept rows stay in their original order (imbalanced-learn groups them by class). Accepts
    any values in ``X``. Drop-in for ``imblearn.under_sampling.RandomUnderSampler``.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Rows to keep: a float (binary: minority/majority ratio after resampling), ``'auto'``
        (= ``'not minority'``), ``'majority'``, ``'not minority'``, ``'not majority'``,
        ``'all'``, a dict ``{class: n_samples_to_keep}``, or a callable ``y -> dict``.
    random_state : int, Generator, RandomState or None, default=None
    replacement : bool, default=False
        Draw the kept rows with replacement (a bootstrap of the class).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows kept per targeted class.
    sample_indices_ : ndarray
        Input positions of the output rows.

    Examples
    --------
    >>> from smotekit import RandomUnderSampler
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0]]
    >>> y = [0, 0, 0, 1, 1]
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> sorted(y_res)
    [0, 0, 1, 1]
    """

    _sets_sample_indices = True
    _accepts_any_values = True
    rows_needed = "counts"

    _parameters: ClassVar[dict[str, params.Rule]] = {"replacement": params.boolean()}

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        replacement: bool = False,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.replacement = replacement

    def kept_ranks(self, counts: dict[Any, int], rng: np.random.Generator) -> dict[Any, np.ndarray]:
        """For each targeted class, which of its rows are kept, by rank within the class.

        Rank ``r`` is the class's ``r``-th row in input order; with ``replacement`` a rank may
        appear several times. Only the class sizes are needed, so a file or a Dask collection
        can decide its kept rows from counts before it reads any row again.
        """
        return {
            cls: rng.choice(counts[cls], n_keep, replace=bool(self.replacement))
            for cls, n_keep in self.sampling_strategy_.items()
        }

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        labels = target.labels
        keep = np.ones(features.n_rows, dtype=bool)
        chosen = []
        for cls, ranks in self.kept_ranks(target.counts, rng).items():
            rows = np.flatnonzero(labels == cls)
            keep[rows] = False
            chosen.append(rows[ranks])
        positions = np.sort(np.concatenate([np.flatnonzero(keep), *chosen]), kind="stable")
        self.sample_indices_ = positions
        return Outcome(keep=positions)
