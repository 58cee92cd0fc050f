"""The SMOTE paper's experiment (Chawla et al. 2002, section 5): ROC curves from under-sampling.

For each SMOTE level N% of the minority (0 = none), the majority is under-sampled at each of
the paper's levels U%; a decision tree (CART here, standing in for the paper's C4.5) is
cross-validated at every (N, U) and gives one ROC point, %TP against %FP, from the confusion
counts pooled over the 10 test folds. The points of one N, with (0, 0) and (100, 100) added,
trace an ROC curve; its convex hull is what a user can reach by choosing (or mixing) levels,
and the area under it, by the trapezoid rule, is the number of the paper's Table 3.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier

from smotekit.evaluation.compare import nominal_columns, prepare_data
from smotekit.evaluation.strategies import Columns, _encoder
from smotekit.pipeline import Pipeline
from smotekit.samplers import SMOTEUnder

__all__ = [
    "PAPER_SMOTE_LEVELS",
    "PAPER_TABLE3",
    "PAPER_UNDER_LEVELS",
    "PaperResult",
    "paper_experiment",
    "roc_convex_hull",
    "trapezoid_auc",
]

#: The paper's under-sampling levels U% (section 5).
PAPER_UNDER_LEVELS: tuple[int, ...] = (
    10, 15, 25, 50, 75, 100, 125, 150, 175, 200, 300, 400, 500, 600, 700, 800, 1000, 2000,
)  # fmt: skip

#: SMOTE levels N% (0: under-sampling alone).
PAPER_SMOTE_LEVELS: tuple[int, ...] = (0, 100, 200, 300, 400, 500)

#: The paper's Table 3 (C4.5, 10-fold CV): AUC x 10^4 by SMOTE level (0 = under-sampling only).
PAPER_TABLE3: dict[str, dict[int, int]] = {
    "pima": {0: 7242, 100: 7307},
    "phoneme": {0: 8622, 100: 8644, 200: 8661},
    "satimage": {0: 8900, 100: 8957, 200: 8979, 300: 8963, 400: 8975, 500: 8960},
}


def roc_convex_hull(fp: Sequence[float], tp: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Upper-left convex hull of ROC points (in percent), from (0, 0) to (100, 100).

    The two corners are always added: predicting everything negative or everything positive
    is always possible (the paper adds (100, 100) for the same reason).

    Returns
    -------
    fp, tp : ndarray
        Hull vertices in increasing %FP.

    Examples
    --------
    >>> roc_convex_hull([20, 50, 60], [60, 70, 90])
    (array([  0.,  20.,  60., 100.]), array([  0.,  60.,  90., 100.]))
    """
    pts = sorted({(0.0, 0.0), (100.0, 100.0), *zip(map(float, fp), map(float, tp), strict=True)})
    hull: list[tuple[float, float]] = []
    for p in pts:
        # keep only right turns (Andrew's monotone chain, upper half)
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (p[1] - y1) - (y2 - y1) * (p[0] - x1) >= 0:
                hull.pop()
            else:
                break
        hull.append(p)
    arr = np.array(hull)
    return arr[:, 0], arr[:, 1]


def trapezoid_auc(fp: Sequence[float], tp: Sequence[float]) -> float:
    """Area under ROC points in percent by the trapezoid rule, with (0,0) and (100,100) added.

    Points are taken in increasing %FP (ties by %TP), so the curve runs left to right.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> trapezoid_auc([0.0, 100.0], [0.0, 100.0])
    0.5
    >>> trapezoid_auc([0.0], [100.0])
    1.0
    """
    pts = sorted({(0.0, 0.0), (100.0, 100.0), *zip(map(float, fp), map(float, tp), strict=True)})
    arr = np.array(pts)
    x, y = arr[:, 0], arr[:, 1]
    # the trapezoid rule written out: np.trapezoid is numpy>=2.0 only (np.trapz before)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0) / 1e4)


@dataclass
class PaperResult:
    """What :func:`paper_experiment` measured.

    Attributes
    ----------
    points : DataFrame
        One row per SMOTE level and under-sampling level: ``smote``, ``under``, ``tp_rate``,
        ``fp_rate`` (percent) and the pooled confusion counts ``tp``, ``fn``, ``fp``, ``tn``.
    aucs : DataFrame
        One row per SMOTE level: ``auc_hull`` (area under the convex hull, the headline),
        ``auc_points`` (under the points joined in %FP order), ``paper`` (Table 3, when the
        dataset is one of the paper's).
    dataset : str or None
    info : dict
    """

    points: pd.DataFrame
    aucs: pd.DataFrame
    dataset: str | None
    info: dict[str, Any] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """Our AUCs beside the paper's, all x 10^4 as in Table 3.

        Returns
        -------
        DataFrame
        """
        rows = []
        for r in self.aucs.itertuples():
            label = "under-sampling only" if r.smote == 0 else f"+ SMOTE {r.smote}%"
            hull = round(r.auc_hull * 1e4)
            paper = r.paper if pd.notna(r.paper) else None
            rows.append(
                {
                    "SMOTE": label,
                    "ours (hull)": hull,
                    "ours (points)": round(r.auc_points * 1e4),
                    "paper": int(paper) if paper is not None else None,
                    "ours - paper": hull - int(paper) if paper is not None else None,
                }
            )
        table = pd.DataFrame(rows)
        for column in ("paper", "ours - paper"):
            table[column] = table[column].astype("Int64")  # blank where the paper has no value
        return table

    def hull(self, smote: int) -> tuple[np.ndarray, np.ndarray]:
        """Convex hull vertices of one SMOTE level's points."""
        part = self.points[self.points.smote == smote]
        return roc_convex_hull(part.fp_rate, part.tp_rate)

    def gain_over_under_sampling(self) -> dict[int, float]:
        """AUC (hull, x 10^4) of each SMOTE level minus that of under-sampling alone."""
        base = self.aucs.set_index("smote").auc_hull
        if 0 not in base.index:
            return {}
        return {int(k): float((v - base[0]) * 1e4) for k, v in base.items() if k != 0}

    def to_text(self) -> str:
        """The side-by-side table as text."""
        name = self.dataset or "this data"
        head = (
            f"SMOTE paper experiment on {name}: {self.info.get('classifier')} (for C4.5), "
            f"{self.info.get('n_splits')}-fold stratified CV, {len(self.info.get('under', []))} "
            "under-sampling levels; AUC x 10^4 (convex hull / points, trapezoid rule, "
            "(0,0) and (100,100) added)"
        )
        table = self.table()
        cells = [[("" if pd.isna(v) else str(v)) for v in row] for row in table.itertuples(False)]
        widths = [
            max(len(str(c)), *(len(r[i]) for r in cells)) for i, c in enumerate(table.columns)
        ]
        lines = [head, "  ".join(f"{c:>{w}}" for c, w in zip(table.columns, widths, strict=True))]
        lines += ["  ".join(f"{v:>{w}}" for v, w in zip(r, widths, strict=True)) for r in cells]
        gain = self.gain_over_under_sampling()
        if gain:
            lines.append(
                "hull AUC gain over under-sampling alone (x 10^4): "
                + ", ".join(f"SMOTE {k}%: {v:+.0f}" for k, v in gain.items())
            )
        return "\n".join(lines)


def _one_level(
    X: pd.DataFrame,
    y: np.ndarray,
    positive: Any,
    folds: list[tuple[np.ndarray, np.ndarray]],
    smote: int,
    under: float,
    classifier: Any,
    columns: Columns,
    k_neighbors: int,
    random_state: int,
) -> dict[str, Any]:
    """Cross-validate one (SMOTE N%, under-sampling U%) pair; pooled confusion counts."""
    from threadpoolctl import threadpool_limits

    tp = fn = fp = tn = 0
    encode = [("encode", _encoder(columns))] if columns.nominal else []
    with threadpool_limits(limits=1):
        for fold_no, (train, test) in enumerate(folds):
            sampler = SMOTEUnder(
                percentage=smote,
                under_percentage=under,
                k_neighbors=k_neighbors,
                random_state=random_state + fold_no,
                n_jobs=1,
            )
            model = Pipeline([*encode, ("sampler", sampler), ("tree", clone(classifier))])
            model.fit(X.iloc[train], y[train])
            predicted = model.predict(X.iloc[test]) == positive
            actual = y[test] == positive
            tp += int((predicted & actual).sum())
            fn += int((~predicted & actual).sum())
            fp += int((predicted & ~actual).sum())
            tn += int((~predicted & ~actual).sum())
    return {
        "smote": smote,
        "under": under,
        "tp_rate": 100.0 * tp / max(tp + fn, 1),
        "fp_rate": 100.0 * fp / max(fp + tn, 1),
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
    }


def paper_experiment(
    X: Any,
    y: Any,
    *,
    smote_levels: Sequence[int] = PAPER_SMOTE_LEVELS,
    under_levels: Sequence[float] = PAPER_UNDER_LEVELS,
    n_splits: int = 10,
    random_state: int = 0,
    classifier: Any = None,
    k_neighbors: int = 5,
    dataset: str | None = None,
    categorical: Any = "auto",
    n_jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> PaperResult:
    """Run the SMOTE paper's section-5 experiment and set our AUCs beside its Table 3.

    Parameters
    ----------
    X : DataFrame or array-like
    y : array-like
        Two classes; the smaller is the minority (positive).
    smote_levels : sequence of int, default=(0, 100, 200, 300, 400, 500)
        SMOTE N% of the minority; 0 is under-sampling alone (the paper's baseline).
    under_levels : sequence of float, default=PAPER_UNDER_LEVELS
        U%: the majority keeps ``n_minority_after_SMOTE * 100 / U`` rows (all of them when it
        has fewer), as :class:`smotekit.SMOTEUnder` does.
    n_splits : int, default=10
        Stratified folds (the paper's 10-fold CV); the same folds for every level.
    random_state : int, default=0
    classifier : classifier, default=None
        ``DecisionTreeClassifier(random_state=random_state)``: CART in place of C4.5.
    k_neighbors : int, default=5
        SMOTE's k (the paper's 5).
    dataset : str, default=None
        ``'pima'``, ``'phoneme'`` or ``'satimage'`` to show the paper's numbers beside ours.
    categorical : 'auto', list or None, default='auto'
        Nominal columns, one-hot encoded before SMOTE.
    n_jobs : int, default=None
        Processes over the (N, U) pairs (joblib); ``None``: one.
    progress : callable, default=None
        ``progress(done, total, what)`` after each (N, U) pair.

    Returns
    -------
    PaperResult

    Examples
    --------
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.evaluation import paper_experiment
    >>> X, y = load_pima(return_X_y=True)
    >>> result = paper_experiment(X, y, smote_levels=(0, 100), under_levels=(50, 100, 200),
    ...                           n_splits=3, dataset="pima")
    >>> list(result.table().columns)
    ['SMOTE', 'ours (hull)', 'ours (points)', 'paper', 'ours - paper']
    """
    from joblib import Parallel, delayed

    started = time.perf_counter()
    frame, labels, minority, _ = prepare_data(X, y)
    columns = Columns(tuple(frame.columns), nominal_columns(frame, categorical))
    classifier = (
        DecisionTreeClassifier(random_state=random_state) if classifier is None else classifier
    )
    folds = list(
        StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(
            frame, labels
        )
    )
    pairs = [(int(s), float(u)) for s in smote_levels for u in under_levels]
    jobs = (
        delayed(_one_level)(
            frame, labels, minority, folds, s, u, classifier, columns, k_neighbors, random_state
        )
        for s, u in pairs
    )
    rows = []
    runner = Parallel(n_jobs=n_jobs or 1, return_as="generator_unordered")
    for done, row in enumerate(runner(jobs), start=1):
        rows.append(row)
        if progress is not None:
            progress(done, len(pairs), f"SMOTE {row['smote']}% / under {row['under']:g}%")
    points = pd.DataFrame(rows).sort_values(["smote", "under"]).reset_index(drop=True)
    paper = PAPER_TABLE3.get((dataset or "").lower(), {})
    aucs = []
    for smote, part in points.groupby("smote"):
        hull_fp, hull_tp = roc_convex_hull(part.fp_rate, part.tp_rate)
        aucs.append(
            {
                "smote": int(smote),
                "auc_hull": trapezoid_auc(hull_fp, hull_tp),
                "auc_points": trapezoid_auc(part.fp_rate, part.tp_rate),
                "paper": paper.get(int(smote), np.nan),
            }
        )
    info = {
        "classifier": type(classifier).__name__,
        "n_splits": n_splits,
        "under": list(under_levels),
        "smote": list(smote_levels),
        "minority": minority,
        "n_rows": len(labels),
        "n_minority": int((labels == minority).sum()),
        "random_state": random_state,
        "seconds": time.perf_counter() - started,
    }
    return PaperResult(points=points, aucs=pd.DataFrame(aucs), dataset=dataset, info=info)
