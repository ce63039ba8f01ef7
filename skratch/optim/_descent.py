r"""Batch gradient descent: the one loop that every full-gradient solver runs.

LinearRegression, Ridge and LogisticRegression with ``solver="gd"`` each
build an *objective*, a small object that knows the model's loss, and hand
it to :func:`gradient_descent`, which owns the iteration: the stop test, the
step, the watch for divergence and the warning when training stops short.
The model turns each :class:`Iteration` it yields into its own
:class:`~skratch.Step`.

An objective has

* ``value(theta)``: the loss :math:`L(\theta)`, a float;
* ``gradient(theta)``: :math:`\nabla L(\theta)`, an array shaped as ``theta``;
* optionally ``hessian(theta)``, the matrix of second derivatives;
* optionally ``value_and_gradient(theta)``, both at once. The loop asks for
  the two at every new point, and for a linear model they share the one
  pass over the data (the linear predictor :math:`X\theta`), so an
  objective that offers this method costs one pass per iteration, not two.
"""

import math
from dataclasses import dataclass

import numpy as np

from ..exceptions import warn_convergence
from ._optimizers import GradientDescent

__all__ = ["Iteration", "gradient_descent"]

# The loss is declared diverged once it exceeds its starting value by this
# factor: far enough to show the blow-up in an animation, long before the
# numbers overflow.
_DIVERGENCE_FACTOR = 1e6


@dataclass(frozen=True)
class Iteration:
    r"""One step of gradient descent, as :func:`gradient_descent` yields it.

    Attributes
    ----------
    index : int
        :math:`t`, counted from 1.
    params : ndarray
        :math:`\theta_t`, the new parameters.
    gradient : ndarray
        :math:`\nabla L(\theta_{t-1})`, the gradient that moved
        :math:`\theta_{t-1}` to :math:`\theta_t`.
    loss : float
        :math:`L(\theta_t)`.
    previous_loss : float
        :math:`L(\theta_{t-1})`.
    """

    index: int
    params: np.ndarray
    gradient: np.ndarray
    loss: float
    previous_loss: float


def _evaluator(objective):
    """``theta -> (L(theta), grad L(theta))``: the objective's shared pass when it has one."""
    both = getattr(objective, "value_and_gradient", None)
    if both is not None:
        return both
    return lambda theta: (objective.value(theta), objective.gradient(theta))


def _size(gradient, norm):
    if norm == 2:
        return math.sqrt((gradient * gradient).sum())
    return float(np.abs(gradient).max())


def gradient_descent(objective, params, optimizer=None, *, max_iter, tol=0.0, norm=2,
                     diverged_message=None, not_converged_message=None):
    r"""Minimise ``objective`` from ``params``, yielding an :class:`Iteration` per step.

    Parameters
    ----------
    objective : object
        Has ``value(theta)`` and ``gradient(theta)``, and may have
        ``value_and_gradient(theta)`` (see the module's docstring).
    params : ndarray
        The start :math:`\theta_0`. It is not modified.
    optimizer : Optimizer, default=None
        The update rule, a :mod:`skratch.optim` optimizer (or any object
        with ``step(params, grad)``); by default
        ``GradientDescent(learning_rate=0.01)``, the step
        :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)`.
    max_iter : int
        The most steps taken.
    tol : float, default=0.0
        Stop, converged, before a step whose gradient's size is at most
        ``tol``.
    norm : {2, np.inf}, default=2
        The size of a gradient for ``tol``: 2, the Euclidean norm of all its
        entries together; ``np.inf``, its largest absolute entry.
    diverged_message : callable, optional
        ``diverged_message(iteration, start_loss, loss)``: the warning's text
        when the descent diverges (a model's says which learning rate is
        safe on its data). By default a plain statement of the blow-up.
    not_converged_message : callable, optional
        ``not_converged_message(gradient_size)``: the warning's text when
        ``max_iter`` steps did not reach ``tol``. By default a plain
        statement of the two numbers.

    Yields
    ------
    Iteration
        One per step taken.

    Returns
    -------
    str
        How the descent ended (the value of ``StopIteration``, or of
        ``yield from``): "converged", "max_iter" or "diverged".

    Notes
    -----
    Each iteration :math:`t = 1, 2, \dots` tests the gradient at
    :math:`\theta_{t-1}` against ``tol``, takes the step
    :math:`\theta_t = \mathrm{step}(\theta_{t-1}, \nabla L(\theta_{t-1}))`
    and evaluates :math:`L` and :math:`\nabla L` at :math:`\theta_t`.

    Divergence. A step to a point whose loss is not finite is not taken:
    the descent stops at :math:`\theta_{t-1}`, the last finite point. A
    loss above :math:`10^6\, L(\theta_0)` stops it after that step (far
    enough to show the blow-up, long before overflow). Both warn with
    ``diverged_message``; so does a run that ends at ``max_iter`` with a loss
    above :math:`L(\theta_0)`. A run that ends at ``max_iter`` short of
    ``tol`` otherwise warns with ``not_converged_message``. The warnings are
    :class:`~skratch.exceptions.ConvergenceWarning`.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.optim import GradientDescent, gradient_descent
    >>> class Bowl:                        # L = |theta|^2, minimum at 0
    ...     def value(self, theta):
    ...         return float(theta @ theta)
    ...     def gradient(self, theta):
    ...         return 2 * theta
    >>> descent = gradient_descent(Bowl(), np.array([1.0, -2.0]),
    ...                            GradientDescent(learning_rate=0.25), max_iter=50,
    ...                            tol=1e-6)
    >>> steps = list(descent)
    >>> steps[0].params, steps[0].loss, steps[0].previous_loss
    (array([ 0.5, -1. ]), 1.25, 5.0)
    >>> len(steps), float(np.abs(steps[-1].params).max()) < 1e-6
    (23, True)
    """
    if optimizer is None:
        optimizer = GradientDescent()
    if diverged_message is None:
        def diverged_message(iteration, start_loss, loss):
            return (f"Gradient descent diverged: the loss grew from {start_loss:.4g} to "
                    f"{loss:.4g} by iteration {iteration}.")
    if not_converged_message is None:
        def not_converged_message(size):
            return (f"Gradient descent did not converge in max_iter={max_iter} iterations "
                    f"(gradient size {size:.3g} > tol={tol}).")
    value_and_gradient = _evaluator(objective)
    theta = params
    loss, gradient = value_and_gradient(theta)
    start_loss = loss
    # The loss, from its start, grows this far before the descent is declared diverged.
    limit = _DIVERGENCE_FACTOR * max(start_loss, np.finfo(float).tiny)
    for t in range(1, max_iter + 1):
        if _size(gradient, norm) <= tol:
            return "converged"
        with np.errstate(over="ignore", invalid="ignore"):
            new_theta = optimizer.step(theta, gradient)
            new_loss, new_gradient = value_and_gradient(new_theta)
        if not math.isfinite(new_loss):
            warn_convergence(diverged_message(t, start_loss, new_loss))
            return "diverged"
        yield Iteration(t, new_theta, gradient, new_loss, loss)
        if new_loss > limit:
            warn_convergence(diverged_message(t, start_loss, new_loss))
            return "diverged"
        theta, loss, gradient = new_theta, new_loss, new_gradient
    size = _size(gradient, norm)
    if size <= tol:
        return "converged"
    if loss > start_loss:
        warn_convergence(diverged_message(max_iter, start_loss, loss))
        return "diverged"
    warn_convergence(not_converged_message(size))
    return "max_iter"
