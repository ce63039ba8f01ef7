"""Optimizers shared by every gradient-based solver: GD (with momentum), Adagrad, RMSprop, Adam; the batch descent loop."""

from ._descent import Iteration, gradient_descent
from ._optimizers import Adagrad, Adam, GradientDescent, Optimizer, RMSprop
from ._race import OptimizerRace, Surface

__all__ = ["Optimizer", "GradientDescent", "Adagrad", "RMSprop", "Adam",
           "gradient_descent", "Iteration", "OptimizerRace", "Surface"]
