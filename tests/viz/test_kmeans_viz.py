"""KMeansVisualizer: points by cluster, centres with their paths, the inertia."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from PIL import Image

import skratch
from skratch import Trace
from skratch.cluster import KMeans
from skratch.datasets import make_blobs
from skratch.linear_model import LinearRegression
from skratch.viz import KMeansVisualizer, animate, get_visualizer
from skratch.viz._style import UNASSIGNED
from skratch.viz._style import category_colors

SIZE = {"figsize": (5, 2.5), "dpi": 30}


@pytest.fixture(scope="module")
def trace():
    X, _ = make_blobs(n_samples=60, centers=3, cluster_std=1.5, random_state=3)
    # Starting from the three leftmost points takes a few iterations.
    start = X[np.argsort(X[:, 0])[:3]]
    return skratch.record(KMeans(n_clusters=3, init=start), X)


@pytest.fixture(scope="module")
def vis(trace):
    return KMeansVisualizer(trace, **SIZE).setup()


def point_colors(vis):
    vis._points.update_scalarmappable()
    return vis._points.get_facecolors()


def test_is_registered_for_kmeans(trace):
    assert get_visualizer(KMeans()) is KMeansVisualizer
    assert skratch.viz.KMeansVisualizer is KMeansVisualizer
    assert "KMeansVisualizer" in skratch.viz.__all__
    kinds = [s.kind for s in trace.steps]
    assert kinds[0] == "init" and kinds[-1] == "assign" and kinds.count("update") >= 2


def test_points_take_their_clusters_colour_grey_before_the_first_assignment(trace, vis):
    palette = category_colors(3)
    vis.update(0)
    np.testing.assert_array_equal(point_colors(vis), np.tile(to_rgba(UNASSIGNED), (60, 1)))
    for position, step in enumerate(trace.steps[1:], start=1):
        vis.update(position)
        np.testing.assert_array_equal(point_colors(vis), palette[step.state["labels"]])
        # Centre j keeps colour j in every frame.
        np.testing.assert_array_equal(vis._centers.get_facecolors(), palette)
        for j, trail in enumerate(vis._trails):
            assert to_rgba(trail.get_color()) == tuple(palette[j])
    vis.update(0)  # back to the start: grey again
    assert np.all(point_colors(vis) == to_rgba(UNASSIGNED))


def test_palette_is_distinct_and_never_grey():
    for n in (1, 3, 10, 11, 18, 19, 40):
        colors = category_colors(n)
        assert colors.shape == (n, 4)
        assert len({tuple(c) for c in np.round(colors, 6)}) == n
        rgb = colors[:, :3]
        assert np.all(rgb.max(axis=1) - rgb.min(axis=1) > 0.1), "a grey would read as unassigned"
        np.testing.assert_array_equal(category_colors(n), colors)
    np.testing.assert_array_equal(category_colors(3), category_colors(5)[:3])


def test_centres_and_their_paths_follow_the_steps(trace, vis):
    centers = np.array([s.state["centers"] for s in trace.steps])
    for position in (0, 1, 2, len(trace.steps) - 1):
        vis.update(position)
        np.testing.assert_allclose(vis._centers.get_offsets(), centers[position])
        for j, trail in enumerate(vis._trails):
            np.testing.assert_allclose(np.column_stack(trail.get_data()),
                                       centers[:position + 1, j])
        for j, number in enumerate(vis._numbers):
            assert number.get_text() == str(j)
            np.testing.assert_allclose(number.get_position(), centers[position, j])


def test_update_frames_show_each_centre_move_as_an_arrow(trace, vis):
    centers = np.array([s.state["centers"] for s in trace.steps])
    for position, step in enumerate(trace.steps):
        vis.update(position)
        shown = [arrow.get_visible() for arrow in vis._arrows]
        if step.kind != "update":
            assert not any(shown), step.kind
            continue
        moved = np.hypot(*(centers[position] - centers[position - 1]).T)
        assert shown == list(moved > 2e-3 * np.ptp(vis.axes[0].get_xlim()))
        for j, arrow in enumerate(vis._arrows):
            if shown[j]:
                start, end = arrow._posA_posB
                np.testing.assert_allclose([start, end], [centers[position - 1, j],
                                                          centers[position, j]])
        assert "mean of its points" in vis._phase.get_text()
    without = KMeansVisualizer(trace, show_moves=False, **SIZE)
    for position in range(len(trace.steps)):
        without.update(position)
        assert not any(arrow.get_visible() for arrow in without._arrows)


def test_inertia_panel_marks_the_current_step(trace, vis):
    vis.update(0)
    assert len(vis._loss_point.get_xdata()) == 0  # the start has no inertia yet
    for position in (1, 2, len(trace.steps) - 1):
        vis.update(position)
        assert tuple(np.ravel(vis._loss_point.get_data())) == (position, trace.steps[position].loss)
        assert vis.caption_text.get_text() == trace.steps[position].message
    assert "inertia" in trace.steps[-1].message


def test_limits_cover_the_points_and_every_centre_of_the_run(trace, vis):
    # (That updates keep the limits is the common contract, tests/viz/test_visualizer_contract.py.)
    vis.setup()
    (x0, x1), (y0, y1) = vis.axes[0].get_xlim(), vis.axes[0].get_ylim()
    everything = np.vstack([trace.X] + [s.state["centers"] for s in trace.steps])
    assert x0 < everything[:, 0].min() and everything[:, 0].max() < x1
    assert y0 < everything[:, 1].min() and everything[:, 1].max() < y1


def test_a_trace_loaded_from_disk_animates_with_this_visualizer(trace, tmp_path):
    # (That it draws the same pixels is the common contract.)
    trace.save(tmp_path / "kmeans.npz")
    loaded = Trace.load(tmp_path / "kmeans.npz")
    assert type(loaded.estimator) is KMeans
    anim = animate(loaded, **SIZE)
    assert type(anim.visualizer) is KMeansVisualizer


def test_gif_through_animate_has_n_frames(tmp_path):
    X, _ = make_blobs(n_samples=40, centers=2, random_state=1)
    anim = animate(KMeans(n_clusters=2, random_state=0), X, max_frames=5, **SIZE)
    anim.save(tmp_path / "kmeans.gif")
    with Image.open(tmp_path / "kmeans.gif") as gif:
        assert gif.n_frames == anim.n_frames == min(5, len(anim.trace.steps))
        assert gif.size == (150, 75)


def test_more_than_two_features_need_features_and_draw_the_projection():
    X, _ = make_blobs(n_samples=50, n_features=4, centers=3, random_state=0)
    trace = skratch.record(KMeans(n_clusters=3, random_state=0), X)
    with pytest.raises(ValueError, match=r"X has 4: choose .* features=\(i, j\)"):
        KMeansVisualizer(trace)
    with pytest.raises(ValueError, match=r"features=\(i, j\)"):
        animate(KMeans(n_clusters=3, random_state=0), X)
    vis = KMeansVisualizer(trace, features=(3, 1), **SIZE)
    vis.update(-1)
    np.testing.assert_allclose(vis._centers.get_offsets(),
                               trace.steps[-1].state["centers"][:, [3, 1]])
    np.testing.assert_allclose(vis._points.get_offsets(), X[:, [3, 1]])
    assert (vis.axes[0].get_xlabel(), vis.axes[0].get_ylabel()) == ("x[3]", "x[1]")
    np.testing.assert_array_equal(point_colors(vis),
                                  category_colors(3)[trace.steps[-1].state["labels"]])


@pytest.mark.parametrize("features, message", [
    ((0, 0), "same feature twice"),
    ((0, 4), r"two indices in \[0, 4\)"),
    ((-1, 2), r"two indices in \[0, 4\)"),
    ((0, 1, 2), "a pair of feature indices"),
    ("xy", r"two indices"),
])
def test_bad_features_are_named(features, message):
    X, _ = make_blobs(n_samples=20, n_features=4, centers=2, random_state=0)
    trace = skratch.record(KMeans(n_clusters=2, random_state=0), X)
    with pytest.raises(ValueError, match=message):
        KMeansVisualizer(trace, features=features)


def test_one_feature_is_a_clear_error():
    X = np.linspace(0, 1, 20).reshape(-1, 1)
    trace = skratch.record(KMeans(n_clusters=2, random_state=0), X)
    with pytest.raises(ValueError, match="X has 1 feature"):
        KMeansVisualizer(trace)


def test_rejects_traces_of_other_models():
    X = np.random.default_rng(0).normal(size=(20, 2))
    trace = skratch.record(LinearRegression(), X, X[:, 0])
    with pytest.raises(ValueError, match="holds 'centers'"):
        KMeansVisualizer(trace)
