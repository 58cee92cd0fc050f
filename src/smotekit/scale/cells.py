"""Cells that keep nearest neighbours together, for a class too large for one worker.

SMOTE's neighbours are exact only when all rows of a class are searched together. When a
class does not fit one worker, its rows are split into *cells* that are spatially coherent,
and SMOTE runs within each cell: a row's neighbours are then its nearest rows *in its cell*.
The cells are the leaves of a principal-direction tree grown on a sample of the class: each
node splits its sample at the median of its projections on the sample's first principal
direction, so the leaves hold about equal shares of the class and each is cut across the
direction along which the rows spread most (the cut that separates fewest close pairs).

:func:`neighbour_recall` measures what the cells cost: the share of every row's true ``k``
nearest neighbours (over the whole class) that lie in its own cell. docs/scale.md gives the
measured figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class CellTree:
    """A principal-direction tree of depth ``depth``: ``2**depth`` cells.

    Attributes
    ----------
    mean, direction, threshold : ndarray
        Per node (heap order: node ``i`` has children ``2i+1`` and ``2i+2``): the sample mean
        it centres on, its unit split direction and the median projection it splits at.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(4000, 5))
    >>> tree = CellTree.fit(X, n_cells=4, rng=np.random.default_rng(1))
    >>> np.bincount(tree.assign(X), minlength=4).tolist()  # about equal shares
    [1000, 1000, 1000, 1000]
    """

    depth: int
    mean: np.ndarray
    direction: np.ndarray
    threshold: np.ndarray

    @property
    def n_cells(self) -> int:
        return 1 << self.depth

    @classmethod
    def fit(cls, sample: np.ndarray, n_cells: int, rng: np.random.Generator) -> CellTree:
        """Grow the tree on ``sample`` (rows of one class) for at least ``n_cells`` cells."""
        sample = np.asarray(sample, dtype=np.float64)
        depth = max(0, int(np.ceil(np.log2(max(n_cells, 1)))))
        n_nodes = (1 << depth) - 1
        d = sample.shape[1]
        mean = np.zeros((n_nodes, d))
        direction = np.zeros((n_nodes, d))
        threshold = np.zeros(n_nodes)
        members = {0: np.arange(sample.shape[0])}
        for node in range(n_nodes):
            index = members.pop(node)
            rows = sample[index]
            left = np.ones(index.shape[0], dtype=bool)
            direction[node, 0] = 1.0  # for a branch the sample left empty: any cut will do
            if rows.shape[0] >= 2:
                mean[node] = rows.mean(axis=0)
                direction[node] = _principal(rows - mean[node], rng)
                proj = (rows - mean[node]) @ direction[node]
                threshold[node] = np.median(proj)
                left = proj <= threshold[node]
            members[2 * node + 1] = index[left]
            members[2 * node + 2] = index[~left]
        return cls(depth, mean, direction, threshold)

    def assign(self, X: np.ndarray) -> np.ndarray:
        """The cell (``0 .. n_cells - 1``) of every row of ``X``."""
        X = np.asarray(X, dtype=np.float64)
        node = np.zeros(X.shape[0], dtype=np.intp)
        for _ in range(self.depth):
            proj = np.einsum("ij,ij->i", X - self.mean[node], self.direction[node])
            node = 2 * node + np.where(proj <= self.threshold[node], 1, 2)
        return node - ((1 << self.depth) - 1)


def _principal(centred: np.ndarray, rng: np.random.Generator, iterations: int = 30) -> np.ndarray:
    """First principal direction of ``centred`` rows by power iteration (seeded start)."""
    v = rng.standard_normal(centred.shape[1])
    for _ in range(iterations):
        w = centred.T @ (centred @ v)
        norm = np.linalg.norm(w)
        if norm == 0:
            break
        v = w / norm
    norm = np.linalg.norm(v)
    return v / norm if norm else np.eye(centred.shape[1])[0]


def neighbour_recall(X: np.ndarray, cells: np.ndarray, k: int = 5) -> float:
    """Share of the rows' true ``k`` nearest neighbours (within ``X``) in the same cell.

    1.0 means the cells lose nothing; SMOTE within cells then picks among each row's true
    neighbours wherever its cell has them.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [0.1], [0.2], [10.0], [10.1], [10.2]])
    >>> neighbour_recall(X, np.array([0, 0, 0, 1, 1, 1]), k=2)
    1.0
    """
    from smotekit.neighbors import kneighbors_within

    found = kneighbors_within(np.ascontiguousarray(X), k)
    return float((cells[found] == cells[:, None]).mean())
