"""The ways of dealing with class imbalance that the comparison puts side by side.

Each strategy turns a classifier into an estimator that is fitted on a training fold only:
no resampling, class weights, a tuned decision threshold, or a sampler inside a
:class:`smotekit.pipeline.Pipeline`. Nominal columns are one-hot encoded inside the same
pipeline (after the sampler when the sampler can read them: SMOTE-NC, SMOTE-N, random
samplers; before it when it needs numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.validation import check_is_fitted

import smotekit
from smotekit.errors import InvalidParameterError
from smotekit.pipeline import Pipeline

__all__ = [
    "DEFAULT_STRATEGIES",
    "STRATEGIES",
    "BalancedWeights",
    "Columns",
    "Strategy",
    "default_classifiers",
    "make_estimator",
    "resolve_strategies",
]


@dataclass(frozen=True)
class Columns:
    """Which columns of ``X`` are nominal; ``kind`` is numeric, mixed or nominal."""

    names: tuple[str, ...]
    nominal: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        if not self.nominal:
            return "numeric"
        return "nominal" if len(self.nominal) == len(self.names) else "mixed"


@dataclass(frozen=True)
class Strategy:
    """One way of handling imbalance.

    ``sampler(columns, seed, n_jobs)`` builds the sampler (sampler strategies only);
    ``reads_nominal`` says whether it can take nominal columns as they are; ``synthetic``
    whether it adds rows that were never observed (the SMOTE family). The answer of
    :func:`compare` weighs a synthetic strategy against those that are not.
    """

    key: str
    label: str
    kind: str  # "baseline", "weights", "threshold" or "sampler"
    description: str
    sampler: Callable[[Columns, int, int | None], Any] | None = None
    reads_nominal: bool = False
    synthetic: bool = False


def _with(name: str, **fixed: Any) -> Callable[[Columns, int, int | None], Any]:
    """Factory of ``smotekit.<name>(random_state=seed, n_jobs=..., **fixed)``."""

    def build(columns: Columns, seed: int, n_jobs: int | None) -> Any:
        cls = getattr(smotekit, name)
        params = cls().get_params(deep=False)
        kwargs = dict(fixed)
        if "random_state" in params:
            kwargs["random_state"] = seed
        if "n_jobs" in params:
            kwargs["n_jobs"] = n_jobs
        return cls(**kwargs)

    return build


def _smote_for(columns: Columns, seed: int, n_jobs: int | None) -> Any:
    # the paper's own variants for nominal data (section 6)
    if columns.kind == "mixed":
        return smotekit.SMOTENC(
            categorical_features=list(columns.nominal), random_state=seed, n_jobs=n_jobs
        )
    if columns.kind == "nominal":
        return smotekit.SMOTEN(random_state=seed, n_jobs=n_jobs)
    return smotekit.SMOTE(random_state=seed, n_jobs=n_jobs)


def _sampler(
    key: str, label: str, cls: str, description: str, *, synthetic: bool = True, **fixed: Any
) -> Strategy:
    return Strategy(key, label, "sampler", description, _with(cls, **fixed), synthetic=synthetic)


#: Every strategy, by the key ``--strategies`` takes, in report order.
STRATEGIES: dict[str, Strategy] = {
    s.key: s
    for s in (
        Strategy("none", "no resampling", "baseline", "The classifier on the data as it is."),
        Strategy(
            "class-weight",
            "class weights",
            "weights",
            "class_weight='balanced' (or balanced sample weights): each class weighs the same.",
        ),
        Strategy(
            "threshold",
            "threshold tuning",
            "threshold",
            "scikit-learn's TunedThresholdClassifierCV: the decision threshold that maximises "
            "the tuning score in an inner 5-fold CV of the training fold.",
        ),
        Strategy(
            "random-under",
            "random under-sampling",
            "sampler",
            "RandomUnderSampler: drop majority rows at random down to the minority's count.",
            _with("RandomUnderSampler"),
            reads_nominal=True,
        ),
        Strategy(
            "random-over",
            "random over-sampling",
            "sampler",
            "RandomOverSampler: repeat minority rows at random up to the majority's count.",
            _with("RandomOverSampler"),
            reads_nominal=True,
        ),
        Strategy(
            "smote",
            "SMOTE",
            "sampler",
            "SMOTE up to the majority's count (SMOTE-NC with nominal and continuous columns, "
            "SMOTE-N with nominal columns only).",
            _smote_for,
            reads_nominal=True,
            synthetic=True,
        ),
        _sampler(
            "smote-under",
            "SMOTE + under-sampling",
            "SMOTEUnder",
            "The paper's combination: SMOTE 100% of the minority, then the majority "
            "under-sampled at U=100% (as many rows as the minority has after SMOTE).",
            percentage=100,
            under_percentage=100,
        ),
        _sampler("borderline", "Borderline-SMOTE", "BorderlineSMOTE", "Borderline-SMOTE-1."),
        _sampler("adasyn", "ADASYN", "ADASYN", "ADASYN: more synthetic rows where it is hard."),
        _sampler("svm-smote", "SVM-SMOTE", "SVMSMOTE", "SMOTE around an SVM's support vectors."),
        _sampler("kmeans-smote", "K-Means-SMOTE", "KMeansSMOTE", "SMOTE inside clusters."),
        _sampler("safe-level", "Safe-Level-SMOTE", "SafeLevelSMOTE", "Toward the safer parent."),
        _sampler("prowsyn", "ProWSyn", "ProWSyn", "More rows in the levels nearest the others."),
        _sampler("smobd", "SMOBD", "SMOBD", "Rows by OPTICS density; none from noise rows."),
        _sampler("lee", "Lee", "LeeSMOTE", "SMOTE, candidates the other class dominates redrawn."),
        _sampler(
            "assembled-smote", "Assembled-SMOTE", "AssembledSMOTE", "SMOTE in border clusters."
        ),
        _sampler("geometric-smote", "Geometric SMOTE", "GeometricSMOTE", "In a ball toward a row."),
        _sampler(
            "polynom-fit-smote", "Polynomial-fit SMOTE", "PolynomFitSMOTE", "Toward the class mean."
        ),
        _sampler("lvq-smote", "LVQ-SMOTE", "LVQSMOTE", "Rows moved by codebook offsets."),
        _sampler("ccr", "CCR", "CCR", "Spheres push other classes out; new rows inside them."),
        _sampler("smote-tomek", "SMOTE + Tomek", "SMOTETomek", "SMOTE, then Tomek links removed."),
        _sampler("smote-enn", "SMOTE + ENN", "SMOTEENN", "SMOTE, then Wilson's editing."),
        _sampler(
            "smote-ipf", "SMOTE + IPF", "SMOTEIPF", "SMOTE, then the iterative-partitioning filter."
        ),
        _sampler(
            "tomek",
            "Tomek links",
            "TomekLinks",
            "Majority rows of Tomek links removed.",
            synthetic=False,
        ),
        _sampler(
            "enn",
            "ENN",
            "EditedNearestNeighbours",
            "Wilson's edited nearest neighbours.",
            synthetic=False,
        ),
        _sampler(
            "noise-filter",
            "SMOTE + noise filter",
            "SyntheticNoiseFilter",
            "SMOTE whose synthetic rows landing among the other class are replaced.",
        ),
    )
}

#: The strategies ``compare`` runs unless told otherwise.
DEFAULT_STRATEGIES: tuple[str, ...] = (
    "none",
    "class-weight",
    "threshold",
    "random-under",
    "random-over",
    "smote",
    "smote-under",
)


def resolve_strategies(spec: str | Sequence[str] | None) -> list[str]:
    """Strategy keys from ``None`` (the defaults), ``'all'``, ``'default'``, or names.

    A comma-separated string works too (``'none,smote,threshold'``).

    Examples
    --------
    >>> resolve_strategies("none, smote")
    ['none', 'smote']
    >>> len(resolve_strategies("all")) == len(STRATEGIES)
    True
    """
    if spec is None:
        return list(DEFAULT_STRATEGIES)
    items = [s.strip() for s in spec.split(",")] if isinstance(spec, str) else list(spec)
    out: list[str] = []
    for item in items:
        if item == "all":
            out.extend(STRATEGIES)
        elif item == "default":
            out.extend(DEFAULT_STRATEGIES)
        elif item in STRATEGIES:
            out.append(item)
        elif item:
            raise InvalidParameterError(
                f"Unknown strategy {item!r}; choose from {list(STRATEGIES)}, 'default' or 'all'."
            )
    return list(dict.fromkeys(out))  # keep order, drop repeats


def default_classifiers(random_state: int = 0) -> dict[str, Any]:
    """The three default classifiers: linear, tree, boosting.

    Returns
    -------
    dict
        ``{'logistic': StandardScaler + LogisticRegression, 'tree': DecisionTreeClassifier,
        'hgb': HistGradientBoostingClassifier}``.

    Examples
    --------
    >>> sorted(default_classifiers())
    ['hgb', 'logistic', 'tree']
    """
    from sklearn.pipeline import make_pipeline

    return {
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "tree": DecisionTreeClassifier(random_state=random_state),
        "hgb": HistGradientBoostingClassifier(random_state=random_state),
    }


class BalancedWeights(ClassifierMixin, BaseEstimator):
    """Fit a classifier with balanced sample weights, for classifiers without ``class_weight``.

    The weights, ``n / (n_classes * n_class)`` per row, are computed from the ``y`` given to
    ``fit`` (the training fold), so nothing about the test rows leaks in.

    Parameters
    ----------
    estimator : classifier
        Its ``fit`` (or its last step's, for a pipeline) takes ``sample_weight``.

    Examples
    --------
    >>> from sklearn.naive_bayes import GaussianNB
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> BalancedWeights(GaussianNB()).fit(X, y).predict(X[:3]).shape
    (3,)
    """

    def __init__(self, estimator: Any) -> None:
        self.estimator = estimator

    def fit(self, X: Any, y: Any) -> BalancedWeights:
        """Fit a clone of ``estimator`` with balanced sample weights.

        Returns
        -------
        self
        """
        weights = compute_sample_weight("balanced", np.asarray(y))
        estimator = clone(self.estimator)
        self.estimator_ = estimator.fit(
            X, y, **{_last_step_key(estimator, "sample_weight"): weights}
        )
        self.classes_ = self.estimator_.classes_
        self.balances_weights_ = True  # read by calibration.training_prior
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Labels from the weighted classifier."""
        check_is_fitted(self)
        return self.estimator_.predict(X)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities from the weighted classifier."""
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)


def _last_step_key(estimator: Any, param: str) -> str:
    """``param`` addressed to the last step of (nested) pipelines: ``clf__param``."""
    steps = getattr(estimator, "steps", None)
    if steps:
        return f"{steps[-1][0]}__{_last_step_key(steps[-1][1], param)}"
    return param


def _class_weight_key(classifier: Any) -> str | None:
    """The parameter through which ``classifier`` (or its last step) takes class weights."""
    key = _last_step_key(classifier, "class_weight")
    return key if key in classifier.get_params(deep=True) else None


def _rates(y_true: Any, y_pred: Any, pos_label: Any) -> tuple[float, float, float]:
    """Recall, specificity and precision of ``pos_label``, straight from numpy."""
    actual = np.asarray(y_true) == pos_label
    predicted = np.asarray(y_pred) == pos_label
    tp = np.count_nonzero(actual & predicted)
    n_pos, n_pred = np.count_nonzero(actual), np.count_nonzero(predicted)
    tn = actual.size - n_pos - n_pred + tp
    recall = tp / n_pos if n_pos else 0.0
    specificity = tn / (actual.size - n_pos) if actual.size > n_pos else 0.0
    precision = tp / n_pred if n_pred else 0.0
    return recall, specificity, precision


# Threshold tuning scores every candidate threshold of every inner fold (100 x 5 per fit);
# scikit-learn's metric functions validate their input on each call, which made the tuning
# cost more than the models themselves. These give the same values for binary labels
# (checked against scikit-learn in the tests) without the per-call validation.
def _fast_balanced_accuracy(y_true: Any, y_pred: Any, *, pos_label: Any) -> float:
    recall, specificity, _ = _rates(y_true, y_pred, pos_label)
    return 0.5 * (recall + specificity)


def _fast_f1(y_true: Any, y_pred: Any, *, pos_label: Any) -> float:
    recall, _, precision = _rates(y_true, y_pred, pos_label)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _fast_g_mean(y_true: Any, y_pred: Any, *, pos_label: Any) -> float:
    recall, specificity, _ = _rates(y_true, y_pred, pos_label)
    return float(np.sqrt(recall * specificity))


_TUNING = {
    "balanced_accuracy": _fast_balanced_accuracy,
    "f1": _fast_f1,
    "g_mean": _fast_g_mean,
}


def _tuning_scorer(name: str, minority: Any) -> Any:
    if name not in _TUNING:
        raise InvalidParameterError(f"threshold_scoring={name!r}; choose one of {sorted(_TUNING)}.")
    return make_scorer(_TUNING[name], pos_label=minority)


def _encoder(columns: Columns) -> ColumnTransformer:
    # dense output: samplers and the default classifiers take dense arrays
    return ColumnTransformer(
        [
            (
                "nominal",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                list(columns.nominal),
            )
        ],
        remainder="passthrough",
        verbose_feature_names_out=False,
    )


def make_estimator(
    key: str,
    classifier: Any,
    *,
    columns: Columns,
    minority: Any,
    random_state: int = 0,
    threshold_scoring: str = "balanced_accuracy",
    n_jobs: int | None = 1,
) -> Any:
    """The unfitted estimator of strategy ``key`` around ``classifier``.

    Parameters
    ----------
    key : str
        A key of :data:`STRATEGIES`.
    classifier : classifier
        Cloned, never modified.
    columns : Columns
        Nominal columns of the data (one-hot encoded inside the estimator).
    minority : label
        The minority class (the positive class of threshold scores).
    random_state : int, default=0
        Seed of the sampler and of the threshold tuning's inner folds.
    threshold_scoring : {'balanced_accuracy', 'f1', 'g_mean'}, default='balanced_accuracy'
        What the threshold strategy maximises (F1 and G-mean of the minority).
    n_jobs : int, default=1
        Threads for the sampler's neighbour search.

    Returns
    -------
    estimator

    Examples
    --------
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> est = make_estimator("smote", DecisionTreeClassifier(),
    ...                      columns=Columns(("a", "b")), minority=1)
    >>> [name for name, _ in est.steps]
    ['sampler', 'classifier']
    """
    strategy = STRATEGIES[key]
    classifier = clone(classifier)
    encode = [("encode", _encoder(columns))] if columns.nominal else []
    if strategy.kind == "sampler":
        sampler = strategy.sampler(columns, random_state, n_jobs)
        if strategy.reads_nominal:
            steps = [("sampler", sampler), *encode]
        else:
            steps = [*encode, ("sampler", sampler)]
        return Pipeline([*steps, ("classifier", classifier)])
    if strategy.kind == "weights":
        weight_key = _class_weight_key(classifier)
        if weight_key is not None:
            classifier.set_params(**{weight_key: "balanced"})
        else:
            classifier = BalancedWeights(classifier)
    model = Pipeline([*encode, ("classifier", classifier)]) if encode else classifier
    if strategy.kind == "threshold":
        return TunedThresholdClassifierCV(
            model,
            scoring=_tuning_scorer(threshold_scoring, minority),
            cv=StratifiedKFold(5, shuffle=True, random_state=random_state),
            random_state=random_state,
        )
    return model
