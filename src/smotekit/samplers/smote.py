"""SMOTE (Chawla, Bowyer, Hall & Kegelmeyer, JAIR 16, 2002), done as the paper says."""

from __future__ import annotations

from typing import Any

from smotekit.samplers._family import fill_doc
from smotekit.samplers.interpolation import InterpolationSampler


@fill_doc
class SMOTE(InterpolationSampler):
    """Synthetic Minority Over-sampling TEchnique.

    For each base row of a class to over-sample, one of its ``k_neighbors`` nearest rows of
    the same class is chosen at random and a synthetic row is placed at a random point between
    the two. Drop-in for ``imblearn.over_sampling.SMOTE``; it differs where imbalanced-learn
    departs from the paper (see ``allocation`` and ``integer_columns``).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        How many rows to reach per class, in every form imbalanced-learn accepts: a float
        (binary only: minority/majority ratio after resampling), ``'auto'`` (= ``'not
        majority'``), ``'minority'``, ``'not minority'``, ``'not majority'``, ``'all'``, a
        dict ``{class: n_samples_after}``, or a callable ``y -> dict``.
    random_state : int, Generator, RandomState or None, default=None
        Seed of the single random generator used for the whole call.
    k_neighbors : int or estimator, default=5
        Neighbours each base row chooses from (the paper's k=5), or an object with ``fit`` and
        ``kneighbors`` built with ``n_neighbors = k + 1`` (as in imbalanced-learn).
    <<metric>>
    n_jobs : int, default=None
        Threads for the neighbour search and the synthesis (``None``/-1: all cores). The
        output for a seed is identical whatever the value.
    percentage : float, default=None
        The paper's "SMOTE N%": each targeted class gains ``floor(N * n_class / 100)`` rows
        (``N=200``: two synthetic rows per original row; ``N<100``: a random N% of the rows
        get one each; ``N=250``: every row two, a random half of them a third). The classes
        are those ``sampling_strategy`` (a string) names. ``None``: use ``sampling_strategy``.
    allocation : {'even', 'random'}, default='even'
        ``'even'`` (the paper): the new rows are spread over the base rows, each used
        ``floor`` or ``ceil`` of ``n_new / n_class`` times. ``'random'``: base rows drawn
        uniformly with replacement, as imbalanced-learn does.
    gap : {'segment', 'box'}, default='segment'
        ``'segment'``: one uniform number per synthetic row, so the point lies on the segment
        between the two rows (the paper's text). ``'box'``: one number per attribute, a point
        in the box the two rows span (the paper's pseudocode).
    integer_columns : {'round', 'float'}, default='round'
        Integer (and bool) columns: ``'round'`` rounds synthetic values to the nearest integer
        and keeps the dtype (imbalanced-learn truncates them); ``'float'`` returns them as
        float64.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added (``True``; the
        input's rows ``False``), as R themis's ``indicator_column``: a boolean column in a
        data frame or table, 0/1 in an array's dtype. In memory only (not streamed).
    missing : {'error', 'nan_euclidean'}, default='error'
        Missing values (NaN) in X. ``'error'``: refused with the columns that hold them.
        ``'nan_euclidean'`` (opt-in): neighbours by scikit-learn's ``nan_euclidean``
        distance (over the columns both rows hold, scaled up by ``n_features / held``), and
        a synthetic value is missing only where both parents miss it: where one parent
        misses it, the other parent's value is taken. Infinite values are still refused;
        dense X only; ``metric`` stays Euclidean. In memory only (not streamed).

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    provenance_ : DrawnRecipe
        Where every synthetic row came from, held as the draws that made it (a count and
        the k neighbours per base row; arrays are built when first read): ``base``,
        ``neighbor`` (input row positions),
        ``gaps()`` and ``to_frame()``; synthetic row ``i`` is output row
        ``provenance_.first_row + i``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import SMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> X_res.dtypes["glucose"]   # integer columns stay integer
    dtype('int64')

    Missing values, opt-in:

    >>> import numpy as np
    >>> X_gaps = X.astype(float).mask(np.random.default_rng(0).random(X.shape) < 0.1)
    >>> X_res, y_res = SMOTE(missing="nan_euclidean", random_state=0).fit_resample(X_gaps, y)
    >>> bool(X_res.isna().to_numpy()[len(X):].mean() < X_gaps.isna().to_numpy().mean())
    True
    """

    # a class's synthetic rows depend only on that class's rows: files and Dask collections
    # larger than memory are resampled holding just those rows (smotekit.scale)
    rows_needed = "targeted rows"
    # SMOTE computes with its classes' rows only (checked per class); the rest are copied
    _defers_finite = True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = tags.input_tags.allow_nan or self.missing == "nan_euclidean"
        return tags

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        metric: str = "euclidean",
        n_jobs: int | None = None,
        percentage: float | None = None,
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
        missing: str = "error",
    ) -> None:
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
        self.missing = missing
