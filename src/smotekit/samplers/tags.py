"""Estimator tags for samplers, readable by scikit-learn's and imbalanced-learn's check suites."""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.utils import InputTags, Tags


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
