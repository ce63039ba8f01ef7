import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import ElasticNet as SkElasticNet
from sklearn.linear_model import Lasso as SkLasso

from skratch.datasets import make_regression
from skratch.exceptions import ConvergenceWarning, DataConversionWarning, NotFittedError
from skratch.linear_model import ElasticNet, Lasso, Ridge
from skratch.linear_model._coordinate_descent import (_duality_gap, soft_threshold,
                                                      update_coordinate)


def _sparse_data(seed=0, n=120, d=12):
    X, y = make_regression(n_samples=n, n_features=d, n_informative=3, noise=10.0,
                           bias=4.0, random_state=seed)
    return X, y


def _objective(X, y, coef, intercept, alpha, l1_ratio=1.0):
    """scikit-learn's elastic-net objective, written independently of the estimator."""
    residual = y - X @ coef - intercept
    return (residual @ residual / (2 * len(y)) + alpha * l1_ratio * np.abs(coef).sum()
            + 0.5 * alpha * (1 - l1_ratio) * coef @ coef)


def _assert_matches(ours, ref, tol=1e-4):
    scale = max(np.max(np.abs(ref.coef_)), 1.0)
    assert np.max(np.abs(ours.coef_ - ref.coef_)) <= tol * scale, (ours.coef_, ref.coef_)
    np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)  # the same support
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=tol, abs=tol * scale)


def test_soft_threshold():
    z = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    np.testing.assert_array_equal(soft_threshold(z, 1.0), [-2, 0, 0, 0, 0, 0, 2])
    for value in z:  # the scalar path agrees with the array path
        assert soft_threshold(float(value), 1.0) == soft_threshold(np.array([value]), 1.0)[0]
    # S(z, γ) minimises ½(w - z)² + γ|w|.
    grid = np.linspace(-5, 5, 100_001)
    for z_value, gamma in [(2.3, 0.7), (-1.1, 0.4), (0.3, 0.5), (-4.0, 0.0)]:
        best = grid[np.argmin(0.5 * (grid - z_value) ** 2 + gamma * np.abs(grid))]
        assert soft_threshold(z_value, gamma) == pytest.approx(best, abs=1e-4)


@pytest.mark.parametrize("lambda_1, lambda_2, positive", [
    (0.3, 0.0, False), (0.3, 0.5, False), (3.0, 0.0, False), (0.3, 0.2, True), (0.0, 0.4, False)])
def test_update_coordinate_minimises_the_objective_along_one_weight(lambda_1, lambda_2,
                                                                    positive):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 3))
    y = X @ [1.5, -2.0, 0.5] + rng.normal(0, 0.3, 30)
    w = np.array([0.2, -0.4, 0.1])
    n, j = len(y), 1
    x_j, r = X[:, j], y - X @ w
    c_j = x_j @ x_j / n
    z_j, new_w_j = update_coordinate(x_j, r, float(w[j]), c_j, lambda_1, lambda_2, positive)
    assert z_j == pytest.approx(x_j @ (r + x_j * w[j]) / n, rel=1e-12)
    grid = np.linspace(0.0 if positive else -5.0, 5.0, 200_001)
    others = y - np.delete(X, j, axis=1) @ np.delete(w, j)
    residuals = others[:, None] - np.outer(x_j, grid)
    objective = ((residuals ** 2).sum(axis=0) / (2 * n) + lambda_1 * np.abs(grid)
                 + 0.5 * lambda_2 * grid ** 2)
    assert new_w_j == pytest.approx(grid[np.argmin(objective)], abs=1e-4)
    if lambda_1 == 3.0:
        assert new_w_j == 0.0, "|z_j| <= λ1: exactly zero"


def test_steps_carry_the_numbers_of_the_update():
    X, y = _sparse_data(11, d=4)
    X[:, 3] = -2.0  # a constant feature: never updated
    alpha, l1_ratio = 3.0, 0.7
    by_sweep = list(ElasticNet(alpha=alpha, l1_ratio=l1_ratio).fit_steps(X, y))
    by_coordinate = list(ElasticNet(alpha=alpha, l1_ratio=l1_ratio,
                                    step_per="coordinate").fit_steps(X, y))
    # The init step states the rule: the threshold λ1 and the denominators c_j + λ2.
    X_c = X - X.mean(axis=0)
    c = (X_c ** 2).sum(axis=0) / len(y)
    for steps in (by_sweep, by_coordinate):
        init = steps[0].state
        assert float(init["threshold"]) == alpha * l1_ratio
        np.testing.assert_allclose(init["denominator"], c + alpha * (1 - l1_ratio),
                                   rtol=1e-12, atol=1e-12)
    # A sweep shown whole lists the updates it made; they are the coordinate
    # steps of the same run, which its sweep steps then do not repeat.
    coordinate_steps = [s for s in by_coordinate if s.kind == "coordinate"]
    sweeps = [s for s in by_sweep if s.kind == "sweep"]
    assert len(coordinate_steps) == 3 * len(sweeps)
    listed = [(j, z) for s in sweeps
              for j, z in zip(s.state["coordinates"].tolist(), s.state["z"].tolist())]
    assert listed == [(int(s.state["coordinate"]), float(s.state["z"]))
                      for s in coordinate_steps]
    assert all(s.state["coordinates"].tolist() == [0, 1, 2] for s in sweeps)
    for step in by_coordinate:
        if step.kind == "sweep":
            assert "coordinates" not in step.state and "z" not in step.state


def test_steps_are_in_the_data_units():
    # Data near 1e150 and 1e100 are solved at unit scale; the steps say the
    # data's numbers: the same run on data scaled by powers of two scales them.
    X, y = _sparse_data(12, d=3)
    scale_x, scale_y = 2.0 ** 500, 2.0 ** 300
    small = list(Lasso(alpha=1.0).fit_steps(X, y))
    large = list(Lasso(alpha=1.0 * scale_x * scale_y).fit_steps(X * scale_x, y * scale_y))
    assert len(small) == len(large)
    np.testing.assert_array_equal(large[0].state["denominator"],
                                  small[0].state["denominator"] * scale_x ** 2)
    for a, b in zip(small[1:], large[1:]):
        np.testing.assert_array_equal(b.state["z"], a.state["z"] * scale_x * scale_y)
        np.testing.assert_array_equal(b.state["coef"], a.state["coef"] * scale_y / scale_x)


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0, 8.0])
@pytest.mark.parametrize("tol", [1e-4, 1e-8])
def test_lasso_matches_sklearn_on_sparse_generated_data(alpha, tol):
    X, y = _sparse_data(int(alpha * 10))
    ours = Lasso(alpha=alpha, tol=tol).fit(X, y)
    ref = SkLasso(alpha=alpha, tol=tol).fit(X, y)
    _assert_matches(ours, ref)
    assert 0 < np.count_nonzero(ours.coef_) < X.shape[1]


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0])
def test_lasso_matches_sklearn_on_diabetes(alpha):
    X, y = load_diabetes(return_X_y=True)
    ours = Lasso(alpha=alpha, tol=1e-8).fit(X, y)
    ref = SkLasso(alpha=alpha, tol=1e-8).fit(X, y)
    _assert_matches(ours, ref)
    assert ours.dual_gap_ == pytest.approx(ref.dual_gap_, rel=1e-3)


@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_elastic_net_matches_sklearn_on_generated_data(l1_ratio, fit_intercept):
    X, y = _sparse_data(3)
    kwargs = dict(alpha=1.5, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-8)
    ours = ElasticNet(**kwargs).fit(X, y)
    ref = SkElasticNet(**kwargs).fit(X, y)
    _assert_matches(ours, ref)


@pytest.mark.parametrize("l1_ratio", [0.2, 0.7, 0.95])
def test_elastic_net_matches_sklearn_on_diabetes(l1_ratio):
    X, y = load_diabetes(return_X_y=True)
    for tol in (1e-4, 1e-8):
        ours = ElasticNet(alpha=0.01, l1_ratio=l1_ratio, tol=tol).fit(X, y)
        ref = SkElasticNet(alpha=0.01, l1_ratio=l1_ratio, tol=tol).fit(X, y)
        _assert_matches(ours, ref)


def test_positive_weights_match_sklearn():
    X, y = load_diabetes(return_X_y=True)
    for ours, ref in [(Lasso(alpha=0.05, positive=True, tol=1e-8),
                       SkLasso(alpha=0.05, positive=True, tol=1e-8)),
                      (ElasticNet(alpha=0.01, positive=True, tol=1e-8),
                       SkElasticNet(alpha=0.01, positive=True, tol=1e-8))]:
        ours.fit(X, y)
        ref.fit(X, y)
        assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
        _assert_matches(ours, ref)


def test_lasso_is_elastic_net_with_l1_ratio_one():
    X, y = _sparse_data(4)
    lasso = Lasso(alpha=0.7).fit(X, y)
    enet = ElasticNet(alpha=0.7, l1_ratio=1.0).fit(X, y)
    np.testing.assert_array_equal(lasso.coef_, enet.coef_)
    assert lasso.n_iter_ == enet.n_iter_


def test_pure_l2_elastic_net_is_ridge_with_alpha_times_n():
    # (1/2n)||r||² + (α/2)||w||²  has the minimiser of  ||r||² + nα||w||².
    X, y = _sparse_data(5)
    alpha = 0.3
    enet = ElasticNet(alpha=alpha, l1_ratio=0.0, tol=1e-10).fit(X, y)
    ridge = Ridge(alpha=alpha * len(y)).fit(X, y)
    np.testing.assert_allclose(enet.coef_, ridge.coef_, rtol=1e-6)
    assert enet.n_iter_ < enet.max_iter and enet.dual_gap_ >= 0


def test_alpha_above_alpha_max_gives_all_zero_weights():
    # w = 0 is optimal exactly when |x_jᵀ y_c| / n <= α for every feature.
    X, y = _sparse_data(6)
    y_c, X_c = y - y.mean(), X - X.mean(axis=0)
    alpha_max = np.max(np.abs(X_c.T @ y_c)) / len(y)
    above = Lasso(alpha=alpha_max * 1.0001)
    steps = list(above.fit_steps(X, y))
    # The duality gap certifies w = 0 before any sweep, as in scikit-learn.
    assert np.all(above.coef_ == 0) and above.n_iter_ == 0
    assert above.n_iter_ == SkLasso(alpha=alpha_max * 1.0001).fit(X, y).n_iter_
    assert [s.kind for s in steps] == ["init"] and "converged" in steps[0].message
    assert above.intercept_ == pytest.approx(y.mean())
    # Just below, w = 0 is no longer optimal; with the default tol it is
    # still within the gap tolerance (as in scikit-learn), so tighten it.
    below = Lasso(alpha=alpha_max * 0.99, tol=1e-8).fit(X, y)
    assert np.count_nonzero(below.coef_) == 1 and below.n_iter_ >= 1


def test_sweep_steps_descend_and_carry_a_certified_gap():
    X, y = load_diabetes(return_X_y=True)
    alpha, tol = 0.05, 1e-6
    reg = Lasso(alpha=alpha, tol=tol)
    steps = list(reg.fit_steps(X, y))
    assert steps[0].kind == "init" and np.all(steps[0].state["coef"] == 0)
    assert [s.kind for s in steps[1:]] == ["sweep"] * reg.n_iter_
    assert [int(s.state["sweep"]) for s in steps[1:]] == list(range(1, reg.n_iter_ + 1))
    losses = np.array([s.loss for s in steps])
    assert np.all(np.diff(losses) <= 1e-12 * losses[0]), "each sweep lowers the objective"
    for step in steps:
        assert step.loss == pytest.approx(
            _objective(X, y, step.state["coef"], step.state["intercept"], alpha), rel=1e-10)
    optimum = SkLasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y)
    best = _objective(X, y, optimum.coef_, optimum.intercept_, alpha)
    gaps = [(s, float(s.state["dual_gap"])) for s in steps[1:]
            if np.isfinite(s.state["dual_gap"])]
    assert gaps, "the gap is checked at least once"
    for step, gap in gaps:  # weak duality: the gap bounds the distance to the optimum
        assert step.loss - best <= gap * (1 + 1e-9) + 1e-12
    y_c = y - y.mean()
    assert gaps[-1][1] == reg.dual_gap_ <= tol * (y_c @ y_c) / len(y)
    assert "converged" in steps[-1].message
    changes = [float(s.state["max_change"]) for s in steps[1:]]
    assert changes[-1] <= tol * np.max(np.abs(reg.coef_))


def test_duality_gap_bounds_the_suboptimality_of_any_point():
    X, y = load_diabetes(return_X_y=True)
    X_c, y_c = X - X.mean(axis=0), y - y.mean()
    rng = np.random.default_rng(0)
    for alpha, l1_ratio in [(0.1, 1.0), (0.01, 0.5), (0.01, 0.0)]:
        lam1, lam2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
        best_model = SkElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12,
                                  max_iter=100_000).fit(X, y)
        best = _objective(X_c, y_c, best_model.coef_, 0.0, alpha, l1_ratio)
        for scale in (0.0, 1.0, 100.0):
            w = best_model.coef_ + scale * rng.normal(size=X.shape[1])
            r = y_c - X_c @ w
            gap = _duality_gap(np.ascontiguousarray(X_c.T), y_c, r, w, lam1, lam2, False)
            suboptimality = _objective(X_c, y_c, w, 0.0, alpha, l1_ratio) - best
            assert gap >= suboptimality - 1e-8 * best
            if scale == 0.0:
                assert gap <= 1e-6 * best


def test_coordinate_steps_give_the_same_model_and_show_each_update():
    X, y = _sparse_data(7, d=6)
    X[:, 2] = 1.5  # a constant feature: never updated
    alpha, l1_ratio = 2.0, 0.8
    by_sweep = ElasticNet(alpha=alpha, l1_ratio=l1_ratio).fit(X, y)
    by_coordinate = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, step_per="coordinate")
    steps = list(by_coordinate.fit_steps(X, y))
    np.testing.assert_array_equal(by_coordinate.coef_, by_sweep.coef_)
    assert by_coordinate.n_iter_ == by_sweep.n_iter_ and by_coordinate.coef_[2] == 0
    kinds = [s.kind for s in steps]
    assert kinds == ["init"] + (["coordinate"] * 5 + ["sweep"]) * by_sweep.n_iter_
    X_c = X - X.mean(axis=0)
    c = (X_c ** 2).sum(axis=0) / len(y)
    previous = steps[0]
    losses = [steps[0].loss]
    for step in steps[1:]:
        if step.kind == "sweep":
            np.testing.assert_array_equal(step.state["coef"], previous.state["coef"])
            continue
        j = int(step.state["coordinate"])
        assert j != 2
        moved = step.state["coef"] - previous.state["coef"]
        assert np.all(np.delete(moved, j) == 0), "only coordinate j moves"
        assert moved[j] == pytest.approx(float(step.state["coef_change"]))
        expected = soft_threshold(float(step.state["z"]), alpha * l1_ratio) / (
            c[j] + alpha * (1 - l1_ratio))
        assert step.state["coef"][j] == pytest.approx(expected, rel=1e-12)
        losses.append(step.loss)
        previous = step
    assert np.all(np.diff(losses) <= 1e-12 * losses[0]), "each update lowers the objective"
    assert "w[" in steps[1].message and "sweep 1, coordinate 0" in steps[1].message


def test_model_is_usable_mid_training():
    X, y = _sparse_data(8)
    reg = Lasso(alpha=0.5, step_per="coordinate")
    for step in reg.fit_steps(X, y):
        np.testing.assert_allclose(reg.predict(X),
                                   X @ step.state["coef"] + step.state["intercept"])


def test_max_iter_reached_warns_with_the_gap():
    X, y = load_diabetes(return_X_y=True)
    reg = Lasso(alpha=0.001, max_iter=3)
    with pytest.warns(ConvergenceWarning,
                      match="Objective did not converge.*max_iter=3.*duality gap"):
        steps = list(reg.fit_steps(X, y))
    assert reg.n_iter_ == 3 and len(steps) == 4
    assert np.isfinite(reg.dual_gap_) and reg.dual_gap_ == float(steps[-1].state["dual_gap"])
    assert "continue" in steps[-1].message


def test_alpha_zero_warns_and_points_to_linear_regression():
    X, y = _sparse_data(9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with pytest.warns(UserWarning, match="alpha=0.*LinearRegression"):
            Lasso(alpha=0.0, max_iter=5).fit(X, y)


def test_one_target_only():
    X, y = _sparse_data(10)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        reg = Lasso(alpha=0.5).fit(X, y.reshape(-1, 1))
    np.testing.assert_array_equal(reg.coef_, Lasso(alpha=0.5).fit(X, y).coef_)
    with pytest.raises(ValueError, match="y should be a 1d array"):
        Lasso().fit(X, np.column_stack([y, y]))


@pytest.mark.parametrize("estimator, match", [
    (Lasso(alpha=-1.0), r"The 'alpha' parameter of Lasso must be a float in the range "
                        r"\[0.0, inf\). Got -1.0 instead."),
    (ElasticNet(l1_ratio=1.5), r"'l1_ratio' parameter of ElasticNet must be a float in "
                               r"the range \[0.0, 1.0\]. Got 1.5"),
    (Lasso(max_iter=0), r"'max_iter' parameter of Lasso must be an int in the range \[1, inf\)"),
    (Lasso(max_iter=True), r"'max_iter' parameter of Lasso must be an int.*Got True instead"),
    (ElasticNet(tol=-1e-3), r"'tol' parameter of ElasticNet must be a float in the range "
                            r"\[0.0, inf\)"),
    (Lasso(step_per="feature"), "'step_per' parameter of Lasso must be a str among "
                                "{'sweep', 'coordinate'}. Got 'feature' instead."),
])
def test_bad_parameters_are_named(estimator, match):
    X, y = _sparse_data(0, n=10, d=2)
    with pytest.raises(ValueError, match=match):
        estimator.fit(X, y)


def test_bad_input_is_named():
    X, y = _sparse_data(0, n=10, d=2)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        ElasticNet().predict(X)
    reg = Lasso().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but Lasso is expecting 2"):
        reg.predict(np.hstack([X, X[:, :1]]))
