"""Assembled-SMOTE (Zhou, Yang, Guo & Hu, IJCNN 2013): SMOTE within clusters of border rows."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit.door import Features, Target
from smotekit.plan.allocation import get_allocation
from smotekit.samplers._family import fill_doc, other_class_counts, warn_fallback
from smotekit.samplers.interpolation import ClassContext, InterpolationSampler


def _spanning_tree(P: np.ndarray) -> list[tuple[int, int]]:
    """Edges ``(a, b)`` of a Euclidean minimum spanning tree of the rows of ``P``, shortest
    first (ties: by ``a``, then ``b``). Prim's algorithm, one row's distances at a time:
    O(n^2 d) time, O(n d) memory, never the n x n matrix."""
    n = P.shape[0]
    best, parent, free = np.full(n, np.inf), np.zeros(n, dtype=np.intp), np.ones(n, dtype=bool)
    edges, i = [], 0
    for _ in range(n - 1):
        free[i] = False
        d = ((P - P[i]) ** 2).sum(axis=1)  # squared: the same tree, the same order
        closer = free & (d < best)
        best[closer], parent[closer] = d[closer], i
        i = int(np.argmin(np.where(free, best, np.inf)))
        edges.append((best[i], int(parent[i]), i))
    return [(a, b) for _, a, b in sorted(edges)]


def _cosine(A: np.ndarray, B: np.ndarray) -> float:
    """Absolute cosine of the angle between the first principal directions of the rows
    ``A`` and of the rows ``B``; 1 when either are all one point (no direction to differ)."""
    if not (np.ptp(A, axis=0).any() and np.ptp(B, axis=0).any()):
        return 1.0
    u, v = (np.linalg.svd(R - R.mean(axis=0), full_matrices=False)[2][0] for R in (A, B))
    return abs(float(u @ v))


@fill_doc
class AssembledSMOTE(InterpolationSampler):
    """Assembled-SMOTE: SMOTE within the straight pieces of the border of a class.

    A row of a class to over-sample lies on the *border* when at least one of its
    ``k_neighbors`` nearest rows (of any class, itself excluded) belongs to another class.
    The border rows of the class are partitioned along a Euclidean minimum spanning tree of
    them: each row starts as a cluster of its own and the tree's edges are taken shortest
    first. An edge joins the two clusters it links when either has fewer than ``pop`` rows,
    or when the first principal directions of the two (PCA of each cluster's rows) make an
    angle whose absolute cosine exceeds ``thres``; otherwise the edge is cut, for good. The
    clusters are so the pieces of the border that run roughly straight (the paper's local
    linear partition). Only border rows are base rows, each used the same number of times
    (within one), so every cluster receives new rows in proportion to its size; each new
    row lies between its base row and one of the base row's ``k_neighbors`` nearest rows *of
    the same cluster* (all the others in a cluster of ``k_neighbors`` rows or fewer): SMOTE
    within each cluster, the results assembled. The counts are exact. When fewer than two
    rows of a class lie on the border (well separated classes), the class is over-sampled
    as plain SMOTE and a :class:`~smotekit.SmotekitWarning` says so.

    Cost, for the ``b`` border rows of a class: the tree O(b^2 d) time and O(b d) memory
    (Prim's algorithm, one row's distances at a time; never a b x b matrix); each edge
    between two clusters of ``pop`` rows or more, one SVD of each. A sparse ``X``'s border
    rows are densified for the clustering, and scaled by a power of two (exact: the same
    tree and directions, without overflow near the largest floats).

    Beside smote-variants 1.0.1 (``Assembled_SMOTE``; same parameters, its ``n_neighbors``
    being ``k_neighbors``, used for both searches as there): it also over-samples the
    class's rows off the border, as one more cluster; here only border rows are base rows,
    as the paper aims ("synthetic minority class samples along the separation boundaries",
    its abstract). It merges the closest two clusters over all pairs of their rows and,
    after a refused merge, lets the same two merge later through other rows; here the
    partition follows the paper's minimal spanning tree, so a refused edge parts its two
    sides for good (with no refusal both give the same clusters): more, smaller clusters
    (the border of Pima's minority, default parameters: 29 here, 3 there). It accepts ``pop=1`` and
    compares the direction PCA returns for one row, or for identical rows, which is
    arbitrary; here ``pop`` is at least 2 and a cluster whose rows are all one point has no
    direction and merges. It draws each new row's cluster at random in proportion to the
    sizes, then its base row in it (``allocation='random'`` here has the same
    distribution). The paper does not say how the new rows are shared among the clusters;
    both share them by size.

    Ranked among the top over-samplers of 85 by Kovacs (Applied Soft Computing 83, 2019).

    Parameters
    ----------
    <<sampling_strategy>>
    k_neighbors : int or estimator, default=5
        Rows of any class looked at to tell whether a row lies on the border, and the
        same-cluster neighbours each base row chooses from (smote-variants' ``n_neighbors``);
        or an object with ``fit`` and ``kneighbors`` built with ``n_neighbors = k + 1``.
    <<n_jobs>>
    pop : int, default=2
        Clusters with fewer rows always merge along their tree edges; two clusters of at
        least ``pop`` rows merge only if their directions agree (smote-variants' ``pop``).
        At least 2: a principal direction needs two rows.
    thres : float, default=0.3
        The absolute cosine of the angle between two clusters' principal directions above
        which they merge, in [0, 1] (smote-variants' ``thres``; 0.3: angles below about 72.5
        degrees; 0 merges all but perpendicular clusters, 1 none of ``pop`` rows or more).
    off_border : {'skip', 'cluster'}, default='skip'
        The class's rows off the border: ``'skip'`` (the paper: new rows "along the
        separation boundaries" only) or ``'cluster'``, one more cluster of base rows with
        neighbours among themselves, as smote-variants does (its new rows then spread over
        the whole class; it needs 2 such rows or more).
    <<options>>

    Attributes
    ----------
    clusters_ : dict
        Per over-sampled class: the cluster (0, 1, ..., numbered by their first row) of each
        of its rows, in input order; -1 for a row off the border (all -1 after a fallback to
        plain SMOTE); with ``off_border='cluster'`` those rows form the last cluster. The
        base rows are the rows with a cluster.
    <<attributes>>

    References
    ----------
    B. Zhou, C. Yang, H. Guo and J. Hu, "A quasi-linear SVM combined with assembled SMOTE
    for imbalanced data classification", The 2013 International Joint Conference on Neural
    Networks (IJCNN), 2013, pp. 1-7, doi:10.1109/IJCNN.2013.6707035.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit import AssembledSMOTE
    >>> from smotekit.datasets import load_pima
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = AssembledSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> clusters = sampler.clusters_[1]
    >>> int((clusters >= 0).sum()), int(clusters.max()) + 1  # border rows, their clusters
    (231, 29)
    """

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "pop": params.integer(2, " (smaller clusters always merge; a direction needs 2 rows)"),
        "thres": params.real(0.0, 1.0, " (the absolute cosine above which clusters merge)"),
        "off_border": params.choice("skip", "cluster"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        n_jobs: int | None = None,
        pop: int = 2,
        thres: float = 0.3,
        off_border: str = "skip",
        allocation: str = "even",
        gap: str = "segment",
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
            allocation=allocation,
            gap=gap,
            integer_columns=integer_columns,
            indicator=indicator,
        )
        self.pop = pop
        self.thres = thres
        self.off_border = off_border

    def prepare(self, features: Features, target: Target, rng: np.random.Generator) -> Any:
        self.clusters_: dict[Any, np.ndarray] = {}
        return self.clusters_  # filled per class by allocate, read by place, as ctx.state

    def _cluster(self, P: np.ndarray) -> np.ndarray:
        """Cluster of each row of ``P``: the tree's edges, shortest first, merged or cut."""
        P = np.ldexp(P, -np.frexp(np.abs(P).max())[1])  # by a power of 2: no overflow, same tree
        label, size = np.arange(P.shape[0]), np.ones(P.shape[0], dtype=np.intp)
        for a, b in _spanning_tree(P):
            la, lb = sorted((int(label[a]), int(label[b])))  # a label is the cluster's first row
            small = min(size[la], size[lb]) < self.pop
            if small or _cosine(P[label == la], P[label == lb]) > self.thres:
                label[label == lb] = la
                size[la] += size[lb]
        return np.unique(label, return_inverse=True)[1]

    def allocate(self, ctx: ClassContext, n_new: int, rng: np.random.Generator) -> np.ndarray:
        n_other, _ = other_class_counts(ctx, np.arange(ctx.n_rows), ctx.k, ctx.estimator)
        pool = np.flatnonzero(n_other > 0)  # the border rows
        cluster = ctx.state[ctx.label] = np.full(ctx.n_rows, -1, dtype=np.intp)
        if pool.size >= 2:
            P = ctx.X[pool]
            cluster[pool] = self._cluster(np.asarray(P.toarray() if sp.issparse(P) else P, float))
            rest = np.flatnonzero(n_other == 0)
            if self.off_border == "cluster" and rest.size >= 2:
                cluster[rest] = cluster.max() + 1
                pool = np.flatnonzero(cluster >= 0)
        else:
            why = f"fewer than 2 rows lie on the border (another class among their {ctx.k} nearest)"
            warn_fallback(self, ctx, n_new, why)
            pool = np.arange(ctx.n_rows)
        return pool[get_allocation(self.allocation)(pool.size, n_new, rng)]

    def place(self, ctx: ClassContext, base: np.ndarray, rng: np.random.Generator) -> Any:
        cluster, neighbor = ctx.state[ctx.label], np.empty_like(base)
        if cluster.max() < 0:  # the fallback: plain SMOTE
            return super().place(ctx, base, rng)
        for c in np.unique(cluster[base]):  # SMOTE within each cluster
            members, at = np.flatnonzero(cluster == c), np.flatnonzero(cluster[base] == c)
            k = min(ctx.k, members.size - 1)  # all the others in a cluster of k rows or fewer
            near = ctx.neighbors_within(members, k)[np.searchsorted(members, base[at])]
            neighbor[at] = near[np.arange(at.size), rng.integers(0, k, size=at.size)]
        return ctx.rows[neighbor], None
