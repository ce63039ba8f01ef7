"""The batch gradient-descent loop: stopping, divergence, warnings, what it yields."""

import warnings

import numpy as np
import pytest

from skratch.exceptions import ConvergenceWarning
from skratch.optim import Adam, GradientDescent, Iteration, gradient_descent


class _Quadratic:
    """:math:`L = \\frac12 \\theta^\\top D \\theta`, gradient :math:`D\\theta`, curvatures ``d``."""

    def __init__(self, d):
        self.d = np.asarray(d, dtype=float)
        self.calls = {"value": 0, "gradient": 0}

    def value(self, theta):
        self.calls["value"] += 1
        return float(0.5 * np.sum(self.d * theta * theta))

    def gradient(self, theta):
        self.calls["gradient"] += 1
        return self.d * theta


class _QuadraticBoth(_Quadratic):
    """The same, also offering both at once (as the linear models' objectives do)."""

    def value_and_gradient(self, theta):
        self.calls["both"] = self.calls.get("both", 0) + 1
        return float(0.5 * np.sum(self.d * theta * theta)), self.d * theta


def _run(objective, start, lr, **kwargs):
    kwargs.setdefault("max_iter", 100)
    descent = gradient_descent(objective, np.asarray(start, dtype=float),
                               GradientDescent(learning_rate=lr), **kwargs)
    iterations = []
    while True:
        try:
            iterations.append(next(descent))
        except StopIteration as stop:
            return iterations, stop.value


def test_iterations_record_the_update_the_gradient_that_made_it_and_the_losses():
    objective = _Quadratic([1.0, 4.0])
    start = np.array([2.0, -1.0])
    with pytest.warns(ConvergenceWarning, match="did not converge in max_iter=5"):
        iterations, outcome = _run(objective, start, lr=0.1, max_iter=5)
    assert [it.index for it in iterations] == [1, 2, 3, 4, 5]
    assert all(isinstance(it, Iteration) for it in iterations)
    previous = start
    for it in iterations:
        np.testing.assert_array_equal(it.gradient, objective.d * previous)
        np.testing.assert_array_equal(it.params, previous - 0.1 * it.gradient)
        assert it.loss == objective.value(it.params)
        assert it.previous_loss == objective.value(previous)
        previous = it.params
    assert outcome == "max_iter"


def test_start_is_not_modified_and_a_shared_pass_is_used_when_offered():
    start = np.array([2.0, -1.0])
    both = _QuadraticBoth([1.0, 4.0])
    with pytest.warns(ConvergenceWarning):
        _run(both, start, lr=0.1, max_iter=5)
    np.testing.assert_array_equal(start, [2.0, -1.0])
    # One evaluation per point (the start and five steps), each a single call.
    assert both.calls == {"value": 0, "gradient": 0, "both": 6}


def test_stops_before_a_step_once_the_gradient_is_small_enough():
    objective = _Quadratic([1.0, 1.0])
    iterations, outcome = _run(objective, [1.0, 1.0], lr=0.5, tol=1e-3)
    assert outcome == "converged"
    # The gradient halves at each step: sqrt(2) 0.5^t <= 1e-3 first at t = 11.
    assert len(iterations) == 11
    assert np.linalg.norm(objective.gradient(iterations[-1].params)) <= 1e-3
    assert np.linalg.norm(iterations[-1].gradient) > 1e-3


def test_the_two_sizes_of_a_gradient():
    # Gradient (0.6, 0.8) at the start: Euclidean norm 1, largest entry 0.8.
    objective = _Quadratic([1.0, 1.0])
    start = [0.6, 0.8]
    iterations, outcome = _run(objective, start, lr=0.5, tol=0.9, norm=2)
    assert len(iterations) == 1 and outcome == "converged"
    iterations, outcome = _run(objective, start, lr=0.5, tol=0.9, norm=np.inf)
    assert iterations == [] and outcome == "converged"


def test_max_iter_warns_with_the_gradient_size_at_the_last_point():
    objective = _Quadratic([1.0])
    messages = []
    with pytest.warns(ConvergenceWarning, match="not there: 0.5") as record:
        iterations, outcome = _run(
            objective, [1.0], lr=0.5, max_iter=1, tol=1e-6,
            not_converged_message=lambda size: messages.append(size) or f"not there: {size}")
    assert outcome == "max_iter" and len(record) == 1
    assert messages == [0.5]  # the gradient at theta_1 = 0.5, not at the start


def test_reaching_tol_at_the_last_iteration_is_convergence():
    objective = _Quadratic([1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        iterations, outcome = _run(objective, [1.0], lr=0.5, max_iter=3, tol=0.125)
    assert len(iterations) == 3 and outcome == "converged"


def test_a_step_to_a_non_finite_loss_is_not_taken():
    objective = _Quadratic([1.0])
    seen = []
    with pytest.warns(ConvergenceWarning, match="blew up at 1: 0.5 -> inf"):
        iterations, outcome = _run(
            objective, [1.0], lr=1e200, max_iter=10,
            diverged_message=lambda t, start, loss: seen.append(t) or (
                f"blew up at {t}: {start} -> {loss}"))
    assert iterations == [] and outcome == "diverged" and seen == [1]


def test_divergence_stops_after_the_loss_grows_a_million_fold():
    # lr = 3 on curvature 1: theta is multiplied by -2 each step, the loss by 4.
    objective = _Quadratic([1.0])
    with pytest.warns(ConvergenceWarning, match="diverged: the loss grew from 0.5 to") as record:
        iterations, outcome = _run(objective, [1.0], lr=3.0, max_iter=100)
    assert outcome == "diverged" and len(record) == 1
    # 4^t > 1e6 first at t = 10; that step is still yielded, then the descent stops.
    assert len(iterations) == 10
    assert iterations[-1].loss > 1e6 * 0.5 >= iterations[-2].loss
    assert "by iteration 10" in str(record[0].message)


def test_a_run_that_ends_above_its_start_is_diverged():
    # lr = 2.2: theta is multiplied by -1.2, the loss by 1.44 per step.
    objective = _Quadratic([1.0])
    with pytest.warns(ConvergenceWarning, match="by iteration 5") as record:
        _, outcome = _run(objective, [1.0], lr=2.2, max_iter=5)
    assert outcome == "diverged" and "diverged" in str(record[0].message)


def test_any_optimizer_with_a_step_rule():
    objective = _QuadraticBoth([1.0, 10.0])
    descent = gradient_descent(objective, np.array([1.0, 1.0]), Adam(learning_rate=0.1),
                               max_iter=500, tol=1e-8)
    iterations = list(descent)
    assert np.abs(iterations[-1].params).max() < 1e-6
    assert iterations[-1].loss < 1e-10
