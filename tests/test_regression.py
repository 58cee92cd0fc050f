"""SMOTER and SMOGN (over-sampling for regression): relevance, bins, rows, amounts."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

from smotekit.errors import InvalidInputError, InvalidParameterError, SmotekitWarning
from smotekit.samplers.regression import (
    SMOGN,
    SMOTER,
    Relevance,
    boxplot_control_points,
    relevance_bins,
)


def skewed(n: int = 400, d: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Features and a right-skewed target with box-plot extremes on the high side."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.exp(X[:, 0] + 0.3 * rng.normal(size=n)) * 10
    return X, y


def two_sided(n: int = 300, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A heavy-tailed target with extremes on both sides."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = rng.standard_t(2, size=n) + X[:, 0]
    return X, y


# ---- relevance -------------------------------------------------------------------------
def test_default_relevance_defining_points():
    X, y = two_sided()
    points = boxplot_control_points(y)
    # brute-force box plot (R's boxplot.stats with fivenum hinges)
    ys = np.sort(y)
    n = ys.shape[0]
    n4 = np.floor((n + 3) / 2) / 2
    pos = np.array([1, n4, (n + 1) / 2, n + 1 - n4, n])
    five = 0.5 * (ys[np.floor(pos).astype(int) - 1] + ys[np.ceil(pos).astype(int) - 1])
    iqr = five[3] - five[1]
    lw = ys[ys >= five[1] - 1.5 * iqr].min()
    uw = ys[ys <= five[3] + 1.5 * iqr].max()
    assert points.tolist() == [[lw, 1.0], [np.median(y), 0.0], [uw, 1.0]]
    sampler = SMOTER(random_state=0).fit(X, y)
    phi = sampler.relevance_function_
    assert phi(np.array([np.median(y)]))[0] == 0.0
    assert phi(np.array([lw, uw])).tolist() == [1.0, 1.0]
    assert phi(np.array([ys[0], ys[-1]])).tolist() == [1.0, 1.0]  # constant beyond
    low = np.linspace(lw, np.median(y), 200)
    high = np.linspace(np.median(y), uw, 200)
    assert np.all(np.diff(phi(low)) <= 0) and np.all(np.diff(phi(high)) >= 0)
    assert np.all((sampler.relevance_ >= 0) & (sampler.relevance_ <= 1))
    np.testing.assert_array_equal(sampler.relevance_, phi(y))


def test_default_relevance_one_sided_has_no_low_relevance():
    y = np.concatenate([np.linspace(0, 10, 50), [40.0, 45.0]])
    points = boxplot_control_points(y)
    assert points[0].tolist() == [0.0, 0.0]  # no low extremes: min gets phi 0
    assert points[-1][1] == 1.0 and points[-1][0] == 10.0


def test_user_control_points_honoured_and_monotone():
    points = [(90.0, 1.0), (10.0, 1.0), (50.0, 0.0), (70.0, 0.2)]
    phi = Relevance(points)
    for value, expected in points:
        assert phi(np.array([value]))[0] == pytest.approx(expected, abs=1e-15)
    grid = np.linspace(50, 90, 500)
    assert np.all(np.diff(phi(grid)) >= -1e-15)
    grid = np.linspace(10, 50, 500)
    assert np.all(np.diff(phi(grid)) <= 1e-15)
    assert phi(np.array([0.0, 100.0])).tolist() == [1.0, 1.0]
    X, y = skewed()
    sampler = SMOTER(relevance=points).fit(X, y)
    np.testing.assert_array_equal(sampler.relevance_, phi(y))


def test_callable_relevance():
    X, y = skewed()
    cut = np.quantile(y, 0.9)
    sampler = SMOTER(relevance=lambda v: (v > cut).astype(float), random_state=0)
    sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.relevance_, (y > cut).astype(float))
    assert sampler.control_points_ is None


# ---- bins --------------------------------------------------------------------------------
def brute_bins(y, phi, t):
    order = sorted(range(len(y)), key=lambda i: (y[i], i))
    bins, current = [], [order[0]]
    for a, b in itertools.pairwise(order):
        if (phi[a] >= t) == (phi[b] >= t):
            current.append(b)
        else:
            bins.append(current)
            current = [b]
    bins.append(current)
    return bins


def test_bins_exactly_as_defined():
    X, y = two_sided()
    for relevance in ("auto", [(-3, 1), (0, 0), (1, 1), (2, 0), (4, 1)]):
        sampler = SMOTER(relevance=relevance, random_state=0).fit(X, y)
        expected = brute_bins(y, sampler.relevance_, 0.5)
        assert [b.tolist() for b in sampler.bins_] == expected
        assert sampler.rare_bins_.tolist() == [sampler.relevance_[b[0]] >= 0.5 for b in expected]
    assert sampler.rare_bins_.sum() >= 2  # several rare bins, low and high
    # ties in y stay in one bin, input order
    y_tied = np.array([3.0, 1.0, 3.0, 2.0])
    bins = relevance_bins(y_tied, np.array([1.0, 0.0, 1.0, 0.0]), 0.5)
    assert [b.tolist() for b in bins] == [[1, 3], [0, 2]]


# ---- SMOTER rows ---------------------------------------------------------------------------
def brute_knn(Xb, i, k):
    d = np.sqrt(((Xb - Xb[i]) ** 2).sum(axis=1))
    d[i] = np.inf
    return set(np.argsort(d, kind="stable")[:k].tolist())


def test_smoter_rows_on_segment_with_weighted_target():
    X, y = two_sided()
    sampler = SMOTER(k_neighbors=4, random_state=3)
    X_res, y_res = sampler.fit_resample(X, y)
    n_kept = sampler.sample_indices_.shape[0]
    new_X, new_y = X_res[n_kept:], y_res[n_kept:]
    assert new_X.shape[0] == sampler.seeds_.shape[0] > 0
    bin_of = np.empty(len(y), dtype=int)
    for i, b in enumerate(sampler.bins_):
        bin_of[b] = i
    for row, target, s, r, g in zip(
        new_X, new_y, sampler.seeds_, sampler.references_, sampler.gaps_, strict=True
    ):
        assert bin_of[s] == bin_of[r] and sampler.rare_bins_[bin_of[s]]
        b = sampler.bins_[bin_of[s]]
        local = {int(v): j for j, v in enumerate(b)}
        k = min(4, b.shape[0] - 1)
        assert local[int(r)] in brute_knn(X[b], local[int(s)], k)
        assert 0 <= g <= 1
        np.testing.assert_allclose(row, X[s] + g * (X[r] - X[s]), rtol=0, atol=1e-12)
        d1 = np.linalg.norm(row - X[s])
        d2 = np.linalg.norm(row - X[r])
        np.testing.assert_allclose(target, (d2 * y[s] + d1 * y[r]) / (d1 + d2), rtol=1e-12)
    np.testing.assert_array_equal(X_res[:n_kept], X[sampler.sample_indices_])
    np.testing.assert_array_equal(y_res[:n_kept], y[sampler.sample_indices_])


def test_duplicate_parents_get_the_mean_target():
    X = np.zeros((30, 2))
    X[:, 0] = np.arange(30)
    X[25:] = 100.0  # five identical rows
    y = np.concatenate([np.linspace(0, 1, 25), [50, 51, 52, 53, 54.0]])
    sampler = SMOTER(relevance=[(1, 0), (50, 1)], random_state=0)
    y_res = sampler.fit_resample(X, y)[1]
    n_kept = sampler.sample_indices_.shape[0]
    expected = (y[sampler.seeds_] + y[sampler.references_]) / 2
    np.testing.assert_allclose(y_res[n_kept:], expected)


# ---- amounts -----------------------------------------------------------------------------
def test_balance_counts_and_only_normal_bins_under_sampled():
    X, y = two_sided()
    sampler = SMOTER(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    sizes = sampler.bin_sizes_
    target = int(np.floor(len(y) / len(sizes) + 0.5))
    expected = [
        max(s, target) if rare else min(s, target)
        for s, rare in zip(sizes, sampler.rare_bins_, strict=True)
    ]
    assert sampler.bin_sizes_resampled_.tolist() == expected
    kept = set(sampler.sample_indices_.tolist())
    for b, rare in zip(sampler.bins_, sampler.rare_bins_, strict=True):
        inside = kept & set(b.tolist())
        if rare:
            assert inside == set(b.tolist())  # rare rows are never removed
        else:
            assert len(inside) == min(b.shape[0], target)
    rare_rows = np.concatenate(
        [b for b, r in zip(sampler.bins_, sampler.rare_bins_, strict=True) if r]
    )
    assert set(sampler.seeds_.tolist()) <= set(rare_rows.tolist())
    assert X_res.shape[0] == sum(expected) == y_res.shape[0]


def test_paper_percentages():
    X, y = two_sided()
    sampler = SMOTER(sampling_strategy={"over": 150, "under": 200}, random_state=0)
    sampler.fit_resample(X, y)
    rare_sizes = sampler.bin_sizes_[sampler.rare_bins_]
    n_new = sum(int(np.floor(s * 1.5 + 0.5)) for s in rare_sizes)
    assert sampler.seeds_.shape[0] == n_new
    n_normal = int(sampler.bin_sizes_[~sampler.rare_bins_].sum())
    kept_normal = sampler.sample_indices_.shape[0] - int(rare_sizes.sum())
    assert kept_normal == min(n_normal, 2 * n_new)
    # each rare row seeds floor(1.5) = 1 or 2 rows
    counts = np.bincount(sampler.seeds_, minlength=len(y))
    rare_rows = np.concatenate(
        [b for b, r in zip(sampler.bins_, sampler.rare_bins_, strict=True) if r]
    )
    assert set(counts[rare_rows].tolist()) <= {1, 2}
    keep_all = SMOTER(sampling_strategy={"over": 100, "under": None}, random_state=0)
    X_res, _ = keep_all.fit_resample(X, y)
    assert X_res.shape[0] == len(y) + int(rare_sizes.sum())


# ---- SMOGN ------------------------------------------------------------------------------
def test_smogn_safe_rows_interpolated_others_gaussian():
    X, y = two_sided(n=400)
    sampler = SMOGN(k_neighbors=5, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    n_kept = sampler.sample_indices_.shape[0]
    new_X, new_y = X_res[n_kept:], y_res[n_kept:]
    assert sampler.noise_.any() and (~sampler.noise_).any()
    bin_of = np.empty(len(y), dtype=int)
    for i, b in enumerate(sampler.bins_):
        bin_of[b] = i
    for j, s in enumerate(sampler.seeds_):
        b = sampler.bins_[bin_of[s]]
        assert sampler.rare_bins_[bin_of[s]]
        Xb = X[b]
        i = int(np.flatnonzero(b == s)[0])
        d_all = np.sqrt(((Xb - Xb[i]) ** 2).sum(axis=1))
        d_all[i] = np.inf
        k = min(5, b.shape[0] - 1)
        max_d = np.median(np.sort(d_all)[:k]) / 2
        if sampler.noise_[j]:
            assert sampler.references_[j] == -1 and np.isnan(sampler.gaps_[j])
        else:
            r, g = sampler.references_[j], sampler.gaps_[j]
            assert np.linalg.norm(X[r] - X[s]) < max_d
            np.testing.assert_allclose(new_X[j], X[s] + g * (X[r] - X[s]), atol=1e-12)
            d1, d2 = np.linalg.norm(new_X[j] - X[s]), np.linalg.norm(new_X[j] - X[r])
            np.testing.assert_allclose(new_y[j], (d2 * y[s] + d1 * y[r]) / (d1 + d2))


def test_smogn_gaussian_rows_mean_and_scale():
    # one big rare bin, neighbours far apart: every new row is Gaussian
    rng = np.random.default_rng(5)
    n_rare = 40
    X = np.vstack([rng.normal(size=(200, 2)), rng.normal(size=(n_rare, 2)) * 5])
    y = np.concatenate([rng.uniform(0, 1, 200), rng.uniform(10, 11, n_rare)])
    sampler = SMOGN(
        relevance=[(1, 0), (10, 1)],
        sampling_strategy={"over": 20000, "under": None},
        k_neighbors=2,
        pert=0.05,
        random_state=0,
    )
    X_res, y_res = sampler.fit_resample(X, y)
    noise = sampler.noise_
    assert noise.mean() > 0.5
    n_kept = sampler.sample_indices_.shape[0]
    rare = sampler.bins_[int(np.flatnonzero(sampler.rare_bins_)[0])]
    sd = np.concatenate([X[rare].std(axis=0), [y[rare].std()]])
    # per seed: max distance and the perturbation min(pert, maxD)
    seeds = sampler.seeds_[noise]
    maxd = {}
    for s in np.unique(seeds):
        d = np.sqrt(((X[rare] - X[s]) ** 2).sum(axis=1))
        d = np.sort(d[rare != s])[:2]
        maxd[s] = np.median(d) / 2
    p = np.array([min(0.05, maxd[s]) for s in seeds])
    shift = np.column_stack([X_res[n_kept:][noise] - X[seeds], y_res[n_kept:][noise] - y[seeds]])
    z = shift / (p[:, None] * sd[None, :])  # standard normal if the scale is right
    assert z.shape[0] > 3000
    assert np.all(np.abs(z.mean(axis=0)) < 0.1)
    assert np.all(np.abs(z.std(axis=0) - 1) < 0.05)
    # only the rare bin gets new rows
    assert set(sampler.seeds_.tolist()) <= set(rare.tolist())


# ---- containers, seeds, n_jobs -------------------------------------------------------------
def test_containers_pandas_list_numpy():
    X, y = skewed(n=200)
    frame = pd.DataFrame(X, columns=["a", "b", "c"], index=np.arange(200) * 3 + 7)
    series = pd.Series(y, index=frame.index, name="target")
    sampler = SMOGN(random_state=0)
    X_res, y_res = sampler.fit_resample(frame, series)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert y_res.name == "target" and list(X_res.columns) == ["a", "b", "c"]
    assert X_res.index.equals(y_res.index)
    kept = frame.index[sampler.sample_indices_]
    assert y_res.index[: len(kept)].equals(kept)
    assert not set(y_res.index[len(kept) :]) & set(frame.index)
    X_np, y_np = SMOGN(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res.to_numpy(), X_np)
    np.testing.assert_array_equal(y_res.to_numpy(), y_np)
    # numpy X with a Series y: y keeps its index, new rows get new labels
    _, y_s = SMOGN(random_state=0).fit_resample(X, series)
    assert y_s.index[: len(kept)].equals(kept) and y_s.shape[0] == y_np.shape[0]
    X_l, y_l = SMOTER(random_state=0).fit_resample(X.tolist(), y.tolist())
    X_n, y_n = SMOTER(random_state=0).fit_resample(X, y)
    assert isinstance(y_l, list) and isinstance(X_l, list)
    np.testing.assert_array_equal(np.asarray(X_l), X_n)
    np.testing.assert_array_equal(np.asarray(y_l), y_n)


def test_reproducible_and_independent_of_n_jobs():
    X, y = two_sided(n=500)
    for cls in (SMOTER, SMOGN):
        a = cls(random_state=7, n_jobs=1).fit_resample(X, y)
        b = cls(random_state=7, n_jobs=2).fit_resample(X, y)
        c = cls(random_state=8, n_jobs=1).fit_resample(X, y)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
        assert not np.array_equal(a[1], c[1])


def test_sample_weight_follows_rows():
    X, y = two_sided()
    w = np.arange(len(y), dtype=float)
    sampler = SMOTER(random_state=0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=w)
    n_kept = sampler.sample_indices_.shape[0]
    np.testing.assert_array_equal(w_res[:n_kept], w[sampler.sample_indices_])
    s, r, g = sampler.seeds_, sampler.references_, sampler.gaps_
    np.testing.assert_allclose(w_res[n_kept:], w[s] + g * (w[r] - w[s]))


# ---- errors and warnings ---------------------------------------------------------------
def test_class_like_target_refused():
    X = np.random.default_rng(0).normal(size=(50, 2))
    with pytest.raises(InvalidInputError, match=r"class labels.*SMOTE"):
        SMOTER().fit_resample(X, np.arange(50) % 3)
    with pytest.raises(InvalidInputError, match="SMOTE"):
        SMOGN().fit_resample(X, np.array(["a", "b"] * 25))


def test_nan_inf_in_y_refused():
    X, y = skewed(n=50)
    for bad in (np.nan, np.inf):
        y_bad = y.copy()
        y_bad[3] = bad
        with pytest.raises(InvalidInputError, match="row 3"):
            SMOTER().fit_resample(X, y_bad)


def test_no_rare_row_warns_and_returns_unchanged():
    X = np.random.default_rng(0).normal(size=(60, 2))
    y = np.linspace(0, 1, 60)  # uniform: no box-plot extremes
    with pytest.warns(SmotekitWarning, match="no rare row"):
        X_res, y_res = SMOGN(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X)
    np.testing.assert_array_equal(y_res, y)


def test_rare_bin_of_one_row_kept_without_new_rows():
    X = np.random.default_rng(0).normal(size=(40, 2))
    y = np.concatenate([np.linspace(0, 1, 39), [100.0]])
    with pytest.warns(SmotekitWarning, match="one row"):
        sampler = SMOTER(relevance=[(1, 0), (100, 1)], random_state=0)
        X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.seeds_.shape[0] == 0
    assert 39 in sampler.sample_indices_.tolist()
    assert X_res.shape[0] == y_res.shape[0] == sampler.sample_indices_.shape[0]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"relevance_threshold": 0}, "relevance_threshold"),
        ({"relevance_threshold": 1.5}, "relevance_threshold"),
        ({"k_neighbors": 0}, "k_neighbors"),
        ({"relevance": "extremes"}, "relevance"),
        ({"relevance": [(1, 0), (1, 1)]}, "same y"),
        ({"relevance": [(1, 0), (2, 1.5)]}, r"\[0, 1\]"),
        ({"sampling_strategy": "auto"}, "balance"),
        ({"sampling_strategy": {"over": -5}}, "over"),
        ({"sampling_strategy": {"over": 100, "under": -1}}, "under"),
        ({"sampling_strategy": {"ovr": 100}}, "over"),
        ({"pert": 0}, "pert"),
        ({"pert": 2.0}, "pert"),
    ],
)
def test_bad_parameters(kwargs, match):
    X, y = skewed(n=60)
    cls = SMOGN if "pert" in kwargs else SMOTER
    with pytest.raises(InvalidParameterError, match=match):
        cls(**kwargs).fit_resample(X, y)


def test_bad_callable_and_shapes():
    X, y = skewed(n=60)
    with pytest.raises(InvalidParameterError, match="callable"):
        SMOTER(relevance=lambda v: v * 10).fit_resample(X, y)
    with pytest.raises(InvalidInputError, match="rows"):
        SMOTER().fit_resample(X, y[:-1])
    with pytest.raises(InvalidInputError, match="1-D"):
        SMOTER().fit_resample(X, y[:, None])


def test_no_warning_on_ordinary_data():
    X, y = two_sided()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X_res, y_res = SMOGN(random_state=0).fit_resample(X, y)
    assert X_res.shape[0] == y_res.shape[0] > 0
