"""scikit-learn's and imbalanced-learn's estimator check suites, none excluded."""

from __future__ import annotations

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from smotekit import SMOTE, RandomOverSampler, RandomUnderSampler

ESTIMATORS = [
    SMOTE(),
    SMOTE(gap="box"),
    RandomOverSampler(),
    RandomUnderSampler(),
]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


imblearn_checks = pytest.importorskip("imblearn.utils.estimator_checks")


@imblearn_checks.parametrize_with_checks(ESTIMATORS)
def test_imblearn_compatible_estimator(estimator, check):
    check(estimator)
