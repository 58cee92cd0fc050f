"""``X`` as the samplers see it: numbers to compute with, and the container to write back to.

Reading and writing each kind of ``X`` is its container's job (:mod:`smotekit.door.containers`,
one module each); this module holds what every kind shares: the checked numbers, which
columns are integer, the deferred finite check, and the one ``assemble`` the samplers call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from smotekit.door.checks import check_finite, check_no_infinity
from smotekit.door.containers import Container, read_container
from smotekit.door.containers.base import DenseFill, NewRows, SparseBuild, integer_values
from smotekit.door.fast import all_finite

__all__ = ["DenseFill", "Features", "SparseBuild", "ingest_features"]


@dataclass
class Features:
    """``X`` as seen by the samplers, plus the container that restores the caller's kind.

    Attributes
    ----------
    container : Container
        The adapter of the caller's ``X`` (:mod:`smotekit.door.containers`).
    numeric : ndarray or csr_matrix or None
        Float32/float64 values for computation (``None`` when numbers are not needed).
        For float numpy input this is the caller's array itself, never a copy.
    integer_columns : ndarray of bool
        Columns whose original dtype is integer or bool: synthetic values there are rounded.
    nominal : NominalColumns or None
        Nominal columns (SMOTE-NC, SMOTE-N); ``numeric`` then holds their values' codes.
    """

    container: Container
    numeric: np.ndarray | sp.csr_matrix | None = None
    integer_columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    nominal: Any = None
    #: The door's finite check was left to the copy of the rows into the output (SMOTE on a
    #: float ndarray: one pass over X instead of two); see :meth:`ensure_finite`.
    finite_pending: bool = False

    # ---- what the container knows -------------------------------------------------------
    @property
    def original(self) -> Any:
        return self.container.original

    @property
    def kind(self) -> str:
        return self.container.kind

    @property
    def n_rows(self) -> int:
        return self.container.n_rows

    @property
    def n_features(self) -> int:
        return self.container.n_features

    @property
    def column_names(self) -> list[str]:
        return self.container.names

    @property
    def feature_names_in(self) -> np.ndarray | None:
        return self.container.feature_names_in

    @property
    def rows(self) -> np.ndarray | None:
        """A numpy view of the original rows (arrays), for row takes; ``None`` for frames."""
        return self.container.rows

    @property
    def work_dtype(self) -> np.dtype:
        assert self.numeric is not None
        return self.numeric.dtype

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
        parents: Any = None,
        moved: Any = None,
    ) -> tuple[Any, Any]:
        """Return ``(X_out, index_out)``: kept originals, copied rows, then synthetic rows.

        ``keep`` are the positions of original rows kept in order (``None``: all of them, as
        they are); ``copies`` are positions of rows repeated as new rows; the synthetic rows
        are written by ``fill`` (dense containers) or built by ``build_sparse``. The output
        is ``X``'s own kind; ``index_out`` is its row labels (pandas), else ``None``.
        ``parents``: the synthetic rows' recipe, when they have one (their parents keep
        64-bit integers beyond 2**53 between their values, see ``NewRows.bounds``).
        ``moved``: ``(positions, values)`` of originals that come out with other values, in
        their places (``smotekit.samplers.outcome.Moved``).
        """
        whole_copy = self.container.rows is not None and keep is None
        if self.finite_pending and not whole_copy:
            self.ensure_finite()  # the fused check below covers only a copy of every row
        index = self.container.output_index(keep, copies.shape[0] + n_synthetic)
        where = None
        if moved is not None and len(moved[0]):
            # the moved rows' values are written as extra new rows, cast as new rows are,
            # then put in their places: one path for every container
            positions, values = moved
            kept = np.arange(self.n_rows) if keep is None else keep
            source = np.concatenate([kept, copies])
            where = np.flatnonzero(np.isin(source, positions))
            values = values[np.searchsorted(positions, source[where])]
            fill, build_sparse = _then_values(fill, build_sparse, values, n_synthetic)
            n_synthetic += where.shape[0]
            parents = None  # they speak of the synthetic rows alone
            if index is not None:
                index = index.append(index[where])
        new = NewRows(
            n_synthetic,
            fill,
            build_sparse,
            work_dtype=self.work_dtype if self.numeric is not None else np.dtype(np.float64),
            integer_columns=self.integer_columns,
            integers_as_float=integers_as_float,
            check_finite_on_copy=self.finite_pending and self.nominal is None,
            nominal=self.nominal,
            index=index,
            parents=parents,
        )
        out = self.container.assemble(keep, copies, new)
        if new.checked:
            self.finite_pending = False
        if where is not None:
            n_out = out.shape[0] if hasattr(out, "shape") else len(out)
            out = _in_place(out, where, n_out - where.shape[0])
            index = None if index is None else index[: n_out - where.shape[0]]
        return out, index


def _then_values(
    fill: DenseFill | None, build_sparse: SparseBuild | None, values: Any, n_synthetic: int
) -> tuple[DenseFill, SparseBuild]:
    """``fill`` / ``build_sparse`` of the synthetic rows followed by the rows ``values``."""

    def fill_both(out: np.ndarray) -> None:
        if n_synthetic:
            assert fill is not None
            fill(out[:n_synthetic])
        dense = values.toarray() if sp.issparse(values) else np.asarray(values)
        if out.dtype.kind == "f":
            big = np.finfo(out.dtype).max  # within a float32 output's range
            out[n_synthetic:] = np.clip(dense, -big, big)
        else:
            out[n_synthetic:] = integer_values(dense, out.dtype)

    def build_both() -> sp.csr_matrix:
        parts = [build_sparse()] if n_synthetic and build_sparse is not None else []
        return sp.vstack([*parts, sp.csr_matrix(values)], format="csr")

    return fill_both, build_both


def _in_place(out: Any, where: np.ndarray, n_out: int) -> Any:
    """``out`` (the caller's kind) with its rows past ``n_out`` moved to rows ``where``."""
    order = np.arange(n_out)
    order[where] = n_out + np.arange(where.shape[0])
    if isinstance(out, np.ndarray):
        out[where] = out[n_out:]
        return out[:n_out]
    if isinstance(out, list):
        for i, row in enumerate(where.tolist()):
            out[row] = out[n_out + i]
        del out[n_out:]
        return out
    if sp.issparse(out):
        return out.tocsr()[order].asformat(out.format)
    module = type(out).__module__.split(".")[0]
    if module == "pandas":
        return out.iloc[order]
    return out.take(order) if module == "pyarrow" else out[order]  # polars: rows by position


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
        Whether missing values (NaN) are acceptable. With ``numeric``, infinite values are
        still refused (SMOTE's ``missing='nan_euclidean'``).
    defer_finite : bool
        Leave the finite check of a float ndarray to the copy of its rows into the output
        (``Features.finite_pending``); the caller must then check the rows it computes with
        (``Features.ensure_finite``) before using them.
    """
    container = read_container(X, accept_sparse=accept_sparse, sampler_name=sampler_name)
    feats = Features(container)
    if not numeric:
        return feats
    feats.numeric, feats.integer_columns = container.numbers()
    if allow_nan:
        check_no_infinity(feats.numeric, feats.column_names)
    else:
        if defer_finite and container.kind == "numpy" and feats.numeric is container.rows:
            feats.finite_pending = True
        else:
            check_finite(feats.numeric, feats.column_names)
    return feats
