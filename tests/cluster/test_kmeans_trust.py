"""KMeans and scikit-learn's data conventions (issue 7): feature names, float32,
sample weights, the parameters a scikit-learn user passes, and numbers that
must not go wrong (overflow, cancellation, a callable init).

Tolerances against scikit-learn, measured from the same initial centres on
blobs, iris and digits: float64 labels and n_iter_ equal, centres within
5e-16 of the largest centre coordinate, inertia within 7e-16 (relative);
float32 labels and n_iter_ equal, centres within 3e-7 of the largest centre
coordinate, inertia within 5e-7. The asserts below leave a margin over these.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans
from sklearn.cluster import kmeans_plusplus
from sklearn.datasets import load_digits, load_iris, make_blobs
from sklearn.metrics import pairwise_distances

from skratch.cluster import KMeans
from skratch.exceptions import ConvergenceWarning, NotFittedError


def _blobs(n_samples=400, n_features=4, centers=5, cluster_std=2.0, random_state=0):
    X, _ = make_blobs(n_samples=n_samples, n_features=n_features, centers=centers,
                      cluster_std=cluster_std, random_state=random_state)
    return X


DATASETS = {
    "blobs": lambda: (_blobs(600, 5, 6, 2.0, random_state=3), 6),
    "iris": lambda: (load_iris().data, 3),
    "digits": lambda: (load_digits().data, 10),
}


def _start(X, k, seed):
    """k distinct samples as initial centres, the same for both libraries."""
    return X[np.random.default_rng(seed).choice(len(X), k, replace=False)]


def _assert_same_fit(ours, theirs, *, centre_tol, inertia_rtol):
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    scale = np.abs(theirs.cluster_centers_).max()
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_,
                               rtol=0, atol=centre_tol * scale)
    np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=inertia_rtol)
    assert ours.n_iter_ == theirs.n_iter_


# --- feature names -----------------------------------------------------------

def _frame(X, columns):
    pd = pytest.importorskip("pandas")
    return pd.DataFrame(X, columns=columns)


def test_feature_names_are_recorded_and_reordered_columns_refused_as_sklearn_does():
    X = _blobs(200, 3, 3)
    columns = ["height", "width", "depth"]
    df = _frame(X, columns)
    ours = KMeans(n_clusters=3, random_state=0).fit(df)
    theirs = SkKMeans(n_clusters=3, random_state=0).fit(df)
    np.testing.assert_array_equal(ours.feature_names_in_, columns)
    assert ours.feature_names_in_.dtype == object
    reordered = df[["width", "height", "depth"]]
    for method in ("predict", "transform", "score"):
        with pytest.raises(ValueError) as ours_error:
            getattr(ours, method)(reordered)
        with pytest.raises(ValueError) as theirs_error:
            getattr(theirs, method)(reordered)
        assert str(ours_error.value) == str(theirs_error.value)
        assert "same order" in str(ours_error.value)
    renamed = _frame(X, ["height", "width", "mass"])
    with pytest.raises(ValueError, match="Feature names unseen at fit time:\n- mass"):
        ours.predict(renamed)
    # The same columns, in the same order, predict as in fit.
    np.testing.assert_array_equal(ours.predict(df), ours.labels_)


def test_an_array_after_a_frame_warns_and_fitting_an_array_forgets_the_names():
    X = _blobs(200, 3, 3)
    df = _frame(X, ["a", "b", "c"])
    km = KMeans(n_clusters=3, random_state=0).fit(df)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        km.predict(X)
    km.fit(X)
    assert not hasattr(km, "feature_names_in_")


@pytest.mark.parametrize("method", ["fit_predict", "fit_transform"])
def test_fit_predict_and_fit_transform_record_the_names(method):
    df = _frame(_blobs(100, 2, 2), ["x0", "x1"])
    km = KMeans(n_clusters=2, random_state=0)
    getattr(km, method)(df)
    np.testing.assert_array_equal(km.feature_names_in_, ["x0", "x1"])


def test_feature_names_out_are_sklearns():
    X = _blobs(100, 3, 4)
    km = KMeans(n_clusters=4, random_state=0).fit(X)
    theirs = SkKMeans(n_clusters=4, random_state=0).fit(X)
    np.testing.assert_array_equal(km.get_feature_names_out(), theirs.get_feature_names_out())
    assert list(km.get_feature_names_out()) == ["kmeans0", "kmeans1", "kmeans2", "kmeans3"]
    with pytest.raises(ValueError, match="input_features should have length"):
        km.get_feature_names_out(["a", "b"])


# --- dtypes ------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(DATASETS))
def test_float32_stays_float32_and_matches_sklearn(name):
    X, k = DATASETS[name]()
    X32 = X.astype(np.float32)
    init = _start(X32, k, 0)
    km = KMeans(n_clusters=k, init=init)
    steps = list(km.fit_steps(X32))
    theirs = SkKMeans(n_clusters=k, init=init, n_init=1).fit(X32)
    assert km.cluster_centers_.dtype == np.float32
    assert all(s.state["centers"].dtype == np.float32 for s in steps)
    assert km.transform(X32).dtype == np.float32
    assert km.fit_transform(X32).dtype == np.float32
    _assert_same_fit(km, theirs, centre_tol=2e-6, inertia_rtol=5e-6)
    np.testing.assert_allclose(km.transform(X32), theirs.transform(X32),
                               rtol=0, atol=2e-6 * theirs.transform(X32).max())


def test_float32_agrees_with_float64_as_sklearn_requires():
    # scikit-learn's test_float_precision: the same model in both precisions.
    X = _blobs(300, 4, 4)
    km64 = KMeans(n_clusters=4, random_state=0).fit(X)
    km32 = KMeans(n_clusters=4, random_state=0).fit(X.astype(np.float32))
    np.testing.assert_array_equal(km32.labels_, km64.labels_)
    np.testing.assert_allclose(km32.inertia_, km64.inertia_, rtol=1e-4)
    np.testing.assert_allclose(km32.cluster_centers_, km64.cluster_centers_,
                               atol=1e-4 * np.abs(km64.cluster_centers_).max())


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float16])
def test_other_dtypes_become_float64(dtype):
    X = np.array([[0, 0], [10, 10], [12, 9], [-1, 1], [2, 0], [8, 10]], dtype=dtype)
    km = KMeans(n_clusters=2, random_state=0).fit(X)
    assert km.cluster_centers_.dtype == np.float64
    assert km.transform(X).dtype == np.float64


def test_the_preserves_dtype_tag():
    tags = KMeans().__sklearn_tags__()
    assert tags.transformer_tags.preserves_dtype == ["float64", "float32"]


# --- sample weights ----------------------------------------------------------

@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("seed", [0, 1])
def test_weighted_fit_matches_sklearn_from_the_same_centres(name, seed):
    X, k = DATASETS[name]()
    weights = np.random.default_rng(seed).uniform(0.1, 3.0, len(X))
    init = _start(X, k, seed)
    ours = KMeans(n_clusters=k, init=init).fit(X, sample_weight=weights)
    theirs = SkKMeans(n_clusters=k, init=init, n_init=1).fit(X, sample_weight=weights)
    _assert_same_fit(ours, theirs, centre_tol=1e-12, inertia_rtol=1e-12)
    np.testing.assert_allclose(ours.score(X, sample_weight=weights),
                               theirs.score(X, sample_weight=weights), rtol=1e-12)


def test_weighted_float32_fit_matches_sklearn():
    X, k = load_digits().data.astype(np.float32), 10
    weights = np.random.default_rng(3).uniform(0.1, 3.0, len(X))
    init = _start(X, k, 3)
    ours = KMeans(n_clusters=k, init=init).fit(X, sample_weight=weights)
    theirs = SkKMeans(n_clusters=k, init=init, n_init=1).fit(X, sample_weight=weights)
    _assert_same_fit(ours, theirs, centre_tol=2e-6, inertia_rtol=5e-6)


def test_sklearns_weighted_toy_example():
    # scikit-learn's test_kmeans_results, worked by hand: weights 3, 1, 1, 3.
    X = np.array([[0, 0], [0.5, 0], [0.5, 1], [1, 1]])
    km = KMeans(n_clusters=2, init=np.array([[0, 0], [1, 1]]))
    km.fit(X, sample_weight=[3, 1, 1, 3])
    np.testing.assert_array_equal(km.labels_, [0, 0, 1, 1])
    np.testing.assert_allclose(km.cluster_centers_, [[0.125, 0], [0.875, 1]])
    np.testing.assert_allclose(km.inertia_, 0.375)
    assert km.n_iter_ == 2


@pytest.mark.parametrize("name", ["blobs", "iris"])
def test_integer_weights_equal_repeated_samples_from_the_same_centres(name):
    X, k = DATASETS[name]()
    counts = np.random.default_rng(0).integers(1, 5, len(X))
    X_repeated = np.repeat(X, counts, axis=0)
    init = _start(X, k, 0)
    # tol=0: the stopping rule uses the unweighted feature variance (as
    # scikit-learn's does), which differs between X and X_repeated.
    weighted = KMeans(n_clusters=k, init=init, tol=0).fit(X, sample_weight=counts)
    repeated = KMeans(n_clusters=k, init=init, tol=0).fit(X_repeated)
    np.testing.assert_array_equal(np.repeat(weighted.labels_, counts), repeated.labels_)
    np.testing.assert_allclose(weighted.cluster_centers_, repeated.cluster_centers_,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.inertia_, repeated.inertia_, rtol=1e-12)
    assert weighted.n_iter_ == repeated.n_iter_
    # With the default tol the results still agree (scikit-learn's test).
    weighted = KMeans(n_clusters=k, init=init).fit(X, sample_weight=counts)
    repeated = KMeans(n_clusters=k, init=init).fit(X_repeated)
    np.testing.assert_allclose(weighted.cluster_centers_, repeated.cluster_centers_,
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_integer_weights_equal_repeated_samples_with_kmeans_plusplus(seed):
    # The weighted draws are those of the repeated data: the first centre with
    # probability w_i / sum(w), the next ones proportional to w_i D(x_i)².
    X = _blobs(150, 2, 4, 1.5, random_state=seed)
    counts = np.random.default_rng(seed).integers(1, 4, len(X))
    weighted = KMeans(n_clusters=4, random_state=seed, tol=0)
    repeated = KMeans(n_clusters=4, random_state=seed, tol=0)
    first_weighted = next(weighted.fit_steps(X, sample_weight=counts))
    first_repeated = next(repeated.fit_steps(np.repeat(X, counts, axis=0)))
    # The same samples drawn (up to the rounding of the centring mean).
    np.testing.assert_allclose(first_weighted.state["centers"],
                               first_repeated.state["centers"], rtol=1e-14, atol=1e-14)
    weighted.fit(X, sample_weight=counts)
    repeated.fit(np.repeat(X, counts, axis=0))
    np.testing.assert_allclose(weighted.cluster_centers_, repeated.cluster_centers_,
                               rtol=1e-12, atol=1e-12)


def test_zero_weights_equal_removing_the_samples():
    X = _blobs(300, 3, 4)
    weights = np.ones(len(X))
    weights[::3] = 0
    init = X[[1, 2, 4, 5]]
    weighted = KMeans(n_clusters=4, init=init, tol=0).fit(X, sample_weight=weights)
    removed = KMeans(n_clusters=4, init=init, tol=0).fit(X[weights > 0])
    np.testing.assert_allclose(weighted.cluster_centers_, removed.cluster_centers_,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weighted.inertia_, removed.inertia_, rtol=1e-12)
    np.testing.assert_array_equal(weighted.labels_[weights > 0], removed.labels_)


@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_samples_of_weight_zero_are_never_initial_centres(init):
    # scikit-learn's test_sample_weight_zero.
    X = _blobs(100, 5, 5, random_state=1)
    weights = np.random.default_rng(0).uniform(size=len(X))
    weights[::2] = 0
    for seed in range(5):
        km = KMeans(n_clusters=10, init=init, n_init=1, random_state=seed)
        centers = next(km.fit_steps(X, sample_weight=weights)).state["centers"]
        distances = pairwise_distances(X[::2], centers)
        assert not np.any(np.isclose(distances, 0))


def test_weighted_kmeans_plusplus_seeds_as_well_as_sklearns():
    # Heavy weights on one blob: seeding that ignored them starts about 50%
    # worse than scikit-learn's weighted seeding, measured on the weighted
    # potential sum_i w_i D(x_i)² averaged over 30 seeds (ours: within 2%).
    X, blob = make_blobs(n_samples=400, centers=6, cluster_std=1.5, random_state=0)
    weights = np.where(blob == 0, 20.0, 1.0)
    k = 6

    def potential(centers):
        return weights @ ((X[:, None] - centers[None]) ** 2).sum(axis=2).min(axis=1)

    ours, theirs, unweighted = [], [], []
    for seed in range(30):
        km = KMeans(n_clusters=k, random_state=seed)
        ours.append(potential(next(km.fit_steps(X, sample_weight=weights)).state["centers"]))
        centers, _ = kmeans_plusplus(X, k, sample_weight=weights, random_state=seed)
        theirs.append(potential(centers))
        unweighted.append(potential(kmeans_plusplus(X, k, random_state=seed)[0]))
    assert abs(np.mean(ours) / np.mean(theirs) - 1) <= 0.1
    assert np.mean(unweighted) > 1.2 * np.mean(theirs), "the weights must matter here"


def test_unit_weights_equal_no_weights_and_scaling_weights_changes_nothing():
    X = _blobs()
    weights = np.random.default_rng(0).uniform(size=len(X))
    none = KMeans(n_clusters=5, random_state=0).fit(X)
    ones = KMeans(n_clusters=5, random_state=0).fit(X, sample_weight=np.ones(len(X)))
    np.testing.assert_array_equal(none.cluster_centers_, ones.cluster_centers_)
    km = KMeans(n_clusters=5, random_state=0).fit(X, sample_weight=weights)
    half = KMeans(n_clusters=5, random_state=0).fit(X, sample_weight=weights / 2)
    np.testing.assert_array_equal(km.labels_, half.labels_)
    np.testing.assert_allclose(km.cluster_centers_, half.cluster_centers_, rtol=1e-12)
    np.testing.assert_allclose(km.inertia_, 2 * half.inertia_, rtol=1e-12)


def test_each_weighted_steps_loss_is_the_weighted_inertia_of_its_state():
    X = _blobs()
    weights = np.random.default_rng(1).uniform(0, 2, len(X))
    for step in list(KMeans(n_clusters=5, random_state=1).fit_steps(X, sample_weight=weights))[1:]:
        centers, labels = step.state["centers"], step.state["labels"]
        direct = weights @ ((X - centers[labels]) ** 2).sum(axis=1)
        np.testing.assert_allclose(step.loss, direct, rtol=1e-12)
        if step.kind == "update":  # each centre is the weighted mean of its points
            for j in np.unique(labels):
                mask = labels == j
                np.testing.assert_allclose(
                    centers[j], np.average(X[mask], axis=0, weights=weights[mask]), atol=1e-10)


def test_fit_predict_fit_transform_and_score_take_sample_weight():
    X = _blobs()
    weights = np.random.default_rng(2).uniform(0.5, 2, len(X))
    init = X[:5]
    fitted = KMeans(n_clusters=5, init=init).fit(X, sample_weight=weights)
    theirs = SkKMeans(n_clusters=5, init=init, n_init=1).fit(X, sample_weight=weights)
    np.testing.assert_array_equal(
        KMeans(n_clusters=5, init=init).fit_predict(X, sample_weight=weights), fitted.labels_)
    np.testing.assert_allclose(
        KMeans(n_clusters=5, init=init).fit_transform(X, sample_weight=weights),
        fitted.transform(X), rtol=1e-12)
    np.testing.assert_allclose(fitted.score(X, sample_weight=weights), -fitted.inertia_,
                               rtol=1e-12)
    X_new = _blobs(50, random_state=7)
    w_new = np.arange(50.0)
    np.testing.assert_allclose(fitted.score(X_new, sample_weight=w_new),
                               theirs.score(X_new, sample_weight=w_new), rtol=1e-12)


def test_empty_weighted_cluster_is_relocated():
    # scikit-learn's test_kmeans_empty_cluster_relocated.
    X = np.array([[-1.0], [1.0]])
    km = KMeans(n_clusters=2, init=np.array([[-1.0], [10.0]]))
    km.fit(X, sample_weight=[1.9, 0.1])
    assert len(set(km.labels_)) == 2
    np.testing.assert_allclose(km.cluster_centers_, [[-1], [1]])


def test_sample_weight_is_left_untouched():
    X = np.array([[1.0], [2.0], [4.0]])
    weights = np.array([0.5, 0.2, 0.3])
    weights.flags.writeable = False
    KMeans(n_clusters=2, random_state=0).fit(X, sample_weight=weights)
    np.testing.assert_array_equal(weights, [0.5, 0.2, 0.3])


@pytest.mark.parametrize("weights, match", [
    (np.ones(5), "sample_weight has 5 weights but X has 400 samples"),
    (-np.ones(400), "negative"),
    (np.zeros(400), "zero for every sample"),
])
def test_bad_sample_weight_is_refused_with_a_clear_message(weights, match):
    with pytest.raises(ValueError, match=match):
        KMeans(n_clusters=3).fit(_blobs(), sample_weight=weights)


def test_random_init_needs_enough_weighted_samples():
    X = _blobs(20, 2, 2)
    weights = np.zeros(20)
    weights[:2] = 1
    with pytest.raises(ValueError, match=r"init='random' draws n_clusters=3 distinct samples"
                                         r".*only 2 samples have a positive sample_weight"):
        KMeans(n_clusters=3, init="random").fit(X, sample_weight=weights)


# --- parameters a scikit-learn user passes -----------------------------------

def test_the_signature_is_sklearns():
    import inspect

    for method in ("__init__", "fit", "predict", "score", "fit_predict",
                   "fit_transform", "transform"):
        ours = inspect.signature(getattr(KMeans, method))
        theirs = inspect.signature(getattr(SkKMeans, method))
        assert list(ours.parameters) == list(theirs.parameters), method
        for name, parameter in theirs.parameters.items():
            assert ours.parameters[name].default == parameter.default, (method, name)


def test_elkan_runs_lloyds_algorithm_with_sklearns_results():
    X, k = load_iris().data, 3
    init = _start(X, k, 0)
    lloyd = KMeans(n_clusters=k, init=init).fit(X)
    elkan = KMeans(n_clusters=k, init=init, algorithm="elkan").fit(X)
    np.testing.assert_array_equal(elkan.cluster_centers_, lloyd.cluster_centers_)
    theirs = SkKMeans(n_clusters=k, init=init, n_init=1, algorithm="elkan").fit(X)
    _assert_same_fit(elkan, theirs, centre_tol=1e-12, inertia_rtol=1e-12)


def test_elkan_with_one_cluster_warns_as_sklearn_does():
    with pytest.warns(RuntimeWarning, match="algorithm='elkan' doesn't make sense for a "
                                            "single cluster"):
        KMeans(n_clusters=1, algorithm="elkan").fit(_blobs())


@pytest.mark.parametrize("params, match", [
    ({"algorithm": "full"}, "The 'algorithm' parameter of KMeans must be a str among "
                            "{'lloyd', 'elkan'}. Got 'full' instead."),
    ({"algorithm": None}, "'algorithm' parameter of KMeans.*Got None instead"),
    ({"verbose": -1}, r"'verbose' parameter of KMeans must be a bool or an int in the range "
                      r"\[0, inf\). Got -1 instead."),
    ({"verbose": "yes"}, "'verbose' parameter of KMeans.*Got 'yes' instead"),
    ({"copy_x": "no"}, "'copy_x' parameter of KMeans must be a bool. Got 'no' instead."),
    # Booleans are not counts: max_iter=True is refused, not read as 1.
    ({"max_iter": True}, "'max_iter' parameter of KMeans must be an int.*Got True instead"),
])
def test_bad_new_parameters_are_refused(params, match):
    with pytest.raises(ValueError, match=match):
        KMeans(n_clusters=2, **params).fit(_blobs())


def test_copy_x_false_changes_nothing_and_x_is_never_modified():
    X = _blobs()
    X.flags.writeable = False  # any write would raise
    before = X.copy()
    a = KMeans(n_clusters=5, random_state=0, copy_x=False).fit(X)
    b = KMeans(n_clusters=5, random_state=0).fit(X)
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    np.testing.assert_array_equal(X, before)


def test_verbose_prints_sklearns_progress_lines(capsys):
    X = np.random.default_rng(0).normal(size=(500, 4))
    for tol, ending in [(1e-2, r"Converged at iteration \d+: center shift .* within tolerance"),
                        (0, r"Converged at iteration \d+: strict convergence")]:
        KMeans(n_clusters=3, init="random", n_init=1, random_state=42, tol=tol,
               verbose=1).fit(X)
        out = capsys.readouterr().out
        assert re.search(r"Initialization complete", out)
        assert re.search(r"Iteration [0-9]+, inertia", out)
        assert re.search(ending, out)
        assert "centres moved" not in out  # the captions are for verbose=2


def test_verbose_2_also_prints_every_steps_caption_and_0_prints_nothing(capsys):
    X = _blobs()
    steps = list(KMeans(n_clusters=5, random_state=0, verbose=2).fit_steps(X))
    out = capsys.readouterr().out
    for step in steps:
        assert step.message in out
    KMeans(n_clusters=5, random_state=0).fit(X)
    assert capsys.readouterr().out == ""


# --- wrong numbers -----------------------------------------------------------

def test_data_near_1e300_give_the_right_clusters_and_never_nan():
    # Squared coordinates overflow (1e600). Before, the expanded square gave
    # inf - inf: a NaN inertia, and two clusters where there are three.
    # (scikit-learn 1.9.1 puts all 15 points in one cluster, inertia inf.)
    points = np.array([[1e300, 1e300], [-1e300, 1e300], [1e300, -1e300]])
    X = np.repeat(points, 5, axis=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        km = KMeans(n_clusters=3, random_state=0).fit(X)
    assert sorted(np.bincount(km.labels_)) == [5, 5, 5]
    np.testing.assert_allclose(np.sort(km.cluster_centers_, axis=0), np.sort(points, axis=0),
                               rtol=1e-15)
    assert len(set(km.predict(points))) == 3
    # The centres are the points up to a rounding of 1e284, whose square is
    # beyond float64: the inertia is either exactly 0 or inf, said out loud.
    assert km.inertia_ == 0.0 or (km.inertia_ == np.inf and any(
        "inertia exceeds the largest floating-point number" in str(w.message) for w in caught))
    assert not np.isnan(km.score(X))
    D = km.transform(points)
    assert np.all(np.isfinite(D)) and np.all(np.sort(D, axis=1)[:, 0] <= 1e-15 * 1e300)
    assert np.all(np.sort(D, axis=1)[:, 1] >= 1.99e300)


@pytest.mark.parametrize("power", [1000, -900])
def test_scaling_the_data_by_a_power_of_two_scales_the_fit_exactly(power):
    # 2**1000 (~1e301) overflows squared distances, 2**-900 (~1e-271) makes
    # them underflow to zero; the fit works in units where that cannot happen,
    # and a power of two changes no rounding.
    X = _blobs()
    near = KMeans(n_clusters=5, random_state=0).fit(X)
    X_scaled = np.ldexp(X, power)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        far = KMeans(n_clusters=5, random_state=0).fit(X_scaled)
    np.testing.assert_array_equal(far.labels_, near.labels_)
    np.testing.assert_array_equal(far.cluster_centers_, np.ldexp(near.cluster_centers_, power))
    assert far.n_iter_ == near.n_iter_
    np.testing.assert_array_equal(far.predict(X_scaled), near.labels_)
    np.testing.assert_array_equal(far.transform(X_scaled), np.ldexp(near.transform(X), power))
    assert not np.isnan(far.inertia_)
    if power > 0:
        # ~1e605: beyond float64. The clusters are right; the inertia says inf, out loud.
        assert far.inertia_ == np.inf
        assert any("inertia exceeds the largest floating-point number" in str(w.message)
                   for w in caught)
    else:
        assert far.inertia_ == np.ldexp(near.inertia_, 2 * power)  # ~1e-539: 0.0
        assert not caught


def test_float32_data_near_1e38_give_sklearn_free_overflow_results():
    X = _blobs().astype(np.float32)
    near = KMeans(n_clusters=5, random_state=0).fit(X)
    far = KMeans(n_clusters=5, random_state=0).fit(np.ldexp(X, 120))  # ~1e37
    np.testing.assert_array_equal(far.labels_, near.labels_)
    np.testing.assert_array_equal(far.cluster_centers_, np.ldexp(near.cluster_centers_, 120))
    assert far.cluster_centers_.dtype == np.float32


def test_transform_is_exact_a_centre_is_at_distance_zero_from_itself():
    # On digits the expanded square gave 5.8e-07 for a centre's distance to itself.
    X = load_digits().data
    km = KMeans(n_clusters=10, random_state=0).fit(X)
    D = km.transform(km.cluster_centers_)
    np.testing.assert_array_equal(np.diag(D), np.zeros(10))
    np.testing.assert_allclose(D, pairwise_distances(km.cluster_centers_), rtol=1e-12)
    direct = np.sqrt(((X[:, None, :] - km.cluster_centers_[None]) ** 2).sum(axis=2))
    np.testing.assert_allclose(km.transform(X), direct, rtol=1e-13)
    assert km.score(km.cluster_centers_) == 0.0


def test_inertia_is_exact_for_duplicated_points_far_from_the_origin():
    # Four points repeated three times, each its own cluster: the inertia is
    # zero. From the cluster sums (the expanded square) it came out 3.7e-09.
    P = np.random.default_rng(2).normal(size=(4, 3)) * [1e3, 1, 1e-2] + [1e6, 0, 0]
    X = np.repeat(P, 3, axis=0)
    km = KMeans(n_clusters=4, init=P).fit(X)
    assert km.inertia_ <= 1e-25
    np.testing.assert_allclose(km.inertia_, ((X - km.cluster_centers_[km.labels_]) ** 2).sum(),
                               atol=1e-25)


# --- a callable init ---------------------------------------------------------

def test_a_callable_init_is_called_as_sklearn_calls_it():
    X = _blobs()
    calls = []

    def first_samples(data, n_clusters, random_state):
        calls.append((data, n_clusters, random_state))
        return data[:n_clusters]

    km = KMeans(n_clusters=5, init=first_samples, n_init=1).fit(X)
    (data, n_clusters, random_state), = calls
    np.testing.assert_array_equal(data, X)  # the training data, in its own units
    assert n_clusters == 5 and isinstance(random_state, np.random.RandomState)
    by_array = KMeans(n_clusters=5, init=X[:5]).fit(X)
    np.testing.assert_array_equal(km.cluster_centers_, by_array.cluster_centers_)
    # A copy: scikit-learn 1.9.1 updates the returned centres in place, so a
    # view of its (centred) X would change its data during the fit.
    theirs = SkKMeans(n_clusters=5, init=lambda data, k, random_state: data[:k].copy(),
                      n_init=1).fit(X)
    _assert_same_fit(km, theirs, centre_tol=1e-12, inertia_rtol=1e-12)
    assert "from first_samples" in next(KMeans(n_clusters=5, init=first_samples)
                                        .fit_steps(X)).message


def test_a_callable_init_runs_n_init_times_by_default_and_keeps_the_best():
    X = _blobs(300, 2, 6, 2.5, random_state=5)
    calls = []

    def random_centres(data, n_clusters, random_state):
        calls.append(1)
        return data[random_state.permutation(len(data))[:n_clusters]]  # legacy RandomState API

    km = KMeans(n_clusters=6, init=random_centres, random_state=0).fit(X)
    assert len(calls) == 10  # ten quiet runs; the replay reuses the best one's centres
    assert km._n_init == 10
    single = [KMeans(n_clusters=6, init=random_centres, n_init=1, random_state=s).fit(X)
              for s in range(3)]
    assert km.inertia_ <= max(s.inertia_ for s in single)


def test_sklearns_uniform_callable_works():
    X = _blobs()
    km = KMeans(n_clusters=3, init=lambda data, k, random_state: random_state.uniform(
        size=(k, data.shape[1])), n_init=1).fit(X)
    assert np.all(np.isfinite(km.cluster_centers_))


@pytest.mark.parametrize("result, match", [
    (lambda X, k: X[:2],
     r"The shape of the initial centers \(2, 4\) does not match the number of clusters 5"),
    (lambda X, k: X[:5, :2],
     r"The shape of the initial centers \(5, 2\) does not match the number of features"),
    (lambda X, k: np.full((5, 4), np.nan), r"the centres returned by init contains NaN"),
])
def test_a_callable_returning_bad_centres_is_refused(result, match):
    def init(X, n_clusters, random_state):
        return result(X, n_clusters)

    with pytest.raises(ValueError, match=match):
        KMeans(n_clusters=5, init=init, n_init=1).fit(_blobs())


def test_callable_init_gives_sklearns_n_init_auto():
    X = _blobs()
    for init, expected in [("k-means++", 1), ("random", 10), (X[:5], 1),
                           (lambda X, k, random_state: X[:k], 10)]:
        assert KMeans(n_clusters=5, init=init).fit(X)._n_init == expected


# --- still a valid model, still the same errors -------------------------------

def test_unfitted_get_feature_names_out_raises_not_fitted():
    with pytest.raises(NotFittedError):
        KMeans().get_feature_names_out()


@pytest.mark.parametrize("weights", [None, [1, 2, 3, 4, 5]])
def test_more_clusters_than_distinct_points_stop_at_once_as_in_sklearn(weights):
    # scikit-learn's test_relocating_with_duplicates: every point sits on a
    # centre, so relocating the empty cluster would not lower the inertia.
    X = np.array([[0, 0], [1, 1], [1, 1], [1, 0], [0, 1]], dtype=float)
    with pytest.warns(ConvergenceWarning, match=r"Number of distinct clusters \(4\)"):
        km = KMeans(n_clusters=5, init=X).fit(X, sample_weight=weights)
    with pytest.warns(UserWarning, match="Number of distinct clusters"):
        theirs = SkKMeans(n_clusters=5, init=X, n_init=1).fit(X, sample_weight=weights)
    assert km.n_iter_ == theirs.n_iter_ == 1
    np.testing.assert_array_equal(km.labels_, theirs.labels_)
    np.testing.assert_allclose(km.cluster_centers_, theirs.cluster_centers_, atol=1e-15)
    assert km.inertia_ == 0.0
