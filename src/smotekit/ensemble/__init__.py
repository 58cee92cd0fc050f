"""Ensembles that balance the data each member learns from: drop-ins for
``imblearn.ensemble``.

- :class:`BalancedBaggingClassifier`: bagging whose bags a sampler balances (any sampler).
- :class:`BalancedRandomForestClassifier`: a random forest of trees grown on balanced
  random under-samples.
- :class:`EasyEnsembleClassifier`: AdaBoost learners on balanced random under-samples.
- :class:`RUSBoostClassifier`: AdaBoost with a random under-sample at every round.

Examples
--------
>>> from sklearn.datasets import make_classification
>>> from smotekit.ensemble import BalancedRandomForestClassifier
>>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
>>> clf = BalancedRandomForestClassifier(n_estimators=5, random_state=0).fit(X, y)
>>> clf.predict_proba(X[:3]).shape
(3, 2)
"""

from smotekit.ensemble.bagging import BalancedBaggingClassifier
from smotekit.ensemble.easy_ensemble import EasyEnsembleClassifier
from smotekit.ensemble.forest import BalancedRandomForestClassifier
from smotekit.ensemble.rusboost import RUSBoostClassifier

__all__ = [
    "BalancedBaggingClassifier",
    "BalancedRandomForestClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
]
