"""Containers resampled by a runner above the samplers instead of in memory.

A Dask collection must stay lazy: it is counted, planned and resampled partition by
partition by :mod:`smotekit.scale.dask`, which drives the sampler through its public
protocol. The samplers never import that runner; the door recognises the container and
names the module that takes it, imported only when such a container arrives (so neither
Dask nor the runner is loaded for in-memory data).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

#: Container family -> the module whose ``fit(sampler, X, y)`` and
#: ``fit_resample(sampler, X, y)`` take it.
RUNNERS = {"dask": "smotekit.scale.dask"}


def container_family(obj: Any) -> str:
    """``'dask'`` for a Dask collection (checked by module, so Dask need not be installed)."""
    if type(obj).__module__.split(".")[0] == "dask" and hasattr(obj, "__dask_graph__"):
        return "dask"
    return "memory"


def runner_for(X: Any, y: Any) -> ModuleType | None:
    """The runner module for ``X``/``y``, or ``None`` when they are resampled in memory."""
    for obj in (X, y):
        family = container_family(obj)
        if family in RUNNERS:
            return importlib.import_module(RUNNERS[family])
    return None
