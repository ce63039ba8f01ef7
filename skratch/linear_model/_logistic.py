"""Logistic regression, binary and multinomial: Newton's method and gradient descent."""

from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import warn_convergence
from ..optim import GradientDescent, gradient_descent
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ..utils.class_weight import compute_class_weight
from ..utils.validation import (
    check_classification_targets,
    check_fitted_input,
    check_sample_weight,
    validate_data,
)
from ._base import _fmt

__all__ = ["LogisticRegression"]

# Armijo's sufficient-decrease constant, and the smallest Newton step tried
# before the line search gives up (the loss no longer decreases in floating
# point: we are at the minimum to machine precision).
_ARMIJO = 1e-4
_SMALLEST_STEP = 2.0 ** -30


def _sigmoid(z):
    r""":math:`\sigma(z) = 1 / (1 + e^{-z})`, without overflow for large :math:`|z|`."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _power_of_two_scale(X):
    r"""Per feature, the power of two :math:`s_j` that brings :math:`\max_i |x_{ij}|` into [1/2, 1).

    1 for features already within [-1, 1]: only large ones are scaled down.
    Dividing by a power of two is exact in floating point.
    """
    largest = np.max(np.abs(X), axis=0)
    _, exponent = np.frexp(largest)
    return np.where(largest > 1.0, np.ldexp(1.0, exponent), 1.0)


def _log_softmax(Z):
    r""":math:`z_k - \log\sum_j e^{z_j}` per row, through the log-sum-exp shift."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


class _LogisticLoss:
    r"""The training objective of logistic regression, its gradient and Hessian.

    Parameters are one array :math:`\Theta` of shape (p, m): the weights
    :math:`W` (d rows) then, with an intercept, the intercepts :math:`b` (one
    more row). ``m = 1`` with the sigmoid (two classes), ``m = K`` with the
    softmax (K classes). ``A`` is ``X`` with a column of ones appended when
    there is an intercept, so the scores are :math:`Z = A\Theta`. Sample
    :math:`i` weighs :math:`v_i` (``sample_weight``; 1 by default), and
    :math:`V = \sum_i v_i`:

    .. math::

        L(\Theta) = \frac{1}{V}\sum_i v_i \ell_i + \frac{\alpha}{2}\lVert W\rVert^2,
        \qquad \alpha = \frac{1}{VC}.

    ``scale`` (p,), if given, reparametrises: the object then works with
    :math:`\tilde A = A\,\mathrm{diag}(s)^{-1}` and
    :math:`\tilde\Theta = \mathrm{diag}(s)\Theta` (same scores
    :math:`\tilde A\tilde\Theta = A\Theta`), with the penalty
    :math:`\frac{\alpha}{2}\sum_j (\tilde\theta_j / s_j)^2`: the same
    function of :math:`\Theta`, computed on features of moderate size.
    :meth:`unscale` maps :math:`\tilde\Theta` back to :math:`\Theta`.
    """

    def __init__(self, A, Y, alpha, fit_intercept, sample_weight=None, scale=None):
        self.Y, self.alpha = Y, alpha
        self.n, self.p = A.shape
        self.m = Y.shape[1]
        self.scale = np.ones(self.p) if scale is None else np.asarray(scale, dtype=float)
        self.A = A if scale is None else A / self.scale
        self.v = (np.ones(self.n) if sample_weight is None
                  else np.asarray(sample_weight, dtype=float))
        self.V = float(self.v.sum())
        # Unit weights change no number: the loss and gradient skip multiplying by them.
        self.v_column = None if np.all(self.v == 1.0) else self.v[:, None]
        # The penalty's weight on each row of Theta: 1 on the weights (1/s_j^2
        # once rescaled), 0 on the intercept row: the intercept is not penalised.
        self.penalised = (1.0 / self.scale[:, None]) ** 2
        if fit_intercept:
            self.penalised[-1] = 0.0

    def rescale(self, Theta):
        r"""The parameters this object works with, from :math:`\Theta`."""
        return Theta * self.scale[:, None]

    def unscale(self, Theta):
        r""":math:`\Theta` from the parameters this object works with."""
        return Theta / self.scale[:, None]

    def unscale_gradient(self, G):
        r"""The gradient in :math:`\Theta` from the one in :math:`\tilde\Theta`."""
        return G * self.scale[:, None]

    def without_shift(self, D):
        """``D`` without its part along the shifts that leave the softmax unchanged.

        Adding the same number to every class's intercept changes no
        probability, and without a penalty neither does adding it to every
        class's weight of a feature: along those directions the objective is
        flat, and a step should not move (in floating point, a near-singular
        Hessian would let it drift there).
        """
        shiftless = (self.penalised[:, 0] == 0) | (self.alpha == 0)
        D = D.copy()
        D[shiftless] -= D[shiftless].mean(axis=1, keepdims=True)
        return D

    def log_loss_and_probabilities(self, Theta):
        r"""The weighted mean log-loss and the probabilities :math:`P`, from one pass: the scores :math:`Z = A\Theta`."""
        Z = self.A @ Theta
        if self.m == 1:
            # -log p(y | x) = log(1 + e^z) - y z, with y in {0, 1}. Through
            # e^{-|z|}, which never overflows: log(1 + e^z) = max(z, 0) + log1p(e^{-|z|})
            # and sigma(z) = e^{min(z, 0)} / (1 + e^{-|z|}) (no branch per sample).
            e = np.exp(-np.abs(Z))
            losses = np.maximum(Z, 0.0) + np.log1p(e) - self.Y * Z
            P = np.exp(np.minimum(Z, 0.0)) / (1.0 + e)
        else:
            log_P = _log_softmax(Z)
            losses = -(self.Y * log_P)
            P = np.exp(log_P)
        if self.v_column is not None:
            losses = self.v_column * losses
        return float(losses.sum() / self.V), P

    def penalty(self, Theta):
        r""":math:`\frac{\alpha}{2}\lVert W\rVert^2` (the intercepts are not penalised)."""
        return float(0.5 * self.alpha * (self.penalised * Theta * Theta).sum())

    def value(self, Theta):
        r""":math:`L(\Theta)`: the weighted mean log-loss plus the penalty."""
        log_loss, _ = self.log_loss_and_probabilities(Theta)
        return log_loss + self.penalty(Theta)

    def gradient(self, Theta):
        r""":math:`\nabla L(\Theta)`, shaped as ``Theta``."""
        _, P = self.log_loss_and_probabilities(Theta)
        return self._gradient(Theta, P)

    def value_and_gradient(self, Theta):
        r""":math:`L(\Theta)` and :math:`\nabla L(\Theta)`, from one computation of the probabilities."""
        log_loss, P = self.log_loss_and_probabilities(Theta)
        return log_loss + self.penalty(Theta), self._gradient(Theta, P)

    def _gradient(self, Theta, P):
        r""":math:`\nabla L = A^\top \mathrm{diag}(v) (P - Y) / V + \alpha W` (intercept unpenalised)."""
        residuals = P - self.Y
        if self.v_column is not None:
            residuals = self.v_column * residuals
        return self.A.T @ residuals / self.V + self.alpha * self.penalised * Theta

    def hessian(self, Theta):
        r"""The (pm × pm) Hessian, blocks of classes ``(k, l)``, each (p × p).

        Sample i contributes :math:`(v_i / V)\, S_i \otimes a_i a_i^\top`,
        with :math:`S_i = \mathrm{diag}(p_i) - p_i p_i^\top` (for one
        sigmoid output, :math:`p_i(1 - p_i)`).
        """
        A, V, p, m = self.A, self.V, self.p, self.m
        _, P = self.log_loss_and_probabilities(Theta)
        H = np.empty((m * p, m * p))
        for k in range(m):
            for l in range(k, m):
                s = self.v * P[:, k] * ((k == l) - P[:, l])
                if k == l:
                    # s >= 0 here: A^T diag(s) A = B^T B with B = diag(sqrt(s)) A,
                    # a symmetric product that BLAS computes in half the time.
                    B = A * np.sqrt(s)[:, None]
                    block = B.T @ B / V
                else:
                    block = A.T @ (A * s[:, None]) / V
                H[k * p:(k + 1) * p, l * p:(l + 1) * p] = block
                H[l * p:(l + 1) * p, k * p:(k + 1) * p] = block.T
        H[np.diag_indices_from(H)] += self.alpha * np.tile(self.penalised[:, 0], m)
        return H

    def curvature_bound(self):
        r"""An upper bound on the Hessian's largest eigenvalue, for gradient descent.

        :math:`S_i \preceq \frac14` for the sigmoid and :math:`\preceq \frac12 I`
        for the softmax, so :math:`\lambda_{max} \le c\,\lambda_{max}(A^\top
        \mathrm{diag}(v) A/V) + \alpha`. Infinite when the features are too
        large for that matrix to be computed in floating point.
        """
        c = 0.25 if self.m == 1 else 0.5
        with np.errstate(over="ignore", invalid="ignore"):
            M = self.A.T @ (self.A * self.v[:, None]) / self.V
        if not np.all(np.isfinite(M)):
            return np.inf
        return c * np.linalg.eigvalsh(M)[-1] + self.alpha * float(self.penalised.max())


class LogisticRegression(ClassifierMixin, BaseEstimator):
    r"""Logistic regression, binary or multinomial, by Newton's method or gradient descent.

    Models the probability of each class as a sigmoid (two classes) or a
    softmax (three or more) of linear scores, and fits the weights by
    minimising scikit-learn's objective: the summed log-loss, times ``C``,
    plus half the squared norm of the weights. The "newton" solver takes a
    few large steps, each using the curvature of the loss; the "gd" solver
    takes many small ones down the gradient. Each iteration is one step of
    ``fit_steps``, so the boundary can be watched as it moves.

    Parameters
    ----------
    penalty : {"l2", None}, default="l2"
        "l2": penalise :math:`\frac12\lVert W\rVert^2` (not the
        intercept). None: no penalty, the same as ``C=np.inf`` (which is how
        scikit-learn 1.8 and later spell it; both work here).
    C : float, default=1.0
        Inverse strength of the penalty, as in scikit-learn: smaller ``C``,
        stronger penalty, smaller weights. Must be positive; ``np.inf``
        removes the penalty.
    fit_intercept : bool, default=True
        Whether to fit the intercepts :math:`b` (never penalised).
    class_weight : dict, "balanced" or None, default=None
        How much each class counts in the loss: the log-loss of a sample of
        class :math:`c` is multiplied by its weight (on top of the sample's
        own ``sample_weight``). None: 1 for every class. A dict maps labels
        to weights (missing classes weigh 1). "balanced":
        :math:`V / (K\, V_c)`, with :math:`V_c` the summed ``sample_weight``
        of class :math:`c` (its number of samples without weights) and
        :math:`V` that of all samples, as scikit-learn, so that every class
        carries the same total weight.
    solver : {"newton", "gd"}, default="newton"
        "newton": Newton's method with the full Hessian and a backtracking
        line search, from :math:`W = 0, b = 0`; a handful of iterations.
        "gd": batch gradient descent with
        :class:`~skratch.optim.GradientDescent`, from the same start.
        scikit-learn's solvers ("lbfgs", "liblinear", ...) are not
        implemented.
    max_iter : int, default=100
        Most iterations (Newton steps or gradient steps). Gradient descent
        usually needs more than the default.
    tol : float, default=1e-4
        When to stop. "newton": after a step that moved no parameter by more
        than ``tol`` (the Newton step estimates the distance to the minimum,
        and the error after a step that small is of the order of its
        square). "gd": when every entry of the gradient of the scaled
        objective :math:`L` (Notes) is at most ``tol`` in absolute value,
        the scaling and the test of scikit-learn's "lbfgs" solver.
    learning_rate : float, default=0.5
        Step size :math:`\eta` of gradient descent ("gd" only). Steps are
        stable for :math:`\eta < 2/\lambda_{max}`, with :math:`\lambda_{max}`
        the largest eigenvalue of the Hessian; on standardised features the
        default is usually safe. A diverging rate stops training with a
        :class:`~skratch.exceptions.ConvergenceWarning` that gives a safe
        rate for the data.
    random_state : None, int or Generator, default=None
        Unused: both solvers are deterministic. Accepted so that code
        written for scikit-learn (whose "lbfgs" ignores it too) runs
        unchanged.
    warm_start : bool, default=False
        Start training from the ``coef_`` and ``intercept_`` of the previous
        fit instead of zeros (the data must have the same number of features
        and classes). The minimum reached is the same; it may take fewer
        iterations to get there.
    n_jobs : int or None, default=None
        Accepted for compatibility with scikit-learn, where it sets how many
        processes fit the classes in parallel; Skratch fits on one core, so
        it changes nothing.
    verbose : int, default=0
        Accepted for compatibility with scikit-learn, where it prints
        progress; it changes nothing here: ``fit_steps`` is the training log,
        one step with its caption per stage.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted (``np.unique`` of ``y``).
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        The weights: one row, for ``classes_[1]``, with two classes; one row
        per class with more.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The intercepts (zeros when ``fit_intercept=False``).
    n_iter_ : ndarray of shape (1,)
        Iterations run, as in scikit-learn.
    loss_ : float
        The objective :math:`L` (Notes) at the end of training.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it was a DataFrame with string
        column names; ``predict`` and the other methods then refuse data
        whose columns are named otherwise or ordered differently.

    See Also
    --------
    sklearn.linear_model.LogisticRegression : the same model and objective.

    Notes
    -----
    **Model.** With two classes the score :math:`z = x^\top w + b` gives
    :math:`P(y = c_1 \mid x) = \sigma(z) = 1/(1 + e^{-z})`, where
    :math:`c_1` is ``classes_[1]``.
    With :math:`K \ge 3` classes each has its own score
    :math:`z_k = x^\top w_k + b_k`, and the probabilities are their softmax,
    :math:`p_k = e^{z_k} / \sum_j e^{z_j}` (the multinomial model, as
    scikit-learn fits for more than two classes).

    **Objective.** scikit-learn minimises
    :math:`C \sum_{i=1}^n v_i \ell_i + \frac12 \lVert W \rVert^2`, with the
    log-loss :math:`\ell_i = -\log p_{y_i}(x_i)`, :math:`W` the
    weights without the intercepts and :math:`v_i` the weight of sample
    :math:`i`: its ``sample_weight`` times the ``class_weight`` of its class
    (1 without either). Dividing by :math:`VC`, with :math:`V = \sum_i v_i`
    (:math:`n` without weights), changes nothing about the minimiser and
    gives a loss per unit of weight, which is what the steps report:

    .. math::

        L(W, b) = \frac{1}{V}\sum_{i=1}^{n} v_i \ell_i
                  + \frac{\alpha}{2}\lVert W\rVert^2,
        \qquad \alpha = \frac{1}{VC}

    (:math:`\alpha = 0` without a penalty). An integer weight :math:`v_i`
    is therefore the same as :math:`v_i` copies of the sample, and a weight
    of 0 the same as leaving it out. The log-losses are computed
    without overflow: :math:`\ell = \log(1 + e^{z}) - yz` through
    ``logaddexp``, and the softmax through the log-sum-exp shift
    :math:`\log\sum_j e^{z_j} = z_{max} + \log\sum_j e^{z_j - z_{max}}`.

    **Gradient.** Append a column of ones to :math:`X` (when there is an
    intercept) to get :math:`A`, stack :math:`W` and :math:`b` in
    :math:`\Theta`, so the scores are :math:`Z = A\Theta`. With :math:`P`
    the predicted probabilities and :math:`Y` the one-hot labels (for two
    classes, one column: the indicator of ``classes_[1]``) and
    :math:`D_v = \mathrm{diag}(v_1, \dots, v_n)`,

    .. math::

        \nabla_\Theta L = \frac{1}{V} A^\top D_v (P - Y) + \alpha \begin{bmatrix} W \\ 0 \end{bmatrix}

    (the intercepts' row of the penalty term is zero: they are not penalised).

    **Hessian.** Sample :math:`i` adds :math:`v_i S_i \otimes a_i a_i^\top / V`
    with :math:`S_i = \mathrm{diag}(p_i) - p_i p_i^\top` (for one sigmoid
    output, :math:`p_i(1-p_i)`): the block of classes :math:`(k, l)` is
    :math:`\frac1V A^\top \mathrm{diag}(v_i p_{ik}(\delta_{kl} - p_{il}))A`,
    plus :math:`\alpha I` on the weights' diagonal. :math:`L` is convex.

    **Newton's method** solves :math:`H d = \nabla L` and steps
    :math:`\Theta \leftarrow \Theta - t d`, halving :math:`t` from 1
    until the loss falls by at least :math:`10^{-4}\,t\,\nabla L^\top d`
    (Armijo's rule), so it converges from any start; near the minimum the
    full step is taken and the error squares at each step. The softmax is
    unchanged when the same vector is added to every class's
    :math:`(w_k, b_k)`, so with more than two classes :math:`H` is singular
    along those shifts (always for the intercepts; for the weights too
    without a penalty). The gradient has no component along them, and the
    step is the minimum-norm solution of :math:`H d = \nabla L` (a
    least-squares solve), which does not move along them (what rounding
    lets in is projected out: with extreme class weights the Hessian is
    nearly singular in other directions too, and the step would drift along
    the shifts, where the loss is flat): from the zero start
    the intercepts, and the weights of each feature, keep summing to zero
    over the classes, the symmetric solution scikit-learn also returns.

    Newton's method is unchanged by a rescaling of the parameters (its
    iterates in :math:`s_j w_j` are :math:`s_j` times those in :math:`w_j`),
    so it works on features divided by a power of two :math:`s_j` that
    brings them within :math:`[-1, 1]` (features already there are left
    alone), with the penalty written :math:`\frac{\alpha}{2}\sum_j (s_j
    w_j)^2 / s_j^2`. The iterates are the same; only the arithmetic is
    safer: features near :math:`10^{300}` would overflow the Hessian.
    Gradient descent depends on the scale and is run on the features as
    given.

    **Gradient descent** steps :math:`\Theta \leftarrow \Theta - \eta\nabla L`
    (:class:`~skratch.optim.GradientDescent`), in the loop of
    :func:`skratch.optim.gradient_descent` that LinearRegression and Ridge
    share. The loss and the gradient at a point come from one computation of
    the scores :math:`Z = A\Theta`: with :math:`e = e^{-|z|}`, which never
    overflows, :math:`\log(1 + e^z) = \max(z, 0) + \log(1 + e)` and
    :math:`\sigma(z) = e^{\min(z, 0)} / (1 + e)`.

    ``fit_steps`` yields an "init" step (all weights zero: every class
    equally likely; with ``warm_start``, the previous fit's weights), then
    one "newton" or "gradient" step per iteration,
    whose state holds ``coef`` and ``intercept`` (in the layout of
    ``coef_`` and ``intercept_``), the ``gradient`` and
    ``intercept_gradient`` at the previous point (the ones that moved them),
    the mean ``log_loss`` without the penalty, and for Newton the
    ``step_size`` :math:`t`. A step's loss is :math:`L`.

    References
    ----------
    .. [1] T. Hastie, R. Tibshirani and J. Friedman, *The Elements of
       Statistical Learning*, 2nd ed., Springer, 2009, section 4.4 (logistic
       regression fitted by Newton's method).
    .. [2] S. Boyd and L. Vandenberghe, *Convex Optimization*, Cambridge
       University Press, 2004, sections 9.2-9.5 (backtracking line search,
       gradient descent, Newton's method).
    .. [3] scikit-learn user guide, "Logistic regression",
       https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import LogisticRegression
    >>> X = np.array([[0.5], [1.0], [1.5], [2.0], [2.5], [3.0], [3.5], [4.0]])
    >>> y = np.array(["fail", "fail", "fail", "pass", "fail", "pass", "pass", "pass"])
    >>> clf = LogisticRegression().fit(X, y)
    >>> clf.classes_, clf.n_iter_
    (array(['fail', 'pass'], dtype='<U4'), array([4]))
    >>> clf.coef_.round(4), clf.intercept_.round(4)
    (array([[1.1094]]), array([-2.4961]))
    >>> clf.predict([[1.0], [3.0]])
    array(['fail', 'pass'], dtype='<U4')
    >>> clf.predict_proba([[2.0]]).round(3)
    array([[0.569, 0.431]])
    >>> for step in LogisticRegression().fit_steps(X, y):
    ...     print(step.message)
    start at w = 0, b = 0: every class has probability 1/2, loss 0.6931
    Newton step 1: w = [0.9655], b = -2.172, loss 0.69315 → 0.47012
    Newton step 2: w = [1.104], b = -2.484, loss 0.47012 → 0.46688
    Newton step 3: w = [1.109], b = -2.496, loss 0.46688 → 0.46688
    Newton step 4: w = [1.109], b = -2.496, loss 0.46688 → 0.46688
    >>> gd = LogisticRegression(solver="gd", max_iter=1000).fit(X, y)
    >>> gd.n_iter_, gd.coef_.round(2), gd.intercept_.round(2)
    (array([326]), array([[1.11]]), array([-2.49]))
    """

    def __init__(self, penalty="l2", *, C=1.0, fit_intercept=True, class_weight=None,
                 solver="newton", max_iter=100, tol=1e-4, learning_rate=0.5,
                 random_state=None, warm_start=False, n_jobs=None, verbose=0):
        self.penalty = penalty
        self.C = C
        self.fit_intercept = fit_intercept
        self.class_weight = class_weight
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.learning_rate = learning_rate
        self.random_state = random_state
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.verbose = verbose

    _parameter_constraints = {
        "penalty": [Options("l2", hint="An L1 penalty is not implemented."), None],
        "C": [Interval(Real, 0, None, closed="right")],
        "fit_intercept": ["boolean"],
        "class_weight": [dict, Options("balanced"), None],
        "solver": [Options("newton", "gd", hint=(
            "scikit-learn's other solvers are not implemented here; 'newton' reaches "
            "the same minimum."))],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Interval(Integral, None, None, closed="neither")],
        "verbose": ["verbose"],
    }

    # -- training -------------------------------------------------------------

    def fit(self, X, y, sample_weight=None):
        """Fit the model: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (numbers or strings); at least two classes.
        sample_weight : array-like of shape (n_samples,), float or None, default=None
            Weight :math:`v_i` of each sample in the loss (see Notes); None
            weighs every sample 1.

        Returns
        -------
        self
        """
        # Named here, not left to **fit_params, so that scikit-learn (which
        # reads fit's signature) sees that the model takes sample weights.
        return super().fit(X, y, sample_weight=sample_weight)

    def fit_steps(self, X, y=None, sample_weight=None):
        """Fit the model, yielding a :class:`~skratch.Step` per iteration.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (numbers or strings); at least two classes.
        sample_weight : array-like of shape (n_samples,), float or None, default=None
            Weight of each sample in the loss; None weighs every sample 1.

        Yields
        ------
        Step
            "init", then one "newton" or "gradient" step per iteration.
        """
        previous = self._previous_fit()
        X, y = validate_data(self, X, y, reset=True, y_required=True)
        check_classification_targets(y)
        X = X.astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        sample_weight = check_sample_weight(sample_weight, X, dtype=np.float64)
        classes, y_index = np.unique(y, return_inverse=True)
        if classes.size < 2:
            raise ValueError(
                "LogisticRegression needs samples of at least 2 classes in the data, "
                f"but the data contains only one class: {classes.tolist()[0]!r}."
            )
        v = sample_weight * self._class_weights(classes, y_index, sample_weight)[y_index]
        weighted = classes[np.bincount(y_index, weights=v, minlength=classes.size) > 0]
        if weighted.size < 2:
            left = f"only class {weighted.tolist()[0]!r}" if weighted.size else "no class"
            raise ValueError(
                "LogisticRegression needs samples of at least 2 classes with a positive "
                f"weight, but sample_weight and class_weight leave {left} with any weight."
            )
        self.classes_ = classes
        if classes.size == 2:
            Y = (y_index == 1).astype(np.float64)[:, None]
        else:
            Y = np.eye(classes.size)[y_index]
        A = np.hstack([X, np.ones((n_samples, 1))]) if self.fit_intercept else X
        unpenalised = self.penalty is None or np.isinf(self.C)
        alpha = 0.0 if unpenalised else 1.0 / (float(v.sum()) * float(self.C))
        scale = None
        if self.solver == "newton":
            # Newton's iterates do not depend on the scale of the features
            # (Notes): scaling large ones to [-1, 1] keeps the Hessian finite.
            scale = np.append(_power_of_two_scale(X), np.ones(A.shape[1] - n_features))
        objective = _LogisticLoss(A, Y, alpha, self.fit_intercept, sample_weight=v,
                                  scale=scale)

        Theta = np.zeros((A.shape[1], Y.shape[1]))
        if previous is not None:
            Theta = objective.rescale(self._start_from(previous, Theta.shape))
        loss = objective.value(Theta)
        log_loss = loss - objective.penalty(Theta)
        self._set_params_from(objective.unscale(Theta))
        self.n_iter_ = np.array([0])
        self.loss_ = loss
        if previous is None:
            message = (f"start at w = 0, b = 0: every class has probability "
                       f"1/{classes.size}, loss {loss:.4g}")
        else:
            message = (f"start from the previous fit (warm_start): {self._describe()}, "
                       f"loss {loss:.4g}")
        yield Step(
            index=0, kind="init", message=message, loss=loss,
            state={"coef": self.coef_, "intercept": self.intercept_, "log_loss": log_loss},
        )
        if self.solver == "newton":
            yield from self._newton(objective, Theta, loss)
        else:
            yield from self._gradient_descent(objective, Theta)

    def _class_weights(self, classes, y_index, sample_weight):
        """The weight of each class, ``class_weight`` resolved on this data."""
        if isinstance(self.class_weight, str) and self.class_weight == "balanced":
            # As scikit-learn's LogisticRegression: the classes' sizes are
            # their summed sample weights, V_c, and class c weighs V / (K V_c).
            sizes = np.bincount(y_index, weights=sample_weight, minlength=classes.size)
            if np.any(sizes == 0):
                raise ValueError(
                    "class_weight='balanced' needs every class to have a positive total "
                    f"sample_weight; class {classes[np.argmax(sizes == 0)]!r} has none."
                )
            return sizes.sum() / (classes.size * sizes)
        return compute_class_weight(self.class_weight, classes=classes,
                                    y=classes[y_index])

    def _previous_fit(self):
        """(coef_, intercept_) to warm start from, or None."""
        if not self.warm_start or not hasattr(self, "coef_"):
            return None
        return self.coef_.copy(), self.intercept_.copy()

    def _start_from(self, previous, shape):
        """Theta (weights rows, then the intercept row) from a previous fit's parameters."""
        coef, intercept = previous
        n_outputs, n_features = shape[1], self.n_features_in_
        if coef.shape != (n_outputs, n_features):
            raise ValueError(
                f"warm_start=True, but the previous fit's coef_ has shape {coef.shape} "
                f"and this data needs {(n_outputs, n_features)} ({len(self.classes_)} "
                f"classes, {n_features} features). Fit with warm_start=False, or on "
                "data with the same features and classes."
            )
        Theta = np.zeros(shape)
        Theta[:n_features] = coef.T
        if self.fit_intercept:
            Theta[n_features] = intercept
        return Theta

    def _newton(self, objective, Theta, loss):
        p, m = Theta.shape
        G = objective.gradient(Theta)
        for iteration in range(1, self.max_iter + 1):
            H = objective.hessian(Theta)
            # Parameters flattened class by class, matching the Hessian's blocks.
            g = G.T.ravel()
            d = np.linalg.lstsq(H, g, rcond=None)[0]
            D = d.reshape(m, p).T
            if m > 1:
                D = objective.without_shift(D)
                d = D.T.ravel()
            decrease = float(g @ d)
            t = 1.0
            while True:
                trial = Theta - t * D
                new_loss, new_G = objective.value_and_gradient(trial)
                if new_loss <= loss - _ARMIJO * t * decrease:
                    break
                t /= 2
                if t < _SMALLEST_STEP:
                    warn_convergence(self._not_converged_message(
                        f"the line search found no decrease after {iteration - 1} "
                        "iterations (the loss is flat to machine precision)",
                        "the Newton step's largest entry is "
                        f"{np.max(np.abs(objective.unscale(D))):.3g}",
                        "set tol > 0"))
                    return
            Theta, previous_G, G, previous_loss, loss = trial, G, new_G, loss, new_loss
            self._set_params_from(objective.unscale(Theta))
            self.n_iter_ = np.array([iteration])
            self.loss_ = loss
            step_note = "" if t == 1 else f" (step size {t:g})"
            yield Step(
                index=iteration, kind="newton",
                message=(f"Newton step {iteration}: {self._describe()}, "
                         f"loss {previous_loss:.5g} → {loss:.5g}{step_note}"),
                loss=loss,
                state={"coef": self.coef_, "intercept": self.intercept_,
                       **self._gradient_state(objective.unscale_gradient(previous_G)),
                       "log_loss": loss - objective.penalty(Theta), "step_size": t},
            )
            # The Newton step estimates the distance to the minimum, and once
            # it is small the error after it is of the order of its square
            # (measured on the parameters themselves, not the rescaled ones).
            largest_move = t * np.max(np.abs(objective.unscale(D)))
            if largest_move <= self.tol:
                return
        warn_convergence(self._not_converged_message(
            f"max_iter={self.max_iter} was reached",
            f"the last step moved a parameter by {largest_move:.3g} > tol={self.tol}",
            "increase max_iter"))

    def _gradient_descent(self, objective, Theta):
        descent = gradient_descent(
            objective, Theta, GradientDescent(learning_rate=self.learning_rate),
            max_iter=self.max_iter, tol=self.tol, norm=np.inf,
            diverged_message=lambda iteration, start_loss, loss: self._diverged_message(
                objective, iteration, start_loss, loss),
            not_converged_message=lambda largest_entry: self._not_converged_message(
                f"max_iter={self.max_iter} was reached",
                f"the largest gradient entry is {largest_entry:.3g} > tol={self.tol}",
                "increase max_iter or learning_rate, standardise the features, "
                "or use solver='newton'"))
        for step in descent:
            self._set_params_from(step.params)
            self.n_iter_ = np.array([step.index])
            self.loss_ = step.loss
            yield Step(
                index=step.index, kind="gradient",
                message=(f"iteration {step.index}: {self._describe()}, "
                         f"loss {step.previous_loss:.5g} → {step.loss:.5g}"),
                loss=step.loss,
                state={"coef": self.coef_, "intercept": self.intercept_,
                       **self._gradient_state(step.gradient),
                       "log_loss": step.loss - objective.penalty(step.params)},
            )

    def _not_converged_message(self, reason, detail, advice):
        note = ""
        if self.penalty is None or np.isinf(self.C):
            note = (" Without a penalty, classes that a hyperplane separates have no "
                    "finite solution: the weights grow for ever (use penalty='l2').")
        return (f"LogisticRegression (solver={self.solver!r}) did not converge: {reason}; "
                f"{detail}. Try to {advice}.{note}")

    def _diverged_message(self, objective, iteration, start_loss, loss):
        safe = 2.0 / objective.curvature_bound()
        if safe > 0:
            advice = (f"Use a smaller learning_rate: on this data steps below {safe:.3g} "
                      "are always stable; or standardise the features.")
        else:
            advice = ("The features are too large for gradient descent in floating point "
                      f"(|x| up to {np.max(np.abs(objective.A)):.3g}): standardise them "
                      "(StandardScaler), or use solver='newton'.")
        return (f"Gradient descent diverged with learning_rate={self.learning_rate}: the "
                f"loss grew from {start_loss:.4g} to {loss:.4g} by iteration {iteration}. "
                + advice)

    def _set_params_from(self, Theta):
        r"""Expose :math:`\Theta` (weights rows, then the intercept row) in sklearn's layout."""
        d = self.n_features_in_
        self.coef_ = Theta[:d].T.copy()
        self.intercept_ = Theta[d].copy() if self.fit_intercept else np.zeros(Theta.shape[1])

    def _gradient_state(self, G):
        d = self.n_features_in_
        intercept_gradient = G[d] if self.fit_intercept else np.zeros(G.shape[1])
        return {"gradient": G[:d].T, "intercept_gradient": intercept_gradient}

    def _describe(self):
        """The current parameters, short enough for a caption."""
        if self.coef_.shape[0] == 1:
            return f"w = {_fmt(self.coef_[0])}, b = {_fmt(self.intercept_[0])}"
        return f"‖W‖ = {np.linalg.norm(self.coef_):.4g}"

    # -- prediction -----------------------------------------------------------

    def decision_function(self, X):
        r"""The scores :math:`XW^\top + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_classes)
            With two classes, one score per sample: positive means
            ``classes_[1]`` (the log-odds of that class).
        """
        X = check_fitted_input(self, X, ["coef_", "intercept_", "classes_"])
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_log_proba(self, X):
        """Log of the class probabilities, computed without overflow.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            # log sigma(z) = -log(1 + e^-z), log(1 - sigma(z)) = -log(1 + e^z).
            return -np.logaddexp(0.0, np.column_stack([scores, -scores]))
        return _log_softmax(scores)

    def predict_proba(self, X):
        """Class probabilities: the sigmoid (two classes) or softmax of the scores.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; each row sums to 1.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return np.column_stack([_sigmoid(-scores), _sigmoid(scores)])
        return np.exp(_log_softmax(scores))

    def predict(self, X):
        """The most probable class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]
