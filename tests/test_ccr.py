"""CCR: spheres grown on an energy budget, other classes pushed to their surfaces, new rows
drawn inside them; every rule checked against a brute-force re-computation."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import stats
from sklearn.base import clone
from sklearn.datasets import make_classification

import smotekit.neighbors.spheres as ccr_module
from smotekit import InvalidParameterError
from smotekit.neighbors.spheres import sphere_radius
from smotekit.samplers.ccr import CCR, taxicab_ball
from smotekit.samplers.outcome import Moved, Outcome, numeric_rows, restrict


def data(seed: int = 0, n: int = 300, classes: int = 2, d: int = 4):
    weights = [0.8] if classes == 2 else [0.6, 0.25]
    return make_classification(
        n_samples=n,
        n_features=d,
        n_informative=d - 1,
        n_redundant=0,
        n_classes=classes,
        n_clusters_per_class=1,
        weights=weights,
        flip_y=0.05,
        class_sep=0.6,
        random_state=seed,
    )


def l1(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Every L1 distance between the rows of A and of B (small data only)."""
    return np.abs(A[:, None, :] - B[None, :, :]).sum(axis=2)


def brute_radius(distances: np.ndarray, energy: float) -> tuple[float, int]:
    """The authors' loop, one sphere at a time: grow by what is left over (1 + m) until the
    next row, or pass it and pay for the way there. (Their last step, every row passed,
    divides by m; the rule here keeps 1 + m, as the sampler documents.)"""
    d = np.sort(distances)
    r, left, m = 0.0, energy, 0
    while True:
        step = left / (m + 1)
        if m == d.shape[0] or d[m] >= r + step:
            return r + step, m
        left -= (d[m] - r) * (m + 1)
        r = d[m]
        m += 1


def brute_ccr(X, y, plan, budget):
    """Radii (per centre, class by class as the plan), and every row's total translation,
    on the input's values. A row at a centre itself is pushed in a random direction: it is
    counted in ``held`` and its shift is NaN."""
    X = X.astype(np.float64)
    radii, shift, held = [], np.zeros_like(X), Counter()
    for cls, n_new in plan.items():
        if n_new == 0:
            continue
        rows, others = np.flatnonzero(y == cls), np.flatnonzero(y != cls)
        D = l1(X[rows], X[others])
        for i, c in enumerate(rows):
            r, _ = brute_radius(D[i], budget)
            radii.append(r)
            for j in np.flatnonzero(D[i] < r):
                x = others[j]
                held[x] += 1
                if D[i, j] == 0:
                    shift[x] = np.nan
                else:
                    shift[x] += (r - D[i, j]) / D[i, j] * (X[x] - X[c])
    return np.array(radii), shift, held


# ---- the defining rules against brute force -----------------------------------------------
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("energy", "scaling"), [(0.6, 0.0), (1.0, 0.0), (2.5, 0.0), (1.0, 0.5)])
def test_radii_and_moved_rows_equal_a_brute_force_recomputation(seed, energy, scaling):
    X, y = data(seed)
    sampler = CCR(energy=energy, scaling=scaling, random_state=seed)
    X_res, _ = sampler.fit_resample(X, y)
    budget = energy * X.shape[1] ** scaling
    assert sampler.energy_ == pytest.approx(budget)
    radii, shift, held = brute_ccr(X, y, sampler.sampling_strategy_, budget)
    np.testing.assert_allclose(sampler.radii_, radii, rtol=1e-12)
    np.testing.assert_array_equal(sampler.moved_, sorted(held))
    # the moved rows take the sum of their translations, the others are untouched bit for bit
    np.testing.assert_allclose(X_res[: len(y)], X + shift, rtol=1e-12, atol=1e-12)
    still = np.setdiff1d(np.arange(len(y)), sampler.moved_)
    assert X_res[still].tobytes() == X[still].tobytes()
    assert len(held) > 0  # the data reach some rows of the other class


@pytest.mark.parametrize("energy", [0.01, 0.5, 3.0, 40.0])
def test_each_sphere_spends_exactly_its_budget(energy):
    """r + sum_j max(0, r - d_j) = budget, d_j over all rows of the other classes; the rows
    strictly inside are those the loop passed."""
    X, y = data(1, n=200)
    sampler = CCR(energy=energy, random_state=0).fit(X, y)
    sampler.fit_resample(X, y)
    rows, others = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    D = l1(X[rows], X[others])
    r = sampler.radii_
    spent = r + np.maximum(0.0, r[:, None] - D).sum(axis=1)
    np.testing.assert_allclose(spent, energy, rtol=1e-12)
    for i in range(rows.shape[0]):
        assert brute_radius(D[i], energy)[1] == int((D[i] < r[i]).sum())


def test_a_budget_that_outlasts_every_row_keeps_paying_one_plus_m():
    """Every row of the other class inside: r = (budget + sum d) / (n + 1)."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [5.0, 5.0], [-1.0, -1.0]])
    y = np.array([1, 0, 0, 0, 0])
    sampler = CCR(energy=100.0, sampling_strategy={1: 3}, random_state=0)
    sampler.fit_resample(X, y)
    d = np.array([1.0, 2.0, 10.0, 2.0])
    assert sampler.radii_[0] == pytest.approx((100.0 + d.sum()) / 5)


def test_sphere_radius_matches_the_loop_on_ties():
    rng = np.random.default_rng(3)
    for _ in range(300):
        k = int(rng.integers(0, 9))
        d = np.sort(np.round(rng.exponential(size=k), 1))
        energy = float(rng.choice([0.05, 0.5, 2.0, 10.0]))
        r, inside = sphere_radius(d, k, energy)
        expected, passed = brute_radius(d, energy)
        assert r == pytest.approx(expected, rel=1e-12)
        # the counts differ only by rows on the surface (float rounding decides there)
        lo, hi = sorted((int(inside), passed))
        assert np.allclose(d[lo:hi], r, rtol=1e-12)


def test_every_new_row_lies_inside_its_sphere():
    X, y = data(2, classes=3)
    sampler = CCR(energy=1.5, random_state=1)
    X_res, y_res = sampler.fit_resample(X, y)
    centre = np.repeat(sampler.centres_, sampler.counts_)
    radius = np.repeat(sampler.radii_, sampler.counts_)
    new = X_res[len(y) :]
    assert new.shape[0] == sampler.counts_.sum() == sum(sampler.sampling_strategy_.values())
    np.testing.assert_array_equal(y_res[len(y) :], y[centre])
    assert (np.abs(new - X[centre]).sum(axis=1) <= radius * (1 + 1e-12)).all()


def test_counts_follow_the_inverse_radius_exactly():
    X, y = data(3, classes=3)
    sampler = CCR(energy=2.0, random_state=2)
    _, y_res = sampler.fit_resample(X, y)
    classes = y[sampler.centres_]
    for cls, n_new in sampler.sampling_strategy_.items():
        part = classes == cls
        if n_new == 0:
            assert not part.any()
            continue
        counts, r = sampler.counts_[part], sampler.radii_[part]
        assert counts.sum() == n_new
        share = n_new * (1 / r) / (1 / r).sum()
        assert (np.abs(counts - share) < 1).all()
        assert Counter(y_res.tolist())[cls] == Counter(y.tolist())[cls] + n_new
    # smaller spheres never get fewer rows than twice-as-large ones
    small, large = sampler.radii_.argmin(), sampler.radii_.argmax()
    assert sampler.counts_[small] >= sampler.counts_[large]


def test_a_sphere_alone_puts_every_row_it_held_on_its_surface():
    """What cleaning guarantees: each translation puts its row at distance r from that
    sphere's centre; a row held by one sphere only ends there (rows held by several add up
    their translations and may end anywhere)."""
    X, y = data(4, n=400)
    sampler = CCR(energy=2.0, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    rows, others = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    D = l1(X[rows], X[others])
    inside = sampler.radii_[:, None] > D
    alone = inside.sum(axis=0) == 1
    assert alone.sum() > 5
    for j in np.flatnonzero(alone):
        i = int(np.flatnonzero(inside[:, j])[0])
        after = np.abs(X_res[others[j]] - X[rows[i]]).sum()
        assert after == pytest.approx(sampler.radii_[i], rel=1e-12)
    # one minority row: no row of the other class is left strictly inside its sphere
    one = np.r_[np.flatnonzero(y == 0), rows[0]]
    s1 = CCR(energy=3.0, random_state=0)
    X1, _ = s1.fit_resample(X[one], y[one])
    away = np.abs(X1[: len(one) - 1] - X[rows[0]]).sum(axis=1)
    assert s1.moved_.size > 0
    assert (away >= s1.radii_[0] * (1 - 1e-12)).all()


def test_a_row_at_the_centre_is_pushed_to_the_surface_in_some_direction():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [3.0, 3.0], [-3.0, 4.0], [9.0, 9.0]])
    y = np.array([1, 0, 0, 0, 0])
    sampler = CCR(energy=1.0, sampling_strategy={1: 2}, random_state=5)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.radii_[0] == pytest.approx(0.5)  # a duplicate inside from the start
    np.testing.assert_array_equal(sampler.moved_, [1])
    assert np.abs(X_res[1]).sum() == pytest.approx(0.5)
    assert np.isfinite(X_res).all()


def test_classes_of_several_each_grow_against_the_rest_and_translations_add_up():
    X, y = data(5, classes=3)
    sampler = CCR(energy=1.5, random_state=3)
    X_res, y_res = sampler.fit_resample(X, y)
    counts = Counter(y.tolist())
    top = max(counts.values())
    assert Counter(y_res.tolist()) == dict.fromkeys(counts, top)
    radii, shift, held = brute_ccr(X, y, sampler.sampling_strategy_, 1.5)
    np.testing.assert_allclose(sampler.radii_, radii, rtol=1e-12)
    np.testing.assert_array_equal(sampler.moved_, sorted(held))
    np.testing.assert_allclose(X_res[: len(y)], X + shift, rtol=1e-12, atol=1e-12)
    # rows of a class that is over-sampled too are pushed by the others' spheres
    assert len({y[j] for j in held}) >= 2


def test_exact_counts_for_a_dict_and_a_ratio():
    X, y = data(6, classes=3)
    before = Counter(y.tolist())
    for extra in ({1: 40, 2: 7}, {0: 5}):
        wanted = {c: before[c] + n for c, n in extra.items()}  # rows after, as imbalanced-learn
        sampler = CCR(sampling_strategy=wanted, random_state=0)
        _, y_res = sampler.fit_resample(X, y)
        assert sampler.sampling_strategy_ == extra
        assert Counter(y_res.tolist()) == {c: n + extra.get(c, 0) for c, n in before.items()}
    X2, y2 = data(7)
    sampler = CCR(sampling_strategy=0.5, random_state=0)
    _, y_res = sampler.fit_resample(X2, y2)
    counts = Counter(y_res.tolist())
    assert counts[1] == int(0.5 * counts[0])


def test_clean_false_only_resamples():
    X, y = data(8)
    kept = CCR(energy=2.0, clean=False, random_state=4)
    X_k, _ = kept.fit_resample(X, y)
    moved = CCR(energy=2.0, random_state=4)
    X_m, _ = moved.fit_resample(X, y)
    assert X_k[: len(y)].tobytes() == X.tobytes()
    assert kept.moved_.size == 0 and moved.moved_.size > 0
    np.testing.assert_array_equal(kept.radii_, moved.radii_)
    # no row sits at a centre here, so the cleaning draws nothing: the same new rows
    assert X_k[len(y) :].tobytes() == X_m[len(y) :].tobytes()


def test_new_rows_are_uniform_in_the_l1_ball():
    rng = np.random.default_rng(0)
    for d in (1, 2, 5):
        p = taxicab_ball(20_000, d, rng)
        norm = np.abs(p).sum(axis=1)
        assert (norm <= 1).all()
        # uniform in a ball of dimension d: P(norm <= t) = t ** d
        assert stats.kstest(norm**d, "uniform").pvalue > 1e-3
        # every orthant alike, every coordinate centred
        orthant = (p > 0) @ (1 << np.arange(d))
        assert stats.chisquare(np.bincount(orthant, minlength=2**d)).pvalue > 1e-3
        assert np.abs(p.mean(axis=0)).max() < 0.02


# ---- search: bounded, whatever the block sizes ------------------------------------------------
def test_the_search_grows_k_in_bounded_blocks_with_the_same_answer(monkeypatch):
    X, y = data(9, n=400)
    reference = CCR(energy=25.0, random_state=0)
    X_ref, _ = reference.fit_resample(X, y)
    assert (
        reference.radii_.shape[0]
        and (l1(X[y == 1], X[y == 0]) < reference.radii_[:, None]).sum(axis=1).max()
        > 2 * ccr_module._FIRST_K
    )  # spheres pass more rows than asked first
    monkeypatch.setattr(ccr_module, "_FIRST_K", 1)
    monkeypatch.setattr(ccr_module, "_CELLS", 37)
    small = CCR(energy=25.0, random_state=0)
    X_small, _ = small.fit_resample(X, y)
    np.testing.assert_allclose(small.radii_, reference.radii_, rtol=1e-12)
    np.testing.assert_array_equal(small.moved_, reference.moved_)
    np.testing.assert_allclose(X_small, X_ref, rtol=1e-12, atol=1e-12)
    radii, _, _ = brute_ccr(X, y, reference.sampling_strategy_, 25.0)
    np.testing.assert_allclose(reference.radii_, radii, rtol=1e-12)


@pytest.mark.parametrize("d", [1, 2, 7])
def test_ties_on_a_grid_equal_the_brute_force(d):
    """Integer-valued rows: many equal distances, rows exactly at a radius, projections
    exactly at the bound."""
    rng = np.random.default_rng(d)
    X = rng.integers(-4, 5, size=(240, d)).astype(np.float64)
    y = (rng.random(240) < 0.25).astype(int)
    for energy in (0.5, 1.0, 3.0, 12.0):
        sampler = CCR(energy=energy, random_state=0)
        X_res, _ = sampler.fit_resample(X, y)
        radii, shift, held = brute_ccr(X, y, sampler.sampling_strategy_, energy)
        np.testing.assert_allclose(sampler.radii_, radii, rtol=1e-12)
        np.testing.assert_array_equal(sampler.moved_, sorted(held))
        known = ~np.isnan(shift).any(axis=1)
        np.testing.assert_allclose(X_res[: len(y)][known], (X + shift)[known], atol=1e-12)


def test_values_across_float64s_range_stay_finite():
    big = np.finfo(np.float64).max
    X = np.array(
        [[big, 1.0], [-big, 2.0], [0.9 * big, 3.0], [1e-300, 4.0], [5e-324, 4.5], [0.0, 4.2]]
        + [[-big, 0.0]] * 4
    )
    y = np.array([1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
    for energy in (1.0, 1e300):
        X_res, y_res = CCR(energy=energy, random_state=0).fit_resample(X, y)
        assert np.isfinite(X_res).all() and Counter(y_res.tolist())[1] == 7


# ---- the usual contract -----------------------------------------------------------------------
def test_a_seed_fixes_the_output_whatever_n_jobs():
    X, y = data(10, classes=3)
    a = CCR(random_state=7, n_jobs=1).fit_resample(X, y)[0]
    b = CCR(random_state=7, n_jobs=2).fit_resample(X, y)[0]
    c = CCR(random_state=np.random.default_rng(7)).fit_resample(X, y)[0]
    assert a.tobytes() == b.tobytes() == c.tobytes()
    assert a.tobytes() != CCR(random_state=8).fit_resample(X, y)[0].tobytes()


def test_float32_stays_float32():
    X, y = data(11)
    X32 = X.astype(np.float32)
    sampler = CCR(energy=1.5, random_state=0)
    X_res, _ = sampler.fit_resample(X32, y)
    assert X_res.dtype == np.float32
    radii, shift, _ = brute_ccr(X32, y, sampler.sampling_strategy_, 1.5)
    np.testing.assert_allclose(sampler.radii_, radii, rtol=1e-12)
    np.testing.assert_allclose(X_res[: len(y)], X32 + shift, rtol=1e-6, atol=1e-6)
    centre = np.repeat(sampler.centres_, sampler.counts_)
    radius = np.repeat(sampler.radii_, sampler.counts_)
    away = np.abs(X_res[len(y) :].astype(np.float64) - X32[centre]).sum(axis=1)
    assert (away <= radius + 1e-5).all()


def test_pandas_in_and_out_keeps_labels_of_moved_rows():
    X, y = data(12)
    index = pd.Index([f"row{i}" for i in range(len(y))])
    frame = pd.DataFrame(X, columns=list("abcd"), index=index)
    target = pd.Series(y, index=index, name="y")
    sampler = CCR(energy=2.0, random_state=0)
    X_res, y_res = sampler.fit_resample(frame, target)
    X_np, y_np = CCR(energy=2.0, random_state=0).fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert X_res.index[: len(y)].equals(index) and X_res.index.is_unique
    assert X_res.index.equals(y_res.index) and list(X_res.columns) == list("abcd")
    np.testing.assert_array_equal(X_res.to_numpy(), X_np)
    np.testing.assert_array_equal(y_res.to_numpy(), y_np)
    moved = index[sampler.moved_]
    assert not np.allclose(X_res.loc[moved].to_numpy(), frame.loc[moved].to_numpy())


def test_list_polars_and_arrow_give_the_numpy_rows():
    X, y = data(13)
    X_np, y_np = CCR(energy=2.0, random_state=0).fit_resample(X, y)
    X_list, y_list = CCR(energy=2.0, random_state=0).fit_resample(X.tolist(), y.tolist())
    assert X_list == X_np.tolist() and y_list == y_np.tolist()
    pl = pytest.importorskip("polars")
    X_pl, _ = CCR(energy=2.0, random_state=0).fit_resample(
        pl.DataFrame(X, schema=list("abcd")), pl.Series("y", y)
    )
    assert isinstance(X_pl, pl.DataFrame)
    np.testing.assert_array_equal(X_pl.to_numpy(), X_np)
    pa = pytest.importorskip("pyarrow")
    table = pa.table({c: X[:, j] for j, c in enumerate("abcd")})
    X_pa, _ = CCR(energy=2.0, random_state=0).fit_resample(table, y)
    assert isinstance(X_pa, pa.Table)
    np.testing.assert_array_equal(np.column_stack([c.to_numpy() for c in X_pa.columns]), X_np)


@pytest.mark.parametrize("kind", [sp.csr_matrix, sp.csc_matrix, sp.coo_matrix, sp.csr_array])
def test_sparse_gives_the_dense_rows(kind):
    X, y = data(14)
    X_np, y_np = CCR(energy=2.0, random_state=0).fit_resample(X, y)
    X_sp, y_sp = CCR(energy=2.0, random_state=0).fit_resample(kind(X), y)
    assert type(X_sp) is kind and X_sp.dtype == X.dtype
    np.testing.assert_array_equal(X_sp.toarray(), X_np)
    np.testing.assert_array_equal(y_sp, y_np)


def test_integer_columns_are_rounded_or_come_back_as_floats():
    X, y = data(15)
    Xi = np.round(X * 4).astype(np.int64)
    sampler = CCR(energy=6.0, random_state=0)
    X_res, _ = sampler.fit_resample(Xi, y)
    assert X_res.dtype == np.int64 and sampler.moved_.size
    _, shift, _ = brute_ccr(Xi, y, sampler.sampling_strategy_, 6.0)
    known = ~np.isnan(shift).any(axis=1)  # rows at a centre go a random way
    assert known.sum() > len(y) - 10
    np.testing.assert_array_equal(X_res[: len(y)][known], np.rint(Xi + shift)[known])
    as_float = CCR(energy=6.0, random_state=0, integer_columns="float")
    X_f, _ = as_float.fit_resample(Xi, y)
    assert X_f.dtype == np.float64
    np.testing.assert_allclose(X_f[: len(y)][known], (Xi + shift)[known], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(np.rint(X_f), X_res)


def test_weights_stay_with_their_rows():
    X, y = data(16)
    w = np.arange(1, len(y) + 1) / 3
    sampler = CCR(energy=2.0, random_state=0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=w)
    np.testing.assert_array_equal(w_res[: len(y)], w)
    np.testing.assert_array_equal(w_res[len(y) :], w[np.repeat(sampler.centres_, sampler.counts_)])


def test_indicator_marks_only_the_added_rows():
    X, y = data(17)
    sampler = CCR(energy=2.0, random_state=0, indicator="added")
    X_res, _ = sampler.fit_resample(pd.DataFrame(X, columns=list("abcd")), y)
    assert sampler.moved_.size
    np.testing.assert_array_equal(X_res["added"].to_numpy(), np.arange(len(X_res)) >= len(y))


def test_a_single_row_class_grows_its_sphere():
    X, y = data(18)
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:1]]
    sampler = CCR(random_state=0)
    _, y_res = sampler.fit_resample(X[keep], y[keep])
    assert sampler.counts_.tolist() == [int((y == 0).sum()) - 1]
    assert Counter(y_res.tolist())[1] == int((y == 0).sum())


def test_the_outcome_seam_numeric_rows_and_restrict_see_the_moved_rows():
    from smotekit.door import ingest_features

    X = np.arange(12.0).reshape(4, 3)
    features = ingest_features(X)
    moved = Moved(np.array([1, 3]), np.array([[-1.0, -1.0, -1.0], [-3.0, -3.0, -3.0]]))
    outcome = Outcome(moved=moved)
    rows = numeric_rows(features, outcome)
    np.testing.assert_array_equal(rows[[0, 2]], X[[0, 2]])
    np.testing.assert_array_equal(rows[[1, 3]], moved.values)
    assert X[1, 0] == 3.0  # the input is never written
    narrowed = restrict(outcome, np.array([True, False, True, True]), 4)
    np.testing.assert_array_equal(numeric_rows(features, narrowed), [X[0], X[2], [-3.0] * 3])
    sparse = ingest_features(sp.csr_matrix(X))
    np.testing.assert_array_equal(numeric_rows(sparse, outcome).toarray(), rows)


@pytest.mark.parametrize(
    ("param", "value", "says"),
    [
        ("energy", 0.0, "positive"),
        ("energy", -1.0, "positive"),
        ("energy", np.nan, "positive"),
        ("energy", np.inf, "positive"),
        ("energy", True, "positive"),
        ("energy", "1", "positive"),
        ("scaling", -0.5, ">= 0"),
        ("clean", "yes", "True or False"),
        ("integer_columns", "floor", "choose one of"),
        ("n_jobs", 0, "n_jobs"),
    ],
)
def test_bad_parameters_are_refused_clearly(param, value, says):
    X, y = data(19, n=60)
    with pytest.raises(InvalidParameterError, match=says):
        CCR(**{param: value}).fit_resample(X, y)


def test_a_budget_beyond_float64_is_refused():
    X, y = data(20, n=60)
    with pytest.raises(InvalidParameterError, match="beyond float64"):
        CCR(energy=1e300, scaling=100.0).fit_resample(X, y)


def test_clone_and_get_params():
    sampler = CCR(energy=0.5, scaling=0.5, clean=False, random_state=3)
    params = sampler.get_params()
    assert params["energy"] == 0.5 and params["scaling"] == 0.5 and params["clean"] is False
    twin = clone(sampler)
    assert twin.get_params() == params and not hasattr(twin, "radii_")
    X, y = data(21)
    counts = Counter(y.tolist())
    assert sampler.fit(X, y) is sampler
    assert sampler.sampling_strategy_ == {1: counts[0] - counts[1]}


@pytest.mark.parametrize("dtype", [np.int8, np.float32])
def test_sparse_output_stays_in_the_dtype_like_dense(dtype):
    """Spheres reach past a narrow dtype's range: sparse output is clipped (and rounded) as
    the dense output is, never wrapped or infinite."""
    rng = np.random.default_rng(0)
    if dtype is np.int8:
        X = rng.integers(0, 128, (60, 3)).astype(dtype)
        y, energy = np.array([0] * 45 + [1] * 15), 60.0
    else:
        big = float(np.finfo(np.float32).max)
        X = (rng.uniform(0.9, 1.0, (30, 2)) * big).astype(dtype)
        y, energy = np.array([0] * 20 + [1] * 10), big
    dense = CCR(random_state=0, energy=energy).fit_resample(X, y)[0]
    sparse = CCR(random_state=0, energy=energy).fit_resample(sp.csr_matrix(X), y)[0]
    assert sparse.dtype == dense.dtype == dtype
    np.testing.assert_array_equal(sparse.toarray(), dense)
    assert np.isfinite(dense.astype(float)).all()


def test_tiny_energy_shares_rows_by_inverse_radius_without_overflow():
    """1 / radius of radii near 1e-307 overflows when summed; the shares need only ratios."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    y = np.array([0] * 40 + [1] * 20)
    sampler = CCR(energy=1e-307, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [40, 40]
    ratio = sampler.radii_.min() / sampler.radii_  # 1 / radius, scaled to stay finite
    share = ratio / ratio.sum() * 20
    assert (np.abs(sampler.counts_ - share) <= 1).all()


def test_sparse_input_too_large_to_make_dense_is_refused(monkeypatch):
    import smotekit.samplers.ccr as ccr
    from smotekit.errors import InvalidInputError

    monkeypatch.setattr(ccr, "_DENSE_VALUES", 100)
    X, y = np.random.default_rng(0).normal(size=(60, 2)), np.array([0] * 40 + [1] * 20)
    with pytest.raises(InvalidInputError, match="too large to make dense"):
        CCR().fit_resample(sp.csr_matrix(X), y)


def test_on_phoneme_radii_moved_rows_and_new_rows_by_brute_force(data_dir):
    """Real data (the SMOTE paper's phoneme, first 1,500 rows: duplicates and ties)."""
    import pandas as pd

    frame = pd.read_csv(data_dir / "phoneme.csv").iloc[:1500]
    X, y = frame.drop(columns="label").to_numpy(float), frame["label"].to_numpy()
    sampler = CCR(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    counts = np.bincount(y)
    assert np.bincount(y_res).tolist() == [counts.max()] * 2
    radii, shift, held = brute_ccr(X, y, sampler.sampling_strategy_, 1.0)
    np.testing.assert_allclose(sampler.radii_, radii, rtol=1e-12)
    np.testing.assert_array_equal(sampler.moved_, sorted(held))
    moved = ~np.isnan(shift).any(axis=1)
    np.testing.assert_allclose(X_res[: len(y)][moved], (X + shift)[moved], rtol=1e-12, atol=1e-12)
    # every new row inside the L1 ball of its centre
    base = np.repeat(sampler.centres_, sampler.counts_)
    radius = np.repeat(sampler.radii_, sampler.counts_)
    inside = np.abs(X_res[len(y) :] - X[base]).sum(axis=1) <= radius * (1 + 1e-12)
    assert inside.all()
