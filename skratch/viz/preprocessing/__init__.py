"""Visualizers of the preprocessing transformers (StandardScaler, PolynomialFeatures).

Private modules; the visualizers are public as ``skratch.viz.<Name>``.
"""
