"""MLSMOTE: every synthetic row checked against a brute-force re-reading of the paper."""

from __future__ import annotations

import pickle
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_multilabel_classification

from smotekit import (
    ClassTooSmallError,
    InvalidInputError,
    InvalidParameterError,
    NonNumericFeatureError,
    SmotekitWarning,
)
from smotekit.samplers.mlsmote import MLSMOTE, imbalance_ratios

RULES = ("ranking", "union", "intersection")
GAPS = ("box", "segment")


# ---- data ----------------------------------------------------------------------------------
def data(seed: int = 0, n: int = 150, d: int = 3, probs=(0.6, 0.15, 0.35, 0.08, 0.25)):
    """Continuous X (no ties between distances) and a 0/1 Y with uneven label frequencies."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    Y = (rng.random((n, len(probs))) < np.asarray(probs)).astype(np.int64)
    return X, Y


def sklearn_data():
    return make_multilabel_classification(n_samples=300, n_classes=5, random_state=0)


#: A hand-made set: label B (rows 0, 1, 3) and C (rows 3, 5, 7) are the minority labels.
HAND_X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0], [20.0], [21.0]])
HAND_Y = np.array(
    [
        [1, 1, 0],
        [1, 1, 0],
        [1, 0, 0],
        [0, 1, 1],
        [1, 0, 0],
        [1, 0, 1],
        [1, 0, 0],
        [1, 0, 1],
    ]
)


# ---- the brute-force reference ----------------------------------------------------------------
def reference_minority(Y: np.ndarray) -> tuple[list[Fraction | None], Fraction, list[int]]:
    """IRLbl (exact), MeanIR (exact) and the minority labels, straight from the definitions."""
    counts = [int(c) for c in Y.sum(axis=0)]
    top = max(counts)
    irlbl = [Fraction(top, c) if c else None for c in counts]
    present = [r for r in irlbl if r is not None]
    mean_ir = sum(present, Fraction(0)) / len(present)
    return irlbl, mean_ir, [j for j, r in enumerate(irlbl) if r is not None and r > mean_ir]


def reference_neighbors(X: np.ndarray, rows: np.ndarray, k: int) -> dict[int, np.ndarray]:
    """Each row's k nearest rows among ``rows`` (itself excluded; ties by input order)."""
    P = X[rows].astype(np.float64)
    dist = ((P[:, None, :] - P[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(dist, np.inf)
    k = min(k, rows.shape[0] - 1)
    return {
        int(rows[i]): rows[np.lexsort((np.arange(rows.shape[0]), dist[i]))[:k]]
        for i in range(rows.shape[0])
    }


def reference_labels(Y: np.ndarray, seed: int, neighbors: np.ndarray, rule: str) -> np.ndarray:
    counts = Y[seed] + Y[neighbors].sum(axis=0)
    width = neighbors.shape[0] + 1
    if rule == "ranking":
        return (counts > width / 2).astype(int)
    if rule == "union":
        return (counts > 0).astype(int)
    return (counts == width).astype(int)


def check_against_reference(X, Y, sampler, X_res, y_res) -> int:
    """Every defining property of the paper, row by row; returns the number of new rows."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y)
    n = X.shape[0]
    X_res = np.asarray(X_res, dtype=np.float64)
    y_res = np.asarray(y_res)
    k, rule = sampler.k_neighbors, sampler.label_generation
    irlbl, mean_ir, minority = reference_minority(Y)
    # which labels are minority, and their measures
    assert sampler.minority_labels_.tolist() == minority
    assert sampler.mean_ir_ == pytest.approx(float(mean_ir), rel=1e-12)
    expected_ir = [float(r) if r is not None else np.inf for r in irlbl]
    np.testing.assert_allclose(sampler.irlbl_, expected_ir, rtol=1e-12)
    # originals untouched and first
    np.testing.assert_array_equal(X_res[:n], X)
    np.testing.assert_array_equal(y_res[:n], Y)
    # one synthetic row per (minority label, row having it): label by label, seeds in order
    pairs = [(j, int(i)) for j in minority for i in np.flatnonzero(Y[:, j])]
    n_new = X_res.shape[0] - n
    assert n_new == len(pairs) == y_res.shape[0] - n
    assert sampler.seeds_.tolist() == [i for _, i in pairs]
    assert sampler.provenance_.labels.tolist() == [j for j, _ in pairs]
    assert sampler.provenance_.first_row == n
    assert sampler.sampling_strategy_ == {j: int(Y[:, j].sum()) for j in minority}
    near = {j: reference_neighbors(X, np.flatnonzero(Y[:, j]), k) for j in minority}
    gaps = np.asarray(sampler.provenance_.gaps())
    for r, (j, seed) in enumerate(pairs):
        ref = int(sampler.references_[r])
        neighbors = near[j][seed]
        assert Y[seed, j] == 1 and Y[ref, j] == 1
        assert ref in neighbors.tolist()  # among the seed's k nearest rows having the label
        new = X_res[n + r]
        lo, hi = np.minimum(X[seed], X[ref]), np.maximum(X[seed], X[ref])
        assert np.all(new >= lo) and np.all(new <= hi)  # in the box the two rows span
        g = gaps[r]
        assert np.all((g >= 0) & (g <= 1))
        np.testing.assert_allclose(new, X[seed] + g * (X[ref] - X[seed]), rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(
            y_res[n + r], reference_labels(Y, seed, neighbors, rule), err_msg=f"row {r}"
        )
        assert y_res[n + r, j] == 1  # the label being balanced is always set
    return n_new


# ---- the paper, row by row --------------------------------------------------------------------
@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("seed", [0, 1])
def test_every_synthetic_row_follows_the_paper(rule, gap, seed):
    X, Y = data(seed)
    sampler = MLSMOTE(random_state=seed, label_generation=rule, gap=gap)
    X_res, y_res = sampler.fit_resample(X, Y)
    n_new = check_against_reference(X, Y, sampler, X_res, y_res)
    assert n_new > 0
    gaps = np.asarray(sampler.provenance_.gaps())
    if gap == "segment":
        assert gaps.shape == (n_new,)
    else:  # one gap per attribute: the rows leave the segment
        assert gaps.shape == (n_new, X.shape[1])
        assert np.ptp(gaps, axis=1).max() > 0.5


@pytest.mark.parametrize("k", [1, 3, 7])
def test_the_paper_on_sklearn_data_and_other_k(k):
    X, Y = sklearn_data()
    sampler = MLSMOTE(random_state=3, k_neighbors=k)
    X_res, y_res = sampler.fit_resample(X, Y)
    assert check_against_reference(X, Y, sampler, X_res, y_res) == 95 + 110 + 106
    assert sampler.minority_labels_.tolist() == [0, 2, 4]


@pytest.mark.parametrize(
    ("rule", "new_b", "new_c"),
    [
        ("ranking", [1, 1, 0], [1, 0, 1]),
        ("union", [1, 1, 1], [1, 1, 1]),
        ("intersection", [0, 1, 0], [0, 0, 1]),
    ],
)
@pytest.mark.parametrize("k", [2, 5])
def test_label_sets_on_a_hand_made_example(rule, new_b, new_c, k):
    """B is on rows 0, 1, 3 and C on rows 3, 5, 7 (counts 7, 3, 3: IRLbl 1, 7/3, 7/3 and
    MeanIR 17/9). Each bag has 3 rows, so with k=2 and with k=5 (a bag of k rows or fewer
    uses all its other rows) every seed votes with the whole bag: B's bag has A twice and
    C once, C's bag has A twice and B once."""
    sampler = MLSMOTE(random_state=0, k_neighbors=k, label_generation=rule)
    X_res, y_res = sampler.fit_resample(HAND_X, HAND_Y)
    assert sampler.minority_labels_.tolist() == [1, 2]
    assert sampler.mean_ir_ == pytest.approx(17 / 9)
    assert y_res[8:].tolist() == [new_b] * 3 + [new_c] * 3
    assert sampler.seeds_.tolist() == [0, 1, 3, 3, 5, 7]
    bags = {0: {1, 3}, 1: {0, 3}, 3: {0, 1}}, {3: {5, 7}, 5: {3, 7}, 7: {3, 5}}
    for r, seed in enumerate(sampler.seeds_.tolist()):
        assert int(sampler.references_[r]) in bags[r // 3][seed]
    check_against_reference(HAND_X, HAND_Y, sampler, X_res, y_res)


def test_minority_labels_are_those_above_mean_ir_decided_exactly():
    # counts 10, 3, 6, 5: IRLbl 1, 10/3, 5/3, 2 and MeanIR exactly 2: the label with IRLbl 2
    # is not a minority label, though float sums of thirds land near 2
    irlbl, mean_ir, minority = imbalance_ratios(np.array([10, 3, 6, 5]))
    assert minority.tolist() == [1]
    assert mean_ir == pytest.approx(2.0)
    # MeanIR is 7/3 exactly, the IRLbl of the label counted 24 (56/24); the correctly
    # rounded float mean of these ratios lies below 7/3's float, which a float test
    # would call a minority label
    counts = np.array([40, 14, 12, 42, 56, 24, 35])
    ratios = (56 / counts).tolist()
    assert ratios[5] > sum(map(Fraction, ratios)) / 7  # the trap, in the floats themselves
    assert imbalance_ratios(counts)[2].tolist() == [1, 2]
    # a label no row has has no ratio: inf, out of the mean, never minority
    irlbl, mean_ir, minority = imbalance_ratios(np.array([4, 0, 1, 2]))
    assert irlbl.tolist() == [1.0, np.inf, 4.0, 2.0]
    assert mean_ir == pytest.approx(7 / 3)
    assert minority.tolist() == [2]
    rng = np.random.default_rng(5)
    for _ in range(200):
        counts = rng.integers(0, 12, size=rng.integers(1, 7))
        Y = np.zeros((counts.max(initial=0) + 1, counts.shape[0]), dtype=int)
        for j, c in enumerate(counts):
            Y[:c, j] = 1
        _, _, expected = reference_minority(Y) if counts.any() else (None, None, [])
        assert imbalance_ratios(counts)[2].tolist() == expected


def test_a_label_no_row_has_is_left_out():
    X, Y = data(2)
    Y = np.column_stack([Y[:, :2], np.zeros(len(Y), dtype=int), Y[:, 2:]])
    sampler = MLSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, Y)
    assert sampler.irlbl_[2] == np.inf and 2 not in sampler.minority_labels_.tolist()
    assert not y_res[:, 2].any()
    check_against_reference(X, Y, sampler, X_res, y_res)


# ---- containers -------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.int64, np.int8, np.uint8, bool, np.float32, np.float64])
def test_numpy_y_keeps_its_dtype(dtype):
    X, Y = data(3)
    X_res, y_res = MLSMOTE(random_state=0).fit_resample(X, Y.astype(dtype))
    X_ref, y_ref = MLSMOTE(random_state=0).fit_resample(X, Y)
    assert y_res.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(X_res, X_ref)
    np.testing.assert_array_equal(y_res.astype(np.int64), y_ref)


def test_lists_come_back_as_lists():
    X, Y = data(4, n=60)
    X_res, y_res = MLSMOTE(random_state=0).fit_resample(X.tolist(), Y.tolist())
    X_ref, y_ref = MLSMOTE(random_state=0).fit_resample(X, Y)
    assert isinstance(X_res, list) and isinstance(y_res, list)
    assert y_res == y_ref.tolist() and np.array_equal(np.asarray(X_res), X_ref)


def test_pandas_frames_keep_columns_index_and_dtypes():
    X, Y = data(5)
    index = pd.Index([f"r{i}" for i in range(len(X))], name="id")
    X_df = pd.DataFrame(X, columns=["a", "b", "c"], index=index)
    y_df = pd.DataFrame(Y, columns=["sports", "music", "news", "art", "film"], index=index)
    y_df = y_df.astype({"music": bool, "news": "Int8", "art": np.float32})
    sampler = MLSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X_df, y_df)
    X_ref, y_ref = MLSMOTE(random_state=0).fit_resample(X, Y)
    assert isinstance(y_res, pd.DataFrame) and list(y_res.columns) == list(y_df.columns)
    assert (y_res.dtypes == y_df.dtypes).all()
    assert y_res.index.equals(X_res.index) and y_res.index.name == "id"
    assert y_res.index[: len(X)].equals(index) and not set(y_res.index[len(X) :]) & set(index)
    pd.testing.assert_frame_equal(y_res.iloc[: len(X)], y_df)
    np.testing.assert_array_equal(y_res.to_numpy(dtype=np.int64), y_ref)
    np.testing.assert_array_equal(X_res.to_numpy(), X_ref)
    # labels are named as y names them
    assert sampler.minority_labels_.tolist() == ["music", "art"]
    assert sampler.sampling_strategy_ == {"music": int(Y[:, 1].sum()), "art": int(Y[:, 3].sum())}
    assert set(sampler.provenance_.to_frame()["label"]) == {"music", "art"}
    assert sampler.feature_names_in_.tolist() == ["a", "b", "c"]


def test_pandas_y_beside_numpy_x_gets_new_row_labels():
    X, Y = data(6)
    y_df = pd.DataFrame(Y, index=np.arange(100, 100 + len(Y)))
    X_res, y_res = MLSMOTE(random_state=0).fit_resample(X, y_df)
    assert isinstance(X_res, np.ndarray)
    n_new = len(y_res) - len(Y)
    assert y_res.index.tolist() == list(range(100, 100 + len(Y) + n_new))
    assert list(y_res.columns) == list(range(Y.shape[1]))


def test_misaligned_pandas_x_and_y_are_refused():
    X, Y = data(6, n=40)
    X_df = pd.DataFrame(X, index=np.arange(40))
    y_df = pd.DataFrame(Y, index=np.arange(40)[::-1])
    with pytest.raises(InvalidInputError, match="different row labels"):
        MLSMOTE().fit_resample(X_df, y_df)


@pytest.mark.parametrize("y_format", ["csr_matrix", "csc_matrix", "coo_array", "lil_matrix"])
@pytest.mark.parametrize("gap", GAPS)
def test_sparse_x_and_y_stay_sparse_with_the_dense_rows(y_format, gap):
    X, Y = data(7, n=120, d=6)
    X[np.abs(X) < 0.8] = 0.0  # a sparse X with stored and implicit zeros
    y_sparse = getattr(sp, y_format)(Y.astype(np.int32))
    X_res, y_res = MLSMOTE(random_state=0, gap=gap).fit_resample(sp.csr_matrix(X), y_sparse)
    X_ref, y_ref = MLSMOTE(random_state=0, gap=gap).fit_resample(X, Y)
    assert type(y_res) is type(y_sparse) and y_res.format == y_sparse.format
    assert y_res.dtype == np.int32 and sp.issparse(X_res)
    np.testing.assert_allclose(X_res.toarray(), X_ref, rtol=1e-15, atol=0)
    np.testing.assert_array_equal(y_res.toarray(), y_ref)


def test_integer_columns_are_rounded_and_keep_their_dtype():
    X, Y = data(8)
    X_int = np.rint(X * 10).astype(np.int64)
    X_res, _ = MLSMOTE(random_state=0).fit_resample(X_int, Y)
    assert X_res.dtype == np.int64
    X_float, _ = MLSMOTE(random_state=0, integer_columns="float").fit_resample(X_int, Y)
    assert X_float.dtype == np.float64
    np.testing.assert_array_equal(X_res, np.rint(X_float))


def test_sample_weight_follows_the_rows():
    X, Y = data(9)
    w = np.random.default_rng(0).uniform(0.5, 2.0, len(X))
    sampler = MLSMOTE(random_state=0, gap="segment")
    X_res, y_res, w_res = sampler.fit_resample(X, Y, sample_weight=w)
    n = len(X)
    np.testing.assert_array_equal(w_res[:n], w)
    seed, ref, g = sampler.seeds_, sampler.references_, sampler.provenance_.gaps()
    np.testing.assert_allclose(w_res[n:], w[seed] + g * (w[ref] - w[seed]))
    assert len(w_res) == len(X_res) == len(y_res)


def test_inputs_are_not_modified():
    X, Y = data(10)
    X_before, Y_before = X.copy(), Y.copy()
    y_sparse = sp.csr_matrix(Y)
    data_before = y_sparse.data.copy()
    MLSMOTE(random_state=0).fit_resample(X, Y)
    MLSMOTE(random_state=0).fit_resample(X, y_sparse)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    np.testing.assert_array_equal(y_sparse.data, data_before)


# ---- determinism ------------------------------------------------------------------------------
@pytest.mark.parametrize("gap", GAPS)
def test_a_seed_fixes_the_output_whatever_n_jobs(gap):
    X, Y = sklearn_data()
    runs = [MLSMOTE(random_state=11, gap=gap, n_jobs=jobs).fit_resample(X, Y) for jobs in (1, 2, 1)]
    for X_res, y_res in runs[1:]:
        np.testing.assert_array_equal(X_res, runs[0][0])
        np.testing.assert_array_equal(y_res, runs[0][1])
    other, _ = MLSMOTE(random_state=12, gap=gap).fit_resample(X, Y)
    assert not np.array_equal(other, runs[0][0])
    # a Generator seeded alike gives the same rows
    from_generator, _ = MLSMOTE(random_state=np.random.default_rng(11), gap=gap).fit_resample(X, Y)
    np.testing.assert_array_equal(from_generator, runs[0][0])


def test_clone_and_get_params_round_trip():
    sampler = MLSMOTE(
        random_state=3,
        k_neighbors=4,
        label_generation="union",
        gap="segment",
        n_jobs=1,
        integer_columns="float",
    )
    params = sampler.get_params()
    assert params == {
        "random_state": 3,
        "k_neighbors": 4,
        "label_generation": "union",
        "gap": "segment",
        "n_jobs": 1,
        "integer_columns": "float",
    }
    X, Y = data(12)
    X_res, y_res = sampler.fit_resample(X, Y)
    fresh = clone(sampler)
    assert fresh.get_params() == params and not hasattr(fresh, "minority_labels_")
    again = fresh.fit_resample(X, Y)
    np.testing.assert_array_equal(again[0], X_res)
    np.testing.assert_array_equal(again[1], y_res)
    restored = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(restored.seeds_, sampler.seeds_)
    assert MLSMOTE(**params).set_params(k_neighbors=2).k_neighbors == 2


def test_fit_measures_without_resampling():
    X, Y = data(13)
    fitted = MLSMOTE().fit(X, Y)
    resampled = MLSMOTE(random_state=0)
    resampled.fit_resample(X, Y)
    assert fitted.minority_labels_.tolist() == resampled.minority_labels_.tolist()
    assert fitted.mean_ir_ == resampled.mean_ir_
    assert fitted.sampling_strategy_ == resampled.sampling_strategy_
    assert fitted.n_features_in_ == 3 and not hasattr(fitted, "seeds_")
    resampled.fit(X, Y)  # measures again; the former call's rows are not its rows
    assert not hasattr(resampled, "seeds_") and not hasattr(resampled, "provenance_")


# ---- errors -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda Y: Y * 2, r"0/1 indicator matrix, but it holds 2 at \(row, label\)"),
        (lambda Y: np.where(Y == 1, -1, 0), "holds -1"),
        (lambda Y: np.where(Y == 1, 0.5, 0.0), "holds 0.5"),
        (lambda Y: np.where(np.arange(Y.size).reshape(Y.shape) == 7, np.nan, Y), "missing"),
        (lambda Y: Y.astype(str), "dtype <U"),
        (lambda Y: sp.csr_matrix(Y * 3), "holds 3"),
        (lambda Y: pd.DataFrame(Y).astype({0: "category"}), "column 0 has dtype category"),
        (lambda Y: pd.DataFrame(Y).astype("Int64").mask(pd.DataFrame(Y) == 0, pd.NA), "missing"),
    ],
)
def test_y_must_be_a_0_1_matrix(bad, message):
    X, Y = data(14, n=40)
    with pytest.raises(InvalidInputError, match=message):
        MLSMOTE().fit_resample(X, bad(Y))


#: 1-D sparse arrays exist from scipy 1.13 on (before, coo_array makes a 1 x n matrix)
_SPARSE_1D = sp.coo_array(np.array([0, 1])).ndim == 1


@pytest.mark.parametrize(
    "y",
    [
        np.array([0, 1] * 20),
        pd.Series([0, 1] * 20),
        ["a", "b"] * 20,
        *([sp.coo_array(np.array([0, 1] * 20))] if _SPARSE_1D else []),
    ],
)
def test_a_1d_y_points_to_smote(y):
    X, _ = data(15, n=40)
    with pytest.raises(InvalidInputError, match=r"1-D.*smotekit\.SMOTE"):
        MLSMOTE().fit_resample(X, y)


def test_label_sets_of_different_lengths_point_to_multilabelbinarizer():
    X, _ = data(15, n=4)
    with pytest.raises(InvalidInputError, match="MultiLabelBinarizer"):
        MLSMOTE().fit_resample(X, [[0, 1], [1], [0], [1, 0, 1]])


def test_other_shapes_are_refused():
    X, Y = data(16, n=40)
    with pytest.raises(InvalidInputError, match="X has 40 rows but y has 39"):
        MLSMOTE().fit_resample(X, Y[:-1])
    with pytest.raises(InvalidInputError, match="no label column"):
        MLSMOTE().fit_resample(X, Y[:, :0])
    with pytest.raises(InvalidInputError, match="2-D"):
        MLSMOTE().fit_resample(X, Y[:, :, None])
    with pytest.raises(InvalidInputError, match="requires y"):
        MLSMOTE().fit_resample(X, None)


def test_a_minority_label_of_one_row_is_refused_with_what_to_do():
    X, Y = data(17, n=60)
    Y[:, 3] = 0
    Y[7, 3] = 1
    y_df = pd.DataFrame(Y, columns=list("abcde"))
    with pytest.raises(ClassTooSmallError, match=r"Label 'd' is a minority label .* only one row"):
        MLSMOTE().fit_resample(X, y_df)
    with pytest.raises(
        ClassTooSmallError, match=r"Drop that column from y \(y.drop\(columns=\['d'\]\)\)"
    ):
        MLSMOTE().fit_resample(X, y_df)
    with pytest.raises(ClassTooSmallError, match=r"Label 3 .*numpy.delete\(y, 3, axis=1\)"):
        MLSMOTE().fit(X, Y)
    with pytest.raises(ClassTooSmallError, match=r"y\[:, numpy.r_\[0:3, 4:y.shape\[1\]\]\]"):
        MLSMOTE().fit(X, sp.csr_matrix(Y))


@pytest.mark.parametrize(
    "Y",
    [
        np.ones((30, 3), dtype=int),  # every label on every row: all IRLbl equal MeanIR
        np.tile([[1, 0], [0, 1]], (15, 1)),  # two labels, equally frequent
        np.zeros((30, 4), dtype=int),  # no row has a label
    ],
)
def test_no_minority_label_warns_and_returns_the_data_unchanged(Y):
    X = np.random.default_rng(18).normal(size=(30, 2))
    sampler = MLSMOTE(random_state=0)
    with pytest.warns(SmotekitWarning, match="no minority label"):
        X_res, y_res = sampler.fit_resample(X, Y)
    np.testing.assert_array_equal(X_res, X)
    np.testing.assert_array_equal(y_res, Y)
    assert X_res is not X and sampler.seeds_.shape == (0,)
    assert sampler.minority_labels_.shape == (0,) and sampler.sampling_strategy_ == {}
    with pytest.warns(SmotekitWarning):
        _, y_df = MLSMOTE().fit_resample(X, pd.DataFrame(Y))
    assert y_df.shape == Y.shape


def test_non_numeric_x_is_refused():
    _, Y = data(19, n=4)
    X = np.array([["a", 1.0], ["b", 2.0], ["c", 3.0], ["d", 4.0]], dtype=object)
    with pytest.raises(NonNumericFeatureError, match="text"):
        MLSMOTE().fit_resample(X, Y)
    with pytest.raises(NonNumericFeatureError):
        MLSMOTE().fit_resample(pd.DataFrame({"a": list("abcd"), "b": [1.0] * 4}), Y)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"k_neighbors": 0}, "k_neighbors=0 must be an int >= 1"),
        ({"k_neighbors": 2.5}, "k_neighbors=2.5 must be an int >= 1"),
        ({"label_generation": "vote"}, "label_generation='vote' is not valid"),
        ({"gap": "line"}, "gap='line' is not valid"),
        ({"integer_columns": "cast"}, "integer_columns='cast' is not valid"),
        ({"n_jobs": 0}, "n_jobs=0 must be"),
        ({"random_state": -1}, "random_state=-1"),
    ],
)
def test_bad_parameters_are_named(params, message):
    X, Y = data(20, n=40)
    with pytest.raises(InvalidParameterError, match=message):
        MLSMOTE(**params).fit_resample(X, Y)


def test_unknown_fit_parameters_are_refused():
    X, Y = data(21, n=40)
    with pytest.raises(InvalidParameterError, match="unexpected keyword"):
        MLSMOTE().fit_resample(X, Y, sample_weights=np.ones(40))


def test_no_warning_on_ordinary_data():
    X, Y = sklearn_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MLSMOTE(random_state=0).fit_resample(X, Y)
