"""
=====================
k-means step by step
=====================

k-means splits points into ``k`` groups, each summarised by its centre, so
that points are close to their own centre. "Close" is measured by the
inertia: the sum over all points of the squared distance to their centre.

Lloyd's algorithm lowers the inertia by alternating two moves until neither
changes anything:

1. **assign**: every point joins its nearest centre;
2. **update**: every centre moves to the mean of its points.

Each move can only lower the inertia (the nearest centre is the best one for
a point; the mean is the best centre for a group), so the algorithm always
stops, usually within a few rounds. This lesson shows every move.
"""

# %%
# The data and the model
# ----------------------
#
# Three hundred points in four blobs, and a
# :class:`~skratch.cluster.KMeans` looking for four clusters. It starts
# from four data points drawn at random (``init="random"``); with this seed
# three of them fall in the same blob, so the centres have a long way to
# travel. ``n_init=1`` keeps a single run, so every frame belongs to the
# run you see (with several starts KMeans keeps the best one).

from skratch.cluster import KMeans
from skratch.datasets import make_blobs
from skratch.viz import animate

blob_centres = [(-5, -4), (-5, 4), (5, -4), (5, 4)]
X, _ = make_blobs(n_samples=300, centers=blob_centres, cluster_std=1.3,
                  random_state=0)

kmeans = KMeans(n_clusters=4, init="random", n_init=1, random_state=32)

# %%
# Watch it learn
# --------------
#
# Every assign and every update step is a frame; the caption says how many
# points changed cluster, how far the centres moved and what happened to
# the inertia, which the right panel plots.

anim = animate(kmeans, X, max_frames=30, dpi=144)
anim

# %%
# What to look at
# ---------------
#
# * After an **assign** step the colours change but the centres stay; after
#   an **update** step the centres jump to the middle of their colour.
# * Three centres start in the bottom-left blob. The points of the empty
#   blobs join whichever centre is nearest, and the update pulls that centre
#   towards them: one centre climbs to the blob above, another crosses to
#   the blob on the right, and the centre on the right is first pulled
#   between the two right-hand blobs, then settles on the upper one.
# * The inertia falls at every step; the run ends with an assign step in
#   which no point changes cluster.
#
# The labels of the last frame are what ``kmeans.labels_`` holds, and
# ``kmeans.predict`` assigns new points to the nearest final centre.

print(f"{kmeans.n_iter_} iterations, inertia {kmeans.inertia_:.1f}")
sizes = [int((kmeans.labels_ == k).sum()) for k in range(4)]
print("points per cluster:", sizes)

# %%
# The two moves in code
# ---------------------
#
# With the labels :math:`l_i` and the centres :math:`c_j`, the two moves are
#
# .. math::
#
#    \begin{aligned}
#    \text{assign:}\quad & l_i \leftarrow \arg\min_j \lVert x_i - c_j \rVert^2 \\
#    \text{update:}\quad & c_j \leftarrow \text{the mean of the } x_i
#    \text{ with } l_i = j
#    \end{aligned}
#
# and these are the functions of skratch that make them, read from the
# package when this page was built. ``assign`` gets the squared distances
# of every point to every centre, computed once per iteration.

from skratch.cluster._kmeans import assign, update_centres
from skratch.utils import show_source

show_source(assign, docstring=False)

# %%
# The update averages each cluster's points with one matrix product: row
# ``j`` of ``H`` picks the points of cluster ``j`` (with their sample
# weights, all 1 here).

show_source(update_centres, docstring=False)

# %%
# Where to read more
# ------------------
#
# * The API reference of :class:`~skratch.cluster.KMeans` (its Notes give the
#   two steps as equations).
# * The next lesson, :ref:`sphx_glr_docs_auto_examples_cluster_plot_kmeans_init.py`,
#   shows a start this run cannot recover from, and the remedy.
# * scikit-learn's user guide on `k-means
#   <https://scikit-learn.org/stable/modules/clustering.html#k-means>`_.
# * T. Hastie, R. Tibshirani and J. Friedman, `The Elements of Statistical
#   Learning <https://hastie.su.domains/ElemStatLearn/>`_, section 14.3.6.
