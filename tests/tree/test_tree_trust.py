"""DecisionTreeClassifier and scikit-learn's data conventions (issue 7).

Feature names from DataFrames, sample and class weights, the rules that
look beyond one node (min_impurity_decrease, max_leaf_nodes, ccp_alpha),
decision_path, min_weight_fraction_leaf, and the errors that name bad input.

As in test_tree.py, two CART implementations build the same tree exactly
when every choice is unique: each node's best split, and, best-first, the
leaf to split next. The exact comparisons with scikit-learn therefore run on
data checked by brute force to have no such ties (with the weights).
scikit-learn sums class weights by subtraction, so with non-integer weights
a pure node may keep a rounding-error impurity above its purity tolerance
and get split (into pure children); seeds where that happens are skipped
too.
"""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.tree import DecisionTreeClassifier as SkDecisionTreeClassifier

from skratch import record
from skratch.exceptions import NotFittedError
from skratch.steps import Trace
from skratch.tree import DecisionTreeClassifier


# --------------------------------------------------------------- helpers

def _id(value):
    return getattr(value, "__name__", None) or str(value)


def classification(seed, n=300):
    return make_classification(n_samples=n, n_features=5, n_informative=3,
                               n_redundant=0, n_classes=3, random_state=seed)


def integer_weights(seed, n):
    return np.random.default_rng(seed).integers(1, 4, size=n).astype(float)


def real_weights(seed, n):
    return np.random.default_rng(seed).uniform(0.2, 2.0, size=n)


def eighths(seed, n):
    """Weights in steps of 1/8: sums of them are exact, also by subtraction."""
    return np.random.default_rng(seed).integers(1, 32, size=n) / 8


def three_bands_1d(seed, n=200):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, 1))
    y = np.digitize(X[:, 0] + 0.2 * rng.normal(size=n), [0.3, 0.6])
    return X, y


def impurity_decrease(tree):
    """(w_t G_t - w_L G_L - w_R G_R) / W of each node, 0 for leaves."""
    wg = tree.weighted_n_node_samples * tree.impurity
    decrease = np.zeros(tree.node_count)
    for i in range(tree.node_count):
        if tree.children_left[i] != -1:
            decrease[i] = wg[i] - wg[tree.children_left[i]] - wg[tree.children_right[i]]
    return decrease / tree.weighted_n_node_samples[0]


def node_rows(tree, X):
    """The training rows reaching each node."""
    members = {0: np.arange(len(X))}
    for i in range(tree.node_count):
        if tree.children_left[i] != -1:
            rows = members[i]
            goes_left = X[rows, tree.feature[i]] <= tree.threshold[i]
            members[tree.children_left[i]] = rows[goes_left]
            members[tree.children_right[i]] = rows[~goes_left]
    return members


def impurity_of(weights, criterion):
    p = weights / weights.sum(axis=-1, keepdims=True)
    if criterion == "gini":
        return 1.0 - (p ** 2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.nansum(p * np.log2(p), axis=-1)


def split_costs(X, y, w, n_classes, criterion, min_samples_leaf, min_weight_leaf):
    """w_L G(L) + w_R G(R) of every valid split of (X, y, w), by brute force."""
    costs = []
    for j in range(X.shape[1]):
        order = np.argsort(X[:, j], kind="stable")
        x = X[order, j]
        weighted = np.eye(n_classes)[y[order]] * w[order, None]
        left = np.cumsum(weighted, axis=0)[:-1]
        right = weighted.sum(axis=0) - left
        n_left = np.arange(1, len(x))
        valid = ((x[1:] > x[:-1]) & (n_left >= min_samples_leaf)
                 & (len(x) - n_left >= min_samples_leaf)
                 & (left.sum(axis=1) >= min_weight_leaf)
                 & (right.sum(axis=1) >= min_weight_leaf))
        cost = (left.sum(axis=1) * impurity_of(left, criterion)
                + right.sum(axis=1) * impurity_of(right, criterion))
        costs.append(cost[valid])
    return np.concatenate(costs)


def has_tied_best_split(estimator, X, y, w=None):
    """Whether some internal node of the fitted tree has two equally good splits."""
    w = np.ones(len(X)) if w is None else np.asarray(w, dtype=float)
    if estimator.class_weight is not None:
        w = w * class_weights(estimator, y)
    tree = estimator.tree_
    codes = np.searchsorted(estimator.classes_, y)
    min_weight_leaf = estimator.min_weight_fraction_leaf * w.sum()
    min_samples_leaf = estimator.min_samples_leaf
    if isinstance(min_samples_leaf, float):
        min_samples_leaf = int(np.ceil(min_samples_leaf * len(X)))
    for i, rows in node_rows(tree, X).items():
        if tree.children_left[i] == -1:
            continue
        costs = split_costs(X[rows], codes[rows], w[rows], len(estimator.classes_),
                            estimator.criterion, min_samples_leaf, min_weight_leaf)
        if np.sum(costs <= costs.min() + 1e-9 * w[rows].sum()) > 1:
            return True
    return False


def class_weights(estimator, y):
    classes, counts = np.unique(y, return_counts=True)
    if estimator.class_weight == "balanced":
        per_class = len(y) / (len(classes) * counts)
    else:
        per_class = np.array([estimator.class_weight.get(c, 1.0) for c in classes])
    return per_class[np.searchsorted(classes, y)]


def has_tied_best_leaf(estimator, X, y, w=None):
    """Whether, growing best-first, two leaves ever offer the same decrease.

    The decreases come from the tree grown without ``max_leaf_nodes``; the
    best-first growth is replayed on it, textbook style.
    """
    params = estimator.get_params()
    n_leaves = params.pop("max_leaf_nodes")
    full = DecisionTreeClassifier(**params).fit(X, y, sample_weight=w).tree_
    decrease = impurity_decrease(full)
    frontier = [0]
    for _ in range(n_leaves - 1):
        open_leaves = [t for t in frontier if full.children_left[t] != -1]
        if not open_leaves:
            break
        gains = np.sort(decrease[open_leaves])[::-1]
        if len(gains) > 1 and gains[0] - gains[1] <= 1e-9 * gains[0]:
            return True
        best = open_leaves[int(np.argmax(decrease[open_leaves]))]
        frontier.remove(best)
        frontier += [full.children_left[best], full.children_right[best]]
    return False


def sklearn_split_a_pure_node(theirs):
    tree = theirs.tree_
    return bool(np.any((tree.children_left != -1) & (tree.value[:, 0].max(axis=1) > 1 - 1e-12)))


def fitted_ids(steps):
    """Each node's id in depth-first pre-order, from the steps (which number nodes as created)."""
    n_nodes = 1 + 2 * (len(steps) - 1)
    left, right = np.full(n_nodes, -1), np.full(n_nodes, -1)
    for step in steps[1:]:
        node = int(step.state["node"])
        left[node], right[node] = step.state["left_child"], step.state["right_child"]
    new_id, stack, count = np.empty(n_nodes, dtype=int), [0], 0
    while stack:
        i = stack.pop()
        new_id[i], count = count, count + 1
        if left[i] != -1:
            stack += [right[i], left[i]]
    return new_id


def assert_same_tree(ours, theirs):
    a, b = ours.tree_, theirs.tree_
    assert a.node_count == b.node_count
    np.testing.assert_array_equal(a.children_left, b.children_left)
    np.testing.assert_array_equal(a.children_right, b.children_right)
    np.testing.assert_array_equal(a.feature, b.feature)
    # scikit-learn rounds X to float32 before taking midpoints.
    np.testing.assert_allclose(a.threshold, b.threshold, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(a.n_node_samples, b.n_node_samples)
    np.testing.assert_allclose(a.weighted_n_node_samples, b.weighted_n_node_samples,
                               rtol=1e-12)
    np.testing.assert_allclose(a.impurity, b.impurity, atol=1e-12)
    np.testing.assert_allclose(a.value, b.value, atol=1e-12)
    assert a.max_depth == b.max_depth


def assert_same_model(ours, theirs, datasets):
    assert_same_tree(ours, theirs)
    for X in datasets:
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
        np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-12)
        np.testing.assert_array_equal(ours.apply(X), theirs.apply(X))
        np.testing.assert_array_equal(ours.decision_path(X).toarray(),
                                      theirs.decision_path(X).toarray())
    assert ours.get_depth() == theirs.get_depth()
    assert ours.get_n_leaves() == theirs.get_n_leaves()
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_,
                               atol=1e-10)


def compare_with_sklearn(params, weights=None, seeds=range(6), n=300):
    """Fit both on tie-free seeds of classification(); return how many were compared."""
    compared = 0
    for seed in seeds:
        X, y = classification(seed, n)
        X_new, _ = classification(seed + 100, n)
        w = None if weights is None else weights(seed, len(y))
        ours = DecisionTreeClassifier(**params).fit(X, y, sample_weight=w)
        if has_tied_best_split(ours, X, y, w):
            continue
        if params.get("max_leaf_nodes") and has_tied_best_leaf(ours, X, y, w):
            continue
        theirs = SkDecisionTreeClassifier(random_state=seed, **params).fit(
            X, y, sample_weight=w)
        if sklearn_split_a_pure_node(theirs):
            continue
        assert_same_model(ours, theirs, [X, X_new])
        compared += 1
    return compared


# ----------------------------------------------------- feature names (item 3)

def test_dataframe_column_names_are_recorded_and_checked_by_every_method():
    pd = pytest.importorskip("pandas")
    X, y = classification(0, n=100)
    names = ["a", "b", "c", "d", "e"]
    frame = pd.DataFrame(X, columns=names)
    est = DecisionTreeClassifier(max_depth=3).fit(frame, y)
    np.testing.assert_array_equal(est.feature_names_in_, names)
    assert est.feature_names_in_.dtype == object
    on_array = DecisionTreeClassifier(max_depth=3).fit(X, y)
    np.testing.assert_array_equal(est.predict(frame), on_array.predict(X))

    reordered = frame[["b", "a", "c", "d", "e"]]
    renamed = frame.rename(columns={"e": "z"})
    methods = ["predict", "predict_proba", "predict_log_proba", "apply", "decision_path"]
    for method in methods:
        with pytest.raises(ValueError, match="must be in the same order"):
            getattr(est, method)(reordered)
        with pytest.raises(ValueError, match="unseen at fit time:\n- z"):
            getattr(est, method)(renamed)
    with pytest.raises(ValueError, match="must be in the same order"):
        est.score(reordered, y)
    # Fitting again on an array forgets the names.
    est.fit(X, y)
    assert not hasattr(est, "feature_names_in_")


def test_mixed_type_labels_are_refused_by_name():
    X = np.array([[0.0], [1.0]])
    with pytest.raises(ValueError, match=r"Mix of label input types \(number and string\)"):
        DecisionTreeClassifier().fit(X, np.array(["a", 1], dtype=object))


# ------------------------------------------------------------ sample weights

@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("load", [load_breast_cancer, classification])
def test_integer_weights_grow_the_tree_of_repeated_samples(load, criterion):
    X, y = load(return_X_y=True) if load is load_breast_cancer else load(0)
    w = np.random.default_rng(0).integers(1, 4, size=len(y))
    weighted = DecisionTreeClassifier(criterion=criterion).fit(X, y, sample_weight=w)
    repeated = DecisionTreeClassifier(criterion=criterion).fit(
        np.repeat(X, w, axis=0), np.repeat(y, w))
    a, b = weighted.tree_, repeated.tree_
    for name in ("children_left", "children_right", "feature", "threshold", "value",
                 "impurity"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    np.testing.assert_array_equal(a.weighted_n_node_samples, b.n_node_samples)
    np.testing.assert_array_equal(weighted.feature_importances_, repeated.feature_importances_)
    np.testing.assert_array_equal(weighted.predict_proba(X), repeated.predict_proba(X))


def test_zero_weights_leave_samples_out():
    X, y = classification(1)
    w = np.random.default_rng(1).integers(0, 4, size=len(y))
    assert np.sum(w == 0) > 50
    weighted = DecisionTreeClassifier().fit(X, y, sample_weight=w)
    kept = DecisionTreeClassifier().fit(X[w > 0], y[w > 0], sample_weight=w[w > 0])
    for name in ("children_left", "feature", "threshold", "n_node_samples", "value"):
        np.testing.assert_array_equal(getattr(weighted.tree_, name), getattr(kept.tree_, name))
    # Also at the left-out points: scikit-learn's check of the same, on all data.
    repeated = DecisionTreeClassifier().fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_array_equal(weighted.predict_proba(X), repeated.predict_proba(X))
    assert list(weighted.classes_) == [0, 1, 2]


@pytest.mark.parametrize("weights", [integer_weights, real_weights])
@pytest.mark.parametrize("params", [
    {"max_depth": 3},
    {"max_depth": 4, "criterion": "entropy", "min_samples_leaf": 3},
    {"min_samples_split": 20, "max_depth": 5},
], ids=_id)
def test_weighted_trees_match_sklearn(params, weights):
    assert compare_with_sklearn(params, weights) >= 3


def test_weighted_tree_on_real_data_matches_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    w = np.random.default_rng(0).uniform(0.5, 2.0, size=len(y))
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y, sample_weight=w)
    theirs = SkDecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y, sample_weight=w)
    assert not has_tied_best_split(ours, X, y, w)
    assert_same_model(ours, theirs, [X])


@pytest.mark.parametrize("sample_weight, match", [
    (-np.ones(50), "negative"),
    (np.ones(49), "49 weights but X has 50 samples"),
    (np.ones((50, 2)), "must be 1D array or scalar"),
    (np.zeros(50), "zero for every sample"),
    (np.full(50, np.nan), "NaN"),
])
def test_bad_sample_weights_are_named(sample_weight, match):
    X, y = classification(0, n=50)
    with pytest.raises(ValueError, match=match):
        DecisionTreeClassifier().fit(X, y, sample_weight=sample_weight)


# ------------------------------------------------------------- class weights

def test_balanced_class_weight_is_inverse_frequency_sample_weight():
    X, y = make_classification(n_samples=300, n_features=5, n_informative=3,
                               n_redundant=0, weights=[0.8, 0.2], random_state=0)
    balanced = DecisionTreeClassifier(class_weight="balanced", max_depth=4).fit(X, y)
    counts = np.bincount(y)
    by_sample = DecisionTreeClassifier(max_depth=4).fit(
        X, y, sample_weight=(len(y) / (2 * counts))[y])
    np.testing.assert_array_equal(balanced.tree_.threshold, by_sample.tree_.threshold)
    np.testing.assert_allclose(balanced.tree_.value, by_sample.tree_.value)
    # Each class carries the same total weight at the root.
    np.testing.assert_allclose(balanced.tree_.value[0, 0], [0.5, 0.5])
    plain = DecisionTreeClassifier(max_depth=4).fit(X, y)
    assert np.mean(balanced.predict(X) == 1) > np.mean(plain.predict(X) == 1)


def test_class_weights_multiply_sample_weights_and_act_as_repetitions():
    X, y = classification(2)
    class_weight = {0: 3, 1: 1, 2: 2}
    per_sample = np.array([3, 1, 2])[y]
    by_class = DecisionTreeClassifier(class_weight=class_weight).fit(X, y)
    repeated = DecisionTreeClassifier().fit(np.repeat(X, per_sample, axis=0),
                                            np.repeat(y, per_sample))
    np.testing.assert_array_equal(by_class.tree_.threshold, repeated.tree_.threshold)
    np.testing.assert_array_equal(by_class.tree_.weighted_n_node_samples,
                                  repeated.tree_.n_node_samples)
    w = integer_weights(2, len(y))
    both = DecisionTreeClassifier(class_weight=class_weight).fit(X, y, sample_weight=w)
    product = DecisionTreeClassifier().fit(X, y, sample_weight=w * per_sample)
    np.testing.assert_array_equal(both.tree_.threshold, product.tree_.threshold)
    np.testing.assert_array_equal(both.tree_.value, product.tree_.value)


@pytest.mark.parametrize("weights", [None, integer_weights, real_weights])
@pytest.mark.parametrize("class_weight", ["balanced", {0: 2.0, 1: 0.5}], ids=_id)
def test_class_weighted_trees_match_sklearn(class_weight, weights):
    params = {"class_weight": class_weight, "max_depth": 3}
    assert compare_with_sklearn(params, weights) >= 3


# -------------------------------------------------- min_weight_fraction_leaf

@pytest.mark.parametrize("max_leaf_nodes", [None, 30])
@pytest.mark.parametrize("weights", [None, real_weights])
def test_every_leaf_holds_min_weight_fraction_leaf(weights, max_leaf_nodes):
    X, y = classification(3)
    w = np.ones(len(y)) if weights is None else weights(3, len(y))
    for fraction in (0.02, 0.1, 0.3):
        est = DecisionTreeClassifier(min_weight_fraction_leaf=fraction,
                                     max_leaf_nodes=max_leaf_nodes).fit(
            X, y, sample_weight=None if weights is None else w)
        leaf_weight = np.bincount(est.apply(X), weights=w)[est.tree_.children_left == -1]
        assert leaf_weight.min() >= fraction * w.sum() - 1e-9
        np.testing.assert_allclose(
            leaf_weight, est.tree_.weighted_n_node_samples[est.tree_.children_left == -1])
    # Without weights the rule counts samples: min_samples_leaf = ceil(0.1 n).
    a = DecisionTreeClassifier(min_weight_fraction_leaf=0.1).fit(X, y).tree_
    b = DecisionTreeClassifier(min_samples_leaf=30).fit(X, y).tree_
    np.testing.assert_array_equal(a.threshold, b.threshold)


@pytest.mark.parametrize("params, weights", [
    ({"min_weight_fraction_leaf": 0.03, "max_depth": 4}, None),
    ({"min_weight_fraction_leaf": 0.03, "max_depth": 4}, integer_weights),
    ({"min_weight_fraction_leaf": 0.03, "max_depth": 4}, real_weights),
    ({"min_weight_fraction_leaf": 0.05}, eighths),
], ids=_id)
def test_min_weight_fraction_leaf_matches_sklearn(params, weights):
    assert compare_with_sklearn(params, weights) >= 3


# ------------------------------------------------------ min_impurity_decrease

@pytest.mark.parametrize("max_leaf_nodes", [None, 1000])
def test_every_split_lowers_the_impurity_by_min_impurity_decrease(max_leaf_nodes):
    X, y = classification(4)
    full = DecisionTreeClassifier().fit(X, y)
    for value in (0.001, 0.01, 0.05):
        est = DecisionTreeClassifier(min_impurity_decrease=value,
                                     max_leaf_nodes=max_leaf_nodes).fit(X, y)
        tree = est.tree_
        internal = tree.children_left != -1
        assert np.all(impurity_decrease(tree)[internal] >= value - 1e-12)
        assert tree.node_count < full.tree_.node_count


@pytest.mark.parametrize("params", [
    {"min_impurity_decrease": 0.01},
    {"min_impurity_decrease": 0.02, "criterion": "entropy"},
    {"min_impurity_decrease": 0.005, "max_leaf_nodes": 12},
], ids=_id)
def test_min_impurity_decrease_matches_sklearn(params):
    assert compare_with_sklearn(params) >= 3


# ------------------------------------------------------------ max_leaf_nodes

@pytest.mark.parametrize("params", [
    {"max_leaf_nodes": 2},
    {"max_leaf_nodes": 8},
    {"max_leaf_nodes": 15, "criterion": "entropy"},
    {"max_leaf_nodes": 12, "max_depth": 3},
    {"max_leaf_nodes": 10, "min_samples_leaf": 5},
], ids=_id)
@pytest.mark.parametrize("weights", [None, real_weights])
def test_best_first_trees_match_sklearn_node_for_node(params, weights):
    # Same node ids too: scikit-learn numbers best-first nodes as created.
    assert compare_with_sklearn(params, weights) >= 3


def test_best_first_tree_on_real_data_matches_sklearn():
    X, y = load_digits(return_X_y=True)
    ours = DecisionTreeClassifier(max_leaf_nodes=15).fit(X, y)
    assert not has_tied_best_split(ours, X, y) and not has_tied_best_leaf(ours, X, y)
    theirs = SkDecisionTreeClassifier(max_leaf_nodes=15, random_state=0).fit(X, y)
    assert_same_model(ours, theirs, [X])


def test_max_leaf_nodes_bounds_the_leaves_and_keeps_max_depth():
    X, y = classification(5)
    for k in (2, 5, 17):
        assert DecisionTreeClassifier(max_leaf_nodes=k).fit(X, y).get_n_leaves() == k
    assert DecisionTreeClassifier(max_leaf_nodes=10, max_depth=1).fit(X, y).get_depth() == 1
    # More leaves allowed than the full tree has: the full tree, numbered best-first.
    full = DecisionTreeClassifier().fit(X, y)
    loose = DecisionTreeClassifier(max_leaf_nodes=10_000).fit(X, y)
    assert loose.get_n_leaves() == full.get_n_leaves()
    np.testing.assert_array_equal(loose.predict(X), full.predict(X))
    np.testing.assert_array_equal(np.sort(loose.tree_.threshold), np.sort(full.tree_.threshold))


def test_best_first_steps_split_the_best_leaf_and_number_nodes_as_created():
    X, y = classification(6)
    est = DecisionTreeClassifier(max_leaf_nodes=12)
    steps, so_far = [], []
    for step in est.fit_steps(X, y):
        steps.append(step)
        so_far.append(est.tree_)
    final = est.tree_
    decrease = impurity_decrease(final)
    split_order = [int(s.state["node"]) for s in steps[1:]]
    assert len(split_order) == 11
    for k, step in enumerate(steps[1:], start=1):
        i = split_order[k - 1]
        # The k-th split creates nodes 2k - 1 and 2k.
        assert final.children_left[i] == step.state["left_child"] == 2 * k - 1
        assert final.children_right[i] == step.state["right_child"] == 2 * k
        # No leaf of the tree so far that is split later would have done better.
        later = split_order[k:]
        in_tree_so_far = [t for t in later if t < 2 * k - 1]
        assert all(decrease[i] >= decrease[t] for t in in_tree_so_far)
        # The tree so far is the first 2k + 1 nodes of the fitted tree.
        so_far_left = so_far[k].children_left
        assert so_far_left.size == 2 * k + 1
        split_so_far = so_far_left != -1
        np.testing.assert_array_equal(so_far_left[split_so_far],
                                      final.children_left[:2 * k + 1][split_so_far])
        np.testing.assert_array_equal(so_far[k].feature[split_so_far],
                                      final.feature[:2 * k + 1][split_so_far])
        assert int(step.state["feature"]) == final.feature[i]
        assert float(step.state["threshold"]) == final.threshold[i]
        assert step.loss == pytest.approx(steps[k - 1].loss - decrease[i], abs=1e-12)
    assert est.get_n_leaves() == 12


@pytest.mark.parametrize("params, weighted", [
    ({"max_leaf_nodes": 9}, False),
    ({"max_leaf_nodes": 9, "class_weight": "balanced"}, False),
    ({"ccp_alpha": 0.01}, True),
    ({"ccp_alpha": 0.005, "max_leaf_nodes": 14}, False),
    ({"min_impurity_decrease": 0.01, "min_weight_fraction_leaf": 0.02}, True),
], ids=_id)
def test_every_step_is_a_valid_weighted_model(params, weighted):
    X, y = classification(11, n=200)
    sample_weight = real_weights(11, len(y)) if weighted else None
    w = np.ones(len(y)) if sample_weight is None else sample_weight
    if params.get("class_weight") == "balanced":
        w = w * (len(y) / (3 * np.bincount(y)))[y]
    est = DecisionTreeClassifier(**params)
    steps = list(est.fit_steps(X, y, sample_weight=sample_weight))
    losses = [s.loss for s in steps]
    assert np.all(np.diff(losses) <= 1e-12)
    final = DecisionTreeClassifier(**params).fit(X, y, sample_weight=sample_weight)
    np.testing.assert_array_equal(est.tree_.threshold, final.tree_.threshold)
    np.testing.assert_array_equal(est.tree_.children_left, final.tree_.children_left)
    # Replay the steps on a fresh estimator, checking the tree so far each time.
    est = DecisionTreeClassifier(**params)
    for step in est.fit_steps(X, y, sample_weight=sample_weight):
        tree = est.tree_
        children = np.concatenate([tree.children_left, tree.children_right])
        assert sorted(children[children != -1]) == list(range(1, tree.node_count))
        leaves = est.apply(X)
        for leaf in np.unique(leaves):
            in_leaf = leaves == leaf
            class_weight = np.bincount(y[in_leaf], weights=w[in_leaf], minlength=3)
            np.testing.assert_allclose(tree.value[leaf, 0], class_weight / class_weight.sum(),
                                       atol=1e-12)
            np.testing.assert_allclose(tree.weighted_n_node_samples[leaf], w[in_leaf].sum())
        if step.kind == "split":
            i = int(step.state["node"])
            assert tree.children_left[i] == step.state["left_child"]
            assert tree.children_right[i] == step.state["right_child"]
            assert tree.feature[i] == step.state["feature"]
            assert tree.threshold[i] == step.state["threshold"]
        is_leaf = tree.children_left == -1
        leaf_cost = np.sum((tree.weighted_n_node_samples * tree.impurity)[is_leaf])
        assert step.loss == pytest.approx(leaf_cost / w.sum(), abs=1e-12)


# ----------------------------------------------------------------- ccp_alpha

def midpoints(alphas):
    distinct = np.unique(alphas)
    return (distinct[:-1] + distinct[1:]) / 2


def grown_trees_agree(ours, theirs):
    try:
        assert_same_tree(ours, theirs)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("make_data, params, weights", [
    (three_bands_1d, {}, None),
    (three_bands_1d, {"criterion": "entropy"}, integer_weights),
    (three_bands_1d, {"min_samples_leaf": 5}, eighths),
    (three_bands_1d, {"max_leaf_nodes": 20}, None),
    (classification, {"min_samples_leaf": 5}, eighths),
    (classification, {"max_leaf_nodes": 20}, eighths),
], ids=_id)
def test_pruning_path_and_pruned_trees_match_sklearn(make_data, params, weights):
    # Pruning works on the grown tree: compared where the grown trees agree
    # (on one feature, all seeds: ties between features are what tells
    # full-grown trees apart).
    compared = 0
    for seed in range(6):
        X, y = make_data(seed, 200)
        w = None if weights is None else weights(seed, len(y))
        ours = DecisionTreeClassifier(**params)
        theirs = SkDecisionTreeClassifier(random_state=0, **params)
        if not grown_trees_agree(ours.fit(X, y, sample_weight=w),
                                 theirs.fit(X, y, sample_weight=w)):
            continue
        path = ours.cost_complexity_pruning_path(X, y, w)
        expected = theirs.cost_complexity_pruning_path(X, y, w)
        assert len(path.ccp_alphas) > 10
        np.testing.assert_allclose(path.ccp_alphas, expected.ccp_alphas, rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(path.impurities, expected.impurities, rtol=1e-9, atol=1e-15)
        assert path["ccp_alphas"] is path.ccp_alphas
        for alpha in midpoints(path.ccp_alphas)[::3]:
            assert_same_model(ours.set_params(ccp_alpha=alpha).fit(X, y, sample_weight=w),
                              theirs.set_params(ccp_alpha=alpha).fit(X, y, sample_weight=w),
                              [X])
        compared += 1
    assert compared >= (6 if make_data is three_bands_1d else 3)


def test_pruning_path_on_real_data_matches_sklearn():
    X, y = load_digits(return_X_y=True)
    ours = DecisionTreeClassifier(max_leaf_nodes=15)
    theirs = SkDecisionTreeClassifier(max_leaf_nodes=15, random_state=0)
    path = ours.cost_complexity_pruning_path(X, y)
    expected = theirs.cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(path.ccp_alphas, expected.ccp_alphas, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(path.impurities, expected.impurities, rtol=1e-9, atol=1e-15)
    alpha = midpoints(path.ccp_alphas)[5]
    assert_same_model(ours.set_params(ccp_alpha=alpha).fit(X, y),
                      theirs.set_params(ccp_alpha=alpha).fit(X, y), [X])


def test_pruned_trees_shrink_along_the_path_and_show_their_splits_depth_first():
    X, y = classification(7, n=200)
    path = DecisionTreeClassifier().cost_complexity_pruning_path(X, y)
    assert path.ccp_alphas[0] == 0 and np.all(np.diff(path.ccp_alphas) >= 0)
    assert np.all(np.diff(path.impurities) >= -1e-15)
    full = DecisionTreeClassifier().fit(X, y)
    assert path.impurities[0] == pytest.approx(0.0)  # a full tree has pure leaves
    sizes = []
    for alpha in path.ccp_alphas:
        est = DecisionTreeClassifier(ccp_alpha=alpha)
        steps = list(est.fit_steps(X, y))
        internal = np.flatnonzero(est.tree_.children_left != -1)
        assert [fitted_ids(steps)[int(s.state["node"])] for s in steps[1:]] == list(internal)
        # R(T) of the pruned tree is the path's, after the last cut priced <= alpha.
        tree = est.tree_
        leaves = tree.children_left == -1
        cost = np.sum(tree.weighted_n_node_samples[leaves] * tree.impurity[leaves]) / len(y)
        last_cut = np.searchsorted(path.ccp_alphas, alpha, "right") - 1
        assert cost == pytest.approx(path.impurities[last_cut], abs=1e-12)
        sizes.append(est.tree_.node_count)
    assert sizes[0] == full.tree_.node_count and sizes[-1] == 1
    assert sizes == sorted(sizes, reverse=True)


# ------------------------------------------------------------- decision_path

def test_decision_path_is_sklearns_sparse_indicator():
    sparse = pytest.importorskip("scipy.sparse")
    X, y = classification(8, n=200)
    est = DecisionTreeClassifier(max_depth=4).fit(X, y)
    path = est.decision_path(X)
    assert sparse.issparse(path) and path.format == "csr"
    assert path.shape == (len(X), est.tree_.node_count)
    dense = path.toarray()
    np.testing.assert_array_equal(dense, est.tree_.decision_path(X))
    leaves = est.apply(X)
    assert np.all(dense[np.arange(len(X)), leaves] == 1)
    np.testing.assert_array_equal(dense @ (est.tree_.children_left == -1), 1)
    np.testing.assert_array_equal(dense.sum(axis=0), est.tree_.n_node_samples)


def test_decision_path_does_not_import_scipy_with_skratch():
    code = ("import sys, numpy as np; from skratch.tree import DecisionTreeClassifier; "
            "est = DecisionTreeClassifier().fit(np.eye(4), [0, 1, 0, 1]); "
            "est.tree_.decision_path(np.eye(4)); print('scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------- the fitted tree's attributes

def test_tree_attributes_scikit_learn_users_read():
    X, y = classification(9, n=200)
    est = DecisionTreeClassifier(max_depth=3).fit(X, y)
    tree = est.tree_
    assert tree.n_leaves == est.get_n_leaves() == np.sum(tree.children_left == -1)
    np.testing.assert_array_equal(tree.n_classes, [3])
    assert tree.n_outputs == est.n_outputs_ == 1 and tree.capacity == tree.node_count
    assert tree.n_features == 5
    np.testing.assert_array_equal(tree.weighted_n_node_samples, tree.n_node_samples)
    raw = tree.compute_feature_importances(normalize=False)
    np.testing.assert_allclose(raw / raw.sum(), est.feature_importances_)
    np.testing.assert_allclose(raw.sum(), tree.impurity[0] - np.sum(
        tree.n_node_samples * tree.impurity * (tree.children_left == -1)) / len(y))


def test_feature_importances_before_fit_raise_not_fitted():
    est = DecisionTreeClassifier()
    with pytest.raises(NotFittedError):
        _ = est.feature_importances_
    with pytest.raises(ValueError):
        _ = est.feature_importances_
    assert not hasattr(est, "feature_importances_")


def test_best_first_and_pruned_traces_round_trip_and_draw(tmp_path):
    pytest.importorskip("matplotlib")
    from skratch.viz import TreeVisualizer

    X, y = classification(10, n=150)
    X = X[:, :2]
    for est in (DecisionTreeClassifier(max_leaf_nodes=7),
                DecisionTreeClassifier(ccp_alpha=0.01, max_leaf_nodes=12)):
        trace = record(est, X, y)
        trace.save(tmp_path / "tree.npz")
        loaded = Trace.load(tmp_path / "tree.npz")
        np.testing.assert_array_equal(loaded.estimator.predict(X), est.predict(X))
        np.testing.assert_array_equal(loaded.estimator.tree_.weighted_n_node_samples,
                                      est.tree_.weighted_n_node_samples)
        vis = TreeVisualizer(loaded, figsize=(6, 3), dpi=20).setup()
        for position in range(len(loaded.steps)):
            vis.update(position)
            shown = vis._markers.get_facecolors()[:, 3] > 0
            assert shown.sum() == 1 + 2 * position


# ----------------------------------------------------------------- bad input

@pytest.mark.parametrize("params, match", [
    ({"splitter": "random"}, "splitter='random'.*not implemented"),
    ({"splitter": "fastest"}, "'splitter' parameter"),
    ({"min_weight_fraction_leaf": 0.6}, "'min_weight_fraction_leaf' parameter"),
    ({"min_weight_fraction_leaf": -0.1}, "'min_weight_fraction_leaf' parameter"),
    ({"max_leaf_nodes": 1}, "'max_leaf_nodes' parameter"),
    ({"max_leaf_nodes": 2.5}, "'max_leaf_nodes' parameter"),
    ({"max_leaf_nodes": True}, "'max_leaf_nodes' parameter"),
    ({"min_impurity_decrease": -1.0}, "'min_impurity_decrease' parameter"),
    ({"min_impurity_decrease": np.nan}, "'min_impurity_decrease' parameter"),
    ({"ccp_alpha": -0.1}, "'ccp_alpha' parameter"),
    ({"ccp_alpha": "a lot"}, "'ccp_alpha' parameter"),
    ({"class_weight": [{0: 1.0}]}, "multi-output"),
    ({"class_weight": "auto"}, "'class_weight' parameter"),
    ({"class_weight": {7: 2.0}}, "class 7, which is not in the training labels"),
    ({"class_weight": {0: 0.0, 1: 0.0, 2: 0.0}}, "weigh 0 in total"),
])
def test_bad_parameters_are_named(params, match):
    X, y = classification(0, n=50)
    with pytest.raises(ValueError, match=match):
        DecisionTreeClassifier(**params).fit(X, y)
