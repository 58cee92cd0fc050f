"""What kind of target ``y`` is, and why SMOTE does not apply when it is not a class label.

SMOTE balances *classes*: one label per row, a few rows per label. A multi-label target (a
row may carry several labels) and a continuous target (a regression) are recognised here and
explained with their own numbers, instead of failing inside a sampler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.utils.multiclass import type_of_target

from smotekit.door import Target, ingest_target
from smotekit.errors import InvalidInputError


@dataclass
class TargetKind:
    """The target's type and, when SMOTE does not apply to it, why.

    Attributes
    ----------
    kind : str
        scikit-learn's name: ``"binary"``, ``"multiclass"``, ``"multilabel-indicator"``,
        ``"multiclass-multioutput"``, ``"continuous"``, ``"continuous-multioutput"``, or
        ``"single-class"``.
    target : Target or None
        The checked labels (class targets only).
    reason : str or None
        Why SMOTE does not apply, built from the data (``None`` when it may apply).
    """

    kind: str
    target: Target | None
    reason: str | None
    n_rows: int


def _as_array(y: Any) -> np.ndarray:
    if hasattr(y, "to_numpy"):
        return np.asarray(y.to_numpy())
    if hasattr(y, "toarray"):
        return np.asarray(y.toarray())
    return np.asarray(y)


def read_target(y: Any, n_rows: int | None = None) -> TargetKind:
    """Classify ``y``; class targets are checked by the library's door.

    Raises
    ------
    InvalidInputError
        ``y`` is missing, empty, has missing labels or the wrong length.

    Examples
    --------
    >>> read_target([0.5, 1.25, 3.0, 2.2]).kind
    'continuous'
    >>> read_target([0, 1, 1, 0]).kind
    'binary'
    """
    if y is None:
        raise InvalidInputError(
            "y is None: pass the class labels as the second argument, diagnose(X, y)."
        )
    arr = _as_array(y)
    if arr.ndim == 2 and arr.shape[1] > 1:
        if n_rows is not None and arr.shape[0] != n_rows:
            raise InvalidInputError(
                f"X has {n_rows} rows but y has {arr.shape[0]}; they must match one to one."
            )
        kind = _kind(arr)
        if kind == "multilabel-indicator" and np.all(arr.sum(axis=1) == 1):
            kind = "one-hot"  # one class per row, written as indicators: a class target
        elif kind in ("multilabel-indicator", "multiclass-multioutput", "continuous-multioutput"):
            return TargetKind(kind, None, _why_multi(arr, kind), arr.shape[0])
    elif (
        arr.ndim == 1
        and arr.dtype.kind == "f"
        and arr.size
        and not np.isnan(arr).any()  # missing labels: the door's message
        and _kind(arr) == "continuous"
    ):
        return TargetKind("continuous", None, _why_continuous(arr), arr.shape[0])
    target = ingest_target(y, n_rows)
    labels = target.labels
    n_classes = np.unique(labels).size
    if n_classes < 2:
        return TargetKind(
            "single-class",
            target,
            f"y holds a single class ({_show(labels[0])!s}, all {labels.shape[0]} rows): there "
            "is no minority to over-sample and nothing to balance.",
            labels.shape[0],
        )
    return TargetKind("binary" if n_classes == 2 else "multiclass", target, None, labels.shape[0])


def _kind(arr: np.ndarray) -> str:
    try:
        return type_of_target(arr)
    except (TypeError, ValueError):
        return "unknown"


def _show(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _why_multi(arr: np.ndarray, kind: str) -> str:
    n, m = arr.shape
    if kind == "multilabel-indicator":
        per_row = arr.sum(axis=1)
        several = float(np.mean(per_row > 1))
        none = float(np.mean(per_row == 0))
        return (
            f"y is a multi-label indicator matrix ({m} labels; {several:.0%} of the {n} rows "
            f"carry more than one label and {none:.0%} none; {per_row.mean():.2f} labels per row "
            "on average). SMOTE balances one label per row: a synthetic row drawn between two "
            "rows would need a label set of its own, and adding rows for one label changes the "
            "counts of every label it co-occurs with, so no balance between classes can be "
            "reached. Resample each label as its own binary problem, or use smotekit.MLSMOTE, "
            "the multi-label method (Charte et al. 2015)."
        )
    return (
        f"y has {m} output columns ({kind}): one prediction per column, each with its own "
        "classes or values. SMOTE balances a single class column; diagnose and resample each "
        "output separately."
    )


def _why_continuous(arr: np.ndarray) -> str:
    distinct = np.unique(arr)
    fractional = float(np.mean(arr != np.round(arr)))
    sample = ", ".join(f"{v:g}" for v in distinct[:3])
    return (
        f"y looks continuous: {distinct.size} distinct values over {arr.shape[0]} rows "
        f"({fractional:.0%} of them non-integer, e.g. {sample}). SMOTE balances classes and a "
        "regression target has none: every value would be its own 'class'. For rare target "
        "values in regression, use smotekit.SMOTER or SMOGN; to treat ranges as classes, bin "
        "y first (e.g. numpy.digitize) and diagnose the bins."
    )
