"""KMeans: parity with scikit-learn, the steps it shows, and its edge cases."""

import re
import warnings

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans
from sklearn.cluster import kmeans_plusplus
from sklearn.datasets import load_digits, load_iris, make_blobs
from sklearn.metrics import adjusted_rand_score

from skratch.cluster import KMeans
from skratch.cluster._kmeans import assign, inertia, squared_distances, update_centres
from skratch.exceptions import ConvergenceWarning, NotFittedError


def _blobs(n_samples=400, n_features=4, centers=5, cluster_std=2.0, random_state=0):
    X, _ = make_blobs(n_samples=n_samples, n_features=n_features, centers=centers,
                      cluster_std=cluster_std, random_state=random_state)
    return X


def _nearest(X, centers):
    return ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)


def _direct_inertia(X, centers, labels):
    return float(((X - centers[labels]) ** 2).sum())


# --- parity with scikit-learn ------------------------------------------------

DATASETS = {
    "blobs": lambda: (_blobs(600, 5, 6, 2.0, random_state=3), 6),
    "iris": lambda: (load_iris().data, 3),
    "digits": lambda: (load_digits().data, 10),
}


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("seed", [0, 1])
def test_same_initial_centres_give_sklearns_result(name, seed):
    X, k = DATASETS[name]()
    init = X[np.random.default_rng(seed).choice(len(X), k, replace=False)]
    ours = KMeans(n_clusters=k, init=init, n_init=1).fit(X)
    theirs = SkKMeans(n_clusters=k, init=init, n_init=1).fit(X)
    assert adjusted_rand_score(ours.labels_, theirs.labels_) >= 0.99
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_,
                               rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.inertia_, theirs.inertia_, rtol=1e-9)
    assert ours.n_iter_ == theirs.n_iter_


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kmeans_plusplus_with_ten_runs_matches_sklearns_inertia(seed):
    X, k = load_digits().data, 10
    ours = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X)
    theirs = SkKMeans(n_clusters=k, n_init=10, random_state=seed).fit(X)
    assert abs(ours.inertia_ / theirs.inertia_ - 1) <= 0.01


def test_kmeans_plusplus_seeds_as_well_as_sklearns():
    # Greedy k-means++ (the best of 2 + ln k draws per centre) starts about
    # 14% lower than one draw per centre on digits; both sides average over
    # seeds, as the draws differ.
    X, k = load_digits().data, 10
    ours, theirs = [], []
    for seed in range(30):
        km = KMeans(n_clusters=k, random_state=seed)
        steps = km.fit_steps(X)
        next(steps)
        ours.append(next(steps).loss)  # the first assignment: the seeding's potential
        centers, _ = kmeans_plusplus(X, k, random_state=seed)
        theirs.append(((X[:, None] - centers[None]) ** 2).sum(axis=2).min(axis=1).sum())
    assert abs(np.mean(ours) / np.mean(theirs) - 1) <= 0.05


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_init_matches_sklearns_inertia(seed):
    X = load_iris().data
    ours = KMeans(n_clusters=3, init="random", random_state=seed).fit(X)
    theirs = SkKMeans(n_clusters=3, init="random", random_state=seed).fit(X)
    assert abs(ours.inertia_ / theirs.inertia_ - 1) <= 0.01


def test_transform_score_and_predict_match_sklearn_on_the_same_centres():
    X = _blobs()
    init = X[:5]
    ours = KMeans(n_clusters=5, init=init).fit(X)
    theirs = SkKMeans(n_clusters=5, init=init, n_init=1).fit(X)
    X_new = _blobs(50, random_state=7)
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-7)
    np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))
    np.testing.assert_allclose(ours.score(X_new), theirs.score(X_new), rtol=1e-9)
    np.testing.assert_allclose(ours.score(X), -ours.inertia_, rtol=1e-9)


def test_far_from_the_origin_gives_the_same_clusters():
    # The squared distances are expanded as ||x||² - 2x·c + ||c||²; centring
    # must keep that accurate when the data sit far from the origin.
    X = _blobs(300, 2, 3, 0.5, random_state=2)
    init = X[:3]
    near = KMeans(n_clusters=3, init=init).fit(X)
    far = KMeans(n_clusters=3, init=init + 1e7).fit(X + 1e7)
    np.testing.assert_array_equal(far.labels_, near.labels_)
    np.testing.assert_array_equal(far.predict(X + 1e7), near.labels_)
    np.testing.assert_allclose(far.inertia_, near.inertia_, rtol=1e-6)
    np.testing.assert_allclose(far.cluster_centers_ - 1e7, near.cluster_centers_, atol=1e-6)


# --- fitted model ------------------------------------------------------------

def test_fitted_attributes_are_consistent():
    X = _blobs()
    km = KMeans(n_clusters=5, random_state=0).fit(X)
    assert km.cluster_centers_.shape == (5, 4)
    assert km.labels_.shape == (len(X),) and km.labels_.dtype.kind == "i"
    assert km.n_features_in_ == 4
    assert isinstance(km.n_iter_, int) and 1 <= km.n_iter_ <= km.max_iter
    np.testing.assert_array_equal(km.labels_, _nearest(X, km.cluster_centers_))
    np.testing.assert_array_equal(km.predict(X), km.labels_)
    np.testing.assert_allclose(km.inertia_, _direct_inertia(X, km.cluster_centers_, km.labels_),
                               rtol=1e-10)
    # Each centre is the mean of its points.
    for j in range(5):
        np.testing.assert_allclose(km.cluster_centers_[j], X[km.labels_ == j].mean(axis=0),
                                   atol=1e-10)


def test_fit_predict_and_fit_transform():
    X = _blobs()
    km = KMeans(n_clusters=5, random_state=0)
    np.testing.assert_array_equal(km.fit_predict(X), KMeans(n_clusters=5, random_state=0)
                                  .fit(X).labels_)
    D = KMeans(n_clusters=5, random_state=0).fit_transform(X)
    assert D.shape == (len(X), 5)
    np.testing.assert_allclose(D, np.sqrt(((X[:, None] - km.cluster_centers_) ** 2).sum(2)),
                               rtol=1e-7, atol=1e-7)


def test_refit_starts_afresh():
    X = _blobs()
    km = KMeans(n_clusters=5, random_state=0).fit(X)
    steps = km.fit_steps(X[:, :2])
    next(steps)  # the init step of a new fit on other data
    assert km.n_features_in_ == 2
    assert not hasattr(km, "labels_")  # the old labels do not belong to the new fit


# --- steps -------------------------------------------------------------------

def test_step_kinds_alternate_and_the_last_step_is_the_final_model():
    X = _blobs()
    km = KMeans(n_clusters=5, random_state=0)
    steps = list(km.fit_steps(X))
    kinds = [s.kind for s in steps]
    assert kinds[0] == "init"
    assert kinds[1:] == ["assign", "update"] * ((len(kinds) - 2) // 2) + ["assign"]
    assert [s.index for s in steps] == list(range(len(steps)))
    assert steps[0].loss is None and set(steps[0].state) == {"centers"}
    last = steps[-1]
    assert last.loss == km.inertia_
    np.testing.assert_array_equal(last.state["centers"], km.cluster_centers_)
    np.testing.assert_array_equal(last.state["labels"], km.labels_)
    updates = [s for s in steps if s.kind == "update"]
    assert len(updates) == km.n_iter_ or len(updates) == km.n_iter_ - 1
    for s in updates:
        assert s.state["shift"].shape == (5,)
        assert re.match(r"iteration \d+: centres moved up to [\d.e+-]+, inertia [\d.e+-]+ → ",
                        s.message), s.message


def test_inertia_never_increases_across_steps():
    X = _blobs(500, 2, 6, 2.5, random_state=4)
    steps = list(KMeans(n_clusters=6, init="random", n_init=1, random_state=3).fit_steps(X))
    losses = np.array([s.loss for s in steps[1:]])
    assert np.all(np.diff(losses) <= 1e-10 * losses[0])
    assert losses[-1] < losses[0]


def test_each_steps_loss_is_the_inertia_of_its_state():
    X = _blobs()
    steps = list(KMeans(n_clusters=5, random_state=1).fit_steps(X))
    for s in steps[1:]:
        direct = _direct_inertia(X, s.state["centers"], s.state["labels"])
        np.testing.assert_allclose(s.loss, direct, rtol=1e-9)
        if s.kind == "assign":
            np.testing.assert_array_equal(s.state["labels"], _nearest(X, s.state["centers"]))


def test_the_steps_are_the_named_lloyd_functions_applied_in_turn():
    # A lesson shows the source of assign, update_centres and inertia: the
    # steps must be those functions applied one after the other (here in
    # the units of X; the fit runs in rescaled, centred units, so the
    # centres agree to rounding, the labels exactly).
    X = _blobs(300, 3, 4, 2.0, random_state=2)
    weights = np.random.default_rng(0).uniform(0.5, 2.0, size=len(X))
    km = KMeans(n_clusters=4, init="random", n_init=1, random_state=5)
    steps = list(km.fit_steps(X, sample_weight=weights))
    assert len(steps) > 6
    centres, labels = steps[0].state["centers"], None
    for s in steps[1:]:
        if s.kind == "assign":
            labels = assign(squared_distances(X, centres))
            np.testing.assert_array_equal(s.state["labels"], labels)
            np.testing.assert_array_equal(s.state["centers"], centres)
        else:
            centres = update_centres(X, labels, weights, centres)
            np.testing.assert_allclose(s.state["centers"], centres, rtol=1e-12, atol=1e-12)
            centres = s.state["centers"]
        np.testing.assert_allclose(s.loss, inertia(X, centres, s.state["labels"], weights),
                                   rtol=1e-12)
    assert steps[-1].loss == km.inertia_


def test_an_empty_cluster_keeps_its_centre_in_the_update():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [5.0, 5.0]])
    centres = np.array([[1.0, 1.0], [9.0, 9.0], [4.0, 4.0]])
    weights = np.array([1.0, 3.0, 0.0])
    new = update_centres(X, np.array([0, 0, 2]), weights, centres)
    # Cluster 0: (1·(0,0) + 3·(2,0)) / 4; cluster 1 has no point and cluster
    # 2 only a point of weight 0: both keep their centre.
    np.testing.assert_array_equal(new, [[1.5, 0.0], [9.0, 9.0], [4.0, 4.0]])
    np.testing.assert_array_equal(centres, [[1.0, 1.0], [9.0, 9.0], [4.0, 4.0]])


def test_predict_works_mid_training():
    X = _blobs()
    km = KMeans(n_clusters=5, random_state=0)
    gen = km.fit_steps(X)
    init = next(gen)
    assert init.kind == "init"
    np.testing.assert_array_equal(km.predict(X), _nearest(X, init.state["centers"]))
    assert km.transform(X).shape == (len(X), 5)
    assert np.isfinite(km.score(X))
    next(gen)                       # assign
    update = next(gen)
    assert update.kind == "update"
    mid = km.predict(X)
    np.testing.assert_array_equal(mid, _nearest(X, update.state["centers"]))
    # The next assignment is exactly what predict said after the update.
    following = next(gen)
    assert following.kind == "assign"
    np.testing.assert_array_equal(following.state["labels"], mid)
    for _ in gen:
        pass
    np.testing.assert_array_equal(km.predict(X), km.labels_)


def test_n_init_keeps_the_best_run_and_replays_it():
    X = _blobs(300, 2, 6, 2.5, random_state=5)
    # Runs draw their initialisations one after the other from the generator,
    # so single runs sharing one generator reproduce them in order.
    shared = np.random.default_rng(11)
    singles = [KMeans(n_clusters=6, init="random", n_init=1, random_state=shared).fit(X)
               for _ in range(5)]
    inertias = [s.inertia_ for s in singles]
    assert max(inertias) > min(inertias) * 1.001, "the runs should differ for this test"
    best = singles[int(np.argmin(inertias))]

    km = KMeans(n_clusters=6, init="random", n_init=5, random_state=np.random.default_rng(11))
    steps = list(km.fit_steps(X))
    np.testing.assert_allclose(km.inertia_, min(inertias), rtol=1e-12)
    np.testing.assert_allclose(km.cluster_centers_, best.cluster_centers_, rtol=1e-12)
    np.testing.assert_array_equal(km.labels_, best.labels_)
    assert km.n_iter_ == best.n_iter_
    assert steps[-1].loss == km.inertia_
    assert "best of 5 runs" in steps[0].message
    # The replay starts from the best run's initial centres.
    best_steps = list(KMeans(n_clusters=6, init=steps[0].state["centers"]).fit_steps(X))
    assert len(best_steps) == len(steps)


def test_n_init_auto():
    X = _blobs()
    for init, runs in [("random", 10), ("k-means++", 1)]:
        auto = KMeans(n_clusters=5, init=init, random_state=0).fit(X)
        explicit = KMeans(n_clusters=5, init=init, n_init=runs, random_state=0).fit(X)
        np.testing.assert_array_equal(auto.cluster_centers_, explicit.cluster_centers_)


def test_explicit_n_init_with_an_array_init_warns_and_runs_once():
    X = _blobs()
    init = X[:5]
    with pytest.warns(RuntimeWarning, match="performing only one init"):
        km = KMeans(n_clusters=5, init=init, n_init=4).fit(X)
    once = KMeans(n_clusters=5, init=init).fit(X)
    np.testing.assert_array_equal(km.cluster_centers_, once.cluster_centers_)


def test_random_state_makes_fits_reproducible():
    X = _blobs()
    a = KMeans(n_clusters=5, random_state=42).fit(X)
    b = KMeans(n_clusters=5, random_state=42).fit(X)
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)


# --- convergence -------------------------------------------------------------

def test_tol_is_relative_to_the_mean_feature_variance():
    X = _blobs(500, 3, 6, 3.0, random_state=6)
    init = X[:6]
    tol = 1e-2
    steps = list(KMeans(n_clusters=6, init=init, tol=tol).fit_steps(X))
    threshold = tol * X.var(axis=0).mean()
    squared_shifts = [float((s.state["shift"] ** 2).sum()) for s in steps if s.kind == "update"]
    assert squared_shifts[-1] <= threshold
    assert all(shift > threshold for shift in squared_shifts[:-1])
    assert "converged" in steps[-2].message
    assert steps[-1].message.startswith("final assignment")
    strict = KMeans(n_clusters=6, init=init, tol=0.0).fit(X)
    assert strict.n_iter_ > len(squared_shifts)
    assert SkKMeans(n_clusters=6, init=init, n_init=1, tol=tol).fit(X).n_iter_ == len(
        squared_shifts)


def test_tol_zero_stops_at_a_fixed_point():
    X = _blobs()
    steps = list(KMeans(n_clusters=5, init=X[:5], tol=0.0).fit_steps(X))
    last, before = steps[-1], steps[-2]
    assert (last.kind, before.kind) == ("assign", "update")
    np.testing.assert_array_equal(last.state["labels"], before.state["labels"])
    np.testing.assert_array_equal(last.state["centers"], before.state["centers"])
    assert "no point changed cluster" in last.message


def test_max_iter_bounds_the_iterations():
    X = _blobs()
    km = KMeans(n_clusters=5, init=X[:5], max_iter=2, tol=0.0)
    steps = list(km.fit_steps(X))
    assert [s.kind for s in steps] == ["init", "assign", "update", "assign", "update", "assign"]
    assert km.n_iter_ == 2
    assert "max_iter=2" in steps[-1].message
    np.testing.assert_array_equal(km.labels_, _nearest(X, km.cluster_centers_))


# --- empty clusters and degenerate data --------------------------------------

def test_empty_clusters_are_relocated_without_nan():
    X = _blobs(300, 2, 3, 1.0, random_state=0)
    far = [[1e3, 1e3], [-1e3, 5e2]]
    init = np.vstack([X[:2], far])
    km = KMeans(n_clusters=4, init=init)
    steps = list(km.fit_steps(X))
    first_update = steps[2]
    assert first_update.kind == "update" and "empty" in first_update.message
    for s in steps:
        assert np.all(np.isfinite(s.state["centers"]))
        if s.kind == "update":  # each centre with points is their mean
            for j in np.unique(s.state["labels"]):
                np.testing.assert_allclose(s.state["centers"][j],
                                           X[s.state["labels"] == j].mean(axis=0), atol=1e-9)
        if s.kind != "init":
            np.testing.assert_allclose(
                s.loss, _direct_inertia(X, s.state["centers"], s.state["labels"]), rtol=1e-9)
    assert np.all(np.bincount(km.labels_, minlength=4) > 0)
    # Relocating to the farthest points is also what scikit-learn does.
    theirs = SkKMeans(n_clusters=4, init=init, n_init=1).fit(X)
    assert adjusted_rand_score(km.labels_, theirs.labels_) >= 0.99
    np.testing.assert_allclose(km.inertia_, theirs.inertia_, rtol=1e-9)


def test_duplicate_points_warn_and_stay_finite():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 5, axis=0)
    with pytest.warns(ConvergenceWarning, match="Number of distinct clusters"):
        km = KMeans(n_clusters=3, random_state=0).fit(X)
    assert np.all(np.isfinite(km.cluster_centers_))
    assert km.inertia_ == pytest.approx(0.0, abs=1e-12)


def test_one_cluster_is_the_mean():
    X = _blobs()
    km = KMeans(n_clusters=1).fit(X)
    np.testing.assert_allclose(km.cluster_centers_[0], X.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(km.inertia_, ((X - X.mean(0)) ** 2).sum(), rtol=1e-10)


# --- errors ------------------------------------------------------------------

def test_more_clusters_than_samples_is_refused():
    with pytest.raises(ValueError, match=r"n_samples=3 should be >= n_clusters=5"):
        KMeans(n_clusters=5).fit(np.arange(6.0).reshape(3, 2))


def test_bad_init_string_names_the_valid_options():
    with pytest.raises(ValueError) as info:
        KMeans(n_clusters=2, init="kmeans").fit(_blobs())
    message = str(info.value)
    for text in ("'init' parameter of KMeans", "Got 'kmeans' instead", "'k-means++'",
                 "'random'", "a callable", "an array-like"):
        assert text in message


@pytest.mark.parametrize("shape, mismatch", [((3, 4), "the number of clusters 5"),
                                             ((5, 3), "the number of features of the data 4")])
def test_init_array_of_the_wrong_shape_is_refused(shape, mismatch):
    # scikit-learn's wording, then the shape expected.
    with pytest.raises(ValueError, match=re.escape(
            f"The shape of the initial centers {shape} does not match {mismatch}: init "
            "must give an array of shape (n_clusters, n_features) = (5, 4).")):
        KMeans(n_clusters=5, init=np.zeros(shape)).fit(_blobs())


@pytest.mark.parametrize("params", [{"n_clusters": 0}, {"n_clusters": 2.5},
                                    {"n_init": 0}, {"n_init": "many"},
                                    {"max_iter": 0}, {"tol": -1.0}])
def test_bad_hyperparameters_are_refused(params):
    with pytest.raises(ValueError, match=next(iter(params))):
        KMeans(**params).fit(_blobs())


def test_predict_with_the_wrong_number_of_features():
    km = KMeans(n_clusters=3, random_state=0).fit(_blobs(n_features=2))
    with pytest.raises(ValueError, match="X has 3 features, but KMeans is expecting 2 "
                                         "features as input"):
        km.predict(np.zeros((4, 3)))


@pytest.mark.parametrize("method", ["predict", "transform", "score"])
def test_using_an_unfitted_model_raises_not_fitted(method):
    with pytest.raises(NotFittedError):
        getattr(KMeans(), method)(np.zeros((3, 2)))


def test_validation_happens_when_the_generator_starts():
    gen = KMeans(n_clusters=2).fit_steps([[np.nan, 1.0], [2.0, 3.0]])
    with pytest.raises(ValueError, match="NaN"):
        next(gen)


def test_fit_leaves_its_input_untouched():
    X = _blobs()
    X.flags.writeable = False
    before = X.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KMeans(n_clusters=5, random_state=0).fit(X)
    np.testing.assert_array_equal(X, before)
