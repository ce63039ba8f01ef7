"""RaceVisualizer: contours, growing paths, loss curves, one colour per optimizer."""

import numpy as np
import pytest
from matplotlib.colors import LogNorm, to_rgba
from PIL import Image

import skratch
from skratch.cluster import KMeans
from skratch.optim import Adam, GradientDescent, OptimizerRace
from skratch.viz import Animation, RaceVisualizer, animate, get_visualizer

SIZE = {"figsize": (7, 3), "dpi": 30}


@pytest.fixture(scope="module")
def trace():
    return skratch.record(OptimizerRace(surface="rosenbrock", max_iter=60), None)


@pytest.fixture(scope="module")
def vis(trace):
    return RaceVisualizer(trace, **SIZE).setup()


def test_is_registered_for_the_race():
    assert get_visualizer(OptimizerRace()) is RaceVisualizer


def test_titles_legend_and_log_scales(trace, vis):
    surface_ax, loss_ax = vis.axes
    assert surface_ax.get_title() == "Rosenbrock: f = (1 − x)² + 100 (y − x²)²"
    assert loss_ax.get_title() == "Loss by iteration"
    assert loss_ax.get_yscale() == "log"
    assert "gap to the minimum" in loss_ax.get_ylabel()
    legend = [t.get_text() for t in loss_ax.get_legend().get_texts()]
    assert legend == list(trace.estimator.labels_)
    assert [t.get_text() for t in surface_ax.get_legend().get_texts()] == ["start", "minimum"]
    # Rosenbrock's values span decades: its contour levels are log-spaced.
    filled = surface_ax.collections[0]
    assert isinstance(filled.norm, LogNorm)
    levels = np.asarray(filled.levels)
    ratios = levels[1:] / levels[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)
    assert levels[-1] / levels[0] > 1e3


def test_paths_and_curves_grow_with_the_steps(trace, vis):
    positions = np.stack([s.state["positions"] for s in trace.steps])
    for k in (0, 7, len(trace) - 1):
        vis.update(k)
        for racer in range(6):
            x, y = vis._paths[racer].get_data()
            np.testing.assert_array_equal(x, positions[:k + 1, racer, 0])
            np.testing.assert_array_equal(y, positions[:k + 1, racer, 1])
            np.testing.assert_array_equal(np.ravel(vis._points[racer].get_data()),
                                          positions[k, racer])
            iterations, _ = vis._loss_histories[racer].line.get_data()
            assert len(iterations) == k + 1
        assert vis.caption_text.get_text() == trace.steps[k].message


def test_loss_curves_are_gaps_to_the_minimum_value():
    trace = skratch.record(OptimizerRace(surface="saddle", max_iter=20), None)
    vis = RaceVisualizer(trace, **SIZE)
    vis.update(-1)
    losses = trace.steps[-1].state["losses"]
    drawn = np.array([h.line.get_data()[1][-1] for h in vis._loss_histories])
    np.testing.assert_allclose(drawn, losses + 0.25, rtol=1e-12)
    minima = [line for line in vis.axes[0].get_lines() if line.get_marker() == "*"]
    np.testing.assert_array_equal(np.column_stack(minima[0].get_data()), [[0, 1], [0, -1]])


def test_every_racer_keeps_its_colour_in_both_panels(vis):
    colours = [to_rgba(line.get_color()) for line in vis._paths]
    assert len(set(colours)) == 6
    assert colours == [to_rgba(h.line.get_color()) for h in vis._loss_histories]
    assert colours == [to_rgba(point.get_color()) for point in vis._points]


def test_custom_racers_and_surface_get_distinct_colours_and_fitting_limits():
    def bowl(x, y):
        return x ** 2 + 4 * y ** 2

    def bowl_grad(x, y):
        return 2 * x, 8 * y

    race = OptimizerRace(optimizers={"GD": GradientDescent(0.05), "slow": GradientDescent(0.01),
                                     "fast": Adam(0.3)},
                         surface=(bowl, bowl_grad), start=(5.0, -3.0), max_iter=15)
    trace = skratch.record(race, None)
    vis = RaceVisualizer(trace, **SIZE).setup()
    colours = [to_rgba(line.get_color()) for line in vis._paths]
    assert len(set(colours)) == 3
    # No region of its own: the drawing covers every path.
    path = race.paths_.reshape(-1, 2)
    x_low, x_high = vis.axes[0].get_xlim()
    y_low, y_high = vis.axes[0].get_ylim()
    assert x_low < path[:, 0].min() and path[:, 0].max() < x_high
    assert y_low < path[:, 1].min() and path[:, 1].max() < y_high
    assert vis.axes[0].get_title() == "bowl"


def test_animate_a_recorded_race_to_a_gif(trace, tmp_path):
    anim = animate(trace, max_frames=8, **SIZE)
    assert isinstance(anim, Animation) and anim.n_frames == 8
    assert anim.frame_steps[0].kind == "init" and anim.frame_steps[-1] is trace.steps[-1]
    anim.save(tmp_path / "race.gif")
    with Image.open(tmp_path / "race.gif") as gif:
        assert gif.n_frames == 8
        assert gif.size == (210, 90)


def test_animate_a_race_without_data():
    anim = animate(OptimizerRace(surface="saddle", max_iter=5), max_frames=3, **SIZE)
    assert anim.n_frames == 3


def test_rejects_traces_of_other_models():
    X = np.random.default_rng(0).normal(size=(30, 2))
    kmeans = skratch.record(KMeans(n_clusters=2, n_init=1, random_state=0), X)
    with pytest.raises(ValueError, match="draws OptimizerRace traces"):
        RaceVisualizer(kmeans)
    race = skratch.record(OptimizerRace(max_iter=2), None)
    race.steps = kmeans.steps
    with pytest.raises(ValueError, match="needs steps whose state holds 'positions'"):
        RaceVisualizer(race)


def test_rejects_a_bad_grid_size(trace):
    with pytest.raises(ValueError, match="grid_size"):
        RaceVisualizer(trace, grid_size=1)
