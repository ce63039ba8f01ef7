"""
==========================================================
The perceptron correcting itself, one mistake at a time
==========================================================

The perceptron (Rosenblatt, 1958) is the oldest learning machine still
taught. It classifies a point ``x`` by the side of a line it falls on: class
+1 where the score ``w . x + b`` is positive, class -1 where it is negative.
The line is ``w . x + b = 0``; the vector ``w`` is perpendicular to it and
points to the +1 side.

It learns by making mistakes. It visits the training points one by one, and
every point on the wrong side of the line pulls the line towards itself::

    w  <-  w + eta * y * x
    b  <-  b + eta * y

where ``y`` is the point's label (+1 or -1). Points on the right side change
nothing. Why does this help? The corrected point's score times its label
grows by ``eta * (|x|^2 + 1)``: the point moves towards the right side. This
lesson watches every correction.
"""

# %%
# The data and the model
# ----------------------
#
# Thirty points in two clouds that a line can separate, but only just, and
# away from the origin, so the intercept ``b`` has work to do too. The model
# is :class:`~skratch.linear_model.Perceptron` with scikit-learn's defaults:
# a step ``eta0 = 1``, the points in a new random order at each pass (an
# *epoch*).

import numpy as np

from skratch.datasets import make_blobs
from skratch.linear_model import Perceptron, SGDClassifier
from skratch.viz import animate

X, y = make_blobs(n_samples=30, centers=[[0, 2], [2, 3]], cluster_std=0.5,
                  random_state=0)

model = Perceptron(random_state=0)

# %%
# Watch it learn
# --------------
#
# Every correction is a step of the training, and so a frame of the
# animation, as is the end of every epoch.

anim = animate(model, X, y, max_frames=32, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * **The ringed point** is the one on the wrong side, being corrected. The
#   dashed line is the boundary just before the correction, the solid one
#   just after: the line jumps towards the ringed point, often past it.
# * **The arrows** show the update as a sum of vectors: the old ``w``
#   (grey) plus the step ``eta * y * x`` (red) gives the new ``w`` (black).
#   A missed +1 point turns ``w`` towards itself, a missed -1 point turns
#   it away. The step is as long as the point is far from the origin, which
#   is why the first corrections swing the line so much.
# * **Right, the red bars** count the mistakes made during each epoch, and
#   the orange line the training points the current model gets wrong. A
#   correction can break other points (the orange line jumps up as well as
#   down): the perceptron fixes one point at a time, it does not lower a
#   total error. Still, when a line can separate the classes, the mistakes
#   stop after a finite number (Novikoff's theorem: at most
#   ``(R / gamma)^2``, with ``R`` the largest ``|x|`` and ``gamma`` the
#   margin of the best line).
# * **After the last mistake** nothing moves. Training stops once
#   ``n_iter_no_change = 5`` epochs in a row have not lowered the loss, as in
#   scikit-learn.
#
# The mistakes of each epoch are kept in the recorded steps:

epochs = [step for step in anim.trace.steps if step.kind == "epoch"]
print("mistakes per epoch:", [int(step.state["mistakes"][0]) for step in epochs])
print(f"training accuracy: {model.score(X, y):.2f} after {model.n_iter_} epochs")

# %%
# The rule in code
# ----------------
#
# One epoch visits the points in order. Each point is scored; a point on the
# wrong side of the line, or on it (:math:`y\,(w \cdot x + b) \le 0`), is a
# mistake, and only a mistake changes the model:
#
# .. math::
#
#    w \leftarrow w + \eta\, y\, x, \qquad b \leftarrow b + \eta\, y
#
# These are the lines of skratch that run it, read from the package when
# this page was built: the epoch's loop, then the correction it calls.
# (The ``l2`` lines are for the optional penalty, off here; ``v`` is a
# point's sample weight, 1 here.)

from skratch.linear_model._perceptron import perceptron_update
from skratch.utils import show_source

show_source(Perceptron._one_pass, docstring=False)

# %%

show_source(perceptron_update, docstring=False)

# %%
# From the perceptron to a linear SVM
# -----------------------------------
#
# The perceptron is stochastic gradient descent on the loss
# ``max(0, -y (w . x + b))``, which is zero as soon as a point is on the
# right side, even by a hair. :class:`~skratch.linear_model.SGDClassifier`
# with the *hinge* loss ``max(0, 1 - y (w . x + b))`` also corrects points
# that are right but too close to the line, and shrinks ``w`` a little at
# every step (its L2 penalty ``alpha``), with a step size that decreases
# over time. That is a linear support vector machine: it looks for a line
# with room on both sides. Here with a step per sample
# (``step_per="batch"``), the ringed point being the one just used:

svm = SGDClassifier(loss="hinge", alpha=0.03, step_per="batch", random_state=0)
svm_anim = animate(svm, X, y, max_frames=24, dpi=144)
svm_anim

# %%
# Its line keeps moving well after the last point is on the right side:
# every point inside the margin still pushes, and only the shrinking step
# size calms it down. Where it ends up leaves room on both sides, while the
# perceptron's line stayed wherever its last mistake left it. The distance
# from each line to the nearest point of each class:


def gaps(clf):
    distance = np.abs(clf.decision_function(X)) / np.linalg.norm(clf.coef_)
    return [f"{distance[y == label].min():.2f}" for label in (0, 1)]


print("perceptron:    ", gaps(model))
print("hinge-loss SGD:", gaps(svm))

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.linear_model.Perceptron` (its
#   Notes give the update, the convergence bound and the stopping rule) and
#   of :class:`~skratch.linear_model.SGDClassifier` (the losses and
#   learning-rate schedules).
# * The next lesson,
#   :ref:`sphx_glr_docs_auto_examples_linear_model_plot_sgd_vs_batch.py`,
#   compares stochastic and batch gradient descent on a regression.
# * scikit-learn's user guide on the `perceptron
#   <https://scikit-learn.org/stable/modules/linear_model.html#perceptron>`_
#   and on `stochastic gradient descent
#   <https://scikit-learn.org/stable/modules/sgd.html>`_.
# * F. Rosenblatt, "The perceptron: a probabilistic model for information
#   storage and organization in the brain", Psychological Review, 1958;
#   C. M. Bishop, *Pattern Recognition and Machine Learning*, section 4.1.7.
