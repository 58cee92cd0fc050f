"""The neighbour engine: exact k-nearest neighbours within one class (self excluded),
and of query rows or new points among all rows; every search in the package runs on it."""

from smotekit.neighbors.approximate import ApproximateNeighbors
from smotekit.neighbors.distances import pair_distances
from smotekit.neighbors.engine import kneighbors_query, kneighbors_within, resolve_k

__all__ = [
    "ApproximateNeighbors",
    "kneighbors_query",
    "kneighbors_within",
    "pair_distances",
    "resolve_k",
]
