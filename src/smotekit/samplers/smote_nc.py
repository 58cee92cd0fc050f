"""SMOTE-NC: SMOTE for mixed nominal and continuous features (Chawla et al. 2002, 6.1)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import OneHotEncoder

import smotekit.samplers.params as params
from smotekit.door import Features, Target, ingest_nominal
from smotekit.neighbors.metrics import MetricSpace, fit_metric
from smotekit.samplers._encoders import fitted_encoder
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler
from smotekit.samplers.outcome import Outcome
from smotekit.samplers.tags import tag_categorical
from smotekit.synthesis.vote import majority_vote

#: SMOTE-NC's distances: the paper's (``Med`` per differing nominal value), HEOM, HVDM.
NOMINAL_METRICS = ("smote-nc", "heom", "hvdm")

#: Above this many cells the search space of a class is built sparse (the one-hot part is).
_DENSE_CELLS = 10_000_000


def median_std(X_continuous: np.ndarray) -> float:
    """The paper's ``Med``: the median of the standard deviations of the continuous features.

    The standard deviations are those of the class's rows themselves (``ddof=0``).

    Examples
    --------
    >>> import numpy as np
    >>> median_std(np.array([[0.0, 0.0, 0.0], [2.0, 4.0, 6.0]]))
    2.0
    """
    X = np.asarray(X_continuous)
    if X.size == 0 or float(np.max(np.abs(X), initial=0.0)) <= _SAFE_MAGNITUDE:
        return float(np.median(np.std(X, axis=0, dtype=np.float64)))
    return _safe_median(_scaled_std(X))


def _safe_median(values: np.ndarray) -> float:
    """The median of non-negative ``values``, without the overflow of ``np.median``'s mean of
    the two middle values near float64's largest value: ``a + (b - a) / 2``."""
    ordered = np.sort(np.asarray(values, dtype=np.float64).ravel())
    n = ordered.shape[0]
    if n == 0:
        return float(np.median(ordered))
    a, b = ordered[(n - 1) // 2], ordered[n // 2]
    return float(a + (b - a) / 2)


#: Largest magnitude whose squares, summed over any realistic number of rows, stay finite.
_SAFE_MAGNITUDE = 2.0**490


def _scaled_std(X: np.ndarray) -> np.ndarray:
    """Column standard deviations of values near float64's limit, without overflow.

    Squaring values beyond ~1e154 overflows (the mean of two values near 1.8e308 too), so
    each column is scaled by a power of two (exact) that brings its largest magnitude to
    about 1, and its standard deviation scaled back. A standard deviation is at most the
    column's largest magnitude, so the result is finite (clamped to float64's largest value
    should the last rounding step past it).
    """
    X = X.astype(np.float64, copy=False)
    peaks = np.max(np.abs(X), axis=0)
    _, exponents = np.frexp(np.where(peaks > 0, peaks, 1.0))
    std = np.std(np.ldexp(X, -exponents), axis=0)
    with np.errstate(over="ignore"):
        out = np.ldexp(std, exponents)
    return np.minimum(out, np.finfo(np.float64).max)


def one_hot_space(
    continuous: np.ndarray, codes: np.ndarray, med: float
) -> np.ndarray | sp.csr_matrix:
    """Rows where the Euclidean distance is the paper's SMOTE-NC distance.

    Each nominal column becomes one indicator per value present, worth ``med / sqrt(2)``:
    two rows that differ in that column differ by that amount in two indicators, which adds
    ``2 * med**2 / 2 = med**2`` to the squared distance, exactly the paper's ``Med^2`` per
    differing nominal feature; equal values add nothing.
    """
    n = continuous.shape[0]
    weight = med / np.sqrt(2.0)
    blocks = []
    for j in range(codes.shape[1]):
        _, inverse = np.unique(codes[:, j], return_inverse=True)
        blocks.append(inverse.ravel())
    widths = [int(b.max()) + 1 if n else 0 for b in blocks]
    width = continuous.shape[1] + sum(widths)
    if n * width <= _DENSE_CELLS:
        space = np.zeros((n, width), dtype=np.float64)
        space[:, : continuous.shape[1]] = continuous
        offset = continuous.shape[1]
        for inverse, w in zip(blocks, widths, strict=True):
            space[np.arange(n), offset + inverse] = weight
            offset += w
        return space
    offset = 0
    cols = []
    for inverse, w in zip(blocks, widths, strict=True):
        cols.append(offset + inverse)
        offset += w
    m = len(cols)
    indicator = sp.csr_matrix(
        (np.full(n * m, weight), np.stack(cols, axis=1).ravel(), np.arange(0, n * m + 1, m)),
        shape=(n, offset),
    )
    return sp.hstack([sp.csr_matrix(continuous), indicator], format="csr")


class SMOTENC(InterpolationSampler):
    """SMOTE-NC: Synthetic Minority Over-sampling TEchnique for Nominal and Continuous data.

    As in the paper (section 6.1): for each class to over-sample, ``Med`` is the median of the
    standard deviations of its continuous features; the distance between two rows is the
    Euclidean distance over the continuous features plus ``Med^2`` for each nominal feature
    whose values differ; each base row's ``k_neighbors`` nearest rows of its own class are
    found with that distance. The continuous values of a synthetic row are placed between
    the base row and one of those neighbours exactly as :class:`smotekit.SMOTE` places them
    (same gaps, rounding, allocation and provenance); each nominal value is the one held by
    the majority of the base row's k nearest neighbours, a tie being broken at random by the
    call's generator. Nominal values come back in the column's own dtype (pandas categories,
    strings, bools, objects), and original rows come back unchanged.

    Parameters
    ----------
    categorical_features : 'auto', 'all', array-like of int, str or bool, default='auto'
        The nominal columns. ``'auto'``: the columns of a pandas or polars data frame with a
        category, object, string or bool dtype (and every column of a numpy array of
        strings, objects or bools; in an object array, the columns holding anything but
        numbers). Otherwise column positions (negative ones count from the end), column
        names (data frames), or a boolean mask with one entry per column; lists and numpy
        arrays alike. At least one column must be nominal and one continuous.
    categorical_encoder : estimator, default=None
        imbalanced-learn's parameter: an encoder of the nominal values (default
        ``OneHotEncoder(handle_unknown='ignore')``), fitted and kept as
        ``categorical_encoder_`` for what users read from it; the distances use the
        median standard deviation of the continuous columns as the SMOTE paper says,
        whatever the encoder.
    sampling_strategy : float, str, dict or callable, default='auto'
        How many rows to reach per class, as in :class:`smotekit.SMOTE`.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the single random generator used for the whole call (gaps and vote ties).
    k_neighbors : int or estimator, default=5
        Neighbours of each base row (the paper's k=5), or an object with ``fit`` and
        ``kneighbors`` built with ``n_neighbors = k + 1``; it is fitted on the class's rows
        encoded so that its Euclidean distance is the SMOTE-NC distance (continuous values,
        then one indicator per nominal value, worth ``Med / sqrt(2)``).
    metric : {'smote-nc', 'heom', 'hvdm'}, default='smote-nc'
        The neighbours' distance. ``'smote-nc'``: the paper's (above). ``'heom'`` and
        ``'hvdm'`` (Wilson & Martinez 1997): each continuous column divided by its range
        (HEOM) or four standard deviations (HVDM) over all rows; a nominal column counts 1
        when the values differ (HEOM), or the distance between the two values' class
        frequencies, ``sum_c (P(c|a) - P(c|b))^2`` squared (HVDM's normalised VDM), so
        nominal values that predict the classes alike are near. Both run on the exact
        engine (a map into Euclidean space); ``metric_space_`` keeps the fitted map.
    n_jobs : int, default=None
        Threads for the neighbour search and the synthesis (``None``/-1: all cores).
    percentage : float, default=None
        The paper's "SMOTE N%", as in :class:`smotekit.SMOTE`.
    allocation : {'even', 'random'}, default='even'
        How the new rows are spread over the base rows, as in :class:`smotekit.SMOTE`.
    gap : {'segment', 'box'}, default='segment'
        One gap per synthetic row or one per continuous attribute, as in
        :class:`smotekit.SMOTE`.
    integer_columns : {'round', 'float'}, default='round'
        Continuous integer (and bool) columns: rounded and kept, or returned as float64.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (``True``; the
        input's rows ``False``), as R themis's ``indicator_column``: a boolean column in a
        data frame or table, 0/1 in an array's dtype. In memory only (not streamed).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    categorical_encoder_ : estimator
        ``categorical_encoder`` fitted on the nominal values.
    median_std_ : dict
        ``Med`` of every over-sampled class.
    metric_space_ : MetricSpace
        With ``metric='heom'`` or ``'hvdm'``: the column scales and nominal value vectors.
    categorical_features_ : ndarray of int
        Positions of the nominal columns.
    continuous_features_ : ndarray of int
        Positions of the continuous columns.
    provenance_ : Recipe
        Where every synthetic row came from (``base``, ``neighbor``, gaps), plus ``nominal``:
        the voted codes of its nominal values.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.

    See Also
    --------
    SMOTE : all features continuous.
    SMOTEN : all features nominal.

    Notes
    -----
    When all continuous features of a class are constant, ``Med = 0`` and, as the paper's
    distance says, the nominal features then do not count in the neighbour search.

    Examples
    --------
    >>> import pandas as pd
    >>> from smotekit import SMOTENC
    >>> X = pd.DataFrame({
    ...     "income": [20.0, 35.0, 50.0, 42.0, 61.0, 28.0, 33.0, 47.0, 55.0, 39.0],
    ...     "city": pd.Categorical(["a", "b", "a", "a", "b", "b", "a", "b", "a", "a"]),
    ... })
    >>> y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    >>> X_res, y_res = SMOTENC(k_neighbors=3, random_state=0).fit_resample(X, y)
    >>> X_res.shape, list(y_res).count(1)
    ((12, 2), 6)
    >>> X_res["city"].dtype == X["city"].dtype   # same categories
    True
    """

    why_all_rows = "its nominal columns are encoded over the whole table"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "categorical_features": params.categorical_features(),
        "categorical_encoder": params.estimator(
            "fit", example="sklearn.preprocessing.OneHotEncoder()"
        ),
        "metric": params.choice(*NOMINAL_METRICS),
    }

    def __init__(
        self,
        # positional as in imbalanced-learn: SMOTENC([0, 3]) must keep working after a switch
        categorical_features: Any = "auto",
        *,
        categorical_encoder: Any = None,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        metric: str = "smote-nc",
        n_jobs: int | None = None,
        percentage: float | None = None,
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.metric = metric
        self.n_jobs = n_jobs
        self.percentage = percentage
        self.allocation = allocation
        self.gap = gap
        self.integer_columns = integer_columns
        self.indicator = indicator

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # nominal columns are categorical input; like scikit-learn's OneHotEncoder the
        # ``string`` tag stays False: X is validated element by element
        return tag_categorical(tags)

    def read_features(self, X: Any) -> Features:
        features = ingest_nominal(
            X, self.categorical_features, require="mixed", sampler_name=type(self).__name__
        )
        self.categorical_features_ = features.nominal.columns
        self.continuous_features_ = np.flatnonzero(~features.nominal.mask)
        self.categorical_encoder_ = fitted_encoder(
            self.categorical_encoder, features, OneHotEncoder(handle_unknown="ignore")
        )
        return features

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        self.median_std_ = {}
        return super().decide(features, target, rng)

    def search_space(
        self, features: Features, target: Target, label: Any, rows: np.ndarray
    ) -> np.ndarray | sp.csr_matrix:
        continuous = features.numeric[np.ix_(rows, np.flatnonzero(~features.nominal.mask))]
        med = median_std(continuous)
        self.median_std_[label] = med
        if self.metric != "smote-nc":
            return self.metric_space_.map(features.numeric[rows], features.nominal.codes[rows])
        return one_hot_space(continuous, features.nominal.codes[rows], med)

    def fit_metric(self, features: Features, target: Target, estimator: Any) -> MetricSpace | None:
        if self.metric == "smote-nc":
            return None
        self._refuse_two_distances(self.metric, estimator)
        self.metric_space_ = fit_metric(
            self.metric,
            features.numeric,
            target.labels,
            numeric_columns=np.flatnonzero(~features.nominal.mask),
            nominal_codes=features.nominal.codes,
        )
        return self.metric_space_

    def nominal_codes(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        # the paper: "the value occurring in the majority of the k-nearest neighbors"
        return majority_vote(ctx.features.nominal.codes[ctx.rows], ctx.neighbors, base, rng)
