"""Visualizers of the clustering models (k-means).

Private modules; the visualizers are public as ``skratch.viz.<Name>``.
"""
