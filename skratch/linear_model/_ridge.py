"""Ridge regression: least squares with an L2 penalty, closed form or gradient descent."""

import warnings
from numbers import Integral, Real

import numpy as np

from ..steps import Step
from ..utils._param_validation import Interval, Options
from ._base import (
    _fmt,
    _least_squares_data,
    _LinearRegressor,
    _nnls,
    _penalty_at_unit_scale,
)

__all__ = ["Ridge"]

# Gradient-descent iterations when max_iter=None (scikit-learn's default
# max_iter=None lets each solver pick its own).
_GD_MAX_ITER = 1000


def _solve_cholesky(X, Y, alpha):
    r"""Ridge weights from the normal equations, solved by a Cholesky factorisation.

    With fewer samples than features the n x n "dual" system
    :math:`(XX^\top + \alpha I)\,A = Y`, :math:`W = X^\top A` is the smaller
    one; it gives the same weights. Targets sharing an alpha share one
    factorisation. Raises ``numpy.linalg.LinAlgError`` when the system is
    singular (alpha = 0 and ``X`` rank deficient).
    """
    n_samples, n_features = X.shape
    primal = n_features <= n_samples
    A = X.T @ X if primal else X @ X.T
    B = X.T @ Y if primal else Y
    solution = np.empty_like(B)
    penalties, target_group = np.unique(alpha, return_inverse=True)
    for group, penalty in enumerate(penalties):
        targets = target_group == group
        L = np.linalg.cholesky(A + penalty * np.eye(len(A), dtype=A.dtype))
        # A + αI = L Lᵀ: solve L z = B, then Lᵀ w = z.
        solution[:, targets] = np.linalg.solve(L.T, np.linalg.solve(L, B[:, targets]))
    return solution if primal else X.T @ solution


def _solve_svd(X, Y, alpha):
    r"""Ridge weights from the thin SVD :math:`X = U S V^\top`:
    :math:`W = V \operatorname{diag}\!\left(\frac{s_i}{s_i^2 + \alpha}\right) U^\top Y`.

    Singular values at rounding level count as zero, so alpha = 0 gives the
    minimum-norm least-squares solution.
    """
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    if s.size and s[0] > 0:
        kept = s > s[0] * np.finfo(X.dtype).eps * max(X.shape)
    else:
        kept = np.zeros(s.shape, dtype=bool)
    s, U, Vt = s[kept], U[:, kept], Vt[kept]
    shrink = s[:, None] / (s[:, None] ** 2 + alpha[None, :])  # one column per target
    return Vt.T @ (shrink * (U.T @ Y))


def _solve_nnls(X, Y, alpha):
    r"""Non-negative ridge weights: non-negative least squares on augmented data.

    :math:`\lVert y - Xw \rVert^2 + \alpha \lVert w \rVert^2` is the squared
    error of the stacked system
    :math:`\begin{bmatrix} X \\ \sqrt{\alpha} I \end{bmatrix} w \approx
    \begin{bmatrix} y \\ 0 \end{bmatrix}`, so the problem under
    :math:`w \ge 0` is a non-negative least-squares problem, one per target.
    """
    n_features = X.shape[1]
    identity = np.eye(n_features, dtype=X.dtype)
    zeros = np.zeros(n_features, dtype=X.dtype)
    columns = [_nnls(np.vstack([X, np.sqrt(alpha[t]) * identity]), np.concatenate([Y[:, t], zeros]))
               for t in range(Y.shape[1])]
    return np.column_stack(columns)


class Ridge(_LinearRegressor):
    r"""Linear least squares with an L2 penalty, by closed form or gradient descent.

    Minimises scikit-learn's ridge objective
    :math:`\sum_i s_i (y_i - x_i w - b)^2 + \alpha \lVert w \rVert^2` (the
    intercept :math:`b` is not penalised; the sample weights :math:`s_i` are
    1 by default). The closed-form solvers solve the penalised normal
    equations in one step; the "gd" solver walks down the loss surface by
    batch gradient descent, one step per iteration, so the shrinkage can be
    watched.

    Parameters
    ----------
    alpha : float or array-like of shape (n_targets,), default=1.0
        The penalty strength :math:`\alpha \ge 0`. An array gives each
        target its own penalty (its length must be the number of targets).
        With ``alpha=0`` the model is ordinary least squares.
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`. If False, :math:`b = 0` and
        the data are not centred.
    copy_X : bool, default=True
        If False, the closed forms may overwrite ``X`` (centred, weighted and
        rescaled in place) to save memory, as in scikit-learn; this happens
        only when ``X`` is a writeable float64 or float32 array. Gradient
        descent never modifies ``X``.
    max_iter : int or None, default=None
        Most gradient-descent iterations ("gd" only); None means 1000.
    tol : float, default=1e-4
        Gradient descent stops when the Euclidean norm of the full gradient
        of the scaled loss (see Notes) falls to ``tol`` or below ("gd" only;
        no effect on the closed forms, as in scikit-learn).
    solver : {"auto", "svd", "cholesky", "gd"}, default="auto"
        "cholesky": solve the penalised normal equations through a Cholesky
        factorisation (the d x d system, or the n x n dual system when there
        are fewer samples than features); if that system is singular (only
        possible with ``alpha=0``, or an alpha negligible beside the data's
        scale) the SVD is used instead, with a warning.
        "svd": through the singular value decomposition of the centred
        ``X``, the most stable. "auto": "cholesky", or with
        ``positive=True`` non-negative least squares. "gd": batch gradient
        descent with :class:`skratch.optim.GradientDescent`, from
        :math:`w = 0, b = 0` (a teaching extra; scikit-learn has no such
        solver).
    positive : bool, default=False
        Constrain the weights to be non-negative, :math:`w \ge 0`, solved
        exactly by non-negative least squares on augmented data (see Notes).
        Only ``solver="auto"`` supports it (scikit-learn's "lbfgs" solves
        the same problem approximately).
    random_state : int, RandomState instance or None, default=None
        Accepted for compatibility with scikit-learn, where only the "sag"
        and "saga" solvers use it; none of Skratch's solvers is random, so
        it has no effect.
    learning_rate : float, default=0.1
        Step size :math:`\eta` of gradient descent ("gd" only). It must be
        below :math:`2 / \lambda_{max}` of the loss's Hessian; standardise
        the features to make the default safe. A rate that diverges stops
        training with a :class:`~skratch.exceptions.ConvergenceWarning` that
        gives the largest stable rate for the data.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The weights :math:`w` (1-D also for a ``y`` of one column, as in
        scikit-learn).
    intercept_ : numpy.float64 (float32) or ndarray of shape (n_targets,)
        The intercept :math:`b` (the float 0.0 when ``fit_intercept=False``).
    n_iter_ : int
        Gradient-descent iterations run (1 for the closed forms; scikit-learn
        gives None there).
    loss_ : float
        The scaled loss :math:`L` of the Notes on the training data at the
        end of training.
    solver_ : str
        The solver used: "cholesky", "svd", "nnls" (``positive=True``) or
        "gd".
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it is a DataFrame whose column names
        are all strings. ``predict`` then refuses data whose columns are
        other names, or the same names in another order.

    See Also
    --------
    sklearn.linear_model.Ridge : the same model and objective.
    skratch.linear_model.LinearRegression : the model without penalty.
    skratch.linear_model.Lasso : the L1 penalty instead.

    Notes
    -----
    For ``n`` samples with weights :math:`s_i` (all 1 by default) and
    targets :math:`t = 1, \dots, k` (one column :math:`w_t` of weights
    each), the objective is scikit-learn's, summed over the targets:

    .. math::

        J(W, b) = \sum_{t=1}^{k} \left( \sum_{i=1}^{n} s_i (y_{it} - x_i w_t - b_t)^2
                  + \alpha_t \lVert w_t \rVert^2 \right).

    It is not divided by :math:`n`: the larger the data set, the smaller the
    effect of the same :math:`\alpha`. An integer weight counts as that
    many copies of the sample; scaling every weight and :math:`\alpha` by
    the same number changes nothing. The losses in the steps and ``loss_``
    are :math:`L = J / (k \sum_i s_i)` (:math:`J / (nk)` without weights), a
    mean squared error plus the penalty, with the same minimiser; with
    ``alpha=0`` it is exactly :class:`LinearRegression`'s loss.

    **Closed form.** The intercept is not penalised, so it is the weighted
    mean residual: with the weighted means
    :math:`\bar x = \sum_i s_i x_i / \sum_i s_i` and :math:`\bar y`, and the
    centred rows scaled by :math:`\sqrt{s_i}`,
    :math:`\tilde x_i = \sqrt{s_i}(x_i - \bar x)` and
    :math:`\tilde y_i = \sqrt{s_i}(y_i - \bar y)`, setting the gradient to
    zero gives

    .. math::

        (\tilde X^\top \tilde X + \alpha I)\, w = \tilde X^\top \tilde y, \qquad
        b = \bar y - \bar x^\top w,

        w = V \operatorname{diag}\!\left(\frac{\sigma_i}{\sigma_i^2 + \alpha}\right)
            U^\top \tilde y \quad \text{for } \tilde X = U \Sigma V^\top .

    The SVD form shows what the penalty does: each direction of the data is
    shrunk by :math:`\sigma_i^2 / (\sigma_i^2 + \alpha)`, the weak
    directions most. For :math:`\alpha > 0` the matrix
    :math:`\tilde X^\top \tilde X + \alpha I` is positive definite, so the
    system always has one solution. With ``positive=True``, the objective is
    the squared error of the stacked system
    :math:`[\tilde X; \sqrt{\alpha} I]\, w \approx [\tilde y; 0]`, solved
    under :math:`w \ge 0` by Lawson and Hanson's active-set method.

    The data are first divided by powers of two, which is exact:
    :math:`X = 2^{e_x} X'` with :math:`2^{e_x}` near the larger of
    :math:`\max |X|` and :math:`\sqrt{\alpha}` (the size of
    :math:`\tilde X^\top \tilde X + \alpha I` is the larger of
    :math:`\max|X|^2` and :math:`\alpha`), and :math:`y = 2^{e_y} y'` with
    :math:`2^{e_y}` near :math:`\max |y|`. The problem on :math:`X', y'`
    with :math:`\alpha' = \alpha\, 2^{-2e_x}` has the solution
    :math:`w' = 2^{e_x - e_y} w`. So data near 1e300, whose squares
    overflow, or near 1e-300, whose squares underflow, are solved as
    accurately as data near 1, and no solver returns NaN.

    **Gradient descent.** With residuals :math:`R = XW + b - Y` and
    :math:`S = \operatorname{diag}(s)`,

    .. math::

        \nabla_W L = \frac{2}{k \sum_i s_i}\left(X^\top S R + W \operatorname{diag}(\alpha)\right),
        \qquad \nabla_b L = \frac{2}{k \sum_i s_i} \mathbf{1}^\top S R,

    and :class:`skratch.optim.GradientDescent` takes the step
    :math:`\theta \leftarrow \theta - \eta \nabla_\theta L` on
    :math:`\theta = (W, b)`, in the loop of
    :func:`skratch.optim.gradient_descent`, as for
    :class:`LinearRegression`. The penalty term pulls every weight towards
    zero at each step ("weight decay"). Data whose squares overflow are
    refused with a ``ValueError``.

    **Data types.** float32 ``X`` gives a float32 model (``coef_``,
    ``intercept_``), computed in float32, as in scikit-learn; any other
    ``X`` is converted to float64. ``y`` and the weights take X's dtype.

    ``fit_steps`` yields one "solve" step for the closed forms, and for
    "gd" an "init" step (the starting point) then one "gradient" step per
    iteration, whose state holds ``coef``, ``intercept``, the ``gradient``
    and ``intercept_gradient`` that moved them there, and whose loss is
    :math:`L` at the new point.

    References
    ----------
    .. [1] A. E. Hoerl and R. W. Kennard, "Ridge regression: biased
       estimation for nonorthogonal problems", Technometrics 12(1), 1970.
    .. [2] T. Hastie, R. Tibshirani and J. Friedman, *The Elements of
       Statistical Learning*, 2nd ed., Springer, 2009, section 3.4.1.
    .. [3] C. L. Lawson and R. J. Hanson, *Solving Least Squares Problems*,
       Prentice-Hall, 1974, chapter 23 (non-negative least squares).

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import Ridge
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = 2 * X[:, 0] + 1
    >>> reg = Ridge(alpha=5.0).fit(X, y)
    >>> print(reg.coef_, reg.intercept_)
    [1.] 2.5
    >>> gd = Ridge(alpha=5.0, solver="gd", learning_rate=0.1, tol=1e-8)
    >>> steps = list(gd.fit_steps(X, y))
    >>> steps[1].kind, steps[1].message
    ('gradient', 'iteration 1: w = [1.7], b = 0.8, loss 21 → 4.1475')
    >>> print(gd.coef_.round(4), gd.intercept_.round(4))
    [1.] 2.5
    >>> twice = Ridge(alpha=5.0).fit(X, y, sample_weight=[2, 2, 2, 2])
    >>> twice.coef_.round(4)
    array([1.3333])
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, copy_X=True, max_iter=None,
                 tol=1e-4, solver="auto", positive=False, random_state=None,
                 learning_rate=0.1):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state
        self.learning_rate = learning_rate

    _parameter_constraints = {
        # One penalty, or one per target (checked against y in fit); a 0-d
        # array is one penalty, as in scikit-learn.
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like", np.ndarray],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "solver": [Options("auto", "svd", "cholesky", "gd")],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
    }

    def _validate_params(self):
        super()._validate_params()
        if self.positive and self.solver != "auto":
            raise ValueError(
                f"solver={self.solver!r} does not support positive=True: use "
                "solver='auto', which then solves the non-negative problem by "
                "non-negative least squares."
            )

    def _set_params_from(self, W, b, single_target):
        super()._set_params_from(W, b, single_target)
        if W.shape[1] == 1 and not single_target:
            # As scikit-learn's Ridge: the weights of a one-column y are 1-D
            # (its intercept keeps shape (1,)), so predict gives a 1-D array.
            self.coef_ = self.coef_.ravel()

    def _alpha_per_target(self, n_targets):
        """``alpha`` as a float64 array of shape (n_targets,)."""
        try:
            alpha = np.asarray(self.alpha, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(
                f"alpha must be a non-negative number or an array of them, got {self.alpha!r}."
            ) from None
        if alpha.ndim > 1 or not np.all(np.isfinite(alpha)) or np.any(alpha < 0):
            raise ValueError(
                f"alpha must be a non-negative number or a 1-D array of them, got {self.alpha!r}."
            )
        if alpha.ndim == 1 and alpha.size not in (1, n_targets):
            raise ValueError(
                f"alpha has {alpha.size} values but y has {n_targets} targets: give "
                "one penalty per target, or a single number."
            )
        return np.broadcast_to(alpha.reshape(-1), (n_targets,)).copy()

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
            "solve" (closed forms), or "init" then one "gradient" per
            iteration (gradient descent).
        """
        X, Y, sample_weight, single_target = self._check_fit_data(X, y, sample_weight)
        alpha = self._alpha_per_target(Y.shape[1])
        if self.solver == "gd":
            yield from self._gradient_descent(X, Y, sample_weight, alpha, single_target)
        else:
            yield from self._solve_closed_form(X, Y, sample_weight, alpha, single_target)

    def _solve_closed_form(self, X, Y, sample_weight, alpha, single_target):
        data = _least_squares_data(X, Y, sample_weight, self.fit_intercept,
                                   x_size=np.sqrt(alpha.max()), overwrite_X=not self.copy_X)
        # The penalty of the unit-scale problem (see Notes).
        alpha_unit = _penalty_at_unit_scale(alpha, 2 * data.x_exp, X.dtype)
        if self.positive:
            solver = "nnls"
            W = _solve_nnls(data.X, data.Y, alpha_unit)
        else:
            solver = "svd" if self.solver == "svd" else "cholesky"
        if solver == "cholesky":
            try:
                W = _solve_cholesky(data.X, data.Y, alpha_unit)
            except np.linalg.LinAlgError:
                warnings.warn(
                    "The ridge system is singular (alpha=0, or an alpha negligible "
                    "beside the scale of X, with linearly dependent features): using "
                    "the SVD, which gives the minimum-norm least-squares solution.",
                    UserWarning, stacklevel=3,
                )
                solver = "svd"
        if solver == "svd":
            W = _solve_svd(data.X, data.Y, alpha_unit)
        self._set_params_from(data.coef(W), data.intercept(W), single_target)
        R = data.Y - data.X @ W
        penalty = np.sum(alpha_unit * np.sum(W * W, axis=0))
        self.n_iter_ = 1
        self.loss_ = data.squared((np.sum(R * R) + penalty) / (data.weight_sum * Y.shape[1]))
        self.solver_ = solver
        yield Step(
            index=0, kind="solve",
            message=(f"ridge solve ({solver}, alpha = {_fmt(self.alpha)}): "
                     f"w = {_fmt(self.coef_)}, b = {_fmt(self.intercept_)}, "
                     f"loss {self.loss_:.4g}"),
            loss=self.loss_,
            state={"coef": self.coef_, "intercept": self.intercept_},
        )

    def _gradient_descent(self, X, Y, sample_weight, alpha, single_target):
        self.solver_ = "gd"
        max_iter = _GD_MAX_ITER if self.max_iter is None else self.max_iter
        return self._gradient_descent_steps(X, Y, sample_weight, single_target,
                                            alpha=alpha.astype(X.dtype), max_iter=max_iter)
