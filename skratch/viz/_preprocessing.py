"""Preprocessing: standardisation seen in the plane, polynomial features as curves."""

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse

from ._base import Visualizer
from ._plane import category_colors, plane_data
from ._linear import _padded

__all__ = ["ScalerVisualizer", "PolynomialFeaturesVisualizer"]

_DATA = "#4c72b0"      # the data as it is at the current step
_CURRENT = "#e8710a"   # what the current step learned: the mean, the std
_CONTEXT = "#9a9a9a"   # the data before this step, references

_TITLE_SIZE = 12
_LABEL_SIZE = 10.5
_TICK_SIZE = 9
_LEGEND_SIZE = 9


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
    default_figsize = (13, 4.4)

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 features=None):
        self.features = features
        super().__init__(trace, ax, fig=fig, figsize=figsize, dpi=dpi, caption=caption)

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
            ax.tick_params(labelsize=_TICK_SIZE)
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
            fontsize=_LABEL_SIZE - 1, clip_on=True,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.7", "alpha": 0.9}))

    def _setup_raw(self, ax, fi, fj):
        self._scatter(ax, self._xy, color=_DATA, alpha=0.6)
        self._ellipse = self.animated(Ellipse((0, 0), 0, 0, fill=False, ls="--",
                                              ec=_CURRENT, lw=1.5))
        ax.add_patch(self._ellipse)
        self._bars = self.animated(ax.plot([], [], "-", color=_CURRENT, lw=2.2,
                                           solid_capstyle="butt")[0])
        self._mean = self.animated(ax.plot([], [], "X", color=_CURRENT, ms=13, mec="black",
                                           mew=1)[0])
        self._raw_limits = (_padded(self._xy[:, 0], 0.08), _padded(self._xy[:, 1], 0.08))
        ax.set_xlim(*self._raw_limits[0])
        ax.set_ylim(*self._raw_limits[1])
        ax.set_xlabel(f"x[{fi}]", fontsize=_LABEL_SIZE)
        ax.set_ylabel(f"x[{fj}]", fontsize=_LABEL_SIZE)
        ax.set_title("Raw data: μ and σ", fontsize=_TITLE_SIZE)
        handles = [
            Line2D([], [], ls="", marker="o", ms=5, color=_DATA, alpha=0.6, label="data"),
            Line2D([], [], ls="", marker="X", ms=9, color=_CURRENT, mec="black",
                   label="mean μ"),
            Line2D([], [], color=_CURRENT, lw=2.2, label="μ ± σ, each feature"),
        ]
        ax.legend(handles=handles, fontsize=_LEGEND_SIZE, framealpha=0.85, loc="lower right")

    def _setup_centred(self, ax, fi, fj):
        ax.axhline(0, color=_CONTEXT, lw=0.8, zorder=0)
        ax.axvline(0, color=_CONTEXT, lw=0.8, zorder=0)
        self._centred_points = self.animated(self._scatter(ax, self._centred, color=_DATA,
                                                           alpha=0.6))
        self._centred_status = self._status(ax)
        (x0, x1), (y0, y1) = self._raw_limits
        sx, sy = self._shift
        ax.set_xlim(x0 - sx, x1 - sx)
        ax.set_ylim(y0 - sy, y1 - sy)
        ax.set_xlabel(f"x[{fi}] − μ[{fi}]", fontsize=_LABEL_SIZE)
        ax.set_ylabel(f"x[{fj}] − μ[{fj}]", fontsize=_LABEL_SIZE)
        ax.set_title("Centred: x − μ", fontsize=_TITLE_SIZE)

    def _setup_standardised(self, ax, fi, fj):
        ax.axhline(0, color=_CONTEXT, lw=0.8, zorder=0)
        ax.axvline(0, color=_CONTEXT, lw=0.8, zorder=0)
        t = np.linspace(0, 2 * np.pi, 200)
        ax.plot(np.cos(t), np.sin(t), ":", color="black", lw=1.2, label="radius 1")
        z = self._standardised if self._standardised is not None else np.zeros((1, 2))
        self._standardised_points = self.animated(self._scatter(ax, z, color=_DATA, alpha=0.6))
        self._standardised_status = self._status(ax)
        # Symmetric and equal: a round cloud must look round.
        reach = max(float(np.abs(z).max()) * 1.08, 1.25)
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(f"z[{fi}]", fontsize=_LABEL_SIZE)
        ax.set_ylabel(f"z[{fj}]", fontsize=_LABEL_SIZE)
        ax.set_title("Standardised: (x − μ) / σ", fontsize=_TITLE_SIZE)
        ax.legend(fontsize=_LEGEND_SIZE, framealpha=0.85, loc="lower right")

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


class PolynomialFeaturesVisualizer(Visualizer):
    """The columns a polynomial expansion makes: curves for one feature, a table for more.

    With one input feature :math:`x`, each output column :math:`x^k` is
    drawn as a curve against :math:`x` over the range of the data, the
    training points marked on it, one colour per column and a legend with
    the column names ("1", "x0", "x0^2", ...). With two or more input
    features, curves against one axis would not say what the columns are,
    so the panel is the table of powers instead: one row per output column,
    one column per input feature, each cell the exponent :math:`p_{kj}`
    (the rows named like ``get_feature_names_out``).

    For :class:`~skratch.preprocessing.PolynomialFeatures` traces (one
    "powers" step); the one frame shows the fitted expansion.

    Parameters
    ----------
    trace : skratch.Trace
        A recorded PolynomialFeatures fit.
    ax : matplotlib Axes, optional
        The panel. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    grid_size : int, default=200
        Points each curve is evaluated on (one input feature).

    Notes
    -----
    Output column :math:`k` is :math:`\\prod_j x_j^{p_{kj}}` with
    :math:`p` the ``powers`` of the step. For one feature that is
    :math:`x^{p_k}`: the curves show why high powers need scaling (their
    values grow as :math:`|x|^{p}`) and why they are nearly collinear on
    :math:`x > 0`. The table lists at most 60 rows legibly; beyond, the
    cells keep their colours but lose their numbers and names.

    Examples
    --------
    >>> import numpy as np
    >>> import skratch
    >>> from skratch.preprocessing import PolynomialFeatures
    >>> from skratch.viz import PolynomialFeaturesVisualizer
    >>> X = np.linspace(-1, 1, 9).reshape(-1, 1)
    >>> trace = skratch.record(PolynomialFeatures(degree=3), X)
    >>> vis = PolynomialFeaturesVisualizer(trace, figsize=(4, 3), dpi=40)
    >>> fig = vis.plot()
    >>> [line.get_label() for line in vis.curves]
    ['1', 'x0', 'x0^2', 'x0^3']
    """

    default_figsize = (6.4, 4.8)
    frame_spacing = "linear"

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 grid_size=200):
        self.grid_size = grid_size
        super().__init__(trace, ax, fig=fig, figsize=figsize, dpi=dpi, caption=caption)

    def _read_trace(self, trace):
        name = type(self).__name__
        X = np.asarray(trace.X, dtype=float)
        if X.ndim != 2:
            raise ValueError(f"{name} needs a 2-D X; the trace's X has shape {X.shape}.")
        step = trace.steps[-1]
        if "powers" not in step.state:
            raise ValueError(
                f"{name} needs a step whose state holds 'powers' (PolynomialFeatures "
                f"traces); step {step.index} ({step.kind!r}) holds {sorted(step.state)}."
            )
        powers = np.asarray(step.state["powers"], dtype=int)
        if powers.ndim != 2 or powers.shape[1] != X.shape[1]:
            raise ValueError(
                f"step {step.index} has powers of shape {powers.shape}; expected "
                f"(n_output_features, {X.shape[1]})."
            )
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        self.powers = powers
        self.names = [_monomial(row) for row in powers]
        self._X = X
        if powers.shape[1] > 1:  # the table, and the long list in the caption, need width
            self.default_figsize = (8, 5.5)

    def _setup(self):
        ax = self.axes[0]
        ax.tick_params(labelsize=_TICK_SIZE)
        self.curves = []
        if self.powers.shape[1] == 1:
            self._setup_curves(ax)
        else:
            self._setup_table(ax)

    def _setup_curves(self, ax):
        x = self._X[:, 0]
        grid = np.linspace(*_padded(x, 0.04), self.grid_size)
        p = self.powers[:, 0]
        colors = category_colors(len(p))
        curves = grid[:, None] ** p
        for k in range(len(p)):
            self.curves.append(ax.plot(grid, curves[:, k], color=colors[k], lw=2,
                                       label=self.names[k])[0])
            ax.plot(x, x ** p[k], "o", color=colors[k], ms=3.5, mec="white", mew=0.5)
        ax.axhline(0, color=_CONTEXT, lw=0.8, zorder=0)
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(*_padded(curves, 0.06))
        ax.set_xlabel("x0 (the input feature)", fontsize=_LABEL_SIZE)
        ax.set_ylabel("value of the new column", fontsize=_LABEL_SIZE)
        ax.set_title(f"Polynomial features: {len(p)} columns from 1", fontsize=_TITLE_SIZE)
        ax.legend(fontsize=_LEGEND_SIZE, framealpha=0.85, loc="best",
                  ncol=1 if len(p) <= 8 else 2)

    def _setup_table(self, ax):
        n_out, n_in = self.powers.shape
        self.table = ax.imshow(self.powers, cmap="Blues", aspect="auto",
                               vmin=0, vmax=max(int(self.powers.max()), 1) * 1.4)
        legible = n_out <= 60
        if legible:
            for (k, j), p in np.ndenumerate(self.powers):
                ax.text(j, k, str(p), ha="center", va="center", fontsize=_TICK_SIZE,
                        color="black" if p else _CONTEXT)
            ax.set_yticks(range(n_out), self.names)
        else:
            ax.set_yticks([])
        ax.set_xticks(range(n_in), [f"x{j}" for j in range(n_in)])
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        ax.set_xlabel("input feature j", fontsize=_LABEL_SIZE)
        ax.set_ylabel("output column k", fontsize=_LABEL_SIZE)
        ax.set_title(f"Powers p_kj: {n_out} columns from {n_in}", fontsize=_TITLE_SIZE,
                     pad=8)

    def _update(self, step):
        """One fitted expansion: the picture is the same for every step."""


def _monomial(powers):
    """The name of one monomial, as ``get_feature_names_out`` gives it: "1", "x0^2 x1"."""
    factors = [f"x{j}" if p == 1 else f"x{j}^{p}" for j, p in enumerate(powers) if p > 0]
    return " ".join(factors) if factors else "1"
