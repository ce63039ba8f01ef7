"""SGDRegressor and SGDClassifier: scikit-learn parity, schedules, steps, errors."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import SGDClassifier as SkSGDClassifier
from sklearn.linear_model import SGDRegressor as SkSGDRegressor
from sklearn.model_selection import train_test_split

from skratch.datasets import make_blobs, make_classification, make_regression
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import LinearRegression, SGDClassifier, SGDRegressor
from skratch.linear_model._stochastic_gradient import (
    _CLASSIFICATION_LOSSES,
    _REGRESSION_LOSSES,
)


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _split(X, y):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std, y_train, y_test


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return _standardized(X[:150]), y[:150]


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return _standardized(X), y


@pytest.fixture(scope="module")
def regression():
    X, y = make_regression(n_samples=120, n_features=5, noise=5.0, random_state=0)
    return _standardized(X), y


# -- the same updates as scikit-learn, sample for sample ------------------------
# With shuffle=False both visit the samples in the same order, so the same
# losses, schedules, penalties and stopping rule give the same weights (to
# rounding) after the same number of epochs. With an L1 part the runs are
# compared over a fixed number of epochs: scikit-learn's running estimate of
# ||w||_1 in its stopping objective differs from the exact norm used here
# (by about 0.1%), which can move the stopping epoch.

CLASSIFIER_CASES = [
    {},
    {"loss": "log_loss"},
    {"loss": "modified_huber", "alpha": 0.01},
    {"loss": "squared_hinge", "learning_rate": "constant", "eta0": 0.01},
    {"loss": "perceptron", "penalty": None, "learning_rate": "constant", "eta0": 1.0},
    {"penalty": "l1", "alpha": 0.001, "tol": None, "max_iter": 15},
    {"penalty": "elasticnet", "alpha": 0.01, "l1_ratio": 0.5, "tol": None, "max_iter": 15},
    {"learning_rate": "invscaling", "eta0": 0.5},
    {"learning_rate": "adaptive", "eta0": 0.5},
    {"fit_intercept": False},
]


@pytest.mark.parametrize("params", CLASSIFIER_CASES, ids=repr)
@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_classifier_matches_sklearn_update_for_update(params, data, request):
    X, y = request.getfixturevalue(data)
    ours = SGDClassifier(shuffle=False, **params).fit(X, y)
    ref = SkSGDClassifier(shuffle=False, **params).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_
    # scikit-learn approximates the log loss's derivative for margins above
    # 18 (e^-z for 1/(1 + e^z)); the 1e-8 relative gaps add up over epochs.
    rtol = 1e-3 if params.get("loss") == "log_loss" else 1e-9
    scale = max(1.0, np.abs(ref.coef_).max())
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=rtol * scale)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=rtol * scale)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    if params.get("loss") in ("log_loss", "modified_huber"):
        np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X),
                                   atol=1e2 * rtol)


REGRESSOR_CASES = [
    {},
    {"loss": "huber", "epsilon": 1.0, "eta0": 0.5},
    {"loss": "epsilon_insensitive", "eta0": 0.5},
    {"loss": "squared_epsilon_insensitive", "epsilon": 1.0},
    {"penalty": "l1", "alpha": 0.5, "tol": None, "max_iter": 40},
    {"penalty": "elasticnet", "alpha": 0.1, "tol": None, "max_iter": 40},
    {"penalty": None, "learning_rate": "constant", "eta0": 0.002},
    {"learning_rate": "adaptive", "eta0": 0.05},
    {"learning_rate": "optimal", "alpha": 0.1, "max_iter": 60},
    {"fit_intercept": False},
]


@pytest.mark.parametrize("params", REGRESSOR_CASES, ids=repr)
def test_regressor_matches_sklearn_update_for_update(params, regression):
    X, y = regression
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = SGDRegressor(shuffle=False, **params).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = SkSGDRegressor(shuffle=False, **params).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-9, atol=1e-9)
    assert ours.intercept_.shape == ref.intercept_.shape == (1,)


def test_l1_gives_the_exact_zeros_of_sklearn(cancer):
    X, y = cancer
    ours = SGDClassifier(penalty="l1", alpha=0.01, shuffle=False, max_iter=20, tol=None)
    ref = SkSGDClassifier(penalty="l1", alpha=0.01, shuffle=False, max_iter=20, tol=None)
    ours.fit(X, y)
    ref.fit(X, y)
    zeros = ref.coef_ == 0
    assert 0 < zeros.sum() < zeros.size
    np.testing.assert_array_equal(ours.coef_ == 0, zeros)


# -- parity of the shuffled runs (different random streams) ---------------------

@pytest.mark.parametrize("loss", ["hinge", "log_loss"])
def test_classifier_accuracy_within_two_points_of_sklearn(loss):
    for X, y in (load_breast_cancer(return_X_y=True),
                 make_classification(n_samples=400, n_features=10, n_informative=5,
                                     class_sep=1.5, random_state=0)):
        X_train, X_test, y_train, y_test = _split(X, y)
        ours = SGDClassifier(loss=loss, random_state=0).fit(X_train, y_train)
        ref = SkSGDClassifier(loss=loss, random_state=0).fit(X_train, y_train)
        assert abs(ours.score(X_test, y_test) - ref.score(X_test, y_test)) <= 0.02


def test_regressor_r2_within_two_points_of_sklearn():
    for X, y in (load_diabetes(return_X_y=True),
                 make_regression(n_samples=300, n_features=8, noise=10.0, random_state=1)):
        X_train, X_test, y_train, y_test = _split(X, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            ours = SGDRegressor(random_state=0, max_iter=200).fit(X_train, y_train)
        ref = SkSGDRegressor(random_state=0, max_iter=200).fit(X_train, y_train)
        assert abs(ours.score(X_test, y_test) - ref.score(X_test, y_test)) <= 0.02


# -- the algorithm itself -------------------------------------------------------

def test_one_batch_of_everything_is_batch_gradient_descent(regression):
    # batch_size = n: each epoch is one full gradient step on 1/2 MSE, which is
    # gradient descent on the MSE with half the rate.
    X, y = regression
    sgd = SGDRegressor(batch_size=len(X), learning_rate="constant", eta0=0.2,
                       penalty=None, shuffle=False, max_iter=30, tol=None).fit(X, y)
    gd = LinearRegression(solver="gd", learning_rate=0.1, max_iter=30, tol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gd.fit(X, y)
    np.testing.assert_allclose(sgd.coef_, gd.coef_, rtol=1e-10)
    np.testing.assert_allclose(sgd.intercept_[0], gd.intercept_, rtol=1e-10)


def test_mini_batches_learn_and_shuffle_with_random_state(regression):
    X, y = regression
    first = SGDRegressor(batch_size=8, eta0=0.05, random_state=3).fit(X, y)
    again = SGDRegressor(batch_size=8, eta0=0.05, random_state=3).fit(X, y)
    other = SGDRegressor(batch_size=8, eta0=0.05, random_state=4).fit(X, y)
    np.testing.assert_array_equal(first.coef_, again.coef_)
    assert not np.array_equal(first.coef_, other.coef_)
    assert first.score(X, y) > 0.98


def _batch_steps(estimator, X, y):
    return [s for s in estimator.fit_steps(X, y) if s.kind == "update"]


@pytest.mark.parametrize("schedule, expected", [
    ("constant", lambda t, eta0, alpha, power_t: eta0 + 0 * t),
    ("invscaling", lambda t, eta0, alpha, power_t: eta0 / t ** power_t),
    ("optimal", lambda t, eta0, alpha, power_t:
        1 / (alpha * (1 / (alpha * alpha ** -0.25) + t - 1))),
])
def test_learning_rate_schedules_follow_their_formulas(schedule, expected, regression):
    X, y = regression
    reg = SGDRegressor(learning_rate=schedule, eta0=0.03, alpha=0.01, power_t=0.4,
                       step_per="batch", max_iter=2, tol=None, random_state=0)
    with warnings.catch_warnings():
        # "optimal" with alpha=0.01 starts at steps of 3.2: it diverges, and stops.
        warnings.simplefilter("ignore", ConvergenceWarning)
        steps = _batch_steps(reg, X, y)
    t = np.arange(1, len(steps) + 1)
    rates = np.array([float(s.state["learning_rate"]) for s in steps])
    np.testing.assert_allclose(rates, expected(t, 0.03, 0.01, 0.4), rtol=1e-12)
    if schedule == "optimal":
        assert rates[0] == pytest.approx(0.01 ** -0.25)  # Bottou's first step


def test_adaptive_divides_the_rate_by_five_when_training_stalls(regression):
    X, y = regression
    reg = SGDRegressor(learning_rate="adaptive", eta0=0.05, n_iter_no_change=2,
                       step_per="batch", random_state=0)
    rates = sorted({float(s.state["learning_rate"]) for s in _batch_steps(reg, X, y)},
                   reverse=True)
    assert len(rates) >= 3
    np.testing.assert_allclose(rates, 0.05 / 5.0 ** np.arange(len(rates)), rtol=1e-12)
    assert rates[-1] > 1e-6 / 5  # stops once the rate falls below 1e-6


def test_stops_after_n_iter_no_change_epochs_without_gain(regression):
    X, y = regression
    reg = SGDRegressor(eta0=0.05, n_iter_no_change=3, random_state=0)
    epochs = [s for s in reg.fit_steps(X, y) if s.kind == "epoch"]
    assert len(epochs) == reg.n_iter_ < reg.max_iter
    assert "stopped" in epochs[-1].message
    assert "3 of 3 epochs without a gain of tol" in epochs[-1].message
    assert all("stopped" not in s.message for s in epochs[:-1])


def test_max_iter_warns_unless_tol_is_none(regression):
    X, y = regression
    with pytest.warns(ConvergenceWarning, match="reached max_iter=2 epochs"):
        SGDRegressor(max_iter=2).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        SGDRegressor(max_iter=2, tol=None).fit(X, y)


def test_step_per_batch_gives_the_same_model_and_a_step_per_update(iris):
    X, y = iris
    by_epoch = SGDClassifier(random_state=0, batch_size=10, max_iter=4, tol=None)
    by_batch = SGDClassifier(random_state=0, batch_size=10, max_iter=4, tol=None,
                             step_per="batch")
    epoch_steps = list(by_epoch.fit_steps(X, y))
    batch_steps = list(by_batch.fit_steps(X, y))
    np.testing.assert_array_equal(by_epoch.coef_, by_batch.coef_)
    assert [s.kind for s in epoch_steps] == ["init"] + ["epoch"] * 4
    updates = [s for s in batch_steps if s.kind == "update"]
    assert len(updates) == 4 * 3 * 15  # epochs x one-vs-rest problems x batches
    assert [s.index for s in batch_steps] == list(range(len(batch_steps)))
    first = updates[0]
    assert first.state["samples"].shape == (10,) and int(first.state["visit"]) == 10
    assert "class 0 vs rest" in first.message


def test_steps_carry_the_objective_and_a_usable_model(regression):
    X, y = regression
    reg = SGDRegressor(alpha=0.1, eta0=0.05, random_state=0, step_per="batch", max_iter=2,
                       tol=None)
    for step in reg.fit_steps(X, y):
        w, b = step.state["coef"], step.state["intercept"][0]
        np.testing.assert_array_equal(reg.predict(X), X @ w + b)
        objective = 0.5 * np.mean((X @ w + b - y) ** 2) + 0.5 * 0.1 * w @ w
        assert step.loss == pytest.approx(objective, rel=1e-12)
    assert step.kind == "epoch" and "objective now" in step.message


def test_loss_functions_match_their_derivatives():
    # Each loss's derivative is its slope (away from the kinks).
    rng = np.random.default_rng(0)
    p = rng.normal(scale=2.0, size=200)
    y_class = rng.choice([-1.0, 1.0], size=200)
    y_reg = rng.normal(scale=2.0, size=200)
    h = 1e-6
    for losses, y in ((_CLASSIFICATION_LOSSES, y_class), (_REGRESSION_LOSSES, y_reg)):
        for name, loss in losses.items():
            value, slope = loss(p, y, 0.5)
            numeric = (loss(p + h, y, 0.5)[0] - loss(p - h, y, 0.5)[0]) / (2 * h)
            np.testing.assert_allclose(slope, numeric, atol=1e-4, err_msg=name)
            assert np.all(value >= 0), name


def test_predict_proba_only_for_probabilistic_losses(iris):
    X, y = iris
    assert not hasattr(SGDClassifier(), "predict_proba")
    with pytest.raises(AttributeError, match="not available for loss='hinge'"):
        SGDClassifier().predict_proba
    clf = SGDClassifier(loss="log_loss", random_state=0).fit(X, y)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(np.argmax(proba, axis=1), np.searchsorted(clf.classes_,
                                                                            clf.predict(X)))
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba))
    binary = SGDClassifier(loss="log_loss", random_state=0).fit(X, y == 2)
    scores = binary.decision_function(X)
    np.testing.assert_allclose(binary.predict_proba(X)[:, 1], 1 / (1 + np.exp(-scores)))


def test_string_labels_and_binary_layout():
    X, y = make_blobs(n_samples=60, centers=2, random_state=0)
    labels = np.array(["no", "yes"])[y]
    clf = SGDClassifier(random_state=0).fit(X, labels)
    assert clf.coef_.shape == (1, 2) and clf.intercept_.shape == (1,)
    scores = clf.decision_function(X)
    assert scores.shape == (60,)
    np.testing.assert_array_equal(clf.predict(X), np.where(scores > 0, "yes", "no"))
    assert clf.score(X, labels) == 1.0


@pytest.mark.parametrize("params, message", [
    ({"loss": "hinge"}, "'loss' parameter of SGDRegressor must be a str among "
                        "{'squared_error', .*}. Got 'hinge' instead."),
    ({"penalty": "l3"}, "'penalty' parameter of SGDRegressor must be a str among "
                        "{'l2', 'l1', 'elasticnet'} or None. Got 'l3' instead."),
    ({"learning_rate": "fast"}, "'learning_rate' parameter of SGDRegressor.*Got 'fast'"),
    ({"eta0": 0.0, "learning_rate": "constant"}, "eta0 must be > 0 with learning_rate='constant'"),
    ({"eta0": -1.0}, r"'eta0' parameter of SGDRegressor must be a float in the range \[0.0, inf\)"),
    ({"alpha": -1.0}, r"'alpha' parameter of SGDRegressor must be a float in the range \[0.0"),
    ({"alpha": 0.0, "learning_rate": "optimal"}, "alpha must be > 0 with learning_rate='optimal'"),
    ({"batch_size": 0}, r"'batch_size' parameter.*an int in the range \[1, inf\)"),
    ({"step_per": "sample"}, "'step_per' parameter of SGDRegressor.*Got 'sample'"),
    ({"penalty": "elasticnet", "l1_ratio": 1.5}, r"'l1_ratio' parameter of SGDRegressor must be "
                                                 r"a float in the range \[0.0, 1.0\] or None"),
    # Checked whatever the penalty (scikit-learn's SGDClassifier(l1_ratio=2) was accepted).
    ({"l1_ratio": 2}, "'l1_ratio' parameter of SGDRegressor.*Got 2 instead"),
    ({"penalty": "elasticnet", "l1_ratio": None}, "l1_ratio must be set when penalty is "
                                                  "'elasticnet'"),
    ({"max_iter": 0}, r"'max_iter' parameter.*an int in the range \[1, inf\)"),
    ({"tol": -1.0}, r"'tol' parameter.*\[0.0, inf\) or None"),
])
def test_bad_hyperparameters_are_refused_at_fit(params, message, regression):
    X, y = regression
    with pytest.raises(ValueError, match=message):
        SGDRegressor(**params).fit(X, y)


def test_one_class_and_divergence_are_explained(regression):
    X, y = regression
    with pytest.raises(ValueError, match="at least 2 classes.*only 1 class"):
        SGDClassifier().fit(X, np.zeros(len(X)))
    # Divergence stops training with a warning that says what to change
    # (tests/linear_model/test_sgd_trust.py has the details).
    with pytest.warns(ConvergenceWarning, match="diverged in epoch 1.*smaller eta0.*"
                                                "standardise the features"):
        reg = SGDRegressor(learning_rate="constant", eta0=1e6).fit(X * 1e6, y)
    assert reg.n_iter_ == 1 and np.all(np.isfinite(reg.coef_))
