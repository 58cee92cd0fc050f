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

from smotekit._compiled import keep_compiled_cache

keep_compiled_cache()  # before any kernel is defined: numba picks its cache folder then

from smotekit.errors import (  # noqa: E402 - after the cache folder is settled
    ClassTooSmallError,
    InvalidInputError,
    InvalidParameterError,
    MultiLabelError,
    NonNumericFeatureError,
    SmotekitError,
    SmotekitWarning,
)
from smotekit.neighbors import ApproximateNeighbors  # noqa: E402 - after the cache folder is settled
from smotekit.samplers import *  # noqa: E402, F403 - the samplers are the public API
from smotekit.samplers import __all__ as _samplers  # noqa: E402 - after the cache folder is settled

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
