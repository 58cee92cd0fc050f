"""``sample_weight``: checked once at the door, then resampled with the rows."""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.errors import InvalidInputError


def ingest_weights(sample_weight: Any, n_rows: int) -> np.ndarray:
    """``sample_weight`` as a float64 vector of ``n_rows`` finite, non-negative values.

    A pandas Series is read by position, as scikit-learn does.

    Examples
    --------
    >>> ingest_weights([1, 2, 0.5], 3)
    array([1. , 2. , 0.5])
    """
    try:
        weights = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"sample_weight must be numbers, one per row of X; it could not be read as "
            f"numbers ({exc})."
        ) from None
    if weights.ndim != 1 or weights.shape[0] != n_rows:
        raise InvalidInputError(
            f"sample_weight has shape {weights.shape}; it must be 1-D with one value per row "
            f"of X ({n_rows})."
        )
    bad = np.flatnonzero(~np.isfinite(weights) | (weights < 0))
    if bad.size:
        raise InvalidInputError(
            f"sample_weight has {bad.size} value(s) that are negative, NaN or infinite (first "
            f"at row {bad[0]}: {weights[bad[0]]!r}); weights must be finite and >= 0."
        )
    return weights
