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
  ``# sphinx_gallery_thumbnail_number = n``);
* for an example's first image, a smaller GIF of that first panel
  (``sphx_glr_<example>_hover.gif``), which its thumbnail plays on hover.

Listed in ``extensions``, the module also gives the pages a
``.. skratch-models::`` directive: the table of the models skratch can
animate, generated at build time from the registry of models
(:data:`skratch.viz._registry.MODELS`), so the documentation lists what
``skratch animate`` and :func:`~skratch.viz.animate` actually reach.

It also walks the path through the gallery that ``conf.py`` lists in
``skratch_lessons`` (docs/curriculum.py: every lesson, in the order a
learner takes them, with a sentence saying what its thumbnail shows):

* every lesson page gets previous / next links to its neighbours on the
  path, across families too (Sphinx's ``prev`` and ``next``, which the
  page template draws with ``rel="prev"`` / ``rel="next"``);
* ``.. skratch-lessons::`` writes the map of the lessons
  (:func:`lesson_map`), family by family;
* the gallery's thumbnails get their alt text, and those with a hover
  animation the class that docs/_static/skratch-thumbnails.js plays;
* after the gallery is generated, its notebooks (and the zips holding
  them) are rewritten so that their markdown has links and code names
  where sphinx-gallery left Sphinx roles (:func:`notebook_markdown`).
"""

import ast
import json
import os
import posixpath
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from textwrap import indent

import numpy as np
from PIL import Image

from .utils.fileio import atomic_write
from .viz import Animation

__all__ = ["animation_scraper", "model_table", "lesson_map", "notebook_markdown"]

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
    box = _first_panel_box(anim, image.size)
    image = image.crop(box)
    first = _FIRST_IMAGE.fullmatch(path.name)
    if first:
        # The gallery's thumbnail is a lesson's first image: its animation,
        # small, is what the thumbnail plays on hover.
        _write_hover_gif(anim, path.with_name(_hover_name(first["stem"])), box, max_size)
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


# sphinx-gallery names an example's images sphx_glr_<example>_001.png, ...
_FIRST_IMAGE = re.compile(r"sphx_glr_(?P<stem>.+)_001\.png")

# The hover animation of a thumbnail: at most this many frames, this big.
_HOVER_MAX_FRAMES = 30
_HOVER_SCALE = 0.6


def _write_hover_gif(anim, path, box, max_size=(400, 280), max_frames=_HOVER_MAX_FRAMES):
    """Save a small GIF of ``anim``'s first panel: what its thumbnail plays on hover.

    The same crop as the still, at a little over half its size, with at most
    ``max_frames`` frames spread over the run (the first and the last kept),
    each shown longer so the whole run takes about as long as the full
    animation does.

    Parameters
    ----------
    anim : Animation
    path : str or path-like
    box : (int, int, int, int)
        The crop, in pixels of a frame (:func:`_first_panel_box`).
    max_size : (int, int), default=(400, 280)
        The still's box; the GIF fits in ``_HOVER_SCALE`` of it.
    max_frames : int, default=30

    Returns
    -------
    pathlib.Path
        The path written.
    """
    from .viz._gif import GifWriter, make_palette

    path = Path(path)
    n = anim.n_frames
    count = min(n, max_frames)
    picks = sorted({round(i * (n - 1) / max(1, count - 1)) for i in range(count)})
    width, height = box[2] - box[0], box[3] - box[1]
    scale = min(1.0, _HOVER_SCALE * max_size[0] / width, _HOVER_SCALE * max_size[1] / height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))

    def small(i):
        image = Image.fromarray(anim.frame(i)).crop(box)
        return np.asarray(image.resize(size, Image.Resampling.LANCZOS) if size != image.size
                          else image)

    frames = [small(i) for i in picks]
    palette = make_palette([frames[0], frames[len(frames) // 2], frames[-1]])
    delay = 1000 / anim.fps * n / len(frames)
    with atomic_write(path) as temporary:
        with open(temporary, "wb") as file:
            writer = GifWriter(file, size, palette)
            for k, frame in enumerate(frames):
                last = k == len(frames) - 1
                writer.write(frame, round(max(delay, 1000 * anim.end_pause) if last else delay))
            writer.close()
    return path


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

# -- the path through the gallery ---------------------------------------------------
#
# conf.py lists the lessons in the order a learner takes them (the config value
# ``skratch_lessons``: pairs of a lesson file under the gallery's source folder
# and a sentence saying what its thumbnail shows). From that one list come the
# previous / next links of every lesson page, the map of the lessons
# (``.. skratch-lessons::``) and the thumbnails' alt text.

_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+:.])\1+\s*$")


def _rst_title(text):
    """The first section title of a piece of reStructuredText, or None."""
    lines = text.splitlines()
    for line, below in zip(lines, lines[1:]):
        if line.strip() and not _ADORNMENT.match(line) and _ADORNMENT.match(below):
            return line.strip()
    return None


def _lesson_title(path):
    """The title of a gallery lesson: the title of its docstring.

    Parameters
    ----------
    path : str or path-like
        A ``plot_*.py`` lesson.

    Returns
    -------
    str or None
    """
    docstring = ast.get_docstring(ast.parse(Path(path).read_text(encoding="utf-8")))
    return _rst_title(docstring or "")


def _gallery_dirs(gallery_conf):
    """The (source folder, output folder) pairs of sphinx-gallery's configuration."""
    def as_list(value):
        return [value] if isinstance(value, str) else list(value)

    return list(zip(as_list(gallery_conf["examples_dirs"]),
                    as_list(gallery_conf["gallery_dirs"])))


def _lesson_docname(lesson, gallery_dir):
    """The document name of a lesson (``cluster/plot_kmeans.py`` in ``docs/auto_examples``).

    >>> _lesson_docname("cluster/plot_kmeans.py", "docs/auto_examples")
    'docs/auto_examples/cluster/plot_kmeans'
    """
    return str(PurePosixPath(gallery_dir, lesson).with_suffix(""))


def _lesson_label(docname):
    """The reference label sphinx-gallery gives a lesson's page.

    >>> _lesson_label("docs/auto_examples/cluster/plot_kmeans")
    'sphx_glr_docs_auto_examples_cluster_plot_kmeans.py'
    """
    return "sphx_glr_" + docname.replace("/", "_") + ".py"


def lesson_map(lessons, gallery_dir, family_titles):
    """The map of the lessons, as reStructuredText: the path, family by family.

    Parameters
    ----------
    lessons : list of str
        The lessons' files under the gallery's source folder, in path order
        (``"cluster/plot_kmeans.py"``).
    gallery_dir : str
        The gallery's output folder (a document path: ``"docs/auto_examples"``).
    family_titles : dict
        A family's folder name to its title (the title of its
        GALLERY_HEADER.rst).

    Returns
    -------
    str
        One block per family: its title, linked to its part of the gallery,
        and its lessons as a list numbered along the whole path, each linked
        to its page (the link text is the lesson's title).

    Examples
    --------
    >>> print(lesson_map(["tree/plot_decision_tree.py"], "docs/auto_examples",
    ...                  {"tree": "Decision trees"}))
    .. container:: skratch-lesson-map
    <BLANKLINE>
       .. container:: skratch-lesson-family
    <BLANKLINE>
          :doc:`Decision trees </docs/auto_examples/tree/index>`
    <BLANKLINE>
          1. :doc:`/docs/auto_examples/tree/plot_decision_tree`
    <BLANKLINE>
    """
    blocks = {}
    for number, lesson in enumerate(lessons, start=1):
        family = PurePosixPath(lesson).parts[0]
        docname = _lesson_docname(lesson, gallery_dir)
        blocks.setdefault(family, []).append(f"      {number}. :doc:`/{docname}`")
    lines = [".. container:: skratch-lesson-map", ""]
    for family, items in blocks.items():
        title = family_titles.get(family, family)
        lines += ["   .. container:: skratch-lesson-family", "",
                  f"      :doc:`{title} </{gallery_dir}/{family}/index>`", "", *items, ""]
    return "\n".join(lines)


def _path_of(app):
    """The lessons' document names, in path order, and their thumbnail sentences."""
    pairs = _gallery_dirs(app.config.sphinx_gallery_conf)
    gallery_dir = pairs[0][1] if pairs else ""
    docnames = [_lesson_docname(lesson, gallery_dir) for lesson, _ in app.config.skratch_lessons]
    alts = {PurePosixPath(lesson).stem: alt for lesson, alt in app.config.skratch_lessons}
    return docnames, alts


def _check_path(app, config):
    """Warn about a lesson of the path with no file, or a lesson left off the path."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    pairs = _gallery_dirs(config.sphinx_gallery_conf)
    if not pairs or not config.skratch_lessons:
        return
    source = Path(app.srcdir, pairs[0][0])
    listed = [lesson for lesson, _ in config.skratch_lessons]
    for lesson in listed:
        if not (source / lesson).is_file():
            logger.warning("skratch_lessons: %s is not a file of %s", lesson, source)
    pattern = re.compile(config.sphinx_gallery_conf.get("filename_pattern", r"/plot_"))
    for path in sorted(source.glob("*/*.py")):
        lesson = path.relative_to(source).as_posix()
        if pattern.search("/" + lesson) and lesson not in listed:
            logger.warning("%s is a gallery lesson missing from skratch_lessons "
                           "(the path through the gallery in conf.py)", lesson)


def _lesson_links(app, pagename, templatename, context, doctree):
    """Previous / next links of a lesson page: its neighbours on the path.

    Sphinx's ``prev`` and ``next`` (the toctree's order) are replaced, on
    lesson pages, by the lessons before and after on the path, also across
    families; other pages get none.
    """
    docnames, _ = _path_of(app)
    context["prev"] = context["next"] = None
    if pagename not in docnames:
        return
    i = docnames.index(pagename)

    def link(docname):
        title = app.env.titles.get(docname)
        return {"link": app.builder.get_relative_uri(pagename, docname),
                "title": app.builder.render_partial(title)["title"] if title else docname}

    if i > 0:
        context["prev"] = link(docnames[i - 1])
    if i + 1 < len(docnames):
        context["next"] = link(docnames[i + 1])


# The thumbnails sphinx-gallery writes for its index and its mini-galleries.
_THUMBNAIL = re.compile(r"(?:^|/)images/thumb/sphx_glr_(?P<stem>.+)_thumb\.\w+$")


def _hover_name(stem):
    """File name of the small animation a lesson's thumbnail plays on hover."""
    return f"sphx_glr_{stem}_hover.gif"


def _thumbnails(app, doctree, docname):
    """Give every gallery thumbnail its alt text, and mark those that animate.

    sphinx-gallery leaves the thumbnails' alt text empty; each gets the
    sentence conf.py gives its lesson (or the lesson's title). A thumbnail
    whose lesson has a hover animation (written next to its images by
    :func:`_write_still`) gets the class ``skratch-thumb-animated``, which
    docs/_static/skratch-thumbnails.js plays on hover and focus.
    """
    from docutils import nodes

    _, alts = _path_of(app)
    for image in doctree.findall(nodes.image):
        match = _THUMBNAIL.search(image.get("uri", ""))
        if not match:
            continue
        stem = match["stem"]
        if not image.get("alt"):
            image["alt"] = alts.get(stem) or _title_by_stem(app, stem) or stem
        images_dir = Path(app.srcdir, image["uri"]).parent.parent
        if (images_dir / _hover_name(stem)).is_file():
            image["classes"].append("skratch-thumb-animated")


def _title_by_stem(app, stem):
    for docname, title in app.env.titles.items():
        if docname.rsplit("/", 1)[-1] == stem:
            return title.astext()
    return None


def _copy_hover_animations(app, exception):
    """Put the thumbnails' hover animations beside the thumbnails in the built site."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "_images")
    for _, gallery_dir in _gallery_dirs(app.config.sphinx_gallery_conf):
        for gif in sorted(Path(app.srcdir, gallery_dir).glob("**/images/" + _hover_name("*"))):
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(gif, target / gif.name)


# -- notebooks that read cleanly ----------------------------------------------------
#
# sphinx-gallery turns a lesson's text into a notebook's markdown cells but
# keeps Sphinx's roles (":class:`~skratch.cluster.KMeans`") and turns a
# reference into the bare label ("`sphx_glr_docs_auto_examples_..._plot_kmeans.py`").
# After the gallery is generated, every notebook (and every zip holding one)
# is rewritten with links and code names instead.

_PY_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):`(?P<body>[^`]+)`")
_XREF_ROLE = re.compile(r":(?:std:)?(?:ref|doc):`(?P<body>[^`]+)`")
_OTHER_ROLE = re.compile(r":[a-z][\w+-]*(?::[a-z][\w+-]*)?:`(?P<body>[^`]+)`")
# What sphinx-gallery leaves of ":ref:`label`" and ":ref:`text <label>`".
_BARE_LABEL = re.compile(r"(?<!`)`(?P<body>(?:[^`<\n]*<)?sphx_glr_[^`\s>]+>?)`(?!`)")
_TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def _split_role(body):
    """``"text <target>"`` to ``(text, target)``; ``"target"`` to ``(None, target)``."""
    match = _TITLED.match(body.strip())
    if match:
        return " ".join(match["text"].split()), match["target"].strip()
    return None, body.strip()


def notebook_markdown(text, lessons, here="", api_url=None):
    """Turn the Sphinx roles left in a notebook's markdown into links and code.

    Parameters
    ----------
    text : str
        A markdown cell of a notebook sphinx-gallery wrote.
    lessons : dict
        A lesson's reference label to ``(title, target)``: the target is a
        URL, or the lesson's notebook as a path relative to the gallery's
        folder (``"cluster/plot_kmeans.ipynb"``).
    here : str, default=""
        The folder of the notebook, relative to the gallery's folder
        (``"cluster"``): paths to other notebooks are made relative to it.
    api_url : callable or None, default=None
        Takes an object's full name and returns the URL of its API page, or
        None. Without one, objects are written as code, unlinked.

    Returns
    -------
    str
        The cell: ``:class:`~skratch.cluster.KMeans``` becomes ```KMeans```
        (a link to its API page when ``api_url`` knows it), a reference to a
        lesson a link titled with the lesson's title (or the reference's own
        text), anything else its text.

    Examples
    --------
    >>> lessons = {"sphx_glr_docs_auto_examples_cluster_plot_kmeans_init.py":
    ...            ("A bad random start against k-means++", "cluster/plot_kmeans_init.ipynb")}
    >>> notebook_markdown("See :class:`~skratch.cluster.KMeans` and "
    ...                   "`sphx_glr_docs_auto_examples_cluster_plot_kmeans_init.py`.",
    ...                   lessons, here="cluster")
    'See `KMeans` and [A bad random start against k-means++](plot_kmeans_init.ipynb).'
    """
    def target_href(target):
        if "://" in target:
            return target
        return posixpath.relpath(target, here or ".")

    def python_object(match):
        text, target = _split_role(match["body"])
        target = target.lstrip("!")
        name = target.lstrip("~")
        shown = text or (name.rsplit(".", 1)[-1] if target.startswith("~") else name)
        code = shown if text else f"`{shown}`"
        url = api_url(name) if api_url is not None else None
        return f"[{code}]({url})" if url else code

    def reference(match):
        text, target = _split_role(match["body"])
        if target in lessons:
            title, where = lessons[target]
            return f"[{text or title}]({target_href(where)})"
        return text or target.rsplit("/", 1)[-1]

    def other_role(match):
        text, target = _split_role(match["body"])
        return text or f"`{target}`"

    text = _PY_ROLE.sub(python_object, text)
    text = _XREF_ROLE.sub(reference, text)
    text = _BARE_LABEL.sub(reference, text)
    return _OTHER_ROLE.sub(other_role, text)


def _notebook_json(raw, convert):
    """A notebook's JSON text with ``convert`` applied to its markdown cells."""
    notebook = json.loads(raw)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell["source"]
            text = "".join(source) if isinstance(source, list) else source
            cell["source"] = convert(text)
    return json.dumps(notebook, indent=2, ensure_ascii=False) + "\n"


def _clean_notebooks(app):
    """Rewrite the gallery's notebooks (and the zips holding them) with clean markdown."""
    srcdir = Path(app.srcdir)
    base = app.config.html_baseurl.rstrip("/")
    generated = srcdir / "docs" / "generated"

    def api_url(name):
        # The API pages are autosummary's (docs/generated/<name>.html); a
        # method is an anchor on its class's page. Only a published site has
        # a URL to link to (html_baseurl).
        if not base:
            return None
        for page, anchor in ((name, ""), (name.rpartition(".")[0], "#" + name)):
            if page and (generated / f"{page}.rst").is_file():
                return f"{base}/docs/generated/{page}.html{anchor}"
        return None

    for _, gallery_dir in _gallery_dirs(app.config.sphinx_gallery_conf):
        root = srcdir / gallery_dir
        if not root.is_dir():
            continue
        lessons = {}
        for script in root.glob("**/*.py"):
            docname = (Path(gallery_dir) / script.relative_to(root)).with_suffix("").as_posix()
            relative = script.relative_to(root).with_suffix(".ipynb").as_posix()
            where = f"{base}/{docname}.html" if base else relative
            lessons[_lesson_label(docname)] = (_lesson_title(script) or script.stem, where)

        def convert_for(notebook_path):
            here = PurePosixPath(notebook_path).parent.as_posix()
            here = "" if here == "." else here
            return lambda text: notebook_markdown(text, lessons, here, api_url)

        for notebook in sorted(root.glob("**/*.ipynb")):
            raw = notebook.read_text(encoding="utf-8")
            cleaned = _notebook_json(raw, convert_for(notebook.relative_to(root).as_posix()))
            if cleaned != raw:
                with atomic_write(notebook) as temporary:
                    Path(temporary).write_text(cleaned, encoding="utf-8")
        for archive in sorted(root.glob("**/*.zip")):
            _clean_zip(archive, lambda member, a=archive: convert_for(
                (a.parent.relative_to(root) / member).as_posix()))


def _clean_zip(path, convert_for):
    """Rewrite the notebooks inside a zip file; the other members are kept as they are."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    changed = False
    rewritten = []
    for info, data in members:
        if info.filename.endswith(".ipynb"):
            raw = data.decode("utf-8")
            cleaned = _notebook_json(raw, convert_for(info.filename))
            if cleaned != raw:
                data, changed = cleaned.encode("utf-8"), True
        rewritten.append((info, data))
    if not changed:
        return
    with atomic_write(path) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, data in rewritten:
                archive.writestr(info, data)


def setup(app):
    """Sphinx extension entry point: the directives and the path through the gallery.

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

    class LessonMap(Directive):
        """``.. skratch-lessons::``: the map of the lessons (:func:`lesson_map`)."""

        has_content = False

        def run(self):
            env = self.state.document.settings.env
            pairs = _gallery_dirs(env.config.sphinx_gallery_conf)
            source, gallery_dir = pairs[0]
            lessons = [lesson for lesson, _ in env.config.skratch_lessons]
            titles = {}
            for lesson in lessons:
                family = PurePosixPath(lesson).parts[0]
                header = Path(env.srcdir, source, family, "GALLERY_HEADER.rst")
                if family not in titles and header.is_file():
                    env.note_dependency(str(header))
                    titles[family] = _rst_title(header.read_text(encoding="utf-8"))
            holder = nodes.container()
            self.state.nested_parse(StringList(lesson_map(lessons, gallery_dir, titles).splitlines(),
                                               source="skratch_lessons"),
                                    self.content_offset, holder)
            return holder.children

    app.add_directive("skratch-models", ModelTable)
    # The path through the gallery: (lesson file under the gallery's source
    # folder, what its thumbnail shows), in the order a learner takes them.
    app.add_config_value("skratch_lessons", (), "env", types=(list, tuple))
    app.add_directive("skratch-lessons", LessonMap)
    app.connect("config-inited", _check_path)
    # After sphinx-gallery has written the notebooks (its own handler runs at
    # the default priority, 500).
    app.connect("builder-inited", _clean_notebooks, priority=600)
    app.connect("doctree-resolved", _thumbnails)
    app.connect("html-page-context", _lesson_links)
    app.connect("build-finished", _copy_hover_animations)
    from . import __version__
    return {"version": __version__, "parallel_read_safe": True,
            "parallel_write_safe": True}
