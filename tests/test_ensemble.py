"""The balanced ensembles (smotekit.ensemble): scikit-learn's estimator checks, parity with
imbalanced-learn, balanced members, any sampler, reproducibility and clear errors."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.ensemble import AdaBoostClassifier
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

import smotekit.ensemble
from smotekit.ensemble import (
    BalancedBaggingClassifier,
    BalancedRandomForestClassifier,
    EasyEnsembleClassifier,
    RUSBoostClassifier,
)
from smotekit.errors import InvalidInputError, InvalidParameterError, SmotekitWarning
from smotekit.samplers.random_under import RandomUnderSampler
from smotekit.samplers.smote import SMOTE

# ---- scikit-learn's estimator checks, none excluded but two --------------------------------

CHECKED = [
    BalancedBaggingClassifier(n_estimators=5, random_state=0, n_jobs=1),
    BalancedRandomForestClassifier(n_estimators=5, random_state=0, n_jobs=1),
    EasyEnsembleClassifier(n_estimators=3, random_state=0, n_jobs=1),
    RUSBoostClassifier(n_estimators=5, random_state=0),
]


# Fitting with integer weights is not fitting on rows repeated that many times when each
# member draws a random under-sample (rows, not weights, are drawn): scikit-learn expects
# these two checks to fail for its own RandomForestClassifier and AdaBoostClassifier too.
WEIGHTS_ARE_NOT_REPEATS = {
    check: "sample_weight is not equivalent to removing/repeating samples (random draws)"
    for check in (
        "check_sample_weight_equivalence_on_dense_data",
        "check_sample_weight_equivalence_on_sparse_data",
    )
}


def _expected_failures(estimator):
    weighted = (BalancedRandomForestClassifier, RUSBoostClassifier)
    return WEIGHTS_ARE_NOT_REPEATS if isinstance(estimator, weighted) else {}


@parametrize_with_checks(CHECKED, expected_failed_checks=_expected_failures)
def test_sklearn_compatible_estimator(estimator, check, monkeypatch):
    # scikit-learn runs its array-API smoke check (numpy namespace, array_api_dispatch=True)
    # only when SCIPY_ARRAY_API=1; it is set here so that check runs instead of skipping.
    monkeypatch.setenv("SCIPY_ARRAY_API", "1")
    check(estimator)


# ---- shared data ---------------------------------------------------------------------------

NAMES = [
    "BalancedBaggingClassifier",
    "BalancedRandomForestClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
]


def _make(module, name, **params):
    """``name`` from ``module`` with ``params``, on one job where it has ``n_jobs``."""
    cls = getattr(module, name)
    if "n_jobs" in cls().get_params():
        params.setdefault("n_jobs", 1)
    return cls(**params)


@pytest.fixture(scope="module")
def split():
    X, y = make_classification(n_samples=2000, weights=[0.9], random_state=0)
    return train_test_split(X, y, stratify=y, random_state=0)


@pytest.fixture(scope="module")
def small():
    X, y = make_classification(n_samples=300, weights=[0.85], random_state=1)
    return X, y


# ---- side by side with imbalanced-learn ----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_scores_match_imbalanced_learn(name, split):
    imblearn_ensemble = pytest.importorskip("imblearn.ensemble")
    X_train, X_test, y_train, y_test = split
    scores = []
    for module in (smotekit.ensemble, imblearn_ensemble):
        # the same hyper-parameters: both libraries' defaults, one seed
        clf = _make(module, name, random_state=0).fit(X_train, y_train)
        scores.append(
            (
                balanced_accuracy_score(y_test, clf.predict(X_test)),
                roc_auc_score(y_test, clf.predict_proba(X_test)[:, 1]),
            )
        )
    (ours_ba, ours_auc), (theirs_ba, theirs_auc) = scores
    assert ours_ba > 0.9 and ours_auc > 0.9  # the classifier learned the minority class
    assert abs(ours_ba - theirs_ba) <= 0.03, scores
    assert abs(ours_auc - theirs_auc) <= 0.03, scores


# ---- every member learns from balanced data ----------------------------------------------


def test_every_bag_of_balanced_bagging_is_balanced(split):
    X, _, y, _ = split
    clf = BalancedBaggingClassifier(n_estimators=10, random_state=0, n_jobs=1).fit(X, y)
    bags = clf.estimators_samples_
    assert len(bags) == len(clf.estimators_) == 10
    assert len({tuple(rows) for rows in bags}) == 10  # ten different bootstraps
    for member, rows in zip(clf.estimators_, bags, strict=True):
        assert rows.size == y.size  # max_samples=1.0, with replacement
        bag = y[rows]
        smallest = np.bincount(bag).min()
        kept = bag[member.named_steps["sampler"].sample_indices_]
        assert_array_equal(np.bincount(kept), [smallest, smallest])
        assert member.final_class_counts_ == {0: smallest, 1: smallest}
        tree = member.named_steps["classifier"]
        assert tree.tree_.weighted_n_node_samples[0] == 2 * smallest  # fitted on the kept rows


def test_every_member_of_easy_ensemble_is_balanced(split):
    X, _, y, _ = split
    clf = EasyEnsembleClassifier(n_estimators=4, random_state=0, n_jobs=1).fit(X, y)
    minority = np.flatnonzero(y == 1)
    kept_majority = set()
    for member, rows in zip(clf.estimators_, clf.estimators_samples_, strict=True):
        assert_array_equal(rows, np.arange(y.size))  # no bootstrap: every member sees all rows
        kept = member.named_steps["sampler"].sample_indices_
        assert_array_equal(np.bincount(y[kept]), [minority.size, minority.size])
        assert set(minority) <= set(kept)  # all minority rows, a random subset of the rest
        kept_majority.add(tuple(np.setdiff1d(kept, minority)))
        assert member.named_steps["classifier"].n_estimators == 50  # AdaBoost, default
    assert len(kept_majority) == 4


def test_every_tree_of_the_balanced_forest_grows_on_a_balanced_sample(split):
    X, _, y, _ = split
    clf = BalancedRandomForestClassifier(n_estimators=20, random_state=0, n_jobs=1).fit(X, y)
    n_minority = int((y == 1).sum())
    assert len(clf.samplers_) == len(clf.estimators_) == len(clf.pipelines_) == 20
    for sampler, tree in zip(clf.samplers_, clf.estimators_, strict=True):
        rows = sampler.sample_indices_
        # sampling_strategy='all', replacement=True: n_minority rows of each class, drawn
        # with replacement (a bootstrap of the minority class, as the paper does)
        assert_array_equal(np.bincount(y[rows]), [n_minority, n_minority])
        assert np.unique(rows[y[rows] == 1]).size < n_minority
        assert tree.tree_.weighted_n_node_samples[0] == rows.size  # grown on exactly those
    assert len({tuple(s.sample_indices_) for s in clf.samplers_}) == 20


def test_every_boosting_round_of_rusboost_is_balanced(split):
    X, _, y, _ = split
    clf = RUSBoostClassifier(n_estimators=10, learning_rate=0.1, random_state=0).fit(X, y)
    minority = np.flatnonzero(y == 1)
    assert len(clf.samplers_) == len(clf.estimators_) > 1
    for sampler in clf.samplers_:
        rows = sampler.sample_indices_
        assert_array_equal(np.bincount(y[rows]), [minority.size, minority.size])
        assert set(minority) <= set(rows)


# ---- any sampler ----------------------------------------------------------------------------


def _smote(library: str):
    if library == "smotekit":
        return SMOTE(k_neighbors=5)
    return pytest.importorskip("imblearn.over_sampling").SMOTE(k_neighbors=5)


@pytest.mark.parametrize("library", ["smotekit", "imblearn"])
def test_balanced_bagging_with_smote_in_cross_validation(library, split):
    X, _, y, _ = split
    clf = BalancedBaggingClassifier(
        sampler=_smote(library), n_estimators=5, random_state=0, n_jobs=1
    )
    scores = cross_val_score(clf, X, y, cv=3, scoring="balanced_accuracy")
    assert scores.shape == (3,)
    assert scores.min() > 0.9
    clf.fit(X, y)
    for member, rows in zip(clf.estimators_, clf.estimators_samples_, strict=True):
        assert type(member.named_steps["sampler"]) is type(clf.sampler)
        largest = np.bincount(y[rows]).max()
        # SMOTE over-sampled the minority class of the bag up to the majority class
        assert member.final_class_counts_ == {0: largest, 1: largest}
    assert clf.sampler.get_params()["sampling_strategy"] == "auto"  # the parameter untouched


def test_a_sampler_of_any_kind_and_a_classifier_of_any_kind(small):
    X, y = small
    clf = BalancedBaggingClassifier(
        estimator=KNeighborsClassifier(n_neighbors=3),
        sampler=RandomUnderSampler(replacement=True),
        sampling_strategy=0.5,
        n_estimators=4,
        max_features=0.5,
        random_state=0,
        n_jobs=1,
    ).fit(X, y)
    assert all(f.size == X.shape[1] // 2 for f in clf.estimators_features_)
    for member, rows in zip(clf.estimators_, clf.estimators_samples_, strict=True):
        counts = member.final_class_counts_
        assert counts[0] == int(np.bincount(y[rows])[1] / 0.5)  # minority/majority = 0.5
    assert balanced_accuracy_score(y, clf.predict(X)) > 0.8
    # as in imbalanced-learn, the ensemble's sampling_strategy is the one used; a value set
    # on the sampler itself is replaced, and smotekit says so
    clf.set_params(sampler=RandomUnderSampler(sampling_strategy="majority"))
    with pytest.warns(SmotekitWarning, match="sampling_strategy='majority' is replaced"):
        clf.fit(X, y)
    assert clf.sampler_.sampling_strategy == 0.5


# ---- reproducibility -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_same_random_state_gives_identical_probabilities(name, split):
    X_train, X_test, y_train, _ = split
    small_params = {"n_estimators": 5} if name != "RUSBoostClassifier" else {}
    first = _make(smotekit.ensemble, name, random_state=0, **small_params)
    proba = first.fit(X_train, y_train).predict_proba(X_test)
    again = clone(first).fit(X_train, y_train).predict_proba(X_test)
    assert_array_equal(proba, again)
    other = clone(first).set_params(random_state=1).fit(X_train, y_train)
    assert not np.array_equal(proba, other.predict_proba(X_test))
    assert_allclose(proba.sum(axis=1), 1.0)


@pytest.mark.parametrize("name", NAMES)
def test_dense_sparse_and_pandas_inputs_agree(name, small):
    X, y = small
    small_params = {"n_estimators": 5} if name != "RUSBoostClassifier" else {}
    clf = _make(smotekit.ensemble, name, random_state=0, **small_params)
    dense = clone(clf).fit(X, y).predict_proba(X)
    sparse = clone(clf).fit(sp.csr_matrix(X), y).predict_proba(sp.csr_matrix(X))
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    fitted = clone(clf).fit(frame, pd.Series(y))
    assert_allclose(sparse, dense)
    assert_allclose(fitted.predict_proba(frame), dense)
    assert list(fitted.feature_names_in_) == list(frame.columns)


@pytest.mark.parametrize(
    "cls", [BalancedBaggingClassifier, BalancedRandomForestClassifier, EasyEnsembleClassifier]
)
def test_warm_start_grows_the_same_ensemble_as_one_fit(cls, small):
    X, y = small
    grown = cls(n_estimators=3, warm_start=True, random_state=0, n_jobs=1).fit(X, y)
    first_members = list(grown.estimators_)
    grown.set_params(n_estimators=6).fit(X, y)
    assert grown.estimators_[:3] == first_members  # kept, not refitted
    at_once = cls(n_estimators=6, random_state=0, n_jobs=1).fit(X, y)
    assert_array_equal(grown.predict_proba(X), at_once.predict_proba(X))
    with pytest.warns(UserWarning, match="without increasing n_estimators"):
        grown.fit(X, y)
    with pytest.raises(InvalidParameterError, match="n_estimators=2 must be >= len"):
        grown.set_params(n_estimators=2).fit(X, y)


# ---- labels and sampling strategies ----------------------------------------------------------


@pytest.mark.parametrize("cls", [BalancedBaggingClassifier, EasyEnsembleClassifier])
def test_dict_and_callable_strategies_use_the_original_labels(cls, small):
    X, y = small
    labels = np.where(y == 1, "pos", "neg")
    n_pos = int((y == 1).sum())
    clf = cls(n_estimators=3, sampling_strategy={"neg": 2 * n_pos}, random_state=0, n_jobs=1)
    if cls is BalancedBaggingClassifier:
        clf.set_params(bootstrap=False)  # every bag holds every row: exact counts
    clf.fit(X, labels)
    assert list(clf.classes_) == ["neg", "pos"]
    for member in clf.estimators_:  # members are fitted on positions: neg = 0, pos = 1
        assert member.final_class_counts_ == {0: 2 * n_pos, 1: n_pos}
    assert set(clf.predict(X)) <= {"neg", "pos"}

    seen = []

    def keep_three_per_minority(y_bag):
        seen.append(set(y_bag))
        return {"neg": 3 * int((y_bag == "pos").sum())}

    clf.set_params(sampling_strategy=keep_three_per_minority).fit(X, labels)
    assert seen and all(s == {"neg", "pos"} for s in seen)
    assert all(m.final_class_counts_[0] == 3 * n_pos for m in clf.estimators_)
    with pytest.raises(InvalidParameterError, match="not in y"):
        clf.set_params(sampling_strategy={"spam": 10}).fit(X, labels)


def test_multiclass_string_labels(small):
    X, _ = small
    y = np.array(["a", "b", "c"])[np.r_[np.zeros(200, int), np.ones(70, int), np.full(30, 2)]]
    for name in NAMES:
        clf = _make(smotekit.ensemble, name, random_state=0).fit(X, y)
        proba = clf.predict_proba(X)
        assert proba.shape == (300, 3)
        assert_allclose(proba.sum(axis=1), 1.0)
        assert_array_equal(clf.classes_, ["a", "b", "c"])
        assert set(clf.predict(X)) <= {"a", "b", "c"}


# ---- out of bag, forest and boosting details ---------------------------------------------


def test_out_of_bag_estimates(split):
    X, _, y, _ = split
    bagging = BalancedBaggingClassifier(n_estimators=10, oob_score=True, random_state=0, n_jobs=1)
    with pytest.warns(UserWarning, match="do not have OOB scores"):
        bagging.fit(X, y)  # ten bootstraps leave about 1% of the rows in every bag
    assert 0.85 < bagging.oob_score_ <= 1.0
    in_every_bag = np.ones(y.size, dtype=bool)
    for rows in bagging.estimators_samples_:
        in_every_bag &= np.isin(np.arange(y.size), rows)
    assert 0 < in_every_bag.sum() < 0.05 * y.size
    assert_array_equal(np.isnan(bagging.oob_decision_function_).all(axis=1), in_every_bag)
    scored = ~in_every_bag
    assert_allclose(bagging.oob_decision_function_[scored].sum(axis=1), 1.0)

    forest = BalancedRandomForestClassifier(
        n_estimators=20, oob_score=balanced_accuracy_score, random_state=0, n_jobs=1
    ).fit(X, y)
    expected = balanced_accuracy_score(y, np.argmax(forest.oob_decision_function_, axis=1))
    assert forest.oob_score_ == pytest.approx(expected)
    assert forest.oob_score_ > 0.85
    with pytest.raises(InvalidParameterError, match="oob_score=True needs bootstrap=True"):
        BalancedBaggingClassifier(bootstrap=False, oob_score=True).fit(X, y)


def test_forest_views_and_missing_values(small):
    X, y = small
    X = X.copy()
    X[::5, 0] = np.nan
    clf = BalancedRandomForestClassifier(n_estimators=10, random_state=0, n_jobs=1).fit(X, y)
    assert clf.feature_importances_.shape == (X.shape[1],)
    assert clf.feature_importances_.sum() == pytest.approx(1.0)
    assert clf.apply(X).shape == (X.shape[0], 10)
    pipeline, tree = clf.pipelines_[0], clf.estimators_[0]
    assert_array_equal(pipeline.predict(X), tree.predict(X.astype(np.float32)))
    assert balanced_accuracy_score(y, clf.predict(X)) > 0.9


def test_forest_bootstrap_and_class_weight(small):
    X, y = small
    clf = BalancedRandomForestClassifier(
        n_estimators=5,
        bootstrap=True,
        max_samples=0.5,
        class_weight="balanced_subsample",
        random_state=0,
        n_jobs=1,
    ).fit(X, y)
    for sampler, tree in zip(clf.samplers_, clf.estimators_, strict=True):
        n_kept = sampler.sample_indices_.size
        # half the balanced sample drawn again; 'balanced_subsample' weighs the classes of
        # that bootstrap equally, so the root's weight is the bootstrap's size
        assert tree.tree_.weighted_n_node_samples[0] == pytest.approx(n_kept // 2)


def test_rusboost_follows_the_samme_update(split):
    X, _, y, _ = split
    clf = RUSBoostClassifier(n_estimators=6, learning_rate=0.5, random_state=0).fit(X, y)
    assert len(clf.estimators_) > 2
    weight = np.full(y.size, 1.0 / y.size)
    for round_, member in enumerate(clf.estimators_):
        wrong = member.predict(X) != y
        error = weight[wrong].sum() / weight.sum()
        alpha = 0.5 * (np.log((1 - error) / error) + np.log(2 - 1))
        assert clf.estimator_errors_[round_] == pytest.approx(error)
        assert clf.estimator_weights_[round_] == pytest.approx(alpha)
        weight = weight * np.exp(alpha * wrong)
        weight /= weight.sum()
    # the vote is AdaBoost's: scikit-learn's AdaBoostClassifier holding the same learners
    # and weights gives the same decision function and probabilities
    adaboost = AdaBoostClassifier()
    adaboost.estimators_ = clf.estimators_
    adaboost.estimator_weights_ = clf.estimator_weights_
    adaboost.classes_, adaboost.n_classes_ = clf.classes_, clf.n_classes_
    adaboost.n_features_in_ = clf.n_features_in_
    assert_allclose(clf.decision_function(X), adaboost.decision_function(X))
    assert_allclose(clf.predict_proba(X), adaboost.predict_proba(X))
    assert_array_equal(clf.predict(X), adaboost.predict(X))
    assert len(list(clf.staged_predict(X))) == len(clf.estimators_)
    assert_array_equal(list(clf.staged_predict(X))[-1], clf.predict(X))


# ---- parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("estimator", "message"),
    [
        (BalancedBaggingClassifier(n_estimators=0), "n_estimators=0 must be an int >= 1"),
        (BalancedBaggingClassifier(max_samples=1.5), "max_samples=1.5 must be an int >= 1"),
        (BalancedBaggingClassifier(sampler="smote"), "sampler='smote' must be None or an"),
        (BalancedBaggingClassifier(max_samples=5000, bootstrap=False), "max_samples=5000 is"),
        (BalancedBaggingClassifier(sampling_strategy={0: 10_000}), "sampling_strategy[0]"),
        (BalancedRandomForestClassifier(criterion="mse"), "criterion='mse' is not valid"),
        (BalancedRandomForestClassifier(max_features="auto"), "max_features='auto' must be"),
        (BalancedRandomForestClassifier(class_weight="even"), "class_weight='even' must be"),
        (BalancedRandomForestClassifier(sampling_strategy={5: 1}), "class(es) [5]"),
        (EasyEnsembleClassifier(replacement="yes"), "replacement='yes' must be True or False"),
        (EasyEnsembleClassifier(n_jobs=0), "n_jobs=0 must be None (one job)"),
        (RUSBoostClassifier(learning_rate=0), "learning_rate=0 must be a finite number > 0"),
        (RUSBoostClassifier(algorithm="SAMME.S"), "algorithm='SAMME.S' is not valid"),
        (RUSBoostClassifier(estimator=KNeighborsClassifier()), "does not take sample_weight"),
        (RUSBoostClassifier(random_state=-1), "random_state=-1"),
    ],
)
def test_bad_parameters_raise_clear_errors(estimator, message, small):
    X, y = small
    with pytest.raises(InvalidParameterError, match=re.escape(message)) as caught:
        estimator.fit(X, y)
    assert isinstance(caught.value, ValueError)


def test_deprecated_algorithm_warns_and_one_class_is_refused(small):
    X, y = small
    with pytest.warns(FutureWarning, match="SAMME is always used"):
        RUSBoostClassifier(n_estimators=2, algorithm="SAMME", random_state=0).fit(X, y)
    for name in NAMES:
        with pytest.raises(InvalidInputError, match="one class only"):
            _make(smotekit.ensemble, name).fit(X, np.zeros(len(y)))


def test_defaults_are_imbalanced_learn_014_defaults():
    imblearn_ensemble = pytest.importorskip("imblearn.ensemble")
    for name in NAMES:
        ours = getattr(smotekit.ensemble, name)().get_params(deep=False)
        theirs = getattr(imblearn_ensemble, name)().get_params(deep=False)
        assert ours == theirs, name


def test_members_are_exposed_as_in_scikit_learn():
    X, y = make_classification(n_samples=300, weights=[0.8], random_state=0)
    for model in (
        EasyEnsembleClassifier(n_estimators=3, random_state=0),
        BalancedRandomForestClassifier(n_estimators=4, random_state=0),
    ):
        assert len(model) == 0
        model.fit(X, y)
        assert len(model) == len(model.estimators_) and model[0] is model.estimators_[0]
        assert list(model) == list(model.estimators_)
