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

import smotekit.neighbors._kdtree as kdtree
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
    monkeypatch.setattr(kdtree, "_CHUNK_LEAVES", 5)
    np.testing.assert_array_equal(kneighbors_within(X, 5, algorithm=algorithm), whole)


# ---- our kd-tree (the "kd_tree" backend) ------------------------------------------------
def reference_blocked(X: np.ndarray, k: int, block: int = 256) -> np.ndarray:
    """``reference`` for thousands of rows: distances summed column by column, in blocks."""
    X64 = np.asarray(X, dtype=np.float64)
    n = X64.shape[0]
    out = np.empty((n, k), dtype=np.intp)
    index = np.arange(n)
    for a in range(0, n, block):
        b = min(a + block, n)
        dist = np.zeros((b - a, n))
        for c in range(X64.shape[1]):  # the contract's order: column by column
            dist += (X64[a:b, c, None] - X64[None, :, c]) ** 2
        order = np.lexsort((np.broadcast_to(index, dist.shape), dist), axis=-1)
        order = order[order != index[a:b, None]].reshape(b - a, n - 1)
        out[a:b] = order[:, :k]
    return out


def assert_tree_exact(X, k: int, **kwargs) -> np.ndarray:
    got = kneighbors_within(X, k, algorithm="kd_tree", **kwargs)
    np.testing.assert_array_equal(got, reference_blocked(X, k))
    return got


@pytest.fixture
def small_leaves(monkeypatch):
    """Leaves of 4 points and chunks of 3 leaves: deep trees and many chunks at small n."""
    monkeypatch.setattr(kdtree, "LEAF", 4)
    monkeypatch.setattr(kdtree, "_CHUNK_LEAVES", 3)


@pytest.mark.parametrize("d", [1, 2, 3, 5, 8])
def test_tree_with_many_leaves_matches_reference(d):
    rng = np.random.default_rng([d, 21])
    centres = rng.normal(size=(6, d)) * 4
    X = centres[rng.integers(0, 6, 2500)] + rng.normal(size=(2500, d))  # blobs: uneven density
    for k in (1, 5, 20):
        assert_tree_exact(X, k)
    assert_tree_exact(X.astype(np.float32), 5)


@pytest.mark.parametrize("d", [1, 2, 4, 6])
def test_tree_with_small_leaves_matches_reference(d, small_leaves):
    rng = np.random.default_rng([d, 22])
    X = rng.normal(size=(700, d)) * rng.uniform(0.1, 10, size=d)
    for k in (1, 6, 30):
        assert_tree_exact(X, k)
    assert_tree_exact(small_integers(rng, 700, d), 5)  # ties and duplicates across leaves


@pytest.mark.parametrize("shape", [(60,), (15, 15), (12, 12, 12), (5, 5, 5, 5, 5)])
def test_tree_on_a_full_integer_grid_breaks_ties_by_index(shape):
    # distinct points, every one with many neighbours at exactly equal distances: the tree
    # alone decides the order (no duplicates, so no re-ranking by the engine)
    grid = np.stack(np.meshgrid(*[np.arange(s) for s in shape], indexing="ij"), -1)
    X = grid.reshape(-1, len(shape)).astype(np.float64)
    X = X[np.random.default_rng(len(shape)).permutation(X.shape[0])]
    for k in (1, 4, 9, 26):
        assert_tree_exact(X, k)


@pytest.mark.parametrize("d", [2, 3, 8])
def test_tree_on_integer_grids_with_duplicates(d, fallbacks):
    rng = np.random.default_rng([d, 23])
    X = rng.integers(0, 4, size=(3000, d)).astype(np.float64)  # heavy ties and copies
    for k in (1, 5, 15):
        assert_tree_exact(X, k)
    heavy = np.repeat(X[:40], 60, axis=0)[rng.permutation(2400)]  # 60 copies of each row
    assert_tree_exact(heavy, 5)
    if d == 8:  # (d <= 3: a row's own copies fill its k + 1 nearest, no tie to resolve)
        assert fallbacks.get("TreeSpace", 0) > 0  # the ties did reach the exact resolution


def test_tree_pilot_widening_on_a_large_tied_grid():
    # over 5000 distinct points with duplicates: the pilot widens the search for the ties
    rng = np.random.default_rng(24)
    X = rng.integers(0, 3, size=(20_000, 8)).astype(np.float64)
    got = kneighbors_within(X, 5, algorithm="kd_tree")
    np.testing.assert_array_equal(got, kneighbors_within(X, 5, algorithm="brute"))
    space = spaces.TreeSpace(X)
    assert space.n_points > 5000
    space.candidates(6, 1)
    assert space.m > 7
    rows = rng.choice(X.shape[0], 200, replace=False)
    for i in rows:  # and the brute result itself against the float64 definition
        dist = ((X - X[i]) ** 2).sum(axis=1)
        order = np.lexsort((np.arange(X.shape[0]), dist))
        np.testing.assert_array_equal(got[i], order[order != i][:5])


def test_tree_k_close_to_n_and_n_below_one_leaf():
    rng = np.random.default_rng(25)
    for n in (11, 17, 31, 33, 70):
        X = gaussian(rng, n, 3)
        for k in (1, n // 2, n - 2, n - 1):
            assert_tree_exact(X, k)
        ties = small_integers(rng, n, 2)  # duplicates: the candidates path
        for k in (1, n - 1):
            assert_tree_exact(ties, k)
    X = gaussian(rng, 400, 4)
    for k in (150, 390, 399):  # lists far longer than a leaf
        assert_tree_exact(X, k)


def test_tree_with_constant_columns():
    rng = np.random.default_rng(26)
    X = gaussian(rng, 1500, 4)
    X[:, 1] = 3.0  # no spread at all
    assert_tree_exact(X, 5)
    Y = small_integers(rng, 1500, 3)
    Y[:, 0] = -7.0
    assert_tree_exact(Y, 5)
    Z = np.zeros((200, 3))
    Z[:, 2] = np.arange(200) % 7  # a single varying column, many copies
    assert_tree_exact(Z, 12)


@pytest.mark.parametrize("scale", [1e-150, 1e-8, 1e8, 1e150])
def test_tree_with_huge_and_tiny_scales(scale):
    rng = np.random.default_rng(27)
    X = gaussian(rng, 1200, 3) * scale
    assert_tree_exact(X, 5)
    assert_tree_exact(small_integers(rng, 1200, 3) * scale, 5)


def test_tree_with_large_offsets_and_mixed_scales():
    rng = np.random.default_rng(28)
    X = 1e8 + rng.normal(size=(1500, 5)) * np.logspace(-6, 2, 5)  # differences near ulp
    assert_tree_exact(X, 5)
    Y = 1e4 + rng.integers(0, 4, size=(1500, 6)) * 1e-3 + rng.normal(size=(1500, 6)) * 1e-9
    assert_tree_exact(Y, 5)


@pytest.mark.parametrize("kind", ["gaussian", "ties"])
def test_tree_threads_and_chunks_do_not_change_the_result(kind, monkeypatch):
    rng = np.random.default_rng(29)
    X = gaussian(rng, 6000, 3) if kind == "gaussian" else small_integers(rng, 6000, 6)
    whole = kneighbors_within(X, 5, n_jobs=1, algorithm="kd_tree")
    np.testing.assert_array_equal(whole, kneighbors_within(X, 5, n_jobs=2, algorithm="kd_tree"))
    monkeypatch.setattr(kdtree, "_CHUNK_LEAVES", 1)
    monkeypatch.setattr(engine, "_RANK_POINTS", 97)
    for threads in (1, 2, 3):
        got = kneighbors_within(X, 5, n_jobs=threads, algorithm="kd_tree")
        np.testing.assert_array_equal(got, whole)
    monkeypatch.setattr(kdtree, "LEAF", 8)  # another tree shape, same answer
    np.testing.assert_array_equal(kneighbors_within(X, 5, n_jobs=2, algorithm="kd_tree"), whole)
    np.testing.assert_array_equal(whole, reference_blocked(X, 5))


@pytest.mark.parametrize("leaf", [4, 32])
def test_tree_distances_are_bitwise_the_exact_ones(leaf, monkeypatch):
    monkeypatch.setattr(kdtree, "LEAF", leaf)
    rng = np.random.default_rng(30)
    X = np.vstack([gaussian(rng, 900, 5) * 1e3 + 7.0, gaussian(rng, 900, 5) * 1e-3])
    space = spaces.TreeSpace(X)
    tree = space._tree(2)
    ind, dist = tree.knn(9, 2, width=9)
    p = np.repeat(np.arange(space.n_points), 9)
    exact = space.exact(p, ind.reshape(-1), 2).reshape(-1, 9)
    assert (dist == exact).all()  # not just close: equal, so the bound needs no slack
    order = np.lexsort((ind, dist), axis=1)
    np.testing.assert_array_equal(order, np.broadcast_to(np.arange(9), order.shape))
    # a leaf-list query answers the same as the whole one
    leaves = np.array([0, 5, tree.used - 2], dtype=np.intp)
    ind_l, dist_l = tree.knn(9, 1, leaves=leaves)
    for t, leaf_id in enumerate(leaves):
        node = tree.n_leaves - 1 + leaf_id
        rows = tree.idx[tree.start[node] : tree.end[node]]
        np.testing.assert_array_equal(ind_l[t * leaf : t * leaf + rows.shape[0]], ind[rows])
        np.testing.assert_array_equal(dist_l[t * leaf : t * leaf + rows.shape[0]], dist[rows])


def test_tree_within_is_exactly_the_ball(small_leaves):
    rng = np.random.default_rng(31)
    X = small_integers(rng, 900, 3) + gaussian(rng, 900, 3) * (rng.random((900, 1)) < 0.5)
    space = spaces.TreeSpace(X)
    pts = rng.choice(space.n_points, 60, replace=False)
    radius2 = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], 60)  # exact ties on the boundary
    ptr, v = space.within(pts, radius2, 2)
    P = space.P64
    for t, p in enumerate(pts):
        dist = np.zeros(space.n_points)
        for c in range(P.shape[1]):
            dist += (P[:, c] - P[p, c]) ** 2
        found = np.sort(v[ptr[t] : ptr[t + 1]])
        np.testing.assert_array_equal(found, np.flatnonzero(dist <= radius2[t]))


@settings(max_examples=40, deadline=None)
@given(arrays_and_k())
def test_property_tree_with_small_leaves(data):
    X, k = data
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdtree, "LEAF", 4)
        mp.setattr(kdtree, "_CHUNK_LEAVES", 1)
        got = kneighbors_within(X, k, algorithm="kd_tree", n_jobs=2)
    np.testing.assert_array_equal(got, reference(X, k))


# ---- pair_distances ----------------------------------------------------------------------
@pytest.mark.parametrize("compiled", [False, True])
def test_pair_distances_are_exact_on_both_paths_and_sparse(compiled, monkeypatch):
    """Both paths (numpy for small jobs, the compiled pair kernel for large ones) add the
    squared differences column by column in float64: the same bits; sparse rows agree."""
    import smotekit.neighbors.distances as distances
    from smotekit.neighbors import pair_distances

    rng = np.random.default_rng(0)
    Q = rng.normal(size=(300, 7)) * 1e3
    P = rng.normal(size=(50, 7)).astype(np.float32)
    found = rng.integers(0, 50, size=(300, 4))
    if compiled:
        monkeypatch.setattr(distances, "compiled_pays", lambda kernel, values: True)
    got = pair_distances(Q, P, found)
    P64 = P.astype(np.float64)
    expected = np.empty((300, 4))
    for i in range(300):
        for j in range(4):
            acc = 0.0
            for c in range(7):  # the documented summation order
                diff = Q[i, c] - P64[found[i, j], c]
                acc += diff * diff
            expected[i, j] = np.sqrt(acc)
    assert got.tobytes() == expected.tobytes()
    Q[np.abs(Q) < 500] = 0.0
    sparse = pair_distances(sp.csr_matrix(Q), sp.csr_matrix(P), found)
    np.testing.assert_allclose(sparse, pair_distances(Q, P, found), rtol=1e-12)
    assert pair_distances(Q[:0], P, found[:0]).shape == (0, 4)
