"""Cleaning rules, the over-sample-then-clean combinations, the paper's SMOTE + under-sampling,
and the synthetic-noise filter: known answers on constructed data, and real data."""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from smotekit import (
    SMOTE,
    SMOTEENN,
    EditedNearestNeighbours,
    InvalidParameterError,
    SmotekitWarning,
    SMOTETomek,
    SMOTEUnder,
    SyntheticNoiseFilter,
    TomekLinks,
)
from smotekit.datasets import load_pima
from smotekit.samplers.cleaning import edited_rows, tomek_link_rows


def brute_nearest(X: np.ndarray, i: int, exclude_self: bool = True) -> np.ndarray:
    d = ((X - X[i]) ** 2).sum(axis=1)
    if exclude_self:
        d[i] = np.inf
    return np.lexsort((np.arange(len(X)), d))


def test_tomek_links_known_answer():
    X = np.array([[0.0], [1.0], [1.1], [3.0], [4.0], [5.0]])
    y = np.array([0, 0, 1, 1, 1, 1])
    # rows 1 and 2 are each other's nearest neighbour and differ in class: the only link
    flags = tomek_link_rows(X, y, [0, 1])
    assert flags.tolist() == [False, True, True, False, False, False]
    # 'auto' cleans the non-minority class only (class 1 has 4 rows, class 0 has 2)
    X_res, _ = TomekLinks().fit_resample(X, y)
    assert X_res[:, 0].tolist() == [0.0, 1.0, 3.0, 4.0, 5.0]
    X_all, _ = TomekLinks(sampling_strategy="all").fit_resample(X, y)
    assert X_all[:, 0].tolist() == [0.0, 3.0, 4.0, 5.0]


def test_tomek_links_match_brute_force_definition():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 3))
    y = (rng.random(120) < 0.3).astype(int)
    flags = tomek_link_rows(X, y, [0, 1])
    for i in range(len(X)):
        j = brute_nearest(X, i)[0]
        expected = brute_nearest(X, j)[0] == i and y[i] != y[j]
        assert flags[i] == expected


def test_enn_all_and_mode():
    X = np.array([[0.0], [0.1], [0.2], [0.15], [5.0], [5.1], [5.2], [5.3]])
    y = np.array([0, 0, 0, 1, 1, 1, 1, 1])
    # row 3 (class 1) sits among class 0: its 3 neighbours are all class 0
    assert edited_rows(X, y, [0, 1]).tolist() == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    # 'mode' keeps a row unless another class outnumbers its own among the neighbours
    mode = edited_rows(X, y, [0, 1], kind_sel="mode")
    assert mode.tolist() == [False, False, False, True, False, False, False, False]
    _, y_res = EditedNearestNeighbours(sampling_strategy=[1], kind_sel="mode").fit_resample(X, y)
    assert Counter(y_res) == {0: 3, 1: 4}


def test_enn_matches_brute_force_definition():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(100, 2))
    y = rng.integers(0, 3, 100)
    flags = edited_rows(X, y, [0, 1, 2], n_neighbors=3)
    for i in range(len(X)):
        nn = brute_nearest(X, i)[:3]
        assert flags[i] == bool((y[nn] != y[i]).any())


@pytest.mark.parametrize("sampler_cls", [SMOTETomek, SMOTEENN])
def test_combinations_remove_only_flagged_rows(sampler_cls):
    X, y = load_pima(return_X_y=True, as_frame=False)
    sampler = sampler_cls(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    smote = SMOTE(random_state=0)
    X_smote, y_smote = smote.fit_resample(X, y)
    # the same random stream: the combination's SMOTE step equals SMOTE alone
    flags = (tomek_link_rows if sampler_cls is SMOTETomek else edited_rows)(
        X_smote, y_smote, [0, 1]
    )
    expected = X_smote[~flags]
    np.testing.assert_array_equal(X_res, expected)
    np.testing.assert_array_equal(y_res, y_smote[~flags])
    assert sampler.n_removed_ == int(flags.sum()) > 0
    # provenance of the surviving synthetic rows still describes them exactly
    recipe = sampler.provenance_
    synthetic = X_res[recipe.first_row :]
    gap = recipe.gaps()[:, None]
    rebuilt = X[recipe.base] + gap * (X[recipe.neighbor] - X[recipe.base])
    np.testing.assert_allclose(synthetic, rebuilt)


def test_combination_with_given_smote_and_cleaner():
    X, y = load_pima(return_X_y=True)
    sampler = SMOTETomek(
        smote=SMOTE(percentage=100, k_neighbors=3), tomek=TomekLinks(), random_state=1
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.sampling_strategy_ == {1: 268}
    # TomekLinks() cleans the non-minority class of the SMOTEd data: after SMOTE 100% class 1
    # has 536 rows and class 0 is the minority (500), so class 0 keeps every row
    counts = Counter(y_res)
    assert counts[0] == 500 and counts[1] == 536 - sampler.n_removed_ < 536
    assert isinstance(X_res, pd.DataFrame) and X_res.dtypes.iloc[0] == np.int64


@pytest.mark.parametrize(
    ("percentage", "under", "expected"),
    [
        (200, 100, {0: 500, 1: 804}),
        (200, 200, {0: 402, 1: 804}),
        (100, 1000, {0: 54, 1: 536}),
        (0, 50, {0: 500, 1: 268}),  # majority would be 536 > 500: kept whole
        (0, 200, {0: 134, 1: 268}),  # the paper's example: 200% leaves half the minority
        (300, 10, {0: 500, 1: 1072}),
    ],
)
def test_smote_under_follows_paper_semantics(percentage, under, expected):
    X, y = load_pima(return_X_y=True)
    sampler = SMOTEUnder(percentage=percentage, under_percentage=under, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert dict(Counter(y_res)) == expected
    # kept originals keep their index labels and order; synthetic rows follow
    n_orig = sum(expected.values()) - (expected[1] - 268)
    kept = X_res.iloc[:n_orig]
    assert kept.index.is_monotonic_increasing
    pd.testing.assert_frame_equal(kept, X.loc[kept.index])


def test_smote_under_bad_params():
    X, y = load_pima(return_X_y=True)
    with pytest.raises(InvalidParameterError, match="under_percentage"):
        SMOTEUnder(under_percentage=0).fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="percentage"):
        SMOTEUnder(percentage=-1).fit_resample(X, y)


def overlapping(seed=0, n_major=400, n_minor=80):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0, 1, (n_major, 2)), rng.normal(0.7, 1, (n_minor, 2))])
    y = np.r_[np.zeros(n_major, int), np.ones(n_minor, int)]
    return X, y


def test_noise_filter_neighbors_keeps_count_and_rejects_what_it_should():
    X, y = overlapping()
    sampler = SyntheticNoiseFilter(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res) == {0: 400, 1: 400}
    assert sampler.n_dropped_[1] > 0 and sampler.n_delivered_ == {1: 320}
    np.testing.assert_array_equal(X_res[:480], X)
    # every kept synthetic row passes the test: most of its 5 nearest originals are minority
    for row in X_res[480:]:
        d = ((X - row) ** 2).sum(axis=1)
        nearest = np.lexsort((np.arange(len(X)), d))[:5]
        assert (y[nearest] == 1).sum() >= 3
    # and it still is a SMOTE point between its base and neighbour
    recipe = sampler.provenance_
    rebuilt = X[recipe.base] + recipe.gaps()[:, None] * (X[recipe.neighbor] - X[recipe.base])
    np.testing.assert_allclose(X_res[480:], rebuilt)


def test_noise_filter_drops_nothing_on_separated_classes():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 1, (200, 2)), rng.normal(20, 1, (50, 2))])
    y = np.r_[np.zeros(200, int), np.ones(50, int)]
    sampler = SyntheticNoiseFilter(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    plain, _ = SMOTE(random_state=0).fit_resample(X, y)
    assert sampler.n_dropped_ == {1: 0}
    np.testing.assert_array_equal(X_res, plain)


def test_noise_filter_warns_with_numbers_without_top_up():
    X, y = overlapping(2)
    sampler = SyntheticNoiseFilter(top_up=False, random_state=0)
    with pytest.warns(SmotekitWarning, match=r"class 1: \d+ of 320") as record:
        _, y_res = sampler.fit_resample(X, y)
    delivered = Counter(y_res)[1] - 80
    assert delivered == sampler.n_delivered_[1] == 320 - sampler.n_dropped_[1]
    assert str(sampler.n_dropped_[1]) in str(record[0].message)


@pytest.mark.parametrize("detector", ["isolation_forest", "lof"])
def test_noise_filter_detectors_are_reproducible(detector):
    X, y = overlapping(3)
    runs = [
        SyntheticNoiseFilter(detector=detector, random_state=4).fit_resample(X, y) for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    assert Counter(runs[0][1]) == {0: 400, 1: 400}


def test_noise_filter_user_detector_and_box_gaps():
    from sklearn.covariance import EllipticEnvelope

    X, y = overlapping(4)
    sampler = SyntheticNoiseFilter(
        SMOTE(gap="box", percentage=200),
        detector=EllipticEnvelope(random_state=0),
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmotekitWarning)
        X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res) == {0: 400, 1: 240}
    recipe = sampler.provenance_
    assert recipe.gap_mode == "box"
    rebuilt = X[recipe.base] + recipe.gaps() * (X[recipe.neighbor] - X[recipe.base])
    np.testing.assert_allclose(X_res[480:], rebuilt)


def test_noise_filter_sparse_equals_dense():
    X, y = overlapping(5)
    dense = SyntheticNoiseFilter(random_state=0).fit_resample(X, y)[0]
    sparse = SyntheticNoiseFilter(random_state=0).fit_resample(sp.csr_matrix(X), y)[0]
    np.testing.assert_allclose(sparse.toarray(), dense)


def test_noise_filter_refuses_a_copying_sampler():
    from smotekit import RandomOverSampler

    X, y = overlapping()
    with pytest.raises(InvalidParameterError, match="SMOTE family"):
        SyntheticNoiseFilter(RandomOverSampler()).fit_resample(X, y)


@pytest.mark.parametrize("sampler", [SMOTETomek(random_state=0), SMOTEENN(random_state=0)])
def test_combinations_on_satimage(data_dir, sampler):
    frame = pd.read_csv(data_dir / "satimage.csv")
    X, y = frame.drop(columns="label"), frame["label"]
    X_res, y_res = sampler.fit_resample(X, y)
    assert all(pd.api.types.is_integer_dtype(t) for t in X_res.dtypes)
    counts = Counter(y_res)
    assert counts[1] <= 5809 and counts[0] <= 5809
    assert len(y_res) == 5809 * 2 - sampler.n_removed_


@pytest.mark.parametrize("kind_sel", ["all", "mode"])
@pytest.mark.parametrize("n_neighbors", [3, 4, 6])
def test_enn_keeps_the_rows_imbalanced_learn_keeps(kind_sel, n_neighbors):
    """Side by side on multi-class data where votes tie (even k, three classes)."""
    from imblearn.under_sampling import EditedNearestNeighbours as ImbENN

    rng = np.random.default_rng(n_neighbors)
    X = rng.normal(size=(1000, 4))
    y = rng.choice([0, 1, 2], size=1000, p=[0.5, 0.3, 0.2])
    ours = EditedNearestNeighbours(
        sampling_strategy="all", kind_sel=kind_sel, n_neighbors=n_neighbors
    ).fit(X, y)
    ours.fit_resample(X, y)
    theirs = ImbENN(sampling_strategy="all", kind_sel=kind_sel, n_neighbors=n_neighbors)
    theirs.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)


def test_enn_takes_a_neighbour_estimator_as_imbalanced_learn_does():
    from sklearn.neighbors import NearestNeighbors

    from smotekit import InvalidParameterError

    rng = np.random.default_rng(9)
    X = rng.normal(size=(300, 3))
    y = rng.choice([0, 1], size=300, p=[0.7, 0.3])
    by_int = EditedNearestNeighbours(n_neighbors=3)
    by_int.fit_resample(X, y)
    search = NearestNeighbors(n_neighbors=4)
    by_estimator = EditedNearestNeighbours(n_neighbors=search)
    by_estimator.fit_resample(X, y)
    np.testing.assert_array_equal(by_int.sample_indices_, by_estimator.sample_indices_)
    assert by_estimator.nn_ is not search and hasattr(by_estimator.nn_, "n_samples_fit_")
    with pytest.raises(InvalidParameterError, match="int >= 2"):
        EditedNearestNeighbours(n_neighbors=NearestNeighbors(n_neighbors=1)).fit_resample(X, y)


@pytest.mark.parametrize("combined", ["SMOTETomek", "SMOTEENN"])
@pytest.mark.parametrize("over", ["CCR", "LVQSMOTE", "PolynomFitSMOTE", "GeometricSMOTE"])
def test_cleaning_after_samplers_whose_rows_are_points(combined, over):
    """Over-samplers whose new rows are points, not recipes, can be cleaned too: the output
    is the over-sampler's own rows (in order) minus the ones the cleaning removes."""
    import scipy.sparse as sp

    import smotekit

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    y = (rng.random(300) < 0.25).astype(int)
    X[y == 1] += 1.0
    sampler = getattr(smotekit, over)(random_state=0)
    X_over, y_over = sampler.fit_resample(X, y)
    step = getattr(smotekit, combined)(smote=sampler, random_state=0)
    X_res, y_res = step.fit_resample(X, y)
    rows = {(*r, c) for r, c in zip(X_over.tolist(), y_over.tolist(), strict=True)}
    assert all((*r, c) in rows for r, c in zip(X_res.tolist(), y_res.tolist(), strict=True))
    assert len(y_res) < len(y_over)
    X_sparse, _ = step.fit_resample(sp.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), X_res)
