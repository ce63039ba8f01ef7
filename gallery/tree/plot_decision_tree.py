"""
=====================================
A decision tree growing on two moons
=====================================

A classification tree answers a chain of yes/no questions about one feature
at a time, "is ``x[1] <= 0.22``?", and predicts the majority class of the
training points that gave the same answers. Geometrically every question
cuts a rectangle of the plane in two with a vertical or horizontal line, so
the tree's regions are rectangles.

CART grows the tree greedily. It starts from a single leaf holding every
point, then, for a leaf, tries every feature and every threshold between two
neighbouring values and keeps the split that lowers the impurity most: the
Gini impurity ``1 - sum_k p_k^2`` of the classes, weighted by the number of
points on each side. It stops at a pure leaf, at too few points, or at
``max_depth``.
"""

# %%
# The data and the model
# ----------------------
#
# Two interleaved half-moons with noise: no single straight line separates
# them, but a staircase of axis-aligned cuts can. The tree may ask at most
# five questions in a row (``max_depth=5``).

import matplotlib.pyplot as plt

from skratch.datasets import make_moons
from skratch.tree import DecisionTreeClassifier
from skratch.viz import animate

X, y = make_moons(n_samples=300, noise=0.3, random_state=0)

tree = DecisionTreeClassifier(max_depth=5, random_state=0)

# %%
# Watch it grow
# -------------
#
# One frame per split. The caption names the leaf being split, the question
# chosen, how many points go each way, and the impurity before and after.

anim = animate(tree, X, y, max_frames=30, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * The first cut is the one that helps most on its own; it separates most
#   of the upper moon from most of the lower one.
# * Later cuts work inside smaller and smaller rectangles, and each lowers
#   the impurity less: the captions' numbers shrink.
# * The last cuts fence off a handful of points, sometimes a single noisy
#   one. That is the tree starting to learn the noise.

# %%
# The split search in code
# ------------------------
#
# For one node, sort its points by feature :math:`j`. The cut after the
# :math:`i`-th point sends the first :math:`i` points left; their class
# counts are a running sum down the sorted list, and the right side has the
# rest. Every cut of every feature gets a cost, the children's impurities
# weighted by their sizes, and the cheapest cut between two distinct values
# wins:
#
# .. math::
#
#    C(j, i) = n_L\, G(L) + n_R\, G(R), \qquad G = 1 - \sum_k p_k^2
#
# These are the lines of skratch that do it, read from the package when
# this page was built. The arrays have one axis for the features and one
# for the cuts, so all cuts are scored at once; ``W`` holds each point's
# class as a column of zeros with a 1 (or its sample weight), so that a
# running sum of ``W`` counts the classes.

from skratch.tree._tree import best_split, gini
from skratch.utils import show_source

show_source(best_split, docstring=False)

# %%
# The impurity, over the first axis of an array of class counts:

show_source(gini, docstring=False)

# %%
# How deep is deep enough?
# ------------------------
#
# The accuracy on the training points keeps rising with depth, because a
# deep enough tree can isolate every point. On fresh points from the same
# moons it stops improving after a few levels and then falls: deep trees
# overfit. ``max_depth`` (or ``min_samples_leaf``) is how you stop early.

X_new, y_new = make_moons(n_samples=1000, noise=0.3, random_state=1)
depths = range(1, 13)
train_scores, new_scores = [], []
for depth in depths:
    fitted = DecisionTreeClassifier(max_depth=depth, random_state=0)
    fitted.fit(X, y)
    train_scores.append(fitted.score(X, y))
    new_scores.append(fitted.score(X_new, y_new))

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(depths, train_scores, marker="o", label="training points")
ax.plot(depths, new_scores, marker="o", label="new points")
ax.set_xlabel("max_depth")
ax.set_ylabel("accuracy")
ax.legend()
plt.show()

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.tree.DecisionTreeClassifier` (its
#   Notes give the impurity and the split search).
# * scikit-learn's user guide on `decision trees
#   <https://scikit-learn.org/stable/modules/tree.html>`_.
# * G. James, D. Witten, T. Hastie and R. Tibshirani, `An Introduction to
#   Statistical Learning <https://www.statlearning.com/>`_, chapter 8;
#   T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, section 9.2.
