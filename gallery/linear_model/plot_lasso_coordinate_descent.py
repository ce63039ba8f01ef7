"""
=====================================================
Lasso by coordinate descent, one coordinate at a time
=====================================================

The Lasso minimises ``P(w) = ||y - Xw - b||^2 / (2n) + alpha * ||w||_1``. The
absolute values have a kink at zero, so there is no gradient to follow there
and no formula for the whole solution. But along *one* weight, with the others
held fixed, the minimum has a formula. Coordinate descent uses it: it
minimises over ``w0``, then over ``w1``, then ``w0`` again, and so on, each
move parallel to an axis.

The one-weight minimum is a *soft threshold*. Let ``z_j`` be how strongly
feature ``j`` correlates with what the other features leave unexplained (the
partial residual), and ``c_j = ||x_j||^2 / n`` the feature's scale. Then::

    w_j  <-  S(z_j, alpha) / c_j,     S(z, alpha) = sign(z) * max(|z| - alpha, 0)

If ``|z_j| <= alpha`` the feature does not earn its penalty and its weight is
set to **exactly zero**: this "dead zone" is where the Lasso's zeros come
from.
"""

# %%
# Two correlated features
# -----------------------
#
# The two features are strongly correlated (0.86), so the loss is a long,
# narrow valley running diagonally. Moving along the axes only, coordinate
# descent must zigzag down it. ``step_per="coordinate"`` makes
# :class:`~skratch.linear_model.Lasso` yield a step after every coordinate
# update, not only after each sweep over all of them (the fitted model is the
# same).

import numpy as np

from skratch.linear_model import Lasso
from skratch.viz import animate

rng = np.random.default_rng(2)
X = rng.normal(size=(50, 2)) @ [[1.0, 0.85], [0.0, 0.5]]
y = X @ [1.0, 1.6] + rng.normal(0, 0.6, 50)

model = Lasso(alpha=1.1, tol=1e-6, step_per="coordinate")

# %%
# Watch it descend
# ----------------

anim = animate(model, X, y, max_frames=40, fps=4, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **Left, the objective** ``P(w0, w1)``: its contours have corners on the
#   axes, the mark of the L1 penalty. Each move is horizontal (blue: ``w0``
#   changes) or vertical (green: ``w1`` changes), and stops where it touches a
#   contour: the lowest point along that line. The first move gives ``w0``
#   nearly all the credit, since it is the first feature asked; the zigzag then
#   hands it over to ``w1``, which explains ``y`` better. The dashed diamond is
#   the L1 ball through the solution (see the previous lesson).
# * **Middle, the update itself.** The soft-threshold, drawn as the new
#   weight against ``z_j``: flat at zero over the shaded dead zone
#   ``|z_j| <= alpha``, a line of slope ``1 / c_j`` outside it. The ringed dot
#   is the update of this step. Near the end ``z_0`` enters the dead zone and
#   ``w0`` is set to exactly 0: the caption says so.
# * **Right, the weights** step by step, levelling off at the solution
#   (dashed): the fitted model, which the duality gap certifies (see below).
#
# With uncorrelated features the valley runs along the coordinate axes and a
# few sweeps do; the stronger the correlation, the longer the zigzag:

for correlation in (0.0, 0.5, 0.86, 0.95):
    mixing = [[1.0, correlation], [0.0, np.sqrt(1 - correlation**2)]]
    Xc = rng.normal(size=(200, 2)) @ mixing
    yc = Xc @ [1.0, 1.6] + rng.normal(0, 0.6, 200)
    fitted = Lasso(alpha=0.1, tol=1e-6).fit(Xc, yc)
    print(f"correlation {correlation:4.2f}: {fitted.n_iter_:3d} sweeps, "
          f"w = {np.round(fitted.coef_, 3)}")

# %%
# The update in code
# ------------------
#
# With the residual :math:`r = y - Xw` (centred data), one coordinate
# update is
#
# .. math::
#
#    z_j = \tfrac{1}{n}\, x_j^\top r + c_j w_j, \qquad
#    w_j \leftarrow \frac{S(z_j, \lambda_1)}{c_j + \lambda_2}
#
# with :math:`\lambda_1 = \alpha` and :math:`\lambda_2 = 0` for the Lasso
# (the elastic net shares this update, with an L2 term :math:`\lambda_2`).
# Adding :math:`c_j w_j` to :math:`x_j^\top r / n` puts feature :math:`j`'s
# own part back into the residual: the partial residual. These are the lines
# of skratch that make every move of the animation, read from the package
# when this page was built:

from skratch.linear_model._coordinate_descent import soft_threshold, update_coordinate
from skratch.utils import show_source

show_source(update_coordinate, docstring=False)

# %%

show_source(soft_threshold, docstring=False)

# %%
# The elastic net: a narrower dead zone
# -------------------------------------
#
# :class:`~skratch.linear_model.ElasticNet` mixes the two penalties:
# ``alpha * l1_ratio`` of the L1 one and ``alpha * (1 - l1_ratio)`` of the
# (halved) squared one. Its update is the one above with
# :math:`\lambda_1 = \alpha\, \rho` and :math:`\lambda_2 = \alpha (1 - \rho)`,
# :math:`\rho` the ``l1_ratio``. With ``l1_ratio=0.5`` the dead zone is half
# as wide, and outside it the rule is less steep: the weights are shrunk
# towards zero by the L2 term as well as thresholded.

from skratch.linear_model import ElasticNet

enet = ElasticNet(alpha=1.1, l1_ratio=0.5, tol=1e-6, step_per="coordinate")
enet_anim = animate(enet, X, y, max_frames=40, fps=4, dpi=144)
enet_anim

# %%

print("Lasso weights:      ", np.round(model.coef_, 3))
print("elastic-net weights:", np.round(enet.coef_, 3))

# %%
# The Lasso keeps one of the two correlated features and sets the other's
# weight to exactly zero; the elastic net keeps both and shares the weight
# between them, a known trait of the squared penalty with correlated
# features.

# %%
# When does it stop?
# ------------------
#
# After the sweeps whose largest move is tiny, the solver computes the
# *duality gap*, an upper bound on how far the objective still is from its
# minimum, and stops when the gap is below ``tol`` times the variance of
# ``y``. By sweeps (the default ``step_per="sweep"``), the last steps say:

for step in Lasso(alpha=1.1, tol=1e-6).fit_steps(X, y):
    pass
print(step.message)

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.Lasso` and
#   :class:`~skratch.linear_model.ElasticNet` (their Notes derive the update
#   and the duality gap); the previous lesson,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_l1_l2_geometry.py`.
# * scikit-learn's user guide on the `Lasso
#   <https://scikit-learn.org/stable/modules/linear_model.html#lasso>`_.
# * T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, sections 3.4.2 (the
#   Lasso) and 3.8.6 (pathwise coordinate optimisation); J. Friedman, T. Hastie
#   and R. Tibshirani, "Regularization paths for generalized linear models via
#   coordinate descent", *Journal of Statistical Software* 33(1), 2010.
