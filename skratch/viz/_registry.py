"""Which models skratch can show, which visualizer draws each, and :func:`animate`.

One table, :data:`MODELS`, lists every model skratch can animate: its name
for the ``skratch`` command (and aliases), its estimator and visualizer (by
import path, so that nothing is imported until an animation needs it), a
default data set, a factory that builds the estimator from the command's
options, and a line saying what the animation shows. The table drives
:func:`get_visualizer` and :func:`animate`, ``skratch list``, ``skratch
animate`` and the table of models in the documentation. Adding a model to
skratch is one entry at the bottom of this file.

Code outside skratch registers its own visualizers with :func:`register`,
with classes or import paths, or as a decorator::

    @register(MyEstimator)
    class MyVisualizer(Visualizer):
        ...

A :class:`~skratch.pipeline.Pipeline` has no entry of its own: it is drawn
as its final step is (see :func:`get_visualizer`).
"""

import importlib
from dataclasses import dataclass

__all__ = ["register", "get_visualizer", "animate", "MODELS", "get_model"]

# (estimator, visualizer) pairs, each a class or an import path, newest last:
# the table's own pairs first (added at the bottom of this file), then those
# of register().
_REGISTRY = []

_PIPELINE = "skratch.pipeline.Pipeline"
# A regression on polynomial features of one input: its weights belong to
# the expanded features, too many to draw, so the whole pipeline is drawn as
# a curve over its input.
_CURVE_FIT = "skratch.viz.linear_model._curve_fit.CurveFitVisualizer"
_POLYNOMIAL_FEATURES = "skratch.preprocessing.PolynomialFeatures"


def _name(spec):
    """The class name of a class or of an import path ("pkg.mod.Name" or "pkg.mod:Name")."""
    if isinstance(spec, str):
        return spec.replace(":", ".").rpartition(".")[2]
    return spec.__name__


def _resolve(spec):
    if not isinstance(spec, str):
        return spec
    module_name, _, name = spec.rpartition(":") if ":" in spec else spec.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


@dataclass(frozen=True)
class Model:
    """One model skratch can animate: an entry of :data:`MODELS`.

    Attributes
    ----------
    name : str
        Its name for ``skratch animate``.
    aliases : tuple of str
        Other names the command accepts.
    estimator : str
        Import path of the estimator class.
    visualizer : str
        Import path of the visualizer that draws it.
    description : str
        What the animation shows, in one line.
    dataset : str or None
        The data set ``skratch animate`` trains it on by default (one of the
        command's ``--dataset`` choices); None for a model that needs no data.
    datasets : tuple of str
        The data sets it can learn from.
    why_not : str
        Why the other data sets do not fit, for the command's error message.
    options : tuple of (str, object) pairs
        The command's options this model takes (argparse dests) and their
        defaults for it.
    build : callable
        ``build(options)`` makes the estimator from a dict holding ``seed``
        and the model's options. It imports the estimator only when called.
    max_samples : int, default=100_000
        The most points ``skratch animate`` trains it on: beyond, the run or
        its drawing takes minutes or gigabytes.
    """

    name: str
    aliases: tuple
    estimator: str
    visualizer: str
    description: str
    dataset: object
    datasets: tuple
    why_not: str
    options: tuple
    build: object
    max_samples: int = 100_000

    @property
    def estimator_name(self):
        """The estimator's class name."""
        return _name(self.estimator)

    @property
    def defaults(self):
        """The model's options with their defaults, as a dict."""
        return dict(self.options)

    @property
    def names(self):
        """Its name, then its aliases."""
        return (self.name, *self.aliases)


def get_model(name):
    """The entry of :data:`MODELS` with this name or alias.

    Parameters
    ----------
    name : str

    Returns
    -------
    Model

    Examples
    --------
    >>> from skratch.viz._registry import get_model
    >>> get_model("gd").estimator
    'skratch.linear_model.LinearRegression'
    """
    for model in MODELS:
        if name in model.names:
            return model
    raise ValueError(f"No model is named {name!r}; the names are "
                     f"{', '.join(n for model in MODELS for n in model.names)}.")


def register(estimator, visualizer=None):
    """Declare which visualizer draws an estimator class (and its subclasses).

    A later registration for the same estimator replaces the earlier one,
    skratch's own included.

    Parameters
    ----------
    estimator : class or str
        The estimator class, or its import path ("skratch.cluster.KMeans").
    visualizer : class or str, optional
        The :class:`~skratch.viz.Visualizer` subclass, or its import path.
        Leave it out to use ``register`` as a class decorator.

    Returns
    -------
    The visualizer (or, used as a decorator, the decorator).

    Examples
    --------
    >>> from skratch.viz import Visualizer, get_visualizer, register
    >>> class Stub:
    ...     pass
    >>> @register(Stub)
    ... class StubVisualizer(Visualizer):
    ...     pass
    >>> get_visualizer(Stub()).__name__
    'StubVisualizer'
    """
    if visualizer is None:
        return lambda cls: register(estimator, cls)
    _REGISTRY[:] = [(e, v) for e, v in _REGISTRY if e != estimator]
    _REGISTRY.append((estimator, visualizer))
    return visualizer


def _registered(cls):
    """The visualizer registered for ``cls`` or its closest registered ancestor, or None."""
    for klass in cls.__mro__:
        # Newest registration first; compare names before importing anything.
        for estimator_spec, visualizer_spec in reversed(_REGISTRY):
            if _name(estimator_spec) == klass.__name__ and _resolve(estimator_spec) is klass:
                return _resolve(visualizer_spec)
    return None


def _is_pipeline(estimator):
    return isinstance(estimator, _resolve(_PIPELINE))


def _pipeline_parts(pipeline):
    """The pipeline's transformers and its final step, checked to be drawable."""
    steps = getattr(pipeline, "steps", None)
    if not (isinstance(steps, (list, tuple)) and steps
            and all(isinstance(s, tuple) and len(s) == 2 for s in steps)):
        raise ValueError(f"This pipeline's steps are not (name, estimator) pairs: {steps!r}.")
    name, final = steps[-1]
    if final is None or isinstance(final, str):
        raise ValueError(f"A pipeline is drawn as its final step is, but its final step "
                         f"{name!r} is {final!r}; pass visualizer=... explicitly.")
    transformers = [t for _, t in steps[:-1] if t is not None and not isinstance(t, str)]
    return transformers, final


def _draws_curve(pipeline):
    """Whether the pipeline is a regression on polynomial features of its input."""
    transformers, final = _pipeline_parts(pipeline)
    expands = any(isinstance(t, _resolve(_POLYNOMIAL_FEATURES)) for t in transformers)
    return expands and getattr(final, "_estimator_type", None) == "regressor"


def get_visualizer(estimator):
    """The visualizer class registered for an estimator.

    The most specific registered class in the estimator's class hierarchy
    wins, so subclasses of a registered estimator are drawn like it.

    A :class:`~skratch.pipeline.Pipeline` (unless a visualizer is registered
    for it) is drawn as its final step is: :func:`animate` hands that
    visualizer the final step's run on the data the transformers made of
    ``X``. A regression on polynomial features of its input
    (``make_pipeline(PolynomialFeatures(9), StandardScaler(), Ridge())``) is
    drawn instead by :class:`~skratch.viz.CurveFitVisualizer`, as a curve
    over that input.

    Parameters
    ----------
    estimator : estimator instance or class

    Returns
    -------
    type
        A :class:`~skratch.viz.Visualizer` subclass.

    Examples
    --------
    >>> from skratch.linear_model import LogisticRegression, Ridge
    >>> from skratch.pipeline import make_pipeline
    >>> from skratch.preprocessing import PolynomialFeatures, StandardScaler
    >>> from skratch.viz import get_visualizer
    >>> get_visualizer(make_pipeline(StandardScaler(), LogisticRegression())).__name__
    'LogisticRegressionVisualizer'
    >>> get_visualizer(make_pipeline(PolynomialFeatures(3), Ridge())).__name__
    'CurveFitVisualizer'
    """
    if estimator is None:
        raise ValueError("The trace has no estimator to pick a visualizer for; "
                         "pass visualizer=... explicitly.")
    cls = estimator if isinstance(estimator, type) else type(estimator)
    found = _registered(cls)
    if found is not None:
        return found
    if _is_pipeline(estimator):
        if _draws_curve(estimator):
            return _resolve(_CURVE_FIT)
        return get_visualizer(_pipeline_parts(estimator)[1])
    if isinstance(estimator, type) and issubclass(estimator, _resolve(_PIPELINE)):
        raise ValueError("A Pipeline is drawn as its final step is: pass the pipeline "
                         "itself, not its class.")
    known = ", ".join(sorted({_name(e) for e, _ in _REGISTRY}))
    raise ValueError(
        f"No visualizer is registered for {cls.__name__} (registered: {known}). "
        "Pass visualizer=... or register one with skratch.viz.register()."
    )


def _final_step_trace(trace):
    """A pipeline's run as its final step saw it: the transformed X, the final estimator."""
    from ..steps import Trace

    pipeline = trace.estimator
    transformers, final = _pipeline_parts(pipeline)
    X = trace.X
    for transformer in transformers:
        X = transformer.transform(X)
    return Trace(trace.steps, X, trace.y, final)


def visualizer_names():
    """Names and import paths (or classes) of the registered visualizers."""
    names = {_name(m.visualizer): m.visualizer for m in MODELS}
    names.update({_name(v): v for _, v in _REGISTRY})
    return names


def animate(estimator, X=None, y=None, *, visualizer=None, max_frames=60, fps=6,
            end_pause=1.0, cache_mb=32, html_palette=True, timing="reading", fit_params=None,
            **options):
    """Animate a training run: fit through ``fit_steps`` and return an Animation.

    Parameters
    ----------
    estimator : estimator or skratch.Trace
        An estimator to fit on ``X, y`` (through :func:`skratch.record`; the
        estimator is fitted in place), or a recorded trace (for instance one
        loaded with :meth:`skratch.Trace.load`), drawn without training again.
    X : array-like of shape (n_samples, n_features)
        Training data, when ``estimator`` is an estimator.
    y : array-like of shape (n_samples,), optional
        Targets, when ``estimator`` is an estimator.
    visualizer : Visualizer subclass, optional
        By default the one registered for the estimator's class (see
        :func:`get_visualizer`). A visualizer given here draws the trace as
        recorded, a pipeline's included.
    max_frames, fps, end_pause, cache_mb, html_palette, timing :
        Passed to :class:`~skratch.viz.Animation`.
    fit_params : dict, optional
        Passed to the estimator's ``fit_steps``, as to ``fit``:
        ``fit_params={"sample_weight": w}``.
    **options :
        Passed to the visualizer: ``figsize``, ``dpi``, ``ax``, ``fig``,
        ``caption`` and the visualizer's own options.

    Returns
    -------
    Animation
        Its ``trace`` is the one drawn: for a pipeline drawn as its final
        step, that step's run on the transformed data.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import LinearRegression
    >>> from skratch.viz import animate
    >>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
    >>> y = 2 * X[:, 0] + 0.5
    >>> anim = animate(LinearRegression(solver="gd", learning_rate=0.5), X, y,
    ...                max_frames=10, figsize=(6, 2), dpi=40)
    >>> anim.n_frames, anim.frame_steps[0].kind
    (10, 'init')
    >>> anim.save("descent.gif"); anim.save("descent.html")  # doctest: +SKIP
    """
    from ..steps import Trace, record
    from ._animation import Animation

    if isinstance(estimator, Trace):
        if X is not None or y is not None or fit_params:
            raise TypeError("animate(trace) takes no data: the trace holds its own X and y.")
        trace = estimator
        visualizer_cls = visualizer or get_visualizer(trace.estimator)
    elif hasattr(estimator, "fit_steps"):
        if X is None and getattr(estimator, "_needs_data", True):
            # Models learn from data; a step producer that needs none (an
            # optimizer race on a surface) says so with _needs_data = False.
            raise TypeError(f"animate({type(estimator).__name__}(...), X, y) needs the "
                            "training data X.")
        # Find the visualizer before training, so a missing one fails fast.
        visualizer_cls = visualizer or get_visualizer(estimator)
        trace = record(estimator, X, y, **(fit_params or {}))
    else:
        raise TypeError("animate() takes an estimator with fit_steps, or a skratch.Trace; "
                        f"got {type(estimator).__name__}.")
    if (visualizer is None and _is_pipeline(trace.estimator)
            and _registered(type(trace.estimator)) is None and not _draws_curve(trace.estimator)):
        trace = _final_step_trace(trace)
    drawer = visualizer_cls(trace, **options)
    return Animation(drawer, max_frames=max_frames, fps=fps, end_pause=end_pause,
                     cache_mb=cache_mb, html_palette=html_palette, timing=timing)


# -- the models --------------------------------------------------------------------
#
# Each factory imports its estimator only when called, and takes the options
# the entry declares, plus "seed".

def _kmeans(o):
    from ..cluster import KMeans
    return KMeans(n_clusters=o["n_clusters"], random_state=o["seed"])


def _linear_regression(o):
    from ..linear_model import LinearRegression
    return LinearRegression(solver="gd", learning_rate=o["learning_rate"])


def _ridge(o):
    from ..linear_model import Ridge
    return Ridge(alpha=o["alpha"], solver="gd", learning_rate=o["learning_rate"])


def _lasso(o):
    from ..linear_model import Lasso
    # A step after every coordinate update, not only after each sweep.
    return Lasso(alpha=o["alpha"], step_per="coordinate")


def _elastic_net(o):
    from ..linear_model import ElasticNet
    return ElasticNet(alpha=o["alpha"], l1_ratio=o["l1_ratio"], step_per="coordinate")


def _logistic_regression(o):
    from ..linear_model import LogisticRegression
    # Gradient descent: Newton's method is done in a handful of steps.
    return LogisticRegression(solver="gd", learning_rate=o["learning_rate"], max_iter=1000)


def _perceptron(o):
    from ..linear_model import Perceptron
    return Perceptron(random_state=o["seed"])


def _sgd_classifier(o):
    from ..linear_model import SGDClassifier
    # The hinge loss: a linear support vector machine, a step per sample.
    return SGDClassifier(loss="hinge", alpha=o["alpha"], step_per="batch",
                         random_state=o["seed"])


def _sgd_regressor(o):
    from ..linear_model import SGDRegressor
    # A constant step and a step per sample, five epochs: the noisy path.
    return SGDRegressor(learning_rate="constant", eta0=o["learning_rate"], penalty=None,
                        step_per="batch", max_iter=5, tol=None, random_state=o["seed"])


def _decision_tree(o):
    from ..tree import DecisionTreeClassifier
    return DecisionTreeClassifier(max_depth=o["max_depth"], random_state=o["seed"])


def _optimizer_race(o):
    from ..optim import OptimizerRace
    return OptimizerRace(surface=o["surface"])


def _standard_scaler(o):
    from ..preprocessing import StandardScaler
    return StandardScaler()


def _polynomial_features(o):
    from ..preprocessing import PolynomialFeatures
    return PolynomialFeatures(degree=o["degree"])


def _polynomial_regression(o):
    from ..linear_model import Ridge
    from ..pipeline import make_pipeline
    from ..preprocessing import PolynomialFeatures, StandardScaler
    return make_pipeline(PolynomialFeatures(o["degree"], include_bias=False), StandardScaler(),
                         Ridge(alpha=o["alpha"], solver="gd", learning_rate=o["learning_rate"],
                               max_iter=30_000))


_POINTS = ("blobs", "moons", "circles", "classification")
_ON_POINTS = "it is drawn on points in the plane"

MODELS = (
    Model("linear-regression", ("gd",), "skratch.linear_model.LinearRegression",
          "skratch.viz.linear_model._gradient_descent.GradientDescentVisualizer",
          "gradient descent fitting a line, walking down the loss surface",
          "regression", ("regression",),
          "gradient descent fits a line to one feature and a continuous target",
          (("learning_rate", 0.1),), _linear_regression),
    Model("ridge", (), "skratch.linear_model.Ridge",
          "skratch.viz.linear_model._gradient_descent.GradientDescentVisualizer",
          "gradient descent on the ridge loss: the penalty pulls the slope towards 0",
          "regression", ("regression",),
          "ridge fits a line to one feature and a continuous target",
          (("alpha", 1.0), ("learning_rate", 0.1)), _ridge),
    Model("lasso", (), "skratch.linear_model.Lasso",
          "skratch.viz.linear_model._coordinate_descent.CoordinateDescentVisualizer",
          "coordinate descent, one weight at a time, soft-thresholded towards 0",
          "regression-2d", ("regression-2d",),
          "coordinate descent is drawn on the plane of two weights",
          (("alpha", 10.0),), _lasso),
    Model("elastic-net", (), "skratch.linear_model.ElasticNet",
          "skratch.viz.linear_model._coordinate_descent.CoordinateDescentVisualizer",
          "coordinate descent under a mix of the L1 and L2 penalties",
          "regression-2d", ("regression-2d",),
          "coordinate descent is drawn on the plane of two weights",
          (("alpha", 10.0), ("l1_ratio", 0.5)), _elastic_net),
    Model("logistic-regression", ("logistic",), "skratch.linear_model.LogisticRegression",
          "skratch.viz.linear_model._logistic_regression.LogisticRegressionVisualizer",
          "gradient descent turning the probability surface of each class",
          "classification", _POINTS, "it classifies points in the plane by their labels",
          (("learning_rate", 0.5),), _logistic_regression, max_samples=10_000),
    Model("perceptron", (), "skratch.linear_model.Perceptron",
          "skratch.viz.linear_model._linear_classifier.PerceptronVisualizer",
          "the perceptron rule: each mistake moves the line towards the missed point",
          "classification", _POINTS, "it classifies points in the plane by their labels",
          (), _perceptron, max_samples=10_000),
    Model("sgd-classifier", ("svm",), "skratch.linear_model.SGDClassifier",
          "skratch.viz.linear_model._linear_classifier.PerceptronVisualizer",
          "a linear support vector machine by stochastic gradient descent on the hinge loss",
          "classification", _POINTS, "it classifies points in the plane by their labels",
          (("alpha", 0.03),), _sgd_classifier, max_samples=10_000),
    Model("sgd-regressor", ("sgd",), "skratch.linear_model.SGDRegressor",
          "skratch.viz.linear_model._sgd_regressor.SGDRegressorVisualizer",
          "stochastic gradient descent: a noisy step per sample down the loss surface",
          "regression", ("regression",),
          "it fits a line to one feature and a continuous target",
          (("learning_rate", 0.05),), _sgd_regressor, max_samples=10_000),
    Model("optimizer-race", ("race",), "skratch.optim.OptimizerRace",
          "skratch.viz.optim._optimizer_race.RaceVisualizer",
          "gradient descent, momentum, Adagrad, RMSprop and Adam racing on one surface",
          None, (), "the optimizers race on a surface (--surface), not on data",
          (("surface", "rosenbrock"),), _optimizer_race),
    Model("standard-scaler", ("scaler",), "skratch.preprocessing.StandardScaler",
          "skratch.viz.preprocessing._standard_scaler.ScalerVisualizer",
          "standardisation: centre each feature on its mean, divide by its deviation",
          "blobs", _POINTS, _ON_POINTS, (), _standard_scaler),
    Model("polynomial-features", ("poly",), "skratch.preprocessing.PolynomialFeatures",
          "skratch.viz.preprocessing._polynomial_features.PolynomialFeaturesVisualizer",
          "the new features a polynomial expansion makes of two, drawn over the plane",
          "moons", _POINTS, _ON_POINTS, (("degree", 2),), _polynomial_features),
    Model("polynomial-regression", ("curve",), _PIPELINE, _CURVE_FIT,
          "ridge on polynomial features of one input, learning a curve by gradient descent",
          "wave", ("wave",), "it fits a curve to one feature and a continuous target",
          (("degree", 9), ("alpha", 0.1), ("learning_rate", 0.1)), _polynomial_regression,
          max_samples=1_000),
    Model("kmeans", (), "skratch.cluster.KMeans", "skratch.viz.cluster._kmeans.KMeansVisualizer",
          "k-means moving its centres: assign points to the nearest, move each to their mean",
          "blobs", _POINTS, "k-means is drawn on points in the plane",
          (("n_clusters", None),), _kmeans),   # None: the groups in the data set
    Model("decision-tree", ("tree",), "skratch.tree.DecisionTreeClassifier",
          "skratch.viz.tree._decision_tree.TreeVisualizer",
          "a classification tree splitting the plane, one split at a time",
          "moons", _POINTS, "the tree classifies points in the plane by their labels",
          (("max_depth", 4),), _decision_tree),
)
"""Every model skratch can animate, in the order a learner meets them."""

# The table's visualizers, found by estimator class. A pipeline has none of
# its own: get_visualizer draws it as its final step is.
for _model in MODELS:
    if _model.estimator != _PIPELINE:
        register(_model.estimator, _model.visualizer)
del _model
