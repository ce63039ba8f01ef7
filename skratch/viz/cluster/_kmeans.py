"""K-means moving its centres: the points by cluster, the centres' paths, the inertia."""

import numpy as np
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import legend_under, padded, plane_data
from .._style import (CONTEXT, LEGEND_SIZE, MIN_SIZE, REFERENCE, UNASSIGNED, category_colors,
                      label_axes)

__all__ = ["KMeansVisualizer"]


class KMeansVisualizer(Visualizer):
    """K-means training, one half-iteration per frame.

    Left, the data in the plane of two features: each point in the colour of
    its current cluster (grey before the first assignment), each centre as a
    large marker numbered with its cluster, with the path it has travelled
    so far; on "update" frames an arrow shows each centre's move to the mean
    of its points. Right, the inertia after each step, the current step
    marked. Cluster ``j`` has the same colour in every frame.

    For :class:`~skratch.cluster.KMeans` traces (steps with ``centers``, and
    ``labels`` from the first "assign" step on).

    Parameters
    ----------
    trace : skratch.Trace
        A recorded k-means run.
    ax : sequence of 2 matplotlib Axes, optional
        The two panels: clusters, inertia. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    features : (int, int), optional
        The two features to draw, as ``(horizontal, vertical)``. Needed when
        ``X`` has more than two features (the centres are then drawn
        projected on those two; the clusters are those found in all of
        them); with two features the default is ``(0, 1)``. Data with one
        feature raise a ValueError.
    show_moves : bool, default=True
        Draw arrows from the old to the new centres on "update" frames.

    Notes
    -----
    Each iteration of Lloyd's algorithm is two frames. "assign":
    :math:`l_i \\leftarrow \\arg\\min_j \\lVert x_i - c_j \\rVert^2`, the
    points change colour; "update":
    :math:`c_j \\leftarrow \\frac{1}{n_j}\\sum_{l_i = j} x_i`, the centres
    move. Both lower the inertia
    :math:`J = \\sum_i \\lVert x_i - c_{l_i} \\rVert^2`, which the caption
    and the right panel show.

    The axis limits cover every point and every position of every centre
    during the run, with headroom at the top for the phase label (two
    lines in the upper left corner). The plane is drawn with equal scales on both axes (so
    "nearest centre" looks nearest) unless the two features' ranges differ
    by more than a factor of 3, where that would squash the picture.

    Examples
    --------
    >>> import skratch
    >>> from skratch.cluster import KMeans
    >>> from skratch.datasets import make_blobs
    >>> from skratch.viz import KMeansVisualizer
    >>> X, _ = make_blobs(n_samples=90, centers=3, random_state=0)
    >>> trace = skratch.record(KMeans(n_clusters=3, random_state=0), X)
    >>> vis = KMeansVisualizer(trace, figsize=(6, 3), dpi=40)
    >>> fig = vis.plot(step=1)
    >>> trace.steps[1].kind, vis.caption_text.get_text() == trace.steps[1].message
    ('assign', True)
    >>> [ax.get_title() for ax in vis.axes]
    ['k-means, k = 3', 'Inertia by step']
    """

    n_axes = 2
    options = {"features": None, "show_moves": True}

    def _read_trace(self, trace):
        name = type(self).__name__
        X, self._plane, _ = plane_data(trace, self.features, name)
        n_samples = X.shape[0]
        centers = []
        for step in trace.steps:
            if "centers" not in step.state:
                raise ValueError(
                    f"{name} needs steps whose state holds 'centers' (KMeans traces); "
                    f"step {step.index} ({step.kind!r}) holds {sorted(step.state)}."
                )
            c = np.asarray(step.state["centers"], dtype=float)
            if c.ndim != 2 or c.shape[1] != X.shape[1] or (centers and c.shape != centers[0].shape):
                raise ValueError(
                    f"step {step.index} has centres of shape {c.shape}; expected "
                    f"(n_clusters, {X.shape[1]}), the same in every step."
                )
            labels = step.state.get("labels")
            if labels is not None and np.shape(labels) != (n_samples,):
                raise ValueError(
                    f"step {step.index} has labels of shape {np.shape(labels)}; "
                    f"expected ({n_samples},)."
                )
            centers.append(c)
        self.n_clusters = centers[0].shape[0]
        self._xy = X[:, self._plane]
        # Every centre's position at every step, in the drawn plane: the trails.
        self._paths = np.array(centers)[:, :, self._plane]
        self._losses = np.array([np.nan if s.loss is None else s.loss for s in trace.steps])
        self._kinds = [s.kind for s in trace.steps]
        self._colors = category_colors(self.n_clusters)

    def _plane_width(self):
        """Width of the plane's panel, relative to the inertia panel's.

        About what its equal-scaled data (with the label's headroom) need,
        so that no wide gap is left beside it.
        """
        everything = np.concatenate([self._xy, self._paths.reshape(-1, 2)])
        spans = np.ptp(everything, axis=0) + 1e-12
        shape = spans[0] / (1.22 * spans[1])
        return float(np.clip(shape, 0.75, 1.3)) if max(shape, 1 / shape) <= 3 else 1.3

    @property
    def default_figsize(self):
        # The inertia panel about 3.6 in wide, the plane beside it as its
        # data need: at most 8.4 in in all (the page rule).
        return (min(8.4, 3.6 * (1 + self._plane_width()) + 0.4), 5.2)

    def _create_axes(self, fig):
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": (self._plane_width(), 1)}))

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        ax_points, ax_loss = self.axes
        for ax in self.axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        self._setup_points(ax_points)
        self._setup_loss(ax_loss)

    def _setup_points(self, ax):
        k, (fi, fj) = self.n_clusters, self._plane
        everything = np.concatenate([self._xy, self._paths.reshape(-1, 2)])
        xlim, ylim = padded(everything[:, 0], 0.06), padded(everything[:, 1], 0.06)
        # Headroom above the data for the two lines of the phase label.
        ylim = (ylim[0], ylim[1] + 0.22 * (ylim[1] - ylim[0]))
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        spans = (xlim[1] - xlim[0], ylim[1] - ylim[0])
        if max(spans) <= 3 * min(spans):
            ax.set_aspect("equal", adjustable="box")

        # Label k (one past the clusters) is "not assigned yet": grey.
        cmap = ListedColormap(np.vstack([self._colors, to_rgba(UNASSIGNED)]))
        n = len(self._xy)
        size = float(np.clip(3000 / max(n, 1), 6, 30))
        self._points = self.animated(ax.scatter(
            self._xy[:, 0], self._xy[:, 1], c=np.full(n, k), cmap=cmap, vmin=-0.5,
            vmax=k + 0.5, s=size, edgecolors="white", linewidths=0.3, zorder=1))
        self._trails = [self.animated(ax.plot([], [], "o-", color=self._colors[j], lw=1.6,
                                              ms=3.5, alpha=0.9, zorder=2)[0])
                        for j in range(k)]
        self._arrows = []
        for j in range(k):
            arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=16,
                                    color="black", lw=1.6, shrinkA=0, shrinkB=9, zorder=3)
            ax.add_patch(arrow)
            self._arrows.append(self.animated(arrow))
        self._centers = self.animated(ax.scatter(
            self._paths[0, :, 0], self._paths[0, :, 1], s=300, c=self._colors,
            edgecolors="black", linewidths=1.8, zorder=4))
        self._numbers = []
        if k <= 20:  # beyond that the numbers crowd the picture
            for j in range(k):
                self._numbers.append(self.animated(ax.text(
                    *self._paths[0, j], str(j), ha="center", va="center", fontsize=MIN_SIZE,
                    fontweight="bold", color=_number_color(self._colors[j]), zorder=5,
                    clip_on=True)))
        self._phase = self.animated(ax.text(
            0.02, 0.98, "", transform=ax.transAxes, ha="left", va="top",
            # Clipped: a text running into the next panel would be hidden by its
            # background in a full redraw but not in a blitted frame.
            fontsize=LEGEND_SIZE, zorder=6, clip_on=True, linespacing=1.15,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.7", "alpha": 0.9}))

        handles = [
            Line2D([], [], ls="", marker="o", ms=10, mfc=self._colors[0], mec="black",
                   mew=1.5, label="centre"),
            Line2D([], [], color=self._colors[0], lw=1.6, marker="o", ms=3.5,
                   label="path so far"),
        ]
        if self.show_moves:
            handles.append(Line2D([], [], color="black", lw=1.6, marker=">", ms=5,
                                  label="move (update)"))
        # Under the panel: inside, it would cover points or centres.
        legend_under(ax, handles)
        label_axes(ax, f"k-means, k = {k}", f"x[{fi}]", f"x[{fj}]")

    def _setup_loss(self, ax):
        steps = np.arange(len(self._losses))
        has_loss = ~np.isnan(self._losses)
        kinds = np.array(self._kinds)
        ax.plot(steps[has_loss], self._losses[has_loss], "-", color=CONTEXT, lw=1, zorder=1)
        for kind, marker, label in (("assign", "o", "after assign"),
                                    ("update", "s", "after update")):
            chosen = has_loss & (kinds == kind)
            ax.plot(steps[chosen], self._losses[chosen], marker, ls="", ms=4.5,
                    mfc="white", mec=CONTEXT, label=label, zorder=2)
        self._loss_point = self.animated(ax.plot([], [], "o", color=REFERENCE, ms=8,
                                                 mec="white", mew=1.5, zorder=3)[0])
        pad = max(0.04 * steps[-1], 0.5)
        ax.set_xlim(-pad, steps[-1] + pad)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        losses = self._losses[has_loss]
        ax.set_ylim(*(padded(losses, 0.08) if losses.size else (0, 1)))
        label_axes(ax, "Inertia by step", "step", "inertia")
        if losses.size:
            ax.legend(fontsize=LEGEND_SIZE, framealpha=0.9, loc="upper right")

    def _update(self, step):
        k = self.n_clusters
        position = self.position(step)
        centers = np.asarray(step.state["centers"], dtype=float)[:, self._plane]
        labels = step.state.get("labels")
        self._points.set_array(np.full(len(self._xy), k) if labels is None
                               else np.asarray(labels))
        self._centers.set_offsets(centers)
        for j, number in enumerate(self._numbers):
            number.set_position(centers[j])
        path = centers[None] if position is None else self._paths[:position + 1]
        for j, trail in enumerate(self._trails):
            trail.set_data(path[:, j, 0], path[:, j, 1])

        moved = np.zeros(k, dtype=bool)
        if self.show_moves and step.kind == "update" and position not in (None, 0):
            before = self._paths[position - 1]
            # Moves shorter than a hair's breadth of the plot are not drawn.
            span = np.ptp(self.axes[0].get_xlim())
            moved = np.hypot(*(centers - before).T) > 2e-3 * span
        for j, arrow in enumerate(self._arrows):
            arrow.set_visible(bool(moved[j]))
            if moved[j]:
                arrow.set_positions(before[j], centers[j])
        self._phase.set_text(_PHASES.get(step.kind, step.kind))

        if step.loss is None:
            self._loss_point.set_data([], [])
        else:
            x = position if position is not None else step.index
            self._loss_point.set_data([x], [step.loss])


# Two short lines each, so that they fit a panel of the page rule's width.
_PHASES = {
    "init": "init: the starting centres\n(no point assigned yet)",
    "assign": "assign: each point joins\nits nearest centre",
    "update": "update: each centre moves\nto the mean of its points",
}


def _number_color(rgba):
    """Black or white, whichever reads better on ``rgba``."""
    luminance = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]
    return "black" if luminance > 0.55 else "white"
