"""SMOTER and SMOGN: over-sampling for regression (a continuous target ``y``).

Torgo, Ribeiro, Pfahringer & Branco, "SMOTE for Regression" (EPIA 2013), and Branco, Torgo
& Ribeiro, "SMOGN: a Pre-processing Approach for Imbalanced Regression" (LIDTA 2017).

A *relevance function* ``phi(y)`` in [0, 1] says which target values are rare; the rows
with ``phi >= relevance_threshold`` are *rare*. Sorted by ``y``, consecutive rows of the
same kind (rare or normal) form *bins*. Rare bins are over-sampled with synthetic rows made
inside the bin; normal bins are randomly under-sampled.

``y`` is read here (a 1-D float target: numpy array, list or pandas Series), since the
single-label door (:mod:`smotekit.door.target`) refuses continuous targets; ``X`` takes the
door as for every sampler, and the output is built by the package's own assembly, so
containers, dtypes and row labels come back as SMOTE gives them.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit.door import Features
from smotekit.door.continuous import ContinuousTarget, read_continuous_target
from smotekit.door.runners import container_family
from smotekit.door.weights import ingest_weights
from smotekit.errors import (
    InvalidInputError,
    InvalidParameterError,
    SmotekitWarning,
    user_stacklevel,
)
from smotekit.neighbors import kneighbors_within, pair_distances
from smotekit.samplers.base import BaseSampler, _check_aligned, make_rng
from smotekit.samplers.relevance import (
    Relevance,
    boxplot_control_points,
    check_control_points,
    relevance_bins,
)

__all__ = ["SMOGN", "SMOTER", "Relevance", "boxplot_control_points", "relevance_bins"]


def _check_relevance_param(name: str, value: Any) -> None:
    if isinstance(value, str):
        if value != "auto":
            raise InvalidParameterError(
                f"{name}={value!r} is not valid: 'auto', a callable y -> phi, or a list of "
                "(y, phi) control points."
            )
        return
    if callable(value):
        return
    check_control_points(value, name)


def _check_strategy_param(name: str, value: Any) -> None:
    says = (
        f"{name}={value!r} must be 'balance' or a dict {{'over': percent, 'under': "
        "percent}} (the paper's o% > 0 and u% >= 0; 'under' may be None: no under-sampling)"
    )
    if isinstance(value, str):
        if value != "balance":
            raise InvalidParameterError(says + ".")
        return
    if not isinstance(value, Mapping) or set(value) - {"over", "under"} or "over" not in value:
        raise InvalidParameterError(says + ".")
    over, under = value["over"], value.get("under")

    def real(v: Any) -> bool:
        return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)

    if not real(over) or over <= 0:
        raise InvalidParameterError(says + f"; 'over' is {over!r}.")
    if under is not None and (not real(under) or under < 0):
        raise InvalidParameterError(says + f"; 'under' is {under!r}.")


@dataclass
class Plan:
    """Which rows each bin keeps and how many synthetic rows each rare bin makes."""

    keep: np.ndarray  # input positions kept, ascending
    seeds: list[np.ndarray]  # per bin: seed of each new row (empty for normal bins)
    targets: np.ndarray  # per bin: its size after resampling


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _plan(
    bins: list[np.ndarray],
    rare: np.ndarray,
    strategy: Any,
    rng: np.random.Generator,
) -> Plan:
    n = sum(b.shape[0] for b in bins)
    n_new = np.zeros(len(bins), dtype=np.int64)
    kept_rows: list[np.ndarray] = []
    if strategy == "balance":
        target = _round_half_up(n / len(bins))
        for i, b in enumerate(bins):
            if rare[i]:
                n_new[i] = max(target - b.shape[0], 0) if b.shape[0] > 1 else 0
                kept_rows.append(b)
            else:
                t = min(b.shape[0], target)
                kept_rows.append(b if t == b.shape[0] else rng.choice(b, t, replace=False))
    else:
        for i, b in enumerate(bins):
            if rare[i]:
                kept_rows.append(b)
                if b.shape[0] > 1:
                    n_new[i] = _round_half_up(b.shape[0] * strategy["over"] / 100)
        normal = [b for i, b in enumerate(bins) if not rare[i]]
        normal_rows = np.concatenate(normal) if normal else np.zeros(0, dtype=np.intp)
        under = strategy.get("under")
        if under is None:
            kept_rows.append(normal_rows)
        else:
            t = min(normal_rows.shape[0], _round_half_up(under / 100 * int(n_new.sum())))
            kept_rows.append(rng.choice(normal_rows, t, replace=False))
    keep = np.sort(np.concatenate(kept_rows)).astype(np.intp)
    seeds = []
    for i, b in enumerate(bins):
        q, r = divmod(int(n_new[i]), b.shape[0])
        extra = rng.choice(b, r, replace=False) if r else np.zeros(0, dtype=np.intp)
        seeds.append(np.concatenate([np.repeat(b, q), extra]).astype(np.intp))
    kept_per_bin = np.array([np.isin(b, keep).sum() for b in bins])
    return Plan(keep, seeds, kept_per_bin + n_new)


# ---- the samplers ----------------------------------------------------------------------
class _RegressionSampler(BaseSampler):
    """What SMOTER and SMOGN share: reading ``y``, relevance, bins, amounts, assembly."""

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "k_neighbors": params.integer(1, " (neighbours of each seed within its bin)"),
        "relevance": params.Checked(_check_relevance_param),
        "relevance_threshold": params.Rule(
            lambda v: params._is_real(v) and 0 < v <= 1,
            "a number in (0, 1]: rows with phi >= it are rare",
        ),
        "sampling_strategy": params.Checked(_check_strategy_param),
    }
    why_all_rows = "its relevance and bins are computed on the whole target"
    _noise: ClassVar[bool] = False

    # -- fitted attributes, without making rows --
    def fit(self, X: Any, y: Any) -> _RegressionSampler:
        """Check the inputs and compute ``relevance_``, ``bins_`` and ``rare_bins_``;
        ``fit_resample`` makes the rows.

        Returns
        -------
        self : object
        """
        target = self._read_inputs(X, y)[1]
        self._relevance(target.values)
        for name in ("sample_indices_", "seeds_", "references_", "gaps_", "noise_"):
            if hasattr(self, name):
                delattr(self, name)
        return self

    def fit_resample(
        self, X: Any, y: Any, *, sample_weight: Any = None, **params: Any
    ) -> tuple[Any, ...]:
        """Under-sample the normal bins and add synthetic rows to the rare bins.

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
            Numeric features.
        y : array-like or Series of shape (n_samples,)
            The continuous target.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the rows, returned third: kept rows keep theirs; an interpolated
            row weighs ``w[seed] + gap * (w[reference] - w[seed])``; a Gaussian row (SMOGN)
            its seed's weight.

        Returns
        -------
        X_resampled, y_resampled[, sample_weight_resampled]
            The kept original rows (input order), then the synthetic rows (seeds_ order),
            in the containers ``X`` and ``y`` came in; ``y`` as float64.
        """
        self._check_fit_params(params)
        features, target = self._read_inputs(X, y)
        weights = None if sample_weight is None else ingest_weights(sample_weight, features.n_rows)
        bins, rare = self._relevance(target.values)
        rng = make_rng(self.random_state)
        if not rare.any():
            plan = Plan(np.arange(features.n_rows), [np.zeros(0, np.intp) for _ in bins], None)
            plan.targets = np.array([b.shape[0] for b in bins])
        else:
            plan = _plan(bins, rare, self.sampling_strategy, rng)
        self.bin_sizes_resampled_ = plan.targets
        rows, y_new, seeds, refs, gaps, noise = self._synthesize(
            features, target.values, bins, plan.seeds, rng
        )
        keep = None if plan.keep.shape[0] == features.n_rows else plan.keep
        self.sample_indices_ = plan.keep
        self.seeds_, self.references_, self.gaps_ = seeds, refs, gaps
        if self._noise:
            self.noise_ = noise
        n_new = rows.shape[0]

        def fill(out: np.ndarray) -> None:
            out[...] = rows

        def build() -> sp.csr_matrix:
            return sp.csr_matrix(rows)

        X_out, index = features.assemble(
            keep,
            np.zeros(0, dtype=np.intp),
            n_new,
            fill,
            build,
            integers_as_float=False,
        )
        y_out = target.wrap(keep, y_new, index)
        if weights is None:
            return X_out, y_out
        g = np.where(np.isnan(gaps), 0.0, np.clip(gaps, 0.0, 1.0))
        ref = np.where(refs >= 0, refs, seeds)
        w_new = weights[seeds] + g * (weights[ref] - weights[seeds])
        return X_out, y_out, np.concatenate([weights[plan.keep], w_new])

    # -- steps --
    def _read_inputs(self, X: Any, y: Any) -> tuple[Features, ContinuousTarget]:
        self.check_params()
        if container_family(X) != "memory" or container_family(y) != "memory":
            raise InvalidInputError(
                f"{type(self).__name__} resamples in memory: compute the Dask collections "
                "first (X.compute(), y.compute())."
            )
        features = self.read_features(X)
        _check_aligned(X, y)
        target = read_continuous_target(y, features.n_rows)
        self.n_features_in_ = features.n_features
        if features.feature_names_in is not None:
            self.feature_names_in_ = features.feature_names_in
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return features, target

    def _relevance(self, y: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Set the relevance attributes; return the bins and which are rare."""
        relevance = self.relevance
        if isinstance(relevance, str):
            self.control_points_ = boxplot_control_points(y)
            function: Callable[[Any], np.ndarray] = Relevance(self.control_points_)
        elif callable(relevance):
            self.control_points_ = None
            function = relevance
        else:
            self.control_points_ = check_control_points(relevance)
            function = Relevance(self.control_points_)
        phi = np.asarray(function(y), dtype=np.float64)
        if phi.shape != y.shape or not np.isfinite(phi).all() or (phi < 0).any() or (phi > 1).any():
            raise InvalidParameterError(
                "relevance: the callable must return one finite phi in [0, 1] per target "
                f"value (got shape {phi.shape}, range [{np.nanmin(phi):g}, {np.nanmax(phi):g}])."
            )
        self.relevance_function_ = function
        self.relevance_ = phi
        bins = relevance_bins(y, phi, self.relevance_threshold)
        rare = np.array([phi[b[0]] >= self.relevance_threshold for b in bins])
        self.bins_ = bins
        self.rare_bins_ = rare
        self.bin_sizes_ = np.array([b.shape[0] for b in bins])
        if not rare.any():
            warnings.warn(
                f"{type(self).__name__} found no rare row (no phi >= relevance_threshold = "
                f"{self.relevance_threshold:g}; largest phi {phi.max():.3g}): the data are "
                "returned unchanged.",
                SmotekitWarning,
                stacklevel=user_stacklevel(),
            )
        for i in np.flatnonzero(rare):
            if bins[i].shape[0] == 1:
                warnings.warn(
                    f"Rare bin {i} holds one row (input row {bins[i][0]}, y = "
                    f"{y[bins[i][0]]:g}): it has no neighbour in its bin to interpolate "
                    "with, so it is kept as it is and gets no synthetic row.",
                    SmotekitWarning,
                    stacklevel=user_stacklevel(),
                )
        return bins, rare

    def _synthesize(
        self,
        features: Features,
        y: np.ndarray,
        bins: list[np.ndarray],
        seeds_per_bin: list[np.ndarray],
        rng: np.random.Generator,
    ) -> tuple[np.ndarray, ...]:
        """The synthetic rows, their targets and their parents, bin by bin."""
        X = features.numeric
        d = features.n_features
        parts: list[tuple[np.ndarray, ...]] = []
        for b, seeds in zip(bins, seeds_per_bin, strict=True):
            if seeds.shape[0] == 0:
                continue
            Xb = X[b]
            Xb = np.asarray(Xb.toarray() if sp.issparse(Xb) else Xb, dtype=np.float64)
            local = np.empty(y.shape[0], dtype=np.intp)
            local[b] = np.arange(b.shape[0])
            k = min(self.k_neighbors, b.shape[0] - 1)
            near = kneighbors_within(Xb, k, n_jobs=self.n_jobs)
            s = local[seeds]
            pick = near[s, rng.integers(0, k, size=s.shape[0])]
            gap = rng.random(s.shape[0])
            noise = np.zeros(s.shape[0], dtype=bool)
            scale = np.zeros(s.shape[0])
            if self._noise:
                to_near = pair_distances(Xb, Xb, near, n_jobs=self.n_jobs)
                max_d = np.median(to_near, axis=1) / 2  # the safe distance of each row
                dist = np.sqrt(((Xb[pick] - Xb[s]) ** 2).sum(axis=1))
                noise = ~(dist < max_d[s])
                scale = np.minimum(self.pert, max_d[s])
            new = Xb[s] + gap[:, None] * (Xb[pick] - Xb[s])
            y_new = np.empty(s.shape[0])
            if noise.any():
                sd = np.concatenate([Xb.std(axis=0), [y[b].std()]])
                z = rng.standard_normal((int(noise.sum()), d + 1))
                shift = z * sd[None, :] * scale[noise][:, None]
                new[noise] = Xb[s[noise]] + shift[:, :d]
                y_new[noise] = y[b[s[noise]]] + shift[:, d]
            if features.integer_columns.any():
                new[:, features.integer_columns] = np.rint(new[:, features.integer_columns])
            inter = ~noise
            if inter.any():
                # the paper's target: weighted by the new point's distances to its parents
                d1 = np.sqrt(((new[inter] - Xb[s[inter]]) ** 2).sum(axis=1))
                d2 = np.sqrt(((new[inter] - Xb[pick[inter]]) ** 2).sum(axis=1))
                y1, y2 = y[b[s[inter]]], y[b[pick[inter]]]
                total = d1 + d2
                with np.errstate(invalid="ignore", divide="ignore"):
                    weighted = (d2 * y1 + d1 * y2) / total
                y_new[inter] = np.where(total > 0, weighted, (y1 + y2) / 2)
            refs = np.where(noise, -1, b[pick])
            gaps = np.where(noise, np.nan, gap)
            parts.append((new, y_new, b[s], refs, gaps, noise))
        if not parts:
            empty = np.zeros(0, dtype=np.intp)
            return (np.zeros((0, d)), np.zeros(0), empty, empty, np.zeros(0), empty.astype(bool))
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(6))


_SHARED_PARAMETERS = """\
    relevance : 'auto', list of (y, phi) pairs, or callable, default='auto'
        The relevance function phi(y) in [0, 1]. ``'auto'``: Ribeiro's box-plot extremes,
        as in both papers, from the plain (Tukey, 1.5 IQR, R's ``boxplot.stats``) box plot
        of ``y``, not the skew-adjusted one: control points ``(lower whisker end, 1)`` if
        some ``y`` lies below it (else ``(min y, 0)``), ``(median, 0)``, ``(upper whisker
        end, 1)`` if some ``y`` lies above it (else ``(max y, 0)``); see
        :func:`boxplot_control_points`. A list of ``(y, phi)`` pairs gives the control
        points yourself. Control points are joined by
        :class:`scipy.interpolate.PchipInterpolator` (monotone between points) and phi is
        constant beyond the outer points (:class:`Relevance`). A callable takes the
        target array and returns phi of each value.
    relevance_threshold : float, default=0.5
        Rows with ``phi >= relevance_threshold`` are rare.
    sampling_strategy : 'balance' or dict, default='balance'
        ``'balance'``: every bin is brought to the mean bin size ``B = round(n_samples /
        n_bins)`` (halves up): a rare bin of ``s < B`` rows gets ``B - s`` synthetic rows,
        a normal bin of ``s > B`` rows keeps ``B`` of them drawn at random without
        replacement; a rare bin at or above ``B`` and a normal bin at or below it stay as
        they are (rare rows are never removed, normal rows never synthesised).
        ``{'over': o, 'under': u}``: the paper's percentages: each rare bin of ``s`` rows
        gets ``round(s * o / 100)`` synthetic rows, and ``round(u / 100 * total new rows)``
        normal rows (at most all of them) are kept, drawn at random without replacement
        from all normal rows together (SMOTER's Algorithm 1); ``'under': None`` keeps every
        normal row. Within a bin, each row seeds ``floor(m / s)`` new rows and ``m mod s``
        rows drawn without replacement seed one more.
    k_neighbors : int, default=5
        Neighbours of each seed within its bin (Euclidean on ``X``, features only, no
        scaling: scale ``X`` first if its columns have different units). A bin of ``k``
        rows or fewer uses all its other rows.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the single random generator used for the whole call.
    n_jobs : int, default=None
        Threads for the neighbour search; the output is the same whatever the value.
"""

_SHARED_ATTRIBUTES = """\
    relevance_ : ndarray of shape (n_samples,)
        phi of each input row.
    relevance_function_ : callable
        The relevance function used (a :class:`Relevance`, or your callable).
    control_points_ : ndarray of shape (m, 2) or None
        Its ``(y, phi)`` control points (``None`` for a callable).
    bins_ : list of ndarray
        The bins, in increasing ``y``: input positions of their rows, sorted by ``y``.
    rare_bins_ : ndarray of bool
        Which bins are rare.
    bin_sizes_ : ndarray of int
        Rows of each bin in the input.
    bin_sizes_resampled_ : ndarray of int
        Rows of each bin in the output (kept originals plus synthetic rows).
    sample_indices_ : ndarray of int
        Input positions of the kept original rows (the output's first rows, in order).
    seeds_ : ndarray of int
        Input position of each synthetic row's seed (output rows ``len(sample_indices_)``
        on, in order).
    references_ : ndarray of int
        Input position of the neighbour each synthetic row was interpolated with (``-1``
        for a Gaussian row of SMOGN).
    gaps_ : ndarray of float
        The gap of each interpolated row: ``x = x_seed + gap * (x_ref - x_seed)`` (NaN for
        a Gaussian row).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.
"""

_SHARED_NOTES = """\
    The new target of an interpolated row is the paper's distance-weighted average of its
    parents' targets, ``(d2 * y_seed + d1 * y_ref) / (d1 + d2)`` with ``d1``, ``d2`` the
    distances from the new row to the seed and the reference (the mean of the two when
    both are 0, duplicate parents). A point on the segment at gap ``g`` has ``d1 = g D``,
    ``d2 = (1 - g) D``, so the target is interpolated with the same gap; integer columns
    of ``X`` are rounded (dtype kept) before the distances are taken.

    Interpolation uses one gap per row (a point on the segment between the parents, as
    the SMOTE text and smotekit's SMOTE); the papers' pseudo-code draws ``random(0, 1)``
    inside its loop over the attributes (a point in the box the parents span).

    Nominal columns (the papers' HEOM distance and their vote) are not supported: ``X``
    must be numeric. Sparse ``X`` is accepted; each rare bin's rows are densified for the
    synthesis (rare bins are small) and the new rows come back sparse.

    When no row is rare a :class:`~smotekit.SmotekitWarning` says so and the data come back
    unchanged. A rare bin of one row has no neighbour in its bin: a warning says so, the
    row is kept and gets no synthetic row (in ``'balance'`` it still counts for ``B``).
    ``y`` may be a numpy array, a list or a pandas Series (index kept for original rows,
    new labels for new rows); it comes back as float64. A target of at most 10 distinct
    whole numbers is taken for class labels and refused (use SMOTE). Dask collections are
    refused: compute them first.
"""


class SMOTER(_RegressionSampler):
    __doc__ = (
        """SMOTER: SMOTE for regression (Torgo et al., 2013).

    A relevance function ``phi(y)`` marks the rare target values; rows with ``phi >=
    relevance_threshold`` are rare. Sorted by ``y``, consecutive rare rows form rare bins
    (the low and the high extremes separately) and the rows between them normal bins. Each
    rare bin gets synthetic rows: a seed row of the bin, one of its ``k_neighbors`` nearest
    rows *of the same bin* drawn at random, and a point drawn uniformly on the segment
    between them; its target is the distance-weighted average of the two parents' targets.
    Normal bins are randomly under-sampled. ``sampling_strategy`` sets the amounts.

    Parameters
    ----------
"""
        + _SHARED_PARAMETERS
        + """
    Attributes
    ----------
"""
        + _SHARED_ATTRIBUTES
        + """
    Notes
    -----
"""
        + _SHARED_NOTES
        + """
    References
    ----------
    L. Torgo, R. P. Ribeiro, B. Pfahringer and P. Branco, "SMOTE for Regression", Progress
    in Artificial Intelligence (EPIA 2013), LNAI 8154, 378-389, Springer, 2013.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from smotekit import SMOTER
    >>> from smotekit.samplers.regression import boxplot_control_points
    >>> X, y = load_diabetes(return_X_y=True)
    >>> boxplot_control_points(y).tolist()  # no box-plot extremes: nothing rare
    [[25.0, 0.0], [140.5, 0.0], [346.0, 0.0]]
    >>> sampler = SMOTER(relevance=[(140.5, 0.0), (300.0, 1.0)], random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.bin_sizes_.tolist(), sampler.rare_bins_.tolist()
    ([345, 97], [False, True])
    >>> sampler.bin_sizes_resampled_.tolist(), X_res.shape
    ([221, 221], (442, 10))

    The diabetes target (25 to 346) has no value beyond the box plot's whiskers, so the
    default relevance marks nothing rare (a warning says so); the control points above make
    the high values rare instead: 97 rows with ``phi >= 0.5`` (y of about 220 and up).
    """
    )

    def __init__(
        self,
        *,
        relevance: Any = "auto",
        relevance_threshold: float = 0.5,
        sampling_strategy: Any = "balance",
        k_neighbors: int = 5,
        random_state: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.relevance = relevance
        self.relevance_threshold = relevance_threshold
        self.sampling_strategy = sampling_strategy
        self.k_neighbors = k_neighbors
        self.random_state = random_state
        self.n_jobs = n_jobs


class SMOGN(_RegressionSampler):
    __doc__ = (
        """SMOGN: SMOTER with Gaussian noise (Branco, Torgo & Ribeiro, 2017).

    Relevance, bins and amounts as :class:`SMOTER`. For each new row of a rare bin, a
    seed and one of its ``k_neighbors`` nearest rows of the same bin drawn at random: when
    the neighbour lies within the seed's *safe distance* ``maxD`` (half the median of the
    distances from the seed to its ``k`` neighbours; strictly nearer), the row is
    interpolated as in SMOTER; otherwise it is the seed plus Gaussian noise, ``N(0,
    (p * sd_j)^2)`` on each attribute ``j`` and on the target, with ``p = min(pert,
    maxD)`` (the paper's Algorithm) and ``sd_j`` the standard deviation (ddof=0) of
    column ``j`` (or of ``y``) within the rare bin.

    Parameters
    ----------
"""
        + _SHARED_PARAMETERS
        + """    pert : float, default=0.02
        The perturbation of the Gaussian rows, a fraction of each column's standard
        deviation, in (0, 1].

    Attributes
    ----------
"""
        + _SHARED_ATTRIBUTES
        + """    noise_ : ndarray of bool
        Which synthetic rows are Gaussian (``True``) rather than interpolated.

    Notes
    -----
"""
        + _SHARED_NOTES
        + """
    Differences from the ``smogn`` package (0.1.2), where it departs from the paper: it
    measures distances with the target as one more column; its safe distance is half the
    median distance to *all* rows of the bin, not to the ``k`` neighbours; it returns only
    the synthetic rows of an over-sampled bin (the originals are dropped) and, when
    under-sampling, the whole data minus the drawn rows; it resizes bins by size alone (a
    large rare bin is under-sampled, a small normal bin over-sampled); when the two
    parents are equally far it sets the target to ``y1 + y2 / 2``. Here: features only,
    the ``k`` neighbours, originals kept, rare bins only over-sampled and normal bins only
    under-sampled, and the mean.

    References
    ----------
    P. Branco, L. Torgo and R. P. Ribeiro, "SMOGN: a Pre-processing Approach for Imbalanced
    Regression", Proceedings of Machine Learning Research 74 (LIDTA 2017), 36-50, 2017.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from smotekit import SMOGN
    >>> X, y = load_diabetes(return_X_y=True)
    >>> sampler = SMOGN(relevance=[(140.5, 0.0), (300.0, 1.0)], random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> X_res.shape, len(sampler.seeds_), int(sampler.noise_.sum())
    ((442, 10), 124, 124)

    In these 10 dimensions no drawn neighbour is nearer than half the median distance to
    the seed's 5 neighbours, so every new row here is Gaussian.
    """
    )

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "pert": params.Rule(
            lambda v: params._is_real(v) and 0 < v <= 1,
            "a number in (0, 1] (the Gaussian perturbation, a fraction of each column's "
            "standard deviation)",
        ),
    }
    _noise = True

    def __init__(
        self,
        *,
        relevance: Any = "auto",
        relevance_threshold: float = 0.5,
        sampling_strategy: Any = "balance",
        k_neighbors: int = 5,
        pert: float = 0.02,
        random_state: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        self.relevance = relevance
        self.relevance_threshold = relevance_threshold
        self.sampling_strategy = sampling_strategy
        self.k_neighbors = k_neighbors
        self.pert = pert
        self.random_state = random_state
        self.n_jobs = n_jobs
