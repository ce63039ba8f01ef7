"""Logistic regression, binary and multinomial: Newton's method and gradient descent."""

from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import warn_convergence
from ..optim import GradientDescent
from ..steps import Step
from ..utils.validation import (
    check_array,
    check_classification_targets,
    check_is_fitted,
    check_n_features,
    check_X_y,
)
from ._base import _fmt

__all__ = ["LogisticRegression"]

_SOLVERS = ("newton", "gd")
_PENALTIES = ("l2", None)

# Gradient descent is declared diverged once the loss exceeds its starting
# value by this factor (as for LinearRegression).
_DIVERGENCE_FACTOR = 1e6
# Armijo's sufficient-decrease constant, and the smallest Newton step tried
# before the line search gives up (the loss no longer decreases in floating
# point: we are at the minimum to machine precision).
_ARMIJO = 1e-4
_SMALLEST_STEP = 2.0 ** -30


def _sigmoid(z):
    """:math:`\\sigma(z) = 1 / (1 + e^{-z})`, without overflow for large :math:`|z|`."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _log_softmax(Z):
    """:math:`z_k - \\log\\sum_j e^{z_j}` per row, through the log-sum-exp shift."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


class _LogisticLoss:
    """The training objective of logistic regression, its gradient and Hessian.

    Parameters are one array :math:`\\Theta` of shape (p, m): the weights
    :math:`W` (d rows) then, with an intercept, the intercepts :math:`b` (one
    more row). ``m = 1`` with the sigmoid (two classes), ``m = K`` with the
    softmax (K classes). ``A`` is ``X`` with a column of ones appended when
    there is an intercept, so the scores are :math:`Z = A\\Theta`.

    .. math::

        L(\\Theta) = \\frac{1}{n}\\sum_i \\ell_i + \\frac{\\alpha}{2}\\lVert W\\rVert^2,
        \\qquad \\alpha = \\frac{1}{nC}.
    """

    def __init__(self, A, Y, alpha, fit_intercept):
        self.A, self.Y, self.alpha = A, Y, alpha
        self.n, self.p = A.shape
        self.m = Y.shape[1]
        # 1 on the weights, 0 on the intercept row: the intercept is not penalised.
        self.penalised = np.ones((self.p, 1))
        if fit_intercept:
            self.penalised[-1] = 0.0

    def value(self, Theta):
        """The objective, the mean log-loss and the probabilities :math:`P` at ``Theta``."""
        Z = self.A @ Theta
        if self.m == 1:
            # -log p(y | x) = log(1 + e^z) - y z, with y in {0, 1}.
            log_loss = np.mean(np.logaddexp(0.0, Z) - self.Y * Z)
            P = _sigmoid(Z)
        else:
            log_P = _log_softmax(Z)
            log_loss = -np.sum(self.Y * log_P) / self.n
            P = np.exp(log_P)
        W = Theta * self.penalised
        return float(log_loss + 0.5 * self.alpha * np.sum(W * W)), float(log_loss), P

    def gradient(self, Theta, P):
        """:math:`\\nabla L = A^\\top (P - Y) / n + \\alpha W` (zero penalty on the intercept)."""
        return self.A.T @ (P - self.Y) / self.n + self.alpha * self.penalised * Theta

    def hessian(self, P):
        """The (pm × pm) Hessian, blocks of classes ``(k, l)``, each (p × p).

        Sample i contributes :math:`S_i \\otimes a_i a_i^\\top`, with
        :math:`S_i = \\mathrm{diag}(p_i) - p_i p_i^\\top` (for one sigmoid
        output, :math:`p_i(1 - p_i)`).
        """
        A, n, p, m = self.A, self.n, self.p, self.m
        H = np.empty((m * p, m * p))
        for k in range(m):
            for l in range(k, m):
                s = P[:, k] * ((k == l) - P[:, l])
                if k == l:
                    # s >= 0 here: A^T diag(s) A = B^T B with B = diag(sqrt(s)) A,
                    # a symmetric product that BLAS computes in half the time.
                    B = A * np.sqrt(s)[:, None]
                    block = B.T @ B / n
                else:
                    block = A.T @ (A * s[:, None]) / n
                H[k * p:(k + 1) * p, l * p:(l + 1) * p] = block
                H[l * p:(l + 1) * p, k * p:(k + 1) * p] = block.T
        H[np.diag_indices_from(H)] += self.alpha * np.tile(self.penalised[:, 0], m)
        return H

    def curvature_bound(self):
        """An upper bound on the Hessian's largest eigenvalue, for gradient descent.

        :math:`S_i \\preceq \\frac14` for the sigmoid and :math:`\\preceq \\frac12 I`
        for the softmax, so :math:`\\lambda_{max} \\le c\\,\\lambda_{max}(A^\\top A/n) + \\alpha`.
        """
        c = 0.25 if self.m == 1 else 0.5
        return c * np.linalg.eigvalsh(self.A.T @ self.A / self.n)[-1] + self.alpha


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Logistic regression, binary or multinomial, by Newton's method or gradient descent.

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
        "l2": penalise :math:`\\frac12\\lVert W\\rVert^2` (not the
        intercept). None: no penalty, the same as ``C=np.inf`` (which is how
        scikit-learn 1.8 and later spell it; both work here).
    C : float, default=1.0
        Inverse strength of the penalty, as in scikit-learn: smaller ``C``,
        stronger penalty, smaller weights. Must be positive; ``np.inf``
        removes the penalty.
    fit_intercept : bool, default=True
        Whether to fit the intercepts :math:`b` (never penalised).
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
        Step size :math:`\\eta` of gradient descent ("gd" only). Steps are
        stable for :math:`\\eta < 2/\\lambda_{max}`, with :math:`\\lambda_{max}`
        the largest eigenvalue of the Hessian; on standardised features the
        default is usually safe. A diverging rate stops training with a
        :class:`~skratch.exceptions.ConvergenceWarning` that gives a safe
        rate for the data.
    random_state : None, int or Generator, default=None
        Unused: both solvers are deterministic. Accepted so that code
        written for scikit-learn (whose "lbfgs" ignores it too) runs
        unchanged.

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

    See Also
    --------
    sklearn.linear_model.LogisticRegression : the same model and objective.

    Notes
    -----
    **Model.** With two classes the score :math:`z = x^\\top w + b` gives
    :math:`P(y = c_1 \\mid x) = \\sigma(z) = 1/(1 + e^{-z})`, where
    :math:`c_1` is ``classes_[1]``.
    With :math:`K \\ge 3` classes each has its own score
    :math:`z_k = x^\\top w_k + b_k`, and the probabilities are their softmax,
    :math:`p_k = e^{z_k} / \\sum_j e^{z_j}` (the multinomial model, as
    scikit-learn fits for more than two classes).

    **Objective.** scikit-learn minimises
    :math:`C \\sum_{i=1}^n \\ell_i + \\frac12 \\lVert W \\rVert^2`, with the
    log-loss :math:`\\ell_i = -\\log p_{y_i}(x_i)` and :math:`W` the
    weights without the intercepts. Dividing by :math:`nC` changes nothing
    about the minimiser and gives a loss per sample, which is what the steps
    report:

    .. math::

        L(W, b) = \\frac{1}{n}\\sum_{i=1}^{n} \\ell_i
                  + \\frac{\\alpha}{2}\\lVert W\\rVert^2,
        \\qquad \\alpha = \\frac{1}{nC}

    (:math:`\\alpha = 0` without a penalty). The log-losses are computed
    without overflow: :math:`\\ell = \\log(1 + e^{z}) - yz` through
    ``logaddexp``, and the softmax through the log-sum-exp shift
    :math:`\\log\\sum_j e^{z_j} = z_{max} + \\log\\sum_j e^{z_j - z_{max}}`.

    **Gradient.** Append a column of ones to :math:`X` (when there is an
    intercept) to get :math:`A`, stack :math:`W` and :math:`b` in
    :math:`\\Theta`, so the scores are :math:`Z = A\\Theta`. With :math:`P`
    the predicted probabilities and :math:`Y` the one-hot labels (for two
    classes, one column: the indicator of ``classes_[1]``),

    .. math::

        \\nabla_\\Theta L = \\frac{1}{n} A^\\top (P - Y) + \\alpha \\begin{bmatrix} W \\\\ 0 \\end{bmatrix}

    (the intercepts' row of the penalty term is zero: they are not penalised).

    **Hessian.** Sample :math:`i` adds :math:`S_i \\otimes a_i a_i^\\top / n`
    with :math:`S_i = \\mathrm{diag}(p_i) - p_i p_i^\\top` (for one sigmoid
    output, :math:`p_i(1-p_i)`): the block of classes :math:`(k, l)` is
    :math:`\\frac1n A^\\top \\mathrm{diag}(p_{ik}(\\delta_{kl} - p_{il}))A`,
    plus :math:`\\alpha I` on the weights' diagonal. :math:`L` is convex.

    **Newton's method** solves :math:`H d = \\nabla L` and steps
    :math:`\\Theta \\leftarrow \\Theta - t d`, halving :math:`t` from 1
    until the loss falls by at least :math:`10^{-4}\\,t\\,\\nabla L^\\top d`
    (Armijo's rule), so it converges from any start; near the minimum the
    full step is taken and the error squares at each step. The softmax is
    unchanged when the same vector is added to every class's
    :math:`(w_k, b_k)`, so with more than two classes :math:`H` is singular
    along those shifts (always for the intercepts; for the weights too
    without a penalty). The gradient has no component along them, and the
    step is the minimum-norm solution of :math:`H d = \\nabla L` (a
    least-squares solve), which never moves along them: from the zero start
    the intercepts, and the weights of each feature, keep summing to zero
    over the classes, the symmetric solution scikit-learn also returns.

    **Gradient descent** steps :math:`\\Theta \\leftarrow \\Theta - \\eta\\nabla L`.

    ``fit_steps`` yields an "init" step (all weights zero: every class
    equally likely), then one "newton" or "gradient" step per iteration,
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

    def __init__(self, penalty="l2", *, C=1.0, fit_intercept=True, solver="newton",
                 max_iter=100, tol=1e-4, learning_rate=0.5, random_state=None):
        self.penalty = penalty
        self.C = C
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.learning_rate = learning_rate
        self.random_state = random_state

    def _validate_params(self):
        if self.solver not in _SOLVERS:
            hint = (" (scikit-learn's solvers are not implemented here; 'newton' "
                    "reaches the same minimum)") if isinstance(self.solver, str) else ""
            raise ValueError(
                f"Unknown solver={self.solver!r} for LogisticRegression; choose one "
                f"of {_SOLVERS}{hint}."
            )
        if self.penalty not in _PENALTIES:
            raise ValueError(
                f"penalty={self.penalty!r} is not supported by LogisticRegression; "
                "choose 'l2' or None (an L1 penalty is not implemented)."
            )
        if not (isinstance(self.C, Real) and not isinstance(self.C, bool) and self.C > 0):
            raise ValueError(f"C must be a positive number (np.inf for no penalty), "
                             f"got {self.C!r}.")
        if not (isinstance(self.max_iter, Integral) and not isinstance(self.max_iter, bool)
                and self.max_iter >= 1):
            raise ValueError(f"max_iter must be an integer >= 1, got {self.max_iter!r}.")
        if not (isinstance(self.tol, Real) and self.tol >= 0):
            raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")
        if self.solver == "gd" and not (isinstance(self.learning_rate, Real)
                                        and self.learning_rate > 0):
            raise ValueError(
                f"learning_rate must be a positive number, got {self.learning_rate!r}."
            )

    # -- training -------------------------------------------------------------

    def fit_steps(self, X, y=None):
        """Fit the model, yielding a :class:`~skratch.Step` per iteration.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels (numbers or strings); at least two classes.

        Yields
        ------
        Step
            "init", then one "newton" or "gradient" step per iteration.
        """
        self._validate_params()
        X, y = check_X_y(X, y)
        check_classification_targets(y)
        X = X.astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        classes, y_index = np.unique(y, return_inverse=True)
        if classes.size < 2:
            raise ValueError(
                "LogisticRegression needs samples of at least 2 classes in the data, "
                f"but the data contains only one class: {classes.tolist()[0]!r}."
            )
        self.n_features_in_ = n_features
        self.classes_ = classes
        if classes.size == 2:
            Y = (y_index == 1).astype(np.float64)[:, None]
        else:
            Y = np.eye(classes.size)[y_index]
        A = np.hstack([X, np.ones((n_samples, 1))]) if self.fit_intercept else X
        unpenalised = self.penalty is None or np.isinf(self.C)
        alpha = 0.0 if unpenalised else 1.0 / (n_samples * float(self.C))
        objective = _LogisticLoss(A, Y, alpha, self.fit_intercept)

        Theta = np.zeros((A.shape[1], Y.shape[1]))
        loss, log_loss, P = objective.value(Theta)
        self._set_params_from(Theta)
        self.n_iter_ = np.array([0])
        self.loss_ = loss
        yield Step(
            index=0, kind="init",
            message=(f"start at w = 0, b = 0: every class has probability "
                     f"1/{classes.size}, loss {loss:.4g}"),
            loss=loss,
            state={"coef": self.coef_, "intercept": self.intercept_, "log_loss": log_loss},
        )
        if self.solver == "newton":
            yield from self._newton(objective, Theta, loss, P)
        else:
            yield from self._gradient_descent(objective, Theta, loss, P)

    def _newton(self, objective, Theta, loss, P):
        p, m = Theta.shape
        for iteration in range(1, self.max_iter + 1):
            G = objective.gradient(Theta, P)
            H = objective.hessian(P)
            # Parameters flattened class by class, matching the Hessian's blocks.
            g = G.T.ravel()
            d = np.linalg.lstsq(H, g, rcond=None)[0]
            D = d.reshape(m, p).T
            decrease = float(g @ d)
            t = 1.0
            while True:
                new_loss, log_loss, new_P = objective.value(Theta - t * D)
                if new_loss <= loss - _ARMIJO * t * decrease:
                    break
                t /= 2
                if t < _SMALLEST_STEP:
                    self._warn_not_converged(
                        f"the line search found no decrease after {iteration - 1} "
                        "iterations (the loss is flat to machine precision)",
                        f"the Newton step's largest entry is {np.max(np.abs(D)):.3g}",
                        "set tol > 0")
                    return
            Theta, P, previous_loss, loss = Theta - t * D, new_P, loss, new_loss
            self._set_params_from(Theta)
            self.n_iter_ = np.array([iteration])
            self.loss_ = loss
            step_note = "" if t == 1 else f" (step size {t:g})"
            yield Step(
                index=iteration, kind="newton",
                message=(f"Newton step {iteration}: {self._describe()}, "
                         f"loss {previous_loss:.5g} → {loss:.5g}{step_note}"),
                loss=loss,
                state={"coef": self.coef_, "intercept": self.intercept_,
                       **self._gradient_state(G), "log_loss": log_loss, "step_size": t},
            )
            # The Newton step estimates the distance to the minimum, and once
            # it is small the error after it is of the order of its square.
            largest_move = t * np.max(np.abs(D))
            if largest_move <= self.tol:
                return
        self._warn_not_converged(
            f"max_iter={self.max_iter} was reached",
            f"the last step moved a parameter by {largest_move:.3g} > tol={self.tol}",
            "increase max_iter")

    def _gradient_descent(self, objective, Theta, loss, P):
        optimizer = GradientDescent(learning_rate=self.learning_rate)
        start_loss = loss
        for iteration in range(1, self.max_iter + 1):
            G = objective.gradient(Theta, P)
            if np.max(np.abs(G)) <= self.tol:
                return
            Theta_new = optimizer.step(Theta, G)
            with np.errstate(over="ignore", invalid="ignore"):
                new_loss, log_loss, P_new = objective.value(Theta_new)
            if not np.isfinite(new_loss):
                self._warn_diverged(objective, iteration, start_loss, new_loss)
                return
            Theta, P, previous_loss, loss = Theta_new, P_new, loss, new_loss
            self._set_params_from(Theta)
            self.n_iter_ = np.array([iteration])
            self.loss_ = loss
            yield Step(
                index=iteration, kind="gradient",
                message=(f"iteration {iteration}: {self._describe()}, "
                         f"loss {previous_loss:.5g} → {loss:.5g}"),
                loss=loss,
                state={"coef": self.coef_, "intercept": self.intercept_,
                       **self._gradient_state(G), "log_loss": log_loss},
            )
            if loss > _DIVERGENCE_FACTOR * start_loss:
                self._warn_diverged(objective, iteration, start_loss, loss)
                return
        G = objective.gradient(Theta, P)
        if np.max(np.abs(G)) > self.tol:
            if loss > start_loss:
                self._warn_diverged(objective, self.max_iter, start_loss, loss)
            else:
                self._warn_not_converged(
                    f"max_iter={self.max_iter} was reached",
                    f"the largest gradient entry is {np.max(np.abs(G)):.3g} > tol={self.tol}",
                    "increase max_iter or learning_rate, standardise the features, "
                    "or use solver='newton'")

    def _warn_not_converged(self, reason, detail, advice):
        note = ""
        if self.penalty is None or np.isinf(self.C):
            note = (" Without a penalty, classes that a hyperplane separates have no "
                    "finite solution: the weights grow for ever (use penalty='l2').")
        warn_convergence(
            f"LogisticRegression (solver={self.solver!r}) did not converge: {reason}; "
            f"{detail}. Try to {advice}.{note}",
        )

    def _warn_diverged(self, objective, iteration, start_loss, loss):
        safe = 2.0 / objective.curvature_bound()
        warn_convergence(
            f"Gradient descent diverged with learning_rate={self.learning_rate}: the "
            f"loss grew from {start_loss:.4g} to {loss:.4g} by iteration {iteration}. "
            f"Use a smaller learning_rate: on this data steps below {safe:.3g} are "
            "always stable; or standardise the features.",
        )

    def _set_params_from(self, Theta):
        """Expose :math:`\\Theta` (weights rows, then the intercept row) in sklearn's layout."""
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
        """The scores :math:`XW^\\top + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_classes)
            With two classes, one score per sample: positive means
            ``classes_[1]`` (the log-odds of that class).
        """
        check_is_fitted(self, ["coef_", "intercept_", "classes_"])
        X = check_array(X)
        check_n_features(self, X)
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
