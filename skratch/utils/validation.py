"""Input validation shared by every estimator.

Each check raises an error that names the problem: what was wrong, where,
and what was expected.
"""

import numbers
import warnings

import numpy as np

from ..exceptions import DataConversionWarning, not_fitted_error

__all__ = [
    "check_array",
    "check_X_y",
    "check_is_fitted",
    "check_random_state",
    "check_n_features",
    "column_or_1d",
    "check_classification_targets",
    "check_sample_weight",
    "validate_data",
    "check_fitted_input",
]


def _is_sparse(X):
    # Duck-typed so that scipy is never imported: scipy.sparse matrices and
    # arrays both carry a ``format`` string and a ``tocsr`` method.
    return hasattr(X, "tocsr") and isinstance(getattr(X, "format", None), str)


def check_array(X, *, ensure_2d=True, allow_nd=False, dtype="numeric",
                ensure_min_samples=1, ensure_min_features=1,
                ensure_all_finite=True, input_name="X"):
    """Convert ``X`` to a NumPy array and check that it can be learned from.

    Parameters
    ----------
    X : array-like
        The input.
    ensure_2d : bool, default=True
        Require a 2-D array (samples x features); a 1-D array is refused with
        a message saying how to reshape it.
    allow_nd : bool, default=False
        Accept arrays of more than two dimensions.
    dtype : "numeric", a NumPy dtype, a list of dtypes or None, default="numeric"
        "numeric" keeps float arrays as they are and converts everything else
        to float64; a list keeps the dtypes it names and converts anything
        else to its first (``[np.float64, np.float32]`` keeps float32 data in
        float32); None keeps the dtype.
    ensure_min_samples, ensure_min_features : int, default=1
        Smallest accepted number of rows and columns.
    ensure_all_finite : bool, default=True
        Refuse NaN and infinity.
    input_name : str, default="X"
        The name used in error messages.

    Returns
    -------
    ndarray
        The validated array.
    """
    if _is_sparse(X):
        raise TypeError(
            f"Sparse input is not supported: {input_name} is a sparse "
            f"{type(X).__name__}. Convert it with {input_name}.toarray()."
        )
    if X is None:
        raise ValueError(
            f"Expected array-like (array or non-string sequence), got None "
            f"for {input_name}."
        )
    if isinstance(X, str):
        raise ValueError(
            f"Expected array-like (array or non-string sequence), got the "
            f"string {X!r} for {input_name}."
        )

    array = np.asarray(X)
    if np.iscomplexobj(array):
        raise ValueError(f"Complex data not supported: {input_name} is complex.")
    if dtype == "numeric":
        if array.dtype.kind == "O":
            # Object arrays may hide complex numbers; look before converting.
            if any(isinstance(v, complex) for v in array.ravel()):
                raise ValueError(
                    f"Complex data not supported: {input_name} holds complex "
                    "numbers."
                )
        if array.dtype.kind in "US":
            raise ValueError(
                f"{input_name} holds strings ({array.dtype}); skratch models "
                "need numbers. Encode categories as numbers first."
            )
        if array.dtype.kind != "f":
            array = array.astype(np.float64)
    elif isinstance(dtype, (list, tuple)):
        if array.dtype.kind in "US":
            raise ValueError(
                f"{input_name} holds strings ({array.dtype}); skratch models "
                "need numbers. Encode categories as numbers first."
            )
        if array.dtype not in [np.dtype(d) for d in dtype]:
            array = array.astype(dtype[0])
    elif dtype is not None:
        array = array.astype(dtype)

    if ensure_2d:
        if array.ndim == 0:
            raise ValueError(
                f"Expected a 2-D array for {input_name}, got a scalar: "
                f"{input_name}={X!r}."
            )
        if array.ndim == 1:
            raise ValueError(
                f"Expected 2D array, got 1D array instead: {input_name} has "
                f"shape {array.shape}. Reshape your data with "
                f"{input_name}.reshape(-1, 1) if it holds a single feature or "
                f"{input_name}.reshape(1, -1) if it holds a single sample."
            )
    if not allow_nd and array.ndim > 2:
        raise ValueError(
            f"Expected at most a 2-D array for {input_name}, got "
            f"{array.ndim} dimensions (shape {array.shape})."
        )

    n_samples = array.shape[0] if array.ndim else 1
    if n_samples < ensure_min_samples:
        raise ValueError(
            f"Found array with {n_samples} sample(s) (shape={array.shape}) "
            f"while a minimum of {ensure_min_samples} is required: "
            f"{input_name} is empty or too small."
        )
    if ensure_2d and array.shape[1] < ensure_min_features:
        raise ValueError(
            f"Found array with {array.shape[1]} feature(s) "
            f"(shape={array.shape}) while a minimum of {ensure_min_features} "
            f"is required: {input_name} has no features."
        )

    if ensure_all_finite and array.dtype.kind in "fc":
        finite = np.isfinite(array)
        if not finite.all():
            bad = np.argwhere(~finite)[0]
            value = array[tuple(bad)]
            what = "NaN" if np.isnan(value) else "infinity"
            raise ValueError(
                f"Input {input_name} contains {what} at index "
                f"{tuple(int(i) for i in bad)}; remove or impute missing and "
                "infinite values first."
            )
    return array


def column_or_1d(y, *, warn=True, input_name="y"):
    """Return ``y`` as a 1-D array, accepting a column vector with a warning."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        if warn:
            warnings.warn(
                "A column-vector y was passed when a 1d array was expected. "
                "Please change the shape of y to (n_samples, ), for example "
                "using ravel().",
                DataConversionWarning,
                stacklevel=3,
            )
        return y.ravel()
    if y.ndim != 1:
        raise ValueError(
            f"y should be a 1d array, got an array of shape {y.shape} instead."
        )
    return y


def check_X_y(X, y, *, multi_output=False, y_numeric=False, **check_array_params):
    """Validate ``X`` and ``y`` together.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
    multi_output : bool, default=False
        Accept a 2-D ``y``. Otherwise a column vector is flattened with a
        :class:`~skratch.exceptions.DataConversionWarning` and any other 2-D
        ``y`` is refused.
    y_numeric : bool, default=False
        Convert ``y`` to float64 (for regressors) and refuse NaN or infinity.
    **check_array_params
        Passed to :func:`check_array` for ``X``.

    Returns
    -------
    X, y : ndarray
    """
    if y is None:
        raise ValueError(
            "This estimator requires y to be passed, but the target y is None."
        )
    X = check_array(X, **check_array_params)
    if _is_sparse(y):
        raise TypeError("Sparse input is not supported: y is a sparse matrix.")
    if multi_output:
        y = check_array(y, ensure_2d=False, dtype="numeric" if y_numeric else None,
                        ensure_all_finite=y_numeric, input_name="y")
        if y.ndim > 2:
            raise ValueError(f"y should be 1-D or 2-D, got shape {y.shape}.")
    else:
        y = column_or_1d(y)
        if y_numeric:
            y = check_array(y, ensure_2d=False, input_name="y")
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"Found input variables with inconsistent numbers of samples: X has "
            f"{X.shape[0]} rows but y has {y.shape[0]}."
        )
    return X, y


def check_n_features(estimator, X):
    """Check that ``X`` has as many features as the data ``estimator`` saw in fit."""
    n_features = X.shape[1]
    expected = estimator.n_features_in_
    if n_features != expected:
        raise ValueError(
            f"X has {n_features} features, but {type(estimator).__name__} "
            f"is expecting {expected} features as input."
        )


def check_is_fitted(estimator, attributes=None):
    """Raise :class:`~skratch.exceptions.NotFittedError` if ``estimator`` is not fitted.

    Parameters
    ----------
    estimator : estimator instance
    attributes : str or list of str, optional
        Fitted attributes that must exist. By default any attribute whose
        name ends with an underscore (and does not start with two) counts.
    """
    if isinstance(attributes, str):
        attributes = [attributes]
    if attributes is None:
        fitted = any(k.endswith("_") and not k.startswith("__")
                     for k in vars(estimator))
    else:
        fitted = all(hasattr(estimator, a) for a in attributes)
    if not fitted:
        raise not_fitted_error(
            f"This {type(estimator).__name__} instance is not fitted yet. "
            "Call 'fit' (or run 'fit_steps') with appropriate arguments "
            "before using this estimator."
        )


def check_random_state(seed):
    """Turn ``seed`` into a :class:`numpy.random.Generator`.

    Parameters
    ----------
    seed : None, int, numpy.random.Generator or numpy.random.RandomState
        None gives a freshly seeded generator; an int a generator seeded with
        it; a generator is returned as it is; a legacy ``RandomState`` is
        used to seed a new generator (so scikit-learn's test suite, which
        passes them, keeps working).

    Returns
    -------
    numpy.random.Generator
    """
    if seed is None or isinstance(seed, (numbers.Integral, np.integer)):
        return np.random.default_rng(seed)
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, np.random.RandomState):
        return np.random.default_rng(seed.randint(np.iinfo(np.int32).max))
    raise ValueError(
        f"random_state={seed!r} cannot be used to seed a random number "
        "generator: use None, an int or a numpy.random.Generator."
    )


def check_classification_targets(y):
    """Refuse targets that are not class labels (continuous floats, say).

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
    """
    y = np.asarray(y)
    if y.dtype.kind == "O":
        kinds = {"string" if isinstance(v, str) else "number"
                 if isinstance(v, (numbers.Number, np.generic)) else type(v).__name__
                 for v in y.ravel()}
        if len(kinds) > 1:
            raise ValueError(
                f"Mix of label input types ({' and '.join(sorted(kinds))}): "
                "class labels must be all strings or all numbers."
            )
        if kinds - {"string", "number"}:
            raise ValueError(f"Unknown label type: labels of type {kinds.pop()}.")
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)):
            raise ValueError("Input y contains NaN or infinity; class labels must be finite.")
        if np.any(y != np.round(y)):
            raise ValueError(
                "Unknown label type: continuous. A classifier needs class "
                "labels (integers or strings), not continuous values; use a "
                "regressor for a continuous target."
            )
    elif y.dtype.kind not in "iubUSO":
        raise ValueError(f"Unknown label type: {y.dtype}.")


def _feature_names(X):
    """The column names of a DataFrame ``X`` as an object array, or None.

    Only string names count, as in scikit-learn: a frame whose columns are
    all integers (pandas' default) has no feature names, and one that mixes
    strings with other types is refused.
    """
    columns = getattr(X, "columns", None)
    if columns is None or isinstance(X, np.ndarray):
        return None
    names = np.asarray(list(columns), dtype=object)
    is_string = [isinstance(name, str) for name in names]
    if names.size == 0 or not any(is_string):
        return None
    if not all(is_string):
        types = sorted({type(name).__name__ for name in names})
        raise TypeError(
            "Feature names are only supported if all input features have "
            f"string names, but your input has {types} as feature name / "
            "column name types. Convert the column names to strings, for "
            "example with X.columns = X.columns.astype(str)."
        )
    return names


def _check_feature_names(estimator, X, *, reset):
    """Record the column names of ``X`` in fit; compare them afterwards."""
    names = _feature_names(X)
    if reset:
        if names is None:
            if "feature_names_in_" in vars(estimator):
                del estimator.feature_names_in_
        else:
            estimator.feature_names_in_ = names
        return
    fitted_names = getattr(estimator, "feature_names_in_", None)
    if fitted_names is None and names is None:
        return
    name = type(estimator).__name__
    if names is None:
        warnings.warn(f"X does not have valid feature names, but {name} was "
                      "fitted with feature names", UserWarning, stacklevel=4)
        return
    if fitted_names is None:
        warnings.warn(f"X has feature names, but {name} was fitted without "
                      "feature names", UserWarning, stacklevel=4)
        return
    if len(names) == len(fitted_names) and np.all(names == fitted_names):
        return
    unseen = [n for n in names if n not in set(fitted_names)]
    missing = [n for n in fitted_names if n not in set(names)]
    message = "The feature names should match those that were passed during fit.\n"

    def listed(title, items):
        shown = "".join(f"- {item}\n" for item in items[:5])
        more = "- ...\n" if len(items) > 5 else ""
        return f"{title}\n{shown}{more}"

    if unseen:
        message += listed("Feature names unseen at fit time:", unseen)
    if missing:
        message += listed("Feature names seen at fit time, yet now missing:", missing)
    if not unseen and not missing:
        message += "Feature names must be in the same order as they were in fit.\n"
    raise ValueError(message)


def validate_data(estimator, X, y=None, *, reset, y_required=False,
                  multi_output=False, y_numeric=False, **check_array_params):
    """Validate the data of ``fit`` (``reset=True``) or of a later call.

    In fit, records ``n_features_in_`` and, when ``X`` is a DataFrame with
    string column names, ``feature_names_in_``. Afterwards (predict,
    transform, score...), checks that the estimator is fitted, that ``X``
    has the same number of features, and that its column names, if any, are
    the ones seen in fit, in the same order: reordered columns would
    otherwise be silently multiplied by the wrong coefficients.

    Parameters
    ----------
    estimator : estimator instance
    X : array-like of shape (n_samples, n_features)
    y : array-like, optional
        Validated with ``X`` (by :func:`check_X_y`) when given or when
        ``y_required``.
    reset : bool
        True in fit: record what the data look like. False afterwards:
        compare with what was recorded.
    y_required : bool, default=False
        Refuse ``y=None`` (supervised models).
    multi_output, y_numeric : bool, default=False
        Passed to :func:`check_X_y`.
    **check_array_params
        Passed to :func:`check_array` for ``X`` (``dtype``, ...).

    Returns
    -------
    X, or (X, y) when ``y`` is validated
    """
    if not reset and "n_features_in_" not in vars(estimator):
        raise not_fitted_error(
            f"This {type(estimator).__name__} instance is not fitted yet. "
            "Call 'fit' (or run 'fit_steps') with appropriate arguments "
            "before using this estimator."
        )
    _check_feature_names(estimator, X, reset=reset)
    if y is not None or y_required:
        X, y = check_X_y(X, y, multi_output=multi_output, y_numeric=y_numeric,
                         **check_array_params)
    else:
        X = check_array(X, **check_array_params)
    if reset:
        estimator.n_features_in_ = X.shape[1] if X.ndim == 2 else 1
    elif X.ndim == 2:
        check_n_features(estimator, X)
    return X if y is None and not y_required else (X, y)


def check_sample_weight(sample_weight, X, *, dtype=None, allow_negative=False):
    """Validate ``sample_weight`` for the ``n_samples`` rows of ``X``.

    Parameters
    ----------
    sample_weight : None, a number or array-like of shape (n_samples,)
        None gives every sample weight 1; a number gives them all that
        weight.
    X : ndarray of shape (n_samples, n_features)
    dtype : NumPy dtype, optional
        The dtype of the result; by default ``X``'s if it is a float type,
        float64 otherwise.
    allow_negative : bool, default=False
        Accept negative weights (refused by default: a negative weight asks
        the model to move away from a sample, which no skratch objective is
        written for).

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    n_samples = X.shape[0]
    if dtype is None:
        dtype = X.dtype if X.dtype.kind == "f" else np.float64
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    if isinstance(sample_weight, numbers.Number):
        weights = np.full(n_samples, sample_weight, dtype=dtype)
    else:
        weights = check_array(sample_weight, ensure_2d=False, dtype=dtype,
                              input_name="sample_weight")
        if weights.ndim != 1:
            raise ValueError(
                f"Sample weights must be 1D array or scalar, got {weights.ndim}D "
                f"array of shape {weights.shape}: one weight per sample is "
                f"expected, shape ({n_samples},)."
            )
        if weights.shape[0] != n_samples:
            raise ValueError(
                f"sample_weight has {weights.shape[0]} weights but X has "
                f"{n_samples} samples: sample_weight.shape == "
                f"{weights.shape}, expected ({n_samples},)."
            )
    if not np.all(np.isfinite(weights)):
        raise ValueError("sample_weight contains NaN or infinity.")
    if not allow_negative and np.any(weights < 0):
        raise ValueError("sample_weight contains negative values; weights must be >= 0.")
    if not np.any(weights != 0):
        raise ValueError("sample_weight is zero for every sample: there is nothing to learn from.")
    return weights


def check_fitted_input(estimator, X, attributes, **check_array_params):
    """The header of predict, transform, score...: a fitted model and data it can take.

    Refuses an unfitted ``estimator`` (one without ``attributes``) with a
    :class:`~skratch.exceptions.NotFittedError`, then validates ``X``
    against what fit saw (:func:`validate_data` with ``reset=False``): the
    same number of features, and the same column names, if any.

    Parameters
    ----------
    estimator : estimator instance
    X : array-like of shape (n_samples, n_features)
    attributes : str or list of str
        The fitted attributes the method uses.
    **check_array_params
        Passed to :func:`check_array` for ``X`` (``dtype``, ...).

    Returns
    -------
    ndarray
        The validated ``X``.
    """
    check_is_fitted(estimator, attributes)
    return validate_data(estimator, X, reset=False, **check_array_params)
