"""The optimizers race: several optimizers side by side on one 2-D surface.

Not an estimator (nothing is learned from data): an object with the step
protocol, so :func:`skratch.record` and :func:`skratch.viz.animate` show it
like a model's training.
"""

import copy
import math
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from ..base import Params, clone
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ._optimizers import Adagrad, Adam, GradientDescent, Optimizer, RMSprop

__all__ = ["OptimizerRace", "Surface", "SURFACES"]


# -- the surfaces: each a function of (x, y) and its analytic gradient --------

def valley(x, y):
    """A narrow valley: :math:`f = x^2/20 + y^2`, 20 times steeper across than along."""
    return x * x / 20 + y * y


def valley_grad(x, y):
    """Gradient of :func:`valley`: :math:`(x/10, 2y)`."""
    return x / 10, 2 * y


def rosenbrock(x, y):
    """Rosenbrock's banana: :math:`f = (1 - x)^2 + 100 (y - x^2)^2`."""
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosenbrock_grad(x, y):
    r"""Gradient of :func:`rosenbrock`:
    :math:`(-2(1 - x) - 400x(y - x^2),\; 200(y - x^2))`."""
    bend = y - x * x
    return -2 * (1 - x) - 400 * x * bend, 200 * bend


def saddle(x, y):
    """A saddle between two valleys: :math:`f = x^2/2 + y^4/4 - y^2/2`."""
    return x * x / 2 + y ** 4 / 4 - y * y / 2


def saddle_grad(x, y):
    r"""Gradient of :func:`saddle`: :math:`(x,\; y^3 - y)`."""
    return x, y ** 3 - y


@dataclass(frozen=True)
class Surface:
    r"""A 2-D loss surface to race on, with what a picture of it needs.

    Parameters
    ----------
    name : str
        Shown in titles.
    f : callable
        ``f(x, y)``: the loss, elementwise on arrays (a grid for contours).
    grad : callable
        ``grad(x, y)``: the pair :math:`(\partial f/\partial x,
        \partial f/\partial y)`.
    start : (float, float) or None
        Where the optimizers start, unless the race says otherwise.
    xlim, ylim : (float, float) or None
        The region to draw; by default the region the paths cover.
    minimum : (float, float), sequence of them, or None
        Where the lowest point is (or the lowest points are), to mark it.
    min_value : float or None
        The lowest value :math:`f^*`, so that the loss curves can show the
        gap :math:`f - f^*` on a log scale.
    formula : str
        The formula of ``f``, for titles.
    levels : {"log", "sqrt", "linear"}
        How contour levels are spaced between the lowest and highest value
        drawn: "log" for surfaces whose values span many decades (the
        Rosenbrock banana), "sqrt" for bowls (evenly spaced ellipses),
        "linear" otherwise.
    learning_rates : tuple of (str, float) pairs
        Learning rates that suit this surface, for the default optimizers:
        ("GD", ...), ("Momentum", ...), ("Nesterov", ...), ("Adagrad", ...),
        ("RMSprop", ...), ("Adam", ...).
    """

    name: str
    f: object
    grad: object
    start: tuple | None = None
    xlim: tuple | None = None
    ylim: tuple | None = None
    minimum: tuple | None = None
    min_value: float | None = None
    formula: str = ""
    levels: str = "linear"
    learning_rates: tuple = ()


#: The surfaces known by name. Learning rates were chosen so that every
#: default optimizer makes progress within 200 iterations, without diverging.
SURFACES = {
    "valley": Surface(
        "narrow valley", valley, valley_grad, start=(-9.0, 1.6),
        xlim=(-10.0, 4.0), ylim=(-2.0, 2.0), minimum=(0.0, 0.0), min_value=0.0,
        formula="x²/20 + y²", levels="sqrt",
        learning_rates=(("GD", 0.9), ("Momentum", 0.1), ("Nesterov", 0.1),
                        ("Adagrad", 1.0), ("RMSprop", 0.1), ("Adam", 0.3))),
    "rosenbrock": Surface(
        "Rosenbrock", rosenbrock, rosenbrock_grad, start=(-1.2, 1.0),
        xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), minimum=(1.0, 1.0), min_value=0.0,
        formula="(1 − x)² + 100 (y − x²)²", levels="log",
        learning_rates=(("GD", 1e-3), ("Momentum", 1e-3), ("Nesterov", 1e-3),
                        ("Adagrad", 1.0), ("RMSprop", 0.01), ("Adam", 0.1))),
    "saddle": Surface(
        "saddle", saddle, saddle_grad, start=(-2.0, 0.001),
        xlim=(-2.5, 2.5), ylim=(-1.6, 1.6), minimum=((0.0, 1.0), (0.0, -1.0)), min_value=-0.25,
        formula="x²/2 + y⁴/4 − y²/2", levels="sqrt",
        learning_rates=(("GD", 0.1), ("Momentum", 0.02), ("Nesterov", 0.02),
                        ("Adagrad", 0.3), ("RMSprop", 0.05), ("Adam", 0.1))),
}


def default_optimizers(learning_rates):
    """The six optimizers of the race, keyed by label, at the given rates."""
    rate = dict(learning_rates)
    return {
        "GD": GradientDescent(learning_rate=rate["GD"]),
        "Momentum": GradientDescent(learning_rate=rate["Momentum"], momentum=0.9),
        "Nesterov": GradientDescent(learning_rate=rate["Nesterov"], momentum=0.9,
                                    nesterov=True),
        "Adagrad": Adagrad(learning_rate=rate["Adagrad"]),
        "RMSprop": RMSprop(learning_rate=rate["RMSprop"]),
        "Adam": Adam(learning_rate=rate["Adam"]),
    }


def _short_label(optimizer):
    if isinstance(optimizer, GradientDescent) and optimizer.momentum:
        return "Nesterov" if optimizer.nesterov else "Momentum"
    if isinstance(optimizer, GradientDescent):
        return "GD"
    return type(optimizer).__name__


class OptimizerRace(Params):
    r"""Several optimizers started from one point of a 2-D surface, stepped together.

    Each iteration, every optimizer takes one step from where it is, using
    the surface's gradient there. The race yields a
    :class:`~skratch.Step` per iteration with every optimizer's position and
    loss, so :func:`skratch.viz.animate` can draw the paths as they grow
    (through :class:`~skratch.viz.RaceVisualizer`).

    Parameters
    ----------
    optimizers : list or dict of optimizers, optional
        The racers: :mod:`skratch.optim` optimizers (or any object with
        ``step(params, grad)`` and ``reset()``), as a list or as a dict from
        label to optimizer. By default six: gradient descent, momentum
        (0.9), Nesterov momentum (0.9), Adagrad, RMSprop and Adam, each at a
        learning rate suited to the surface. The objects given are not
        changed: the race steps copies of them.
    surface : {"rosenbrock", "valley", "saddle"}, Surface or (f, grad), default="rosenbrock"
        The surface: a name from :data:`SURFACES`, a :class:`Surface`, or a
        pair of functions ``f(x, y)`` and ``grad(x, y)`` (which then needs
        ``start``).
    start : (float, float), optional
        The starting point of every optimizer; by default the surface's.
    max_iter : int, default=200
        Iterations: every optimizer takes this many steps.

    Attributes
    ----------
    labels_ : tuple of str
        The optimizers' names, in order.
    positions_ : ndarray of shape (n_optimizers, 2)
        Where each optimizer is now.
    losses_ : ndarray of shape (n_optimizers,)
        The surface's value at each position.
    paths_ : ndarray of shape (n_optimizers, n_iter + 1, 2)
        Every position so far, the start included.
    diverged_ : ndarray of bool, shape (n_optimizers,)
        Optimizers stopped because a step left the floating-point range;
        they stay at their last finite position.
    n_iter_ : int
        Iterations run.

    Notes
    -----
    Every optimizer :math:`k` starts at :math:`\theta^{(k)}_0` = ``start``
    and iterates its own rule on the same surface :math:`f`:

    .. math::

        \theta^{(k)}_{t+1} = \mathrm{step}_k\big(\theta^{(k)}_t,
        \nabla f(\theta^{(k)}_t)\big),

    the rules being those of :mod:`skratch.optim`. The three surfaces:

    * **valley**: :math:`f = x^2/20 + y^2`, a bowl 20 times steeper across
      than along (condition number 20). Gradient descent must keep its rate
      below :math:`2/\lambda_{max} = 1` to be stable across the valley,
      which makes it slow along it.
    * **rosenbrock**: :math:`f = (1 - x)^2 + 100(y - x^2)^2`, a curved,
      flat-bottomed valley around the parabola :math:`y = x^2`; the
      minimum is :math:`f(1, 1) = 0`.
    * **saddle**: :math:`f = x^2/2 + y^4/4 - y^2/2`, with a saddle point at
      the origin between two minima :math:`f(0, \pm 1) = -1/4`. Started
      just off the ridge line :math:`y = 0`, the gradient's :math:`y` part
      is tiny: plain gradient descent lingers by the saddle, adaptive
      methods, which divide by the gradient's size, leave at once.

    ``fit_steps`` yields an "init" step (every optimizer at the start), then
    one "step" step per iteration, whose state holds ``positions``
    (n_optimizers, 2) and ``losses`` (n_optimizers,). The steps carry no
    single loss (``loss=None``): there is one per optimizer.

    This is not an estimator: it learns from no data, so it is not listed
    by :func:`skratch.all_estimators` and takes ``X=None``.

    References
    ----------
    .. [1] S. Ruder, "An overview of gradient descent optimization
       algorithms", arXiv:1609.04747, 2016.
    .. [2] H. H. Rosenbrock, "An automatic method for finding the greatest
       or least value of a function", *The Computer Journal* 3(3), 1960.
    .. [3] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT
       Press, 2016, sections 8.3 and 8.5.

    Examples
    --------
    >>> from skratch.optim import OptimizerRace
    >>> race = OptimizerRace(surface="valley", max_iter=100).fit()
    >>> race.labels_
    ('GD', 'Momentum', 'Nesterov', 'Adagrad', 'RMSprop', 'Adam')
    >>> race.positions_.shape, race.paths_.shape
    ((6, 2), (6, 101, 2))
    >>> bool(race.losses_.max() < 0.01)
    True
    >>> steps = list(OptimizerRace(surface="saddle", max_iter=3).fit_steps())
    >>> [step.kind for step in steps]
    ['init', 'step', 'step', 'step']
    """

    # It races on a surface, not on data: animate(race) needs no X.
    _needs_data = False

    _parameter_constraints = {
        # Each racer is checked when the race starts (_racers).
        "optimizers": [None, list, tuple, dict],
        "surface": [Options(*SURFACES), Surface, list, tuple],
        "start": [None, "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, optimizers=None, surface="rosenbrock", start=None, max_iter=200):
        self.optimizers = optimizers
        self.surface = surface
        self.start = start
        self.max_iter = max_iter

    def get_surface(self):
        """The :class:`Surface` that ``surface`` names or defines.

        Returns
        -------
        Surface
        """
        surface = self.surface
        if isinstance(surface, Surface):
            return surface
        if isinstance(surface, str):
            if surface not in SURFACES:
                raise ValueError(
                    f"Unknown surface={surface!r}; choose one of {sorted(SURFACES)}, or "
                    "pass a pair of functions (f, grad)."
                )
            return SURFACES[surface]
        if (isinstance(surface, (tuple, list)) and len(surface) == 2
                and all(callable(g) for g in surface)):
            f, grad = surface
            name = getattr(f, "__name__", "f")
            return Surface(name if name != "<lambda>" else "f", f, grad)
        raise TypeError(
            "surface must be a name (" + ", ".join(map(repr, sorted(SURFACES)))
            + f"), a Surface or a pair of functions (f, grad); got {surface!r}."
        )

    def _racers(self, surface):
        """(labels, fresh optimizer copies) for this race."""
        if self.optimizers is None:
            if not surface.learning_rates:
                raise ValueError(
                    f"The surface {surface.name!r} suggests no learning rates: pass "
                    "optimizers=[...] (e.g. [GradientDescent(0.01), Adam(0.1)])."
                )
            racers = default_optimizers(surface.learning_rates)
        elif isinstance(self.optimizers, dict):
            racers = dict(self.optimizers)
        elif isinstance(self.optimizers, (list, tuple)):
            racers = {}
            for optimizer in self.optimizers:
                label = _short_label(optimizer)
                number = 2
                while label in racers:
                    label = f"{_short_label(optimizer)} {number}"
                    number += 1
                racers[label] = optimizer
        else:
            raise TypeError(
                f"optimizers must be None, a list or a dict of optimizers; got "
                f"{self.optimizers!r}."
            )
        if not racers:
            raise ValueError("The race needs at least one optimizer.")
        for label, optimizer in racers.items():
            if not (hasattr(optimizer, "step") and hasattr(optimizer, "reset")):
                raise TypeError(
                    f"Racer {label!r} is not an optimizer (it needs step(params, grad) "
                    f"and reset()): {optimizer!r}."
                )
        fresh = [clone(o) if isinstance(o, Optimizer) else copy.deepcopy(o)
                 for o in racers.values()]
        for optimizer in fresh:
            optimizer.reset()
        return tuple(str(label) for label in racers), fresh

    def _start_point(self, surface):
        start = surface.start if self.start is None else self.start
        if start is None:
            raise ValueError(
                "The race needs a start point: pass start=(x, y) (a surface given as "
                "(f, grad) has none of its own)."
            )
        point = np.asarray(start, dtype=float)
        if point.shape != (2,) or not np.all(np.isfinite(point)):
            raise ValueError(f"start must be two finite numbers (x, y), got {start!r}.")
        return point

    def loss(self, points):
        """The surface's value at ``points``.

        Parameters
        ----------
        points : array-like of shape (..., 2)

        Returns
        -------
        ndarray of shape (...)
        """
        points = np.asarray(points, dtype=float)
        return np.asarray(self.get_surface().f(points[..., 0], points[..., 1]), dtype=float)

    def gradient(self, points):
        """The surface's gradient at ``points``.

        Parameters
        ----------
        points : array-like of shape (..., 2)

        Returns
        -------
        ndarray of shape (..., 2)
        """
        points = np.asarray(points, dtype=float)
        gx, gy = self.get_surface().grad(points[..., 0], points[..., 1])
        return np.stack(np.broadcast_arrays(np.asarray(gx, dtype=float),
                                            np.asarray(gy, dtype=float)), axis=-1)

    def fit(self, X=None, y=None):
        """Run the race to the end: :meth:`fit_steps`, consumed.

        Parameters
        ----------
        X, y : ignored
            The race learns from no data; they are accepted so that it can
            be recorded like an estimator.

        Returns
        -------
        self
        """
        for _ in self.fit_steps(X, y):
            pass
        return self

    def fit_steps(self, X=None, y=None):
        """Run the race, yielding every optimizer's position after each iteration.

        Parameters
        ----------
        X, y : ignored

        Yields
        ------
        Step
            "init", then one "step" per iteration.
        """
        surface = self.get_surface()
        start = self._start_point(surface)
        labels, racers = self._racers(surface)
        n_racers = len(racers)

        paths = np.empty((n_racers, self.max_iter + 1, 2))
        paths[:, 0] = start
        losses = np.full(n_racers, float(self.loss(start)))
        diverged = np.zeros(n_racers, dtype=bool)
        self.labels_ = labels
        self._publish(paths, 0, losses, diverged)
        yield Step(index=0, kind="init",
                   message=f"{n_racers} optimizers start at ({start[0]:.3g}, {start[1]:.3g}) "
                           f"on the {surface.name} surface: f = {losses[0]:.4g}",
                   state={"positions": self.positions_, "losses": losses})

        for t in range(1, self.max_iter + 1):
            for k, optimizer in enumerate(racers):
                here = paths[k, t - 1]
                if diverged[k]:
                    paths[k, t] = here
                    continue
                with np.errstate(over="ignore", invalid="ignore"):
                    there = np.asarray(optimizer.step(here, self.gradient(here)), dtype=float)
                    value = float(self.loss(there))
                if np.all(np.isfinite(there)) and math.isfinite(value):
                    paths[k, t], losses[k] = there, value
                else:
                    diverged[k] = True
                    paths[k, t] = here
            self._publish(paths, t, losses, diverged)
            yield Step(index=t, kind="step",
                       message=f"iteration {t}: " + self._standings(labels, losses, diverged),
                       state={"positions": self.positions_, "losses": losses})

    def _publish(self, paths, t, losses, diverged):
        """Set the fitted attributes to the race as it stands after ``t`` iterations."""
        self.paths_ = paths[:, :t + 1].copy()
        self.positions_ = paths[:, t].copy()
        self.losses_ = losses.copy()
        self.diverged_ = diverged.copy()
        self.n_iter_ = t

    @staticmethod
    def _standings(labels, losses, diverged):
        parts = [f"{label} {'diverged' if gone else f'{loss:.3g}'}"
                 for label, loss, gone in zip(labels, losses, diverged)]
        return "f = " + ", ".join(parts)
