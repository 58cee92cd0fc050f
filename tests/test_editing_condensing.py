"""RENN, AllKNN, NCR, CNN and OSS: side by side with imbalanced-learn, and with the papers."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

from smotekit import (
    AllKNN,
    CondensedNearestNeighbour,
    InvalidParameterError,
    NeighbourhoodCleaningRule,
    OneSidedSelection,
    RepeatedEditedNearestNeighbours,
)

imblearn = pytest.importorskip("imblearn.under_sampling")


def datasets():
    for seed in range(4):
        three = seed % 2 == 1
        yield make_classification(
            n_samples=600,
            n_classes=3 if three else 2,
            n_informative=4,
            weights=[0.7, 0.2] if three else [0.85],
            flip_y=0.05,
            random_state=seed,
        )


@pytest.mark.parametrize("kind_sel", ["all", "mode"])
def test_renn_and_allknn_keep_imblearns_rows(kind_sel):
    for X, y in datasets():
        pairs = [
            (
                RepeatedEditedNearestNeighbours(kind_sel=kind_sel),
                imblearn.RepeatedEditedNearestNeighbours(kind_sel=kind_sel),
            ),
            (
                RepeatedEditedNearestNeighbours(kind_sel=kind_sel, n_neighbors=5, max_iter=2),
                imblearn.RepeatedEditedNearestNeighbours(
                    kind_sel=kind_sel, n_neighbors=5, max_iter=2
                ),
            ),
            (AllKNN(kind_sel=kind_sel), imblearn.AllKNN(kind_sel=kind_sel)),
            (
                AllKNN(kind_sel=kind_sel, allow_minority=True, n_neighbors=4),
                imblearn.AllKNN(kind_sel=kind_sel, allow_minority=True, n_neighbors=4),
            ),
        ]
        for ours, theirs in pairs:
            ours.fit_resample(X, y)
            theirs.fit_resample(X, y)
            np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)
            if hasattr(theirs, "n_iter_"):
                assert ours.n_iter_ == theirs.n_iter_


def test_renn_accepts_a_neighbour_estimator_and_string_labels():
    X, y = next(datasets())
    labels = np.where(y == 0, "negative", "positive")
    ours = RepeatedEditedNearestNeighbours(n_neighbors=NearestNeighbors(n_neighbors=4))
    X_res, y_res = ours.fit_resample(X, labels)
    plain = RepeatedEditedNearestNeighbours(n_neighbors=3).fit_resample(X, labels)
    np.testing.assert_array_equal(X_res, plain[0])
    assert set(y_res) == {"negative", "positive"}


def _ncr_reference(X, y, k=3, threshold=0.5):
    """Laurikkala (2001) from the definition: A1 by Wilson's editing (3-NN vote, self
    excluded), A2 the neighbours of misclassified minority rows, in classes large enough."""
    counts = Counter(y.tolist())
    minority = min(counts, key=counts.get)
    nn = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(X)
    found = nn.kneighbors(X, return_distance=False)[:, 1:]
    votes = np.array([Counter(row).most_common(1)[0][0] for row in y[found].tolist()])
    remove = (votes != y) & (y != minority)
    large = [c for c, n in counts.items() if c != minority and n > threshold * counts[minority]]
    missed = np.flatnonzero((y == minority) & (votes != y))
    near = np.unique(found[missed])
    remove[near[np.isin(y[near], large)]] = True
    return np.flatnonzero(~remove)


def test_ncr_follows_the_paper_and_removes_at_least_what_imblearn_removes():
    for X, y in datasets():
        if len(set(y)) != 2:
            continue  # the reference's plain vote has no tie rule; two classes cannot tie at 3
        ours = NeighbourhoodCleaningRule()
        ours.fit_resample(X, y)
        np.testing.assert_array_equal(ours.sample_indices_, _ncr_reference(X, y))
        theirs = imblearn.NeighbourhoodCleaningRule()
        theirs.fit_resample(X, y)
        # imbalanced-learn lets a minority row vote for itself: it misses some of A2
        assert set(ours.sample_indices_) <= set(theirs.sample_indices_)


def _hart_reference(X, y, seed_rows, minority):
    """Hart (1968) one row at a time with scikit-learn's brute 1-NN: the store in order."""
    store = list(np.flatnonzero(y == minority)) + list(seed_rows)
    rows = [r for r in np.flatnonzero(y == y[seed_rows[0]])]
    changed = True
    while changed:
        changed = False
        for r in rows:
            if r in store:
                continue
            knn = KNeighborsClassifier(1, algorithm="brute").fit(X[store], y[store])
            if knn.predict(X[r : r + 1])[0] != y[r]:
                store.append(r)
                changed = True
    return sorted(store)


def test_cnn_is_harts_rule():
    X, y = make_classification(n_samples=400, weights=[0.85], flip_y=0.03, random_state=3)
    ours = CondensedNearestNeighbour(random_state=7)
    ours.fit_resample(X, y)
    majority_rows = np.flatnonzero(y == 0)
    seed = majority_rows[np.random.default_rng(7).choice(majority_rows.size, 1, replace=False)]
    np.testing.assert_array_equal(ours.sample_indices_, _hart_reference(X, y, seed, minority=1))
    # the store is consistent: it classifies every row of the reduced class correctly
    kept = ours.sample_indices_
    knn = KNeighborsClassifier(1).fit(X[kept], y[kept])
    assert (knn.predict(X[majority_rows]) == 0).all()


def test_cnn_with_three_voters_ends_consistent():
    X, y = make_classification(n_samples=500, weights=[0.85], flip_y=0.03, random_state=4)
    ours = CondensedNearestNeighbour(n_neighbors=3, random_state=0)
    ours.fit_resample(X, y)
    kept = ours.sample_indices_
    knn = KNeighborsClassifier(3, algorithm="brute").fit(X[kept], y[kept])
    rows = np.setdiff1d(np.flatnonzero(y == 0), kept)
    assert (knn.predict(X[rows]) == 0).all() and ours.n_passes_[0] >= 1


def test_oss_matches_imblearns_steps_with_the_same_seeds():
    for X, y in datasets():
        ours = OneSidedSelection(random_state=5, n_seeds_S=2)
        ours.fit_resample(X, y)
        counts = Counter(y.tolist())
        minority = min(counts, key=counts.get)
        rng = np.random.default_rng(5)
        keep = y == minority
        for cls in sorted(set(y) - {minority}):
            rows = np.flatnonzero(y == cls)
            picked = np.sort(rng.choice(rows.size, 2, replace=False))
            store = np.r_[np.flatnonzero(y == minority), rows[picked]]
            rest = np.delete(rows, picked)
            knn = KNeighborsClassifier(1, algorithm="brute").fit(X[store], y[store])
            keep[rest[knn.predict(X[rest]) != cls]] = True
            keep[rows[picked]] = True
        kept = np.flatnonzero(keep)
        tomek = imblearn.TomekLinks(sampling_strategy=sorted(set(y) - {minority}))
        tomek.fit_resample(X[kept], y[kept])
        np.testing.assert_array_equal(ours.sample_indices_, np.sort(kept[tomek.sample_indices_]))


@pytest.mark.parametrize(
    "sampler",
    [
        RepeatedEditedNearestNeighbours(),
        AllKNN(),
        NeighbourhoodCleaningRule(),
        CondensedNearestNeighbour(random_state=0),
        OneSidedSelection(random_state=0),
    ],
    ids=lambda s: type(s).__name__,
)
def test_containers_are_kept(sampler):
    X, y = next(datasets())
    frame = pd.DataFrame(X, index=np.arange(1000, 1000 + len(y)))
    X_res, y_res = sampler.fit_resample(frame, pd.Series(y, index=frame.index, name="t"))
    assert isinstance(X_res, pd.DataFrame) and X_res.index.isin(frame.index).all()
    assert X_res.equals(frame.loc[X_res.index]) and y_res.name == "t"
    X_sp, _ = sampler.fit_resample(sp.csr_matrix(X), y)
    assert sp.issparse(X_sp)
    np.testing.assert_array_equal(X_sp.toarray(), X_res.to_numpy())


def test_bad_parameters_name_the_parameter():
    X, y = next(datasets())
    cases = [
        (RepeatedEditedNearestNeighbours(max_iter=0), "max_iter=0"),
        (AllKNN(allow_minority="yes"), "allow_minority='yes'"),
        (NeighbourhoodCleaningRule(threshold_cleaning=-1), "threshold_cleaning=-1"),
        (CondensedNearestNeighbour(n_seeds_S=0), "n_seeds_S=0"),
        (OneSidedSelection(n_neighbors="one"), "n_neighbors='one'"),
    ]
    for sampler, message in cases:
        with pytest.raises(InvalidParameterError, match=message):
            sampler.fit_resample(X, y)
