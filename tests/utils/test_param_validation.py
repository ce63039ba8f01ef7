"""The constraint objects, the one message format, and where validation runs."""

import os
from numbers import Integral, Real

import numpy as np
import pytest

from skratch.base import BaseEstimator, Params
from skratch.exceptions import InvalidParameterError, NotFittedError
from skratch.steps import Step
from skratch.utils import check_fitted_input, validate_data
from skratch.utils._param_validation import (
    HasMethods,
    InstanceOf,
    Interval,
    Options,
    RealNotInt,
    make_constraint,
    validate_parameter_constraints,
)


def _refused(constraints, value, name="p", caller="Model"):
    with pytest.raises(InvalidParameterError) as info:
        validate_parameter_constraints({name: constraints}, {name: value}, caller)
    return str(info.value)


# -- intervals ------------------------------------------------------------------

@pytest.mark.parametrize("value, inside", [
    (1, True), (np.int64(7), True), (10**30, True),
    (0, False), (-3, False),
    (1.0, False), (np.float64(2.0), False),  # a float is not a count, even when whole
    (True, False), (np.bool_(True), False),  # nor is a bool: True is not 1 here
    ("1", False), (None, False),
])
def test_an_int_interval_takes_ints_only_and_never_bools(value, inside):
    assert Interval(Integral, 1, None, closed="left").is_satisfied_by(value) is inside


@pytest.mark.parametrize("value, inside", [
    (0, True), (0.0, True), (np.float32(0.5), True), (3, True), (1e300, True),
    (-1e-12, False), (np.inf, False), (np.nan, False), (False, False), ("0", False),
])
def test_a_real_interval_takes_ints_and_floats_but_not_nan_inf_or_bools(value, inside):
    assert Interval(Real, 0, None, closed="left").is_satisfied_by(value) is inside


def test_real_not_int_refuses_ints_that_mean_counts():
    fraction = Interval(RealNotInt, 0.0, 1.0, closed="right")
    assert fraction.is_satisfied_by(0.5) and fraction.is_satisfied_by(1.0)
    assert fraction.is_satisfied_by(np.float32(0.25))
    assert not fraction.is_satisfied_by(1) and not fraction.is_satisfied_by(np.int32(1))
    assert not fraction.is_satisfied_by(0.0)


@pytest.mark.parametrize("closed, left_in, right_in", [
    ("both", True, True), ("left", True, False), ("right", False, True),
    ("neither", False, False),
])
def test_each_end_is_open_or_closed_as_declared(closed, left_in, right_in):
    interval = Interval(Real, 0, 1, closed=closed)
    assert interval.is_satisfied_by(0) is left_in
    assert interval.is_satisfied_by(1) is right_in
    assert interval.is_satisfied_by(0.5)


def test_an_infinite_end_belongs_to_the_interval_only_when_closed():
    # LogisticRegression's C: (0, inf], where inf means no penalty.
    assert Interval(Real, 0, None, closed="right").is_satisfied_by(np.inf)
    assert not Interval(Real, 0, None, closed="neither").is_satisfied_by(np.inf)
    assert Interval(Real, None, 0, closed="left").is_satisfied_by(-np.inf)


@pytest.mark.parametrize("interval, text", [
    (Interval(Integral, 1, None, closed="left"), "an int in the range [1, inf)"),
    (Interval(Integral, None, None, closed="neither"), "an int in the range (-inf, inf)"),
    (Interval(Real, 0, 1, closed="both"), "a float in the range [0.0, 1.0]"),
    (Interval(Real, 0, None, closed="right"), "a float in the range (0.0, inf]"),
    (Interval(RealNotInt, 0, 1, closed="neither"), "a float in the range (0.0, 1.0)"),
])
def test_intervals_describe_themselves_in_interval_notation(interval, text):
    assert str(interval) == text


@pytest.mark.parametrize("args, kwargs, match", [
    ((int, 0, 1), {"closed": "both"}, "kind must be numbers.Integral"),
    ((Real, 0, 1), {"closed": "open"}, "closed must be one of"),
    ((Real, 2, 1), {"closed": "both"}, "The interval is empty"),
])
def test_a_malformed_interval_is_refused_when_declared(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        Interval(*args, **kwargs)


def test_closed_must_be_said():
    with pytest.raises(TypeError, match="closed"):
        Interval(Real, 0, 1)


# -- the other constraints ------------------------------------------------------

def test_options_compare_strings_only():
    solver = Options("normal", "gd")
    assert solver.is_satisfied_by("gd") and not solver.is_satisfied_by("GD")
    # An array or a dict is never compared element-wise with the options.
    assert not solver.is_satisfied_by(np.array(["gd"]))
    assert not solver.is_satisfied_by({"gd": 1})
    assert not solver.is_satisfied_by(None)
    assert str(solver) == "a str among {'normal', 'gd'}"
    with pytest.raises(ValueError, match="one or more strings"):
        Options(None, "l2")


def test_named_constraints():
    boolean = make_constraint("boolean")
    assert boolean.is_satisfied_by(False) and boolean.is_satisfied_by(np.bool_(True))
    assert not boolean.is_satisfied_by(0) and not boolean.is_satisfied_by("True")

    seed = make_constraint("random_state")
    for ok in (None, 0, np.uint32(5), np.random.default_rng(0), np.random.RandomState(0)):
        assert seed.is_satisfied_by(ok), ok
    for bad in (-1, 1.5, True, "seed"):
        assert not seed.is_satisfied_by(bad), bad

    array_like = make_constraint("array-like")
    for ok in ([1.0], (1, 2), np.zeros(3), np.zeros((2, 2)), []):
        assert array_like.is_satisfied_by(ok), ok
    for bad in ("abc", {"a": 1}, 3.0, np.float64(1.0), np.array(1.0), None):
        assert not array_like.is_satisfied_by(bad), bad

    verbose = make_constraint("verbose")
    assert verbose.is_satisfied_by(True) and verbose.is_satisfied_by(2)
    assert not verbose.is_satisfied_by(-1) and not verbose.is_satisfied_by("yes")

    assert make_constraint(None).is_satisfied_by(None)
    assert not make_constraint(None).is_satisfied_by(0)
    assert make_constraint(callable).is_satisfied_by(len)
    assert not make_constraint(callable).is_satisfied_by("len")


def test_types_and_methods():
    assert isinstance(make_constraint(dict), InstanceOf)
    assert make_constraint(dict).is_satisfied_by({}) and not make_constraint(dict).is_satisfied_by([])
    assert str(InstanceOf(np.ndarray)) == "an instance of 'numpy.ndarray'"
    assert str(InstanceOf(os.PathLike)) == "an instance of 'os.PathLike'"

    class Cache:
        def cache(self, f):
            return f

    cache = HasMethods("cache")
    assert cache.is_satisfied_by(Cache()) and not cache.is_satisfied_by("dir")
    assert str(cache) == "an object implementing 'cache'"


def test_an_unknown_constraint_is_refused():
    with pytest.raises(ValueError, match="Unknown parameter constraint 'positive'"):
        make_constraint("positive")


# -- the message ----------------------------------------------------------------

def test_the_message_is_scikit_learns():
    message = _refused([Interval(Integral, 1, None, closed="left")], True,
                       name="max_iter", caller="Lasso")
    assert message == ("The 'max_iter' parameter of Lasso must be an int in the range "
                       "[1, inf). Got True instead.")


def test_several_constraints_are_listed_with_none_last():
    message = _refused([None, Interval(Integral, 1, None, closed="left")], 0)
    assert message == ("The 'p' parameter of Model must be an int in the range [1, inf) "
                       "or None. Got 0 instead.")
    message = _refused([Options("auto"), None, Interval(Integral, 1, None, closed="left")],
                       "many")
    assert message == ("The 'p' parameter of Model must be a str among {'auto'}, an int in "
                       "the range [1, inf) or None. Got 'many' instead.")


def test_a_hint_follows_the_message():
    message = _refused([Options("newton", hint="Use 'newton'.")], "lbfgs")
    assert message.endswith("Got 'lbfgs' instead. Use 'newton'.")


def test_undeclared_parameters_are_not_checked_and_valid_ones_pass():
    constraints = {"tol": [Interval(Real, 0, None, closed="left")]}
    validate_parameter_constraints(constraints, {"tol": 0.1, "other": object()}, "Model")


def test_the_error_is_a_value_and_a_type_error_and_scikit_learns():
    from sklearn.utils._param_validation import InvalidParameterError as SkInvalidParameterError

    with pytest.raises(InvalidParameterError) as info:
        validate_parameter_constraints({"p": ["boolean"]}, {"p": 1}, "Model")
    assert isinstance(info.value, ValueError) and isinstance(info.value, TypeError)
    # scikit-learn is imported (by this test), so the error is also its own.
    assert isinstance(info.value, SkInvalidParameterError)


# -- where validation runs: once, before any work ---------------------------------

class _Counter(BaseEstimator):
    """A toy model that records what it did."""

    _parameter_constraints = {"n": [Interval(Integral, 1, None, closed="left")],
                              "mode": [Options("a", "b")]}

    def __init__(self, n=1, mode="a"):
        self.n = n
        self.mode = mode

    def _validate_params(self):
        super()._validate_params()
        if self.mode == "b" and self.n > 2:
            raise ValueError("mode='b' counts to 2 at most.")

    def fit_steps(self, X, y=None):
        self.work_ = True
        for i in range(self.n):
            yield Step(index=i, kind="count", message=f"{i}")

    def partial_fit(self, X, y=None):
        self.work_ = True
        return self


def test_fit_steps_validates_when_the_run_starts_before_any_work():
    model = _Counter(n=0)
    steps = model.fit_steps(None)  # a generator: nothing runs yet
    with pytest.raises(InvalidParameterError, match="'n' parameter of _Counter"):
        next(steps)
    assert not hasattr(model, "work_")
    with pytest.raises(InvalidParameterError, match="'n' parameter of _Counter"):
        model.fit(None)
    with pytest.raises(InvalidParameterError, match="'mode' parameter of _Counter"):
        _Counter(mode="c").partial_fit(None)
    assert len(list(_Counter(n=3).fit_steps(None))) == 3


def test_cross_parameter_rules_run_after_the_declared_ones():
    with pytest.raises(ValueError, match="mode='b' counts to 2 at most"):
        _Counter(n=3, mode="b").fit(None)
    with pytest.raises(InvalidParameterError, match="'n' parameter"):
        _Counter(n=0, mode="b").fit(None)  # the declared check comes first


def test_a_params_class_without_declarations_checks_nothing():
    class Plain(Params):
        def __init__(self, anything=None):
            self.anything = anything

    Plain(anything=object())._validate_params()


# -- the predict-time header -------------------------------------------------------

class _Mean(BaseEstimator):
    _parameter_constraints = {}

    def fit_steps(self, X, y=None):
        X = validate_data(self, X, reset=True)
        self.mean_ = X.mean(axis=0)
        yield Step(index=0, kind="mean", message="mean")

    def predict(self, X):
        X = check_fitted_input(self, X, "mean_")
        return X @ self.mean_


def test_check_fitted_input_refuses_an_unfitted_model_and_data_of_another_width():
    with pytest.raises(NotFittedError, match="This _Mean instance is not fitted yet"):
        _Mean().predict(np.ones((2, 2)))
    model = _Mean().fit(np.ones((3, 2)))
    np.testing.assert_array_equal(model.predict(np.ones((1, 2))), [2.0])
    with pytest.raises(ValueError, match="X has 3 features, but _Mean is expecting 2"):
        model.predict(np.ones((1, 3)))
