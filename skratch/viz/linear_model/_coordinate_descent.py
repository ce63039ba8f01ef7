"""Lasso and elastic net by coordinate descent: one coordinate at a time on the contours.

:class:`CoordinateDescentVisualizer` draws the run on the contours of its
objective, the soft-thresholding of each update (as the steps report it)
and the weights step by step.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import emptiest_corner, padded
from .._style import CONTEXT, LEGEND_SIZE, MODEL, REFERENCE, label_axes
from ._regularization import (_COORDINATES, _L1, _centred, _check_coef_steps,
                              _contour_levels, _half_mse, _half_mse_moments, _penalty,
                              _penalty_ball, _penalty_mix, _square_limits, _two_feature_data)

__all__ = ["CoordinateDescentVisualizer"]


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
    default_figsize = (10.5, 3.9)
    options = {"grid_size": 150}

    # -- reading the trace ----------------------------------------------------

    def _read_trace(self, trace):
        from ...linear_model import ElasticNet, Lasso

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
        ax.axhline(0, color=CONTEXT, lw=0.8)
        ax.axvline(0, color=CONTEXT, lw=0.8)
        ball_name = "L1 ball" if self._rho == 1 else "penalty ball"
        ax.plot(*ball.T, "--", color=_L1, lw=1.3, label=f"{ball_name} through the solution")
        if self._w_ls is not None:
            ax.plot(*self._w_ls, "x", color=REFERENCE, ms=8, mew=1.8, label="least squares")
        ax.plot(*self._w_opt, "*", color=REFERENCE, ms=15, mec="white", mew=1,
                label="solution")
        self._path = self.animated(LineCollection([], linewidths=2.6, capstyle="round"))
        ax.add_collection(self._path)
        self._point = self.animated(ax.plot([], [], "o", color=MODEL, ms=9, mec="white",
                                            mew=1.5, label="current w")[0])
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal", adjustable="box")
        label_axes(ax, "Objective P(w0, w1) and the path", "w0", "w1")
        # Below the panel: inside, it would hide the solution or the path.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2,
                  fontsize=LEGEND_SIZE, frameon=False, handlelength=1.5,
                  columnspacing=1.0)
        self._segment_colors = np.array(
            [to_rgba(_COORDINATES[j]) if j >= 0 else to_rgba(MODEL)
             for j in self._moved_along]).reshape(-1, 4)

    def _setup_update(self, ax):
        lam_1, lam_2 = self._threshold, self._lambda_2
        zs = np.array([z for _, _, z, _ in self._updates] + [2 * lam_1, -2 * lam_1])
        if self._positive:
            zs = np.append(zs, 0.0)
        zlim = padded(zs, 0.1)
        dead_low = zlim[0] if self._positive else -lam_1
        # The update as the steps state it, drawn through its kinks: w_j = 0
        # over the dead zone, a line of slope 1 / (c_j + λ2) on either side.
        z = np.array([zlim[0], dead_low, lam_1, zlim[1]])
        beyond = z - np.clip(z, dead_low, lam_1)  # how far z_j is past the dead zone
        new_w = [beyond / d if d > 0 else np.zeros_like(z) for d in self._denominators]
        ax.axvspan(dead_low, lam_1, color=_L1, alpha=0.13, lw=0,
                   label=(r"dead zone $z_j \leq \lambda_1$: $w_j = 0$" if self._positive
                          else r"dead zone $|z_j| \leq \lambda_1$: $w_j = 0$"))
        ax.axhline(0, color=CONTEXT, lw=0.8)
        ax.axvline(0, color=CONTEXT, lw=0.8)
        for j in range(2):
            ax.plot(z, new_w[j], color=_COORDINATES[j], lw=1.8, label=f"new w{j}")
        self._markers = [
            self.animated(ax.plot([], [], "o", color=_COORDINATES[j], ms=8, mec="white",
                                  mew=1.2)[0]) for j in range(2)]
        self._rings = [
            self.animated(ax.plot([], [], "o", mfc="none", mec=MODEL, ms=15, mew=2.2)[0])
            for j in range(2)]
        ws = np.concatenate(new_w + [[0.0]])
        ax.set_xlim(*zlim)
        ax.set_ylim(*padded(ws, 0.1))
        den = r"c_j" if lam_2 == 0 else r"c_j + \lambda_2"
        label_axes(ax, "The coordinate update", r"$z_j$: feature j · partial residual",
               rf"new $w_j = S(z_j, \lambda_1) / ({den})$")
        ax.legend(loc="upper left", fontsize=LEGEND_SIZE, framealpha=0.9)

    def _setup_weights(self, ax):
        positions, coefs = self._step_numbers, self._coefs
        for j in range(2):
            ax.plot(positions, coefs[:, j], color=_COORDINATES[j], alpha=0.3, lw=1)
            ax.axhline(self._w_opt[j], ls="--", color=_COORDINATES[j], lw=1,
                       label=f"solution w{j}")
        self._weight_lines = [
            self.animated(ax.plot([], [], color=_COORDINATES[j], lw=2,
                                  label=f"w{j}")[0]) for j in range(2)]
        self._weight_points = self.animated(ax.plot([], [], "o", color=MODEL, ms=7,
                                                    mec="white", mew=1.2)[0])
        pad = max(0.03 * np.ptp(positions), 0.5)
        xlim = (-pad, positions[-1] + pad)
        ylim = padded(np.concatenate([coefs.ravel(), self._w_opt, [0.0]]), 0.1)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        label_axes(ax, "Weights step by step", "step", "weight")
        ax.legend(loc=emptiest_corner(np.repeat(positions, 2), coefs.ravel(), xlim, ylim),
                  fontsize=LEGEND_SIZE, framealpha=0.9, ncol=2)

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
