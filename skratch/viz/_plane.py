"""The plane of two features that the 2-D visualizers draw, and their colours.

Shared by every visualizer that draws data points: which two features to
draw (``features=(i, j)``), the trace's data checked for it, and a colour per
category that stays the same from frame to frame.
"""

from numbers import Integral

import numpy as np
from matplotlib.colors import to_rgba

__all__ = ["category_colors", "plane_features", "plane_data"]

# tab10 without its grey (which means "unassigned" here), then a dark blue.
_TEN = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#393b79")
# tab20 without its two greys.
_EIGHTEEN = ("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a",
             "#d62728", "#ff9896", "#9467bd", "#c5b0d5", "#8c564b", "#c49c94",
             "#e377c2", "#f7b6d2", "#bcbd22", "#dbdb8d", "#17becf", "#9edae5")


def category_colors(n):
    """``n`` distinct RGBA colours, none of them grey, as an array of shape (n, 4).

    Colour ``i`` depends only on ``i`` and ``n``, so a category keeps its
    colour from frame to frame.
    """
    if n <= len(_TEN):
        return np.array([to_rgba(c) for c in _TEN[:n]])
    if n <= len(_EIGHTEEN):
        return np.array([to_rgba(c) for c in _EIGHTEEN[:n]])
    # Many categories: hues around the circle, alternating two lightnesses
    # so that neighbouring hues stay apart.
    hue = np.arange(n) / n
    rgb = np.clip(np.abs(((hue[:, None] * 6 + [0, 4, 2]) % 6) - 3) - 1, 0, 1)
    rgb = np.where((np.arange(n) % 2)[:, None] == 0, 0.15 + 0.7 * rgb, 0.35 + 0.55 * rgb)
    return np.column_stack([rgb, np.ones(n)])


def plane_features(features, n_features, name):
    """The two features to draw, as a tuple ``(i, j)``; a clear error if there are none.

    With two features the default is ``(0, 1)``; with more, the caller must
    choose. One feature does not make a plane.
    """
    if n_features < 2:
        raise ValueError(
            f"{name} draws the data in a plane of two features, but X has "
            f"{n_features} feature. Fit on at least two features to use it."
        )
    if features is None:
        if n_features == 2:
            return (0, 1)
        raise ValueError(
            f"{name} draws two features, but X has {n_features}: choose the two "
            "to draw with features=(i, j), e.g. features=(0, 1)."
        )
    try:
        i, j = features
    except (TypeError, ValueError):
        raise ValueError(
            f"features must be a pair of feature indices (i, j), got {features!r}."
        ) from None
    for f in (i, j):
        if not isinstance(f, Integral) or isinstance(f, bool) or not 0 <= f < n_features:
            raise ValueError(
                f"features=({i!r}, {j!r}) must hold two indices in [0, {n_features}) "
                f"(X has {n_features} features)."
            )
    if i == j:
        raise ValueError(f"features=({i}, {j}) names the same feature twice; choose two.")
    return (int(i), int(j))


def plane_data(trace, features, name, *, labels=False):
    """The trace's ``X`` as floats, the two features to draw, and its labels.

    Parameters
    ----------
    trace : Trace
    features : pair of int or None
        As given to the visualizer; see :func:`plane_features`.
    name : str
        The visualizer's name, for error messages.
    labels : bool, default=False
        Also require one label per sample in ``trace.y`` and return it.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    plane : tuple (i, j)
    y : ndarray of shape (n_samples,) or None
    """
    X = np.asarray(trace.X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name} needs a 2-D X; the trace's X has shape {X.shape}.")
    plane = plane_features(features, X.shape[1], name)
    if not labels:
        return X, plane, None
    if trace.y is None:
        raise ValueError(f"{name} needs the class labels y; the trace has none.")
    y = np.asarray(trace.y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"{name} needs one class label per sample; y has shape {y.shape}.")
    return X, plane, y
