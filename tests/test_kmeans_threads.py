"""scikit-learn's k-means runs on one OpenMP thread inside the samplers: with three or more
threads its centres depend on the order threads finish in, so a seed would not give the
same rows on every machine."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info

from smotekit import LVQSMOTE, ClusterCentroids, KMeansSMOTE


def _openmp_threads() -> set[int]:
    return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "openmp"}


@pytest.mark.parametrize(
    "sampler",
    [
        KMeansSMOTE(kmeans_estimator=3, random_state=0),
        ClusterCentroids(random_state=0),
        LVQSMOTE(n_clusters=4, random_state=0),
    ],
    ids=lambda s: type(s).__name__,
)
def test_kmeans_fits_on_one_openmp_thread(sampler, monkeypatch):
    if not _openmp_threads():
        pytest.skip("no OpenMP runtime loaded")
    seen = []
    real = KMeans.fit

    def spy(self, *args, **kwargs):
        seen.append(_openmp_threads())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(KMeans, "fit", spy)
    before = _openmp_threads()
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    y = (rng.random(300) < 0.3).astype(int)
    sampler.fit_resample(X, y)
    assert seen and all(threads == {1} for threads in seen)
    assert _openmp_threads() == before  # the limit is lifted afterwards
