"""Identical rows, grouped: the search runs over distinct points.

A class with heavy duplication (one-hot or small-integer features) would otherwise tie
thousands of rows at distance 0: a kd-tree degrades to scanning them (cKDTree answered ~9k
queries/s on a 500k x 5 binary class, about a minute in all; grouped: 0.3 s) and resolving
the ties exactly would cost the square of the group size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from smotekit.neighbors._kernels import hash_rows


@dataclass
class Groups:
    """Identical rows: group ``g`` is distinct point ``g``; groups ordered by first row."""

    rep: np.ndarray  # (nu,) first (smallest) row of each group
    inverse: np.ndarray  # (n,) group of each row
    members: np.ndarray  # (n,) rows sorted by (group, row)
    starts: np.ndarray  # (nu,) offset of each group in ``members``
    counts: np.ndarray  # (nu,) rows per group


def groups_from_keys(order: np.ndarray, same_as_prev: np.ndarray, n: int) -> Groups:
    """Build groups from rows sorted so that identical rows are adjacent (stably)."""
    label_sorted = np.cumsum(~same_as_prev) - 1  # group label of each sorted position
    first_pos = np.flatnonzero(~same_as_prev)
    rep_by_label = order[first_pos]  # stable sort: first position holds the smallest row
    # renumber groups by their first row, so group order follows row order
    relabel = np.empty_like(rep_by_label)
    by_rep = np.argsort(rep_by_label, kind="stable")
    relabel[by_rep] = np.arange(by_rep.shape[0])
    inverse = np.empty(n, dtype=np.intp)
    inverse[order] = relabel[label_sorted]
    members = np.argsort(inverse, kind="stable").astype(np.intp)
    counts = np.bincount(inverse, minlength=by_rep.shape[0]).astype(np.intp)
    starts = np.zeros_like(counts)
    np.cumsum(counts[:-1], out=starts[1:])
    return Groups(rep_by_label[by_rep].astype(np.intp), inverse, members, starts, counts)


#: Bytes of one block of rows being hashed (bounds the canonical copy, whatever the width).
_HASH_BYTES = 1 << 21


def dense_groups(X: np.ndarray) -> Groups | None:
    """Group identical rows of a finite dense array, or ``None`` when all rows differ."""
    n = X.shape[0]
    if n < 2 or X.shape[1] == 0:
        return None if n < 2 else one_group(n)
    h = np.empty(n, dtype=np.uint64)
    # hashed a block at a time: a copy of the block only (+ 0.0 turns -0.0 into 0.0, which
    # has the same distances), not of the whole array
    step = max(64, _HASH_BYTES // (X.shape[1] * X.dtype.itemsize))
    for a in range(0, n, step):
        block = np.ascontiguousarray(X[a : a + step]) + 0.0
        h[a : a + step] = hash_rows(block.view(np.uint32))
    canon = X  # compared with ==, for which -0.0 equals 0.0 too
    hs = np.sort(h)
    if not (hs[1:] == hs[:-1]).any():
        return None
    order = np.lexsort((np.arange(n), h))  # by hash, then row
    sh = h[order]
    same = np.zeros(n, dtype=bool)
    same[1:] = sh[1:] == sh[:-1]
    cand = np.flatnonzero(same)
    equal = (canon[order[cand]] == canon[order[cand - 1]]).all(axis=1)
    if not equal.all():
        # a hash collision between different rows (astronomically rare): exact grouping
        inverse = np.unique(X + 0.0, axis=0, return_inverse=True)[1].ravel()
        order = np.lexsort((np.arange(n), inverse))
        same = np.zeros(n, dtype=bool)
        same[1:] = inverse[order[1:]] == inverse[order[:-1]]
        return groups_from_keys(order, same, n)
    return groups_from_keys(order, same, n)


def one_group(n: int) -> Groups:
    """All ``n`` rows in one group (rows without columns)."""
    rows = np.arange(n, dtype=np.intp)
    return Groups(
        np.zeros(1, np.intp),
        np.zeros(n, np.intp),
        rows,
        np.zeros(1, np.intp),
        np.array([n], np.intp),
    )


def sparse_groups(X: sp.csr_matrix) -> Groups | None:
    """Group identical rows of a canonical CSR matrix (no explicit zeros, sorted columns)."""
    n = X.shape[0]
    if n < 2:
        return None
    data = X.data + 0.0
    words = np.empty((data.shape[0], 3), dtype=np.uint32)
    vbits = data.astype(np.float64).view(np.uint32).reshape(-1, 2)
    words[:, :2] = vbits
    words[:, 2] = X.indices.astype(np.uint32)
    entry = hash_rows(words)
    # a row's hash: sum of its entries' hashes (order-free) mixed with its length
    h = np.zeros(n, dtype=np.uint64)
    nnz = np.diff(X.indptr)
    rows_with = np.flatnonzero(nnz)
    if rows_with.size:
        h[rows_with] = np.add.reduceat(entry, X.indptr[rows_with])
    h = hash_rows(np.column_stack([h.view(np.uint32).reshape(n, 2), nnz.astype(np.uint32)]))
    hs = np.sort(h)
    if not (hs[1:] == hs[:-1]).any():
        return None
    order = np.lexsort((np.arange(n), h))
    sh = h[order]
    same = np.zeros(n, dtype=bool)
    same[1:] = sh[1:] == sh[:-1]
    cand = np.flatnonzero(same)
    diff = X[order[cand]] - X[order[cand - 1]]
    diff.eliminate_zeros()
    if diff.nnz:
        # hash collision between different rows: fall back to exact grouping via dense keys
        dense = X.toarray()
        return dense_groups(dense)
    return groups_from_keys(order, same, n)
