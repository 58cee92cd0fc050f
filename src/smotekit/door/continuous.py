"""A continuous target ``y`` (regression), read for SMOTER and SMOGN.

The single-label door (:mod:`smotekit.door.target`) refuses continuous targets; the
regression samplers read ``y`` here: a 1-D float target (numpy array, list, pandas Series or
one-column DataFrame), given back in its container.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from smotekit.door.labels import new_labels
from smotekit.errors import InvalidInputError

#: A target with at most this many distinct values, all whole numbers, is taken for class
#: labels (the samplers refuse it and suggest SMOTE).
CLASS_LIKE_MAX_VALUES = 10


@dataclass
class ContinuousTarget:
    """``y`` as the regression samplers read it, and how to give it back.

    Attributes
    ----------
    values : ndarray of float64, shape (n_samples,)
    kind : {"numpy", "list", "pandas"}
    original : object
        What the caller gave.
    """

    values: np.ndarray
    kind: str
    original: Any

    def wrap(self, keep: np.ndarray | None, new_values: np.ndarray, index: Any = None) -> Any:
        """The kept targets followed by ``new_values``, in ``y``'s container (float64).

        ``index``: the output's row labels when ``X`` was a data frame; otherwise a pandas
        ``y`` keeps its own labels for the kept rows and new rows get fresh labels.
        """
        kept = self.values if keep is None else self.values[keep]
        out = np.concatenate([kept, np.asarray(new_values, dtype=np.float64)])
        if self.kind == "list":
            return out.tolist()
        if self.kind == "pandas":
            import pandas as pd

            y = self.original
            if index is None:
                old = y.index if keep is None else y.index[keep]
                index = old.append(pd.Index(new_labels(y.index, new_values.shape[0])))
            return pd.Series(out, index=index, name=y.name)
        return out


def read_continuous_target(y: Any, n_rows: int) -> ContinuousTarget:
    """Check ``y`` (one finite number per row of ``X``, not class labels) and read it.

    Raises
    ------
    InvalidInputError
        ``y`` is missing, not 1-D, not numeric, holds NaN or infinity, has another length
        than ``X``, or looks like class labels (at most ``CLASS_LIKE_MAX_VALUES`` distinct
        whole numbers, or booleans).
    """
    if y is None:
        raise InvalidInputError(
            "This sampler requires y, the regression target: fit_resample(X, y) with one "
            "number per row of X."
        )
    module = type(y).__module__.split(".")[0]
    kind = "numpy"
    if module == "pandas":
        import pandas as pd

        if isinstance(y, pd.DataFrame):
            if y.shape[1] != 1:
                raise InvalidInputError(
                    f"y is a DataFrame with {y.shape[1]} columns; a regression target is one "
                    "column: pass a Series (y['target'])."
                )
            y = y.iloc[:, 0]
        dtype = y.dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise _not_numeric(str(dtype))
        if pd.api.types.is_complex_dtype(dtype):
            raise _not_numeric(str(dtype))
        values = y.to_numpy(dtype=np.float64, na_value=np.nan)
        kind = "pandas"
    else:
        if isinstance(y, list | tuple):
            kind = "list"
        try:
            raw = np.asarray(y)
        except ValueError:
            raise InvalidInputError(
                "y could not be read as a 1-D array of numbers (ragged rows?)."
            ) from None
        if raw.ndim == 2 and raw.shape[1] == 1:
            raise InvalidInputError(
                f"y has shape {raw.shape}; pass a 1-D target (y.ravel()). Multi-output "
                "regression is not supported."
            )
        if raw.ndim != 1:
            raise InvalidInputError(
                f"y must be 1-D (one number per row); got shape {raw.shape}. Multi-output "
                "regression is not supported."
            )
        if raw.dtype.kind not in "iuf":
            raise _not_numeric(str(raw.dtype))
        values = raw.astype(np.float64)
    if values.shape[0] != n_rows:
        raise InvalidInputError(
            f"X has {n_rows} rows but y has {values.shape[0]}; they must match one to one."
        )
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise InvalidInputError(
            f"y holds {bad.size} missing or infinite value(s) (first at row {bad[0]}: "
            f"{values[bad[0]]!r}). A regression target must be finite: drop or impute those "
            "rows first."
        )
    if n_rows < 2:
        raise InvalidInputError(f"y has {n_rows} row(s); at least 2 are needed.")
    distinct = np.unique(values)
    if distinct.shape[0] <= CLASS_LIKE_MAX_VALUES and np.all(distinct == np.round(distinct)):
        shown = ", ".join(f"{v:g}" for v in distinct)
        raise InvalidInputError(
            f"y has only {distinct.shape[0]} distinct whole-number values ({shown}): it looks "
            "like class labels, not a continuous regression target. For classification use "
            "smotekit.SMOTE (or another classification sampler)."
        )
    return ContinuousTarget(values, kind, y)


def _not_numeric(dtype: str) -> InvalidInputError:
    return InvalidInputError(
        f"y has dtype {dtype}; a regression target holds real numbers (ints or floats). "
        "For class labels use smotekit.SMOTE."
    )
