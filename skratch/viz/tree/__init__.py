"""Visualizers of the trees (a decision tree growing split by split).

Private modules; the visualizers are public as ``skratch.viz.<Name>``.
"""
