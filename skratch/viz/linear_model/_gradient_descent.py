"""Gradient descent on a line: the fit, the loss surface and the loss curve."""

import numpy as np
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import LossHistory, emptiest_corner, padded
from .._style import DATA, LEGEND_SIZE, MODEL, REFERENCE, label_axes

__all__ = ["GradientDescentVisualizer"]


def _mse_moments(x, y):
    """Moments that make the MSE of a line a quadratic in (w, b).

    :math:`L(w, b) = \\overline{(wx + b - y)^2}
    = w^2\\overline{x^2} + 2wb\\,\\bar x + b^2 - 2w\\,\\overline{xy}
    - 2b\\,\\bar y + \\overline{y^2}`.
    """
    return {"xx": np.mean(x * x), "x": np.mean(x), "xy": np.mean(x * y),
            "y": np.mean(y), "yy": np.mean(y * y)}


def _mse(m, w, b, penalty=0.0):
    """The MSE of the line ``w x + b``, plus ``penalty * w**2`` (Ridge's step loss)."""
    loss = (w * w * m["xx"] + 2 * w * b * m["x"] + b * b
            - 2 * w * m["xy"] - 2 * b * m["y"] + m["yy"])
    # Rounding can dip just below zero at the optimum.
    return np.maximum(loss, 0.0) + penalty * w * w


def _penalty_weight(estimator, n_samples):
    """The weight :math:`\\lambda` of the penalty :math:`\\lambda w^2` in the step losses.

    Ridge's steps report its objective divided by :math:`n` (one target),
    :math:`\\mathrm{MSE} + (\\alpha / n) w^2`; models without a penalty give 0.
    """
    from ...linear_model import Ridge  # the viz layer imports models only when drawing

    if isinstance(estimator, Ridge):
        return float(np.ravel(estimator.alpha)[0]) / n_samples
    return 0.0


def _closed_form(estimator):
    """An unfitted copy of ``estimator`` that solves its problem in closed form, or None."""
    from ...base import clone
    from ...linear_model import Ridge

    if isinstance(estimator, Ridge):
        return clone(estimator).set_params(solver="auto")
    return None


class GradientDescentVisualizer(Visualizer):
    """Gradient descent fitting a line, in three panels.

    (a) the data with the line of the current step and the least-squares
    line; (b) the loss surface :math:`L(w, b)` as contours, with the path
    taken so far, the current point and the optimum, on equal scales (a
    unit of :math:`w` is as long as a unit of :math:`b`, so the contours
    have their true shape and the gradient meets them at a right angle on
    screen too); (c) the loss against the iteration, the current point
    marked. The current model is orange in
    every panel, the optimum black.

    For :class:`~skratch.linear_model.LinearRegression` and
    :class:`~skratch.linear_model.Ridge` traces with one feature and one
    target. With ``solver="gd"`` every iteration is a frame
    (within the animation's budget). With ``solver="normal"`` the trace has a
    single "solve" step: the one frame shows the least-squares line and the
    optimum on the surface (use ``solver="gd"`` to watch the descent).

    Parameters
    ----------
    trace : skratch.Trace
        A recorded run whose steps hold "coef" and "intercept".
    ax : sequence of 3 matplotlib Axes, optional
        The three panels, (a), (b), (c). By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    grid_size : int, default=120
        Points per side of the grid the loss surface is evaluated on.
    loss_scale : {"auto", "log", "linear"}, default="auto"
        Scale of the loss axis of (c); "auto" takes "log" when the losses
        span more than two decades.

    Notes
    -----
    With one feature the mean squared error is a quadratic in the slope
    :math:`w` and the intercept :math:`b`,

    .. math::

        L(w, b) = \\frac{1}{n}\\sum_i (w x_i + b - y_i)^2
                = w^2\\,\\overline{x^2} + 2wb\\,\\bar x + b^2
                  - 2w\\,\\overline{xy} - 2b\\,\\bar y + \\overline{y^2},

    so the surface is evaluated on the whole grid from five averages of the
    data, once, in ``setup``. Its contours are ellipses around the
    least-squares solution :math:`w^* = \\mathrm{cov}(x, y) / \\mathrm{var}(x)`,
    :math:`b^* = \\bar y - w^* \\bar x`; the contour levels are spaced as
    squares, :math:`L^* + (L_{max} - L^*) t^2`, so the ellipses are evenly
    spaced. The window of (b) is a square in :math:`(w, b)`, on equal
    scales, around the whole path and the optimum, with margins.

    For :class:`~skratch.linear_model.Ridge` traces the surface is Ridge's
    step loss, the objective over :math:`n`,
    :math:`L(w, b) + \\frac{\\alpha}{n} w^2`, and the optimum is Ridge's
    closed-form solution (a copy of the estimator fitted with
    ``solver="auto"``), on centred data
    :math:`w^* = \\sum_i (x_i - \\bar x)(y_i - \\bar y) /
    (\\sum_i (x_i - \\bar x)^2 + \\alpha)`: the penalty pulls it towards
    :math:`w = 0` and the bowl is steeper along :math:`w`.

    Examples
    --------
    >>> import numpy as np
    >>> import skratch
    >>> from skratch.linear_model import LinearRegression
    >>> from skratch.viz import GradientDescentVisualizer
    >>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
    >>> y = 2 * X[:, 0] + 0.5
    >>> trace = skratch.record(LinearRegression(solver="gd", learning_rate=0.5), X, y)
    >>> vis = GradientDescentVisualizer(trace, figsize=(6, 2), dpi=40)
    >>> fig = vis.plot(step=3)
    >>> vis.caption_text.get_text() == trace.steps[3].message
    True
    >>> [ax.get_title() for ax in vis.axes]
    ['Data and current line', 'Loss surface L(w, b)', 'Loss by iteration']
    """

    n_axes = 3
    default_figsize = (10.5, 3.9)
    options = {"grid_size": 120, "loss_scale": "auto"}

    def _read_trace(self, trace):
        name = type(self).__name__
        X = np.asarray(trace.X, dtype=float)
        if X.ndim != 2:
            raise ValueError(f"{name} needs a 2-D X; the trace's X has shape {X.shape}.")
        if X.shape[1] != 1:
            raise ValueError(
                f"{name} draws one feature: X has {X.shape[1]} columns. Fit on a "
                "single column, e.g. X[:, [0]], to watch the descent on the (w, b) plane."
            )
        if trace.y is None:
            raise ValueError(f"{name} needs the targets y; the trace has none.")
        y = np.asarray(trace.y, dtype=float)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ValueError(
                f"{name} draws one target: y has shape {y.shape}. Fit on one "
                "target column, e.g. y[:, 0]."
            )
        for step in trace.steps:
            if "coef" not in step.state or "intercept" not in step.state:
                raise ValueError(
                    f"{name} needs steps whose state holds 'coef' and 'intercept' "
                    f"(LinearRegression or Ridge traces); step {step.index} ({step.kind!r}) "
                    f"holds {sorted(step.state)}."
                )
        if self.loss_scale not in ("auto", "log", "linear"):
            raise ValueError(
                f"loss_scale must be 'auto', 'log' or 'linear', got {self.loss_scale!r}."
            )
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        self._x, self._y = X[:, 0], y
        self._moments = _mse_moments(self._x, self._y)
        self._w = np.array([self._params(s)[0] for s in trace.steps])
        self._b = np.array([self._params(s)[1] for s in trace.steps])
        self._iterations = np.array([s.index for s in trace.steps])
        self._penalty = _penalty_weight(trace.estimator, len(y))
        self._optimum_name = "ridge solution" if self._penalty else "least squares"
        self._losses = np.array([self._loss(s) for s in trace.steps])
        self._w_opt, self._b_opt = self._optimum(trace)
        self._loss_opt = float(_mse(self._moments, self._w_opt, self._b_opt, self._penalty))

    @staticmethod
    def _params(step):
        return (float(np.ravel(step.state["coef"])[0]),
                float(np.ravel(step.state["intercept"])[0]))

    def _loss(self, step):
        if step.loss is not None:
            return step.loss
        return float(_mse(self._moments, *self._params(step), self._penalty))

    def _optimum(self, trace):
        x, y = self._x, self._y
        exact = _closed_form(trace.estimator)
        if exact is not None:
            exact.fit(x.reshape(-1, 1), y)
            return float(np.ravel(exact.coef_)[0]), float(np.ravel(exact.intercept_)[0])
        if getattr(trace.estimator, "fit_intercept", True):
            x_c = x - x.mean()
            sxx = np.sum(x_c * x_c)
            w = float(np.sum(x_c * (y - y.mean())) / sxx) if sxx > 0 else 0.0
            return w, float(y.mean() - w * x.mean())
        sxx = np.sum(x * x)
        return (float(np.sum(x * y) / sxx) if sxx > 0 else 0.0), 0.0

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        ax_data, ax_surface, ax_loss = self.axes
        for ax in self.axes:
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        self._setup_data(ax_data)
        self._setup_surface(ax_surface)
        self._setup_loss(ax_loss)

    def _setup_data(self, ax):
        x, y = self._x, self._y
        self._line_x = np.array(padded(x, 0.05))
        ax.scatter(x, y, s=14, color=DATA, alpha=0.6, edgecolors="none", label="data")
        ax.plot(self._line_x, self._w_opt * self._line_x + self._b_opt, "--",
                color=REFERENCE, lw=1.2, label=self._optimum_name)
        self._line = self.animated(ax.plot([], [], color=MODEL, lw=2.5,
                                           label="current line")[0])
        # Keep the data readable: show the lines of the early steps, unless
        # a diverging run would squash the data into a sliver.
        data_low, data_high = padded(y, 0.08)
        ends = np.outer(self._w, self._line_x) + self._b[:, None]
        span = data_high - data_low
        low = max(min(data_low, ends.min()), data_low - span)
        high = min(max(data_high, ends.max()), data_high + span)
        ax.set_xlim(*self._line_x)
        ax.set_ylim(low, high)
        label_axes(ax, "Data and current line", "x", "y")
        ax.legend(loc=emptiest_corner(x, y, self._line_x, (low, high)),
                  fontsize=LEGEND_SIZE, framealpha=0.9)

    def _setup_surface(self, ax):
        # Equal scales: a square window around the path and the optimum.
        w_range = padded(np.append(self._w, self._w_opt))
        b_range = padded(np.append(self._b, self._b_opt))
        half = max(w_range[1] - w_range[0], b_range[1] - b_range[0]) / 2
        w_range = (np.mean(w_range) - half, np.mean(w_range) + half)
        b_range = (np.mean(b_range) - half, np.mean(b_range) + half)
        W, B = np.meshgrid(np.linspace(*w_range, self.grid_size),
                           np.linspace(*b_range, self.grid_size))
        L = _mse(self._moments, W, B, self._penalty)
        low, high = float(L.min()), float(L.max())
        if high > low:
            levels = low + (high - low) * np.linspace(0, 1, 16) ** 2
            ax.contourf(W, B, L, levels=levels, cmap="Blues_r")
            ax.contour(W, B, L, levels=levels, colors="white", linewidths=0.5, alpha=0.6)
        marker = "o-" if len(self._w) <= 100 else "-"
        self._path = self.animated(ax.plot([], [], marker, color=MODEL, lw=1.5, ms=3,
                                           label="path")[0])
        self._surface_point = self.animated(ax.plot([], [], "o", color=MODEL, ms=9,
                                                    mec="white", mew=1.5)[0])
        ax.plot([self._w_opt], [self._b_opt], "*", color=REFERENCE, ms=14, mec="white",
                mew=1, label="optimum")
        ax.set_xlim(*w_range)
        ax.set_ylim(*b_range)
        ax.set_aspect("equal", adjustable="box")
        label_axes(ax, "Loss surface L(w, b)", "w (slope)", "b (intercept)")
        ax.legend(loc=emptiest_corner(np.append(self._w, self._w_opt),
                                       np.append(self._b, self._b_opt), w_range, b_range),
                  fontsize=LEGEND_SIZE, framealpha=0.9)

    def _setup_loss(self, ax):
        iterations, losses = self._iterations, self._losses
        with_optimum = np.append(losses, self._loss_opt)
        positive = with_optimum[with_optimum > 0]
        log = self.loss_scale == "log" or (
            self.loss_scale == "auto" and positive.size == with_optimum.size
            and positive.max() > 100 * positive.min())
        if log and positive.size:
            ax.set_yscale("log")
            ylim = (positive.min() / 1.6, positive.max() * 1.6)
        else:
            ylim = padded(with_optimum, 0.08)
        self._loss_history = LossHistory(self, ax, iterations, losses, reference={
            "y": self._loss_opt, "lw": 1.2, "label": "optimum"})
        pad = max(0.03 * np.ptp(iterations), 0.5 if np.ptp(iterations) else 1.0)
        xlim = (iterations.min() - pad, iterations.max() + pad)
        ax.set_xlim(*xlim)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.set_ylim(*ylim)
        label_axes(ax, "Loss by iteration", "iteration",
                   "loss (MSE + αw²/n)" if self._penalty else "loss (MSE)")
        ax.legend(loc=emptiest_corner(iterations, losses, xlim, ylim, log_y=log),
                  fontsize=LEGEND_SIZE, framealpha=0.9)

    def _update(self, step):
        w, b = self._params(step)
        loss = self._loss(step)
        position = self.position(step)
        self._line.set_data(self._line_x, w * self._line_x + b)
        if position is None:  # a step from elsewhere: no path to show
            self._path.set_data([w], [b])
        else:
            self._path.set_data(self._w[:position + 1], self._b[:position + 1])
        self._surface_point.set_data([w], [b])
        self._loss_history.update(position, step.index, loss)
