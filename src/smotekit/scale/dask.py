"""Samplers on Dask DataFrames and Arrays: lazy, parallel over partitions, same rows as in memory.

``sampler.fit_resample(X, y)`` with Dask collections comes here (see
:meth:`smotekit.samplers.base.BaseSampler.fit_resample`) and returns Dask collections:

1. **Counts** (computed now): per partition, its length and class counts, and what new index
   labels must avoid. A cheap aggregation over ``y``.
2. **Plan** (on the client): the in-memory strategy code resolves the counts.
   *Under-sampling* draws the kept rows' ranks from the counts; each partition is filtered
   lazily. *Over-sampling* computes the rows of the classes it grows (and checks every value
   is finite on the way) and plans with the in-memory code
   (:func:`smotekit.scale.plan.plan_from_class_rows`): the recipe is the in-memory recipe.
3. **Output** (lazy): the original partitions, untouched, then new partitions made with
   ``dask.delayed``, each rendering one range of the recipe from the held rows and the
   plan's draws (:class:`~smotekit.synthesis.DrawnRecipe`), which enter the graph once:
   the graph's size follows the minority rows, not the number of new rows.

When a class to grow has more rows than ``max_class_rows`` (default
:data:`MAX_CLASS_ROWS`, or the Dask config key ``smotekit.max-class-rows``), its rows are not
collected: they are split into neighbour-preserving cells (:mod:`smotekit.scale.cells`),
shuffled so each cell is one partition, and SMOTE runs within every cell on a worker. Rows are
then reproducible for a given seed and partitioning, but no longer equal to the in-memory
rows, and neighbours are the nearest rows within a cell (docs/scale.md gives the recall).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from smotekit.door.checks import nonfinite_error
from smotekit.door.labels import label_range, label_scheme
from smotekit.errors import InvalidInputError
from smotekit.plan.strategy import class_counts
from smotekit.samplers.base import BaseSampler
from smotekit.scale.dask_cells import new_divisions, resample_in_cells
from smotekit.scale.plan import (
    OutOfCoreError,
    kept_ranks,
    multiplicity,
    plan_counts,
    plan_from_class_rows,
    rows_needed,
    sorted_counts,
)

#: Rows of one class above which it is split into cells instead of collected on the client.
MAX_CLASS_ROWS = 2_000_000


def fit_resample(
    sampler: BaseSampler,
    X: Any,
    y: Any,
    *,
    max_class_rows: int | None = None,
    partition_rows: int | None = None,
) -> tuple[Any, Any]:
    """Resample Dask collections; return ``(X_resampled, y_resampled)`` as Dask collections.

    Parameters
    ----------
    sampler : SMOTE, RandomOverSampler or RandomUnderSampler
        Fitted by the call (``sampling_strategy_``; SMOTE's ``provenance_`` in exact mode).
    X : dask DataFrame or dask Array (2-D)
    y : dask Series or dask Array (1-D), partitioned as ``X``
    max_class_rows : int, optional
        Above this many rows a class to grow is resampled in cells (see the module docs).
    partition_rows : int, optional
        Rows per new partition (default: the input's mean partition length).

    Returns
    -------
    X_resampled, y_resampled
        Original partitions first, unchanged, then the new rows; lazy.

    Examples
    --------
    >>> import numpy as np, pandas as pd, dask, dask.dataframe as dd
    >>> from smotekit import SMOTE
    >>> rng = np.random.default_rng(0)
    >>> frame = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    >>> y = pd.Series([0] * 180 + [1] * 20, name="label")
    >>> X_big, y_big = dd.from_pandas(frame, npartitions=4), dd.from_pandas(y, npartitions=4)
    >>> with dask.config.set(scheduler="sync"):
    ...     X_res, y_res = SMOTE(random_state=0).fit_resample(X_big, y_big)
    ...     expected, _ = SMOTE(random_state=0).fit_resample(frame, y)
    ...     bool((X_res.compute() == expected).all().all())
    True
    """
    import dask

    mode = rows_needed(sampler, "Dask")
    kind, x_parts, y_parts, y_alone = _partitions(X, y)
    if sampler.reads_numbers():
        # the in-memory door's dtype checks, on Dask's example of one partition
        example = X._meta_nonempty if kind == "frame" else np.ones((1, X.shape[1]), X.dtype)
        sampler.read_features(example)
    # under-sampling needs counts per partition of X's partitioning; otherwise y alone is
    # read (Dask may then read it in fewer, fused partitions: only totals are used)
    stats = dask.compute(
        *[dask.delayed(_stats)(p, kind) for p in (y_parts if mode == "counts" else y_alone)]
    )
    counts: dict[Any, int] = {}
    for _, part_counts, _ in stats:
        for c, n in part_counts.items():
            counts[c] = counts.get(c, 0) + n
    counts = sorted_counts(counts)
    n_rows = int(sum(s[0] for s in stats))
    if mode == "counts":
        return _under(sampler, X, y, kind, x_parts, y_parts, stats, counts)
    strategy = plan_counts(sampler, counts)
    targeted = [c for c, n in strategy.items() if n > 0]
    if partition_rows is None:
        partition_rows = max(1, n_rows // max(len(x_parts), 1))
    scheme = _label_scheme(kind, stats, sum(strategy.values()))
    limit = (
        max_class_rows
        if max_class_rows is not None
        else dask.config.get("smotekit.max-class-rows", MAX_CLASS_ROWS)
    )
    big = [c for c in targeted if counts[c] > limit]
    if big:
        if kind != "frame":
            raise OutOfCoreError(
                f"Class(es) {big} have more than max_class_rows={limit} rows; resampling in "
                "cells needs a Dask DataFrame (dask.dataframe.from_dask_array(X))."
            )
        return resample_in_cells(
            sampler, X, y, x_parts, y_parts, counts, strategy, limit, scheme, partition_rows
        )
    numeric = sampler.reads_numbers()
    found = dask.compute(
        *[
            dask.delayed(_class_rows)(xp, yp, targeted, kind, numeric)
            for xp, yp in zip(x_parts, y_parts, strict=True)
        ]
    )
    _check_finite(X, kind, found)
    held, labels, positions = _join(found, kind, X)
    plan = None
    if targeted:
        plan = plan_from_class_rows(sampler, held, labels, positions, counts, n_rows)
    return _over(plan, X, y, kind, scheme, partition_rows, n_rows)


def fit(sampler: BaseSampler, X: Any, y: Any) -> BaseSampler:
    """``fit`` on Dask collections: count the classes (reading ``y`` only), set the plan.

    Sets ``sampling_strategy_`` and ``n_features_in_`` (and ``feature_names_in_`` for a
    DataFrame with string column names), as the in-memory ``fit`` does.
    """
    import dask

    rows_needed(sampler, "Dask")
    kind, _, _, y_alone = _partitions(X, y)
    stats = dask.compute(*[dask.delayed(_stats)(p, kind) for p in y_alone])
    counts: dict[Any, int] = {}
    for _, part_counts, _ in stats:
        for c, n in part_counts.items():
            counts[c] = counts.get(c, 0) + n
    plan_counts(sampler, counts)
    sampler.n_features_in_ = int(X.shape[1])
    if kind == "frame" and all(isinstance(c, str) for c in X.columns):
        sampler.feature_names_in_ = np.asarray(X.columns, dtype=object)
    return sampler


# ---- partitions and their statistics ---------------------------------------------------


def _partitions(X: Any, y: Any) -> tuple[str, list, list, list]:
    """``(kind, X's parts, y's parts aligned with them, y's parts read alone)``."""
    import dask
    import dask.array as da
    import dask.dataframe as dd

    if isinstance(X, dd.DataFrame) and isinstance(y, dd.Series):
        if X.npartitions != y.npartitions:
            raise InvalidInputError(
                f"X has {X.npartitions} partitions and y {y.npartitions}; give them the same "
                "partitions (e.g. both columns of one DataFrame)."
            )
        # one frame holding both, so X and y are cut alike: read apart, a reader may fuse the
        # partitions of a single column (Parquet does) and the partitions would not match
        column = "__smotekit_y__"
        while column in X.columns:
            column = "_" + column
        joined = X.assign(**{column: y}).to_delayed()
        x_parts = [dask.delayed(_drop)(part, column) for part in joined]
        y_parts = [dask.delayed(_pick)(part, column, y.name) for part in joined]
        return "frame", x_parts, y_parts, list(y.to_delayed())
    if isinstance(X, da.Array) and isinstance(y, da.Array):
        if X.ndim != 2 or y.ndim != 1:
            raise InvalidInputError(
                f"X must be a 2-D and y a 1-D Dask Array; got {X.ndim}-D and {y.ndim}-D."
            )
        if X.shape[0] != y.shape[0]:
            raise InvalidInputError(
                f"X has {X.shape[0]} rows but y has {y.shape[0]} labels; they must match."
            )
        if len(X.chunks[1]) > 1:
            X = X.rechunk({1: -1})  # whole rows per block
        if y.chunks[0] != X.chunks[0]:
            y = y.rechunk({0: X.chunks[0]})
        y_parts = list(y.to_delayed())
        return "array", list(X.to_delayed()[:, 0]), y_parts, y_parts
    raise InvalidInputError(
        "Dask input: X must be a Dask DataFrame with y a Dask Series, or X a 2-D Dask Array "
        f"with y a 1-D Dask Array; got {type(X).__name__} and {type(y).__name__}."
    )


def _drop(part: Any, column: str) -> Any:
    return part.drop(columns=column)


def _pick(part: Any, column: str, name: Any) -> Any:
    return part[column].rename(name)


def _stats(y_part: Any, kind: str) -> tuple[int, dict[Any, int], Any]:
    """Length, class counts and index summary (frames) of one partition of ``y``."""
    import pandas as pd

    labels = np.asarray(y_part.to_numpy() if kind == "frame" else y_part)
    if labels.shape[0] and labels.dtype.kind == "f" and np.isnan(labels).any():
        raise InvalidInputError("y has missing labels (NaN); drop those rows or fill them in.")
    if labels.dtype == object and pd.isna(labels).any():
        raise InvalidInputError("y has missing labels (None/NaN); drop or fill them first.")
    counts = class_counts(labels) if labels.shape[0] else {}
    index = None
    if kind == "frame":
        idx = y_part.index
        if pd.api.types.is_integer_dtype(idx.dtype):
            index = ("int", int(idx.max()) if len(idx) else None)
        else:
            index = ("other", [v for v in idx if isinstance(v, str) and "synthetic-" in v])
    return int(labels.shape[0]), counts, index


def _label_scheme(kind: str, stats: tuple, n_new: int) -> Any:
    """Labels of the new rows' index, as :func:`smotekit.door.features.new_labels` gives."""
    if kind != "frame":
        return None
    infos = [s[2] for s in stats]
    if all(i[0] == "int" for i in infos):
        maxima = [i[1] for i in infos if i[1] is not None]
        return label_scheme(max(maxima) + 1 if maxima else 0, n_new, list)
    return label_scheme(None, n_new, lambda: [v for i in infos if i[0] == "other" for v in i[1]])


def _class_rows(x_part, y_part, classes, kind, numeric):
    """The partition's rows of ``classes``, labels, positions in it, non-finite counts, length."""
    labels = np.asarray(y_part.to_numpy() if kind == "frame" else y_part)
    mask = (
        np.isin(labels, np.asarray(classes, dtype=labels.dtype))
        if classes
        else np.zeros(labels.shape[0], dtype=bool)
    )
    where = np.flatnonzero(mask)
    rows = x_part.iloc[where] if kind == "frame" else np.asarray(x_part)[where]
    nan = inf = None
    if numeric and labels.shape[0]:
        values = (
            x_part.to_numpy(dtype=np.float64, na_value=np.nan)
            if kind == "frame"
            else (np.asarray(x_part, dtype=np.float64))
        )
        nan, inf = np.isnan(values).sum(axis=0), np.isinf(values).sum(axis=0)
    return rows, labels[where], where, nan, inf, int(labels.shape[0])


def _check_finite(X: Any, kind: str, found: tuple) -> None:
    totals = [f for f in found if f[3] is not None]
    if not totals:
        return
    nan = np.sum([f[3] for f in totals], axis=0)
    inf = np.sum([f[4] for f in totals], axis=0)
    if nan.any() or inf.any():
        names = (
            [str(c) for c in X.columns]
            if kind == "frame"
            else [f"column {j}" for j in range(X.shape[1])]
        )
        raise nonfinite_error(
            names,
            {int(j): int(nan[j]) for j in np.flatnonzero(nan)},
            {int(j): int(inf[j]) for j in np.flatnonzero(inf)},
        )


def _join(found: tuple, kind: str, X: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    import pandas as pd

    rows = [f[0] for f in found]
    held = pd.concat(rows) if kind == "frame" else np.concatenate(rows)
    labels = np.concatenate([f[1] for f in found])
    lengths = np.array([f[5] for f in found], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    positions = np.concatenate(
        [f[2].astype(np.int64) + off for f, off in zip(found, offsets, strict=True)]
    )
    return held, labels, positions


# ---- outputs ------------------------------------------------------------------------------


def _over(plan, X, y, kind, scheme, partition_rows, n_rows) -> tuple[Any, Any]:
    """Original partitions, then new partitions rendered from ranges of the plan."""
    import dask
    import dask.array as da
    import dask.dataframe as dd

    if plan is None or plan.n_new == 0:
        return X, y
    n_new = plan.n_new
    ranges = [(a, min(a + partition_rows, n_new)) for a in range(0, n_new, partition_rows)]
    n_copies = plan.copies.shape[0]
    renderer = plan.renderer() if plan.recipe is not None else None
    # the held rows and the draws (the size of the class, not of the output) go into the
    # graph once; every task renders its own range from them
    shared = dask.delayed(
        (renderer, plan.recipe) if renderer is not None else plan.features.original,
        pure=True,
        traverse=False,
    )
    x_new, y_new = [], []
    for a, b in ranges:
        if renderer is not None:
            task = dask.delayed(_render)(shared, a - n_copies, b - n_copies, kind, scheme, a, b)
        else:
            task = dask.delayed(_copies)(shared, plan.copies[a:b].copy(), kind, scheme, a, b)
        x_new.append(task)
        runs = _runs(plan.new_labels(a, b))
        y_new.append(dask.delayed(_labels)(runs, kind, scheme, a, b, _name(y), y.dtype))
    if renderer is not None:
        plan.globalise()
    if kind == "frame":
        dtypes = plan.output_dtypes()
        meta = X._meta.astype(dtypes) if dtypes is not None else X._meta
        originals = X.astype(dtypes) if plan.outcome.integers_as_float else X
        divisions = new_divisions(X, scheme, ranges)
        X_new = dd.from_delayed(x_new, meta=meta, divisions=divisions, verify_meta=False)
        y_new_frame = dd.from_delayed(y_new, meta=y._meta, divisions=divisions, verify_meta=False)
        return (
            dd.concat([originals, X_new], interleave_partitions=False),
            dd.concat([y, y_new_frame], interleave_partitions=False),
        )
    dtype = X.dtype
    if plan.outcome.integers_as_float and dtype.kind in "iub":
        dtype = np.dtype(np.float64)
    blocks = [
        da.from_delayed(t, shape=(b - a, X.shape[1]), dtype=dtype)
        for t, (a, b) in zip(x_new, ranges, strict=True)
    ]
    labels = [
        da.from_delayed(t, shape=(b - a,), dtype=y.dtype)
        for t, (a, b) in zip(y_new, ranges, strict=True)
    ]
    return (
        da.concatenate([X.astype(dtype), *blocks], axis=0),
        da.concatenate([y, *labels], axis=0),
    )


def _name(y: Any) -> Any:
    return getattr(y, "name", None)


def _runs(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``labels`` as (values, lengths) of runs: new rows come grouped by class."""
    if labels.shape[0] == 0:
        return labels[:0], np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], labels[1:] != labels[:-1]]))
    lengths = np.diff(np.concatenate([starts, [labels.shape[0]]]))
    return labels[starts], lengths


def _render(shared, lo, hi, kind, scheme, a, b):
    renderer, drawn = shared
    recipe = drawn.rows(lo, hi)
    if kind == "frame":
        return renderer.frame(recipe, index=label_range(scheme, a, b))
    return renderer.array(recipe)


def _copies(held, local, kind, scheme, a, b):
    if kind == "frame":
        block = held.iloc[local].copy()
        block.index = label_range(scheme, a, b)
        return block
    return np.asarray(held)[local]


def _labels(runs, kind, scheme, a, b, name, dtype):
    labels = np.repeat(*runs)
    if kind == "frame":
        import pandas as pd

        return pd.Series(labels, index=label_range(scheme, a, b), name=name).astype(dtype)
    return labels.astype(dtype, copy=False)


def _under(sampler, X, y, kind, x_parts, y_parts, stats, counts) -> tuple[Any, Any]:
    """Each partition keeps its rows chosen by rank; the ranks come from the counts alone."""
    import dask
    import dask.array as da
    import dask.dataframe as dd

    ranks = kept_ranks(sampler, counts)
    seen: dict[Any, int] = {}
    x_new, y_new, sizes = [], [], []
    for xp, yp, (_, part_counts, _) in zip(x_parts, y_parts, stats, strict=True):
        own = {}
        for c, chosen in ranks.items():
            start = seen.get(c, 0)
            stop = start + part_counts.get(c, 0)
            lo, hi = np.searchsorted(chosen, [start, stop])
            own[c] = chosen[lo:hi] - start  # ranks within this partition
            seen[c] = stop
        sizes.append(
            sum(n for c, n in part_counts.items() if c not in ranks)
            + sum(r.shape[0] for r in own.values())
        )
        times = dask.delayed(_times)(yp, own, kind)
        x_new.append(dask.delayed(_repeat)(xp, times, kind))
        y_new.append(dask.delayed(_repeat)(yp, times, kind))
    if kind == "frame":
        # rows only leave their partitions: the index bounds still hold
        divisions = X.divisions if X.known_divisions else None
        return (
            dd.from_delayed(x_new, meta=X._meta, divisions=divisions, verify_meta=False),
            dd.from_delayed(y_new, meta=y._meta, divisions=divisions, verify_meta=False),
        )
    x_blocks = [
        da.from_delayed(t, shape=(n, X.shape[1]), dtype=X.dtype)
        for t, n in zip(x_new, sizes, strict=True)
    ]
    y_blocks = [
        da.from_delayed(t, shape=(n,), dtype=y.dtype) for t, n in zip(y_new, sizes, strict=True)
    ]
    return da.concatenate(x_blocks, axis=0), da.concatenate(y_blocks, axis=0)


def _times(y_part, own, kind):
    labels = np.asarray(y_part.to_numpy() if kind == "frame" else y_part)
    return multiplicity(labels, own, {})


def _repeat(part, times, kind):
    index = np.repeat(np.arange(times.shape[0]), times)
    if kind == "frame":
        return part.iloc[index]
    return np.asarray(part)[index]
