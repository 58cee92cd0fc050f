"""Benchmark of the neighbour engine against what imbalanced-learn does (run by hand).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_neighbors.py
    python benchmarks/bench_neighbors.py --datasets A --repeats 3
    python benchmarks/bench_neighbors.py --crossover --n 50000 --dims 5 6 8 10
    python benchmarks/bench_neighbors.py --cold

Data are generated here (no downloads):

- A: ``make_classification(1_000_000, n_features=20, n_informative=10,
  weights=[0.95, 0.05], random_state=0)``, minority rows (~54.6k x 20);
- B: ``make_classification(200_000, n_features=100, weights=[0.8, 0.2], random_state=0)``,
  minority rows (~40.5k x 100);
- D: ``make_blobs(500_000, n_features=5, centers=20, random_state=1)`` (500k x 5, the
  minority class of shape D in ``shapes.py``).

Each data set times ``kneighbors_within(X, 5)`` against
``NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X)`` (what imbalanced-learn's SMOTE
builds), alternating, median of ``--repeats``, and checks our rows against an exact float64
brute force on a sample. Low-dimensional sets (kd-tree) also time scipy's cKDTree (build and
query of k + 1, without the contract's tie order), and our tree's build alone.
``--crossover`` times our kd-tree, the BLAS tiles and the cKDTree path on one thread for
``--dims`` at ``--n`` rows on blobs and on ``make_classification`` data; ``--cold`` times the
first call in a fresh interpreter with and without numba's on-disk cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree
from sklearn.datasets import make_blobs, make_classification
from sklearn.neighbors import NearestNeighbors

from smotekit.neighbors import engine, kneighbors_within
from smotekit.neighbors._spaces import TreeSpace

K = 5


def data_A() -> np.ndarray:
    X, y = make_classification(
        1_000_000, n_features=20, n_informative=10, weights=[0.95, 0.05], random_state=0
    )
    return X[y == 1]


def data_B() -> np.ndarray:
    X, y = make_classification(200_000, n_features=100, weights=[0.8, 0.2], random_state=0)
    return X[y == 1]


def data_D() -> np.ndarray:
    return make_blobs(500_000, n_features=5, centers=20, random_state=1)[0]


DATASETS = {"A": data_A, "B": data_B, "D": data_D}


def blas_report() -> None:
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            print(
                f"warning: {var}={os.environ[var]} is set; it can slow numpy's BLAS. "
                "Run with `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`."
            )
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        print("threadpoolctl not installed: BLAS kernel unknown")
        return
    for lib in threadpool_info():
        if lib.get("user_api") == "blas":
            print(
                f"BLAS {lib.get('internal_api')} {lib.get('version')} "
                f"kernel={lib.get('architecture')} threads={lib.get('num_threads')} "
                f"({Path(lib.get('filepath', '')).name})"
            )


def exact_sample(X: np.ndarray, got: np.ndarray, rows: int = 200, seed: int = 0) -> None:
    """Compare ``rows`` sampled rows with an exact float64 brute force over all rows."""
    rng = np.random.default_rng(seed)
    X64 = np.asarray(X, dtype=np.float64)
    n = X64.shape[0]
    for i in rng.choice(n, size=min(rows, n), replace=False):
        dist = ((X64 - X64[i]) ** 2).sum(axis=1)
        order = np.lexsort((np.arange(n), dist))
        want = order[order != i][: got.shape[1]]
        if not np.array_equal(got[i], want):
            raise AssertionError(f"row {i}: got {got[i]}, exact {want}")


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def compare(name: str, X: np.ndarray, repeats: int) -> tuple[float, float]:
    def ours():
        return kneighbors_within(X, K)

    def sklearn():
        nn = NearestNeighbors(n_neighbors=K + 1).fit(X)
        return nn, nn.kneighbors(X, return_distance=False)

    tree = X.shape[1] <= engine._kdtree_max_dim(X.shape[0])
    threads = engine.resolve_threads(None)

    def former():  # scipy's cKDTree, what a user could pick instead
        return cKDTree(X).query(X, k=K + 1, workers=threads)[1]

    def build():
        space = TreeSpace(X)
        t0 = time.perf_counter()
        space._tree(threads)
        return time.perf_counter() - t0

    t_ours, t_sk, t_old, t_build = [], [], [], []
    got = theirs = method = old = None
    for _ in range(repeats):  # alternate, so drifting machine load hits both alike
        t, got = timed(ours)
        t_ours.append(t)
        t, (nn, theirs) = timed(sklearn)
        method = nn._fit_method
        t_sk.append(t)
        if tree:
            t, old = timed(former)
            t_old.append(t)
            t_build.append(build())
    exact_sample(X, got)
    agree = float(np.mean((got == np.asarray(theirs)[:, 1:]).all(axis=1)))
    mo, ms = statistics.median(t_ours), statistics.median(t_sk)
    print(
        f"{name}  {X.shape[0]:>7} x {X.shape[1]:<3}  ours {mo:7.2f} s   "
        f"sklearn({method}) {ms:7.2f} s   ratio {ms / mo:5.1f}x   "
        f"[ours {', '.join(f'{t:.2f}' for t in t_ours)}; "
        f"sklearn {', '.join(f'{t:.2f}' for t in t_sk)}]   "
        f"rows equal to sklearn's {agree:.4f}; 200 sampled rows exact"
    )
    if tree:
        mt = statistics.median(t_old)
        print(
            f"   kd-tree: ours {mo:.2f} s (tree build {statistics.median(t_build):.3f} s)   "
            f"former cKDTree path {mt:.2f} s [{', '.join(f'{t:.2f}' for t in t_old)}]   "
            f"new / old {mo / mt:.2f}   same rows: {bool(np.array_equal(got, old))}"
        )
    return mo, ms


def crossover(repeats: int, n_jobs: int | None, n: int, dims: list[int]) -> None:
    print(f"crossover at n={n}, k={K}, n_jobs={n_jobs}: seconds (min of {repeats})")

    def ckdtree(X):
        return cKDTree(X).query(X, k=K + 1, workers=engine.resolve_threads(n_jobs))[1]

    for kind in ("blobs", "classification"):
        too_slow: set[str] = set()
        for d in dims:
            if kind == "blobs":
                X = make_blobs(n, n_features=d, centers=10, random_state=0)[0]
            else:
                X = make_classification(
                    n,
                    n_features=d,
                    n_informative=max(2, d // 2),
                    n_redundant=0,
                    random_state=0,
                )[0]
            res = {}
            for algorithm in ("kd_tree", "brute", "ckdtree"):
                if algorithm in too_slow:
                    res[algorithm] = float("nan")
                    continue

                def run(a=algorithm, X=X):
                    if a == "ckdtree":
                        return ckdtree(X)
                    return kneighbors_within(X, K, algorithm=a, n_jobs=n_jobs)

                res[algorithm] = min(timed(run)[0] for _ in range(repeats))
                # the trees only get slower with d: past 20 s, skip them for the larger d
                if algorithm != "brute" and res[algorithm] > 20:
                    too_slow.add(algorithm)
            best = min(("kd_tree", "brute"), key=lambda a: res[a])
            print(
                f"  {kind:15s} d={d:<3} kd_tree {res['kd_tree']:7.3f}   "
                f"brute {res['brute']:7.3f}   (cKDTree path {res['ckdtree']:7.3f})   -> {best}",
                flush=True,
            )


COLD = """
import time
t0 = time.perf_counter()
import numpy as np
from smotekit.neighbors import kneighbors_within
t1 = time.perf_counter()
rng = np.random.default_rng(0)
X20 = rng.normal(size=(2000, 20)); X5 = rng.normal(size=(2000, 5))
Xt = rng.integers(0, 3, size=(2000, 20)).astype(float); X5t = np.round(X5)
t2 = time.perf_counter()
kneighbors_within(X5, 5, algorithm="kd_tree"); kneighbors_within(X5t, 5, algorithm="kd_tree")
t3 = time.perf_counter()
kneighbors_within(X20, 5, algorithm="brute"); kneighbors_within(Xt, 5, algorithm="brute")
t4 = time.perf_counter()
kneighbors_within(X5, 5, algorithm="kd_tree"); kneighbors_within(X5t, 5, algorithm="kd_tree")
kneighbors_within(X20, 5, algorithm="brute"); kneighbors_within(Xt, 5, algorithm="brute")
t5 = time.perf_counter()
print(f"import {t1 - t0:.2f} s   first calls: kd_tree {t3 - t2:.2f} s, brute {t4 - t3:.2f} s"
      f"   same calls again {t5 - t4:.3f} s")
"""

COLD_D = """
import time
import numpy as np
from sklearn.datasets import make_blobs
X = make_blobs(500_000, n_features=5, centers=20, random_state=1)[0]
t0 = time.perf_counter()
from smotekit.neighbors import kneighbors_within
t1 = time.perf_counter()
kneighbors_within(X, 5)
t2 = time.perf_counter()
kneighbors_within(X, 5)
t3 = time.perf_counter()
print(f"import {t1 - t0:.2f} s   first call {t2 - t1:.2f} s   second call {t3 - t2:.2f} s")
"""


def cold() -> None:
    import smotekit.neighbors as pkg

    cache = Path(pkg.__file__).parent / "__pycache__"
    for label, clear in (("no numba cache (compiles)", True), ("numba cache on disk", False)):
        if clear:
            for f in list(cache.glob("*.nbi")) + list(cache.glob("*.nbc")):
                f.unlink()
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True)
        print(f"fresh interpreter, {label}: {out.stdout.strip() or out.stderr.strip()}")
    out = subprocess.run([sys.executable, "-c", COLD_D], capture_output=True, text=True)
    print(f"fresh interpreter, cache on disk, D: {out.stdout.strip() or out.stderr.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", nargs="*", default=["A", "B", "D"], choices=DATASETS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--crossover", action="store_true", help="only the crossover table")
    parser.add_argument("--cold", action="store_true", help="only the cold-start timings")
    parser.add_argument("--n-jobs", type=int, default=1, help="crossover threads")
    parser.add_argument("--n", type=int, default=50_000, help="crossover rows")
    parser.add_argument(
        "--dims", type=int, nargs="*", default=[5, 6, 8, 10, 12], help="crossover columns"
    )
    args = parser.parse_args()
    blas_report()
    if args.cold:
        cold()
        return
    warm = np.random.default_rng(0).normal(size=(500, 20))
    for algorithm in ("kd_tree", "brute"):  # compile, or load from numba's cache
        kneighbors_within(warm, K, algorithm=algorithm)
        kneighbors_within(np.round(warm[:, :3]), K, algorithm=algorithm)
    if args.crossover:
        crossover(
            repeats=1 if args.repeats >= 3 else args.repeats,
            n_jobs=args.n_jobs,
            n=args.n,
            dims=args.dims,
        )
        return
    for name in args.datasets:
        X = DATASETS[name]()
        compare(name, X, args.repeats)


if __name__ == "__main__":
    main()
