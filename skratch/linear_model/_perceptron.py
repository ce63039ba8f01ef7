"""The perceptron: correct the weights on each misclassified point, one at a time."""

import itertools
import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import warn_convergence
from ..optim import GradientDescent
from ..steps import Step
from ..utils.validation import check_random_state, check_X_y
from ._stochastic_gradient import (
    _check_choice,
    _check_common_params,
    _check_real,
    _class_name,
    _count_stalled_epoch,
    _LinearClassifierMixin,
    _one_vs_rest_targets,
)

__all__ = ["Perceptron"]

# Bounds on the points scored per matrix-vector product while looking for
# the next mistake: enough to amortise the product, few enough that the
# scores thrown away after a mistake cost little.
_MIN_CHUNK, _MAX_CHUNK = 32, 1024


class _Run:
    """One binary problem in training: its parameters and progress."""

    def __init__(self, y, n_features, eta0):
        self.y = y
        self.theta = np.zeros(n_features + 1)     # (w, b) packed for the optimizer
        self.optimizer = GradientDescent(learning_rate=eta0)
        self.best_loss = np.inf
        self.stalled = 0
        self.done = False
        self.mistakes = 0
        self.epoch_loss = np.nan


class Perceptron(_LinearClassifierMixin, ClassifierMixin, BaseEstimator):
    """The perceptron: a linear classifier corrected one misclassified point at a time.

    Visits the training points in turn; each point on the wrong side of the
    line (plane) :math:`w^\\top x + b = 0` pulls the weights towards itself:
    :math:`w \\leftarrow w + \\eta\\, y_i x_i`, :math:`b \\leftarrow b + \\eta\\, y_i`.
    Points on the right side change nothing. On linearly separable data the
    corrections stop after finitely many mistakes.

    Parameters
    ----------
    penalty : {None, "l2"}, default=None
        None: the classical perceptron. "l2": also shrink :math:`w` by
        :math:`1 - \\eta\\alpha` at every point (weight decay). For "l1" or
        "elasticnet" use ``SGDClassifier(loss="perceptron", penalty=...,
        learning_rate="constant", eta0=1.0)``.
    alpha : float, default=0.0001
        Strength :math:`\\alpha` of the "l2" penalty.
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`.
    max_iter : int, default=1000
        Most epochs (passes over the data).
    tol : float or None, default=1e-3
        Stop when an epoch's loss has not fallen below the best so far minus
        ``tol`` for ``n_iter_no_change`` consecutive epochs (see Notes).
        None: always run ``max_iter`` epochs.
    shuffle : bool, default=True
        Visit the points in a new random order each epoch.
    eta0 : float, default=1.0
        The step :math:`\\eta` of each correction.
    random_state : int, numpy.random.Generator or None, default=0
        Seeds the shuffling.
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        The weights :math:`w`: one row for two classes (scores for
        ``classes_[1]``), else one row per "class k against the rest".
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The intercepts :math:`b`.
    n_iter_ : int
        Epochs run (the most any one-vs-rest problem needed).
    n_features_in_ : int
        Number of features seen in fit.

    See Also
    --------
    SGDClassifier : the perceptron is its ``loss="perceptron"`` with a constant rate.
    sklearn.linear_model.Perceptron : the model this one follows.

    Notes
    -----
    With labels :math:`y_i \\in \\{-1, +1\\}` (``classes_[1]`` is +1), the
    perceptron is stochastic gradient descent on the loss
    :math:`L(y, f) = \\max(0, -y f)`, :math:`f(x) = w^\\top x + b`, with a
    constant rate :math:`\\eta` (``eta0``). A point with margin
    :math:`y_i f(x_i) \\le 0` is a *mistake* (at the start, with
    :math:`w = 0`, every point is); the (sub)gradient step on it is

    .. math::

        w \\leftarrow w + \\eta\\, y_i x_i, \\qquad b \\leftarrow b + \\eta\\, y_i,

    taken through :class:`skratch.optim.GradientDescent`, which turns
    :math:`w` towards :math:`x_i` when :math:`y_i = +1` and away from it
    when :math:`y_i = -1`. With ``penalty="l2"`` every visit also shrinks
    :math:`w \\leftarrow (1 - \\eta\\alpha) w` (the gradient of
    :math:`\\frac{\\alpha}{2}\\lVert w\\rVert^2`).

    Between two mistakes nothing changes but that shrinking, so the scores
    of the points up to the next mistake are computed in one matrix-vector
    product rather than one point at a time; the result is the same.

    **Convergence.** If some unit vector :math:`u` separates the classes
    with margin :math:`\\gamma` (:math:`y_i u^\\top x_i \\ge \\gamma`) and
    :math:`\\lVert x_i\\rVert \\le R`, the perceptron without intercept
    makes at most :math:`(R/\\gamma)^2` mistakes (Novikoff, 1962) [2]_.

    **Stopping** (as scikit-learn): an epoch's loss is the mean over its
    points of :math:`\\max(0, -y_i f(x_i))` (plus
    :math:`\\frac{\\alpha}{2}\\lVert w\\rVert^2` with "l2"), each taken
    just before the point's visit. Training stops when that loss has not
    fallen below ``best_loss - tol`` for ``n_iter_no_change`` consecutive
    epochs (so on separable data a few error-free epochs after the last
    mistake), or after
    ``max_iter`` epochs. Several classes are learned one-vs-rest: one binary
    perceptron "class k against the rest" per class, each with its own
    stopping; in every epoch each one still training makes its pass.

    ``fit_steps`` yields an "init" step (:math:`w = 0`), an "update" step
    per correction and an "epoch" step after each epoch. Every state holds
    ``coef``, ``intercept`` and ``epoch``. An "update" state adds
    ``coef_before`` and ``intercept_before`` (the model just before the
    correction), ``sample`` (the row of ``X`` corrected on), ``point`` (that
    row), ``target`` (its :math:`y_i`, -1 or +1), ``class_index`` (which
    one-vs-rest problem; 0 for two classes), ``visit`` (the points of the
    epoch visited so far) and ``mistakes`` (corrections so far in the epoch
    for that problem); its loss is None. An "epoch" state
    adds ``mistakes`` (per problem, in that epoch) and ``misclassified`` (the
    training points the model now gets wrong); its loss is the mean
    perceptron loss :math:`\\frac{1}{n}\\sum_i \\max(0, -y_i f(x_i))` of the
    model now.

    References
    ----------
    .. [1] F. Rosenblatt, "The perceptron: a probabilistic model for
       information storage and organization in the brain", Psychological
       Review 65(6), 1958.
    .. [2] A. B. J. Novikoff, "On convergence proofs on perceptrons",
       Symposium on the Mathematical Theory of Automata, 1962.
    .. [3] C. M. Bishop, *Pattern Recognition and Machine Learning*,
       Springer, 2006, section 4.1.7.

    Examples
    --------
    >>> from skratch.datasets import make_blobs
    >>> from skratch.linear_model import Perceptron
    >>> X, y = make_blobs(n_samples=40, centers=2, random_state=0)
    >>> clf = Perceptron()
    >>> steps = list(clf.fit_steps(X, y))
    >>> steps[1].kind, steps[1].message
    ('update', 'epoch 1, mistake 1: point 11 (y = -1) is on the wrong side, so w += η·y·x, b += η·y')
    >>> clf.score(X, y)
    1.0
    """

    def __init__(self, *, penalty=None, alpha=0.0001, fit_intercept=True, max_iter=1000,
                 tol=1e-3, shuffle=True, eta0=1.0, random_state=0, n_iter_no_change=5):
        self.penalty = penalty
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.eta0 = eta0
        self.random_state = random_state
        self.n_iter_no_change = n_iter_no_change

    def _validate_params(self):
        if self.penalty in ("l1", "elasticnet"):
            raise ValueError(
                f"Perceptron supports penalty=None or 'l2', got {self.penalty!r}; for "
                f"an {self.penalty} penalty use SGDClassifier(loss='perceptron', "
                f"penalty={self.penalty!r}, learning_rate='constant', eta0=1.0)."
            )
        _check_choice("penalty", self.penalty, (None, "l2"))
        _check_common_params(self)
        _check_real("eta0", self.eta0, 0.0, low_open=True)

    def fit_steps(self, X, y=None):
        """Fit the perceptron, yielding a :class:`~skratch.Step` per correction and per epoch.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Yields
        ------
        Step
            "init", then an "update" per correction and an "epoch" after
            each pass over the data.
        """
        self._validate_params()
        X, y = check_X_y(X, y)
        X = X.astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        self.n_features_in_ = n_features
        self.classes_, Y = _one_vs_rest_targets(y, "Perceptron")
        rng = check_random_state(self.random_state)
        runs = [_Run(Y[k], n_features, float(self.eta0)) for k in range(len(Y))]
        counter = itertools.count()

        self._publish(runs)
        self.n_iter_ = 0
        yield Step(index=next(counter), kind="init",
                   message="start at w = 0, b = 0: every point is on the boundary",
                   loss=self._loss(X, Y), state=self._state(epoch=0))

        for epoch in range(1, self.max_iter + 1):
            order = rng.permutation(n_samples) if self.shuffle else np.arange(n_samples)
            X_epoch = X[order]
            for k, run in enumerate(runs):
                if run.done:
                    continue
                for position, theta_before in self._one_pass(run, X_epoch, run.y[order]):
                    sample = int(order[position])
                    target = run.y[sample]
                    self._publish(runs)
                    coef_before, intercept_before = self.coef_.copy(), self.intercept_.copy()
                    coef_before[k], intercept_before[k] = theta_before[:-1], theta_before[-1]
                    yield Step(
                        index=next(counter), kind="update",
                        message=self._update_message(epoch, k, run.mistakes, sample, target),
                        loss=None,
                        state=self._state(epoch=epoch, coef_before=coef_before,
                                          intercept_before=intercept_before, sample=sample,
                                          point=X[sample], target=target, class_index=k,
                                          visit=position + 1, mistakes=run.mistakes))
                _count_stalled_epoch(run, run.epoch_loss, self.tol)
                run.done = self.tol is not None and run.stalled >= self.n_iter_no_change
            self._publish(runs)
            self.n_iter_ = epoch
            mistakes = np.array([run.mistakes for run in runs])
            misclassified = int(np.count_nonzero(self.predict(X) != y))
            yield Step(index=next(counter), kind="epoch",
                       message=self._epoch_message(epoch, runs, misclassified),
                       loss=self._loss(X, Y),
                       state=self._state(epoch=epoch, mistakes=mistakes,
                                         misclassified=misclassified))
            for run in runs:
                run.mistakes = 0
            if all(run.done for run in runs):
                break
        else:
            if self.tol is not None:
                warn_convergence(
                    f"Perceptron reached max_iter={self.max_iter} epochs before the "
                    f"loss stopped improving by tol={self.tol}; the data may not be "
                    "linearly separable. Increase max_iter or set tol=None.",
                )

    def _one_pass(self, run, X_epoch, y_epoch):
        """One epoch of one binary perceptron, in the order of ``X_epoch``.

        Yields ``(position in the epoch, parameters just before the
        correction)`` after each correction; sets ``run.mistakes`` and
        ``run.epoch_loss``.
        """
        n_samples = len(y_epoch)
        l2 = self.penalty == "l2"
        # The "l2" penalty shrinks w by this factor at every visit.
        decay = 1.0 - self.eta0 * self.alpha if l2 else 1.0
        total_loss = 0.0
        start = 0
        while start < n_samples:
            # Score about four average gaps between mistakes ahead.
            chunk = min(max(4 * start // (run.mistakes + 1), _MIN_CHUNK), _MAX_CHUNK)
            stop = min(start + chunk, n_samples)
            theta = run.theta
            w, b = theta[:-1], theta[-1]
            scores = X_epoch[start:stop] @ w
            if l2:
                # The j-th point from `start` is scored by w shrunk j times.
                shrink = decay ** np.arange(stop - start)
                scores *= shrink
            margins = y_epoch[start:stop] * (scores + b)
            wrong = np.flatnonzero(margins <= 0)
            if l2:
                # The penalty's term of the objective at each visited point.
                visited = stop - start if wrong.size == 0 else wrong[0] + 1
                total_loss += 0.5 * self.alpha * (w @ w) * np.sum(shrink[:visited] ** 2)
            if wrong.size == 0:
                if l2:
                    run.theta = np.append(w * decay ** (stop - start), b)
                start = stop
                continue
            j = wrong[0]
            total_loss -= margins[j]
            position = start + j
            before = np.append(w * decay ** j, b) if l2 else theta
            x, target = X_epoch[position], y_epoch[position]
            # The gradient of max(0, -y f) (+ the penalty) at a mistake.
            grad = np.empty_like(before)
            grad[:-1] = -target * x
            if l2:
                grad[:-1] += self.alpha * before[:-1]
            grad[-1] = -target if self.fit_intercept else 0.0
            run.theta = run.optimizer.step(before, grad)
            run.mistakes += 1
            yield position, before
            start = position + 1
        run.epoch_loss = total_loss / n_samples

    def _publish(self, runs):
        self.coef_ = np.array([run.theta[:-1] for run in runs])
        self.intercept_ = np.array([run.theta[-1] for run in runs])

    def _state(self, epoch, **extra):
        return {"coef": self.coef_, "intercept": self.intercept_, "epoch": epoch, **extra}

    def _loss(self, X, Y):
        """Mean perceptron loss of the model now, averaged over the binary problems."""
        scores = X @ self.coef_.T + self.intercept_
        return float(np.mean(np.maximum(-Y.T * scores, 0.0)))

    def _update_message(self, epoch, k, mistakes, sample, target):
        which = ("" if len(self.classes_) == 2
                 else f", class {_class_name(self.classes_[k])} vs rest")
        return (f"epoch {epoch}{which}, mistake {mistakes}: point {sample} "
                f"(y = {target:+.0f}) is on the wrong side, so w += η·y·x, b += η·y")

    def _epoch_message(self, epoch, runs, misclassified):
        if len(runs) == 1:
            made = f"{runs[0].mistakes} mistake{'s' if runs[0].mistakes != 1 else ''}"
        else:
            made = "mistakes per class vs rest " + str([run.mistakes for run in runs])
        text = (f"epoch {epoch}: {made}; {misclassified} training "
                f"point{'s' if misclassified != 1 else ''} misclassified now")
        if all(run.done for run in runs):
            text += f"; stopped: {self.n_iter_no_change} epochs without a gain of tol"
        return text
