"""Over-sampling followed by cleaning or under-sampling, through the same sampler path.

The over-sampler plans its synthetic rows; the second step looks at the rows that plan would
produce and drops some (originals or synthetic) before anything is assembled for the caller.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.samplers.base import BaseOverSampler, BaseSampler
from smotekit.samplers.cleaning import EditedNearestNeighbours, TomekLinks
from smotekit.samplers.interpolation import InterpolationSampler
from smotekit.samplers.outcome import (
    Outcome,
    empty_recipe,
    numeric_rows,
    output_labels,
    restrict,
)
from smotekit.samplers.smote import SMOTE


def run_inner(
    sampler: BaseSampler,
    target: Target,
    features: Features,
    rng: np.random.Generator,
    counts: dict[Any, int] | None = None,
) -> Outcome:
    """Plan and resample with ``sampler`` on already-checked data, sharing the call's ``rng``.

    ``counts`` overrides the sampler's own plan (``{class: rows to add}``).
    """
    sampler.check_params()
    sampler.n_features_in_ = features.n_features
    sampler.sampling_strategy_ = sampler.plan_counts(target) if counts is None else counts
    return sampler.decide(features, target, rng)


def kept_provenance(result: Outcome, features: Features, target: Target, over: BaseSampler) -> Any:
    """The ``provenance_`` of ``result``: its recipe placed after the originals, or an empty
    recipe when no synthetic row was kept (so a refit never keeps an earlier fit's)."""
    first_row = result.n_original(features.n_rows)
    if result.recipe is None:
        box = getattr(over, "gap", None) == "box"
        return empty_recipe(features.n_features, target.labels, first_row, box=box)
    result.recipe.first_row = first_row
    return result.recipe


class _OverThenClean(BaseOverSampler):
    """SMOTE (or the given over-sampler), then a cleaning rule over all resulting rows."""

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "smote": params.sampler("smotekit.SMOTE(k_neighbors=3)"),
        "tomek": params.sampler("smotekit.TomekLinks()"),
        "enn": params.sampler("smotekit.EditedNearestNeighbours(kind_sel='mode')"),
    }

    def _over(self) -> BaseSampler:
        if self.smote is not None:
            return clone(self.smote)
        return SMOTE(sampling_strategy=self.sampling_strategy, n_jobs=self.n_jobs)

    def _cleaner(self) -> BaseSampler:
        raise NotImplementedError

    def _validate_estimator(self) -> None:
        """Check the parameters and set ``smote_`` and the cleaner (``tomek_`` or ``enn_``,
        also ``cleaner_``) to the unfitted steps ``fit_resample`` builds; ``fit_resample``
        replaces them with the fitted ones. Kept for code written against imbalanced-learn's
        private method of that name."""
        self.check_params()
        self.smote_, self.cleaner_ = self._over(), self._cleaner()
        setattr(self, self._cleaner_attribute, self.cleaner_)

    def plan_counts(self, target: Target) -> dict[Any, int]:
        return self._over().plan_counts(target)

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        over = self._over()
        outcome = run_inner(over, target, features, rng)
        cleaner = self._cleaner()
        cleaner.check_params()
        rows = numeric_rows(features, outcome)
        labels = output_labels(target.labels, outcome)
        cleaner.sampling_strategy_ = cleaner.plan_counts(
            Target(labels=labels, kind="numpy", original=labels)
        )
        remove = cleaner.flag_rows(rows, labels, rng)
        result = restrict(outcome, ~remove, features.n_rows)
        self.smote_, self.cleaner_ = over, cleaner
        setattr(self, self._cleaner_attribute, cleaner)  # imbalanced-learn's tomek_ / enn_
        self.n_removed_ = int(remove.sum())
        self.provenance_ = kept_provenance(result, features, target, over)
        return result


class SMOTETomek(_OverThenClean):
    """SMOTE, then remove the Tomek links among all rows (Batista et al., 2003).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Passed to the default SMOTE.
    random_state : int, Generator, RandomState or None, default=None
    smote : sampler, default=None
        The over-sampler (default ``SMOTE(sampling_strategy=sampling_strategy)``).
    tomek : TomekLinks, default=None
        The cleaner (default ``TomekLinks(sampling_strategy='all')``).
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows SMOTE added per class (before cleaning).
    n_removed_ : int
        Rows the cleaning removed (originals and synthetic).
    provenance_ : Recipe
        Where the synthetic rows that survived came from.

    Examples
    --------
    >>> from smotekit import SMOTETomek
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X_res, y_res = SMOTETomek(random_state=0).fit_resample(X, y)
    >>> len(y_res) < 1000
    True
    """

    why_all_rows = "its cleaning step looks for neighbours among all rows"
    _cleaner_attribute = "tomek_"

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        smote: Any = None,
        tomek: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _cleaner(self) -> BaseSampler:
        if self.tomek is not None:
            return clone(self.tomek)
        return TomekLinks(sampling_strategy="all", n_jobs=self.n_jobs)


class SMOTEENN(_OverThenClean):
    """SMOTE, then Wilson's Edited Nearest Neighbours over all rows (Batista et al., 2004).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
    random_state : int, Generator, RandomState or None, default=None
    smote : sampler, default=None
    enn : EditedNearestNeighbours, default=None
        The cleaner (default ``EditedNearestNeighbours(sampling_strategy='all')``).
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    n_removed_ : int
    provenance_ : Recipe

    Examples
    --------
    >>> from smotekit import SMOTEENN
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X_res, y_res = SMOTEENN(random_state=0).fit_resample(X, y)
    >>> len(y_res) < 1000
    True
    """

    why_all_rows = "its cleaning step looks for neighbours among all rows"
    _cleaner_attribute = "enn_"

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        smote: Any = None,
        enn: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.enn = enn
        self.n_jobs = n_jobs

    def _cleaner(self) -> BaseSampler:
        if self.enn is not None:
            return clone(self.enn)
        return EditedNearestNeighbours(sampling_strategy="all", n_jobs=self.n_jobs)


class SMOTEUnder(BaseOverSampler):
    """The paper's combination: SMOTE the minority by N%, under-sample the majority at U%.

    Chawla et al. (2002), section 5: "under-sampling at 200%" leaves the majority with half as
    many rows as the minority has; at 50%, twice as many. Here the minority is counted after
    SMOTE, so each other class keeps ``min(n, round(n_minority_after * 100 / U))`` rows, drawn
    at random without replacement (all of them when it has fewer, as at the paper's low U on
    small data). ``percentage=0`` is under-sampling alone, the paper's baseline.

    Parameters
    ----------
    percentage : float, default=100
        SMOTE N% of the minority class (0: none).
    under_percentage : float, default=100
        U%: the majority keeps ``n_minority_after * 100 / U`` rows.
    random_state : int, Generator, RandomState or None, default=None
    k_neighbors : int or estimator, default=5
    gap, allocation, integer_columns, n_jobs
        As in :class:`smotekit.SMOTE`.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class (the minority).
    kept_ : dict
        Rows each other class keeps.
    provenance_ : Recipe

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import SMOTEUnder
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X_res, y_res = SMOTEUnder(percentage=100, under_percentage=200,
    ...                           random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 268), (1, 536)]
    """

    why_all_rows = "it combines SMOTE with a neighbour-based step over all rows"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        **InterpolationSampler._parameters,
        "percentage": params.real(0, why=" (in percent)"),
        "under_percentage": params.Rule(
            lambda v: params.real(0).test(v) and v > 0, "a positive number (in percent)"
        ),
    }

    def __init__(
        self,
        *,
        percentage: float = 100,
        under_percentage: float = 100,
        random_state: Any = None,
        k_neighbors: Any = 5,
        gap: str = "segment",
        allocation: str = "even",
        integer_columns: str = "round",
        n_jobs: int | None = None,
    ) -> None:
        self.percentage = percentage
        self.under_percentage = under_percentage
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.gap = gap
        self.allocation = allocation
        self.integer_columns = integer_columns
        self.n_jobs = n_jobs

    def _smote(self) -> SMOTE:
        return SMOTE(
            sampling_strategy="minority",
            k_neighbors=self.k_neighbors,
            percentage=self.percentage if self.percentage else None,
            gap=self.gap,
            allocation=self.allocation,
            integer_columns=self.integer_columns,
            n_jobs=self.n_jobs,
        )

    def _validate_params(self) -> None:
        self._smote().check_params()

    def plan_counts(self, target: Target) -> dict[Any, int]:
        if not self.percentage:
            minority = min(target.counts, key=target.counts.__getitem__)
            if len(target.counts) < 2:
                return self._smote().plan_counts(target)  # raises the single-class error
            return {minority: 0}
        return self._smote().plan_counts(target)

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        counts = target.counts
        minority = next(iter(self.sampling_strategy_))
        no_smote = Outcome()
        outcome = run_inner(self._smote(), target, features, rng) if self.percentage else no_smote
        n_minority_after = counts[minority] + outcome.n_synthetic
        labels = target.labels
        keep = np.ones(features.n_rows, dtype=bool)
        self.kept_ = {}
        for cls, n in counts.items():
            if cls == minority:
                continue
            wanted = min(n, round(n_minority_after * 100.0 / self.under_percentage))
            rows = np.flatnonzero(labels == cls)
            keep[rows] = False
            keep[rows[rng.choice(n, wanted, replace=False)]] = True
            self.kept_[cls] = wanted
        result = restrict(
            outcome,
            np.concatenate([keep, np.ones(outcome.n_synthetic, dtype=bool)]),
            features.n_rows,
        )
        self.provenance_ = kept_provenance(result, features, target, self._smote())
        return result
