"""Finite input, finite output: synthetic values across float64's (and float32's) whole range.

``xb + g * (xn - xb)`` overflows when the parents have opposite signs near the dtype's limit;
the value itself lies between two finite numbers. Every synthetic value must be finite and
between its parents, and the compiled kernels and their numpy twins must agree bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from smotekit import SMOTE
from smotekit.synthesis.kernels import box_kernel, limit_of, segment_kernel
from smotekit.synthesis.render import _segment_numpy

FLOAT64 = st.floats(allow_nan=False, allow_infinity=False, width=64)
FLOAT32 = st.floats(allow_nan=False, allow_infinity=False, width=32)


def check_between(out, X, base, neighbor):
    lo = np.minimum(X[base], X[neighbor])
    hi = np.maximum(X[base], X[neighbor])
    assert np.isfinite(out).all()
    assert (out >= lo).all() and (out <= hi).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_segment_values_finite_and_between_parents(dtype, data):
    elements = FLOAT64 if dtype == np.float64 else FLOAT32
    X = data.draw(hnp.arrays(dtype, (6, 3), elements=elements))
    base = data.draw(hnp.arrays(np.intp, 40, elements=st.integers(0, 5)))
    neighbor = data.draw(hnp.arrays(np.intp, 40, elements=st.integers(0, 5)))
    gap = data.draw(hnp.arrays(np.float64, 40, elements=st.floats(0.0, 1.0)))
    limit = limit_of(dtype)
    a = np.empty((40, 3), dtype=dtype)
    b = np.empty_like(a)
    segment_kernel(a, X, base, neighbor, gap, limit)
    _segment_numpy(b, X, base, neighbor, gap)
    assert a.tobytes() == b.tobytes()
    check_between(a, X, base, neighbor)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_numpy_twin_has_the_kernels_bits_for_extrapolating_gaps(dtype, data):
    """Gaps off [0, 1] (extrapolation) take the kernel's overflow branch, not its clamp."""
    width = 64 if dtype == np.float64 else 32
    elements = st.floats(allow_nan=False, allow_infinity=False, width=width)
    X = data.draw(hnp.arrays(dtype, (6, 3), elements=elements))
    n = data.draw(st.integers(1, 50))
    base = data.draw(hnp.arrays(np.intp, n, elements=st.integers(0, 5)))
    neighbor = data.draw(hnp.arrays(np.intp, n, elements=st.integers(0, 5)))
    gap = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-3.0, 4.0)))
    a = np.empty((n, 3), dtype=dtype)
    b = np.empty_like(a)
    segment_kernel(a, X, base, neighbor, gap, limit_of(dtype))
    _segment_numpy(b, X, base, neighbor, gap)
    assert a.tobytes() == b.tobytes()
    assert np.isfinite(b).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numpy_twin_clamps_infinite_parents_as_the_kernel(dtype):
    """The samplers refuse infinity, but render_dense is public: an infinite parent with a
    gap in [0, 1] gives the dtype's largest value on both paths, whatever the job size."""
    X = np.array([[1.0, -np.inf], [np.inf, 2.0], [3.0, 4.0]], dtype=dtype)
    base = np.array([0, 1, 2, 0])
    neighbor = np.array([1, 0, 0, 2])
    gap = np.array([0.5, 0.25, 1.0, 0.0])
    a = np.empty((4, 2), dtype=dtype)
    b = np.empty_like(a)
    segment_kernel(a, X, base, neighbor, gap, limit_of(dtype))
    _segment_numpy(b, X, base, neighbor, gap)
    assert a.tobytes() == b.tobytes()


def test_numpy_twin_chunks_give_the_kernels_bits():
    """Several chunks, a short last one, and rows that need the clamp spread across them."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 7)) * 10.0 ** rng.integers(-250, 250, size=(50, 7))
    X[::7] *= -1
    n = 3 * (1 << 14) // 7 + 5
    base, neighbor = rng.integers(0, 50, n), rng.integers(0, 50, n)
    gap = rng.random(n)
    gap[::97] = 1.0
    a, b = np.empty((n, 7)), np.empty((n, 7))
    segment_kernel(a, X, base, neighbor, gap, limit_of(np.float64))
    _segment_numpy(b, X, base, neighbor, gap)
    assert a.tobytes() == b.tobytes()


@settings(max_examples=100, deadline=None)
@given(
    X=hnp.arrays(np.float64, (5, 4), elements=FLOAT64),
    gaps=hnp.arrays(np.float64, (30, 4), elements=st.floats(0.0, 1.0)),
)
def test_box_values_finite_and_between_parents(X, gaps):
    base = np.arange(30) % 5
    neighbor = (np.arange(30) * 3 + 1) % 5
    out = np.empty((30, 4))
    box_kernel(out, X, base, neighbor, gaps, limit_of(np.float64))
    check_between(out, X, base, neighbor)


def test_smote_near_the_limits_of_float64():
    """The case that used to give inf: classes spread from -1.7e308 to +1.7e308."""
    rng = np.random.default_rng(0)
    big = np.finfo(np.float64).max
    X = rng.choice([-1.0, 1.0], size=(60, 3)) * big * rng.uniform(0.5, 1.0, size=(60, 3))
    X = np.vstack([X, rng.normal(size=(200, 3))])
    y = np.r_[np.ones(60, dtype=int), np.zeros(200, dtype=int)]
    X_res, _ = SMOTE(random_state=0).fit_resample(X, y)
    assert np.isfinite(X_res).all()
    np.testing.assert_array_equal(X_res[:260], X)


def test_extrapolated_values_are_clamped_to_the_dtype():
    X = np.array([[3.0e38], [-3.0e38]], dtype=np.float32)
    out = np.empty((1, 1), dtype=np.float32)
    # a gap below 0 extrapolates past the base row: beyond float32's range here
    segment_kernel(out, X, np.array([0]), np.array([1]), np.array([-0.5]), limit_of(np.float32))
    assert out[0, 0] == np.finfo(np.float32).max


def test_ordinary_values_keep_their_bits():
    """The overflow branch never runs on ordinary data: same bits as the plain formula."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 6)) * 1e3
    base = rng.integers(0, 50, 500)
    neighbor = rng.integers(0, 50, 500)
    gap = rng.random(500)
    out = np.empty((500, 6))
    segment_kernel(out, X, base, neighbor, gap, limit_of(np.float64))
    expected = X[base] + gap[:, None] * (X[neighbor] - X[base])
    assert out.tobytes() == expected.tobytes()


def test_sparse_input_near_the_limits_matches_dense():
    import scipy.sparse as sp

    rng = np.random.default_rng(2)
    big = np.finfo(np.float64).max
    X = rng.choice([-1.0, 0.0, 1.0], size=(40, 4)) * big * rng.uniform(0.5, 1.0, size=(40, 4))
    X[:, 3] = rng.choice([-1.0, -3e-240, 0.0], size=40)  # mixed scales in one column
    X = np.vstack([X, rng.normal(size=(100, 4))])
    y = np.r_[np.ones(40, dtype=int), np.zeros(100, dtype=int)]
    dense, _ = SMOTE(random_state=0).fit_resample(X, y)
    sparse, _ = SMOTE(random_state=0).fit_resample(sp.csr_matrix(X), y)
    assert np.isfinite(sparse.data).all()
    np.testing.assert_array_equal(sparse.toarray(), dense)


@pytest.mark.parametrize("algorithm", ["auto", "kd_tree", "brute"])
def test_neighbours_of_huge_values_are_ranked_truly(algorithm):
    """Squared differences of values near 1e300 overflow to inf; the engine scales first.

    ``X * 2**1000`` has exactly the geometry of ``X`` (a power of two), so its neighbours
    must be ``X``'s, for rows of a class, rows of any class and new points.
    """
    import smotekit.neighbors._small as small_path
    from smotekit.neighbors import kneighbors_query, kneighbors_within

    rng = np.random.default_rng(3)
    X = rng.normal(size=(700, 6))
    P = rng.normal(size=(20, 6))
    big = X * 2.0**1000
    old = small_path.SMALL_PAIRS
    try:
        for small in (old, 0):  # the numpy path and the compiled backends
            small_path.SMALL_PAIRS = small
            np.testing.assert_array_equal(
                kneighbors_within(big, 5, algorithm=algorithm),
                kneighbors_within(X, 5, algorithm=algorithm),
            )
            rows = np.arange(0, 700, 9)
            np.testing.assert_array_equal(
                kneighbors_query(big, 4, rows=rows, algorithm=algorithm),
                kneighbors_query(X, 4, rows=rows, algorithm=algorithm),
            )
            np.testing.assert_array_equal(
                kneighbors_query(big, 4, points=P * 2.0**1000, algorithm=algorithm),
                kneighbors_query(X, 4, points=P, algorithm=algorithm),
            )
    finally:
        small_path.SMALL_PAIRS = old
