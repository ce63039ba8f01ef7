"""
=============================================================
Polynomial regression: under-fitting, over-fitting, and Ridge
=============================================================

A straight line cannot follow a curve, but a linear model can, if it is
given the powers of ``x`` as features: ``y ≈ w1 x + w2 x² + ... + wd x^d + b``
is still linear in the weights, so least squares fits it as it fits a line.
The degree ``d`` decides how flexible the curve is, and there lies the
trouble: too low and the model *under-fits* (it cannot bend enough); too high
and it *over-fits* (it bends through the noise of the training points and
misses new ones).

Ridge offers a third way: keep the high degree, but penalise large weights.
The penalty strength ``alpha`` then sets the flexibility continuously, and
can be tuned on held-out data.
"""

# %%
# Twenty noisy points
# -------------------
#
# The truth is a smooth curve, ``cos(1.5 pi x)``; we see it through twenty
# noisy points, and keep a hundred more aside to measure how well each
# model does on data it has not seen.

import warnings

import matplotlib.pyplot as plt
import numpy as np

from skratch.linear_model import LinearRegression, Ridge, regularization_path
from skratch.pipeline import make_pipeline
from skratch.preprocessing import PolynomialFeatures, StandardScaler
from skratch.viz import animate


def truth(x):
    return np.cos(1.5 * np.pi * x)


rng = np.random.default_rng(1)
x_train = np.sort(rng.uniform(0, 1, 20))
y_train = truth(x_train) + rng.normal(0, 0.15, 20)
x_test = rng.uniform(0, 1, 100)
y_test = truth(x_test) + rng.normal(0, 0.15, 100)
X_train, X_test = x_train.reshape(-1, 1), x_test.reshape(-1, 1)
grid = np.linspace(0, 1, 400).reshape(-1, 1)


def mse(model, X, y):
    return np.mean((model.predict(X) - y) ** 2)


# %%
# The features a polynomial makes
# -------------------------------
#
# :class:`~skratch.preprocessing.PolynomialFeatures` turns the one input
# ``x`` into the columns ``x, x², x³, ...``; a linear model on those columns
# is a polynomial in ``x``. Its animation is a single frame: each column as a
# curve over the data's range, the training points marked on it.

anim_features = animate(PolynomialFeatures(degree=4, include_bias=False), X_train, dpi=144)
anim_features

# %%
# On ``[0, 1]`` the higher powers are small and look alike: ``x³`` and
# ``x⁴`` are nearly the same curve, scaled. Columns that nearly repeat each
# other make their weights hard to pin down (and slow to learn by gradient
# descent), which is why the pipelines below standardise the columns
# before fitting.

# %%
# Degree 1, 4 and 15
# ------------------
#
# Each model is a pipeline: :class:`~skratch.preprocessing.PolynomialFeatures`
# turns ``x`` into ``(x, x², ..., x^d)``,
# :class:`~skratch.preprocessing.StandardScaler` puts those columns on one
# scale (``x^15`` is tiny next to ``x`` on ``[0, 1]``), and
# :class:`~skratch.linear_model.LinearRegression` fits the weights by least
# squares.

fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharey=True, dpi=144,
                         layout="constrained")
for ax, degree in zip(axes, (1, 4, 15)):
    model = make_pipeline(PolynomialFeatures(degree, include_bias=False),
                          StandardScaler(), LinearRegression())
    model.fit(X_train, y_train)
    ax.plot(grid, truth(grid), "--", color="grey", label="truth")
    ax.plot(grid, model.predict(grid), color="C1", lw=2, label="model")
    ax.scatter(x_train, y_train, s=20, color="C0", label="training points")
    ax.set_ylim(-1.8, 1.8)
    ax.set_title(f"degree {degree}: train MSE {mse(model, X_train, y_train):.3f}, "
                 f"test {mse(model, X_test, y_test):.3g}", fontsize=10)
    ax.set_xlabel("x")
axes[0].set_ylabel("y")
axes[0].legend(loc="lower left", fontsize=9)
plt.show()

# %%
# The straight line under-fits: its error is large on both sets. Degree 4
# follows the curve. Degree 15 has as many weights as there are points, nearly:
# it passes almost through every training point (training error near zero),
# swinging wildly between them, and its test error explodes. Its weights tell
# the same story: huge, with alternating signs that nearly cancel.

wild = make_pipeline(PolynomialFeatures(15, include_bias=False), StandardScaler(),
                     LinearRegression()).fit(X_train, y_train)
print("largest |weight| of degree 15, least squares:",
      f"{np.abs(wild[-1].coef_).max():.3g}")

# %%
# Ridge tames degree 15
# ---------------------
#
# Same degree-15 features, but :class:`~skratch.linear_model.Ridge` instead
# of least squares: it minimises ``||y - Xw - b||² + alpha * ||w||²``. A little
# penalty already removes the wild swings; a large one flattens the curve
# into under-fitting again.

fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), sharey=True, dpi=144,
                         layout="constrained")
for ax, alpha in zip(axes, (1e-6, 1e-3, 0.1, 10.0)):
    model = make_pipeline(PolynomialFeatures(15, include_bias=False), StandardScaler(),
                          Ridge(alpha=alpha)).fit(X_train, y_train)
    ax.plot(grid, truth(grid), "--", color="grey")
    ax.plot(grid, model.predict(grid), color="C1", lw=2)
    ax.scatter(x_train, y_train, s=16, color="C0")
    ax.set_ylim(-1.8, 1.8)
    ax.set_title(f"alpha = {alpha:g}: test MSE {mse(model, X_test, y_test):.3f}",
                 fontsize=10)
    ax.set_xlabel("x")
axes[0].set_ylabel("y")
plt.show()

# %%
# Watch alpha grow
# ----------------
#
# :func:`~skratch.linear_model.regularization_path` refits the pipeline for
# forty values of alpha and returns the fits as the steps of a
# :class:`~skratch.Trace`; animating it sweeps alpha from ``1e-6`` to ``100``.
# The held-out points are passed to the visualizer, which scores every fit on
# them.

pipeline = make_pipeline(PolynomialFeatures(15, include_bias=False), StandardScaler(),
                         Ridge())
path = regularization_path(pipeline, X_train, y_train, np.geomspace(1e-6, 100, 40))
anim = animate(path, X_test=X_test, y_test=y_test, max_frames=40, fps=5, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **Left**, the curve: wiggly for tiny alphas, smooth in the middle, flat
#   and too low at the ends for large ones.
# * **Middle**, the size of each weight ``|w_k|`` (``k`` is the power of
#   ``x``), on a logarithmic axis: the penalty pulls all of them down
#   together, by orders of magnitude.
# * **Right**, the errors against alpha. The training error only grows with
#   alpha: the penalty stops the model from fitting the training points as
#   closely as it could. The held-out error is high for tiny alphas (the
#   model over-fits), lowest around ``alpha = 0.1``, and high again for large
#   ones (it under-fits). The star marks the best alpha on the held-out
#   points, the value cross-validation would look for.
#
# ``animate`` found the visualizer by itself: a skratch pipeline is drawn by
# :class:`~skratch.viz.CurveFitVisualizer`, which pushes a grid of ``x``
# through the fitted transformers of the pipeline and draws the final model's
# prediction as a curve.

# %%
# Gradient descent on the same pipeline
# -------------------------------------
#
# A pipeline can also be animated while it trains. With ``solver="gd"``,
# Ridge walks down its loss one step at a time; the pipeline's ``fit_steps``
# fits the polynomial features and the scaler first, then yields Ridge's
# steps.

descent = make_pipeline(PolynomialFeatures(15, include_bias=False), StandardScaler(),
                        Ridge(alpha=0.1, solver="gd", learning_rate=0.05,
                              max_iter=3000))
with warnings.catch_warnings():
    # Stopped after 3000 iterations on purpose; the curve is what matters here.
    warnings.simplefilter("ignore")
    anim_descent = animate(descent, X_train, y_train, X_test=X_test, y_test=y_test,
                           max_frames=40, fps=5, dpi=144)
anim_descent

# %%
# The curve starts flat and learns the broad shape in a few dozen
# iterations; the fine wiggles, which need large, finely balanced weights,
# come far later, if ever. The fifteen features are so correlated that the
# loss is a very long, narrow valley, and gradient descent crawls along its
# floor. Stopping early is itself a kind of regularisation.

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.Ridge`,
#   :class:`~skratch.preprocessing.PolynomialFeatures`,
#   :func:`~skratch.pipeline.make_pipeline` and
#   :func:`~skratch.linear_model.regularization_path`; the next lesson,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_l1_l2_geometry.py`,
#   on what the penalty does to the weights.
# * scikit-learn's user guide on `polynomial regression
#   <https://scikit-learn.org/stable/modules/linear_model.html#polynomial-regression-extending-linear-models-with-basis-functions>`_,
#   `Ridge regression
#   <https://scikit-learn.org/stable/modules/linear_model.html#ridge-regression-and-classification>`_,
#   and its example `Underfitting vs. Overfitting
#   <https://scikit-learn.org/stable/auto_examples/model_selection/plot_underfitting_overfitting.html>`_.
# * T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, sections 3.4.1
#   (ridge regression) and 7.2-7.3 (bias, variance and model complexity).
