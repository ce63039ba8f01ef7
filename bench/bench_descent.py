"""Cost of an iteration of skratch's gradient descent against a plain NumPy loop.

A benchmark, not a test: ``make bench`` runs it. Every gradient solver
(LinearRegression, Ridge and LogisticRegression with ``solver="gd"``) runs
through one descent loop, :func:`skratch.optim.gradient_descent`, on an
objective object, and records a Step per iteration. This measures what that
structure costs: each case fits the model for 1,000 iterations (``tol=0``,
so no early stop) and runs a plain NumPy loop doing the same update on the
same data, written as a learner would write it: the linear predictor, the
loss at the current point (every Step reports one), the gradient, the step.
The two alternate in one process (which goes first alternates too); the
ratio is taken per round and the table reports the median ratio and the
median times per iteration, and their difference: the cost per iteration of
the structure (objective object, descent generator, one Step with its
caption and state copies), which does not grow with the data. Target: at
most 1.3x on 10,000 x 20 (``--samples`` sets the rows). The last column is
the largest difference between the two loops' final parameters, relative to
their size: they run the same update, so it is at rounding level.

Run with ``OPENBLAS_THREAD_TIMEOUT=4 OMP_WAIT_POLICY=PASSIVE`` (the Makefile
does) so that idle BLAS/OpenMP threads spinning on a small machine do not
skew the ratios.

Usage: python bench/bench_descent.py [--rounds N] [--only NAME] [--samples N] [--check]
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

N_ITER = 1000
TARGET = 1.3
N_SAMPLES = 10_000


@dataclass
class Case:
    name: str
    classes: str  # for the table's data column
    make_data: Callable  # n_samples -> X, y
    model: Callable  # () -> an unfitted skratch estimator
    plain: Callable  # (X, y) -> final parameters, after N_ITER iterations
    params: Callable  # fitted estimator -> its parameters, laid out as plain's


def _standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _regression(n_samples):
    from skratch.datasets import make_regression

    X, y = make_regression(n_samples=n_samples, n_features=20, n_informative=20,
                           noise=1.0, random_state=0)
    return _standardized(X), y


def _classification(n_classes):
    def data(n_samples):
        from skratch.datasets import make_classification

        X, y = make_classification(n_samples=n_samples, n_features=20, n_informative=10,
                                   n_classes=n_classes, random_state=0)
        return _standardized(X), y
    return data


# -- the plain loops: the same update and loss, in bare NumPy -----------------

def _plain_least_squares(alpha, lr):
    """w, b <- w, b - lr * grad of (|Xw + b - y|^2 + alpha |w|^2) / n."""
    def run(X, y):
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        for _ in range(N_ITER):
            r = X @ w + b - y
            loss = (r @ r + alpha * (w @ w)) / n  # noqa: F841 (each Step reports it)
            grad_w = 2 / n * (X.T @ r + alpha * w)
            grad_b = 2 / n * r.sum()
            w, b = w - lr * grad_w, b - lr * grad_b
        return np.append(w, b)
    return run


def _plain_logistic(C, lr):
    """Theta <- Theta - lr * grad of mean log-loss + |w|^2 / (2 n C), sigmoid or softmax."""
    def run(X, y):
        n, d = X.shape
        alpha = 1 / (n * C)
        classes = np.unique(y)
        if classes.size == 2:
            t = (y == classes[1]).astype(float)
            w, b = np.zeros(d), 0.0
            for _ in range(N_ITER):
                z = X @ w + b
                p = 1 / (1 + np.exp(-z))
                loss = (-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))  # noqa: F841
                        + alpha / 2 * (w @ w))
                grad_w = X.T @ (p - t) / n + alpha * w
                grad_b = np.mean(p - t)
                w, b = w - lr * grad_w, b - lr * grad_b
            return np.append(w, b)
        labels = np.searchsorted(classes, y)
        T = np.eye(classes.size)[labels]
        rows = np.arange(n)
        W, b = np.zeros((d, classes.size)), np.zeros(classes.size)
        for _ in range(N_ITER):
            Z = X @ W + b
            E = np.exp(Z - Z.max(axis=1, keepdims=True))
            P = E / E.sum(axis=1, keepdims=True)
            loss = -np.mean(np.log(P[rows, labels])) + alpha / 2 * np.sum(W * W)  # noqa: F841
            grad_W = X.T @ (P - T) / n + alpha * W
            grad_b = np.mean(P - T, axis=0)
            W, b = W - lr * grad_W, b - lr * grad_b
        return np.vstack([W, b]).T.ravel()
    return run


def _least_squares_params(est):
    return np.append(est.coef_, est.intercept_)


def _logistic_params(est):
    return np.column_stack([est.coef_, est.intercept_]).ravel()


def _cases():
    from skratch.linear_model import LinearRegression, LogisticRegression, Ridge

    return [
        Case("LinearRegression gd", "", _regression,
             lambda: LinearRegression(solver="gd", learning_rate=0.1, max_iter=N_ITER, tol=0),
             _plain_least_squares(0.0, 0.1), _least_squares_params),
        Case("Ridge gd (alpha=1000)", "", _regression,
             lambda: Ridge(alpha=1000.0, solver="gd", learning_rate=0.1, max_iter=N_ITER,
                           tol=0),
             _plain_least_squares(1000.0, 0.1), _least_squares_params),
        Case("LogisticRegression gd (C=1)", "2 classes", _classification(2),
             lambda: LogisticRegression(solver="gd", C=1.0, learning_rate=0.5,
                                        max_iter=N_ITER, tol=0),
             _plain_logistic(1.0, 0.5), _logistic_params),
        Case("LogisticRegression gd (C=1, softmax)", "3 classes",
             _classification(3),
             lambda: LogisticRegression(solver="gd", C=1.0, learning_rate=0.5,
                                        max_iter=N_ITER, tol=0),
             _plain_logistic(1.0, 0.5), _logistic_params),
    ]


def _time_model(case, X, y):
    est = case.model()
    start = time.perf_counter()
    est.fit(X, y)
    return time.perf_counter() - start, case.params(est)


def _time_plain(case, X, y):
    start = time.perf_counter()
    params = case.plain(X, y)
    return time.perf_counter() - start, params


def run_case(case, rounds, n_samples):
    X, y = case.make_data(n_samples)
    # One untimed run each: imports, caches and BLAS warm-up.
    _time_model(case, X, y)
    _time_plain(case, X, y)
    model_times, plain_times, ratios = [], [], []
    for r in range(rounds):
        if r % 2 == 0:
            t_model, ours = _time_model(case, X, y)
            t_plain, plain = _time_plain(case, X, y)
        else:
            t_plain, plain = _time_plain(case, X, y)
            t_model, ours = _time_model(case, X, y)
        model_times.append(t_model)
        plain_times.append(t_plain)
        ratios.append(t_model / t_plain)
    return {
        "model": statistics.median(model_times),
        "plain": statistics.median(plain_times),
        "ratio": statistics.median(ratios),
        "difference": float(np.max(np.abs(ours - plain)) / np.max(np.abs(plain))),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per case")
    parser.add_argument("--only", help="run only cases whose name contains this")
    parser.add_argument("--samples", type=int, default=N_SAMPLES,
                        help="rows of the data (20 features)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a case misses its target")
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore")  # tol=0: every fit ends "did not converge"
    rows, missed = [], []
    for case in _cases():
        if args.only and args.only.lower() not in case.name.lower():
            continue
        result = run_case(case, args.rounds, args.samples)
        ok = result["ratio"] <= TARGET
        if not ok:
            missed.append(case.name)
        shape = f"{args.samples:,} x 20" + (f", {case.classes}" if case.classes else "")
        rows.append((case.name, shape,
                     f"{result['model'] / N_ITER * 1e6:.0f}",
                     f"{result['plain'] / N_ITER * 1e6:.0f}",
                     f"{(result['model'] - result['plain']) / N_ITER * 1e6:.0f}",
                     f"{result['ratio']:.2f}x",
                     f"<= {TARGET}x " + ("ok" if ok else "MISSED"),
                     f"{result['difference']:.1e}"))
        print(f"  done: {case.name}", file=sys.stderr, flush=True)

    header = ("fit (1,000 iterations)", "data", "skratch us/iter", "plain us/iter",
              "extra us/iter", "ratio", "target", "params differ")
    return print_table(f"Median of {args.rounds} alternating rounds; ratio = median of "
                       "per-round skratch/plain-loop times.", header, rows, missed, args.check)


if __name__ == "__main__":
    sys.exit(main())
