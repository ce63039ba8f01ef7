"""Linear models."""

from ._base import LinearRegression
from ._coordinate_descent import ElasticNet, Lasso
from ._logistic import LogisticRegression
from ._perceptron import Perceptron
from ._regularization_path import regularization_path
from ._ridge import Ridge
from ._stochastic_gradient import SGDClassifier, SGDRegressor

__all__ = ["LinearRegression", "Ridge", "Lasso", "ElasticNet", "LogisticRegression",
           "Perceptron", "SGDClassifier", "SGDRegressor", "regularization_path"]
