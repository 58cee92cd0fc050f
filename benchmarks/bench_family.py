"""The SMOTE variants against imbalanced-learn's, on real data, in one run (run by hand).

    python benchmarks/bench_family.py               # satimage and credit_g, 3 repetitions
    python benchmarks/bench_family.py --repeat 5

For each sampler: the rows asked for (``sampling_strategy_``), the rows each library
delivered, and the median time of ``--repeat`` calls of each library, the two alternating in
order from one repetition to the next after one untimed warm-up call each. Both get the same
input; when imbalanced-learn fails on it, the error is reported and it is retried on a
float64 copy (marked ``*``).

satimage (tests/data/satimage.csv): 36 integer columns, 626 vs 5809. credit_g
(tests/data/credit_g.csv): 7 numeric and 13 nominal string columns, 300 vs 700; the variants
need numbers, so they get the nominal columns one-hot encoded (float64); SMOTE-NC gets the raw
columns (smotekit's finds the string columns itself; imbalanced-learn is told which).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def load(name: str) -> tuple[pd.DataFrame, pd.Series]:
    frame = pd.read_csv(DATA / f"{name}.csv")
    return frame.drop(columns="label"), frame["label"]


def pairs(nominal: list[str] | None):
    """``(name, make ours, make theirs, input)`` for every sampler of the family.

    input: False = numeric (one-hot for credit_g), True = raw table, "nominal" = its nominal
    columns only. For cleaning and combined samplers "delivered" is the net change in rows.
    """
    from imblearn import over_sampling as imb

    import smotekit as sk

    rows = [
        ("BorderlineSMOTE-1", sk.BorderlineSMOTE, imb.BorderlineSMOTE, {}),
        ("BorderlineSMOTE-2", sk.BorderlineSMOTE, imb.BorderlineSMOTE, {"kind": "borderline-2"}),
        ("ADASYN", sk.ADASYN, imb.ADASYN, {}),
        ("SVMSMOTE", sk.SVMSMOTE, imb.SVMSMOTE, {}),
        ("KMeansSMOTE", sk.KMeansSMOTE, imb.KMeansSMOTE, {}),
        (
            "KMeansSMOTE(20, 0.2)",
            sk.KMeansSMOTE,
            imb.KMeansSMOTE,
            {"kmeans_estimator": 20, "cluster_balance_threshold": 0.2},
        ),
    ]
    out = [
        (
            name,
            lambda o=ours, p=params: o(random_state=0, **p),
            lambda t=theirs, p=params: t(random_state=0, **p),
            False,
        )
        for name, ours, theirs, params in rows
    ]
    from imblearn import combine as imb_combine
    from imblearn import under_sampling as imb_under

    out.insert(
        0, ("SMOTE", lambda: sk.SMOTE(random_state=0), lambda: imb.SMOTE(random_state=0), False)
    )
    out += [
        ("TomekLinks", sk.TomekLinks, imb_under.TomekLinks, False),
        (
            "EditedNearestNeighbours",
            sk.EditedNearestNeighbours,
            imb_under.EditedNearestNeighbours,
            False,
        ),
        (
            "SMOTETomek",
            lambda: sk.SMOTETomek(random_state=0),
            lambda: imb_combine.SMOTETomek(random_state=0),
            False,
        ),
        (
            "SMOTEENN",
            lambda: sk.SMOTEENN(random_state=0),
            lambda: imb_combine.SMOTEENN(random_state=0),
            False,
        ),
        (
            "SMOTEUnder(200, 100)",
            lambda: sk.SMOTEUnder(percentage=200, under_percentage=100, random_state=0),
            lambda: _ImbSmoteThenUnder(200, 100),
            False,
        ),
        ("SyntheticNoiseFilter", lambda: sk.SyntheticNoiseFilter(random_state=0), None, False),
    ]
    if nominal is not None:
        out.append(
            (
                "SMOTEN (nominal only)",
                lambda: sk.SMOTEN(random_state=0),
                lambda: imb.SMOTEN(random_state=0),
                "nominal",
            )
        )
    if nominal is not None and hasattr(sk, "SMOTENC"):
        out.append(
            (
                "SMOTENC",
                lambda: sk.SMOTENC(random_state=0),
                lambda: imb.SMOTENC(categorical_features=nominal, random_state=0),
                True,
            )
        )
    return out


class _ImbSmoteThenUnder:
    """imbalanced-learn's nearest equivalent of the paper's SMOTE N% + under-sampling U%."""

    def __init__(self, percentage: float, under: float) -> None:
        self.percentage, self.under = percentage, under

    def fit_resample(self, X, y):
        from imblearn.over_sampling import SMOTE
        from imblearn.under_sampling import RandomUnderSampler

        counts = y.value_counts()
        minority, majority = counts.idxmin(), counts.idxmax()
        after = counts[minority] + int(self.percentage * counts[minority] / 100)
        X, y = SMOTE(sampling_strategy={minority: after}, random_state=0).fit_resample(X, y)
        keep = min(counts[majority], round(after * 100 / self.under))
        under = RandomUnderSampler(sampling_strategy={majority: keep}, random_state=0)
        return under.fit_resample(X, y)


def call(make, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        sampler = make()
        _, y_res = sampler.fit_resample(X, y)
        return time.perf_counter() - start, len(y_res) - len(y), sampler


def compare(make_ours, make_theirs, X, y, repeat: int) -> dict:
    """Counts and median times of both libraries on the same input."""
    _, ours_new, ours = call(make_ours, X, y)  # warm-up, and the counts
    over = getattr(ours, "_direction", "") == "over-sampling" and not hasattr(ours, "kept_")
    asked = sum(ours.sampling_strategy_.values()) if over else "-"
    if make_theirs is None:
        return {
            "asked": asked,
            "ours": ours_new,
            "theirs": "(no equivalent)",
            "t_ours": _median(make_ours, X, y, repeat),
            "t_theirs": None,
        }
    X_theirs, mark = X, ""
    try:
        _, theirs_new, _ = call(make_theirs, X_theirs, y)
    except Exception as error:  # reported, then retried on floats
        first_error = type(error).__name__
        X_theirs, mark = X.astype(np.float64), "*"
        try:
            _, theirs_new, _ = call(make_theirs, X_theirs, y)
        except Exception as error2:
            return {
                "asked": asked,
                "ours": ours_new,
                "theirs": f"{first_error}, then {type(error2).__name__}",
                "t_ours": _median(make_ours, X, y, repeat),
                "t_theirs": None,
            }
        theirs_new = f"{theirs_new}{mark} ({first_error} on the input)"
    times = {"ours": [], "theirs": []}
    for rep in range(repeat):
        order = [("ours", make_ours, X), ("theirs", make_theirs, X_theirs)]
        for lib, make, data in order if rep % 2 == 0 else order[::-1]:
            times[lib].append(call(make, data, y)[0])
    return {
        "asked": asked,
        "ours": ours_new,
        "theirs": theirs_new,
        "t_ours": statistics.median(times["ours"]),
        "t_theirs": statistics.median(times["theirs"]),
    }


def _median(make, X, y, repeat: int) -> float:
    return statistics.median(call(make, X, y)[0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import imblearn
    import sklearn

    import smotekit

    print(
        f"smotekit {smotekit.__version__}, imbalanced-learn {imblearn.__version__}, "
        f"scikit-learn {sklearn.__version__}, Python {platform.python_version()}, "
        f"median of {args.repeat} (alternating)\n"
    )
    X_sat, y_sat = load("satimage")
    X_credit, y_credit = load("credit_g")
    nominal = [c for c in X_credit.columns if not pd.api.types.is_numeric_dtype(X_credit[c])]
    X_onehot = pd.get_dummies(X_credit, columns=nominal, dtype=np.float64)
    datasets = [
        ("satimage (6435 x 36 int, 626/5809)", X_sat, y_sat, X_sat, None),
        (
            f"credit_g (1000 x 20 -> {X_onehot.shape[1]} one-hot, 300/700)",
            X_onehot,
            y_credit,
            X_credit,
            nominal,
        ),
    ]
    header = f"{'sampler':22} {'asked':>6} {'smotekit':>9} {'imblearn':>34} {'ours s':>8} "
    header += f"{'imb s':>8} {'imb/ours':>8}"
    for title, X, y, X_raw, cats in datasets:
        print(title)
        print(header)
        for name, make_ours, make_theirs, raw in pairs(cats):
            data = X_raw[cats] if raw == "nominal" else (X_raw if raw else X)
            r = compare(make_ours, make_theirs, data, y, args.repeat)
            t_theirs = "-" if r["t_theirs"] is None else f"{r['t_theirs']:.3f}"
            ratio = "-" if r["t_theirs"] is None else f"{r['t_theirs'] / r['t_ours']:.2f}"
            print(
                f"{name:22} {r['asked']:>6} {r['ours']:>9} {r['theirs']!s:>34} "
                f"{r['t_ours']:>8.3f} {t_theirs:>8} {ratio:>8}"
            )
        print()


if __name__ == "__main__":
    main()
