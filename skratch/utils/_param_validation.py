"""Hyperparameter constraints, declared once per class and checked in one place.

A class lists, for each hyperparameter of its ``__init__``, the values it
accepts::

    _parameter_constraints = {
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "solver": [Options("normal", "gd")],
        "fit_intercept": ["boolean"],
        "random_state": ["random_state"],
    }

A value is valid when it satisfies at least one constraint of its list.
:meth:`skratch.base.Params._validate_params` checks them all before
``fit_steps`` (and ``partial_fit``) does any work, and refuses the first
invalid value with an :class:`~skratch.exceptions.InvalidParameterError`
whose message has one format::

    The 'max_iter' parameter of Lasso must be an int in the range [1, inf). Got True instead.

A constraint is one of:

* :class:`Interval`: numbers of one kind (``numbers.Integral``,
  ``numbers.Real`` or :class:`RealNotInt`) between two bounds, each end
  open or closed. Booleans are never numbers here: ``max_iter=True`` is
  refused, not read as 1 (Python counts ``True`` as an int; a
  hyperparameter given ``True`` where it takes a count is a mistake).
  NaN lies in no interval.
* :class:`Options`: a fixed set of strings.
* a type, or :class:`InstanceOf`: an instance of it (``dict`` for a
  class-weight mapping).
* :class:`HasMethods`: any object with the named methods (duck typing).
* ``None``: the value None.
* ``"boolean"``: ``True`` or ``False`` (also NumPy's ``numpy.bool_``).
* ``"random_state"``: what :func:`~skratch.utils.check_random_state`
  accepts: None, an int in the range [0, inf), a ``numpy.random.Generator``
  or a ``numpy.random.RandomState``.
* ``"array-like"``: a list, tuple or array (anything with a length, a
  shape or ``__array__``, but not a string, a mapping or a scalar).
* ``"verbose"``: a bool or an int in the range [0, inf).
* the built-in :func:`callable`: any callable.

Rules that tie two parameters together (``positive=True`` only with one
solver, say) are not constraints: the class checks them explicitly after
the declared ones, in its own ``_validate_params``.
"""

import math
from numbers import Integral, Real

import numpy as np

from ..exceptions import invalid_parameter_error

__all__ = [
    "Interval",
    "Options",
    "InstanceOf",
    "HasMethods",
    "RealNotInt",
    "make_constraint",
    "validate_parameter_constraints",
]


def _is_bool(value):
    return isinstance(value, (bool, np.bool_))


class RealNotInt:
    """The kind of :class:`Interval` that holds real numbers that are not ints.

    For a parameter whose int and float values mean different things: a
    tree's ``min_samples_leaf=2`` is two samples, ``min_samples_leaf=0.2``
    a fifth of them. Never instantiated: it only names the kind.
    """


class _Constraint:
    """One set of accepted values: ``is_satisfied_by(value)`` and a description.

    ``hint``, if set, is a sentence added to the message when a value is
    refused (what to use instead of a scikit-learn option that skratch does
    not implement, say).
    """

    hint = None

    def is_satisfied_by(self, value):  # pragma: no cover - every constraint overrides it
        raise NotImplementedError

    def __str__(self):  # pragma: no cover
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__}: {self}>"


class Interval(_Constraint):
    r"""Numbers of one kind between two bounds.

    Parameters
    ----------
    kind : numbers.Integral, numbers.Real or RealNotInt
        ``Integral``: ints (Python's and NumPy's); ``Real``: any real number,
        ints included; :class:`RealNotInt`: real numbers that are not ints.
        Booleans are none of them.
    left, right : number or None
        The bounds; None stands for :math:`-\infty` and :math:`+\infty`.
    closed : {"left", "right", "both", "neither"}
        Which ends belong to the interval. An infinite end belongs to it
        only if closed, so ``Interval(Real, 0, None, closed="left")`` is
        :math:`[0, \infty)` (infinity refused) and ``closed="both"`` is
        :math:`[0, \infty]`.

    Examples
    --------
    >>> from numbers import Integral, Real
    >>> print(Interval(Integral, 1, None, closed="left"))
    an int in the range [1, inf)
    >>> Interval(Real, 0, 1, closed="right").is_satisfied_by(0.0)
    False
    """

    _KINDS = {Integral: "an int", Real: "a float", RealNotInt: "a float"}
    _CLOSED = ("left", "right", "both", "neither")

    def __init__(self, kind, left, right, *, closed):
        if kind not in self._KINDS:
            raise ValueError(
                f"kind must be numbers.Integral, numbers.Real or RealNotInt, got {kind!r}.")
        if closed not in self._CLOSED:
            raise ValueError(f"closed must be one of {self._CLOSED}, got {closed!r}.")
        if left is not None and right is not None and left > right:
            raise ValueError(f"The interval is empty: left={left!r} > right={right!r}.")
        self.kind = kind
        self.left = left
        self.right = right
        self.closed = closed

    def _is_of_kind(self, value):
        if _is_bool(value) or not isinstance(value, Real):
            return False
        if self.kind is Integral:
            return isinstance(value, Integral)
        if self.kind is RealNotInt:
            return not isinstance(value, Integral)
        return True

    def is_satisfied_by(self, value):
        if not self._is_of_kind(value):
            return False
        if not isinstance(value, Integral) and math.isnan(value):
            return False
        left = -math.inf if self.left is None else self.left
        right = math.inf if self.right is None else self.right
        if self.closed in ("left", "both"):
            above_left = value >= left
        else:
            above_left = value > left
        if self.closed in ("right", "both"):
            below_right = value <= right
        else:
            below_right = value < right
        return bool(above_left and below_right)

    def _bound(self, value, infinity):
        if value is None:
            return infinity
        return str(int(value) if self.kind is Integral else float(value))

    def __str__(self):
        opening = "[" if self.closed in ("left", "both") else "("
        closing = "]" if self.closed in ("right", "both") else ")"
        return (f"{self._KINDS[self.kind]} in the range {opening}"
                f"{self._bound(self.left, '-inf')}, {self._bound(self.right, 'inf')}{closing}")


class Options(_Constraint):
    """One of a fixed set of strings.

    Parameters
    ----------
    *options : str
    hint : str, optional
        A sentence added to the message when a value is refused.

    Examples
    --------
    >>> print(Options("normal", "gd"))
    a str among {'normal', 'gd'}
    """

    def __init__(self, *options, hint=None):
        if not options or not all(isinstance(o, str) for o in options):
            raise ValueError(f"Options takes one or more strings, got {options!r}.")
        self.options = options
        self.hint = hint

    def is_satisfied_by(self, value):
        # isinstance first: an array or a dict must not be compared with ==.
        return isinstance(value, str) and value in self.options

    def __str__(self):
        return "a str among {" + ", ".join(repr(o) for o in self.options) + "}"


class InstanceOf(_Constraint):
    """An instance of one of the given types (a bare type in a list means this).

    Parameters
    ----------
    *types : type
    hint : str, optional
        A sentence added to the message when a value is refused.
    """

    def __init__(self, *types, hint=None):
        self.types = types
        self.hint = hint

    def is_satisfied_by(self, value):
        return isinstance(value, self.types)

    def __str__(self):
        names = [f"an instance of {_type_name(t)!r}" for t in self.types]
        return _join(names)


def _type_name(t):
    """'dict', 'numpy.ndarray', 'skratch.optim.Surface': the module up to its first private part."""
    if t.__module__ == "builtins":
        return t.__qualname__
    public = []
    for part in t.__module__.split("."):
        if part.startswith("_"):
            break
        public.append(part)
    return ".".join(public + [t.__qualname__])


class HasMethods(_Constraint):
    """Any object with the named methods (``memory`` needs only ``cache``)."""

    def __init__(self, *methods):
        self.methods = methods

    def is_satisfied_by(self, value):
        return all(callable(getattr(value, m, None)) for m in self.methods)

    def __str__(self):
        return "an object implementing " + _join([repr(m) for m in self.methods])


class _NoneConstraint(_Constraint):
    def is_satisfied_by(self, value):
        return value is None

    def __str__(self):
        return "None"


class _Boolean(_Constraint):
    def is_satisfied_by(self, value):
        return _is_bool(value)

    def __str__(self):
        return "a bool"


class _RandomState(_Constraint):
    _seed = Interval(Integral, 0, None, closed="left")

    def is_satisfied_by(self, value):
        return (value is None or self._seed.is_satisfied_by(value)
                or isinstance(value, (np.random.Generator, np.random.RandomState)))

    def __str__(self):
        return (f"None, {self._seed}, a numpy.random.Generator or a "
                "numpy.random.RandomState")


class _ArrayLike(_Constraint):
    def is_satisfied_by(self, value):
        if isinstance(value, (str, bytes, dict)) or getattr(value, "ndim", None) == 0:
            return False
        return any(hasattr(value, a) for a in ("__len__", "shape", "__array__"))

    def __str__(self):
        return "an array-like"


class _Verbose(_Constraint):
    _level = Interval(Integral, 0, None, closed="left")

    def is_satisfied_by(self, value):
        return _is_bool(value) or self._level.is_satisfied_by(value)

    def __str__(self):
        return f"a bool or {self._level}"


class _Callable(_Constraint):
    def is_satisfied_by(self, value):
        return callable(value)

    def __str__(self):
        return "a callable"


_NAMED = {
    "boolean": _Boolean(),
    "random_state": _RandomState(),
    "array-like": _ArrayLike(),
    "verbose": _Verbose(),
}


def make_constraint(spec):
    """The constraint object that a declaration's entry stands for.

    Parameters
    ----------
    spec : constraint, type, None, callable, "boolean", "random_state", "array-like" or "verbose"

    Returns
    -------
    constraint
    """
    if isinstance(spec, _Constraint):
        return spec
    if spec is None:
        return _NoneConstraint()
    if spec is callable:
        return _Callable()
    if isinstance(spec, type):
        return InstanceOf(spec)
    if isinstance(spec, str) and spec in _NAMED:
        return _NAMED[spec]
    raise ValueError(f"Unknown parameter constraint {spec!r}.")


def _join(descriptions):
    """'a', 'a or b', 'a, b or c'."""
    if len(descriptions) == 1:
        return descriptions[0]
    return f"{', '.join(descriptions[:-1])} or {descriptions[-1]}"


def validate_parameter_constraints(constraints, params, caller_name):
    """Refuse the first parameter whose value satisfies none of its constraints.

    Parameters
    ----------
    constraints : dict
        ``{name: [constraint, ...]}``, as a class declares them in
        ``_parameter_constraints``.
    params : dict
        ``{name: value}``: the parameters to check (those without a
        declaration are not checked).
    caller_name : str
        The class (or function) named in the message.

    Raises
    ------
    InvalidParameterError
        A ``ValueError`` and a ``TypeError``, in scikit-learn's format:
        "The 'max_iter' parameter of Lasso must be an int in the range
        [1, inf). Got True instead."

    Examples
    --------
    >>> from numbers import Integral
    >>> constraints = {"max_iter": [Interval(Integral, 1, None, closed="left")]}
    >>> validate_parameter_constraints(constraints, {"max_iter": True}, "Lasso")
    Traceback (most recent call last):
    ...
    skratch.exceptions.InvalidParameterError: The 'max_iter' parameter of Lasso must be an int in the range [1, inf). Got True instead.
    """
    for name, value in params.items():
        if name not in constraints:
            continue
        accepted = [make_constraint(c) for c in constraints[name]]
        if any(c.is_satisfied_by(value) for c in accepted):
            continue
        # None reads best last: "an int in the range [1, inf) or None".
        described = [str(c) for c in accepted if not isinstance(c, _NoneConstraint)]
        described += [str(c) for c in accepted if isinstance(c, _NoneConstraint)]
        hints = "".join(f" {c.hint}" for c in accepted if c.hint)
        raise invalid_parameter_error(
            f"The {name!r} parameter of {caller_name} must be {_join(described)}. "
            f"Got {value!r} instead.{hints}"
        )
