"""A model of one input feature drawn as a curve through the data.

:class:`CurveFitVisualizer` draws a polynomial pipeline, say, as a curve
through the data, its weights and its error, along a regularization path or
a gradient-descent run.
"""

import numpy as np
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import emptiest_corner, padded
from .._style import DATA, HELD_OUT, LEGEND_SIZE, MODEL, REFERENCE, label_axes

__all__ = ["CurveFitVisualizer"]


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
    default_figsize = (10.5, 3.9)
    options = {"X_test": None, "y_test": None, "grid_size": 300}

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
        xlim = padded(np.concatenate(xs), 0.03)
        self._grid = np.linspace(*xlim, self.grid_size)
        self._grid_features = self._expand(self._grid.reshape(-1, 1))
        if self._test is not None:
            ax_fit.scatter(self._test[0][:, 0], self._test[1], s=14, facecolors="none",
                           edgecolors=HELD_OUT, lw=0.9, alpha=0.7, label="held-out data")
        ax_fit.scatter(x, y, s=34, color=DATA, edgecolors="white", lw=0.7,
                       label="training data")
        self._curve = self.animated(ax_fit.plot([], [], color=MODEL, lw=2.4,
                                                label="model")[0])
        ylim = padded(np.concatenate(ys), 0.3)
        ax_fit.set_xlim(*xlim)
        ax_fit.set_ylim(*ylim)
        label_axes(ax_fit, "Data and fitted curve", "x", "y")
        # A fixed corner: "best" would follow the moving curve, and move.
        ax_fit.legend(loc=emptiest_corner(np.concatenate(xs), np.concatenate(ys), xlim, ylim),
                      fontsize=LEGEND_SIZE, framealpha=0.9)

        sizes = np.abs(self._coefs)
        positive = sizes[sizes > 0]
        self._floor = positive.min() / 3 if positive.size else 1e-3
        top = positive.max() * 3 if positive.size else 1.0
        k = np.arange(1, sizes.shape[1] + 1)
        ax_weights.set_yscale("log")
        self._weights = self.animated(ax_weights.plot([], [], "o-", color=MODEL, ms=5,
                                                      lw=1)[0])
        self._weight_k = k
        ax_weights.set_xlim(0.3, k[-1] + 0.7)
        ax_weights.set_ylim(self._floor / 1.5, top)
        ax_weights.xaxis.set_major_locator(MaxNLocator(integer=True))
        label_axes(ax_weights, "Weight sizes |w_k|", "feature k (x^k)",
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
        ax_error.plot(steps_x, self._train_mse, color=DATA, lw=1.8, label="training MSE")
        if self._test_mse is not None:
            ax_error.plot(steps_x, self._test_mse, color=HELD_OUT, lw=1.8, label="held-out MSE")
            best = int(np.argmin(self._test_mse))
            ax_error.plot([steps_x[best]], [self._test_mse[best]], "*", color=REFERENCE,
                          ms=13, mec="white", label="best held-out")
        self._error_line = self.animated(ax_error.axvline(steps_x[0], color=MODEL, lw=1.5))
        self._error_points = self.animated(ax_error.plot([], [], "o", color=MODEL, ms=8,
                                                         mec="white", mew=1.2)[0])
        values = np.concatenate(errors)
        positive = values[values > 0]
        log_y = positive.size == values.size and positive.max() > 30 * positive.min()
        if log_y:
            ax_error.set_yscale("log")
            ylim = (positive.min() / 1.5, positive.max() * 1.5)
        else:
            ylim = padded(values, 0.08)
        if log_x:
            xlim = (steps_x.min() / 1.5, steps_x.max() * 1.5)
        elif long_run:
            xlim = (-0.2, steps_x.max() * 1.3)
        else:
            xlim = padded(steps_x, 0.03)
        ax_error.set_xlim(*xlim)
        ax_error.set_ylim(*ylim)
        title = "Error against alpha" if self._on_alpha else "Error by step"
        xlabel = ("alpha (log scale)" if log_x else "alpha" if self._on_alpha
                  else "step (log scale after 1)" if long_run else "step")
        label_axes(ax_error, title, xlabel, "mean squared error")
        stretch = np.log10 if log_x else np.log1p if long_run else np.asarray
        corner_x, corner_xlim = stretch(steps_x), stretch(np.maximum(xlim, 0) if long_run
                                                         else xlim)
        ax_error.legend(loc=emptiest_corner(np.tile(corner_x, len(errors)), values,
                                             corner_xlim, ylim, log_y=log_y),
                        fontsize=LEGEND_SIZE, framealpha=0.9)

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
