"""pyarrow Tables: column names and Arrow types are kept (nulls read as missing)."""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.door.containers.columns import NamedColumns


class ArrowContainer(NamedColumns):
    """A pyarrow Table; the output is a Table with the same schema."""

    kind = "arrow"

    def __init__(self, table: Any) -> None:
        super().__init__(table, table.num_rows, list(table.column_names), table.schema.types)

    @staticmethod
    def is_number(t: Any) -> bool:
        import pyarrow as pa

        return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t)

    @staticmethod
    def is_integer(t: Any) -> bool:
        import pyarrow as pa

        return pa.types.is_integer(t) or pa.types.is_boolean(t)

    # ---- reading ------------------------------------------------------------------------
    def _column_floats(self, j: int, dtype: Any = np.float64) -> np.ndarray:
        import pyarrow as pa
        import pyarrow.compute as pc

        # not a "safe" cast: integers beyond 2**53 are rounded to float64, as elsewhere
        column = pc.cast(self.original.column(int(j)), pa.float64(), safe=False)
        return pc.fill_null(column, np.nan).to_numpy().astype(dtype, copy=False)

    def _all_floats(self) -> np.ndarray:
        import pyarrow as pa

        dtype = np.float32 if all(t == pa.float32() for t in self.dtypes) else np.float64
        values = np.empty((self.n_rows, self.n_features), dtype=dtype)
        for j in range(self.n_features):
            values[:, j] = self._column_floats(j, dtype)
        return values

    def _floats(self, cols: np.ndarray) -> np.ndarray:
        return np.column_stack([self._column_floats(j) for j in cols])

    def auto_nominal(self) -> np.ndarray:
        import pyarrow as pa

        def nominal(t: Any) -> bool:
            return (
                pa.types.is_string(t)
                or pa.types.is_large_string(t)
                or pa.types.is_dictionary(t)
                or pa.types.is_boolean(t)
            )

        return np.array([nominal(t) for t in self.dtypes], dtype=bool)

    def column(self, j: int) -> Any:
        return self.original.column(int(j)).to_numpy(zero_copy_only=False)

    # ---- writing ------------------------------------------------------------------------
    def _schema(self, widen: np.ndarray) -> Any:
        import pyarrow as pa

        schema = self.original.schema
        for j in widen:
            schema = schema.set(int(j), schema.field(int(j)).with_type(pa.float64()))
        return schema

    def _originals(self, keep, copies, schema) -> list[Any]:
        table = self.original
        parts = [table if keep is None else table.take(keep)]
        if copies.shape[0]:
            parts.append(table.take(copies))
        if schema != table.schema:
            parts = [p.cast(schema) for p in parts]
        return parts

    def _number_column(self, j: int, values: np.ndarray, schema: Any) -> Any:
        import pyarrow as pa

        arrow_type = schema.types[j]
        if pa.types.is_boolean(arrow_type):
            return pa.array(np.rint(values) != 0)
        if pa.types.is_integer(arrow_type):
            if values.dtype.kind in "iu":  # already exact (64-bit columns)
                return pa.array(values, type=arrow_type)
            return pa.array(np.rint(values).astype(arrow_type.to_pandas_dtype()))
        return pa.array(values).cast(arrow_type)

    def _numpy_dtype(self, j: int, schema: Any) -> np.dtype:
        return np.dtype(schema.types[j].to_pandas_dtype())

    def bounds(self, j: int) -> tuple[Any, Any]:
        import pyarrow.compute as pc

        found = pc.min_max(self.original.column(int(j)))
        return found["min"].as_py(), found["max"].as_py()

    def _nominal_column(self, j: int, values: Any, schema: Any) -> Any:
        import pyarrow as pa

        return pa.array(np.asarray(values).tolist()).cast(schema.types[j])

    def _from_columns(self, columns: list[Any], schema: Any) -> Any:
        import pyarrow as pa

        return pa.Table.from_arrays(columns, schema=schema)

    def _concat(self, parts: list[Any]) -> Any:
        import pyarrow as pa

        return pa.concat_tables(parts)
