"""LeeSMOTE (Lee, Kim & Lee, IMCOM 2015): the rejection rule row by row, and the contract.

The rule is recomputed here by brute force: for every synthetic row of the output, the
distances to all input rows (numpy), its ``m`` nearest rows and the share of other classes
among them. Where real data put several rows at the ``m``-th distance, the share is known
only within bounds (any of the tied rows may be taken); the sampler's must lie within them.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors

from smotekit import InvalidParameterError
from smotekit.samplers.lee import LeeSMOTE
from test_next_variants import SAMPLERS, code_lines


def data(seed: int = 1, n: int = 300, weights=(0.8,), n_classes: int = 2, sep: float = 1.0):
    return make_classification(
        n_samples=n,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=list(weights),
        flip_y=0.05,
        class_sep=sep,
        random_state=seed,
    )


def other_share_bounds(X, y, label, points, m):
    """Lowest and highest share of other classes among each point's ``m`` nearest rows.

    Brute force over all rows; rows tied at the ``m``-th distance may be taken either way,
    so the bounds are equal unless such a tie decides between classes.
    """
    X = np.asarray(X, dtype=np.float64)
    m = min(m, X.shape[0])
    other = np.asarray(y) != label
    low, high = [], []
    for start in range(0, points.shape[0], 256):
        block = np.asarray(points[start : start + 256], dtype=np.float64)
        dist = np.sqrt(((block[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
        edge = np.sort(dist, axis=1)[:, m - 1 : m]
        tol = 1e-9 * np.maximum(edge, 1.0)
        inside, tied = dist < edge - tol, np.abs(dist - edge) <= tol
        need = m - inside.sum(axis=1)
        sure = (inside & other).sum(axis=1)
        tied_other, tied_same = (tied & other).sum(axis=1), (tied & ~other).sum(axis=1)
        low.append(sure + np.maximum(need - tied_same, 0))
        high.append(sure + np.minimum(need, tied_other))
    return np.concatenate(low) / m, np.concatenate(high) / m


def synthetic(sampler, X_res, y_res, label):
    """The synthetic rows of ``label`` (output rows) and their provenance positions."""
    prov = sampler.provenance_
    positions = np.flatnonzero(np.asarray(prov.labels) == label)
    assert (np.asarray(y_res)[prov.first_row + positions] == label).all()
    rows = np.asarray(X_res, dtype=np.float64)[prov.first_row + positions]
    return rows, positions


def assert_rule_holds(sampler, X, y, X_res, y_res, label):
    """Accepted rows pass the rule; rows kept after ``max_attempts`` rejections fail it.

    Returns the brute-force shares (low bounds) of the class's synthetic rows.
    """
    rows, _ = synthetic(sampler, X_res, y_res, label)
    tries = sampler.rejections_[label]
    assert tries.shape == (rows.shape[0],)
    assert ((tries >= 0) & (tries <= sampler.max_attempts)).all()
    low, high = other_share_bounds(X, y, label, rows, sampler.m_neighbors)
    kept = tries == sampler.max_attempts
    level = sampler.rejection_level
    assert (low[~kept] <= level).all(), "an accepted row is dominated by other classes"
    assert (high[kept] > level).all(), "a row kept after the limit would have been accepted"
    return low, kept


def assert_on_segments(sampler, X, y, X_res, label, k):
    """Each row is base + g * (neighbour - base), g in [0, 1], the neighbour one of the
    base row's k nearest rows of its class (scikit-learn's search, no ties here)."""
    prov = sampler.provenance_
    class_rows = np.flatnonzero(y == label)
    near = NearestNeighbors(n_neighbors=k + 1).fit(X[class_rows]).kneighbors(X[class_rows])[1]
    allowed = {int(r): set(class_rows[near[i, 1:]].tolist()) for i, r in enumerate(class_rows)}
    positions = np.flatnonzero(np.asarray(prov.labels) == label)
    base, mate = np.asarray(prov.base)[positions], np.asarray(prov.neighbor)[positions]
    assert all(int(n) in allowed[int(b)] for b, n in zip(base, mate, strict=True))
    gaps = np.asarray(prov.gaps())[positions]
    assert gaps.ndim == 1 and ((gaps >= 0) & (gaps <= 1)).all()
    expected = X[base] + gaps[:, None] * (X[mate] - X[base])
    got = np.asarray(X_res, dtype=np.float64)[prov.first_row + positions]
    np.testing.assert_array_equal(got, expected)


def test_lee_is_one_small_file():
    assert code_lines(SAMPLERS / "lee.py") <= 80


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"k_neighbors": 3, "m_neighbors": 7, "rejection_level": 0.3},
        {"k_neighbors": 7, "m_neighbors": 4, "rejection_level": 0.75, "max_attempts": 3},
        {"rejection_level": 0.0, "max_attempts": 20, "allocation": "random"},
    ],
)
def test_every_accepted_row_passes_the_rule_and_lies_on_a_segment(seed, params):
    X, y = data(seed, sep=0.6)
    sampler = LeeSMOTE(random_state=seed, **params)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: (y == 0).sum(), 1: (y == 0).sum()}
    _, kept = assert_rule_holds(sampler, X, y, X_res, y_res, 1)
    # no tie among these distances: the share is known exactly, and says which rows were kept
    rows, _ = synthetic(sampler, X_res, y_res, 1)
    low, high = other_share_bounds(X, y, 1, rows, sampler.m_neighbors)
    np.testing.assert_array_equal(low, high)
    np.testing.assert_array_equal(kept, low > sampler.rejection_level)
    assert sampler.rejections_[1].sum() > 0  # overlapping classes: candidates were rejected
    assert_on_segments(sampler, X, y, X_res, 1, params.get("k_neighbors", 5))


def test_rejection_matters_where_classes_overlap():
    """Overlapping classes: plain SMOTE's draws (level 1, nothing rejected) put many rows
    where other classes dominate; with rejection, none is there but those kept at the limit."""
    X, y = data(4, n=500, sep=0.3)
    plain = LeeSMOTE(random_state=0, rejection_level=1.0)
    X_plain, y_plain = plain.fit_resample(X, y)
    assert plain.rejections_[1].sum() == 0
    share_plain, _ = other_share_bounds(X, y, 1, synthetic(plain, X_plain, y_plain, 1)[0], 5)
    lee = LeeSMOTE(random_state=0)
    X_res, y_res = lee.fit_resample(X, y)
    tries = lee.rejections_[1]
    share, kept = assert_rule_holds(lee, X, y, X_res, y_res, 1)
    assert tries.sum() > tries.size // 2  # many candidates rejected
    assert 0 < kept.sum() < kept.size // 5  # a few rows could not be placed well
    dominated_plain = (share_plain > 0.5).mean()
    assert dominated_plain > 0.15
    assert (share > 0.5).mean() == kept.mean() < dominated_plain / 3


def test_more_attempts_keep_the_accepted_rows_and_improve_the_kept_ones():
    """With one seed the rounds draw the same numbers: rows accepted within ``a`` attempts
    are the same with more; a row kept at the limit keeps the best of its candidates (lowest
    share, the earliest on a tie), so its share never rises with the limit."""
    X, y = data(5, sep=0.3)
    runs = []
    for attempts in (1, 2, 3, 5, 8):
        sampler = LeeSMOTE(random_state=3, max_attempts=attempts)
        X_res, y_res = sampler.fit_resample(X, y)
        rows, _ = synthetic(sampler, X_res, y_res, 1)
        share, _ = other_share_bounds(X, y, 1, rows, 5)
        runs.append((attempts, sampler.rejections_[1], rows, share))
    for (a, tries_a, rows_a, share_a), (b, tries_b, rows_b, share_b) in itertools.pairwise(runs):
        done = tries_a < a
        np.testing.assert_array_equal(rows_b[done], rows_a[done])
        np.testing.assert_array_equal(tries_b[done], tries_a[done])
        stopped = ~done
        assert stopped.any()
        assert (tries_b[stopped] >= a).all()
        assert (share_b[stopped] <= share_a[stopped]).all()
        # still rejected b times, and no better candidate came: the earliest best is kept
        same = stopped & (tries_b == b) & (share_b == share_a)
        assert same.any()
        np.testing.assert_array_equal(rows_b[same], rows_a[same])
    assert (runs[0][1] == 1).sum() > (runs[-1][1] == 8).sum()


@pytest.mark.parametrize("strategy", ["auto", {1: 300, 2: 260}])
def test_exact_counts_three_classes_and_the_rule_per_class(strategy):
    X, y = data(0, n=600, weights=(0.6, 0.25), n_classes=3, sep=0.7)
    sampler = LeeSMOTE(random_state=0, sampling_strategy=strategy)
    X_res, y_res = sampler.fit_resample(X, y)
    before = Counter(y.tolist())
    target = strategy if isinstance(strategy, dict) else {c: before[0] for c in (1, 2)}
    assert Counter(y_res.tolist()) == {0: before[0], **target}
    assert sorted(sampler.rejections_) == [1, 2]
    for label in (1, 2):
        assert sampler.rejections_[label].size == target[label] - before[label]
        assert_rule_holds(sampler, X, y, X_res, y_res, label)  # other = both other classes
        assert_on_segments(sampler, X, y, X_res, label, 5)


def test_binary_float_strategy_exact_count():
    X, y = data(3)
    _, y_res = LeeSMOTE(random_state=0, sampling_strategy=0.5).fit_resample(X, y)
    assert (y_res == 1).sum() == int(0.5 * (y == 0).sum())
    assert (y_res == 0).sum() == (y == 0).sum()


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"m_neighbors": 0}, r"m_neighbors=0 must be an int >= 1 \(rows of any class"),
        ({"m_neighbors": 2.5}, r"m_neighbors=2\.5 must be an int >= 1"),
        ({"rejection_level": 1.5}, r"rejection_level=1\.5 must be a number between 0 and 1"),
        ({"rejection_level": -0.1}, r"rejection_level=-0\.1 must be a number between 0 and 1"),
        ({"rejection_level": float("nan")}, r"rejection_level=nan must be a number between"),
        ({"rejection_level": "half"}, r"rejection_level='half' must be a number between"),
        ({"max_attempts": 0}, r"max_attempts=0 must be an int >= 1 \(candidates drawn"),
        ({"max_attempts": 2.0}, r"max_attempts=2\.0 must be an int >= 1"),
        ({"gap": "box"}, r"gap='box' must be 'segment': LeeSMOTE tests each new point"),
        ({"gap": "line"}, r"gap='line' must be 'segment'"),
        ({"k_neighbors": 0}, r"k_neighbors"),
        ({"allocation": "lots"}, r"allocation"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(params, match):
    X, y = data(1)
    with pytest.raises(InvalidParameterError, match=match):
        LeeSMOTE(**params).fit_resample(X, y)


def test_level_one_accepts_every_first_candidate_and_more_neighbours_than_rows_is_fine():
    X, y = data(2, n=60)
    sampler = LeeSMOTE(random_state=0, rejection_level=1.0)
    _, y_res = sampler.fit_resample(X, y)
    assert (sampler.rejections_[1] == 0).all()
    sampler = LeeSMOTE(random_state=0, m_neighbors=500)  # all 60 rows are looked at
    _, y_res = sampler.fit_resample(X, y)
    assert (y_res == 1).sum() == (y == 0).sum()
    share = (y != 1).mean()  # the same for every point: the whole data
    assert share > 0.5
    assert (sampler.rejections_[1] == sampler.max_attempts).all()


# ---- real data ------------------------------------------------------------------------------
def test_on_phoneme_counts_values_and_the_rule(data_dir):
    import pandas as pd

    frame = pd.read_csv(data_dir / "phoneme.csv")
    X, y = frame.drop(columns="label").to_numpy(dtype=float), frame["label"].to_numpy()
    minority = min(np.unique(y), key=lambda c: (y == c).sum())
    majority_count = max(Counter(y.tolist()).values())
    sampler = LeeSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert (y_res == minority).sum() == majority_count
    assert (y_res != minority).sum() == (y != minority).sum()
    assert np.isfinite(X_res).all()
    np.testing.assert_array_equal(X_res[: len(X)], X)
    _, kept = assert_rule_holds(sampler, X, y, X_res, y_res, minority)
    tries = sampler.rejections_[minority]
    assert tries.size == majority_count - (y == minority).sum()
    assert tries.sum() > 0 and kept.sum() < tries.size // 20


def test_on_pima_frame_the_rule_holds_for_the_rounded_rows():
    """Pima's integer columns are rounded when written; the candidate is tested rounded."""
    from smotekit.datasets import load_pima

    X, y = load_pima(return_X_y=True)
    sampler = LeeSMOTE(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 500, 1: 500}
    assert list(X_res.dtypes) == list(X.dtypes)
    y_np = y.to_numpy()
    assert_rule_holds(sampler, X.to_numpy(dtype=float), y_np, X_res, y_res.to_numpy(), 1)
    tries = sampler.rejections_[1]
    assert (int(tries.sum()), int((tries == sampler.max_attempts).sum())) == (324, 23)
