"""
=================================================
Stochastic against batch gradient descent
=================================================

Batch gradient descent, as in
:ref:`the first lesson <sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent.py>`,
computes the gradient of the loss on the *whole* training set before each
step: one step per pass over the data. With a million points, that is a
million terms for a single step.

Stochastic gradient descent (SGD) steps after *every point*, using that one
point's gradient as a cheap, noisy estimate of the whole one::

    for each point (x_i, y_i), in a random order:
        w  <-  w - eta * (w x_i + b - y_i) * x_i
        b  <-  b - eta * (w x_i + b - y_i)

One pass over the data (an *epoch*) is then ``n`` steps instead of one. This
lesson runs both on the same line-fitting problem and puts their paths on
the same loss surface.
"""

# %%
# The data and the model
# ----------------------
#
# The sixty points of the gradient-descent lesson. The model is
# :class:`~skratch.linear_model.SGDRegressor`, here with a constant step size
# ``eta0 = 0.05`` and no penalty, and a step recorded after every point
# (``step_per="batch"``; by default SGD records one step per epoch).

import warnings

import matplotlib.pyplot as plt
import numpy as np

from skratch.datasets import make_regression
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import LinearRegression, SGDRegressor
from skratch.viz import animate

X, y = make_regression(n_samples=60, n_features=1, noise=15, random_state=0)

sgd = SGDRegressor(learning_rate="constant", eta0=0.05, penalty=None,
                   step_per="batch", max_iter=5, tol=None, random_state=0)

# %%
# Watch it learn
# --------------
#
# Five epochs of sixty points are three hundred steps, shown in 40 frames:
# every step of the first third of the first epoch, then fewer and fewer.
# The panels are those of batch gradient descent: the line, the path on the
# surface of the mean squared error ``L(w, b)`` of the whole data set, and
# that error by step.

anim = animate(sgd, X, y, max_frames=40, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **The ringed point** (left) is the one whose error made the step: the
#   line swings towards it.
# * **The path zig-zags.** Each step follows one point's gradient, and one
#   point's error ``(w x_i + b - y_i)^2`` is not a bowl but a valley: it is
#   zero on a whole line of ``(w, b)``. Each step heads for that line,
#   perpendicularly, not for the bottom of the bowl. On average the steps
#   point downhill, which is all SGD needs.
# * **It is fast at first.** Within the first epoch, sixty cheap steps, the
#   path is near the bottom. Batch gradient descent needs dozens of passes
#   over the data to get as close.
# * **It never settles.** With a constant step size the last steps are as
#   long as the first ones, and the points still disagree: the path keeps
#   wandering in a small cloud around the optimum, and the loss curve stays
#   ragged, just above the least-squares loss.

# %%
# One SGD step in code
# --------------------
#
# With :math:`a_i = (x_i, 1)` and :math:`\theta = (w, b)`, a step on a
# mini-batch :math:`B` (here one point) follows the gradient of that batch's
# loss only:
#
# .. math::
#
#    \begin{aligned}
#    \theta &\leftarrow \theta - \eta\, \frac{1}{|B|} \sum_{i \in B}
#    L'(a_i^\top \theta, y_i)\, a_i \\
#    L(p, y) &= \tfrac12 (p - y)^2, \qquad L'(p, y) = p - y
#    \end{aligned}
#
# The squared error and its derivative, then the epoch's loop, read from the
# package when this page was built. The lines that make the step are
# ``grad = ...`` and ``run.optimizer.step(theta, grad)``; the rest handles
# the penalties, averaging and schedules this run does not use.

from skratch.linear_model._stochastic_gradient import _squared_error
from skratch.utils import show_source

show_source(_squared_error)

# %%

show_source(SGDRegressor._one_pass, docstring=False)

# %%
# Same surface, four ways down
# ----------------------------
#
# Every step's ``coef`` and ``intercept`` are kept in the recorded trace, so
# runs can be compared on one picture. Besides the run above: batch
# gradient descent (:class:`~skratch.linear_model.LinearRegression` with
# ``solver="gd"``, as in the first lesson), SGD in *mini-batches* of ten
# points (each step averages ten gradients: less noise, six steps per
# epoch, and room for a larger step, ``eta0 = 0.25``), and SGD whose step
# size shrinks as ``eta0 / sqrt(t)``
# (``learning_rate="invscaling"``, ``power_t=0.5``). The horizontal axis
# counts passes over the data, the fair measure of work: a batch step costs
# one pass, an SGD step ``1/60`` of one.

n = len(X)
runs = {
    "batch gradient descent": (
        LinearRegression(solver="gd", learning_rate=0.1, max_iter=20), 1.0),
    "SGD, constant step": (
        SGDRegressor(learning_rate="constant", eta0=0.05, penalty=None,
                     step_per="batch", max_iter=20, tol=None, random_state=0), 1 / n),
    "SGD, mini-batches of 10": (
        SGDRegressor(learning_rate="constant", eta0=0.25, penalty=None, batch_size=10,
                     step_per="batch", max_iter=20, tol=None, random_state=0), 10 / n),
    "SGD, step shrinking as 1/sqrt(t)": (
        SGDRegressor(learning_rate="invscaling", eta0=0.1, power_t=0.5, penalty=None,
                     step_per="batch", max_iter=20, tol=None, random_state=0), 1 / n),
}

best = LinearRegression().fit(X, y)
x = X[:, 0]


def mse(w, b):
    return np.mean((np.multiply.outer(w, x) + np.asarray(b)[..., None] - y) ** 2, axis=-1)


fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained")
W, B = np.meshgrid(np.linspace(-5, 55, 150), np.linspace(-12, 12, 150))
surface = mse(W, B)
ax_path.contourf(W, B, surface, levels=best.loss_ + (surface.max() - best.loss_)
                 * np.linspace(0, 1, 16) ** 2, cmap="Blues_r")
for (label, (model, passes_per_step)), color in zip(runs.items(), plt.cm.Dark2.colors):
    with warnings.catch_warnings():
        # Twenty passes are not enough for batch gradient descent to meet its
        # tolerance, and it would say so: the comparison is at equal work.
        warnings.simplefilter("ignore", ConvergenceWarning)
        steps = [s for s in model.fit_steps(X, y) if s.kind != "epoch"]
    w = np.array([float(np.ravel(s.state["coef"])[0]) for s in steps])
    b = np.array([float(np.ravel(s.state["intercept"])[0]) for s in steps])
    ax_path.plot(w, b, "-", color=color, lw=1.1, alpha=0.9, label=label)
    passes = np.arange(len(steps)) * passes_per_step
    ax_loss.plot(passes, mse(w, b) - best.loss_, color=color, lw=1.1, alpha=0.9,
                 label=label)
ax_path.plot(best.coef_[0], best.intercept_, "*", color="black", ms=14, mec="white",
             label="least squares")
ax_path.set(xlabel="w (slope)", ylabel="b (intercept)", title="Paths on L(w, b)")
ax_path.legend(fontsize=8, loc="lower right")
ax_loss.set_yscale("log")
ax_loss.set(xlabel="passes over the data", ylabel="L(w, b) - least-squares loss",
            title="Loss above the minimum, by work done", xlim=(0, 20))
ax_loss.legend(fontsize=8)
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# What the comparison shows
# -------------------------
#
# * **Batch gradient descent** (on the log scale a straight line) closes the
#   same fraction of the gap at every pass: slow to start, but it goes all
#   the way down, as far as the floating point allows.
# * **SGD with a constant step** gets most of the way within one pass, then
#   stalls on a ragged floor: its noise. For small steps the floor is
#   roughly proportional to the step size: halve ``eta0`` and it halves,
#   but the start slows down.
# * **Mini-batches** average ten gradients per step, which divides the
#   variance of a step's gradient by about ten: even with a five times
#   larger step the floor is lower, and there are still six steps per pass.
#   Averaging also lets the arithmetic run on whole arrays at once, which is
#   why neural networks are trained that way.
# * **A shrinking step** keeps SGD's fast start and lets the cloud contract:
#   the loss keeps going down, slowly. The classical conditions of
#   stochastic approximation (Robbins and Monro, 1951) ask for steps whose
#   sum is infinite but whose squares have a finite sum, like ``1/t``;
#   ``1/sqrt(t)`` shrinks more gently, trading slower settling for a faster
#   start.
#
# On sixty points all of this takes milliseconds; on data too large to
# visit many times, SGD's cheap early progress is what makes learning
# possible at all.

for label, (model, _) in runs.items():
    print(f"{label:34s} w = {np.ravel(model.coef_)[0]:7.3f}, "
          f"b = {np.ravel(model.intercept_)[0]:6.3f}")
print(f"{'least squares':34s} w = {best.coef_[0]:7.3f}, b = {best.intercept_:6.3f}")

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.SGDRegressor` (its
#   Notes give the update, the learning-rate schedules and the stopping
#   rule), and the previous lessons,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent.py`
#   and :ref:`sphx_glr_docs_auto_examples_linear_model_plot_perceptron.py`.
# * scikit-learn's user guide on `stochastic gradient descent
#   <https://scikit-learn.org/stable/modules/sgd.html>`_.
# * L. Bottou, F. E. Curtis and J. Nocedal, `Optimization methods for
#   large-scale machine learning <https://arxiv.org/abs/1606.04838>`_, SIAM
#   Review, 2018, sections 3 and 4; L. Bottou, "Stochastic gradient descent
#   tricks", in *Neural Networks: Tricks of the Trade*, 2012.
