"""The SMOTE variants: Borderline-SMOTE 1/2, ADASYN, SVM-SMOTE and K-Means SMOTE.

Each variant is checked against its own promise, recomputed here independently by brute
force: which rows are the base rows (danger rows, support vectors, weighted rows, kept
clusters), where the neighbour comes from and the gap range (Borderline-2's half gap towards
other classes, SVM-SMOTE's extrapolation), and that the requested count is always delivered
exactly, with a documented fallback instead of fewer rows.
"""

from __future__ import annotations

import doctest
import importlib
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors
from sklearn.svm import SVC
from sklearn.utils.estimator_checks import parametrize_with_checks

from smotekit import (
    ADASYN,
    SVMSMOTE,
    BorderlineSMOTE,
    ClassTooSmallError,
    InvalidParameterError,
    KMeansSMOTE,
    SmotekitWarning,
)
from smotekit.plan.allocation import allocate_weighted

# Any warning is an error, except the documented one a method gives when it has nothing to
# work on and a class falls back to plain SMOTE; the fallback tests below assert that one.
FALLBACK = ".*made by plain SMOTE"
pytestmark = [
    pytest.mark.filterwarnings("error::smotekit.errors.SmotekitWarning"),
    pytest.mark.filterwarnings(f"ignore:{FALLBACK}:smotekit.errors.SmotekitWarning"),
]


def fallback_warning(match: str):
    """Expect the fallback warning, with the method's own reason and numbers."""
    return pytest.warns(SmotekitWarning, match=f"{match}(.|\n)*made by plain SMOTE")


VARIANTS = {
    "borderline-1": lambda **kw: BorderlineSMOTE(m_neighbors=6, k_neighbors=3, **kw),
    "borderline-2": lambda **kw: BorderlineSMOTE(
        m_neighbors=6, k_neighbors=3, kind="borderline-2", **kw
    ),
    "adasyn": lambda **kw: ADASYN(n_neighbors=3, **kw),
    "svm": lambda **kw: SVMSMOTE(m_neighbors=6, k_neighbors=3, **kw),
    "kmeans": lambda **kw: KMeansSMOTE(kmeans_estimator=3, k_neighbors=3, **kw),
}


# ---- the check suites, none excluded -------------------------------------------------------
ESTIMATORS = [
    BorderlineSMOTE(),
    BorderlineSMOTE(kind="borderline-2"),
    ADASYN(),
    SVMSMOTE(),
    SVMSMOTE(gap="box"),
    KMeansSMOTE(),
]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check, monkeypatch):
    monkeypatch.setenv(
        "SCIPY_ARRAY_API", "1"
    )  # run the array-API check (see test_estimator_checks)
    check(estimator)


imblearn_checks = pytest.importorskip("imblearn.utils.estimator_checks")
_imblearn_mark = imblearn_checks.parametrize_with_checks(
    [clone(e).set_params(random_state=0) for e in ESTIMATORS]
)


@pytest.mark.parametrize(
    _imblearn_mark.args[0], list(_imblearn_mark.args[1]), **_imblearn_mark.kwargs
)
def test_imblearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize(
    "module",
    [
        "smotekit.samplers.borderline",
        "smotekit.samplers.adasyn",
        "smotekit.samplers.svm_smote",
        "smotekit.samplers.kmeans_smote",
        "smotekit.plan.allocation",
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ---- random data -----------------------------------------------------------------------------
@st.composite
def blobs(draw, dtypes=(np.float64,), min_rows=5, max_rows=30):
    """``(X, y)``: 2 or 3 Gaussian classes, overlapping or apart, rows shuffled."""
    dtype = draw(st.sampled_from(dtypes))
    n_classes = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(min_rows, max_rows), min_size=n_classes, max_size=n_classes))
    n_features = draw(st.integers(1, 4))
    spread = draw(st.sampled_from([0.0, 1.0, 3.0, 10.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    centers = rng.normal(size=(n_classes, n_features)) * spread
    X = np.concatenate(
        [rng.normal(size=(n, n_features)) + c for n, c in zip(sizes, centers, strict=True)]
    )
    if np.dtype(dtype).kind != "f":
        X = np.round(X * 5)
    y = np.repeat(np.arange(n_classes), sizes)
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order].astype(dtype)), y[order]


def strategies_for(y):
    counts = Counter(y.tolist())
    top = max(counts.values())
    return st.one_of(
        st.sampled_from(["auto", "minority", "not majority", "all"]),
        st.fixed_dictionaries({c: st.integers(counts[c], top + 25) for c in sorted(counts)[:2]}),
    )


@pytest.mark.parametrize("name", list(VARIANTS))
@settings(max_examples=12)
@given(data=st.data())
def test_exact_counts_and_same_seed_same_output(name, data):
    X, y = data.draw(blobs(dtypes=(np.float64, np.float32, np.int64)))
    strategy = data.draw(strategies_for(y))
    options = data.draw(
        st.fixed_dictionaries(
            {
                "allocation": st.sampled_from(["even", "random"]),
                "gap": st.sampled_from(["segment", "box"]),
            }
        )
    )
    sampler = VARIANTS[name](sampling_strategy=strategy, random_state=3, **options)
    X_res, y_res = sampler.fit_resample(X, y)
    before, after = Counter(y.tolist()), Counter(y_res.tolist())
    for c in before:
        assert after[c] == before[c] + sampler.sampling_strategy_.get(c, 0)
    if strategy == "auto":
        assert len(set(after.values())) == 1
    assert X_res.dtype == X.dtype and X_res.shape == (len(y_res), X.shape[1])
    np.testing.assert_array_equal(X_res[: len(y)], X)
    again = VARIANTS[name](sampling_strategy=strategy, random_state=3, n_jobs=1, **options)
    X_again, y_again = again.fit_resample(X, y)
    np.testing.assert_array_equal(X_again, X_res)
    np.testing.assert_array_equal(y_again, y_res)


# ---- independent recomputation of what each method selects --------------------------------
def brute_neighbors(X, queries, m):
    """Positions of the m nearest rows of X to each query row (itself excluded), brute force."""
    d = ((X[queries, None, :] - X[None, :, :]) ** 2).sum(-1)
    d[np.arange(len(queries)), queries] = np.inf
    return np.argsort(d, axis=1, kind="stable")[:, : min(m, len(X) - 1)]


def other_counts(X, y, rows, m):
    near = brute_neighbors(X, rows, m)
    return (y[near] != y[rows][:, None]).sum(1), near.shape[1]


def check_line(sampler, X, X_res):
    """Every synthetic row is base + gap * (neighbour - base), the recorded gap."""
    p = sampler.provenance_
    gaps = p.gaps()
    if gaps.ndim == 1:
        gaps = gaps[:, None]
    expected = X[p.base] + gaps * (X[p.neighbor] - X[p.base])
    np.testing.assert_allclose(X_res[len(X) :], expected, rtol=1e-12, atol=1e-12)
    return p, p.gaps()


def per_row_ok(used, pool, n_new):
    """Base rows are exactly ``pool``, each used floor or ceil of n_new / |pool| times."""
    assert set(np.flatnonzero(used)) <= set(pool.tolist())
    counts = used[pool]
    assert counts.sum() == n_new
    assert counts.min() >= n_new // len(pool) and counts.max() <= -(-n_new // len(pool))


@st.composite
def overlapping(draw):
    """Continuous overlapping blobs (no distance ties) and an over-sampling plan."""
    X, y = draw(blobs(min_rows=8))
    return X, y, draw(strategies_for(y)), draw(st.sampled_from(["segment", "box"]))


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
@settings(max_examples=15)
@given(case=overlapping())
def test_borderline_bases_are_the_danger_rows(kind, case):
    X, y, strategy, gap = case
    m = 6
    sampler = BorderlineSMOTE(
        kind=kind,
        m_neighbors=m,
        k_neighbors=3,
        sampling_strategy=strategy,
        gap=gap,
        random_state=0,
    )
    X_res, _ = sampler.fit_resample(X, y)
    p, gaps = check_line(sampler, X, X_res)
    used = np.bincount(p.base, minlength=len(y))
    for c, n_new in sampler.sampling_strategy_.items():
        rows = np.flatnonzero(y == c)
        n_other, m_eff = other_counts(X, y, rows, m)
        danger = rows[(2 * n_other >= m_eff) & (n_other < m_eff)]
        np.testing.assert_array_equal(sampler.in_danger_.get(c, danger), danger)
        if n_new:  # base rows: the danger rows, or all rows (fallback)
            per_row_ok(used * (y == c), danger if danger.size else rows, n_new)
    same = y[p.neighbor] == p.labels
    lo, hi = (gaps.min(axis=1), gaps.max(axis=1)) if gaps.ndim == 2 else (gaps, gaps)
    assert np.all(lo >= 0)
    if kind == "borderline-1":
        assert same.all() and np.all(hi <= 1)
    else:
        assert np.all(hi[same] <= 1) and np.all(hi[~same] <= 0.5)
        # the neighbour is among the base row's 3 nearest rows of any class
        near = brute_neighbors(X, p.base, 3)
        assert (near == p.neighbor[:, None]).any(axis=1).all()


@settings(max_examples=15)
@given(case=overlapping())
def test_adasyn_counts_follow_the_weights_within_one(case):
    X, y, strategy, gap = case
    sampler = ADASYN(n_neighbors=4, sampling_strategy=strategy, gap=gap, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    p, gaps = check_line(sampler, X, X_res)
    assert np.all(y[p.neighbor] == p.labels) and np.all((gaps >= 0) & (gaps <= 1))
    used = np.bincount(p.base, minlength=len(y))
    for c, n_new in sampler.sampling_strategy_.items():
        if not n_new:
            continue
        rows = np.flatnonzero(y == c)
        n_other, k = other_counts(X, y, rows, 4)
        r = n_other / k if n_other.any() else np.ones(len(rows))  # fallback: uniform
        np.testing.assert_allclose(sampler.weights_[c], r / r.sum())
        assert used[rows].sum() == n_new
        assert np.all(np.abs(used[rows] - n_new * r / r.sum()) < 1)


@settings(max_examples=15)
@given(case=overlapping(), out_step=st.sampled_from([0.5, 1.0, 0.2]))
def test_svm_smote_bases_are_support_vectors(case, out_step):
    X, y, strategy, gap = case
    m = 6
    sampler = SVMSMOTE(
        m_neighbors=m,
        k_neighbors=3,
        out_step=out_step,
        sampling_strategy=strategy,
        gap=gap,
        random_state=0,
    )
    X_res, _ = sampler.fit_resample(X, y)
    p, gaps = check_line(sampler, X, X_res)
    assert np.all(y[p.neighbor] == p.labels)
    support = SVC(gamma="scale").fit(X, y).support_
    used = np.bincount(p.base, minlength=len(y))
    danger_base = np.zeros(len(p), dtype=bool)
    fallback = np.zeros(len(p), dtype=bool)
    for c, n_new in sampler.sampling_strategy_.items():
        if not n_new:
            continue
        sv = np.sort(support[y[support] == c])
        kept, danger = sv[:0], sv[:0]
        if sv.size:
            n_other, m_eff = other_counts(X, y, sv, m)
            kept, danger = sv[n_other < m_eff], sv[(2 * n_other >= m_eff) & (n_other < m_eff)]
        np.testing.assert_array_equal(sampler.support_vectors_[c], kept)
        np.testing.assert_array_equal(sampler.in_danger_[c], danger)
        per_row_ok(used * (y == c), kept if kept.size else np.flatnonzero(y == c), n_new)
        danger_base |= np.isin(p.base, danger)
        fallback |= (p.labels == c) & (kept.size == 0)
    g = gaps if gaps.ndim == 1 else gaps.T
    interpolating = danger_base | fallback
    assert np.all((g >= 0)[..., interpolating]) and np.all((g <= 1)[..., interpolating])
    assert np.all((g <= 0)[..., ~interpolating])
    assert np.all((g >= -out_step)[..., ~interpolating])


@settings(max_examples=15)
@given(case=overlapping(), n_clusters=st.integers(1, 5), threshold=st.sampled_from(["auto", 0.2]))
def test_kmeans_smote_within_kept_clusters_by_sparsity(case, n_clusters, threshold):
    X, y, strategy, gap = case
    sampler = KMeansSMOTE(
        kmeans_estimator=n_clusters,
        cluster_balance_threshold=threshold,
        k_neighbors=3,
        sampling_strategy=strategy,
        gap=gap,
        random_state=0,
    )
    X_res, _ = sampler.fit_resample(X, y)
    p, gaps = check_line(sampler, X, X_res)
    assert np.all(y[p.neighbor] == p.labels) and np.all((gaps >= 0) & (gaps <= 1))
    clusters = sampler.kmeans_estimator_.labels_
    limit = 0.5 if threshold == "auto" else threshold
    for c, n_new in sampler.sampling_strategy_.items():
        if not n_new:
            continue
        mine = p.labels == c
        kept = {
            g
            for g in np.unique(clusters)
            if (in_c := ((clusters == g) & (y == c)).sum()) >= 2
            and in_c / (clusters == g).sum() > limit
        }
        weights = sampler.cluster_weights_[c]
        assert set(weights) == kept
        if not kept:  # fallback: the class as one cluster, every row a base row
            per_row_ok(np.bincount(p.base[mine], minlength=len(y)), np.flatnonzero(y == c), n_new)
            continue
        assert np.all(clusters[p.neighbor[mine]] == clusters[p.base[mine]])
        members = {g: np.flatnonzero((clusters == g) & (y == c)) for g in kept}
        dist = {
            g: np.mean([np.linalg.norm(X[i] - X[j]) for i in r for j in r if i != j])
            for g, r in members.items()
        }
        sparsity = {g: dist[g] ** X.shape[1] / len(members[g]) for g in kept}
        total = sum(sparsity.values())
        used = np.bincount(p.base[mine], minlength=len(y))
        assert used.sum() == n_new
        for g in kept:
            if total > 0:
                assert weights[g] == pytest.approx(sparsity[g] / total, rel=1e-9, abs=1e-12)
            counts = used[members[g]]
            assert abs(counts.sum() - n_new * weights[g]) < 1  # the cluster's share, within one
            assert counts.max() - counts.min() <= 1  # spread evenly over its rows


@settings(max_examples=40)
@given(
    weights=st.lists(
        st.sampled_from([0.0, 0.1, 1.0, 2.5, 1e-6, 7.0]), min_size=1, max_size=12
    ).filter(lambda w: sum(w) > 0),
    n_new=st.integers(0, 200),
    seed=st.integers(0, 1000),
)
def test_allocate_weighted_exact_total_within_one(weights, n_new, seed):
    w = np.array(weights)
    base = allocate_weighted(w, n_new, np.random.default_rng(seed))
    counts = np.bincount(base, minlength=len(w))
    assert counts.sum() == n_new
    assert np.all(np.abs(counts - n_new * w / w.sum()) < 1)
    assert np.all(counts[w == 0] == 0)
    assert np.all(np.diff(base) >= 0)


# ---- fallbacks: the count is delivered, and the fitted attributes say what happened -------
def separated(n_major=40, n_minor=12, seed=0):
    rng = np.random.default_rng(seed)
    X = np.concatenate([rng.normal(size=(n_major, 2)), rng.normal(size=(n_minor, 2)) + 50])
    return X, np.repeat([0, 1], [n_major, n_minor])


def test_borderline_without_danger_rows_falls_back_to_smote():
    X, y = separated()
    sampler = BorderlineSMOTE(random_state=0)
    with fallback_warning(
        r"no row is in danger \(0 rows with between 5 and 9 .* class 1 "
        r"\(12 rows\), so its 28 synthetic rows"
    ):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}
    assert sampler.in_danger_[1].size == 0
    per_row_ok(np.bincount(sampler.provenance_.base, minlength=len(y)), np.flatnonzero(y == 1), 28)


def test_adasyn_without_rivals_weighs_rows_equally():
    X, y = separated()
    sampler = ADASYN(random_state=0)
    with fallback_warning("no row has another class among its 5 nearest rows"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}
    np.testing.assert_allclose(sampler.weights_[1], np.full(12, 1 / 12))


class MajoritySupportOnly:
    """A classifier whose support vectors are all of class 0 (forces the no-SV fallback)."""

    def __init__(self):
        pass

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self

    def fit(self, X, y):
        self.support_ = np.flatnonzero(y == 0)[:3]
        return self

    def predict(self, X):
        return np.zeros(len(X))


def test_svm_smote_without_support_vectors_falls_back_to_smote():
    X, y = separated()
    sampler = SVMSMOTE(svm_estimator=MajoritySupportOnly(), random_state=0)
    with fallback_warning(r"no usable support vector \(0 support vectors"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}
    assert sampler.support_vectors_[1].size == 0
    gaps = sampler.provenance_.gaps()
    assert np.all((gaps >= 0) & (gaps <= 1))  # plain interpolation
    per_row_ok(np.bincount(sampler.provenance_.base, minlength=len(y)), np.flatnonzero(y == 1), 28)


def test_svm_smote_all_support_vectors_noise_falls_back():
    # minority rows scattered inside a dense majority grid: each one's 5 nearest are majority
    g = np.arange(0, 20, dtype=float)
    grid = np.array([(a, b) for a in g for b in g])
    lonely = np.array([[2.5, 2.5], [2.5, 15.5], [15.5, 2.5], [15.5, 15.5], [9.5, 9.5], [6.5, 12.5]])
    X = np.concatenate([grid, lonely])
    y = np.repeat([0, 1], [len(grid), len(lonely)])
    sampler = SVMSMOTE(m_neighbors=5, k_neighbors=2, random_state=0)
    with fallback_warning(r"no usable support vector \((\d+) support vectors, \1 of them noise"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 400, 1: 400}
    assert sampler.support_vectors_[1].size == 0


def test_kmeans_smote_without_eligible_cluster_falls_back_to_smote():
    X, y = separated(n_major=40, n_minor=3)
    sampler = KMeansSMOTE(kmeans_estimator=1, k_neighbors=5, random_state=0)
    with fallback_warning("no cluster qualifies"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}
    assert sampler.cluster_weights_[1] == {}
    p = sampler.provenance_
    per_row_ok(np.bincount(p.base, minlength=len(y)), np.flatnonzero(y == 1), 37)
    assert np.all(y[p.neighbor] == 1)  # k=5 reduced to the 2 other rows of the class


def test_kmeans_smote_refuses_a_lone_row():
    X, y = separated(n_major=10, n_minor=1)
    with pytest.raises(ClassTooSmallError, match="1 row"):
        KMeansSMOTE(random_state=0).fit_resample(X, y)


def test_kmeans_smote_over_clusters_of_duplicates():
    # every eligible cluster is one repeated point: weights undefined -> equal weights
    X = np.array([[0.0, 0]] * 6 + [[10.0, 10]] * 6 + [[5.0, -20]] * 20)
    y = np.repeat([1, 1, 0], [6, 6, 20])
    sampler = KMeansSMOTE(kmeans_estimator=3, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 20, 1: 20}
    assert sorted(sampler.cluster_weights_[1].values()) == [0.5, 0.5]
    assert {tuple(r) for r in X_res[len(y) :]} <= {(0.0, 0.0), (10.0, 10.0)}


# ---- parameters ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sampler", "match"),
    [
        (BorderlineSMOTE(kind="borderline-3"), "kind"),
        (BorderlineSMOTE(m_neighbors=0), "m_neighbors"),
        (BorderlineSMOTE(m_neighbors=NearestNeighbors(n_neighbors=1)), "m_neighbors"),
        (BorderlineSMOTE(m_neighbors="ten"), "m_neighbors"),
        (SVMSMOTE(out_step=1.5), "out_step"),
        (SVMSMOTE(out_step=-0.1), "out_step"),
        (SVMSMOTE(svm_estimator="svc"), "svm_estimator"),
        (ADASYN(n_neighbors=0), "n_neighbors=0"),  # its own parameter name
        (ADASYN(allocation="weighted"), "allocation"),
        (KMeansSMOTE(kmeans_estimator=0), "kmeans_estimator"),
        (KMeansSMOTE(kmeans_estimator="kmeans"), "kmeans_estimator"),
        (KMeansSMOTE(cluster_balance_threshold="half"), "cluster_balance_threshold"),
        (KMeansSMOTE(density_exponent=float("nan")), "density_exponent"),
    ],
)
def test_bad_parameters_are_refused_clearly(sampler, match):
    X, y = separated()
    with pytest.raises(InvalidParameterError, match=match):
        sampler.fit_resample(X, y)


def test_svm_estimator_without_support_is_refused():
    from sklearn.linear_model import LogisticRegression

    X, y = separated()
    with pytest.raises(InvalidParameterError, match="support_"):
        SVMSMOTE(svm_estimator=LogisticRegression()).fit_resample(X, y)


def test_neighbour_estimators_give_the_same_result_as_ints():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 3))
    y = (rng.random(80) < 0.3).astype(int)
    for make, by_int, by_estimator in [
        (BorderlineSMOTE, {"m_neighbors": 7}, {"m_neighbors": NearestNeighbors(n_neighbors=8)}),
        (SVMSMOTE, {"m_neighbors": 7}, {"m_neighbors": NearestNeighbors(n_neighbors=8)}),
        (ADASYN, {"n_neighbors": 4}, {"n_neighbors": NearestNeighbors(n_neighbors=5)}),
        (KMeansSMOTE, {"k_neighbors": 2}, {"k_neighbors": NearestNeighbors(n_neighbors=3)}),
    ]:
        a = make(random_state=0, **by_int)
        b = make(random_state=0, **by_estimator)
        np.testing.assert_array_equal(a.fit_resample(X, y)[0], b.fit_resample(X, y)[0])


def test_svm_estimator_is_cloned_and_used():
    X, y = separated(n_major=30, n_minor=15)
    X = X + np.random.default_rng(0).normal(scale=20, size=X.shape)  # overlap
    svm = SVC(kernel="linear", C=0.5)
    sampler = SVMSMOTE(svm_estimator=svm, random_state=0)
    sampler.fit_resample(X, y)
    assert not hasattr(svm, "support_") and sampler.svm_estimator_.kernel == "linear"
    support = SVC(kernel="linear", C=0.5).fit(X, y).support_
    assert set(sampler.support_vectors_[1]) <= set(support.tolist())


# ---- real data: satimage (SMOTE paper's Table 2) ---------------------------------------------
#: imbalanced-learn 0.14.2 on the same data and settings, measured in the test below: its
#: minority count after resampling (5809 asked), or the error it raised. Ours: 5809 for all.
IMBLEARN_SATIMAGE = {
    "BorderlineSMOTE": 5809,
    # its borderline-2 writes float steps into the integer array: it crashes
    "BorderlineSMOTE-2": "UFuncTypeError",
    # per-row rounding: 63-78 rows short. imbalanced-learn finds neighbours with
    # scikit-learn's brute force, which takes the k nearest of integer data with
    # numpy.argpartition; satimage's integer distances tie at the k-th neighbour for 11
    # minority rows, and which tied rows argpartition keeps depends on numpy's version and
    # on the CPU's SIMD sort (numpy 2: 5741 with AVX-512, 5746 with AVX2 only; numpy 1.26:
    # 5731). Ours breaks ties by row, on every numpy and CPU: 5809.
    "ADASYN": range(5731, 5809),
    "SVMSMOTE": 5809,
    # "No clusters found with sufficient samples of class 1" (ours falls back to SMOTE)
    "KMeansSMOTE": "RuntimeError",
}


@pytest.fixture(scope="module")
def satimage(data_dir):
    frame = pd.read_csv(data_dir / "satimage.csv")
    return frame.drop(columns="label"), frame["label"]


@pytest.mark.parametrize("name", list(IMBLEARN_SATIMAGE))
def test_satimage_balanced_exactly(satimage, name):
    from imblearn import over_sampling as imb

    X, y = satimage
    ours = {
        "BorderlineSMOTE": BorderlineSMOTE(random_state=0),
        "BorderlineSMOTE-2": BorderlineSMOTE(kind="borderline-2", random_state=0),
        "ADASYN": ADASYN(random_state=0),
        "SVMSMOTE": SVMSMOTE(random_state=0),
        "KMeansSMOTE": KMeansSMOTE(random_state=0),
    }[name]
    X_res, y_res = ours.fit_resample(X, y)
    assert y_res.value_counts().to_dict() == {0: 5809, 1: 5809}
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()  # 36 integer columns stay integer
    assert all(np.issubdtype(t, np.integer) for t in X_res.dtypes)
    assert X_res.iloc[: len(X)].to_numpy().tobytes() == X.to_numpy().tobytes()
    assert np.all(y.to_numpy()[ours.provenance_.base] == 1)

    theirs = {
        "BorderlineSMOTE": lambda: imb.BorderlineSMOTE(random_state=0),
        "BorderlineSMOTE-2": lambda: imb.BorderlineSMOTE(kind="borderline-2", random_state=0),
        "ADASYN": lambda: imb.ADASYN(random_state=0),
        "SVMSMOTE": lambda: imb.SVMSMOTE(random_state=0),
        "KMeansSMOTE": lambda: imb.KMeansSMOTE(random_state=0),
    }[name]()
    try:
        _, y_imb = theirs.fit_resample(X, y)
        outcome = int((y_imb == 1).sum())
    except Exception as error:  # recorded, not hidden: the comparison is the point
        outcome = type(error).__name__
    expected = IMBLEARN_SATIMAGE[name]
    assert outcome in expected if isinstance(expected, range) else outcome == expected


def test_adasyn_too_small_class_names_its_own_parameter():
    X, y = separated(n_major=20, n_minor=4)
    with pytest.raises(ClassTooSmallError, match="n_neighbors=3"):
        ADASYN(n_neighbors=5).fit_resample(X, y)


def test_kmeans_smote_takes_any_clustering_and_skips_its_noise():
    from sklearn.cluster import DBSCAN, MiniBatchKMeans

    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(size=(30, 2)), rng.normal(size=(10, 2)) * 0.1 + 4, [[40, 40]]])
    y = np.repeat([0, 1, 1], [30, 10, 1])
    sampler = KMeansSMOTE(kmeans_estimator=DBSCAN(eps=0.5, min_samples=3), random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 30, 1: 30}
    labels = sampler.kmeans_estimator_.labels_
    assert labels[-1] == -1 and -1 not in sampler.cluster_weights_[1]
    assert not np.isin(sampler.provenance_.base, [40]).any()  # the noise row is no base row
    batch = KMeansSMOTE(kmeans_estimator=MiniBatchKMeans(n_clusters=3, random_state=0))
    _, y_res = batch.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 30, 1: 30}


@pytest.mark.parametrize("exponent", [0, -2.0, 2.0, "auto"])
def test_kmeans_smote_density_exponent_with_a_cluster_of_duplicates(exponent):
    X = np.array([[0.0, 0]] * 6 + [[10.0, 10], [10.5, 10], [10, 11], [11, 11]] + [[5.0, -20]] * 20)
    y = np.repeat([1, 1, 0], [6, 4, 20])
    sampler = KMeansSMOTE(kmeans_estimator=3, density_exponent=exponent, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 20, 1: 20}
    weights = sampler.cluster_weights_[1]
    assert len(weights) == 2 and sum(weights.values()) == pytest.approx(1)
    duplicates = sampler.kmeans_estimator_.labels_[0]
    expected = {0: 4 / 10, -2.0: 1.0, 2.0: 0.0, "auto": 0.0}[exponent]  # 0: weight 1/n each
    assert weights[duplicates] == pytest.approx(expected)
