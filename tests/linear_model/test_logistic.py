import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.model_selection import train_test_split

from skratch.datasets import make_blobs, make_classification
from skratch.exceptions import ConvergenceWarning, NotFittedError
from skratch.linear_model import LogisticRegression
from skratch.linear_model._logistic import _LogisticLoss

PARITY = 1e-3  # the tolerance on coefficients against scikit-learn's lbfgs


def _sklearn(C=1.0, **params):
    return SkLogisticRegression(C=C, tol=1e-12, max_iter=100_000, **params)


def _standardized(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def _split(X, y, seed=0):
    return train_test_split(X, y, test_size=0.3, random_state=seed, stratify=y)


def _assert_parity(ours, ref, X_test, tol=PARITY):
    assert ours.coef_.shape == ref.coef_.shape
    assert ours.intercept_.shape == ref.intercept_.shape
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=tol)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=tol)
    np.testing.assert_array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test),
                               rtol=0, atol=tol)


def _generated(n_classes, seed):
    X, y = make_classification(n_samples=300, n_features=6, n_informative=4,
                               n_classes=n_classes, n_clusters_per_class=1,
                               random_state=seed)
    return _split(X, y)


# -- parity with scikit-learn ---------------------------------------------------

@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_newton_matches_sklearn_on_generated_data(n_classes, C, seed):
    X_train, X_test, y_train, _ = _generated(n_classes, seed)
    ours = LogisticRegression(C=C).fit(X_train, y_train)
    ref = _sklearn(C).fit(X_train, y_train)
    # Newton's quadratic convergence lands far inside the tolerance.
    _assert_parity(ours, ref, X_test, tol=1e-5)


@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_newton_matches_sklearn_on_breast_cancer(C):
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    X_train, X_test = _standardized(X_train, X_test)
    ours = LogisticRegression(C=C).fit(X_train, y_train)
    ref = _sklearn(C).fit(X_train, y_train)
    assert ours.coef_.shape == (1, 30)
    _assert_parity(ours, ref, X_test)


@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_newton_matches_sklearn_on_iris(C):
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    ours = LogisticRegression(C=C).fit(X_train, y_train)
    ref = _sklearn(C).fit(X_train, y_train)
    assert ours.coef_.shape == (3, 4)
    _assert_parity(ours, ref, X_test)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_gradient_descent_matches_sklearn(n_classes):
    X_train, X_test, y_train, _ = _generated(n_classes, seed=2)
    ours = LogisticRegression(solver="gd", learning_rate=0.5, max_iter=5000, tol=1e-6)
    ours.fit(X_train, y_train)
    assert ours.n_iter_[0] < 5000
    _assert_parity(ours, _sklearn().fit(X_train, y_train), X_test)


def test_gradient_descent_matches_sklearn_on_standardized_breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, _ = _split(X, y)
    X_train, X_test = _standardized(X_train, X_test)
    ours = LogisticRegression(solver="gd", C=0.1, max_iter=5000, tol=1e-6).fit(X_train, y_train)
    _assert_parity(ours, _sklearn(0.1).fit(X_train, y_train), X_test)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_no_intercept_matches_sklearn(n_classes):
    X_train, X_test, y_train, _ = _generated(n_classes, seed=3)
    ours = LogisticRegression(fit_intercept=False).fit(X_train, y_train)
    ref = _sklearn(fit_intercept=False).fit(X_train, y_train)
    np.testing.assert_array_equal(ours.intercept_, np.zeros(ref.intercept_.shape))
    _assert_parity(ours, ref, X_test, tol=1e-5)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_no_penalty_matches_sklearn_and_C_inf_is_the_same(n_classes):
    # Overlapping classes, so the unpenalised minimum is finite.
    X, y = make_blobs(n_samples=300, centers=n_classes, cluster_std=3.0, random_state=4)
    X_train, X_test, y_train, _ = _split(X, y)
    ours = LogisticRegression(penalty=None).fit(X_train, y_train)
    ref = _sklearn(C=np.inf).fit(X_train, y_train)
    _assert_parity(ours, ref, X_test, tol=1e-4)
    by_C = LogisticRegression(C=np.inf).fit(X_train, y_train)
    np.testing.assert_array_equal(by_C.coef_, ours.coef_)
    if n_classes > 2:
        # The softmax is unchanged by a common shift; the solution without a
        # penalty is taken symmetric, like scikit-learn's.
        np.testing.assert_allclose(ours.coef_.sum(axis=0), 0, atol=1e-10)


def test_multinomial_intercepts_and_weights_sum_to_zero_over_classes():
    X, y = load_iris(return_X_y=True)
    for solver in ("newton", "gd"):
        clf = LogisticRegression(solver=solver, learning_rate=0.05, max_iter=300)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)
        np.testing.assert_allclose(clf.intercept_.sum(), 0, atol=1e-10)
        np.testing.assert_allclose(clf.coef_.sum(axis=0), 0, atol=1e-10)


# -- the maths: gradient and Hessian against finite differences -----------------

def _objective(n_outputs, alpha, fit_intercept, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3))
    A = np.hstack([X, np.ones((40, 1))]) if fit_intercept else X
    labels = rng.integers(0, max(n_outputs, 2), size=40)
    Y = (labels == 1).astype(float)[:, None] if n_outputs == 1 else np.eye(n_outputs)[labels]
    Theta = rng.normal(scale=0.7, size=(A.shape[1], n_outputs))
    return _LogisticLoss(A, Y, alpha, fit_intercept), Theta


@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize("alpha", [0.0, 0.3])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gradient_and_hessian_match_finite_differences(n_outputs, alpha, fit_intercept):
    objective, Theta = _objective(n_outputs, alpha, fit_intercept)
    h = 1e-6
    G = objective.gradient(Theta)
    H = objective.hessian(Theta)
    flat = Theta.T.ravel()  # class by class, the Hessian's layout

    def value(theta):
        return objective.value(theta.reshape(Theta.shape[::-1]).T)

    def gradient(theta):
        T = theta.reshape(Theta.shape[::-1]).T
        return objective.gradient(T).T.ravel()

    basis = np.eye(flat.size)
    numeric_G = np.array([(value(flat + h * e) - value(flat - h * e)) / (2 * h) for e in basis])
    numeric_H = np.array([(gradient(flat + h * e) - gradient(flat - h * e)) / (2 * h)
                          for e in basis])
    np.testing.assert_allclose(G.T.ravel(), numeric_G, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(H, numeric_H, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(H, H.T)


def test_objective_is_sklearns_objective_scaled_by_n_C():
    X_train, _, y_train, _ = _generated(3, seed=5)
    C = 0.7
    clf = LogisticRegression(C=C).fit(X_train, y_train)
    log_proba = clf.predict_log_proba(X_train)
    index = np.searchsorted(clf.classes_, y_train)
    sklearn_objective = (C * -log_proba[np.arange(len(y_train)), index].sum()
                         + 0.5 * np.sum(clf.coef_ ** 2))
    assert clf.loss_ == pytest.approx(sklearn_objective / (len(y_train) * C), rel=1e-12)


def test_log_loss_is_stable_for_huge_scores():
    objective, _ = _objective(1, 0.0, True)
    Theta = np.full((4, 1), 1e4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = objective.value(Theta)
        _, P = objective.log_loss_and_probabilities(Theta)
        softmax_objective, _ = _objective(3, 0.0, True)
        Theta3 = np.full((4, 3), 1e4) * [1, -1, 2]
        loss3 = softmax_objective.value(Theta3)
        _, P3 = softmax_objective.log_loss_and_probabilities(Theta3)
    assert np.isfinite(loss) and np.isfinite(loss3)
    assert np.all((P >= 0) & (P <= 1)) and np.allclose(P3.sum(axis=1), 1)


# -- prediction -----------------------------------------------------------------

def test_string_labels_binary_layout_and_probabilities():
    X, y = make_blobs(n_samples=120, centers=2, random_state=6)
    labels = np.array(["spam", "ham"])[y]
    clf = LogisticRegression().fit(X, labels)
    np.testing.assert_array_equal(clf.classes_, ["ham", "spam"])
    assert clf.coef_.shape == (1, 2) and clf.intercept_.shape == (1,)
    scores = clf.decision_function(X)
    assert scores.shape == (120,)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    # The score is the log-odds of classes_[1].
    np.testing.assert_allclose(np.log(proba[:, 1] / proba[:, 0]), scores, atol=1e-8)
    np.testing.assert_array_equal(clf.predict(X), np.where(scores > 0, "spam", "ham"))
    ref = _sklearn().fit(X, labels)
    np.testing.assert_array_equal(clf.predict(X), ref.predict(X))
    np.testing.assert_allclose(clf.decision_function(X), ref.decision_function(X), atol=1e-5)


def test_multiclass_shapes_and_argmax():
    X, y = make_blobs(n_samples=150, centers=4, random_state=7)
    clf = LogisticRegression().fit(X, y + 10)
    scores = clf.decision_function(X)
    assert scores.shape == (150, 4) and clf.coef_.shape == (4, 2)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[np.argmax(scores, axis=1)])
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(np.argmax(proba, axis=1), np.argmax(scores, axis=1))
    assert clf.score(X, y + 10) > 0.9


@pytest.mark.parametrize("n_classes", [2, 3])
def test_log_proba_is_finite_where_proba_underflows(n_classes):
    X, y = make_blobs(n_samples=90, centers=n_classes, random_state=8)
    clf = LogisticRegression().fit(X, y)
    far = 1e6 * X[:5]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log_proba = clf.predict_log_proba(far)
    assert np.all(np.isfinite(log_proba)) and np.all(log_proba <= 0)
    np.testing.assert_allclose(np.exp(log_proba), clf.predict_proba(far), atol=1e-12)


def test_predict_before_fit_and_wrong_number_of_features():
    clf = LogisticRegression()
    with pytest.raises(NotFittedError):
        clf.predict(np.zeros((2, 2)))
    X, y = make_blobs(n_samples=40, centers=2, random_state=9)
    clf.fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but LogisticRegression is "
                                         "expecting 2 features as input"):
        clf.predict_proba(np.zeros((2, 3)))


# -- steps ----------------------------------------------------------------------

def test_newton_steps_decrease_the_loss_and_converge_in_a_few():
    X_train, _, y_train, _ = _generated(3, seed=10)
    clf = LogisticRegression()
    steps = list(clf.fit_steps(X_train, y_train))
    assert [s.kind for s in steps] == ["init"] + ["newton"] * (len(steps) - 1)
    assert len(steps) - 1 == clf.n_iter_[0] <= 10
    losses = np.array([s.loss for s in steps])
    assert np.all(np.diff(losses) <= 0)
    assert steps[0].loss == pytest.approx(np.log(3))
    assert steps[0].message == "start at w = 0, b = 0: every class has probability 1/3, loss 1.099"
    assert steps[1].message.startswith("Newton step 1: ‖W‖ = ")
    last = steps[-1]
    np.testing.assert_array_equal(last.state["coef"], clf.coef_)
    np.testing.assert_array_equal(last.state["intercept"], clf.intercept_)
    assert last.loss == clf.loss_
    assert set(last.state) == {"coef", "intercept", "gradient", "intercept_gradient",
                               "log_loss", "step_size"}


def test_each_step_is_the_model_of_that_moment():
    X, y = make_blobs(n_samples=80, centers=2, cluster_std=2.5, random_state=11)
    clf = LogisticRegression(solver="gd", max_iter=30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for step in clf.fit_steps(X, y):
            expected = X @ step.state["coef"][0] + step.state["intercept"][0]
            np.testing.assert_allclose(clf.decision_function(X), expected)
            mean_log_loss = -np.mean(clf.predict_log_proba(X)[np.arange(80), y])
            assert float(step.state["log_loss"]) == pytest.approx(mean_log_loss, rel=1e-10)


def test_gradient_descent_takes_optimizer_steps_down_the_gradient():
    X, y = make_blobs(n_samples=60, centers=2, cluster_std=2.0, random_state=12)
    clf = LogisticRegression(solver="gd", learning_rate=0.3, C=2.0, max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        steps = list(clf.fit_steps(X, y))
    assert [s.kind for s in steps] == ["init", "gradient", "gradient", "gradient"]
    for before, after in zip(steps, steps[1:]):
        np.testing.assert_allclose(after.state["coef"],
                                   before.state["coef"] - 0.3 * after.state["gradient"])
        np.testing.assert_allclose(after.state["intercept"], before.state["intercept"]
                                   - 0.3 * after.state["intercept_gradient"])
    # The first gradient, from w = 0 where every p is 1/2: X^T (1/2 - y) / n.
    np.testing.assert_allclose(steps[1].state["gradient"][0], X.T @ (0.5 - y) / 60)
    assert steps[1].message.startswith("iteration 1: w = [")


def test_convergence_warnings():
    X, y = make_blobs(n_samples=60, centers=2, cluster_std=2.0, random_state=13)
    with pytest.warns(ConvergenceWarning, match=r"max_iter=5 was reached; the largest "
                                                "gradient entry"):
        clf = LogisticRegression(solver="gd", learning_rate=0.01, max_iter=5).fit(X, y)
    assert clf.n_iter_[0] == 5
    # Separable classes without a penalty: the weights grow for ever.
    X, y = make_blobs(n_samples=60, centers=[[-5, 0], [5, 0]], random_state=0)
    with pytest.warns(ConvergenceWarning, match="no finite solution"):
        LogisticRegression(penalty=None, max_iter=10).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LogisticRegression().fit(X, y)


def test_gradient_descent_divergence_names_a_safe_learning_rate():
    X, y = make_blobs(n_samples=60, centers=2, cluster_std=2.0, random_state=14)
    X = 50 * X
    with pytest.warns(ConvergenceWarning, match="diverged with learning_rate=100") as record:
        LogisticRegression(solver="gd", learning_rate=100, max_iter=50).fit(X, y)
    safe = float(str(record[0].message).split("steps below ")[1].split(" ")[0].rstrip(";"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = LogisticRegression(solver="gd", learning_rate=safe, max_iter=50)
        with pytest.warns(ConvergenceWarning, match="max_iter=50 was reached"):
            steps = list(clf.fit_steps(X, y))
    assert steps[-1].loss < steps[0].loss


# -- parameters -----------------------------------------------------------------

@pytest.mark.parametrize("params, message", [
    ({"solver": "lbfgs"}, "The 'solver' parameter of LogisticRegression must be a str among "
                          "{'newton', 'gd'}. Got 'lbfgs' instead. scikit-learn's other "
                          "solvers are not implemented here"),
    ({"penalty": "l1"}, "'penalty' parameter of LogisticRegression must be a str among "
                        "{'l2'} or None. Got 'l1' instead. An L1 penalty is not implemented"),
    ({"C": 0}, r"'C' parameter of LogisticRegression must be a float in the range "
               r"\(0.0, inf\]. Got 0 instead."),
    ({"C": -1.0}, r"'C' parameter.*Got -1.0 instead."),
    ({"max_iter": 0}, r"'max_iter' parameter.*an int in the range \[1, inf\)"),
    ({"tol": -1}, r"'tol' parameter.*a float in the range \[0.0, inf\)"),
    ({"solver": "gd", "learning_rate": 0}, r"'learning_rate' parameter.*\(0.0, inf\)"),
])
def test_bad_parameters_are_refused_at_fit(params, message):
    clf = LogisticRegression(**params)  # stored untouched
    X, y = make_blobs(n_samples=20, centers=2, random_state=15)
    with pytest.raises(ValueError, match=message):
        clf.fit(X, y)


def test_one_class_and_continuous_targets_are_refused():
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match="at least 2 classes.*only one class: 'a'"):
        LogisticRegression().fit(X, ["a"] * 10)
    with pytest.raises(ValueError, match="Unknown label type"):
        LogisticRegression().fit(X, X[:, 0])


def test_sklearn_parameter_names_and_defaults():
    ours = LogisticRegression().get_params()
    theirs = SkLogisticRegression().get_params()
    for name in ("C", "fit_intercept", "max_iter", "tol", "random_state"):
        assert ours[name] == theirs[name], name
    assert ours["penalty"] == "l2"
    # random_state is accepted and changes nothing: both solvers are deterministic.
    X, y = make_blobs(n_samples=50, centers=3, random_state=16)
    a = LogisticRegression(random_state=0).fit(X, y)
    b = LogisticRegression(random_state=1).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
