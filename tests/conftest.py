import matplotlib

# Tests and builds draw off screen.
matplotlib.use("Agg")
