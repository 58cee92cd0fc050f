"""pandas DataFrames: column names, dtypes and the row index are kept."""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.door.checks import quoted_list, shape_checks
from smotekit.door.containers.array import non_numeric_beside_nominal
from smotekit.door.containers.base import Container, NewRows, NominalRows
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


def _numbers_in_objects(column: Any) -> bool:
    """An object column whose every value is a real number (not text, not a bool): numbers
    kept as Python objects, which imbalanced-learn and scikit-learn read as numbers."""
    import numbers

    return str(column.dtype) == "object" and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)
        for v in column.to_numpy()
    )


class PandasContainer(Container):
    """A pandas DataFrame; the output keeps its columns, dtypes and row labels."""

    kind = "pandas"

    def __init__(self, df: Any) -> None:
        shape_checks(*df.shape)
        duplicated = df.columns[df.columns.duplicated()].unique()
        if len(duplicated):
            raise InvalidInputError(
                f"X has duplicate column names: {quoted_list([str(c) for c in duplicated])}. "
                "Each column must be named once (rename them, e.g. df.columns = [...], or drop "
                "the copies with df.loc[:, ~df.columns.duplicated()])."
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
            raise NonNumericFeatureError(
                f"X has non-numeric column(s) {quoted_list(bad)} (dtypes {kinds}). SMOTE places "
                "synthetic points between rows by arithmetic, so every column must be numeric: "
                "use smotekit.SMOTENC for data with nominal columns, or encode them first "
                "(e.g. sklearn.preprocessing.OneHotEncoder)."
            )
        integer = np.array([is_integer_dtype(t) for t in self.dtypes], dtype=bool)
        all32 = all(getattr(t, "type", None) is np.float32 for t in self.dtypes)
        try:
            values = self.original.to_numpy(
                dtype=np.float32 if all32 else np.float64, na_value=np.nan
            )
        except (TypeError, ValueError) as exc:
            raise NonNumericFeatureError(f"X could not be converted to numbers: {exc}") from None
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
        try:
            return self.original.iloc[:, cols].to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise NonNumericFeatureError(f"X could not be converted to numbers: {exc}") from None

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
                parts.append(self._nominal_block(synthetic, syn_index, set(widen.tolist())))
        elif new.n_synthetic:
            # synthetic rows are rendered in the working dtype, then cast per column
            block = pd.DataFrame(new.render(self.n_features), columns=df.columns, index=syn_index)
            parts.append(block.astype(self.output_dtypes(new.integers_as_float)))
        return parts[0].copy() if len(parts) == 1 else pd.concat(parts, axis=0)

    def _nominal_block(self, synthetic: NominalRows, index: Any, widen: set[int]) -> Any:
        import pandas as pd

        df = self.original
        slot = synthetic.slot()
        columns = []
        for j in range(self.n_features):
            dtype = df.dtypes.iloc[j]
            if j in slot:
                column = pd.Series(synthetic.decode(slot[j]), index=index).astype(dtype)
            else:
                target = np.float64 if j in widen else dtype
                column = pd.Series(synthetic.buffer[:, j], index=index).astype(target)
            columns.append(column)
        block = pd.concat(columns, axis=1, ignore_index=True)
        block.columns = df.columns
        return block
