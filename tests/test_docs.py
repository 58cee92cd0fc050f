"""The guides in docs/ that show code: every example runs as written."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).parent.parent / "docs"
RUNNABLE = sorted(p.name for p in DOCS.glob("*.md") if ">>> " in p.read_text(encoding="utf-8"))


def test_the_guides_with_code_are_found():
    assert "protocol.md" in RUNNABLE


@pytest.mark.parametrize("name", RUNNABLE)
def test_guide_examples_run(name: str):
    result = doctest.testfile(
        str(DOCS / name),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 0 and result.failed == 0
