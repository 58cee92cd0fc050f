"""Row labels for new rows: never equal to a label the input already has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def new_labels(index, n: int) -> list | np.ndarray:
    """Labels for ``n`` new rows that cannot collide with any label in ``index``.

    An integer index continues after its largest label (a RangeIndex simply goes on); any other
    index gets string labels ``"synthetic-0"``, ``"synthetic-1"``, ... with a prefix lengthened
    until none of them is already taken.
    """
    import pandas as pd

    start = None
    if pd.api.types.is_integer_dtype(index.dtype) and not isinstance(index, pd.MultiIndex):
        start = int(index.max()) + 1 if len(index) else 0
    scheme = label_scheme(start, n, lambda: (v for v in index if isinstance(v, str)))
    return label_range(scheme, 0, n)


def label_scheme(start: int | None, n: int, strings: Callable[[], Any]) -> int | str:
    """How ``n`` new rows are labelled: the first integer label, or a string prefix.

    ``start`` is one past the largest integer label (``None`` for other indexes);
    ``strings()`` gives the index's string labels (only those containing ``"synthetic-"``
    matter, which lets a partitioned index be summarised partition by partition).
    """
    if start is not None and start + n - 1 <= np.iinfo(np.int64).max:
        return start
    # no integer index, or no room left after the largest label: string labels
    prefix = "synthetic-"
    taken = {v for v in strings() if isinstance(v, str) and "synthetic-" in v}
    while any(v.startswith(prefix) for v in taken):
        prefix = "_" + prefix
    return prefix


def label_range(scheme: int | str, start: int, stop: int) -> list | np.ndarray:
    """Labels of new rows ``start:stop`` under ``scheme`` (see :func:`label_scheme`)."""
    if isinstance(scheme, str):
        return [f"{scheme}{i}" for i in range(start, stop)]
    return np.arange(scheme + start, scheme + stop, dtype=np.int64)
