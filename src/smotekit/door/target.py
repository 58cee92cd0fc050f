"""Validation and round-tripping of the target ``y``."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from sklearn.utils.multiclass import type_of_target

from smotekit.errors import InvalidInputError, MultiLabelError

_MULTILABEL_WHY = (
    "Resampling balances one label per row; with several labels per row, a synthetic sample "
    "drawn between two rows would need a label set of its own, and over-sampling one label "
    "changes the counts of every label it co-occurs with, so no class balance can be reached. "
    "Resample each label separately (one binary problem per label, e.g. with "
    "sklearn.multioutput.ClassifierChain inside a pipeline), or use smotekit.MLSMOTE, "
    "the multi-label method (Charte et al. 2015)."
)


@dataclass
class Target:
    """The labels of ``y`` as a 1-D numpy array, and how to give them back in y's container."""

    labels: np.ndarray
    # "numpy", "column", "onehot", "list", "pandas", "pandas-frame", "polars", "polars-frame"
    kind: str
    original: Any
    classes_onehot: np.ndarray | None = None
    #: Rows per class of the *whole* data when ``labels`` are only some of its rows: the
    #: out-of-core paths (``smotekit.scale``) plan from the counts of a file or of a Dask
    #: collection while holding only the rows of the classes to resample.
    known_counts: dict[Any, int] | None = None

    @cached_property
    def counts(self) -> dict[Any, int]:
        """Rows per class, classes sorted."""
        if self.known_counts is not None:
            return dict(self.known_counts)
        from smotekit.plan.strategy import class_counts

        return class_counts(self.labels)

    def wrap(self, labels: np.ndarray, index: Any = None) -> Any:
        """Put a 1-D array of labels into the container ``y`` came in."""
        y = self.original
        if self.kind == "numpy":
            return labels.astype(y.dtype, copy=False)
        if self.kind == "column":
            return labels.astype(y.dtype, copy=False).reshape(-1, 1)
        if self.kind == "onehot":
            assert self.classes_onehot is not None
            out = np.zeros((labels.shape[0], self.classes_onehot.shape[0]), dtype=y.dtype)
            out[np.arange(labels.shape[0]), labels.astype(np.intp)] = 1
            return out
        if self.kind == "list":
            return labels.tolist()
        if self.kind in ("pandas", "pandas-frame"):
            import pandas as pd

            series = y if self.kind == "pandas" else y.iloc[:, 0]
            out = pd.Series(labels, name=series.name, index=index)
            out = out.astype(series.dtype)
            return out if self.kind == "pandas" else out.to_frame(name=y.columns[0])
        if self.kind in ("polars", "polars-frame"):
            import polars as pl

            series = y if self.kind == "polars" else y.to_series()
            out = pl.Series(series.name, labels).cast(series.dtype)
            return out if self.kind == "polars" else out.to_frame()
        raise AssertionError(f"unknown target kind {self.kind}")


def _kind_of(y: Any) -> tuple[str, np.ndarray]:
    module = type(y).__module__
    if module.startswith("pandas"):
        import pandas as pd

        if isinstance(y, pd.DataFrame):
            if y.shape[1] != 1:
                raise MultiLabelError(
                    f"y is a DataFrame with {y.shape[1]} columns: multi-output targets are not "
                    f"supported. Pass the single class column, e.g. df['{y.columns[0]}']. "
                    + _MULTILABEL_WHY
                )
            return "pandas-frame", _pandas_labels(y.iloc[:, 0])
        if isinstance(y, pd.Series):
            return "pandas", _pandas_labels(y)
        if isinstance(y, pd.api.extensions.ExtensionArray):
            return "numpy", _pandas_labels(y)
    if module.startswith("polars"):
        import polars as pl

        if isinstance(y, pl.DataFrame):
            if y.width != 1:
                raise MultiLabelError(
                    f"y is a polars DataFrame with {y.width} columns: multi-output targets are "
                    "not supported. Pass the single class column. " + _MULTILABEL_WHY
                )
            return "polars-frame", y.to_series().to_numpy()
        if isinstance(y, pl.Series):
            return "polars", y.to_numpy()
    if isinstance(y, np.ndarray):
        return "numpy", y
    if isinstance(y, list | tuple):
        arr = np.asarray(y)
        if arr.dtype.kind in "US":  # numpy turns numbers beside text into text: 1 -> "1"
            _refuse_mixed_types(y)
        return "list", arr
    if hasattr(y, "toarray"):
        raise InvalidInputError(
            "y is a sparse matrix; pass the class labels as a 1-D array (e.g. y.toarray().ravel())."
        )
    return "numpy", np.asarray(y)


def _pandas_labels(values: Any) -> np.ndarray:
    """A pandas Series or array as numpy, with nullable numbers (Int64, Float64, boolean, ...)
    as numbers.

    pandas < 2.2 gives an object array of Python scalars for a nullable dtype even without a
    missing value, which scikit-learn cannot read as labels; later releases give the numpy
    dtype (float64 with NaN for missing numbers). This does the latter on every release.
    """
    numpy_dtype = getattr(values.dtype, "numpy_dtype", None)
    if isinstance(values.dtype, np.dtype) or numpy_dtype is None:
        return values.to_numpy()
    numpy_dtype = np.dtype(numpy_dtype)
    if numpy_dtype.kind not in "biuf":
        return values.to_numpy()
    if not bool(values.isna().any()):
        return values.to_numpy(dtype=numpy_dtype)
    if numpy_dtype.kind == "b":
        return values.to_numpy()  # True/False/NA stay objects: refused as missing labels
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def ingest_target(y: Any, n_rows: int | None = None) -> Target:
    """Check ``y`` and return its labels with what is needed to restore its container.

    Raises
    ------
    InvalidInputError
        ``y`` is missing, empty, continuous, has missing labels or the wrong length.
    MultiLabelError
        ``y`` is a multi-label indicator matrix or a multi-output target.
    """
    if y is None:
        raise InvalidInputError(
            "This sampler requires y to be passed, but the target y is None. "
            "Pass the class labels as the second argument: fit_resample(X, y)."
        )
    kind, arr = _kind_of(y)
    # other array-likes (range, pandas.Categorical, extension arrays, ...) come back as numpy
    original = arr if kind == "numpy" and not isinstance(y, np.ndarray) else y
    classes_onehot = None
    if arr.ndim == 2:
        if arr.shape[1] == 1:
            if kind == "numpy":
                kind = "column"
            arr = arr[:, 0]
        else:
            arr, classes_onehot = _from_indicator(arr)
            if kind != "numpy":
                raise MultiLabelError("A 2-D y must be given as a numpy array. " + _MULTILABEL_WHY)
            kind = "onehot"
    elif arr.ndim != 1:
        raise InvalidInputError(f"y must be 1-D (one class label per row); got shape {arr.shape}.")
    if arr.shape[0] == 0:
        raise InvalidInputError("y is empty: there are no labels to resample.")
    if n_rows is not None and arr.shape[0] != n_rows:
        raise InvalidInputError(
            f"X has {n_rows} rows but y has {arr.shape[0]} labels; they must match one to one. "
            "Check that X and y come from the same rows (e.g. both after the same filtering)."
        )
    _check_labels(arr)
    return Target(labels=arr, kind=kind, original=original, classes_onehot=classes_onehot)


def _from_indicator(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Accept a one-hot encoded multiclass target; refuse true multi-label indicators."""
    try:
        values = np.unique(arr)
    except TypeError:
        values = None
    if values is None or not np.isin(values, [0, 1]).all():
        raise MultiLabelError(
            f"y has shape {arr.shape} and is not a one-hot indicator: multi-output targets are "
            "not supported. Multilabel and multioutput targets are not supported. "
            + _MULTILABEL_WHY
        )
    per_row = arr.sum(axis=1)
    if not np.all(per_row == 1):
        bad = int(np.count_nonzero(per_row != 1))
        raise MultiLabelError(
            f"y is a multi-label indicator matrix: {bad} of {arr.shape[0]} rows carry zero or "
            "several labels. Multilabel and multioutput targets are not supported. "
            + _MULTILABEL_WHY
        )
    return np.argmax(arr, axis=1), np.arange(arr.shape[1])


def _check_labels(arr: np.ndarray) -> None:
    types = set(map(type, arr)) if arr.dtype == object else set()
    if arr.dtype.kind == "c" or any(issubclass(t, complex | np.complexfloating) for t in types):
        raise InvalidInputError(
            f"y holds complex numbers (dtype {arr.dtype}): class labels must be integers or "
            "strings. Pass the real labels (e.g. y.real.astype(int)) or map each value to a class."
        )
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        rows = np.flatnonzero(np.isnan(arr))
        raise InvalidInputError(
            f"y has {rows.size} missing label(s) (NaN), first at row(s) {rows[:5].tolist()}. "
            "Drop those rows or fill in their class before resampling."
        )
    if arr.dtype.kind == "f" and np.isinf(arr).any():
        rows = np.flatnonzero(np.isinf(arr))
        raise InvalidInputError(
            f"y contains infinity: {rows.size} infinite label(s) (inf), first at row "
            f"{rows[0]}. Class labels must be finite: drop those rows or give them their "
            "class before resampling."
        )
    if arr.dtype == object:
        rows = _missing_rows(arr)
        if rows.size:
            raise InvalidInputError(
                f"y has missing labels (None/NaN/NA): {rows.size} missing label(s), first at "
                f"row(s) {rows[:5].tolist()}. Drop those rows or fill in their class before "
                "resampling."
            )
        _refuse_mixed_types(arr, types)
    if arr.dtype.kind == "f" and bool(np.all(arr == np.rint(arr))):
        # finite whole numbers are classes, even beyond int64 (type_of_target casts to int,
        # which overflows for e.g. 1e20 and would call them continuous)
        return
    if arr.dtype.kind in "iub":
        return  # a 1-D integer or bool array is always a binary or multiclass target
    try:
        kind = type_of_target(arr)
    except (TypeError, ValueError) as exc:  # whatever else scikit-learn cannot read
        reason = " ".join(str(exc).split("\n")[0].split())
        raise InvalidInputError(
            f"Unknown label type for y (dtype {arr.dtype}): {reason}. Pass class labels as "
            "integers or strings in a 1-D array."
        ) from None
    if kind == "continuous":
        near = np.abs(arr - np.rint(arr)) <= 1e-6 * np.maximum(1.0, np.abs(arr))
        if arr.dtype.kind == "f" and near.all():
            first = arr[np.flatnonzero(arr != np.rint(arr))[0]]
            raise InvalidInputError(
                f"y holds floats that are whole numbers up to rounding (e.g. {first!r}): "
                "class labels must be exact. If they are classes, round them first "
                "(numpy.rint(y).astype(int)); if y is a measurement, bin it into classes."
            )
        raise InvalidInputError(
            "Unknown label type: continuous. y looks like a regression target (non-integer "
            "floats); these samplers need class labels. For rare target values use "
            "smotekit.SMOTER or smotekit.SMOGN (regression); to treat ranges as classes, bin "
            "the target first (e.g. numpy.digitize)."
        )
    if kind == "unknown":
        raise InvalidInputError(
            f"Unknown label type for y (dtype {arr.dtype}). Pass class labels as integers or "
            "strings in a 1-D array."
        )
    if kind in ("multilabel-indicator", "multiclass-multioutput", "continuous-multioutput"):
        raise MultiLabelError(
            "Multilabel and multioutput targets are not supported. " + _MULTILABEL_WHY
        )


def _missing_rows(arr: np.ndarray) -> np.ndarray:
    """Rows of an object array holding None, NaN, pandas.NA or NaT."""
    import pandas as pd

    return np.flatnonzero(pd.isna(arr))


def _category(kind: type) -> str:
    if issubclass(kind, str | np.str_):
        return "str"
    if issubclass(kind, bytes | np.bytes_):
        return "bytes"
    if issubclass(kind, numbers.Number | np.number | np.bool_):
        return "number"
    return kind.__name__


def _refuse_mixed_types(values: Any, types: set[type] | None = None) -> None:
    """Refuse labels mixing numbers and text (or other kinds): they would not compare."""
    types = set(map(type, values)) if types is None else types
    if len({_category(t) for t in types}) < 2:
        return
    first: dict[str, tuple[int, Any]] = {}
    for i, v in enumerate(values):
        first.setdefault(_category(type(v)), (i, v))
        if len(first) > 1:
            break
    (a, (i, u)), (b, (j, w)) = first.items()
    raise InvalidInputError(
        f"y mixes label types: {a} and {b} (e.g. {u!r} at row {i} and {w!r} at row {j}). "
        "Use one type for all labels, e.g. all strings ([str(v) for v in y]) or all "
        "integers."
    )
