"""First-order optimizers: one update rule each, shared by every gradient solver.

An optimizer is a small stateful object. ``step(params, grad)`` returns the
new parameters (a new array; the inputs are not modified) and updates the
optimizer's own state (velocity, running averages, step count); ``reset()``
forgets that state, so one optimizer object can serve several fits.
Parameters are one flat or shaped float array: a solver packs its weights and
intercept together.
"""

from numbers import Real

import numpy as np

from ..base import Params
from ..utils._param_validation import Interval

__all__ = ["Optimizer", "GradientDescent", "Adagrad", "RMSprop", "Adam"]


# The constraints the optimizers' hyperparameters share.
_POSITIVE = [Interval(Real, 0, None, closed="neither")]
_DECAY = [Interval(Real, 0, 1, closed="left")]


class Optimizer(Params):
    """Base class: hyperparameters through :class:`~skratch.base.Params`, state in ``state_``.

    The hyperparameters are checked against ``_parameter_constraints`` at
    the first step after :meth:`reset`: once per run, not once per update.
    """

    def reset(self):
        """Forget the state built by previous steps.

        Returns
        -------
        self
        """
        self.state_ = {}
        self.t_ = 0
        return self

    def step(self, params, grad):
        r"""One update: return new parameters from the current ones and their gradient.

        Parameters
        ----------
        params : ndarray
            The current parameters :math:`\theta_t`.
        grad : ndarray of the same shape
            The gradient :math:`g_t` of the loss at ``params``.

        Returns
        -------
        ndarray
            :math:`\theta_{t+1}`, a new array, of the parameters' float
            dtype (float32 parameters stay float32).
        """
        params = _as_float(params)
        grad = _as_float(grad).astype(params.dtype, copy=False)
        if params.shape != grad.shape:
            raise ValueError(
                f"params and grad must have the same shape, got {params.shape} "
                f"and {grad.shape}."
            )
        if getattr(self, "t_", 0) == 0:  # a run's first step: check the hyperparameters once
            self._validate_params()
        if not hasattr(self, "state_"):
            self.reset()
        self.t_ += 1
        return self._update(params, grad)

    def _update(self, params, grad):  # pragma: no cover
        raise NotImplementedError

    def _buffer(self, name, like):
        """The state array ``name``, zeros of ``like``'s shape the first time."""
        if name not in self.state_ or self.state_[name].shape != like.shape:
            self.state_[name] = np.zeros_like(like)
        return self.state_[name]


class GradientDescent(Optimizer):
    r"""Gradient descent, with optional (Nesterov) momentum.

    Parameters
    ----------
    learning_rate : float, default=0.01
        The step size :math:`\eta`.
    momentum : float, default=0.0
        :math:`\mu \in [0, 1)`: how much of the previous step is kept.
        0 gives plain gradient descent.
    nesterov : bool, default=False
        Use Nesterov's look-ahead form of momentum.

    Notes
    -----
    With velocity :math:`v_0 = 0`,

    .. math::

        v_{t+1} = \mu v_t - \eta g_t, \qquad
        \theta_{t+1} = \theta_t + v_{t+1}

    and with ``nesterov=True`` the step looks ahead along the new velocity:
    :math:`\theta_{t+1} = \theta_t + \mu v_{t+1} - \eta g_t`
    (the form of Sutskever et al., where the gradient is taken at the
    look-ahead point of the previous step).

    References
    ----------
    .. [1] B. T. Polyak, "Some methods of speeding up the convergence of
       iteration methods", USSR Computational Mathematics and Mathematical
       Physics, 1964.
    .. [2] I. Sutskever, J. Martens, G. Dahl and G. Hinton, "On the
       importance of initialization and momentum in deep learning", ICML 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.optim import GradientDescent
    >>> opt = GradientDescent(learning_rate=0.1, momentum=0.5)
    >>> theta = np.array([1.0])
    >>> theta = opt.step(theta, grad=2 * theta)   # v = -0.2
    >>> theta = opt.step(theta, grad=2 * theta)   # v = 0.5 * -0.2 - 0.1 * 1.6
    >>> theta
    array([0.54])
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov

    _parameter_constraints = {
        "learning_rate": _POSITIVE, "momentum": _DECAY, "nesterov": ["boolean"],
    }

    def _update(self, params, grad):
        if self.momentum == 0:
            return params - self.learning_rate * grad
        velocity = self.momentum * self._buffer("velocity", params) - self.learning_rate * grad
        self.state_["velocity"] = velocity
        if self.nesterov:
            return params + self.momentum * velocity - self.learning_rate * grad
        return params + velocity


class Adagrad(Optimizer):
    r"""Adagrad: per-coordinate steps that shrink with the gradients seen so far.

    Parameters
    ----------
    learning_rate : float, default=0.01
        The step size :math:`\eta`.
    eps : float, default=1e-8
        Keeps the division finite.

    Notes
    -----
    .. math::

        G_t = G_{t-1} + g_t^2, \qquad
        \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{G_t} + \epsilon} g_t

    (squares and roots element-wise, :math:`G_0 = 0`).

    References
    ----------
    .. [1] J. Duchi, E. Hazan and Y. Singer, "Adaptive subgradient methods
       for online learning and stochastic optimization", JMLR 12, 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.optim import Adagrad
    >>> opt = Adagrad(learning_rate=0.5)
    >>> opt.step(np.array([1.0, 1.0]), np.array([4.0, 0.01])).round(6)
    array([0.5, 0.5])
    """

    def __init__(self, learning_rate=0.01, eps=1e-8):
        self.learning_rate = learning_rate
        self.eps = eps

    _parameter_constraints = {"learning_rate": _POSITIVE, "eps": _POSITIVE}

    def _update(self, params, grad):
        G = self._buffer("sum_squares", params) + grad * grad
        self.state_["sum_squares"] = G
        return params - self.learning_rate * grad / (np.sqrt(G) + self.eps)


class RMSprop(Optimizer):
    r"""RMSprop: steps scaled by a running average of squared gradients.

    Parameters
    ----------
    learning_rate : float, default=0.001
        The step size :math:`\eta`.
    rho : float, default=0.9
        Decay :math:`\rho` of the running average.
    eps : float, default=1e-8
        Keeps the division finite.

    Notes
    -----
    .. math::

        E_t = \rho E_{t-1} + (1 - \rho) g_t^2, \qquad
        \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{E_t} + \epsilon} g_t

    (:math:`E_0 = 0`).

    References
    ----------
    .. [1] T. Tieleman and G. Hinton, Lecture 6.5, "rmsprop: Divide the
       gradient by a running average of its recent magnitude", COURSERA:
       Neural Networks for Machine Learning, 2012.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.optim import RMSprop
    >>> opt = RMSprop(learning_rate=0.1, rho=0.75)
    >>> opt.step(np.array([0.0]), np.array([2.0])).round(6)   # E = 1
    array([-0.2])
    """

    def __init__(self, learning_rate=0.001, rho=0.9, eps=1e-8):
        self.learning_rate = learning_rate
        self.rho = rho
        self.eps = eps

    _parameter_constraints = {"learning_rate": _POSITIVE, "rho": _DECAY, "eps": _POSITIVE}

    def _update(self, params, grad):
        E = self.rho * self._buffer("mean_squares", params) + (1 - self.rho) * grad * grad
        self.state_["mean_squares"] = E
        return params - self.learning_rate * grad / (np.sqrt(E) + self.eps)


class Adam(Optimizer):
    r"""Adam: momentum and RMSprop's scaling, with bias correction.

    Parameters
    ----------
    learning_rate : float, default=0.001
        The step size :math:`\eta`.
    beta1 : float, default=0.9
        Decay of the running mean of gradients.
    beta2 : float, default=0.999
        Decay of the running mean of squared gradients.
    eps : float, default=1e-8
        Keeps the division finite.

    Notes
    -----
    With :math:`m_0 = v_0 = 0` and the step count :math:`t` from 1,

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_{t+1} = \theta_t - \frac{\eta \hat m_t}{\sqrt{\hat v_t} + \epsilon}.

    The bias correction makes the first step :math:`\eta\,\mathrm{sign}(g_1)`
    (up to :math:`\epsilon`), whatever the gradient's scale.

    References
    ----------
    .. [1] D. P. Kingma and J. Ba, "Adam: A method for stochastic
       optimization", ICLR 2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.optim import Adam
    >>> opt = Adam(learning_rate=0.1)
    >>> opt.step(np.array([1.0, 1.0]), np.array([50.0, -0.001])).round(4)
    array([0.9, 1.1])
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.learning_rate = learning_rate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps

    _parameter_constraints = {
        "learning_rate": _POSITIVE, "beta1": _DECAY, "beta2": _DECAY, "eps": _POSITIVE,
    }

    def _update(self, params, grad):
        m = self.beta1 * self._buffer("mean", params) + (1 - self.beta1) * grad
        v = self.beta2 * self._buffer("mean_squares", params) + (1 - self.beta2) * grad * grad
        self.state_["mean"], self.state_["mean_squares"] = m, v
        m_hat = m / (1 - self.beta1 ** self.t_)
        v_hat = v / (1 - self.beta2 ** self.t_)
        return params - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


def _as_float(values):
    """``values`` as an array of floats, keeping a float dtype it already has."""
    values = np.asarray(values)
    return values if values.dtype.kind == "f" else values.astype(np.float64)
