"""Search backends over the distinct points of a class.

Each backend proposes candidates with a certified lower bound on the distance of everything
it did not propose (``candidates``), gathers everything within a radius (``within``) and
computes exact float64 distances (``exact``); ``engine._search`` combines them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from smotekit._native import PAIR, ROWS, SAME, fused_available, fused_bands, fused_scratch
from smotekit._parallel import chunks, parallel_map, single_threaded_blas
from smotekit.neighbors._groups import Groups, dense_groups, sparse_groups
from smotekit.neighbors._kdtree import KDTree
from smotekit.neighbors._kernels import (
    collect_at_least,
    pair_sqdist,
    row_sqsum,
    scan_cols,
    scan_rows,
)

#: Most extra float32 candidates kept per point, so the float32 ranking rarely needs a second
#: pass (the all-points search keeps fewer where pilot points show no near-ties).
MARGIN = 8
#: float64 bytes of one block of rows while rounding and measuring them.
CENTRE_BYTES = 1 << 20
#: Pilot points that size the all-points search's margin, and points per block of theirs.
PILOT = 64
PILOT_BLOCK = 4096
#: Rows per BLAS tile: a 512 x 512 tile of float32 products (1 MB) stays in L2.
TILE = 512
#: Most tiles per band of the all-points search, and most float32 bytes per band: a thread
#: rounds two bands into its buffers (2 x 2 MB) and multiplies their tiles pairwise.
BAND_TILES = 16
BAND_BYTES = 2 << 20
#: Float64 cells of one block of sparse keys.
SPARSE_BLOCK_CELLS = 4_000_000
#: Pairs per chunk of exact distances (keeps temporaries small, gives threads work).
PAIR_CHUNK = 65_536

U32 = 2.0**-24  # unit roundoff of float32
U64 = 2.0**-53  # unit roundoff of float64


class Space:
    """Distinct points of a class and how to search them (one subclass per backend)."""

    groups: Groups | None
    n_points: int

    def nearest_others(self, k: int, threads: int) -> np.ndarray | None:
        """The ``k`` nearest other points of every point, by exact distance then index, if
        the backend ranks exactly (else ``None``: the engine then checks candidates)."""
        return None

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        """``(cand, bound)``: candidate points per point, and a lower bound on the exact
        distance of every point not among its candidates (``inf`` if all are)."""
        raise NotImplementedError

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(ptr, v)``: a superset of the points within exact distance ``radius2`` of each
        of ``pts`` (segment ``i`` is ``v[ptr[i]:ptr[i + 1]]``)."""
        raise NotImplementedError

    def exact(self, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        """Exact float64 squared distances between points ``a[t]`` and ``b[t]``."""
        raise NotImplementedError

    # -- queries that are not the space's own points (``engine.kneighbors_query``) --------
    # The same three questions, asked for the rows of a ``Probe`` (query coordinates
    # prepared by ``probe``) against the space's points.
    def probe(self, Q: Any) -> Probe:
        """The query rows ``Q`` (same columns as the space) prepared for this backend."""
        raise NotImplementedError

    def probe_candidates(self, Q: Probe, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        """``candidates`` for the query rows."""
        raise NotImplementedError

    def probe_within(
        self, Q: Probe, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """``within`` for the query rows ``pts`` of ``Q``."""
        raise NotImplementedError

    def probe_exact(self, Q: Probe, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        """Exact float64 squared distances between query row ``a[t]`` and point ``b[t]``."""
        raise NotImplementedError


class Probe:
    """Query rows against a space: float64 coordinates, and what the backend derives.

    ``P64`` is a C-contiguous float64 array (a CSR matrix for ``SparseSpace``); ``C`` and
    ``norm2`` are the float32 centred rows and their float64 squared norms (``GemmSpace``).
    """

    def __init__(self, P64: Any, C: Any = None, norm2: Any = None) -> None:
        self.P64 = P64
        self.C = C
        self.norm2 = norm2
        self.n = P64.shape[0]


class DenseSpace(Space):
    """Distinct rows of a dense array, with float64 copies for exact distances."""

    def __init__(self, X: np.ndarray) -> None:
        self.groups = dense_groups(X)
        P = X if self.groups is None else X[self.groups.rep]
        self.n_points = P.shape[0]
        # exact distances need float64 rows; float32 values upcast exactly
        self.P64 = np.ascontiguousarray(P, dtype=np.float64)

    def exact(self, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        return self._exact(self.P64, a, b, threads)

    def probe(self, Q: Any) -> Probe:
        return Probe(np.ascontiguousarray(Q, dtype=np.float64))

    def probe_exact(self, Q: Probe, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        return self._exact(Q.P64, a, b, threads)

    def _exact(self, Q64: np.ndarray, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        """Exact float64 squared distances between rows ``Q64[a[t]]`` and points ``b[t]``."""
        out = np.empty(a.shape[0], dtype=np.float64)

        def work(span: tuple[int, int]) -> None:
            s, e = span
            pair_sqdist(Q64, self.P64, a[s:e], b[s:e], out[s:e])

        parallel_map(work, chunks(a.shape[0], PAIR_CHUNK), threads)
        return out

    # Low dimension, query points that are not the space's own: scipy's cKDTree answers
    # them (our tree walks its own leaves, not arbitrary points), in blocks of queries so
    # its answers take one block of memory; its distances only propose, the exact ones rank.
    _ckd: cKDTree | None = None

    def ckdtree(self) -> cKDTree:
        if self._ckd is None:
            self._ckd = cKDTree(self.P64)
        return self._ckd

    def probe_candidates(self, Q: Probe, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        m = min(kk + 1, nu)
        return ckd_candidates(self.ckdtree(), Q.P64, m, nu, threads)

    def probe_within(
        self, Q: Probe, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        return ckd_within(self.ckdtree(), Q.P64[pts], radius2, 8, threads)


class TreeSpace(DenseSpace):
    """Our kd-tree (``_kdtree``): the exact ``m`` nearest points of every point.

    The tree ranks by the exact float64 distance (bit-identical to ``exact``) and then the
    index. Without duplicate rows points are rows, so its ``k`` nearest other points are the
    answer (``nearest_others``). With duplicates, rows of one point share its distance but not its
    index order, so the engine ranks candidates: every point outside a point's ``m``
    candidates is at exact distance ``>=`` the ``m``-th one, which is the bound, no slack.
    """

    tree: KDTree | None = None

    def _tree(self, threads: int) -> KDTree:
        if self.tree is None:
            self.tree = KDTree(self.P64, threads)
        return self.tree

    def nearest_others(self, k: int, threads: int) -> np.ndarray | None:
        return self._tree(threads).knn(k, threads, others=True)[0]

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        tree = self._tree(threads)
        self.m = m = self._width(kk, threads)
        cand, last = tree.knn(m, threads)
        bound = last[:, 0] if m < nu else np.full(nu, np.inf)
        return cand, bound

    def _width(self, kk: int, threads: int) -> int:
        """Neighbours to find per point: ``kk + 1`` unless the data tie a lot.

        The check needs the last candidate strictly farther than the ``kk``-th. On integer
        grids most points tie there and resolving them costs more than the search (on a
        50k x 8 grid of 0..4, 43k of 50k points failed with ``kk + 1``: 2.8 s in all with
        cKDTree; 1.7 s querying 20), so a pilot of 8 leaves (256 points) measures how far
        the ties reach and widens the search to cover 90% of them. Continuous data stay at
        ``kk + 1``.
        """
        nu = self.n_points
        cap = min(4 * kk, nu - 1)
        if cap <= kk + 1 or nu < 5000:
            return min(kk + 1, nu)
        tree = self._tree(threads)
        # 8 leaves spread over the tree; the last used one may be partial: not in the pilot
        pilot = np.linspace(0, max(tree.used - 2, 0), 8).astype(np.intp)
        dist = tree.knn(cap + 1, threads, leaves=pilot)[1]
        beyond = dist[:, kk:] > dist[:, kk - 1 : kk]
        need = np.where(beyond.any(axis=1), kk + 1 + beyond.argmax(axis=1), cap + 1)
        return int(min(cap + 1, np.quantile(need, 0.9, method="higher")))

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Exactly the points within ``radius2`` (same exact distances as ``exact``)."""
        radius2 = np.ascontiguousarray(radius2, dtype=np.float64)
        return self._tree(threads).within(pts.astype(np.intp, copy=False), radius2, threads)


#: Query rows per cKDTree call (bounds the query's temporaries; large enough for its threads).
_QUERY_ROWS = 1 << 16


def ckd_candidates(
    tree: cKDTree,
    coords: np.ndarray,
    m: int,
    nu: int,
    threads: int,
) -> tuple[np.ndarray, np.ndarray]:
    """``m`` candidate points of ``tree`` for each row of ``coords``, and their bound.

    Queries go in slices: the query rows and the tree's answers then take one slice of
    memory, not three arrays of every query. The tree sums the squares in its own order, so
    its ``m``-th distance is a bound up to a relative 1e-9 (far above ``d`` float64
    roundings).
    """
    nq = coords.shape[0]
    # below a few thousand queries, starting the tree's threads costs more than it saves
    workers = threads if nq >= 4096 else 1
    cand = np.empty((nq, m), dtype=np.intp)
    bound = np.full(nq, np.inf)
    for start in range(0, nq, _QUERY_ROWS):
        rows = np.arange(start, min(start + _QUERY_ROWS, nq))
        dist, idx = tree.query(coords[rows], k=m, workers=workers)
        cand[rows] = idx.reshape(rows.shape[0], m)
        if m < nu:
            bound[rows] = dist.reshape(rows.shape[0], m)[:, -1] ** 2 * (1.0 - 1e-9)
    return cand, bound


def ckd_within(
    tree: cKDTree, coords: np.ndarray, radius2: np.ndarray, k0: int, threads: int
) -> tuple[np.ndarray, np.ndarray]:
    """A superset of the points within ``radius2`` of each row of ``coords``.

    Re-queries with more neighbours until each row's set reaches past its radius: ``query``
    with a larger ``k`` returns arrays, ``query_ball_point`` Python lists (3.0 s against
    1.7 s for 43k tied rows of a 50k x 8 integer grid). Rows are batched by radius so
    ``distance_upper_bound`` (one scalar per call) prunes well.
    """
    nu = tree.n
    nq = coords.shape[0]
    # the tree's distances differ from the exact ones by far less than 1e-9 (relative);
    # the floor keeps the square of the radius above 0 (the bound is strict)
    radius = np.maximum(np.sqrt(radius2) * (1.0 + 1e-9), 1e-150)
    owners, found = [], []
    pending = np.argsort(radius, kind="stable")
    k = max(1, min(k0, nu))
    while pending.size:
        still = []
        for a, b in chunks(pending.shape[0], 4096):
            rows = pending[a:b]
            ub = float(np.nextafter(radius[rows].max(), np.inf))
            dist, idx = tree.query(coords[rows], k=k, distance_upper_bound=ub, workers=threads)
            dist = dist.reshape(rows.shape[0], k)
            idx = idx.reshape(rows.shape[0], k)
            # complete: fewer than k found, or the k-th lies beyond the row's radius
            done = (k >= nu) | (dist[:, -1] > radius[rows])
            r, c = np.nonzero(done[:, None] & (dist <= radius[rows][:, None]))
            owners.append(rows[r])
            found.append(idx[r, c])
            still.append(rows[~done])
        pending = np.concatenate(still)
        k = min(4 * k, nu)
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    ptr = np.zeros(nq + 1, dtype=np.intp)
    np.cumsum(np.bincount(owner, minlength=nq), out=ptr[1:])
    return ptr, np.concatenate(found)[order].astype(np.intp, copy=False)


class GemmSpace(DenseSpace):
    """float32 tiles of products fed into top-m lists, with a certified float32 error bound.

    The products: where the CPU has AVX2 and FMA, the fused kernel
    (``smotekit._native.fused_bands``) keeps them in registers and compares them with the
    lists' thresholds at once (A's minority, 54.6k x 20: 1.35 -> 0.72 s); elsewhere BLAS
    writes each 512 x 512 tile to a buffer and compiled scans merge it into the lists.

    Scores: ``g(p, v) = c_p . c_v - |c_v|^2 / 2`` where ``c`` are the rows centred, scaled by
    a power of two and rounded to float32; then ``|c_p - c_v|^2 = |c_p|^2 - 2 g``, so the
    largest scores are the nearest points. The products are symmetric: each pair of tiles
    is multiplied once and feeds the lists of its rows and of its columns (half the BLAS
    work of multiplying every query tile by every reference tile: 2.0 -> 1.3 s on 54.6k x 20).

    Memory: the search over all points keeps no float32 copy of the rows. Pairs of bands
    (a few tiles, at most ``BAND_BYTES`` of float32 each) are the work items; a thread
    rounds its two bands into its own buffers (one pass over the rows per band pair: 1/512
    of the products' work per tile pair), so the scratch is the lists (``n x m`` float32
    scores and int32 indices: the result's own order of size) plus a fixed amount per
    thread. Query points (``probe``) keep the rows' float32 copy (``C``), made when first
    asked for.
    """

    def __init__(self, X: np.ndarray, queries: np.ndarray | None = None) -> None:
        super().__init__(X)
        P = self.P64
        self.d = P.shape[1]
        self.mu = mu = P.mean(axis=0)
        # a power of two near the spread: exact to undo, keeps float32 far from overflow
        # (query points, when given, count too: they are centred and scaled the same way)
        far = np.maximum(P.max(axis=0) - mu, mu - P.min(axis=0))
        if queries is not None and queries.shape[0]:
            far = np.maximum(far, np.abs(queries - mu).max(axis=0))
        spread = float(np.sqrt((far**2).sum()))
        self.scale = 2.0 ** -np.floor(np.log2(spread)) if spread > 0 else 1.0
        _, self.norm2 = self._centre(P, keep=False)
        self.h = (0.5 * self.norm2).astype(np.float32)  # |c_p|^2 of the float32 rows, halved
        self.R = float(np.sqrt(self.norm2.max()))
        self._C: np.ndarray | None = None

    @property
    def C(self) -> np.ndarray:
        """The points centred, scaled and rounded to float32 (made once, when first asked)."""
        if self._C is None:
            self._C, _ = self._centre(self.P64, keep=True)
        return self._C

    def _round(self, P: np.ndarray, out: np.ndarray, scratch: np.ndarray | None = None) -> None:
        """``out = float32((P - mu) * scale)``: the same bits whatever the block of rows."""
        tmp = np.empty(P.shape) if scratch is None else scratch[: P.size].reshape(P.shape)
        np.subtract(P, self.mu, out=tmp)
        np.multiply(tmp, self.scale, out=tmp)
        out[...] = tmp

    def _centre(self, P: np.ndarray, keep: bool) -> tuple[np.ndarray | None, np.ndarray]:
        """Rows centred, scaled and rounded to float32 (if ``keep``), and the float64
        squared norms of those float32 rows."""
        n = P.shape[0]
        C = np.empty((n, self.d), dtype=np.float32) if keep else None
        norm2 = np.empty(n, dtype=np.float64)
        for a, b in chunks(n, max(64, CENTRE_BYTES // (8 * max(self.d, 1)))):
            block = C[a:b] if C is not None else np.empty((b - a, self.d), dtype=np.float32)
            self._round(P[a:b], block)
            c64 = block.astype(np.float64)
            norm2[a:b] = np.einsum("ij,ij->i", c64, c64)
        return C, norm2

    def _rows32(self, a: int, b: int, local: threading.local, slot: int) -> np.ndarray:
        """Points ``a:b`` as float32 centred rows: from ``C`` if it is made, else rounded
        into this thread's buffer ``slot`` (reused from band to band)."""
        if self._C is not None:
            return self._C[a:b]
        size = (b - a) * self.d
        bufs = local.__dict__.setdefault("bands", {})
        if slot not in bufs or bufs[slot].shape[0] < size:
            bufs[slot] = np.empty(size, dtype=np.float32)
        scratch = local.__dict__.get("scratch")
        if scratch is None or scratch.shape[0] < size:
            scratch = local.scratch = np.empty(size)
        out = bufs[slot][:size].reshape(b - a, self.d)
        self._round(self.P64[a:b], out, scratch)
        return out

    def _band_rows(self) -> int:
        """Rows per band: whole tiles, at most ``BAND_BYTES`` of float32 (at least a tile)."""
        return TILE * max(1, min(BAND_TILES, BAND_BYTES // (TILE * self.d * 4)))

    def margin(self, kk: int) -> int:
        """Extra candidates per point for the all-points search: what pilot points need.

        A point's list proves its ``kk`` best when its last float32 score is worse, by the
        error bound, than its ``kk``-th exact distance; points within that band of the
        ``kk``-th need a place in the list. Continuous data have none (2 extra then:
        shorter lists are faster and smaller), tie-heavy grids many (up to ``MARGIN``);
        a point whose list falls short is still exact (``within`` gathers its rivals).
        Pilots: ``PILOT`` points spread over the rows, their distances to every point
        from float64 products (their error is far below the float32 bound's), a block of
        points at a time.
        """
        nu = self.n_points
        width = kk + MARGIN + 1
        if nu <= width:
            return MARGIN
        pilot = np.unique(np.linspace(0, nu - 1, PILOT).astype(np.intp))
        Q = self.P64[pilot] - self.mu
        qn = np.einsum("ij,ij->i", Q, Q)
        near = np.full((pilot.shape[0], width), np.inf)
        block = max(256, min(PILOT_BLOCK, CENTRE_BYTES // (8 * self.d)))
        both = np.empty((pilot.shape[0], width + block))
        for a, b in chunks(nu, block):
            B = self.P64[a:b] - self.mu
            D = both[:, width : width + b - a]
            np.matmul(Q, B.T, out=D)
            D *= -2.0
            D += qn[:, None]
            D += np.einsum("ij,ij->i", B, B)[None, :]
            both[:, :width] = near
            near = np.partition(both[:, : width + b - a], width - 1, axis=1)[:, :width].copy()
        near.sort(axis=1)
        # the pilot itself is at 0 and counts among its kk, as in the search's lists
        kth = near[:, kk - 1]
        band = kth + 2.0 * self.err(pilot)
        need = (near <= band[:, None]).sum(axis=1).max() + 1 - kk
        return int(min(MARGIN, max(2, need)))

    def err(self, pts: np.ndarray, norm2: np.ndarray | None = None) -> np.ndarray:
        """Bound on ``|(|c_p|^2 - 2 g) / scale^2 - exact|`` for every reference point.

        Sources: rounding the half norm (u |c_v|^2 / 2), the float32 product of d terms in
        any summation order (gamma_d |c_p| |c_v|) and the subtraction of the half norm (at
        most u (|c_p| |c_v| + |c_v|^2 / 2)), all within the gamma_{d+1} terms below;
        rounding the centred rows to float32 (|sqrt(D) - sqrt(s)| <= u (|c_p| + |c_v|)); and
        the float64 exact sum. Then doubled for safety. ``norm2`` holds the squared norms
        of query rows that are not the space's points (``pts`` index it then).
        """
        r = np.sqrt((self.norm2 if norm2 is None else norm2)[pts])
        R = self.R
        d = self.d
        gamma = (d + 1) * U32 / max(1e-3, 1.0 - (d + 1) * U32)
        dot = 2.0 * (U32 * R * R / 2 + gamma * (r * R + R * R / 2))
        centring = 2.0 * 1.0001 * U32 * (r + R) ** 2
        exact64 = (d + 2) * U64 * (r + R) ** 2
        return 2.0 * (dot + centring + exact64) / self.scale**2

    def _bounds(self, best_g: np.ndarray, norm2: np.ndarray) -> np.ndarray:
        """Certified lower bound on the distance of every point a list does not hold: its
        ``m``-th float32 score, less the error (a block at a time: small temporaries).
        ``norm2``: the squared norms of the lists' own rows."""
        bound = np.empty(best_g.shape[0], dtype=np.float64)
        for a, b in chunks(best_g.shape[0], PAIR_CHUNK):
            worst = (norm2[a:b] - 2.0 * best_g[a:b, -1].astype(np.float64)) / self.scale**2
            bound[a:b] = worst - self.err(np.arange(a, b), norm2)
        return bound

    def probe(self, Q: Any) -> Probe:
        P64 = np.ascontiguousarray(Q, dtype=np.float64)
        C, norm2 = self._centre(P64, keep=True)
        return Probe(P64, C, norm2)

    def probe_candidates(self, Q: Probe, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        """Query tiles against every reference tile; a thread owns a query tile's lists.

        Query tiles shrink (to 64 rows) when there are few queries, so every thread works.
        """
        nu, nq = self.n_points, Q.n
        m = min(kk + MARGIN, nu)
        best_g = np.full((nq, m), -np.inf, dtype=np.float32)
        best_i = np.full((nq, m), -1, dtype=list_index_dtype(nu))
        refs = chunks(nu, TILE)
        local = threading.local()
        C, h, Cq = self.C, self.h, Q.C
        fused = fused_available()

        def work(span: tuple[int, int]) -> None:
            a0, a1 = span
            own = best_g[a0:a1], best_i[a0:a1]
            scratch = fused_buffer(local, self.d) if fused else None
            if fused and fused_bands(Cq[a0:a1], C, h, h, a0, 0, own, own, ROWS, TILE, scratch):
                return
            for b0, b1 in refs:
                G = tile_buffer(local)[: (a1 - a0) * (b1 - b0)].reshape(a1 - a0, b1 - b0)
                np.matmul(Cq[a0:a1], C[b0:b1].T, out=G)
                scan_rows(G, h[b0:b1], b0, best_g[a0:a1], best_i[a0:a1])

        rows = max(64, min(TILE, -(-nq // (4 * threads))))
        run_blas_tiles(work, chunks(nq, rows), threads)
        if m == nu:
            return best_i, np.full(nq, np.inf)
        return best_i, self._bounds(best_g, Q.norm2)

    def probe_within(
        self, Q: Probe, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        Cq = Q.C
        return self._within(lambda rows: Cq[rows], Q.norm2, pts, radius2, threads)

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu = self.n_points
        m = min(kk + self.margin(kk), nu)
        best_g = np.full((nu, m), -np.inf, dtype=np.float32)
        best_i = np.full((nu, m), -1, dtype=list_index_dtype(nu))
        tiles = chunks(nu, TILE)
        # bands of whole tiles, fewer than the threads' share so every thread works
        per_band = max(1, min(self._band_rows() // TILE, -(-len(tiles) // (4 * threads))))
        bands = [(i, min(i + per_band, len(tiles))) for i in range(0, len(tiles), per_band)]
        # a tile's lists change under its lock only: a pair (a, b) updates rows of a, then
        # columns of b; the round-robin order keeps concurrent bands apart
        locks = [threading.Lock() for _ in tiles]
        local = threading.local()
        h = self.h
        fused = fused_available()
        band_locks = [threading.Lock() for _ in bands]

        Span = tuple[int, int]

        def multiply_and_scan(
            A: Span, B: Span, a_rows: Span, b_rows: Span, CA: np.ndarray, CB: np.ndarray
        ) -> None:
            for a in range(*A):
                a0, a1 = tiles[a]
                for b in range(a if A == B else B[0], B[1]):
                    b0, b1 = tiles[b]
                    G = tile_buffer(local)[: (a1 - a0) * (b1 - b0)].reshape(a1 - a0, b1 - b0)
                    np.matmul(
                        CA[a0 - a_rows[0] : a1 - a_rows[0]],
                        CB[b0 - b_rows[0] : b1 - b_rows[0]].T,
                        out=G,
                    )
                    with locks[a]:
                        scan_rows(G, h[b0:b1], b0, best_g[a0:a1], best_i[a0:a1])
                    if a != b:
                        with locks[b]:
                            scan_cols(G, h[a0:a1], a0, best_g[b0:b1], best_i[b0:b1])

        def work(pair: tuple[int, int]) -> None:
            A, B = bands[pair[0]], bands[pair[1]]
            a_rows = tiles[A[0]][0], tiles[A[1] - 1][1]
            b_rows = tiles[B[0]][0], tiles[B[1] - 1][1]
            CA = self._rows32(*a_rows, local, 0)
            CB = CA if A == B else self._rows32(*b_rows, local, 1)
            if not fused:
                multiply_and_scan(A, B, a_rows, b_rows, CA, CB)
                return
            # the fused kernel updates both bands' lists at once: it holds both bands'
            # locks, taken in index order (no cycle of pairs waiting on each other); where
            # it cannot run, the tiles are multiplied and scanned under the same locks
            with band_locks[pair[0]], contextlib.nullcontext() if A == B else band_locks[pair[1]]:
                if not self._fused(a_rows, b_rows, CA, CB, A == B, h, (best_g, best_i), local):
                    multiply_and_scan(A, B, a_rows, b_rows, CA, CB)

        run_blas_tiles(work, round_robin(len(bands)), threads)
        if m == nu:
            return best_i, np.full(nu, np.inf)
        return best_i, self._bounds(best_g, self.norm2)

    def _fused(
        self,
        a_rows: tuple[int, int],
        b_rows: tuple[int, int],
        CA: np.ndarray,
        CB: np.ndarray,
        same: bool,
        h: np.ndarray,
        lists: tuple[np.ndarray, np.ndarray],
        local: threading.local,
    ) -> bool:
        """Two bands of the all-points search (or a band with itself) through the fused
        kernel: both bands' lists at once. False where it cannot run (the caller
        multiplies tiles and scans them)."""
        (a0, a1), (b0, b1) = a_rows, b_rows
        best_g, best_i = lists
        return fused_bands(
            CA, CB, h[a0:a1], h[b0:b1], a0, b0, (best_g[a0:a1], best_i[a0:a1]),
            (best_g[b0:b1], best_i[b0:b1]), SAME if same else PAIR, TILE,
            fused_buffer(local, self.d),
        )  # fmt: skip

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        def query32(rows: np.ndarray) -> np.ndarray:
            if self._C is not None:
                return self._C[rows]
            out = np.empty((rows.shape[0], self.d), dtype=np.float32)
            self._round(self.P64[rows], out)
            return out

        return self._within(query32, self.norm2, pts, radius2, threads)

    def _within(
        self,
        query32: Callable[[np.ndarray], np.ndarray],
        qnorm2: np.ndarray,
        pts: np.ndarray,
        radius2: np.ndarray,
        threads: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every point within ``radius2`` of the query rows ``pts`` (a superset).

        ``query32(rows)`` gives those query rows as float32 centred rows, ``qnorm2`` their
        squared norms (indexed by ``pts``).
        """
        nu = self.n_points
        # s <= radius2 implies D <= radius2 + err, i.e. g >= (|c_p|^2 - scale^2 D) / 2
        thr64 = (qnorm2[pts] - self.scale**2 * (radius2 + self.err(pts, qnorm2))) / 2.0
        thr = np.nextafter(thr64.astype(np.float32), np.float32(-np.inf))  # round down
        local = threading.local()
        h = self.h
        band = self._band_rows()

        def work(span: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
            a, b = span
            Q = query32(pts[a:b])
            rows_out, cols_out = [], []
            cap = 4 * (b - a) + 64
            out_r = np.empty(cap, dtype=np.intp)
            out_c = np.empty(cap, dtype=np.intp)
            for r0, r1 in chunks(nu, band):
                CB = self._rows32(r0, r1, local, 0)
                for c0, c1 in chunks(r1 - r0, TILE):
                    G = tile_buffer(local)[: (b - a) * (c1 - c0)].reshape(b - a, c1 - c0)
                    np.matmul(Q, CB[c0:c1].T, out=G)
                    hc = h[r0 + c0 : r0 + c1]
                    found = collect_at_least(G, hc, thr[a:b], r0 + c0, out_r, out_c)
                    if found > out_r.shape[0]:
                        out_r = np.empty(2 * found, dtype=np.intp)
                        out_c = np.empty(2 * found, dtype=np.intp)
                        collect_at_least(G, hc, thr[a:b], r0 + c0, out_r, out_c)
                    rows_out.append(out_r[:found] + a)
                    cols_out.append(out_c[:found].copy())
            return np.concatenate(rows_out), np.concatenate(cols_out)

        parts = run_blas_tiles(work, chunks(pts.shape[0], TILE), threads)
        r = np.concatenate([p[0] for p in parts])
        v = np.concatenate([p[1] for p in parts])
        order = np.argsort(r, kind="stable")
        ptr = np.zeros(pts.shape[0] + 1, dtype=np.intp)
        np.cumsum(np.bincount(r, minlength=pts.shape[0]), out=ptr[1:])
        return ptr, v[order]


def list_index_dtype(n_points: int) -> type:
    """Indices of the top-m lists: int32 (half the memory) below 2**31 points."""
    return np.int32 if n_points < 2**31 else np.intp


def run_blas_tiles(work: Callable[[Any], Any], items: list, threads: int) -> list:
    """``parallel_map`` with BLAS single-threaded inside the workers.

    Without threadpoolctl (optional) BLAS cannot be limited: then one worker runs the tiles
    and BLAS threads each product, so two thread pools never compete for the cores.
    """
    with single_threaded_blas() as limited:
        return parallel_map(work, items, threads if limited else 1)


def round_robin(n_tiles: int) -> list[tuple[int, int]]:
    """Every pair ``(a, b)``, ``a <= b``: the diagonal first, then round-robin rounds.

    Within a round no tile appears twice (circle method), so the pairs running at the same
    time rarely wait for each other's locks.
    """
    pairs = [(a, a) for a in range(n_tiles)]
    ids: list[int | None] = list(range(n_tiles)) + ([None] if n_tiles % 2 else [])
    n = len(ids)
    for _ in range(n - 1):
        for i in range(n // 2):
            a, b = ids[i], ids[n - 1 - i]
            if a is not None and b is not None:
                pairs.append((min(a, b), max(a, b)))
        ids = [ids[0], ids[-1], *ids[1:-1]]
    return pairs


def fused_buffer(local: threading.local, d: int) -> np.ndarray:
    """This thread's scratch for the fused kernel on tiles of ``TILE`` rows of ``d``."""
    buf = getattr(local, "fused", None)
    if buf is None:
        buf = local.fused = fused_scratch(TILE, d)
    return buf


def tile_buffer(local: threading.local) -> np.ndarray:
    """This thread's buffer for one tile of products (reused across tiles)."""
    buf = getattr(local, "G", None)
    if buf is None:
        buf = local.G = np.empty(TILE * TILE, dtype=np.float32)
    return buf


class SparseSpace(Space):
    """CSR rows too large to densify: float64 keys from sparse products in row blocks.

    A block of keys is at most ``SPARSE_BLOCK_CELLS`` float64 cells (32 MB), whatever n.
    """

    def __init__(self, X: sp.csr_matrix) -> None:
        X = canonical_csr(X)  # a copy; canonical form for hashing and exact distances
        self.groups = sparse_groups(X)
        self.P = X if self.groups is None else X[self.groups.rep]
        self.n_points = self.P.shape[0]
        self.PT = self.P.T.tocsr()
        self.norm2 = np.asarray(self.P.multiply(self.P).sum(axis=1)).ravel()
        self.R = float(np.sqrt(self.norm2.max()))
        self.z = int(np.diff(self.P.indptr).max(initial=0))
        self.own = Probe(self.P, norm2=self.norm2)

    def err(self, pts: np.ndarray, Q: Probe | None = None) -> np.ndarray:
        """Bound on ``|key - exact|`` for the float64 keys of query ``pts`` against any point."""
        Q = self.own if Q is None else Q
        r = np.sqrt(Q.norm2[pts])
        z = max(self.z, int(np.diff(Q.P64.indptr).max(initial=0)))
        # |p|^2 + |v|^2 - 2 p.v with sums of at most z terms: (z + 2) u (|p| + |v|)^2; the
        # exact sum over the (up to 2z) columns of p - v: (2z + 2) u (|p| + |v|)^2; doubled
        return 2.0 * (3 * z + 4) * U64 * (r + self.R) ** 2

    def _keys(self, Q: Probe, rows: np.ndarray) -> np.ndarray:
        prod = (Q.P64[rows] @ self.PT).toarray()
        return Q.norm2[rows][:, None] + self.norm2[None, :] - 2.0 * prod

    def _block(self) -> int:
        return max(1, SPARSE_BLOCK_CELLS // max(1, self.n_points))

    def probe(self, Q: Any) -> Probe:
        P = canonical_csr(sp.csr_matrix(Q))
        return Probe(P, norm2=np.asarray(P.multiply(P).sum(axis=1)).ravel())

    def candidates(self, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        return self.probe_candidates(self.own, kk, threads)

    def probe_candidates(self, Q: Probe, kk: int, threads: int) -> tuple[np.ndarray, np.ndarray]:
        nu, nq = self.n_points, Q.n
        m = min(kk + MARGIN, nu)
        cand = np.empty((nq, m), dtype=np.intp)
        worst = np.empty(nq)

        def work(span: tuple[int, int]) -> None:
            a, b = span
            D = self._keys(Q, np.arange(a, b))
            if m < nu:
                part = np.argpartition(D, m - 1, axis=1)[:, :m]
            else:
                part = np.broadcast_to(np.arange(nu), (b - a, nu))
            cand[a:b] = part
            worst[a:b] = np.take_along_axis(D, part, axis=1).max(axis=1)

        parallel_map(work, chunks(nq, self._block()), threads)
        if m == nu:
            return cand, np.full(nq, np.inf)
        return cand, worst - self.err(np.arange(nq), Q)

    def within(
        self, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        return self.probe_within(self.own, pts, radius2, threads)

    def probe_within(
        self, Q: Probe, pts: np.ndarray, radius2: np.ndarray, threads: int
    ) -> tuple[np.ndarray, np.ndarray]:
        limit = radius2 + self.err(pts, Q)

        def work(span: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
            a, b = span
            D = self._keys(Q, pts[a:b])
            r, v = np.nonzero(limit[a:b, None] >= D)
            return r + a, v

        parts = parallel_map(work, chunks(pts.shape[0], self._block()), threads)
        r = np.concatenate([p[0] for p in parts])
        v = np.concatenate([p[1] for p in parts]).astype(np.intp)
        ptr = np.zeros(pts.shape[0] + 1, dtype=np.intp)
        np.cumsum(np.bincount(r, minlength=pts.shape[0]), out=ptr[1:])
        return ptr, v  # np.nonzero is row-major and parts are in order: already grouped

    def exact(self, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        return self.probe_exact(self.own, a, b, threads)

    def probe_exact(self, Q: Probe, a: np.ndarray, b: np.ndarray, threads: int) -> np.ndarray:
        out = np.empty(a.shape[0], dtype=np.float64)

        def work(span: tuple[int, int]) -> None:
            s, e = span
            diff = Q.P64[a[s:e]] - self.P[b[s:e]]  # canonical: columns in order
            diff.sort_indices()  # (already sorted; kept as the guarantee row_sqsum needs)
            indptr = diff.indptr.astype(np.intp, copy=False)
            row_sqsum(diff.data.astype(np.float64, copy=False), indptr, out[s:e])

        parallel_map(work, chunks(a.shape[0], PAIR_CHUNK), threads)
        return out


def canonical_csr(X: sp.csr_matrix) -> sp.csr_matrix:
    """A float64 copy with summed duplicates, no stored zeros and sorted indices."""
    X = X.astype(np.float64)
    X.sum_duplicates()
    X.eliminate_zeros()
    X.sort_indices()
    return X
