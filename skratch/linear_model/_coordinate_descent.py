"""Lasso and elastic net by cyclic coordinate descent, soft-thresholding written out."""

import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, RegressorMixin
from ..exceptions import warn_convergence
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ..utils.validation import (
    check_fitted_input,
    check_random_state,
    check_sample_weight,
    validate_data,
)
from ._base import (
    _FLOAT_DTYPES,
    _fmt,
    _intercept_scalar,
    _least_squares_data,
    _penalty_at_unit_scale,
)

__all__ = ["Lasso", "ElasticNet", "soft_threshold", "update_coordinate"]


def soft_threshold(z, gamma):
    r"""The soft-thresholding operator :math:`S(z, \gamma)`.

    .. math::

        S(z, \gamma) = \operatorname{sign}(z) \max(|z| - \gamma, 0).

    It moves :math:`z` towards zero by :math:`\gamma` and stops at zero: the
    minimiser of :math:`\frac{1}{2}(w - z)^2 + \gamma |w|`.

    Parameters
    ----------
    z : float or ndarray
    gamma : float, >= 0

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model._coordinate_descent import soft_threshold
    >>> soft_threshold(np.array([-3.0, -0.5, 0.0, 0.5, 3.0]), 1.0)
    array([-2.,  0.,  0.,  0.,  2.])
    >>> soft_threshold(2.5, 1.0)
    1.5
    """
    if isinstance(z, float):
        # One coordinate at a time (the solver's case): plain arithmetic is
        # several times faster than NumPy on a scalar.
        if z > gamma:
            return z - gamma
        if z < -gamma:
            return z + gamma
        return 0.0
    return np.sign(z) * np.maximum(np.abs(z) - gamma, 0.0) + 0.0  # + 0.0: no -0.0


def update_coordinate(x_j, r, w_j, c_j, lambda_1, lambda_2, positive=False):
    r"""One coordinate update: the :math:`w_j` minimising the objective, the others fixed.

    .. math::

        z_j = \frac{1}{n} x_j^\top r + c_j w_j,
        \qquad
        w_j \leftarrow \frac{S(z_j, \lambda_1)}{c_j + \lambda_2}

    (:math:`\max(z_j - \lambda_1, 0)` in place of :math:`S(z_j, \lambda_1)`
    for non-negative weights). The derivation is in the Notes of
    :class:`ElasticNet`.

    Parameters
    ----------
    x_j : ndarray of shape (n,)
        Feature :math:`j` (centred).
    r : ndarray of shape (n,)
        The residual :math:`r = y_c - X_c w` at the current weights.
    w_j : float
        The current weight of feature :math:`j`.
    c_j : float
        The feature's scale :math:`c_j = \lVert x_j \rVert^2 / n`.
    lambda_1, lambda_2 : float
        The L1 and L2 penalties :math:`\lambda_1, \lambda_2 \ge 0`.
    positive : bool, default=False
        Keep the weight non-negative.

    Returns
    -------
    z_j : float
    new_w_j : float

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model._coordinate_descent import update_coordinate
    >>> x_j, r = np.array([1.0, -1.0, 2.0, 0.0]), np.array([0.5, -0.5, 1.0, 0.2])
    >>> update_coordinate(x_j, r, 0.0, c_j=1.5, lambda_1=0.25, lambda_2=0.0)
    (0.75, 0.3333333333333333)
    >>> update_coordinate(x_j, r, 0.0, c_j=1.5, lambda_1=1.0, lambda_2=0.0)
    (0.75, 0.0)
    """
    # The correlation of x_j with the partial residual r + x_j w_j: what the
    # other features leave for feature j to explain.
    z_j = float(x_j @ r) / len(r) + c_j * w_j
    if positive:
        return z_j, max(z_j - lambda_1, 0.0) / (c_j + lambda_2)
    return z_j, soft_threshold(z_j, lambda_1) / (c_j + lambda_2)


def _sweep(columns, r, w, order, c, lambda_1, lambda_2, positive):
    """One sweep of coordinate descent: update the weights of ``order`` one after the other.

    ``columns`` holds the features as rows (:math:`x_j` is ``columns[j]``)
    and ``c`` their scales :math:`c_j`. ``w`` and the residual
    :math:`r = y_c - X_c w` are updated in place. After each update, yields
    ``(j, z_j, old_w_j, new_w_j)``, the new weight as stored (rounded in
    float32).
    """
    for j in order:
        x_j, w_j = columns[j], float(w[j])
        z_j, new_w_j = update_coordinate(x_j, r, w_j, c[j], lambda_1, lambda_2, positive)
        if new_w_j != w_j:
            w[j] = new_w_j
            new_w_j = float(w[j])
            r -= (new_w_j - w_j) * x_j  # r stays y_c - X_c w, at O(n) per update
        yield j, z_j, w_j, new_w_j


def _objective(r, w, lambda_1, lambda_2):
    r""":math:`P(w) = \frac{1}{2n}\lVert r \rVert^2 + \lambda_1 \lVert w \rVert_1
    + \frac{\lambda_2}{2} \lVert w \rVert^2` for the residuals :math:`r`."""
    return float((r @ r) / (2 * len(r)) + lambda_1 * np.abs(w).sum()
                 + 0.5 * lambda_2 * (w @ w))


def _duality_gap(columns, y_c, r, w, lambda_1, lambda_2, positive):
    r"""The duality gap :math:`G(w) = P(w) - D(\theta) \ge P(w) - P(w^*)` (see Notes).

    ``columns`` holds the centred features as rows, :math:`X_c^\top`.
    """
    n = len(r)
    v = columns @ r / n  # each feature's correlation with the residual
    if lambda_1 == 0 and lambda_2 > 0:
        # Pure L2: θ = r is dual feasible; the gap is the Fenchel-Young gap
        # g(w) + g*(v) - w·v of the penalty g, written as a sum of
        # non-negative terms so rounding cannot make it negative.
        v_plus = np.maximum(v, 0.0) if positive else v
        excess = lambda_2 * w - v_plus
        return float((excess @ excess) / (2 * lambda_2) + w @ (v_plus - v))
    u = v - lambda_2 * w
    dual_norm = u.max() if positive else np.abs(u).max()
    s = 1.0 if dual_norm <= lambda_1 else lambda_1 / dual_norm
    augmented_sq = r @ r + n * lambda_2 * (w @ w)
    primal = augmented_sq / (2 * n) + lambda_1 * np.abs(w).sum()
    dual = (s * (r @ y_c) - 0.5 * s * s * augmented_sq) / n
    return float(primal - dual)


def _to_data_units(values, exponent):
    """Numbers of the unit-scale problem times :math:`2^{exponent}` (a float64 array)."""
    with np.errstate(over="ignore"):
        return np.ldexp(np.asarray(values, dtype=np.float64), exponent)


class _CoordinateDescentRegressor(RegressorMixin, BaseEstimator):
    """What Lasso and ElasticNet share: the solver, the steps, fit and predict."""

    def _l1_ratio(self):
        return self.l1_ratio

    _parameter_constraints = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", Options("auto"), np.ndarray],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [Options("cyclic", "random")],
        "step_per": [Options("sweep", "coordinate")],
    }

    def _validate_params(self):
        super()._validate_params()
        name = type(self).__name__
        if self.alpha == 0:
            warnings.warn(
                "With alpha=0, this algorithm does not converge well. You are "
                f"advised to use the LinearRegression estimator: {name} is then "
                "least squares, which coordinate descent solves slowly and cannot "
                "certify.", UserWarning, stacklevel=4,
            )

    def _check_gram(self, gram, X, sample_weight):
        r"""Check a Gram matrix given as ``precompute`` against the data it stands for.

        The solver keeps the residual up to date and never needs
        :math:`X^\top X`, so a given Gram matrix is only checked, as
        scikit-learn checks one: it must be that of the (weighted, and
        centred when fitting an intercept) training data.
        """
        n_features = X.shape[1]
        if np.shape(gram) != (n_features, n_features):
            raise ValueError(
                f"Gram matrix passed in via 'precompute' did not pass validation: its "
                f"shape is {np.shape(gram)}, but X has {n_features} features, so it "
                f"must be {(n_features, n_features)}."
            )
        X_weighted = X * np.sqrt(sample_weight)[:, None]
        if self.fit_intercept:
            mean = np.average(X, axis=0, weights=sample_weight)
            if not np.allclose(mean, 0.0, atol=1e-7 * max(1.0, float(np.abs(X).max()))):
                warnings.warn(
                    "Gram matrix was provided but X was centered to fit intercept: "
                    "recomputing Gram matrix. (Skratch's coordinate descent does not "
                    "use it; the fit is the same.)", UserWarning, stacklevel=4,
                )
                return
            X_weighted = (X - mean) * np.sqrt(sample_weight)[:, None]
        expected = X_weighted.T @ X_weighted
        rtol = 1e-4 if X.dtype == np.float32 else 1e-7
        scale = float(np.abs(expected).max()) or 1.0
        differs = np.abs(gram - expected) > rtol * scale
        if np.any(differs):
            i, j = np.argwhere(differs)[0]
            raise ValueError(
                "Gram matrix passed in via 'precompute' did not pass validation: it "
                f"is not X^T X of the training data (element ({i}, {j}) is "
                f"{gram[i, j]:.6g}, X^T X gives {expected[i, j]:.6g}). Compute it from "
                "the same (weighted, centred) X, or use precompute=False."
            )

    def _set_model(self, w, data):
        """Set ``coef_`` and ``intercept_`` from the unit-scale weights ``w``."""
        self.coef_ = data.coef(w)
        # As in scikit-learn: a NumPy number of the model's dtype, or the float 0.0.
        self.intercept_ = (_intercept_scalar(data.intercept(w)[0]) if self.fit_intercept
                           else 0.0)

    def _starting_coef(self, n_features):
        """The weights to start from (data units): None for zeros, or the last fit's with ``warm_start``."""
        if not self.warm_start or not hasattr(self, "coef_"):
            return None
        coef = np.asarray(self.coef_)
        if coef.shape != (n_features,):
            raise ValueError(
                f"warm_start=True starts from the previous fit's coef_, of shape "
                f"{coef.shape}, but X has {n_features} features. Fit once with "
                "warm_start=False on data of this shape first."
            )
        return coef

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Fit the model: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : float or array-like of shape (n_samples,), optional
            Weight of each sample (by default all 1): an integer weight
            counts as that many copies of the sample. As in scikit-learn,
            the weights are rescaled to sum to n_samples.
        check_input : bool, default=True
            Accepted for compatibility with scikit-learn, where False skips
            the input checks; Skratch always checks its input.

        Returns
        -------
        self
        """
        return super().fit(X, y, sample_weight=sample_weight)

    def fit_steps(self, X, y=None, sample_weight=None):
        """Fit the model, yielding a :class:`~skratch.Step` per sweep (or per coordinate).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : float or array-like of shape (n_samples,), optional
            Weight of each sample; by default all 1.

        Yields
        ------
        Step
            "init" (the starting point), then one "sweep" per pass over the
            coordinates; with ``step_per="coordinate"``, each sweep step is
            preceded by one "coordinate" step per coordinate visited.
        """
        self._validate_params()
        X, y = validate_data(self, X, y, reset=True, y_required=True, y_numeric=True,
                             dtype=_FLOAT_DTYPES)
        y = y.astype(X.dtype, copy=False)
        w_start = self._starting_coef(X.shape[1])
        sample_weight = check_sample_weight(sample_weight, X)
        # scikit-learn's convention: the weights sum to n, so that the
        # objective keeps its 1/(2n) and alpha its meaning (see Notes).
        sample_weight = sample_weight * (X.shape[0] / sample_weight.sum())
        if isinstance(self.precompute, np.ndarray):
            self._check_gram(self.precompute, X, sample_weight)
        # The L2 part of the penalty sets the size X is brought from (see
        # _least_squares_data), so that it cannot overflow at unit scale.
        l2_part = float(self.alpha) * (1.0 - float(self._l1_ratio()))
        data = _least_squares_data(X, y.reshape(-1, 1), sample_weight, self.fit_intercept,
                                   x_size=np.sqrt(l2_part), overwrite_X=not self.copy_X)
        yield from self._coordinate_descent(data, w_start)

    def _coordinate_descent(self, data, w_start):
        """Sweeps of coordinate descent on the prepared problem, and their bookkeeping.

        The sweeps (:func:`_sweep`, each update an :func:`update_coordinate`)
        are the algorithm; around them, the duality gap, the stopping rule
        and the steps.
        """
        # Features as contiguous rows: each coordinate update reads one.
        columns = np.ascontiguousarray(data.X.T)
        y_c = data.Y[:, 0]
        n = len(y_c)
        lambda_1, lambda_2 = self._unit_penalties(data, columns.dtype)
        positive = bool(self.positive)
        per_coordinate = self.step_per == "coordinate"
        tol = float(self.tol)
        rng = check_random_state(self.random_state) if self.selection == "random" else None

        c = np.einsum("ji,ji->j", columns, columns) / n  # c_j = ||x_j||² / n
        # A constant feature (c_j = 0) cannot lower the loss: w_j stays 0.
        active = np.flatnonzero(c > 0)
        c_list = c.tolist()
        gap_tol = tol * float(y_c @ y_c) / n

        w = self._starting_weights(w_start, data, c)
        r = y_c - columns.T @ w  # residual y_c - X_c w, kept up to date by the sweeps
        # As scikit-learn does, check the start first: it may already be optimal.
        gap = _duality_gap(columns, y_c, r, w, lambda_1, lambda_2, positive)
        converged = gap <= gap_tol
        self._set_model(w, data)
        self.n_iter_ = 0
        self.dual_gap_ = data.squared(gap)
        self.loss_ = data.squared(_objective(r, w, lambda_1, lambda_2))
        # The update's denominators c_j + λ2, in the data's units, for the steps.
        denominators = _to_data_units(np.add(c_list, lambda_2), 2 * data.x_exp)
        yield self._init_step(w_start, data, gap_tol, converged, denominators)
        if converged:
            return

        index = 0
        for sweep in range(1, self.max_iter + 1):
            loss_before = self.loss_
            order = (active if rng is None else rng.permutation(active)).tolist()
            max_change, z_sweep = 0.0, []
            for j, z_j, w_j, new_w_j in _sweep(columns, r, w, order, c_list, lambda_1,
                                               lambda_2, positive):
                change = new_w_j - w_j
                max_change = max(max_change, abs(change))
                if per_coordinate:
                    index += 1
                    self._set_model(w, data)
                    self.loss_ = data.squared(_objective(r, w, lambda_1, lambda_2))
                    yield self._coordinate_step(index, sweep, j, z_j, w_j, change, data)
                else:
                    z_sweep.append(z_j)

            w_max = float(np.abs(w).max())
            gap = np.nan
            # The gap costs a pass over the data: check it only once the
            # coordinates have almost stopped moving (or on the last sweep).
            if w_max == 0.0 or max_change <= tol * w_max or sweep == self.max_iter:
                gap = _duality_gap(columns, y_c, r, w, lambda_1, lambda_2, positive)
                converged = gap <= gap_tol
                self.dual_gap_ = data.squared(gap)
            index += 1
            self._set_model(w, data)
            self.n_iter_ = sweep
            self.loss_ = data.squared(_objective(r, w, lambda_1, lambda_2))
            # A sweep shown whole also says which updates it made.
            updates = None if per_coordinate else (order, z_sweep)
            yield self._sweep_step(index, sweep, loss_before, max_change, gap, gap_tol,
                                   converged, data, updates)
            if converged:
                return

        warn_convergence(
            "Objective did not converge. You might want to increase the number of "
            f"iterations, or standardise the features: after max_iter={self.max_iter} "
            f"sweeps of coordinate descent, the duality gap {self.dual_gap_:.3g} is "
            f"above tol × ||y||²/n = {data.squared(gap_tol):.3g}.",
        )

    def _unit_penalties(self, data, dtype):
        r""":math:`\lambda_1` and :math:`\lambda_2` of the unit-scale problem (see Notes)."""
        l1_ratio = float(self._l1_ratio())
        lambda_1 = _penalty_at_unit_scale(float(self.alpha) * l1_ratio,
                                          data.x_exp + data.y_exp, dtype)
        lambda_2 = _penalty_at_unit_scale(float(self.alpha) * (1.0 - l1_ratio),
                                          2 * data.x_exp, dtype)
        return float(lambda_1), float(lambda_2)

    @staticmethod
    def _starting_weights(w_start, data, c):
        """The unit-scale weights to start from: zeros, or ``w_start`` (data units)."""
        if w_start is None:
            return np.zeros(len(c), dtype=data.X.dtype)
        w = np.ldexp(w_start.astype(data.X.dtype), data.x_exp - data.y_exp)
        w[c == 0] = 0.0  # a constant feature's weight stays 0
        return w

    # -- the steps: what each moment of the run adds, in the data's units ------

    def _threshold(self):
        r""":math:`\lambda_1 = \alpha\rho` in the data's units, for the captions."""
        return float(self.alpha) * float(self._l1_ratio())

    def _init_step(self, w_start, data, gap_tol, converged, denominators):
        """The "init" step: the starting point, and the constants of the update."""
        if w_start is None:
            start = "start at w = 0"
        else:
            start = f"start from the previous fit (warm_start), w = {_fmt(w_start)}"
        relation, verdict = ("≤", ": converged") if converged else (">", "")
        return Step(
            index=0, kind="init",
            message=(f"{start}, b = {self.intercept_:.4g}: loss {self.loss_:.4g}; "
                     f"duality gap {self.dual_gap_:.3g} {relation} "
                     f"{data.squared(gap_tol):.3g}{verdict}"),
            loss=self.loss_,
            state={"coef": self.coef_, "intercept": self.intercept_,
                   "threshold": self._threshold(), "denominator": denominators})

    def _coordinate_step(self, index, sweep, j, z_j, w_j, change, data):
        """A "coordinate" step: the update of :math:`w_j` just made (``w_j`` its old value)."""
        z = data.correlation(z_j)
        w_old, w_new = float(data.coef(w_j)), float(self.coef_[j])
        threshold = self._threshold()
        if w_new == 0.0 and abs(z) <= threshold:
            update = f"|z| = {abs(z):.3g} ≤ threshold {threshold:.3g}, so w[{j}] = 0"
        else:
            update = f"z = {z:.4g}, so w[{j}] = {w_old:.4g} → {w_new:.4g}"
        return Step(
            index=index, kind="coordinate",
            message=f"sweep {sweep}, coordinate {j}: {update}; loss {self.loss_:.6g}",
            loss=self.loss_,
            state={"coef": self.coef_, "intercept": self.intercept_, "sweep": sweep,
                   "coordinate": j, "z": z, "coef_change": float(data.coef(change))})

    def _sweep_step(self, index, sweep, loss_before, max_change, gap, gap_tol, converged,
                    data, updates):
        """A "sweep" step; ``updates`` is ``(order, z)`` of a sweep shown whole, or None."""
        largest_change = float(data.coef(max_change))
        message = (f"sweep {sweep}: w = {_fmt(self.coef_)}, largest change "
                   f"{largest_change:.3g}, loss {loss_before:.6g} → {self.loss_:.6g}")
        if np.isfinite(gap):
            verdict, relation = ("converged", "≤") if converged else ("continue", ">")
            message += (f"; duality gap {self.dual_gap_:.3g} {relation} "
                        f"{data.squared(gap_tol):.3g}: {verdict}")
        state = {"coef": self.coef_, "intercept": self.intercept_, "sweep": sweep,
                 "max_change": largest_change, "dual_gap": data.squared(gap)}
        if updates is not None:
            order, z = updates
            state["coordinates"] = np.array(order, dtype=np.intp)
            state["z"] = _to_data_units(np.array(z, dtype=np.float64),
                                        data.x_exp + data.y_exp)
        return Step(index=index, kind="sweep", message=message, loss=self.loss_, state=state)

    def predict(self, X):
        """Predict with the linear model :math:`Xw + b`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = check_fitted_input(self, X, ["coef_", "intercept_"], dtype=_FLOAT_DTYPES)
        return X @ self.coef_ + self.intercept_


class ElasticNet(_CoordinateDescentRegressor):
    r"""Linear regression with combined L1 and L2 penalties, by cyclic coordinate descent.

    Minimises scikit-learn's elastic-net objective

    .. math::

        \frac{1}{2n} \lVert y - Xw - b \rVert^2
        + \alpha \rho \lVert w \rVert_1
        + \frac{\alpha (1 - \rho)}{2} \lVert w \rVert^2

    with :math:`\rho` = ``l1_ratio``, one weight at a time, each update a
    soft-thresholding, one step per sweep over the weights.

    Parameters
    ----------
    alpha : float, default=1.0
        The penalty strength :math:`\alpha \ge 0`.
    l1_ratio : float, default=0.5
        The mix :math:`\rho \in [0, 1]`: 1 is the Lasso (L1 only), 0 the
        ridge penalty (L2 only).
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`. If False, :math:`b = 0` and
        the data are not centred.
    precompute : bool, "auto" or ndarray of shape (n_features, n_features), default=False
        Accepted for compatibility with scikit-learn, where True (or a Gram
        matrix) makes the solver work from :math:`X^\top X`. This solver
        keeps the residual :math:`y - Xw` up to date instead, which reaches
        the same minimiser, so the value changes nothing; a Gram matrix is
        checked against the training data (a wrong one raises ``ValueError``).
    max_iter : int, default=1000
        Most sweeps over the coordinates.
    copy_X : bool, default=True
        If False, ``X`` may be overwritten (centred, weighted and rescaled
        in place) to save memory, as in scikit-learn; this happens only when
        ``X`` is a writeable float64 or float32 array.
    tol : float, default=1e-4
        The tolerance of the stopping rule: see Notes.
    warm_start : bool, default=False
        Start from the previous fit's ``coef_`` instead of :math:`w = 0`
        (refitting with a nearby ``alpha``, say, takes far fewer sweeps).
        A start that is already optimal ends training after the "init"
        step, with ``n_iter_ = 0``.
    positive : bool, default=False
        Constrain the weights to be non-negative: each coordinate update is
        clipped at 0.
    random_state : int, numpy.random.Generator, RandomState or None, default=None
        Seeds the order of the coordinates with ``selection="random"``;
        unused otherwise.
    selection : {"cyclic", "random"}, default="cyclic"
        "cyclic" updates :math:`w_1, \dots, w_d` in turn at every sweep;
        "random" visits every coordinate once per sweep, in a fresh random
        order (scikit-learn instead draws a random coordinate, with
        replacement, for each update). The fitted model is the same, within
        ``tol``.
    step_per : {"sweep", "coordinate"}, default="sweep"
        A teaching extra: "coordinate" also yields a step after each
        coordinate update, to watch the descent one coordinate at a time.
        The fitted model is the same.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights :math:`w`.
    intercept_ : numpy.float64 (float32 for a float32 model)
        The intercept :math:`b` (the float 0.0 when ``fit_intercept=False``).
    n_iter_ : int
        Sweeps run.
    dual_gap_ : float
        The duality gap :math:`G` when it was last computed: at the start,
        then on the sweeps where the stopping rule checks it.
    loss_ : float
        The objective :math:`P(w)` at the end of training.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it is a DataFrame whose column names
        are all strings. ``predict`` then refuses data whose columns are
        other names, or the same names in another order.

    See Also
    --------
    sklearn.linear_model.ElasticNet : the same model and objective.
    skratch.linear_model.Lasso : ``l1_ratio=1``.
    skratch.linear_model.Ridge : the L2 penalty alone, in closed form.

    Notes
    -----
    These Notes derive the solver of both :class:`ElasticNet` and
    :class:`Lasso`, which is the elastic net with :math:`\rho = 1`. With
    :math:`\lambda_1 = \alpha\rho` and :math:`\lambda_2 = \alpha(1-\rho)`
    the objective reads

    .. math::

        P(w) = \frac{1}{2n} \lVert y_c - X_c w \rVert^2 + \lambda_1 \lVert w \rVert_1
               + \frac{\lambda_2}{2} \lVert w \rVert^2 .

    The model is :math:`\hat y = Xw + b`; the intercept is not penalised,
    so the solver works on centred data :math:`X_c = X - \bar x`,
    :math:`y_c = y - \bar y` and sets :math:`b = \bar y - \bar x^\top w`
    (without an intercept, :math:`X_c = X`, :math:`y_c = y`, :math:`b = 0`).

    **Sample weights.** With weights :math:`s_i`, rescaled as in
    scikit-learn to sum to :math:`n`, the squared error is
    :math:`\frac{1}{2n} \sum_i s_i (y_i - x_i w - b)^2`, which is
    :math:`\frac{1}{2 \sum_i u_i} \sum_i u_i (y_i - x_i w - b)^2` for the
    weights :math:`u_i` as given: an integer weight counts as that many
    copies of the sample. The means :math:`\bar x, \bar y` are weighted,
    and each row of the centred data is multiplied by :math:`\sqrt{s_i}`:
    the algorithm below runs unchanged on those rows.

    **Coordinate descent.** Minimising :math:`P` over one weight
    :math:`w_j` with the others fixed has a closed form. With the residual
    :math:`r = y_c - X_c w`, the feature's scale
    :math:`c_j = \lVert x_j \rVert^2 / n` and

    .. math::

        z_j = \frac{1}{n} x_j^\top r + c_j w_j = \frac{1}{n} x_j^\top (r + x_j w_j),

    the correlation of :math:`x_j` with the partial residual
    :math:`r + x_j w_j` (what the other features leave unexplained),
    the new weight is

    .. math::

        w_j \leftarrow \frac{S(z_j, \lambda_1)}{c_j + \lambda_2},
        \qquad S(z, \gamma) = \operatorname{sign}(z) \max(|z| - \gamma, 0),

    the soft-thresholding operator :math:`S`, scaled by the feature's norm
    and the L2 penalty (``update_coordinate`` in
    ``skratch.linear_model._coordinate_descent`` computes :math:`z_j` and
    the new weight, ``soft_threshold`` there is :math:`S`): whenever
    :math:`|z_j| \le \lambda_1` the weight is exactly zero, which is why the
    L1 penalty gives sparse models. (With ``positive=True``,
    :math:`w_j \leftarrow \max(z_j - \lambda_1, 0) / (c_j + \lambda_2)`.)
    After the update the residual is corrected in place,
    :math:`r \leftarrow r - (w_j^{new} - w_j^{old})\, x_j`, so each update
    costs :math:`O(n)`. A sweep updates :math:`w_1, \dots, w_d` in turn
    (cyclic order; with ``selection="random"``, in a random order); features
    constant in the data (:math:`c_j = 0`) keep :math:`w_j = 0` and are
    skipped.

    **Stopping.** After a sweep, if the largest change
    :math:`\max_j |\Delta w_j|` is at most ``tol`` times
    :math:`\max_j |w_j|` (or :math:`w = 0`, or it is the last sweep), the
    duality gap :math:`G` is computed, and training stops when
    :math:`G \le \mathrm{tol} \cdot \lVert y_c \rVert^2 / n` (the rule
    scikit-learn documents). :math:`G` bounds the distance to the optimum,
    :math:`P(w) - P(w^*) \le G(w)`, so it certifies the solution. It comes
    from the elastic net as a Lasso on augmented data
    :math:`\tilde X = [X_c; \sqrt{n\lambda_2} I]`, :math:`\tilde y = [y_c; 0]`
    (for the Lasso, :math:`\lambda_2 = 0`, the data themselves),
    whose dual problem is

    .. math::

        \max_\theta \; D(\theta) = \frac{1}{n}\left(\theta^\top \tilde y
            - \tfrac{1}{2}\lVert \theta \rVert^2\right)
        \quad \text{subject to} \quad
        \lVert \tilde X^\top \theta \rVert_\infty \le n\lambda_1 .

    Scaling the augmented residual
    :math:`\tilde r = (r, -\sqrt{n\lambda_2}\, w)` into the feasible set,
    :math:`\theta = s \tilde r` with
    :math:`s = \min(1, \lambda_1 / \lVert X_c^\top r / n - \lambda_2 w \rVert_\infty)`,
    gives

    .. math::

        G(w) = \frac{1 + s^2}{2n}
               \left(\lVert r \rVert^2 + n \lambda_2 \lVert w \rVert^2\right)
               + \lambda_1 \lVert w \rVert_1 - \frac{s}{n}\, r^\top y_c .

    (With :math:`\lambda_1 = 0` the gap used is
    :math:`\lVert X_c^\top r / n - \lambda_2 w \rVert^2 / (2\lambda_2)`.)
    The starting point is checked first, as in scikit-learn: one that is
    already optimal (:math:`w = 0` when :math:`\alpha\rho` is at least
    :math:`\max_j |x_j^\top y_c| / n`, or a warm start from the solution)
    ends training after the "init" step, with ``n_iter_ = 0``.
    If ``max_iter`` sweeps end without a small enough gap, a
    :class:`~skratch.exceptions.ConvergenceWarning` is raised.

    **Scale and data types.** The data are first divided by powers of two,
    which is exact in floating point: :math:`X = 2^{e_x} X'` with
    :math:`2^{e_x}` near the larger of :math:`\max |X|` and
    :math:`\sqrt{\lambda_2}`, and :math:`y = 2^{e_y} y'` with :math:`2^{e_y}`
    near :math:`\max |y|`. The same problem on :math:`X', y'` has the
    penalties :math:`\lambda_1 2^{-(e_x + e_y)}` and
    :math:`\lambda_2 2^{-2e_x}` (an L1 penalty too large to store is
    clipped to the largest number: it sets every weight to 0 all the same),
    and the solution :math:`2^{e_x - e_y} w`. So data near 1e300 cannot
    overflow, nor data near 1e-300 underflow; every number in the steps is
    in the data's units. float32 ``X`` gives a
    float32 model computed in float32, as in scikit-learn; ``y`` and the
    weights take X's dtype, and any other ``X`` becomes float64.

    ``fit_steps`` yields an "init" step (the starting point, :math:`w = 0`
    or the previous fit's with ``warm_start``; its message gives the
    duality gap there), whose state holds ``coef``, ``intercept`` and the
    constants of the update: ``threshold`` (:math:`\lambda_1`) and
    ``denominator`` (:math:`c_j + \lambda_2`, one per feature). Then a
    "sweep" step after each sweep, whose state holds ``coef``,
    ``intercept``, ``sweep`` (its number, from 1), ``max_change`` (the
    largest :math:`|\Delta w_j|` of the sweep) and ``dual_gap`` (NaN when
    the gap was not computed), and the updates it made: ``coordinates``
    (each :math:`j`, in the order updated) and ``z`` (their :math:`z_j`);
    its loss is :math:`P(w)`. With ``step_per="coordinate"`` the updates are
    steps of their own instead: each sweep step is preceded by one
    "coordinate" step per update, holding ``coef``, ``intercept``,
    ``sweep``, ``coordinate`` (:math:`j`), ``z`` (:math:`z_j`) and
    ``coef_change`` (:math:`\Delta w_j`). The fitted model is the same
    either way, and every number is in the data's units.

    Only one target is supported: a 2-D ``y`` of one column is flattened
    with a warning (scikit-learn also fits several targets, independently).

    References
    ----------
    .. [1] H. Zou and T. Hastie, "Regularization and variable selection via
       the elastic net", Journal of the Royal Statistical Society B 67(2), 2005.
    .. [2] J. Friedman, T. Hastie and R. Tibshirani, "Regularization paths
       for generalized linear models via coordinate descent", Journal of
       Statistical Software 33(1), 2010.
    .. [3] E. Ndiaye, O. Fercoq, A. Gramfort and J. Salmon, "Gap safe
       screening rules for sparsity enforcing penalties", JMLR 18, 2017
       (the duality gap).

    Examples
    --------
    >>> from skratch.datasets import make_regression
    >>> from skratch.linear_model import ElasticNet
    >>> X, y = make_regression(n_samples=100, n_features=5, n_informative=2,
    ...                        noise=1.0, random_state=0)
    >>> enet = ElasticNet(alpha=1.0, l1_ratio=0.7).fit(X, y)
    >>> enet.coef_.round(2), enet.n_iter_
    (array([ 0.  ,  0.48, 67.27,  0.  , 19.75]), 3)
    >>> steps = list(ElasticNet(alpha=1.0, l1_ratio=0.7).fit_steps(X, y))
    >>> [s.kind for s in steps]
    ['init', 'sweep', 'sweep', 'sweep']
    >>> print(steps[-1].message.split("; ")[-1])
    duality gap 0.0197 ≤ 0.777: converged
    """

    _parameter_constraints = {
        **_CoordinateDescentRegressor._parameter_constraints,
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
    }

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, precompute=False,
                 max_iter=1000, copy_X=True, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic", step_per="sweep"):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.step_per = step_per


class Lasso(_CoordinateDescentRegressor):
    r"""Linear regression with an L1 penalty, by cyclic coordinate descent.

    Minimises scikit-learn's Lasso objective

    .. math::

        \frac{1}{2n} \lVert y - Xw - b \rVert^2 + \alpha \lVert w \rVert_1

    one weight at a time, each update a soft-thresholding, one step per
    sweep over the weights. Weights whose feature does not earn its penalty
    become exactly zero.

    Parameters
    ----------
    alpha : float, default=1.0
        The penalty strength :math:`\alpha \ge 0`.
    fit_intercept : bool, default=True
        Whether to fit the intercept :math:`b`. If False, :math:`b = 0` and
        the data are not centred.
    precompute : bool, "auto" or ndarray of shape (n_features, n_features), default=False
        Accepted for compatibility with scikit-learn, where True (or a Gram
        matrix) makes the solver work from :math:`X^\top X`. This solver
        keeps the residual :math:`y - Xw` up to date instead, which reaches
        the same minimiser, so the value changes nothing; a Gram matrix is
        checked against the training data (a wrong one raises ``ValueError``).
    copy_X : bool, default=True
        If False, ``X`` may be overwritten (centred, weighted and rescaled
        in place) to save memory, as in scikit-learn; this happens only when
        ``X`` is a writeable float64 or float32 array.
    max_iter : int, default=1000
        Most sweeps over the coordinates.
    tol : float, default=1e-4
        The tolerance of the stopping rule: see Notes.
    warm_start : bool, default=False
        Start from the previous fit's ``coef_`` instead of :math:`w = 0`
        (refitting with a nearby ``alpha``, say, takes far fewer sweeps).
        A start that is already optimal ends training after the "init"
        step, with ``n_iter_ = 0``.
    positive : bool, default=False
        Constrain the weights to be non-negative: each coordinate update is
        clipped at 0.
    random_state : int, numpy.random.Generator, RandomState or None, default=None
        Seeds the order of the coordinates with ``selection="random"``;
        unused otherwise.
    selection : {"cyclic", "random"}, default="cyclic"
        "cyclic" updates :math:`w_1, \dots, w_d` in turn at every sweep;
        "random" visits every coordinate once per sweep, in a fresh random
        order (scikit-learn instead draws a random coordinate, with
        replacement, for each update). The fitted model is the same, within
        ``tol``.
    step_per : {"sweep", "coordinate"}, default="sweep"
        A teaching extra: "coordinate" also yields a step after each
        coordinate update, to watch the descent one coordinate at a time.
        The fitted model is the same.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights :math:`w`.
    intercept_ : numpy.float64 (float32 for a float32 model)
        The intercept :math:`b` (the float 0.0 when ``fit_intercept=False``).
    n_iter_ : int
        Sweeps run.
    dual_gap_ : float
        The duality gap :math:`G` when it was last computed: at the start,
        then on the sweeps where the stopping rule checks it.
    loss_ : float
        The objective :math:`P(w)` at the end of training.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The column names of ``X``, when it is a DataFrame whose column names
        are all strings. ``predict`` then refuses data whose columns are
        other names, or the same names in another order.

    See Also
    --------
    sklearn.linear_model.Lasso : the same model and objective.
    skratch.linear_model.ElasticNet : L1 and L2 penalties mixed.
    skratch.linear_model.Ridge : the L2 penalty.

    Notes
    -----
    The Lasso is the :class:`ElasticNet` with ``l1_ratio=1``, and is fitted
    by the same solver. The model is :math:`\hat y = Xw + b`; the intercept
    is not penalised, so on the centred data :math:`X_c, y_c` the objective
    is

    .. math::

        P(w) = \frac{1}{2n} \lVert y_c - X_c w \rVert^2 + \alpha \lVert w \rVert_1 ,

    the elastic net's with :math:`\lambda_1 = \alpha` and
    :math:`\lambda_2 = 0`. The Notes of :class:`ElasticNet` derive what
    follows from it, once for both models: the centring and the sample
    weights, the coordinate update, the duality gap that stops training,
    the scaling of the data and the steps. With :math:`\lambda_2 = 0` the
    update of one weight is

    .. math::

        w_j \leftarrow \frac{S(z_j, \alpha)}{c_j},
        \qquad
        z_j = \frac{1}{n} x_j^\top r + c_j w_j,
        \qquad
        c_j = \frac{1}{n} \lVert x_j \rVert^2,

    the soft-thresholding :math:`S` of the correlation :math:`z_j` of
    feature :math:`j` with the partial residual, scaled by the feature's
    norm: whenever :math:`|z_j| \le \alpha` the weight is exactly zero,
    which is why the Lasso gives sparse models. Training stops when the
    duality gap, which bounds :math:`P(w) - P(w^*)`, is at most
    :math:`\mathrm{tol} \cdot \lVert y_c \rVert^2 / n`; :math:`w = 0` is
    optimal, and ends training after the "init" step, once :math:`\alpha`
    is at least :math:`\max_j |x_j^\top y_c| / n`.

    Only one target is supported: a 2-D ``y`` of one column is flattened
    with a warning (scikit-learn also fits several targets, independently).

    References
    ----------
    .. [1] R. Tibshirani, "Regression shrinkage and selection via the
       lasso", Journal of the Royal Statistical Society B 58(1), 1996.
    .. [2] J. Friedman, T. Hastie and R. Tibshirani, "Regularization paths
       for generalized linear models via coordinate descent", Journal of
       Statistical Software 33(1), 2010.
    .. [3] E. Ndiaye, O. Fercoq, A. Gramfort and J. Salmon, "Gap safe
       screening rules for sparsity enforcing penalties", JMLR 18, 2017
       (the duality gap).

    Examples
    --------
    >>> from skratch.datasets import make_regression
    >>> from skratch.linear_model import Lasso
    >>> X, y = make_regression(n_samples=100, n_features=5, n_informative=2,
    ...                        noise=1.0, random_state=0)
    >>> lasso = Lasso(alpha=1.0).fit(X, y)
    >>> lasso.coef_.round(2), lasso.n_iter_
    (array([ 0.  ,  0.  , 92.28,  0.  , 23.94]), 4)
    >>> steps = list(Lasso(alpha=1.0, step_per="coordinate").fit_steps(X, y))
    >>> [s.kind for s in steps[:7]]
    ['init', 'coordinate', 'coordinate', 'coordinate', 'coordinate', 'coordinate', 'sweep']
    >>> print(steps[4].message)
    sweep 1, coordinate 3: |z| = 0.727 ≤ threshold 1, so w[3] = 0; loss 453.163
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, precompute=False, copy_X=True,
                 max_iter=1000, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic", step_per="sweep"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.step_per = step_per

    def _l1_ratio(self):
        return 1.0
