"""Decision thresholds chosen on out-of-fold probabilities, and judged on folds they never saw.

A threshold picked on the same predictions it is scored on looks better than it is. Here a
threshold for test fold ``f`` of repetition ``r`` is picked on the out-of-fold predictions of
the *other* folds of ``r`` and then applied to fold ``f``: every fold's score comes from a
threshold chosen without its rows (cross-fitting). The threshold recommended for use is the
median of those chosen on each repetition's full set of out-of-fold predictions.

Objectives are written over confusion counts for every cut at once (one sort, cumulative
sums), so choosing among all distinct probabilities costs ``O(n log n)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from smotekit.errors import InvalidParameterError

__all__ = ["Costs", "Objective", "best_threshold", "confusion", "crossfit", "objective_for"]

Counts = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Costs:
    """What one error costs: a missed minority case (``fn``) and a false alarm (``fp``).

    Only their ratio moves a decision; the expected cost per row is reported in these units.
    """

    fn: float
    fp: float

    def __post_init__(self) -> None:
        for name, value in (("cost_fn", self.fn), ("cost_fp", self.fp)):
            if not np.isfinite(value) or value < 0:
                raise InvalidParameterError(
                    f"{name} must be a finite number >= 0, got {value!r}; give what one "
                    "error of that kind costs, e.g. cost_fn=20, cost_fp=1."
                )
        if self.fn == 0 and self.fp == 0:
            raise InvalidParameterError(
                "cost_fn and cost_fp are both 0: nothing would cost anything. Give at least "
                "one positive cost, e.g. cost_fn=20, cost_fp=1."
            )

    def per_row(self, fn: np.ndarray, fp: np.ndarray, n: int | np.ndarray) -> np.ndarray:
        """Expected cost per row of ``fn`` missed and ``fp`` false alarms among ``n`` rows."""
        return (self.fn * np.asarray(fn) + self.fp * np.asarray(fp)) / np.maximum(n, 1)


@dataclass(frozen=True)
class Objective:
    """What a threshold maximises: a name and a function of confusion counts."""

    name: str
    label: str
    score: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    #: where in a range of equally good thresholds to settle, 0 its low end, 1 its high end
    lean: float = 0.5


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), 0.0)


def _balanced_accuracy(
    tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray
) -> np.ndarray:
    return 0.5 * (_ratio(tp, tp + fn) + _ratio(tn, tn + fp))


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray) -> np.ndarray:
    return _ratio(2 * tp, 2 * tp + fp + fn)


def _g_mean(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray) -> np.ndarray:
    return np.sqrt(_ratio(tp, tp + fn) * _ratio(tn, tn + fp))


_OBJECTIVES = {
    "balanced_accuracy": Objective("balanced_accuracy", "balanced accuracy", _balanced_accuracy),
    "f1": Objective("f1", "minority F1", _f1),
    "g_mean": Objective("g_mean", "G-mean", _g_mean),
}


def objective_for(name: str, costs: Costs | None = None) -> Objective:
    """The objective named ``name``, or the negative expected cost when ``costs`` is given.

    Examples
    --------
    >>> objective_for("f1").label
    'minority F1'
    >>> objective_for("f1", Costs(fn=20, fp=1)).label
    'expected cost (FN 20, FP 1)'
    """
    if costs is not None:

        def negative_cost(
            tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray
        ) -> np.ndarray:
            return -costs.per_row(fn, fp, tp + fp + fn + tn)

        # a missed case costing 20 false alarms: settle near the low end of a tie, where
        # new minority rows are less likely to fall below the threshold
        lean = costs.fp / (costs.fp + costs.fn)
        label = f"expected cost (FN {costs.fn:g}, FP {costs.fp:g})"
        return Objective("cost", label, negative_cost, lean)
    if name not in _OBJECTIVES:
        raise InvalidParameterError(
            f"Unknown threshold objective {name!r}; choose from {sorted(_OBJECTIVES)}."
        )
    return _OBJECTIVES[name]


def _cuts(p: np.ndarray, positive: np.ndarray) -> tuple[np.ndarray, Counts]:
    """Every distinct decision on ``p >= t``: thresholds and their confusion counts.

    The first cut predicts nothing positive, the last everything; in between, a threshold
    halfway between two neighbouring distinct probabilities.
    """
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], positive[order]
    tp_all = np.cumsum(ys)
    fp_all = np.cumsum(~ys)
    ends = np.flatnonzero(np.r_[ps[1:] != ps[:-1], True])  # last row of each tie group
    nxt = np.r_[ps[ends[:-1] + 1], -np.inf]
    middle = np.where(np.isfinite(nxt), (ps[ends] + nxt) / 2, np.nextafter(ps[ends], -np.inf))
    # halfway can round onto the lower value; the rule is p >= t, so keep t above it
    middle = np.where(middle <= nxt, np.nextafter(nxt, np.inf), middle)
    thresholds = np.r_[np.nextafter(ps[0], np.inf), middle]
    tp = np.r_[0, tp_all[ends]]
    fp = np.r_[0, fp_all[ends]]
    n_pos, n_neg = int(ys.sum()), int((~ys).sum())
    return thresholds, (tp, fp, n_pos - tp, n_neg - fp)


def best_threshold(p: np.ndarray, positive: np.ndarray, objective: Objective) -> float:
    """The threshold on ``p`` (predict positive when ``p >= t``) that maximises ``objective``.

    Equally good cuts next to each other form a plateau (an exact cost optimum is often a
    whole range when classes separate well): the threshold settles in the widest plateau,
    in its middle for a metric, and for costs nearer the end that guards the dearer error
    (at the fraction ``cost_fp / (cost_fp + cost_fn)`` of the way up).

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([0.1, 0.2, 0.35, 0.4, 0.8, 0.9])
    >>> y = np.array([False, False, True, False, True, True])
    >>> t = best_threshold(p, y, objective_for("balanced_accuracy"))
    >>> bool(0.4 < t <= 0.8)
    True
    """
    p = np.asarray(p, dtype=float)
    positive = np.asarray(positive, dtype=bool)
    if p.size == 0:
        return 0.5
    thresholds, counts = _cuts(p, positive)
    score = objective.score(*counts)
    top = np.flatnonzero(score >= score.max() - 1e-12)
    # cut k (0..m) predicts the top k distinct probabilities u[0] > u[1] > ...: it holds
    # for thresholds in (u[k], u[k-1]]; a run k1..k2 of optimal cuts for (u[k2], u[k1-1]]
    u = np.unique(p)[::-1]
    edges = np.r_[max(1.0, u[0]), u, min(0.0, u[-1])]  # edges[k] = u[k-1], ends capped
    breaks = np.flatnonzero(np.diff(top) > 1)
    starts = np.r_[top[0], top[breaks + 1]]
    stops = np.r_[top[breaks], top[-1]]
    high, low = edges[starts], edges[stops + 1]
    widest = int(np.argmax(high - low))
    middle = float(low[widest] + objective.lean * (high[widest] - low[widest]))
    if high[widest] == low[widest]:  # a single probability value: only cut k1 exactly
        return float(thresholds[starts[widest]])
    return middle


def confusion(p: np.ndarray, positive: np.ndarray, threshold: float) -> Counts:
    """``tp, fp, fn, tn`` of the decision ``p >= threshold``."""
    predicted = p >= threshold
    tp = int(np.sum(predicted & positive))
    fp = int(np.sum(predicted & ~positive))
    fn = int(np.sum(~predicted & positive))
    tn = int(np.sum(~predicted & ~positive))
    return np.array([tp]), np.array([fp]), np.array([fn]), np.array([tn])


@dataclass(frozen=True)
class CrossFit:
    """Cross-fitted thresholds of one model: per split, and the one recommended for use.

    ``counts[s]`` are the confusion counts ``(tp, fp, fn, tn)`` of split ``s`` (in the
    order of :attr:`Comparison.scores`' ``split``) under the threshold chosen without it.
    """

    threshold: float
    split_thresholds: np.ndarray
    counts: np.ndarray  # (n_splits_total, 4)

    def scores(self, objective: Objective) -> np.ndarray:
        """``objective`` on each held-out split."""
        tp, fp, fn, tn = (self.counts[:, i] for i in range(4))
        return np.asarray(objective.score(tp, fp, fn, tn), dtype=float)


def crossfit(
    probabilities: np.ndarray, positive: np.ndarray, folds: np.ndarray, objective: Objective
) -> CrossFit:
    """Choose a threshold per held-out fold on the other folds' out-of-fold predictions.

    Parameters
    ----------
    probabilities : ndarray of shape (n_repeats, n_rows)
        Out-of-fold minority probabilities: every row predicted once per repetition by a
        model that did not see it.
    positive : ndarray of bool, shape (n_rows,)
    folds : ndarray of int, shape (n_repeats, n_rows)
        Test fold of each row in each repetition.
    objective : Objective

    Returns
    -------
    CrossFit
    """
    n_repeats = probabilities.shape[0]
    n_folds = int(folds.max()) + 1
    chosen, counts, per_repeat = [], [], []
    for r in range(n_repeats):
        p = probabilities[r]
        per_repeat.append(best_threshold(p, positive, objective))
        for f in range(n_folds):
            held = folds[r] == f
            t = best_threshold(p[~held], positive[~held], objective)
            chosen.append(t)
            counts.append([int(c[0]) for c in confusion(p[held], positive[held], t)])
    return CrossFit(float(np.median(per_repeat)), np.array(chosen), np.array(counts))
