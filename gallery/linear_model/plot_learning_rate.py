"""
=========================================
Learning rate: too small, good, too large
=========================================

Gradient descent moves the parameters against the gradient by
``eta * gradient``, where ``eta`` is the learning rate. It is the one number
you must choose, and it decides everything about the walk:

* too small, and every step is timid: training crawls and runs out of
  iterations long before the bottom of the loss;
* well chosen, and it is there in a dozen steps;
* too large, and each step overshoots the bottom of the valley by more than
  it started from: the parameters bounce from side to side, further each
  time, and the loss explodes.

For the squared error the border is exact: descent converges when ``eta``
is below ``2 / lambda_max``, where ``lambda_max`` is the largest curvature
(eigenvalue of the Hessian) of the loss. This lesson runs the same data
three times, once on each side of the good range and once inside it.
"""

# %%
# One data set, three learning rates
# ----------------------------------
#
# A small helper fits a model with a given learning rate, animates it, and
# prints any warning training raised, so that what gradient descent says
# about its own run is shown next to the run.

import textwrap
import warnings

import matplotlib.pyplot as plt

from skratch.datasets import make_regression
from skratch.linear_model import LinearRegression
from skratch.viz import animate

X, y = make_regression(n_samples=60, n_features=1, noise=15, random_state=0)


def watch(learning_rate):
    model = LinearRegression(solver="gd", learning_rate=learning_rate,
                             max_iter=100)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        anim = animate(model, X, y, max_frames=30, dpi=144)
    for warning in caught:
        text = f"{warning.category.__name__}: {warning.message}"
        print(textwrap.fill(text, width=76))
    print(f"learning_rate={learning_rate}: {model.n_iter_} iterations, "
          f"final loss {model.loss_:.4g}")
    return anim


# %%
# Too small: ``eta = 0.01``
# -------------------------
#
# The line creeps up. After the hundred iterations allowed it is still well
# short of the least-squares line, and training says so with a
# :class:`~skratch.exceptions.ConvergenceWarning`.

too_small = watch(0.01)
too_small

# %%
# Good: ``eta = 0.5``
# -------------------
#
# About half the border value for this data. The path goes almost straight
# to the bottom and the loss drops by orders of magnitude in a few steps;
# training stops by itself when the gradient vanishes.

good = watch(0.5)
good

# %%
# Too large: ``eta = 1.1``
# ------------------------
#
# Just past the border. Follow the path on the loss surface: it jumps across
# the valley and lands higher up on the other side, again and again, in a
# widening zig-zag. The loss dips for a couple of steps (along the gently
# curved direction of the bowl this step size is still fine), then climbs:
# along the steep direction every jump overshoots further. Training stops
# once the loss has grown a million-fold, with a warning that gives the
# largest stable learning rate for this data.

too_large = watch(1.1)
too_large

# %%
# The three losses side by side
# -----------------------------
#
# Every step's loss is kept in the recorded trace of each animation
# (``anim.trace.steps``), so the three runs can be compared on one plot.

fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
runs = {"0.01 (too small)": too_small, "0.5 (good)": good,
        "1.1 (too large)": too_large}
for label, anim in runs.items():
    steps = anim.trace.steps
    ax.plot([s.index for s in steps], [s.loss for s in steps], label=label)
ax.axhline(LinearRegression().fit(X, y).loss_, color="black", linestyle="--",
           linewidth=1, label="least-squares loss")
ax.set_yscale("log")
ax.set_ylim(100, 1e5)  # the diverging run leaves the plot at the top
ax.set_xlabel("iteration")
ax.set_ylabel("loss (mean squared error)")
ax.legend(title="learning rate")
plt.show()

# sphinx_gallery_thumbnail_number = 4

# %%
# What to look at
# ---------------
#
# * Compare the three paths on the loss surfaces: a short crawl, a direct
#   descent, a zig-zag that swings wider at every step.
# * Compare the loss curves: a slow slope that never reaches the bottom, a
#   cliff, a climb.
# * The border is a property of the data, not of the method: scaling the
#   feature ``x`` by 10 multiplies the curvature by 100, and the good rate
#   above would diverge. That is why features are standardised before
#   gradient descent.

# %%
# Where to read more
# ------------------
#
# * The ``learning_rate`` parameter of
#   :class:`~skratch.linear_model.LinearRegression`, and
#   :class:`~skratch.exceptions.ConvergenceWarning`.
# * The previous lesson,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_gradient_descent.py`;
#   the next lesson,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_logistic_regression.py`,
#   trains a classifier by the same descent, with the same rules for its step.
# * I. Goodfellow, Y. Bengio and A. Courville, `Deep Learning
#   <https://www.deeplearningbook.org/contents/numerical.html>`_, section
#   4.3 (gradient-based optimisation, and why curvature limits the step).
# * S. Boyd and L. Vandenberghe, `Convex Optimization
#   <https://web.stanford.edu/~boyd/cvxbook/>`_, section 9.3.
