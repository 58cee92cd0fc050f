"""Where a sampler put its new rows: among their own class, or inside another one.

Two questions per class, both answered against the *original* rows only (a synthetic row
must not vouch for another):

* **Whose neighbourhood?** The classes of a new row's ``k`` nearest original rows. A row
  whose neighbours are mostly (more than half) of another class sits inside that class: it
  teaches a classifier to claim the other class's region. The same share for the class's
  original rows is the reference: a sampler that interpolates faithfully keeps roughly its
  class's own share; one that adds to it moves the class into its neighbours' space.
* **How far from the class?** The distance from a new row to the nearest original row of its
  class, divided by the class's typical spacing (the median distance from an original row to
  its nearest distinct same-class row). A new row drawn afresh from the class's distribution
  would lie beyond the class's 95th-percentile spacing about 5% of the time; a much larger
  share means the sampler extrapolates into empty space, a share of copies near 1 means it
  adds no new points at all (random over-sampling).

Distances are those of the diagnosis space (HVDM by default, fitted on the original data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from smotekit.diagnosis.results import SyntheticClass, SyntheticDiagnosis, plain
from smotekit.diagnosis.space import FeatureSpace, fit_space
from smotekit.diagnosis.target import read_target
from smotekit.diagnosis.typology import K_DEFAULT, classify, count_types, same_class_counts
from smotekit.door import ingest_target
from smotekit.errors import InvalidInputError, SmotekitError
from smotekit.neighbors import kneighbors_query, kneighbors_within


@dataclass
class Reference:
    """The original data a resample is compared with (fitted space, rows, labels)."""

    space: FeatureSpace
    Z: np.ndarray
    labels: np.ndarray
    k: int
    neighbors: np.ndarray | None = None  # (n, k) each original row's k nearest other rows
    _support: dict = field(default_factory=dict)

    @property
    def k_eff(self) -> int:
        return max(1, min(self.k, self.Z.shape[0] - 1))

    def original_neighbors(self) -> np.ndarray:
        if self.neighbors is None:
            self.neighbors = kneighbors_within(self.Z, self.k_eff)
        return self.neighbors

    def original_other_share(self, label: Any) -> float:
        """Share of the class's original rows whose neighbours are mostly of another class."""
        rows = np.flatnonzero(self.labels == label)
        nb = self.original_neighbors()[rows]
        same = same_class_counts(nb, self.labels, self.labels[rows])
        return float(np.mean((nb.shape[1] - same) * 2 > nb.shape[1])) if rows.size else np.nan

    def support(self, label: Any) -> tuple[np.ndarray, float, float]:
        """The class's distinct original rows, and its median and 95th-percentile spacing."""
        if label not in self._support:
            points = np.unique(self.Z[self.labels == label], axis=0)
            typical = p95 = float("nan")
            if points.shape[0] >= 2:
                nn = kneighbors_within(points, 1)[:, 0]
                spacing = np.sqrt(((points - points[nn]) ** 2).sum(axis=1))
                typical = float(np.median(spacing))
                p95 = float(np.quantile(spacing, 0.95))
            self._support[label] = (points, typical, p95)
        return self._support[label]


def build_reference(
    X: Any,
    y: Any,
    *,
    k: int = K_DEFAULT,
    metric: str = "hvdm",
    categorical_features: Any = "auto",
) -> Reference:
    """Check ``X`` and ``y`` and fit the diagnosis space on them."""
    kind = read_target(y, None)
    if kind.target is None or kind.reason is not None:
        raise InvalidInputError(
            "The synthetic-row diagnosis needs a class target. " + (kind.reason or "")
        )
    labels = kind.target.labels
    space, Z = fit_space(X, labels, metric=metric, categorical_features=categorical_features)
    if Z.shape[0] != labels.shape[0]:
        raise InvalidInputError(
            f"X has {Z.shape[0]} rows but y has {labels.shape[0]} labels; they must match one "
            "to one."
        )
    return Reference(space, Z, labels, k)


def _new_rows(
    ref: Reference, X_res: Any, res_labels: np.ndarray, sampler: Any
) -> tuple[np.ndarray, str]:
    """Positions in the output of the rows that are not original rows, and how they were told."""
    n, n_res = ref.Z.shape[0], res_labels.shape[0]
    recipe = getattr(sampler, "provenance_", None) if sampler is not None else None
    if recipe is not None:
        first = int(getattr(recipe, "first_row", -1))
        if first >= 0 and first + len(recipe) <= n_res:
            rows = np.arange(first, first + len(recipe))
            if np.array_equal(res_labels[rows], np.asarray(recipe.labels)):
                return rows, "provenance"
    raw_res = ref.space.read_raw(X_res)
    if raw_res.shape[0] != n_res:
        raise InvalidInputError(
            f"X_res has {raw_res.shape[0]} rows but y_res has {n_res} labels; they must match."
        )
    if (
        n_res >= n
        and np.array_equal(raw_res[:n], ref.space.raw)
        and np.array_equal(res_labels[:n], ref.labels)
    ):
        return np.arange(n, n_res), "appended"
    # any other order: an output row is new once its (features, label) occurs more often
    # than in the input
    _, codes = np.unique(np.concatenate([ref.labels, res_labels]), return_inverse=True)
    keyed = np.column_stack([np.vstack([ref.space.raw, raw_res]), codes])
    _, group = np.unique(keyed, axis=0, return_inverse=True)
    group = group.ravel()
    in_input = np.bincount(group[:n], minlength=int(group.max()) + 1)
    g_res = group[n:]
    order = np.argsort(g_res, kind="stable")
    sorted_g = g_res[order]
    starts = np.searchsorted(sorted_g, sorted_g, side="left")
    rank = np.empty(n_res, dtype=np.intp)
    rank[order] = np.arange(n_res) - starts
    return np.flatnonzero(rank >= in_input[g_res]), "unmatched"


def _measure(ref: Reference, label: Any, S: np.ndarray) -> SyntheticClass:
    k = min(ref.k, ref.Z.shape[0])
    nb = kneighbors_query(ref.Z, k, points=S)
    same = same_class_counts(nb, ref.labels, np.full(S.shape[0], label, dtype=ref.labels.dtype))
    other = float(np.mean((k - same) * 2 > k))
    points, typical, p95 = ref.support(label)
    nearest = kneighbors_query(points, 1, points=S)[:, 0]
    dist = np.sqrt(((S - points[nearest]) ** 2).sum(axis=1))
    ratio = dist / typical if typical > 0 else np.full(dist.shape, np.nan)
    return SyntheticClass(
        label=plain(label),
        n_synthetic=int(S.shape[0]),
        other_class_share=other,
        original_other_class_share=ref.original_other_share(label),
        typology=count_types(classify(same, k)),
        median_distance_ratio=float(np.median(ratio)),
        beyond_p95_share=float(np.mean(dist > p95)) if np.isfinite(p95) else float("nan"),
        copies_share=float(np.mean(dist == 0)),
        typical_distance=typical,
        p95_distance=p95,
    )


def measure_resample(
    ref: Reference, X_res: Any, y_res: Any, *, sampler: Any = None, name: str | None = None
) -> SyntheticDiagnosis:
    """Diagnose the new rows of ``(X_res, y_res)`` against the reference data."""
    name = name or (type(sampler).__name__ if sampler is not None else "resample")
    target = ingest_target(y_res)
    res_labels = target.labels
    unknown = np.setdiff1d(np.unique(res_labels), np.unique(ref.labels))
    if unknown.size:
        raise InvalidInputError(
            f"y_res has label(s) {[plain(u) for u in unknown[:5]]} that y does not have; pass "
            "the original X, y and the resampled X_res, y_res of the same data."
        )
    res_labels = res_labels.astype(ref.labels.dtype, copy=False)
    rows, found_by = _new_rows(ref, X_res, res_labels, sampler)
    result = SyntheticDiagnosis(sampler=name, n_synthetic=int(rows.size), found_by=found_by)
    result.k = min(ref.k, ref.Z.shape[0])
    if not rows.size:
        return result
    Z_res = ref.space.transform(X_res)
    new_labels = res_labels[rows]
    for label in np.unique(new_labels):
        S = Z_res[rows[new_labels == label]]
        result.classes.append(_measure(ref, label, S))
    return result


def diagnose_synthetic(
    X: Any,
    y: Any,
    X_res: Any,
    y_res: Any,
    *,
    sampler: Any = None,
    name: str | None = None,
    k: int = K_DEFAULT,
    metric: str = "hvdm",
    categorical_features: Any = "auto",
) -> SyntheticDiagnosis:
    """Where the new rows of a resample lie relative to the original classes.

    Works with any sampler: the new rows are those recorded by a smotekit sampler's
    ``provenance_`` (pass the fitted ``sampler``), else the rows after the originals when the
    output starts with the input (imbalanced-learn's over-samplers), else the output rows
    beyond the number of equal (features, label) rows of the input.

    Parameters
    ----------
    X, y : array-like
        The data the sampler was given.
    X_res, y_res : array-like
        What it returned.
    sampler : object, optional
        The fitted sampler (its ``provenance_`` locates the new rows exactly).
    name : str, optional
        Name shown in reports (default: the sampler's class name).
    k : int, default=5
        Original neighbours looked at per new row.
    metric : {"hvdm", "euclidean"}, default="hvdm"
    categorical_features : "auto", "all" or list, default="auto"

    Returns
    -------
    SyntheticDiagnosis

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit import SMOTE
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (60, 2)), rng.normal(4, 1, (15, 2))])
    >>> y = np.array([0] * 60 + [1] * 15)
    >>> sampler = SMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> result = diagnose_synthetic(X, y, X_res, y_res, sampler=sampler)
    >>> result.n_synthetic, result.found_by
    (45, 'provenance')
    >>> result.classes[0].other_class_share
    0.0
    """
    ref = build_reference(X, y, k=k, metric=metric, categorical_features=categorical_features)
    return measure_resample(ref, X_res, y_res, sampler=sampler, name=name)


def run_sampler(ref: Reference, X: Any, y: Any, sampler: Any, name: str | None = None):
    """Resample ``X, y`` with ``sampler`` and diagnose its new rows.

    A sampler that refuses the data (e.g. SMOTE on nominal columns, a class too small for its
    ``k``) gives a result whose ``error`` says why, so one refusal does not stop a comparison.
    """
    name = name or type(sampler).__name__
    try:
        X_res, y_res = sampler.fit_resample(X, y)
    except (SmotekitError, ValueError, TypeError) as exc:
        return SyntheticDiagnosis(sampler=name, error=str(exc).split("\n")[0], k=ref.k)
    return measure_resample(ref, X_res, y_res, sampler=sampler, name=name)


def diagnose_sampler(
    sampler: Any,
    X: Any,
    y: Any,
    *,
    name: str | None = None,
    k: int = K_DEFAULT,
    metric: str = "hvdm",
    categorical_features: Any = "auto",
) -> SyntheticDiagnosis:
    """Run ``sampler.fit_resample(X, y)`` and diagnose where its new rows lie.

    Parameters
    ----------
    sampler : object with ``fit_resample``
        Any sampler (smotekit, imbalanced-learn, ...). If it refuses the data, the result's
        ``error`` holds its message; invalid ``X`` or ``y`` raise as usual.
    X, y : array-like
    name : str, optional
    k : int, default=5
    metric : {"hvdm", "euclidean"}, default="hvdm"
    categorical_features : "auto", "all" or list, default="auto"

    Returns
    -------
    SyntheticDiagnosis

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit import RandomOverSampler
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = np.array([0] * 7 + [1] * 3)
    >>> result = diagnose_sampler(RandomOverSampler(random_state=0), X, y)
    >>> result.n_synthetic, result.classes[0].copies_share
    (4, 1.0)
    """
    ref = build_reference(X, y, k=k, metric=metric, categorical_features=categorical_features)
    return run_sampler(ref, X, y, sampler, name)
