"""The estimator base class, the mixins and ``clone``.

Written here, not borrowed: ``get_params`` reads the hyperparameter names from
the signature of ``__init__``, which therefore must list them explicitly and
store each one untouched under the same name.
"""

import copy
import functools
import inspect

import numpy as np

from .utils._param_validation import validate_parameter_constraints

__all__ = [
    "Params",
    "BaseEstimator",
    "ClassifierMixin",
    "RegressorMixin",
    "ClusterMixin",
    "TransformerMixin",
    "clone",
    "is_classifier",
    "is_regressor",
]


def _differs(value, default):
    """Whether a parameter value differs from its default, for ``__repr__``."""
    if value is default:
        return False
    if isinstance(value, np.ndarray) or isinstance(default, np.ndarray):
        return True
    if isinstance(value, float) and isinstance(default, float):
        if np.isnan(value) and np.isnan(default):
            return False
    try:
        return bool(value != default)
    except (TypeError, ValueError):
        return True


def _one_run_at_a_time(fit_steps):
    """Validate the hyperparameters when a run starts; refuse to resume a stale run.

    The hyperparameters are checked (:meth:`Params._validate_params`) when
    the generator starts, before the run does any work.

    Training writes the fitted attributes as it goes. A generator paused at a
    step, resumed after ``fit`` (or another ``fit_steps``) has started a new
    run on the same object, would write its old run's state over the new
    one's: a hybrid model. Each run therefore takes a number when it starts;
    a generator whose number is no longer the estimator's stops with a clear
    error instead of resuming.
    """

    @functools.wraps(fit_steps)
    def guarded(self, *args, **kwargs):
        if getattr(self, "_fit_steps_running", False):
            # A run calling fit_steps of a parent class: part of this run.
            yield from fit_steps(self, *args, **kwargs)
            return
        # The hyperparameters are checked before any work, in one place.
        self._validate_params()
        run = self._fit_run = getattr(self, "_fit_run", 0) + 1
        steps = fit_steps(self, *args, **kwargs)
        try:
            while True:
                if self._fit_run != run:
                    raise RuntimeError(
                        f"This fit_steps run of {type(self).__name__} is stale: "
                        "the estimator was fitted again (by fit or a newer "
                        "fit_steps) after this run was paused, so resuming it "
                        "would mix two runs. Start a new fit_steps to train again."
                    )
                self._fit_steps_running = True
                try:
                    step = next(steps)
                except StopIteration:
                    return
                finally:
                    self._fit_steps_running = False
                yield step
        finally:
            steps.close()

    guarded._one_run_at_a_time = True
    return guarded


def _validating(partial_fit):
    """Make ``partial_fit`` check the hyperparameters first, as ``fit_steps`` does."""

    @functools.wraps(partial_fit)
    def validated(self, *args, **kwargs):
        self._validate_params()
        return partial_fit(self, *args, **kwargs)

    validated._validating = True
    return validated


class Params:
    """Hyperparameters read from ``__init__``: get/set them, clone, show them.

    Gives ``get_params``/``set_params`` (so ``clone`` and scikit-learn's
    tools work) and a short ``__repr__`` that shows only the parameters that
    differ from their defaults. Estimators get it through
    :class:`BaseEstimator`; hyperparameter objects that are not estimators
    (the optimizers of :mod:`skratch.optim`) use it directly.

    A class declares the values each hyperparameter accepts in
    ``_parameter_constraints`` (see :mod:`skratch.utils._param_validation`);
    :meth:`_validate_params` checks them. A class that defines ``fit_steps``
    has it guarded: the hyperparameters are validated when a run starts,
    before any work, and only the newest run of an object can resume (a
    paused generator resumed after a newer ``fit`` raises ``RuntimeError``
    rather than leave a model made of two runs). A ``partial_fit`` is
    validated the same way.
    """

    # {parameter name: [constraint, ...]}: the values each one accepts.
    _parameter_constraints = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fit_steps = cls.__dict__.get("fit_steps")
        if callable(fit_steps) and not getattr(fit_steps, "_one_run_at_a_time", False):
            cls.fit_steps = _one_run_at_a_time(fit_steps)
        partial_fit = cls.__dict__.get("partial_fit")
        if callable(partial_fit) and not getattr(partial_fit, "_validating", False):
            cls.partial_fit = _validating(partial_fit)

    def _validate_params(self):
        """Check every hyperparameter against the class's ``_parameter_constraints``.

        Raises :class:`~skratch.exceptions.InvalidParameterError` (a
        ``ValueError`` and a ``TypeError``) naming the first parameter whose
        value fits none of its constraints. A class whose rules tie
        parameters together extends this method: ``super()._validate_params()``
        first, then its short explicit checks.
        """
        validate_parameter_constraints(self._parameter_constraints,
                                       self.get_params(deep=False),
                                       caller_name=type(self).__name__)

    @classmethod
    def _get_param_names(cls):
        init = cls.__init__
        if init is object.__init__:
            return []
        params = inspect.signature(init).parameters.values()
        for p in params:
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(
                    f"{cls.__name__}.__init__ takes *args; estimators must "
                    "list their parameters explicitly."
                )
        return sorted(p.name for p in params
                      if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep=True):
        """Get this estimator's hyperparameters.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of nested estimators, as
            ``<name>__<parameter>``.

        Returns
        -------
        dict
        """
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                for sub_name, sub_value in value.get_params(deep=True).items():
                    out[f"{name}__{sub_name}"] = sub_value
            out[name] = value
        return out

    def set_params(self, **params):
        """Set hyperparameters; ``<name>__<parameter>`` reaches nested estimators.

        Returns
        -------
        self
        """
        if not params:
            return self
        valid = self.get_params(deep=True)
        nested = {}
        for key, value in params.items():
            name, sep, sub_key = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator "
                    f"{self!r}. Valid parameters are: "
                    f"{sorted(self._get_param_names())!r}."
                )
            if sep:
                nested.setdefault(name, {})[sub_key] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self):
        signature = inspect.signature(type(self).__init__)
        shown = []
        for name in self._get_param_names():
            value = getattr(self, name)
            default = signature.parameters[name].default
            if _differs(value, default):
                text = repr(value)
                if len(text) > 60:
                    text = text[:57] + "..."
                shown.append(f"{name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"


class BaseEstimator(Params):
    """Base class of every skratch estimator.

    Adds to :class:`Params` the step protocol: ``fit`` is defined as running
    ``fit_steps`` to the end, so the animated path and the tested path are
    the same code.
    """

    def fit(self, X, y=None, **fit_params):
        """Fit the model: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), optional
            Targets, for supervised models.
        **fit_params
            Passed to :meth:`fit_steps` (``sample_weight``, where the model
            takes it; such models name it in their own ``fit`` signature,
            which is where scikit-learn looks for it).

        Returns
        -------
        self
        """
        for _ in self.fit_steps(X, y, **fit_params):
            pass
        return self

    def fit_steps(self, X, y=None):  # pragma: no cover - every estimator overrides it
        """Fit the model, yielding a :class:`~skratch.Step` after each stage."""
        raise NotImplementedError

    def __sklearn_tags__(self):
        # scikit-learn is a test-time oracle, not a dependency: import it here
        # only, so that ``import skratch`` never imports it.
        from sklearn.utils import InputTags, Tags, TargetTags

        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            input_tags=InputTags(),
        )


class ClassifierMixin:
    """Mixin for classifiers: ``score`` is the accuracy."""

    _estimator_type = "classifier"

    def score(self, X, y):
        """Accuracy of ``predict(X)`` against ``y``.

        Returns
        -------
        float
        """
        from .metrics import accuracy_score

        return accuracy_score(y, self.predict(X))

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags

        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        tags.target_tags.required = True
        return tags


class RegressorMixin:
    """Mixin for regressors: ``score`` is the coefficient of determination R²."""

    _estimator_type = "regressor"

    def score(self, X, y):
        """R² of ``predict(X)`` against ``y``.

        Returns
        -------
        float
        """
        from .metrics import r2_score

        return r2_score(y, self.predict(X))

    def __sklearn_tags__(self):
        from sklearn.utils import RegressorTags

        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        tags.target_tags.required = True
        return tags


class ClusterMixin:
    """Mixin for clusterers: ``fit_predict`` returns ``labels_``."""

    _estimator_type = "clusterer"

    def fit_predict(self, X, y=None, **fit_params):
        """Fit, then return the cluster label of each training sample.

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        self.fit(X, y, **fit_params)
        return self.labels_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "clusterer"
        return tags


class TransformerMixin:
    """Mixin for transformers: ``fit_transform``."""

    def fit_transform(self, X, y=None, **fit_params):
        """Fit, then transform ``X``.

        Returns
        -------
        ndarray
        """
        return self.fit(X, y, **fit_params).transform(X)

    def __sklearn_tags__(self):
        from sklearn.utils import TransformerTags

        tags = super().__sklearn_tags__()
        tags.transformer_tags = TransformerTags()
        return tags


def clone(estimator):
    """A new, unfitted estimator with the same hyperparameters.

    Nested estimators are cloned too; other parameter values are deep-copied,
    so the clone shares nothing mutable with the original.

    Parameters
    ----------
    estimator : estimator, or a list, tuple or set of them

    Returns
    -------
    estimator
    """
    if isinstance(estimator, (list, tuple, set, frozenset)):
        return type(estimator)(clone(e) for e in estimator)
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        raise TypeError(
            f"Cannot clone {estimator!r} of type {type(estimator).__name__}: "
            "it is not an estimator (it has no get_params method)."
        )
    params = estimator.get_params(deep=False)
    return type(estimator)(**{name: _clone_param(value) for name, value in params.items()})


def _clone_param(value):
    """Clone estimators, also inside lists and tuples (a pipeline's steps); copy the rest."""
    if hasattr(value, "get_params") and not isinstance(value, type):
        return clone(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_clone_param(v) for v in value)
    return copy.deepcopy(value)


def is_classifier(estimator):
    """Whether ``estimator`` is a classifier."""
    return getattr(estimator, "_estimator_type", None) == "classifier"


def is_regressor(estimator):
    """Whether ``estimator`` is a regressor."""
    return getattr(estimator, "_estimator_type", None) == "regressor"
