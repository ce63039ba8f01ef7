"""StandardScaler: scikit-learn parity, its two steps, constant features, copies."""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import StandardScaler as SkStandardScaler

from skratch.exceptions import NotFittedError
from skratch.preprocessing import StandardScaler

TOL = 1e-12


def generated(seed=0):
    rng = np.random.default_rng(seed)
    scales = np.array([1e-3, 1.0, 50.0, 1e4])
    return rng.normal(loc=[5.0, -2.0, 100.0, 0.0], scale=scales, size=(200, 4))


@pytest.mark.parametrize("data", ["generated", "diabetes"])
@pytest.mark.parametrize("with_mean, with_std", [(True, True), (False, True),
                                                  (True, False), (False, False)])
def test_matches_sklearn(data, with_mean, with_std):
    X = generated() if data == "generated" else load_diabetes().data
    ours = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    theirs = SkStandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, theirs.transform(X), rtol=TOL, atol=TOL)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z),
                               rtol=TOL, atol=TOL * np.abs(X).max())
    for name in ("mean_", "var_", "scale_"):
        if getattr(theirs, name) is None:
            assert getattr(ours, name) is None, name
        else:
            np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name),
                                       rtol=TOL, err_msg=name)
    assert ours.n_samples_seen_ == theirs.n_samples_seen_ == len(X)
    assert ours.n_features_in_ == X.shape[1]


def test_standardised_features_have_mean_zero_and_unit_variance():
    Z = StandardScaler().fit_transform(generated())
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-12)


def test_constant_features_keep_scale_one_even_when_rounding_leaves_a_variance():
    X = generated()[:, :2].copy()
    X = np.column_stack([X, np.full(len(X), 123.456), np.zeros(len(X))])
    # The mean of 200 copies of 123.456 is not exactly 123.456, so the computed
    # variance of that column is a tiny positive number, not 0.
    assert np.var(X[:, 2]) > 0
    ours = StandardScaler().fit(X)
    theirs = SkStandardScaler().fit(X)
    np.testing.assert_array_equal(ours.scale_[2:], [1.0, 1.0])
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=TOL)
    # Divided by a rounding-error scale the column would be blown up to ~36.
    assert np.abs(ours.transform(X)[:, 2:]).max() < 1e-9
    steps = list(StandardScaler().fit_steps(X))
    assert "2 constant feature(s) keep scale 1" in steps[1].message


def test_steps_are_the_mean_then_the_scale_and_the_model_is_usable_after_each():
    X = generated()
    scaler = StandardScaler()
    steps = scaler.fit_steps(X)
    mean_step = next(steps)
    assert (mean_step.index, mean_step.kind) == (0, "mean")
    np.testing.assert_allclose(mean_step.state["mean"], X.mean(axis=0), rtol=1e-13)
    assert scaler.scale_ is None
    # After the first step the scaler centres but does not scale yet.
    np.testing.assert_allclose(scaler.transform(X), X - X.mean(axis=0), atol=1e-9)
    scale_step = next(steps)
    assert (scale_step.index, scale_step.kind) == (1, "scale")
    np.testing.assert_allclose(scale_step.state["scale"], X.std(axis=0), rtol=1e-12)
    np.testing.assert_allclose(scale_step.state["var"], X.var(axis=0), rtol=1e-12)
    assert "standard deviations" in scale_step.message
    with pytest.raises(StopIteration):
        next(steps)


def test_steps_without_std_or_without_anything():
    X = generated()
    assert [s.kind for s in StandardScaler(with_std=False).fit_steps(X)] == ["mean"]
    nothing = list(StandardScaler(with_mean=False, with_std=False).fit_steps(X))
    assert [(s.kind, dict(s.state)) for s in nothing] == [("mean", {})]
    assert "nothing to learn" in nothing[0].message
    with_mean_off = list(StandardScaler(with_mean=False).fit_steps(X))
    assert "not subtracted" in with_mean_off[0].message


def test_copy_false_works_in_place_and_copy_true_does_not():
    X = generated()
    original = X.copy()
    StandardScaler().fit(X).transform(X)
    np.testing.assert_array_equal(X, original)
    scaler = StandardScaler(copy=False).fit(X)
    out = scaler.transform(X)
    assert out is X
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-10)
    X = original.copy()
    out = StandardScaler(copy=False).fit(X).transform(X, copy=True)
    assert out is not X
    np.testing.assert_array_equal(X, original)


def test_float32_stays_float32_and_integers_become_float():
    X = generated().astype(np.float32)
    assert StandardScaler().fit_transform(X).dtype == np.float32
    ints = np.arange(12).reshape(6, 2)
    Z = StandardScaler().fit_transform(ints)
    assert Z.dtype == np.float64
    np.testing.assert_allclose(Z, SkStandardScaler().fit_transform(ints), atol=TOL)


def test_errors_name_the_problem():
    with pytest.raises(NotFittedError):
        StandardScaler().transform(generated())
    scaler = StandardScaler().fit(generated())
    with pytest.raises(ValueError, match="X has 2 features, but StandardScaler is "
                                         "expecting 4 features as input"):
        scaler.transform(np.ones((3, 2)))
    with pytest.raises(ValueError, match="X has 2 features"):
        scaler.inverse_transform(np.ones((3, 2)))


def test_feature_names_pass_through():
    scaler = StandardScaler().fit(generated())
    assert list(scaler.get_feature_names_out()) == ["x0", "x1", "x2", "x3"]
    assert list(scaler.get_feature_names_out(["a", "b", "c", "d"])) == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match="length equal to number of features"):
        scaler.get_feature_names_out(["a"])
