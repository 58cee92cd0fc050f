"""Validation of ``X`` and the round trip back to the caller's container.

Containers handled: numpy arrays, nested lists, pandas DataFrames (dense or sparse columns),
polars DataFrames (when polars is installed) and scipy.sparse matrices and arrays of any format.
Originals always come back bit-for-bit unchanged; only appended rows are new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.door.checks import check_finite, quoted_list, shape_checks
from smotekit.door.fast import all_finite, copy_rows
from smotekit.errors import InvalidInputError, NonNumericFeatureError

#: Fills a dense buffer of shape (n_synthetic, n_features) with the synthetic rows.
DenseFill = Callable[[np.ndarray], None]
#: Returns the synthetic rows as a CSR matrix.
SparseBuild = Callable[[], sp.csr_matrix]


@dataclass
class Features:
    """``X`` as seen by the samplers, plus what restores the caller's container.

    Attributes
    ----------
    numeric : ndarray or csr_matrix or None
        Float32/float64 values for computation (``None`` when numbers are not needed).
        For float numpy input this is the caller's array itself, never a copy.
    integer_columns : ndarray of bool
        Columns whose original dtype is integer or bool: synthetic values there are rounded.
    column_names : list of str
        Names used in messages (``"column 3"`` for arrays).
    """

    original: Any
    kind: str  # "numpy", "list", "sparse", "pandas", "polars"
    n_rows: int
    n_features: int
    column_names: list[str]
    numeric: np.ndarray | sp.csr_matrix | None = None
    integer_columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    feature_names_in: np.ndarray | None = None
    _rows: np.ndarray | None = None  # numpy view of the original rows, for row takes
    #: Nominal columns (SMOTE-NC, SMOTE-N): a ``door.nominal.NominalColumns``, else ``None``.
    #: ``numeric`` then holds the nominal values' codes in those columns.
    nominal: Any = None
    #: The door's finite check was left to the copy of the rows into the output (SMOTE on a
    #: float ndarray: one pass over X instead of two); see :meth:`ensure_finite`.
    finite_pending: bool = False

    def ensure_finite(self, rows: np.ndarray | None = None, taken: Any = None) -> None:
        """Run the deferred finite check, on ``rows`` only if given (all rows otherwise).

        ``taken`` may hold ``numeric[rows]`` already gathered by the caller. Failing rows
        raise the door's own message, which names every bad column of X.
        """
        if not self.finite_pending:
            return
        assert isinstance(self.numeric, np.ndarray)
        if rows is not None:
            if not isinstance(taken, np.ndarray):
                taken = self.numeric[rows]
            if all_finite(taken):
                return
        check_finite(self.numeric, self.column_names)
        self.finite_pending = False

    @property
    def work_dtype(self) -> np.dtype:
        assert self.numeric is not None
        return self.numeric.dtype

    # ---- output -----------------------------------------------------------------------
    def assemble(
        self,
        keep: np.ndarray | None,
        copies: np.ndarray,
        n_synthetic: int,
        fill: DenseFill | None = None,
        build_sparse: SparseBuild | None = None,
        *,
        integers_as_float: bool = False,
    ) -> tuple[Any, Any]:
        """Return ``(X_out, index_out)``: kept originals, copied rows, then synthetic rows.

        ``keep`` are the positions of original rows kept in order (``None``: all of them, as
        they are); ``copies`` are positions of rows repeated as new rows; the synthetic rows
        are written by ``fill`` (dense containers) or built by ``build_sparse``.
        """
        if self.finite_pending and not (self.kind == "numpy" and keep is None):
            self.ensure_finite()  # the fused check below covers only a copy of every row
        if self.nominal is not None:
            # nominal columns decode their codes into the caller's values on the way out
            return self.nominal.assemble(self, keep, copies, n_synthetic, fill, integers_as_float)
        n_new = copies.shape[0] + n_synthetic
        index = self._output_index(keep, n_new)
        if self.kind == "sparse":
            return (
                self._assemble_sparse(keep, copies, n_synthetic, build_sparse, integers_as_float),
                index,
            )
        if self.kind in ("numpy", "list"):
            out = self._assemble_numpy(keep, copies, n_synthetic, fill, integers_as_float)
            return (out.tolist() if self.kind == "list" else out), index
        # Data frames: synthetic rows are rendered in the working dtype, then cast per column.
        synthetic = None
        if n_synthetic:
            assert fill is not None and self.numeric is not None
            dtype = self.work_dtype if not self.integer_columns.any() else np.float64
            synthetic = np.empty((n_synthetic, self.n_features), dtype=dtype)
            fill(synthetic)
        if self.kind == "pandas":
            return self._assemble_pandas(keep, copies, synthetic, index, integers_as_float), index
        return self._assemble_polars(keep, copies, synthetic, integers_as_float), None

    def _assemble_numpy(self, keep, copies, n_synthetic, fill, integers_as_float) -> np.ndarray:
        rows = self._rows
        assert rows is not None
        n_keep = self.n_rows if keep is None else keep.shape[0]
        dtype = rows.dtype
        if integers_as_float and dtype.kind in "iub":
            dtype = np.dtype(np.float64)
        out = np.empty((n_keep + copies.shape[0] + n_synthetic, self.n_features), dtype=dtype)
        if keep is None:
            if not copy_rows(out[:n_keep], rows, check_finite=self.finite_pending):
                check_finite(rows, self.column_names)
            self.finite_pending = False
        else:
            np.take(rows, keep, axis=0, out=out[:n_keep])
        stop = n_keep + copies.shape[0]
        if copies.shape[0]:
            out[n_keep:stop] = rows[copies]
        if n_synthetic:
            assert fill is not None
            fill(out[stop:])
        return out

    def _assemble_sparse(self, keep, copies, n_synthetic, build_sparse, integers_as_float):
        X = self.original
        base = sp.csr_matrix(X) if not sp.isspmatrix_csr(X) else X
        if integers_as_float and base.dtype.kind in "iub":
            base = base.astype(np.float64)
        parts = [base if keep is None else base[keep]]
        if copies.shape[0]:
            parts.append(base[copies])
        if n_synthetic:
            assert build_sparse is not None
            parts.append(build_sparse().astype(base.dtype))
        out = sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0].copy()
        out = out.asformat(X.format)
        if isinstance(X, sp.sparray):
            out = type(X)(out)
        return out

    def _assemble_pandas(self, keep, copies, synthetic, index, integers_as_float):
        import pandas as pd

        df = self.original
        parts = [df if keep is None else df.iloc[keep]]
        n_old = parts[0].shape[0]
        new_index = index[n_old:]
        if copies.shape[0]:
            block = df.iloc[copies].copy()
            block.index = new_index[: copies.shape[0]]
            parts.append(block)
        dtypes = df.dtypes.to_dict()
        if integers_as_float:
            dtypes = {
                c: (np.dtype(np.float64) if self._is_integer_dtype(t) else t)
                for c, t in dtypes.items()
            }
            parts = [p.astype(dtypes) for p in parts]
        if synthetic is not None:
            block = pd.DataFrame(
                synthetic, columns=df.columns, index=new_index[copies.shape[0] :]
            ).astype(dtypes)
            parts.append(block)
        if len(parts) == 1:
            return parts[0].copy()
        return pd.concat(parts, axis=0)

    def _assemble_polars(self, keep, copies, synthetic, integers_as_float):
        import polars as pl

        df = self.original
        parts = [df if keep is None else df[keep]]
        if copies.shape[0]:
            parts.append(df[copies])
        schema = df.schema
        if integers_as_float:
            schema = {
                c: (pl.Float64 if t.is_integer() or t == pl.Boolean else t)
                for c, t in schema.items()
            }
            parts = [p.cast(schema) for p in parts]
        if synthetic is not None:
            block = pl.DataFrame(synthetic, schema=list(df.columns), orient="row")
            parts.append(block.cast(dict(schema)))
        return pl.concat(parts) if len(parts) > 1 else parts[0].clone()

    @staticmethod
    def _is_integer_dtype(dtype) -> bool:
        import pandas as pd

        return pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)

    def _output_index(self, keep, n_new):
        """Index of the output rows (pandas only): originals keep their labels."""
        if self.kind != "pandas":
            return None
        import pandas as pd

        index = self.original.index
        kept = index if keep is None else index[keep]
        if n_new == 0:
            return kept
        # the new labels carry the index's name, so appending keeps it
        name = None if isinstance(index, pd.MultiIndex) else index.name
        return kept.append(pd.Index(new_labels(index, n_new), name=name))


def new_labels(index, n: int) -> list | np.ndarray:
    """Labels for ``n`` new rows that cannot collide with any label in ``index``.

    An integer index continues after its largest label (a RangeIndex simply goes on); any other
    index gets string labels ``"synthetic-0"``, ``"synthetic-1"``, ... with a prefix lengthened
    until none of them is already taken.
    """
    import pandas as pd

    start = None
    if pd.api.types.is_integer_dtype(index.dtype) and not isinstance(index, pd.MultiIndex):
        start = int(index.max()) + 1 if len(index) else 0
    scheme = label_scheme(start, n, lambda: (v for v in index if isinstance(v, str)))
    return label_range(scheme, 0, n)


def label_scheme(start: int | None, n: int, strings: Callable[[], Any]) -> int | str:
    """How ``n`` new rows are labelled: the first integer label, or a string prefix.

    ``start`` is one past the largest integer label (``None`` for other indexes);
    ``strings()`` gives the index's string labels (only those containing ``"synthetic-"``
    matter, which lets a partitioned index be summarised partition by partition).
    """
    if start is not None and start + n - 1 <= np.iinfo(np.int64).max:
        return start
    # no integer index, or no room left after the largest label: string labels
    prefix = "synthetic-"
    taken = {v for v in strings() if isinstance(v, str) and "synthetic-" in v}
    while any(v.startswith(prefix) for v in taken):
        prefix = "_" + prefix
    return prefix


def label_range(scheme: int | str, start: int, stop: int) -> list | np.ndarray:
    """Labels of new rows ``start:stop`` under ``scheme`` (see :func:`label_scheme`)."""
    if isinstance(scheme, str):
        return [f"{scheme}{i}" for i in range(start, stop)]
    return np.arange(scheme + start, scheme + stop, dtype=np.int64)


# ---- ingestion --------------------------------------------------------------------------


def ingest_features(
    X: Any,
    *,
    numeric: bool = True,
    allow_nan: bool = False,
    accept_sparse: bool = True,
    sampler_name: str = "This sampler",
    defer_finite: bool = False,
) -> Features:
    """Check ``X`` and wrap it for the samplers.

    Parameters
    ----------
    numeric : bool
        Whether the sampler computes with the values (SMOTE) or only moves rows around
        (random samplers, which accept strings, NaN and any dtype).
    allow_nan : bool
        Whether missing values are acceptable (only when ``numeric`` is False).
    defer_finite : bool
        Leave the finite check of a float ndarray to the copy of its rows into the output
        (``Features.finite_pending``); the caller must then check the rows it computes with
        (``Features.ensure_finite``) before using them.
    """
    if X is None:
        raise InvalidInputError("X is None: pass the feature matrix as the first argument.")
    module = type(X).__module__
    if sp.issparse(X):
        feats = _ingest_sparse(X, accept_sparse, sampler_name)
    elif module.startswith("pandas") and type(X).__name__ == "DataFrame":
        feats = _ingest_pandas(X, numeric)
    elif module.startswith("polars") and type(X).__name__ == "DataFrame":
        feats = _ingest_polars(X, numeric)
    elif module.startswith("pandas") or module.startswith("polars"):
        raise InvalidInputError(
            f"X is a {type(X).__name__}; pass a 2-D table (DataFrame), e.g. series.to_frame()."
        )
    else:
        feats = _ingest_array(X, numeric)
    if numeric and feats.numeric is not None and not allow_nan:
        if defer_finite and feats.kind == "numpy" and feats.numeric is feats._rows:
            feats.finite_pending = True
        else:
            check_finite(feats.numeric, feats.column_names)
    return feats


def _ingest_array(X: Any, numeric: bool) -> Features:
    kind = "numpy" if isinstance(X, np.ndarray) else "list"
    if kind == "list" and not isinstance(X, list | tuple):
        kind = "numpy"  # other array-likes come back as numpy arrays
    try:
        arr = np.asarray(X)
    except ValueError as exc:  # ragged nested lists
        raise InvalidInputError(f"X could not be read as a 2-D array: {exc}") from None
    if arr.ndim == 2:
        shape_checks(*arr.shape)
    else:
        shape_checks(arr.shape[0] if arr.ndim else 0, 0, arr.ndim)
    n_rows, n_features = arr.shape
    names = [f"column {j}" for j in range(n_features)]
    if np.iscomplexobj(arr):
        raise InvalidInputError(
            "Complex data not supported: X has complex values. Split real and imaginary parts "
            "into separate columns (np.hstack([X.real, X.imag]))."
        )
    feats = Features(X, kind, n_rows, n_features, names, _rows=arr)
    if not numeric:
        return feats
    if arr.dtype.kind in "fiub":
        feats.integer_columns = np.full(n_features, arr.dtype.kind in "iub")
        if arr.dtype.kind == "f" and arr.dtype.itemsize in (4, 8):
            feats.numeric = arr
        else:
            feats.numeric = arr.astype(np.float64)
        return feats
    feats.numeric = _to_float(arr, names)
    feats._rows = feats.numeric if arr.dtype == object else arr
    if kind == "numpy" and arr.dtype == object:
        # an object array of numbers is returned as float64, as scikit-learn does
        feats.original = feats.numeric
    feats.integer_columns = np.zeros(n_features, dtype=bool)
    return feats


def _to_float(arr: np.ndarray, names: list[str]) -> np.ndarray:
    if arr.dtype.kind in "USO":
        # text that happens to read as numbers ("1.5") is still text: converting it silently
        # hides a parsing problem upstream (scikit-learn and imbalanced-learn refuse it too)
        text = (
            np.ones(arr.shape, dtype=bool)
            if arr.dtype.kind in "US"
            else np.frompyfunc(lambda v: isinstance(v, str | bytes), 1, 1)(arr).astype(bool)
        )
        if text.any():
            cols = np.flatnonzero(text.any(axis=0))
            i, j = np.argwhere(text)[0]
            first = arr[i, j].item() if isinstance(arr[i, j], np.generic) else arr[i, j]
            raise NonNumericFeatureError(
                f"X holds text in {quoted_list([names[c] for c in cols])} (first: {first!r} at "
                f"row {i}, {names[j]}). Convert the columns to numbers first (e.g. "
                "X.astype(float) when the text is numbers, or pandas.to_numeric), or encode "
                "nominal columns (sklearn.preprocessing.OneHotEncoder, or smotekit.SMOTENC)."
            )
    try:
        return arr.astype(np.float64)
    except (TypeError, ValueError) as exc:
        bad = []
        for j in range(arr.shape[1]):
            try:
                arr[:, j].astype(np.float64)
            except (TypeError, ValueError):
                bad.append(names[j])
        raise NonNumericFeatureError(
            f"X has non-numeric values in {quoted_list(bad)} ({exc}). SMOTE places synthetic "
            "points between rows by arithmetic, so every column must be numeric: encode nominal "
            "columns (e.g. sklearn.preprocessing.OneHotEncoder) or use a sampler for nominal "
            "features (smotekit.SMOTENC when some columns are nominal)."
        ) from None


def _ingest_sparse(X: Any, accept_sparse: bool, sampler_name: str) -> Features:
    if not accept_sparse:
        raise InvalidInputError(f"{sampler_name} does not accept sparse X; pass a dense array.")
    shape_checks(*X.shape)
    if np.iscomplexobj(X.data if hasattr(X, "data") else X):
        raise InvalidInputError("Complex data not supported: X has complex values.")
    csr = sp.csr_matrix(X)
    n_rows, n_features = csr.shape
    names = [f"column {j}" for j in range(n_features)]
    if csr.dtype.kind not in "fiub":
        raise NonNumericFeatureError(f"sparse X has dtype {csr.dtype}; expected numbers.")
    work = csr if csr.dtype in (np.float32, np.float64) else csr.astype(np.float64)
    integer = np.full(n_features, csr.dtype.kind in "iub")
    return Features(X, "sparse", n_rows, n_features, names, work, integer)


def _ingest_pandas(df: Any, numeric: bool) -> Features:
    import pandas as pd

    shape_checks(*df.shape)
    n_rows, n_features = df.shape
    names = [str(c) for c in df.columns]
    duplicated = df.columns[df.columns.duplicated()].unique()
    if len(duplicated):
        raise InvalidInputError(
            f"X has duplicate column names: {quoted_list([str(c) for c in duplicated])}. Each "
            "column must be named once (rename them, e.g. df.columns = [...], or drop the "
            "copies with df.loc[:, ~df.columns.duplicated()])."
        )
    feature_names = (
        np.asarray(df.columns, dtype=object)
        if all(isinstance(c, str) for c in df.columns)
        else None
    )
    feats = Features(df, "pandas", n_rows, n_features, names, feature_names_in=feature_names)
    if not numeric:
        return feats
    dtypes = list(df.dtypes)
    bad = [
        names[j]
        for j, t in enumerate(dtypes)
        if not (
            pd.api.types.is_numeric_dtype(t)
            or pd.api.types.is_bool_dtype(t)
            or isinstance(t, pd.SparseDtype)
        )
        or isinstance(t, pd.CategoricalDtype)
    ]
    if bad:
        raise NonNumericFeatureError(
            f"X has non-numeric column(s) {quoted_list(bad)} (dtypes "
            f"{sorted({str(df[c].dtype) for c in df.columns if str(c) in bad})}). SMOTE places "
            "synthetic points between rows by arithmetic, so every column must be numeric: "
            "use smotekit.SMOTENC for data with nominal columns, or encode them first "
            "(e.g. sklearn.preprocessing.OneHotEncoder)."
        )
    feats.integer_columns = np.array([Features._is_integer_dtype(t) for t in dtypes], dtype=bool)
    all32 = all(getattr(t, "type", None) is np.float32 for t in dtypes)
    try:
        feats.numeric = df.to_numpy(dtype=np.float32 if all32 else np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise NonNumericFeatureError(f"X could not be converted to numbers: {exc}") from None
    return feats


def _ingest_polars(df: Any, numeric: bool) -> Features:
    import polars as pl

    shape_checks(df.height, df.width)
    names = list(df.columns)
    feats = Features(
        df, "polars", df.height, df.width, names, feature_names_in=np.asarray(names, dtype=object)
    )
    if not numeric:
        return feats
    bad = [c for c, t in df.schema.items() if not (t.is_numeric() or t == pl.Boolean)]
    if bad:
        raise NonNumericFeatureError(
            f"X has non-numeric column(s) {quoted_list(bad)}. SMOTE places synthetic points "
            "between rows by arithmetic, so every column must be numeric: use smotekit.SMOTENC "
            "for data with nominal columns, or encode them first."
        )
    types = list(df.schema.values())
    feats.integer_columns = np.array([t.is_integer() or t == pl.Boolean for t in types])
    all32 = all(t == pl.Float32 for t in types)
    values = df.to_numpy()
    feats.numeric = values.astype(np.float32 if all32 else np.float64, copy=False)
    if df.null_count().to_numpy().sum():
        # polars nulls become NaN only in float columns; make every null visible to check_finite
        mask = df.select(pl.all().is_null()).to_numpy()
        feats.numeric = np.where(mask, np.nan, feats.numeric)
    return feats
