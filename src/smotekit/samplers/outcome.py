"""What a sampler decides, before it is turned back into the caller's container.

An :class:`Outcome` lists the output rows in order: kept originals, repeated originals, then
synthetic rows; a sampler that changes the values of some originals (CCR's cleaning) says so
in ``moved``. Samplers that compose others (a cleaning step after SMOTE, a noise filter)
look at the rows an outcome would produce with :func:`numeric_rows` and drop some with
:func:`restrict`, all before anything is assembled for the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from smotekit.door import Features
from smotekit.door.features import DenseFill, SparseBuild
from smotekit.synthesis import Recipe, render_dense, render_sparse


@dataclass
class Outcome:
    """The rows of a resampled output, in order.

    Output = originals at ``keep`` (all, unchanged, if ``None``), then originals at
    ``copies`` repeated as new rows, then ``n_synthetic`` synthetic rows of class
    ``synthetic_labels`` written by ``fill`` (dense) or ``build_sparse`` (sparse). When the
    synthetic rows come from a :class:`Recipe`, ``recipe`` holds it and ``rebind`` makes the
    outcome of a subset of it.
    """

    keep: np.ndarray | None = None
    copies: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    synthetic_labels: np.ndarray | None = None
    fill: DenseFill | None = None
    build_sparse: SparseBuild | None = None
    recipe: Recipe | None = None
    rebind: partial | None = None
    #: Integer columns come back as float64 (``integer_columns='float'``).
    integers_as_float: bool = False
    #: Synthetic rows made from one original row each (a smoothed bootstrap), when there
    #: is no ``recipe``: input positions, one per synthetic row.
    synthetic_base: np.ndarray | None = None
    #: Rows with no two parents (cluster centres): each synthetic row's input rows, whose
    #: range per column bounds its values (see :class:`GroupRange`).
    synthetic_range: GroupRange | None = None
    #: Originals whose values the sampler changed (see :class:`Moved`); ``None``: none.
    moved: Moved | None = None

    @property
    def n_synthetic(self) -> int:
        return 0 if self.synthetic_labels is None else int(self.synthetic_labels.shape[0])

    def n_original(self, n_rows: int) -> int:
        """Rows of the output that are originals (kept or copied)."""
        return (n_rows if self.keep is None else self.keep.shape[0]) + self.copies.shape[0]

    def source_rows(self, n_rows: int) -> np.ndarray:
        """Input positions of the kept and copied rows, in output order."""
        kept = np.arange(n_rows) if self.keep is None else self.keep
        return np.concatenate([kept, self.copies]).astype(np.intp, copy=False)


class Moved(NamedTuple):
    """Original rows that come out with other values (CCR translates rows of other classes
    out of its spheres).

    Every output row that is the original at ``positions[i]`` (kept or repeated) holds
    ``values[i]`` instead of its input values; it stays in its place, with its own class,
    index label and weight, and ``source_rows`` still names it.

    ``positions``: input positions, sorted, distinct. ``values``: one float64 row per
    position (an ndarray, or a sparse matrix for sparse ``X``), written as a ``fill`` writes
    synthetic rows: integer columns already rounded unless integers come back as floats.
    """

    positions: np.ndarray
    values: np.ndarray | sp.csr_matrix


def grouped_by_class(positions: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``positions`` (input positions, in input order) reordered class by class, classes in
    sorted label order, input order within each: the order imbalanced-learn returns the rows
    of its deterministic editing samplers in, so that swapping the import gives the same
    arrays, not only the same rows."""
    _, codes = np.unique(labels[positions], return_inverse=True)
    return positions[np.argsort(codes.ravel(), kind="stable")]


@dataclass(frozen=True)
class GroupRange:
    """Synthetic rows made from groups of input rows (e.g. the mean of a cluster): row ``i``
    lies within the per-column range of the rows ``groups[group_of[i]]``.

    64-bit integer columns beyond 2**53, rounded in float64, are clipped to that exact range
    when the output is assembled (see ``NewRows.bounds``).
    """

    groups: list[np.ndarray]
    group_of: np.ndarray

    def value_bounds(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per synthetic row, the smallest and largest of ``values`` over its group."""
        lo = np.array([values[rows].min() for rows in self.groups], dtype=values.dtype)
        hi = np.array([values[rows].max() for rows in self.groups], dtype=values.dtype)
        return lo[self.group_of], hi[self.group_of]


def synthetic_outcome(
    features: Features, recipe: Recipe, *, round_integers: bool, n_jobs: int | None
) -> Outcome:
    """The outcome "all originals, then the synthetic rows of ``recipe``"."""
    X = features.numeric
    as_float = not round_integers
    rebind = partial(synthetic_outcome, features, round_integers=round_integers, n_jobs=n_jobs)
    integer = features.integer_columns
    if sp.issparse(X):
        build = partial(render_sparse, X, recipe, round_values=round_integers and integer.any())
        return Outcome(
            synthetic_labels=recipe.labels,
            build_sparse=build,
            recipe=recipe,
            rebind=rebind,
            integers_as_float=as_float,
        )
    round_columns = integer if round_integers and integer.any() else None
    nominal = None
    if recipe.nominal is not None and features.nominal is not None:
        nominal = features.nominal.columns
    fill = partial(
        _fill, X=X, recipe=recipe, round_columns=round_columns, n_jobs=n_jobs, nominal=nominal
    )
    return Outcome(
        synthetic_labels=recipe.labels,
        fill=fill,
        recipe=recipe,
        rebind=rebind,
        integers_as_float=as_float,
    )


def _fill(
    out: np.ndarray, *, X: np.ndarray, recipe: Recipe, round_columns, n_jobs, nominal=None
) -> None:
    render_dense(out, X, recipe, round_columns=round_columns, n_jobs=n_jobs)
    if nominal is not None:
        # nominal values are voted, not interpolated: their codes replace the columns
        out[:, nominal] = recipe.nominal


def empty_recipe(
    n_features: int, labels: np.ndarray, first_row: int, *, box: bool = False
) -> Recipe:
    """The recipe of no synthetic row, placed at ``first_row`` of the output: the
    ``provenance_`` of a fit that kept no synthetic row (every fit sets ``provenance_``).
    ``box``: one gap per attribute (gaps of shape ``(0, n_features)``)."""
    recipe = Recipe.concat([], n_features)
    recipe.labels = np.zeros(0, dtype=labels.dtype)
    if box:
        recipe.gap = np.zeros((0, n_features))
    recipe.first_row = first_row
    return recipe


def output_labels(labels: np.ndarray, outcome: Outcome) -> np.ndarray:
    """The class of every output row."""
    pieces = [labels if outcome.keep is None else labels[outcome.keep], labels[outcome.copies]]
    if outcome.synthetic_labels is not None:
        pieces.append(outcome.synthetic_labels.astype(labels.dtype, copy=False))
    return np.concatenate(pieces)


def resampled_weights(weights: np.ndarray, outcome: Outcome, n_rows: int) -> np.ndarray:
    """``sample_weight`` of every output row, from the input rows' ``weights``.

    Kept and repeated rows keep their own weight. A synthetic row placed at gap ``g`` between
    its base row ``b`` and neighbour ``n`` gets ``w[b] + g * (w[n] - w[b])``: the weight sits
    where the row sits, between its parents' weights (``g`` is clipped to ``[0, 1]`` for
    the weight, so an extrapolated row takes its nearer parent's weight; per-attribute gaps
    count by their mean). A row made from one original (a smoothed bootstrap) takes its
    weight.
    """
    parts = [weights[outcome.source_rows(n_rows)]]
    if outcome.n_synthetic:
        if outcome.recipe is not None:
            recipe = outcome.recipe
            base, neighbor = recipe.base, recipe.neighbor
            gap = np.asarray(recipe.gaps(), dtype=np.float64)
            if gap.ndim == 2:
                gap = gap.mean(axis=1)
            gap = np.clip(gap, 0.0, 1.0)
            parts.append(weights[base] + gap * (weights[neighbor] - weights[base]))
        elif outcome.synthetic_base is not None:
            parts.append(weights[outcome.synthetic_base])
        else:
            raise TypeError("these synthetic rows have no recorded parents to weigh them by")
    return np.concatenate(parts)


def numeric_rows(features: Features, outcome: Outcome) -> np.ndarray | sp.csr_matrix:
    """The output's rows as numbers (float), as the caller would receive them.

    Dense rows are written once into the array returned (no stacked copies: a combined
    sampler's cleaning step holds this array while it searches).
    """
    X = features.numeric
    source = outcome.source_rows(features.n_rows)
    moved = outcome.moved is not None and outcome.moved.positions.size
    if sp.issparse(X) or not outcome.n_synthetic:
        originals = X[source]
        if moved:
            originals = _with_moved(originals, source, outcome.moved)
        if not outcome.n_synthetic:
            return originals
        assert outcome.build_sparse is not None
        return sp.vstack([originals, outcome.build_sparse()], format="csr")
    n0 = source.shape[0]
    out = np.empty((n0 + outcome.n_synthetic, X.shape[1]), dtype=X.dtype)
    # mode='wrap' (the positions are valid): numpy's default 'raise' first fills a
    # temporary as large as out
    np.take(X, source, axis=0, out=out[:n0], mode="wrap")
    if moved:
        out[:n0] = _with_moved(out[:n0], source, outcome.moved)
    assert outcome.fill is not None
    outcome.fill(out[n0:])
    return out


def _with_moved(originals: Any, source: np.ndarray, moved: Moved) -> Any:
    """``originals`` (rows of ``source``) with the moved rows' values."""
    where = np.flatnonzero(np.isin(source, moved.positions))
    which = np.searchsorted(moved.positions, source[where])
    if sp.issparse(originals):
        order = np.arange(originals.shape[0])
        order[where] = originals.shape[0] + np.arange(where.shape[0])
        values = sp.csr_matrix(moved.values)[which].astype(originals.dtype)
        return sp.vstack([originals, values], format="csr")[order]
    out = np.array(originals, copy=True)
    values = moved.values[which]
    out[where] = values.toarray() if sp.issparse(values) else values
    return out


def _picked(outcome: Outcome, rows: np.ndarray) -> Outcome:
    """The synthetic rows ``rows`` of an outcome without a recipe: all are written into a
    scratch block (the size of its own rows), then the kept ones copied."""
    fill, build = outcome.fill, outcome.build_sparse
    n = outcome.n_synthetic

    def fill_picked(out: np.ndarray) -> None:
        assert fill is not None
        every = np.empty((n, out.shape[1]), dtype=out.dtype)
        fill(every)
        out[...] = every[rows]

    base = outcome.synthetic_base
    return Outcome(
        synthetic_labels=outcome.synthetic_labels[rows],
        fill=None if fill is None else fill_picked,
        build_sparse=None if build is None else (lambda: sp.csr_matrix(build())[rows]),
        synthetic_base=None if base is None else base[rows],
    )


def restrict(outcome: Outcome, keep_rows: np.ndarray, n_rows: int) -> Outcome:
    """The outcome without the output rows where ``keep_rows`` (bool, per output row) is False."""
    n_keep = n_rows if outcome.keep is None else outcome.keep.shape[0]
    n_orig = n_keep + outcome.copies.shape[0]
    kept = np.arange(n_rows) if outcome.keep is None else outcome.keep
    new_keep = kept[keep_rows[:n_keep]]
    new_copies = outcome.copies[keep_rows[n_keep:n_orig]]
    synthetic_mask = keep_rows[n_orig:]
    if outcome.n_synthetic and not synthetic_mask.all():
        if outcome.recipe is not None and outcome.rebind is not None:
            result = outcome.rebind(outcome.recipe.subset(np.flatnonzero(synthetic_mask)))
        else:  # rows given as points (a ball, a curve, an offset): written, then picked
            result = _picked(outcome, np.flatnonzero(synthetic_mask))
    elif outcome.n_synthetic:
        result = Outcome(
            synthetic_labels=outcome.synthetic_labels,
            fill=outcome.fill,
            build_sparse=outcome.build_sparse,
            recipe=outcome.recipe,
            rebind=outcome.rebind,
        )
    else:
        result = Outcome()
    result.integers_as_float = outcome.integers_as_float
    result.moved = outcome.moved  # by input position: rows no longer output are not read
    result.keep = None if outcome.keep is None and keep_rows[:n_keep].all() else new_keep
    result.copies = new_copies
    return result
