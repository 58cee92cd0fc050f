"""The one door every sampler's data passes through.

``ingest`` turns whatever the caller gave (numpy, lists, pandas, polars, scipy.sparse) into
plain arrays plus what is needed to give the caller the same kind of container back, and it
raises the clear errors for malformed input. Nothing here mutates the caller's objects.
"""

from smotekit.door.features import Features, ingest_features
from smotekit.door.nominal import NominalColumns, ingest_nominal
from smotekit.door.target import Target, ingest_target

__all__ = [
    "Features",
    "NominalColumns",
    "Target",
    "ingest_features",
    "ingest_nominal",
    "ingest_target",
]
