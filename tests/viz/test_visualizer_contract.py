"""The visualizer contract of DESIGN.md, run over every visualizer skratch has.

Every visualizer, drawing a short recorded run:

* ``update`` only moves artists: it adds none and the axis limits stay;
* a blitted frame (``render``) equals a full redraw of the same step;
* a trace saved and loaded again draws identical pixels;
* ``plot(-1)`` gives the figure of the last step, with its caption.

A new visualizer gets a recipe below (a small run it can draw);
``test_every_visualizer_has_a_recipe`` fails until it has one.
"""

import inspect

import numpy as np
import pytest

import skratch
import skratch.viz
from skratch import Trace
from skratch.cluster import KMeans
from skratch.datasets import make_blobs
from skratch.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Perceptron,
    Ridge,
    SGDClassifier,
    SGDRegressor,
    regularization_path,
)
from skratch.optim import OptimizerRace
from skratch.pipeline import make_pipeline
from skratch.preprocessing import PolynomialFeatures, StandardScaler
from skratch.tree import DecisionTreeClassifier
from skratch.viz import Visualizer

# Runs in these recipes are short on purpose: their convergence warnings are noise.
pytestmark = pytest.mark.filterwarnings("ignore::skratch.exceptions.ConvergenceWarning")

SIZE = {"dpi": 30}  # each visualizer at its own default size, few pixels


def _regression(n=40, n_features=1, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_features))
    y = X @ np.linspace(1.0, 2.0, n_features) + 0.5 + rng.normal(0, 0.3, n)
    return X, y


def _two_classes(n=40, seed=0):
    X, y = make_blobs(n_samples=n, centers=[(-2, -1), (2, 1)], cluster_std=1.2,
                      random_state=seed)
    return X, y


def _record(estimator, X, y=None):
    return skratch.record(estimator, X, y), {}


def _curve_fit():
    x = np.linspace(-1, 1, 20).reshape(-1, 1)
    y = np.sin(3 * x[:, 0])
    pipeline = make_pipeline(PolynomialFeatures(5, include_bias=False), StandardScaler(),
                             Ridge())
    return regularization_path(pipeline, x, y, np.geomspace(1e-4, 10, 6)), {}


def _geometry():
    X, y = _regression(n_features=2)
    alphas = np.geomspace(0.02, 2, 6)
    lasso = regularization_path(Lasso(tol=1e-8), X, y, alphas)
    ridge = regularization_path(Ridge(), X, y, 2 * len(X) * alphas)
    return lasso, {"compare": ridge}


def _coefficient_path():
    X, y = _regression(n_features=4)
    return regularization_path(Lasso(tol=1e-8), X, y, np.geomspace(1e-3, 1, 6)), {}


# visualizer name -> (how to make a short run it draws, the visualizer class's module)
RECIPES = {
    "GradientDescentVisualizer":
        lambda: _record(LinearRegression(solver="gd", learning_rate=0.1, max_iter=30),
                        *_regression()),
    "KMeansVisualizer":
        lambda: _record(KMeans(n_clusters=2, n_init=1, random_state=0), _two_classes()[0]),
    "TreeVisualizer":
        lambda: _record(DecisionTreeClassifier(max_depth=3), *_two_classes()),
    "LogisticRegressionVisualizer":
        lambda: _record(LogisticRegression(solver="gd", max_iter=20), *_two_classes()),
    "RaceVisualizer":
        lambda: _record(OptimizerRace(surface="rosenbrock", max_iter=15), None),
    "PerceptronVisualizer":
        lambda: _record(Perceptron(max_iter=3, random_state=0), *_two_classes()),
    "SGDRegressorVisualizer":
        lambda: _record(SGDRegressor(max_iter=3, random_state=0), *_regression()),
    "CoordinateDescentVisualizer":
        lambda: _record(ElasticNet(alpha=0.2, tol=1e-4), *_regression(n_features=2)),
    "RegularizationGeometryVisualizer": _geometry,
    "CoefficientPathVisualizer": _coefficient_path,
    "CurveFitVisualizer": _curve_fit,
    "ScalerVisualizer": lambda: _record(StandardScaler(), _regression(n_features=2)[0]),
    "PolynomialFeaturesVisualizer":
        lambda: _record(PolynomialFeatures(degree=3), np.linspace(-1.5, 2, 12).reshape(-1, 1)),
}

# Runs of models that share a visualizer drawn above, checked as well.
EXTRA_RUNS = {
    "PerceptronVisualizer[SGDClassifier]":
        ("PerceptronVisualizer",
         lambda: _record(SGDClassifier(max_iter=3, random_state=0), *_two_classes())),
    "GradientDescentVisualizer[Ridge]":
        ("GradientDescentVisualizer",
         lambda: _record(Ridge(solver="gd", learning_rate=0.1, max_iter=30), *_regression())),
    "CoordinateDescentVisualizer[per coordinate]":
        ("CoordinateDescentVisualizer",
         lambda: _record(Lasso(alpha=0.2, tol=1e-4, step_per="coordinate"),
                         *_regression(n_features=2))),
    "CoordinateDescentVisualizer[Lasso]":
        ("CoordinateDescentVisualizer",
         lambda: _record(Lasso(alpha=0.2, tol=1e-4), *_regression(n_features=2))),
}


def _visualizer_classes():
    """Every public Visualizer subclass that skratch.viz exports."""
    found = {}
    for name in dir(skratch.viz):
        value = getattr(skratch.viz, name)
        if inspect.isclass(value) and issubclass(value, Visualizer) and value is not Visualizer:
            found[value.__name__] = value
    return found


CASES = {name: (name, recipe) for name, recipe in RECIPES.items()} | EXTRA_RUNS


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    visualizer_name, recipe = CASES[request.param]
    trace, kwargs = recipe()
    cls = _visualizer_classes()[visualizer_name]
    return cls, trace, kwargs


def _make(case):
    cls, trace, kwargs = case
    return cls(trace, **kwargs, **SIZE)


def _positions(trace, at_most=8):
    n = len(trace.steps)
    return sorted(set(np.linspace(0, n - 1, min(n, at_most)).round().astype(int).tolist()))


def _full_redraw(vis):
    vis.fig.canvas.draw()
    return np.asarray(vis.fig.canvas.buffer_rgba())[:, :, :3].copy()


def test_every_visualizer_has_a_recipe():
    assert sorted(_visualizer_classes()) == sorted(RECIPES)


def test_update_adds_no_artists_and_keeps_the_limits(case):
    vis = _make(case).setup()

    def snapshot():
        children = [len(ax.get_children()) for ax in vis.axes] + [len(vis.fig.get_children())]
        limits = [(ax.get_xlim(), ax.get_ylim()) for ax in vis.axes]
        return children, limits

    vis.update(0)
    vis.fig.canvas.draw()
    before = snapshot()
    positions = _positions(vis.trace)
    for position in positions + positions[::-1]:
        vis.update(position)
        vis.fig.canvas.draw()
        assert snapshot() == before, f"step {position} changed the figure's artists or limits"


def test_blitted_frame_equals_a_full_redraw(case):
    vis = _make(case)
    frames = {}
    for position in _positions(vis.trace, at_most=5):
        frames[position] = vis.render(position)
        np.testing.assert_array_equal(
            frames[position], _full_redraw(vis),
            err_msg=f"the blitted frame of step {position} differs from a full redraw")
    # Frames back to front are the same pixels: a frame depends on its step only.
    for position in sorted(frames, reverse=True):
        np.testing.assert_array_equal(vis.render(position), frames[position])


def test_saved_and_loaded_trace_draws_identical_pixels(case, tmp_path):
    cls, trace, kwargs = case
    trace.save(tmp_path / "run.npz")
    loaded = Trace.load(tmp_path / "run.npz")
    reloaded_kwargs = {
        key: (Trace.load(_saved(value, tmp_path / f"{key}.npz")) if isinstance(value, Trace)
              else value)
        for key, value in kwargs.items()
    }
    assert type(loaded.estimator) is type(trace.estimator)
    original = cls(trace, **kwargs, **SIZE)
    replayed = cls(loaded, **reloaded_kwargs, **SIZE)
    for position in _positions(trace, at_most=4):
        np.testing.assert_array_equal(replayed.render(position), original.render(position),
                                      err_msg=f"step {position} draws differently after loading")


def _saved(trace, path):
    trace.save(path)
    return path


def test_plot_last_step_gives_its_figure_and_caption(case):
    vis = _make(case)
    fig = vis.plot(-1)
    assert fig is vis.fig
    assert vis.caption_text.get_text() == vis.trace.steps[-1].message
    assert _full_redraw(vis).std() > 0  # something was drawn


# The keywords each visualizer took when it wrote its own __init__ (before
# they were declared in Visualizer.options): names, order and defaults.
OWN_OPTIONS = {
    "GradientDescentVisualizer": {"grid_size": 120, "loss_scale": "auto"},
    "SGDRegressorVisualizer": {"grid_size": 120, "loss_scale": "auto"},
    "KMeansVisualizer": {"features": None, "show_moves": True},
    "TreeVisualizer": {"features": None, "label_depth": None},
    "LogisticRegressionVisualizer": {"features": None, "grid_size": 150},
    "RaceVisualizer": {"grid_size": 200},
    "PerceptronVisualizer": {"features": None, "grid_size": 160},
    "CoordinateDescentVisualizer": {"grid_size": 150},
    "RegularizationGeometryVisualizer": {"compare": None, "grid_size": 150},
    "CoefficientPathVisualizer": {"feature_names": None},
    "CurveFitVisualizer": {"X_test": None, "y_test": None, "grid_size": 300},
    "ScalerVisualizer": {"features": None},
    "PolynomialFeaturesVisualizer": {"grid_size": 200},
}
BASE_KEYWORDS = {"fig": None, "figsize": None, "dpi": 100, "caption": True}


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_signature_shows_the_base_keywords_then_the_visualizers_own(name):
    cls = _visualizer_classes()[name]
    parameters = inspect.signature(cls).parameters
    assert list(parameters)[:2] == ["trace", "ax"]
    keywords = {p.name: p.default for p in parameters.values()
                if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert list(keywords.items()) == list((BASE_KEYWORDS | OWN_OPTIONS[name]).items())
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def test_options_become_attributes_with_their_defaults(case):
    cls, trace, kwargs = case
    vis = cls(trace, **kwargs)
    for option, default in cls.options.items():
        assert getattr(vis, option) is kwargs.get(option, default)


def test_an_unknown_option_is_a_type_error_naming_it(case):
    cls, trace, kwargs = case
    known = ", ".join(cls.options)
    with pytest.raises(TypeError, match=(
            rf"^{cls.__name__}\(\) got an unexpected keyword argument 'grid_sise' "
            rf"\(its own options: {known}\)$")):
        cls(trace, **kwargs, grid_sise=10)
