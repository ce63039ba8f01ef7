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
def _bridged(ours, theirs):
    """A subclass of both ``ours`` and scikit-learn's ``theirs``, named and documented as ours."""
    return type(ours.__name__, (ours, theirs), {"__module__": __name__, "__doc__": ours.__doc__})


def _also_sklearns(ours, module, name):
    """``ours``, or, once scikit-learn's ``module`` is imported, a class that is also its ``name``.

    skratch never imports scikit-learn itself; when the user has, the errors
    and warnings skratch raises are instances of scikit-learn's classes as
    well, so code (and warning filters) written against either one work:
    skratch estimators swap in for scikit-learn's.
    """
    sklearn_module = sys.modules.get(module)
    if sklearn_module is None:
        return ours
    return _bridged(ours, getattr(sklearn_module, name))


def not_fitted_error(message):
    """Build the NotFittedError to raise (also scikit-learn's once it is imported)."""
    return _also_sklearns(NotFittedError, "sklearn.exceptions", "NotFittedError")(message)


def invalid_parameter_error(message):
    """Build the InvalidParameterError to raise (also scikit-learn's once it is imported)."""
    return _also_sklearns(InvalidParameterError, "sklearn.utils._param_validation",
                          "InvalidParameterError")(message)


def _convergence_warning_category():
    return _also_sklearns(ConvergenceWarning, "sklearn.exceptions", "ConvergenceWarning")


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
