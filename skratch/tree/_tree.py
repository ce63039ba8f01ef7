"""The tree structure, the CART growing algorithm, and the choice of splits to keep.

:class:`Tree` holds a fitted tree as parallel arrays, one entry per node,
named as scikit-learn names them, so the two can be compared node by node.

:func:`grow_tree` grows a classification tree. It is written for speed in
plain NumPy, which rules out the textbook loop "for each node, for each
feature, for each threshold": Python pays a fixed cost per NumPy call, and a
fully grown tree has thousands of tiny nodes. Instead the tree grows one
*level* at a time, and every node of a level is searched at once:

1. Each feature is sorted once, at the start. The samples of the nodes still
   to be split sit in an array ``order`` of shape (n_features, m): row ``j``
   lists the samples node after node (every node is one contiguous
   *segment*, at the same columns in every row), sorted by feature ``j``
   inside each node.
2. A running total of each class's weight along each row gives, for every
   feature and every cut of every node at once, the class weights left and
   right of the cut. The split criterion follows for all valid cuts in a few
   array operations, and a segmented maximum picks each node's best cut.
3. Splitting a node is a *stable* partition of its segment: the samples that
   go left keep their sorted order, and so do those that go right, so the
   children are sorted without sorting again. Nodes that are finished
   (leaves) leave the arrays, which therefore shrink level by level.

The nodes are numbered breadth-first while growing and renumbered at the end
in depth-first (pre-)order, left child first: the order in which a
depth-first builder, such as scikit-learn's, would have created them.

A node's best split depends only on the samples that reach it, so the grown
tree holds every split any builder could make. The rules that look beyond a
node pick among those splits afterwards: :func:`depth_first_splits` keeps the
splits whose impurity decrease is large enough, :func:`best_first_splits`
expands the most useful leaf first until ``max_leaf_nodes`` leaves, and
:func:`weakest_links` prunes by cost complexity. :func:`take_nodes` turns the
splits kept into a tree.
"""

import heapq
import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Tree",
    "best_first_splits",
    "depth_first_splits",
    "entropy",
    "gini",
    "grow_tree",
    "impurity_decrease",
    "node_depths",
    "preorder",
    "take_nodes",
    "weakest_links",
]

LEAF = -1
UNDEFINED = -2
# A node whose impurity is at most this is pure (up to rounding): a leaf.
EPSILON = np.finfo(np.float64).eps


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


def gini(counts):
    r"""Gini impurity :math:`1 - \sum_k p_k^2` of class weights (last axis)."""
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum(axis=-1)
    return 1.0 - np.sum(counts * counts, axis=-1) / np.maximum(n * n, np.finfo(float).tiny)


def entropy(counts):
    r"""Entropy :math:`-\sum_k p_k \log_2 p_k` of class weights (last axis)."""
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum(axis=-1)
    p = counts / np.maximum(n, np.finfo(float).tiny)[..., None]
    # 0 log 0 = 0: log2 of 1 instead of 0 makes those terms vanish.
    return -np.sum(p * np.log2(np.where(p > 0, p, 1.0)), axis=-1)


IMPURITY = {"gini": gini, "entropy": entropy, "log_loss": entropy}


class _Workspace:
    """Memory reused from level to level.

    Each level works on arrays as large as the samples still being split.
    Allocating them afresh at every level costs more than the arithmetic on
    them: the operating system hands large blocks out as untouched pages,
    and the first touch of each page traps into the kernel. So each named
    array is allocated once, at its largest (the first level), and later
    levels use a prefix of it. Two arrays in use together need two names.
    """

    def __init__(self):
        self.buffers = {}

    def __call__(self, name, shape, dtype=np.float64):
        size = math.prod(shape)
        buffer = self.buffers.get(name)
        if buffer is None or buffer.size < size or buffer.dtype != dtype:
            buffer = self.buffers[name] = np.empty(size, dtype=dtype)
        return buffer[:size].reshape(shape)


def _split_scores(ws, criterion, left, right, n_left, n_right):
    r"""Minus the children's impurity weighted by their sizes, for every cut.

    ``left[k]`` and ``right[k]`` hold the weight of class :math:`k` on each
    side of every cut, ``n_left`` and ``n_right`` the weights of the sides
    (without sample weights: counts and sizes).
    The score is :math:`-(n_L\,G(L) + n_R\,G(R))`, to maximise. The
    arithmetic runs in place, in workspace arrays.
    """
    n = n_left.size
    impurity_left, impurity_right = ws("impurity_left", (n,)), ws("impurity_right", (n,))
    term = ws("term", (n,))
    for counts, n_side, impurity in ((left, n_left, impurity_left),
                                     (right, n_right, impurity_right)):
        impurity.fill(0.0)
        if criterion == "gini":
            # G = 1 - sum_k c_k^2 / n^2
            for counts_k in counts:
                np.multiply(counts_k, counts_k, out=term)
                impurity += term
            np.multiply(n_side, n_side, out=term)
            impurity /= term
            np.subtract(1.0, impurity, out=impurity)
        else:
            # H = -sum_k p_k log2 p_k, with 0 log 0 = 0
            log_p = ws("log_p", (n,))
            for counts_k in counts:
                np.divide(counts_k, n_side, out=term)
                log_p.fill(0.0)
                np.log2(term, out=log_p, where=counts_k > 0)
                term *= log_p
                impurity -= term
    # -(n_R G_R) - n_L G_L
    impurity_right *= n_right
    impurity_left *= n_left
    np.negative(impurity_right, out=impurity_right)
    impurity_right -= impurity_left
    return impurity_right


@dataclass
class GrownTree:
    """The output of :func:`grow_tree`: the tree plus each node's parent and depth."""

    tree: Tree
    parent: np.ndarray
    depth: np.ndarray


def grow_tree(X, y, n_classes, *, criterion="gini", max_depth=None,
              min_samples_split=2, min_samples_leaf=1, max_features=None,
              rng=None, sample_weight=None, min_weight_leaf=0.0):
    """Grow a classification tree by exhaustive search (CART).

    Every node is split that can be: it is not pure, it has at least
    ``min_samples_split`` samples and ``2 * min_weight_leaf`` weight, it is
    shallower than ``max_depth``, and some cut leaves each child at least
    ``min_samples_leaf`` samples and ``min_weight_leaf`` weight.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,) of ints in ``[0, n_classes)``
    n_classes : int
    criterion : {"gini", "entropy", "log_loss"}
    max_depth : int or None
    min_samples_split, min_samples_leaf : int
    max_features : int or None
        How many features to draw, in random order, at each node; the
        search goes on past that number until a valid split is found.
        None searches all features in index order.
    rng : numpy.random.Generator, needed when ``max_features`` is an int
    sample_weight : ndarray of shape (n_samples,) or None
        Each sample's weight (> 0); None weighs every sample 1, with exact
        integer counts.
    min_weight_leaf : float
        The least total weight each child of a split must receive.

    Returns
    -------
    GrownTree
        Nodes numbered in depth-first order, left child first.
    """
    n, d = X.shape
    depth_limit = np.inf if max_depth is None else max_depth
    weighted = sample_weight is not None
    if not weighted:
        # Each sample weighs 1, so the weight rule is a rule on sample counts.
        min_samples_leaf = max(min_samples_leaf, math.ceil(min_weight_leaf))
        min_weight_leaf = 0.0
    # A node with fewer than 2 * min_samples_leaf samples has no valid split.
    min_split = max(min_samples_split, 2 * min_samples_leaf)
    if max_features is not None and max_features >= d:
        max_features = None

    # Nodes are stored breadth-first in arrays large enough for any tree
    # (a binary tree with n leaves has 2n - 1 nodes). ``counts`` holds each
    # node's weight per class, ``size`` its number of samples.
    capacity = 2 * n - 1
    counts = np.zeros((capacity, n_classes), dtype=np.float64 if weighted else np.intp)
    size = np.zeros(capacity, dtype=np.intp)
    parent = np.full(capacity, LEAF, dtype=np.intp)
    depth = np.zeros(capacity, dtype=np.intp)
    feature = np.full(capacity, UNDEFINED, dtype=np.intp)
    threshold = np.full(capacity, float(UNDEFINED))
    left_child = np.full(capacity, LEAF, dtype=np.intp)
    right_child = np.full(capacity, LEAF, dtype=np.intp)
    counts[0] = np.bincount(y, weights=sample_weight, minlength=n_classes)
    size[0] = n
    node_count = 1

    def can_split(nodes):
        impure = IMPURITY[criterion](counts[nodes]) > EPSILON
        heavy = counts[nodes].sum(axis=1) >= 2 * min_weight_leaf
        return (size[nodes] >= min_split) & impure & heavy & (depth[nodes] < depth_limit)

    ws = _Workspace()
    X_flat = np.ascontiguousarray(X.T, dtype=np.float64).ravel()  # feature by feature
    order = np.argsort(X_flat.reshape(d, n), axis=1)     # (d, m): sample ids
    segments = np.flatnonzero(can_split(np.array([0])))  # nodes to search
    level = 0

    while segments.size:
        seg_size = size[segments]
        seg_start = np.cumsum(seg_size) - seg_size
        m = order.shape[1]
        # The values and labels in sorted order: row j of X_flat starts at j * n.
        index = np.add(order, (np.arange(d) * n)[:, None], out=ws("index", (d, m), np.intp))
        x_sorted = np.take(X_flat, index, out=ws("x_sorted", (d, m)))
        y_sorted = np.take(y, order, out=ws("y_sorted", (d, m), y.dtype))
        w_sorted = (np.take(sample_weight, order, out=ws("w_sorted", (d, m)))
                    if weighted else None)

        score = _score_cuts(ws, criterion, x_sorted, y_sorted, w_sorted, counts[segments],
                            seg_start, seg_size, min_samples_leaf, min_weight_leaf)
        best_feature, cut = _best_cuts(score, seg_start, max_features, rng)
        splits = cut >= 0
        split_nodes = segments[splits]
        n_split = split_nodes.size
        if n_split == 0:
            break
        f, cut = best_feature[splits], cut[splits]
        low, high = x_sorted[f, cut], x_sorted[f, cut + 1]
        t = low / 2 + high / 2
        # Rounding can put the midpoint of two adjacent floats on the upper
        # one, which would then go left; fall back to the lower value.
        feature[split_nodes] = f
        threshold[split_nodes] = np.where(t >= high, low, t)

        # Children are numbered breadth-first: left, right, node by node.
        kids = node_count + np.arange(2 * n_split)
        node_count += 2 * n_split
        left_child[split_nodes] = kids[0::2]
        right_child[split_nodes] = kids[1::2]
        parent[kids] = np.repeat(split_nodes, 2)
        depth[kids] = np.repeat(depth[split_nodes] + 1, 2)
        # Each child's class weights, summed over its own samples.
        goes_left, samples, pair = _sides(order, n, seg_start, splits, f, cut)
        kid = 2 * pair + ~goes_left[samples]
        size[kids] = np.bincount(kid, minlength=2 * n_split)
        counts[kids] = np.bincount(
            kid * n_classes + y[samples],
            weights=sample_weight[samples] if weighted else None,
            minlength=2 * n_split * n_classes).reshape(2 * n_split, n_classes)

        # Only the children that may split again go on to the next level.
        go_on = can_split(kids)
        level += 1
        order = _partition(ws, order, goes_left, seg_start, splits, cut,
                           np.where(go_on, size[kids], 0),
                           out_name=f"order{level % 2}")
        segments = kids[go_on]

    counts, size, parent, depth, feature, threshold, left_child, right_child = (
        a[:node_count] for a in (counts, size, parent, depth, feature, threshold,
                                 left_child, right_child))
    return _renumber_depth_first(criterion, d, counts, size, parent, depth, feature,
                                 threshold, left_child, right_child)


def _score_cuts(ws, criterion, x_sorted, y_sorted, w_sorted, seg_counts, seg_start,
                seg_size, min_samples_leaf, min_weight_leaf):
    """Score every valid cut of every feature of every node of a level.

    A cut after column ``p`` of row ``j`` puts the columns of its segment up
    to ``p`` on the left. It is valid between two distinct values, with at
    least ``min_samples_leaf`` samples on each side (which also keeps it
    inside its segment) and, with weights, at least ``min_weight_leaf``
    weight on each side. Only valid cuts are scored: with repeated values
    (pixels, counts, categories) they can be few.

    ``seg_counts`` holds each segment's weight per class (counts without
    weights, ``w_sorted`` None).

    Returns
    -------
    score : ndarray of shape (d, m)
        The score of each cut (see :func:`_split_scores`), -inf where invalid.
    """
    d, m = x_sorted.shape
    n_seg, K = seg_counts.shape
    seg_of = np.repeat(np.arange(n_seg), seg_size)   # (m,) segment of a column
    n_left_col = (np.arange(m) - seg_start[seg_of] + 1).astype(np.float64)
    n_right_col = seg_size[seg_of] - n_left_col
    valid = ws("valid", (d, m), bool)
    valid[:, -1] = False
    np.greater(x_sorted[:, 1:], x_sorted[:, :-1], out=valid[:, :-1])
    valid &= (n_left_col >= min_samples_leaf) & (n_right_col >= min_samples_leaf)
    cand = np.flatnonzero(valid)
    n_cand = cand.size
    # (``take`` gathers like fancy indexing does, but faster and into ``out``.)
    cand_col = np.remainder(cand, m, out=ws("cand_col", (n_cand,), cand.dtype))
    cand_seg = np.take(seg_of, cand_col, out=ws("cand_seg", (n_cand,), seg_of.dtype))

    # The weight of class k left of a cut: a running total along the row,
    # minus the weight of the earlier segments (the same in every row, since
    # every row holds the same samples before a segment). Without weights
    # the weights are counts, and the sizes of the sides follow from the
    # cut's position.
    total = seg_counts.T.astype(np.float64)          # (K, n_seg)
    before = np.cumsum(total, axis=1) - total
    weighted = w_sorted is not None
    running = ws("running", (d, m), np.float64 if weighted else np.intp)

    def left_of_cuts(values, before_segment, out):
        np.cumsum(values, axis=1, out=running)
        at_cuts = np.take(running, cand, out=ws("at_cuts", (n_cand,), running.dtype))
        np.subtract(at_cuts, np.take(before_segment, cand_seg, out=ws("before", (n_cand,))),
                    out=out)

    left = ws("left", (K, n_cand))
    is_k = ws("is_k", (d, m), bool)
    for k in range(K - 1):
        np.equal(y_sorted, k, out=is_k)
        if weighted:
            left_of_cuts(np.multiply(is_k, w_sorted, out=ws("weight_k", (d, m))),
                         before[k], left[k])
        else:
            left_of_cuts(is_k, before[k], left[k])
    if weighted:
        n_left = ws("n_left", (n_cand,))
        left_of_cuts(w_sorted, before.sum(axis=0), n_left)
        n_right = np.take(total.sum(axis=0), cand_seg, out=ws("n_right", (n_cand,)))
        n_right -= n_left
    else:
        n_left = np.take(n_left_col, cand_col, out=ws("n_left", (n_cand,)))
        n_right = np.take(n_right_col, cand_col, out=ws("n_right", (n_cand,)))
    np.subtract(n_left, left[:K - 1].sum(axis=0), out=left[K - 1])
    right = np.take(total, cand_seg, axis=1, out=ws("right", (K, n_cand)))
    right -= left

    score = ws("score", (d, m))
    score.fill(-np.inf)
    cut_score = _split_scores(ws, criterion, left, right, n_left, n_right)
    if weighted:
        cut_score[(n_left < min_weight_leaf) | (n_right < min_weight_leaf)] = -np.inf
    score.ravel()[cand] = cut_score
    return score


def _best_cuts(score, seg_start, max_features, rng):
    """Each node's best feature and cut column (-1 where there is no valid cut).

    With ``max_features`` set, each node visits the features in a random
    order and considers the first ``max_features`` of them, or more if none
    of those has a valid cut. Ties go to the feature visited first (the
    lowest index without ``max_features``), then to the lowest threshold.
    """
    d, m = score.shape
    n_seg = seg_start.size
    best_per_feature = np.maximum.reduceat(score, seg_start, axis=1)  # (d, n_seg)
    if max_features is None:
        best_feature = best_per_feature.argmax(axis=0)  # the first of ties
        best = best_per_feature[best_feature, np.arange(n_seg)]
    else:
        rank = np.argsort(rng.random((n_seg, d)), axis=1).argsort(axis=1).T
        has_cut = best_per_feature > -np.inf
        first_with_cut = np.where(has_cut, rank, d).min(axis=0)
        visited = rank < np.maximum(max_features, first_with_cut + 1)
        visited_best = np.where(visited, best_per_feature, -np.inf)
        best = visited_best.max(axis=0)
        best_feature = np.where(visited_best == best, rank, d).argmin(axis=0)

    seg_of = np.repeat(np.arange(n_seg), np.diff(seg_start, append=m))
    position = np.arange(m)
    is_best = score[best_feature[seg_of], position] == best[seg_of]
    cut = np.minimum.reduceat(np.where(is_best, position, m), seg_start)
    cut[best == -np.inf] = -1
    return best_feature, cut


def _sides(order, n_samples, seg_start, splits, feature, cut):
    """Which samples go left, for the segments being split.

    Segment ``s`` (with ``splits[s]``) sends to its left child the samples
    in columns up to ``cut`` of row ``feature``.

    Returns
    -------
    goes_left : ndarray of bool, shape (n_samples,)
        By sample id (False for samples of segments not split).
    samples : ndarray
        The samples of the split segments.
    pair : ndarray
        For each of them, which split (0 for the first split segment, ...)
        it belongs to.
    """
    m = order.shape[1]
    n_seg = seg_start.size
    seg_of = np.repeat(np.arange(n_seg), np.diff(seg_start, append=m))
    split_index = np.full(n_seg, -1)
    split_index[splits] = np.arange(splits.sum())
    pair_of = split_index[seg_of]                   # (m,), -1 if not split
    cols = np.flatnonzero(pair_of >= 0)
    pair = pair_of[cols]
    goes_left = np.zeros(n_samples, dtype=bool)
    goes_left[order[feature[pair], cols]] = cols <= cut[pair]
    return goes_left, order[0, cols], pair


def _partition(ws, order, goes_left, seg_start, splits, cut, kid_size, out_name):
    """The next level's ``order``: split segments partitioned, leaves dropped.

    ``goes_left`` tells, by sample id, which samples of the split segments
    (``splits``) go left: those up to column ``cut`` of the split's row. The
    partition is stable: in every row each child keeps its samples in
    sorted order. A column's new place is its child's start plus how many
    samples of the same child precede it in its row. ``kid_size`` gives each
    child's number of samples (left, right, node by node), 0 for children
    that are leaves; the samples of leaves are all sent to one spare slot
    past the end.
    """
    d, m = order.shape
    n_seg = seg_start.size
    seg_of = np.repeat(np.arange(n_seg), np.diff(seg_start, append=m))
    col_in_seg = np.arange(m) - seg_start[seg_of]
    kid_pair = np.full(n_seg, -1)
    kid_pair[splits] = np.arange(splits.sum())
    pair_of = kid_pair[seg_of]                      # (m,), -1 if not split
    in_split = pair_of >= 0
    pair_of = np.maximum(pair_of, 0)

    lefts = np.take(goes_left, order, out=ws("lefts", (d, m), bool))
    lefts_before = np.cumsum(lefts, axis=1, out=ws("lefts_before", (d, m), np.intp))
    lefts_before -= lefts
    # Minus those in earlier segments (the same for every row).
    seg_lefts = np.zeros(n_seg, dtype=np.intp)
    seg_lefts[splits] = cut - seg_start[splits] + 1
    lefts_before -= (np.cumsum(seg_lefts) - seg_lefts)[seg_of]
    rights_before = np.subtract(col_in_seg, lefts_before,
                                out=ws("rights_before", (d, m), np.intp))

    new_m = int(kid_size.sum())
    spare = d * new_m
    kid_start = np.cumsum(kid_size) - kid_size
    kept = kid_size > 0
    start_left = np.where(kept[2 * pair_of] & in_split, kid_start[2 * pair_of], spare)
    start_right = np.where(kept[2 * pair_of + 1] & in_split,
                           kid_start[2 * pair_of + 1], spare)
    place = rights_before
    place += start_right
    lefts_before += start_left
    np.copyto(place, lefts_before, where=lefts)
    place += (np.arange(d) * new_m)[:, None]
    np.minimum(place, spare, out=place)
    new_order = ws(out_name, (spare + 1,), order.dtype)
    new_order[place] = order
    return new_order[:spare].reshape(d, new_m)


def _renumber_depth_first(criterion, n_features, counts, size, parent, depth, feature, threshold,
                          left_child, right_child):
    """Renumber breadth-first nodes in depth-first pre-order, left first."""
    node_count = counts.shape[0]
    internal = left_child != LEAF
    # Subtree sizes, children before parents (breadth-first ids grow with
    # depth, so going through the ids backwards visits children first, and
    # every level's ids are contiguous).
    subtree = np.ones(node_count, dtype=np.intp)
    new_id = np.zeros(node_count, dtype=np.intp)
    levels = np.unique(depth, return_index=True)[1]
    bounds = list(levels) + [node_count]
    for lo, hi in reversed(list(zip(bounds[:-1], bounds[1:]))):
        nodes = np.arange(lo, hi)[internal[lo:hi]]
        subtree[nodes] = 1 + subtree[left_child[nodes]] + subtree[right_child[nodes]]
    # Pre-order: the left child comes right after its parent, the right
    # child after the whole left subtree.
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        nodes = np.arange(lo, hi)[internal[lo:hi]]
        new_id[left_child[nodes]] = new_id[nodes] + 1
        new_id[right_child[nodes]] = new_id[nodes] + 1 + subtree[left_child[nodes]]

    def moved(a):
        out = np.empty_like(a)
        out[new_id] = a
        return out

    def relink(ids):
        return np.where(ids == LEAF, LEAF, new_id[np.maximum(ids, 0)])

    counts = moved(counts)
    weight = counts.sum(axis=1).astype(np.float64)
    tree = Tree(
        children_left=moved(relink(left_child)),
        children_right=moved(relink(right_child)),
        feature=moved(feature),
        threshold=moved(threshold),
        value=(counts / weight[:, None])[:, None, :],
        impurity=IMPURITY[criterion](counts),
        n_node_samples=moved(size),
        weighted_n_node_samples=weight,
        node_count=int(node_count),
        max_depth=int(depth.max()),
        n_features=int(n_features),
    )
    return GrownTree(tree=tree, parent=moved(relink(parent)), depth=moved(depth))


# -- choosing the splits to keep ---------------------------------------------------

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


def depth_first_splits(tree, splittable):
    """The nodes a depth-first builder splits when it may split only ``splittable`` ones.

    A node is split when it is splittable and all its ancestors are split.

    Parameters
    ----------
    tree : Tree
        Numbered depth-first (as :func:`grow_tree` numbers it).
    splittable : ndarray of bool, shape (node_count,)

    Returns
    -------
    ndarray
        The ids of the nodes split, in increasing (depth-first) order.
    """
    reached = np.zeros(tree.node_count, dtype=bool)
    reached[0] = True
    for i in np.flatnonzero(splittable).tolist():  # parents come first
        if reached[i]:
            reached[tree.children_left[i]] = reached[tree.children_right[i]] = True
    return np.flatnonzero(reached & splittable)


def best_first_splits(tree, splittable, max_leaf_nodes):
    """The nodes a best-first builder splits, in the order it splits them.

    Starting from the root alone, the builder repeatedly splits the leaf
    whose split has the largest impurity decrease (:func:`impurity_decrease`),
    among the ``splittable`` leaves, until the tree has ``max_leaf_nodes``
    leaves or no leaf can be split. Ties go to the leaf created first.

    Returns
    -------
    list of int
    """
    decrease = impurity_decrease(tree)
    frontier = []                      # (minus the decrease, creation rank, node)
    created = 0

    def add(node):
        nonlocal created
        if splittable[node]:
            heapq.heappush(frontier, (-decrease[node], created, node))
        created += 1

    add(0)
    order = []
    while frontier and len(order) < max_leaf_nodes - 1:
        node = heapq.heappop(frontier)[2]
        order.append(node)
        add(int(tree.children_left[node]))
        add(int(tree.children_right[node]))
    return order


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
