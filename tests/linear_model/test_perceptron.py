"""Perceptron: scikit-learn parity, the corrections, convergence, steps, errors."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import Perceptron as SkPerceptron
from sklearn.model_selection import train_test_split

from skratch.datasets import make_blobs, make_classification
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import Perceptron, SGDClassifier
from skratch.linear_model._perceptron import perceptron_update


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return _standardized(X), y


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return _standardized(X), y


def _separable(n=30, seed=0):
    return make_blobs(n_samples=n, centers=[[0, 2], [2, 3]], cluster_std=0.5,
                      random_state=seed)


# -- parity with scikit-learn ---------------------------------------------------

@pytest.mark.parametrize("params", [
    {},
    {"penalty": "l2"},
    {"penalty": "l2", "alpha": 0.01},
    {"eta0": 0.1, "fit_intercept": False},
    {"n_iter_no_change": 2, "tol": 0.01},
], ids=repr)
@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_matches_sklearn_correction_for_correction(params, data, request):
    # shuffle=False: both visit the points in the same order, so the same
    # corrections and stopping rule give the same weights and epochs.
    X, y = request.getfixturevalue(data)
    ours = Perceptron(shuffle=False, **params).fit(X, y)
    ref = SkPerceptron(shuffle=False, **params).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X),
                               atol=1e-9)


def test_accuracy_within_two_points_of_sklearn_on_shuffled_runs():
    # Where the data are not separable, a perceptron's last weights depend on
    # the order of its last mistakes, so one shuffled run of either library
    # can land several points away: compare the means over ten seeds.
    datasets = {
        "separable": make_blobs(n_samples=200, centers=2, random_state=1),
        "nearly separable": make_classification(
            n_samples=400, n_features=4, n_informative=2, n_redundant=0,
            n_clusters_per_class=1, class_sep=1.5, flip_y=0.0, random_state=0),
        "overlapping": make_classification(n_samples=400, n_features=5, n_informative=3,
                                           n_redundant=0, class_sep=2.0, random_state=0),
        "breast cancer": load_breast_cancer(return_X_y=True),
    }
    for name, (X, y) in datasets.items():
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3,
                                                            random_state=0)
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
        ours = np.mean([Perceptron(random_state=seed).fit(X_train, y_train)
                        .score(X_test, y_test) for seed in range(10)])
        ref = np.mean([SkPerceptron(random_state=seed).fit(X_train, y_train)
                       .score(X_test, y_test) for seed in range(10)])
        assert abs(ours - ref) <= 0.02, (name, ours, ref)


@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_is_sgd_with_the_perceptron_loss(data, request):
    # The same weights as SGD with loss max(0, -y f), rate 1, same shuffles.
    X, y = request.getfixturevalue(data)
    perceptron = Perceptron(random_state=7).fit(X, y)
    sgd = SGDClassifier(loss="perceptron", penalty=None, learning_rate="constant",
                        eta0=1.0, random_state=7).fit(X, y)
    assert perceptron.n_iter_ == sgd.n_iter_
    np.testing.assert_allclose(perceptron.coef_, sgd.coef_, atol=1e-10)
    np.testing.assert_allclose(perceptron.intercept_, sgd.intercept_, atol=1e-10)


# -- the algorithm ----------------------------------------------------------------

def test_each_update_corrects_one_misclassified_point():
    X, y = _separable()
    clf = Perceptron(eta0=0.5)
    updates = [s for s in clf.fit_steps(X, y) if s.kind == "update"]
    assert len(updates) > 5
    for step in updates:
        x, target = step.state["point"], float(step.state["target"])
        np.testing.assert_array_equal(x, X[int(step.state["sample"])])
        assert target == (1.0 if y[int(step.state["sample"])] == 1 else -1.0)
        w_old, b_old = step.state["coef_before"][0], step.state["intercept_before"][0]
        assert target * (x @ w_old + b_old) <= 0  # it was on the wrong side
        np.testing.assert_allclose(step.state["coef"][0] - w_old, 0.5 * target * x)
        assert step.state["intercept"][0] - b_old == pytest.approx(0.5 * target)


def test_training_applies_exactly_the_named_update_and_nothing_else():
    # A lesson shows perceptron_update's source: it must be the rule the
    # training applies, to the last bit, and without a penalty nothing else
    # may move w or b between two corrections.
    X, y = _separable(n=40, seed=3)
    weights = np.random.default_rng(0).uniform(0.5, 2.0, size=len(y))
    steps = list(Perceptron(eta0=0.3).fit_steps(X, y, sample_weight=weights))
    updates = [s for s in steps if s.kind == "update"]
    assert len(updates) > 5
    coef, intercept = steps[0].state["coef"], steps[0].state["intercept"]
    for step in steps[1:]:
        if step.kind == "update":
            np.testing.assert_array_equal(step.state["coef_before"], coef)
            np.testing.assert_array_equal(step.state["intercept_before"], intercept)
            i = int(step.state["sample"])
            w, b = perceptron_update(coef[0], intercept[0], X[i], float(step.state["target"]),
                                     0.3, weights[i])
            np.testing.assert_array_equal(step.state["coef"][0], w)
            assert step.state["intercept"][0] == b
        else:
            np.testing.assert_array_equal(step.state["coef"], coef)
            np.testing.assert_array_equal(step.state["intercept"], intercept)
        coef, intercept = step.state["coef"], step.state["intercept"]


def test_epoch_steps_count_the_mistakes_and_the_errors():
    X, y = _separable()
    clf = Perceptron()
    steps = list(clf.fit_steps(X, y))
    assert steps[0].kind == "init" and steps[-1].kind == "epoch"
    assert [s.index for s in steps] == list(range(len(steps)))
    epochs = [s for s in steps if s.kind == "epoch"]
    for epoch in epochs:
        e = int(epoch.state["epoch"])
        made = sum(1 for s in steps if s.kind == "update" and int(s.state["epoch"]) == e)
        assert int(epoch.state["mistakes"][0]) == made
    # Separable: the first clean epoch lowers the loss to 0, then
    # n_iter_no_change clean epochs bring no gain and training stops.
    last_mistake = max(int(s.state["epoch"]) for s in steps if s.kind == "update")
    assert clf.n_iter_ == len(epochs) == last_mistake + 1 + clf.n_iter_no_change
    assert int(epochs[-1].state["misclassified"]) == 0 and epochs[-1].loss == 0.0
    assert clf.score(X, y) == 1.0
    assert epochs[-1].message.startswith(f"epoch {clf.n_iter_}: 0 mistakes; 0 training points")


def test_mistakes_obey_novikoffs_bound():
    # Without intercept, data separated through the origin by a unit u with
    # margin gamma and radius R cost at most (R / gamma)^2 mistakes.
    rng = np.random.default_rng(0)
    u = np.array([0.6, 0.8])
    X = rng.uniform(-1, 1, size=(400, 2))
    margin = X @ u
    X, margin = X[np.abs(margin) > 0.05], margin[np.abs(margin) > 0.05]
    y = (margin > 0).astype(int)
    gamma, R = np.abs(margin).min(), np.linalg.norm(X, axis=1).max()
    clf = Perceptron(fit_intercept=False, tol=None, max_iter=50)
    mistakes = sum(1 for s in clf.fit_steps(X, y) if s.kind == "update")
    assert clf.score(X, y) == 1.0
    assert 0 < mistakes <= (R / gamma) ** 2


def test_l2_penalty_shrinks_the_weights(cancer):
    X, y = cancer
    plain = Perceptron(shuffle=False, max_iter=20, tol=None).fit(X, y)
    decayed = Perceptron(shuffle=False, max_iter=20, tol=None, penalty="l2", alpha=0.01)
    decayed.fit(X, y)
    assert np.linalg.norm(decayed.coef_) < 0.5 * np.linalg.norm(plain.coef_)


def test_several_classes_one_against_the_rest(iris):
    X, y = iris
    clf = Perceptron(random_state=0)
    steps = list(clf.fit_steps(X, y))
    assert clf.coef_.shape == (3, 4) and clf.intercept_.shape == (3,)
    np.testing.assert_array_equal(clf.predict(X),
                                  clf.classes_[np.argmax(clf.decision_function(X), axis=1)])
    problems = {int(s.state["class_index"]) for s in steps if s.kind == "update"}
    assert problems == {0, 1, 2}
    update = next(s for s in steps if s.kind == "update" and int(s.state["class_index"]) == 2)
    assert "class 2 vs rest" in update.message
    # Only the corrected row changes.
    changed = np.any(update.state["coef"] != update.state["coef_before"], axis=1)
    np.testing.assert_array_equal(changed, [False, False, True])
    assert steps[-1].state["mistakes"].shape == (3,)


def test_model_is_usable_mid_training_and_labels_are_kept():
    X, y = _separable()
    labels = np.array(["left", "right"])[y]
    clf = Perceptron()
    for step in clf.fit_steps(X, labels):
        assert set(clf.predict(X)) <= {"left", "right"}
        np.testing.assert_array_equal(clf.coef_, step.state["coef"])
    assert clf.decision_function(X).shape == (len(X),)
    assert clf.score(X, labels) == 1.0


def test_warns_when_max_iter_ends_training(cancer):
    X, y = cancer
    with pytest.warns(ConvergenceWarning, match="may not be linearly separable"):
        Perceptron(max_iter=2, tol=1e-9).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Perceptron(max_iter=2, tol=None).fit(X, y)


@pytest.mark.parametrize("params, message", [
    ({"penalty": "l1"}, "use SGDClassifier\\(loss='perceptron', penalty='l1'"),
    ({"penalty": "elasticnet"}, "'penalty' parameter of Perceptron must be a str among "
                                "{'l2'} or None. Got 'elasticnet' instead."),
    ({"penalty": "l3"}, "'penalty' parameter of Perceptron.*Got 'l3' instead"),
    ({"eta0": 0}, r"'eta0' parameter of Perceptron must be a float in the range \(0.0, inf\)"),
    ({"n_iter_no_change": 0}, r"'n_iter_no_change' parameter of Perceptron must be an int "
                              r"in the range \[1, inf\)"),
    ({"shuffle": "yes"}, "'shuffle' parameter of Perceptron must be a bool. Got 'yes'"),
])
def test_bad_hyperparameters_are_refused_at_fit(params, message):
    X, y = _separable()
    with pytest.raises(ValueError, match=message):
        Perceptron(**params).fit(X, y)


def test_one_class_is_refused():
    X, _ = _separable()
    with pytest.raises(ValueError, match="at least 2 classes"):
        Perceptron().fit(X, np.ones(len(X)))
