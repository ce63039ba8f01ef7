"""Preprocessing: standardise features, expand them into polynomials."""

from ._data import StandardScaler
from ._polynomial import PolynomialFeatures

__all__ = ["StandardScaler", "PolynomialFeatures"]
