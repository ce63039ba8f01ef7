"""Sphinx configuration for the Skratch site (built from the repository root).

``make gallery`` runs ``sphinx-build -W -b html . docs/_build/html``: the
pages in docs/, the API reference generated from the docstrings, and the
gallery, which sphinx-gallery makes by running every ``gallery/**/plot_*.py``
into docs/auto_examples/ (the skratch scraper puts each animation there as a
player, a GIF and a still thumbnail).
"""

import os
import sys

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
sys.path.insert(0, os.path.abspath("."))

import skratch  # noqa: E402
from docs import curriculum  # noqa: E402  (the path through the gallery)

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

def _mathjax_file():
    """MathJax 3's self-contained tex-svg.js, from the django-static-mathjax wheel."""
    import importlib.util

    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The docs need MathJax: pip install -e '.[docs]' "
                           "(it brings django-static-mathjax).")
    return os.path.join(spec.submodule_search_locations[0], "static", "mathjax",
                        "es5", "tex-svg.js")


extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    # The table of models (.. skratch-models::), made from the registry.
    "skratch.sphinxext",
]

autosummary_generate = True
autodoc_default_options = {"inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "pydata_sphinx_theme"
html_title = "Skratch"
html_theme_options = {
    "navigation_with_keys": False,
    # Lessons get previous / next links in the order of the path through the
    # gallery (docs/curriculum.py), not the toctree's: skratch.sphinxext sets
    # them, docs/_templates/components/prev-next.html draws them, and other
    # pages have none.
    "show_prev_next": True,
}
html_static_path = ["docs/_static", _mathjax_file()]
# MathJax is served with the site (the SVG build needs no web fonts), so the
# maths in the API reference renders offline and no page asks a CDN.
mathjax_path = "tex-svg.js"
html_css_files = ["skratch.css"]
# Gallery thumbnails play their lesson's animation on hover or focus (never
# under prefers-reduced-motion).
html_js_files = [("skratch-thumbnails.js", {"defer": "defer"})]
html_favicon = "docs/_static/favicon.svg"
# Pages live under docs/ (the site is built from the repository root): a
# top-level index.html sends a visitor of the site's root to them.
html_extra_path = ["docs/_extra"]
# The players' frames are drawn on white: start in the light theme (the
# reader can switch), and name the mode so the theme does not complain.
html_context = {"default_mode": "light"}

sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "docs/auto_examples",
    "filename_pattern": r"/plot_",
    # Families and lessons in the order of the path through the gallery
    # (docs/curriculum.py); the sort key is named by import path so that the
    # configuration pickles.
    "subsection_order": curriculum.subsection_order(),
    "within_subsection_order": "docs.curriculum.CurriculumOrder",
    "minigallery_sort_order": "docs.curriculum.minigallery_order",
    # matplotlib's figures, then skratch's animations (player + GIF + still).
    # A scraper is named by its import path: one defined here would not pickle.
    "image_scrapers": ("matplotlib", "skratch.sphinxext.animation_scraper"),
    # A cell may end with ``anim`` so that the downloaded notebook shows the
    # player; on the page the scraper embeds it, so its repr is not repeated.
    "ignore_repr_types": r"^<class 'skratch\.viz\.",
    # Names in the examples' code link to the API reference.
    "doc_module": ("skratch",),
    "backreferences_dir": "docs/generated/backreferences",
    "remove_config_comments": True,
    "abort_on_example_error": True,
    # Run the lessons of a family side by side, one per core (joblib's loky
    # processes; the scraper is named by import path, so the workers load it).
    # SKRATCH_GALLERY_JOBS=1 runs them one after the other.
    "parallel": int(os.environ.get("SKRATCH_GALLERY_JOBS", os.cpu_count() or 1)),
    # The animations come from skratch's code, not only from the example's
    # text: re-run every example on every build (about 15 s) so that a change
    # to a model or a visualizer always shows on the pages.
    "run_stale_examples": True,
    # A computation-times page at the top level would be a stray document.
    "write_computation_times": False,
}

# The path through the gallery, for skratch.sphinxext: previous / next links
# on every lesson, the map of the lessons (.. skratch-lessons::) and the
# thumbnails' alt text.
skratch_lessons = curriculum.LESSONS
