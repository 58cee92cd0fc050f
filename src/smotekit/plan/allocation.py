"""Which base rows produce the new samples of a class, and how many each.

The SMOTE paper gives every minority sample the same number of synthetic neighbours (N/100
each, section 4.2). ``allocate_even`` keeps that in every mode: each base row is used
``floor(n_new / n)`` or ``ceil(n_new / n)`` times, the rows that get one more being a random
subset drawn without replacement. ``allocate_random`` is imbalanced-learn's choice (base rows
drawn at random with replacement), kept for users who need to reproduce it.
``allocate_weighted`` serves the variants that weight their base rows (ADASYN's per-row
difficulty, K-Means SMOTE's per-cluster sparsity): shares proportional to the weights, within
one, with the exact total.
"""

from __future__ import annotations

import numpy as np

from smotekit.errors import InvalidParameterError


def allocate_even(n_rows: int, n_new: int, rng: np.random.Generator) -> np.ndarray:
    """Return, for each synthetic sample, the local index of its base row (sorted).

    Every row is used ``n_new // n_rows`` times and ``n_new % n_rows`` rows, drawn uniformly
    without replacement, once more. With ``n_new < n_rows`` this is the paper's "SMOTE a random
    N% of the minority samples".

    Examples
    --------
    >>> import numpy as np
    >>> base = allocate_even(4, 10, np.random.default_rng(0))
    >>> np.bincount(base, minlength=4).tolist() in ([3, 3, 2, 2], [3, 2, 3, 2], [3, 2, 2, 3],
    ...     [2, 3, 3, 2], [2, 3, 2, 3], [2, 2, 3, 3])
    True
    """
    return np.repeat(np.arange(n_rows, dtype=np.intp), even_counts(n_rows, n_new, rng))


def even_counts(n_rows: int, n_new: int, rng: np.random.Generator) -> np.ndarray:
    """How many samples each row makes under :func:`allocate_even` (same draws), per row.

    Examples
    --------
    >>> import numpy as np
    >>> sorted(even_counts(4, 10, np.random.default_rng(0)).tolist())
    [2, 2, 3, 3]
    """
    if n_new == 0:
        # a class that gains no row needs no allocation, even with no row at hand (out of
        # core the plan holds only the rows of the classes that grow)
        return np.zeros(n_rows, dtype=np.intp)
    per_row, extra = divmod(n_new, n_rows)
    counts = np.full(n_rows, per_row, dtype=np.intp)
    if extra:
        counts[rng.choice(n_rows, size=extra, replace=False)] += 1
    return counts


def allocate_random(n_rows: int, n_new: int, rng: np.random.Generator) -> np.ndarray:
    """Base rows drawn uniformly with replacement (imbalanced-learn's behaviour)."""
    return rng.integers(0, n_rows, size=n_new, dtype=np.intp)


def allocate_weighted(
    weights: np.ndarray, n_new: int, rng: np.random.Generator, *, random: bool = False
) -> np.ndarray:
    """Base rows in proportion to ``weights``, exactly ``n_new`` of them (sorted).

    Row ``i``'s expected share is ``e_i = n_new * w_i / sum(w)``. It gets ``floor(e_i)``
    samples, and the ``n_new - sum(floor(e))`` samples left over go one each to distinct rows
    drawn without replacement with probability proportional to their fractional parts
    ``e_i - floor(e_i)``. So every row gets ``floor(e_i)`` or ``ceil(e_i)`` samples (within
    one of its share), rows of weight 0 get none, and the total is exactly ``n_new`` (rounding
    each share on its own, as imbalanced-learn's ADASYN does, misses the total).

    ``random=True`` draws the ``n_new`` base rows independently with probability ``w_i /
    sum(w)`` instead (with replacement: the counts are only proportional on average).

    Weights must be finite, non-negative and not all zero.

    Examples
    --------
    >>> import numpy as np
    >>> base = allocate_weighted(np.array([0.0, 1.0, 3.0]), 10, np.random.default_rng(0))
    >>> np.bincount(base, minlength=3).tolist() in ([0, 3, 7], [0, 2, 8])
    True
    """
    weights = np.asarray(weights, dtype=np.float64)
    total = weights.sum()
    if weights.ndim != 1 or not np.isfinite(total) or total <= 0 or (weights < 0).any():
        raise InvalidParameterError(
            "allocation weights must be finite, non-negative and not all zero; got "
            f"{weights.shape[0]} weights summing to {total!r}."
        )
    n_rows = weights.shape[0]
    if n_new == 0:
        return np.zeros(0, dtype=np.intp)
    p = weights / total
    if random:
        return np.sort(rng.choice(n_rows, size=n_new, p=p)).astype(np.intp, copy=False)
    expected = n_new * p
    counts = np.floor(expected).astype(np.intp)
    # float error can push a share a hair over an integer; the total must hold regardless
    while counts.sum() > n_new:
        counts[np.argmax(counts - expected)] -= 1
    extra = n_new - int(counts.sum())
    if extra:
        frac = np.clip(expected - counts, 0.0, None)
        frac[weights == 0] = 0.0
        if np.count_nonzero(frac) < extra:  # only through float error: spread over rows in use
            frac[weights > 0] += 1e-12
        counts[rng.choice(n_rows, size=extra, replace=False, p=frac / frac.sum())] += 1
    return np.repeat(np.arange(n_rows, dtype=np.intp), counts)


ALLOCATIONS = {"even": allocate_even, "random": allocate_random}


def get_allocation(name: str):
    """Look up an allocation rule by its parameter value."""
    try:
        return ALLOCATIONS[name]
    except (KeyError, TypeError):
        raise InvalidParameterError(
            f"allocation={name!r} is not known; use 'even' (the paper: every base row used "
            "the same number of times, within one) or 'random' (imbalanced-learn: base rows "
            "drawn with replacement)."
        ) from None


def percentage_targets(counts: dict, classes: list, percentage: float) -> dict:
    """The paper's "SMOTE N%": class ``c`` gains ``floor(N * n_c / 100)`` synthetic rows.

    With ``N`` a multiple of 100 every row of the class gets exactly ``N/100`` synthetic
    neighbours; with ``N < 100`` a random ``N%`` of its rows get one each; otherwise every row
    gets ``floor(N/100)`` and a random subset of ``floor(N * n_c / 100) - floor(N/100) * n_c``
    rows one more (the even allocation does the spreading).
    """
    if (
        isinstance(percentage, bool)
        or not isinstance(percentage, int | float | np.integer | np.floating)
        or not np.isfinite(percentage)
        or percentage <= 0
    ):
        raise InvalidParameterError(
            f"percentage={percentage!r} must be a positive number: the amount of SMOTE in "
            "percent of the class size (100 doubles the class, 200 triples it)."
        )
    return {c: int(np.floor(percentage * counts[c] / 100.0 + 1e-9)) for c in classes}
