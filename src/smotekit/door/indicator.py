"""The indicator column (``indicator=``): which output rows the sampler added."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.errors import InvalidParameterError


def check_indicator_name(name: Any, feature_names: Any) -> None:
    """Refuse a name that a column of ``X`` already has (before any work is done)."""
    if name is not None and feature_names is not None and name in list(feature_names):
        raise InvalidParameterError(
            f"indicator={name!r} is already a column of X; choose another name for the "
            "column that marks the added rows."
        )


def with_indicator(X_out: Any, name: str, added: np.ndarray) -> Any:
    """``X_out`` with one more column, last: ``True`` (1) on the rows the sampler added.

    The output is the caller's kind: a data frame or table gains a boolean column ``name``;
    an array or sparse matrix gains a last column of 0/1 in its own dtype; a list of rows
    gains a last ``True``/``False`` per row. ``X_out`` is never modified in place.
    """
    if isinstance(X_out, np.ndarray):
        column = added.astype(X_out.dtype if X_out.dtype != object else bool)
        return np.concatenate([X_out, column.astype(X_out.dtype)[:, None]], axis=1)
    if sp.issparse(X_out):
        column = sp.csr_matrix(added.astype(X_out.dtype)[:, None])
        return sp.hstack([X_out, column], format=X_out.format)
    if isinstance(X_out, list):
        return [[*row, bool(flag)] for row, flag in zip(X_out, added.tolist(), strict=True)]
    module = type(X_out).__module__.split(".")[0]
    if module == "pandas":
        out = X_out.copy(deep=False)
        out[name] = added
        return out
    if module == "polars":
        import polars as pl

        return X_out.with_columns(pl.Series(name, added))
    if module == "pyarrow":
        import pyarrow as pa

        return X_out.append_column(name, pa.array(added))
    raise InvalidParameterError(  # pragma: no cover - every container the door reads is above
        f"indicator= cannot mark the rows of a {type(X_out).__name__}."
    )
