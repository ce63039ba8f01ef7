"""Utilities shared by every family: input and hyperparameter validation, discovery,
showing source."""

from ._available_if import available_if
from ._param_validation import (
    HasMethods,
    InstanceOf,
    Interval,
    Options,
    RealNotInt,
    validate_parameter_constraints,
)
from .discovery import all_estimators
from .source import show_source
from .validation import (
    check_array,
    check_classification_targets,
    check_fitted_input,
    check_is_fitted,
    check_n_features,
    check_random_state,
    check_sample_weight,
    check_X_y,
    column_or_1d,
    validate_data,
)

__all__ = [
    "HasMethods",
    "InstanceOf",
    "Interval",
    "Options",
    "RealNotInt",
    "validate_parameter_constraints",
    "all_estimators",
    "available_if",
    "check_array",
    "check_classification_targets",
    "check_fitted_input",
    "check_is_fitted",
    "check_n_features",
    "check_random_state",
    "check_sample_weight",
    "check_X_y",
    "column_or_1d",
    "show_source",
    "validate_data",
]
