"""Estimator tags for samplers, readable by scikit-learn's and imbalanced-learn's check suites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sklearn
from sklearn.utils import InputTags, Tags


def _sklearn_at_least(*version: int) -> bool:
    found = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", sklearn.__version__)
    assert found is not None, sklearn.__version__
    return tuple(int(part or 0) for part in found.groups()) >= version


#: scikit-learn < 1.7.1 cannot check an estimator tagged ``categorical`` that refuses NaN:
#: its ``check_positive_only_tag_during_fit`` builds int32 categories for it, then subtracts
#: their float mean in place (``X -= X.mean()``) and crashes before calling the estimator
#: (fixed in 1.7.1 with ``X.mean().astype(X.dtype)``, when CategoricalNB got the tag too).
#: The tag only chooses the data of scikit-learn's checks, so it is set where they can run.
CATEGORICAL_TAG = _sklearn_at_least(1, 7, 1)


def tag_categorical(tags: Any) -> Any:
    """Mark ``tags`` as accepting categorical input (where scikit-learn can check that)."""
    if CATEGORICAL_TAG:
        tags.input_tags.categorical = True
    return tags


@dataclass(slots=True)
class SamplerInputTags(InputTags):
    """scikit-learn's input tags plus ``dataframe`` (imbalanced-learn's extra field)."""

    dataframe: bool = True


@dataclass(slots=True)
class SamplerTags:
    """Sampler-specific tags: whether ``sample_indices_`` is set after resampling."""

    sample_indices: bool = False


@dataclass(slots=True)
class SamplerEstimatorTags(Tags):
    """scikit-learn's ``Tags`` plus ``sampler_tags``, the shape imbalanced-learn expects."""

    sampler_tags: SamplerTags | None = None
