"""
=========================================
Logistic regression learning its boundary
=========================================

Logistic regression is a classifier built from a line. It gives every point
``x`` a score ``z = w . x + b`` and turns the score into a probability with
the sigmoid::

    P(class 1 | x) = 1 / (1 + exp(-z))

A score of 0 means "50/50", so the model's boundary is the line
``w . x + b = 0``; far on one side of it the probability goes to 1, far on
the other to 0. The direction of ``w`` turns the line, ``b`` slides it, and
the length of ``w`` decides how quickly the probability changes across it:
how sure the model is.

Training chooses ``w`` and ``b`` to make the observed labels as probable as
possible, that is, to minimise the *log-loss*, the average of
``-log P(true class | x)``, plus a penalty on the size of ``w`` that
scikit-learn controls with ``C`` (smaller ``C``, stronger penalty). This
lesson watches that happen, first by gradient descent, then by Newton's
method, then with three classes.
"""

# %%
# The data and the model
# ----------------------
#
# Two overlapping clouds of points, so that no line separates them
# perfectly. The model is :class:`~skratch.linear_model.LogisticRegression`
# with scikit-learn's objective and defaults, asked to use plain gradient
# descent (``solver="gd"``) so that every small step can be seen.

from skratch.datasets import make_blobs
from skratch.linear_model import LogisticRegression
from skratch.viz import animate

X, y = make_blobs(n_samples=150, centers=[[-1.5, 1.0], [1.5, -0.5]],
                  cluster_std=1.3, random_state=0)

model = LogisticRegression(solver="gd", learning_rate=0.5, max_iter=500)

# %%
# Watch it learn
# --------------
#
# Gradient descent starts from ``w = 0, b = 0``, where every probability is
# 1/2, and at each iteration moves the parameters against the gradient of
# the loss, ``X^T (p - y) / n`` plus the penalty's pull towards zero.

anim = animate(model, X, y, max_frames=30, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **Left, the probability surface.** At the start the plane is white:
#   every point is a coin toss. After one step the boundary (the solid line)
#   already points roughly the right way: the first gradient is the
#   difference between the two classes' means. Then it turns and slides to
#   where the two clouds meet.
# * **The dashed lines** are where the model says 10 % and 90 %. Between
#   them it is unsure. The band narrows as ``w`` grows: the model becomes
#   more confident as it fits. With classes that a line separates it would
#   narrow for ever; here the points on the wrong side cost more log-loss
#   the sharper the band, and that (with the penalty, ``C=1``) stops it.
# * **Ringed points** are those the current model gets wrong. Some remain at
#   the end: the clouds overlap, and the best line still misclassifies the
#   points on the wrong side of it. Logistic regression does not chase them;
#   it weighs every point by how surprised the model is by it.
# * **Right, the loss.** It falls fast while the boundary turns, then slowly
#   while the band sharpens. Gradient descent takes a few hundred small
#   steps to get there.

# %%
# Newton's method: the same line in a handful of steps
# ----------------------------------------------------
#
# The default solver, ``solver="newton"``, also uses the curvature of the
# loss (its Hessian, ``X^T diag(p (1 - p)) X / n`` plus the penalty): each
# step jumps to the bottom of the quadratic bowl that fits the loss at the
# current point. Near the minimum the bowl is almost exact and the number of
# correct digits doubles at every step.

newton = LogisticRegression()
newton_anim = animate(newton, X, y, dpi=144)
newton_anim

# %%
# Both solvers minimise the same objective, scikit-learn's
# ``C * sum(log-loss) + ||w||^2 / 2``, so they find the same line.

print(f"gradient descent: w = {model.coef_[0].round(3)}, b = {model.intercept_[0]:.3f} "
      f"after {model.n_iter_[0]} iterations")
print(f"Newton's method:  w = {newton.coef_[0].round(3)}, b = {newton.intercept_[0]:.3f} "
      f"after {newton.n_iter_[0]} iterations")
print(f"training accuracy: {newton.score(X, y):.1%}")

# %%
# More than two classes
# ---------------------
#
# With ``K`` classes each has its own score ``z_k = w_k . x + b_k``, and the
# probabilities are their *softmax*, ``exp(z_k) / sum_j exp(z_j)``. Each
# place is shaded in the colour of its most probable class, paler where the
# model is less sure; the boundaries are the lines where two classes' scores
# tie, each kept only where those two beat the rest.

X3, y3 = make_blobs(n_samples=180, centers=3, cluster_std=2.5, random_state=4)
three = animate(LogisticRegression(), X3, y3, dpi=144)
three

# %%
# The gradient in code
# --------------------
#
# Both solvers need the gradient of the objective. With the features and a
# column of ones in :math:`A` (so the intercept is one more weight), the
# predicted probabilities :math:`P` and the labels :math:`Y` as 0/1 columns,
# it is the features weighted by the errors of the probabilities, plus the
# penalty's pull on the weights (not on the intercept):
#
# .. math::
#
#    \nabla L = \frac{1}{n} A^\top (P - Y) + \alpha W, \qquad
#    \alpha = \frac{1}{nC}
#
# (skratch minimises scikit-learn's objective divided by :math:`nC`, the same
# minimiser.)
# These are the lines of skratch that compute it, read from the package when
# this page was built (``v`` holds sample weights, none here, and ``V`` is
# their sum, :math:`n` here):

from skratch.linear_model._logistic import _LogisticLoss
from skratch.utils import show_source

show_source(_LogisticLoss._gradient, docstring=False)

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.LogisticRegression`
#   (its Notes give the objective, the gradient and the Hessian) and of
#   :class:`~skratch.viz.LogisticRegressionVisualizer`.
# * The lesson on the learning rate,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_learning_rate.py`:
#   the same rules for the step size hold here.
# * scikit-learn's user guide on `logistic regression
#   <https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression>`_.
# * T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, section 4.4
#   (logistic regression, fitted by Newton's method); S. Boyd and
#   L. Vandenberghe, `Convex Optimization
#   <https://web.stanford.edu/~boyd/cvxbook/>`_, section 9.5 (Newton's method).
