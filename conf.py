"""Sphinx configuration for the Skratch site (built from the repository root).

``make gallery`` runs ``sphinx-build -W -b html . docs/_build/html``.
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, os.path.abspath("."))

import skratch  # noqa: E402

project = "Skratch"
author = "The Skratch developers"
copyright = "2026, The Skratch developers"
release = skratch.__version__
version = release

root_doc = "docs/index"
source_suffix = {".rst": "restructuredtext"}
exclude_patterns = [
    ".venv", "**/.venv", "docs/_build", "tests", "bench", "gallery", "build",
    "dist", "*.egg-info", ".pytest_cache", ".git", "README.md",
]
templates_path = ["docs/_templates"]

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
]

autosummary_generate = True
autodoc_default_options = {"inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "pydata_sphinx_theme"
html_title = "Skratch"
html_theme_options = {
    "navigation_with_keys": False,
    "show_prev_next": False,
}
html_static_path = []
