"""LogisticRegressionVisualizer: the probability surface, the boundaries and the loss."""

import numpy as np
import pytest

import skratch
from skratch.base import clone
from skratch.cluster import KMeans
from skratch.datasets import make_blobs
from skratch.exceptions import ConvergenceWarning
from skratch.linear_model import LinearRegression, LogisticRegression
from skratch.viz import Animation, LogisticRegressionVisualizer, animate, get_visualizer
from skratch.viz.linear_model._logistic_regression import _segment

SIZE = {"figsize": (6, 2.6), "dpi": 25, "grid_size": 24}


def blobs(centers=2, n_features=2, seed=0, n=90):
    if centers == 2:  # two overlapping clouds: some points stay misclassified
        centers = [[-1.0] + [0.0] * (n_features - 1), [1.5] + [1.0] * (n_features - 1)]
    return make_blobs(n_samples=n, centers=centers, n_features=n_features,
                      cluster_std=1.5, random_state=seed)


@pytest.fixture(scope="module")
def binary_trace():
    X, y = blobs()
    labels = np.array(["no", "yes"])[y]
    with pytest.warns(ConvergenceWarning, match="max_iter=40 was reached"):
        return skratch.record(LogisticRegression(solver="gd", max_iter=40), X, labels)


@pytest.fixture(scope="module")
def multi_trace():
    X, y = blobs(centers=3, seed=4)
    return skratch.record(LogisticRegression(), X, y)


def model_at(trace, step):
    """The trace's estimator with the parameters of ``step``."""
    model = clone(trace.estimator)
    for name in ("classes_", "n_features_in_"):
        setattr(model, name, getattr(trace.estimator, name))
    model.coef_ = np.array(step.state["coef"])
    model.intercept_ = np.array(step.state["intercept"])
    return model


def grid_centres(vis):
    """The points the image's pixels stand for, row by row from the bottom."""
    x0, x1, y0, y1 = vis._image.get_extent()
    size = vis.grid_size
    gx = x0 + (np.arange(size) + 0.5) * (x1 - x0) / size
    gy = y0 + (np.arange(size) + 0.5) * (y1 - y0) / size
    GX, GY = np.meshgrid(gx, gy)
    return np.column_stack([GX.ravel(), GY.ravel()])


# -- refusing what it cannot draw -------------------------------------------------

def test_needs_two_features_and_a_choice_beyond_two():
    X, y = blobs(n_features=1)
    trace = skratch.record(LogisticRegression(), X, y)
    with pytest.raises(ValueError, match="plane of two features, but X has 1 feature"):
        LogisticRegressionVisualizer(trace)
    X, y = blobs(n_features=3)
    trace = skratch.record(LogisticRegression(), X, y)
    with pytest.raises(ValueError, match=r"choose the two to draw with features=\(i, j\)"):
        LogisticRegressionVisualizer(trace)
    with pytest.raises(ValueError, match="same feature twice"):
        LogisticRegressionVisualizer(trace, features=(1, 1))


def test_rejects_traces_of_other_models_and_bad_options(binary_trace):
    X, _ = blobs()
    kmeans = skratch.record(KMeans(n_clusters=2, n_init=1, random_state=0), X)
    kmeans.y = np.zeros(len(X))
    with pytest.raises(ValueError, match="needs steps whose state holds 'coef' and 'intercept'"):
        LogisticRegressionVisualizer(kmeans)
    # A regression's coefficients are not one row per score.
    regression = skratch.record(LinearRegression(), X, X[:, 0] > 0)
    with pytest.raises(ValueError, match=r"coef of shape \(2,\).*expected \(1, 2\)"):
        LogisticRegressionVisualizer(regression)
    without_y = skratch.Trace(binary_trace.steps, binary_trace.X, None)
    with pytest.raises(ValueError, match="needs the class labels y"):
        LogisticRegressionVisualizer(without_y)
    with pytest.raises(ValueError, match="grid_size"):
        LogisticRegressionVisualizer(binary_trace, grid_size=1)


def test_segment_cuts_a_line_to_half_planes():
    box = [(np.array([1.0, 0.0]), 0.0), (np.array([-1.0, 0.0]), 1.0),
           (np.array([0.0, 1.0]), 0.0), (np.array([0.0, -1.0]), 1.0)]
    diagonal = _segment(np.array([1.0, -1.0]), 0.0, box)  # x = y across the unit square
    np.testing.assert_allclose(sorted(map(tuple, diagonal)), [(0, 0), (1, 1)], atol=1e-12)
    half = _segment(np.array([1.0, -1.0]), 0.0, box + [(np.array([-1.0, 0.0]), 0.5)])
    np.testing.assert_allclose(sorted(map(tuple, half)), [(0, 0), (0.5, 0.5)], atol=1e-12)
    assert _segment(np.array([1.0, 0.0]), -2.0, box) is None   # x = 2 misses the square
    assert _segment(np.zeros(2), 1.0, box) is None             # no line at all


# -- two classes --------------------------------------------------------------------

def test_surface_is_the_probability_of_each_step(binary_trace):
    vis = LogisticRegressionVisualizer(binary_trace, **SIZE).setup()
    grid = grid_centres(vis)
    for position in (0, 1, 5, len(binary_trace.steps) - 1):
        step = binary_trace.steps[position]
        vis.update(step)
        expected = model_at(binary_trace, step).predict_proba(grid)[:, 1]
        np.testing.assert_allclose(np.asarray(vis._image.get_array()).ravel(), expected,
                                   atol=1e-12)
    assert vis.axes[0].get_title() == "P(y = yes) and the boundary p = 1/2"


def test_boundary_and_band_are_where_p_is_one_half_and_one_in_ten(binary_trace):
    vis = LogisticRegressionVisualizer(binary_trace, **SIZE).setup()
    vis.update(0)  # w = 0: every p is 1/2, there is no boundary
    assert len(vis._boundary.get_segments()) == 0 and len(vis._band.get_segments()) == 0
    step = binary_trace.steps[-1]
    vis.update(step)
    model = model_at(binary_trace, step)
    (boundary,) = vis._boundary.get_segments()
    np.testing.assert_allclose(model.decision_function(boundary), 0, atol=1e-9)
    # The ends lie on the frame of the panel.
    (x0, x1), (y0, y1) = vis.axes[0].get_xlim(), vis.axes[0].get_ylim()
    for x, y in boundary:
        on_edge = min(abs(x - x0), abs(x - x1), abs(y - y0), abs(y - y1))
        assert on_edge < 1e-9 and x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-9 <= y <= y1 + 1e-9
    band = vis._band.get_segments()
    assert len(band) == 2
    probabilities = sorted(model.predict_proba(np.asarray(b))[:, 1].mean() for b in band)
    np.testing.assert_allclose(probabilities, [0.1, 0.9], atol=1e-9)


def test_misclassified_points_and_accuracy_follow_the_step(binary_trace):
    vis = LogisticRegressionVisualizer(binary_trace, **SIZE).setup()
    X, labels = binary_trace.X, binary_trace.y
    for position in (1, len(binary_trace.steps) - 1):
        step = binary_trace.steps[position]
        vis.update(step)
        wrong = model_at(binary_trace, step).predict(X) != labels
        assert wrong.any() and not wrong.all()
        np.testing.assert_array_equal(vis._wrong.get_offsets(), X[wrong])
        assert vis._accuracy.get_text().startswith(
            f"training accuracy {1 - wrong.mean():.1%}\n({wrong.sum()} of {len(X)}")


def test_loss_panel_and_caption(binary_trace):
    vis = LogisticRegressionVisualizer(binary_trace, **SIZE).setup()
    for position in (0, 3, len(binary_trace.steps) - 1):
        step = binary_trace.steps[position]
        vis.update(step)
        iterations, losses = vis._loss_history.line.get_data()
        np.testing.assert_array_equal(iterations, np.arange(position + 1))
        assert losses[-1] == step.loss
        assert tuple(np.ravel(vis._loss_history.point.get_data())) == (step.index, step.loss)
        assert vis.caption_text.get_text() == step.message
    assert [ax.get_title() for ax in vis.axes][1] == "Training loss by iteration"
    assert vis.axes[1].get_ylabel() == "mean log-loss + penalty"


# -- more classes, more features ---------------------------------------------------------

def test_multiclass_shades_the_most_probable_class_by_confidence(multi_trace):
    vis = LogisticRegressionVisualizer(multi_trace, **SIZE).setup()
    grid = grid_centres(vis)
    step = multi_trace.steps[2]
    vis.update(step)
    proba = model_at(multi_trace, step).predict_proba(grid)
    best = proba.argmax(axis=1)
    sure = (proba.max(axis=1) - 1 / 3) / (1 - 1 / 3)
    expected = 1 + sure[:, None] * (vis._shades[best] - 1)
    np.testing.assert_allclose(np.asarray(vis._image.get_array()).reshape(-1, 3), expected,
                               atol=1e-12)
    vis.update(0)  # all classes equally likely: a white plane, no boundary
    np.testing.assert_allclose(np.asarray(vis._image.get_array()), 1.0)
    assert len(vis._boundary.get_segments()) == 0


def test_multiclass_boundaries_are_ties_between_the_two_best_classes(multi_trace):
    vis = LogisticRegressionVisualizer(multi_trace, **SIZE).setup()
    step = multi_trace.steps[-1]
    vis.update(step)
    segments = vis._boundary.get_segments()
    assert len(segments) == 3  # three regions meeting inside the panel
    model = model_at(multi_trace, step)
    for segment in segments:
        points = segment[0] + np.linspace(0, 1, 7)[:, None] * (segment[1] - segment[0])
        top_two = np.sort(model.decision_function(points), axis=1)[:, -2:]
        np.testing.assert_allclose(top_two[:, 0], top_two[:, 1], atol=1e-8)


def test_more_than_two_features_draws_a_slice_through_the_means():
    X, y = blobs(n_features=3, seed=2)
    trace = skratch.record(LogisticRegression(), X, y)
    vis = LogisticRegressionVisualizer(trace, features=(0, 2), **SIZE).setup()
    vis.update(-1)
    grid = grid_centres(vis)
    points = np.column_stack([grid[:, 0], np.full(len(grid), X[:, 1].mean()), grid[:, 1]])
    np.testing.assert_allclose(np.asarray(vis._image.get_array()).ravel(),
                               trace.estimator.predict_proba(points)[:, 1], atol=1e-12)
    assert vis.axes[0].get_xlabel() == "x[0]" and vis.axes[0].get_ylabel() == "x[2]"
    assert "slice" in vis.axes[0].get_title()
    wrong = trace.estimator.predict(X) != y
    np.testing.assert_array_equal(vis._wrong.get_offsets(), X[wrong][:, [0, 2]])


def test_animate_finds_it_and_frames_render(multi_trace):
    assert get_visualizer(LogisticRegression()) is LogisticRegressionVisualizer
    X, y = blobs(seed=5)
    anim = animate(LogisticRegression(), X, y, max_frames=4, **SIZE)
    assert isinstance(anim, Animation) and anim.n_frames == 4
    vis = LogisticRegressionVisualizer(multi_trace, **SIZE)
    assert vis.render(1).shape == (65, 150, 3)
