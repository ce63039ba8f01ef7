"""Decision trees: CART classification trees that show themselves growing."""

from ._classes import DecisionTreeClassifier
from ._tree import Tree

__all__ = ["DecisionTreeClassifier", "Tree"]
