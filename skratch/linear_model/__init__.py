"""Linear models."""

from ._base import LinearRegression
from ._coordinate_descent import ElasticNet, Lasso
from ._ridge import Ridge

__all__ = ["LinearRegression", "Ridge", "Lasso", "ElasticNet"]
