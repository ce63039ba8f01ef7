"""Optimizers shared by every gradient-based solver: GD (with momentum), Adagrad, RMSprop, Adam."""

from ._optimizers import Adagrad, Adam, GradientDescent, Optimizer, RMSprop
from ._race import OptimizerRace, Surface

__all__ = ["Optimizer", "GradientDescent", "Adagrad", "RMSprop", "Adam",
           "OptimizerRace", "Surface"]
