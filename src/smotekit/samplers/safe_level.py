"""Safe-Level-SMOTE (Bunkhumpornpat, Sinapiromsaran & Lursinsap, PAKDD 2009)."""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.door import Features, Target
from smotekit.plan.allocation import get_allocation
from smotekit.samplers._family import fill_doc, warn_fallback
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler


@fill_doc
class SafeLevelSMOTE(InterpolationSampler):
    """Safe-Level-SMOTE: new rows lean toward the safer of their two parents.

    A row's *safe level* is the number of its ``k_neighbors`` nearest rows (of any class)
    that belong to its own class. For a base row ``p`` and one of its ``k_neighbors``
    nearest same-class rows ``n``, with ratio ``r = sl(p) / sl(n)``, the gap from ``p``
    toward ``n`` is drawn in ``[0, 1]`` when ``r = 1``, in ``[0, 1 / r]`` when ``p`` is
    safer (``r > 1``), in ``[1 - r, 1]`` when ``n`` is safer (``r < 1``), and is 0 (a copy
    of ``p``) when ``sl(n) = 0``. A pair with both levels 0 makes nothing (the paper's first
    case): a row of safe level 0 makes rows only with neighbours of positive level (copies
    of them, gap 1), and a row whose pairs all have level 0 is never a base row. The paper
    makes one row per base row and round, so a class can end short; here the requested
    count is delivered, spread evenly over the rows that can make one. The gap is drawn
    per attribute by default, as in the paper's pseudocode (``gap='segment'``: one per
    row). If no row of a class can make one, the class is over-sampled as plain SMOTE and
    a :class:`~smotekit.SmotekitWarning` says so. As in the paper (and SMOTE), ``n`` is a
    row of the same class; smote-variants 1.0.1 draws ``n`` among neighbours of any class
    and so also places rows toward other classes' rows.

    Parameters
    ----------
    <<sampling_strategy>>
    <<k_neighbors>>
    <<metric>>
    <<n_jobs>>
    <<options>>

    The default ``gap`` here is ``'box'`` (the paper's per-attribute draw).

    Attributes
    ----------
    safe_levels_ : dict
        Per over-sampled class: the safe level of each of its rows, in input order.
    <<attributes>>

    References
    ----------
    C. Bunkhumpornpat, K. Sinapiromsaran and C. Lursinsap, "Safe-Level-SMOTE: Safe-Level-
    Synthetic Minority Over-Sampling TEchnique for handling the class imbalanced problem",
    PAKDD 2009, LNCS 5476, 475-482.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import SafeLevelSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = SafeLevelSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> bool(((sampler.provenance_.gaps() >= 0) & (sampler.provenance_.gaps() <= 1)).all())
    True
    """

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        metric: str = "euclidean",
        n_jobs: int | None = None,
        allocation: str = "even",
        gap: str = "box",
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

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        self.safe_levels_: dict[Any, np.ndarray] = {}
        return self.safe_levels_  # filled per class, as ctx.state

    def _levels(self, ctx: ClassContext) -> np.ndarray:
        if ctx.label not in ctx.state:
            near = ctx.neighbors_among_all(ctx.k)
            ctx.state[ctx.label] = ctx.is_same_class(near).sum(axis=1)
        return ctx.state[ctx.label]

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        level = self._levels(ctx)
        pool = np.flatnonzero((level > 0) | (level[ctx.neighbors] > 0).any(axis=1))
        if not pool.size:
            warn_fallback(self, ctx, n_new, f"every row and neighbour has safe level 0 (k={ctx.k})")
            pool = np.arange(ctx.n_rows)
        return pool[get_allocation(self.allocation)(pool.size, n_new, rng)]

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, Any, Any]:
        level = self._levels(ctx)
        if not level.any():  # the fallback: plain SMOTE
            return super().place(ctx, base, rng)
        # a neighbour that can make a row with its base: any, unless the base has level 0
        usable = (level[ctx.neighbors[base]] > 0) | (level[base] > 0)[:, None]
        pick = (rng.random(base.shape[0]) * usable.sum(axis=1)).astype(np.intp)
        column = np.argmax(np.cumsum(usable, axis=1) > pick[:, None], axis=1)
        local = ctx.neighbors[base, column]
        sl_p, sl_n = level[base].astype(np.float64), level[local].astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):  # where() picks the defined
            r = sl_p / sl_n
            scale = np.where(sl_n == 0, 0.0, np.where(r > 1, 1 / r, np.where(r < 1, r, 1.0)))
            offset = np.where((sl_n > 0) & (r < 1), 1 - r, 0.0)
        return ctx.rows[local], scale, offset
