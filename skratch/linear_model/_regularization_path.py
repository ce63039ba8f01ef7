"""The solutions of a penalised model over a range of penalty strengths, as a Trace."""

import numpy as np

from ..base import clone
from ..steps import Step, Trace
from ._base import _fmt

__all__ = ["regularization_path"]


def _final_estimator(estimator):
    """The model at the end of a pipeline (or the estimator itself)."""
    steps = getattr(estimator, "steps", None)
    if isinstance(steps, (list, tuple)) and steps and isinstance(steps[-1], tuple):
        return steps[-1][1]
    return estimator


def _penalty_param(estimator, param):
    """The name of the penalty parameter: ``param``, or found by its name "alpha"."""
    if param is not None:
        if param not in estimator.get_params(deep=True):
            raise ValueError(
                f"{type(estimator).__name__} has no parameter {param!r} to vary."
            )
        return param
    if "alpha" in estimator.get_params(deep=False):
        return "alpha"
    nested = [name for name in estimator.get_params(deep=True) if name.endswith("__alpha")]
    if len(nested) != 1:
        raise ValueError(
            f"Cannot tell which parameter of {type(estimator).__name__} is the penalty "
            f"strength (candidates: {nested or 'none'}); pass param=..., e.g. "
            "param='ridge__alpha'."
        )
    return nested[0]


def regularization_path(estimator, X, y, alphas, *, param=None, sample_weight=None):
    r"""Fit a penalised model once per penalty strength; return the solutions as a Trace.

    The model is refitted from scratch (a clone of ``estimator``) for each
    value of ``alphas``, in the order given. Each solution becomes one step
    of the trace, so the path can be animated like a training run: the
    solution moving as the penalty grows.

    Parameters
    ----------
    estimator : estimator
        A penalised linear model (:class:`Ridge`, :class:`Lasso`,
        :class:`ElasticNet`...) or a pipeline ending in one. It is not
        modified.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,)
        The penalty strengths, at least one. Give them increasing to watch
        the solution shrink.
    param : str, optional
        The parameter to set to each alpha. By default ``"alpha"``, or for a
        pipeline the one parameter named ``"<step>__alpha"``.
    sample_weight : array-like of shape (n_samples,), optional
        Weight of each sample, passed to every fit (for a model whose
        ``fit`` takes it, such as Ridge, Lasso and ElasticNet).

    Returns
    -------
    skratch.Trace
        One step per alpha, of kind "alpha", whose state holds ``alpha``,
        ``coef`` and ``intercept`` (the final model's, in a pipeline) and
        whose loss is the fitted model's ``loss_`` (its objective at that
        alpha) when it has one. ``trace.estimator`` is the model fitted at
        the last alpha; ``trace.X`` and ``trace.y`` are the data.

    See Also
    --------
    skratch.viz.RegularizationGeometryVisualizer : the L1 and L2 geometry of
        a two-feature path.
    skratch.viz.CoefficientPathVisualizer : the coefficients against alpha.
    skratch.viz.CurveFitVisualizer : a one-feature curve (e.g. a polynomial)
        flattening as alpha grows.

    Notes
    -----
    The penalties are scaled differently in scikit-learn's (and skratch's)
    models: :class:`Lasso` minimises
    :math:`\frac{1}{2n}\lVert y - Xw - b\rVert^2 + \alpha \lVert w \rVert_1`
    but :class:`Ridge` minimises
    :math:`\lVert y - Xw - b\rVert^2 + \alpha \lVert w \rVert_2^2`, with no
    :math:`1/n`. Dividing Ridge's objective by :math:`2n` shows that
    ``Ridge(alpha=2 * n * a)`` weighs its penalty against the fit exactly as
    ``Lasso(alpha=a)`` does: pass ``2 * n * alphas`` to Ridge to compare the
    two paths on one scale.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_regression
    >>> from skratch.linear_model import Lasso, regularization_path
    >>> X, y = make_regression(n_samples=50, n_features=3, noise=1.0, random_state=0)
    >>> trace = regularization_path(Lasso(), X, y, alphas=[0.1, 10.0, 100.0])
    >>> [step.kind for step in trace.steps]
    ['alpha', 'alpha', 'alpha']
    >>> for step in trace.steps:
    ...     print(step.message)
    alpha = 0.1: w = [70.14, 27.46, 94.57], 3 of 3 weights non-zero
    alpha = 10: w = [65.02, 12.97, 81.21], 3 of 3 weights non-zero
    alpha = 100: w = [3.858, 0, 0], 1 of 3 weights non-zero
    >>> float(trace.steps[0].state["alpha"]), trace.estimator.alpha
    (0.1, 100.0)
    """
    alphas = np.asarray(alphas, dtype=float)
    if alphas.ndim != 1 or alphas.size == 0 or not np.all(np.isfinite(alphas)) or np.any(
            alphas < 0):
        raise ValueError(
            f"alphas must be a non-empty 1-D array of non-negative numbers, got {alphas!r}."
        )
    name = _penalty_param(estimator, param)
    fit_params = {} if sample_weight is None else {"sample_weight": sample_weight}
    steps = []
    for i, alpha in enumerate(alphas):
        model = clone(estimator).set_params(**{name: float(alpha)})
        model.fit(X, y, **fit_params)
        final = _final_estimator(model)
        coef = np.asarray(final.coef_, dtype=float)
        intercept = np.asarray(final.intercept_, dtype=float)
        n_nonzero = int(np.count_nonzero(coef))
        loss = getattr(final, "loss_", None)
        steps.append(Step(
            index=i, kind="alpha",
            message=(f"alpha = {alpha:.4g}: w = {_fmt(coef)}, {n_nonzero} of {coef.size} "
                     "weights non-zero"),
            loss=None if loss is None else float(loss),
            state={"alpha": alpha, "coef": coef, "intercept": intercept},
        ))
    return Trace(steps, np.asarray(X), None if y is None else np.asarray(y), model)
