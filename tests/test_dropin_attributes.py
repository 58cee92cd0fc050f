"""What an imbalanced-learn user reads after fitting is there, under imbalanced-learn's names."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors

from smotekit import (
    ADASYN,
    SMOTE,
    SMOTEENN,
    SVMSMOTE,
    BorderlineSMOTE,
    EditedNearestNeighbours,
    InvalidParameterError,
    RandomOverSampler,
    SMOTETomek,
    TomekLinks,
)


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=400, weights=[0.85], random_state=0)


def test_neighbour_objects_and_danger_rows(data):
    X, y = data
    smote = SMOTE(random_state=0)
    smote.fit_resample(X, y)
    assert smote.nn_k_.n_neighbors == 6
    adasyn = ADASYN(random_state=0, n_neighbors=4)
    adasyn.fit_resample(X, y)
    assert adasyn.nn_.n_neighbors == 5
    mine = NearestNeighbors(n_neighbors=4)
    smote = SMOTE(random_state=0, k_neighbors=mine)
    smote.fit_resample(X, y)
    assert smote.nn_k_ is not mine and smote.nn_k_.get_params() == mine.get_params()
    for sampler in (BorderlineSMOTE(random_state=0), SVMSMOTE(random_state=0)):
        sampler.fit_resample(X, y)
        assert sampler.nn_m_.n_neighbors == 11
        assert sampler.in_danger_indices is sampler.in_danger_
        assert set(sampler.in_danger_indices[1]) <= set(np.flatnonzero(y == 1))


def test_combined_samplers_name_their_cleaning_step(data):
    X, y = data
    tomek = SMOTETomek(random_state=0)
    tomek.fit_resample(X, y)
    assert isinstance(tomek.tomek_, TomekLinks) and tomek.tomek_ is tomek.cleaner_
    enn = SMOTEENN(random_state=0)
    enn.fit_resample(X, y)
    assert isinstance(enn.enn_, EditedNearestNeighbours)


def test_shrinkage_attribute_and_sparse_input(data):
    X, y = data
    ros = RandomOverSampler(random_state=0, shrinkage={1: 0.5})
    X_sparse, _ = ros.fit_resample(sp.csr_matrix(X), y)
    assert ros.shrinkage_ == {1: 0.5} and sp.issparse(X_sparse)
    X_dense, _ = RandomOverSampler(random_state=0, shrinkage={1: 0.5}).fit_resample(X, y)
    np.testing.assert_allclose(X_sparse.toarray(), X_dense, rtol=0, atol=1e-12)
    plain = RandomOverSampler(random_state=0)
    plain.fit_resample(X, y)
    assert plain.shrinkage_ is None


def test_error_types_match_what_imblearn_users_catch(data):
    X, y = data
    with pytest.raises(RuntimeError, match="support_"):
        SVMSMOTE(svm_estimator=LogisticRegression()).fit_resample(X, y)
    with pytest.raises(TypeError):  # scikit-learn's InvalidParameterError is a TypeError too
        SMOTE(k_neighbors="five").fit_resample(X, y)
    assert issubclass(InvalidParameterError, ValueError)
