"""Logistic regression learning its boundary: the probability surface and the loss."""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.cm import ScalarMappable
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import LossHistory, emptiest_corner, legend_under, padded, plane_data
from .._style import LABEL_SIZE, LEGEND_SIZE, REFERENCE, TICK_SIZE, category_colors, label_axes

__all__ = ["LogisticRegressionVisualizer"]

_BAND = "#4a4a4a"       # the lines p = 0.1 and p = 0.9


# The shades reach this share of a class's colour at full confidence, so the
# points, in the full colour, stand out against them.
_SHADE = 0.5
# Scores of the lines p = 0.1 and p = 0.9 of two classes: log(0.9 / 0.1).
_BAND_SCORE = np.log(9.0)


def _segment(a, c, half_planes):
    """The part of the line :math:`a \\cdot x + c = 0` inside some half-planes.

    ``half_planes`` is a sequence of ``(q, r)``, each the half-plane
    :math:`q \\cdot x + r \\ge 0`. Returns the segment as a (2, 2) array of
    its ends, or None if the line misses their intersection (or
    :math:`a = 0`, when there is no line).
    """
    norm2 = float(a @ a)
    if norm2 == 0:
        return None
    origin = -c * a / norm2                      # the point of the line nearest 0
    direction = np.array([-a[1], a[0]]) / np.sqrt(norm2)
    low, high = -np.inf, np.inf
    for q, r in half_planes:
        # q . (origin + t direction) + r >= 0, a condition on t.
        slope, offset = float(q @ direction), float(q @ origin + r)
        if slope > 0:
            low = max(low, -offset / slope)
        elif slope < 0:
            high = min(high, -offset / slope)
        elif offset < 0:
            return None
    if not low < high:
        return None
    return np.array([origin + low * direction, origin + high * direction])


class LogisticRegressionVisualizer(Visualizer):
    """Logistic regression learning its boundary, one iteration per frame.

    Left, the training points in the plane of two features, coloured by
    class, over the model's probability surface at the current step. With
    two classes the surface is :math:`P(y = c_1 \\mid x)`, ``c_1 = classes_[1]``,
    shaded from the colour of one class through white (:math:`p = 1/2`) to
    the other, with a colour bar; the boundary :math:`p = 1/2` is a solid
    line and :math:`p = 0.1, 0.9` dashed lines, the band where the model is
    unsure. With more classes each place is shaded in the colour of its most
    probable class, paler where that class is less certain (white where
    every class is equally likely), and the boundaries between the regions
    are drawn. Points the current model misclassifies are ringed. Right,
    the training loss by iteration, the current step marked, and the
    training accuracy of the current model.

    For :class:`~skratch.linear_model.LogisticRegression` traces (steps
    holding ``coef`` and ``intercept``), binary or multinomial.

    Parameters
    ----------
    trace : skratch.Trace
        A recorded run.
    ax : sequence of 2 matplotlib Axes, optional
        The two panels: plane, loss. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    features : (int, int), optional
        The two features to draw, as ``(horizontal, vertical)``. Needed when
        ``X`` has more than two features (see Notes); with two features the
        default is ``(0, 1)``. Data with one feature raise a ValueError.
    grid_size : int, default=150
        Points per side of the grid the probabilities are evaluated on.

    Attributes
    ----------
    classes : ndarray
        The class labels, in the order of the colours.

    Notes
    -----
    The scores are linear, :math:`z_k(x) = w_k \\cdot x + b_k`, so in the
    plane of features :math:`(i, j)` with the other features held at their
    means :math:`\\bar x` (all of the plane when there are two features),

    .. math::

        z_k = w_{ki} x_i + w_{kj} x_j + \\Big(b_k + \\sum_{l \\ne i, j} w_{kl} \\bar x_l\\Big),

    a linear function of the plane whose coefficients are read from each
    step's ``coef`` and ``intercept``. A frame evaluates it on the grid (one
    small matrix product) and updates the image. The boundaries are exact
    lines, not contours of the grid: with two classes :math:`z = 0` (and
    :math:`z = \\pm\\log 9` for :math:`p = 0.9, 0.1`); with more, the line
    :math:`z_k = z_l` where classes :math:`k` and :math:`l` both beat every
    other class, cut to the part of the plane where that holds. With more
    than two features the plane is a slice, and the misclassified points,
    drawn projected, are those the full model gets wrong.

    Examples
    --------
    >>> import skratch
    >>> from skratch.datasets import make_blobs
    >>> from skratch.linear_model import LogisticRegression
    >>> from skratch.viz import LogisticRegressionVisualizer
    >>> X, y = make_blobs(n_samples=80, centers=2, cluster_std=2.0, random_state=0)
    >>> trace = skratch.record(LogisticRegression(), X, y)
    >>> vis = LogisticRegressionVisualizer(trace, figsize=(8, 3.5), dpi=40)
    >>> fig = vis.plot(step=2)
    >>> trace.steps[2].kind, vis.caption_text.get_text() == trace.steps[2].message
    ('newton', True)
    >>> [ax.get_title() for ax in vis.axes]
    ['P(y = 1) and the boundary p = 1/2', 'Training loss by iteration']
    """

    n_axes = 2
    default_figsize = (8.4, 5.2)
    options = {"features": None, "grid_size": 150}

    # -- reading the trace ----------------------------------------------------

    def _read_trace(self, trace):
        name = type(self).__name__
        X, self._plane, y = plane_data(trace, self.features, name, labels=True)
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        for step in trace.steps:
            if "coef" not in step.state or "intercept" not in step.state:
                raise ValueError(
                    f"{name} needs steps whose state holds 'coef' and 'intercept' "
                    f"(LogisticRegression traces); step {step.index} ({step.kind!r}) "
                    f"holds {sorted(step.state)}."
                )
        classes, self._y = np.unique(y, return_inverse=True)
        names = getattr(trace.estimator, "classes_", classes)
        self.classes = names if len(names) == len(classes) else classes
        n_classes = len(self.classes)
        if n_classes < 2:
            raise ValueError(f"{name} needs at least two classes; y has {n_classes}.")
        n_outputs = 1 if n_classes == 2 else n_classes
        for step in trace.steps:
            shape = np.shape(step.state["coef"])
            if shape != (n_outputs, X.shape[1]):
                raise ValueError(
                    f"step {step.index} has coef of shape {shape}, but y has {n_classes} "
                    f"classes and X {X.shape[1]} features: expected "
                    f"{(n_outputs, X.shape[1])}. The trace's data do not match its steps."
                )
        self._binary = n_outputs == 1
        self._X = X
        self._xy = X[:, self._plane]
        others = [f for f in range(X.shape[1]) if f not in self._plane]
        self._others, self._other_means = others, X[:, others].mean(axis=0)
        self._sliced = bool(others)
        self._iterations = np.array([s.index for s in trace.steps])
        self._losses = np.array([np.nan if s.loss is None else s.loss for s in trace.steps])
        self._colors = category_colors(n_classes)
        # The shade of each class at full confidence.
        self._shades = self._colors[:, :3] * _SHADE + (1 - _SHADE)

    def _create_axes(self, fig):
        # With two classes the plane shares its tile with the colorbar: a
        # little less width to it keeps both tiles under 4.2 in.
        ratios = (0.8, 1) if self._binary else (1, 1)
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": ratios}))

    def _plane_model(self, step):
        """Weights (m, 2) and intercepts (m,) of the scores in the drawn plane."""
        coef = np.asarray(step.state["coef"], dtype=float)
        intercept = np.ravel(np.asarray(step.state["intercept"], dtype=float))
        b = intercept + coef[:, self._others] @ self._other_means
        return coef[:, self._plane], b

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        ax_plane, ax_loss = self.axes
        for ax in self.axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        self._setup_plane(ax_plane)
        self._setup_loss(ax_loss)

    def _setup_plane(self, ax):
        fi, fj = self._plane
        xlim, ylim = padded(self._xy[:, 0], 0.05), padded(self._xy[:, 1], 0.05)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        self._box = [(np.array([1.0, 0.0]), -xlim[0]), (np.array([-1.0, 0.0]), xlim[1]),
                     (np.array([0.0, 1.0]), -ylim[0]), (np.array([0.0, -1.0]), ylim[1])]
        # Grid-cell centres, so the image's pixels sit where they were computed.
        size = self.grid_size
        gx = xlim[0] + (np.arange(size) + 0.5) * (xlim[1] - xlim[0]) / size
        gy = ylim[0] + (np.arange(size) + 0.5) * (ylim[1] - ylim[0]) / size
        GX, GY = np.meshgrid(gx, gy)
        self._grid = np.column_stack([GX.ravel(), GY.ravel()])

        if self._binary:
            white = np.ones(3)
            self._cmap = LinearSegmentedColormap.from_list(
                "probability", [self._shades[0], white, self._shades[1]])
            first = np.full((size, size), 0.5)
            self._image = self.animated(ax.imshow(
                first, cmap=self._cmap, vmin=0, vmax=1, origin="lower",
                extent=(*xlim, *ylim), aspect="auto", interpolation="nearest", zorder=0))
            bar = self.fig.colorbar(ScalarMappable(Normalize(0, 1), self._cmap), ax=ax,
                                    fraction=0.05, pad=0.02)
            bar.set_label(f"P(y = {self.classes[1]})", fontsize=LABEL_SIZE)
            bar.ax.tick_params(labelsize=TICK_SIZE)
            bar.ax.yaxis.set_major_locator(MaxNLocator(5))
        else:
            first = np.ones((size, size, 3))
            self._image = self.animated(ax.imshow(
                first, origin="lower", extent=(*xlim, *ylim), aspect="auto",
                interpolation="nearest", zorder=0))

        n = len(self._xy)
        point_size = float(np.clip(3000 / max(n, 1), 8, 30))
        self._points = self.animated(ax.scatter(
            self._xy[:, 0], self._xy[:, 1], c=self._colors[self._y], s=point_size,
            edgecolors="#333333", linewidths=0.4, zorder=1))
        self._band = self.animated(ax.add_collection(LineCollection(
            [], colors=_BAND, linewidths=1.1, linestyles=(0, (4, 3)), zorder=2)))
        self._boundary = self.animated(ax.add_collection(LineCollection(
            [], colors=REFERENCE, linewidths=2.2, zorder=3)))
        self._wrong = self.animated(ax.scatter(
            np.empty(0), np.empty(0), s=point_size * 3.2, facecolors="none",
            edgecolors=REFERENCE, linewidths=1.2, zorder=4))

        handles = []
        if len(self.classes) <= 10:
            handles += [Line2D([], [], ls="", marker="o", ms=6, mfc=self._colors[k],
                               mec="#333333", mew=0.5, label=f"class {c}")
                        for k, c in enumerate(self.classes)]
        if self._binary:
            handles += [Line2D([], [], color=REFERENCE, lw=2, label="p = 1/2"),
                        Line2D([], [], color=_BAND, lw=1.1, ls=(0, (4, 3)),
                               label="p = 0.1, 0.9")]
        else:
            handles += [Patch(fc=self._shades[0], ec="none",
                              label="most probable class\n(paler: less sure)"),
                        Line2D([], [], color=REFERENCE, lw=2, label="boundaries")]
        handles.append(Line2D([], [], ls="", marker="o", ms=8, mfc="none", mec=REFERENCE,
                              mew=1.2, label="misclassified"))
        # Under the plane: inside, it would cover points.
        legend_under(ax, handles)
        for spine in ax.spines.values():  # the frame, above the image that reaches it
            self.animated(spine)
        if self._binary:
            title = f"P(y = {self.classes[1]}) and the boundary p = 1/2"
        else:
            title = "Most probable class and the boundaries"
        if self._sliced:
            title += "\n(slice: the other features at their means)"
        label_axes(ax, title, f"x[{fi}]", f"x[{fj}]")

    def _setup_loss(self, ax):
        iterations, losses = self._iterations, self._losses
        finite = losses[np.isfinite(losses)]
        ylim = padded(finite, 0.08) if finite.size else (0.0, 1.0)
        end = {"y": finite[-1], "lw": 1.1, "label": "at the end"} if finite.size else None
        self._loss_history = LossHistory(self, ax, iterations, losses, reference=end)
        pad = max(0.03 * np.ptp(iterations), 0.5 if np.ptp(iterations) else 1.0)
        xlim = (iterations.min() - pad, iterations.max() + pad)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        label_axes(ax, "Training loss by iteration", "iteration", "mean log-loss + penalty")
        # The accuracy goes in the corner the loss curve leaves empty.
        corner = emptiest_corner(iterations, losses, xlim, ylim)
        # The legend at mid-height, where a falling loss leaves room, on the
        # side of that corner.
        ax.legend(loc="center right" if "right" in corner else "center left",
                  fontsize=LEGEND_SIZE, framealpha=0.9)
        top = corner.startswith("upper")
        self._accuracy = self.animated(ax.text(
            0.97 if "right" in corner else 0.03, 0.95 if top else 0.05, "",
            transform=ax.transAxes, ha="right" if "right" in corner else "left",
            va="top" if top else "bottom", fontsize=LEGEND_SIZE + 0.5,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.6", "alpha": 0.92}))

    def _update(self, step):
        W, b = self._plane_model(step)
        Z = self._grid @ W.T + b
        size = self.grid_size
        if self._binary:
            z = Z[:, 0]
            e = np.exp(-np.abs(z))
            p = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
            self._image.set_data(p.reshape(size, size))
            line = _segment(W[0], b[0], self._box)
            self._boundary.set_segments([] if line is None else [line])
            band = [_segment(W[0], b[0] + s, self._box) for s in (-_BAND_SCORE, _BAND_SCORE)]
            self._band.set_segments([s for s in band if s is not None])
        else:
            Z = Z - Z.max(axis=1, keepdims=True)
            P = np.exp(Z)
            P /= P.sum(axis=1, keepdims=True)
            best = np.argmax(P, axis=1)
            k = len(self.classes)
            sure = (P[np.arange(len(P)), best] - 1 / k) / (1 - 1 / k)
            rgb = 1 + sure[:, None] * (self._shades[best] - 1)
            self._image.set_data(rgb.reshape(size, size, 3))
            self._boundary.set_segments(self._region_boundaries(W, b))

        # Which training points the model of this step gets wrong (in all features).
        coef = np.asarray(step.state["coef"], dtype=float)
        scores = self._X @ coef.T + np.ravel(step.state["intercept"])
        predicted = (scores[:, 0] > 0).astype(int) if self._binary else np.argmax(scores, axis=1)
        wrong = predicted != self._y
        self._wrong.set_offsets(self._xy[wrong])
        self._accuracy.set_text(f"training accuracy {1 - wrong.mean():.1%}\n"
                                f"({np.count_nonzero(wrong)} of {wrong.size} misclassified)")

        loss = np.nan if step.loss is None else step.loss
        self._loss_history.update(self.position(step), step.index, loss)

    def _region_boundaries(self, W, b):
        """Segments of :math:`z_k = z_l` where k and l beat every other class."""
        segments = []
        k_all = range(len(b))
        for k in k_all:
            for l in range(k + 1, len(b)):
                beats_others = [(W[k] - W[m], b[k] - b[m]) for m in k_all if m not in (k, l)]
                segment = _segment(W[k] - W[l], b[k] - b[l], self._box + beats_others)
                if segment is not None:
                    segments.append(segment)
        return segments
