import pickle

import numpy as np
import pytest

from skratch.base import BaseEstimator, ClassifierMixin, RegressorMixin, clone, is_classifier


class Toy(BaseEstimator):
    def __init__(self, alpha=1.0, *, mode="a", inner=None, weights=None):
        self.alpha = alpha
        self.mode = mode
        self.inner = inner
        self.weights = weights


def test_get_params_reads_the_signature():
    assert Toy().get_params() == {"alpha": 1.0, "mode": "a", "inner": None, "weights": None}


def test_nested_params_are_reached_with_double_underscore():
    outer = Toy(inner=Toy(alpha=2.0))
    params = outer.get_params(deep=True)
    assert params["inner__alpha"] == 2.0
    outer.set_params(inner__mode="b", alpha=3.0)
    assert outer.inner.mode == "b" and outer.alpha == 3.0
    assert "inner__alpha" not in outer.get_params(deep=False)


def test_set_params_names_the_unknown_parameter():
    with pytest.raises(ValueError, match=r"Invalid parameter 'beta' for estimator Toy\(\)\. "
                                         r"Valid parameters are: \["):
        Toy().set_params(beta=1)


def test_repr_shows_only_changed_parameters():
    assert repr(Toy()) == "Toy()"
    assert repr(Toy(alpha=0.5, mode="b")) == "Toy(alpha=0.5, mode='b')"
    assert repr(Toy(weights=np.arange(3))) == "Toy(weights=array([0, 1, 2]))"
    assert repr(Toy(alpha=float("nan"))) == "Toy(alpha=nan)"


def test_clone_copies_parameters_deeply_and_drops_fitted_state():
    weights = np.arange(3.0)
    original = Toy(inner=Toy(alpha=5.0), weights=weights)
    original.coef_ = np.ones(2)
    twin = clone(original)
    assert twin.get_params()["inner__alpha"] == 5.0
    assert twin.inner is not original.inner
    assert twin.weights is not weights and np.array_equal(twin.weights, weights)
    assert not hasattr(twin, "coef_")
    assert [type(t) for t in clone([Toy(), Toy()])] == [Toy, Toy]
    with pytest.raises(TypeError, match="not an estimator"):
        clone("Toy")


def test_estimators_pickle():
    toy = Toy(alpha=2.0)
    toy.coef_ = np.arange(3)
    back = pickle.loads(pickle.dumps(toy))
    assert back.get_params() == toy.get_params()
    assert np.array_equal(back.coef_, toy.coef_)


def test_mixins_score_and_kind():
    class Constant(ClassifierMixin, BaseEstimator):
        def predict(self, X):
            return np.zeros(len(X), dtype=int)

    class Identity(RegressorMixin, BaseEstimator):
        def predict(self, X):
            return np.asarray(X)[:, 0]

    X = np.arange(8.0).reshape(4, 2)
    assert Constant().score(X, [0, 0, 1, 1]) == 0.5
    assert is_classifier(Constant()) and not is_classifier(Identity())
    assert Identity().score(X, X[:, 0]) == 1.0


def test_sklearn_tags_and_clone_accept_skratch_estimators():
    from sklearn.base import clone as sk_clone
    from sklearn.utils import get_tags

    from skratch.cluster import KMeans
    from skratch.linear_model import LinearRegression
    from skratch.tree import DecisionTreeClassifier

    assert get_tags(DecisionTreeClassifier()).estimator_type == "classifier"
    assert get_tags(LinearRegression()).estimator_type == "regressor"
    assert get_tags(KMeans()).estimator_type == "clusterer"
    assert get_tags(LinearRegression()).target_tags.required
    assert sk_clone(KMeans(n_clusters=3)).n_clusters == 3


# -- one run at a time ---------------------------------------------------------

def _classification_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return X, (X[:, 0] > 0).astype(int)


def test_a_paused_fit_steps_refuses_to_resume_after_a_newer_fit():
    from skratch.linear_model import LogisticRegression

    X, y = _classification_data()
    model = LogisticRegression(solver="gd")
    paused = model.fit_steps(X, y)
    next(paused), next(paused)
    model.fit(X, np.arange(60) % 3)           # a newer run: three classes
    with pytest.raises(RuntimeError, match="LogisticRegression is stale.*Start a new fit_steps"):
        next(paused)
    assert model.coef_.shape == (3, 2)        # the newer run's model, untouched
    np.testing.assert_array_equal(model.predict(X), LogisticRegression(solver="gd").fit(
        X, np.arange(60) % 3).predict(X))


def test_two_interleaved_fit_steps_only_the_newest_runs():
    from skratch.cluster import KMeans

    X, _ = _classification_data()
    model = KMeans(n_clusters=2, n_init=1, random_state=0)
    first, second = model.fit_steps(X), model.fit_steps(X)
    next(first)
    next(second)
    with pytest.raises(RuntimeError, match="stale"):
        next(first)
    assert sum(1 for _ in second) >= 1        # the newest run goes on to the end
    # A finished or abandoned run does not stop a new one.
    assert list(model.fit_steps(X))


def test_fit_steps_keeps_its_signature_and_docstring():
    import inspect

    from skratch.linear_model import LinearRegression

    guarded = LinearRegression.fit_steps
    assert inspect.signature(guarded) == inspect.signature(guarded.__wrapped__)
    assert list(inspect.signature(guarded).parameters)[:3] == ["self", "X", "y"]
    assert "Yields" in LinearRegression.fit_steps.__doc__


def test_convergence_warnings_are_sklearns_too_and_name_the_callers_line():
    import warnings

    import sklearn.exceptions

    from skratch.exceptions import ConvergenceWarning
    from skratch.linear_model import LinearRegression

    X, _ = _classification_data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        LinearRegression(solver="gd", learning_rate=50.0).fit(X, X[:, 0])  # diverges
    [warning] = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert issubclass(warning.category, sklearn.exceptions.ConvergenceWarning)
    assert warning.filename == __file__
