"""SMOTE on the SMOTE paper's real datasets (satimage, phoneme, pima; see tests/data/README.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smotekit import SMOTE, NonNumericFeatureError
from smotekit.datasets import load_pima


@pytest.fixture(scope="module")
def satimage(data_dir):
    frame = pd.read_csv(data_dir / "satimage.csv")
    return frame.drop(columns="label"), frame["label"]


@pytest.fixture(scope="module")
def phoneme(data_dir):
    frame = pd.read_csv(data_dir / "phoneme.csv")
    return frame.drop(columns="label"), frame["label"]


def check_balanced_smote(sampler, X, y, minority, n_min, n_maj):
    """Counts balanced, originals bit-identical, every minority row a base equally often."""
    X_arr = X.to_numpy() if isinstance(X, pd.DataFrame) else X
    y_arr = y.to_numpy() if isinstance(y, pd.Series) else y
    n = y_arr.shape[0]
    X_res, y_res = sampler.fit_resample(X, y)
    y_res_arr = y_res.to_numpy() if isinstance(y_res, pd.Series) else y_res
    X_res_arr = X_res.to_numpy() if isinstance(X_res, pd.DataFrame) else X_res

    assert sampler.sampling_strategy_ == {minority: n_maj - n_min}
    assert (y_res_arr == minority).sum() == n_maj
    assert (y_res_arr != minority).sum() == n_maj
    assert X_res_arr.shape == (2 * n_maj, X_arr.shape[1])
    # originals first, bit for bit
    assert np.ascontiguousarray(X_res_arr[:n]).tobytes() == np.ascontiguousarray(X_arr).tobytes()
    np.testing.assert_array_equal(y_res_arr[:n], y_arr)
    assert np.all(y_res_arr[n:] == minority)
    # every minority row used as base floor or ceil of n_new / n_min times; no other row
    used = np.bincount(sampler.provenance_.base, minlength=n)
    n_new = n_maj - n_min
    minority_used = used[y_arr == minority]
    assert minority_used.sum() == n_new
    assert set(np.unique(minority_used).tolist()) <= {n_new // n_min, -(-n_new // n_min)}
    assert used[y_arr != minority].sum() == 0
    assert np.all(y_arr[sampler.provenance_.neighbor] == minority)
    return X_res, y_res


def test_satimage_pandas(satimage):
    X, y = satimage
    assert (y == 1).sum() == 626 and (y == 0).sum() == 5809
    X_res, y_res = check_balanced_smote(SMOTE(random_state=0), X, y, 1, 626, 5809)
    assert y_res.value_counts().to_dict() == {0: 5809, 1: 5809}
    # integer pixel columns stay integer, in range, with rounded values
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    assert all(np.issubdtype(t, np.integer) for t in X_res.dtypes)
    synthetic = X_res.iloc[len(X) :]
    assert (synthetic.min() >= X[y == 1].min()).all()
    assert (synthetic.max() <= X[y == 1].max()).all()
    assert X_res.index.is_unique
    assert list(X_res.index[len(X) :]) == list(range(len(X), 2 * 5809))


def test_satimage_numpy_matches_pandas(satimage):
    X, y = satimage
    X_np, y_np = X.to_numpy(), y.to_numpy()
    X_res, _ = check_balanced_smote(SMOTE(random_state=0), X_np, y_np, 1, 626, 5809)
    assert X_res.dtype == X_np.dtype and np.issubdtype(X_res.dtype, np.integer)
    X_df, _ = SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_df.to_numpy())


@pytest.mark.parametrize(("percentage", "per_row"), [(100, 1), (200, 2), (300, 3)])
def test_satimage_percentage_mode_each_row_exactly(satimage, percentage, per_row):
    """The paper's SMOTE N% with N a multiple of 100: N/100 synthetic samples per row."""
    X, y = satimage
    sampler = SMOTE(percentage=percentage, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert sampler.sampling_strategy_ == {1: per_row * 626}
    assert y_res.value_counts().to_dict() == {0: 5809, 1: 626 * (1 + per_row)}
    used = np.bincount(sampler.provenance_.base, minlength=len(y))
    assert np.all(used[y.to_numpy() == 1] == per_row)
    assert np.all(used[y.to_numpy() == 0] == 0)


def test_satimage_percentage_below_100_uses_distinct_rows(satimage):
    """N = 50: a random half of the minority rows, each used exactly once."""
    X, y = satimage
    sampler = SMOTE(percentage=50, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    base = sampler.provenance_.base
    assert sampler.sampling_strategy_ == {1: 313}
    assert base.shape == (313,) and np.unique(base).shape == (313,)
    assert np.all(y.to_numpy()[base] == 1)
    assert (y_res == 1).sum() == 626 + 313


def test_satimage_box_gap_and_random_allocation(satimage):
    X, y = satimage
    sampler = SMOTE(gap="box", allocation="random", random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert y_res.value_counts().to_dict() == {0: 5809, 1: 5809}
    rec = sampler.provenance_
    Xa = X.to_numpy()
    low = np.minimum(Xa[rec.base], Xa[rec.neighbor])
    high = np.maximum(Xa[rec.base], Xa[rec.neighbor])
    synthetic = X_res.to_numpy()[len(X) :]
    assert np.all((synthetic >= low) & (synthetic <= high))


def test_phoneme(phoneme):
    X, y = phoneme
    assert (y == 1).sum() == 1586 and (y == 0).sum() == 3818
    sampler = SMOTE(random_state=0)
    X_res, _ = check_balanced_smote(sampler, X, y, 1, 1586, 3818)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    # float columns: synthetic rows lie on the segment between base and neighbour
    rec = sampler.provenance_
    Xa = X.to_numpy()
    expected = Xa[rec.base] + rec.gaps()[:, None] * (Xa[rec.neighbor] - Xa[rec.base])
    np.testing.assert_allclose(X_res.to_numpy()[len(X) :], expected, rtol=1e-12, atol=1e-12)


def test_phoneme_percentage_200(phoneme):
    X, y = phoneme
    sampler = SMOTE(percentage=200, random_state=0)
    _, y_res = sampler.fit_resample(X.to_numpy(), y.to_numpy())
    assert sampler.sampling_strategy_ == {1: 3172}
    used = np.bincount(sampler.provenance_.base, minlength=len(y))
    assert np.all(used[y.to_numpy() == 1] == 2)
    assert (y_res == 1).sum() == 3 * 1586


def test_pima_pandas():
    X, y = load_pima(return_X_y=True)
    assert (y == 1).sum() == 268 and (y == 0).sum() == 500
    X_res, y_res = check_balanced_smote(SMOTE(random_state=0), X, y, 1, 268, 500)
    assert X_res.dtypes.to_dict() == X.dtypes.to_dict()
    integer_columns = [c for c in X.columns if np.issubdtype(X[c].dtype, np.integer)]
    assert "glucose" in integer_columns and "bmi" not in integer_columns
    assert y_res.name == y.name


def test_pima_numpy():
    X, y = load_pima(return_X_y=True, as_frame=False)
    X_res, _ = check_balanced_smote(SMOTE(random_state=0), X, y, 1, 268, 500)
    assert X_res.dtype == np.float64


def test_pima_percentage_modes():
    X, y = load_pima(return_X_y=True)
    sampler = SMOTE(percentage=100, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert y_res.value_counts().to_dict() == {0: 500, 1: 536}
    assert np.all(np.bincount(sampler.provenance_.base, minlength=768)[y.to_numpy() == 1] == 1)
    sampler = SMOTE(percentage=250, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert sampler.sampling_strategy_ == {1: 670}
    used = np.bincount(sampler.provenance_.base, minlength=768)[y.to_numpy() == 1]
    assert np.bincount(used).tolist() == [0, 0, 134, 134]


def test_credit_g_nominal_columns_are_refused(data_dir):
    frame = pd.read_csv(data_dir / "credit_g.csv")
    X, y = frame.drop(columns="label"), frame["label"]
    with pytest.raises(NonNumericFeatureError, match="SMOTENC") as info:
        SMOTE(random_state=0).fit_resample(X, y)
    assert "'checking_status'" in str(info.value) and "'duration'" not in str(info.value)
    # the numeric part resamples, string labels and all
    numeric = X.select_dtypes("number")
    X_res, y_res = SMOTE(random_state=0).fit_resample(numeric, y)
    assert y_res.value_counts().to_dict() == {"good": 700, "bad": 700}
    assert list(X_res.columns) == list(numeric.columns)


# ---- the under-samplers and ensembles added for parity, on the real sets ----------------
def _arrays(frame_pair):
    X, y = frame_pair
    return X.to_numpy(), y.to_numpy()


def test_editing_and_nearmiss_keep_imblearns_rows_on_phoneme(phoneme):
    under = pytest.importorskip("imblearn.under_sampling")
    from smotekit import AllKNN, NearMiss, RepeatedEditedNearestNeighbours

    X, y = _arrays(phoneme)
    pairs = [
        (RepeatedEditedNearestNeighbours(), under.RepeatedEditedNearestNeighbours()),
        (AllKNN(), under.AllKNN()),
        *[(NearMiss(version=v), under.NearMiss(version=v)) for v in (1, 2, 3)],
    ]
    for ours, theirs in pairs:
        ours.fit_resample(X, y)
        theirs.fit_resample(X, y)
        np.testing.assert_array_equal(ours.sample_indices_, theirs.sample_indices_)


def test_enn_on_satimage_differs_from_imblearn_only_at_tied_distances(satimage):
    """satimage's pixel values tie: where the 3rd and 4th nearest rows are equally far,
    smotekit takes the smaller index (its contract), scikit-learn's brute search either."""
    under = pytest.importorskip("imblearn.under_sampling")
    from sklearn.neighbors import NearestNeighbors

    from smotekit import EditedNearestNeighbours

    X, y = _arrays(satimage)
    ours, theirs = EditedNearestNeighbours(), under.EditedNearestNeighbours()
    ours.fit_resample(X, y)
    theirs.fit_resample(X, y)
    differ = sorted(set(ours.sample_indices_) ^ set(theirs.sample_indices_))
    assert len(differ) <= 10
    distances, _ = NearestNeighbors(n_neighbors=5).fit(X).kneighbors(X[differ])
    np.testing.assert_allclose(distances[:, 3], distances[:, 4])  # a tie at the 3rd voter


def test_cnn_ncr_and_oss_on_phoneme(phoneme):
    under = pytest.importorskip("imblearn.under_sampling")
    from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

    from smotekit import CondensedNearestNeighbour, NeighbourhoodCleaningRule, OneSidedSelection

    X, y = _arrays(phoneme)
    cnn = CondensedNearestNeighbour(random_state=0)
    cnn.fit_resample(X, y)
    kept = cnn.sample_indices_
    majority = np.flatnonzero(y == 0)
    # Hart's rule ends consistent: the store classifies every majority row correctly
    knn = KNeighborsClassifier(1).fit(X[kept], y[kept])
    assert (knn.predict(X[majority]) == 0).all() and len(kept) < len(y)
    ncr = NeighbourhoodCleaningRule()
    ncr.fit_resample(X, y)
    theirs = under.NeighbourhoodCleaningRule()
    theirs.fit_resample(X, y)
    # the paper's rule removes more rows; a row only smotekit keeps sits at a tie: it is a
    # minority row's 3rd nearest as far as a smaller-indexed row (phoneme has duplicates)
    assert len(ncr.sample_indices_) < len(theirs.sample_indices_)
    extra = sorted(set(ncr.sample_indices_) - set(theirs.sample_indices_))
    assert len(extra) <= 3
    minority = np.flatnonzero(y == 1)
    distances, found = NearestNeighbors(n_neighbors=5).fit(X).kneighbors(X[minority])
    for row in extra:
        at = np.argwhere(found[:, 1:] == row)
        assert any(np.isclose(distances[m, 3], distances[m, 4]) for m, _ in at)
    oss = OneSidedSelection(random_state=0)
    _, y_res = oss.fit_resample(X, y)
    assert (y_res == 1).sum() == (y == 1).sum() and (y_res == 0).sum() < (y == 0).sum()


def test_ensembles_and_metrics_on_satimage(satimage):
    ensemble = pytest.importorskip("imblearn.ensemble")
    imblearn_metrics = pytest.importorskip("imblearn.metrics")
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.model_selection import train_test_split

    from smotekit import metrics
    from smotekit.ensemble import BalancedBaggingClassifier, BalancedRandomForestClassifier

    X, y = _arrays(satimage)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)
    for ours, theirs in (
        (
            BalancedBaggingClassifier(random_state=0),
            ensemble.BalancedBaggingClassifier(random_state=0),
        ),
        (
            BalancedRandomForestClassifier(n_estimators=30, random_state=0),
            ensemble.BalancedRandomForestClassifier(n_estimators=30, random_state=0),
        ),
    ):
        pred_ours = ours.fit(X_tr, y_tr).predict(X_te)
        pred_theirs = theirs.fit(X_tr, y_tr).predict(X_te)
        a = balanced_accuracy_score(y_te, pred_ours)
        b = balanced_accuracy_score(y_te, pred_theirs)
        assert a > 0.8 and abs(a - b) < 0.03
        for name in ("geometric_mean_score", "sensitivity_score", "specificity_score"):
            np.testing.assert_allclose(
                getattr(metrics, name)(y_te, pred_ours),
                getattr(imblearn_metrics, name)(y_te, pred_ours),
                rtol=0,
                atol=1e-12,
            )
