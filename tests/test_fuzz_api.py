"""Malformed and extreme inputs through the samplers' API: the exact error, or a right answer.

Issue #17: never a silent wrong answer. Every case here either asserts the exact error class
with a message that says what was wrong and how to fix it, or checks the result itself
(finite, between its parents, no integer wrapped around, labels and dtypes kept). Cases
already in ``test_bad_input.py`` and ``test_extreme_values.py`` are not repeated. Cases whose
fix belongs outside the input door are ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from smotekit import (
    SMOTE,
    SMOTENC,
    BorderlineSMOTE,
    ClassTooSmallError,
    InvalidInputError,
    InvalidParameterError,
    MultiLabelError,
    NonNumericFeatureError,
    RandomOverSampler,
    RandomUnderSampler,
    TomekLinks,
)

N_MAJ, N_MIN = 30, 10


def raises(exc, *words):
    """``pytest.raises`` for exactly ``exc`` (not a subclass), with every word in the message,
    on one line."""
    return _Exact(exc, words)


class _Exact:
    def __init__(self, exc, words):
        self.exc, self.words = exc, words

    def __enter__(self):
        self.ctx = pytest.raises(Exception)
        self.info = self.ctx.__enter__()
        return self.info

    def __exit__(self, *args):
        handled = self.ctx.__exit__(*args)
        error = self.info.value
        assert type(error) is self.exc, f"{type(error).__name__} ({error}) is not {self.exc}"
        message = str(error)
        missing = [w for w in self.words if w.lower() not in message.lower()]
        assert not missing, f"{missing} not in {message!r}"
        assert "\n" not in message, "an error message is one line"
        return handled


@pytest.fixture
def y():
    return np.array([0] * N_MAJ + [1] * N_MIN)


@pytest.fixture
def X():
    return np.random.default_rng(0).normal(size=(N_MAJ + N_MIN, 3))


def smote(**kw):
    return SMOTE(random_state=0, **kw)


def borderline(**kw):
    return BorderlineSMOTE(random_state=0, **kw)


def smotenc(**kw):
    return SMOTENC(categorical_features=[0], random_state=0, **kw)


def assert_between_parents(sampler, X, X_res, columns=None):
    """Every synthetic value is finite and between the values of its two parents."""
    p = sampler.provenance_
    X = np.asarray(X, dtype=np.float64) if columns is None else np.asarray(X)[:, columns]
    out = np.asarray(X_res)[p.first_row :]
    if columns is not None:
        out = out[:, columns]
    out = out.astype(np.float64)
    lo = np.minimum(X[p.base], X[p.neighbor]).astype(np.float64)
    hi = np.maximum(X[p.base], X[p.neighbor]).astype(np.float64)
    assert np.isfinite(out).all()
    assert (out >= lo).all() and (out <= hi).all()


# ---- duplicate column names -----------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda: TomekLinks(), borderline], ids=["tomek", "borderline"])
def test_duplicate_integer_column_names(make, X, y):
    frame = pd.DataFrame(X, columns=[7, 7, 8])
    with raises(InvalidInputError, "duplicate column names", "'7'", "rename"):
        make().fit_resample(frame, y)


# ---- text in X --------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda: TomekLinks(), borderline], ids=["tomek", "borderline"])
def test_text_object_column_is_named(make, X, y):
    frame = pd.DataFrame({"age": X[:, 0], "town": ["Oslo", "Lima"] * 20})
    with raises(NonNumericFeatureError, "'town'", "SMOTENC", "OneHotEncoder") as info:
        make().fit_resample(frame, y)
    assert "'age'" not in str(info.value)


def test_text_in_numpy_object_array_names_column_and_first_value(X, y):
    Z = X.astype(object)
    Z[4, 1] = "n/a"
    with raises(NonNumericFeatureError, "'column 1'", "'n/a'", "row 4", "pandas.to_numeric"):
        TomekLinks().fit_resample(Z, y)


def test_polars_string_column_is_named(X, y):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"a": X[:, 0], "colour": ["red", "blue"] * 20})
    with raises(NonNumericFeatureError, "'colour'", "SMOTENC"):
        smote().fit_resample(frame, y)


@pytest.mark.parametrize("dtype", ["object", "string"])
def test_numbers_written_as_text_in_a_frame_get_the_to_numeric_hint(dtype, X, y):
    # the contract of test_bad_input: text that reads as numbers is still text (refused)
    frame = pd.DataFrame({"a": X[:, 0], "b": pd.array([f"{v:.3f}" for v in X[:, 1]], dtype=dtype)})
    with raises(NonNumericFeatureError, "'b'", "numbers written as text", "pandas.to_numeric"):
        smote().fit_resample(frame, y)


def test_numbers_written_as_text_are_moved_unchanged_by_random_samplers(X, y):
    text = X.astype(str).astype(object)
    X_res, _y_res = RandomUnderSampler(random_state=0).fit_resample(text, y)
    assert X_res.dtype == object and X_res.shape == (20, 3)
    assert {tuple(r) for r in X_res} <= {tuple(r) for r in text}


def test_object_column_of_numbers_with_missing_values_reports_the_missing(X, y):
    column = pd.Series(list(X[:, 1]), dtype=object)
    column[3] = None
    column[11] = pd.NA
    frame = pd.DataFrame({"a": X[:, 0], "b": column})
    with raises(InvalidInputError, "'b'", "2 NaN", "first at row 3", "impute"):
        smote().fit_resample(frame, y)


def test_numpy_object_array_with_pandas_na_reports_the_missing(X, y):
    Z = X.astype(object)
    Z[6, 2] = pd.NA
    with raises(InvalidInputError, "'column 2'", "1 NaN", "first at row 6"):
        smote().fit_resample(Z, y)


def test_object_column_of_numbers_is_accepted_like_floats(X, y):
    frame = pd.DataFrame({"a": X[:, 0], "b": pd.Series(list(X[:, 1]), dtype=object)})
    X_res, _ = smote().fit_resample(frame, y)
    expected, _ = smote().fit_resample(pd.DataFrame({"a": X[:, 0], "b": X[:, 1]}), y)
    np.testing.assert_array_equal(X_res.to_numpy(dtype=float), expected.to_numpy())


# ---- NaN and infinity: count and first position ------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [smote, borderline, lambda: TomekLinks(), lambda: SMOTENC(categorical_features=[0])],
    ids=["smote", "borderline", "tomek", "smotenc"],
)
def test_nan_message_has_count_and_first_row(make, X, y):
    X = X.copy()
    X[[12, 35], 1] = np.nan
    X[20, 2] = np.inf
    with raises(
        InvalidInputError, "'column 1' (2 NaN, first at row 12)", "'column 2' (1 inf", "impute"
    ):
        make().fit_resample(X, y)


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
def test_sparse_with_explicit_nan_names_count_and_row(fmt, X, y):
    dense = X.copy()
    dense[dense < 0] = 0
    dense[17, 0] = np.nan
    dense[33, 0] = np.nan
    with raises(InvalidInputError, "'column 0' (2 NaN, first at row 17)", "finite"):
        smote().fit_resample(sp.csr_matrix(dense).asformat(fmt), y)


def test_sparse_explicit_nan_for_tomek(X, y):
    S = sp.csr_matrix(np.where(X > 0, X, 0))
    S.data[0] = np.nan
    with raises(InvalidInputError, "NaN", "first at row 0"):
        TomekLinks().fit_resample(S, y)


def test_sparse_explicit_nan_is_moved_unchanged_by_random_under_sampler(X, y):
    S = sp.csr_matrix(np.where(X > 0, X, 0))
    S.data[:] = np.nan
    X_res, _y_res = RandomUnderSampler(random_state=0).fit_resample(S, y)
    assert X_res.shape == (20, 3) and np.isnan(X_res.data).all()


def test_float32_nan_position(X, y):
    X = X.astype(np.float32)
    X[39, 0] = np.nan
    with raises(InvalidInputError, "'column 0' (1 NaN, first at row 39)"):
        smote().fit_resample(X, y)


# ---- labels -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "wrap",
    [
        lambda v: v,
        lambda v: list(v),
        lambda v: pd.Series(v, dtype="Float64"),
        lambda v: pd.Series(v).to_frame("label"),
    ],
    ids=["numpy", "list", "pandas-Float64", "pandas-frame"],
)
def test_labels_that_are_floats_close_to_integers(wrap, X, y):
    labels = np.where(y == 1, 1.0000001, 0.0)
    with raises(InvalidInputError, "whole numbers up to rounding", "numpy.rint(y)"):
        smote().fit_resample(X, wrap(labels))


def test_polars_labels_close_to_integers(X, y):
    pl = pytest.importorskip("polars")
    with raises(InvalidInputError, "whole numbers up to rounding"):
        smote().fit_resample(X, pl.Series("y", np.where(y == 1, 0.9999999, 0.0)))


def test_exact_float_labels_are_classes_and_keep_their_dtype(X, y):
    _X_res, y_res = smote().fit_resample(X, y.astype(np.float64))
    assert y_res.dtype == np.float64 and set(np.unique(y_res)) == {0.0, 1.0}
    assert (y_res == 1.0).sum() == N_MAJ


@pytest.mark.parametrize(
    "make", [lambda: TomekLinks(), borderline, smotenc], ids=["tomek", "borderline", "smotenc"]
)
def test_a_target_of_one_class(make, X):
    with raises(InvalidInputError, "single class", "40 rows", "target column is right"):
        make().fit_resample(X, np.full(40, "only"))


@pytest.mark.parametrize("make", [lambda: TomekLinks(), borderline], ids=["tomek", "borderline"])
def test_y_of_the_wrong_length(make, X, y):
    with raises(InvalidInputError, "40 rows", "41 labels", "same rows"):
        make().fit_resample(X, np.r_[y, 1])


def test_y_2d_with_two_label_columns_is_multilabel(X, y):
    with raises(MultiLabelError, "multi-label", "Resample each label separately"):
        smote().fit_resample(X, np.c_[y, 1 - y, y])


def test_y_as_one_column_comes_back_as_one_column(X, y):
    _, y_res = smote().fit_resample(X, y[:, None])
    assert y_res.shape == (60, 1) and (y_res[:, 0] == 1).sum() == N_MAJ


@pytest.mark.parametrize(
    "labels",
    [
        ["a"] * 39 + [None],
        np.array(["a"] * 20 + [None] + ["b"] * 19, dtype=object),
        pd.Series(["a"] * 38 + [None, "b"], dtype=object),
    ],
    ids=["list", "object-array", "pandas-object"],
)
def test_y_with_none(labels, X):
    with raises(InvalidInputError, "missing labels", "first at row", "Drop those rows"):
        RandomUnderSampler().fit_resample(X, labels)


def test_polars_y_with_null(X, y):
    pl = pytest.importorskip("polars")
    with raises(InvalidInputError, "1 missing label(s)", "[5]"):
        smote().fit_resample(X, pl.Series("y", [*y[:5], None, *y[6:]]))


@pytest.mark.parametrize("make", [smote, lambda: RandomUnderSampler()], ids=["smote", "rus"])
def test_pandas_categorical_y_keeps_its_categories(make, X, y):
    labels = pd.Series(pd.Categorical(np.where(y == 1, "rare", "common"), ["common", "rare", "x"]))
    _, y_res = make().fit_resample(X, labels)
    assert isinstance(y_res.dtype, pd.CategoricalDtype)
    assert list(y_res.cat.categories) == ["common", "rare", "x"]
    assert y_res.value_counts()["rare"] == y_res.value_counts()["common"]


# ---- shapes, containers and types of X ---------------------------------------------------------
def test_empty_data_frame(y):
    with raises(InvalidInputError, "0 sample(s)", "nothing to resample"):
        smote().fit_resample(pd.DataFrame(), pd.Series([], dtype=int))


def test_polars_frame_with_zero_rows():
    pl = pytest.importorskip("polars")
    with raises(InvalidInputError, "0 sample(s)", "X is empty"):
        smote().fit_resample(pl.DataFrame({"a": [], "b": []}), [])


@pytest.mark.parametrize("make", [lambda: TomekLinks(), borderline], ids=["tomek", "borderline"])
def test_zero_columns(make, y):
    with raises(InvalidInputError, "0 feature(s)", "no columns", "column selection"):
        make().fit_resample(np.empty((40, 0)), y)


def test_arrow_table_with_zero_rows():
    pa = pytest.importorskip("pyarrow")
    with raises(InvalidInputError, "0 sample(s)"):
        RandomUnderSampler().fit_resample(pa.table({"a": pa.array([], pa.float64())}), [])


@pytest.mark.parametrize(
    "make", [lambda: TomekLinks(), borderline, lambda: RandomUnderSampler()], ids=str
)
def test_misaligned_pandas_indices(make, X, y):
    frame = pd.DataFrame(X, index=np.arange(40) * 2)
    with raises(InvalidInputError, "different row labels", "y.loc[X.index]"):
        make().fit_resample(frame, pd.Series(y))


@pytest.mark.parametrize(
    "index",
    [
        np.arange(40, dtype=np.int64) + (np.iinfo(np.int64).max - 39),
        np.arange(40, dtype=np.uint64) + np.uint64(np.iinfo(np.uint64).max - 39),
    ],
    ids=["int64-max", "uint64-max"],
)
def test_row_labels_at_the_end_of_their_dtype(index, X, y):
    """New rows get labels no original has, even with no integer left after the largest."""
    X_res, y_res = smote().fit_resample(pd.DataFrame(X, index=index), pd.Series(y, index=index))
    assert X_res.index.is_unique and y_res.index.equals(X_res.index)
    assert list(X_res.index[:40]) == list(index)
    assert all(str(label).startswith("synthetic-") for label in X_res.index[40:])


@pytest.mark.parametrize("make", [lambda: TomekLinks(), smotenc], ids=["tomek", "smotenc"])
def test_X_3d(make, X, y):
    with raises(InvalidInputError, "2-D", "3-D"):
        make().fit_resample(X.reshape(40, 3, 1), y)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("abc", ("X is a str", "2-D array")),
        (b"abc", ("X is a bytes", "pandas.read_csv")),
        ({"a": [1.0] * 40}, ("X is a dict", "pandas.DataFrame(X)")),
        ({1.0, 2.0}, ("X is a set", "no fixed order")),
        ((row for row in np.zeros((40, 2))), ("X is a generator", "numpy.asarray(list(X))")),
    ],
    ids=["str", "bytes", "dict", "set", "generator"],
)
def test_X_that_is_not_a_table(value, words, y):
    with raises(InvalidInputError, *words):
        RandomUnderSampler().fit_resample(value, y)


def test_list_of_strings_is_text(y):
    with raises(NonNumericFeatureError, "holds text", "'column 0'", "OneHotEncoder"):
        smote().fit_resample([["a", "b"]] * 40, y)


def test_bool_X_stays_bool_and_between_parents(y):
    X = np.random.default_rng(1).random((40, 4)) > 0.5
    sampler = smote()
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == bool
    np.testing.assert_array_equal(X_res[:40], X)
    assert_between_parents(sampler, X, X_res)


@pytest.mark.parametrize(
    "make_X",
    [
        lambda X: pd.DataFrame({"a": X[:, 0] + 1j * X[:, 1], "b": X[:, 2]}),
        lambda X: sp.csr_matrix(X + 1j),
    ],
    ids=["pandas", "sparse"],
)
def test_complex_X_is_refused_not_truncated_to_real(make_X, X, y):
    # pandas used to drop the imaginary part silently (a ComplexWarning, then a real result)
    with raises(InvalidInputError, "Complex data not supported"):
        smote().fit_resample(make_X(X), y)


def test_complex_X_for_tomek(X, y):
    with raises(InvalidInputError, "Complex", "np.hstack([X.real, X.imag])"):
        TomekLinks().fit_resample(X + 1j, y)


@pytest.mark.parametrize("unit", ["datetime64[s]", "timedelta64[ms]"])
def test_numpy_dates_are_not_interpolated(unit, y):
    X = np.arange(80).reshape(40, 2).astype(unit)
    with raises(NonNumericFeatureError, "not numbers", "astype('int64')"):
        smote().fit_resample(X, y)


def test_pandas_dates_are_not_interpolated(X, y):
    frame = pd.DataFrame({"when": pd.date_range("2020-01-01", periods=40), "x": X[:, 0]})
    with raises(NonNumericFeatureError, "'when'", "datetime64"):
        smote().fit_resample(frame, y)


def test_masked_array_with_masked_values(X, y):
    masked = np.ma.masked_array(X, mask=X > 1.5)
    with raises(InvalidInputError, "masked array", "X.filled(numpy.nan)"):
        smote().fit_resample(masked, y)


def test_masked_array_without_masked_values_is_its_data(X, y):
    X_res, _ = smote().fit_resample(np.ma.masked_array(X, mask=False), y)
    expected, _ = smote().fit_resample(X, y)
    np.testing.assert_array_equal(np.asarray(X_res), expected)


def test_long_double_beyond_float64_is_named(y):
    X = np.ones((40, 2), dtype=np.longdouble)
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("long double is float64 on this platform")
    X[7, 1] = np.longdouble("1e400")
    with raises(InvalidInputError, "beyond float64's range", "row 7", "column 1", "rescale"):
        smote().fit_resample(X, y)


# ---- extreme values: finite and between parents -------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_small_floats_keep_their_dtype_and_stay_between_parents(dtype, X, y):
    X = (X * 100).astype(dtype)
    sampler = smote()
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == dtype
    assert_between_parents(sampler, X, X_res)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_values_near_the_dtype_limit_of_opposite_signs(dtype, y):
    rng = np.random.default_rng(5)
    big = np.finfo(dtype).max
    X = (rng.choice([-1.0, 1.0], size=(40, 2)) * float(big) * rng.uniform(0.9, 1, (40, 2))).astype(
        dtype
    )
    sampler = borderline(k_neighbors=3, m_neighbors=5)
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == dtype
    assert_between_parents(sampler, X, X_res)


def test_subnormal_values_stay_between_parents(y):
    X = np.random.default_rng(2).integers(0, 50, size=(40, 3)) * 5e-324
    sampler = smote()
    X_res, _ = sampler.fit_resample(X, y)
    assert_between_parents(sampler, X, X_res)
    assert (X_res[40:] >= 0).all()


def test_huge_continuous_values_beside_a_nominal_column(y):
    rng = np.random.default_rng(3)
    X = np.c_[rng.integers(0, 2, 40), rng.choice([-1, 1], 40) * 1.7e308]
    sampler = smotenc()
    X_res, _ = sampler.fit_resample(X, y)
    assert_between_parents(sampler, X, X_res, columns=[1])


INTS = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]


def _near_limits(dtype, y):
    """Two columns at the two ends of ``dtype``: no synthetic value may wrap to the other."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(4)
    top = info.max - rng.integers(0, 3, 40).astype(np.uint64).astype(dtype)
    bottom = info.min + rng.integers(0, 3, 40).astype(dtype)
    return np.c_[top, bottom].astype(dtype)


def _within_columns(X, X_res):
    X_res = np.asarray(X_res)
    assert X_res.dtype == X.dtype
    assert (X_res.min(axis=0) >= X.min(axis=0)).all() and (X_res.max(axis=0) <= X.max(axis=0)).all()


@pytest.mark.parametrize("dtype", INTS, ids=lambda d: d.__name__)
def test_integers_near_their_limits_do_not_wrap(dtype, y):
    X = _near_limits(dtype, y)
    sampler = smote()
    X_res, _ = sampler.fit_resample(X, y)
    _within_columns(X, X_res)
    if np.dtype(dtype).itemsize < 8:  # float64 holds every such integer exactly
        assert_between_parents(sampler, X, X_res)


@pytest.mark.parametrize("container", ["pandas", "pandas-nullable", "polars", "arrow", "sparse"])
@pytest.mark.parametrize("dtype", [np.int64, np.uint64], ids=["int64", "uint64"])
def test_64_bit_integers_near_their_limits_in_every_container(container, dtype, y):
    X = _near_limits(dtype, y)
    if container == "pandas":
        data = pd.DataFrame(X, columns=["a", "b"])
    elif container == "pandas-nullable":
        data = pd.DataFrame(X, columns=["a", "b"]).astype(
            "Int64" if dtype == np.int64 else "UInt64"
        )
    elif container == "polars":
        pl = pytest.importorskip("polars")
        data = pl.DataFrame({"a": X[:, 0], "b": X[:, 1]})
    elif container == "arrow":
        pa = pytest.importorskip("pyarrow")
        data = pa.table({"a": X[:, 0], "b": X[:, 1]})
    else:
        data = sp.csr_matrix(X)
    X_res, _ = smote().fit_resample(data, y)
    if container == "sparse":
        values = X_res.toarray()
    elif container == "arrow":
        values = np.c_[X_res["a"].to_numpy(), X_res["b"].to_numpy()]
    else:
        values = np.asarray(X_res.to_numpy(), dtype=dtype)
    _within_columns(X, values)


def test_64_bit_integers_beside_a_nominal_column_do_not_wrap(y):
    big = np.iinfo(np.int64).max
    X = np.c_[np.arange(40) % 3, big - np.arange(40) % 3].astype(np.int64)
    X_res, _ = smotenc().fit_resample(X, y)
    _within_columns(X, X_res)
    frame = pd.DataFrame({"c": pd.Categorical(X[:, 0]), "v": X[:, 1]})
    out, _ = SMOTENC(categorical_features=["c"], random_state=0).fit_resample(frame, y)
    assert out["v"].dtype == np.int64 and out["v"].min() >= big - 2


def test_64_bit_integers_beyond_2_53_are_between_parents(y):
    X = np.empty((40, 1), dtype=np.int64)
    X[y == 1, 0] = 2**60 + np.array([1, 3] * 5)  # both round to 2**60 in float64
    X[y == 0, 0] = np.arange(30) * 2**56  # the column's range is wider than the parents'

    sampler = smote()
    X_res, _ = sampler.fit_resample(X, y)
    p = sampler.provenance_
    out = X_res[p.first_row :, 0]
    lo = np.minimum(X[p.base, 0], X[p.neighbor, 0])
    assert (out >= lo).all()


# ---- parameters -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [lambda: borderline(k_neighbors=10), lambda: smotenc(k_neighbors=12)],
    ids=["borderline", "smotenc"],
)
def test_k_neighbors_larger_than_the_minority(make, X, y):
    with raises(ClassTooSmallError, "Class 1 has 10 row(s)", "k_neighbors=9 (or lower)"):
        make().fit_resample(X, y)


def test_k_neighbors_one_below_the_minority_size_works(X, y):
    _X_res, y_res = smote(k_neighbors=9).fit_resample(X, y)
    assert (y_res == 1).sum() == N_MAJ


@pytest.mark.parametrize(
    ("make", "strategy"),
    [(borderline, {"two": 5}), (TomekLinks, ["two"])],
    ids=["borderline-dict", "tomek-list"],
)
def test_sampling_strategy_with_an_unknown_class(make, strategy, X, y):
    with raises(InvalidParameterError, "['two']", "not in y", "[0, 1]"):
        make(sampling_strategy=strategy).fit_resample(X, y)


def test_counts_for_a_cleaning_sampler_are_explained(X, y):
    with raises(InvalidParameterError, "cleaning sampler", "as a list", "not counts"):
        TomekLinks(sampling_strategy={0: 5}).fit_resample(X, y)


def test_sampling_strategy_dict_with_a_negative_count_for_borderline(X, y):
    with raises(InvalidParameterError, "sampling_strategy[1]=-1", "non-negative integer"):
        borderline(sampling_strategy={1: -1}).fit_resample(X, y)


def test_sampling_strategy_dict_with_fewer_rows_than_present_for_borderline(X, y):
    with raises(
        InvalidParameterError, "sampling_strategy[1]=2", "below the 10 rows", "at least 10"
    ):
        borderline(sampling_strategy={1: 2}).fit_resample(X, y)


def test_sampling_strategy_dict_with_numpy_keys_and_counts(X, y):
    _, y_res = smote(sampling_strategy={np.int64(1): np.int64(25)}).fit_resample(X, y)
    assert (y_res == 1).sum() == 25


@pytest.mark.parametrize("count", [30.0, True], ids=["float", "bool"])
def test_sampling_strategy_dict_count_of_the_wrong_type_is_described(count, X, y):
    with raises(InvalidParameterError, "integer") as info:
        smote(sampling_strategy={1: count}).fit_resample(X, y)
    assert "negative" not in str(info.value)


def test_sampling_strategy_dict_with_an_impossible_count(X, y):
    with raises(InvalidParameterError, "sampling_strategy"):
        RandomOverSampler(sampling_strategy={1: 10**13}).fit_resample(X, y)


@pytest.mark.parametrize("make", [BorderlineSMOTE, SMOTENC], ids=["borderline", "smotenc"])
@pytest.mark.parametrize("state", [[0], {"seed": 0}, "0", 2.5], ids=str)
def test_random_state_of_the_wrong_type(make, state, X, y):
    kw = {"categorical_features": [0]} if make is SMOTENC else {}
    with raises(InvalidParameterError, "random_state=", "non-negative int", "Generator"):
        make(random_state=state, **kw).fit_resample(X, y)


# ---- polars -------------------------------------------------------------------------------------
def test_polars_in_polars_out_with_nominal_column(X, y):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"colour": ["red", "blue"] * 20, "x": X[:, 0], "n": np.arange(40)})
    X_res, y_res = SMOTENC(categorical_features=["colour"], random_state=0).fit_resample(
        frame, pl.Series("y", y)
    )
    assert isinstance(X_res, pl.DataFrame) and X_res.schema == frame.schema
    assert set(X_res["colour"].to_list()) <= {"red", "blue"}
    assert isinstance(y_res, pl.Series) and (y_res == 1).sum() == N_MAJ


def test_polars_null_in_X_names_column(X, y):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"a": X[:, 0], "b": [*X[:3, 1], None, *X[4:, 1]]})
    with raises(InvalidInputError, "'b' (1 NaN, first at row 3)"):
        borderline().fit_resample(frame, y)


# ---- targets ------------------------------------------------------------------------------------
def test_float_labels_that_are_huge_whole_numbers(X, y):
    _X_res, y_res = smote().fit_resample(X, np.where(y == 1, 1e20, 0.0))
    assert (y_res == 1e20).sum() == N_MAJ


def test_complex_labels(X, y):
    with raises(InvalidInputError, "complex"):
        smote().fit_resample(X, y + 1j)


def test_infinite_label(X, y):
    with raises(InvalidInputError, "inf", "row 0") as info:
        smote().fit_resample(X, np.r_[np.inf, y[1:].astype(float)])
    assert "mixes" not in str(info.value)


def test_pandas_string_labels_with_na(X, y):
    labels = pd.Series([None, *np.where(y[1:] == 1, "b", "a")], dtype="string")
    with raises(InvalidInputError, "missing label"):
        smote().fit_resample(X, labels)


def test_labels_mixing_numbers_and_text(X):
    with raises(InvalidInputError, "mixes label types"):
        RandomOverSampler(random_state=0).fit_resample(X, [1] * 30 + ["a"] * 10)
