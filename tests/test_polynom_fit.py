"""Polynomial-fit SMOTE (Gazzah & Amara 2008): each topology's defining property, checked
row by row against a brute-force re-computation, and the sampler contract.

* star: every new row lies on the segment between a row of its class and the class mean
  (collinearity and ``0 <= t <= 1`` over every row of the class, the mean from numpy);
* bus: on the segment between two consecutive rows of its class (input order);
* mesh: on the segment between two rows of its class;
* polynomial: equal to ``np.polyval(np.polyfit(index, column, degree), position)``.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification

from smotekit import ClassTooSmallError, InvalidParameterError
from smotekit.datasets import load_pima
from smotekit.samplers.polynom_fit import TOPOLOGIES, PolynomFitSMOTE, _distinct, _pairs


def data(seed: int = 0, n: int = 300, classes: int = 2, d: int = 4):
    weights = [0.75] if classes == 2 else [0.6, 0.25]
    return make_classification(
        n_samples=n,
        n_features=d,
        n_informative=3,
        n_redundant=0,
        n_classes=classes,
        n_clusters_per_class=1,
        weights=weights,
        flip_y=0.05,
        random_state=seed,
    )


def new_rows(X_res, y_res, n):
    return np.asarray(X_res, dtype=np.float64)[n:], np.asarray(y_res)[n:]


def on_segment(p, a, b, eps=1e-9):
    """``t`` with ``p = a + t (b - a)`` when ``p`` lies on the segment ``[a, b]`` (else
    ``None``): collinear within ``eps`` of the segment's scale and ``0 <= t <= 1``."""
    direction = b - a
    length2 = float(direction @ direction)
    scale = max(np.abs(a).max(), np.abs(b).max(), 1.0)
    if length2 == 0:
        return 0.0 if np.abs(p - a).max() <= eps * scale else None
    t = float((p - a) @ direction) / length2
    residual = p - a - t * direction
    if np.abs(residual).max() > eps * scale or not (-eps <= t <= 1 + eps):
        return None
    return t


def _parents(sampler):
    """``(base, neighbor, gap)`` of every new row, from ``provenance_``."""
    record = sampler.provenance_
    base, neighbor = np.asarray(record.base), np.asarray(record.neighbor)
    return list(zip(base.tolist(), neighbor.tolist(), record.gaps().tolist(), strict=True))


# ---- the defining properties ----------------------------------------------------------------
@pytest.mark.parametrize("classes", [2, 3])
def test_star_rows_lie_between_a_row_of_their_class_and_its_mean(classes):
    X, y = data(1, classes=classes)
    sampler = PolynomFitSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    new, labels = new_rows(X_res, y_res, len(y))
    assert new.shape[0] == sum(sampler.sampling_strategy_.values()) > 0
    np.testing.assert_array_equal(labels, y[sampler.base_])
    for i, (p, label) in enumerate(zip(new, labels, strict=True)):
        rows = X[y == label]
        mean = rows.mean(axis=0)
        # brute force: some row of the class has p on its segment to the mean ...
        found = [j for j, r in enumerate(rows) if on_segment(p, r, mean) is not None]
        assert found, f"new row {i} is on no segment to its class mean"
        # ... and the recorded base row is one of them, at the recorded gap
        t = on_segment(p, X[sampler.base_[i]], mean)
        assert t is not None and abs(t - sampler.gaps_[i]) < 1e-9
    assert sampler.provenance_ is None and sampler.positions_ is None
    # gaps reach both ends' neighbourhoods: not a fixed split of each segment
    assert sampler.gaps_.min() < 0.05 and sampler.gaps_.max() > 0.95


@pytest.mark.parametrize("classes", [2, 3])
def test_bus_rows_lie_between_consecutive_rows_of_their_class(classes):
    X, y = data(2, classes=classes)
    sampler = PolynomFitSMOTE(topology="bus", random_state=1)
    X_res, y_res = sampler.fit_resample(X, y)
    new, labels = new_rows(X_res, y_res, len(y))
    record = sampler.provenance_.to_frame()
    parents = _parents(sampler)
    assert len(record) == new.shape[0] > 0
    assert record["row"].tolist() == list(range(len(y), len(y_res)))
    for i, (p, label) in enumerate(zip(new, labels, strict=True)):
        rows = np.flatnonzero(y == label)
        chain = itertools.pairwise(rows)
        on = [(a, b) for a, b in chain if on_segment(p, X[a], X[b]) is not None]
        assert on, f"new row {i} is between no two consecutive rows of its class"
        base, neighbor, gap = parents[i]
        assert (base, neighbor) in on  # the recorded parents are consecutive rows
        np.testing.assert_allclose(p, X[base] + gap * (X[neighbor] - X[base]), atol=1e-12)
    assert sampler.base_ is None and sampler.gaps_ is None


def test_mesh_rows_lie_between_two_rows_of_their_class():
    X, y = data(3, classes=3)
    sampler = PolynomFitSMOTE(topology="mesh", random_state=2)
    X_res, y_res = sampler.fit_resample(X, y)
    new, labels = new_rows(X_res, y_res, len(y))
    record = sampler.provenance_.to_frame()
    parents = _parents(sampler)
    for i, (p, label) in enumerate(zip(new, labels, strict=True)):
        rows = np.flatnonzero(y == label)
        base, neighbor, gap = parents[i]
        assert base in rows and neighbor in rows and base < neighbor
        assert on_segment(p, X[base], X[neighbor]) is not None
        np.testing.assert_allclose(p, X[base] + gap * (X[neighbor] - X[base]), atol=1e-12)
    # fewer new rows than pairs: every segment used once at most, and they are spread
    pairs = list(zip(record["base"], record["neighbor"], strict=True))
    assert len(set(pairs)) == len(pairs)
    assert len(set(record["base"]) | set(record["neighbor"])) > 0.5 * (y != 0).sum()


def test_mesh_brute_force_on_a_small_class():
    """Brute force over every pair of a small class: each new row is on one of them."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(26, 3))
    y = np.repeat([0, 1], [20, 6])
    X_res, _ = PolynomFitSMOTE(topology="mesh", random_state=0).fit_resample(X, y)
    rows = np.flatnonzero(y == 1)
    for p in X_res[len(y) :]:
        assert any(on_segment(p, X[a], X[b]) is not None for a in rows for b in rows if a < b)


@pytest.mark.parametrize("degree", [1, 2, 3])
def test_polynomial_rows_are_the_fitted_polynomials_at_their_positions(degree):
    X, y = data(4, classes=3)
    sampler = PolynomFitSMOTE(topology="polynomial", degree=degree, random_state=3)
    X_res, y_res = sampler.fit_resample(X, y)
    new, labels = new_rows(X_res, y_res, len(y))
    positions = sampler.positions_
    assert positions.shape == (new.shape[0],) and sampler.provenance_ is None
    for label in np.unique(labels):
        mine = labels == label
        rows = np.flatnonzero(y == label)
        n = rows.shape[0]
        t = positions[mine]
        assert (t >= 0).all() and (t <= n - 1).all()
        for j in range(X.shape[1]):
            coefficients = np.polyfit(np.arange(n), X[rows, j], degree)
            expected = np.polyval(coefficients, t)
            np.testing.assert_allclose(new[mine, j], expected, rtol=1e-9, atol=1e-9)
        # the base row is the class row at the nearest index
        np.testing.assert_array_equal(sampler.base_[mine], rows[np.floor(t + 0.5).astype(int)])


def test_a_polynomial_of_a_small_class_passes_through_its_rows():
    """A class of n <= degree rows is fitted with degree n - 1: the interpolating curve."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(23, 2))
    y = np.repeat([0, 1], [20, 3])
    sampler = PolynomFitSMOTE(topology="polynomial", degree=5, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    rows = np.flatnonzero(y == 1)
    for j in range(2):
        expected = np.polyval(np.polyfit(np.arange(3), X[rows, j], 2), sampler.positions_)
        np.testing.assert_allclose(X_res[len(y) :, j], expected, rtol=1e-9, atol=1e-12)


def test_a_polynomial_of_degree_one_on_two_rows_is_their_segment():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [10.0, -4.0], [12.0, 2.0]])
    y = np.array([0, 0, 0, 1, 1])
    sampler = PolynomFitSMOTE(topology="polynomial", degree=1, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    t = sampler.positions_
    np.testing.assert_allclose(X_res[5:], X[3] + t[:, None] * (X[4] - X[3]), atol=1e-12)


# ---- spreading the rows ---------------------------------------------------------------------
def test_star_and_bus_use_every_segment_within_one_of_the_others():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(47, 3))
    y = np.repeat([0, 1], [40, 7])
    strategy = {1: 7 + 30}  # 30 new rows: star 7 segments, bus 6
    star = PolynomFitSMOTE(sampling_strategy=strategy, random_state=0)
    star.fit_resample(X, y)
    counts = np.bincount(star.base_ - 40, minlength=7)
    assert counts.sum() == 30 and counts.max() - counts.min() <= 1
    bus = PolynomFitSMOTE(topology="bus", sampling_strategy=strategy, random_state=0)
    bus.fit_resample(X, y)
    counts = np.bincount(np.asarray(bus.provenance_.base) - 40, minlength=7)[:6]
    assert counts.sum() == 30 and counts.max() - counts.min() <= 1
    poly = PolynomFitSMOTE(topology="polynomial", sampling_strategy=strategy, random_state=0)
    poly.fit_resample(X, y)
    counts = np.bincount(np.floor(poly.positions_).astype(int), minlength=6)[:6]
    assert counts.sum() == 30 and counts.max() - counts.min() <= 1
    # allocation='random' draws segments with replacement
    loose = PolynomFitSMOTE(sampling_strategy=strategy, allocation="random", random_state=0)
    loose.fit_resample(X, y)
    assert np.bincount(loose.base_ - 40, minlength=7).sum() == 30


def test_mesh_uses_every_pair_within_one_of_the_others_when_there_are_more_rows_than_pairs():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(25, 2))
    y = np.repeat([0, 1], [20, 5])  # 10 pairs
    sampler = PolynomFitSMOTE(topology="mesh", sampling_strategy={1: 5 + 33}, random_state=0)
    sampler.fit_resample(X, y)
    record = sampler.provenance_.to_frame()
    counts = Counter(zip(record["base"], record["neighbor"], strict=True))
    assert len(counts) == 10 and set(counts.values()) == {3, 4}


def test_mesh_draws_pairs_of_a_large_class_without_listing_them():
    n = 10**6  # 5e11 pairs: listing them would need terabytes
    first, second = _pairs(n, 5000, np.random.default_rng(0), even=True)
    assert (first >= 0).all() and (first < second).all() and (second < n).all()
    assert len(set(zip(first.tolist(), second.tolist(), strict=True))) == 5000
    # the pair numbering is a bijection: every pair of a small class exactly once
    i, j = _pairs(7, 21, np.random.default_rng(0), even=True)
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [
        (a, b) for a in range(7) for b in range(a + 1, 7)
    ]
    # large ids: the float square root is corrected to the exact pair
    big = np.array([2**52 + 12345, 2**53 - 1])
    j = np.floor((1.0 + np.sqrt(1.0 + 8.0 * big)) / 2.0).astype(np.int64)
    assert ((j * (j - 1) // 2 <= big + 2 * j) & ((j + 1) * j // 2 > big - 2 * j)).all()


def test_distinct_draws_are_distinct_and_uniform():
    rng = np.random.default_rng(0)
    for population, k in [(10, 3), (10, 8), (10**12, 1000)]:
        drawn = _distinct(population, k, rng)
        assert drawn.shape == (k,) and np.unique(drawn).shape == (k,)
        assert drawn.min() >= 0 and drawn.max() < population
    hits = np.bincount(np.concatenate([_distinct(20, 4, rng) for _ in range(5000)]))
    assert hits.shape == (20,) and np.abs(hits / 5000 - 0.2).max() < 0.03


# ---- the sampler contract -------------------------------------------------------------------
@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_exact_counts_binary_three_classes_and_a_dict(topology):
    X, y = data(0, n=500, classes=3)
    counts = Counter(y.tolist())
    for strategy in ("auto", {1: 300, 2: 250}, "all"):
        sampler = PolynomFitSMOTE(topology=topology, sampling_strategy=strategy, random_state=0)
        _, y_res = sampler.fit_resample(X, y)
        if isinstance(strategy, dict):
            expected = strategy
        else:
            classes = (1, 2) if strategy == "auto" else (0, 1, 2)
            expected = {c: max(counts.values()) for c in classes}
        got = Counter(y_res.tolist())
        assert {c: got[c] for c in expected} == expected
    Xb, yb = data(1)
    _, y_res = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(Xb, yb)
    assert len(set(Counter(y_res.tolist()).values())) == 1


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_a_seed_fixes_the_output(topology):
    X, y = data(6)
    a, _ = PolynomFitSMOTE(topology=topology, random_state=4).fit_resample(X, y)
    b, _ = PolynomFitSMOTE(topology=topology, random_state=4).fit_resample(X, y)
    c, _ = PolynomFitSMOTE(topology=topology, random_state=5).fit_resample(X, y)
    assert a.tobytes() == b.tobytes() and a.tobytes() != c.tobytes()
    generator = PolynomFitSMOTE(topology=topology, random_state=np.random.default_rng(4))
    assert generator.fit_resample(X, y)[0].shape == a.shape


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_float32_stays_float32_on_its_geometry(topology):
    X, y = data(7)
    X32 = X.astype(np.float32)
    sampler = PolynomFitSMOTE(topology=topology, random_state=0)
    X_res, _ = sampler.fit_resample(X32, y)
    assert X_res.dtype == np.float32
    assert X_res[: len(y)].tobytes() == X32.tobytes()
    ref, _ = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(
        X32.astype(np.float64), y
    )
    np.testing.assert_allclose(X_res[len(y) :], ref[len(y) :], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_pandas_in_pandas_out_integers_rounded(topology):
    X, y = load_pima(return_X_y=True)
    sampler = PolynomFitSMOTE(topology=topology, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.dtypes) == list(X.dtypes) and list(X_res.columns) == list(X.columns)
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    assert Counter(y_res.tolist()) == {0: 500, 1: 500}
    as_float, _ = PolynomFitSMOTE(
        topology=topology, random_state=0, integer_columns="float"
    ).fit_resample(X, y)
    assert (as_float.dtypes == np.float64).all()
    # rounding is the only difference
    integer = [c for c in X.columns if X[c].dtype.kind == "i"]
    np.testing.assert_array_equal(
        X_res.iloc[len(X) :][integer].to_numpy(), np.rint(as_float.iloc[len(X) :][integer])
    )


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_sparse_input_gives_the_dense_rows(topology):
    X, y = data(8)
    X = np.where(np.abs(X) < 0.5, 0.0, X)
    dense, _ = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(X, y)
    sparse, _ = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(sp.csr_matrix(X), y)
    assert sp.issparse(sparse) and sparse.format == "csr" and sparse.dtype == X.dtype
    np.testing.assert_allclose(sparse.toarray(), dense, rtol=1e-12, atol=1e-300)


def test_integer_arrays_keep_their_dtype_and_never_wrap():
    """int8 columns at their limits: the polynomial may overshoot; values are clipped to
    the dtype, never wrapped to the other end."""
    rng = np.random.default_rng(0)
    X = rng.choice(np.array([-128, -127, 126, 127], dtype=np.int8), size=(30, 2))
    y = np.repeat([0, 1], [20, 10])
    for topology in TOPOLOGIES:
        sampler = PolynomFitSMOTE(topology=topology, degree=3, random_state=0)
        X_res, _ = sampler.fit_resample(X, y)
        assert X_res.dtype == np.int8 and X_res[:30].tobytes() == X.tobytes()
        if topology == "polynomial":
            new = X_res[30:].astype(float)
            curve = np.column_stack(
                [
                    np.polyval(np.polyfit(np.arange(10), X[20:, j].astype(float), 3), t)
                    for j, t in ((0, sampler.positions_), (1, sampler.positions_))
                ]
            )
            np.testing.assert_array_equal(new, np.clip(np.rint(curve), -128, 127))
        sparse, _ = PolynomFitSMOTE(topology=topology, degree=3, random_state=0).fit_resample(
            sp.csr_matrix(X), y
        )
        assert sparse.dtype == np.int8 and (sparse.toarray() == X_res).all()


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_a_class_of_identical_rows_grows_by_copies_of_its_row(topology):
    X, y = data(9)
    X[y == 1] = [1e300, -1e-300, 5e-324, 0.1]
    X_res, _ = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(X, y)
    new = X_res[len(y) :]
    assert new.shape[0] > 0
    np.testing.assert_array_equal(new, np.repeat(X[y == 1][:1], new.shape[0], axis=0))


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_scaling_by_a_power_of_two_scales_the_new_rows_exactly(topology):
    X, y = data(10)
    a, _ = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(X, y)
    for power in (-30, 7):
        b, _ = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(
            np.ldexp(X, power), y
        )
        assert b.tobytes() == np.ldexp(a, power).tobytes()


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_values_near_float64s_limit_stay_finite(topology):
    rng = np.random.default_rng(0)
    X = rng.choice(np.array([-1.0, 1.0, 0.9]), size=(40, 3)) * 1.7976931348623157e308
    y = np.repeat([0, 1], [30, 10])
    X_res, _ = PolynomFitSMOTE(topology=topology, degree=3, random_state=0).fit_resample(X, y)
    assert np.isfinite(X_res).all()
    X32 = (X / 1.7976931348623157e308 * 3.4e38).astype(np.float32)
    X_res32, _ = PolynomFitSMOTE(topology=topology, degree=3, random_state=0).fit_resample(X32, y)
    assert X_res32.dtype == np.float32 and np.isfinite(X_res32).all()


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_sample_weight_follows_the_rows(topology):
    X, y = data(11)
    w = np.arange(1, len(y) + 1, dtype=np.float64)
    sampler = PolynomFitSMOTE(topology=topology, random_state=0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=w)
    np.testing.assert_array_equal(w_res[: len(y)], w)
    new = w_res[len(y) :]
    if sampler.provenance_ is not None:  # between its two parents' weights
        base = np.asarray(sampler.provenance_.base)
        neighbor = np.asarray(sampler.provenance_.neighbor)
        assert (new >= np.minimum(w[base], w[neighbor]) - 1e-9).all()
        assert (new <= np.maximum(w[base], w[neighbor]) + 1e-9).all()
    else:  # its base row's
        np.testing.assert_array_equal(new, w[sampler.base_])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topology": "ring"}, "topology='ring'"),
        ({"topology": "poly_2"}, "topology='poly_2'"),
        ({"degree": 0}, "degree=0 must be an int >= 1"),
        ({"degree": 2.5}, "degree=2.5"),
        ({"allocation": "uniform"}, "allocation='uniform'"),
        ({"integer_columns": "floor"}, "integer_columns='floor'"),
        ({"random_state": -1}, "random_state=-1"),
    ],
)
def test_bad_parameters_are_refused_clearly(params, message):
    X, y = data(0)
    with pytest.raises(InvalidParameterError, match=message):
        PolynomFitSMOTE(**params).fit_resample(X, y)


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_a_class_of_one_row_is_refused_with_what_to_do(topology):
    X, y = data(0)
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:1]]
    with pytest.raises(ClassTooSmallError, match=r"Class 1 has 1 row\(s\).*RandomOverSampler"):
        PolynomFitSMOTE(topology=topology).fit_resample(X[keep], y[keep])
    # two rows suffice, and a class left out by a dict is never checked
    keep2 = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:2]]
    _, y_res = PolynomFitSMOTE(topology=topology, random_state=0).fit_resample(X[keep2], y[keep2])
    assert Counter(y_res.tolist())[1] == Counter(y[keep2].tolist())[0]
    _, y_res = PolynomFitSMOTE(topology=topology, sampling_strategy={1: 1}).fit_resample(
        X[keep], y[keep]
    )
    assert len(y_res) == len(keep)


def test_clone_get_params_and_refit():
    sampler = PolynomFitSMOTE(topology="polynomial", degree=3, random_state=0)
    params = clone(sampler).get_params()
    assert params["topology"] == "polynomial" and params["degree"] == 3
    assert set(params) == {
        "sampling_strategy",
        "random_state",
        "topology",
        "degree",
        "allocation",
        "integer_columns",
        "indicator",
    }
    X, y = data(12)
    first, _ = sampler.fit_resample(X, y)
    # a refit on balanced data leaves nothing of the first fit behind
    balanced = np.r_[np.flatnonzero(y == 0)[:50], np.flatnonzero(y == 1)[:50]]
    X_res, _ = sampler.fit_resample(X[balanced], y[balanced])
    assert X_res.tobytes() == X[balanced].tobytes()
    assert sampler.positions_.shape == (0,) and sampler.base_.shape == (0,)
    again, _ = sampler.fit_resample(X, y)
    assert again.tobytes() == first.tobytes()
    bus = PolynomFitSMOTE(topology="bus", random_state=0)
    bus.fit_resample(X[balanced], y[balanced])
    assert len(bus.provenance_) == 0 and bus.positions_ is None


def test_the_indicator_marks_the_new_rows():
    X, y = data(13)
    X_res, _ = PolynomFitSMOTE(indicator="new", random_state=0).fit_resample(X, y)
    assert X_res.shape[1] == X.shape[1] + 1
    assert (X_res[: len(y), -1] == 0).all() and (X_res[len(y) :, -1] == 1).all()
