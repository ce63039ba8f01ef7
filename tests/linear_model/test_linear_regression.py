import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression as SkLinearRegression

from skratch.exceptions import ConvergenceWarning, NotFittedError
from skratch.linear_model import LinearRegression
from skratch.linear_model._base import _LeastSquaresLoss


def _mse_loss(X, Y, W, b, sample_weight=None):
    """LinearRegression's objective at (W, b), through the model's own objective object."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    return _LeastSquaresLoss(X, Y, s, True).value(np.vstack([W, b]))


def _mse_gradient(X, Y, W, b, sample_weight=None):
    """Its gradient, as (with respect to W, with respect to b)."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    G = _LeastSquaresLoss(X, Y, s, True).gradient(np.vstack([W, b]))
    return G[:-1], G[-1]


def _regression_data(seed, n=200, d=5, n_targets=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, size=d) + rng.normal(size=d)
    shape = (d,) if n_targets is None else (d, n_targets)
    y = X @ rng.normal(size=shape) + 1.7 + 0.5 * rng.normal(size=(n,) + shape[1:])
    return X, y


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _assert_rel_close(actual, desired, rtol):
    actual, desired = np.asarray(actual), np.asarray(desired)
    scale = np.max(np.abs(desired))
    assert np.max(np.abs(actual - desired)) <= rtol * scale, (actual, desired)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_normal_matches_sklearn_on_generated_data(seed, fit_intercept):
    X, y = _regression_data(seed)
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    ref = SkLinearRegression(fit_intercept=fit_intercept).fit(X, y)
    _assert_rel_close(ours.coef_, ref.coef_, 1e-8)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-8, abs=1e-12)
    assert ours.rank_ == ref.rank_
    np.testing.assert_allclose(ours.singular_, ref.singular_, rtol=1e-8)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-8)


def test_normal_matches_sklearn_on_diabetes():
    X, y = load_diabetes(return_X_y=True)
    ours = LinearRegression().fit(X, y)
    ref = SkLinearRegression().fit(X, y)
    _assert_rel_close(ours.coef_, ref.coef_, 1e-8)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-8)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-10)


def test_normal_matches_sklearn_with_several_targets_and_rank_deficiency():
    X, Y = _regression_data(7, n_targets=3)
    ours, ref = LinearRegression().fit(X, Y), SkLinearRegression().fit(X, Y)
    assert ours.coef_.shape == (3, 5) and ours.intercept_.shape == (3,)
    _assert_rel_close(ours.coef_, ref.coef_, 1e-8)
    _assert_rel_close(ours.intercept_, ref.intercept_, 1e-8)
    # A duplicated column: both take the minimum-norm solution.
    X_dup = np.hstack([X, X[:, :1]])
    ours, ref = LinearRegression().fit(X_dup, Y[:, 0]), SkLinearRegression().fit(X_dup, Y[:, 0])
    assert ours.rank_ == ref.rank_ == 5
    _assert_rel_close(ours.coef_, ref.coef_, 1e-8)


@pytest.mark.parametrize("seed", range(3))
def test_gd_matches_sklearn_on_standardized_generated_data(seed):
    X, y = _regression_data(seed)
    X = _standardized(X)
    ours = LinearRegression(solver="gd", learning_rate=0.2, max_iter=20000, tol=1e-10).fit(X, y)
    ref = SkLinearRegression().fit(X, y)
    _assert_rel_close(ours.coef_, ref.coef_, 1e-4)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-4)


def test_gd_matches_sklearn_on_standardized_diabetes():
    X, y = load_diabetes(return_X_y=True)
    X = _standardized(X)
    ours = LinearRegression(solver="gd", learning_rate=0.05, max_iter=200_000, tol=1e-9)
    ours.fit(X, y)
    ref = SkLinearRegression().fit(X, y)
    _assert_rel_close(ours.coef_, ref.coef_, 1e-4)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-4)


def test_gd_with_several_targets_matches_the_closed_form():
    X, Y = _regression_data(3, n_targets=2)
    X = _standardized(X)
    gd = LinearRegression(solver="gd", learning_rate=0.2, max_iter=20000, tol=1e-10).fit(X, Y)
    closed = LinearRegression().fit(X, Y)
    _assert_rel_close(gd.coef_, closed.coef_, 1e-4)
    _assert_rel_close(gd.intercept_, closed.intercept_, 1e-4)


@pytest.mark.parametrize("n_targets", [None, 2])
def test_gradient_matches_finite_differences(n_targets):
    X, y = _regression_data(11, n=40, d=4, n_targets=n_targets)
    Y = y.reshape(-1, 1) if y.ndim == 1 else y
    rng = np.random.default_rng(0)
    W = rng.normal(size=(4, Y.shape[1]))
    b = rng.normal(size=Y.shape[1])
    grad_W, grad_b = _mse_gradient(X, Y, W, b)
    eps = 1e-6
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[idx] = eps
        numeric = (_mse_loss(X, Y, W + E, b) - _mse_loss(X, Y, W - E, b)) / (2 * eps)
        assert grad_W[idx] == pytest.approx(numeric, rel=1e-6, abs=1e-8)
    for j in range(len(b)):
        e = np.zeros_like(b)
        e[j] = eps
        numeric = (_mse_loss(X, Y, W, b + e) - _mse_loss(X, Y, W, b - e)) / (2 * eps)
        assert grad_b[j] == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_gd_steps_record_the_descent():
    X, y = _regression_data(2, n=50, d=2)
    X = _standardized(X)
    lr = 0.1
    reg = LinearRegression(solver="gd", learning_rate=lr, max_iter=50)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        steps = list(reg.fit_steps(X, y))
    assert steps[0].kind == "init" and steps[0].index == 0
    assert [s.kind for s in steps[1:]] == ["gradient"] * 50
    assert len(steps) == reg.n_iter_ + 1 == 51
    losses = np.array([s.loss for s in steps])
    assert np.all(np.diff(losses) < 0), "a stable learning rate lowers the loss every step"
    for before, after in zip(steps[:-1], steps[1:]):
        # The recorded gradient is the one that moved the parameters, and it
        # is the true gradient at the previous point.
        np.testing.assert_allclose(after.state["coef"],
                                   before.state["coef"] - lr * after.state["gradient"])
        np.testing.assert_allclose(
            after.state["intercept"],
            before.state["intercept"] - lr * after.state["intercept_gradient"])
        W = before.state["coef"].reshape(-1, 1)
        b = before.state["intercept"].reshape(1)
        grad_W, grad_b = _mse_gradient(X, y.reshape(-1, 1), W, b)
        np.testing.assert_allclose(after.state["gradient"], grad_W[:, 0], rtol=1e-10)
        assert after.loss == pytest.approx(
            _mse_loss(X, y.reshape(-1, 1), after.state["coef"].reshape(-1, 1),
                      after.state["intercept"].reshape(1)), rel=1e-12)
    assert steps[-1].loss == reg.loss_
    np.testing.assert_array_equal(steps[-1].state["coef"], reg.coef_)


def test_gd_predicts_mid_training_with_the_model_of_that_moment():
    X, y = _regression_data(5, n=30, d=2)
    reg = LinearRegression(solver="gd", learning_rate=0.01, max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for step in reg.fit_steps(X, y):
            expected = X @ step.state["coef"] + step.state["intercept"]
            np.testing.assert_allclose(reg.predict(X), expected)


def test_gd_converges_and_stops_on_tol():
    X, y = _regression_data(4, n=80, d=3)
    X = _standardized(X)
    reg = LinearRegression(solver="gd", learning_rate=0.3, max_iter=10_000, tol=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        reg.fit(X, y)
    assert reg.n_iter_ < 10_000
    grad_W, grad_b = _mse_gradient(X, y.reshape(-1, 1), reg.coef_.reshape(-1, 1),
                                   np.array([reg.intercept_]))
    assert np.sqrt(np.sum(grad_W ** 2) + np.sum(grad_b ** 2)) <= 1e-8


def test_gd_without_intercept_keeps_it_at_zero():
    X, y = _regression_data(6, n=60, d=2)
    reg = LinearRegression(solver="gd", fit_intercept=False, learning_rate=0.02,
                           max_iter=20000, tol=1e-10).fit(_standardized(X), y)
    ref = SkLinearRegression(fit_intercept=False).fit(_standardized(X), y)
    assert reg.intercept_ == 0.0
    _assert_rel_close(reg.coef_, ref.coef_, 1e-4)


def test_diverging_learning_rate_warns_and_keeps_finite_parameters():
    X, y = _regression_data(1, n=100, d=3)  # unscaled features
    reg = LinearRegression(solver="gd", learning_rate=1.0, max_iter=10_000)
    with pytest.warns(ConvergenceWarning, match="diverged.*smaller learning_rate") as record:
        steps = list(reg.fit_steps(X, y))
    assert np.all(np.isfinite(reg.coef_)) and np.isfinite(reg.intercept_)
    assert len(steps) < 200, "training stops once divergence is clear"
    assert steps[-1].loss > steps[0].loss
    # The advice is right: the rate it suggests does converge.
    stable = float(str(record[0].message).split("(try ")[1].split(")")[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ok = LinearRegression(solver="gd", learning_rate=stable, max_iter=200).fit(X, y)
    assert ok.loss_ < steps[0].loss


def test_normal_solver_yields_one_solve_step():
    X, y = _regression_data(0)
    reg = LinearRegression()
    steps = list(reg.fit_steps(X, y))
    assert [s.kind for s in steps] == ["solve"]
    np.testing.assert_array_equal(steps[0].state["coef"], reg.coef_)
    assert steps[0].loss == pytest.approx(np.mean((reg.predict(X) - y) ** 2))


@pytest.mark.parametrize("params, match", [
    ({"solver": "sgd"}, "'solver' parameter of LinearRegression must be a str among "
                        "{'normal', 'gd'}. Got 'sgd' instead."),
    ({"solver": "gd", "learning_rate": 0},
     r"'learning_rate' parameter of LinearRegression must be a float in the range "
     r"\(0.0, inf\). Got 0 instead."),
    ({"solver": "gd", "max_iter": 0}, r"'max_iter' parameter.*an int in the range \[1, inf\)"),
    ({"solver": "gd", "tol": -1.0}, r"'tol' parameter.*a float in the range \[0.0, inf\)"),
    # Checked whatever the solver: a bad value is a mistake even where it is unused.
    ({"solver": "normal", "max_iter": 0}, "'max_iter' parameter of LinearRegression"),
])
def test_bad_parameters_are_named(params, match):
    X, y = _regression_data(0, n=10, d=2)
    with pytest.raises(ValueError, match=match):
        LinearRegression(**params).fit(X, y)


def test_bad_input_is_named():
    X, y = _regression_data(0, n=10, d=2)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"contains NaN at index \(3, 1\)"):
        LinearRegression().fit(X_nan, y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples.*10 rows.*9"):
        LinearRegression().fit(X, y[:9])
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        LinearRegression().fit(X[:, 0], y)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        LinearRegression().predict(X)
    reg = LinearRegression().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but LinearRegression is expecting 2"):
        reg.predict(np.hstack([X, X[:, :1]]))
