"""Over-sampling a Dask DataFrame whose class to grow does not fit one worker: SMOTE in cells.

Used by :func:`smotekit.scale.dask.fit_resample` when a class to grow has more rows than
``max_class_rows``. For each such class:

1. a sample of its rows (each partition draws its share with a generator derived from the
   seed and the partition's number) grows a :class:`~smotekit.scale.cells.CellTree` with
   cells of about ``max_class_rows / 2`` rows;
2. the class's new rows are shared among the cells in proportion to the sample's count in
   each (exact total, :func:`~smotekit.plan.allocation.allocate_weighted`);
3. every partition splits its rows of the class by cell, and one task per cell gathers its
   pieces (in partition order, so the cell's rows are in input order) and runs the sampler's
   own plan and rendering on them, with a generator derived from the seed and the cell.

Classes small enough are one cell each. The output is reproducible for a given seed and
partitioning; neighbours are the nearest rows within the cell (docs/scale.md: recall).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sklearn.base import clone

from smotekit.door.labels import label_range
from smotekit.plan.allocation import allocate_weighted
from smotekit.samplers.base import BaseSampler, make_rng
from smotekit.scale.cells import CellTree
from smotekit.scale.plan import Renderer, counts_target

#: Rows of the class sampled to grow the cell tree.
CELL_SAMPLE_ROWS = 50_000


def resample_in_cells(
    sampler: Any,
    X: Any,
    y: Any,
    x_parts: list,
    y_parts: list,
    counts: dict[Any, int],
    strategy: dict[Any, int],
    limit: int,
    scheme: Any,
    partition_rows: int,
) -> tuple[Any, Any]:
    """New rows of every class to grow, made cell by cell on the workers (see module docs).

    ``x_parts`` and ``y_parts`` are the aligned partitions of ``X`` and ``y`` (delayed).
    """
    import dask
    import dask.dataframe as dd

    classes = [c for c, n in strategy.items() if n > 0]
    n_cells = {c: max(1, math.ceil(2 * counts[c] / limit)) for c in classes}
    big = [c for c in classes if n_cells[c] > 1]
    fraction = {c: min(1.0, CELL_SAMPLE_ROWS / counts[c]) for c in big}
    seed = _seed(sampler)
    samples = dask.compute(
        *[
            dask.delayed(_sample)(xp, yp, big, fraction, seed, i)
            for i, (xp, yp) in enumerate(zip(x_parts, y_parts, strict=True))
        ]
    )
    trees: dict[Any, CellTree | None] = {c: None for c in classes}
    shares: dict[Any, np.ndarray] = {c: np.ones(1) for c in classes}
    for ci, c in enumerate(classes):
        if c not in fraction:
            continue
        sample = np.concatenate([s[c] for s in samples if s[c].shape[0]])
        trees[c] = CellTree.fit(sample, n_cells[c], derived_rng(sampler, ci, 0))
        shares[c] = np.bincount(trees[c].assign(sample), minlength=trees[c].n_cells)
    x_new, y_new, ranges = [], [], []
    start = 0  # first new row of the class, in the output's new rows
    for ci, c in enumerate(classes):
        tree = trees[c]
        n_cell = 1 if tree is None else tree.n_cells
        per_cell = np.bincount(
            allocate_weighted(shares[c].astype(float), strategy[c], derived_rng(sampler, ci, 1)),
            minlength=n_cell,
        )
        splits = [
            dask.delayed(_split)(xp, yp, c, tree) for xp, yp in zip(x_parts, y_parts, strict=True)
        ]
        for j in range(n_cell):
            if per_cell[j] == 0:
                continue
            pieces = [dask.delayed(_piece)(s, j) for s in splits]
            made = dask.delayed(_plan_cell)(
                sampler, c, pieces, int(per_cell[j]), (ci, 2, j), scheme, start, _name(y)
            )
            x_new.append(dask.delayed(_first)(made))
            y_new.append(dask.delayed(_second)(made))
            ranges.append((start, start + int(per_cell[j])))
            start += int(per_cell[j])
    meta = X._meta
    if getattr(sampler, "integer_columns", "round") == "float":
        meta = meta.astype({col: np.float64 for col, t in meta.dtypes.items() if t.kind in "iub"})
        X = X.astype(meta.dtypes.to_dict())
    if not x_new:
        return X, y
    divisions = new_divisions(X, scheme, ranges)
    X_new = dd.from_delayed(x_new, meta=meta, divisions=divisions, verify_meta=False)
    y_new_series = dd.from_delayed(y_new, meta=y._meta, divisions=divisions, verify_meta=False)
    if hasattr(sampler, "provenance_"):
        del sampler.provenance_  # made cell by cell on the workers, not kept on the client
    return dd.concat([X, X_new]), dd.concat([y, y_new_series])


def _seed(sampler: Any) -> int:
    seed = sampler.random_state
    if isinstance(seed, int | np.integer):
        return int(seed)

    return int(make_rng(seed).integers(0, 2**63 - 1))


def _name(y: Any) -> Any:
    return getattr(y, "name", None)


def _sample(x_part, y_part, classes, fraction, seed, i) -> dict[Any, np.ndarray]:
    """The partition's random share of each big class's rows, as float64 (for the tree)."""
    labels = y_part.to_numpy()
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1 << 20, i)))
    out = {}
    for c in classes:
        rows = np.flatnonzero(labels == c)
        chosen = rows[rng.random(rows.shape[0]) < fraction[c]]
        out[c] = x_part.iloc[chosen].to_numpy(dtype=np.float64)
    return out


def _split(x_part, y_part, c, tree) -> list:
    """The partition's rows of class ``c``, by cell."""
    rows = x_part.iloc[np.flatnonzero(y_part.to_numpy() == c)]
    if tree is None:
        return [rows]
    cell = tree.assign(rows.to_numpy(dtype=np.float64))
    return [rows.iloc[cell == j] for j in range(tree.n_cells)]


def _piece(split: list, j: int) -> Any:
    return split[j]


def _plan_cell(sampler, c, pieces, n_new, key, scheme, start, name):
    """One cell: the sampler's own plan on the cell's rows, then its new rows."""
    import pandas as pd

    frame = pd.concat(pieces)
    index = pd.Index(label_range(scheme, start, start + n_new))
    if n_new == 0:
        return frame.iloc[:0].set_axis(index, axis=0), pd.Series(
            np.full(0, c), index=index, name=name
        )
    own = clone(sampler)
    if "n_jobs" in own.get_params():
        own.set_params(n_jobs=1)  # a worker's thread; the rows do not depend on it
    features = own.read_features(frame)
    labels = np.full(frame.shape[0], c)
    target = counts_target({c: frame.shape[0]}, labels)
    own.n_features_in_ = features.n_features
    own.sampling_strategy_ = {c: n_new}
    outcome = own.decide(features, target, derived_rng(sampler, *key))
    if outcome.recipe is None:  # RandomOverSampler: copies of the cell's rows
        new = frame.iloc[outcome.copies].copy()
        new.index = index
    else:
        dtypes = frame.dtypes.to_dict()
        if outcome.integers_as_float:
            dtypes = {col: (np.float64 if t.kind in "iub" else t) for col, t in dtypes.items()}
        renderer = Renderer(outcome.rebind, features, dtypes, outcome.integers_as_float)
        new = renderer.frame(outcome.recipe, index=index)
    return new, pd.Series(np.full(n_new, c), index=index, name=name)


def _first(pair):
    return pair[0]


def _second(pair):
    return pair[1]


def new_divisions(X: Any, scheme: Any, ranges: list[tuple[int, int]]) -> Any:
    """Index bounds of the new partitions, when they are known (an integer index).

    With known divisions, ``X_res.assign(label=y_res)`` and other index joins pair the
    partitions directly, without a shuffle that would reorder the rows.
    """
    if not X.known_divisions or isinstance(scheme, str) or not ranges:
        return None
    bounds = [scheme + a for a, _ in ranges] + [scheme + ranges[-1][1] - 1]
    return tuple(int(b) for b in bounds)


def derived_rng(sampler: BaseSampler, *key: int) -> np.random.Generator:
    """A generator for one cell, from the sampler's seed and the cell's key (reproducible)."""
    seed = sampler.random_state
    if not isinstance(seed, int | np.integer):
        seed = int(make_rng(seed).integers(0, 2**63 - 1))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))
