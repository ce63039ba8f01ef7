"""Visualizers of skratch.optim (optimizers racing on a loss surface).

Private modules; the visualizers are public as ``skratch.viz.<Name>``.
"""
