"""Each update rule against two steps worked by hand, then convergence on a
convex quadratic."""

import numpy as np
import pytest

from skratch.base import clone
from skratch.optim import Adagrad, Adam, GradientDescent, RMSprop


def _two_steps(opt, theta0, grad_of):
    theta1 = opt.step(theta0, grad_of(theta0))
    theta2 = opt.step(theta1, grad_of(theta1))
    return theta1, theta2


def grad_half_square(theta):  # f(θ) = θ²/2, f'(θ) = θ
    return theta.copy()


def test_plain_gradient_descent_by_hand():
    # θ1 = 2 - 0.5·2 = 1; θ2 = 1 - 0.5·1 = 0.5
    t1, t2 = _two_steps(GradientDescent(learning_rate=0.5), np.array([2.0]), grad_half_square)
    assert t1 == pytest.approx([1.0]) and t2 == pytest.approx([0.5])


def test_momentum_by_hand():
    # v1 = -0.5·2 = -1, θ1 = 1; v2 = 0.9·(-1) - 0.5·1 = -1.4, θ2 = -0.4
    opt = GradientDescent(learning_rate=0.5, momentum=0.9)
    t1, t2 = _two_steps(opt, np.array([2.0]), grad_half_square)
    assert t1 == pytest.approx([1.0]) and t2 == pytest.approx([-0.4])


def test_nesterov_by_hand():
    # v1 = -1, θ1 = 2 + 0.9·(-1) - 0.5·2 = 0.1
    # v2 = 0.9·(-1) - 0.5·0.1 = -0.95, θ2 = 0.1 + 0.9·(-0.95) - 0.5·0.1 = -0.805
    opt = GradientDescent(learning_rate=0.5, momentum=0.9, nesterov=True)
    t1, t2 = _two_steps(opt, np.array([2.0]), grad_half_square)
    assert t1 == pytest.approx([0.1]) and t2 == pytest.approx([-0.805])


def test_adagrad_by_hand():
    # G1 = 4, θ1 = 2 - 1·2/2 = 1; G2 = 5, θ2 = 1 - 1/√5
    opt = Adagrad(learning_rate=1.0, eps=1e-300)
    t1, t2 = _two_steps(opt, np.array([2.0]), grad_half_square)
    assert t1 == pytest.approx([1.0]) and t2 == pytest.approx([1 - 1 / np.sqrt(5)])


def test_rmsprop_by_hand():
    # E1 = 0.5·4 = 2, θ1 = 2 - 0.1·2/√2; E2 = 0.5·2 + 0.5·θ1², θ2 = θ1 - 0.1·θ1/√E2
    opt = RMSprop(learning_rate=0.1, rho=0.5, eps=1e-300)
    t1, t2 = _two_steps(opt, np.array([2.0]), grad_half_square)
    e1 = 2 - 0.2 / np.sqrt(2)
    assert t1 == pytest.approx([e1])
    assert t2 == pytest.approx([e1 - 0.1 * e1 / np.sqrt(1 + 0.5 * e1 ** 2)])


def test_adam_by_hand():
    # t=1: m = 0.1·2, v = 0.001·4; m̂ = 2, v̂ = 4: θ1 = 2 - 0.1 = 1.9
    # t=2: m = 0.9·0.2 + 0.1·1.9 = 0.37, v = 0.999·0.004 + 0.001·3.61 = 0.007606
    #      m̂ = 0.37/0.19, v̂ = 0.007606/0.001999, θ2 = 1.9 - 0.1·m̂/√v̂
    opt = Adam(learning_rate=0.1, eps=1e-300)
    t1, t2 = _two_steps(opt, np.array([2.0]), grad_half_square)
    assert t1 == pytest.approx([1.9])
    m_hat, v_hat = 0.37 / 0.19, 0.007606 / (1 - 0.999 ** 2)
    assert t2 == pytest.approx([1.9 - 0.1 * m_hat / np.sqrt(v_hat)])


OPTIMIZERS = [
    GradientDescent(learning_rate=0.1),
    GradientDescent(learning_rate=0.05, momentum=0.9),
    GradientDescent(learning_rate=0.05, momentum=0.9, nesterov=True),
    Adagrad(learning_rate=0.5),
    RMSprop(learning_rate=0.01),
    Adam(learning_rate=0.05),
]


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=repr)
def test_each_converges_on_a_convex_quadratic(opt):
    # f(θ) = ½ (θ - c)ᵀ A (θ - c), an ill-conditioned bowl with minimum c.
    A = np.array([[3.0, 0.5], [0.5, 0.4]])
    c = np.array([1.0, -2.0])
    theta = np.array([-3.0, 3.0])
    opt = clone(opt)
    for _ in range(3000):
        theta = opt.step(theta, A @ (theta - c))
    # RMSprop and Adam hover within about a step size of the minimum.
    assert np.linalg.norm(theta - c) < 0.05


def test_step_returns_a_new_array_and_reset_forgets_state():
    opt = GradientDescent(learning_rate=0.1, momentum=0.9)
    theta = np.array([1.0, 2.0])
    out = opt.step(theta, np.ones(2))
    assert out is not theta and np.array_equal(theta, [1.0, 2.0])
    second = opt.step(out, np.ones(2))
    opt.reset()
    again = opt.step(theta, np.ones(2))
    np.testing.assert_array_equal(again, out)
    assert not np.array_equal(second - out, out - theta)  # momentum built up before reset


@pytest.mark.parametrize("opt, match", [
    (GradientDescent(learning_rate=0), r"The 'learning_rate' parameter of GradientDescent "
                                       r"must be a float in the range \(0.0, inf\). Got 0"),
    (GradientDescent(momentum=1.0), r"'momentum' parameter of GradientDescent must be a "
                                    r"float in the range \[0.0, 1.0\). Got 1.0 instead."),
    (GradientDescent(nesterov="yes"), "'nesterov' parameter of GradientDescent must be a bool"),
    (RMSprop(rho=-0.1), r"'rho' parameter of RMSprop must be a float in the range \[0.0, 1.0\)"),
    (Adam(beta2=1), r"'beta2' parameter of Adam must be a float in the range \[0.0, 1.0\)"),
    (Adagrad(eps=0), r"'eps' parameter of Adagrad must be a float in the range \(0.0, inf\)"),
])
def test_bad_hyperparameters_are_named(opt, match):
    with pytest.raises(ValueError, match=match):
        opt.step(np.zeros(2), np.zeros(2))


def test_shape_mismatch_is_named():
    with pytest.raises(ValueError, match=r"same shape.*\(2,\) and \(3,\)"):
        Adam().step(np.zeros(2), np.zeros(3))


def test_optimizers_are_params_not_estimators():
    import skratch

    assert "Adam" not in {name for name, _ in skratch.all_estimators()}
    assert repr(Adam(learning_rate=0.1)) == "Adam(learning_rate=0.1)"
    assert clone(Adam(beta1=0.5)).beta1 == 0.5
