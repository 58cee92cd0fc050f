"""Cross-validate every imbalance strategy on the same folds and compare them honestly.

Every strategy and classifier sees the same repeated stratified folds; samplers act on the
training folds only (inside :class:`smotekit.pipeline.Pipeline`); scores are means with
corrected t-intervals, and each strategy is compared, fold by fold, with "no resampling" and
with "threshold tuning" by the corrected resampled t-test (see :mod:`.stats`).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import RepeatedStratifiedKFold

from smotekit.errors import InvalidInputError
from smotekit.evaluation.calibration import prior_shift, training_prior
from smotekit.evaluation.comparison import Comparison
from smotekit.evaluation.judge import answer, check_options
from smotekit.evaluation.metrics import METRICS, fold_scores
from smotekit.evaluation.stats import corrected_resampled_t_test, corrected_t_interval
from smotekit.evaluation.strategies import (
    Columns,
    default_classifiers,
    make_estimator,
    resolve_strategies,
)
from smotekit.evaluation.verdict import write_verdict

__all__ = ["Comparison", "compare", "nominal_columns", "prepare_data"]

#: The references every strategy is tested against.
REFERENCES = ("none", "threshold")

Progress = Callable[[int, int, str], None]


def nominal_columns(X: pd.DataFrame, categorical: Any = "auto") -> tuple[str, ...]:
    """Names of the nominal columns: object, string, category or bool dtypes for ``'auto'``.

    Examples
    --------
    >>> import pandas as pd
    >>> nominal_columns(pd.DataFrame({"a": [1.0], "b": ["x"], "c": [True]}))
    ('b', 'c')
    """
    if categorical is None:
        return ()
    if isinstance(categorical, str) and categorical == "auto":
        return tuple(
            str(c)
            for c in X.columns
            if not pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c])
        )
    names = [categorical] if isinstance(categorical, str) else list(categorical)
    missing = [c for c in names if c not in X.columns]
    if missing:
        raise InvalidInputError(f"Nominal columns {missing} are not in X ({list(X.columns)}).")
    return tuple(str(c) for c in names)


def prepare_data(X: Any, y: Any) -> tuple[pd.DataFrame, np.ndarray, Any, Any]:
    """``X`` as a frame with string column names, ``y`` as labels, and the two classes.

    Returns
    -------
    X, y, minority, majority
    """
    frame = X.copy() if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X))
    frame.columns = [str(c) if isinstance(X, pd.DataFrame) else f"x{c}" for c in frame.columns]
    frame = frame.reset_index(drop=True)
    labels = np.asarray(y).ravel()
    if labels.shape[0] != frame.shape[0]:
        raise InvalidInputError(f"X has {frame.shape[0]} rows but y has {labels.shape[0]}.")
    classes, counts = np.unique(labels, return_counts=True)
    if classes.size != 2:
        raise InvalidInputError(
            f"The comparison needs exactly two classes; y has {classes.size} "
            f"({dict(zip(classes.tolist(), counts.tolist(), strict=True))}). Relabel the data "
            "as one class against the rest first."
        )
    order = np.argsort(counts, kind="stable")
    # plain Python labels: they print as 1 or 'bad', not np.int64(1)
    minority, majority = (getattr(c, "item", lambda c=c: c)() for c in classes[order])
    return frame, labels, minority, majority


def _resolve_classifiers(classifiers: Any, random_state: int) -> dict[str, Any]:
    defaults = default_classifiers(random_state)
    if classifiers is None:
        return defaults
    if isinstance(classifiers, Mapping):
        return dict(classifiers)
    if not isinstance(classifiers, Sequence) or isinstance(classifiers, str):
        classifiers = [classifiers]
    out: dict[str, Any] = {}
    for item in classifiers:
        if isinstance(item, str):
            if item not in defaults:
                raise InvalidInputError(
                    f"Unknown classifier {item!r}; the built-in ones are {list(defaults)}."
                )
            out[item] = defaults[item]
        else:
            name = type(item).__name__
            out[name if name not in out else f"{name}-{len(out)}"] = item
    return out


def describe(estimator: Any) -> str:
    """Short description of a classifier for tables."""
    steps = getattr(estimator, "steps", None)
    if steps:
        return " + ".join(type(s).__name__ for _, s in steps)
    return type(estimator).__name__


def compare(
    X: Any,
    y: Any,
    *,
    strategies: str | Sequence[str] | None = None,
    classifiers: Any = None,
    n_splits: int = 5,
    n_repeats: int = 3,
    random_state: int = 0,
    prior_correction: bool = True,
    categorical: Any = "auto",
    threshold_scoring: str = "balanced_accuracy",
    alpha: float = 0.05,
    metric: str = "pr_auc",
    min_gain: float | None = None,
    cost_fn: float | None = None,
    cost_fp: float | None = None,
    n_threads: int | None = 1,
    progress: Progress | None = None,
) -> Comparison:
    """Cross-validate imbalance strategies on the same folds and compare them.

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, n_features)
        Nominal columns (object, string, category, bool) are one-hot encoded inside each
        model; SMOTE becomes SMOTE-NC (mixed columns) or SMOTE-N (all nominal).
    y : array-like of shape (n_samples,)
        Two classes; the smaller is the minority (the positive class of every metric).
    strategies : str or list of str, default=None
        Keys of :data:`smotekit.evaluation.STRATEGIES`; ``None`` runs the default set
        (none, class-weight, threshold, random-under, random-over, smote, smote-under),
        ``'all'`` every one.
    classifiers : dict, list or estimator, default=None
        ``None``: logistic regression (scaled), a decision tree and histogram gradient
        boosting. Names (``'logistic'``, ``'tree'``, ``'hgb'``), estimators, or a dict
        ``{name: estimator}``. Every classifier needs ``predict_proba``.
    n_splits, n_repeats : int, default=5, 3
        Repeated stratified k-fold; every strategy and classifier gets the same folds.
    random_state : int, default=0
        Seed of the folds; samplers get ``random_state + fold number``.
    prior_correction : bool, default=True
        Correct the minority probability for the prior shift of resampling and class
        weights (:func:`smotekit.evaluation.prior_shift`) before the probability metrics.
        ``brier_uncorrected`` always reports the raw probabilities. Labels (recall ...) are
        the models' own predictions either way.
    categorical : 'auto', list of str or None, default='auto'
        Nominal columns.
    threshold_scoring : {'balanced_accuracy', 'f1', 'g_mean'}, default='balanced_accuracy'
        What threshold tuning maximises.
    alpha : float, default=0.05
        Level of the paired tests and of the answer's intervals (``1 - alpha``).
    metric : str, default='pr_auc'
        What the answer judges strategies on without costs (:func:`answer`).
    min_gain : float, default=None
        The smallest gain worth having; ``None``: 0.02 of the metric, or a 5% saving of
        expected cost with costs. An interval that excludes it means "does not help".
    cost_fn, cost_fp : float, default=None
        What a missed minority case and a false alarm cost (e.g. 20 and 1). Given, the
        answer picks the strategy and threshold of least expected cost on held-out folds
        and reports it beside the metric-based choice.
    n_threads : int or None, default=1
        Threads of every model and sampler (``threadpoolctl``); many small fits run fastest
        single-threaded and do not oversubscribe a shared machine. ``None``: no limit.
    progress : callable, default=None
        ``progress(done, total, what)`` after every fit.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.evaluation import compare
    >>> X, y = load_pima(return_X_y=True)
    >>> result = compare(X, y, strategies="none,smote", classifiers="tree",
    ...                  n_splits=3, n_repeats=1)
    >>> sorted(result.summary.strategy.unique())
    ['none', 'smote']
    >>> result.outcome("tree", "smote", "none", "recall") in ("better", "worse",
    ...                                                       "indistinguishable")
    True
    >>> result.answer.outcome in ("helps", "does not help", "hurts", "inconclusive")
    True
    """
    from threadpoolctl import threadpool_limits

    started = time.perf_counter()
    check_options(metric, min_gain, cost_fn, cost_fp)  # before an hour of fitting, not after
    frame, labels, minority, majority = prepare_data(X, y)
    columns = Columns(tuple(frame.columns), nominal_columns(frame, categorical))
    keys = resolve_strategies(strategies)
    models = _resolve_classifiers(classifiers, random_state)
    splitter = RepeatedStratifiedKFold(
        n_splits=n_splits, n_repeats=n_repeats, random_state=random_state
    )
    splits = list(splitter.split(frame, labels))
    folds = np.empty((n_repeats, len(labels)), dtype=np.int64)
    for split_no, (_, test) in enumerate(splits):
        folds[divmod(split_no, n_splits)[0], test] = split_no % n_splits
    oof: dict[tuple[str, str], np.ndarray] = {}
    total = len(splits) * len(models) * len(keys)
    records: list[dict[str, Any]] = []
    failures: dict[tuple[str, str], str] = {}
    curves_p: dict[tuple[str, str], np.ndarray] = {}
    is_minority = labels == minority
    done = 0
    limits = threadpool_limits(limits=n_threads) if n_threads else None
    try:
        for split_no, (train, test) in enumerate(splits):
            repeat, fold = divmod(split_no, n_splits)
            X_train, X_test = frame.iloc[train], frame.iloc[test]
            y_train = labels[train]
            true_prior_classes = np.unique(y_train)
            true_prior = np.array([(y_train == c).mean() for c in true_prior_classes])
            for clf_name, classifier in models.items():
                for key in keys:
                    done += 1
                    if (clf_name, key) in failures:
                        continue
                    estimator = make_estimator(
                        key,
                        classifier,
                        columns=columns,
                        minority=minority,
                        random_state=random_state + split_no,
                        threshold_scoring=threshold_scoring,
                        n_jobs=n_threads,
                    )
                    t0 = time.perf_counter()
                    try:
                        with warnings.catch_warnings():
                            # samplers' fallback notices would repeat once per fold
                            warnings.simplefilter("ignore")
                            estimator.fit(X_train, y_train)
                            proba = estimator.predict_proba(X_test)
                            predicted = estimator.predict(X_test)
                    except Exception as exc:  # a strategy that cannot run is reported, not fatal
                        failures[(clf_name, key)] = f"{type(exc).__name__}: {exc}".split("\n")[0]
                        if progress is not None:
                            progress(done, total, f"{clf_name} / {key} failed")
                        continue
                    fit_seconds = time.perf_counter() - t0
                    classes = np.asarray(estimator.classes_)
                    col = int(np.flatnonzero(classes == minority)[0])
                    raw = proba[:, col]
                    if prior_correction:
                        fit_prior = training_prior(estimator, y_train, classes)
                        order = [int(np.flatnonzero(true_prior_classes == c)[0]) for c in classes]
                        corrected = prior_shift(proba, fit_prior, true_prior[order])[:, col]
                    else:
                        corrected = raw
                    scores = fold_scores(is_minority[test], predicted == minority, corrected, raw)
                    records.append(
                        {
                            "classifier": clf_name,
                            "strategy": key,
                            "split": split_no,
                            "repeat": repeat,
                            "fold": fold,
                            **scores,
                            "seconds": fit_seconds,
                        }
                    )
                    every = np.full((n_repeats, len(labels)), np.nan)
                    oof.setdefault((clf_name, key), every)[repeat, test] = raw
                    if repeat == 0:
                        curve = curves_p.setdefault((clf_name, key), np.full(len(labels), np.nan))
                        curve[test] = corrected
                    if progress is not None:
                        progress(done, total, f"{clf_name} / {key}")
    finally:
        if limits is not None:
            limits.restore_original_limits()
    scores = pd.DataFrame.from_records(records)
    # a strategy that failed on some fold is dropped everywhere: partial folds are not paired
    if failures and not scores.empty:
        failed = scores.apply(lambda r: (r.classifier, r.strategy) in failures, axis=1)
        scores = scores[~failed].reset_index(drop=True)
    n_test = len(labels) / n_splits
    n_train = len(labels) - n_test
    summary = _summarise(scores, n_train, n_test)
    tests = _paired_tests(scores, keys, n_train, n_test, alpha)
    curves = {
        k: (is_minority, p)
        for k, p in curves_p.items()
        if k not in failures and np.isfinite(p).all()
    }
    info = {
        "n_rows": len(labels),
        "n_features": frame.shape[1],
        "nominal": list(columns.nominal),
        "minority": minority,
        "majority": majority,
        "n_minority": int(is_minority.sum()),
        "n_majority": int((~is_minority).sum()),
        "n_splits": n_splits,
        "n_repeats": n_repeats,
        "random_state": random_state,
        "alpha": alpha,
        "prior_correction": prior_correction,
        "threshold_scoring": threshold_scoring,
        "n_train": n_train,
        "n_test": n_test,
        "classifier_names": {name: describe(est) for name, est in models.items()},
        "seconds": time.perf_counter() - started,
    }
    result = Comparison(
        scores=scores,
        summary=summary,
        tests=tests,
        curves=curves,
        failures=failures,
        info=info,
        strategies=keys,
        classifiers=list(models),
        estimators={name: clone(est) for name, est in models.items()},
        oof={k: p for k, p in oof.items() if k not in failures and np.isfinite(p).all()},
        folds=folds,
        positive=is_minority,
    )
    result.answer = answer(
        result, metric=metric, min_gain=min_gain, cost_fn=cost_fn, cost_fp=cost_fp
    )
    result.verdict = write_verdict(result)
    return result


def _summarise(scores: pd.DataFrame, n_train: float, n_test: float) -> pd.DataFrame:
    rows = []
    if scores.empty:
        return pd.DataFrame(columns=["classifier", "strategy", "metric", "mean", "low", "high"])
    for (clf, strategy), part in scores.groupby(["classifier", "strategy"], sort=False):
        for metric in METRICS:
            # every metric here lies in [0, 1]: the interval must too
            mean, low, high = corrected_t_interval(
                part.sort_values("split")[metric].to_numpy(),
                n_train=n_train,
                n_test=n_test,
                bounded=True,
            )
            rows.append(
                {
                    "classifier": clf,
                    "strategy": strategy,
                    "metric": metric,
                    "mean": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)


def _paired_tests(
    scores: pd.DataFrame, keys: list[str], n_train: float, n_test: float, alpha: float
) -> pd.DataFrame:
    rows = []
    columns = ["classifier", "strategy", "reference", "metric", "difference", "t", "p_value"]
    if scores.empty:
        return pd.DataFrame(columns=[*columns, "outcome"])
    for clf, by_clf in scores.groupby("classifier", sort=False):
        per = {s: part.sort_values("split") for s, part in by_clf.groupby("strategy")}
        for reference in REFERENCES:
            if reference not in per:
                continue
            ref = per[reference]
            for strategy in keys:
                if strategy == reference or strategy not in per:
                    continue
                mine = per[strategy]
                shared = np.intersect1d(mine.split.to_numpy(), ref.split.to_numpy())
                a_rows = mine.set_index("split").loc[shared]
                b_rows = ref.set_index("split").loc[shared]
                for metric, spec in METRICS.items():
                    test = corrected_resampled_t_test(
                        a_rows[metric].to_numpy(),
                        b_rows[metric].to_numpy(),
                        n_train=n_train,
                        n_test=n_test,
                        higher_is_better=spec.higher_is_better,
                        alpha=alpha,
                    )
                    rows.append(
                        {
                            "classifier": clf,
                            "strategy": strategy,
                            "reference": reference,
                            "metric": metric,
                            "difference": test.mean_difference,
                            "t": test.t,
                            "p_value": test.p_value,
                            "outcome": test.outcome,
                        }
                    )
    return pd.DataFrame(rows, columns=[*columns, "outcome"])
