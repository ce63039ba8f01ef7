"""GradientDescentVisualizer: the data, the loss surface and the loss curve."""

import numpy as np
import pytest
from PIL import Image
from sklearn.linear_model import LinearRegression as SkLinearRegression

import skratch
from skratch import Trace
from skratch.cluster import KMeans
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import LinearRegression
from skratch.viz import Animation, GradientDescentVisualizer, animate
from skratch.viz.linear_model._gradient_descent import _mse, _mse_moments

SIZE = {"figsize": (6, 2.6), "dpi": 25}


def line_data(n=50, slope=2.0, intercept=-1.0, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(1.0, 1.0, size=(n, 1))
    y = slope * X[:, 0] + intercept + rng.normal(0, 0.3, n)
    return X, y


@pytest.fixture(scope="module")
def trace():
    X, y = line_data()
    return skratch.record(LinearRegression(solver="gd", learning_rate=0.1, max_iter=400), X, y)


@pytest.fixture(scope="module")
def vis(trace):
    return GradientDescentVisualizer(trace, **SIZE).setup()


def marker_line(ax, marker):
    return next(line for line in ax.get_lines() if line.get_marker() == marker
                and len(line.get_xdata()) == 1 and line.get_visible())


def test_rejects_more_than_one_feature():
    X = np.random.default_rng(0).normal(size=(30, 3))
    trace = skratch.record(LinearRegression(solver="gd"), X, X @ [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="draws one feature: X has 3 columns"):
        GradientDescentVisualizer(trace)
    with pytest.raises(ValueError, match="draws one feature"):
        animate(LinearRegression(solver="gd"), X, X @ [1.0, 2.0, 3.0])


def test_rejects_more_than_one_target_but_takes_a_single_column():
    X, y = line_data()
    Y = np.column_stack([y, -y])
    trace = skratch.record(LinearRegression(solver="gd"), X, Y)
    with pytest.raises(ValueError, match=r"draws one target: y has shape \(50, 2\)"):
        GradientDescentVisualizer(trace)
    column = skratch.record(LinearRegression(solver="gd"), X, y[:, None])
    assert column.steps[-1].state["coef"].shape == (1, 1)
    vis = GradientDescentVisualizer(column, **SIZE)
    vis.update(-1)
    slope = np.polyfit(*vis._line.get_data(), 1)[0]
    assert slope == pytest.approx(column.estimator.coef_[0, 0])


def test_rejects_traces_of_other_models():
    X, _ = line_data()
    trace = skratch.record(KMeans(n_clusters=2, random_state=0, n_init=1), np.hstack([X, X]))
    trace.X = X  # one feature, so the complaint is about the steps
    trace.y = X[:, 0]
    with pytest.raises(ValueError, match="needs steps whose state holds 'coef' and 'intercept'"):
        GradientDescentVisualizer(trace)
    without_y = Trace(trace.steps, X, None)
    with pytest.raises(ValueError, match="needs the targets y"):
        GradientDescentVisualizer(without_y)


def test_rejects_bad_options(trace):
    with pytest.raises(ValueError, match="grid_size"):
        GradientDescentVisualizer(trace, grid_size=1)
    with pytest.raises(ValueError, match="loss_scale"):
        GradientDescentVisualizer(trace, loss_scale="cubic")


def test_optimum_is_scikit_learns_least_squares_solution(trace, vis):
    sk = SkLinearRegression().fit(trace.X, trace.y)
    star = marker_line(vis.axes[1], "*")
    assert star.get_xdata()[0] == pytest.approx(sk.coef_[0], rel=1e-10)
    assert star.get_ydata()[0] == pytest.approx(sk.intercept_, rel=1e-10)
    dashed = next(line for line in vis.axes[0].get_lines() if line.get_linestyle() == "--")
    xs, ys = dashed.get_data()
    np.testing.assert_allclose(ys, sk.predict(np.asarray(xs).reshape(-1, 1)), rtol=1e-10)
    minimum = next(line for line in vis.axes[2].get_lines() if line.get_linestyle() == "--")
    expected = np.mean((sk.predict(trace.X) - trace.y) ** 2)
    assert minimum.get_ydata()[0] == pytest.approx(expected, rel=1e-9)


def test_loss_surface_is_the_mse_of_the_line():
    X, y = line_data(n=20)
    w, b = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 4, 5))
    brute = np.mean((w[..., None] * X[:, 0] + b[..., None] - y) ** 2, axis=-1)
    np.testing.assert_allclose(_mse(_mse_moments(X[:, 0], y), w, b), brute, rtol=1e-10)


def test_surface_covers_the_whole_path_and_the_optimum(trace, vis):
    (w_low, w_high), (b_low, b_high) = vis.axes[1].get_xlim(), vis.axes[1].get_ylim()
    w = [float(s.state["coef"][0]) for s in trace.steps]
    b = [float(s.state["intercept"]) for s in trace.steps]
    star = marker_line(vis.axes[1], "*")
    for values, low, high, optimum in ((w, w_low, w_high, star.get_xdata()[0]),
                                       (b, b_low, b_high, star.get_ydata()[0])):
        extent = np.append(values, optimum)
        margin = 0.05 * (extent.max() - extent.min())
        assert low < extent.min() - margin and extent.max() + margin < high
    contours = vis.axes[1].collections
    assert contours, "the loss surface is drawn"


def test_update_draws_the_path_so_far_and_the_current_model(trace, vis):
    for position in (0, 1, 7, len(trace.steps) - 1):
        step = trace.steps[position]
        vis.update(step)
        w, b = float(step.state["coef"][0]), float(step.state["intercept"])
        path_w, path_b = vis._path.get_data()
        assert len(path_w) == position + 1
        assert (path_w[-1], path_b[-1]) == (w, b)
        assert tuple(np.ravel(vis._surface_point.get_data())) == (w, b)
        xs, ys = vis._line.get_data()
        np.testing.assert_allclose(ys, w * np.asarray(xs) + b)
        iterations, losses = vis._loss_history.line.get_data()
        np.testing.assert_array_equal(iterations, [s.index for s in trace.steps[:position + 1]])
        assert losses[-1] == step.loss
        assert tuple(np.ravel(vis._loss_history.point.get_data())) == (step.index, step.loss)
        assert vis.caption_text.get_text() == step.message


def test_panels_are_labelled_with_legends(vis):
    titles = [ax.get_title() for ax in vis.axes]
    assert titles == ["Data and current line", "Loss surface L(w, b)", "Loss by iteration"]
    for ax in vis.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None


def test_loss_axis_is_logarithmic_when_losses_span_decades():
    X, y = line_data(intercept=5.0)
    wide = skratch.record(LinearRegression(solver="gd", learning_rate=0.1), X, y)
    assert wide.losses.max() / wide.losses.min() > 100
    assert GradientDescentVisualizer(wide, **SIZE).setup().axes[2].get_yscale() == "log"
    forced = GradientDescentVisualizer(wide, loss_scale="linear", **SIZE).setup()
    assert forced.axes[2].get_yscale() == "linear"
    X, y = line_data()
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        short = skratch.record(LinearRegression(solver="gd", learning_rate=0.01, max_iter=2), X, y)
    assert short.losses.max() / short.losses.min() < 100
    narrow = GradientDescentVisualizer(short, **SIZE).setup()
    assert narrow.axes[2].get_yscale() == "linear"


def test_normal_solver_draws_the_solution_in_one_frame(tmp_path):
    X, y = line_data()
    anim = animate(LinearRegression(), X, y, **SIZE)
    assert anim.n_frames == 1 and anim.frame_steps[0].kind == "solve"
    vis = anim.visualizer
    vis.update(0)
    star = marker_line(vis.axes[1], "*")
    np.testing.assert_allclose(np.ravel(vis._surface_point.get_data()),
                               [star.get_xdata()[0], star.get_ydata()[0]], rtol=1e-9)
    anim.save(tmp_path / "solve.gif")
    with Image.open(tmp_path / "solve.gif") as gif:
        assert gif.n_frames == 1


def test_a_diverging_run_is_drawn_without_squashing_the_data():
    X, y = line_data()
    with pytest.warns(ConvergenceWarning, match="diverged"):
        trace = skratch.record(LinearRegression(solver="gd", learning_rate=1.5, max_iter=60), X, y)
    vis = GradientDescentVisualizer(trace, **SIZE).setup()
    low, high = vis.axes[0].get_ylim()
    span = np.ptp(y)
    assert low >= y.min() - 1.5 * span and high <= y.max() + 1.5 * span
    assert low < y.min() and high > y.max()
    w = [float(s.state["coef"][0]) for s in trace.steps]
    assert vis.axes[1].get_xlim()[0] < min(w) and max(w) < vis.axes[1].get_xlim()[1]
    assert vis.axes[2].get_yscale() == "log"
    assert Animation(vis, max_frames=10).frame(-1).shape == (65, 150, 3)


def test_without_intercept_the_optimum_stays_on_b_equals_zero():
    X, y = line_data()
    trace = skratch.record(LinearRegression(solver="gd", fit_intercept=False), X, y)
    vis = GradientDescentVisualizer(trace, **SIZE).setup()
    star = marker_line(vis.axes[1], "*")
    sk = SkLinearRegression(fit_intercept=False).fit(X, y)
    assert star.get_xdata()[0] == pytest.approx(sk.coef_[0], rel=1e-10)
    assert star.get_ydata()[0] == 0.0


