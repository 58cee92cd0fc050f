"""Threads for the neighbour search: how many, and running work on them.

The numba kernels are serial and release the GIL; parallelism comes from a thread pool that
hands out whole tiles. On the 2-core development machine, alternating a multi-threaded BLAS
call with a numba ``prange`` region on every tile made the two thread pools spin against each
other (30-50 s instead of 2-3 s on a 54k x 20 search); one pool, BLAS single-threaded inside
it, avoids that.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from smotekit.errors import InvalidParameterError


def resolve_threads(n_jobs: int | None) -> int:
    """Threads for ``n_jobs``: ``None`` or ``-1`` all usable cores, ``-2`` all but one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    if n_jobs is None:
        return cores
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int | np.integer) or n_jobs == 0:
        raise InvalidParameterError(
            f"n_jobs={n_jobs!r} must be None, a positive int, or a negative int (-1 = all cores)."
        )
    if n_jobs < 0:
        return max(1, cores + 1 + int(n_jobs))
    return int(n_jobs)


def parallel_map(fn: Callable[[Any], Any], items: Sequence[Any], threads: int) -> list[Any]:
    """``[fn(x) for x in items]`` on up to ``threads`` threads (numba kernels release the GIL).

    Work is handed out item by item from a shared counter, so a thread slowed by another
    process does not hold the others back. No future per item: ``ThreadPoolExecutor.map``
    queues one for every item at once, ~2 KB each, which was 150 MB for the 76k tile pairs
    of a 200k-row search; here the memory is one result slot per item.
    """
    n = len(items)
    if threads <= 1 or n <= 1:
        return [fn(item) for item in items]
    results: list[Any] = [None] * n
    counter = itertools.count()
    failed: list[BaseException] = []

    def worker() -> None:
        while not failed:
            i = next(counter)  # atomic under the GIL
            if i >= n:
                return
            try:
                results[i] = fn(items[i])
            except BaseException as exc:  # re-raised in the caller's thread
                failed.append(exc)
                return

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(min(threads, n) - 1)]
    for t in pool:
        t.start()
    worker()  # the calling thread works too
    for t in pool:
        t.join()
    if failed:
        raise failed[0]
    return results


class _Limit:
    """A process-wide thread limit on one kind of native pool (threadpoolctl's ``user_api``:
    BLAS, whose thread count is one setting for the whole process),
    shared by concurrent callers: the first sets it, the last restores it, so overlapping
    calls cannot leave the pool stuck at one thread. The controller is built once:
    ``threadpool_limits`` rescans the loaded libraries on every call (~2 ms with scikit-learn
    loaded, more than a whole 1000-row search)."""

    def __init__(self, user_api: str) -> None:
        self.user_api = user_api
        self.lock = threading.Lock()
        self.users = 0
        self.limiter: Any = None
        self.controller: Any = None

    @contextmanager
    def __call__(self) -> Iterator[bool]:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # optional: without it the pool keeps its threads
            yield False
            return
        with self.lock:
            if self.users == 0:
                if self.controller is None:
                    self.controller = ThreadpoolController()  # the pools loaded by now
                self.limiter = self.controller.limit(limits=1, user_api=self.user_api)
            self.users += 1
        try:
            yield True
        finally:
            with self.lock:
                self.users -= 1
                if self.users == 0:
                    self.limiter.restore_original_limits()
                    self.limiter = None


#: ``with single_threaded_blas():`` BLAS on one thread (the engine's workers run their own
#: tiles); yields whether the limit could be set (threadpoolctl is optional).
single_threaded_blas = _Limit("blas")

_openmp_controller: Any = None


@contextmanager
def one_openmp_thread() -> Iterator[bool]:
    """OpenMP on one thread in the calling thread, for scikit-learn's k-means.

    k-means adds its threads' partial sums in the order they finish, so with three or more
    threads its centres (and a sampler's output) could change in their last bits from run
    to run and from machine to machine. OpenMP's thread count is a per-thread setting
    (``omp_set_num_threads`` sets the caller's), which scikit-learn reads in the thread
    that fits: every call sets and restores its own, with no count shared across threads
    (unlike BLAS's process-wide limit above). Call after scikit-learn's KMeans is imported
    (its OpenMP runtime must be loaded for the limit to reach it).
    """
    global _openmp_controller
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency of scikit-learn
        yield False
        return
    if _openmp_controller is None:
        _openmp_controller = ThreadpoolController()
    limiter = _openmp_controller.limit(limits=1, user_api="openmp")
    try:
        yield True
    finally:
        limiter.restore_original_limits()


def chunks(total: int, size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(total)`` in pieces of ``size``."""
    return [(a, min(a + size, total)) for a in range(0, total, size)]
