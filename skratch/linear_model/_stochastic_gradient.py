"""Stochastic gradient descent for linear models: SGDRegressor and SGDClassifier.

Batch gradient descent computes the gradient of the loss on the whole data
before each step. Stochastic gradient descent steps after every sample (or
every small mini-batch), using that sample's gradient as a cheap, noisy
estimate of the whole one, with a learning rate that may shrink as training
goes on. One pass over the data is an epoch.
"""

import itertools
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..exceptions import warn_convergence
from ..optim import GradientDescent
from ..steps import Step
from ..utils.validation import (
    check_array,
    check_classification_targets,
    check_is_fitted,
    check_n_features,
    check_random_state,
    check_X_y,
)
from ._base import _fmt

__all__ = ["SGDClassifier", "SGDRegressor"]


# -- losses -------------------------------------------------------------------
# Each maps predictions p and targets y (arrays of one mini-batch) to the loss
# of each sample and its derivative dL/dp. Classification targets are -1/+1
# and z = y p is the margin.

def _squared_error(p, y, epsilon):
    r = p - y
    return 0.5 * r * r, r


def _huber(p, y, epsilon):
    r = p - y
    near = np.abs(r) <= epsilon
    return (np.where(near, 0.5 * r * r, epsilon * np.abs(r) - 0.5 * epsilon * epsilon),
            np.where(near, r, epsilon * np.sign(r)))


def _epsilon_insensitive(p, y, epsilon):
    r = p - y
    excess = np.abs(r) - epsilon
    return np.maximum(excess, 0.0), np.where(excess > 0, np.sign(r), 0.0)


def _squared_epsilon_insensitive(p, y, epsilon):
    r = p - y
    excess = np.maximum(np.abs(r) - epsilon, 0.0)
    return excess * excess, 2.0 * np.sign(r) * excess


def _hinge(p, y, epsilon):
    z = y * p
    return np.maximum(1.0 - z, 0.0), np.where(z <= 1.0, -y, 0.0)


def _squared_hinge(p, y, epsilon):
    gap = np.maximum(1.0 - y * p, 0.0)
    return gap * gap, -2.0 * y * gap


def _log_loss(p, y, epsilon):
    z = y * p
    # log(1 + e^-z) and its derivative -y / (1 + e^z), without overflow.
    return np.logaddexp(0.0, -z), -y * np.exp(-np.logaddexp(0.0, z))


def _modified_huber(p, y, epsilon):
    z = y * p
    gap = np.maximum(1.0 - z, 0.0)
    linear = z < -1.0
    return (np.where(linear, -4.0 * z, gap * gap),
            np.where(linear, -4.0 * y, -2.0 * y * gap))


def _perceptron(p, y, epsilon):
    z = y * p
    return np.maximum(-z, 0.0), np.where(z <= 0.0, -y, 0.0)


_REGRESSION_LOSSES = {
    "squared_error": _squared_error,
    "huber": _huber,
    "epsilon_insensitive": _epsilon_insensitive,
    "squared_epsilon_insensitive": _squared_epsilon_insensitive,
}
_CLASSIFICATION_LOSSES = {
    "hinge": _hinge,
    "log_loss": _log_loss,
    "modified_huber": _modified_huber,
    "squared_hinge": _squared_hinge,
    "perceptron": _perceptron,
}
_PENALTIES = (None, "l2", "l1", "elasticnet")
_SCHEDULES = ("constant", "optimal", "invscaling", "adaptive")
# "adaptive" divides the learning rate by this when training stalls, and
# stops once the rate has fallen below the floor.
_ADAPTIVE_FACTOR = 5.0
_ADAPTIVE_FLOOR = 1e-6
# Bound on |dL/dp| of one sample, for the losses whose derivative grows
# without bound.
_MAX_DLOSS = 1e12
_UNBOUNDED_DERIVATIVE = ("squared_error", "squared_hinge", "squared_epsilon_insensitive")


# -- shared by SGD and the Perceptron ------------------------------------------

def _check_choice(name, value, choices):
    if not any(value is c or (isinstance(value, str) and value == c) for c in choices):
        raise ValueError(f"{name}={value!r} is not supported; choose one of {choices}.")


def _check_real(name, value, low, *, low_open=False, high=None):
    if not isinstance(value, Real) or isinstance(value, bool) or not np.isfinite(value):
        raise ValueError(f"{name} must be a real number, got {value!r}.")
    if value < low or (low_open and value == low) or (high is not None and value > high):
        bounds = f"{'(' if low_open else '['}{low}, {'inf)' if high is None else f'{high}]'}"
        raise ValueError(f"{name} must be in {bounds}, got {value!r}.")


def _check_int(name, value, low):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}.")


def _check_common_params(estimator):
    """The hyperparameters SGD and the Perceptron share."""
    _check_real("alpha", estimator.alpha, 0.0)
    if not isinstance(estimator.fit_intercept, (bool, np.bool_)):
        raise ValueError(f"fit_intercept must be True or False, got {estimator.fit_intercept!r}.")
    _check_int("max_iter", estimator.max_iter, 1)
    if estimator.tol is not None:
        _check_real("tol", estimator.tol, 0.0)
    if not isinstance(estimator.shuffle, (bool, np.bool_)):
        raise ValueError(f"shuffle must be True or False, got {estimator.shuffle!r}.")
    _check_int("n_iter_no_change", estimator.n_iter_no_change, 1)


def _one_vs_rest_targets(y, name):
    """The classes and, per binary problem, targets in {-1, +1}: shape (n_problems, n).

    Two classes make one problem (``classes[1]`` is +1); more make one
    "class k against the rest" problem per class.
    """
    check_classification_targets(y)
    classes, encoded = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError(
            f"{name} needs samples of at least 2 classes in the data, but the "
            f"data contain only 1 class: {classes[0]!r}."
        )
    if len(classes) == 2:
        return classes, np.where(encoded == 1, 1.0, -1.0)[None, :]
    return classes, np.where(encoded[None, :] == np.arange(len(classes))[:, None], 1.0, -1.0)


def _class_name(label):
    """A class label for a caption: 'setosa' for strings, 1 for numbers."""
    value = label.item() if isinstance(label, np.generic) else label
    return repr(value) if isinstance(value, str) else str(value)


def _count_stalled_epoch(run, epoch_loss, tol):
    """scikit-learn's stopping rule: count epochs whose loss is not below ``best - tol``.

    Updates ``run.best_loss`` and ``run.stalled`` (the number of consecutive
    epochs without that improvement). ``tol=None`` never stalls.
    """
    if tol is None:
        return
    if epoch_loss > run.best_loss - tol:
        run.stalled += 1
    else:
        run.stalled = 0
    run.best_loss = min(run.best_loss, epoch_loss)


class _LinearClassifierMixin:
    """decision_function and predict of a one-vs-rest linear classifier."""

    def decision_function(self, X):
        """Signed scores :math:`Xw + b`: positive for ``classes_[1]`` (binary).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) for two classes, else (n_samples, n_classes)
            For several classes, column ``k`` scores "class k against the rest".
        """
        check_is_fitted(self, ["coef_", "intercept_"])
        X = check_array(X)
        check_n_features(self, X)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Class of each sample: the sign of the score (binary) or the highest score.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels, with the dtype of ``classes_``.
        """
        scores = self.decision_function(X)
        chosen = (scores > 0).astype(int) if scores.ndim == 1 else np.argmax(scores, axis=1)
        return self.classes_[chosen]


# -- SGD ------------------------------------------------------------------------

@dataclass(eq=False)
class _Run:
    """One binary (or regression) problem in training: its parameters and progress."""

    y: np.ndarray                 # its targets
    theta: np.ndarray             # (w, b) packed in one array for the optimizer
    optimizer: GradientDescent
    eta: float                    # the rate of "constant" and "adaptive"
    t: int = 0                    # updates made so far
    best_loss: float = np.inf
    stalled: int = 0              # consecutive epochs without a gain of tol
    done: bool = False
    epoch_loss: float = np.nan    # mean sample loss during the last epoch
    note: str = ""                # what the stopping rule did, for the caption
    t0: float = 0.0               # the offset of the "optimal" schedule
    l1_budget: float = 0.0        # u of the cumulative L1 penalty
    l1_applied: np.ndarray = None  # q of the cumulative L1 penalty, per weight


class _BaseSGD(BaseEstimator):
    """Training loop shared by SGDRegressor and SGDClassifier."""

    _losses = {}

    def _validate_params(self):
        name = type(self).__name__
        _check_choice("loss", self.loss, tuple(self._losses))
        _check_choice("penalty", self.penalty, _PENALTIES)
        _check_common_params(self)
        if self.penalty == "elasticnet":
            _check_real("l1_ratio", self.l1_ratio, 0.0, high=1.0)
        _check_choice("learning_rate", self.learning_rate, _SCHEDULES)
        if self.learning_rate == "optimal" and self.alpha == 0:
            raise ValueError(f"{name}: alpha must be > 0 with learning_rate='optimal', "
                             "whose step size is 1 / (alpha (t0 + t)).")
        if self.learning_rate != "optimal":
            _check_real("eta0", self.eta0, 0.0, low_open=True)
        _check_real("power_t", self.power_t, 0.0)
        _check_real("epsilon", self.epsilon, 0.0)
        _check_int("batch_size", self.batch_size, 1)
        _check_choice("step_per", self.step_per, ("epoch", "batch"))

    def _penalty_strengths(self):
        """(alpha_2, alpha_1): the penalty is alpha_2/2 ||w||^2 + alpha_1 ||w||_1."""
        alpha = float(self.alpha)
        if self.penalty is None:
            return 0.0, 0.0
        if self.penalty == "l2":
            return alpha, 0.0
        if self.penalty == "l1":
            return 0.0, alpha
        return alpha * (1.0 - self.l1_ratio), alpha * self.l1_ratio

    def _first_rate(self):
        if self.learning_rate == "optimal":
            # Bottou's heuristic: the first step is the typical size of a
            # weight, alpha^(-1/4), and the rate decays as 1/(alpha t) from there.
            return float(self.alpha) ** -0.25
        return float(self.eta0)

    def _rate(self, run):
        """The learning rate of update number ``run.t`` (counted from 1)."""
        if self.learning_rate == "optimal":
            return 1.0 / (self.alpha * (run.t0 + run.t - 1))
        if self.learning_rate == "invscaling":
            return self.eta0 / run.t ** self.power_t
        return run.eta

    def fit_steps(self, X, y=None):
        """Fit the model, yielding a :class:`~skratch.Step` per epoch (or per mini-batch).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Yields
        ------
        Step
            "init" (all weights zero), then an "epoch" step after each pass
            over the data; with ``step_per="batch"`` also an "update" step
            after each mini-batch.
        """
        self._validate_params()
        X, Y = self._training_data(X, y)
        X = X.astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        self.n_features_in_ = n_features
        rng = check_random_state(self.random_state)
        eta = self._first_rate()
        t0 = 1.0 / (self.alpha * eta) if self.alpha > 0 else 0.0
        runs = [_Run(y=Y[k], theta=np.zeros(n_features + 1),
                     optimizer=GradientDescent(learning_rate=eta), eta=eta, t0=t0,
                     l1_applied=np.zeros(n_features))
                for k in range(len(Y))]
        counter = itertools.count()

        self._publish(runs)
        self.n_iter_ = 0
        objective = self._objective(X, runs)
        yield Step(index=next(counter), kind="init",
                   message=f"start at w = 0, b = 0: objective {objective:.4g}",
                   loss=objective, state=self._state(epoch=0))

        # The intercept's column: ones, or zeros without an intercept (then
        # its gradient is zero and b stays 0).
        A = np.column_stack([X, np.full(n_samples, 1.0 if self.fit_intercept else 0.0)])
        for epoch in range(1, self.max_iter + 1):
            order = rng.permutation(n_samples) if self.shuffle else np.arange(n_samples)
            A_epoch = A[order]
            for k, run in enumerate(runs):
                if run.done:
                    continue
                for update, rows, eta, batch_loss in self._one_pass(run, A_epoch, order, epoch):
                    self._publish(runs)
                    yield Step(index=next(counter), kind="update",
                               message=self._update_message(epoch, k, update, order[rows],
                                                            eta, batch_loss),
                               loss=self._objective(X, runs),
                               state=self._state(epoch=epoch, samples=order[rows],
                                                 visit=min(rows.stop, n_samples),
                                                 class_index=k, learning_rate=eta))
                self._end_epoch(run)
            self._publish(runs)
            self.n_iter_ = epoch
            objective = self._objective(X, runs)
            yield Step(index=next(counter), kind="epoch",
                       message=self._epoch_message(epoch, runs, objective),
                       loss=objective, state=self._state(epoch=epoch))
            if all(run.done for run in runs):
                break
        else:
            if self.tol is not None:
                warn_convergence(
                    f"{type(self).__name__} reached max_iter={self.max_iter} epochs "
                    f"before the loss stopped improving by tol={self.tol}; increase "
                    "max_iter, or standardise the features.",
                )

    def _one_pass(self, run, A_epoch, order, epoch):
        """One epoch of one problem: a gradient step per mini-batch, in ``order``.

        ``A_epoch`` holds the rows :math:`a_i = (x_i, 1)` in the epoch's
        order, so that :math:`f(x_i) = a_i^\\top \\theta` with
        :math:`\\theta = (w, b)`. Yields ``(update number, rows of A_epoch,
        eta, mean loss of the batch)`` after each update when steps are wanted
        per mini-batch.
        """
        n_samples = len(A_epoch)
        y_epoch = run.y[order]
        loss_function, epsilon = self._losses[self.loss], self.epsilon
        bounded = self.loss not in _UNBOUNDED_DERIVATIVE
        alpha_2, alpha_1 = self._penalty_strengths()
        batch_size = self.batch_size
        per_batch = self.step_per == "batch"
        sample_losses = np.empty(n_samples)
        penalty_sum = 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            for update, start in enumerate(range(0, n_samples, batch_size), start=1):
                rows = slice(start, start + batch_size)
                A_batch, y_batch = A_epoch[rows], y_epoch[rows]
                theta = run.theta
                losses, dloss = loss_function(A_batch @ theta, y_batch, epsilon)
                if not bounded:
                    # As scikit-learn: a run that blows up stays finite, so
                    # that it can still be watched and stopped.
                    dloss = np.minimum(np.maximum(dloss, -_MAX_DLOSS), _MAX_DLOSS)
                # The objective's terms of these samples, penalty included.
                sample_losses[rows] = losses
                if alpha_2 > 0 or alpha_1 > 0:
                    w = theta[:-1]
                    penalty_sum += len(losses) * (0.5 * alpha_2 * (w @ w)
                                                  + alpha_1 * np.abs(w).sum())
                # The mini-batch gradient: the mean of its samples' gradients,
                # plus the L2 part of the penalty (never on the intercept).
                grad = (dloss / len(dloss)) @ A_batch
                if alpha_2 > 0:
                    grad[:-1] += alpha_2 * theta[:-1]
                run.t += 1
                eta = self._rate(run)
                run.optimizer.learning_rate = eta
                run.theta = run.optimizer.step(theta, grad)
                if alpha_1 > 0:
                    _apply_cumulative_l1(run, eta * alpha_1)
                if per_batch:
                    self._check_finite(run, epoch)
                    yield update, rows, eta, float(losses.mean())
        run.epoch_loss = (sample_losses.sum() + penalty_sum) / n_samples
        self._check_finite(run, epoch)

    def _check_finite(self, run, epoch):
        if not np.all(np.isfinite(run.theta)):
            raise ValueError(
                f"{type(self).__name__} diverged in epoch {epoch}: the weights "
                "overflowed. Standardise the features (StandardScaler) or use a "
                "smaller eta0."
            )

    def _end_epoch(self, run):
        """Apply the stopping rule (and the "adaptive" schedule) after an epoch."""
        run.note = ""
        _count_stalled_epoch(run, run.epoch_loss, self.tol)
        if self.tol is None or run.stalled < self.n_iter_no_change:
            return
        if self.learning_rate == "adaptive" and run.eta > _ADAPTIVE_FLOOR:
            run.eta /= _ADAPTIVE_FACTOR
            run.stalled = 0
            run.note = f"η ÷ {_ADAPTIVE_FACTOR:g} → {run.eta:.3g}"
        else:
            run.done = True
            run.note = "stopped"

    def _objective(self, X, runs):
        """The training objective now, averaged over the one-vs-rest problems."""
        loss_function = self._losses[self.loss]
        alpha_2, alpha_1 = self._penalty_strengths()
        values = []
        with np.errstate(over="ignore", invalid="ignore"):
            for run in runs:
                w, b = run.theta[:-1], run.theta[-1]
                losses, _ = loss_function(X @ w + b, run.y, self.epsilon)
                values.append(losses.mean() + 0.5 * alpha_2 * (w @ w)
                              + alpha_1 * np.abs(w).sum())
        return float(np.mean(values))

    def _state(self, epoch, **extra):
        return {"coef": self.coef_, "intercept": self.intercept_, "epoch": epoch, **extra}

    def _problem_name(self, k):
        return ""

    def _update_message(self, epoch, k, update, samples, eta, batch_loss):
        who = (f"sample {samples[0]}" if len(samples) == 1
               else f"{len(samples)} samples")
        return (f"epoch {epoch}{self._problem_name(k)}, update {update} ({who}): "
                f"η = {eta:.3g}, loss on {'it' if len(samples) == 1 else 'them'} "
                f"{batch_loss:.3g} → w = {_fmt(self.coef_)}, b = {_fmt(self.intercept_)}")

    def _epoch_message(self, epoch, runs, objective):
        if len(runs) == 1:
            run = runs[0]
            text = (f"epoch {epoch}: mean loss during the epoch {run.epoch_loss:.4g}, "
                    f"objective now {objective:.4g}")
            if self.tol is not None:
                text += f"; {run.stalled} of {self.n_iter_no_change} epochs without a gain of tol"
            return text + (f"; {run.note}" if run.note else "")
        losses = np.array([run.epoch_loss for run in runs])
        active = sum(not run.done for run in runs)
        return (f"epoch {epoch}: mean loss per class vs rest {_fmt(losses)}, "
                f"objective {objective:.4g}; {active} of {len(runs)} still training")


def _apply_cumulative_l1(run, amount):
    """The L1 step of Tsuruoka et al.: pull each weight towards 0, never across it.

    ``u`` is the total L1 penalty a weight could have received so far, ``q_j``
    the total weight ``j`` actually received; a weight is pulled by what it is
    owed, ``u ± q_j``, and clipped at zero, so weights that the data do not
    keep away from zero end up exactly zero.
    """
    run.l1_budget += amount
    u, q = run.l1_budget, run.l1_applied
    w = run.theta[:-1]
    clipped = np.where(w > 0, np.maximum(w - (u + q), 0.0),
                       np.where(w < 0, np.minimum(w + (u - q), 0.0), 0.0))
    q += clipped - w
    run.theta[:-1] = clipped


_SGD_NOTES = r"""
    Training minimises the regularised empirical risk

    .. math::

        E(w, b) = \frac{1}{n}\sum_{i=1}^{n} L\big(y_i, f(x_i)\big) + \alpha R(w),
        \qquad f(x) = w^\top x + b,

    with :math:`R(w) = \frac{1}{2}\lVert w\rVert_2^2` ("l2"),
    :math:`\lVert w\rVert_1` ("l1") or
    :math:`\frac{1-\rho}{2}\lVert w\rVert_2^2 + \rho\lVert w\rVert_1`
    ("elasticnet", :math:`\rho` = ``l1_ratio``). The intercept is not
    penalised.

    **Updates.** Each epoch visits the samples in a new random order
    (``shuffle``), in mini-batches :math:`B` of ``batch_size`` samples
    (one, by default, as in scikit-learn). Update :math:`t` (counted from 1)
    takes a gradient step with the rate :math:`\eta_t`, through
    :class:`skratch.optim.GradientDescent`:

    .. math::

        w \leftarrow w - \eta_t\Big(\frac{1}{|B|}\sum_{i\in B}
            L'\big(y_i, f(x_i)\big)\, x_i + \alpha_2 w\Big), \qquad
        b \leftarrow b - \eta_t\,\frac{1}{|B|}\sum_{i\in B} L'\big(y_i, f(x_i)\big),

    where :math:`L' = \partial L / \partial f` and :math:`\alpha_2` is the
    L2 part of the penalty. The L1 part is applied after the step by the
    cumulative penalty of Tsuruoka et al. [2]_: with
    :math:`u \leftarrow u + \eta_t \alpha_1` the total L1 pull each weight
    could have received and :math:`q_j` the pull weight :math:`j` did
    receive, :math:`w_j \leftarrow \max(0, w_j - (u + q_j))` if
    :math:`w_j > 0`, :math:`\min(0, w_j + (u - q_j))` if :math:`w_j < 0`:
    a pull never carries a weight across zero, so weights settle at exactly
    zero.

    **Learning-rate schedules.**

    * "constant": :math:`\eta_t = \eta_0` (``eta0``);
    * "invscaling": :math:`\eta_t = \eta_0 / t^{p}` (:math:`p` = ``power_t``);
    * "optimal": :math:`\eta_t = 1 / (\alpha (t_0 + t - 1))`, where
      :math:`t_0 = 1/(\alpha\,\alpha^{-1/4})` makes the first step
      :math:`\alpha^{-1/4}`, Bottou's guess of the typical size of a weight
      [1]_; :math:`1/(\alpha t)` is the classical rate for an
      :math:`\alpha`-strongly convex objective;
    * "adaptive": :math:`\eta_t = \eta_0`, divided by 5 each time
      ``n_iter_no_change`` consecutive epochs fail to improve the loss by
      ``tol``; training stops when it has fallen below :math:`10^{-6}`.

    **Stopping** (as scikit-learn): the loss of an epoch is the mean over
    its samples of the objective's terms :math:`L(y_i, f(x_i)) + \alpha R(w)`,
    each measured just before the update the sample takes part in (a cheap
    running estimate of :math:`E`). Training stops when that loss has not
    fallen below ``best_loss - tol`` for ``n_iter_no_change`` consecutive
    epochs, or after ``max_iter`` epochs (with a
    :class:`~skratch.exceptions.ConvergenceWarning` if ``tol`` is not None).

    ``fit_steps`` yields an "init" step (all weights zero), an "epoch" step
    after each epoch and, with ``step_per="batch"``, an "update" step after
    each mini-batch (its state adds ``samples``, the rows of ``X`` in the
    batch; ``visit``, the samples of the epoch visited so far;
    ``class_index``, the one-vs-rest problem; and ``learning_rate``). Every
    step's loss is the objective :math:`E` on the whole training set at that
    moment; every state holds ``coef``, ``intercept`` and ``epoch``. The
    fitted model is the same whichever ``step_per``.
"""

_SGD_REFERENCES = """
    .. [1] L. Bottou, "Stochastic gradient descent tricks", in *Neural
       Networks: Tricks of the Trade*, 2nd ed., Springer, 2012.
    .. [2] Y. Tsuruoka, J. Tsujii and S. Ananiadou, "Stochastic gradient
       descent training for L1-regularized log-linear models with
       cumulative penalty", ACL-IJCNLP 2009.
    .. [3] T. Zhang, "Solving large scale linear prediction problems using
       stochastic gradient descent algorithms", ICML 2004.
"""

_SGD_COMMON_PARAMETERS = """
    penalty : {"l2", "l1", "elasticnet", None}, default="l2"
        The regulariser :math:`R(w)`; None for none.
    alpha : float, default=0.0001
        Strength :math:`\\alpha` of the penalty. Also sets the rate of the
        "optimal" schedule.
    l1_ratio : float, default=0.15
        Elastic-net mixing :math:`\\rho \\in [0, 1]` ("elasticnet" only).
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`.
    max_iter : int, default=1000
        Most epochs (passes over the data).
    tol : float or None, default=1e-3
        Stop when an epoch's loss has not fallen below the best so far minus
        ``tol`` for ``n_iter_no_change`` consecutive epochs. None: always
        run ``max_iter`` epochs.
    shuffle : bool, default=True
        Visit the samples in a new random order each epoch.
    random_state : int, numpy.random.Generator or None, default=None
        Seeds the shuffling.
"""


class SGDRegressor(RegressorMixin, _BaseSGD):
    """Linear regression by stochastic gradient descent.

    Fits :math:`f(x) = w^\\top x + b` by stepping against the gradient of
    one sample's loss at a time (or of a mini-batch's), with a learning rate
    that shrinks as training goes on.

    Parameters
    ----------
    loss : {"squared_error", "huber", "epsilon_insensitive", \
"squared_epsilon_insensitive"}, default="squared_error"
        The loss :math:`L(y, f)`; see Notes.
%(common)s
    learning_rate : {"invscaling", "constant", "optimal", "adaptive"}, \
default="invscaling"
        The schedule of the step size :math:`\\eta_t`; see Notes.
    eta0 : float, default=0.01
        Initial step size :math:`\\eta_0` (not used by "optimal").
    power_t : float, default=0.25
        Exponent :math:`p` of "invscaling".
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping (or, for "adaptive",
        before dividing the rate by 5).
    epsilon : float, default=0.1
        :math:`\\epsilon` of "huber" and the epsilon-insensitive losses.
    batch_size : int, default=1
        Samples per update (a teaching extra: scikit-learn always uses one).
        Larger batches give smoother, fewer steps per epoch.
    step_per : {"epoch", "batch"}, default="epoch"
        Yield a step after every epoch, or also after every mini-batch (a
        teaching extra, for small data: the number of steps is then the
        number of updates).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights :math:`w`.
    intercept_ : ndarray of shape (1,)
        The intercept :math:`b`.
    n_iter_ : int
        Epochs run.
    n_features_in_ : int
        Number of features seen in fit.

    See Also
    --------
    LinearRegression : the same model by a closed form or batch gradient descent.
    sklearn.linear_model.SGDRegressor : the model this one follows.

    Notes
    -----
    The losses, with :math:`r = f(x) - y`:

    * "squared_error": :math:`\\frac{1}{2} r^2`;
    * "huber": :math:`\\frac{1}{2} r^2` if :math:`|r| \\le \\epsilon`, else
      :math:`\\epsilon |r| - \\frac{1}{2}\\epsilon^2` (outliers pull linearly);
    * "epsilon_insensitive": :math:`\\max(0, |r| - \\epsilon)`;
    * "squared_epsilon_insensitive": :math:`\\max(0, |r| - \\epsilon)^2`.
%(notes)s
    References
    ----------
%(references)s

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import SGDRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2))
    >>> y = X @ [3.0, -1.0] + 0.5
    >>> reg = SGDRegressor(random_state=0).fit(X, y)
    >>> reg.coef_.round(1), reg.intercept_.round(1)
    (array([ 3., -1.]), array([0.5]))
    >>> steps = list(SGDRegressor(random_state=0, max_iter=3, tol=None).fit_steps(X, y))
    >>> [step.kind for step in steps]
    ['init', 'epoch', 'epoch', 'epoch']
    """

    _losses = _REGRESSION_LOSSES

    def __init__(self, loss="squared_error", *, penalty="l2", alpha=0.0001, l1_ratio=0.15,
                 fit_intercept=True, max_iter=1000, tol=1e-3, shuffle=True,
                 random_state=None, learning_rate="invscaling", eta0=0.01, power_t=0.25,
                 n_iter_no_change=5, epsilon=0.1, batch_size=1, step_per="epoch"):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.n_iter_no_change = n_iter_no_change
        self.epsilon = epsilon
        self.batch_size = batch_size
        self.step_per = step_per

    def _training_data(self, X, y):
        X, y = check_X_y(X, y, y_numeric=True)
        return X, y.astype(np.float64)[None, :]

    def _publish(self, runs):
        self.coef_ = runs[0].theta[:-1].copy()
        self.intercept_ = runs[0].theta[-1:].copy()

    def predict(self, X):
        """Predict with the linear model :math:`Xw + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self, ["coef_", "intercept_"])
        X = check_array(X)
        check_n_features(self, X)
        return X @ self.coef_ + self.intercept_[0]


class SGDClassifier(_LinearClassifierMixin, ClassifierMixin, _BaseSGD):
    """Linear classifiers (SVM, logistic regression, ...) by stochastic gradient descent.

    Fits the scores :math:`f(x) = w^\\top x + b` of a linear model, class
    +1 where :math:`f(x) > 0`, by stepping against the gradient of one
    sample's loss at a time (or of a mini-batch's). The loss chooses the
    model: "hinge" gives a linear support vector machine, "log_loss"
    logistic regression. Several classes are learned one-vs-rest: one
    binary problem "class k against the rest" per class.

    Parameters
    ----------
    loss : {"hinge", "log_loss", "modified_huber", "squared_hinge", \
"perceptron"}, default="hinge"
        The loss :math:`L(y, f)`; see Notes.
%(common)s
    learning_rate : {"optimal", "constant", "invscaling", "adaptive"}, \
default="optimal"
        The schedule of the step size :math:`\\eta_t`; see Notes.
    eta0 : float, default=0.01
        Initial step size :math:`\\eta_0` of "constant", "invscaling" and
        "adaptive" (not used by "optimal").
    power_t : float, default=0.5
        Exponent :math:`p` of "invscaling".
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping (or, for "adaptive",
        before dividing the rate by 5).
    batch_size : int, default=1
        Samples per update (a teaching extra: scikit-learn always uses one).
    step_per : {"epoch", "batch"}, default="epoch"
        Yield a step after every epoch, or also after every mini-batch (a
        teaching extra, for small data).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        The weights: one row for two classes (scores for ``classes_[1]``),
        else one row per "class k against the rest".
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The intercepts.
    n_iter_ : int
        Epochs run (the most any one-vs-rest problem needed).
    n_features_in_ : int
        Number of features seen in fit.

    See Also
    --------
    Perceptron : SGD with the perceptron loss, a constant rate 1 and no penalty.
    LogisticRegression : the log loss minimised by full-batch solvers.
    sklearn.linear_model.SGDClassifier : the model this one follows.

    Notes
    -----
    The losses, with :math:`y \\in \\{-1, +1\\}` and the margin
    :math:`z = y f(x)`:

    * "hinge": :math:`\\max(0, 1 - z)` (linear SVM);
    * "log_loss": :math:`\\log(1 + e^{-z})` (logistic regression);
    * "modified_huber": :math:`\\max(0, 1 - z)^2` if :math:`z \\ge -1`, else
      :math:`-4z`;
    * "squared_hinge": :math:`\\max(0, 1 - z)^2`;
    * "perceptron": :math:`\\max(0, -z)`.

    ``predict_proba`` exists for "log_loss", :math:`P(+1) = 1/(1 + e^{-f})`,
    and "modified_huber", :math:`P(+1) = (\\mathrm{clip}(f, -1, 1) + 1)/2`;
    with several classes the one-vs-rest probabilities are divided by their
    sum.
%(notes)s
    References
    ----------
%(references)s

    Examples
    --------
    >>> from skratch.datasets import make_blobs
    >>> from skratch.linear_model import SGDClassifier
    >>> X, y = make_blobs(n_samples=100, centers=2, random_state=0)
    >>> clf = SGDClassifier(random_state=0).fit(X, y)
    >>> clf.coef_.shape, clf.score(X, y) > 0.9
    ((1, 2), True)
    >>> clf = SGDClassifier(loss="log_loss", random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:2]).round(2).sum(axis=1)
    array([1., 1.])
    """

    _losses = _CLASSIFICATION_LOSSES

    def __init__(self, loss="hinge", *, penalty="l2", alpha=0.0001, l1_ratio=0.15,
                 fit_intercept=True, max_iter=1000, tol=1e-3, shuffle=True,
                 random_state=None, learning_rate="optimal", eta0=0.01, power_t=0.5,
                 n_iter_no_change=5, batch_size=1, step_per="epoch"):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.n_iter_no_change = n_iter_no_change
        self.batch_size = batch_size
        self.step_per = step_per

    # The classification losses take no epsilon.
    epsilon = 0.0

    def _training_data(self, X, y):
        X, y = check_X_y(X, y)
        self.classes_, Y = _one_vs_rest_targets(y, type(self).__name__)
        return X, Y

    def _publish(self, runs):
        self.coef_ = np.array([run.theta[:-1] for run in runs])
        self.intercept_ = np.array([run.theta[-1] for run in runs])

    def _problem_name(self, k):
        if len(self.classes_) == 2:
            return ""
        return f", class {_class_name(self.classes_[k])} vs rest"

    @property
    def predict_proba(self):
        """Probability of each class ("log_loss" and "modified_huber" only).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        self._check_proba()
        return self._predict_proba

    @property
    def predict_log_proba(self):
        """Logarithm of :meth:`predict_proba` ("log_loss" and "modified_huber" only)."""
        self._check_proba()
        return self._predict_log_proba

    def _check_proba(self):
        if self.loss not in ("log_loss", "modified_huber"):
            # An AttributeError, so hasattr(clf, "predict_proba") is False.
            raise AttributeError(
                f"probability estimates are not available for loss={self.loss!r}; "
                "use loss='log_loss' or 'modified_huber'."
            )

    def _predict_proba(self, X):
        scores = self.decision_function(X)
        if self.loss == "log_loss":
            positive = np.exp(-np.logaddexp(0.0, -scores))
        else:
            positive = (np.clip(scores, -1.0, 1.0) + 1.0) / 2.0
        if scores.ndim == 1:
            return np.column_stack([1.0 - positive, positive])
        total = positive.sum(axis=1, keepdims=True)
        # No class claims the sample (possible with modified_huber): uniform.
        uniform = np.full_like(positive, 1.0 / positive.shape[1])
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, positive / total, uniform)

    def _predict_log_proba(self, X):
        with np.errstate(divide="ignore"):
            return np.log(self._predict_proba(X))


for _cls in (SGDRegressor, SGDClassifier):
    _cls.__doc__ = _cls.__doc__ % {"common": _SGD_COMMON_PARAMETERS.strip("\n"),
                                   "notes": _SGD_NOTES, "references": _SGD_REFERENCES.strip("\n")}
del _cls
