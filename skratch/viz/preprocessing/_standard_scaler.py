"""StandardScaler seen in the plane: the data centred, then divided by its spread."""

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import emptiest_corner, padded, plane_data
from .._style import CONTEXT, DATA, LABEL_SIZE, LEGEND_SIZE, MODEL, TICK_SIZE, TITLE_SIZE

__all__ = ["ScalerVisualizer"]


class ScalerVisualizer(Visualizer):
    """Standardisation in three panels: the data raw, centred, then standardised.

    (a) The raw data in the plane of two features, with what the current
    step has learned: the mean :math:`\\mu` as a cross, then the standard
    deviations :math:`\\sigma` as error bars and a one-standard-deviation
    ellipse. (b) The data centred, :math:`x - \\mu`, in the units of (a):
    filled in once the mean is known. (c) The data standardised,
    :math:`(x - \\mu) / \\sigma`, on equal axes with the unit circle: filled
    in once the scale is known (empty on the "mean" step).

    For :class:`~skratch.preprocessing.StandardScaler` traces (a "mean" step
    whose state holds ``mean``, then a "scale" step holding ``scale``).

    Parameters
    ----------
    trace : skratch.Trace
        A recorded StandardScaler fit.
    ax : sequence of 3 matplotlib Axes, optional
        The three panels: raw, centred, standardised. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    features : (int, int), optional
        The two features to draw, as ``(horizontal, vertical)``. Needed when
        ``X`` has more than two features; with two the default is
        ``(0, 1)``. Data with one feature raise a ValueError.

    Notes
    -----
    Feature by feature, :math:`z_{ij} = (x_{ij} - \\mu_j) / \\sigma_j`. The
    "mean" step learns :math:`\\mu_j`, so a transform at that moment only
    subtracts it: the cloud of (b) is that of (a), moved to the origin. The
    "scale" step learns :math:`\\sigma_j` and each axis is divided by its
    own :math:`\\sigma_j`: in (c), drawn with equal scales on both axes, a
    cloud that was elongated only because its features had different units
    becomes round, about the size of the unit circle. With
    ``with_mean=False`` the data are not moved, only scaled.

    Each panel's limits are set once, from the whole run: (b) spans the
    ranges of (a) moved by :math:`-\\mu`, (c) the standardised data and the
    unit circle.

    Examples
    --------
    >>> import numpy as np
    >>> import skratch
    >>> from skratch.preprocessing import StandardScaler
    >>> from skratch.viz import ScalerVisualizer
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal([50, 3], [10, 0.5], size=(40, 2))
    >>> trace = skratch.record(StandardScaler(), X)
    >>> vis = ScalerVisualizer(trace, figsize=(9, 3), dpi=40)
    >>> fig = vis.plot(step=1)
    >>> vis.caption_text.get_text() == trace.steps[1].message
    True
    >>> [ax.get_title() for ax in vis.axes]
    ['Raw data: μ and σ', 'Centred: x − μ', 'Standardised: (x − μ) / σ']
    """

    n_axes = 3
    default_figsize = (10.5, 3.9)
    options = {"features": None}

    def _read_trace(self, trace):
        name = type(self).__name__
        X, self._plane, _ = plane_data(trace, self.features, name)
        plane = list(self._plane)
        self._with_mean = bool(getattr(trace.estimator, "with_mean", True))
        mean = scale = None
        # What is known at each step: the mean from its step on, then the scale.
        self._means, self._scales = [], []
        for step in trace.steps:
            if step.kind not in ("mean", "scale"):
                raise ValueError(
                    f"{name} draws StandardScaler traces (\"mean\" then \"scale\" steps); "
                    f"step {step.index} is {step.kind!r} and holds {sorted(step.state)}."
                )
            key = step.kind
            if key in step.state:
                value = np.asarray(step.state[key], dtype=float)
                if value.shape != (X.shape[1],):
                    raise ValueError(
                        f"step {step.index} holds a {key!r} of shape {value.shape}; "
                        f"X has {X.shape[1]} features."
                    )
                if key == "mean":
                    mean = value[plane]
                else:
                    scale = value[plane]
            elif key == "scale":
                raise ValueError(f"step {step.index} ('scale') holds no 'scale'.")
            self._means.append(mean)
            self._scales.append(scale)
        self._xy = X[:, plane]
        shift = mean if (self._with_mean and mean is not None) else np.zeros(2)
        self._shift = shift
        self._centred = self._xy - shift
        self._standardised = None if scale is None else self._centred / scale

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        for ax in self.axes:
            ax.tick_params(labelsize=TICK_SIZE)
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        fi, fj = self._plane
        self._size = float(np.clip(3000 / max(len(self._xy), 1), 6, 30))
        self._setup_raw(self.axes[0], fi, fj)
        self._setup_centred(self.axes[1], fi, fj)
        self._setup_standardised(self.axes[2], fi, fj)

    def _scatter(self, ax, xy, **kwargs):
        return ax.scatter(xy[:, 0], xy[:, 1], s=self._size, edgecolors="none", **kwargs)

    def _status(self, ax):
        return self.animated(ax.text(
            0.02, 0.98, "", transform=ax.transAxes, ha="left", va="top",
            fontsize=LEGEND_SIZE, clip_on=True,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.7", "alpha": 0.9}))

    def _setup_raw(self, ax, fi, fj):
        self._scatter(ax, self._xy, color=DATA, alpha=0.6)
        self._ellipse = self.animated(Ellipse((0, 0), 0, 0, fill=False, ls="--",
                                              ec=MODEL, lw=1.5))
        ax.add_patch(self._ellipse)
        self._bars = self.animated(ax.plot([], [], "-", color=MODEL, lw=2.2,
                                           solid_capstyle="butt")[0])
        self._mean = self.animated(ax.plot([], [], "X", color=MODEL, ms=13, mec="black",
                                           mew=1)[0])
        self._raw_limits = (padded(self._xy[:, 0], 0.08), padded(self._xy[:, 1], 0.08))
        ax.set_xlim(*self._raw_limits[0])
        ax.set_ylim(*self._raw_limits[1])
        ax.set_xlabel(f"x[{fi}]", fontsize=LABEL_SIZE)
        ax.set_ylabel(f"x[{fj}]", fontsize=LABEL_SIZE)
        ax.set_title("Raw data: μ and σ", fontsize=TITLE_SIZE)
        handles = [
            Line2D([], [], ls="", marker="o", ms=5, color=DATA, alpha=0.6, label="data"),
            Line2D([], [], ls="", marker="X", ms=9, color=MODEL, mec="black",
                   label="mean μ"),
            Line2D([], [], color=MODEL, lw=2.2, label="μ ± σ, each feature"),
        ]
        # The corner the points leave empty (the mean's cross sits in the middle).
        corner = emptiest_corner(self._xy[:, 0], self._xy[:, 1], *self._raw_limits)
        ax.legend(handles=handles, fontsize=LEGEND_SIZE, framealpha=0.85, loc=corner)

    def _setup_centred(self, ax, fi, fj):
        ax.axhline(0, color=CONTEXT, lw=0.8, zorder=0)
        ax.axvline(0, color=CONTEXT, lw=0.8, zorder=0)
        self._centred_points = self.animated(self._scatter(ax, self._centred, color=DATA,
                                                           alpha=0.6))
        self._centred_status = self._status(ax)
        (x0, x1), (y0, y1) = self._raw_limits
        sx, sy = self._shift
        ax.set_xlim(x0 - sx, x1 - sx)
        ax.set_ylim(y0 - sy, y1 - sy)
        ax.set_xlabel(f"x[{fi}] − μ[{fi}]", fontsize=LABEL_SIZE)
        ax.set_ylabel(f"x[{fj}] − μ[{fj}]", fontsize=LABEL_SIZE)
        ax.set_title("Centred: x − μ", fontsize=TITLE_SIZE)

    def _setup_standardised(self, ax, fi, fj):
        ax.axhline(0, color=CONTEXT, lw=0.8, zorder=0)
        ax.axvline(0, color=CONTEXT, lw=0.8, zorder=0)
        t = np.linspace(0, 2 * np.pi, 200)
        ax.plot(np.cos(t), np.sin(t), ":", color="black", lw=1.2, label="radius 1")
        z = self._standardised if self._standardised is not None else np.zeros((1, 2))
        self._standardised_points = self.animated(self._scatter(ax, z, color=DATA, alpha=0.6))
        self._standardised_status = self._status(ax)
        # Symmetric and equal: a round cloud must look round.
        reach = max(float(np.abs(z).max()) * 1.08, 1.25)
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(f"z[{fi}]", fontsize=LABEL_SIZE)
        ax.set_ylabel(f"z[{fj}]", fontsize=LABEL_SIZE)
        ax.set_title("Standardised: (x − μ) / σ", fontsize=TITLE_SIZE)
        ax.legend(fontsize=LEGEND_SIZE, framealpha=0.85, loc="lower right")

    def _update(self, step):
        position = self.position(step)
        if position is None:  # a step from elsewhere: show the trace's step of its kind
            position = 0 if step.kind == "mean" else len(self.trace.steps) - 1
        mean, scale = self._means[position], self._scales[position]
        if mean is None:
            self._mean.set_data([], [])
        else:
            self._mean.set_data([mean[0]], [mean[1]])
        std_known = scale is not None and mean is not None
        for artist in (self._ellipse, self._bars):
            artist.set_visible(std_known)
        if std_known:
            (mx, my), (sx, sy) = mean, scale
            self._ellipse.set_center((mx, my))
            self._ellipse.set_width(2 * sx)
            self._ellipse.set_height(2 * sy)
            self._bars.set_data([mx - sx, mx + sx, np.nan, mx, mx],
                                [my, my, np.nan, my - sy, my + sy])

        self._centred_points.set_visible(mean is not None)
        if mean is None:
            self._centred_status.set_text("mean not learned")
        elif self._with_mean:
            self._centred_status.set_text(f"moved by −μ = ({-mean[0]:.3g}, {-mean[1]:.3g})")
        else:
            self._centred_status.set_text("with_mean=False: not moved")
        self._standardised_points.set_visible(scale is not None)
        if scale is None:
            self._standardised_status.set_text("waiting for σ")
        else:
            self._standardised_status.set_text(f"divided by σ = ({scale[0]:.3g}, {scale[1]:.3g})")
