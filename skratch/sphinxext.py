r"""Sphinx-Gallery support: put skratch animations on gallery pages.

Add the scraper to ``sphinx_gallery_conf`` in ``conf.py``, after matplotlib's
so that ordinary figures keep working::

    sphinx_gallery_conf = {
        ...
        "image_scrapers": ("matplotlib", "skratch.sphinxext.animation_scraper"),
        # An example may end a cell with ``anim`` (in a notebook that shows
        # the player); the scraper embeds it, so its repr is not shown twice.
        "ignore_repr_types": r"^<class 'skratch\.viz\.",
    }

After each code cell the scraper looks through the example's global
variables (and one level into lists, tuples and dicts held there) for
:class:`~skratch.viz.Animation` objects it has not shown yet. Each one is
rendered once, and the same frames give:

* the player, embedded in the page as raw HTML (step controls, slider, the
  step's caption; self-contained, no external file or script);
* a GIF next to the example's images, named after the example so parallel
  builds never collide, linked from the page for download;
* a small still PNG of the last frame's first panel, handed to
  Sphinx-Gallery as the example's image, so it becomes the gallery
  thumbnail (unless the example picks another with
  ``# sphinx_gallery_thumbnail_number = n``).

Listed in ``extensions``, the module also gives the pages a
``.. skratch-models::`` directive: the table of the models skratch can
animate, generated at build time from the registry of models
(:data:`skratch.viz._registry.MODELS`), so the documentation lists what
``skratch animate`` and :func:`~skratch.viz.animate` actually reach.
"""

import os
from pathlib import Path
from textwrap import indent

from PIL import Image

from .utils.fileio import atomic_write
from .viz import Animation

__all__ = ["animation_scraper", "model_table"]

# Thumbnails larger than this slow the gallery index down for nothing.
_STILL_MAX_BYTES = 100_000

# Where, in the example's per-run variables, the animations already shown
# are kept: the same dictionary is passed for every cell of one example and a
# fresh one for the next example, so nothing leaks between examples.
_SHOWN_KEY = "skratch_shown_animations"


def animation_scraper(block, block_vars, gallery_conf, **kwargs):
    """Embed the skratch animations a gallery cell has made; return their rST.

    The signature is the one Sphinx-Gallery calls image scrapers with.

    Parameters
    ----------
    block : tuple
        The code cell (unused: animations are found in the example's globals).
    block_vars : dict
        Sphinx-Gallery's variables of the running example; this scraper
        reads ``example_globals``, takes file names from
        ``image_path_iterator`` and keeps, under its own key, the animations
        it has shown.
    gallery_conf : dict
        Sphinx-Gallery's configuration; this scraper uses ``src_dir`` and
        ``thumbnail_size``.
    **kwargs :
        Ignored (part of the scraper protocol).

    Returns
    -------
    str
        reStructuredText: for each new animation, its player and a link to
        its GIF. Empty when the cell made no animation.
    """
    shown = block_vars.setdefault(_SHOWN_KEY, [])
    new = [anim for anim in _animations_in(block_vars["example_globals"])
           if not any(anim is seen for seen in shown)]
    parts = []
    for anim in new:
        shown.append(anim)
        still_path = Path(next(block_vars["image_path_iterator"])).with_suffix(".png")
        parts.append(_embed(anim, still_path, gallery_conf))
    return "".join(parts)


def _animations_in(namespace):
    """Animations among the values of ``namespace``, in order, without repeats."""
    found = []

    def add(value):
        if isinstance(value, Animation) and not any(value is a for a in found):
            found.append(value)

    for name, value in list(namespace.items()):
        if name.startswith("__"):
            continue
        add(value)
        if isinstance(value, (list, tuple)):
            for item in value:
                add(item)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)
    return found


def _embed(anim, still_path, gallery_conf):
    """Write the GIF and the still of ``anim``; return the rST of its player.

    The player needs scripts; without them the page shows the GIF instead
    (in a ``<noscript>``, so a browser running scripts never loads it).
    """
    # The player renders every frame; the GIF and the still reuse those
    # frames from the animation's cache.
    player = anim.to_html(full_page=False, script_only=True)
    gif_path = still_path.with_suffix(".gif")
    anim.save(gif_path)
    _write_still(anim, still_path, gallery_conf.get("thumbnail_size", (400, 280)))
    gif_kb = max(1, round(os.path.getsize(gif_path) / 1000))
    gif_uri = "/" + Path(os.path.relpath(gif_path, gallery_conf["src_dir"])).as_posix()
    alt = " ".join(f"{anim.title()}. The last step: {anim.frame_steps[-1].message}".split())
    return (
        "\n.. raw:: html\n\n"
        '    <div class="skratch-animation">\n'
        + indent(player, "    ")
        + "\n    <noscript>\n\n"
        f".. image:: {gif_uri}\n   :alt: {alt}\n   :class: skratch-noscript-gif\n\n"
        ".. raw:: html\n\n    </noscript>\n    </div>\n\n"
        f".. rst-class:: skratch-gif-link\n\n"
        f":download:`Download this animation as a GIF ({gif_kb} kB) <{gif_uri}>`\n\n"
    )


def _write_still(anim, path, max_size=(400, 280), max_bytes=_STILL_MAX_BYTES):
    """Save the last frame of ``anim``, cropped to its first panel, as a small PNG.

    A thumbnail is a few hundred pixels wide: the whole frame of a
    three-panel animation would shrink to illegible strips, so the still
    shows the first panel (with its title and labels) alone.

    Parameters
    ----------
    anim : Animation
    path : str or path-like
    max_size : (int, int), default=(400, 280)
        The still fits in this box (Sphinx-Gallery's thumbnail size), keeping
        its aspect ratio; it is never scaled up.
    max_bytes : int, default=100_000
        The file is made smaller until it fits.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    image = Image.fromarray(anim.frame(-1))
    image = image.crop(_first_panel_box(anim, image.size))
    width, height = image.size
    scale = min(1.0, max_size[0] / width, max_size[1] / height)
    while True:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        still = image.resize(size, Image.Resampling.LANCZOS) if size != image.size else image
        # 255 colours keep text and lines crisp at a fraction of the size.
        still = still.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
        with atomic_write(path) as temporary:
            still.save(temporary, format="PNG", optimize=True)
        if path.stat().st_size <= max_bytes or min(size) <= 16:
            return path
        scale *= 0.7


def _first_panel_box(anim, frame_size, margin=4):
    """Pixel box (left, upper, right, lower) of the first panel and its labels.

    The whole frame when the visualizer has no axes to go by.
    """
    width, height = frame_size
    visualizer = anim.visualizer
    axes = getattr(visualizer, "axes", None)
    if not axes or visualizer.fig is None:
        return (0, 0, width, height)
    # Display coordinates are the frame's pixels, counted from the bottom.
    box = axes[0].get_tightbbox(visualizer.fig.canvas.get_renderer())
    left = max(0, int(box.x0) - margin)
    right = min(width, int(box.x1 + 1) + margin)
    upper = max(0, int(height - box.y1) - margin)
    lower = min(height, int(height - box.y0 + 1) + margin)
    if right - left < 16 or lower - upper < 16:
        return (0, 0, width, height)
    return (left, upper, right, lower)


# -- the table of models ------------------------------------------------------------

def model_table():
    """The models skratch can animate, as a reStructuredText definition list.

    One item per entry of the registry of models: its name for ``skratch
    animate`` (and aliases), then its estimator, default data set and
    visualizer (linked to their API pages) and what the animation shows.

    Returns
    -------
    str
        A definition list, one term per model.

    Examples
    --------
    >>> from skratch.sphinxext import model_table
    >>> print("\\n".join(model_table().splitlines()[:2]))
    ``linear-regression`` (``gd``)
       :class:`~skratch.linear_model.LinearRegression` on ``regression``, drawn by ...
    """
    from .viz._registry import MODELS

    def cls(path):
        module, _, name = path.rpartition(".")
        # Visualizers are documented where users import them: skratch.viz.
        if module.startswith("skratch.viz."):
            module = "skratch.viz"
        return f":class:`~{module}.{name}`"

    # A definition list, not a table: it reads on a phone as on a wide screen.
    lines = []
    for model in MODELS:
        names = f"``{model.name}``" + "".join(f" (``{alias}``)" for alias in model.aliases)
        data = f"on ``{model.dataset}``" if model.dataset else "on a surface, with no data"
        lines += [names,
                  f"   {cls(model.estimator)} {data}, drawn by {cls(model.visualizer)}. "
                  f"{model.description[0].upper()}{model.description[1:]}.", ""]
    return "\n".join(lines) + "\n"


def setup(app):
    """Sphinx extension entry point: the ``skratch-models`` directive.

    Parameters
    ----------
    app : sphinx.application.Sphinx

    Returns
    -------
    dict
        The extension's metadata.
    """
    from docutils import nodes
    from docutils.parsers.rst import Directive
    from docutils.statemachine import StringList

    class ModelTable(Directive):
        """``.. skratch-models::``: the table of :func:`model_table`."""

        has_content = False

        def run(self):
            holder = nodes.container()
            self.state.nested_parse(StringList(model_table().splitlines(),
                                               source="skratch.viz._registry"),
                                    self.content_offset, holder)
            return holder.children

    app.add_directive("skratch-models", ModelTable)
    from . import __version__
    return {"version": __version__, "parallel_read_safe": True,
            "parallel_write_safe": True}
