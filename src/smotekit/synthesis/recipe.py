"""The recipe of the synthetic rows, which is also their audit trail (provenance)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class GapStream:
    """Per-attribute gaps (the paper's pseudocode), regenerated on demand from a seed.

    Row ``i`` of the stream holds ``n_features`` uniform draws; any block of rows can be
    produced alone, so the output does not depend on how the rows are chunked or threaded,
    and no array of the output's size is ever held just for the gaps.
    """

    seed: int
    n_features: int
    #: Row of the stream that is this object's row 0 (a range of a longer stream).
    offset: int = 0

    def block(self, start: int, stop: int) -> np.ndarray:
        """Gaps of synthetic rows ``start`` to ``stop`` as a ``(stop - start, d)`` array."""
        bits = np.random.PCG64(self.seed)
        # Generator.random draws one 64-bit value per float64, row-major
        bits.advance((self.offset + start) * self.n_features)
        return np.random.Generator(bits).random((stop - start, self.n_features))


@dataclass
class Recipe:
    """For each synthetic row: its class, base row, neighbour row and gap.

    ``base`` and ``neighbor`` are positions of rows in the input (0-based, in input order).
    The synthetic row is ``X[base] + gap * (X[neighbor] - X[base])``, with one gap per row
    (``gap`` of shape ``(n,)``: a point on the segment, the paper's text) or one per attribute
    (a point in the box spanned by the two rows, the paper's pseudocode): ``gap`` is then a
    :class:`GapStream`, or an explicit ``(n, d)`` array once rows have been selected from one.

    Attributes
    ----------
    first_row : int
        Position in the resampled output of the first synthetic row (set when the output is
        assembled); synthetic row ``i`` is output row ``first_row + i``.
    nominal : ndarray of shape (n, n_nominal) or None
        SMOTE-NC and SMOTE-N: the codes of each synthetic row's nominal values, chosen by
        majority vote; they replace whatever interpolation put in the nominal columns.
    """

    labels: np.ndarray
    base: np.ndarray
    neighbor: np.ndarray
    gap: np.ndarray | GapStream
    first_row: int = -1
    #: Box mode only: per-row factor on the streamed gaps (e.g. 0.5, or -1 to extrapolate).
    scale: np.ndarray | None = None
    nominal: np.ndarray | None = None
    #: Box mode only: per-row start of the streamed gaps (gap = offset + scale * uniform).
    offset: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.base.shape[0])

    @property
    def gap_mode(self) -> str:
        """``"segment"`` (one gap per synthetic row) or ``"box"`` (one per attribute)."""
        return "box" if isinstance(self.gap, GapStream) or self.gap.ndim == 2 else "segment"

    def gaps(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """The gaps of synthetic rows ``start:stop``: shape ``(m,)`` or ``(m, n_features)``."""
        stop = len(self) if stop is None else stop
        if isinstance(self.gap, GapStream):
            block = self.gap.block(start, stop)
            if self.scale is not None:
                block *= self.scale[start:stop, None]
            if self.offset is not None:
                block += self.offset[start:stop, None]
            return block
        return self.gap[start:stop]

    def rows(self, start: int, stop: int) -> Recipe:
        """The recipe of synthetic rows ``start:stop``, without copying (views, or a stream).

        Rendering consecutive ranges gives the same rows as rendering the whole recipe at
        once: a streamed gap keeps its place in the stream. The out-of-core paths render a
        file's or a partition's synthetic rows this way, one bounded range at a time.

        Examples
        --------
        >>> import numpy as np
        >>> recipe = Recipe(np.zeros(4), np.arange(4), np.arange(4), GapStream(7, 2))
        >>> part = recipe.rows(2, 4)
        >>> bool(np.array_equal(part.gaps(), recipe.gaps(2, 4)))
        True
        """
        stop = min(max(stop, start), len(self))
        gap: Any = self.gap
        if isinstance(gap, GapStream):
            gap = GapStream(gap.seed, gap.n_features, gap.offset + start)
        else:
            gap = gap[start:stop]
        return Recipe(
            self.labels[start:stop],
            self.base[start:stop],
            self.neighbor[start:stop],
            gap,
            first_row=self.first_row + start if self.first_row >= 0 else -1,
            scale=None if self.scale is None else self.scale[start:stop],
            nominal=None if self.nominal is None else self.nominal[start:stop],
            offset=None if self.offset is None else self.offset[start:stop],
        )

    def subset(self, indices: np.ndarray) -> Recipe:
        """The recipe of synthetic rows ``indices`` (sorted), e.g. those a filter kept.

        Streamed box gaps are materialised for the kept rows, since they no longer form one
        contiguous stream.
        """
        indices = np.asarray(indices, dtype=np.intp)
        if isinstance(self.gap, GapStream):
            gap = np.empty((indices.shape[0], self.gap.n_features))
            step = 1 << 15
            bounds = np.searchsorted(indices, np.arange(0, len(self) + step, step))
            for s, (lo, hi) in enumerate(itertools.pairwise(bounds)):
                if hi > lo:
                    block = self.gaps(s * step, min((s + 1) * step, len(self)))
                    gap[lo:hi] = block[indices[lo:hi] - s * step]
        else:
            gap = self.gap[indices]
        nominal = None if self.nominal is None else self.nominal[indices]
        return Recipe(
            self.labels[indices], self.base[indices], self.neighbor[indices], gap, nominal=nominal
        )

    @staticmethod
    def concat(parts: list[Recipe], n_features: int, box_seed: int | None = None) -> Recipe:
        """Join per-class recipes (in output order) into one."""
        if not parts:
            empty = np.zeros(0, dtype=np.intp)
            gap: Any = GapStream(box_seed, n_features) if box_seed is not None else np.zeros(0)
            return Recipe(np.zeros(0), empty, empty, gap)
        if len(parts) == 1 and box_seed is None and not isinstance(parts[0].gap, GapStream):
            # one class: its arrays are the recipe (no copy of a table as long as the output)
            only = parts[0]
            return Recipe(only.labels, only.base, only.neighbor, only.gap, nominal=only.nominal)
        labels = np.concatenate([p.labels for p in parts])
        base = np.concatenate([p.base for p in parts])
        neighbor = np.concatenate([p.neighbor for p in parts])
        nominal = None
        if any(p.nominal is not None for p in parts):
            nominal = np.concatenate([p.nominal for p in parts])
        if box_seed is not None:
            scale = offset = None
            if any(p.scale is not None for p in parts):
                scale = np.concatenate(
                    [np.ones(len(p)) if p.scale is None else p.scale for p in parts]
                )
            if any(p.offset is not None for p in parts):
                offset = np.concatenate(
                    [np.zeros(len(p)) if p.offset is None else p.offset for p in parts]
                )
            return Recipe(
                labels,
                base,
                neighbor,
                GapStream(box_seed, n_features),
                scale=scale,
                nominal=nominal,
                offset=offset,
            )
        if any(isinstance(p.gap, GapStream) for p in parts):
            parts = [p.subset(np.arange(len(p))) for p in parts]
        gap = np.concatenate([np.asarray(p.gap) for p in parts])
        return Recipe(labels, base, neighbor, gap, nominal=nominal)

    def to_frame(self) -> Any:
        """The provenance as a pandas DataFrame, one row per synthetic sample.

        Columns: ``row`` (position in the output), ``label``, ``base``, ``neighbor`` (positions
        in the input) and ``gap`` (segment mode only; in box mode use :meth:`gaps`).

        Examples
        --------
        >>> import numpy as np
        >>> from smotekit import SMOTE
        >>> X = np.arange(40, dtype=float).reshape(20, 2)
        >>> y = np.array([0] * 14 + [1] * 6)
        >>> sampler = SMOTE(random_state=0)
        >>> X_res, y_res = sampler.fit_resample(X, y)
        >>> frame = sampler.provenance_.to_frame()
        >>> len(frame), int(frame["row"].iloc[0])
        (8, 20)
        """
        import pandas as pd

        data: dict[str, Any] = {
            "row": np.arange(len(self)) + max(self.first_row, 0),
            "label": self.labels,
            "base": self.base,
            "neighbor": self.neighbor,
        }
        if self.gap_mode == "segment":
            data["gap"] = self.gap
        return pd.DataFrame(data)
