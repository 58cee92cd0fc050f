"""ADASYN (He, Bai, Garcia & Li, IJCNN 2008): more synthetic rows where a class is harder."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.neighbors.engine import SAME_CLASS_K
from smotekit.plan.allocation import allocate_weighted
from smotekit.samplers._family import fill_doc, other_class_counts, warn_fallback
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler
from smotekit.samplers.outcome import Outcome


@fill_doc
class ADASYN(InterpolationSampler):
    """Adaptive Synthetic sampling: each row's share follows how many rivals surround it.

    For each row ``i`` of a class to over-sample, ``r_i`` is the share of other-class rows
    among its ``n_neighbors`` nearest rows of any class (itself excluded). Row ``i`` then
    gets ``n_new * r_i / sum(r)`` synthetic rows, and each new row lies between row ``i`` and
    one of its ``n_neighbors`` nearest same-class rows, gap uniform in [0, 1].

    The paper rounds each row's share on its own, and so does imbalanced-learn, which
    therefore misses the requested total (by up to half the class size). Here the total is
    exact: every row gets ``floor`` or ``ceil`` of its share, the leftover samples going to
    distinct rows drawn with probability proportional to the fractional parts (see
    :func:`smotekit.plan.allocation.allocate_weighted`).

    Fallback: when no row of a class has another class among its neighbours, every ``r_i``
    is 0 and the paper's weights are undefined (imbalanced-learn raises). Here all rows then
    weigh the same (plain SMOTE), so the requested count is always delivered; ``weights_``
    shows it. A :class:`~smotekit.SmotekitWarning` says so, with the numbers.

    Parameters
    ----------
    <<sampling_strategy>>
    n_neighbors : int or estimator, default=5
        The paper's K: neighbours of any class that weigh each row, and same-class neighbours
        each new row is placed towards; or an object with ``fit`` and ``kneighbors`` built
        with ``n_neighbors = K + 1``. (imbalanced-learn's name; ADASYN has no
        ``k_neighbors``.)
    <<metric>>
    <<n_jobs>>
    allocation : {'even', 'random'}, default='even'
        ``'even'``: each row gets ``floor`` or ``ceil`` of its share, exactly ``n_new`` in
        total. ``'random'``: the base rows are drawn with replacement with probability
        ``r_i / sum(r)`` (proportional on average only).
    gap : {'segment', 'box'}, default='segment'
        ``'segment'``: one uniform number per synthetic row, a point on the segment between
        the two rows; ``'box'``: one number per attribute.
    integer_columns : {'round', 'float'}, default='round'
        Integer (and bool) columns: ``'round'`` rounds synthetic values to the nearest
        integer and keeps the dtype; ``'float'`` returns them as float64.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (``True``; the
        input's rows ``False``), as R themis's ``indicator_column``: a boolean column in a
        data frame or table, 0/1 in an array's dtype. In memory only (not streamed).

    Attributes
    ----------
    weights_ : dict
        For each over-sampled class, the normalised weights ``r_i / sum(r)`` of its rows
        (in input order), which sum to 1; all equal after the fallback.
    <<attributes>>

    References
    ----------
    H. He, Y. Bai, E. A. Garcia and S. Li, "ADASYN: Adaptive Synthetic Sampling Approach
    for Imbalanced Learning", IJCNN 2008, pp. 1322-1328.

    Examples
    --------
    >>> from collections import Counter
    >>> import numpy as np
    >>> from smotekit import ADASYN
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = ADASYN(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())   # exactly balanced
    [(0, 500), (1, 500)]
    >>> share = sampler.weights_[1] * 232   # each row's expected number of new rows
    >>> used = np.bincount(sampler.provenance_.base, minlength=len(y))[y == 1]
    >>> bool(np.all(np.abs(used - share) < 1))
    True
    """

    why_all_rows = "it weighs each minority row by its nearest rows among all classes"

    _k_name = "n_neighbors"
    _k_attribute = "nn_"
    _parameters: ClassVar[dict[str, params.Rule]] = {"n_neighbors": params.neighbors(SAME_CLASS_K)}

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        n_neighbors: Any = 5,
        metric: str = "euclidean",
        n_jobs: int | None = None,
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.metric = metric
        self.n_jobs = n_jobs
        self.allocation = allocation
        self.gap = gap
        self.integer_columns = integer_columns
        self.indicator = indicator

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        self.weights_ = {}
        return super().decide(features, target, rng)

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        n_other, k = other_class_counts(ctx, np.arange(ctx.n_rows), ctx.k, ctx.estimator)
        if not n_other.any():
            warn_fallback(
                self,
                ctx,
                n_new,
                f"no row has another class among its {k} nearest rows, so "
                "ADASYN's density weights are all zero",
            )
        r = n_other / k if n_other.any() else np.ones(ctx.n_rows)
        self.weights_[ctx.label] = r / r.sum()
        return allocate_weighted(r, n_new, rng, random=self.allocation == "random")
