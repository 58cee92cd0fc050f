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
    of ``p``) when ``sl(n) = 0``. Rows with ``sl(p) = 0`` (noise) make no new row, as in
    the paper. The paper makes one row per base row and round, so a class can end short;
    here the requested count is delivered, spread evenly over the rows with ``sl(p) > 0``.
    If no row of a class has one, the class is over-sampled as plain SMOTE and a
    :class:`~smotekit.SmotekitWarning` says so.

    Parameters
    ----------
    <<sampling_strategy>>
    <<k_neighbors>>
    <<n_jobs>>
    <<options>>

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

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        self.safe_levels_: dict[Any, np.ndarray] = {}
        return self.safe_levels_  # filled per class, as ctx.state

    def _levels(self, ctx: ClassContext) -> np.ndarray:
        if ctx.label not in ctx.state:
            near = ctx.neighbors_among_all(ctx.k)
            ctx.state[ctx.label] = ctx.is_same_class(near).sum(axis=1)
        return ctx.state[ctx.label]

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        pool = np.flatnonzero(self._levels(ctx) > 0)
        if not pool.size:
            warn_fallback(self, ctx, n_new, f"every row has safe level 0 (k={ctx.k})")
            pool = np.arange(ctx.n_rows)
        return pool[get_allocation(self.allocation)(pool.size, n_new, rng)]

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, Any, Any]:
        neighbor, _ = super().place(ctx, base, rng)
        levels = self._levels(ctx).astype(np.float64)
        if not levels.any():  # the fallback: plain SMOTE
            return neighbor, None, None
        sl_p, sl_n = levels[base], levels[np.searchsorted(ctx.rows, neighbor)]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = sl_p / sl_n
        scale = np.where(sl_n == 0, 0.0, np.where(r > 1, 1 / r, np.where(r < 1, r, 1.0)))
        offset = np.where((sl_n > 0) & (r < 1), 1 - r, 0.0)
        return neighbor, scale, offset
