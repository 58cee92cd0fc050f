"""What the typed-column tables (polars, Arrow) share: names, types and their checks."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from smotekit.door.checks import quoted_list, shape_checks
from smotekit.door.containers.array import non_numeric_beside_nominal
from smotekit.door.containers.base import Container, NewRows, integer_values, wide_integer
from smotekit.errors import NonNumericFeatureError


class NamedColumns(Container):
    """A table whose columns have names and types; subclasses say which types are numbers.

    Subclasses implement ``is_number(t)``, ``is_integer(t)``, ``_all_floats`` (numbers of
    every column) and ``_floats(cols)`` (some columns as float64).
    """

    def __init__(self, table: Any, n_rows: int, names: list[str], dtypes: list[Any]) -> None:
        shape_checks(n_rows, len(names))
        self.original = table
        self.n_rows, self.n_features = n_rows, len(names)
        self.names = list(names)
        self.labels = list(names)
        self.feature_names_in = np.asarray(self.names, dtype=object)
        self.dtypes = dtypes

    @staticmethod
    def is_number(t: Any) -> bool:
        raise NotImplementedError

    @staticmethod
    def is_integer(t: Any) -> bool:
        raise NotImplementedError

    def _all_floats(self) -> np.ndarray:
        raise NotImplementedError

    def _floats(self, cols: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def numbers(self) -> tuple[np.ndarray, np.ndarray]:
        bad = [c for c, t in zip(self.names, self.dtypes, strict=True) if not self.is_number(t)]
        if bad:
            raise NonNumericFeatureError(
                f"X has non-numeric column(s) {quoted_list(bad)}. SMOTE places synthetic points "
                "between rows by arithmetic, so every column must be numeric: use "
                "smotekit.SMOTENC for data with nominal columns, or encode them first."
            )
        return self._all_floats(), self.integer(np.arange(self.n_features))

    def dtype_of(self, j: int) -> str:
        return str(self.dtypes[j])

    def continuous(self, cols: np.ndarray) -> np.ndarray:
        bad = [self.names[j] for j in cols if not self.is_number(self.dtypes[j])]
        if bad:
            kinds = sorted({self.dtype_of(self.names.index(b)) for b in bad})
            raise non_numeric_beside_nominal(bad, f" (dtypes {kinds})")
        return self._floats(cols)

    def integer(self, cols: np.ndarray) -> np.ndarray:
        return np.array([self.is_integer(self.dtypes[j]) for j in cols], dtype=bool)

    # ---- writing ------------------------------------------------------------------------
    def _schema(self, widen: np.ndarray) -> Any:
        """The output's schema: the input's, with the ``widen`` columns as float64."""
        raise NotImplementedError

    def _originals(self, keep: np.ndarray | None, copies: np.ndarray, schema: Any) -> list[Any]:
        """Kept and copied original rows, as tables cast to ``schema``."""
        raise NotImplementedError

    def _number_column(self, j: int, values: np.ndarray, schema: Any) -> Any:
        raise NotImplementedError

    def _nominal_column(self, j: int, values: Any, schema: Any) -> Any:
        raise NotImplementedError

    def _from_columns(self, columns: list[Any], schema: Any) -> Any:
        raise NotImplementedError

    def _concat(self, parts: list[Any]) -> Any:
        raise NotImplementedError

    def _numpy_dtype(self, j: int, schema: Any) -> np.dtype:
        """The numpy dtype of column ``j``'s type in the output ``schema``."""
        raise NotImplementedError

    def bounds(self, j: int) -> tuple[Any, Any]:
        """The smallest and largest value of column ``j`` (an integer column)."""
        raise NotImplementedError

    def _exact(self, j: int, values: np.ndarray, schema: Any, new: NewRows) -> np.ndarray:
        """Column ``j``'s synthetic values, as exact integers when it is a 64-bit integer
        column (cast without wrapping at the limits, :func:`~.base.integer_values`)."""
        if not self.is_integer(self.dtypes[j]):
            return values
        dtype = self._numpy_dtype(j, schema)
        if dtype.kind not in "iu":  # integer_columns='float': widened to float64
            return values
        if not wide_integer(dtype):
            # narrower columns: rounded and clipped to the dtype (a new row past an int8
            # column's 127 is 127, never a wrapped -129 or a failed cast)
            return integer_values(values, dtype)
        bounds = new.bounds(j, partial(self.column, j), partial(self.bounds, j))
        return integer_values(values, dtype, bounds)

    def assemble(self, keep, copies, new: NewRows) -> Any:
        schema = self._schema(new.widen())
        parts = self._originals(keep, copies, schema)
        columns = None
        if new.nominal is not None:
            synthetic = new.nominal_rows(self.n_features)
            if synthetic is not None:
                slot = synthetic.slot()
                columns = [
                    self._nominal_column(j, synthetic.decode(slot[j]), schema)
                    if j in slot
                    else self._number_column(
                        j, self._exact(j, synthetic.buffer[:, j], schema, new), schema
                    )
                    for j in range(self.n_features)
                ]
        elif new.n_synthetic:
            block = new.render(self.n_features)
            columns = [
                self._number_column(j, self._exact(j, block[:, j], schema, new), schema)
                for j in range(self.n_features)
            ]
        if columns is not None:
            parts.append(self._from_columns(columns, schema))
        return self._concat(parts)
