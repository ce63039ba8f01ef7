"""Chain transformers and a final estimator into one model: :class:`Pipeline`."""

import contextlib
import copy
import os
import time
from collections import Counter

from .base import Params
from .exceptions import not_fitted_error
from .steps import Step
from .utils._available_if import available_if
from .utils._param_validation import HasMethods

__all__ = ["Pipeline", "make_pipeline"]

# What ``_final`` returns while the steps are not yet (name, step) pairs: the
# methods then stay available, so that calling one validates the steps and
# says what is wrong with them.
_UNKNOWN = object()


def _is_passthrough(step):
    """Whether a step leaves the data as they are: ``"passthrough"`` or None."""
    return step is None or (isinstance(step, str) and step == "passthrough")


def _is_fitted(estimator):
    """Whether a step is fitted, decided as scikit-learn's ``check_is_fitted`` does.

    An estimator may say so itself (``__sklearn_is_fitted__``); otherwise it
    is fitted once it has an attribute whose name ends with an underscore.
    """
    if hasattr(estimator, "__sklearn_is_fitted__"):
        return bool(estimator.__sklearn_is_fitted__())
    return any(k.endswith("_") and not k.startswith("__") for k in vars(estimator))


def _final(pipeline):
    """The final step, or ``_UNKNOWN`` while the steps are not (name, step) pairs."""
    if pipeline._steps_are_pairs() and len(pipeline.steps) > 0:
        return pipeline.steps[-1][1]
    return _UNKNOWN


def _no_such_method(name, reason, cause=None):
    error = AttributeError(f"This 'Pipeline' has no attribute {name!r}: {reason}.")
    error.__cause__ = cause
    return error


def _final_has(pipeline, name, needs=None):
    """Raise AttributeError unless the final step has the method ``needs`` (``name``)."""
    needs = needs or name
    final = _final(pipeline)
    if final is _UNKNOWN:
        return
    if _is_passthrough(final):
        raise _no_such_method(name, f"its final step is {final!r}, which only passes "
                                    "the data through",
                              # As in scikit-learn, None stands for "passthrough".
                              AttributeError(f"'str' object has no attribute {needs!r}"))
    try:
        getattr(final, needs)
    except AttributeError as error:
        raise _no_such_method(name, f"its final step {type(final).__name__} has no "
                                    f"{needs}", error) from error


def _can_transform(pipeline, name):
    """``transform``: the final step transforms, or passes the data through."""
    if not _is_passthrough(_final(pipeline)):
        _final_has(pipeline, name)


def _can_fit_transform(pipeline, name):
    """``fit_transform``: as ``transform``, or the final step has its own."""
    final = _final(pipeline)
    if not _is_passthrough(final) and not hasattr(final, "fit_transform"):
        _final_has(pipeline, name, needs="transform")


def _can_inverse_transform(pipeline, name):
    """``inverse_transform``: every step that is not a passthrough can be undone."""
    if not pipeline._steps_are_pairs():
        return
    for step_name, step in pipeline.steps:
        if not _is_passthrough(step) and not hasattr(step, "inverse_transform"):
            raise _no_such_method(name, f"step {step_name!r} ({type(step).__name__}) "
                                        "has no inverse_transform")


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
    r"""A chain of transformers ending with an estimator, used as one model.

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
        ``fit_steps``. Any step may instead be ``"passthrough"`` or None,
        which leaves the data as they are (a pipeline whose last step is
        one ends with its transformers: it has ``transform``, not
        ``predict``). Names must be unique and must not contain ``"__"``.
        The step estimators are fitted in place, as in scikit-learn, so
        ``pipe.named_steps["ridge"].coef_`` is the fitted model's.
    memory : None, str or object with a ``cache`` method, default=None
        Accepted for compatibility with scikit-learn, which caches the
        fitted transformers there. Skratch does not cache: every ``fit``
        refits every step, which gives the same model.
    verbose : bool, default=False
        Print the time each step took to fit.
    transform_input : None, default=None
        Accepted for compatibility with scikit-learn, where it names fit
        parameters to be transformed along with ``X`` (a part of metadata
        routing skratch does not have): only None is allowed.

    Attributes
    ----------
    named_steps : dict
        The steps by name; also readable as attributes,
        ``pipe.named_steps.ridge``.
    classes_ : ndarray
        The final estimator's classes, for classifiers.
    n_features_in_ : int
        Number of features the first step saw in fit.
    feature_names_in_ : ndarray of str
        Names of the features the first step saw in fit, when it was given
        a DataFrame whose column names are all strings.

    See Also
    --------
    make_pipeline : build a pipeline, naming the steps after their classes.
    sklearn.pipeline.Pipeline : the same composition (which also caches
        transformers in ``memory`` and routes metadata to the steps).

    Notes
    -----
    With transformers :math:`T_1, \dots, T_k` and final estimator :math:`f`,
    the pipeline is the composition

    .. math::

        \hat y = f(T_k(\cdots T_2(T_1(x)))),

    where each :math:`T_i` is fitted on :math:`T_{i-1}(\cdots T_1(X))`, the
    training data as the previous steps transform it.

    **Methods.** ``predict``, ``predict_proba``, ``predict_log_proba``,
    ``decision_function``, ``score``, ``score_samples`` and ``fit_predict``
    exist when the final step has them; ``transform`` and ``fit_transform``
    when it transforms or is a passthrough; ``inverse_transform`` when every
    step that is not a passthrough can be undone (it undoes them last step
    first). ``get_feature_names_out`` passes names through every step.
    ``len(pipe)`` counts the steps; ``pipe[i]`` is a step, ``pipe["name"]``
    the step of that name and ``pipe[i:j]`` a pipeline of those steps.

    **Fit parameters.** ``fit(X, y, <step>__<parameter>=value)`` passes
    ``parameter=value`` to that step's fit, as in scikit-learn:
    ``pipe.fit(X, y, ridge__sample_weight=w)`` weights the samples when the
    step named "ridge" is fitted.

    **Steps.** ``fit_steps`` fits the transformers first, quietly (their own
    steps are consumed, not yielded), then yields the steps of the final
    estimator unchanged, so an animation of a pipeline shows the final model
    learning on the transformed features. Since the transformers are fitted
    before the first yielded step, ``pipe.predict`` works after every step,
    giving the final model of that moment. A step object without
    ``fit_steps`` (a scikit-learn estimator, say) is fitted by its ``fit``;
    if it is the final step, the pipeline yields a single "fit" step for it,
    as it does when the final step is ``"passthrough"``.

    Predicting, transforming or scoring with a pipeline whose last fitted
    step (the last that is not a passthrough) is not fitted yet raises
    :class:`~skratch.exceptions.NotFittedError`.

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
    >>> pipe[:-1].get_feature_names_out()
    array(['x0', 'x0^2'], dtype=object)
    >>> pipe.set_params(linearregression__solver="gd").get_params()["linearregression__solver"]
    'gd'
    >>> [step.kind for step in pipe.fit_steps(x, y)][:2]
    ['init', 'gradient']
    """

    def __init__(self, steps, *, transform_input=None, memory=None, verbose=False):
        self.steps = steps
        self.transform_input = transform_input
        self.memory = memory
        self.verbose = verbose

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
        out = {"memory": self.memory, "steps": self.steps,
               "transform_input": self.transform_input, "verbose": self.verbose}
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
        extra = ""
        if self.memory is not None:
            extra += f", memory={self.memory!r}"
        if self.verbose is not False:
            extra += f", verbose={self.verbose!r}"
        if self.transform_input is not None:
            extra += f", transform_input={self.transform_input!r}"
        return f"{type(self).__name__}(steps={self.steps!r}{extra})"

    # -- the steps ------------------------------------------------------------

    def _steps_are_pairs(self):
        return isinstance(self.steps, (list, tuple)) and all(
            isinstance(s, tuple) and len(s) == 2 and isinstance(s[0], str) for s in self.steps)

    _parameter_constraints = {
        # Each step is checked by _validate_steps.
        "steps": [list, tuple],
        "transform_input": [None, list],
        # scikit-learn caches there; skratch refits (the same model).
        "memory": [None, str, os.PathLike, HasMethods("cache")],
        "verbose": ["verbose"],
    }

    def _validate_params(self):
        super()._validate_params()
        if self.transform_input is not None:
            raise ValueError(
                f"transform_input={self.transform_input!r} is not supported: skratch "
                "routes fit parameters only as <step>__<parameter> and never "
                "transforms them. Use transform_input=None."
            )
        self._validate_steps()

    def _validate_steps(self):
        if isinstance(self.steps, (list, tuple)) and len(self.steps) == 0:
            raise ValueError("The pipeline is empty. Please add steps.")
        if not self._steps_are_pairs():
            raise TypeError(
                "Pipeline steps must be a non-empty list of (name, estimator) tuples "
                f"whose names are strings, got {self.steps!r}."
            )
        names = [name for name, _ in self.steps]
        duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
        if duplicates:
            raise ValueError(f"Names provided are not unique: {names!r}. Pipeline step "
                             f"names must be unique: {duplicates} repeat.")
        with_dunder = [name for name in names if "__" in name]
        if with_dunder:
            raise ValueError(
                f"Estimator names must not contain __: got {with_dunder!r}. '__' "
                "separates a step's name from its parameters in set_params and fit."
            )
        conflicts = [name for name in names if name in self._get_param_names()]
        if conflicts:
            raise ValueError(
                f"Estimator names conflict with constructor arguments: {conflicts!r}. "
                "Rename the step."
            )
        for name, step in self.steps:
            if isinstance(step, type):
                raise TypeError(
                    f"Expected an estimator instance ({step.__name__}()), got "
                    f"estimator class instead ({step.__name__}). Step {name!r} is the "
                    f"class itself: write {step.__name__}() to make one."
                )
        for name, step in self.steps[:-1]:
            if _is_passthrough(step):
                continue
            if not (hasattr(step, "fit") or hasattr(step, "fit_steps")
                    or hasattr(step, "fit_transform")) or not hasattr(step, "transform"):
                raise TypeError(
                    "All intermediate steps should be transformers and implement fit "
                    "and transform or be the string 'passthrough': step "
                    f"{name!r} is {step!r} (type {type(step).__name__})."
                )
        name, final = self.steps[-1]
        if not (_is_passthrough(final) or hasattr(final, "fit") or hasattr(final, "fit_steps")):
            raise TypeError(
                "Last step of Pipeline should implement fit or be the string "
                f"'passthrough'. Step {name!r} is {final!r} (type {type(final).__name__})."
            )

    def _real_steps(self, with_final=True):
        """(index, name, step) of every step that is not a passthrough."""
        steps = self.steps if with_final else self.steps[:-1]
        return [(i, name, step) for i, (name, step) in enumerate(steps)
                if not _is_passthrough(step)]

    @property
    def named_steps(self):
        """The steps by name (also readable as attributes)."""
        return _NamedSteps(self.steps)

    @property
    def _final_estimator(self):
        final = self.steps[-1][1]
        return "passthrough" if final is None else final

    def __len__(self):
        """The number of steps, passthroughs included."""
        return len(self.steps)

    def __getitem__(self, index):
        """A step by position or name, or a sub-pipeline for a slice.

        The sub-pipeline shares the step estimators (fitted or not): fitting
        one fits the other.
        """
        if isinstance(index, slice):
            if index.step not in (None, 1):
                raise ValueError("Pipeline slicing only supports a step of 1: got "
                                 f"the slice {index!r}.")
            return type(self)(self.steps[index], transform_input=self.transform_input,
                              memory=self.memory, verbose=self.verbose)
        if isinstance(index, str):
            return self.named_steps[index]
        return self.steps[index][1]

    @property
    def _estimator_type(self):
        final = _final(self)
        if final is _UNKNOWN or _is_passthrough(final):
            return None
        return getattr(final, "_estimator_type", None)

    @property
    def classes_(self):
        """The classes of the final estimator."""
        final = _final(self)
        if final is _UNKNOWN or _is_passthrough(final):
            raise AttributeError("This 'Pipeline' has no attribute 'classes_': it has "
                                 "no final estimator.")
        return final.classes_

    def _first_real_step(self, attribute):
        real = self._real_steps() if self._steps_are_pairs() else []
        if not real:
            raise AttributeError(f"This 'Pipeline' has no attribute {attribute!r}: "
                                 "it has no step that is not a passthrough.")
        return real[0][2]

    @property
    def n_features_in_(self):
        """Number of features seen in fit by the first step that is not a passthrough."""
        return self._first_real_step("n_features_in_").n_features_in_

    @property
    def feature_names_in_(self):
        """Names of the features seen in fit by the first step, for DataFrame input."""
        return self._first_real_step("feature_names_in_").feature_names_in_

    def __sklearn_is_fitted__(self):
        """Whether the last step that is not a passthrough is fitted (True if there is none)."""
        if not self._steps_are_pairs():
            return False
        real = self._real_steps()
        return not real or _is_fitted(real[-1][2])

    def _check_fitted(self):
        self._validate_steps()
        if not self.__sklearn_is_fitted__():
            raise not_fitted_error(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' "
                "(or run 'fit_steps') with appropriate arguments before using this "
                "pipeline."
            )

    def __sklearn_tags__(self):
        # scikit-learn is imported here only, as in skratch.base.
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags, get_tags

        plain = Tags(estimator_type=None, target_tags=TargetTags(required=False),
                     input_tags=InputTags())
        try:
            self._validate_steps()
        except (TypeError, ValueError):
            return plain
        real = self._real_steps()
        final = self.steps[-1][1]
        # The final step decides what kind of model this is (a pipeline ending
        # with a passthrough is a transformer); the first step what input it takes.
        if _is_passthrough(final):
            tags = plain
            tags.transformer_tags = TransformerTags()
        else:
            tags = copy.deepcopy(get_tags(final))
        if real:
            tags.input_tags = copy.deepcopy(get_tags(real[0][2]).input_tags)
        return tags

    # -- training -------------------------------------------------------------

    def _route_fit_params(self, params):
        """Split ``<step>__<parameter>`` keyword arguments by step."""
        routed = {name: {} for name, _ in self.steps}
        for key, value in params.items():
            name, separator, parameter = key.partition("__")
            if not separator:
                raise ValueError(
                    f"Pipeline.fit does not accept the {key} parameter. Pass a "
                    "parameter to one step as <step name>__<parameter>, e.g. "
                    f"`pipe.fit(X, y, {self.steps[-1][0]}__{key}=...)`."
                )
            if name not in routed:
                raise ValueError(
                    f"Pipeline.fit got {key!r}, but the pipeline has no step named "
                    f"{name!r}; its steps are {list(routed)}."
                )
            routed[name][parameter] = value
        for name, step in self.steps:
            if routed[name] and _is_passthrough(step):
                raise ValueError(
                    f"Pipeline.fit got {sorted(routed[name])} for step {name!r}, which "
                    f"is {step!r} and is not fitted."
                )
        return routed

    @contextlib.contextmanager
    def _timed(self, index):
        """With ``verbose``, print how long the block fitting step ``index`` took."""
        start = time.perf_counter()
        yield
        if self.verbose:
            print(f"[Pipeline] (step {index + 1} of {len(self.steps)}) Processing "
                  f"{self.steps[index][0]}, total={time.perf_counter() - start:.1f}s")

    def _fit_transformers(self, X, y, routed):
        """Fit every step but the last, each on the previous one's output; return it."""
        Xt = X
        for index, (name, step) in enumerate(self.steps[:-1]):
            with self._timed(index):
                if _is_passthrough(step):
                    continue
                params = routed[name]
                if hasattr(step, "fit_steps"):
                    for _ in step.fit_steps(Xt, y, **params):
                        pass
                    Xt = step.transform(Xt)
                elif hasattr(step, "fit_transform"):
                    Xt = step.fit_transform(Xt, y, **params)
                else:
                    Xt = step.fit(Xt, y, **params).transform(Xt)
        return Xt

    def fit(self, X, y=None, **params):
        """Fit every step: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
        **params
            ``<step>__<parameter>=value``: passed to that step's fit.

        Returns
        -------
        self
        """
        for _ in self.fit_steps(X, y, **params):
            pass
        return self

    def fit_steps(self, X, y=None, **params):
        """Fit the transformers quietly, then yield the final estimator's steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
        **params
            ``<step>__<parameter>=value``: passed to that step's fit.

        Yields
        ------
        Step
            The steps of the final estimator, fitted on the transformed data.
        """
        routed = self._route_fit_params(params)
        Xt = self._fit_transformers(X, y, routed)
        name, final = self.steps[-1]
        with self._timed(len(self.steps) - 1):
            if _is_passthrough(final):
                yield Step(index=0, kind="fit",
                           message=f"{len(self._real_steps())} transformer(s) fitted; the "
                                   f"final step {name!r} is {final!r}: transform returns "
                                   "their output")
            elif hasattr(final, "fit_steps"):
                yield from final.fit_steps(Xt, y, **routed[name])
            else:
                final.fit(Xt, y, **routed[name])
                yield Step(index=0, kind="fit",
                           message=f"{name}: {type(final).__name__} fitted by its fit "
                                   "(it has no fit_steps to show)")

    @available_if(_can_fit_transform)
    def fit_transform(self, X, y=None, **params):
        """Fit the pipeline, then transform ``X`` through every step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
        **params
            ``<step>__<parameter>=value``: passed to that step's fit.

        Returns
        -------
        ndarray
        """
        self._validate_params()
        routed = self._route_fit_params(params)
        Xt = self._fit_transformers(X, y, routed)
        name, final = self.steps[-1]
        with self._timed(len(self.steps) - 1):
            if _is_passthrough(final):
                return Xt
            if hasattr(final, "fit_steps"):
                for _ in final.fit_steps(Xt, y, **routed[name]):
                    pass
                return final.transform(Xt)
            if hasattr(final, "fit_transform"):
                return final.fit_transform(Xt, y, **routed[name])
            return final.fit(Xt, y, **routed[name]).transform(Xt)

    @available_if(_final_has)
    def fit_predict(self, X, y=None, **params):
        """Fit the transformers, then the final estimator's ``fit_predict`` on their output.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
        **params
            ``<step>__<parameter>=value``: passed to that step's fit.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        self._validate_params()
        routed = self._route_fit_params(params)
        Xt = self._fit_transformers(X, y, routed)
        name, final = self.steps[-1]
        with self._timed(len(self.steps) - 1):
            return final.fit_predict(Xt, y, **routed[name])

    # -- using the fitted pipeline --------------------------------------------

    def _transform_to_final(self, X):
        self._check_fitted()
        for _, _, transformer in self._real_steps(with_final=False):
            X = transformer.transform(X)
        return X

    @available_if(_final_has)
    def predict(self, X, **params):
        """Transform ``X`` through the steps, then predict with the final estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        **params
            Passed to the final estimator's ``predict``.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self.steps[-1][1].predict(self._transform_to_final(X), **params)

    @available_if(_final_has)
    def predict_proba(self, X, **params):
        """Transform ``X``, then the final estimator's class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        **params
            Passed to the final estimator's ``predict_proba``.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self.steps[-1][1].predict_proba(self._transform_to_final(X), **params)

    @available_if(_final_has)
    def predict_log_proba(self, X, **params):
        """Transform ``X``, then the final estimator's log-probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        **params
            Passed to the final estimator's ``predict_log_proba``.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self.steps[-1][1].predict_log_proba(self._transform_to_final(X), **params)

    @available_if(_final_has)
    def decision_function(self, X):
        """Transform ``X``, then the final estimator's decision function.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        return self.steps[-1][1].decision_function(self._transform_to_final(X))

    @available_if(_final_has)
    def score_samples(self, X):
        """Transform ``X``, then the final estimator's ``score_samples``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        return self.steps[-1][1].score_samples(self._transform_to_final(X))

    @available_if(_can_transform)
    def transform(self, X):
        """Transform ``X`` through every step, the final one included.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        Xt = self._transform_to_final(X)
        final = self.steps[-1][1]
        return Xt if _is_passthrough(final) else final.transform(Xt)

    @available_if(_can_inverse_transform)
    def inverse_transform(self, X):
        """Undo the transform: every step's ``inverse_transform``, last step first.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_transformed_features)

        Returns
        -------
        ndarray of shape (n_samples, n_features)
        """
        self._check_fitted()
        for _, _, step in reversed(self._real_steps()):
            X = step.inverse_transform(X)
        return X

    @available_if(_final_has)
    def score(self, X, y=None, sample_weight=None):
        """Transform ``X``, then the final estimator's score against ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
            Targets, for supervised final estimators.
        sample_weight : array-like of shape (n_samples,), optional
            Passed to the final estimator's ``score`` when given.

        Returns
        -------
        float
        """
        Xt = self._transform_to_final(X)
        weights = {} if sample_weight is None else {"sample_weight": sample_weight}
        return self.steps[-1][1].score(Xt, y, **weights)

    def get_feature_names_out(self, input_features=None):
        """Names of the output features: each step's names, from the first to the last.

        Parameters
        ----------
        input_features : array-like of str, optional
            Names of the input features; by default the first step's
            (``feature_names_in_``, or "x0", "x1", ...).

        Returns
        -------
        ndarray of str objects
        """
        names = input_features
        for _, name, step in self._real_steps():
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(
                    f"Estimator {name} does not provide get_feature_names_out. Did you "
                    "mean to call pipeline[:-1].get_feature_names_out()?"
                )
            names = step.get_feature_names_out(names)
        return names


def make_pipeline(*steps, memory=None, transform_input=None, verbose=False):
    """A :class:`Pipeline` whose steps are named after their classes, in lower case.

    Repeated class names are numbered: two scalers become
    ``"standardscaler-1"`` and ``"standardscaler-2"``. A ``"passthrough"``
    step is named "passthrough".

    Parameters
    ----------
    *steps : estimators
        The transformers, then the final estimator.
    memory : None, str or object with a ``cache`` method, default=None
        As for :class:`Pipeline` (accepted, not used).
    transform_input : None, default=None
        As for :class:`Pipeline` (only None).
    verbose : bool, default=False
        As for :class:`Pipeline`.

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
    names = [step if isinstance(step, str) else type(step).__name__.lower()
             for step in steps]
    counts = Counter(names)
    seen = Counter()
    unique = []
    for name in names:
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name}-{seen[name]}"
        unique.append(name)
    return Pipeline(list(zip(unique, steps)), transform_input=transform_input, memory=memory,
                    verbose=verbose)
