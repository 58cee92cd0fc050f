"""LVQ-SMOTE (Nakamura et al. 2013), as smote-variants approximates it: a row of the class
carried from one k-means codebook vector to another, matched by the offsets of their pairs."""

from __future__ import annotations

import warnings
from functools import partial
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp

import smotekit.samplers.params as params
from smotekit._parallel import one_openmp_thread
from smotekit.door import Features, Target
from smotekit.errors import SmotekitWarning, user_stacklevel
from smotekit.neighbors import kneighbors_query
from smotekit.samplers.base import BaseOverSampler, Outcome, draw_seed
from smotekit.samplers.random_over import _F64_MAX, _rounded

#: Two disjoint pairs of codebook vectors are matched: a class needs this many distinct ones.
MIN_CODEBOOK = 4
#: Nearest offsets looked at first for a pair disjoint from the drawn one.
_FIRST_LOOK = 8
#: Values computed at once when writing the new rows (their float64 scratch: 8 MB).
_BLOCK_CELLS = 1 << 20
#: Sparse rows of a class are clustered dense up to this many values (32 MB of float64).
_DENSE_KMEANS_CELLS = 1 << 22


class LVQSMOTE(BaseOverSampler):
    """LVQ-SMOTE: a row near one codebook vector of its class, carried to another codebook
    vector, where a pair of codebook vectors repeats the offset of another pair.

    For each class to over-sample, separately (its own rows only):

    1. **Codebook.** k-means (scikit-learn's ``KMeans``, k-means++ with one initialisation,
       seeded from ``random_state``) with ``min(n_clusters, n_rows)`` clusters; the codebook
       ``c_1..c_m`` is the centres of the clusters that hold rows (duplicate rows can leave
       fewer, as can a class with fewer rows than ``n_clusters``).
    2. For each new row, a pair ``(a, b)`` of distinct codebook vectors, uniformly at random.
    3. The pair ``(i, j)``, ``i != j``, both disjoint from ``{a, b}``, whose offset
       ``c_i - c_j`` is nearest (Euclidean) to ``c_a - c_b``; ties go to the first in the
       order ``(i, j)`` = (0, 1), (0, 2), ..., (1, 0), ... .
    4. ``s``, one of ``i`` and ``j`` at random; the *base row* ``x``, one of the
       ``k_neighbors`` rows of the class nearest to ``c_s`` (fewer if the class has fewer),
       at random.
    5. The new row is ``x + (c_a - c_s)``: the base row, taken from near ``c_s``, keeps its
       position relative to ``c_s`` around ``c_a``.

    Integer columns are rounded (``integer_columns``). Values beyond a third of float64's
    largest are computed on a quarter of the values, so nothing overflows; an out-of-range
    result is clipped to the dtype's largest value. k-means and the searches run on the
    class's rows scaled by a power of two (exact), so huge or tiny values cluster as well
    as ordinary ones.

    Sparse ``X``: a class of at most 2**22 values is clustered dense (the arithmetic of a
    dense ``X``, so sparse input gives the dense input's rows, and BLAS distances are
    faster than sparse products at that size); a larger one is clustered sparse, by
    scikit-learn's sparse k-means, whose sums may differ from the dense ones in the last
    bits. The new rows are built a block at a time, ``X`` itself never densified; a row
    moved by a dense offset is as dense as the offset.

    A codebook of fewer than 4 vectors (a class of fewer than 4 distinct rows, or
    ``n_clusters < 4``) has no two disjoint pairs: the class's new rows are then copies of its
    rows, each drawn among the ``k_neighbors`` rows nearest a random codebook vector ``c_a``
    (``s = a``, offset 0), and a :class:`~smotekit.SmotekitWarning` says so.

    **Beside the paper.** Nakamura et al. learn codebooks by learning vector quantization
    and generate rows "by referring to actual samples taken from real-world datasets": the
    codebook patterns of other data sets, matched to those of the data at hand, bring their
    samples over. A sampler given one data set has no other data set to draw on; this is
    smote-variants' approximation (its own note says so), where the patterns are pairs of
    codebook vectors of the class itself, found by k-means instead of LVQ.

    **Beside smote-variants 1.0.1** (``LVQ_SMOTE``): the same steps, vectorised. Its search
    also admits ``i == j`` (a zero offset), which wins whenever ``c_a`` and ``c_b`` are nearer
    to each other than any other pair's offset is to theirs (0-5% of the draws on Pima,
    Phoneme and Satimage, raw or standardised), and then always takes the lowest free
    index; here only pairs of two vectors count, as the method's pairs are, so a class
    needs 4 codebook vectors, not 3. Its k-means runs with as many clusters as asked even
    when the class has fewer distinct rows, leaving repeated codebook vectors; here the
    codebook is the clusters that hold rows. It over-samples the minority class only, and
    adds nothing to a class of fewer than 3 rows; here every class ``sampling_strategy``
    names gets exactly its count (copies, as above, where the method cannot run).

    Ranked among the leading over-samplers of 85 by Kovacs (Applied Soft Computing 83, 2019).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        As in :class:`smotekit.SMOTE`: every class it names gets exactly its count.
    random_state : int, Generator, RandomState or None, default=None
        Seeds k-means and every draw.
    k_neighbors : int, default=5
        Rows of the class nearest to a codebook vector that a base row is drawn from.
    n_clusters : int, default=10
        Codebook vectors per class (k-means clusters); fewer when the class has fewer
        (distinct) rows. Below 4 the new rows are copies (see above). The pairs' offsets
        number ``m (m - 1)``: the search among them grows with its square, in time (18,000
        new rows of 20 columns: 0.05 s at 10, 0.6 s at 100, 6 s at 200) and memory (a table
        of ``m (m - 1) x n_features`` values: 3 MB at 200 codebook vectors of 20 columns).
    n_jobs : int, default=None
        Threads for the neighbour searches (k-means runs on one thread, so that its result,
        and the output for a seed, do not depend on the machine).
    integer_columns : {'round', 'float'}, default='round'
        Integer (and bool) columns: rounded to the nearest integer, keeping their dtype;
        ``'float'`` returns them as float64.
    indicator : str, default=None
        Add a last column of that name marking the rows the sampler added.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows added per class.
    codebook_ : dict
        For each over-sampled class, its codebook, float64 of shape ``(m, n_features)``.
    bases_ : ndarray of int
        Input position of each new row's base row (new rows are output rows ``n_samples``
        on, class by class in the order of ``sampling_strategy_``).
    pairs_ : ndarray of int, shape (n_new, 4)
        ``(a, b, i, j)`` of each new row: indices into ``codebook_`` of its class (``b, i,
        j`` are -1 for a copy made for a class with fewer than 4 codebook vectors).
    sources_ : ndarray of int
        ``s`` of each new row: the codebook vector its base row is near.
    offsets_ : ndarray of shape (n_new, n_features)
        ``c_a - c_s`` of each new row, float64, computed when read (as large as the new
        rows): new row = ``X[bases_] + offsets_`` (then rounded in integer columns).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X is a data frame with string column names.

    References
    ----------
    M. Nakamura, Y. Kajiwara, A. Otsuka and H. Kimura, "LVQ-SMOTE - Learning Vector
    Quantization based Synthetic Minority Over-sampling Technique for biomedical data",
    BioData Mining 6, 16, 2013, doi:10.1186/1756-0381-6-16.

    Examples
    --------
    >>> from collections import Counter
    >>> from smotekit.datasets import load_pima
    >>> from smotekit.samplers.lvq_smote import LVQSMOTE
    >>> X, y = load_pima(return_X_y=True)
    >>> sampler = LVQSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(0, 500), (1, 500)]
    >>> sampler.codebook_[1].shape, sampler.pairs_.shape, sampler.offsets_.shape
    ((10, 8), (232, 4), (232, 8))
    >>> a, b, i, j = sampler.pairs_[0]
    >>> bool(sampler.sources_[0] in (i, j) and not {a, b} & {i, j})
    True
    """

    why_all_rows = "it translates rows by codebook offsets, which only the in-memory path writes"

    _parameters: ClassVar[dict[str, params.Rule]] = {
        "k_neighbors": params.integer(1, " (rows nearest a codebook vector, base rows)"),
        # 1 to 3 are taken (scikit-learn's estimator checks set n_clusters=1): copies, warned
        "n_clusters": params.integer(1, " (codebook vectors per class; 4 or more to match pairs)"),
        "integer_columns": params.choice("round", "float"),
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: int = 5,
        n_clusters: int = 10,
        n_jobs: int | None = None,
        integer_columns: str = "round",
        indicator: str | None = None,
    ) -> None:
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_clusters = n_clusters
        self.n_jobs = n_jobs
        self.integer_columns = integer_columns
        self.indicator = indicator

    @property
    def offsets_(self) -> np.ndarray:
        """``c_a - c_s`` of each new row (float64), from ``codebook_``, ``pairs_``, ``sources_``."""
        parts, start = [np.zeros((0, self.n_features_in_))], 0
        for cls, codebook in self.codebook_.items():
            stop = start + self.sampling_strategy_[cls]
            with np.errstate(over="ignore"):  # beyond float64's range: infinite
                parts.append(
                    codebook[self.pairs_[start:stop, 0]] - codebook[self.sources_[start:stop]]
                )
            start = stop
        return np.concatenate(parts)

    def decide(self, features: Features, target: Target, rng: np.random.Generator) -> Outcome:
        X, labels = features.numeric, target.labels
        # built in locals, set at the end: one sampler may run in two threads at once
        codebooks = {}
        bases, pairs, sources, segments = [], [], [], []
        start = 0
        for cls, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            rows = np.flatnonzero(labels == cls)
            Z, scale = _normalised(X[rows])
            codebook = _codebook(Z, min(self.n_clusters, rows.shape[0]), draw_seed(rng))
            m = codebook.shape[0]
            first = rng.integers(0, m, n_new)
            if m < MIN_CODEBOOK:
                _warn_copies(cls, rows.shape[0], m, n_new, self.n_clusters)
                chosen, source = np.full((n_new, 4), -1, dtype=np.intp), first
                chosen[:, 0] = first
            else:
                second = (first + rng.integers(1, m, n_new)) % m
                i, j = _matched_pairs(codebook, first, second, sp.issparse(Z), self.n_jobs)
                source = np.where(rng.random(n_new) < 0.5, i, j)
                chosen = np.column_stack([first, second, i, j]).astype(np.intp)
            near = kneighbors_query(Z, int(self.k_neighbors), points=codebook, n_jobs=self.n_jobs)
            base = rows[near[source, rng.integers(0, near.shape[1], n_new)]]
            codebooks[cls] = codebook / scale  # a power of two: exact
            bases.append(base)
            pairs.append(chosen)
            sources.append(source.astype(np.intp))
            segments.append((start, start + n_new, codebooks[cls]))
            start += n_new
        bases_ = np.concatenate([np.zeros(0, dtype=np.intp), *bases])
        pairs_ = np.concatenate([np.zeros((0, 4), dtype=np.intp), *pairs])
        sources_ = np.concatenate([np.zeros(0, dtype=np.intp), *sources])
        self.codebook_, self.bases_, self.pairs_, self.sources_ = (
            codebooks,
            bases_,
            pairs_,
            sources_,
        )
        write = partial(
            _write_rows, X=X, bases=bases_, first=pairs_[:, 0], source=sources_, segments=segments
        )
        as_float = self.integer_columns == "float"
        new_labels = labels[bases_]
        if sp.issparse(X):
            return Outcome(
                synthetic_labels=new_labels,
                build_sparse=partial(_sparse_rows, write=write, d=X.shape[1], dtype=X.dtype),
                synthetic_base=bases_,
                integers_as_float=as_float,
            )
        integer = features.integer_columns
        round_cols = integer if integer.any() and not as_float else None
        return Outcome(
            synthetic_labels=new_labels,
            fill=partial(_rounded, fill=partial(_dense_rows, write=write), integer=round_cols),
            synthetic_base=bases_,
            integers_as_float=as_float,
        )


def _normalised(rows: Any) -> tuple[Any, float]:
    """The class's rows as float64 (a copy) times the power of two ``scale`` that brings
    their largest magnitude into [0.5, 1): k-means' squared distances can then neither
    overflow near float64's limit nor vanish below its smallest numbers, and the scaling is
    exact, so the codebook divided by ``scale`` is the one of the rows themselves."""
    Z = rows.astype(np.float64) if sp.issparse(rows) else np.array(rows, dtype=np.float64)
    values = Z.data if sp.issparse(Z) else Z
    largest = float(np.abs(values).max(initial=0.0))
    # 2**-1024 (a subnormal power of two) still scales exactly; 2**1024 would overflow
    scale = float(np.ldexp(1.0, min(-int(np.frexp(largest)[1]), 1023))) if largest else 1.0
    values *= scale
    return Z, scale


def _codebook(Z: Any, n_clusters: int, seed: int) -> np.ndarray:
    """Centres of the k-means clusters of ``Z`` that hold rows, distinct, in k-means' order."""
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    if sp.issparse(Z) and Z.shape[0] * Z.shape[1] <= _DENSE_KMEANS_CELLS:
        # a small class clusters dense: the same sums as for a dense X (so sparse input gives
        # the dense input's rows), and BLAS distances are faster than sparse products there
        Z = Z.toarray()
    kmeans = KMeans(n_clusters=n_clusters, n_init=1, random_state=seed)
    with warnings.catch_warnings(), one_openmp_thread():
        # fewer distinct rows than clusters: the repeated centres hold no row, dropped below
        warnings.simplefilter("ignore", ConvergenceWarning)
        kmeans.fit(Z)
    centres = np.asarray(kmeans.cluster_centers_, dtype=np.float64)[np.unique(kmeans.labels_)]
    # a mean lies within its rows' range, but scikit-learn computes on centred data, whose
    # rounding can put a centre an ulp beyond it (beyond float64's limit once scaled back)
    low, high = (
        np.asarray(bound(axis=0).todense() if sp.issparse(Z) else bound(axis=0))
        for bound in (Z.min, Z.max)
    )
    centres = np.clip(centres, low.ravel(), high.ravel())
    # (one row against the earlier ones: np.unique(axis=0) is slow on wide rows)
    repeated = [bool((centres[:q] == centres[q]).all(axis=1).any()) for q in range(len(centres))]
    return centres[~np.array(repeated, dtype=bool)]


def _matched_pairs(
    codebook: np.ndarray, first: np.ndarray, second: np.ndarray, sparse: bool, n_jobs: Any
) -> tuple[np.ndarray, np.ndarray]:
    """For each drawn pair ``(a, b)``, the pair ``(i, j)`` of codebook vectors disjoint from
    it whose offset is nearest to ``c_a - c_b`` (first in row-major order on a tie).

    The offsets of all ordered pairs are rows of one table, in row-major order; each drawn
    pair is a query row of the neighbour engine (exact distances, ties to the smaller row).
    Of the other rows, ``4m - 7`` share a vector with the query: its ``4m - 6`` nearest hold
    a disjoint pair, and the first of them is the answer (so is the first in any shorter
    list of its nearest that holds one).
    """
    m = codebook.shape[0]
    i_of, j_of = np.nonzero(~np.eye(m, dtype=bool))  # row-major (i, j), i != j
    table = sp.csr_matrix(codebook) if sparse else codebook  # wide sparse data: sparse offsets
    offsets = table[i_of] - table[j_of]
    drawn = first * (m - 1) + second - (second > first)  # the row of (a, b)
    queries, back = np.unique(drawn, return_inverse=True)
    a, b = i_of[queries], j_of[queries]
    best = np.empty(queries.shape[0], dtype=np.intp)
    todo = np.arange(queries.shape[0])
    # a short list first (few of the m(m - 1) offsets share a vector with the query); the
    # queries it leaves without a disjoint pair ask again for all 4m - 6 they may need
    for k in (min(_FIRST_LOOK, 4 * m - 6), 4 * m - 6):
        near = kneighbors_query(offsets, k, rows=queries[todo], n_jobs=n_jobs)
        qa, qb = a[todo][:, None], b[todo][:, None]
        free = (i_of[near] != qa) & (i_of[near] != qb) & (j_of[near] != qa) & (j_of[near] != qb)
        found = free.any(axis=1)
        best[todo[found]] = near[found, free[found].argmax(axis=1)]
        todo = todo[~found]
        if not todo.size:
            break
    best = best[back.ravel()]
    return i_of[best], j_of[best]


def _warn_copies(cls: Any, n_rows: int, m: int, n_new: int, n_clusters: int) -> None:
    why = (
        f"n_clusters={n_clusters} asks for fewer"
        if n_clusters < MIN_CODEBOOK
        else f"the class has fewer than {MIN_CODEBOOK} distinct rows"
    )
    warnings.warn(
        f"LVQSMOTE: class {cls!r} ({n_rows} rows) has {m} codebook vector(s) ({why}), but "
        f"matching two disjoint pairs of them takes {MIN_CODEBOOK}: its {n_new} new rows are "
        "copies of its rows (each among the k_neighbors nearest a codebook vector drawn at "
        "random), as RandomOverSampler makes.",
        SmotekitWarning,
        stacklevel=user_stacklevel(),
    )


def _write_rows(
    emit: Any,
    *,
    X: Any,
    bases: np.ndarray,
    first: np.ndarray,
    source: np.ndarray,
    segments: list[tuple[int, int, np.ndarray]],
) -> None:
    """Compute the new rows ``x + (c_a - c_s)`` a block at a time and hand each block, as
    float64, to ``emit(start, stop, rows)``."""
    step = max(1, _BLOCK_CELLS // max(X.shape[1], 1))
    for start, stop, codebook in segments:
        for a in range(start, stop, step):
            b = min(a + step, stop)
            picked = X[bases[a:b]]
            x = np.asarray(picked.toarray() if sp.issparse(picked) else picked, dtype=np.float64)
            emit(a, b, _moved(x, codebook[first[a:b]], codebook[source[a:b]]))


def _moved(x: np.ndarray, to: np.ndarray, frm: np.ndarray) -> np.ndarray:
    """``x + (to - frm)``; rows that overflow are computed on quarters (exact, short of
    subnormal values) and may still exceed float64's range (then clipped by the writer)."""
    with np.errstate(over="ignore", invalid="ignore"):
        moved = x + (to - frm)
        lost = ~np.isfinite(moved).all(axis=1)
        if lost.any():
            moved[lost] = 4.0 * (x[lost] / 4.0 + (to[lost] / 4.0 - frm[lost] / 4.0))
    return moved


def _dense_rows(out: np.ndarray, *, write: Any) -> None:
    big = np.finfo(out.dtype).max if out.dtype.kind == "f" else _F64_MAX

    def emit(a: int, b: int, rows: np.ndarray) -> None:
        out[a:b] = np.clip(rows, -big, big)

    write(emit)


def _sparse_rows(*, write: Any, d: int, dtype: np.dtype) -> sp.csr_matrix:
    big = np.finfo(dtype).max
    blocks = [sp.csr_matrix((0, d), dtype=dtype)]

    def emit(a: int, b: int, rows: np.ndarray) -> None:
        blocks.append(sp.csr_matrix(np.clip(rows, -big, big).astype(dtype)))

    write(emit)
    return sp.vstack(blocks, format="csr")
