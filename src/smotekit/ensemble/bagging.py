"""Bagging in which every bag is balanced by a sampler before its classifier is fitted."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.tree import DecisionTreeClassifier

import smotekit.ensemble._common as common
import smotekit.samplers.params as params
from smotekit.ensemble._base import PipelineBagging
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.random_under import RandomUnderSampler


class BalancedBaggingClassifier(PipelineBagging):
    """A bagging classifier whose bags are balanced by a sampler before each fit.

    Each of the ``n_estimators`` members draws a bag from the training data (``max_samples``
    rows, with replacement when ``bootstrap``; ``max_features`` columns), balances it with
    the sampler (by default :class:`smotekit.RandomUnderSampler`, which keeps a random
    subset of each larger class), then fits a clone of ``estimator`` on the balanced rows.
    The ensemble predicts the mean of the members' class probabilities. With the default
    under-sampler this is exactly balanced bagging (Wallace et al. 2011) and, with
    ``replacement=True``, close to roughly balanced bagging (Hido et al. 2009); with an
    over-sampler it is over-bagging or SMOTE-bagging. Any object with ``fit_resample`` may
    be the sampler: smotekit's or imbalanced-learn's.

    Drop-in for ``imblearn.ensemble.BalancedBaggingClassifier`` (same parameters and fitted
    attributes); the differences are listed in the Notes.

    Parameters
    ----------
    estimator : estimator object, default=None
        The classifier fitted on each balanced bag. ``None``: a
        ``sklearn.tree.DecisionTreeClassifier``.
    n_estimators : int, default=10
        Number of members (bags).
    max_samples : int or float, default=1.0
        Rows drawn into each bag: an int, or a fraction of the rows.
    max_features : int or float, default=1.0
        Columns drawn for each bag: an int, or a fraction of the columns.
    bootstrap : bool, default=True
        Draw the bag's rows with replacement. The bag is drawn first, then balanced.
    bootstrap_features : bool, default=False
        Draw the bag's columns with replacement.
    oob_score : bool, default=False
        Estimate the accuracy on the rows left out of each bag (needs ``bootstrap=True``).
    warm_start : bool, default=False
        Keep the members of the previous ``fit`` and add new ones up to ``n_estimators``.
    sampling_strategy : float, str, dict or callable, default='auto'
        How the sampler balances each bag; it replaces the sampler's own
        ``sampling_strategy`` (as in imbalanced-learn). For the under-sampler: ``'auto'``
        (= ``'not minority'``), ``'majority'``, ``'not majority'``, ``'all'``, a float
        (binary: minority/majority ratio after resampling), a dict ``{class: n_samples}``
        or a callable ``y -> dict``. Dict keys and the callable use the original class
        labels.
    replacement : bool, default=False
        Whether the default under-sampler draws with replacement (ignored when ``sampler``
        is given).
    n_jobs : int, default=None
        Jobs fitting the members and predicting in parallel (joblib; ``None`` is one job,
        ``-1`` all cores).
    random_state : int, RandomState instance or None, default=None
        Seeds the bags, and the ``random_state`` of every member's sampler and classifier.
    verbose : int, default=0
        joblib's verbosity while fitting and predicting.
    sampler : sampler object, default=None
        The sampler balancing each bag. ``None``: :class:`smotekit.RandomUnderSampler`
        with ``replacement``.

    Attributes
    ----------
    estimator_ : Pipeline
        The unfitted member: ``Pipeline([("sampler", sampler_), ("classifier", ...)])``.
    sampler_ : sampler object
        The unfitted sampler of the members, with the ensemble's ``sampling_strategy``.
    estimators_ : list of Pipeline
        The fitted members (:class:`smotekit.pipeline.Pipeline`); each one's
        ``named_steps["sampler"]`` and ``final_class_counts_`` show how its bag was balanced.
        Members are fitted on class positions ``0 .. n_classes_ - 1``, as in scikit-learn.
    estimators_samples_ : list of ndarray
        Rows drawn into each bag (positions in the training data, with repeats when
        ``bootstrap``), before balancing.
    estimators_features_ : list of ndarray
        Columns drawn for each bag.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_classes_ : int
        Number of classes.
    oob_score_ : float
        Accuracy of the out-of-bag predictions (only with ``oob_score=True``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities of the training rows (NaN for rows in every bag).
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of str
        Column names seen in ``fit`` (when ``X`` was a data frame with string names).

    See Also
    --------
    EasyEnsembleClassifier : bagging of AdaBoost learners on balanced under-samples.
    BalancedRandomForestClassifier : a random forest of trees on balanced under-samples.
    RUSBoostClassifier : AdaBoost with random under-sampling at every round.

    Notes
    -----
    Differences from imbalanced-learn: the members are :class:`smotekit.pipeline.Pipeline`
    objects whose fitted steps are in ``steps_``/``named_steps``; dict and callable
    ``sampling_strategy`` values use the original labels (imbalanced-learn hands a callable
    the class positions); the class is not a subclass of
    ``sklearn.ensemble.BaggingClassifier`` (it is built from public scikit-learn API only),
    ``fit`` takes no ``**fit_params``, and ``predict_log_proba`` is the log of
    ``predict_proba``. A warning says when the ensemble's ``sampling_strategy`` replaces a
    value set on the sampler itself (imbalanced-learn replaces it silently).

    References
    ----------
    - B. C. Wallace, K. Small, C. E. Brodley and T. A. Trikalinos, "Class imbalance,
      redux", IEEE 11th International Conference on Data Mining (ICDM), 754-763, 2011.
    - S. Hido, H. Kashima and Y. Takahashi, "Roughly balanced bagging for imbalanced
      data", Statistical Analysis and Data Mining 2(5-6), 412-426, 2009.
    - L. Breiman, "Bagging predictors", Machine Learning 24(2), 123-140, 1996.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.metrics import balanced_accuracy_score
    >>> from smotekit.ensemble import BalancedBaggingClassifier
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> clf = BalancedBaggingClassifier(n_estimators=5, random_state=0).fit(X, y)
    >>> counts = clf.estimators_[0].final_class_counts_   # the first bag, once balanced
    >>> counts[0] == counts[1]
    True
    >>> balanced_accuracy_score(y, clf.predict(X)) > 0.8
    True

    Any sampler balances the bags, for instance SMOTE (over-bagging):

    >>> from smotekit import SMOTE
    >>> clf = BalancedBaggingClassifier(n_estimators=5, sampler=SMOTE(), random_state=0)
    >>> clf.fit(X, y).predict_proba(X[:2]).shape
    (2, 2)
    """

    def __init__(
        self,
        estimator: Any = None,
        n_estimators: int = 10,
        *,
        max_samples: Any = 1.0,
        max_features: Any = 1.0,
        bootstrap: bool = True,
        bootstrap_features: bool = False,
        oob_score: bool = False,
        warm_start: bool = False,
        sampling_strategy: Any = "auto",
        replacement: bool = False,
        n_jobs: Any = None,
        random_state: Any = None,
        verbose: int = 0,
        sampler: Any = None,
    ) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.bootstrap_features = bootstrap_features
        self.oob_score = oob_score
        self.warm_start = warm_start
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.sampler = sampler

    def parameter_rules(self) -> dict[str, Any]:
        return common.parameter_rules(
            self,
            max_samples=common.count_or_fraction(1),
            max_features=common.count_or_fraction(1),
            bootstrap_features=params.boolean(),
            oob_score=params.boolean(),
            sampler=params.sampler(example="SMOTE() or RandomUnderSampler()"),
        )

    def bag_settings(self) -> dict[str, Any]:
        return {
            "max_samples": self.max_samples,
            "max_features": self.max_features,
            "bootstrap": self.bootstrap,
            "bootstrap_features": self.bootstrap_features,
            "oob_score": self.oob_score,
        }

    def configured_estimator(self) -> Any:
        return DecisionTreeClassifier() if self.estimator is None else self.estimator

    def configured_sampler(self) -> Any:
        if self.sampler is None:
            return RandomUnderSampler(replacement=self.replacement)
        return self.sampler

    def member_sampler(self, classes: np.ndarray, y: np.ndarray) -> Any:
        if self.sampler is None:
            # the strategy's errors, said once and with the user's labels
            resolve_sampling_strategy(self.sampling_strategy, y, "under-sampling")
        return common.replace_sampling_strategy(
            clone(self.configured_sampler()),
            self.sampling_strategy,
            common.encode_strategy(self.sampling_strategy, classes),
            type(self).__name__,
        )
