"""The fused tile kernel (``smotekit._native.fused_bands``): the lists BLAS and the scans
make, and the same neighbours from the engine with it as without it."""

from __future__ import annotations

import platform

import numpy as np
import pytest

from smotekit import _native
from smotekit.neighbors import _kernels as nk
from smotekit.neighbors import _spaces as spaces
from smotekit.neighbors.engine import kneighbors_query, kneighbors_within


def cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def test_the_fused_kernel_runs_where_the_cpu_has_avx2_and_fma():
    if platform.machine() not in ("x86_64", "AMD64") or not {"avx2", "fma"} <= cpu_flags():
        assert not _native.fused_available() or _native.available()
        return
    assert _native.fused_available(), (
        "the CPU has AVX2 and FMA but the fused kernel is off: was smotekit._native_kernels "
        "built (a C compiler at installation), or is SMOTEKIT_FUSED=0 set?"
    )


needs_fused = pytest.mark.skipif(
    not _native.fused_available(), reason="no AVX2 and FMA here: the search keeps BLAS"
)


def lists(rng, n, m, index_dtype):
    """Top-m lists, some rows already holding scores (indices >= 10**6 mark those)."""
    g = np.full((n, m), -np.inf, dtype=np.float32)
    g[::3] = rng.integers(-40, 40, size=g[::3].shape).astype(np.float32)
    g = -np.sort(-g, axis=1)
    i = np.where(np.isfinite(g), rng.integers(10**6, 2 * 10**6, size=g.shape), -1)
    return g, i.astype(index_dtype)


def check_same_lists(got, want, scores):
    """Same scores per list (the top-m multiset is unique; ties may pick other indices),
    and every index the search put in a list has the score the list holds for it."""
    (gg, gi), (wg, wi) = got, want
    np.testing.assert_array_equal(gg, wg)
    for r in range(gg.shape[0]):
        for g, i in zip(gg[r], gi[r], strict=True):
            if 0 <= i < 10**6:
                assert scores(r, i) == g
    both = (wi >= 0) & (wi < 10**6)
    assert ((gi >= 0) & (gi < 10**6)).sum() == both.sum()


def integer_rows(rng, n, d):
    # small integers: every float32 product and sum is exact in any order, so the fused
    # kernel's scores are BLAS's bit for bit and the lists can be compared exactly
    return rng.integers(-6, 7, size=(n, d)).astype(np.float32)


@needs_fused
@pytest.mark.parametrize("index_dtype", [np.int32, np.intp])
@pytest.mark.parametrize("seed", range(4))
def test_rows_and_pairs_match_multiply_and_scan(seed, index_dtype):
    rng = np.random.default_rng(seed)
    q, t = int(rng.integers(1, 70)), int(rng.integers(1, 90))
    d, m = int(rng.integers(1, 30)), int(rng.integers(1, 12))
    A, B = integer_rows(rng, q, d), integer_rows(rng, t, d)
    hA = rng.integers(-20, 20, size=q).astype(np.float32) / 2
    hB = rng.integers(-20, 20, size=t).astype(np.float32) / 2
    tile = int(rng.integers(1, 40))
    scratch = _native.fused_scratch(tile, d)
    G = A @ B.T
    la, lb = lists(rng, q, m, index_dtype), lists(rng, t, m, index_dtype)
    for mode in (_native.ROWS, _native.PAIR):
        got_a, got_b = (la[0].copy(), la[1].copy()), (lb[0].copy(), lb[1].copy())
        assert _native.fused_bands(A, B, hA, hB, 5, 7, got_a, got_b, mode, tile, scratch)
        want_a, want_b = (la[0].copy(), la[1].copy()), (lb[0].copy(), lb[1].copy())
        nk.scan_rows(G, hB, 7, *want_a)
        check_same_lists(got_a, want_a, lambda r, i: G[r, i - 7] - hB[i - 7])
        if mode == _native.PAIR:
            nk.scan_cols(G, hA, 5, *want_b)
            check_same_lists(got_b, want_b, lambda r, i: G[i - 5, r] - hA[i - 5])
        else:
            np.testing.assert_array_equal(got_b[0], lb[0])  # not touched
            np.testing.assert_array_equal(got_b[1], lb[1])


@needs_fused
@pytest.mark.parametrize("seed", range(4))
def test_a_band_with_itself_sees_every_pair_once(seed):
    rng = np.random.default_rng(seed)
    n, d, m = int(rng.integers(1, 120)), int(rng.integers(1, 25)), int(rng.integers(1, 10))
    A = integer_rows(rng, n, d)
    h = (0.5 * (A.astype(np.float64) ** 2).sum(axis=1)).astype(np.float32)
    tile = int(rng.integers(1, 50))
    got = lists(rng, n, m, np.int32)
    want = (got[0].copy(), got[1].copy())
    assert _native.fused_bands(
        A, A, h, h, 3, 3, got, got, _native.SAME, tile, _native.fused_scratch(tile, d)
    )
    G = A @ A.T
    nk.scan_rows(G, h, 3, *want)
    check_same_lists(got, want, lambda r, i: G[r, i - 3] - h[i - 3])


def test_arguments_it_does_not_take_go_back_to_blas():
    A = np.zeros((4, 3), dtype=np.float32)
    h = np.zeros(4, dtype=np.float32)
    own = np.full((4, 2), -np.inf, dtype=np.float32), np.full((4, 2), -1, dtype=np.int32)
    # without the compiled library fused_bands declines before reading the scratch
    scratch = _native.fused_scratch(8, 3) if _native.available() else np.empty(1, np.float32)
    for bad in (A.astype(np.float64), np.asfortranarray(np.zeros((4, 3), np.float32))):
        assert not _native.fused_bands(bad, A, h, h, 0, 0, own, own, _native.ROWS, 8, scratch)
    # a scratch smaller than the tile needs: the C side refuses, nothing is written
    small = np.empty(3, dtype=np.float32)
    assert not _native.fused_bands(A, A, h, h, 0, 0, own, own, _native.ROWS, 8, small)
    assert np.isneginf(own[0]).all()


def data_sets():
    rng = np.random.default_rng(7)
    yield "continuous", rng.standard_normal((2_500, 20))
    # a coarse grid: many equal distances, duplicates (the engine's groups) and near-ties
    yield "grid", rng.integers(0, 3, size=(2_000, 12)).astype(np.float64)
    yield "wide", rng.standard_normal((900, 100)).astype(np.float32)
    yield "one column", rng.standard_normal((1_500, 1))
    far = rng.standard_normal((1_200, 8)) * 1e-3
    far[:, 0] += 1e6  # far from the origin: the centring carries the precision
    yield "offset", far


@needs_fused
@pytest.mark.parametrize("threads", [1, 2])
def test_the_engine_gives_the_same_neighbours_with_and_without_it(monkeypatch, threads):
    rng = np.random.default_rng(3)
    for name, X in data_sets():
        Q = X[rng.integers(0, X.shape[0], 300)] + rng.standard_normal((300, X.shape[1])) * 0.1
        runs = []
        for fused in (True, False):
            monkeypatch.setattr(_native, "_FUSED", fused)
            within = kneighbors_within(X, 5, algorithm="brute", n_jobs=threads)
            query = kneighbors_query(X, 4, points=Q.astype(X.dtype), algorithm="brute",
                                     n_jobs=threads)  # fmt: skip
            runs.append((within, query))
        for a, b in zip(*runs, strict=True):
            np.testing.assert_array_equal(a, b, err_msg=name)


@needs_fused
def test_the_search_calls_the_fused_kernel_and_no_blas_product(monkeypatch):
    calls = []
    real = _native.fused_bands

    def counting(*args):
        calls.append(args[8])
        return real(*args)

    matmul = np.matmul

    def no_matmul(*args, **kwargs):
        # the pilot points that size the margin multiply in float64; tiles are float32
        if kwargs.get("out") is not None and kwargs["out"].dtype == np.float32:
            raise AssertionError("a BLAS tile product while the fused kernel runs")
        return matmul(*args, **kwargs)

    monkeypatch.setattr(spaces, "fused_bands", counting)
    X = np.random.default_rng(0).standard_normal((3_000, 16))
    space = spaces.GemmSpace(X)
    monkeypatch.setattr(spaces.np, "matmul", no_matmul)
    space.candidates(6, 2)
    space.probe_candidates(space.probe(X[:700]), 6, 2)
    assert {_native.SAME, _native.PAIR, _native.ROWS} <= set(calls)


@needs_fused
def test_where_the_kernel_declines_the_tiles_are_multiplied_and_scanned(monkeypatch):
    X = np.random.default_rng(1).standard_normal((2_600, 10))
    want = kneighbors_within(X, 5, algorithm="brute", n_jobs=2)
    monkeypatch.setattr(spaces, "fused_bands", lambda *args: False)
    np.testing.assert_array_equal(kneighbors_within(X, 5, algorithm="brute", n_jobs=2), want)


@needs_fused
def test_real_data_same_neighbours_and_same_smote_rows(monkeypatch, data_dir):
    """satimage (6,435 x 36 integer pixels: many equal distances) searched with the fused
    kernel and with BLAS: the same neighbours within each class and across classes, and
    SMOTE's and Borderline-SMOTE's rows bit for bit."""
    import pandas as pd

    from smotekit import SMOTE, BorderlineSMOTE

    frame = pd.read_csv(data_dir / "satimage.csv")
    X, y = frame.drop(columns="label").to_numpy(dtype=float), frame["label"].to_numpy()
    minority = X[y == np.unique(y)[-1]]
    runs = []
    for fused in (True, False):
        monkeypatch.setattr(_native, "_FUSED", fused)
        runs.append(
            (
                kneighbors_within(minority, 5, algorithm="brute", n_jobs=2),
                kneighbors_query(X, 6, algorithm="brute", n_jobs=2),
                SMOTE(random_state=0).fit_resample(X, y)[0],
                BorderlineSMOTE(random_state=0).fit_resample(X, y)[0],
            )
        )
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)
