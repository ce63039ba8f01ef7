"""Standardisation: centre each feature on zero and scale it to unit variance."""

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..steps import Step
from ..utils.validation import (
    check_array,
    check_fitted_input,
    check_is_fitted,
    check_n_features,
    check_sample_weight,
    validate_data,
)

__all__ = ["StandardScaler"]

# The float types a transformer hands back unchanged (as scikit-learn's do);
# any other input (integers, booleans) is converted to float64.
_FLOAT_DTYPES = [np.float64, np.float32, np.float16]


def _short(values, digits=4):
    """A few numbers of an array as text, for step captions."""
    values = np.ravel(values)
    text = ", ".join(f"{v:.{digits}g}" for v in values[:4])
    if values.size > 4:
        text += f", … ({values.size} values)"
    return f"[{text}]"


def _input_feature_names(estimator, input_features):
    """The names of the input features, as ``get_feature_names_out`` needs them.

    ``input_features`` if given (it must match ``feature_names_in_`` when the
    estimator was fitted on a DataFrame, and have one name per feature);
    otherwise the DataFrame's column names seen in fit, or "x0", "x1", ...
    """
    n_features = estimator.n_features_in_
    fitted_names = getattr(estimator, "feature_names_in_", None)
    if input_features is None:
        if fitted_names is not None:
            return np.asarray(fitted_names, dtype=object)
        return np.array([f"x{i}" for i in range(n_features)], dtype=object)
    names = np.asarray(input_features, dtype=object)
    if fitted_names is not None and (names.shape != fitted_names.shape
                                     or not np.all(names == fitted_names)):
        raise ValueError(
            "input_features is not equal to feature_names_in_: got "
            f"{list(names.ravel())}, fitted on {list(fitted_names)}."
        )
    if names.ndim != 1 or names.shape[0] != n_features:
        raise ValueError(
            f"input_features should have length equal to number of features "
            f"({n_features}), got {names.size}."
        )
    return names


def _binary_exponent(magnitude):
    """The exponent ``k`` of the power of two just below each magnitude.

    ``magnitude / 2**k`` lies in [1, 2) (``k = -1`` for a magnitude of 0).
    """
    _, exponent = np.frexp(magnitude)  # magnitude = m * 2**exponent, 0.5 <= m < 1
    return exponent - 1


def _weighted_mean(X, w):
    """The weighted mean of each column, never outside the column's range.

    A mean lies between the smallest and the largest value; rounding can
    push the computed one just outside, which would give a column of equal
    values a tiny variance instead of exactly 0.
    """
    return np.clip(np.average(X, axis=0, weights=w), X.min(axis=0), X.max(axis=0))


class StandardScaler(TransformerMixin, BaseEstimator):
    r"""Standardise features: subtract the mean, divide by the standard deviation.

    After the transform every feature has mean 0 and variance 1 on the
    training data, so features measured in different units weigh the same
    in a distance, a penalty or a gradient step.

    Parameters
    ----------
    copy : bool, default=True
        Transform a copy of ``X``. If False, a float array is centred and
        scaled in place (other inputs are converted, so copied anyway).
    with_mean : bool, default=True
        Subtract the mean :math:`\mu_j` of each feature.
    with_std : bool, default=True
        Divide by the standard deviation :math:`\sigma_j` of each feature.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,) or None
        The (weighted) mean of each feature in the training data, in
        float64. None when both ``with_mean`` and ``with_std`` are False.
    var_ : ndarray of shape (n_features,) or None
        The (weighted) variance of each feature, dividing by the total
        weight (the population variance, ``ddof=0``), in float64. None when
        ``with_std`` is False. A variance beyond the float64 range (features
        whose standard deviation exceeds about 1.3e154) is ``inf``, and one
        below it 0; ``scale_`` is still exact.
    scale_ : ndarray of shape (n_features,) or None
        What each feature is divided by: :math:`\sigma_j`, or 1 for a
        constant feature. Float64. None when ``with_std`` is False.
    n_samples_seen_ : int or float
        Number of samples the statistics were computed from: an int, or the
        sum of the weights (a float) when ``sample_weight`` was given.
        ``partial_fit`` adds to it.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features seen in fit, when ``X`` was a DataFrame whose
        column names are all strings. ``transform`` and
        ``inverse_transform`` then refuse a DataFrame whose columns are
        other names or in another order.

    See Also
    --------
    sklearn.preprocessing.StandardScaler : the same transform (which also
        ignores NaN in fit and accepts sparse input without centring).

    Notes
    -----
    For feature :math:`j` over the :math:`n` training samples with weights
    :math:`w_i` (all 1 by default), :math:`W = \sum_i w_i`,

    .. math::

        \mu_j = \frac{1}{W} \sum_{i=1}^{n} w_i x_{ij}, \qquad
        \sigma_j^2 = \frac{1}{W} \sum_{i=1}^{n} w_i (x_{ij} - \mu_j)^2, \qquad
        z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j},

    and :meth:`inverse_transform` gives back :math:`x_{ij} = z_{ij}\sigma_j + \mu_j`.
    An integer weight counts as that many copies of its sample.

    A constant feature has :math:`\sigma_j = 0`; it is given the scale 1 so
    that the transform leaves it at 0 instead of dividing by zero. In
    floating point a constant column's computed variance need not be exactly
    0: the computed mean of :math:`n` equal values can be off by about
    :math:`n\epsilon|\mu_j|` (:math:`\epsilon` the machine epsilon), which
    leaves a variance of up to :math:`(n\epsilon\mu_j)^2`. A variance below
    :math:`W\epsilon\sigma_j^2 + (W\epsilon\mu_j)^2`, which rounding alone
    can produce, is therefore treated as zero.

    **Very large and very small values.** Squaring :math:`x - \mu`
    overflows to infinity for values beyond about 1e154 and underflows to
    zero below about 1e-154, which would make such a feature look constant
    and leave it unscaled. So each column is first divided by a power of
    two :math:`2^{k_j}` close to its largest :math:`|x_{ij}|`, the mean and
    variance are computed on values of size about 1, and the results are
    multiplied back (:math:`\mu_j` by :math:`2^{k_j}`, :math:`\sigma_j` by
    :math:`2^{k_j}`). Dividing by a power of two is exact in binary floating
    point, so for ordinary data the numbers are the same as without it.

    **Incremental fitting.** :meth:`partial_fit` merges the statistics of
    a new batch :math:`b` into those seen so far, :math:`a` (Chan, Golub
    and LeVeque [2]_): with :math:`W = W_a + W_b` and
    :math:`\delta = \mu_b - \mu_a`,

    .. math::

        \mu = \mu_a + \delta \frac{W_b}{W}, \qquad
        \sigma^2 = \frac{W_a\sigma_a^2 + W_b\sigma_b^2}{W}
                  + \frac{W_a W_b}{W^2}\delta^2.

    **Data types.** float64, float32 and float16 input give output of the
    same type (the statistics are always float64); other input is converted
    to float64.

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
       two-pass variance; merging the statistics of two batches).

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
    >>> StandardScaler().fit(X, sample_weight=[1, 1, 2]).mean_
    array([ 2.5, 10. ])
    """

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    _parameter_constraints = {
        "copy": ["boolean"],
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
    }

    # -- training -------------------------------------------------------------

    def fit(self, X, y=None, sample_weight=None):
        """Learn the mean and the scale of each feature: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), optional
            Weight of each sample; by default all 1.

        Returns
        -------
        self
        """
        # Named here, not left to **fit_params, so that scikit-learn (which
        # reads fit's signature) sees that the model takes sample weights.
        return super().fit(X, y, sample_weight=sample_weight)

    def fit_steps(self, X, y=None, sample_weight=None):
        """Learn the mean and the scale of each feature, a step for each.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), optional
            Weight of each sample; by default all 1.

        Yields
        ------
        Step
            "mean", then "scale" (with ``with_std``).
        """
        X = validate_data(self, X, reset=True, dtype=_FLOAT_DTYPES)
        w = check_sample_weight(sample_weight, X, dtype=np.float64)
        n_samples, n_features = X.shape
        self.n_samples_seen_ = n_samples if sample_weight is None else float(np.sum(w))
        self.mean_ = self.var_ = self.scale_ = self._sigma = None
        if not (self.with_mean or self.with_std):
            yield Step(index=0, kind="mean",
                       message="with_mean=False and with_std=False: nothing to learn, "
                               "transform returns X as it is")
            return

        # Work in float64 (even for float32 input), in units of 2**k per
        # column so that squares neither overflow nor underflow (Notes).
        k = _binary_exponent(np.max(np.abs(X), axis=0))
        X_k = np.ldexp(X.astype(np.float64), -k)
        mu_k = _weighted_mean(X_k, w)
        self.mean_ = np.ldexp(mu_k, k)
        use = "subtracted by transform" if self.with_mean else "not subtracted (with_mean=False)"
        weighted = "" if sample_weight is None else f" (total weight {self.n_samples_seen_:.6g})"
        yield Step(index=0, kind="mean",
                   message=f"means of the {n_features} features over {n_samples} "
                           f"samples{weighted}: {_short(self.mean_)}, {use}",
                   state={"mean": self.mean_})
        if not self.with_std:
            return

        var_k = np.average((X_k - mu_k) ** 2, axis=0, weights=w)
        constant = self._set_spread(mu_k, var_k, k)
        n_constant = int(np.count_nonzero(constant))
        note = f"; {n_constant} constant feature(s) keep scale 1" if n_constant else ""
        yield Step(index=1, kind="scale",
                   message=f"standard deviations: {_short(self._sigma)}, divided out by "
                           f"transform{note}",
                   state={"var": self.var_, "scale": self.scale_})

    def _set_spread(self, mu_k, var_k, k):
        """Set ``var_`` and ``scale_`` from a mean and variance in units of 2**k.

        Returns the mask of the features treated as constant.
        """
        W = self.n_samples_seen_
        eps = np.finfo(np.float64).eps
        with np.errstate(over="ignore", under="ignore"):
            # Beyond float64's range a variance is inf (or 0); sigma is exact.
            self.var_ = np.ldexp(var_k, 2 * k)
            sigma = np.ldexp(np.sqrt(var_k), k)
        # The bound is the same in any unit, so it is tested in units of 2**k.
        # A standard deviation too small for float64 (below 5e-324) counts as 0.
        constant = (var_k <= W * eps * var_k + (W * eps * mu_k) ** 2) | (sigma == 0)
        self._sigma = sigma  # kept for partial_fit: var_ may have overflowed
        self.scale_ = np.where(constant, 1.0, sigma)
        return constant

    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the mean and the scale with one more batch of samples.

        On an unfitted scaler this is :meth:`fit`; afterwards each call
        merges the batch's statistics into those seen so far (Notes), so
        fitting batch by batch gives the statistics of all the batches
        together. It yields no steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), optional
            Weight of each sample; by default all 1.

        Returns
        -------
        self
        """
        if "n_samples_seen_" not in vars(self):
            return self.fit(X, y, sample_weight=sample_weight)
        X = validate_data(self, X, reset=False, dtype=_FLOAT_DTYPES)
        w = check_sample_weight(sample_weight, X, dtype=np.float64)
        # A fit_steps run paused before this batch must not resume over it.
        self._fit_run = getattr(self, "_fit_run", 0) + 1
        W_a = self.n_samples_seen_
        W_b = X.shape[0] if sample_weight is None else float(np.sum(w))
        W = W_a + W_b
        if self.mean_ is None:  # with_mean=False and with_std=False: only count
            self.n_samples_seen_ = W
            return self
        sigma_a = getattr(self, "_sigma", None)
        if sigma_a is None:
            sigma_a = np.zeros_like(self.mean_) if self.var_ is None else np.sqrt(self.var_)
        # One unit 2**k per column for both batches, from the largest magnitude.
        largest = np.max([np.abs(self.mean_), sigma_a, np.max(np.abs(X), axis=0)], axis=0)
        k = _binary_exponent(largest)
        X_k = np.ldexp(X.astype(np.float64), -k)
        mu_a = np.ldexp(self.mean_, -k)
        mu_b = _weighted_mean(X_k, w)
        delta = mu_b - mu_a
        mu_k = mu_a + delta * (W_b / W)
        self.n_samples_seen_ = W
        self.mean_ = np.ldexp(mu_k, k)
        if self.with_std:
            var_a = np.ldexp(sigma_a, -k) ** 2
            var_b = np.average((X_k - mu_b) ** 2, axis=0, weights=w)
            var_k = (W_a * var_a + W_b * var_b) / W + (W_a * W_b / W ** 2) * delta ** 2
            self._set_spread(mu_k, var_k, k)
        return self

    # -- using the fitted scaler ----------------------------------------------

    def transform(self, X, copy=None):
        r"""Standardise ``X``: :math:`(x - \mu) / \sigma`, feature by feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        copy : bool, optional
            Overrides the ``copy`` parameter for this call.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            Of ``X``'s float type (float64 for other input).
        """
        original = X
        X = check_fitted_input(self, X, ["n_features_in_", "mean_", "scale_"],
                               dtype=_FLOAT_DTYPES)
        X = self._copied(X, original, copy)
        if self.with_mean and self.mean_ is not None:
            X -= self.mean_
        if self.scale_ is not None:
            X /= self.scale_
        return X

    def inverse_transform(self, X, copy=None):
        r"""Undo the standardisation: :math:`z\sigma + \mu`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised data. A DataFrame must have the columns of
            ``get_feature_names_out()``, in that order.
        copy : bool, optional
            Overrides the ``copy`` parameter for this call.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            Of ``X``'s float type (float64 for other input).
        """
        check_is_fitted(self, ["n_features_in_", "mean_", "scale_"])
        original = X
        if hasattr(X, "columns"):
            # A DataFrame: its names are checked like transform's.
            X = validate_data(self, X, reset=False, dtype=_FLOAT_DTYPES)
        else:
            # An array, typically transform's output, which has no names to
            # check: only the number of features.
            X = check_array(X, dtype=_FLOAT_DTYPES)
            check_n_features(self, X)
        X = self._copied(X, original, copy)
        if self.scale_ is not None:
            X *= self.scale_
        if self.with_mean and self.mean_ is not None:
            X += self.mean_
        return X

    def _copied(self, X, original, copy):
        """``X`` itself (to be changed in place) or a copy, as ``copy`` asks."""
        if copy is None:
            copy = self.copy
        elif not isinstance(copy, (bool, np.bool_)):
            raise ValueError(f"copy must be True, False or None, got {copy!r}.")
        if copy and np.may_share_memory(X, original):
            X = X.copy()
        return X

    def get_feature_names_out(self, input_features=None):
        """Names of the output features: the input names, unchanged.

        Parameters
        ----------
        input_features : array-like of str, optional
            Names of the input features; by default the column names seen in
            fit (``feature_names_in_``), else "x0", "x1", ...

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self, "n_features_in_")
        return _input_feature_names(self, input_features)
