"""``sample_weight`` in ``BalancedRandomForestClassifier.fit`` and ``RUSBoostClassifier.fit``:
the weights reach every tree and every boosting round, and weights of 1 change nothing."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import make_classification
from sklearn.utils.class_weight import compute_sample_weight

from smotekit.ensemble import (
    BalancedBaggingClassifier,
    BalancedRandomForestClassifier,
    RUSBoostClassifier,
)
from smotekit.errors import InvalidInputError


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=400, weights=[0.85], flip_y=0.05, random_state=4)
    weights = np.random.RandomState(0).uniform(0.1, 3.0, size=y.size)
    return X, y, weights


@pytest.mark.parametrize("cls", [BalancedRandomForestClassifier, RUSBoostClassifier])
def test_weights_of_one_change_nothing(cls, data):
    X, y, _ = data
    plain = cls(n_estimators=8, random_state=0).fit(X, y)
    ones = cls(n_estimators=8, random_state=0).fit(X, y, sample_weight=np.ones(y.size))
    assert_array_equal(plain.predict_proba(X), ones.predict_proba(X))


def test_every_tree_is_fitted_with_the_weights_of_the_rows_it_kept(data):
    X, y, weights = data
    forest = BalancedRandomForestClassifier(n_estimators=6, random_state=0).fit(X, y, weights)
    for sampler, tree in zip(forest.samplers_, forest.estimators_, strict=True):
        kept = sampler.sample_indices_  # repeats included: the under-sample bootstraps
        assert tree.tree_.weighted_n_node_samples[0] == pytest.approx(weights[kept].sum())
    unweighted = BalancedRandomForestClassifier(n_estimators=6, random_state=0).fit(X, y)
    assert not np.allclose(forest.predict_proba(X), unweighted.predict_proba(X))
    # the under-samples are drawn as without weights (the weights go to the trees)
    for a, b in zip(forest.samplers_, unweighted.samplers_, strict=True):
        assert_array_equal(a.sample_indices_, b.sample_indices_)


def test_sample_weight_multiplies_class_weight_and_the_bootstrap_counts(data):
    X, y, weights = data
    forest = BalancedRandomForestClassifier(
        n_estimators=4, class_weight="balanced", bootstrap=True, random_state=0
    ).fit(X, y, sample_weight=weights)
    per_row = weights * compute_sample_weight("balanced", y)
    for sampler, tree in zip(forest.samplers_, forest.estimators_, strict=True):
        kept = sampler.sample_indices_
        picks = np.random.RandomState(tree.random_state).randint(0, kept.size, kept.size)
        assert tree.tree_.weighted_n_node_samples[0] == pytest.approx(per_row[kept[picks]].sum())


def test_boosting_starts_from_the_sample_weights(data):
    X, y, weights = data
    weights = weights.copy()
    weights[::7] = 0.0  # rows weighed 0 never count
    clf = RUSBoostClassifier(n_estimators=5, random_state=0).fit(X, y, sample_weight=weights)
    assert len(clf.estimators_) > 1
    weight = weights / weights.sum()
    for round_, (sampler, member) in enumerate(zip(clf.samplers_, clf.estimators_, strict=True)):
        kept = sampler.sample_indices_
        # the learner was fitted with the current weights of the rows its round kept
        assert member.tree_.weighted_n_node_samples[0] == pytest.approx(weight[kept].sum())
        wrong = member.predict(X) != y
        error = weight[wrong].sum() / weight.sum()
        alpha = np.log((1 - error) / error)  # two classes: log(K - 1) = 0
        assert clf.estimator_errors_[round_] == pytest.approx(error)
        assert clf.estimator_weights_[round_] == pytest.approx(alpha)
        weight = weight * np.exp(alpha * wrong)
        weight /= weight.sum()
    assert np.all(weight[::7] == 0.0)
    unweighted = RUSBoostClassifier(n_estimators=5, random_state=0).fit(X, y)
    assert not np.allclose(clf.estimator_errors_, unweighted.estimator_errors_)


@pytest.mark.parametrize("cls", [BalancedRandomForestClassifier, RUSBoostClassifier])
def test_bad_sample_weight_is_refused_clearly(cls, data):
    X, y, _ = data
    model = cls(n_estimators=2, random_state=0)
    with pytest.raises(InvalidInputError, match="zero for every row"):
        model.fit(X, y, sample_weight=np.zeros(y.size))
    with pytest.raises(InvalidInputError, match="one value per row"):
        model.fit(X, y, sample_weight=np.ones(y.size + 1))
    with pytest.raises(InvalidInputError, match="negative, NaN or infinite"):
        model.fit(X, y, sample_weight=-np.ones(y.size))


def test_only_the_forest_and_rusboost_take_sample_weight(data):
    X, y, weights = data
    with pytest.raises(TypeError, match="sample_weight"):
        BalancedBaggingClassifier(n_estimators=2).fit(X, y, sample_weight=weights)
