"""Ordinary least squares: the closed form, non-negative least squares and batch gradient descent."""

import dataclasses
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, RegressorMixin
from ..exceptions import warn_convergence
from ..optim import GradientDescent, gradient_descent
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ..utils.validation import check_fitted_input, check_sample_weight, validate_data

__all__ = ["LinearRegression"]

# The dtypes a linear model keeps, as in scikit-learn: float32 data give a
# float32 model computed in float32; anything else is converted to float64.
_FLOAT_DTYPES = [np.float64, np.float32]


class _LeastSquaresLoss:
    r"""The objective of a linear least-squares model, its gradient and Hessian.

    The parameters are one array :math:`\Theta` of shape (p, k): the
    weights :math:`W` (d rows, one column :math:`w_t` per target), then, with
    an intercept, the intercepts :math:`b` (one more row). Sample :math:`i`
    weighs :math:`s_i` (1 by default), and with the residuals
    :math:`R = XW + b - Y` (rows :math:`r_i`) the objective is

    .. math::

        L(\Theta) = \frac{1}{k \sum_i s_i} \Big( \sum_{i=1}^{n} s_i \lVert r_i \rVert^2
                   + \sum_{t=1}^{k} \alpha_t \lVert w_t \rVert^2 \Big):

    with :math:`\alpha = 0` the weighted mean squared error of
    :class:`LinearRegression`, otherwise scikit-learn's ridge objective
    divided by :math:`k \sum_i s_i` (the intercept is not penalised). With
    :math:`S = \operatorname{diag}(s)`,

    .. math::

        \nabla_W L = \frac{2}{k \sum_i s_i}\left(X^\top S R + W \operatorname{diag}(\alpha)\right),
        \qquad \nabla_b L = \frac{2}{k \sum_i s_i} \mathbf{1}^\top S R .

    ``X``, ``Y`` and ``sample_weight`` are of one float dtype, the one the
    loss and gradient are computed in; ``alpha`` is 0 or an array of shape
    (k,).
    """

    def __init__(self, X, Y, sample_weight, fit_intercept, alpha=0.0):
        self.X, self.Y = X, Y
        self.fit_intercept = fit_intercept
        self.alpha = alpha
        self.has_penalty = bool(np.any(alpha != 0))  # False for LinearRegression
        self.sample_weight = sample_weight
        # Unit weights (no sample_weight) change no number: skip multiplying by them.
        self.s = None if np.all(sample_weight == 1.0) else sample_weight[:, None]
        self.weight_total = sample_weight.sum() * Y.shape[1]  # k sum_i s_i (n k without weights)

    def split(self, Theta):
        """The weights :math:`W` and the intercepts :math:`b` (zeros without an intercept) in ``Theta``."""
        d = self.X.shape[1]
        if self.fit_intercept:
            return Theta[:d], Theta[d]
        return Theta, np.zeros(Theta.shape[1], dtype=Theta.dtype)

    def residuals(self, Theta):
        """:math:`R = XW + b - Y`: the one pass over the data that the loss and gradient share."""
        d = self.X.shape[1]
        R = self.X @ Theta[:d]
        if self.fit_intercept:
            R += Theta[d]
        R -= self.Y  # in place: no more (n, k) arrays than R itself
        return R

    def value(self, Theta):
        r""":math:`L(\Theta)`."""
        return self._value(Theta, self.residuals(Theta))

    def gradient(self, Theta):
        r""":math:`\nabla L(\Theta)`, shaped as ``Theta``."""
        return self._gradient(Theta, self.residuals(Theta))

    def value_and_gradient(self, Theta):
        r""":math:`L(\Theta)` and :math:`\nabla L(\Theta)` from one computation of the residuals."""
        R = self.residuals(Theta)
        return self._value(Theta, R), self._gradient(Theta, R)

    def _value(self, Theta, R):
        SR = R if self.s is None else self.s * R
        squared_error = (SR * R).sum()
        if self.has_penalty:
            W = Theta[:self.X.shape[1]]
            squared_error += (self.alpha * (W * W).sum(axis=0)).sum()
        return float(squared_error / self.weight_total)

    def _gradient(self, Theta, R):
        d = self.X.shape[1]
        SR = R if self.s is None else self.s * R
        scale = 2.0 / self.weight_total
        G = np.empty_like(Theta)
        G[:d] = self.X.T @ SR
        if self.has_penalty:
            G[:d] += Theta[:d] * self.alpha
        if self.fit_intercept:
            G[d] = SR.sum(axis=0)
        G *= scale
        return G

    def _block(self, alpha_t):
        """One target's (p x p) block of the Hessian, in float64."""
        X = self.X.astype(np.float64)
        A = np.hstack([X, np.ones((X.shape[0], 1))]) if self.fit_intercept else X
        s = self.sample_weight.astype(np.float64)
        penalty = np.full(A.shape[1], float(alpha_t))
        if self.fit_intercept:
            penalty[-1] = 0.0  # the intercept is not penalised
        return (2.0 / (s.sum() * self.Y.shape[1])) * (A.T @ (s[:, None] * A) + np.diag(penalty))

    def hessian(self, Theta):
        r"""The Hessian, in float64: (pk x pk), target by target (the layout of ``Theta.T.ravel()``).

        It does not depend on :math:`\Theta`. Target :math:`t`'s block is
        :math:`\frac{2}{k \sum_i s_i}(A^\top S A + \alpha_t D)`, with
        :math:`A` the data (and a column of ones for the intercept) and
        :math:`D` the identity on the weights, zero on the intercept; the
        targets do not interact.
        """
        p, k = Theta.shape
        alpha = np.broadcast_to(self.alpha, (k,))
        H = np.zeros((p * k, p * k))
        for t in range(k):
            H[t * p:(t + 1) * p, t * p:(t + 1) * p] = self._block(alpha[t])
        return H

    def curvature(self):
        r"""The Hessian's largest eigenvalue :math:`\lambda_{max}`: that of the block of the largest :math:`\alpha_t`.

        Gradient descent is stable for learning rates below
        :math:`2 / \lambda_{max}`.
        """
        return float(np.linalg.eigvalsh(self._block(np.max(self.alpha)))[-1])


# -- The data of a least-squares problem, centred, weighted and at unit scale --

def _exponent_of(size):
    """The power of two :math:`e` with ``size`` in :math:`[2^e, 2^{e+1})` (0 for a size of 0)."""
    if size == 0:
        return 0
    return int(np.frexp(size)[1]) - 1  # frexp writes size = m 2**e', m in [0.5, 1)


def _to_data_scale(value, exponent, what):
    """``value`` times :math:`2^{exponent}`, refusing a result beyond the dtype's range."""
    with np.errstate(over="ignore"):
        scaled = np.ldexp(value, exponent)
    if not np.all(np.isfinite(scaled)):
        dtype = np.asarray(value).dtype
        raise ValueError(
            f"The fitted {what} overflow {dtype} (they would exceed "
            f"{np.finfo(dtype).max:.3g}): y is too large beside X for the model to "
            "be stored. Rescale y (or X) before fitting."
        )
    return scaled


def _penalty_at_unit_scale(penalty, exponent, dtype):
    r"""A penalty :math:`\alpha` as :math:`\alpha\, 2^{-exponent}`, in ``dtype``.

    A penalty larger than the dtype can hold is clipped to its largest
    number: there it shrinks the weights to zero all the same.
    """
    with np.errstate(over="ignore"):
        scaled = np.ldexp(np.asarray(penalty, dtype=np.float64), -exponent)
    return np.minimum(scaled, np.finfo(dtype).max).astype(dtype)


@dataclasses.dataclass(frozen=True)
class _LeastSquaresData:
    r"""A weighted least-squares problem, centred and at unit scale.

    Built by :func:`_least_squares_data`, which gives the maths. ``X`` and
    ``Y`` are the prepared rows; ``x_mean`` and ``y_mean`` the weighted
    means at unit scale (zeros without an intercept); ``x_exp`` and
    ``y_exp`` the powers of two the data were divided by; ``weight_sum``
    is :math:`\sum_i s_i`.
    """

    X: np.ndarray
    Y: np.ndarray
    x_mean: np.ndarray
    y_mean: np.ndarray
    x_exp: int
    y_exp: int
    weight_sum: float

    def coef(self, W):
        """The data's weights for the unit-scale weights ``W``: :math:`2^{e_y - e_x} W`."""
        return _to_data_scale(W, self.y_exp - self.x_exp, "coefficients")

    def intercept(self, W):
        r"""The intercept :math:`b = 2^{e_y} (\bar y - \bar x W)` for the unit-scale weights ``W``."""
        return _to_data_scale(self.y_mean - self.x_mean @ W, self.y_exp, "intercept")

    def correlation(self, value):
        r"""A product of X and y (such as :math:`x_j^\top r / n`) in the data's units.

        It is :math:`2^{e_x + e_y}` times ``value``: infinite when it is
        beyond float64's range.
        """
        with np.errstate(over="ignore"):
            return float(np.ldexp(float(value), self.x_exp + self.y_exp))

    def squared(self, value):
        """A squared quantity of the unit-scale problem (a loss, a gap) in the data's units.

        It is :math:`2^{2 e_y}` times ``value``: infinite when it is beyond
        float64's range, as the squared errors of data near 1e300 are.
        """
        with np.errstate(over="ignore"):
            return float(np.ldexp(float(value), 2 * self.y_exp))


def _least_squares_data(X, Y, sample_weight, fit_intercept, *, x_size=0.0, overwrite_X=False):
    r"""Centre, weight and rescale the data of a weighted least-squares problem.

    The weighted problem
    :math:`\min_{W, b} \sum_i s_i \lVert y_i - x_i W - b \rVert^2`
    (plus any penalty on :math:`W`) has, as its intercept is not penalised,
    :math:`b = \bar y - \bar x W` with the weighted means
    :math:`\bar x = \sum_i s_i x_i / \sum_i s_i` and :math:`\bar y`. What
    remains is a plain least-squares problem
    :math:`\min_W \lVert \tilde Y - \tilde X W \rVert^2` on the centred
    rows scaled by :math:`\sqrt{s_i}`:
    :math:`\tilde x_i = \sqrt{s_i}\,(x_i - \bar x)` and
    :math:`\tilde y_i = \sqrt{s_i}\,(y_i - \bar y)`. Without an intercept,
    nothing is centred and :math:`b = 0`.

    First ``X`` and ``Y`` are divided by powers of two near their sizes,
    :math:`2^{e_x}` and :math:`2^{e_y}`: for ``Y`` its largest value, for
    ``X`` the larger of its largest value and ``x_size``. Dividing by a power
    of two is exact in floating point, so no digit is lost, and at unit size
    the squares and products of the solvers can neither overflow (data near
    1e300) nor underflow (near 1e-300). A ridge penalty passes
    ``x_size`` :math:`= \sqrt{\alpha}`: the system
    :math:`X^\top X + \alpha I` has the size of the larger of
    :math:`\lVert X \rVert^2` and :math:`\alpha`, and so at unit scale the
    penalty is at most 4, never an overflow. With
    :math:`X = 2^{e_x} X'`,
    :math:`Y = 2^{e_y} Y'` and :math:`W = 2^{e_y - e_x} W'`, the squared
    error is :math:`2^{2e_y}` times that of the unit-scale problem, and a
    penalty :math:`\alpha \lVert W \rVert^2` becomes
    :math:`2^{2e_y}\, \alpha 2^{-2e_x} \lVert W' \rVert^2` (an L1 penalty
    :math:`\alpha \lVert W \rVert_1`, :math:`2^{2e_y}\, \alpha
    2^{-(e_x + e_y)} \lVert W' \rVert_1`): the same problem with those
    penalties. On data of ordinary size every number is the same, to the
    last bit, as without the rescaling, times a power of two.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_targets)
    sample_weight : ndarray of shape (n_samples,)
    fit_intercept : bool
    x_size : float, default=0.0
        The smallest size to bring ``X`` from (see above).
    overwrite_X : bool, default=False
        Prepare ``X`` in place, when it is writeable (``copy_X=False``).

    Returns
    -------
    _LeastSquaresData
    """
    x_exp = _exponent_of(max(float(np.max(np.abs(X), initial=0)), float(x_size)))
    y_exp = _exponent_of(float(np.max(np.abs(Y), initial=0)))
    in_place = overwrite_X and X.flags.writeable
    X = np.ldexp(X, -x_exp, out=X if in_place else None)
    Y = np.ldexp(Y, -y_exp)
    # Unit weights (no sample_weight) leave the problem as it is: skip
    # the passes over the data that weighting costs.
    unit_weights = bool(np.all(sample_weight == 1.0))
    if fit_intercept:
        if unit_weights:
            x_mean, y_mean = X.mean(axis=0), Y.mean(axis=0)
        else:
            x_mean = np.average(X, axis=0, weights=sample_weight)
            y_mean = np.average(Y, axis=0, weights=sample_weight)
        X -= x_mean
        Y -= y_mean
    else:
        x_mean = np.zeros(X.shape[1], dtype=X.dtype)
        y_mean = np.zeros(Y.shape[1], dtype=Y.dtype)
    if not unit_weights:
        root_weight = np.sqrt(sample_weight)[:, None]
        X *= root_weight
        Y *= root_weight
    return _LeastSquaresData(X, Y, x_mean, y_mean, x_exp, y_exp, float(sample_weight.sum()))


def _nnls(A, b):
    r"""Non-negative least squares: :math:`\min_w \lVert A w - b \rVert^2` subject to :math:`w \ge 0`.

    Lawson and Hanson's active-set method [1]_. The coefficients are split
    into a passive set :math:`P`, free to move, and the others, held at 0.
    The negative gradient :math:`d = A^\top (b - A w)` (halved) says which
    held coefficient would lower the loss by growing: while one has
    :math:`d_j > 0`, the largest joins :math:`P`, and the least-squares
    solution :math:`s` on the columns of :math:`P` is computed. If some
    coefficient of :math:`s` is not positive, the method walks from
    :math:`w` towards :math:`s` only until the first coefficient reaches 0,
    holds the coefficients at 0 and solves again. It stops when no held
    coefficient can help: the optimality (KKT) conditions hold.

    Parameters
    ----------
    A : ndarray of shape (n_samples, n_features)
    b : ndarray of shape (n_samples,)

    Returns
    -------
    ndarray of shape (n_features,)

    References
    ----------
    .. [1] C. L. Lawson and R. J. Hanson, *Solving Least Squares Problems*,
       Prentice-Hall, 1974, chapter 23.
    """
    n_samples, n_features = A.shape
    w = np.zeros(n_features, dtype=A.dtype)
    passive = np.zeros(n_features, dtype=bool)
    # The rounding error of a_jᵀ r is about eps · n · ||a_j|| · ||r||, and ||r|| <= ||b||.
    tol = (10 * np.finfo(A.dtype).eps * n_samples
           * np.linalg.norm(A, axis=0).max() * np.linalg.norm(b))
    for _ in range(3 * n_features):
        d = A.T @ (b - A @ w)
        d[passive] = -np.inf
        j = int(np.argmax(d))
        if d[j] <= tol:
            return w
        passive[j] = True
        while True:
            s = np.zeros_like(w)
            s[passive] = np.linalg.lstsq(A[:, passive], b, rcond=None)[0]
            if np.all(s[passive] > 0):
                break
            blocking = passive & (s <= 0)
            distance = w[blocking] - s[blocking]  # >= 0, as w >= 0 >= s there
            fractions = np.divide(w[blocking], distance, out=np.zeros_like(distance),
                                  where=distance > 0)
            w = w + fractions.min() * (s - w)
            w[np.flatnonzero(blocking)[np.argmin(fractions)]] = 0.0
            passive &= w > 0
        w = s
    warn_convergence(
        f"Non-negative least squares did not finish in {3 * n_features} active-set "
        "iterations; the coefficients may be slightly off. The features may be "
        "nearly collinear.",
    )
    return w


def _check_squares_are_finite(X, Y):
    """Refuse data whose squares overflow: gradient descent would only produce NaN."""
    with np.errstate(over="ignore"):
        finite = bool(np.isfinite(np.sum(X * X)) and np.isfinite(np.sum(Y * Y)))
    if not finite:
        raise ValueError(
            f"Gradient descent cannot run on this data: the squares of X or y "
            f"overflow {X.dtype} (largest |X| = {np.max(np.abs(X)):.3g}, largest "
            f"|y| = {np.max(np.abs(Y)):.3g}). Standardise X and y first (for "
            "example with StandardScaler), or use the closed-form solver, which "
            "rescales the data exactly."
        )


def _intercept_scalar(b):
    """A single intercept as scikit-learn gives it: a NumPy number of the model's dtype."""
    return b.dtype.type(b)


class _LinearRegressor(RegressorMixin, BaseEstimator):
    """What every linear regressor shares: data checks, sklearn's layout, fit and predict.

    Internally weights are ``W`` of shape (n_features, n_targets) and ``b`` of
    shape (n_targets,); ``coef_`` and ``intercept_`` follow scikit-learn's
    layout: (n_features,) and a float for a 1-D ``y``.
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit the model: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : float or array-like of shape (n_samples,), optional
            Weight of each sample (by default all 1): an integer weight
            counts as that many copies of the sample.

        Returns
        -------
        self
        """
        return super().fit(X, y, sample_weight=sample_weight)

    def _check_fit_data(self, X, y, sample_weight):
        """Validated ``X``, ``Y`` as (n_samples, n_targets) in X's dtype, the weights, and whether y was 1-D.

        ``X`` stays float32 if it is float32 and becomes float64 otherwise;
        ``y`` and the weights take X's dtype.
        """
        X, y = validate_data(self, X, y, reset=True, y_required=True, multi_output=True,
                             y_numeric=True, dtype=_FLOAT_DTYPES)
        y = y.astype(X.dtype, copy=False)
        sample_weight = check_sample_weight(sample_weight, X)
        single_target = y.ndim == 1
        return X, (y.reshape(-1, 1) if single_target else y), sample_weight, single_target

    def _set_params_from(self, W, b, single_target):
        """Expose the internal (n_features, n_targets) weights in sklearn's layout.

        As in scikit-learn, the intercept is a NumPy number of the model's
        dtype for one target, an array for several, and the float 0.0
        without ``fit_intercept``.
        """
        self.coef_ = W[:, 0].copy() if single_target else W.T.copy()
        if not self.fit_intercept:
            self.intercept_ = 0.0
        elif single_target:
            self.intercept_ = _intercept_scalar(b[0])
        else:
            self.intercept_ = b.copy()

    def _gradient_descent_steps(self, X, Y, sample_weight, single_target, *, alpha, max_iter):
        """Batch gradient descent on :class:`_LeastSquaresLoss` from :math:`W = 0, b = 0`.

        Yields the "init" step, then one "gradient" step per iteration of
        :func:`skratch.optim.gradient_descent`.
        """
        _check_squares_are_finite(X, Y)
        objective = _LeastSquaresLoss(X, Y, sample_weight, self.fit_intercept, alpha)
        n_params = X.shape[1] + int(self.fit_intercept)
        Theta = np.zeros((n_params, Y.shape[1]), dtype=X.dtype)
        loss = objective.value(Theta)
        self._set_params_from(*objective.split(Theta), single_target)
        self.n_iter_ = 0
        self.loss_ = loss
        yield Step(index=0, kind="init",
                   message=f"start at w = 0, b = 0: loss {loss:.4g}",
                   loss=loss, state={"coef": self.coef_, "intercept": self.intercept_})

        def diverged(iteration, start_loss, loss):
            largest_stable = 2.0 / objective.curvature()
            return (
                f"Gradient descent diverged with learning_rate={self.learning_rate}: "
                f"the loss grew from {start_loss:.4g} to {loss:.4g} by iteration "
                f"{iteration}. Use a smaller learning_rate: on this data it must be "
                f"below {largest_stable:.3g} (try {largest_stable / 2:.3g}), or "
                "standardise the features."
            )

        def not_converged(gradient_norm):
            return (
                f"Gradient descent did not converge in max_iter={max_iter} "
                f"iterations (gradient norm {gradient_norm:.3g} > tol={self.tol}); "
                "increase max_iter or learning_rate, or standardise the features."
            )

        descent = gradient_descent(
            objective, Theta, GradientDescent(learning_rate=float(self.learning_rate)),
            max_iter=max_iter, tol=self.tol, norm=2,
            diverged_message=diverged, not_converged_message=not_converged)
        for step in descent:
            self._set_params_from(*objective.split(step.params), single_target)
            self.n_iter_ = step.index
            self.loss_ = step.loss
            gradient, intercept_gradient = objective.split(step.gradient)
            if single_target:
                gradient, intercept_gradient = gradient[:, 0], intercept_gradient[0]
            else:
                gradient = gradient.T
            yield Step(
                index=step.index, kind="gradient",
                message=(f"iteration {step.index}: w = {_fmt(self.coef_)}, "
                         f"b = {_fmt(self.intercept_)}, "
                         f"loss {step.previous_loss:.5g} → {step.loss:.5g}"),
                loss=step.loss,
                state={"coef": self.coef_, "intercept": self.intercept_,
                       "gradient": gradient, "intercept_gradient": intercept_gradient},
            )

    def predict(self, X):
        """Predict with the linear model :math:`Xw + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        X = check_fitted_input(self, X, ["coef_", "intercept_"], dtype=_FLOAT_DTYPES)
        return X @ np.asarray(self.coef_).T + self.intercept_


class LinearRegression(_LinearRegressor):
    r"""Ordinary least squares linear regression, by closed form or gradient descent.

    Fits :math:`\hat y = Xw + b` by minimising the (weighted) mean squared
    error. The "normal" solver solves the least-squares problem directly
    (or, with ``positive=True``, the non-negative least-squares problem);
    the "gd" solver walks down the loss surface by batch gradient descent,
    one step per iteration, so the descent can be watched.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`. If False, :math:`b = 0` and
        the data are not centred.
    copy_X : bool, default=True
        If False, the closed form may overwrite ``X`` (centred, weighted and
        rescaled in place) to save memory, as in scikit-learn; this happens
        only when ``X`` is a writeable float64 or float32 array. Gradient
        descent never modifies ``X``.
    tol : float, default=1e-6
        Gradient descent stops when the Euclidean norm of the full gradient
        falls to ``tol`` or below ("gd" only; like scikit-learn's ``tol``,
        it has no effect on the closed form of dense data).
    n_jobs : int or None, default=None
        Accepted for compatibility with scikit-learn; it has no effect
        (Skratch's solvers run in one process).
    positive : bool, default=False
        Constrain the weights to be non-negative, :math:`w \ge 0`: the
        non-negative least-squares problem, solved exactly by an active-set
        method ("normal" only).
    solver : {"normal", "gd"}, default="normal"
        "normal": a least-squares solve on the centred data (the closed form
        of the normal equations, computed stably through an SVD-based
        solver), in one step. "gd": batch gradient descent from
        :math:`w = 0, b = 0`.
    learning_rate : float, default=0.1
        Step size :math:`\eta` of gradient descent ("gd" only). Gradient
        descent on this loss converges only for
        :math:`\eta < 2 / \lambda_{max}`, with :math:`\lambda_{max}` the
        largest eigenvalue of the loss's Hessian; standardise the features
        to make the default safe. A rate that diverges stops training with a
        :class:`~skratch.exceptions.ConvergenceWarning` that gives the
        largest stable rate for the data.
    max_iter : int, default=1000
        Most gradient-descent iterations ("gd" only).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The weights :math:`w`.
    intercept_ : numpy.float64 (float32) or ndarray of shape (n_targets,)
        The intercept :math:`b` (the float 0.0 when ``fit_intercept=False``).
    n_iter_ : int
        Gradient-descent iterations run (1 for the closed form).
    loss_ : float
        The (weighted) mean squared error on the training data at the end
        of training.
    rank_ : int
        Rank of the centred, weighted ``X`` ("normal" with
        ``positive=False`` only).
    singular_ : ndarray of shape (min(n_samples, n_features),)
        Singular values of the centred, weighted ``X`` ("normal" with
        ``positive=False`` only).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it is a DataFrame whose column names
        are all strings. ``predict`` then refuses data whose columns are
        other names, or the same names in another order.

    See Also
    --------
    sklearn.linear_model.LinearRegression : the same model, closed form only.

    Notes
    -----
    With sample weights :math:`s_i` (all 1 by default), for ``n`` samples
    and ``k`` targets, the loss is the weighted mean squared error

    .. math::

        L(W, b) = \frac{1}{k \sum_i s_i} \sum_{i=1}^{n} s_i
                  \lVert x_i W + b - y_i \rVert^2 ,

    so an integer weight counts as that many copies of the sample, and
    scaling every weight by the same number changes nothing.

    **Closed form.** With the weighted means
    :math:`\bar x = \sum_i s_i x_i / \sum_i s_i` and :math:`\bar y`, and
    the centred rows scaled by :math:`\sqrt{s_i}`,
    :math:`\tilde x_i = \sqrt{s_i}(x_i - \bar x)` and
    :math:`\tilde y_i = \sqrt{s_i}(y_i - \bar y)`, the minimiser solves the
    least-squares problem :math:`\min_W \lVert \tilde X W - \tilde Y \rVert^2`
    (the normal equations :math:`\tilde X^\top \tilde X W = \tilde X^\top \tilde Y`,
    taking the minimum-norm solution when :math:`\tilde X` is rank
    deficient), and :math:`b = \bar y - \bar x W`. With ``positive=True``
    the same problem is solved under :math:`W \ge 0` by Lawson and
    Hanson's active-set method, one target at a time. The data are first
    divided by powers of two near their largest values, which is exact, so
    that data near 1e300 or 1e-300 are solved as accurately as data near 1.

    **Gradient descent.** With residuals :math:`R = XW + b - Y` and
    :math:`S = \operatorname{diag}(s)`,

    .. math::

        \nabla_W L = \frac{2}{k \sum_i s_i} X^\top S R, \qquad
        \nabla_b L = \frac{2}{k \sum_i s_i} \mathbf{1}^\top S R,

        W \leftarrow W - \eta \nabla_W L, \qquad
        b \leftarrow b - \eta \nabla_b L ,

    the step of :class:`skratch.optim.GradientDescent`, run by
    :func:`skratch.optim.gradient_descent` (the loop Ridge and
    LogisticRegression share), which stops once the gradient's norm is at
    most ``tol``, and stops with a warning when the loss diverges. The
    residuals are computed once per iteration: the loss at a point and the
    gradient there share them. Data whose squares overflow (values near
    1e155 in float64) are refused with a ``ValueError``: the descent could
    only produce infinities.

    **Data types.** float32 ``X`` gives a float32 model (``coef_``,
    ``intercept_``), computed in float32, as in scikit-learn; any other
    ``X`` is converted to float64. ``y`` and the weights take X's dtype.

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
    .. [3] C. L. Lawson and R. J. Hanson, *Solving Least Squares Problems*,
       Prentice-Hall, 1974, chapter 23 (non-negative least squares).

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = 2 * X[:, 0] + 1
    >>> reg = LinearRegression().fit(X, y)
    >>> print(reg.coef_.round(6), reg.intercept_.round(6))
    [2.] 1.0
    >>> gd = LinearRegression(solver="gd", learning_rate=0.1)
    >>> steps = list(gd.fit_steps(X, y))
    >>> steps[1].kind, steps[1].message
    ('gradient', 'iteration 1: w = [1.7], b = 0.8, loss 21 → 0.535')
    >>> print(gd.coef_.round(3), gd.intercept_.round(3))
    [2.] 1.0
    >>> weighted = LinearRegression().fit(X, [1.0, 3.0, 5.0, 9.0], sample_weight=[1, 1, 1, 0])
    >>> print(weighted.coef_.round(6), weighted.intercept_.round(6))
    [2.] 1.0
    """

    def __init__(self, *, fit_intercept=True, copy_X=True, tol=1e-6, n_jobs=None,
                 positive=False, solver="normal", learning_rate=0.1, max_iter=1000):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter

    _parameter_constraints = {
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_jobs": [None, Interval(Integral, None, None, closed="neither")],
        "positive": ["boolean"],
        "solver": [Options("normal", "gd")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
    }

    def _validate_params(self):
        super()._validate_params()
        if self.positive and self.solver == "gd":
            raise ValueError(
                "positive=True is solved by non-negative least squares, with "
                "solver='normal'; solver='gd' does not support it."
            )

    def fit_steps(self, X, y=None, sample_weight=None):
        """Fit the model, yielding a :class:`~skratch.Step` per stage.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : float or array-like of shape (n_samples,), optional
            Weight of each sample; by default all 1.

        Yields
        ------
        Step
            "solve" (closed form), or "init" then one "gradient" per
            iteration (gradient descent).
        """
        X, Y, sample_weight, single_target = self._check_fit_data(X, y, sample_weight)
        if self.solver == "normal":
            yield from self._solve_closed_form(X, Y, sample_weight, single_target)
        else:
            yield from self._gradient_descent(X, Y, sample_weight, single_target)

    def _solve_closed_form(self, X, Y, sample_weight, single_target):
        data = _least_squares_data(X, Y, sample_weight, self.fit_intercept,
                                   overwrite_X=not self.copy_X)
        if self.positive:
            W = np.column_stack([_nnls(data.X, column) for column in data.Y.T])
            for name in ("rank_", "singular_"):  # not defined for the non-negative problem
                vars(self).pop(name, None)
            method = "non-negative least-squares solve"
        else:
            W, _, rank, singular = np.linalg.lstsq(data.X, data.Y, rcond=None)
            self.rank_ = int(rank)
            self.singular_ = np.ldexp(singular, data.x_exp)
            method = "least-squares solve"
        self._set_params_from(data.coef(W), data.intercept(W), single_target)
        R = data.Y - data.X @ W
        self.n_iter_ = 1
        self.loss_ = data.squared(np.sum(R * R) / (data.weight_sum * R.shape[1]))
        yield Step(
            index=0, kind="solve",
            message=(f"{method}: w = {_fmt(self.coef_)}, "
                     f"b = {_fmt(self.intercept_)}, loss {self.loss_:.4g}"),
            loss=self.loss_,
            state={"coef": self.coef_, "intercept": self.intercept_},
        )

    def _gradient_descent(self, X, Y, sample_weight, single_target):
        return self._gradient_descent_steps(X, Y, sample_weight, single_target,
                                            alpha=0.0, max_iter=self.max_iter)


def _fmt(value):
    """Short text for a number or a small array, for step captions."""
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{float(array):.4g}"
    # Python floats (tolist) format faster than NumPy scalars, and a caption
    # is written at every step.
    if array.size > 4:
        head = ", ".join(f"{v:.3g}" for v in array.ravel()[:3].tolist())
        return f"[{head}, …] ({array.size} values)"
    return "[" + ", ".join(f"{v:.4g}" for v in array.ravel().tolist()) + "]"
