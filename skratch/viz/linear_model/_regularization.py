"""Regularization along a path of alphas: the L1/L2 geometry, the coefficient paths.

Two visualizers, and the maths of the penalized least squares they share
with :class:`~skratch.viz.CoordinateDescentVisualizer`:

* :class:`RegularizationGeometryVisualizer` -- for two features, the
  least-squares contour touching the L1 diamond or the L2 circle at the
  solution, as alpha grows (a trace from
  :func:`skratch.linear_model.regularization_path`), Lasso and Ridge side by
  side;
* :class:`CoefficientPathVisualizer` -- every weight against alpha, and the
  weights at the current alpha as bars.
"""

import numpy as np

from .._base import Visualizer
from .._panels import legend_under, padded
from .._style import CONTEXT, LEGEND_SIZE, MODEL, REFERENCE, category_colors, label_axes

__all__ = ["RegularizationGeometryVisualizer", "CoefficientPathVisualizer"]

# Colours of this family's own roles.
_COORDINATES = ("#4c72b0", "#2a9d5c")   # w0 and w1, and the moves along them
_L1 = "#8064a2"          # the L1 diamond
_L2 = "#2a9d5c"          # the L2 circle


# Directions around the origin for the penalty balls and the contour
# ellipses; a multiple of 4 intervals puts points on the corners of the diamond.
_THETA = np.linspace(0.0, 2.0 * np.pi, 4 * 64 + 1)


# -- the maths shared by the visualizers --------------------------------------

def _centred(X, y, fit_intercept):
    """Data with the unpenalised intercept taken out by centring (or as they are)."""
    if fit_intercept:
        return X - X.mean(axis=0), y - y.mean()
    return X, y


def _half_mse_moments(X_c, y_c):
    """``(G, g, s)`` with :math:`\\frac{1}{2n}\\lVert y_c - X_c w \\rVert^2
    = \\frac{1}{2}(s - 2 g^\\top w + w^\\top G w)`."""
    n = len(y_c)
    return X_c.T @ X_c / n, X_c.T @ y_c / n, float(y_c @ y_c) / n


def _half_mse(G, g, s, W0, W1):
    """The half mean squared error on a grid of two weights."""
    quadratic = G[0, 0] * W0 * W0 + 2 * G[0, 1] * W0 * W1 + G[1, 1] * W1 * W1
    return np.maximum(0.5 * (s - 2 * (g[0] * W0 + g[1] * W1) + quadratic), 0.0)


def _penalty_mix(estimator, name):
    """The share :math:`\\rho` of L1 in the penalty of a Lasso, ElasticNet or Ridge."""
    from ...linear_model import ElasticNet, Lasso, Ridge

    if isinstance(estimator, Lasso):
        return 1.0
    if isinstance(estimator, ElasticNet):
        return float(estimator.l1_ratio)
    if isinstance(estimator, Ridge):
        return 0.0
    raise ValueError(
        f"{name} draws the penalties of Lasso, ElasticNet and Ridge; the trace's "
        f"estimator is {type(estimator).__name__}."
    )


def _penalty(rho, w):
    """:math:`P_\\rho(w) = \\rho\\lVert w \\rVert_1 + \\frac{1-\\rho}{2}\\lVert w \\rVert_2^2`."""
    w = np.asarray(w, dtype=float)
    return rho * np.abs(w).sum(axis=-1) + 0.5 * (1 - rho) * (w * w).sum(axis=-1)


def _penalty_ball(rho, level, theta=_THETA):
    """The boundary of :math:`\\{w : P_\\rho(w) \\le \\text{level}\\}` as (len(theta), 2) points.

    Along the direction :math:`u = (\\cos\\theta, \\sin\\theta)`, with
    :math:`a = \\lVert u \\rVert_1`, the radius :math:`r` solves
    :math:`\\rho a r + \\frac{1-\\rho}{2} r^2 = \\text{level}`: the diamond
    :math:`r = \\text{level}/a` for the L1 penalty, the circle
    :math:`r = \\sqrt{2\\,\\text{level}}` for the L2 penalty.
    """
    u = np.column_stack([np.cos(theta), np.sin(theta)])
    a = np.abs(u).sum(axis=1)
    if rho >= 1.0:
        r = level / a
    elif rho <= 0.0:
        r = np.full_like(a, np.sqrt(2 * level))
    else:
        r = (np.sqrt((rho * a) ** 2 + 2 * (1 - rho) * level) - rho * a) / (1 - rho)
    return u * r[:, None]


def _contour_through(G, w_hat, w, theta=_THETA):
    """The least-squares contour through ``w``: the ellipse
    :math:`(v - \\hat w)^\\top G (v - \\hat w) = (w - \\hat w)^\\top G (w - \\hat w)`."""
    d = np.asarray(w, dtype=float) - w_hat
    delta = float(d @ G @ d)
    eigenvalues, V = np.linalg.eigh(G)
    u = np.column_stack([np.cos(theta), np.sin(theta)])
    return w_hat + np.sqrt(max(delta, 0.0)) * (u / np.sqrt(eigenvalues)) @ V.T


def _square_limits(points, fraction=0.08):
    """Equal spans in both directions around ``points``, for a round circle."""
    points = np.asarray(points, dtype=float)
    low, high = points.min(axis=0), points.max(axis=0)
    centre, half = (low + high) / 2, (high - low).max() / 2
    half = half * (1 + 2 * fraction) if half > 0 else 1.0
    return (centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half)


def _two_feature_data(trace, name, hint):
    """``X`` (n, 2) and ``y`` (n,) of a trace, or a ValueError saying what to do."""
    X = np.asarray(trace.X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name} needs a 2-D X; the trace's X has shape {X.shape}.")
    if X.shape[1] != 2:
        raise ValueError(
            f"{name} draws the plane of two weights (w0, w1), but X has {X.shape[1]} "
            f"feature{'s' if X.shape[1] != 1 else ''}. Fit on two columns, e.g. "
            f"X[:, [0, 1]]; {hint}"
        )
    if trace.y is None:
        raise ValueError(f"{name} needs the targets y; the trace has none.")
    y = np.ravel(np.asarray(trace.y, dtype=float))
    if y.shape != (X.shape[0],):
        raise ValueError(f"{name} draws one target: y has shape {np.shape(trace.y)}.")
    return X, y


def _check_coef_steps(trace, name, size, origin):
    """Each step's ``coef`` as a row of a (n_steps, size) array (size None: any, but one)."""
    rows = []
    for step in trace.steps:
        if "coef" not in step.state:
            raise ValueError(
                f"{name} needs steps whose state holds 'coef' ({origin}); step "
                f"{step.index} ({step.kind!r}) holds {sorted(step.state)}."
            )
        coef = np.ravel(np.asarray(step.state["coef"], dtype=float))
        if size is None:
            size = coef.size
        if coef.size != size:
            raise ValueError(
                f"step {step.index} has {coef.size} weights where {size} were expected "
                "(one per feature of X): the trace's data do not match its steps."
            )
        rows.append(coef)
    return np.array(rows)


def _alphas(trace, name):
    for step in trace.steps:
        if "alpha" not in step.state:
            raise ValueError(
                f"{name} draws solutions over a range of alphas: it needs steps whose "
                f"state holds 'alpha' and 'coef', as made by "
                f"skratch.linear_model.regularization_path(estimator, X, y, alphas); "
                f"step {step.index} ({step.kind!r}) holds {sorted(step.state)}."
            )
    return np.array([float(step.state["alpha"]) for step in trace.steps])


def _contour_levels(values, n=14):
    """Levels spaced as squares from the minimum, so the rings look evenly spaced."""
    low, high = float(values.min()), float(values.max())
    if not high > low:
        return None
    return low + (high - low) * np.linspace(0, 1, n) ** 2


# -- the L1 / L2 geometry along a regularization path -------------------------

class RegularizationGeometryVisualizer(Visualizer):
    """Why the L1 penalty gives zeros and the L2 penalty does not, for two features.

    A penalised solution :math:`w^*(\\alpha)` is also the least-squares
    solution among the weights with a penalty no larger than its own. So it
    is where the smallest least-squares contour meets the penalty's ball: a
    diamond :math:`\\lVert w \\rVert_1 \\le \\lVert w^* \\rVert_1` for the
    Lasso, a circle :math:`\\lVert w \\rVert_2 \\le \\lVert w^* \\rVert_2` for
    Ridge. Each frame is one alpha of a path (from
    :func:`skratch.linear_model.regularization_path`) and shows, over the
    least-squares contours, the ball sized to the solution, the contour
    through the solution touching it there, the solution and the path so
    far; a last panel shows both weights against alpha. The diamond's
    corners lie on the axes, and as alpha grows the contour meets it at a
    corner, where one weight is exactly zero; the circle has no corners.

    Pass a second path as ``compare`` (say Ridge beside a Lasso) to draw
    both, side by side, over the same alphas' frames.

    Parameters
    ----------
    trace : skratch.Trace
        A path of a :class:`~skratch.linear_model.Lasso`,
        :class:`~skratch.linear_model.Ridge` or
        :class:`~skratch.linear_model.ElasticNet` on two features, from
        :func:`~skratch.linear_model.regularization_path`.
    ax : sequence of Axes, optional
        The panels: one geometry panel per path, then the weights against
        alpha (2 Axes, or 3 with ``compare``).
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`. The caption is the step
        message of ``trace``.
    compare : skratch.Trace, optional
        A second path on the same data with as many steps, drawn beside the
        first; frame :math:`k` shows step :math:`k` of both. Its weights are
        plotted against the first path's alphas; when its alphas are a
        constant multiple of those (``Ridge`` at :math:`2n` times the
        Lasso's, to put them on one scale), the legend says so.
    grid_size : int, default=150
        Points per side of the grid of the least-squares contours.

    Notes
    -----
    With :math:`G = X_c^\\top X_c / n` on centred data, the least-squares
    contours are the ellipses
    :math:`(w - \\hat w)^\\top G (w - \\hat w) = \\text{const}` around the
    least-squares solution :math:`\\hat w`; the one through :math:`w^*` is
    drawn from the eigenvectors of :math:`G`. The penalty
    :math:`P_\\rho(w) = \\rho\\lVert w \\rVert_1 + \\frac{1-\\rho}{2}\\lVert w \\rVert_2^2`
    (:math:`\\rho` = 1 for the Lasso, 0 for Ridge, ``l1_ratio`` for the
    elastic net) has the ball :math:`P_\\rho(w) \\le P_\\rho(w^*)`, whose
    radius along each direction is solved in closed form. By the optimality
    conditions, the contour and the ball touch at :math:`w^*`.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import Lasso, Ridge, regularization_path
    >>> from skratch.viz import RegularizationGeometryVisualizer
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 2))
    >>> y = X @ [3.0, 1.0] + rng.normal(0, 0.5, 50)
    >>> alphas = np.geomspace(0.01, 3, 8)
    >>> lasso = regularization_path(Lasso(), X, y, alphas)
    >>> ridge = regularization_path(Ridge(), X, y, 2 * len(y) * alphas)
    >>> vis = RegularizationGeometryVisualizer(lasso, compare=ridge, figsize=(10, 3.5), dpi=40)
    >>> fig = vis.plot(step=4)
    >>> [ax.get_title() for ax in vis.axes]
    ['Lasso: the L1 diamond', 'Ridge: the L2 circle', 'Weights against alpha']
    """

    frame_spacing = "linear"
    options = {"compare": None, "grid_size": 150}

    def _read_trace(self, trace):
        # A Ridge path to compare with takes a panel of its own.
        self.n_axes = 2 if self.compare is None else 3
        self.default_figsize = (8.4, 5.4) if self.compare is None else (10.5, 5.4)
        name = type(self).__name__
        hint = "for more features, draw the path with CoefficientPathVisualizer."
        X, y = _two_feature_data(trace, name, hint)
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        traces = [trace]
        if self.compare is not None:
            other = self.compare
            if not hasattr(other, "steps") or len(other.steps) != len(trace.steps):
                raise ValueError(
                    f"compare must be a second path trace with as many steps as the first "
                    f"({len(trace.steps)}), got {other!r}."
                )
            X_other, y_other = _two_feature_data(other, name, hint)
            if X_other.shape != X.shape or not (np.allclose(X_other, X)
                                                and np.allclose(y_other, y)):
                raise ValueError("compare must be a path on the same data X, y as the trace.")
            traces.append(other)
        self._alphas = [_alphas(t, name) for t in traces]
        self._coefs = [_check_coef_steps(t, name, 2, "regularization_path traces")
                       for t in traces]
        self._rhos = [_penalty_mix(t.estimator, name) for t in traces]
        self._names = [type(t.estimator).__name__ for t in traces]
        fit_intercept = getattr(trace.estimator, "fit_intercept", True)
        X_c, y_c = _centred(X, y, fit_intercept)
        self._G, self._g, self._s = _half_mse_moments(X_c, y_c)
        if np.linalg.eigvalsh(self._G)[0] <= 1e-12 * max(np.trace(self._G), 1e-300):
            raise ValueError(
                f"{name} needs two features that are not collinear: the least-squares "
                "contours of these data are not ellipses."
            )
        self._w_ls = np.linalg.solve(self._G, self._g)
        # Everything that moves, computed once: the balls and the touching contours.
        self._balls = [np.array([_penalty_ball(rho, float(_penalty(rho, w))) for w in coefs])
                       for rho, coefs in zip(self._rhos, self._coefs)]
        self._contours = [np.array([_contour_through(self._G, self._w_ls, w) for w in coefs])
                          for coefs in self._coefs]
        ratio = self._alphas[-1] / np.where(self._alphas[0] > 0, self._alphas[0], np.nan)
        self._ratio = (float(ratio[0]) if len(traces) == 2 and np.all(np.isfinite(ratio))
                       and np.allclose(ratio, ratio[0], rtol=1e-9) else None)

    def _create_axes(self, fig):
        ratios = (1,) * (self.n_axes - 1) + (1.15,)
        return tuple(fig.subplots(1, self.n_axes, gridspec_kw={"width_ratios": ratios}))

    def _setup(self):
        # The balls, the solutions and the least-squares point fix the view; the
        # contours through small solutions can be far larger, and are cut.
        everything = np.vstack([np.zeros((1, 2)), self._w_ls[None]]
                               + [c for c in self._coefs]
                               + [b.reshape(-1, 2) for b in self._balls])
        xlim, ylim = _square_limits(everything, 0.1)
        W0, W1 = np.meshgrid(np.linspace(*xlim, self.grid_size),
                             np.linspace(*ylim, self.grid_size))
        Q = _half_mse(self._G, self._g, self._s, W0, W1)
        self._geometry = [self._setup_geometry(ax, k, W0, W1, Q, xlim, ylim)
                          for k, ax in enumerate(self.axes[:-1])]
        self._setup_paths(self.axes[-1])

    def _setup_geometry(self, ax, k, W0, W1, Q, xlim, ylim):
        rho, name = self._rhos[k], self._names[k]
        color = _L1 if rho > 0 else _L2
        shape = {1.0: "the L1 diamond", 0.0: "the L2 circle"}.get(rho, "the penalty ball")
        levels = _contour_levels(Q)
        if levels is not None:
            ax.contourf(W0, W1, Q, levels=levels, cmap="Blues", alpha=0.55)
            ax.contour(W0, W1, Q, levels=levels, colors="#6f8fb8", linewidths=0.5,
                       alpha=0.8)
        ax.axhline(0, color=CONTEXT, lw=0.8)
        ax.axvline(0, color=CONTEXT, lw=0.8)
        ax.plot(*self._w_ls, "x", color=REFERENCE, ms=9, mew=2, label="least squares ŵ")
        artists = {
            "ball": self.animated(ax.fill([], [], color=color, alpha=0.3, lw=0)[0]),
            "edge": self.animated(ax.plot([], [], color=color, lw=2,
                                          label="penalty ball of w*")[0]),
            "contour": self.animated(ax.plot([], [], color=REFERENCE, lw=1.4, ls="--",
                                             label="contour through w*")[0]),
            "path": self.animated(ax.plot([], [], color=MODEL, lw=1.5, alpha=0.8)[0]),
            "point": self.animated(ax.plot([], [], "o", color=MODEL, ms=9, mec="white",
                                           mew=1.5, label="solution w*")[0]),
            "text": self.animated(ax.text(0.03, 0.97, "", transform=ax.transAxes, ha="left",
                                          va="top", fontsize=LEGEND_SIZE + 0.5,
                                          bbox={"boxstyle": "round", "fc": "white",
                                                "ec": "none", "alpha": 0.85})),
        }
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal", adjustable="box")
        label_axes(ax, f"{name}: {shape}", "w0", "w1")
        # Under the panel: inside, it would cover the ball or the path.
        legend_under(ax, ax.get_legend_handles_labels()[0])
        return artists

    def _setup_paths(self, ax):
        alphas = self._alphas[0]
        log = bool(np.all(alphas > 0)) and len(alphas) > 1
        if log:
            ax.set_xscale("log")
        styles = ("-", "--")
        for k, coefs in enumerate(self._coefs):
            label = self._names[k]
            if k == 1:
                label += (f", alpha × {self._ratio:.4g}" if self._ratio is not None
                          else " (its step k)")
            for j in range(2):
                ax.plot(alphas, coefs[:, j], styles[k], color=_COORDINATES[j], lw=1.8,
                        label=f"w{j} ({label})")
        ax.axhline(0, color=CONTEXT, lw=0.8)
        self._alpha_line = self.animated(ax.axvline(alphas[0], color=MODEL, lw=1.5))
        self._path_points = self.animated(ax.plot([], [], "o", color=MODEL, ms=7,
                                                  mec="white", mew=1.2)[0])
        if log:
            xlim = (alphas.min() / 1.3, alphas.max() * 1.3)
        else:
            xlim = padded(alphas, 0.04)
        ylim = padded(np.concatenate([c.ravel() for c in self._coefs] + [[0.0]]), 0.08)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        label_axes(ax, "Weights against alpha", f"alpha ({self._names[0]})", "weight")
        curves = np.concatenate([c.ravel() for c in self._coefs])
        xs = np.tile(np.repeat(np.log10(alphas) if log else alphas, 2), len(self._coefs))
        legend_under(ax, ax.get_legend_handles_labels()[0])

    def _update(self, step):
        position = self.position(step)
        if position is None:
            raise ValueError(
                f"{type(self).__name__} draws the steps of its own trace (step "
                f"{step.index} is not one of them)."
            )
        for k, artists in enumerate(self._geometry):
            w = self._coefs[k][position]
            ball = self._balls[k][position]
            artists["ball"].set_xy(ball)
            artists["edge"].set_data(*ball.T)
            artists["contour"].set_data(*self._contours[k][position].T)
            artists["path"].set_data(*self._coefs[k][:position + 1].T)
            artists["point"].set_data([w[0]], [w[1]])
            norm = (f"|w|₁ = {np.abs(w).sum():.3g}" if self._rhos[k] > 0
                    else f"|w|₂ = {np.hypot(*w):.3g}")
            artists["text"].set_text(
                f"alpha = {self._alphas[k][position]:.3g}\n"
                f"w* = ({w[0]:.3g}, {w[1]:.3g})\n{norm}")
        alpha = self._alphas[0][position]
        self._alpha_line.set_xdata([alpha, alpha])
        ws = np.concatenate([c[position] for c in self._coefs])
        self._path_points.set_data(np.full(ws.size, alpha), ws)


# -- coefficient paths, many features ------------------------------------------

class CoefficientPathVisualizer(Visualizer):
    """The weights of a penalised model against alpha, and the current weights as bars.

    Left, every weight's path against alpha (a logarithmic axis), the
    current alpha marked; right, the weights at the current alpha, one bar
    per feature, and how many are non-zero. Along a Lasso path the weights
    leave zero one after another as alpha shrinks (and reach it as it
    grows); along a Ridge path all shrink smoothly, none reaching zero.

    For traces from :func:`skratch.linear_model.regularization_path`, any
    number of features.

    Parameters
    ----------
    trace : skratch.Trace
        A path: steps whose state holds ``alpha`` and ``coef``.
    ax : sequence of 2 matplotlib Axes, optional
        The two panels. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    feature_names : sequence of str, optional
        Names of the features, for the bars and the legend. By default
        ``x0, x1, ...``.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_regression
    >>> from skratch.linear_model import Lasso, regularization_path
    >>> from skratch.viz import CoefficientPathVisualizer
    >>> X, y = make_regression(n_samples=60, n_features=5, n_informative=3, noise=5,
    ...                        random_state=0)
    >>> trace = regularization_path(Lasso(), X, y, np.geomspace(0.1, 100, 10))
    >>> vis = CoefficientPathVisualizer(trace, figsize=(8, 3), dpi=40)
    >>> [int(np.count_nonzero(step.state["coef"])) for step in trace.steps]
    [5, 4, 3, 3, 3, 3, 3, 3, 3, 0]
    >>> fig = vis.plot(step=1)
    >>> vis.caption_text.get_text() == trace.steps[1].message
    True
    """

    n_axes = 2
    default_figsize = (8.4, 4.4)
    frame_spacing = "linear"
    options = {"feature_names": None}

    def _read_trace(self, trace):
        name = type(self).__name__
        self._alphas = _alphas(trace, name)
        self._coefs = _check_coef_steps(trace, name, None, "regularization_path traces")
        n_features = self._coefs.shape[1]
        if self.feature_names is None:
            self._feature_names = [f"x{j}" for j in range(n_features)]
        else:
            names = [str(n) for n in self.feature_names]
            if len(names) != n_features:
                raise ValueError(
                    f"feature_names has {len(names)} names but the model has "
                    f"{n_features} weights."
                )
            self._feature_names = names
        self._colors = category_colors(n_features)

    def _create_axes(self, fig):
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.0, 1)}))

    def _setup(self):
        ax_paths, ax_bars = self.axes
        alphas, coefs = self._alphas, self._coefs
        n_features = coefs.shape[1]
        log = bool(np.all(alphas > 0)) and len(alphas) > 1
        if log:
            ax_paths.set_xscale("log")
        for j in range(n_features):
            ax_paths.plot(alphas, coefs[:, j], color=self._colors[j], lw=1.6,
                          label=self._feature_names[j])
        ax_paths.axhline(0, color=CONTEXT, lw=0.8)
        self._alpha_line = self.animated(ax_paths.axvline(alphas[0], color=MODEL, lw=1.5))
        self._points = self.animated(ax_paths.scatter(
            np.full(n_features, alphas[0]), coefs[0], s=28, c=self._colors,
            edgecolors="white", linewidths=0.8))
        ylim = padded(np.append(coefs.ravel(), 0.0), 0.08)
        xlim = (alphas.min() / 1.3, alphas.max() * 1.3) if log else padded(alphas, 0.04)
        ax_paths.set_xlim(*xlim)
        ax_paths.set_ylim(*ylim)
        label_axes(ax_paths, "Coefficient paths", "alpha" + (" (log scale)" if log else ""),
               "weight")
        if n_features <= 12:
            ax_paths.legend(loc="upper right", fontsize=LEGEND_SIZE, framealpha=0.9,
                            ncol=2 if n_features > 6 else 1)

        rows = np.arange(n_features)
        bars = ax_bars.barh(rows, np.zeros(n_features), color=self._colors, height=0.7)
        self._bars = [self.animated(bar) for bar in bars]
        ax_bars.axvline(0, color=CONTEXT, lw=0.8)
        ax_bars.set_yticks(rows, self._feature_names)
        ax_bars.set_ylim(n_features - 0.5, -0.5)  # the first feature on top
        ax_bars.set_xlim(*ylim)
        self._count = self.animated(ax_bars.text(
            0.97, 0.03, "", transform=ax_bars.transAxes, ha="right", va="bottom",
            fontsize=LEGEND_SIZE + 0.5,
            bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.85}))
        label_axes(ax_bars, "Weights at this alpha", "weight", "")

    def _update(self, step):
        coef = np.ravel(np.asarray(step.state["coef"], dtype=float))
        alpha = float(step.state["alpha"])
        self._alpha_line.set_xdata([alpha, alpha])
        self._points.set_offsets(np.column_stack([np.full(coef.size, alpha), coef]))
        for bar, value in zip(self._bars, coef):
            bar.set_width(value)
        self._count.set_text(f"{np.count_nonzero(coef)} of {coef.size} weights non-zero")
