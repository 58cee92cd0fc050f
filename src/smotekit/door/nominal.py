"""Nominal (categorical) columns at the door: which they are, their codes, and the way back.

SMOTE-NC and SMOTE-N compute only with integer *codes* of the nominal values (one code per
distinct value of a column, in order of first appearance). The synthetic rows' codes are
turned back into the column's own values when the output is assembled, so a pandas category
column keeps its categories, a string column stays string, a bool column stays bool and a
numpy object array stays object. Original rows are never re-encoded: they are taken from the
caller's container as they are, so they come back bit for bit.

Which columns are nominal is said by ``categorical_features`` (imbalanced-learn's name):
``'auto'`` (from the dtypes of a data frame), ``'all'``, positions, names, or a boolean mask.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.door.checks import check_finite, quoted_list, shape_checks
from smotekit.door.features import Features
from smotekit.errors import InvalidInputError, InvalidParameterError, NonNumericFeatureError

AUTO = "auto"
ALL = "all"
#: What ``'auto'`` takes as nominal, for messages.
AUTO_DTYPES = "category, object, string or bool"


class NominalValueError(InvalidInputError, TypeError):
    """A nominal column holds a value that cannot serve as a category (it is unhashable)."""


@dataclass
class NominalColumns:
    """The nominal columns of ``X``: where they are, their codes, and the values behind them.

    Attributes
    ----------
    mask : ndarray of bool, shape (n_features,)
        Which columns are nominal.
    codes : ndarray of intp, shape (n_rows, n_nominal)
        Code of every row's value in every nominal column (the ``j``-th nominal column is
        column ``columns[j]`` of ``X``).
    values : list
        For each nominal column, its distinct values in code order, in the column's own
        dtype (a pandas Index or a numpy array): ``values[j][codes[:, j]]`` is the column.
    """

    mask: np.ndarray
    codes: np.ndarray
    values: list

    @property
    def columns(self) -> np.ndarray:
        """Positions of the nominal columns in ``X``."""
        return np.flatnonzero(self.mask)

    def decode(self, j: int, codes: np.ndarray) -> Any:
        """The values of nominal column ``j`` (0-based among nominal columns) for ``codes``."""
        values = self.values[j]
        return values.take(codes) if hasattr(values, "take") else np.asarray(values)[codes]

    def assemble(self, features: Features, *args: Any) -> tuple[Any, Any]:
        """The output of ``features`` holding these columns (see :func:`assemble_nominal`)."""
        return assemble_nominal(features, *args)


# ---- which columns --------------------------------------------------------------------------


def resolve_categorical_features(
    spec: Any, names: list[str], labels: list | None, auto: Any
) -> np.ndarray:
    """The boolean mask of nominal columns that ``spec`` designates.

    Parameters
    ----------
    spec : 'auto', 'all', array-like of int, str or bool
        Column positions (negative ones count from the end, as in numpy), column names (data
        frames), or a boolean mask over the columns. numpy arrays are accepted in every form.
    names : list of str
        Column names for messages.
    labels : list or None
        The data frame's column labels that names are matched against; ``None`` for arrays.
    auto : callable
        Returns the mask ``'auto'`` stands for (computed only when asked).

    Examples
    --------
    >>> import numpy as np
    >>> names = ["age", "city", "income"]
    >>> resolve_categorical_features(np.array([1]), names, names, None).tolist()
    [False, True, False]
    >>> resolve_categorical_features(["city", "age"], names, names, None).tolist()
    [True, True, False]
    >>> resolve_categorical_features([-1], names, None, None).tolist()
    [False, False, True]
    """
    d = len(names)
    if isinstance(spec, str):
        if spec == AUTO:
            return np.asarray(auto(), dtype=bool)
        if spec == ALL:
            return np.ones(d, dtype=bool)
        hint = (
            f" To name that one column pass a list: categorical_features=[{spec!r}]."
            if labels is not None and spec in labels
            else ""
        )
        raise InvalidParameterError(
            f"categorical_features={spec!r} is not valid: use 'auto' (nominal columns found "
            f"from data frame dtypes: {AUTO_DTYPES}), 'all', or a list of column positions, "
            f"column names or a boolean mask.{hint}"
        )
    if spec is None or np.isscalar(spec) or not hasattr(spec, "__len__"):
        raise InvalidParameterError(
            f"categorical_features={spec!r} is not valid: use 'auto', 'all', or a list (or "
            "array) of column positions, column names or a boolean mask."
        )
    # numpy arrays are used as they are (imbalanced-learn fails on an array of indices,
    # its issue 1217); other sequences (list, tuple, pandas Index) keep their Python values
    items = spec if isinstance(spec, np.ndarray) else np.asarray(list(spec), dtype=object)
    if items.ndim != 1:
        raise InvalidParameterError(
            f"categorical_features must be a flat list of columns; got shape {items.shape}."
        )
    mask = np.zeros(d, dtype=bool)
    if len(items) == 0:
        return mask
    if items.dtype == bool or all(isinstance(v, bool | np.bool_) for v in items):
        if len(items) != d:
            raise InvalidParameterError(
                f"categorical_features is a boolean mask of length {len(items)}, but X has "
                f"{d} feature(s); the mask needs one entry per column."
            )
        return np.asarray(items, dtype=bool)
    if all(isinstance(v, numbers.Integral) for v in items.tolist()):
        for i in items.tolist():
            if not -d <= i < d:
                raise InvalidParameterError(
                    f"categorical_features holds the index {i}, which is out of range: X has "
                    f"{d} feature(s) (positions 0 to {d - 1}, or -{d} to -1 from the end)."
                )
            mask[i] = True
        return mask
    if all(isinstance(v, str) for v in items.tolist()):
        if labels is None:
            raise InvalidParameterError(
                f"categorical_features names columns ({quoted_list(list(items))}), but X has no "
                "column names (it is not a data frame with string column names); give the "
                "nominal columns by position or as a boolean mask instead."
            )
        for name in items.tolist():
            hits = [j for j, label in enumerate(labels) if label == name]
            if not hits:
                raise InvalidParameterError(
                    f"categorical_features names the column {name!r}, which X does not have. "
                    f"X's columns are: {quoted_list(names, limit=30)}."
                )
            mask[hits] = True
        return mask
    kinds = sorted({type(v).__name__ for v in items.tolist()})
    raise InvalidParameterError(
        f"categorical_features mixes {', '.join(kinds)} entries; give only column positions "
        "(int), only column names (str), or a boolean mask with one entry per column."
    )


def _check_split(
    mask: np.ndarray, require: str, spec: Any, names: list[str], dtypes: list[str], who: str
) -> None:
    """Refuse a split of the columns that the sampler cannot work with."""
    d = mask.shape[0]
    said = "'auto'" if isinstance(spec, str) and spec == AUTO else f"{spec!r}"
    if not mask.any():
        found = (
            f"categorical_features='auto' found no nominal column (it takes the columns with a "
            f"{AUTO_DTYPES} dtype of a pandas or polars data frame, and every column of a "
            "numpy array of strings, objects or bools)"
            if isinstance(spec, str) and spec == AUTO
            else f"categorical_features={said} selects no column"
        )
        if require == "mixed":
            raise InvalidInputError(
                f"{who}: {found}. SMOTE-NC needs at least one nominal column; name them with "
                "categorical_features (positions, names or a boolean mask), or, if every "
                "feature is continuous, use smotekit.SMOTE."
            )
        raise InvalidInputError(
            f"{who}: {found}. SMOTE-N needs nominal columns; name them with "
            "categorical_features, use categorical_features='all' to treat every column's "
            "values as categories, or use smotekit.SMOTE for continuous features."
        )
    if require == "mixed" and mask.all():
        raise InvalidInputError(
            f"{who}: X has {d} feature(s) and categorical_features={said} makes all of them "
            "nominal. SMOTE-NC interpolates the continuous features and scales the nominal "
            "mismatches by their spread, so it needs at least one continuous feature; for "
            "data whose features are all nominal use smotekit.SMOTEN (SMOTE-N, the paper's "
            "section 6.2)."
        )
    if require == "all" and not mask.all():
        other = np.flatnonzero(~mask)
        described = ", ".join(f"'{names[j]}' ({dtypes[j]})" for j in other[:10])
        more = f" and {other.size - 10} more" if other.size > 10 else ""
        raise InvalidInputError(
            f"{who}: SMOTE-N treats every feature as nominal (neighbours by the Value "
            "Difference Metric, each synthetic value by majority vote, nothing interpolated), "
            f"but categorical_features={said} leaves {other.size} column(s) out: "
            f"{described}{more}. For a mix of nominal and continuous features use "
            "smotekit.SMOTENC; to treat those columns' values as categories too, pass "
            "categorical_features='all'."
        )


# ---- readers: one per container -------------------------------------------------------------


class _ArrayReader:
    """numpy arrays, nested lists and other array-likes (and sparse matrices, densified)."""

    def __init__(self, X: Any) -> None:
        if sp.issparse(X):
            self.kind = "sparse"
            shape_checks(*X.shape)
            data = X.data if hasattr(X, "data") else X.toarray()
            if np.iscomplexobj(data):
                raise InvalidInputError("Complex data not supported: X has complex values.")
            if X.dtype.kind not in "fiub":
                raise NonNumericFeatureError(f"sparse X has dtype {X.dtype}; expected numbers.")
            # nominal values need one code per row: the matrix is read densely
            arr = X.toarray()
            self.original = X
        else:
            self.kind = "list" if isinstance(X, list | tuple) else "numpy"
            try:
                arr = np.asarray(X)
            except ValueError as exc:  # ragged nested lists
                raise InvalidInputError(f"X could not be read as a 2-D array: {exc}") from None
            if self.kind == "list" and arr.dtype.kind in "US":
                # numbers mixed with strings in a list would all become strings: keep each value
                arr = np.array(X, dtype=object)
            if arr.ndim == 2:
                shape_checks(*arr.shape)
            else:
                shape_checks(arr.shape[0] if arr.ndim else 0, 0, arr.ndim)
            if np.iscomplexobj(arr):
                raise InvalidInputError(
                    "Complex data not supported: X has complex values. Split real and "
                    "imaginary parts into separate columns (np.hstack([X.real, X.imag]))."
                )
            self.original = X if self.kind == "numpy" and isinstance(X, np.ndarray) else arr
        self.rows = arr
        self.n_rows, self.n_features = arr.shape
        self.names = [f"column {j}" for j in range(self.n_features)]
        self.labels = None
        self.feature_names_in = None

    def dtype_of(self, j: int) -> str:
        return str(self.rows.dtype)

    def auto(self) -> np.ndarray:
        kind = self.rows.dtype.kind
        if kind in "USb":
            return np.ones(self.n_features, dtype=bool)
        if kind != "O":
            return np.zeros(self.n_features, dtype=bool)
        # an object array (e.g. DataFrame.to_numpy() of mixed data): a column is nominal
        # unless every value in it is a real number
        return np.array(
            [not all(_is_number(v) for v in self.rows[:, j]) for j in range(self.n_features)]
        )

    def column(self, j: int) -> Any:
        return self.rows[:, j]

    def continuous(self, cols: np.ndarray) -> np.ndarray:
        sub = self.rows[:, cols]
        if sub.dtype.kind in "fiub":
            return sub.astype(np.float64)
        bad = []
        out = np.empty(sub.shape, dtype=np.float64)
        for i, j in enumerate(cols):
            try:
                if sub.dtype.kind in "US":
                    raise TypeError(f"strings ({sub.dtype})")
                out[:, i] = sub[:, i].astype(np.float64)
            except (TypeError, ValueError) as exc:
                bad.append((self.names[j], exc))
        if bad:
            raise _non_numeric([b[0] for b in bad], f" ({bad[0][1]})")
        return out

    def integer(self, cols: np.ndarray) -> np.ndarray:
        kind = self.rows.dtype.kind
        if kind in "iub":
            return np.ones(cols.shape[0], dtype=bool)
        if kind != "O":
            return np.zeros(cols.shape[0], dtype=bool)
        return np.array(
            [
                all(
                    isinstance(v, numbers.Integral) and not isinstance(v, bool | np.bool_)
                    for v in self.rows[:, j]
                )
                for j in cols
            ],
            dtype=bool,
        )


class _PandasReader:
    def __init__(self, df: Any) -> None:
        shape_checks(*df.shape)
        self.kind = "pandas"
        self.original = df
        self.rows = None
        self.n_rows, self.n_features = df.shape
        self.names = [str(c) for c in df.columns]
        self.labels = list(df.columns) if all(isinstance(c, str) for c in df.columns) else None
        self.feature_names_in = (
            np.asarray(df.columns, dtype=object) if self.labels is not None else None
        )
        self.dtypes = list(df.dtypes)

    def dtype_of(self, j: int) -> str:
        return str(self.dtypes[j])

    def auto(self) -> np.ndarray:
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
        import pandas as pd

        bad = [
            self.names[j]
            for j in cols
            if isinstance(self.dtypes[j], pd.CategoricalDtype)
            or not (
                pd.api.types.is_numeric_dtype(self.dtypes[j])
                or pd.api.types.is_bool_dtype(self.dtypes[j])
            )
        ]
        if bad:
            kinds = sorted({self.dtype_of(self.names.index(b)) for b in bad})
            raise _non_numeric(bad, f" (dtypes {kinds})")
        try:
            return self.original.iloc[:, cols].to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise NonNumericFeatureError(f"X could not be converted to numbers: {exc}") from None

    def integer(self, cols: np.ndarray) -> np.ndarray:
        return np.array([Features._is_integer_dtype(self.dtypes[j]) for j in cols], dtype=bool)


class _PolarsReader:
    def __init__(self, df: Any) -> None:
        shape_checks(df.height, df.width)
        self.kind = "polars"
        self.original = df
        self.rows = None
        self.n_rows, self.n_features = df.height, df.width
        self.names = list(df.columns)
        self.labels = list(df.columns)
        self.feature_names_in = np.asarray(self.names, dtype=object)
        self.dtypes = list(df.schema.values())

    def dtype_of(self, j: int) -> str:
        return str(self.dtypes[j])

    def auto(self) -> np.ndarray:
        import polars as pl

        nominal = (pl.String, pl.Categorical, pl.Enum, pl.Boolean, pl.Object)
        return np.array([t.base_type() in nominal for t in self.dtypes], dtype=bool)

    def column(self, j: int) -> Any:
        return self.original.to_series(int(j)).to_numpy()

    def continuous(self, cols: np.ndarray) -> np.ndarray:
        import polars as pl

        bad = [
            self.names[j]
            for j in cols
            if not (self.dtypes[j].is_numeric() or self.dtypes[j] == pl.Boolean)
        ]
        if bad:
            kinds = sorted({self.dtype_of(self.names.index(b)) for b in bad})
            raise _non_numeric(bad, f" (dtypes {kinds})")
        sub = self.original.select([self.names[j] for j in cols])
        values = sub.to_numpy().astype(np.float64)
        if sub.null_count().to_numpy().sum():
            # polars nulls become NaN only in float columns; make every null visible
            values[sub.select(pl.all().is_null()).to_numpy()] = np.nan
        return values

    def integer(self, cols: np.ndarray) -> np.ndarray:
        import polars as pl

        return np.array(
            [self.dtypes[j].is_integer() or self.dtypes[j] == pl.Boolean for j in cols],
            dtype=bool,
        )


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)


def _non_numeric(bad: list[str], detail: str) -> NonNumericFeatureError:
    return NonNumericFeatureError(
        f"X has non-numeric values in {quoted_list(bad)}{detail}, which are not among the nominal "
        "columns. SMOTE-NC interpolates every continuous column, so those must be numbers: add "
        "the column(s) to categorical_features if they are nominal, or convert them to numbers."
    )


# ---- ingestion ------------------------------------------------------------------------------


def ingest_nominal(X: Any, spec: Any, *, require: str, sampler_name: str) -> Features:
    """Check ``X`` for a sampler with nominal columns and wrap it.

    Parameters
    ----------
    spec : 'auto', 'all' or array-like
        The sampler's ``categorical_features``.
    require : {'mixed', 'all'}
        ``'mixed'`` (SMOTE-NC): at least one nominal and one continuous column. ``'all'``
        (SMOTE-N): every column nominal.

    Returns
    -------
    Features
        ``numeric`` is a float64 array of all columns: continuous values, and the codes of
        the nominal ones; ``nominal`` says which columns are nominal and holds their values.
    """
    if X is None:
        raise InvalidInputError("X is None: pass the feature matrix as the first argument.")
    module = type(X).__module__
    if module.startswith("pandas") and type(X).__name__ == "DataFrame":
        reader: Any = _PandasReader(X)
    elif module.startswith("polars") and type(X).__name__ == "DataFrame":
        reader = _PolarsReader(X)
    elif module.startswith("pandas") or module.startswith("polars"):
        raise InvalidInputError(
            f"X is a {type(X).__name__}; pass a 2-D table (DataFrame), e.g. series.to_frame()."
        )
    else:
        reader = _ArrayReader(X)
    mask = resolve_categorical_features(spec, reader.names, reader.labels, reader.auto)
    dtypes = [reader.dtype_of(j) for j in range(reader.n_features)]
    _check_split(mask, require, spec, reader.names, dtypes, sampler_name)

    n, d = reader.n_rows, reader.n_features
    numeric = np.empty((n, d), dtype=np.float64)
    integer = np.zeros(d, dtype=bool)
    cont = np.flatnonzero(~mask)
    if cont.size:
        values = reader.continuous(cont)
        check_finite(values, [reader.names[j] for j in cont])
        numeric[:, cont] = values
        integer[cont] = reader.integer(cont)
    columns = np.flatnonzero(mask)
    codes = np.empty((n, columns.size), dtype=np.intp)
    uniques = []
    for jj, j in enumerate(columns):
        codes[:, jj], found = _factorize(reader.column(j), reader.names[j])
        uniques.append(found)
    numeric[:, columns] = codes
    features = Features(
        reader.original,
        reader.kind,
        n,
        d,
        reader.names,
        numeric=numeric,
        integer_columns=integer,
        feature_names_in=reader.feature_names_in,
        _rows=reader.rows,
    )
    features.nominal = NominalColumns(mask, codes, uniques)
    return features


def _factorize(values: Any, name: str) -> tuple[np.ndarray, Any]:
    """Codes and distinct values of one nominal column; refuse missing and infinite values."""
    import pandas as pd

    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError as exc:  # unhashable values: a dict, a list, an array
        raise NominalValueError(
            f"The nominal column '{name}' holds a value that cannot be a category ({exc}). A "
            "nominal value is compared by equality and counted, so it must be hashable: the "
            "argument must be a string or a number (or a bool, or another hashable value)."
        ) from None
    missing = np.flatnonzero(codes < 0)
    if missing.size:
        raise InvalidInputError(
            f"The nominal column '{name}' has {missing.size} missing value(s) (NaN/None/NA), "
            f"first at row(s) {missing[:5].tolist()}. SMOTE-NC and SMOTE-N vote on nominal "
            "values and count them per class, so every value must be present: impute them "
            "(e.g. sklearn.impute.SimpleImputer(strategy='most_frequent')), make 'missing' a "
            "category of its own, or drop those rows."
        )
    found = np.asarray(uniques, dtype=object) if not hasattr(uniques, "dtype") else uniques
    if any(isinstance(v, float | np.floating) and np.isinf(v) for v in _floats(found)):
        raise InvalidInputError(
            f"The nominal column '{name}' holds an infinite value (inf): that is not a "
            "category. Check how the column was built, or replace inf before resampling."
        )
    return codes.astype(np.intp, copy=False), uniques


def _floats(uniques: Any) -> Any:
    dtype = getattr(uniques, "dtype", None)
    kind = getattr(dtype, "kind", "O")
    if kind == "f":
        return np.asarray(uniques)[np.isinf(np.asarray(uniques))]
    if kind == "O":
        return (v for v in uniques if isinstance(v, float | np.floating))
    return ()


# ---- assembly -------------------------------------------------------------------------------


def assemble_nominal(
    features: Features,
    keep: np.ndarray | None,
    copies: np.ndarray,
    n_synthetic: int,
    fill: Any,
    integers_as_float: bool,
) -> tuple[Any, Any]:
    """``(X_out, index_out)`` for data with nominal columns: originals, copies, synthetic.

    ``fill`` writes the synthetic rows into a float64 buffer: continuous values, and the codes
    of the nominal values in the nominal columns, which are decoded here into the column's
    own values and dtype.
    """
    nominal = features.nominal
    index = features._output_index(keep, copies.shape[0] + n_synthetic)
    buffer = codes = None
    if n_synthetic:
        buffer = np.empty((n_synthetic, features.n_features), dtype=np.float64)
        fill(buffer)
        codes = buffer[:, nominal.columns].astype(np.intp)
    as_float = features.integer_columns if integers_as_float else None
    if features.kind == "pandas":
        return _assemble_pandas(features, keep, copies, buffer, codes, index, as_float), index
    if features.kind == "polars":
        return _assemble_polars(features, keep, copies, buffer, codes, as_float), None
    if features.kind == "sparse":
        dense = features.original.dtype
        if integers_as_float and dense.kind in "iub":
            dense = np.dtype(np.float64)
        block = _synthetic_array(features, buffer, codes, dense, integers_as_float)

        def build() -> sp.csr_matrix:
            return sp.csr_matrix(block)

        out = features._assemble_sparse(keep, copies, n_synthetic, build, integers_as_float)
        return out, index
    rows = features._rows
    dtype = rows.dtype
    if integers_as_float and dtype.kind in "iub":
        dtype = np.dtype(np.float64)
    n_keep = features.n_rows if keep is None else keep.shape[0]
    out = np.empty((n_keep + copies.shape[0] + n_synthetic, features.n_features), dtype=dtype)
    out[:n_keep] = rows if keep is None else rows[keep]
    stop = n_keep + copies.shape[0]
    out[n_keep:stop] = rows[copies]
    if n_synthetic:
        out[stop:] = _synthetic_array(features, buffer, codes, dtype, integers_as_float)
    return (out.tolist() if features.kind == "list" else out), index


def _synthetic_array(features, buffer, codes, dtype, integers_as_float) -> np.ndarray:
    """The synthetic rows as a numpy array of ``dtype`` (object arrays get Python values)."""
    nominal = features.nominal
    if buffer is None:
        return np.empty((0, features.n_features), dtype=dtype)
    out = np.empty(buffer.shape, dtype=dtype)
    cont = np.flatnonzero(~nominal.mask)
    if np.dtype(dtype).kind == "O":
        for j in cont:
            if features.integer_columns[j] and not integers_as_float:
                out[:, j] = np.rint(buffer[:, j]).astype(np.int64).astype(object)
            else:
                out[:, j] = buffer[:, j].astype(object)
    elif cont.size:
        values = buffer[:, cont]
        if dtype.kind == "b":
            values = np.rint(values) != 0
        out[:, cont] = values
    for jj, j in enumerate(nominal.columns):
        out[:, j] = np.asarray(nominal.decode(jj, codes[:, jj]))
    return out


def _assemble_pandas(features, keep, copies, buffer, codes, index, as_float):
    import pandas as pd

    df = features.original
    nominal = features.nominal
    parts = [df if keep is None else df.iloc[keep]]
    n_old = parts[0].shape[0]
    new_index = index[n_old:]
    if copies.shape[0]:
        block = df.iloc[copies].copy()
        block.index = new_index[: copies.shape[0]]
        parts.append(block)
    widen = [] if as_float is None else np.flatnonzero(as_float)
    if len(widen):
        # integer_columns='float': the continuous integer columns come back as float64
        parts = [p.copy() for p in parts]
        for p in parts:
            for j in widen:
                p.isetitem(int(j), p.iloc[:, j].astype(np.float64))
    if buffer is not None:
        syn_index = new_index[copies.shape[0] :]
        slot = {int(j): jj for jj, j in enumerate(nominal.columns)}
        columns = []
        for j in range(features.n_features):
            dtype = df.dtypes.iloc[j]
            if j in slot:
                values = nominal.decode(slot[j], codes[:, slot[j]])
                column = pd.Series(values, index=syn_index).astype(dtype)
            else:
                target = np.float64 if j in set(widen) else dtype
                column = pd.Series(buffer[:, j], index=syn_index).astype(target)
            columns.append(column)
        block = pd.concat(columns, axis=1, ignore_index=True)
        block.columns = df.columns
        parts.append(block)
    if len(parts) == 1:
        return parts[0].copy()
    return pd.concat(parts, axis=0)


def _assemble_polars(features, keep, copies, buffer, codes, as_float):
    import polars as pl

    df = features.original
    nominal = features.nominal
    parts = [df if keep is None else df[keep]]
    if copies.shape[0]:
        parts.append(df[copies])
    schema = dict(df.schema)
    if as_float is not None and as_float.any():
        for j in np.flatnonzero(as_float):
            schema[df.columns[j]] = pl.Float64
        parts = [p.cast(schema) for p in parts]
    if buffer is not None:
        slot = {int(j): jj for jj, j in enumerate(nominal.columns)}
        columns = []
        for j, name in enumerate(df.columns):
            if j in slot:
                values = np.asarray(nominal.decode(slot[j], codes[:, slot[j]]))
                column = pl.Series(name, values)
            else:
                column = pl.Series(name, buffer[:, j])
            columns.append(column.cast(schema[name]))
        parts.append(pl.DataFrame(columns))
    return pl.concat(parts) if len(parts) > 1 else parts[0].clone()
