"""What a fresh process meets: numpy twins for small jobs, and a kept cache for the kernels."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import smotekit._compiled as compiled
from smotekit import SMOTE
from smotekit.door import fast
from smotekit.door.fast import copy_rows
from smotekit.synthesis import render as render_module
from smotekit.synthesis.kernels import limit_of, segment_kernel


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_numpy_render_twin_has_the_kernels_bits(dtype):
    rng = np.random.default_rng(0)
    # values across many magnitudes: a fused multiply-add or a float32 intermediate
    # would show up in the last bits
    X = (rng.normal(size=(400, 9)) * 10 ** rng.uniform(-30, 30, size=(400, 9))).astype(dtype)
    base = rng.integers(0, 400, 50_000)
    neighbor = rng.integers(0, 400, 50_000)
    gap = rng.random(50_000)
    a = np.empty((50_000, 9), dtype=dtype)
    b = np.empty_like(a)
    segment_kernel(a, X, base, neighbor, gap, limit_of(dtype))
    render_module._segment_numpy(b, X, base, neighbor, gap)
    assert a.tobytes() == b.tobytes()


def test_small_and_large_jobs_give_the_same_rows(monkeypatch):
    """Whichever path renders and copies (numpy twin or kernel), the output is the same."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3000, 12))
    y = (rng.random(3000) < 0.2).astype(int)
    for module in (render_module, fast):
        monkeypatch.setattr(module, "compiled_pays", lambda kernel, values: False)
    X_np, y_np = SMOTE(random_state=0).fit_resample(X, y)
    for module in (render_module, fast):
        monkeypatch.setattr(module, "compiled_pays", lambda kernel, values: True)
    X_nb, y_nb = SMOTE(random_state=0).fit_resample(X, y)
    assert X_np.tobytes() == X_nb.tobytes()
    np.testing.assert_array_equal(y_np, y_nb)


def test_compiled_pays_once_loaded_or_large():
    def not_loaded() -> None: ...

    assert not compiled.compiled_pays(not_loaded, 1000)
    assert compiled.compiled_pays(not_loaded, compiled.COMPILED_MIN_VALUES + 1)
    X = np.zeros((2, 2))
    # the numba kernel itself (the compiled stand-in, where built, loads nothing)
    numba_kernel = getattr(segment_kernel, "numba", segment_kernel)
    numba_kernel(X, X, np.zeros(1, np.intp), np.zeros(1, np.intp), np.zeros(1), 1e308)
    assert compiled.compiled_pays(numba_kernel, 10)
    assert compiled.compiled_pays(segment_kernel, 10)
    # numba is set up now: another kernel pays from LOADED_MIN_VALUES on
    assert compiled.numba_ready()
    assert compiled.compiled_pays(not_loaded, compiled.LOADED_MIN_VALUES + 1)
    assert not compiled.compiled_pays(not_loaded, compiled.LOADED_MIN_VALUES)


def test_no_kernel_ran_in_a_fresh_process_means_numba_is_not_ready():
    script = (
        "import numpy as np, smotekit, smotekit._compiled as c; assert not c.numba_ready(); "
        "X = np.random.default_rng(0).normal(size=(300, 4)); y = np.r_[[0]*200, [1]*100]; "
        "smotekit.SMOTE(random_state=0).fit_resample(X, y); assert not c.numba_ready()"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)


def test_a_class_in_one_run_of_rows_is_searched_in_place():
    from smotekit import SMOTE
    from smotekit.door import ingest_features, ingest_target

    X = np.random.default_rng(0).normal(size=(50, 3))
    y = np.r_[np.zeros(30, int), np.ones(20, int)]
    features, target = ingest_features(X), ingest_target(y, 50)
    sampler = SMOTE()
    together = sampler.search_space(features, target, 1, np.flatnonzero(y == 1))
    assert np.shares_memory(together, X) and np.array_equal(together, X[30:])
    apart = sampler.search_space(features, target, 1, np.array([1, 5, 40]))
    assert not np.shares_memory(apart, X)

    class Copying(SMOTE):  # the rows gathered as any other class's are
        def search_space(self, features, target, label, rows):
            return features.numeric[rows].copy()

    in_place = SMOTE(random_state=0).fit_resample(X, y)[0]
    assert np.array_equal(in_place, Copying(random_state=0).fit_resample(X, y)[0])
    assert np.array_equal(X, np.random.default_rng(0).normal(size=(50, 3)))  # X untouched


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_threaded_numpy_copy_checks_every_value(n_jobs, monkeypatch):
    monkeypatch.setattr(fast, "compiled_pays", lambda kernel, values: False)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200_000, 3))
    out = np.empty_like(X)
    assert copy_rows(out, X, check_finite=True, n_jobs=n_jobs) is True
    np.testing.assert_array_equal(out, X)
    X[199_999, 1] = -np.inf
    assert copy_rows(out, X, check_finite=True, n_jobs=n_jobs) is False
    assert copy_rows(out, X, check_finite=False, n_jobs=n_jobs) is True


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_threaded_copy_checks_every_value(n_jobs):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(200_000, 3))
    out = np.empty_like(X)
    fast._copy_rows_checked(out[:1], X[:1])  # loaded: the threaded kernel runs, not numpy
    assert copy_rows(out, X, check_finite=True, n_jobs=n_jobs) is True
    np.testing.assert_array_equal(out, X)
    X[-1, 2] = np.inf
    X[123_456, 0] = np.nan
    assert copy_rows(out, X, check_finite=True, n_jobs=n_jobs) is False


def test_cache_folder_when_package_and_home_are_read_only(monkeypatch, tmp_path):
    import numba

    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    chosen = compiled.keep_compiled_cache()
    assert chosen is not None and chosen.startswith(str(tmp_path))
    assert chosen == numba.config.CACHE_DIR


def test_user_choice_and_writable_folders_are_left_alone(monkeypatch, tmp_path):
    import numba

    monkeypatch.setattr(numba.config, "CACHE_DIR", str(tmp_path))
    assert compiled.keep_compiled_cache() is None
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    assert compiled.keep_compiled_cache(package_dir=str(tmp_path)) is None
    assert numba.config.CACHE_DIR == ""


def test_kernels_are_cached_where_nothing_else_is_writable(tmp_path):
    """A fresh interpreter that may write nowhere else keeps the compiled kernels in tmp."""
    script = textwrap.dedent(
        f"""
        import os, tempfile
        real = os.access
        os.access = lambda p, mode: False if mode == os.W_OK else real(p, mode)
        tempfile.tempdir = {str(tmp_path)!r}
        os.environ["XDG_CACHE_HOME"] = {str(tmp_path / "ro-home")!r}
        import numpy as np
        import smotekit
        from smotekit.synthesis.kernels import limit_of, segment_kernel
        X = np.zeros((2, 2))
        segment_kernel(X, X, np.zeros(1, np.intp), np.zeros(1, np.intp), np.zeros(1), 1e308)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=300)
    cached = [
        name
        for _, _, files in os.walk(tmp_path)
        for name in files
        if name.startswith("kernels.segment_kernel") and name.endswith(".nbi")
    ]
    assert cached
