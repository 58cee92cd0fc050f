"""Shared measurement helpers for the hand-run benchmarks (Linux: reads /proc)."""

from __future__ import annotations

import contextlib
import gc
import time
from pathlib import Path


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> int:
    """Reset the process's peak RSS (VmHWM) to its current RSS and return that RSS."""
    gc.collect()
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def measure(func, *args, **kwargs):
    """Run ``func`` once; return (result, seconds, peak RSS rise in bytes)."""
    baseline = reset_peak()
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    return result, seconds, _status("VmHWM") - baseline


def nbytes(obj) -> int:
    """Bytes held by an array, a sparse matrix, or a tuple of them."""
    if isinstance(obj, tuple | list):
        return sum(nbytes(o) for o in obj)
    if hasattr(obj, "data") and hasattr(obj, "indices"):
        return obj.data.nbytes + obj.indices.nbytes + obj.indptr.nbytes
    return int(getattr(obj, "nbytes", 0))
