"""``indicator=``: a last column marking the rows a sampler added (R themis's indicator)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from smotekit import (
    ADASYN,
    SMOTE,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    GeometricSMOTE,
    InvalidParameterError,
    KMeansSMOTE,
    PolynomFitSMOTE,
    ProWSyn,
    RandomOverSampler,
    SafeLevelSMOTE,
)
from smotekit.datasets import load_pima
from smotekit.scale.plan import OutOfCoreError, rows_needed

NUMERIC = [
    SMOTE,
    ADASYN,
    BorderlineSMOTE,
    SVMSMOTE,
    KMeansSMOTE,
    SafeLevelSMOTE,
    ProWSyn,
    GeometricSMOTE,
    PolynomFitSMOTE,
]


@pytest.fixture(scope="module")
def pima():
    X, y = load_pima(return_X_y=True)
    return X, y


@pytest.mark.parametrize("cls", [*NUMERIC, RandomOverSampler])
def test_the_column_marks_exactly_the_added_rows_and_nothing_else_changes(cls, pima):
    X, y = pima
    plain = cls(random_state=0)
    marked = cls(random_state=0, indicator="added")
    X_plain, y_plain = plain.fit_resample(X, y)
    X_marked, y_marked = marked.fit_resample(X, y)
    assert list(X_marked.columns) == [*X.columns, "added"]
    assert X_marked["added"].dtype == bool
    pd.testing.assert_frame_equal(X_marked.drop(columns="added"), X_plain)
    pd.testing.assert_series_equal(y_marked, y_plain)
    # the input's rows come first, unmarked; every row after them was added
    n_added = len(y_plain) - len(y)
    assert not X_marked["added"].iloc[: len(y)].any()
    assert X_marked["added"].iloc[len(y) :].all() and X_marked["added"].sum() == n_added
    names = marked.get_feature_names_out()
    assert list(names) == [*X.columns, "added"]


def test_every_container_gets_the_column_in_its_own_kind(pima):
    polars = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    X, y = pima
    A, labels = X.to_numpy(), y.to_numpy()
    sampler = SMOTE(random_state=0, indicator="synthetic")
    X_ref, _ = SMOTE(random_state=0).fit_resample(A, labels)
    flags = np.arange(X_ref.shape[0]) >= len(labels)

    out, _ = sampler.fit_resample(A, labels)
    assert out.dtype == A.dtype and out.shape == (X_ref.shape[0], A.shape[1] + 1)
    np.testing.assert_array_equal(out[:, :-1], X_ref)
    np.testing.assert_array_equal(out[:, -1], flags.astype(A.dtype))

    as_int, _ = SMOTE(random_state=0, indicator="s").fit_resample(A.astype(np.int64), labels)
    assert as_int.dtype == np.int64 and as_int[:, -1].tolist() == flags.astype(int).tolist()

    for matrix in (sp.csr_matrix(A), sp.csc_matrix(A)):
        out, _ = sampler.fit_resample(matrix, labels)
        assert out.format == matrix.format and out.shape[1] == A.shape[1] + 1
        np.testing.assert_array_equal(out.toarray()[:, -1], flags)

    out, _ = sampler.fit_resample(polars.from_pandas(X), labels)
    assert isinstance(out, polars.DataFrame) and out["synthetic"].to_list() == flags.tolist()

    out, _ = sampler.fit_resample(pa.Table.from_pandas(X, preserve_index=False), labels)
    assert isinstance(out, pa.Table) and out.column("synthetic").to_pylist() == flags.tolist()

    rows, _ = sampler.fit_resample(A.tolist(), labels.tolist())
    assert [row[-1] for row in rows] == flags.tolist()


def test_nominal_samplers_mark_their_rows():
    X = pd.DataFrame(
        {"a": list("xyzxyzxyzxyzxy"), "b": list("ppqqppqqppqqpq"), "c": np.arange(14.0)}
    )
    y = np.array([0] * 10 + [1] * 4)
    out, _ = SMOTENC(categorical_features=["a", "b"], k_neighbors=2, indicator="new",
                     random_state=0).fit_resample(X, y)  # fmt: skip
    assert out["new"].sum() == 6 and not out["new"].iloc[:14].any()
    out, _ = SMOTEN(k_neighbors=2, indicator="new", random_state=0).fit_resample(X[["a", "b"]], y)
    assert out["new"].sum() == 6 and list(out.columns) == ["a", "b", "new"]


def test_the_input_is_never_modified(pima):
    X, y = pima
    before = X.copy()
    SMOTE(random_state=0, indicator="added").fit_resample(X, y)
    pd.testing.assert_frame_equal(X, before)
    assert "added" not in X.columns


def test_a_name_already_in_X_or_an_empty_one_is_refused_before_any_work(pima):
    X, y = pima
    with pytest.raises(InvalidParameterError, match="indicator='age' is already a column of X"):
        SMOTE(indicator="age").fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="indicator='' must be None or the name"):
        SMOTE(indicator="").fit_resample(X, y)
    with pytest.raises(InvalidParameterError, match="indicator=3 must be None or the name"):
        SMOTE(indicator=3).fit_resample(X, y)


def test_streaming_and_dask_refuse_it_clearly():
    with pytest.raises(OutOfCoreError, match="indicator= adds a column"):
        rows_needed(SMOTE(indicator="added"))
    assert rows_needed(SMOTE()) == "targeted rows"
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame({"a": np.arange(20.0), "label": [0] * 15 + [1] * 5})
    ddf = dd.from_pandas(frame, npartitions=2)
    with pytest.raises(OutOfCoreError, match="indicator= adds a column"):
        SMOTE(indicator="added", k_neighbors=2).fit_resample(ddf[["a"]], ddf["label"])
