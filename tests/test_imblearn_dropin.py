"""smotekit as a drop-in for imbalanced-learn: the same user code, only the import switched.

``USER_CODE`` is what an imbalanced-learn user typically writes. It runs once after
``from imblearn... import ...`` and once after ``from smotekit import ...``; both runs must
work and produce the same class counts everywhere.
"""

from __future__ import annotations

import functools
import textwrap

import numpy as np
import pytest

pytest.importorskip("imblearn")

IMPORTS = {
    "imblearn": """
        from imblearn.over_sampling import SMOTE, RandomOverSampler
        from imblearn.under_sampling import RandomUnderSampler
    """,
    "smotekit": """
        from smotekit import SMOTE, RandomOverSampler, RandomUnderSampler
    """,
}

USER_CODE = """
    from collections import Counter

    import numpy as np
    import pandas as pd
    from imblearn.pipeline import Pipeline, make_pipeline
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import StandardScaler

    X, y = make_classification(
        n_samples=600, n_features=6, n_informative=4, weights=[0.85, 0.15],
        random_state=7,
    )
    X = pd.DataFrame(X, columns=[f"f{i}" for i in range(6)])
    y = pd.Series(y, name="churned")
    results = {"original": Counter(y)}

    # 1. the classic pipeline, cross-validated (resampling only on the training folds)
    pipe = Pipeline([
        ("scale", StandardScaler()),
        ("smote", SMOTE(random_state=0)),
        ("model", LogisticRegression(max_iter=1000)),
    ])
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    results["cv_auc"] = cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc")

    pipe.fit(X, y)
    results["pipeline_predictions"] = pipe.predict(X.iloc[:5])
    results["pipeline_step"] = type(pipe.named_steps["smote"]).__module__

    # 2. fit_resample on pandas, with every form of sampling_strategy
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    results["auto"] = Counter(y_res)
    results["auto_columns"] = list(X_res.columns)
    results["auto_types"] = (type(X_res).__name__, type(y_res).__name__, y_res.name)

    _, y_res = SMOTE(sampling_strategy=0.6, random_state=0).fit_resample(X, y)
    results["float"] = Counter(y_res)

    _, y_res = SMOTE(sampling_strategy={1: 300}, random_state=0).fit_resample(X, y)
    results["dict"] = Counter(y_res)

    def half_of_majority(labels):
        counts = Counter(labels)
        return {1: max(counts[1], counts[0] // 2)}

    _, y_res = SMOTE(sampling_strategy=half_of_majority, random_state=0).fit_resample(X, y)
    results["callable"] = Counter(y_res)

    # 3. k_neighbors given as an estimator (k + 1 neighbours, the query point included)
    smote = SMOTE(k_neighbors=NearestNeighbors(n_neighbors=6), random_state=0)
    _, y_res = smote.fit_resample(X, y)
    results["nn_estimator"] = Counter(y_res)
    results["sampling_strategy_"] = dict(smote.sampling_strategy_)

    # 4. the random samplers
    _, y_res = RandomOverSampler(random_state=0).fit_resample(X, y)
    results["ros"] = Counter(y_res)
    ros = RandomOverSampler(sampling_strategy=0.5, random_state=0)
    _, y_res = ros.fit_resample(X.to_numpy(), y.to_numpy())
    results["ros_float"] = Counter(y_res)
    results["ros_indices"] = len(ros.sample_indices_)
    rus = RandomUnderSampler(random_state=0)
    X_res, y_res = rus.fit_resample(X, y)
    results["rus"] = Counter(y_res)
    results["rus_indices"] = len(rus.sample_indices_)
    _, y_res = RandomUnderSampler(sampling_strategy={0: 200}, random_state=0).fit_resample(X, y)
    results["rus_dict"] = Counter(y_res)

    # 5. under- then over-sampling in one pipeline
    pipe = make_pipeline(
        RandomUnderSampler(sampling_strategy=0.3, random_state=0),
        SMOTE(sampling_strategy="minority", random_state=0),
        LogisticRegression(max_iter=1000),
    )
    results["chained_auc"] = cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc")
"""


@functools.cache
def run_user_code(library: str) -> dict:
    """Run USER_CODE after the library's import (once per library per session)."""
    namespace: dict = {}
    code = textwrap.dedent(IMPORTS[library]) + textwrap.dedent(USER_CODE)
    exec(compile(code, f"<user code with {library}>", "exec"), namespace)
    return namespace["results"]


@pytest.mark.parametrize("library", list(IMPORTS))
def test_user_code_runs(library):
    results = run_user_code(library)
    assert results["pipeline_step"].startswith(library)
    for key in ("cv_auc", "chained_auc"):
        scores = results[key]
        assert scores.shape == (3,)
        assert np.all(np.isfinite(scores)) and np.all(scores > 0.7), scores
    assert results["auto_types"] == ("DataFrame", "Series", "churned")
    assert results["auto_columns"] == [f"f{i}" for i in range(6)]
    assert results["auto"][0] == results["auto"][1] == results["original"][0]


COUNT_KEYS = [
    "auto",
    "float",
    "dict",
    "callable",
    "nn_estimator",
    "sampling_strategy_",
    "ros",
    "ros_float",
    "ros_indices",
    "rus",
    "rus_indices",
    "rus_dict",
]


@pytest.mark.parametrize("key", COUNT_KEYS)
def test_counts_match_imblearn(key):
    assert run_user_code("smotekit")[key] == run_user_code("imblearn")[key]
