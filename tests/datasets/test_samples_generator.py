"""Tests of the synthetic data generators: determinism, shapes, counts,
geometry and the structure each one promises."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split

from skratch.datasets import (
    make_blobs,
    make_circles,
    make_classification,
    make_moons,
    make_regression,
)

GENERATORS = [
    (make_blobs, {}),
    (make_moons, {"noise": 0.1}),
    (make_circles, {"noise": 0.1}),
    (make_regression, {"noise": 1.0}),
    (make_classification, {}),
]


@pytest.mark.parametrize("make, kwargs", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(make, kwargs):
    X1, y1 = make(random_state=3, **kwargs)
    X2, y2 = make(random_state=3, **kwargs)
    X3, _ = make(random_state=4, **kwargs)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make, kwargs", GENERATORS)
def test_generator_and_legacy_random_state_are_accepted(make, kwargs):
    X1, _ = make(random_state=np.random.default_rng(5), **kwargs)
    X2, _ = make(random_state=np.random.default_rng(5), **kwargs)
    np.testing.assert_array_equal(X1, X2)
    X3, _ = make(random_state=np.random.RandomState(0), **kwargs)
    assert X3.shape == X1.shape


@pytest.mark.parametrize("make, kwargs, shape, y_kind", [
    (make_blobs, {"n_samples": 37, "n_features": 4}, (37, 4), "i"),
    (make_moons, {"n_samples": 37}, (37, 2), "i"),
    (make_circles, {"n_samples": 37}, (37, 2), "i"),
    (make_regression, {"n_samples": 37, "n_features": 6}, (37, 6), "f"),
    (make_classification, {"n_samples": 37, "n_features": 6}, (37, 6), "i"),
])
def test_shapes_and_dtypes(make, kwargs, shape, y_kind):
    X, y = make(random_state=0, **kwargs)
    assert X.shape == shape and X.dtype == np.float64
    assert y.shape == (shape[0],) and y.dtype.kind == y_kind
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", [make_blobs, make_moons, make_circles,
                                  make_regression, make_classification])
@pytest.mark.parametrize("n_samples", [0, -3, 2.5, "10"])
def test_bad_n_samples_is_refused(make, n_samples):
    with pytest.raises(ValueError, match="n_samples"):
        make(n_samples=n_samples)


# --------------------------------------------------------------------- blobs

def test_blobs_counts_and_centres():
    X, y, centers = make_blobs(n_samples=3001, n_features=3, centers=4,
                               cluster_std=0.5, random_state=1,
                               return_centers=True)
    assert centers.shape == (4, 3)
    assert np.all((centers >= -10) & (centers <= 10))
    np.testing.assert_array_equal(np.bincount(y), [751, 750, 750, 750])
    for k in range(4):
        blob = X[y == k]
        np.testing.assert_allclose(blob.mean(axis=0), centers[k], atol=0.1)
        np.testing.assert_allclose(blob.std(axis=0), 0.5, rtol=0.1)


def test_blobs_list_of_sizes_given_centres_and_stds():
    centers = np.array([[0.0, 0.0], [100.0, 0.0], [0.0, 100.0]])
    X, y = make_blobs(n_samples=[500, 0, 800], centers=centers,
                      cluster_std=[1.0, 5.0, 3.0], random_state=0)
    np.testing.assert_array_equal(np.bincount(y, minlength=3), [500, 0, 800])
    np.testing.assert_allclose(X[y == 2].std(axis=0), 3.0, rtol=0.1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [0, 0], atol=0.2)


def test_blobs_center_array_sets_n_features_and_unshuffled_order():
    X, y = make_blobs(n_samples=6, n_features=2, centers=np.zeros((2, 5)),
                      cluster_std=0.0, shuffle=False, random_state=0)
    assert X.shape == (6, 5)
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])
    np.testing.assert_array_equal(X, 0.0)


def test_blobs_centres_follow_center_box():
    _, _, centers = make_blobs(centers=50, center_box=(2.0, 3.0),
                               random_state=0, return_centers=True)
    assert centers.min() >= 2.0 and centers.max() <= 3.0


@pytest.mark.parametrize("kwargs, match", [
    ({"centers": 3, "cluster_std": [1.0, 2.0]}, "cluster_std"),
    ({"cluster_std": -1.0}, "cluster_std"),
    ({"n_samples": [10, 20], "centers": np.zeros((3, 2))}, "2 rows"),
    ({"n_samples": [10, 20], "centers": 2}, "centers"),
    ({"n_samples": [10, -1]}, "n_samples"),
    ({"centers": 0}, "centers"),
    ({"center_box": (5.0, 1.0)}, "center_box"),
])
def test_blobs_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_blobs(random_state=0, **kwargs)


# ------------------------------------------------------------ moons, circles

def test_moons_geometry_without_noise():
    X, y = make_moons(n_samples=201, random_state=0)
    np.testing.assert_array_equal(np.bincount(y), [100, 101])
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.all(upper[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)
    # Both arcs run end to end.
    np.testing.assert_allclose(np.sort(upper[:, 0])[[0, -1]], [-1, 1])
    np.testing.assert_allclose(np.sort(lower[:, 0])[[0, -1]], [0, 2])


def test_moons_tuple_sizes_and_unshuffled_order():
    X, y = make_moons(n_samples=(3, 5), shuffle=False)
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1, 1, 1])
    np.testing.assert_allclose(X[0], [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(X[3], [0.0, 0.5], atol=1e-12)


def test_moons_noise_has_requested_std():
    X0, y0 = make_moons(n_samples=4000, shuffle=False)
    X1, y1 = make_moons(n_samples=4000, shuffle=False, noise=0.2, random_state=0)
    np.testing.assert_array_equal(y0, y1)
    np.testing.assert_allclose((X1 - X0).std(axis=0), 0.2, rtol=0.05)


@pytest.mark.parametrize("factor", [0.0, 0.3, 0.8])
def test_circles_radii_without_noise(factor):
    X, y = make_circles(n_samples=101, factor=factor, random_state=0)
    np.testing.assert_array_equal(np.bincount(y), [50, 51])
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], factor, atol=1e-15)


def test_circles_angles_are_evenly_spaced():
    X, y = make_circles(n_samples=(8, 4), shuffle=False, factor=0.5)
    angles = np.sort(np.mod(np.arctan2(X[y == 0, 1], X[y == 0, 0]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 8)
    assert np.sum(y == 1) == 4


@pytest.mark.parametrize("make, kwargs, match", [
    (make_circles, {"factor": 1.0}, "factor"),
    (make_circles, {"factor": -0.1}, "factor"),
    (make_circles, {"noise": -1.0}, "noise"),
    (make_moons, {"noise": -1.0}, "noise"),
    (make_moons, {"n_samples": (1, 2, 3)}, "two sizes"),
    (make_moons, {"n_samples": (0, 0)}, "no samples"),
])
def test_moons_circles_bad_arguments(make, kwargs, match):
    with pytest.raises(ValueError, match=match):
        make(**kwargs)


# ---------------------------------------------------------------- regression

@pytest.mark.parametrize("shuffle", [True, False])
@pytest.mark.parametrize("n_targets", [1, 3])
def test_regression_without_noise_is_exactly_linear(shuffle, n_targets):
    X, y, coef = make_regression(n_samples=50, n_features=8, n_informative=3,
                                 n_targets=n_targets, bias=2.5, shuffle=shuffle,
                                 coef=True, random_state=0)
    np.testing.assert_array_equal(y, X @ coef + 2.5)
    expected_coef_shape = (8,) if n_targets == 1 else (8, n_targets)
    assert coef.shape == expected_coef_shape
    assert y.shape == ((50,) if n_targets == 1 else (50, n_targets))
    informative = np.any(coef.reshape(8, -1) != 0, axis=1)
    assert informative.sum() == 3
    assert np.all((coef >= 0) & (coef <= 100))
    if not shuffle:
        np.testing.assert_array_equal(informative, [1, 1, 1, 0, 0, 0, 0, 0])


def test_regression_least_squares_recovers_coef_and_noise_level():
    X, y, coef = make_regression(n_samples=5000, n_features=5, n_informative=5,
                                 bias=-3.0, noise=2.0, coef=True, random_state=0)
    model = LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.coef_, coef, atol=0.15)
    assert abs(model.intercept_ + 3.0) < 0.15
    np.testing.assert_allclose((y - model.predict(X)).std(), 2.0, rtol=0.05)


def test_regression_n_informative_is_clipped_to_n_features():
    _, _, coef = make_regression(n_features=4, n_informative=10, coef=True,
                                 random_state=0)
    assert np.count_nonzero(coef) == 4


def test_regression_effective_rank_gives_ill_conditioned_features():
    X, _ = make_regression(n_samples=200, n_features=50, effective_rank=5,
                           tail_strength=0.0, random_state=0)
    s = np.linalg.svd(X, compute_uv=False)
    assert s[0] == pytest.approx(1.0)
    # Bell-shaped profile exp(-(i/5)^2): at i = 15 it has fallen to e^-9.
    np.testing.assert_allclose(s[:20], np.exp(-(np.arange(20) / 5) ** 2), atol=1e-10)


@pytest.mark.parametrize("kwargs, match", [
    ({"n_features": 0}, "n_features"),
    ({"n_targets": 0}, "n_targets"),
    ({"noise": -0.5}, "noise"),
    ({"effective_rank": 0}, "effective_rank"),
    ({"tail_strength": 2.0}, "tail_strength"),
])
def test_regression_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_regression(**kwargs)


# ------------------------------------------------------------ classification

@pytest.mark.parametrize("n_classes, n_clusters_per_class, n_informative",
                         [(2, 2, 2), (3, 1, 2), (5, 3, 4)])
def test_classification_balanced_counts(n_classes, n_clusters_per_class, n_informative):
    X, y = make_classification(n_samples=301, n_classes=n_classes,
                               n_clusters_per_class=n_clusters_per_class,
                               n_informative=n_informative, flip_y=0.0,
                               random_state=0)
    counts = np.bincount(y, minlength=n_classes)
    assert counts.sum() == 301 and counts.max() - counts.min() <= n_clusters_per_class


def test_classification_weights_set_class_proportions():
    _, y = make_classification(n_samples=1000, n_classes=3, n_informative=3,
                               weights=[0.6, 0.3],
                               flip_y=0.0, random_state=0)
    np.testing.assert_array_equal(np.bincount(y), [600, 300, 100])


def test_classification_flip_y_redraws_that_fraction_of_labels():
    kwargs = dict(n_samples=4000, shuffle=False, random_state=0)
    X0, y0 = make_classification(flip_y=0.0, **kwargs)
    X1, y1 = make_classification(flip_y=0.5, **kwargs)
    np.testing.assert_array_equal(X0, X1)
    # Half the labels are redrawn among 2 classes: a quarter change.
    assert abs(np.mean(y0 != y1) - 0.25) < 0.03


def test_classification_clusters_sit_on_hypercube_vertices():
    X, y = make_classification(n_samples=8000, n_features=3, n_informative=3,
                               n_redundant=0, n_classes=4,
                               n_clusters_per_class=1, flip_y=0.0,
                               class_sep=2.0, shuffle=False, random_state=0)
    means = np.array([X[y == c].mean(axis=0) for c in range(4)])
    np.testing.assert_allclose(np.abs(means), 2.0, atol=0.1)
    assert len(np.unique(np.sign(means), axis=0)) == 4


def test_classification_informative_dimension_and_feature_order():
    X, _ = make_classification(n_samples=200, n_features=10, n_informative=3,
                               n_redundant=2, n_repeated=2, shuffle=False,
                               random_state=0)
    rank = np.linalg.matrix_rank
    assert rank(X[:, :3]) == 3
    assert rank(X[:, :5]) == 3          # redundant: combinations of informative
    assert rank(X[:, :7]) == 3          # repeated: copies of earlier columns
    for j in (5, 6):
        assert np.any(np.all(X[:, [j]] == X[:, :5], axis=0))
    assert rank(X) == 3 + 3             # plus three noise features


def test_classification_shuffled_features_keep_the_rank():
    X, _ = make_classification(n_samples=200, n_features=12, n_informative=4,
                               n_redundant=5, n_repeated=1, random_state=1)
    assert np.linalg.matrix_rank(X) == 4 + 2


@pytest.mark.parametrize("seed", range(4))
def test_classification_well_separated_classes_are_learnable(seed):
    X, y = make_classification(n_samples=400, n_clusters_per_class=1,
                               class_sep=2.0, random_state=seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    score = LogisticRegression().fit(X_train, y_train).score(X_test, y_test)
    assert score > 0.8


def test_classification_class_sep_controls_difficulty():
    def score(class_sep):
        X, y = make_classification(n_samples=1000, n_features=5, n_informative=2,
                                   n_redundant=0, n_clusters_per_class=1,
                                   class_sep=class_sep, flip_y=0.0, random_state=0)
        return LogisticRegression().fit(X, y).score(X, y)
    assert score(0.05) < 0.7 < 0.95 < score(3.0)


def test_classification_shift_and_scale():
    kwargs = dict(n_samples=50, n_features=4, shuffle=False, random_state=0)
    X, _ = make_classification(**kwargs)
    X_moved, _ = make_classification(shift=[1.0, 2.0, 3.0, 4.0], scale=10.0, **kwargs)
    np.testing.assert_allclose(X_moved, (X + [1.0, 2.0, 3.0, 4.0]) * 10.0)
    X_random, _ = make_classification(shift=None, scale=None, **kwargs)
    ratio = X_random.std(axis=0) / X.std(axis=0)
    assert np.all((ratio >= 1.0 - 1e-9) & (ratio <= 100.0))


def test_classification_random_polytope():
    X, y = make_classification(n_samples=100, hypercube=False, random_state=0)
    assert X.shape == (100, 20) and set(np.unique(y)) == {0, 1}


def test_classification_many_informative_features():
    X, y = make_classification(n_samples=50, n_features=80, n_informative=70,
                               n_redundant=0, n_classes=4, random_state=0)
    assert X.shape == (50, 80) and np.linalg.matrix_rank(X) == 50


@pytest.mark.parametrize("kwargs, match", [
    ({"n_features": 5, "n_informative": 3, "n_redundant": 2, "n_repeated": 1},
     "n_features=5"),
    ({"n_informative": 2, "n_classes": 3, "n_clusters_per_class": 2},
     r"2\*\*n_informative = 4"),
    ({"n_informative": 0}, "n_informative"),
    ({"n_classes": 3, "n_informative": 3, "weights": [0.5]}, "weights"),
    ({"weights": [0.8, 0.8]}, "sum"),
    ({"flip_y": 1.5}, "flip_y"),
    ({"shift": [1.0, 2.0]}, "shift"),
    ({"n_redundant": -1}, "n_redundant"),
])
def test_classification_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_classification(**kwargs)
