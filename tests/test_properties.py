"""Properties of the samplers over random data (hypothesis).

Each property draws a small labelled data set (numpy float64, float32 or int64; 2 or 3
classes; a few to a few dozen rows; 1 to 4 features), a ``k`` and a sampling strategy, and
checks what the specification promises for every input, not just for hand-picked ones.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smotekit import SMOTE, RandomOverSampler, RandomUnderSampler

DTYPES = (np.float64, np.float32, np.int64)
GAPS = ("segment", "box")
ALLOCATIONS = ("even", "random")
LABEL_SETS = (
    np.array([0, 1, 2]),
    np.array([-1, 0, 1]),
    np.array([-128, 0, 127], dtype=np.int8),
    np.array([2**64 - 3, 2**64 - 2, 2**64 - 1], dtype=np.uint64),
    np.array(["cat", "dog", "eel"]),
)


# ---- data ------------------------------------------------------------------------------
@st.composite
def labelled_data(draw, dtypes=DTYPES, max_k=5, max_rows=30):
    """``(X, y, k)``: every class has at least ``k + 1`` rows, rows in shuffled order."""
    dtype = draw(st.sampled_from(dtypes))
    k = draw(st.integers(1, max_k))
    n_classes = draw(st.integers(2, 3))
    sizes = draw(
        st.lists(
            st.integers(k + 1, max(k + 1, max_rows)),
            min_size=n_classes,
            max_size=n_classes,
        )
    )
    n_features = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    if np.dtype(dtype).kind == "f":
        scale = draw(st.sampled_from([1e-3, 1.0, 1e3]))
        X = (rng.normal(size=(n, n_features)) * scale).astype(dtype)
    else:
        X = rng.integers(-50, 50, size=(n, n_features)).astype(dtype)
    labels = draw(st.sampled_from(LABEL_SETS))
    y = np.repeat(labels[:n_classes], sizes)
    order = rng.permutation(n)
    return np.ascontiguousarray(X[order]), y[order], k


def over_strategies(y: np.ndarray):
    """sampling_strategy values valid for an over-sampler on ``y``."""
    counts = Counter(y.tolist())
    largest = max(counts.values())
    classes = sorted(counts)
    return st.one_of(
        st.sampled_from(["auto", "minority", "not majority", "not minority", "all"]),
        st.fixed_dictionaries({c: st.integers(counts[c], largest + 40) for c in classes[:2]}),
    )


def under_strategies(y: np.ndarray):
    counts = Counter(y.tolist())
    smallest = min(counts.values())
    classes = sorted(counts)
    return st.one_of(
        st.sampled_from(["auto", "majority", "not minority", "not majority", "all"]),
        st.fixed_dictionaries({c: st.integers(1, counts[c]) for c in classes[1:]}),
        st.just({classes[0]: smallest}),
    )


# ---- helpers ---------------------------------------------------------------------------
def assert_bit_identical(head: np.ndarray, X: np.ndarray) -> None:
    assert head.dtype == X.dtype
    assert head.shape == X.shape
    assert np.array_equal(head, X, equal_nan=False)
    assert np.ascontiguousarray(head).tobytes() == np.ascontiguousarray(X).tobytes()


def expected_synthetic_labels(strategy: dict) -> np.ndarray:
    """Synthetic rows are grouped by class, in sorted class order."""
    classes = sorted(strategy)
    return np.repeat(np.asarray(classes), [strategy[c] for c in classes])


def kth_neighbor_distance(X_class: np.ndarray, local: int, k: int) -> float:
    """Distance from row ``local`` to its k-th nearest other row (brute force, float64)."""
    diff = X_class.astype(np.float64) - X_class[local].astype(np.float64)
    dist = np.sqrt((diff**2).sum(axis=1))
    dist = np.delete(dist, local)
    return float(np.sort(dist)[k - 1])


def check_provenance(sampler, X, y, y_res, k):
    """Every synthetic row has a same-class base and neighbour among its k nearest rows."""
    rec = sampler.provenance_
    n = X.shape[0]
    assert rec.first_row == n
    assert len(rec) == y_res.shape[0] - n
    np.testing.assert_array_equal(rec.labels, y_res[n:])
    assert np.all(y[rec.base] == y_res[n:])
    assert np.all(y[rec.neighbor] == y_res[n:])
    assert np.all(rec.base != rec.neighbor)
    X64 = X.astype(np.float64)
    for cls in np.unique(rec.labels):
        rows = np.flatnonzero(y == cls)
        local = {int(r): i for i, r in enumerate(rows)}
        X_class = X64[rows]
        for b, m in set(
            zip(
                rec.base[rec.labels == cls].tolist(),
                rec.neighbor[rec.labels == cls].tolist(),
                strict=True,
            )
        ):
            kth = kth_neighbor_distance(X_class, local[b], k)
            d = float(np.sqrt(((X64[b] - X64[m]) ** 2).sum()))
            assert d <= kth * (1 + 1e-6) + 1e-12, (b, m, d, kth)


def check_geometry(sampler, X, X_res, gap_mode):
    """Segment: on the segment base-neighbour; box: inside the box they span."""
    rec = sampler.provenance_
    n = X.shape[0]
    synthetic = X_res[n:].astype(np.float64)
    xb = X[rec.base].astype(np.float64)
    xn = X[rec.neighbor].astype(np.float64)
    gaps = rec.gaps()
    integer = X.dtype.kind in "iu"
    scale = np.maximum(np.abs(xb), np.abs(xn)) + 1.0
    # float32 arithmetic is exact to ~1e-7 relative; integers are rounded to the nearest
    tol = 0.5 + 1e-9 if integer else (1e-5 if X.dtype == np.float32 else 1e-12) * scale
    if gap_mode == "segment":
        assert gaps.shape == (len(rec),)
        assert np.all((gaps >= 0) & (gaps < 1))
        expected = xb + gaps[:, None] * (xn - xb)
        assert np.all(np.abs(synthetic - expected) <= tol)
        if not integer:
            # collinear and within, independently of the recorded gap
            direction = xn - xb
            length2 = (direction**2).sum(axis=1)
            moved = synthetic - xb
            t = np.where(
                length2 > 0,
                (moved * direction).sum(axis=1) / np.where(length2 > 0, length2, 1),
                0.0,
            )
            assert np.all(t >= -1e-5) and np.all(t <= 1 + 1e-5)
            residual = moved - t[:, None] * direction
            assert np.all(np.abs(residual) <= 4 * tol)
    else:
        assert gaps.shape == (len(rec), X.shape[1])
        assert np.all((gaps >= 0) & (gaps < 1))
        low, high = np.minimum(xb, xn), np.maximum(xb, xn)
        slack = 0.0 if integer else tol
        assert np.all(synthetic >= low - slack) and np.all(synthetic <= high + slack)
        expected = xb + gaps * (xn - xb)
        assert np.all(np.abs(synthetic - expected) <= tol)
    if integer:
        # rounded to the nearest integer, never truncated
        exact = xb + (gaps[:, None] if gaps.ndim == 1 else gaps) * (xn - xb)
        assert np.all(np.abs(synthetic - exact) <= 0.5 + 1e-9)


# ---- properties ------------------------------------------------------------------------
@settings(max_examples=50)
@given(data=st.data(), gap=st.sampled_from(GAPS), allocation=st.sampled_from(ALLOCATIONS))
def test_smote_output_contract(data, gap, allocation):
    """Originals bit-identical, exact counts, grouping, dtype, geometry and provenance."""
    X, y, k = data.draw(labelled_data())
    strategy = data.draw(over_strategies(y))
    X_before, y_before = X.copy(), y.copy()
    sampler = SMOTE(
        sampling_strategy=strategy,
        k_neighbors=k,
        gap=gap,
        allocation=allocation,
        random_state=data.draw(st.integers(0, 2**31 - 1)),
    )
    X_res, y_res = sampler.fit_resample(X, y)
    n = X.shape[0]

    # the caller's arrays are untouched
    assert_bit_identical(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    # container, dtype and originals
    assert type(X_res) is np.ndarray and type(y_res) is np.ndarray
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    assert_bit_identical(X_res[:n], X)
    np.testing.assert_array_equal(y_res[:n], y)
    assert not hasattr(sampler, "sample_indices_")
    # exact counts and order of the synthetic rows
    counts = Counter(y.tolist())
    assert Counter(y_res.tolist()) == counts + Counter(sampler.sampling_strategy_)
    if isinstance(strategy, dict):
        assert sampler.sampling_strategy_ == {c: strategy[c] - counts[c] for c in strategy}
    else:
        largest = max(counts.values())
        for c, n_new in sampler.sampling_strategy_.items():
            assert counts[c] + n_new == largest
    np.testing.assert_array_equal(y_res[n:], expected_synthetic_labels(sampler.sampling_strategy_))
    assert X_res.shape == (n + sum(sampler.sampling_strategy_.values()), X.shape[1])
    # where the synthetic rows come from
    check_provenance(sampler, X, y, y_res, k)
    check_geometry(sampler, X, X_res, gap)


@settings(max_examples=40)
@given(data=st.data())
def test_even_allocation_uses_every_row_floor_or_ceil(data):
    X, y, k = data.draw(labelled_data())
    strategy = data.draw(over_strategies(y))
    sampler = SMOTE(sampling_strategy=strategy, k_neighbors=k, random_state=0)
    sampler.fit_resample(X, y)
    base = sampler.provenance_.base
    for cls, n_new in sampler.sampling_strategy_.items():
        rows = np.flatnonzero(y == cls)
        used = np.bincount(base, minlength=y.shape[0])[rows]
        assert used.sum() == n_new
        low, high = n_new // rows.shape[0], -(-n_new // rows.shape[0])
        assert set(np.unique(used).tolist()) <= {low, high}
    # rows of classes that are not over-sampled are never a base
    untouched = ~np.isin(y, [c for c, m in sampler.sampling_strategy_.items() if m])
    assert not np.isin(base, np.flatnonzero(untouched)).any()


@settings(max_examples=40)
@given(
    data=st.data(),
    percentage=st.one_of(
        st.sampled_from([50, 100, 200, 250, 300, 500]),
        st.floats(1, 600, allow_nan=False),
    ),
    target=st.sampled_from(["minority", "not majority", "all"]),
)
def test_percentage_mode_counts(data, percentage, target):
    """The paper's SMOTE N%: each targeted class gains floor(N * n / 100) rows."""
    X, y, k = data.draw(labelled_data())
    sampler = SMOTE(sampling_strategy=target, percentage=percentage, k_neighbors=k, random_state=1)
    _, y_res = sampler.fit_resample(X, y)
    counts = Counter(y.tolist())
    for cls, n_new in sampler.sampling_strategy_.items():
        assert n_new == int(np.floor(percentage * counts[cls] / 100 + 1e-9))
    assert Counter(y_res.tolist()) == counts + Counter(sampler.sampling_strategy_)
    base = sampler.provenance_.base
    for cls, n_new in sampler.sampling_strategy_.items():
        used = np.bincount(base, minlength=y.shape[0])[y == cls]
        n_cls = counts[cls]
        assert set(np.unique(used).tolist()) <= {n_new // n_cls, -(-n_new // n_cls)}
        if percentage % 100 == 0:
            assert np.all(used == int(percentage) // 100)


@settings(max_examples=30)
@given(data=st.data(), gap=st.sampled_from(GAPS))
def test_same_seed_same_output_different_seed_different_output(data, gap):
    X, y, k = data.draw(labelled_data(dtypes=(np.float64, np.float32)))
    seed = data.draw(st.integers(0, 2**31 - 2))
    strategy = data.draw(over_strategies(y))

    def run(random_state):
        sampler = SMOTE(
            sampling_strategy=strategy, k_neighbors=k, gap=gap, random_state=random_state
        )
        return sampler, *sampler.fit_resample(X, y)

    s1, X1, y1 = run(seed)
    s2, X2, y2 = run(seed)
    assert X1.tobytes() == X2.tobytes()
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(s1.provenance_.base, s2.provenance_.base)
    np.testing.assert_array_equal(s1.provenance_.neighbor, s2.provenance_.neighbor)
    # a numpy Generator seeded alike gives the same stream as the int seed's generator
    _, X3, _ = run(np.random.default_rng(seed))
    assert X3.tobytes() == X1.tobytes()
    # another seed moves the (continuous) synthetic points
    _, X4, _ = run(seed + 1)
    n = X.shape[0]
    if X1.shape[0] > n:
        assert not np.array_equal(X1[n:], X4[n:])
    assert X4[:n].tobytes() == X1[:n].tobytes()


@settings(max_examples=25)
@given(data=st.data(), gap=st.sampled_from(GAPS))
def test_n_jobs_does_not_change_the_result(data, gap):
    X, y, k = data.draw(labelled_data())
    results = []
    for n_jobs in (1, 2, None):
        sampler = SMOTE(k_neighbors=k, gap=gap, n_jobs=n_jobs, random_state=3)
        X_res, y_res = sampler.fit_resample(X, y)
        results.append((X_res.tobytes(), y_res.tobytes(), sampler.provenance_.base.tobytes()))
    assert results[0] == results[1] == results[2]


@settings(max_examples=40)
@given(data=st.data(), allocation=st.sampled_from(ALLOCATIONS))
def test_random_over_sampler_contract(data, allocation):
    X, y, _ = data.draw(labelled_data(max_k=1))
    strategy = data.draw(over_strategies(y))
    seed = data.draw(st.integers(0, 2**31 - 1))
    sampler = RandomOverSampler(
        sampling_strategy=strategy, allocation=allocation, random_state=seed
    )
    X_res, y_res = sampler.fit_resample(X, y)
    n = X.shape[0]
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    assert_bit_identical(X_res[:n], X)
    counts = Counter(y.tolist())
    assert Counter(y_res.tolist()) == counts + Counter(sampler.sampling_strategy_)
    np.testing.assert_array_equal(y_res[n:], expected_synthetic_labels(sampler.sampling_strategy_))
    # every new row is an exact copy of the input row sample_indices_ names
    idx = sampler.sample_indices_
    assert idx.shape == (X_res.shape[0],)
    np.testing.assert_array_equal(idx[:n], np.arange(n))
    assert X_res.tobytes() == X[idx].tobytes()
    np.testing.assert_array_equal(y_res, y[idx])
    if allocation == "even":
        for cls, n_new in sampler.sampling_strategy_.items():
            rows = np.flatnonzero(y == cls)
            used = np.bincount(idx[n:], minlength=n)[rows]
            assert set(np.unique(used).tolist()) <= {n_new // rows.size, -(-n_new // rows.size)}
    X_again, _ = RandomOverSampler(
        sampling_strategy=strategy, allocation=allocation, random_state=seed
    ).fit_resample(X, y)
    assert X_again.tobytes() == X_res.tobytes()


@settings(max_examples=40)
@given(data=st.data(), replacement=st.booleans())
def test_random_under_sampler_contract(data, replacement):
    X, y, _ = data.draw(labelled_data(max_k=1))
    strategy = data.draw(under_strategies(y))
    sampler = RandomUnderSampler(
        sampling_strategy=strategy,
        replacement=replacement,
        random_state=data.draw(st.integers(0, 2**31 - 1)),
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    counts = Counter(y.tolist())
    expected = dict(counts)
    expected.update(sampler.sampling_strategy_)
    assert Counter(y_res.tolist()) == Counter(expected)
    if isinstance(strategy, dict):
        assert sampler.sampling_strategy_ == strategy
    idx = sampler.sample_indices_
    # kept rows are originals, bit for bit, in their original order
    assert np.all(np.diff(idx) >= 0)
    assert X_res.tobytes() == X[idx].tobytes()
    np.testing.assert_array_equal(y_res, y[idx])
    if not replacement:
        assert np.unique(idx).size == idx.size


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.int64, np.uint8])
def test_dtype_preserved_for_every_sampler(dtype):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 100, size=(40, 3)).astype(dtype)
    y = np.array([0] * 30 + [1] * 10, dtype=np.int32)
    for sampler in (
        SMOTE(random_state=0),
        RandomOverSampler(random_state=0),
        RandomUnderSampler(random_state=0),
    ):
        X_res, y_res = sampler.fit_resample(X, y)
        assert X_res.dtype == X.dtype, sampler
        assert y_res.dtype == y.dtype, sampler


@settings(max_examples=25)
@given(data=st.data(), gap=st.sampled_from(GAPS))
def test_containers_agree_with_numpy(data, gap):
    """list, pandas, polars and CSR inputs come back in kind, with the numpy result's values."""
    import pandas as pd
    import scipy.sparse as sp

    X, y, k = data.draw(labelled_data(dtypes=(np.float64, np.int64)))
    strategy = data.draw(over_strategies(y))

    def run(X_in, y_in):
        return SMOTE(
            sampling_strategy=strategy, k_neighbors=k, gap=gap, random_state=5
        ).fit_resample(X_in, y_in)

    X_ref, y_ref = run(X, y)
    X_list, y_list = run(X.tolist(), y.tolist())
    assert isinstance(X_list, list) and isinstance(y_list, list)
    assert X_list == X_ref.tolist() and y_list == y_ref.tolist()

    columns = [f"c{j}" for j in range(X.shape[1])]
    X_df, y_s = run(pd.DataFrame(X, columns=columns), pd.Series(y, name="y"))
    assert isinstance(X_df, pd.DataFrame) and isinstance(y_s, pd.Series)
    assert list(X_df.columns) == columns and all(t == X.dtype for t in X_df.dtypes)
    assert X_df.to_numpy().tobytes() == X_ref.tobytes()
    np.testing.assert_array_equal(y_s.to_numpy(), y_ref)

    pl = pytest.importorskip("polars")
    X_pl, y_pl = run(pl.DataFrame(X, schema=columns), pl.Series("y", y))
    assert isinstance(X_pl, pl.DataFrame) and isinstance(y_pl, pl.Series)
    assert X_pl.to_numpy().tobytes() == X_ref.tobytes()
    np.testing.assert_array_equal(y_pl.to_numpy(), y_ref)

    if X.dtype.kind == "f":  # integer data has distance ties, which may be broken differently
        X_sp, y_sp = run(sp.csr_matrix(X), y)
        assert sp.issparse(X_sp) and X_sp.format == "csr" and X_sp.dtype == X.dtype
        np.testing.assert_allclose(X_sp.toarray(), X_ref, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(y_sp, y_ref)
