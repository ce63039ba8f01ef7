"""Panels and layout helpers shared by the visualizers.

* the plane of two features that the 2-D visualizers draw: which two
  features (``features=(i, j)``) and the trace's data checked for it;
* axis limits with a margin, the emptiest corner for a legend, and a
  legend under a panel (in its tile, not over its data);
* the "loss so far" panel (:class:`LossHistory`): the whole run in grey, the
  run so far and the current step in colour.
"""

from numbers import Integral

import numpy as np

from ._style import CONTEXT, MODEL, REFERENCE

__all__ = ["plane_features", "plane_data", "padded", "emptiest_corner", "legend_under",
           "LossHistory"]


def plane_features(features, n_features, name):
    """The two features to draw, as a tuple ``(i, j)``; a clear error if there are none.

    With two features the default is ``(0, 1)``; with more, the caller must
    choose. One feature does not make a plane.
    """
    if n_features < 2:
        raise ValueError(
            f"{name} draws the data in a plane of two features, but X has "
            f"{n_features} feature. Fit on at least two features to use it."
        )
    if features is None:
        if n_features == 2:
            return (0, 1)
        raise ValueError(
            f"{name} draws two features, but X has {n_features}: choose the two "
            "to draw with features=(i, j), e.g. features=(0, 1)."
        )
    try:
        i, j = features
    except (TypeError, ValueError):
        raise ValueError(
            f"features must be a pair of feature indices (i, j), got {features!r}."
        ) from None
    for f in (i, j):
        if not isinstance(f, Integral) or isinstance(f, bool) or not 0 <= f < n_features:
            raise ValueError(
                f"features=({i!r}, {j!r}) must hold two indices in [0, {n_features}) "
                f"(X has {n_features} features)."
            )
    if i == j:
        raise ValueError(f"features=({i}, {j}) names the same feature twice; choose two.")
    return (int(i), int(j))


def plane_data(trace, features, name, *, labels=False):
    """The trace's ``X`` as floats, the two features to draw, and its labels.

    Parameters
    ----------
    trace : Trace
    features : pair of int or None
        As given to the visualizer; see :func:`plane_features`.
    name : str
        The visualizer's name, for error messages.
    labels : bool, default=False
        Also require one label per sample in ``trace.y`` and return it.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    plane : tuple (i, j)
    y : ndarray of shape (n_samples,) or None
    """
    X = np.asarray(trace.X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name} needs a 2-D X; the trace's X has shape {X.shape}.")
    plane = plane_features(features, X.shape[1], name)
    if not labels:
        return X, plane, None
    if trace.y is None:
        raise ValueError(f"{name} needs the class labels y; the trace has none.")
    y = np.asarray(trace.y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"{name} needs one class label per sample; y has shape {y.shape}.")
    return X, plane, y


# -- layout -------------------------------------------------------------------

def padded(values, fraction=0.12, empty_span=1.0):
    """(low, high) around ``values``, with a margin of ``fraction`` of the span."""
    low, high = float(np.min(values)), float(np.max(values))
    span = high - low
    if span <= 1e-12 * max(abs(low), abs(high), 1.0):
        span = max(abs(high), empty_span)
    return low - fraction * span, high + fraction * span


def emptiest_corner(x, y, xlim, ylim, log_y=False):
    """The legend location among the four corners that covers the fewest points."""
    y = np.asarray(y, dtype=float)
    if log_y:
        y, ylim = np.log10(np.maximum(y, ylim[0])), np.log10(ylim)
    u = (np.asarray(x, dtype=float) - xlim[0]) / (xlim[1] - xlim[0])
    v = (y - ylim[0]) / (ylim[1] - ylim[0])
    corners = {"upper left": (u < 0.45) & (v > 0.6), "upper right": (u > 0.55) & (v > 0.6),
               "lower left": (u < 0.45) & (v < 0.4), "lower right": (u > 0.55) & (v < 0.4)}
    return min(corners, key=lambda corner: np.count_nonzero(corners[corner]))


def legend_under(ax, handles, ncols=2):
    """A legend in ``ncols`` columns under ``ax``, below its x label.

    For a panel whose data fill it: beside the panel, the legend would make
    the panel's tile too wide for a phone (the page rule); under it, it
    stays in the tile and covers nothing. The layout engine makes room.
    """
    from matplotlib.transforms import offset_copy

    from ._style import LABEL_SIZE, LEGEND_SIZE, TICK_SIZE

    # Below the tick labels and the axis label, with their pads.
    below = offset_copy(ax.transAxes, fig=ax.get_figure(root=False), units="points",
                        y=-(1.3 * TICK_SIZE + 1.3 * LABEL_SIZE + 9))
    return ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     bbox_transform=below, ncols=ncols, fontsize=LEGEND_SIZE,
                     framealpha=0.9, borderaxespad=0.0, handlelength=1.6,
                     columnspacing=1.0)


# -- the loss so far ------------------------------------------------------------

class LossHistory:
    """The "loss so far" panel: the whole run in grey, the run so far in colour.

    Draws on ``ax``, for ``visualizer``: the whole run ``(x, y)`` as a thin
    grey line (unless ``context_label`` is None), a dashed horizontal
    ``reference`` line if given, and two moving artists: the run up to the
    current step as a thick line and the current step as a dot. The caller
    sets the limits, labels and legend of the panel.

    Parameters
    ----------
    visualizer : Visualizer
        The visualizer whose :meth:`~Visualizer.animated` registers the
        moving artists.
    ax : matplotlib Axes
    x, y : array-like of shape (n_steps,)
        The whole run: one point per step of the trace, in trace order.
    color : color, default=MODEL
        Of the run so far and of the current step.
    label : str, default="so far"
        Legend entry of the run so far.
    context_label : str or None, default="whole run"
        Legend entry of the whole run; None draws no whole run.
    reference : dict or None
        Keywords of :meth:`~matplotlib.axes.Axes.axhline` (``y``, ``label``,
        ``lw``) for a dashed near-black line: the optimum, the final loss.
    lw, ms, mew : float
        Width of the run so far, size and edge width of the dot.
    zorder : float or None
        If given, the whole run's z-order; the run so far and the dot go
        one and two above it.
    """

    def __init__(self, visualizer, ax, x, y, *, color=MODEL, label="so far",
                 context_label="whole run", reference=None, lw=2, ms=8, mew=1.5, zorder=None):
        self.x, self.y = np.asarray(x), np.asarray(y)
        z = [{} if zorder is None else {"zorder": zorder + k} for k in range(3)]
        if context_label is not None:
            ax.plot(self.x, self.y, color=CONTEXT, lw=1, label=context_label, **z[0])
        if reference is not None:
            ax.axhline(ls="--", color=REFERENCE, **reference)
        self.line = visualizer.animated(ax.plot([], [], color=color, lw=lw, label=label,
                                                **z[1])[0])
        self.point = visualizer.animated(ax.plot([], [], "o", color=color, ms=ms,
                                                 mec="white", mew=mew, **z[2])[0])

    def update(self, position, x, y):
        """Show the run up to ``position`` in the trace, ending at the point ``(x, y)``.

        ``position`` None (a step from elsewhere, not in the trace) shows
        the point alone.
        """
        if position is None:
            self.line.set_data([x], [y])
        else:
            self.line.set_data(self.x[:position + 1], self.y[:position + 1])
        self.point.set_data([x], [y])
