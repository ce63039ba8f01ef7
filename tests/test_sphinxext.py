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
