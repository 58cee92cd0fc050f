"""Cross-validation that spreads hard rows evenly over the folds."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.model_selection import BaseCrossValidator, cross_val_predict

from smotekit.errors import InvalidParameterError

__all__ = ["InstanceHardnessCV"]


class InstanceHardnessCV(BaseCrossValidator):
    """K folds with the same mix of easy and hard rows in each (instance hardness CV).

    A row's hardness is how little probability a classifier, cross-validated, gives its own
    class (Smith, Martinez & Giraud-Carrier 2014). Rows are sorted by class, then by that
    probability, and dealt to the folds in turn, so every fold has each class's share and
    the same spread of hardness: scores vary less from fold to fold than with stratified
    folds on data with overlap or noise. imbalanced-learn's ``InstanceHardnessCV`` is binary
    only; here any number of classes is split (for two classes, the folds are the same as
    imbalanced-learn's).

    Parameters
    ----------
    estimator : classifier
        With ``predict_proba``; it estimates the hardness.
    n_splits : int, default=5
    pos_label : label, default=None
        Binary: the class whose probability sorts the rows (default: the larger label).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from smotekit.model_selection import InstanceHardnessCV
    >>> X, y = make_classification(n_samples=200, weights=[0.8], random_state=0)
    >>> cv = InstanceHardnessCV(LogisticRegression(), n_splits=4)
    >>> [int(y[test].sum()) for _, test in cv.split(X, y)]
    [10, 10, 10, 10]
    """

    def __init__(self, estimator: Any, *, n_splits: int = 5, pos_label: Any = None) -> None:
        self.estimator = estimator
        self.n_splits = n_splits
        self.pos_label = pos_label

    def _validate_cv(self) -> None:
        estimator = self.estimator
        if not (
            hasattr(estimator, "fit")
            and hasattr(estimator, "predict_proba")
            and is_classifier(estimator)
        ):
            raise InvalidParameterError(
                f"estimator={self.estimator!r} must be a classifier with predict_proba "
                "(e.g. sklearn.ensemble.RandomForestClassifier())."
            )
        n = self.n_splits
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
            raise InvalidParameterError(f"n_splits={n!r} must be an int >= 2.")

    def split(self, X: Any, y: Any, groups: Any = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Train and test row positions of each fold.

        Yields
        ------
        train, test : ndarray
        """
        self._validate_cv()
        if groups is not None:
            warnings.warn(
                f"The groups parameter is ignored by {type(self).__name__}.",
                UserWarning,
                stacklevel=2,
            )
        y = np.asarray(y)
        classes, codes = np.unique(y, return_inverse=True)
        if classes.shape[0] < 2:
            raise InvalidParameterError("y has a single class: there is nothing to stratify.")
        proba = cross_val_predict(
            clone(self.estimator), X, y, cv=self.n_splits, method="predict_proba"
        )
        if classes.shape[0] == 2:
            column = (
                1 if self.pos_label is None else int(np.flatnonzero(classes == self.pos_label)[0])
            )
            key = proba[:, column]
        else:
            key = proba[np.arange(y.shape[0]), codes]
        order = np.lexsort((key, codes))
        fold = np.empty(y.shape[0], dtype=np.intp)
        fold[order] = np.arange(y.shape[0]) % self.n_splits
        positions = np.arange(y.shape[0])
        for k in range(self.n_splits):
            yield positions[fold != k], positions[fold == k]

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """The number of folds.

        Returns
        -------
        int
        """
        return self.n_splits
