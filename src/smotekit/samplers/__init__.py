"""Samplers: thin compositions of the door, the plan, the neighbour engine and synthesis."""

from smotekit.samplers.random_over import RandomOverSampler
from smotekit.samplers.random_under import RandomUnderSampler
from smotekit.samplers.smote import SMOTE

__all__ = ["SMOTE", "RandomOverSampler", "RandomUnderSampler"]
