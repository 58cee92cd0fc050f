"""imbalanced-learn's own tests, run against smotekit with only the imports swapped.

    python benchmarks/imblearn_suite.py                # every file: samplers, metrics, ...
    python benchmarks/imblearn_suite.py --files test_smote.py test_nearmiss.py -v

The test files are read from the installed imbalanced-learn wheel at run time (nothing of
them is kept in this repository), copied to a temporary folder, and every
``from imblearn.<module> import <name>`` of a name smotekit has is rewritten to import it
from smotekit (samplers from ``smotekit``, metrics from ``smotekit.metrics``,
``make_imbalance`` from ``smotekit.datasets``, ensembles from ``smotekit.ensemble``); other
imports (imbalanced-learn's test utilities, its Pipeline) stay. Prints passed / run per file
and the failing tests, so each remaining failure can be named with its reason on the
migration page (docs/migration.md).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: imbalanced-learn test folders (relative to its package) whose tests exercise a public
#: class or function smotekit replaces.
FOLDERS = (
    "over_sampling/_smote/tests",
    "over_sampling/tests",
    "under_sampling/_prototype_selection/tests",
    "under_sampling/_prototype_generation/tests",
    "combine/tests",
    "metrics/tests",
    "datasets/tests",
    "ensemble/tests",
)
#: files in those folders that test imbalanced-learn internals, not a public replacement
SKIP_FILES = {"test_common.py", "test_zenodo.py", "test_pairwise.py", "test_score_objects.py"}
#: where smotekit keeps what imbalanced-learn's modules export
HOMES = ("smotekit", "smotekit.metrics", "smotekit.datasets", "smotekit.ensemble")


def _home(name: str) -> str | None:
    for module in HOMES:
        try:
            if hasattr(importlib.import_module(module), name):
                return module
        except ImportError:
            continue
    return None


def swap_imports(source: str) -> tuple[str, list[str]]:
    """``source`` with its imbalanced-learn imports of smotekit's names swapped."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    swapped: list[str] = []
    for node in sorted(ast.walk(tree), key=lambda n: -getattr(n, "lineno", 0)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("imblearn"):
            continue
        if node.col_offset:
            continue  # imports inside functions keep imbalanced-learn (rare, deliberate)
        kept, moved = [], {}
        for alias in node.names:
            home = _home(alias.name)
            if home is None:
                kept.append(alias)
            else:
                moved.setdefault(home, []).append(alias)
                swapped.append(f"{node.module}.{alias.name} -> {home}")
        if not moved:
            continue

        def names(aliases):
            return ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in aliases)

        new = [f"from {home} import {names(aliases)}\n" for home, aliases in moved.items()]
        if kept:
            new.insert(0, f"from {node.module} import {names(kept)}\n")
        lines[node.lineno - 1 : node.end_lineno] = new
    return "".join(lines), swapped


def run_suite(files: list[str] | None = None) -> tuple[dict[str, list[int]], list[str], str]:
    """Run imbalanced-learn's tests against smotekit: per file ``[passed, run]``, the failing
    tests (``file::test``) and pytest's summary line."""
    import imblearn

    root = Path(imblearn.__file__).parent
    work = Path(tempfile.mkdtemp(prefix="imblearn-suite-"))
    copied = []
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("test_*.py")):
            if path.name in SKIP_FILES or (files and path.name not in files):
                continue
            text, swapped = swap_imports(path.read_text(encoding="utf-8"))
            if not swapped:
                continue  # nothing of smotekit's is tested there
            target = work / f"test_{folder.split('/')[0]}__{path.name[5:]}"
            target.write_text(text, encoding="utf-8")
            copied.append(target.name)
    common = [sys.executable, "-m", "pytest", str(work), "-q", "-p", "no:cacheprovider"]
    proc = subprocess.run(
        [*common, "-rfE", "--tb=line", "-W", "ignore::DeprecationWarning"],
        capture_output=True,
        text=True,
        check=False,
    )
    collected = subprocess.run(
        [*common, "--collect-only"], capture_output=True, text=True, check=False
    ).stdout
    shutil.rmtree(work, ignore_errors=True)
    results = {name: [0, 0] for name in copied}
    for line in collected.splitlines():
        found = re.match(r"\S*?([\w.]+\.py)::", line)
        if found and found.group(1) in results:
            results[found.group(1)][1] += 1
    failures = []
    for line in proc.stdout.splitlines():
        found = re.match(r"(FAILED|ERROR) \S*?([\w.]+\.py)::(\S+)", line)
        if found:
            failures.append(f"{found.group(2)}::{found.group(3)}")
    for name, counts in results.items():
        counts[0] = counts[1] - sum(f.startswith(name + "::") for f in failures)
    summary = [line for line in proc.stdout.splitlines() if " passed" in line or " failed" in line]
    return results, failures, summary[-1] if summary else proc.stdout[-500:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="*", help="only these test files (names)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failure")
    args = parser.parse_args()
    import imblearn

    results, failures, summary = run_suite(args.files)
    print(f"imbalanced-learn {imblearn.__version__}: {len(results)} test files, imports swapped")
    for name, (passed, run) in results.items():
        print(f"{name:<60}{passed:>5} / {run}")
    total = sum(run for _, run in results.values())
    print(f"{'all':<60}{total - len(failures):>5} / {total}")
    if args.verbose:
        print("\nfailing:\n" + "\n".join(failures))
    print(summary)


if __name__ == "__main__":
    main()
