"""Pipeline and make_pipeline: composition, parameters, steps, scikit-learn's checks."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge as SkRidge
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline as sk_make_pipeline
from sklearn.preprocessing import PolynomialFeatures as SkPolynomialFeatures
from sklearn.preprocessing import StandardScaler as SkStandardScaler
from sklearn.utils.estimator_checks import check_estimator

import skratch
from skratch.base import clone, is_classifier, is_regressor
from skratch.linear_model import LinearRegression, Ridge
from skratch.pipeline import Pipeline, make_pipeline
from skratch.preprocessing import PolynomialFeatures, StandardScaler
from skratch.tree import DecisionTreeClassifier
from test_common import EXPECTED_FAILED_CHECKS

# The checks a pipeline cannot pass, with the reason: scikit-learn's own
# Pipeline fails the same one.
PIPELINE_EXPECTED_FAILED_CHECKS = EXPECTED_FAILED_CHECKS["Pipeline"]


def curve(n=80, seed=0):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    y = np.sin(3 * x) + 0.1 * rng.normal(size=n)
    return x[:, None], y


def regression(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(loc=3.0, scale=[1.0, 10.0, 0.1], size=(60, 3))
    y = X @ [1.0, 0.2, -4.0] + 1.0 + 0.1 * rng.normal(size=60)
    return X, y


def test_make_pipeline_names_steps_after_their_classes():
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(), StandardScaler(),
                         LinearRegression())
    assert [name for name, _ in pipe.steps] == [
        "standardscaler-1", "polynomialfeatures", "standardscaler-2", "linearregression"]
    assert isinstance(pipe, Pipeline)


def test_polynomial_ridge_pipeline_matches_sklearn():
    X, y = curve()
    ours = make_pipeline(PolynomialFeatures(5), Ridge(alpha=1e-3)).fit(X, y)
    theirs = sk_make_pipeline(SkPolynomialFeatures(5), SkRidge(alpha=1e-3)).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours[-1].coef_, theirs[-1].coef_, rtol=1e-6, atol=1e-8)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-10)


def test_scaled_regression_on_diabetes_matches_sklearn():
    X, y = load_diabetes(return_X_y=True)
    ours = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    theirs = sk_make_pipeline(SkStandardScaler(), SkRidge(alpha=0.0)).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9)


def test_fit_and_predict_chain_the_steps():
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    scaler, model = pipe.named_steps["standardscaler"], pipe.named_steps.linearregression
    Z = StandardScaler().fit_transform(X)
    np.testing.assert_allclose(scaler.transform(X), Z)
    np.testing.assert_allclose(model.coef_, LinearRegression().fit(Z, y).coef_)
    np.testing.assert_allclose(pipe.predict(X), model.predict(Z))
    assert pipe.n_features_in_ == 3
    assert is_regressor(pipe) and not is_classifier(pipe)


def test_fit_steps_yields_the_final_estimators_steps_on_transformed_data():
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), LinearRegression(solver="gd", max_iter=50))
    by_hand = LinearRegression(solver="gd", max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 50 iterations do not converge
        expected = list(by_hand.fit_steps(StandardScaler().fit_transform(X), y))
        got = []
        for step in pipe.fit_steps(X, y):
            got.append(step)
            # Mid-training, the pipeline predicts with the model of that moment.
            coef, intercept = step.state["coef"], step.state["intercept"]
            np.testing.assert_allclose(pipe.predict(X),
                                       pipe[0].transform(X) @ coef + intercept)
    assert [(s.index, s.kind, s.message, s.loss) for s in got] == [
        (s.index, s.kind, s.message, s.loss) for s in expected]
    np.testing.assert_allclose(pipe[-1].coef_, by_hand.coef_)


def test_a_final_step_without_fit_steps_gives_one_fit_step():
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), SkRidge(alpha=1.0))
    steps = list(pipe.fit_steps(X, y))
    assert [(s.index, s.kind) for s in steps] == [(0, "fit")]
    assert "Ridge fitted by its fit" in steps[0].message
    np.testing.assert_allclose(pipe.predict(X), SkRidge(alpha=1.0).fit(
        SkStandardScaler().fit_transform(X), y).predict(SkStandardScaler().fit_transform(X)))
    # A scikit-learn transformer in the middle is fitted by its fit_transform.
    mixed = make_pipeline(SkStandardScaler(), Ridge(alpha=1.0)).fit(X, y)
    np.testing.assert_allclose(mixed.predict(X), pipe.predict(X), rtol=1e-8)


def test_get_params_exposes_each_step_and_its_parameters():
    pipe = make_pipeline(PolynomialFeatures(3), Ridge(alpha=0.5))
    shallow = pipe.get_params(deep=False)
    assert shallow == {"steps": pipe.steps, "memory": None, "transform_input": None,
                       "verbose": False}
    deep = pipe.get_params()
    assert deep["polynomialfeatures"] is pipe.steps[0][1]
    assert deep["ridge"] is pipe.steps[1][1]
    assert deep["polynomialfeatures__degree"] == 3
    assert deep["ridge__alpha"] == 0.5


def test_set_params_reaches_into_steps_and_replaces_whole_steps():
    pipe = make_pipeline(PolynomialFeatures(3), Ridge(alpha=0.5))
    pipe.set_params(polynomialfeatures__degree=2, ridge__alpha=2.0)
    assert pipe[0].degree == 2 and pipe["ridge"].alpha == 2.0
    new_model = LinearRegression()
    pipe.set_params(ridge=new_model)
    assert pipe.steps[1] == ("ridge", new_model)
    with pytest.raises(ValueError, match="Invalid parameter 'lasso'"):
        pipe.set_params(lasso__alpha=1.0)
    pipe.set_params(steps=[("only", LinearRegression())])
    assert len(pipe) == 1


def test_methods_exist_only_when_the_final_step_has_them():
    X, y = regression()
    labels = (y > np.median(y)).astype(int)
    regressor = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    assert not hasattr(regressor, "predict_proba")
    assert not hasattr(regressor, "transform")
    assert not hasattr(regressor, "classes_")
    with pytest.raises(AttributeError, match="This 'Pipeline' has no attribute 'predict_proba': "
                                             "its final step LinearRegression has no "
                                             "predict_proba"):
        regressor.predict_proba(X)

    classifier = make_pipeline(StandardScaler(), DecisionTreeClassifier(max_depth=2,
                                                                        random_state=0))
    classifier.fit(X, labels)
    assert is_classifier(classifier)
    np.testing.assert_array_equal(classifier.classes_, [0, 1])
    Z = classifier[0].transform(X)
    np.testing.assert_allclose(classifier.predict_proba(X), classifier[-1].predict_proba(Z))
    assert classifier.score(X, labels) == classifier[-1].score(Z, labels)

    transformer = make_pipeline(StandardScaler(), PolynomialFeatures(2))
    out = transformer.fit_transform(X)
    assert out.shape == (60, 10)
    assert not hasattr(transformer, "predict")


def test_len_and_indexing():
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(), LinearRegression())
    assert len(pipe) == 3
    assert isinstance(pipe[0], StandardScaler) and isinstance(pipe[-1], LinearRegression)
    assert pipe["polynomialfeatures"] is pipe.steps[1][1]
    head = pipe[:2]
    assert isinstance(head, Pipeline) and [n for n, _ in head.steps] == [
        "standardscaler", "polynomialfeatures"]
    with pytest.raises(ValueError, match="only supports a step of 1"):
        pipe[::2]
    with pytest.raises(AttributeError, match="no step named 'ridge'"):
        pipe.named_steps.ridge


@pytest.mark.parametrize("steps, error, match", [
    ([], ValueError, "The pipeline is empty. Please add steps."),
    ("not steps", TypeError, "The 'steps' parameter of Pipeline must be an instance of "
                             "'list' or an instance of 'tuple'. Got 'not steps' instead."),
    (("scale", StandardScaler()), TypeError, "list of \\(name, estimator\\) tuples"),
    ([(1, StandardScaler())], TypeError, "names are strings"),
    ([("a", StandardScaler()), ("a", LinearRegression())], ValueError,
     "Names provided are not unique: \\['a', 'a'\\]"),
    ([("a__b", StandardScaler()), ("c", LinearRegression())], ValueError,
     "Estimator names must not contain __: got \\['a__b'\\]"),
    ([("steps", StandardScaler()), ("c", LinearRegression())], ValueError,
     "Estimator names conflict with constructor arguments: \\['steps'\\]"),
    ([("verbose", StandardScaler()), ("c", LinearRegression())], ValueError,
     "conflict with constructor arguments"),
    ([("model", LinearRegression()), ("c", LinearRegression())], TypeError,
     "All intermediate steps should be transformers.*'model' is LinearRegression"),
    ([("scale", StandardScaler()), ("c", 42)], TypeError,
     "Last step of Pipeline should implement fit or be the string 'passthrough'.*'c' is 42"),
    ([("scale", StandardScaler), ("c", LinearRegression())], TypeError,
     "Expected an estimator instance \\(StandardScaler\\(\\)\\), got estimator class "
     "instead \\(StandardScaler\\)"),
    ([("scale", StandardScaler()), ("c", LinearRegression)], TypeError,
     "Expected an estimator instance \\(LinearRegression\\(\\)\\)"),
])
def test_bad_steps_are_refused_at_fit(steps, error, match):
    X, y = regression()
    pipe = Pipeline(steps)  # stored untouched
    with pytest.raises(error, match=match):
        pipe.fit(X, y)


def test_repr_shows_every_step_in_full():
    pipe = make_pipeline(PolynomialFeatures(degree=5), Ridge(alpha=1e-3))
    assert repr(pipe) == ("Pipeline(steps=[('polynomialfeatures', PolynomialFeatures(degree=5)), "
                          "('ridge', Ridge(alpha=0.001))])")


def test_sklearn_model_selection_drives_a_skratch_pipeline():
    X, y = curve(n=60)
    pipe = make_pipeline(PolynomialFeatures(), Ridge(alpha=1e-3))
    folds = KFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(pipe, {"polynomialfeatures__degree": [1, 3, 5]}, cv=folds).fit(X, y)
    assert search.best_params_["polynomialfeatures__degree"] in (3, 5)
    assert search.best_estimator_ is not pipe
    scores = cross_val_score(pipe, X, y, cv=folds)
    assert scores.shape == (3,) and np.all(np.isfinite(scores))


def test_pipelines_are_not_listed_by_all_estimators():
    # A pipeline has no default construction: its steps must be given.
    assert "Pipeline" not in dict(skratch.all_estimators())


@pytest.mark.filterwarnings("ignore:Estimator Pipeline does not inherit")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")
def test_sklearn_check_estimator():
    pipe = make_pipeline(StandardScaler(), LinearRegression())
    results = check_estimator(pipe, on_fail=None,
                              expected_failed_checks=PIPELINE_EXPECTED_FAILED_CHECKS)
    failed = [(r["check_name"], str(r["exception"])[:200]) for r in results
              if r["status"] == "failed"]
    assert not failed
    statuses = {r["check_name"]: r["status"] for r in results}
    assert statuses["check_estimators_overwrite_params"] == "xfail"


def test_record_keeps_the_final_estimators_steps():
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), LinearRegression(solver="gd", max_iter=20))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trace = skratch.record(pipe, X, y)
    assert trace.estimator is pipe
    assert [s.kind for s in trace.steps] == ["init"] + ["gradient"] * 20
    np.testing.assert_array_equal(trace.X, X)


def test_trace_of_a_pipeline_saves_and_loads(tmp_path):
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), LinearRegression())
    trace = skratch.record(pipe, X, y)
    trace.save(tmp_path / "pipe.npz")
    loaded = skratch.Trace.load(tmp_path / "pipe.npz")
    np.testing.assert_array_equal(loaded.estimator.predict(X), pipe.predict(X))


def test_clone_gives_unfitted_steps():
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    twin = clone(pipe)
    assert twin.steps[0][1] is not pipe.steps[0][1]
    assert not hasattr(twin[-1], "coef_")


# -- scikit-learn's conventions -------------------------------------------------

class Recorder:
    """A transformer that records the keyword arguments of its fit (and of predict
    and score), multiplies by ``factor`` and can be undone; it has no fit_steps,
    like a third-party estimator."""

    def __init__(self, factor=2.0):
        self.factor = factor

    def get_params(self, deep=True):
        return {"factor": self.factor}

    def set_params(self, **params):
        self.factor = params.get("factor", self.factor)
        return self

    def fit(self, X, y=None, **fit_params):
        self.fit_params_ = fit_params
        return self

    def transform(self, X):
        return np.asarray(X) * self.factor

    def inverse_transform(self, X):
        return np.asarray(X) / self.factor

    def predict(self, X, **params):
        self.predict_params_ = params
        return np.asarray(X).sum(axis=1)

    def score(self, X, y=None, sample_weight=None):
        X = np.asarray(X).sum(axis=1)
        return float(np.sum(X if sample_weight is None else X * sample_weight))


def test_an_unfitted_pipeline_raises_not_fitted_error():
    from sklearn.exceptions import NotFittedError as SkNotFittedError
    from sklearn.utils.validation import check_is_fitted

    from skratch.exceptions import NotFittedError

    X, y = regression()
    regressor = make_pipeline(StandardScaler(), LinearRegression())
    transformer = make_pipeline(StandardScaler(), PolynomialFeatures(2))
    scalers = make_pipeline(StandardScaler(), StandardScaler())
    calls = [(regressor, "predict", (X,)), (regressor, "score", (X, y)),
             (transformer, "transform", (X,)), (scalers, "inverse_transform", (X,)),
             (make_pipeline(StandardScaler(), Recorder()), "predict", (X,))]
    for pipe, method, args in calls:
        with pytest.raises(NotFittedError, match="This Pipeline instance is not fitted yet"):
            getattr(pipe, method)(*args)
        # Also scikit-learn's error, so code written for a scikit-learn
        # pipeline catches it.
        with pytest.raises(SkNotFittedError):
            getattr(pipe, method)(*args)
    with pytest.raises(SkNotFittedError):
        check_is_fitted(regressor)
    regressor.fit(X, y)
    check_is_fitted(regressor)
    # A pipeline of passthroughs has nothing to fit.
    assert Pipeline([("a", "passthrough"), ("b", None)]).__sklearn_is_fitted__()


def test_passthrough_and_none_steps_leave_the_data_as_they_are():
    X, y = regression()
    reference = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
    for skip in ("passthrough", None):
        pipe = Pipeline([("skip", skip), ("scale", StandardScaler()), ("also", skip),
                         ("model", LinearRegression())]).fit(X, y)
        np.testing.assert_allclose(pipe.predict(X), reference.predict(X), rtol=1e-12)
        assert [name for name, _ in pipe.steps] == ["skip", "scale", "also", "model"]
        assert pipe.n_features_in_ == 3
        # A step set to passthrough afterwards, as in a grid search.
        pipe.set_params(scale=skip).fit(X, y)
        np.testing.assert_allclose(pipe.predict(X), LinearRegression().fit(X, y).predict(X),
                                   rtol=1e-10)


def test_a_passthrough_final_step_makes_a_transformer():
    X, y = regression()
    for skip in ("passthrough", None):
        pipe = Pipeline([("scale", StandardScaler()), ("last", skip)])
        assert not hasattr(pipe, "predict") and not hasattr(pipe, "score")
        with pytest.raises(AttributeError, match="no attribute 'predict'"):
            pipe.predict(X)
        Z = StandardScaler().fit_transform(X)
        np.testing.assert_allclose(pipe.fit_transform(X), Z)
        np.testing.assert_allclose(pipe.transform(X), Z)
        np.testing.assert_allclose(pipe.inverse_transform(Z), X, rtol=1e-12)
        steps = list(pipe.fit_steps(X, y))
        assert [s.kind for s in steps] == ["fit"]
        assert "transform returns their output" in steps[0].message
        assert pipe._estimator_type is None and not is_regressor(pipe)
    only = make_pipeline("passthrough")
    assert only.steps == [("passthrough", "passthrough")]
    np.testing.assert_array_equal(only.fit(X).transform(X), X)


def test_pipeline_ending_with_passthrough_matches_sklearn():
    from sklearn.pipeline import Pipeline as SkPipeline

    X = load_diabetes().data
    ours = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures(2)),
                     ("end", "passthrough")])
    theirs = SkPipeline([("scale", SkStandardScaler()), ("poly", SkPolynomialFeatures(2)),
                         ("end", "passthrough")])
    np.testing.assert_allclose(ours.fit_transform(X), theirs.fit_transform(X), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_array_equal(ours.get_feature_names_out(),
                                  theirs.get_feature_names_out())


def test_inverse_transform_undoes_every_step_in_reverse():
    from sklearn.pipeline import make_pipeline as sk_pipeline

    X = load_diabetes().data
    ours = make_pipeline(StandardScaler(), "passthrough", Recorder(3.0),
                         StandardScaler(with_mean=False)).fit(X)
    theirs = sk_pipeline(SkStandardScaler(), "passthrough", Recorder(3.0),
                         SkStandardScaler(with_mean=False)).fit(X)
    Z = ours.transform(X)
    np.testing.assert_allclose(Z, theirs.transform(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.inverse_transform(Z), X, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z),
                               rtol=1e-12, atol=1e-15)
    # PolynomialFeatures cannot be undone, so neither can a pipeline holding it.
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(2))
    assert not hasattr(pipe, "inverse_transform")
    with pytest.raises(AttributeError, match="'polynomialfeatures'.*has no inverse_transform"):
        pipe.inverse_transform(X)


def test_fit_transform_and_fit_predict():
    from skratch.cluster import KMeans

    X, _ = regression()
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(2))
    np.testing.assert_allclose(pipe.fit_transform(X), pipe.fit(X).transform(X))
    # A final step without fit_steps is fitted by its own fit_transform.
    mixed = make_pipeline(StandardScaler(), SkPolynomialFeatures(2))
    np.testing.assert_allclose(mixed.fit_transform(X), pipe.transform(X), rtol=1e-12)

    clusterer = make_pipeline(StandardScaler(), KMeans(n_clusters=3, random_state=0))
    labels = clusterer.fit_predict(X)
    by_hand = KMeans(n_clusters=3, random_state=0).fit_predict(StandardScaler().fit_transform(X))
    np.testing.assert_array_equal(labels, by_hand)
    np.testing.assert_array_equal(labels, clusterer[-1].labels_)
    assert not hasattr(make_pipeline(StandardScaler(), LinearRegression()), "fit_predict")
    assert not hasattr(make_pipeline(StandardScaler(), LinearRegression()), "fit_transform")


def test_feature_names_go_through_the_steps():
    pytest.importorskip("pandas")
    from sklearn.pipeline import make_pipeline as sk_pipeline

    data = load_diabetes(as_frame=True)
    X, y = data.data[["age", "bmi", "bp"]], data.target
    ours = make_pipeline(StandardScaler(), "passthrough", PolynomialFeatures(2),
                         LinearRegression()).fit(X, y)
    theirs = sk_pipeline(SkStandardScaler(), "passthrough", SkPolynomialFeatures(2),
                         SkRidge(alpha=0.0)).fit(X, y)
    np.testing.assert_array_equal(ours.feature_names_in_, ["age", "bmi", "bp"])
    np.testing.assert_array_equal(ours.feature_names_in_, theirs.feature_names_in_)
    assert ours.n_features_in_ == theirs.n_features_in_ == 3
    np.testing.assert_array_equal(ours[:-1].get_feature_names_out(),
                                  theirs[:-1].get_feature_names_out())
    assert "age bmi" in ours[:-1].get_feature_names_out()
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-9)
    # Reordered columns are refused, not silently multiplied by the wrong weights.
    with pytest.raises(ValueError, match="same order"):
        ours.predict(X[["bmi", "age", "bp"]])
    # The final regressor has no feature names to give.
    with pytest.raises(AttributeError, match="linearregression does not provide "
                                             "get_feature_names_out"):
        ours.get_feature_names_out()
    # Before fit there is nothing to delegate to.
    fresh = make_pipeline(StandardScaler(), LinearRegression())
    assert not hasattr(fresh, "n_features_in_") and not hasattr(fresh, "feature_names_in_")
    assert not hasattr(make_pipeline(StandardScaler()).fit(X.to_numpy()), "feature_names_in_")


def test_len_getitem_and_slices_as_in_sklearn():
    pipe = Pipeline([("a", StandardScaler()), ("skip", "passthrough"),
                     ("model", LinearRegression())], verbose=True)
    assert len(pipe) == 3
    assert pipe[0] is pipe.steps[0][1] and pipe[-1] is pipe.steps[-1][1]
    assert pipe[1] == "passthrough" and pipe["skip"] == "passthrough"
    for start, stop in [(0, 1), (0, 2), (1, 3), (None, -1), (1, None)]:
        part = pipe[start:stop]
        assert isinstance(part, Pipeline)
        assert part.steps == pipe.steps[start:stop]
        assert part.verbose is True and part.memory is None
    with pytest.raises(IndexError):
        pipe[3]
    with pytest.raises(KeyError):
        pipe["nope"]


def test_classes_come_from_a_fitted_final_classifier():
    X, y = regression()
    labels = np.where(y > np.median(y), "high", "low")
    assert not hasattr(make_pipeline(StandardScaler(), Recorder()), "classes_")
    from skratch.linear_model import LogisticRegression

    logistic = make_pipeline(StandardScaler(), LogisticRegression())
    assert not hasattr(logistic, "classes_")
    logistic.fit(X, labels)
    np.testing.assert_array_equal(logistic.classes_, ["high", "low"])
    assert not hasattr(make_pipeline(StandardScaler(), "passthrough").fit(X), "classes_")


def test_fit_parameters_are_routed_by_step_name():
    X, y = regression()
    w = np.random.default_rng(0).integers(0, 3, len(X)).astype(float)
    pipe = make_pipeline(StandardScaler(), LinearRegression())
    pipe.fit(X, y, standardscaler__sample_weight=w)
    weighted = StandardScaler().fit(X, sample_weight=w)
    np.testing.assert_allclose(pipe[0].mean_, weighted.mean_, rtol=1e-12)
    np.testing.assert_allclose(pipe[0].var_, weighted.var_, rtol=1e-12)
    # ... which is the scaler fitted on the samples repeated by their weights.
    repeated = StandardScaler().fit(np.repeat(X, w.astype(int), axis=0))
    np.testing.assert_allclose(pipe[0].var_, repeated.var_, rtol=1e-12)

    recorder = Pipeline([("scale", StandardScaler()), ("rec", Recorder())])
    recorder.fit(X, y, rec__sample_weight=w, rec__flag=True, scale__sample_weight=w)
    assert set(recorder[-1].fit_params_) == {"sample_weight", "flag"}
    np.testing.assert_array_equal(recorder[-1].fit_params_["sample_weight"], w)
    np.testing.assert_allclose(recorder[0].mean_, weighted.mean_, rtol=1e-12)
    # fit_transform, fit_predict and fit_steps route the same way.
    list(recorder.fit_steps(X, y, rec__other=1))
    assert recorder[-1].fit_params_ == {"other": 1}
    Z = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures(2))]).fit_transform(
        X, scale__sample_weight=w)
    np.testing.assert_allclose(Z[:, 1:4], weighted.transform(X), rtol=1e-12)


def test_bad_fit_parameters_are_refused_clearly():
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), LinearRegression())
    with pytest.raises(ValueError, match="Pipeline.fit does not accept the sample_weight "
                                         "parameter.*linearregression__sample_weight"):
        pipe.fit(X, y, sample_weight=np.ones(len(X)))
    with pytest.raises(ValueError, match="no step named 'ridge'"):
        pipe.fit(X, y, ridge__sample_weight=np.ones(len(X)))
    with pytest.raises(ValueError, match="step 'skip', which is 'passthrough'"):
        Pipeline([("skip", "passthrough"), ("model", LinearRegression())]).fit(
            X, y, skip__sample_weight=np.ones(len(X)))
    with pytest.raises(TypeError, match="unexpected keyword argument 'bad'"):
        Pipeline([("scale", StandardScaler()), ("rec", Recorder())]).fit(X, y, scale__bad=1)


def test_predict_and_score_parameters_reach_the_final_step():
    X, y = regression()
    pipe = Pipeline([("scale", StandardScaler()), ("rec", Recorder())]).fit(X, y)
    pipe.predict(X, return_std=True)
    assert pipe[-1].predict_params_ == {"return_std": True}
    Z = pipe[0].transform(X)
    w = np.arange(len(X), dtype=float)
    assert pipe.score(X, y) == pytest.approx(Z.sum())
    assert pipe.score(X, y, sample_weight=w) == pytest.approx((Z.sum(axis=1) * w).sum())


def test_memory_and_verbose_are_sklearns_parameters(capsys):
    X, y = regression()
    pipe = make_pipeline(StandardScaler(), "passthrough", LinearRegression(), verbose=True)
    assert pipe.get_params(deep=False) == {"steps": pipe.steps, "memory": None,
                                           "transform_input": None, "verbose": True}
    pipe.fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for i, name in enumerate(["standardscaler", "passthrough", "linearregression"]):
        assert lines[i].startswith(f"[Pipeline] (step {i + 1} of 3) Processing {name}, total=")
    pipe.set_params(verbose=False).fit(X, y)
    assert capsys.readouterr().out == ""
    # memory is accepted (scikit-learn caches there; skratch refits, same model).
    cached = make_pipeline(StandardScaler(), LinearRegression(), memory="/nonexistent")
    np.testing.assert_allclose(cached.fit(X, y).predict(X), pipe.predict(X))
    assert clone(cached).memory == "/nonexistent"
    assert repr(cached).endswith("memory='/nonexistent')")
    with pytest.raises(ValueError, match="The 'memory' parameter of Pipeline must be an "
                                         "instance of 'str', an instance of 'os.PathLike', "
                                         "an object implementing 'cache' or None. Got 3"):
        make_pipeline(StandardScaler(), LinearRegression(), memory=3).fit(X, y)
    # transform_input belongs to scikit-learn's metadata routing: only None.
    with pytest.raises(ValueError, match="transform_input=\\['w'\\] is not supported"):
        make_pipeline(StandardScaler(), LinearRegression(), transform_input=["w"]).fit(X, y)


def test_tags_of_a_pipeline_with_passthroughs():
    from sklearn.utils import get_tags

    assert get_tags(make_pipeline("passthrough", LinearRegression())).estimator_type == (
        "regressor")
    tags = get_tags(make_pipeline(StandardScaler(), "passthrough"))
    assert tags.estimator_type is None and tags.transformer_tags is not None
