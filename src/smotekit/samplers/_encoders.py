"""``categorical_encoder`` (imbalanced-learn's parameter of SMOTE-NC and SMOTE-N).

smotekit computes with its own codes of the nominal values; the distances and votes do not
depend on how categories are numbered. The encoder is fitted for what users read from it
(``categorical_encoder_.categories_``, ``get_feature_names_out``), on one row per distinct
value, which gives the categories a fit on all rows gives, at the cost of the distinct
values only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import clone

from smotekit.door import Features


def fitted_encoder(encoder: Any, features: Features, default: Any) -> Any:
    """``encoder`` (or ``default``) fitted on the distinct values of the nominal columns."""
    nominal = features.nominal
    height = max(len(values) for values in nominal.values)
    block = np.empty((height, len(nominal.values)), dtype=object)
    for j, values in enumerate(nominal.values):
        values = np.asarray(values, dtype=object)
        block[:, j] = np.resize(values, height)  # repeats: the set of values is unchanged
    names = features.feature_names_in
    if names is not None:
        import pandas as pd

        block = pd.DataFrame(block, columns=[names[j] for j in nominal.columns])
    return clone(default if encoder is None else encoder).fit(block)
