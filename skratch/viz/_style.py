"""The one look of every visualizer: font sizes, colours by role, the class palette.

Every drawing takes its sizes and its colours from here, so that a lesson's
panels read alike: the data in blue, the model of the current step in
orange, the reference (the optimum, a boundary) in near-black, the whole run
in grey behind the run so far.

The sizes follow the page rule (DESIGN.md, "Visualizers and animations"):
the site shows a figure W inches wide at W x 96 CSS px, cut into one tile
per panel, the tiles in a row on a wide page (a column of about 900 CSS px)
and one under another on a phone (about 340 CSS px), and text must be at
least 11 CSS px there. So, in every visualizer's default figure:

* every text (ticks, labels, titles, legends, annotations, colorbar ticks,
  text in the panels) is at least 10 pt (13.3 CSS px at natural size),
  taken from the sizes below, never a smaller size of its own;
* every panel, with its labels, legend and colorbar, is at most 4.2 in
  wide: shrunk onto a phone by at most 0.84, 10 pt stays >= 11.2 px;
* the whole row is at most 10.5 in wide (``default_figsize``): shrunk into
  a 900-px column by at most about 0.86;
* nothing a panel needs lives outside its tile: no figure legend or
  suptitle the reader needs, a colorbar beside its own panel;
* titles and phase labels fit their panel (two lines rather than cut off).

tests/viz/test_page_rule.py checks this for every model in the registry.
"""

import numpy as np
from matplotlib.colors import to_rgba

__all__ = ["TITLE_SIZE", "LABEL_SIZE", "TICK_SIZE", "LEGEND_SIZE", "CAPTION_SIZE",
           "MIN_SIZE",
           "DATA", "HELD_OUT", "MODEL", "REFERENCE", "CONTEXT", "HIGHLIGHT",
           "UNASSIGNED", "category_colors", "label_axes"]

# -- font sizes, in points ------------------------------------------------------

# The smallest is 10 pt: see the page rule above.
TITLE_SIZE = 12
LABEL_SIZE = 11
TICK_SIZE = 10
LEGEND_SIZE = 10       # legends, annotations and text inside the panels
CAPTION_SIZE = 11      # the step's message under the panels (the player shows it as HTML)
MIN_SIZE = 10          # no text in a figure is smaller

# -- colours by role --------------------------------------------------------------

DATA = "#4c72b0"        # the training points
HELD_OUT = "#c44e52"    # held-out points
MODEL = "#e8710a"       # the model of the current step: its line, its point, its loss
REFERENCE = "#111111"   # what the run is measured against: the optimum, a boundary, marks
CONTEXT = "#9a9a9a"     # the whole run, shown for orientation behind the run so far
HIGHLIGHT = "#d62728"   # the samples the current update used or corrected
UNASSIGNED = "#b8b8b8"  # points no class or cluster claims yet

# -- the class palette ------------------------------------------------------------

# Up to seven categories: Okabe and Ito's colour-blind-safe palette (without
# its black, which marks the reference here), yellow last, as it is the
# faintest on white.
_SEVEN = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442")
# tab10 without its grey (which means "unassigned" here), then a dark blue.
_TEN = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#393b79")
# tab20 without its two greys.
_EIGHTEEN = ("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a",
             "#d62728", "#ff9896", "#9467bd", "#c5b0d5", "#8c564b", "#c49c94",
             "#e377c2", "#f7b6d2", "#bcbd22", "#dbdb8d", "#17becf", "#9edae5")


def category_colors(n):
    """``n`` distinct RGBA colours, none of them grey, as an array of shape (n, 4).

    Colour ``i`` depends only on ``i`` and ``n``, so a category keeps its
    colour from frame to frame. Up to seven categories the colours are
    Okabe and Ito's, told apart with any of the common colour-vision
    deficiencies; more need more hues than such a palette has.
    """
    if n <= len(_SEVEN):
        return np.array([to_rgba(c) for c in _SEVEN[:n]])
    if n <= len(_TEN):
        return np.array([to_rgba(c) for c in _TEN[:n]])
    if n <= len(_EIGHTEEN):
        return np.array([to_rgba(c) for c in _EIGHTEEN[:n]])
    # Many categories: hues around the circle, alternating two lightnesses
    # so that neighbouring hues stay apart.
    hue = np.arange(n) / n
    rgb = np.clip(np.abs(((hue[:, None] * 6 + [0, 4, 2]) % 6) - 3) - 1, 0, 1)
    rgb = np.where((np.arange(n) % 2)[:, None] == 0, 0.15 + 0.7 * rgb, 0.35 + 0.55 * rgb)
    return np.column_stack([rgb, np.ones(n)])


def label_axes(ax, title, xlabel, ylabel):
    """Title, axis labels and tick labels of ``ax`` at the shared sizes."""
    ax.tick_params(labelsize=TICK_SIZE)
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.set_xlabel(xlabel, fontsize=LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
