"""
===============================================
Why scaling the features helps gradient descent
===============================================

:class:`~skratch.preprocessing.StandardScaler` moves and stretches each
feature so that, on the training data, it has mean 0 and standard deviation
1::

    z = (x - mean) / std

It learns two numbers per feature, the mean and the standard deviation,
and nothing else. Yet for gradient descent this small change decides
between a run that diverges or crawls and one that converges in a few dozen
steps. This lesson watches the scaler learn, then runs the same gradient
descent on raw and on standardised data.
"""

# %%
# The scaler, one statistic per step
# ----------------------------------
#
# Two features in very different units: the floor area of eighty flats, in
# square metres (around 120, spread about 30), and their number of rooms
# (around 3, spread under 1). The scaler's ``fit_steps`` yields a "mean"
# step, then a "scale" step.

import textwrap
import warnings

import numpy as np

from skratch.linear_model import LinearRegression
from skratch.pipeline import make_pipeline
from skratch.preprocessing import StandardScaler
from skratch.viz import animate

rng = np.random.default_rng(0)
flats = rng.normal([120, 3], [30, 0.8], size=(80, 2))

scaler_anim = animate(StandardScaler(), flats, dpi=144)
scaler_anim

# %%
# On the left, the raw data with the mean (the cross) and, once the scale
# step has run, one standard deviation along each feature (the bars and the
# dashed ellipse). In the middle, the data centred: the same cloud, moved so
# that the mean sits at the origin, still 60 m² wide against 3 rooms high.
# On the right, each axis divided by its own standard deviation, drawn with
# equal scales: both features now spread about 1, and the dotted unit circle
# holds the bulk of the points.

# %%
# Gradient descent on the raw feature
# -----------------------------------
#
# Now predict a price from the area alone. The model is a line
# ``y = w x + b`` fitted by gradient descent (``solver="gd"``). A small
# helper fits and animates a model, and prints what training warned about.

area = flats[:, [0]]
price = 2.5 * area[:, 0] + 50 + rng.normal(0, 25, size=80)


def watch(model, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        anim = animate(model, X, y, max_frames=30, dpi=144)
    for warning in caught:
        print(textwrap.fill(f"{warning.category.__name__}: {warning.message}", width=76))
    print(f"{model.n_iter_} iterations: w = {model.coef_[0]:.4g}, "
          f"b = {model.intercept_:.4g}, loss {model.loss_:.4g}")
    return anim


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    LinearRegression(solver="gd").fit(area, price)
print(textwrap.fill(str(caught[0].message), width=76))

# %%
# With the default learning rate 0.1 the very first step overshoots: the
# loss grows ten-million-fold. The curvature of the loss along ``w`` is
# the mean of ``x²``, about 120² here, so a step that would suit a feature
# of size 1 is some fifteen thousand times too long. The warning gives the largest
# stable rate; take half of it and let it run 300 iterations.

raw_anim = watch(LinearRegression(solver="gd", learning_rate=3e-5, max_iter=300),
                 area, price)
raw_anim

# %%
# It no longer diverges, but it crawls. Look at the middle panel: the
# contours of the loss are ellipses so long and thin that they look like
# parallel lines. Changing ``w`` by 0.01 moves every prediction by about
# 1.2, while changing ``b`` by 0.01 moves them by 0.01: the loss is steep
# across the valley and almost flat along it. The learning rate must be
# small enough for the steep direction, so along the valley each step is
# tiny. The path runs across to the valley floor in a few iterations,
# then barely moves along it towards the optimum (the star): after 300
# iterations the intercept is still near 0, far from the least-squares
# value, and the loss curve is flat above the dashed least-squares loss.
# Training stops with a warning.

# %%
# The same descent on the standardised feature
# --------------------------------------------
#
# In practice the scaler goes in a pipeline, so that new data are scaled
# with the training statistics before the model sees them. The pipeline's
# ``fit`` fits the scaler, transforms, then runs the same gradient descent
# with the default learning rate.

pipe = make_pipeline(StandardScaler(), LinearRegression(solver="gd"))
pipe.fit(area, price)
scaler, model = pipe[0], pipe[-1]
exact = LinearRegression().fit(area, price)
print(f"pipeline: {model.n_iter_} iterations; in raw units "
      f"w = {model.coef_[0] / scaler.scale_[0]:.4f}, "
      f"b = {model.intercept_ - model.coef_[0] * scaler.mean_[0] / scaler.scale_[0]:.4f}")
print(f"closed form on the raw feature: w = {exact.coef_[0]:.4f}, "
      f"b = {exact.intercept_:.4f}")

# %%
# To watch this descent on the (w, b) plane, animate the linear model on the
# data the scaler produces, which is what the pipeline's final step sees.

scaled_anim = watch(LinearRegression(solver="gd"), scaler.transform(area), price)
scaled_anim

# %%
# What to look at
# ---------------
#
# * **The contours.** On the standardised feature, the mean of ``z`` is 0 and
#   its variance 1, so the loss is ``(w - w*)² + (b - b*)²`` plus a constant:
#   its contours are circles (drawn stretched, because the panel's axes
#   have different scales: ``b`` runs to 350, ``w`` to 70). The gradient
#   points straight at the minimum, the default step is safe, and the path
#   is a straight line.
# * **The loss curve.** On a log axis the loss falls as a straight line
#   (every iteration removes the same fraction of the remaining error), down
#   to the least-squares loss in under a hundred iterations, against a
#   stalled run of 300 on the raw feature.
# * **The answer.** The pipeline's line, converted back to square metres,
#   is the closed-form least-squares line: scaling changes the road, not
#   the destination.
#
# How fast gradient descent converges depends on the ratio of the largest
# to the smallest curvature of the loss (the condition number of its
# Hessian); on this data scaling brings it from about 270 000 to exactly 1.
# Offsets count as much as units: a feature around 120 with spread 30
# gives an elongated bowl even alone, because ``w`` and ``b`` then pull the
# predictions in almost the same direction.

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.preprocessing.StandardScaler`
#   (its Notes give the formulas) and of
#   :class:`~skratch.viz.ScalerVisualizer`.
# * The lessons :ref:`sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent.py`
#   and :ref:`sphx_glr_docs_auto_examples_linear_model_plot_learning_rate.py`.
# * scikit-learn's user guide on `standardization
#   <https://scikit-learn.org/stable/modules/preprocessing.html#standardization-or-mean-removal-and-variance-scaling>`_
#   and its example `Importance of feature scaling
#   <https://scikit-learn.org/stable/auto_examples/preprocessing/plot_scaling_importance.html>`_.
# * Y. LeCun, L. Bottou, G. Orr and K.-R. Müller, "Efficient BackProp", in
#   *Neural Networks: Tricks of the Trade*, Springer, 1998, section 4.3
#   (why inputs should be centred and scaled); S. Boyd and L. Vandenberghe,
#   `Convex Optimization <https://web.stanford.edu/~boyd/cvxbook/>`_,
#   section 9.3 (the condition number and gradient descent).
