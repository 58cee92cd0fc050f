"""The SMOTE family's shared body: neighbours within a class, then points between rows.

A variant of SMOTE differs from SMOTE only in *which* base rows get how many synthetic
samples (override :meth:`InterpolationSampler._base_rows`) and *how* a point is placed
(override :meth:`InterpolationSampler._neighbor_choice` or the gap mode). The loop over
classes, the neighbour engine, the random stream and the rendering are written once, here.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.door import Features, Target
from smotekit.errors import ClassTooSmallError, InvalidParameterError
from smotekit.neighbors import kneighbors_within, resolve_k
from smotekit.plan.allocation import get_allocation, percentage_targets
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.base import BaseOverSampler, Outcome, check_choice
from smotekit.synthesis import Recipe, render_dense, render_sparse

GAP_MODES = ("segment", "box")
INTEGER_MODES = ("round", "float")


class InterpolationSampler(BaseOverSampler):
    """Base of samplers that place synthetic rows between a row and a same-class neighbour."""

    def _validate_params(self) -> None:
        resolve_k(self.k_neighbors)
        get_allocation(self.allocation)
        check_choice("gap", self.gap, GAP_MODES)
        check_choice("integer_columns", self.integer_columns, INTEGER_MODES)
        if self.n_jobs is not None and (
            isinstance(self.n_jobs, bool)
            or not isinstance(self.n_jobs, int | np.integer)
            or self.n_jobs == 0
            or self.n_jobs < -1
        ):
            raise InvalidParameterError(
                f"n_jobs={self.n_jobs!r} must be None (all cores), -1 (all cores) or a "
                "positive int."
            )

    def _plan_counts(self, target: Target) -> dict[Any, int]:
        percentage = getattr(self, "percentage", None)
        if percentage is None:
            return super()._plan_counts(target)
        if not isinstance(self.sampling_strategy, str):
            raise InvalidParameterError(
                "percentage and a numeric/dict/callable sampling_strategy both say how many "
                "samples to make; give only one. With percentage, sampling_strategy may only "
                "name the classes to over-sample ('auto', 'minority', 'not majority', ...)."
            )
        # the string picks the targeted classes; the percentage sets their amounts
        classes = list(
            resolve_sampling_strategy(
                self.sampling_strategy, target.labels, self._direction, target.counts
            )
        )
        return percentage_targets(target.counts, classes, percentage)

    # ---- seams for variants ---------------------------------------------------------
    def _base_rows(
        self, X_class: Any, n_new: int, neighbors: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """Local indices of the base row of each synthetic sample of one class."""
        return get_allocation(self.allocation)(X_class.shape[0], n_new, rng)

    def _neighbor_choice(
        self, base: np.ndarray, neighbors: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """Local index of the neighbour each synthetic sample moves towards.

        The paper: one of the base row's k nearest neighbours, uniformly at random.
        """
        k = neighbors.shape[1]
        return neighbors[base, rng.integers(0, k, size=base.shape[0])]

    # ---- the body ---------------------------------------------------------------------
    def _resample(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        k, estimator = resolve_k(self.k_neighbors)
        labels = target.labels
        counts = target.counts
        plan = {c: n for c, n in self.sampling_strategy_.items() if n > 0}
        self._check_class_sizes(plan, counts, k)
        X = features.numeric
        box_seed = int(rng.integers(0, 2**63 - 1)) if self.gap == "box" else None
        parts = []
        for cls, n_new in plan.items():
            rows = np.flatnonzero(labels == cls)
            X_class = X[rows]
            neighbors = kneighbors_within(X_class, k, estimator=estimator, n_jobs=self.n_jobs)
            base = self._base_rows(X_class, n_new, neighbors, rng)
            neighbor = self._neighbor_choice(base, neighbors, rng)
            gap = rng.random(base.shape[0]) if box_seed is None else None
            parts.append(
                Recipe(
                    labels=np.full(base.shape[0], cls, dtype=labels.dtype),
                    base=rows[base],
                    neighbor=rows[neighbor],
                    gap=gap,
                )
            )
        recipe = Recipe.concat(parts, features.n_features, box_seed)
        recipe.first_row = features.n_rows
        self.provenance_ = recipe
        if sp.issparse(X):
            build = partial(
                render_sparse,
                X,
                recipe,
                round_values=bool(features.integer_columns.any())
                and self.integer_columns == "round",
            )
            return Outcome(synthetic_labels=recipe.labels, build_sparse=build)
        round_columns = None
        if self.integer_columns == "round" and features.integer_columns.any():
            round_columns = features.integer_columns
        fill = partial(
            _fill, X=X, recipe=recipe, round_columns=round_columns, n_jobs=self.n_jobs
        )
        return Outcome(synthetic_labels=recipe.labels, fill=fill)

    def _check_class_sizes(self, plan: dict, counts: dict, k: int) -> None:
        for cls in plan:
            n = counts[cls]
            if n <= k:
                hint = (
                    f"set k_neighbors={n - 1} (or lower)"
                    if n >= 2
                    else "it has no neighbour to interpolate with"
                )
                raise ClassTooSmallError(
                    f"Class {cls!r} has {n} row(s), but {type(self).__name__} needs at least "
                    f"k_neighbors + 1 = {k + 1} rows in every class it over-samples (each row "
                    f"picks among its {k} nearest same-class neighbours). To resample it: {hint}"
                    ", use RandomOverSampler for this class, or leave it out with a dict "
                    "sampling_strategy; collecting more examples of this class is best."
                )


def _fill(out: np.ndarray, *, X: np.ndarray, recipe: Recipe, round_columns, n_jobs) -> None:
    render_dense(out, X, recipe, round_columns=round_columns, n_jobs=n_jobs)
