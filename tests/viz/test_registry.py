"""The registry of models: its table, get_visualizer, and how a pipeline is drawn."""

import io
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import skratch
from skratch.datasets import make_classification
from skratch.linear_model import LinearRegression, LogisticRegression, Ridge
from skratch.pipeline import Pipeline, make_pipeline
from skratch.preprocessing import PolynomialFeatures, StandardScaler
from skratch.viz import (CurveFitVisualizer, GradientDescentVisualizer,
                         LogisticRegressionVisualizer, Visualizer, animate, get_visualizer,
                         register)
from skratch.viz import _registry
from skratch.viz._registry import MODELS, get_model

SIZE = {"figsize": (9, 3), "dpi": 40}


@pytest.fixture
def clean_registry():
    saved = list(_registry._REGISTRY)
    yield
    _registry._REGISTRY[:] = saved


def default_options(model):
    return {"seed": 0, **{dest: (2 if dest == "n_clusters" else default)
                          for dest, default in model.defaults.items()}}


def two_classes():
    X, y = make_classification(80, n_features=2, n_informative=2, n_redundant=0,
                               n_clusters_per_class=1, random_state=0)
    # Far from the origin and of unequal scales, so that scaling changes X.
    return X * [30.0, 2.0] + [200.0, -5.0], y


# -- the table ---------------------------------------------------------------------

def test_names_and_aliases_are_unique():
    names = [name for model in MODELS for name in model.names]
    assert len(names) == len(set(names))
    assert all(name == name.lower() and " " not in name for name in names)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_each_entry_builds_its_estimator_and_is_drawn_by_its_visualizer(model):
    estimator = model.build(default_options(model))
    assert type(estimator) is _registry._resolve(model.estimator)
    assert type(estimator).__name__ == model.estimator_name
    assert get_visualizer(estimator) is _registry._resolve(model.visualizer)
    assert issubclass(get_visualizer(estimator), Visualizer)
    assert model.description and model.why_not
    assert (model.dataset is None) == (model.datasets == ())
    assert model.dataset is None or model.dataset in model.datasets


def test_every_estimator_skratch_lists_has_an_entry():
    listed = {f"{cls.__module__.rpartition('._')[0]}.{name}"
              for name, cls in skratch.all_estimators()}
    assert listed <= {model.estimator for model in MODELS}


def test_get_model_by_name_or_alias():
    assert get_model("decision-tree") is get_model("tree")
    assert get_model("gd").name == "linear-regression"
    with pytest.raises(ValueError, match=r"No model is named 'svn'; the names are "
                                         r"linear-regression, gd, ridge, .*, tree\."):
        get_model("svn")


def test_every_visualizer_in_the_table_is_importable_from_viz():
    for model in MODELS:
        name = model.visualizer.rpartition(".")[2]
        assert name in skratch.viz.__all__
        assert getattr(skratch.viz, name) is _registry._resolve(model.visualizer)


def test_importing_viz_imports_no_drawing_code_and_no_model():
    code = ("import sys, skratch.viz, skratch.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('matplotlib', 'PIL', "
            "'skratch.linear_model', 'skratch.tree', 'skratch.cluster', 'skratch.viz.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['skratch.viz._registry']"


# -- register() for code outside skratch -------------------------------------------

def test_register_replaces_an_entry_and_the_table_is_untouched(clean_registry):
    class MyVisualizer(GradientDescentVisualizer):
        pass

    register(LinearRegression, MyVisualizer)
    assert get_visualizer(LinearRegression()) is MyVisualizer
    assert get_model("linear-regression").visualizer.endswith("GradientDescentVisualizer")
    assert skratch.viz.MyVisualizer is MyVisualizer


# -- pipelines ---------------------------------------------------------------------

def test_a_pipeline_is_drawn_as_its_final_step():
    assert get_visualizer(make_pipeline(StandardScaler(), LogisticRegression())) \
        is LogisticRegressionVisualizer
    assert get_visualizer(make_pipeline(StandardScaler(), LinearRegression())) \
        is GradientDescentVisualizer
    assert get_visualizer(make_pipeline("passthrough", LogisticRegression())) \
        is LogisticRegressionVisualizer


def test_a_regression_on_polynomial_features_is_drawn_as_a_curve():
    assert get_visualizer(make_pipeline(PolynomialFeatures(3), Ridge())) is CurveFitVisualizer
    assert get_visualizer(make_pipeline(PolynomialFeatures(3), StandardScaler(),
                                        LinearRegression())) is CurveFitVisualizer
    # A classifier on polynomial features is drawn as the classifier is.
    assert get_visualizer(make_pipeline(PolynomialFeatures(2), LogisticRegression())) \
        is LogisticRegressionVisualizer


def test_scaler_and_logistic_regression_animate_with_the_logistic_visualizer():
    X, y = two_classes()
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    anim = animate(pipe, X, y, max_frames=5, **SIZE)
    assert type(anim.visualizer) is LogisticRegressionVisualizer
    # The visualizer is handed the final step's run, on the data it learnt from.
    drawn = anim.trace
    assert drawn.estimator is pipe[-1]
    np.testing.assert_allclose(drawn.X, pipe[0].transform(X))
    np.testing.assert_allclose(drawn.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_array_equal(drawn.y, y)
    alone = skratch.record(LogisticRegression(), StandardScaler().fit_transform(X), y)
    assert [s.kind for s in drawn.steps] == [s.kind for s in alone.steps]
    last = drawn.steps[-1].state
    np.testing.assert_allclose(np.ravel(last["coef"]), np.ravel(pipe[-1].coef_))
    frame = anim.frame(anim.n_frames - 1)
    assert frame.ndim == 3 and frame.shape[2] == 3


def test_a_saved_pipeline_trace_is_drawn_as_its_final_step(tmp_path):
    X, y = two_classes()
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    skratch.record(pipe, X, y).save(tmp_path / "pipe.npz")
    loaded = skratch.Trace.load(tmp_path / "pipe.npz")
    anim = animate(loaded, max_frames=3, **SIZE)
    assert type(anim.visualizer) is LogisticRegressionVisualizer
    assert type(anim.trace.estimator) is LogisticRegression
    np.testing.assert_allclose(anim.trace.X, pipe[0].transform(X))


def test_the_polynomial_lesson_still_draws_its_curve():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(0, 1, 20)).reshape(-1, 1)
    y = np.sin(6 * x[:, 0]) + rng.normal(0, 0.2, 20)
    pipe = make_pipeline(PolynomialFeatures(5, include_bias=False), StandardScaler(),
                         Ridge(alpha=0.1, solver="gd", learning_rate=0.05, max_iter=50))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        anim = animate(pipe, x, y, max_frames=4, **SIZE)
    assert type(anim.visualizer) is CurveFitVisualizer
    assert anim.trace.estimator is pipe and anim.trace.X.shape == (20, 1)


class Seen(Exception):
    """Raised by a stub visualizer with the trace it was handed."""


def stub_visualizer():
    class Stub(Visualizer):
        def __init__(self, trace, **options):
            raise Seen(trace)
    return Stub


def test_a_visualizer_given_draws_the_pipeline_as_recorded():
    X, y = two_classes()
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    trace = skratch.record(pipe, X, y)
    with pytest.raises(Seen) as seen:
        animate(trace, visualizer=stub_visualizer())
    assert seen.value.args[0] is trace


def test_a_visualizer_registered_for_pipelines_wins(clean_registry):
    whole_pipeline = register(Pipeline, stub_visualizer())
    X, y = two_classes()
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    assert get_visualizer(pipe) is whole_pipeline
    with pytest.raises(Seen) as seen:
        animate(pipe, X, y)
    assert seen.value.args[0].estimator is pipe


def test_pipelines_that_cannot_be_drawn_say_why():
    with pytest.raises(ValueError, match="its final step 'passthrough' is 'passthrough'; "
                                         "pass visualizer=... explicitly"):
        get_visualizer(make_pipeline(StandardScaler(), "passthrough"))
    with pytest.raises(ValueError, match="pass the pipeline itself, not its class"):
        get_visualizer(Pipeline)
    with pytest.raises(ValueError, match=r"This pipeline's steps are not \(name, estimator\) "
                                         r"pairs: 'not steps'\."):
        get_visualizer(Pipeline(steps="not steps"))


# -- the documentation ---------------------------------------------------------------

def test_the_docs_table_of_models_is_made_from_the_registry():
    docutils_core = pytest.importorskip("docutils.core", reason="docutils not installed")
    from docutils import nodes
    from docutils.parsers.rst import roles

    from skratch.sphinxext import model_table

    # :class: is Sphinx's role; a stand-in lets plain docutils parse the table.
    roles.register_generic_role("class", nodes.literal)
    errors = io.StringIO()
    doctree = docutils_core.publish_doctree(
        model_table(), settings_overrides={"warning_stream": errors, "report_level": 2,
                                           "halt_level": 5})
    assert errors.getvalue() == ""
    for note in list(doctree.findall(nodes.system_message)):  # the stand-in's INFO notes
        assert note["level"] == 1
        note.parent.remove(note)
    items = list(doctree.findall(nodes.definition_list_item))
    assert len(items) == len(MODELS)
    for item, model in zip(items, MODELS):
        term = item.next_node(nodes.term).astext()
        assert term == model.name + "".join(f" ({alias})" for alias in model.aliases)
        text = item.next_node(nodes.definition).astext()
        visualizer = f"~skratch.viz.{model.visualizer.rpartition('.')[2]}"
        shows = model.description[0].upper() + model.description[1:]
        assert text.startswith(f"~{model.estimator} on ")
        assert text.endswith(f", drawn by {visualizer}. {shows}.")
    root = Path(__file__).resolve().parents[2]
    assert ".. skratch-models::" in (root / "docs" / "getting_started.rst").read_text()
    assert '"skratch.sphinxext",' in (root / "conf.py").read_text()


def test_every_model_is_on_the_api_page():
    root = Path(__file__).resolve().parents[2]
    listed = set(re.findall(r"^   (\w+)$", (root / "docs" / "api.rst").read_text(), re.M))
    for model in MODELS:
        assert model.estimator_name in listed
        assert model.visualizer.rpartition(".")[2] in listed
