"""Make a balanced data set imbalanced (drop-in for ``imblearn.datasets.make_imbalance``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from smotekit.errors import InvalidParameterError
from smotekit.samplers.random_under import RandomUnderSampler


def make_imbalance(
    X: Any,
    y: Any,
    *,
    sampling_strategy: Any = None,
    random_state: Any = None,
    verbose: bool = False,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """Keep a given number of rows of each class, drawn at random without replacement.

    Parameters
    ----------
    X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sampling_strategy : dict or callable
        ``{class: rows to keep}`` (classes left out keep all their rows), or a callable
        ``sampling_strategy(y, **kwargs) -> dict``.
    random_state : int, Generator, RandomState or None, default=None
    verbose : bool, default=False
        Print the class counts before and after.
    **kwargs
        Passed to a callable ``sampling_strategy``.

    Returns
    -------
    X_resampled, y_resampled
        In the containers they came in; kept rows in their input order.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import load_iris
    >>> from smotekit.datasets import make_imbalance
    >>> X, y = load_iris(return_X_y=True)
    >>> X_res, y_res = make_imbalance(X, y, sampling_strategy={0: 10, 1: 20}, random_state=0)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 10), (1, 20), (2, 50)]
    """
    if callable(sampling_strategy):
        sampling_strategy = sampling_strategy(y, **kwargs)
    if not isinstance(sampling_strategy, Mapping):
        raise InvalidParameterError(
            f"sampling_strategy={sampling_strategy!r} must be a dict {{class: rows to keep}} "
            "or a callable y -> dict."
        )
    before = Counter(np.asarray(y).ravel().tolist())
    if verbose:
        print(f"The original target distribution in the dataset is: {before}")
    sampler = RandomUnderSampler(
        sampling_strategy=dict(sampling_strategy), replacement=False, random_state=random_state
    )
    X_res, y_res = sampler.fit_resample(X, y)
    if verbose:
        print(f"Make the dataset imbalanced: {Counter(np.asarray(y_res).ravel().tolist())}")
    return X_res, y_res
