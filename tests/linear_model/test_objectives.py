"""The objectives that gradient descent (and Newton's method) minimise.

Every objective, with and without sample weights and an intercept: its
gradient against central finite differences of its value, its Hessian
against finite differences of its gradient, ``value_and_gradient`` against
the two, and its definition against scikit-learn's (the 1/n weighted
scaling, the unpenalised intercept, scikit-learn's alpha and C): scikit-learn's
fitted minimiser is where its gradient vanishes.
"""

import numpy as np
import pytest
from sklearn import linear_model as sk

from skratch.linear_model._base import _LeastSquaresLoss
from skratch.linear_model._logistic import _LogisticLoss

_WEIGHTS = pytest.mark.parametrize("weighted", [False, True], ids=["unit", "weighted"])
_INTERCEPT = pytest.mark.parametrize("fit_intercept", [True, False],
                                     ids=["intercept", "no-intercept"])


def _numeric_gradient(f, Theta, h=1e-6):
    G = np.empty_like(Theta)
    for idx in np.ndindex(Theta.shape):
        E = np.zeros_like(Theta)
        E[idx] = h
        G[idx] = (f(Theta + E) - f(Theta - E)) / (2 * h)
    return G


def _numeric_hessian(gradient, Theta, h=1e-6):
    """Columns in the layout of ``Theta.T.ravel()`` (output by output), as the objectives'."""
    flat = Theta.T.ravel()
    columns = []
    for j in range(flat.size):
        e = np.zeros_like(flat)
        e[j] = h

        def at(x):
            return gradient(x.reshape(Theta.shape[::-1]).T).T.ravel()
        columns.append((at(flat + e) - at(flat - e)) / (2 * h))
    return np.column_stack(columns)


def _regression(seed, n=40, d=3, k=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * [1.0, 2.0, 0.5][:d] + 0.3
    Y = X @ rng.normal(size=(d, k)) + 0.5 + 0.3 * rng.normal(size=(n, k))
    return X, Y


def _classification(seed, n_classes, n=60, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    labels = rng.integers(0, n_classes, size=n)
    X[:, 0] += labels  # so that the classes overlap but differ
    return X, labels


def _logistic_objective(X, labels, alpha, fit_intercept, v=None):
    n_classes = labels.max() + 1
    Y = (labels == 1).astype(float)[:, None] if n_classes == 2 else np.eye(n_classes)[labels]
    A = np.hstack([X, np.ones((len(X), 1))]) if fit_intercept else X
    return _LogisticLoss(A, Y, alpha, fit_intercept, sample_weight=v), A


# -- least squares: LinearRegression (alpha = 0) and Ridge ----------------------

@_WEIGHTS
@_INTERCEPT
@pytest.mark.parametrize("k, alpha", [(1, 0.0), (1, np.array([3.0])),
                                      (2, np.array([0.5, 7.0]))],
                         ids=["mse", "ridge", "ridge-2-targets"])
def test_least_squares_derivatives(weighted, fit_intercept, k, alpha):
    X, Y = _regression(0, k=k)
    rng = np.random.default_rng(1)
    s = rng.uniform(0.1, 3.0, size=len(X)) if weighted else np.ones(len(X))
    objective = _LeastSquaresLoss(X, Y, s, fit_intercept, alpha)
    Theta = rng.normal(size=(X.shape[1] + fit_intercept, k))

    G = objective.gradient(Theta)
    np.testing.assert_allclose(G, _numeric_gradient(objective.value, Theta),
                               rtol=1e-7, atol=1e-9)
    value, both_G = objective.value_and_gradient(Theta)
    assert value == objective.value(Theta)
    np.testing.assert_array_equal(both_G, G)
    H = objective.hessian(Theta)
    np.testing.assert_allclose(H, _numeric_hessian(objective.gradient, Theta),
                               rtol=1e-6, atol=1e-8)
    assert objective.curvature() == pytest.approx(np.linalg.eigvalsh(H)[-1], rel=1e-12)


@_WEIGHTS
@_INTERCEPT
@pytest.mark.parametrize("k, alpha", [(1, 0.0), (2, np.array([0.5, 7.0]))])
def test_least_squares_value_is_sklearns_objective_over_k_times_the_weight(
        weighted, fit_intercept, k, alpha):
    X, Y = _regression(2, k=k)
    rng = np.random.default_rng(3)
    s = rng.uniform(0.1, 3.0, size=len(X)) if weighted else np.ones(len(X))
    W = rng.normal(size=(X.shape[1], k))
    b = rng.normal(size=k) if fit_intercept else np.zeros(k)
    Theta = np.vstack([W, b]) if fit_intercept else W
    # scikit-learn's Ridge objective, summed over the targets, written out.
    J = sum(np.sum(s * (Y[:, t] - X @ W[:, t] - b[t]) ** 2)
            + np.broadcast_to(alpha, (k,))[t] * W[:, t] @ W[:, t] for t in range(k))
    objective = _LeastSquaresLoss(X, Y, s, fit_intercept, alpha)
    assert objective.value(Theta) == pytest.approx(J / (k * s.sum()), rel=1e-13)


@_WEIGHTS
@_INTERCEPT
@pytest.mark.parametrize("alpha", [0.0, 4.0])
def test_least_squares_gradient_vanishes_at_sklearns_solution(weighted, fit_intercept, alpha):
    X, Y = _regression(4)
    y = Y[:, 0]
    s = np.random.default_rng(5).uniform(0.1, 3.0, size=len(X)) if weighted else None
    if alpha == 0:
        ref = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=s)
    else:
        ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="cholesky").fit(
            X, y, sample_weight=s)
    Theta = ref.coef_.reshape(-1, 1)
    if fit_intercept:
        Theta = np.vstack([Theta, [[ref.intercept_]]])
    weights = np.ones(len(X)) if s is None else s
    objective = _LeastSquaresLoss(X, Y, weights, fit_intercept,
                                  np.array([alpha]) if alpha else 0.0)
    assert np.max(np.abs(objective.gradient(Theta))) < 1e-12
    # ... and nowhere else: a small move raises the gradient well above that.
    assert np.max(np.abs(objective.gradient(Theta + 1e-6))) > 1e-8


def test_least_squares_float32_stays_float32():
    X, Y = _regression(6)
    X, Y = X.astype(np.float32), Y.astype(np.float32)
    objective = _LeastSquaresLoss(X, Y, np.ones(len(X), dtype=np.float32), True,
                                  np.array([2.0], dtype=np.float32))
    Theta = np.ones((4, 1), dtype=np.float32)
    assert objective.gradient(Theta).dtype == np.float32
    assert objective.hessian(Theta).dtype == np.float64  # for the stable learning rate


# -- logistic: sigmoid and softmax ----------------------------------------------

@_WEIGHTS
@_INTERCEPT
@pytest.mark.parametrize("n_classes", [2, 3], ids=["sigmoid", "softmax"])
@pytest.mark.parametrize("alpha", [0.0, 0.2])
def test_logistic_derivatives(weighted, fit_intercept, n_classes, alpha):
    X, labels = _classification(0, n_classes)
    rng = np.random.default_rng(1)
    v = rng.uniform(0.1, 3.0, size=len(X)) if weighted else None
    objective, A = _logistic_objective(X, labels, alpha, fit_intercept, v)
    Theta = rng.normal(scale=0.7, size=(A.shape[1], 1 if n_classes == 2 else n_classes))

    G = objective.gradient(Theta)
    np.testing.assert_allclose(G, _numeric_gradient(objective.value, Theta),
                               rtol=1e-6, atol=1e-9)
    value, both_G = objective.value_and_gradient(Theta)
    assert value == objective.value(Theta)
    np.testing.assert_array_equal(both_G, G)
    H = objective.hessian(Theta)
    np.testing.assert_allclose(H, _numeric_hessian(objective.gradient, Theta),
                               rtol=1e-5, atol=1e-8)
    # The bound that gradient descent's advice uses is a bound.
    assert np.linalg.eigvalsh(H)[-1] <= objective.curvature_bound() * (1 + 1e-12)


@_WEIGHTS
@pytest.mark.parametrize("n_classes", [2, 3], ids=["sigmoid", "softmax"])
def test_logistic_value_is_sklearns_objective_over_V_C(weighted, n_classes):
    X, labels = _classification(2, n_classes)
    rng = np.random.default_rng(3)
    v = rng.uniform(0.1, 3.0, size=len(X)) if weighted else np.ones(len(X))
    C = 0.7
    objective, A = _logistic_objective(X, labels, 1.0 / (v.sum() * C), True, v)
    m = 1 if n_classes == 2 else n_classes
    Theta = rng.normal(scale=0.7, size=(A.shape[1], m))
    Z = A @ Theta
    if m == 1:
        p1 = 1 / (1 + np.exp(-Z[:, 0]))
        log_p = np.log(np.where(labels == 1, p1, 1 - p1))
    else:
        log_p = (Z - np.log(np.exp(Z).sum(axis=1, keepdims=True)))[np.arange(len(X)), labels]
    W = Theta[:-1]
    sklearn_objective = C * np.sum(v * -log_p) + 0.5 * np.sum(W * W)
    assert objective.value(Theta) == pytest.approx(sklearn_objective / (v.sum() * C),
                                                   rel=1e-12)
    log_loss, P = objective.log_loss_and_probabilities(Theta)
    assert log_loss == pytest.approx(np.sum(v * -log_p) / v.sum(), rel=1e-12)
    assert objective.value(Theta) == pytest.approx(log_loss + objective.penalty(Theta),
                                                   rel=1e-15)


@_WEIGHTS
@pytest.mark.parametrize("n_classes", [2, 3], ids=["sigmoid", "softmax"])
def test_logistic_gradient_vanishes_at_sklearns_solution(weighted, n_classes):
    X, labels = _classification(4, n_classes)
    v = np.random.default_rng(5).uniform(0.1, 3.0, size=len(X)) if weighted else None
    C = 0.5
    ref = sk.LogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(X, labels,
                                                                     sample_weight=v)
    V = len(X) if v is None else v.sum()
    objective, _ = _logistic_objective(X, labels, 1.0 / (V * C), True, v)
    Theta = np.vstack([ref.coef_.T, ref.intercept_])
    if n_classes > 2:
        # scikit-learn's softmax parameters are the symmetric ones, as ours.
        np.testing.assert_allclose(Theta.sum(axis=1), 0, atol=1e-8)
    assert np.max(np.abs(objective.gradient(Theta))) < 1e-8
    assert np.max(np.abs(objective.gradient(Theta + 1e-4))) > 1e-6


def test_logistic_extreme_scores_stay_finite_and_exact():
    X, labels = _classification(6, 2)
    objective, A = _logistic_objective(X, labels, 0.0, True)
    Theta = np.full((A.shape[1], 1), 400.0)  # scores in the thousands: e^z overflows
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow is fine
        log_loss, P = objective.log_loss_and_probabilities(Theta)
    Z = A @ Theta
    expected = np.mean(np.logaddexp(0, Z[:, 0]) - (labels == 1) * Z[:, 0])
    assert log_loss == pytest.approx(expected, rel=1e-14)
    assert np.all((P >= 0) & (P <= 1))
