"""Polynomial-fit SMOTE (Gazzah & Amara 2008): new rows along a topology of the class's rows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from numpy.polynomial import legendre

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.door.containers.base import integer_values
from smotekit.errors import ClassTooSmallError
from smotekit.plan.allocation import get_allocation
from smotekit.samplers.base import BaseOverSampler
from smotekit.samplers.outcome import Outcome, synthetic_outcome
from smotekit.synthesis import ClassDraws, DrawnRecipe, GapStream, NeighborDraw

TOPOLOGIES = ("star", "bus", "mesh", "polynomial")
#: float64 values in one block of rows (2 MB): the scratch of every pass over rows.
_BLOCK_VALUES = 1 << 18
_F64_MAX = float(np.finfo(np.float64).max)


class PolynomFitSMOTE(BaseOverSampler):
    """Polynomial-fit SMOTE: new rows along a topology laid over the rows of each class.

    Each class to over-sample gets its new rows from its own rows, in one of the paper's
    four topologies (``topology``):

    * ``'star'``: on the segments between the class's mean and each of its rows;
    * ``'bus'``: on the segments between consecutive rows of the class, in input order;
    * ``'mesh'``: on the segments between pairs of rows of the class;
    * ``'polynomial'``: on a curve through the class: per attribute, the least-squares
      polynomial of degree ``degree`` of the attribute's values against the row's index
      within the class (0 for its first row in input order, ``n - 1`` for its last),
      evaluated at a position in ``[0, n - 1]``, one position for all attributes.

    The new rows are spread as evenly as each topology allows (``allocation='even'``):
    every segment (star: every row; bus: every pair of consecutive rows; polynomial: every
    unit interval of positions) gets ``floor`` or ``ceil`` of its share, the extra ones
    drawn without replacement; mesh draws distinct pairs while there are fewer new rows
    than pairs, and every pair the same number of times within one otherwise (the pairs
    are drawn, never listed, so a large class costs the new rows' size). Where on its
    segment (or within its interval) a row lies is uniform, from ``random_state``.
    ``allocation='random'`` draws segments with replacement instead. Integer columns are
    rounded and keep their dtype (``integer_columns``).

    The paper (and smote-variants) make a number of rows fixed by the topology, at evenly
    spaced points of each segment (``round(n_new / n)`` per row); here the count comes
    from ``sampling_strategy`` and is exact, for every class it names. smote-variants'
    polynomial draws a separate position per attribute (so a new row is not on the
    fitted curve) in ``[0, n)``, after sorting the rows by their mean value; here a row
    is a point of the curve, within the rows' index range, in input order (as bus).

    Ranked first of 85 over-samplers in Kovacs's comparison (Applied Soft Computing 83,
    2019).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        As in :class:`smotekit.SMOTE`.
    random_state : int, Generator, RandomState or None, default=None
    topology : {'star', 'bus', 'mesh', 'polynomial'}, default='star'
    degree : int, default=2
        Degree of the polynomials (``topology='polynomial'`` only; >= 1). A class of
        ``n <= degree`` rows is fitted with degree ``n - 1``, which passes through every row.
        2 is smote-variants' default (``polynom_fit_SMOTE_poly(order=2)``): a curve that
        can bend once, where 1 is a straight line through the class.
    allocation : {'even', 'random'}, default='even'
    integer_columns : {'round', 'float'}, default='round'
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    provenance_ : DrawnRecipe or None
        ``'bus'`` and ``'mesh'``: each new row's base row, neighbour row (input positions)
        and gap, as SMOTE's (``provenance_.to_frame()``). ``None`` for ``'star'`` and
        ``'polynomial'``, whose rows are not between two input rows.
    base_ : ndarray of int or None
        ``'star'``: input position of the row whose segment to the mean each new row
        lies on; ``'polynomial'``: of the class row at the index position nearest to it.
        ``None`` for ``'bus'`` and ``'mesh'`` (see ``provenance_``).
    gaps_ : ndarray or None
        ``'star'``: how far along from its base row to the class mean each new row lies,
        in ``[0, 1]``.
    positions_ : ndarray or None
        ``'polynomial'``: the index position within its class at which each new row's
        polynomials were evaluated, in ``[0, n - 1]``.

    References
    ----------
    S. Gazzah and N. E. B. Amara, "New Oversampling Approaches Based on Polynomial Fitting
    for Imbalanced Data Sets", The Eighth IAPR International Workshop on Document Analysis
    Systems (DAS 2008), 677-684.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.samplers.polynom_fit import PolynomFitSMOTE
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = PolynomFitSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items()), sampler.gaps_.shape
    ([(0, 500), (1, 500)], (232,))
    >>> bus = PolynomFitSMOTE(topology="bus", random_state=0)
    >>> _ = bus.fit_resample(X, y)
    >>> list(bus.provenance_.to_frame().columns)
    ['row', 'label', 'base', 'neighbor', 'gap']
    """

    why_all_rows = (
        "its rows are planned from each class as a whole (a class mean, a fitted curve, pairs "
        "across the class), not as the draws the runners render range by range"
    )

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "topology": params.choice(*TOPOLOGIES),
        "degree": params.integer(1, " (the degree of the fitted polynomials)"),
        "allocation": params.Checked(lambda name, value: get_allocation(value)),
        "integer_columns": params.choice("round", "float"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        topology: str = "star",
        degree: int = 2,
        allocation: str = "even",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.topology = topology
        self.degree = degree
        self.allocation = allocation
        self.integer_columns = integer_columns
        self.indicator = indicator

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        labels = target.labels
        plan = {c: int(n) for c, n in self.sampling_strategy_.items() if n > 0}
        classes = {c: np.flatnonzero(labels == c) for c in plan}
        self._check_class_sizes(classes)
        self.provenance_ = self.base_ = self.gaps_ = self.positions_ = None
        if self.topology in ("bus", "mesh"):
            return self._on_segments(features, labels, plan, classes, rng)
        return self._on_class_model(features, labels, plan, classes, rng)

    # ---- bus and mesh: SMOTE's recipe, neighbours from the topology ---------------------
    def _on_segments(self, features, labels, plan, classes, rng) -> Outcome:
        """Rows between two input rows: the recipe SMOTE renders, so ``provenance_`` holds
        each one's parents and gap, and extreme values, integer limits and sparse input are
        rendered as SMOTE's are."""
        allocate = get_allocation(self.allocation)
        parts = []
        for cls, n_new in plan.items():
            rows = classes[cls]
            n = rows.shape[0]
            neighbor: NeighborDraw | np.ndarray
            if self.topology == "bus":
                counts = np.bincount(allocate(n - 1, n_new, rng), minlength=n)
                # a chain: each row's one "nearest neighbour" is the next row (the last row
                # bases no segment); the stream picks among one column, so its seed is moot
                successor = np.minimum(np.arange(1, n + 1), n - 1)[:, None]
                neighbor = NeighborDraw(successor, GapStream(0, 1))
            else:
                first, second = _pairs(n, n_new, rng, even=self.allocation == "even")
                order = np.lexsort((second, first))
                counts = np.bincount(first, minlength=n)
                neighbor = rows[second[order]]
            gaps = GapStream(int(rng.integers(0, 2**63 - 1)), 1)
            parts.append(ClassDraws(cls, rows, n_new, counts, None, neighbor, gaps))
        drawn = DrawnRecipe(parts, features.n_features, None, labels.dtype)
        drawn.first_row = features.n_rows
        self.provenance_ = drawn
        return synthetic_outcome(
            features, drawn, round_integers=self.integer_columns == "round", n_jobs=None
        )

    # ---- star and polynomial: points of a model of the class ----------------------------
    def _on_class_model(self, features, labels, plan, classes, rng) -> Outcome:
        X = features.numeric
        allocate = get_allocation(self.allocation)
        star = self.topology == "star"
        parts = []
        for cls, n_new in plan.items():
            rows = classes[cls]
            n = rows.shape[0]
            frame = _ClassFrame.of(X, rows)
            if star:
                counts = np.bincount(allocate(n, n_new, rng), minlength=n)
                local = np.repeat(np.arange(n), counts)
                where = rng.random(n_new)  # gap from the row toward the mean
                model = frame.mean(X)
            else:
                counts = np.bincount(allocate(n - 1, n_new, rng), minlength=n - 1)
                where = np.repeat(np.arange(n - 1), counts) + rng.random(n_new)
                local = np.floor(where + 0.5).astype(np.intp)  # the row at the nearest index
                model = frame.polynomial(X, min(int(self.degree), n - 1))
            parts.append(_Part(rows, rows[local], where, frame, model))
        empty = np.zeros(0)
        base = np.concatenate([p.base for p in parts]) if parts else empty.astype(np.intp)
        where = np.concatenate([p.where for p in parts]) if parts else empty
        self.base_ = base
        if star:
            self.gaps_ = where
        else:
            self.positions_ = where
        as_float = self.integer_columns == "float"
        integer = features.integer_columns
        round_cols = integer if integer.any() and not as_float else None
        if sp.issparse(X):
            build = partial(
                _build_sparse,
                X=X,
                parts=parts,
                integer=round_cols,
            )
            return Outcome(
                synthetic_labels=labels[base],
                build_sparse=build,
                synthetic_base=base,
                integers_as_float=as_float,
            )
        return Outcome(
            synthetic_labels=labels[base],
            fill=partial(_fill, X=X, parts=parts, integer=round_cols),
            synthetic_base=base,
            integers_as_float=as_float,
        )

    def _check_class_sizes(self, classes: dict[Any, np.ndarray]) -> None:
        why = {
            "star": "each new row lies between one of its rows and their mean",
            "bus": "each new row lies between two consecutive rows",
            "mesh": "each new row lies between two of its rows",
            "polynomial": "a curve is fitted through its rows",
        }[self.topology]
        for cls, rows in classes.items():
            if rows.shape[0] < 2:
                raise ClassTooSmallError(
                    f"Class {cls!r} has {rows.shape[0]} row(s), but PolynomFitSMOTE needs at "
                    f"least 2 rows in every class it over-samples (topology="
                    f"{self.topology!r}: {why}). To resample it: use RandomOverSampler for "
                    "this class, or leave it out with a dict sampling_strategy; collecting "
                    "more examples of this class is best."
                )


# ---- the class's frame: a power of two per column, a reference row -----------------------
@dataclass(frozen=True)
class _ClassFrame:
    """A class's rows in the frame the models are computed in.

    Column ``j`` is scaled by ``2**-exponent[j]`` so its largest magnitude is below 1 (sums
    and differences cannot overflow near float64's limit, and scaling ``X`` by a power of
    two changes nothing but the exponents), and measured from the class's first row, so a
    class of identical rows has a model of zeros and gives its row back bit for bit.
    """

    rows: np.ndarray
    exponent: np.ndarray
    origin: np.ndarray  # the first row, scaled

    @classmethod
    def of(cls, X: Any, rows: np.ndarray) -> _ClassFrame:
        largest = np.zeros(X.shape[1])
        for block in _blocks(X, rows):
            np.maximum(largest, np.abs(block).max(axis=0), out=largest)
        exponent = np.frexp(largest)[1]
        return cls(rows, exponent, np.ldexp(_dense(X, rows[:1])[0], -exponent))

    def offsets(self, X: Any):
        """Each block of the class's rows, scaled, minus the scaled first row."""
        for block in _blocks(X, self.rows):
            yield np.ldexp(block, -self.exponent) - self.origin

    def mean(self, X: Any) -> np.ndarray:
        """The class mean, in the frame."""
        total = np.zeros(X.shape[1])
        for offset in self.offsets(X):
            total += offset.sum(axis=0)
        return self.origin + total / self.rows.shape[0]

    def polynomial(self, X: Any, degree: int) -> np.ndarray:
        """Per column, the least-squares polynomial of ``degree`` through the class's rows
        against their index, as coefficients of Legendre polynomials of ``u = 2 t / (n - 1)
        - 1`` (the index mapped onto [-1, 1]: well conditioned at any class size), offsets
        from the first row: shape ``(degree + 1, d)``."""
        n = self.rows.shape[0]
        q, r = np.linalg.qr(legendre.legvander(_unit(np.arange(n), n), degree))
        projected = np.zeros((degree + 1, X.shape[1]))
        start = 0
        for offset in self.offsets(X):
            stop = start + offset.shape[0]
            projected += q[start:stop].T @ offset
            start = stop
        return np.linalg.solve(r, projected)


@dataclass(frozen=True)
class _Part:
    """One class's new rows: base rows, gaps (star) or positions (polynomial), its model."""

    rows: np.ndarray
    base: np.ndarray
    where: np.ndarray
    frame: _ClassFrame
    model: np.ndarray  # star: the mean (a row); polynomial: coefficients

    def points(self, X: Any, a: int, b: int) -> np.ndarray:
        """New rows ``a:b`` of the class, float64, in X's units."""
        frame = self.frame
        if self.model.ndim == 1:
            start = np.ldexp(_dense(X, self.base[a:b]), -frame.exponent)
            mean = self.model
            g = self.where[a:b, None]
            points = start + g * (mean - start)
            # rounding never takes a point off its segment
            points = np.clip(points, np.minimum(start, mean), np.maximum(start, mean))
        else:
            u = _unit(self.where[a:b], self.rows.shape[0])
            points = frame.origin + legendre.legvander(u, self.model.shape[0] - 1) @ self.model
        with np.errstate(over="ignore"):
            points = np.ldexp(points, frame.exponent)
        return np.clip(points, -_F64_MAX, _F64_MAX)


def _unit(t: np.ndarray, n: int) -> np.ndarray:
    """Index positions ``[0, n - 1]`` mapped onto ``[-1, 1]``."""
    return 2.0 * np.asarray(t, dtype=np.float64) / max(n - 1, 1) - 1.0


def _block_rows(X: Any) -> int:
    return max(1, _BLOCK_VALUES // max(X.shape[1], 1))


def _dense(X: Any, positions: np.ndarray) -> np.ndarray:
    """Rows of ``X`` (dense or sparse) as float64."""
    picked = X[positions]
    return np.asarray(picked.toarray() if sp.issparse(picked) else picked, dtype=np.float64)


def _blocks(X: Any, rows: np.ndarray):
    """The rows at ``rows`` as float64, a bounded block at a time (the same blocks for
    dense and sparse ``X``, so both give the same sums)."""
    step = _block_rows(X)
    for a in range(0, rows.shape[0], step):
        yield _dense(X, rows[a : a + step])


def _ranges(parts: list[_Part], step: int):
    """``(part, a, b, start)``: blocks of each part's new rows, ``start`` in the output."""
    start = 0
    for part in parts:
        n = part.base.shape[0]
        for a in range(0, n, step):
            b = min(a + step, n)
            yield part, a, b, start + a
        start += n


def _fill(out: np.ndarray, *, X: Any, parts: list[_Part], integer: np.ndarray | None) -> None:
    for part, a, b, at in _ranges(parts, _block_rows(X)):
        points = part.points(X, a, b)
        if integer is not None:
            points[:, integer] = np.rint(points[:, integer])
        if out.dtype.kind == "f":
            big = np.finfo(out.dtype).max
            out[at : at + b - a] = np.clip(points, -big, big)
        else:  # integers: rounded, clipped to the dtype, never wrapped
            out[at : at + b - a] = integer_values(points, out.dtype)


def _build_sparse(*, X: Any, parts: list[_Part], integer: np.ndarray | None) -> sp.csr_matrix:
    blocks = []
    for part, a, b, _ in _ranges(parts, _block_rows(X)):
        points = part.points(X, a, b)
        if integer is not None:
            points[:, integer] = np.rint(points[:, integer])
        # float64: the sparse container rounds and clips them to X's own dtype
        blocks.append(sp.csr_matrix(np.clip(points, -_F64_MAX, _F64_MAX)))
    if not blocks:
        return sp.csr_matrix((0, X.shape[1]))
    return sp.vstack(blocks, format="csr")


# ---- mesh: pairs drawn, never listed --------------------------------------------------------
def _pairs(n: int, n_new: int, rng: np.random.Generator, *, even: bool):
    """Local rows ``(i, j)``, ``i < j``, of ``n_new`` pairs of ``n`` rows.

    Even: every pair ``floor`` or ``ceil`` of ``n_new / P`` times (``P = n (n - 1) / 2``),
    the extra ones distinct; random: pairs drawn with replacement. Memory follows
    ``n_new``, never ``P``.
    """
    total = n * (n - 1) // 2
    if not even:
        ids = rng.integers(0, total, n_new)
    else:
        per, extra = divmod(n_new, total)
        pieces = [np.repeat(np.arange(total), per)] if per else []  # per > 0: total <= n_new
        if extra:
            pieces.append(_distinct(total, extra, rng))
        ids = np.concatenate(pieces)
    # pairs in colexicographic order: id p is (i, j) with p = j (j - 1) / 2 + i
    j = np.floor((1.0 + np.sqrt(1.0 + 8.0 * ids)) / 2.0).astype(np.int64)
    j = np.where(j * (j - 1) // 2 > ids, j - 1, j)  # float rounding at large ids
    j = np.where((j + 1) * j // 2 <= ids, j + 1, j)
    return (ids - j * (j - 1) // 2).astype(np.intp), j.astype(np.intp)


def _distinct(population: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` distinct integers of ``[0, population)``, uniformly (sorted)."""
    if 2 * k > population:  # the population is less than twice k: listing it is bounded
        return np.sort(rng.permutation(population)[:k])
    # the first k distinct values of a uniform stream: a uniform k-subset, in O(k) memory
    chosen = _sorted_unique(rng.integers(0, population, k))
    while chosen.shape[0] < k:
        more = rng.integers(0, population, k - chosen.shape[0])
        chosen = _sorted_unique(np.concatenate([chosen, more]))
    return chosen


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # a sort and a mask: np.unique takes several times longer on integers this many
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]]
