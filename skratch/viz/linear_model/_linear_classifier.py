"""A linear classifier learning its boundary: the perceptron's corrections, SGD's epochs."""

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import LossHistory, legend_under, padded, plane_data
from .._style import HIGHLIGHT, LABEL_SIZE, LEGEND_SIZE, REFERENCE, category_colors, label_axes

__all__ = ["PerceptronVisualizer"]

_BEFORE = "#8a8a8a"      # the model just before a correction

# Length of the drawn w, as a fraction of the plot's diagonal: only its
# direction (normal to the boundary, towards the positive side) is to scale.
_ARROW_FRACTION = 0.16


class PerceptronVisualizer(Visualizer):
    """A linear classifier learning its boundary, one correction per frame.

    Left, the data in the plane of two features, coloured by class, over
    the regions the current model assigns to each class; the boundary
    :math:`w^\\top x + b = 0` (one per class for several classes, in the
    class's colour) and the vector :math:`w`, normal to it, pointing to the
    positive side. On a perceptron correction the misclassified point is
    ringed, the boundary before the correction is dashed, and the vector sum
    :math:`w_{new} = w_{old} + \\eta\\, y_i x_i` is drawn as a triangle: the
    old :math:`w` (grey), the step :math:`\\eta y_i x_i` (red) and the new
    :math:`w` (black), all at the same scale. Right, for each epoch the
    number of mistakes (corrections) made during it, growing as the epoch
    runs, and the number of training points the current model
    misclassifies.

    For :class:`~skratch.linear_model.Perceptron` traces, and for
    :class:`~skratch.linear_model.SGDClassifier` traces (which have no
    corrections: the boundary, :math:`w`, the rows of the current mini-batch
    when ``step_per="batch"``, and the training errors are drawn).

    Parameters
    ----------
    trace : skratch.Trace
        A recorded run whose steps hold "coef" and "intercept".
    ax : sequence of 2 matplotlib Axes, optional
        The two panels: the plane, the errors. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    features : (int, int), optional
        The two features to draw, as ``(horizontal, vertical)``. Needed when
        ``X`` has more than two features: the boundaries and regions are
        then the slice of the model through the mean of the other features.
        With two features the default is ``(0, 1)``; one feature raises a
        ValueError.
    grid_size : int, default=160
        Points per side of the grid the class regions are drawn on.

    Notes
    -----
    The boundary of problem :math:`k` in the plane of features :math:`i, j`
    is the line :math:`w_{ki} u + w_{kj} v + c_k = 0`, with
    :math:`c_k = b_k + \\sum_{l \\ne i, j} w_{kl} \\bar x_l`; :math:`w`'s
    arrow is :math:`(w_{ki}, w_{kj})` rescaled to a fixed length, so it shows
    a direction. The plane is drawn with equal scales on both axes (so
    :math:`w` looks perpendicular to its boundary) unless the two features'
    ranges differ by more than a factor of 3.

    The horizontal axis of the right panel counts epochs: a step of epoch
    :math:`e` that has visited :math:`v` of the :math:`n` points sits at
    :math:`e - 1 + v/n` (with several classes, each one-vs-rest problem's
    pass takes its share of the epoch).

    Examples
    --------
    >>> import skratch
    >>> from skratch.datasets import make_blobs
    >>> from skratch.linear_model import Perceptron
    >>> from skratch.viz import PerceptronVisualizer
    >>> X, y = make_blobs(n_samples=40, centers=2, random_state=0)
    >>> trace = skratch.record(Perceptron(), X, y)
    >>> vis = PerceptronVisualizer(trace, figsize=(7, 3), dpi=40)
    >>> fig = vis.plot(step=1)
    >>> trace.steps[1].kind, vis.caption_text.get_text() == trace.steps[1].message
    ('update', True)
    >>> [ax.get_title() for ax in vis.axes]
    ['Perceptron: boundary w·x + b = 0', 'Mistakes and errors by epoch']
    """

    n_axes = 2
    default_figsize = (8.2, 5.2)
    options = {"features": None, "grid_size": 160}

    # -- reading the trace ----------------------------------------------------

    def _read_trace(self, trace):
        name = type(self).__name__
        X, self._plane, y = plane_data(trace, self.features, name, labels=True)
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        coefs, intercepts = [], []
        for step in trace.steps:
            if "coef" not in step.state or "intercept" not in step.state:
                raise ValueError(
                    f"{name} needs steps whose state holds 'coef' and 'intercept' "
                    f"(Perceptron or SGDClassifier traces); step {step.index} "
                    f"({step.kind!r}) holds {sorted(step.state)}."
                )
            coef = np.atleast_2d(np.asarray(step.state["coef"], dtype=float))
            if coef.shape[1] != X.shape[1] or (coefs and coef.shape != coefs[0].shape):
                raise ValueError(
                    f"step {step.index} has coef of shape {coef.shape}; expected "
                    f"(n_problems, {X.shape[1]}), the same in every step."
                )
            coefs.append(coef)
            intercepts.append(np.ravel(np.asarray(step.state["intercept"], dtype=float)))
        self._coefs, self._intercepts = np.array(coefs), np.array(intercepts)
        self.n_problems = self._coefs.shape[1]

        classes = getattr(trace.estimator, "classes_", None)
        self._classes = np.unique(y) if classes is None else np.asarray(classes)
        self._labels = np.searchsorted(self._classes, y)
        n_classes = len(self._classes)
        if not (self.n_problems == 1 and n_classes == 2) and self.n_problems != n_classes:
            raise ValueError(
                f"{name}: the steps hold {self.n_problems} weight vector(s) for "
                f"{n_classes} classes; expected 1 for two classes, else one per class."
            )
        self._X = X
        self._xy = X[:, self._plane]
        others = [f for f in range(X.shape[1]) if f not in self._plane]
        # The model's offset in the plane, the other features at their mean.
        self._offsets = (self._intercepts
                         + self._coefs[:, :, others] @ X[:, others].mean(axis=0))
        self._colors = category_colors(n_classes)
        self._positions_x = self._epoch_positions(trace)
        self._errors = self._training_errors()
        self._mistakes = self._mistakes_by_epoch(trace)
        self.n_epochs = max(1, int(np.ceil(self._positions_x.max())))
        self._step_epochs = np.array([int(step.state.get("epoch", 0)) for step in trace.steps])
        if self._mistakes is not None:
            # The count at an epoch's last step is the epoch's total.
            self._epoch_totals = np.zeros(self.n_epochs)
            for e in range(1, self.n_epochs + 1):
                in_epoch = self._step_epochs == e
                if in_epoch.any():
                    self._epoch_totals[e - 1] = self._mistakes[in_epoch].max()

    def _epoch_positions(self, trace):
        """Where each step sits on the right panel's axis of epochs."""
        n_samples = len(self._xy)
        positions = []
        for step in trace.steps:
            epoch = int(step.state.get("epoch", 0))
            if "visit" in step.state and epoch > 0:
                share = (int(step.state.get("class_index", 0))
                         + float(step.state["visit"]) / n_samples) / self.n_problems
                positions.append(epoch - 1 + share)
            else:
                positions.append(float(epoch))
        return np.array(positions)

    def _predict_indices(self, coef, intercept, X):
        scores = X @ coef.T + intercept
        if self.n_problems == 1:
            return (scores[:, 0] > 0).astype(int)
        return np.argmax(scores, axis=1)

    def _training_errors(self):
        return np.array([np.count_nonzero(self._predict_indices(c, b, self._X) != self._labels)
                         for c, b in zip(self._coefs, self._intercepts)])

    def _mistakes_by_epoch(self, trace):
        """Mistakes made so far in the current epoch, at each step (None without corrections)."""
        if not any("coef_before" in step.state for step in trace.steps):
            return None
        counts, current_epoch, count = [], 0, 0
        for step in trace.steps:
            epoch = int(step.state.get("epoch", 0))
            if epoch != current_epoch:
                current_epoch, count = epoch, 0
            if step.kind == "update" and "coef_before" in step.state:
                count += 1
            counts.append(count)
        return np.array(counts)

    def _create_axes(self, fig):
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.0, 1)}))

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        ax_plane, ax_errors = self.axes
        for ax in self.axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        self._setup_plane(ax_plane)
        self._setup_errors(ax_errors)

    def _setup_plane(self, ax):
        fi, fj = self._plane
        xlim, ylim = padded(self._xy[:, 0], 0.08), padded(self._xy[:, 1], 0.08)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        spans = (xlim[1] - xlim[0], ylim[1] - ylim[0])
        self._xlim, self._ylim = xlim, ylim
        self._arrow_length = _ARROW_FRACTION * np.hypot(*spans)
        self._centre = self._xy.mean(axis=0)

        g = self.grid_size
        self._U, self._V = np.meshgrid(np.linspace(*xlim, g), np.linspace(*ylim, g))
        n_classes = len(self._classes)
        self._regions = self.animated(ax.imshow(
            np.zeros((g, g), dtype=int), extent=(*xlim, *ylim), origin="lower",
            cmap=ListedColormap(self._colors[:, :3]), vmin=-0.5, vmax=n_classes - 0.5,
            alpha=0.16, interpolation="nearest", aspect="auto", zorder=0))

        size = float(np.clip(2500 / max(len(self._xy), 1), 8, 40))
        for c in range(n_classes):
            chosen = self._labels == c
            ax.scatter(self._xy[chosen, 0], self._xy[chosen, 1], s=size,
                       color=self._colors[c], edgecolors="white", linewidths=0.5,
                       label=f"class {self._classes[c]}", zorder=2)

        line_colors = ([REFERENCE] if self.n_problems == 1
                       else [self._colors[k] for k in range(self.n_problems)])
        self._before = self.animated(ax.plot([], [], "--", color=_BEFORE, lw=1.6,
                                             zorder=3)[0])
        self._lines = [self.animated(ax.plot([], [], "-", color=color, lw=2.4, zorder=4)[0])
                       for color in line_colors]
        self._ring = self.animated(ax.scatter([], [], s=4 * size + 120, facecolors="none",
                                              edgecolors=HIGHLIGHT, linewidths=2.2,
                                              zorder=5))
        arrow = {"arrowstyle": "-|>", "mutation_scale": 15, "shrinkA": 0, "shrinkB": 0,
                 "zorder": 6}
        self._w_old = self.animated(ax.add_patch(FancyArrowPatch(
            (0, 0), (0, 0), color=_BEFORE, lw=2.0, **arrow)))
        self._w_step = self.animated(ax.add_patch(FancyArrowPatch(
            (0, 0), (0, 0), color=HIGHLIGHT, lw=2.0, **arrow)))
        self._w_new = self.animated(ax.add_patch(FancyArrowPatch(
            (0, 0), (0, 0), color=REFERENCE, lw=2.4, **arrow)))
        self._w_label = self.animated(ax.text(0, 0, "w", fontsize=LABEL_SIZE,
                                              fontweight="bold", color=REFERENCE,
                                              ha="center", va="center", zorder=7,
                                              clip_on=True))

        handles, _ = ax.get_legend_handles_labels()
        boundary_label = "boundary" if self.n_problems == 1 else "class k vs rest"
        handles += [
            Line2D([], [], color=line_colors[0], lw=2.4, label=boundary_label),
            Line2D([], [], color=REFERENCE, lw=2.0, marker=">", ms=5,
                   label="w (to the + side)"),
        ]
        if self._mistakes is not None:
            handles += [
                Line2D([], [], ls="", marker="o", ms=11, mfc="none", mec=HIGHLIGHT,
                       mew=2, label="mistake"),
                Line2D([], [], color=HIGHLIGHT, lw=2.0, marker=">", ms=5,
                       label="step η·y·x"),
                Line2D([], [], color=_BEFORE, lw=1.6, ls="--", label="before"),
            ]
        # Under the plane, below its axis label, not over the points (and
        # not beside it, which would make its tile too wide for a phone).
        legend_under(ax, handles)
        # After imshow, which would reset it.
        ax.set_aspect("equal" if max(spans) <= 3 * min(spans) else "auto", adjustable="box")
        name = type(self.trace.estimator).__name__ if self.trace.estimator is not None else "Model"
        label_axes(ax, f"{name}: boundary w·x + b = 0", f"x[{fi}]", f"x[{fj}]")

    def _setup_errors(self, ax):
        x, errors = self._positions_x, self._errors
        edges = np.arange(self.n_epochs + 1)
        top = errors.max()
        if self._mistakes is not None:
            top = max(top, self._mistakes.max())
            self._stairs = self.animated(ax.stairs(
                np.zeros(self.n_epochs), edges, fill=True, color=HIGHLIGHT, alpha=0.35,
                label="mistakes in the epoch", zorder=1))
        self._errors_history = LossHistory(self, ax, x, errors, label="misclassified now",
                                           ms=7, mew=1.2, zorder=2)
        ax.set_xlim(-0.03 * self.n_epochs, self.n_epochs * 1.03)
        ax.set_ylim(0, max(top, 1) * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
        title = ("Mistakes and errors by epoch" if self._mistakes is not None
                 else "Training errors by epoch")
        label_axes(ax, title, "epoch", "training points")
        ax.legend(fontsize=LEGEND_SIZE, framealpha=0.9, loc="upper right")

    # -- one frame --------------------------------------------------------------

    def _update(self, step):
        position = self.position(step)
        coef = np.atleast_2d(np.asarray(step.state["coef"], dtype=float))
        intercept = np.ravel(np.asarray(step.state["intercept"], dtype=float))
        offsets = (self._offsets[position] if position is not None
                   else intercept + self._other_terms(coef))
        w_plane = coef[:, self._plane]
        self._draw_regions(w_plane, offsets)
        for k, line in enumerate(self._lines):
            line.set_data(*self._boundary(w_plane[k], offsets[k]))

        k = int(step.state.get("class_index", 0)) if self.n_problems > 1 else 0
        show_w = self.n_problems == 1 or "class_index" in step.state
        anchor = self._anchor(w_plane[k], offsets[k])
        corrected = "coef_before" in step.state and show_w
        if corrected:
            before = np.atleast_2d(np.asarray(step.state["coef_before"], dtype=float))
            before_offset = (np.ravel(step.state["intercept_before"])[k]
                             + self._other_terms(before)[k])
            self._before.set_data(*self._boundary(before[k, list(self._plane)], before_offset))
            self._draw_triangle(anchor, before[k, list(self._plane)], w_plane[k])
        else:
            self._before.set_data([], [])
            self._draw_w(anchor, w_plane[k] if show_w else np.zeros(2))

        samples = step.state.get("sample", step.state.get("samples"))
        if samples is None:
            self._ring.set_offsets(np.empty((0, 2)))
        else:
            self._ring.set_offsets(self._xy[np.atleast_1d(samples).astype(int)])

        at = self._positions_x[position] if position is not None else float(
            step.state.get("epoch", 0))
        if position is None:
            errors = np.count_nonzero(self._predict_indices(coef, intercept, self._X)
                                      != self._labels)
        else:
            errors = self._errors[position]
        self._errors_history.update(position, at, errors)
        if self._mistakes is not None:
            self._stairs.set_data(self._mistake_heights(position, step))

    def _other_terms(self, coef):
        others = [f for f in range(self._X.shape[1]) if f not in self._plane]
        return coef[:, others] @ self._X[:, others].mean(axis=0)

    def _draw_regions(self, w_plane, offsets):
        if not np.any(w_plane) and not np.any(offsets):
            # w = 0, b = 0: every point is on the boundary; no class claims the plane.
            self._regions.set_visible(False)
            return
        self._regions.set_visible(True)
        scores = (self._U[None] * w_plane[:, 0, None, None]
                  + self._V[None] * w_plane[:, 1, None, None] + offsets[:, None, None])
        chosen = (scores[0] > 0).astype(int) if self.n_problems == 1 else scores.argmax(axis=0)
        self._regions.set_data(chosen)

    def _boundary(self, w, c):
        """Two points of the line w[0] u + w[1] v + c = 0 spanning the view (or none)."""
        (x0, x1), (y0, y1) = self._xlim, self._ylim
        if abs(w[1]) >= abs(w[0]):
            if w[1] == 0:
                return [], []
            u = np.array([x0, x1])
            return u, -(w[0] * u + c) / w[1]
        v = np.array([y0, y1])
        return -(w[1] * v + c) / w[0], v

    def _anchor(self, w, c):
        """Where w starts: the visible point of the boundary nearest the data's centre.

        The boundary is :math:`p_0 + s\\,d`, with :math:`p_0` its point
        nearest the centre and :math:`d \\perp w`; the visible part is an
        interval of :math:`s`, and the anchor its value closest to 0. A
        boundary outside the view (or w = 0) leaves the arrow at the centre.
        """
        norm2 = w @ w
        if norm2 == 0:
            return self._centre
        p0 = self._centre - (w @ self._centre + c) / norm2 * w
        d = np.array([-w[1], w[0]]) / np.sqrt(norm2)
        low, high = -np.inf, np.inf
        for k, (lo, hi) in enumerate((self._xlim, self._ylim)):
            if d[k] == 0:
                if not lo <= p0[k] <= hi:
                    return self._centre
                continue
            s0, s1 = sorted(((lo - p0[k]) / d[k], (hi - p0[k]) / d[k]))
            low, high = max(low, s0), min(high, s1)
        if low > high:
            return self._centre
        return p0 + np.clip(0.0, low, high) * d

    def _draw_w(self, anchor, w):
        norm = np.hypot(*w)
        self._w_old.set_visible(False)
        self._w_step.set_visible(False)
        if norm == 0:
            self._w_new.set_visible(False)
            self._w_label.set_visible(False)
            return
        tip = anchor + self._arrow_length * w / norm
        self._show_arrow(self._w_new, anchor, tip)
        self._place_label(anchor, tip)

    def _draw_triangle(self, anchor, w_old, w_new):
        """w_new = w_old + step, all three drawn at one scale from ``anchor``."""
        step = w_new - w_old
        longest = max(np.hypot(*w_old), np.hypot(*w_new), np.hypot(*step))
        if longest == 0:
            self._draw_w(anchor, w_new)
            return
        scale = self._arrow_length / longest
        old_tip = anchor + scale * w_old
        new_tip = anchor + scale * w_new
        self._show_arrow(self._w_old, anchor, old_tip, visible=np.any(w_old))
        self._show_arrow(self._w_step, old_tip, new_tip)
        self._show_arrow(self._w_new, anchor, new_tip, visible=np.any(w_new))
        self._place_label(anchor, new_tip)

    @staticmethod
    def _show_arrow(arrow, start, end, visible=True):
        arrow.set_visible(bool(visible) and not np.allclose(start, end))
        arrow.set_positions(tuple(start), tuple(end))

    def _place_label(self, anchor, tip):
        direction = tip - anchor
        length = np.hypot(*direction)
        self._w_label.set_visible(length > 0)
        if length > 0:
            self._w_label.set_position(tip + 0.09 * self._arrow_length * direction / length)

    def _mistake_heights(self, position, step):
        """Mistakes per epoch as of this step: finished epochs in full, the current one so far."""
        heights = np.zeros(self.n_epochs)
        if position is None:
            return heights
        epoch = self._step_epochs[position]
        heights[:epoch - 1] = self._epoch_totals[:epoch - 1]
        if epoch > 0:
            heights[epoch - 1] = self._mistakes[position]
        return heights
