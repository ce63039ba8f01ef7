"""Classification metrics: how often the predicted labels are right."""

import numpy as np

from ..utils.validation import check_classification_targets

__all__ = ["accuracy_score"]


def _check_same_length(a, b, name_a, name_b):
    """Refuse two inputs whose numbers of samples differ, or that are empty."""
    n_a, n_b = len(a), len(b)
    if n_a != n_b:
        raise ValueError(
            f"{name_a} and {name_b} have inconsistent numbers of samples: "
            f"{name_a} has {n_a}, {name_b} has {n_b}."
        )
    if n_a == 0:
        raise ValueError(
            f"{name_a} and {name_b} are empty; at least one sample is required."
        )


def _as_labels(y, name):
    """``y`` as a 1-D array of class labels (a column vector is flattened)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of class labels, got shape {y.shape} "
            "(multilabel and multioutput targets are not supported)."
        )
    return y


def accuracy_score(y_true, y_pred, *, normalize=True):
    r"""Fraction (or number) of samples whose predicted label is the true one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true class labels.
    y_pred : array-like of shape (n_samples,)
        The predicted class labels.
    normalize : bool, default=True
        Return the fraction of correct predictions; otherwise their number.

    Returns
    -------
    float
        The accuracy in [0, 1], or the number of correct predictions when
        ``normalize`` is False.

    Notes
    -----
    .. math::

        \operatorname{accuracy}(y, \hat y) = \frac{1}{n}
        \sum_{i=1}^{n} \mathbb{1}[\hat y_i = y_i].

    Examples
    --------
    >>> from skratch.metrics import accuracy_score
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
    0.5
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False)
    2.0
    """
    y_true = _as_labels(y_true, "y_true")
    y_pred = _as_labels(y_pred, "y_pred")
    _check_same_length(y_true, y_pred, "y_true", "y_pred")
    check_classification_targets(y_true)
    check_classification_targets(y_pred)
    # Comparing text with numbers is never true: a silent 0 would hide the bug.
    if (y_true.dtype.kind in "US") != (y_pred.dtype.kind in "US"):
        raise ValueError(
            f"Labels in y_true and y_pred should be of the same type: got "
            f"{y_true.dtype} and {y_pred.dtype}."
        )
    correct = y_true == y_pred
    return float(correct.mean() if normalize else correct.sum())
