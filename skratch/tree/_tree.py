"""The tree structure and the CART growing algorithm.

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
2. A running count of each class along each row gives, for every feature
   and every cut of every node at once, the class counts left of the cut;
   the counts right of it are the node's counts minus those. The split
   criterion follows for all valid cuts in a few array operations, and a
   segmented maximum picks each node's best cut.
3. Splitting a node is a *stable* partition of its segment: the samples that
   go left keep their sorted order, and so do those that go right, so the
   children are sorted without sorting again. Nodes that are finished
   (leaves) leave the arrays, which therefore shrink level by level.

The nodes are numbered breadth-first while growing and renumbered at the end
in depth-first (pre-)order, left child first: the order in which a
depth-first builder, such as scikit-learn's, would have created them.
"""

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Tree", "grow_tree", "gini", "entropy"]

LEAF = -1
UNDEFINED = -2


@dataclass
class Tree:
    """A binary decision tree stored as arrays indexed by node id.

    Node 0 is the root. Node ``i`` is a leaf when
    ``children_left[i] == children_right[i] == -1``; otherwise a sample
    ``x`` reaching it goes to ``children_left[i]`` if
    ``x[feature[i]] <= threshold[i]`` and to ``children_right[i]`` if not.

    Attributes
    ----------
    children_left, children_right : ndarray of shape (node_count,)
        Ids of the children, -1 for leaves.
    feature : ndarray of shape (node_count,)
        The feature each internal node tests, -2 for leaves.
    threshold : ndarray of shape (node_count,)
        The threshold each internal node tests, -2.0 for leaves.
    value : ndarray of shape (node_count, 1, n_classes)
        The fraction of the node's training samples in each class (as in
        scikit-learn 1.4 and later; the middle axis is the single output).
    impurity : ndarray of shape (node_count,)
        The impurity of the node's training samples.
    n_node_samples : ndarray of shape (node_count,)
        The number of training samples reaching the node.
    node_count : int
        The number of nodes.
    max_depth : int
        The depth of the deepest node (the root has depth 0).
    """

    children_left: np.ndarray
    children_right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    value: np.ndarray
    impurity: np.ndarray
    n_node_samples: np.ndarray
    node_count: int
    max_depth: int

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


def gini(counts):
    r"""Gini impurity :math:`1 - \sum_k p_k^2` of class counts (last axis)."""
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum(axis=-1)
    p = counts / np.maximum(n, 1)[..., None]
    return 1.0 - np.sum(p * p, axis=-1)


def entropy(counts):
    r"""Entropy :math:`-\sum_k p_k \log_2 p_k` of class counts (last axis)."""
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum(axis=-1)
    p = counts / np.maximum(n, 1)[..., None]
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

    ``left[k]`` and ``right[k]`` hold the counts of class :math:`k` on each
    side of every cut, ``n_left`` and ``n_right`` the sizes of the sides.
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
              rng=None):
    """Grow a classification tree by exhaustive search (CART).

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

    Returns
    -------
    GrownTree
        Nodes numbered in depth-first order, left child first.
    """
    n, d = X.shape
    depth_limit = np.inf if max_depth is None else max_depth
    # A node with fewer than 2 * min_samples_leaf samples has no valid split.
    min_split = max(min_samples_split, 2 * min_samples_leaf)
    if max_features is not None and max_features >= d:
        max_features = None

    # Nodes are stored breadth-first in arrays large enough for any tree
    # (a binary tree with n leaves has 2n - 1 nodes).
    capacity = 2 * n - 1
    counts = np.zeros((capacity, n_classes), dtype=np.intp)
    parent = np.full(capacity, LEAF, dtype=np.intp)
    depth = np.zeros(capacity, dtype=np.intp)
    feature = np.full(capacity, UNDEFINED, dtype=np.intp)
    threshold = np.full(capacity, float(UNDEFINED))
    left_child = np.full(capacity, LEAF, dtype=np.intp)
    right_child = np.full(capacity, LEAF, dtype=np.intp)
    counts[0] = np.bincount(y, minlength=n_classes)
    node_count = 1

    def can_split(nodes):
        size = counts[nodes].sum(axis=1)
        pure = counts[nodes].max(axis=1) == size
        return (size >= min_split) & ~pure & (depth[nodes] < depth_limit)

    ws = _Workspace()
    X_flat = np.ascontiguousarray(X.T, dtype=np.float64).ravel()  # feature by feature
    order = np.argsort(X_flat.reshape(d, n), axis=1)     # (d, m): sample ids
    segments = np.flatnonzero(can_split(np.array([0])))  # nodes to search
    level = 0

    while segments.size:
        seg_counts = counts[segments]                       # (n_seg, K)
        seg_size = seg_counts.sum(axis=1)
        seg_start = np.cumsum(seg_size) - seg_size
        m = order.shape[1]
        # The values and labels in sorted order: row j of X_flat starts at j * n.
        index = np.add(order, (np.arange(d) * n)[:, None], out=ws("index", (d, m), np.intp))
        x_sorted = np.take(X_flat, index, out=ws("x_sorted", (d, m)))
        y_sorted = np.take(y, order, out=ws("y_sorted", (d, m), y.dtype))

        cand, left, score = _score_cuts(ws, criterion, x_sorted, y_sorted,
                                        seg_counts, seg_start, min_samples_leaf)
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
        left_kids, right_kids = kids[0::2], kids[1::2]
        left_child[split_nodes] = left_kids
        right_child[split_nodes] = right_kids
        parent[kids] = np.repeat(split_nodes, 2)
        depth[kids] = np.repeat(depth[split_nodes] + 1, 2)
        counts[left_kids] = left[:, np.searchsorted(cand, f * m + cut)].T
        counts[right_kids] = counts[split_nodes] - counts[left_kids]

        # Only the children that may split again go on to the next level.
        go_on = can_split(kids)
        level += 1
        order = _partition(ws, order, n, seg_start, splits, f, cut,
                           np.where(go_on, counts[kids].sum(axis=1), 0),
                           out_name=f"order{level % 2}")
        segments = kids[go_on]

    counts, parent, depth, feature, threshold, left_child, right_child = (
        a[:node_count] for a in (counts, parent, depth, feature, threshold,
                                 left_child, right_child))
    return _renumber_depth_first(criterion, counts, parent, depth, feature,
                                 threshold, left_child, right_child)


def _score_cuts(ws, criterion, x_sorted, y_sorted, seg_counts, seg_start,
                min_samples_leaf):
    """Score every valid cut of every feature of every node of a level.

    A cut after column ``p`` of row ``j`` puts the columns of its segment up
    to ``p`` on the left. It is valid between two distinct values, with at
    least ``min_samples_leaf`` samples on each side (which also keeps it
    inside its segment). Only valid cuts are scored: with repeated values
    (pixels, counts, categories) they can be few.

    Returns
    -------
    cand : ndarray of shape (n_cand,)
        The valid cuts as flat indices ``j * m + p``, increasing.
    left : ndarray of shape (n_classes, n_cand)
        The class counts left of each valid cut.
    score : ndarray of shape (d, m)
        The score of each cut (see :func:`_split_scores`), -inf where invalid.
    """
    d, m = x_sorted.shape
    n_seg, K = seg_counts.shape
    seg_size = seg_counts.sum(axis=1)
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
    n_left = np.take(n_left_col, cand_col, out=ws("n_left", (n_cand,)))
    n_right = np.take(n_right_col, cand_col, out=ws("n_right", (n_cand,)))

    # Class counts left of a cut: a running count along the row, minus the
    # counts of the earlier segments (the same in every row, since every
    # row holds the same samples before a segment).
    total = seg_counts.T.astype(np.float64)          # (K, n_seg)
    before = np.cumsum(total, axis=1) - total
    left = ws("left", (K, n_cand))
    is_k = ws("is_k", (d, m), bool)
    running = ws("running", (d, m), np.intp)
    for k in range(K - 1):
        np.equal(y_sorted, k, out=is_k)
        np.cumsum(is_k, axis=1, out=running)
        at_cuts = np.take(running, cand, out=ws("at_cuts", (n_cand,), np.intp))
        np.subtract(at_cuts, np.take(before[k], cand_seg, out=ws("before", (n_cand,))),
                    out=left[k])
    np.subtract(n_left, left[:K - 1].sum(axis=0), out=left[K - 1])
    right = np.take(total, cand_seg, axis=1, out=ws("right", (K, n_cand)))
    right -= left

    score = ws("score", (d, m))
    score.fill(-np.inf)
    score.ravel()[cand] = _split_scores(ws, criterion, left, right, n_left, n_right)
    return cand, left, score


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


def _partition(ws, order, n_samples, seg_start, splits, feature, cut, kid_size,
               out_name):
    """The next level's ``order``: split segments partitioned, leaves dropped.

    Segment ``s`` (with ``splits[s]``) sends to its left child the samples
    in columns up to ``cut`` of row ``feature``. The partition is stable:
    in every row each child keeps its samples in sorted order. A column's
    new place is its child's start plus how many samples of the same child
    precede it in its row. ``kid_size`` gives each child's number of
    samples (left, right, node by node), 0 for children that are leaves;
    the samples of leaves are all sent to one spare slot past the end.
    """
    d, m = order.shape
    n_seg = seg_start.size
    seg_of = np.repeat(np.arange(n_seg), np.diff(seg_start, append=m))
    col_in_seg = np.arange(m) - seg_start[seg_of]

    # Which samples go left.
    kid_pair = np.full(n_seg, -1)
    kid_pair[splits] = np.arange(splits.sum())
    pair_of = kid_pair[seg_of]                      # (m,), -1 if not split
    in_split = pair_of >= 0
    pair_of = np.maximum(pair_of, 0)
    cols = np.flatnonzero(in_split)
    goes_left = np.zeros(n_samples, dtype=bool)
    goes_left[order[feature[pair_of[cols]], cols]] = cols <= cut[pair_of[cols]]

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


def _renumber_depth_first(criterion, counts, parent, depth, feature, threshold,
                          left_child, right_child):
    """Renumber breadth-first nodes in depth-first pre-order, left first."""
    node_count = counts.shape[0]
    internal = left_child != LEAF
    # Subtree sizes, children before parents (breadth-first ids grow with
    # depth, so going through the ids backwards visits children first, and
    # every level's ids are contiguous).
    size = np.ones(node_count, dtype=np.intp)
    new_id = np.zeros(node_count, dtype=np.intp)
    levels = np.unique(depth, return_index=True)[1]
    bounds = list(levels) + [node_count]
    for lo, hi in reversed(list(zip(bounds[:-1], bounds[1:]))):
        nodes = np.arange(lo, hi)[internal[lo:hi]]
        size[nodes] = 1 + size[left_child[nodes]] + size[right_child[nodes]]
    # Pre-order: the left child comes right after its parent, the right
    # child after the whole left subtree.
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        nodes = np.arange(lo, hi)[internal[lo:hi]]
        new_id[left_child[nodes]] = new_id[nodes] + 1
        new_id[right_child[nodes]] = new_id[nodes] + 1 + size[left_child[nodes]]

    def moved(a):
        out = np.empty_like(a)
        out[new_id] = a
        return out

    def relink(ids):
        return np.where(ids == LEAF, LEAF, new_id[np.maximum(ids, 0)])

    counts = moved(counts)
    n_node_samples = counts.sum(axis=1)
    tree = Tree(
        children_left=moved(relink(left_child)),
        children_right=moved(relink(right_child)),
        feature=moved(feature),
        threshold=moved(threshold),
        value=(counts / n_node_samples[:, None])[:, None, :],
        impurity=IMPURITY[criterion](counts),
        n_node_samples=n_node_samples,
        node_count=int(node_count),
        max_depth=int(depth.max()),
    )
    return GrownTree(tree=tree, parent=moved(relink(parent)), depth=moved(depth))
