"""Round trips: every container comes back as it went in, originals unchanged."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from smotekit import SMOTE, RandomOverSampler, RandomUnderSampler

N_MAJ, N_MIN = 30, 12
SAMPLERS = {
    "smote": lambda: SMOTE(random_state=0),
    "smote-box": lambda: SMOTE(random_state=0, gap="box"),
    "ros": lambda: RandomOverSampler(random_state=0),
    "rus": lambda: RandomUnderSampler(random_state=0),
}
OVER = {k: v for k, v in SAMPLERS.items() if k != "rus"}


@pytest.fixture
def Xy():
    """Continuous data (no distance ties), labels interleaved."""
    rng = np.random.default_rng(42)
    X = rng.normal(size=(N_MAJ + N_MIN, 4)) * [1.0, 10.0, 0.1, 100.0]
    y = np.array([0] * N_MAJ + [1] * N_MIN)
    order = rng.permutation(y.size)
    return np.ascontiguousarray(X[order]), y[order]


def typed_columns(X: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """Columns of four types for the typed tables: float64, float32, integer, bool."""
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    return {
        "a": X[:, 0],
        "b": X[:, 1].astype(np.float32),
        "count": rng.integers(0, 50, size=n),
        "flag": rng.integers(0, 2, size=n).astype(bool),
    }


def n_out(sampler_name: str) -> int:
    return 2 * N_MIN if sampler_name == "rus" else 2 * N_MAJ


# ---- numpy and lists ------------------------------------------------------------------
@pytest.mark.parametrize("name", SAMPLERS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numpy_float_dtype_kept(Xy, name, dtype):
    X, y = Xy
    X = X.astype(dtype)
    X_res, y_res = SAMPLERS[name]().fit_resample(X, y)
    assert type(X_res) is np.ndarray and X_res.dtype == dtype
    assert type(y_res) is np.ndarray and y_res.dtype == y.dtype
    assert X_res.shape == (n_out(name), X.shape[1])
    if name != "rus":
        assert X_res[: X.shape[0]].tobytes() == X.tobytes()


@pytest.mark.parametrize("name", SAMPLERS)
def test_list_in_list_out(Xy, name):
    X, y = Xy
    X_res, y_res = SAMPLERS[name]().fit_resample(X.tolist(), y.tolist())
    X_ref, y_ref = SAMPLERS[name]().fit_resample(X, y)
    assert isinstance(X_res, list) and isinstance(y_res, list)
    assert all(isinstance(row, list) for row in X_res)
    assert X_res == X_ref.tolist()
    assert y_res == y_ref.tolist()


def test_string_labels_and_original_label_values(Xy):
    X, y = Xy
    y_str = np.where(y == 1, "rare", "common")
    _, y_res = SMOTE(random_state=0).fit_resample(X, y_str)
    assert y_res.dtype == y_str.dtype
    assert Counter(y_res.tolist()) == {"rare": N_MAJ, "common": N_MAJ}
    assert np.all(y_res[y.size :] == "rare")


def test_y_column_vector_kept_as_column(Xy):
    X, y = Xy
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y.reshape(-1, 1))
    X_ref, y_ref = SMOTE(random_state=0).fit_resample(X, y)
    assert y_res.shape == (2 * N_MAJ, 1)
    np.testing.assert_array_equal(y_res.ravel(), y_ref)
    assert X_res.tobytes() == X_ref.tobytes()


@pytest.mark.parametrize("name", SAMPLERS)
def test_y_one_hot_multiclass_returned_one_hot(name):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = np.repeat([0, 1, 2], [30, 18, 12])
    one_hot = np.eye(3, dtype=np.int64)[y]
    X_res, y_res = SAMPLERS[name]().fit_resample(X, one_hot)
    X_ref, y_ref = SAMPLERS[name]().fit_resample(X, y)
    assert y_res.ndim == 2 and y_res.shape[1] == 3 and y_res.dtype == one_hot.dtype
    assert np.all(y_res.sum(axis=1) == 1)
    np.testing.assert_array_equal(y_res.argmax(axis=1), y_ref)
    assert X_res.tobytes() == X_ref.tobytes()


# ---- pandas -----------------------------------------------------------------------------
def make_frame(X: np.ndarray, index: pd.Index) -> pd.DataFrame:
    n = X.shape[0]
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "a": X[:, 0],
            "b": X[:, 1].astype(np.float32),
            "count": rng.integers(0, 50, size=n),
            "small": rng.integers(0, 5, size=n).astype(np.int16),
            "flag": rng.integers(0, 2, size=n).astype(bool),
        },
        index=index,
    )


INDEXES = {
    "range": lambda n: pd.RangeIndex(n),
    "range-offset": lambda n: pd.RangeIndex(100, 100 + 2 * n, 2),
    "int": lambda n: pd.Index(np.random.default_rng(5).permutation(10 * n)[:n] * 7),
    "string": lambda n: pd.Index([f"patient-{i}" for i in range(n)]),
    "datetime": lambda n: pd.date_range("2024-01-01", periods=n, freq="h"),
    "string-with-synthetic": lambda n: pd.Index(
        ["synthetic-0", "synthetic-1"] + [f"r{i}" for i in range(n - 2)]
    ),
}


@pytest.mark.parametrize("name", SAMPLERS)
@pytest.mark.parametrize("index_kind", INDEXES)
def test_pandas_frame_and_series_round_trip(Xy, name, index_kind):
    X, y = Xy
    index = INDEXES[index_kind](y.size)
    df = make_frame(X, index)
    ys = pd.Series(y, index=index, name="outcome")
    df_before, ys_before = df.copy(), ys.copy()

    X_res, y_res = SAMPLERS[name]().fit_resample(df, ys)

    pd.testing.assert_frame_equal(df, df_before)
    pd.testing.assert_series_equal(ys, ys_before)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(df.columns)
    assert X_res.dtypes.to_dict() == df.dtypes.to_dict()
    assert y_res.name == "outcome" and y_res.dtype == ys.dtype
    assert X_res.index.equals(y_res.index)
    assert X_res.index.is_unique
    assert len(X_res) == n_out(name)
    if name == "rus":
        # kept rows keep their labels and values
        pd.testing.assert_frame_equal(X_res, df.loc[X_res.index])
        return
    n = len(df)
    # originals first, unchanged, with their index labels (the index type may widen: a
    # DatetimeIndex that gains string labels becomes an object Index of the same Timestamps,
    # a stepped RangeIndex an int64 Index of the same values)
    assert list(X_res.index[:n]) == list(index)
    pd.testing.assert_frame_equal(X_res.iloc[:n], df, check_index_type=False)
    pd.testing.assert_series_equal(y_res.iloc[:n], ys, check_index_type=False)
    new = X_res.index[n:]
    assert not new.isin(index).any()
    if index_kind in ("range", "range-offset", "int"):
        start = int(index.max()) + 1
        assert list(new) == list(range(start, start + len(new)))
    else:
        assert all(isinstance(label, str) and "synthetic-" in label for label in new)
    # integer and bool columns hold whole values, no NaN
    assert X_res.notna().all().all()


def test_pandas_synthetic_labels_are_prefixed_until_unique(Xy):
    X, y = Xy
    index = INDEXES["string-with-synthetic"](y.size)
    X_res, _ = SMOTE(random_state=0).fit_resample(make_frame(X, index), y)
    new = list(X_res.index[y.size :])
    assert new[0] == "_synthetic-0"
    assert new[-1] == f"_synthetic-{N_MAJ - N_MIN - 1}"


def test_pandas_matches_numpy_values(Xy):
    X, y = Xy
    df = pd.DataFrame(X, columns=["w", "x", "y", "z"])
    X_df, y_df = SMOTE(random_state=0).fit_resample(df, pd.Series(y))
    X_np, y_np = SMOTE(random_state=0).fit_resample(X, y)
    assert X_df.to_numpy().tobytes() == X_np.tobytes()
    np.testing.assert_array_equal(y_df.to_numpy(), y_np)


@pytest.mark.parametrize("name", SAMPLERS)
def test_pandas_series_y_with_numpy_X(Xy, name):
    X, y = Xy
    index = pd.Index([f"id{i}" for i in range(y.size)])
    ys = pd.Series(y, index=index, name="target")
    X_res, y_res = SAMPLERS[name]().fit_resample(X, ys)
    assert type(X_res) is np.ndarray
    assert isinstance(y_res, pd.Series) and y_res.name == "target"
    assert y_res.index.is_unique and len(y_res) == X_res.shape[0]
    if name != "rus":
        pd.testing.assert_series_equal(y_res.iloc[: y.size], ys)
        assert not y_res.index[y.size :].isin(index).any()


def test_pandas_y_dataframe_one_column(Xy):
    X, y = Xy
    y_df = pd.DataFrame({"cls": y})
    _, y_res = SMOTE(random_state=0).fit_resample(pd.DataFrame(X), y_df)
    assert isinstance(y_res, pd.DataFrame) and list(y_res.columns) == ["cls"]
    assert y_res["cls"].value_counts().to_dict() == {0: N_MAJ, 1: N_MAJ}


def test_pandas_categorical_y_keeps_categories(Xy):
    X, y = Xy
    ys = pd.Series(pd.Categorical(np.where(y == 1, "yes", "no"), categories=["no", "yes", "maybe"]))
    _, y_res = SMOTE(random_state=0).fit_resample(X, ys)
    assert isinstance(y_res.dtype, pd.CategoricalDtype)
    assert list(y_res.cat.categories) == ["no", "yes", "maybe"]
    assert y_res.value_counts().to_dict() == {"no": N_MAJ, "yes": N_MAJ, "maybe": 0}


def test_pandas_sparse_columns_kept_sparse(Xy):
    X, y = Xy
    X = np.where(np.abs(X) < 1, 0.0, X)
    df = pd.DataFrame(X, columns=list("abcd")).astype(pd.SparseDtype(float, 0.0))
    X_res, _ = SMOTE(random_state=0).fit_resample(df, y)
    assert all(isinstance(t, pd.SparseDtype) for t in X_res.dtypes)
    X_ref, _ = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_allclose(X_res.to_numpy(), X_ref)


def test_pandas_feature_names_in():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.normal(size=(20, 2)), columns=["height", "weight"])
    y = np.array([0] * 14 + [1] * 6)
    sampler = SMOTE(random_state=0).fit(df, y)
    assert list(sampler.feature_names_in_) == ["height", "weight"]
    assert sampler.n_features_in_ == 2
    assert list(sampler.get_feature_names_out()) == ["height", "weight"]
    sampler.fit_resample(df.to_numpy(), y)
    assert not hasattr(sampler, "feature_names_in_")


# ---- polars -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SAMPLERS)
def test_polars_frame_and_series_round_trip(Xy, name):
    pl = pytest.importorskip("polars")
    X, y = Xy
    df = pl.DataFrame(typed_columns(X, seed=3))
    ys = pl.Series("label", y)
    X_res, y_res = SAMPLERS[name]().fit_resample(df, ys)
    assert isinstance(X_res, pl.DataFrame) and isinstance(y_res, pl.Series)
    assert X_res.schema == df.schema
    assert y_res.name == "label" and y_res.dtype == ys.dtype
    assert X_res.height == n_out(name) == y_res.len()
    if name != "rus":
        assert X_res.head(y.size).equals(df)
        assert y_res.head(y.size).equals(ys)
    assert X_res.null_count().to_numpy().sum() == 0


def test_polars_matches_numpy(Xy):
    pl = pytest.importorskip("polars")
    X, y = Xy
    X_pl, y_pl = SMOTE(random_state=0).fit_resample(pl.DataFrame(X), pl.Series("y", y))
    X_np, _ = SMOTE(random_state=0).fit_resample(X, y)
    assert X_pl.to_numpy().tobytes() == X_np.tobytes()
    assert sorted(Counter(y_pl.to_list()).values()) == [N_MAJ, N_MAJ]


def test_polars_integer_columns_rounded_and_float_mode():
    pl = pytest.importorskip("polars")
    X, y = rounding_case()
    df = pl.DataFrame({"v": X[:, 0], "w": X[:, 1]})
    sampler = SMOTE(random_state=0, k_neighbors=1)
    X_res, _ = sampler.fit_resample(df, pl.Series("y", y))
    assert X_res.schema == df.schema
    exact = interpolated(sampler, X)
    np.testing.assert_array_equal(X_res.to_numpy()[y.size :], np.rint(exact))
    X_float, _ = SMOTE(random_state=0, k_neighbors=1, integer_columns="float").fit_resample(
        df, pl.Series("y", y)
    )
    assert all(t == pl.Float64 for t in X_float.schema.values())
    np.testing.assert_allclose(X_float.to_numpy()[y.size :], exact)


# ---- scipy.sparse -------------------------------------------------------------------------
SPARSE = {
    "csr_matrix": sp.csr_matrix,
    "csc_matrix": sp.csc_matrix,
    "coo_matrix": sp.coo_matrix,
    "csr_array": sp.csr_array,
    "csc_array": sp.csc_array,
    "coo_array": sp.coo_array,
}


def sparse_data():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(N_MAJ + N_MIN, 6))
    X[rng.random(X.shape) < 0.5] = 0.0
    y = np.array([0] * N_MAJ + [1] * N_MIN)
    return X, y


@pytest.mark.parametrize("name", SAMPLERS)
@pytest.mark.parametrize("kind", SPARSE)
def test_sparse_format_kept_and_equal_to_dense(name, kind):
    X, y = sparse_data()
    X_sparse = SPARSE[kind](X)
    X_res, y_res = SAMPLERS[name]().fit_resample(X_sparse, y)
    X_ref, y_ref = SAMPLERS[name]().fit_resample(X, y)
    assert type(X_res) is type(X_sparse)
    assert X_res.format == X_sparse.format
    assert X_res.dtype == X_sparse.dtype
    np.testing.assert_array_equal(y_res, y_ref)
    np.testing.assert_allclose(X_res.toarray(), X_ref, rtol=1e-12, atol=1e-12)
    if name != "rus":
        assert np.array_equal(X_res.toarray()[: y.size], X)


def test_sparse_float32_kept():
    X, y = sparse_data()
    X_res, _ = SMOTE(random_state=0).fit_resample(sp.csr_matrix(X.astype(np.float32)), y)
    assert X_res.dtype == np.float32


def test_sparse_integer_rounded_and_float_mode():
    X, y = rounding_case()
    X_sparse = sp.csr_matrix(X)
    sampler = SMOTE(random_state=0, k_neighbors=1)
    X_res, _ = sampler.fit_resample(X_sparse, y)
    assert X_res.dtype == X.dtype
    exact = interpolated(sampler, X)
    np.testing.assert_array_equal(X_res.toarray()[y.size :], np.rint(exact))
    X_float, _ = SMOTE(random_state=0, k_neighbors=1, integer_columns="float").fit_resample(
        X_sparse, y
    )
    assert X_float.dtype == np.float64
    np.testing.assert_allclose(X_float.toarray()[y.size :], exact)


# ---- integer columns ----------------------------------------------------------------------
def rounding_case():
    """Integer data where truncating and rounding the synthetic values differ.

    The minority pairs are 10 apart per column, so (with k=1, each row's only neighbour is its
    partner) a synthetic value is 0 + 10 * gap: truncation and rounding disagree whenever the
    fractional part of 10 * gap is >= 0.5, which happens for about half of the rows.
    """
    minority = np.array([[0, 0], [10, 10], [100, 100], [110, 110]], dtype=np.int64)
    majority = np.arange(40, dtype=np.int64).reshape(20, 2) * 1000
    X = np.vstack([majority, minority])
    y = np.array([0] * 20 + [1] * 4)
    return X, y


def interpolated(sampler, X):
    """The exact (unrounded) synthetic values from the sampler's provenance."""
    rec = sampler.provenance_
    gaps = rec.gaps()
    gaps = gaps[:, None] if gaps.ndim == 1 else gaps
    xb, xn = X[rec.base].astype(np.float64), X[rec.neighbor].astype(np.float64)
    return xb + gaps * (xn - xb)


@pytest.mark.parametrize("gap", ["segment", "box"])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint16])
def test_numpy_integer_columns_rounded_not_truncated(gap, dtype):
    X, y = rounding_case()
    X = X.astype(dtype)
    sampler = SMOTE(random_state=0, k_neighbors=1, gap=gap)
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == dtype
    exact = interpolated(sampler, X)
    synthetic = X_res[y.size :]
    np.testing.assert_array_equal(synthetic, np.rint(exact))
    truncated = np.trunc(exact)
    assert np.any(synthetic != truncated), "the case must tell rounding from truncation"


def test_pandas_integer_columns_rounded_and_float_mode():
    X, y = rounding_case()
    df = pd.DataFrame({"count": X[:, 0], "other": X[:, 1].astype(np.int32), "real": X[:, 0] / 3})
    sampler = SMOTE(random_state=0, k_neighbors=1)
    X_res, _ = sampler.fit_resample(df, y)
    assert X_res.dtypes.to_dict() == df.dtypes.to_dict()
    exact = interpolated(sampler, df.to_numpy(dtype=np.float64))
    np.testing.assert_array_equal(
        X_res[["count", "other"]].to_numpy()[y.size :], np.rint(exact[:, :2])
    )
    np.testing.assert_allclose(X_res["real"].to_numpy()[y.size :], exact[:, 2])

    X_float, _ = SMOTE(random_state=0, k_neighbors=1, integer_columns="float").fit_resample(df, y)
    assert all(t == np.float64 for t in X_float.dtypes)
    np.testing.assert_allclose(X_float.to_numpy()[y.size :], exact)
    # originals unchanged in value
    np.testing.assert_array_equal(X_float.to_numpy()[: y.size], df.to_numpy(dtype=np.float64))


def test_numpy_integer_float_mode_returns_float64():
    X, y = rounding_case()
    sampler = SMOTE(random_state=0, k_neighbors=1, integer_columns="float")
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == np.float64
    np.testing.assert_array_equal(X_res[: y.size], X.astype(np.float64))
    np.testing.assert_allclose(X_res[y.size :], interpolated(sampler, X))


def test_list_of_ints_rounded():
    X, y = rounding_case()
    sampler = SMOTE(random_state=0, k_neighbors=1)
    X_res, _ = sampler.fit_resample(X.tolist(), y.tolist())
    assert all(isinstance(v, int) for row in X_res for v in row)
    assert X_res[y.size :] == np.rint(interpolated(sampler, X)).astype(np.int64).tolist()


def test_bool_and_nullable_integer_pandas_columns():
    rng = np.random.default_rng(0)
    n = 40
    df = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "flag": rng.integers(0, 2, size=n).astype(bool),
            "nullable": pd.array(rng.integers(0, 9, size=n), dtype="Int64"),
            "unsigned": rng.integers(0, 200, size=n).astype(np.uint8),
        }
    )
    y = np.array([0] * 30 + [1] * 10)
    X_res, _ = SMOTE(random_state=0).fit_resample(df, y)
    assert X_res.dtypes.to_dict() == df.dtypes.to_dict()
    assert X_res["nullable"].notna().all()
    assert X_res["unsigned"].between(0, 199).all()


# ---- other array-likes for y ----------------------------------------------------------------
@pytest.mark.parametrize(
    "make_y",
    [
        pytest.param(lambda y: pd.Categorical(y), id="pandas-Categorical"),
        pytest.param(lambda y: pd.array(y, dtype="Int64"), id="pandas-IntegerArray"),
        pytest.param(lambda y: tuple(y.tolist()), id="tuple"),
    ],
)
def test_other_array_like_targets(Xy, make_y):
    X, y = Xy
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, make_y(y))
    assert len(y_res) == X_res.shape[0] == 2 * N_MAJ
    assert Counter(np.asarray(y_res).tolist()) == {0: N_MAJ, 1: N_MAJ}


@pytest.mark.parametrize(
    "labels",
    [
        pytest.param(np.array([-128, 127], dtype=np.int8), id="int8-full-range"),
        pytest.param(np.array([2**64 - 1, 2**63 + 5], dtype=np.uint64), id="uint64-above-int64"),
        pytest.param(np.array([-(2**63), 2**63 - 1], dtype=np.int64), id="int64-extremes"),
        pytest.param(np.array([True, False]), id="bool"),
    ],
)
@pytest.mark.parametrize("name", SAMPLERS)
def test_integer_labels_of_any_range_and_dtype(Xy, labels, name):
    X, y = Xy
    y_cast = labels[y]  # majority gets labels[0], minority labels[1]
    _, y_res = SAMPLERS[name]().fit_resample(X, y_cast)
    assert y_res.dtype == y_cast.dtype
    n_each = N_MIN if name == "rus" else N_MAJ
    assert Counter(y_res.tolist()) == {labels[0].item(): n_each, labels[1].item(): n_each}


@pytest.mark.parametrize("name", OVER)
def test_integer_index_ending_at_int64_max_gets_string_labels(Xy, name):
    X, y = Xy
    index = pd.Index(np.r_[np.arange(y.size - 1), np.iinfo(np.int64).max])
    X_res, y_res = SAMPLERS[name]().fit_resample(
        pd.DataFrame(X, index=index), pd.Series(y, index=index)
    )
    assert X_res.index.is_unique and X_res.index.equals(y_res.index)
    assert list(X_res.index[: y.size]) == list(index)
    assert all(isinstance(v, str) for v in X_res.index[y.size :])


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(
            pd.MultiIndex.from_arrays([np.arange(42) // 2, np.arange(42) % 2]), id="multi"
        ),
        pytest.param(pd.CategoricalIndex([f"c{i}" for i in range(42)]), id="categorical"),
        pytest.param(pd.Index(np.arange(42, dtype=np.uint32)), id="uint32"),
        pytest.param(pd.Index(np.arange(42) * 0.5), id="float"),
    ],
)
def test_other_pandas_indexes_get_unique_labels(Xy, index):
    X, y = Xy
    X_res, y_res = SMOTE(random_state=0).fit_resample(
        pd.DataFrame(X, index=index), pd.Series(y, index=index)
    )
    assert X_res.index.is_unique and X_res.index.equals(y_res.index)
    assert list(X_res.index[: y.size]) == list(index)


@pytest.mark.parametrize("name", SAMPLERS)
def test_polars_one_column_frame_y_comes_back_as_frame(Xy, name):
    pl = pytest.importorskip("polars")
    X, y = Xy
    y_df = pl.DataFrame({"target": y.astype(np.int32)})
    X_res, y_res = SAMPLERS[name]().fit_resample(pl.DataFrame(X), y_df)
    assert isinstance(y_res, pl.DataFrame)
    assert y_res.schema == y_df.schema
    assert y_res.height == X_res.height == n_out(name)


# ---- pyarrow Tables -------------------------------------------------------------------
@pytest.mark.parametrize("name", SAMPLERS)
def test_arrow_table_round_trip(Xy, name):
    pa = pytest.importorskip("pyarrow")
    X, y = Xy
    table = pa.table(typed_columns(X, seed=5))
    sampler = SAMPLERS[name]()
    X_res, y_res = sampler.fit_resample(table, y)
    assert isinstance(X_res, pa.Table) and X_res.schema == table.schema
    assert X_res.num_rows == n_out(name) == len(y_res)
    assert list(sampler.feature_names_in_) == ["a", "b", "count", "flag"]
    if name != "rus":
        assert X_res.slice(0, y.size).equals(table)  # originals unchanged, first
        new = X_res.slice(y.size).column("count").to_numpy()
        assert new.size and new.min() >= 0 and new.max() <= 49  # rounded, within range


def test_arrow_matches_numpy_and_float_mode(Xy):
    pa = pytest.importorskip("pyarrow")
    X, y = Xy
    X_pa, _ = SMOTE(random_state=0).fit_resample(pa.table({f"c{j}": X[:, j] for j in range(4)}), y)
    X_np, _ = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(np.column_stack([c.to_numpy() for c in X_pa.columns]), X_np)
    ints = pa.table({"n": np.arange(y.size), "x": X[:, 0]})
    out, _ = SMOTE(random_state=0, integer_columns="float").fit_resample(ints, y)
    assert out.schema.field("n").type == pa.float64()


def test_arrow_nominal_columns_and_refusals(Xy):
    pa = pytest.importorskip("pyarrow")
    from smotekit import SMOTENC, NonNumericFeatureError

    X, y = Xy
    colours = np.array(["red", "green", "blue"])[np.arange(y.size) % 3]
    table = pa.table({"x": X[:, 0], "colour": colours})
    X_res, _ = SMOTENC(categorical_features="auto", random_state=0).fit_resample(table, y)
    assert X_res.schema == table.schema
    assert set(X_res.column("colour").to_pylist()) <= {"red", "green", "blue"}
    with pytest.raises(NonNumericFeatureError, match="'colour'"):
        SMOTE().fit_resample(table, y)
    with pytest.raises(ValueError, match="NaN"):
        SMOTE().fit_resample(pa.table({"x": pa.array([None] + [1.0] * (y.size - 1))}), y)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "Int8"])
def test_narrow_integer_columns_clip_in_every_container(dtype):
    """New values past a narrow integer column's range (a polynomial through the class
    goes beyond its rows) are clipped to the dtype in every container, as in numpy's."""
    import polars as pl
    import pyarrow as pa

    from smotekit import PolynomFitSMOTE

    top = np.iinfo(np.dtype(dtype.lower())).max
    values = np.array([0] * 20 + [0, top - 7, top, top, top - 7, 0])
    y = np.array([0] * 20 + [1] * 6)
    sampler = PolynomFitSMOTE(topology="polynomial", random_state=0)
    expected = sampler.fit_resample(values[:, None].astype(dtype.lower()), y)[0][:, 0]
    assert expected.max() == top and expected.min() >= 0
    frame = pd.DataFrame({"a": values}).astype(dtype)
    got = {
        "pandas": sampler.fit_resample(frame, y)[0]["a"].to_numpy(),
        "polars": sampler.fit_resample(pl.DataFrame({"a": values.astype(dtype.lower())}), y)[0][
            "a"
        ].to_numpy(),
        "arrow": sampler.fit_resample(pa.table({"a": values.astype(dtype.lower())}), y)[0][
            "a"
        ].to_numpy(),
    }
    for name, column in got.items():
        np.testing.assert_array_equal(np.asarray(column, dtype=np.int64), expected, err_msg=name)
