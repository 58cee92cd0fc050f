"""Safe, borderline, rare and outlier examples: Napierala & Stefanowski's typology.

Napierala, K. & Stefanowski, J. (2016). Types of minority class examples and their influence
on learning classifiers from imbalanced data. Journal of Intelligent Information Systems 46,
563-597. doi:10.1007/s10844-015-0368-1

An example's type is read from the classes of its ``k = 5`` nearest neighbours (HVDM, see
:mod:`smotekit.diagnosis.space`): 4 or 5 of its own class make it *safe*, 2 or 3 *borderline*,
1 *rare*, 0 an *outlier*. Only this counting rule is applied; the paper also discusses
refinements (e.g. looking again at a rare example's one same-class neighbour, or kernel
neighbourhoods), which are left out so that every count can be checked by hand.

For another ``k`` the same proportions are kept: safe from ``ceil(0.7 k)`` same-class
neighbours, borderline from ``ceil(0.3 k)``, rare from 1 (``k = 5`` gives 4, 2 and 1).

Neighbours are exact; among equally distant rows the one at the smaller position comes first,
and an exact duplicate of a row is its neighbour at distance 0 (so a copy with another label
counts against it).
"""

from __future__ import annotations

import math

import numpy as np

TYPES = ("safe", "borderline", "rare", "outlier")
#: The paper's neighbourhood size.
K_DEFAULT = 5
#: Share of same-class neighbours from which an example is safe (k=5: 4 of 5).
SAFE_FROM = 0.7
#: Share of same-class neighbours from which an example is borderline (k=5: 2 of 5).
BORDERLINE_FROM = 0.3


def type_limits(k: int) -> tuple[int, int]:
    """Fewest same-class neighbours (of ``k``) for a safe and for a borderline example.

    Examples
    --------
    >>> type_limits(5)
    (4, 2)
    >>> type_limits(7)
    (5, 3)
    """
    # the small epsilon keeps 0.7 * 10 = 7.000000000000001 from rounding up to 8
    safe = max(1, math.ceil(SAFE_FROM * k - 1e-9))
    borderline = max(1, math.ceil(BORDERLINE_FROM * k - 1e-9))
    return safe, borderline


def classify(same: np.ndarray, k: int) -> np.ndarray:
    """Type index (0 safe, 1 borderline, 2 rare, 3 outlier) from same-class neighbour counts.

    Parameters
    ----------
    same : ndarray of int
        For each example, how many of its ``k`` nearest neighbours share its class.
    k : int

    Examples
    --------
    >>> import numpy as np
    >>> [TYPES[t] for t in classify(np.array([5, 4, 3, 2, 1, 0]), 5)]
    ['safe', 'safe', 'borderline', 'borderline', 'rare', 'outlier']
    """
    safe, borderline = type_limits(k)
    same = np.asarray(same)
    out = np.full(same.shape, 2, dtype=np.intp)
    out[same >= borderline] = 1
    out[same >= safe] = 0
    out[same == 0] = 3
    return out


def count_types(types: np.ndarray) -> dict[str, int]:
    """``{"safe": n, "borderline": n, "rare": n, "outlier": n}`` from type indices.

    Examples
    --------
    >>> import numpy as np
    >>> count_types(np.array([0, 0, 3]))
    {'safe': 2, 'borderline': 0, 'rare': 0, 'outlier': 1}
    """
    counts = np.bincount(np.asarray(types, dtype=np.intp), minlength=len(TYPES))
    return {name: int(counts[i]) for i, name in enumerate(TYPES)}


def same_class_counts(neighbors: np.ndarray, labels: np.ndarray, own: np.ndarray) -> np.ndarray:
    """How many of each row's neighbours (rows of ``neighbors``) have the label ``own``."""
    return (labels[neighbors] == np.asarray(own)[:, None]).sum(axis=1)
