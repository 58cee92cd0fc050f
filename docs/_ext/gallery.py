"""Sphinx extension: draw the gallery's pictures by running every sampler at build time.

One 2-D imbalanced data set, each sampler applied with its defaults and a seed; a picture
shows the original rows, the rows a sampler added (synthetic rows, centroids) and the rows it
removed. Drawn fresh on every build into ``_generated/gallery`` (not kept in git), so the
gallery always shows what the installed code does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

#: (file name, class in smotekit, parameters, caption)
PICTURES: list[tuple[str, str, dict[str, Any], str]] = [
    ("smote", "SMOTE", {}, "SMOTE: points on segments between minority neighbours"),
    ("borderline", "BorderlineSMOTE", {}, "Borderline-SMOTE-1: only from rows in danger"),
    ("adasyn", "ADASYN", {}, "ADASYN: more rows where the majority crowds in"),
    ("svm_smote", "SVMSMOTE", {}, "SVM-SMOTE: around the SVM's support vectors"),
    ("kmeans_smote", "KMeansSMOTE", {"cluster_balance_threshold": 0.05}, "K-Means-SMOTE"),
    ("random_over", "RandomOverSampler", {"shrinkage": 0.3}, "random over-sampling, shrinkage"),
    ("noise_filter", "SyntheticNoiseFilter", {}, "SMOTE whose noisy new rows are replaced"),
    ("safe_level", "SafeLevelSMOTE", {}, "Safe-Level-SMOTE: toward the safer parent"),
    ("prowsyn", "ProWSyn", {}, "ProWSyn: more rows in the levels nearest the majority"),
    ("smobd", "SMOBD", {}, "SMOBD: shares by OPTICS density, none from noise"),
    ("lee", "LeeSMOTE", {}, "Lee: candidates among the other class redrawn"),
    ("assembled", "AssembledSMOTE", {}, "Assembled-SMOTE: within clusters of border rows"),
    ("geometric", "GeometricSMOTE", {}, "Geometric SMOTE: in half-balls toward a surface row"),
    ("polynom_fit", "PolynomFitSMOTE", {}, "Polynomial-fit SMOTE: toward the class mean (star)"),
    ("lvq_smote", "LVQSMOTE", {}, "LVQ-SMOTE: rows moved by codebook offsets"),
    ("ccr", "CCR", {}, "CCR: spheres push the majority out, new rows inside"),
    ("smote_tomek", "SMOTETomek", {}, "SMOTE, then Tomek links removed"),
    ("smote_enn", "SMOTEENN", {}, "SMOTE, then Wilson's editing"),
    ("smote_ipf", "SMOTEIPF", {}, "SMOTE, then the iterative-partitioning filter"),
    ("tomek", "TomekLinks", {}, "Tomek links: majority ends removed"),
    ("enn", "EditedNearestNeighbours", {}, "ENN: rows their neighbours outvote removed"),
    ("renn", "RepeatedEditedNearestNeighbours", {}, "repeated ENN"),
    ("all_knn", "AllKNN", {}, "AllKNN"),
    ("ncr", "NeighbourhoodCleaningRule", {}, "neighbourhood cleaning rule"),
    ("ipf", "IterativePartitioningFilter", {}, "iterative-partitioning filter"),
    ("oss", "OneSidedSelection", {}, "one-sided selection"),
    ("cnn", "CondensedNearestNeighbour", {}, "Hart's condensed nearest neighbour"),
    ("near_miss", "NearMiss", {}, "NearMiss-1"),
    ("cluster_centroids", "ClusterCentroids", {}, "cluster centroids replace the majority"),
    ("random_under", "RandomUnderSampler", {}, "random under-sampling"),
    ("iht", "InstanceHardnessThreshold", {}, "instance hardness threshold"),
]


def data() -> tuple[np.ndarray, np.ndarray]:
    """The gallery's data: 600 rows, 2 columns, 10% minority, a little label noise."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=600,
        n_features=2,
        n_informative=2,
        n_redundant=0,
        n_clusters_per_class=1,
        weights=[0.9],
        class_sep=0.9,
        flip_y=0.02,
        random_state=3,
    )


def _rows(a: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(r) for r in a}


def draw(name: str, cls: str, params: dict[str, Any], caption: str, out: Path) -> Path:
    from matplotlib.figure import Figure

    import smotekit

    X, y = data()
    params = dict(params)
    if "random_state" in getattr(smotekit, cls)().get_params():
        params["random_state"] = 0
    sampler = getattr(smotekit, cls)(**params)
    X_res, y_res = sampler.fit_resample(X, y)
    before, after = _rows(X), _rows(X_res)
    added = np.array([r for r in X_res if tuple(r) not in before]).reshape(-1, 2)
    removed = np.array([r for r in X if tuple(r) not in after]).reshape(-1, 2)
    fig = Figure(figsize=(4.2, 3.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    ax.scatter(*X[y == 0].T, s=6, color="#b8b8b8", label="majority")
    ax.scatter(*X[y == 1].T, s=12, color="#1f5fbf", label="minority")
    if len(added):
        ax.scatter(*added.T, s=10, marker="x", color="#e8710a", linewidths=0.9, label="added")
    if len(removed):
        ax.scatter(
            *removed.T,
            s=16,
            marker="o",
            facecolors="none",
            edgecolors="#c5221f",
            linewidths=0.8,
            label="removed",
        )
    counts = ", ".join(
        f"{int(c)}: {int(n)}" for c, n in zip(*np.unique(y_res, return_counts=True), strict=True)
    )
    ax.set_title(f"{caption}\n({counts})", fontsize=8)
    ax.tick_params(labelsize=6)
    ax.legend(fontsize=6, loc="lower right")
    path = out / f"{name}.png"
    fig.savefig(path)
    return path


def build(app: Any) -> None:
    out = Path(app.srcdir) / "_generated" / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    for name, cls, params, caption in PICTURES:
        draw(name, cls, params, caption, out)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", build)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
