"""Clustering: group samples without labels."""

from ._kmeans import KMeans

__all__ = ["KMeans"]
