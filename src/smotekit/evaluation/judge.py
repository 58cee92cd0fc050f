"""The comparison's answer: what to use, with which threshold, and what the data can tell.

Three outcomes, kept apart: a synthetic strategy (SMOTE, or the first sampler run) *helps*
when it beats every alternative that adds no invented rows (no resampling, class weights,
a tuned threshold, random under/over-sampling, cleaning) beyond the 95% interval of the
paired difference; it *does not help* when, against some alternative, that interval
excludes a gain of ``min_gain`` or more (it *hurts* when the interval lies below zero); and
the answer is *inconclusive* otherwise: the interval is too wide to say. An inconclusive
answer states the smallest effect the folds could have detected and roughly how many more
minority rows would settle it.

The recommendation is the best classifier's simplest strategy that the best one does not
beat beyond the interval (synthetic rows only when they are shown to help), with a
decision threshold chosen on out-of-fold predictions for the threshold objective or, with
costs, for the least expected cost.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from smotekit.errors import InvalidParameterError
from smotekit.evaluation.metrics import METRICS
from smotekit.evaluation.stats import Difference, corrected_difference
from smotekit.evaluation.strategies import STRATEGIES
from smotekit.evaluation.thresholds import (
    Costs,
    CrossFit,
    Objective,
    confusion,
    crossfit,
    objective_for,
)

if TYPE_CHECKING:
    from smotekit.evaluation.comparison import Comparison

__all__ = ["OUTCOMES", "Answer", "Finding", "Recommendation", "answer", "check_options"]

#: The outcomes, in the words every rendering uses.
OUTCOMES = ("helps", "does not help", "hurts", "inconclusive")

#: Strategies from the simplest to the most involved: of equally good ones, the first wins.
SIMPLICITY = ("none", "threshold", "class-weight", "random-under", "random-over", "tomek", "enn")

#: Default smallest useful gain: in a metric's own units, or a share of an expected cost.
DEFAULT_MIN_GAIN = 0.02
DEFAULT_MIN_COST_SAVING = 0.05


@dataclass(frozen=True)
class Finding:
    """The focus strategy against one alternative, for one classifier.

    ``difference`` is oriented so that positive favours the focus strategy (a cost saved,
    a metric gained). ``verdict``: ``better`` (interval above 0), ``worse`` (below 0),
    ``no useful gain`` (below ``min_gain``) or ``open``. ``more_minority_rows``: for an
    open finding, roughly how many more minority rows would make the interval exclude 0 or
    ``min_gain``, if the measured difference held (intervals shrink as one over the square
    root of the rows).
    """

    classifier: str
    strategy: str
    alternative: str
    difference: Difference
    min_gain: float
    verdict: str
    more_minority_rows: int | None = None


@dataclass(frozen=True)
class Recommendation:
    """One strategy, classifier and decision threshold, and why."""

    classifier: str
    classifier_name: str
    strategy: str
    strategy_text: str
    threshold: float
    threshold_objective: str
    score: float
    reason: str


@dataclass
class Answer:
    """What :func:`smotekit.evaluation.compare` concludes; ``Comparison.answer`` holds it.

    Attributes
    ----------
    criterion : str
        Metric key the strategies were judged on, or ``'cost'``.
    focus : str or None
        The synthetic strategy the outcome is about (SMOTE when it ran).
    outcomes : dict
        Classifier name -> one of :data:`OUTCOMES`.
    findings : list of Finding
        The focus strategy against each alternative, per classifier.
    recommendation : Recommendation or None
    metric_choice : Recommendation or None
        With costs: what the metric alone would have recommended, for comparison.
    held_out_cost : dict
        With costs: expected cost per row on held-out folds of the recommended strategy at
        its cost threshold, at the threshold objective's threshold, of the metric-based
        choice, and of the models' own 0.5 cut.
    calibration : list of str
        Brier scores before and after the prior-shift correction.
    """

    criterion: str
    criterion_label: str
    min_gain: float
    focus: str | None
    outcomes: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    recommendation: Recommendation | None = None
    metric_choice: Recommendation | None = None
    held_out_cost: dict[str, float] = field(default_factory=dict)
    calibration: list[str] = field(default_factory=list)
    costs: Costs | None = None
    metric: str = "pr_auc"
    n_minority: int = 0

    @property
    def outcome(self) -> str:
        """The outcome for the recommended classifier (``''`` when nothing could run)."""
        if self.recommendation is None:
            return ""
        return self.outcomes.get(self.recommendation.classifier, "")

    def deciding(self, classifier: str) -> Finding | None:
        """The finding behind ``classifier``'s outcome."""
        mine = [f for f in self.findings if f.classifier == classifier]
        if not mine:
            return None
        outcome = self.outcomes.get(classifier)
        if outcome == "helps":
            return min(mine, key=lambda f: f.difference.low)
        if outcome == "hurts":
            return min((f for f in mine if f.verdict == "worse"), key=lambda f: f.difference.high)
        if outcome == "does not help":
            return min(
                (f for f in mine if f.verdict == "no useful gain"),
                key=lambda f: f.difference.high,
            )
        return max(
            (f for f in mine if f.verdict == "open"), key=lambda f: f.more_minority_rows or 0
        )

    def outcome_sentence(self, classifier: str) -> str:
        """One sentence: the focus strategy's outcome with ``classifier`` and its evidence."""
        if self.focus is None:
            return "No synthetic strategy ran, so there is no outcome to state."
        finding = self.deciding(classifier)
        label = STRATEGIES[self.focus].label
        outcome = self.outcomes.get(classifier, "")
        if finding is None:
            return f"{label} with {classifier}: no alternative ran to compare it with."
        d = finding.difference
        alt = STRATEGIES[finding.alternative].label
        unit = self._fmt(d.mean, signed=True)
        interval = f"95% interval {self._fmt(d.low, signed=True)} to {self._fmt(d.high, True)}"
        gain = self._fmt(finding.min_gain)
        what = self._what()
        if outcome == "helps":
            return (
                f"{label} with {classifier}: helps — better than every alternative; the closest, "
                f"{alt}, by {unit} {what} ({interval})."
            )
        if outcome == "hurts":
            return (
                f"{label} with {classifier}: hurts — {alt} is better by {self._fmt(-d.mean)} "
                f"{what} ({interval} for {label})."
            )
        if outcome == "does not help":
            return (
                f"{label} with {classifier}: does not help — against {alt} the gain is {unit} "
                f"{what} ({interval}), which excludes a useful gain of {gain} or more."
            )
        more = finding.more_minority_rows
        n_min = max(self.n_minority, 1)
        settle = ""
        if more and more > 100 * n_min:
            settle = "; settling it would take over 100 times as many minority rows"
        elif more:
            settle = f"; about {more:,} more minority rows would settle it"
        return (
            f"{label} with {classifier}: inconclusive — against {alt} {unit} {what} ({interval}) "
            f"is too wide to tell; the smallest effect these folds could detect is "
            f"{self._fmt(d.detectable)}{settle}."
        )

    def _what(self) -> str:
        return "expected cost per row" if self.criterion == "cost" else self.criterion_label

    def _fmt(self, value: float, signed: bool = False) -> str:
        if not np.isfinite(value):
            return "n/a"
        digits = 4 if self.criterion == "cost" else 3
        value = round(value, digits) + 0.0  # no "-0.000"
        return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"

    def recommendation_lines(self) -> list[str]:
        """At most three lines: what to use, why, and the focus strategy's outcome."""
        rec = self.recommendation
        if rec is None:
            return ["No recommendation: no strategy could be evaluated."]
        if rec.threshold > 1:  # the best cut flags nothing
            decision = "never predict the minority (no threshold did better"
        elif rec.threshold <= 0:
            decision = "predict the minority for every row (no threshold did better"
        else:
            decision = (
                f"predict the minority when its probability is >= {rec.threshold:.3g} (chosen"
            )
        return [
            f"Recommended: {rec.strategy_text} with {rec.classifier} ({rec.classifier_name}); "
            f"{decision} for {rec.threshold_objective}).",
            f"Why: {rec.reason}",
            self.outcome_sentence(rec.classifier),
        ]

    def evidence_lines(self) -> list[str]:
        """Every classifier's outcome, the costs and the calibration, one line each."""
        lines = []
        rec = self.recommendation
        for clf in self.outcomes:
            if rec is None or clf != rec.classifier:
                lines.append(self.outcome_sentence(clf))
        if self.costs is not None and self.held_out_cost:
            c = self.held_out_cost
            parts = [f"{c['recommended']:.4f} for the recommendation (cost-chosen threshold)"]
            if "same model, metric threshold" in c:
                parts.append(
                    f"{c['same model, metric threshold']:.4f} for the same model at the "
                    "threshold-objective's threshold"
                )
            if "metric-based choice" in c and self.metric_choice is not None:
                m = self.metric_choice
                parts.append(
                    f"{c['metric-based choice']:.4f} for the {METRICS[self.metric].label}-"
                    f"based choice ({m.strategy_text} with {m.classifier})"
                )
            if "0.5 cut" in c:
                parts.append(f"{c['0.5 cut']:.4f} for the recommended model's own 0.5 cut")
            lines.append(
                f"Expected cost per row on held-out folds (FN {self.costs.fn:g}, FP "
                f"{self.costs.fp:g}): " + "; ".join(parts) + "."
            )
        lines.extend(self.calibration)
        return lines

    def to_text(self) -> str:
        """Recommendation first (three lines), then the evidence."""
        return "\n".join([*self.recommendation_lines(), "", *self.evidence_lines()])

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: outcomes, findings with intervals, the recommendation."""

        def rec(r: Recommendation | None) -> dict[str, Any] | None:
            return None if r is None else dict(r.__dict__)

        return {
            "criterion": self.criterion,
            "min_gain": self.min_gain,
            "focus": self.focus,
            "outcome": self.outcome,
            "outcomes": dict(self.outcomes),
            "recommendation": rec(self.recommendation),
            "metric_choice": rec(self.metric_choice),
            "costs": None if self.costs is None else {"fn": self.costs.fn, "fp": self.costs.fp},
            "held_out_cost": dict(self.held_out_cost),
            "findings": [
                {
                    "classifier": f.classifier,
                    "strategy": f.strategy,
                    "alternative": f.alternative,
                    "difference": f.difference.mean,
                    "low": f.difference.low,
                    "high": f.difference.high,
                    "detectable": f.difference.detectable,
                    "verdict": f.verdict,
                    "more_minority_rows": f.more_minority_rows,
                }
                for f in self.findings
            ],
            "calibration": list(self.calibration),
        }

    def to_html(self) -> str:
        """The recommendation box and the outcomes, as an HTML fragment."""
        e = html.escape
        colour = {
            "helps": "#137333",
            "does not help": "#8a5a00",
            "hurts": "#b3261e",
            "inconclusive": "#555",
        }
        head = self.recommendation_lines()
        badge = ""
        if self.outcome:
            badge = (
                f'<span class="outcome" style="color:{colour[self.outcome]};font-weight:700">'
                f"{e(self.outcome)}</span> "
            )
        items = "".join(f"<li>{e(line)}</li>" for line in self.evidence_lines())
        return (
            f'<div class="answer"><p><b>{e(head[0])}</b></p><p>{e(head[1])}</p>'
            f"<p>{badge}{e(head[2])}</p>" + (f"<ul>{items}</ul>" if items else "") + "</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _split_scores(result: Comparison, clf: str, strategy: str, metric: str) -> np.ndarray:
    part = result.scores[(result.scores.classifier == clf) & (result.scores.strategy == strategy)]
    return part.sort_values("split")[metric].to_numpy(dtype=float)


def _strategy_text(result: Comparison, strategy: str) -> str:
    spec = STRATEGIES[strategy]
    if spec.kind != "sampler" or spec.sampler is None:
        return {"none": "no resampling", "threshold": "no resampling"}.get(strategy, spec.label)
    from smotekit.evaluation.strategies import Columns

    columns = Columns(tuple(map(str, range(result.info["n_features"]))), ())
    if result.info["nominal"]:
        names = tuple(f"c{i}" for i in range(result.info["n_features"]))
        columns = Columns(names, names[: len(result.info["nominal"])])
    sampler = spec.sampler(columns, result.info["random_state"], None)
    shown = []
    params = sampler.get_params(deep=False)
    for key in ("k_neighbors", "sampling_strategy", "percentage", "under_percentage"):
        if key in params and params[key] is not None:
            shown.append(f"{key}={params[key]!r}")
    return f"{spec.label} ({type(sampler).__name__}({', '.join(shown)}))"


def _more_rows(d: Difference, min_gain: float, n_minority: int) -> int | None:
    half = d.high - d.mean
    target = max(d.mean, min_gain - d.mean)
    if not (np.isfinite(half) and half > 0 and target > 0):
        return None
    factor = (half / target) ** 2
    return max(1, math.ceil(n_minority * (factor - 1))) if factor > 1 else None


class _Judge:
    """Per-split scores of every (classifier, strategy) on one criterion, higher is better."""

    def __init__(
        self, result: Comparison, criterion: str, costs: Costs | None, objective: Objective
    ) -> None:
        self.result = result
        self.criterion = criterion
        self.costs = costs
        self.objective = objective
        self._fits: dict[tuple[str, str, str], CrossFit] = {}
        self.ran = [
            (clf, s)
            for clf in result.classifiers
            for s in result.strategies
            if (clf, s) not in result.failures and (clf, s) in result.oof
        ]

    def fit(self, clf: str, strategy: str, objective: Objective) -> CrossFit:
        key = (clf, strategy, objective.name)
        if key not in self._fits:
            r = self.result
            self._fits[key] = crossfit(r.oof[(clf, strategy)], r.positive, r.folds, objective)
        return self._fits[key]

    def scores(self, clf: str, strategy: str) -> np.ndarray:
        if self.criterion == "cost":
            assert self.costs is not None
            fit = self.fit(clf, strategy, self.objective)
            tp, fp, fn, tn = fit.counts.T
            return -self.costs.per_row(fn, fp, tp + fp + fn + tn)
        return _split_scores(self.result, clf, strategy, self.criterion)

    def difference(self, a: tuple[str, str], b: tuple[str, str]) -> Difference:
        info = self.result.info
        return corrected_difference(
            self.scores(*a),
            self.scores(*b),
            n_train=info["n_train"],
            n_test=info["n_test"],
            alpha=info["alpha"],
        )

    def choose(self, guard: float | None = None) -> Any:
        """The recommended (classifier, strategy, why) on this criterion."""
        means = {k: float(np.mean(self.scores(*k))) for k in self.ran}
        best = max(means, key=lambda k: means[k])
        clf = best[0]
        order = [s for s in SIMPLICITY if (clf, s) in means]
        order += [s for s in self.result.strategies if (clf, s) in means and s not in order]
        label = STRATEGIES[best[1]].label
        for s in order:
            if s == best[1]:
                return clf, s, None
            d = self.difference(best, (clf, s))
            cheap_enough = guard is None or -means[(clf, s)] <= guard
            if d.low <= 0 and cheap_enough:
                return clf, s, (label, means[best], means[(clf, s)], d)
        return clf, best[1], None


def _recommend(
    judge: _Judge, threshold_objective: Objective, guard: float | None = None
) -> Recommendation:
    result = judge.result
    clf, strategy, passed_over = judge.choose(guard)
    fit = judge.fit(clf, strategy, threshold_objective)
    mean = float(np.mean(judge.scores(clf, strategy)))
    cost = judge.criterion == "cost"
    shown = -mean if cost else mean
    what = "expected cost per row" if cost else METRICS[judge.criterion].label
    digits = 4 if cost else 3
    if passed_over is None:
        lowest = "lowest" if cost else "highest"
        reason = f"the {lowest} {what} of every strategy and classifier ({shown:.{digits}f})."
    else:
        label, best_mean, mine, d = passed_over
        b, m = (-best_mean, -mine) if cost else (best_mean, mine)
        reason = (
            f"{label} scored {'lower' if cost else 'higher'} on {what} ({b:.{digits}f} vs "
            f"{m:.{digits}f}), not beyond the 95% interval of the difference "
            f"({d.low:+.{digits}f} to {d.high:+.{digits}f}): the simpler strategy stands."
        )
    return Recommendation(
        classifier=clf,
        classifier_name=result.info["classifier_names"][clf],
        strategy=strategy,
        strategy_text=_strategy_text(result, strategy),
        threshold=fit.threshold,
        threshold_objective=threshold_objective.label,
        score=shown,
        reason=reason,
    )


def _findings(judge: _Judge, focus: str, min_gain: float, costs: Costs | None) -> list[Finding]:
    result = judge.result
    out = []
    for clf in result.classifiers:
        if (clf, focus) not in judge.ran:
            continue
        for alt in result.strategies:
            if alt == focus or STRATEGIES[alt].synthetic or (clf, alt) not in judge.ran:
                continue
            gain = min_gain
            if costs is not None:  # a share of what the alternative costs
                gain = min_gain * max(float(-np.mean(judge.scores(clf, alt))), 1e-12)
            d = judge.difference((clf, focus), (clf, alt))
            if d.low > 0:
                verdict = "better"
            elif d.high < 0:
                verdict = "worse"
            elif d.high < gain:
                verdict = "no useful gain"
            else:
                verdict = "open"
            more = _more_rows(d, gain, result.info["n_minority"]) if verdict == "open" else None
            out.append(Finding(clf, focus, alt, d, gain, verdict, more))
    return out


def _outcome(findings: list[Finding]) -> str:
    verdicts = {f.verdict for f in findings}
    if verdicts == {"better"}:
        return "helps"
    if "worse" in verdicts:
        return "hurts"
    if "no useful gain" in verdicts:
        return "does not help"
    return "inconclusive"


def _calibration(result: Comparison, clf: str) -> list[str]:
    if not result.info.get("prior_correction", True):
        return []
    parts, shifted = [], []
    for s in result.strategies:
        if (clf, s) in result.failures or s == "threshold":
            continue
        raw = result.mean(clf, s, "brier_uncorrected")
        fixed = result.mean(clf, s, "brier")
        if not np.isfinite(raw):
            continue
        if abs(raw - fixed) > 5e-4:
            parts.append(f"{STRATEGIES[s].label} {raw:.3f} → {fixed:.3f}")
            if fixed < raw:
                shifted.append(STRATEGIES[s].label)
        else:
            parts.append(f"{STRATEGIES[s].label} {raw:.3f}")
    if not parts:
        return []
    lines = [
        f"Calibration with {clf} (Brier score, lower is better; raw → prior-corrected): "
        + "; ".join(parts)
        + "."
    ]
    if shifted:
        lines.append(
            f"Resampling and class weights shift probabilities toward the minority "
            f"({', '.join(shifted)}): to use them as probabilities, wrap the model in "
            "smotekit.evaluation.PriorShiftCorrection (the corrected column above)."
        )
    return lines


def _focus(result: Comparison) -> str | None:
    ran = {s for (c, s) in result.oof if (c, s) not in result.failures}
    if "smote" in ran:
        return "smote"
    synthetic = [s for s in result.strategies if s in ran and STRATEGIES[s].synthetic]
    if synthetic:
        return synthetic[0]
    samplers = [s for s in result.strategies if s in ran and STRATEGIES[s].kind == "sampler"]
    return samplers[0] if samplers else None


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise InvalidParameterError(f"{name} must be a number, got {value!r}.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{name} must be a number, got {value!r}.") from None


def check_options(
    metric: str, min_gain: float | None, cost_fn: float | None, cost_fp: float | None
) -> tuple[Costs | None, float]:
    """Validate the answer's options (before any model is fitted): costs and the gain.

    Returns
    -------
    costs : Costs or None
    min_gain : float
        Resolved from its default when ``None``.
    """
    if metric not in METRICS or metric == "brier_uncorrected":
        raise InvalidParameterError(
            f"metric={metric!r} is not a metric of the comparison; choose from "
            f"{[m for m in METRICS if m != 'brier_uncorrected']}."
        )
    if not METRICS[metric].higher_is_better:
        raise InvalidParameterError(
            f"metric={metric!r}: judge on a metric where higher is better (e.g. 'pr_auc')."
        )
    costs = None
    if cost_fn is not None or cost_fp is not None:
        costs = Costs(
            _number("cost_fn", 1 if cost_fn is None else cost_fn),
            _number("cost_fp", 1 if cost_fp is None else cost_fp),
        )
    gain = None if min_gain is None else _number("min_gain", min_gain)
    if gain is not None and not (np.isfinite(gain) and gain >= 0):
        raise InvalidParameterError(f"min_gain must be a number >= 0, got {min_gain!r}.")
    if gain is None:
        gain = DEFAULT_MIN_COST_SAVING if costs is not None else DEFAULT_MIN_GAIN
    return costs, gain


def answer(
    result: Comparison,
    *,
    metric: str = "pr_auc",
    min_gain: float | None = None,
    cost_fn: float | None = None,
    cost_fp: float | None = None,
) -> Answer:
    """Judge a comparison: the three-way outcome and a recommendation.

    Parameters
    ----------
    result : Comparison
    metric : str, default='pr_auc'
        What the strategies are judged on without costs (a key of :data:`METRICS`).
        PR-AUC measures how well the minority is ranked whatever the threshold, and the
        threshold is chosen separately.
    min_gain : float, default=None
        The smallest gain worth having: 0.02 in the metric's units, or with costs 0.05
        (a 5% saving on the alternative's expected cost).
    cost_fn, cost_fp : float, default=None
        Cost of a missed minority case and of a false alarm. Either one given turns costs
        on (the other defaults to 1): strategies are then judged on their expected cost per
        row at a threshold chosen for least cost on other folds.

    Returns
    -------
    Answer
    """
    costs, gain = check_options(metric, min_gain, cost_fn, cost_fp)
    criterion = "cost" if costs is not None else metric
    label = "expected cost" if costs is not None else METRICS[metric].label
    tuning = objective_for(result.info["threshold_scoring"])
    cost_objective = objective_for("", costs) if costs is not None else tuning
    out = Answer(criterion, label, gain, _focus(result), costs=costs, metric=metric)
    out.n_minority = int(result.info["n_minority"])
    judge = _Judge(result, criterion, costs, cost_objective)
    if not judge.ran:
        return out
    if out.focus is not None:
        out.findings = _findings(judge, out.focus, gain, costs)
        for clf in result.classifiers:
            mine = [f for f in out.findings if f.classifier == clf]
            if mine:
                out.outcomes[clf] = _outcome(mine)
    if costs is None:
        out.recommendation = _recommend(judge, tuning)
    else:
        metric_judge = _Judge(result, metric, None, tuning)
        out.metric_choice = _recommend(metric_judge, tuning)
        m = out.metric_choice
        m_fit = judge.fit(m.classifier, m.strategy, tuning)
        tp, fp, fn, tn = m_fit.counts.T
        metric_cost = float(np.mean(costs.per_row(fn, fp, tp + fp + fn + tn)))
        out.recommendation = _recommend(judge, cost_objective, guard=metric_cost)
        rec = out.recommendation
        held = {"recommended": float(-np.mean(judge.scores(rec.classifier, rec.strategy)))}
        same = judge.fit(rec.classifier, rec.strategy, tuning).counts.T
        held["same model, metric threshold"] = float(
            np.mean(costs.per_row(same[2], same[1], same.sum(axis=0)))
        )
        held["metric-based choice"] = metric_cost
        p = result.oof[(rec.classifier, rec.strategy)]
        per_split = []
        for r in range(p.shape[0]):
            for f in range(int(result.folds.max()) + 1):
                rows = result.folds[r] == f
                tp, fp, fn, tn = confusion(p[r, rows], result.positive[rows], 0.5)
                per_split.append(float(costs.per_row(fn, fp, tp + fp + fn + tn)[0]))
        held["0.5 cut"] = float(np.mean(per_split))
        out.held_out_cost = held
    out.calibration = _calibration(result, out.recommendation.classifier)
    return out
