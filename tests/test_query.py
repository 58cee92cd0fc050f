"""Queries of any class on the one engine: rows of X, or new points, against all rows of X.

The contract is the within-class one (exact float64 distances summed column by column,
nearest first, ties by the smaller index); a query row never returns itself, its duplicates
do, at distance 0.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import smotekit.neighbors._small as small
import smotekit.neighbors._spaces as spaces
import smotekit.neighbors.engine as engine
from smotekit._parallel import parallel_map
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors import kneighbors_query, kneighbors_within

ALGORITHMS = ("auto", "kd_tree", "brute")


def reference(X: np.ndarray, Q: np.ndarray, k: int, own: np.ndarray | None = None) -> np.ndarray:
    """Every distance summed in column order (as the engine sums), lexsorted."""
    X = np.asarray(X, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    dist = np.zeros((Q.shape[0], X.shape[0]))
    for c in range(X.shape[1]):
        diff = Q[:, None, c] - X[None, :, c]
        dist += diff * diff
    index = np.broadcast_to(np.arange(X.shape[0]), dist.shape)
    if own is not None:
        dist[np.arange(Q.shape[0]), own] = np.inf  # the row itself goes last, then is cut
    order = np.lexsort((index, dist), axis=-1)
    return order[:, :k]


def data(kind: str, rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    if kind == "gaussian":
        return rng.normal(size=(n, d))
    if kind == "grid":  # exact ties everywhere, duplicates when d is small
        return rng.integers(0, 3, size=(n, d)).astype(np.float64)
    # a few distinct rows, some repeated far more than k + 1 times
    return rng.normal(size=(7, d))[rng.integers(0, 7, size=n)]


@pytest.fixture
def no_small_path(monkeypatch):
    """Send every size to the compiled backends (the numpy path takes small searches)."""
    monkeypatch.setattr(small, "SMALL_PAIRS", 0)


@pytest.fixture
def small_tiles(monkeypatch):
    monkeypatch.setattr(spaces, "TILE", 72)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("kind", ["gaussian", "grid", "duplicated"])
@pytest.mark.parametrize("d", [2, 5, 17])
def test_query_rows_exact(algorithm, kind, d, no_small_path, small_tiles):
    rng = np.random.default_rng(d)
    X = data(kind, rng, 900, d)
    for rows in (rng.choice(900, 60, replace=False), rng.choice(900, 700, replace=False)):
        got = kneighbors_query(X, 5, rows=rows, algorithm=algorithm)
        np.testing.assert_array_equal(got, reference(X, X[rows], 5, own=rows))
        assert got.dtype == np.intp


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("kind", ["gaussian", "grid", "duplicated"])
@pytest.mark.parametrize("d", [2, 5, 17])
def test_query_points_exact(algorithm, kind, d, no_small_path, small_tiles):
    rng = np.random.default_rng(10 + d)
    X = data(kind, rng, 800, d)
    P = data(kind, rng, 150, d)
    got = kneighbors_query(X, 6, points=P, algorithm=algorithm)
    np.testing.assert_array_equal(got, reference(X, P, 6))


@pytest.mark.parametrize("kind", ["gaussian", "grid", "duplicated"])
def test_all_rows_equals_within(kind):
    rng = np.random.default_rng(3)
    X = data(kind, rng, 600, 4)
    np.testing.assert_array_equal(kneighbors_query(X, 3), kneighbors_within(X, 3))


@pytest.mark.parametrize("kind", ["gaussian", "grid", "duplicated"])
def test_small_path_equals_compiled(kind, monkeypatch):
    """The numpy path for small searches gives the compiled backends' answer, bit for bit."""
    rng = np.random.default_rng(4)
    X = data(kind, rng, 300, 9) * 1e-3
    rows = rng.choice(300, 40, replace=False)
    P = data(kind, rng, 25, 9) * 1e-3
    fast = [kneighbors_within(X, 4), kneighbors_query(X, 4, rows=rows)]
    fast.append(kneighbors_query(X, 4, points=P))
    monkeypatch.setattr(small, "SMALL_PAIRS", 0)
    for algorithm in ("kd_tree", "brute"):
        slow = [
            kneighbors_within(X, 4, algorithm=algorithm),
            kneighbors_query(X, 4, rows=rows, algorithm=algorithm),
            kneighbors_query(X, 4, points=P, algorithm=algorithm),
        ]
        for a, b in zip(fast, slow, strict=True):
            np.testing.assert_array_equal(a, b)


def test_sparse_search_exact(monkeypatch):
    """Sparse input past the densify limit: sparse products in blocks, same answer."""
    monkeypatch.setattr(engine, "_DENSIFY_CELLS", 10)
    monkeypatch.setattr(spaces, "SPARSE_BLOCK_CELLS", 5000)
    rng = np.random.default_rng(5)
    X = sp.random(700, 30, density=0.2, random_state=5, format="csr")
    X.data = np.round(X.data * 4)  # ties
    rows = rng.choice(700, 80, replace=False)
    dense = X.toarray()
    got = kneighbors_query(X, 5, rows=rows)
    np.testing.assert_array_equal(got, reference(dense, dense[rows], 5, own=rows))
    P = sp.random(40, 30, density=0.2, random_state=6, format="csr")
    got = kneighbors_query(X, 5, points=P)
    np.testing.assert_array_equal(got, reference(dense, P.toarray(), 5))
    # dense points against sparse rows are accepted too
    got = kneighbors_query(X, 5, points=P.toarray())
    np.testing.assert_array_equal(got, reference(dense, P.toarray(), 5))


def test_float32_input_and_threads(no_small_path):
    rng = np.random.default_rng(6)
    X = rng.normal(size=(1500, 24)).astype(np.float32)
    rows = rng.choice(1500, 200, replace=False)
    expected = reference(X, X[rows], 5, own=rows)
    for n_jobs in (1, 2, -1):
        np.testing.assert_array_equal(kneighbors_query(X, 5, rows=rows, n_jobs=n_jobs), expected)


def test_far_query_points_do_not_overflow(no_small_path):
    """Points far outside the rows' range are scaled with them (float32 tiles)."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(700, 20))
    P = rng.normal(size=(30, 20)) * 1e30
    got = kneighbors_query(X, 3, points=P, algorithm="brute")
    np.testing.assert_array_equal(got, reference(X, P, 3))


def test_fewer_rows_than_k():
    X = np.array([[0.0], [1.0], [5.0]])
    assert kneighbors_query(X, 10, rows=[0]).tolist() == [[1, 2]]
    assert kneighbors_query(X, 10, points=np.array([[4.0]])).tolist() == [[2, 1, 0]]
    assert kneighbors_query(X[:1], 3).shape == (1, 0)
    assert kneighbors_query(X, 2, rows=np.array([], dtype=int)).shape == (0, 2)


def test_bad_queries_are_refused():
    X = np.zeros((5, 2))
    with pytest.raises(InvalidParameterError, match="not both"):
        kneighbors_query(X, 1, rows=[0], points=X)
    with pytest.raises(InvalidInputError, match="columns"):
        kneighbors_query(X, 1, points=np.zeros((2, 3)))
    with pytest.raises(InvalidInputError, match="positions"):
        kneighbors_query(X, 1, rows=[7])
    with pytest.raises(InvalidInputError, match="NaN"):
        kneighbors_query(X, 1, points=np.array([[np.nan, 0.0]]))
    with pytest.raises(InvalidParameterError):
        kneighbors_query(X, 0)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 120),
    d=st.integers(1, 6),
    k=st.integers(1, 8),
    seed=st.integers(0, 2**32 - 1),
    grid=st.booleans(),
)
def test_query_property(n, d, k, seed, grid):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, size=(n, d)).astype(float) if grid else rng.normal(size=(n, d))
    rows = rng.choice(n, max(1, n // 3), replace=False)
    kq = min(k, n - 1)
    for algorithm in ALGORITHMS:
        got = kneighbors_query(X, k, rows=rows, algorithm=algorithm)
        np.testing.assert_array_equal(got, reference(X, X[rows], kq, own=rows))


def test_cross_class_search_memory_is_bounded(no_small_path):
    """The old path held 2048 x n float64 distances (491 MB here); now a few tiles.

    Measured with tracemalloc (bytes, not time): the search of 10% of the rows against all
    30,000 rows, and 1-NN of all rows, stay within a small multiple of X's own 4.8 MB.
    """
    rng = np.random.default_rng(8)
    X = rng.normal(size=(30_000, 20))
    rows = rng.choice(30_000, 3_000, replace=False)
    kneighbors_query(X[:2000], 5, rows=rows[:10] % 2000)  # load the kernels first
    tracemalloc.start()
    try:
        kneighbors_query(X, 5, rows=rows)
        cross = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        kneighbors_query(X, 1)
        whole = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert cross < 3 * X.nbytes, cross
    assert whole < 3 * X.nbytes, whole


def test_parallel_map_propagates_errors_and_keeps_order():
    assert parallel_map(lambda x: x * x, list(range(50)), 3) == [x * x for x in range(50)]

    def boom(x):
        if x == 17:
            raise ValueError("seventeen")
        return x

    with pytest.raises(ValueError, match="seventeen"):
        parallel_map(boom, list(range(40)), 2)


def test_small_path_threshold_is_a_fixed_block():
    """The numpy path never holds more than its fixed block of distances."""
    assert small._BLOCK_CELLS * 8 <= 8 * 2**20
    assert small.SMALL_PAIRS <= small._BLOCK_CELLS


@pytest.mark.parametrize("name", ["satimage", "phoneme"])
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_danger_queries_on_real_data(name, algorithm, data_dir, no_small_path):
    """The question Borderline-SMOTE and ADASYN ask, on the paper's data: the 10 nearest
    rows of any class to every minority row. satimage's 36 integer columns tie often and
    hold duplicates; phoneme's 5 columns take the tree."""
    import pandas as pd

    frame = pd.read_csv(data_dir / f"{name}.csv")
    X = frame.drop(columns="label").to_numpy(dtype=np.float64)
    y = frame["label"].to_numpy()
    minority = np.flatnonzero(y == pd.Series(y).value_counts().idxmin())
    got = kneighbors_query(X, 10, rows=minority, algorithm=algorithm)
    np.testing.assert_array_equal(got, reference(X, X[minority], 10, own=minority))
    # new points between rows, as the noise filter asks of synthetic rows
    rng = np.random.default_rng(0)
    a, b = rng.choice(minority, 200), rng.choice(minority, 200)
    points = X[a] + rng.random((200, 1)) * (X[b] - X[a])
    got = kneighbors_query(X, 5, points=points, algorithm=algorithm)
    np.testing.assert_array_equal(got, reference(X, points, 5))


def test_wide_small_searches_take_the_compiled_path(monkeypatch):
    """A few rows of many columns: numpy's pass per column would cost more than loading
    the compiled kernel, so the small path takes only searches of few values."""
    calls = []
    real = small.brute_knn

    def spy(*args, **kwargs):
        calls.append(args[0].shape)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "brute_knn", spy)
    rng = np.random.default_rng(0)
    wide = rng.normal(size=(90, 4000))
    narrow = rng.normal(size=(90, 30))
    found = kneighbors_within(wide, 3)
    assert calls == []
    kneighbors_within(narrow, 3)
    assert len(calls) == 1
    D = ((wide[:, None] - wide[None]) ** 2).sum(axis=2)
    np.fill_diagonal(D, np.inf)
    np.testing.assert_array_equal(found, np.argsort(D, axis=1, kind="stable")[:, :3])


@pytest.mark.parametrize("kind", ["gaussian", "grid", "duplicated"])
@pytest.mark.parametrize("margin", [0, 2])
def test_short_lists_stay_exact(kind, margin, no_small_path, small_tiles, monkeypatch):
    """Lists shorter than the near-ties need (a margin the pilot sized too small, or none):
    the points whose lists cannot prove their answer gather their rivals; still exact."""
    monkeypatch.setattr(spaces.GemmSpace, "margin", lambda self, kk: margin)
    rng = np.random.default_rng(5)
    X = data(kind, rng, 700, 9)
    for k in (1, 4):
        got = kneighbors_within(X, k, algorithm="brute")
        np.testing.assert_array_equal(got, reference(X, X, k, own=np.arange(700)))


def test_pilot_sizes_the_margin_by_near_ties():
    """Continuous data: no near-ties, 2 extra candidates (shorter, faster lists); a grid:
    the full margin."""
    rng = np.random.default_rng(6)
    assert spaces.GemmSpace(rng.normal(size=(5000, 12))).margin(4) == 2
    grid = rng.integers(0, 3, size=(5000, 12)).astype(np.float64)
    assert spaces.GemmSpace(grid).margin(4) == spaces.MARGIN


def test_all_rows_search_keeps_no_copy_of_the_rows(monkeypatch):
    """Per added row the all-rows search holds its lists and norms (~100 bytes), not a
    float32 copy of the row (800 bytes at 200 columns): bands of rows are rounded to
    float32 in each thread's fixed buffers. tracemalloc counts bytes, not time."""
    monkeypatch.setattr(spaces, "BAND_TILES", 1)  # the same per-thread buffers at both sizes
    rng = np.random.default_rng(9)
    X = rng.normal(size=(12_000, 200))
    kneighbors_within(X[:1000], 1, algorithm="brute", n_jobs=1)  # load the kernels first
    peaks = []
    for n in (6_000, 12_000):
        tracemalloc.start()
        try:
            kneighbors_within(X[:n], 1, algorithm="brute", n_jobs=1)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    per_row = (peaks[1] - peaks[0]) / 6_000
    assert per_row < 300, per_row
