"""Exact scalings by powers of two, for distances of values near float64's limits."""

from __future__ import annotations

from typing import Any

import numpy as np


def power_of_two(peak: Any) -> Any:
    """``2**-e`` with ``peak * 2**-e`` in [0.5, 1) (1 where ``peak`` is 0): an exact scaling
    that keeps squares of values near float64's limits finite. For subnormal peaks the scale
    stops at ``2**1021`` (``2**1073`` is not a float64): their scaled values stay tiny, and
    finite."""
    exponent = np.maximum(np.frexp(peak)[1], -1021)
    return np.where(np.asarray(peak) > 0, np.ldexp(1.0, -exponent), 1.0)
