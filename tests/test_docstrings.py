"""Every public class documents itself with a runnable example, and every example runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import smotekit

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(smotekit.__path__, prefix="smotekit.")
    if not info.name.startswith("smotekit.cli.main")  # a script entry point, no examples
)


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_run(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0


@pytest.mark.parametrize("name", [n for n in smotekit.__all__ if n[0].isupper()])
def test_public_classes_have_numpydoc_and_an_example(name: str):
    obj = getattr(smotekit, name)
    doc = obj.__doc__ or ""
    if issubclass(obj, Warning | Exception):
        assert doc.strip(), f"{name} has no docstring"
        return
    for section in ("Parameters", "Attributes", "Examples"):
        assert f"{section}\n    ---" in doc, f"{name} lacks a numpydoc {section} section"
    assert ">>> " in doc
