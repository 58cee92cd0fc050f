"""K-Means SMOTE (Douzas, Bacao & Last, Information Sciences 465, 2018)."""

from __future__ import annotations

import numbers
import warnings
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

import smotekit.samplers.params as params
from smotekit._parallel import one_openmp_thread
from smotekit.door import Features, Target
from smotekit.plan.allocation import allocate_weighted, get_allocation
from smotekit.samplers._family import fill_doc, warn_fallback
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler

#: Rows of a class in one cluster above which its mean pairwise distance is estimated on a
#: random sample of this many rows (the exact mean costs n^2 distances).
MAX_EXACT_DISTANCE_ROWS = 2000


@fill_doc
class KMeansSMOTE(InterpolationSampler):
    """K-Means SMOTE: SMOTE inside the clusters where a class is dense enough, more where sparse.

    1. Cluster all rows with k-means.
    2. Keep, for each class to over-sample, the clusters where the class's share of the rows
       exceeds ``cluster_balance_threshold`` and that hold at least 2 of its rows.
    3. Give each kept cluster a share of the new rows proportional to its sparsity,
       ``mean_distance ** density_exponent / n`` (``n`` the class's rows in the cluster,
       ``mean_distance`` their mean pairwise Euclidean distance): sparse clusters get more.
       The shares add up to exactly the requested count (each cluster gets ``floor`` or
       ``ceil`` of its share; imbalanced-learn rounds each share up and over-generates).
    4. SMOTE within each cluster: base rows are the class's rows in the cluster, evenly, and
       neighbours are their ``k_neighbors`` nearest rows of the class *in the same cluster*
       (fewer when the cluster has fewer rows of the class: ``k = n - 1``).

    Fallback: when no cluster qualifies for a class (imbalanced-learn raises), the whole data
    set is taken as one cluster: the class is over-sampled as plain SMOTE over all its rows,
    with ``k`` reduced to its size minus one if needed, and ``cluster_weights_`` holds no
    cluster for it. The requested count is always delivered; only classes of fewer than 2
    rows are refused. A :class:`~smotekit.SmotekitWarning` says so, with the numbers.

    Parameters
    ----------
    <<sampling_strategy>>
    k_neighbors : int or estimator, default=2
        Same-class neighbours (within the cluster) each base row chooses from, or an object
        with ``fit`` and ``kneighbors`` built with ``n_neighbors = k + 1`` (used only in
        clusters with more than ``k`` rows of the class).
    <<n_jobs>>
    kmeans_estimator : int or estimator, default=None
        The clustering: an object with ``fit_predict`` (or ``fit`` and ``labels_``), cloned
        before fitting (rows it labels -1, noise, belong to no cluster); an int, the number
        of clusters of a ``sklearn.cluster.KMeans``; or ``None``, 8 clusters. smotekit builds
        ``KMeans(n_init=1)`` seeded from ``random_state``, with at most as many clusters as
        rows (imbalanced-learn uses ``MiniBatchKMeans``: pass one to reproduce that, e.g.
        for large data, where it is faster).
    cluster_balance_threshold : 'auto' or float, default='auto'
        A cluster is kept for a class when the class's share of its rows exceeds this.
        ``'auto'``: 0.5, the paper's default imbalance-ratio threshold of 1 (the cluster has
        more rows of the class than of all others together).
    density_exponent : 'auto' or float, default='auto'
        The exponent of the mean distance in the sparsity. ``'auto'``: the number of
        features, as in the paper.
    <<options>>

    Attributes
    ----------
    kmeans_estimator_ : estimator
        The fitted clustering.
    cluster_balance_threshold_ : float
        The threshold used.
    cluster_weights_ : dict
        For each over-sampled class, ``{cluster label: weight}`` of its kept clusters
        (weights summing to 1; empty: fallback to the whole class).
    <<attributes>>

    References
    ----------
    G. Douzas, F. Bacao and F. Last, "Improving imbalanced learning through a heuristic
    oversampling method based on k-means and SMOTE", Information Sciences 465, 2018,
    pp. 1-20.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import KMeansSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = KMeansSMOTE(kmeans_estimator=20, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())   # exactly the requested count
    [(0, 500), (1, 500)]
    >>> round(sum(sampler.cluster_weights_[1].values()), 6)
    1.0
    """

    why_all_rows = "it clusters all rows with k-means"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "kmeans_estimator": params.either(
            params.literal(None),
            params.integer(1),
            params.estimator("fit", example="sklearn.cluster.KMeans()"),
            says="None, an int >= 1 (number of clusters) or a clustering object with "
            "fit_predict, e.g. sklearn.cluster.KMeans()",
        ),
        "cluster_balance_threshold": params.either(
            params.literal("auto"), params.real(), says="'auto' or a number"
        ),
        "density_exponent": params.either(
            params.literal("auto"), params.real(), says="'auto' or a number"
        ),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 2,
        n_jobs: int | None = None,
        kmeans_estimator: Any = None,
        cluster_balance_threshold: Any = "auto",
        density_exponent: Any = "auto",
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs
        self.kmeans_estimator = kmeans_estimator
        self.cluster_balance_threshold = cluster_balance_threshold
        self.density_exponent = density_exponent
        self.allocation = allocation
        self.gap = gap
        self.integer_columns = integer_columns
        self.indicator = indicator

    def _check_class_sizes(self, plan: dict, counts: dict, k: int) -> None:
        # k shrinks to the rows available; only a lone row has nothing to interpolate with
        super()._check_class_sizes(plan, counts, min(k, 1))

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        """Cluster all rows; the state is every row's cluster label."""
        from sklearn.cluster import KMeans
        from sklearn.exceptions import ConvergenceWarning

        est = self.kmeans_estimator
        n_rows = features.n_rows
        with warnings.catch_warnings():
            if est is None or isinstance(est, numbers.Integral):
                n_clusters = min(8 if est is None else int(est), n_rows)
                seed = int(rng.integers(0, 2**31 - 1))
                est = KMeans(n_clusters=n_clusters, n_init=1, random_state=seed)
                # duplicated rows can leave fewer distinct clusters: harmless here
                warnings.simplefilter("ignore", ConvergenceWarning)
            else:
                est = clone(est)
            with one_openmp_thread():  # the same clusters on every machine
                if hasattr(est, "fit_predict"):
                    clusters = est.fit_predict(features.numeric)
                else:
                    clusters = est.fit(features.numeric).labels_
        self.kmeans_estimator_ = est
        threshold = self.cluster_balance_threshold
        self.cluster_balance_threshold_ = 0.5 if threshold == "auto" else float(threshold)
        self.cluster_weights_ = {}
        return np.asarray(clusters)

    def _groups(self, ctx: ClassContext) -> tuple[list, list[np.ndarray]]:
        """The class's kept clusters: their labels and the local indices of its rows there."""
        own = ctx.state[ctx.rows]
        labels, sizes = np.unique(ctx.state, return_counts=True)
        size_of = dict(zip(labels.tolist(), sizes.tolist(), strict=True))
        kept, members = [], []
        for label, n_class in zip(*np.unique(own, return_counts=True), strict=True):
            if label.item() == -1:  # scikit-learn's label for noise (DBSCAN, HDBSCAN)
                continue
            share = n_class / size_of[label.item()]
            if n_class >= 2 and share > self.cluster_balance_threshold_:
                kept.append(label.item())
                members.append(np.flatnonzero(own == label))
        return kept, members

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        kept, members = self._groups(ctx)
        self.cluster_weights_[ctx.label] = {}
        if not kept:
            warn_fallback(
                self,
                ctx,
                n_new,
                "no cluster qualifies (none has at least 2 rows of the class "
                f"and a class share above {self.cluster_balance_threshold_:g})",
            )
            return np.arange(ctx.n_rows)[get_allocation(self.allocation)(ctx.n_rows, n_new, rng)]
        exponent = self.density_exponent
        exponent = ctx.features.n_features if exponent == "auto" else float(exponent)
        log_sparsity = np.array([_log_sparsity(ctx.X[m], exponent, rng) for m in members])
        if np.isposinf(log_sparsity).any():  # repeated points with a negative exponent
            log_sparsity = np.where(np.isposinf(log_sparsity), 0.0, -np.inf)
        elif np.isneginf(log_sparsity).all():  # every kept cluster is one repeated point
            log_sparsity[:] = 0.0
        weights = np.exp(log_sparsity - log_sparsity.max())
        weights /= weights.sum()
        self.cluster_weights_[ctx.label] = dict(zip(kept, weights.tolist(), strict=True))
        per_cluster = np.bincount(allocate_weighted(weights, n_new, rng), minlength=len(kept))
        allocate = get_allocation(self.allocation)
        return np.concatenate(
            [m[allocate(m.size, n, rng)] for m, n in zip(members, per_cluster, strict=True)]
        )

    def place(
        self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray | None]:
        if self.cluster_weights_[ctx.label]:
            group = ctx.state[ctx.rows]
        else:
            group = np.zeros(ctx.n_rows, dtype=np.intp)  # fallback: the class is one cluster
        neighbor = np.empty(base.shape[0], dtype=np.intp)
        for label in np.unique(group[base]):
            members = np.flatnonzero(group == label)
            nn = ctx.neighbors_within(members, min(ctx.k, members.size - 1))
            at = np.flatnonzero(group[base] == label)
            row = np.searchsorted(members, base[at])
            neighbor[at] = nn[row, rng.integers(0, nn.shape[1], size=at.size)]
        return ctx.rows[neighbor], None


def _log_sparsity(X: Any, exponent: float, rng: np.random.Generator) -> float:
    """``log(mean_distance ** exponent / n)``, in logs so that 36 features cannot overflow.

    A cluster of one repeated point has mean distance 0: sparsity 0 (log -inf) for a positive
    exponent, infinite for a negative one, and ``0 ** 0 = 1`` for a zero exponent.
    """
    if exponent == 0:
        return -np.log(X.shape[0])
    with np.errstate(divide="ignore"):
        return exponent * np.log(_mean_distance(X, rng)) - np.log(X.shape[0])


def _mean_distance(X: Any, rng: np.random.Generator) -> float:
    """Mean Euclidean distance over the pairs of distinct rows of ``X`` (at least 2 rows)."""
    if X.shape[0] > MAX_EXACT_DISTANCE_ROWS:
        X = X[np.sort(rng.choice(X.shape[0], MAX_EXACT_DISTANCE_ROWS, replace=False))]
    if sp.issparse(X):
        from sklearn.metrics.pairwise import euclidean_distances

        n = X.shape[0]
        return float(euclidean_distances(X).sum() / (n * n - n))
    from scipy.spatial.distance import pdist

    return float(pdist(np.asarray(X, dtype=np.float64)).mean())
