"""The guides in docs/ that show code: every example runs as written."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).parent.parent / "docs"
RUNNABLE = sorted(
    p.relative_to(DOCS).as_posix()
    for p in DOCS.rglob("*.md")
    if "_build" not in p.parts and ">>> " in p.read_text(encoding="utf-8")
)


def test_the_guides_with_code_are_found():
    assert "protocol.md" in RUNNABLE and "index.md" in RUNNABLE
    # every page of the user guide shows code that runs
    for page in ("getting-started.md", "when-not-to-use-smote.md"):
        assert page in RUNNABLE
    assert {p for p in RUNNABLE if p.startswith("guide/")} == {
        f"guide/{p.name}" for p in (DOCS / "guide").glob("*.md")
    }


@pytest.mark.parametrize("name", RUNNABLE)
def test_guide_examples_run(name: str):
    result = doctest.testfile(
        str(DOCS / name),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 0 and result.failed == 0
