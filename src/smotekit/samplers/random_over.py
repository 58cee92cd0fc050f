"""Random over-sampling: repeat rows of the classes to grow (optionally smoothed)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.door.containers.base import integer_values
from smotekit.errors import InvalidParameterError
from smotekit.plan.allocation import get_allocation
from smotekit.samplers.base import BaseOverSampler, Outcome


def _check_shrinkage(name: str, value: Any) -> None:
    """``shrinkage``: None, a number >= 0, or a dict ``{class: number >= 0}``."""
    if value is None:
        return
    factors = list(value.values()) if isinstance(value, Mapping) else [value]
    number = params.real()
    for factor in factors:
        try:
            number.check(name, factor)
        except InvalidParameterError:
            raise InvalidParameterError(
                f"{name}={value!r} must be None, a non-negative number, or a dict "
                "{class: non-negative number}."
            ) from None
    if any(factor < 0 for factor in factors):
        raise InvalidParameterError(
            f"{name}={value!r} is not valid. The shrinkage factor needs to be >= 0 (a "
            "non-negative multiple of the smoothing bandwidth; 0 adds no noise)."
        )


class RandomOverSampler(BaseOverSampler):
    """Over-sample by repeating randomly chosen rows of each targeted class.

    Accepts any values in ``X`` (strings, NaN, mixed dtypes): rows are copied, never computed.
    Drop-in for ``imblearn.over_sampling.RandomOverSampler``.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        As in :class:`smotekit.SMOTE`.
    random_state : int, Generator, RandomState or None, default=None
    shrinkage : float or dict, default=None
        ``None``: plain copies. A float (or ``{class: float}``) makes a smoothed bootstrap:
        each copy gets Gaussian noise of standard deviation ``shrinkage`` times the class's
        Silverman bandwidth per feature (numeric dense X only).
    allocation : {'random', 'even'}, default='random'
        ``'random'``: rows drawn with replacement (the usual bootstrap, as imbalanced-learn);
        ``'even'``: every row repeated the same number of times, within one.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (``True``; the
        input's rows ``False``), as R themis's ``indicator_column``: a boolean column in a
        data frame or table, 0/1 in an array's dtype. In memory only (not streamed).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    sample_indices_ : ndarray
        For every output row, the input row it is (a copy of).

    Examples
    --------
    >>> from smotekit import RandomOverSampler
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0]]
    >>> y = [0, 0, 0, 1, 1]
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X, y)
    >>> y_res
    [0, 0, 0, 1, 1, 1]
    """

    _sets_sample_indices = True
    _accepts_any_values = True
    rows_needed = "targeted rows"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "allocation": params.Checked(lambda name, value: get_allocation(value)),
        "shrinkage": params.Checked(_check_shrinkage),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        shrinkage: Any = None,
        allocation: str = "random",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.shrinkage = shrinkage
        self.allocation = allocation
        self.indicator = indicator

    def reads_numbers(self) -> bool:
        return self.shrinkage is not None

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        allocate = get_allocation(self.allocation)
        labels = target.labels
        copies = []
        for cls, n_new in self.sampling_strategy_.items():
            rows = np.flatnonzero(labels == cls)
            copies.append(rows[allocate(rows.shape[0], n_new, rng)])
        picked = np.concatenate(copies) if copies else np.zeros(0, dtype=np.intp)
        self.sample_indices_ = np.concatenate([np.arange(features.n_rows), picked])
        self.shrinkage_ = None if self.shrinkage is None else self._factors()
        if self.shrinkage is None:
            return Outcome(copies=picked)
        scales = self._noise_scales(features.numeric, labels, picked)
        with np.errstate(over="ignore"):  # beyond float64's range: clipped when added
            noise = rng.standard_normal((picked.shape[0], features.n_features)) * scales
        if sp.issparse(features.numeric):
            # the noise touches every attribute: the new rows are dense rows of a sparse X
            def build() -> sp.csr_matrix:
                dense = features.numeric[picked].toarray()
                return sp.csr_matrix(_finite_sum(dense, noise, dense.dtype))

            return Outcome(
                synthetic_labels=labels[picked], build_sparse=build, synthetic_base=picked
            )
        fill = partial(_smoothed, X=features.numeric, picked=picked, noise=noise)
        integer = features.integer_columns if features.integer_columns.any() else None
        return Outcome(
            synthetic_labels=labels[picked],
            fill=partial(_rounded, fill=fill, integer=integer),
            synthetic_base=picked,
        )

    def _factors(self) -> dict[Any, float]:
        """``shrinkage_``: the shrinkage of every over-sampled class."""
        factors = {}
        for cls in self.sampling_strategy_:
            if isinstance(self.shrinkage, Mapping):
                if cls not in self.shrinkage:
                    raise InvalidParameterError(
                        "`shrinkage` should contain a shrinkage factor for each class that is "
                        f"over-sampled: shrinkage={self.shrinkage!r} has none for class "
                        f"{cls!r}; give one for each of {list(self.sampling_strategy_)} (or "
                        "one number for all)."
                    )
                factors[cls] = self.shrinkage[cls]
            else:
                factors[cls] = self.shrinkage
        return factors

    def _noise_scales(self, X: Any, labels: np.ndarray, picked: np.ndarray) -> np.ndarray:
        d = X.shape[1]
        scales = np.zeros((picked.shape[0], d))
        picked_labels = labels[picked]
        for cls, factor in self.shrinkage_.items():
            rows = labels == cls
            n = int(rows.sum())
            bandwidth = (4 / ((d + 2) * n)) ** (1 / (d + 4))
            with np.errstate(over="ignore"):
                scale = factor * bandwidth * _column_std(X[rows])
            scales[picked_labels == cls] = np.minimum(scale, _F64_MAX)
        return scales


_F64_MAX = np.finfo(np.float64).max


def _column_std(X: Any) -> np.ndarray:
    """Each column's standard deviation (ddof=1), without densifying a sparse ``X``.

    Columns whose squares overflow (values beyond ~1e154) are computed again on values
    divided by a power of two near their largest magnitude (exact), then scaled back: the
    deviation stays finite (at most float64's largest value).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        std = _plain_std(X)
    lost = ~np.isfinite(std)
    if X.shape[0] < 2 or not lost.any():
        return std
    cols = np.flatnonzero(lost)
    part = X[:, cols]
    magnitude = abs(part).max(axis=0)
    magnitude = np.asarray(magnitude.toarray() if sp.issparse(magnitude) else magnitude)
    # magnitude = m * 2**e with 0.5 <= m < 1: the scaled values lie within [-2, 2]
    power = np.ldexp(1.0, np.frexp(magnitude.ravel())[1] - 1)
    scaled = part.multiply(1.0 / power).tocsr() if sp.issparse(part) else part / power
    with np.errstate(over="ignore"):
        std[cols] = np.minimum(_plain_std(scaled) * power, _F64_MAX)
    return std


def _plain_std(X: Any) -> np.ndarray:
    if not sp.issparse(X):
        return X.std(axis=0, ddof=1)
    n = X.shape[0]
    mean = np.asarray(X.mean(axis=0)).ravel()
    square = np.asarray(X.multiply(X).mean(axis=0)).ravel()
    return np.sqrt(np.maximum(square - mean**2, 0.0) * n / max(n - 1, 1))


def _finite_sum(values: np.ndarray, noise: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``values + noise``, clipped to the finite range of ``dtype`` when it would overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = values + noise
    big = np.finfo(dtype).max if np.dtype(dtype).kind == "f" else _F64_MAX
    if total.size and not np.abs(total).max() <= big:
        np.clip(total, -big, big, out=total)
    return total


def _smoothed(out: np.ndarray, *, X: np.ndarray, picked: np.ndarray, noise: np.ndarray) -> None:
    out[...] = _finite_sum(X[picked], noise, out.dtype)


def _rounded(out: np.ndarray, *, fill, integer) -> None:
    if out.dtype.kind == "f":
        fill(out)
        if integer is not None:
            out[:, integer] = np.rint(out[:, integer])
        return
    buffer = np.empty(out.shape, dtype=np.float64)
    fill(buffer)
    # rounded and clipped to the dtype's range: noise past its max never wraps to its min
    out[...] = integer_values(buffer, out.dtype)
