"""Ordinary least squares: the closed form and batch gradient descent."""

import numpy as np

from ..base import BaseEstimator, RegressorMixin
from ..exceptions import warn_convergence
from ..steps import Step
from ..utils.validation import check_array, check_is_fitted, check_n_features, check_X_y

__all__ = ["LinearRegression"]

_SOLVERS = ("normal", "gd")

# Gradient descent is declared diverged once the loss exceeds its starting
# value by this factor: far enough to show the blow-up in an animation, long
# before the numbers overflow.
_DIVERGENCE_FACTOR = 1e6


def _mse_loss(X, Y, W, b):
    """Mean squared error :math:`\\frac{1}{nk}\\sum (XW + b - Y)^2`."""
    R = X @ W + b - Y
    return float(np.mean(R * R))


def _mse_gradient(X, Y, W, b):
    """Gradient of :func:`_mse_loss` with respect to ``W`` and ``b``.

    With the residuals :math:`R = XW + b - Y` of shape (n, k):
    :math:`\\nabla_W = \\frac{2}{nk} X^\\top R` and
    :math:`\\nabla_b = \\frac{2}{nk} \\mathbf{1}^\\top R`.
    """
    R = X @ W + b - Y
    scale = 2.0 / R.size
    return scale * (X.T @ R), scale * R.sum(axis=0)


class _LinearRegressor(RegressorMixin, BaseEstimator):
    """What every linear regressor shares: data checks, sklearn's layout, predict.

    Internally weights are ``W`` of shape (n_features, n_targets) and ``b`` of
    shape (n_targets,); ``coef_`` and ``intercept_`` follow scikit-learn's
    layout: (n_features,) and a float for a 1-D ``y``.
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _check_fit_data(self, X, y):
        """Validated float64 ``X``, ``Y`` as (n_samples, n_targets), and whether y was 1-D."""
        X, y = check_X_y(X, y, multi_output=True, y_numeric=True)
        X = X.astype(np.float64, copy=False)
        y = y.astype(np.float64, copy=False)
        self.n_features_in_ = X.shape[1]
        single_target = y.ndim == 1
        return X, (y.reshape(-1, 1) if single_target else y), single_target

    def _set_params_from(self, W, b, single_target):
        """Expose the internal (n_features, n_targets) weights in sklearn's layout."""
        if single_target:
            self.coef_ = W[:, 0].copy()
            self.intercept_ = float(b[0])
        else:
            self.coef_ = W.T.copy()
            self.intercept_ = b.copy()

    def predict(self, X):
        """Predict with the linear model :math:`Xw + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self, ["coef_", "intercept_"])
        X = check_array(X)
        check_n_features(self, X)
        return X @ np.asarray(self.coef_).T + self.intercept_


class LinearRegression(_LinearRegressor):
    """Ordinary least squares linear regression, by closed form or gradient descent.

    Fits :math:`\\hat y = Xw + b` by minimising the mean squared error. The
    "normal" solver solves the least-squares problem directly; the "gd"
    solver walks down the loss surface by batch gradient descent, one step
    per iteration, so the descent can be watched.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`. If False, :math:`b = 0` and
        the data are not centred.
    solver : {"normal", "gd"}, default="normal"
        "normal": a least-squares solve on the centred data (the closed form
        of the normal equations, computed stably through an SVD-based
        solver), in one step. "gd": batch gradient descent from
        :math:`w = 0, b = 0`.
    learning_rate : float, default=0.1
        Step size :math:`\\eta` of gradient descent ("gd" only). Gradient
        descent on this loss converges only for
        :math:`\\eta < 2 / \\lambda_{max}`, with :math:`\\lambda_{max}` the
        largest eigenvalue of the loss's Hessian; standardise the features
        to make the default safe. A rate that diverges stops training with a
        :class:`~skratch.exceptions.ConvergenceWarning` that gives the
        largest stable rate for the data.
    max_iter : int, default=1000
        Most gradient-descent iterations ("gd" only).
    tol : float, default=1e-6
        Gradient descent stops when the Euclidean norm of the full gradient
        falls to ``tol`` or below ("gd" only; like scikit-learn's ``tol``,
        it has no effect on the closed form).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The weights :math:`w`.
    intercept_ : float or ndarray of shape (n_targets,)
        The intercept :math:`b`.
    n_iter_ : int
        Gradient-descent iterations run (1 for the closed form).
    loss_ : float
        Mean squared error on the training data at the end of training.
    rank_ : int
        Rank of the centred ``X`` ("normal" only).
    singular_ : ndarray of shape (min(n_samples, n_features),)
        Singular values of the centred ``X`` ("normal" only).
    n_features_in_ : int
        Number of features seen in fit.

    See Also
    --------
    sklearn.linear_model.LinearRegression : the same model, closed form only.

    Notes
    -----
    The loss, for ``n`` samples and ``k`` targets, is the mean squared error

    .. math::

        L(W, b) = \\frac{1}{nk} \\sum_{i=1}^{n} \\lVert x_i W + b - y_i \\rVert^2 .

    **Closed form.** With centred data :math:`X_c = X - \\bar x` and
    :math:`Y_c = Y - \\bar y`, the minimiser solves the least-squares problem
    :math:`\\min_W \\lVert X_c W - Y_c \\rVert^2` (the normal equations
    :math:`X_c^\\top X_c W = X_c^\\top Y_c`, taking the minimum-norm solution
    when :math:`X_c` is rank deficient), and :math:`b = \\bar y - \\bar x W`.

    **Gradient descent.** With residuals :math:`R = XW + b - Y`,

    .. math::

        \\nabla_W L = \\frac{2}{nk} X^\\top R, \\qquad
        \\nabla_b L = \\frac{2}{nk} \\mathbf{1}^\\top R,

        W \\leftarrow W - \\eta \\nabla_W L, \\qquad
        b \\leftarrow b - \\eta \\nabla_b L .

    ``fit_steps`` yields an "init" step (the starting point and its loss),
    then one "gradient" step per iteration, whose state holds ``coef``,
    ``intercept``, the ``gradient`` and ``intercept_gradient`` that moved
    them there, and whose loss is the loss at the new point. The closed form
    yields a single "solve" step.

    References
    ----------
    .. [1] T. Hastie, R. Tibshirani and J. Friedman, *The Elements of
       Statistical Learning*, 2nd ed., Springer, 2009, section 3.2.
    .. [2] S. Boyd and L. Vandenberghe, *Convex Optimization*, Cambridge
       University Press, 2004, section 9.3 (gradient descent).

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = 2 * X[:, 0] + 1
    >>> reg = LinearRegression().fit(X, y)
    >>> reg.coef_.round(6), round(reg.intercept_, 6)
    (array([2.]), 1.0)
    >>> gd = LinearRegression(solver="gd", learning_rate=0.1)
    >>> steps = list(gd.fit_steps(X, y))
    >>> steps[1].kind, steps[1].message
    ('gradient', 'iteration 1: w = [1.7], b = 0.8, loss 21 → 0.535')
    >>> gd.coef_.round(3), round(gd.intercept_, 3)
    (array([2.]), 1.0)
    """

    def __init__(self, *, fit_intercept=True, solver="normal", learning_rate=0.1,
                 max_iter=1000, tol=1e-6):
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def _validate_params(self):
        if self.solver not in _SOLVERS:
            raise ValueError(
                f"Unknown solver={self.solver!r} for LinearRegression; "
                f"choose one of {_SOLVERS}."
            )
        if self.solver == "gd":
            if not (isinstance(self.learning_rate, (int, float, np.number))
                    and self.learning_rate > 0):
                raise ValueError(
                    f"learning_rate must be a positive number, got {self.learning_rate!r}."
                )
            if not (isinstance(self.max_iter, (int, np.integer)) and self.max_iter >= 1):
                raise ValueError(f"max_iter must be an integer >= 1, got {self.max_iter!r}.")
            if not (isinstance(self.tol, (int, float, np.number)) and self.tol >= 0):
                raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")

    def fit_steps(self, X, y=None):
        """Fit the model, yielding a :class:`~skratch.Step` per stage.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)

        Yields
        ------
        Step
            "solve" (closed form), or "init" then one "gradient" per
            iteration (gradient descent).
        """
        self._validate_params()
        X, Y, single_target = self._check_fit_data(X, y)
        if self.solver == "normal":
            yield from self._solve_closed_form(X, Y, single_target)
        else:
            yield from self._gradient_descent(X, Y, single_target)

    def _solve_closed_form(self, X, Y, single_target):
        if self.fit_intercept:
            x_mean = X.mean(axis=0)
            y_mean = Y.mean(axis=0)
            W, _, rank, singular = np.linalg.lstsq(X - x_mean, Y - y_mean, rcond=None)
            b = y_mean - x_mean @ W
        else:
            W, _, rank, singular = np.linalg.lstsq(X, Y, rcond=None)
            b = np.zeros(Y.shape[1])
        self._set_params_from(W, b, single_target)
        self.rank_ = int(rank)
        self.singular_ = singular
        self.n_iter_ = 1
        self.loss_ = _mse_loss(X, Y, W, b)
        yield Step(
            index=0, kind="solve",
            message=(f"least-squares solve: w = {_fmt(self.coef_)}, "
                     f"b = {_fmt(self.intercept_)}, loss {self.loss_:.4g}"),
            loss=self.loss_,
            state={"coef": self.coef_, "intercept": self.intercept_},
        )

    def _gradient_descent(self, X, Y, single_target):
        n_features, n_targets = X.shape[1], Y.shape[1]
        lr = float(self.learning_rate)
        W = np.zeros((n_features, n_targets))
        b = np.zeros(n_targets)
        scale = 2.0 / Y.size

        R = X @ W + b - Y
        loss = float(np.mean(R * R))
        start_loss = loss
        self._set_params_from(W, b, single_target)
        self.n_iter_ = 0
        self.loss_ = loss
        yield Step(index=0, kind="init",
                   message=f"start at w = 0, b = 0: loss {loss:.4g}",
                   loss=loss, state={"coef": self.coef_, "intercept": self.intercept_})

        converged = False
        for iteration in range(1, self.max_iter + 1):
            # The gradient reuses the residuals computed for the last loss.
            grad_W = scale * (X.T @ R)
            grad_b = scale * R.sum(axis=0) if self.fit_intercept else np.zeros(n_targets)
            grad_norm = np.sqrt(np.sum(grad_W * grad_W) + np.sum(grad_b * grad_b))
            if grad_norm <= self.tol:
                converged = True
                break
            W_new = W - lr * grad_W
            b_new = b - lr * grad_b
            R_new = X @ W_new + b_new - Y
            with np.errstate(over="ignore", invalid="ignore"):
                new_loss = float(np.mean(R_new * R_new))
            if not np.isfinite(new_loss):
                self._warn_diverged(X, iteration, start_loss, new_loss)
                return
            W, b, R, previous_loss, loss = W_new, b_new, R_new, loss, new_loss
            self._set_params_from(W, b, single_target)
            self.n_iter_ = iteration
            self.loss_ = loss
            if single_target:
                gradient, intercept_gradient = grad_W[:, 0], grad_b[0]
            else:
                gradient, intercept_gradient = grad_W.T, grad_b
            yield Step(
                index=iteration, kind="gradient",
                message=(f"iteration {iteration}: w = {_fmt(self.coef_)}, "
                         f"b = {_fmt(self.intercept_)}, "
                         f"loss {previous_loss:.5g} → {loss:.5g}"),
                loss=loss,
                state={"coef": self.coef_, "intercept": self.intercept_,
                       "gradient": gradient, "intercept_gradient": intercept_gradient},
            )
            if loss > _DIVERGENCE_FACTOR * max(start_loss, np.finfo(float).tiny):
                self._warn_diverged(X, iteration, start_loss, loss)
                return

        if not converged:
            if self.loss_ > start_loss:
                self._warn_diverged(X, self.n_iter_, start_loss, self.loss_)
            else:
                warn_convergence(
                    f"Gradient descent did not converge in max_iter={self.max_iter} "
                    f"iterations (gradient norm {grad_norm:.3g} > tol={self.tol}); "
                    "increase max_iter or learning_rate, or standardise the features.",
                )

    def _warn_diverged(self, X, iteration, start_loss, loss):
        largest_stable = self._largest_stable_learning_rate(X)
        warn_convergence(
            f"Gradient descent diverged with learning_rate={self.learning_rate}: "
            f"the loss grew from {start_loss:.4g} to {loss:.4g} by iteration "
            f"{iteration}. Use a smaller learning_rate: on this data it must be "
            f"below {largest_stable:.3g} (try {largest_stable / 2:.3g}), or "
            "standardise the features.",
        )

    def _largest_stable_learning_rate(self, X):
        """:math:`2/\\lambda_{max}` of the Hessian of the loss, per target."""
        A = np.hstack([X, np.ones((X.shape[0], 1))]) if self.fit_intercept else X
        hessian = (2.0 / X.shape[0]) * (A.T @ A)
        return 2.0 / np.linalg.eigvalsh(hessian)[-1]


def _fmt(value):
    """Short text for a number or a small array, for step captions."""
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{float(array):.4g}"
    if array.size > 4:
        head = ", ".join(f"{v:.3g}" for v in array.ravel()[:3])
        return f"[{head}, …] ({array.size} values)"
    return "[" + ", ".join(f"{v:.4g}" for v in array.ravel()) + "]"
