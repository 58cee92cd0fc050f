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

from smotekit.door.checks import check_finite, quoted_list
from smotekit.door.containers import read_container
from smotekit.door.features import Features
from smotekit.errors import InvalidInputError, InvalidParameterError

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
                    f"{d} feature(s), and all features must be in [0, {d - 1}] (or -{d} to -1 "
                    "from the end)."
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
            "nominal. SMOTE-NC is not designed to work only with categorical features: it "
            "interpolates the continuous features and scales the nominal "
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
    reader = read_container(X, keep_values=True, sampler_name=sampler_name)
    mask = resolve_categorical_features(spec, reader.names, reader.labels, reader.auto_nominal)
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
    features = Features(reader, numeric=numeric, integer_columns=integer)
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
