"""Instance hardness threshold: keep the rows a classifier finds easiest to classify."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from sklearn.base import clone, is_classifier

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.door.checks import FLOAT32_LIMIT, check_magnitude
from smotekit.errors import InvalidParameterError
from smotekit.samplers.base import BaseUnderSampler, draw_seed, seed_random_states
from smotekit.samplers.outcome import Outcome


class InstanceHardnessThreshold(BaseUnderSampler):
    """Under-sample by dropping the hardest rows of each reduced class.

    A row's instance hardness (Smith, Martinez & Giraud-Carrier, 2014) is the probability
    that a classifier misclassifies it. Here it is estimated by cross-validation: each row's
    probability of its own class comes from a classifier fitted on the other folds
    (``cross_val_predict(..., method='predict_proba')``). From each reduced class the rows
    with the highest probability of their class (the easiest) are kept.

    Drop-in for ``imblearn.under_sampling.InstanceHardnessThreshold``, with two
    differences. The counts are exact: imbalanced-learn keeps every row at or above a
    percentile of the probabilities, so rows tied at the threshold (frequent with a random
    forest, whose probabilities are multiples of ``1 / n_estimators``) are all kept and a
    class may keep more rows than ``sampling_strategy_`` says; here exactly that many are
    kept, ties at the threshold broken at random (from ``random_state``). Kept rows come in
    input order, where imbalanced-learn groups them by class. Labels need not be ``0..K-1``.

    Parameters
    ----------
    estimator : classifier, default=None
        A classifier with ``predict_proba``, cloned; every ``random_state`` among its
        parameters (nested ones too) is set from ``random_state``, as imbalanced-learn
        does. ``None``: ``RandomForestClassifier(n_estimators=100)``.
    sampling_strategy : float, str, dict or callable, default='auto'
        Rows to keep: a float (binary: minority/majority ratio after resampling), ``'auto'``
        (= ``'not minority'``), ``'majority'``, ``'not minority'``, ``'not majority'``,
        ``'all'``, a dict ``{class: n_samples_to_keep}``, or a callable ``y -> dict``.
    random_state : int, Generator, RandomState or None, default=None
        Seeds the classifier, the shuffled folds and the tie breaks.
    cv : int or cross-validation splitter, default=5
        Folds of a shuffled ``StratifiedKFold``; or a splitter (an object with ``split``
        and ``get_n_splits``, e.g. ``StratifiedKFold(5)``), used as given (imbalanced-learn
        takes an int only).
    n_jobs : int, default=None
        Jobs of the cross-validation and of the default forest.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows kept per reduced class.
    sample_indices_ : ndarray
        Input positions of the output rows (in input order).
    estimator_ : estimator
        The classifier as configured (unfitted: cross-validation fits clones of it).
    n_features_in_ : int
    feature_names_in_ : ndarray
        Defined when ``X`` has string column names.

    References
    ----------
    M. R. Smith, T. Martinez and C. Giraud-Carrier, "An instance level analysis of data
    complexity", Machine Learning 95(2), 225-256, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from smotekit.samplers.instance_hardness import InstanceHardnessThreshold
    >>> X, y = make_classification(n_samples=300, weights=[0.2, 0.8], random_state=0)
    >>> iht = InstanceHardnessThreshold(estimator=LogisticRegression(), random_state=0)
    >>> X_res, y_res = iht.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 61), (1, 61)]
    >>> iht.sample_indices_.shape
    (122,)
    """

    _sets_sample_indices = True
    why_all_rows = "it cross-validates a classifier on the rows of every class"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "estimator": params.estimator(
            "fit", "predict_proba", example="sklearn.linear_model.LogisticRegression()"
        ),
        "cv": params.either(
            params.integer(2),
            params.Rule(lambda v: hasattr(v, "split") and hasattr(v, "get_n_splits"), ""),
            says="an int >= 2 (folds) or a cross-validation splitter with split and "
            "get_n_splits (e.g. sklearn.model_selection.StratifiedKFold(5))",
        ),
    }

    def __init__(
        self,
        *,
        estimator: Any = None,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        cv: Any = 5,
        n_jobs: int | None = None,
    ) -> None:
        self.estimator = estimator
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.cv = cv
        self.n_jobs = n_jobs

    def _validate_params(self) -> None:
        if self.estimator is not None and not is_classifier(self.estimator):
            raise InvalidParameterError(
                f"estimator={self.estimator!r} is not a classifier: instance hardness is "
                "measured with a classifier's predict_proba, e.g. "
                "sklearn.linear_model.LogisticRegression()."
            )

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        X, labels = features.numeric, target.labels
        if self.estimator is None:
            from sklearn.ensemble import RandomForestClassifier

            estimator = RandomForestClassifier(
                n_estimators=100, random_state=draw_seed(rng), n_jobs=self.n_jobs
            )
            check_magnitude(
                X, FLOAT32_LIMIT, "InstanceHardnessThreshold's default RandomForest (float32)"
            )
        else:
            estimator = seed_random_states(clone(self.estimator), rng)
        self.estimator_ = estimator
        if isinstance(self.cv, int | np.integer):
            cv: Any = StratifiedKFold(
                n_splits=int(self.cv), shuffle=True, random_state=draw_seed(rng)
            )
        else:
            cv = self.cv
        try:
            probabilities = cross_val_predict(
                estimator, X, labels, cv=cv, n_jobs=self.n_jobs, method="predict_proba"
            )
        except ValueError as exc:
            if "too large for dtype('float32')" in str(exc):  # trees cast X to float32
                who = f"InstanceHardnessThreshold's {type(estimator).__name__} (float32)"
                check_magnitude(X, FLOAT32_LIMIT, who)
            raise
        # columns in sorted class order, as the classifier's classes_
        column = np.searchsorted(np.unique(labels), labels)
        own = probabilities[np.arange(features.n_rows), column]
        keep = np.ones(features.n_rows, dtype=bool)
        chosen = []
        for cls, n_keep in self.sampling_strategy_.items():
            rows = np.flatnonzero(labels == cls)
            keep[rows] = False
            # highest probability first; equal probabilities in a random order
            order = np.lexsort((rng.random(rows.shape[0]), -own[rows]))
            chosen.append(rows[order[:n_keep]])
        positions = np.sort(np.concatenate([np.flatnonzero(keep), *chosen]), kind="stable")
        self.sample_indices_ = positions
        return Outcome(keep=positions)
