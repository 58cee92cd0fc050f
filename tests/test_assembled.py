"""Assembled-SMOTE (Zhou, Yang, Guo & Hu, IJCNN 2013): the method's properties, row by row.

The border rows, the clusters and the within-cluster neighbours are recomputed here by brute
force (full distance matrices, scipy's minimum spanning tree, scikit-learn's PCA) and compared
with the sampler's, which come from the neighbour engine and its own Prim's tree.
"""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import pdist, squareform
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA
from sklearn.neighbors import NearestNeighbors

from smotekit import InvalidParameterError, SmotekitWarning
from smotekit.samplers.assembled import AssembledSMOTE


def data(seed: int = 1, n: int = 300, weights=(0.85,), n_classes: int = 2):
    return make_classification(
        n_samples=n,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=list(weights),
        flip_y=0.05,
        class_sep=0.8,
        random_state=seed,
    )


def brute_border(X, y, label, k):
    """Input positions (sorted) of the rows of ``label`` with a row of another class among
    their ``k`` nearest rows of any class: itself excluded, ties to the smaller position."""
    rows = np.flatnonzero(y == label)
    found = []
    for chunk in np.array_split(rows, max(1, rows.size // 200)):
        d = np.sqrt(((X[chunk, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
        d[np.arange(chunk.size), chunk] = np.inf
        position = np.broadcast_to(np.arange(len(X)), d.shape)
        nearest = np.lexsort((position, d), axis=-1)[:, :k]
        found.append(chunk[(y[nearest] != label).any(axis=1)])
    return np.concatenate(found)


def paper_clusters(P, pop, thres):
    """The partition of the rows of ``P`` (as sets of row numbers): the minimum spanning
    tree's edges, shortest first, join their two clusters when either has fewer than ``pop``
    rows, or either is one point (no direction), or their first principal components make
    an angle of absolute cosine above ``thres``; otherwise the edge is cut."""
    D = squareform(pdist(P))
    # csgraph takes an absent entry (and, from a dense matrix, any within 1e-8 of 0) for no
    # edge: a sparse matrix keeps short edges, and a duplicate's edge weighs the least float
    D[(D == 0) & ~np.eye(len(P), dtype=bool)] = np.finfo(float).tiny
    tree = minimum_spanning_tree(sp.csr_matrix(D)).tocoo()
    owner = {i: frozenset([i]) for i in range(len(P))}

    def direction(S):
        rows = P[sorted(S)]
        return PCA(n_components=1).fit(rows).components_[0] if np.ptp(rows, axis=0).any() else None

    for e in np.argsort(tree.data, kind="stable"):
        A, B = owner[int(tree.row[e])], owner[int(tree.col[e])]
        assert A != B
        merge = min(len(A), len(B)) < pop
        if not merge:
            u, v = direction(A), direction(B)
            merge = u is None or v is None or abs(u @ v) > thres
        if merge:
            for i in A | B:
                owner[i] = A | B
    return set(owner.values())


def partition(labels):
    """The clusters of ``labels`` as sets of positions."""
    return {frozenset(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)}


def base_counts(sampler, n_rows):
    """Synthetic rows made from each input row, from the provenance."""
    return np.bincount(np.asarray(sampler.provenance_.base), minlength=n_rows)


def assert_even_over(counts, pool, n_new):
    """Every row of ``pool`` is the base of floor or ceil of ``n_new / len(pool)`` new rows,
    no other row of any, and the total is ``n_new``."""
    q = n_new // pool.size
    assert counts.sum() == n_new
    assert set(counts[pool].tolist()) <= {q, q + 1}
    others = np.setdiff1d(np.arange(counts.size), pool)
    assert (counts[others] == 0).all()


def assert_between_near_rows_of_its_cluster(sampler, X, X_res, y, label, k):
    """Every new row of ``label``: on the segment (or box) from its base row to a row of the
    same cluster among the base row's ``k`` nearest rows of that cluster (all the others in a
    cluster of ``k`` rows or fewer)."""
    rows = np.flatnonzero(y == label)
    cluster = np.full(len(X), -1)
    cluster[rows] = sampler.clusters_[label]
    prov = sampler.provenance_
    base, neighbor = np.asarray(prov.base), np.asarray(prov.neighbor)
    mine = y[base] == label
    base, neighbor = base[mine], neighbor[mine]
    assert (cluster[base] >= 0).all()
    assert (cluster[neighbor] == cluster[base]).all()
    assert (neighbor != base).all()
    for b in np.unique(base):
        mates = rows[(cluster[rows] == cluster[b]) & (rows != b)]
        reach = np.sort(np.linalg.norm(X[mates] - X[b], axis=1))[min(k, mates.size) - 1]
        chosen = neighbor[base == b]
        assert (np.linalg.norm(X[chosen] - X[b], axis=1) <= reach).all()
    gaps = prov.gaps()
    gaps = (gaps if gaps.ndim == 2 else gaps[:, None])[mine]
    assert ((gaps >= 0) & (gaps <= 1)).all()
    new = X_res[prov.first_row :][mine]
    expected = X[base] + gaps * (X[neighbor] - X[base])
    np.testing.assert_allclose(new, expected, rtol=1e-12, atol=1e-12)


# ---- the border rows are the base rows --------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_base_rows_are_exactly_the_border_rows_each_used_evenly(seed, k):
    X, y = data(seed)
    sampler = AssembledSMOTE(random_state=seed, k_neighbors=k)
    _, y_res = sampler.fit_resample(X, y)
    n_new = (y == 0).sum() - (y == 1).sum()
    assert (y_res == 1).sum() == (y == 0).sum()
    border = brute_border(X, y, 1, k)
    assert 2 <= border.size < (y == 1).sum()  # some rows on the border, not all
    rows = np.flatnonzero(y == 1)
    np.testing.assert_array_equal(rows[sampler.clusters_[1] >= 0], border)
    counts = base_counts(sampler, len(X))
    assert_even_over(counts, border, n_new)
    # so each cluster gets new rows in proportion to its size (within one per row)
    cluster = sampler.clusters_[1][sampler.clusters_[1] >= 0]
    per_cluster = np.bincount(cluster, weights=counts[border])
    share = n_new * np.bincount(cluster) / border.size
    assert (np.abs(per_cluster - share) <= np.bincount(cluster)).all()


def test_random_allocation_draws_border_rows_only():
    X, y = data(2)
    sampler = AssembledSMOTE(random_state=0, allocation="random")
    _, y_res = sampler.fit_resample(X, y)
    counts = base_counts(sampler, len(X))
    assert counts.sum() == (y == 0).sum() - (y == 1).sum() == (y_res == 1).sum() - (y == 1).sum()
    assert set(np.flatnonzero(counts)) <= set(brute_border(X, y, 1, 5).tolist())


# ---- the clusters -------------------------------------------------------------------------------
CLUSTER_CASES = [(2, 0.3), (3, 0.5), (4, 0.9), (2, 0.0), (2, 1.0), (10_000, 0.3)]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("pop", "thres"), CLUSTER_CASES)
def test_clusters_are_the_spanning_tree_partition_recomputed(seed, pop, thres):
    X, y = data(seed)
    sampler = AssembledSMOTE(random_state=seed, pop=pop, thres=thres)
    sampler.fit_resample(X, y)
    border = brute_border(X, y, 1, 5)
    labels = sampler.clusters_[1][sampler.clusters_[1] >= 0]
    ours = partition(labels)
    assert ours == paper_clusters(X[border], pop, thres)
    # numbered by their first row
    firsts = [np.flatnonzero(labels == c)[0] for c in range(labels.max() + 1)]
    assert firsts == sorted(firsts)
    sizes = np.bincount(labels)
    if pop > border.size:
        assert sizes.tolist() == [border.size]  # every cluster small: all merge
    else:
        assert sizes.min() >= pop  # a smaller cluster would have merged along its edges
    if (pop, thres) == (2, 0.3):
        assert len(ours) > 1  # directions do part clusters on these data


def two_lines(angle_degrees: float):
    """Twenty minority rows on two straight lines (10 each, unit spacing) that meet at an
    angle, a majority row beside each (so every one is on the border), 40 majority rows far
    away. The lines' closest rows are 3.2 apart: that tree edge is the last one taken."""
    t = np.arange(10.0)
    a = np.column_stack([t, np.zeros(10)])
    angle = np.radians(angle_degrees)
    along, normal = (
        np.array([np.cos(angle), np.sin(angle)]),
        np.array([-np.sin(angle), np.cos(angle)]),
    )
    b = np.array([12.0, 1.0]) + t[:, None] * along
    beside = np.vstack([a + np.array([0.0, 0.4]), b + 0.4 * normal])
    far = 100 + np.random.default_rng(0).random((40, 2))
    X = np.vstack([a, b, beside, far])
    return X, np.repeat([1, 0], [20, 60]), along


@pytest.mark.parametrize(
    ("angle", "pop", "thres", "n_clusters"),
    [
        (90, 2, 0.3, 2),  # perpendicular: |cos| = 0, cut
        (45, 2, 0.3, 1),  # |cos| = 0.71 > 0.3: one straight enough piece
        (45, 2, 0.8, 2),  # 0.71 <= 0.8: cut
        (90, 11, 0.3, 1),  # both lines smaller than pop: they always merge
    ],
)
def test_the_straight_pieces_of_an_angled_border(angle, pop, thres, n_clusters):
    X, y, along = two_lines(angle)
    sampler = AssembledSMOTE(random_state=0, pop=pop, thres=thres)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 60, 1: 60}
    expected = [0] * 20 if n_clusters == 1 else [0] * 10 + [1] * 10
    np.testing.assert_array_equal(sampler.clusters_[1], expected)
    if n_clusters == 2:  # every new row on its own cluster's line
        new = X_res[80:]
        base = np.asarray(sampler.provenance_.base)
        on_a = base < 10
        np.testing.assert_allclose(new[on_a, 1], 0.0, atol=1e-12)
        offset = new[~on_a] - np.array([12.0, 1.0])
        np.testing.assert_allclose(offset[:, 0] * along[1] - offset[:, 1] * along[0], 0, atol=1e-9)


# ---- the new rows -------------------------------------------------------------------------------
@pytest.mark.parametrize("gap", ["segment", "box"])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_every_new_row_lies_between_its_base_and_a_near_row_of_its_cluster(gap, k):
    X, y = data(3)
    sampler = AssembledSMOTE(random_state=0, k_neighbors=k, gap=gap)
    X_res, _ = sampler.fit_resample(X, y)
    gaps = sampler.provenance_.gaps()
    assert (gaps.ndim == 2) == (gap == "box")
    assert_between_near_rows_of_its_cluster(sampler, X, X_res, y, 1, k)
    # the neighbour is drawn among them, not always the nearest
    base, neighbor = np.asarray(sampler.provenance_.base), np.asarray(sampler.provenance_.neighbor)
    if k > 1:
        assert len(set(zip(base.tolist(), neighbor.tolist(), strict=True))) > np.unique(base).size


# ---- counts, reproducibility, inputs ----------------------------------------------------------
@pytest.mark.parametrize("strategy", ["auto", {1: 300, 2: 250}])
def test_exact_counts_three_classes(strategy):
    X, y = data(0, n=600, weights=(0.6, 0.25), n_classes=3)
    sampler = AssembledSMOTE(random_state=0, sampling_strategy=strategy)
    X_res, y_res = sampler.fit_resample(X, y)
    before = Counter(y.tolist())
    target = strategy if isinstance(strategy, dict) else {c: before[0] for c in (1, 2)}
    assert Counter(y_res.tolist()) == {0: before[0], **target}
    assert sorted(sampler.clusters_) == [1, 2]
    counts = base_counts(sampler, len(X))
    for label in (1, 2):
        border = brute_border(X, y, label, 5)  # another class: either of the two others
        rows = np.flatnonzero(y == label)
        np.testing.assert_array_equal(rows[sampler.clusters_[label] >= 0], border)
        mine = np.where(y == label, counts, 0)
        assert_even_over(mine, border, target[label] - before[label])
        assert_between_near_rows_of_its_cluster(sampler, X, X_res, y, label, 5)


def test_binary_float_strategy_exact_count():
    X, y = data(3)
    _, y_res = AssembledSMOTE(random_state=0, sampling_strategy=0.5).fit_resample(X, y)
    assert (y_res == 1).sum() == int(0.5 * (y == 0).sum())
    assert (y_res == 0).sum() == (y == 0).sum()


def test_a_neighbour_estimator_gives_the_rows_of_its_k():
    X, y = data(2)
    ours, _ = AssembledSMOTE(random_state=0, k_neighbors=3).fit_resample(X, y)
    nn = NearestNeighbors(n_neighbors=4)
    theirs, _ = AssembledSMOTE(random_state=0, k_neighbors=nn).fit_resample(X, y)
    np.testing.assert_array_equal(theirs, ours)


# ---- fallback and parameters ------------------------------------------------------------------
def test_falls_back_to_smote_with_a_warning_when_no_row_lies_on_the_border():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (80, 2)), rng.normal(50, 1, (20, 2))])  # far apart
    y = np.repeat([0, 1], [80, 20])
    sampler = AssembledSMOTE(random_state=0)
    with pytest.warns(SmotekitWarning, match="fewer than 2 rows lie on the border"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 80, 1: 80}
    assert (sampler.clusters_[1] == -1).all()
    assert_even_over(base_counts(sampler, len(X)), np.arange(80, 100), 60)  # plain SMOTE
    assert np.isfinite(X_res).all()


def test_falls_back_with_one_border_row():
    rng = np.random.default_rng(1)
    line = np.column_stack([50 + np.arange(20.0), np.full(20, 50.0)])  # minority, unit spacing
    X = np.vstack([rng.normal(0, 1, (80, 2)), line])
    X[0] = [49.7, 50.0]  # one majority row beside the line's first row, nearest to it only
    y = np.repeat([0, 1], [80, 20])
    np.testing.assert_array_equal(brute_border(X, y, 1, 1), [80])
    sampler = AssembledSMOTE(random_state=0, k_neighbors=1)
    with pytest.warns(SmotekitWarning, match="fewer than 2 rows lie on the border"):
        _, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == 80
    assert_even_over(base_counts(sampler, len(X)), np.arange(80, 100), 60)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"pop": 1}, r"pop=1 must be an int >= 2 \(smaller clusters always merge"),
        ({"pop": 0}, r"pop=0 must be an int >= 2"),
        ({"pop": 2.5}, r"pop=2\.5 must be an int >= 2"),
        ({"pop": "2"}, r"pop='2' must be an int >= 2"),
        ({"pop": None}, r"pop=None must be an int >= 2"),
        ({"thres": -0.1}, r"thres=-0\.1 must be a number between 0 and 1 \(the absolute cosine"),
        ({"thres": 1.5}, r"thres=1\.5 must be a number between 0 and 1"),
        ({"thres": float("nan")}, r"thres=nan must be a number between 0 and 1"),
        ({"thres": float("inf")}, r"thres=inf must be a number between 0 and 1"),
        ({"thres": "0.3"}, r"thres='0\.3' must be a number between 0 and 1"),
        ({"k_neighbors": 0}, r"k_neighbors"),
        ({"allocation": "weighted"}, r"allocation='weighted' is not known"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(params, match):
    X, y = data(1)
    with pytest.raises(InvalidParameterError, match=match):
        AssembledSMOTE(**params).fit_resample(X, y)


def test_parameter_edges_are_accepted():
    X, y = data(1)
    for params in ({"thres": 0}, {"thres": 1}, {"pop": 2}, {"pop": np.int64(3)}):
        _, y_res = AssembledSMOTE(random_state=0, **params).fit_resample(X, y)
        assert (y_res == 1).sum() == (y == 0).sum()


# ---- real data ----------------------------------------------------------------------------------
def test_on_phoneme_border_clusters_new_rows_and_counts(data_dir):
    import pandas as pd

    frame = pd.read_csv(data_dir / "phoneme.csv")
    X, y = frame.drop(columns="label").to_numpy(dtype=float), frame["label"].to_numpy()
    minority = min(np.unique(y), key=lambda c: (y == c).sum())
    majority_count = max(Counter(y.tolist()).values())
    sampler = AssembledSMOTE(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmotekitWarning)  # the method itself ran, no fallback
        X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {1 - minority: majority_count, minority: majority_count}
    assert np.isfinite(X_res).all()
    border = brute_border(X, y, minority, 5)
    rows = np.flatnonzero(y == minority)
    np.testing.assert_array_equal(rows[sampler.clusters_[minority] >= 0], border)
    assert_even_over(base_counts(sampler, len(X)), border, majority_count - rows.size)
    labels = sampler.clusters_[minority][sampler.clusters_[minority] >= 0]
    # phoneme has duplicate rows and tied distances: the partition is the same here
    assert partition(labels) == paper_clusters(X[border], 2, 0.3)
    assert labels.max() + 1 == 88
    assert_between_near_rows_of_its_cluster(sampler, X, X_res, y, minority, 5)


# ---- off_border='cluster': smote-variants' reading ---------------------------------------------
@pytest.mark.parametrize("seed", [1, 2])
def test_off_border_rows_as_one_more_cluster(seed):
    X, y = data(seed)
    paper = AssembledSMOTE(random_state=seed)
    paper.fit_resample(X, y)
    sampler = AssembledSMOTE(random_state=seed, off_border="cluster")
    X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == (y == 0).sum()
    rows = np.flatnonzero(y == 1)
    border = brute_border(X, y, 1, 5)
    clusters, before = sampler.clusters_[1], paper.clusters_[1]
    off = ~np.isin(rows, border)
    # the border's clusters unchanged, the rest one more cluster, every row a base row
    np.testing.assert_array_equal(clusters[~off], before[~off])
    assert (clusters[off] == before.max() + 1).all()
    counts = base_counts(sampler, len(X))
    assert_even_over(counts, rows, (y == 0).sum() - (y == 1).sum())
    assert_between_near_rows_of_its_cluster(sampler, X, X_res, y, 1, 5)
