"""The plan of an out-of-core resampling, made by the in-memory code from counts and class rows.

A file larger than memory (:mod:`smotekit.scale.stream`) and a Dask collection
(:mod:`smotekit.scale.dask`) are never held whole. What a sampler's plan reads is small:

* the class counts of all rows (how many rows each class gains or keeps), and
* for over-samplers, the rows of the classes they grow (SMOTE's neighbours are same-class
  neighbours; a repeated row is a row of its own class).

:func:`plan_from_class_rows` hands those to the sampler's own ``fit_from`` and ``decide``
(the very methods ``fit_resample`` calls), with a :class:`~smotekit.door.Target` that carries
the whole data's counts. The :class:`~smotekit.synthesis.Recipe` therefore comes out identical
to the in-memory one, only with positions local to the rows held; :class:`ClassRowsPlan` maps
them back and renders any range of the synthetic rows on its own. Under-sampling needs the
counts only: :func:`kept_ranks` decides the kept rows of each class by rank before a single row
is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from smotekit.door import Features, Target
from smotekit.errors import InvalidParameterError
from smotekit.plan.strategy import class_counts
from smotekit.samplers.base import BaseSampler, make_rng
from smotekit.samplers.interpolation import InterpolationSampler
from smotekit.samplers.outcome import Outcome
from smotekit.synthesis import DrawnRecipe, Recipe


class OutOfCoreError(InvalidParameterError):
    """The sampler, or one of its settings, needs all rows in memory at once."""


def rows_needed(sampler: BaseSampler, mode: str = "streaming") -> str:
    """``"counts"`` or ``"targeted rows"``: what ``sampler`` reads to plan; refuse the rest.

    Parameters
    ----------
    sampler : BaseSampler
    mode : str
        Named in the message ("streaming" or "Dask").

    Raises
    ------
    OutOfCoreError
        The sampler needs all rows (neighbours among every class, a model of all data), its
        ``sampling_strategy`` is a callable (it reads every label), or a setting draws
        randomness for all new rows at once (``RandomOverSampler(shrinkage=...)``).

    Examples
    --------
    >>> from smotekit import SMOTE, BorderlineSMOTE
    >>> rows_needed(SMOTE())
    'targeted rows'
    >>> rows_needed(BorderlineSMOTE())
    Traceback (most recent call last):
    ...
    smotekit.scale.plan.OutOfCoreError: BorderlineSMOTE cannot run in streaming mode: ...
    """
    name = type(sampler).__name__
    needed = getattr(type(sampler), "rows_needed", "all rows")
    if needed == "all rows":
        why = getattr(sampler, "why_all_rows", "its plan reads rows of every class")
        raise OutOfCoreError(
            f"{name} cannot run in {mode} mode: {why}, and {mode} mode holds only the class "
            "counts and the rows of the classes it grows. Use SMOTE, RandomOverSampler or "
            "RandomUnderSampler, or the in-memory path (drop --stream / compute the data)."
        )
    if callable(getattr(sampler, "sampling_strategy", None)):
        raise OutOfCoreError(
            f"A callable sampling_strategy receives every label of y, which {mode} mode never "
            "holds; give the counts as a dict {class: n_samples} or use a string or float."
        )
    if getattr(sampler, "indicator", None) is not None:
        raise OutOfCoreError(
            f"indicator= adds a column to the resampled rows in memory; {mode} mode writes "
            "the input's columns only. Drop indicator (mark the added rows from "
            "provenance_.first_row) or use the in-memory path."
        )
    if getattr(sampler, "metric", "euclidean") not in ("euclidean", "smote-nc"):
        raise OutOfCoreError(
            f"metric={sampler.metric!r} is supported in memory only: {mode} mode searches "
            "the Euclidean distance (HEOM and HVDM read every row's column ranges or "
            "spreads; the other distances are not wired into the out-of-core search). Use "
            "metric='euclidean' or the in-memory path."
        )
    if getattr(sampler, "missing", "error") != "error":
        raise OutOfCoreError(
            f"missing={sampler.missing!r} is supported in memory only: {mode} mode refuses "
            "missing values. Impute X first, or use the in-memory path."
        )
    if getattr(sampler, "shrinkage", None) is not None:
        raise OutOfCoreError(
            f"RandomOverSampler(shrinkage=...) draws its noise for all new rows at once; "
            f"{mode} mode supports plain copies only (shrinkage=None)."
        )
    return needed


def counts_target(counts: dict[Any, int], labels: np.ndarray | None = None) -> Target:
    """A :class:`~smotekit.door.Target` of some (or no) rows, carrying the whole data's counts."""
    if labels is None:
        labels = np.zeros(0, dtype=np.asarray(list(counts)).dtype)
    return Target(labels=labels, kind="numpy", original=labels, known_counts=dict(counts))


def sorted_counts(counts: dict[Any, int]) -> dict[Any, int]:
    """``counts`` with classes in the order the in-memory path lists them (sorted)."""
    keys = np.asarray(list(counts))
    ordered = class_counts(keys)  # same sort as the in-memory path, one "row" per class
    return {c: int(counts[c]) for c in ordered}


def plan_counts(sampler: BaseSampler, counts: dict[Any, int]) -> dict[Any, int]:
    """Check ``sampler``'s parameters and resolve its ``sampling_strategy_`` from counts alone.

    Examples
    --------
    >>> from smotekit import SMOTE
    >>> plan_counts(SMOTE(), {0: 90, 1: 10})
    {1: 80}
    """
    sampler.check_params()
    sampler.sampling_strategy_ = sampler.plan_counts(counts_target(sorted_counts(counts)))
    return sampler.sampling_strategy_


def kept_ranks(sampler: BaseSampler, counts: dict[Any, int]) -> dict[Any, np.ndarray]:
    """Under-sampling: per targeted class, the ranks (within the class) of the kept rows.

    Draws exactly what ``RandomUnderSampler.fit_resample`` draws for the same seed. Returned
    sorted, with a rank repeated when drawn several times (``replacement=True``); rows of the
    classes not listed are all kept.
    """
    plan_counts(sampler, counts)
    rng = make_rng(sampler.random_state)
    ranks = sampler.kept_ranks(sorted_counts(counts), rng)
    return {c: np.sort(r) for c, r in ranks.items()}


def multiplicity(
    labels: np.ndarray, ranks: dict[Any, np.ndarray], seen: dict[Any, int]
) -> np.ndarray:
    """How many times each row of a chunk is output (0, 1, or more with replacement).

    ``labels`` are the chunk's labels; ``seen`` counts each class's rows in earlier chunks and
    is updated, so consecutive chunks find their rows' ranks.

    Examples
    --------
    >>> import numpy as np
    >>> seen = {}
    >>> ranks = {0: np.array([1, 2, 2])}
    >>> multiplicity(np.array([0, 1, 0]), ranks, seen).tolist()
    [0, 1, 1]
    >>> multiplicity(np.array([0, 0]), ranks, seen).tolist()
    [2, 0]
    """
    out = np.ones(labels.shape[0], dtype=np.intp)
    for cls, chosen in ranks.items():
        where = np.flatnonzero(labels == cls)
        start = seen.get(cls, 0)
        seen[cls] = start + where.shape[0]
        if not where.shape[0]:
            continue
        lo, hi = np.searchsorted(chosen, [start, start + where.shape[0]])
        out[where] = np.bincount(chosen[lo:hi] - start, minlength=where.shape[0])
    return out


@dataclass
class Renderer:
    """Renders synthetic rows from any range of a recipe, exactly as the in-memory path does.

    Attributes
    ----------
    rebind : callable
        ``recipe -> Outcome`` (the sampler's own :func:`~smotekit.samplers.outcome.
        synthetic_outcome` bound to the held rows).
    features : Features
        The held rows.
    dtypes : dict or None
        pandas dtypes of the output columns (data frames), ``None`` for arrays.
    integers_as_float : bool
    """

    rebind: Callable[[Recipe], Outcome]
    features: Features
    dtypes: dict[Any, Any] | None
    integers_as_float: bool

    def fill(self, out: np.ndarray, recipe: Recipe) -> None:
        """Write the rows of ``recipe`` (a range of the plan's recipe) into ``out``."""
        self.rebind(recipe).fill(out)

    def frame(self, recipe: Recipe, index: Any = None) -> Any:
        """The rows of ``recipe`` as a DataFrame, cast per column as ``Features.assemble``."""
        import pandas as pd

        features = self.features
        dtype = features.work_dtype if not features.integer_columns.any() else np.float64
        block = np.empty((len(recipe), features.n_features), dtype=dtype)
        self.fill(block, recipe)
        columns = features.original.columns
        return pd.DataFrame(block, columns=columns, index=index).astype(self.dtypes)

    def array(self, recipe: Recipe) -> np.ndarray:
        """The rows of ``recipe`` as an array, in the dtype ``Features.assemble`` gives."""
        dtype = self.features.rows.dtype
        if self.integers_as_float and dtype.kind in "iub":
            dtype = np.dtype(np.float64)
        out = np.empty((len(recipe), self.features.n_features), dtype=dtype)
        self.fill(out, recipe)
        return out


@dataclass
class ClassRowsPlan:
    """An over-sampler's plan made from the rows of the classes it grows.

    Attributes
    ----------
    sampler : BaseSampler
        Fitted: ``sampling_strategy_`` and (SMOTE) ``provenance_`` as in memory, positions
        referring to the whole input.
    features : Features
        The rows held (the targeted classes' rows, in input order within each class).
    labels : ndarray
        Their labels.
    positions : ndarray of int64
        Their positions in the whole input.
    n_rows : int
        Rows of the whole input.
    outcome : Outcome
        What ``decide`` decided, with positions local to ``features``.
    """

    sampler: BaseSampler
    features: Features
    labels: np.ndarray
    positions: np.ndarray
    n_rows: int
    outcome: Outcome
    #: SMOTE's synthetic rows as draws (local positions); ``None`` for copies.
    drawn: DrawnRecipe | None = None

    @property
    def recipe(self) -> DrawnRecipe | None:
        """Synthetic rows (SMOTE) as draws, positions local to ``features``; ``None`` for copies.

        Held as per-class draws, so the plan's memory follows the class's rows, not the
        number of synthetic rows; :meth:`fill` renders any range of it.
        """
        return self.drawn

    @property
    def copies(self) -> np.ndarray:
        """Local positions of the rows repeated as new rows (RandomOverSampler)."""
        return self.outcome.copies

    @property
    def n_synthetic(self) -> int:
        return 0 if self.drawn is None else len(self.drawn)

    @property
    def n_new(self) -> int:
        """Rows added after the originals."""
        return int(self.outcome.copies.shape[0] + self.n_synthetic)

    def new_labels(self, start: int, stop: int) -> np.ndarray:
        """Classes of new rows ``start:stop`` (copies first, then synthetic rows)."""
        n_copies = self.copies.shape[0]
        parts = [self.labels[self.copies[start:stop]]]
        if self.drawn is not None:
            lo, hi = max(start - n_copies, 0), max(stop - n_copies, 0)
            parts.append(self.drawn.labels_between(lo, hi, self.labels.dtype))
        return np.concatenate(parts)

    def renderer(self) -> Renderer:
        """What renders synthetic rows from a range of the recipe, without the recipe itself.

        Small enough to send to every worker of a cluster once: the held rows and the casts.
        """
        assert self.outcome.rebind is not None
        return Renderer(
            self.outcome.rebind, self.features, self.output_dtypes(), self.outcome.integers_as_float
        )

    def fill(self, out: np.ndarray, start: int, stop: int) -> None:
        """Write synthetic rows ``start:stop`` into ``out`` (as the in-memory ``fill`` does).

        Rendering ranges one after another gives the rows the in-memory path renders at once:
        every row depends on its own recipe entry only.
        """
        assert self.recipe is not None
        self.renderer().fill(out, self.recipe.rows(start, stop))

    def output_dtypes(self) -> dict[Any, Any] | None:
        """pandas dtypes of the output columns (integer columns become float64 if asked)."""
        output_dtypes = getattr(self.features.container, "output_dtypes", None)
        if output_dtypes is None:
            return None
        return output_dtypes(self.outcome.integers_as_float)

    def synthetic_frame(self, start: int, stop: int, index: Any = None) -> Any:
        """Synthetic rows ``start:stop`` as a pandas DataFrame, cast as the in-memory path casts.

        Only for plans made from a data frame (a file's rows, a Dask DataFrame's partitions).
        """
        assert self.recipe is not None
        return self.renderer().frame(self.recipe.rows(start, stop), index)

    def globalise(self) -> DrawnRecipe | None:
        """Map the draws' positions to positions in the whole input; return them.

        Called once the synthetic rows are rendered (rendering reads the held rows by local
        position): afterwards ``sampler.provenance_`` describes the in-memory provenance
        exactly (its arrays are drawn when read). Only the class's rows are mapped.
        """
        if self.drawn is None:
            return None
        self.drawn = self.drawn.with_positions(self.positions)
        self.drawn.first_row = self.n_rows
        self.sampler.provenance_ = self.drawn
        return self.drawn


def plan_from_class_rows(
    sampler: BaseSampler,
    X: Any,
    labels: np.ndarray,
    positions: np.ndarray,
    counts: dict[Any, int],
    n_rows: int,
) -> ClassRowsPlan:
    """Plan an over-sampler from the rows of the classes it grows, with its in-memory code.

    Parameters
    ----------
    sampler : SMOTE or RandomOverSampler
        Any sampler whose ``rows_needed`` is ``"targeted rows"``.
    X : DataFrame or ndarray
        The rows of (at least) the targeted classes, in input order within each class.
    labels : ndarray
        Their labels.
    positions : ndarray of int
        Their positions in the whole input (for the provenance).
    counts : dict
        Rows per class in the whole input.
    n_rows : int
        Rows in the whole input.

    Returns
    -------
    ClassRowsPlan

    Examples
    --------
    The plan made from the minority rows alone equals the in-memory one:

    >>> import numpy as np
    >>> from smotekit import SMOTE
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 3))
    >>> y = np.array([0] * 50 + [1] * 10)
    >>> memory = SMOTE(random_state=1)
    >>> _ = memory.fit_resample(X, y)
    >>> minority = np.flatnonzero(y == 1)
    >>> plan = plan_from_class_rows(
    ...     SMOTE(random_state=1), X[minority], y[minority], minority, {0: 50, 1: 10}, 60
    ... )
    >>> recipe = plan.globalise()
    >>> bool(np.array_equal(recipe.base, memory.provenance_.base))
    True
    >>> bool(np.array_equal(recipe.gap, memory.provenance_.gap))
    True
    """
    if rows_needed(sampler) != "targeted rows":
        raise OutOfCoreError(f"{type(sampler).__name__} plans from counts, not from class rows.")
    counts = sorted_counts(counts)
    sampler.check_params()
    features = sampler.read_features(X)
    labels = np.asarray(labels)
    target = counts_target(counts, labels)
    sampler.fit_from(features, target)
    rng = make_rng(sampler.random_state)
    positions = np.asarray(positions, dtype=np.int64)
    if isinstance(sampler, InterpolationSampler):
        # the draws, not the recipe: 32 bytes per synthetic row would be held otherwise
        drawn = sampler.draw_recipe(features, target, rng)
        outcome = Outcome(
            rebind=partial(sampler.outcome_of, features),
            integers_as_float=sampler.integer_columns == "float",
        )
        return ClassRowsPlan(sampler, features, labels, positions, n_rows, outcome, drawn)
    outcome = sampler.decide(features, target, rng)
    if hasattr(sampler, "sample_indices_"):
        # as long as the output: out of core, the copies' input positions say the same
        del sampler.sample_indices_
    return ClassRowsPlan(sampler, features, labels, positions, n_rows, outcome)
