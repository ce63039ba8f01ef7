"""Decision tree classifier (CART)."""

import math
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, clone
from ..steps import Step
from ..utils._param_validation import InstanceOf, Interval, Options, RealNotInt
from ..utils.class_weight import class_weight_per_sample
from ..utils.validation import (
    check_classification_targets,
    check_fitted_input,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    validate_data,
)
from ._tree import (
    LEAF,
    grow,
    node_depths,
    preorder,
    regrow,
    renumber_depth_first,
    take_nodes,
    weakest_links,
)

__all__ = ["DecisionTreeClassifier"]

class _Bunch(dict):
    """A dict whose keys are also attributes (as scikit-learn's ``Bunch``)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error


class DecisionTreeClassifier(ClassifierMixin, BaseEstimator):
    r"""A decision tree classifier grown by exhaustive search (CART).

    The tree splits the feature space into boxes, one question
    ``x[j] <= t`` at a time, and predicts in each box the majority class of
    the training samples that fall in it. :meth:`fit_steps` shows the tree
    growing one split at a time, in the order the builder chooses the
    splits: depth-first, or best-first when ``max_leaf_nodes`` is set.

    Parameters
    ----------
    criterion : {"gini", "entropy", "log_loss"}, default="gini"
        The impurity a split minimises. "log_loss" is the same as
        "entropy", as in scikit-learn.
    splitter : {"best"}, default="best"
        How each node's split is chosen: the best one over all thresholds
        (scikit-learn's "random", a random threshold per feature, is not
        implemented).
    max_depth : int or None, default=None
        The largest depth of the tree (the root has depth 0). None grows
        until every leaf is pure or too small to split.
    min_samples_split : int or float, default=2
        The fewest samples a node needs to be split; a float is a fraction
        of the training set (rounded up).
    min_samples_leaf : int or float, default=1
        The fewest samples each child of a split must receive; a float is a
        fraction of the training set (rounded up). Samples are counted,
        whatever their weight.
    min_weight_fraction_leaf : float in [0, 0.5], default=0.0
        The least fraction of the total training weight (sample weights
        times class weights; without them, of the samples) each child of a
        split must receive.
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
    max_leaf_nodes : int or None, default=None
        Grow the tree best-first, splitting at each step the leaf whose
        split lowers the impurity most (the largest :math:`\Delta I`, see
        Notes), until it has this many leaves. None: no limit, depth-first.
    min_impurity_decrease : float, default=0.0
        Split a node only if its split lowers the impurity by at least this
        much: :math:`\Delta I \ge` ``min_impurity_decrease`` (see Notes).
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes: a dict ``{label: weight}`` (missing classes
        weigh 1); "balanced", ``n_samples / (n_classes * n_c)`` for a class
        of ``n_c`` samples; None, all 1. They multiply ``sample_weight``.
    ccp_alpha : float, default=0.0
        The complexity price of minimal cost-complexity pruning: after
        growing, the tree is pruned to the subtree minimising
        :math:`R_\alpha(T)` (see Notes). 0 prunes nothing.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    n_classes_ : int
        The number of classes.
    n_outputs_ : int
        The number of outputs: 1.
    n_features_in_ : int
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names, when ``fit`` got a DataFrame whose columns are all
        strings; later calls check that ``X`` has the same columns in the
        same order.
    max_features_ : int
        The number of features considered at each split.
    tree_ : Tree
        The tree as arrays indexed by node id (``children_left``,
        ``children_right``, ``feature``, ``threshold``, ``value``,
        ``impurity``, ``n_node_samples``, ``weighted_n_node_samples``,
        ``node_count``, ``max_depth``), numbered as scikit-learn numbers
        them: depth-first, left child first; in the order nodes were
        created when grown best-first (``max_leaf_nodes``) and not pruned.
        ``value[i, 0]`` holds the fraction of node ``i``'s training weight
        in each class.
    feature_importances_ : ndarray of shape (n_features,)
        Each feature's total impurity decrease :math:`\sum \Delta I` over
        the nodes that split on it, normalised to sum to 1 (all zeros for a
        tree with no split).

    Notes
    -----
    Each training sample :math:`i` has a weight :math:`w_i`, its
    ``sample_weight`` times its class's weight (1 by default). A node
    :math:`t` holds the weight :math:`w_t = \sum_{i \in t} w_i`, of which
    :math:`w_{t,k}` in class :math:`k`; let :math:`p_k = w_{t,k} / w_t`
    (the class fractions, when all weights are 1). Its impurity is

    .. math::

        G = 1 - \sum_{k} p_k^2 \quad \text{(Gini)}, \qquad
        H = -\sum_{k} p_k \log_2 p_k \quad \text{(entropy)}.

    Below, :math:`G` stands for the impurity that ``criterion`` selects.
    A split :math:`(j, s)` sends the samples with :math:`x_j \le s` to the
    left child :math:`L` and the others to the right child :math:`R`.
    Among all features :math:`j` and all thresholds :math:`s` halfway
    between consecutive distinct values of :math:`x_j` in the node, such
    that each child receives at least ``min_samples_leaf`` samples and a
    weight of at least ``min_weight_fraction_leaf`` :math:`\times W`
    (:math:`W` the total training weight), the tree picks the
    split minimising the weighted impurity of the children

    .. math::

        I(j, s) = \frac{w_L}{w_t} G(L) + \frac{w_R}{w_t} G(R),

    that is, maximising the impurity decrease :math:`G - I(j, s)`; ties go
    to the feature visited first, then to the lowest threshold. A node is
    split when it is not pure, holds at least ``min_samples_split`` samples,
    is shallower than ``max_depth``, has a valid split, even one that does
    not lower the impurity (as scikit-learn does), and that split's
    weighted impurity decrease

    .. math::

        \Delta I(t) = \frac{w_t}{W}\left(G(t) - I(j, s)\right)
        = \frac{w_t G(t) - w_L G(L) - w_R G(R)}{W}

    is at least ``min_impurity_decrease``. Nodes grow depth-first, left
    child first; with ``max_leaf_nodes``, best-first: the leaf with the
    largest :math:`\Delta I` is split next (ties: the leaf created first).

    Minimal cost-complexity pruning [1]_ gives each leaf the cost
    :math:`R(l) = w_l G(l) / W` and a tree :math:`T` with leaves
    :math:`\tilde T` the cost :math:`R_\alpha(T) = \sum_{l \in \tilde T}
    R(l) + \alpha |\tilde T|`. Cutting the branch :math:`T_t` below node
    :math:`t` back to a leaf pays as soon as :math:`\alpha \ge \alpha(t) =
    (R(t) - R(T_t)) / (|\tilde T_t| - 1)`. The pruning cuts the branch with
    the smallest :math:`\alpha(t)`, the *weakest link*, again and again
    while that smallest :math:`\alpha(t)` is at most ``ccp_alpha``;
    :meth:`cost_complexity_pruning_path` lists every cut.

    :meth:`fit_steps` reports, as the loss, the training impurity of the
    tree grown so far, :math:`\sum_{l} \frac{w_l}{W} G(l)` over its leaves
    :math:`l`, which each split lowers by :math:`\Delta I`. The importance
    of feature :math:`j` sums :math:`\Delta I(t)` over the nodes :math:`t`
    splitting on it, then is divided by the total over all features.

    Differences from scikit-learn: data stay in float64 (scikit-learn
    rounds ``X`` to float32 and never cuts between values closer than
    1e-7), and with all features the search visits them in index order
    (scikit-learn shuffles them at every node, so exact ties between
    features depend on its ``random_state``). On data without such ties the
    two build the same tree, with sample and class weights too. Samples of
    weight 0 are left out of the training set: they count neither in
    ``n_node_samples`` nor for ``min_samples_leaf``, and do not move
    thresholds (scikit-learn keeps them in its nodes). Negative sample
    weights are refused; :meth:`decision_path` needs scipy; there is no
    ``monotonic_cst``, no support for missing values, and one output only.

    References
    ----------
    .. [1] L. Breiman, J. Friedman, R. Olshen and C. Stone, "Classification
       and Regression Trees", Wadsworth, 1984 (chapter 3 for pruning).
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
    >>> small = DecisionTreeClassifier(max_leaf_nodes=4).fit(X, y)  # best-first
    >>> small.get_n_leaves()
    4
    """

    def __init__(self, *, criterion="gini", splitter="best", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1,
                 min_weight_fraction_leaf=0.0, max_features=None, random_state=None,
                 max_leaf_nodes=None, min_impurity_decrease=0.0, class_weight=None,
                 ccp_alpha=0.0):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha

    _parameter_constraints = {
        "criterion": [Options("gini", "entropy", "log_loss")],
        "splitter": [Options("best", hint=(
            "splitter='random' (a random threshold per feature, as in extremely "
            "randomized trees) is not implemented in skratch."))],
        "max_depth": [Interval(Integral, 1, None, closed="left"), None],
        "min_samples_split": [Interval(Integral, 2, None, closed="left"),
                              Interval(RealNotInt, 0.0, 1.0, closed="right")],
        "min_samples_leaf": [Interval(Integral, 1, None, closed="left"),
                             Interval(RealNotInt, 0.0, 1.0, closed="neither")],
        "min_weight_fraction_leaf": [Interval(Real, 0.0, 0.5, closed="both")],
        "max_features": [Interval(Integral, 1, None, closed="left"),
                         Interval(RealNotInt, 0.0, 1.0, closed="right"),
                         Options("sqrt", "log2"), None],
        "random_state": ["random_state"],
        "max_leaf_nodes": [Interval(Integral, 2, None, closed="left"), None],
        "min_impurity_decrease": [Interval(Real, 0.0, None, closed="left")],
        "class_weight": [InstanceOf(dict, hint=(
            "A list of dicts, one per output, is for multi-output targets; "
            "DecisionTreeClassifier has a single output.")), Options("balanced"), None],
        "ccp_alpha": [Interval(Real, 0.0, None, closed="left")],
    }

    def _check_params(self, n_samples, n_features):
        """The counts resolved on the data: fractions of samples and features become ints."""
        min_samples_split, min_samples_leaf = self.min_samples_split, self.min_samples_leaf
        if not isinstance(min_samples_split, Integral):
            min_samples_split = max(2, math.ceil(min_samples_split * n_samples))
        if not isinstance(min_samples_leaf, Integral):
            min_samples_leaf = max(1, math.ceil(min_samples_leaf * n_samples))

        mf = self.max_features
        if mf is None:
            max_features = n_features
        elif isinstance(mf, str):
            shrink = np.sqrt if mf == "sqrt" else np.log2
            max_features = max(1, int(shrink(n_features)))
        elif not isinstance(mf, Integral):
            max_features = max(1, int(mf * n_features))
        elif mf > n_features:
            raise ValueError(
                f"The 'max_features' parameter of DecisionTreeClassifier must be at most "
                f"n_features={n_features} when it is an int. Got {mf!r} instead.")
        else:
            max_features = int(mf)
        return self.max_depth, int(min_samples_split), int(min_samples_leaf), max_features

    def _sample_weight(self, sample_weight, X, classes, y_encoded):
        """Each sample's weight: ``sample_weight`` times its class weight (None if all 1)."""
        cw = self.class_weight
        if sample_weight is None and cw is None:
            return None
        weight = check_sample_weight(sample_weight, X, dtype=np.float64)
        if cw is not None:
            weight = weight * class_weight_per_sample(cw, classes, y_encoded)
        if not weight.sum() > 0:
            raise ValueError(
                "The samples weigh 0 in total (sample_weight times class_weight): "
                "there is nothing to learn from.")
        return weight

    def fit(self, X, y, sample_weight=None):
        """Fit the tree: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (ints or strings).
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative weights: a sample of weight 2 counts as two copies
            of it, one of weight 0 is left out. None weighs every sample 1.

        Returns
        -------
        self
        """
        # Named here, not left to **fit_params, so that scikit-learn (which
        # reads fit's signature) sees that the model takes sample weights.
        return super().fit(X, y, sample_weight=sample_weight)

    def fit_steps(self, X, y=None, sample_weight=None):
        r"""Grow the tree, yielding a :class:`~skratch.Step` per split.

        The first step (kind "root") shows the root as a single leaf; then
        one step (kind "split") per internal node of the fitted tree, in
        the order the builder chooses them: depth-first, left child first,
        or best-first with ``max_leaf_nodes``. With ``ccp_alpha`` > 0 the
        tree is grown whole and pruned first, and the pruned tree's splits
        are shown depth-first. After each step the estimator is the tree
        grown so far (``tree_``), whose unsplit leaves predict their
        majority class.

        Nodes are numbered as they are created: the root is 0 and the
        ``k``-th split (step ``k``) creates nodes ``2k - 1`` (left) and
        ``2k`` (right). The fitted tree keeps these ids when grown
        best-first; grown depth-first, it is renumbered at the end in
        depth-first pre-order, as scikit-learn numbers it.

        Each step's ``loss`` is the training impurity of the tree so far,
        :math:`\sum_{\text{leaves } l} \frac{w_l}{W} G(l)`. A step carries
        what it adds to the tree, never the whole tree: its ``state`` holds
        ``node``, ``depth``, ``n_samples``, ``impurity``, ``value`` (the
        class fractions, shape (n_classes,)) and ``region`` (array of shape
        (n_features, 2): the node's box, where ``region[j, 0] < x[j] <=
        region[j, 1]``, ``±inf`` where unbounded) of the node; for a split
        also ``feature``, ``threshold``, ``impurity_after`` (the children's
        weighted impurity), the children's ids ``left_child`` and
        ``right_child``, and of each child (``_left``, ``_right``)
        ``n_samples``, ``impurity``, ``value`` and ``region``. The first
        ``k + 1`` steps therefore describe the tree after ``k`` splits.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (ints or strings).
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative weights (see :meth:`fit`); None weighs every sample 1.

        Yields
        ------
        Step
        """
        X, y = validate_data(self, X, y, reset=True, y_required=True)
        check_classification_targets(y)
        classes, y_encoded = np.unique(y, return_inverse=True)
        weight = self._sample_weight(sample_weight, X, classes, y_encoded)
        if weight is not None and np.any(weight == 0):
            # A sample of weight 0 is not part of the training set.
            X, y_encoded, weight = X[weight > 0], y_encoded[weight > 0], weight[weight > 0]
        n_samples, n_features = X.shape
        max_depth, min_samples_split, min_samples_leaf, max_features = (
            self._check_params(n_samples, n_features))
        rng = check_random_state(self.random_state)
        total_weight = n_samples if weight is None else weight.sum()

        self.classes_ = classes
        self.n_classes_ = len(classes)
        self.n_outputs_ = 1
        self.max_features_ = max_features
        growth = grow(
            X, y_encoded, len(classes), criterion=self.criterion,
            max_depth=max_depth, min_samples_split=min_samples_split,
            min_samples_leaf=min_samples_leaf,
            min_weight_leaf=self.min_weight_fraction_leaf * total_weight,
            min_impurity_decrease=self.min_impurity_decrease,
            max_leaf_nodes=self.max_leaf_nodes,
            max_features=None if max_features == n_features else max_features,
            rng=rng, sample_weight=weight)
        if self.ccp_alpha > 0:
            # Pruning needs the whole tree: grow it, prune it, then show the
            # pruned tree's splits, depth-first.
            for grown in growth:
                pass
            tree = grown.tree
            if self.max_leaf_nodes is None:
                # Numbered as scikit-learn numbers it, so that ties between
                # weakest links go the same way (to the lowest id).
                tree = renumber_depth_first(tree)
            growth = regrow(self._pruned(tree))

        loss = None
        for grown in growth:
            self.tree_ = grown.tree
            # The training impurity of the tree so far: the root's, less the
            # decrease of each split.
            loss = grown.tree.impurity[0] if loss is None else loss - grown.decrease
            yield self._step(grown, float(loss))
        if self.max_leaf_nodes is None or self.ccp_alpha > 0:
            # scikit-learn numbers depth-first trees in pre-order.
            self.tree_ = renumber_depth_first(self.tree_)

    def _pruned(self, tree):
        """``tree`` after every weakest-link cut priced at most ``ccp_alpha``."""
        cuts, alphas, _ = weakest_links(tree)
        too_dear = np.flatnonzero(alphas[1:] > self.ccp_alpha)
        n_cuts = too_dear[0] if too_dear.size else len(cuts)
        keep = tree.children_left != LEAF
        keep[cuts[:n_cuts]] = False
        nodes = preorder(tree, keep)
        return take_nodes(tree, nodes, keep[nodes], node_depths(tree))

    def _step(self, grown, loss):
        """The :class:`~skratch.Step` of one moment of the growth."""
        tree, i = grown.tree, grown.node
        n, impurity, value = tree.n_node_samples, tree.impurity, tree.value[:, 0]
        weight = tree.weighted_n_node_samples
        name = "entropy" if self.criterion == "log_loss" else self.criterion
        about_node = {"node": i, "depth": grown.depth, "n_samples": n[i],
                      "impurity": impurity[i], "value": value[i], "region": grown.region}
        if grown.left == LEAF:
            majority = self.classes_[np.argmax(value[0])]
            return Step(
                index=0, kind="root", loss=loss,
                message=(f"root: one leaf of {n[0]} samples, {name} "
                         f"{impurity[0]:.3f}, predicting {majority} everywhere"),
                state=about_node)
        l, r = grown.left, grown.right
        j, t = int(tree.feature[i]), float(tree.threshold[i])
        after = (weight[l] * impurity[l] + weight[r] * impurity[r]) / weight[i]
        return Step(
            index=r // 2, kind="split", loss=loss,     # the k-th split makes node 2k
            message=(f"node {i} (depth {grown.depth}): x[{j}] <= {t:.3g} splits "
                     f"{n[i]} samples into {n[l]} + {n[r]}, "
                     f"{name} {impurity[i]:.3f} → {after:.3f}"),
            state={**about_node, "feature": j, "threshold": t, "impurity_after": after,
                   "left_child": l, "right_child": r,
                   "n_samples_left": n[l], "n_samples_right": n[r],
                   "impurity_left": impurity[l], "impurity_right": impurity[r],
                   "value_left": value[l], "value_right": value[r],
                   "region_left": grown.region_left, "region_right": grown.region_right})

    @property
    def feature_importances_(self):
        """Each feature's share of the impurity decrease (see the class docstring).

        Returns
        -------
        ndarray of shape (n_features,)
        """
        check_is_fitted(self, "tree_")
        return self.tree_.compute_feature_importances()

    def apply(self, X):
        """The id of the leaf each sample falls in.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = check_fitted_input(self, X, "tree_")
        return self.tree_.apply(X)

    def decision_path(self, X):
        """The nodes each sample passes through, as scikit-learn gives them.

        This needs scipy, imported here only; ``tree_.decision_path(X)``
        gives the same as a dense boolean array without it.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_samples, node_count)
            Entry ``[i, t]`` is 1 when sample ``i`` passes through node
            ``t``, from the root to its leaf.
        """
        X = check_fitted_input(self, X, "tree_")
        try:
            from scipy.sparse import csr_matrix
        except ImportError as error:
            raise ImportError(
                "decision_path returns a scipy.sparse matrix, as scikit-learn "
                "does, and scipy is not installed: install it, or use "
                "tree_.decision_path(X) for a dense boolean array.") from error
        rows, nodes = self.tree_._paths(X)
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=X.shape[0]))))
        return csr_matrix((np.ones(rows.size, dtype=np.intp), nodes, indptr),
                          shape=(X.shape[0], self.tree_.node_count))

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
        X = check_fitted_input(self, X, "tree_")
        return self.tree_.value[self.tree_.apply(X), 0, :]

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (``-inf`` for zero probabilities).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        X = check_fitted_input(self, X, "tree_")
        with np.errstate(divide="ignore"):
            return np.log(self.tree_.value[self.tree_.apply(X), 0, :])

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
        X = check_fitted_input(self, X, "tree_")
        proba = self.tree_.value[self.tree_.apply(X), 0, :]
        return self.classes_[np.argmax(proba, axis=1)]

    def cost_complexity_pruning_path(self, X, y, sample_weight=None):
        r"""The weakest-link cuts of minimal cost-complexity pruning.

        Grows the tree as :meth:`fit` does with ``ccp_alpha=0`` (on a copy
        of this estimator), then cuts its weakest link again and again
        until only the root is left (see the Notes of the class).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional

        Returns
        -------
        dict
            Its keys are also attributes. ``ccp_alphas``: 0, then the
            :math:`\alpha` of each cut, nondecreasing; ``ccp_alpha`` set to
            one of them prunes to the tree after that cut. ``impurities``:
            the total leaf cost :math:`\sum_l w_l G(l) / W` of the unpruned
            tree, then after each cut.
        """
        tree = clone(self).set_params(ccp_alpha=0.0).fit(
            X, y, sample_weight=sample_weight).tree_
        _, alphas, costs = weakest_links(tree)
        return _Bunch(ccp_alphas=alphas, impurities=costs)

    def get_depth(self):
        """The depth of the tree: the longest path from the root to a leaf.

        Returns
        -------
        int
        """
        check_is_fitted(self, "tree_")
        return self.tree_.max_depth

    def get_n_leaves(self):
        """The number of leaves.

        Returns
        -------
        int
        """
        check_is_fitted(self, "tree_")
        return self.tree_.n_leaves
