"""The scores every strategy gets on every test fold, the minority class being the positive one.

Threshold metrics (recall, precision, F1, G-mean, balanced accuracy) score the labels the
fitted model predicts; ranking metrics (ROC-AUC, PR-AUC) and the Brier score use its
probability for the minority class.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

__all__ = ["METRICS", "Metric", "fold_scores", "g_mean"]


@dataclass(frozen=True)
class Metric:
    """What a metric is called and which direction is better."""

    key: str
    label: str
    higher_is_better: bool
    uses: str  # "labels" or "probabilities"


#: Every metric the comparison reports, in table order.
METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("recall", "minority recall", True, "labels"),
        Metric("precision", "minority precision", True, "labels"),
        Metric("f1", "minority F1", True, "labels"),
        Metric("g_mean", "G-mean", True, "labels"),
        Metric("balanced_accuracy", "balanced accuracy", True, "labels"),
        Metric("roc_auc", "ROC-AUC", True, "probabilities"),
        Metric("pr_auc", "PR-AUC", True, "probabilities"),
        Metric("brier", "Brier score", False, "probabilities"),
        Metric("brier_uncorrected", "Brier (no prior correction)", False, "probabilities"),
    )
}


def g_mean(positive: np.ndarray, predicted: np.ndarray) -> float:
    """Geometric mean of the recall of both classes: ``sqrt(TPR * TNR)`` (Kubat & Matwin 1997).

    Examples
    --------
    >>> import numpy as np
    >>> round(g_mean(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0])), 4)
    0.7071
    """
    positive, predicted = np.asarray(positive, bool), np.asarray(predicted, bool)
    tpr = (predicted & positive).sum() / max(positive.sum(), 1)
    tnr = (~predicted & ~positive).sum() / max((~positive).sum(), 1)
    return float(np.sqrt(tpr * tnr))


def fold_scores(
    positive: np.ndarray,
    predicted: np.ndarray,
    probability: np.ndarray,
    probability_uncorrected: np.ndarray | None = None,
) -> dict[str, float]:
    """All metrics of one test fold.

    Parameters
    ----------
    positive : ndarray of bool
        True where the row belongs to the minority class.
    predicted : ndarray of bool
        True where the model predicts the minority class.
    probability : ndarray of float
        The model's probability of the minority class (prior-corrected when asked).
    probability_uncorrected : ndarray of float, default=None
        The raw probability, for ``brier_uncorrected`` (default: ``probability``).

    Returns
    -------
    dict
        One value per key of :data:`METRICS`.

    Examples
    --------
    >>> import numpy as np
    >>> s = fold_scores(np.array([1, 0, 1, 0], bool), np.array([1, 0, 0, 0], bool),
    ...                 np.array([0.9, 0.2, 0.4, 0.1]))
    >>> s["recall"], s["roc_auc"]
    (0.5, 1.0)
    """
    positive = np.asarray(positive, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    raw = probability if probability_uncorrected is None else probability_uncorrected
    return {
        "recall": float(recall_score(positive, predicted, zero_division=0)),
        "precision": float(precision_score(positive, predicted, zero_division=0)),
        "f1": float(f1_score(positive, predicted, zero_division=0)),
        "g_mean": g_mean(positive, predicted),
        "balanced_accuracy": float(balanced_accuracy_score(positive, predicted)),
        "roc_auc": float(roc_auc_score(positive, probability)),
        "pr_auc": float(average_precision_score(positive, probability)),
        "brier": float(brier_score_loss(positive, probability)),
        "brier_uncorrected": float(brier_score_loss(positive, raw)),
    }
