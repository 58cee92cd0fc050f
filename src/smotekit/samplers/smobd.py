"""SMOBD (Cao & Wang, ICIII 2011): synthetic rows in proportion to an OPTICS density, no noise."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors import kneighbors_within, pair_distances
from smotekit.plan.allocation import allocate_weighted
from smotekit.samplers._family import fill_doc, warn_fallback
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler

#: A row's ``max_eps``-neighbourhood is counted among its ``COUNT_SPAN * min_samples`` nearest.
COUNT_SPAN = 10


def _mean_defined(values: np.ndarray) -> float:
    """Mean of the defined (finite) values; 0 when none is, so every value exceeds it."""
    return float(np.mean(values[np.isfinite(values)])) if np.isfinite(values).any() else 0.0


@fill_doc
class SMOBD(InterpolationSampler):
    """SMOBD: each row's share of the new rows follows its OPTICS density; noise gets none.

    Within a class to over-sample, with ``m = min_samples`` and ``eps = max_eps`` as in
    OPTICS (a row counts itself among its ``m``): the *core distance* ``cd(p)`` is the
    distance from row ``p`` to its ``(m - 1)``-th nearest other row of the class, undefined
    (infinite) if that is beyond ``eps``; the *reachability* ``rd(p)`` is the smallest
    ``max(cd(o), d(o, p))`` over the other rows ``o`` of the class with ``d(o, p) <= eps``
    (undefined if no core row reaches ``p``); ``N(p)`` counts the rows within ``eps`` of
    ``p``, itself included. A row is *noise* when both ``cd(p) > t * mean(cd)`` and ``rd(p) >
    t * mean(rd)``, the means taken over the defined values and an undefined value counting
    as above any (so a row that is not a core row and that no core row reaches is noise,
    whatever ``t``). Every other row weighs ``w(p) = eta1 * cd(p) / max(cd) + (1 - eta1) *
    N(p) / max(N)``, an undefined ``cd`` counting as 1.1 times the largest defined one; noise
    weighs 0. Row ``p`` is the base of ``floor`` or ``ceil`` of ``n_new * w(p) / sum(w)``
    new rows (the total exact), each between ``p`` and one of its ``k_neighbors`` nearest
    same-class rows (noise rows included), as in SMOTE. If every row of a class is noise (as
    when no row has ``m`` rows within ``eps``: mind the scale of the data) or weighs 0, the
    class is over-sampled as plain SMOTE and a :class:`~smotekit.SmotekitWarning` says so.

    Beside smote-variants 1.0.1: its noise filter averages OPTICS's infinite (undefined)
    distances, so its means are infinite and no row is ever noise; here the paper's filter
    works as written. Its reachability is the one OPTICS assigns in its visiting order (the
    first row visited has none); here it is the order-free smallest one, never larger, and
    equal when OPTICS reaches the row from the row that minimises it. ``N(p)`` stops at
    ``10 * min_samples + 1`` (the neighbour search is bounded; smote-variants counts every
    row within ``eps``). It draws base rows at random (``allocation='random'`` here), the
    gap per attribute (``gap='box'``), its neighbours among the ``min_samples`` nearest, and
    returns the data unchanged when no row is a core row.

    Ranked among the top over-samplers of 85 by Kovacs (Applied Soft Computing 83, 2019).

    Parameters
    ----------
    <<sampling_strategy>>
    <<k_neighbors>>
    <<n_jobs>>
    eta1 : float, default=0.5
        Weight of the core-distance factor against the neighbour-count factor, in [0, 1]
        (the paper's eta1; the count weighs ``1 - eta1``).
    t : float, default=1.8
        Noise threshold: a row is noise when its core distance and its reachability both
        exceed ``t`` times their class means, undefined ones always do (the paper's t).
    min_samples : int, default=5
        OPTICS's MinPts, the row itself included (at least 2; a class with fewer rows uses
        all of them).
    max_eps : float, default=np.inf
        OPTICS's eps: the radius of a row's neighbourhood, in the units of ``X``; no bound
        by default, as scikit-learn's OPTICS (smote-variants' 1.0 needs scaled data: on
        raw Pima no row has ``min_samples`` rows within 1, and nothing is over-sampled).
    <<options>>

    Attributes
    ----------
    density_weights_ : dict
        Per over-sampled class: the weight ``w`` of each of its rows, in input order (0 for
        noise; all 1 after a fallback to plain SMOTE).
    <<attributes>>

    References
    ----------
    Q. Cao and S. Wang, "Applying Over-sampling Technique Based on Data Density and
    Cost-sensitive SVM to Imbalanced Learning", 2011 International Conference on Information
    Management, Innovation Management and Industrial Engineering (ICIII), vol. 2, 543-548,
    doi:10.1109/ICIII.2011.276.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.preprocessing import StandardScaler
    >>> from smotekit import SMOBD
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)  # max_eps is a distance in the units of X
    >>> sampler = SMOBD(max_eps=2.0, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> int((sampler.density_weights_[1] == 0).sum())  # minority rows found noise
    31
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "eta1": params.real(0.0, 1.0),
        "t": params.real(low=0.0),
        "min_samples": params.integer(2, " (OPTICS's MinPts, the row itself included)"),
        "max_eps": params.Rule(
            lambda v: params._is_real(v) and v > 0,
            "a number > 0 (a distance; np.inf for no bound)",
        ),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        n_jobs: int | None = None,
        eta1: float = 0.5,
        t: float = 1.8,
        min_samples: int = 5,
        max_eps: float = np.inf,
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
        self.eta1 = eta1
        self.t = t
        self.min_samples = min_samples
        self.max_eps = max_eps

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        self.density_weights_: dict[Any, np.ndarray] = {}
        return self.density_weights_  # filled per class, as ctx.state

    def _weights(self, ctx: ClassContext) -> np.ndarray:
        n, eps = ctx.n_rows, self.max_eps
        # OPTICS from a bounded k-NN table, never all pairs: cd(p) is a k-NN distance (exact);
        # rd(p) is taken over p's K nearest rows, the minimum over all rows whenever it is at
        # most d_K(p) (a row o farther away has d(o, p) >= d_K(p)); N(p) is exact up to K + 1
        # and stops there (a radius count has no bound)
        span = min(n - 1, COUNT_SPAN * self.min_samples)
        near = kneighbors_within(ctx.X, span, n_jobs=ctx.n_jobs)
        dist = pair_distances(ctx.X, ctx.X, near, n_jobs=ctx.n_jobs)
        core = dist[:, min(self.min_samples, n) - 2]
        core = np.where(core <= eps, core, np.inf)
        reach = np.maximum(core[near], np.where(dist <= eps, dist, np.inf)).min(axis=1)
        noise = (core > self.t * _mean_defined(core)) & (reach > self.t * _mean_defined(reach))
        filled = np.where(np.isfinite(core), core, 1.1 * core[np.isfinite(core)].max(initial=0.0))
        count = 1.0 + (dist <= eps).sum(axis=1)
        weight = self.eta1 * filled / max(filled.max(), np.finfo(float).tiny)
        weight = weight + (1.0 - self.eta1) * count / count.max()
        return np.where(noise, 0.0, weight)

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        weight = self._weights(ctx)
        if not weight.any():
            m, eps, t = self.min_samples, self.max_eps, self.t
            why = f"every row is noise or weighs 0 (min_samples={m}, max_eps={eps:g}, t={t:g})"
            warn_fallback(self, ctx, n_new, why)
            weight = np.ones(ctx.n_rows)
        ctx.state[ctx.label] = weight
        return allocate_weighted(weight, n_new, rng, random=self.allocation == "random")
