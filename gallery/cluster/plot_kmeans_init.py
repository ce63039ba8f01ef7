"""
=======================================
A bad random start against k-means++
=======================================

Lloyd's algorithm never increases the inertia, but it only ever goes
downhill from where it starts: it stops at the first arrangement that no
single assign or update move can improve. That is a *local* minimum, and a
poor start can end in a poor one, for instance with two centres sharing one
blob while another centre straddles two blobs.

Two remedies, both in :class:`~skratch.cluster.KMeans`:

* **k-means++** (the default ``init``) picks starting centres far from one
  another: each new centre is a data point drawn with probability
  proportional to its squared distance from the centres chosen so far;
* **several starts** (``n_init``): run from several starts and keep the run
  with the lowest inertia.

This lesson puts a plain random start (``init="random"``: ``k`` data points
drawn uniformly) next to k-means++, on the same data.
"""

# %%
# The data and the two models
# ---------------------------
#
# The four blobs of the previous lesson, and two models that differ only in
# how they choose their starting centres.

import matplotlib.pyplot as plt

from skratch.cluster import KMeans
from skratch.datasets import make_blobs
from skratch.viz import animate

blob_centres = [(-5, -4), (-5, 4), (5, -4), (5, 4)]
X, _ = make_blobs(n_samples=300, centers=blob_centres, cluster_std=1.3,
                  random_state=0)

random_start = KMeans(n_clusters=4, init="random", n_init=1, random_state=5)
plus_plus = KMeans(n_clusters=4, init="k-means++", n_init=1, random_state=0)

# %%
# A random start
# --------------
#
# Two of the four starting points fall in the same blob, and no centre
# starts in the top-right one. Watch the two centres share their blob to
# the end, while a single centre is left to cover two blobs.

random_anim = animate(random_start, X, max_frames=30, dpi=144)
random_anim

# %%
# k-means++
# ---------
#
# The starting centres are spread over the data, one per blob. Three rounds
# of assign and update finish the job.

plus_plus_anim = animate(plus_plus, X, max_frames=30, dpi=144)
plus_plus_anim

# %%
# The inertia of both runs
# ------------------------
#
# The loss of every step is kept in the recorded trace
# (``anim.trace.steps[i].loss``; the first step, placing the centres, has
# none). Both curves only go down, but they settle at different heights:
# the random start is stuck at more than three times the inertia of k-means++.

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
runs = {"random start": random_anim, "k-means++": plus_plus_anim}
for name, anim in runs.items():
    steps = [s for s in anim.trace.steps if s.loss is not None]
    losses = [s.loss for s in steps]
    ax.plot([s.index for s in steps], losses, marker="o", label=name)
ax.set_xlabel("step (assign and update moves)")
ax.set_ylabel("inertia")
ax.set_yscale("log")
ax.legend()
plt.show()

print(f"random start: inertia {random_start.inertia_:.1f} after "
      f"{random_start.n_iter_} iterations")
print(f"k-means++:    inertia {plus_plus.inertia_:.1f} after "
      f"{plus_plus.n_iter_} iterations")

# %%
# What to look at
# ---------------
#
# * The first frame of each player: where the centres start decides where
#   they end.
# * The random run takes more iterations and still ends worse: more steps
#   do not mean a better answer.
# * ``n_init`` is the everyday fix: with ``KMeans(init="random", n_init=10)``
#   the best of ten random starts is kept, and here that is the good
#   solution too.

best_of_ten = KMeans(n_clusters=4, init="random", n_init=10, random_state=0)
best_of_ten.fit(X)
print(f"best of 10 random starts: inertia {best_of_ten.inertia_:.1f}")

# %%
# k-means++ in code
# -----------------
#
# The first centre is a data point drawn at random. Each next one is drawn
# with probability proportional to :math:`D(x)^2`, the squared distance from
# :math:`x` to the closest centre chosen so far, so far-away points are
# likely picks:
#
# .. math::
#
#    P(x_i) = \frac{D(x_i)^2}{\sum_j D(x_j)^2}
#
# Like scikit-learn, skratch draws a few candidates at each round and keeps
# the one that lowers :math:`\sum_i D(x_i)^2` most ("greedy" k-means++).
# These are the lines that picked the starting centres above, read from the
# package when this page was built (``weights`` are sample weights, all 1
# here):

from skratch.cluster._kmeans import kmeans_plusplus
from skratch.utils import show_source

show_source(kmeans_plusplus, docstring=False)

# %%
# Where to read more
# ------------------
#
# * The ``init`` and ``n_init`` parameters of :class:`~skratch.cluster.KMeans`.
# * The previous lesson, :ref:`sphx_glr_docs_auto_examples_cluster_plot_kmeans.py`.
# * D. Arthur and S. Vassilvitskii, `k-means++: the advantages of careful
#   seeding <https://theory.stanford.edu/~sergei/papers/kMeansPP-soda.pdf>`_,
#   SODA 2007.
# * scikit-learn's user guide on `k-means
#   <https://scikit-learn.org/stable/modules/clustering.html#k-means>`_, and
#   its example `comparing initialisation methods
#   <https://scikit-learn.org/stable/auto_examples/cluster/plot_kmeans_digits.html>`_.
