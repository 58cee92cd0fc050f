"""The one small interface every container of ``X`` answers (one module per container).

A container reads ``X`` (its numbers for the samplers that compute, its columns one by one for
the samplers with nominal features) and writes the output in ``X``'s own kind: kept rows,
repeated rows, then new rows. The samplers see only :class:`~smotekit.door.Features`; no
code outside these modules asks which container it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp

#: Fills a dense buffer of shape (n_synthetic, n_features) with the synthetic rows.
DenseFill = Callable[[np.ndarray], None]
#: Returns the synthetic rows as a CSR matrix.
SparseBuild = Callable[[], sp.csr_matrix]


class Container:
    """``X`` of one kind. Subclasses set the attributes in ``__init__`` and answer the methods.

    Attributes
    ----------
    kind : str
        ``"numpy"``, ``"list"``, ``"sparse"``, ``"pandas"``, ``"polars"`` or ``"arrow"``.
    original : object
        What the caller gave (never modified).
    n_rows, n_features : int
    names : list of str
        Column names for messages (``"column 3"`` for arrays).
    labels : list or None
        Column labels a user may name in a parameter (data frames), else ``None``.
    feature_names_in : ndarray of str or None
        Set on the fitted sampler (frames with string column names).
    rows : ndarray or None
        A numpy view of the rows for row takes (arrays), ``None`` for frames.
    """

    kind: str
    original: Any
    n_rows: int
    n_features: int
    names: list[str]
    labels: list | None = None
    feature_names_in: np.ndarray | None = None
    rows: np.ndarray | None = None

    # ---- reading ------------------------------------------------------------------------
    def numbers(self) -> tuple[np.ndarray | sp.csr_matrix, np.ndarray]:
        """``(values, integer_columns)``: float32/float64 values (an ndarray or CSR matrix),
        and which columns were integer or bool. Non-numeric columns are refused, named."""
        raise NotImplementedError

    def dtype_of(self, j: int) -> str:
        """Column ``j``'s type, for messages."""
        raise NotImplementedError

    def auto_nominal(self) -> np.ndarray:
        """Which columns ``categorical_features='auto'`` takes as nominal."""
        raise NotImplementedError

    def column(self, j: int) -> Any:
        """Column ``j``'s values (to factorise a nominal column)."""
        raise NotImplementedError

    def continuous(self, cols: np.ndarray) -> np.ndarray:
        """Columns ``cols`` as float64 (the continuous columns beside nominal ones)."""
        raise NotImplementedError

    def integer(self, cols: np.ndarray) -> np.ndarray:
        """Which of columns ``cols`` are integer or bool."""
        raise NotImplementedError

    # ---- writing ------------------------------------------------------------------------
    def output_index(self, keep: np.ndarray | None, n_new: int) -> Any:
        """Row labels of the output (pandas only); ``None`` for containers without any."""
        return None

    def assemble(self, keep: np.ndarray | None, copies: np.ndarray, new: NewRows) -> Any:
        """The output: originals at ``keep`` (all if ``None``), rows ``copies`` again, then
        ``new``'s synthetic rows, in this container's kind."""
        raise NotImplementedError


@dataclass
class NewRows:
    """What an output holds after its originals, and how its columns are cast.

    Dense containers call :meth:`render` (or ``fill`` on their own buffer); sparse ones
    ``build_sparse``. With nominal columns, ``nominal`` is set and :meth:`nominal_rows`
    gives the rows with their codes decoded.
    """

    n_synthetic: int
    fill: DenseFill | None
    build_sparse: SparseBuild | None
    work_dtype: np.dtype
    integer_columns: np.ndarray
    integers_as_float: bool
    #: The finite check of every row was left to their copy into the output.
    check_finite_on_copy: bool = False
    #: Set by a container whose copy ran that check.
    checked: bool = False
    nominal: Any = None
    index: Any = None
    #: The synthetic rows' recipe when they have one (``base``, ``neighbor``, ``gaps()``):
    #: their parents, input positions; or an object with ``value_bounds(column)`` for rows
    #: made from groups of rows. 64-bit integer columns beyond 2**53 (inexact in float64)
    #: clip each value to its parents' exact range (see :meth:`bounds`).
    parents: Any = None

    def bounds(
        self,
        j: int,
        column: Callable[[], Any],
        fallback: Callable[[], tuple[Any, Any]],
    ) -> Callable[[], tuple[Any, Any]]:
        """The ``bounds`` of column ``j``'s synthetic values for :func:`integer_values`.

        With known parents: per value, the smallest and largest of its two parents' original
        values (``column()``: column ``j``'s exact values, in input order), for the values
        interpolated between them (gap in [0, 1]); the column's range ``fallback()`` for the
        others and without parents. Only read on the 64-bit path (values beyond 2**53).
        """
        recipe = self.parents
        if hasattr(recipe, "value_bounds"):  # rows made from groups of rows (centres)
            return lambda: recipe.value_bounds(np.asarray(column()))
        if recipe is None or not len(recipe):
            return fallback

        def between_parents() -> tuple[Any, Any]:
            lo_col, hi_col = fallback()
            values = np.asarray(column())
            base = np.asarray(recipe.base, dtype=np.intp)
            neighbor = np.asarray(recipe.neighbor, dtype=np.intp)
            a, b = values[base], values[neighbor]
            gap = np.asarray(recipe.gaps(), dtype=np.float64)
            if gap.ndim == 2:
                gap = gap[:, j] if j < gap.shape[1] else np.full(gap.shape[0], np.nan)
            inside = (gap >= 0) & (gap <= 1)
            lo = np.where(inside, np.minimum(a, b), np.asarray(lo_col, dtype=values.dtype))
            hi = np.where(inside, np.maximum(a, b), np.asarray(hi_col, dtype=values.dtype))
            return lo, hi

        return between_parents

    def render(self, n_features: int) -> np.ndarray:
        """The synthetic rows in the working dtype (float64 if any column is integer)."""
        assert self.fill is not None
        dtype = self.work_dtype if not self.integer_columns.any() else np.float64
        out = np.empty((self.n_synthetic, n_features), dtype=dtype)
        self.fill(out)
        return out

    def widen(self) -> np.ndarray:
        """Positions of the integer columns that come back as float64 (``integers_as_float``)."""
        if not self.integers_as_float:
            return np.zeros(0, dtype=np.intp)
        return np.flatnonzero(self.integer_columns)

    def nominal_rows(self, n_features: int) -> NominalRows | None:
        """The synthetic rows of data with nominal columns, or ``None`` when there are none."""
        if not self.n_synthetic:
            return None
        assert self.fill is not None
        buffer = np.empty((self.n_synthetic, n_features), dtype=np.float64)
        self.fill(buffer)
        return NominalRows(buffer, self.nominal, self.integer_columns)


class NominalRows:
    """New rows of data with nominal columns: continuous values and nominal codes.

    ``buffer`` holds every column as float64 (codes in the nominal columns); ``decode(jj)``
    gives nominal column ``jj``'s values in the column's own type.
    """

    def __init__(self, buffer: np.ndarray, nominal: Any, integer_columns: np.ndarray) -> None:
        self.buffer = buffer
        self.nominal = nominal
        self.integer_columns = integer_columns
        self.codes = buffer[:, nominal.columns].astype(np.intp)

    @property
    def n(self) -> int:
        return int(self.buffer.shape[0])

    def slot(self) -> dict[int, int]:
        """Column position -> its index among the nominal columns."""
        return {int(j): jj for jj, j in enumerate(self.nominal.columns)}

    def decode(self, jj: int) -> Any:
        return self.nominal.decode(jj, self.codes[:, jj])

    def as_array(
        self,
        dtype: np.dtype,
        integers_as_float: bool,
        bounds: Callable[[int], tuple[Any, Any]] | None = None,
    ) -> np.ndarray:
        """The rows as a numpy array of ``dtype`` (object arrays get Python values).

        ``bounds(j)``: the observed range of integer column ``j`` (see :func:`integer_values`).
        """
        out = np.empty(self.buffer.shape, dtype=dtype)
        cont = np.flatnonzero(~self.nominal.mask)
        if np.dtype(dtype).kind in "iu":
            for j in cont:
                out[:, j] = integer_values(
                    self.buffer[:, j], dtype, None if bounds is None else partial(bounds, j)
                )
        elif np.dtype(dtype).kind == "O":
            for j in cont:
                if self.integer_columns[j] and not integers_as_float:
                    out[:, j] = np.rint(self.buffer[:, j]).astype(np.int64).astype(object)
                else:
                    out[:, j] = self.buffer[:, j].astype(object)
        elif cont.size:
            values = self.buffer[:, cont]
            if np.dtype(dtype).kind == "b":
                values = np.rint(values) != 0
            out[:, cont] = values
        for jj, j in enumerate(self.nominal.columns):
            out[:, j] = np.asarray(self.decode(jj))
        return out


def widened(dtype: np.dtype, integers_as_float: bool) -> np.dtype:
    """``dtype``, or float64 for an integer/bool dtype when integers come back as floats."""
    if integers_as_float and np.dtype(dtype).kind in "iub":
        return np.dtype(np.float64)
    return np.dtype(dtype)


#: Every integer up to this magnitude is exact in float64; beyond, float64 rounds them.
EXACT_INTEGERS = 2.0**53


def integer_values(
    values: np.ndarray, dtype: Any, bounds: Callable[[], tuple[Any, Any]] | None = None
) -> np.ndarray:
    """Synthetic values (floats) as integers of ``dtype``: rounded, never wrapped around.

    Synthetic values are computed in float64, which holds integers exactly only up to 2**53.
    Near the limits of a 64-bit column the float nearest to a value can lie outside the
    dtype (2**63 for int64's largest value), and a plain cast then wraps it to the other end
    (a huge positive value became -9223372036854775808). Values at or beyond the column's
    observed range ``bounds()`` (the dtype's limits without it) are set to its exact ends;
    the others are cast as usual. Smaller values and dtypes take the plain path.
    """
    dtype = np.dtype(dtype)
    rounded = np.rint(np.asarray(values, dtype=np.float64))
    if dtype.kind == "b":
        return rounded != 0
    info = np.iinfo(dtype)
    if dtype.itemsize < 8 or not rounded.size or np.abs(rounded).max() < EXACT_INTEGERS:
        return np.clip(rounded, info.min, info.max).astype(dtype)
    lo, hi = bounds() if bounds is not None else (info.min, info.max)
    lo = np.broadcast_to(np.asarray(lo, dtype=dtype), rounded.shape)
    hi = np.broadcast_to(np.asarray(hi, dtype=dtype), rounded.shape)
    high = rounded >= hi.astype(np.float64)
    low = rounded <= lo.astype(np.float64)
    inside = ~(high | low)
    out = np.empty(rounded.shape, dtype=dtype)
    # strictly between two integers of the dtype, so the cast cannot overflow
    out[inside] = rounded[inside].astype(dtype)
    out[high] = hi[high]
    out[low] = lo[low]
    return out


def wide_integer(dtype: Any) -> bool:
    """Whether ``dtype`` (numpy, or a pandas dtype with a numpy one) is a 64-bit integer."""
    numpy_dtype = getattr(dtype, "numpy_dtype", dtype)
    try:
        numpy_dtype = np.dtype(numpy_dtype)
    except TypeError:
        return False
    return numpy_dtype.kind in "iu" and numpy_dtype.itemsize == 8
