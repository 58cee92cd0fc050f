"""Sphinx configuration of smotekit's documentation site.

Built in the tests (tests/test_docs_site.py) with warnings as errors; every ``>>>`` example
of the pages runs there too (tests/test_docs.py), and the gallery's pictures are drawn at
build time by running the samplers (_ext/gallery.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import smotekit  # noqa: E402  (after the path: the installed package is documented)

project = "smotekit"
author = "smotekit developers"
copyright = "2026, smotekit developers"
release = smotekit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "gallery",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": False}

html_theme = "furo"
html_title = f"smotekit {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
