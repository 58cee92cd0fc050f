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
