"""The neighbour engine against a brute-force float64 reference, for every backend.

The reference is the contract: squared differences summed in float64, nearest first, ties
by the smaller index (``np.lexsort((index, distance))``), the row itself excluded.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.neighbors import NearestNeighbors

import smotekit.neighbors._spaces as spaces
import smotekit.neighbors.engine as engine
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors import kneighbors_within, resolve_k
from smotekit.neighbors.engine import drop_self

ALGORITHMS = ("auto", "kd_tree", "brute")


def reference(X: np.ndarray, k: int) -> np.ndarray:
    """Brute force: every pairwise float64 distance, lexsorted by (distance, index)."""
    X64 = np.asarray(X, dtype=np.float64)
    n = X64.shape[0]
    dist = ((X64[:, None, :] - X64[None, :, :]) ** 2).sum(axis=-1)
    index = np.broadcast_to(np.arange(n), (n, n))
    order = np.lexsort((index, dist), axis=-1)
    order = order[order != np.arange(n)[:, None]].reshape(n, n - 1)  # drop the row itself
    return order[:, :k]


def assert_exact(X, k: int, **kwargs) -> np.ndarray:
    got = kneighbors_within(X, k, **kwargs)
    dense = X.toarray() if sp.issparse(X) else X
    np.testing.assert_array_equal(got, reference(dense, k))
    assert got.dtype == np.intp and got.shape == (dense.shape[0], k)
    return got


@pytest.fixture
def small_tiles(monkeypatch):
    """Tiles smaller than the data, with ragged edges: exercises the tiling on small n."""
    monkeypatch.setattr(spaces, "TILE", 72)  # one block of 64 and a tail


@pytest.fixture
def fallbacks(monkeypatch):
    """Count the radius (tie-resolution) searches, per backend."""
    calls: dict[str, int] = {}
    for cls in (spaces.TreeSpace, spaces.GemmSpace, spaces.SparseSpace):
        original = cls.within

        def spy(self, pts, radius2, threads, _original=original, _name=cls.__name__):
            calls[_name] = calls.get(_name, 0) + len(pts)
            return _original(self, pts, radius2, threads)

        monkeypatch.setattr(cls, "within", spy)
    return calls


# ---- data ------------------------------------------------------------------------------
def gaussian(rng, n, d):
    return rng.normal(size=(n, d))


def small_integers(rng, n, d):
    """Many exactly tied distances, and duplicate rows when d is small."""
    return rng.integers(0, 3, size=(n, d)).astype(np.float64)


def duplicated(rng, n, d):
    """A few distinct rows repeated, some far more than k + 1 times."""
    base = rng.normal(size=(4, d))
    picks = np.concatenate([np.zeros(n // 2, int), rng.integers(0, 4, n - n // 2)])
    return base[rng.permutation(picks)]


DATA = {"gaussian": gaussian, "ties": small_integers, "duplicates": duplicated}


# ---- equality with the reference ---------------------------------------------------------
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("kind", sorted(DATA))
@pytest.mark.parametrize("d", [1, 2, 5, 20, 40])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_reference(algorithm, kind, d, dtype, small_tiles):
    rng = np.random.default_rng([d, len(kind), np.dtype(dtype).itemsize])
    X = DATA[kind](rng, 97, d).astype(dtype)
    for k in (1, 5, 12):
        assert_exact(X, k, algorithm=algorithm)


@pytest.mark.parametrize("algorithm", ["kd_tree", "brute"])
def test_ties_and_duplicates_go_through_the_exact_tie_resolution(algorithm, fallbacks):
    rng = np.random.default_rng(7)
    X = small_integers(rng, 150, 3)  # 27 distinct rows: groups larger than k + 1, grid ties
    assert_exact(X, 5, algorithm=algorithm)
    Y = rng.integers(0, 2, size=(150, 12)).astype(float)  # binary: ties at the k-th distance
    assert_exact(Y, 5, algorithm=algorithm)
    assert sum(fallbacks.values()) > 0


def test_more_copies_than_k_plus_one_pick_the_smallest_indices():
    X = np.zeros((30, 3))
    X[::2] = 1.0  # 15 copies of each of two rows
    got = kneighbors_within(X, 4, algorithm="brute")
    np.testing.assert_array_equal(got[0], [2, 4, 6, 8])
    np.testing.assert_array_equal(got[28], [0, 2, 4, 6])
    np.testing.assert_array_equal(got[1], [3, 5, 7, 9])
    assert_exact(X, 4, algorithm="kd_tree")


def test_near_ties_below_float32_resolution_are_exact():
    # distances differing in the 10th digit, far from the origin: float32 cannot order them,
    # so the certified bound must send these rows to the exact resolution
    rng = np.random.default_rng(3)
    X = 1e4 + rng.integers(0, 4, size=(120, 20)) * 1e-3 + rng.normal(size=(120, 20)) * 1e-9
    assert_exact(X, 5, algorithm="brute")
    assert_exact(X.astype(np.float32), 5, algorithm="brute")


def test_large_offsets_and_scales():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(80, 25)) * np.logspace(-3, 3, 25) + 1e6
    for algorithm in ALGORITHMS:
        assert_exact(X, 6, algorithm=algorithm)


def test_negative_zero_is_a_duplicate_of_zero():
    X = np.array([[0.0, 1.0], [-0.0, 1.0], [0.0, 1.0], [3.0, 3.0], [1.0, 1.0]] * 4)
    for algorithm in ALGORITHMS:
        assert_exact(X, 3, algorithm=algorithm)


def test_k_is_all_other_rows_and_tiny_inputs():
    rng = np.random.default_rng(5)
    for n in (2, 3, 9, 40):
        X = gaussian(rng, n, 4)
        for algorithm in ALGORITHMS:
            assert_exact(X, n - 1, algorithm=algorithm)
            assert_exact(X, 1, algorithm=algorithm)


# ---- contract details --------------------------------------------------------------------
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_self_never_in_its_own_row(algorithm):
    rng = np.random.default_rng(6)
    X = np.repeat(gaussian(rng, 20, 3), 4, axis=0)  # every row has 3 exact copies
    got = kneighbors_within(X, 5, algorithm=algorithm)
    assert got.shape == (80, 5) and got.dtype == np.intp
    assert not (got == np.arange(80)[:, None]).any()
    assert (np.sort(got, axis=1)[:, 1:] != np.sort(got, axis=1)[:, :-1]).all()  # distinct


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_read_only_and_non_contiguous_input_is_not_written(algorithm):
    rng = np.random.default_rng(8)
    base = np.asfortranarray(small_integers(rng, 120, 8))
    base.setflags(write=False)
    X = base[::2, ::2]  # strided, Fortran-ordered, read-only view
    before = X.copy()
    assert_exact(X, 4, algorithm=algorithm)
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize("dense_limit", [10**9, 0])  # densified, and the true sparse path
def test_sparse_equals_dense(dense_limit, monkeypatch):
    monkeypatch.setattr(engine, "_DENSIFY_CELLS", dense_limit)
    rng = np.random.default_rng(9)
    values = rng.integers(1, 3, size=(90, 30)) * (rng.random((90, 30)) < 0.15)
    X = sp.csr_matrix(values.astype(np.float64))
    X.data[:3] = 0.0  # explicit zeros must not make rows differ
    dense = X.toarray()
    for k in (1, 5):
        got = kneighbors_within(X, k)
        np.testing.assert_array_equal(got, kneighbors_within(dense, k))
        np.testing.assert_array_equal(got, reference(dense, k))
    gaussian_rows = sp.csr_matrix(gaussian(rng, 60, 7) * (rng.random((60, 7)) < 0.5))
    assert_exact(gaussian_rows, 5, algorithm="brute")
    assert_exact(sp.csr_matrix(gaussian_rows, dtype=np.float32), 5)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_thread_count_does_not_change_the_result(algorithm, small_tiles):
    rng = np.random.default_rng(10)
    X = np.vstack([gaussian(rng, 150, 16), small_integers(rng, 150, 16)])
    one = kneighbors_within(X, 5, n_jobs=1, algorithm=algorithm)
    np.testing.assert_array_equal(one, kneighbors_within(X, 5, n_jobs=2, algorithm=algorithm))
    np.testing.assert_array_equal(one, kneighbors_within(X, 5, n_jobs=-1, algorithm=algorithm))
    np.testing.assert_array_equal(one, reference(X, 5))


def test_without_threadpoolctl_results_are_the_same(monkeypatch, small_tiles):
    import builtins

    real_import = builtins.__import__

    def no_threadpoolctl(name, *args, **kwargs):
        if name == "threadpoolctl":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_threadpoolctl)
    rng = np.random.default_rng(11)
    X = gaussian(rng, 120, 30)
    assert_exact(X, 5, algorithm="brute", n_jobs=2)


def test_blas_threads_are_restored_after_concurrent_searches():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads():
        info = threadpoolctl.threadpool_info()
        return [lib["num_threads"] for lib in info if lib["user_api"] == "blas"]

    before = blas_threads()
    rng = np.random.default_rng(13)
    data = [gaussian(rng, 200, 30) for _ in range(6)]
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda X: kneighbors_within(X, 4, algorithm="brute"), data))
    assert blas_threads() == before
    for X, got in zip(data, results, strict=True):
        np.testing.assert_array_equal(got, reference(X, 4))


def test_user_estimator_excludes_self():
    rng = np.random.default_rng(12)
    X = gaussian(rng, 60, 4)
    k = 5
    est = NearestNeighbors(n_neighbors=k + 1)
    assert resolve_k(est) == (k, est)
    got = kneighbors_within(X, k, estimator=est)
    assert got.shape == (60, k) and got.dtype == np.intp
    assert not (got == np.arange(60)[:, None]).any()
    np.testing.assert_array_equal(got, reference(X, k))  # no ties in gaussian data


def test_drop_self_removes_own_index_or_the_last():
    found = np.array([[0, 3, 2], [0, 2, 1], [0, 1, 3], [1, 0, 2]])
    np.testing.assert_array_equal(drop_self(found, 2), [[3, 2], [0, 2], [0, 1], [1, 0]])


# ---- invalid input -------------------------------------------------------------------------
def test_invalid_arguments():
    X = np.zeros((5, 2))
    with pytest.raises(InvalidInputError, match="5 rows"):
        kneighbors_within(X, 5)
    with pytest.raises(InvalidParameterError, match="algorithm"):
        kneighbors_within(X, 2, algorithm="ball_tree")
    with pytest.raises(InvalidParameterError, match="k="):
        kneighbors_within(X, 0)
    with pytest.raises(InvalidParameterError, match="n_jobs"):
        kneighbors_within(X, 2, n_jobs=0)
    X[1, 1] = np.nan
    with pytest.raises(InvalidInputError, match="NaN"):
        kneighbors_within(X, 2)


def test_integer_input_is_upcast():
    X = np.arange(40).reshape(20, 2) % 7
    assert_exact(X, 3)


# ---- property ------------------------------------------------------------------------------
@st.composite
def arrays_and_k(draw):
    n = draw(st.integers(2, 40))
    d = draw(st.integers(1, 6))
    small = draw(st.booleans())
    elements = (
        st.integers(-2, 2).map(float)
        if small
        else st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=32)
    )
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    X = draw(hnp.arrays(dtype, (n, d), elements=elements))
    k = draw(st.integers(1, n - 1))
    return X, k


@settings(max_examples=60)
@given(arrays_and_k(), st.sampled_from(ALGORITHMS))
def test_property_matches_reference(data, algorithm):
    X, k = data
    assert_exact(X, k, algorithm=algorithm)


@pytest.mark.parametrize("algorithm", ["kd_tree", "brute"])
def test_blocked_reranking_and_queries_change_nothing(monkeypatch, algorithm):
    """Re-ranking and kd-tree queries run in blocks to bound memory; the blocks never show."""
    from smotekit.neighbors import _spaces, engine

    rng = np.random.default_rng(11)
    X = rng.integers(0, 6, size=(6000, 3)).astype(np.float64)  # many ties and duplicates
    whole = kneighbors_within(X, 5, algorithm=algorithm)
    monkeypatch.setattr(engine, "_RANK_POINTS", 97)
    monkeypatch.setattr(_spaces, "_QUERY_ROWS", 101)
    np.testing.assert_array_equal(kneighbors_within(X, 5, algorithm=algorithm), whole)
