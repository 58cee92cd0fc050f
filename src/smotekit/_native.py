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

The fused tile kernel (``fused_bands``) is the exception: it stands in for a BLAS product
and the scans together, on CPUs with AVX2 and FMA, with scores that differ from BLAS's in
the last bits (the search's error bound covers both); it has no numba twin, and where it
cannot run the search multiplies and scans as before (``SMOTEKIT_FUSED=0`` forces that).
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
        "sk_fused_scratch": ([_c_idx, _c_idx, _c_idx], _c_idx),
        "sk_fused_supported": ([], ctypes.c_int),
        "sk_row_sqsum": ([_ptr, _ptr, _ptr, _c_idx], None),
        "sk_rank_segments": ([_ptr, _c_idx, _ptr, _ptr, _ptr, _ptr, _c_idx], ctypes.c_int),
    }
    for name in ("sk_segment_f64", "sk_segment_f32", "sk_box_f64", "sk_box_f32"):
        table[name] = ([_ptr, _ptr, _c_idx, _ptr, _ptr, _ptr, _c_idx, _f64], None)
    for name in ("sk_copy_f64", "sk_copy_f32"):
        table[name] = ([_ptr, _ptr, _c_idx, _c_idx, ctypes.c_int], _c_idx)
    i, p, c_int = _c_idx, _ptr, ctypes.c_int
    table["sk_fused_bands"] = (
        [p, i, p, i, i, p, p, i, i, p, p, p, p, i, c_int, c_int, i, p, i],
        c_int,
    )
    table["sk_kd_root"] = ([p, i, i, p, p, p, p], None)
    table["sk_kd_split"] = ([p, p, i, p, p, p, p, i, i, i, i, i], None)
    table["sk_kd_fill_leaves"] = ([p, i, p, p, p, p, p, i, i, i, i], None)
    table["sk_kd_merge_boxes"] = ([p, p, i, i], None)
    table["sk_kd_knn"] = ([p, p, p, p, p, p, p, i, i, i, p, i, i, p, i, p, i, c_int, c_int], c_int)
    table["sk_kd_within"] = ([p, p, p, p, p, p, i, i, i, p, i, p, p, p, c_int], c_int)
    for name, (args, res) in table.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, res
    return lib


#: the loaded library (its functions typed at load), or None where it is not built
LIB: Any = _load()


#: the fused tile kernel runs here (``SMOTEKIT_FUSED=0`` keeps BLAS and the scans)
_FUSED = (
    LIB is not None
    and os.environ.get("SMOTEKIT_FUSED", "1") != "0"
    and bool(LIB.sk_fused_supported())
)


def available() -> bool:
    """Whether the compiled kernels are built and in use."""
    return LIB is not None


def fused_available() -> bool:
    """Whether the fused kernel (``fused_bands``) runs here: built, AVX2 and FMA."""
    return _FUSED


def fused_scratch(tile: int, d: int) -> np.ndarray:
    """A float32 scratch buffer for ``fused_bands`` calls with tiles of ``tile`` rows of ``d``."""
    return np.empty(int(LIB.sk_fused_scratch(tile, tile, d)), dtype=np.float32)


#: ``fused_bands`` modes: query rows against points (their lists only); two bands of the
#: symmetric search (both bands' lists); one band with itself
ROWS, PAIR, SAME = 0, 1, 2


def fused_bands(
    A: np.ndarray,
    B: np.ndarray,
    hA: np.ndarray,
    hB: np.ndarray,
    row0: int,
    col0: int,
    lists_a: tuple[np.ndarray, np.ndarray],
    lists_b: tuple[np.ndarray, np.ndarray],
    mode: int,
    tile: int,
    scratch: np.ndarray,
) -> bool:
    """Products of float32 rows ``A`` and ``B`` straight into top-m lists (``_native.c``).

    Row ``i``'s list (``lists_a``: scores, indices) takes ``A_i . B_j - hB_j`` with index
    ``col0 + j``, as ``scan_rows`` does with a tile of products. ``PAIR``: column ``j``'s
    list (``lists_b``) also takes ``A_i . B_j - hA_i`` with index ``row0 + i``, as
    ``scan_cols``; ``SAME``: ``A`` with itself (``B``, ``hB`` and ``lists_b`` are not
    read), each pair of tiles multiplied once. Returns False (nothing done) where the
    kernel cannot run (no AVX2 and FMA, no build, other dtypes or layouts): the caller
    multiplies and scans.
    """
    if not _FUSED:
        return False
    if mode == SAME:
        B, hB, lists_b = A, hA, lists_a
    ga, ia = lists_a
    gb, ib = lists_b
    q, t = A.shape[0], B.shape[0]
    if not (
        _c(A, _F32, 2)
        and _c(B, _F32, 2)
        and A.shape[1] == B.shape[1]
        and _c(hA, _F32, 1)
        and _c(hB, _F32, 1)
        and hB.shape[0] >= t
        and hA.shape[0] >= (q if mode != ROWS else 0)
        and _lists(ga, ia, q)
        and _lists(gb, ib, t if mode != ROWS else 0)
        and gb.shape[1] == ga.shape[1]
        and ib.dtype == ia.dtype
        and _c(scratch, _F32, 1)
    ):
        return False
    done = LIB.sk_fused_bands(
        A.ctypes.data, q, B.ctypes.data, t, A.shape[1], hA.ctypes.data, hB.ctypes.data,
        int(row0), int(col0), ga.ctypes.data, ia.ctypes.data, gb.ctypes.data, ib.ctypes.data,
        ga.shape[1], ia.dtype == _I, int(mode), int(tile), scratch.ctypes.data,
        scratch.shape[0],
    )  # fmt: skip
    return done == 0


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


def _tree(pts: Any, lo: Any, hi: Any, start: Any, end: Any, idx: Any = None) -> bool:
    """A kd-tree's arrays (``_kdtree.KDTree``): points, boxes and position ranges."""
    return (
        _c(pts, _F64, 2)
        and _c(lo, _F64, 2)
        and _c(hi, _F64, 2)
        and lo.shape == hi.shape
        and lo.shape[1] == pts.shape[1]
        and lo.shape[0] % 2 == 1
        and _c(start, _I, 1)
        and _c(end, _I, 1)
        and start.shape[0] == end.shape[0] == lo.shape[0]
        and (idx is None or (_c(idx, _I, 1) and idx.shape[0] == pts.shape[0]))
    )


def _blocks(blk: Any, lo: Any, leaf: Any) -> bool:
    """The leaves' column blocks: ``(n_nodes + 1) / 2`` leaves of ``d * leaf`` values."""
    return _c(blk, _F64, 1) and blk.shape[0] == (lo.shape[0] + 1) // 2 * lo.shape[1] * leaf


def _kd_root(pts: Any, lo: Any, hi: Any, start: Any, end: Any) -> Any:
    if not _tree(pts, lo, hi, start, end):
        return _FALLBACK
    LIB.sk_kd_root(
        pts.ctypes.data, pts.shape[0], pts.shape[1], lo.ctypes.data, hi.ctypes.data,
        start.ctypes.data, end.ctypes.data,
    )  # fmt: skip
    return None


def _kd_split(
    pts: Any, idx: Any, lo: Any, hi: Any, start: Any, end: Any, levels: Any, leaf: Any,
    root: Any, depth: Any, stop: Any,
) -> Any:  # fmt: skip
    if not (_tree(pts, lo, hi, start, end, idx) and lo.shape[0] == (2 << int(levels)) - 1):
        return _FALLBACK
    LIB.sk_kd_split(
        pts.ctypes.data, idx.ctypes.data, pts.shape[1], lo.ctypes.data, hi.ctypes.data,
        start.ctypes.data, end.ctypes.data, int(levels), int(leaf), int(root), int(depth),
        int(stop),
    )  # fmt: skip
    return None


def _kd_fill_leaves(
    pts: Any, lo: Any, hi: Any, start: Any, end: Any, blk: Any, a: Any, b: Any, leaf: Any
) -> Any:
    if not (_tree(pts, lo, hi, start, end) and _blocks(blk, lo, leaf)):
        return _FALLBACK
    LIB.sk_kd_fill_leaves(
        pts.ctypes.data, pts.shape[1], lo.ctypes.data, hi.ctypes.data, start.ctypes.data,
        end.ctypes.data, blk.ctypes.data, int(a), int(b), int(leaf), lo.shape[0],
    )  # fmt: skip
    return None


def _kd_merge_boxes(lo: Any, hi: Any, first: Any) -> Any:
    if not (_c(lo, _F64, 2) and _c(hi, _F64, 2) and lo.shape == hi.shape):
        return _FALLBACK
    LIB.sk_kd_merge_boxes(lo.ctypes.data, hi.ctypes.data, lo.shape[1], int(first))
    return None


def _kd_knn(
    blk: Any, pts: Any, idx: Any, lo: Any, hi: Any, start: Any, end: Any, levels: Any,
    leaf: Any, leaves: Any, row0: Any, out_i: Any, out_d: Any, scatter: Any, others: Any,
) -> Any:  # fmt: skip
    if not (
        _tree(pts, lo, hi, start, end, idx)
        and _blocks(blk, lo, leaf)
        and lo.shape[0] == (2 << int(levels)) - 1
        and _c(leaves, _I, 1)
        and _c(out_i, _I, 2)
        and _c(out_d, _F64, 2)
        and out_i.shape[0] == out_d.shape[0]
        and out_d.shape[1] <= out_i.shape[1]
    ):
        return _FALLBACK
    if LIB.sk_kd_knn(
        blk.ctypes.data, pts.ctypes.data, idx.ctypes.data, lo.ctypes.data, hi.ctypes.data,
        start.ctypes.data, end.ctypes.data, pts.shape[1], int(levels), int(leaf),
        leaves.ctypes.data, leaves.shape[0], int(row0), out_i.ctypes.data, out_i.shape[1],
        out_d.ctypes.data, out_d.shape[1], int(bool(scatter)), int(bool(others)),
    ):  # fmt: skip
        raise MemoryError("no memory for the kd-tree search's scratch lists")
    return None


def _kd_within(
    blk: Any, pts: Any, idx: Any, lo: Any, hi: Any, start: Any, end: Any, levels: Any,
    leaf: Any, at: Any, radius2: Any, ptr: Any, out: Any, fill: Any,
) -> Any:  # fmt: skip
    if not (
        _tree(pts, lo, hi, start, end, idx)
        and _blocks(blk, lo, leaf)
        and lo.shape[0] == (2 << int(levels)) - 1
        and _c(at, _I, 1)
        and _c(radius2, _F64, 1)
        and radius2.shape[0] >= at.shape[0]
        and _c(ptr, _I, 1)
        and ptr.shape[0] >= at.shape[0]
        and _c(out, _I, 1)
    ):
        return _FALLBACK
    if LIB.sk_kd_within(
        blk.ctypes.data, pts.ctypes.data, idx.ctypes.data, lo.ctypes.data, hi.ctypes.data,
        start.ctypes.data, pts.shape[1], int(levels), int(leaf), at.ctypes.data, at.shape[0],
        radius2.ctypes.data, ptr.ctypes.data, out.ctypes.data, int(bool(fill)),
    ):  # fmt: skip
        raise MemoryError("no memory for the kd-tree search's scratch")
    return None


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
    # the kd-tree (smotekit.neighbors._kdtree)
    "_root": _kd_root,
    "_split": _kd_split,
    "_fill_leaves": _kd_fill_leaves,
    "_merge_boxes": _kd_merge_boxes,
    "_knn_leaves": _kd_knn,
    "_within": _kd_within,
}


def native(numba_kernel: Any) -> Any:
    """The compiled stand-in for ``numba_kernel`` (by name), or the kernel itself."""
    impl = _NATIVE.get(getattr(numba_kernel, "__name__", ""))
    if LIB is None or impl is None:
        return numba_kernel
    return StandIn(numba_kernel, impl)
