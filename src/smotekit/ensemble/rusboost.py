"""RUSBoost: AdaBoost (SAMME) with a random under-sample at every boosting round."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any, ClassVar

import numpy as np
from scipy.special import softmax
from sklearn.base import clone
from sklearn.metrics import accuracy_score
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

import smotekit.ensemble._common as common
from smotekit.ensemble._base import BalancedEnsemble, SampledMembers
from smotekit.errors import InvalidParameterError
from smotekit.samplers.random_under import RandomUnderSampler


class RUSBoostClassifier(SampledMembers, BalancedEnsemble):
    """AdaBoost in which every boosting round fits its learner on a balanced under-sample.

    RUSBoost (Seiffert et al. 2010) is multi-class AdaBoost (SAMME, Zhu et al. 2009) with
    one change: before each round, the larger classes are randomly under-sampled
    (:class:`smotekit.RandomUnderSampler`) and the weak learner is fitted on the kept rows,
    with their current boosting weights. The learner's weighted error and the weight update
    are then computed on all the training rows, as in AdaBoost:

    - error ``e = sum(w[wrong]) / sum(w)``;
    - learner weight ``alpha = learning_rate * (log((1 - e) / e) + log(K - 1))`` for ``K``
      classes (boosting stops when ``e >= 1 - 1/K``: no better than chance);
    - ``w[wrong] *= exp(alpha)``, then ``w`` is normalised.

    The ensemble's decision is the ``alpha``-weighted vote of the learners.

    Drop-in for ``imblearn.ensemble.RUSBoostClassifier``; the differences are listed in the
    Notes.

    Parameters
    ----------
    estimator : estimator object, default=None
        The weak learner; its ``fit`` must take ``sample_weight``. ``None``: a decision
        stump, ``DecisionTreeClassifier(max_depth=1)``.
    n_estimators : int, default=50
        Maximum number of boosting rounds (fewer when a learner is perfect, or no better
        than chance).
    learning_rate : float, default=1.0
        Shrinks each learner's weight ``alpha``.
    algorithm : {'SAMME'}, default='deprecated'
        Deprecated, as in imbalanced-learn 0.14: SAMME is always used. Passing 'SAMME'
        warns (FutureWarning); so does 'SAMME.R', which scikit-learn >= 1.6 no longer has
        (SAMME is used).
    sampling_strategy : float, str, dict or callable, default='auto'
        How each round under-samples: ``'auto'`` (= ``'not minority'``), ``'majority'``,
        ``'not majority'``, ``'all'``, a float (binary: minority/majority ratio after
        resampling), a dict ``{class: n_samples}`` or a callable ``y -> dict``.
    replacement : bool, default=False
        Whether the under-sampler draws with replacement.
    random_state : int, RandomState instance or None, default=None
        Seeds every round's under-sampler and learner.

    Attributes
    ----------
    estimator_ : estimator
        The unfitted weak learner the ensemble clones.
    base_sampler_ : RandomUnderSampler
        The unfitted under-sampler the ensemble clones.
    estimators_ : list of classifiers
        The fitted learners, one per round kept.
    samplers_ : list of RandomUnderSampler
        The fitted under-samplers: ``samplers_[i].sample_indices_`` are the rows round ``i``
        was fitted on.
    pipelines_ : list of Pipeline
        ``make_pipeline(sampler, learner)`` for each round, fitted.
    estimator_weights_ : ndarray of shape (n_estimators,)
        ``alpha`` of each round (0 for rounds not run).
    estimator_errors_ : ndarray of shape (n_estimators,)
        Weighted error of each round on the training rows (1 for rounds not run).
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_classes_ : int
        Number of classes.
    feature_importances_ : ndarray of shape (n_features,)
        The learners' ``feature_importances_`` averaged with the weights ``alpha``.
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of str
        Column names seen in ``fit`` (when ``X`` was a data frame with string names).

    See Also
    --------
    EasyEnsembleClassifier : bagging of AdaBoost learners on balanced under-samples.

    Notes
    -----
    ``fit``'s ``sample_weight`` gives the initial boosting weights, as in imbalanced-learn
    and scikit-learn's AdaBoost. The under-samples are drawn without looking at the weights,
    so a weight of 2 is not the same as a repeated row.

    Differences from imbalanced-learn: ``algorithm='SAMME.R'`` warns and boosts with SAMME
    (with scikit-learn >= 1.6 imbalanced-learn trains SAMME.R learners but predicts with
    SAMME votes of weight 1); ``pipelines_`` hold the fitted sampler and learner
    (imbalanced-learn's hold unfitted copies). The SAMME update is computed here, not by
    scikit-learn's private boosting code.

    References
    ----------
    - C. Seiffert, T. M. Khoshgoftaar, J. Van Hulse and A. Napolitano, "RUSBoost: A
      hybrid approach to alleviating class imbalance", IEEE Transactions on Systems, Man,
      and Cybernetics, Part A 40(1), 185-197, 2010.
    - J. Zhu, H. Zou, S. Rosset and T. Hastie, "Multi-class AdaBoost", Statistics and
      its Interface 2(3), 349-360, 2009.
    - Y. Freund and R. E. Schapire, "A decision-theoretic generalization of on-line
      learning and an application to boosting", Journal of Computer and System Sciences
      55(1), 119-139, 1997.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.metrics import balanced_accuracy_score
    >>> from smotekit.ensemble import RUSBoostClassifier
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> clf = RUSBoostClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> np.bincount(y[clf.samplers_[0].sample_indices_])   # round 1 saw balanced classes
    array([31, 31])
    >>> balanced_accuracy_score(y, clf.predict(X)) > 0.8
    True
    """

    fit_input: ClassVar[dict[str, Any]] = {"accept_sparse": ["csr", "csc"], "dtype": None}
    predict_input: ClassVar[dict[str, Any]] = fit_input

    def __init__(
        self,
        estimator: Any = None,
        *,
        n_estimators: int = 50,
        learning_rate: float = 1.0,
        algorithm: str = "deprecated",
        sampling_strategy: Any = "auto",
        replacement: bool = False,
        random_state: Any = None,
    ) -> None:
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.algorithm = algorithm
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.random_state = random_state

    def parameter_rules(self) -> dict[str, Any]:
        return common.parameter_rules(
            self,
            estimator=common.classifier(weights=True),
            learning_rate=common.positive_real(),
        )

    def _learner(self) -> Any:
        return DecisionTreeClassifier(max_depth=1) if self.estimator is None else self.estimator

    def check_parameter_combinations(self) -> None:
        self._check_algorithm()
        learner = self._learner()
        if not has_fit_parameter(learner, "sample_weight"):
            raise InvalidParameterError(
                f"estimator={learner!r} does not take sample_weight in fit; boosting needs a "
                "learner that does (e.g. DecisionTreeClassifier(max_depth=1))."
            )

    def _check_algorithm(self) -> None:
        if isinstance(self.algorithm, str) and self.algorithm == "deprecated":
            return
        if isinstance(self.algorithm, str) and self.algorithm == "SAMME":
            warnings.warn(
                "The `algorithm` parameter is deprecated in 0.12 and will be removed (as in "
                "imbalanced-learn, which deprecated it in its 0.12): SAMME is always used. "
                "Leave algorithm out.",
                FutureWarning,
                stacklevel=4,
            )
            return
        if isinstance(self.algorithm, str) and self.algorithm == "SAMME.R":
            # code moved from imbalanced-learn runs, and is told plainly what it gets
            warnings.warn(
                "The `algorithm` parameter is deprecated in 0.12 and will be removed: "
                "algorithm='SAMME.R' no longer exists (scikit-learn 1.6 removed it), so SAMME "
                "is used instead, as imbalanced-learn's predictions also do. Leave algorithm "
                "out.",
                FutureWarning,
                stacklevel=4,
            )
            return
        raise InvalidParameterError(
            f"algorithm={self.algorithm!r} is not valid; SAMME is always used, leave "
            "algorithm out (or pass 'SAMME')."
        )

    # ---- fitting --------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> RUSBoostClassifier:
        """Boost: each round fits a learner on a balanced under-sample, then re-weights.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Initial boosting weight of each training row (finite, >= 0, not all 0; scaled to
            sum to 1). ``None``: ``1 / n_samples`` each. Each round's learner is fitted with
            the current weights of the rows its under-sample kept, and its error is weighted
            over all rows; a row of weight 0 keeps weight 0. The under-sample itself is drawn
            ignoring the weights.

        Returns
        -------
        self : object
            The fitted ensemble.
        """
        return self._fit_weighted(X, y, sample_weight)

    def fit_members(
        self,
        X: Any,
        y: np.ndarray,
        y_positions: np.ndarray,
        warm: bool,
        sample_weight: np.ndarray | None,
    ) -> None:
        """Boost: under-sample, fit a learner on the kept rows, re-weight all rows; repeat."""
        n_classes = self.n_classes_
        self.estimator_ = clone(self._learner())
        self.base_sampler_ = common.under_sampler(self.sampling_strategy, self.replacement, y)
        self.estimators_: list[Any] = []
        self.samplers_: list[Any] = []
        self.estimator_weights_ = np.zeros(self.n_estimators, dtype=np.float64)
        self.estimator_errors_ = np.ones(self.n_estimators, dtype=np.float64)

        rng = common.random_state_of(self.random_state)
        n_rows = X.shape[0]
        if sample_weight is None:
            weight = np.full(n_rows, 1.0 / n_rows)
        else:
            weight = sample_weight / sample_weight.sum()
        counted = weight > 0  # a row the user weighed 0 stays out of the error and the fits
        tiny = np.finfo(np.float64).eps
        for round_ in range(self.n_estimators):
            weight = np.where(counted, np.maximum(weight, tiny), 0.0)  # none vanishes for good
            sampler, member = common.seeded_clones(rng, self.base_sampler_, self.estimator_)
            X_kept, y_kept = sampler.fit_resample(X, y)
            member.fit(X_kept, y_kept, sample_weight=weight[sampler.sample_indices_])

            wrong = member.predict(X) != y
            error = float(np.average(wrong, weights=weight))
            if error <= 0:  # a perfect learner: it decides alone
                self.estimators_.append(member)
                self.samplers_.append(sampler)
                self.estimator_weights_[round_] = 1.0
                self.estimator_errors_[round_] = 0.0
                break
            if error >= 1.0 - 1.0 / n_classes:  # no better than chance: stop without it
                if not self.estimators_:
                    raise InvalidParameterError(
                        f"The first learner ({self.estimator_!r}) is no better than chance "
                        f"(weighted error {error:.3f} >= {1.0 - 1.0 / n_classes:.3f}); "
                        "boosting cannot start. Use a stronger learner."
                    )
                break
            alpha = self.learning_rate * (np.log((1.0 - error) / error) + np.log(n_classes - 1.0))
            self.estimators_.append(member)
            self.samplers_.append(sampler)
            self.estimator_weights_[round_] = alpha
            self.estimator_errors_[round_] = error
            if round_ == self.n_estimators - 1:
                break
            weight = weight * np.exp(alpha * wrong)
            total = weight.sum()
            if not np.isfinite(total):
                warnings.warn(
                    f"Sample weights have reached infinite values at round {round_}; boosting "
                    "stopped. Try a lower learning_rate.",
                    UserWarning,
                    stacklevel=3,
                )
                break
            weight /= total

    # ---- fitted views ---------------------------------------------------------------------
    @property
    def feature_importances_(self) -> np.ndarray:
        """The learners' ``feature_importances_``, averaged with their weights ``alpha``."""
        check_is_fitted(self)
        weights = self._alphas()
        try:
            total = sum(
                w * m.feature_importances_ for w, m in zip(weights, self.estimators_, strict=True)
            )
        except AttributeError as error:
            raise AttributeError(
                "feature_importances_ needs learners with feature_importances_ (e.g. trees)."
            ) from error
        return total / weights.sum()

    # ---- prediction -----------------------------------------------------------------------
    def _alphas(self) -> np.ndarray:
        return self.estimator_weights_[: len(self.estimators_)]

    def _votes(self, X: Any) -> Iterator[np.ndarray]:
        """Each learner's SAMME vote: ``alpha`` for its class, ``-alpha / (K - 1)`` else."""
        classes = self.classes_[:, np.newaxis]
        for member, alpha in zip(self.estimators_, self._alphas(), strict=True):
            hit = (member.predict(X) == classes).T
            yield np.where(hit, alpha, -alpha / (self.n_classes_ - 1))

    def _as_decision(self, total: np.ndarray, weight_sum: float) -> np.ndarray:
        decision = total / weight_sum
        if self.n_classes_ == 2:
            return decision[:, 1] - decision[:, 0]
        return decision

    def _as_proba(self, decision: np.ndarray) -> np.ndarray:
        # Zhu et al. eq. (15): p(c | x) = softmax(f(x) / (K - 1))
        if self.n_classes_ == 2:
            decision = np.column_stack([-decision, decision]) / 2
        else:
            decision = decision / (self.n_classes_ - 1)
        return softmax(decision, axis=1)

    def staged_decision_function(self, X: Any) -> Iterator[np.ndarray]:
        """:meth:`decision_function` after each boosting round.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Yields
        ------
        score : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        X = self._checked(X)
        total, weight_sum = 0.0, 0.0
        for vote, alpha in zip(self._votes(X), self._alphas(), strict=True):
            total = total + vote
            weight_sum += alpha
            yield self._as_decision(total, weight_sum)

    def decision_function(self, X: Any) -> np.ndarray:
        """The ``alpha``-weighted SAMME vote of the learners, divided by the sum of ``alpha``.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        score : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Binary: one column, positive towards ``classes_[1]``; else one per class.
        """
        X = self._checked(X)
        return self._as_decision(sum(self._votes(X)), self._alphas().sum())

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities from the decision function (Zhu et al. 2009, eq. 15).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return self._as_proba(self.decision_function(X))

    def _label(self, decision: np.ndarray) -> np.ndarray:
        if self.n_classes_ == 2:
            return self.classes_.take((decision > 0).astype(np.intp), axis=0)
        return self.classes_.take(np.argmax(decision, axis=1), axis=0)

    def predict(self, X: Any) -> np.ndarray:
        """The class with the largest weighted vote.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        return self._label(self.decision_function(X))

    def staged_predict(self, X: Any) -> Iterator[np.ndarray]:
        """:meth:`predict` after each boosting round.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Yields
        ------
        y_pred : ndarray of shape (n_samples,)
        """
        for decision in self.staged_decision_function(X):
            yield self._label(decision)

    def staged_predict_proba(self, X: Any) -> Iterator[np.ndarray]:
        """:meth:`predict_proba` after each boosting round.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Yields
        ------
        proba : ndarray of shape (n_samples, n_classes)
        """
        for decision in self.staged_decision_function(X):
            yield self._as_proba(decision)

    def staged_score(self, X: Any, y: Any) -> Iterator[float]:
        """Accuracy on ``(X, y)`` after each boosting round.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Yields
        ------
        score : float
        """
        for y_pred in self.staged_predict(X):
            yield float(accuracy_score(y, y_pred))

    def accepted_input(self) -> tuple[bool, bool]:
        sparse, _ = common.accepts([RandomUnderSampler(), self._learner()])
        return sparse, False
