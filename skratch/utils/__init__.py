"""Utilities shared by every family: input validation, discovery, showing source."""

from .discovery import all_estimators
from .source import show_source
from .validation import (
    check_array,
    check_classification_targets,
    check_is_fitted,
    check_n_features,
    check_random_state,
    check_sample_weight,
    check_X_y,
    column_or_1d,
    validate_data,
)

__all__ = [
    "all_estimators",
    "check_array",
    "check_classification_targets",
    "check_is_fitted",
    "check_n_features",
    "check_random_state",
    "check_sample_weight",
    "check_X_y",
    "column_or_1d",
    "show_source",
    "validate_data",
]
