"""Cluster centroids: replace each reduced class by the centres of a k-means of its rows."""

from __future__ import annotations

import warnings
from functools import partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit._parallel import one_openmp_thread
from smotekit.door import Features, Target
from smotekit.door.checks import SQUARES_LIMIT, check_magnitude
from smotekit.errors import InvalidParameterError
from smotekit.neighbors import kneighbors_query
from smotekit.samplers.base import BaseUnderSampler
from smotekit.samplers.outcome import GroupRange, Outcome

#: Scratch memory (bytes) a block of rows may take when centres are matched to rows.
_SCRATCH = 64 << 20
#: Relative difference of distances under which two rows are equally near a centre.
_TIED = 1e-9


class ClusterCentroids(BaseUnderSampler):
    """Under-sample by clustering each reduced class and keeping one row per cluster.

    Each class to be reduced to ``n`` rows is clustered into ``n`` clusters (k-means by
    default); the class's rows are replaced by the cluster centres (``voting='soft'``: new
    rows), or by the row of the class nearest each centre (``voting='hard'``: original
    rows, so a sparse ``X`` stays sparse in its pattern and a data frame keeps those rows'
    index). Prototype generation by clustering of the majority class as in Yen & Lee (2009),
    who cluster it and draw from each cluster; here one prototype stands for each cluster.

    Drop-in for ``imblearn.under_sampling.ClusterCentroids``. The output holds the rows of
    the classes left alone and (hard voting) the kept rows in input order, then the new rows
    (soft voting) class by class; imbalanced-learn groups all rows by class. With hard
    voting, two centres nearest the same row keep it twice, as in imbalanced-learn; rows
    equally near a centre (within a relative ``1e-9``: the two rows of a two-row cluster)
    go to the first in input order, where imbalanced-learn takes whichever rounding favours.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Rows to keep: a float (binary: minority/majority ratio after resampling), ``'auto'``
        (= ``'not minority'``), ``'majority'``, ``'not minority'``, ``'not majority'``,
        ``'all'``, a dict ``{class: n_samples_to_keep}``, or a callable ``y -> dict``.
    random_state : int, Generator, RandomState or None, default=None
        Seeds the default ``KMeans`` (one seed drawn from it, used for every class). A
        user's ``estimator`` keeps its own ``random_state``, as in imbalanced-learn.
    estimator : estimator, default=None
        A clustering with an ``n_clusters`` parameter and a fitted ``cluster_centers_``
        (e.g. ``sklearn.cluster.MiniBatchKMeans``), cloned; ``None``:
        ``sklearn.cluster.KMeans`` with its defaults.
    voting : {'auto', 'hard', 'soft'}, default='auto'
        ``'soft'``: the centres are the new rows; ``'hard'``: the nearest row of the class
        to each centre; ``'auto'``: hard for sparse ``X``, soft otherwise.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows kept per reduced class.
    estimator_ : estimator
        The clustering, as fitted on the last reduced class.
    voting_ : str
        ``'hard'`` or ``'soft'``, as used.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Defined when ``X`` has string column names.

    Notes
    -----
    Soft voting rounds the centres in integer (and bool) columns to whole numbers, so
    those columns keep their dtype, as smotekit's SMOTE does by default; imbalanced-learn
    returns every column as float64 then. With ``sample_weight``, a centre takes the weight
    of the class's row nearest it (the row hard voting keeps).

    References
    ----------
    S.-J. Yen and Y.-S. Lee, "Cluster-based under-sampling approaches for imbalanced data
    distributions", Expert Systems with Applications 36(3), 5718-5727, 2009.

    Examples
    --------
    >>> import numpy as np
    >>> from smotekit.samplers.cluster_centroids import ClusterCentroids
    >>> X = np.array([[0.0, 0.0], [0.2, 0.0], [4.0, 4.0], [4.0, 4.2], [4.2, 4.0],
    ...               [9.0, 9.0], [9.1, 9.0]])
    >>> y = np.array([1, 1, 1, 1, 1, 0, 0])
    >>> cc = ClusterCentroids(random_state=0)
    >>> X_res, y_res = cc.fit_resample(X, y)
    >>> y_res
    array([0, 0, 1, 1])
    >>> np.round(X_res[2:][np.argsort(X_res[2:, 0])], 2)
    array([[0.1 , 0.  ],
           [4.07, 4.07]])
    >>> X_res, y_res = ClusterCentroids(random_state=0, voting="hard").fit_resample(X, y)
    >>> X_res
    array([[0. , 0. ],
           [4. , 4. ],
           [9. , 9. ],
           [9.1, 9. ]])
    """

    why_all_rows = "it clusters all the rows of each reduced class at once"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "estimator": params.estimator(
            "fit", "get_params", example="sklearn.cluster.MiniBatchKMeans(n_init=1)"
        ),
        "voting": params.choice("auto", "hard", "soft"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        estimator: Any = None,
        voting: str = "auto",
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.estimator = estimator
        self.voting = voting

    def _validate_params(self) -> None:
        if self.estimator is not None and "n_clusters" not in self.estimator.get_params():
            raise InvalidParameterError(
                f"estimator={self.estimator!r} has no n_clusters parameter: `estimator` should "
                "be a clustering estimator exposing a parameter `n_clusters` and a fitted "
                "parameter `cluster_centers_`, e.g. sklearn.cluster.KMeans or MiniBatchKMeans."
            )

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels = features.numeric, target.labels
        sparse = sp.issparse(X)
        self.voting_ = ("hard" if sparse else "soft") if self.voting == "auto" else self.voting
        if self.estimator is None:
            from sklearn.cluster import KMeans

            estimator = KMeans(random_state=int(rng.integers(0, 2**31 - 1)))
        else:
            estimator = clone(self.estimator)
        self.estimator_ = estimator
        untouched = np.ones(features.n_rows, dtype=bool)
        centres, nearest, new_labels, class_rows = [], [], [], []
        for cls, n_keep in self.sampling_strategy_.items():
            rows = np.flatnonzero(labels == cls)
            untouched[rows] = False
            if n_keep == 0:
                continue
            X_cls = X[rows]
            class_rows.append(rows)
            centre = _cluster_centres(estimator, X_cls, n_keep, cls)
            # the row of the class nearest each centre: hard voting keeps it; soft voting
            # weighs the centre by it (sample_weight)
            nearest.append(rows[_nearest_rows(X_cls, centre)])
            centres.append(centre)
            new_labels.append(labels[np.full(centre.shape[0], rows[0])])
        others = np.flatnonzero(untouched)
        picked = np.concatenate(nearest) if nearest else np.zeros(0, dtype=np.intp)
        if self.voting_ == "hard":
            unique, times = np.unique(picked, return_counts=True)
            keep = np.sort(np.concatenate([others, unique]), kind="stable")
            return Outcome(keep=keep, copies=np.repeat(unique, times - 1))
        if not centres:
            return Outcome(keep=others)
        new_rows = np.vstack(centres)
        integer = features.integer_columns
        if integer.any():
            new_rows[:, integer] = np.rint(new_rows[:, integer])
        outcome = Outcome(
            keep=others, synthetic_labels=np.concatenate(new_labels), synthetic_base=picked
        )
        # a centre is a mean of its class's rows: within their range, column by column
        outcome.synthetic_range = GroupRange(
            class_rows, np.repeat(np.arange(len(centres)), [c.shape[0] for c in centres])
        )
        if sparse:
            outcome.build_sparse = partial(sp.csr_matrix, new_rows.astype(X.dtype))
        else:
            outcome.fill = partial(_write, rows=new_rows)
        return outcome


class NoClusterCentresError(InvalidParameterError, RuntimeError):
    """``estimator`` has no ``cluster_centers_`` once fitted (a ``RuntimeError`` too, as the
    error imbalanced-learn raises in that case)."""


def _cluster_centres(estimator: Any, X_cls: Any, n_clusters: int, cls: Any) -> np.ndarray:
    """Fit ``estimator`` with ``n_clusters`` on a class's rows; its centres, dense."""
    from sklearn.exceptions import ConvergenceWarning

    estimator.set_params(n_clusters=n_clusters)
    with warnings.catch_warnings():
        # duplicated rows can leave fewer distinct clusters than asked: the centres are
        # then repeated, as imbalanced-learn returns them (other warnings pass through)
        warnings.filterwarnings(
            "ignore", message="Number of distinct clusters", category=ConvergenceWarning
        )
        check_magnitude(X_cls, SQUARES_LIMIT, f"ClusterCentroids' {type(estimator).__name__}")
        with one_openmp_thread():  # the same centres on every machine (see _parallel)
            estimator.fit(X_cls)
    centres = getattr(estimator, "cluster_centers_", None)
    if centres is None:
        raise NoClusterCentresError(
            f"estimator={estimator!r} exposes no cluster_centers_ once fitted (class {cls!r}):"
            " `estimator` should be a clustering estimator exposing a fitted parameter "
            "`cluster_centers_`, e.g. sklearn.cluster.KMeans or MiniBatchKMeans."
        )
    centres = centres.toarray() if sp.issparse(centres) else np.asarray(centres)
    if centres.shape != (n_clusters, X_cls.shape[1]):
        raise InvalidParameterError(
            f"estimator={estimator!r} gave {centres.shape[0]} centres of {centres.shape[1]} "
            f"columns for class {cls!r}; {n_clusters} of {X_cls.shape[1]} were asked for."
        )
    return centres


def _nearest_rows(X_cls: Any, centres: np.ndarray) -> np.ndarray:
    """Local index of the row of ``X_cls`` nearest each centre.

    A centre of a two-row cluster is their midpoint, equidistant from both: which is nearer
    in floating point depends on the centre's last bits (they differ between dense and
    sparse ``X``). Rows within a relative ``1e-9`` of the nearest distance count as tied,
    and the first row in input order is taken, so dense, sparse, float32 or float64 ``X``
    keep the same rows.
    """
    found = kneighbors_query(X_cls, 2, points=centres)
    if found.shape[1] < 2:
        return found[:, 0]
    n, d = centres.shape
    distances = np.empty((n, 2))
    step = max(1, _SCRATCH // (8 * 4 * max(d, 1)))
    for a in range(0, n, step):
        b = min(a + step, n)
        rows = X_cls[found[a:b].reshape(-1)]
        rows = rows.toarray() if sp.issparse(rows) else np.asarray(rows, dtype=np.float64)
        diff = rows.reshape(b - a, 2, d) - centres[a:b, None, :].astype(np.float64)
        distances[a:b] = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    tied = distances[:, 1] <= distances[:, 0] * (1.0 + _TIED)
    return np.where(tied, found.min(axis=1), found[:, 0])


def _write(out: np.ndarray, *, rows: np.ndarray) -> None:
    out[...] = rows  # integer columns were rounded: exact in an integer buffer too
