"""CCR (Koziarski & Wozniak 2017): spheres grown on an energy budget push the other classes
out of them, and the new rows of the class are drawn inside them, more in smaller ones."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit._parallel import resolve_threads
from smotekit.door import Features, Target
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors.spheres import grow_spheres
from smotekit.plan.allocation import allocate_weighted
from smotekit.samplers.base import BaseOverSampler, Outcome
from smotekit.samplers.geometric import _copy_points
from smotekit.samplers.outcome import Moved
from smotekit.samplers.random_over import _F64_MAX, _rounded

#: New rows drawn at once.
_BLOCK = 8192
#: Values of a sparse X made dense (2 GB of float64); larger sparse input is refused.
_DENSE_VALUES = 1 << 28
#: Values of one block of moved rows (16 MB of float64).
_PUSH_VALUES = 1 << 21


def taxicab_ball(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points uniform in the unit L1 ball of dimension ``d``.

    ``e / sum(e)`` over ``d + 1`` exponential draws is uniform on a simplex (Dirichlet(1));
    its first ``d`` coordinates are uniform in the corner ``{x >= 0, sum(x) <= 1}``, and
    random signs spread it over the ball's ``2**d`` corners.
    """
    e = rng.standard_exponential((n, d + 1))
    signs = rng.integers(0, 2, size=(n, d)) * 2.0 - 1.0
    return signs * (e[:, :d] / e.sum(axis=1, keepdims=True))


def _taxicab_sphere(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` directions of unit L1 norm (a row pushed from the very centre of a sphere)."""
    e = rng.standard_exponential((n, d))
    signs = rng.integers(0, 2, size=(n, d)) * 2.0 - 1.0
    return signs * (e / e.sum(axis=1, keepdims=True))


class CCR(BaseOverSampler):
    """Combined Cleaning and Resampling: each row of the class grows a sphere on an energy
    budget, rows of other classes inside it are pushed to its surface, and new rows of the
    class are drawn uniformly inside the spheres, more in smaller ones.

    For each row ``c`` of a class the strategy over-samples, a sphere grows from radius 0
    in the L1 (taxicab) distance the authors use. Growing costs energy: one unit of radius
    costs ``1 + m``, ``m`` the rows of other classes strictly inside, until the budget
    ``energy * n_features ** scaling`` is spent; so ``r + sum_j max(0, r - d_j)`` equals the
    budget, ``d_j`` the distances to the rows of the other classes. Cleaning
    (``clean=True``): a row ``x`` strictly inside a sphere is translated by
    ``(r - d) (x - c) / d`` onto its surface (a row at ``c`` itself in a random direction);
    the translations of all spheres add up, and the moved rows come out in their places
    with their new values. Resampling: the class's new rows go to its spheres in
    proportion to ``1 / r`` (every sphere gets the floor or the ceiling of its share, the
    total is exact), each drawn uniformly in its sphere.

    Several classes: each class the strategy over-samples grows its spheres among the rows
    of all other classes (one against the rest), every class on the input's values; the
    translations of every class's spheres add up. This is the binary method applied per
    class, not the multi-class MC-CCR of Koziarski, Wozniak and Krawczyk (2020), which
    takes classes from the largest down, each against the data as the earlier steps left
    it. A class the plan gives no new row grows no sphere.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        As in :class:`smotekit.SMOTE`.
    random_state : int, Generator, RandomState or None, default=None
    energy : float, default=1.0
        The energy budget of each sphere (> 0), in the data's units: distances are not
        scaled, so scale the columns first where their units differ.
    scaling : float, default=0.0
        The budget is ``energy * n_features ** scaling`` (>= 0; the authors' code uses
        0.5, smote-variants 0.0).
    clean : bool, default=True
        Translate the rows of other classes out of the spheres (the paper). ``False``: only
        resample, every original row unchanged.
    n_jobs : int, default=None
        Threads for the sphere searches.
    integer_columns : {'round', 'float'}, default='round'
        Integer columns of new and moved rows are rounded and keep their dtype, or come
        back as float64.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (moved rows are
        not added rows).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    energy_ : float
        Each sphere's budget, ``energy * n_features ** scaling``.
    centres_ : ndarray of int
        Input positions of the rows whose spheres grew, class by class.
    radii_ : ndarray of float
        Each sphere's radius (L1), aligned with ``centres_``.
    counts_ : ndarray of int
        New rows drawn in each sphere, aligned with ``centres_``: the new rows (output rows
        ``n_samples`` on) are those of ``numpy.repeat(centres_, counts_)``, in that order.
    moved_ : ndarray of int
        Input positions of the rows the cleaning moved (inside at least one sphere), sorted;
        empty with ``clean=False``.

    Notes
    -----
    Where the budget outlasts every row of the other classes, the authors' code divides
    what is left by ``m`` rather than ``m + 1``; here the cost stays ``1 + m`` throughout.
    The authors' code draws its new rows by a coordinate-by-coordinate rule that is not
    uniform in the ball; here they are uniform. smote-variants spreads the new rows by
    rounding each share on its own (the total can miss); here the total is exact; its
    radius loop takes the previous row's distance one row late, so its radii differ from
    the authors' (and these) once a sphere holds two rows.

    A radius needs every row of the other classes within the budget's reach: an exact L1
    range search (rows sorted by a projection that bounds the distance, most ruled out by
    their first columns), never a matrix of all distances. Its cost grows with the budget
    against the spacing of the rows: on 200,000 rows x 20 columns, 0.6 s at energy 1 (as
    SMOTE), 8 s at 10, 31 s at 25, where spheres reach thousands of rows. Sparse ``X`` is
    densified: every new row is dense anyway (a point drawn in an L1 ball has no zero).

    References
    ----------
    M. Koziarski and M. Wozniak, "CCR: A combined cleaning and resampling algorithm for
    imbalanced data classification", International Journal of Applied Mathematics and
    Computer Science 27(4), 727-736, 2017.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit.samplers.ccr import CCR
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = CCR(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items()), int(sampler.counts_.sum())
    ([(0, 500), (1, 500)], 232)
    >>> bool((sampler.radii_ <= sampler.energy_).all())
    True
    """

    why_all_rows = "its spheres grow among the rows of every other class, and move them"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "energy": params.Rule(
            lambda v: params._is_real(v) and np.isfinite(v) and v > 0,
            "a positive number (each sphere's energy budget)",
        ),
        "scaling": params.real(0.0, why=" (the budget is energy * n_features ** scaling)"),
        "clean": params.boolean(),
        "integer_columns": params.choice("round", "float"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        energy: float = 1.0,
        scaling: float = 0.0,
        clean: bool = True,
        n_jobs: int | None = None,
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.energy = energy
        self.scaling = scaling
        self.clean = clean
        self.n_jobs = n_jobs
        self.integer_columns = integer_columns
        self.indicator = indicator

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels = features.numeric, target.labels
        n, d = X.shape
        with np.errstate(over="ignore"):
            budget = float(self.energy) * float(d) ** float(self.scaling)
        if not np.isfinite(budget):
            raise InvalidParameterError(
                f"energy * n_features ** scaling = {self.energy!r} * {d} ** {self.scaling!r} "
                "is beyond float64's range; lower energy or scaling."
            )
        self.energy_ = budget
        # the search and the translations work in float64 (float32 upcasts exactly); CCR's
        # new and moved rows are dense whatever X is (a point of an L1 ball has no zeros)
        if sp.issparse(X) and n * d > _DENSE_VALUES:
            raise InvalidInputError(
                f"CCR works on dense rows (a point of an L1 ball has no zeros), and this "
                f"sparse X ({n:,} x {d:,}) is too large to make dense here (over "
                f"{_DENSE_VALUES:,} values). Reduce the columns first (e.g. "
                "sklearn.decomposition.TruncatedSVD), or use SMOTE, which keeps rows sparse."
            )
        X64 = np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)
        threads = resolve_threads(self.n_jobs)
        shift = None  # the translations, once a sphere holds a row
        touched = np.zeros(n, dtype=bool)
        centres, radii, counts, points = [], [], [], []
        for cls, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            rows = np.flatnonzero(labels == cls)
            others = np.flatnonzero(labels != cls)
            radius = np.empty(rows.shape[0])
            for spheres, r, owner, row, dist in grow_spheres(X64, rows, others, budget, threads):
                radius[spheres] = r
                if self.clean and row.size:
                    shift = np.zeros((n, d)) if shift is None else shift
                    _push(X64, shift, rows[spheres[owner]], row, r[owner], dist, rng)
                    touched[row] = True
            # 1 / radius, scaled by the smallest radius: finite for any budget (1 / r summed
            # over tiny radii overflowed); zero radii (a budget below float64's
            # resolution) take every row
            smallest = radius.min(initial=np.inf)
            weight = smallest / radius if smallest > 0 else (radius == 0).astype(np.float64)
            base = allocate_weighted(weight, n_new, rng)
            points.append(_draw(X64, rows[base], radius[base], rng))
            centres.append(rows)
            radii.append(radius)
            counts.append(np.bincount(base, minlength=rows.shape[0]))
        # read back from locals, not self: one sampler may run in two threads at once
        centres_, counts_, moved_ = (
            _joined(centres, np.intp),
            _joined(counts, np.intp),
            np.flatnonzero(touched),
        )
        self.centres_, self.radii_ = centres_, _joined(radii, np.float64)
        self.counts_, self.moved_ = counts_, moved_
        as_float = self.integer_columns == "float"
        integer = features.integer_columns
        round_cols = integer if integer.any() and not as_float else None
        new = np.concatenate(points) if points else np.zeros((0, d))
        moved = None
        if moved_.size:
            values = X64[moved_] + shift[moved_]
            moved = Moved(moved_, _finite(values, round_cols))
        base_rows = np.repeat(centres_, counts_)
        new_labels = labels[base_rows]
        if sp.issparse(X):
            new = _finite(new, round_cols)
            return Outcome(
                synthetic_labels=new_labels,
                # float64: the container rounds and clips them to X's own dtype
                build_sparse=lambda: sp.csr_matrix(new),
                synthetic_base=base_rows,
                integers_as_float=as_float,
                moved=moved,
            )
        return Outcome(
            synthetic_labels=new_labels,
            fill=partial(_rounded, fill=partial(_copy_points, points=new), integer=round_cols),
            synthetic_base=base_rows,
            integers_as_float=as_float,
            moved=moved,
        )


def _push(X64, shift, centre, row, radius, dist, rng) -> None:
    """Add to ``shift`` the translation of each row onto its sphere's surface."""
    d = X64.shape[1]
    step = max(1, _PUSH_VALUES // max(d, 1))
    for a in range(0, row.shape[0], step):
        c, x = centre[a : a + step], row[a : a + step]
        r, dd = radius[a : a + step], dist[a : a + step]
        away = X64[x] - X64[c]
        at_centre = dd == 0
        direction = away / np.where(at_centre, 1.0, dd)[:, None]
        if at_centre.any():
            direction[at_centre] = _taxicab_sphere(int(at_centre.sum()), d, rng)
        np.add.at(shift, x, (r - dd)[:, None] * direction)


def _draw(X64: np.ndarray, centre: np.ndarray, radius: np.ndarray, rng) -> np.ndarray:
    """A point uniform in each sphere (L1 ball of ``radius`` around row ``centre``)."""
    d = X64.shape[1]
    out = np.empty((centre.shape[0], d))
    for a in range(0, centre.shape[0], _BLOCK):
        b = min(a + _BLOCK, centre.shape[0])
        offset = radius[a:b, None] * taxicab_ball(b - a, d, rng)
        with np.errstate(over="ignore"):
            out[a:b] = X64[centre[a:b]] + offset
    return out


def _finite(values: np.ndarray, round_cols: np.ndarray | None) -> np.ndarray:
    """Rows within float64's range, integer columns rounded where they must be."""
    values = np.clip(values, -_F64_MAX, _F64_MAX)
    if round_cols is not None:
        values[:, round_cols] = np.rint(values[:, round_cols])
    return values


def _joined(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
