"""PerceptronVisualizer (Perceptron, SGDClassifier) and SGDRegressorVisualizer."""

import numpy as np
import pytest
from PIL import Image

import skratch
from skratch import Trace
from skratch.cluster import KMeans
from skratch.datasets import make_blobs, make_regression
from skratch.linear_model import LinearRegression, Perceptron, SGDClassifier, SGDRegressor
from skratch.viz import (
    GradientDescentVisualizer,
    PerceptronVisualizer,
    SGDRegressorVisualizer,
    animate,
    get_visualizer,
)

SIZE = {"figsize": (6, 2.6), "dpi": 30}


def separable():
    return make_blobs(n_samples=30, centers=[[0, 2], [2, 3]], cluster_std=0.5, random_state=0)


@pytest.fixture(scope="module")
def trace():
    return skratch.record(Perceptron(), *separable())


@pytest.fixture(scope="module")
def vis(trace):
    return PerceptronVisualizer(trace, **SIZE).setup()


def first(trace, kind, after=0):
    return next(i for i, s in enumerate(trace.steps) if s.kind == kind and i > after)


def on_line(vis, line, w, c):
    xs, ys = line.get_data()
    np.testing.assert_allclose(w[0] * np.asarray(xs) + w[1] * np.asarray(ys) + c, 0,
                               atol=1e-9 * max(1.0, abs(c)))


def test_is_registered_for_the_linear_classifiers_and_sgd_regression(trace):
    assert get_visualizer(Perceptron()) is PerceptronVisualizer
    assert get_visualizer(SGDClassifier()) is PerceptronVisualizer
    assert get_visualizer(SGDRegressor()) is SGDRegressorVisualizer
    assert issubclass(SGDRegressorVisualizer, GradientDescentVisualizer)
    assert {"PerceptronVisualizer", "SGDRegressorVisualizer"} <= set(skratch.viz.__all__)
    kinds = [s.kind for s in trace.steps]
    assert kinds[0] == "init" and kinds.count("update") > 5 and kinds[-1] == "epoch"


def test_the_boundary_and_w_follow_the_model(trace, vis):
    for position in (first(trace, "update"), first(trace, "epoch"), len(trace.steps) - 1):
        step = trace.steps[position]
        vis.update(position)
        w, b = step.state["coef"][0], step.state["intercept"][0]
        on_line(vis, vis._lines[0], w, b)
        start, end = (np.array(p) for p in vis._w_new._posA_posB)
        if position != first(trace, "update"):  # the first boundary misses the view
            assert w @ start + b == pytest.approx(0, abs=1e-9)  # w starts on it
        direction = end - start
        assert direction @ w == pytest.approx(np.linalg.norm(direction) * np.linalg.norm(w))
        assert vis.caption_text.get_text() == step.message


def test_a_correction_rings_the_point_and_draws_the_vector_sum(trace, vis):
    position = first(trace, "update", after=first(trace, "update"))
    step = trace.steps[position]
    vis.update(position)
    np.testing.assert_array_equal(vis._ring.get_offsets(), [step.state["point"]])
    w_before, b_before = step.state["coef_before"][0], step.state["intercept_before"][0]
    on_line(vis, vis._before, w_before, b_before)
    old_start, old_end = (np.array(p) for p in vis._w_old._posA_posB)
    step_start, step_end = (np.array(p) for p in vis._w_step._posA_posB)
    new_start, new_end = (np.array(p) for p in vis._w_new._posA_posB)
    # One scale for the three arrows: old w + eta y x = new w.
    np.testing.assert_allclose(old_start, new_start)
    np.testing.assert_allclose(old_end, step_start)
    np.testing.assert_allclose(step_end, new_end)
    scale = np.linalg.norm(new_end - new_start) / np.linalg.norm(step.state["coef"][0])
    correction = float(step.state["target"]) * step.state["point"]
    np.testing.assert_allclose(step_end - step_start, scale * correction, atol=1e-9)
    assert vis._w_step.get_visible() and vis._before.get_xydata().size


def test_epoch_frames_show_no_correction(trace, vis):
    vis.update(first(trace, "epoch"))
    assert not vis._w_step.get_visible() and not vis._w_old.get_visible()
    assert len(vis._ring.get_offsets()) == 0 and vis._before.get_xydata().size == 0


def test_the_start_has_no_boundary_and_no_regions(trace, vis):
    vis.update(0)
    assert len(vis._lines[0].get_xdata()) == 0
    assert not vis._w_new.get_visible()
    assert not vis._regions.get_visible()
    vis.update(1)
    assert vis._regions.get_visible()


def test_regions_are_the_predicted_classes(trace, vis):
    position = first(trace, "epoch")
    vis.update(position)
    step = trace.steps[position]
    grid = np.column_stack([vis._U.ravel(), vis._V.ravel()])
    scores = grid @ step.state["coef"][0] + step.state["intercept"][0]
    np.testing.assert_array_equal(np.asarray(vis._regions.get_array()).ravel(),
                                  (scores > 0).astype(int))


def test_side_panel_counts_mistakes_and_errors(trace, vis):
    X, y = trace.X, trace.y
    epochs = [(i, s) for i, s in enumerate(trace.steps) if s.kind == "epoch"]
    for position, step in epochs[:3]:
        vis.update(position)
        heights = vis._stairs.get_data().values
        e = int(step.state["epoch"])
        assert heights[e - 1] == int(step.state["mistakes"][0])
        assert not heights[e:].any()
        x, errors = vis._errors_history.line.get_data()
        assert x[-1] == e and errors[-1] == int(step.state["misclassified"])
    # Mid-epoch, the current epoch's bar holds the mistakes so far.
    position = first(trace, "update", after=epochs[0][0])
    vis.update(position)
    step = trace.steps[position]
    assert vis._stairs.get_data().values[int(step.state["epoch"]) - 1] == int(
        step.state["mistakes"])
    errors = np.count_nonzero(Perceptron().fit(X, y).predict(X) != y)
    assert vis._errors[-1] == errors == 0


def test_several_classes_draw_one_boundary_per_class():
    X, y = make_blobs(n_samples=60, centers=3, random_state=2)
    trace = skratch.record(Perceptron(), X, y)
    vis = PerceptronVisualizer(trace, **SIZE).setup()
    assert len(vis._lines) == 3
    position = next(i for i, s in enumerate(trace.steps)
                    if s.kind == "update" and int(s.state["class_index"]) == 1)
    vis.update(position)
    step = trace.steps[position]
    on_line(vis, vis._lines[1], step.state["coef"][1], step.state["intercept"][1])
    start = np.array(vis._w_new._posA_posB[0])
    assert step.state["coef"][1] @ start + step.state["intercept"][1] == pytest.approx(0)
    regions = np.asarray(vis._regions.get_array())
    assert set(np.unique(regions)) <= {0, 1, 2}


def test_sgd_classifier_traces_ring_the_batch_and_have_no_mistake_bars(tmp_path):
    X, y = make_blobs(n_samples=30, centers=2, random_state=0)
    model = SGDClassifier(step_per="batch", batch_size=5, max_iter=3, tol=None, random_state=0)
    anim = animate(model, X, y, max_frames=8, **SIZE)
    vis = anim.visualizer
    assert type(vis) is PerceptronVisualizer and vis._mistakes is None
    position = next(i for i, s in enumerate(anim.trace.steps) if s.kind == "update")
    vis.update(position)
    step = anim.trace.steps[position]
    np.testing.assert_array_equal(vis._ring.get_offsets(), X[step.state["samples"]])
    assert vis.axes[1].get_title() == "Training errors by epoch"
    anim.save(tmp_path / "sgd.gif")
    with Image.open(tmp_path / "sgd.gif") as gif:
        assert gif.n_frames == anim.n_frames == 8


def test_more_than_two_features_draw_the_slice_through_the_mean():
    X, y = make_blobs(n_samples=40, n_features=4, centers=2, random_state=0)
    trace = skratch.record(Perceptron(), X, y)
    with pytest.raises(ValueError, match="choose the two to draw with features"):
        PerceptronVisualizer(trace)
    vis = PerceptronVisualizer(trace, features=(2, 0), **SIZE)
    vis.update(-1)
    w, b = trace.estimator.coef_[0], trace.estimator.intercept_[0]
    offset = b + w[[1, 3]] @ X[:, [1, 3]].mean(axis=0)
    on_line(vis, vis._lines[0], w[[2, 0]], offset)
    assert vis.axes[0].get_xlabel() == "x[2]"


def test_rejects_what_it_cannot_draw():
    X, y = separable()
    with pytest.raises(ValueError, match="X has 1 feature"):
        PerceptronVisualizer(skratch.record(Perceptron(), X[:, :1], y))
    trace = skratch.record(Perceptron(), X, y)
    with pytest.raises(ValueError, match="needs the class labels y"):
        PerceptronVisualizer(Trace(trace.steps, X, None))
    with pytest.raises(ValueError, match="grid_size"):
        PerceptronVisualizer(trace, grid_size=1)
    kmeans = skratch.record(KMeans(n_clusters=2, random_state=0), X)
    with pytest.raises(ValueError, match="holds 'coef' and 'intercept'"):
        PerceptronVisualizer(Trace(kmeans.steps, X, y))


# -- SGD regression on the loss surface of gradient descent ------------------------

@pytest.fixture(scope="module")
def line():
    X, y = make_regression(n_samples=40, n_features=1, noise=10, random_state=0)
    return X, y


def test_sgd_regression_is_drawn_on_the_mse_scale(line):
    X, y = line
    model = SGDRegressor(learning_rate="constant", eta0=0.05, step_per="batch", max_iter=3,
                         tol=None, random_state=0)
    anim = animate(model, X, y, max_frames=10, **SIZE)
    vis = anim.visualizer
    assert type(vis) is SGDRegressorVisualizer
    for position in (0, 5, len(anim.trace.steps) - 1):
        step = anim.trace.steps[position]
        vis.update(position)
        w, b = float(step.state["coef"][0]), float(step.state["intercept"][0])
        mse = np.mean((X[:, 0] * w + b - y) ** 2)
        assert vis._loss_history.point.get_ydata()[0] == pytest.approx(mse, rel=1e-9)
        assert step.loss == pytest.approx(0.5 * mse + 0.5 * 1e-4 * w * w, rel=1e-9)
        assert tuple(np.ravel(vis._surface_point.get_data())) == (w, b)
    # The least-squares line of the panel is on the same scale as the curve.
    exact = LinearRegression().fit(X, y).loss_
    minimum = next(ln for ln in vis.axes[2].get_lines() if ln.get_linestyle() == "--")
    assert minimum.get_ydata()[0] == pytest.approx(exact, rel=1e-9)
    assert len(vis._path.get_xdata()) == len(anim.trace.steps)


def test_sgd_regression_rings_the_points_of_each_update(line):
    X, y = line
    model = SGDRegressor(batch_size=4, step_per="batch", max_iter=2, tol=None, random_state=0)
    trace = skratch.record(model, X, y)
    vis = SGDRegressorVisualizer(trace, **SIZE)
    position = next(i for i, s in enumerate(trace.steps) if s.kind == "update")
    vis.update(position)
    rows = trace.steps[position].state["samples"]
    np.testing.assert_array_equal(vis._ring.get_offsets(), np.column_stack([X[rows, 0], y[rows]]))
    vis.update(-1)  # an epoch step
    assert len(vis._ring.get_offsets()) == 0
