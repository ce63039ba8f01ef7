"""Exceptions and warnings raised by skratch."""

import functools
import sys

__all__ = [
    "NotFittedError",
    "ConvergenceWarning",
    "DataConversionWarning",
    "UndefinedMetricWarning",
]


class NotFittedError(ValueError, AttributeError):
    """Raised when an estimator is used before it has been fitted.

    It is both a ``ValueError`` and an ``AttributeError``, as in
    scikit-learn, so code that catches either keeps working.
    """


class ConvergenceWarning(UserWarning):
    """Training stopped before it converged, or diverged."""


class DataConversionWarning(UserWarning):
    """Input data was converted to another shape or type."""


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for the given input (R² of one sample, say)."""


@functools.lru_cache(maxsize=None)
def _bridged_not_fitted_error(sklearn_error):
    """A NotFittedError that is also scikit-learn's, for code that catches that one."""
    return type("NotFittedError", (NotFittedError, sklearn_error),
                {"__module__": __name__, "__doc__": NotFittedError.__doc__})


def not_fitted_error(message):
    """Build the NotFittedError to raise.

    When scikit-learn is already imported (never by skratch itself), the
    error is an instance of both skratch's and scikit-learn's
    ``NotFittedError``, so code written against either catches it: skratch
    estimators swap in for scikit-learn's ones.
    """
    sklearn_exceptions = sys.modules.get("sklearn.exceptions")
    if sklearn_exceptions is None:
        return NotFittedError(message)
    return _bridged_not_fitted_error(sklearn_exceptions.NotFittedError)(message)
