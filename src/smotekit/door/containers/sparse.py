"""scipy.sparse matrices and arrays (any format; CSR inside, the caller's format outside)."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.door.checks import shape_checks
from smotekit.door.containers.array import ArrayContainer
from smotekit.door.containers.base import (
    Container,
    NewRows,
    integer_values,
    wide_integer,
    widened,
)
from smotekit.errors import InvalidInputError, NonNumericFeatureError


class SparseContainer(Container):
    """A scipy.sparse ``X``; samplers with nominal columns read it densely (one code per row)."""

    kind = "sparse"

    def __init__(self, X: Any) -> None:
        shape_checks(*X.shape)
        if np.iscomplexobj(X.data if hasattr(X, "data") else X):
            raise InvalidInputError("Complex data not supported: X has complex values.")
        if X.dtype.kind not in "fiub":
            raise NonNumericFeatureError(f"sparse X has dtype {X.dtype}; expected numbers.")
        self.original = X
        self.n_rows, self.n_features = X.shape
        self.names = [f"column {j}" for j in range(self.n_features)]
        self._dense: ArrayContainer | None = None

    def numbers(self) -> tuple[sp.csr_matrix, np.ndarray]:
        csr = sp.csr_matrix(self.original)
        work = csr if csr.dtype in (np.float32, np.float64) else csr.astype(np.float64)
        return work, np.full(self.n_features, csr.dtype.kind in "iub")

    # nominal values need one code per row: the matrix is read densely
    @property
    def dense(self) -> ArrayContainer:
        if self._dense is None:
            import warnings

            from sklearn.exceptions import DataConversionWarning

            warnings.warn(
                "Reading nominal columns from a sparse X is not really efficient: they are "
                "read densely (one code per row), so X "
                f"({self.n_rows} x {self.n_features}) was converted to a dense array.",
                DataConversionWarning,
                stacklevel=2,
            )
            self._dense = ArrayContainer(self.original.toarray())
            self.rows = self._dense.rows
        return self._dense

    def dtype_of(self, j: int) -> str:
        return str(self.original.dtype)

    def auto_nominal(self) -> np.ndarray:
        return self.dense.auto_nominal()

    def column(self, j: int) -> Any:
        return self.dense.column(j)

    def continuous(self, cols: np.ndarray) -> np.ndarray:
        return self.dense.continuous(cols)

    def integer(self, cols: np.ndarray) -> np.ndarray:
        return self.dense.integer(cols)

    # ---- writing ------------------------------------------------------------------------
    def assemble(self, keep, copies, new: NewRows) -> Any:
        X = self.original
        base = sp.csr_matrix(X) if not sp.isspmatrix_csr(X) else X
        if new.integers_as_float and base.dtype.kind in "iub":
            base = base.astype(np.float64)
        parts = [base if keep is None else base[keep]]
        if copies.shape[0]:
            parts.append(base[copies])
        if new.nominal is not None:
            synthetic = new.nominal_rows(self.n_features)
            if synthetic is not None:
                dense = synthetic.as_array(widened(X.dtype, new.integers_as_float), False)
                parts.append(sp.csr_matrix(dense))
        elif new.n_synthetic:
            assert new.build_sparse is not None
            built = new.build_sparse()
            if wide_integer(base.dtype) and built.dtype.kind == "f":
                # 64-bit integers near their limits: cast without wrapping, per column
                built = sp.csr_matrix(built)
                columns = built.indices

                def bounds() -> tuple[np.ndarray, np.ndarray]:
                    lo = base.min(axis=0).toarray().ravel()  # implicit zeros count
                    hi = base.max(axis=0).toarray().ravel()
                    return lo[columns], hi[columns]

                bounds = parent_bounds(new.parents, base, built, bounds)

                data = integer_values(built.data, base.dtype, bounds)
                built = sp.csr_matrix((data, built.indices, built.indptr), shape=built.shape)
            elif built.dtype != base.dtype and built.dtype.kind == "f":
                # rows given as points (not interpolated between two rows: a ball, a curve,
                # an offset) may pass a narrow dtype's range: rounded and clipped, never
                # wrapped (int8's 129 is 127) or made infinite (float32's limit)
                built = sp.csr_matrix(built)
                if base.dtype.kind in "iub":
                    data = integer_values(built.data, base.dtype)
                else:
                    big = np.finfo(base.dtype).max
                    data = np.clip(built.data, -big, big)
                built = sp.csr_matrix((data, built.indices, built.indptr), shape=built.shape)
            parts.append(built.astype(base.dtype))
        out = sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0].copy()
        out = out.asformat(X.format)
        if isinstance(X, sp.sparray):
            out = type(X)(out)
        return out


def parent_bounds(recipe: Any, base: Any, built: sp.csr_matrix, fallback: Any) -> Any:
    """``bounds`` of the stored synthetic values of ``built`` (CSR, one row per synthetic
    row): per value, its two parents' exact values in ``base`` (gap in [0, 1]), else
    ``fallback()`` (the column's range). See ``NewRows.bounds``."""
    if recipe is None or not len(recipe):
        return fallback

    def between_parents() -> tuple[np.ndarray, np.ndarray]:
        lo_col, hi_col = fallback()
        rows = np.repeat(np.arange(built.shape[0]), np.diff(built.indptr))
        cols = built.indices
        parent_a = np.asarray(recipe.base, dtype=np.intp)[rows]
        parent_b = np.asarray(recipe.neighbor, dtype=np.intp)[rows]
        a = np.asarray(base[parent_a, cols]).ravel()
        b = np.asarray(base[parent_b, cols]).ravel()
        gap = np.asarray(recipe.gaps(), dtype=np.float64)
        gap = gap[rows, cols] if gap.ndim == 2 else gap[rows]
        inside = (gap >= 0) & (gap <= 1)
        lo = np.where(inside, np.minimum(a, b), np.asarray(lo_col, dtype=base.dtype))
        hi = np.where(inside, np.maximum(a, b), np.asarray(hi_col, dtype=base.dtype))
        return lo, hi

    return between_parents
