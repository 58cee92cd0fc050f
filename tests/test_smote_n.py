"""SMOTE-N (paper section 6.2): the VDM, the vote, containers, bad input, estimator checks."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.utils.estimator_checks import parametrize_with_checks

from smotekit import SMOTEN, InvalidInputError, InvalidParameterError
from smotekit.samplers.interpolation import InterpolationSampler
from smotekit.samplers.smote_n import class_probabilities, value_difference, vdm_space
from smotekit.synthesis.vote import majority_vote


class Spy(SMOTEN):
    """SMOTEN that records each class's rows and neighbour table (to test the search)."""

    def nominal_codes(self, ctx, base, rng):
        self.seen_ = getattr(self, "seen_", {})
        self.seen_[ctx.label] = (ctx.rows, ctx.neighbors.copy())
        return super().nominal_codes(ctx, base, rng)


def raises(exc, *words):
    pattern = "".join(f"(?=.*{re.escape(w)})" for w in words)
    return pytest.raises(exc, match=re.compile(pattern, re.IGNORECASE | re.DOTALL))


def vdm_by_hand(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Delta(X_a, X_b) = sum_f sum_i |C_ai/C_a - C_bi/C_b|, counted over all rows, written out."""
    n, d = X.shape
    classes = sorted(set(y.tolist()))
    D = np.zeros((n, n))
    for f in range(d):
        col = X[:, f]
        share = {
            v: np.array([np.sum((col == v) & (y == c)) / np.sum(col == v) for c in classes])
            for v in set(col.tolist())
        }
        for a in range(n):
            for b in range(n):
                D[a, b] += np.abs(share[col[a]] - share[col[b]]).sum()
    return D


@pytest.fixture
def nominal_frame():
    rng = np.random.default_rng(3)
    n = 60
    X = pd.DataFrame(
        {
            "colour": pd.Categorical(
                rng.choice(["r", "g", "b"], n), categories=["r", "g", "b", "k"]
            ),
            "shape": np.array(rng.choice(["sq", "ci", "tr"], n), dtype=object),
            "size": pd.array(rng.choice(["S", "M", "L"], n), dtype="string"),
            "flag": rng.random(n) > 0.4,
        },
        index=pd.RangeIndex(100, 100 + n),
    )
    X["shape"] = X["shape"].astype(object)  # pandas 3 would read these strings as 'str'
    y = np.array([0] * 40 + [1] * 20)[rng.permutation(n)]
    return X, y


# ---- the paper's rules ------------------------------------------------------------------------
def test_is_an_interpolation_sampler_on_the_shared_path():
    assert issubclass(SMOTEN, InterpolationSampler)
    assert "decide" not in SMOTEN.__dict__  # the shared body, two seams and place


def test_value_difference_metric_by_hand():
    # value 0: classes (0, 1) once each -> shares (1/2, 1/2); value 1: class 1 twice -> (0, 1);
    # value 2: class 0 once -> (1, 0)
    P = class_probabilities(np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 1, 0]), 2)
    np.testing.assert_allclose(P, [[0.5, 0.5], [0.0, 1.0], [1.0, 0.0]])
    delta = value_difference(P)
    np.testing.assert_allclose(delta, [[0, 1, 1], [1, 0, 2], [1, 2, 0]])
    np.testing.assert_allclose(delta, delta.T)  # Cost and Salzberg's VDM is symmetric


@pytest.mark.parametrize("n_classes", [2, 3])
def test_vdm_space_squared_distance_is_the_vdm(n_classes):
    rng = np.random.default_rng(n_classes)
    n = 70
    X = np.column_stack([rng.integers(0, k, n) for k in (3, 5, 2, 4)])
    y = rng.integers(0, n_classes, n)
    probabilities = [class_probabilities(X[:, j], y, n_classes) for j in range(X.shape[1])]
    rows = np.flatnonzero(y == 1)
    space = vdm_space(X[rows], probabilities)
    d2 = ((space[:, None, :] - space[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_allclose(d2, vdm_by_hand(X, y)[np.ix_(rows, rows)], atol=1e-12)


def test_neighbours_are_the_k_nearest_by_the_vdm():
    rng = np.random.default_rng(21)
    n = 90
    X = np.column_stack([rng.choice(list(v), n) for v in ("abc", "xyzw", "pq")]).astype(object)
    y = np.array([0] * 55 + [1] * 35)
    y = y[rng.permutation(n)]
    spy = Spy(random_state=0)
    spy.fit_resample(X, y)
    rows, neighbors = spy.seen_[1]
    D = vdm_by_hand(X, y)[np.ix_(rows, rows)]
    for i in range(rows.size):
        assert i not in neighbors[i]
        chosen = D[i, neighbors[i]]
        assert np.all(np.diff(chosen) >= -1e-9)
        rest = np.setdiff1d(np.delete(np.arange(rows.size), i), neighbors[i])
        assert chosen.max() <= D[i, rest].min() + 1e-9


def test_the_papers_table_7_example():
    # F1 = A B C D E, F2 = A F C G N, F3 = H B C D N  ->  synthetic A B C D N (k = 2)
    minority = np.array([list("ABCDE"), list("AFCGN"), list("HBCDN")], dtype=object)
    majority = np.array(
        [list("HFCGE"), list("AFCDE"), list("HBCGE"), list("ABCGN")] * 2, dtype=object
    )
    X = np.vstack([minority, majority])
    y = np.array([1, 1, 1] + [0] * 8)
    X_res, y_res = SMOTEN(categorical_features="all", k_neighbors=2, random_state=0).fit_resample(
        X, y
    )
    assert Counter(y_res) == {0: 8, 1: 8}
    assert {"".join(row) for row in X_res[11:]} == {"ABCDN"}


def test_vote_counts_the_base_row_and_ties_go_to_the_generator():
    codes = np.array([[0], [0], [1], [2], [3]])
    # base + 2 neighbours: row 0 votes with rows 1 and 2 -> 0 wins (the base counts)
    assert (
        majority_vote(
            codes, np.array([[0, 1, 2]] * 5), np.zeros(4, np.intp), np.random.default_rng(0)
        )
        .ravel()
        .tolist()
        == [0] * 4
    )
    # row 2 votes with rows 3 and 4: a three-way tie drawn per synthetic row
    draws = majority_vote(
        codes, np.array([[2, 3, 4]] * 5), np.full(300, 2, np.intp), np.random.default_rng(0)
    ).ravel()
    assert set(draws.tolist()) == {1, 2, 3}
    assert max(Counter(draws.tolist()).values()) < 140  # roughly uniform
    again = majority_vote(
        codes, np.array([[2, 3, 4]] * 5), np.full(300, 2, np.intp), np.random.default_rng(0)
    ).ravel()
    np.testing.assert_array_equal(draws, again)


def test_every_voted_value_is_a_most_frequent_value_of_base_and_neighbours():
    rng = np.random.default_rng(14)
    n = 100
    X = np.column_stack([rng.choice(list(v), n) for v in ("abc", "wxyz", "pq")]).astype(object)
    y = np.array([0] * 60 + [1] * 40)
    spy = Spy(k_neighbors=4, random_state=2)
    X_res, _ = spy.fit_resample(X, y)
    rows, neighbors = spy.seen_[1]
    local = np.searchsorted(rows, spy.provenance_.base)
    for s_row, b in enumerate(local):
        voters = rows[np.concatenate([[b], neighbors[b]])]
        for col in range(3):
            counts = Counter(X[voters, col].tolist())
            assert counts[X_res[n + s_row, col]] == max(counts.values())


def test_synthetic_values_are_values_of_the_class_and_provenance(nominal_frame):
    X, y = nominal_frame
    sampler = SMOTEN(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    rec = sampler.provenance_
    assert rec.first_row == len(X)
    np.testing.assert_array_equal(rec.neighbor, rec.base)  # nothing interpolated
    np.testing.assert_array_equal(rec.gaps(), 0.0)
    new = X_res.iloc[len(X) :]
    for col in X.columns:
        assert set(new[col]) <= set(X[col][y == 1])
    # the provenance's codes decode to the output's values
    for jj, col in enumerate(X.columns):
        assert list(pd.factorize(X[col])[1].take(rec.nominal[:, jj])) == list(new[col])


# ---- containers ---------------------------------------------------------------------------------
def test_pandas_dtypes_categories_and_originals_kept(nominal_frame):
    X, y = nominal_frame
    X_res, y_res = SMOTEN(random_state=0).fit_resample(X, pd.Series(y, index=X.index, name="t"))
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert list(X_res["colour"].cat.categories) == ["r", "g", "b", "k"]
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    assert X_res.index[len(X) :].tolist() == list(range(160, 180))
    assert y_res.index.equals(X_res.index) and Counter(y_res) == {0: 40, 1: 40}


def test_numpy_string_object_int_bool_arrays_and_lists(nominal_frame):
    X, y = nominal_frame
    ref, _ = SMOTEN(random_state=0).fit_resample(X, y)
    ref_values = ref.astype(object).to_numpy()
    X_obj = X.to_numpy(dtype=object)
    out, _ = SMOTEN(random_state=0).fit_resample(X_obj, y)
    assert out.dtype == object
    assert all(out[i, j] is X_obj[i, j] for i in range(len(X)) for j in range(X.shape[1]))
    assert (out[len(X) :] == ref_values[len(X) :]).all()
    X_str = X[["colour", "shape", "size"]].to_numpy().astype(str)
    out, _ = SMOTEN(random_state=0).fit_resample(X_str, y)
    assert out.dtype == X_str.dtype and out[: len(X)].tobytes() == X_str.tobytes()
    out, _ = SMOTEN(random_state=0).fit_resample(X_str.tolist(), y.tolist())
    assert isinstance(out, list) and out[: len(X)] == X_str.tolist()
    codes = np.column_stack([pd.factorize(X[c])[0] for c in X.columns]).astype(np.int16)
    out, _ = SMOTEN(categorical_features="all", random_state=0).fit_resample(codes, y)
    assert out.dtype == np.int16
    for data in (sp.csr_matrix(codes), sp.coo_array(codes)):
        out_sp, _ = SMOTEN(categorical_features="all", random_state=0).fit_resample(data, y)
        assert type(out_sp) is type(data)
        np.testing.assert_array_equal(out_sp.toarray(), out)
    flags = np.asarray(X[["flag"]].to_numpy(), dtype=bool)
    out, _ = SMOTEN(random_state=0).fit_resample(flags, y)
    assert out.dtype == bool


def test_polars_schema_kept():
    pl = pytest.importorskip("polars")
    rng = np.random.default_rng(12)
    n = 40
    X = pl.DataFrame(
        {
            "s": rng.choice(["a", "b", "c"], n).tolist(),
            "c": pl.Series(rng.choice(["x", "y"], n).tolist(), dtype=pl.Categorical),
            "e": pl.Series(rng.choice(["lo", "hi"], n).tolist(), dtype=pl.Enum(["lo", "hi"])),
            "b": (rng.random(n) > 0.5).tolist(),
        }
    )
    y = np.array([0] * 28 + [1] * 12)
    X_res, _ = SMOTEN(random_state=0).fit_resample(X, y)
    assert X_res.schema == X.schema and X_res.head(n).equals(X)
    ref, _ = SMOTEN(random_state=0).fit_resample(X.to_pandas(), y)
    assert X_res.tail(16)["s"].to_list() == ref["s"].tolist()[n:]


def test_deterministic_and_exact_counts(nominal_frame):
    X, y = nominal_frame
    a, _ = SMOTEN(random_state=5).fit_resample(X, y)
    b, _ = SMOTEN(random_state=5).fit_resample(X, y)
    pd.testing.assert_frame_equal(a, b)
    y3 = np.where(np.arange(len(y)) % 7 == 0, 2, y)
    _, y_res = SMOTEN(sampling_strategy={1: 30, 2: 15}, random_state=0).fit_resample(X, y3)
    counts = Counter(y3.tolist())
    assert Counter(y_res.tolist()) == {0: counts[0], 1: 30, 2: 15}
    _, y_res = SMOTEN(percentage=100, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}


def test_categorical_features_forms(nominal_frame):
    X, y = nominal_frame
    ref, _ = SMOTEN(random_state=0).fit_resample(X, y)
    for form in ("all", list(X.columns), [0, 1, 2, 3], np.arange(4), [True] * 4, np.ones(4, bool)):
        out, _ = SMOTEN(categorical_features=form, random_state=0).fit_resample(X, y)
        pd.testing.assert_frame_equal(out, ref)


# ---- bad input ----------------------------------------------------------------------------------
def test_non_nominal_columns_are_explained(nominal_frame):
    X, y = nominal_frame
    mixed = X.assign(amount=np.linspace(0, 1, len(X)))
    with raises(InvalidInputError, "'amount'", "float64", "SMOTENC", "'all'"):
        SMOTEN(categorical_features="auto").fit_resample(mixed, y)
    with raises(InvalidInputError, "leaves 2 column(s) out", "'size'", "SMOTENC"):
        SMOTEN(categorical_features=["colour", "shape"]).fit_resample(X, y)
    with raises(InvalidInputError, "found no nominal column", "SMOTE", "'all'"):
        SMOTEN(categorical_features="auto").fit_resample(
            np.random.default_rng(0).normal(size=(60, 3)), y
        )
    with raises(InvalidInputError, "selects no column"):
        SMOTEN(categorical_features=[]).fit_resample(X, y)
    with raises(InvalidParameterError, "'weight'", "does not have", "'colour'"):
        SMOTEN(categorical_features=["colour", "weight"]).fit_resample(X, y)
    with raises(InvalidParameterError, "index 4", "out of range"):
        SMOTEN(categorical_features=[0, 1, 2, 3, 4]).fit_resample(X, y)


def test_missing_values_name_the_column(nominal_frame):
    X, y = nominal_frame
    for col, missing in (("shape", None), ("size", pd.NA), ("colour", np.nan)):
        bad = X.copy()
        bad.loc[bad.index[5], col] = missing
        with raises(InvalidInputError, f"'{col}'", "missing", "row(s) [5]"):
            SMOTEN().fit_resample(bad, y)
    pl = pytest.importorskip("polars")
    bad = pl.DataFrame({"a": ["u", None] * 30, "b": ["x", "y", "z"] * 20})
    with raises(InvalidInputError, "'a'", "missing"):
        SMOTEN().fit_resample(bad, y)
    with pytest.raises(TypeError, match=r"argument must be .* string.* number"):
        SMOTEN(categorical_features="all").fit_resample(
            np.array([[{"a": 1}]] + [["u"]] * 59, dtype=object), y
        )


# ---- real data ----------------------------------------------------------------------------------
def test_credit_g_nominal_columns(data_dir):
    df = pd.read_csv(data_dir / "credit_g.csv")
    X = df.drop(columns="label").select_dtypes(exclude="number")
    y = df["label"]
    X_res, y_res = SMOTEN(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"good": 700, "bad": 700}
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    for col in X.columns:
        assert set(X_res[col].iloc[1000:]) <= set(X[col][y == "bad"])


@pytest.mark.parametrize("module", ["smotekit.samplers.smote_n", "smotekit.synthesis.vote"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ---- estimator checks ---------------------------------------------------------------------------
# 'all': the checks' data are numpy arrays of floats (integers under the categorical tag), whose
# values SMOTE-N then takes as categories. No check is excluded.
@parametrize_with_checks([SMOTEN(categorical_features="all")])
def test_sklearn_compatible_estimator(estimator, check, monkeypatch):
    monkeypatch.setenv("SCIPY_ARRAY_API", "1")
    check(estimator)


imblearn_checks = pytest.importorskip("imblearn.utils.estimator_checks")
_mark = imblearn_checks.parametrize_with_checks(
    [SMOTEN(categorical_features="all", random_state=0)]
)


@pytest.mark.parametrize(_mark.args[0], list(_mark.args[1]), **_mark.kwargs)
def test_imblearn_compatible_estimator(estimator, check):
    check(estimator)


def test_imblearn_string_check():
    # imbalanced-learn runs this check only for samplers tagged ``string``; SMOTEN is tagged
    # like scikit-learn's OneHotEncoder (categorical, not string), so it is run here directly
    imblearn_checks.check_samplers_string("SMOTEN", SMOTEN(random_state=0))


def test_default_treats_every_column_as_nominal_as_imblearn():
    """imbalanced-learn's SMOTEN takes integer codes, numbers and sparse input as categories."""
    import scipy.sparse as sp
    from imblearn.over_sampling import SMOTEN as Theirs
    from sklearn.preprocessing import OrdinalEncoder

    rng = np.random.default_rng(0)
    X = rng.integers(0, 4, size=(120, 3))
    y = np.array([0] * 90 + [1] * 30)
    ours = SMOTEN(random_state=0)
    X_res, y_res = ours.fit_resample(X, y)
    X_ref, y_ref = Theirs(random_state=0).fit_resample(X, y)
    assert X_res.shape == X_ref.shape and np.bincount(y_res).tolist() == [90, 90]
    assert np.bincount(y_ref).tolist() == [90, 90]
    assert X_res.dtype == X.dtype and set(np.unique(X_res)) <= set(np.unique(X))
    assert isinstance(ours.categorical_encoder_, OrdinalEncoder)
    assert [c.tolist() for c in ours.categorical_encoder_.categories_] == [[0, 1, 2, 3]] * 3
    X_sp, _ = SMOTEN(random_state=0).fit_resample(sp.csr_matrix(X), y)
    np.testing.assert_array_equal(X_sp.toarray(), X_res)
    positional = SMOTEN(OrdinalEncoder(dtype=np.int64), random_state=0)
    positional.fit_resample(X, y)
    assert positional.categorical_encoder_.dtype is np.int64
