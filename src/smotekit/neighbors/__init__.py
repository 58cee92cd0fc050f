"""The neighbour engine: exact k-nearest neighbours within one class, self excluded."""

from smotekit.neighbors.among import kneighbors_among, kneighbors_points
from smotekit.neighbors.approximate import ApproximateNeighbors
from smotekit.neighbors.engine import kneighbors_within, resolve_k

__all__ = [
    "ApproximateNeighbors",
    "kneighbors_among",
    "kneighbors_points",
    "kneighbors_within",
    "resolve_k",
]
