"""The engine beside the k-NN libraries a user could pick instead (run by hand).

    python benchmarks/bench_faiss.py --exact                 # faiss IndexFlatL2, scikit-learn
    python benchmarks/bench_faiss.py --approximate --n 300000
    python benchmarks/bench_faiss.py --approximate --n 1000000 --no-pynndescent

Needs ``pip install faiss-cpu pynndescent`` (not dependencies of smotekit).

Exact (``--exact``), same threads for everyone (faiss ``omp_set_num_threads``, BLAS's for
scikit-learn, ``n_jobs`` for ours), median of ``--repeat`` warm runs after one untimed call:

- A's minority: ``make_classification(1_000_000, n_features=20, n_informative=10,
  weights=[0.95, 0.05], random_state=0)``, class 1 (54,599 x 20), k=5 other rows;
- F, cross-class: ``make_classification(200_000, n_features=20, n_informative=12,
  weights=[0.95], flip_y=0.01, random_state=0)``, every row against all rows, k=6 with the
  row itself (5 others: what a Tomek/ENN-style pass asks).

faiss searches float32 copies (its only type); ours ranks exact float64 distances. "same"
is the share of rows whose neighbour sets agree with ours (float32 ties can swap a few).

Approximate (``--approximate``): a ``make_classification(n, 20, n_informative=10)`` cloud,
all-kNN with k=5 others, recall@5 on 2,000 seeded rows against an exact float64 search.
Each library runs a ladder of settings (faiss IVF ``nprobe``, HNSW ``efSearch``,
pynndescent's default graph); the table shows every rung and, per library, the fastest at
recall >= 0.95. Build time is included everywhere.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shapes import shape_f


def threads() -> int:
    return len(os.sched_getaffinity(0))


def timed(fn, repeat: int):
    fn()  # untimed: imports, compiled-code loads, thread start
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def same_sets(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.sort(a, axis=1), np.sort(b, axis=1)
    return float((a == b).all(axis=1).mean())


def exact(repeat: int) -> None:
    import faiss
    from sklearn.datasets import make_classification
    from sklearn.neighbors import NearestNeighbors
    from threadpoolctl import threadpool_limits

    from smotekit.neighbors import kneighbors_query, kneighbors_within

    t = threads()
    faiss.omp_set_num_threads(t)
    X, y = make_classification(
        1_000_000, n_features=20, n_informative=10, weights=[0.95, 0.05], random_state=0
    )
    A = np.ascontiguousarray(X[y == 1])
    X, y = shape_f()
    F = np.ascontiguousarray(X)

    def faiss_self(data: np.ndarray, k: int) -> np.ndarray:
        x32 = data.astype(np.float32)
        index = faiss.IndexFlatL2(data.shape[1])
        index.add(x32)
        return index.search(x32, k)[1]

    def drop_first(found: np.ndarray) -> np.ndarray:
        return found[:, 1:]

    print(f"{t} threads; seconds, median of {repeat} warm runs")
    print(f"{'case':<34}{'smotekit':>10}{'faiss':>10}{'sklearn':>10}{'same':>8}")
    for name, data, k, ours in (
        ("A minority 54,599 x 20, k=5", A, 6, lambda d=A: kneighbors_within(d, 5)),
        ("F all 200,000 x 20 vs all, k=6", F, 6, lambda d=F: kneighbors_query(d, 5)),
    ):
        t_ours, r_ours = timed(ours, repeat)
        t_faiss, r_faiss = timed(lambda d=data, k=k: faiss_self(d, k), repeat)
        with threadpool_limits(t):
            nn = NearestNeighbors(n_neighbors=k, algorithm="brute", n_jobs=t)
            t_skl, _ = timed(lambda d=data, nn=nn: nn.fit(d).kneighbors(d), 1)
        agree = same_sets(r_ours, drop_first(r_faiss))
        print(f"{name:<34}{t_ours:>10.2f}{t_faiss:>10.2f}{t_skl:>10.2f}{agree:>8.4f}")
        print(f"{'':<34}{'faiss / ours':>20} {t_faiss / t_ours:.2f}x")


def approximate(n: int, with_pynndescent: bool) -> None:
    import faiss
    from sklearn.datasets import make_classification

    from smotekit import ApproximateNeighbors
    from smotekit.neighbors import kneighbors_query

    t = threads()
    faiss.omp_set_num_threads(t)
    X = make_classification(n, n_features=20, n_informative=10, random_state=0)[0]
    X = np.ascontiguousarray(X)
    probe = np.random.default_rng(0).choice(n, 2000, replace=False)
    truth = kneighbors_query(X, 5, rows=probe)

    def recall(found: np.ndarray) -> float:
        hits = [len(set(f) & set(r)) for f, r in zip(found, truth, strict=True)]
        return float(np.mean(hits)) / 5

    def others(found: np.ndarray) -> np.ndarray:
        """Drop each row itself from k + 1 results (or the last one if it is missing)."""
        keep = found != probe[:, None]
        keep[keep.all(axis=1), -1] = False
        return found[keep].reshape(found.shape[0], -1)[:, :5]

    rows = []

    def run(lib: str, setting: str, fn) -> None:
        start = time.perf_counter()
        found = fn()
        rows.append((lib, setting, time.perf_counter() - start, recall(others(found[probe]))))
        print(f"{lib:<14}{setting:<22}{rows[-1][2]:>9.2f} s  recall@5 {rows[-1][3]:.3f}")

    def ours() -> np.ndarray:
        est = ApproximateNeighbors(6, random_state=0).fit(X)
        return est.kneighbors(X, return_distance=False)

    ours()  # load kernels
    run("smotekit", "auto (0.95)", ours)
    x32 = X.astype(np.float32)
    cells = int(np.sqrt(n))
    for nprobe in (4, 8, 16, 32):

        def ivf(nprobe=nprobe) -> np.ndarray:
            quantizer = faiss.IndexFlatL2(20)
            index = faiss.IndexIVFFlat(quantizer, 20, cells)
            index.train(x32)
            index.add(x32)
            index.nprobe = nprobe
            return index.search(x32, 6)[1]

        run("faiss IVF", f"nlist {cells} nprobe {nprobe}", ivf)
    for ef in (16, 32, 64):

        def hnsw(ef=ef) -> np.ndarray:
            index = faiss.IndexHNSWFlat(20, 16)
            index.add(x32)
            index.hnsw.efSearch = ef
            return index.search(x32, 6)[1]

        run("faiss HNSW", f"M 16 efSearch {ef}", hnsw)
    if with_pynndescent:
        from pynndescent import NNDescent

        NNDescent(X[:2000], n_neighbors=6, random_state=0)  # its first call compiles
        for width in (6, 15, 30):
            run(
                "pynndescent",
                f"n_neighbors {width}",
                lambda w=width: NNDescent(
                    X, n_neighbors=w, random_state=0, n_jobs=t
                ).neighbor_graph[0][:, :6],
            )
    print("\nfastest at recall@5 >= 0.95:")
    for lib in dict.fromkeys(r[0] for r in rows):
        ok = [r for r in rows if r[0] == lib and r[3] >= 0.95]
        if ok:
            best = min(ok, key=lambda r: r[2])
            print(f"  {lib:<14}{best[1]:<22}{best[2]:>9.2f} s  recall@5 {best[3]:.3f}")
        else:
            print(f"  {lib:<14}none reached 0.95")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exact", action="store_true")
    parser.add_argument("--approximate", action="store_true")
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pynndescent", action="store_true")
    args = parser.parse_args()
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load", os.getloadavg()[0])
    if args.exact or not args.approximate:
        exact(args.repeat)
    if args.approximate:
        approximate(args.n, not args.no_pynndescent)


if __name__ == "__main__":
    main()
