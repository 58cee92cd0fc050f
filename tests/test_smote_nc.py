"""SMOTE-NC (paper section 6.1): the rules on hand-made data, containers, bad input, checks."""

from __future__ import annotations

import re
import time
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.utils.estimator_checks import parametrize_with_checks

from smotekit import (
    SMOTE,
    SMOTENC,
    InvalidInputError,
    InvalidParameterError,
    NonNumericFeatureError,
    SmotekitError,
)
from smotekit.samplers.interpolation import InterpolationSampler
from smotekit.samplers.smote_nc import median_std, one_hot_space

N_MAJ, N_MIN = 30, 12


class Spy(SMOTENC):
    """SMOTENC that records each class's rows and neighbour table (to test the search)."""

    def nominal_codes(self, ctx, base, rng):
        self.seen_ = getattr(self, "seen_", {})
        self.seen_[ctx.label] = (ctx.rows, ctx.neighbors.copy())
        return super().nominal_codes(ctx, base, rng)


def raises(exc, *words):
    pattern = "".join(f"(?=.*{re.escape(w)})" for w in words)
    return pytest.raises(exc, match=re.compile(pattern, re.IGNORECASE | re.DOTALL))


def paper_sqdist(Xc: np.ndarray, codes: np.ndarray, med: float) -> np.ndarray:
    """The paper's squared distance, written out: Euclidean + Med^2 per differing nominal."""
    cont = ((Xc[:, None, :] - Xc[None, :, :]) ** 2).sum(axis=2)
    mismatches = (codes[:, None, :] != codes[None, :, :]).sum(axis=2)
    return cont + med**2 * mismatches


def assert_k_nearest(neighbors: np.ndarray, d2: np.ndarray) -> None:
    """Each row's neighbours are k rows at the k smallest distances, never the row itself."""
    n, _k = neighbors.shape
    for i in range(n):
        others = np.delete(np.arange(n), i)
        assert i not in neighbors[i]
        chosen = d2[i, neighbors[i]]
        assert np.all(np.diff(chosen) >= -1e-9)  # nearest first
        rest = np.setdiff1d(others, neighbors[i])
        if rest.size:
            assert chosen.max() <= d2[i, rest].min() + 1e-9


@pytest.fixture
def mixed():
    """A data frame with every kind of column: float, int, category, object, string, bool."""
    rng = np.random.default_rng(7)
    n = N_MAJ + N_MIN
    X = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "count": rng.integers(0, 20, size=n),
            "colour": pd.Categorical(
                rng.choice(["red", "green", "blue"], n), categories=["red", "green", "blue", "x"]
            ),
            "shape": np.array(rng.choice(["sq", "tri"], n), dtype=object),
            "size": pd.array(rng.choice(["S", "M", "L"], n), dtype="string"),
            "flag": rng.random(n) > 0.5,
            "w": rng.normal(size=n) * 10,
        },
        index=pd.Index([f"row{i}" for i in range(n)], name="id"),
    )
    # pandas 3 reads an array of strings as its 'str' dtype: make 'shape' a true object column,
    # and add a nullable boolean one
    X["shape"] = X["shape"].astype(object)
    X.insert(6, "ok", pd.array(rng.random(n) > 0.3, dtype="boolean"))
    y = pd.Series(np.array(["maj"] * N_MAJ + ["min"] * N_MIN)[rng.permutation(n)], name="cls")
    y.index = X.index
    return X, y


# ---- the paper's rules ------------------------------------------------------------------------
def test_is_an_interpolation_sampler_on_the_shared_path():
    assert issubclass(SMOTENC, InterpolationSampler)
    assert SMOTENC.decide.__qualname__ == "SMOTENC.decide"  # only records Med, then super


def test_med_is_the_median_of_the_class_standard_deviations():
    rng = np.random.default_rng(0)
    n = 60
    X = np.column_stack(
        [rng.integers(0, 3, n), rng.normal(size=n), rng.normal(size=n) * 5, rng.random(n) * 9]
    )
    y = np.array([0] * 30 + [1] * 18 + [2] * 12)
    sampler = SMOTENC(categorical_features=[0], random_state=0).fit(X, y)
    sampler.fit_resample(X, y)
    assert set(sampler.median_std_) == {1, 2}  # per class over-sampled
    for cls in (1, 2):
        stds = [np.sqrt(np.mean((c - c.mean()) ** 2)) for c in X[y == cls][:, 1:].T]
        assert sampler.median_std_[cls] == pytest.approx(sorted(stds)[1], rel=1e-12)
    assert median_std(np.array([[0.0, 0.0, 0.0], [2.0, 4.0, 6.0]])) == 2.0


def test_one_hot_space_distance_is_the_paper_distance():
    rng = np.random.default_rng(1)
    Xc = rng.normal(size=(25, 3))
    codes = rng.integers(0, 4, size=(25, 2))
    med = 0.7
    space = one_hot_space(Xc, codes, med)
    d2 = ((space[:, None, :] - space[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_allclose(d2, paper_sqdist(Xc, codes, med), atol=1e-12)
    # the sparse form (used for very wide classes) is the same space
    from smotekit.samplers import smote_nc

    old = smote_nc._DENSE_CELLS
    smote_nc._DENSE_CELLS = 0
    try:
        sparse = one_hot_space(Xc, codes, med)
    finally:
        smote_nc._DENSE_CELLS = old
    assert sp.issparse(sparse)
    np.testing.assert_allclose(sparse.toarray(), space)


def _three_rows_example(spread_columns: np.ndarray):
    """Minority rows r0=(0,'p'), r1=(1.0,'q'), r2=(1.2,'p'), r3=(3,'p'), r4=(4,'q').

    In the continuous column alone r1 is r0's nearest row (1.0 < 1.2); with a nominal
    mismatch costing Med^2, r2 is nearer as soon as Med^2 > 0.44.
    """
    a = np.array([0.0, 1.0, 1.2, 3.0, 4.0])
    nominal = np.array(["p", "q", "p", "p", "q"], dtype=object)
    minority = np.column_stack([a, spread_columns, nominal]).astype(object)
    rng = np.random.default_rng(3)
    majority = np.column_stack(
        [
            rng.normal(50, 1, 8),
            rng.normal(50, 1, (8, spread_columns.shape[1])),
            rng.choice(["p", "q"], 8),
        ]
    ).astype(object)
    X = np.vstack([minority, majority])
    y = np.array([1] * 5 + [0] * 8)
    return X, y


def test_a_nominal_mismatch_adds_med_squared_to_the_distance():
    # one more continuous column spread like the first: Med = std of a = 1.5, Med^2 = 2.25
    X, y = _three_rows_example(np.array([[0.0], [1.0], [1.2], [3.0], [4.0]]) * 1.0)
    sampler = SMOTENC(categorical_features=[2], k_neighbors=1, percentage=200, random_state=0)
    sampler.fit_resample(X, y)
    med = sampler.median_std_[1]
    assert med**2 > 0.44
    rec = sampler.provenance_
    assert rec.neighbor[rec.base == 0].tolist() == [2, 2]


def test_with_med_zero_nominal_features_do_not_count():
    # two constant continuous columns: Med = median(std_a, 0, 0) = 0, so r1 is nearest again
    X, y = _three_rows_example(np.zeros((5, 2)))
    sampler = SMOTENC(categorical_features=[3], k_neighbors=1, percentage=200, random_state=0)
    sampler.fit_resample(X, y)
    assert sampler.median_std_[1] == 0.0
    rec = sampler.provenance_
    assert rec.neighbor[rec.base == 0].tolist() == [1, 1]


def test_neighbours_are_the_k_nearest_by_the_paper_distance():
    rng = np.random.default_rng(11)
    n = 80
    X = pd.DataFrame(
        {
            "a": rng.normal(size=n),
            "b": rng.normal(size=n) * 3,
            "c1": rng.choice(list("uvw"), n),
            "c2": rng.choice(list("xy"), n),
        }
    )
    y = np.array([0] * 50 + [1] * 30)
    spy = Spy(random_state=0)
    spy.fit_resample(X, y)
    rows, neighbors = spy.seen_[1]
    Xc = X[["a", "b"]].to_numpy()[rows]
    codes = np.column_stack([pd.factorize(X[c])[0] for c in ("c1", "c2")])[rows]
    assert_k_nearest(neighbors, paper_sqdist(Xc, codes, spy.median_std_[1]))


def test_nominal_value_is_the_majority_of_the_k_neighbours_not_the_base():
    # minority: a base row with a unique nominal value 'z' and its 3 nearest rows holding
    # 'a', 'a', 'b' (then far-away rows): every synthetic row made from it gets 'a'
    cont = np.array([0.0, 0.1, 0.2, 0.3, 10.0, 11.0, 12.0, 13.0])
    nominal = ["z", "a", "a", "b", "b", "b", "b", "b"]
    X = pd.DataFrame({"v": cont, "w": cont * 2, "n": nominal})
    X = pd.concat(
        [X, pd.DataFrame({"v": np.arange(20.0) + 100, "w": np.arange(20.0), "n": ["a"] * 20})],
        ignore_index=True,
    )
    y = np.array([1] * 8 + [0] * 20)
    sampler = SMOTENC(k_neighbors=3, percentage=500, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    rec = sampler.provenance_
    from_base = X_res.iloc[rec.first_row :]["n"].to_numpy()[rec.base == 0]
    assert from_base.size == 5
    assert set(from_base) == {"a"}


def test_every_voted_value_is_a_most_frequent_value_of_the_neighbours():
    rng = np.random.default_rng(13)
    n = 120
    X = np.column_stack(
        [rng.normal(size=(n, 2)), rng.integers(0, 3, n), rng.integers(0, 5, n)]
    ).astype(float)
    y = np.array([0] * 70 + [1] * 50)
    spy = Spy(categorical_features=[2, 3], k_neighbors=4, random_state=1)
    X_res, _ = spy.fit_resample(X, y)
    rows, neighbors = spy.seen_[1]
    rec = spy.provenance_
    local = np.searchsorted(rows, rec.base)
    for s_row, b in enumerate(local):
        for col in (2, 3):
            counts = Counter(X[rows[neighbors[b]], col].tolist())
            best = max(counts.values())
            assert counts[X_res[n + s_row, col]] == best


def test_vote_ties_are_broken_by_the_seeded_generator():
    # base row 0's two nearest neighbours hold 'a' and 'b': a tie, drawn per synthetic row
    cont = np.array([0.0, 0.1, -0.1, 5.0, 5.1, 5.2])
    X = np.column_stack([cont, cont, ["c", "a", "b", "c", "c", "c"]]).astype(object)
    X = np.vstack([X, np.column_stack([np.arange(20.0), np.arange(20.0), ["c"] * 20])])
    y = np.array([1] * 6 + [0] * 20)
    results = []
    for seed in (0, 0, 1):
        sampler = SMOTENC(
            categorical_features=[2], k_neighbors=2, percentage=4000, random_state=seed
        )
        X_res, _ = sampler.fit_resample(X, y)
        rec = sampler.provenance_
        results.append(X_res[rec.first_row :][rec.base == 0, 2].tolist())
    assert results[0] == results[1]  # same seed, same draws
    assert set(results[0]) == {"a", "b"}  # both tied values occur
    assert results[0] != results[2]


def test_continuous_part_lies_on_the_segment_base_neighbour():
    rng = np.random.default_rng(5)
    n = 60
    X = np.column_stack([rng.normal(size=(n, 3)), rng.integers(0, 3, (n, 2))])
    y = np.array([0] * 40 + [1] * 20)
    sampler = SMOTENC(categorical_features=[3, 4], random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    rec = sampler.provenance_
    new = X_res[n:, :3]
    gap = rec.gaps()
    assert np.all((gap >= 0) & (gap <= 1))
    expected = X[rec.base, :3] + gap[:, None] * (X[rec.neighbor, :3] - X[rec.base, :3])
    np.testing.assert_allclose(new, expected, rtol=1e-12, atol=1e-12)
    # box mode: every continuous coordinate within the box of base and neighbour
    X_box, _ = SMOTENC(categorical_features=[3, 4], gap="box", random_state=0).fit_resample(X, y)
    box = SMOTENC(categorical_features=[3, 4], gap="box", random_state=0)
    box.fit_resample(X, y)
    r = box.provenance_
    lo = np.minimum(X[r.base, :3], X[r.neighbor, :3])
    hi = np.maximum(X[r.base, :3], X[r.neighbor, :3])
    assert np.all((X_box[n:, :3] >= lo - 1e-12) & (X_box[n:, :3] <= hi + 1e-12))


def test_with_a_constant_nominal_column_it_is_smote_bit_for_bit():
    # a constant nominal column adds nothing to any distance and its vote never ties, so
    # the continuous part is exactly SMOTE's on the continuous columns (same random stream;
    # in box mode the streamed gaps also cover the nominal column, so only segment mode)
    rng = np.random.default_rng(2)
    n = 70
    Xc = rng.normal(size=(n, 4))
    y = np.array([0] * 40 + [1] * 18 + [2] * 12)
    X = pd.DataFrame(Xc, columns=list("abcd")).assign(k=pd.Categorical(["same"] * n))
    for params in ({}, {"allocation": "random"}, {"percentage": 250}):
        X_nc, y_nc = SMOTENC(random_state=3, **params).fit_resample(X, y)
        X_s, y_s = SMOTE(random_state=3, **params).fit_resample(Xc, y)
        assert X_nc[list("abcd")].to_numpy().tobytes() == X_s.tobytes()
        np.testing.assert_array_equal(y_nc, y_s)
        assert (X_nc["k"] == "same").all()


def test_integer_columns_rounded_or_float():
    rng = np.random.default_rng(4)
    n = 40
    X = pd.DataFrame({"i": rng.integers(0, 100, n), "f": rng.normal(size=n), "c": ["u", "v"] * 20})
    y = np.array([0] * 28 + [1] * 12)
    X_res, _ = SMOTENC(random_state=0).fit_resample(X, y)
    assert X_res["i"].dtype == np.int64
    X_flt, _ = SMOTENC(random_state=0, integer_columns="float").fit_resample(X, y)
    assert X_flt["i"].dtype == np.float64 and X_flt["c"].dtype == X["c"].dtype
    assert not np.all(X_flt["i"].to_numpy()[n:] == np.rint(X_flt["i"].to_numpy()[n:]))
    np.testing.assert_array_equal(X_flt["i"].to_numpy()[:n], X["i"].to_numpy())


# ---- categorical_features forms -------------------------------------------------------------
def test_every_form_of_categorical_features_gives_the_same_result(mixed):
    X, y = mixed
    nominal = ["colour", "shape", "size", "flag", "ok"]
    positions = [X.columns.get_loc(c) for c in nominal]
    mask = np.isin(X.columns, nominal)
    forms = [
        "auto",
        nominal,
        tuple(nominal),
        np.array(nominal),
        np.array(nominal, dtype=object),
        pd.Index(nominal),
        positions,
        np.array(positions),  # imbalanced-learn's issue 1217: must not crash
        np.array(positions, dtype=np.int32),
        [p - X.shape[1] for p in positions],  # negative positions
        positions[::-1] + positions[:1],  # order and repeats do not matter
        mask.tolist(),
        mask,
    ]
    ref_X, ref_y = SMOTENC(random_state=0).fit_resample(X, y)
    for form in forms:
        sampler = SMOTENC(categorical_features=form, random_state=0)
        X_res, y_res = sampler.fit_resample(X, y)
        pd.testing.assert_frame_equal(X_res, ref_X)
        pd.testing.assert_series_equal(y_res, ref_y)
        assert sampler.categorical_features_.tolist() == sorted(positions)
        assert sampler.continuous_features_.tolist() == [0, 1, 7]


def test_positions_and_masks_on_numpy_and_sparse():
    rng = np.random.default_rng(8)
    n = 50
    X = np.column_stack([rng.integers(0, 4, n), rng.normal(size=(n, 2)), rng.integers(0, 2, n)])
    y = np.array([0] * 35 + [1] * 15)
    ref, _ = SMOTENC(categorical_features=[0, 3], random_state=0).fit_resample(X, y)
    for form in (
        [0, 3],
        np.array([0, 3]),
        [True, False, False, True],
        np.array([1, 0, 0, 1], bool),
    ):
        for data in (X, sp.csr_matrix(X), sp.csc_array(X), X.tolist()):
            out, _ = SMOTENC(categorical_features=form, random_state=0).fit_resample(data, y)
            dense = out.toarray() if sp.issparse(out) else np.asarray(out)
            np.testing.assert_array_equal(dense, ref)
    assert (
        type(SMOTENC(categorical_features=[0]).fit_resample(sp.csc_array(X), y)[0]) is sp.csc_array
    )
    # nominal columns take only values seen in the class; here the codes 0..3 and 0..1
    assert set(np.unique(ref[n:, 0])) <= set(np.unique(X[y == 1, 0]))
    assert set(np.unique(ref[n:, 3])) <= set(np.unique(X[y == 1, 3]))


# ---- containers ---------------------------------------------------------------------------------
def test_pandas_dtypes_categories_index_and_originals_kept(mixed):
    X, y = mixed
    before = X.copy()
    X_res, y_res = SMOTENC(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X, before)  # input untouched
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert list(X_res["colour"].cat.categories) == ["red", "green", "blue", "x"]
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)  # originals bit-identical
    assert X_res.index[: len(X)].equals(X.index)
    assert not set(X_res.index[len(X) :]) & set(X.index)
    assert y_res.index.equals(X_res.index) and y_res.name == "cls"
    assert Counter(y_res) == {"maj": N_MAJ, "min": N_MAJ}
    new = X_res.iloc[len(X) :]
    minority = X[y == "min"]
    for col in ("colour", "shape", "size", "flag", "ok"):
        assert set(new[col]) <= set(minority[col])
    assert new["count"].dtype == np.int64


def test_numpy_object_array_stays_object_with_the_same_objects(mixed):
    X, y = mixed
    X_obj = X.to_numpy(dtype=object)
    y_np = y.to_numpy()
    X_res, y_res = SMOTENC(random_state=0).fit_resample(X_obj, y_np)
    X_df, _ = SMOTENC(random_state=0).fit_resample(X, y)
    assert X_res.dtype == object and isinstance(y_res, np.ndarray)
    assert all(X_res[i, j] is X_obj[i, j] for i in range(len(X_obj)) for j in range(X.shape[1]))
    # 'auto' on an object array: a column is nominal unless all its values are numbers
    for j, col in enumerate(X.columns):
        got = X_res[len(X) :, j]
        want = X_df[col].to_numpy()[len(X) :]
        if col in ("x", "w"):
            np.testing.assert_allclose(got.astype(float), want)
        else:
            assert list(got) == list(want)
    assert all(type(v) is int for v in X_res[len(X) :, 1])  # integer column rounded, int


def test_polars_schema_kept():
    pl = pytest.importorskip("polars")
    rng = np.random.default_rng(9)
    n = 40
    X = pl.DataFrame(
        {
            "v": rng.normal(size=n),
            "i": rng.integers(0, 9, n),
            "s": rng.choice(["a", "b"], n).tolist(),
            "c": pl.Series(rng.choice(["x", "y", "z"], n).tolist(), dtype=pl.Categorical),
            "e": pl.Series(
                rng.choice(["lo", "hi"], n).tolist(), dtype=pl.Enum(["lo", "mid", "hi"])
            ),
            "b": (rng.random(n) > 0.5).tolist(),
        }
    )
    y = pl.Series("y", [0] * 28 + [1] * 12)
    X_res, y_res = SMOTENC(random_state=0).fit_resample(X, y)
    assert isinstance(X_res, pl.DataFrame) and isinstance(y_res, pl.Series)
    assert X_res.schema == X.schema
    assert X_res.head(n).equals(X)
    assert X_res.height == 56 and y_res.to_list().count(1) == 28
    ref, _ = SMOTENC(random_state=0).fit_resample(X.to_pandas(), y.to_numpy())
    assert X_res.tail(16)["s"].to_list() == ref["s"].tolist()[n:]


def test_list_in_list_out():
    rng = np.random.default_rng(10)
    X = [
        [float(v), str(c)]
        for v, c in zip(rng.normal(size=40), rng.choice(["p", "q"], 40), strict=True)
    ]
    y = [0] * 28 + [1] * 12
    X_res, _ = SMOTENC(random_state=0).fit_resample(X, y)
    assert isinstance(X_res, list) and X_res[:40] == X
    assert {row[1] for row in X_res[40:]} <= {"p", "q"}
    assert all(isinstance(row[0], float) for row in X_res[40:])


def test_deterministic_for_a_seed_and_exact_counts(mixed):
    X, y = mixed
    a = SMOTENC(random_state=42).fit_resample(X, y)
    b = SMOTENC(random_state=42).fit_resample(X, y)
    c = SMOTENC(random_state=43).fit_resample(X, y)
    pd.testing.assert_frame_equal(a[0], b[0])
    assert not a[0].equals(c[0])
    _, y_res = SMOTENC(sampling_strategy={"min": 25}, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"maj": N_MAJ, "min": 25}
    _, y_res = SMOTENC(percentage=200, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"maj": N_MAJ, "min": 3 * N_MIN}


# ---- bad input ----------------------------------------------------------------------------------
def test_bad_categorical_features(mixed):
    X, y = mixed
    with raises(InvalidParameterError, "'nope'", "does not have", "'colour'", "'shape'"):
        SMOTENC(categorical_features=["colour", "nope"]).fit_resample(X, y)
    with raises(InvalidParameterError, "index 8", "out of range", "8 feature(s)"):
        SMOTENC(categorical_features=[2, 8]).fit_resample(X, y)
    with raises(InvalidParameterError, "index -9", "out of range"):
        SMOTENC(categorical_features=np.array([-9])).fit_resample(X, y)
    with raises(InvalidParameterError, "mask of length 3", "8 feature(s)"):
        SMOTENC(categorical_features=[True, False, True]).fit_resample(X, y)
    with raises(InvalidParameterError, "mixes"):
        SMOTENC(categorical_features=[2, "shape"]).fit_resample(X, y)
    with raises(InvalidParameterError, "'colour'", "pass a list"):
        SMOTENC(categorical_features="colour").fit_resample(X, y)
    for bad in (None, 3, 2.5, {"a": 1}, [[2, 3]]):
        with pytest.raises(InvalidParameterError, match="categorical_features"):
            SMOTENC(categorical_features=bad).fit_resample(X, y)
    with raises(InvalidParameterError, "no column names", "position"):
        SMOTENC(categorical_features=["a"]).fit_resample(np.zeros((10, 2)), [0] * 5 + [1] * 5)


def test_all_nominal_points_to_smoten_and_none_points_to_smote(mixed):
    X, y = mixed
    with raises(InvalidInputError, "all of them nominal", "SMOTEN"):
        SMOTENC(categorical_features="all").fit_resample(X, y)
    with raises(InvalidInputError, "all of them nominal", "SMOTEN"):
        SMOTENC().fit_resample(X[["colour", "shape"]], y)
    with raises(InvalidInputError, "found no nominal column", "SMOTE"):
        SMOTENC().fit_resample(X[["x", "w"]], y)
    with raises(InvalidInputError, "found no nominal column", "smotekit.SMOTE"):
        SMOTENC().fit_resample(np.random.default_rng(0).normal(size=(42, 3)), y.to_numpy())
    with raises(InvalidInputError, "selects no column", "SMOTE"):
        SMOTENC(categorical_features=[]).fit_resample(X, y)


def test_missing_and_odd_nominal_values_name_the_column(mixed):
    X, y = mixed
    for col, missing in (("shape", None), ("shape", np.nan), ("size", pd.NA), ("colour", np.nan)):
        bad = X.copy()
        bad.loc[bad.index[3], col] = missing
        with raises(InvalidInputError, f"'{col}'", "missing", "row(s) [3]"):
            SMOTENC(random_state=0).fit_resample(bad, y)
    Xn = np.column_stack([[0.0, 1.0, np.nan, 1.0] * 5, np.arange(20.0)])
    y20 = [0] * 12 + [1] * 8
    with raises(InvalidInputError, "'column 0'", "missing", "NaN"):
        SMOTENC(categorical_features=[0]).fit_resample(Xn, y20)
    Xn[:, 0] = np.nan_to_num(Xn[:, 0], nan=2.0)
    Xn[2, 0] = np.inf
    with raises(InvalidInputError, "'column 0'", "inf"):
        SMOTENC(categorical_features=[0]).fit_resample(Xn, y20)
    Xo = np.array([[{"a": 1}, 1.0]] + [["u", float(i)] for i in range(19)], dtype=object)
    with pytest.raises(TypeError, match=r"argument must be .* string.* number") as info:
        SMOTENC(categorical_features=[0]).fit_resample(Xo, y20)
    assert isinstance(info.value, InvalidInputError) and "'column 0'" in str(info.value)


def test_continuous_columns_must_be_numeric(mixed):
    X, y = mixed
    with raises(NonNumericFeatureError, "'shape'", "categorical_features"):
        SMOTENC(categorical_features=["colour"]).fit_resample(X, y)
    Xo = np.array([["a", "x"], ["b", "y"]] * 10, dtype=object)
    with raises(NonNumericFeatureError, "'column 1'", "numbers"):
        SMOTENC(categorical_features=[0]).fit_resample(Xo, [0] * 12 + [1] * 8)
    bad = X.copy()
    bad.loc[bad.index[0], "x"] = np.nan
    with raises(InvalidInputError, "'x'", "NaN"):
        SMOTENC().fit_resample(bad, y)


def test_errors_are_smotekit_errors(mixed):
    X, y = mixed
    with pytest.raises(SmotekitError):
        SMOTENC(categorical_features=["nope"]).fit_resample(X, y)
    with pytest.raises(ValueError):
        SMOTENC(categorical_features="all").fit_resample(X, y)


# ---- real data ----------------------------------------------------------------------------------
def test_credit_g_balanced_values_seen_dtypes_kept_and_imblearn_counts(data_dir):
    df = pd.read_csv(data_dir / "credit_g.csv")
    X, y = df.drop(columns="label"), df["label"]
    nominal = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    assert len(nominal) == 13 and Counter(y) == {"good": 700, "bad": 300}
    start = time.perf_counter()
    X_res, y_res = SMOTENC(categorical_features="auto", random_state=0).fit_resample(X, y)
    ours = time.perf_counter() - start
    assert Counter(y_res) == {"good": 700, "bad": 700}
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    pd.testing.assert_frame_equal(X_res.iloc[:1000], X)
    new = X_res.iloc[1000:]
    bad = X[y == "bad"]
    for col in nominal:
        assert set(new[col]) <= set(bad[col])  # only values the class holds
    for col in X.columns.difference(nominal):
        assert new[col].between(bad[col].min(), bad[col].max()).all()
    imblearn = pytest.importorskip("imblearn.over_sampling")
    start = time.perf_counter()
    _, y_imb = imblearn.SMOTENC(categorical_features=nominal, random_state=0).fit_resample(X, y)
    theirs = time.perf_counter() - start
    assert Counter(y_imb) == Counter(y_res)
    print(f"credit_g SMOTENC: smotekit {ours:.3f}s, imbalanced-learn {theirs:.3f}s")


@pytest.mark.parametrize("module", ["smotekit.samplers.smote_nc", "smotekit.door.nominal"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ---- estimator checks ---------------------------------------------------------------------------
# SMOTENC needs to be told its nominal columns (the checks' data are numpy arrays of floats):
# column 0 is nominal, the rest continuous. No check is excluded.
@parametrize_with_checks([SMOTENC(categorical_features=[0])])
def test_sklearn_compatible_estimator(estimator, check, monkeypatch):
    monkeypatch.setenv("SCIPY_ARRAY_API", "1")
    check(estimator)


imblearn_checks = pytest.importorskip("imblearn.utils.estimator_checks")
_mark = imblearn_checks.parametrize_with_checks([SMOTENC(categorical_features=[0], random_state=0)])


@pytest.mark.parametrize(_mark.args[0], list(_mark.args[1]), **_mark.kwargs)
def test_imblearn_compatible_estimator(estimator, check):
    check(estimator)


def test_categorical_features_can_be_passed_positionally_as_in_imbalanced_learn():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=60), rng.integers(0, 3, size=60), rng.normal(size=60)])
    y = np.r_[np.zeros(45, dtype=int), np.ones(15, dtype=int)]
    positional = SMOTENC([1], random_state=0).fit_resample(X, y)
    keyword = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(positional[0], keyword[0])
    assert SMOTENC([1]).get_params()["categorical_features"] == [1]
