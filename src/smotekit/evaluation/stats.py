"""Intervals and paired tests for scores from repeated k-fold cross-validation.

The folds of repeated cross-validation share most of their training rows, so their scores are
correlated and the plain variance of the mean, ``s^2 / J``, is too small: a naive t-test then
finds "significant" differences that are not there (Dietterich 1998; Nadeau & Bengio 2003).
Nadeau and Bengio's correction replaces ``1/J`` with ``1/J + n_test/n_train``; Bouckaert and
Frank (2004) showed it gives a test of the right size for repeated k-fold CV. Both the
confidence intervals and the paired test here use it.

References
----------
Nadeau, C. & Bengio, Y. (2003). Inference for the generalization error. *Machine Learning*
52(3), 239-281.
Bouckaert, R. R. & Frank, E. (2004). Evaluating the replicability of significance tests for
comparing learning algorithms. *PAKDD 2004*, LNCS 3056, 3-12.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special, stats

__all__ = [
    "Difference",
    "PairedTest",
    "corrected_difference",
    "corrected_resampled_t_test",
    "corrected_t_interval",
]


def _variance_factor(n_scores: int, n_train: float, n_test: float) -> float:
    # Nadeau & Bengio's corrected factor: 1/J for the J scores plus n_test/n_train for the
    # overlap of the training sets
    return 1.0 / n_scores + n_test / n_train


def _differences(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Fold-by-fold ``a - b``, folds where either score is missing left out."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return d[np.isfinite(d)]


def corrected_t_interval(
    scores: np.ndarray,
    *,
    n_train: float,
    n_test: float,
    confidence: float = 0.95,
    bounded: bool = False,
) -> tuple[float, float, float]:
    """Mean and ``confidence`` interval of repeated-CV fold scores (corrected t-interval).

    ``mean ± t_{J-1} * sqrt((1/J + n_test/n_train) * s^2)`` with ``s^2`` the sample variance
    of the ``J`` fold scores and ``t_{J-1}`` Student's quantile with ``J - 1`` degrees of
    freedom. It is the interval matching :func:`corrected_resampled_t_test`.

    ``bounded=True`` (scores in [0, 1]: recall, AUC, Brier, ...): the same corrected
    interval is computed on the logit scale and mapped back, so it stays inside (0, 1) and
    is asymmetric near the bounds (an AUC of 0.97 cannot have an upper limit of 1.02). A fold
    score of exactly 0 or 1 is moved ``1 / (2 * n_test)`` inside first, the resolution one
    test fold has.

    Parameters
    ----------
    scores : ndarray of shape (J,)
    n_train, n_test : float
        Rows in a training fold and in a test fold (mean over folds).
    confidence : float, default=0.95

    Returns
    -------
    mean, low, high : float

    Examples
    --------
    >>> import numpy as np
    >>> m, lo, hi = corrected_t_interval(np.array([0.7, 0.8, 0.75, 0.72, 0.78]),
    ...                                  n_train=400, n_test=100)
    >>> round(m, 3), lo < m < hi
    (0.75, True)
    >>> m, lo, hi = corrected_t_interval(np.array([0.99, 1.0, 0.93, 1.0, 0.97]),
    ...                                  n_train=400, n_test=100, bounded=True)
    >>> 0 < lo < m < hi < 1
    True
    """
    scores = np.asarray(scores, dtype=float)
    scores = scores[np.isfinite(scores)]
    if scores.size == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(scores.mean())
    if scores.size < 2:
        return mean, float("nan"), float("nan")
    values = scores
    if bounded:
        edge = 1.0 / (2.0 * max(n_test, 1.0))
        values = special.logit(np.clip(scores, edge, 1.0 - edge))
    se = np.sqrt(_variance_factor(scores.size, n_train, n_test) * values.var(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, scores.size - 1) * se)
    if not bounded:
        return mean, mean - half, mean + half
    if np.ptp(scores) == 0:  # every fold scored the same: nothing varies
        return mean, mean, mean
    centre = float(values.mean())
    # the mean of the scores, not of their logits, is reported: the interval keeps it inside
    low, high = float(special.expit(centre - half)), float(special.expit(centre + half))
    return mean, min(low, mean), max(high, mean)


@dataclass(frozen=True)
class PairedTest:
    """Result of comparing strategy A with a reference B on the same folds."""

    mean_difference: float  # mean of A - B
    t: float
    p_value: float
    df: int
    outcome: str  # "better", "worse" or "indistinguishable" (for A, by the metric's direction)


def corrected_resampled_t_test(
    a: np.ndarray,
    b: np.ndarray,
    *,
    n_train: float,
    n_test: float,
    higher_is_better: bool = True,
    alpha: float = 0.05,
) -> PairedTest:
    """Corrected resampled t-test (Nadeau & Bengio 2003) of paired repeated-CV scores.

    With ``d_j = a_j - b_j`` over the ``J`` shared folds,
    ``t = mean(d) / sqrt((1/J + n_test/n_train) * var(d))`` on ``J - 1`` degrees of freedom,
    two-sided. ``a`` is "better" when ``p < alpha`` and the difference points the metric's
    good way, "worse" when it points the other way, else "indistinguishable". When every
    ``d_j`` is equal (zero variance) the scores are identical up to a constant: a nonzero
    constant counts as a difference, zero does not.

    Parameters
    ----------
    a, b : ndarray of shape (J,)
        Scores of the two strategies on the same folds, in the same order.
    n_train, n_test : float
        Rows in a training fold and in a test fold.
    higher_is_better : bool, default=True
    alpha : float, default=0.05

    Returns
    -------
    PairedTest

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([0.80, 0.82, 0.79, 0.85, 0.81, 0.83])
    >>> b = a - np.array([0.05, 0.04, 0.06, 0.05, 0.05, 0.04])
    >>> corrected_resampled_t_test(a, b, n_train=400, n_test=200).outcome
    'better'
    """
    d = _differences(a, b)
    J = d.size
    if J < 2:
        return PairedTest(float(d.mean()) if J else float("nan"), float("nan"), 1.0, 0, "n/a")
    mean = float(d.mean())
    var = float(d.var(ddof=1))
    if var <= 1e-24:
        t, p = (0.0, 1.0) if abs(mean) <= 1e-12 else (float(np.sign(mean)) * np.inf, 0.0)
    else:
        t = mean / np.sqrt(_variance_factor(J, n_train, n_test) * var)
        p = float(2 * stats.t.sf(abs(t), J - 1))
    if p < alpha and mean != 0:
        good = (mean > 0) == higher_is_better
        outcome = "better" if good else "worse"
    else:
        outcome = "indistinguishable"
    return PairedTest(mean, float(t), float(p), J - 1, outcome)


@dataclass(frozen=True)
class Difference:
    """A paired difference of repeated-CV scores with its corrected interval.

    ``mean``, ``low`` and ``high`` are in the metric's own units, oriented so that a
    positive value favours the first strategy; ``se`` is the corrected standard error and
    ``detectable`` the smallest true difference the folds would detect in 80% of repeated
    experiments at level ``alpha`` (``(t_{1-alpha/2} + t_{0.8}) * se``).
    """

    mean: float
    low: float
    high: float
    se: float
    detectable: float
    n_scores: int


def corrected_difference(
    a: np.ndarray,
    b: np.ndarray,
    *,
    n_train: float,
    n_test: float,
    higher_is_better: bool = True,
    alpha: float = 0.05,
    power: float = 0.8,
) -> Difference:
    """Mean paired difference ``a - b`` with its corrected ``1 - alpha`` interval.

    The interval is the one matching :func:`corrected_resampled_t_test`: it excludes zero
    exactly when that test rejects. Differences of bounded scores are not bounded the same
    way (a difference of AUCs lies in [-1, 1] and is rarely near the ends), so no transform
    is applied. With ``higher_is_better=False`` (a cost, the Brier score) the difference is
    ``b - a``: positive still means ``a`` is better.

    Parameters
    ----------
    a, b : ndarray of shape (J,)
        Scores on the same folds, in the same order.
    n_train, n_test : float
        Rows in a training fold and in a test fold.
    higher_is_better : bool, default=True
    alpha : float, default=0.05
    power : float, default=0.8
        For ``detectable``.

    Returns
    -------
    Difference

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([0.80, 0.82, 0.79, 0.85, 0.81, 0.83])
    >>> d = corrected_difference(a, a - 0.05, n_train=400, n_test=200)
    >>> round(d.mean, 3), d.low == d.high == d.mean
    (0.05, True)
    """
    d = _differences(a, b) if higher_is_better else -_differences(a, b)
    J = d.size
    nan = float("nan")
    if J == 0:
        return Difference(nan, nan, nan, nan, nan, 0)
    mean = float(d.mean())
    if J < 2:
        return Difference(mean, nan, nan, nan, nan, 1)
    se = float(np.sqrt(_variance_factor(J, n_train, n_test) * d.var(ddof=1)))
    t_alpha = float(stats.t.ppf(1 - alpha / 2, J - 1))
    t_power = float(stats.t.ppf(power, J - 1))
    half = t_alpha * se
    return Difference(mean, mean - half, mean + half, se, (t_alpha + t_power) * se, J)
