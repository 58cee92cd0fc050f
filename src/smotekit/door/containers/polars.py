"""polars DataFrames: column names and types are kept."""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.door.containers.columns import NamedColumns


class PolarsContainer(NamedColumns):
    """A polars DataFrame; the output keeps its columns and types."""

    kind = "polars"

    def __init__(self, df: Any) -> None:
        super().__init__(df, df.height, list(df.columns), list(df.schema.values()))

    @staticmethod
    def is_number(t: Any) -> bool:
        import polars as pl

        return t.is_numeric() or t == pl.Boolean

    @staticmethod
    def is_integer(t: Any) -> bool:
        import polars as pl

        return t.is_integer() or t == pl.Boolean

    # ---- reading ------------------------------------------------------------------------
    def _with_nulls(self, frame: Any, values: np.ndarray) -> np.ndarray:
        import polars as pl

        if frame.null_count().to_numpy().sum():
            # polars nulls become NaN only in float columns; make every null visible
            values = np.where(frame.select(pl.all().is_null()).to_numpy(), np.nan, values)
        return values

    def _all_floats(self) -> np.ndarray:
        import polars as pl

        all32 = all(t == pl.Float32 for t in self.dtypes)
        values = self.original.to_numpy().astype(np.float32 if all32 else np.float64, copy=False)
        return self._with_nulls(self.original, values)

    def _floats(self, cols: np.ndarray) -> np.ndarray:
        sub = self.original.select([self.names[j] for j in cols])
        return self._with_nulls(sub, sub.to_numpy().astype(np.float64))

    def auto_nominal(self) -> np.ndarray:
        import polars as pl

        nominal = (pl.String, pl.Categorical, pl.Enum, pl.Boolean, pl.Object)
        return np.array([t.base_type() in nominal for t in self.dtypes], dtype=bool)

    def column(self, j: int) -> Any:
        return self.original.to_series(int(j)).to_numpy()

    # ---- writing ------------------------------------------------------------------------
    def _originals(self, keep, copies, schema) -> list[Any]:
        df = self.original
        parts = [df if keep is None else df[keep]]
        if copies.shape[0]:
            parts.append(df[copies])
        if schema != dict(df.schema):
            parts = [p.cast(schema) for p in parts]
        return parts

    def _schema(self, widen: np.ndarray) -> dict[str, Any]:
        import polars as pl

        schema = dict(self.original.schema)
        for j in widen:
            schema[self.names[j]] = pl.Float64
        return schema

    def _number_column(self, j: int, values: np.ndarray, schema: Any) -> Any:
        import polars as pl

        return pl.Series(self.names[j], values).cast(schema[self.names[j]])

    def _nominal_column(self, j: int, values: Any, schema: Any) -> Any:
        import polars as pl

        return pl.Series(self.names[j], np.asarray(values)).cast(schema[self.names[j]])

    def _numpy_dtype(self, j: int, schema: Any) -> np.dtype:
        import polars as pl

        return pl.Series([], dtype=schema[self.names[j]]).to_numpy().dtype

    def bounds(self, j: int) -> tuple[Any, Any]:
        column = self.original.to_series(int(j))
        return column.min(), column.max()

    def _from_columns(self, columns: list[Any], schema: Any) -> Any:
        import polars as pl

        return pl.DataFrame(columns)

    def _concat(self, parts: list[Any]) -> Any:
        import polars as pl

        return pl.concat(parts) if len(parts) > 1 else parts[0].clone()
