"""When to call a compiled (numba) kernel, and when plain numpy is the faster start.

The first call of a numba kernel in a process costs ~0.1 s and ~50 MB even with its compiled
code cached on disk (numba's set-up, then loading the kernel), and several seconds on the
very first run after installation (compiling it). On small jobs that is more than the job:
the fraud shape's 283,823 synthetic rows x 30 columns take 0.02 s in numpy. So a job that
has a numpy twin with the same bits runs in numpy unless the kernel is already loaded in
this process or the job is large enough to repay loading it.
"""

from __future__ import annotations

from typing import Any

#: Values (rows x columns) of a job above which loading a compiled kernel pays off: ~0.1 s
#: of loading against numpy's ~3x slower pass over 16M values (~0.05-0.1 s).
COMPILED_MIN_VALUES = 1 << 24


def compiled_pays(kernel: Any, values: int) -> bool:
    """Whether to call the numba ``kernel`` for a job over ``values`` values."""
    return bool(getattr(kernel, "signatures", None)) or values > COMPILED_MIN_VALUES
