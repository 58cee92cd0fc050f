"""The compiled kernels (smotekit._native) give the numba kernels' bits, and a fresh process
running SMOTE on them loads no JIT compiler."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from smotekit import _native
from smotekit.door import fast
from smotekit.neighbors import _kdtree as kd
from smotekit.neighbors import _kernels as nk
from smotekit.synthesis import kernels as sk


def test_the_compiled_kernels_are_built_and_in_use():
    assert _native.available(), (
        "smotekit._native_kernels was not built (no C compiler at installation?): "
        "install gcc or clang and reinstall, or set SMOTEKIT_NATIVE=0 to run on numba"
    )
    for kernel in (nk.scan_rows_at, nk.scan_cols, nk.collect_at_least, nk.pair_sqdist,
                   nk.rank_segments, nk.row_sqsum, sk.segment_kernel, sk.box_kernel,
                   fast._copy_rows, fast._copy_rows_checked, kd._root, kd._split,
                   kd._fill_leaves, kd._merge_boxes, kd._knn_leaves, kd._within):  # fmt: skip
        assert kernel.native and kernel.numba is not kernel


def both(kernel, *args):
    """Run the compiled kernel and its numba twin on copies of the same arguments."""
    a = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
    b = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
    ra = kernel(*a)
    rb = kernel.numba(*b)
    return ra, rb, a, b


def same(a, b):
    for x, y in zip(a, b, strict=True):
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.tobytes() == y.tobytes()


@pytest.mark.parametrize("index_dtype", [np.intp, np.int32])
@pytest.mark.parametrize("seed", range(6))
def test_scans_and_collect(seed, index_dtype):
    rng = np.random.default_rng(seed)
    q, t, m = rng.integers(1, 90), rng.integers(1, 300), rng.integers(1, 12)
    # few distinct values: many ties between scores, and with the thresholds
    G = rng.integers(-4, 5, size=(q, t)).astype(np.float32) / 4
    h = rng.integers(-4, 5, size=t).astype(np.float32) / 8
    hq = rng.integers(-4, 5, size=q).astype(np.float32) / 8
    best_g = np.full((max(q, t) + 3, m), -np.inf, dtype=np.float32)
    best_g[::3, :] = rng.integers(-2, 2, size=best_g[::3].shape).astype(np.float32)
    best_g = -np.sort(-best_g, axis=1)
    # the search keeps int32 indices below 2**31 points (half the lists' memory)
    best_i = rng.integers(0, 10**6, size=best_g.shape).astype(index_dtype)
    rows = rng.permutation(best_g.shape[0])[:q].astype(np.intp)
    _, _, a, b = both(nk.scan_rows_at, G, h, 7, rows, best_g, best_i)
    same(a, b)
    _, _, a, b = both(nk.scan_cols, G, hq, 11, best_g, best_i)
    same(a, b)
    thr = rng.integers(-3, 3, size=q).astype(np.float32) / 4
    for cap in (0, 5, q * t):
        out_r, out_c = np.zeros(cap, np.intp), np.zeros(cap, np.intp)
        ra, rb, a, b = both(nk.collect_at_least, G, h, thr, 3, out_r, out_c)
        assert ra == rb
        same(a, b)


@pytest.mark.parametrize("seed", range(4))
def test_exact_distances_and_ranking(seed):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 40))
    Q = rng.normal(size=(50, d)) * 10.0 ** rng.integers(-150, 150, size=(50, d))
    P = rng.normal(size=(60, d)) * 10.0 ** rng.integers(-150, 150, size=(60, d))
    a, b = rng.integers(0, 50, 500).astype(np.intp), rng.integers(0, 60, 500).astype(np.intp)
    _, _, x, y = both(nk.pair_sqdist, Q, P, a, b, np.empty(500))
    same(x, y)
    kk = int(rng.integers(1, 6))
    sizes = rng.integers(kk, kk + 9, size=40)
    ptr = np.r_[0, np.cumsum(sizes)].astype(np.intp)
    rows = rng.integers(0, 30, ptr[-1]).astype(np.intp)
    dist = rng.integers(0, 4, ptr[-1]).astype(np.float64)  # ties, broken by the row
    _, _, x, y = both(nk.rank_segments, ptr, rows, dist, np.empty((40, kk), np.intp),
                      np.empty(40))  # fmt: skip
    same(x, y)
    indptr = np.r_[0, np.cumsum(rng.integers(0, 7, size=20))].astype(np.intp)
    data = rng.normal(size=indptr[-1]) * 1e100
    _, _, x, y = both(nk.row_sqsum, data, indptr, np.empty(20))
    same(x, y)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_synthesis_and_copy_across_the_whole_range(dtype):
    rng = np.random.default_rng(0)
    info = np.finfo(dtype)
    specials = np.array([0.0, -0.0, info.tiny, -info.tiny, info.max, -info.max, 1.0, -3e-38,
                         info.smallest_subnormal, 2.0**24 + 1], dtype=dtype)  # fmt: skip
    X = (rng.normal(size=(40, 9)) * 10.0 ** rng.integers(-30, 30, size=(40, 9))).astype(dtype)
    X[:10, :] = rng.choice(specials, size=(10, 9))
    n = 3000
    base, neighbor = rng.integers(0, 40, n).astype(np.intp), rng.integers(0, 40, n).astype(np.intp)
    limit = sk.limit_of(dtype)
    for gap in (rng.random(n), rng.uniform(-3, 4, n), np.r_[np.zeros(n // 2), np.ones(n - n // 2)]):
        _, _, x, y = both(sk.segment_kernel, np.empty((n, 9), dtype), X, base, neighbor, gap,
                          limit)  # fmt: skip
        same(x, y)
    gaps = rng.uniform(-0.5, 1.5, size=(n, 9))
    _, _, x, y = both(sk.box_kernel, np.empty((n, 9), dtype), X, base, neighbor, gaps, limit)
    same(x, y)
    Z = X.copy()
    Z[3, 4] = np.nan
    Z[7, 0] = np.inf
    for kernel in (fast._copy_rows, fast._copy_rows_checked):
        for src in (X, Z):
            ra, rb, x, y = both(kernel, np.empty_like(src), src)
            assert ra == rb
            same(x, y)


def test_other_layouts_fall_back_to_numba_with_the_same_result():
    rng = np.random.default_rng(1)
    X = np.asfortranarray(rng.normal(size=(30, 5)))
    base, neighbor = rng.integers(0, 30, 100), rng.integers(0, 30, 100)
    gap = rng.random(100)
    a, b = np.empty((100, 5)), np.empty((100, 5))
    sk.segment_kernel(a, X, base, neighbor, gap, 1e308)
    sk.segment_kernel.numba(b, np.ascontiguousarray(X), base, neighbor, gap, 1e308)
    assert a.tobytes() == b.tobytes()


def test_a_fresh_process_runs_smote_and_the_cross_class_search_without_numba():
    """The headline of the compiled kernels: nothing for numba to set up or compile, in
    high dimension (BLAS tiles) and in low (the kd-tree, 5 columns)."""
    script = (
        "import sys, numpy as np, smotekit\n"
        "from sklearn.datasets import make_classification\n"
        "X, y = make_classification(20000, n_features=20, weights=[0.9], random_state=0)\n"
        "smotekit.SMOTE(random_state=0).fit_resample(X, y)\n"
        "smotekit.BorderlineSMOTE(random_state=0).fit_resample(X, y)\n"
        "smotekit.TomekLinks().fit_resample(X, y)\n"
        "X5, y5 = make_classification(20000, n_features=5, n_informative=3, weights=[0.9],\n"
        "                             random_state=0)\n"
        "smotekit.SMOTE(random_state=0).fit_resample(X5, y5)\n"
        "smotekit.TomekLinks().fit_resample(X5, y5)\n"
        "from smotekit.neighbors import _kernels as k, _kdtree as t\n"
        "from smotekit.synthesis import kernels as s\n"
        "from smotekit.door import fast as f\n"
        "ran = [n for m in (k, t, s, f) for n, w in vars(m).items()\n"
        "       if getattr(getattr(w, 'numba', None), 'signatures', None)]\n"
        "assert not ran, ran\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)


KD_KERNELS = ("_root", "_split", "_fill_leaves", "_merge_boxes", "_knn_leaves", "_within")


def _kd_run(P, numba_only, monkeypatch, threads):
    """Build a kd-tree and ask it every question, on the compiled kernels or numba's."""
    with monkeypatch.context() as mp:
        if numba_only:
            for name in KD_KERNELS:
                mp.setattr(kd, name, getattr(kd, name).numba)
        tree = kd.KDTree(P, threads)
        m = min(6, P.shape[0])
        out = [tree.pts, tree.idx, tree.lo, tree.hi, tree.start, tree.end, tree.blk]
        out += list(tree.knn(m, threads, width=2))
        out += list(tree.knn(max(1, m - 1), threads, others=True))
        pilot = np.arange(0, tree.used, 3, dtype=np.intp)
        node = tree.n_leaves - 1 + pilot
        filled = (np.arange(tree.leaf) < (tree.end[node] - tree.start[node])[:, None]).ravel()
        out += [x[filled] for x in tree.knn(m, threads, leaves=pilot)]  # rows past a leaf's
        # points are left as they were (uninitialised)
        queries = np.arange(0, P.shape[0], 7, dtype=np.intp)
        radius2 = np.linspace(0.0, 4.0, queries.shape[0])
        out += list(tree.within(queries, radius2, threads))
    return out


@pytest.mark.parametrize("seed", range(10))
def test_kdtree_kernels(seed, monkeypatch):
    """The kd-tree's C kernels build the same tree and find the same points as numba's:
    ties on integer grids, partial and single leaves, signed zeros, one to 11 columns."""
    for name in KD_KERNELS:
        assert getattr(kd, name).native
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 12))
    n = int(rng.choice([1, 5, 33, 700, 5000]))
    if seed % 2:
        P = rng.integers(-2, 3, size=(n, d)).astype(np.float64)
        P[rng.random(P.shape) < 0.2] = -0.0
    else:
        P = rng.normal(size=(n, d)) * 10.0 ** rng.integers(-3, 4, size=d)
    P = np.unique(P, axis=0)  # the tree holds distinct points (the engine groups the rest)
    P = P[rng.permutation(P.shape[0])]
    threads = 2 if seed > 2 else 1
    a = _kd_run(P, False, monkeypatch, threads)
    b = _kd_run(P, True, monkeypatch, threads)
    for x, y in zip(a, b, strict=True):
        assert x.dtype == y.dtype and x.shape == y.shape
        assert x.tobytes() == y.tobytes()
