"""Which visualizer draws which estimator, and :func:`animate`.

Entries may name classes by their import path, so that neither the estimator
nor the visualizer module is imported until an animation needs it. Adding a
visualizer to skratch is one line at the bottom of this file::

    register("skratch.cluster.KMeans", "skratch.viz._kmeans.KMeansVisualizer")

Code outside skratch can register its own, with classes or as a decorator::

    @register(MyEstimator)
    class MyVisualizer(Visualizer):
        ...
"""

import importlib

from ..steps import Trace, record
from ._animation import Animation

__all__ = ["register", "get_visualizer", "animate"]

# (estimator, visualizer) pairs, each a class or an import path, newest last.
_REGISTRY = []


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


def register(estimator, visualizer=None):
    """Declare which visualizer draws an estimator class (and its subclasses).

    A later registration for the same estimator replaces the earlier one.

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


def get_visualizer(estimator):
    """The visualizer class registered for an estimator.

    The most specific registered class in the estimator's class hierarchy
    wins, so subclasses of a registered estimator are drawn like it.

    Parameters
    ----------
    estimator : estimator instance or class

    Returns
    -------
    type
        A :class:`~skratch.viz.Visualizer` subclass.
    """
    if estimator is None:
        raise ValueError("The trace has no estimator to pick a visualizer for; "
                         "pass visualizer=... explicitly.")
    cls = estimator if isinstance(estimator, type) else type(estimator)
    for klass in cls.__mro__:
        # Newest registration first; compare names before importing anything.
        for estimator_spec, visualizer_spec in reversed(_REGISTRY):
            if _name(estimator_spec) == klass.__name__ and _resolve(estimator_spec) is klass:
                return _resolve(visualizer_spec)
    known = ", ".join(sorted({_name(e) for e, _ in _REGISTRY}))
    raise ValueError(
        f"No visualizer is registered for {cls.__name__} (registered: {known}). "
        "Pass visualizer=... or register one with skratch.viz.register()."
    )


def visualizer_names():
    """Names and import paths (or classes) of the registered visualizers."""
    return {_name(v): v for _, v in _REGISTRY}


def animate(estimator, X=None, y=None, *, visualizer=None, max_frames=60, fps=6,
            end_pause=1.0, cache_mb=32, html_palette=True, fit_params=None, **options):
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
        By default the one registered for the estimator's class.
    max_frames, fps, end_pause, cache_mb, html_palette :
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
    drawer = visualizer_cls(trace, **options)
    return Animation(drawer, max_frames=max_frames, fps=fps, end_pause=end_pause,
                     cache_mb=cache_mb, html_palette=html_palette)


# Skratch's own visualizers: one line each, imported only when needed.
register("skratch.linear_model.LinearRegression", "skratch.viz._linear.GradientDescentVisualizer")
register("skratch.cluster.KMeans", "skratch.viz._kmeans.KMeansVisualizer")
register("skratch.tree.DecisionTreeClassifier", "skratch.viz._tree.TreeVisualizer")
register("skratch.linear_model.LogisticRegression",
         "skratch.viz._logistic.LogisticRegressionVisualizer")
register("skratch.optim.OptimizerRace", "skratch.viz._race.RaceVisualizer")
register("skratch.linear_model.Perceptron", "skratch.viz._perceptron.PerceptronVisualizer")
register("skratch.linear_model.SGDClassifier", "skratch.viz._perceptron.PerceptronVisualizer")
register("skratch.linear_model.SGDRegressor", "skratch.viz._sgd.SGDRegressorVisualizer")
register("skratch.linear_model.Ridge", "skratch.viz._linear.GradientDescentVisualizer")
register("skratch.linear_model.Lasso", "skratch.viz._regularization.CoordinateDescentVisualizer")
register("skratch.linear_model.ElasticNet",
         "skratch.viz._regularization.CoordinateDescentVisualizer")
register("skratch.pipeline.Pipeline", "skratch.viz._regularization.CurveFitVisualizer")
register("skratch.preprocessing.StandardScaler", "skratch.viz._preprocessing.ScalerVisualizer")
register("skratch.preprocessing.PolynomialFeatures",
         "skratch.viz._preprocessing.PolynomialFeaturesVisualizer")
