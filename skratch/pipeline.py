"""Chain transformers and a final estimator into one model: :class:`Pipeline`."""

import copy
import functools
import types
from collections import Counter

from .base import Params
from .steps import Step

__all__ = ["Pipeline", "make_pipeline"]


class _if_final_has:
    """A pipeline method that exists only when the final estimator has it.

    So ``hasattr(pipe, "predict_proba")`` answers as it would for the final
    estimator, and tools that probe methods (scikit-learn's checks, a
    visualizer) see the pipeline as that kind of model.
    """

    def __init__(self, method):
        self.method = method
        functools.update_wrapper(self, method)

    def __get__(self, pipeline, owner=None):
        if pipeline is None:
            return self.method
        final = pipeline._final_or_none()
        name = self.method.__name__
        if final is not None and not hasattr(final, name):
            raise AttributeError(
                f"This Pipeline has no {name!r}: its final step "
                f"{type(final).__name__} has none."
            )
        return types.MethodType(self.method, pipeline)


class _NamedSteps(dict):
    """The steps by name, as a dict that also allows ``named_steps.ridge``."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"the pipeline has no step named {name!r}") from None

    def __dir__(self):
        return list(self.keys())


class Pipeline(Params):
    """A chain of transformers ending with an estimator, used as one model.

    ``fit`` fits each transformer on the output of the one before and the
    final estimator on the last output; ``predict`` (and ``predict_proba``,
    ``transform``, ``score``...) pushes new data through the fitted
    transformers and asks the final estimator. Fitting the scaler or the
    polynomial expansion inside the pipeline means cross-validation refits
    them on each training fold, so no statistic of the held-out data leaks
    into training.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        The named steps, in order. Every step but the last must have ``fit``
        (or ``fit_steps``) and ``transform``; the last needs ``fit`` or
        ``fit_steps``. Names must be unique and must not contain ``"__"``.
        The step estimators are fitted in place, as in scikit-learn, so
        ``pipe.named_steps["ridge"].coef_`` is the fitted model's.

    Attributes
    ----------
    named_steps : dict
        The steps by name; also readable as attributes,
        ``pipe.named_steps.ridge``.
    classes_ : ndarray
        The final estimator's classes, for classifiers.
    n_features_in_ : int
        Number of features the first step saw in fit.

    See Also
    --------
    make_pipeline : build a pipeline, naming the steps after their classes.
    sklearn.pipeline.Pipeline : the same composition.

    Notes
    -----
    With transformers :math:`T_1, \\dots, T_k` and final estimator :math:`f`,
    the pipeline is the composition

    .. math::

        \\hat y = f(T_k(\\cdots T_2(T_1(x)))),

    where each :math:`T_i` is fitted on :math:`T_{i-1}(\\cdots T_1(X))`, the
    training data as the previous steps transform it.

    **Steps.** ``fit_steps`` fits the transformers first, quietly (their own
    steps are consumed, not yielded), then yields the steps of the final
    estimator unchanged, so an animation of a pipeline shows the final model
    learning on the transformed features. Since the transformers are fitted
    before the first yielded step, ``pipe.predict`` works after every step,
    giving the final model of that moment. A step object without
    ``fit_steps`` (a scikit-learn estimator, say) is fitted by its ``fit``;
    if it is the final step, the pipeline yields a single "fit" step for it.

    :func:`skratch.base.clone` (like :func:`sklearn.base.clone`) gives a
    pipeline of unfitted clones of the steps.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import LinearRegression
    >>> from skratch.pipeline import make_pipeline
    >>> from skratch.preprocessing import PolynomialFeatures
    >>> x = np.linspace(-1, 1, 20).reshape(-1, 1)
    >>> y = 1 - 2 * x[:, 0] + 3 * x[:, 0] ** 2
    >>> pipe = make_pipeline(PolynomialFeatures(2, include_bias=False),
    ...                      LinearRegression())
    >>> pipe
    Pipeline(steps=[('polynomialfeatures', PolynomialFeatures(include_bias=False)),
                    ('linearregression', LinearRegression())])
    >>> pipe.fit(x, y).predict([[0.5]]).round(6)
    array([0.75])
    >>> pipe.named_steps.linearregression.coef_.round(6)
    array([-2.,  3.])
    >>> pipe.set_params(linearregression__solver="gd").get_params()["linearregression__solver"]
    'gd'
    >>> [step.kind for step in pipe.fit_steps(x, y)][:2]
    ['init', 'gradient']
    """

    def __init__(self, steps):
        self.steps = steps

    # -- hyperparameters ------------------------------------------------------

    def get_params(self, deep=True):
        """Get the pipeline's parameters.

        Parameters
        ----------
        deep : bool, default=True
            Also return each step under its name, and the steps'
            parameters as ``<name>__<parameter>``.

        Returns
        -------
        dict
        """
        out = {"steps": self.steps}
        if not deep or not self._steps_are_pairs():
            return out
        for name, estimator in self.steps:
            out[name] = estimator
            if hasattr(estimator, "get_params") and not isinstance(estimator, type):
                for key, value in estimator.get_params(deep=True).items():
                    out[f"{name}__{key}"] = value
        return out

    def set_params(self, **params):
        """Set parameters: ``steps``, a whole step by its name, or ``<name>__<parameter>``.

        Returns
        -------
        self
        """
        if "steps" in params:
            self.steps = params.pop("steps")
        if self._steps_are_pairs():
            names = [name for name, _ in self.steps]
            replaced = {key: params.pop(key) for key in list(params) if key in names}
            if replaced:
                self.steps = [(name, replaced.get(name, estimator))
                              for name, estimator in self.steps]
        return super().set_params(**params)

    def __repr__(self):
        return f"{type(self).__name__}(steps={self.steps!r})"

    # -- the steps ------------------------------------------------------------

    def _steps_are_pairs(self):
        return isinstance(self.steps, (list, tuple)) and all(
            isinstance(s, tuple) and len(s) == 2 and isinstance(s[0], str) for s in self.steps)

    def _validate_steps(self):
        if not self._steps_are_pairs() or len(self.steps) == 0:
            raise TypeError(
                "Pipeline steps must be a non-empty list of (name, estimator) tuples, "
                f"got {self.steps!r}."
            )
        names = [name for name, _ in self.steps]
        duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
        if duplicates:
            raise ValueError(f"Pipeline step names must be unique: {duplicates} repeat.")
        for name in names:
            if "__" in name:
                raise ValueError(
                    f"Pipeline step name {name!r} contains '__', which separates a "
                    "step's name from its parameters in set_params."
                )
            if name in self._get_param_names():
                raise ValueError(
                    f"Pipeline step name {name!r} conflicts with the constructor "
                    "argument of the same name."
                )
        for name, estimator in self.steps[:-1]:
            if not (hasattr(estimator, "fit") or hasattr(estimator, "fit_steps")) or not hasattr(
                    estimator, "transform"):
                raise TypeError(
                    f"All intermediate steps of a Pipeline must be transformers (fit "
                    f"and transform): step {name!r} is {estimator!r}."
                )
        name, final = self.steps[-1]
        if not (hasattr(final, "fit") or hasattr(final, "fit_steps")):
            raise TypeError(
                f"The last step of a Pipeline must be an estimator (with fit): step "
                f"{name!r} is {final!r}."
            )

    def _final_or_none(self):
        if self._steps_are_pairs() and len(self.steps) > 0:
            return self.steps[-1][1]
        return None

    @property
    def named_steps(self):
        """The steps by name (also readable as attributes)."""
        return _NamedSteps(self.steps)

    @property
    def _final_estimator(self):
        return self.steps[-1][1]

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, index):
        """A step by position or name, or a sub-pipeline for a slice.

        The sub-pipeline shares the step estimators (fitted or not).
        """
        if isinstance(index, slice):
            if index.step not in (None, 1):
                raise ValueError("A Pipeline slice must have step 1.")
            return type(self)(self.steps[index])
        if isinstance(index, str):
            return self.named_steps[index]
        return self.steps[index][1]

    @property
    def _estimator_type(self):
        return getattr(self._final_or_none(), "_estimator_type", None)

    @property
    def classes_(self):
        """The classes of the final estimator."""
        return self._final_estimator.classes_

    @property
    def n_features_in_(self):
        """Number of features seen in fit by the first step."""
        return self.steps[0][1].n_features_in_

    def __sklearn_is_fitted__(self):
        final = self._final_or_none()
        return final is not None and any(
            k.endswith("_") and not k.startswith("__") for k in vars(final))

    def __sklearn_tags__(self):
        # scikit-learn is imported here only, as in skratch.base.
        from sklearn.utils import InputTags, Tags, TargetTags, get_tags

        try:
            self._validate_steps()
        except (TypeError, ValueError):
            return Tags(estimator_type=None, target_tags=TargetTags(required=False),
                        input_tags=InputTags())
        # The final step decides what kind of model this is; the first step
        # what input it takes.
        tags = copy.deepcopy(get_tags(self._final_estimator))
        tags.input_tags = copy.deepcopy(get_tags(self.steps[0][1]).input_tags)
        return tags

    # -- training -------------------------------------------------------------

    def fit(self, X, y=None):
        """Fit every step: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional

        Returns
        -------
        self
        """
        for _ in self.fit_steps(X, y):
            pass
        return self

    def fit_steps(self, X, y=None):
        """Fit the transformers quietly, then yield the final estimator's steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional

        Yields
        ------
        Step
            The steps of the final estimator, fitted on the transformed data.
        """
        self._validate_steps()
        Xt = X
        for _, transformer in self.steps[:-1]:
            if hasattr(transformer, "fit_steps"):
                for _ in transformer.fit_steps(Xt, y):
                    pass
                Xt = transformer.transform(Xt)
            elif hasattr(transformer, "fit_transform"):
                Xt = transformer.fit_transform(Xt, y)
            else:
                Xt = transformer.fit(Xt, y).transform(Xt)
        name, final = self.steps[-1]
        if hasattr(final, "fit_steps"):
            yield from final.fit_steps(Xt, y)
        else:
            final.fit(Xt, y)
            yield Step(index=0, kind="fit",
                       message=f"{name}: {type(final).__name__} fitted by its fit "
                               "(it has no fit_steps to show)")

    def _transform_to_final(self, X):
        for _, transformer in self.steps[:-1]:
            X = transformer.transform(X)
        return X

    # -- using the fitted pipeline --------------------------------------------

    @_if_final_has
    def predict(self, X):
        """Transform ``X`` through the steps, then predict with the final estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self._final_estimator.predict(self._transform_to_final(X))

    @_if_final_has
    def predict_proba(self, X):
        """Transform ``X``, then the final estimator's class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self._final_estimator.predict_proba(self._transform_to_final(X))

    @_if_final_has
    def predict_log_proba(self, X):
        """Transform ``X``, then the final estimator's log-probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self._final_estimator.predict_log_proba(self._transform_to_final(X))

    @_if_final_has
    def decision_function(self, X):
        """Transform ``X``, then the final estimator's decision function.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        return self._final_estimator.decision_function(self._transform_to_final(X))

    @_if_final_has
    def transform(self, X):
        """Transform ``X`` through every step, the final one included.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        return self._final_estimator.transform(self._transform_to_final(X))

    @_if_final_has
    def fit_transform(self, X, y=None):
        """Fit the pipeline, then transform ``X`` through every step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional

        Returns
        -------
        ndarray
        """
        return self.fit(X, y).transform(X)

    @_if_final_has
    def score(self, X, y=None):
        """Transform ``X``, then the final estimator's score against ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
            Targets, for supervised final estimators.

        Returns
        -------
        float
        """
        return self._final_estimator.score(self._transform_to_final(X), y)


def make_pipeline(*steps):
    """A :class:`Pipeline` whose steps are named after their classes, in lower case.

    Repeated class names are numbered: two scalers become
    ``"standardscaler-1"`` and ``"standardscaler-2"``.

    Parameters
    ----------
    *steps : estimators
        The transformers, then the final estimator.

    Returns
    -------
    Pipeline

    Examples
    --------
    >>> from skratch.linear_model import LinearRegression
    >>> from skratch.pipeline import make_pipeline
    >>> from skratch.preprocessing import StandardScaler
    >>> [name for name, _ in make_pipeline(StandardScaler(), LinearRegression()).steps]
    ['standardscaler', 'linearregression']
    """
    names = [type(step).__name__.lower() for step in steps]
    counts = Counter(names)
    seen = Counter()
    unique = []
    for name in names:
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name}-{seen[name]}"
        unique.append(name)
    return Pipeline(list(zip(unique, steps)))
