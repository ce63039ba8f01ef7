"""TreeVisualizer: the plane cut into the tree's boxes, and the tree diagram."""

import numpy as np
import pytest
from PIL import Image

import skratch
from skratch import Trace
from skratch.cluster import KMeans
from skratch.datasets import make_classification, make_moons
from skratch.tree import DecisionTreeClassifier
from skratch.viz import TreeVisualizer, animate, get_visualizer
from skratch.viz._style import category_colors
from skratch.viz.tree._decision_tree import _light

# Labels fit by the size in inches; a low dpi keeps the frames small.
SIZE = {"figsize": (12.5, 5.4), "dpi": 20}  # room for every label of a small tree at 10 pt


def moons(n=80, seed=0):
    return make_moons(n_samples=n, noise=0.3, random_state=seed)


@pytest.fixture(scope="module")
def trace():
    X, y = moons()
    return skratch.record(DecisionTreeClassifier(max_depth=3), X, y)


@pytest.fixture(scope="module")
def vis(trace):
    return TreeVisualizer(trace, **SIZE).setup()


def rectangles(vis):
    """(x0, x1, y0, y1) of each shaded box, and its colour."""
    corners = [path.vertices[:4] for path in vis._regions.get_paths()]
    boxes = np.array([[c[:, 0].min(), c[:, 0].max(), c[:, 1].min(), c[:, 1].max()]
                      for c in corners]).reshape(-1, 4)
    return boxes, vis._regions.get_facecolors()


def plane_samples(vis, n=23):
    """Points spread over the panel, off the thresholds (an odd grid, nudged)."""
    (x0, x1), (y0, y1) = vis.axes[0].get_xlim(), vis.axes[0].get_ylim()
    u, v = np.meshgrid(np.linspace(x0, x1, n + 2)[1:-1] + 1e-7,
                       np.linspace(y0, y1, n + 2)[1:-1] + 1e-7)
    return np.column_stack([u.ravel(), v.ravel()])


def shaded_class(vis, points):
    """The class whose shade covers each point; asserts exactly one box does."""
    boxes, colors = rectangles(vis)
    inside = ((boxes[:, 0] < points[:, [0]]) & (points[:, [0]] <= boxes[:, 1])
              & (boxes[:, 2] < points[:, [1]]) & (points[:, [1]] <= boxes[:, 3]))
    np.testing.assert_array_equal(inside.sum(axis=1), 1)  # the boxes tile the plane
    light = vis._light
    box_class = np.array([np.flatnonzero(np.all(light == c, axis=1))[0] for c in colors])
    return box_class[inside.argmax(axis=1)]


def test_is_registered_for_the_classifier(trace):
    assert get_visualizer(DecisionTreeClassifier()) is TreeVisualizer
    assert skratch.viz.TreeVisualizer is TreeVisualizer
    assert [s.kind for s in trace.steps][:2] == ["root", "split"]


def test_shading_is_the_prediction_of_the_tree_so_far(trace, vis):
    X, y = trace.X, trace.y
    points = plane_samples(vis)
    growing = DecisionTreeClassifier(max_depth=3)
    for position, step in enumerate(growing.fit_steps(X, y)):
        vis.update(position)
        expected = np.searchsorted(growing.classes_, growing.predict(points))
        np.testing.assert_array_equal(shaded_class(vis, points), expected)
    assert position == len(trace.steps) - 1


def test_newest_split_is_bold_across_its_box_and_earlier_ones_thin(trace, vis):
    vis.update(0)
    assert not vis._newest.get_visible() and len(vis._lines.get_segments()) == 0
    assert not vis._outline.get_visible()  # the root's box is the whole plane
    for position, step in enumerate(trace.steps[1:], start=1):
        vis.update(position)
        assert len(vis._lines.get_segments()) == position - 1
        j, t = int(step.state["feature"]), float(step.state["threshold"])
        xs, ys = vis._newest.get_data()
        assert vis._newest.get_visible()
        np.testing.assert_array_equal(xs if j == 0 else ys, [t, t])
        region = np.clip(step.state["region"], -1e9, 1e9)
        along = np.sort(ys if j == 0 else xs)
        other = region[1 - j]
        limits = vis.axes[0].get_ylim() if j == 0 else vis.axes[0].get_xlim()
        # The line spans the node's box (cut at the panel's edges, or a bit beyond).
        assert along[0] == other[0] or (other[0] < limits[0] and along[0] <= limits[0])
        assert along[1] == other[1] or (other[1] > limits[1] and along[1] >= limits[1])
        assert vis._outline.get_visible() == (step.state["node"] != 0)


def test_points_and_shades_keep_their_class_colours(trace, vis):
    palette = category_colors(2)
    np.testing.assert_array_equal(vis._points.get_facecolors(), palette[trace.y])
    for position in range(len(trace.steps)):
        vis.update(position)
        np.testing.assert_array_equal(vis._points.get_facecolors(), palette[trace.y])
        _, colors = rectangles(vis)
        assert all(np.any(np.all(_light(palette) == c, axis=1)) for c in colors)


def test_diagram_reveals_nodes_in_their_final_places(trace, vis):
    # Nodes are numbered as the steps create them: step k makes 2k - 1 and 2k.
    splits = {int(s.state["node"]): (int(s.state["left_child"]), int(s.state["right_child"]))
              for s in trace.steps[1:]}
    offsets = vis._markers.get_offsets().copy()
    assert len(offsets) == trace.estimator.tree_.node_count == 2 * len(trace.steps) - 1
    internal = np.array(sorted(splits))
    left, right = (np.array([splits[i][side] for i in internal]) for side in (0, 1))
    # Children one level below their parent, the parent between them.
    np.testing.assert_array_equal(offsets[left, 1], offsets[internal, 1] - 1)
    assert np.all((offsets[left, 0] < offsets[internal, 0])
                  & (offsets[internal, 0] < offsets[right, 0]))
    for position, step in enumerate(trace.steps):
        vis.update(position)
        np.testing.assert_array_equal(vis._markers.get_offsets(), offsets)
        shown = vis._markers.get_facecolors()[:, 3] > 0
        np.testing.assert_array_equal(np.flatnonzero(shown), np.arange(1 + 2 * position))
        assert len(vis._edges.get_segments()) == 2 * position


def test_boxes_are_the_ones_the_steps_carry(trace, vis):
    boxes = {0: trace.steps[0].state["region"]}
    for step in trace.steps[1:]:
        boxes[int(step.state["left_child"])] = step.state["region_left"]
        boxes[int(step.state["right_child"])] = step.state["region_right"]
    for node, box in boxes.items():
        np.testing.assert_array_equal(vis._boxes[node], box)


def test_small_tree_labels_every_node_and_describes_the_split(trace, vis):
    assert vis.label_depth_ == trace.estimator.get_depth()
    assert sorted(vis._labels) == list(range(trace.estimator.tree_.node_count))
    for position, step in enumerate(trace.steps):
        vis.update(position)
        node = int(step.state["node"])
        shown = {i for i, text in vis._labels.items() if text.get_visible()}
        assert len(shown) == 1 + 2 * position
        if step.kind == "root":
            assert vis._labels[0].get_text() == "class 0\n[40, 40]"
            assert vis._info.get_text().startswith("root: one leaf of 80 samples")
            continue
        j, t = int(step.state["feature"]), float(step.state["threshold"])
        assert vis._labels[node].get_text() == f"x[{j}] ≤ {t:.3g}"
        assert vis._labels[node].get_bbox_patch().get_linewidth() > 2
        before, after = float(step.state["impurity"]), float(step.state["impurity_after"])
        assert f"gini {before:.3f} → {after:.3f}" in vis._info.get_text()
        for child in (int(step.state["left_child"]), int(step.state["right_child"])):
            assert vis._labels[child].get_text().startswith("class ")
        assert vis.caption_text.get_text() == step.message


def test_big_tree_caps_its_labels_and_still_draws_every_node():
    X, y = moons(n=600, seed=1)
    trace = skratch.record(DecisionTreeClassifier(), X, y)
    tree = trace.estimator.tree_
    assert tree.node_count > 100
    vis = TreeVisualizer(trace, figsize=(8, 3.5), dpi=40)
    vis.update(-1)
    assert len(vis._labels) <= 63 and vis.label_depth_ < tree.max_depth
    assert np.all(vis._markers.get_facecolors()[:, 3] > 0)
    assert len(vis._regions.get_paths()) == trace.estimator.get_n_leaves()
    small = TreeVisualizer(trace, figsize=(5, 2.5), dpi=20).setup()
    assert small._labels == {} and small.label_depth_ == -1
    fixed = TreeVisualizer(trace, label_depth=1, **SIZE).setup()
    assert sorted(fixed._labels) == [0, 1, 2]    # the root and the first split's children
    none = TreeVisualizer(trace, label_depth=-1, **SIZE).setup()
    assert none._labels == {}


def test_limits_cover_the_data(trace, vis):
    # (That updates keep the limits is the common contract, test_visualizer_contract.py.)
    vis.setup()
    (x0, x1), (y0, y1) = vis.axes[0].get_xlim(), vis.axes[0].get_ylim()
    assert x0 < trace.X[:, 0].min() and trace.X[:, 0].max() < x1
    assert y0 < trace.X[:, 1].min() and trace.X[:, 1].max() < y1


def test_a_loaded_trace_or_one_without_its_estimator_is_drawn(trace, tmp_path):
    # (That a reloaded trace draws the same pixels is the common contract.)
    trace.save(tmp_path / "tree.npz")
    loaded = Trace.load(tmp_path / "tree.npz")
    original = TreeVisualizer(trace, **SIZE)
    assert type(animate(loaded, **SIZE).visualizer) is TreeVisualizer
    # Without the estimator the tree comes from the last step, the same drawing
    # but for the criterion's name, which only the estimator knows.
    bare = TreeVisualizer(Trace(trace.steps, trace.X, trace.y, None), **SIZE)
    for position in range(len(trace.steps)):
        for vis in (original, bare):
            vis.update(position)
        for artist in ("_regions", "_markers"):
            np.testing.assert_array_equal(getattr(bare, artist).get_facecolors(),
                                          getattr(original, artist).get_facecolors())
        np.testing.assert_array_equal(bare._regions.get_paths()[-1].vertices,
                                      original._regions.get_paths()[-1].vertices)
        assert len(bare._labels) == len(trace.estimator.tree_.children_left)
        assert [t.get_text() for t in bare._labels.values()] == [
            t.get_text() for t in original._labels.values()]
        assert bare._info.get_text() == original._info.get_text().replace("gini", "impurity")


def test_gif_through_animate_has_n_frames(tmp_path):
    X, y = moons(n=60, seed=2)
    anim = animate(DecisionTreeClassifier(max_depth=3), X, y, max_frames=4, **SIZE)
    anim.save(tmp_path / "tree.gif")
    with Image.open(tmp_path / "tree.gif") as gif:
        assert gif.n_frames == anim.n_frames == 4
        assert gif.size == (250, 108)  # SIZE: 12.5 x 5.4 in at 20 dpi


def test_more_than_two_features_draw_a_slice_through_the_means():
    X, y = make_classification(n_samples=150, n_features=4, n_informative=3, n_redundant=0,
                               n_classes=3, n_clusters_per_class=1, random_state=1)
    trace = skratch.record(DecisionTreeClassifier(max_depth=3), X, y)
    with pytest.raises(ValueError, match=r"X has 4: choose .* features=\(i, j\)"):
        TreeVisualizer(trace)
    with pytest.raises(ValueError, match=r"features=\(i, j\)"):
        animate(DecisionTreeClassifier(), X, y)
    vis = TreeVisualizer(trace, features=(2, 0), **SIZE)
    assert "other features at their means" in vis.setup().axes[0].get_title()
    points = plane_samples(vis, n=15)
    full = np.tile(X.mean(axis=0), (len(points), 1))
    full[:, [2, 0]] = points
    vis.update(-1)
    expected = np.searchsorted(trace.estimator.classes_, trace.estimator.predict(full))
    np.testing.assert_array_equal(shaded_class(vis, points), expected)
    np.testing.assert_allclose(vis._points.get_offsets(), X[:, [2, 0]])
    off_plane = [p for p, s in enumerate(trace.steps)
                 if s.kind == "split" and int(s.state["feature"]) in (1, 3)]
    assert off_plane, "the data should make the tree split on a feature not drawn"
    vis.update(off_plane[0])
    assert vis._note.get_visible() and not vis._newest.get_visible()
    assert "not drawn in this plane" in vis._note.get_text()
    vis.update(0)
    assert not vis._note.get_visible()


def test_one_feature_and_bad_features_are_clear_errors():
    X, y = moons(n=30)
    trace = skratch.record(DecisionTreeClassifier(max_depth=2), X[:, :1], y)
    with pytest.raises(ValueError, match="X has 1 feature"):
        TreeVisualizer(trace)
    trace = skratch.record(DecisionTreeClassifier(max_depth=2), X, y)
    with pytest.raises(ValueError, match="same feature twice"):
        TreeVisualizer(trace, features=(1, 1))


def test_rejects_other_traces_and_steps_out_of_order():
    X, y = moons(n=40)
    kmeans = skratch.record(KMeans(n_clusters=2, random_state=0), X)
    kmeans.y = y
    with pytest.raises(ValueError, match="needs a 'root' step holding node, .*then 'split' "
                                         "steps also holding feature"):
        TreeVisualizer(kmeans)
    trace = skratch.record(DecisionTreeClassifier(max_depth=2), X, y)
    with pytest.raises(ValueError, match="needs the class labels y"):
        TreeVisualizer(Trace(trace.steps, X, None, trace.estimator))
    # A step left out: the next one splits a node no earlier step made.
    with pytest.raises(ValueError, match="not one growth of a tree, in order"):
        TreeVisualizer(Trace(trace.steps[:1] + trace.steps[2:], X, y, trace.estimator))
    with pytest.raises(ValueError, match="the trace's data do not match its tree"):
        TreeVisualizer(Trace(trace.steps, X, np.arange(len(y)) % 3, trace.estimator))
    # Only the steps are read: the estimator of another tree does not matter.
    other = DecisionTreeClassifier(max_depth=2).fit(X[::-1] * 2, y[::-1])
    with_other = TreeVisualizer(Trace(trace.steps, X, y, other), **SIZE)
    np.testing.assert_array_equal(with_other.render(-1), TreeVisualizer(trace, **SIZE).render(-1))
