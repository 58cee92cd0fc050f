"""SVM-SMOTE's default SVM trained by parts (smotekit.samplers.svm_training).

The parts are sized for 200k rows; here the thresholds are lowered so that a few thousand
rows take the by-parts path, and the answer is checked against what it promises: the
optimality conditions of the fit on *all* rows (every row left out lies outside the margin),
the same model as one fit on all rows to libsvm's tolerance, positions into X, and one fit
where by parts has nothing to gain.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification
from sklearn.svm import SVC

import smotekit.samplers.svm_training as training
from smotekit import SVMSMOTE
from smotekit.samplers.svm_training import _rbf_decision, fit_default_svm


def data(n=3000, weights=(0.9,), seed=0, classes=2):
    return make_classification(
        n_samples=n,
        n_features=6,
        n_informative=4,
        n_classes=classes,
        n_clusters_per_class=1,
        weights=list(weights) if classes == 2 else None,
        flip_y=0.02,
        random_state=seed,
    )


@pytest.fixture
def small_parts(monkeypatch):
    """The by-parts path from 1000 rows on, a first part of 300 rows."""
    monkeypatch.setattr(training, "PARTS_FROM", 1000)
    monkeypatch.setattr(training, "FIRST_ROWS", 300)
    monkeypatch.setattr(training, "SMALL_CLASS", 50)


class CountingSVC(SVC):
    """An SVC that records the rows of every fit (to see the parts)."""

    sizes: ClassVar[list[int]] = []

    def fit(self, X, y, sample_weight=None):
        CountingSVC.sizes.append(X.shape[0])
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.fixture
def counting(monkeypatch):
    CountingSVC.sizes = []
    monkeypatch.setattr(
        training, "default_svm", lambda: CountingSVC(gamma="scale", cache_size=training.CACHE_MB)
    )
    return CountingSVC.sizes


def margins(svm, X, y):
    sign = np.where(y == svm.classes_[1], 1.0, -1.0)
    return sign * svm.decision_function(X)


@pytest.mark.parametrize("seed", [0, 2, 4])
def test_parts_meet_the_optimality_conditions_of_all_rows(small_parts, counting, seed):
    X, y = data(seed=seed)
    svm = fit_default_svm(X, y, threads=2)
    assert len(counting) >= 2 and max(counting) < len(y)  # by parts, never all rows
    m = margins(svm, X, y)
    outside = np.ones(len(y), dtype=bool)
    outside[svm.support_] = False
    # rows with a zero coefficient: outside the margin, to libsvm's tolerance (1e-3)
    assert m[outside].min() >= 1 - 1e-3
    full = SVC(gamma="scale").fit(X, y)
    ours, theirs = set(svm.support_.tolist()), set(full.support_.tolist())
    assert len(ours ^ theirs) <= 0.01 * len(theirs) + 2
    assert np.abs(svm.decision_function(X) - full.decision_function(X)).max() < 0.02
    assert np.mean(svm.predict(X) == full.predict(X)) > 0.999


def test_the_fitted_svm_reads_as_one_fit_on_all_rows(small_parts):
    X, y = data()
    svm = fit_default_svm(X, y, threads=2)
    assert svm.get_params()["gamma"] == "scale"
    assert svm._gamma == pytest.approx(1.0 / (X.shape[1] * X.var()), rel=1e-15)
    assert np.array_equal(svm.support_vectors_, X[svm.support_])  # positions in X
    assert svm.shape_fit_ == X.shape
    # as scikit-learn orders them: grouped by class, ascending within each
    first = svm.n_support_[0]
    assert np.all(y[svm.support_[:first]] == svm.classes_[0])
    assert np.all(y[svm.support_[first:]] == svm.classes_[1])
    assert np.all(np.diff(svm.support_[:first]) > 0) and np.all(np.diff(svm.support_[first:]) > 0)


def test_parts_end_when_the_band_keeps_nothing(small_parts, monkeypatch, counting):
    """With no band, each part is the support vectors alone and the rows left out keep
    coming back as violators: the training must still end, with the conditions met."""
    monkeypatch.setattr(training, "BAND", 0.0)
    X, y = data(seed=3)
    svm = fit_default_svm(X, y, threads=1)
    assert len(counting) >= 3
    outside = np.ones(len(y), dtype=bool)
    outside[svm.support_] = False
    assert margins(svm, X, y)[outside].min() >= 1 - 1e-3


def test_same_answer_on_one_thread_and_two(small_parts):
    X, y = data(seed=4)
    one, two = fit_default_svm(X, y, threads=1), fit_default_svm(X, y, threads=2)
    assert np.array_equal(one.support_, two.support_)
    assert np.array_equal(one.dual_coef_, two.dual_coef_)


def test_a_part_past_half_the_rows_becomes_one_fit_on_all(small_parts, counting, monkeypatch):
    """Heavy overlap (here: most of the band around the first part's margin) leaves nothing
    to gain: one fit on all rows, the same model as scikit-learn's to the last bit, and no
    scoring after it (nothing is left out to check)."""
    scored = []
    score = training._rbf_decision
    monkeypatch.setattr(training, "_rbf_decision", lambda *a: scored.append(1) or score(*a))
    X, y = data(seed=5)
    svm = fit_default_svm(X, y, threads=2)
    assert counting[-1] == len(y) and len(counting) >= 2
    assert len(scored) == len(counting) - 1
    full = SVC(gamma="scale").fit(X, y)
    assert np.array_equal(svm.support_, full.support_)
    assert np.array_equal(svm.dual_coef_, full.dual_coef_)
    assert np.array_equal(svm.intercept_, full.intercept_)


def test_a_small_class_is_whole_in_the_first_part(small_parts, monkeypatch, counting):
    monkeypatch.setattr(training, "SMALL_CLASS", 100)
    X, y = data(n=4000, weights=(0.99,), seed=5)
    assert (y == 1).sum() <= training.SMALL_CLASS  # too few for the every-k-th rows
    labels, counts = np.unique(y, return_counts=True)
    first = training._first_part(y, labels, counts)
    assert np.all(np.isin(np.flatnonzero(y == 1), first))
    svm = fit_default_svm(X, y, threads=2)
    assert set(svm.classes_) == {0, 1}


def test_scoring_matches_libsvm(small_parts):
    X, y = data(seed=6)
    svm = SVC(gamma="scale").fit(X, y)
    for threads in (1, 2):
        ours = _rbf_decision(svm, X, svm._gamma, X.mean(axis=0), threads)
        assert np.abs(ours - svm.decision_function(X)).max() < 1e-5


@pytest.mark.parametrize("case", ["small", "three classes", "sparse"])
def test_one_fit_where_parts_gain_nothing(small_parts, counting, case):
    X, y = data(n=600) if case == "small" else data(classes=3 if case == "three classes" else 2)
    if case == "sparse":
        X = sp.csr_matrix(X)
    svm = fit_default_svm(X, y, threads=2)
    assert counting == [len(y)]
    full = SVC(gamma="scale").fit(X, y)
    assert np.array_equal(svm.support_, full.support_)


def test_svm_smote_by_parts_grows_from_its_support_vectors(small_parts):
    X, y = data(seed=7)
    sampler = SVMSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [np.bincount(y)[0]] * 2
    support = sampler.svm_estimator_.support_
    kept = sampler.support_vectors_[1]
    assert np.all(np.isin(kept, support)) and np.all(y[kept] == 1)
    assert set(sampler.provenance_.base) <= set(kept)
    again = SVMSMOTE(random_state=0).fit_resample(X, y)[0]
    assert np.array_equal(X_res, again)


@pytest.mark.parametrize("name", ["satimage", "phoneme"])
def test_on_real_data(monkeypatch, counting, data_dir, name):
    """satimage (6,435 x 36 integer pixels) goes by parts; phoneme (5,404 x 5, 41% of its
    rows support vectors) passes half its rows and becomes one fit on all of them."""
    import pandas as pd

    monkeypatch.setattr(training, "PARTS_FROM", 1000)
    monkeypatch.setattr(training, "FIRST_ROWS", 1000)
    monkeypatch.setattr(training, "SMALL_CLASS", 200)
    frame = pd.read_csv(data_dir / f"{name}.csv")
    X, y = frame.drop(columns="label").to_numpy(dtype=float), frame["label"].to_numpy()
    svm = fit_default_svm(X, y, threads=2)
    full = SVC(gamma="scale").fit(X, y)
    if name == "phoneme":
        assert counting[-1] == len(y)
        assert np.array_equal(svm.support_, full.support_)
        return
    assert len(counting) >= 2 and max(counting) < len(y) // 2
    outside = np.ones(len(y), dtype=bool)
    outside[svm.support_] = False
    assert margins(svm, X, y)[outside].min() >= 1 - 1e-3
    ours, theirs = set(svm.support_.tolist()), set(full.support_.tolist())
    assert len(ours ^ theirs) <= 3  # measured: 1 of 1,279
    assert np.mean(svm.predict(X) == full.predict(X)) > 0.999
