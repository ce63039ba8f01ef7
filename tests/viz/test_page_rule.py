"""The page rule of DESIGN.md, checked on every model's default figure.

The site's player shows a frame at its natural size (a figure W inches wide
is W x 96 CSS px), cuts it into one tile per panel at the middle of the gaps
between the panels, drops the caption band, and lays the tiles in a row on
a wide page and in a column on a phone. For every text to be readable
there, every model's default figure (the one ``skratch animate NAME`` draws)
must have:

* every text that is drawn at least 10 pt (the caption aside: the player
  shows it as HTML);
* every panel (its tight box, with its colorbar) at most 4.2 in wide, and
  the whole figure at most 10.5 in wide;
* the caption (which the player shows as HTML) within the figure's width,
  on two lines if need be;
* every text inside its own tile: within the figure, above the caption
  band, between the cuts to its neighbours; and a clipped text (a phase
  label drawn with ``clip_on=True``) inside its clip box, so none is cut off.

Texts are found by recording what the renderer draws, so only texts that
reach the pixels count (not the tick labels matplotlib keeps off the axis).
"""

import warnings

import pytest

from skratch.viz import animate
from skratch.viz._base import _CAPTION_BAND
from skratch.viz._registry import MODELS

MIN_POINTS = 10
MAX_PANEL_INCHES = 4.2
MAX_FIGURE_INCHES = 10.5
DPI = 72            # 1 px = 1 pt: extents read directly in points
TOLERANCE = 1.0     # px: rounding of text extents


def default_animation(model, n_samples=150, seed=0):
    """The animation ``skratch animate NAME`` makes, at the default figure size."""
    from skratch.cli import _DATASET_GROUPS, _make_dataset

    options = {"seed": seed, **model.defaults}
    if model.dataset is None:
        X = y = None
    else:
        n = min(n_samples, model.max_samples)
        X, y = _make_dataset(model.dataset, n, seed)
        if "n_clusters" in options and options["n_clusters"] is None:
            options["n_clusters"] = _DATASET_GROUPS[model.dataset]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return animate(model.build(options), X, y, dpi=DPI)


def drawn_texts(fig):
    """Draw ``fig`` and return the Text artists the renderer drew, with their sizes."""
    canvas = fig.canvas
    renderer = canvas.get_renderer()
    drawn = {}

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None and s.strip():
            drawn[id(mtext)] = (mtext, prop.get_size_in_points())
        return type(renderer).draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)

    renderer.draw_text = record
    try:
        canvas.draw()
    finally:
        del renderer.draw_text
    return list(drawn.values())


def _tiles(vis, renderer):
    """Each panel's box in pixels: its tight box joined with the extra axes beside it."""
    panels = list(vis.axes)
    boxes = [ax.get_tightbbox(renderer) for ax in panels]
    extents = [ax.get_window_extent(renderer) for ax in panels]
    for other in vis.fig.axes:
        if any(other is ax for ax in panels) or not other.get_visible():
            continue
        # A colorbar (or any extra axes) belongs to the panel nearest to it.
        own = other.get_window_extent(renderer)
        centre = (own.x0 + own.x1) / 2

        def distance(extent):
            return max(extent.x0 - centre, 0, centre - extent.x1)

        nearest = min(range(len(panels)), key=lambda i: distance(extents[i]))
        box = other.get_tightbbox(renderer)
        boxes[nearest] = boxes[nearest].union([boxes[nearest], box])
    return boxes


def page_rule_problems(vis):
    """What breaks the page rule in ``vis``'s figure as it shows now, as sentences."""
    fig = vis.fig
    problems = []
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    width, height = fig.bbox.width, fig.bbox.height
    if width / dpi > MAX_FIGURE_INCHES + 1e-9:
        problems.append(f"the figure is {width / dpi:.2f} in wide (at most "
                        f"{MAX_FIGURE_INCHES})")
    tiles = _tiles(vis, renderer)
    for i, box in enumerate(tiles):
        if box.width / dpi > MAX_PANEL_INCHES + 1e-9:
            problems.append(f"panel {i} is {box.width / dpi:.2f} in wide (at most "
                            f"{MAX_PANEL_INCHES})")
    # The cuts between tiles, at the middle of the gaps, left to right.
    order = sorted(range(len(tiles)), key=lambda i: tiles[i].x0)
    left = {order[0]: 0.0}
    right = {order[-1]: width}
    for a, b in zip(order, order[1:]):
        cut = (tiles[a].x1 + tiles[b].x0) / 2
        right[a], left[b] = cut, cut
    floor = _CAPTION_BAND / 72 * dpi if vis.caption else 0.0
    for text, size in texts:
        if text is vis.caption_text:
            # The player shows it as HTML; in a GIF it must still fit (it wraps).
            box = text.get_window_extent(renderer)
            if box.x0 < -TOLERANCE or box.x1 > width + TOLERANCE:
                problems.append("the caption runs off the figure")
            continue
        name = repr(text.get_text()[:50])
        if size < MIN_POINTS - 1e-9:
            problems.append(f"text {name} is {size:g} pt (at least {MIN_POINTS})")
        box = text.get_window_extent(renderer)
        if (box.x0 < -TOLERANCE or box.x1 > width + TOLERANCE
                or box.y0 < floor - TOLERANCE or box.y1 > height + TOLERANCE):
            problems.append(f"text {name} sticks out of the figure or into the caption band")
        centre = (box.x0 + box.x1) / 2
        owner = [i for i in range(len(tiles)) if left[i] <= centre <= right[i]]
        if owner and (box.x0 < left[owner[0]] - TOLERANCE
                      or box.x1 > right[owner[0]] + TOLERANCE):
            problems.append(f"text {name} of panel {owner[0]} crosses into its "
                            "neighbour's tile")
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None and (box.x0 < clip.x0 - TOLERANCE or box.x1 > clip.x1 + TOLERANCE
                                 or box.y0 < clip.y0 - TOLERANCE
                                 or box.y1 > clip.y1 + TOLERANCE):
            problems.append(f"text {name} is cut off by its panel's edge")
    return problems


def positions_to_check(trace):
    """The first, middle and last steps, and the first step of every kind."""
    steps = trace.steps
    positions = {0, len(steps) // 2, len(steps) - 1}
    seen = set()
    for i, step in enumerate(steps):
        if step.kind not in seen:
            seen.add(step.kind)
            positions.add(i)
    return sorted(positions)


@pytest.fixture(scope="module", params=[m.name for m in MODELS])
def animation(request):
    model = next(m for m in MODELS if m.name == request.param)
    return default_animation(model)


def test_default_figure_follows_the_page_rule(animation):
    vis = animation.visualizer
    found = {}
    for position in positions_to_check(vis.trace):
        vis.update(position)
        for problem in page_rule_problems(vis):
            found.setdefault(problem, position)
    assert not found, "\n".join(f"step {p}: {problem}" for problem, p in found.items())


def test_the_rule_sees_a_small_font_and_a_wide_panel():
    # The checker itself: a figure that breaks the rule is caught.
    model = next(m for m in MODELS if m.name == "kmeans")
    animation = default_animation(model)
    vis = animation.visualizer
    vis.update(0)
    vis.axes[0].text(0.5, 0.5, "tiny", fontsize=6, transform=vis.axes[0].transAxes)
    vis.axes[0].text(0.99, 0.5, "a label running far past the panel's edge", clip_on=True,
                     fontsize=12, transform=vis.axes[0].transAxes)
    vis.fig.set_size_inches(16, vis.fig.get_figheight())
    problems = " | ".join(page_rule_problems(vis))
    assert "'tiny' is 6 pt" in problems
    assert "is cut off by its panel's edge" in problems
    assert "the figure is 16.00 in wide" in problems
