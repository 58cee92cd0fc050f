"""The answer's pictures: expected cost against the threshold, cost curves, reliability.

Each draws from the out-of-fold predictions of the first repetition (every row predicted
once, by a model that did not see it).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.evaluation.plotting import LINE_STYLES, figure, png
from smotekit.evaluation.strategies import STRATEGIES

# a Comparison is passed in but never imported: comparison.py renders itself through this
# module, and importing it back (even for types) would close an import cycle
Comparison = Any

__all__ = ["cost_figure", "reliability_figure"]


def _style(i: int) -> dict[str, object]:
    return {"linestyle": LINE_STYLES[(i // 10) % 4], "color": f"C{i % 10}", "linewidth": 1.4}


def cost_figure(result: Comparison) -> str:
    """Expected cost per row against the threshold, and Drummond & Holte's cost curves.

    Left: for the recommended classifier, each strategy's expected cost per row as the
    decision threshold moves, the recommended threshold marked. Right: normalised expected
    cost against the probability cost of the minority (the lower envelope of the ROC
    points' cost lines, Drummond & Holte 2006); the vertical line is this data's operating
    point under the given costs.
    """
    from sklearn.metrics import roc_curve

    answer = result.answer
    rec, costs = answer.recommendation, answer.costs
    clf = rec.classifier
    positive = result.positive
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    fig = figure(11, 4.4)
    left, right = fig.subplots(1, 2)
    grid = np.linspace(0, 1, 201)
    prior = n_pos / (n_pos + n_neg)
    operating = prior * costs.fn / (prior * costs.fn + (1 - prior) * costs.fp)
    for i, strategy in enumerate(result.strategies):
        if (clf, strategy) not in result.oof:
            continue
        p = result.oof[(clf, strategy)][0]
        predicted = p[None, :] >= grid[:, None]
        fn = np.sum(~predicted & positive, axis=1)
        fp = np.sum(predicted & ~positive, axis=1)
        label = STRATEGIES[strategy].label
        left.plot(grid, costs.per_row(fn, fp, len(p)), label=label, **_style(i))
        fpr, tpr, _ = roc_curve(positive, p)
        envelope = np.min(
            (1 - tpr)[None, :] * grid[:, None] + fpr[None, :] * (1 - grid[:, None]), axis=1
        )
        right.plot(grid, envelope, label=label, **_style(i))
    left.axvline(rec.threshold, color="#444", linewidth=0.9, linestyle=":")
    left.set(
        xlabel="decision threshold on the minority probability", ylabel="expected cost per row"
    )
    left.set_title(f"{clf}: cost (FN {costs.fn:g}, FP {costs.fp:g}); recommended threshold dotted")
    right.plot([0, 1], [0, 1], color="#bbb", linewidth=0.8)
    right.plot([0, 1], [1, 0], color="#bbb", linewidth=0.8)
    right.axvline(operating, color="#444", linewidth=0.9, linestyle=":")
    right.set(
        xlabel="probability cost of the minority, PC(+)",
        ylabel="normalised expected cost",
        ylim=(0, 0.6),
    )
    right.set_title("cost curves (lower is better); this data's operating point dotted")
    for ax in (left, right):
        ax.legend(fontsize=7.5)
        ax.grid(alpha=0.3)
    return png(fig, f"expected cost and cost curves per strategy for {clf}")


def reliability_figure(result: Comparison, clf: str) -> str:
    """Reliability diagram: observed minority share against the predicted probability.

    For no resampling and each resampling strategy the model's own probabilities, and with
    the prior correction on, the corrected ones (dashed) beside them.
    """
    from sklearn.calibration import calibration_curve

    fig = figure(6.5, 5)
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color="#bbb", linewidth=0.8)
    positive = result.positive
    corrected = result.info.get("prior_correction", True)
    for i, strategy in enumerate(result.strategies):
        if strategy == "threshold" or (clf, strategy) not in result.oof:
            continue
        label = STRATEGIES[strategy].label
        raw = result.oof[(clf, strategy)][0]
        true, mean = calibration_curve(positive, raw, n_bins=10, strategy="quantile")
        ax.plot(mean, true, marker="o", markersize=3, label=label, **_style(i))
        if corrected and (clf, strategy) in result.curves and strategy != "none":
            fixed = result.curves[(clf, strategy)][1]
            true, mean = calibration_curve(positive, fixed, n_bins=10, strategy="quantile")
            style = _style(i) | {"linestyle": "--", "linewidth": 0.9}
            ax.plot(mean, true, label=f"{label}, prior-corrected", **style)
    ax.set(xlabel="predicted minority probability", ylabel="observed minority share")
    ax.set_title(f"reliability, {clf} (diagonal: calibrated)")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    return png(fig, f"reliability diagram per strategy for {clf}")
