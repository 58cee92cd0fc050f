"""LVQSMOTE (Nakamura et al. 2013, as smote-variants approximates it): every new row checked
against a brute-force re-computation from the fitted codebook, and the sampler contract.

For each new row the checks recompute, with plain numpy over all pairs and all rows: the
pair of codebook vectors disjoint from the drawn pair whose offset is nearest to the drawn
pair's (the first in row-major order on a tie), the rows of the class nearest to the
codebook vector the base row is taken from, and the row itself, ``base + (c_a - c_s)``.
The codebook is checked to be a k-means codebook of the class: each vector is (up to
k-means' tolerance) the mean of the rows nearest to it.
"""

from __future__ import annotations

import itertools
import pickle
import threading
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification

from smotekit import InvalidParameterError, SmotekitWarning
from smotekit.samplers.lvq_smote import LVQSMOTE, _matched_pairs


def data(seed: int = 0, n: int = 400, weights=(0.8,), n_classes: int = 2, d: int = 4):
    return make_classification(
        n_samples=n,
        n_features=d,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=2 if n_classes == 2 else 1,
        weights=list(weights),
        flip_y=0.02,
        random_state=seed,
    )


def new_rows_by_class(sampler):
    """``{class: slice of the new rows}``: class by class, in ``sampling_strategy_`` order."""
    out, start = {}, 0
    for cls in sampler.codebook_:
        stop = start + sampler.sampling_strategy_[cls]
        out[cls] = slice(start, stop)
        start = stop
    assert start == sampler.bases_.shape[0] == sampler.pairs_.shape[0]
    return out


def brute_match(C, a, b):
    """All disjoint ordered pairs (i, j), i != j, in row-major order, with the distance of
    their offset to ``c_a - c_b``."""
    pairs = [
        (i, j)
        for i, j in itertools.product(range(len(C)), repeat=2)
        if i != j and not {i, j} & {a, b}
    ]
    target = C[a] - C[b]
    dist = np.array([np.sqrt(((target - (C[i] - C[j])) ** 2).sum()) for i, j in pairs])
    return pairs, dist


def assert_lvq_rows(sampler, X, y, X_res, y_res, k, *, exact=True):
    """Every new row of the output against the brute-force re-computation (float X).

    ``exact``: the new row equals ``X[base] + (c_a - c_s)`` bit for bit (float64 output);
    otherwise to the output dtype's precision.
    """
    X = np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)
    y = np.asarray(y)
    out = X_res.toarray() if sp.issparse(X_res) else np.asarray(X_res)
    new = out[len(y) :]
    np.testing.assert_array_equal(np.asarray(y_res)[len(y) :], y[sampler.bases_])
    for cls, part in new_rows_by_class(sampler).items():
        C = sampler.codebook_[cls]
        rows = np.flatnonzero(y == cls)
        m = C.shape[0]
        assert m >= 4
        # a k-means codebook of the class: distinct vectors within the class's range, each
        # (to k-means' tolerance) the mean of the rows nearest to it
        assert np.unique(C, axis=0).shape[0] == m
        low, high = X[rows].min(axis=0), X[rows].max(axis=0)
        assert ((low <= C) & (high >= C)).all()
        to_code = ((X[rows][:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
        cell = to_code.argmin(axis=1)
        spread = X[rows].std(axis=0).max()
        for q in range(m):
            assert (cell == q).any()
            np.testing.assert_allclose(C[q], X[rows][cell == q].mean(axis=0), atol=0.05 * spread)
        pairs, sources, bases = sampler.pairs_[part], sampler.sources_[part], sampler.bases_[part]
        assert (y[bases] == cls).all()
        for (a, b, i, j), s, base in zip(pairs, sources, bases, strict=True):
            assert a != b and i != j and not {i, j} & {a, b} and s in (i, j)
            candidates, dist = brute_match(C, a, b)
            chosen = dist[candidates.index((i, j))]
            best = dist.min()
            assert chosen <= best * (1 + 1e-9) + 1e-300, "a disjoint pair nearer in offset"
            runner_up = np.sort(dist)[1] if dist.size > 1 else np.inf
            if runner_up > best * (1 + 1e-6) + 1e-300:  # no near tie: the pair itself
                assert (i, j) == candidates[int(dist.argmin())]
            # the base row is among the k rows of the class nearest to c_s
            to_s = np.sqrt(((X[rows] - C[s]) ** 2).sum(axis=1))
            kth = np.sort(to_s)[min(k, rows.size) - 1]
            assert np.sqrt(((X[base] - C[s]) ** 2).sum()) <= kth * (1 + 1e-9) + 1e-300
        expected = X[bases] + (C[pairs[:, 0]] - C[sources])
        if exact:
            np.testing.assert_array_equal(new[part], expected)
        else:
            np.testing.assert_array_equal(new[part], expected.astype(out.dtype))
    np.testing.assert_array_equal(
        sampler.offsets_,
        np.concatenate(
            [np.zeros((0, X.shape[1]))]
            + [
                sampler.codebook_[c][sampler.pairs_[p, 0]]
                - sampler.codebook_[c][sampler.sources_[p]]
                for c, p in new_rows_by_class(sampler).items()
            ]
        ),
    )


# ---- the defining property -----------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "params",
    [{}, {"k_neighbors": 2, "n_clusters": 4}, {"k_neighbors": 8, "n_clusters": 7}],
)
def test_every_new_row_is_its_base_row_moved_by_the_matched_offset(seed, params):
    X, y = data(seed)
    sampler = LVQSMOTE(random_state=seed, **params)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: (y == 0).sum(), 1: (y == 0).sum()}
    np.testing.assert_array_equal(X_res[: len(y)], X)
    assert sampler.codebook_[1].shape == (params.get("n_clusters", 10), X.shape[1])
    assert_lvq_rows(sampler, X, y, X_res, y_res, params.get("k_neighbors", 5))
    # new rows leave the segments between rows: not SMOTE
    assert not np.isin(X_res[len(y) :], X).all(axis=1).any()


def test_draws_cover_every_pair_and_both_ends_of_the_match():
    X, y = data(3, n=2000, weights=(0.9,))
    sampler = LVQSMOTE(random_state=0, n_clusters=5)
    sampler.fit_resample(X, y)
    a, b, i, _ = sampler.pairs_.T
    drawn = Counter(zip(a.tolist(), b.tolist(), strict=True))
    assert len(drawn) == 5 * 4  # every ordered pair of distinct vectors
    n = a.size
    assert min(drawn.values()) > n / 20 / 2
    side = sampler.sources_ == i
    assert abs(side.mean() - 0.5) < 0.1  # s is i or j, evenly


def test_ties_go_to_the_first_pair_in_row_major_order():
    """A class on a 2 x 3 grid (each point 3 times): the codebook is the grid, and many
    disjoint pairs repeat an offset exactly; the first of them in (i, j) order is taken."""
    grid = np.array([[x, z] for x in (0.0, 1.0) for z in (0.0, 1.0, 2.0)])
    minority = np.repeat(grid, 3, axis=0)
    majority = np.random.default_rng(0).normal(size=(60, 2)) * 0.3 + [5.0, 5.0]
    X = np.vstack([majority, minority])
    y = np.r_[np.zeros(60, dtype=int), np.ones(18, dtype=int)]
    sampler = LVQSMOTE(random_state=1, n_clusters=6, k_neighbors=3)
    X_res, y_res = sampler.fit_resample(X, y)
    C = sampler.codebook_[1]
    np.testing.assert_array_equal(np.unique(C, axis=0), np.unique(grid, axis=0))
    ties = 0
    for a, b, i, j in sampler.pairs_:
        candidates, dist = brute_match(C, a, b)
        assert (i, j) == candidates[int(np.argmin(dist))]  # exact zeros: argmin is the first
        ties += int((dist == dist.min()).sum() > 1)
    assert ties > 20
    assert_lvq_rows(sampler, X, y, X_res, y_res, 3)
    # a base row is a copy of its codebook vector (its 3 nearest rows are the vector itself)
    np.testing.assert_array_equal(X[sampler.bases_], C[sampler.sources_])


@pytest.mark.parametrize("m", [4, 5, 6, 9])
@pytest.mark.parametrize("grid", [False, True])
@pytest.mark.parametrize("sparse", [False, True])
def test_the_pair_search_is_the_brute_force_argmin_for_every_drawn_pair(m, grid, sparse):
    """Every ordered pair (a, b) of random codebooks, against all disjoint pairs: on a small
    integer grid many offsets tie exactly, and the first in row-major order must win."""
    rng = np.random.default_rng(m)
    for _ in range(5):
        C = rng.integers(0, 3, size=(m, 2)).astype(float) if grid else rng.normal(size=(m, 3))
        if np.unique(C, axis=0).shape[0] < m:
            continue
        a, b = np.nonzero(~np.eye(m, dtype=bool))
        i, j = _matched_pairs(C, a, b, sparse, None)
        for q in range(a.size):
            candidates, dist = brute_match(C, a[q], b[q])
            assert (i[q], j[q]) == candidates[int(np.argmin(dist))]


# ---- counts and classes ----------------------------------------------------------------------
@pytest.mark.parametrize("strategy", ["auto", {1: 300, 2: 260}, "not majority"])
def test_exact_counts_three_classes_each_on_its_own_rows(strategy):
    X, y = data(0, n=600, weights=(0.6, 0.25), n_classes=3)
    sampler = LVQSMOTE(random_state=0, sampling_strategy=strategy)
    X_res, y_res = sampler.fit_resample(X, y)
    before = Counter(y.tolist())
    target = strategy if isinstance(strategy, dict) else {c: before[0] for c in (1, 2)}
    assert Counter(y_res.tolist()) == {0: before[0], **target}
    assert sorted(sampler.codebook_) == [1, 2]
    assert_lvq_rows(sampler, X, y, X_res, y_res, 5)


def test_binary_float_strategy_exact_count():
    X, y = data(4)
    _, y_res = LVQSMOTE(random_state=0, sampling_strategy=0.6).fit_resample(X, y)
    assert (y_res == 1).sum() == int(0.6 * (y == 0).sum())
    assert (y_res == 0).sum() == (y == 0).sum()


def test_nothing_to_add_leaves_the_data_and_empty_attributes():
    X, y = data(0, weights=(0.5,))
    y = np.r_[np.zeros(200, dtype=int), np.ones(200, dtype=int)]
    sampler = LVQSMOTE(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X)
    assert sampler.codebook_ == {} and sampler.bases_.shape == (0,)
    assert sampler.pairs_.shape == (0, 4) and sampler.offsets_.shape == (0, X.shape[1])


# ---- small classes, duplicates ---------------------------------------------------------------
def test_a_class_smaller_than_n_clusters_has_one_codebook_vector_per_row():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(40, 3)), rng.normal(size=(6, 3)) + 3])
    y = np.r_[np.zeros(40, dtype=int), np.ones(6, dtype=int)]
    sampler = LVQSMOTE(random_state=0, k_neighbors=10)  # k beyond the class: all its rows
    X_res, y_res = sampler.fit_resample(X, y)
    C = sampler.codebook_[1]
    np.testing.assert_array_equal(np.sort(C, axis=0), np.sort(X[y == 1], axis=0))
    assert_lvq_rows(sampler, X, y, X_res, y_res, 10)


def test_duplicated_rows_give_a_smaller_codebook_of_distinct_vectors():
    rng = np.random.default_rng(1)
    distinct = rng.normal(size=(6, 2)) * 3
    X = np.vstack([rng.normal(size=(80, 2)) + 20, np.repeat(distinct, 5, axis=0)])
    y = np.r_[np.zeros(80, dtype=int), np.ones(30, dtype=int)]
    sampler = LVQSMOTE(random_state=0, n_clusters=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: 6 vectors are enough
        X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.codebook_[1].shape[0] == 6
    assert_lvq_rows(sampler, X, y, X_res, y_res, 5)


@pytest.mark.parametrize(
    ("minority", "n_clusters", "says"),
    [
        (np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [2.0, 0.0]]), 10, "fewer than 4 distinct"),
        (np.repeat([[0.0, 0.0], [1.0, 1.0]], 6, axis=0), 10, "fewer than 4 distinct"),
        (np.array([[5.0, 5.0]]), 10, "fewer than 4 distinct"),
        (np.random.default_rng(0).normal(size=(12, 2)), 3, "n_clusters=3 asks for fewer"),
    ],
)
def test_fewer_than_four_codebook_vectors_give_copies_and_a_warning(minority, n_clusters, says):
    majority = np.random.default_rng(2).normal(size=(30, 2)) + 10
    X = np.vstack([majority, minority])
    y = np.r_[np.zeros(30, dtype=int), np.ones(len(minority), dtype=int)]
    sampler = LVQSMOTE(random_state=0, n_clusters=n_clusters, k_neighbors=2)
    with pytest.warns(SmotekitWarning, match=f"class 1 .*{says}.*copies of its rows"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 30
    new = X_res[len(y) :]
    np.testing.assert_array_equal(new, X[sampler.bases_])
    assert (y[sampler.bases_] == 1).all()
    assert (sampler.pairs_[:, 1:] == -1).all()
    np.testing.assert_array_equal(sampler.sources_, sampler.pairs_[:, 0])
    assert not sampler.offsets_.any()
    C = sampler.codebook_[1]
    assert C.shape[0] < 4
    rows = np.flatnonzero(y == 1)
    for s, base in zip(sampler.sources_, sampler.bases_, strict=True):
        to_s = np.sqrt(((X[rows] - C[s]) ** 2).sum(axis=1))
        assert np.sqrt(((X[base] - C[s]) ** 2).sum()) <= np.sort(to_s)[min(2, rows.size) - 1]


# ---- containers and dtypes ---------------------------------------------------------------------
def test_same_seed_same_rows_and_n_jobs_does_not_matter():
    X, y = data(5)
    first, _ = LVQSMOTE(random_state=7, n_jobs=1).fit_resample(X, y)
    again, _ = LVQSMOTE(random_state=7, n_jobs=2).fit_resample(X, y)
    other, _ = LVQSMOTE(random_state=8).fit_resample(X, y)
    assert first.tobytes() == again.tobytes()
    assert not np.array_equal(first, other)
    generator = np.random.default_rng(3)
    LVQSMOTE(random_state=generator).fit_resample(X, y)  # a Generator is taken and advanced


def test_float32_keeps_its_dtype_and_the_rows():
    X, y = data(6)
    X32 = X.astype(np.float32)
    sampler = LVQSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X32, y)
    assert X_res.dtype == np.float32
    assert_lvq_rows(sampler, X32, y, X_res, y_res, 5, exact=False)


def test_sparse_input_gives_the_dense_rows():
    X, y = data(7)
    X = np.where(np.abs(X) < 0.7, 0.0, X)
    dense = LVQSMOTE(random_state=0)
    X_dense, _ = dense.fit_resample(X, y)
    sparse = LVQSMOTE(random_state=0)
    X_sparse, y_sparse = sparse.fit_resample(sp.csr_matrix(X), y)
    assert sp.issparse(X_sparse) and X_sparse.format == "csr"
    np.testing.assert_array_equal(X_sparse.toarray(), X_dense)
    np.testing.assert_array_equal(sparse.bases_, dense.bases_)
    assert_lvq_rows(sparse, X, y, X_sparse, y_sparse, 5)


def test_wide_sparse_data_cluster_sparse_and_keep_the_property():
    """Past 2**22 values a class is clustered by scikit-learn's sparse k-means, not densified."""
    d, n_min, n_maj = 50_000, 90, 150
    X = sp.random(n_min + n_maj, d, density=0.001, format="csr", random_state=1) * 10
    assert n_min * d > 2**22
    y = np.r_[np.zeros(n_maj, dtype=int), np.ones(n_min, dtype=int)]
    sampler = LVQSMOTE(random_state=0, n_clusters=5, k_neighbors=3)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sp.issparse(X_res) and (y_res == 1).sum() == n_maj
    expected = X[sampler.bases_] + sp.csr_matrix(sampler.offsets_)
    assert abs(X_res[len(y) :] - expected).max() == 0
    C = sampler.codebook_[1]
    assert C.shape[0] == 5
    rows = np.flatnonzero(y == 1)
    Xm = X[rows].toarray()
    to_code = np.array([np.sqrt(((Xm - c) ** 2).sum(axis=1)) for c in C])  # (5, n_min)
    local = np.searchsorted(rows, sampler.bases_)
    for (a, b, i, j), s, base in zip(sampler.pairs_, sampler.sources_, local, strict=True):
        candidates, dist = brute_match(C, a, b)
        assert dist[candidates.index((i, j))] <= dist.min() * (1 + 1e-9)
        assert to_code[s, base] <= np.sort(to_code[s])[2] * (1 + 1e-9)


def test_pandas_integer_columns_are_rounded_and_keep_their_dtype():
    from smotekit.datasets import load_pima

    X, y = load_pima(return_X_y=True)
    sampler = LVQSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.dtypes) == list(X.dtypes)
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    assert Counter(y_res.tolist()) == {0: 500, 1: 500}
    expected = X.to_numpy(dtype=float)[sampler.bases_] + sampler.offsets_
    new = X_res.iloc[len(X) :]
    integer = (X.dtypes.map(lambda t: t.kind) == "i").to_numpy()
    assert integer.any() and not integer.all()
    np.testing.assert_array_equal(new.to_numpy(dtype=float)[:, ~integer], expected[:, ~integer])
    np.testing.assert_array_equal(
        new.to_numpy(dtype=float)[:, integer], np.rint(expected[:, integer])
    )
    as_float, _ = LVQSMOTE(random_state=0, integer_columns="float").fit_resample(X, y)
    assert (as_float.dtypes == np.float64).all()
    np.testing.assert_array_equal(as_float.to_numpy()[len(X) :], expected)


def test_integer_array_input_is_rounded_in_its_dtype():
    X, y = data(8)
    X_int = np.round(X * 10).astype(np.int32)
    sampler = LVQSMOTE(random_state=0)
    X_res, _ = sampler.fit_resample(X_int, y)
    assert X_res.dtype == np.int32
    expected = np.rint(X_int[sampler.bases_].astype(float) + sampler.offsets_)
    np.testing.assert_array_equal(X_res[len(y) :], expected)


def test_sample_weight_follows_the_base_row():
    X, y = data(9)
    weights = np.random.default_rng(0).uniform(1, 2, size=len(y))
    sampler = LVQSMOTE(random_state=0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    np.testing.assert_array_equal(w_res[: len(y)], weights)
    np.testing.assert_array_equal(w_res[len(y) :], weights[sampler.bases_])


def test_values_near_float64s_limit_stay_finite_and_scale_exactly():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(80, 3)) * 1.7e308
    y = np.r_[np.zeros(50, dtype=int), np.ones(30, dtype=int)]
    X_res, _ = LVQSMOTE(random_state=0).fit_resample(X, y)
    assert np.isfinite(X_res).all()
    # the same data at ordinary scale: the same choices, the rows scaled by the power of two
    small = np.ldexp(X, -1000)
    X_small, _ = LVQSMOTE(random_state=0).fit_resample(small, y)
    with np.errstate(over="ignore"):  # rows beyond float64's range: clipped in X_res
        scaled_back = np.ldexp(X_small, 1000)
    inside = np.isfinite(scaled_back)
    assert inside.mean() > 0.9
    np.testing.assert_array_equal(scaled_back[inside], X_res[inside])
    assert (np.abs(X_res[~inside]) == np.finfo(np.float64).max).all()
    X32, _ = LVQSMOTE(random_state=0).fit_resample((X / 1e270).astype(np.float32), y)
    assert X32.dtype == np.float32 and np.isfinite(X32).all()


# ---- parameters ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_clusters": 0}, r"n_clusters=0 must be an int >= 1"),
        ({"n_clusters": 4.0}, r"n_clusters=4\.0 must be an int"),
        ({"k_neighbors": 0}, r"k_neighbors=0 must be an int >= 1"),
        ({"k_neighbors": "5"}, r"k_neighbors='5' must be an int"),
        ({"integer_columns": "floor"}, r"integer_columns='floor'"),
        ({"n_jobs": 0}, r"n_jobs=0"),
    ],
)
def test_bad_parameters_are_refused_clearly(params, message):
    X, y = data(0)
    with pytest.raises(InvalidParameterError, match=message):
        LVQSMOTE(**params).fit_resample(X, y)


def test_clone_and_get_params():
    sampler = LVQSMOTE(random_state=3, n_clusters=6, k_neighbors=4)
    params = sampler.get_params()
    assert params == {
        "sampling_strategy": "auto",
        "random_state": 3,
        "k_neighbors": 4,
        "n_clusters": 6,
        "n_jobs": None,
        "integer_columns": "round",
        "indicator": None,
    }
    copy = clone(sampler)
    assert copy.get_params() == params and copy is not sampler
    X, y = data(1)
    first, _ = sampler.fit_resample(X, y)
    assert not hasattr(copy, "codebook_")
    second, _ = copy.fit_resample(X, y)
    assert first.tobytes() == second.tobytes()
    assert copy.set_params(n_clusters=8).n_clusters == 8


def test_pickles_and_two_threads_at_once_get_what_one_gets():
    """k-means runs on one OpenMP thread in each calling thread; the results do not mix."""
    X, y = data(10, n=2400)
    expected, _ = LVQSMOTE(random_state=0).fit_resample(X, y)
    fitted = LVQSMOTE(random_state=0)
    fitted.fit_resample(X, y)
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.offsets_, fitted.offsets_)
    results: list = [None, None]

    def work(i: int) -> None:
        results[i] = LVQSMOTE(random_state=0).fit_resample(X, y)[0]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got in results:
        np.testing.assert_array_equal(got, expected)


def test_out_of_core_paths_refuse_it_and_say_why():
    from smotekit.scale.plan import OutOfCoreError, rows_needed

    with pytest.raises(OutOfCoreError, match="translates rows by codebook offsets"):
        rows_needed(LVQSMOTE())


# ---- real data -------------------------------------------------------------------------------
def test_on_phoneme_counts_and_every_row(data_dir):
    frame = pd.read_csv(data_dir / "phoneme.csv")
    X, y = frame.drop(columns="label").to_numpy(dtype=float), frame["label"].to_numpy()
    sampler = LVQSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    counts = Counter(y.tolist())
    assert Counter(y_res.tolist()) == {c: max(counts.values()) for c in counts}
    assert np.isfinite(X_res).all()
    assert_lvq_rows(sampler, X, y, X_res, y_res, 5)


def test_sparse_integer_rows_are_rounded_and_clipped_like_dense():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 128, (60, 3)).astype(np.int8)
    y = np.array([0] * 45 + [1] * 15)
    dense = LVQSMOTE(random_state=0, n_clusters=6).fit_resample(X, y)[0]
    sparse = LVQSMOTE(random_state=0, n_clusters=6).fit_resample(sp.csr_matrix(X), y)[0]
    assert sparse.dtype == np.int8
    np.testing.assert_array_equal(sparse.toarray(), dense)
