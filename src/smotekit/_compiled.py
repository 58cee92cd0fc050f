"""When to call a compiled (numba) kernel, and when plain numpy is the faster start.

Kernels with a stand-in compiled at installation (``smotekit._native``) always run it: it
costs nothing to load. What follows is about the numba kernels.

The first call of a numba kernel in a process costs ~0.1 s and ~50 MB even with its compiled
code cached on disk (numba's set-up, then loading the kernel), and several seconds on the
very first run after installation (compiling it). On small jobs that is more than the job:
the fraud shape's 283,823 synthetic rows x 30 columns take 0.04 s in numpy. So a job that
has a numpy twin with the same bits runs in numpy unless the kernel is already loaded in
this process or the job is large enough to repay loading it. The twins run on one thread:
spread over two (numpy releases the GIL) they were slower here, 0.10-0.14 s against 0.085 s
on the fraud shape.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import Any

#: Values (rows x columns) of a job above which loading a compiled kernel pays off: ~0.1 s
#: of loading against numpy's ~3x slower pass over 16M values (~0.05-0.1 s).
COMPILED_MIN_VALUES = 1 << 24
#: ... once numba is set up in the process (another kernel ran), when a further kernel only
#: costs its own 3-7 ms load: numpy's twin passes cost more from ~256k values (500k new
#: rows of 5 columns: 0.09 s in numpy).
LOADED_MIN_VALUES = 1 << 18
#: The modules whose kernels tell that numba is set up.
_KERNEL_MODULES = (
    "smotekit.neighbors._kdtree",
    "smotekit.neighbors._kernels",
    "smotekit.synthesis.kernels",
    "smotekit.door.fast",
)


def compiled_pays(kernel: Any, values: int) -> bool:
    """Whether to call the numba ``kernel`` for a job over ``values`` values."""
    if getattr(kernel, "native", False):
        return True  # compiled at installation (smotekit._native): nothing to load
    if getattr(kernel, "signatures", None) or values > COMPILED_MIN_VALUES:
        return True
    return values > LOADED_MIN_VALUES and numba_ready()


def numba_ready() -> bool:
    """Whether one of the package's kernels already ran in this process (numba is set up)."""
    for name in _KERNEL_MODULES:
        module = sys.modules.get(name)
        if module is not None and any(
            # a compiled stand-in (smotekit._native) keeps its numba kernel as .numba
            getattr(obj, "signatures", None)
            or getattr(getattr(obj, "numba", None), "signatures", None)
            for obj in vars(module).values()
        ):
            return True
    return False


def keep_compiled_cache(package_dir: str | None = None) -> str | None:
    """Give numba a cache folder for our kernels when it would have none; return it.

    numba caches compiled code next to the source (``__pycache__``) or, when the package
    folder is read-only (a system or container install), in the user's cache folder. When
    both are read-only (a read-only home too), it keeps nothing and every process compiles
    for seconds; then the kernels are cached in a per-user folder of the temporary
    directory instead. A cache folder the user chose (``NUMBA_CACHE_DIR``) is left alone.
    Must run before the kernels are defined (numba picks the folder then).
    """
    import numba

    if numba.config.CACHE_DIR:
        return None
    here = package_dir or os.path.dirname(os.path.abspath(__file__))
    if os.access(here, os.W_OK):
        return None
    user = os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "numba",
    )
    try:
        os.makedirs(user, exist_ok=True)
        if os.access(user, os.W_OK):
            return None
    except OSError:
        pass
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    fallback = os.path.join(tempfile.gettempdir(), f"smotekit-numba-cache-{uid}")
    try:
        os.makedirs(fallback, mode=0o700, exist_ok=True)
    except OSError:
        return None  # nowhere to write: numba compiles in memory, as it would anyway
    numba.config.CACHE_DIR = fallback
    return fallback
