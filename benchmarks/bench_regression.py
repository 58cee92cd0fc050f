"""SMOTER and SMOGN (smotekit) against no resampling and the ``smogn`` package.

Repeated K-fold (5 repeats x 2 folds) on scikit-learn's bundled diabetes data; only the
training folds are resampled. The relevance is fixed per training fold: phi = 0 at the
training median, 1 at its 90th percentile, PCHIP between (the diabetes target has no
box-plot extremes, so the default relevance marks nothing rare). Reported: RMSE over the
test rows with phi >= 0.5 (phi of the training fold) and RMSE over all test rows.

Run: .venv/bin/python benchmarks/bench_regression.py   (needs ``pip install smogn``)
"""

from __future__ import annotations

import contextlib
import io
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.model_selection import RepeatedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor

from smotekit.samplers.regression import SMOGN, SMOTER, Relevance


def models():
    return {
        "tree": lambda: DecisionTreeRegressor(min_samples_leaf=5, random_state=0),
        "ridge": lambda: make_pipeline(StandardScaler(), Ridge(alpha=1.0)),
    }


class _NumpyShim:
    """numpy for smogn 0.1.2, which calls ``np.quantile(interpolation=...)`` (removed in
    numpy 2): the keyword is passed on as ``method``; everything else is numpy's."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def quantile(a, q, interpolation="linear", **kw):
        return np.quantile(a, q, method=interpolation, **kw)

    class random:  # stands for numpy.random
        """``size=1`` draws as scalars (smogn calls ``int()``/``float()`` on them)."""

        @staticmethod
        def choice(a, size=None, replace=True, p=None):
            out = np.random.choice(a, size=size, replace=replace, p=p)  # noqa: NPY002 (smogn's API)
            return out[0] if size == 1 else out

        @staticmethod
        def normal(loc=0.0, scale=1.0, size=None):
            out = np.random.normal(loc, scale, size)  # noqa: NPY002 (smogn's API)
            return out[0] if size == 1 else out


def package_smogn(X, y, points, seed):
    import sys

    import smogn

    for module in ("smogn.box_plot_stats", "smogn.over_sampling"):
        sys.modules[module].np = _NumpyShim()

    np.random.seed(seed)  # noqa: NPY002 (smogn draws from the global state)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    frame["target"] = y
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        out = smogn.smoter(
            data=frame,
            y="target",
            rel_method="manual",
            rel_ctrl_pts_rg=[[p[0], p[1], 0] for p in points],
        )
    return out.drop(columns="target").to_numpy(), out["target"].to_numpy()


def main() -> None:
    X, y = load_diabetes(return_X_y=True)
    cv = RepeatedKFold(n_splits=2, n_repeats=5, random_state=0)
    methods = ["none", "SMOTER (smotekit)", "SMOGN (smotekit)", "SMOGN (smogn 0.1.2)"]
    scores = {(m, k): ([], []) for m in methods for k in models()}
    seconds = dict.fromkeys(methods, 0.0)
    failures: dict[str, list[str]] = {}
    for fold, (train, test) in enumerate(cv.split(X)):
        Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
        points = [(float(np.median(ytr)), 0.0), (float(np.quantile(ytr, 0.9)), 1.0)]
        rare_test = Relevance(points)(yte) >= 0.5
        for method in methods:
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if method == "none":
                    Xr, yr = Xtr, ytr
                elif method.startswith("SMOTER"):
                    Xr, yr = SMOTER(relevance=points, random_state=fold).fit_resample(Xtr, ytr)
                elif method == "SMOGN (smotekit)":
                    Xr, yr = SMOGN(relevance=points, random_state=fold).fit_resample(Xtr, ytr)
                else:
                    try:
                        Xr, yr = package_smogn(Xtr, ytr, points, fold)
                    except Exception as error:  # smogn 0.1.2 fails on some data
                        failures.setdefault(method, []).append(f"fold {fold}: {error}")
                        continue
            seconds[method] += time.perf_counter() - start
            for name, make in models().items():
                pred = make().fit(Xr, yr).predict(Xte)
                err = (pred - yte) ** 2
                scores[(method, name)][0].append(np.sqrt(err[rare_test].mean()))
                scores[(method, name)][1].append(np.sqrt(err.mean()))
    print(f"diabetes (n={len(y)}), 5x2 repeated K-fold, mean (sd) over 10 test folds")
    header = f"| {'resampling':<22}| {'model':<6}| {'rare-range RMSE':<17}| {'overall RMSE':<15}|"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for method in methods:
        for name in models():
            rare, overall = (np.array(v) for v in scores[(method, name)])
            if rare.size == 0:
                print(f"| {method:<22}| {name:<6}| {'failed':<17}| {'failed':<15}|")
                continue
            print(
                f"| {method:<22}| {name:<6}| {rare.mean():7.2f} ({rare.std():5.2f})  "
                f"| {overall.mean():6.2f} ({overall.std():4.2f}) |"
            )
    times = ", ".join(f"{m}: {t:.2f}" for m, t in seconds.items())
    print(f"resampling time, s (10 folds): {times}")
    for method, errors in failures.items():
        print(f"{method} failed on {len(errors)} of 10 folds; first: {errors[0]}")


if __name__ == "__main__":
    main()
