"""ScalerVisualizer and PolynomialFeaturesVisualizer."""

import numpy as np
import pytest

import skratch
from skratch import Trace
from skratch.cluster import KMeans
from skratch.preprocessing import PolynomialFeatures, StandardScaler
from skratch.viz import (PolynomialFeaturesVisualizer, ScalerVisualizer, animate,
                         get_visualizer)

SIZE = {"figsize": (6, 2.5), "dpi": 30}


@pytest.fixture(scope="module")
def X():
    return np.random.default_rng(0).normal([120, 3], [30, 0.8], size=(50, 2))


@pytest.fixture(scope="module")
def trace(X):
    return skratch.record(StandardScaler(), X)


@pytest.fixture(scope="module")
def poly_trace():
    return skratch.record(PolynomialFeatures(degree=3), np.linspace(-1.5, 2, 12).reshape(-1, 1))


def snapshot(vis):
    children = [len(ax.get_children()) for ax in vis.axes] + [len(vis.fig.get_children())]
    return children, [(ax.get_xlim(), ax.get_ylim()) for ax in vis.axes]


def test_registered_and_exported():
    assert get_visualizer(StandardScaler()) is ScalerVisualizer
    assert get_visualizer(PolynomialFeatures()) is PolynomialFeaturesVisualizer
    for name in ("ScalerVisualizer", "PolynomialFeaturesVisualizer"):
        assert name in skratch.viz.__all__


def test_scaler_panels_follow_the_steps(trace, X):
    vis = ScalerVisualizer(trace, **SIZE)
    mu, sigma = X.mean(axis=0), X.std(axis=0)
    vis.update(0)  # "mean": the cross, centred data, nothing standardised yet
    np.testing.assert_allclose(np.ravel(vis._mean.get_data()), mu)
    assert not vis._bars.get_visible() and not vis._ellipse.get_visible()
    np.testing.assert_allclose(vis._centred_points.get_offsets(), X - mu)
    assert vis._centred_points.get_visible() and not vis._standardised_points.get_visible()
    vis.update(1)  # "scale": the std bars and ellipse, the standardised data
    assert vis._bars.get_visible() and vis._standardised_points.get_visible()
    np.testing.assert_allclose(vis._ellipse.get_center(), mu)
    np.testing.assert_allclose([vis._ellipse.get_width(), vis._ellipse.get_height()], 2 * sigma)
    bars = np.column_stack(vis._bars.get_data())
    np.testing.assert_allclose(bars[[0, 1, 3, 4]], [mu - [sigma[0], 0], mu + [sigma[0], 0],
                                                    mu - [0, sigma[1]], mu + [0, sigma[1]]])
    np.testing.assert_allclose(vis._standardised_points.get_offsets(),
                               trace.estimator.transform(X))
    assert vis.caption_text.get_text() == trace.steps[1].message
    assert vis.axes[2].get_aspect() == 1.0


def test_scaler_limits_cover_the_data_in_each_panel(trace, X):
    # (That updates keep the limits is the common contract, tests/viz/test_visualizer_contract.py.)
    vis = ScalerVisualizer(trace, **SIZE)
    vis.update(0)
    limits = snapshot(vis)[1]
    Z = trace.estimator.transform(X)
    for (xlim, ylim), data in zip(limits, (X, X - X.mean(axis=0), Z)):
        assert xlim[0] < data[:, 0].min() and data[:, 0].max() < xlim[1]
        assert ylim[0] < data[:, 1].min() and data[:, 1].max() < ylim[1]


def test_loaded_traces_animate_with_these_visualizers(trace, poly_trace, tmp_path):
    # (That they draw the same pixels is the common contract.)
    for name, tr, cls in (("scaler", trace, ScalerVisualizer),
                          ("poly", poly_trace, PolynomialFeaturesVisualizer)):
        tr.save(tmp_path / f"{name}.npz")
        loaded = Trace.load(tmp_path / f"{name}.npz")
        assert type(animate(loaded, **SIZE).visualizer) is cls


def test_polynomial_curves_are_the_columns(poly_trace):
    vis = PolynomialFeaturesVisualizer(poly_trace, **SIZE)
    vis.update(0)
    before = snapshot(vis)
    names = list(poly_trace.estimator.get_feature_names_out())
    assert [line.get_label() for line in vis.curves] == names == ["1", "x0", "x0^2", "x0^3"]
    for k, line in enumerate(vis.curves):
        x, y = line.get_data()
        np.testing.assert_allclose(y, x ** k)
    x = poly_trace.X[:, 0]
    assert vis.axes[0].get_xlim()[0] < x.min() and x.max() < vis.axes[0].get_xlim()[1]
    assert vis.axes[0].get_ylim()[1] > x.max() ** 3
    vis.update(0)
    vis.fig.canvas.draw()
    assert snapshot(vis) == before


def test_polynomial_of_two_features_draws_the_powers_table():
    X = np.random.default_rng(1).normal(size=(6, 2))
    trace = skratch.record(PolynomialFeatures(degree=2), X)
    vis = PolynomialFeaturesVisualizer(trace, **SIZE)
    vis.plot()
    np.testing.assert_array_equal(vis.table.get_array(), trace.estimator.powers_)
    labels = [t.get_text() for t in vis.axes[0].get_yticklabels()]
    assert labels == list(trace.estimator.get_feature_names_out())


def test_scaler_more_than_two_features_need_features():
    X = np.random.default_rng(2).normal(size=(30, 4)) * [1, 10, 100, 1000]
    trace = skratch.record(StandardScaler(), X)
    with pytest.raises(ValueError, match=r"X has 4: choose .* features=\(i, j\)"):
        ScalerVisualizer(trace)
    vis = ScalerVisualizer(trace, features=(3, 1), **SIZE)
    vis.update(-1)
    np.testing.assert_allclose(vis._standardised_points.get_offsets(),
                               trace.estimator.transform(X)[:, [3, 1]])
    with pytest.raises(ValueError, match="same feature twice"):
        ScalerVisualizer(trace, features=(1, 1))


def test_scaler_clear_errors():
    one = skratch.record(StandardScaler(), np.arange(10.0).reshape(-1, 1))
    with pytest.raises(ValueError, match="X has 1 feature"):
        ScalerVisualizer(one)
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match="StandardScaler traces"):
        ScalerVisualizer(skratch.record(KMeans(n_clusters=2, random_state=0), X))
    with pytest.raises(ValueError, match="holds 'powers'"):
        PolynomialFeaturesVisualizer(skratch.record(StandardScaler(), X))


def test_scaler_without_std_or_mean():
    X = np.random.default_rng(3).normal([5, -5], [2, 0.5], size=(20, 2))
    vis = ScalerVisualizer(skratch.record(StandardScaler(with_std=False), X), **SIZE)
    vis.update(-1)
    assert not vis._standardised_points.get_visible() and not vis._bars.get_visible()
    vis = ScalerVisualizer(skratch.record(StandardScaler(with_mean=False), X), **SIZE)
    vis.update(-1)
    np.testing.assert_allclose(vis._standardised_points.get_offsets(), X / X.std(axis=0))
    assert "not moved" in vis._centred_status.get_text()
