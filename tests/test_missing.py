"""SMOTE(missing='nan_euclidean'): neighbours and values on rows with missing values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import smotekit.neighbors.missing as missing
from smotekit import SMOTE
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors.missing import nan_kneighbors_within
from smotekit.scale.plan import OutOfCoreError, rows_needed


def _holes(seed: int = 0, n: int = 300, d: int = 5, rate: float = 0.2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 0.3).astype(int)
    X[y == 1] += 1.0
    X[rng.random(X.shape) < rate] = np.nan
    return X, y


def _exact_distances(X: np.ndarray) -> np.ndarray:
    """nan_euclidean distances by the definition, coordinate by coordinate (scikit-learn's
    nan_euclidean_distances expands the squares: it loses far-from-zero data to
    cancellation, and its last bits differ between releases, reordering near ties)."""
    both = ~np.isnan(X)[:, None, :] & ~np.isnan(X)[None, :, :]
    diff = np.where(both, X[:, None, :] - X[None, :, :], 0.0)
    shared = both.sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        D = np.where(shared > 0, (diff * diff).sum(axis=2) * X.shape[1] / shared, np.inf)
    np.fill_diagonal(D, np.inf)
    return D


def _exact_knn(X: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(_exact_distances(X), axis=1, kind="stable")[:, :k]


@pytest.mark.parametrize("seed", range(4))
def test_neighbours_equal_brute_force(seed):
    X, _ = _holes(seed, n=200)
    assert np.array_equal(nan_kneighbors_within(X, 5), _exact_knn(X, 5))


def test_blocks_do_not_change_the_neighbours(monkeypatch):
    X, _ = _holes(1, n=150)
    whole = nan_kneighbors_within(X, 4)
    monkeypatch.setattr(missing, "BUDGET_BYTES", 32 * 150 * 7)  # 7 query rows per block
    assert np.array_equal(nan_kneighbors_within(X, 4), whole)


def test_no_missing_value_is_the_euclidean_distance():
    X, _ = _holes(2, rate=0.0)
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(axis=2))
    np.fill_diagonal(D, np.inf)
    assert np.array_equal(nan_kneighbors_within(X, 3), np.argsort(D, axis=1, kind="stable")[:, :3])


def test_huge_values_rank_without_overflow():
    X, _ = _holes(3, n=80)
    assert np.array_equal(nan_kneighbors_within(X * 1e300, 3), nan_kneighbors_within(X, 3))


def test_a_row_with_nothing_in_common_gets_neighbours():
    X = np.array([[np.nan, 1.0], [np.nan, 2.0], [5.0, np.nan], [np.nan, 2.5]])
    found = nan_kneighbors_within(X, 2)
    assert found.shape == (4, 2) and (found != np.arange(4)[:, None]).all()
    assert set(found[1]) == {0, 3}


@pytest.mark.parametrize("gap", ["segment", "box"])
def test_synthetic_values_follow_their_parents(gap):
    X, y = _holes(4)
    sampler = SMOTE(missing="nan_euclidean", gap=gap, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [np.sum(y == 0)] * 2
    np.testing.assert_array_equal(X_res[: len(X)], X)  # NaN kept where it was
    prov = sampler.provenance_
    xb, xn = X[prov.base], X[prov.neighbor]
    g = prov.gaps()
    g = g[:, None] if g.ndim == 1 else g
    new = X_res[len(X) :]
    both = ~np.isnan(xb) & ~np.isnan(xn)
    np.testing.assert_allclose(new[both], (xb + g * (xn - xb))[both], rtol=1e-12, atol=1e-12)
    only_base = ~np.isnan(xb) & np.isnan(xn)
    only_neighbour = np.isnan(xb) & ~np.isnan(xn)
    assert np.array_equal(new[only_base], xb[only_base])
    assert np.array_equal(new[only_neighbour], xn[only_neighbour])
    assert np.array_equal(np.isnan(new), np.isnan(xb) & np.isnan(xn))
    # each neighbour among the base row's 5 nearest same-class rows by nan_euclidean
    rows = np.flatnonzero(y == 1)
    D = _exact_distances(X[rows])
    kth = np.sort(D, axis=1)[:, 4]
    where = {r: i for i, r in enumerate(rows)}
    bi = np.array([where[r] for r in prov.base])
    ni = np.array([where[r] for r in prov.neighbor])
    assert (D[bi, ni] <= kth[bi] * (1 + 1e-12)).all()


def test_without_missing_values_the_output_is_smotes():
    X, y = _holes(5, rate=0.0)
    a = SMOTE(random_state=3).fit_resample(X, y)[0]
    b = SMOTE(random_state=3, missing="nan_euclidean").fit_resample(X, y)[0]
    assert np.array_equal(a, b)


def test_missing_values_in_other_classes_only():
    X, y = _holes(6)
    X[y == 1] = np.nan_to_num(X[y == 1])
    ours = SMOTE(random_state=0, missing="nan_euclidean").fit_resample(X, y)[0]
    assert not np.isnan(ours[len(X) :]).any()
    assert np.array_equal(np.isnan(ours[: len(X)]), np.isnan(X))


def test_pandas_multiclass_and_counts():
    X, y = _holes(7, n=400)
    y = np.random.default_rng(0).choice([0, 1, 2], size=400, p=[0.6, 0.3, 0.1])
    frame = pd.DataFrame(X, columns=list("abcde"))
    X_res, y_res = SMOTE(missing="nan_euclidean", random_state=0).fit_resample(frame, y)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list("abcde")
    assert len(set(np.bincount(y_res))) == 1
    pd.testing.assert_frame_equal(X_res.iloc[:400], frame)


def test_refusals_are_clear():
    X, y = _holes(8)
    with pytest.raises(InvalidInputError, match="NaN"):
        SMOTE().fit_resample(X, y)  # the default refuses, naming the columns
    bad = X.copy()
    bad[3, 2] = np.inf
    with pytest.raises(InvalidInputError, match="infinit"):
        SMOTE(missing="nan_euclidean").fit_resample(bad, y)
    with pytest.raises(InvalidParameterError, match="dense X"):
        SMOTE(missing="nan_euclidean").fit_resample(sp.csr_matrix(np.nan_to_num(X)), y)
    with pytest.raises(InvalidParameterError, match="cannot take metric='cosine'"):
        SMOTE(missing="nan_euclidean", metric="cosine").fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="missing='drop' is not valid"):
        SMOTE(missing="drop").fit_resample(X, y)
    with pytest.raises(OutOfCoreError, match="in memory only"):
        rows_needed(SMOTE(missing="nan_euclidean"))


def test_tags_say_nan_is_allowed_only_when_asked():
    assert not SMOTE().__sklearn_tags__().input_tags.allow_nan
    assert SMOTE(missing="nan_euclidean").__sklearn_tags__().input_tags.allow_nan


@pytest.mark.parametrize("offset", [0.0, 1e6, 1e8, -1e12])
def test_values_far_from_zero_rank_as_near_it(offset):
    X, _ = _holes(9, n=300, d=3, rate=0.1)
    assert np.array_equal(nan_kneighbors_within(X + offset, 5), _exact_knn(X + offset, 5))


def test_the_exact_pass_stays_within_the_budget_on_wide_rows(monkeypatch):
    import tracemalloc

    X, _ = _holes(10, n=200, d=1500, rate=0.1)
    tracemalloc.start()
    nan_kneighbors_within(X, 5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # X's own copies (scaled, centred, mask, products: ~6 x 2.4 MB) plus the 32 MB budget
    assert peak < 6 * X.nbytes + 2 * missing.BUDGET_BYTES


def test_rows_sharing_no_column_come_by_the_smaller_index():
    X = np.full((12, 3), np.nan)
    X[:6, 0] = np.arange(6.0)  # rows 0-5 hold column 0 only
    X[6:, 1] = np.arange(6.0)  # rows 6-11 hold column 1 only
    found = nan_kneighbors_within(X, 8)
    assert found[0].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]  # 5 near, then the far by index
    assert found[11].tolist() == [10, 9, 8, 7, 6, 0, 1, 2]


def test_on_pima_with_missing_readings():
    """Real data: Pima's zero readings of glucose, pressure, skin, insulin and BMI are its
    missing values; as NaN, SMOTE finds neighbours by the definition and keeps NaN only
    where both parents miss the value."""
    from smotekit.datasets import load_pima

    X, y = load_pima(return_X_y=True, as_frame=False)
    X = X.astype(float)
    X[:, 1:6][X[:, 1:6] == 0] = np.nan
    sampler = SMOTE(missing="nan_euclidean", random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [500, 500]
    rows = np.flatnonzero(y == 1)
    D = _exact_distances(X[rows])
    kth = np.sort(D, axis=1)[:, 4]
    where = {r: i for i, r in enumerate(rows)}
    prov = sampler.provenance_
    bi = np.array([where[r] for r in prov.base])
    ni = np.array([where[r] for r in prov.neighbor])
    assert (D[bi, ni] <= kth[bi] * (1 + 1e-12)).all()
    xb, xn = X[prov.base], X[prov.neighbor]
    assert np.array_equal(np.isnan(X_res[len(X) :]), np.isnan(xb) & np.isnan(xn))
