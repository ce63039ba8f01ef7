"""LogisticRegression and scikit-learn's data conventions (issue 7).

Column names, sample and class weights, warm starts, huge feature values and
mixed-type labels, each checked against scikit-learn or against the maths.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from skratch.datasets import make_classification
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import LogisticRegression
from skratch.linear_model._logistic import _LogisticLoss

# Newton's method against scikit-learn's lbfgs run to tol=1e-12: measured
# gaps are at most 4e-6 on these data (and 1e-4 for gradient descent run to
# tol=1e-7), inside the 1e-3.
NEWTON_PARITY = 1e-5
PARITY = 1e-3


def _sklearn(**params):
    return SkLogisticRegression(tol=1e-12, max_iter=100_000, **params)


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _data(name):
    if name == "breast_cancer":
        X, y = load_breast_cancer(return_X_y=True)
        return _standardized(X), y
    if name == "iris":
        X, y = load_iris(return_X_y=True)
        return _standardized(X), y
    return make_classification(n_samples=200, n_features=5, n_informative=3,
                               n_redundant=0, n_classes=3, random_state=0)


def _integer_weights(n, seed=0):
    return np.random.default_rng(seed).integers(0, 4, size=n).astype(float)


# -- feature names ----------------------------------------------------------------

def test_feature_names_are_recorded_and_reordered_columns_refused():
    pd = pytest.importorskip("pandas")
    X, y = _data("iris")
    frame = pd.DataFrame(X, columns=["sepal_l", "sepal_w", "petal_l", "petal_w"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fitting on a frame warns of nothing
        clf = LogisticRegression().fit(frame, y)
    np.testing.assert_array_equal(clf.feature_names_in_, frame.columns)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        np.testing.assert_array_equal(clf.predict(frame), clf.predict(X))
    reordered = frame[["sepal_w", "sepal_l", "petal_l", "petal_w"]]
    for method in ("predict", "predict_proba", "predict_log_proba", "decision_function"):
        with pytest.raises(ValueError, match="The feature names should match those that "
                                             "were passed during fit"):
            getattr(clf, method)(reordered)
    with pytest.raises(ValueError, match="Feature names unseen at fit time:\n- petal"):
        clf.score(frame.rename(columns={"petal_w": "petal"}), y)
    # Without names, refitting forgets them.
    assert not hasattr(LogisticRegression().fit(X, y), "feature_names_in_")
    assert not hasattr(clf.fit(X, y), "feature_names_in_")


# -- sample weights -----------------------------------------------------------------

@pytest.mark.parametrize("solver", ["newton", "gd"])
@pytest.mark.parametrize("data", ["generated", "breast_cancer", "iris"])
def test_integer_weights_equal_repeated_samples(solver, data):
    X, y = _data(data)
    weights = _integer_weights(len(y))
    repeats = weights.astype(int)
    # The same objective, so the same iterates: equal up to rounding after
    # any number of them (gradient descent: 300, unconverged).
    params = {"solver": solver, "max_iter": 300, "tol": 0} if solver == "gd" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = LogisticRegression(**params).fit(X, y, sample_weight=weights)
        repeated = LogisticRegression(**params).fit(np.repeat(X, repeats, axis=0),
                                                    np.repeat(y, repeats))
    assert weighted.n_iter_[0] == repeated.n_iter_[0]
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=0, atol=1e-10)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, rtol=0, atol=1e-10)
    assert weighted.loss_ == pytest.approx(repeated.loss_, rel=1e-12)


@pytest.mark.parametrize("data", ["generated", "breast_cancer", "iris"])
@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 3.0, 1: 0.5}])
def test_weighted_fit_matches_sklearn(data, class_weight):
    X, y = _data(data)
    weights = _integer_weights(len(y), seed=1) + 0.5 * np.random.default_rng(2).random(len(y))
    ours = LogisticRegression(class_weight=class_weight).fit(X, y, sample_weight=weights)
    ref = _sklearn(class_weight=class_weight).fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=NEWTON_PARITY)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=NEWTON_PARITY)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=NEWTON_PARITY)
    if data != "breast_cancer":  # 30 correlated features: gradient descent is slow there
        gd = LogisticRegression(class_weight=class_weight, solver="gd", max_iter=30_000,
                                tol=1e-7)
        gd.fit(X, y, sample_weight=weights)
        np.testing.assert_allclose(gd.coef_, ref.coef_, rtol=0, atol=PARITY)


def test_class_weight_alone_matches_sklearn_and_equals_sample_weights():
    X, y = _data("breast_cancer")
    for class_weight in ("balanced", {0: 4.0}):
        ours = LogisticRegression(class_weight=class_weight).fit(X, y)
        ref = _sklearn(class_weight=class_weight).fit(X, y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=NEWTON_PARITY)
    # A class weight is a weight on each of the class's samples.
    by_class = LogisticRegression(class_weight={0: 4.0}).fit(X, y)
    by_sample = LogisticRegression().fit(X, y, sample_weight=np.where(y == 0, 4.0, 1.0))
    np.testing.assert_allclose(by_class.coef_, by_sample.coef_, rtol=0, atol=1e-12)


def test_zero_weight_is_leaving_the_sample_out():
    X, y = _data("generated")
    weights = np.ones(len(y))
    weights[::3] = 0.0
    weighted = LogisticRegression().fit(X, y, sample_weight=weights)
    kept = LogisticRegression().fit(X[weights > 0], y[weights > 0])
    np.testing.assert_allclose(weighted.coef_, kept.coef_, rtol=0, atol=1e-10)


def test_loss_is_sklearns_weighted_objective_scaled_by_total_weight_and_C():
    # scikit-learn: C sum_i v_i l_i + |W|^2 / 2; the steps report it divided by C V.
    X, y = _data("iris")
    weights = _integer_weights(len(y)) + 0.25
    C = 0.3
    clf = LogisticRegression(C=C, class_weight={2: 2.0}).fit(X, y, sample_weight=weights)
    v = weights * np.where(y == 2, 2.0, 1.0)
    log_loss = -clf.predict_log_proba(X)[np.arange(len(y)), y]
    objective = C * np.sum(v * log_loss) + 0.5 * np.sum(clf.coef_ ** 2)
    assert clf.loss_ == pytest.approx(objective / (C * v.sum()), rel=1e-12)


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_weighted_and_rescaled_gradient_and_hessian_match_finite_differences(n_outputs):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3)) * [1.0, 30.0, 1e3]
    A = np.hstack([X, np.ones((40, 1))])
    labels = rng.integers(0, max(n_outputs, 2), size=40)
    Y = (labels == 1).astype(float)[:, None] if n_outputs == 1 else np.eye(n_outputs)[labels]
    v = rng.uniform(0, 3, size=40)
    scale = np.array([1.0, 32.0, 1024.0, 1.0])
    objective = _LogisticLoss(A, Y, 0.2, True, sample_weight=v, scale=scale)
    plain = _LogisticLoss(A, Y, 0.2, True, sample_weight=v)
    Theta = rng.normal(scale=0.5, size=(4, n_outputs)) / scale[:, None]
    # The rescaled object is the same function of the parameters.
    assert objective.value(objective.rescale(Theta)) == pytest.approx(
        plain.value(Theta), rel=1e-12)
    # The weighted objective: sum_i v_i l_i / V + alpha/2 |W|^2.
    Z = A @ Theta
    if n_outputs == 1:
        losses = np.logaddexp(0, Z[:, 0]) - Y[:, 0] * Z[:, 0]
    else:
        losses = -np.sum(Y * (Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))), axis=1)
    expected = np.sum(v * losses) / v.sum() + 0.1 * np.sum(Theta[:3] ** 2)
    assert plain.value(Theta) == pytest.approx(expected, rel=1e-12)

    T = objective.rescale(Theta)
    h = 1e-6
    flat = T.T.ravel()

    def value(theta):
        return objective.value(theta.reshape(T.shape[::-1]).T)

    def gradient(theta):
        U = theta.reshape(T.shape[::-1]).T
        return objective.gradient(U).T.ravel()

    basis = np.eye(flat.size)
    numeric_G = np.array([(value(flat + h * e) - value(flat - h * e)) / (2 * h) for e in basis])
    numeric_H = np.array([(gradient(flat + h * e) - gradient(flat - h * e)) / (2 * h)
                          for e in basis])
    np.testing.assert_allclose(objective.gradient(T).T.ravel(), numeric_G, rtol=1e-6,
                               atol=1e-9)
    np.testing.assert_allclose(objective.hessian(T), numeric_H, rtol=1e-5, atol=1e-8)


def test_extreme_class_weights_converge_to_sklearns_solution():
    # scikit-learn's check_class_weight_classifiers: classes weighted 1000 and
    # 1e-4 leave a nearly singular Hessian, along which Newton used to drift.
    from sklearn.datasets import make_blobs

    X, y = make_blobs(centers=3, random_state=0, cluster_std=20)
    class_weight = {0: 1000, 1: 0.0001, 2: 0.0001}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours = LogisticRegression(class_weight=class_weight).fit(X, y)
    ref = _sklearn(class_weight=class_weight).fit(X, y)
    assert ours.n_iter_[0] < 40
    np.testing.assert_allclose(ours.intercept_.sum(), 0, atol=1e-8)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=NEWTON_PARITY)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=1e-3)


# -- weights that cannot be used -------------------------------------------------------

def test_weights_that_leave_one_class_are_refused_naming_the_class():
    X, y = _data("breast_cancer")
    with pytest.raises(ValueError, match="at least 2 classes with a positive weight, but "
                                         "sample_weight and class_weight leave only class 1 "):
        LogisticRegression().fit(X, y, sample_weight=(y == 1).astype(float))
    with pytest.raises(ValueError, match="at least 2 classes with a positive weight"):
        LogisticRegression(class_weight={0: 0.0}).fit(X, y)


@pytest.mark.parametrize("class_weight, message", [
    ("auto", "'class_weight' parameter of LogisticRegression must be an instance of 'dict', "
             "a str among {'balanced'} or None. Got 'auto' instead."),
    ([1.0, 2.0], "'class_weight' parameter of LogisticRegression must be"),
    ({5: 1.0}, "class_weight has a weight for class 5, which is not in the training labels"),
    ({0: -1.0}, "class_weight for class 0 must be a finite number >= 0"),
])
def test_bad_class_weights_are_refused(class_weight, message):
    X, y = _data("breast_cancer")
    with pytest.raises(ValueError, match=message):
        LogisticRegression(class_weight=class_weight).fit(X, y)


@pytest.mark.parametrize("sample_weight, message", [
    (np.ones(3), "sample_weight has 3 weights but X has 569 samples"),
    (-np.ones(569), "negative"),
    (np.full(569, np.nan), "sample_weight contains NaN"),
])
def test_bad_sample_weights_are_refused(sample_weight, message):
    X, y = _data("breast_cancer")
    with pytest.raises(ValueError, match=message):
        LogisticRegression().fit(X, y, sample_weight=sample_weight)


# -- warm start -------------------------------------------------------------------------

@pytest.mark.parametrize("solver", ["newton", "gd"])
def test_warm_start_starts_from_the_previous_fit(solver):
    X, y = _data("iris")
    params = {"solver": solver, "max_iter": 5000, "tol": 1e-6} if solver == "gd" else {}
    cold = LogisticRegression(**params).fit(X, y)
    warm = LogisticRegression(warm_start=True, **params).fit(X, y)
    first_coef = warm.coef_.copy()
    steps = list(warm.fit_steps(X, y))
    np.testing.assert_array_equal(steps[0].state["coef"], first_coef)
    assert steps[0].message.startswith("start from the previous fit (warm_start)")
    assert warm.n_iter_[0] < cold.n_iter_[0]
    np.testing.assert_allclose(warm.coef_, cold.coef_, rtol=0, atol=PARITY)
    # Without warm_start every fit starts again from zero.
    again = LogisticRegression(**params).fit(X, y)
    assert list(again.fit_steps(X, y))[0].message.startswith("start at w = 0")


def test_warm_start_on_data_of_another_shape_is_refused():
    X, y = _data("iris")
    clf = LogisticRegression(warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match=r"warm_start=True, but the previous fit's coef_ "
                                         r"has shape \(3, 4\) and this data needs \(1, 4\)"):
        clf.fit(X, y == 1)
    with pytest.raises(ValueError, match="'warm_start' parameter of LogisticRegression must "
                                         "be a bool. Got 'yes' instead."):
        LogisticRegression(warm_start="yes").fit(X, y)


# -- huge values ----------------------------------------------------------------------

@pytest.mark.parametrize("n_classes", [2, 3])
def test_features_near_1e300_give_the_scaled_solution_without_lapack_noise(n_classes, capfd):
    X, y = make_classification(n_samples=200, n_features=4, n_informative=3, n_redundant=0,
                               n_classes=n_classes, flip_y=0.2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, no convergence warning
        big = LogisticRegression().fit(X * 1e300, y)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert np.all(np.isfinite(big.coef_)) and np.all(np.isfinite(big.intercept_))
    # At this scale the penalty, of order 1e-600, vanishes: the model is the
    # unpenalised one of the unscaled data (Newton's iterates are the same).
    ref = LogisticRegression(penalty=None).fit(X, y)
    np.testing.assert_allclose(big.coef_ * 1e300, ref.coef_, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(big.intercept_, ref.intercept_, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(big.predict(X * 1e300), ref.predict(X))


def test_rescaling_keeps_the_objective():
    # C on data scaled by s equals C * s^2 on the data: the same problem.
    X, y = make_classification(n_samples=200, n_features=4, random_state=1)
    scaled = LogisticRegression(C=0.5).fit(X * 1e3, y)
    plain = LogisticRegression(C=0.5e6).fit(X, y)
    np.testing.assert_allclose(scaled.coef_ * 1e3, plain.coef_, rtol=1e-7)


def test_gradient_descent_on_huge_features_warns_clearly_and_stays_finite(capfd):
    X, y = make_classification(n_samples=100, n_features=4, random_state=0)
    with pytest.warns(ConvergenceWarning, match="features are too large for gradient "
                                                "descent.*standardise them"):
        clf = LogisticRegression(solver="gd").fit(X * 1e300, y)
    assert capfd.readouterr().err == ""
    assert np.all(np.isfinite(clf.coef_)) and np.all(np.isfinite(clf.predict_proba(X)))


# -- labels -----------------------------------------------------------------------------

def test_mixed_type_labels_get_a_clear_error():
    X = np.random.default_rng(0).normal(size=(4, 2))
    with pytest.raises(ValueError, match=r"Mix of label input types \(number and string\)"):
        LogisticRegression().fit(X, np.array(["a", 1, "a", 1], dtype=object))
    with pytest.raises(ValueError, match="Mix of label input types"):
        LogisticRegression().fit(X[:2], np.array(["a", 1], dtype=object))


@pytest.mark.parametrize("name", ["LogisticRegression", "Perceptron", "SGDClassifier"])
def test_n_jobs_and_verbose_are_accepted_and_change_nothing(name, capsys):
    import skratch.linear_model

    def make(**params):
        return getattr(skratch.linear_model, name)(random_state=0, **params)

    rng = np.random.default_rng(3)
    X = rng.normal(size=(80, 3))
    y = (X[:, 0] - X[:, 2] > 0).astype(int)
    plain = make().fit(X, y)
    other = make(n_jobs=2, verbose=1).fit(X, y)
    np.testing.assert_array_equal(plain.coef_, other.coef_)
    assert other.get_params()["n_jobs"] == 2
    assert capsys.readouterr().out == ""
