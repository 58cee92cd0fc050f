"""Geometric SMOTE (Douzas & Bacao 2019): new rows inside a deformed, truncated hypersphere."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.errors import ClassTooSmallError
from smotekit.neighbors import kneighbors_query, kneighbors_within, resolve_k
from smotekit.plan.allocation import get_allocation
from smotekit.samplers.base import BaseOverSampler, Outcome
from smotekit.samplers.random_over import _F64_MAX, _rounded

#: Rows placed at once (their scratch: a few arrays of this many rows).
_BLOCK = 8192


def geometric_points(
    centre: np.ndarray,
    surface: np.ndarray,
    rng: np.random.Generator,
    truncation_factor: float,
    deformation_factor: float,
) -> np.ndarray:
    """One point per row inside the paper's region around ``centre`` (float64 rows).

    A point ``p`` uniform in the unit ball is reflected through the hyperplane orthogonal
    to ``e``, the unit vector toward ``surface``, when it lies in the truncated cap (the
    side ``p . e < alpha - 1`` for ``alpha = truncation_factor > 0``, ``p . e > alpha + 1``
    for ``alpha < 0``); its part orthogonal to ``e`` is shrunk by ``1 - deformation_factor``;
    the point is ``centre + R p`` with ``R = |surface - centre|``. ``R = 0``: the centre.
    """
    n, d = centre.shape
    normal = rng.standard_normal((n, d))
    radius_u = rng.random(n) ** (1.0 / max(d, 1))
    length = np.linalg.norm(normal, axis=1)
    p = normal * (radius_u / np.where(length > 0, length, 1.0))[:, None]
    # a power of two per row keeps |surface - centre| finite near float64's limits (exact)
    scale = np.ldexp(1.0, -np.frexp(np.maximum(np.abs(centre), np.abs(surface)).max(axis=1))[1])
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)[:, None]
    toward = surface * scale - centre * scale
    R = np.linalg.norm(toward, axis=1)
    e = toward / np.where(R > 0, R, 1.0)[:, None]
    along = np.einsum("ij,ij->i", p, e)
    alpha = truncation_factor
    if alpha != 0:  # 0: the whole ball, nothing cut
        flip = (along < alpha - 1) if alpha > 0 else (along > alpha + 1)
        p = np.where(flip[:, None], p - 2.0 * along[:, None] * e, p)
    along = np.einsum("ij,ij->i", p, e)
    p = along[:, None] * e + (1.0 - deformation_factor) * (p - along[:, None] * e)
    with np.errstate(over="ignore", invalid="ignore"):
        points = (centre * scale + R[:, None] * p) / scale
    points = np.where((R > 0)[:, None], points, centre)
    return np.clip(points, -_F64_MAX, _F64_MAX)


class GeometricSMOTE(BaseOverSampler):
    """Geometric SMOTE: each new row lies in a hypersphere around a row of the class, which
    may be truncated toward a "surface" row and flattened onto the line to it.

    For each new row, a base row ``c`` of the class (spread evenly over them, as smotekit's
    SMOTE does; ``allocation='random'`` draws them with replacement) and a *surface* row
    ``s`` (``selection_strategy``: ``'minority'``, a random one of ``c``'s ``k_neighbors``
    nearest rows of its class; ``'majority'``, its nearest row of another class;
    ``'combined'``, the nearer of the two). The new row is ``c + |s - c| p`` for ``p``
    uniform in the unit ball, reflected out of the cap beyond ``1 - truncation_factor``
    from the far side of ``s`` (``truncation_factor=1``: the half-ball toward ``s``; 0: the
    whole ball; negative: toward the other side), and its part orthogonal to ``s - c``
    shrunk by ``1 - deformation_factor`` (1: on the segment, as SMOTE). Integer columns are
    rounded and keep their dtype (``integer_columns``).

    Unlike SMOTE, new rows need not lie between two rows: the region extends around ``c``
    in every direction the truncation allows.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        As in :class:`smotekit.SMOTE`.
    random_state : int, Generator, RandomState or None, default=None
    k_neighbors : int, default=5
        Same-class neighbours the ``'minority'`` surface row is drawn from.
    truncation_factor : float, default=1.0
        In [-1, 1] (the paper's alpha_trunc).
    deformation_factor : float, default=0.0
        In [0, 1] (the paper's alpha_def).
    selection_strategy : {'combined', 'majority', 'minority'}, default='combined'
    n_jobs : int, default=None
        Threads for the neighbour searches.
    allocation : {'even', 'random'}, default='even'
    integer_columns : {'round', 'float'}, default='round'
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    centres_ : ndarray of int
        Input position of each new row's base row (output rows ``n_samples`` on).
    surfaces_ : ndarray of int
        Input position of each new row's surface row.

    References
    ----------
    G. Douzas and F. Bacao, "Geometric SMOTE a geometrically enhanced drop-in replacement for
    SMOTE", Information Sciences 501, 118-135, 2019.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import GeometricSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = GeometricSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items()), sampler.centres_.shape
    ([(0, 500), (1, 500)], (232,))
    """

    why_all_rows = "its surface row may be the nearest row of another class"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "k_neighbors": params.integer(1, " (same-class neighbours)"),
        "truncation_factor": params.real(-1.0, 1.0),
        "deformation_factor": params.real(0.0, 1.0),
        "selection_strategy": params.choice("combined", "majority", "minority"),
        "allocation": params.Checked(lambda name, value: get_allocation(value)),
        "integer_columns": params.choice("round", "float"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: int = 5,
        truncation_factor: float = 1.0,
        deformation_factor: float = 0.0,
        selection_strategy: str = "combined",
        n_jobs: int | None = None,
        allocation: str = "even",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.truncation_factor = truncation_factor
        self.deformation_factor = deformation_factor
        self.selection_strategy = selection_strategy
        self.n_jobs = n_jobs
        self.allocation = allocation
        self.integer_columns = integer_columns
        self.indicator = indicator

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels = features.numeric, target.labels
        k = resolve_k(self.k_neighbors)[0]
        centres, surfaces = [], []
        for cls, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            rows = np.flatnonzero(labels == cls)
            base = get_allocation(self.allocation)(rows.shape[0], n_new, rng)
            centres.append(rows[base])
            surfaces.append(self._surface(X, labels, cls, rows, base, k, rng))
        centre = np.concatenate(centres) if centres else np.zeros(0, dtype=np.intp)
        surface = np.concatenate(surfaces) if surfaces else np.zeros(0, dtype=np.intp)
        self.centres_, self.surfaces_ = centre, surface
        # a block of rows at a time: the scratch stays a few MB whatever the output's size
        points = np.empty((centre.shape[0], X.shape[1]))
        for a in range(0, centre.shape[0], _BLOCK):
            b = min(a + _BLOCK, centre.shape[0])
            points[a:b] = geometric_points(
                _rows(X, centre[a:b]),
                _rows(X, surface[a:b]),
                rng,
                float(self.truncation_factor),
                float(self.deformation_factor),
            )
        new_labels = labels[centre]
        as_float = self.integer_columns == "float"
        if sp.issparse(X):
            return Outcome(
                synthetic_labels=new_labels,
                # float64: the sparse container rounds and clips them to X's own dtype
                build_sparse=lambda: sp.csr_matrix(points),
                synthetic_base=centre,
                integers_as_float=as_float,
            )
        integer = features.integer_columns
        round_cols = integer if integer.any() and not as_float else None
        return Outcome(
            synthetic_labels=new_labels,
            fill=partial(_rounded, fill=partial(_copy_points, points=points), integer=round_cols),
            synthetic_base=centre,
            integers_as_float=as_float,
        )

    def _surface(self, X, labels, cls, rows, base, k, rng) -> np.ndarray:
        """Each new row's surface row (input position), by ``selection_strategy``."""
        strategy = self.selection_strategy
        if strategy != "majority" and rows.shape[0] <= k:
            raise ClassTooSmallError(
                f"Class {cls!r} has {rows.shape[0]} row(s), but GeometricSMOTE with "
                f"selection_strategy={strategy!r} draws among each row's k_neighbors={k} "
                f"nearest rows of its class: set k_neighbors={max(rows.shape[0] - 1, 1)} or "
                "lower, or selection_strategy='majority'."
            )
        pick = None
        if strategy != "majority":
            near = kneighbors_within(X[rows], k, n_jobs=self.n_jobs)
            pick = rows[near[base, rng.integers(0, k, base.shape[0])]]
        others = np.flatnonzero(labels != cls)
        if strategy == "minority" or others.size == 0:
            return pick if pick is not None else rows[base]
        nearest = others[kneighbors_query(X[others], 1, points=X[rows], n_jobs=self.n_jobs)[:, 0]]
        other = nearest[base]
        if pick is None:
            return other
        c = _rows(X, rows[base])
        with np.errstate(over="ignore", invalid="ignore"):  # near float64's limit: inf ties
            to_pick = ((_rows(X, pick) - c) ** 2).sum(axis=1)
            to_other = ((_rows(X, other) - c) ** 2).sum(axis=1)
        return np.where(to_other < to_pick, other, pick)


def _rows(X: Any, positions: np.ndarray) -> np.ndarray:
    """Rows of ``X`` (dense or sparse) as float64."""
    picked = X[positions]
    return np.asarray(picked.toarray() if sp.issparse(picked) else picked, dtype=np.float64)


def _copy_points(out: np.ndarray, *, points: np.ndarray) -> None:
    # within the output dtype's finite range (a float32 X near its limit stays finite)
    big = np.finfo(out.dtype).max if out.dtype.kind == "f" else _F64_MAX
    out[...] = np.clip(points, -big, big)
