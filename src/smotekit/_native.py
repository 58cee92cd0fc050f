"""The package's compiled kernels (``_native.c``), and the numba kernels they stand in for.

Why: a numba kernel costs every fresh process ~0.13 s and tens of MB to set numba up and
load it, and the very first process after installation seconds to compile it. The kernels
of the search's BLAS path, of the synthesis and of the copy of rows are compiled at
installation instead (a C extension; gcc or clang), so SMOTE, the cross-class searches and
the cleaning rules load no JIT compiler. They are called through ctypes, which releases
the GIL during the call: the package's thread pool runs them side by side as it runs the
``nogil`` numba kernels.

Each wrapper has the numba kernel's signature and gives its bits (the C is the kernel
statement for statement; tests compare them). An argument of another dtype or layout than
the C function takes, a build without a compiler, or ``SMOTEKIT_NATIVE=0`` in the
environment send the call to the numba kernel (``wrapper.numba``).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
from collections.abc import Callable
from typing import Any

import numpy as np

_c_idx = ctypes.c_int64
_ptr = ctypes.c_void_p
_f64 = ctypes.c_double


def _load() -> ctypes.CDLL | None:
    if os.environ.get("SMOTEKIT_NATIVE", "1") == "0" or np.dtype(np.intp).itemsize != 8:
        return None
    try:
        spec = importlib.util.find_spec("smotekit._native_kernels")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    try:
        lib = ctypes.CDLL(spec.origin)
    except OSError:
        return None
    table = {
        "sk_scan_rows_at": (
            [_ptr, _c_idx, _c_idx, _ptr, _c_idx, _ptr, _ptr, _ptr, _c_idx, ctypes.c_int],
            None,
        ),
        "sk_scan_cols": (
            [_ptr, _c_idx, _c_idx, _ptr, _c_idx, _ptr, _ptr, _c_idx, ctypes.c_int],
            None,
        ),
        "sk_collect_at_least": (
            [_ptr, _c_idx, _c_idx, _ptr, _ptr, _c_idx, _ptr, _ptr, _c_idx],
            _c_idx,
        ),
        "sk_pair_sqdist": ([_ptr, _ptr, _c_idx, _ptr, _ptr, _ptr, _c_idx], None),
        "sk_row_sqsum": ([_ptr, _ptr, _ptr, _c_idx], None),
        "sk_rank_segments": ([_ptr, _c_idx, _ptr, _ptr, _ptr, _ptr, _c_idx], ctypes.c_int),
    }
    for name in ("sk_segment_f64", "sk_segment_f32", "sk_box_f64", "sk_box_f32"):
        table[name] = ([_ptr, _ptr, _c_idx, _ptr, _ptr, _ptr, _c_idx, _f64], None)
    for name in ("sk_copy_f64", "sk_copy_f32"):
        table[name] = ([_ptr, _ptr, _c_idx, _c_idx, ctypes.c_int], _c_idx)
    for name, (args, res) in table.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, res
    return lib


#: the loaded library (its functions typed at load), or None where it is not built
LIB: Any = _load()


def available() -> bool:
    """Whether the compiled kernels are built and in use."""
    return LIB is not None


def _c(a: Any, dtype: Any, ndim: int) -> bool:
    return (
        isinstance(a, np.ndarray)
        and a.dtype == dtype
        and a.ndim == ndim
        and a.flags.c_contiguous
        and a.dtype.isnative
    )


class StandIn:
    """A compiled kernel called as its numba kernel is; the numba kernel runs instead for
    arguments the C function does not take (its ``impl`` returns ``_FALLBACK``)."""

    native = True

    def __init__(self, numba_kernel: Any, impl: Callable[..., Any]) -> None:
        self.numba = numba_kernel
        self._impl = impl
        self.__name__ = getattr(numba_kernel, "__name__", "kernel")
        self.__doc__ = getattr(numba_kernel, "__doc__", None)

    def __call__(self, *args: Any) -> Any:
        result = self._impl(*args)
        return self.numba(*args) if result is _FALLBACK else result


_FALLBACK = object()
_I = np.dtype(np.intp)
_I32 = np.dtype(np.int32)
_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)


def _tile(G: Any, h: Any, axis: int) -> bool:
    """A float32 tile of products and the half norms along its ``axis``."""
    return _c(G, _F32, 2) and _c(h, _F32, 1) and h.shape[0] >= G.shape[axis]


def _lists(best_g: Any, best_i: Any, rows: int) -> bool:
    """Best lists (scores, and int32 or intp indices) for at least ``rows`` points."""
    return (
        _c(best_g, _F32, 2)
        and (_c(best_i, _I, 2) or _c(best_i, _I32, 2))
        and best_i.shape == best_g.shape
        and best_g.shape[0] >= rows
        and best_g.shape[1] > 0
    )


def _scan_rows_at(G: Any, h: Any, col0: Any, rows: Any, best_g: Any, best_i: Any) -> Any:
    if not (
        _tile(G, h, 1)
        and _c(rows, _I, 1)
        and rows.shape[0] >= G.shape[0]
        and _lists(best_g, best_i, 0)
    ):
        return _FALLBACK
    LIB.sk_scan_rows_at(
        G.ctypes.data, G.shape[0], G.shape[1], h.ctypes.data, int(col0), rows.ctypes.data,
        best_g.ctypes.data, best_i.ctypes.data, best_g.shape[1], best_i.dtype == _I,
    )  # fmt: skip
    return None


def _scan_cols(G: Any, h: Any, row0: Any, best_g: Any, best_i: Any) -> Any:
    if not (_tile(G, h, 0) and _lists(best_g, best_i, G.shape[1])):
        return _FALLBACK
    LIB.sk_scan_cols(
        G.ctypes.data, G.shape[0], G.shape[1], h.ctypes.data, int(row0),
        best_g.ctypes.data, best_i.ctypes.data, best_g.shape[1], best_i.dtype == _I,
    )  # fmt: skip
    return None


def _collect_at_least(G: Any, h: Any, thr: Any, col0: Any, out_r: Any, out_c: Any) -> Any:
    if not (
        _tile(G, h, 1)
        and _c(thr, _F32, 1)
        and thr.shape[0] >= G.shape[0]
        and _c(out_r, _I, 1)
        and _c(out_c, _I, 1)
        and out_c.shape[0] >= out_r.shape[0]
    ):
        return _FALLBACK
    found = LIB.sk_collect_at_least(
        G.ctypes.data, G.shape[0], G.shape[1], h.ctypes.data, thr.ctypes.data, int(col0),
        out_r.ctypes.data, out_c.ctypes.data, out_r.shape[0],
    )  # fmt: skip
    return int(found)


def _pair_sqdist(Q: Any, P: Any, a: Any, b: Any, out: Any) -> Any:
    if not (
        _c(Q, _F64, 2)
        and _c(P, _F64, 2)
        and Q.shape[1] == P.shape[1]
        and _c(a, _I, 1)
        and _c(b, _I, 1)
        and _c(out, _F64, 1)
        and a.shape[0] == b.shape[0] == out.shape[0]
    ):
        return _FALLBACK
    LIB.sk_pair_sqdist(
        Q.ctypes.data, P.ctypes.data, P.shape[1], a.ctypes.data, b.ctypes.data,
        out.ctypes.data, out.shape[0],
    )  # fmt: skip
    return None


def _row_sqsum(data: Any, indptr: Any, out: Any) -> Any:
    if not (
        _c(data, _F64, 1)
        and _c(indptr, _I, 1)
        and _c(out, _F64, 1)
        and indptr.shape[0] >= out.shape[0] + 1
    ):
        return _FALLBACK
    LIB.sk_row_sqsum(data.ctypes.data, indptr.ctypes.data, out.ctypes.data, out.shape[0])
    return None


def _rank_segments(ptr: Any, rows: Any, dist: Any, top: Any, last: Any) -> Any:
    if not (
        _c(ptr, _I, 1)
        and _c(rows, _I, 1)
        and _c(dist, _F64, 1)
        and _c(top, _I, 2)
        and _c(last, _F64, 1)
        and top.shape[0] == last.shape[0] == ptr.shape[0] - 1
        and top.shape[1] > 0
    ):
        return _FALLBACK
    if LIB.sk_rank_segments(
        ptr.ctypes.data, top.shape[0], rows.ctypes.data, dist.ctypes.data, top.ctypes.data,
        last.ctypes.data, top.shape[1],
    ):  # fmt: skip
        raise MemoryError("no memory for the ranking's scratch lists")
    return None


def _synthesis(kind: str) -> Callable[..., Any]:
    names = {_F64: f"sk_{kind}_f64", _F32: f"sk_{kind}_f32"}
    gap_ndim = 1 if kind == "segment" else 2

    def native(out: Any, X: Any, base: Any, neighbor: Any, gap: Any, limit: Any) -> Any:
        if not (
            isinstance(X, np.ndarray)
            and X.dtype in names
            and _c(X, X.dtype, 2)
            and _c(out, X.dtype, 2)
            and out.shape[1] == X.shape[1]
            and _c(base, _I, 1)
            and _c(neighbor, _I, 1)
            and _c(gap, _F64, gap_ndim)
            and base.shape[0] == neighbor.shape[0] == gap.shape[0] == out.shape[0]
            and (gap_ndim == 1 or gap.shape[1] == X.shape[1])
        ):
            return _FALLBACK
        getattr(LIB, names[X.dtype])(
            out.ctypes.data, X.ctypes.data, X.shape[1], base.ctypes.data, neighbor.ctypes.data,
            gap.ctypes.data, out.shape[0], float(limit),
        )  # fmt: skip
        return None

    return native


def _copy(check: bool) -> Callable[..., Any]:
    names = {_F64: "sk_copy_f64", _F32: "sk_copy_f32"}

    def native(out: Any, X: Any) -> Any:
        if not (
            isinstance(X, np.ndarray)
            and X.dtype in names
            and _c(X, X.dtype, 2)
            and _c(out, X.dtype, 2)
            and out.shape == X.shape
        ):
            return _FALLBACK
        bad = getattr(LIB, names[X.dtype])(
            out.ctypes.data, X.ctypes.data, X.shape[0], X.shape[1], int(check)
        )
        return int(bad) if check else None

    return native


_NATIVE = {
    "scan_rows_at": _scan_rows_at,
    "scan_cols": _scan_cols,
    "collect_at_least": _collect_at_least,
    "pair_sqdist": _pair_sqdist,
    "row_sqsum": _row_sqsum,
    "rank_segments": _rank_segments,
    "segment_kernel": _synthesis("segment"),
    "box_kernel": _synthesis("box"),
    "_copy_rows": _copy(False),
    "_copy_rows_checked": _copy(True),
}


def native(numba_kernel: Any) -> Any:
    """The compiled stand-in for ``numba_kernel`` (by name), or the kernel itself."""
    impl = _NATIVE.get(getattr(numba_kernel, "__name__", ""))
    if LIB is None or impl is None:
        return numba_kernel
    return StandIn(numba_kernel, impl)
