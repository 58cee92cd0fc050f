"""Relevance of target values for regression over-sampling (SMOTER, SMOGN).

A relevance function ``phi(y)`` in [0, 1] says which target values are rare: by default from
the box plot's extremes (Ribeiro's method: 0 at the median, 1 at the whisker ends, a
monotone cubic spline between), or from the user's control points; rows sorted by ``y``
are cut into bins of rare or normal rows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from smotekit.errors import InvalidParameterError


def _fivenum(values: np.ndarray) -> np.ndarray:
    """Tukey's five numbers (min, lower hinge, median, upper hinge, max), as R's fivenum."""
    x = np.sort(values)
    n = x.shape[0]
    n4 = math.floor((n + 3) / 2) / 2
    d = np.array([1.0, n4, (n + 1) / 2, n + 1 - n4, float(n)])
    return 0.5 * (x[np.floor(d).astype(int) - 1] + x[np.ceil(d).astype(int) - 1])


def boxplot_control_points(y: Any, coef: float = 1.5) -> np.ndarray:
    """The control points of the default relevance (Ribeiro's box-plot extremes).

    The box plot is Tukey's plain one (R's ``boxplot.stats``): hinges as ``fivenum``,
    fences at ``coef`` (1.5) interquartile ranges beyond the hinges, whisker ends the
    most extreme observed values within the fences. The points, ``(y, phi)``:

    * low side: ``(lower whisker end, 1)`` when some value lies below it, else
      ``(min(y), 0)`` (no low extremes: no low relevance);
    * ``(median, 0)``;
    * high side: ``(upper whisker end, 1)`` when some value lies above it, else
      ``(max(y), 0)``.

    Points at the same ``y`` are merged (the first kept).

    Returns
    -------
    ndarray of shape (m, 2)
        ``[y, phi]`` rows, ``y`` strictly increasing.

    Examples
    --------
    >>> boxplot_control_points([1, 2, 3, 4, 5, 6, 7, 8, 100]).tolist()
    [[1.0, 0.0], [5.0, 0.0], [8.0, 1.0]]
    """
    values = np.asarray(y, dtype=np.float64)
    low, lh, median, uh, high = _fivenum(values)
    iqr = uh - lh
    inside = values[(values >= lh - coef * iqr) & (values <= uh + coef * iqr)]
    lw, uw = inside.min(), inside.max()
    points = [(lw, 1.0) if low < lw else (low, 0.0), (median, 0.0)]
    points.append((uw, 1.0) if high > uw else (high, 0.0))
    merged: list[tuple[float, float]] = []
    for point in points:
        if not merged or point[0] > merged[-1][0]:
            merged.append(point)
    return np.asarray(merged, dtype=np.float64)


class Relevance:
    """A relevance function from control points: ``phi(y)`` in [0, 1].

    Between the control points, the monotone piecewise cubic Hermite interpolant of
    :class:`scipy.interpolate.PchipInterpolator` (Fritsch-Carlson slopes: monotone between
    consecutive points, no overshoot, slope 0 at each local extremum such as the median);
    beyond the first and last points, the phi of that point (constant). One control point
    gives a constant function.

    Parameters
    ----------
    points : array-like of shape (m, 2)
        ``(y, phi)`` pairs, ``y`` distinct, ``phi`` in [0, 1]; any order.

    Examples
    --------
    >>> phi = Relevance([(0.0, 0.0), (10.0, 1.0)])
    >>> phi([-5.0, 0.0, 5.0, 10.0, 20.0]).tolist()
    [0.0, 0.0, 0.5, 1.0, 1.0]
    """

    def __init__(self, points: Any) -> None:
        self.points = check_control_points(points, "points")

    def __call__(self, y: Any) -> np.ndarray:
        from scipy.interpolate import PchipInterpolator

        y = np.asarray(y, dtype=np.float64)
        xs, phis = self.points[:, 0], self.points[:, 1]
        if xs.shape[0] == 1:
            return np.full(y.shape, phis[0])
        inner = PchipInterpolator(xs, phis, extrapolate=False)(np.clip(y, xs[0], xs[-1]))
        phi = np.clip(inner, 0.0, 1.0)
        # exactly the control points' phi at (and beyond the outer) control points
        at = np.clip(np.searchsorted(xs, y), 0, xs.shape[0] - 1)
        hit = xs[at] == y
        phi[hit] = phis[at[hit]]
        phi[y < xs[0]] = phis[0]
        phi[y > xs[-1]] = phis[-1]
        return phi

    def __repr__(self) -> str:
        return f"Relevance({self.points.tolist()!r})"


def check_control_points(points: Any, name: str = "relevance") -> np.ndarray:
    """Read ``(y, phi)`` pairs: finite, ``y`` distinct, ``phi`` in [0, 1]; sorted by ``y``."""
    try:
        array = np.asarray(points, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 2 or array.shape[1] != 2 or array.shape[0] < 1:
        raise InvalidParameterError(
            f"{name}={points!r} must be 'auto', a callable y -> phi, or a list of (y, phi) "
            "control points, e.g. [(10, 1.0), (50, 0.0), (90, 1.0)]."
        )
    if not np.isfinite(array).all():
        raise InvalidParameterError(f"{name}: the control points must be finite numbers.")
    if ((array[:, 1] < 0) | (array[:, 1] > 1)).any():
        raise InvalidParameterError(f"{name}: every control point's phi must be in [0, 1].")
    array = array[np.argsort(array[:, 0], kind="stable")]
    if (np.diff(array[:, 0]) == 0).any():
        raise InvalidParameterError(
            f"{name}: two control points have the same y; give each y value once."
        )
    return array


def relevance_bins(y: np.ndarray, phi: np.ndarray, threshold: float) -> list[np.ndarray]:
    """The bins: rows sorted by ``y`` (ties in input order), cut wherever rare
    (``phi >= threshold``) turns into normal or back. Each bin is an array of input
    positions in that order.

    Examples
    --------
    >>> y = np.array([5.0, 1.0, 9.0, 3.0])
    >>> [b.tolist() for b in relevance_bins(y, np.array([0.0, 1.0, 1.0, 0.0]), 0.5)]
    [[1], [3, 0], [2]]
    """
    order = np.argsort(y, kind="stable")
    rare = phi[order] >= threshold
    cuts = np.flatnonzero(rare[1:] != rare[:-1]) + 1
    return np.split(order, cuts)
