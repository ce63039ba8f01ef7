"""Exceptions and warnings raised by skratch."""

import functools
import os
import sys
import warnings

__all__ = [
    "NotFittedError",
    "InvalidParameterError",
    "ConvergenceWarning",
    "DataConversionWarning",
    "UndefinedMetricWarning",
    "warn_convergence",
]


class NotFittedError(ValueError, AttributeError):
    """Raised when an estimator is used before it has been fitted.

    It is both a ``ValueError`` and an ``AttributeError``, as in
    scikit-learn, so code that catches either keeps working.
    """


class InvalidParameterError(ValueError, TypeError):
    """Raised when a hyperparameter has a value (or a type) that it does not accept.

    It is both a ``ValueError`` and a ``TypeError``, as in scikit-learn,
    since a wrong value and a wrong type are the same mistake to the user;
    code that catches either keeps working. Its message names the
    parameter, the class and what it accepts.
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


@functools.lru_cache(maxsize=None)
def _bridged_invalid_parameter_error(sklearn_error):
    """An InvalidParameterError that is also scikit-learn's, for code that catches that one."""
    return type("InvalidParameterError", (InvalidParameterError, sklearn_error),
                {"__module__": __name__, "__doc__": InvalidParameterError.__doc__})


def invalid_parameter_error(message):
    """Build the InvalidParameterError to raise.

    When scikit-learn is already imported (never by skratch itself), the
    error is an instance of both skratch's and scikit-learn's
    ``InvalidParameterError``, as for :func:`not_fitted_error`.
    """
    sklearn_validation = sys.modules.get("sklearn.utils._param_validation")
    if sklearn_validation is None:
        return InvalidParameterError(message)
    return _bridged_invalid_parameter_error(sklearn_validation.InvalidParameterError)(message)


@functools.lru_cache(maxsize=None)
def _bridged_convergence_warning(sklearn_warning):
    """A ConvergenceWarning that is also scikit-learn's, for filters set on that one."""
    return type("ConvergenceWarning", (ConvergenceWarning, sklearn_warning),
                {"__module__": __name__, "__doc__": ConvergenceWarning.__doc__})


def _convergence_warning_category():
    sklearn_exceptions = sys.modules.get("sklearn.exceptions")
    if sklearn_exceptions is None:
        return ConvergenceWarning
    return _bridged_convergence_warning(sklearn_exceptions.ConvergenceWarning)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _stacklevel_outside_skratch():
    """The ``stacklevel`` that points a warning at the first caller outside skratch.

    Training runs through generators (``fit`` drives ``fit_steps``, which may
    delegate to helpers), so a fixed stacklevel would name a line of skratch;
    the user wants the line of their own code that called ``fit``.
    """
    frame = sys._getframe(2)  # the caller of warn_convergence
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    return level


def warn_convergence(message):
    """Warn that training stopped before it converged, or diverged.

    The category is :class:`ConvergenceWarning`; once scikit-learn is
    imported (never by skratch itself) it is also scikit-learn's
    ``ConvergenceWarning``, so filters set on either one apply. The warning
    names the user's line that started training, not a line of skratch.
    """
    warnings.warn(message, _convergence_warning_category(),
                  stacklevel=_stacklevel_outside_skratch() + 1)
