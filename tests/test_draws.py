"""Synthetic rows held as draws: any range renders alone, and nothing grows with the output."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smotekit import ADASYN, SMOTE, SMOTENC, BorderlineSMOTE
from smotekit.scale.plan import plan_from_class_rows
from smotekit.synthesis import ClassDraws, DrawnRecipe, GapStream, NeighborDraw


def _data(n_major=300, n_minor=(40, 25), d=3, seed=0):
    rng = np.random.default_rng(seed)
    sizes = (n_major, *n_minor)
    X = rng.normal(size=(sum(sizes), d))
    y = np.repeat(np.arange(len(sizes)), sizes)
    order = rng.permutation(y.shape[0])
    return X[order], y[order]


SAMPLERS = {
    "smote": lambda: SMOTE(random_state=1),
    "box": lambda: SMOTE(random_state=1, gap="box"),
    "random-allocation": lambda: SMOTE(random_state=1, allocation="random"),
    "percentage": lambda: SMOTE(random_state=1, percentage=150),
    "borderline-2": lambda: BorderlineSMOTE(random_state=1, kind="borderline-2"),
    "adasyn": lambda: ADASYN(random_state=1),
}


@pytest.mark.filterwarnings("ignore::smotekit.errors.SmotekitWarning")
@pytest.mark.parametrize("name", list(SAMPLERS))
@given(cuts=st.lists(st.integers(0, 1000), max_size=6))
@settings(max_examples=15, deadline=None)
def test_ranges_rendered_alone_equal_the_whole(name, cuts):
    X, y = _data()
    sampler = SAMPLERS[name]()
    sampler.fit_resample(X, y)  # variants keep per-class state they set while resampling
    features, target = sampler._prepare(X, y)
    drawn = sampler.draw_recipe(features, target, np.random.default_rng(4))
    whole = drawn.materialize()
    n = len(drawn)
    bounds = sorted({0, n, *(c % (n + 1) for c in cuts)})
    pieces = [drawn.rows(a, b) for a, b in itertools.pairwise(bounds)]
    for key in ("labels", "base", "neighbor"):
        joined = np.concatenate([getattr(p, key) for p in pieces])
        np.testing.assert_array_equal(joined, getattr(whole, key))
    np.testing.assert_array_equal(np.concatenate([p.gaps() for p in pieces]), whole.gaps())


def test_the_in_memory_provenance_is_the_materialised_draws():
    X, y = _data(seed=2)
    a, b = SMOTE(random_state=7), SMOTE(random_state=7)
    a.fit_resample(X, y)
    features, target = b._prepare(X, y)
    from smotekit.samplers.base import make_rng

    drawn = b.draw_recipe(features, target, make_rng(7))
    for key in ("labels", "base", "neighbor", "gap"):
        np.testing.assert_array_equal(getattr(drawn, key), getattr(a.provenance_, key))


def test_the_draws_do_not_grow_with_the_number_of_synthetic_rows():
    X, y = _data(n_major=200, n_minor=(50,), seed=3)
    minority = np.flatnonzero(y == 1)
    sizes = {}
    for n_new in (1_000, 100_000):
        plan = plan_from_class_rows(
            SMOTE(random_state=0, sampling_strategy={1: 50 + n_new}),
            X[minority],
            y[minority],
            minority,
            {0: 200, 1: 50},
            250,
        )
        assert plan.n_new == n_new
        sizes[n_new] = plan.recipe.nbytes
    assert sizes[1_000] == sizes[100_000]
    # the class's rows and its counts (8 bytes each) and its 5-neighbour table (int32)
    assert sizes[1_000] == 50 * (8 + 8 + 4 * 5)


def test_every_row_lies_between_its_base_and_neighbour_whatever_the_range():
    X, y = _data(seed=5)
    sampler = SMOTE(random_state=3)
    X_res, _ = sampler.fit_resample(X, y)
    rec = sampler.provenance_
    new = X_res[rec.first_row :]
    expected = X[rec.base] + rec.gap[:, None] * (X[rec.neighbor] - X[rec.base])
    np.testing.assert_allclose(new, expected, rtol=0, atol=1e-12)
    assert np.all(y[rec.neighbor] == y[rec.base])


def test_handmade_draws_mix_explicit_and_streamed_parts():
    rows_a, rows_b = np.array([3, 5, 8]), np.array([0, 1, 2, 4])
    part_a = ClassDraws(
        "a",
        rows_a,
        5,
        np.array([2, 2, 1]),
        None,
        NeighborDraw(np.array([[1, 2], [0, 2], [1, 0]]), GapStream(1, 1)),
        GapStream(2, 1),
    )
    part_b = ClassDraws(
        "b",
        rows_b,
        3,
        None,
        np.array([3, 0, 3]),
        np.array([1, 2, 0]),
        np.array([0.1, 0.2, 0.3]),
    )
    drawn = DrawnRecipe([part_a, part_b], n_features=2, label_dtype=object)
    whole = drawn.materialize()
    assert whole.labels.tolist() == ["a"] * 5 + ["b"] * 3
    assert whole.base.tolist() == [3, 3, 5, 5, 8, 4, 0, 4]
    assert whole.neighbor[5:].tolist() == [1, 2, 0]
    np.testing.assert_array_equal(whole.gap[5:], [0.1, 0.2, 0.3])
    assert set(whole.neighbor[:5]) <= set(rows_a)
    glob = drawn.with_positions(np.arange(100, 110))
    assert glob.base.tolist() == [103, 103, 105, 105, 108, 104, 100, 104]
    assert glob.neighbor[5:].tolist() == [101, 102, 100]
    np.testing.assert_array_equal(glob.rows(4, 6).gap, whole.gap[4:6])
    assert len(drawn.rows(8, 8)) == 0


def test_smote_nc_votes_travel_with_their_rows():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=120), rng.integers(0, 3, 120)])
    y = np.array([0] * 100 + [1] * 20)
    sampler = SMOTENC(categorical_features=[1], random_state=0)
    sampler.fit_resample(X, y)  # sets the per-class state the planning records into
    features, target = sampler._prepare(X, y)
    drawn = sampler.draw_recipe(features, target, np.random.default_rng(0))
    whole = drawn.materialize()
    assert whole.nominal is not None and whole.nominal.shape[0] == len(drawn)
    np.testing.assert_array_equal(drawn.rows(10, 50).nominal, whole.nominal[10:50])
