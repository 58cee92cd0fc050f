"""A kd-tree for the exact all-k-nearest-neighbour search in low dimension.

The kernels below are numba's; ``smotekit/_native.c`` holds the same kernels in C, compiled
at installation, which run in their place where built (``smotekit._native``).

Shape
-----
The tree is implicit: node ``t`` has children ``2t + 1`` and ``2t + 2`` and every leaf is at
depth ``levels``. Leaves hold ``LEAF`` consecutive points of the tree order, all full except
the last used one (a node's left child takes as many whole leaves as fit under it, so only
the right spine is unbalanced and a few leaves at its end are empty). A node splits its
points at that position by a quickselect along the widest side of its box. Each node keeps
the tight bounding box of its points (empty nodes: ``+inf``/``-inf``).

Each leaf's points are also stored column by column in a block of ``d * LEAF`` floats
(``blk``; the unused slots of the last leaf are NaN, whose distances compare false), so a
point's distances to a whole leaf are a few contiguous vector loops.

Exactness
---------
A distance is ``sum((x_c - y_c) ** 2)`` over the columns in order, in float64 without
fast-math, exactly as ``_kernels.pair_sqdist`` computes it, so the ``m`` nearest points by
``(distance, index)`` found here are the exact ones and bit-identical to the engine's exact
distances. A box's distance to a point adds ``max(lo - x, x - hi, 0) ** 2`` in the same
column order; rounding is monotone, so each term is at most the corresponding term for any
point inside the box and the sum never exceeds the exact distance of any of them: pruning a
box farther than a point's current ``m``-th distance (strictly) never loses a point that
would enter its list, ties included. The same holds for the distance between two boxes.

Query (all points at once)
--------------------------
Leaves are processed one at a time, a chunk of leaves per thread (serial kernels that
release the GIL, run by ``_parallel``: numba's own threads fought BLAS's in this engine).
The leaf's points walk the tree together, depth first, nearer child first (on a tie the one
holding the leaf, so the leaf itself is scanned first): a node is skipped when its box is
farther from the leaf's box than the largest of the points' ``m``-th distances, or when no
point's own distance to the box is within its own ``m``-th distance (a vectorised test;
on 500k x 5 blobs it spared 68% of the leaves the box-to-box test let through). At a leaf,
only the points that pass scan it. There, per point: 21 leaves scanned, 26 insertions.

Measured on 500k x 5 blobs, k=5, one thread: 0.15 s to build, 1.08 s to search. One walk
per point instead of per leaf, walks of 8 to 64 points, children ordered by distance to the
leaf's centre and a branch-free insertion were all as fast or slower.
"""

from __future__ import annotations

import numba
import numpy as np

from smotekit._native import native
from smotekit._parallel import chunks, parallel_map

_u = numba.uintp  # unsigned indices: contiguous vector loads, no negative-index wraparound

#: Points per leaf. Searches with leaves of 16 / 32 / 64 points, k=5, one thread: 1.27 / 1.08 /
#: 1.09 s on 500k x 5 blobs, 1.32 / 0.99 / 0.93 s (with the build) on 50k x 10
#: make_classification: smaller leaves mean more nodes to test, larger ones more distances.
LEAF = 32
#: Leaves per chunk of work handed to a thread: 4k points, enough to hide the hand-out, small
#: enough for a thread slowed by another process not to hold the others back at the end.
_CHUNK_LEAVES = 128
#: Below this many points the build runs on one thread (starting threads would cost more).
_PARALLEL_BUILD = 1 << 15


class KDTree:
    """The tree over the rows of ``P`` (float64, C-contiguous, distinct rows).

    Attributes
    ----------
    pts : ndarray of shape (n, d)
        The rows in tree order.
    idx : ndarray of shape (n,)
        Row of ``P`` at each tree position.
    blk : ndarray of shape (n_leaves * d * LEAF,)
        Leaf ``j``'s column ``c`` is ``blk[(j * d + c) * LEAF:][:LEAF]``.
    lo, hi : ndarray of shape (n_nodes, d)
        Tight bounding box of each node.
    start, end : ndarray of shape (n_nodes,)
        Node ``t`` holds tree positions ``start[t]:end[t]``.
    levels : int
        Depth of the leaves; leaf ``j`` is node ``2**levels - 1 + j``.
    """

    def __init__(self, P: np.ndarray, threads: int = 1) -> None:
        n, d = P.shape
        if n < _PARALLEL_BUILD:
            threads = 1
        used = max(1, -(-n // LEAF))
        levels = 0
        while (1 << levels) < used:
            levels += 1
        self.levels = levels
        self.n = n
        self.leaf = LEAF
        self.used = used  # leaves holding points; all full but the last
        self.n_leaves = 1 << levels
        n_nodes = (1 << (levels + 1)) - 1
        self.pts = np.empty((n, d), dtype=np.float64)
        self.idx = np.empty(n, dtype=np.intp)
        self.lo = np.empty((n_nodes, d), dtype=np.float64)
        self.hi = np.empty((n_nodes, d), dtype=np.float64)
        self.start = np.empty(n_nodes, dtype=np.intp)
        self.end = np.empty(n_nodes, dtype=np.intp)
        self.blk = np.empty(self.n_leaves * d * self.leaf, dtype=np.float64)
        self.pts[...] = P  # the rows in their initial tree order (the input order)
        self.idx[:] = np.arange(n)
        _root(self.pts, self.lo, self.hi, self.start, self.end)
        # the top levels split node by node (the nodes of a level side by side), then whole
        # subtrees go to the threads, a few per thread so that a slow one holds no one back
        top = 0
        while top < levels and (1 << top) < 4 * threads:
            top += 1
        args = (self.pts, self.idx, self.lo, self.hi, self.start, self.end, levels, self.leaf)
        for k in range(top):
            nodes = list(range((1 << k) - 1, (1 << (k + 1)) - 1))
            parallel_map(lambda t, k=k: _split(*args, t, k, k + 1), nodes, threads)
        if top < levels:
            roots = list(range((1 << top) - 1, (1 << (top + 1)) - 1))
            parallel_map(lambda t: _split(*args, t, top, levels), roots, threads)
        first = self.n_leaves - 1

        def leaves(span: tuple[int, int]) -> None:
            _fill_leaves(
                self.pts,
                self.lo,
                self.hi,
                self.start,
                self.end,
                self.blk,
                first + span[0],
                first + span[1],
                self.leaf,
            )

        parallel_map(
            leaves, chunks(self.n_leaves, max(256, self.n_leaves // (4 * threads))), threads
        )
        _merge_boxes(self.lo, self.hi, first)

    def knn(
        self,
        m: int,
        threads: int,
        leaves: np.ndarray | None = None,
        width: int = 1,
        others: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``m`` nearest points of every point of the given leaves (all by default),
        the point itself included unless ``others``.

        Returns ``(ind, dist)``: with all leaves, row ``p`` is point ``p`` (a row of ``P``)
        and ``dist`` holds the last ``width`` of its ``m`` distances; with a list of leaves,
        row ``t * LEAF + i`` is the ``i``-th point of the ``t``-th leaf (rows past a partial
        leaf are untouched) and ``dist`` all ``m`` distances.
        """
        scatter = leaves is None
        if scatter:
            leaves = np.arange(self.n_leaves, dtype=np.intp)
            rows = self.n
        else:
            leaves = np.ascontiguousarray(leaves, dtype=np.intp)
            rows = leaves.shape[0] * self.leaf
            width = m
        ind = np.empty((rows, m), dtype=np.intp)
        dist = np.empty((rows, width), dtype=np.float64)

        def work(span: tuple[int, int]) -> None:
            a, b = span
            _knn_leaves(
                self.blk,
                self.pts,
                self.idx,
                self.lo,
                self.hi,
                self.start,
                self.end,
                self.levels,
                self.leaf,
                leaves[a:b],
                a,
                ind,
                dist,
                scatter,
                others,
            )

        # below a few thousand points, starting threads costs more than it saves
        size = max(1, min(_CHUNK_LEAVES, -(-leaves.shape[0] // (4 * threads))))
        parallel_map(work, chunks(leaves.shape[0], size), threads if self.n >= 4096 else 1)
        return ind, dist

    def within(
        self, queries: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(ptr, v)``: the points at exact distance ``<= radius2[i]`` of point
        ``queries[i]`` (a row of ``P``), as segments ``v[ptr[i]:ptr[i + 1]]``."""
        nq = queries.shape[0]
        counts = np.empty(nq, dtype=np.intp)
        pos = np.empty(self.n, dtype=np.intp)
        pos[self.idx] = np.arange(self.n, dtype=np.intp)
        at = pos[queries]
        spans = chunks(nq, max(64, -(-nq // (4 * threads))))
        tree = (self.blk, self.pts, self.idx, self.lo, self.hi, self.start, self.end)

        def run(span: tuple[int, int], into: np.ndarray, out: np.ndarray, write: bool) -> None:
            a, b = span
            _within(*tree, self.levels, self.leaf, at[a:b], radius2[a:b], into, out, write)

        # two passes: count each query's points, then write them where the counts say
        none = np.empty(0, dtype=np.intp)
        parallel_map(lambda sp: run(sp, counts[sp[0] : sp[1]], none, False), spans, threads)
        ptr = np.zeros(nq + 1, dtype=np.intp)
        np.cumsum(counts, out=ptr[1:])
        v = np.empty(ptr[-1], dtype=np.intp)
        parallel_map(lambda sp: run(sp, ptr[sp[0] : sp[1] + 1], v, True), spans, threads)
        return ptr, v


# ----------------------------------------------------------------------------------------
# build
# ----------------------------------------------------------------------------------------
@numba.njit(cache=True, nogil=True)
def _root(
    pts: np.ndarray, lo: np.ndarray, hi: np.ndarray, start: np.ndarray, end: np.ndarray
) -> None:
    """The root: every position, and the bounding box the first split is chosen from."""
    n, d = pts.shape
    start[0] = 0
    end[0] = n
    for c in range(d):
        lo[0, c] = np.inf
        hi[0, c] = -np.inf
    for i in range(n):
        for c in range(d):
            v = pts[i, c]
            if v < lo[0, c]:
                lo[0, c] = v
            if v > hi[0, c]:
                hi[0, c] = v


@numba.njit(cache=True, nogil=True)
def _select(pts: np.ndarray, idx: np.ndarray, s: int, e: int, kth: int, dim: int) -> None:
    """Reorder rows ``s:e`` so that rows before ``kth`` are ``<=`` and rows from ``kth`` on
    are ``>=`` along ``dim`` (quickselect, Hoare partition, median-of-three pivot).

    Hoare's scheme stops on values equal to the pivot on both sides, so columns with many
    equal values still split near the middle instead of degrading to quadratic time.
    """
    d = pts.shape[1]
    lo = s
    hi = e - 1
    while hi > lo:
        mid = lo + (hi - lo) // 2
        a = pts[lo, dim]
        b = pts[mid, dim]
        c = pts[hi, dim]
        pivot = max(min(a, b), min(max(a, b), c))  # the median of the three
        i = lo
        j = hi
        while i <= j:
            while pts[i, dim] < pivot:
                i += 1
            while pts[j, dim] > pivot:
                j -= 1
            if i <= j:
                if i != j:
                    for col in range(d):
                        tmp = pts[i, col]
                        pts[i, col] = pts[j, col]
                        pts[j, col] = tmp
                    t = idx[i]
                    idx[i] = idx[j]
                    idx[j] = t
                i += 1
                j -= 1
        # rows lo..j are <= pivot, rows i..hi >= pivot, rows between equal to it
        if kth <= j:
            hi = j
        elif kth >= i:
            lo = i
        else:
            return


@numba.njit(cache=True, nogil=True)
def _split(
    pts: np.ndarray,
    idx: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    levels: int,
    leaf: int,
    root: int,
    depth: int,
    stop: int,
) -> None:
    """Split the nodes of the subtree at ``root`` (depth ``depth``) down to depth ``stop``.

    ``lo``/``hi`` hold the box of the node's region here (its parent's box cut at the split
    value), tightened to the points once the leaves are filled: the widest side of that box
    chose splits as well as the points' own spread (same query time on 500k x 5 blobs, a
    third less build time).
    """
    d = pts.shape[1]
    first = root
    for k in range(depth, stop):
        count = 1 << (k - depth)
        half = leaf << (levels - k - 1)  # points under a full child
        for t in range(first, first + count):
            s = start[t]
            e = end[t]
            mid = min(e, s + half)
            if mid < e:
                dim = 0
                spread = -1.0
                for c in range(d):
                    w = hi[t, c] - lo[t, c]
                    if w > spread:
                        spread = w
                        dim = c
                _select(pts, idx, s, e, mid, dim)
            for child in (2 * t + 1, 2 * t + 2):
                for c in range(d):
                    lo[child, c] = lo[t, c]
                    hi[child, c] = hi[t, c]
            if mid < e:
                cut = pts[mid, dim]
                hi[2 * t + 1, dim] = cut
                lo[2 * t + 2, dim] = cut
            start[2 * t + 1] = s
            end[2 * t + 1] = mid
            start[2 * t + 2] = mid
            end[2 * t + 2] = e
        first = 2 * first + 1


@numba.njit(cache=True, nogil=True)
def _fill_leaves(
    pts: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    blk: np.ndarray,
    a: int,
    b: int,
    leaf: int,
) -> None:
    """Tight boxes and column blocks of leaf nodes ``a:b``."""
    d = pts.shape[1]
    first = (lo.shape[0] - 1) // 2
    for t in range(a, b):
        s = start[t]
        e = end[t]
        base = (t - first) * d * leaf
        for c in range(d):
            mn = np.inf
            mx = -np.inf
            for i in range(s, e):
                v = pts[i, c]
                mn = min(mn, v)
                mx = max(mx, v)
                blk[base + c * leaf + i - s] = v
            for i in range(e - s, leaf):
                blk[base + c * leaf + i] = np.nan
            lo[t, c] = mn
            hi[t, c] = mx


@numba.njit(cache=True, nogil=True)
def _merge_boxes(lo: np.ndarray, hi: np.ndarray, first: int) -> None:
    """Tight internal boxes from the leaves' (children after parents in heap order)."""
    d = lo.shape[1]
    for t in range(first - 1, -1, -1):
        for c in range(d):
            lo[t, c] = min(lo[2 * t + 1, c], lo[2 * t + 2, c])
            hi[t, c] = max(hi[2 * t + 1, c], hi[2 * t + 2, c])


# ----------------------------------------------------------------------------------------
# queries
# ----------------------------------------------------------------------------------------
@numba.njit(cache=True, nogil=True)
def _knn_leaves(
    blk: np.ndarray,
    pts: np.ndarray,
    idx: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    levels: int,
    leaf: int,
    leaves: np.ndarray,
    row0: int,
    out_i: np.ndarray,
    out_d: np.ndarray,
    scatter: bool,
    others: bool,
) -> None:
    """The ``m`` nearest points by ``(distance, index)`` of the points of ``leaves`` (other
    than themselves if ``others``).

    Output row: ``idx[p]`` when ``scatter``, else ``(row0 + t) * leaf + i`` for the ``i``-th
    point of ``leaves[t]``; ``out_d`` gets the last ``out_d.shape[1]`` of the ``m`` distances.
    Fewer than ``m`` points in all: the rest is ``-1`` / ``inf``.
    """
    m = out_i.shape[1]
    w = out_d.shape[1]
    d = lo.shape[1]
    ud = _u(d)
    ul = _u(leaf)
    first = (1 << levels) - 1
    fd = np.empty(leaf * m, dtype=np.float64)  # each point's best m: distances...
    fi = np.empty(leaf * m, dtype=np.intp)  # ... and points, ascending
    um = _u(m)
    buf = np.empty(leaf, dtype=np.float64)
    box = np.empty(leaf, dtype=np.float64)  # each point's distance to the node's box
    worst = np.empty(leaf, dtype=np.float64)  # each point's m-th distance so far
    sel = np.empty(leaf, dtype=np.intp)
    hits = np.empty(leaf, dtype=np.intp)
    Q = np.empty(d * leaf, dtype=np.float64)  # the leaf's points, column by column
    stack_t = np.empty(2 * levels + 4, dtype=np.intp)
    stack_b = np.empty(2 * levels + 4, dtype=np.float64)
    for t in range(leaves.shape[0]):
        own = first + leaves[t]
        qs = start[own]
        nq = end[own] - qs
        if nq == 0:
            continue
        # the slots past a partial leaf copy its last point and never pass a test (-1)
        for c in range(d):
            for i in range(leaf):
                Q[c * leaf + i] = pts[qs + min(i, nq - 1), c]
        for i in range(leaf):
            for c in range(m):
                fd[i * m + c] = np.inf
                fi[i * m + c] = -1
            worst[i] = np.inf if i < nq else -1.0
        bound = np.inf  # the largest m-th distance among the leaf's points
        stack_t[0] = 0
        stack_b[0] = 0.0
        top = 1
        while top > 0:
            top -= 1
            node = stack_t[top]
            if stack_b[top] > bound:
                continue
            # every point's distance to the node's box, against its own m-th distance
            lo0 = lo[node, 0]
            hi0 = hi[node, 0]
            for i in range(ul):
                v = Q[i]
                g = max(max(lo0 - v, v - hi0), 0.0)
                box[i] = g * g
            for c in range(1, d):
                lo0 = lo[node, c]
                hi0 = hi[node, c]
                off = _u(c) * ul
                for i in range(ul):
                    v = Q[off + i]
                    g = max(max(lo0 - v, v - hi0), 0.0)
                    box[i] += g * g
            if node < first:
                ns = 0
                for i in range(ul):
                    ns += box[i] <= worst[i]
                if ns == 0:
                    continue
                a = 2 * node + 1
                b = a + 1
                da = 0.0
                db = 0.0
                for c in range(d):
                    ql = lo[own, c]
                    qh = hi[own, c]
                    g = max(max(lo[a, c] - qh, ql - hi[a, c]), 0.0)
                    da += g * g
                    g = max(max(lo[b, c] - qh, ql - hi[b, c]), 0.0)
                    db += g * g
                if da < db or (da == db and qs < end[a]):
                    a, b = b, a
                    da, db = db, da
                # a is the farther child: pushed first, visited last
                if da <= bound:
                    stack_t[top] = a
                    stack_b[top] = da
                    top += 1
                if db <= bound:
                    stack_t[top] = b
                    stack_b[top] = db
                    top += 1
                continue
            ns = 0
            for i in range(ul):
                sel[ns] = i
                ns += box[i] <= worst[i]
            if ns == 0:
                continue
            rs = start[node]
            rsu = _u(rs)
            qsu = _u(qs)
            base = _u(node - first) * ud * ul
            changed = False
            for k in range(ns):
                i = sel[k]
                wi = worst[i]
                qc = Q[i]
                for j in range(ul):
                    diff = blk[base + j] - qc
                    buf[j] = diff * diff
                for c in range(1, d - 1):
                    qc = Q[_u(c) * ul + _u(i)]
                    off = base + _u(c) * ul
                    for j in range(ul):
                        diff = blk[off + j] - qc
                        buf[j] += diff * diff
                cnt = 0
                if d > 1:
                    # the last column also counts the points within the m-th distance
                    qc = Q[(ud - _u(1)) * ul + _u(i)]
                    off = base + (ud - _u(1)) * ul
                    for j in range(ul):
                        diff = blk[off + j] - qc
                        x = buf[j] + diff * diff
                        buf[j] = x
                        cnt += x <= wi
                else:
                    for j in range(ul):
                        cnt += buf[j] <= wi
                if cnt == 0:
                    continue
                changed = True
                nh = 0
                for j in range(ul):
                    hits[nh] = j
                    nh += buf[j] <= wi
                lb = _u(i) * um
                last = lb + um - _u(1)
                for h in range(nh):
                    j = _u(hits[h])
                    x = buf[j]
                    if not (x <= wi):  # wi shrank since this hit was counted
                        continue
                    if others and rsu + j == qsu + _u(i):
                        continue
                    r = idx[rsu + j]
                    if x == wi and r > fi[last]:
                        continue
                    pos = last
                    while pos > lb and (
                        fd[pos - _u(1)] > x or (fd[pos - _u(1)] == x and fi[pos - _u(1)] > r)
                    ):
                        fd[pos] = fd[pos - _u(1)]
                        fi[pos] = fi[pos - _u(1)]
                        pos -= _u(1)
                    fd[pos] = x
                    fi[pos] = r
                    wi = fd[last]
                worst[i] = wi
            if changed:
                bound = 0.0
                for i in range(ul):
                    bound = max(bound, worst[i])
        for i in range(nq):
            row = idx[qs + i] if scatter else (row0 + t) * leaf + i
            for c in range(m):
                out_i[row, c] = fi[i * m + c]
            for c in range(w):
                out_d[row, c] = fd[i * m + m - w + c]


@numba.njit(cache=True, nogil=True)
def _within(
    blk: np.ndarray,
    pts: np.ndarray,
    idx: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    levels: int,
    leaf: int,
    at: np.ndarray,
    radius2: np.ndarray,
    ptr: np.ndarray,
    out: np.ndarray,
    fill: bool,
) -> None:
    """Points at exact distance ``<= radius2[q]`` of the point at tree position ``at[q]``.

    Counting pass (``fill`` false): ``ptr[q]`` gets the count. Filling pass: they go to
    ``out[ptr[q]:ptr[q + 1]]``.
    """
    d = lo.shape[1]
    ud = _u(d)
    ul = _u(leaf)
    first = (1 << levels) - 1
    buf = np.empty(leaf, dtype=np.float64)
    q = np.empty(d, dtype=np.float64)
    stack = np.empty(2 * levels + 4, dtype=np.intp)
    for t in range(at.shape[0]):
        for c in range(d):
            q[c] = pts[at[t], c]
        r2 = radius2[t]
        found = 0
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            acc = 0.0
            for c in range(d):
                v = q[c]
                g = max(max(lo[node, c] - v, v - hi[node, c]), 0.0)
                acc += g * g
            if not (acc <= r2):
                continue
            if node < first:
                stack[top] = 2 * node + 2
                stack[top + 1] = 2 * node + 1
                top += 2
                continue
            base = _u(node - first) * ud * ul
            qc = q[0]
            for j in range(ul):
                diff = blk[base + j] - qc
                buf[j] = diff * diff
            for c in range(1, d):
                qc = q[c]
                off = base + _u(c) * ul
                for j in range(ul):
                    diff = blk[off + j] - qc
                    buf[j] += diff * diff
            rs = start[node]
            for j in range(leaf):
                if buf[j] <= r2:
                    if fill:
                        out[ptr[t] + found] = idx[rs + j]
                    found += 1
        if not fill:
            ptr[t] = found


# The compiled stand-ins (smotekit._native), where built: same signatures, same bits, and
# nothing to load (no JIT compiler in a fresh process for a low-dimensional class).
_root = native(_root)
_split = native(_split)
_fill_leaves = native(_fill_leaves)
_merge_boxes = native(_merge_boxes)
_knn_leaves = native(_knn_leaves)
_within = native(_within)
