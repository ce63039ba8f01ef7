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
from ..utils._available_if import available_if
from ..utils._param_validation import Interval, Options
from ..utils.class_weight import compute_class_weight
from ..utils.validation import (
    check_classification_targets,
    check_fitted_input,
    check_random_state,
    check_sample_weight,
    validate_data,
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
    # The regression losses, fitting the scores to the targets -1 and +1.
    **_REGRESSION_LOSSES,
}
# "adaptive" divides the learning rate by this when training stalls, and
# stops once the rate has fallen below the floor.
_ADAPTIVE_FACTOR = 5.0
_ADAPTIVE_FLOOR = 1e-6
# Bound on |dL/dp| of one sample, for the losses whose derivative grows
# without bound.
_MAX_DLOSS = 1e12
_UNBOUNDED_DERIVATIVE = ("squared_error", "squared_hinge", "squared_epsilon_insensitive")
# Training is declared diverged once the objective exceeds this many times
# its value at the start (or at w = 0, if larger), as for LinearRegression.
_DIVERGENCE_FACTOR = 1e6


# -- shared by SGD and the Perceptron ------------------------------------------

# The hyperparameters SGD and the Perceptron share.
_SHARED_CONSTRAINTS = {
    "alpha": [Interval(Real, 0, None, closed="left")],
    "fit_intercept": ["boolean"],
    "max_iter": [Interval(Integral, 1, None, closed="left")],
    "tol": [Interval(Real, 0, None, closed="left"), None],
    "shuffle": ["boolean"],
    "random_state": ["random_state"],
    "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
    "warm_start": ["boolean"],
    "verbose": ["verbose"],
}
# ... and SGDClassifier and the Perceptron.
_CLASSIFIER_CONSTRAINTS = {
    "class_weight": [dict, Options("balanced"), None],
    "n_jobs": [None, Interval(Integral, None, None, closed="neither")],
}


def _one_vs_rest_targets(y, name, classes=None):
    """The classes and, per binary problem, targets in {-1, +1}: shape (n_problems, n).

    Two classes make one problem (``classes[1]`` is +1); more make one
    "class k against the rest" problem per class. ``classes`` (partial_fit)
    fixes the classes in advance; ``y`` may then hold only some of them.
    """
    check_classification_targets(y)
    if classes is None:
        classes, encoded = np.unique(y, return_inverse=True)
    else:
        unknown = np.setdiff1d(y, classes)
        if unknown.size:
            raise ValueError(
                f"y holds the labels {unknown.tolist()!r}, which are not in classes="
                f"{classes.tolist()!r} given to the first call of partial_fit."
            )
        encoded = np.searchsorted(classes, y)
    if len(classes) < 2:
        raise ValueError(
            f"{name} needs samples of at least 2 classes in the data, but the "
            f"data contain only 1 class: {classes[0]!r}."
        )
    if len(classes) == 2:
        return classes, np.where(encoded == 1, 1.0, -1.0)[None, :]
    return classes, np.where(encoded[None, :] == np.arange(len(classes))[:, None], 1.0, -1.0)


def _problem_weights(estimator, Y, sample_weight, y):
    """The weight of each sample in each binary problem, shape (n_problems, n).

    A sample's ``sample_weight`` times its class weight, as scikit-learn
    weighs them: with two classes each class has its own weight; in the
    problem "class k against the rest", class k weighs ``class_weight[k]``
    and the rest 1.
    """
    weights = compute_class_weight(estimator.class_weight, classes=estimator.classes_, y=y)
    if len(estimator.classes_) == 2:
        positive, negative = weights[1:], weights[:1]
    else:
        positive, negative = weights, np.ones_like(weights)
    return sample_weight * np.where(Y > 0, positive[:, None], negative[:, None])


def _check_weighted_classes(estimator, Y, weights):
    """Refuse a fit in which fewer than two classes keep a positive weight."""
    if len(estimator.classes_) == 2:
        weighted = [c for c, sign in zip(estimator.classes_, (-1.0, 1.0))
                    if np.any(weights[0][Y[0] == sign] > 0)]
    else:
        weighted = [c for c, y_k, w_k in zip(estimator.classes_, Y, weights)
                    if np.any(w_k[y_k > 0] > 0)]
    if len(weighted) < 2:
        left = f"only class {_class_name(weighted[0])}" if weighted else "no class"
        raise ValueError(
            f"{type(estimator).__name__} needs samples of at least 2 classes with a "
            f"positive weight, but sample_weight and class_weight leave {left} with "
            "any weight."
        )


def _classification_data(estimator, X, y, reset, classes=None):
    """X, the targets of each binary problem and the labels ``y``, validated.

    ``classes``: those of partial_fit (see :func:`_partial_fit_classes`);
    None in fit, where they are the labels found in ``y``. ``reset`` (fit
    and the first partial_fit) records them as ``classes_``.
    """
    X, y = validate_data(estimator, X, y, reset=reset, y_required=True)
    found, Y = _one_vs_rest_targets(y, type(estimator).__name__, classes=classes)
    if reset:
        estimator.classes_ = found
    return X, Y, y


def _partial_fit_classes(estimator, classes):
    """The classes of a partial_fit call: required on the first, the same later on."""
    name = type(estimator).__name__
    if not hasattr(estimator, "coef_"):
        if classes is None:
            raise ValueError(f"classes must be passed on the first call to {name}.partial_fit: "
                             "one batch may not hold every class.")
        check_classification_targets(np.asarray(classes))
        return np.unique(classes)
    if classes is not None and not np.array_equal(np.unique(classes), estimator.classes_):
        raise ValueError(
            f"classes={np.unique(classes).tolist()!r} is not the same as on the first call "
            f"to partial_fit (or in fit), {estimator.classes_.tolist()!r}."
        )
    return estimator.classes_


def _check_partial_fit_class_weight(estimator):
    if isinstance(estimator.class_weight, str) and estimator.class_weight == "balanced":
        # scikit-learn's message, word for word: code written for it may match it.
        raise ValueError(
            "class_weight 'balanced' is not supported for partial_fit. In order to use "
            "'balanced' weights, use compute_class_weight('balanced', classes=classes, "
            "y=y). In place of y you can use a large enough sample of the full training "
            "set target to properly estimate the class frequency distributions. Pass the "
            "resulting weights as the class_weight parameter."
        )


def _initial_parameters(estimator, n_problems, n_features, coef_init, intercept_init):
    """The starting (w, b) of each problem, shape (n_problems, n_features + 1).

    ``coef_init`` and ``intercept_init`` where given; otherwise, with
    ``warm_start``, the previous fit's ``coef_`` and ``intercept_``; else zeros.
    """
    if estimator.warm_start and hasattr(estimator, "coef_"):
        coef_init = estimator.coef_ if coef_init is None else coef_init
        intercept_init = estimator.intercept_ if intercept_init is None else intercept_init
    coef = _start_value("coef_init", coef_init, (n_problems, n_features))
    intercept = _start_value("intercept_init", intercept_init, (n_problems,))
    return np.column_stack([coef, intercept])


def _start_value(name, value, shape):
    """``value`` as an array of ``shape`` (zeros for None), or a clear error."""
    if value is None:
        return np.zeros(shape)
    value = np.asarray(value, dtype=np.float64)
    if value.size != int(np.prod(shape)) or not np.all(np.isfinite(value)):
        raise ValueError(
            f"Provided {name} does not match dataset: {name} (or, with warm_start=True, "
            f"the previous fit's {name.replace('_init', '_')}) has shape {value.shape}, "
            f"but this data needs {shape} finite values."
        )
    return value.reshape(shape)


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
        X = check_fitted_input(self, X, ["coef_", "intercept_"])
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
        return self._labels_of(self.decision_function(X))

    def _labels_of(self, scores):
        """The class each row of scores (as decision_function gives them) predicts."""
        chosen = (scores > 0).astype(int) if scores.ndim == 1 else np.argmax(scores, axis=1)
        return self.classes_[chosen]


# -- SGD ------------------------------------------------------------------------

@dataclass(eq=False)
class _Run:
    """One binary (or regression) problem in training: its parameters and progress."""

    y: np.ndarray                 # its targets
    weight: np.ndarray            # each sample's weight in it (sample and class weight)
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
    average: np.ndarray = None    # the mean of theta over the updates averaged so far
    epoch_start: tuple = None     # (theta, average) when the epoch began
    overflowed: bool = False      # the weights left floating point in the last epoch


class _BaseSGD(BaseEstimator):
    """Training loop shared by SGDRegressor and SGDClassifier."""

    _losses = {}

    _parameter_constraints = {
        **_SHARED_CONSTRAINTS,
        "penalty": [Options("l2", "l1", "elasticnet"), None],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "learning_rate": [Options("constant", "optimal", "invscaling", "adaptive")],
        "eta0": [Interval(Real, 0, None, closed="left")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "step_per": [Options("epoch", "batch")],
        "average": ["boolean", Interval(Integral, 0, None, closed="left")],
    }

    def _validate_params(self):
        super()._validate_params()
        name = type(self).__name__
        if self.penalty == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be set when penalty is 'elasticnet': the "
                             "share rho of the L1 part, in [0, 1].")
        if self.learning_rate == "optimal" and self.alpha == 0:
            raise ValueError(f"{name}: alpha must be > 0 with learning_rate='optimal', "
                             "whose step size is 1 / (alpha (t0 + t)).")
        if self.learning_rate != "optimal" and self.eta0 == 0:
            raise ValueError(f"{name}: eta0 must be > 0 with learning_rate="
                             f"{self.learning_rate!r}: it is the first step size.")

    def _average_start(self):
        """The update from which the weights are averaged: 0 for never."""
        if isinstance(self.average, (bool, np.bool_)):
            return 1 if self.average else 0
        return int(self.average)

    def _shown(self, run):
        """The parameters the model uses: the average once averaging has begun."""
        start = self._average_start()
        return run.average if 0 < start <= run.t else run.theta

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

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit the model: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init, intercept_init : array-like, optional
            Where to start instead of zeros (or the previous fit, with
            ``warm_start``), in the layout of ``coef_`` and ``intercept_``.
        sample_weight : array-like of shape (n_samples,), float or None, default=None
            Weight of each sample: it multiplies the sample's gradient step
            (see Notes). None weighs every sample 1.

        Returns
        -------
        self
        """
        for _ in self.fit_steps(X, y, coef_init=coef_init, intercept_init=intercept_init,
                                sample_weight=sample_weight):
            pass
        return self

    def fit_steps(self, X, y=None, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit the model, yielding a :class:`~skratch.Step` per epoch (or per mini-batch).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init, intercept_init : array-like, optional
            Where to start instead of zeros (or the previous fit, with
            ``warm_start``).
        sample_weight : array-like of shape (n_samples,), float or None, default=None
            Weight of each sample in its gradient step; None weighs every
            sample 1.

        Yields
        ------
        Step
            "init" (all weights zero), then an "epoch" step after each pass
            over the data; with ``step_per="batch"`` also an "update" step
            after each mini-batch.
        """
        warm = (coef_init is not None or intercept_init is not None
                or (self.warm_start and hasattr(self, "coef_")))
        X, Y, labels = self._training_data(X, y, reset=True)
        X = X.astype(np.float64, copy=False)
        weights = self._weights(X, Y, labels, sample_weight, check_classes=True)
        theta = None
        if warm:
            theta = _initial_parameters(self, len(Y), X.shape[1], coef_init, intercept_init)
        runs = self._new_runs(Y, weights, theta, t=0)
        counter = itertools.count()

        self._publish(runs)
        self.n_iter_ = 0
        self.t_ = 1
        objective = self._objective(X, runs)
        where = "from the given start" if warm else "at w = 0, b = 0"
        yield Step(index=next(counter), kind="init",
                   message=f"start {where}: objective {objective:.4g}",
                   loss=objective, state=self._state(epoch=0))
        outcome = yield from self._epochs(X, runs, counter, self.max_iter, objective)
        if outcome == "max_iter" and self.tol is not None:
            warn_convergence(
                f"{type(self).__name__} reached max_iter={self.max_iter} epochs "
                f"before the loss stopped improving by tol={self.tol}; increase "
                "max_iter, or standardise the features.",
            )

    def _partial_fit(self, X, y, sample_weight, classes=None):
        """One epoch over ``X`` from the current model, continuing its schedule."""
        first = not hasattr(self, "coef_")
        X, Y, labels = self._training_data(X, y, reset=first, classes=classes)
        X = X.astype(np.float64, copy=False)
        weights = self._weights(X, Y, labels, sample_weight, check_classes=False)
        theta = average = None
        if not first:
            # Training goes on from the weights SGD moves, and the average
            # of them goes on too (the model shows the average, if any).
            theta = np.column_stack([np.atleast_2d(self.coef_), self.intercept_])
            if self._average_start() and hasattr(self, "_standard_coef"):
                theta = np.column_stack([self._standard_coef, self._standard_intercept])
                average = np.column_stack([self._average_coef, self._average_intercept])
        runs = self._new_runs(Y, weights, theta, t=0 if first else self.t_ - 1,
                              average=average)
        # A paused fit_steps generator must not resume over this update.
        self._fit_run = getattr(self, "_fit_run", 0) + 1
        self._publish(runs)
        if first:
            self.n_iter_, self.t_ = 0, 1
        for _ in self._epochs(X, runs, itertools.count(), 1, self._objective(X, runs)):
            pass
        return self

    def _new_runs(self, Y, weights, theta, t, average=None):
        """One run per problem, from ``theta`` (zeros if None) and update count ``t``."""
        n_problems = len(Y)
        n_features = self.n_features_in_
        if theta is None:
            theta = np.zeros((n_problems, n_features + 1))
        if average is None:
            average = np.zeros((n_problems, n_features + 1))
        eta = self._first_rate()
        t0 = 1.0 / (self.alpha * eta) if self.alpha > 0 else 0.0
        return [_Run(y=Y[k], weight=weights[k], theta=theta[k].copy(),
                     optimizer=GradientDescent(learning_rate=eta), eta=eta, t=t, t0=t0,
                     l1_applied=np.zeros(n_features), average=average[k].copy())
                for k in range(n_problems)]

    def _epochs(self, X, runs, counter, max_iter, start_objective):
        """Train for at most ``max_iter`` epochs, yielding the steps.

        Returns how training ended: "converged" (the stopping rule),
        "max_iter" or "diverged".
        """
        n_samples = len(X)
        rng = check_random_state(self.random_state)
        # With a squared loss, steps too large make each update larger than
        # the last: an objective this many times its value at the start (or
        # at w = 0, if larger) means divergence. The other losses have a
        # bounded derivative, so the weights grow at most linearly, and a
        # schedule that shrinks the steps recovers from large ones.
        reference = max(start_objective, self._objective(X, runs, zero=True))
        unbounded = self.loss in _UNBOUNDED_DERIVATIVE and reference > 0
        limit = _DIVERGENCE_FACTOR * reference if unbounded else np.inf
        # The intercept's column: ones, or zeros without an intercept (then
        # its gradient is zero and b stays where it started).
        A = np.column_stack([X, np.full(n_samples, 1.0 if self.fit_intercept else 0.0)])
        for epoch in range(1, max_iter + 1):
            order = rng.permutation(n_samples) if self.shuffle else np.arange(n_samples)
            A_epoch = A[order]
            for run in runs:
                run.epoch_start = (run.theta.copy(), run.average.copy())
                run.overflowed = False
            for k, run in enumerate(runs):
                if run.done:
                    continue
                for update, rows, eta, batch_loss in self._one_pass(run, A_epoch, order, epoch):
                    self._publish(runs)
                    objective = self._objective(X, runs)
                    if not np.isfinite(objective):
                        run.overflowed = True
                        break
                    yield Step(index=next(counter), kind="update",
                               message=self._update_message(epoch, k, update, order[rows],
                                                            eta, batch_loss),
                               loss=objective,
                               state=self._state(epoch=epoch, samples=order[rows],
                                                 visit=min(rows.stop, n_samples),
                                                 class_index=k, learning_rate=eta))
                if run.overflowed:
                    break
                self._end_epoch(run)
            self._publish(runs)
            self.n_iter_ = epoch
            self.t_ = 1 + max(run.t for run in runs)
            self._keep_training_state(runs)
            objective = self._objective(X, runs)
            overflowed = any(run.overflowed for run in runs)
            if overflowed or objective > limit or not np.isfinite(objective):
                yield from self._stop_diverged(X, runs, counter, epoch, start_objective,
                                               objective, overflowed)
                return "diverged"
            yield Step(index=next(counter), kind="epoch",
                       message=self._epoch_message(epoch, runs, objective),
                       loss=objective, state=self._state(epoch=epoch))
            if all(run.done for run in runs):
                return "converged"
        return "max_iter"

    def _stop_diverged(self, X, runs, counter, epoch, start_objective, objective, overflowed):
        """The last step of a diverging run, and a warning that says what to change."""
        name = type(self).__name__
        if overflowed or not np.isfinite(objective):
            # Nothing finite to show: go back to where the epoch started.
            for run in runs:
                run.theta, run.average = run.epoch_start
            self._publish(runs)
            self._keep_training_state(runs)
            objective = self._objective(X, runs)
            message = (f"epoch {epoch}: the weights overflowed; back to the model at the "
                       f"start of the epoch, objective {objective:.4g}; stopped")
            what = (f"{name} diverged in epoch {epoch}: from an objective of "
                    f"{start_objective:.4g}, the weights or the objective overflowed, so the "
                    "model is the one from the start of the epoch.")
        else:
            message = (f"epoch {epoch}: diverged, objective {start_objective:.4g} → "
                       f"{objective:.4g}; stopped")
            what = (f"{name} diverged in epoch {epoch}: the objective grew from "
                    f"{start_objective:.4g} to {objective:.4g} (the steps are too large).")
        yield Step(index=next(counter), kind="epoch", message=message, loss=objective,
                   state=self._state(epoch=epoch))
        if self.learning_rate == "optimal":
            advice = (f"learning_rate='optimal' starts with steps of alpha**-0.25 = "
                      f"{self._first_rate():.3g}: use learning_rate='invscaling' or "
                      "'constant' with a small eta0, or a larger alpha")
        else:
            advice = f"use a smaller eta0 (now {self.eta0:g}) or another learning_rate"
        warn_convergence(
            f"{what} To fix it, {advice}, and standardise the features (StandardScaler).",
        )

    def _keep_training_state(self, runs):
        """With averaging, keep what partial_fit needs: the weights SGD moves, their mean.

        (``coef_`` and ``intercept_`` show the mean; without averaging they
        are the weights themselves and nothing else is kept.) The names are
        scikit-learn's.
        """
        names = ("_standard_coef", "_standard_intercept", "_average_coef",
                 "_average_intercept")
        if not self._average_start():
            for name in names:
                self.__dict__.pop(name, None)
            return
        theta = np.array([run.theta for run in runs])
        average = np.array([run.average for run in runs])
        for name, value in zip(names, (theta[:, :-1], theta[:, -1], average[:, :-1],
                                       average[:, -1])):
            setattr(self, name, value)

    def _one_pass(self, run, A_epoch, order, epoch):
        r"""One epoch of one problem: a gradient step per mini-batch, in ``order``.

        ``A_epoch`` holds the rows :math:`a_i = (x_i, 1)` in the epoch's
        order, so that :math:`f(x_i) = a_i^\top \theta` with
        :math:`\theta = (w, b)`. Yields ``(update number, rows of A_epoch,
        eta, mean loss of the batch)`` after each update when steps are wanted
        per mini-batch.
        """
        n_samples = len(A_epoch)
        y_epoch, weight_epoch = run.y[order], run.weight[order]
        loss_function, epsilon = self._losses[self.loss], self.epsilon
        bounded = self.loss not in _UNBOUNDED_DERIVATIVE
        alpha_2, alpha_1 = self._penalty_strengths()
        batch_size = self.batch_size
        per_batch = self.step_per == "batch"
        average_start = self._average_start()
        sample_losses = np.zeros(n_samples)
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
                # The objective's terms of these samples, penalty included,
                # unweighted: scikit-learn's stopping rule counts every sample once.
                sample_losses[rows] = losses
                if alpha_2 > 0 or alpha_1 > 0:
                    w = theta[:-1]
                    penalty_sum += len(losses) * (0.5 * alpha_2 * (w @ w)
                                                  + alpha_1 * np.abs(w).sum())
                # The mini-batch gradient of the loss: the mean of its samples'
                # gradients, each scaled by the sample's weight.
                grad = (weight_epoch[rows] * dloss / len(dloss)) @ A_batch
                run.t += 1
                eta = self._rate(run)
                run.optimizer.learning_rate = eta
                if alpha_2 > 0:
                    # The L2 part: w <- (1 - eta alpha_2) w, never on the
                    # intercept. Past eta alpha_2 = 1 the factor would carry w
                    # beyond the penalty's minimum 0, to -w and further, each
                    # update larger than the last: clipped at 0, as scikit-learn.
                    decay = max(0.0, 1.0 - eta * alpha_2)
                    run.theta = run.optimizer.step(np.append(decay * theta[:-1], theta[-1]), grad)
                else:
                    run.theta = run.optimizer.step(theta, grad)
                if alpha_1 > 0:
                    _apply_cumulative_l1(run, eta * alpha_1)
                if 0 < average_start <= run.t:
                    # Averaged SGD: the running mean of theta over the updates
                    # from number average_start on.
                    run.average += (run.theta - run.average) / (run.t - average_start + 1)
                if per_batch:
                    yield update, rows, eta, float(losses.mean())
        run.epoch_loss = (sample_losses.sum() + penalty_sum) / n_samples
        if not np.all(np.isfinite(run.theta)):
            run.overflowed = True

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

    def _objective(self, X, runs, zero=False):
        """The training objective now (at w = 0, b = 0 if ``zero``), averaged over the problems."""
        loss_function = self._losses[self.loss]
        alpha_2, alpha_1 = self._penalty_strengths()
        values = []
        with np.errstate(over="ignore", invalid="ignore"):
            for run in runs:
                theta = self._shown(run)
                w, b = theta[:-1], theta[-1]
                if zero:
                    w, b = np.zeros_like(w), 0.0
                losses, _ = loss_function(X @ w + b, run.y, self.epsilon)
                values.append(np.mean(run.weight * losses) + 0.5 * alpha_2 * (w @ w)
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


class SGDRegressor(RegressorMixin, _BaseSGD):
    r"""Linear regression by stochastic gradient descent.

    Fits :math:`f(x) = w^\top x + b` by stepping against the gradient of
    one sample's loss at a time (or of a mini-batch's), with a learning rate
    that shrinks as training goes on.

    Parameters
    ----------
    loss : str, default="squared_error"
        The loss :math:`L(y, f)`: "squared_error", "huber",
        "epsilon_insensitive" or "squared_epsilon_insensitive"; see Notes.
    penalty : {"l2", "l1", "elasticnet", None}, default="l2"
        The regulariser :math:`R(w)`; None for none.
    alpha : float, default=0.0001
        Strength :math:`\alpha` of the penalty. Also sets the rate of the
        "optimal" schedule.
    l1_ratio : float, default=0.15
        Elastic-net mixing :math:`\rho \in [0, 1]` ("elasticnet" only).
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
    warm_start : bool, default=False
        Start ``fit`` from the previous fit's ``coef_`` and ``intercept_``
        instead of zeros.
    average : bool or int, default=False
        Averaged SGD: the model is the mean of the weights over the updates
        (from the first with True, from update number ``average`` with an
        int), while training moves the weights as usual; see Notes.
    learning_rate : {"invscaling", "constant", "optimal", "adaptive"}, default="invscaling"
        The schedule of the step size :math:`\eta_t`; see Notes.
    eta0 : float, default=0.01
        Initial step size :math:`\eta_0` (not used by "optimal").
    power_t : float, default=0.25
        Exponent :math:`p` of "invscaling".
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping (or, for "adaptive",
        before dividing the rate by 5).
    epsilon : float, default=0.1
        :math:`\epsilon` of "huber" and the epsilon-insensitive losses.
    batch_size : int, default=1
        Samples per update (a teaching extra: scikit-learn always uses one).
        Larger batches give smoother, fewer steps per epoch.
    step_per : {"epoch", "batch"}, default="epoch"
        Yield a step after every epoch, or also after every mini-batch (a
        teaching extra, for small data: the number of steps is then the
        number of updates).
    verbose : int, default=0
        Accepted for compatibility with scikit-learn, where it prints
        progress; it changes nothing here: ``fit_steps`` is the training log,
        one step with its caption per stage.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights :math:`w`.
    intercept_ : ndarray of shape (1,)
        The intercept :math:`b`.
    n_iter_ : int
        Epochs run (1 after ``partial_fit``).
    t_ : int
        1 + the number of updates made (``n_iter_ * n_samples + 1`` with
        one sample per update, as scikit-learn); ``partial_fit`` goes on
        from it.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it was a DataFrame with string
        column names; ``predict`` then refuses data whose columns are named
        otherwise or ordered differently.

    See Also
    --------
    LinearRegression : the same model by a closed form or batch gradient descent.
    sklearn.linear_model.SGDRegressor : the model this one follows.

    Notes
    -----
    The losses, with :math:`r = f(x) - y`:

    * "squared_error": :math:`\frac{1}{2} r^2`;
    * "huber": :math:`\frac{1}{2} r^2` if :math:`|r| \le \epsilon`, else
      :math:`\epsilon |r| - \frac{1}{2}\epsilon^2` (outliers pull linearly);
    * "epsilon_insensitive": :math:`\max(0, |r| - \epsilon)`;
    * "squared_epsilon_insensitive": :math:`\max(0, |r| - \epsilon)^2`.

    These Notes derive the training of both :class:`SGDRegressor` and
    :class:`SGDClassifier`.

    Training minimises the regularised empirical risk

    .. math::

        E(w, b) = \frac{1}{n}\sum_{i=1}^{n} v_i\, L\big(y_i, f(x_i)\big) + \alpha R(w),
        \qquad f(x) = w^\top x + b,

    with :math:`R(w) = \frac{1}{2}\lVert w\rVert_2^2` ("l2"),
    :math:`\lVert w\rVert_1` ("l1") or
    :math:`\frac{1-\rho}{2}\lVert w\rVert_2^2 + \rho\lVert w\rVert_1`
    ("elasticnet", :math:`\rho` = ``l1_ratio``). The intercept is not
    penalised. :math:`v_i` is the weight of sample :math:`i`: its
    ``sample_weight`` (1 by default), times, for SGDClassifier, the weight of
    its class (with two classes each class has its own; in the problem
    "class k against the rest" class :math:`k` weighs ``class_weight[k]``
    and the rest 1, as scikit-learn).

    **Updates.** Each epoch visits the samples in a new random order
    (``shuffle``), in mini-batches :math:`B` of ``batch_size`` samples
    (one, by default, as in scikit-learn). Update :math:`t` (counted from 1)
    takes a gradient step with the rate :math:`\eta_t`, through
    :class:`skratch.optim.GradientDescent`:

    .. math::

        w \leftarrow \max(0, 1 - \eta_t\alpha_2)\, w - \frac{\eta_t}{|B|}\sum_{i\in B}
            v_i L'\big(y_i, f(x_i)\big)\, x_i, \qquad
        b \leftarrow b - \frac{\eta_t}{|B|}\sum_{i\in B} v_i L'\big(y_i, f(x_i)\big),

    where :math:`L' = \partial L / \partial f`, :math:`f` is taken before
    the step and :math:`\alpha_2` is the L2 part of the penalty: the
    gradient step :math:`w - \eta_t \alpha_2 w` on it, clipped at 0 as in
    scikit-learn. A factor :math:`1 - \eta_t\alpha_2 < 0` would carry
    :math:`w` past the penalty's minimum :math:`w = 0`; below :math:`-1`,
    to a larger :math:`-w` at every update, which grows without bound (the
    coefficients of ``alpha=30, eta0=0.1`` reached :math:`10^{225}`).
    Clipped, a step that large sets :math:`w` to 0 before the loss's pull.
    A sample's weight :math:`v_i` scales its step, so an integer weight is
    not the same as repeating the sample (the repeats would each see the
    model moved by the previous one), and a weight of 0 leaves the model
    to the penalty alone for that update. The L1 part is applied after the step by the
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
    running estimate of :math:`E`; like scikit-learn's, without the weights
    :math:`v_i`). Training stops when that loss has not
    fallen below ``best_loss - tol`` for ``n_iter_no_change`` consecutive
    epochs, or after ``max_iter`` epochs (with a
    :class:`~skratch.exceptions.ConvergenceWarning` if ``tol`` is not None).

    **Divergence.** With a squared loss, whose derivative is unbounded,
    steps too large for the data make each update larger than the last and
    :math:`E` grows without bound. Training then stops with a
    :class:`~skratch.exceptions.ConvergenceWarning`, saying what to change,
    once :math:`E` at the end of an epoch exceeds :math:`10^6` times its
    value at the start (or at :math:`w = 0`, if larger). (The other losses
    have a bounded derivative: the weights grow at most linearly, and a
    shrinking rate recovers from large steps.) With any loss, if the
    weights overflow the model goes back to where that epoch began, so it
    is never NaN, and training stops with the same warning.

    **Averaging** (``average``): from update :math:`t_a` on, the model is
    :math:`\bar\theta_t = \frac{1}{t - t_a + 1}\sum_{s=t_a}^{t} \theta_s`,
    the mean of the weights after each update (kept as a running mean,
    :math:`\bar\theta_t = \bar\theta_{t-1} + (\theta_t - \bar\theta_{t-1}) / (t - t_a + 1)`),
    which smooths out the noise of the last steps [4]_.
    SGD itself goes on moving :math:`\theta`; the steps, ``coef_`` and
    ``intercept_`` show :math:`\bar\theta`. With an L1 part, the mean is of
    the weights after the L1 step (scikit-learn's leaves that step out of
    its average, so the two differ there).

    ``partial_fit`` runs one epoch over the data it is given, from the
    current model (zeros on the first call), with the rate's schedule going
    on from the ``t_`` updates already made and no stopping rule.
    ``warm_start`` (or ``coef_init``/``intercept_init`` in ``fit``) starts
    ``fit`` from given weights instead of zeros; the schedule starts again.

    ``fit_steps`` yields an "init" step (all weights zero, or the given
    start), an "epoch" step
    after each epoch and, with ``step_per="batch"``, an "update" step after
    each mini-batch (its state adds ``samples``, the rows of ``X`` in the
    batch; ``visit``, the samples of the epoch visited so far;
    ``class_index``, the one-vs-rest problem; and ``learning_rate``). Every
    step's loss is the objective :math:`E` on the whole training set at that
    moment; every state holds ``coef``, ``intercept`` and ``epoch``. The
    fitted model is the same whichever ``step_per``.

    References
    ----------
    .. [1] L. Bottou, "Stochastic gradient descent tricks", in *Neural
       Networks: Tricks of the Trade*, 2nd ed., Springer, 2012.
    .. [2] Y. Tsuruoka, J. Tsujii and S. Ananiadou, "Stochastic gradient
       descent training for L1-regularized log-linear models with
       cumulative penalty", ACL-IJCNLP 2009.
    .. [3] T. Zhang, "Solving large scale linear prediction problems using
       stochastic gradient descent algorithms", ICML 2004.
    .. [4] B. T. Polyak and A. B. Juditsky, "Acceleration of stochastic
       approximation by averaging", SIAM Journal on Control and Optimization
       30(4), 1992.

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

    _parameter_constraints = {
        **_BaseSGD._parameter_constraints,
        "loss": [Options(*_REGRESSION_LOSSES)],
    }

    def __init__(self, loss="squared_error", *, penalty="l2", alpha=0.0001, l1_ratio=0.15,
                 fit_intercept=True, max_iter=1000, tol=1e-3, shuffle=True,
                 random_state=None, learning_rate="invscaling", eta0=0.01, power_t=0.25,
                 n_iter_no_change=5, warm_start=False, average=False, epsilon=0.1,
                 batch_size=1, step_per="epoch", verbose=0):
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
        self.warm_start = warm_start
        self.average = average
        self.epsilon = epsilon
        self.batch_size = batch_size
        self.step_per = step_per
        self.verbose = verbose

    def partial_fit(self, X, y, sample_weight=None):
        """One epoch of SGD over ``X``, from the current model (zeros at first).

        The schedule of the learning rate goes on from the updates already
        made (``t_``); there is no stopping rule: each call is one pass.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), float or None, default=None

        Returns
        -------
        self
        """
        return self._partial_fit(X, y, sample_weight)

    def _training_data(self, X, y, reset, classes=None):
        X, y = validate_data(self, X, y, reset=reset, y_required=True, y_numeric=True)
        return X, y.astype(np.float64)[None, :], y

    def _weights(self, X, Y, y, sample_weight, check_classes):
        return check_sample_weight(sample_weight, X, dtype=np.float64)[None, :]

    def _publish(self, runs):
        theta = self._shown(runs[0])
        self.coef_ = theta[:-1].copy()
        self.intercept_ = theta[-1:].copy()

    def predict(self, X):
        """Predict with the linear model :math:`Xw + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = check_fitted_input(self, X, ["coef_", "intercept_"])
        return X @ self.coef_ + self.intercept_[0]


class SGDClassifier(_LinearClassifierMixin, ClassifierMixin, _BaseSGD):
    r"""Linear classifiers (SVM, logistic regression, ...) by stochastic gradient descent.

    Fits the scores :math:`f(x) = w^\top x + b` of a linear model, class
    +1 where :math:`f(x) > 0`, by stepping against the gradient of one
    sample's loss at a time (or of a mini-batch's). The loss chooses the
    model: "hinge" gives a linear support vector machine, "log_loss"
    logistic regression. Several classes are learned one-vs-rest: one
    binary problem "class k against the rest" per class.

    Parameters
    ----------
    loss : str, default="hinge"
        The loss :math:`L(y, f)`: "hinge", "log_loss", "modified_huber",
        "squared_hinge", "perceptron", or one of the regression losses
        "squared_error", "huber", "epsilon_insensitive",
        "squared_epsilon_insensitive"; see Notes.
    penalty : {"l2", "l1", "elasticnet", None}, default="l2"
        The regulariser :math:`R(w)`; None for none.
    alpha : float, default=0.0001
        Strength :math:`\alpha` of the penalty. Also sets the rate of the
        "optimal" schedule.
    l1_ratio : float, default=0.15
        Elastic-net mixing :math:`\rho \in [0, 1]` ("elasticnet" only).
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
    warm_start : bool, default=False
        Start ``fit`` from the previous fit's ``coef_`` and ``intercept_``
        instead of zeros.
    average : bool or int, default=False
        Averaged SGD: the model is the mean of the weights over the updates
        (from the first with True, from update number ``average`` with an
        int), while training moves the weights as usual; see Notes.
    learning_rate : {"optimal", "constant", "invscaling", "adaptive"}, default="optimal"
        The schedule of the step size :math:`\eta_t`; see Notes.
    eta0 : float, default=0.01
        Initial step size :math:`\eta_0` of "constant", "invscaling" and
        "adaptive" (not used by "optimal").
    power_t : float, default=0.5
        Exponent :math:`p` of "invscaling".
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping (or, for "adaptive",
        before dividing the rate by 5).
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplying the gradient steps on their
        samples (see Notes). None: 1 for every class. A dict maps labels to
        weights (missing classes weigh 1). "balanced": :math:`n / (K n_c)`
        for the :math:`n_c` samples of class :math:`c` among :math:`n`,
        :math:`K` classes (counted without ``sample_weight``, as
        scikit-learn); not available in ``partial_fit``.
    epsilon : float, default=0.1
        :math:`\epsilon` of "huber" and the epsilon-insensitive losses.
    batch_size : int, default=1
        Samples per update (a teaching extra: scikit-learn always uses one).
    step_per : {"epoch", "batch"}, default="epoch"
        Yield a step after every epoch, or also after every mini-batch (a
        teaching extra, for small data).
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
        The class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        The weights: one row for two classes (scores for ``classes_[1]``),
        else one row per "class k against the rest".
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The intercepts.
    n_iter_ : int
        Epochs run (the most any one-vs-rest problem needed; 1 after
        ``partial_fit``).
    t_ : int
        1 + the number of updates made (``n_iter_ * n_samples + 1`` with
        one sample per update, as scikit-learn); ``partial_fit`` goes on
        from it.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it was a DataFrame with string
        column names; ``predict`` and the other methods then refuse data
        whose columns are named otherwise or ordered differently.

    See Also
    --------
    Perceptron : SGD with the perceptron loss, a constant rate 1 and no penalty.
    LogisticRegression : the log loss minimised by full-batch solvers.
    sklearn.linear_model.SGDClassifier : the model this one follows.

    Notes
    -----
    The losses, with :math:`y \in \{-1, +1\}` and the margin
    :math:`z = y f(x)`:

    * "hinge": :math:`\max(0, 1 - z)` (linear SVM);
    * "log_loss": :math:`\log(1 + e^{-z})` (logistic regression);
    * "modified_huber": :math:`\max(0, 1 - z)^2` if :math:`z \ge -1`, else
      :math:`-4z`;
    * "squared_hinge": :math:`\max(0, 1 - z)^2`;
    * "perceptron": :math:`\max(0, -z)`;
    * the regression losses of :class:`SGDRegressor` ("squared_error",
      "huber", "epsilon_insensitive", "squared_epsilon_insensitive"), with
      the targets :math:`y = \pm 1` as numbers to fit.

    ``predict_proba`` exists for "log_loss", :math:`P(+1) = 1/(1 + e^{-f})`,
    and "modified_huber", :math:`P(+1) = (\mathrm{clip}(f, -1, 1) + 1)/2`;
    with several classes the one-vs-rest probabilities are divided by their
    sum.

    Training is that of :class:`SGDRegressor`, whose Notes derive it for
    both models: the regularised risk :math:`E(w, b)` it minimises (here
    with the losses above, and each sample's weight :math:`v_i` times that
    of its class), the gradient step and the cumulative L1 step [2]_, the
    learning-rate schedules (Bottou's "optimal" one [1]_), the stopping
    rule, divergence, averaging [4]_, ``partial_fit`` and the steps. With
    :math:`K > 2` classes there are :math:`K` such problems, "class
    :math:`k` against the rest", with the targets :math:`y = +1` for class
    :math:`k` and :math:`-1` otherwise (class :math:`k` weighing
    ``class_weight[k]`` and the rest 1, as in scikit-learn); each epoch
    passes over the samples once for each problem, in the same order, and
    each problem stops by its own rule.
    With two classes there is one problem, for ``classes_[1]``.

    References
    ----------
    .. [1] L. Bottou, "Stochastic gradient descent tricks", in *Neural
       Networks: Tricks of the Trade*, 2nd ed., Springer, 2012.
    .. [2] Y. Tsuruoka, J. Tsujii and S. Ananiadou, "Stochastic gradient
       descent training for L1-regularized log-linear models with
       cumulative penalty", ACL-IJCNLP 2009.
    .. [3] T. Zhang, "Solving large scale linear prediction problems using
       stochastic gradient descent algorithms", ICML 2004.
    .. [4] B. T. Polyak and A. B. Juditsky, "Acceleration of stochastic
       approximation by averaging", SIAM Journal on Control and Optimization
       30(4), 1992.

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

    _parameter_constraints = {
        **_BaseSGD._parameter_constraints,
        **_CLASSIFIER_CONSTRAINTS,
        "loss": [Options(*_CLASSIFICATION_LOSSES)],
    }

    def __init__(self, loss="hinge", *, penalty="l2", alpha=0.0001, l1_ratio=0.15,
                 fit_intercept=True, max_iter=1000, tol=1e-3, shuffle=True,
                 random_state=None, learning_rate="optimal", eta0=0.01, power_t=0.5,
                 n_iter_no_change=5, class_weight=None, warm_start=False, average=False,
                 epsilon=0.1, batch_size=1, step_per="epoch",
                 n_jobs=None, verbose=0):
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
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.average = average
        self.epsilon = epsilon
        self.batch_size = batch_size
        self.step_per = step_per
        self.n_jobs = n_jobs
        self.verbose = verbose

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of SGD over ``X``, from the current model (zeros at first).

        The schedule of the learning rate goes on from the updates already
        made (``t_``); there is no stopping rule: each call is one pass.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), optional
            All the classes there will be. Required on the first call (when
            the model is not fitted yet), since one batch may not show them all.
        sample_weight : array-like of shape (n_samples,), float or None, default=None

        Returns
        -------
        self
        """
        _check_partial_fit_class_weight(self)
        return self._partial_fit(X, y, sample_weight, classes=_partial_fit_classes(self, classes))

    def _training_data(self, X, y, reset, classes=None):
        return _classification_data(self, X, y, reset, classes)

    def _weights(self, X, Y, y, sample_weight, check_classes):
        sample_weight = check_sample_weight(sample_weight, X, dtype=np.float64)
        weights = _problem_weights(self, Y, sample_weight, y)
        if check_classes:
            _check_weighted_classes(self, Y, weights)
        return weights

    def _publish(self, runs):
        self.coef_ = np.array([self._shown(run)[:-1] for run in runs])
        self.intercept_ = np.array([self._shown(run)[-1] for run in runs])

    def _problem_name(self, k):
        if len(self.classes_) == 2:
            return ""
        return f", class {_class_name(self.classes_[k])} vs rest"

    def _check_proba(self, name):
        if self.loss not in ("log_loss", "modified_huber"):
            # An AttributeError, so hasattr(clf, "predict_proba") is False.
            raise AttributeError(
                f"{name}: probability estimates are not available for "
                f"loss={self.loss!r}; use loss='log_loss' or 'modified_huber'."
            )

    @available_if(_check_proba)
    def predict_proba(self, X):
        """Probability of each class ("log_loss" and "modified_huber" only).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
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

    @available_if(_check_proba)
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` ("log_loss" and "modified_huber" only)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

