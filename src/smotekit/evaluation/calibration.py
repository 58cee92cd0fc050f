"""Undo the prior shift that resampling and class weights put into predicted probabilities.

A classifier trained on data where the minority makes up 50% (after SMOTE, say) estimates
``P(minority | x)`` for a world where it makes up 50%. In the real world, with prior ``pi``,
Bayes' rule gives the correction of Saerens, Latinne & Decaestecker (2002) and Elkan (2001):

    p'_c = p_c * w_c / sum_k p_k * w_k,   w_c = true prior_c / training prior_c

for two classes ``p' = p*w1 / (p*w1 + (1-p)*w0)``. It is monotone in ``p``, so rankings
(ROC-AUC, PR-AUC) do not change; probabilities (the Brier score, log-loss) do.

References
----------
Saerens, M., Latinne, P. & Decaestecker, C. (2002). Adjusting the outputs of a classifier to
new a priori probabilities: a simple procedure. *Neural Computation* 14(1), 21-41.
Elkan, C. (2001). The foundations of cost-sensitive learning. *IJCAI 2001*, 973-978.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

__all__ = ["PriorShiftCorrection", "prior_shift", "training_prior"]


def prior_shift(proba: np.ndarray, fit_prior: np.ndarray, true_prior: np.ndarray) -> np.ndarray:
    """Move class probabilities from the training prior to the true prior.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes)
        Probabilities from a model trained under ``fit_prior``.
    fit_prior, true_prior : ndarray of shape (n_classes,)
        Class shares the model was trained under, and the shares of the real data.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)

    Examples
    --------
    A model trained on balanced data says 0.5; with a true minority share of 0.25 that is
    0.25:

    >>> import numpy as np
    >>> prior_shift(np.array([[0.5, 0.5]]), np.array([0.5, 0.5]), np.array([0.75, 0.25]))
    array([[0.75, 0.25]])
    """
    proba = np.asarray(proba, dtype=float)
    w = np.asarray(true_prior, dtype=float) / np.asarray(fit_prior, dtype=float)
    weighted = proba * w
    total = weighted.sum(axis=1, keepdims=True)
    # a row of zeros stays as it was rather than becoming NaN
    return np.divide(weighted, total, out=proba.copy(), where=total > 0)


def _inner(estimator: Any) -> Iterator[Any]:
    """``estimator`` and the fitted estimators inside it, outermost first, along the final path."""
    while estimator is not None:
        yield estimator
        steps = getattr(estimator, "steps_", None) or getattr(estimator, "steps", None)
        estimator = steps[-1][1] if steps else getattr(estimator, "estimator_", None)


def _member_counts(est: Any, y: Any) -> dict[Any, float] | None:
    """Class counts a balanced ensemble's members were fitted on (its first member's).

    The members average their probabilities, so the ensemble predicts under their prior:
    a pipeline member reports ``final_class_counts_``; a forest or boosting member keeps
    its fitted sampler in ``samplers_``, whose ``sample_indices_`` point into ``y``.
    """
    members = getattr(est, "estimators_", None)
    if isinstance(members, list) and members and hasattr(members[0], "final_class_counts_"):
        return dict(members[0].final_class_counts_)
    samplers = getattr(est, "samplers_", None)
    if isinstance(samplers, list) and samplers and hasattr(samplers[0], "sample_indices_"):
        kept = np.asarray(y).ravel()[np.asarray(samplers[0].sample_indices_)]
        return dict(Counter(kept.tolist()))
    return None


def training_prior(fitted: Any, y: Any, classes: np.ndarray) -> np.ndarray:
    """The class prior a fitted classifier effectively learned under.

    The counts are those the final classifier was fitted on (after samplers, read from
    :class:`smotekit.pipeline.Pipeline`'s ``final_class_counts_``, or from the members of a
    balanced ensemble of :mod:`smotekit.ensemble`; else those of ``y``),
    multiplied by its class weights: ``class_weight='balanced'`` (or
    :class:`smotekit.evaluation.strategies.BalancedWeights`) gives a uniform prior.

    Parameters
    ----------
    fitted : estimator
        The fitted model (pipeline, meta-estimator or classifier).
    y : array-like
        The labels it was fitted with (before any resampling).
    classes : ndarray
        Class order of the result.

    Returns
    -------
    ndarray of shape (n_classes,), summing to 1

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = np.arange(8.0).reshape(-1, 1), np.array([0, 0, 0, 0, 0, 0, 1, 1])
    >>> lr = LogisticRegression(class_weight="balanced").fit(X, y)
    >>> training_prior(lr, y, lr.classes_)
    array([0.5, 0.5])
    """
    counts: dict[Any, float] | None = None
    weights: Any = None
    for est in _inner(fitted):
        if counts is None and hasattr(est, "final_class_counts_"):
            counts = dict(est.final_class_counts_)
        if counts is None:
            counts = _member_counts(est, y)
        if getattr(est, "balances_weights_", False):
            weights = "balanced"
        cw = est.get_params(deep=False).get("class_weight") if hasattr(est, "get_params") else None
        if cw is not None and weights is None:
            weights = cw
    if counts is None:
        counts = dict(Counter(np.asarray(y).ravel().tolist()))
    n = np.array([float(counts.get(c, 0)) for c in classes])
    if isinstance(weights, str) and weights == "balanced":
        effective = (n > 0).astype(float)
    elif isinstance(weights, dict):
        effective = n * np.array([float(weights.get(c, 1.0)) for c in classes])
    else:
        effective = n
    return effective / effective.sum()


class PriorShiftCorrection(ClassifierMixin, BaseEstimator):
    """Wrap a classifier so its probabilities refer to the true class prior again.

    ``fit`` fits a clone of ``estimator`` and records two priors: the class shares of the
    ``y`` it was given (the true prior, unless ``true_prior`` is set) and the prior the model
    effectively trained under (:func:`training_prior`: after resampling, with class
    weights). ``predict_proba`` applies :func:`prior_shift`; ``predict`` takes the most
    probable class under the corrected probabilities.

    Parameters
    ----------
    estimator : classifier
        Typically a :class:`smotekit.pipeline.Pipeline` with a sampler.
    true_prior : array-like of shape (n_classes,), default=None
        The deployment prior, in ``classes_`` order (default: the shares in ``y``).

    Attributes
    ----------
    estimator_ : classifier
    classes_ : ndarray
    fit_prior_ : ndarray
        The prior the wrapped model learned under.
    true_prior_ : ndarray

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from smotekit import SMOTE
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.pipeline import make_pipeline
    >>> X, y = load_pima(return_X_y=True)
    >>> model = PriorShiftCorrection(make_pipeline(SMOTE(random_state=0),
    ...                                            LogisticRegression(max_iter=1000)))
    >>> model.fit(X, y).fit_prior_, model.true_prior_.round(3)
    (array([0.5, 0.5]), array([0.651, 0.349]))
    """

    def __init__(self, estimator: Any, *, true_prior: Any = None) -> None:
        self.estimator = estimator
        self.true_prior = true_prior

    def fit(self, X: Any, y: Any, **params: Any) -> PriorShiftCorrection:
        """Fit the wrapped classifier and record both priors.

        Returns
        -------
        self
        """
        self.estimator_ = clone(self.estimator).fit(X, y, **params)
        self.classes_ = np.asarray(self.estimator_.classes_)
        labels = np.asarray(y).ravel()
        if self.true_prior is None:
            self.true_prior_ = np.array([(labels == c).mean() for c in self.classes_])
        else:
            self.true_prior_ = np.asarray(self.true_prior, dtype=float)
        self.fit_prior_ = training_prior(self.estimator_, labels, self.classes_)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities under the true prior.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        return prior_shift(self.estimator_.predict_proba(X), self.fit_prior_, self.true_prior_)

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class under the true prior.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
