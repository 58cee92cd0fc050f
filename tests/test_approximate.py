"""ApproximateNeighbors: recall against a brute-force reference, exact distances, determinism.

The reference is the exact engine's contract: squared differences summed in float64 column
by column, nearest first, ties by the smaller index.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_blobs

from smotekit import SMOTE
from smotekit.errors import InvalidInputError, InvalidParameterError
from smotekit.neighbors.approximate import ApproximateNeighbors

#: recall@5 the default settings must reach on the clustered data below (they aim at 0.95)
RECALL_FLOOR = 0.93


def sqdist(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Squared distances of paired rows, summed column by column in order (as the kernels)."""
    acc = np.zeros(np.broadcast_shapes(A.shape, B.shape)[:-1])
    for col in range(A.shape[-1]):
        diff = A[..., col] - B[..., col]
        acc += diff * diff
    return acc


def reference(X: np.ndarray, Q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Brute force: every distance from the rows of Q to those of X, lexsorted (dist, index)."""
    dist = sqdist(Q[:, None, :], X[None, :, :])
    index = np.broadcast_to(np.arange(X.shape[0]), dist.shape)
    order = np.lexsort((index, dist), axis=-1)[:, :k]
    return order, np.take_along_axis(dist, order, axis=1)


@pytest.fixture(scope="module")
def blobs() -> np.ndarray:
    X, _ = make_blobs(4000, n_features=8, centers=12, cluster_std=1.5, random_state=0)
    return X


@pytest.fixture(scope="module")
def blobs_truth(blobs) -> np.ndarray:
    """Each blob row's 6 nearest rows (itself first: the blobs have no duplicates)."""
    return reference(blobs, blobs, 6)[0]


def recall_at(found: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(f) & set(t)) for f, t in zip(found.tolist(), truth.tolist(), strict=True))
    return hits / truth.size


def assert_exact_and_sorted(X: np.ndarray, Q: np.ndarray, dist: np.ndarray, ind: np.ndarray):
    assert ind.dtype == np.intp and dist.dtype == np.float64
    assert (ind >= 0).all() and (ind < X.shape[0]).all()
    # distinct rows per query
    srt = np.sort(ind, axis=1)
    assert (srt[:, 1:] != srt[:, :-1]).all()
    # exact float64 distances of the returned rows
    np.testing.assert_array_equal(dist, np.sqrt(sqdist(Q[:, None, :], X[ind])))
    # nearest first, ties by the smaller index
    step = np.diff(dist, axis=1)
    assert (step >= 0).all()
    assert (np.diff(ind, axis=1)[step == 0] > 0).all()


# ---- recall ---------------------------------------------------------------------------
def test_default_recall_on_clustered_data(blobs, blobs_truth):
    X, truth = blobs, blobs_truth
    est = ApproximateNeighbors(6, random_state=0).fit(X)
    assert 1 <= est.n_probe_ < est.n_cells_  # a real approximation, not a full scan
    dist, ind = est.kneighbors(X)
    assert recall_at(ind[:, 1:], truth[:, 1:]) >= RECALL_FLOOR
    assert est.estimated_recall_ >= 0.95
    assert_exact_and_sorted(X, X, dist, ind)
    np.testing.assert_array_equal(ind[:, 0], np.arange(X.shape[0]))  # no duplicates: self
    assert (dist[:, 0] == 0).all()


def test_fixed_probe_recall_grows_with_probes(blobs, blobs_truth):
    X, truth = blobs, blobs_truth
    recalls = []
    for n_probe in (1, 3, 10):
        est = ApproximateNeighbors(6, n_cells=64, n_probe=n_probe, random_state=0).fit(X)
        assert est.n_probe_ == n_probe and est.estimated_recall_ is None
        ind = est.kneighbors(X, return_distance=False)
        recalls.append(recall_at(ind[:, 1:], truth[:, 1:]))
    assert recalls[0] < recalls[1] <= recalls[2]
    assert recalls[2] >= 0.97


def test_probing_every_cell_is_exact(blobs):
    X = blobs[:1500]
    est = ApproximateNeighbors(6, n_cells=20, n_probe=20, random_state=0).fit(X)
    dist, ind = est.kneighbors(X)
    truth, tdist = reference(X, X, 6)
    np.testing.assert_array_equal(ind, truth)
    np.testing.assert_array_equal(dist, np.sqrt(tdist))
    # and for rows that were not fitted
    Q = blobs[1500:1700]
    dist, ind = est.kneighbors(Q, n_neighbors=4)
    truth, tdist = reference(X, Q, 4)
    np.testing.assert_array_equal(ind, truth)
    np.testing.assert_array_equal(dist, np.sqrt(tdist))


def test_new_query_rows_get_exact_distances(blobs):
    X, Q = blobs[:3000], blobs[3000:3300] + 0.1
    est = ApproximateNeighbors(5, random_state=0).fit(X)
    dist, ind = est.kneighbors(Q)
    assert ind.shape == (300, 5)
    assert_exact_and_sorted(X, Q, dist, ind)
    truth, _ = reference(X, Q, 5)
    assert recall_at(ind, truth) >= RECALL_FLOOR


# ---- scikit-learn semantics ---------------------------------------------------------
def test_none_leaves_each_row_out(blobs):
    X = blobs[:2000]
    est = ApproximateNeighbors(5, random_state=0).fit(X)
    dist, ind = est.kneighbors()
    assert ind.shape == (2000, 5)
    assert (ind != np.arange(2000)[:, None]).all()
    assert_exact_and_sorted(X, X, dist, ind)
    # the same search as querying the rows themselves, minus the row itself
    d_all, i_all = est.kneighbors(X, n_neighbors=6)
    np.testing.assert_array_equal(ind, i_all[:, 1:])
    np.testing.assert_array_equal(dist, d_all[:, 1:])
    assert est.kneighbors(return_distance=False).shape == (2000, 5)


def test_duplicates_tie_at_zero():
    rng = np.random.default_rng(3)
    base = rng.integers(0, 4, size=(300, 4)).astype(np.float64)  # many identical rows
    X = np.vstack([base, base[:50]])
    est = ApproximateNeighbors(4, random_state=0).fit(X)
    dist, ind = est.kneighbors(X)
    assert_exact_and_sorted(X, X, dist, ind)
    # the row itself or one of its copies comes first, at distance 0
    assert (dist[:, 0] == 0).all()
    np.testing.assert_array_equal(X[ind[:, 0]], X)
    dist, ind = est.kneighbors()
    assert (ind != np.arange(X.shape[0])[:, None]).all()


def test_float32_and_integer_input(blobs):
    X32 = blobs[:1000].astype(np.float32)
    est = ApproximateNeighbors(4, n_probe=100, random_state=0).fit(X32)
    dist, ind = est.kneighbors(X32)
    X64 = X32.astype(np.float64)
    truth, tdist = reference(X64, X64, 4)
    np.testing.assert_array_equal(ind, truth)
    np.testing.assert_array_equal(dist, np.sqrt(tdist))
    Xi = np.round(blobs[:500] * 10).astype(np.int64)
    ind = ApproximateNeighbors(3, random_state=0).fit(Xi).kneighbors(Xi, return_distance=False)
    assert ind.shape == (500, 3)


def test_far_from_origin_keeps_precision(blobs):
    # float32 products of raw values near 1e6 would lose the small differences; the rows are
    # centred before rounding
    X = blobs[:1500] * 1e-3 + 1e6
    est = ApproximateNeighbors(6, n_cells=10, n_probe=10, random_state=0).fit(X)
    ind = est.kneighbors(X, return_distance=False)
    truth, _ = reference(X, X, 6)
    assert recall_at(ind, truth) >= 0.999


def test_widens_the_probe_when_cells_are_small(blobs):
    X = blobs[:600]
    # ~2 rows per cell and one probed cell: far fewer rows than the 12 neighbours asked
    est = ApproximateNeighbors(12, n_cells=300, n_probe=1, random_state=0).fit(X)
    assert est._counts[est.labels_].max() < 12
    dist, ind = est.kneighbors(X)
    assert ind.shape == (600, 12)
    assert_exact_and_sorted(X, X, dist, ind)
    dist, ind = est.kneighbors(n_neighbors=20)
    assert ind.shape == (600, 20)
    assert_exact_and_sorted(X, X, dist, ind)


def test_single_cell_and_tiny_class():
    X = np.arange(14, dtype=np.float64).reshape(7, 2)
    dist, ind = ApproximateNeighbors(7, random_state=0).fit(X).kneighbors(X)
    truth, tdist = reference(X, X, 7)
    np.testing.assert_array_equal(ind, truth)
    np.testing.assert_array_equal(dist, np.sqrt(tdist))
    one = ApproximateNeighbors(1, n_cells=1).fit(X[:1])
    assert one.kneighbors(X[:1], return_distance=False).tolist() == [[0]]


# ---- determinism and the estimator contract ------------------------------------------
def test_bit_identical_whatever_n_jobs(blobs):
    X = blobs
    results = []
    for n_jobs in (1, 2, -1):
        est = ApproximateNeighbors(6, random_state=7, n_jobs=n_jobs).fit(X)
        results.append((est.n_probe_, est.cluster_centers_, *est.kneighbors(X)))
    for other in results[1:]:
        assert other[0] == results[0][0]
        for a, b in zip(results[0][1:], other[1:], strict=True):
            np.testing.assert_array_equal(a, b)


def test_same_seed_same_result(blobs):
    X = blobs[:2500]
    a = ApproximateNeighbors(6, random_state=3).fit(X)
    b = ApproximateNeighbors(6, random_state=3).fit(X)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    np.testing.assert_array_equal(a.kneighbors(X)[1], b.kneighbors(X)[1])


def test_get_params_set_params_clone():
    est = ApproximateNeighbors(4, n_cells=30, n_probe=5, target_recall=0.9, random_state=1)
    params = est.get_params()
    assert params == {
        "n_neighbors": 4,
        "n_cells": 30,
        "n_probe": 5,
        "target_recall": 0.9,
        "random_state": 1,
        "n_jobs": None,
    }
    copy = clone(est)
    assert copy is not est and copy.get_params() == params
    assert not hasattr(copy, "n_probe_")
    est.set_params(n_probe="auto", n_jobs=2)
    assert est.n_probe == "auto" and est.n_jobs == 2
    # the constructor only stores: invalid values fail at fit, not before
    ApproximateNeighbors(n_cells=-3)


# ---- as SMOTE's neighbour search ---------------------------------------------------------
def test_as_smote_k_neighbors(blobs):
    X = blobs[:3000]
    y = np.r_[np.zeros(2200, dtype=np.int64), np.ones(800, dtype=np.int64)]
    est = ApproximateNeighbors(6, random_state=0)
    sampler = SMOTE(k_neighbors=est, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [2200, 2200]
    np.testing.assert_array_equal(X_res[:3000], X)
    recipe = sampler.provenance_
    synthetic = X_res[recipe.first_row :]
    assert synthetic.shape[0] == 1400
    assert (y[recipe.base] == 1).all() and (y[recipe.neighbor] == 1).all()
    assert (recipe.base != recipe.neighbor).all()
    gaps = recipe.gaps()
    assert ((gaps >= 0) & (gaps <= 1)).all()
    rebuilt = X[recipe.base] + gaps[:, None] * (X[recipe.neighbor] - X[recipe.base])
    np.testing.assert_allclose(synthetic, rebuilt, rtol=0, atol=1e-12)
    # each neighbour is one of the base row's 5 approximate neighbours
    minority = np.flatnonzero(y == 1)
    table = (
        ApproximateNeighbors(6, random_state=0)
        .fit(X[minority])
        .kneighbors(X[minority], return_distance=False)
    )
    local = np.searchsorted(minority, recipe.base)
    near = minority[table[local, 1:]]
    assert (near == recipe.neighbor[:, None]).any(axis=1).all()


# ---- errors ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"n_neighbors": 0}, "n_neighbors=0 must be an int >= 1"),
        ({"n_neighbors": 2.5}, "n_neighbors=2.5 must be an int"),
        ({"n_neighbors": True}, "n_neighbors=True must be an int"),
        ({"n_cells": 0}, "n_cells=0 must be an int >= 1"),
        ({"n_cells": "many"}, "n_cells='many' must be 'auto' or an int"),
        ({"n_probe": 0}, "n_probe=0 must be an int >= 1"),
        ({"n_probe": "all"}, "n_probe='all' must be 'auto' or an int"),
        ({"target_recall": 0.0}, r"target_recall=0.0 must be a float in \(0, 1\]"),
        ({"target_recall": 1.5}, r"target_recall=1.5 must be a float in \(0, 1\]"),
        ({"n_jobs": 0}, "n_jobs=0 must be None"),
    ],
)
def test_bad_parameters(params, match):
    X = np.random.default_rng(0).normal(size=(50, 3))
    with pytest.raises(InvalidParameterError, match=match):
        ApproximateNeighbors(**params).fit(X)


def test_bad_input_and_too_few_rows():
    X = np.random.default_rng(0).normal(size=(10, 3))
    with pytest.raises(InvalidInputError, match=r"n_cells=11 exceeds the 10 rows.*at most 10"):
        ApproximateNeighbors(n_cells=11).fit(X)
    est = ApproximateNeighbors(4, random_state=0).fit(X)
    with pytest.raises(InvalidInputError, match=r"n_neighbors=11 exceeds the 10 fitted rows"):
        est.kneighbors(X, n_neighbors=11)
    with pytest.raises(InvalidInputError, match=r"n_neighbors=10 must be below the 10 fitted"):
        est.kneighbors(n_neighbors=10)
    with pytest.raises(InvalidParameterError, match="n_neighbors=0 must be an int >= 1"):
        est.kneighbors(X, n_neighbors=0)
    with pytest.raises(InvalidInputError, match="fitted on 3; query with rows"):
        est.kneighbors(X[:, :2])
    with pytest.raises(InvalidInputError, match=r"sparse matrix.*toarray"):
        ApproximateNeighbors().fit(sp.csr_matrix(X))
    bad = X.copy()
    bad[2, 1] = np.nan
    with pytest.raises(InvalidInputError, match="NaN or infinite"):
        ApproximateNeighbors().fit(bad)
    with pytest.raises(InvalidInputError, match="2-dimensional"):
        ApproximateNeighbors().fit(X[0])
    with pytest.raises(InvalidInputError, match="no rows"):
        ApproximateNeighbors().fit(X[:0])
    with pytest.raises(InvalidInputError, match="numeric"):
        ApproximateNeighbors().fit(np.array([["a", "b"], ["c", "d"]]))
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        ApproximateNeighbors().kneighbors(X)
