"""Visualizers and animations: watch training step by step.

:func:`animate` fits an estimator through its ``fit_steps`` (or takes a
recorded :class:`~skratch.Trace`), picks the visualizer registered for it and
returns an :class:`Animation`, which saves as a GIF, an HTML player, a video
or a still, and shows itself as a player in a notebook.

Visualizers are found through the registry (:func:`register`). Everything
here but the registry is imported on first use, so that importing
``skratch.viz`` (as ``skratch list`` does) imports no drawing code and not
matplotlib. Each visualizer is available under its class name, e.g.
``skratch.viz.GradientDescentVisualizer``.
"""

from . import _registry
from ._registry import animate, get_visualizer, register

# Names importable from here, and the module each comes from.
_LAZY = {
    "Animation": "skratch.viz._animation.Animation",
    "select_frames": "skratch.viz._animation.select_frames",
    "Visualizer": "skratch.viz._base.Visualizer",
    # Drawn for a path, not for one estimator's run: registered for none.
    "CoefficientPathVisualizer":
        "skratch.viz.linear_model._regularization.CoefficientPathVisualizer",
    "RegularizationGeometryVisualizer":
        "skratch.viz.linear_model._regularization.RegularizationGeometryVisualizer",
}

__all__ = ["animate", "get_visualizer", "register", *_LAZY,
           *sorted(_registry.visualizer_names())]


def __getattr__(name):
    path = _LAZY.get(name) or _registry.visualizer_names().get(name)
    if path is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _registry._resolve(path)


def __dir__():
    return sorted(set(globals()) | set(__all__))
