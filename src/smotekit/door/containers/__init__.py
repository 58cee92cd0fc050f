"""One adapter per container of ``X``, behind :class:`~.base.Container`.

:func:`read_container` is the only place that asks what ``X`` is. Dask collections never
get here: the door hands them to their runner (:mod:`smotekit.door.runners`).
"""

from __future__ import annotations

from typing import Any

import scipy.sparse as sp

from smotekit.door.containers.array import ArrayContainer
from smotekit.door.containers.base import Container, NewRows, NominalRows
from smotekit.errors import InvalidInputError

__all__ = ["Container", "NewRows", "NominalRows", "read_container"]


def read_container(
    X: Any,
    *,
    keep_values: bool = False,
    accept_sparse: bool = True,
    sampler_name: str = "This sampler",
) -> Container:
    """The adapter for ``X``: numpy/lists, scipy.sparse, pandas, polars or pyarrow.

    ``keep_values``: read a list holding text as objects (samplers with nominal columns).
    """
    if X is None:
        raise InvalidInputError("X is None: pass the feature matrix as the first argument.")
    _refuse_non_tables(X)
    module = type(X).__module__.split(".")[0]
    name = type(X).__name__
    if sp.issparse(X):
        if not accept_sparse:
            raise InvalidInputError(f"{sampler_name} does not accept sparse X; pass a dense array.")
        from smotekit.door.containers.sparse import SparseContainer

        return SparseContainer(X)
    if module == "pandas" and name == "DataFrame":
        from smotekit.door.containers.pandas import PandasContainer

        return PandasContainer(X)
    if module == "polars" and name == "DataFrame":
        from smotekit.door.containers.polars import PolarsContainer

        return PolarsContainer(X)
    if module == "pyarrow" and name == "Table":
        from smotekit.door.containers.arrow import ArrowContainer

        return ArrowContainer(X)
    if module in ("pandas", "polars") or (module == "pyarrow" and "Array" in name):
        raise InvalidInputError(f"X is a {name}; pass a 2-D table, e.g. series.to_frame().")
    return ArrayContainer(X, keep_values=keep_values)


def _refuse_non_tables(X: Any) -> None:
    """Clear messages for what numpy would read as a 0-D array or silently misread."""
    import numpy as np

    if isinstance(X, str | bytes):
        raise InvalidInputError(
            f"X is a {type(X).__name__} ({X[:20]!r}), not a table of features: pass a 2-D array "
            "or a data frame (rows x features), e.g. numpy.loadtxt(path) or "
            "pandas.read_csv(path) for a file."
        )
    if isinstance(X, dict) and not sp.issparse(X):  # scipy's DOK format is a dict too
        raise InvalidInputError(
            "X is a dict: pass a 2-D array or a data frame, e.g. pandas.DataFrame(X) for a "
            "dict of columns."
        )
    if isinstance(X, set | frozenset) or (
        hasattr(X, "__next__") and not hasattr(X, "__len__") and not hasattr(X, "shape")
    ):
        raise InvalidInputError(
            f"X is a {type(X).__name__}, which has no fixed order or length: pass a 2-D array "
            "or a data frame (e.g. numpy.asarray(list(X)))."
        )
    if isinstance(X, np.ma.MaskedArray) and np.ma.getmaskarray(X).any():
        raise InvalidInputError(
            f"X is a masked array with {int(np.ma.getmaskarray(X).sum())} masked value(s); the "
            "samplers would read the values under the mask as data. Fill them first: "
            "X.filled(numpy.nan) and then impute (e.g. sklearn.impute.SimpleImputer), or drop "
            "those rows."
        )
