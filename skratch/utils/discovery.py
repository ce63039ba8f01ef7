"""Find every public estimator in skratch."""

import importlib
import inspect
import pkgutil

__all__ = ["all_estimators"]

# Modules that are not estimator families and pull in heavier dependencies.
_SKIP = {"skratch.sphinxext", "skratch.cli", "skratch.viz", "skratch.utils"}

_TYPE_CHECKS = {
    "classifier": lambda cls: getattr(cls, "_estimator_type", None) == "classifier",
    "regressor": lambda cls: getattr(cls, "_estimator_type", None) == "regressor",
    "cluster": lambda cls: getattr(cls, "_estimator_type", None) == "clusterer",
    "transformer": lambda cls: hasattr(cls, "transform"),
}


def all_estimators(type_filter=None):
    """List every public estimator class of skratch.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "cluster", "transformer"} or list of them, optional
        Keep only estimators of these kinds.

    Returns
    -------
    list of (name, class) tuples, sorted by name

    Examples
    --------
    >>> from skratch import all_estimators
    >>> [name for name, _ in all_estimators(type_filter="cluster")]
    ['KMeans']
    """
    import skratch
    from skratch.base import BaseEstimator

    found = {}
    for info in pkgutil.walk_packages(skratch.__path__, prefix="skratch."):
        name = info.name
        parts = name.split(".")
        if any(p.startswith("_") for p in parts) or any(
                name == s or name.startswith(s + ".") for s in _SKIP):
            continue
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseEstimator)
                    and obj is not BaseEstimator and not attr.startswith("_")
                    and obj.__module__.startswith("skratch.")
                    and not inspect.isabstract(obj)):
                found[obj.__name__] = obj

    if type_filter is not None:
        filters = [type_filter] if isinstance(type_filter, str) else list(type_filter)
        unknown = [f for f in filters if f not in _TYPE_CHECKS]
        if unknown:
            raise ValueError(
                f"Unknown type_filter {unknown!r}; use any of {sorted(_TYPE_CHECKS)}."
            )
        found = {n: c for n, c in found.items()
                 if any(_TYPE_CHECKS[f](c) for f in filters)}
    return sorted(found.items())
