"""Visualizers of the linear models: gradient descent and SGD fitting a line, the
logistic regression's and the perceptron's boundaries, coordinate descent, the
L1/L2 geometry and coefficient paths of regularization, curve fits.

Private modules; the visualizers are public as ``skratch.viz.<Name>``.
"""
