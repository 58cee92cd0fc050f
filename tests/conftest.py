"""Shared test configuration: hypothesis profiles and the real-data fixtures' location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

DATA_DIR = Path(__file__).parent / "data"

# Properties run on tiny data sets. A property that sets no ``max_examples`` of its own gets
# the profile's: "ci" (300 examples, the default of a plain ``python -m pytest``) or "dev"
# (~30, for quick local runs: ``HYPOTHESIS_PROFILE=dev python -m pytest``).
settings.register_profile(
    "smotekit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
# the same 300 examples on every run, so CI is reproducible; "dev" explores afresh each time
settings.register_profile(
    "ci", settings.get_profile("smotekit"), max_examples=300, derandomize=True
)
settings.register_profile("dev", settings.get_profile("smotekit"), max_examples=30)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Directory of the real data sets copied for the tests (see tests/data/README.md)."""
    return DATA_DIR
