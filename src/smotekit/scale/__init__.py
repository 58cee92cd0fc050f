"""Resampling data larger than memory: streamed files and Dask collections.

* :mod:`smotekit.scale.stream`: CSV and Parquet files read twice in chunks; only the class
  counts and the rows of the classes to grow are held (``smotekit resample --stream``).
* :mod:`smotekit.scale.dask`: Dask DataFrames and Arrays; samplers return lazy collections.
* :mod:`smotekit.scale.plan`: the plan, made by the samplers' in-memory code from counts and
  class rows, so every path gives the same rows for a seed.
* :mod:`smotekit.scale.cells`: neighbour-local cells for a class too large for one worker.

See ``docs/scale.md`` for the design and its arithmetic at a billion rows.
"""
