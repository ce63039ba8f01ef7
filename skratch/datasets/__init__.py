"""Synthetic data sets to learn from: blobs, moons, circles, regression and
classification problems, generated from their definitions."""

from ._samples_generator import (
    make_blobs,
    make_circles,
    make_classification,
    make_moons,
    make_regression,
)

__all__ = [
    "make_blobs",
    "make_circles",
    "make_classification",
    "make_moons",
    "make_regression",
]
