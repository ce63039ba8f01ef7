"""Standardisation: centre each feature on zero and scale it to unit variance."""

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..steps import Step
from ..utils.validation import check_array, check_is_fitted, check_n_features

__all__ = ["StandardScaler"]


def _short(values, digits=4):
    """A few numbers of an array as text, for step captions."""
    values = np.ravel(values)
    text = ", ".join(f"{v:.{digits}g}" for v in values[:4])
    if values.size > 4:
        text += f", … ({values.size} values)"
    return f"[{text}]"


def _feature_names(estimator, input_features):
    """``input_features`` checked against the fitted width, or "x0", "x1", ..."""
    n_features = estimator.n_features_in_
    if input_features is None:
        return np.array([f"x{i}" for i in range(n_features)], dtype=object)
    names = np.asarray(input_features, dtype=object)
    if names.ndim != 1 or names.shape[0] != n_features:
        raise ValueError(
            f"input_features should have length equal to number of features "
            f"({n_features}), got {names.size}."
        )
    return names


class StandardScaler(TransformerMixin, BaseEstimator):
    """Standardise features: subtract the mean, divide by the standard deviation.

    After the transform every feature has mean 0 and variance 1 on the
    training data, so features measured in different units weigh the same
    in a distance, a penalty or a gradient step.

    Parameters
    ----------
    copy : bool, default=True
        Transform a copy of ``X``. If False, a float array is centred and
        scaled in place (other inputs are converted, so copied anyway).
    with_mean : bool, default=True
        Subtract the mean :math:`\\mu_j` of each feature.
    with_std : bool, default=True
        Divide by the standard deviation :math:`\\sigma_j` of each feature.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,) or None
        The mean of each feature in the training data. None when both
        ``with_mean`` and ``with_std`` are False.
    var_ : ndarray of shape (n_features,) or None
        The variance of each feature (dividing by :math:`n`). None when
        ``with_std`` is False.
    scale_ : ndarray of shape (n_features,) or None
        What each feature is divided by: :math:`\\sigma_j`, or 1 for a
        constant feature. None when ``with_std`` is False.
    n_samples_seen_ : int
        Number of samples the statistics were computed from.
    n_features_in_ : int
        Number of features seen in fit.

    See Also
    --------
    sklearn.preprocessing.StandardScaler : the same transform (which also
        ignores NaN in fit and learns incrementally through ``partial_fit``).

    Notes
    -----
    For feature :math:`j` over the :math:`n` training samples,

    .. math::

        \\mu_j = \\frac{1}{n} \\sum_{i=1}^{n} x_{ij}, \\qquad
        \\sigma_j^2 = \\frac{1}{n} \\sum_{i=1}^{n} (x_{ij} - \\mu_j)^2, \\qquad
        z_{ij} = \\frac{x_{ij} - \\mu_j}{\\sigma_j},

    and :meth:`inverse_transform` gives back :math:`x_{ij} = z_{ij}\\sigma_j + \\mu_j`.

    A constant feature has :math:`\\sigma_j = 0`; it is given the scale 1 so
    that the transform leaves it at 0 instead of dividing by zero. In
    floating point a constant column's computed variance need not be exactly
    0: the computed mean of :math:`n` equal values can be off by about
    :math:`n\\epsilon|\\mu_j|` (:math:`\\epsilon` the machine epsilon), which
    leaves a variance of up to :math:`(n\\epsilon\\mu_j)^2`. A variance below
    :math:`n\\epsilon\\sigma_j^2 + (n\\epsilon\\mu_j)^2`, which rounding alone
    can produce, is therefore treated as zero.

    ``fit_steps`` yields a "mean" step (state ``mean``: the means, which
    ``transform`` already subtracts at that moment), then, with
    ``with_std``, a "scale" step (state ``var`` and ``scale``).

    References
    ----------
    .. [1] T. Hastie, R. Tibshirani and J. Friedman, *The Elements of
       Statistical Learning*, 2nd ed., Springer, 2009, section 3.4.1
       (standardising the inputs before a penalised fit).
    .. [2] T. F. Chan, G. H. Golub and R. J. LeVeque, "Algorithms for
       computing the sample variance: analysis and recommendations",
       *The American Statistician* 37(3), 1983 (the rounding error of the
       two-pass variance).

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.preprocessing import StandardScaler
    >>> X = np.array([[0.0, 10.0], [2.0, 10.0], [4.0, 10.0]])
    >>> scaler = StandardScaler()
    >>> [step.kind for step in scaler.fit_steps(X)]
    ['mean', 'scale']
    >>> scaler.mean_, scaler.scale_.round(4)
    (array([ 2., 10.]), array([1.633, 1.   ]))
    >>> scaler.transform(X).round(4)
    array([[-1.2247,  0.    ],
           [ 0.    ,  0.    ],
           [ 1.2247,  0.    ]])
    """

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit_steps(self, X, y=None):
        """Learn the mean and the scale of each feature, a step for each.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Yields
        ------
        Step
            "mean", then "scale" (with ``with_std``).
        """
        X = check_array(X)
        n_samples, n_features = X.shape
        self.n_features_in_ = n_features
        self.n_samples_seen_ = n_samples
        self.mean_ = self.var_ = self.scale_ = None
        if not (self.with_mean or self.with_std):
            yield Step(index=0, kind="mean",
                       message="with_mean=False and with_std=False: nothing to learn, "
                               "transform returns X as it is")
            return

        # Accumulate in float64 even for float32 input.
        mu = X.mean(axis=0, dtype=np.float64)
        self.mean_ = mu
        use = "subtracted by transform" if self.with_mean else "not subtracted (with_mean=False)"
        yield Step(index=0, kind="mean",
                   message=f"means of the {n_features} features over {n_samples} samples: "
                           f"{_short(mu)}, {use}",
                   state={"mean": mu})
        if not self.with_std:
            return

        deviations = X - mu
        var = np.mean(deviations * deviations, axis=0)
        eps = np.finfo(np.float64).eps
        constant = var <= n_samples * eps * var + (n_samples * eps * mu) ** 2
        sigma = np.sqrt(var)
        self.var_ = var
        self.scale_ = np.where(constant, 1.0, sigma)
        n_constant = int(np.count_nonzero(constant))
        note = f"; {n_constant} constant feature(s) keep scale 1" if n_constant else ""
        yield Step(index=1, kind="scale",
                   message=f"standard deviations: {_short(sigma)}, divided out by "
                           f"transform{note}",
                   state={"var": var, "scale": self.scale_})

    def transform(self, X, copy=None):
        """Standardise ``X``: :math:`(x - \\mu) / \\sigma`, feature by feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        copy : bool, optional
            Overrides the ``copy`` parameter for this call.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self, ["n_features_in_", "mean_", "scale_"])
        X = self._validated_copy(X, copy)
        if self.with_mean and self.mean_ is not None:
            X -= self.mean_
        if self.scale_ is not None:
            X /= self.scale_
        return X

    def inverse_transform(self, X, copy=None):
        """Undo the standardisation: :math:`z\\sigma + \\mu`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        copy : bool, optional
            Overrides the ``copy`` parameter for this call.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self, ["n_features_in_", "mean_", "scale_"])
        X = self._validated_copy(X, copy)
        if self.scale_ is not None:
            X *= self.scale_
        if self.with_mean and self.mean_ is not None:
            X += self.mean_
        return X

    def _validated_copy(self, X, copy):
        original = X
        X = check_array(X)
        check_n_features(self, X)
        copy = self.copy if copy is None else copy
        if copy and np.may_share_memory(X, original):
            X = X.copy()
        return X

    def get_feature_names_out(self, input_features=None):
        """Names of the output features: the input names, unchanged.

        Parameters
        ----------
        input_features : array-like of str, optional
            Names of the input features; by default "x0", "x1", ...

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self, "n_features_in_")
        return _feature_names(self, input_features)
