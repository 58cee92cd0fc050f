"""Geometric SMOTE: every new row inside the paper's truncated, deformed hypersphere."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification

from smotekit import GeometricSMOTE, InvalidInputError, InvalidParameterError
from smotekit.datasets import load_pima
from smotekit.samplers.geometric import geometric_points


def data(seed: int = 0, n: int = 400, classes: int = 2):
    weights = [0.75] if classes == 2 else [0.6, 0.25]
    return make_classification(
        n_samples=n,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=classes,
        n_clusters_per_class=1,
        weights=weights,
        flip_y=0.05,
        random_state=seed,
    )


def region(new, centre, surface, truncation, deformation):
    """Checks of the paper's region for rows of ``new``: inside the (deformed) ball, outside
    the truncated cap; rows whose surface is their centre are the centre itself."""
    R = np.linalg.norm(surface - centre, axis=1)
    flat = R == 0
    assert (new[flat] == centre[flat]).all()
    e = (surface - centre)[~flat] / R[~flat, None]
    v = (new - centre)[~flat] / R[~flat, None]
    along = (v * e).sum(axis=1)
    across = np.linalg.norm(v - along[:, None] * e, axis=1)
    eps = 1e-9
    if deformation < 1:
        assert (along**2 + (across / (1 - deformation)) ** 2 <= 1 + eps).all()
    else:
        assert (across <= eps).all() and (np.abs(along) <= 1 + eps).all()
    if truncation > 0:
        assert (along >= truncation - 1 - eps).all()
    elif truncation < 0:
        assert (along <= truncation + 1 + eps).all()
    return along, across


def brute_surfaces(X, y, sampler, k):
    """The surface row each strategy allows, by brute force over all rows."""
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    allowed = []
    for c, s in zip(sampler.centres_, sampler.surfaces_, strict=True):
        same = np.flatnonzero((y == y[c]) & (np.arange(len(y)) != c))
        near_same = same[np.argsort(D[c, same], kind="stable")[:k]]
        other = np.flatnonzero(y != y[c])
        nearest_other = other[np.argmin(D[c, other])]
        if sampler.selection_strategy == "minority":
            ok = s in near_same
        elif sampler.selection_strategy == "majority":
            ok = s == nearest_other
        else:  # the nearer of a same-class neighbour and the nearest other-class row
            ok = (s in near_same and D[c, s] <= D[c, nearest_other]) or (
                s == nearest_other and D[c, s] < D[c, near_same].max()
            )
        allowed.append(ok)
    return np.array(allowed)


@pytest.mark.parametrize("strategy", ["combined", "majority", "minority"])
@pytest.mark.parametrize(
    ("truncation", "deformation"), [(1.0, 0.0), (0.0, 0.5), (-0.5, 1.0), (0.4, 0.2)]
)
def test_every_new_row_lies_in_the_papers_region(strategy, truncation, deformation):
    X, y = data(1)
    sampler = GeometricSMOTE(
        random_state=3,
        selection_strategy=strategy,
        truncation_factor=truncation,
        deformation_factor=deformation,
    )
    X_res, y_res = sampler.fit_resample(X, y)
    new = X_res[len(y) :]
    assert Counter(y_res.tolist())[1] == Counter(y.tolist())[0]
    np.testing.assert_array_equal(y_res[len(y) :], y[sampler.centres_])
    along, across = region(new, X[sampler.centres_], X[sampler.surfaces_], truncation, deformation)
    assert brute_surfaces(X, y, sampler, 5).all()
    if deformation == 0 and truncation == 0:  # the whole ball: both sides of the centre
        assert (along < -0.3).any() and (along > 0.3).any()
    if deformation < 1:
        assert across.max() > 0.3  # not on the segment


def test_combined_takes_the_nearer_surface_and_both_kinds_occur():
    X, y = data(2)
    sampler = GeometricSMOTE(random_state=0)
    sampler.fit_resample(X, y)
    kinds = y[sampler.surfaces_] == y[sampler.centres_]
    assert kinds.any() and (~kinds).any()


def test_points_are_uniform_in_the_ball_without_truncation():
    """With no truncation or deformation the point is uniform in the ball: |p|^d is uniform,
    and the direction is symmetric."""
    rng = np.random.default_rng(0)
    n, d = 20000, 3
    centre = np.zeros((n, d))
    surface = np.tile([1.0, 0.0, 0.0], (n, 1))
    p = geometric_points(centre, surface, rng, 0.0, 0.0)
    radius_d = np.linalg.norm(p, axis=1) ** d
    assert abs(np.mean(radius_d < 0.5) - 0.5) < 0.02
    assert abs(np.mean(p[:, 0] > 0) - 0.5) < 0.02
    half = geometric_points(centre, surface, rng, 1.0, 0.0)
    assert (half[:, 0] >= 0).all()  # truncation 1: the half-ball toward the surface


def test_exact_counts_three_classes_and_a_dict():
    X, y = data(0, n=600, classes=3)
    for strategy in ("auto", {1: 300, 2: 250}):
        sampler = GeometricSMOTE(random_state=0, sampling_strategy=strategy)
        _, y_res = sampler.fit_resample(X, y)
        counts = Counter(y_res.tolist())
        expected = (
            {c: max(Counter(y.tolist()).values()) for c in (1, 2)}
            if strategy == "auto"
            else strategy
        )
        for cls, n in expected.items():
            assert counts[cls] == n


def test_pandas_integers_round_and_keep_their_dtype():
    X, y = load_pima(return_X_y=True)
    X_res, y_res = GeometricSMOTE(random_state=0).fit_resample(X, y)
    assert list(X_res.dtypes) == list(X.dtypes) and isinstance(y_res, pd.Series)
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    as_float, _ = GeometricSMOTE(random_state=0, integer_columns="float").fit_resample(X, y)
    assert (as_float.dtypes == np.float64).all()


def test_sparse_input_gives_the_dense_rows():
    X, y = data(4)
    X = np.where(np.abs(X) < 0.5, 0.0, X)
    dense, _ = GeometricSMOTE(random_state=0).fit_resample(X, y)
    sparse, _ = GeometricSMOTE(random_state=0).fit_resample(sp.csr_matrix(X), y)
    assert sp.issparse(sparse)
    np.testing.assert_allclose(sparse.toarray(), dense, rtol=1e-12, atol=1e-12)


def test_values_near_float64s_limit_stay_finite():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(60, 3)) * 1.7e308
    y = np.r_[np.zeros(45, dtype=int), np.ones(15, dtype=int)]
    X_res, _ = GeometricSMOTE(random_state=0, truncation_factor=0.0).fit_resample(X, y)
    assert np.isfinite(X_res).all()
    X32, _ = GeometricSMOTE(random_state=0).fit_resample((X / 1e270).astype(np.float32), y)
    assert X32.dtype == np.float32 and np.isfinite(X32).all()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"truncation_factor": 1.5}, "truncation_factor=1.5"),
        ({"deformation_factor": -0.1}, "deformation_factor=-0.1"),
        ({"selection_strategy": "nearest"}, "selection_strategy='nearest'"),
        ({"k_neighbors": 0}, "k_neighbors=0"),
        ({"allocation": "uniform"}, "allocation='uniform'"),
    ],
)
def test_bad_parameters_are_refused_clearly(params, message):
    X, y = data(0)
    with pytest.raises(InvalidParameterError, match=message):
        GeometricSMOTE(**params).fit_resample(X, y)


def test_a_class_smaller_than_k_is_refused_unless_the_surface_is_another_class():
    X, y = data(0)
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:4]]
    with pytest.raises(InvalidInputError, match="set k_neighbors=3 or lower"):
        GeometricSMOTE().fit_resample(X[keep], y[keep])
    _, y_res = GeometricSMOTE(selection_strategy="majority", random_state=0).fit_resample(
        X[keep], y[keep]
    )
    assert Counter(y_res.tolist())[1] == Counter(y[keep].tolist())[0]


def test_sparse_float32_near_its_limit_stays_finite_like_dense():
    import scipy.sparse as sp

    big = float(np.finfo(np.float32).max)
    rng = np.random.default_rng(0)
    X = (rng.uniform(-1.0, 1.0, (40, 2)) * big).astype(np.float32)
    y = np.array([0] * 28 + [1] * 12)
    dense = GeometricSMOTE(random_state=0, truncation_factor=0.0).fit_resample(X, y)[0]
    sparse = GeometricSMOTE(random_state=0, truncation_factor=0.0).fit_resample(
        sp.csr_matrix(X), y
    )[0]
    assert sparse.dtype == np.float32 and np.isfinite(sparse.toarray()).all()
    np.testing.assert_array_equal(sparse.toarray(), dense)
