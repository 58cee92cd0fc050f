"""The four reference shapes of the performance notes, generated in-process (no downloads)."""

from __future__ import annotations

import numpy as np


def shape_a():
    """A: 1M x 20, 5% minority (54,599 rows), +890,802 synthetic rows."""
    from sklearn.datasets import make_classification

    return make_classification(
        1_000_000, n_features=20, n_informative=10, weights=[0.95, 0.05], random_state=0
    )


def shape_b():
    """B: 200k x 100, 20% minority (40,538 rows)."""
    from sklearn.datasets import make_classification

    return make_classification(200_000, n_features=100, weights=[0.8, 0.2], random_state=0)


def shape_c():
    """C: fraud-like, 284,807 x 30 with 492 minority rows."""
    rng = np.random.default_rng(0)
    n_min, n_maj = 492, 284_807 - 492
    X = np.vstack([rng.normal(size=(n_maj, 30)), rng.normal(loc=0.8, size=(n_min, 30))])
    y = np.r_[np.zeros(n_maj, dtype=np.int64), np.ones(n_min, dtype=np.int64)]
    return X, y


def shape_d():
    """D: low-dimensional, 500,000 minority rows x 5 (gaussian blobs), 1M majority."""
    from sklearn.datasets import make_blobs

    X_min, _ = make_blobs(500_000, n_features=5, centers=20, random_state=1)
    X_maj, _ = make_blobs(1_000_000, n_features=5, centers=20, random_state=2)
    X = np.vstack([X_maj, X_min])
    y = np.r_[np.zeros(1_000_000, dtype=np.int64), np.ones(500_000, dtype=np.int64)]
    return X, y


def shape_f():
    """F: the variants' and cleaning samplers' shape, 200k x 20, 5% minority, 1% label noise."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=200_000,
        n_features=20,
        n_informative=12,
        weights=[0.95],
        flip_y=0.01,
        random_state=0,
    )


SHAPES = {"A": shape_a, "B": shape_b, "C": shape_c, "D": shape_d}
TARGETS = {"A": 4.0, "B": 3.0, "C": 5.0, "D": 12.0}
