"""The balanced ensembles against imbalanced-learn's, each fit the first in a fresh process.

    python benchmarks/bench_ensemble.py                 # shape F, every ensemble
    python benchmarks/bench_ensemble.py --n 50000 --models EasyEnsembleClassifier

Same hyper-parameters on both sides (the defaults, ``random_state=0``, ``n_jobs=1``); the
data is shape F's (``shapes.shape_f``) split 75/25. Prints fit and predict seconds, the peak
RSS rise of the fit, the test balanced accuracy and ROC-AUC, and the ratio imblearn /
smotekit of the fit time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import measure  # noqa: E402 - importable once HERE is on sys.path
from shapes import shape_f  # noqa: E402 - importable once HERE is on sys.path

MODELS = (
    "BalancedBaggingClassifier",
    "BalancedRandomForestClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
)


def worker(path: str, model: str, lib: str) -> dict:
    import numpy as np
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    data = np.load(path)
    X_train, y_train, X_test, y_test = (data[k] for k in ("Xtr", "ytr", "Xte", "yte"))
    module = "smotekit.ensemble" if lib == "smotekit" else "imblearn.ensemble"
    import importlib

    cls = getattr(importlib.import_module(module), model)
    kwargs = {"random_state": 0}
    if "n_jobs" in cls().get_params():
        kwargs["n_jobs"] = 1
    estimator = cls(**kwargs)
    _, fit_s, fit_peak = measure(estimator.fit, X_train, y_train)
    start = time.perf_counter()
    proba = estimator.predict_proba(X_test)[:, 1]
    predict_s = time.perf_counter() - start
    return {
        "fit": fit_s,
        "peak": fit_peak,
        "predict": predict_s,
        "bal_acc": float(balanced_accuracy_score(y_test, proba > 0.5)),
        "auc": float(roc_auc_score(y_test, proba)),
        # boosting can stop early (a round no better than chance): the two libraries' draws
        # differ, so they may stop after different numbers of rounds
        "members": len(estimator.estimators_),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    parser.add_argument("--n", type=int, default=None, help="rows (default: shape F's)")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    import numpy as np
    from sklearn.model_selection import train_test_split

    X, y = shape_f()
    if args.n:
        X, y = X[: args.n], y[: args.n]
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    path = Path(tempfile.mkdtemp(prefix="smotekit-ens-")) / "data.npz"
    np.savez(path, Xtr=Xtr, ytr=ytr, Xte=Xte, yte=yte)
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), f"train {Xtr.shape}")
    print(
        f"{'model':<32}{'lib':<10}{'fit s':>8}{'pred s':>8}{'peak MB':>9}{'bal.acc':>9}{'AUC':>7}"
        f"{'members':>9}"
    )
    for model in args.models:
        res = {}
        for lib in ("smotekit", "imblearn"):
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", str(path), model, lib],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                print(f"{model:<32}{lib:<10} failed: {proc.stderr.strip().splitlines()[-1]}")
                continue
            r = res[lib] = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"{model:<32}{lib:<10}{r['fit']:>8.2f}{r['predict']:>8.2f}"
                f"{r['peak'] / 1e6:>9.0f}{r['bal_acc']:>9.3f}{r['auc']:>7.3f}{r['members']:>9}"
            )
        if len(res) == 2:
            ratio = res["imblearn"]["fit"] / res["smotekit"]["fit"]
            per = (res["imblearn"]["fit"] / res["imblearn"]["members"]) / (
                res["smotekit"]["fit"] / res["smotekit"]["members"]
            )
            print(f"{'':<32}{'ratio':<10}{ratio:>7.2f}x   per member {per:.2f}x")


if __name__ == "__main__":
    main()
