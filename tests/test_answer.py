"""The comparison's answer: three outcomes, the recommendation, costs and calibration.

The data sets here are public ones the project never tuned on and does not keep in its
repository: they ship with scikit-learn (Wisconsin breast cancer, wine, handwritten digits),
each made a rare-class problem the way a user would.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import load_breast_cancer, load_digits, load_wine

from smotekit.errors import InvalidParameterError
from smotekit.evaluation import (
    OUTCOMES,
    build_report,
    compare,
    corrected_difference,
    corrected_resampled_t_test,
)
from smotekit.evaluation import answer as judge
from smotekit.evaluation.thresholds import (
    Costs,
    _cuts,
    best_threshold,
    crossfit,
    objective_for,
)


def _cancer_35():
    """Breast cancer with the malignant class cut to 35 rows (the issue's shape)."""
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    rng = np.random.default_rng(0)
    keep = np.r_[np.flatnonzero(y == 1), rng.choice(np.flatnonzero(y == 0), 35, replace=False)]
    keep.sort()
    return X.iloc[keep], (y.iloc[keep] == 0).astype(int)


def _wine():
    X, y = load_wine(return_X_y=True, as_frame=True)
    return X, (y == 2).astype(int)


def _digits_40():
    X, y = load_digits(return_X_y=True, as_frame=True)
    rng = np.random.default_rng(0)
    keep = np.r_[np.flatnonzero(y != 9), rng.choice(np.flatnonzero(y == 9), 40, replace=False)]
    keep.sort()
    return X.iloc[keep], (y.iloc[keep] == 9).astype(int)


DATASETS = {"cancer-35": _cancer_35, "wine": _wine, "digits-40": _digits_40}


@pytest.fixture(scope="module", params=list(DATASETS))
def run(request):
    X, y = DATASETS[request.param]()
    result = compare(X, y, classifiers=["tree", "logistic"], n_splits=5, n_repeats=3)
    return request.param, X, y, result


def test_outcomes_follow_the_intervals(run):
    """Inconclusive where an interval straddles zero and is wide; never "does not help" there."""
    _, _, _, result = run
    ans = result.answer
    assert ans.focus == "smote"
    assert set(ans.outcomes) == {"tree", "logistic"}
    for f in ans.findings:
        d, gain = f.difference, f.min_gain
        assert d.low <= d.mean <= d.high
        expected = (
            "better"
            if d.low > 0
            else "worse"
            if d.high < 0
            else "no useful gain"
            if d.high < gain
            else "open"
        )
        assert f.verdict == expected
        if f.verdict == "open":
            assert f.more_minority_rows is None or f.more_minority_rows > 0
    for clf, outcome in ans.outcomes.items():
        mine = [f for f in ans.findings if f.classifier == clf]
        verdicts = {f.verdict for f in mine}
        assert outcome in OUTCOMES
        if outcome == "does not help":
            # some alternative's interval must exclude a useful gain
            assert any(f.difference.high < f.min_gain for f in mine)
        if all(f.difference.low < 0 < f.difference.high and f.verdict == "open" for f in mine):
            assert outcome == "inconclusive"
        if outcome == "helps":
            assert verdicts == {"better"}


def test_the_issue_case_is_not_called_does_not_help():
    """35 minority rows, a decision tree: SMOTE's gain cannot be told apart from zero."""
    X, y = _cancer_35()
    result = compare(
        X, y, strategies="none,threshold,smote", classifiers="tree", n_splits=5, n_repeats=3
    )
    deciding = result.answer.deciding("tree")
    if deciding.difference.low < 0 < deciding.difference.high:
        assert result.answer.outcomes["tree"] == "inconclusive"
    assert result.answer.outcomes["tree"] != "does not help" or (
        deciding.difference.high < deciding.min_gain
    )
    assert "does not help" not in result.verdict or "inconclusive" not in result.verdict


def test_same_outcome_in_text_json_and_html(run):
    result = run[3]
    ans = result.answer
    text = result.to_text()
    first = text.splitlines()[:3]
    assert first[0].startswith("Recommended: ")
    assert first[1].startswith("Why: ")
    rec = ans.recommendation
    assert rec.classifier in first[0] and f"{rec.threshold:.3g}" in first[0]
    assert text.splitlines()[3] == ""  # at most three lines of recommendation
    data = json.loads(result.to_json())
    assert data["answer"]["outcome"] == ans.outcome
    assert data["answer"]["outcomes"] == ans.outcomes
    assert data["answer"]["recommendation"]["strategy"] == rec.strategy
    page = build_report(result, diagnosis=False)
    badge = re.search(r'<span class="outcome"[^>]*>([^<]+)</span>', page)
    assert badge is not None and badge.group(1) == ans.outcome
    for clf, outcome in ans.outcomes.items():
        assert f"{clf}: {outcome}" in text
    assert "reliability diagram" in page
    # the verdict paragraph states the same outcome, never a second opinion
    for outcome in ans.outcomes.values():
        word = {"inconclusive": "is inconclusive"}.get(outcome, outcome)
        assert word in result.verdict


def test_costs_pick_a_threshold_no_worse_than_the_metric_choice(run):
    """The bar: with costs, the recommendation's held-out cost <= the metric-based choice's."""
    _, _, _, result = run
    ans = judge(result, cost_fn=20, cost_fp=1)
    assert ans.criterion == "cost"
    held = ans.held_out_cost
    assert held["recommended"] <= held["metric-based choice"] + 1e-12
    assert held["recommended"] <= held["same model, metric threshold"] + 1e-12
    assert ans.metric_choice is not None
    # FN twenty times dearer: the threshold sits well below the balanced one
    assert ans.recommendation.threshold <= result.answer.recommendation.threshold + 1e-9
    assert "expected cost" in ans.to_text()


def test_cost_report_draws_cost_curves():
    X, y = _wine()
    result = compare(
        X,
        y,
        strategies="none,smote",
        classifiers="logistic",
        n_splits=3,
        n_repeats=1,
        cost_fn=20,
        cost_fp=1,
    )
    page = build_report(result, diagnosis=False)
    assert 'alt="expected cost and cost curves' in page
    assert "FN 20, FP 1" in result.to_text()
    html_fragment = result._repr_html_()
    assert "Recommended:" in html_fragment and "<table>" in html_fragment
    assert "Recommended:" in result.answer._repr_html_()


def test_calibration_lines_name_the_fix():
    X, y = _cancer_35()
    result = compare(X, y, strategies="none,smote", classifiers="logistic", n_splits=3, n_repeats=1)
    lines = result.answer.calibration
    assert lines and "Brier" in lines[0] and "SMOTE" in lines[0]
    raw = result.mean("logistic", "smote", "brier_uncorrected")
    fixed = result.mean("logistic", "smote", "brier")
    assert f"{raw:.3f} → {fixed:.3f}" in lines[0]
    assert any("PriorShiftCorrection" in line for line in lines)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"cost_fn": "twenty"}, "cost_fn must be a number"),
        ({"cost_fn": -1}, "cost_fn must be a finite number >= 0"),
        ({"cost_fn": 0, "cost_fp": 0}, "both 0"),
        ({"cost_fp": float("inf")}, "cost_fp must be a finite number"),
        ({"metric": "accuracy"}, "is not a metric of the comparison"),
        ({"metric": "brier"}, "higher is better"),
        ({"min_gain": -0.1}, "min_gain must be a number >= 0"),
        ({"min_gain": True}, "min_gain must be a number"),
    ],
)
def test_bad_options_fail_before_any_fit(kwargs, fragment):
    X, y = _wine()
    calls = []
    with pytest.raises(InvalidParameterError, match=re.escape(fragment)):
        compare(X, y, classifiers="tree", progress=lambda *a: calls.append(a), **kwargs)
    assert calls == []  # refused up front, not after the cross-validation


def test_one_cost_given_means_the_other_is_one():
    X, y = _wine()
    result = compare(
        X, y, strategies="none,smote", classifiers="logistic", n_splits=3, n_repeats=1, cost_fn=5
    )
    assert result.answer.costs == Costs(5.0, 1.0)


# ---- thresholds -------------------------------------------------------------------------


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=40),
    st.lists(st.booleans(), min_size=1, max_size=40),
    st.sampled_from(["balanced_accuracy", "f1", "g_mean", "cost"]),
)
def test_best_threshold_reaches_the_best_cut(levels, labels, name):
    n = min(len(levels), len(labels))
    p = np.array(levels[:n], dtype=float) / 6
    y = np.array(labels[:n])
    objective = objective_for(name, Costs(20, 1) if name == "cost" else None)
    t = best_threshold(p, y, objective)
    _, counts = _cuts(p, y)
    pred = p >= t
    mine = objective.score(
        np.array([np.sum(pred & y)]),
        np.array([np.sum(pred & ~y)]),
        np.array([np.sum(~pred & y)]),
        np.array([np.sum(~pred & ~y)]),
    )[0]
    assert mine == pytest.approx(objective.score(*counts).max(), abs=1e-12)


def test_cost_threshold_leans_toward_the_dearer_error():
    # every threshold in (0.3, 0.7] separates perfectly: FN 20x dearer settles low
    p = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    y = np.array([False, False, False, True, True, True])
    cost = best_threshold(p, y, objective_for("", Costs(fn=20, fp=1)))
    balanced = best_threshold(p, y, objective_for("balanced_accuracy"))
    assert 0.3 < cost < balanced <= 0.7
    assert balanced == pytest.approx(0.5)
    assert cost == pytest.approx(0.3 + 0.4 / 21)


def test_crossfit_threshold_never_sees_its_own_fold():
    rng = np.random.default_rng(0)
    n = 60
    y = rng.random(n) < 0.3
    p = np.clip(y * 0.3 + rng.random(n) * 0.7, 0, 1)[None, :]
    folds = (np.arange(n) % 3)[None, :]
    objective = objective_for("f1")
    base = crossfit(p, y, folds, objective)
    flipped = y.copy()
    flipped[folds[0] == 1] = ~flipped[folds[0] == 1]  # fold 1's labels changed
    other = crossfit(p, flipped, folds, objective)
    assert other.split_thresholds[1] == base.split_thresholds[1]
    assert other.split_thresholds[0] != base.split_thresholds[0] or (
        other.split_thresholds[2] != base.split_thresholds[2]
    )


# ---- statistics -------------------------------------------------------------------------


@given(
    st.lists(st.floats(0, 1), min_size=3, max_size=15),
    st.lists(st.floats(-0.2, 0.2), min_size=3, max_size=15),
)
def test_difference_interval_matches_the_paired_test(a, shift):
    n = min(len(a), len(shift))
    a = np.array(a[:n])
    b = np.clip(a - np.array(shift[:n]), 0, 1)
    d = corrected_difference(a, b, n_train=400, n_test=100)
    test = corrected_resampled_t_test(a, b, n_train=400, n_test=100)
    if not np.isfinite(test.t) or d.se == 0 or abs(abs(test.t) - 2) < 0.5:
        return  # degenerate or too near the boundary for floating point to agree
    excludes_zero = d.low > 0 or d.high < 0
    assert excludes_zero == (test.outcome != "indistinguishable")
    assert d.detectable > d.high - d.mean  # detectable effect exceeds the half-width


def test_more_rows_shrink_the_interval_as_promised():
    from smotekit.evaluation.judge import _more_rows
    from smotekit.evaluation.stats import Difference

    d = Difference(mean=0.01, low=-0.05, high=0.07, se=0.03, detectable=0.08, n_scores=15)
    more = _more_rows(d, 0.02, n_minority=100)
    # half-width 0.06 must shrink to max(0.01, 0.01) = 0.01: (0.06/0.01)^2 = 36x the rows
    assert more == 3500
    assert _more_rows(Difference(0.0, -1e-3, 1e-3, 1e-3, 0.0, 5), 0.02, 100) is None


@pytest.mark.parametrize("name", ["BalancedRandomForestClassifier", "EasyEnsembleClassifier"])
def test_prior_correction_reads_a_balanced_ensembles_members(name):
    """Members fitted on balanced under-samples predict under a balanced prior: undo it."""
    import smotekit.ensemble
    from smotekit.evaluation import PriorShiftCorrection, training_prior

    X, y = _digits_40()
    model = getattr(smotekit.ensemble, name)(n_estimators=5, random_state=0).fit(X, y)
    prior = training_prior(model, y, model.classes_)
    np.testing.assert_allclose(prior, [0.5, 0.5])
    wrapped = PriorShiftCorrection(getattr(smotekit.ensemble, name)(n_estimators=5, random_state=0))
    wrapped.fit(X, y)
    raw = model.predict_proba(X)[:, 1]
    fixed = wrapped.predict_proba(X)[:, 1]
    # moved toward the true minority share (40 of 1,657 rows), order kept
    assert fixed.mean() < raw.mean()
    assert np.array_equal(np.argsort(fixed, kind="stable"), np.argsort(raw, kind="stable"))


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    from smotekit.cli.main import main

    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return int(code or 0), captured.out, captured.err


def test_cli_prints_the_answer_first_and_writes_json(tmp_path, capsys):
    report, data = tmp_path / "r.html", tmp_path / "answer.json"
    args = ["evaluate", "-s", "none,class-weight,smote", "-c", "logistic", "--folds", "3"]
    args += ["--repeats", "1", "--cost-fn", "20", "--no-diagnosis"]
    code, out, err = _cli([*args, "-o", str(report), "--json", str(data)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    first = lines[lines.index(next(x for x in lines if x.startswith("Recommended: "))) :][:4]
    assert first[1].startswith("Why: ") and first[3] == ""
    saved = json.loads(data.read_text())
    assert saved["answer"]["costs"] == {"fn": 20.0, "fp": 1.0}
    assert saved["answer"]["outcome"] in OUTCOMES and saved["answer"]["outcome"] in first[2]
    assert "cost curves" in report.read_text()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--cost-fn", "-2"], "cost_fn must be a finite number >= 0"),
        (["--metric", "brier"], "Invalid value for '--metric'"),
        (["--min-gain", "-1"], "min_gain must be a number >= 0"),
        (["-o", "{same}", "--json", "{same}"], "--json and --report are the same file"),
    ],
)
def test_cli_answer_options_are_checked_before_any_work(extra, message, tmp_path, capsys):
    same = str(tmp_path / "same.html")
    code, _, err = _cli(["evaluate", *(a.format(same=same) for a in extra)], capsys)
    assert code != 0 and message in err
    assert len(err.strip().splitlines()) == 1  # one line, no traceback
    assert list(tmp_path.iterdir()) == []


def test_notebook_fragment_keeps_the_notebooks_own_styles():
    X, y = _wine()
    result = compare(X, y, strategies="none,smote", classifiers="logistic", n_splits=3, n_repeats=1)
    fragment = result._repr_html_()
    style = re.search(r"<style>(.*?)</style>", fragment, re.S).group(1)
    rules = [r.split("{")[0] for r in style.split("}") if "{" in r]
    assert rules and all(
        sel.strip().startswith(".smotekit") for rule in rules for sel in rule.split(",")
    )
    assert fragment.startswith('<div class="smotekit">')


def test_a_cut_that_flags_nothing_is_said_in_words():
    """Dear false alarms and a tree's 0/1 probabilities: flagging nothing is cheapest."""
    X, y = _cancer_35()
    result = compare(
        X, y, strategies="none,smote", classifiers="tree", n_splits=3, n_repeats=1, cost_fp=50
    )
    first = result.to_text().splitlines()[0]
    assert result.answer.recommendation.threshold > 1  # above every probability
    assert "never predict the minority" in first and ">= 1" not in first
