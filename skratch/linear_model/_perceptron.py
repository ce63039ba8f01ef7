"""The perceptron: correct the weights on each misclassified point, one at a time."""

import itertools
from numbers import Real

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..exceptions import warn_convergence
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ..utils.validation import check_random_state, check_sample_weight
from ._stochastic_gradient import (
    _CLASSIFIER_CONSTRAINTS,
    _SHARED_CONSTRAINTS,
    _check_partial_fit_class_weight,
    _check_weighted_classes,
    _class_name,
    _classification_data,
    _count_stalled_epoch,
    _initial_parameters,
    _LinearClassifierMixin,
    _partial_fit_classes,
    _problem_weights,
)

__all__ = ["Perceptron"]


def perceptron_update(w, b, x, y, eta, v=1.0):
    r"""The perceptron's correction on a misclassified point :math:`(x, y)`.

    .. math::

        w \leftarrow w + \eta\, v\, y\, x, \qquad b \leftarrow b + \eta\, v\, y

    with :math:`y \in \{-1, +1\}`, the step :math:`\eta` and the point's
    weight :math:`v` (1 unless weighted). Returns the new ``(w, b)``.
    """
    return w + eta * (v * y * x), b + eta * (v * y)


class _Run:
    """One binary problem in training: its parameters and progress."""

    def __init__(self, y, weight, w, b):
        self.y = y
        self.weight = weight                      # each sample's weight in this problem
        self.w = w
        self.b = b
        self.best_loss = np.inf
        self.stalled = 0
        self.done = False
        self.mistakes = 0
        self.epoch_loss = np.nan


class Perceptron(_LinearClassifierMixin, ClassifierMixin, BaseEstimator):
    r"""The perceptron: a linear classifier corrected one misclassified point at a time.

    Visits the training points in turn; each point on the wrong side of the
    line (plane) :math:`w^\top x + b = 0` pulls the weights towards itself:
    :math:`w \leftarrow w + \eta\, y_i x_i`, :math:`b \leftarrow b + \eta\, y_i`.
    Points on the right side change nothing. On linearly separable data the
    corrections stop after finitely many mistakes.

    Parameters
    ----------
    penalty : {None, "l2"}, default=None
        None: the classical perceptron. "l2": also shrink :math:`w` by
        :math:`1 - \eta\alpha` at every point (weight decay). For "l1" or
        "elasticnet" use ``SGDClassifier(loss="perceptron", penalty=...,
        learning_rate="constant", eta0=1.0)``.
    alpha : float, default=0.0001
        Strength :math:`\alpha` of the "l2" penalty.
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
        The step :math:`\eta` of each correction.
    random_state : int, numpy.random.Generator or None, default=0
        Seeds the shuffling.
    n_iter_no_change : int, default=5
        Epochs without improvement before stopping.
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplying the corrections on their points
        (see Notes). None: 1 for every class. A dict maps labels to weights
        (missing classes weigh 1). "balanced": :math:`n / (K n_c)` for the
        :math:`n_c` points of class :math:`c` among :math:`n`, :math:`K`
        classes (counted without ``sample_weight``, as scikit-learn).
    warm_start : bool, default=False
        Start ``fit`` from the previous fit's ``coef_`` and ``intercept_``
        instead of zeros.
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
        The weights :math:`w`: one row for two classes (scores for
        ``classes_[1]``), else one row per "class k against the rest".
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The intercepts :math:`b`.
    n_iter_ : int
        Epochs run (the most any one-vs-rest problem needed); 1 after
        ``partial_fit``.
    t_ : int
        1 + the number of points visited in training (``n_iter_ *
        n_samples + 1``, as scikit-learn).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it was a DataFrame with string
        column names; ``predict`` then refuses data whose columns are named
        otherwise or ordered differently.

    See Also
    --------
    SGDClassifier : the perceptron is its ``loss="perceptron"`` with a constant rate.
    sklearn.linear_model.Perceptron : the model this one follows.

    Notes
    -----
    With labels :math:`y_i \in \{-1, +1\}` (``classes_[1]`` is +1), the
    perceptron is stochastic gradient descent on the loss
    :math:`L(y, f) = \max(0, -y f)`, :math:`f(x) = w^\top x + b`, with a
    constant rate :math:`\eta` (``eta0``). A point with margin
    :math:`y_i f(x_i) \le 0` is a *mistake* (at the start, with
    :math:`w = 0`, every point is); the (sub)gradient step on it is

    .. math::

        w \leftarrow w + \eta\, y_i x_i, \qquad b \leftarrow b + \eta\, y_i,

    (``perceptron_update`` in this module), which turns :math:`w` towards
    :math:`x_i` when :math:`y_i = +1` and away from it when
    :math:`y_i = -1`. Each epoch visits the points one at a time, in its
    order: it scores the point with the model of that moment and corrects
    the model if the point is a mistake. With ``penalty="l2"`` every visit
    also shrinks :math:`w \leftarrow \max(0, 1 - \eta\alpha)\, w`, after
    the scoring and before any correction (the gradient step on
    :math:`\frac{\alpha}{2}\lVert w\rVert^2`; clipped at 0, as
    scikit-learn, because a factor below 0 would carry :math:`w` past the
    penalty's minimum 0, to a larger :math:`-w` at every visit once
    :math:`\eta\alpha > 2`).

    **Weights.** Point :math:`i` weighs :math:`v_i`: its ``sample_weight``
    times its class weight (with several classes, in the problem "class k
    against the rest", class :math:`k` weighs ``class_weight[k]`` and the
    rest 1, as scikit-learn). Its correction is :math:`v_i` times as large,
    :math:`w \leftarrow w + \eta\, v_i y_i x_i`, :math:`b \leftarrow b +
    \eta\, v_i y_i`; a point of weight 0 is never corrected on. (An
    integer weight is not the same as repeating the point: the repeats
    would stop being corrected once the first has moved the boundary.)

    **Convergence.** If some unit vector :math:`u` separates the classes
    with margin :math:`\gamma` (:math:`y_i u^\top x_i \ge \gamma`) and
    :math:`\lVert x_i\rVert \le R`, the perceptron without intercept
    makes at most :math:`(R/\gamma)^2` mistakes (Novikoff, 1962) [2]_.

    **Stopping** (as scikit-learn): an epoch's loss is the mean over its
    points of :math:`\max(0, -y_i f(x_i))` (plus
    :math:`\frac{\alpha}{2}\lVert w\rVert^2` with "l2"), each taken
    just before the point's visit, without the weights. Training stops when that loss has not
    fallen below ``best_loss - tol`` for ``n_iter_no_change`` consecutive
    epochs (so on separable data a few error-free epochs after the last
    mistake), or after
    ``max_iter`` epochs. Several classes are learned one-vs-rest: one binary
    perceptron "class k against the rest" per class, each with its own
    stopping; in every epoch each one still training makes its pass.

    ``partial_fit`` runs one epoch from the current model (the classes must
    be given on its first call), with no stopping rule.

    ``fit_steps`` yields an "init" step (:math:`w = 0`, or the start given
    by ``coef_init``/``intercept_init`` or ``warm_start``), an "update" step
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
    weighted perceptron loss :math:`\frac{1}{n}\sum_i v_i \max(0, -y_i
    f(x_i))` of the model now.

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
                 tol=1e-3, shuffle=True, eta0=1.0, random_state=0, n_iter_no_change=5,
                 class_weight=None, warm_start=False, n_jobs=None, verbose=0):
        self.penalty = penalty
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.eta0 = eta0
        self.random_state = random_state
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.verbose = verbose

    _parameter_constraints = {
        **_SHARED_CONSTRAINTS,
        **_CLASSIFIER_CONSTRAINTS,
        "penalty": [Options("l2", hint=(
            "For an l1 or elasticnet penalty use SGDClassifier(loss='perceptron', "
            "penalty='l1' or 'elasticnet', learning_rate='constant', eta0=1.0).")), None],
        "eta0": [Interval(Real, 0, None, closed="neither")],
    }

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit the perceptron: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init, intercept_init : array-like, optional
            Where to start instead of zeros (or the previous fit, with
            ``warm_start``), in the layout of ``coef_`` and ``intercept_``.
        sample_weight : array-like of shape (n_samples,), float or None, default=None
            Weight of each point: it multiplies the point's corrections (see
            Notes). None weighs every point 1.

        Returns
        -------
        self
        """
        for _ in self.fit_steps(X, y, coef_init=coef_init, intercept_init=intercept_init,
                                sample_weight=sample_weight):
            pass
        return self

    def fit_steps(self, X, y=None, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit the perceptron, yielding a :class:`~skratch.Step` per correction and per epoch.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init, intercept_init : array-like, optional
            Where to start instead of zeros (or the previous fit, with
            ``warm_start``).
        sample_weight : array-like of shape (n_samples,), float or None, default=None
            Weight of each point in its corrections; None weighs every point 1.

        Yields
        ------
        Step
            "init", then an "update" per correction and an "epoch" after
            each pass over the data.
        """
        warm = (coef_init is not None or intercept_init is not None
                or (self.warm_start and hasattr(self, "coef_")))
        X, Y, labels = _classification_data(self, X, y, reset=True)
        X = X.astype(np.float64, copy=False)
        weights = self._weights(X, Y, labels, sample_weight)
        _check_weighted_classes(self, Y, weights)
        theta = (_initial_parameters(self, len(Y), X.shape[1], coef_init, intercept_init)
                 if warm else np.zeros((len(Y), X.shape[1] + 1)))
        runs = [_Run(Y[k], weights[k], theta[k, :-1].copy(), theta[k, -1])
                for k in range(len(Y))]
        counter = itertools.count()

        self._publish(runs)
        self.n_iter_, self.t_ = 0, 1
        message = ("start from the given w and b" if warm
                   else "start at w = 0, b = 0: every point is on the boundary")
        yield Step(index=next(counter), kind="init", message=message,
                   loss=self._loss(X, Y, weights), state=self._state(epoch=0))
        converged = yield from self._epochs(X, Y, labels, weights, runs, counter, self.max_iter)
        if not converged and self.tol is not None:
            warn_convergence(
                f"Perceptron reached max_iter={self.max_iter} epochs before the "
                f"loss stopped improving by tol={self.tol}; the data may not be "
                "linearly separable. Increase max_iter or set tol=None.",
            )

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of the perceptron over ``X``, from the current model (zeros at first).

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
        classes = _partial_fit_classes(self, classes)
        first = not hasattr(self, "coef_")
        X, Y, labels = _classification_data(self, X, y, reset=first, classes=classes)
        X = X.astype(np.float64, copy=False)
        weights = self._weights(X, Y, labels, sample_weight)
        if first:
            coef, intercept = np.zeros((len(Y), X.shape[1])), np.zeros(len(Y))
            self.t_ = 1
        else:
            coef, intercept = self.coef_, self.intercept_
        runs = [_Run(Y[k], weights[k], coef[k].copy(), intercept[k]) for k in range(len(Y))]
        # A paused fit_steps generator must not resume over this update.
        self._fit_run = getattr(self, "_fit_run", 0) + 1
        self._publish(runs)
        for _ in self._epochs(X, Y, labels, weights, runs, itertools.count(), 1):
            pass
        return self

    def _weights(self, X, Y, labels, sample_weight):
        sample_weight = check_sample_weight(sample_weight, X, dtype=np.float64)
        return _problem_weights(self, Y, sample_weight, labels)

    def _epochs(self, X, Y, y, weights, runs, counter, max_iter):
        """At most ``max_iter`` epochs, yielding the steps; returns whether training stopped."""
        n_samples = len(X)
        rng = check_random_state(self.random_state)
        weighted = bool(np.any(weights != 1))
        for epoch in range(1, max_iter + 1):
            order = rng.permutation(n_samples) if self.shuffle else np.arange(n_samples)
            X_epoch = X[order]
            for k, run in enumerate(runs):
                if run.done:
                    continue
                for position, (w_before, b_before) in self._one_pass(
                        run, X_epoch, run.y[order], run.weight[order]):
                    sample = int(order[position])
                    target = run.y[sample]
                    self._publish(runs)
                    coef_before, intercept_before = self.coef_.copy(), self.intercept_.copy()
                    coef_before[k], intercept_before[k] = w_before, b_before
                    weight = run.weight[sample] if weighted else None
                    yield Step(
                        index=next(counter), kind="update",
                        message=self._update_message(epoch, k, run.mistakes, sample, target,
                                                     weight),
                        loss=None,
                        state=self._state(epoch=epoch, coef_before=coef_before,
                                          intercept_before=intercept_before, sample=sample,
                                          point=X[sample], target=target, class_index=k,
                                          visit=position + 1, mistakes=run.mistakes))
                _count_stalled_epoch(run, run.epoch_loss, self.tol)
                run.done = self.tol is not None and run.stalled >= self.n_iter_no_change
            self._publish(runs)
            self.n_iter_ = epoch
            self.t_ += n_samples
            mistakes = np.array([run.mistakes for run in runs])
            # The training data are validated already (and have lost any
            # column names): score them directly rather than through predict.
            scores = X @ self.coef_.T + self.intercept_
            predicted = self._labels_of(scores[:, 0] if len(runs) == 1 else scores)
            misclassified = int(np.count_nonzero(predicted != y))
            yield Step(index=next(counter), kind="epoch",
                       message=self._epoch_message(epoch, runs, misclassified),
                       loss=self._loss(X, Y, weights),
                       state=self._state(epoch=epoch, mistakes=mistakes,
                                         misclassified=misclassified))
            for run in runs:
                run.mistakes = 0
            if all(run.done for run in runs):
                return True
        return False

    def _one_pass(self, run, X_epoch, y_epoch, weight_epoch):
        """One epoch of one binary perceptron, visiting the points in the order of ``X_epoch``.

        Yields ``(position in the epoch, (w, b) just before the correction)``
        after each correction; sets ``run.w``, ``run.b``, ``run.mistakes``
        and ``run.epoch_loss``.
        """
        eta, alpha = float(self.eta0), self.alpha
        l2 = self.penalty == "l2"
        # The "l2" penalty shrinks w by this factor at every visit; below 0
        # it would overshoot the penalty's minimum w = 0 (Notes).
        decay = max(0.0, 1.0 - eta * alpha) if l2 else 1.0
        w, b = run.w, run.b
        total_loss = 0.0
        for position, (x, y, v) in enumerate(zip(X_epoch, y_epoch, weight_epoch)):
            margin = y * (x @ w + b)
            before = w, b
            # The stopping rule's loss of this visit, taken before it.
            total_loss += max(-margin, 0.0)
            if l2:
                # The penalty: its term of that loss, then its shrinking of w.
                total_loss += 0.5 * alpha * (w @ w)
                w = w * decay
            # A mistake: on the boundary or the wrong side of it. A point of
            # weight 0 is never corrected on.
            if margin <= 0 and v > 0:
                w, new_b = perceptron_update(w, b, x, y, eta, v)
                if self.fit_intercept:
                    b = new_b
                run.w, run.b = w, b
                run.mistakes += 1
                yield position, before
        run.w, run.b = w, b
        run.epoch_loss = total_loss / len(y_epoch)

    def _publish(self, runs):
        self.coef_ = np.array([run.w for run in runs])
        self.intercept_ = np.array([run.b for run in runs])

    def _state(self, epoch, **extra):
        return {"coef": self.coef_, "intercept": self.intercept_, "epoch": epoch, **extra}

    def _loss(self, X, Y, weights):
        """Mean weighted perceptron loss of the model now, averaged over the binary problems."""
        scores = X @ self.coef_.T + self.intercept_
        return float(np.mean(weights.T * np.maximum(-Y.T * scores, 0.0)))

    def _update_message(self, epoch, k, mistakes, sample, target, weight=None):
        which = ("" if len(self.classes_) == 2
                 else f", class {_class_name(self.classes_[k])} vs rest")
        if weight is None:
            rule = "w += η·y·x, b += η·y"
        else:
            rule = f"w += η·v·y·x, b += η·v·y with its weight v = {weight:.4g}"
        return (f"epoch {epoch}{which}, mistake {mistakes}: point {sample} "
                f"(y = {target:+.0f}) is on the wrong side, so {rule}")

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
