"""scikit-learn's data conventions for the least-squares models (issue 7).

LinearRegression, Ridge, Lasso and ElasticNet: feature names from
DataFrames, float32 kept, sample weights in every solver, the constructor
parameters a scikit-learn user passes, and finite models on data near 1e300
and 1e-300. Each test would have failed before these were added.

Tolerances, measured against scikit-learn 1.9.1 (largest coefficient
difference over the largest coefficient): weighted closed forms and NNLS
agree to 1.3e-15 (asserted at 1e-10); weighted coordinate descent at
tol=1e-10 to 5e-16 (asserted at 1e-7, with the same zero weights); float32
fits to 9e-7 (asserted at 1e-5); Ridge(positive=True) against
scikit-learn's approximate L-BFGS to 4e-6 (asserted at 1e-4). Integer
weights against repeated rows: 1.3e-15 for the closed forms, 2e-16 for
coordinate descent, 7e-18 for gradient descent (asserted at 1e-10, 1e-7
and 1e-8). Rescaled data (1e-300 to 1e307) give the unscaled model to
1e-10 and, for coordinate descent, the same number of sweeps.
"""

import warnings

import numpy as np
import pytest
from scipy.optimize import nnls as scipy_nnls
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes

from skratch.datasets import make_regression
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from skratch.linear_model._base import _LeastSquaresLoss, _nnls


def _mse_loss(X, Y, W, b, sample_weight=None):
    """LinearRegression's objective at (W, b), through the model's own objective object."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    return _LeastSquaresLoss(X, Y, s, True).value(np.vstack([W, b]))


def _mse_gradient(X, Y, W, b, sample_weight=None):
    """Its gradient, as (with respect to W, with respect to b)."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    G = _LeastSquaresLoss(X, Y, s, True).gradient(np.vstack([W, b]))
    return G[:-1], G[-1]


def _ridge_loss(X, Y, W, b, alpha, sample_weight=None):
    """Ridge's scaled objective at (W, b), through the model's own objective object."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    return _LeastSquaresLoss(X, Y, s, True, np.asarray(alpha)).value(np.vstack([W, b]))


def _ridge_gradient(X, Y, W, b, alpha, sample_weight=None):
    """Its gradient, as (with respect to W, with respect to b)."""
    s = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight)
    G = _LeastSquaresLoss(X, Y, s, True, np.asarray(alpha)).gradient(np.vstack([W, b]))
    return G[:-1], G[-1]


pd = pytest.importorskip("pandas")

# skratch's ConvergenceWarning is also scikit-learn's once scikit-learn is
# imported, so this one filter quiets both, where a test expects them.
_QUIET = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(seed=0, n=80, d=5):
    X, y = make_regression(n_samples=n, n_features=d, n_informative=3, noise=5.0,
                           bias=3.0, random_state=seed)
    return X, y


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _rel_err(actual, desired):
    actual, desired = np.asarray(actual, dtype=float), np.asarray(desired, dtype=float)
    return np.max(np.abs(actual - desired)) / max(np.max(np.abs(desired)), 1e-300)


def _sklearn_twin(estimator):
    """The scikit-learn estimator with the same model and parameters."""
    params = estimator.get_params()
    name = type(estimator).__name__
    params.pop("step_per", None)
    params.pop("learning_rate", None)
    if name == "LinearRegression":
        params.pop("solver")
        params.pop("max_iter")
    if name == "Ridge" and params["solver"] == "gd":
        params["solver"] = "auto"
    if name == "Ridge" and params["solver"] == "auto" and params["positive"]:
        params["tol"] = 1e-10  # scikit-learn's L-BFGS, to near its optimum
    return getattr(sk, name)(**params)


# Every solver: the closed forms, NNLS, coordinate descent and gradient descent.
CLOSED = [
    LinearRegression(),
    LinearRegression(positive=True),
    LinearRegression(fit_intercept=False),
    Ridge(alpha=3.0, solver="cholesky"),
    Ridge(alpha=3.0, solver="svd"),
    Ridge(alpha=3.0, positive=True),
    Ridge(alpha=3.0, fit_intercept=False),
    Lasso(alpha=0.5, tol=1e-10),
    Lasso(alpha=0.5, tol=1e-10, positive=True),
    Lasso(alpha=0.5, tol=1e-10, fit_intercept=False),
    ElasticNet(alpha=0.5, l1_ratio=0.3, tol=1e-10),
]
GRADIENT = [
    LinearRegression(solver="gd", learning_rate=0.2, max_iter=20_000, tol=1e-10),
    Ridge(alpha=3.0, solver="gd", learning_rate=0.2, max_iter=20_000, tol=1e-10),
]
ALL = CLOSED + GRADIENT


def _ids(estimator):
    return repr(estimator)


def _fresh(estimator):
    return type(estimator)(**estimator.get_params())


def _tolerance(estimator):
    return 1e-7 if isinstance(estimator, (Lasso, ElasticNet)) else 1e-10


def _is_gd(estimator):
    return estimator.get_params().get("solver") == "gd"


# -- 1. Feature names -------------------------------------------------------


@pytest.mark.parametrize("estimator", ALL, ids=_ids)
def test_dataframe_names_are_recorded_and_reordered_columns_refused(estimator):
    X, y = _data(1)
    X = _standardized(X)
    names = [f"x{j}" for j in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=names)
    model = _fresh(estimator).fit(frame, y)
    np.testing.assert_array_equal(model.feature_names_in_, names)
    assert model.feature_names_in_.dtype == object
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_array = model.predict(X)
    np.testing.assert_allclose(model.predict(frame), from_array, rtol=1e-12)
    # Reordered columns used to be multiplied by the wrong weights, silently.
    reordered = frame[names[::-1]]
    with pytest.raises(ValueError, match="same order as they were in fit") as ours:
        model.predict(reordered)
    twin = _sklearn_twin(estimator).fit(frame, y)
    with pytest.raises(ValueError) as theirs:
        twin.predict(reordered)
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="unseen at fit time:\n- other"):
        model.predict(frame.rename(columns={"x0": "other"}))
    # A later fit on an array forgets the names.
    assert not hasattr(_fresh(estimator).fit(frame, y).fit(X, y), "feature_names_in_")


# -- 2. dtypes ---------------------------------------------------------------


@pytest.mark.parametrize("estimator", CLOSED, ids=_ids)
def test_float32_is_kept_and_matches_sklearn(estimator):
    X, y = load_diabetes(return_X_y=True)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    ours = _fresh(estimator)
    if isinstance(ours, (Lasso, ElasticNet)):
        ours.set_params(tol=1e-6)  # a gap float32 rounding lets it reach
    ours.fit(X32, y32)
    twin = _sklearn_twin(ours).fit(X32, y32)
    assert ours.coef_.dtype == twin.coef_.dtype == np.float32
    assert type(ours.intercept_) is type(twin.intercept_)
    assert np.asarray(ours.intercept_).dtype == np.asarray(twin.intercept_).dtype
    assert ours.predict(X32).dtype == np.float32
    assert ours.predict(X).dtype == np.float64
    tol = 1e-4 if isinstance(ours, Ridge) and ours.positive else 1e-5
    assert _rel_err(ours.coef_, twin.coef_) <= tol
    assert ours.intercept_ == pytest.approx(twin.intercept_, rel=tol)


@_QUIET
@pytest.mark.parametrize("estimator", ALL, ids=_ids)
@pytest.mark.parametrize("x_dtype, y_dtype", [
    (np.float32, np.float64), (np.float64, np.float32), (np.int64, np.float32),
    (np.float32, np.int64),
])
def test_the_model_dtype_follows_X_as_in_sklearn(estimator, x_dtype, y_dtype):
    X, y = _data(2, n=40, d=3)
    X = np.round(_standardized(X) * 3).astype(x_dtype)
    y = np.round(y).astype(y_dtype)
    ours = _fresh(estimator)
    if _is_gd(ours):
        ours.set_params(max_iter=50)
    ours.fit(X, y)
    twin = _sklearn_twin(estimator).fit(X, y)
    expected = np.float32 if x_dtype == np.float32 else np.float64
    assert ours.coef_.dtype == twin.coef_.dtype == expected
    assert type(ours.intercept_) is type(twin.intercept_)


def test_float32_gradient_descent_computes_in_float32():
    X, y = _data(3)
    X = _standardized(X)
    ref = LinearRegression().fit(X, y)
    steps = list(LinearRegression(solver="gd", learning_rate=0.2, max_iter=300,
                                  tol=1e-3).fit_steps(X.astype(np.float32),
                                                      y.astype(np.float32)))
    assert all(s.state["coef"].dtype == np.float32 for s in steps)
    assert steps[-1].state["gradient"].dtype == np.float32
    assert _rel_err(steps[-1].state["coef"], ref.coef_) <= 1e-4


# -- 3. Sample weights -----------------------------------------------------


def _weights(n, seed=0):
    return np.random.default_rng(seed).integers(0, 4, size=n)


@pytest.mark.parametrize("estimator", ALL, ids=_ids)
def test_integer_weights_equal_repeated_samples(estimator):
    X, y = _data(4)
    X = _standardized(X)
    w = _weights(len(y))
    weighted = _fresh(estimator).fit(X, y, sample_weight=w)
    repeated = _fresh(estimator).fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    tol = 1e-8 if _is_gd(estimator) else _tolerance(estimator)
    assert _rel_err(weighted.coef_, repeated.coef_) <= tol
    assert weighted.intercept_ == pytest.approx(repeated.intercept_, rel=tol, abs=1e-9)
    assert weighted.loss_ == pytest.approx(repeated.loss_, rel=1e-6)


@pytest.mark.parametrize("estimator", CLOSED, ids=_ids)
def test_weighted_fits_match_sklearn_on_generated_data_and_diabetes(estimator):
    rng = np.random.default_rng(5)
    for X, y in (_data(5, n=60, d=6), load_diabetes(return_X_y=True)):
        for w in (rng.integers(0, 4, size=len(y)), rng.uniform(0.1, 3.0, size=len(y))):
            ours = _fresh(estimator).fit(X, y, sample_weight=w)
            twin = _sklearn_twin(estimator).fit(X, y, sample_weight=w)
            tol = 1e-4 if isinstance(ours, Ridge) and ours.positive else _tolerance(estimator)
            assert _rel_err(ours.coef_, twin.coef_) <= tol
            assert ours.intercept_ == pytest.approx(twin.intercept_, rel=tol, abs=1e-8)
            if isinstance(ours, (Lasso, ElasticNet)):
                np.testing.assert_array_equal(ours.coef_ == 0, twin.coef_ == 0)
            if hasattr(twin, "singular_"):
                np.testing.assert_allclose(ours.singular_, twin.singular_, rtol=1e-10)
                assert ours.rank_ == twin.rank_


@pytest.mark.parametrize("estimator", GRADIENT, ids=_ids)
def test_weighted_gradient_descent_reaches_the_weighted_closed_form(estimator):
    X, y = load_diabetes(return_X_y=True)
    X = _standardized(X)
    w = np.random.default_rng(6).uniform(0.1, 3.0, size=len(y))
    gd = _fresh(estimator).set_params(learning_rate=0.05, max_iter=200_000, tol=1e-9)
    gd.fit(X, y, sample_weight=w)
    closed = _fresh(estimator).set_params(solver="auto" if isinstance(gd, Ridge) else "normal")
    closed.fit(X, y, sample_weight=w)
    assert _rel_err(gd.coef_, closed.coef_) <= 1e-4
    assert gd.intercept_ == pytest.approx(closed.intercept_, rel=1e-4)


def test_weighted_gradients_match_finite_differences():
    X, y = _data(7, n=30, d=3)
    Y = y.reshape(-1, 1)
    rng = np.random.default_rng(0)
    w = rng.uniform(0.1, 3.0, size=len(y))
    W, b = rng.normal(size=(3, 1)), rng.normal(size=1)
    alpha = np.array([4.0])
    for loss, gradient, extra in [(_mse_loss, _mse_gradient, ()),
                                  (_ridge_loss, _ridge_gradient, (alpha,))]:
        grad_W, grad_b = gradient(X, Y, W, b, *extra, sample_weight=w)
        eps = 1e-6
        for j in range(3):
            E = np.zeros_like(W)
            E[j] = eps
            numeric = (loss(X, Y, W + E, b, *extra, sample_weight=w)
                       - loss(X, Y, W - E, b, *extra, sample_weight=w)) / (2 * eps)
            assert grad_W[j, 0] == pytest.approx(numeric, rel=1e-6)
        numeric = (loss(X, Y, W, b + eps, *extra, sample_weight=w)
                   - loss(X, Y, W, b - eps, *extra, sample_weight=w)) / (2 * eps)
        assert grad_b[0] == pytest.approx(numeric, rel=1e-6)


@pytest.mark.parametrize("estimator", ALL, ids=_ids)
def test_zero_weights_remove_samples_and_scalar_weights_change_nothing(estimator):
    X, y = _data(8)
    X = _standardized(X)
    y = y.copy()
    w = np.random.default_rng(8).uniform(0.5, 2.0, size=len(y))
    w[-10:] = 0
    y[-10:] *= 1000  # so that ignoring them matters
    zeroed = _fresh(estimator).fit(X, y, sample_weight=w)
    removed = _fresh(estimator).fit(X[:-10], y[:-10], sample_weight=w[:-10])
    tol = 1e-8 if _is_gd(estimator) else _tolerance(estimator)
    assert _rel_err(zeroed.coef_, removed.coef_) <= tol
    # A number weighs every sample alike: nothing changes, except for Ridge,
    # whose penalty is not divided by the total weight (scikit-learn's
    # objective), so weights 3 act as alpha / 3.
    plain = _fresh(estimator)
    if isinstance(plain, Ridge):
        plain.set_params(alpha=plain.alpha / 3.0)
    plain.fit(X, y)
    scalar = _fresh(estimator).fit(X, y, sample_weight=3.0)
    assert _rel_err(scalar.coef_, plain.coef_) <= tol


@pytest.mark.parametrize("estimator", [LinearRegression(), Ridge(), Lasso()], ids=_ids)
def test_fit_steps_takes_the_weights_too(estimator):
    X, y = _data(9)
    w = _weights(len(y), seed=9)
    by_fit = _fresh(estimator).fit(X, y, sample_weight=w)
    by_steps = _fresh(estimator)
    list(by_steps.fit_steps(X, y, sample_weight=w))
    np.testing.assert_array_equal(by_fit.coef_, by_steps.coef_)
    assert by_fit.intercept_ == by_steps.intercept_


@pytest.mark.parametrize("estimator", [LinearRegression(), Ridge(), Lasso()], ids=_ids)
def test_bad_weights_are_named(estimator):
    X, y = _data(10, n=20)
    with pytest.raises(ValueError, match="sample_weight has 19 weights but X has 20"):
        _fresh(estimator).fit(X, y, sample_weight=np.ones(19))
    with pytest.raises(ValueError, match="negative"):
        _fresh(estimator).fit(X, y, sample_weight=-np.ones(20))
    with pytest.raises(ValueError, match="zero for every sample"):
        _fresh(estimator).fit(X, y, sample_weight=np.zeros(20))


def test_lasso_rescales_weights_to_sum_to_n_like_sklearn():
    # The objective is (1/2n) Σ s_i r_i² with Σ s_i = n: multiplying every
    # weight by 10 must not change the model (it would scale alpha by 1/10).
    X, y = load_diabetes(return_X_y=True)
    w = np.random.default_rng(11).uniform(0.1, 3.0, size=len(y))
    a = Lasso(alpha=0.1, tol=1e-10).fit(X, y, sample_weight=w)
    b = Lasso(alpha=0.1, tol=1e-10).fit(X, y, sample_weight=10 * w)
    assert _rel_err(a.coef_, b.coef_) <= 1e-10


def test_regularization_path_passes_the_weights():
    from skratch.linear_model import regularization_path

    X, y = load_diabetes(return_X_y=True)
    w = _weights(len(y), seed=12)
    trace = regularization_path(Lasso(tol=1e-10), X, y, [0.1, 1.0], sample_weight=w)
    for step, alpha in zip(trace.steps, (0.1, 1.0)):
        twin = sk.Lasso(alpha=alpha, tol=1e-10).fit(X, y, sample_weight=w)
        assert _rel_err(step.state["coef"], twin.coef_) <= 1e-7


# -- 4. Constructor parameters -------------------------------------------------


@pytest.mark.parametrize("estimator", CLOSED, ids=_ids)
def test_copy_X(estimator):
    X, y = _data(13)
    original = X.copy()
    kept = _fresh(estimator).set_params(copy_X=True).fit(X, y)
    np.testing.assert_array_equal(X, original)
    # copy_X=False may overwrite X (scikit-learn centres it in place), and
    # gives the same model.
    overwritten = _fresh(estimator).set_params(copy_X=False).fit(X, y)
    if estimator.get_params()["fit_intercept"]:
        assert not np.array_equal(X, original)
    np.testing.assert_array_equal(overwritten.coef_, kept.coef_)
    # A read-only X is copied rather than refused.
    frozen = original.copy()
    frozen.flags.writeable = False
    readonly = _fresh(estimator).set_params(copy_X=False).fit(frozen, y)
    np.testing.assert_array_equal(readonly.coef_, kept.coef_)


@_QUIET
def test_gradient_descent_never_modifies_X():
    X, y = _data(14)
    X = _standardized(X)
    original = X.copy()
    for estimator in GRADIENT:
        _fresh(estimator).set_params(copy_X=False, max_iter=20).fit(X, y)
        np.testing.assert_array_equal(X, original)


def test_nnls_matches_scipy():
    rng = np.random.default_rng(15)
    for n, d in [(30, 5), (10, 20), (50, 1), (40, 12)]:
        A, b = rng.normal(size=(n, d)), rng.normal(size=n)
        ours = _nnls(A, b)
        theirs, _ = scipy_nnls(A, b)
        assert np.all(ours >= 0)
        # Both minimise the same convex problem: the losses agree, and the
        # solution itself where it is unique (A of full column rank).
        loss = np.sum((A @ ours - b) ** 2)
        assert loss == pytest.approx(np.sum((A @ theirs - b) ** 2), rel=1e-10, abs=1e-12)
        if n >= d:
            np.testing.assert_allclose(ours, theirs, rtol=1e-8, atol=1e-10)
        # KKT: the gradient is zero on the free coefficients, >= 0 on the others.
        gradient = A.T @ (A @ ours - b)
        assert np.all(np.abs(gradient[ours > 0]) <= 1e-8)
        assert np.all(gradient[ours == 0] >= -1e-8)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_positive_linear_regression_matches_sklearn(fit_intercept):
    for X, y in (_data(16, n=60, d=8), load_diabetes(return_X_y=True)):
        ours = LinearRegression(positive=True, fit_intercept=fit_intercept).fit(X, y)
        twin = sk.LinearRegression(positive=True, fit_intercept=fit_intercept).fit(X, y)
        assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
        assert _rel_err(ours.coef_, twin.coef_) <= 1e-10
        assert ours.intercept_ == pytest.approx(twin.intercept_, rel=1e-10, abs=1e-10)
        assert not hasattr(ours, "rank_") and not hasattr(ours, "singular_")
        assert "non-negative" in list(LinearRegression(positive=True).fit_steps(X, y))[0].message
    # Several targets, one non-negative problem each.
    X, y = _data(17, n=60, d=8)
    Y = np.column_stack([y, -y])
    both = LinearRegression(positive=True).fit(X, Y)
    assert both.coef_.shape == (2, 8) and np.all(both.coef_ >= 0)
    np.testing.assert_allclose(both.coef_[0], LinearRegression(positive=True).fit(X, y).coef_)


def test_positive_linear_regression_equals_ols_when_the_truth_is_positive():
    rng = np.random.default_rng(18)
    X = rng.uniform(size=(200, 4))
    y = X @ [1.0, 2.0, 3.0, 1.5]
    np.testing.assert_allclose(LinearRegression(positive=True).fit(X, y).coef_,
                               LinearRegression().fit(X, y).coef_, rtol=1e-10)


@pytest.mark.parametrize("alpha", [1e-3, 1.0, 30.0])
def test_positive_ridge_matches_sklearn_and_is_optimal(alpha):
    X, y = load_diabetes(return_X_y=True)
    ours = Ridge(alpha=alpha, positive=True).fit(X, y)
    twin = sk.Ridge(alpha=alpha, positive=True, tol=1e-10).fit(X, y)
    assert ours.solver_ == "nnls" and np.all(ours.coef_ >= 0)
    assert _rel_err(ours.coef_, twin.coef_) <= 1e-4

    def objective(coef, intercept):
        r = y - X @ coef - intercept
        return r @ r + alpha * coef @ coef

    best = objective(ours.coef_, ours.intercept_)
    assert best <= objective(twin.coef_, twin.intercept_) * (1 + 1e-12)
    rng = np.random.default_rng(0)
    for _ in range(20):  # no non-negative neighbour is better
        nudged = np.maximum(ours.coef_ + rng.normal(scale=1e-3, size=X.shape[1]), 0)
        assert objective(nudged, ours.intercept_) >= best


def test_positive_needs_a_solver_that_supports_it():
    X, y = _data(19)
    for solver in ("svd", "cholesky", "gd"):
        with pytest.raises(ValueError, match=f"solver='{solver}' does not support positive"):
            Ridge(positive=True, solver=solver).fit(X, y)
    with pytest.raises(ValueError, match="positive=True.*solver='gd' does not support"):
        LinearRegression(positive=True, solver="gd").fit(X, y)


def test_parameters_with_no_effect_are_accepted():
    X, y = _data(20)
    plain = LinearRegression().fit(X, y)
    np.testing.assert_array_equal(LinearRegression(n_jobs=4).fit(X, y).coef_, plain.coef_)
    plain = Ridge().fit(X, y)
    np.testing.assert_array_equal(Ridge(random_state=0).fit(X, y).coef_, plain.coef_)
    plain = Lasso().fit(X, y)
    np.testing.assert_array_equal(Lasso().fit(X, y, check_input=False).coef_, plain.coef_)
    np.testing.assert_array_equal(Lasso(precompute=False).fit(X, y).coef_, plain.coef_)


@pytest.mark.parametrize("precompute", [True, "auto"])
def test_precompute_changes_nothing(precompute):
    X, y = _data(21)
    plain = ElasticNet(alpha=0.1).fit(X, y)
    np.testing.assert_array_equal(ElasticNet(alpha=0.1, precompute=precompute).fit(X, y).coef_,
                                  plain.coef_)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_a_given_gram_matrix_is_checked_against_the_weighted_data(fit_intercept):
    X, y = _data(22)
    w = np.random.default_rng(0).uniform(0.5, 2.0, size=len(y))
    w_norm = w * len(w) / w.sum()
    X_used = X - np.average(X, axis=0, weights=w_norm) if fit_intercept else X
    X_r = X_used * np.sqrt(w_norm)[:, None]
    gram = X_r.T @ X_r
    model = ElasticNet(alpha=0.05, fit_intercept=fit_intercept, precompute=gram, tol=1e-12)
    plain = ElasticNet(alpha=0.05, fit_intercept=fit_intercept, tol=1e-12)
    plain.fit(X_used, y, sample_weight=w)
    np.testing.assert_array_equal(model.fit(X_used, y, sample_weight=w).coef_, plain.coef_)
    sk = pytest.importorskip("sklearn.linear_model")
    theirs = sk.ElasticNet(alpha=0.05, fit_intercept=fit_intercept, precompute=gram, tol=1e-12)
    np.testing.assert_allclose(plain.coef_, theirs.fit(X_used, y, sample_weight=w).coef_,
                               rtol=1e-6, atol=1e-8)

    wrong = gram.copy()
    wrong[0, 1] += 1.0
    with pytest.raises(ValueError, match=r"Gram matrix .*did not pass validation.*\(0, 1\)"):
        ElasticNet(precompute=wrong, fit_intercept=fit_intercept).fit(X_used, y, sample_weight=w)
    with pytest.raises(ValueError, match="did not pass validation: its shape is"):
        ElasticNet(precompute=np.eye(2)).fit(X_used, y, sample_weight=w)


def test_a_gram_matrix_of_uncentred_data_is_recomputed_with_a_warning():
    X, y = _data(23)
    X = X + 5.0
    with pytest.warns(UserWarning, match="Gram matrix was provided but X was centered"):
        model = ElasticNet(alpha=0.1, precompute=X.T @ X).fit(X, y)
    np.testing.assert_array_equal(model.coef_, ElasticNet(alpha=0.1).fit(X, y).coef_)


@pytest.mark.parametrize("precompute", ["yes", 3, [[1.0]]])
def test_precompute_values_that_mean_nothing_are_refused(precompute):
    X, y = _data(24)
    with pytest.raises(ValueError, match="'precompute' parameter of ElasticNet must be a "
                                         "bool, a str among {'auto'} or an instance of "
                                         "'numpy.ndarray'"):
        ElasticNet(precompute=precompute).fit(X, y)


def test_warm_start_continues_where_the_last_fit_stopped():
    X, y = load_diabetes(return_X_y=True)
    # Five sweeps, then five more from there, are ten sweeps.
    warm = ElasticNet(alpha=0.001, max_iter=5, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warm.fit(X, y)
        warm.fit(X, y)
        cold = ElasticNet(alpha=0.001, max_iter=10).fit(X, y)
    # (The residual is recomputed at the restart: equal up to rounding.)
    np.testing.assert_allclose(warm.coef_, cold.coef_, rtol=1e-9)
    # From a converged fit, the start is already optimal: no sweep at all.
    model = ElasticNet(alpha=1e-3, tol=1e-3).fit(X, y)
    assert model.n_iter_ > 2
    steps = list(model.set_params(warm_start=True).fit_steps(X, y))
    assert model.n_iter_ == 0 and [s.kind for s in steps] == ["init"]
    assert "previous fit (warm_start)" in steps[0].message
    # From a neighbouring alpha's solution, fewer sweeps reach the same model.
    cold = Lasso(alpha=0.01, tol=1e-8).fit(X, y)
    warm = Lasso(alpha=0.1, tol=1e-8).fit(X, y).set_params(alpha=0.01, warm_start=True)
    warm.fit(X, y)
    assert warm.n_iter_ < cold.n_iter_
    assert _rel_err(warm.coef_, cold.coef_) <= 1e-6
    with pytest.raises(ValueError, match=r"warm_start=True starts from .* shape \(10,\)"):
        warm.fit(X[:, :4], y)


def test_random_selection_gives_the_same_model_reproducibly():
    X, y = load_diabetes(return_X_y=True)
    cyclic = ElasticNet(alpha=0.01, tol=1e-10).fit(X, y)
    shuffled = ElasticNet(alpha=0.01, tol=1e-10, selection="random", random_state=0)
    steps = list(shuffled.set_params(step_per="coordinate").fit_steps(X, y))
    assert _rel_err(shuffled.coef_, cyclic.coef_) <= 1e-7
    twin = sk.ElasticNet(alpha=0.01, tol=1e-10, selection="random", random_state=0).fit(X, y)
    assert _rel_err(shuffled.coef_, twin.coef_) <= 1e-7
    first_sweep = [int(s.state["coordinate"]) for s in steps if s.kind == "coordinate"][:10]
    assert sorted(first_sweep) == list(range(10)) and first_sweep != list(range(10))
    again = ElasticNet(alpha=0.01, tol=1e-10, selection="random", random_state=0).fit(X, y)
    np.testing.assert_array_equal(again.coef_, shuffled.coef_)
    with pytest.raises(ValueError, match="'selection' parameter of .* must be a str among "
                                         "{'cyclic', 'random'}. Got 'greedy'"):
        Lasso(selection="greedy").fit(X, y)


def test_intercept_is_a_numpy_number_as_in_sklearn():
    X, y = _data(22)
    for estimator in (LinearRegression(), Ridge(), Lasso(), ElasticNet()):
        model = _fresh(estimator).fit(X, y)
        twin = _sklearn_twin(estimator).fit(X, y)
        assert type(model.intercept_) is type(twin.intercept_) is np.float64
        assert model.intercept_.shape == ()


def test_shapes_for_a_one_column_y_are_sklearns():
    X, y = _data(26)
    Y = y[:, None]
    for ours, twin in [(Ridge(), sk.Ridge()), (Ridge(solver="gd"), sk.Ridge()),
                       (LinearRegression(), sk.LinearRegression())]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            ours.fit(_standardized(X), Y)
        twin.fit(_standardized(X), Y)
        assert ours.coef_.shape == twin.coef_.shape
        assert np.shape(ours.intercept_) == np.shape(twin.intercept_) == (1,)
        assert ours.predict(X).shape == twin.predict(X).shape


# -- 5. Non-finite results -------------------------------------------------


@pytest.mark.parametrize("x_scale, y_scale", [
    (1e300, 1e300), (1e307, 1e305), (1e-300, 1e-300), (1e300, 1.0), (1.0, 1e300),
    (1e-300, 1.0),
])
def test_linear_regression_and_ridge_stay_finite_and_exact_at_extreme_scales(x_scale, y_scale):
    X, y = _data(23)
    for estimator in (LinearRegression(), LinearRegression(positive=True),
                      Ridge(solver="cholesky"), Ridge(solver="svd"), Ridge(positive=True)):
        model = _fresh(estimator).fit(X * x_scale, y * y_scale)
        assert np.all(np.isfinite(model.coef_)) and np.isfinite(model.intercept_)
        assert np.all(np.isfinite(model.predict(X * x_scale)))
        if isinstance(estimator, Ridge):
            # The penalty is alpha at the data's scale: with X * s it acts
            # like alpha / s² on X (negligible at 1e300: least squares).
            alpha = 1.0 / x_scale / x_scale
            if not np.isfinite(alpha):
                continue
            reference = _fresh(estimator).set_params(alpha=alpha).fit(X, y)
        else:
            reference = _fresh(estimator).fit(X, y)
        assert _rel_err(model.coef_ * (x_scale / y_scale), reference.coef_) <= 1e-10
        assert model.intercept_ / y_scale == pytest.approx(reference.intercept_, rel=1e-10)


def test_ridge_matches_sklearn_where_sklearn_is_finite():
    X, y = load_diabetes(return_X_y=True)
    for x_scale, y_scale in [(1e-300, 1.0), (1.0, 1e300), (1e-300, 1e-300), (1.0, 1e-300)]:
        ours = Ridge().fit(X * x_scale, y * y_scale)
        twin = sk.Ridge().fit(X * x_scale, y * y_scale)
        if np.any(twin.coef_):
            assert _rel_err(ours.coef_, twin.coef_) <= 1e-10
        else:  # the weights underflow to 0 (they would be near 1e-600)
            np.testing.assert_array_equal(ours.coef_, 0)
        assert ours.intercept_ == pytest.approx(twin.intercept_, rel=1e-10)


@pytest.mark.parametrize("x_scale, y_scale", [
    (1e300, 1.0), (1.0, 1e300), (1e-300, 1.0), (1.0, 1e-300), (1e150, 1e150),
    (1e-150, 1e-150),
])
def test_lasso_is_scale_equivariant_to_the_last_sweep(x_scale, y_scale):
    # With X * s and y * c, the Lasso with alpha * s c has the solution
    # w * c / s: the same problem, which used to give NaN, inf or zeros.
    X, y = load_diabetes(return_X_y=True)
    ref = Lasso(alpha=0.05).fit(X, y)
    model = Lasso(alpha=0.05 * x_scale * y_scale).fit(X * x_scale, y * y_scale)
    assert model.n_iter_ == ref.n_iter_
    assert _rel_err(model.coef_ * (x_scale / y_scale), ref.coef_) <= 1e-10
    assert model.intercept_ / y_scale == pytest.approx(ref.intercept_, rel=1e-10)
    if 1e-150 <= y_scale <= 1e150:  # the squared units are representable
        assert model.dual_gap_ / y_scale / y_scale == pytest.approx(ref.dual_gap_, rel=1e-6)


@pytest.mark.parametrize("scale", [1e150, 1e-150])
def test_elastic_net_is_scale_equivariant_to_the_last_sweep(scale):
    # With X and y both times s, the penalties α ρ and α (1 - ρ) both scale
    # by s²: alpha * s², the same l1_ratio. (alpha and l1_ratio cannot
    # express the mixes of other scalings, nor alpha * s² beyond 1e308; the
    # Lasso test above and the NaN test below cover the extreme scales.)
    X, y = load_diabetes(return_X_y=True)
    ref = ElasticNet(alpha=0.01, l1_ratio=0.5).fit(X, y)
    model = ElasticNet(alpha=0.01 * scale * scale, l1_ratio=0.5).fit(X * scale, y * scale)
    assert model.n_iter_ == ref.n_iter_
    assert _rel_err(model.coef_, ref.coef_) <= 1e-10
    assert model.intercept_ / scale == pytest.approx(ref.intercept_, rel=1e-10)


@pytest.mark.parametrize("x_scale, y_scale", [(1e300, 1e300), (1e307, 1e305), (1e-300, 1e-300)])
def test_lasso_and_elastic_net_never_return_nan(x_scale, y_scale):
    X, y = load_diabetes(return_X_y=True)
    for estimator in (Lasso(), ElasticNet(), Lasso(step_per="coordinate")):
        with warnings.catch_warnings():
            # At 1e300, alpha=1 is negligible: least squares, which coordinate
            # descent cannot certify.
            warnings.simplefilter("ignore", ConvergenceWarning)
            steps = list(_fresh(estimator).fit_steps(X * x_scale, y * y_scale))
            model = _fresh(estimator).fit(X * x_scale, y * y_scale)
        assert np.all(np.isfinite(model.coef_)) and np.isfinite(model.intercept_)
        assert not any(np.isnan(s.loss) for s in steps)
        if x_scale > 1:  # the least-squares solution, as the penalty is negligible
            ols = LinearRegression().fit(X, y)
            assert _rel_err(model.coef_ * (x_scale / y_scale), ols.coef_) <= 1e-3
        else:  # the penalty dominates: w = 0, b = mean(y), as scikit-learn gives
            assert np.all(model.coef_ == 0)
            assert model.intercept_ == pytest.approx(np.mean(y * y_scale), rel=1e-12)


def test_a_model_beyond_float64_is_refused_clearly():
    X, y = _data(24)
    for estimator in (LinearRegression(), Ridge(alpha=0.0), Lasso(alpha=1e-300)):
        with pytest.raises(ValueError, match="coefficients overflow float64"):
            _fresh(estimator).fit(X * 1e-300, y * 1e300)


@pytest.mark.parametrize("estimator", GRADIENT, ids=_ids)
def test_gradient_descent_refuses_data_whose_squares_overflow(estimator):
    X, y = _data(25)
    with pytest.raises(ValueError, match="squares of X or y overflow float64"):
        _fresh(estimator).fit(X * 1e300, y)
    with pytest.raises(ValueError, match="squares of X or y overflow float32"):
        _fresh(estimator).fit((X * 1e30).astype(np.float32), y.astype(np.float32))
