"""SGDClassifier and SGDRegressor and scikit-learn's conventions (issue 7).

Column names, sample and class weights, warm starts and partial_fit, the
clipped L2 shrinking, divergence, mixed-type labels. With shuffle=False both
libraries visit the samples in the same order, so the same updates give the
same weights after the same number of epochs: compared to 1e-9 of the
largest coefficient (measured gaps: below 1e-12).
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import SGDClassifier as SkSGDClassifier
from sklearn.linear_model import SGDRegressor as SkSGDRegressor

from skratch.datasets import make_classification, make_regression
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import SGDClassifier, SGDRegressor

TOL = 1e-9


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return _standardized(X[:200]), y[:200]


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return _standardized(X), y


@pytest.fixture(scope="module")
def regression():
    X, y = make_regression(n_samples=120, n_features=5, noise=5.0, random_state=0)
    return _standardized(X), y


def _weights(n, seed=0):
    """Integer weights 0..3, and some fractions."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 4, size=n) + np.where(rng.random(n) < 0.2, 0.5, 0.0)


def _assert_same_model(ours, ref):
    assert ours.n_iter_ == ref.n_iter_
    scale = max(1.0, np.abs(ref.coef_).max())
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=TOL * scale)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=TOL * scale)


# -- feature names ----------------------------------------------------------------

@pytest.mark.parametrize("make", [lambda: SGDClassifier(loss="log_loss", random_state=0),
                                  lambda: SGDRegressor(random_state=0)])
def test_feature_names_are_recorded_and_reordered_columns_refused(make, iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fitting on a frame warns of nothing
        est = make().fit(frame, y)
    np.testing.assert_array_equal(est.feature_names_in_, ["a", "b", "c", "d"])
    methods = ["predict", "score"] + [m for m in ("decision_function", "predict_proba")
                                      if hasattr(est, m)]
    for method in methods:
        args = (frame[["b", "a", "c", "d"]],) + ((y,) if method == "score" else ())
        with pytest.raises(ValueError, match="The feature names should match"):
            getattr(est, method)(*args)


# -- sample and class weights ----------------------------------------------------------

CLASSIFIER_CASES = [
    {},
    {"loss": "modified_huber", "alpha": 0.01, "max_iter": 30},
    {"loss": "squared_hinge", "learning_rate": "constant", "eta0": 0.01},
    {"loss": "perceptron", "penalty": None, "learning_rate": "constant", "eta0": 1.0},
    {"penalty": "l1", "alpha": 0.001, "tol": None, "max_iter": 15},
    {"learning_rate": "adaptive", "eta0": 0.5},
]


@pytest.mark.parametrize("params", CLASSIFIER_CASES, ids=repr)
@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 3.0, 1: 0.5}], ids=repr)
@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_weighted_classifier_matches_sklearn_update_for_update(params, class_weight, data,
                                                                request):
    X, y = request.getfixturevalue(data)
    weights = _weights(len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # both reach max_iter with modified_huber
        ours = SGDClassifier(shuffle=False, class_weight=class_weight, **params)
        ours.fit(X, y, sample_weight=weights)
        ref = SkSGDClassifier(shuffle=False, class_weight=class_weight, **params)
        ref.fit(X, y, sample_weight=weights)
    _assert_same_model(ours, ref)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


REGRESSOR_CASES = [
    {},
    {"loss": "huber", "epsilon": 1.0, "eta0": 0.5},
    {"loss": "epsilon_insensitive", "eta0": 0.5},
    {"penalty": "elasticnet", "alpha": 0.1, "tol": None, "max_iter": 40},
    {"learning_rate": "adaptive", "eta0": 0.05},
]


@pytest.mark.parametrize("params", REGRESSOR_CASES, ids=repr)
def test_weighted_regressor_matches_sklearn_update_for_update(params, regression):
    X, y = regression
    weights = _weights(len(y), seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = SGDRegressor(shuffle=False, **params).fit(X, y, sample_weight=weights)
        ref = SkSGDRegressor(shuffle=False, **params).fit(X, y, sample_weight=weights)
    _assert_same_model(ours, ref)


def test_weights_scale_each_update(regression):
    # One mini-batch of everything, no penalty: each epoch is one gradient
    # step on (1/n) sum_i v_i (f(x_i) - y_i)^2 / 2.
    X, y = regression
    v = _weights(len(y), seed=2)
    reg = SGDRegressor(batch_size=len(y), learning_rate="constant", eta0=0.1, penalty=None,
                       shuffle=False, max_iter=1, tol=None).fit(X, y, sample_weight=v)
    gradient = -(v * y) @ X / len(y), -(v * y).mean()
    np.testing.assert_allclose(reg.coef_, -0.1 * gradient[0], rtol=1e-12)
    np.testing.assert_allclose(reg.intercept_, [-0.1 * gradient[1]], rtol=1e-12)


def test_a_weight_of_zero_moves_nothing_but_the_penalty(iris):
    X, y = iris
    weights = np.ones(len(y))
    weights[y == 2] = 0.0
    # The class with no weight never pulls: its one-vs-rest row is only ever
    # pushed away by the others and shrunk by the penalty.
    clf = SGDClassifier(shuffle=False, tol=None, max_iter=5).fit(X, y, sample_weight=weights)
    ref = SkSGDClassifier(shuffle=False, tol=None, max_iter=5).fit(X, y, sample_weight=weights)
    _assert_same_model(clf, ref)
    assert not np.any(clf.predict(X) == 2)


def test_weights_leaving_one_class_are_refused(cancer):
    X, y = cancer
    with pytest.raises(ValueError, match="at least 2 classes with a positive weight, but "
                                         "sample_weight and class_weight leave only class 1"):
        SGDClassifier().fit(X, y, sample_weight=(y == 1).astype(float))


@pytest.mark.parametrize("params, message", [
    ({"class_weight": "auto"}, "'class_weight' parameter of SGDClassifier must be an "
                               "instance of 'dict', a str among {'balanced'} or None"),
    ({"class_weight": {7: 1.0}}, "class_weight has a weight for class 7"),
    ({"warm_start": 1}, "'warm_start' parameter of SGDClassifier must be a bool. Got 1"),
])
def test_bad_weight_parameters_are_refused(params, message, cancer):
    X, y = cancer
    with pytest.raises(ValueError, match=message):
        SGDClassifier(**params).fit(X, y)


def test_bad_sample_weights_are_refused(regression):
    X, y = regression
    with pytest.raises(ValueError, match="sample_weight has 2 weights but X has 120 samples"):
        SGDRegressor().fit(X, y, sample_weight=[1.0, 2.0])
    with pytest.raises(ValueError, match="negative"):
        SGDRegressor().fit(X, y, sample_weight=-np.ones(120))


# -- the clipped L2 shrinking --------------------------------------------------------

def test_strong_l2_penalty_sets_the_weights_to_zero_instead_of_exploding(cancer, regression):
    # alpha * eta0 = 3: the shrink factor 1 - 3 would flip w and triple it at
    # every update (coefficients reached 1e179 here, 3.6e225 in the issue);
    # clipped at 0, w is reset before each sample's pull, as in scikit-learn.
    X, y = cancer
    params = {"alpha": 30, "eta0": 0.1, "shuffle": False, "max_iter": 20, "tol": None}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow
        ours = SGDClassifier(learning_rate="constant", **params).fit(X, y)
    ref = SkSGDClassifier(learning_rate="constant", **params).fit(X, y)
    _assert_same_model(ours, ref)
    assert np.abs(ours.coef_).max() < 1
    X, y = regression
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = SGDRegressor(**params).fit(X, y)
    ref = SkSGDRegressor(**params).fit(X, y)
    _assert_same_model(ours, ref)
    # w is the last sample's pull alone, from w = 0: small next to the targets (|y| < 450).
    assert np.abs(ours.coef_).max() < 10


# -- divergence --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def diabetes():
    # Standardised, with targets scaled so that the objective at w = 0,
    # mean(y^2) / 2, is 1.55 (the starting value).
    X, y = load_diabetes(return_X_y=True)
    y = _standardized(y[:, None])[:, 0] * np.sqrt(3.1)
    return _standardized(X), y


@pytest.mark.parametrize("learning_rate", ["invscaling", "constant"])
def test_divergence_stops_with_a_warning_that_says_what_to_change(learning_rate, diabetes):
    X, y = diabetes
    reg = SGDRegressor(eta0=1.0, learning_rate=learning_rate, random_state=0)
    with pytest.warns(ConvergenceWarning) as record:
        steps = list(reg.fit_steps(X, y))
    message = str(record[0].message)
    assert message.startswith("SGDRegressor diverged in epoch 1: the objective grew from "
                              "1.55 to ")
    assert "use a smaller eta0 (now 1)" in message
    assert "standardise the features" in message
    assert reg.n_iter_ == 1
    assert steps[0].loss == pytest.approx(1.55)
    assert steps[-1].loss > 1e6 * steps[0].loss
    assert "diverged" in steps[-1].message and "stopped" in steps[-1].message
    # Before: 82 epochs (invscaling) or 6 (constant), "converged", no warning.


def test_optimal_schedule_divergence_names_its_first_step(diabetes):
    X, y = diabetes
    with pytest.warns(ConvergenceWarning, match=r"learning_rate='optimal' starts with "
                                                r"steps of alpha\*\*-0.25 = 10"):
        SGDRegressor(learning_rate="optimal", random_state=0).fit(X, y)


@pytest.mark.parametrize("step_per", ["epoch", "batch"])
def test_overflowing_weights_never_leave_a_nan_model(step_per, diabetes):
    X, y = diabetes
    X = X * 1e150
    reg = SGDRegressor(learning_rate="constant", eta0=1.0, step_per=step_per, random_state=0)
    with pytest.warns(ConvergenceWarning, match="the weights or the objective overflowed, so "
                                                "the model is the one from the start of the "
                                                "epoch. To fix it, use a smaller eta0"):
        steps = list(reg.fit_steps(X, y))
    assert all(np.isfinite(s.loss) for s in steps)
    assert all(np.all(np.isfinite(s.state["coef"])) for s in steps)
    assert np.all(np.isfinite(reg.coef_)) and np.all(np.isfinite(reg.predict(X)))
    # The model went back to where the epoch that overflowed began.
    before, last = [s for s in steps if s.kind in ("init", "epoch")][-2:]
    np.testing.assert_array_equal(last.state["coef"], before.state["coef"])
    assert "the weights overflowed; back to the model at the start of the epoch" in last.message


def test_bounded_losses_with_large_steps_recover_as_in_sklearn():
    # Class weights 1000 and 1e-4 with the "optimal" rate make huge early
    # steps; the hinge loss's derivative is bounded, so this is no divergence.
    from sklearn.datasets import make_blobs

    X, y = make_blobs(centers=3, random_state=0, cluster_std=20)
    class_weight = {0: 1000, 1: 0.0001, 2: 0.0001}
    params = {"class_weight": class_weight, "max_iter": 50, "tol": None, "shuffle": False}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = SGDClassifier(**params).fit(X, y)
    ref = SkSGDClassifier(**params).fit(X, y)
    _assert_same_model(ours, ref)  # before: stopped as "diverged" after 3 epochs


# -- warm start, coef_init, partial_fit ----------------------------------------------

@pytest.mark.parametrize("labels", ["binary", "multiclass"])
def test_warm_start_and_coef_init_match_sklearn(labels, iris):
    X, y = iris
    y = y == 1 if labels == "binary" else y
    n_problems = 1 if labels == "binary" else 3
    params = {"shuffle": False, "max_iter": 3, "tol": None}
    ours = SGDClassifier(warm_start=True, **params).fit(X, y)
    ref = SkSGDClassifier(warm_start=True, **params).fit(X, y)
    first = ours.coef_.copy()
    steps = list(ours.fit_steps(X, y))
    ref.fit(X, y)
    np.testing.assert_array_equal(steps[0].state["coef"], first)
    assert steps[0].message.startswith("start from the given start")
    _assert_same_model(ours, ref)
    assert ours.t_ == ref.t_ == 1 + 3 * len(y)  # the schedule starts again
    coef, intercept = np.ones((n_problems, 4)), np.full(n_problems, 0.5)
    ours = SGDClassifier(shuffle=False).fit(X, y, coef_init=coef, intercept_init=intercept)
    ref = SkSGDClassifier(shuffle=False).fit(X, y, coef_init=coef, intercept_init=intercept)
    _assert_same_model(ours, ref)


def test_regressor_warm_start_and_coef_init_match_sklearn(regression):
    X, y = regression
    params = {"shuffle": False, "max_iter": 3, "tol": None}
    ours = SGDRegressor(warm_start=True, **params).fit(X, y).fit(X, y)
    ref = SkSGDRegressor(warm_start=True, **params).fit(X, y).fit(X, y)
    _assert_same_model(ours, ref)
    start = {"coef_init": [1.0, 2.0, 3.0, 4.0, 5.0], "intercept_init": 4.0}
    ours = SGDRegressor(shuffle=False).fit(X, y, **start)
    ref = SkSGDRegressor(shuffle=False).fit(X, y, **start)
    _assert_same_model(ours, ref)
    with pytest.raises(ValueError, match=r"coef_init .* has shape \(2,\), but this data "
                                         r"needs \(1, 5\)"):
        SGDRegressor().fit(X, y, coef_init=[1.0, 2.0])


@pytest.mark.parametrize("params", [{}, {"learning_rate": "invscaling", "eta0": 0.1},
                                    {"loss": "log_loss", "class_weight": {0: 2.0}}], ids=repr)
@pytest.mark.parametrize("labels", ["binary", "multiclass"])
def test_partial_fit_matches_sklearn_batch_for_batch(params, labels, iris):
    X, y = iris
    y = y == 1 if labels == "binary" else y
    weights = _weights(len(y), seed=3) + 0.5
    ours, ref = SGDClassifier(shuffle=False, **params), SkSGDClassifier(shuffle=False, **params)
    classes = np.unique(y)
    for rows in np.array_split(np.arange(len(y)), 3):
        ours.partial_fit(X[rows], y[rows], classes=classes, sample_weight=weights[rows])
        ref.partial_fit(X[rows], y[rows], classes=classes, sample_weight=weights[rows])
    ours.partial_fit(X, y)
    ref.partial_fit(X, y)
    _assert_same_model(ours, ref)
    assert ours.t_ == ref.t_ == 1 + 2 * len(y) and ours.n_iter_ == 1
    # After fit, partial_fit goes on from the fitted model and its schedule.
    ours, ref = SGDClassifier(shuffle=False, **params), SkSGDClassifier(shuffle=False, **params)
    ours.fit(X, y).partial_fit(X, y)
    ref.fit(X, y).partial_fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0,
                               atol=TOL * max(1, np.abs(ref.coef_).max()))
    assert ours.t_ == ref.t_


def test_regressor_partial_fit_matches_sklearn(regression):
    X, y = regression
    ours, ref = SGDRegressor(shuffle=False), SkSGDRegressor(shuffle=False)
    for rows in np.array_split(np.arange(len(y)), 4):
        ours.partial_fit(X[rows], y[rows])
        ref.partial_fit(X[rows], y[rows])
    _assert_same_model(ours, ref)
    assert ours.t_ == ref.t_ == 1 + len(y)


def test_partial_fit_classes_are_required_and_kept(iris):
    X, y = iris
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        SGDClassifier().partial_fit(X, y)
    clf = SGDClassifier().partial_fit(X[:10], y[:10], classes=[0, 1, 2])
    assert clf.coef_.shape == (3, 4)  # all three classes, though the batch has one
    with pytest.raises(ValueError, match=r"classes=\[0, 1\] is not the same as on the first"):
        clf.partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match=r"y holds the labels \[5\], which are not in classes"):
        clf.partial_fit(X[:2], [0, 5])
    with pytest.raises(ValueError, match="class_weight 'balanced' is not supported for "
                                         r"partial_fit\. In order to use 'balanced' weights, "
                                         r"use compute_class_weight\('balanced'"):
        SGDClassifier(class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])


def test_partial_fit_makes_a_paused_fit_steps_stale(iris):
    X, y = iris
    clf = SGDClassifier(random_state=0)
    steps = clf.fit_steps(X, y)
    next(steps)
    clf.partial_fit(X, y)
    with pytest.raises(RuntimeError, match="stale"):
        next(steps)


# -- labels -----------------------------------------------------------------------------

def test_mixed_type_labels_get_a_clear_error():
    X = np.random.default_rng(0).normal(size=(2, 2))
    with pytest.raises(ValueError, match=r"Mix of label input types \(number and string\)"):
        SGDClassifier().fit(X, np.array(["a", 1], dtype=object))
    with pytest.raises(ValueError, match="Mix of label input types"):
        SGDClassifier().partial_fit(X, np.array(["a", 1], dtype=object),
                                    classes=np.array(["a", 1], dtype=object))


# -- averaged SGD ------------------------------------------------------------------------

@pytest.mark.parametrize("params", [{"average": True}, {"average": 10},
                                    {"average": True, "loss": "log_loss",
                                     "learning_rate": "invscaling", "eta0": 0.1}], ids=repr)
@pytest.mark.parametrize("labels", ["binary", "multiclass"])
def test_averaged_classifier_matches_sklearn(params, labels, iris):
    X, y = iris
    y = y == 1 if labels == "binary" else y
    ours = SGDClassifier(shuffle=False, **params).fit(X, y)
    ref = SkSGDClassifier(shuffle=False, **params).fit(X, y)
    _assert_same_model(ours, ref)


def test_averaged_regressor_matches_sklearn_in_fit_and_partial_fit(regression):
    X, y = regression
    for params in ({"average": True}, {"average": 50}):
        _assert_same_model(SGDRegressor(shuffle=False, **params).fit(X, y),
                           SkSGDRegressor(shuffle=False, **params).fit(X, y))
    ours, ref = SGDRegressor(shuffle=False, average=True), SkSGDRegressor(shuffle=False,
                                                                          average=True)
    for rows in np.array_split(np.arange(len(y)), 3):
        ours.partial_fit(X[rows], y[rows])
        ref.partial_fit(X[rows], y[rows])
    _assert_same_model(ours, ref)


def test_average_is_the_mean_of_the_weights_after_each_update(regression):
    # Plain SGD on (f - y)^2 / 2 with the L2 decay, written out; the model
    # is the mean of the weights over the updates from the 5th on.
    X, y = regression
    eta, alpha, start = 0.01, 0.1, 5
    w, b = np.zeros(X.shape[1]), 0.0
    path = []
    for x_i, y_i in zip(X, y):
        residual = x_i @ w + b - y_i
        w = (1 - eta * alpha) * w - eta * residual * x_i
        b = b - eta * residual
        path.append(np.append(w, b))
    mean = np.mean(path[start - 1:], axis=0)
    reg = SGDRegressor(learning_rate="constant", eta0=eta, alpha=alpha, average=start,
                       shuffle=False, max_iter=1, tol=None).fit(X, y)
    np.testing.assert_allclose(reg.coef_, mean[:-1], rtol=1e-12)
    np.testing.assert_allclose(reg.intercept_, mean[-1:], rtol=1e-12)


@pytest.mark.parametrize("make, labels", [
    (lambda: SGDRegressor(shuffle=False, average=True), "regression"),
    (lambda: SGDClassifier(shuffle=False, average=True), "binary"),
    (lambda: SGDClassifier(shuffle=False, average=True), "multiclass"),
])
def test_partial_fit_with_average_equals_fit_epoch_for_epoch(make, labels, iris):
    X, y = iris
    if labels == "regression":
        X, y, extra = X[:, :3], X[:, 3], {}
    else:
        y = y == 1 if labels == "binary" else y
        extra = {"classes": np.unique(y)}
    fitted = make().set_params(max_iter=3, tol=None).fit(X, y)
    partial = make()
    for _ in range(3):
        partial.partial_fit(X, y, **extra)
    np.testing.assert_allclose(partial.coef_, fitted.coef_, rtol=0, atol=1e-14)
    np.testing.assert_allclose(partial.intercept_, fitted.intercept_, rtol=0, atol=1e-14)
    assert partial.t_ == fitted.t_


@pytest.mark.parametrize("average", [-1, 1.5, "yes"])
def test_bad_average_is_refused(average, regression):
    X, y = regression
    with pytest.raises(ValueError, match=r"'average' parameter of SGDRegressor must be a "
                                         r"bool or an int in the range \[0, inf\)"):
        SGDRegressor(average=average).fit(X, y)


# -- scikit-learn's other classifier options ---------------------------------------------

@pytest.mark.parametrize("params", [
    {"loss": "squared_error", "learning_rate": "constant", "eta0": 0.01},
    # (With "optimal", whose first steps are of size 10 here, Huber's quadratic
    # zone overshoots by a factor of about eta |x|^2 = 300 per step: rounding
    # differences grow chaotically, in both libraries. A small rate.)
    {"loss": "huber", "epsilon": 0.5, "learning_rate": "invscaling", "eta0": 0.05},
    {"loss": "epsilon_insensitive", "epsilon": 0.2},
    {"loss": "squared_epsilon_insensitive", "learning_rate": "invscaling", "eta0": 0.01},
], ids=repr)
@pytest.mark.parametrize("data", ["cancer", "iris"])
def test_classifier_with_regression_losses_matches_sklearn(params, data, request):
    # The scores are fitted to the targets -1 and +1 as numbers.
    X, y = request.getfixturevalue(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = SGDClassifier(shuffle=False, max_iter=30, **params).fit(X, y)
        ref = SkSGDClassifier(shuffle=False, max_iter=30, **params).fit(X, y)
    _assert_same_model(ours, ref)


def test_start_values_and_elasticnet_mixing_are_checked(iris):
    X, y = iris
    with pytest.raises(ValueError, match=r"Provided coef_init does not match dataset.*"
                                         r"has shape \(3,\), but this data needs \(3, 4\)"):
        SGDClassifier().fit(X, y, coef_init=np.zeros(3))
    with pytest.raises(ValueError, match="Provided intercept_init does not match dataset"):
        SGDClassifier().fit(X, y == 1, intercept_init=np.zeros(3))
    SGDClassifier().fit(X, y == 1, intercept_init=0)  # a number is one intercept
    with pytest.raises(ValueError, match="l1_ratio must be set when penalty is 'elasticnet'"):
        SGDRegressor(penalty="elasticnet", l1_ratio=None).fit(X, y)
    SGDRegressor(penalty="l2", l1_ratio=None).fit(X, y)  # unused, so not needed
