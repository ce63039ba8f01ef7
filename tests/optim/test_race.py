"""OptimizerRace: the surfaces' gradients, the race's steps, and what each surface teaches."""

import dataclasses

import numpy as np
import pytest

import skratch
from skratch.base import BaseEstimator, clone
from skratch.optim import Adagrad, Adam, GradientDescent, OptimizerRace, RMSprop, Surface
from skratch.optim._race import SURFACES


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_gradients_match_finite_differences(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(0)
    x = rng.uniform(*surface.xlim, size=50)
    y = rng.uniform(*surface.ylim, size=50)
    h = 1e-6
    gx, gy = surface.grad(x, y)
    fd_x = (surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h)
    fd_y = (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h)
    np.testing.assert_allclose(gx, fd_x, rtol=1e-6, atol=1e-5)
    np.testing.assert_allclose(gy, fd_y, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_the_minimum_is_where_the_surface_says(name):
    surface = SURFACES[name]
    for point in np.atleast_2d(surface.minimum):
        assert surface.f(*point) == pytest.approx(surface.min_value)
        np.testing.assert_allclose(surface.grad(*point), [0.0, 0.0], atol=1e-12)
    # Nowhere on a grid of the drawn region is lower.
    X, Y = np.meshgrid(np.linspace(*surface.xlim, 201), np.linspace(*surface.ylim, 201))
    assert surface.f(X, Y).min() >= surface.min_value - 1e-12


def test_the_saddle_point_is_flat_but_not_a_minimum():
    f, grad = SURFACES["saddle"].f, SURFACES["saddle"].grad
    np.testing.assert_array_equal(grad(0.0, 0.0), [0.0, 0.0])
    assert f(0.0, 0.1) < f(0.0, 0.0) < f(0.1, 0.0)


def test_default_race_runs_six_optimizers_from_one_start():
    race = OptimizerRace(surface="rosenbrock", max_iter=30)
    steps = list(race.fit_steps())
    assert race.labels_ == ("GD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam")
    assert [s.index for s in steps] == list(range(31))
    assert [s.kind for s in steps] == ["init"] + ["step"] * 30
    first = steps[0].state["positions"]
    np.testing.assert_array_equal(first, np.tile([-1.2, 1.0], (6, 1)))
    for step in steps:
        assert step.state["positions"].shape == (6, 2)
        assert step.state["losses"].shape == (6,)
        np.testing.assert_allclose(step.state["losses"], race.loss(step.state["positions"]))
        assert step.loss is None
    assert race.paths_.shape == (6, 31, 2)
    np.testing.assert_array_equal(race.paths_[:, -1], race.positions_)
    assert race.n_iter_ == 30 and not race.diverged_.any()
    assert steps[3].message.startswith("iteration 3: f = GD ")


def test_each_racer_follows_its_own_update_rule():
    race = OptimizerRace(surface="valley", max_iter=5).fit()
    rates = dict(SURFACES["valley"].learning_rates)
    by_hand = [GradientDescent(rates["GD"]),
               GradientDescent(rates["Momentum"], momentum=0.9),
               GradientDescent(rates["Nesterov"], momentum=0.9, nesterov=True),
               Adagrad(rates["Adagrad"]), RMSprop(rates["RMSprop"]), Adam(rates["Adam"])]
    for k, optimizer in enumerate(by_hand):
        theta = np.array(SURFACES["valley"].start)
        for t in range(1, 6):
            theta = optimizer.step(theta, race.gradient(theta))
            np.testing.assert_allclose(race.paths_[k, t], theta, rtol=1e-12)


def test_adaptive_first_steps_are_the_learning_rate_in_each_coordinate():
    # Adam's and Adagrad's first steps divide the gradient by its own size:
    # lr * sign(g), however steep or flat the surface is in each direction.
    race = OptimizerRace(optimizers={"Adam": Adam(0.1), "Adagrad": Adagrad(0.1)},
                         surface="rosenbrock", max_iter=1).fit()
    start = np.array(SURFACES["rosenbrock"].start)
    sign = np.sign(race.gradient(start))
    np.testing.assert_allclose(race.paths_[:, 1] - start, np.tile(-0.1 * sign, (2, 1)),
                               rtol=1e-6)


def test_on_the_saddle_plain_descent_lingers_while_adaptive_methods_leave():
    race = OptimizerRace(surface="saddle", max_iter=30).fit()
    y = dict(zip(race.labels_, race.positions_[:, 1]))
    assert y["GD"] < 0.02  # still next to the ridge line y = 0
    assert min(y["Adam"], y["RMSprop"], y["Adagrad"]) > 0.5  # well on the way to y = 1
    # Started exactly on the ridge, descent never leaves it.
    on_ridge = OptimizerRace(surface="saddle", start=(-2.0, 0.0), max_iter=100).fit()
    np.testing.assert_array_equal(on_ridge.paths_[:, :, 1], 0.0)


def test_momentum_overshoots_the_valley_floor_and_everyone_gets_there():
    race = OptimizerRace(surface="valley", max_iter=200).fit()
    x_max = dict(zip(race.labels_, race.paths_[:, :, 0].max(axis=1)))
    assert x_max["Momentum"] > 1.0  # past the minimum at x = 0, from x = -9
    assert x_max["GD"] <= 1e-6  # gradient descent approaches from one side
    assert race.losses_.max() < 0.01


def test_fit_equals_fit_steps_run_to_the_end():
    by_fit = OptimizerRace(surface="saddle", max_iter=25).fit()
    by_steps = OptimizerRace(surface="saddle", max_iter=25)
    for _ in by_steps.fit_steps():
        pass
    for name in ("positions_", "losses_", "paths_", "diverged_"):
        np.testing.assert_array_equal(getattr(by_fit, name), getattr(by_steps, name))
    assert by_fit.labels_ == by_steps.labels_ and by_fit.n_iter_ == by_steps.n_iter_


def test_steps_are_frozen_copies():
    race = OptimizerRace(surface="valley", max_iter=5)
    steps = list(race.fit_steps())
    assert not np.shares_memory(steps[-1].state["positions"], race.positions_)
    assert not np.array_equal(steps[0].state["positions"], steps[-1].state["positions"])
    with pytest.raises(ValueError):
        steps[0].state["positions"][0, 0] = 1.0


def test_given_optimizers_are_copied_not_changed_and_labelled():
    mine = [GradientDescent(0.001), GradientDescent(0.002), Adam(0.05)]
    race = OptimizerRace(optimizers=mine, max_iter=10).fit()
    assert race.labels_ == ("GD", "GD 2", "Adam")
    for optimizer in mine:
        assert not hasattr(optimizer, "state_")
    assert race.get_params()["optimizers"] is mine
    named = OptimizerRace(optimizers={"slow": GradientDescent(1e-4)}, max_iter=3).fit()
    assert named.labels_ == ("slow",)


def test_a_custom_surface_from_a_pair_of_functions():
    def bowl(x, y):
        return (x - 1) ** 2 + (y + 2) ** 2

    def bowl_grad(x, y):
        return 2 * (x - 1), 2 * (y + 2)

    race = OptimizerRace(optimizers=[GradientDescent(0.25)], surface=(bowl, bowl_grad),
                         start=(0.0, 0.0), max_iter=1).fit()
    # One step of rate 1/4 on this round bowl lands halfway to its centre.
    np.testing.assert_allclose(race.positions_, [[0.5, -1.0]])
    assert race.get_surface().name == "bowl"
    with pytest.raises(ValueError, match="needs a start point"):
        OptimizerRace(optimizers=[Adam()], surface=(bowl, bowl_grad)).fit()
    with pytest.raises(ValueError, match="suggests no learning rates"):
        OptimizerRace(surface=(bowl, bowl_grad), start=(0, 0)).fit()
    surface = Surface("bowl", bowl, bowl_grad, start=(3.0, 3.0), min_value=0.0)
    assert OptimizerRace(optimizers=[Adam(0.1)], surface=surface).fit().paths_[0, 0, 0] == 3.0


def test_a_diverging_racer_stops_at_its_last_finite_point():
    race = OptimizerRace(optimizers={"reckless": GradientDescent(1.0), "Adam": Adam(0.05)},
                         surface="rosenbrock", max_iter=40).fit()
    assert race.diverged_.tolist() == [True, False]
    assert np.all(np.isfinite(race.paths_)) and np.all(np.isfinite(race.losses_))
    steps = list(OptimizerRace(optimizers={"reckless": GradientDescent(1.0)},
                               surface="rosenbrock", max_iter=40).fit_steps())
    assert "reckless diverged" in steps[-1].message


@pytest.mark.parametrize("params, error, match", [
    ({"surface": "bowl"}, ValueError, "The 'surface' parameter of OptimizerRace must be a "
                                      "str among {'valley', .*}.*Got 'bowl' instead."),
    ({"surface": 3}, TypeError, "'surface' parameter of OptimizerRace must be .*an instance "
                                "of 'skratch.optim.Surface'"),
    ({"surface": (1, 2)}, TypeError, "surface must be a name"),
    ({"max_iter": 0}, ValueError, r"'max_iter' parameter of OptimizerRace must be an int in "
                                  r"the range \[1, inf\). Got 0 instead."),
    ({"start": (1.0, 2.0, 3.0)}, ValueError, "start must be two finite numbers"),
    ({"optimizers": []}, ValueError, "at least one optimizer"),
    ({"optimizers": "adam"}, TypeError, "'optimizers' parameter of OptimizerRace must be an "
                                        "instance of 'list', an instance of 'tuple', an "
                                        "instance of 'dict' or None. Got 'adam' instead."),
    ({"optimizers": [object()]}, TypeError, "is not an optimizer"),
])
def test_bad_parameters_are_refused_when_the_race_starts(params, error, match):
    race = OptimizerRace(**params)
    with pytest.raises(error, match=match):
        race.fit()


def test_is_not_an_estimator_but_has_parameters():
    assert not isinstance(OptimizerRace(), BaseEstimator)
    assert "OptimizerRace" not in dict(skratch.all_estimators())
    race = OptimizerRace(surface="saddle", max_iter=50)
    assert repr(race) == "OptimizerRace(max_iter=50, surface='saddle')"
    twin = clone(race.set_params(start=(1.0, 0.5)))
    assert twin.get_params() == race.get_params()


def test_record_works_without_data_and_a_trace_round_trips(tmp_path):
    trace = skratch.record(OptimizerRace(surface="valley", max_iter=10), None)
    assert len(trace) == 11 and trace.estimator.n_iter_ == 10
    assert trace.X is None
    trace.save(tmp_path / "race.npz")
    loaded = skratch.Trace.load(tmp_path / "race.npz")
    assert loaded.estimator.get_params() == trace.estimator.get_params()
    assert loaded.estimator.labels_ == trace.estimator.labels_
    np.testing.assert_array_equal(loaded.estimator.paths_, trace.estimator.paths_)
    for a, b in zip(trace, loaded):
        assert (a.index, a.kind, a.message) == (b.index, b.kind, b.message)
        np.testing.assert_array_equal(a.state["positions"], b.state["positions"])


def test_trace_saves_without_data(tmp_path):
    trace = skratch.record(OptimizerRace(max_iter=3), None)
    trace.save(tmp_path / "race.npz")
    skratch.Trace.load(tmp_path / "race.npz")


def test_surfaces_are_frozen_records():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SURFACES["valley"].start = (0.0, 0.0)
