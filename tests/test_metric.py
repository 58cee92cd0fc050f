"""``metric=``: the SMOTE family's neighbours under other distances, checked by brute force."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import NearestNeighbors

from smotekit import (
    ADASYN,
    SMOTE,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    LeeSMOTE,
    ProWSyn,
    SafeLevelSMOTE,
)
from smotekit.errors import InvalidParameterError
from smotekit.neighbors.metrics import METRICS, fit_metric
from smotekit.scale.plan import OutOfCoreError, rows_needed

FAMILY = [SMOTE, BorderlineSMOTE, ADASYN, SVMSMOTE, SafeLevelSMOTE, LeeSMOTE]


def _data(seed: int = 0, n: int = 300, d: int = 4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.array([1.0, 10.0, 0.1, 3.0])[:d]
    y = (rng.random(n) < 0.2).astype(int)
    X[y == 1] += 0.7
    return X, y


def _brute(X: np.ndarray, metric: str, Xall: np.ndarray | None = None) -> np.ndarray:
    """Pairwise distances of ``X``'s rows by each distance's own formula."""
    ref = X if Xall is None else Xall
    if metric == "heom":
        span = ref.max(axis=0) - ref.min(axis=0)
        return pairwise_distances(X / np.where(span > 0, span, np.inf))
    if metric == "hvdm":
        sd = ref.std(axis=0)
        return pairwise_distances(X / np.where(sd > 0, 4 * sd, np.inf))
    if metric == "cosine":
        return pairwise_distances(X, metric="cosine")
    return pairwise_distances(X, metric=metric)


def _assert_neighbours_nearest(sampler, X, y) -> None:
    """Every synthetic row's neighbour is among the k nearest same-class rows of its base
    row under the sampler's distance (brute force, with a tolerance for ties)."""
    prov = sampler.provenance_
    base, neighbor = np.asarray(prov.base), np.asarray(prov.neighbor)
    k = sampler._k()[0]
    for cls in np.unique(y[base]):
        rows = np.flatnonzero(y == cls)
        D = _brute(X[rows], sampler.metric, X)
        np.fill_diagonal(D, np.inf)
        kth = np.sort(D, axis=1)[:, k - 1]
        where = {r: i for i, r in enumerate(rows)}
        sel = y[base] == cls
        bi = np.array([where[r] for r in base[sel]])
        ni = np.array([where[r] for r in neighbor[sel]])
        assert (D[bi, ni] <= kth[bi] * (1 + 1e-9) + 1e-12).all()


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("cls", FAMILY, ids=lambda c: c.__name__)
def test_family_neighbours_are_nearest_under_the_metric(cls, metric):
    X, y = _data()
    sampler = cls(random_state=0, metric=metric)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [np.sum(y == 0)] * 2
    assert np.array_equal(X_res[: len(X)], X)
    _assert_neighbours_nearest(sampler, X, y)


@pytest.mark.parametrize("metric", ["manhattan", "chebyshev", "cosine", "heom", "hvdm"])
def test_borderline_danger_uses_the_metric(metric):
    X, y = _data(1)
    sampler = BorderlineSMOTE(random_state=0, metric=metric, m_neighbors=8)
    sampler.fit_resample(X, y)
    D = _brute(X, metric)
    np.fill_diagonal(D, np.inf)
    minority = np.flatnonzero(y == 1)
    order = np.argsort(D[minority], axis=1, kind="stable")[:, :8]
    n_other = (y[order] != 1).sum(axis=1)
    danger = minority[(n_other >= 4) & (n_other < 8)]
    assert set(sampler.in_danger_[1]) == set(danger)


def test_metric_changes_the_neighbours():
    X, y = _data(2)
    found = {}
    for metric in METRICS:
        s = SMOTE(random_state=0, metric=metric).fit(X, y)
        s.fit_resample(X, y)
        found[metric] = np.asarray(s.provenance_.neighbor)
    # columns of very different scales: range- and spread-scaled distances pick others
    assert not np.array_equal(found["euclidean"], found["heom"])
    assert not np.array_equal(found["euclidean"], found["cosine"])


def test_euclidean_is_the_default_and_unchanged():
    X, y = _data(3)
    a = SMOTE(random_state=4).fit_resample(X, y)[0]
    b = SMOTE(random_state=4, metric="euclidean").fit_resample(X, y)[0]
    assert np.array_equal(a, b)
    assert SMOTE().get_params()["metric"] == "euclidean"
    assert clone(SMOTE(metric="hvdm")).metric == "hvdm"


@pytest.mark.parametrize("metric", METRICS)
def test_sparse_input_gives_the_dense_rows(metric):
    X, y = _data(4)
    X[np.abs(X) < 0.5] = 0.0
    dense = SMOTE(random_state=0, metric=metric).fit_resample(X, y)[0]
    sparse = SMOTE(random_state=0, metric=metric).fit_resample(sp.csr_matrix(X), y)[0]
    np.testing.assert_allclose(sparse.toarray(), dense, rtol=1e-12, atol=1e-12)


def test_cosine_map_matches_cosine_distance_including_zero_rows():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 3))
    X[7] = 0.0
    X[11] *= 1e300  # large magnitudes are scaled exactly before squaring
    mapped = fit_metric("cosine", X).map(X)
    squared = pairwise_distances(mapped) ** 2
    same_direction = X.copy()
    same_direction[11] /= 1e300  # scikit-learn's norms overflow there
    expected = 2.0 * pairwise_distances(same_direction, metric="cosine")
    expected[7, 7] = 0.0  # both zero: the same point (scikit-learn says 1 - 0)
    np.testing.assert_allclose(squared, expected, atol=1e-9)


def test_heom_and_hvdm_scale_each_column():
    X = np.array([[0.0, 10.0, 5.0], [2.0, 30.0, 5.0], [1.0, 20.0, 5.0]])
    heom = fit_metric("heom", X)
    np.testing.assert_allclose(heom.scale, [0.5, 0.05, 0.0])  # constant column: ignored
    hvdm = fit_metric("hvdm", X)
    np.testing.assert_allclose(hvdm.scale[:2], 1.0 / (4.0 * X[:, :2].std(axis=0)))
    huge = np.array([[-1e308, 1.0], [1e308, 2.0]])
    assert np.isfinite(fit_metric("heom", huge).scale).all()
    assert fit_metric("heom", huge).scale[0] == pytest.approx(0.5e-308)


def _mixed(seed: int = 0, n: int = 240):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.25).astype(int)
    frame = pd.DataFrame(
        {
            "a": rng.normal(size=n) * 50 + 5 * y,
            "b": rng.normal(size=n) + y,
            "colour": rng.choice(["red", "green", "blue"], size=n),
            "size": np.where(rng.random(n) < 0.6 + 0.3 * y, "big", "small"),
        }
    )
    return frame, y


def _brute_mixed(frame: pd.DataFrame, y: np.ndarray, metric: str) -> np.ndarray:
    num = frame[["a", "b"]].to_numpy(float)
    if metric == "heom":
        num = num / (num.max(axis=0) - num.min(axis=0))
    else:
        num = num / (4 * num.std(axis=0))
    D2 = pairwise_distances(num) ** 2
    for col in ["colour", "size"]:
        v = frame[col].to_numpy()
        if metric == "heom":
            D2 += v[:, None] != v[None, :]
        else:
            p = {val: np.array([np.mean(y[v == val] == c) for c in (0, 1)]) for val in set(v)}
            P = np.array([p[val] for val in v])
            D2 += pairwise_distances(P) ** 2
    return np.sqrt(D2)


@pytest.mark.parametrize("metric", ["heom", "hvdm"])
def test_smote_nc_heom_hvdm_neighbours_by_brute_force(metric):
    frame, y = _mixed()
    sampler = SMOTENC(random_state=0, metric=metric)
    X_res, y_res = sampler.fit_resample(frame, y)
    assert X_res.dtypes.equals(frame.dtypes) and list(np.bincount(y_res)) == [sum(y == 0)] * 2
    D = _brute_mixed(frame, y, metric)
    prov = sampler.provenance_
    base, neighbor = np.asarray(prov.base), np.asarray(prov.neighbor)
    rows = np.flatnonzero(y == 1)
    sub = D[np.ix_(rows, rows)]
    np.fill_diagonal(sub, np.inf)
    kth = np.sort(sub, axis=1)[:, 4]
    where = {r: i for i, r in enumerate(rows)}
    bi = np.array([where[r] for r in base])
    ni = np.array([where[r] for r in neighbor])
    assert (sub[bi, ni] <= kth[bi] * (1 + 1e-9)).all()
    assert sampler.metric_space_.name == metric


def test_smote_nc_metric_choices():
    frame, y = _mixed()
    with pytest.raises(InvalidParameterError, match="smote-nc"):
        SMOTENC(metric="cosine").fit_resample(frame, y)
    default = SMOTENC(random_state=0).fit_resample(frame, y)[0]
    same = SMOTENC(random_state=0, metric="smote-nc").fit_resample(frame, y)[0]
    pd.testing.assert_frame_equal(default, same)


def test_bad_metric_and_two_distances_are_refused():
    X, y = _data()
    with pytest.raises(InvalidParameterError, match="metric='minkowski' is not valid"):
        SMOTE(metric="minkowski").fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="both metric='cosine' and a neighbour"):
        SMOTE(metric="cosine", k_neighbors=NearestNeighbors(n_neighbors=6)).fit_resample(X, y)


def test_out_of_core_refuses_other_metrics():
    with pytest.raises(OutOfCoreError, match="in memory only"):
        rows_needed(SMOTE(metric="manhattan"))
    assert rows_needed(SMOTE(metric="euclidean")) == "targeted rows"


def test_tree_metric_search_memory_is_bounded(monkeypatch):
    # scikit-learn's brute-force blocks run under the module's fixed working memory
    import sklearn

    seen = []
    real = NearestNeighbors.kneighbors

    def spy(self, *args, **kwargs):
        seen.append(sklearn.get_config()["working_memory"])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(NearestNeighbors, "kneighbors", spy)
    X, y = _data(6)
    BorderlineSMOTE(random_state=0, metric="manhattan").fit_resample(X, y)
    from smotekit.neighbors.metrics import WORKING_MEMORY_MB

    assert seen and set(seen) == {WORKING_MEMORY_MB}


def test_chebyshev_refuses_large_sparse_input(monkeypatch):
    import smotekit.neighbors.metrics as metrics

    monkeypatch.setattr(metrics, "DENSIFY_VALUES", 10)
    X, y = _data(7)
    with pytest.raises(InvalidParameterError, match="cannot search sparse rows"):
        SMOTE(metric="chebyshev").fit_resample(sp.csr_matrix(X), y)


@pytest.mark.parametrize("metric", METRICS)
def test_prowsyn_levels_use_the_metric(metric):
    X, y = _data(8)
    sampler = ProWSyn(random_state=0, metric=metric, k_neighbors=3, levels=4)
    sampler.fit_resample(X, y)
    D = _brute(X, metric)
    rows, others = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    level = np.full(rows.size, 4)
    left = np.arange(rows.size)
    for i in range(1, 4):
        # each other-class row takes its 3 nearest class rows still without a level
        near = np.argsort(D[np.ix_(others, rows[left])], axis=1, kind="stable")[:, :3]
        taken = np.unique(left[near])
        level[taken] = i
        left = np.setdiff1d(left, taken)
    assert np.array_equal(sampler.proximity_levels_[1], level)


@pytest.mark.parametrize("metric", ["manhattan", "hvdm", "cosine"])
def test_lee_rejects_by_the_metric(metric):
    X, y = _data(9)
    sampler = LeeSMOTE(random_state=0, metric=metric, m_neighbors=4)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res[len(X) :]
    # every kept row's 4 nearest rows (all classes, by the metric) are at most half others
    # unless all its attempts were rejected (then the least dominated was kept)
    if metric == "hvdm":
        sd = X.std(axis=0)
        D = pairwise_distances(new / (4 * sd), X / (4 * sd))
    else:
        D = pairwise_distances(new, X, metric=metric)
    near = np.argsort(D, axis=1, kind="stable")[:, :4]
    share = (y[near] != 1).mean(axis=1)
    gave_up = sampler.rejections_[1] >= sampler.max_attempts
    assert (share[~gave_up] <= 0.5).all()


def test_subnormal_rows_map_to_finite_points():
    X = np.array([[-5e-324, 0.0], [5e-324, 1e-320], [1.0, 2.0]])
    for name in ("cosine", "heom", "hvdm"):
        assert np.isfinite(fit_metric(name, X).map(X)).all()


@pytest.mark.parametrize("metric", ["hvdm", "heom", "manhattan", "cosine"])
@pytest.mark.parametrize("cls", [SMOTE, BorderlineSMOTE], ids=lambda c: c.__name__)
def test_on_pima_neighbours_are_nearest_under_the_metric(cls, metric):
    """Real data (Pima: integer columns on very different scales, zeros standing for
    missing readings, ties)."""
    from smotekit.datasets import load_pima

    X, y = load_pima(return_X_y=True, as_frame=False)
    sampler = cls(random_state=0, metric=metric)
    _, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [500, 500]
    _assert_neighbours_nearest(sampler, X.astype(float), y)
