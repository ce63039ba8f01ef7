"""Regularization visualizers: Ridge on the (w, b) plane, coordinate descent, the L1/L2
geometry, coefficient paths, curve fits; and regularization_path."""

import warnings

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from sklearn.linear_model import Lasso as SkLasso
from sklearn.linear_model import Ridge as SkRidge

import skratch
from skratch import Trace
from skratch.linear_model import (ElasticNet, Lasso, LinearRegression, Ridge,
                                  regularization_path)
from skratch.pipeline import Pipeline, make_pipeline
from skratch.preprocessing import PolynomialFeatures, StandardScaler
from skratch.viz import (CoordinateDescentVisualizer, CurveFitVisualizer,
                         GradientDescentVisualizer, animate, get_visualizer)
from skratch.viz.linear_model._gradient_descent import _mse, _mse_moments
from skratch.viz.linear_model._regularization import (_COORDINATES, CoefficientPathVisualizer,
                                                      RegularizationGeometryVisualizer, _penalty)

SIZE = {"figsize": (11, 3.6), "dpi": 18}


def correlated(seed=2, n=50):
    """Two correlated features; the Lasso at alpha=1.1 zigzags, then zeroes w0."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)) @ [[1.0, 0.85], [0.0, 0.5]]
    return X, X @ [1.0, 1.6] + rng.normal(0, 0.6, n)


def two_features(seed=0, n=50):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)) @ [[1.0, 0.4], [0.0, 0.8]]
    return X, X @ [2.5, 1.0] + rng.normal(0, 1.0, n)


def wave(n, seed):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0, 1, n)).reshape(-1, 1)
    return x, np.cos(1.5 * np.pi * x[:, 0]) + rng.normal(0, 0.15, n)


ALPHAS = np.geomspace(0.02, 3, 12)


@pytest.fixture(scope="module")
def cd_trace():
    X, y = correlated()
    return skratch.record(Lasso(alpha=1.1, tol=1e-6, step_per="coordinate"), X, y)


@pytest.fixture(scope="module")
def sweep_trace():
    X, y = correlated()
    return skratch.record(Lasso(alpha=1.1, tol=1e-6), X, y)


@pytest.fixture(scope="module")
def paths():
    X, y = two_features()
    lasso = regularization_path(Lasso(tol=1e-10), X, y, ALPHAS)
    ridge = regularization_path(Ridge(), X, y, 2 * len(y) * ALPHAS)
    return lasso, ridge


@pytest.fixture(scope="module")
def wide_path():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 5))
    y = X @ [3.0, 0.0, -2.0, 0.5, 0.0] + rng.normal(0, 0.5, 60)
    return regularization_path(Lasso(), X, y, np.geomspace(0.01, 4, 9))


@pytest.fixture(scope="module")
def curve_path():
    x, y = wave(20, 0)
    pipe = make_pipeline(PolynomialFeatures(9, include_bias=False), StandardScaler(), Ridge())
    return regularization_path(pipe, x, y, np.geomspace(1e-6, 10, 8))


@pytest.fixture(scope="module")
def cd_vis(cd_trace):
    return make("cd", cd_trace, grid_size=40).setup()


@pytest.fixture(scope="module")
def sweep_vis(sweep_trace):
    return make("cd", sweep_trace, grid_size=40).setup()


@pytest.fixture(scope="module")
def geometry_vis(paths):
    lasso, ridge = paths
    return make("geometry", lasso, compare=ridge, grid_size=40).setup()


@pytest.fixture(scope="module")
def paths_vis(wide_path):
    return make("paths", wide_path, feature_names=list("abcde")).setup()


@pytest.fixture(scope="module")
def curve_vis(curve_path):
    x_test, y_test = wave(10, 4)
    return make("curve", curve_path, X_test=x_test, y_test=y_test).setup()


def make(kind, trace, **options):
    classes = {"cd": CoordinateDescentVisualizer, "geometry": RegularizationGeometryVisualizer,
               "paths": CoefficientPathVisualizer, "curve": CurveFitVisualizer}
    return classes[kind](trace, **SIZE, **options)


# -- registration --------------------------------------------------------------------

def test_registered_visualizers():
    assert get_visualizer(Lasso()) is CoordinateDescentVisualizer
    assert get_visualizer(ElasticNet()) is CoordinateDescentVisualizer
    assert get_visualizer(Ridge()) is GradientDescentVisualizer
    # A pipeline is drawn as its final step is, unless it fits a curve to
    # polynomial features of its input (tests/viz/test_registry.py).
    assert get_visualizer(make_pipeline(StandardScaler(), Ridge())) is GradientDescentVisualizer
    assert get_visualizer(make_pipeline(PolynomialFeatures(3), StandardScaler(), Ridge())) \
        is CurveFitVisualizer
    assert skratch.viz.CoordinateDescentVisualizer is CoordinateDescentVisualizer


# -- Ridge on the (w, b) plane ------------------------------------------------------

def test_ridge_surface_optimum_and_losses_are_ridges():
    rng = np.random.default_rng(0)
    X = rng.normal(1.0, 1.0, size=(40, 1))
    y = 2 * X[:, 0] - 1 + rng.normal(0, 0.3, 40)
    alpha = 25.0
    trace = skratch.record(Ridge(alpha=alpha, solver="gd", learning_rate=0.1), X, y)
    vis = GradientDescentVisualizer(trace, **SIZE).setup()
    sk = SkRidge(alpha=alpha).fit(X, y)
    star = next(line for line in vis.axes[1].get_lines() if line.get_marker() == "*")
    assert star.get_xdata()[0] == pytest.approx(sk.coef_[0], rel=1e-10)
    assert star.get_ydata()[0] == pytest.approx(sk.intercept_, rel=1e-10)
    # Not the least-squares line: the penalty pulls the slope towards 0.
    ls = LinearRegression().fit(X, y)
    assert abs(sk.coef_[0]) < abs(ls.coef_[0]) - 0.05
    # The surface is Ridge's step loss (objective / n) everywhere, not the MSE.
    moments, penalty = _mse_moments(X[:, 0], y), vis._penalty
    assert penalty == pytest.approx(alpha / 40)
    for step in trace.steps[:: max(1, len(trace.steps) // 6)]:
        w, b = float(step.state["coef"][0]), float(step.state["intercept"])
        assert _mse(moments, w, b, penalty) == pytest.approx(step.loss, rel=1e-9)
    minimum = next(line for line in vis.axes[2].get_lines() if line.get_linestyle() == "--")
    expected = (np.sum((sk.predict(X) - y) ** 2) + alpha * sk.coef_[0] ** 2) / 40
    assert minimum.get_ydata()[0] == pytest.approx(expected, rel=1e-9)
    assert trace.losses.min() >= expected * (1 - 1e-12)
    assert vis.axes[2].get_ylabel() == "loss (MSE + αw²/n)"


def test_ridge_without_intercept_and_closed_form_traces():
    rng = np.random.default_rng(3)
    X = rng.normal(1.0, 1.0, size=(30, 1))
    y = 1.5 * X[:, 0] + rng.normal(0, 0.2, 30)
    trace = skratch.record(Ridge(alpha=10.0, fit_intercept=False), X, y)
    assert [s.kind for s in trace.steps] == ["solve"]
    vis = GradientDescentVisualizer(trace, **SIZE)
    vis.update(0)
    sk = SkRidge(alpha=10.0, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(np.ravel(vis._surface_point.get_data()), [sk.coef_[0], 0.0],
                               rtol=1e-9, atol=1e-12)


# -- coordinate descent --------------------------------------------------------------

def segments(vis):
    return np.asarray(vis._path.get_segments())


def test_every_move_is_parallel_to_an_axis(cd_vis, sweep_vis):
    for vis in (cd_vis, sweep_vis):
        vis.update(-1)
        moves = segments(vis)
        assert len(moves) >= 20
        changed = moves[:, 1] != moves[:, 0]
        assert np.all(changed.sum(axis=1) <= 1), "one coordinate at a time"
        # Moves along w0 are blue, along w1 green.
        colors = vis._path.get_colors()
        for move, color in zip(changed, colors):
            if move.any():
                along = int(np.argmax(move))
                np.testing.assert_allclose(color, to_rgba(_COORDINATES[along]))
    # The staircase replayed from whole sweeps is the path taken one coordinate at a time.
    by_coordinate, by_sweep = cd_vis, sweep_vis

    def corners(vis):
        v = vis._vertices
        keep = np.ones(len(v), dtype=bool)
        keep[1:] = np.any(v[1:] != v[:-1], axis=1)
        return v[keep]

    np.testing.assert_allclose(corners(by_sweep), corners(by_coordinate), rtol=1e-12)


def column_scales(X, fit_intercept=True):
    """c_j = ||x_j||² / n on the centred data, computed here, not by the estimator."""
    X_c = X - X.mean(axis=0) if fit_intercept else X
    return (X_c ** 2).sum(axis=0) / len(X)


def update_line(vis, j):
    """The drawn graph of the update of w_j, as (z, new w_j) points."""
    line = next(line for line in vis.axes[1].get_lines() if line.get_label() == f"new w{j}")
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def test_z_and_the_soft_threshold(cd_trace, cd_vis):
    vis = cd_vis
    updates = {position: (j, z, w) for position, j, z, w in vis._updates}
    lam = 1.1
    c = column_scales(cd_trace.X)
    zeroed = 0
    for position, step in enumerate(cd_trace.steps):
        if step.kind != "coordinate":
            assert position not in updates
            continue
        j, z, new_w = updates[position]
        # The visualizer shows the step's own numbers ...
        assert j == int(step.state["coordinate"])
        assert z == float(step.state["z"])
        assert new_w == float(step.state["coef"][j])
        # ... which are the soft-threshold update.
        expected = np.sign(z) * max(abs(z) - lam, 0.0) / c[j]
        assert new_w == pytest.approx(expected, rel=1e-10, abs=1e-14)
        # The drawn update passes through each update's point.
        assert np.interp(z, *update_line(vis, j)) == pytest.approx(new_w, rel=1e-9, abs=1e-12)
        vis.update(position)
        marker = np.ravel(vis._markers[j].get_data())
        np.testing.assert_allclose(marker, [z, new_w])
        assert len(vis._rings[j].get_xdata()) == 1 and len(vis._rings[1 - j].get_xdata()) == 0
        zeroed += abs(z) <= lam
    assert zeroed >= 1, "the dead zone is seen at work"
    vis.update(0)
    assert all(len(m.get_xdata()) == 0 for m in vis._markers)


def test_objective_contours_and_solution_are_the_lassos(cd_trace, cd_vis):
    vis = cd_vis
    for step in cd_trace.steps[::5]:
        w = np.asarray(step.state["coef"])
        value = vis._objective(np.array(w[0]), np.array(w[1]))
        assert float(value) == pytest.approx(step.loss, rel=1e-9)
    # The solution drawn is the fitted model (no hidden refit), which the
    # duality gap puts within tol of the exact one.
    np.testing.assert_array_equal(vis._w_opt, cd_trace.estimator.coef_)
    sk = SkLasso(alpha=1.1, tol=1e-12, max_iter=100_000).fit(cd_trace.X, cd_trace.y)
    np.testing.assert_allclose(vis._w_opt, sk.coef_, atol=1e-5)
    assert vis._w_opt[0] == 0.0
    star = next(line for line in vis.axes[0].get_lines() if line.get_marker() == "*")
    np.testing.assert_allclose([star.get_xdata()[0], star.get_ydata()[0]], vis._w_opt)


def test_elastic_net_update_divides_by_c_plus_lambda_2():
    X, y = correlated()
    trace = skratch.record(ElasticNet(alpha=1.0, l1_ratio=0.6, step_per="coordinate"), X, y)
    vis = make("cd", trace, grid_size=20).setup()
    c = column_scales(X)
    assert vis._updates
    for position, j, z, new_w in vis._updates:
        expected = np.sign(z) * max(abs(z) - 0.6, 0.0) / (c[j] + 0.4)
        assert new_w == pytest.approx(expected, rel=1e-10, abs=1e-14)
        assert np.interp(z, *update_line(vis, j)) == pytest.approx(new_w, rel=1e-9, abs=1e-12)
    for j in range(2):  # slope 1 / (c_j + λ2) outside the dead zone, flat inside
        z, w = update_line(vis, j)
        assert (w[-1] - w[-2]) / (z[-1] - z[-2]) == pytest.approx(1 / (c[j] + 0.4), rel=1e-9)
        assert w[1] == w[2] == 0.0 and (z[1], z[2]) == pytest.approx((-0.6, 0.6))
    objective = vis._objective(*np.asarray(trace.steps[-1].state["coef"]))
    assert float(objective) == pytest.approx(trace.steps[-1].loss, rel=1e-9)


def test_positive_weights_have_a_one_sided_dead_zone():
    X, y = correlated()
    trace = skratch.record(Lasso(alpha=0.3, positive=True, step_per="coordinate"), -X, y)
    vis = make("cd", trace, grid_size=20).setup()
    c = column_scales(X)
    for position, j, z, new_w in vis._updates:
        assert new_w == pytest.approx(max(z - 0.3, 0.0) / c[j], rel=1e-10, abs=1e-14)
        assert np.interp(z, *update_line(vis, j)) == pytest.approx(new_w, rel=1e-9, abs=1e-12)
    z, w = update_line(vis, 0)
    assert np.all(w[z <= 0.3] == 0.0) and z[0] < -0.3


def test_a_sweep_shown_whole_draws_the_updates_it_made_in_its_order():
    # With selection="random" the order changes every sweep: the staircase
    # follows the order each sweep step gives.
    X, y = correlated()
    kwargs = dict(alpha=0.3, tol=1e-6, selection="random", random_state=3)
    by_sweep = make("cd", skratch.record(Lasso(**kwargs), X, y), grid_size=20).setup()
    by_coordinate = make("cd", skratch.record(Lasso(step_per="coordinate", **kwargs), X, y),
                         grid_size=20).setup()
    orders = [tuple(np.asarray(s.state["coordinates"])) for s in by_sweep.trace.steps[1:]]
    assert (0, 1) in orders and (1, 0) in orders
    assert [(j, z) for _, j, z, _ in by_sweep._updates] == [
        (j, z) for _, j, z, _ in by_coordinate._updates]
    moves = by_sweep._vertices[1:] != by_sweep._vertices[:-1]
    assert np.all(moves.sum(axis=1) <= 1)
    np.testing.assert_array_equal(by_sweep._vertices[by_sweep._ends],
                                  by_sweep._coefs)


def test_coordinate_descent_errors():
    X, y = correlated()
    X3 = np.column_stack([X, X[:, 0] - X[:, 1]])
    trace = skratch.record(Lasso(alpha=0.5), X3, y)
    with pytest.raises(ValueError, match=r"two weights \(w0, w1\), but X has 3 features\. "
                                         r"Fit on two columns, e\.g\. X\[:, \[0, 1\]\]"):
        CoordinateDescentVisualizer(trace)
    with pytest.raises(ValueError, match="X has 3 features"):
        animate(Lasso(alpha=0.5), X3, y)
    ridge = skratch.record(Ridge(), X, y)
    with pytest.raises(ValueError, match="Lasso and ElasticNet; the trace's estimator is Ridge"):
        CoordinateDescentVisualizer(ridge)
    path = regularization_path(Lasso(), X, y, [0.1, 1.0])
    with pytest.raises(ValueError, match="use RegularizationGeometryVisualizer"):
        CoordinateDescentVisualizer(path)
    with pytest.raises(ValueError, match="grid_size"):
        CoordinateDescentVisualizer(skratch.record(Lasso(), X, y), grid_size=1)
    run = skratch.record(Lasso(step_per="coordinate"), X, y)
    with pytest.raises(ValueError, match=r"reads the coordinate update from the run's 'init' "
                                         r"step .*first step \('coordinate'\)"):
        CoordinateDescentVisualizer(Trace(run.steps[1:], X, y, run.estimator))


# -- the L1 / L2 geometry --------------------------------------------------------------

def test_ball_and_contour_touch_at_the_solution(paths, geometry_vis):
    lasso, ridge = paths
    vis = geometry_vis
    G, w_hat = vis._G, vis._w_ls
    for k, (trace, rho) in enumerate(((lasso, 1.0), (ridge, 0.0))):
        for position in range(len(trace.steps)):
            w = vis._coefs[k][position]
            level = float(_penalty(rho, w))
            ball, contour = vis._balls[k][position], vis._contours[k][position]
            np.testing.assert_allclose(_penalty(rho, ball), level, rtol=1e-9, atol=1e-12)
            d = contour - w_hat
            np.testing.assert_allclose(np.einsum("ij,jk,ik->i", d, G, d),
                                       (w - w_hat) @ G @ (w - w_hat), rtol=1e-9, atol=1e-12)
            # w* is the least-squares point within its ball: the contour through it
            # never enters the ball (it touches it at w*).
            assert _penalty(rho, contour).min() >= level * (1 - 1e-5) - 1e-9
    # The diamond's corner: large alphas zero a weight exactly; Ridge's never do.
    assert np.any(vis._coefs[0] == 0.0, axis=1).sum() >= 2
    assert not np.any(vis._coefs[1] == 0.0)


def test_geometry_frames_follow_the_path(paths, geometry_vis):
    lasso, ridge = paths
    vis = geometry_vis
    for position in (0, 5, len(lasso.steps) - 1):
        vis.update(position)
        for k, trace in enumerate((lasso, ridge)):
            artists = vis._geometry[k]
            w = np.asarray(trace.steps[position].state["coef"])
            np.testing.assert_allclose(np.ravel(artists["point"].get_data()), w)
            assert len(artists["path"].get_xdata()) == position + 1
            ball = vis._balls[k][position]
            np.testing.assert_allclose(artists["ball"].get_xy()[:len(ball)], ball)
        alpha = lasso.steps[position].state["alpha"]
        assert vis._alpha_line.get_xdata()[0] == alpha
        assert "alpha = " in vis._geometry[0]["text"].get_text()
        assert vis.caption_text.get_text() == lasso.steps[position].message
    titles = [ax.get_title() for ax in vis.axes]
    assert titles == ["Lasso: the L1 diamond", "Ridge: the L2 circle", "Weights against alpha"]
    labels = [t.get_text() for t in vis.axes[2].get_legend().get_texts()]
    assert "w0 (Ridge, alpha × 100)" in labels
    single = RegularizationGeometryVisualizer(lasso, grid_size=10, figsize=(7, 3.6), dpi=18)
    assert len(single.setup().axes) == 2


def test_geometry_errors(paths, wide_path):
    lasso, ridge = paths
    with pytest.raises(ValueError, match="X has 5 features.*CoefficientPathVisualizer"):
        RegularizationGeometryVisualizer(wide_path)
    with pytest.raises(ValueError, match="as many steps"):
        RegularizationGeometryVisualizer(lasso, compare=Trace(ridge.steps[:3], ridge.X,
                                                              ridge.y, ridge.estimator))
    X, y = correlated()
    other = regularization_path(Ridge(), X, y, ALPHAS)
    with pytest.raises(ValueError, match="same data"):
        RegularizationGeometryVisualizer(lasso, compare=other)
    run = skratch.record(Lasso(), *two_features())
    with pytest.raises(ValueError, match="holds 'alpha' and 'coef'.*regularization_path"):
        RegularizationGeometryVisualizer(run)
    X, y = two_features()
    collinear = np.column_stack([X[:, 0], 2 * X[:, 0]])
    with pytest.raises(ValueError, match="not collinear"):
        RegularizationGeometryVisualizer(regularization_path(Ridge(), collinear, y, [1.0]))
    fake = regularization_path(LinearRegression(), X, y, [0.0], param="tol")
    with pytest.raises(ValueError, match="penalties of Lasso, ElasticNet and Ridge"):
        RegularizationGeometryVisualizer(fake)


# -- coefficient paths ------------------------------------------------------------------

def test_coefficient_bars_and_points(wide_path, paths_vis):
    vis = paths_vis
    for position, step in enumerate(wide_path.steps):
        vis.update(position)
        coef = np.asarray(step.state["coef"])
        np.testing.assert_allclose([bar.get_width() for bar in vis._bars], coef)
        np.testing.assert_allclose(vis._points.get_offsets()[:, 1], coef)
        assert vis._count.get_text() == f"{np.count_nonzero(coef)} of 5 weights non-zero"
    assert [t.get_text() for t in vis.axes[1].get_yticklabels()] == list("abcde")
    assert vis.axes[0].get_xscale() == "log"
    with pytest.raises(ValueError, match="feature_names has 2 names but the model has 5"):
        CoefficientPathVisualizer(wide_path, feature_names=["a", "b"])


# -- curves ------------------------------------------------------------------------------

def test_curve_is_the_pipelines_prediction(curve_path, curve_vis):
    x_test, y_test = wave(10, 4)
    vis = curve_vis
    vis.update(-1)
    pipe = curve_path.estimator
    xs, ys = vis._curve.get_data()
    np.testing.assert_allclose(ys, pipe.predict(np.reshape(xs, (-1, 1))), rtol=1e-10)
    assert vis._train_mse[-1] == pytest.approx(np.mean((pipe.predict(curve_path.X)
                                                        - curve_path.y) ** 2), rel=1e-10)
    assert vis._test_mse[-1] == pytest.approx(np.mean((pipe.predict(x_test) - y_test) ** 2),
                                              rel=1e-10)
    # More penalty, a worse fit of the training data.
    assert np.all(np.diff(vis._train_mse) > -1e-12)
    np.testing.assert_allclose(vis._weights.get_ydata(),
                               np.abs(curve_path.steps[-1].state["coef"]))
    assert vis.axes[2].get_title() == "Error against alpha"
    assert vis.frame_spacing == "linear"


def test_animate_takes_a_pipeline_run(tmp_path):
    x, y = wave(20, 0)
    pipe = make_pipeline(PolynomialFeatures(5, include_bias=False), StandardScaler(),
                         Ridge(alpha=1.0, solver="gd", learning_rate=0.05, max_iter=60))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        anim = animate(pipe, x, y, max_frames=6, **SIZE)
    assert type(anim.visualizer) is CurveFitVisualizer and isinstance(anim.trace.estimator,
                                                                      Pipeline)
    vis = anim.visualizer
    vis.update(-1)
    xs, ys = vis._curve.get_data()
    np.testing.assert_allclose(ys, pipe.predict(np.reshape(xs, (-1, 1))), rtol=1e-10)
    assert vis.axes[2].get_title() == "Error by step" and vis.frame_spacing == "log"
    anim.save(tmp_path / "curve.gif")


def test_curve_errors(curve_path):
    X, y = two_features()
    with pytest.raises(ValueError, match=r"one input feature.*shape \(50, 2\).*visualizer="):
        animate(make_pipeline(PolynomialFeatures(2), StandardScaler(), Ridge()), X, y)
    with pytest.raises(ValueError, match="both X_test and y_test"):
        CurveFitVisualizer(curve_path, X_test=curve_path.X)


# -- regularization_path ---------------------------------------------------------------

def test_path_matches_separate_fits_and_leaves_the_estimator_alone(paths):
    lasso, ridge = paths
    X, y = lasso.X, lasso.y
    for step, alpha in zip(lasso.steps, ALPHAS):
        assert step.kind == "alpha" and float(step.state["alpha"]) == alpha
        sk = SkLasso(alpha=alpha, tol=1e-10).fit(X, y)
        np.testing.assert_allclose(step.state["coef"], sk.coef_, atol=1e-6)
        assert float(step.state["intercept"]) == pytest.approx(sk.intercept_, abs=1e-6)
    for step in ridge.steps:
        sk = SkRidge(alpha=float(step.state["alpha"])).fit(X, y)
        np.testing.assert_allclose(step.state["coef"], sk.coef_, rtol=1e-8)
    assert lasso.estimator.alpha == ALPHAS[-1] and lasso.steps[-1].loss == lasso.estimator.loss_
    template = Lasso(alpha=7.0)
    regularization_path(template, X, y, [0.5])
    assert template.alpha == 7.0 and not hasattr(template, "coef_")


def test_path_finds_the_alpha_of_a_pipeline_and_rejects_bad_input(curve_path):
    assert curve_path.estimator.named_steps.ridge.alpha == 10.0
    X, y = two_features()
    with pytest.raises(ValueError, match="pass param=..."):
        regularization_path(LinearRegression(), X, y, [1.0])
    with pytest.raises(ValueError, match="no parameter 'beta'"):
        regularization_path(Ridge(), X, y, [1.0], param="beta")
    for alphas in ([], [-1.0], [[1.0]], [np.nan]):
        with pytest.raises(ValueError, match="non-negative"):
            regularization_path(Ridge(), X, y, alphas)


# -- saved and loaded traces (with their options) ------------------------------------

@pytest.fixture(scope="module")
def cases(cd_vis, sweep_vis, geometry_vis, paths_vis, curve_vis):
    return {"cd": cd_vis, "sweep": sweep_vis, "geometry": geometry_vis, "paths": paths_vis,
            "curve": curve_vis}


def test_saved_and_loaded_traces_draw_the_same(cases, paths, tmp_path):
    x, y = wave(15, 2)
    plain = regularization_path(Ridge(), x, y, [0.01, 1.0, 100.0])  # a pipeline cannot be saved
    pairs = [(vis.trace, vis) for kind, vis in cases.items() if kind != "curve"]
    pairs.append((plain, make("curve", plain)))
    compare = paths[1]
    compare.save(tmp_path / "compare.npz")
    for i, (trace, original) in enumerate(pairs):
        trace.save(tmp_path / f"{i}.npz")
        loaded = Trace.load(tmp_path / f"{i}.npz")
        options = {"grid_size": original.grid_size} if hasattr(original, "grid_size") else {}
        if isinstance(original, RegularizationGeometryVisualizer):
            options["compare"] = Trace.load(tmp_path / "compare.npz")
        if isinstance(original, CoefficientPathVisualizer):
            options["feature_names"] = original.feature_names
        if isinstance(original, CurveFitVisualizer):
            options = {}
        replayed = type(original)(loaded, **SIZE, **options)
        position = len(trace.steps) // 2
        np.testing.assert_array_equal(replayed.render(position), original.render(position),
                                      err_msg=type(original).__name__)
    anim = animate(Trace.load(tmp_path / "0.npz"), max_frames=4, **SIZE)
    assert type(anim.visualizer) is CoordinateDescentVisualizer
