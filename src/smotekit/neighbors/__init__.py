"""The neighbour engine: exact k-nearest neighbours within one class, self excluded."""

from smotekit.neighbors.engine import kneighbors_within, resolve_k

__all__ = ["kneighbors_within", "resolve_k"]
