"""What :func:`smotekit.evaluation.compare` measured, and its plain-text rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from smotekit.evaluation.metrics import METRICS
from smotekit.evaluation.strategies import STRATEGIES

__all__ = ["Comparison"]


@dataclass
class Comparison:
    """Everything :func:`compare` measured.

    Attributes
    ----------
    scores : DataFrame
        One row per classifier, strategy and fold: the fold scores of every metric.
    summary : DataFrame
        One row per classifier, strategy and metric: ``mean``, ``low``, ``high`` (corrected
        95% t-interval over the folds).
    tests : DataFrame
        One row per classifier, strategy, reference (``none``/``threshold``) and metric:
        ``difference`` (mean of strategy - reference), ``t``, ``p_value``, ``outcome``
        (better / worse / indistinguishable for the strategy).
    curves : dict
        ``(classifier, strategy) -> (is_minority, probability)`` out-of-fold over the first
        repetition (every row predicted once), for ROC and PR curves.
    failures : dict
        ``(classifier, strategy) -> message`` for strategies that could not be fitted.
    info : dict
        Data and protocol: rows, classes, folds, seed, timings.
    strategies, classifiers : list of str
        Keys in report order.
    verdict : str
        A paragraph built from the numbers (:func:`smotekit.evaluation.verdict.write_verdict`).
    estimators : dict
        The classifiers compared, by name (unfitted clones).
    oof : dict
        ``(classifier, strategy) -> ndarray (n_repeats, n_rows)``: out-of-fold minority
        probabilities as the model gave them (no prior correction), every repetition.
    folds : ndarray of shape (n_repeats, n_rows)
        Test fold of each row in each repetition.
    positive : ndarray of shape (n_rows,)
        Whether each row is of the minority class.
    answer : Answer
        Outcome and recommendation (:func:`smotekit.evaluation.answer`).
    """

    scores: pd.DataFrame
    summary: pd.DataFrame
    tests: pd.DataFrame
    curves: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]
    failures: dict[tuple[str, str], str]
    info: dict[str, Any]
    strategies: list[str]
    classifiers: list[str]
    verdict: str = ""
    estimators: dict[str, Any] = field(default_factory=dict)
    oof: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    folds: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=int))
    positive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    answer: Any = None

    def mean(self, classifier: str, strategy: str, metric: str) -> float:
        """Mean fold score of one strategy."""
        row = self.summary[
            (self.summary.classifier == classifier)
            & (self.summary.strategy == strategy)
            & (self.summary.metric == metric)
        ]
        return float(row["mean"].iloc[0]) if len(row) else float("nan")

    def outcome(self, classifier: str, strategy: str, reference: str, metric: str) -> str:
        """``'better'``, ``'worse'``, ``'indistinguishable'`` or ``''`` (not tested)."""
        if self.tests.empty:  # one strategy alone: nothing was compared
            return ""
        row = self.tests[
            (self.tests.classifier == classifier)
            & (self.tests.strategy == strategy)
            & (self.tests.reference == reference)
            & (self.tests.metric == metric)
        ]
        return str(row["outcome"].iloc[0]) if len(row) else ""

    def table(self, classifier: str, *, intervals: bool = True) -> pd.DataFrame:
        """Strategies by metrics for one classifier: ``mean [low, high]`` strings.

        Returns
        -------
        DataFrame
        """
        sub = self.summary[self.summary.classifier == classifier]
        rows = {}
        for strategy in self.strategies:
            part = sub[sub.strategy == strategy].set_index("metric")
            if part.empty:
                continue
            rows[STRATEGIES[strategy].label] = {
                METRICS[m].label: (
                    f"{part.at[m, 'mean']:.3f} [{part.at[m, 'low']:.3f}, {part.at[m, 'high']:.3f}]"
                    if intervals
                    else round(float(part.at[m, "mean"]), 4)
                )
                for m in self.metrics
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    @property
    def metrics(self) -> list[str]:
        """Metric keys in table order (``brier_uncorrected`` only with the correction on)."""
        keys = list(METRICS)
        if not self.info.get("prior_correction", True):
            keys.remove("brier_uncorrected")
        return keys

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): the answer, summary, paired tests, failures and info."""

        def plain(value: Any) -> Any:
            if isinstance(value, dict):
                return {str(k): plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            if isinstance(value, np.generic):
                return plain(value.item())
            if isinstance(value, float) and not np.isfinite(value):
                return None
            return value

        return plain(
            {
                "answer": None if self.answer is None else self.answer.to_dict(),
                "verdict": self.verdict,
                "summary": self.summary.to_dict(orient="records"),
                "tests": self.tests.to_dict(orient="records"),
                "failures": [
                    {"classifier": c, "strategy": s, "message": m}
                    for (c, s), m in self.failures.items()
                ],
                "info": self.info,
            }
        )

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as JSON text (``kwargs`` go to :func:`json.dumps`)."""
        import json

        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), default=str, **kwargs)

    def _repr_html_(self) -> str:
        from smotekit.evaluation.comparison_html import comparison_fragment

        return comparison_fragment(self)

    def to_text(self) -> str:
        """A plain-text summary: the recommendation first (three lines), then the evidence.

        Markers after a mean: ``+n``/``-n`` significantly better/worse than no resampling,
        ``+t``/``-t`` than threshold tuning.
        """
        short = {
            "recall": "recall",
            "precision": "prec",
            "f1": "F1",
            "g_mean": "G-mean",
            "balanced_accuracy": "bal.acc",
            "roc_auc": "ROC-AUC",
            "pr_auc": "PR-AUC",
            "brier": "Brier",
            "brier_uncorrected": "Brier(raw)",
        }
        info = self.info
        lines = []
        if self.answer is not None:
            lines += [*self.answer.recommendation_lines(), ""]
        lines += [
            f"{info['n_rows']} rows, {info['n_features']} features "
            f"({len(info['nominal'])} nominal); minority {info['minority']!r}: "
            f"{info['n_minority']} rows, majority {info['majority']!r}: {info['n_majority']}",
            f"{info['n_splits']}-fold stratified CV x {info['n_repeats']} repeats "
            f"(same folds for all), seed {info['random_state']}; intervals: corrected 95% "
            "t-intervals on the logit scale (within 0 and 1); markers: +n/-n better/worse than "
            "no resampling, +t/-t than threshold "
            f"tuning (corrected resampled t-test, p < {info['alpha']})",
        ]
        metrics = self.metrics
        width = max(len(STRATEGIES[s].label) for s in self.strategies) + 2
        for clf in self.classifiers:
            lines += ["", f"== {clf}: {info['classifier_names'][clf]}"]
            lines.append(" " * width + "".join(f"{short[m]:>12}" for m in metrics))
            for strategy in self.strategies:
                if (clf, strategy) in self.failures:
                    lines.append(f"{STRATEGIES[strategy].label:<{width}}failed")
                    continue
                cells = []
                for m in metrics:
                    marks = ""
                    for ref, letter in (("none", "n"), ("threshold", "t")):
                        out = self.outcome(clf, strategy, ref, m)
                        marks += {"better": "+" + letter, "worse": "-" + letter}.get(out, "")
                    cells.append(f"{self.mean(clf, strategy, m):.3f}{marks:<4}".rjust(12))
                lines.append(f"{STRATEGIES[strategy].label:<{width}}" + "".join(cells))
        for (clf, strategy), message in self.failures.items():
            lines.append(f"! {clf} / {STRATEGIES[strategy].label} failed: {message}")
        lines += ["", self.verdict]
        if self.answer is not None:
            lines += ["", *self.answer.evidence_lines()]
        return "\n".join(lines)
