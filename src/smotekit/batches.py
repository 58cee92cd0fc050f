"""Balanced mini-batches for deep learning: PyTorch, Keras or a plain generator.

Nothing here imports PyTorch or Keras: :class:`BalancedBatchSampler` is the iterable of index
lists that ``torch.utils.data.DataLoader(dataset, batch_sampler=...)`` takes,
:func:`balanced_batch_generator` yields ``(X_batch, y_batch)`` for any training loop (the
form of imbalanced-learn's TensorFlow and Keras helpers), and :func:`keras_dataset` builds a
``keras.utils.PyDataset`` only when called, importing Keras then.

Every epoch draws a new balanced sample (by default a random under-sample), so over the
epochs the model sees all of the majority class, not the same subset again and again
(imbalanced-learn draws one sample and repeats it). The draws come from one generator made
from ``random_state``: the batches of a seed are reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

from smotekit.errors import InvalidParameterError
from smotekit.samplers.base import make_rng
from smotekit.samplers.random_under import RandomUnderSampler

__all__ = ["BalancedBatchSampler", "balanced_batch_generator", "keras_dataset"]


def _check_batch_size(batch_size: Any) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int | np.integer):
        raise InvalidParameterError(f"batch_size={batch_size!r} must be an int >= 1.")
    if batch_size < 1:
        raise InvalidParameterError(f"batch_size={batch_size!r} must be an int >= 1.")
    return int(batch_size)


class BalancedBatchSampler:
    """Batches of row indices, each epoch drawn from a new balanced sample of the rows.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        The labels of the dataset's rows, in the dataset's order.
    X : array-like, default=None
        The features, for a sampler that reads them (e.g. ``NearMiss``); random
        under-sampling needs the labels only.
    batch_size : int, default=32
    sampler : sampler, default=None
        Any sampler that sets ``sample_indices_`` (an under-sampler, or a random
        over-sampler); default ``RandomUnderSampler``. It is cloned and re-seeded each epoch.
    drop_last : bool, default=False
        Leave out the last, smaller batch of an epoch.
    random_state : int, Generator, RandomState or None, default=None

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.batches import BalancedBatchSampler
    >>> y = np.array([0] * 90 + [1] * 10)
    >>> batches = BalancedBatchSampler(y, batch_size=5, random_state=0)
    >>> len(batches)
    4
    >>> first = next(iter(batches))
    >>> len(first), all(isinstance(i, int) for i in first)
    (5, True)
    >>> sorted(np.bincount(y[np.concatenate(list(batches))]).tolist())
    [10, 10]

    With PyTorch: ``DataLoader(dataset, batch_sampler=BalancedBatchSampler(labels))``.
    """

    def __init__(
        self,
        y: Any,
        *,
        X: Any = None,
        batch_size: int = 32,
        sampler: Any = None,
        drop_last: bool = False,
        random_state: Any = None,
    ) -> None:
        self.y = np.asarray(y)
        self.X = X
        self.batch_size = _check_batch_size(batch_size)
        if sampler is not None and not hasattr(sampler, "fit_resample"):
            raise InvalidParameterError(
                f"sampler={sampler!r} must be a sampler (an object with fit_resample)."
            )
        self.sampler = RandomUnderSampler() if sampler is None else sampler
        self.drop_last = bool(drop_last)
        self._rng = make_rng(random_state)
        self._size = self._epoch_rows(np.random.default_rng(0)).shape[0]

    def _epoch_rows(self, rng: np.random.Generator) -> np.ndarray:
        """One epoch's rows: a new balanced sample, shuffled."""
        sampler = clone(self.sampler)
        if "random_state" in sampler.get_params(deep=False):
            sampler.set_params(random_state=int(rng.integers(0, 2**31 - 1)))
        X = np.zeros((self.y.shape[0], 1)) if self.X is None else self.X
        sampler.fit_resample(X, self.y)
        rows = getattr(sampler, "sample_indices_", None)
        if rows is None:
            raise InvalidParameterError(
                f"{type(sampler).__name__} does not say which rows it keeps "
                "(sample_indices_): use an under-sampler or RandomOverSampler; samplers that "
                "make new rows cannot give indices of a dataset."
            )
        return rng.permutation(np.asarray(rows))

    def __len__(self) -> int:
        """Batches per epoch."""
        full, rest = divmod(self._size, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def __iter__(self) -> Iterator[list[int]]:
        rows = self._epoch_rows(self._rng)
        stop = len(self) * self.batch_size
        for start in range(0, min(stop, rows.shape[0]), self.batch_size):
            yield rows[start : start + self.batch_size].tolist()


def _take(data: Any, rows: np.ndarray) -> Any:
    if hasattr(data, "iloc"):
        return data.iloc[rows]
    return data[rows]


def _batch(X: Any, y: Any, weights: Any, rows: Any, keep_sparse: bool) -> tuple[Any, ...]:
    """The rows ``rows`` as ``(X, y)`` or ``(X, y, sample_weight)``, dense unless kept."""
    rows = np.asarray(rows)
    X_batch = _take(X, rows)
    if sp.issparse(X_batch) and not keep_sparse:
        X_batch = X_batch.toarray()
    batch = (X_batch, _take(y, rows))
    return batch if weights is None else (*batch, weights[rows])


def balanced_batch_generator(
    X: Any,
    y: Any,
    *,
    sample_weight: Any = None,
    sampler: Any = None,
    batch_size: int = 32,
    keep_sparse: bool = False,
    random_state: Any = None,
) -> tuple[Iterator[tuple[Any, ...]], int]:
    """An endless generator of balanced batches, and the number of batches per epoch.

    imbalanced-learn's ``balanced_batch_generator`` (TensorFlow and Keras helpers), for any
    training loop: ``model.fit(generator, steps_per_epoch=steps, epochs=...)``.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_classes)
        One label per row (or one-hot rows: the batches keep them as given).
    sample_weight : array-like of shape (n_samples,), default=None
        If given, batches are ``(X, y, sample_weight)``.
    sampler : sampler, default=None
        As in :class:`BalancedBatchSampler`.
    batch_size : int, default=32
    keep_sparse : bool, default=False
        Keep sparse batches sparse (dense arrays by default).
    random_state : int, Generator, RandomState or None, default=None

    Returns
    -------
    generator : generator of tuple
    steps_per_epoch : int

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.batches import balanced_batch_generator
    >>> X = np.arange(200.0).reshape(100, 2)
    >>> y = np.array([0] * 90 + [1] * 10)
    >>> batches, steps = balanced_batch_generator(X, y, batch_size=10, random_state=0)
    >>> steps
    2
    >>> X_batch, y_batch = next(batches)
    >>> X_batch.shape, y_batch.shape
    ((10, 2), (10,))
    """
    labels = np.asarray(y)
    single = labels.argmax(axis=1) if labels.ndim == 2 else labels
    index = BalancedBatchSampler(
        single, X=X, batch_size=batch_size, sampler=sampler, random_state=random_state
    )
    weights = None if sample_weight is None else np.asarray(sample_weight)

    def batches() -> Iterator[tuple[Any, ...]]:
        while True:
            for rows in index:
                yield _batch(X, y, weights, rows, keep_sparse)

    return batches(), index._size // index.batch_size


def keras_dataset(
    X: Any,
    y: Any,
    *,
    sample_weight: Any = None,
    sampler: Any = None,
    batch_size: int = 32,
    keep_sparse: bool = False,
    random_state: Any = None,
) -> Any:
    """A ``keras.utils.PyDataset`` of balanced batches (a new balanced sample each epoch).

    imbalanced-learn's ``BalancedBatchGenerator``; Keras is imported only here, and a clear
    error says so when it is not installed. Parameters as :func:`balanced_batch_generator`.

    Returns
    -------
    keras.utils.PyDataset
    """
    try:
        import keras
    except ImportError:
        raise ImportError(
            "keras_dataset needs Keras (pip install keras); without it, use "
            "balanced_batch_generator, which works with any training loop."
        ) from None
    labels = np.asarray(y)
    index = BalancedBatchSampler(
        labels.argmax(axis=1) if labels.ndim == 2 else labels,
        X=X,
        batch_size=batch_size,
        sampler=sampler,
        random_state=random_state,
    )
    weights = None if sample_weight is None else np.asarray(sample_weight)

    class BalancedPyDataset(keras.utils.PyDataset):
        def __init__(self) -> None:
            super().__init__()
            self._batches = list(index)

        def __len__(self) -> int:
            return len(self._batches)

        def __getitem__(self, i: int) -> tuple[Any, ...]:
            return _batch(X, y, weights, self._batches[i], keep_sparse)

        def on_epoch_end(self) -> None:
            self._batches = list(index)  # a new balanced sample for the next epoch

    return BalancedPyDataset()
