"""imbalanced-learn's own tests against smotekit, imports swapped at run time.

They are read from the installed imbalanced-learn wheel (benchmarks/imblearn_suite.py), never
copied here. Every failure must be listed, with its reason, in
tests/data/imblearn_expected_failures.txt (and explained in docs/migration.md): anything
else is a regression in the drop-in promise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

imblearn = pytest.importorskip("imblearn")
if imblearn.__version__ != "0.14.2":  # the list below is of that version's tests
    pytest.skip(
        f"the expected failures are listed for imbalanced-learn 0.14.2, not "
        f"{imblearn.__version__}: run benchmarks/imblearn_suite.py -v and update the list",
        allow_module_level=True,
    )

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))

from imblearn_suite import run_suite  # noqa: E402 - once benchmarks/ is on the path

LISTED = HERE / "data" / "imblearn_expected_failures.txt"


def expected() -> tuple[dict[str, str], set[str]]:
    """The listed failures (test -> reason) and the reasons the header explains."""
    failures, reasons = {}, set()
    for line in LISTED.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ":" in line and " " not in line[2 : line.index(":")]:
            reasons.add(line[2 : line.index(":")])
        elif line and not line.startswith("#"):
            reason, name = line.split("\t")
            failures[name] = reason
    return failures, reasons


def test_every_listed_failure_has_an_explained_reason():
    failures, reasons = expected()
    assert len(failures) >= 10 and set(failures.values()) <= reasons


def test_imbalanced_learns_tests_fail_only_where_the_migration_page_says():
    results, failures, summary = run_suite()
    total = sum(run for _, run in results.values())
    assert total > 400, summary  # the suite was found and collected
    listed, _ = expected()
    unexpected = sorted(set(failures) - set(listed))
    assert unexpected == [], f"new failures, not listed with a reason: {unexpected}"
    assert total - len(failures) >= 375
