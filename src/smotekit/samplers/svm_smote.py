"""SVM-SMOTE (Nguyen, Cooper & Kamei, 2011): SMOTE from the support vectors of an SVM."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit._parallel import resolve_threads
from smotekit.door import Features, Target
from smotekit.door.checks import SQUARES_LIMIT, check_magnitude
from smotekit.errors import InvalidParameterError
from smotekit.neighbors import resolve_k
from smotekit.plan.allocation import get_allocation
from smotekit.samplers._family import (
    BORDER_M,
    border_masks,
    fill_doc,
    other_class_counts,
    warn_fallback,
)
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler, _search_object
from smotekit.samplers.svm_training import fit_default_svm


@fill_doc
class NotAnSVMError(InvalidParameterError, RuntimeError):
    """``svm_estimator`` is not a support vector machine (a ``RuntimeError`` too, as the
    error imbalanced-learn raises in that case)."""


class SVMSMOTE(InterpolationSampler):
    """SVM-SMOTE: grow each class from its support vectors, the SVM's view of its border.

    An SVM is trained on all the data; the support vectors of a class to over-sample are its
    base rows. Each is judged by its ``m_neighbors`` nearest rows of any class: if all are of
    other classes it is noise and dropped; if at least half are, it is *in danger* and new
    rows are interpolated between it and one of its ``k_neighbors`` nearest same-class rows
    (gap in [0, 1]); otherwise it is *safe* and new rows are extrapolated away from that
    neighbour, into the other classes' side, up to ``out_step`` times their distance
    (``x + g * (x - neighbour)``, g in [0, out_step]; recorded as a gap in ``[-out_step,
    0]``). The kept support vectors share the new rows evenly (within one); imbalanced-learn
    instead splits them between danger and safe vectors in a Beta(10, 10) ratio.

    Fallback: when a class has no support vector left (none, or all noise), the class is
    over-sampled from all its rows as plain SMOTE, and ``support_vectors_`` holds no row for
    it. The requested count is always delivered. A
    :class:`~smotekit.SmotekitWarning` says so, with the numbers.

    Parameters
    ----------
    <<sampling_strategy>>
    <<k_neighbors>>
    <<metric>>
    <<n_jobs>>
    m_neighbors : int or estimator, default=10
        Rows of any class that tell noise, danger and safe support vectors apart, or an
        object with ``fit`` and ``kneighbors`` built with ``n_neighbors = m + 1``.
    svm_estimator : estimator, default=None
        A classifier exposing ``support_`` after ``fit`` (cloned before fitting); ``None``:
        ``sklearn.svm.SVC(gamma='scale')`` (with a 40 MB kernel cache), which on two classes
        and 30,000 rows or more is trained by parts: the same optimum to libsvm's tolerance,
        several times faster (see :mod:`smotekit.samplers.svm_training`).
    out_step : float, default=0.5
        How far a safe support vector extrapolates, as a fraction of the distance to its
        neighbour (between 0 and 1).
    <<options>>

    Attributes
    ----------
    svm_estimator_ : estimator
        The fitted SVM.
    support_vectors_ : dict
        For each over-sampled class, the input positions (sorted) of its kept support
        vectors: the base rows (empty: fallback to all rows).
    in_danger_ : dict
        For each over-sampled class, the kept support vectors that interpolate; the others
        extrapolate.
    <<attributes>>

    References
    ----------
    H. M. Nguyen, E. W. Cooper and K. Kamei, "Borderline over-sampling for imbalanced data
    classification", Int. J. Knowledge Engineering and Soft Data Paradigms 3(1), 2011,
    pp. 4-21.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import SVMSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = SVMSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> set(sampler.provenance_.base) <= set(sampler.support_vectors_[1])
    True
    """

    why_all_rows = "it trains an SVM on all rows"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "m_neighbors": params.neighbors(BORDER_M),
        "out_step": params.real(
            0,
            1,
            why=": how far a safe support vector extrapolates, as a fraction of the "
            "distance to its neighbour",
        ),
        "svm_estimator": params.estimator(
            "fit", example="sklearn.svm.SVC(); it must have support_ once fitted"
        ),
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
        svm_estimator: Any = None,
        out_step: float = 0.5,
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
        self.svm_estimator = svm_estimator
        self.out_step = out_step
        self.allocation = allocation
        self.gap = gap
        self.integer_columns = integer_columns
        self.indicator = indicator

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        """Fit the SVM on all rows; the state is a mask of its support vectors."""
        X = features.numeric
        if self.svm_estimator is None:
            threads = resolve_threads(self.n_jobs)
            svm = fit_default_svm(_power_of_two_scaled(X), target.labels, threads)
        else:
            svm = clone(self.svm_estimator)
            check_magnitude(X, SQUARES_LIMIT, f"SVMSMOTE's {type(svm).__name__}")
            svm.fit(X, target.labels)
        support = getattr(svm, "support_", None)
        if support is None:
            raise NotAnSVMError(
                f"svm_estimator {type(svm).__name__} has no support_ after fit: SVMSMOTE needs "
                "the support vectors' row indices, so `svm_estimator` is required to exposed a "
                "`support_` fitted attribute (use sklearn.svm.SVC or NuSVC)."
            )
        self.svm_estimator_ = svm
        self.support_vectors_, self.in_danger_ = {}, {}
        self.in_danger_indices = self.in_danger_  # imbalanced-learn's name
        m, estimator = resolve_k(self.m_neighbors, "m_neighbors", BORDER_M)
        self.nn_m_ = _search_object(m, estimator)
        is_support = np.zeros(features.n_rows, dtype=bool)
        is_support[np.asarray(support)] = True
        return is_support

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        sv = np.flatnonzero(ctx.state[ctx.rows])
        kept = danger = sv[:0]
        if sv.size:
            m, estimator = resolve_k(self.m_neighbors, "m_neighbors", BORDER_M)
            n_other, m = other_class_counts(ctx, sv, m, estimator)
            noise, in_danger, _ = border_masks(n_other, m)
            kept, danger = sv[~noise], sv[in_danger]
        self.support_vectors_[ctx.label] = ctx.rows[kept]
        self.in_danger_[ctx.label] = ctx.rows[danger]
        if not kept.size:
            warn_fallback(
                self,
                ctx,
                n_new,
                f"the SVM left no usable support vector ({sv.size} support "
                f"vectors, {sv.size - kept.size} of them noise)",
            )
        pool = kept if kept.size else np.arange(ctx.n_rows)
        return pool[get_allocation(self.allocation)(pool.size, n_new, rng)]

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray | None]:
        neighbor, _ = super().place(ctx, base, rng)
        if not self.support_vectors_[ctx.label].size:
            return neighbor, None
        danger = np.isin(ctx.rows[base], self.in_danger_[ctx.label])
        return neighbor, np.where(danger, 1.0, -float(self.out_step))


def _power_of_two_scaled(X: Any) -> Any:
    """``X`` times a power of two bringing its largest magnitude near 1, when it lies beyond
    2**+-64; else ``X`` itself.

    The default SVC (RBF kernel, ``gamma='scale'``) learns the same model from ``c * X`` for
    any c, and a power of two scales every float exactly; but libsvm overflows on values
    beyond ~1e150 (squared distances), and on tiny values ``gamma = 1 / (d * var)`` overflows
    (a variance that should be 0 rounds to a tiny positive number), so data far from unit
    scale are brought to it first.
    """
    import scipy.sparse as sp

    data = X.data if sp.issparse(X) else X
    if data.size == 0:
        return X
    largest = float(np.max(np.abs(data)))
    if largest == 0 or 2.0**-64 <= largest <= 2.0**64:
        return X
    shift = -int(np.frexp(largest)[1])  # may exceed a float's exponent range: ldexp
    if sp.issparse(X):
        scaled = X.astype(np.float64, copy=True)
        scaled.data = np.ldexp(scaled.data, shift)
        return scaled
    return np.ldexp(np.asarray(X, dtype=np.float64), shift)
