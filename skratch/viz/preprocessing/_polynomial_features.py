"""PolynomialFeatures' columns: curves for one input feature, a table for more."""

import numpy as np
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import padded
from .._style import CONTEXT, LABEL_SIZE, LEGEND_SIZE, TICK_SIZE, TITLE_SIZE, category_colors

__all__ = ["PolynomialFeaturesVisualizer"]


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

    default_figsize = (4.2, 3.9)  # one panel, at most 4.2 in wide: the page rule
    frame_spacing = "linear"
    options = {"grid_size": 200}

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
        if powers.shape[1] > 1:  # the table: a row per output column
            self.default_figsize = (4.2, float(np.clip(1.6 + 0.32 * len(powers), 3.9, 8)))

    def _setup(self):
        ax = self.axes[0]
        ax.tick_params(labelsize=TICK_SIZE)
        ax.xaxis.set_major_locator(MaxNLocator(5))
        self.curves = []
        if self.powers.shape[1] == 1:
            self._setup_curves(ax)
        else:
            self._setup_table(ax)

    def _setup_curves(self, ax):
        x = self._X[:, 0]
        grid = np.linspace(*padded(x, 0.04), self.grid_size)
        p = self.powers[:, 0]
        colors = category_colors(len(p))
        curves = grid[:, None] ** p
        for k in range(len(p)):
            self.curves.append(ax.plot(grid, curves[:, k], color=colors[k], lw=2,
                                       label=self.names[k])[0])
            ax.plot(x, x ** p[k], "o", color=colors[k], ms=3.5, mec="white", mew=0.5)
        ax.axhline(0, color=CONTEXT, lw=0.8, zorder=0)
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(*padded(curves, 0.06))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.set_xlabel("x0 (the input feature)", fontsize=LABEL_SIZE)
        ax.set_ylabel("value of the new column", fontsize=LABEL_SIZE)
        ax.set_title(f"{len(p)} columns from 1 feature", fontsize=TITLE_SIZE)
        ax.legend(fontsize=LEGEND_SIZE, framealpha=0.85, loc="best",
                  ncol=1 if len(p) <= 8 else 2)

    def _setup_table(self, ax):
        n_out, n_in = self.powers.shape
        self.table = ax.imshow(self.powers, cmap="Blues", aspect="auto",
                               vmin=0, vmax=max(int(self.powers.max()), 1) * 1.4)
        legible = n_out <= 60
        if legible:
            for (k, j), p in np.ndenumerate(self.powers):
                ax.text(j, k, str(p), ha="center", va="center", fontsize=TICK_SIZE,
                        color="black" if p else CONTEXT)
            ax.set_yticks(range(n_out), self.names)
        else:
            ax.set_yticks([])
        ax.set_xticks(range(n_in), [f"x{j}" for j in range(n_in)])
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        ax.set_xlabel("input feature j", fontsize=LABEL_SIZE)
        ax.set_ylabel("output column k", fontsize=LABEL_SIZE)
        ax.set_title(f"Powers p_kj: {n_out} columns from {n_in}", fontsize=TITLE_SIZE,
                     pad=8)

    def _update(self, step):
        """One fitted expansion: the picture is the same for every step."""


def _monomial(powers):
    """The name of one monomial, as ``get_feature_names_out`` gives it: "1", "x0^2 x1"."""
    factors = [f"x{j}" if p == 1 else f"x{j}^{p}" for j, p in enumerate(powers) if p > 0]
    return " ".join(factors) if factors else "1"
