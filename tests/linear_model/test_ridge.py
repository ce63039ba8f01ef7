import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge as SkRidge

from skratch.datasets import make_regression
from skratch.exceptions import ConvergenceWarning, NotFittedError
from skratch.linear_model import LinearRegression, Ridge
from skratch.linear_model._base import _LeastSquaresLoss


def _ridge_loss(X, Y, W, b, alpha, sample_weight=None):
    """Ridge's scaled objective at (W, b), through the model's own objective object."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    return _LeastSquaresLoss(X, Y, s, True, np.asarray(alpha)).value(np.vstack([W, b]))


def _ridge_gradient(X, Y, W, b, alpha, sample_weight=None):
    """Its gradient, as (with respect to W, with respect to b)."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    G = _LeastSquaresLoss(X, Y, s, True, np.asarray(alpha)).gradient(np.vstack([W, b]))
    return G[:-1], G[-1]


def _regression_data(seed, n=200, d=5, n_targets=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, size=d) + rng.normal(size=d)
    shape = (d,) if n_targets is None else (d, n_targets)
    y = X @ rng.normal(size=shape) + 1.7 + 0.5 * rng.normal(size=(n,) + shape[1:])
    return X, y


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _assert_close(actual, desired, tol):
    """Within ``tol`` of ``desired``, relative to its largest magnitude (at least 1)."""
    actual, desired = np.asarray(actual), np.asarray(desired)
    scale = max(np.max(np.abs(desired)), 1.0)
    assert np.max(np.abs(actual - desired)) <= tol * scale, (actual, desired)


def _objective(X, y, coef, intercept, alpha):
    """scikit-learn's ridge objective, written independently of the estimator."""
    residual = y - X @ coef - intercept
    return residual @ residual + alpha * coef @ coef


@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [1e-3, 1.0, 300.0])
def test_closed_form_matches_sklearn_on_generated_data(solver, fit_intercept, alpha):
    X, y = make_regression(n_samples=150, n_features=8, n_informative=5, noise=5.0,
                           bias=3.0, random_state=int(alpha * 1000) % 97)
    ours = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver=solver).fit(X, y)
    ref = SkRidge(alpha=alpha, fit_intercept=fit_intercept,
                  solver="svd" if solver == "svd" else "cholesky").fit(X, y)
    _assert_close(ours.coef_, ref.coef_, 1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-9)
    _assert_close(ours.predict(X), ref.predict(X), 1e-6)
    assert ours.solver_ == ("svd" if solver == "svd" else "cholesky")


@pytest.mark.parametrize("alpha", [1e-2, 1.0, 100.0])
def test_closed_form_matches_sklearn_on_diabetes(alpha):
    X, y = load_diabetes(return_X_y=True)
    ref = SkRidge(alpha=alpha).fit(X, y)
    for solver in ("cholesky", "svd"):
        ours = Ridge(alpha=alpha, solver=solver).fit(X, y)
        _assert_close(ours.coef_, ref.coef_, 1e-6)
        assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-8)
        assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-10)


def test_more_features_than_samples_uses_the_dual_system_and_matches_sklearn():
    X, y = _regression_data(3, n=15, d=40)
    ours = Ridge(alpha=0.5).fit(X, y)
    ref = SkRidge(alpha=0.5).fit(X, y)
    _assert_close(ours.coef_, ref.coef_, 1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-6)
    _assert_close(Ridge(alpha=0.5, solver="svd").fit(X, y).coef_, ref.coef_, 1e-6)


def test_several_targets_and_per_target_alphas_match_sklearn():
    X, Y = _regression_data(4, n_targets=3)
    for alpha in (2.0, np.array([0.1, 10.0, 0.1])):
        ref = SkRidge(alpha=alpha).fit(X, Y)
        for solver in ("cholesky", "svd", "gd"):
            ours = Ridge(alpha=alpha, solver=solver)
            if solver == "gd":
                ours.set_params(learning_rate=0.1, max_iter=20_000, tol=1e-10)
                ours.fit(_standardized(X), Y)
                ref_std = SkRidge(alpha=alpha).fit(_standardized(X), Y)
                _assert_close(ours.coef_, ref_std.coef_, 1e-4)
                continue
            ours.fit(X, Y)
            assert ours.coef_.shape == (3, 5) and ours.intercept_.shape == (3,)
            _assert_close(ours.coef_, ref.coef_, 1e-6)
            _assert_close(ours.intercept_, ref.intercept_, 1e-6)


def test_closed_form_minimises_sklearns_unscaled_objective():
    X, y = _regression_data(8, n=60, d=4)
    alpha = 7.0
    reg = Ridge(alpha=alpha).fit(X, y)
    best = _objective(X, y, reg.coef_, reg.intercept_, alpha)
    rng = np.random.default_rng(0)
    for _ in range(20):
        nudged = reg.coef_ + 1e-3 * rng.normal(size=4)
        assert _objective(X, y, nudged, reg.intercept_, alpha) > best
    assert _objective(X, y, reg.coef_, reg.intercept_ + 1e-3, alpha) > best
    # The reported loss is the objective over n.
    assert reg.loss_ == pytest.approx(best / len(y), rel=1e-12)


def test_penalty_shrinks_the_weights_towards_zero():
    X, y = _regression_data(2)
    norms = [np.linalg.norm(Ridge(alpha=a).fit(X, y).coef_)
             for a in (0.0, 1.0, 10.0, 100.0, 1e4, 1e7)]
    assert np.all(np.diff(norms) < 0)
    assert norms[-1] < 1e-3 * norms[0]
    ols = LinearRegression().fit(X, y)
    _assert_close(Ridge(alpha=0.0).fit(X, y).coef_, ols.coef_, 1e-8)


def test_singular_system_falls_back_to_svd_with_a_warning():
    X, y = _regression_data(5, d=3)
    X_dup = np.hstack([X, X[:, :1]])
    reg = Ridge(alpha=0.0, solver="cholesky")
    with pytest.warns(UserWarning, match="singular.*SVD"):
        reg.fit(X_dup, y)
    assert reg.solver_ == "svd"
    # The minimum-norm least-squares solution, as LinearRegression gives.
    _assert_close(reg.coef_, LinearRegression().fit(X_dup, y).coef_, 1e-8)
    assert np.isclose(reg.coef_[0], reg.coef_[3])


@pytest.mark.parametrize("seed", range(2))
def test_gd_matches_sklearn_on_standardized_generated_data(seed):
    X, y = _regression_data(seed)
    X = _standardized(X)
    ours = Ridge(alpha=20.0, solver="gd", learning_rate=0.2, max_iter=20_000, tol=1e-10)
    ours.fit(X, y)
    ref = SkRidge(alpha=20.0).fit(X, y)
    _assert_close(ours.coef_, ref.coef_, 1e-4)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-4)


def test_gd_matches_sklearn_on_standardized_diabetes():
    X, y = load_diabetes(return_X_y=True)
    X = _standardized(X)
    ours = Ridge(alpha=1.0, solver="gd", learning_rate=0.2, max_iter=50_000, tol=1e-7)
    ours.fit(X, y)
    ref = SkRidge(alpha=1.0).fit(X, y)
    _assert_close(ours.coef_, ref.coef_, 1e-4)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-4)


@pytest.mark.parametrize("n_targets", [None, 2])
def test_gradient_matches_finite_differences(n_targets):
    X, y = _regression_data(11, n=40, d=4, n_targets=n_targets)
    Y = y.reshape(-1, 1) if y.ndim == 1 else y
    alpha = np.linspace(3.0, 5.0, Y.shape[1])
    rng = np.random.default_rng(0)
    W = rng.normal(size=(4, Y.shape[1]))
    b = rng.normal(size=Y.shape[1])
    grad_W, grad_b = _ridge_gradient(X, Y, W, b, alpha)
    eps = 1e-6
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[idx] = eps
        numeric = (_ridge_loss(X, Y, W + E, b, alpha)
                   - _ridge_loss(X, Y, W - E, b, alpha)) / (2 * eps)
        assert grad_W[idx] == pytest.approx(numeric, rel=1e-6, abs=1e-8)
    for j in range(len(b)):
        e = np.zeros_like(b)
        e[j] = eps
        numeric = (_ridge_loss(X, Y, W, b + e, alpha)
                   - _ridge_loss(X, Y, W, b - e, alpha)) / (2 * eps)
        assert grad_b[j] == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_gd_steps_record_the_descent():
    X, y = _regression_data(2, n=50, d=2)
    X = _standardized(X)
    lr, alpha = 0.1, 30.0
    reg = Ridge(alpha=alpha, solver="gd", learning_rate=lr, max_iter=40)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        steps = list(reg.fit_steps(X, y))
    assert [s.kind for s in steps] == ["init"] + ["gradient"] * 40
    assert [s.index for s in steps] == list(range(41))
    assert reg.n_iter_ == 40 and reg.solver_ == "gd"
    losses = np.array([s.loss for s in steps])
    assert np.all(np.diff(losses) < 0)
    Y = y.reshape(-1, 1)
    alphas = np.array([alpha])
    for before, after in zip(steps[:-1], steps[1:]):
        np.testing.assert_allclose(after.state["coef"],
                                   before.state["coef"] - lr * after.state["gradient"])
        np.testing.assert_allclose(
            after.state["intercept"],
            before.state["intercept"] - lr * after.state["intercept_gradient"])
        grad_W, grad_b = _ridge_gradient(X, Y, before.state["coef"].reshape(-1, 1),
                                         before.state["intercept"].reshape(1), alphas)
        np.testing.assert_allclose(after.state["gradient"], grad_W[:, 0], rtol=1e-10)
        assert after.loss == pytest.approx(
            _objective(X, y, after.state["coef"], after.state["intercept"], alpha) / len(y),
            rel=1e-12)
    np.testing.assert_array_equal(steps[-1].state["coef"], reg.coef_)
    assert steps[-1].loss == reg.loss_


def test_gd_without_intercept_keeps_it_at_zero_and_matches_sklearn():
    X, y = _regression_data(6, n=80, d=3)
    X = _standardized(X)
    reg = Ridge(alpha=5.0, fit_intercept=False, solver="gd", learning_rate=0.2,
                max_iter=20_000, tol=1e-10).fit(X, y)
    ref = SkRidge(alpha=5.0, fit_intercept=False).fit(X, y)
    assert reg.intercept_ == 0.0
    _assert_close(reg.coef_, ref.coef_, 1e-4)


def test_gd_predicts_mid_training_with_the_model_of_that_moment():
    X, y = _regression_data(5, n=30, d=2)
    reg = Ridge(solver="gd", learning_rate=0.01, max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for step in reg.fit_steps(X, y):
            np.testing.assert_allclose(reg.predict(X),
                                       X @ step.state["coef"] + step.state["intercept"])


def test_diverging_learning_rate_warns_and_the_advised_rate_converges():
    X, y = _regression_data(1, n=100, d=3)  # unscaled features
    reg = Ridge(alpha=10.0, solver="gd", learning_rate=1.0, max_iter=10_000)
    with pytest.warns(ConvergenceWarning, match="diverged.*smaller learning_rate") as record:
        steps = list(reg.fit_steps(X, y))
    assert np.all(np.isfinite(reg.coef_)) and len(steps) < 200
    stable = float(str(record[0].message).split("(try ")[1].split(")")[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ok = Ridge(alpha=10.0, solver="gd", learning_rate=stable, max_iter=200).fit(X, y)
    assert ok.loss_ < steps[0].loss


def test_closed_form_yields_one_solve_step():
    X, y = _regression_data(0)
    reg = Ridge(alpha=2.0)
    steps = list(reg.fit_steps(X, y))
    assert [s.kind for s in steps] == ["solve"]
    assert "cholesky, alpha = 2" in steps[0].message
    np.testing.assert_array_equal(steps[0].state["coef"], reg.coef_)
    assert steps[0].loss == pytest.approx(
        _objective(X, y, reg.coef_, reg.intercept_, 2.0) / len(y))
    assert reg.n_iter_ == 1


@pytest.mark.parametrize("params, match", [
    ({"solver": "lsqr"}, "'solver' parameter of Ridge must be a str among "
                         "{'auto', 'svd', 'cholesky', 'gd'}. Got 'lsqr' instead."),
    ({"alpha": -1.0}, r"'alpha' parameter of Ridge must be a float in the range "
                      r"\[0.0, inf\), an array-like or an instance of 'numpy.ndarray'. "
                      r"Got -1.0 instead."),
    ({"alpha": np.array(-1.0)}, "alpha must be a non-negative number"),
    ({"alpha": [1.0, 2.0, 3.0]}, "alpha has 3 values but y has 1 targets"),
    ({"alpha": [-1.0]}, "alpha must be a non-negative number or a 1-D array"),
    ({"alpha": "big"}, "'alpha' parameter of Ridge must be"),
    ({"solver": "gd", "learning_rate": 0}, r"'learning_rate' parameter of Ridge must be a "
                                           r"float in the range \(0.0, inf\)"),
    ({"solver": "gd", "max_iter": 0}, r"'max_iter' parameter of Ridge must be an int in "
                                      r"the range \[1, inf\) or None. Got 0 instead."),
    ({"max_iter": 0}, "'max_iter' parameter of Ridge"),
    ({"solver": "gd", "tol": -1.0}, r"'tol' parameter of Ridge must be a float in the "
                                    r"range \[0.0, inf\)"),
])
def test_bad_parameters_are_named(params, match):
    X, y = _regression_data(0, n=10, d=2)
    with pytest.raises(ValueError, match=match):
        Ridge(**params).fit(X, y)


def test_bad_input_is_named():
    X, y = _regression_data(0, n=10, d=2)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        Ridge().predict(X)
    reg = Ridge().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but Ridge is expecting 2"):
        reg.predict(np.hstack([X, X[:, :1]]))
