"""
=====================================================
The optimizers race: six update rules, three surfaces
=====================================================

Every gradient-based model trains with the same loop: look at the gradient
``g`` of the loss where the parameters ``theta`` are, and move. What differs
is the *update rule*, how ``g`` becomes a step:

* **gradient descent** steps by ``-eta * g``: long steps where the surface
  is steep, short ones where it is flat;
* **momentum** keeps a velocity, ``v <- mu * v - eta * g``, and steps by
  ``v``: steps that keep pointing the same way add up, like a ball rolling
  downhill (``mu = 0.9`` here);
* **Nesterov momentum** does the same but corrects the step with the
  gradient at the point the velocity is about to carry it to: a ball that
  looks ahead;
* **Adagrad** divides each coordinate of the step by the square root of
  the sum of all that coordinate's squared gradients so far, so its steps
  shrink over time;
* **RMSprop** divides by a running average of the squared gradients
  instead, so its steps do not shrink for ever;
* **Adam** combines the two ideas: a running average of the gradients
  (momentum) divided by a running average of their squares (RMSprop), with
  a correction for the averages starting at zero.

The last three divide the gradient by its own size, coordinate by
coordinate. This lesson starts all six from the same point on three small
surfaces and lets them race, drawing each path as it goes.
"""

# %%
# The racers
# ----------
#
# :class:`~skratch.optim.OptimizerRace` steps every optimizer of
# :mod:`skratch.optim` together, one iteration per step. By default it
# races the six above, each with a learning rate that suits the surface
# (there is no rate that suits all six, as their steps are measured in
# different units). The race learns from no data, so it is animated
# without any.

from skratch.optim import OptimizerRace
from skratch.viz import animate

for surface in ("valley", "rosenbrock", "saddle"):
    rates = dict(OptimizerRace(surface=surface).get_surface().learning_rates)
    print(f"{surface:>10}: " + ", ".join(f"{name} {rate:g}" for name, rate in rates.items()))

# %%
# The rules in code
# -----------------
#
# Each optimizer is a small class whose ``_update`` method is its rule, and
# the race calls ``step(theta, g)`` on each, once per iteration. Gradient
# descent with momentum ``mu`` and rate ``eta``:
#
# .. math::
#
#    v \leftarrow \mu v - \eta g, \qquad \theta \leftarrow \theta + v
#
# (Nesterov's look-ahead steps by :math:`\mu v - \eta g` instead of
# :math:`v`.) The lines of skratch that carry it out, read from the package when this
# page was built:

from skratch.optim import Adam, GradientDescent
from skratch.utils import show_source

show_source(GradientDescent._update)

# %%
# Adam keeps two running averages, of the gradients and of their squares,
# corrects both for starting at zero (``t`` counts the steps), and divides
# one by the square root of the other:
#
# .. math::
#
#    \begin{aligned}
#    m &\leftarrow \beta_1 m + (1 - \beta_1)\, g \\
#    v &\leftarrow \beta_2 v + (1 - \beta_2)\, g^2 \\
#    \theta &\leftarrow \theta - \eta\,
#    \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}
#    \end{aligned}

show_source(Adam._update)

# %%
# A narrow valley
# ---------------
#
# The bowl ``f = x²/20 + y²`` is twenty times steeper across (in ``y``)
# than along (in ``x``). Everyone starts at the top left and must reach the
# star.

valley_race = OptimizerRace(surface="valley", max_iter=120)
valley = animate(valley_race, max_frames=40, dpi=144)
valley

# %%
# What to look at:
#
# * **Gradient descent (blue) zig-zags.** Its rate must stay below
#   ``2 / 2 = 1`` for the steep direction (``2`` is the curvature across
#   the valley), and at ``0.9`` every step overshoots the valley floor and
#   lands on the opposite wall, a little lower each time. Along the floor
#   the same rate is timid: ``x`` shrinks by only 9% per step.
# * **Momentum (orange) overshoots the minimum.** The velocity it builds
#   along the floor carries it well past the star (to ``x`` = 1.4), then
#   back: it spirals in, and its loss curve bounces. With ``mu = 0.9``
#   every gradient keeps pushing for about ``1 / (1 − mu) = 10`` steps.
# * **Nesterov (red)** overshoots less: its look-ahead gradient already
#   points back before it gets there.
# * **RMSprop (cyan), Adam (purple) and Adagrad (green) set off at 45°**,
#   although the valley's wall is far steeper than its floor: their first
#   step is the same size in ``x`` and in ``y``. The next cell measures it.
# * **RMSprop never settles**: near the bottom its steps, divided by ever
#   smaller gradients, stay about as long as its rate, and it hops around
#   the star; the loss curve stops falling. Adam averages the gradients,
#   whose signs alternate as it hops, and remembers the squared gradients
#   for longer (``beta2 = 0.999``), so its steps do shrink.
#
# Here the adaptive methods are flattered: the valley is aligned with the
# axes, which is exactly the case their per-coordinate scaling fixes. Turn
# the valley by 45° and that advantage is gone.

# %%
# Sign-like steps
# ---------------
#
# The first step of every racer, from the same start. Gradient descent
# steps along the gradient, whose ``y`` part is 3.6 times its ``x`` part;
# the adaptive methods divide each coordinate by the size of its own
# gradient, so their first step is ``eta * sign(g)`` (RMSprop's is
# ``eta / sqrt(1 - rho)`` per coordinate, as its average starts at zero).

first_steps = valley_race.paths_[:, 1] - valley_race.paths_[:, 0]
for name, (dx, dy) in zip(valley_race.labels_, first_steps):
    print(f"{name:>9}: dx = {dx:+.3f}, dy = {dy:+.3f}, |dy/dx| = {abs(dy / dx):.2f}")

# %%
# Rosenbrock's banana
# -------------------
#
# ``f = (1 − x)² + 100 (y − x²)²`` is a curved valley with steep walls and
# an almost flat floor along the parabola ``y = x²``; the minimum is at
# ``(1, 1)``. The contours are spaced logarithmically: the floor is
# thousands of times lower than the walls. Getting into the valley is
# easy; travelling along its bent floor is the hard part, so this race is
# longer.

banana_race = OptimizerRace(surface="rosenbrock", max_iter=500)
banana = animate(banana_race, max_frames=40, dpi=144)
banana

# %%
# What to look at:
#
# * Within a few steps everyone is on the valley floor; then the loss
#   curves flatten: the race along the floor begins.
# * **Gradient descent crawls.** The steep walls cap its rate (about
#   ``2 / 1300``, from the largest curvature), and on the nearly flat floor
#   that rate makes little progress. After 500 steps it is still on the
#   left arm.
# * **Momentum and Nesterov win**: along the floor the gradient keeps
#   pointing the same way, so their velocity builds up, ten times the
#   step of plain descent.
# * **Adagrad's first step is a leap** of its rate, 1, in both coordinates
#   (out of the valley and back); then its steps shrink steadily, as the
#   squared gradients pile up, and it slows down long before the end.
# * **Adam** overshoots and circles back at first (its momentum), then
#   follows the floor smoothly. **RMSprop** follows it too, but hopping from
#   one wall to the other at almost every step: its sign-like steps do not
#   shrink where the valley narrows.

for name, loss in zip(banana_race.labels_, banana_race.losses_):
    print(f"{name:>9}: f = {loss:.3g} after {banana_race.n_iter_} iterations")

# %%
# A saddle
# --------
#
# ``f = x²/2 + y⁴/4 − y²/2`` has a saddle point at the origin: a minimum
# along ``x``, a maximum along ``y``; the two real minima are at
# ``(0, ±1)``. Everyone starts at ``(−2, 0.001)``, a hair above the ridge
# line ``y = 0``, where the gradient's ``y`` part is tiny.

saddle_race = OptimizerRace(surface="saddle", max_iter=150)
saddle = animate(saddle_race, max_frames=40, dpi=144)
saddle

# %%
# What to look at:
#
# * **Gradient descent goes straight to the saddle point and waits.** At
#   the saddle the gradient is (almost) zero, so the steps are too; the
#   loss curve shows a long plateau. The small ``y`` offset grows by 10% per
#   step and only after some 60 iterations is it large enough to slide
#   down to a minimum. Started exactly on ``y = 0``, it would never leave.
# * **Momentum and Nesterov** carry their speed past the saddle along
#   ``x``, come back, and leave at about the same time as plain descent:
#   momentum amplifies a direction only once the path moves along it.
# * **The adaptive methods escape at once.** Divided by its own tiny size,
#   the ``y`` part of the gradient gives a step as large as the ``x``
#   part: they head diagonally for the minimum at ``(0, 1)`` from the
#   first step. Saddle points abound in the losses of neural networks, one
#   of the reasons those methods are popular there.

for name, path in zip(saddle_race.labels_, saddle_race.paths_):
    escaped = int((path[:, 1] > 0.5).argmax())
    print(f"{name:>9}: y > 0.5 from iteration {escaped}")

# %%
# Where to read more
# ------------------
#
# * The optimizers' API reference: :class:`~skratch.optim.GradientDescent`
#   (momentum and Nesterov), :class:`~skratch.optim.Adagrad`,
#   :class:`~skratch.optim.RMSprop`, :class:`~skratch.optim.Adam`, and
#   :class:`~skratch.optim.OptimizerRace`, whose ``optimizers`` and
#   ``surface`` parameters race your own choices, on your own function.
# * S. Ruder, `An overview of gradient descent optimization algorithms
#   <https://arxiv.org/abs/1609.04747>`_, 2016: every rule above, side by
#   side.
# * G. Goh, `Why Momentum Really Works <https://distill.pub/2017/momentum/>`_,
#   Distill, 2017: momentum on a quadratic valley, with interactive
#   figures.
# * I. Goodfellow, Y. Bengio and A. Courville, `Deep Learning
#   <https://www.deeplearningbook.org/>`_, MIT Press, 2016, sections 8.3
#   (momentum) and 8.5 (adaptive learning rates).
# * D. P. Kingma and J. Ba, `Adam: A Method for Stochastic Optimization
#   <https://arxiv.org/abs/1412.6980>`_, ICLR 2015.
# * Y. Dauphin et al., `Identifying and attacking the saddle point problem
#   in high-dimensional non-convex optimization
#   <https://arxiv.org/abs/1406.2572>`_, NeurIPS 2014.
