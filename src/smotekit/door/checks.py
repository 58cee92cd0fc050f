"""The door's checks of values and shapes, shared by every container's reader."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from smotekit.door.fast import all_finite
from smotekit.errors import InvalidInputError


def check_finite(values: np.ndarray | sp.csr_matrix, names: list[str]) -> None:
    """Raise a message naming every column that holds NaN or infinity."""
    if all_finite(values.data if sp.issparse(values) else values):
        return
    if sp.issparse(values):
        coo = values.tocoo()
        bad = ~np.isfinite(coo.data)
        bad_cols = np.unique(coo.col[bad])
        counts_nan = {j: int(np.isnan(coo.data[coo.col == j]).sum()) for j in bad_cols}
        counts_inf = {j: int(np.isinf(coo.data[coo.col == j]).sum()) for j in bad_cols}
        first = {j: int(coo.row[bad & (coo.col == j)].min()) for j in bad_cols}
    else:
        nan = np.isnan(values).sum(axis=0)
        inf = np.isinf(values).sum(axis=0)
        bad_cols = np.flatnonzero(nan + inf)
        counts_nan = {j: int(nan[j]) for j in bad_cols}
        counts_inf = {j: int(inf[j]) for j in bad_cols}
        first = {j: int(np.argmax(~np.isfinite(values[:, j]))) for j in bad_cols[:10]}
    if len(bad_cols) == 0:
        return
    raise nonfinite_error(names, counts_nan, counts_inf, first)


def check_no_infinity(values: np.ndarray | sp.csr_matrix, names: list[str]) -> None:
    """Raise the door's message for infinite values; NaN (a missing value) is let through."""
    data = values.data if sp.issparse(values) else values
    with np.errstate(invalid="ignore"):
        if not np.isinf(data).any():
            return
    if sp.issparse(values):
        values = values.tocsc()
        counts = {
            j: int(np.isinf(values.data[values.indptr[j] : values.indptr[j + 1]]).sum())
            for j in range(values.shape[1])
        }
    else:
        counts = dict(enumerate(np.isinf(values).sum(axis=0).tolist()))
    raise nonfinite_error(names, {}, {j: c for j, c in counts.items() if c})


def nonfinite_error(
    names: list[str],
    counts_nan: dict[int, int],
    counts_inf: dict[int, int],
    first: dict[int, int] | None = None,
) -> InvalidInputError:
    """The error naming the columns with NaN (or missing) and infinite values, with counts.

    ``counts_nan`` and ``counts_inf`` map column positions to counts; columns with neither are
    left out. ``first`` maps them to the row (position) of their first such value, when known.
    Shared by :func:`check_finite` and the out-of-core paths, which count chunk by chunk and
    report the totals.
    """
    bad_cols = sorted(
        j for j in set(counts_nan) | set(counts_inf) if counts_nan.get(j) or counts_inf.get(j)
    )
    described = []
    for j in bad_cols[:10]:
        parts = []
        if counts_nan.get(j, 0):
            parts.append(f"{counts_nan[j]} NaN")
        if counts_inf.get(j, 0):
            parts.append(f"{counts_inf[j]} inf")
        if first is not None and j in first:
            parts.append(f"first at row {first[j]}")
        described.append(f"'{names[j]}' ({', '.join(parts)})")
    more = f" and {len(bad_cols) - 10} more" if len(bad_cols) > 10 else ""
    return InvalidInputError(
        f"Input X contains NaN or infinity in {len(bad_cols)} column(s): "
        f"{', '.join(described)}{more}. SMOTE interpolates between rows, so every value must be "
        "finite: impute missing values first (e.g. sklearn.impute.SimpleImputer, inside a "
        "pipeline) or drop those rows."
    )


def quoted_list(names: list[str], limit: int = 10) -> str:
    """``'a', 'b' and 3 more``: names for a message, at most ``limit`` of them."""
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"{shown}{more}"


def shape_checks(n_rows: int, n_features: int, ndim: int = 2) -> None:
    """Refuse ``X`` that is not 2-D, has no rows or has no columns."""
    if ndim != 2:
        hint = " Use X.reshape(-1, 1) if it is a single feature." if ndim == 1 else ""
        raise InvalidInputError(f"X must be 2-D (rows x features); got a {ndim}-D array.{hint}")
    if n_rows == 0:
        raise InvalidInputError(
            f"Found array with 0 sample(s) (shape=(0, {n_features})) while a minimum of 1 is "
            "required: X is empty, there is nothing to resample."
        )
    if n_features == 0:
        raise InvalidInputError(
            f"Found array with 0 feature(s) (shape=({n_rows}, 0)) while a minimum of 1 is "
            "required. X has rows but no columns; check the column selection."
        )


#: Largest |value| whose squared differences stay finite: scikit-learn's RBF kernels, k-means
#: and neighbour searches square differences of values (2**500 squared is ~1e301).
SQUARES_LIMIT = 2.0**500
#: Largest float32: scikit-learn's trees cast X to float32.
FLOAT32_LIMIT = float(np.finfo(np.float32).max)


def check_magnitude(
    values: np.ndarray | sp.spmatrix, limit: float, who: str, *, spread: bool = False
) -> None:
    """Refuse values beyond ``limit`` in magnitude before ``who`` (a scikit-learn estimator
    smotekit fits for the user) overflows on them and fails deep inside, or silently.

    ``spread=True``: what counts is a column's range (max - min), for an estimator that
    only takes differences of values (identical huge rows are then fine). The message
    names the largest value and how to get under the limit (rescale X).
    """
    if sp.issparse(values):
        values = values.toarray() if spread else values.data
    data = np.asarray(values, dtype=np.float64)
    if data.size == 0:
        return
    if spread and data.ndim == 2:
        # halves first: max - min of values near +-1.8e308 would itself overflow
        largest = float(np.max(data.max(axis=0) / 2 - data.min(axis=0) / 2)) * 2
        what = "a column whose values span"
    else:
        largest = float(np.max(np.abs(data)))
        what = "values up to"
    if largest > limit:
        raise InvalidInputError(
            f"X holds {what} {largest:.3g} in magnitude; {who} cannot work with values "
            f"beyond {limit:.3g} (its arithmetic overflows). Rescale X first, e.g. with "
            "sklearn.preprocessing.StandardScaler or MaxAbsScaler, or divide it by a constant."
        )
