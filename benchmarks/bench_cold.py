"""Every sampler as a user meets it: the first call in a fresh process, beside the warm one.

    python benchmarks/bench_cold.py                          # the family shape F, every sampler
    python benchmarks/bench_cold.py --shapes A B C D --samplers SMOTE
    python benchmarks/bench_cold.py --shapes F --samplers TomekLinks --repeat 3
    python benchmarks/bench_cold.py --empty-cache --shapes A --samplers SMOTE

Each measurement is its own process: it loads the data (made once per shape by the parent and
kept in a temporary .npy file, so generating it is never timed), imports the library (timed
apart), resets the process's peak RSS, then times the first ``fit_resample`` (cold) and a
second one in the same process (warm), each with its peak RSS rise. smotekit and
imbalanced-learn alternate in order from one repetition to the next; the table prints
medians and the ratio imblearn / smotekit, cold and warm, and the peak rise against the
output's size. ``--empty-cache`` points numba at a fresh cache folder for smotekit's
processes: the first call ever after ``pip install``.

Shapes: A-D of ``shapes.py``, and F, the family's shape:
``make_classification(200_000, n_features=20, n_informative=12, weights=[0.95], flip_y=0.01,
random_state=0)``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import measure, nbytes  # noqa: E402 - importable once HERE is on sys.path
from shapes import SHAPES, shape_f  # noqa: E402 - importable once HERE is on sys.path

ALL_SHAPES = {**SHAPES, "F": shape_f}

#: name -> (smotekit class, imbalanced-learn module and class)
SAMPLERS = {
    "SMOTE": ("SMOTE", "imblearn.over_sampling", "SMOTE"),
    "BorderlineSMOTE": ("BorderlineSMOTE", "imblearn.over_sampling", "BorderlineSMOTE"),
    "ADASYN": ("ADASYN", "imblearn.over_sampling", "ADASYN"),
    "SVMSMOTE": ("SVMSMOTE", "imblearn.over_sampling", "SVMSMOTE"),
    "TomekLinks": ("TomekLinks", "imblearn.under_sampling", "TomekLinks"),
    "EditedNearestNeighbours": (
        "EditedNearestNeighbours",
        "imblearn.under_sampling",
        "EditedNearestNeighbours",
    ),
    "SMOTETomek": ("SMOTETomek", "imblearn.combine", "SMOTETomek"),
    "SMOTEENN": ("SMOTEENN", "imblearn.combine", "SMOTEENN"),
    "KMeansSMOTE": ("KMeansSMOTE", "imblearn.over_sampling", "KMeansSMOTE"),
    "RandomOverSampler": ("RandomOverSampler", "imblearn.over_sampling", "RandomOverSampler"),
    "RandomUnderSampler": ("RandomUnderSampler", "imblearn.under_sampling", "RandomUnderSampler"),
    "RepeatedEditedNearestNeighbours": (
        "RepeatedEditedNearestNeighbours",
        "imblearn.under_sampling",
        "RepeatedEditedNearestNeighbours",
    ),
    "AllKNN": ("AllKNN", "imblearn.under_sampling", "AllKNN"),
    "NeighbourhoodCleaningRule": (
        "NeighbourhoodCleaningRule",
        "imblearn.under_sampling",
        "NeighbourhoodCleaningRule",
    ),
    "OneSidedSelection": ("OneSidedSelection", "imblearn.under_sampling", "OneSidedSelection"),
    "NearMiss": ("NearMiss", "imblearn.under_sampling", "NearMiss"),
    "CondensedNearestNeighbour": (
        "CondensedNearestNeighbour",
        "imblearn.under_sampling",
        "CondensedNearestNeighbour",
    ),
    # smotekit's own: no imbalanced-learn counterpart (its row shows smotekit alone)
    "SyntheticNoiseFilter": ("SyntheticNoiseFilter", None, None),
    "SafeLevelSMOTE": ("SafeLevelSMOTE", None, None),
    "ProWSyn": ("ProWSyn", None, None),
    "SMOBD": ("SMOBD", None, None),
    "LeeSMOTE": ("LeeSMOTE", None, None),
    "AssembledSMOTE": ("AssembledSMOTE", None, None),
    "GeometricSMOTE": ("GeometricSMOTE", "imblearn_extra.gsmote", "GeometricSMOTE"),
    "PolynomFitSMOTE": ("PolynomFitSMOTE", None, None),
    "LVQSMOTE": ("LVQSMOTE", None, None),
    "CCR": ("CCR", None, None),
    "SMOTEIPF": ("SMOTEIPF", None, None),
    "IterativePartitioningFilter": ("IterativePartitioningFilter", None, None),
}
NO_SEED = {
    "TomekLinks",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "AllKNN",
    "NeighbourhoodCleaningRule",
    "NearMiss",
}


def worker(path: str, sampler: str, lib: str, warm: bool) -> dict:
    import numpy as np

    data = np.load(path)
    X, y = data["X"], data["y"]
    ours, module, theirs = SAMPLERS[sampler]
    start = time.perf_counter()
    if lib == "smotekit":
        import smotekit

        cls = getattr(smotekit, ours)
    elif module is None:
        raise SystemExit(f"imbalanced-learn has no {sampler}")
    else:
        import importlib

        cls = getattr(importlib.import_module(module), theirs)
    imported = time.perf_counter() - start
    kwargs = {} if sampler in NO_SEED else {"random_state": 0}
    result, first, first_peak = measure(cls(**kwargs).fit_resample, X, y)
    out = nbytes(result)
    del result
    second = second_peak = None
    if warm:
        result, second, second_peak = measure(cls(**kwargs).fit_resample, X, y)
        del result
    return {
        "import": imported,
        "cold": first,
        "cold_peak": first_peak,
        "warm": second,
        "warm_peak": second_peak,
        "output": out,
    }


def spawn(args: list[str], env: dict | None = None, timeout: float | None = None) -> dict:
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", *args],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s (--timeout)"}
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["F"])
    parser.add_argument("--samplers", nargs="+", default=list(SAMPLERS), choices=list(SAMPLERS))
    parser.add_argument("--libs", nargs="+", default=["smotekit", "imblearn"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-warm", action="store_true", help="skip the second call")
    parser.add_argument("--empty-cache", action="store_true")
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds before a measurement is stopped"
    )
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        path, sampler, lib, warm = args.worker
        print(json.dumps(worker(path, sampler, lib, warm == "1")))
        return
    import numpy as np

    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load", os.getloadavg()[0])
    tmp = Path(tempfile.mkdtemp(prefix="smotekit-bench-"))
    for shape in args.shapes:
        X, y = ALL_SHAPES[shape]()
        path = tmp / f"{shape}.npz"
        np.savez(path, X=X, y=y)
        print(f"\nshape {shape}: {X.shape[0]:,} x {X.shape[1]}, minority {np.bincount(y).min():,}")
        print(
            f"{'sampler':<24}{'lib':<10}{'import s':>9}{'cold s':>9}{'warm s':>9}"
            f"{'cold MB':>9}{'warm MB':>9}{'out MB':>8}"
        )
        for sampler in args.samplers:
            libs = [x for x in args.libs if x == "smotekit" or SAMPLERS[sampler][1]]
            runs: dict[str, list[dict]] = {lib: [] for lib in libs}
            for rep in range(args.repeat):
                order = libs if rep % 2 == 0 else libs[::-1]
                for lib in order:
                    env = dict(os.environ)
                    if args.empty_cache and lib == "smotekit":
                        env["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba-empty-")
                    warm = "0" if args.no_warm else "1"
                    runs[lib].append(spawn([str(path), sampler, lib, warm], env, args.timeout))
            med = {}
            for lib, rs in runs.items():
                ok = [r for r in rs if "error" not in r]
                if not ok:
                    print(f"{sampler:<24}{lib:<10} failed: {rs[0]['error'][:80]}")
                    continue
                m = {
                    key: statistics.median(r[key] for r in ok)
                    for key in ("import", "cold", "cold_peak", "output")
                }
                warm_runs = [r["warm"] for r in ok if r["warm"] is not None]
                m["warm"] = statistics.median(warm_runs) if warm_runs else float("nan")
                peaks = [r["warm_peak"] for r in ok if r["warm_peak"] is not None]
                m["warm_peak"] = statistics.median(peaks) if peaks else float("nan")
                med[lib] = m
                print(
                    f"{sampler:<24}{lib:<10}{m['import']:>9.2f}{m['cold']:>9.3f}"
                    f"{m['warm']:>9.3f}{m['cold_peak'] / 1e6:>9.0f}{m['warm_peak'] / 1e6:>9.0f}"
                    f"{m['output'] / 1e6:>8.0f}"
                )
            if "smotekit" in med and "imblearn" in med:
                o, t = med["smotekit"], med["imblearn"]
                share = o["cold_peak"] / o["output"]
                print(
                    f"{'':<24}{'ratio':<10}{'':>9}{t['cold'] / o['cold']:>8.1f}x"
                    f"{t['warm'] / o['warm']:>8.1f}x   peak/out ours {share:.2f}"
                )
        path.unlink()


if __name__ == "__main__":
    main()
