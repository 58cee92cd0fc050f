"""The plan: how many rows each class gains or keeps, and which base rows produce them."""

from smotekit.plan.allocation import (
    allocate_even,
    allocate_random,
    allocate_weighted,
    percentage_targets,
)
from smotekit.plan.strategy import resolve_sampling_strategy

__all__ = [
    "allocate_even",
    "allocate_random",
    "allocate_weighted",
    "percentage_targets",
    "resolve_sampling_strategy",
]
