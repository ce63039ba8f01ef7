"""
===============================
Gradient descent fitting a line
===============================

A line ``y = w x + b`` fits a cloud of points best when its mean squared
error, the average of the squared vertical gaps between the points and the
line, is smallest. That error is a function ``L(w, b)`` of the two numbers
that define the line, and for a line it is a bowl: one lowest point, the
least-squares line.

Gradient descent finds the bottom of the bowl by walking downhill. It starts
from ``w = 0, b = 0`` and repeats one move: compute the gradient (the
direction in which the loss rises fastest) and step the other way, by a
length proportional to the learning rate ``eta``::

    w  <-  w - eta * dL/dw
    b  <-  b - eta * dL/db

This lesson watches that walk, one iteration per frame.
"""

# %%
# The data and the model
# ----------------------
#
# Sixty points scattered around the line ``y = 1.5 x + 2``, with ``x``
# between 0 and 4. The model is the same
# :class:`~skratch.linear_model.LinearRegression` you would fit in one line
# of linear algebra, asked to use gradient descent instead
# (``solver="gd"``) so that every iteration can be seen.

import numpy as np

from skratch.linear_model import LinearRegression
from skratch.viz import animate

rng = np.random.default_rng(0)
x = rng.uniform(0, 4, size=60)
X = x.reshape(-1, 1)
y = 1.5 * x + 2 + rng.normal(0, 0.8, size=60)

model = LinearRegression(solver="gd", learning_rate=0.05)

# %%
# Watch it learn
# --------------
#
# :func:`~skratch.viz.animate` fits the model through its ``fit_steps``
# generator, recording every step, and draws them. The run of about six
# hundred iterations is shown in 40 frames: every one of the first twenty,
# where the line moves most, then fewer and fewer.

anim = animate(model, X, y, max_frames=40, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **Left, the data.** The orange line starts flat, through the origin,
#   and tilts up past the dashed black least-squares line, then slides
#   back towards it. Large early moves, then smaller and smaller ones.
# * **Middle, the loss surface.** Each white line joins the ``(w, b)``
#   with the same error: the contours are ellipses around the star, the
#   least-squares line, and the darker the blue, the smaller the error.
#   Both axes have the same scale (a unit of ``w`` is as long as a unit of
#   ``b``), so the ellipses have their true shape. They are long and
#   tilted: with every ``x`` positive, a steeper slope can be traded for a
#   lower intercept at little cost. The orange path crosses each contour at
#   a right angle (the gradient is perpendicular to the contours), so it
#   first runs straight down the steep wall to the floor of the valley, then
#   turns and walks along it to the star: a bent path, not a straight line.
# * **Right, the loss**, on a linear axis. It falls from about 30 to under
#   1 in a few iterations, while the path drops to the valley floor, then
#   lies almost on the dashed line, the least-squares loss, for the long
#   walk along the valley: there the loss hardly changes, and the gradient,
#   and so the step, is small.
#
# After each step the model is a usable model of that moment, so the same
# frames could be made by hand: ``for step in model.fit_steps(X, y): ...``
# with ``model.predict`` inside the loop.

# %%
# With a penalty: Ridge
# ---------------------
#
# :class:`~skratch.linear_model.Ridge` adds ``alpha * w²`` to the squared
# errors (the intercept is not penalised). The bowl gets a second pull,
# towards ``w = 0``, so its bottom moves: the fitted slope is smaller than
# the least-squares one. Here ``alpha`` is about the spread of ``x``,
# ``sum((x - mean(x))²)``, which roughly halves the slope.

from skratch.linear_model import Ridge

spread = float(((X - X.mean()) ** 2).sum())
ridge = Ridge(alpha=spread, solver="gd", learning_rate=0.05)
ridge_anim = animate(ridge, X, y, max_frames=40, dpi=144)
ridge_anim

# %%
# The contours are now those of Ridge's objective (the loss axis says
# ``MSE + αw²/n``: the objective divided by the number of points), and the
# star, its minimum, sits at a smaller ``w`` (and a higher ``b``) than the
# least-squares line of the first animation; the path walks to it the same
# way, down the wall, then along the valley.

print(f"alpha = {spread:.1f}: Ridge slope {ridge.coef_[0]:.2f}, "
      f"least squares {model.coef_[0]:.2f}")

# %%
# The descent in code
# -------------------
#
# With the residuals :math:`r_i = w x_i + b - y_i`, the loss and its
# gradient are
#
# .. math::
#
#    L(w, b) = \frac{1}{n} \sum_i r_i^2, \qquad
#    \frac{\partial L}{\partial w} = \frac{2}{n} \sum_i r_i x_i, \qquad
#    \frac{\partial L}{\partial b} = \frac{2}{n} \sum_i r_i
#
# Skratch keeps the weights and the intercept in one array ``Theta`` and
# computes the gradient of all of them with one matrix product, ``X.T @ R``
# (``s`` is for sample weights, ``alpha`` for Ridge's penalty; neither is
# used here). These are the lines that ran, read from the package when this
# page was built:

from skratch.linear_model._base import _LeastSquaresLoss
from skratch.optim import gradient_descent
from skratch.utils import show_source

show_source(_LeastSquaresLoss._gradient)

# %%
# Every gradient solver in skratch (this one, Ridge's and logistic
# regression's) runs the same loop: stop when the gradient is small, else
# let the optimizer take a step (here plain gradient descent,
# :math:`\theta \leftarrow \theta - \eta \nabla L`), evaluate the loss
# there, and stop with a warning if it has blown up. Each ``yield`` is one
# frame of the animation above.

show_source(gradient_descent, docstring=False)

# %%
# The same answer as the closed form
# ----------------------------------
#
# Gradient descent stops when the gradient is almost zero. The line it found
# is the least-squares line that the normal equations give directly.

exact = LinearRegression().fit(X, y)
print(f"gradient descent: w = {model.coef_[0]:.4f}, "
      f"b = {model.intercept_:.4f} after {model.n_iter_} iterations")
print(f"closed form:      w = {exact.coef_[0]:.4f}, "
      f"b = {exact.intercept_:.4f}")

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.LinearRegression`
#   (its Notes give the gradient) and of :func:`~skratch.viz.animate`.
# * The next lesson, :ref:`sphx_glr_docs_auto_examples_linear_model_plot_learning_rate.py`,
#   changes the learning rate.
# * scikit-learn's user guide on `ordinary least squares
#   <https://scikit-learn.org/stable/modules/linear_model.html#ordinary-least-squares>`_.
# * T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, section 3.2 (least
#   squares); S. Boyd and L. Vandenberghe, `Convex Optimization
#   <https://web.stanford.edu/~boyd/cvxbook/>`_, section 9.3 (gradient
#   descent).
