"""FunctionSampler and sample_weight: the protocol's extra fit parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.tree import DecisionTreeClassifier

from smotekit import (
    ADASYN,
    SMOTE,
    SMOTEENN,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    EditedNearestNeighbours,
    FunctionSampler,
    InvalidInputError,
    InvalidParameterError,
    KMeansSMOTE,
    RandomOverSampler,
    RandomUnderSampler,
    SMOTETomek,
    SMOTEUnder,
    SyntheticNoiseFilter,
    TomekLinks,
)
from smotekit.datasets import load_pima
from smotekit.pipeline import Pipeline


@pytest.fixture(scope="module")
def data():
    X, y = load_pima(return_X_y=True)
    return (X - X.mean()) / X.std(), y


@pytest.fixture(scope="module")
def credit_g(data_dir):
    frame = pd.read_csv(data_dir / "credit_g.csv")
    return frame.drop(columns="label"), frame["label"]


def _drop_outliers(X, y, limit):
    keep = (np.abs(X) < limit).all(axis=1)
    return X[keep], y[keep]


# ---- FunctionSampler ----------------------------------------------------------------------
def test_function_sampler_matches_imblearn(data):
    imblearn = pytest.importorskip("imblearn")
    X, y = data
    ours = FunctionSampler(func=_drop_outliers, kw_args={"limit": 2.5}).fit_resample(X, y)
    theirs = imblearn.FunctionSampler(func=_drop_outliers, kw_args={"limit": 2.5}).fit_resample(
        X, y
    )
    pd.testing.assert_frame_equal(ours[0], theirs[0])
    pd.testing.assert_series_equal(ours[1], theirs[1])
    assert len(ours[0]) < len(X)  # the function did remove rows


def test_function_sampler_restores_containers(data):
    X, y = data
    X_int = (X * 10).round().astype("int64")
    X_res, y_res = FunctionSampler(func=_drop_outliers, kw_args={"limit": 25}).fit_resample(
        X_int, y.rename("outcome")
    )
    assert list(X_res.columns) == list(X.columns)
    assert (X_res.dtypes == "int64").all()
    assert y_res.name == "outcome" and y_res.dtype == y.dtype
    lists = FunctionSampler().fit_resample(X.to_numpy().tolist(), y.tolist())
    assert isinstance(lists[0], list) and isinstance(lists[1], list)
    sparse = sp.csr_matrix(X.to_numpy())
    X_sp, _ = FunctionSampler().fit_resample(sparse, y)
    assert sp.issparse(X_sp) and (X_sp != sparse).nnz == 0
    with pytest.raises(InvalidInputError, match="accept_sparse=True"):
        FunctionSampler(accept_sparse=False).fit_resample(sparse, y)


def test_function_sampler_validate_false_hands_over_the_containers(data):
    X, y = data
    seen = {}

    def look(X, y):
        seen["types"] = (type(X), type(y))
        return X.iloc[:10], y.iloc[:10]

    X_res, y_res = FunctionSampler(func=look, validate=False).fit_resample(X, y)
    assert seen["types"] == (pd.DataFrame, pd.Series)
    assert X_res.index.tolist() == X.index[:10].tolist()
    pd.testing.assert_series_equal(y_res, y.iloc[:10])


def test_function_sampler_fit_params_and_errors(data):
    X, y = data
    sampler = FunctionSampler(func=_drop_outliers)
    X_res, _ = sampler.fit_resample(X, y, limit=2.0)
    assert len(X_res) == int((np.abs(X) < 2.0).all(axis=1).sum())
    assert sampler.sampling_strategy_ == {} and sampler.n_features_in_ == X.shape[1]
    with pytest.raises(InvalidParameterError, match="kw_args already sets"):
        FunctionSampler(func=_drop_outliers, kw_args={"limit": 2}).fit_resample(X, y, limit=3)
    with pytest.raises(InvalidParameterError, match=r"does not take \['sample_weight'\]"):
        sampler.fit_resample(X, y, limit=2.0, sample_weight=np.ones(len(y)))
    with pytest.raises(InvalidParameterError, match="must be a callable"):
        FunctionSampler(func="drop").fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="kw_args"):
        FunctionSampler(kw_args=[1]).fit_resample(X, y)
    with pytest.raises(InvalidInputError, match="must return"):
        FunctionSampler(func=lambda X, y: X).fit_resample(X, y)
    with pytest.raises(InvalidInputError, match="single class"):
        FunctionSampler().fit_resample(X, np.zeros(len(y)))


def test_function_sampler_weights_and_pipelines(data):
    X, y = data

    def keep_weighted(X, y, sample_weight):
        keep = sample_weight > 1.5
        return X[keep], y[keep], sample_weight[keep]

    w = np.linspace(1, 2, len(y))
    X_res, y_res, w_res = FunctionSampler(func=keep_weighted).fit_resample(X, y, sample_weight=w)
    assert len(X_res) == len(y_res) == len(w_res) == int((w > 1.5).sum())
    with pytest.raises(InvalidInputError, match="returned two values"):
        FunctionSampler(func=lambda X, y, sample_weight: (X, y)).fit_resample(X, y, sample_weight=w)
    ours = Pipeline(
        [
            ("drop", FunctionSampler(func=_drop_outliers, kw_args={"limit": 3})),
            ("tree", DecisionTreeClassifier(max_depth=3, random_state=0)),
        ]
    )
    assert cross_val_score(ours, X, y, cv=3).shape == (3,)
    imb_pipeline = pytest.importorskip("imblearn.pipeline")
    theirs = imb_pipeline.Pipeline(
        [
            ("drop", FunctionSampler(func=_drop_outliers, kw_args={"limit": 3})),
            ("tree", DecisionTreeClassifier(max_depth=3, random_state=0)),
        ]
    )
    np.testing.assert_array_equal(
        cross_val_score(ours, X, y, cv=3), cross_val_score(theirs, X, y, cv=3)
    )


# ---- sample_weight through every sampler --------------------------------------------------
SAMPLERS = [
    SMOTE(random_state=0),
    SMOTE(random_state=0, gap="box"),
    BorderlineSMOTE(random_state=0, kind="borderline-2"),
    ADASYN(random_state=0),
    SVMSMOTE(random_state=0),
    KMeansSMOTE(random_state=0, cluster_balance_threshold=0.1),
    RandomOverSampler(random_state=0),
    RandomOverSampler(random_state=0, shrinkage=1.0),
    RandomUnderSampler(random_state=0),
    TomekLinks(),
    EditedNearestNeighbours(),
    SMOTETomek(random_state=0),
    SMOTEENN(random_state=0),
    SMOTEUnder(random_state=0),
    SyntheticNoiseFilter(random_state=0),
]


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: repr(s))
def test_sample_weight_follows_the_rows(data, sampler):
    X, y = data
    w = np.linspace(1, 3, len(y))
    plain = sampler.fit_resample(X, y)
    X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=w)
    pd.testing.assert_frame_equal(X_res, plain[0])  # the rows do not depend on the weights
    pd.testing.assert_series_equal(y_res, plain[1])
    assert w_res.shape == (len(X_res),) and w_res.dtype == np.float64
    # every output row's weight lies between the smallest and largest input weights, and a
    # row equal to an input row has that row's weight when it is unique in X
    assert w_res.min() >= 1 and w_res.max() <= 3
    index_of = {tuple(row): i for i, row in enumerate(X.to_numpy())}
    for row, weight in zip(X_res.to_numpy()[:50], w_res[:50], strict=True):
        if tuple(row) in index_of:
            assert weight == w[index_of[tuple(row)]]


def test_synthetic_weight_rule(data):
    X, y = data
    w = np.random.default_rng(0).uniform(0, 5, len(y))
    sampler = SMOTE(random_state=0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=w)
    prov = sampler.provenance_
    gap = prov.gaps()
    expected = w[prov.base] + gap * (w[prov.neighbor] - w[prov.base])
    np.testing.assert_allclose(w_res[prov.first_row :], expected)
    np.testing.assert_array_equal(w_res[: len(y)], w)
    under = RandomUnderSampler(random_state=0)
    _, _, w_under = under.fit_resample(X, y, sample_weight=w)
    np.testing.assert_array_equal(w_under, w[under.sample_indices_])


def test_sample_weight_nominal_samplers(credit_g):
    X, y = credit_g
    w = np.linspace(1, 2, len(y))
    nominal = X.select_dtypes(exclude="number")
    for sampler, X_in in (
        (SMOTENC(categorical_features="auto", random_state=0), X),
        (SMOTEN(random_state=0), nominal),
    ):
        X_res, y_res, w_res = sampler.fit_resample(X_in, y, sample_weight=w)
        assert len(w_res) == len(y_res) == len(X_res) > len(y)
        assert 1 <= w_res.min() <= w_res.max() <= 2


def test_bad_sample_weight_is_refused(data):
    X, y = data
    with pytest.raises(InvalidInputError, match="one value per row"):
        SMOTE().fit_resample(X, y, sample_weight=np.ones(3))
    with pytest.raises(InvalidInputError, match="first at row 2"):
        SMOTE().fit_resample(X, y, sample_weight=np.r_[1.0, 1.0, -1.0, np.ones(len(y) - 3)])
    with pytest.raises(InvalidInputError, match="could not be read"):
        SMOTE().fit_resample(X, y, sample_weight=["a"] * len(y))
    with pytest.raises(InvalidParameterError, match="unexpected keyword"):
        SMOTE().fit_resample(X, y, sample_weights=np.ones(len(y)))


def test_pipeline_resamples_the_classifiers_weights(data):
    X, y = data
    w = np.linspace(1, 2, len(y))
    X_r, y_r, w_r = SMOTE(random_state=0).fit_resample(X, y, sample_weight=w)
    expected = LogisticRegression(max_iter=1000).fit(X_r, y_r, sample_weight=w_r).coef_
    pipe = Pipeline([("smote", SMOTE(random_state=0)), ("clf", LogisticRegression(max_iter=1000))])
    np.testing.assert_allclose(pipe.fit(X, y, clf__sample_weight=w)[-1].coef_, expected)
    # the weights given to the sampler itself are passed on resampled, too
    pipe.fit(X, y, smote__sample_weight=w, clf__sample_weight=w)
    np.testing.assert_allclose(pipe[-1].coef_, expected)
    with sklearn.config_context(enable_metadata_routing=True):
        routed = Pipeline(
            [
                ("smote", SMOTE(random_state=0)),
                ("clf", LogisticRegression(max_iter=1000).set_fit_request(sample_weight=True)),
            ]
        )
        np.testing.assert_allclose(routed.fit(X, y, sample_weight=w)[-1].coef_, expected)
    with pytest.raises(ValueError, match="different sample_weight"):
        Pipeline(
            [
                ("smote", SMOTE(random_state=0)),
                ("scale", "passthrough"),
                ("clf", LogisticRegression()),
            ]
        ).fit(X, y, scale__sample_weight=w[::-1], clf__sample_weight=w)
