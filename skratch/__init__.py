"""Skratch: machine learning from scratch, made visible.

Every model is plain NumPy with the scikit-learn interface, and shows its
training step by step through ``fit_steps``.
"""

from .steps import Step, Trace, record
from .utils.discovery import all_estimators

__version__ = "0.1.0.dev0"

__all__ = ["Step", "Trace", "record", "all_estimators", "__version__"]
