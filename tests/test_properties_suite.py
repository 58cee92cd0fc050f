"""Properties of every sampler of the package, over random data (hypothesis, issue #17).

Each property draws a tiny labelled data set (8 to 33 rows, 1 to 4 columns; float64, float32
or int64; labels of several kinds) and, where it speaks of "every sampler", one sampler of the
package with options drawn for it: :data:`SPECS` holds every public sampler class
(``test_the_registry_holds_every_public_sampler`` keeps it so). The number of examples comes
from the hypothesis profile (``tests/conftest.py``): 300 per property under a plain
``python -m pytest``, about 30 with ``HYPOTHESIS_PROFILE=dev``; no property here sets its own.

* originals: inputs untouched; original rows bit-exact, in input order; dtype, width and
  labels kept; pandas index and column dtypes kept; ``sample_indices_`` consistent;
* counts: exact for every ``sampling_strategy`` form; forms naming the same counts give the
  same rows; cleaning touches only the classes it names; combined samplers' counts; a
  balanced set is left as it is;
* geometry: every synthetic row on its segment or in its box, within its variant's range of
  gaps; nominal values voted from the neighbourhood; exact under power-of-two scaling;
  identical parents give the parent back;
* determinism: a seed (int or Generator) fixes the output whatever ``n_jobs``, the render
  block sizes and kernel, the container (list, pandas, polars, sparse), a pipeline or the
  labels' names;
* out of core: streamed files and Dask collections give the in-memory rows;
* extremes: no non-finite output for finite input across float64's whole range (float32's,
  float16's), synthetic values between their parents; integer columns never wrap.
"""

from __future__ import annotations

import functools
import itertools
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import event, example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.tree import DecisionTreeClassifier

import smotekit
from smotekit import (
    ADASYN,
    CCR,
    LVQSMOTE,
    SMOBD,
    SMOTE,
    SMOTEENN,
    SMOTEIPF,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    AllKNN,
    AssembledSMOTE,
    BorderlineSMOTE,
    ClusterCentroids,
    CondensedNearestNeighbour,
    EditedNearestNeighbours,
    FunctionSampler,
    GeometricSMOTE,
    InstanceHardnessThreshold,
    InvalidInputError,
    IterativePartitioningFilter,
    KMeansSMOTE,
    LeeSMOTE,
    NearMiss,
    NeighbourhoodCleaningRule,
    OneSidedSelection,
    PolynomFitSMOTE,
    ProWSyn,
    RandomOverSampler,
    RandomUnderSampler,
    RepeatedEditedNearestNeighbours,
    SafeLevelSMOTE,
    SmotekitWarning,
    SMOTETomek,
    SMOTEUnder,
    SyntheticNoiseFilter,
    TomekLinks,
)
from smotekit.door.checks import FLOAT32_LIMIT

pytestmark = [
    pytest.mark.filterwarnings("ignore::smotekit.SmotekitWarning"),
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    # values near float64's limits: numpy and scikit-learn say when a step overflows
    pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
]


@pytest.fixture(autouse=True, scope="module")
def _one_native_thread():
    """Run scikit-learn's OpenMP and BLAS code on one thread: on data this small, waking a
    pool of threads (KMeans, SVC, the trees) costs far more than the work, and much more on
    a busy machine. smotekit's own ``n_jobs`` threads are not affected."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


GAPS = ("segment", "box")
ALLOCATIONS = ("even", "random")
LABEL_SETS = (
    np.array([0, 1, 2]),
    np.array([-1, 0, 1]),
    np.array([-128, 0, 127], dtype=np.int8),
    np.array([2**64 - 3, 2**64 - 2, 2**64 - 1], dtype=np.uint64),
    np.array(["cat", "dog", "eel"]),
)
DTYPES = (np.float64, np.float32, np.int64)
F64_MAX = float(np.finfo(np.float64).max)


# ---- data --------------------------------------------------------------------------------
@st.composite
def tables(
    draw,
    dtypes=DTYPES,
    min_rows: int = 4,
    max_rows: int = 11,
    n_classes: tuple[int, int] = (2, 3),
    max_features: int = 4,
    labels=LABEL_SETS,
    ties: bool = True,
    equal: bool = False,
):
    """``(X, y)``: 2 or 3 classes of ``min_rows``..``max_rows`` rows each, rows shuffled.

    Classes are Gaussian blobs, apart or overlapping; ``ties`` allows values on a coarse
    grid (equal distances, duplicated rows).
    """
    dtype = np.dtype(draw(st.sampled_from(dtypes)))
    c = draw(st.integers(*n_classes))
    if equal:
        sizes = [draw(st.integers(min_rows, max_rows))] * c
    else:
        sizes = draw(st.lists(st.integers(min_rows, max_rows), min_size=c, max_size=c))
    d = draw(st.integers(1, max_features))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = sum(sizes)
    centres = rng.normal(size=(c, d)) * draw(st.sampled_from([0.0, 1.0, 4.0]))
    X = np.repeat(centres, sizes, axis=0) + rng.normal(size=(n, d))
    if ties and draw(st.booleans()):
        X = np.round(X * 2) / 2
    scale = draw(st.sampled_from([1e-3, 1.0, 1e3]))
    X = X * scale if dtype.kind == "f" else np.round(X * 10)
    label_set = draw(st.sampled_from(labels))
    y = np.repeat(label_set[:c], sizes)
    order = rng.permutation(n)
    return np.ascontiguousarray(X[order].astype(dtype)), y[order]


def nominal_codes(column: np.ndarray) -> np.ndarray:
    """A column turned into 3 category codes, in its own dtype."""
    return (np.floor(np.abs(column.astype(np.float64))) % 3).astype(column.dtype)


def adapt_last_nominal(X: np.ndarray) -> np.ndarray:
    """SMOTE-NC's data: the last column holds category codes (one is added to a lone one)."""
    if X.shape[1] == 1:
        return np.ascontiguousarray(np.column_stack([X, nominal_codes(X[:, 0])]))
    X = X.copy()
    X[:, -1] = nominal_codes(X[:, -1])
    return X


def adapt_all_nominal(X: np.ndarray) -> np.ndarray:
    """SMOTE-N's data: every column holds category codes."""
    return np.ascontiguousarray(
        np.column_stack([nominal_codes(X[:, j]) for j in range(X.shape[1])])
    )


def _identity(X: np.ndarray) -> np.ndarray:
    return X


def every_other_row(X, y, sample_weight=None):
    """FunctionSampler's function: keep rows 0, 2, 4, ..."""
    if sample_weight is None:
        return X[::2], y[::2]
    return X[::2], y[::2], sample_weight[::2]


# ---- the registry of samplers ------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """A sampler class, its family, the options drawn for it and how to build it.

    ``family``: ``"over"`` (the SMOTE family), ``"copy"`` (RandomOverSampler), ``"under"``,
    ``"clean"``, ``"combined"`` (over-sampling then a second step) or ``"function"``.
    ``strategy``: which ``sampling_strategy`` forms it takes (``"over"``, ``"under"``,
    ``"clean"`` or ``None``: none).
    """

    name: str
    cls: type
    family: str
    strategy: str | None
    options: Callable[[int], st.SearchStrategy]
    adapt: Callable[[np.ndarray], np.ndarray] = _identity
    build: Callable[..., Any] | None = None

    def make(self, opts: dict, strategy: Any = None, seed: Any = 0, n_jobs: Any = None) -> Any:
        if self.build is not None:
            return self.build(opts, strategy, seed, n_jobs)
        kw = dict(opts)
        params = self.cls().get_params(deep=False)
        if strategy is not None:
            kw["sampling_strategy"] = strategy
        if "random_state" in params:
            kw["random_state"] = seed
        if n_jobs is not None and "n_jobs" in params:
            kw["n_jobs"] = n_jobs
        return self.cls(**kw)

    @property
    def seeded(self) -> bool:
        return "random_state" in self.cls().get_params(deep=False)

    @property
    def threaded(self) -> bool:
        return "n_jobs" in self.cls().get_params(deep=False)


def _opts(**fields) -> Callable[[int], st.SearchStrategy]:
    """Options as a function of ``k``: values are strategies, or callables ``k -> strategy``."""

    @functools.cache
    def options(k: int) -> st.SearchStrategy:
        return st.fixed_dictionaries(
            {
                name: (
                    value(k)
                    if callable(value) and not isinstance(value, st.SearchStrategy)
                    else value
                )
                for name, value in fields.items()
            }
        )

    return options


def _k(k: int) -> st.SearchStrategy:
    return st.just(k)


def _up_to_k(k: int) -> st.SearchStrategy:
    return st.integers(1, k)


def _inner_smote(opts: dict, strategy: Any) -> SMOTE:
    return SMOTE(k_neighbors=opts["k"], gap=opts["gap"], sampling_strategy=strategy or "auto")


def _build_smoteenn(opts, strategy, seed, n_jobs):
    return SMOTEENN(
        sampling_strategy=strategy or "auto",
        smote=_inner_smote(opts, strategy),
        random_state=seed,
        n_jobs=n_jobs,
    )


def _build_smotetomek(opts, strategy, seed, n_jobs):
    return SMOTETomek(
        sampling_strategy=strategy or "auto",
        smote=_inner_smote(opts, strategy),
        random_state=seed,
        n_jobs=n_jobs,
    )


def _build_smote_ipf(opts, strategy, seed, n_jobs):
    return SMOTEIPF(
        sampling_strategy=strategy or "auto",
        smote=_inner_smote(opts, strategy),
        ipf=IterativePartitioningFilter(
            n_partitions=opts["parts"], fit_on=opts.get("fit_on", "part")
        ),
        random_state=seed,
        n_jobs=n_jobs,
    )


def _build_noise_filter(opts, strategy, seed, n_jobs):
    inner = _inner_smote(opts, strategy)
    if n_jobs is not None:
        inner.set_params(n_jobs=n_jobs)
    return SyntheticNoiseFilter(
        inner,
        detector=opts["detector"],
        n_neighbors=opts["n_neighbors"],
        top_up=opts["top_up"],
        max_rounds=opts["max_rounds"],
        random_state=seed,
    )


def _build_iht(opts, strategy, seed, n_jobs):
    return InstanceHardnessThreshold(
        estimator=DecisionTreeClassifier(max_depth=opts["depth"]),
        cv=2,
        sampling_strategy=strategy or "auto",
        random_state=seed,
        n_jobs=n_jobs,
    )


def _build_function(opts, strategy, seed, n_jobs):
    return FunctionSampler(func=every_other_row)


SPECS = (
    Spec(
        "SMOTE",
        SMOTE,
        "over",
        "over",
        _opts(k_neighbors=_k, gap=st.sampled_from(GAPS), allocation=st.sampled_from(ALLOCATIONS)),
    ),
    Spec(
        "ADASYN",
        ADASYN,
        "over",
        "over",
        _opts(n_neighbors=_k, gap=st.sampled_from(GAPS), allocation=st.sampled_from(ALLOCATIONS)),
    ),
    Spec(
        "BorderlineSMOTE",
        BorderlineSMOTE,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            m_neighbors=st.integers(2, 8),
            kind=st.sampled_from(["borderline-1", "borderline-2"]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "SVMSMOTE",
        SVMSMOTE,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            m_neighbors=st.integers(2, 8),
            out_step=st.sampled_from([0.2, 0.5, 1.0]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "KMeansSMOTE",
        KMeansSMOTE,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            kmeans_estimator=st.integers(1, 4),
            cluster_balance_threshold=st.sampled_from(["auto", 0.2]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "SafeLevelSMOTE",
        SafeLevelSMOTE,
        "over",
        "over",
        _opts(k_neighbors=_k, gap=st.sampled_from(GAPS), allocation=st.sampled_from(ALLOCATIONS)),
    ),
    Spec(
        "ProWSyn",
        ProWSyn,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            levels=st.integers(1, 5),
            theta=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "SMOTENC",
        SMOTENC,
        "over",
        "over",
        _opts(
            categorical_features=st.just([-1]),
            k_neighbors=_k,
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
        adapt=adapt_last_nominal,
    ),
    Spec(
        "SMOTEN",
        SMOTEN,
        "over",
        "over",
        _opts(k_neighbors=_k, allocation=st.sampled_from(ALLOCATIONS)),
        adapt=adapt_all_nominal,
    ),
    Spec(
        "RandomOverSampler",
        RandomOverSampler,
        "copy",
        "over",
        _opts(
            allocation=st.sampled_from(ALLOCATIONS),
            shrinkage=st.sampled_from([None, None, 0.5, 2.0]),
        ),
    ),
    Spec(
        "RandomUnderSampler", RandomUnderSampler, "under", "under", _opts(replacement=st.booleans())
    ),
    Spec(
        "NearMiss",
        NearMiss,
        "under",
        "under",
        _opts(version=st.integers(1, 3), n_neighbors=_up_to_k, n_neighbors_ver3=_up_to_k),
    ),
    Spec(
        "ClusterCentroids",
        ClusterCentroids,
        "under",
        "under",
        _opts(voting=st.sampled_from(["auto", "hard", "soft"])),
    ),
    Spec(
        "InstanceHardnessThreshold",
        InstanceHardnessThreshold,
        "under",
        "under",
        _opts(depth=st.integers(1, 3)),
        build=_build_iht,
    ),
    Spec("TomekLinks", TomekLinks, "clean", "clean", _opts()),
    Spec(
        "EditedNearestNeighbours",
        EditedNearestNeighbours,
        "clean",
        "clean",
        _opts(n_neighbors=_up_to_k, kind_sel=st.sampled_from(["all", "mode"])),
    ),
    Spec(
        "RepeatedEditedNearestNeighbours",
        RepeatedEditedNearestNeighbours,
        "clean",
        "clean",
        _opts(
            n_neighbors=_up_to_k,
            kind_sel=st.sampled_from(["all", "mode"]),
            max_iter=st.integers(1, 4),
        ),
    ),
    Spec(
        "AllKNN",
        AllKNN,
        "clean",
        "clean",
        _opts(
            n_neighbors=_up_to_k,
            kind_sel=st.sampled_from(["all", "mode"]),
            allow_minority=st.booleans(),
        ),
    ),
    Spec(
        "NeighbourhoodCleaningRule",
        NeighbourhoodCleaningRule,
        "clean",
        "clean",
        _opts(n_neighbors=_up_to_k, threshold_cleaning=st.sampled_from([0.0, 0.5, 1.5])),
    ),
    Spec(
        "CondensedNearestNeighbour",
        CondensedNearestNeighbour,
        "clean",
        "clean",
        _opts(n_neighbors=st.sampled_from([None, 1, 3]), n_seeds_S=st.integers(1, 2)),
    ),
    Spec(
        "OneSidedSelection",
        OneSidedSelection,
        "clean",
        "clean",
        _opts(n_neighbors=st.sampled_from([None, 1, 3]), n_seeds_S=st.integers(1, 2)),
    ),
    Spec(
        "SMOBD",
        SMOBD,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            eta1=st.sampled_from([0.0, 0.5, 1.0]),
            t=st.sampled_from([0.0, 1.0, 1.8, 3.0]),
            min_samples=st.integers(2, 6),
            max_eps=st.sampled_from([0.5, 1.0, 4.0, np.inf]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "GeometricSMOTE",
        GeometricSMOTE,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            truncation_factor=st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0]),
            deformation_factor=st.sampled_from([0.0, 0.5, 1.0]),
            selection_strategy=st.sampled_from(["combined", "majority", "minority"]),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "PolynomFitSMOTE",
        PolynomFitSMOTE,
        "over",
        "over",
        _opts(
            topology=st.sampled_from(["star", "bus", "mesh", "polynomial"]),
            degree=st.integers(1, 4),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "CCR",
        CCR,
        "over",
        "over",
        _opts(
            energy=st.sampled_from([0.1, 1.0, 4.0]),
            scaling=st.sampled_from([0.0, 0.5]),
            clean=st.booleans(),
        ),
    ),
    Spec(
        "LVQSMOTE",
        LVQSMOTE,
        "over",
        "over",
        _opts(k_neighbors=_k, n_clusters=st.sampled_from([3, 4, 6, 10])),
    ),
    Spec(
        "AssembledSMOTE",
        AssembledSMOTE,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            pop=st.integers(2, 5),
            thres=st.sampled_from([0.0, 0.3, 0.9, 1.0]),
            off_border=st.sampled_from(["skip", "cluster"]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "LeeSMOTE",
        LeeSMOTE,
        "over",
        "over",
        _opts(
            k_neighbors=_k,
            m_neighbors=st.integers(1, 6),
            rejection_level=st.sampled_from([0.0, 0.3, 0.5, 1.0]),
            max_attempts=st.integers(1, 4),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "IterativePartitioningFilter",
        IterativePartitioningFilter,
        "clean",
        "clean",
        _opts(
            n_partitions=st.integers(2, 5),
            voting=st.sampled_from(["majority", "consensus"]),
            stop_rounds=st.integers(1, 3),
            stop_fraction=st.sampled_from([0.0, 0.01, 0.2]),
            fit_on=st.sampled_from(["part", "rest"]),
        ),
    ),
    Spec(
        "SMOTEIPF",
        SMOTEIPF,
        "combined",
        "over",
        _opts(
            k=_k,
            gap=st.sampled_from(GAPS),
            parts=st.integers(2, 5),
            fit_on=st.sampled_from(["part", "rest"]),
        ),
        build=_build_smote_ipf,
    ),
    Spec(
        "SMOTEENN",
        SMOTEENN,
        "combined",
        "over",
        _opts(k=_k, gap=st.sampled_from(GAPS)),
        build=_build_smoteenn,
    ),
    Spec(
        "SMOTETomek",
        SMOTETomek,
        "combined",
        "over",
        _opts(k=_k, gap=st.sampled_from(GAPS)),
        build=_build_smotetomek,
    ),
    Spec(
        "SMOTEUnder",
        SMOTEUnder,
        "combined",
        None,
        _opts(
            k_neighbors=_k,
            percentage=st.sampled_from([0, 50, 100, 150, 200, 300]),
            under_percentage=st.sampled_from([50, 100, 200]),
            gap=st.sampled_from(GAPS),
            allocation=st.sampled_from(ALLOCATIONS),
        ),
    ),
    Spec(
        "SyntheticNoiseFilter",
        SyntheticNoiseFilter,
        "combined",
        "over",
        _opts(
            k=_k,
            gap=st.sampled_from(GAPS),
            detector=st.sampled_from(["neighbors", "neighbors", "lof"]),
            n_neighbors=st.integers(1, 5),
            top_up=st.booleans(),
            max_rounds=st.integers(1, 3),
        ),
        build=_build_noise_filter,
    ),
    Spec("FunctionSampler", FunctionSampler, "function", None, _opts(), build=_build_function),
)
BY_NAME = {s.name: s for s in SPECS}
INTERPOLATING = (
    "SMOTE",
    "ADASYN",
    "BorderlineSMOTE",
    "SVMSMOTE",
    "KMeansSMOTE",
    "SafeLevelSMOTE",
    "ProWSyn",
    "SMOBD",
    "LeeSMOTE",
    "AssembledSMOTE",
    "SMOTENC",
)
COMBINED_SMOTE = ("SMOTEENN", "SMOTETomek", "SMOTEIPF", "SMOTEUnder", "SyntheticNoiseFilter")
OVER_SAMPLERS = (
    *INTERPOLATING,
    "SMOTEN",
    "RandomOverSampler",
    "GeometricSMOTE",
    "PolynomFitSMOTE",
    "LVQSMOTE",
    "CCR",
)
UNDER_SAMPLERS = ("RandomUnderSampler", "NearMiss", "ClusterCentroids", "InstanceHardnessThreshold")
CLEANERS = tuple(s.name for s in SPECS if s.family == "clean")
#: Cleaners that resolve a string ``sampling_strategy`` once (the others do it every round).
CLEAN_ONCE = (
    "TomekLinks",
    "EditedNearestNeighbours",
    "NeighbourhoodCleaningRule",
    "CondensedNearestNeighbour",
    "OneSidedSelection",
    "IterativePartitioningFilter",
)


def specs(*names: str) -> st.SearchStrategy[Spec]:
    """One of the named samplers (default: all), each about equally often.

    (A wide integer taken modulo the count: ``sampled_from`` lets hypothesis's mutations
    favour a few samplers, and in 300 examples some of 24 were left out.)"""
    chosen = [BY_NAME[n] for n in names] if names else list(SPECS)
    return st.integers(0, 2**32 - 1).map(lambda i: chosen[i % len(chosen)])


@st.composite
def cases(draw, spec_strategy=None, table=None, strategy: bool = False):
    """``(spec, opts, X, y, form)``: a sampler drawn from ``spec_strategy``, its options
    (for a drawn ``k``), data and (``strategy``) a ``sampling_strategy`` form, else ``None``."""
    spec = draw(spec_strategy if spec_strategy is not None else specs())
    event(spec.name)  # --hypothesis-show-statistics: how often each sampler ran
    X, y = draw(table if table is not None else tables())
    X = spec.adapt(X)
    k = draw(st.integers(1, 3))
    opts = draw(spec.options(k))
    chosen = None
    if strategy and spec.strategy:
        chosen = draw(strategy_forms(spec.strategy, y))
    return spec, opts, X, y, chosen


# ---- one explicit example per sampler ----------------------------------------------------
# Hypothesis favours some draws: in 300 examples a few of 24 samplers may not come up. Each
# property over samplers therefore also runs every one of them on a fixed data set, with the
# options below, before the drawn examples.
DEFAULT_OPTS = {
    "SMOTE": {"k_neighbors": 2, "gap": "segment", "allocation": "even"},
    "ADASYN": {"n_neighbors": 2, "gap": "box", "allocation": "random"},
    "BorderlineSMOTE": {
        "k_neighbors": 2,
        "m_neighbors": 4,
        "kind": "borderline-2",
        "gap": "segment",
        "allocation": "even",
    },
    "SVMSMOTE": {
        "k_neighbors": 2,
        "m_neighbors": 4,
        "out_step": 0.5,
        "gap": "segment",
        "allocation": "even",
    },
    "KMeansSMOTE": {
        "k_neighbors": 2,
        "kmeans_estimator": 2,
        "cluster_balance_threshold": "auto",
        "gap": "segment",
        "allocation": "even",
    },
    "SafeLevelSMOTE": {"k_neighbors": 2, "gap": "segment", "allocation": "even"},
    "ProWSyn": {"k_neighbors": 2, "levels": 3, "theta": 1.0, "gap": "box", "allocation": "even"},
    "SMOBD": {
        "k_neighbors": 2,
        "min_samples": 3,
        "max_eps": np.inf,
        "gap": "segment",
        "allocation": "even",
    },
    "PolynomFitSMOTE": {"topology": "polynomial", "degree": 2, "allocation": "even"},
    "LVQSMOTE": {"k_neighbors": 2, "n_clusters": 4},
    "CCR": {"energy": 1.0, "scaling": 0.0, "clean": True},
    "GeometricSMOTE": {
        "k_neighbors": 2,
        "truncation_factor": 0.5,
        "deformation_factor": 0.5,
        "selection_strategy": "combined",
        "allocation": "even",
    },
    "AssembledSMOTE": {
        "k_neighbors": 2,
        "pop": 2,
        "thres": 0.3,
        "off_border": "skip",
        "gap": "segment",
        "allocation": "even",
    },
    "LeeSMOTE": {
        "k_neighbors": 2,
        "m_neighbors": 4,
        "rejection_level": 0.5,
        "max_attempts": 3,
        "allocation": "even",
    },
    "SMOTENC": {"categorical_features": [-1], "k_neighbors": 2, "gap": "box", "allocation": "even"},
    "SMOTEN": {"k_neighbors": 2, "allocation": "even"},
    "RandomOverSampler": {"allocation": "random", "shrinkage": None},
    "RandomUnderSampler": {"replacement": False},
    "NearMiss": {"version": 3, "n_neighbors": 2, "n_neighbors_ver3": 2},
    "ClusterCentroids": {"voting": "soft"},
    "InstanceHardnessThreshold": {"depth": 2},
    "TomekLinks": {},
    "EditedNearestNeighbours": {"n_neighbors": 2, "kind_sel": "all"},
    "RepeatedEditedNearestNeighbours": {"n_neighbors": 2, "kind_sel": "mode", "max_iter": 3},
    "AllKNN": {"n_neighbors": 2, "kind_sel": "all", "allow_minority": False},
    "NeighbourhoodCleaningRule": {"n_neighbors": 2, "threshold_cleaning": 0.5},
    "CondensedNearestNeighbour": {"n_neighbors": None, "n_seeds_S": 1},
    "OneSidedSelection": {"n_neighbors": None, "n_seeds_S": 1},
    "IterativePartitioningFilter": {
        "n_partitions": 3,
        "voting": "majority",
        "stop_rounds": 2,
        "stop_fraction": 0.01,
        "fit_on": "part",
    },
    "SMOTEENN": {"k": 2, "gap": "segment"},
    "SMOTETomek": {"k": 2, "gap": "box"},
    "SMOTEIPF": {"k": 2, "gap": "segment", "parts": 3, "fit_on": "part"},
    "SMOTEUnder": {
        "k_neighbors": 2,
        "percentage": 200,
        "under_percentage": 100,
        "gap": "segment",
        "allocation": "even",
    },
    "SyntheticNoiseFilter": {
        "k": 2,
        "gap": "segment",
        "detector": "neighbors",
        "n_neighbors": 3,
        "top_up": True,
        "max_rounds": 2,
    },
    "FunctionSampler": {},
}
_FIXED = np.random.default_rng(20260617)
FIXED_X = np.round(_FIXED.normal(size=(21, 3)) * 4, 3)
FIXED_Y = _FIXED.permutation(np.repeat([0, 1, 2], [10, 6, 5]))
BALANCED_X = np.round(_FIXED.normal(size=(18, 2)) * 4, 3)
BALANCED_Y = _FIXED.permutation(np.repeat([0, 1, 2], 6))


def fixed_case(spec: Spec, *, strategy: bool = False, X=FIXED_X, y=FIXED_Y) -> tuple:
    """``cases()``'s answer for ``spec`` on a fixed data set, its default options, 'auto'."""
    form = string_form(spec.strategy, y) if strategy and spec.strategy else None
    return spec, dict(DEFAULT_OPTS[spec.name]), spec.adapt(X), y, form


def each_sampler(*names: str, strategy: bool = False, X=FIXED_X, y=FIXED_Y, **arguments):
    """``@example`` of the property for each named sampler (default: all of them)."""

    def decorate(test):
        for name in names or tuple(BY_NAME):
            case = fixed_case(BY_NAME[name], strategy=strategy, X=X, y=y)
            test = example(case=case, **arguments)(test)
        return test

    return decorate


def each_choice(n: int, **arguments):
    """``@example`` of the property for ``choice`` = 0 .. n - 1 (every configuration)."""

    def decorate(test):
        for i in range(n):
            test = example(choice=i, **arguments)(test)
        return test

    return decorate


def fit_resample(sampler, X, y, **kw):
    return sampler.fit_resample(X, y, **kw)


# ---- sampling_strategy forms and what they resolve to ------------------------------------
def _counts(y) -> dict:
    return dict(sorted(Counter(np.asarray(y).tolist()).items()))


def _majority(counts: dict):
    top = max(counts.values())
    return next(c for c in counts if counts[c] == top)  # the smallest such label


def _minority(counts: dict):
    low = min(counts.values())
    return next(c for c in counts if counts[c] == low)


@dataclass(frozen=True)
class Form:
    """A ``sampling_strategy`` value, what it resolves to, and its plain-dict equivalent."""

    value: Any
    resolved: dict  # the expected sampling_strategy_
    canonical: Any  # a dict (over/under: counts after) or a list (cleaning) naming the same

    def __repr__(self) -> str:
        return f"Form({self.value!r})"


OVER_STRINGS = ("auto", "minority", "not minority", "not majority", "all")
UNDER_STRINGS = ("auto", "majority", "not minority", "not majority", "all")


def _targeted(counts: dict, name: str, direction: str) -> list:
    """The classes a string names (imbalanced-learn's meaning; ties: the smallest label)."""
    classes = list(counts)
    majority, minority = _majority(counts), _minority(counts)
    if name == "auto":
        name = "not majority" if direction == "over" else "not minority"
    return {
        "minority": [minority],
        "majority": [majority],
        "not minority": [c for c in classes if c != minority],
        "not majority": [c for c in classes if c != majority],
        "all": classes,
    }[name]


def string_form(kind: str, y: np.ndarray, name: str = "auto") -> Form:
    """The string ``name`` as a ``sampling_strategy`` of a sampler of ``kind``."""
    counts = _counts(y)
    if kind == "over":
        n_max = max(counts.values())
        added = {c: n_max - counts[c] for c in _targeted(counts, name, "over")}
        return Form(name, added, {c: counts[c] + a for c, a in added.items()})
    if kind == "under":
        kept = dict.fromkeys(_targeted(counts, name, "under"), min(counts.values()))
        return Form(name, kept, kept)
    named = _targeted(counts, name, "under")
    return Form(name, {c: counts[c] for c in named}, named)


@st.composite
def strategy_forms(draw, kind: str, y: np.ndarray) -> Form:
    """Every form of ``sampling_strategy`` a sampler of ``kind`` takes, for the labels ``y``:
    a string, a dict (classes in any order), a callable and, binary only, a float."""
    counts = _counts(y)
    classes = list(counts)
    n_max, n_min = max(counts.values()), min(counts.values())
    majority, minority = _majority(counts), _minority(counts)

    def some_classes(values: Callable[[Any], st.SearchStrategy[int]]) -> dict:
        chosen = draw(st.lists(st.sampled_from(classes), min_size=1, unique=True))
        return {c: draw(values(c)) for c in chosen}

    forms = ["string", "dict"]
    if kind != "clean":
        forms += ["callable"] + ["ratio"] * (len(classes) == 2)
    how = draw(st.sampled_from(forms))
    if how == "string":
        return string_form(
            kind, y, draw(st.sampled_from(OVER_STRINGS if kind == "over" else UNDER_STRINGS))
        )
    if kind == "over":
        if how == "ratio":  # the minority/majority ratio after resampling
            t = draw(st.integers(n_min, n_max))
            ratio = min(1.0, (t + 0.5) / n_max)
            wanted = int(ratio * n_max)
            return Form(ratio, {minority: wanted - n_min}, {minority: wanted})
        after = some_classes(lambda c: st.integers(counts[c], counts[c] + 25))
        added = {c: after[c] - counts[c] for c in after}
        return Form(after if how == "dict" else (lambda labels: after), added, after)
    if kind == "under":
        if how == "ratio":
            t = draw(st.integers(n_min, n_max))
            ratio = min(1.0, n_min / (t - 0.5)) if t > n_min else 1.0
            wanted = int(n_min / ratio)
            return Form(ratio, {majority: wanted}, {majority: wanted})
        kept = some_classes(lambda c: st.integers(0, counts[c]))
        return Form(kept if how == "dict" else (lambda labels: kept), kept, kept)
    assert kind == "clean"
    named = sorted(some_classes(lambda c: st.just(0)))
    return Form(named, {c: counts[c] for c in named}, named)


# ---- what came out -----------------------------------------------------------------------
def row_keys(X: np.ndarray, y: np.ndarray) -> list:
    X = np.ascontiguousarray(X)
    return [
        (X[i].tobytes(), repr(y[i].item() if hasattr(y[i], "item") else y[i]))
        for i in range(X.shape[0])
    ]


def match_in_order(X, y, X_out, y_out, *, repeats: bool = False) -> np.ndarray:
    """Input positions of the rows of ``X_out``, found as a subsequence of the input rows.

    Raises AssertionError unless every row (bytes and label) is an input row and they come in
    input order (``repeats``: a row may come again right away).
    """
    keys = row_keys(X, y)
    out = row_keys(X_out, y_out)
    positions = np.empty(len(out), dtype=np.intp)
    j = 0
    for i, key in enumerate(out):
        if repeats and i and keys[positions[i - 1]] == key:
            positions[i] = positions[i - 1]
            continue
        while j < len(keys) and keys[j] != key:
            j += 1
        assert j < len(keys), f"output row {i} is not an input row in input order"
        positions[i] = j
        j += 1
    return positions


#: Samplers whose kept rows are imbalanced-learn's exactly, and so come in its order too:
#: class by class (sorted labels); input order within a class, except NearMiss's reduced
#: classes (best score first).
BY_CLASS = (EditedNearestNeighbours, RepeatedEditedNearestNeighbours, AllKNN, NearMiss)


def assert_documented_order(sampler, positions, y, *, repeats: bool = False) -> None:
    """Input positions of the kept rows come in the order the sampler documents."""
    positions = np.asarray(positions)
    if not isinstance(sampler, BY_CLASS):
        steps = np.diff(positions)
        assert np.all(steps >= 0) if repeats else np.all(steps > 0)
        return
    classes, codes = np.unique(np.asarray(y), return_inverse=True)
    codes = codes.ravel()[positions]
    assert np.all(np.diff(codes) >= 0), "rows not grouped class by class"
    scored = set(sampler.sampling_strategy_) if isinstance(sampler, NearMiss) else set()
    for c in np.unique(codes):
        part = positions[codes == c]
        if classes[c] in scored:
            assert np.unique(part).shape == part.shape
        else:
            assert np.all(np.diff(part) > 0), f"class {classes[c]!r} not in input order"


def match_anywhere(X, y, X_out, y_out) -> np.ndarray:
    """Input positions of the rows of ``X_out`` (bytes and label), in any order."""
    keys = {}
    for j, key in enumerate(row_keys(X, y)):
        keys.setdefault(key, j)
    found = [keys.get(key) for key in row_keys(X_out, y_out)]
    assert all(f is not None for f in found), "an output row said to be original is not"
    return np.asarray(found, dtype=np.intp)


def n_original(spec: Spec, sampler, X, y, y_res) -> int:
    """How many leading output rows are original rows (the rest are synthetic)."""
    n = len(y)
    if spec.family == "over":
        return n
    if spec.family == "copy":
        return len(y_res) if sampler.shrinkage is None else n
    if spec.cls is ClusterCentroids:
        if sampler.voting_ == "hard":
            return len(y_res)
        return int((~np.isin(y, np.asarray(list(sampler.sampling_strategy_), dtype=y.dtype))).sum())
    if spec.family in ("under", "clean"):
        return len(y_res)
    if spec.family == "function":
        return (n + 1) // 2
    record = getattr(sampler, "provenance_", None)
    return len(y_res) if record is None else record.first_row


def check_originals(spec: Spec, sampler, X, y, X_res, y_res) -> np.ndarray:
    """Original rows bit-exact and in input order (as each family orders them); positions."""
    n = len(y)
    m = n_original(spec, sampler, X, y, y_res)
    head, labels = np.asarray(X_res)[:m], np.asarray(y_res)[:m]
    if spec.cls is CCR:  # its cleaning moves rows of other classes (moved_), in place
        assert m == n
        still = np.setdiff1d(np.arange(n), sampler.moved_)
        assert head[still].tobytes() == np.ascontiguousarray(X[still]).tobytes()
        np.testing.assert_array_equal(labels, y)
        return np.arange(n)
    if spec.family == "over" or spec.cls is SyntheticNoiseFilter:
        assert m == n
        assert head.tobytes() == np.ascontiguousarray(X).tobytes()
        np.testing.assert_array_equal(labels, y)
        return np.arange(n)
    if spec.family == "copy":
        assert np.asarray(X_res)[:n].tobytes() == np.ascontiguousarray(X).tobytes()
        copies = match_anywhere(X, y, head[n:], labels[n:])
        return np.concatenate([np.arange(n), copies])
    if spec.cls is ClusterCentroids and sampler.voting_ == "hard":
        return match_anywhere(X, y, head, labels)
    if spec.family == "function":  # every other row
        assert head.tobytes() == np.ascontiguousarray(X[::2]).tobytes()
        np.testing.assert_array_equal(labels, y[::2])
        return np.arange(0, n, 2)
    if isinstance(sampler, BY_CLASS):
        positions = np.asarray(sampler.sample_indices_)
        assert head.tobytes() == np.ascontiguousarray(X[positions]).tobytes()
        np.testing.assert_array_equal(labels, y[positions])
        assert_documented_order(sampler, positions, y)
        return positions
    repeats = spec.cls is RandomUnderSampler and sampler.replacement
    return match_in_order(X, y, head, labels, repeats=repeats)


# ---- geometry ----------------------------------------------------------------------------
def synthetic_part(sampler, X_res):
    record = sampler.provenance_
    return record, np.asarray(X_res)[record.first_row : record.first_row + len(record)]


def check_geometry(sampler, X, y, X_res, y_res, *, columns=None) -> None:
    """Every synthetic row is base + gap * (neighbour - base), gaps within their range."""
    record, synthetic = synthetic_part(sampler, X_res)
    if not len(record):
        return
    columns = np.arange(X.shape[1]) if columns is None else columns
    base, neighbor = np.asarray(record.base), np.asarray(record.neighbor)
    labels = np.asarray(record.labels)
    # each synthetic row's class is its base row's, and the output says so
    np.testing.assert_array_equal(
        np.asarray(y_res)[record.first_row : record.first_row + len(record)], labels.astype(y.dtype)
    )
    assert np.all(y[base] == labels.astype(y.dtype))
    gaps = np.asarray(record.gaps(), dtype=np.float64)
    g = gaps[:, None] if gaps.ndim == 1 else gaps[:, columns]
    inner = getattr(sampler, "smote_", None) or sampler
    low = -inner.out_step if isinstance(inner, SVMSMOTE) else 0.0
    high = np.ones((len(record), 1))
    same = y[neighbor] == y[base]
    if isinstance(inner, BorderlineSMOTE) and inner.kind == "borderline-2":
        high[~same] = 0.5  # towards another class: at most half way
    else:
        assert same.all(), "the neighbour is of another class"
    assert np.all(g >= low) and np.all(g <= high)
    xb = X[base][:, columns].astype(np.float64)
    xn = X[neighbor][:, columns].astype(np.float64)
    out = synthetic[:, columns].astype(np.float64)
    expected = xb + g * (xn - xb)
    scale = np.maximum(np.abs(xb), np.abs(xn))
    if X.dtype.kind in "iu":
        assert np.all(np.abs(out - expected) <= 0.5 + 1e-9)  # rounded, never truncated
    else:
        eps = 1e-5 if X.dtype == np.float32 else 1e-12
        assert np.all(np.abs(out - expected) <= eps * scale + 1e-300)
    interpolated = (g >= 0).all(axis=1)
    lo, hi = np.minimum(xb, xn), np.maximum(xb, xn)
    assert np.all((out >= lo)[interpolated]) and np.all((out <= hi)[interpolated])
    if gaps.ndim == 1 and X.dtype.kind == "f":
        # on the line through the two rows, whatever the recorded gap says
        direction = xn - xb
        length2 = (direction**2).sum(axis=1)
        moved = out - xb
        t = np.where(
            length2 > 0, (moved * direction).sum(axis=1) / np.where(length2 > 0, length2, 1), 0
        )
        residual = moved - t[:, None] * direction
        eps = 1e-4 if X.dtype == np.float32 else 1e-9
        assert np.all(np.abs(residual) <= eps * (scale + np.abs(direction)) + 1e-300)


# ---- the registry ------------------------------------------------------------------------
#: Samplers of multi-label data (``y`` a 0/1 matrix): every property here draws 1-D class
#: labels, so they are checked on data of their own (tests/test_mlsmote.py).
MULTILABEL = {smotekit.MLSMOTE}
#: Samplers of regression data (a continuous ``y``, refused as class labels by the others):
#: checked on data of their own (tests/test_regression.py).
REGRESSION = {smotekit.SMOTER, smotekit.SMOGN}


def test_the_registry_holds_every_public_sampler():
    public = {getattr(smotekit, name) for name in smotekit.samplers.__all__}
    assert {spec.cls for spec in SPECS} == public - MULTILABEL - REGRESSION
    assert len({spec.name for spec in SPECS}) == len(SPECS)


# ---- every sampler: originals ------------------------------------------------------------
@given(case=cases())
@each_sampler()
def test_every_sampler_leaves_its_inputs_untouched(case):
    spec, opts, X, y, _ = case
    X_before, y_before = X.copy(), y.copy()
    fit_resample(spec.make(opts, seed=1), X, y)
    assert X.tobytes() == X_before.tobytes() and X.dtype == X_before.dtype
    assert y.dtype == y_before.dtype
    np.testing.assert_array_equal(y, y_before)


@given(case=cases(strategy=True))
@each_sampler(strategy=True)
def test_every_sampler_returns_original_rows_bit_exact_in_input_order(case):
    """Kept rows are the input rows, byte for byte, in input order, before any new row."""
    spec, opts, X, y, form = case
    sampler = spec.make(opts, strategy=None if form is None else form.value, seed=2)
    X_res, y_res = fit_resample(sampler, X, y)
    positions = check_originals(spec, sampler, X, y, X_res, y_res)
    m = n_original(spec, sampler, X, y, y_res)
    assert positions.shape == (m,)
    ordered = spec.family in ("under", "clean") and spec.cls is not ClusterCentroids
    if ordered and not getattr(sampler, "replacement", False):
        assert_documented_order(sampler, positions, y)
    # the new rows (if any) follow, labelled with classes of the input
    assert set(np.asarray(y_res)[m:].tolist()) <= set(y.tolist())
    if spec.family in ("under", "clean"):
        assert len(y_res) <= len(y) or spec.cls is ClusterCentroids


@given(case=cases())
@each_sampler()
def test_every_sampler_keeps_dtype_width_and_labels(case):
    spec, opts, X, y, _ = case
    X_res, y_res = fit_resample(spec.make(opts, seed=3), X, y)
    assert type(X_res) is np.ndarray and type(y_res) is np.ndarray
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    assert X_res.ndim == 2 and X_res.shape == (y_res.shape[0], X.shape[1])
    assert set(y_res.tolist()) <= set(y.tolist())
    assert np.isfinite(X_res.astype(np.float64)).all()


@given(case=cases(strategy=True))
@each_sampler(strategy=True)
def test_every_sampler_sample_indices_name_the_output_rows(case):
    """``sample_indices_`` is set exactly when the tag says so, and names every output row."""
    spec, opts, X, y, form = case
    sampler = spec.make(opts, strategy=None if form is None else form.value, seed=4)
    X_res, y_res = fit_resample(sampler, X, y)
    tagged = sampler.__sklearn_tags__().sampler_tags.sample_indices
    assert hasattr(sampler, "sample_indices_") == tagged
    if not tagged:
        return
    idx = sampler.sample_indices_
    assert idx.ndim == 1 and idx.shape[0] == y_res.shape[0]
    assert idx.dtype.kind in "iu" and (idx >= 0).all() and (idx < len(y)).all()
    np.testing.assert_array_equal(y_res, y[idx])
    if spec.family == "copy":
        np.testing.assert_array_equal(idx[: len(y)], np.arange(len(y)))
        if sampler.shrinkage is not None:  # a smoothed bootstrap: copies plus noise
            assert X_res[: len(y)].tobytes() == X.tobytes()
            return
    assert X_res.tobytes() == np.ascontiguousarray(X[idx]).tobytes()
    if spec.family != "copy":
        assert_documented_order(sampler, idx, y, repeats=getattr(sampler, "replacement", False))


@given(
    case=cases(),
    index_kind=st.sampled_from(["range", "offset", "shuffled", "text"]),
    column_dtypes=st.lists(
        st.sampled_from(["float64", "float32", "int64", "int32"]), min_size=4, max_size=4
    ),
)
@each_sampler(index_kind="text", column_dtypes=["float64", "int64", "float32", "int32"])
def test_every_sampler_keeps_pandas_index_and_column_dtypes(case, index_kind, column_dtypes):
    """Original rows keep their index labels and values; new rows get new labels; the
    columns keep their names and dtypes; y's index is X's."""
    import pandas as pd

    spec, opts, X, y, _ = case
    n, d = X.shape
    rng = np.random.default_rng(n)
    index = {
        "range": pd.RangeIndex(n),
        "offset": pd.RangeIndex(100, 100 + n),
        "shuffled": pd.Index(rng.permutation(n) * 7 + 3),
        "text": pd.Index([f"row{i}" for i in rng.permutation(n)]),
    }[index_kind]
    frame = {}
    for j in range(d):
        dtype = np.dtype(column_dtypes[j % 4])
        column = X[:, j].astype(np.float64)
        frame[f"c{j}"] = (np.round(column) if dtype.kind == "i" else column).astype(dtype)
    X_df = pd.DataFrame(frame, index=index)
    y_s = pd.Series(y, index=index, name="target")
    sampler = spec.make(opts, seed=5)
    X_res, y_res = fit_resample(sampler, X_df, y_s)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X_df.columns)
    assert list(X_res.dtypes) == list(X_df.dtypes)
    assert y_res.dtype == y_s.dtype and y_res.name == "target"
    assert X_res.index.equals(y_res.index)
    # a row drawn again by a bootstrap (RandomUnderSampler(replacement=True)) is that row and
    # keeps its label, as in imbalanced-learn; copies and new rows get new labels
    repeats = spec.cls is RandomUnderSampler and opts["replacement"]
    assert X_res.index.is_unique or repeats
    if spec.family == "function":
        assert X_res.index.equals(pd.RangeIndex(len(X_res)))
        return
    known = X_res.index.isin(X_df.index)
    # original rows: their own label, their own values bit for bit, their own class
    originals = X_res[known]
    unmoved = originals
    if spec.cls is CCR:  # moved rows keep their labels and dtypes, not their values
        unmoved = originals[~originals.index.isin(X_df.index[sampler.moved_])]
    pd.testing.assert_frame_equal(unmoved, X_df.loc[unmoved.index], check_exact=True)
    pd.testing.assert_series_equal(y_res[known], y_s.loc[originals.index], check_exact=True)
    # and they come first, in input order (copies and synthetic rows get new labels)
    assert known[: known.sum()].all()
    position = X_df.index.get_indexer(originals.index)
    if spec.cls is not ClusterCentroids:
        assert_documented_order(sampler, position, y, repeats=repeats)


@given(case=cases(), container=st.sampled_from(["list", "pandas", "polars"]))
@each_sampler(container="pandas")
def test_every_sampler_gives_any_container_the_numpy_rows(case, container):
    spec, opts, X, y, _ = case
    X_ref, y_ref = fit_resample(spec.make(opts, seed=6), X, y)
    if container == "list":
        # a list holds Python numbers: float32 values come back as float64 ones
        X_ref, y_ref = fit_resample(spec.make(opts, seed=6), np.array(X.tolist()), y)
        X_out, y_out = fit_resample(spec.make(opts, seed=6), X.tolist(), y.tolist())
        assert isinstance(X_out, list) and isinstance(y_out, list)
        assert X_out == X_ref.tolist() and y_out == y_ref.tolist()
        return
    columns = [f"c{j}" for j in range(X.shape[1])]
    if container == "pandas":
        import pandas as pd

        X_in, y_in = pd.DataFrame(X, columns=columns), pd.Series(y, name="y")
        X_out, y_out = fit_resample(spec.make(opts, seed=6), X_in, y_in)
        assert isinstance(X_out, pd.DataFrame) and isinstance(y_out, pd.Series)
    else:
        pl = pytest.importorskip("polars")
        X_in, y_in = pl.DataFrame(X, schema=columns), pl.Series("y", y)
        X_out, y_out = fit_resample(spec.make(opts, seed=6), X_in, y_in)
        assert isinstance(X_out, pl.DataFrame) and isinstance(y_out, pl.Series)
        assert X_out.columns == columns
    values = X_out.to_numpy()
    assert values.dtype == X.dtype
    assert np.ascontiguousarray(values).tobytes() == X_ref.tobytes()
    np.testing.assert_array_equal(y_out.to_numpy(), y_ref)


# ---- every sampler: determinism ----------------------------------------------------------
@given(case=cases(strategy=True), seed=st.integers(0, 2**32 - 1))
@each_sampler(strategy=True, seed=12345)
def test_every_sampler_output_is_fixed_by_its_seed(case, seed):
    """Same seed, same bytes, run after run (a fresh sampler: see the refit property); a numpy
    Generator seeded alike gives what the int seed gives."""
    spec, opts, X, y, form = case
    strategy = None if form is None else form.value
    sampler = spec.make(opts, strategy=strategy, seed=seed)
    X1, y1 = fit_resample(sampler, X, y)
    X2, y2 = fit_resample(sampler, X, y)  # the same object again
    assert X1.tobytes() == X2.tobytes()
    np.testing.assert_array_equal(y1, y2)
    if spec.seeded:
        rng = np.random.default_rng(seed)
        X4, y4 = fit_resample(spec.make(opts, strategy=strategy, seed=rng), X, y)
        assert X4.tobytes() == X1.tobytes()
        np.testing.assert_array_equal(y4, y1)


@given(
    case=cases(specs(*(s.name for s in SPECS if s.threaded)), strategy=True),
    n_jobs=st.sampled_from([2, -1, None]),
)
@each_sampler(*(s.name for s in SPECS if s.threaded), strategy=True, n_jobs=2)
def test_every_sampler_output_does_not_depend_on_n_jobs(case, n_jobs):
    spec, opts, X, y, form = case
    strategy = None if form is None else form.value
    X1, y1 = fit_resample(spec.make(opts, strategy=strategy, seed=7, n_jobs=1), X, y)
    X2, y2 = fit_resample(spec.make(opts, strategy=strategy, seed=7, n_jobs=n_jobs), X, y)
    assert X1.tobytes() == X2.tobytes()
    np.testing.assert_array_equal(y1, y2)


@given(case=cases(), relabel=st.sampled_from(["text", "shift", "narrow"]))
@each_sampler(relabel="text")
def test_every_sampler_treats_labels_as_names(case, relabel):
    """An order-preserving renaming of the classes changes nothing but the names."""
    spec, opts, X, y, _ = case
    classes = np.unique(y)
    new = {
        "text": np.array([f"class-{i:02d}" for i in range(classes.size)]),
        "shift": np.array([-1000, 5, 2**40])[: classes.size],
        "narrow": np.array([-3, 0, 9], dtype=np.int16)[: classes.size],
    }[relabel]
    renamed = new[np.searchsorted(classes, y)]
    X1, y1 = fit_resample(spec.make(opts, seed=8), X, y)
    X2, y2 = fit_resample(spec.make(opts, seed=8), X, renamed)
    assert X1.tobytes() == X2.tobytes()
    np.testing.assert_array_equal(y2, new[np.searchsorted(classes, y1)])


@given(case=cases())
@each_sampler()
def test_every_sampler_fit_plans_what_fit_resample_plans(case):
    spec, opts, X, y, _ = case
    fitted = spec.make(opts, seed=9)
    assert fitted.fit(X, y) is fitted
    plan, n_features = fitted.sampling_strategy_, fitted.n_features_in_
    resampled = spec.make(opts, seed=9)
    X_b, y_b = fit_resample(resampled, X, y)
    assert plan == resampled.sampling_strategy_
    assert n_features == resampled.n_features_in_ == X.shape[1]
    # fitting first does not change what fit_resample then gives
    X_a, y_a = fit_resample(fitted, X, y)
    assert X_a.tobytes() == X_b.tobytes()
    np.testing.assert_array_equal(y_a, y_b)


@given(case=cases(), weights=st.sampled_from(["distinct", "ones", "skewed"]))
@each_sampler(weights="distinct")
def test_every_sampler_weights_follow_their_rows(case, weights):
    """sample_weight changes no row; kept rows keep their weight; a new row's weight lies
    between its parents' (a copy or a centre: one of its class's)."""
    spec, opts, X, y, _ = case
    n = len(y)
    w = {
        "distinct": np.arange(1, n + 1, dtype=np.float64) / 7,
        "ones": np.ones(n),
        "skewed": np.where(np.arange(n) % 3 == 0, 10.0, 0.5),
    }[weights]
    w_before = w.copy()
    plain = spec.make(opts, seed=10)
    X_ref, y_ref = fit_resample(plain, X, y)
    weighted = spec.make(opts, seed=10)
    X_res, y_res, w_res = fit_resample(weighted, X, y, sample_weight=w)
    np.testing.assert_array_equal(w, w_before)
    assert X_res.tobytes() == X_ref.tobytes()
    np.testing.assert_array_equal(y_res, y_ref)
    assert w_res.shape == (len(y_res),) and np.isfinite(w_res).all()
    m = n_original(spec, weighted, X, y, y_res)
    idx = getattr(weighted, "sample_indices_", None)
    if idx is not None:
        np.testing.assert_array_equal(w_res, w[idx])
    elif spec.family in ("over", "function") or spec.cls is SyntheticNoiseFilter:
        positions = np.arange(0, n, 2) if spec.family == "function" else np.arange(n)
        np.testing.assert_array_equal(w_res[:m], w[positions])
    else:
        # kept originals: each with the weight of an identical input row of its class
        keyed = {}
        for key, weight in zip(row_keys(X, y), w, strict=True):
            keyed.setdefault(key, set()).add(float(weight))
        for key, weight in zip(row_keys(X_res[:m], y_res[:m]), w_res[:m], strict=True):
            assert float(weight) in keyed[key]
    if m == len(y_res):
        return
    record = getattr(weighted, "provenance_", None)
    new = w_res[m:]
    if record is not None and spec.family != "copy":
        base, neighbor = np.asarray(record.base), np.asarray(record.neighbor)
        lo = np.minimum(w[base], w[neighbor])
        hi = np.maximum(w[base], w[neighbor])
        assert np.all(new >= lo - 1e-12) and np.all(new <= hi + 1e-12)
    else:  # a centre (ClusterCentroids) or a smoothed copy: the weight of a row of its class
        for weight, label in zip(new, y_res[m:], strict=True):
            assert np.isin(weight, w[y == label]).any()


@given(case=cases())
@each_sampler()
def test_every_sampler_in_a_pipeline_equals_resampling_by_hand(case):
    """A pipeline resamples the training rows only, exactly as the sampler alone does."""
    from smotekit.pipeline import make_pipeline

    spec, opts, X, y, _ = case
    X_res, y_res = fit_resample(spec.make(opts, seed=11), X, y)
    if np.unique(y_res).size < 2:
        return  # nothing a classifier could learn from
    by_hand = DecisionTreeClassifier(random_state=0).fit(X_res, y_res)
    pipe = make_pipeline(spec.make(opts, seed=11), DecisionTreeClassifier(random_state=0))
    pipe.fit(X, y)
    predicted = pipe.predict(X)
    assert predicted.shape == y.shape  # predicting resamples nothing
    np.testing.assert_array_equal(predicted, by_hand.predict(X))
    np.testing.assert_array_equal(pipe.predict_proba(X), by_hand.predict_proba(X))


# ClusterCentroids: scikit-learn's KMeans runs another algorithm on sparse input (other
# centres), and voting='auto' is hard for sparse X, soft for dense X, by design.
SPARSE_LIKE_DENSE = tuple(s.name for s in SPECS if s.cls is not ClusterCentroids)


@pytest.mark.filterwarnings("ignore:Reading nominal columns from a sparse X")
@given(case=cases(specs(*SPARSE_LIKE_DENSE), table=tables(dtypes=(np.float64,), ties=False)))
@each_sampler(*SPARSE_LIKE_DENSE)
def test_every_numeric_sampler_gives_sparse_input_the_dense_rows(case):
    spec, opts, X, y, _ = case
    dense_sampler = spec.make(opts, seed=12)
    X_ref, y_ref = fit_resample(dense_sampler, X, y)
    X_sp, y_sp = fit_resample(spec.make(opts, seed=12), sp.csr_matrix(X), y)
    assert sp.issparse(X_sp) and X_sp.format == "csr" and X_sp.dtype == X.dtype
    np.testing.assert_array_equal(y_sp, y_ref)
    dense = X_sp.toarray()
    m = n_original(spec, dense_sampler, X, y, y_ref)
    assert dense[:m].tobytes() == X_ref[:m].tobytes()  # original rows: exactly
    np.testing.assert_allclose(dense[m:], X_ref[m:], rtol=1e-12, atol=1e-300)


# ---- counts ------------------------------------------------------------------------------
@given(case=cases(specs(*OVER_SAMPLERS, *UNDER_SAMPLERS), strategy=True))
@each_sampler(*OVER_SAMPLERS, *UNDER_SAMPLERS, strategy=True)
def test_exact_counts_for_every_sampling_strategy_form(case):
    """float, every string, dict and callable: ``sampling_strategy_`` is what the form means
    and the output holds exactly that many rows per class (new rows grouped by class)."""
    spec, opts, X, y, form = case
    sampler = spec.make(opts, strategy=form.value, seed=13)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X_res, y_res = fit_resample(sampler, X, y)
    assert sampler.sampling_strategy_ == form.resolved
    before = _counts(y)
    if spec.strategy == "over":
        expected = {c: before[c] + form.resolved.get(c, 0) for c in before}
        classes = sorted(form.resolved)
        grouped = np.repeat(np.array(classes, dtype=y.dtype), [form.resolved[c] for c in classes])
        np.testing.assert_array_equal(y_res[len(y) :], grouped)
    else:
        expected = {c: form.resolved.get(c, n) for c, n in before.items()}
        expected = {c: n for c, n in expected.items() if n}
        if spec.cls is NearMiss and sampler.version == 3:
            # documented: version 3 keeps its whole short list when it is shorter, and warns
            after = _counts(y_res)
            assert all(after.get(c, 0) <= n for c, n in expected.items())
            if after != expected:
                assert any("short" in str(w.message) for w in caught)
            return
    assert _counts(y_res) == expected
    assert X_res.shape[0] == sum(expected.values())


@given(case=cases(specs(*(s.name for s in SPECS if s.strategy)), strategy=True))
@each_sampler(*(s.name for s in SPECS if s.strategy), strategy=True)
def test_sampling_strategy_forms_naming_the_same_counts_give_the_same_rows(case):
    """A string, a ratio or a callable gives the rows its plain dict (a cleaner: its list of
    classes) gives, byte for byte."""
    spec, opts, X, y, form = case
    canonical = form.canonical
    if spec.family == "clean" and spec.name not in CLEAN_ONCE and isinstance(form.value, str):
        canonical = {"auto": "not minority"}.get(form.value, form.value)  # resolved each round
    a, b = (
        spec.make(opts, strategy=form.value, seed=15),
        spec.make(opts, strategy=canonical, seed=15),
    )
    X_a, y_a = fit_resample(a, X, y)
    X_b, y_b = fit_resample(b, X, y)
    assert a.sampling_strategy_ == b.sampling_strategy_
    assert X_a.tobytes() == X_b.tobytes()
    np.testing.assert_array_equal(y_a, y_b)


@given(case=cases(specs(*CLEANERS), strategy=True))
@each_sampler(*CLEANERS, strategy=True)
def test_cleaning_removes_rows_only_from_the_classes_it_names(case):
    spec, opts, X, y, form = case
    value = form.value
    if spec.name not in CLEAN_ONCE and isinstance(value, str):
        value = form.canonical  # a string is resolved again each round: name the classes
    sampler = spec.make(opts, strategy=value, seed=16)
    X_res, y_res = fit_resample(sampler, X, y)
    named = set(form.resolved)
    if spec.name in CLEAN_ONCE:
        assert sampler.sampling_strategy_ == form.resolved
    kept = sampler.sample_indices_
    removed = np.setdiff1d(np.arange(len(y)), kept)
    assert set(y[removed].tolist()) <= named
    before, after = _counts(y), Counter(y_res.tolist())
    for c, n in before.items():
        assert after[c] == n if c not in named else after[c] <= n
    assert X_res.tobytes() == np.ascontiguousarray(X[kept]).tobytes()


@given(case=cases(specs(*COMBINED_SMOTE), strategy=True))
@each_sampler(*COMBINED_SMOTE, strategy=True)
def test_combined_samplers_add_and_remove_what_they_report(case):
    spec, opts, X, y, form = case
    sampler = spec.make(opts, strategy=None if form is None else form.value, seed=14)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X_res, y_res = fit_resample(sampler, X, y)
    short_warnings = [w for w in caught if issubclass(w.category, SmotekitWarning)]
    assert X_res.shape == (len(y_res), X.shape[1])
    n = len(y)
    before, after = Counter(y.tolist()), Counter(y_res.tolist())
    record = getattr(sampler, "provenance_", None)
    n_new = 0 if record is None else len(record)
    first = len(y_res) if record is None else record.first_row  # kept original rows
    assert len(y_res) == first + n_new
    if spec.cls in (SMOTEENN, SMOTETomek, SMOTEIPF):
        assert sampler.sampling_strategy_ == form.resolved
        planned = sum(form.resolved.values())
        assert sampler.n_removed_ == (n - first) + (planned - n_new)
        for c, added in form.resolved.items():  # survivors: at most the planned rows
            assert int((np.asarray(record.labels) == c).sum()) <= added if record else True
    elif spec.cls is SMOTEUnder:
        counts = _counts(y)
        minority = _minority(counts)
        p, u = sampler.percentage, sampler.under_percentage
        added = int(np.floor(p * counts[minority] / 100 + 1e-9))
        assert sampler.sampling_strategy_ == {minority: added}
        assert after[minority] == counts[minority] + added
        for c, m in counts.items():
            if c != minority:
                wanted = min(m, round((counts[minority] + added) * 100.0 / u))
                assert sampler.kept_[c] == wanted == after[c]
    else:  # SyntheticNoiseFilter: what was delivered, never more than asked; a warning if less
        assert sampler.sampling_strategy_ == form.resolved
        for c, wanted in form.resolved.items():
            assert 0 <= sampler.n_delivered_[c] <= wanted
            assert sampler.n_dropped_[c] >= 0
        assert after == before + Counter(sampler.n_delivered_)
        short = any(sampler.n_delivered_[c] < w for c, w in form.resolved.items())
        assert bool(short_warnings) == short


@given(
    case=cases(
        specs(*OVER_SAMPLERS, *UNDER_SAMPLERS, "SyntheticNoiseFilter"),
        table=tables(dtypes=(np.float64, np.float32), equal=True, ties=False),
    )
)
@each_sampler(*OVER_SAMPLERS, *UNDER_SAMPLERS, "SyntheticNoiseFilter", X=BALANCED_X, y=BALANCED_Y)
def test_balancing_a_balanced_set_changes_nothing(case):
    spec, opts, X, y, _ = case
    if spec.cls is RandomUnderSampler:
        opts = {**opts, "replacement": False}  # a bootstrap redraws rows even then
    if spec.cls is NearMiss:
        opts = {**opts, "n_neighbors_ver3": len(y)}  # version 3's short list: the whole class
    sampler = spec.make(opts, seed=17)
    X_res, y_res = fit_resample(sampler, X, y)
    counts = _counts(y)
    if spec.strategy == "over":
        assert set(sampler.sampling_strategy_.values()) <= {0}
    else:
        assert all(sampler.sampling_strategy_[c] == counts[c] for c in sampler.sampling_strategy_)
    if spec.cls is ClusterCentroids and sampler.voting_ == "soft":
        # one cluster per row: the centres are the rows themselves (to KMeans' last bit),
        # class by class
        for c in counts:
            got, rows = X_res[y_res == c], X[y == c]
            got, rows = got[np.lexsort(got.T[::-1])], rows[np.lexsort(rows.T[::-1])]
            # (KMeans sums in the data's dtype: float32 centres are the rows to float32's eps)
            eps = 1e-5 if X.dtype == np.float32 else 1e-12
            np.testing.assert_allclose(got, rows, rtol=eps, atol=eps * np.abs(rows).max())
        return
    if isinstance(sampler, BY_CLASS):  # every row, in imbalanced-learn's order
        idx = np.asarray(sampler.sample_indices_)
        np.testing.assert_array_equal(np.sort(idx), np.arange(len(y)))
        assert X_res.tobytes() == np.ascontiguousarray(X[idx]).tobytes()
        np.testing.assert_array_equal(y_res, y[idx])
        return
    assert X_res.tobytes() == X.tobytes()
    np.testing.assert_array_equal(y_res, y)


# ---- geometry ----------------------------------------------------------------------------
def _interpolated_columns(spec: Spec, X: np.ndarray) -> np.ndarray:
    if spec.cls is SMOTENC:
        return np.arange(X.shape[1] - 1)
    return np.arange(X.shape[1])


def _geometry_case(case, gap):
    spec, opts, X, y, form = case
    if spec.cls is LeeSMOTE and gap == "box":  # a point is tested whole: one gap per row
        with pytest.raises(smotekit.InvalidParameterError, match="gap='box' must be 'segment'"):
            spec.make({**opts, "gap": gap}).fit_resample(X, y)
        return
    opts = {**opts, "gap": gap}
    sampler = spec.make(opts, strategy=None if form is None else form.value, seed=18)
    X_res, y_res = fit_resample(sampler, X, y)
    if getattr(sampler, "provenance_", None) is None:
        assert len(y_res) == n_original(spec, sampler, X, y, y_res)  # nothing synthetic
        return
    record = sampler.provenance_
    gaps = np.asarray(record.gaps())
    if gap == "segment":
        assert gaps.shape == (len(record),)
    else:
        assert gaps.shape == (len(record), X.shape[1])
    check_geometry(sampler, X, y, X_res, y_res, columns=_interpolated_columns(spec, X))


@given(case=cases(specs(*INTERPOLATING, *COMBINED_SMOTE), strategy=True))
@each_sampler(*INTERPOLATING, *COMBINED_SMOTE, strategy=True)
def test_every_synthetic_row_lies_on_its_segment(case):
    """One gap per row: the row is base + g * (neighbour - base), on the line through them,
    g in [0, 1] (borderline-2 towards another class: [0, 0.5]; SVM-SMOTE's safe rows
    extrapolate, g in [-out_step, 0])."""
    _geometry_case(case, "segment")


@given(case=cases(specs(*INTERPOLATING, *COMBINED_SMOTE), strategy=True))
@each_sampler(*INTERPOLATING, *COMBINED_SMOTE, strategy=True)
def test_every_synthetic_row_lies_in_its_box(case):
    """One gap per attribute: every value between its parents' (or extrapolated by at most
    out_step, SVM-SMOTE), rounded to the nearest integer in integer columns."""
    _geometry_case(case, "box")


@given(
    case=cases(specs("SMOTENC", "SMOTEN"), table=tables(max_rows=8)),
    extra=st.integers(1, 12),
)
@each_sampler("SMOTENC", "SMOTEN", extra=5)
def test_voted_nominal_values_are_most_frequent_in_the_neighbourhood(case, extra):
    """With k = class size - 1 the neighbourhood is the whole class: SMOTE-N's value is a most
    frequent value of the class's column (base row included), SMOTE-NC's a most frequent one
    among the base row's k neighbours (the class without it)."""
    spec, opts, X, y, _ = case
    counts = _counts(y)
    k = min(counts.values()) - 1
    strategy = {c: n + extra for c, n in counts.items()}
    sampler = spec.make({**opts, "k_neighbors": k}, strategy=strategy, seed=19)
    X_res, y_res = fit_resample(sampler, X, y)
    record, synthetic = synthetic_part(sampler, X_res)
    np.testing.assert_array_equal(y_res[record.first_row :], np.asarray(record.labels))
    nominal = [X.shape[1] - 1] if spec.cls is SMOTENC else list(range(X.shape[1]))
    base = np.asarray(record.base)
    for i, label in enumerate(np.asarray(record.labels).astype(y.dtype)):
        if counts[label.item() if hasattr(label, "item") else label] != k + 1:
            continue  # only the smallest classes see their whole class
        rows = np.flatnonzero(y == label)
        if spec.cls is SMOTENC:
            rows = rows[rows != base[i]]
        for j in nominal:
            values, freq = np.unique(X[rows, j], return_counts=True)
            assert synthetic[i, j] in values[freq == freq.max()]


# InstanceHardnessThreshold and the partition filters are left out: scikit-learn's trees
# take values closer than 1e-7 (an absolute threshold) as equal, so their probabilities and
# flags, not smotekit, change with the scale. CCR's energy is in the data's units: X scaled
# by 2**p reaches other rows (SMOBD's max_eps too: the test scales it with X).
SCALE_EXACT = tuple(
    s.name
    for s in SPECS
    if s.cls not in (InstanceHardnessThreshold, IterativePartitioningFilter, SMOTEIPF, CCR)
)


@given(
    case=cases(specs(*SCALE_EXACT), table=tables(dtypes=(np.float64, np.float32))),
    power=st.integers(-20, 20),
)
@each_sampler(*SCALE_EXACT, power=7)
def test_scaling_by_a_power_of_two_scales_the_output_exactly(case, power):
    """X * 2**p has X's geometry exactly (no rounding changes): every sampler (but the one
    whose classifier has an absolute tolerance) keeps the same rows, makes the same choices,
    and its new rows are its old ones times 2**p."""
    spec, opts, X, y, _ = case
    scaled = np.ldexp(X, power).astype(X.dtype)
    X1, y1 = fit_resample(spec.make(opts, seed=20), X, y)
    if "max_eps" in opts:  # a distance in X's units (SMOBD), scaled with it
        opts = {**opts, "max_eps": float(np.ldexp(opts["max_eps"], power))}
    X2, y2 = fit_resample(spec.make(opts, seed=20), scaled, y)
    np.testing.assert_array_equal(y2, y1)
    assert X2.tobytes() == np.ldexp(X1, power).astype(X.dtype).tobytes()


IDENTICAL_PARENTS = (
    *INTERPOLATING,
    "SMOTEN",
    "RandomOverSampler",
    *COMBINED_SMOTE,
    "PolynomFitSMOTE",
    "LVQSMOTE",
)


def _identical_row_opts(spec: Spec, opts: dict) -> dict:
    if spec.cls is BorderlineSMOTE:
        opts = {**opts, "kind": "borderline-1"}  # borderline-2 may step towards other classes
    if spec.cls is RandomOverSampler:
        # copies; a smoothed bootstrap adds noise scaled by the class's spread, which the
        # float rounding of a mean makes a few ulps wide (and inf near 1e308: the xfail below)
        opts = {**opts, "shrinkage": None}
    return opts


def _row_bound(spec: Spec) -> float:
    if spec.cls is SMOTEIPF:
        return 1e30  # its filter's trees read float32 (beyond it: refused, see REFUSE_HUGE)
    return 1e100 if spec.cls is SVMSMOTE else F64_MAX  # SVC overflows (see the xfail below)


@st.composite
def repeated_row_cases(draw):
    spec, opts, X, y, _ = draw(cases(specs(*IDENTICAL_PARENTS), table=tables(dtypes=(np.float64,))))
    bound = _row_bound(spec)
    row = draw(hnp.arrays(np.float64, X.shape[1], elements=st.floats(-bound, bound)))
    return spec, _identical_row_opts(spec, opts), X, y, row


def each_repeated_row(test):
    """``@example`` for each sampler: a class of one row at 1e300, -1e-300 and 5e-324."""
    for name in IDENTICAL_PARENTS:
        spec = BY_NAME[name]
        row = np.array([min(1e300, _row_bound(spec)), -1e-300, 5e-324])
        opts = _identical_row_opts(spec, DEFAULT_OPTS[name])
        test = example(case=(spec, opts, FIXED_X, FIXED_Y, row), extra=7)(test)
    return test


@given(case=repeated_row_cases(), extra=st.integers(1, 20))
@each_repeated_row
def test_a_class_of_identical_rows_grows_by_copies_of_its_row(case, extra):
    """Between two equal parents there is only the parent: every new row of a class whose
    rows are all one row (any finite values, up to float64's limits) is that row, bit for bit."""
    spec, opts, X, y, row = case
    counts = _counts(y)
    minority = _minority(counts)
    X = X.copy()
    X[y == minority] = row
    X = spec.adapt(X)
    strategy = {minority: counts[minority] + extra}
    if spec.strategy is None:
        strategy = None
    sampler = spec.make(opts, strategy=strategy, seed=21)
    X_res, y_res = fit_resample(sampler, X, y)
    m = n_original(spec, sampler, X, y, y_res)
    new = X_res[m:][y_res[m:] == minority]
    expected = np.repeat(X[y == minority][:1], new.shape[0], axis=0)
    # equal values (-0.0 + g * 0.0 is +0.0 in IEEE arithmetic: the sign of a zero may go)
    np.testing.assert_array_equal(new, expected)
    assert np.all((np.signbit(new) == np.signbit(expected)) | (expected == 0))
    if spec.family == "over" and spec.cls is not SyntheticNoiseFilter:
        assert new.shape[0] == extra


# ---- rendering in blocks -----------------------------------------------------------------
RENDERED = (*INTERPOLATING, "SMOTEN", *COMBINED_SMOTE)


@given(
    case=cases(specs(*RENDERED), strategy=True),
    drawn_rows=st.integers(1, 9),
    chunk_rows=st.integers(1, 9),
    thread_rows=st.integers(1, 5),
    compiled=st.booleans(),
    n_jobs=st.sampled_from([1, 2]),
)
@each_sampler(
    *RENDERED, strategy=True, drawn_rows=2, chunk_rows=3, thread_rows=1, compiled=False, n_jobs=2
)
def test_rendering_in_any_blocks_threads_or_kernel_gives_the_same_rows(
    case, drawn_rows, chunk_rows, thread_rows, compiled, n_jobs
):
    spec, opts, X, y, form = case
    strategy = None if form is None else form.value
    X_ref, y_ref = fit_resample(spec.make(opts, strategy=strategy, seed=22), X, y)
    pays = lambda kernel, values: compiled  # noqa: E731 - the compiled kernel or numpy
    with (
        mock.patch.multiple(
            "smotekit.synthesis.render",
            DRAWN_ROWS=drawn_rows,
            CHUNK_ROWS=chunk_rows,
            _THREAD_ROWS=thread_rows,
            compiled_pays=pays,
        ),
        mock.patch.multiple("smotekit.door.fast", _COPY_ROWS=chunk_rows, compiled_pays=pays),
    ):
        X_res, y_res = fit_resample(
            spec.make(opts, strategy=strategy, seed=22, n_jobs=n_jobs), X, y
        )
    assert X_res.tobytes() == X_ref.tobytes()
    np.testing.assert_array_equal(y_res, y_ref)


@given(
    case=cases(
        specs(*INTERPOLATING, *COMBINED_SMOTE),
        table=tables(dtypes=(np.float64, np.float32)),
        strategy=True,
    ),
    cuts=st.lists(st.floats(0, 1), max_size=4),
)
@each_sampler(*INTERPOLATING, *COMBINED_SMOTE, strategy=True, cuts=[0.3, 0.7])
def test_any_range_of_the_provenance_renders_its_own_rows(case, cuts):
    """provenance_.rows(a, b) is rows a..b of the whole record, and renders output rows
    first_row + a .. first_row + b: the out-of-core paths render range by range."""
    from smotekit.synthesis import render_dense

    spec, opts, X, y, form = case
    sampler = spec.make(opts, strategy=None if form is None else form.value, seed=23)
    X_res, y_res = fit_resample(sampler, X, y)
    record = getattr(sampler, "provenance_", None)
    if record is None:
        return
    m = len(record)
    np.testing.assert_array_equal(y_res[record.first_row :], np.asarray(record.labels))
    whole_gaps = np.asarray(record.gaps())
    bounds = sorted({0, m, *(int(c * m) for c in cuts)})
    columns = _interpolated_columns(spec, X)
    numbers = sampler.read_features(X).numeric  # what the sampler computes with
    for a, b in itertools.pairwise(bounds):
        part = record.rows(a, b)
        assert len(part) == b - a
        np.testing.assert_array_equal(part.base, np.asarray(record.base)[a:b])
        np.testing.assert_array_equal(part.neighbor, np.asarray(record.neighbor)[a:b])
        np.testing.assert_array_equal(part.labels, np.asarray(record.labels)[a:b])
        np.testing.assert_array_equal(part.gaps(), whole_gaps[a:b])
        np.testing.assert_array_equal(record.gaps(a, b), whole_gaps[a:b])
        out = np.empty((b - a, X.shape[1]), dtype=X_res.dtype)
        render_dense(out, numbers, part)
        rows = X_res[record.first_row + a : record.first_row + b]
        assert out[:, columns].tobytes() == np.ascontiguousarray(rows[:, columns]).tobytes()


# ---- out of core -------------------------------------------------------------------------
STREAMABLE = ("SMOTE", "RandomOverSampler", "RandomUnderSampler")


def refused_out_of_core(spec: Spec, sampler) -> bool:
    """Whether the out-of-core runners must refuse ``sampler`` (it needs every row)."""
    return (
        spec.cls.rows_needed == "all rows"
        or callable(sampler.get_params().get("sampling_strategy"))
        or getattr(sampler, "shrinkage", None) is not None
    )


OUT_OF_CORE_VARIANTS = [
    pytest.param("drawn", id="drawn"),
    pytest.param(
        "even-allocation-zero-growth",
        id="RandomOverSampler-even-zero-growth",
    ),
]


def out_of_core_sampler(variant: str, case):
    """The case's sampler and ``sampling_strategy``, or the one the xfail is about."""
    spec, opts, _, _, form = case
    strategy = None if form is None else form.value
    if variant != "drawn":
        return BY_NAME["RandomOverSampler"], {"allocation": "even", "shrinkage": None}, "all"
    zero_growth = form is not None and 0 in form.resolved.values()
    if spec.cls is RandomOverSampler and opts["allocation"] == "even" and zero_growth:
        opts = {**opts, "allocation": "random"}  # the even allocation is the xfail variant
    return spec, opts, strategy


def out_of_core_cases():
    # half the draws are the samplers the runners take, half any sampler of the package
    return cases(
        st.one_of(specs(*STREAMABLE), specs()),
        table=tables(dtypes=(np.float64, np.int64), labels=(LABEL_SETS[0], LABEL_SETS[4])),
        strategy=True,
    )


def _frame(X: np.ndarray, y: np.ndarray):
    import pandas as pd

    frame = pd.DataFrame(X, columns=[f"c{j}" for j in range(X.shape[1])])
    frame["label"] = y
    return frame


def _in_memory(sampler, frame):
    X_res, y_res = sampler.fit_resample(frame.drop(columns="label"), frame["label"])
    return X_res.assign(label=y_res)[list(frame.columns)].reset_index(drop=True)


def _read(path: Path):
    import pandas as pd

    if path.suffix == ".csv":
        with warnings.catch_warnings():
            # exact decimal to binary on every pandas (pandas 3 reads so by default and
            # deprecates the option)
            warnings.simplefilter("ignore")
            return pd.read_csv(path, float_precision="round_trip")
    return pd.read_parquet(path)


@given(
    case=out_of_core_cases(),
    formats=st.sampled_from(
        [("csv", "csv"), ("csv", "parquet"), ("parquet", "csv"), ("parquet", "parquet")]
    ),
    chunk_rows=st.integers(1, 40),
    chunk_bytes=st.integers(256, 4096),
    hold_bytes=st.integers(0, 4096),
)
@each_sampler(
    strategy=True, formats=("csv", "parquet"), chunk_rows=4, chunk_bytes=512, hold_bytes=0
)
@pytest.mark.parametrize("variant", OUT_OF_CORE_VARIANTS)
def test_every_sampler_streamed_gives_the_in_memory_rows_or_is_refused(
    variant, case, formats, chunk_rows, chunk_bytes, hold_bytes
):
    """A file resampled in chunks (any chunk sizes, any hold budget) is the in-memory
    resampling of the table, row for row; a sampler that needs every row is refused."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from smotekit.scale.plan import OutOfCoreError
    from smotekit.scale.stream import resample_file

    X, y = case[2], case[3]
    spec, opts, strategy = out_of_core_sampler(variant, case)
    streamed = spec.make(opts, strategy=strategy, seed=24)
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / f"in.{formats[0]}", Path(folder) / f"out.{formats[1]}"
        if refused_out_of_core(spec, streamed):
            with pytest.raises(OutOfCoreError):
                resample_file(streamed, source, output, "label", progress=False)
            assert not output.exists()
            return
        frame = _frame(X, y)
        if formats[0] == "csv":
            frame.to_csv(source, index=False)
        else:
            frame.to_parquet(source, index=False)
        result = resample_file(
            streamed,
            source,
            output,
            "label",
            chunk_rows=chunk_rows,
            chunk_bytes=chunk_bytes,
            hold_bytes=hold_bytes,
            progress=False,
        )
        memory = spec.make(opts, strategy=strategy, seed=24)
        expected = _in_memory(memory, _read(source))
        got = _read(output)
    assert result.n_output == len(expected) == len(got)
    assert list(got.columns) == list(expected.columns)
    # values exactly; a CSV keeps no types (a float column of whole numbers reads as ints)
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=False)
    if formats[1] == "parquet":
        features = [c for c in expected.columns if c != "label"]
        assert list(got[features].dtypes) == list(expected[features].dtypes)
    after = {c: n for c, n in result.counts_after.items() if n}
    assert after == expected["label"].value_counts().sort_index().to_dict()
    assert streamed.sampling_strategy_ == memory.sampling_strategy_
    if len(getattr(memory, "provenance_", ())):
        np.testing.assert_array_equal(streamed.provenance_.base, memory.provenance_.base)
        np.testing.assert_array_equal(streamed.provenance_.neighbor, memory.provenance_.neighbor)


@given(
    case=out_of_core_cases(),
    container=st.sampled_from(["frame", "array"]),
    partitions=st.integers(1, 5),
)
@each_sampler(strategy=True, container="frame", partitions=2)
@pytest.mark.parametrize("variant", OUT_OF_CORE_VARIANTS)
def test_every_sampler_on_dask_gives_the_in_memory_rows_or_is_refused(
    variant, case, container, partitions
):
    """Dask DataFrames and Arrays, in any partitioning: the in-memory rows, lazily; a sampler
    that needs every row is refused before anything is computed."""
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    da = pytest.importorskip("dask.array")
    pd = pytest.importorskip("pandas")
    from smotekit.scale.plan import OutOfCoreError

    X, y = case[2], case[3]
    spec, opts, strategy = out_of_core_sampler(variant, case)
    lazy = spec.make(opts, strategy=strategy, seed=25)
    memory = spec.make(opts, strategy=strategy, seed=25)
    n = len(y)
    with dask.config.set(scheduler="sync"):
        if container == "frame":
            frame = _frame(X, y)
            X_big = dd.from_pandas(frame.drop(columns="label"), npartitions=partitions)
            y_big = dd.from_pandas(frame["label"], npartitions=partitions)
        else:
            rows = -(-n // partitions)
            X_big = da.from_array(X, chunks=(rows, X.shape[1]))
            y_big = da.from_array(y, chunks=rows)
        if refused_out_of_core(spec, lazy):
            # FunctionSampler: "compute the Dask collections first" (InvalidInputError)
            refusal = InvalidInputError if spec.cls is FunctionSampler else OutOfCoreError
            with pytest.raises(refusal):
                lazy.fit_resample(X_big, y_big)
            return
        X_lazy, y_lazy = lazy.fit_resample(X_big, y_big)
        got_X, got_y = dask.compute(X_lazy, y_lazy)
        # the data as Dask holds it (Dask may store text labels as Arrow strings)
        X_in, y_in = dask.compute(X_big, y_big)
    exp_X, exp_y = memory.fit_resample(X_in, y_in)
    if container == "frame":
        pd.testing.assert_frame_equal(got_X, exp_X, check_exact=True)
        pd.testing.assert_series_equal(got_y, exp_y, check_exact=True)
    else:
        assert got_X.dtype == exp_X.dtype and got_X.tobytes() == exp_X.tobytes()
        np.testing.assert_array_equal(got_y, exp_y)
    assert lazy.sampling_strategy_ == memory.sampling_strategy_


# ---- extremes ----------------------------------------------------------------------------
SPECIAL = (
    F64_MAX,
    -F64_MAX,
    1.7e308,
    -1.7e308,
    1e300,
    -1e300,
    1e-300,
    -1e-300,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    0.0,
    -0.0,
    1.0,
)


def extreme_elements(dtype) -> st.SearchStrategy[float]:
    """Any finite value of ``dtype``, its extremes, subnormals and mixed scales favoured."""
    info = np.finfo(dtype)
    width = info.bits
    special = sorted(
        {
            float(dtype(v))
            for v in (*SPECIAL, float(info.max), -float(info.max), float(info.tiny))
            if np.isfinite(dtype(v))
        }
    )
    return st.one_of(
        st.sampled_from(special),
        st.floats(allow_nan=False, allow_infinity=False, width=width),
    )


@st.composite
def extreme_tables(draw, dtype=np.float64, max_rows: int = 8):
    """``(X, y)``: 2 or 3 classes of 4..``max_rows`` rows whose values span ``dtype``'s range."""
    c = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(4, max_rows), min_size=c, max_size=c))
    d = draw(st.integers(1, 3))
    X = draw(hnp.arrays(dtype, (sum(sizes), d), elements=extreme_elements(dtype)))
    return X, np.repeat(np.arange(c), sizes)


def _extreme_example(dtype=np.float64):
    """A column mixing tiny and huge magnitudes (1e-300 beside 1e300 for float64), a column
    at +-max, a column of subnormals."""
    info = np.finfo(dtype)
    big, sub = float(info.max), float(info.smallest_subnormal)
    tiny, huge = (1e-300, 1e300) if dtype == np.float64 else (float(info.tiny), big / 4)
    rng = np.random.default_rng(0)
    n = 14
    X = np.column_stack(
        [
            rng.choice(np.array([tiny, -tiny, huge, -huge]), n),
            rng.choice(np.array([-big, big, 0.9 * big]), n),
            rng.choice(np.array([sub, -sub, 0.0, 4 * sub]), n),
        ]
    ).astype(dtype)
    assert np.isfinite(X).all()
    return X, np.repeat([0, 1], [9, 5])


EXTREME_INTERPOLATION = (
    ("SMOTE", {"k_neighbors": 2, "gap": "segment"}),
    ("SMOTE", {"k_neighbors": 3, "gap": "box", "allocation": "random"}),
    ("ADASYN", {"n_neighbors": 2, "gap": "segment"}),
    ("ADASYN", {"n_neighbors": 2, "gap": "box"}),
    ("BorderlineSMOTE", {"k_neighbors": 2, "m_neighbors": 4}),
    ("BorderlineSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "kind": "borderline-2", "gap": "box"}),
    ("KMeansSMOTE", {"k_neighbors": 2, "kmeans_estimator": 2}),
    ("SafeLevelSMOTE", {"k_neighbors": 2, "gap": "segment"}),
    ("ProWSyn", {"k_neighbors": 2, "levels": 3, "gap": "box"}),
    ("SMOBD", {"k_neighbors": 2, "min_samples": 3, "max_eps": np.inf, "gap": "box"}),
    ("LeeSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "rejection_level": 0.3}),
    ("AssembledSMOTE", {"k_neighbors": 2, "pop": 2, "thres": 0.3, "gap": "box"}),
    ("SMOTEENN", {"k": 2, "gap": "segment"}),
    ("SMOTETomek", {"k": 2, "gap": "box"}),
    ("SMOTEUnder", {"k_neighbors": 2, "percentage": 200, "under_percentage": 100}),
    (
        "SyntheticNoiseFilter",
        {
            "k": 2,
            "gap": "segment",
            "detector": "neighbors",
            "n_neighbors": 3,
            "top_up": True,
            "max_rounds": 2,
        },
    ),
    ("PolynomFitSMOTE", {"topology": "bus"}),
    ("PolynomFitSMOTE", {"topology": "mesh"}),
)


@given(
    case=st.sampled_from([np.float64, np.float32, np.float16]).flatmap(extreme_tables),
    choice=st.integers(0, len(EXTREME_INTERPOLATION) - 1),
    seed=st.integers(0, 2**32 - 1),
)
@each_choice(len(EXTREME_INTERPOLATION), case=_extreme_example(), seed=0)
@example(case=_extreme_example(np.float32), choice=2, seed=0)
@example(case=_extreme_example(np.float16), choice=3, seed=0)
def test_synthetic_values_are_finite_and_between_their_parents_across_the_whole_range(
    case, choice, seed
):
    """Values from float64's (float32's, float16's) whole range: near +-max, subnormals,
    1e-300 beside 1e300 in one column; every synthetic value is finite and between its
    parents, attribute by attribute, and the originals come back bit for bit."""
    X, y = case
    name, opts = EXTREME_INTERPOLATION[choice]
    spec = BY_NAME[name]
    if spec.cls is SMOTENC:
        X = adapt_last_nominal(X)
    sampler = spec.make(opts, seed=seed)
    X_res, y_res = fit_resample(sampler, X, y)
    assert X_res.dtype == X.dtype
    assert np.isfinite(X_res).all()
    m = n_original(spec, sampler, X, y, y_res)
    match_in_order(X, y, X_res[:m], y_res[:m])
    record = getattr(sampler, "provenance_", None)
    if record is None or not len(record):
        return
    synthetic = X_res[record.first_row :]
    columns = _interpolated_columns(spec, X)
    base, neighbor = np.asarray(record.base), np.asarray(record.neighbor)
    lo = np.minimum(X[base], X[neighbor])[:, columns]
    hi = np.maximum(X[base], X[neighbor])[:, columns]
    assert np.all(synthetic[:, columns] >= lo) and np.all(synthetic[:, columns] <= hi)


INTEGER_DTYPES = (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64)
LIMIT_SAMPLERS = (
    ("SMOTE", {"k_neighbors": 2, "gap": "segment"}),
    ("SMOTE", {"k_neighbors": 3, "gap": "box"}),
    ("ADASYN", {"n_neighbors": 2}),
    ("BorderlineSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "gap": "box"}),
    ("KMeansSMOTE", {"k_neighbors": 2, "kmeans_estimator": 2}),
    ("SMOTEENN", {"k": 2, "gap": "segment"}),
    ("SMOTEUnder", {"k_neighbors": 2, "percentage": 300, "under_percentage": 50}),
    ("ClusterCentroids", {"voting": "soft"}),
    ("PolynomFitSMOTE", {"topology": "bus"}),
    ("PolynomFitSMOTE", {"topology": "mesh"}),
)


def _limit_values(codes: np.ndarray, dtype) -> np.ndarray:
    """Code c >= 0: max - c (4: the middle); c < 0: min + (-c - 1)."""
    info = np.iinfo(dtype)
    middle = (int(info.min) + int(info.max)) // 2
    values = [
        (int(info.max) - c if c < 4 else middle) if c >= 0 else int(info.min) + (-c - 1)
        for c in codes.ravel().tolist()
    ]
    return np.array(values, dtype=dtype).reshape(codes.shape)


_LIMIT_EXAMPLE = np.array([[0, 1], [1, 2], [2, 3], [3, 0], [0, 0], [1, 3], [2, 1], [3, 2], [0, 3]])


NARROW_INTEGERS = tuple(d for d in INTEGER_DTYPES if np.dtype(d).itemsize < 8)
WIDE_INTEGERS = (np.int64, np.uint64)


@pytest.mark.parametrize(
    ("kind", "dtypes"),
    [
        # 64-bit columns within one float64 step of the parents, the others exactly
        pytest.param("interpolated", INTEGER_DTYPES, id="interpolated"),
        pytest.param(
            "exact",
            WIDE_INTEGERS,
            id="interpolated-64-bit-exactly",
        ),
        # (64-bit: a class near the limits has a standard deviation of 0 in float64: no noise)
        pytest.param("smoothed", WIDE_INTEGERS, id="smoothed-64-bit"),
        pytest.param(
            "smoothed",
            NARROW_INTEGERS,
            id="smoothed",
        ),
    ],
)
@given(
    which=st.integers(0, len(INTEGER_DTYPES) - 1),
    codes=st.integers(2, 3).flatmap(
        lambda d: hnp.arrays(np.int8, (9, d), elements=st.integers(-4, 4))
    ),
    split=st.integers(4, 5),
    choice=st.integers(0, len(LIMIT_SAMPLERS) - 1),
    extra=st.integers(1, 30),
    shrinkage=st.sampled_from([0.5, 1.0, 3.0]),
    seed=st.integers(0, 2**32 - 1),
)
@example(which=0, codes=_LIMIT_EXAMPLE, split=5, choice=0, extra=30, shrinkage=3.0, seed=0)
@each_choice(
    len(LIMIT_SAMPLERS), which=7, codes=_LIMIT_EXAMPLE, split=4, extra=9, shrinkage=1.0, seed=1
)
def test_integer_columns_near_their_limits_never_wrap(
    kind, dtypes, which, codes, split, choice, extra, shrinkage, seed
):
    """Integer columns at and near their dtype's min and max: every synthetic value lies
    between its parents (a centre: within its class; 64-bit columns: within a float64 step)
    and keeps its side of the range: nothing wraps around."""
    dtype = dtypes[which % len(dtypes)]
    y = np.repeat([0, 1], [split, codes.shape[0] - split])
    if kind == "smoothed":
        # each class on one side of the range only: the noise is a few units at most
        codes = np.where(y[:, None] == 0, np.abs(codes) % 4, -(np.abs(codes) % 4) - 1)
    X = _limit_values(codes, dtype)
    minority = 1 if split > codes.shape[0] - split else 0
    wanted = {minority: int((y == minority).sum()) + extra}
    if kind == "smoothed":
        sampler = RandomOverSampler(
            sampling_strategy=wanted, shrinkage=shrinkage, random_state=seed
        )
    else:
        name, opts = LIMIT_SAMPLERS[choice]
        spec = BY_NAME[name]
        strategy = None if spec.strategy in (None, "under") else wanted
        sampler = spec.make(opts, strategy=strategy, seed=seed)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtype == X.dtype
    if kind == "smoothed":
        half = 2 ** (8 * np.dtype(dtype).itemsize - 2)
        new = X_res[len(y) :].astype(object)
        base = X[sampler.sample_indices_[len(y) :]].astype(object)
        assert np.all(np.abs(new - base) < half), "a value jumped across the range: wrapped"
        return
    # a float64 step at the column's magnitude (none for 32-bit and narrower columns)
    wide = np.dtype(dtype).itemsize == 8 and kind == "interpolated"
    slack = 2 * int(np.spacing(float(np.iinfo(dtype).max))) if wide else 0
    as_int = X.astype(object)
    if isinstance(sampler, ClusterCentroids):
        kept = len(y_res) - sum(sampler.sampling_strategy_.values())
        for label, centre in zip(y_res[kept:], X_res[kept:].astype(object), strict=True):
            rows = as_int[y == label]
            assert np.all(centre >= rows.min(axis=0) - slack)
            assert np.all(centre <= rows.max(axis=0) + slack)
        return
    record = getattr(sampler, "provenance_", None)
    if record is None or not len(record):
        return
    new = X_res[record.first_row :].astype(object)
    base, neighbor = np.asarray(record.base), np.asarray(record.neighbor)
    lo = np.minimum(as_int[base], as_int[neighbor])
    hi = np.maximum(as_int[base], as_int[neighbor])
    assert np.all(new >= lo - slack) and np.all(new <= hi + slack), "left its parents' range"


EVERY_SAMPLER_CONFIG = (
    ("SMOTE", {"k_neighbors": 2}),
    ("SMOTE", {"k_neighbors": 2, "gap": "box"}),
    ("SMOTE", {"k_neighbors": 2, "metric": "cosine"}),
    ("SMOTE", {"k_neighbors": 2, "metric": "chebyshev"}),
    ("ADASYN", {"n_neighbors": 2}),
    ("ADASYN", {"n_neighbors": 2, "metric": "hvdm"}),
    ("BorderlineSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "metric": "manhattan"}),
    ("SafeLevelSMOTE", {"k_neighbors": 2, "metric": "heom"}),
    ("ProWSyn", {"k_neighbors": 2, "levels": 3, "metric": "manhattan"}),
    ("LeeSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "metric": "cosine"}),
    ("BorderlineSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "kind": "borderline-2"}),
    ("KMeansSMOTE", {"k_neighbors": 2, "kmeans_estimator": 2}),
    ("SafeLevelSMOTE", {"k_neighbors": 2}),
    ("ProWSyn", {"k_neighbors": 2, "levels": 3}),
    ("SMOBD", {"k_neighbors": 2, "min_samples": 3}),
    ("LeeSMOTE", {"k_neighbors": 2, "m_neighbors": 4}),
    ("AssembledSMOTE", {"k_neighbors": 2}),
    ("AssembledSMOTE", {"k_neighbors": 2, "off_border": "cluster"}),
    ("GeometricSMOTE", {"k_neighbors": 2, "truncation_factor": 0.0}),
    ("PolynomFitSMOTE", {"topology": "star"}),
    ("PolynomFitSMOTE", {"topology": "bus"}),
    ("PolynomFitSMOTE", {"topology": "mesh", "allocation": "random"}),
    ("PolynomFitSMOTE", {"topology": "polynomial", "degree": 3}),
    ("LVQSMOTE", {"k_neighbors": 2, "n_clusters": 4}),
    ("CCR", {"energy": 1.0}),
    ("CCR", {"energy": 1e300}),
    ("SMOTEN", {"k_neighbors": 2}),
    ("RandomOverSampler", {}),
    ("RandomUnderSampler", {"replacement": True}),
    ("NearMiss", {"version": 1, "n_neighbors": 2}),
    ("NearMiss", {"version": 2, "n_neighbors": 2}),
    ("NearMiss", {"version": 3, "n_neighbors": 2, "n_neighbors_ver3": 2}),
    ("TomekLinks", {}),
    ("EditedNearestNeighbours", {"n_neighbors": 2}),
    ("RepeatedEditedNearestNeighbours", {"n_neighbors": 2}),
    ("AllKNN", {"n_neighbors": 2}),
    ("NeighbourhoodCleaningRule", {"n_neighbors": 2}),
    ("CondensedNearestNeighbour", {}),
    ("OneSidedSelection", {}),
    ("IterativePartitioningFilter", {"n_partitions": 3}),
    ("IterativePartitioningFilter", {"n_partitions": 3, "fit_on": "rest"}),
    ("SMOTEENN", {"k": 2, "gap": "segment"}),
    ("SMOTETomek", {"k": 2, "gap": "box"}),
    ("SMOTEIPF", {"k": 2, "gap": "segment", "parts": 3}),
    ("SMOTEUnder", {"k_neighbors": 2, "percentage": 100, "under_percentage": 100}),
    (
        "SyntheticNoiseFilter",
        {
            "k": 2,
            "gap": "segment",
            "detector": "neighbors",
            "n_neighbors": 3,
            "top_up": True,
            "max_rounds": 2,
        },
    ),
    ("FunctionSampler", {}),
)
#: Samplers that fit a scikit-learn estimator unable to take values near float64's limits.
REFUSE_HUGE = {
    "ClusterCentroids",
    "InstanceHardnessThreshold",
    "SyntheticNoiseFilter",
    "IterativePartitioningFilter",
    "SMOTEIPF",
}
#: Two continuous columns whose standard deviations are both near 1e308 (SMOTENC's Med).
_HUGE_SPREADS = (
    np.array([[-1e300, 1.7e308, 2.0]] + [[-F64_MAX, -F64_MAX, 2.0]] * 8),
    np.array([0, 0, 0, 0, 1, 1, 1, 1, 1]),
)


@pytest.mark.parametrize(
    "configs",
    [
        pytest.param(EVERY_SAMPLER_CONFIG, id="every-other-sampler"),
        pytest.param(
            (("SVMSMOTE", {"k_neighbors": 2, "m_neighbors": 4}),),
            id="SVMSMOTE",
        ),
        pytest.param(
            (("SMOTENC", {"categorical_features": [-1], "k_neighbors": 2}),),
            id="SMOTENC",
        ),
        pytest.param(
            (("RandomOverSampler", {"shrinkage": 1.0}),),
            id="RandomOverSampler-shrinkage",
        ),
        pytest.param(
            (("ClusterCentroids", {"voting": "soft"}), ("ClusterCentroids", {"voting": "hard"})),
            id="ClusterCentroids",
        ),
        pytest.param(
            (("InstanceHardnessThreshold", {"depth": 2}),),
            id="InstanceHardnessThreshold",
        ),
        pytest.param(
            (
                (
                    "SyntheticNoiseFilter",
                    {
                        "k": 2,
                        "gap": "segment",
                        "detector": "lof",
                        "n_neighbors": 3,
                        "top_up": False,
                        "max_rounds": 1,
                    },
                ),
            ),
            id="SyntheticNoiseFilter-lof",
        ),
    ],
)
@given(case=extreme_tables(), choice=st.integers(0, 2**16), seed=st.integers(0, 2**32 - 1))
@each_choice(len(EVERY_SAMPLER_CONFIG), case=_extreme_example(), seed=0)
@example(case=_HUGE_SPREADS, choice=0, seed=0)
def test_no_sampler_turns_finite_input_into_non_finite_output(configs, case, choice, seed):
    """Every sampler of the package, on values across float64's whole range: it returns,
    and every value it returns is finite."""
    X, y = case
    name, opts = configs[choice % len(configs)]
    spec = BY_NAME[name]
    largest = float(np.max(np.abs(np.asarray(X, dtype=float))))
    X = spec.adapt(X)
    try:
        X_res, y_res = fit_resample(spec.make(opts, seed=seed), X, y)
    except InvalidInputError as exc:
        # scikit-learn estimators that overflow on huge values (SVC, k-means, LOF, float32
        # trees) are refused up front, in one clear line, never left to fail inside
        assert name in REFUSE_HUGE and "Rescale X" in str(exc)
        assert largest > FLOAT32_LIMIT
        return
    assert np.isfinite(X_res).all()
    assert X_res.shape[0] == y_res.shape[0]


# ---- refitting ---------------------------------------------------------------------------
def fitted_attributes(sampler) -> dict:
    return {k: v for k, v in vars(sampler).items() if k.endswith("_") and not k.startswith("_")}


def assert_same_value(a, b, name: str) -> None:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=name)
    elif isinstance(a, dict) and isinstance(b, dict):
        assert list(a) == list(b), name
        for key in a:
            assert_same_value(a[key], b[key], f"{name}[{key!r}]")
    elif hasattr(a, "first_row") and hasattr(a, "base"):  # a provenance record
        assert (a.first_row, len(a)) == (b.first_row, len(b)), name
        np.testing.assert_array_equal(a.base, b.base, err_msg=name)
        np.testing.assert_array_equal(a.neighbor, b.neighbor, err_msg=name)
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        assert len(a) == len(b), name
        for i, (u, v) in enumerate(zip(a, b, strict=True)):
            assert_same_value(u, v, f"{name}[{i}]")
    elif isinstance(a, (int, float, str, bool, type(None))):
        assert a == b, name
    else:  # a fitted estimator: the same kind
        assert type(a) is type(b), name


REFIT_CONFIGS = (
    ("SMOTENC", {"categorical_features": [-1], "k_neighbors": 2}),
    ("SMOTENC", {"categorical_features": [-1], "k_neighbors": 2, "metric": "hvdm"}),
    *(
        c
        for c in EVERY_SAMPLER_CONFIG
        if c[0] not in ("SMOTEENN", "SMOTETomek", "SMOTEIPF", "SyntheticNoiseFilter")
    ),
    ("SVMSMOTE", {"k_neighbors": 2, "m_neighbors": 4, "out_step": 0.5}),
    ("RandomOverSampler", {"shrinkage": 1.0}),
    ("ClusterCentroids", {"voting": "soft"}),
    ("ClusterCentroids", {"voting": "hard"}),
    ("InstanceHardnessThreshold", {"depth": 2}),
)
_IMBALANCED = (
    np.random.default_rng(3).normal(size=(12, 2)),
    np.repeat([0, 1], [8, 4]),
)
_BALANCED = (
    np.random.default_rng(4).normal(size=(8, 2)),
    np.repeat([0, 1], [4, 4]),
)


@pytest.mark.parametrize(
    "configs",
    [
        pytest.param(REFIT_CONFIGS, id="every-other-sampler"),
        pytest.param(
            (
                ("SMOTEENN", {"k": 2, "gap": "segment"}),
                ("SMOTETomek", {"k": 2, "gap": "box"}),
                ("SMOTEIPF", {"k": 2, "gap": "segment", "parts": 3}),
                (
                    "SyntheticNoiseFilter",
                    {
                        "k": 2,
                        "gap": "segment",
                        "detector": "neighbors",
                        "n_neighbors": 3,
                        "top_up": True,
                        "max_rounds": 2,
                    },
                ),
            ),
            id="SMOTEENN-SMOTETomek-SMOTEIPF-SyntheticNoiseFilter",
        ),
    ],
)
@given(
    first=tables(max_features=3),
    second=tables(max_features=3),
    choice=st.integers(0, 2**16),
    seed=st.integers(0, 2**32 - 1),
)
@each_choice(len(REFIT_CONFIGS), first=_IMBALANCED, second=_BALANCED, seed=0)
def test_a_refitted_sampler_holds_what_a_fresh_one_holds(configs, first, second, choice, seed):
    """fit_resample on new data leaves no trace of an earlier fit: the same output and the
    same fitted attributes as a fresh sampler."""
    name, opts = configs[choice % len(configs)]
    spec = BY_NAME[name]
    (X1, y1), (X2, y2) = first, second
    X1, X2 = spec.adapt(X1), spec.adapt(X2)
    reused = spec.make(opts, seed=seed)
    fit_resample(reused, X1, y1)
    X_a, y_a = fit_resample(reused, X2, y2)
    fresh = spec.make(opts, seed=seed)
    X_b, y_b = fit_resample(fresh, X2, y2)
    assert X_a.tobytes() == X_b.tobytes()
    np.testing.assert_array_equal(y_a, y_b)
    old, new = fitted_attributes(reused), fitted_attributes(fresh)
    assert sorted(old) == sorted(new)
    for key in new:
        assert_same_value(old[key], new[key], key)
