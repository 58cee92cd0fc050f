"""Balanced mini-batches (PyTorch/Keras without importing them) and instance-hardness CV."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from smotekit import SMOTE, InvalidParameterError, NearMiss, RandomOverSampler
from smotekit.batches import BalancedBatchSampler, balanced_batch_generator, keras_dataset
from smotekit.model_selection import InstanceHardnessCV


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=600, weights=[0.9], random_state=0)


def test_batch_sampler_balances_every_epoch_with_new_rows(data):
    _, y = data
    batches = BalancedBatchSampler(y, batch_size=16, random_state=0)
    epochs = [np.concatenate([np.asarray(b) for b in batches]) for _ in range(3)]
    n_minority = int((y == 1).sum())
    for rows in epochs:
        assert np.bincount(y[rows]).tolist() == [n_minority, n_minority]
        assert len(set(rows.tolist())) == rows.size  # each row once per epoch
    majority = [set(rows[y[rows] == 0].tolist()) for rows in epochs]
    assert majority[0] != majority[1]  # a new under-sample each epoch
    assert len(batches) == int(np.ceil(2 * n_minority / 16))
    again = [
        np.concatenate(
            [np.asarray(b) for b in BalancedBatchSampler(y, batch_size=16, random_state=0)]
        )
    ]
    np.testing.assert_array_equal(again[0], epochs[0])  # reproducible for a seed
    dropped = BalancedBatchSampler(y, batch_size=16, drop_last=True, random_state=0)
    assert all(len(b) == 16 for b in dropped) and len(dropped) == (2 * n_minority) // 16


def test_batch_sampler_with_other_samplers_and_refusals(data):
    X, y = data
    over = BalancedBatchSampler(y, sampler=RandomOverSampler(), batch_size=50, random_state=1)
    rows = np.concatenate([np.asarray(b) for b in over])
    assert np.bincount(y[rows]).tolist() == [int((y == 0).sum())] * 2
    near = BalancedBatchSampler(y, X=X, sampler=NearMiss(), batch_size=50)
    assert sum(len(b) for b in near) == 2 * int((y == 1).sum())
    with pytest.raises(InvalidParameterError, match="sample_indices_"):
        BalancedBatchSampler(y, X=X, sampler=SMOTE())
    with pytest.raises(InvalidParameterError, match="batch_size=0"):
        BalancedBatchSampler(y, batch_size=0)


def test_generator_yields_balanced_batches_weights_and_dense_rows(data):
    X, y = data
    w = np.linspace(1, 2, len(y))
    batches, steps = balanced_batch_generator(
        sp.csr_matrix(X), y, sample_weight=w, batch_size=20, random_state=0
    )
    assert steps == (2 * int((y == 1).sum())) // 20
    seen = [next(batches) for _ in range(steps)]
    assert all(isinstance(b[0], np.ndarray) and b[0].shape[1] == X.shape[1] for b in seen)
    labels = np.concatenate([b[1] for b in seen])
    assert abs(int((labels == 1).sum()) - int((labels == 0).sum())) <= 20
    for X_b, y_b, w_b in seen:
        assert X_b.shape[0] == y_b.shape[0] == w_b.shape[0]
    one_hot = np.eye(2)[y]
    _, y_hot = next(balanced_batch_generator(X, one_hot, batch_size=8, random_state=0)[0])
    assert y_hot.shape == (8, 2)


def test_no_deep_learning_framework_is_imported(data):
    _, y = data
    list(BalancedBatchSampler(y, random_state=0))
    assert "torch" not in sys.modules and "tensorflow" not in sys.modules


def test_keras_dataset_with_and_without_keras(data, monkeypatch):
    X, y = data
    if "keras" not in sys.modules:
        monkeypatch.setitem(sys.modules, "keras", None)
        with pytest.raises(ImportError, match="pip install keras"):
            keras_dataset(X, y)
    fake = types.ModuleType("keras")

    class PyDataset:  # the part of keras.utils.PyDataset the dataset relies on
        def __init__(self, **kwargs):
            pass

    fake.utils = types.SimpleNamespace(PyDataset=PyDataset)
    monkeypatch.setitem(sys.modules, "keras", fake)
    dataset = keras_dataset(X, y, batch_size=10, random_state=0)
    assert len(dataset) == int(np.ceil(2 * int((y == 1).sum()) / 10))
    X_b, y_b = dataset[0]
    assert X_b.shape == (10, X.shape[1]) and y_b.shape == (10,)
    before = [list(b) for b in dataset._batches]
    dataset.on_epoch_end()
    assert [list(b) for b in dataset._batches] != before


def test_instance_hardness_cv_matches_imblearn_on_two_classes(data):
    imblearn_cv = pytest.importorskip("imblearn.model_selection")
    X, y = data
    ours = list(InstanceHardnessCV(LogisticRegression(), n_splits=4).split(X, y))
    theirs = list(imblearn_cv.InstanceHardnessCV(LogisticRegression(), n_splits=4).split(X, y))
    for (a_train, a_test), (b_train, b_test) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a_test, b_test)
        np.testing.assert_array_equal(a_train, b_train)


def test_instance_hardness_cv_multiclass_and_refusals():
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=4, weights=[0.6, 0.3], random_state=1
    )
    cv = InstanceHardnessCV(LogisticRegression(max_iter=500), n_splits=3)
    folds = list(cv.split(X, y))
    assert cv.get_n_splits() == 3 and len(folds) == 3
    counts = np.array([np.bincount(y[test], minlength=3) for _, test in folds])
    assert (counts.max(axis=0) - counts.min(axis=0) <= 1).all()  # stratified
    assert sorted(np.concatenate([t for _, t in folds]).tolist()) == list(range(300))
    with pytest.raises(InvalidParameterError, match="predict_proba"):
        list(InstanceHardnessCV("tree").split(X, y))
    with pytest.raises(InvalidParameterError, match="n_splits=1"):
        list(InstanceHardnessCV(LogisticRegression(), n_splits=1).split(X, y))
