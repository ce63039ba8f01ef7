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
    assert shallow == {"steps": pipe.steps}
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
    with pytest.raises(AttributeError, match="final step LinearRegression has none"):
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
    with pytest.raises(ValueError, match="step 1"):
        pipe[::2]
    with pytest.raises(AttributeError, match="no step named 'ridge'"):
        pipe.named_steps.ridge


@pytest.mark.parametrize("steps, error, match", [
    ([], TypeError, "non-empty list of"),
    ("not steps", TypeError, "list of \\(name, estimator\\) tuples"),
    ([("a", StandardScaler()), ("a", LinearRegression())], ValueError, "must be unique"),
    ([("a__b", StandardScaler()), ("c", LinearRegression())], ValueError, "contains '__'"),
    ([("steps", StandardScaler()), ("c", LinearRegression())], ValueError, "conflicts"),
    ([("model", LinearRegression()), ("c", LinearRegression())], TypeError,
     "intermediate steps of a Pipeline must be transformers"),
    ([("scale", StandardScaler()), ("c", "passthrough")], TypeError, "must be an estimator"),
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
