"""The metrics agree with scikit-learn's on random inputs and edge cases, and
refuse bad input with errors that say what is wrong."""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

from skratch.exceptions import UndefinedMetricWarning
from skratch.metrics import (
    accuracy_score,
    adjusted_rand_score,
    mean_squared_error,
    r2_score,
)

SEEDS = range(40)


# ------------------------------------------------------------------ accuracy

@pytest.mark.parametrize("seed", SEEDS)
def test_accuracy_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    n_classes = int(rng.integers(1, 5))
    y_true = rng.integers(0, n_classes, n)
    y_pred = rng.integers(0, n_classes, n)
    for normalize in (True, False):
        ours = accuracy_score(y_true, y_pred, normalize=normalize)
        theirs = skm.accuracy_score(y_true, y_pred, normalize=normalize)
        assert isinstance(ours, float)
        assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("y_true, y_pred", [
    (["cat", "dog", "dog"], ["cat", "cat", "dog"]),
    ([True, False, True], [True, True, True]),
    ([1.0, 2.0, 3.0], [1, 2, 4]),
    ([[0], [1], [1]], [0, 1, 0]),
    ([5], [5]),
])
def test_accuracy_label_types_match_sklearn(y_true, y_pred):
    assert accuracy_score(y_true, y_pred) == skm.accuracy_score(y_true, y_pred)


def test_accuracy_errors():
    with pytest.raises(ValueError, match="y_true has 3, y_pred has 2"):
        accuracy_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="empty"):
        accuracy_score([], [])
    with pytest.raises(ValueError, match="continuous"):
        accuracy_score([0.5, 1.0], [0.5, 1.0])
    with pytest.raises(ValueError, match="same type"):
        accuracy_score(["a", "b"], [0, 1])
    with pytest.raises(ValueError, match="multilabel"):
        accuracy_score([[0, 1], [1, 0]], [[0, 1], [1, 0]])


# ------------------------------------------------------------ MSE and R^2

def _random_regression_targets(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    shape = (n,) if seed % 2 else (n, int(rng.integers(1, 4)))
    y_true = rng.normal(size=shape) * rng.uniform(0.1, 100)
    y_pred = y_true + rng.normal(size=shape) * rng.uniform(0.01, 3)
    if seed % 4 == 0:
        y_true[:, 0] = 7.0            # a constant output
        if seed % 8 == 0:
            y_pred[:, 0] = 7.0        # ... predicted perfectly
    return y_true, y_pred


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("metric", ["r2_score", "mean_squared_error"])
def test_regression_metrics_match_sklearn(seed, metric):
    ours, theirs = {"r2_score": (r2_score, skm.r2_score),
                    "mean_squared_error": (mean_squared_error,
                                           skm.mean_squared_error)}[metric]
    y_true, y_pred = _random_regression_targets(seed)
    n_outputs = 1 if y_true.ndim == 1 else y_true.shape[1]
    weights = np.random.default_rng(seed).uniform(size=n_outputs)
    # scikit-learn accepts output weights only with several outputs.
    options = ["uniform_average", "raw_values"] + ([weights] if n_outputs > 1 else [])
    for multioutput in options:
        got = ours(y_true, y_pred, multioutput=multioutput)
        expected = theirs(y_true, y_pred, multioutput=multioutput)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert isinstance(ours(y_true, y_pred), float)


@pytest.mark.parametrize("y_true, y_pred", [
    ([1.0, 1.0, 1.0], [1.0, 1.0, 1.0]),          # constant, perfect: 1
    ([1.0, 1.0, 1.0], [1.0, 1.0, 2.0]),          # constant, imperfect: 0
    ([1, 2, 3], [3, 2, 1]),                      # worse than the mean
    ([1, 2, 3], [2, 2, 2]),                      # the mean itself: 0
    ([[1, 1], [1, 2], [1, 3]], [[2, 1], [1, 2], [1, 3]]),
    ([1, 2], [[1], [2]]),                        # column y_pred with 1-D y_true
    ([1, 2, 3], [1, 2, 3]),
])
def test_r2_edge_cases_match_sklearn(y_true, y_pred):
    assert r2_score(y_true, y_pred) == pytest.approx(
        skm.r2_score(y_true, y_pred), abs=1e-12)
    assert mean_squared_error(y_true, y_pred) == pytest.approx(
        skm.mean_squared_error(y_true, y_pred), abs=1e-12)


def test_r2_constant_target_is_judged_by_equality_not_by_rounded_mean():
    # The mean of three 0.1 is not exactly 0.1; the score must still be 1.
    assert r2_score([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]) == 1.0
    assert r2_score([0.1, 0.1, 0.1], [0.1, 0.1, 0.2]) == 0.0


def test_r2_single_sample_is_nan_with_a_warning():
    with pytest.warns(UndefinedMetricWarning, match="two samples"):
        score = r2_score([1.0], [2.0])
    assert np.isnan(score)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(skm.r2_score([1.0], [2.0]))


@pytest.mark.parametrize("metric", [r2_score, mean_squared_error])
def test_regression_metric_errors(metric):
    with pytest.raises(ValueError, match="y_true has 3, y_pred has 2"):
        metric([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="y_true is empty"):
        metric([], [])
    with pytest.raises(ValueError, match="y_true has 2, y_pred has 3"):
        metric(np.ones((4, 2)), np.ones((4, 3)))
    with pytest.raises(ValueError, match="NaN"):
        metric([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="multioutput"):
        metric([1.0, 2.0], [1.0, 2.0], multioutput="variance_weighted")
    with pytest.raises(ValueError, match="one value per output"):
        metric(np.ones((4, 2)), np.ones((4, 2)), multioutput=[1.0, 2.0, 3.0])


# --------------------------------------------------------- adjusted Rand index

@pytest.mark.parametrize("seed", SEEDS)
def test_adjusted_rand_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 300))
    labels_true = rng.integers(0, int(rng.integers(1, 8)), n)
    labels_pred = rng.integers(0, int(rng.integers(1, 8)), n)
    # Half of the cases: a noisy copy, so that scores near 1 are tested too.
    if seed % 2:
        keep = rng.uniform(size=n) < 0.8
        labels_pred = np.where(keep, labels_true + 10, labels_pred)
    ours = adjusted_rand_score(labels_true, labels_pred)
    assert isinstance(ours, float)
    assert ours == pytest.approx(
        skm.adjusted_rand_score(labels_true, labels_pred), abs=1e-12)


@pytest.mark.parametrize("labels_true, labels_pred", [
    ([0, 0, 0], [1, 1, 1]),                 # one cluster each: identical
    ([0, 1, 2], [5, 6, 7]),                 # all singletons each: identical
    ([0, 0, 0, 0], [0, 1, 2, 3]),           # one cluster vs singletons
    ([0, 1, 2, 3], [0, 0, 0, 0]),
    ([0, 0, 1, 1], [1, 1, 0, 0]),           # renamed
    ([0, 0, 1, 1], [0, 1, 0, 1]),           # most disagreeing: -0.5
    ([0, 0, 1], [0, 1, 1]),
    (["a", "a", "b"], ["x", "y", "y"]),
    ([0], [1]),
    ([], []),
])
def test_adjusted_rand_edge_cases_match_sklearn(labels_true, labels_pred):
    assert adjusted_rand_score(labels_true, labels_pred) == pytest.approx(
        skm.adjusted_rand_score(labels_true, labels_pred), abs=1e-12)


def test_adjusted_rand_is_symmetric_and_label_free():
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 4, 100), rng.integers(0, 3, 100)
    score = adjusted_rand_score(a, b)
    assert adjusted_rand_score(b, a) == pytest.approx(score, abs=1e-15)
    renamed = np.array([30, 10, 20])[b]
    assert adjusted_rand_score(a, renamed) == pytest.approx(score, abs=1e-15)


def test_adjusted_rand_large_input_does_not_overflow():
    rng = np.random.default_rng(0)
    labels_true = rng.integers(0, 3, 300_000)
    labels_pred = np.where(rng.uniform(size=300_000) < 0.5, labels_true,
                           rng.integers(0, 300_000, 300_000))
    assert adjusted_rand_score(labels_true, labels_pred) == pytest.approx(
        skm.adjusted_rand_score(labels_true, labels_pred), abs=1e-12)


def test_adjusted_rand_errors():
    with pytest.raises(ValueError, match="labels_true has 3, labels_pred has 2"):
        adjusted_rand_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="labels_true must be 1-D"):
        adjusted_rand_score([[0, 1]], [[0, 1]])
