"""EasyEnsemble: AdaBoost learners, each fitted on its own balanced random under-sample."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import AdaBoostClassifier

import smotekit.ensemble._common as common
from smotekit.ensemble._base import PipelineBagging
from smotekit.plan.strategy import resolve_sampling_strategy
from smotekit.samplers.random_under import RandomUnderSampler


class EasyEnsembleClassifier(PipelineBagging):
    """An ensemble of AdaBoost learners, each fitted on a balanced random under-sample.

    EasyEnsemble (Liu, Wu & Zhou 2009): each of the ``n_estimators`` members keeps every
    row of the smaller classes and a random subset of each larger class
    (:class:`smotekit.RandomUnderSampler`), then fits an AdaBoost classifier on that
    balanced set; the members see different rows of the larger classes, so together they
    use much of the data that a single under-sample throws away. The ensemble predicts the
    mean of the members' class probabilities. Rows are not bootstrapped before balancing
    (as in imbalanced-learn: every member starts from all the rows).

    Drop-in for ``imblearn.ensemble.EasyEnsembleClassifier``; the differences are listed in
    the Notes.

    Parameters
    ----------
    n_estimators : int, default=10
        Number of members (balanced under-samples).
    estimator : estimator object, default=None
        The classifier fitted on each under-sample. ``None``:
        ``sklearn.ensemble.AdaBoostClassifier()`` (SAMME, 50 decision stumps; this is what
        imbalanced-learn 0.14 uses with scikit-learn >= 1.6, where SAMME is the only
        algorithm).
    warm_start : bool, default=False
        Keep the members of the previous ``fit`` and add new ones up to ``n_estimators``.
    sampling_strategy : float, str, dict or callable, default='auto'
        How each member under-samples: ``'auto'`` (= ``'not minority'``), ``'majority'``,
        ``'not majority'``, ``'all'``, a float (binary: minority/majority ratio after
        resampling), a dict ``{class: n_samples}`` or a callable ``y -> dict`` (original
        class labels).
    replacement : bool, default=False
        Whether the under-sampler draws with replacement.
    n_jobs : int, default=None
        Jobs fitting the members and predicting in parallel (joblib; ``None`` is one job,
        ``-1`` all cores).
    random_state : int, RandomState instance or None, default=None
        Seeds every member's under-sampler and classifier.
    verbose : int, default=0
        joblib's verbosity while fitting and predicting.

    Attributes
    ----------
    estimator_ : Pipeline
        The unfitted member: ``Pipeline([("sampler", sampler_), ("classifier", ...)])``.
    sampler_ : RandomUnderSampler
        The unfitted under-sampler of the members.
    estimators_ : list of Pipeline
        The fitted members (:class:`smotekit.pipeline.Pipeline`), fitted on class positions
        ``0 .. n_classes_ - 1``; ``named_steps["sampler"].sample_indices_`` are the rows a
        member kept.
    estimators_samples_ : list of ndarray
        Rows each member started from: all of them (no bootstrap).
    estimators_features_ : list of ndarray
        Columns of each member: all of them.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_classes_ : int
        Number of classes.
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of str
        Column names seen in ``fit`` (when ``X`` was a data frame with string names).

    See Also
    --------
    BalancedBaggingClassifier : bagging with any sampler and classifier.
    RUSBoostClassifier : AdaBoost with random under-sampling at every round.

    Notes
    -----
    Differences from imbalanced-learn: the members are :class:`smotekit.pipeline.Pipeline`
    objects; dict and callable ``sampling_strategy`` values use the original labels; the
    class is not a subclass of ``sklearn.ensemble.BaggingClassifier`` (public scikit-learn
    API only); ``predict_log_proba`` is the log of ``predict_proba``.

    References
    ----------
    - X.-Y. Liu, J. Wu and Z.-H. Zhou, "Exploratory undersampling for class-imbalance
      learning", IEEE Transactions on Systems, Man, and Cybernetics, Part B 39(2), 539-550,
      2009.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.metrics import balanced_accuracy_score
    >>> from smotekit.ensemble import EasyEnsembleClassifier
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> clf = EasyEnsembleClassifier(n_estimators=3, random_state=0).fit(X, y)
    >>> sorted(clf.estimators_[0].final_class_counts_.items())   # all 31 minority rows, 31 others
    [(0, 31), (1, 31)]
    >>> balanced_accuracy_score(y, clf.predict(X)) > 0.8
    True
    """

    def __init__(
        self,
        n_estimators: int = 10,
        estimator: Any = None,
        *,
        warm_start: bool = False,
        sampling_strategy: Any = "auto",
        replacement: bool = False,
        n_jobs: Any = None,
        random_state: Any = None,
        verbose: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.estimator = estimator
        self.warm_start = warm_start
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def parameter_rules(self) -> dict[str, Any]:
        return common.parameter_rules(self)

    def bag_settings(self) -> dict[str, Any]:
        return {
            "max_samples": None,
            "max_features": None,
            "bootstrap": False,
            "bootstrap_features": False,
            "oob_score": False,
        }

    def configured_estimator(self) -> Any:
        return AdaBoostClassifier() if self.estimator is None else self.estimator

    def configured_sampler(self) -> Any:
        return RandomUnderSampler(replacement=self.replacement)

    def member_sampler(self, classes: np.ndarray, y: np.ndarray) -> Any:
        # the strategy's errors, said once and with the user's labels
        resolve_sampling_strategy(self.sampling_strategy, y, "under-sampling")
        return clone(self.configured_sampler()).set_params(
            sampling_strategy=common.encode_strategy(self.sampling_strategy, classes)
        )
