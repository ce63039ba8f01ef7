"""Scores that compare predictions with the truth: accuracy, mean squared
error, R^2 and the adjusted Rand index."""

from ._classification import accuracy_score
from ._cluster import adjusted_rand_score
from ._regression import mean_squared_error, r2_score

__all__ = [
    "accuracy_score",
    "adjusted_rand_score",
    "mean_squared_error",
    "r2_score",
]
