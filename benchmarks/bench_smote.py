"""smotekit's SMOTE against imbalanced-learn's, side by side in one run (run by hand).

    python benchmarks/bench_smote.py                 # shapes A-D, 3 repetitions
    python benchmarks/bench_smote.py --shapes C --repeat 5
    python benchmarks/bench_smote.py --scaling       # time vs minority size and dimension
    python benchmarks/bench_smote.py --cold-start    # first call in a fresh process vs warm

Each shape runs in its own process: both libraries get the same data, alternate in order
from one repetition to the next, and each call's peak RSS rise is measured from a reset of
the process's high-water mark (so data generation does not count). Ratios, not absolute
figures, are the result: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import measure, nbytes  # noqa: E402 - importable once HERE is on sys.path
from shapes import SHAPES, TARGETS  # noqa: E402 - importable once HERE is on sys.path


def _samplers():
    from imblearn.over_sampling import SMOTE as ImbSMOTE

    from smotekit import SMOTE

    return {
        "smotekit": lambda: SMOTE(random_state=0),
        "imblearn": lambda: ImbSMOTE(random_state=0),
    }


def worker_shape(name: str, repeat: int) -> dict:
    """Measure both libraries on one shape in this process."""
    X, y = SHAPES[name]()
    samplers = _samplers()
    # warm-up on a slice: imports, compiled-code cache loads, BLAS thread start
    import numpy as np

    small = np.sort(np.random.default_rng(0).choice(len(y), 20_000, replace=False))
    for make in samplers.values():
        make().fit_resample(X[small], y[small])
    times = {k: [] for k in samplers}
    peaks = {k: [] for k in samplers}
    out_bytes = {}
    order = list(samplers)
    for rep in range(repeat):
        for lib in order if rep % 2 == 0 else order[::-1]:
            result, seconds, peak = measure(samplers[lib]().fit_resample, X, y)
            times[lib].append(seconds)
            peaks[lib].append(peak)
            out_bytes[lib] = nbytes(result)
            del result
    n_min = int((y == 1).sum())
    return {
        "shape": name,
        "minority": n_min,
        "d": X.shape[1],
        "times": times,
        "peaks": peaks,
        "output_bytes": out_bytes["smotekit"],
    }


def worker_scaling(kind: str, value: int, with_peer: bool) -> dict:
    import numpy as np

    from smotekit import SMOTE

    rng = np.random.default_rng(0)
    if kind == "n":
        n_min, d = value, 20
    else:
        n_min, d = 50_000, value
    X = np.vstack([rng.normal(size=(2 * n_min, d)), rng.normal(0.5, size=(n_min, d))])
    y = np.r_[np.zeros(2 * n_min, dtype=np.int64), np.ones(n_min, dtype=np.int64)]
    SMOTE(random_state=0).fit_resample(X[:3000], y[:3000] * 0 + (np.arange(3000) % 3 == 0))
    _, ours, _ = measure(SMOTE(random_state=0).fit_resample, X, y)
    theirs = None
    if with_peer:
        from imblearn.over_sampling import SMOTE as ImbSMOTE

        _, theirs, _ = measure(ImbSMOTE(random_state=0).fit_resample, X, y)
    return {"kind": kind, "value": value, "ours": ours, "peer": theirs}


def worker_cold() -> dict:
    start = time.perf_counter()
    import numpy as np  # noqa: F401 - imported only to time the import, as a user's would be

    from smotekit import SMOTE

    imported = time.perf_counter() - start
    X, y = SHAPES["A"]()
    first = measure(SMOTE(random_state=0).fit_resample, X, y)[1]
    warm = measure(SMOTE(random_state=0).fit_resample, X, y)[1]
    return {"import": imported, "first": first, "warm": warm}


def _spawn(args: list[str]) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"worker {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import imblearn
    import numpy
    import sklearn

    import smotekit

    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy "
        f"{numpy.__version__}, scikit-learn {sklearn.__version__}, imbalanced-learn "
        f"{imblearn.__version__}, smotekit {smotekit.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="ABCD")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scaling", action="store_true")
    parser.add_argument("--cold-start", action="store_true")
    parser.add_argument(
        "--peer-max-n",
        type=int,
        default=200_000,
        help="largest minority size at which imblearn is timed in --scaling",
    )
    parser.add_argument(
        "--sizes",
        default="10000,30000,100000,300000,1000000",
        help="minority sizes of the --scaling table (d=20)",
    )
    parser.add_argument(
        "--dims", default="2,5,10,20,50,100,200", help="dimensions of the --scaling table (n=50k)"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind = args.worker[0]
        if kind == "shape":
            result = worker_shape(args.worker[1], int(args.worker[2]))
        elif kind == "scaling":
            result = worker_scaling(args.worker[1], int(args.worker[2]), args.worker[3] == "1")
        else:
            result = worker_cold()
        print(json.dumps(result))
        return

    print(f"machine: {_machine()}")
    if args.cold_start:
        r = _spawn(["cold"])
        print(
            f"cold start on A: import {r['import']:.2f} s, first call {r['first']:.2f} s, "
            f"warm call {r['warm']:.2f} s, first - warm = {r['first'] - r['warm']:+.2f} s "
            "(target <= 1 s)"
        )
    if args.scaling:
        print("\nscaling (smotekit; imblearn where timed), seconds")
        print(f"{'minority n (d=20)':>20} {'smotekit':>9} {'imblearn':>9} {'ratio':>7}")
        for n in (int(v) for v in args.sizes.split(",") if v):
            r = _spawn(["scaling", "n", str(n), "1" if n <= args.peer_max_n else "0"])
            _print_scaling(r)
        print(f"\n{'d (n=50k)':>20} {'smotekit':>9} {'imblearn':>9} {'ratio':>7}")
        for d in (int(v) for v in args.dims.split(",") if v):
            _print_scaling(_spawn(["scaling", "d", str(d), "1"]))
    if args.cold_start or args.scaling:
        return

    header = (
        f"{'shape':<5} {'minority x d':>14} {'smotekit s':>10} {'imblearn s':>10} "
        f"{'speed-up':>8} {'target':>6} {'ours MB':>8} {'imbl MB':>8} {'out MB':>7} "
        f"{'ours/out':>8}"
    )
    print(header)
    for name in args.shapes:
        r = _spawn(["shape", name, str(args.repeat)])
        ours = statistics.median(r["times"]["smotekit"])
        theirs = statistics.median(r["times"]["imblearn"])
        peak_ours = max(r["peaks"]["smotekit"]) / 1e6
        peak_theirs = max(r["peaks"]["imblearn"]) / 1e6
        out = r["output_bytes"] / 1e6
        print(
            f"{name:<5} {r['minority']:>8} x {r['d']:<3} {ours:>10.3f} {theirs:>10.3f} "
            f"{theirs / ours:>7.1f}x {TARGETS[name]:>5.0f}x {peak_ours:>8.0f} "
            f"{peak_theirs:>8.0f} {out:>7.0f} {peak_ours / out:>8.2f}",
            flush=True,
        )


def _print_scaling(r: dict) -> None:
    peer = f"{r['peer']:>9.3f}" if r["peer"] is not None else f"{'-':>9}"
    ratio = f"{r['peer'] / r['ours']:>6.1f}x" if r["peer"] is not None else f"{'-':>7}"
    print(f"{r['value']:>20} {r['ours']:>9.3f} {peer} {ratio}", flush=True)


if __name__ == "__main__":
    main()
