"""Visualizers and animations: watch training step by step.

:func:`animate` fits an estimator through its ``fit_steps`` (or takes a
recorded :class:`~skratch.Trace`), picks the visualizer registered for it and
returns an :class:`Animation`, which saves as a GIF, an HTML player, a video
or a still, and shows itself as a player in a notebook.

Visualizers are found through the registry (:func:`register`); each is
imported only when first used, and is available here under its class name,
e.g. ``skratch.viz.GradientDescentVisualizer``.
"""

from . import _registry
from ._animation import Animation, select_frames
from ._base import Visualizer
from ._regularization import CoefficientPathVisualizer, RegularizationGeometryVisualizer
from ._registry import animate, get_visualizer, register

__all__ = ["Animation", "Visualizer", "animate", "get_visualizer", "register",
           "select_frames", "CoefficientPathVisualizer", "RegularizationGeometryVisualizer",
           *sorted(_registry.visualizer_names())]


def __getattr__(name):
    # Registered visualizers load on first use, so importing skratch.viz does
    # not import every family's drawing code.
    names = _registry.visualizer_names()
    if name in names:
        return _registry._resolve(names[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
