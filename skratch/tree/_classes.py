"""Decision tree classifier (CART)."""

import math
import numbers

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..steps import Step
from ..utils.validation import (
    check_array,
    check_classification_targets,
    check_is_fitted,
    check_n_features,
    check_random_state,
    check_X_y,
)
from ._tree import LEAF, UNDEFINED, Tree, grow_tree

__all__ = ["DecisionTreeClassifier"]

_CRITERIA = ("gini", "entropy", "log_loss")


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _bad_parameter(name, value, expected):
    return ValueError(
        f"The {name!r} parameter of DecisionTreeClassifier must be {expected}. "
        f"Got {value!r} instead."
    )


class DecisionTreeClassifier(ClassifierMixin, BaseEstimator):
    r"""A decision tree classifier grown by exhaustive search (CART).

    The tree splits the feature space into boxes, one question
    ``x[j] <= t`` at a time, and predicts in each box the majority class of
    the training samples that fall in it. :meth:`fit_steps` shows the tree
    growing one split at a time, in the order a depth-first builder grows it.

    Parameters
    ----------
    criterion : {"gini", "entropy", "log_loss"}, default="gini"
        The impurity a split minimises. "log_loss" is the same as
        "entropy", as in scikit-learn.
    max_depth : int or None, default=None
        The largest depth of the tree (the root has depth 0). None grows
        until every leaf is pure or too small to split.
    min_samples_split : int or float, default=2
        The fewest samples a node needs to be split; a float is a fraction
        of the training set (rounded up).
    min_samples_leaf : int or float, default=1
        The fewest samples each child of a split must receive; a float is a
        fraction of the training set (rounded up).
    max_features : int, float, {"sqrt", "log2"} or None, default=None
        How many features to consider at each split: an int; a fraction of
        ``n_features``; ``sqrt(n_features)``; ``log2(n_features)``; or all
        of them (None). With fewer than all, each node visits the features
        in a random order and looks at the first ``max_features``, going on
        past that number until one of them allows a valid split.
    random_state : int, numpy.random.Generator or None, default=None
        Seeds the random feature order used when ``max_features`` selects a
        subset. With all features they are visited in index order and the
        tree does not depend on ``random_state``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    n_classes_ : int
        The number of classes.
    n_features_in_ : int
        The number of features seen in ``fit``.
    max_features_ : int
        The number of features considered at each split.
    tree_ : Tree
        The tree as arrays indexed by node id (``children_left``,
        ``children_right``, ``feature``, ``threshold``, ``value``,
        ``impurity``, ``n_node_samples``, ``node_count``, ``max_depth``),
        numbered as scikit-learn numbers them. ``value[i, 0]`` holds the
        fraction of node ``i``'s training samples in each class.
    feature_importances_ : ndarray of shape (n_features,)
        Each feature's total impurity decrease, weighted by the fraction of
        samples reaching the nodes that split on it, normalised to sum to 1
        (all zeros for a tree with no split).

    Notes
    -----
    For a node holding :math:`n` samples, :math:`n_k` of class :math:`k`,
    let :math:`p_k = n_k / n`. Its impurity is

    .. math::

        G = 1 - \sum_{k} p_k^2 \quad \text{(Gini)}, \qquad
        H = -\sum_{k} p_k \log_2 p_k \quad \text{(entropy)}.

    Below, :math:`G` stands for the impurity that ``criterion`` selects.
    A split :math:`(j, t)` sends the samples with :math:`x_j \le t` to the
    left child :math:`L` (:math:`n_L` samples) and the others to the right
    child :math:`R`. Among all features :math:`j` and all thresholds
    :math:`t` halfway between consecutive distinct values of :math:`x_j` in
    the node, such that each child receives at least ``min_samples_leaf``
    samples, the tree picks the split minimising the weighted impurity of
    the children

    .. math::

        I(j, t) = \frac{n_L}{n} G(L) + \frac{n_R}{n} G(R),

    that is, maximising the impurity decrease :math:`G - I(j, t)`; ties go
    to the feature visited first, then to the lowest threshold. A node is
    split when it is not pure, holds at least ``min_samples_split`` samples,
    is shallower than ``max_depth`` and has a valid split, even one that
    does not lower the impurity (as scikit-learn does). Nodes grow
    depth-first, left child first.

    :meth:`fit_steps` reports, as the loss, the training impurity of the
    tree grown so far, :math:`\sum_{l} \frac{n_l}{N} G(l)` over its leaves
    :math:`l` (:math:`N` the training set size), which each split lowers by
    :math:`\frac{n}{N}\left(G - I(j, t)\right)` or leaves unchanged.

    The importance of feature :math:`j` sums, over the nodes :math:`s`
    splitting on it, the same decrease :math:`\frac{n_s}{N}\left(G_s -
    I_s\right)`, then is divided by the total over all features.

    Differences from scikit-learn: data stay in float64 (scikit-learn
    rounds ``X`` to float32), and with all features the search visits them
    in index order (scikit-learn shuffles them at every node, so exact ties
    between features depend on its ``random_state``). On data without such
    ties the two build the same tree. Sample weights, class weights and
    cost-complexity pruning are not supported.

    References
    ----------
    .. [1] L. Breiman, J. Friedman, R. Olshen and C. Stone, "Classification
       and Regression Trees", Wadsworth, 1984.
    .. [2] T. Hastie, R. Tibshirani and J. Friedman, "The Elements of
       Statistical Learning", 2nd ed., Springer, 2009, section 9.2.

    Examples
    --------
    >>> from skratch.tree import DecisionTreeClassifier
    >>> from skratch.datasets import make_moons
    >>> X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
    >>> tree = DecisionTreeClassifier(max_depth=3)
    >>> steps = list(tree.fit_steps(X, y))
    >>> print(steps[0].message)
    root: one leaf of 200 samples, gini 0.500, predicting 0 everywhere
    >>> print(steps[1].message)
    node 0 (depth 0): x[...] <= ... splits 200 samples into ... + ..., gini 0.500 → ...
    >>> len(steps) == 1 + (tree.get_n_leaves() - 1)     # the root, then each split
    True
    >>> tree.get_depth()
    3
    >>> bool(tree.score(X, y) > 0.85)
    True
    """

    def __init__(self, *, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features=None, random_state=None):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.random_state = random_state

    def _check_params(self, n_samples, n_features):
        """Validate the hyperparameters; return them resolved to ints."""
        if not isinstance(self.criterion, str) or self.criterion not in _CRITERIA:
            raise _bad_parameter("criterion", self.criterion,
                                 "a str among {'gini', 'entropy', 'log_loss'}")
        max_depth = self.max_depth
        if max_depth is not None and not (_is_int(max_depth) and max_depth >= 1):
            raise _bad_parameter("max_depth", max_depth,
                                 "an int in the range [1, inf) or None")

        mss = self.min_samples_split
        if _is_int(mss) and mss >= 2:
            min_samples_split = int(mss)
        elif _is_real(mss) and not _is_int(mss) and 0.0 < mss <= 1.0:
            min_samples_split = max(2, math.ceil(mss * n_samples))
        else:
            raise _bad_parameter("min_samples_split", mss,
                                 "an int in the range [2, inf) or a float in "
                                 "the range (0.0, 1.0]")
        msl = self.min_samples_leaf
        if _is_int(msl) and msl >= 1:
            min_samples_leaf = int(msl)
        elif _is_real(msl) and not _is_int(msl) and 0.0 < msl < 1.0:
            min_samples_leaf = max(1, math.ceil(msl * n_samples))
        else:
            raise _bad_parameter("min_samples_leaf", msl,
                                 "an int in the range [1, inf) or a float in "
                                 "the range (0.0, 1.0)")

        mf = self.max_features
        expected = ("an int in the range [1, n_features], a float in the range "
                    "(0.0, 1.0], a str among {'sqrt', 'log2'} or None")
        if mf is None:
            max_features = n_features
        elif isinstance(mf, str):
            if mf == "sqrt":
                max_features = max(1, int(np.sqrt(n_features)))
            elif mf == "log2":
                max_features = max(1, int(np.log2(n_features)))
            else:
                raise _bad_parameter("max_features", mf, expected)
        elif _is_int(mf):
            if not 1 <= mf <= n_features:
                raise _bad_parameter("max_features", mf,
                                     expected + f" (n_features={n_features})")
            max_features = int(mf)
        elif _is_real(mf) and 0.0 < mf <= 1.0:
            max_features = max(1, int(mf * n_features))
        else:
            raise _bad_parameter("max_features", mf, expected)
        return max_depth, min_samples_split, min_samples_leaf, max_features

    def fit_steps(self, X, y=None):
        """Grow the tree, yielding a :class:`~skratch.Step` per split.

        The first step (kind "root") shows the root as a single leaf; then
        one step (kind "split") per internal node, in depth-first order,
        left child first. After each step the estimator is the tree grown so
        far, whose unsplit leaves predict their majority class.

        Each step's ``loss`` is the training impurity of the tree so far,
        :math:`\\sum_{\\text{leaves } l} \\frac{n_l}{N} G(l)`. Its ``state``
        holds ``node``, ``depth``, ``n_samples``, ``impurity`` and
        ``region`` (array of shape (n_features, 2): the node's box, where
        ``region[j, 0] < x[j] <= region[j, 1]``, ``±inf`` where unbounded)
        of the node; for a split also ``feature``, ``threshold``,
        ``impurity_left``, ``impurity_right``, ``impurity_after`` (the
        children's weighted impurity), ``n_samples_left``,
        ``n_samples_right`` and the ids ``left_child``, ``right_child`` in
        the tree so far; and the tree so far as arrays ``tree_children_left``,
        ``tree_children_right``, ``tree_feature``, ``tree_threshold``,
        ``tree_n_node_samples`` and ``tree_value`` (shape (node_count,
        n_classes): class fractions).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (ints or strings).

        Yields
        ------
        Step
        """
        X, y = check_X_y(X, y)
        check_classification_targets(y)
        n_samples, n_features = X.shape
        max_depth, min_samples_split, min_samples_leaf, max_features = (
            self._check_params(n_samples, n_features))
        rng = check_random_state(self.random_state)
        self.n_features_in_ = n_features
        classes, y_encoded = np.unique(y, return_inverse=True)

        grown = grow_tree(
            X, y_encoded, len(classes), criterion=self.criterion,
            max_depth=max_depth, min_samples_split=min_samples_split,
            min_samples_leaf=min_samples_leaf,
            max_features=None if max_features == n_features else max_features,
            rng=rng)
        self.classes_ = classes
        self.n_classes_ = len(classes)
        self.max_features_ = max_features
        yield from self._replay(grown)

    def _replay(self, grown):
        """Yield the growth of a finished tree, node by node, depth-first.

        The tree was grown level by level for speed; here it is shown as a
        depth-first builder grows it. After splitting node ``i`` (ids are
        depth-first), the tree so far holds nodes ``0..i`` plus the
        *pending* ones, children of those nodes not reached yet: leaves for
        now.
        """
        full, parent, node_depth = grown.tree, grown.parent, grown.depth
        left, right = full.children_left, full.children_right
        impurity, n_node = full.impurity, full.n_node_samples
        n_total = n_node[0]
        name = "entropy" if self.criterion == "log_loss" else self.criterion

        n_features = self.n_features_in_
        decrease = np.zeros(n_features)
        loss = float(impurity[0])
        root_region = np.tile([-np.inf, np.inf], (n_features, 1))
        regions = {0: root_region}
        pending = [0]
        max_depth = 0

        self._set_tree(full, -1, pending, parent, max_depth, decrease)
        majority = self.classes_[np.argmax(full.value[0, 0])]
        yield Step(
            index=0, kind="root", loss=loss,
            message=(f"root: one leaf of {n_total} samples, {name} "
                     f"{impurity[0]:.3f}, predicting {majority} everywhere"),
            state={"node": 0, "depth": 0, "n_samples": n_total,
                   "impurity": impurity[0], "region": root_region,
                   **self._tree_state()},
        )

        for index, i in enumerate(np.flatnonzero(left != LEAF).tolist(), start=1):
            l, r = int(left[i]), int(right[i])
            for reached in pending:       # leaves reached since: forget their boxes
                if reached < i:
                    del regions[reached]
            pending = [l, r] + [p for p in pending if p > i]

            j, t = int(full.feature[i]), float(full.threshold[i])
            region = regions.pop(i)
            regions[l] = region.copy()
            regions[l][j, 1] = t
            regions[r] = region.copy()
            regions[r][j, 0] = t

            after = (n_node[l] * impurity[l] + n_node[r] * impurity[r]) / n_node[i]
            gain = n_node[i] * (impurity[i] - after) / n_total
            decrease[j] += gain
            loss -= gain
            depth = int(node_depth[i])
            max_depth = max(max_depth, depth + 1)
            self._set_tree(full, i, pending, parent, max_depth, decrease)
            yield Step(
                index=index, kind="split", loss=loss,
                message=(f"node {i} (depth {depth}): x[{j}] <= {t:.3g} splits "
                         f"{n_node[i]} samples into {n_node[l]} + {n_node[r]}, "
                         f"{name} {impurity[i]:.3f} → {after:.3f}"),
                state={"node": i, "depth": depth, "feature": j, "threshold": t,
                       "n_samples": n_node[i], "n_samples_left": n_node[l],
                       "n_samples_right": n_node[r], "impurity": impurity[i],
                       "impurity_left": impurity[l],
                       "impurity_right": impurity[r], "impurity_after": after,
                       "region": region, "left_child": i + 1,
                       "right_child": i + 2, **self._tree_state()},
            )

    def _set_tree(self, full, last, pending, parent, max_depth, decrease):
        """Set ``tree_`` to the tree so far: nodes ``0..last``, then ``pending``.

        The pending nodes become leaves with the ids after ``last``, in
        increasing order. The first is the left child of ``last`` (its id,
        ``last + 1``, does not change); the others are right children of
        earlier nodes, whose links are renumbered.
        """
        n_done = last + 1
        keep = np.concatenate((np.arange(n_done), pending))
        leaves = np.full(len(pending), LEAF)
        children_left = np.concatenate((full.children_left[:n_done], leaves))
        children_right = np.concatenate((full.children_right[:n_done], leaves))
        children_right[parent[pending[1:]]] = np.arange(n_done + 1, keep.size)
        self.tree_ = Tree(
            children_left=children_left,
            children_right=children_right,
            feature=np.concatenate((full.feature[:n_done], leaves + (UNDEFINED - LEAF))),
            threshold=np.concatenate((full.threshold[:n_done],
                                      np.full(len(pending), float(UNDEFINED)))),
            value=full.value[keep],
            impurity=full.impurity[keep],
            n_node_samples=full.n_node_samples[keep],
            node_count=keep.size,
            max_depth=max_depth,
        )
        total = decrease.sum()
        self.feature_importances_ = decrease / total if total > 0 else np.zeros_like(decrease)

    def _tree_state(self):
        tree = self.tree_
        return {"tree_children_left": tree.children_left,
                "tree_children_right": tree.children_right,
                "tree_feature": tree.feature,
                "tree_threshold": tree.threshold,
                "tree_n_node_samples": tree.n_node_samples,
                "tree_value": tree.value[:, 0, :]}

    def _validate_X(self, X):
        check_is_fitted(self)
        X = check_array(X)
        check_n_features(self, X)
        return X

    def apply(self, X):
        """The id of the leaf each sample falls in.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = self._validate_X(X)
        return self.tree_.apply(X)

    def predict_proba(self, X):
        """Class probabilities: the class fractions of each sample's leaf.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        leaves = self.apply(X)
        return self.tree_.value[leaves, 0, :]

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (``-inf`` for zero probabilities).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """The majority class of each sample's leaf.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels, with the dtype of ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def get_depth(self):
        """The depth of the tree: the longest path from the root to a leaf.

        Returns
        -------
        int
        """
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self):
        """The number of leaves.

        Returns
        -------
        int
        """
        check_is_fitted(self)
        return int(np.sum(self.tree_.children_left == LEAF))
