"""Borderline-SMOTE (Han, Wang & Mao, ICIC 2005): SMOTE of the rows on the class border."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors import resolve_k
from smotekit.plan.allocation import get_allocation
from smotekit.samplers._family import (
    BORDER_M,
    among_all,
    border_masks,
    fill_doc,
    other_class_counts,
    warn_fallback,
)
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler, _search_object
from smotekit.samplers.outcome import Outcome

KINDS = ("borderline-1", "borderline-2")


@fill_doc
class BorderlineSMOTE(InterpolationSampler):
    """Borderline-SMOTE: over-sample only the rows in danger on the border of their class.

    A row of a class to over-sample is *in danger* when at least half, but not all, of its
    ``m_neighbors`` nearest rows (of any class) belong to other classes (all of them: noise;
    fewer than half: safe). Only rows in danger are base rows, each used the same number of
    times (within one). ``kind='borderline-1'`` places each new row between its base row and
    one of the base row's ``k_neighbors`` nearest rows of the same class, gap in [0, 1].
    ``kind='borderline-2'`` picks the neighbour among the base row's ``k_neighbors`` nearest
    rows of *any* class: towards a same-class row the gap is in [0, 1], towards a row of
    another class in [0, 0.5], so the new row stays on its own class's side (the paper's
    "random number between 0 and 0.5"). imbalanced-learn's ``borderline-2`` instead splits the
    samples between same-class and any-class neighbours in a Beta(10, 10) ratio and uses the
    half gap for same-class neighbours too.

    Fallback: when no row of a class is in danger (well separated classes), Borderline-SMOTE
    has nothing to over-sample; rather than return fewer rows than ``sampling_strategy``
    asks (imbalanced-learn silently does), the class is over-sampled from all its rows, as
    plain SMOTE, and ``in_danger_`` holds no row for it. The requested count is always
    delivered. A :class:`~smotekit.SmotekitWarning` says so, with the numbers.

    Parameters
    ----------
    <<sampling_strategy>>
    <<k_neighbors>>
    <<metric>>
    <<n_jobs>>
    m_neighbors : int or estimator, default=10
        Rows of any class looked at to decide whether a row is in danger, or an object with
        ``fit`` and ``kneighbors`` built with ``n_neighbors = m + 1``.
    kind : {'borderline-1', 'borderline-2'}, default='borderline-1'
        Same-class neighbours only, or neighbours of any class with the half gap towards
        other classes.
    <<options>>

    Attributes
    ----------
    in_danger_ : dict
        For each over-sampled class, the input positions (sorted) of its rows in danger,
        which are the base rows of its synthetic rows (empty: fallback to all rows).
    <<attributes>>

    References
    ----------
    H. Han, W.-Y. Wang and B.-H. Mao, "Borderline-SMOTE: A New Over-Sampling Method in
    Imbalanced Data Sets Learning", ICIC 2005, LNCS 3644, pp. 878-887.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import BorderlineSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = BorderlineSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> len(sampler.in_danger_[1])   # the base rows: minority rows on the border
    130
    """

    why_all_rows = "it finds each minority row's m nearest rows among all classes"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "m_neighbors": params.neighbors(BORDER_M),
        "kind": params.choice(*KINDS),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        metric: str = "euclidean",
        n_jobs: int | None = None,
        m_neighbors: Any = 10,
        kind: str = "borderline-1",
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.metric = metric
        self.n_jobs = n_jobs
        self.m_neighbors = m_neighbors
        self.kind = kind
        self.allocation = allocation
        self.gap = gap
        self.integer_columns = integer_columns
        self.indicator = indicator

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        self.in_danger_ = {}
        self.in_danger_indices = self.in_danger_  # imbalanced-learn's name
        m, estimator = resolve_k(self.m_neighbors, "m_neighbors", BORDER_M)
        self.nn_m_ = _search_object(m, estimator)
        return super().decide(features, target, rng)

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        m, estimator = resolve_k(self.m_neighbors, "m_neighbors", BORDER_M)
        n_other, m = other_class_counts(ctx, np.arange(ctx.n_rows), m, estimator)
        danger = np.flatnonzero(border_masks(n_other, m)[1])
        self.in_danger_[ctx.label] = ctx.rows[danger]
        if not danger.size:
            warn_fallback(
                self,
                ctx,
                n_new,
                f"no row is in danger (0 rows with between {m / 2:g} and "
                f"{m - 1} other-class rows among their {m} nearest)",
            )
        pool = danger if danger.size else np.arange(ctx.n_rows)
        return pool[get_allocation(self.allocation)(pool.size, n_new, rng)]

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray | None]:
        if self.kind == "borderline-1":
            return super().place(ctx, base, rng)
        rows, inverse = np.unique(base, return_inverse=True)
        near = among_all(ctx, rows, ctx.k, ctx.estimator)[inverse]
        neighbor = near[np.arange(base.size), rng.integers(0, near.shape[1], size=base.size)]
        return neighbor, np.where(ctx.is_same_class(neighbor), 1.0, 0.5)
