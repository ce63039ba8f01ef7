"""The CART algorithm: a node's best split, and a tree grown one split at a time.

:class:`Tree` holds a fitted tree as parallel arrays, one entry per node,
named as scikit-learn names them, so the two can be compared node by node.

Growing a classification tree is two pieces:

* :func:`best_split` finds the best question ``x[j] <= t`` for one node:
  for each feature, sort the node's samples, add up the class weights left
  of every cut (a cumulative sum), and score every cut with the impurity of
  its two sides. The arithmetic runs on all thresholds and all features at
  once.
* :func:`grow` starts from the root alone and splits one leaf at a time,
  yielding after each split: depth-first (a stack of the leaves still to
  split; the newest, left before right, goes first), or, with
  ``max_leaf_nodes``, best-first (the leaf whose split lowers the impurity
  most goes first).

Nodes are numbered as they are created: the root is 0 and the ``k``-th split
creates nodes ``2k - 1`` (left) and ``2k`` (right). scikit-learn numbers
best-first trees the same way and depth-first trees in depth-first
pre-order; :func:`renumber_depth_first` turns the one into the other.
Minimal cost-complexity pruning, which needs the whole tree, comes after:
:func:`weakest_links` finds the cuts, :func:`take_nodes` makes the pruned
tree and :func:`regrow` shows its splits again, depth-first.
"""

import heapq
import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Growth",
    "Split",
    "Tree",
    "TreeSoFar",
    "best_split",
    "entropy",
    "gini",
    "grow",
    "impurity_decrease",
    "node_depths",
    "preorder",
    "regrow",
    "renumber_depth_first",
    "take_nodes",
    "weakest_links",
]

LEAF = -1
UNDEFINED = -2
# A node whose impurity is at most this is pure (up to rounding): a leaf.
EPSILON = np.finfo(np.float64).eps
# The smallest positive float: dividing by it instead of 0 keeps 0 / 0 at 0.
TINY = np.finfo(np.float64).tiny


@dataclass
class Tree:
    """A binary decision tree stored as arrays indexed by node id.

    Node 0 is the root. Node ``i`` is a leaf when
    ``children_left[i] == children_right[i] == -1``; otherwise a sample
    ``x`` reaching it goes to ``children_left[i]`` if
    ``x[feature[i]] <= threshold[i]`` and to ``children_right[i]`` if not.
    Children always have larger ids than their parent.

    Attributes
    ----------
    children_left, children_right : ndarray of shape (node_count,)
        Ids of the children, -1 for leaves.
    feature : ndarray of shape (node_count,)
        The feature each internal node tests, -2 for leaves.
    threshold : ndarray of shape (node_count,)
        The threshold each internal node tests, -2.0 for leaves.
    value : ndarray of shape (node_count, 1, n_classes)
        The fraction of the node's training weight in each class (as in
        scikit-learn 1.4 and later; the middle axis is the single output).
        Without weights, the fraction of its samples.
    impurity : ndarray of shape (node_count,)
        The impurity of the node's (weighted) training samples.
    n_node_samples : ndarray of shape (node_count,)
        The number of training samples reaching the node.
    weighted_n_node_samples : ndarray of shape (node_count,)
        Their total weight (sample weight times class weight); equal to
        ``n_node_samples`` without weights.
    node_count : int
        The number of nodes.
    max_depth : int
        The depth of the deepest node (the root has depth 0).
    n_features : int
        The number of features of the data the tree was grown on.
    """

    children_left: np.ndarray
    children_right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    value: np.ndarray
    impurity: np.ndarray
    n_node_samples: np.ndarray
    weighted_n_node_samples: np.ndarray
    node_count: int
    max_depth: int
    n_features: int

    @property
    def n_leaves(self):
        """The number of leaves."""
        return int(np.count_nonzero(self.children_left == LEAF))

    @property
    def n_outputs(self):
        """The number of outputs: 1 (scikit-learn's trees may have several)."""
        return 1

    @property
    def n_classes(self):
        """The number of classes of each output: an array of one int."""
        return np.array([self.value.shape[2]], dtype=np.intp)

    @property
    def max_n_classes(self):
        """The largest number of classes of an output."""
        return int(self.value.shape[2])

    @property
    def capacity(self):
        """The number of nodes stored: ``node_count`` (scikit-learn may allocate more)."""
        return self.node_count

    def _paths(self, X):
        """The (row, node) pairs of every node each row of ``X`` passes through.

        Returns
        -------
        rows, nodes : ndarray of shape (n_pairs,)
            Sorted by row, then from the root down.
        """
        n_samples = X.shape[0]
        node = np.zeros(n_samples, dtype=np.intp)
        rows, nodes = [np.arange(n_samples)], [node.copy()]
        moving = np.flatnonzero(self.children_left[node] != LEAF)
        while moving.size:
            at = node[moving]
            goes_left = X[moving, self.feature[at]] <= self.threshold[at]
            node[moving] = np.where(goes_left, self.children_left[at], self.children_right[at])
            rows.append(moving)
            nodes.append(node[moving])
            moving = moving[self.children_left[node[moving]] != LEAF]
        rows, nodes = np.concatenate(rows), np.concatenate(nodes)
        by_row = np.argsort(rows, kind="stable")  # stable: root first within a row
        return rows[by_row], nodes[by_row]

    def apply(self, X):
        """The id of the leaf that each row of ``X`` reaches.

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        node = np.zeros(X.shape[0], dtype=np.intp)
        # All samples walk down together, one level per pass; only those
        # not yet at a leaf are looked at again.
        moving = np.flatnonzero(self.children_left[node] != LEAF)
        while moving.size:
            at = node[moving]
            goes_left = X[moving, self.feature[at]] <= self.threshold[at]
            nxt = np.where(goes_left, self.children_left[at], self.children_right[at])
            node[moving] = nxt
            moving = moving[self.children_left[nxt] != LEAF]
        return node

    def decision_path(self, X):
        """Which nodes each row of ``X`` passes through, as a dense array.

        (:meth:`DecisionTreeClassifier.decision_path
        <skratch.tree.DecisionTreeClassifier.decision_path>` gives the same
        as a scipy sparse matrix, as scikit-learn does.)

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_features)

        Returns
        -------
        ndarray of bool, shape (n_samples, node_count)
            ``[i, t]`` is True when row ``i`` passes through node ``t``.
        """
        rows, nodes = self._paths(X)
        indicator = np.zeros((X.shape[0], self.node_count), dtype=bool)
        indicator[rows, nodes] = True
        return indicator

    def compute_feature_importances(self, normalize=True):
        r"""Each feature's total weighted impurity decrease.

        Feature :math:`j` scores :math:`\sum_t \Delta I(t)` over the nodes
        :math:`t` splitting on it (see :func:`impurity_decrease`).

        Parameters
        ----------
        normalize : bool, default=True
            Divide by the total over all features, so that the importances
            sum to 1 (they stay all zero for a tree without splits).

        Returns
        -------
        ndarray of shape (n_features,)
        """
        internal = self.children_left != LEAF
        importances = np.bincount(self.feature[internal],
                                  weights=impurity_decrease(self)[internal],
                                  minlength=self.n_features).astype(np.float64)
        total = importances.sum()
        if normalize and total > 0:
            importances /= total
        return importances


# -- impurity -------------------------------------------------------------------

def gini(counts):
    r"""Gini impurity :math:`1 - \sum_k p_k^2` of class weights ``counts[k]`` (first axis)."""
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum(axis=0)
    return 1.0 - np.sum(counts * counts, axis=0) / np.maximum(n * n, TINY)


def entropy(counts):
    r"""Entropy :math:`-\sum_k p_k \log_2 p_k` of class weights ``counts[k]`` (first axis)."""
    counts = np.asarray(counts, dtype=np.float64)
    p = counts / np.maximum(counts.sum(axis=0), TINY)
    # 0 log 0 = 0: log2 of 1 instead of 0 makes those terms vanish.
    return -np.sum(p * np.log2(np.where(p > 0, p, 1.0)), axis=0)


IMPURITY = {"gini": gini, "entropy": entropy, "log_loss": entropy}


# -- a node's best split ------------------------------------------------------------

@dataclass
class Split:
    """A node's best question ``x[feature] <= threshold`` and the two sides it makes.

    Attributes
    ----------
    feature : int
    threshold : float
    goes_left : ndarray of bool, shape (n_node_samples,)
        Which of the node's samples answer yes.
    counts_left, counts_right : ndarray of shape (n_classes,)
        The class weights of each side.
    """

    feature: int
    threshold: float
    goes_left: np.ndarray
    counts_left: np.ndarray
    counts_right: np.ndarray


def best_split(X, W, criterion="gini", *, min_samples_leaf=1, min_weight_leaf=0.0,
               max_features=None, rng=None):
    r"""The split of a node that leaves its children least impure, or None.

    Parameters
    ----------
    X : ndarray of shape (m, n_features)
        The node's samples.
    W : ndarray of shape (n_classes, m)
        ``W[k, i]`` is sample i's weight if it is of class k, else 0 (one-hot
        columns of 1 when the samples are not weighted).
    criterion : {"gini", "entropy", "log_loss"}
    min_samples_leaf : int
        The fewest samples each side may receive.
    min_weight_leaf : float
        The least weight each side may receive.
    max_features : int or None
        Visit the features in a random order (drawn from ``rng``) and
        consider the first ``max_features`` of them, or more, up to the
        first that has a valid cut. None considers all, in index order.
    rng : numpy.random.Generator, needed with ``max_features``

    Returns
    -------
    Split or None
        None when no cut is valid.

    Notes
    -----
    Sort the samples by feature :math:`j`: :math:`x_{(1)} \le \dots \le
    x_{(m)}`. The cut after the :math:`i`-th sends the first :math:`i` left;
    the class weights on its left are a cumulative sum,
    :math:`w_{L,k}(i) = \sum_{r \le i} W_{k,(r)}`, and those on its right
    what remains. The cut costs

    .. math::

        C(j, i) = w_L\,G(L) + w_R\,G(R),

    :math:`G` the impurity (:func:`gini` or :func:`entropy`) and
    :math:`w_L, w_R` the weights of the sides. It is valid between two
    distinct values, :math:`x_{(i)} < x_{(i+1)}`, with at least
    ``min_samples_leaf`` samples and ``min_weight_leaf`` weight on each side;
    its threshold is the midpoint :math:`(x_{(i)} + x_{(i+1)}) / 2`. The
    cheapest valid cut wins; ties go to the feature visited first, then to
    the lowest threshold.
    """
    impurity = IMPURITY[criterion]
    m, n_features = X.shape
    # Row j of ``order`` lists the samples sorted by feature j.
    order = np.argsort(X.T, axis=1)
    x = np.take_along_axis(X.T, order, axis=1)              # (d, m): sorted values
    # left[k, j, i]: the weight of class k among the first i + 1 samples
    # sorted by feature j, those left of the cut after them.
    # (``take`` lays the gathered weights out class by class, which
    # ``W[:, order]`` does not, so the sums over classes add whole slabs.)
    left = np.cumsum(np.take(W, order, axis=1), axis=2)[:, :, :-1]   # (K, d, m - 1)
    right = W.sum(axis=1)[:, None, None] - left
    w_left, w_right = left.sum(axis=0), right.sum(axis=0)   # (d, m - 1)
    cost = w_left * impurity(left) + w_right * impurity(right)

    n_left = np.arange(1, m)
    valid = ((x[:, :-1] < x[:, 1:])
             & (n_left >= min_samples_leaf) & (m - n_left >= min_samples_leaf)
             & (w_left >= min_weight_leaf) & (w_right >= min_weight_leaf))
    cost = np.where(valid, cost, np.inf)
    best_cut = np.argmin(cost, axis=1)                      # each feature's lowest best cut
    best_cost = cost[np.arange(n_features), best_cut]

    visited = np.arange(n_features)
    if max_features is not None and max_features < n_features:
        visited = rng.permutation(n_features)
        has_cut = np.isfinite(best_cost[visited])
        first_with_cut = int(np.argmax(has_cut)) if has_cut.any() else n_features
        visited = visited[:max(max_features, first_with_cut + 1)]
    j = int(visited[np.argmin(best_cost[visited])])         # the first visited of ties
    if best_cost[j] == np.inf:
        return None

    i = best_cut[j]                                         # the cut after sample i + 1
    low, high = x[j, i], x[j, i + 1]
    threshold = low / 2 + high / 2
    if threshold >= high:
        # Rounding can put the midpoint of two adjacent floats on the upper
        # one, which would then go left; the lower one is a threshold too.
        threshold = low
    goes_left = X[:, j] <= threshold
    # The sides' class weights, summed over their own samples (a difference
    # of running totals can leave a rounding error in a class that is absent).
    return Split(j, float(threshold), goes_left,
                 W[:, goes_left].sum(axis=1), W[:, ~goes_left].sum(axis=1))


# -- the tree so far ----------------------------------------------------------------

class TreeSoFar:
    """A tree being grown, its nodes numbered as they are created.

    The arrays hold room for ``capacity`` nodes (a binary tree with ``n``
    leaves has ``2n - 1``); the first ``node_count`` are the tree so far.

    Parameters
    ----------
    capacity, n_classes, n_features : int
    """

    def __init__(self, capacity, n_classes, n_features):
        self.children_left = np.full(capacity, LEAF, dtype=np.intp)
        self.children_right = np.full(capacity, LEAF, dtype=np.intp)
        self.feature = np.full(capacity, UNDEFINED, dtype=np.intp)
        self.threshold = np.full(capacity, float(UNDEFINED))
        self.value = np.zeros((capacity, 1, n_classes))
        self.impurity = np.zeros(capacity)
        self.n_node_samples = np.zeros(capacity, dtype=np.intp)
        self.weighted_n_node_samples = np.zeros(capacity)
        self.depth = np.zeros(capacity, dtype=np.intp)
        self.node_count = 0
        self.n_features = n_features

    def add_leaf(self, value, weight, n_samples, impurity, depth):
        """Add a leaf (its class fractions, weight, size, impurity, depth); return its id."""
        i = self.node_count
        self.value[i, 0] = value
        self.weighted_n_node_samples[i] = weight
        self.n_node_samples[i] = n_samples
        self.impurity[i] = impurity
        self.depth[i] = depth
        self.node_count += 1
        return i

    def split(self, node, feature, threshold, left, right):
        """Make leaf ``node`` ask ``x[feature] <= threshold``: yes to ``left``, no to ``right``."""
        self.feature[node], self.threshold[node] = feature, threshold
        self.children_left[node], self.children_right[node] = left, right

    def tree(self):
        """The tree so far, as a :class:`Tree` of its own arrays (copies)."""
        n = self.node_count
        return Tree(
            children_left=self.children_left[:n].copy(),
            children_right=self.children_right[:n].copy(),
            feature=self.feature[:n].copy(),
            threshold=self.threshold[:n].copy(),
            value=self.value[:n].copy(),
            impurity=self.impurity[:n].copy(),
            n_node_samples=self.n_node_samples[:n].copy(),
            weighted_n_node_samples=self.weighted_n_node_samples[:n].copy(),
            node_count=n,
            max_depth=int(self.depth[:n].max()),
            n_features=self.n_features,
        )


@dataclass
class Growth:
    r"""One moment of the growth: the root alone, or a leaf just split.

    Attributes
    ----------
    tree : Tree
        The tree so far, nodes numbered as created.
    node : int
        The root (0), or the node just split.
    depth : int
    region : ndarray of shape (n_features, 2)
        The node's box: ``region[j, 0] < x[j] <= region[j, 1]``.
    left, right : int
        The new children's ids (-1 for the root step).
    region_left, region_right : ndarray of shape (n_features, 2) or None
        The children's boxes.
    decrease : float
        The split's impurity decrease :math:`\Delta I` (see :func:`grow`).
    """

    tree: Tree
    node: int
    depth: int
    region: np.ndarray
    left: int = LEAF
    right: int = LEAF
    region_left: np.ndarray = None
    region_right: np.ndarray = None
    decrease: float = 0.0


def _halves(region, feature, threshold):
    """The boxes of the two sides of ``x[feature] <= threshold`` within ``region``."""
    region_left, region_right = region.copy(), region.copy()
    region_left[feature, 1] = threshold
    region_right[feature, 0] = threshold
    return region_left, region_right


# -- growing ------------------------------------------------------------------------

@dataclass
class _Leaf:
    """A leaf of the tree being grown, with its best split if it may be split."""

    id: int
    samples: np.ndarray    # the rows of X that reach it
    depth: int
    region: np.ndarray
    split: Split = None
    decrease: float = 0.0  # the impurity decrease of its split


def grow(X, y, n_classes, *, criterion="gini", max_depth=None, min_samples_split=2,
         min_samples_leaf=1, min_weight_leaf=0.0, min_impurity_decrease=0.0,
         max_leaf_nodes=None, max_features=None, rng=None, sample_weight=None):
    r"""Grow a classification tree (CART), yielding after each split.

    A leaf is split when it is not pure, holds at least
    ``min_samples_split`` samples and ``2 * min_weight_leaf`` weight, is
    shallower than ``max_depth``, has a valid split (:func:`best_split`)
    and that split's impurity decrease

    .. math::

        \Delta I = \frac{w_t G(t) - w_L G(L) - w_R G(R)}{W}

    is at least ``min_impurity_decrease`` (:math:`W` the total weight).
    Leaves are split depth-first, or, with ``max_leaf_nodes``, best-first:
    the leaf with the largest :math:`\Delta I` first (ties: the leaf
    created first), until the tree has ``max_leaf_nodes`` leaves.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,) of ints in ``[0, n_classes)``
    n_classes : int
    criterion : {"gini", "entropy", "log_loss"}
    max_depth, max_leaf_nodes : int or None
    min_samples_split, min_samples_leaf : int
    min_weight_leaf : float
        The least total weight each child of a split must receive.
    min_impurity_decrease : float
    max_features : int or None
        See :func:`best_split`.
    rng : numpy.random.Generator, needed with ``max_features``
    sample_weight : ndarray of shape (n_samples,) or None
        Each sample's weight (> 0); None weighs every sample 1, with exact
        integer counts.

    Yields
    ------
    Growth
        The root first, then one per split. Nodes are numbered as created:
        the ``k``-th split creates nodes ``2k - 1`` and ``2k``.
    """
    n_samples, n_features = X.shape
    impurity = IMPURITY[criterion]
    # W[k, i]: sample i's weight if it is of class k, else 0. (Without
    # weights, sums of W are counts: exact in floating point.)
    W = np.eye(n_classes)[:, y]
    if sample_weight is None:
        # Each sample weighs 1, so the weight rule is a rule on sample counts.
        min_samples_leaf = max(min_samples_leaf, math.ceil(min_weight_leaf))
        min_weight_leaf = 0.0
    else:
        W = W * sample_weight
    total_weight = W.sum()
    max_depth = math.inf if max_depth is None else max_depth
    max_leaf_nodes = math.inf if max_leaf_nodes is None else max_leaf_nodes
    # A leaf with fewer than 2 * min_samples_leaf samples has no valid split.
    min_split = max(min_samples_split, 2 * min_samples_leaf)
    tree = TreeSoFar(2 * n_samples - 1, n_classes, n_features)

    def new_leaf(samples, counts, depth, region):
        """Add a leaf to the tree; find its best split if it may be split."""
        weight = counts.sum()
        node_impurity = impurity(counts)
        leaf = _Leaf(tree.add_leaf(counts / weight, weight, len(samples), node_impurity, depth),
                     samples, depth, region)
        if (len(samples) < min_split or depth >= max_depth or weight < 2 * min_weight_leaf
                or node_impurity <= EPSILON):
            return leaf
        split = best_split(X[samples], W[:, samples], criterion,
                           min_samples_leaf=min_samples_leaf, min_weight_leaf=min_weight_leaf,
                           max_features=max_features, rng=rng)
        if split is None:
            return leaf
        w_left, w_right = split.counts_left.sum(), split.counts_right.sum()
        decrease = (weight * node_impurity - w_left * impurity(split.counts_left)
                    - w_right * impurity(split.counts_right)) / total_weight
        # (EPSILON: a decrease equal to the minimum but for rounding passes.)
        if decrease + EPSILON >= min_impurity_decrease:
            leaf.split, leaf.decrease = split, decrease
        return leaf

    root = new_leaf(np.arange(n_samples), W.sum(axis=1), 0,
                    np.tile([-np.inf, np.inf], (n_features, 1)))
    yield Growth(tree.tree(), 0, 0, root.region)

    # The leaves that will be split: a stack (depth-first), or a heap keyed
    # by the largest decrease, then the lowest id (best-first).
    best_first = max_leaf_nodes < math.inf
    to_split = []

    def push(leaf):
        if leaf.split is not None:
            if best_first:
                heapq.heappush(to_split, (-leaf.decrease, leaf.id, leaf))
            else:
                to_split.append(leaf)

    push(root)
    n_leaves = 1
    while to_split and n_leaves < max_leaf_nodes:
        leaf = heapq.heappop(to_split)[2] if best_first else to_split.pop()
        split = leaf.split
        region_left, region_right = _halves(leaf.region, split.feature, split.threshold)
        left = new_leaf(leaf.samples[split.goes_left], split.counts_left, leaf.depth + 1,
                        region_left)
        right = new_leaf(leaf.samples[~split.goes_left], split.counts_right, leaf.depth + 1,
                         region_right)
        tree.split(leaf.id, split.feature, split.threshold, left.id, right.id)
        n_leaves += 1
        yield Growth(tree.tree(), leaf.id, leaf.depth, leaf.region,
                     left.id, right.id, region_left, region_right, leaf.decrease)
        push(right)
        push(left)      # on top of the stack: depth-first goes left first


def regrow(tree):
    """The growth of a finished ``tree`` again: its splits, depth-first.

    For trees known only once grown, such as a pruned tree: the steps
    :func:`grow` would have yielded, had it made these splits depth-first.

    Parameters
    ----------
    tree : Tree

    Yields
    ------
    Growth
        As :func:`grow` yields them (nodes numbered as created).
    """
    so_far = TreeSoFar(tree.node_count, tree.value.shape[2], tree.n_features)

    def add(i, depth):
        return so_far.add_leaf(tree.value[i, 0], tree.weighted_n_node_samples[i],
                               tree.n_node_samples[i], tree.impurity[i], depth)

    decrease = impurity_decrease(tree)
    region = np.tile([-np.inf, np.inf], (tree.n_features, 1))
    add(0, 0)
    yield Growth(so_far.tree(), 0, 0, region)
    stack = [(0, 0, 0, region)]        # (id in tree, id so far, depth, box)
    while stack:
        i, node, depth, region = stack.pop()
        if tree.children_left[i] == LEAF:
            continue
        j, t = int(tree.feature[i]), float(tree.threshold[i])
        region_left, region_right = _halves(region, j, t)
        left = add(tree.children_left[i], depth + 1)
        right = add(tree.children_right[i], depth + 1)
        so_far.split(node, j, t, left, right)
        yield Growth(so_far.tree(), node, depth, region, left, right, region_left, region_right,
                     decrease[i])
        stack.append((tree.children_right[i], right, depth + 1, region_right))
        stack.append((tree.children_left[i], left, depth + 1, region_left))


def renumber_depth_first(tree):
    """``tree`` with its nodes numbered in depth-first pre-order, left child first.

    That is how scikit-learn's depth-first builder numbers them.
    """
    split = tree.children_left != LEAF
    nodes = preorder(tree, split)
    return take_nodes(tree, nodes, split[nodes], node_depths(tree))


# -- the fitted tree: impurity decreases, renumbering, pruning ---------------------

def impurity_decrease(tree):
    r"""Each node's weighted impurity decrease (0 for leaves).

    For a node :math:`t` of weight :math:`w_t` split into :math:`L` and
    :math:`R`, in a tree of total weight :math:`W` (the root's),

    .. math::

        \Delta I(t) = \frac{w_t G(t) - w_L G(L) - w_R G(R)}{W}.

    Returns
    -------
    ndarray of shape (node_count,)
    """
    left, right = tree.children_left, tree.children_right
    weighted_impurity = tree.weighted_n_node_samples * tree.impurity
    internal = np.flatnonzero(left != LEAF)
    decrease = np.zeros(tree.node_count)
    decrease[internal] = (weighted_impurity[internal] - weighted_impurity[left[internal]]
                          - weighted_impurity[right[internal]])
    return decrease / tree.weighted_n_node_samples[0]


def node_depths(tree):
    """The depth of every node (parents have smaller ids than their children)."""
    depth = np.zeros(tree.node_count, dtype=np.intp)
    for i in np.flatnonzero(tree.children_left != LEAF).tolist():
        depth[tree.children_left[i]] = depth[tree.children_right[i]] = depth[i] + 1
    return depth


def preorder(tree, split):
    """The ids of the nodes reached through ``split`` nodes, in depth-first pre-order.

    Parameters
    ----------
    tree : Tree
    split : ndarray of bool, shape (node_count,)
        Which nodes keep their children (the others become leaves).

    Returns
    -------
    list of int
        Each node before its left subtree, the left subtree before the right.
    """
    order, stack = [], [0]
    while stack:
        i = stack.pop()
        order.append(i)
        if split[i]:
            stack += [int(tree.children_right[i]), int(tree.children_left[i])]
    return order


def take_nodes(tree, nodes, split, depth):
    """The tree made of some of ``tree``'s nodes, renumbered.

    Parameters
    ----------
    tree : Tree
    nodes : array-like of int
        The nodes to keep, in their new order (node ``nodes[k]`` gets id
        ``k``): the root first, every node after its parent.
    split : array-like of bool, shape (len(nodes),)
        Which of them keep their split (both children must be in
        ``nodes``); the others become leaves.
    depth : ndarray of shape (tree.node_count,)
        The depth of each node of ``tree``.

    Returns
    -------
    Tree
    """
    nodes, split = np.asarray(nodes, dtype=np.intp), np.asarray(split, dtype=bool)
    new_id = np.full(tree.node_count, LEAF, dtype=np.intp)
    new_id[nodes] = np.arange(nodes.size)
    return Tree(
        children_left=np.where(split, new_id[tree.children_left[nodes]], LEAF),
        children_right=np.where(split, new_id[tree.children_right[nodes]], LEAF),
        feature=np.where(split, tree.feature[nodes], UNDEFINED),
        threshold=np.where(split, tree.threshold[nodes], float(UNDEFINED)),
        value=np.take(tree.value, nodes, axis=0),   # (faster than fancy indexing in 3-D)
        impurity=tree.impurity[nodes],
        n_node_samples=tree.n_node_samples[nodes],
        weighted_n_node_samples=tree.weighted_n_node_samples[nodes],
        node_count=int(nodes.size),
        max_depth=int(depth[nodes].max()),
        n_features=tree.n_features,
    )


def weakest_links(tree):
    r"""Minimal cost-complexity pruning: cut the weakest link until only the root is left.

    The cost of a node :math:`t` as a leaf is :math:`R(t) = w_t G(t) / W`;
    that of the branch :math:`T_t` below it is :math:`R(T_t) = \sum_{l}
    R(l)` over its leaves :math:`l` (added up leaf by leaf, in id order).
    Cutting the branch back to :math:`t` saves :math:`|T_t| - 1` leaves and
    costs :math:`R(t) - R(T_t)`, so it pays for any complexity price
    :math:`\alpha` at least

    .. math::

        \alpha(t) = \frac{R(t) - R(T_t)}{|T_t| - 1}.

    Each round cuts the branch with the smallest :math:`\alpha(t)` (the
    lowest id among ties), the weakest link, and updates its ancestors.

    Parameters
    ----------
    tree : Tree

    Returns
    -------
    nodes : list of int
        The nodes turned into leaves, in order; the last is the root.
    alphas : ndarray of shape (len(nodes) + 1,)
        0 for the tree as given, then the :math:`\alpha` of each cut.
    costs : ndarray of shape (len(nodes) + 1,)
        :math:`R(T) = \sum_l R(l)` of the tree as given, then after each cut.
    """
    n = tree.node_count
    left, right = tree.children_left, tree.children_right
    is_leaf = left == LEAF
    parent = np.full(n, LEAF, dtype=np.intp)
    parent[left[~is_leaf]] = np.flatnonzero(~is_leaf)
    parent[right[~is_leaf]] = np.flatnonzero(~is_leaf)

    def ancestors(node):
        up = []
        while parent[node] != LEAF:
            node = parent[node]
            up.append(node)
        return up

    # A branch is a range of a pre-order walk: the descendants of t sit at
    # positions [position[t], position[t] + n_below[t]).
    walk = np.array(preorder(tree, ~is_leaf))
    position = np.empty(n, dtype=np.intp)
    position[walk] = np.arange(n)
    n_below = np.ones(n, dtype=np.intp)
    for i in reversed(walk):
        if not is_leaf[i]:
            n_below[i] += n_below[left[i]] + n_below[right[i]]

    r_node = tree.weighted_n_node_samples * tree.impurity / tree.weighted_n_node_samples[0]
    r_branch = np.where(is_leaf, r_node, 0.0)
    n_leaves = is_leaf.astype(np.intp)
    for leaf in np.flatnonzero(is_leaf).tolist():
        up = ancestors(leaf)
        r_branch[up] += r_node[leaf]
        n_leaves[up] += 1

    in_tree = ~is_leaf                 # the internal nodes of the tree so far
    nodes, alphas, costs = [], [0.0], [r_branch[0]]
    while in_tree[0]:
        alpha = np.full(n, np.inf)
        alpha[in_tree] = (r_node[in_tree] - r_branch[in_tree]) / (n_leaves[in_tree] - 1)
        t = int(np.argmin(alpha))
        in_tree[walk[position[t]:position[t] + n_below[t]]] = False
        up = ancestors(t)
        r_branch[up] += r_node[t] - r_branch[t]
        n_leaves[up] -= n_leaves[t] - 1
        r_branch[t], n_leaves[t] = r_node[t], 1
        nodes.append(t)
        alphas.append(alpha[t])
        costs.append(r_branch[0])
    return nodes, np.array(alphas), np.array(costs)
