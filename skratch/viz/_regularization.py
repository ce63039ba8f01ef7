"""Regularization made visible: coordinate descent, the L1/L2 geometry, paths, curves.

Four visualizers:

* :class:`CoordinateDescentVisualizer` -- Lasso and elastic net moving one
  coordinate at a time on the contours of their objective, the
  soft-thresholding of each update (as the steps report it), the weights
  step by step;
* :class:`RegularizationGeometryVisualizer` -- for two features, the
  least-squares contour touching the L1 diamond or the L2 circle at the
  solution, as alpha grows (a trace from
  :func:`skratch.linear_model.regularization_path`), Lasso and Ridge side by
  side;
* :class:`CoefficientPathVisualizer` -- every weight against alpha, and the
  weights at the current alpha as bars;
* :class:`CurveFitVisualizer` -- a model of one input feature (a polynomial
  pipeline, say) as a curve through the data, its weights and its error,
  along a regularization path or a gradient-descent run.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.ticker import MaxNLocator

from ._base import Visualizer
from ._plane import category_colors
from ._linear import _emptiest_corner, _padded

__all__ = ["CoordinateDescentVisualizer", "RegularizationGeometryVisualizer",
           "CoefficientPathVisualizer", "CurveFitVisualizer"]

# One colour per role, the same in every panel.
_DATA = "#4c72b0"        # training points
_TEST = "#c44e52"        # held-out points
_CURRENT = "#e8710a"     # the current step
_OPTIMUM = "#111111"     # the exact solution
_CONTEXT = "#9a9a9a"     # the whole run, for orientation
_COORDINATES = ("#4c72b0", "#2a9d5c")   # w0 and w1, and the moves along them
_L1 = "#8064a2"          # the L1 diamond
_L2 = "#2a9d5c"          # the L2 circle

_TITLE_SIZE = 12
_LABEL_SIZE = 10.5
_TICK_SIZE = 9
_LEGEND_SIZE = 9

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
    from ..linear_model import ElasticNet, Lasso, Ridge

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


def _style(ax, title, xlabel, ylabel):
    ax.tick_params(labelsize=_TICK_SIZE)
    ax.set_title(title, fontsize=_TITLE_SIZE)
    ax.set_xlabel(xlabel, fontsize=_LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=_LABEL_SIZE)


def _contour_levels(values, n=14):
    """Levels spaced as squares from the minimum, so the rings look evenly spaced."""
    low, high = float(values.min()), float(values.max())
    if not high > low:
        return None
    return low + (high - low) * np.linspace(0, 1, n) ** 2


# -- Lasso / elastic net: coordinate descent ----------------------------------

class CoordinateDescentVisualizer(Visualizer):
    """Coordinate descent for the Lasso and the elastic net, one coordinate at a time.

    (a) the contours of the objective :math:`P(w_0, w_1)`, with the path of
    the weights, each move parallel to an axis (blue moves change
    :math:`w_0`, green ones :math:`w_1`), the current point, the solution,
    the least-squares point and the L1 ball through the solution; (b) the
    coordinate update, the soft-thresholding
    :math:`w_j \\leftarrow S(z_j, \\lambda_1) / (c_j + \\lambda_2)` drawn as
    a function of :math:`z_j` for each coordinate, with the flat "dead
    zone" :math:`|z_j| \\le \\lambda_1` where the weight becomes exactly 0,
    and each coordinate's last update marked (ringed when it is this
    step's); (c) the two weights step by step, converging to the solution.

    For :class:`~skratch.linear_model.Lasso` and
    :class:`~skratch.linear_model.ElasticNet` traces on two features. With
    ``step_per="coordinate"`` each update is a frame; with the default
    ``step_per="sweep"`` each frame is a sweep, its moves drawn as the
    staircase they made, in the order its step lists them.

    Everything the panels show of the run is read from the steps and the
    fitted model: the weights, each update's :math:`j` and :math:`z_j` (from
    the "coordinate" steps, or the list a "sweep" step carries), the rule's
    threshold :math:`\\lambda_1` and denominators :math:`c_j + \\lambda_2`
    (from the "init" step), and the solution (the fitted ``coef_``); nothing
    is refitted or replayed. Only the picture of the objective (its
    contours and the least-squares point) is computed, from the data.

    Parameters
    ----------
    trace : skratch.Trace
        A recorded run of a Lasso or ElasticNet on two features.
    ax : sequence of 3 matplotlib Axes, optional
        The three panels (a), (b), (c). By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    grid_size : int, default=150
        Points per side of the grid the objective is evaluated on.

    Notes
    -----
    On centred data (the intercept is not penalised) and with
    :math:`G = X_c^\\top X_c / n`, :math:`g = X_c^\\top y_c / n`, the
    objective is a quadratic plus the penalty,

    .. math::

        P(w) = \\tfrac{1}{2}\\left(\\overline{y_c^2} - 2 g^\\top w + w^\\top G w\\right)
               + \\lambda_1 \\lVert w \\rVert_1 + \\frac{\\lambda_2}{2} \\lVert w \\rVert_2^2,

    with :math:`\\lambda_1 = \\alpha\\rho`, :math:`\\lambda_2 = \\alpha(1 - \\rho)`
    (:math:`\\rho` = ``l1_ratio``, 1 for the Lasso), evaluated on the grid
    once. The update of coordinate :math:`j` (derived in the Notes of
    :class:`~skratch.linear_model.ElasticNet`) sets
    :math:`w_j = S(z_j, \\lambda_1) / (c_j + \\lambda_2)`: the minimum of
    :math:`P` along the axis of :math:`w_j`, which is why each move stops
    where the path touches a contour of :math:`P` tangentially. Panel (b)
    draws that rule through its kinks: 0 over the dead zone, a line of
    slope :math:`1 / (c_j + \\lambda_2)` on either side. The solution drawn
    is the fitted model, where the run stopped: the duality gap puts it
    within ``tol`` of the exact minimiser when the run converged.

    Examples
    --------
    >>> import numpy as np
    >>> import skratch
    >>> from skratch.linear_model import Lasso
    >>> from skratch.viz import CoordinateDescentVisualizer
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 2)) @ [[1.0, 0.8], [0.0, 0.6]]
    >>> y = X @ [2.0, -1.0] + rng.normal(0, 0.3, 40)
    >>> trace = skratch.record(Lasso(alpha=0.2, step_per="coordinate"), X, y)
    >>> [step.kind for step in trace.steps[:4]]
    ['init', 'coordinate', 'coordinate', 'sweep']
    >>> vis = CoordinateDescentVisualizer(trace, figsize=(9, 3), dpi=40)
    >>> fig = vis.plot(step=1)
    >>> [ax.get_title() for ax in vis.axes]
    ['Objective P(w0, w1) and the path', 'The coordinate update', 'Weights step by step']
    """

    n_axes = 3
    default_figsize = (13.5, 4.6)

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 grid_size=150):
        self.grid_size = grid_size
        super().__init__(trace, ax, fig=fig, figsize=figsize, dpi=dpi, caption=caption)

    # -- reading the trace ----------------------------------------------------

    def _read_trace(self, trace):
        from ..linear_model import ElasticNet, Lasso

        name = type(self).__name__
        estimator = trace.estimator
        if not isinstance(estimator, (Lasso, ElasticNet)):
            raise ValueError(
                f"{name} draws the coordinate descent of Lasso and ElasticNet; the "
                f"trace's estimator is {type(estimator).__name__}."
            )
        X, y = _two_feature_data(
            trace, name, "the fitted model and its steps are the same for any number "
            "of features, only the picture needs two.")
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        for step in trace.steps:
            if step.kind not in ("init", "coordinate", "sweep"):
                raise ValueError(
                    f"{name} draws coordinate-descent runs (steps 'init', 'coordinate', "
                    f"'sweep'), but step {step.index} is {step.kind!r}. For a path from "
                    "regularization_path, use RegularizationGeometryVisualizer or "
                    "CoefficientPathVisualizer."
                )
        self._coefs = _check_coef_steps(trace, name, 2, "Lasso or ElasticNet traces")
        first = trace.steps[0]
        if first.kind != "init" or not {"threshold", "denominator"} <= set(first.state):
            raise ValueError(
                f"{name} reads the coordinate update from the run's 'init' step (its "
                f"'threshold' and 'denominator'), but the first step ({first.kind!r}) holds "
                f"{sorted(first.state)}: record the whole run, with skratch.record."
            )
        # The update w_j = S(z_j, λ1) / (c_j + λ2), as the estimator states it.
        self._threshold = float(first.state["threshold"])
        self._denominators = np.ravel(np.asarray(first.state["denominator"], dtype=float))
        # The objective P(w), from the model's public definition.
        rho = _penalty_mix(estimator, name)
        alpha = float(estimator.alpha)
        self._lambda_1, self._lambda_2 = alpha * rho, alpha * (1 - rho)
        self._rho = rho
        self._positive = bool(estimator.positive)
        X_c, y_c = _centred(X, y, estimator.fit_intercept)
        self._G, self._g, self._s = _half_mse_moments(X_c, y_c)
        try:
            self._w_ls = np.linalg.solve(self._G, self._g)
        except np.linalg.LinAlgError:
            self._w_ls = None  # collinear features: no single least-squares point
        # The solution: the fitted model, where the run ended (within tol).
        self._w_opt = np.ravel(np.asarray(estimator.coef_, dtype=float))
        self._read_updates(trace)
        self._step_numbers = np.arange(len(trace.steps))

    def _read_updates(self, trace):
        """The path's corners, and every update (step, j, z_j, new w_j), from the steps."""
        steps = trace.steps
        vertices, moved_along = [self._coefs[0]], []
        ends = [0]
        updates = []
        for position in range(1, len(steps)):
            step, before, after = steps[position], vertices[-1], self._coefs[position]
            if step.kind == "coordinate" and "coordinate" in step.state:
                j = int(step.state["coordinate"])
                updates.append((position, j, float(step.state["z"]), after[j]))
                vertices.append(after)
                moved_along.append(j)
            elif "coordinates" in step.state:
                # A sweep shown whole lists its updates, in the order made: a
                # staircase, one move per coordinate.
                point = before
                for j, z in zip(np.ravel(step.state["coordinates"]).tolist(),
                                np.ravel(step.state["z"]).tolist()):
                    updates.append((position, j, z, after[j]))
                    point = point.copy()
                    point[j] = after[j]
                    vertices.append(point)
                    moved_along.append(j)
            else:
                vertices.append(after)
                changed = np.flatnonzero(after != before)
                moved_along.append(int(changed[0]) if changed.size == 1 else -1)
            ends.append(len(vertices) - 1)
        self._vertices = np.array(vertices)
        self._moved_along = np.array(moved_along, dtype=int)
        self._ends = np.array(ends)
        self._updates = updates
        # For each step, each coordinate's latest update so far (-1: none yet).
        latest = np.full((len(steps), 2), -1)
        current = [-1, -1]
        cursor = 0
        for position in range(len(steps)):
            while cursor < len(updates) and updates[cursor][0] <= position:
                current[updates[cursor][1]] = cursor
                cursor += 1
            latest[position] = current
        self._latest = latest

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        ax_path, ax_update, ax_weights = self.axes
        self._setup_path(ax_path)
        self._setup_update(ax_update)
        self._setup_weights(ax_weights)

    def _objective(self, W0, W1):
        l1 = np.abs(W0) + np.abs(W1)
        l2 = W0 * W0 + W1 * W1
        return (_half_mse(self._G, self._g, self._s, W0, W1) + self._lambda_1 * l1
                + 0.5 * self._lambda_2 * l2)

    def _setup_path(self, ax):
        level = float(_penalty(self._rho, self._w_opt))
        ball = _penalty_ball(self._rho, level)
        points = [self._vertices, self._w_opt[None], np.zeros((1, 2)), ball]
        if self._w_ls is not None:
            points.append(self._w_ls[None])
        xlim, ylim = _square_limits(np.vstack(points))
        W0, W1 = np.meshgrid(np.linspace(*xlim, self.grid_size),
                             np.linspace(*ylim, self.grid_size))
        P = self._objective(W0, W1)
        levels = _contour_levels(P)
        if levels is not None:
            ax.contourf(W0, W1, P, levels=levels, cmap="Blues", alpha=0.55)
            ax.contour(W0, W1, P, levels=levels, colors="#6f8fb8", linewidths=0.5,
                       alpha=0.8)
        ax.axhline(0, color=_CONTEXT, lw=0.8)
        ax.axvline(0, color=_CONTEXT, lw=0.8)
        ball_name = "L1 ball" if self._rho == 1 else "penalty ball"
        ax.plot(*ball.T, "--", color=_L1, lw=1.3, label=f"{ball_name} through the solution")
        if self._w_ls is not None:
            ax.plot(*self._w_ls, "x", color=_OPTIMUM, ms=8, mew=1.8, label="least squares")
        ax.plot(*self._w_opt, "*", color=_OPTIMUM, ms=15, mec="white", mew=1,
                label="solution")
        self._path = self.animated(LineCollection([], linewidths=2.6, capstyle="round"))
        ax.add_collection(self._path)
        self._point = self.animated(ax.plot([], [], "o", color=_CURRENT, ms=9, mec="white",
                                            mew=1.5, label="current w")[0])
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal", adjustable="box")
        _style(ax, "Objective P(w0, w1) and the path", "w0", "w1")
        # Below the panel: inside, it would hide the solution or the path.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2,
                  fontsize=_LEGEND_SIZE - 0.5, frameon=False, handlelength=1.5,
                  columnspacing=1.0)
        self._segment_colors = np.array(
            [to_rgba(_COORDINATES[j]) if j >= 0 else to_rgba(_CURRENT)
             for j in self._moved_along]).reshape(-1, 4)

    def _setup_update(self, ax):
        lam_1, lam_2 = self._threshold, self._lambda_2
        zs = np.array([z for _, _, z, _ in self._updates] + [2 * lam_1, -2 * lam_1])
        if self._positive:
            zs = np.append(zs, 0.0)
        zlim = _padded(zs, 0.1)
        dead_low = zlim[0] if self._positive else -lam_1
        # The update as the steps state it, drawn through its kinks: w_j = 0
        # over the dead zone, a line of slope 1 / (c_j + λ2) on either side.
        z = np.array([zlim[0], dead_low, lam_1, zlim[1]])
        beyond = z - np.clip(z, dead_low, lam_1)  # how far z_j is past the dead zone
        new_w = [beyond / d if d > 0 else np.zeros_like(z) for d in self._denominators]
        ax.axvspan(dead_low, lam_1, color=_L1, alpha=0.13, lw=0,
                   label=(r"dead zone $z_j \leq \lambda_1$: $w_j = 0$" if self._positive
                          else r"dead zone $|z_j| \leq \lambda_1$: $w_j = 0$"))
        ax.axhline(0, color=_CONTEXT, lw=0.8)
        ax.axvline(0, color=_CONTEXT, lw=0.8)
        for j in range(2):
            ax.plot(z, new_w[j], color=_COORDINATES[j], lw=1.8, label=f"new w{j}")
        self._markers = [
            self.animated(ax.plot([], [], "o", color=_COORDINATES[j], ms=8, mec="white",
                                  mew=1.2)[0]) for j in range(2)]
        self._rings = [
            self.animated(ax.plot([], [], "o", mfc="none", mec=_CURRENT, ms=15, mew=2.2)[0])
            for j in range(2)]
        ws = np.concatenate(new_w + [[0.0]])
        ax.set_xlim(*zlim)
        ax.set_ylim(*_padded(ws, 0.1))
        den = r"c_j" if lam_2 == 0 else r"c_j + \lambda_2"
        _style(ax, "The coordinate update", r"$z_j$ (feature j vs. the partial residual)",
               rf"new $w_j = S(z_j, \lambda_1) / ({den})$")
        ax.legend(loc="upper left", fontsize=_LEGEND_SIZE, framealpha=0.9)

    def _setup_weights(self, ax):
        positions, coefs = self._step_numbers, self._coefs
        for j in range(2):
            ax.plot(positions, coefs[:, j], color=_COORDINATES[j], alpha=0.3, lw=1)
            ax.axhline(self._w_opt[j], ls="--", color=_COORDINATES[j], lw=1,
                       label=f"solution w{j}")
        self._weight_lines = [
            self.animated(ax.plot([], [], color=_COORDINATES[j], lw=2,
                                  label=f"w{j}")[0]) for j in range(2)]
        self._weight_points = self.animated(ax.plot([], [], "o", color=_CURRENT, ms=7,
                                                    mec="white", mew=1.2)[0])
        pad = max(0.03 * np.ptp(positions), 0.5)
        xlim = (-pad, positions[-1] + pad)
        ylim = _padded(np.concatenate([coefs.ravel(), self._w_opt, [0.0]]), 0.1)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        _style(ax, "Weights step by step", "step", "weight")
        ax.legend(loc=_emptiest_corner(np.repeat(positions, 2), coefs.ravel(), xlim, ylim),
                  fontsize=_LEGEND_SIZE, framealpha=0.9, ncol=2)

    def _update(self, step):
        position = self.position(step)
        w = np.ravel(np.asarray(step.state["coef"], dtype=float))
        if position is None:  # a step from elsewhere: show the point alone
            self._path.set_segments([])
            self._point.set_data([w[0]], [w[1]])
            for artist in (*self._markers, *self._rings, *self._weight_lines):
                artist.set_data([], [])
            self._weight_points.set_data([], [])
            return
        end = self._ends[position]
        vertices = self._vertices[:end + 1]
        self._path.set_segments(np.stack([vertices[:-1], vertices[1:]], axis=1))
        self._path.set_color(self._segment_colors[:end])
        self._point.set_data([w[0]], [w[1]])
        for j in range(2):
            self._weight_lines[j].set_data(self._step_numbers[:position + 1],
                                           self._coefs[:position + 1, j])
            latest = self._latest[position, j]
            if latest < 0:
                self._markers[j].set_data([], [])
                self._rings[j].set_data([], [])
                continue
            moved_at, _, z, new_w = self._updates[latest]
            self._markers[j].set_data([z], [new_w])
            self._rings[j].set_data(([z], [new_w]) if moved_at == position else ([], []))
        self._weight_points.set_data([position, position], w)


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

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 compare=None, grid_size=150):
        self.compare = compare
        self.grid_size = grid_size
        self.n_axes = 2 if compare is None else 3
        self.default_figsize = (9.5, 4.6) if compare is None else (14, 4.8)
        super().__init__(trace, ax, fig=fig, figsize=figsize, dpi=dpi, caption=caption)

    def _read_trace(self, trace):
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
        ax.axhline(0, color=_CONTEXT, lw=0.8)
        ax.axvline(0, color=_CONTEXT, lw=0.8)
        ax.plot(*self._w_ls, "x", color=_OPTIMUM, ms=9, mew=2, label="least squares ŵ")
        artists = {
            "ball": self.animated(ax.fill([], [], color=color, alpha=0.3, lw=0)[0]),
            "edge": self.animated(ax.plot([], [], color=color, lw=2,
                                          label="penalty ball of w*")[0]),
            "contour": self.animated(ax.plot([], [], color=_OPTIMUM, lw=1.4, ls="--",
                                             label="contour through w*")[0]),
            "path": self.animated(ax.plot([], [], color=_CURRENT, lw=1.5, alpha=0.8)[0]),
            "point": self.animated(ax.plot([], [], "o", color=_CURRENT, ms=9, mec="white",
                                           mew=1.5, label="solution w*")[0]),
            "text": self.animated(ax.text(0.03, 0.97, "", transform=ax.transAxes, ha="left",
                                          va="top", fontsize=_LEGEND_SIZE + 0.5,
                                          bbox={"boxstyle": "round", "fc": "white",
                                                "ec": "none", "alpha": 0.85})),
        }
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal", adjustable="box")
        _style(ax, f"{name}: {shape}", "w0", "w1")
        # The text box takes the upper left; the legend goes where the path is not.
        coefs = self._coefs[k]
        corners = ["upper right", "lower left", "lower right"]
        u = (np.append(coefs[:, 0], self._w_ls[0]) - xlim[0]) / (xlim[1] - xlim[0])
        v = (np.append(coefs[:, 1], self._w_ls[1]) - ylim[0]) / (ylim[1] - ylim[0])
        crowd = {"upper right": (u > 0.5) & (v > 0.6), "lower left": (u < 0.5) & (v < 0.4),
                 "lower right": (u > 0.5) & (v < 0.4)}
        ax.legend(loc=min(corners, key=lambda c: np.count_nonzero(crowd[c])),
                  fontsize=_LEGEND_SIZE - 0.5, framealpha=0.9)
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
        ax.axhline(0, color=_CONTEXT, lw=0.8)
        self._alpha_line = self.animated(ax.axvline(alphas[0], color=_CURRENT, lw=1.5))
        self._path_points = self.animated(ax.plot([], [], "o", color=_CURRENT, ms=7,
                                                  mec="white", mew=1.2)[0])
        if log:
            xlim = (alphas.min() / 1.3, alphas.max() * 1.3)
        else:
            xlim = _padded(alphas, 0.04)
        ylim = _padded(np.concatenate([c.ravel() for c in self._coefs] + [[0.0]]), 0.08)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        _style(ax, "Weights against alpha", f"alpha ({self._names[0]})", "weight")
        curves = np.concatenate([c.ravel() for c in self._coefs])
        xs = np.tile(np.repeat(np.log10(alphas) if log else alphas, 2), len(self._coefs))
        ax.legend(loc=_emptiest_corner(xs, curves, np.log10(xlim) if log else xlim, ylim),
                  fontsize=_LEGEND_SIZE - 0.5, framealpha=0.9)

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
    default_figsize = (11, 4.6)
    frame_spacing = "linear"

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 feature_names=None):
        self.feature_names = feature_names
        super().__init__(trace, ax, fig=fig, figsize=figsize, dpi=dpi, caption=caption)

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
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.5, 1)}))

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
        ax_paths.axhline(0, color=_CONTEXT, lw=0.8)
        self._alpha_line = self.animated(ax_paths.axvline(alphas[0], color=_CURRENT, lw=1.5))
        self._points = self.animated(ax_paths.scatter(
            np.full(n_features, alphas[0]), coefs[0], s=28, c=self._colors,
            edgecolors="white", linewidths=0.8))
        ylim = _padded(np.append(coefs.ravel(), 0.0), 0.08)
        xlim = (alphas.min() / 1.3, alphas.max() * 1.3) if log else _padded(alphas, 0.04)
        ax_paths.set_xlim(*xlim)
        ax_paths.set_ylim(*ylim)
        _style(ax_paths, "Coefficient paths", "alpha" + (" (log scale)" if log else ""),
               "weight")
        if n_features <= 12:
            ax_paths.legend(loc="upper right", fontsize=_LEGEND_SIZE - 0.5, framealpha=0.9,
                            ncol=2 if n_features > 6 else 1)

        rows = np.arange(n_features)
        bars = ax_bars.barh(rows, np.zeros(n_features), color=self._colors, height=0.7)
        self._bars = [self.animated(bar) for bar in bars]
        ax_bars.axvline(0, color=_CONTEXT, lw=0.8)
        ax_bars.set_yticks(rows, self._feature_names)
        ax_bars.set_ylim(n_features - 0.5, -0.5)  # the first feature on top
        ax_bars.set_xlim(*ylim)
        self._count = self.animated(ax_bars.text(
            0.97, 0.03, "", transform=ax_bars.transAxes, ha="right", va="bottom",
            fontsize=_LEGEND_SIZE + 0.5,
            bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.85}))
        _style(ax_bars, "Weights at this alpha", "weight", "")

    def _update(self, step):
        coef = np.ravel(np.asarray(step.state["coef"], dtype=float))
        alpha = float(step.state["alpha"])
        self._alpha_line.set_xdata([alpha, alpha])
        self._points.set_offsets(np.column_stack([np.full(coef.size, alpha), coef]))
        for bar, value in zip(self._bars, coef):
            bar.set_width(value)
        self._count.set_text(f"{np.count_nonzero(coef)} of {coef.size} weights non-zero")


# -- a curve through one-feature data ------------------------------------------

class CurveFitVisualizer(Visualizer):
    """A regression on one input feature, drawn as a curve: polynomial fits and their taming.

    (a) the data (and held-out data, if given) with the curve of the current
    step; (b) the size of each weight :math:`|w_k|` on a logarithmic axis;
    (c) the training error (and held-out error) of every step, the current
    one marked. For a path over alphas (from
    :func:`skratch.linear_model.regularization_path`) the last panel's axis
    is alpha; for a training run (``Ridge(solver="gd")``, say) it is the step.

    The model may be a :class:`~skratch.pipeline.Pipeline` whose final
    estimator is linear (steps holding ``coef`` and ``intercept``), e.g.
    ``make_pipeline(PolynomialFeatures(15), StandardScaler(), Ridge())``: the
    curve is drawn through the trace's fitted transformers, so the picture is
    in the units of the input while the weights are those of the expanded
    features. :func:`~skratch.viz.animate` picks this visualizer for a
    pipeline that expands its input with
    :class:`~skratch.preprocessing.PolynomialFeatures` and ends in a
    regressor; other pipelines are drawn as their final step is.

    Parameters
    ----------
    trace : skratch.Trace
        A run or a path of a model of one input feature.
    ax : sequence of 3 matplotlib Axes, optional
        The three panels. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    X_test, y_test : array-like, optional
        Held-out data, drawn in (a) and scored in (c).
    grid_size : int, default=300
        Points the curve is evaluated on.

    Notes
    -----
    With the transformers :math:`\\phi` fitted (a polynomial expansion
    :math:`\\phi(x) = (x, x^2, \\dots, x^d)`, then standardisation), a step's
    model is :math:`f(x) = \\phi(x)^\\top w + b`; evaluating
    :math:`\\phi` on the grid once makes every frame one matrix-vector
    product. The errors are mean squared errors,
    :math:`\\frac{1}{n}\\sum_i (f(x_i) - y_i)^2`, without the penalty.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import Ridge, regularization_path
    >>> from skratch.pipeline import make_pipeline
    >>> from skratch.preprocessing import PolynomialFeatures, StandardScaler
    >>> from skratch.viz import CurveFitVisualizer
    >>> rng = np.random.default_rng(0)
    >>> x = np.sort(rng.uniform(0, 1, 20)).reshape(-1, 1)
    >>> y = np.sin(6 * x[:, 0]) + rng.normal(0, 0.2, 20)
    >>> pipe = make_pipeline(PolynomialFeatures(9, include_bias=False), StandardScaler(),
    ...                      Ridge())
    >>> trace = regularization_path(pipe, x, y, np.geomspace(1e-6, 10, 6))
    >>> vis = CurveFitVisualizer(trace, figsize=(9, 3), dpi=40)
    >>> fig = vis.plot(step=0)
    >>> [ax.get_title() for ax in vis.axes]
    ['Data and fitted curve', 'Weight sizes |w_k|', 'Error against alpha']
    """

    n_axes = 3
    default_figsize = (13.5, 4.4)

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 X_test=None, y_test=None, grid_size=300):
        self.X_test = X_test
        self.y_test = y_test
        self.grid_size = grid_size
        super().__init__(trace, ax, fig=fig, figsize=figsize, dpi=dpi, caption=caption)

    def _read_trace(self, trace):
        name = type(self).__name__
        X = np.asarray(trace.X, dtype=float)
        if X.ndim != 2 or X.shape[1] != 1:
            raise ValueError(
                f"{name} draws a curve over one input feature, but the trace's X has shape "
                f"{X.shape}. Fit on one column, e.g. X[:, [0]] (expand it inside a "
                "pipeline, e.g. make_pipeline(PolynomialFeatures(5), Ridge())); to draw "
                "another kind of pipeline, pass animate(..., visualizer=...)."
            )
        if trace.y is None:
            raise ValueError(f"{name} needs the targets y; the trace has none.")
        y = np.ravel(np.asarray(trace.y, dtype=float))
        if y.shape != (X.shape[0],):
            raise ValueError(f"{name} draws one target: y has shape {np.shape(trace.y)}.")
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        if (self.X_test is None) != (self.y_test is None):
            raise ValueError("Give both X_test and y_test, or neither.")
        if self.X_test is not None:
            X_test = np.asarray(self.X_test, dtype=float)
            y_test = np.ravel(np.asarray(self.y_test, dtype=float))
            if X_test.ndim != 2 or X_test.shape[1] != 1 or y_test.shape != (X_test.shape[0],):
                raise ValueError(
                    f"X_test must have shape (m, 1) and y_test (m,); got {X_test.shape} "
                    f"and {y_test.shape}."
                )
            self._test = (X_test, y_test)
        else:
            self._test = None
        for step in trace.steps:
            if "coef" not in step.state or "intercept" not in step.state:
                raise ValueError(
                    f"{name} needs steps whose state holds 'coef' and 'intercept' (a linear "
                    f"model, or a pipeline ending in one); step {step.index} "
                    f"({step.kind!r}) holds {sorted(step.state)}."
                )
        self._x, self._y = X[:, 0], y
        self._coefs = np.array([np.ravel(np.asarray(s.state["coef"], dtype=float))
                                for s in trace.steps])
        self._intercepts = np.array([float(np.ravel(s.state["intercept"])[0])
                                     for s in trace.steps])
        self._expand = self._expansion(trace.estimator, name)
        self._on_alpha = all("alpha" in s.state for s in trace.steps)
        self.frame_spacing = "linear" if self._on_alpha else "log"
        self._steps_x = (np.array([float(s.state["alpha"]) for s in trace.steps])
                         if self._on_alpha else np.array([s.index for s in trace.steps]))
        Phi = self._expand(X)
        if Phi.shape[1] != self._coefs.shape[1]:
            raise ValueError(
                f"The model's steps have {self._coefs.shape[1]} weights but its "
                f"transformers make {Phi.shape[1]} features from X."
            )
        self._train_mse = self._errors(Phi, y)
        self._test_mse = (self._errors(self._expand(self._test[0]), self._test[1])
                          if self._test is not None else None)

    @staticmethod
    def _expansion(estimator, name):
        """The fitted transformers in front of the final model, as a function of X."""
        steps = getattr(estimator, "steps", None)
        if isinstance(steps, (list, tuple)) and steps and isinstance(steps[-1], tuple):
            # None and "passthrough" stand for steps that leave X as it is.
            transformers = [t for _, t in steps[:-1] if t is not None and not isinstance(t, str)]

            def expand(X):
                for transformer in transformers:
                    X = transformer.transform(X)
                return np.asarray(X, dtype=float)
            return expand
        return lambda X: np.asarray(X, dtype=float)

    def _errors(self, Phi, y):
        predictions = Phi @ self._coefs.T + self._intercepts  # one column per step
        return np.mean((predictions - y[:, None]) ** 2, axis=0)

    def _setup(self):
        ax_fit, ax_weights, ax_error = self.axes
        x, y = self._x, self._y
        xs = [x] if self._test is None else [x, self._test[0][:, 0]]
        ys = [y] if self._test is None else [y, self._test[1]]
        xlim = _padded(np.concatenate(xs), 0.03)
        self._grid = np.linspace(*xlim, self.grid_size)
        self._grid_features = self._expand(self._grid.reshape(-1, 1))
        if self._test is not None:
            ax_fit.scatter(self._test[0][:, 0], self._test[1], s=14, facecolors="none",
                           edgecolors=_TEST, lw=0.9, alpha=0.7, label="held-out data")
        ax_fit.scatter(x, y, s=34, color=_DATA, edgecolors="white", lw=0.7,
                       label="training data")
        self._curve = self.animated(ax_fit.plot([], [], color=_CURRENT, lw=2.4,
                                                label="model")[0])
        ylim = _padded(np.concatenate(ys), 0.3)
        ax_fit.set_xlim(*xlim)
        ax_fit.set_ylim(*ylim)
        _style(ax_fit, "Data and fitted curve", "x", "y")
        # A fixed corner: "best" would follow the moving curve, and move.
        ax_fit.legend(loc=_emptiest_corner(np.concatenate(xs), np.concatenate(ys), xlim, ylim),
                      fontsize=_LEGEND_SIZE, framealpha=0.9)

        sizes = np.abs(self._coefs)
        positive = sizes[sizes > 0]
        self._floor = positive.min() / 3 if positive.size else 1e-3
        top = positive.max() * 3 if positive.size else 1.0
        k = np.arange(1, sizes.shape[1] + 1)
        ax_weights.set_yscale("log")
        self._weights = self.animated(ax_weights.plot([], [], "o-", color=_CURRENT, ms=5,
                                                      lw=1)[0])
        self._weight_k = k
        ax_weights.set_xlim(0.3, k[-1] + 0.7)
        ax_weights.set_ylim(self._floor / 1.5, top)
        ax_weights.xaxis.set_major_locator(MaxNLocator(integer=True))
        _style(ax_weights, "Weight sizes |w_k|", "feature k (x^k for polynomial features)",
               "|w_k| (log scale)")

        steps_x = self._steps_x
        errors = [self._train_mse] + ([self._test_mse] if self._test_mse is not None else [])
        log_x = self._on_alpha and bool(np.all(steps_x > 0)) and len(steps_x) > 1
        # Long runs are shown densely at the start: stretch the start alike.
        long_run = not self._on_alpha and steps_x.max() > 100
        if log_x:
            ax_error.set_xscale("log")
        elif long_run:
            ax_error.set_xscale("symlog", linthresh=1.0, linscale=0.3)
        ax_error.plot(steps_x, self._train_mse, color=_DATA, lw=1.8, label="training MSE")
        if self._test_mse is not None:
            ax_error.plot(steps_x, self._test_mse, color=_TEST, lw=1.8, label="held-out MSE")
            best = int(np.argmin(self._test_mse))
            ax_error.plot([steps_x[best]], [self._test_mse[best]], "*", color=_OPTIMUM,
                          ms=13, mec="white", label="best held-out")
        self._error_line = self.animated(ax_error.axvline(steps_x[0], color=_CURRENT, lw=1.5))
        self._error_points = self.animated(ax_error.plot([], [], "o", color=_CURRENT, ms=8,
                                                         mec="white", mew=1.2)[0])
        values = np.concatenate(errors)
        positive = values[values > 0]
        log_y = positive.size == values.size and positive.max() > 30 * positive.min()
        if log_y:
            ax_error.set_yscale("log")
            ylim = (positive.min() / 1.5, positive.max() * 1.5)
        else:
            ylim = _padded(values, 0.08)
        if log_x:
            xlim = (steps_x.min() / 1.5, steps_x.max() * 1.5)
        elif long_run:
            xlim = (-0.2, steps_x.max() * 1.3)
        else:
            xlim = _padded(steps_x, 0.03)
        ax_error.set_xlim(*xlim)
        ax_error.set_ylim(*ylim)
        title = "Error against alpha" if self._on_alpha else "Error by step"
        xlabel = ("alpha (log scale)" if log_x else "alpha" if self._on_alpha
                  else "step (log scale after 1)" if long_run else "step")
        _style(ax_error, title, xlabel, "mean squared error")
        stretch = np.log10 if log_x else np.log1p if long_run else np.asarray
        corner_x, corner_xlim = stretch(steps_x), stretch(np.maximum(xlim, 0) if long_run
                                                         else xlim)
        ax_error.legend(loc=_emptiest_corner(np.tile(corner_x, len(errors)), values,
                                             corner_xlim, ylim, log_y=log_y),
                        fontsize=_LEGEND_SIZE, framealpha=0.9)

    def _update(self, step):
        position = self.position(step)
        coef = np.ravel(np.asarray(step.state["coef"], dtype=float))
        intercept = float(np.ravel(step.state["intercept"])[0])
        self._curve.set_data(self._grid, self._grid_features @ coef + intercept)
        self._weights.set_data(self._weight_k, np.maximum(np.abs(coef), self._floor))
        if position is None:
            self._error_points.set_data([], [])
            return
        x = self._steps_x[position]
        self._error_line.set_xdata([x, x])
        errors = [self._train_mse[position]]
        if self._test_mse is not None:
            errors.append(self._test_mse[position])
        self._error_points.set_data([x] * len(errors), errors)
