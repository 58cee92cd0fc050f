"""The synthetic rows held as the draws that make them: the class's size, not the output's.

A :class:`~smotekit.synthesis.Recipe` lists base, neighbour and gap for every synthetic row:
32 bytes a row, as long as the output. The draws that make those rows are much smaller: how
many rows each base row makes (one count per class row), the class's neighbour table, and
the seeds of counter-based streams (which neighbour, which gap), where synthetic row ``i``
of a class reads entry ``i`` of each stream. :class:`DrawnRecipe` holds those and renders any
range of rows on its own, equal to the same range of the whole recipe. The in-memory path
materialises it at once (:meth:`DrawnRecipe.materialize`); a file larger than memory and a
Dask collection render it range by range, so their memory follows the minority rows, never
the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

from smotekit.synthesis.recipe import GapStream, Recipe


@dataclass(frozen=True)
class NeighborDraw:
    """Which of its ``k`` neighbours each synthetic row of a class interpolates with.

    Synthetic row ``i`` takes neighbour ``floor(u_i * k)`` of its base row, ``u_i`` being
    entry ``i`` of a counter-based uniform stream: any range of rows is drawn alone.
    """

    #: ``(n_rows, k)`` local indices of each class row's nearest same-class rows.
    table: np.ndarray
    #: One uniform per synthetic row (``n_features == 1``).
    stream: GapStream

    def take(self, base: np.ndarray, start: int) -> np.ndarray:
        """Local neighbour of synthetic rows ``start:start + len(base)`` (base rows ``base``)."""
        k = self.table.shape[1]
        u = self.stream.block(start, start + base.shape[0])[:, 0]
        # u < 1, so u * k < k; the minimum guards the last float step only
        choice = np.minimum((u * k).astype(np.intp), k - 1)
        return self.table[base, choice]


@dataclass(frozen=True)
class ClassDraws:
    """The synthetic rows of one class, as draws.

    Attributes
    ----------
    label : object
        The class.
    rows : ndarray of int
        Input positions of the class's rows (local index ``j`` is input row ``rows[j]``).
    n : int
        Synthetic rows of the class.
    counts : ndarray of int or None
        Synthetic rows made from each class row, rows in order (a sorted allocation), or
        ``None`` when ``base`` lists them.
    base : ndarray of int or None
        Local base row of every synthetic row (an allocation that is not sorted).
    neighbor : NeighborDraw or ndarray of int
        A draw from the class's neighbour table, or the input position of every synthetic
        row's neighbour (variants that place points their own way).
    gap : GapStream, ndarray or None
        Segment mode: one uniform per row (a stream), or the gaps themselves; ``None`` in box
        mode, where the recipe's box stream supplies them.
    scale : ndarray or None
        Per-row factor on the uniform gap (variants), applied when rows are rendered.
    offset : ndarray or None
        Per-row start of the gap (variants): gap = offset + scale * uniform.
    nominal : ndarray or None
        Voted codes of the nominal columns (SMOTE-NC, SMOTE-N).
    """

    label: Any
    rows: np.ndarray
    n: int
    counts: np.ndarray | None
    base: np.ndarray | None
    neighbor: NeighborDraw | np.ndarray
    gap: GapStream | np.ndarray | None
    scale: np.ndarray | None = None
    nominal: np.ndarray | None = None
    offset: np.ndarray | None = None

    @cached_property
    def _ends(self) -> np.ndarray:
        assert self.counts is not None
        return np.cumsum(self.counts)

    def local_base(self, a: int, b: int) -> np.ndarray:
        """Local base rows of synthetic rows ``a:b`` of the class."""
        if self.counts is None:
            assert self.base is not None
            return self.base[a:b]
        if b <= a:
            return np.zeros(0, dtype=np.intp)
        ends = self._ends
        lo = int(np.searchsorted(ends, a, side="right"))
        hi = int(np.searchsorted(ends, b - 1, side="right")) + 1
        # rows lo..hi-1 make rows a..b-1; the first and last may be cut by the range
        stop = np.minimum(ends[lo:hi], b)
        start = np.maximum(ends[lo:hi] - self.counts[lo:hi], a)
        return np.repeat(np.arange(lo, hi, dtype=np.intp), stop - start)

    def render(self, a: int, b: int, box: bool) -> dict[str, Any]:
        """Base, neighbour (input positions), gap, scale and nominal of rows ``a:b``."""
        base = self.local_base(a, b)
        if isinstance(self.neighbor, NeighborDraw):
            neighbor = self.rows[self.neighbor.take(base, a)]
        else:
            neighbor = self.neighbor[a:b]
        scale = None if self.scale is None else self.scale[a:b]
        offset = None if self.offset is None else self.offset[a:b]
        gap = None
        if not box:
            if isinstance(self.gap, GapStream):
                gap = self.gap.block(a, b)[:, 0]
                if scale is not None:
                    gap *= scale
                if offset is not None:
                    gap += offset
            else:
                assert self.gap is not None
                gap = self.gap[a:b]
        return {
            "base": self.rows[base],
            "neighbor": neighbor,
            "gap": gap,
            "scale": scale,
            "offset": offset,
            "nominal": None if self.nominal is None else self.nominal[a:b],
        }

    def with_positions(self, positions: np.ndarray) -> ClassDraws:
        """The same draws with row positions mapped through ``positions`` (local -> global)."""
        neighbor = self.neighbor
        if not isinstance(neighbor, NeighborDraw):
            neighbor = positions[neighbor]
        return replace(self, rows=positions[self.rows], neighbor=neighbor)


@dataclass
class DrawnRecipe:
    """A :class:`~smotekit.synthesis.Recipe` held as per-class draws (see the module text).

    It answers like a recipe: ``len``, :meth:`rows` (a materialised range), ``labels``,
    ``base``, ``neighbor``, ``gap`` (each materialised on access: arrays as long as the
    output), :meth:`gaps`, :meth:`subset` and :meth:`to_frame`.

    Examples
    --------
    Three class rows; row 0 makes two synthetic rows, row 2 one; neighbours drawn from a
    2-nearest table, gaps from a stream:

    >>> import numpy as np
    >>> table = np.array([[1, 2], [0, 2], [1, 0]])
    >>> part = ClassDraws(
    ...     label=1, rows=np.array([10, 11, 12]), n=3, counts=np.array([2, 0, 1]), base=None,
    ...     neighbor=NeighborDraw(table, GapStream(5, 1)), gap=GapStream(6, 1),
    ... )
    >>> drawn = DrawnRecipe([part], n_features=4)
    >>> drawn.materialize().base.tolist()
    [10, 10, 12]
    >>> tail = drawn.rows(1, 3)
    >>> bool(np.array_equal(tail.neighbor, drawn.neighbor[1:3]))
    True
    """

    parts: list[ClassDraws]
    n_features: int
    box_seed: int | None = None
    #: dtype of the labels (the target's).
    label_dtype: Any = None
    #: Position in the resampled output of the first synthetic row (``-1`` until known).
    first_row: int = -1
    _offsets: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._offsets = np.cumsum([0] + [p.n for p in self.parts])

    def __len__(self) -> int:
        return int(self._offsets[-1])

    @property
    def gap_mode(self) -> str:
        return "box" if self.box_seed is not None else "segment"

    def _pieces(self, start: int, stop: int):
        """``(part, a, b)`` for the parts that rows ``start:stop`` cross (local ranges)."""
        for part, off in zip(self.parts, self._offsets[:-1], strict=True):
            a, b = max(start - off, 0), min(stop - off, part.n)
            if b > a:
                yield part, int(a), int(b)

    def labels_between(self, start: int, stop: int, dtype: Any = None) -> np.ndarray:
        """The classes of synthetic rows ``start:stop`` (nothing else is drawn)."""
        pieces = [np.full(b - a, p.label, dtype=dtype) for p, a, b in self._pieces(start, stop)]
        if not pieces:
            return np.zeros(0, dtype=dtype if dtype is not None else np.int64)
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)

    def rows(self, start: int, stop: int) -> Recipe:
        """The recipe of synthetic rows ``start:stop``, materialised."""
        start = max(int(start), 0)
        stop = min(max(int(stop), start), len(self))
        box = self.box_seed is not None
        found = [(p, p.render(a, b, box)) for p, a, b in self._pieces(start, stop)]
        labels = self.labels_between(start, stop, self.label_dtype)
        empty = np.zeros(0, dtype=np.intp)

        def join(key: str, fill: Any = None) -> Any:
            values = [r[key] for _, r in found]
            if all(v is None for v in values):
                return None
            if fill is not None:
                values = [
                    fill(p, r) if v is None else v for (p, r), v in zip(found, values, strict=True)
                ]
            return values[0] if len(values) == 1 else np.concatenate(values)

        base = join("base")
        neighbor = join("neighbor")
        if box:
            assert self.box_seed is not None
            gap: Any = GapStream(self.box_seed, self.n_features, start)
            scale = join("scale", lambda p, r: np.ones(r["base"].shape[0]))
            offset = join("offset", lambda p, r: np.zeros(r["base"].shape[0]))
        else:
            gap = join("gap")
            scale = offset = None
        nominal = join("nominal")
        return Recipe(
            labels,
            empty if base is None else base,
            empty if neighbor is None else neighbor,
            np.zeros(0) if gap is None else gap,
            first_row=self.first_row + start if self.first_row >= 0 else -1,
            scale=scale,
            nominal=nominal,
            offset=offset,
        )

    @property
    def nbytes(self) -> int:
        """Bytes held by the draws' arrays (the neighbour tables are shared with the search)."""
        total = 0
        for p in self.parts:
            arrays = [p.rows, p.counts, p.base, p.scale, p.nominal, p.offset]
            arrays.append(p.neighbor.table if isinstance(p.neighbor, NeighborDraw) else p.neighbor)
            arrays.append(p.gap if isinstance(p.gap, np.ndarray) else None)
            total += sum(a.nbytes for a in arrays if a is not None)
        return int(total)

    def materialize(self) -> Recipe:
        """The whole recipe as arrays (as long as the output), built once on first use."""
        cached = self.__dict__.get("_whole")
        if cached is None or cached.first_row != self.first_row:
            cached = self.__dict__["_whole"] = self.rows(0, len(self))
        return cached

    def with_positions(self, positions: np.ndarray) -> DrawnRecipe:
        """The draws with row positions mapped through ``positions`` (e.g. to the whole input)."""
        parts = [p.with_positions(positions) for p in self.parts]
        return DrawnRecipe(parts, self.n_features, self.box_seed, self.label_dtype, self.first_row)

    # ---- the Recipe interface, materialised on demand --------------------------------
    @property
    def labels(self) -> np.ndarray:
        return self.labels_between(0, len(self), self.label_dtype)

    @property
    def base(self) -> np.ndarray:
        return self.materialize().base

    @property
    def neighbor(self) -> np.ndarray:
        return self.materialize().neighbor

    @property
    def gap(self) -> Any:
        return self.materialize().gap

    @property
    def scale(self) -> np.ndarray | None:
        return self.materialize().scale

    @property
    def nominal(self) -> np.ndarray | None:
        codes = [p.nominal for p in self.parts]
        if all(c is None for c in codes):
            return None  # SMOTE: known without drawing anything
        if all(c is not None for c in codes):
            # the votes are held whole already: no need to draw every other column too
            return codes[0] if len(codes) == 1 else np.concatenate(codes)
        return self.materialize().nominal

    def gaps(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        stop = len(self) if stop is None else stop
        return self.rows(start, stop).gaps()

    def subset(self, indices: np.ndarray) -> Recipe:
        return self.materialize().subset(indices)

    def to_frame(self) -> Any:
        return self.materialize().to_frame()
