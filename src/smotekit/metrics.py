"""Metrics for imbalanced classification (drop-in for ``imblearn.metrics``).

Sensitivity is the recall of a class (true positives over the rows of that class);
specificity is the recall of "not that class" (true negatives over the rows of the other
classes). Their geometric mean does not reward a classifier that ignores a small class, and
the index of balanced accuracy (García, Mollineda & Sánchez, 2009) weighs a score by how
evenly the two are reached.

One difference from imbalanced-learn, on purpose: with ``sample_weight``, the true negatives
are a weight sum like the other three counts (imbalanced-learn counts them as rows), so
specificity is the weighted share it claims to be. Without weights the values are the same.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import mean_absolute_error, precision_recall_fscore_support
from sklearn.utils import check_consistent_length, column_or_1d
from sklearn.utils.multiclass import type_of_target, unique_labels

__all__ = [
    "classification_report_imbalanced",
    "geometric_mean_score",
    "macro_averaged_mean_absolute_error",
    "make_index_balanced_accuracy",
    "sensitivity_score",
    "sensitivity_specificity_support",
    "specificity_score",
]

AVERAGES = (None, "binary", "micro", "macro", "weighted")


def _targets(y_true: Any, y_pred: Any, sample_weight: Any) -> tuple[str, Any, Any, Any]:
    """Checked 1-D targets of one type (binary or multiclass), and the weights."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    check_consistent_length(y_true, y_pred, *([] if sample_weight is None else [sample_weight]))
    kinds = {
        type_of_target(y_true, input_name="y_true"),
        type_of_target(y_pred, input_name="y_pred"),
    }
    if any(k.startswith("multilabel") or k.endswith("multioutput") for k in kinds):
        raise ValueError(
            "Multi-label and multi-output targets are not supported: pass one label per row "
            "(for multi-label data, score each label's column on its own)."
        )
    if kinds - {"binary", "multiclass"}:
        raise ValueError(
            f"Classification metrics need class labels; got targets of type {sorted(kinds)} "
            "(continuous values cannot be compared by class)."
        )
    kind = "multiclass" if "multiclass" in kinds else "binary"
    weights = None if sample_weight is None else column_or_1d(sample_weight).astype(np.float64)
    return kind, column_or_1d(y_true), column_or_1d(y_pred), weights


def _labels(labels: Any, present: np.ndarray) -> tuple[np.ndarray, int | None]:
    """The labels to score first, then any other present label (counted as negatives)."""
    if labels is None:
        return present, None
    labels = np.asarray(labels)
    return np.hstack([labels, np.setdiff1d(present, labels, assume_unique=True)]), len(labels)


def _divide(num: np.ndarray, den: np.ndarray, metric: str, what: str, warn: bool) -> np.ndarray:
    """``num / den``, 0 where ``den`` is 0 (with a warning naming the metric, as scikit-learn)."""
    out = np.zeros(num.shape, dtype=np.float64)
    ok = den != 0
    out[ok] = num[ok] / den[ok]
    if warn and not ok.all():
        warnings.warn(
            f"{metric.capitalize()} is ill-defined and being set to 0.0 in labels with no "
            f"{what} samples.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
    return out


def _counts(
    y_true: np.ndarray, y_pred: np.ndarray, labels: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(tp, pred, true, tn)`` per label, as weight sums (row counts without weights)."""
    w = np.ones(y_true.shape[0]) if weights is None else weights
    sorted_labels = np.unique(labels)
    t = np.searchsorted(sorted_labels, y_true)
    p = np.searchsorted(sorted_labels, y_pred)
    n = sorted_labels.shape[0]
    hit = t == p
    tp = np.bincount(t[hit], weights=w[hit], minlength=n)
    true = np.bincount(t, weights=w, minlength=n)
    pred = np.bincount(p, weights=w, minlength=n)
    tn = w.sum() - (pred + true - tp)
    order = np.searchsorted(sorted_labels, labels)
    return tp[order], pred[order], true[order], tn[order]


def sensitivity_specificity_support(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: tuple[str, ...] = ("sensitivity", "specificity"),
    sample_weight: Any = None,
) -> tuple[Any, Any, Any]:
    """Sensitivity, specificity and support of each class (or their average).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like, default=None
        The classes to report, in order (others still count as negatives).
    pos_label : str or int, default=1
        The class scored when ``average='binary'``.
    average : {None, 'binary', 'micro', 'macro', 'weighted'}, default=None
        ``None``: one value per class; ``'macro'``: their mean; ``'weighted'``: their mean
        weighted by support; ``'micro'``: from the summed counts; ``'binary'``: ``pos_label``.
    warn_for : tuple of str
        Which metrics warn when they are ill-defined (set to 0).
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    sensitivity, specificity : float or ndarray
    support : ndarray or None
        Rows (weight) of each class; ``None`` when averaged.

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.metrics import sensitivity_specificity_support
    >>> y_true = np.array(['cat', 'dog', 'pig', 'cat', 'dog', 'pig'])
    >>> y_pred = np.array(['cat', 'pig', 'dog', 'cat', 'cat', 'dog'])
    >>> sen, spe, _ = sensitivity_specificity_support(y_true, y_pred, average='macro')
    >>> round(float(sen), 4), round(float(spe), 4)
    (0.3333, 0.6667)
    """
    if average not in AVERAGES:
        raise ValueError(
            f"average={average!r} is not valid; choose one of {list(AVERAGES)} "
            "('samples' only means something for multi-label data, which is not supported)."
        )
    kind, y_true, y_pred, weights = _targets(y_true, y_pred, sample_weight)
    present = unique_labels(y_true, y_pred)
    if average == "binary":
        if kind != "binary":
            raise ValueError(
                f"Target is {kind} but average='binary'; choose average=None, 'micro', "
                "'macro' or 'weighted'."
            )
        if pos_label not in present:
            if len(present) < 2:
                return 0.0, 0.0, 0
            raise ValueError(f"pos_label={pos_label!r} is not a valid label: {present!r}")
        labels = [pos_label]
    elif pos_label not in (None, 1):
        warnings.warn(
            f"pos_label={pos_label!r} is ignored when average != 'binary' (got {average!r}). "
            "You may use labels=[pos_label] to specify a single positive class.",
            UserWarning,
            stacklevel=2,
        )
    all_labels, n_labels = _labels(labels, present)
    tp, pred, true, tn = _counts(y_true, y_pred, all_labels, weights)
    tp, pred, true, tn = (a[:n_labels] for a in (tp, pred, true, tn))
    if average == "micro":
        tp, pred, true, tn = (np.array([a.sum()]) for a in (tp, pred, true, tn))
    specificity = _divide(tn, tn + pred - tp, "specificity", "predicted", "specificity" in warn_for)
    sensitivity = _divide(tp, true, "sensitivity", "true", "sensitivity" in warn_for)
    if average is None:
        return sensitivity, specificity, true
    weights_of_classes = None
    if average == "weighted":
        if true.sum() == 0:
            return 0, 0, None
        weights_of_classes = true
    return (
        float(np.average(sensitivity, weights=weights_of_classes)),
        float(np.average(specificity, weights=weights_of_classes)),
        None,
    )


def _one_rate(which: int, y_true, y_pred, labels, pos_label, average, sample_weight) -> Any:
    """Sensitivity (``which=0``) or specificity (1) alone, warning only about that one."""
    name = ("sensitivity", "specificity")[which]
    return sensitivity_specificity_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=(name,),
        sample_weight=sample_weight,
    )[which]


def sensitivity_score(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: Any = None,
) -> Any:
    """Sensitivity (the recall of a class): true positives over the rows of the class.

    Parameters are those of :func:`sensitivity_specificity_support`.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> from smotekit.metrics import sensitivity_score
    >>> float(sensitivity_score([0, 1, 1, 1], [0, 1, 0, 1]))
    0.6666666666666666
    """
    return _one_rate(0, y_true, y_pred, labels, pos_label, average, sample_weight)


def specificity_score(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "binary",
    sample_weight: Any = None,
) -> Any:
    """Specificity: true negatives over the rows of the other classes.

    Parameters are those of :func:`sensitivity_specificity_support`.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> from smotekit.metrics import specificity_score
    >>> float(specificity_score([0, 0, 1, 1], [0, 1, 1, 1]))
    0.5
    """
    return _one_rate(1, y_true, y_pred, labels, pos_label, average, sample_weight)


def geometric_mean_score(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "multiclass",
    sample_weight: Any = None,
    correction: float = 0.0,
) -> Any:
    """The geometric mean of the classes' recalls (``'multiclass'``), or of sensitivity and
    specificity (any other ``average``, per class with ``None``).

    Parameters
    ----------
    average : {'multiclass', None, 'binary', 'micro', 'macro', 'weighted'}
        ``'multiclass'`` (default): ``(prod_i recall_i) ** (1 / n_classes)``; for two classes
        it is ``sqrt(sensitivity * specificity)``. Otherwise see
        :func:`sensitivity_specificity_support`.
    correction : float, default=0.0
        ``'multiclass'`` only: the value a zero recall takes, so that one unrecognised class
        does not make the whole score 0 (e.g. 0.001).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> from smotekit.metrics import geometric_mean_score
    >>> y_true = [0, 1, 2, 0, 1, 2]
    >>> y_pred = [0, 2, 1, 0, 0, 1]
    >>> float(geometric_mean_score(y_true, y_pred))
    0.0
    >>> round(float(geometric_mean_score(y_true, y_pred, correction=0.001)), 4)
    0.01
    """
    if not (isinstance(correction, int | float) and correction >= 0):
        raise ValueError(f"correction={correction!r} must be a number >= 0.")
    if average != "multiclass":
        sensitivity, specificity, _ = sensitivity_specificity_support(
            y_true,
            y_pred,
            labels=labels,
            pos_label=pos_label,
            average=average,
            warn_for=("specificity", "specificity"),
            sample_weight=sample_weight,
        )
        return np.sqrt(sensitivity * specificity)
    _, y_true, y_pred, weights = _targets(y_true, y_pred, sample_weight)
    all_labels, n_labels = _labels(labels, unique_labels(y_true, y_pred))
    tp, _, true, _ = _counts(y_true, y_pred, all_labels, weights)
    recall = _divide(tp[:n_labels], true[:n_labels], "recall", "true", True)
    recall[recall == 0] = correction
    if recall.size == 0 or (recall == 0).any():
        return 0.0
    return float(np.exp(np.log(recall).mean()))


def make_index_balanced_accuracy(
    *, alpha: float = 0.1, squared: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Weigh a score by the balance of sensitivity and specificity (García et al., 2009).

    ``IBA = (1 + alpha * (sensitivity - specificity)) * score`` (``score ** 2`` when
    ``squared``), with sensitivity and specificity computed with the score's own ``labels``,
    ``pos_label``, ``average`` and ``sample_weight``.

    Parameters
    ----------
    alpha : float, default=0.1
        Weight of the dominance (sensitivity - specificity).
    squared : bool, default=True
        Square the score first (as the paper does for the geometric mean).

    Returns
    -------
    callable
        A decorator for a metric ``f(y_true, y_pred, ...)``.

    Examples
    --------
    >>> from smotekit.metrics import geometric_mean_score, make_index_balanced_accuracy
    >>> iba = make_index_balanced_accuracy(alpha=0.1, squared=True)(geometric_mean_score)
    >>> y_true = [1, 0, 0, 1, 0, 1]
    >>> y_pred = [0, 0, 1, 1, 0, 1]
    >>> [round(float(v), 4) for v in iba(y_true, y_pred, average=None)]
    [0.4444, 0.4444]
    """
    if not isinstance(alpha, int | float) or isinstance(alpha, bool):
        raise ValueError(f"alpha={alpha!r} must be a number.")

    def decorate(scoring: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(scoring)
        shared = set(inspect.signature(sensitivity_specificity_support).parameters)

        @functools.wraps(scoring)
        def score(*args: Any, **kwargs: Any) -> Any:
            if {"y_score", "y_prob", "y2"} & set(signature.parameters):
                raise AttributeError(
                    f"{scoring.__name__} takes scores or probabilities; the index of balanced "
                    "accuracy weighs metrics of predicted labels (y_pred) only."
                )
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            value = scoring(*bound.args, **bound.kwargs)
            if squared:
                value = np.power(value, 2)
            common = {k: v for k, v in bound.arguments.items() if k in shared}
            if scoring.__name__ == "geometric_mean_score" and common.get("average") == (
                "multiclass"
            ):
                common["average"] = "macro"
            elif scoring.__name__ in ("accuracy_score", "jaccard_score"):
                common["average"] = "binary"
            sensitivity, specificity, _ = sensitivity_specificity_support(**common)
            return (1.0 + alpha * (sensitivity - specificity)) * value

        return score

    return decorate


def classification_report_imbalanced(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    target_names: Any = None,
    sample_weight: Any = None,
    digits: int = 2,
    alpha: float = 0.1,
    output_dict: bool = False,
    zero_division: Any = "warn",
) -> str | dict[str, Any]:
    """Per class: precision, recall, specificity, F1, geometric mean, IBA and support.

    Parameters
    ----------
    labels, target_names : array-like, default=None
        The classes to report and their printed names.
    digits : int, default=2
    alpha : float, default=0.1
        Of the index of balanced accuracy.
    output_dict : bool, default=False
        Return a dict instead of the text table.
    zero_division : {'warn', 0, 1}, default='warn'
        Precision's value where nothing was predicted for a class.

    Returns
    -------
    str or dict

    Examples
    --------
    >>> from smotekit.metrics import classification_report_imbalanced
    >>> report = classification_report_imbalanced([0, 1, 1, 0], [0, 1, 0, 0], output_dict=True)
    >>> round(float(report["1"]["rec"]), 2), int(report["total_support"])
    (0.5, 4)
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"digits={digits!r} must be an int >= 0.")
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    names = [f"{label}" for label in labels] if target_names is None else list(target_names)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        average=None,
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    common = {"labels": labels, "average": None, "sample_weight": sample_weight}
    specificity = specificity_score(y_true, y_pred, **common)
    gmean = geometric_mean_score(y_true, y_pred, **common)
    iba = make_index_balanced_accuracy(alpha=alpha, squared=True)(geometric_mean_score)(
        y_true, y_pred, **common
    )
    columns = {
        "pre": precision,
        "rec": recall,
        "spe": specificity,
        "f1": f1,
        "geo": gmean,
        "iba": iba,
    }
    last = "avg / total"
    width = max(max(len(n) for n in names), len(last), digits)
    row = f"%{width}s  " + " ".join(["% 9s"] * (len(columns) + 1)) + "\n"
    report = row % ("", *columns, "sup") + "\n"
    result: dict[str, Any] = {}
    for i, name in enumerate(names):
        values = {key: column[i] for key, column in columns.items()}
        report += row % (name, *(f"{v:0.{digits}f}" for v in values.values()), f"{support[i]}")
        result[name] = {**values, "sup": support[i]}
    report += "\n"
    averages = {key: np.average(column, weights=support) for key, column in columns.items()}
    report += row % (last, *(f"{v:0.{digits}f}" for v in averages.values()), f"{support.sum()}")
    result.update({f"avg_{key}": value for key, value in averages.items()})
    result["total_support"] = support.sum()
    return result if output_dict else report


def macro_averaged_mean_absolute_error(
    y_true: Any, y_pred: Any, *, sample_weight: Any = None
) -> float:
    """The mean over classes of each class's mean absolute error (ordinal classification).

    Every class counts the same, however many rows it has; a classifier that predicts the
    large class everywhere is no longer rewarded.

    Returns
    -------
    float

    Examples
    --------
    >>> from smotekit.metrics import macro_averaged_mean_absolute_error
    >>> round(macro_averaged_mean_absolute_error([1, 2, 2, 2], [1, 2, 1, 2]), 4)
    0.1667
    """
    _, y_true, y_pred, weights = _targets(y_true, y_pred, sample_weight)
    weights = np.ones(y_true.shape[0]) if weights is None else weights
    errors = []
    for label in unique_labels(y_true, y_pred):
        rows = np.flatnonzero(y_true == label)
        if rows.size:  # a class only ever predicted has no error of its own
            errors.append(
                mean_absolute_error(y_true[rows], y_pred[rows], sample_weight=weights[rows])
            )
    return float(np.sum(errors) / len(errors))
