"""pandas DataFrames: column names, dtypes and the row index are kept."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from smotekit.door.checks import quoted_list, shape_checks
from smotekit.door.containers.array import non_numeric_beside_nominal
from smotekit.door.containers.base import (
    EXACT_INTEGERS,
    Container,
    NewRows,
    NominalRows,
    integer_values,
    wide_integer,
)
from smotekit.door.labels import new_labels
from smotekit.errors import InvalidInputError, NonNumericFeatureError


def is_integer_dtype(dtype: Any) -> bool:
    """Whether a pandas column of ``dtype`` holds integers or bools (rounded when made)."""
    import pandas as pd

    return pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)


def _numeric_dtype(t: Any) -> bool:
    import pandas as pd

    return (pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)) and not isinstance(
        t, pd.CategoricalDtype
    )


def _missing(v: Any) -> bool:
    """``None`` or ``pandas.NA``: a missing value in an object column."""
    return v is None or type(v).__name__ == "NAType"


def _numbers_in_objects(column: Any) -> bool:
    """An object column whose every value is a real number (not text, not a bool): numbers
    kept as Python objects, which imbalanced-learn and scikit-learn read as numbers.

    Missing values (``None``, ``pandas.NA``) among them are missing numbers, reported by the
    finite check with their count, not a reason to call the column text.
    """
    import numbers

    return str(column.dtype) == "object" and all(
        (isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)) or _missing(v)
        for v in column.to_numpy()
    )


def _object_floats(frame: Any) -> np.ndarray:
    """``frame.to_numpy(float64)`` when object columns hold ``None``/``pandas.NA`` (as NaN)."""
    import pandas as pd

    columns = []
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        if str(column.dtype) == "object":
            column = pd.Series(
                [np.nan if _missing(v) else v for v in column.to_numpy()], dtype=np.float64
            )
        columns.append(column.to_numpy(dtype=np.float64, na_value=np.nan))
    return np.column_stack(columns) if columns else np.empty((len(frame), 0))


def _text_hint(column: Any) -> str:
    """A hint for a text column whose values all read as numbers (``'1.5'``)."""
    import pandas as pd

    values = column.dropna()
    if isinstance(column.dtype, pd.CategoricalDtype) or not len(values):
        return ""
    if not all(isinstance(v, str) for v in values.iloc[:1000]):
        return ""  # dates, objects of other kinds: not text
    try:
        if pd.to_numeric(values, errors="coerce").isna().any():
            return ""
    except (TypeError, ValueError):
        return ""
    return (
        f" Column '{column.name}' holds numbers written as text (e.g. {values.iloc[0]!r}): "
        "convert it with pandas.to_numeric(df[col]) if they are numbers."
    )


class PandasContainer(Container):
    """A pandas DataFrame; the output keeps its columns, dtypes and row labels."""

    kind = "pandas"

    def __init__(self, df: Any) -> None:
        import pandas as pd

        shape_checks(*df.shape)
        duplicated = df.columns[df.columns.duplicated()].unique()
        if len(duplicated):
            raise InvalidInputError(
                f"X has duplicate column names: {quoted_list([str(c) for c in duplicated])}. "
                "Each column must be named once (rename them, e.g. df.columns = [...], or drop "
                "the copies with df.loc[:, ~df.columns.duplicated()])."
            )
        complex_columns = [str(c) for c, t in df.dtypes.items() if pd.api.types.is_complex_dtype(t)]
        if complex_columns:
            raise InvalidInputError(
                f"Complex data not supported: X has complex column(s) "
                f"{quoted_list(complex_columns)}. Split real and imaginary parts into separate "
                "columns (e.g. df[col].to_numpy().real and .imag)."
            )
        self.original = df
        self.n_rows, self.n_features = df.shape
        self.names = [str(c) for c in df.columns]
        self.labels = list(df.columns) if all(isinstance(c, str) for c in df.columns) else None
        self.feature_names_in = (
            np.asarray(df.columns, dtype=object) if self.labels is not None else None
        )
        self.dtypes = list(df.dtypes)

    # ---- reading ------------------------------------------------------------------------
    def numbers(self) -> tuple[np.ndarray, np.ndarray]:
        import pandas as pd

        bad = [
            self.names[j]
            for j, t in enumerate(self.dtypes)
            if not (_numeric_dtype(t) or isinstance(t, pd.SparseDtype))
            and not _numbers_in_objects(self.original.iloc[:, j])
        ]
        if bad:
            kinds = sorted({str(self.dtypes[self.names.index(b)]) for b in bad})
            hints = "".join(_text_hint(self.original.iloc[:, self.names.index(b)]) for b in bad[:3])
            raise NonNumericFeatureError(
                f"X has non-numeric column(s) {quoted_list(bad)} (dtypes {kinds}). SMOTE places "
                "synthetic points between rows by arithmetic, so every column must be numeric: "
                "use smotekit.SMOTENC for data with nominal columns, or encode them first "
                f"(e.g. sklearn.preprocessing.OneHotEncoder).{hints}"
            )
        integer = np.array([is_integer_dtype(t) for t in self.dtypes], dtype=bool)
        all32 = all(getattr(t, "type", None) is np.float32 for t in self.dtypes)
        try:
            values = self.original.to_numpy(
                dtype=np.float32 if all32 else np.float64, na_value=np.nan
            )
        except (TypeError, ValueError):
            # object columns of numbers with None or pandas.NA among them
            try:
                values = _object_floats(self.original)
            except (TypeError, ValueError) as exc:
                raise NonNumericFeatureError(
                    f"X could not be converted to numbers: {exc}"
                ) from None
        return values, integer

    def dtype_of(self, j: int) -> str:
        return str(self.dtypes[j])

    def auto_nominal(self) -> np.ndarray:
        import pandas as pd

        def nominal(t: Any) -> bool:
            if isinstance(t, pd.SparseDtype):
                t = t.subtype
            return (
                isinstance(t, pd.CategoricalDtype)
                or pd.api.types.is_object_dtype(t)
                or pd.api.types.is_string_dtype(t)
                or pd.api.types.is_bool_dtype(t)
            )

        return np.array([nominal(t) for t in self.dtypes], dtype=bool)

    def column(self, j: int) -> Any:
        return self.original.iloc[:, j]

    def continuous(self, cols: np.ndarray) -> np.ndarray:
        bad = [
            self.names[j]
            for j in cols
            if not _numeric_dtype(self.dtypes[j])
            and not _numbers_in_objects(self.original.iloc[:, j])
        ]
        if bad:
            kinds = sorted({self.dtype_of(self.names.index(b)) for b in bad})
            raise non_numeric_beside_nominal(bad, f" (dtypes {kinds})")
        sub = self.original.iloc[:, cols]
        try:
            return sub.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            try:
                return _object_floats(sub)
            except (TypeError, ValueError) as exc:
                raise NonNumericFeatureError(
                    f"X could not be converted to numbers: {exc}"
                ) from None

    def integer(self, cols: np.ndarray) -> np.ndarray:
        return np.array([is_integer_dtype(self.dtypes[j]) for j in cols], dtype=bool)

    # ---- writing ------------------------------------------------------------------------
    def output_index(self, keep: np.ndarray | None, n_new: int) -> Any:
        """Originals keep their row labels; new rows get labels no original has."""
        import pandas as pd

        index = self.original.index
        kept = index if keep is None else index[keep]
        if n_new == 0:
            return kept
        # the new labels carry the index's name, so appending keeps it
        name = None if isinstance(index, pd.MultiIndex) else index.name
        return kept.append(pd.Index(new_labels(index, n_new), name=name))

    def output_dtypes(self, integers_as_float: bool) -> dict[Any, Any]:
        """The output columns' dtypes (integer columns float64 when asked)."""
        dtypes = self.original.dtypes.to_dict()
        if integers_as_float:
            dtypes = {
                c: (np.dtype(np.float64) if is_integer_dtype(t) else t) for c, t in dtypes.items()
            }
        return dtypes

    def _originals(self, keep, copies, new_index) -> list[Any]:
        df = self.original
        parts = [df if keep is None else df.iloc[keep]]
        if copies.shape[0]:
            block = df.iloc[copies].copy()
            block.index = new_index[: copies.shape[0]]
            parts.append(block)
        return parts

    def assemble(self, keep, copies, new: NewRows) -> Any:
        import pandas as pd

        df = self.original
        index = new.index
        n_old = self.n_rows if keep is None else keep.shape[0]
        new_index = index[n_old:]
        parts = self._originals(keep, copies, new_index)
        widen = new.widen()
        if widen.size:
            # integer_columns='float': integer columns come back as float64
            dtypes = self.output_dtypes(True)
            parts = [p.astype({df.columns[j]: dtypes[df.columns[j]] for j in widen}) for p in parts]
        syn_index = new_index[copies.shape[0] :]
        if new.nominal is not None:
            synthetic = new.nominal_rows(self.n_features)
            if synthetic is not None:
                parts.append(self._nominal_block(synthetic, syn_index, set(widen.tolist()), new))
        elif new.n_synthetic:
            # synthetic rows are rendered in the working dtype, then cast per column
            values = new.render(self.n_features)
            dtypes = self.output_dtypes(new.integers_as_float)
            exact = self._wide_integers(values, list(dtypes.values()), new)
            block = pd.DataFrame(values, columns=df.columns, index=syn_index).astype(dtypes)
            for j, column in exact.items():
                block.isetitem(j, pd.Series(column, index=syn_index).astype(self.dtypes[j]))
            parts.append(block)
        return parts[0].copy() if len(parts) == 1 else pd.concat(parts, axis=0)

    def bounds(self, j: int) -> tuple[Any, Any]:
        """The smallest and largest value of column ``j`` (an integer column)."""
        column = self.original.iloc[:, j]
        return column.min(), column.max()

    def _exact_column(self, j: int, dtype: Any) -> np.ndarray:
        """Column ``j``'s values as a numpy array of ``dtype`` (an integer column)."""
        return self.original.iloc[:, j].to_numpy(dtype=dtype)

    def _new_bounds(self, new: NewRows, j: int, dtype: Any) -> Any:
        """``bounds`` of column ``j``'s synthetic values (their parents', when known)."""
        return new.bounds(j, partial(self._exact_column, j, dtype), partial(self.bounds, j))

    def _wide_integers(
        self, values: np.ndarray, dtypes: list[Any], new: NewRows
    ) -> dict[int, np.ndarray]:
        """The 64-bit integer columns of ``values`` as exact integers (cast without wrapping,
        :func:`~.base.integer_values`); their floats in ``values`` are set to 0 so the
        block's own cast cannot overflow."""
        exact = {}
        for j, dtype in enumerate(dtypes):
            narrow = _narrow_integer(dtype)
            if narrow is not None:
                # clipped to the dtype: a new row past an int8 column's 127 is 127, never
                # wrapped around by the block's cast
                np.clip(values[:, j], narrow.min, narrow.max, out=values[:, j])
            elif wide_integer(dtype) and np.abs(values[:, j]).max(initial=0.0) >= EXACT_INTEGERS:
                numpy_dtype = np.dtype(getattr(dtype, "numpy_dtype", dtype))
                bounds = self._new_bounds(new, j, numpy_dtype)
                exact[j] = integer_values(values[:, j], numpy_dtype, bounds)
                values[:, j] = 0
        return exact

    def _nominal_block(
        self, synthetic: NominalRows, index: Any, widen: set[int], new: NewRows
    ) -> Any:
        import pandas as pd

        df = self.original
        slot = synthetic.slot()
        columns = []
        for j in range(self.n_features):
            dtype = df.dtypes.iloc[j]
            if j in slot:
                column = pd.Series(synthetic.decode(slot[j]), index=index).astype(dtype)
            elif j not in widen and wide_integer(dtype):
                numpy_dtype = np.dtype(getattr(dtype, "numpy_dtype", dtype))
                bounds = self._new_bounds(new, j, numpy_dtype)
                exact = integer_values(synthetic.buffer[:, j], numpy_dtype, bounds)
                column = pd.Series(exact, index=index).astype(dtype)
            else:
                target = np.float64 if j in widen else dtype
                column = pd.Series(synthetic.buffer[:, j], index=index).astype(target)
            columns.append(column)
        block = pd.concat(columns, axis=1, ignore_index=True)
        block.columns = df.columns
        return block


def _narrow_integer(dtype: Any) -> Any:
    """``np.iinfo`` of an integer dtype narrower than 64 bits (numpy or pandas), else None."""
    try:
        numpy_dtype = np.dtype(getattr(dtype, "numpy_dtype", dtype))
    except TypeError:
        return None
    if numpy_dtype.kind in "iu" and numpy_dtype.itemsize < 8:
        return np.iinfo(numpy_dtype)
    return None
