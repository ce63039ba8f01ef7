"""Stochastic gradient descent fitting a line: GradientDescentVisualizer, on the MSE scale."""

import numpy as np

from .._style import HIGHLIGHT
from ._gradient_descent import GradientDescentVisualizer, _mse

__all__ = ["SGDRegressorVisualizer"]


class SGDRegressorVisualizer(GradientDescentVisualizer):
    """Stochastic gradient descent fitting a line, in the three panels of gradient descent.

    The same drawing as :class:`~skratch.viz.GradientDescentVisualizer` (the
    data and the current line, the path on the loss surface
    :math:`L(w, b)`, the loss by step), for
    :class:`~skratch.linear_model.SGDRegressor` traces with one feature. The
    surface and the loss curve are the mean squared error of the whole
    training set, so the path and the curve of SGD can be set against those
    of batch gradient descent on the same data. (The steps' own loss is
    SGD's objective, :math:`\\frac{1}{2}` MSE plus the penalty, or the
    Huber or epsilon-insensitive loss: it is not used here.)

    With ``step_per="batch"`` every mini-batch update is a step: the path
    shows each noisy move, and the points of the mini-batch that made it are
    ringed in the data panel. With ``step_per="epoch"``, one point per epoch.

    Parameters
    ----------
    trace, ax, fig, figsize, dpi, caption, grid_size, loss_scale :
        As for :class:`~skratch.viz.GradientDescentVisualizer`.

    Examples
    --------
    >>> import numpy as np
    >>> import skratch
    >>> from skratch.linear_model import SGDRegressor
    >>> from skratch.viz import SGDRegressorVisualizer
    >>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
    >>> y = 2 * X[:, 0] + 0.5
    >>> sgd = SGDRegressor(learning_rate="constant", eta0=0.1, step_per="batch",
    ...                    max_iter=5, tol=None, random_state=0)
    >>> trace = skratch.record(sgd, X, y)
    >>> vis = SGDRegressorVisualizer(trace, figsize=(6, 2), dpi=40)
    >>> fig = vis.plot(step=-1)
    >>> bool(np.isclose(vis._loss(trace.steps[-1]), np.mean((sgd.predict(X) - y) ** 2)))
    True
    """

    def _loss(self, step):
        return float(_mse(self._moments, *self._params(step)))

    def _setup(self):
        super()._setup()
        self._ring = self.animated(self.axes[0].scatter(
            [], [], s=90, facecolors="none", edgecolors=HIGHLIGHT, linewidths=1.8,
            label="this step's points"))

    def _update(self, step):
        super()._update(step)
        samples = step.state.get("samples")
        if samples is None:
            self._ring.set_offsets(np.empty((0, 2)))
        else:
            rows = np.asarray(samples, dtype=int)
            self._ring.set_offsets(np.column_stack([self._x[rows], self._y[rows]]))
