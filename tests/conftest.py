"""Shared test configuration: hypothesis profile and the real-data fixtures' location."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

DATA_DIR = Path(__file__).parent / "data"

# Properties run on tiny data sets; the budget per property is set where it is declared.
settings.register_profile(
    "smotekit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("smotekit")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Directory of the real data sets copied for the tests (see tests/data/README.md)."""
    return DATA_DIR
