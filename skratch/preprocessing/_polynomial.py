"""Polynomial features: every product of the inputs up to a degree."""

import itertools
from math import comb
from numbers import Integral

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ..utils.validation import check_fitted_input, check_is_fitted, validate_data
from ._data import _input_feature_names

__all__ = ["PolynomialFeatures"]


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    r"""Expand the features into all their products (monomials) up to a degree.

    A linear model fitted on these features is a polynomial in the original
    ones: ``make_pipeline(PolynomialFeatures(3), LinearRegression())`` fits
    a cubic.

    Parameters
    ----------
    degree : int or tuple (min_degree, max_degree), default=2
        The largest total degree of a monomial. A tuple keeps only the
        degrees from ``min_degree`` to ``max_degree`` (the constant, of
        degree 0, is governed by ``include_bias`` alone, so a
        ``min_degree`` of 0 acts as 1).
    interaction_only : bool, default=False
        Keep only products of distinct features (:math:`x_0 x_1`, not
        :math:`x_0^2`).
    include_bias : bool, default=True
        Start with the constant feature 1 (the monomial of degree 0).
    order : {"C", "F"}, default="C"
        Memory layout of the output array.

    Attributes
    ----------
    powers_ : ndarray of shape (n_output_features, n_features)
        The exponents: output column :math:`k` is
        :math:`\prod_j x_j^{p_{kj}}` with :math:`p_{kj}` = ``powers_[k, j]``.
    n_output_features_ : int
        Number of output features.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        Names of the features seen in fit, when ``X`` was a DataFrame whose
        column names are all strings; ``get_feature_names_out`` then builds
        the monomials' names from them, and ``transform`` refuses a
        DataFrame whose columns are other names or in another order.

    See Also
    --------
    sklearn.preprocessing.PolynomialFeatures : the same transform, with the
        same column order and feature names.

    Notes
    -----
    With :math:`d` input features, the monomials of total degree :math:`q`
    are :math:`x_{j_1} x_{j_2} \cdots x_{j_q}` for index lists
    :math:`j_1 \le j_2 \le \dots \le j_q` (strictly increasing with
    ``interaction_only``). There are :math:`\binom{d + q - 1}{q}` of them
    (:math:`\binom{d}{q}` with ``interaction_only``), so the output grows
    fast with the degree. The columns come by increasing degree and, within
    a degree, in lexicographic order of the index lists: for two features
    and degree 2, :math:`1, x_0, x_1, x_0^2, x_0 x_1, x_1^2`.

    The transform builds each degree from the one below it, never raising
    to a power: the monomials of degree :math:`q` whose first index is
    :math:`j` are :math:`x_j` times the monomials of degree :math:`q - 1`
    whose first index is at least :math:`j` (greater than :math:`j` with
    ``interaction_only``), and in lexicographic order those form a
    contiguous block of columns. That is one vectorised product per
    (degree, feature) pair.

    **Data types.** A float array (float64, float32, float16) gives output
    of the same type; other input is converted to float64.

    ``fit_steps`` yields a single "powers" step whose state holds the
    ``powers`` matrix: this transformer learns nothing from the values of
    ``X``, only its number of features.

    References
    ----------
    .. [1] T. Hastie, R. Tibshirani and J. Friedman, *The Elements of
       Statistical Learning*, 2nd ed., Springer, 2009, section 5.1 (basis
       expansions).

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.preprocessing import PolynomialFeatures
    >>> X = np.array([[2.0, 3.0]])
    >>> poly = PolynomialFeatures(degree=2).fit(X)
    >>> poly.get_feature_names_out()
    array(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2'], dtype=object)
    >>> poly.transform(X)
    array([[1., 2., 3., 4., 6., 9.]])
    >>> PolynomialFeatures(degree=3, interaction_only=True,
    ...                    include_bias=False).fit(X).powers_
    array([[1, 0],
           [0, 1],
           [1, 1]])
    """

    def __init__(self, degree=2, *, interaction_only=False, include_bias=True, order="C"):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias
        self.order = order

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    _parameter_constraints = {
        # An int, or a pair (min_degree, max_degree) checked in _degree_range.
        "degree": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "interaction_only": ["boolean"],
        "include_bias": ["boolean"],
        "order": [Options("C", "F")],
    }

    def _degree_range(self):
        """(min_degree, max_degree) from ``degree``, validated."""
        degree = self.degree
        if isinstance(degree, Integral):
            low, high = 0, int(degree)
        elif len(degree) != 2:
            raise ValueError(
                "degree must be a non-negative int or tuple (min_degree, max_degree), "
                f"got {degree!r}."
            )
        else:
            pair = Interval(Integral, 0, None, closed="left")
            if not (all(pair.is_satisfied_by(d) for d in degree) and degree[0] <= degree[1]):
                raise ValueError(
                    "degree=(min_degree, max_degree) must be non-negative integers "
                    f"with min_degree <= max_degree, got {degree!r}."
                )
            low, high = int(degree[0]), int(degree[1])
        if high == 0 and not self.include_bias:
            raise ValueError(
                "Setting degree to zero and include_bias to False would result in "
                "an empty output array."
            )
        return low, high

    def _combinations(self, n_features, degree):
        """Index lists of the monomials of one degree, in lexicographic order."""
        if self.interaction_only:
            return itertools.combinations(range(n_features), degree)
        return itertools.combinations_with_replacement(range(n_features), degree)

    def fit_steps(self, X, y=None):
        """Work out the monomials for the width of ``X``: one "powers" step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Yields
        ------
        Step
            "powers", whose state holds the exponent matrix.
        """
        low, high = self._degree_range()
        X = validate_data(self, X, reset=True)
        n_features = X.shape[1]
        blocks = [np.zeros((1, n_features), dtype=int)] if self.include_bias else []
        for degree in range(max(low, 1), high + 1):
            # Row k counts how often each feature appears in monomial k.
            indices = np.array(list(self._combinations(n_features, degree)),
                               dtype=int).reshape(-1, degree)
            block = np.zeros((len(indices), n_features), dtype=int)
            np.add.at(block, (np.arange(len(indices))[:, None], indices), 1)
            blocks.append(block)
        self.powers_ = np.concatenate(blocks) if blocks else np.zeros((0, n_features), int)
        self.n_output_features_ = self.powers_.shape[0]
        names = _input_feature_names(self, None)
        shown = ", ".join(_monomial(row, names) for row in self.powers_[:8])
        if self.n_output_features_ > 8:
            shown += ", …"
        yield Step(index=0, kind="powers",
                   message=f"{n_features} feature{'s' * (n_features != 1)} → "
                           f"{self.n_output_features_} monomial"
                           f"{'s' * (self.n_output_features_ != 1)} up to degree {high}: {shown}",
                   state={"powers": self.powers_})

    def transform(self, X):
        """The monomials of ``X``, one column each, in the order of ``powers_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_output_features_)
            Of ``X``'s float type (float64 for other input).
        """
        X = check_fitted_input(self, X, ["powers_", "n_features_in_"])
        low, high = self._degree_range()
        n_samples, n_features = X.shape
        # The blocks of every degree from 1 to high, after the constant,
        # are written into one array; degrees below ``low`` are dropped at
        # the end (they are needed to build the higher ones).
        per_degree = [comb(n_features, d) if self.interaction_only
                      else comb(n_features + d - 1, d) for d in range(1, high + 1)]
        bias = 1 if self.include_bias else 0
        out = np.empty((n_samples, bias + sum(per_degree)), dtype=X.dtype, order=self.order)
        if bias:
            out[:, 0] = 1
        column = bias
        if high >= 1:
            out[:, column:column + n_features] = X
            column += n_features
        # The previous degree's block, and the first index of each of its monomials.
        block_start, block_stop, first = bias, column, np.arange(n_features)
        shift = 1 if self.interaction_only else 0
        for degree in range(2, high + 1):
            firsts = []
            for j in range(n_features):
                start = block_start + np.searchsorted(first, j + shift)
                width = block_stop - start
                np.multiply(X[:, j:j + 1], out[:, start:block_stop],
                            out=out[:, column:column + width])
                firsts.append(np.full(width, j))
                column += width
            block_start, block_stop, first = block_stop, column, np.concatenate(firsts)
        keep_from = bias + sum(per_degree[:max(low, 1) - 1])
        if keep_from == bias:
            return out
        columns = np.r_[np.arange(bias), keep_from:out.shape[1]]
        return np.asarray(out[:, columns], order=self.order)

    def get_feature_names_out(self, input_features=None):
        """Names of the output features: "1", "x0", "x0^2", "x0 x1", ...

        Parameters
        ----------
        input_features : array-like of str, optional
            Names of the input features; by default the column names seen in
            fit (``feature_names_in_``), else "x0", "x1", ...

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self, ["powers_", "n_features_in_"])
        names = _input_feature_names(self, input_features)
        return np.array([_monomial(row, names) for row in self.powers_], dtype=object)


def _monomial(powers, names):
    """The name of one monomial: "1", "x0", "x0^2 x1", ..."""
    factors = [name if p == 1 else f"{name}^{p}" for name, p in zip(names, powers) if p > 0]
    return " ".join(factors) if factors else "1"
