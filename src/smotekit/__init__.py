"""smotekit: SMOTE done right — faithful to the paper, fast, and imbalanced-learn compatible.

Examples
--------
>>> from smotekit import SMOTE
>>> from smotekit.datasets import load_pima
>>> X, y = load_pima(return_X_y=True)
>>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
>>> int((y_res == 1).sum())
500
"""

from smotekit.errors import (
    ClassTooSmallError,
    InvalidInputError,
    InvalidParameterError,
    MultiLabelError,
    NonNumericFeatureError,
    SmotekitError,
    SmotekitWarning,
)
from smotekit.neighbors import ApproximateNeighbors
from smotekit.samplers import *  # noqa: F403 - the samplers are the public API
from smotekit.samplers import __all__ as _samplers

__version__ = "0.1.0"

__all__ = [
    *_samplers,
    "ApproximateNeighbors",
    "ClassTooSmallError",
    "InvalidInputError",
    "InvalidParameterError",
    "MultiLabelError",
    "NonNumericFeatureError",
    "SmotekitError",
    "SmotekitWarning",
    "__version__",
]
