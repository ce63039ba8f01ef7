"""Regression metrics: how far the predictions are from the targets."""

import warnings

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils.validation import check_array
from ._classification import _check_same_length

__all__ = ["mean_squared_error", "r2_score"]


def _check_targets(y_true, y_pred):
    """Both targets as float arrays of shape (n_samples, n_outputs)."""
    y_true = check_array(y_true, ensure_2d=False, input_name="y_true")
    y_pred = check_array(y_pred, ensure_2d=False, input_name="y_pred")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.ndim not in (1, 2):
            raise ValueError(
                f"{name} must be 1-D or 2-D (n_samples, n_outputs), got shape {y.shape}."
            )
    _check_same_length(y_true, y_pred, "y_true", "y_pred")
    y_true = y_true.reshape(len(y_true), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"y_true and y_pred have different numbers of outputs: y_true has "
            f"{y_true.shape[1]}, y_pred has {y_pred.shape[1]}."
        )
    return y_true, y_pred


def _average_outputs(scores, multioutput):
    """Combine per-output scores as ``multioutput`` asks."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return scores
        if multioutput == "uniform_average":
            return float(np.mean(scores))
        raise ValueError(
            f"multioutput={multioutput!r} is not supported; use "
            "'raw_values', 'uniform_average' or an array of weights."
        )
    weights = np.asarray(multioutput, dtype=np.float64)
    if weights.shape != scores.shape:
        raise ValueError(
            f"multioutput weights must hold one value per output "
            f"({scores.size}), got shape {weights.shape}."
        )
    return float(np.average(scores, weights=weights))


def mean_squared_error(y_true, y_pred, *, multioutput="uniform_average"):
    """Mean of the squared differences between targets and predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The true targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The predictions.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine several outputs: one error each, their mean, or
        their weighted mean.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The error (0 is perfect), or one error per output.

    Notes
    -----
    For each output,

    .. math::

        \\operatorname{MSE}(y, \\hat y) = \\frac{1}{n}
        \\sum_{i=1}^{n} (y_i - \\hat y_i)^2.

    Examples
    --------
    >>> from skratch.metrics import mean_squared_error
    >>> mean_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.375
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    errors = np.mean((y_true - y_pred) ** 2, axis=0)
    return _average_outputs(errors, multioutput)


def r2_score(y_true, y_pred, *, multioutput="uniform_average"):
    """Coefficient of determination :math:`R^2` of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The true targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The predictions.
    multioutput : {"raw_values", "uniform_average"} or array-like of shape \
(n_outputs,), default="uniform_average"
        How to combine several outputs: one score each, their mean, or
        their weighted mean.

    Returns
    -------
    float or ndarray of shape (n_outputs,)
        The score: 1 is perfect, 0 is no better than predicting the mean of
        ``y_true``, and it is negative for worse predictions. NaN (with a
        warning) for a single sample, where it is undefined.

    Notes
    -----
    For each output, with :math:`\\bar y` the mean of the true targets,

    .. math::

        R^2 = 1 - \\frac{\\sum_i (y_i - \\hat y_i)^2}
                       {\\sum_i (y_i - \\bar y)^2}.

    When :math:`y` is constant the ratio is undefined; as in scikit-learn
    (``force_finite=True``) the score is then 1 for perfect predictions and
    0 otherwise. "Constant" means all values are equal, tested directly, so
    a rounding error in :math:`\\bar y` cannot turn it into a huge negative
    score.

    References
    ----------
    .. [1] `Coefficient of determination, Wikipedia
       <https://en.wikipedia.org/wiki/Coefficient_of_determination>`_

    Examples
    --------
    >>> from skratch.metrics import r2_score
    >>> r2_score([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.948...
    >>> r2_score([1.0, 1.0, 1.0], [1.0, 1.0, 1.0])
    1.0
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    if len(y_true) < 2:
        warnings.warn(
            "R^2 score is not well-defined with less than two samples.",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return float("nan")
    residual = np.sum((y_true - y_pred) ** 2, axis=0)
    total = np.sum((y_true - y_true.mean(axis=0)) ** 2, axis=0)
    varying = np.any(y_true != y_true[0], axis=0)
    # A constant output has no variance to explain: score 1 if perfect, else 0.
    scores = np.where(residual == 0, 1.0, 0.0)
    scores[varying] = 1.0 - residual[varying] / total[varying]
    return _average_outputs(scores, multioutput)
