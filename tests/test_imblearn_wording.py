"""What code written against imbalanced-learn matches on: its error and warning wording, the
exception types it catches, and the two private names its users read (``_validate_estimator``
of SMOTEENN / SMOTETomek, ``_max_samples`` of the bagging ensembles)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from smotekit import (
    SMOTE,
    SMOTEENN,
    SVMSMOTE,
    ClusterCentroids,
    EditedNearestNeighbours,
    RandomOverSampler,
    SMOTETomek,
    TomekLinks,
)
from smotekit.ensemble import (
    BalancedBaggingClassifier,
    BalancedRandomForestClassifier,
    EasyEnsembleClassifier,
    RUSBoostClassifier,
)
from smotekit.errors import InvalidParameterError


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=200, weights=[0.8], random_state=0)


# ---- messages ------------------------------------------------------------------------------


def test_shrinkage_errors_say_what_is_missing_or_wrong(data):
    X, y = data
    with pytest.raises(InvalidParameterError) as missing:
        RandomOverSampler(shrinkage={0: 1.0}).fit_resample(X, y)  # class 1 is over-sampled
    message = str(missing.value)
    assert message.startswith("`shrinkage` should contain a shrinkage factor for each class")
    assert "none for class 1" in message and "[1]" in message
    for value in (-1, {1: -0.5}, {0: 1.0, 1: -2}):
        with pytest.raises(InvalidParameterError, match="The shrinkage factor needs to be >= 0"):
            RandomOverSampler(shrinkage=value).fit_resample(X, y)
    for value in ("wide", {1: "x"}, float("nan")):
        with pytest.raises(InvalidParameterError, match="must be None, a non-negative number"):
            RandomOverSampler(shrinkage=value).fit_resample(X, y)
    X_res, _ = RandomOverSampler(shrinkage={1: 0}, random_state=0).fit_resample(X, y)
    assert X_res.shape[0] == 2 * np.bincount(y).max()


def test_svm_smote_without_support_vectors_is_a_runtime_error(data):
    X, y = data
    with pytest.raises(RuntimeError, match="required to exposed a `support_` fitted") as caught:
        SVMSMOTE(svm_estimator=LogisticRegression()).fit_resample(X, y)
    assert isinstance(caught.value, InvalidParameterError)
    assert "LogisticRegression" in str(caught.value) and "SVC" in str(caught.value)


class _NoCentres(BaseEstimator):
    """A clustering with ``n_clusters`` that exposes no ``cluster_centers_``."""

    def __init__(self, n_clusters=2):
        self.n_clusters = n_clusters

    def fit(self, X, y=None):
        self.labels_ = np.arange(len(X)) % self.n_clusters
        return self


def test_cluster_centroids_says_what_the_estimator_lacks(data):
    X, y = data
    with pytest.raises(RuntimeError, match="exposing a fitted parameter `cluster_centers_`") as c:
        ClusterCentroids(estimator=_NoCentres()).fit_resample(X, y)
    assert isinstance(c.value, InvalidParameterError) and "exposes no cluster_centers_" in str(
        c.value
    )
    with pytest.raises(ValueError, match="exposing a parameter `n_clusters` and a fitted") as c:
        ClusterCentroids(estimator=LogisticRegression()).fit_resample(X, y)
    assert "estimator=LogisticRegression() has no n_clusters" in str(c.value)


@pytest.mark.parametrize("cls", [BalancedRandomForestClassifier, BalancedBaggingClassifier])
def test_a_warm_start_cannot_shrink_the_ensemble(cls, data):
    X, y = data
    model = cls(n_estimators=4, warm_start=True, random_state=0).fit(X, y)
    with pytest.raises(InvalidParameterError) as caught:
        model.set_params(n_estimators=2).fit(X, y)
    message = str(caught.value)
    assert "n_estimators=2 must be >= len(estimators_)=4" in message
    assert "must be larger or equal to the number of" in message
    assert "warm_start=False" in message
    assert len(model.estimators_) == 4


def test_rusboost_algorithm_samme_warns_as_imbalanced_learn(data):
    X, y = data
    with pytest.warns(FutureWarning, match=r"`algorithm` parameter is deprecated in 0\.12") as w:
        RUSBoostClassifier(n_estimators=2, algorithm="SAMME", random_state=0).fit(X, y)
    assert "SAMME is always used" in str(w[0].message)
    # SAMME.R no longer exists: it warns as imbalanced-learn does and boosts with SAMME
    with pytest.warns(FutureWarning, match=r"scikit-learn 1\.6 removed it\), so SAMME"):
        samme_r = RUSBoostClassifier(n_estimators=2, algorithm="SAMME.R", random_state=0)
        samme_r.fit(X, y)
    with pytest.warns(FutureWarning):
        samme = RUSBoostClassifier(n_estimators=2, algorithm="SAMME", random_state=0).fit(X, y)
    np.testing.assert_array_equal(samme_r.predict_proba(X), samme.predict_proba(X))


# ---- the private names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "cleaner", "attribute", "default"),
    [
        (SMOTEENN, "enn", "enn_", EditedNearestNeighbours),
        (SMOTETomek, "tomek", "tomek_", TomekLinks),
    ],
)
def test_validate_estimator_sets_the_steps_fit_resample_uses(cls, cleaner, attribute, default):
    combined = cls(n_jobs=3)
    combined._validate_estimator()
    assert isinstance(combined.smote_, SMOTE) and combined.smote_.n_jobs == 3
    step = getattr(combined, attribute)
    assert step is combined.cleaner_ and isinstance(step, default)
    assert step.n_jobs == 3 and step.sampling_strategy == "all"

    given = default(sampling_strategy="majority")
    combined = cls(smote=SMOTE(k_neighbors=3), **{cleaner: given})
    combined._validate_estimator()
    assert combined.smote_.k_neighbors == 3
    assert getattr(combined, attribute).get_params() == given.get_params()
    assert getattr(combined, attribute) is not given  # a clone, as fit_resample uses

    with pytest.raises(InvalidParameterError, match="smote='SMOTE'"):
        cls(smote="SMOTE")._validate_estimator()


def test_max_samples_is_the_number_of_rows_each_bag_draws(data):
    X, y = data
    assert BalancedBaggingClassifier(max_samples=50, random_state=0).fit(X, y)._max_samples == 50
    bagging = BalancedBaggingClassifier(max_samples=0.3, random_state=0).fit(X, y)
    assert bagging._max_samples == 60
    assert all(rows.size == 60 for rows in bagging.estimators_samples_)
    easy = EasyEnsembleClassifier(n_estimators=2, random_state=0).fit(X, y)
    assert easy._max_samples == len(y)
