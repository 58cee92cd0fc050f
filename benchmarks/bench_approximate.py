"""Benchmark of ApproximateNeighbors against the exact engine (run by hand, not in CI).

    python benchmarks/bench_approximate.py
    python benchmarks/bench_approximate.py --datasets A C300 --probes auto 4 16
    python benchmarks/bench_approximate.py --no-smote --skip-exact-above 100000

Data are generated here (no downloads):

- A: the minority class of ``make_classification(1_000_000, n_features=20,
  n_informative=10, weights=[0.95, 0.05], random_state=0)`` (54,599 x 20; shape A of the
  performance notes);
- C300 / C1M: a minority-like cloud of 300k / 1M x 20: class 1 of
  ``make_classification(2 * n, n_features=20, n_informative=10, weights=[0.5, 0.5],
  flip_y=0, random_state=1)`` (exactly n rows: two gaussian clusters in 10 informative
  dimensions, 2 redundant and 8 noise columns, like A's minority);
- B200: the same at 200k x 100 (10 informative, 2 redundant, 88 noise columns;
  ``random_state=2``): a high intrinsic dimension, the hard case for any cell-based search.

For each: the exact engine ``kneighbors_within(X, 5)`` (skipped above ``--skip-exact-above``
rows, default 400k: 1M x 20 would take ~6 minutes, 11 times 300k's, n^2), then
``ApproximateNeighbors(6, n_probe=p, random_state=0)`` for each ``--probes`` setting, timed
as SMOTE uses it (``fit(X)`` then ``kneighbors(X, return_distance=False)``), and
``recall@5``: the share of each sampled row's true 5 nearest other rows that it returns,
on 2,000 seeded rows against an exact float64 brute force of those rows (exact squared
differences, ties by index). Then SMOTE end to end on A with the exact engine and with
``ApproximateNeighbors(6, random_state=0)``. Numba kernels are compiled before timing.
The load average is printed with the table: the VM is shared.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from sklearn.datasets import make_classification

from smotekit import SMOTE
from smotekit.neighbors import kneighbors_within
from smotekit.neighbors.approximate import ApproximateNeighbors

K = 5
SAMPLE = 2000


def data_A() -> tuple[np.ndarray, np.ndarray]:
    return make_classification(
        1_000_000, n_features=20, n_informative=10, weights=[0.95, 0.05], random_state=0
    )


def cloud(n: int, d: int, seed: int) -> np.ndarray:
    X, y = make_classification(
        2 * n,
        n_features=d,
        n_informative=10,
        weights=[0.5, 0.5],
        flip_y=0,
        random_state=seed,
    )
    return X[y == 1]


DATASETS = {
    "A": lambda: (lambda X, y: X[y == 1])(*data_A()),
    "C300": lambda: cloud(300_000, 20, 1),
    "C1M": lambda: cloud(1_000_000, 20, 1),
    "B200": lambda: cloud(200_000, 100, 2),
}


def true_neighbors(X: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Exact ``k`` nearest other rows of ``rows``: float64 products pick 4k candidates, which
    are ranked by exact squared differences, ties by index (the engine's contract)."""
    n2 = np.einsum("ij,ij->i", X, X)
    out = np.empty((rows.shape[0], k), dtype=np.intp)
    width = 4 * k + 8
    for a in range(0, rows.shape[0], 50):
        r = rows[a : a + 50]
        D = n2[None, :] - 2.0 * (X[r] @ X.T)
        cand = np.argpartition(D, width, axis=1)[:, :width]
        for t, i in enumerate(r):
            c = cand[t]
            exact = ((X[c] - X[i]) ** 2).sum(axis=1)
            order = np.lexsort((c, exact))
            got = c[order]
            out[a + t] = got[got != i][:k]
    return out


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(f.tolist()) & set(t.tolist())) for f, t in zip(found, truth, strict=True))
    return hits / truth.size


def load() -> str:
    return "/".join(f"{v:.2f}" for v in os.getloadavg())


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def warm_up() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 20))
    kneighbors_within(X, K)
    ApproximateNeighbors(K + 1, random_state=0).fit(X).kneighbors(X)


def run_dataset(name: str, probes: list[str], skip_exact_above: int) -> list[list[str]]:
    X = DATASETS[name]()
    n, d = X.shape
    rows_out = []
    sample = np.sort(np.random.default_rng(0).choice(n, size=min(SAMPLE, n), replace=False))
    truth = true_neighbors(X, sample, K)
    if n <= skip_exact_above:
        found, secs = timed(lambda: kneighbors_within(X, K))
        rows_out.append(
            [
                name,
                f"{n:,} x {d}",
                "exact engine",
                f"{secs:.2f}",
                f"{recall(found[sample], truth):.4f}",
                "",
                load(),
            ]
        )
    else:
        rows_out.append(
            [
                name,
                f"{n:,} x {d}",
                "exact engine",
                "skipped",
                "",
                "n^2: ~(n/300k)^2 x C300's",
                load(),
            ]
        )
    print(" | ".join(rows_out[-1]), flush=True)
    for p in probes:
        n_probe = p if p == "auto" else int(p)
        est = ApproximateNeighbors(K + 1, n_probe=n_probe, random_state=0)
        found, secs = timed(lambda est=est: est.fit(X).kneighbors(X, return_distance=False))
        got = found[sample, 1:]  # the row itself comes first
        info = f"cells={est.n_cells_} probe={est.n_probe_}"
        if est.estimated_recall_ is not None:
            info += f" pilot={est.estimated_recall_:.3f}"
        rows_out.append(
            [
                name,
                f"{n:,} x {d}",
                f"approx n_probe={p}",
                f"{secs:.2f}",
                f"{recall(got, truth):.4f}",
                info,
                load(),
            ]
        )
        print(" | ".join(rows_out[-1]), flush=True)
    return rows_out


def run_smote() -> list[list[str]]:
    X, y = data_A()
    out = []
    for label, k in (
        ("SMOTE exact (k=5)", 5),
        ("SMOTE approx", ApproximateNeighbors(K + 1, random_state=0)),
    ):
        (X_res, _), secs = timed(
            lambda k=k: SMOTE(k_neighbors=k, random_state=0).fit_resample(X, y)
        )
        out.append(
            [
                "A",
                "1,000,000 x 20",
                label,
                f"{secs:.2f}",
                "",
                f"{X_res.shape[0]:,} rows out",
                load(),
            ]
        )
        print(" | ".join(out[-1]), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--probes", nargs="+", default=["auto", "8", "32"])
    parser.add_argument("--skip-exact-above", type=int, default=400_000)
    parser.add_argument("--no-smote", action="store_true")
    args = parser.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}, load average at start: {load()}")
    warm_up()
    table = []
    for name in args.datasets:
        table += run_dataset(name, args.probes, args.skip_exact_above)
    if not args.no_smote:
        table += run_smote()
    head = ["data", "shape", "method", "seconds", "recall@5", "notes", "load 1/5/15"]
    widths = [max(len(r[i]) for r in [head, *table]) for i in range(len(head))]
    print()
    for r in [head, *table]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
