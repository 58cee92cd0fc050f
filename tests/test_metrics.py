"""smotekit.metrics against imbalanced-learn's, side by side on random cases."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from smotekit import metrics

imblearn_metrics = pytest.importorskip("imblearn.metrics")


def cases(n_cases: int = 50):
    """Random binary and multi-class predictions, some with a class never predicted."""
    rng = np.random.default_rng(0)
    for i in range(n_cases):
        n_classes = 2 if i % 2 else int(rng.integers(3, 6))
        n = int(rng.integers(5, 200))
        y_true = rng.integers(0, n_classes, size=n)
        y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, n_classes, size=n))
        if i % 7 == 0:
            y_pred[y_pred == n_classes - 1] = 0  # a class never predicted
        yield y_true, y_pred, n_classes


def _same(ours, theirs):
    if isinstance(theirs, tuple):
        for a, b in zip(ours, theirs, strict=True):
            _same(a, b)
        return
    if theirs is None:
        assert ours is None
        return
    np.testing.assert_allclose(
        np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float), rtol=0, atol=1e-12
    )


AVERAGES = [None, "micro", "macro", "weighted"]


@pytest.mark.parametrize("average", [*AVERAGES, "binary"])
def test_sensitivity_specificity_support_and_scores(average):
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for y_true, y_pred, n_classes in cases():
            if average == "binary" and n_classes != 2:
                continue
            for name in (
                "sensitivity_specificity_support",
                "sensitivity_score",
                "specificity_score",
            ):
                kwargs = {"average": average}
                _same(
                    getattr(metrics, name)(y_true, y_pred, **kwargs),
                    getattr(imblearn_metrics, name)(y_true, y_pred, **kwargs),
                )
            labels = np.arange(n_classes)[::-1][: max(1, n_classes - 1)]
            if average != "binary":
                _same(
                    metrics.sensitivity_specificity_support(
                        y_true, y_pred, labels=labels, average=average
                    ),
                    imblearn_metrics.sensitivity_specificity_support(
                        y_true, y_pred, labels=labels, average=average
                    ),
                )
            checked += 1
    assert checked >= 25


@pytest.mark.parametrize("average", ["multiclass", *AVERAGES])
@pytest.mark.parametrize("correction", [0.0, 0.001])
def test_geometric_mean_and_iba(average, correction):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for y_true, y_pred, _ in cases():
            kwargs = {"average": average}
            if average == "multiclass":
                kwargs["correction"] = correction
            _same(
                metrics.geometric_mean_score(y_true, y_pred, **kwargs),
                imblearn_metrics.geometric_mean_score(y_true, y_pred, **kwargs),
            )
            for alpha, squared in ((0.1, True), (0.5, False)):
                ours = metrics.make_index_balanced_accuracy(alpha=alpha, squared=squared)(
                    metrics.geometric_mean_score
                )(y_true, y_pred, **kwargs)
                theirs = imblearn_metrics.make_index_balanced_accuracy(
                    alpha=alpha, squared=squared
                )(imblearn_metrics.geometric_mean_score)(y_true, y_pred, **kwargs)
                _same(ours, theirs)


def test_report_and_macro_mae():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for y_true, y_pred, _ in cases():
            ours = metrics.classification_report_imbalanced(y_true, y_pred, output_dict=True)
            theirs = imblearn_metrics.classification_report_imbalanced(
                y_true, y_pred, output_dict=True
            )
            assert ours.keys() == theirs.keys()
            for key, value in theirs.items():
                if isinstance(value, dict):
                    for k, v in value.items():
                        _same(ours[key][k], v)
                else:
                    _same(ours[key], value)
            assert metrics.classification_report_imbalanced(
                y_true, y_pred, digits=3
            ) == imblearn_metrics.classification_report_imbalanced(y_true, y_pred, digits=3)
            if set(np.unique(y_pred)) <= set(np.unique(y_true)):
                _same(
                    metrics.macro_averaged_mean_absolute_error(y_true, y_pred),
                    imblearn_metrics.macro_averaged_mean_absolute_error(y_true, y_pred),
                )


def test_string_labels_weights_and_refusals():
    y_true = np.array(["cat", "dog", "pig", "cat", "dog", "pig"])
    y_pred = np.array(["cat", "pig", "dog", "cat", "cat", "dog"])
    for average in AVERAGES:
        _same(
            metrics.sensitivity_specificity_support(y_true, y_pred, average=average),
            imblearn_metrics.sensitivity_specificity_support(y_true, y_pred, average=average),
        )
    ones = np.ones(6)
    _same(
        metrics.sensitivity_specificity_support(y_true, y_pred, sample_weight=ones),
        imblearn_metrics.sensitivity_specificity_support(y_true, y_pred, sample_weight=ones),
    )
    # weighted true negatives: doubling every weight changes no rate
    _same(
        metrics.specificity_score(y_true, y_pred, average=None, sample_weight=2 * ones),
        metrics.specificity_score(y_true, y_pred, average=None),
    )
    with pytest.raises(ValueError, match="average='binary'"):
        metrics.sensitivity_score(y_true, y_pred)
    with pytest.raises(ValueError, match="average="):
        metrics.sensitivity_score(y_true, y_pred, average="samples")
    with pytest.raises(ValueError, match="Multi-label"):
        metrics.geometric_mean_score(np.eye(3), np.eye(3))
    with pytest.raises(AttributeError, match="y_pred"):
        metrics.make_index_balanced_accuracy()(lambda y_true, y_score: 0.0)([0, 1], [0, 1])


def test_make_imbalance_counts_and_containers():
    from collections import Counter

    import pandas as pd
    from imblearn.datasets import make_imbalance as theirs
    from sklearn.datasets import load_iris

    from smotekit.datasets import make_imbalance
    from smotekit.errors import InvalidParameterError

    X, y = load_iris(return_X_y=True, as_frame=True)
    ours = make_imbalance(X, y, sampling_strategy={0: 10, 1: 25}, random_state=0)
    ref = theirs(X, y, sampling_strategy={0: 10, 1: 25}, random_state=0)
    assert Counter(ours[1]) == Counter(ref[1]) == {0: 10, 1: 25, 2: 50}
    assert isinstance(ours[0], pd.DataFrame) and ours[0].index.isin(X.index).all()
    assert ours[0].equals(X.loc[ours[0].index])  # kept rows unchanged
    by_ratio = make_imbalance(
        X, y, sampling_strategy=lambda y, share: {0: int(share * 50)}, share=0.2, random_state=1
    )
    assert Counter(by_ratio[1])[0] == 10
    with pytest.raises(InvalidParameterError, match="dict"):
        make_imbalance(X, y, sampling_strategy=0.5)
