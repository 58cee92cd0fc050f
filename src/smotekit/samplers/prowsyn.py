"""ProWSyn (Barua, Islam & Murase, PAKDD 2013): proximity-weighted synthetic over-sampling."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors import kneighbors_query
from smotekit.plan.allocation import allocate_weighted
from smotekit.samplers._family import fill_doc
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler


@fill_doc
class ProWSyn(InterpolationSampler):
    """ProWSyn: more new rows near the other classes, made within proximity levels.

    The rows of a class are split into ``levels`` proximity levels: level 1 is the
    ``k_neighbors`` nearest rows of the class to each row of the other classes, level 2 the
    same among the rows left, and so on; the rows left after ``levels - 1`` rounds form the
    last level. Level ``i`` receives a share ``exp(-theta * (i - 1))`` of the new rows
    (normalised), spread evenly over its rows; each new row lies between its base row and a
    random other row of the same level (not a nearest neighbour). The counts are exact
    (shares rounded within one row, the total as requested).

    Ranked first of 85 over-samplers with polynom-fit-SMOTE by Kovacs (Applied Soft
    Computing 83, 2019).

    Parameters
    ----------
    <<sampling_strategy>>
    k_neighbors : int, default=5
        Rows of the class taken into a level per row of the other classes (the paper's K).
    <<metric>>
    <<n_jobs>>
    levels : int, default=5
        Proximity levels (the paper's L).
    theta : float, default=1.0
        How fast the share falls with the level (the paper's theta).
    <<options>>

    Attributes
    ----------
    proximity_levels_ : dict
        Per over-sampled class: the level (1 = nearest the other classes) of each of its
        rows, in input order.
    <<attributes>>

    References
    ----------
    S. Barua, M. M. Islam and K. Murase, "ProWSyn: Proximity weighted synthetic oversampling
    technique for imbalanced data set learning", PAKDD 2013, LNCS 7819, 317-328.

    Examples
    --------
    >>> from collections import Counter
    >>> import numpy as np
    >>> from smotekit import ProWSyn
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = ProWSyn(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> np.bincount(sampler.proximity_levels_[1]).tolist()  # rows per level, 0 to 3
    [0, 234, 33, 1]
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "levels": params.integer(1),
        "theta": params.real(low=0.0),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: int = 5,
        metric: str = "euclidean",
        n_jobs: int | None = None,
        levels: int = 5,
        theta: float = 1.0,
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
            allocation=allocation,
            gap=gap,
            integer_columns=integer_columns,
            indicator=indicator,
        )
        self.metric = metric
        self.levels = levels
        self.theta = theta

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        self.proximity_levels_: dict[Any, np.ndarray] = {}
        return self.proximity_levels_  # filled per class, as ctx.state

    def _levels(self, ctx: ClassContext) -> np.ndarray:
        if ctx.label not in ctx.state:
            others = ctx.features.numeric[np.flatnonzero(~ctx.is_same_class(slice(None)))]
            level = np.full(ctx.n_rows, self.levels, dtype=np.intp)
            left = np.arange(ctx.n_rows)
            for i in range(1, self.levels):
                if left.size == 0 or others.shape[0] == 0:
                    break
                k = min(ctx.k, left.size)
                if ctx.metric is not None:
                    near = ctx.metric.nearest(ctx.X[left], k, others, n_jobs=ctx.n_jobs)
                else:
                    near = kneighbors_query(ctx.X[left], k, points=others, n_jobs=ctx.n_jobs)
                taken = np.unique(left[near])
                level[taken] = i
                left = np.setdiff1d(left, taken)
            ctx.state[ctx.label] = level
        return ctx.state[ctx.label]

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        level = self._levels(ctx)
        share = np.exp(-self.theta * (level - 1.0))
        return allocate_weighted(share / np.bincount(level)[level], n_new, rng)

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, None]:
        level = self._levels(ctx)
        order = np.argsort(level, kind="stable")  # the rows of each level, contiguous
        start = np.searchsorted(level[order], level[base], side="left")
        size = np.bincount(level)[level[base]]
        # a random other row of the base row's level (itself only when it is alone)
        pick = rng.integers(0, np.maximum(size - 1, 1))
        mate = order[start + pick]
        mate = np.where((mate == base) & (size > 1), order[start + size - 1], mate)
        return ctx.rows[mate], None
