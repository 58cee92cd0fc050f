"""Samplers: thin compositions of the door, the plan, the neighbour engine and synthesis."""

from smotekit.samplers.cleaning import EditedNearestNeighbours, TomekLinks
from smotekit.samplers.combine import SMOTEENN, SMOTETomek, SMOTEUnder
from smotekit.samplers.noise_filter import SyntheticNoiseFilter
from smotekit.samplers.random_over import RandomOverSampler
from smotekit.samplers.random_under import RandomUnderSampler
from smotekit.samplers.smote import SMOTE

__all__ = [
    "SMOTE",
    "SMOTEENN",
    "EditedNearestNeighbours",
    "RandomOverSampler",
    "RandomUnderSampler",
    "SMOTETomek",
    "SMOTEUnder",
    "SyntheticNoiseFilter",
    "TomekLinks",
]
