"""Every bad input raises the right exception with a message that says what and what to do."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import smotekit
from smotekit import (
    SMOTE,
    ClassTooSmallError,
    InvalidInputError,
    InvalidParameterError,
    MultiLabelError,
    NonNumericFeatureError,
    RandomOverSampler,
    RandomUnderSampler,
    SmotekitError,
)

ALL_SAMPLERS = [SMOTE, RandomOverSampler, RandomUnderSampler]
OVER_SAMPLERS = [SMOTE, RandomOverSampler]


@pytest.fixture
def Xy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = np.array([0] * 30 + [1] * 10)
    return X, y


@pytest.fixture
def y3():
    return np.array([0] * 20 + [1] * 12 + [2] * 8)


def raises(exc, *words):
    """``pytest.raises`` that also requires every word (case-insensitive) in the message."""
    pattern = "".join(f"(?=.*{re.escape(w)})" for w in words)
    return pytest.raises(exc, match=re.compile(pattern, re.IGNORECASE | re.DOTALL))


# ---- the exception hierarchy ----------------------------------------------------------------
def test_errors_subclass_the_builtins_callers_catch():
    for exc in (InvalidInputError, MultiLabelError, ClassTooSmallError, InvalidParameterError):
        assert issubclass(exc, ValueError) and issubclass(exc, SmotekitError)
    assert issubclass(NonNumericFeatureError, TypeError)
    assert issubclass(NonNumericFeatureError, ValueError)
    assert issubclass(MultiLabelError, InvalidInputError)
    assert issubclass(ClassTooSmallError, InvalidInputError)
    assert issubclass(smotekit.SmotekitWarning, UserWarning)


# ---- X -------------------------------------------------------------------------------------
def test_nan_in_pandas_X_names_the_column(Xy):
    X, y = Xy
    df = pd.DataFrame(X, columns=["age", "bmi", "dose"])
    df.loc[2, "bmi"] = np.nan
    df.loc[5, "bmi"] = np.nan
    with raises(InvalidInputError, "NaN", "'bmi'", "2 NaN", "impute") as info:
        SMOTE().fit_resample(df, y)
    assert "'age'" not in str(info.value) and "'dose'" not in str(info.value)


def test_nan_in_numpy_X_names_the_column_position(Xy):
    X, y = Xy
    X = X.copy()
    X[3, 1] = np.nan
    with raises(InvalidInputError, "NaN", "column 1"):
        SMOTE().fit_resample(X, y)


def test_nan_in_polars_X_names_the_column(Xy):
    pl = pytest.importorskip("polars")
    X, y = Xy
    df = pl.DataFrame({"a": X[:, 0], "score": [None, *X[1:, 1].tolist()]})
    with raises(InvalidInputError, "'score'", "NaN"):
        SMOTE().fit_resample(df, y)


def test_inf_in_X(Xy):
    X, y = Xy
    X = X.copy()
    X[0, 2] = np.inf
    X[1, 2] = -np.inf
    with raises(InvalidInputError, "infinity", "column 2", "2 inf", "finite"):
        SMOTE().fit_resample(X, y)


def test_nan_is_fine_for_random_samplers(Xy):
    X, y = Xy
    X = X.copy()
    X[0, 0] = np.nan
    for sampler in (RandomOverSampler(random_state=0), RandomUnderSampler(random_state=0)):
        X_res, _ = sampler.fit_resample(X, y)
        assert X_res.shape[1] == 3


def test_non_numeric_pandas_columns_named_and_smotenc_suggested(Xy):
    X, y = Xy
    df = pd.DataFrame(
        {
            "income": X[:, 0],
            "city": ["Oslo", "Lima"] * 20,
            "grade": pd.Categorical(["a", "b", "c", "d"] * 10),
        }
    )
    with raises(NonNumericFeatureError, "'city'", "'grade'", "non-numeric", "SMOTENC") as info:
        SMOTE().fit_resample(df, y)
    assert "'income'" not in str(info.value)
    # what callers of scikit-learn-style code catch
    with pytest.raises(ValueError):
        SMOTE().fit_resample(df, y)
    with pytest.raises(TypeError):
        SMOTE().fit_resample(df, y)


def test_non_numeric_numpy_object_column_named(Xy):
    X, y = Xy
    X_obj = X.astype(object)
    X_obj[:, 2] = "red"
    with raises(NonNumericFeatureError, "column 2", "SMOTENC"):
        SMOTE().fit_resample(X_obj, y)


def test_strings_are_fine_for_random_samplers(Xy):
    _, y = Xy
    X = np.array([["a", "b"]] * 40, dtype=object)
    X_res, _ = RandomOverSampler(random_state=0).fit_resample(X, y)
    assert X_res.dtype == object and X_res.shape == (60, 2)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_length_mismatch(Xy, sampler):
    X, y = Xy
    with raises(InvalidInputError, "40 rows", "39 labels", "match"):
        sampler().fit_resample(X, y[:-1])


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_empty_X(sampler):
    with raises(InvalidInputError, "0 sample(s)", "empty"):
        sampler().fit_resample(np.empty((0, 3)), np.array([], dtype=int))


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_X_without_columns(Xy, sampler):
    _, y = Xy
    with raises(InvalidInputError, "0 feature(s)", "no columns"):
        sampler().fit_resample(np.empty((40, 0)), y)


def test_X_without_columns_pandas(Xy):
    _, y = Xy
    with raises(InvalidInputError, "0 feature(s)"):
        SMOTE().fit_resample(pd.DataFrame(index=range(40)), y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_1d_X(Xy, sampler):
    X, y = Xy
    with raises(InvalidInputError, "2-D", "1-D", "reshape(-1, 1)"):
        sampler().fit_resample(X[:, 0], y)


def test_pandas_series_as_X(Xy):
    X, y = Xy
    with raises(InvalidInputError, "Series", "to_frame()"):
        SMOTE().fit_resample(pd.Series(X[:, 0]), y)


def test_X_none(Xy):
    _, y = Xy
    with raises(InvalidInputError, "X is None"):
        SMOTE().fit_resample(None, y)


def test_complex_X(Xy):
    X, y = Xy
    with raises(InvalidInputError, "Complex"):
        SMOTE().fit_resample(X + 1j, y)


def test_ragged_list_X():
    with raises(InvalidInputError, "2-D array"):
        SMOTE().fit_resample([[1.0, 2.0], [3.0]], [0, 1])


# ---- y -------------------------------------------------------------------------------------
@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_single_class(Xy, sampler):
    X, _ = Xy
    with raises(InvalidInputError, "single class", "40 rows") as info:
        sampler().fit_resample(X, np.zeros(40, dtype=int))
    assert isinstance(info.value, SmotekitError)


def test_minority_smaller_than_k_plus_one(Xy):
    X, _ = Xy
    y = np.array(["common"] * 37 + ["rare"] * 3)
    with raises(ClassTooSmallError, "'rare'", "3 row(s)", "k_neighbors=2", "k_neighbors + 1 = 6"):
        SMOTE().fit_resample(X, y)


def test_minority_smaller_than_k_plus_one_custom_k(Xy):
    X, _ = Xy
    y = np.array([0] * 33 + [1] * 7)
    with raises(ClassTooSmallError, "Class 1", "7 row(s)", "k_neighbors=6"):
        SMOTE(k_neighbors=7).fit_resample(X, y)
    SMOTE(k_neighbors=6).fit_resample(X, y)  # the suggestion works


def test_class_with_one_row_cannot_be_smoted(Xy):
    X, _ = Xy
    y = np.array([0] * 39 + [1])
    with raises(ClassTooSmallError, "Class 1", "1 row(s)", "no neighbour", "RandomOverSampler"):
        SMOTE().fit_resample(X, y)


def test_small_class_not_over_sampled_is_fine(Xy):
    X, _ = Xy
    y = np.array([0] * 30 + [1] * 7 + [2] * 3)
    _, y_res = SMOTE(sampling_strategy={1: 30}, random_state=0).fit_resample(X, y)
    assert (y_res == 2).sum() == 3


def test_multilabel_indicator_y(Xy):
    X, _ = Xy
    y = np.zeros((40, 3), dtype=int)
    y[:, 0] = 1
    y[:5, 1] = 1  # five rows with two labels
    y[5:8, 0] = 0  # three rows with none
    with raises(MultiLabelError, "multi-label", "8 of 40 rows", "zero or several labels") as info:
        SMOTE().fit_resample(X, y)
    message = str(info.value)
    # the message explains why, and what to do instead
    assert "label set" in message and "Resample each label separately" in message
    assert isinstance(info.value, ValueError)


def test_multioutput_y_dataframe(Xy):
    X, y = Xy
    with raises(MultiLabelError, "2 columns", "multi-output"):
        SMOTE().fit_resample(X, pd.DataFrame({"a": y, "b": y}))


def test_continuous_y(Xy):
    X, _ = Xy
    y = np.random.default_rng(0).normal(size=40)
    with raises(InvalidInputError, "continuous", "class labels"):
        SMOTE().fit_resample(X, y)


def test_y_none(Xy):
    X, _ = Xy
    with raises(InvalidInputError, "y is None"):
        SMOTE().fit_resample(X, None)


def test_y_with_missing_labels(Xy):
    X, y = Xy
    y = y.astype(float)
    y[[3, 17]] = np.nan
    with raises(InvalidInputError, "2 missing label(s)", "[3, 17]"):
        SMOTE().fit_resample(X, y)


# ---- sampling_strategy ---------------------------------------------------------------------
@pytest.mark.parametrize("sampler", OVER_SAMPLERS)
def test_float_ratio_that_needs_removal(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "sampling_strategy=0.1", "removing samples", "0.3333"):
        sampler(sampling_strategy=0.1).fit_resample(X, y)


def test_float_ratio_that_needs_new_rows_for_under_sampler(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "sampling_strategy=0.1", "generating new"):
        RandomUnderSampler(sampling_strategy=0.1).fit_resample(X, y)


@pytest.mark.parametrize("ratio", [0.0, 1.5, -0.2])
def test_float_ratio_out_of_range(Xy, ratio):
    X, y = Xy
    with raises(InvalidParameterError, f"sampling_strategy={ratio}", "(0, 1]"):
        SMOTE(sampling_strategy=ratio).fit_resample(X, y)


@pytest.mark.parametrize("sampler", OVER_SAMPLERS)
def test_dict_below_current_count(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "sampling_strategy[1]=5", "10 rows", "at least 10"):
        sampler(sampling_strategy={1: 5}).fit_resample(X, y)


def test_dict_above_current_count_for_under_sampler(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "sampling_strategy[0]=50", "30 rows", "at most 30"):
        RandomUnderSampler(sampling_strategy={0: 50}).fit_resample(X, y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_dict_unknown_class(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "[7]", "not in y", "[0, 1]"):
        sampler(sampling_strategy={7: 20}).fit_resample(X, y)


def test_dict_negative_or_non_integer_count(Xy):
    X, y = Xy
    for bad in (-3, 12.5, "many"):
        with raises(InvalidParameterError, "sampling_strategy[1]", "non-negative integer"):
            SMOTE(sampling_strategy={1: bad}).fit_resample(X, y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_unknown_string(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "'balanced'", "not a known strategy", "'not majority'"):
        sampler(sampling_strategy="balanced").fit_resample(X, y)


@pytest.mark.parametrize("sampler", OVER_SAMPLERS)
def test_majority_for_over_samplers(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "'majority'", "over-sampler", "worse"):
        sampler(sampling_strategy="majority").fit_resample(X, y)


def test_minority_for_under_sampler(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "'minority'", "under-sampler"):
        RandomUnderSampler(sampling_strategy="minority").fit_resample(X, y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_float_with_multiclass(Xy, y3, sampler):
    X, _ = Xy
    with raises(InvalidParameterError, "float", "binary", "3 classes"):
        sampler(sampling_strategy=0.5).fit_resample(X, y3)


def test_callable_not_returning_a_dict(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "callable returned int", "dict"):
        SMOTE(sampling_strategy=lambda labels: 5).fit_resample(X, y)


def test_sampling_strategy_of_unknown_type(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "not understood"):
        SMOTE(sampling_strategy=[0, 1]).fit_resample(X, y)


# ---- other parameters ----------------------------------------------------------------------
@pytest.mark.parametrize("k", [0, -1])
def test_k_neighbors_below_one(Xy, k):
    X, y = Xy
    with raises(InvalidParameterError, f"k_neighbors={k}", ">= 1"):
        SMOTE(k_neighbors=k).fit_resample(X, y)


def test_k_neighbors_of_wrong_type(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "k_neighbors='five'", "NearestNeighbors"):
        SMOTE(k_neighbors="five").fit_resample(X, y)
    with raises(InvalidParameterError, "k_neighbors=True"):
        SMOTE(k_neighbors=True).fit_resample(X, y)


def test_k_neighbors_estimator_with_one_neighbor(Xy):
    from sklearn.neighbors import NearestNeighbors

    X, y = Xy
    with raises(InvalidParameterError, "n_neighbors=1", "k + 1"):
        SMOTE(k_neighbors=NearestNeighbors(n_neighbors=1)).fit_resample(X, y)


def test_gap_unknown(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "gap='x'", "'segment'", "'box'"):
        SMOTE(gap="x").fit_resample(X, y)


@pytest.mark.parametrize("sampler", [SMOTE, RandomOverSampler])
def test_allocation_unknown(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "allocation='x'", "'even'", "'random'"):
        sampler(allocation="x").fit_resample(X, y)


def test_integer_columns_unknown(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "integer_columns='x'", "'round'", "'float'"):
        SMOTE(integer_columns="x").fit_resample(X, y)


@pytest.mark.parametrize("percentage", [-5, 0, float("nan"), float("inf"), "200", True])
def test_percentage_not_positive_number(Xy, percentage):
    X, y = Xy
    with raises(InvalidParameterError, "percentage=", "positive number"):
        SMOTE(percentage=percentage).fit_resample(X, y)


@pytest.mark.parametrize("strategy", [{1: 40}, 0.8, lambda labels: {1: 40}])
def test_percentage_with_counting_sampling_strategy(Xy, strategy):
    X, y = Xy
    with raises(InvalidParameterError, "percentage", "give only one"):
        SMOTE(percentage=100, sampling_strategy=strategy).fit_resample(X, y)


@pytest.mark.parametrize("n_jobs", [0, -2, 1.5, "2", True])
def test_n_jobs_invalid(Xy, n_jobs):
    X, y = Xy
    with raises(InvalidParameterError, "n_jobs=", "positive int"):
        SMOTE(n_jobs=n_jobs).fit_resample(X, y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
@pytest.mark.parametrize("random_state", ["x", -1, 1.5])
def test_random_state_invalid(Xy, sampler, random_state):
    X, y = Xy
    with raises(InvalidParameterError, "random_state="):
        sampler(random_state=random_state).fit_resample(X, y)


def test_shrinkage_invalid(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "shrinkage=-1", "non-negative"):
        RandomOverSampler(shrinkage=-1).fit_resample(X, y)


def test_replacement_invalid(Xy):
    X, y = Xy
    with raises(InvalidParameterError, "replacement='yes'", "True or False"):
        RandomUnderSampler(replacement="yes").fit_resample(X, y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_unexpected_fit_resample_keyword(Xy, sampler):
    X, y = Xy
    with raises(InvalidParameterError, "sample_weights", "take X, y and sample_weight"):
        sampler().fit_resample(X, y, sample_weights=np.ones(40))


# ---- parameters are checked on fit, never in __init__ -----------------------------------------
BAD_PARAMS = [
    (SMOTE, {"k_neighbors": 0}),
    (SMOTE, {"gap": "x"}),
    (SMOTE, {"allocation": "x"}),
    (SMOTE, {"percentage": -5}),
    (SMOTE, {"percentage": 100, "sampling_strategy": {1: 40}}),
    (SMOTE, {"integer_columns": "x"}),
    (SMOTE, {"n_jobs": 0}),
    (SMOTE, {"sampling_strategy": "balanced"}),
    (SMOTE, {"random_state": "x"}),
    (RandomOverSampler, {"shrinkage": -1}),
    (RandomOverSampler, {"allocation": "x"}),
    (RandomOverSampler, {"sampling_strategy": "majority"}),
    (RandomUnderSampler, {"replacement": "yes"}),
    (RandomUnderSampler, {"sampling_strategy": 7.0}),
]


@pytest.mark.parametrize(
    ("sampler", "params"), BAD_PARAMS, ids=[f"{s.__name__}-{p}" for s, p in BAD_PARAMS]
)
def test_parameters_validated_on_fit_not_init(Xy, sampler, params):
    X, y = Xy
    estimator = sampler(**params)  # constructing never raises
    assert estimator.get_params()[next(iter(params))] == params[next(iter(params))]
    with pytest.raises(InvalidParameterError):
        estimator.fit_resample(X, y)
    with pytest.raises(InvalidParameterError):
        sampler(**params).fit(X, y)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("where", ["majority", "minority"])
@pytest.mark.parametrize("n_rows", [300, 40_000])  # numpy fallback, then the compiled copy
def test_smote_finite_check_fused_into_the_copy_still_names_every_bad_column(dtype, where, n_rows):
    # SMOTE checks a float ndarray while copying it into the output: a bad value anywhere,
    # in a class it grows or in one it only copies, must give the door's own message
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n_rows, 4)).astype(dtype)
    y = (np.arange(n_rows) % 10 == 0).astype(int)
    rows = np.flatnonzero(y == (1 if where == "minority" else 0))
    X[rows[3], 1] = np.nan
    X[rows[7], 3] = -np.inf
    before = X.copy()
    with raises(InvalidInputError, "column 1", "1 NaN", "column 3", "1 inf"):
        SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X, before)  # nothing written into the caller's array
    # and fit alone checks every row at once, as before
    with raises(InvalidInputError, "column 1", "column 3"):
        SMOTE(random_state=0).fit(X, y)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_duplicate_column_names_are_refused(sampler, Xy):
    X, y = Xy
    frame = pd.DataFrame(X, columns=["a", "a", "b"])
    with raises(InvalidInputError, "duplicate column names", "'a'", "rename"):
        sampler().fit_resample(frame, y)


def test_duplicate_column_names_are_refused_with_nominal_columns(Xy):
    """The nominal samplers read X through the same container (they used to accept it)."""
    from smotekit import SMOTENC

    X, y = Xy
    frame = pd.DataFrame(X, columns=["a", "a", "b"]).assign(colour="red")
    with raises(InvalidInputError, "duplicate column names", "'a'"):
        SMOTENC(categorical_features="auto").fit_resample(frame, y)


@pytest.mark.parametrize("kind", ["object", "unicode"])
def test_text_that_reads_as_numbers_is_refused(kind, Xy):
    X, y = Xy
    text = X.astype(str) if kind == "unicode" else X.astype(str).astype(object)
    with raises(NonNumericFeatureError, "text", "column 0", "astype(float)"):
        SMOTE().fit_resample(text, y)


def test_object_array_of_numbers_is_accepted(Xy):
    X, y = Xy
    X_res, _ = SMOTE(random_state=0).fit_resample(X.astype(object), y)
    expected, _ = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, expected)


def test_pandas_x_and_y_with_different_row_labels_are_refused(Xy):
    X, y = Xy
    frame = pd.DataFrame(X)
    shifted = pd.Series(y, index=np.arange(len(y)) + 100)
    with raises(InvalidInputError, "different row labels", "y.loc[X.index]"):
        SMOTE().fit_resample(frame, shifted)
    # aligned (same labels, any order of construction) is fine
    X_res, _ = SMOTE(random_state=0).fit_resample(frame, pd.Series(y, index=frame.index))
    assert len(X_res) == 60


def test_float_labels_off_whole_numbers_by_rounding_are_named(Xy):
    X, y = Xy
    with raises(InvalidInputError, "whole numbers up to rounding", "numpy.rint(y)"):
        SMOTE().fit_resample(X, y + 1e-9)
    with raises(InvalidInputError, "regression target"):
        SMOTE().fit_resample(X, np.linspace(0, 1, len(y)))


@pytest.mark.parametrize("strategy", [{0, 1}, None, b"auto"])
def test_sampling_strategy_of_another_type_is_refused_before_the_data(Xy, strategy):
    X, y = Xy
    with raises(InvalidParameterError, "sampling_strategy=", "a float", "a dict", "callable"):
        SMOTE(sampling_strategy=strategy).fit_resample(X, y)
