"""The comparison's conclusion in plain words, written from its numbers and tests only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from smotekit.evaluation.metrics import METRICS
from smotekit.evaluation.strategies import STRATEGIES

if TYPE_CHECKING:
    from smotekit.evaluation.comparison import Comparison

__all__ = ["QUALITY_METRICS", "write_verdict"]

#: Metrics that say a model is better overall; recall or precision alone is a trade-off.
QUALITY_METRICS = ("balanced_accuracy", "g_mean", "f1", "roc_auc", "pr_auc")


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _moves(result: Comparison, clf: str, strategy: str, reference: str, wanted: str) -> list[str]:
    """``'metric (ref → strategy)'`` for the metrics whose test came out ``wanted``."""
    out = []
    # the uncorrected Brier score is a side column (it shows what the correction does)
    for metric in (m for m in result.metrics if m != "brier_uncorrected"):
        if result.outcome(clf, strategy, reference, metric) == wanted:
            a = result.mean(clf, reference, metric)
            b = result.mean(clf, strategy, metric)
            out.append(f"{METRICS[metric].label} ({a:.3f} → {b:.3f})")
    return out


def _focus(result: Comparison, clf: str) -> str | None:
    """The strategy the verdict is about: SMOTE if it ran, else the first sampler."""
    ran = [s for s in result.strategies if (clf, s) not in result.failures]
    if "smote" in ran:
        return "smote"
    return next((s for s in ran if STRATEGIES[s].kind == "sampler"), None)


def _about(result: Comparison, clf: str, focus: str) -> str:
    """One classifier's sentence: what the paired tests found against the references."""
    label = STRATEGIES[focus].label
    name = f"With {clf} ({result.info['classifier_names'][clf]}), {label}"
    parts = []
    for reference in ("none", "threshold"):
        if reference not in result.strategies or (clf, reference) in result.failures:
            continue
        better = _moves(result, clf, focus, reference, "better")
        worse = _moves(result, clf, focus, reference, "worse")
        ref_label = STRATEGIES[reference].label
        if better or worse:
            bits = []
            if better:
                bits.append("better on " + _join(better))
            if worse:
                bits.append("worse on " + _join(worse))
            parts.append(f"against {ref_label} it was " + "; ".join(bits))
        else:
            parts.append(f"no paired test told it apart from {ref_label} on any measure")
    return f"{name}: " + "; ".join(parts) + "."


def _beat_threshold(result: Comparison) -> list[str]:
    """Every (classifier, strategy) better than threshold tuning on a quality metric."""
    out = []
    for clf in result.classifiers:
        for strategy in result.strategies:
            if strategy == "threshold":
                continue
            wins = [
                f"{METRICS[m].label} {result.mean(clf, 'threshold', m):.3f} → "
                f"{result.mean(clf, strategy, m):.3f}"
                for m in QUALITY_METRICS
                if result.outcome(clf, strategy, "threshold", m) == "better"
            ]
            if wins:
                out.append(f"{STRATEGIES[strategy].label} with {clf} ({'; '.join(wins)})")
    return out


def _inert_threshold(result: Comparison) -> list[str]:
    """Classifiers whose tuned threshold changed no prediction on any fold.

    A fully grown tree predicts probabilities of 0 or 1 only, so no threshold moves its
    decisions: against such a model, "threshold tuning" is no resampling under another name.
    """
    scores = result.scores
    out = []
    for clf in result.classifiers:
        mine = scores[scores.classifier == clf]
        a = mine[mine.strategy == "threshold"].sort_values("split")
        b = mine[mine.strategy == "none"].sort_values("split")
        labels = ["recall", "precision"]
        if len(a) and len(a) == len(b) and np.allclose(a[labels].values, b[labels].values):
            out.append(clf)
    return out


def _best(result: Comparison, metric: str) -> str:
    sub = result.summary[result.summary.metric == metric].dropna(subset=["mean"])
    if sub.empty:
        return ""
    row = sub.loc[sub["mean"].idxmax()]
    return (
        f"{STRATEGIES[row.strategy].label} with {row.classifier} ({row['mean']:.3f}, "
        f"95% interval {row.low:.3f} to {row.high:.3f})"
    )


def write_verdict(result: Comparison) -> str:
    """One paragraph saying, from the numbers, whether resampling helped on this data.

    It reports, per classifier, how SMOTE (or the first sampler run) compared with no
    resampling and with threshold tuning (significant differences only, corrected
    resampled t-test), names anything that beat threshold tuning, and ends with the
    answer's outcome (:mod:`smotekit.evaluation.judge`): helps, does not help, hurts or
    inconclusive, never "does not help" merely because a test found no difference.

    Returns
    -------
    str
    """
    if result.summary.empty:
        return "No strategy could be evaluated: " + "; ".join(result.failures.values())
    sentences = []
    focus_label = "resampling"
    for clf in result.classifiers:
        focus = _focus(result, clf)
        if focus is None:
            continue
        focus_label = STRATEGIES[focus].label
        sentences.append(_about(result, clf, focus))
    beat = _beat_threshold(result) if "threshold" in result.strategies else []
    if "threshold" in result.strategies:
        tuned = f"threshold tuning (which maximised {result.info['threshold_scoring']})"
        if beat:
            sentences.append(
                f"Better than {tuned} on balanced accuracy, G-mean, F1, ROC-AUC or PR-AUC: "
                + "; ".join(beat)
                + "."
            )
        else:
            sentences.append(
                f"Nothing was significantly better than {tuned} on balanced accuracy, G-mean, "
                "F1, ROC-AUC or PR-AUC."
            )
        inert = _inert_threshold(result)
        if inert:
            sentences.append(
                f"With {_join(inert)} the tuned threshold changed no prediction (its "
                "probabilities are essentially 0 or 1), so there threshold tuning is no "
                "alternative and the comparison that counts is the one with no resampling."
            )
    best_ba, best_auc = _best(result, "balanced_accuracy"), _best(result, "roc_auc")
    if best_ba:
        sentences.append(
            f"The highest balanced accuracy was {best_ba}; the highest ROC-AUC {best_auc}."
        )
    answer = result.answer
    if answer is not None and answer.outcomes:
        # the conclusion is the answer's three-way outcome, never a second opinion
        by_outcome: dict[str, list[str]] = {}
        for clf, outcome in answer.outcomes.items():
            by_outcome.setdefault(outcome, []).append(clf)
        label = STRATEGIES[answer.focus].label if answer.focus else focus_label
        gain = f"{answer.min_gain:g}" if answer.criterion != "cost" else f"{answer.min_gain:.0%}"
        words = {
            "helps": "helps (better than every alternative beyond the interval)",
            "does not help": f"does not help (a gain of {gain} or more is excluded)",
            "hurts": "hurts (an alternative is better beyond the interval)",
            "inconclusive": "is inconclusive (the intervals are too wide to tell)",
        }
        said = [
            f"with {_join(clfs)} {label} {words[outcome]}" for outcome, clfs in by_outcome.items()
        ]
        sentences.append(f"So, judged on {answer.criterion_label}: " + "; ".join(said) + ".")
    n_tests = len(result.tests)
    if n_tests:
        sentences.append(
            f"({n_tests} paired tests at p < {result.info['alpha']}, not corrected for "
            "multiplicity: expect about one false 'better' or 'worse' in "
            f"{round(1 / result.info['alpha'])} tests of equal strategies.)"
        )
    return " ".join(sentences)
