"""The iterative-partitioning filter and SMOTE-IPF: the papers' rules, checked directly."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from smotekit import (
    SMOTE,
    SMOTEIPF,
    InvalidParameterError,
    IterativePartitioningFilter,
    TomekLinks,
)
from smotekit.datasets import load_pima
from smotekit.samplers.partition_filter import partitions


def noisy_blobs(seed: int = 0):
    """Two well separated classes, with a few rows given the other class's label."""
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0.0, 1.0, size=(300, 2)), rng.normal(8.0, 1.0, size=(100, 2))])
    y = np.r_[np.zeros(300, dtype=int), np.ones(100, dtype=int)]
    flipped = np.r_[rng.choice(300, 6, replace=False), 300 + rng.choice(100, 4, replace=False)]
    y[flipped] = 1 - y[flipped]
    return X, y, np.sort(flipped)


def test_partitions_deal_every_class_evenly():
    rng = np.random.default_rng(0)
    labels = np.r_[np.zeros(103, dtype=int), np.ones(20, dtype=int), np.full(5, 2)]
    part = partitions(labels, 9, rng)
    for cls in (0, 1, 2):
        sizes = np.bincount(part[labels == cls], minlength=9)
        assert sizes.max() - sizes.min() <= 1 and sizes.sum() == (labels == cls).sum()


def test_the_filter_removes_only_mislabelled_rows_of_separated_classes():
    """Most mislabelled rows are flagged, next to no clean row. (A two-row leaf holding a
    mislabelled row and a clean one ties, and a tree's tie goes to the smaller label: the
    mislabelled row can hide from its own part's tree, or take a clean neighbour along.)"""
    X, y, flipped = noisy_blobs()
    for seed in range(5):
        ipf = IterativePartitioningFilter(random_state=seed)
        X_res, _ = ipf.fit_resample(X, y)
        removed = np.setdiff1d(np.arange(len(y)), ipf.sample_indices_)
        assert len(set(removed) & set(flipped)) >= 6 and len(set(removed) - set(flipped)) <= 1
        np.testing.assert_array_equal(X_res, X[ipf.sample_indices_])
        assert sum(ipf.removed_per_round_) == removed.size


def test_voting_stopping_and_cleaned_classes_with_a_known_classifier():
    """A classifier that always says 0: every row of class 1 is misclassified by all parts.

    Round 1 removes them (majority and consensus alike); the next rounds find nothing, and
    three quiet rounds in a row stop the filter. A class that is not cleaned keeps its rows.
    """
    X, y, _ = noisy_blobs()
    always_0 = DummyClassifier(strategy="constant", constant=0)
    for voting in ("majority", "consensus"):
        ipf = IterativePartitioningFilter(estimator=always_0, voting=voting, random_state=0)
        _, y_res = ipf.fit_resample(X, y)
        assert Counter(y_res.tolist()) == {0: Counter(y.tolist())[0]}
        assert ipf.removed_per_round_ == [Counter(y.tolist())[1], 0, 0, 0]
        assert ipf.n_rounds_ == 4
    kept_minority = IterativePartitioningFilter(
        estimator=always_0, sampling_strategy="majority", random_state=0
    )
    _, y_res = kept_minority.fit_resample(X, y)
    assert Counter(y_res.tolist()) == Counter(y.tolist())  # class 1 is not cleaned
    assert kept_minority.removed_per_round_ == [0, 0, 0]


def test_stopping_rule_is_the_papers():
    """It stops at the first run of ``stop_rounds`` rounds that each find fewer than
    ``stop_fraction`` of the rows it was given (or none), and not before."""
    X, y = make_classification(600, n_features=5, flip_y=0.2, weights=[0.7], random_state=1)
    for stop_rounds, fraction in ((1, 0.01), (3, 0.01), (2, 0.05)):
        ipf = IterativePartitioningFilter(
            stop_rounds=stop_rounds, stop_fraction=fraction, random_state=3
        )
        ipf.fit_resample(X, y)
        quiet = [r < fraction * len(y) or r == 0 for r in ipf.removed_per_round_]
        assert all(quiet[-stop_rounds:])
        runs = [all(quiet[i : i + stop_rounds]) for i in range(len(quiet) - stop_rounds)]
        assert not any(runs)
        assert len(y) - len(ipf.sample_indices_) == sum(ipf.removed_per_round_)


def test_consensus_removes_no_more_than_majority_in_a_round():
    X, y = make_classification(500, n_features=6, flip_y=0.15, weights=[0.75], random_state=2)
    one_round = {"stop_rounds": 1, "stop_fraction": 1.0, "random_state": 7}
    majority = IterativePartitioningFilter(voting="majority", **one_round)
    consensus = IterativePartitioningFilter(voting="consensus", **one_round)
    majority.fit_resample(X, y)
    consensus.fit_resample(X, y)
    # same seed, same parts and trees: consensus flags a subset of what majority flags
    assert set(majority.sample_indices_) <= set(consensus.sample_indices_)
    assert consensus.removed_per_round_[0] < majority.removed_per_round_[0]


def test_results_are_reproducible_and_independent_of_threads():
    X, y = make_classification(800, n_features=8, flip_y=0.1, weights=[0.8], random_state=0)
    one = IterativePartitioningFilter(random_state=5, n_jobs=1)
    two = IterativePartitioningFilter(random_state=5, n_jobs=2)
    one.fit_resample(X, y)
    two.fit_resample(X, y)
    np.testing.assert_array_equal(one.sample_indices_, two.sample_indices_)
    serial = SMOTEIPF(random_state=5, n_jobs=1).fit_resample(X, y)[0]
    np.testing.assert_array_equal(serial, SMOTEIPF(random_state=5, n_jobs=2).fit_resample(X, y)[0])


def test_smote_ipf_removes_only_what_the_filter_flags():
    """SMOTE-IPF = SMOTE's rows (same draws) minus the rows the filter flags among them."""
    X, y = make_classification(600, n_features=6, flip_y=0.05, weights=[0.85], random_state=4)
    ours = SMOTEIPF(random_state=11)
    X_res, y_res = ours.fit_resample(X, y)
    # the same generator, used in the same order: SMOTE first, then the filter
    rng = np.random.default_rng(11)
    X_smote, y_smote = SMOTE(random_state=rng).fit_resample(X, y)
    ipf = IterativePartitioningFilter(random_state=rng)
    X_kept, y_kept = ipf.fit_resample(X_smote, y_smote)
    np.testing.assert_array_equal(X_res, X_kept)
    np.testing.assert_array_equal(y_res, y_kept)
    assert ours.n_removed_ == len(y_smote) - len(y_kept) > 0
    assert ours.ipf_.removed_per_round_ == ipf.removed_per_round_
    # the synthetic rows that survived keep their provenance
    record = ours.provenance_
    assert record.first_row == np.count_nonzero(ipf.sample_indices_ < len(y))
    assert len(record) == len(y_res) - record.first_row
    np.testing.assert_array_equal(record.labels, y_res[record.first_row :])


def test_smote_ipf_takes_its_steps_and_pandas():
    X, y = load_pima(return_X_y=True)
    sampler = SMOTEIPF(
        smote=SMOTE(k_neighbors=3),
        ipf=IterativePartitioningFilter(estimator=DecisionTreeClassifier(max_depth=3)),
        random_state=0,
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X.columns)
    originals = X_res.index.isin(X.index)
    pd.testing.assert_frame_equal(X_res[originals], X.loc[X_res.index[originals]])
    assert sampler.smote_.k_neighbors == 3
    assert sampler.ipf_.estimator.max_depth == 3 and sampler.ipf_.n_rounds_ >= 3
    assert len(y_res) == 2 * Counter(y)[0] - sampler.n_removed_


def test_on_pima_the_filter_thins_both_classes():
    X, y = load_pima(return_X_y=True)
    X, y = X.to_numpy(), y.to_numpy()
    sampler = SMOTEIPF(random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    counts = Counter(y_res.tolist())
    assert counts[0] < 500 and counts[1] < 500  # SMOTE balanced to 500 each first
    assert sum(sampler.ipf_.removed_per_round_) == sampler.n_removed_ == 1000 - len(y_res)


def seven_nn(query, X, y):
    d = ((query[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :7]
    return (2 * y[nearest].sum(axis=1) >= 7).astype(y.dtype)


class _Recorder(DummyClassifier):
    """The majority of the 7 nearest rows it was fitted on, recording those rows
    (column 0 holds the row id)."""

    fitted: ClassVar[list[np.ndarray]] = []

    def fit(self, X, y, sample_weight=None):
        self.X_, self.y_ = np.asarray(X), np.asarray(y)
        _Recorder.fitted.append(self.X_[:, 0].astype(int))
        return super().fit(X, y)

    def predict(self, X):
        X = np.asarray(X)
        return seven_nn(X[:, 1:], self.X_[:, 1:], self.y_)


@pytest.mark.parametrize("voting", ["majority", "consensus"])
def test_rest_fits_each_model_on_the_other_parts_and_votes_alone(voting):
    """fit_on='rest' (the cross-validated committees filter): one round, brute force."""
    X0, y = make_classification(240, n_features=4, flip_y=0.2, weights=[0.7], random_state=5)
    X = np.column_stack([np.arange(len(y)), X0])
    _Recorder.fitted = []
    ipf = IterativePartitioningFilter(
        estimator=_Recorder(), fit_on="rest", n_partitions=4, voting=voting,
        stop_rounds=1, stop_fraction=1.0, random_state=2,
    )  # fmt: skip
    ipf.fit_resample(X, y)
    trained = _Recorder.fitted
    assert len(trained) == 4
    # each model learned from every part but one; the left-out parts tile the rows
    left_out = [np.setdiff1d(np.arange(len(y)), rows) for rows in trained]
    np.testing.assert_array_equal(np.sort(np.concatenate(left_out)), np.arange(len(y)))
    sizes = [part.size for part in left_out]
    assert max(sizes) - min(sizes) <= 1
    wrong = np.zeros((4, len(y)), dtype=bool)
    for m, rows in enumerate(trained):
        wrong[m] = seven_nn(X0, X0[rows], y[rows]) != y
    votes = wrong.sum(axis=0)
    flagged = votes == 4 if voting == "consensus" else 2 * votes > 4
    removed = np.setdiff1d(np.arange(len(y)), ipf.sample_indices_)
    np.testing.assert_array_equal(removed, np.flatnonzero(flagged))  # no own-part condition
    assert removed.size > 0


def test_rest_with_smote_variants_trees_leaves_smote_ipf_as_smote_on_pima():
    """smote-variants' reading: 9 parts, unpruned trees fitted on the other parts. Each row
    is judged by 8 trees that saw it (and Pima has no conflicting duplicates): nothing is
    removed and SMOTE-IPF's output is SMOTE's."""
    X, y = load_pima(return_X_y=True)
    X, y = X.to_numpy(), y.to_numpy()
    ipf = IterativePartitioningFilter(
        fit_on="rest", n_partitions=9, estimator=DecisionTreeClassifier()
    )
    sampler = SMOTEIPF(ipf=ipf, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.n_removed_ == 0 and sampler.ipf_.removed_per_round_ == [0, 0, 0]
    X_smote, y_smote = SMOTE(random_state=np.random.default_rng(0)).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_smote)
    np.testing.assert_array_equal(y_res, y_smote)


@pytest.mark.parametrize("fit_on", ["part", "rest"])
def test_a_round_left_with_one_row_flags_nothing_on_rest(fit_on):
    """With one row left there is no other part to learn from: 'rest' flags nothing."""
    X = np.array([[-0.98, -1.57], [-2.92, -0.35], [1.25, 0.03]])
    y = np.array([1, 0, 1])
    for seed in range(20):
        ipf = IterativePartitioningFilter(fit_on=fit_on, random_state=seed)
        _, y_res = ipf.fit_resample(X, y)
        assert len(y_res) == len(ipf.sample_indices_) >= 1
        assert sum(ipf.removed_per_round_) == len(y) - len(y_res)


def test_smote_ipf_fit_on_sets_its_default_filter():
    X, y = make_classification(500, n_features=6, flip_y=0.1, weights=[0.8], random_state=3)
    short = SMOTEIPF(fit_on="rest", random_state=4)
    X_a, y_a = short.fit_resample(X, y)
    long = SMOTEIPF(ipf=IterativePartitioningFilter(fit_on="rest"), random_state=4)
    X_b, y_b = long.fit_resample(X, y)
    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(y_a, y_b)
    assert short.ipf_.fit_on == "rest"
    default = SMOTEIPF(random_state=4)
    default.fit_resample(X, y)
    assert default.ipf_.fit_on == "part" and default.n_removed_ > short.n_removed_
    with pytest.raises(InvalidParameterError, match=r"set it on that filter instead"):
        SMOTEIPF(ipf=IterativePartitioningFilter(), fit_on="rest").fit_resample(X, y)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_partitions": 1}, "n_partitions=1"),
        ({"voting": "unanimous"}, "voting='unanimous'"),
        ({"stop_rounds": 0}, "stop_rounds=0"),
        ({"stop_fraction": 1.5}, "stop_fraction=1.5"),
        ({"fit_on": "all"}, "fit_on='all'"),
        ({"estimator": TomekLinks()}, "must be None or an object with fit and predict"),
        ({"estimator": DecisionTreeRegressor()}, "is not a classifier"),
    ],
)
def test_bad_parameters_are_refused_clearly(params, message):
    X, y, _ = noisy_blobs()
    with pytest.raises(InvalidParameterError, match=message.replace("(", r"\(")):
        IterativePartitioningFilter(**params).fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="ipf="):
        SMOTEIPF(ipf="filter").fit_resample(X, y)
