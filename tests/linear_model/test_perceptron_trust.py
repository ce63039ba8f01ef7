"""Perceptron and scikit-learn's conventions (issue 7).

Column names, sample and class weights, the clipped L2 shrinking, warm
starts and partial_fit, mixed-type labels. With shuffle=False both libraries
visit the points in the same order, so the same corrections give the same
weights after the same number of epochs (compared to 1e-10; measured gaps
below 1e-14).
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import Perceptron as SkPerceptron

from skratch.linear_model import Perceptron

TOL = 1e-10


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


def _weights(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4, size=n) + np.where(rng.random(n) < 0.2, 0.5, 0.0)


def _assert_same_model(ours, ref):
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=TOL)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=TOL)


def test_feature_names_are_recorded_and_reordered_columns_refused(iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fitting on a frame warns of nothing
        clf = Perceptron().fit(frame, y)
    np.testing.assert_array_equal(clf.feature_names_in_, ["a", "b", "c", "d"])
    for method in ("predict", "decision_function"):
        with pytest.raises(ValueError, match="The feature names should match"):
            getattr(clf, method)(frame[["d", "b", "c", "a"]])


@pytest.mark.parametrize("params", [{}, {"penalty": "l2", "alpha": 0.01},
                                    {"eta0": 0.1, "fit_intercept": False}], ids=repr)
@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 3.0, 1: 0.5}], ids=repr)
@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_weighted_fit_matches_sklearn_correction_for_correction(params, class_weight, data,
                                                                 request):
    X, y = request.getfixturevalue(data)
    weights = _weights(len(y))
    ours = Perceptron(shuffle=False, class_weight=class_weight, **params)
    ours.fit(X, y, sample_weight=weights)
    ref = SkPerceptron(shuffle=False, class_weight=class_weight, **params)
    ref.fit(X, y, sample_weight=weights)
    _assert_same_model(ours, ref)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_each_correction_is_scaled_by_the_points_weight(cancer):
    X, y = cancer
    weights = _weights(len(y), seed=1)
    clf = Perceptron(shuffle=False, eta0=0.5, class_weight={1: 2.0}, max_iter=3, tol=None)
    updates = [s for s in clf.fit_steps(X, y, sample_weight=weights) if s.kind == "update"]
    assert updates
    for step in updates:
        i = int(step.state["sample"])
        v = weights[i] * (2.0 if y[i] == 1 else 1.0)
        assert v > 0  # a point of weight 0 is never corrected on
        change = step.state["coef"][0] - step.state["coef_before"][0]
        np.testing.assert_allclose(change, 0.5 * v * float(step.state["target"]) * X[i])
        assert f"w += η·v·y·x, b += η·v·y with its weight v = {v:.4g}" in step.message


def test_weights_leaving_one_class_are_refused(cancer):
    X, y = cancer
    with pytest.raises(ValueError, match="at least 2 classes with a positive weight, but "
                                         "sample_weight and class_weight leave only class 0"):
        Perceptron().fit(X, y, sample_weight=(y == 0).astype(float))


def test_strong_l2_penalty_is_clipped_as_in_sklearn(cancer):
    # eta0 * alpha = 3: the factor 1 - 3 flipped and tripled w at every visit
    # (coefficients reached 1e179, with overflow warnings).
    X, y = cancer
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = Perceptron(penalty="l2", alpha=30, eta0=0.1, shuffle=False).fit(X, y)
    ref = SkPerceptron(penalty="l2", alpha=30, eta0=0.1, shuffle=False).fit(X, y)
    _assert_same_model(ours, ref)
    assert np.abs(ours.coef_).max() < 1


@pytest.mark.parametrize("labels", ["binary", "multiclass"])
def test_warm_start_coef_init_and_partial_fit_match_sklearn(labels, iris):
    X, y = iris
    y = y == 1 if labels == "binary" else y
    n_problems = 1 if labels == "binary" else 3
    params = {"shuffle": False, "max_iter": 3, "tol": None}
    ours = Perceptron(warm_start=True, **params).fit(X, y)
    ref = SkPerceptron(warm_start=True, **params).fit(X, y)
    first = ours.coef_.copy()
    steps = list(ours.fit_steps(X, y))
    ref.fit(X, y)
    np.testing.assert_array_equal(steps[0].state["coef"], first)
    assert steps[0].message == "start from the given w and b"
    _assert_same_model(ours, ref)

    start = {"coef_init": np.ones((n_problems, 4)), "intercept_init": np.full(n_problems, 0.5)}
    _assert_same_model(Perceptron(shuffle=False).fit(X, y, **start),
                       SkPerceptron(shuffle=False).fit(X, y, **start))

    ours, ref = Perceptron(shuffle=False), SkPerceptron(shuffle=False)
    weights = _weights(len(y), seed=2)
    for rows in np.array_split(np.arange(len(y)), 3):
        ours.partial_fit(X[rows], y[rows], classes=np.unique(y), sample_weight=weights[rows])
        ref.partial_fit(X[rows], y[rows], classes=np.unique(y), sample_weight=weights[rows])
    ours.partial_fit(X, y)
    ref.partial_fit(X, y)
    _assert_same_model(ours, ref)
    assert ours.t_ == ref.t_ == 1 + 2 * len(y)


def test_partial_fit_needs_the_classes_first(iris):
    X, y = iris
    with pytest.raises(ValueError, match="classes must be passed on the first call to "
                                         "Perceptron.partial_fit"):
        Perceptron().partial_fit(X, y)
    with pytest.raises(ValueError, match="class_weight 'balanced' is not supported for "
                                         r"partial_fit\. In order to use 'balanced' weights, "
                                         r"use compute_class_weight\('balanced'"):
        Perceptron(class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])
    clf = Perceptron().partial_fit(X[:5], y[:5], classes=[0, 1, 2])
    assert clf.coef_.shape == (3, 4) and clf.n_iter_ == 1


def test_mixed_type_labels_get_a_clear_error():
    X = np.random.default_rng(0).normal(size=(2, 2))
    with pytest.raises(ValueError, match=r"Mix of label input types \(number and string\)"):
        Perceptron().fit(X, np.array(["a", 1], dtype=object))
