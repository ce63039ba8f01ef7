"""Exceptions and warnings raised by skratch."""

__all__ = ["NotFittedError", "ConvergenceWarning", "DataConversionWarning"]


class NotFittedError(ValueError, AttributeError):
    """Raised when an estimator is used before it has been fitted.

    It is both a ``ValueError`` and an ``AttributeError``, as in
    scikit-learn, so code that catches either keeps working.
    """


class ConvergenceWarning(UserWarning):
    """Training stopped before it converged, or diverged."""


class DataConversionWarning(UserWarning):
    """Input data was converted to another shape or type."""
