"""Fit time of each skratch estimator against its scikit-learn counterpart.

A benchmark, not a test: ``make bench`` runs it. For every case both
estimators fit the same data with the same hyperparameters, alternating in
one process (which one goes first alternates too); the ratio is taken per
round and the table reports the median ratio, the median times and the
iterations (or nodes) each side ran. Run with
``OPENBLAS_THREAD_TIMEOUT=4 OMP_WAIT_POLICY=PASSIVE`` (the Makefile does) so
that idle BLAS/OpenMP threads spinning on a small machine do not skew the
ratios.

Usage: python bench/bench_fit.py [--rounds N] [--only NAME] [--check]
``--check`` exits with status 1 when a case misses its target.
"""

import argparse
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Callable

import numpy as np
from _table import print_table


@dataclass
class Case:
    name: str
    shape: str
    make_data: Callable
    ours: Callable
    theirs: Callable
    work: Callable  # fitted estimator -> iterations or nodes, as text
    target: float | None


def _kmeans_case():
    from sklearn.cluster import KMeans as SkKMeans

    from skratch.cluster import KMeans
    from skratch.datasets import make_blobs

    def data():
        X, _ = make_blobs(n_samples=10_000, n_features=10, centers=8,
                          cluster_std=2.5, random_state=0)
        init = X[np.random.default_rng(0).choice(len(X), 8, replace=False)]
        return X, None, init

    return Case(
        "KMeans (same init, n_init=1)", "10,000 x 10, 8 centres", data,
        lambda init: KMeans(n_clusters=8, init=init, n_init=1, max_iter=300, tol=1e-4),
        lambda init: SkKMeans(n_clusters=8, init=init, n_init=1, max_iter=300, tol=1e-4),
        lambda est: f"{est.n_iter_} iter", 1.5)


def _linear_case():
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from skratch.datasets import make_regression
    from skratch.linear_model import LinearRegression

    def data():
        X, y = make_regression(n_samples=100_000, n_features=20, n_informative=20,
                               noise=1.0, random_state=0)
        return X, y, None

    return Case(
        "LinearRegression (normal vs lstsq)", "100,000 x 20", data,
        lambda _: LinearRegression(solver="normal"),
        lambda _: SkLinearRegression(),
        lambda est: "closed form", 1.0)


def _tree_case():
    from sklearn.tree import DecisionTreeClassifier as SkTree

    from skratch.datasets import make_classification
    from skratch.tree import DecisionTreeClassifier

    def data():
        X, y = make_classification(n_samples=10_000, n_features=10, n_informative=5,
                                   n_redundant=2, random_state=0)
        return X, y, None

    return Case(
        "DecisionTreeClassifier (gini, full depth)", "10,000 x 10, 2 classes", data,
        lambda _: DecisionTreeClassifier(random_state=0),
        lambda _: SkTree(random_state=0),
        lambda est: f"{est.tree_.node_count} nodes", 3.0)


def _ridge_case():
    from sklearn.linear_model import Ridge as SkRidge

    from skratch.datasets import make_regression
    from skratch.linear_model import Ridge

    def data():
        X, y = make_regression(n_samples=100_000, n_features=20, n_informative=20,
                               noise=1.0, random_state=0)
        return X, y, None

    return Case(
        "Ridge (cholesky vs cholesky, alpha=1)", "100,000 x 20", data,
        lambda _: Ridge(alpha=1.0, solver="cholesky"),
        lambda _: SkRidge(alpha=1.0, solver="cholesky"),
        lambda est: "closed form", None)


def _lasso_case():
    from sklearn.linear_model import Lasso as SkLasso

    from skratch.datasets import make_regression
    from skratch.linear_model import Lasso

    def data():
        X, y = make_regression(n_samples=5_000, n_features=50, n_informative=10,
                               noise=5.0, random_state=0)
        return X, y, None

    return Case(
        "Lasso (cyclic CD vs cyclic CD, alpha=0.1, tol=1e-4)", "5,000 x 50", data,
        lambda _: Lasso(alpha=0.1, tol=1e-4),
        lambda _: SkLasso(alpha=0.1, tol=1e-4),
        lambda est: f"{est.n_iter_} sweeps", None)


def _elastic_net_case():
    from sklearn.linear_model import ElasticNet as SkElasticNet

    from skratch.datasets import make_regression
    from skratch.linear_model import ElasticNet

    def data():
        # Correlated features (low effective rank): coordinate descent needs
        # many sweeps, so the per-coordinate loop dominates.
        X, y = make_regression(n_samples=5_000, n_features=50, n_informative=10,
                               effective_rank=10, noise=1.0, random_state=0)
        return X, y, None

    return Case(
        "ElasticNet (cyclic CD vs cyclic CD, alpha=1e-5, l1_ratio=0.5, tol=1e-4)",
        "5,000 x 50, effective rank 10", data,
        lambda _: ElasticNet(alpha=1e-5, l1_ratio=0.5, tol=1e-4),
        lambda _: SkElasticNet(alpha=1e-5, l1_ratio=0.5, tol=1e-4),
        lambda est: f"{est.n_iter_} sweeps", None)


def _logistic_case():
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from skratch.datasets import make_classification
    from skratch.linear_model import LogisticRegression

    def data():
        X, y = make_classification(n_samples=10_000, n_features=20, n_informative=10,
                                   random_state=0)
        return X, y, None

    return Case(
        "LogisticRegression (newton vs lbfgs, C=1, tol=1e-4)", "10,000 x 20, 2 classes", data,
        lambda _: LogisticRegression(C=1.0, solver="newton", tol=1e-4),
        lambda _: SkLogisticRegression(C=1.0, solver="lbfgs", tol=1e-4),
        lambda est: f"{est.n_iter_[0]} iter", 1.5)


class _FitTransform:
    """A transformer's work is ``fit_transform``: time that through ``fit``."""

    def __init__(self, transformer):
        self.transformer = transformer

    def fit(self, X, y=None):
        self.output_ = self.transformer.fit_transform(X)
        return self


def _standard_scaler_case():
    from sklearn.preprocessing import StandardScaler as SkStandardScaler

    from skratch.preprocessing import StandardScaler

    def data():
        X = np.random.default_rng(0).normal(3.0, 2.0, size=(100_000, 20))
        return X, None, None

    return Case(
        "StandardScaler (fit_transform, two-pass mean and variance)", "100,000 x 20", data,
        lambda _: _FitTransform(StandardScaler()),
        lambda _: _FitTransform(SkStandardScaler()),
        lambda est: "mean and variance", None)


def _polynomial_features_case():
    from sklearn.preprocessing import PolynomialFeatures as SkPolynomialFeatures

    from skratch.preprocessing import PolynomialFeatures

    def data():
        X = np.random.default_rng(0).uniform(-1.0, 1.0, size=(10_000, 10))
        return X, None, None

    return Case(
        "PolynomialFeatures (fit_transform, degree=3, both dense)", "10,000 x 10", data,
        lambda _: _FitTransform(PolynomialFeatures(degree=3)),
        lambda _: _FitTransform(SkPolynomialFeatures(degree=3)),
        lambda est: f"{est.output_.shape[1]} columns", None)


def _standardized_classification():
    from skratch.datasets import make_classification

    X, y = make_classification(n_samples=10_000, n_features=20, n_informative=10,
                               random_state=0)
    return (X - X.mean(axis=0)) / X.std(axis=0), y, None


def _perceptron_case():
    # A fixed number of epochs on both sides (tol=None), so the work is equal.
    from sklearn.linear_model import Perceptron as SkPerceptron

    from skratch.linear_model import Perceptron

    return Case(
        "Perceptron (10 epochs, tol=None; per-sample NumPy vs Cython SGD)",
        "10,000 x 20, 2 classes", _standardized_classification,
        lambda _: Perceptron(max_iter=10, tol=None, random_state=0),
        lambda _: SkPerceptron(max_iter=10, tol=None, random_state=0),
        lambda est: f"{est.n_iter_} epochs", None)


def _sgd_classifier_case():
    from sklearn.linear_model import SGDClassifier as SkSGDClassifier

    from skratch.linear_model import SGDClassifier

    return Case(
        "SGDClassifier (hinge, optimal, 5 epochs, tol=None; per-sample NumPy vs Cython)",
        "10,000 x 20, 2 classes", _standardized_classification,
        lambda _: SGDClassifier(max_iter=5, tol=None, random_state=0),
        lambda _: SkSGDClassifier(max_iter=5, tol=None, random_state=0),
        lambda est: f"{est.n_iter_} epochs", None)


def _sgd_regressor_case():
    from sklearn.linear_model import SGDRegressor as SkSGDRegressor

    from skratch.datasets import make_regression
    from skratch.linear_model import SGDRegressor

    def data():
        X, y = make_regression(n_samples=10_000, n_features=20, n_informative=10,
                               noise=1.0, random_state=0)
        return X, y, None

    return Case(
        "SGDRegressor (squared error, invscaling, 5 epochs, tol=None; per-sample)",
        "10,000 x 20", data,
        lambda _: SGDRegressor(max_iter=5, tol=None, random_state=0),
        lambda _: SkSGDRegressor(max_iter=5, tol=None, random_state=0),
        lambda est: f"{est.n_iter_} epochs", None)


CASES = [_kmeans_case, _linear_case, _tree_case, _ridge_case, _lasso_case,
         _elastic_net_case, _logistic_case,
         _standard_scaler_case, _polynomial_features_case,
         _perceptron_case, _sgd_classifier_case, _sgd_regressor_case]


def _time_fit(make, extra, X, y):
    est = make(extra)
    start = time.perf_counter()
    est.fit(X, y)
    return time.perf_counter() - start, est


def run_case(case, rounds):
    X, y, extra = case.make_data()
    # One untimed fit each: imports, caches and BLAS warm-up.
    _time_fit(case.ours, extra, X, y)
    _time_fit(case.theirs, extra, X, y)
    ours_times, their_times, ratios = [], [], []
    for r in range(rounds):
        if r % 2 == 0:
            t_ours, ours = _time_fit(case.ours, extra, X, y)
            t_theirs, theirs = _time_fit(case.theirs, extra, X, y)
        else:
            t_theirs, theirs = _time_fit(case.theirs, extra, X, y)
            t_ours, ours = _time_fit(case.ours, extra, X, y)
        ours_times.append(t_ours)
        their_times.append(t_theirs)
        ratios.append(t_ours / t_theirs)
    return {
        "ours": statistics.median(ours_times),
        "theirs": statistics.median(their_times),
        "ratio": statistics.median(ratios),
        "work_ours": case.work(ours),
        "work_theirs": case.work(theirs),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds per case")
    parser.add_argument("--only", help="run only cases whose name contains this")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a case misses its target")
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore")
    rows, missed = [], []
    for make_case in CASES:
        case = make_case()
        if args.only and args.only.lower() not in case.name.lower():
            continue
        result = run_case(case, args.rounds)
        ok = case.target is None or result["ratio"] <= case.target
        if not ok:
            missed.append(case.name)
        rows.append((case.name, case.shape, f"{result['ours'] * 1e3:.1f}",
                     f"{result['theirs'] * 1e3:.1f}", f"{result['ratio']:.2f}x",
                     "-" if case.target is None else f"<= {case.target:.1f}x "
                     + ("ok" if ok else "MISSED"),
                     f"{result['work_ours']} / {result['work_theirs']}"))
        print(f"  done: {case.name}", file=sys.stderr, flush=True)

    header = ("estimator", "data", "skratch ms", "sklearn ms", "ratio",
              "target", "work (skratch / sklearn)")
    return print_table(f"Median of {args.rounds} alternating rounds; ratio = median of "
                       "per-round skratch/sklearn fit times.", header, rows, missed, args.check)


if __name__ == "__main__":
    sys.exit(main())
