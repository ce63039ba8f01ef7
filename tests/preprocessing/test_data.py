"""StandardScaler: scikit-learn parity, its two steps, constant features, copies,
feature names, dtypes, sample weights, partial_fit, extreme magnitudes."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import StandardScaler as SkStandardScaler
from sklearn.utils import get_tags

from skratch.exceptions import NotFittedError
from skratch.preprocessing import StandardScaler

TOL = 1e-12


def generated(seed=0):
    rng = np.random.default_rng(seed)
    scales = np.array([1e-3, 1.0, 50.0, 1e4])
    return rng.normal(loc=[5.0, -2.0, 100.0, 0.0], scale=scales, size=(200, 4))


def dataset(name):
    return generated() if name == "generated" else load_diabetes().data


def assert_same_statistics(ours, theirs, X):
    """mean_, var_, scale_ and n_samples_seen_ of two fitted scalers, to TOL."""
    for name in ("mean_", "var_", "scale_"):
        if getattr(theirs, name) is None:
            assert getattr(ours, name) is None, name
        else:
            # The means of diabetes are ~1e-16 (the data are centred): relative
            # to the size of the data, not of the mean.
            atol = TOL * np.abs(X).max() if name == "mean_" else 0
            np.testing.assert_allclose(getattr(ours, name), getattr(theirs, name),
                                       rtol=TOL, atol=atol, err_msg=name)
    assert ours.n_samples_seen_ == pytest.approx(theirs.n_samples_seen_, rel=TOL)


def condition(scaler):
    """How much a last-digit change in a mean moves the standardised values.

    z = (x - mu) / sigma moves by that change times |mu| / sigma, the condition
    number of standardising: 5000 for the first generated column. Two correct
    weighted means, summed in different orders, differ in their last digits.
    """
    if scaler.scale_ is None:
        return 1.0
    return max(1.0, np.max(np.abs(scaler.mean_) / scaler.scale_))


@pytest.mark.parametrize("data", ["generated", "diabetes"])
@pytest.mark.parametrize("with_mean, with_std", [(True, True), (False, True),
                                                  (True, False), (False, False)])
def test_matches_sklearn(data, with_mean, with_std):
    X = dataset(data)
    ours = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    theirs = SkStandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, theirs.transform(X), rtol=TOL, atol=TOL)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z),
                               rtol=TOL, atol=TOL * np.abs(X).max())
    assert_same_statistics(ours, theirs, X)
    assert ours.n_samples_seen_ == len(X)
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
    np.testing.assert_array_equal(X, original)  # fit never changes X
    out = scaler.transform(X)
    assert out is X
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-10)
    back = scaler.inverse_transform(X)
    assert back is X
    np.testing.assert_allclose(X, original, rtol=1e-12)
    X = original.copy()
    out = StandardScaler(copy=False).fit(X).transform(X, copy=True)
    assert out is not X
    np.testing.assert_array_equal(X, original)


def test_errors_name_the_problem():
    with pytest.raises(NotFittedError):
        StandardScaler().transform(generated())
    with pytest.raises(NotFittedError):
        StandardScaler().inverse_transform(generated())
    scaler = StandardScaler().fit(generated())
    with pytest.raises(ValueError, match="X has 2 features, but StandardScaler is "
                                         "expecting 4 features as input"):
        scaler.transform(np.ones((3, 2)))
    with pytest.raises(ValueError, match="X has 2 features"):
        scaler.inverse_transform(np.ones((3, 2)))
    with pytest.raises(ValueError, match="X has 2 features"):
        scaler.partial_fit(np.ones((3, 2)))


@pytest.mark.parametrize("params, match", [
    ({"with_mean": "x"}, "The 'with_mean' parameter of StandardScaler must be a bool. "
                         "Got 'x' instead."),
    ({"with_std": 1}, "'with_std' parameter of StandardScaler must be a bool. Got 1 instead."),
    ({"copy": None}, "'copy' parameter of StandardScaler must be a bool. Got None instead."),
    ({"copy": "no"}, "'copy' parameter of StandardScaler must be a bool. Got 'no' instead."),
])
def test_non_bool_parameters_are_refused_in_fit(params, match):
    scaler = StandardScaler(**params)  # stored untouched
    assert scaler.get_params()[next(iter(params))] == next(iter(params.values()))
    with pytest.raises(ValueError, match=match):
        scaler.fit(generated())
    with pytest.raises(ValueError, match=match):
        StandardScaler(**params).partial_fit(generated())


def test_transform_copy_argument_must_be_a_bool_or_none():
    scaler = StandardScaler().fit(generated())
    with pytest.raises(ValueError, match="copy must be True, False or None, got 'yes'"):
        scaler.transform(generated(), copy="yes")
    assert scaler.transform(generated(), copy=np.bool_(True)).shape == (200, 4)


# -- feature names ------------------------------------------------------------

def frame(X, columns=("a", "b", "c", "d")):
    return pd.DataFrame(X, columns=list(columns))


def test_feature_names_from_a_dataframe_match_sklearn():
    X = generated()
    ours = StandardScaler().fit(frame(X))
    theirs = SkStandardScaler().fit(frame(X))
    np.testing.assert_array_equal(ours.feature_names_in_, theirs.feature_names_in_)
    assert ours.feature_names_in_.dtype == object
    np.testing.assert_array_equal(ours.get_feature_names_out(),
                                  theirs.get_feature_names_out())
    np.testing.assert_array_equal(ours.get_feature_names_out(["a", "b", "c", "d"]),
                                  ["a", "b", "c", "d"])
    np.testing.assert_allclose(ours.transform(frame(X)), theirs.transform(frame(X)),
                               rtol=TOL, atol=TOL)
    # Refitting on an array forgets the names.
    assert not hasattr(ours.fit(X), "feature_names_in_")


def test_reordered_or_other_columns_are_refused_by_transform_and_inverse_transform():
    X = generated()
    scaler = StandardScaler().fit(frame(X))
    reordered = frame(X)[["b", "a", "c", "d"]]
    with pytest.raises(ValueError, match="must be in the same order"):
        scaler.transform(reordered)
    with pytest.raises(ValueError, match="must be in the same order"):
        scaler.inverse_transform(reordered)
    with pytest.raises(ValueError, match="Feature names unseen at fit time:\n- e"):
        scaler.inverse_transform(frame(X, ["a", "b", "c", "e"]))
    # transform's output is an array: undoing it needs (and warns about) no names.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = scaler.inverse_transform(scaler.transform(frame(X)))
    np.testing.assert_allclose(back, X, rtol=1e-12)
    # An array given to transform is accepted with scikit-learn's warning; a
    # DataFrame of transform's output names is undone.
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        Z = scaler.transform(X)
    np.testing.assert_allclose(scaler.inverse_transform(frame(Z)), X, rtol=1e-12)


def test_get_feature_names_out_checks_the_given_names():
    scaler = StandardScaler().fit(generated())
    assert list(scaler.get_feature_names_out()) == ["x0", "x1", "x2", "x3"]
    assert list(scaler.get_feature_names_out(["a", "b", "c", "d"])) == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match="length equal to number of features"):
        scaler.get_feature_names_out(["a"])
    named = StandardScaler().fit(frame(generated()))
    with pytest.raises(ValueError, match="input_features is not equal to feature_names_in_"):
        named.get_feature_names_out(["a", "b", "c", "x"])
    with pytest.raises(NotFittedError):
        StandardScaler().get_feature_names_out()


# -- data types -----------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_float32_and_float16_are_kept_and_the_statistics_are_float64(dtype):
    X = generated()[:, 1:3].astype(dtype)  # columns that fit in float16
    ours, theirs = StandardScaler().fit(X), SkStandardScaler().fit(X)
    Z = ours.transform(X)
    assert Z.dtype == dtype == theirs.transform(X).dtype
    assert ours.inverse_transform(Z).dtype == dtype
    for name in ("mean_", "var_", "scale_"):
        assert getattr(ours, name).dtype == np.float64 == getattr(theirs, name).dtype
    # The statistics are accumulated in float64, as scikit-learn's are.
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=TOL)
    np.testing.assert_allclose(ours.var_, theirs.var_, rtol=TOL)
    resolution = np.finfo(dtype).resolution
    np.testing.assert_allclose(Z, theirs.transform(X), rtol=4 * resolution,
                               atol=4 * resolution)


def test_integers_become_float64_and_the_dtype_tag_is_set():
    ints = np.arange(12).reshape(6, 2)
    Z = StandardScaler().fit_transform(ints)
    assert Z.dtype == np.float64
    np.testing.assert_allclose(Z, SkStandardScaler().fit_transform(ints), atol=TOL)
    assert get_tags(StandardScaler()).transformer_tags.preserves_dtype == ["float64", "float32"]


# -- sample weights -----------------------------------------------------------

@pytest.mark.parametrize("data", ["generated", "diabetes"])
@pytest.mark.parametrize("with_mean, with_std", [(True, True), (False, True), (True, False)])
def test_weighted_statistics_match_sklearn(data, with_mean, with_std):
    X = dataset(data)
    w = np.random.default_rng(1).uniform(0.1, 3.0, len(X))
    ours = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X, sample_weight=w)
    theirs = SkStandardScaler(with_mean=with_mean, with_std=with_std).fit(X, sample_weight=w)
    assert_same_statistics(ours, theirs, X)
    assert isinstance(ours.n_samples_seen_, float)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=TOL,
                               atol=TOL * condition(theirs))


@pytest.mark.parametrize("data", ["generated", "diabetes"])
def test_integer_weights_are_repeated_samples(data):
    X = dataset(data)
    w = np.random.default_rng(2).integers(0, 4, len(X))
    weighted = StandardScaler().fit(X, sample_weight=w)
    repeated = StandardScaler().fit(np.repeat(X, w, axis=0))
    np.testing.assert_allclose(weighted.mean_, repeated.mean_, rtol=TOL,
                               atol=TOL * np.abs(X).max())
    np.testing.assert_allclose(weighted.var_, repeated.var_, rtol=TOL)
    assert weighted.n_samples_seen_ == repeated.n_samples_seen_ == w.sum()
    np.testing.assert_allclose(weighted.transform(X), repeated.transform(X), rtol=TOL,
                               atol=TOL * condition(repeated))


def test_weighted_fit_steps_fit_transform_and_a_number_as_weight():
    X = generated()
    w = np.random.default_rng(3).uniform(size=len(X))
    scaler = StandardScaler()
    steps = list(scaler.fit_steps(X, sample_weight=w))
    assert "total weight" in steps[0].message
    np.testing.assert_allclose(steps[0].state["mean"], np.average(X, axis=0, weights=w),
                               rtol=1e-13)
    np.testing.assert_array_equal(StandardScaler().fit_transform(X, sample_weight=w),
                                  scaler.transform(X))
    # A single number weights every sample alike: the statistics do not change.
    halves = StandardScaler().fit(X, sample_weight=0.5)
    np.testing.assert_allclose(halves.var_, X.var(axis=0), rtol=TOL)
    assert halves.n_samples_seen_ == 100.0


@pytest.mark.parametrize("weights, match", [
    (np.ones(3), "sample_weight has 3 weights but X has 200 samples"),
    (-np.ones(200), "negative"),
    (np.zeros(200), "zero for every sample"),
    (np.ones((200, 1)), "must be 1D array or scalar"),
])
def test_bad_weights_are_refused(weights, match):
    with pytest.raises(ValueError, match=match):
        StandardScaler().fit(generated(), sample_weight=weights)


# -- partial_fit ----------------------------------------------------------------

@pytest.mark.parametrize("data", ["generated", "diabetes"])
@pytest.mark.parametrize("batch", [1, 7, 50, 1000])
@pytest.mark.parametrize("weighted", [False, True])
def test_partial_fit_over_batches_matches_fit_and_sklearn(data, batch, weighted):
    X = dataset(data)
    w = np.random.default_rng(4).uniform(0.2, 2.0, len(X)) if weighted else None
    ours, theirs = StandardScaler(), SkStandardScaler()
    for start in range(0, len(X), batch):
        rows = slice(start, start + batch)
        kwargs = {} if w is None else {"sample_weight": w[rows]}
        ours.partial_fit(X[rows], **kwargs)
        theirs.partial_fit(X[rows], **kwargs)
    assert_same_statistics(ours, theirs, X)
    assert_same_statistics(ours, StandardScaler().fit(X, sample_weight=w), X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-11,
                               atol=1e-11)


def test_partial_fit_without_std_or_without_anything():
    X = generated()
    mean_only = StandardScaler(with_std=False).partial_fit(X[:50]).partial_fit(X[50:])
    np.testing.assert_allclose(mean_only.mean_, X.mean(axis=0), rtol=TOL)
    assert mean_only.var_ is None and mean_only.scale_ is None
    nothing = StandardScaler(with_mean=False, with_std=False)
    nothing.partial_fit(X[:50]).partial_fit(X[50:])
    assert nothing.mean_ is None and nothing.n_samples_seen_ == 200
    np.testing.assert_array_equal(nothing.transform(X), X)


def test_partial_fit_stops_a_paused_fit_steps_run():
    X = generated()
    scaler = StandardScaler()
    steps = scaler.fit_steps(X[:100])
    next(steps)  # paused after the mean
    scaler.partial_fit(X[100:])
    with pytest.raises(RuntimeError, match="stale"):
        next(steps)


# -- very large and very small values ---------------------------------------------

@pytest.mark.parametrize("exponent", [1000, 700, -1000, -1040, 0])
def test_extreme_magnitudes_are_standardised_exactly(exponent):
    # X times 2**exponent is X with only its exponents changed (exact down
    # to the subnormal range, where -1040 is), so its standardised values are
    # those of the ordinary data X_extreme * 2**-exponent, here computed by
    # scikit-learn. Values near
    # 1e301 (1000) used to come back unscaled (their variance overflows),
    # near 1e-301 too (it underflows, so the features looked constant).
    X = generated(5)
    X_extreme = np.ldexp(X, exponent)
    reference = SkStandardScaler().fit(np.ldexp(X_extreme, -exponent))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or underflow warning either
        scaler = StandardScaler().fit(X_extreme)
        Z = scaler.transform(X_extreme)
        back = scaler.inverse_transform(Z)
    # Subnormal numbers keep fewer digits: a mean or scale of 1e-316 is known to
    # 5e-324, so standardised values to about 5e-8.
    rtol = TOL if exponent >= -1000 else 1e-6
    np.testing.assert_allclose(Z, reference.transform(np.ldexp(X_extreme, -exponent)),
                               rtol=rtol, atol=rtol)
    np.testing.assert_allclose(scaler.scale_, np.ldexp(reference.scale_, exponent),
                               rtol=rtol)
    np.testing.assert_allclose(scaler.mean_, np.ldexp(reference.mean_, exponent),
                               rtol=rtol)
    np.testing.assert_allclose(back, X_extreme, rtol=rtol)
    # var_ holds what float64 can: inf above its range, 0 below it.
    expected_var = np.ldexp(reference.var_, 2 * exponent) if abs(exponent) < 500 else (
        np.inf if exponent > 0 else 0.0)
    np.testing.assert_allclose(scaler.var_, expected_var, rtol=rtol)


def test_values_near_1e300_and_1e_minus_300_with_a_known_answer():
    # Two samples are standardised to +1 and -1, whatever their size: down to
    # the smallest float64 (5e-324) for a pair symmetric about 0.
    for size in (1e300, 1e-300, 1.7e308 / 2, 5e-324):
        Z = StandardScaler().fit_transform(np.array([[size], [-size]]))
        np.testing.assert_allclose(Z, [[1.0], [-1.0]], rtol=1e-15)
    for size in (1e300, 1e-300, 1.7e308 / 2):
        Z = StandardScaler().fit_transform(np.array([[size], [size / 3]]))
        np.testing.assert_allclose(Z, [[1.0], [-1.0]], rtol=1e-15)


def test_partial_fit_keeps_extreme_magnitudes_right():
    X = generated(6)
    X_big = np.ldexp(X, 1000)
    scaler = StandardScaler()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for start in range(0, len(X), 30):
            scaler.partial_fit(X_big[start:start + 30])
    reference = SkStandardScaler().fit(X)
    np.testing.assert_allclose(scaler.transform(X_big), reference.transform(X),
                               rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("value", [1e-10, 1.0, 1e10, 123.456, 2.0 ** -1070])
def test_a_column_of_equal_values_has_variance_exactly_zero(value):
    # The computed mean of n equal values can round to just beside them; it
    # is kept within the column's range, so the deviations are exactly 0.
    X = np.column_stack([np.full(101, value), np.arange(101.0)])
    w = np.random.default_rng(7).uniform(0.1, 1.0, 101)
    for scaler in (StandardScaler().fit(X), StandardScaler().fit(X, sample_weight=w),
                   StandardScaler().partial_fit(X[:40]).partial_fit(X[40:])):
        assert scaler.mean_[0] == value
        assert scaler.var_[0] == 0.0 and scaler.scale_[0] == 1.0
        np.testing.assert_array_equal(scaler.transform(X)[:, 0], 0.0)
