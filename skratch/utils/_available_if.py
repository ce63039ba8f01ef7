"""Methods that exist only when the object can honour them."""

import functools
import types

__all__ = ["available_if"]


class available_if:
    """Decorate a method that exists only when ``check(obj, name)`` does not raise.

    ``check`` raises :class:`AttributeError`, with a message that says why,
    when the method makes no sense for this object: then ``obj.method``
    raises that error and ``hasattr(obj, "method")`` is False, so tools that
    probe methods (scikit-learn's checks, a visualizer) see the model as the
    kind it is. An ``SGDClassifier`` with the hinge loss has no
    ``predict_proba``; a pipeline has the methods of its final step.

    Parameters
    ----------
    check : callable
        ``check(obj, name)``, called on each lookup of the method.

    Examples
    --------
    >>> class Model:
    ...     def __init__(self, loss):
    ...         self.loss = loss
    ...     def _check_log(self, name):
    ...         if self.loss != "log":
    ...             raise AttributeError(f"{name} needs loss='log'")
    ...     @available_if(_check_log)
    ...     def predict_proba(self, X):
    ...         return X
    >>> hasattr(Model("log"), "predict_proba"), hasattr(Model("hinge"), "predict_proba")
    (True, False)
    """

    def __init__(self, check):
        self.check = check

    def __call__(self, method):
        self.method = method
        functools.update_wrapper(self, method)
        return self

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.method
        self.check(obj, self.method.__name__)
        return types.MethodType(self.method, obj)
