"""SMOBD (Cao & Wang, ICIII 2011): the paper's weights row by row, and the sampler contract.

The weights are recomputed here by brute force (scikit-learn's OPTICS for the core distances,
the full distance matrix for the reachabilities and neighbour counts) and compared with the
sampler's, which come from a bounded k-NN search; then each base row's number of synthetic
rows is compared with its share of the weights.
"""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pytest
from sklearn.cluster import OPTICS
from sklearn.datasets import make_classification
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from smotekit import InvalidParameterError, SmotekitWarning
from smotekit.samplers.smobd import COUNT_SPAN, SMOBD
from test_next_variants import SAMPLERS, code_lines


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


def paper_weights(X, *, eta1=0.5, t=1.8, min_samples=5, max_eps=np.inf):
    """The weights of the rows of one class by the formulas, brute force (small data).

    Returns ``(weights, noise)``. The neighbour count stops at ``COUNT_SPAN * min_samples
    + 1``, the documented bound of the sampler's search (it is exact on classes smaller
    than that).
    """
    n = X.shape[0]
    m = min(min_samples, n)
    optics = OPTICS(min_samples=m, max_eps=max_eps).fit(X)
    core = optics.core_distances_  # inf where fewer than m rows (itself included) within eps
    dist = pairwise_distances(X)
    # reachability of p from o: max(cd(o), d(o, p)), for o != p with d(o, p) <= eps and cd(o)
    # defined; the row's own is the smallest of them (undefined, inf, if none)
    reach_from = np.where(
        ~np.eye(n, dtype=bool) & (dist <= max_eps), np.maximum(core[:, None], dist), np.inf
    )
    reach = reach_from.min(axis=0)
    # the order-free reachability is never above the one OPTICS assigned in its order
    assert (reach <= optics.reachability_ + 1e-12).all()
    count = np.minimum((dist <= max_eps).sum(axis=1), COUNT_SPAN * min_samples + 1)

    def mean_defined(v):
        v = v[np.isfinite(v)]
        return v.mean() if v.size else 0.0

    noise = (core > t * mean_defined(core)) & (reach > t * mean_defined(reach))
    defined = np.isfinite(core)
    if not defined.any():
        return np.zeros(n), noise
    filled = np.where(defined, core, 1.1 * core[defined].max())
    weights = eta1 * filled / filled.max() + (1 - eta1) * count / count.max()
    weights[noise] = 0.0
    return weights, noise


def base_counts(sampler, y, label):
    """Synthetic rows made from each row of ``label`` (local order), from the provenance."""
    rows = np.flatnonzero(y == label)
    base = np.asarray(sampler.provenance_.base)
    base = base[y[base] == label]
    return np.bincount(np.searchsorted(rows, base), minlength=rows.size)


def assert_counts_follow_weights(got, weights, n_new):
    expected = n_new * weights / weights.sum()
    assert got.sum() == n_new
    assert (np.abs(got - expected) < 1).all()  # floor or ceil of the share
    assert (got[weights == 0] == 0).all()


def test_smobd_is_one_small_file():
    assert code_lines(SAMPLERS / "smobd.py") <= 80


CASES = [
    {},
    {"max_eps": 1.0},
    {"eta1": 0.2, "t": 1.2, "min_samples": 3, "max_eps": 1.5},
    {"eta1": 1.0, "t": 2.5, "min_samples": 8, "max_eps": 1.6},
    {"eta1": 0.7, "min_samples": 2, "max_eps": 2.0},  # the count stops at 21 rows
    {"eta1": 0.0, "t": 1.0, "min_samples": 2, "max_eps": np.inf},  # every row is core
]


@pytest.mark.parametrize("seed", [1, 3])
@pytest.mark.parametrize("params", CASES)
def test_weights_noise_and_shares_are_the_papers_row_by_row(seed, params):
    X, y = data(seed)
    sampler = SMOBD(random_state=seed, **params)
    _, y_res = sampler.fit_resample(X, y)
    n_new = (y == 0).sum() - (y == 1).sum()
    assert (y_res == 1).sum() == (y == 0).sum()
    weights, noise = paper_weights(X[y == 1], **params)
    assert not noise.all()
    if np.isfinite(params.get("max_eps", np.inf)):  # the filter has something to do
        assert noise.any()
    np.testing.assert_allclose(sampler.density_weights_[1], weights, rtol=1e-12, atol=1e-12)
    assert (sampler.density_weights_[1][noise] == 0).all()
    assert_counts_follow_weights(base_counts(sampler, y, 1), weights, n_new)


def test_random_allocation_draws_no_noise_row():
    X, y = data(1)
    sampler = SMOBD(random_state=0, allocation="random")
    _, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == (y == 0).sum()
    _, noise = paper_weights(X[y == 1])
    got = base_counts(sampler, y, 1)
    assert (got[noise] == 0).all() and got.sum() == (y == 0).sum() - (y == 1).sum()


@pytest.mark.parametrize("strategy", ["auto", {1: 300, 2: 250}])
def test_exact_counts_three_classes(strategy):
    X, y = data(0, n=600, weights=(0.6, 0.25), n_classes=3)
    X = StandardScaler().fit_transform(X)
    sampler = SMOBD(random_state=0, max_eps=1.5, sampling_strategy=strategy)
    _, y_res = sampler.fit_resample(X, y)
    before = Counter(y.tolist())
    target = strategy if isinstance(strategy, dict) else {c: before[0] for c in (1, 2)}
    assert Counter(y_res.tolist()) == {0: before[0], **target}
    assert sorted(sampler.density_weights_) == [1, 2]
    for label in (1, 2):
        weights, _ = paper_weights(X[y == label], max_eps=1.5)
        np.testing.assert_allclose(sampler.density_weights_[label], weights, atol=1e-12)
        got = base_counts(sampler, y, label)
        assert_counts_follow_weights(got, weights, target[label] - before[label])


def test_binary_float_strategy_exact_count():
    X, y = data(3)
    _, y_res = SMOBD(random_state=0, sampling_strategy=0.5).fit_resample(X, y)
    assert (y_res == 1).sum() == int(0.5 * (y == 0).sum())


@pytest.mark.parametrize("gap", ["segment", "box"])
@pytest.mark.parametrize("k", [1, 3, 5])
def test_every_new_row_lies_between_its_base_and_a_near_same_class_row(gap, k):
    X, y = data(3)
    sampler = SMOBD(random_state=0, k_neighbors=k, gap=gap, max_eps=1.5)
    X_res, _ = sampler.fit_resample(X, y)
    rows = np.flatnonzero(y == 1)
    near = NearestNeighbors(n_neighbors=k + 1).fit(X[rows]).kneighbors(return_distance=False)
    allowed = {int(r): set(rows[near[i, :k]].tolist()) for i, r in enumerate(rows)}
    prov = sampler.provenance_
    for b, n in zip(prov.base, prov.neighbor, strict=True):
        assert int(n) in allowed[int(b)]
    gaps = prov.gaps()
    gaps = gaps if gaps.ndim == 2 else gaps[:, None]
    assert gaps.shape[1] == (X.shape[1] if gap == "box" else 1)
    assert ((gaps >= 0) & (gaps <= 1)).all()
    expected = X[prov.base] + gaps * (X[prov.neighbor] - X[prov.base])
    np.testing.assert_allclose(X_res[len(X) :], expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"eta1": 1.5}, r"eta1=1\.5 must be a number between 0 and 1"),
        ({"eta1": -0.1}, r"eta1=-0\.1 must be a number between 0 and 1"),
        ({"eta1": "half"}, r"eta1='half' must be a number between 0 and 1"),
        ({"t": -1.0}, r"t=-1\.0 must be a number >= 0"),
        ({"t": float("nan")}, r"t=nan must be a number >= 0"),
        ({"min_samples": 1}, r"min_samples=1 must be an int >= 2 \(OPTICS's MinPts"),
        ({"min_samples": 2.5}, r"min_samples=2\.5 must be an int >= 2"),
        ({"max_eps": 0.0}, r"max_eps=0\.0 must be a number > 0"),
        ({"max_eps": -1}, r"max_eps=-1 must be a number > 0"),
        ({"max_eps": None}, r"max_eps=None must be a number > 0"),
        ({"max_eps": float("nan")}, r"max_eps=nan must be a number > 0"),
        ({"k_neighbors": 0}, r"k_neighbors"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(params, match):
    X, y = data(1)
    with pytest.raises(InvalidParameterError, match=match):
        SMOBD(**params).fit_resample(X, y)


def test_max_eps_inf_is_accepted():
    X, y = data(1)
    _, y_res = SMOBD(random_state=0, max_eps=np.inf).fit_resample(X, y)
    assert (y_res == 1).sum() == (y == 0).sum()


def test_falls_back_to_smote_with_a_warning_when_every_row_is_noise():
    from smotekit.datasets import load_pima

    # raw Pima: no minority row has 5 rows within distance 1 (its columns run to hundreds)
    X, y = load_pima(return_X_y=True)
    X, y = X.to_numpy(dtype=float), y.to_numpy()
    sampler = SMOBD(random_state=0, max_eps=1.0)
    with pytest.warns(SmotekitWarning, match="every row is noise or weighs 0"):
        X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 500, 1: 500}
    assert (sampler.density_weights_[1] == 1).all()
    got = base_counts(sampler, y, 1)
    assert got.sum() == 232 and set(got.tolist()) == {0, 1}  # SMOTE's even spread: 0 or 1 each
    assert np.isfinite(X_res).all()


# ---- real data ------------------------------------------------------------------------------
def test_on_phoneme_weights_counts_and_values(data_dir):
    import pandas as pd

    frame = pd.read_csv(data_dir / "phoneme.csv")
    X, y = frame.drop(columns="label").to_numpy(dtype=float), frame["label"].to_numpy()
    minority = min(np.unique(y), key=lambda c: (y == c).sum())
    majority_count = max(Counter(y.tolist()).values())
    sampler = SMOBD(random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmotekitWarning)  # the method itself ran, no fallback
        X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == minority).sum() == majority_count
    assert np.isfinite(X_res).all()
    weights, noise = paper_weights(X[y == minority])
    assert noise.any()
    np.testing.assert_allclose(sampler.density_weights_[minority], weights, atol=1e-12)
    n_new = majority_count - (y == minority).sum()
    assert_counts_follow_weights(base_counts(sampler, y, minority), weights, n_new)


def test_on_scaled_pima_weights_counts_and_values():
    from smotekit.datasets import load_pima

    X, y = load_pima(return_X_y=True)
    X, y = StandardScaler().fit_transform(X), y.to_numpy()
    sampler = SMOBD(random_state=0, max_eps=2.0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 500, 1: 500}
    assert np.isfinite(X_res).all()
    weights, noise = paper_weights(X[y == 1], max_eps=2.0)
    assert noise.sum() == 31
    np.testing.assert_allclose(sampler.density_weights_[1], weights, atol=1e-12)
    assert_counts_follow_weights(base_counts(sampler, y, 1), weights, 232)
