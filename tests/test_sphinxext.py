"""The sphinx-gallery scraper, called as sphinx-gallery calls it, without a Sphinx build."""

import copy
import io

import docutils.core
import matplotlib.pyplot as plt
import numpy as np
import pytest
from docutils import nodes
from docutils.parsers.rst import roles
from PIL import Image, ImageSequence

from skratch.linear_model import LinearRegression
from skratch.sphinxext import _first_panel_box, _write_still, animation_scraper
from skratch.viz import animate

sphinx_gallery = pytest.importorskip("sphinx_gallery", reason="sphinx-gallery not installed")
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF  # noqa: E402
from sphinx_gallery.scrapers import ImagePathIterator, save_figures  # noqa: E402

X = np.linspace(-1, 1, 30).reshape(-1, 1)
y = 2 * X[:, 0] + 0.5


def small_animation(learning_rate=0.5, max_frames=5):
    return animate(LinearRegression(solver="gd", learning_rate=learning_rate), X, y,
                   max_frames=max_frames, figsize=(6, 2), dpi=40)


def example(tmp_path, name="plot_demo", **globals_):
    """The per-example variables sphinx-gallery passes to scrapers."""
    images = tmp_path / "docs" / "auto_examples" / "images"
    images.mkdir(parents=True, exist_ok=True)
    template = str(images / f"sphx_glr_{name}_{{0:03}}.png")
    block_vars = {"example_globals": dict(globals_),
                  "image_path_iterator": ImagePathIterator(template)}
    gallery_conf = {"src_dir": str(tmp_path), "thumbnail_size": (400, 280)}
    return block_vars, gallery_conf


def parse_rst(text):
    """The doctree of ``text``; fails on any docutils warning or error."""
    # :download: is Sphinx's role; a stand-in lets plain docutils parse the rest.
    roles.register_generic_role("download", nodes.literal)
    errors = io.StringIO()
    doctree = docutils.core.publish_doctree(
        text, settings_overrides={"warning_stream": errors, "report_level": 2,
                                  "halt_level": 5})
    assert errors.getvalue() == ""
    return doctree


def test_an_animation_becomes_player_gif_and_still(tmp_path):
    anim = small_animation()
    block_vars, gallery_conf = example(tmp_path, anim=anim, other=3)

    rst = animation_scraper(None, block_vars, gallery_conf)

    images = tmp_path / "docs" / "auto_examples" / "images"
    still = images / "sphx_glr_plot_demo_001.png"
    gif = images / "sphx_glr_plot_demo_001.gif"
    assert block_vars["image_path_iterator"].paths == [str(still)]
    assert gif.read_bytes()[:6] == b"GIF89a"
    with Image.open(gif) as image:
        assert sum(1 for _ in ImageSequence.Iterator(image)) == anim.n_frames
    assert still.stat().st_size <= 100_000
    with Image.open(still) as image:
        assert image.width <= 400 and image.height <= 280

    raw = parse_rst(rst).findall(nodes.raw)
    raw = list(raw)
    # The player, then the end of the <noscript> holding the GIF's image.
    assert len(raw) == 2 and all(r["format"] == "html" for r in raw)
    player = raw[0].astext()
    assert player.rstrip().endswith("<noscript>") and "</noscript>" in raw[1].astext()
    gif_images = [i for i in parse_rst(rst).findall(nodes.image) if i["uri"].endswith(".gif")]
    assert len(gif_images) == 1 and anim.frame_steps[-1].message in gif_images[0]["alt"]
    assert player.startswith('<div class="skratch-animation">')
    assert player.count('class="skratch-frame"') == anim.n_frames
    assert 'aria-label="Next step"' in player and "</script>" in player
    for step in anim.frame_steps:
        assert step.message in player
    assert ":download:`Download this animation as a GIF (" in rst
    assert "</docs/auto_examples/images/sphx_glr_plot_demo_001.gif>`" in rst


def test_each_animation_is_shown_once_in_order_of_the_cells(tmp_path):
    first = small_animation()
    block_vars, gallery_conf = example(tmp_path, first=first)
    assert animation_scraper(None, block_vars, gallery_conf) != ""

    # A later cell that makes nothing new; one that names the same animation
    # again; one that makes two more, one of them inside a list.
    assert animation_scraper(None, block_vars, gallery_conf) == ""
    block_vars["example_globals"]["same"] = first
    assert animation_scraper(None, block_vars, gallery_conf) == ""
    second, third = small_animation(0.2), small_animation(0.1)
    block_vars["example_globals"].update(second=second, runs=[third, first])
    rst = animation_scraper(None, block_vars, gallery_conf)

    assert rst.count('<div class="skratch-animation">') == 2
    assert rst.index("sphx_glr_plot_demo_002.gif") < rst.index("sphx_glr_plot_demo_003.gif")
    assert second.frame_steps[-1].message in rst.split("sphx_glr_plot_demo_002.gif")[0]
    names = [p.rsplit("/", 1)[1] for p in block_vars["image_path_iterator"].paths]
    assert names == [f"sphx_glr_plot_demo_00{i}.png" for i in (1, 2, 3)]


def test_examples_do_not_share_state_or_file_names(tmp_path):
    anim = small_animation()
    first_vars, gallery_conf = example(tmp_path, "plot_one", anim=anim)
    second_vars, _ = example(tmp_path, "plot_two", anim=anim)
    animation_scraper(None, first_vars, gallery_conf)
    # A fresh example (fresh variables) shows what it finds, under its own name.
    rst = animation_scraper(None, second_vars, gallery_conf)
    assert "sphx_glr_plot_two_001.gif" in rst
    images = tmp_path / "docs" / "auto_examples" / "images"
    assert (images / "sphx_glr_plot_one_001.gif").exists()


def test_frames_are_rendered_once_for_player_gif_and_still(tmp_path):
    anim = small_animation(max_frames=6)
    rendered = []
    render = anim.visualizer.render
    anim.visualizer.render = lambda step: rendered.append(step.index) or render(step)
    block_vars, gallery_conf = example(tmp_path, anim=anim)
    animation_scraper(None, block_vars, gallery_conf)
    assert sorted(rendered) == [step.index for step in anim.frame_steps]


def test_matplotlib_figures_and_animations_through_sphinx_gallery(tmp_path):
    """sphinx-gallery resolves the scraper from its dotted name and keeps figures."""
    anim = small_animation()
    block_vars, _ = example(tmp_path, anim=anim)
    gallery_conf = copy.deepcopy(DEFAULT_GALLERY_CONF)
    gallery_conf.update(src_dir=str(tmp_path), matplotlib_animations=(False, None),
                        image_scrapers=("matplotlib", "skratch.sphinxext.animation_scraper"))
    fig, ax = plt.subplots(figsize=(2, 2), dpi=40)
    ax.plot([0, 1], [1, 0])

    rst = save_figures(None, block_vars, gallery_conf)

    paths = block_vars["image_path_iterator"].paths
    assert [p.rsplit("_", 1)[1] for p in paths] == ["001.png", "002.png"]
    assert "image-sg:: /docs/auto_examples/images/sphx_glr_plot_demo_001.png" in rst
    assert "sphx_glr_plot_demo_002.gif" in rst
    assert rst.index("image-sg::") < rst.index(".. raw:: html")
    assert plt.get_fignums() == []


def test_still_is_the_first_panel_and_fits_the_byte_budget(tmp_path):
    anim = animate(LinearRegression(solver="gd", learning_rate=0.5), X, y,
                   max_frames=4, figsize=(12, 4), dpi=100)
    frame = anim.frame(-1)
    height, width = frame.shape[:2]
    left, upper, right, lower = _first_panel_box(anim, (width, height))
    # The first of three panels, side by side, with its labels.
    assert 0 <= left < right <= width // 2 and 0 <= upper < lower <= height
    assert right - left > width // 5

    path = _write_still(anim, tmp_path / "still.png", max_size=(400, 280))
    with Image.open(path) as image:
        assert image.width <= 400 and image.height <= 280
        expected_ratio = (right - left) / (lower - upper)
        assert image.width / image.height == pytest.approx(expected_ratio, rel=0.02)

    tiny = _write_still(anim, tmp_path / "tiny.png", max_size=(400, 280), max_bytes=2_000)
    assert tiny.stat().st_size <= 2_000


# -- the path through the gallery: pure functions -------------------------------------

from skratch.sphinxext import lesson_map, notebook_markdown  # noqa: E402

LESSONS = {
    "sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent.py":
        ("Gradient descent fitting a line", "linear_model/plot_gradient_descent.ipynb"),
    "sphx_glr_docs_auto_examples_cluster_plot_kmeans_init.py":
        ("A bad random start against k-means++", "cluster/plot_kmeans_init.ipynb"),
}


def test_notebook_markdown_turns_roles_into_code_and_links():
    # Real cells of the gallery's notebooks, as sphinx-gallery writes them.
    cell = ("Three hundred points in four blobs, and a\n"
            ":class:`~skratch.cluster.KMeans` looking for four clusters.\n"
            "* The next lesson, `sphx_glr_docs_auto_examples_cluster_plot_kmeans_init.py`,\n"
            "  shows a start this run cannot recover from, and the remedy.")
    assert notebook_markdown(cell, LESSONS, here="cluster") == (
        "Three hundred points in four blobs, and a\n"
        "`KMeans` looking for four clusters.\n"
        "* The next lesson, [A bad random start against k-means++](plot_kmeans_init.ipynb),\n"
        "  shows a start this run cannot recover from, and the remedy.")
    cell = ("Batch gradient descent, as in\n"
            "`the first lesson <sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent.py>`,\n"
            "computes the gradient")
    assert notebook_markdown(cell, LESSONS, here="preprocessing") == (
        "Batch gradient descent, as in\n"
        "[the first lesson](../linear_model/plot_gradient_descent.ipynb),\n"
        "computes the gradient")


def test_notebook_markdown_links_objects_when_the_site_is_known():
    def api_url(name):
        pages = {"skratch.viz.animate": "https://example.org/docs/generated/skratch.viz.animate.html"}
        return pages.get(name)

    cell = (":func:`~skratch.viz.animate` fits the model; :mod:`skratch.optim` holds "
            "the rules; :func:`skratch.viz.animate` again; :class:`the race "
            "<skratch.optim.OptimizerRace>`; :meth:`!skratch.Trace.save`.")
    assert notebook_markdown(cell, LESSONS, api_url=api_url) == (
        "[`animate`](https://example.org/docs/generated/skratch.viz.animate.html) fits the "
        "model; `skratch.optim` holds the rules; "
        "[`skratch.viz.animate`](https://example.org/docs/generated/skratch.viz.animate.html) "
        "again; the race; `skratch.Trace.save`.")


def test_notebook_markdown_leaves_no_role_and_keeps_code_and_urls():
    cell = ("See :ref:`the gallery <gallery>`, :doc:`/docs/api`, :ref:`sphx_glr_unknown_plot_x.py` "
            "and :download:`the data <data.csv>`; ``fit_steps`` and "
            "[Lasso](https://scikit-learn.org/stable/modules/linear_model.html#lasso) stay.")
    out = notebook_markdown(cell, LESSONS)
    assert out == ("See the gallery, api, sphx_glr_unknown_plot_x.py and the data; ``fit_steps`` "
                   "and [Lasso](https://scikit-learn.org/stable/modules/linear_model.html#lasso) "
                   "stay.")
    assert notebook_markdown(out, LESSONS) == out  # converting twice changes nothing


def test_lesson_map_numbers_the_whole_path_family_by_family():
    text = lesson_map(["linear_model/plot_gradient_descent.py", "linear_model/plot_learning_rate.py",
                       "cluster/plot_kmeans.py"], "docs/auto_examples",
                      {"linear_model": "Linear models", "cluster": "Clustering"})
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == [
        ".. container:: skratch-lesson-map",
        ".. container:: skratch-lesson-family",
        ":doc:`Linear models </docs/auto_examples/linear_model/index>`",
        "1. :doc:`/docs/auto_examples/linear_model/plot_gradient_descent`",
        "2. :doc:`/docs/auto_examples/linear_model/plot_learning_rate`",
        ".. container:: skratch-lesson-family",
        ":doc:`Clustering </docs/auto_examples/cluster/index>`",
        "3. :doc:`/docs/auto_examples/cluster/plot_kmeans`",
    ]


def test_the_first_still_comes_with_a_small_hover_animation(tmp_path):
    anim = small_animation(max_frames=5)
    first = tmp_path / "sphx_glr_plot_demo_001.png"
    _write_still(anim, first)
    hover = tmp_path / "sphx_glr_plot_demo_hover.gif"
    with Image.open(hover) as gif, Image.open(first) as still:
        assert gif.n_frames == anim.n_frames
        # No larger than the still, and within 0.6 of the thumbnail's box.
        assert gif.width <= still.width and gif.height <= still.height
        assert gif.width <= 240 and gif.height <= 168
    # Later stills of the example are not thumbnails: no hover animation.
    _write_still(anim, tmp_path / "sphx_glr_other_002.png")
    assert not (tmp_path / "sphx_glr_other_hover.gif").exists()
