"""The comparison, its statistics, the prior correction, the paper's experiment and the CLI."""

from __future__ import annotations

from pathlib import Path

import click
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.tree import DecisionTreeClassifier

from smotekit import SMOTE, SMOTENC, RandomUnderSampler, SMOTEUnder
from smotekit.cli.main import main
from smotekit.datasets import load_pima
from smotekit.evaluation import (
    METRICS,
    STRATEGIES,
    PriorShiftCorrection,
    compare,
    corrected_resampled_t_test,
    corrected_t_interval,
    paper_experiment,
    prior_shift,
    training_prior,
)
from smotekit.evaluation.compare import Comparison, _paired_tests, _summarise
from smotekit.evaluation.judge import answer as judge
from smotekit.evaluation.paper import roc_convex_hull, trapezoid_auc
from smotekit.evaluation.strategies import BalancedWeights, Columns, make_estimator
from smotekit.evaluation.verdict import write_verdict
from smotekit.pipeline import Pipeline, make_pipeline

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def pima():
    return load_pima(return_X_y=True)


def load(name: str):
    frame = pd.read_csv(DATA / f"{name}.csv")
    return frame.drop(columns="label"), frame["label"]


# ---- statistics --------------------------------------------------------------------------


def test_corrected_interval_matches_formula_and_is_wider_than_naive():
    scores = np.array([0.71, 0.74, 0.69, 0.77, 0.72, 0.75, 0.70, 0.73, 0.76, 0.74])
    mean, low, high = corrected_t_interval(scores, n_train=400, n_test=100)
    J = scores.size
    se = np.sqrt((1 / J + 100 / 400) * scores.var(ddof=1))
    half = stats.t.ppf(0.975, J - 1) * se
    assert mean == pytest.approx(scores.mean())
    assert (low, high) == pytest.approx((mean - half, mean + half))
    naive = stats.t.ppf(0.975, J - 1) * scores.std(ddof=1) / np.sqrt(J)
    assert high - mean > 1.5 * naive  # the overlap of training folds widens it


def test_corrected_t_test_formula_and_outcomes():
    rng = np.random.default_rng(0)
    b = rng.uniform(0.6, 0.8, 15)
    a = b + rng.normal(0.03, 0.01, 15)
    result = corrected_resampled_t_test(a, b, n_train=600, n_test=150)
    d = a - b
    t = d.mean() / np.sqrt((1 / 15 + 150 / 600) * d.var(ddof=1))
    assert result.t == pytest.approx(t)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), 14))
    assert result.outcome == "better" and result.df == 14
    # lower is better (Brier): the same difference is "worse"
    brier = corrected_resampled_t_test(a, b, n_train=600, n_test=150, higher_is_better=False)
    assert brier.outcome == "worse"
    noise = corrected_resampled_t_test(b + rng.normal(0, 0.02, 15), b, n_train=600, n_test=150)
    assert noise.outcome == "indistinguishable"
    same = corrected_resampled_t_test(b, b, n_train=600, n_test=150)
    assert (same.p_value, same.outcome) == (1.0, "indistinguishable")


# ---- prior-shift correction --------------------------------------------------------------


def test_prior_shift_is_the_two_class_formula():
    p = np.array([0.1, 0.5, 0.9])
    true, fit = np.array([0.65, 0.35]), np.array([0.5, 0.5])
    w0, w1 = true / fit
    expected = p * w1 / (p * w1 + (1 - p) * w0)
    out = prior_shift(np.column_stack([1 - p, p]), fit, true)
    assert out[:, 1] == pytest.approx(expected)
    assert out.sum(axis=1) == pytest.approx(1.0)


def test_training_prior_reads_samplers_and_weights(pima):
    X, y = pima
    classes = np.array([0, 1])
    smote = make_pipeline(SMOTE(random_state=0), LogisticRegression(max_iter=500)).fit(X, y)
    assert training_prior(smote, y, classes) == pytest.approx([0.5, 0.5])
    under = make_pipeline(RandomUnderSampler(random_state=0), GaussianNB()).fit(X, y)
    assert training_prior(under, y, classes) == pytest.approx([0.5, 0.5])
    weighted = LogisticRegression(class_weight="balanced", max_iter=500).fit(X, y)
    assert training_prior(weighted, y, classes) == pytest.approx([0.5, 0.5])
    assert training_prior(BalancedWeights(GaussianNB()).fit(X, y), y, classes) == pytest.approx(
        [0.5, 0.5]
    )
    plain = TunedThresholdClassifierCV(LogisticRegression(max_iter=500)).fit(X, y)
    assert training_prior(plain, y, classes) == pytest.approx([500 / 768, 268 / 768])
    partial = SMOTEUnder(percentage=100, under_percentage=200, random_state=0)
    odd = make_pipeline(partial, GaussianNB()).fit(X, y)
    assert training_prior(odd, y, classes) == pytest.approx([268 / 804, 536 / 804])


def test_correction_improves_smote_probabilities_on_held_out_rows(pima):
    X, y = pima
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.4, stratify=y, random_state=0)
    model = make_pipeline(SMOTE(random_state=0), LogisticRegression(max_iter=1000))
    corrected = PriorShiftCorrection(model).fit(X_tr, y_tr)
    raw = corrected.estimator_.predict_proba(X_te)[:, 1]
    fixed = corrected.predict_proba(X_te)[:, 1]
    true_share = y_tr.mean()
    # SMOTE trained at 50/50: raw probabilities overstate the minority; corrected ones do not
    assert raw.mean() > true_share + 0.05
    assert abs(fixed.mean() - true_share) < abs(raw.mean() - true_share) / 2
    assert brier_score_loss(y_te, fixed) < brier_score_loss(y_te, raw)
    assert set(corrected.predict(X_te)) <= {0, 1}


# ---- strategies --------------------------------------------------------------------------


def test_strategies_build_what_they_say():
    numeric = Columns(("a", "b"))
    mixed = Columns(("a", "b", "c"), nominal=("c",))
    threshold = make_estimator("threshold", LogisticRegression(), columns=numeric, minority=1)
    assert isinstance(threshold, TunedThresholdClassifierCV)
    weights = make_estimator("class-weight", LogisticRegression(), columns=numeric, minority=1)
    assert weights.class_weight == "balanced"
    nested = make_estimator(
        "class-weight", make_pipeline(LogisticRegression()), columns=numeric, minority=1
    )
    assert nested.steps[-1][1].class_weight == "balanced"
    assert isinstance(
        make_estimator("class-weight", GaussianNB(), columns=numeric, minority=1), BalancedWeights
    )
    smote_nc = make_estimator("smote", DecisionTreeClassifier(), columns=mixed, minority=1)
    assert [n for n, _ in smote_nc.steps] == ["sampler", "encode", "classifier"]
    assert isinstance(smote_nc.named_steps["sampler"], SMOTENC)
    under = make_estimator("smote-under", DecisionTreeClassifier(), columns=mixed, minority=1)
    assert [n for n, _ in under.steps] == ["encode", "sampler", "classifier"]  # numbers only
    assert isinstance(under.named_steps["sampler"], SMOTEUnder)


def test_compare_pima_same_folds_every_strategy(pima):
    X, y = pima
    result = compare(X, y, classifiers="logistic", n_splits=3, n_repeats=2, random_state=1)
    assert result.strategies == [
        "none",
        "class-weight",
        "threshold",
        "random-under",
        "random-over",
        "smote",
        "smote-under",
    ]
    assert not result.failures
    folds = result.scores.groupby("strategy").split.apply(lambda s: tuple(sorted(s)))
    assert folds.nunique() == 1 and len(folds.iloc[0]) == 6
    assert len(result.summary) == 7 * len(METRICS)
    assert len(result.tests) == 2 * 6 * len(METRICS)
    assert set(result.tests.outcome) <= {"better", "worse", "indistinguishable"}
    # the correction changes SMOTE's Brier score and leaves the untouched model's alone
    smote = result.scores[result.scores.strategy == "smote"]
    none = result.scores[result.scores.strategy == "none"]
    assert (smote.brier != smote.brier_uncorrected).all()
    assert np.allclose(none.brier, none.brier_uncorrected)
    assert smote.brier.mean() < smote.brier_uncorrected.mean()
    # SMOTE raises minority recall over the untouched model on every fold
    assert (smote.recall.to_numpy() > none.recall.to_numpy()).all()
    # the verdict quotes the table's own numbers
    assert "SMOTE" in result.verdict
    assert f"{result.mean('logistic', 'smote', 'recall'):.3f}" in result.verdict
    text = result.to_text()
    assert "threshold tuning" in text and "Brier(raw)" in text


def test_compare_credit_g_nominal_columns():
    X, y = load("credit_g")
    result = compare(
        X,
        y,
        strategies="none,class-weight,random-under,smote,smote-under",
        classifiers="logistic",
        n_splits=3,
        n_repeats=1,
    )
    assert not result.failures
    assert result.info["minority"] == "bad" and len(result.info["nominal"]) == 13
    assert 0.6 < result.mean("logistic", "smote", "roc_auc") < 0.9


@pytest.mark.parametrize("name", ["phoneme", "satimage"])
def test_compare_real_numeric_data(name):
    X, y = load(name)
    result = compare(
        X,
        y,
        strategies="none,threshold,smote,smote-under",
        classifiers="tree",
        n_splits=2,
        n_repeats=1,
    )
    assert not result.failures and result.info["minority"] == 1
    for strategy in result.strategies:
        assert 0.5 < result.mean("tree", strategy, "roc_auc") < 1.0


def test_every_strategy_runs(pima):
    X, y = pima
    result = compare(X, y, strategies="all", classifiers="tree", n_splits=2, n_repeats=1)
    assert result.strategies == list(STRATEGIES)
    assert not result.failures, result.failures


def fake_comparison(
    shift_vs_none: float, shift_vs_threshold: float, spread: float = 0.002
) -> Comparison:
    """A comparison of made-up fold scores: SMOTE = none + shift_vs_none, etc."""
    rng = np.random.default_rng(0)
    base = rng.uniform(0.6, 0.7, 10)
    rows = []
    n_rows = 100
    positive = np.arange(n_rows) % 4 == 0
    folds = (np.arange(n_rows) % 5)[None, :].repeat(2, axis=0)
    oof = {}
    for strategy, shift in (
        ("none", 0.0),
        ("threshold", shift_vs_none - shift_vs_threshold),
        ("smote", shift_vs_none),
    ):
        oof[("tree", strategy)] = np.clip(positive * 0.4 + rng.random((2, n_rows)) * 0.6, 0, 1)
        for split in range(10):
            noise = rng.normal(0, spread)
            rows.append(
                {"classifier": "tree", "strategy": strategy, "split": split}
                | {m: base[split] + shift + noise for m in METRICS}
            )
    scores = pd.DataFrame(rows)
    keys = ["none", "threshold", "smote"]
    result = Comparison(
        scores=scores,
        summary=_summarise(scores, 400, 100),
        tests=_paired_tests(scores, keys, 400, 100, 0.05),
        curves={},
        failures={},
        info={
            "alpha": 0.05,
            "prior_correction": True,
            "classifier_names": {"tree": "CART"},
            "threshold_scoring": "balanced_accuracy",
            "n_train": 400,
            "n_test": 100,
            "n_minority": 25,
            "n_features": 3,
            "nominal": [],
            "random_state": 0,
        },
        strategies=keys,
        classifiers=["tree"],
        oof=oof,
        folds=folds,
        positive=positive,
    )
    result.answer = judge(result)
    result.verdict = write_verdict(result)
    return result


def test_verdict_follows_the_numbers():
    no_help = fake_comparison(shift_vs_none=0.05, shift_vs_threshold=0.0)
    assert no_help.answer.outcomes == {"tree": "does not help"}
    assert "with tree SMOTE does not help" in no_help.verdict
    assert "better on minority recall" in no_help.verdict  # its gain over no resampling
    helps = fake_comparison(shift_vs_none=0.08, shift_vs_threshold=0.04)
    assert helps.answer.outcomes == {"tree": "helps"}
    assert "with tree SMOTE helps" in helps.verdict
    assert "does not help" not in helps.verdict
    # the recommendation takes SMOTE only where it helps
    assert helps.answer.recommendation.strategy == "smote"
    assert no_help.answer.recommendation.strategy in ("none", "threshold")
    worse = fake_comparison(shift_vs_none=-0.05, shift_vs_threshold=-0.05)
    assert worse.answer.outcomes == {"tree": "hurts"}
    assert "with tree SMOTE hurts" in worse.verdict
    # a real gain measured too noisily: inconclusive, with rows that would settle it
    unsure = fake_comparison(shift_vs_none=0.04, shift_vs_threshold=0.04, spread=0.08)
    assert unsure.answer.outcomes == {"tree": "inconclusive"}
    assert "does not help" not in unsure.verdict
    assert "more minority rows would settle it" in unsure.answer.outcome_sentence("tree")
    worse_part = worse.verdict.split("worse on ", 1)[1].split(";")[0]
    assert "ROC-AUC (" in worse_part and "balanced accuracy (" in worse_part


# ---- the paper's experiment --------------------------------------------------------------


def test_hull_and_trapezoid():
    fp, tp = [10, 30, 50, 70], [40, 50, 85, 90]
    hull_fp, hull_tp = roc_convex_hull(fp, tp)
    assert list(zip(hull_fp, hull_tp, strict=True)) == [(0, 0), (10, 40), (50, 85), (100, 100)]
    assert trapezoid_auc(hull_fp, hull_tp) >= trapezoid_auc(fp, tp)
    assert trapezoid_auc([], []) == 0.5
    # the hull's area by hand: trapezoids 0-10, 10-50, 50-100
    expected = (10 * 40 / 2 + 40 * (40 + 85) / 2 + 50 * (85 + 100) / 2) / 1e4
    assert trapezoid_auc(hull_fp, hull_tp) == pytest.approx(expected)


def test_paper_experiment_on_pima(pima):
    X, y = pima
    result = paper_experiment(
        X, y, smote_levels=(0, 100), under_levels=(10, 100, 1000), n_splits=3, dataset="pima"
    )
    points = result.points
    assert len(points) == 6
    assert (points.tp + points.fn == 268).all() and (points.fp + points.tn == 500).all()
    for smote, part in points.groupby("smote"):
        ordered = part.sort_values("under")
        # more under-sampling of the majority: more minority predictions, more of both rates
        assert ordered.tp_rate.iloc[-1] > ordered.tp_rate.iloc[0], smote
        assert ordered.fp_rate.iloc[-1] > ordered.fp_rate.iloc[0], smote
    table = result.table()
    assert table.paper.tolist() == [7242, 7307]
    assert ((table["ours (hull)"] > 6000) & (table["ours (hull)"] < 9000)).all()
    assert "7242" in result.to_text()


# ---- command line ------------------------------------------------------------------------


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out, out.err


def test_cli_evaluate_bundled_data(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(
        ["evaluate", "-c", "tree", "-s", "none,threshold,smote", "--folds", "2", "--repeats", "1"],
        capsys,
    )
    assert code == 0, out
    assert "SMOTE" in out and "wrote pima_evaluation.html" in out
    # a fully grown tree predicts 0 or 1: the verdict says threshold tuning cannot move it
    assert "changed no prediction" in out
    page = (tmp_path / "pima_evaluation.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "data:image/png;base64," in page
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cli_evaluate_file_with_custom_classifier(tmp_path: Path, capsys):
    report = tmp_path / "credit.html"
    code, out, err = run(
        [
            "evaluate",
            str(DATA / "credit_g.csv"),
            "--target",
            "label",
            "-c",
            "sklearn.ensemble.RandomForestClassifier(n_estimators=20, random_state=0)",
            "-s",
            "none,smote",
            "--folds",
            "2",
            "--repeats",
            "1",
            "--no-diagnosis",
            "-o",
            str(report),
        ],
        capsys,
    )
    assert code == 0, err
    assert "RandomForestClassifier" in out and report.exists()


def test_cli_evaluate_errors(capsys):
    code, _, err = run(["evaluate", str(DATA / "phoneme.csv")], capsys)
    assert code == 2 and "--target is required" in err
    code, _, err = run(["evaluate", "-c", "sklearn.svm.LinearSVC"], capsys)
    assert code == 2 and "predict_proba" in err
    code, _, err = run(["evaluate", "-s", "bogus"], capsys)
    assert code == 1 and "Unknown strategy" in err


def test_cli_paper_prints_both_columns(tmp_path: Path, capsys):
    report = tmp_path / "paper.html"
    code, out, _ = run(
        [
            "paper",
            "--smote-levels",
            "0,100",
            "--under-levels",
            "25,100,400",
            "--folds",
            "3",
            "-o",
            str(report),
        ],
        capsys,
    )
    assert code == 0
    assert "ours (hull)" in out and "paper" in out and "7242" in out and "7307" in out
    assert "data:image/png;base64," in report.read_text()


def test_pipeline_is_exported_for_users():
    # the same pipeline class the comparison builds, for users' own model selection
    est = make_estimator("smote", LogisticRegression(), columns=Columns(("a",)), minority=1)
    assert isinstance(est, Pipeline)


def test_cli_classifier_names_are_checked_before_anything_runs(tmp_path: Path, capsys):
    """``-c`` resolves the name and checks it is a classifier class before constructing it."""
    from smotekit.cli.evaluate import parse_classifier

    marker = tmp_path / "ran"
    spec = f"subprocess.Popen(args=['touch', {str(marker)!r}])"
    code, _, err = run(["evaluate", "-c", spec], capsys)
    assert code == 2 and "not a scikit-learn classifier class" in err
    assert not marker.exists()
    for name in ("os.system", "builtins.print", "sklearn.linear_model.LinearRegression"):
        with pytest.raises(click.BadParameter, match="not a scikit-learn classifier"):
            parse_classifier(f"{name}()")
    assert type(parse_classifier("sklearn.tree.DecisionTreeClassifier(max_depth=2)")).__name__ == (
        "DecisionTreeClassifier"
    )


def test_intervals_stay_within_the_metrics_bounds():
    """An AUC near 1 (or a recall near 0) gets an interval inside [0, 1], asymmetric there."""
    from smotekit.evaluation import corrected_t_interval

    near_one = np.array([0.99, 1.0, 0.88, 1.0, 0.97, 0.93, 1.0, 0.95, 0.99, 0.98])
    mean, low, high = corrected_t_interval(near_one, n_train=60, n_test=15)
    assert high > 1  # the plain interval leaves the metric's range...
    mean, low, high = corrected_t_interval(near_one, n_train=60, n_test=15, bounded=True)
    assert 0 < low < mean < high < 1  # ...the bounded one does not
    assert high - mean < mean - low  # squeezed towards the bound
    zeros = np.zeros(10)
    assert corrected_t_interval(zeros, n_train=60, n_test=15, bounded=True) == (0.0, 0.0, 0.0)
    mostly_zero = np.array([0.0] * 8 + [0.2, 0.1])
    mean, low, high = corrected_t_interval(mostly_zero, n_train=60, n_test=15, bounded=True)
    assert 0 <= low <= mean < high < 1


def test_compare_summary_intervals_are_bounded(pima):
    X, y = pima
    result = compare(X, y, strategies="none,smote", classifiers="tree", n_splits=3, n_repeats=2)
    summary = result.summary.dropna()
    assert ((summary.low >= 0) & (summary.high <= 1)).all()
    assert ((summary.low <= summary["mean"] + 1e-12) | (summary["mean"] == 0)).all()
