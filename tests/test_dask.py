"""Samplers on Dask collections: lazy, equal to the in-memory rows, and robust to a lost worker."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smotekit import SMOTE, BorderlineSMOTE, RandomOverSampler, RandomUnderSampler
from smotekit.scale import dask as dask_runner
from smotekit.scale.cells import CellTree, neighbour_recall
from smotekit.scale.plan import OutOfCoreError

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

TIMEOUT = 60  # seconds for any one computation on the cluster


@pytest.fixture(scope="module")
def client():
    # no scheduler-side queuing: with distributed 2024.1 (the oldest supported), a worker
    # killed mid-run (the retry test) could leave a queued task in a state its scheduler
    # asserted on, and the run then waited out every timeout (seen once in CI under load)
    with dask.config.set({"distributed.scheduler.worker-saturation": float("inf")}):
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GiB",
            dashboard_address=None,
            silence_logs=40,
        )
        client = distributed.Client(cluster, timeout=TIMEOUT)
        try:
            client.wait_for_workers(2, timeout=TIMEOUT)
            yield client
        finally:
            client.close(timeout=TIMEOUT)
            cluster.close(timeout=TIMEOUT)


def data(n: int = 4000, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 5)), columns=list("abcde"))
    frame["count"] = rng.integers(0, 40, n)
    y = pd.Series(rng.choice([0, 1, 2], p=[0.85, 0.1, 0.05], size=n), name="label")
    return frame, y


SAMPLERS = {
    "smote": lambda: SMOTE(random_state=3),
    "smote-box": lambda: SMOTE(random_state=3, gap="box", integer_columns="float"),
    "random-over": lambda: RandomOverSampler(random_state=3),
    "random-under": lambda: RandomUnderSampler(random_state=3),
}


@pytest.mark.parametrize("name", list(SAMPLERS))
def test_dataframe_on_a_cluster_equals_in_memory(client, name: str):
    frame, y = data()
    streamed, memory = SAMPLERS[name](), SAMPLERS[name]()
    X_res, y_res = streamed.fit_resample(
        dd.from_pandas(frame, npartitions=5), dd.from_pandas(y, npartitions=5)
    )
    assert isinstance(X_res, dd.DataFrame) and isinstance(y_res, dd.Series)
    got_X, got_y = client.compute([X_res, y_res], sync=False)
    got_X, got_y = got_X.result(timeout=TIMEOUT), got_y.result(timeout=TIMEOUT)
    exp_X, exp_y = memory.fit_resample(frame, y)
    pd.testing.assert_frame_equal(got_X, exp_X, check_exact=True)
    pd.testing.assert_series_equal(got_y, exp_y, check_exact=True)
    if hasattr(memory, "provenance_"):
        np.testing.assert_array_equal(streamed.provenance_.base, memory.provenance_.base)
        np.testing.assert_array_equal(streamed.provenance_.neighbor, memory.provenance_.neighbor)


def test_arrays_on_a_cluster_equal_in_memory(client):
    frame, y = data(seed=1)
    X, labels = frame.to_numpy(dtype=np.float32), y.to_numpy()
    X_res, y_res = SMOTE(random_state=5).fit_resample(
        da.from_array(X, chunks=(700, 3)), da.from_array(labels, chunks=500)
    )
    assert isinstance(X_res, da.Array)
    got = client.compute([X_res, y_res], sync=False)
    got_X, got_y = (f.result(timeout=TIMEOUT) for f in got)
    exp_X, exp_y = SMOTE(random_state=5).fit_resample(X, labels)
    assert got_X.dtype == np.float32
    np.testing.assert_array_equal(got_X, exp_X)
    np.testing.assert_array_equal(got_y, exp_y)


def _die_once(part: pd.DataFrame, flags: str) -> pd.DataFrame:
    """Kill this worker process the first time it runs while armed (then never again)."""
    armed, done = Path(flags) / "armed", Path(flags) / "done"
    if armed.exists() and not done.exists() and len(part) and part.index[0] == 0:
        done.write_text(str(os.getpid()))
        os._exit(1)
    return part


def test_a_worker_lost_mid_run_is_retried_and_the_rows_are_right(client, tmp_path: Path):
    frame, y = data(n=3000, seed=2)
    X = dd.from_pandas(frame, npartitions=4).map_partitions(
        _die_once, str(tmp_path), meta=frame.iloc[:0]
    )
    X_res, y_res = SMOTE(random_state=9).fit_resample(X, dd.from_pandas(y, npartitions=4))
    before = set(client.scheduler_info()["workers"])
    (tmp_path / "armed").write_text("")  # the next run of partition 0 kills its worker
    result = client.compute(X_res.assign(label=y_res), sync=False).result(timeout=TIMEOUT)
    assert (tmp_path / "done").exists()  # a worker did die, in the middle of the run
    client.wait_for_workers(2, timeout=TIMEOUT)  # the nanny brought one back
    assert set(client.scheduler_info()["workers"]) != before
    exp_X, exp_y = SMOTE(random_state=9).fit_resample(frame, y)
    pd.testing.assert_frame_equal(result, exp_X.assign(label=exp_y), check_exact=True)


def test_a_class_too_large_for_one_worker_is_resampled_in_cells():
    rng = np.random.default_rng(4)
    centres = rng.normal(size=(6, 4)) * 8
    minority = np.concatenate([c + rng.normal(size=(300, 4)) for c in centres])
    majority = rng.normal(size=(6000, 4)) * 8
    frame = pd.DataFrame(np.concatenate([majority, minority]), columns=list("abcd"))
    y = pd.Series([0] * 6000 + [1] * 1800, name="label")
    X_d, y_d = dd.from_pandas(frame, npartitions=6), dd.from_pandas(y, npartitions=6)
    with dask.config.set(scheduler="sync"):
        runs = [
            dask_runner.fit_resample(SMOTE(random_state=1), X_d, y_d, max_class_rows=500)
            for _ in range(2)
        ]
        X1, y1 = runs[0][0].compute(), runs[0][1].compute()
        X2 = runs[1][0].compute()
    pd.testing.assert_frame_equal(X1, X2)  # reproducible for a seed and a partitioning
    assert y1.value_counts().to_dict() == {0: 6000, 1: 6000}
    pd.testing.assert_frame_equal(X1.iloc[: len(frame)], frame)  # originals untouched
    assert X1.index[len(frame)] == len(frame)  # new labels continue the index
    new = X1.iloc[len(frame) :].to_numpy()
    assert new.shape[0] == 4200
    # every new row lies within the minority: its nearest original row is a minority row
    from sklearn.neighbors import NearestNeighbors

    search = NearestNeighbors(n_neighbors=1).fit(frame.to_numpy())
    found = search.kneighbors(new, return_distance=False)
    assert (y.to_numpy()[found[:, 0]] == 1).mean() > 0.99


def test_cells_keep_most_neighbours_of_clustered_data():
    rng = np.random.default_rng(0)
    blobs = [rng.normal(size=(1000, 8)) * 0.5 + rng.normal(size=8) * 5 for _ in range(8)]
    X = np.concatenate(blobs)
    tree = CellTree.fit(X[rng.choice(len(X), 3000, replace=False)], 4, rng)
    cells = tree.assign(X)
    assert np.bincount(cells).min() > 1500  # about equal shares of 8000 rows
    assert neighbour_recall(X, cells, k=5) > 0.9


def test_fit_counts_classes_without_resampling():
    frame, y = data(n=500)
    sampler = SMOTE().fit(dd.from_pandas(frame, npartitions=3), dd.from_pandas(y, npartitions=3))
    assert sampler.sampling_strategy_ == SMOTE().fit(frame, y).sampling_strategy_
    assert list(sampler.feature_names_in_) == list(frame.columns)


def test_dask_refusals():
    frame, y = data(n=300)
    X_d, y_d = dd.from_pandas(frame, npartitions=2), dd.from_pandas(y, npartitions=2)
    with pytest.raises(OutOfCoreError, match="Dask mode"):
        BorderlineSMOTE().fit_resample(X_d, y_d)
    with pytest.raises(ValueError, match="same partitions"):
        SMOTE().fit_resample(X_d, dd.from_pandas(y, npartitions=3))
    with pytest.raises(ValueError, match="Dask DataFrame with y a Dask Series"):
        SMOTE().fit_resample(X_d, y)
