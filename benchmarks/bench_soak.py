"""Soak: many resamples of mixed shapes in one process; memory must not grow.

    python benchmarks/bench_soak.py                  # 1,000 calls, smotekit
    python benchmarks/bench_soak.py --calls 300 --lib imblearn   # the peer, same calls

Each call draws a shape (rows, columns, minority share), a container (numpy, pandas, sparse
CSR) and a sampler from a fixed seeded list, then resamples. The process's resident memory
(RSS) is read every 50 calls. After a warm-up (the first 20% of calls: caches, compiled
kernels, thread pools), the RSS should stay flat: the script prints the RSS after warm-up,
at the end, the largest value, and the least-squares slope in MB per 1,000 calls, and exits
with status 1 when the end is more than ``--tolerance`` MB above the post-warm-up level.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

import numpy as np

SAMPLERS = (
    ("SMOTE", {}),
    ("BorderlineSMOTE", {}),
    ("ADASYN", {}),
    ("RandomOverSampler", {}),
    ("RandomUnderSampler", {}),
    ("TomekLinks", {}),
    ("EditedNearestNeighbours", {}),
    ("SMOTETomek", {}),
    ("SMOTEENN", {}),
    ("NearMiss", {}),
)
DENSE_ONLY = {"BorderlineSMOTE", "ADASYN", "SMOTETomek", "SMOTEENN"}


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def make_call(rng: np.random.Generator, lib: str):
    import pandas as pd
    import scipy.sparse as sp

    n = int(rng.choice([200, 1_000, 5_000, 20_000]))
    d = int(rng.choice([2, 8, 20]))
    share = float(rng.choice([0.05, 0.1, 0.3]))
    name, params = SAMPLERS[int(rng.integers(len(SAMPLERS)))]
    container = str(rng.choice(["numpy", "pandas", "sparse"]))
    if name in DENSE_ONLY and container == "sparse":
        container = "numpy"
    seed = int(rng.integers(1 << 30))
    X = np.random.default_rng(seed).normal(size=(n, d))
    y = (np.random.default_rng(seed + 1).random(n) < share).astype(int)
    y[:6] = 1  # every class has the rows a neighbour search needs
    X[y == 1] += 1.0
    if container == "pandas":
        X = pd.DataFrame(X, columns=[f"c{i}" for i in range(d)])
    elif container == "sparse":
        X = sp.csr_matrix(np.where(np.abs(X) > 1.0, X, 0.0))
    if lib == "imblearn":
        import imblearn.combine
        import imblearn.over_sampling
        import imblearn.under_sampling

        cls = next(
            getattr(m, name)
            for m in (imblearn.over_sampling, imblearn.under_sampling, imblearn.combine)
            if hasattr(m, name)
        )
    else:
        import smotekit

        cls = getattr(smotekit, name)
    kwargs = dict(params)
    if "random_state" in cls().get_params():
        kwargs["random_state"] = seed
    return f"{name}/{container}/{n}x{d}", cls(**kwargs), X, y


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--lib", choices=["smotekit", "imblearn"], default="smotekit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tolerance", type=float, default=25.0, help="MB allowed to grow")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    marks: list[tuple[int, float]] = [(0, rss_mb())]
    for i in range(1, args.calls + 1):
        _what, sampler, X, y = make_call(rng, args.lib)
        out = sampler.fit_resample(X, y)
        del out, sampler, X, y
        if i % 50 == 0:
            gc.collect()
            marks.append((i, rss_mb()))
            print(f"{i:6d} calls  RSS {marks[-1][1]:8.1f} MB", flush=True)
    seconds = time.perf_counter() - started
    warm = [m for m in marks if m[0] >= max(50, args.calls // 5)]
    calls = np.array([m[0] for m in warm], dtype=float)
    mb = np.array([m[1] for m in warm])
    slope = float(np.polyfit(calls, mb, 1)[0] * 1_000) if len(warm) > 2 else float("nan")
    grew = mb[-1] - mb[0]
    print(
        f"{args.lib}: {args.calls} calls in {seconds:.1f} s; RSS after warm-up "
        f"{mb[0]:.1f} MB, at the end {mb[-1]:.1f} MB ({grew:+.1f}), largest {mb.max():.1f} MB; "
        f"slope {slope:+.2f} MB per 1,000 calls"
    )
    return 1 if grew > args.tolerance else 0


if __name__ == "__main__":
    sys.exit(main())
