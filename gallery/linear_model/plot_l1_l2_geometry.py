"""
=====================================================
The geometry of L1 and L2: the diamond and the circle
=====================================================

Ridge and the Lasso both fit a line by least squares while keeping the
weights small; they differ only in how "small" is measured. Ridge adds
``alpha * ||w||_2^2`` (the squared length of ``w``) to the loss, the Lasso
``alpha * ||w||_1`` (the sum of the absolute values). That one change makes
the Lasso set some weights to *exactly* zero, and Ridge never.

The reason is a picture. A penalised solution ``w*`` is also the best
least-squares fit among all the weights whose penalty is no larger than its
own: the best fit inside a ball. For the L2 penalty the ball is a circle; for
the L1 penalty it is a diamond, with corners on the axes. The solution is
where the smallest contour of the least-squares loss touches the ball. A
circle is touched anywhere; a diamond is most often touched at a corner, and
at a corner one weight is zero.

This lesson draws that picture for two features, as alpha grows.
"""

# %%
# One scale for both penalties
# ----------------------------
#
# scikit-learn's (and skratch's) two models do not scale their penalties the
# same way. :class:`~skratch.linear_model.Lasso` minimises
# ``||y - Xw - b||^2 / (2n) + alpha * ||w||_1`` while
# :class:`~skratch.linear_model.Ridge` minimises
# ``||y - Xw - b||^2 + alpha * ||w||_2^2``, with no ``1 / (2n)``. Divide
# Ridge's objective by ``2n``: ``Ridge(alpha=2 * n * a)`` weighs its penalty
# against the squared error exactly as ``Lasso(alpha=a)`` does. So below, each
# frame shows the Lasso at ``alpha`` and Ridge at ``2 * n * alpha``.
#
# :func:`~skratch.linear_model.regularization_path` fits a model once per
# alpha and returns the solutions as a :class:`~skratch.Trace`, one step per
# alpha, which can be animated like a training run.

import matplotlib.pyplot as plt
import numpy as np

from skratch.datasets import make_regression
from skratch.linear_model import Lasso, Ridge, regularization_path
from skratch.viz import (CoefficientPathVisualizer, RegularizationGeometryVisualizer,
                         animate)

rng = np.random.default_rng(0)
n = 50
X = rng.normal(size=(n, 2)) @ [[1.0, 0.4], [0.0, 0.8]]  # two correlated features
y = X @ [2.5, 1.0] + rng.normal(0, 1.0, n)

alphas = np.geomspace(0.02, 3, 30)
lasso_path = regularization_path(Lasso(tol=1e-10), X, y, alphas)
ridge_path = regularization_path(Ridge(), X, y, 2 * n * alphas)

# %%
# Watch the balls shrink
# ----------------------

anim = animate(lasso_path, visualizer=RegularizationGeometryVisualizer,
               compare=ridge_path, max_frames=30, fps=4, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **The contours** (blue rings) are the least-squares loss: its minimum is
#   the cross, the least-squares solution ``ŵ``, where both models start
#   when alpha is tiny.
# * **The coloured ball** holds the weights whose penalty is at most that of
#   the current solution: a diamond ``|w0| + |w1| <= |w*|_1`` on the left, a
#   circle ``w0² + w1² <= |w*|²`` in the middle. The dashed ring is the
#   contour through the solution: it just *touches* the ball there, never
#   enters it. A smaller contour would need weights outside the ball.
# * **As alpha grows** the balls shrink and the solutions slide from ``ŵ``
#   towards 0. The circle's solution slides smoothly, both weights shrinking
#   together. The diamond's solution slides along its edge until it reaches
#   the corner on the ``w0`` axis: from then on ``w1`` is exactly 0 and only
#   ``w0`` shrinks, until it too is 0.
# * **Right**, the two weights against alpha: the solid Lasso lines hit zero
#   one after the other, at finite alphas; the dashed Ridge lines only
#   approach it.

# %%
# Many features: the coefficient paths
# ------------------------------------
#
# With more features there is no picture of the balls, but the same story
# shows in the paths of the weights. Ten features, five of them useful, some
# correlated. As alpha shrinks from the right, the Lasso lets the weights in
# one at a time: a built-in feature selection.

X10, y10 = make_regression(n_samples=100, n_features=10, n_informative=5,
                           effective_rank=5, noise=5.0, random_state=1)
alphas10 = np.geomspace(1e-4, 1, 40)
lasso10 = regularization_path(Lasso(tol=1e-8, max_iter=10_000), X10, y10, alphas10)
anim_paths = animate(lasso10, visualizer=CoefficientPathVisualizer,
                     max_frames=30, fps=4, dpi=144)
anim_paths

# %%
# The same data under Ridge, on the same scale (``2n`` times the alphas), as
# a still figure drawn from the two traces: every weight shrinks, none
# becomes zero, and correlated features share their weight instead of one
# taking it all. (The squared penalty punishes large weights far more than
# the absolute one, so on this common scale Ridge shrinks these large
# weights sooner.)

ridge10 = regularization_path(Ridge(), X10, y10, 2 * len(y10) * alphas10)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True, dpi=144,
                         layout="constrained")
for ax, trace, name in ((axes[0], lasso10, "Lasso"), (axes[1], ridge10, "Ridge")):
    coefs = np.array([step.state["coef"] for step in trace.steps])
    ax.semilogx(alphas10, coefs)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_title(f"{name} coefficient paths")
    ax.set_xlabel("alpha (Lasso's scale; Ridge at 2n × alpha)")
axes[0].set_ylabel("weight")
plt.show()

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.Lasso`,
#   :class:`~skratch.linear_model.Ridge` and
#   :func:`~skratch.linear_model.regularization_path`; the next lesson,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_lasso_coordinate_descent.py`,
#   shows how the Lasso finds its corner.
# * scikit-learn's user guide on `Ridge regression
#   <https://scikit-learn.org/stable/modules/linear_model.html#ridge-regression-and-classification>`_
#   and the `Lasso
#   <https://scikit-learn.org/stable/modules/linear_model.html#lasso>`_.
# * T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, section 3.4: the
#   diamond and the circle are its Figure 3.11, the coefficient paths its
#   Figures 3.8 and 3.10.
