"""PolynomialFeatures: scikit-learn's columns, names and values; its one step."""

from math import comb

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.preprocessing import PolynomialFeatures as SkPolynomialFeatures

from skratch.exceptions import NotFittedError
from skratch.preprocessing import PolynomialFeatures

TOL = 1e-12

SETTINGS = [
    {"degree": 2},
    {"degree": 3},
    {"degree": 3, "include_bias": False},
    {"degree": 3, "interaction_only": True},
    {"degree": (2, 3)},
    {"degree": (0, 2), "include_bias": False},
    {"degree": (3, 3), "interaction_only": True, "include_bias": False},
    {"degree": 1},
    {"degree": 0},
]


@pytest.mark.parametrize("params", SETTINGS, ids=repr)
@pytest.mark.parametrize("data", ["generated", "diabetes"])
def test_matches_sklearn(params, data):
    if data == "generated":
        X = np.random.default_rng(0).normal(size=(40, 4))
    else:
        X = load_diabetes().data[:, :6]
    ours = PolynomialFeatures(**params).fit(X)
    theirs = SkPolynomialFeatures(**params).fit(X)
    np.testing.assert_array_equal(ours.powers_, theirs.powers_)
    assert ours.n_output_features_ == theirs.n_output_features_
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    # Values scaled to the largest entry: relative 1e-12 of the column's size.
    Z, Z_sk = ours.transform(X), theirs.transform(X)
    np.testing.assert_allclose(Z, Z_sk, rtol=TOL, atol=TOL * np.abs(Z_sk).max())


def test_each_column_is_the_product_of_powers():
    X = np.random.default_rng(1).uniform(-2, 2, size=(30, 3))
    poly = PolynomialFeatures(4).fit(X)
    expected = np.prod(X[:, None, :] ** poly.powers_[None, :, :], axis=2)
    np.testing.assert_allclose(poly.transform(X), expected, rtol=1e-12)


@pytest.mark.parametrize("n_features, degree", [(1, 5), (3, 3), (5, 4)])
def test_number_of_outputs_is_the_count_of_monomials(n_features, degree):
    X = np.ones((2, n_features))
    full = PolynomialFeatures(degree).fit(X)
    # Monomials of degree <= q in d variables: C(d + q, q).
    assert full.n_output_features_ == comb(n_features + degree, degree)
    interactions = PolynomialFeatures(degree, interaction_only=True).fit(X)
    assert interactions.n_output_features_ == sum(comb(n_features, q)
                                                  for q in range(degree + 1))


def test_one_feature_gives_the_powers_in_order():
    x = np.array([[2.0], [-1.0]])
    Z = PolynomialFeatures(4).fit_transform(x)
    np.testing.assert_array_equal(Z, [[1, 2, 4, 8, 16], [1, -1, 1, -1, 1]])


def test_a_single_powers_step_with_the_exponents():
    X = np.ones((5, 2))
    poly = PolynomialFeatures(2)
    steps = list(poly.fit_steps(X))
    assert [(s.index, s.kind) for s in steps] == [(0, "powers")]
    np.testing.assert_array_equal(steps[0].state["powers"], poly.powers_)
    assert steps[0].message == ("2 features → 6 monomials up to degree 2: "
                                "1, x0, x1, x0^2, x0 x1, x1^2")
    one = list(PolynomialFeatures(degree=1, include_bias=False).fit_steps(np.ones((3, 1))))
    assert one[0].message == "1 feature → 1 monomial up to degree 1: x0"


def test_feature_names_use_the_given_input_names():
    poly = PolynomialFeatures(2).fit(np.ones((2, 2)))
    assert list(poly.get_feature_names_out(["a", "b"])) == ["1", "a", "b", "a^2", "a b", "b^2"]
    with pytest.raises(ValueError, match="length equal to number of features"):
        poly.get_feature_names_out(["a", "b", "c"])


def test_order_f_gives_a_fortran_array():
    X = np.random.default_rng(0).normal(size=(10, 3))
    assert PolynomialFeatures(2, order="F").fit_transform(X).flags.f_contiguous
    assert PolynomialFeatures(2).fit_transform(X).flags.c_contiguous


def test_float32_stays_float32():
    X = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
    assert PolynomialFeatures(3).fit_transform(X).dtype == np.float32


@pytest.mark.parametrize("params, match", [
    ({"degree": -1}, r"The 'degree' parameter of PolynomialFeatures must be an int in the "
                     r"range \[0, inf\) or an array-like. Got -1 instead."),
    ({"degree": 2.5}, "'degree' parameter of PolynomialFeatures.*Got 2.5 instead"),
    ({"degree": (3, 2)}, "min_degree <= max_degree"),
    ({"degree": 0, "include_bias": False}, "empty output array"),
    ({"degree": (0, 0), "include_bias": False}, "empty output array"),
    ({"order": "K"}, "'order' parameter of PolynomialFeatures must be a str among "
                     "{'C', 'F'}. Got 'K' instead."),
])
def test_bad_parameters_are_refused_in_fit(params, match):
    poly = PolynomialFeatures(**params)  # nothing is checked at construction
    with pytest.raises(ValueError, match=match):
        poly.fit(np.ones((2, 2)))


def test_errors_before_fit_and_on_the_wrong_width():
    with pytest.raises(NotFittedError):
        PolynomialFeatures().transform(np.ones((2, 2)))
    poly = PolynomialFeatures().fit(np.ones((2, 2)))
    with pytest.raises(ValueError, match="X has 3 features, but PolynomialFeatures is "
                                         "expecting 2 features as input"):
        poly.transform(np.ones((2, 3)))


# -- feature names, dtypes, parameters ----------------------------------------------

def test_names_from_a_dataframe_match_sklearn():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(np.random.default_rng(0).normal(size=(10, 3)),
                     columns=["age", "bmi", "bp"])
    for params in SETTINGS:
        ours = PolynomialFeatures(**params).fit(X)
        theirs = SkPolynomialFeatures(**params).fit(X)
        np.testing.assert_array_equal(ours.feature_names_in_, theirs.feature_names_in_)
        out = ours.get_feature_names_out()
        assert out.dtype == object
        assert list(out) == list(theirs.get_feature_names_out())
    poly = PolynomialFeatures(2).fit(X)
    assert list(poly.get_feature_names_out())[:5] == ["1", "age", "bmi", "bp", "age^2"]
    assert "age bmi" in poly.get_feature_names_out()
    assert list(poly.get_feature_names_out(["age", "bmi", "bp"])) == list(
        poly.get_feature_names_out())
    with pytest.raises(ValueError, match="input_features is not equal to feature_names_in_"):
        poly.get_feature_names_out(["a", "b", "c"])
    assert "age^2" in list(poly.fit_steps(X))[0].message  # the step names them too


def test_reordered_columns_are_refused_by_transform():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame(np.random.default_rng(0).normal(size=(10, 2)), columns=["a", "b"])
    poly = PolynomialFeatures(2).fit(X)
    np.testing.assert_allclose(poly.transform(X),
                               SkPolynomialFeatures(2).fit(X).transform(X), rtol=TOL)
    with pytest.raises(ValueError, match="must be in the same order"):
        poly.transform(X[["b", "a"]])
    with pytest.raises(ValueError, match="Feature names unseen at fit time:\n- c"):
        poly.transform(X.rename(columns={"b": "c"}))


@pytest.mark.parametrize("dtype, expected", [(np.float32, np.float32), (np.float16, np.float16),
                                             (np.int64, np.float64), (bool, np.float64)])
def test_output_dtype_is_sklearns(dtype, expected):
    X = (np.random.default_rng(0).normal(size=(6, 2)) * 3).astype(dtype)
    ours = PolynomialFeatures(3).fit_transform(X)
    theirs = SkPolynomialFeatures(3).fit_transform(X)
    assert ours.dtype == theirs.dtype == expected
    np.testing.assert_array_equal(ours, theirs)


def test_the_dtype_tag_says_float32_is_kept():
    from sklearn.utils import get_tags

    assert get_tags(PolynomialFeatures()).transformer_tags.preserves_dtype == [
        "float64", "float32"]


@pytest.mark.parametrize("params, match", [
    ({"interaction_only": "yes"}, "'interaction_only' parameter of PolynomialFeatures must "
                                  "be a bool. Got 'yes' instead."),
    ({"include_bias": 0}, "'include_bias' parameter of PolynomialFeatures must be a bool. "
                          "Got 0 instead."),
])
def test_non_bool_flags_are_refused(params, match):
    with pytest.raises(ValueError, match=match):
        PolynomialFeatures(**params).fit(np.ones((2, 2)))


@pytest.mark.parametrize("degree, match", [
    ((-1, 2), r"degree=\(min_degree, max_degree\) must be non-negative integers"),
    ((0, 1.5), r"degree=\(min_degree, max_degree\) must"),
    ([3, 2], r"degree=\(min_degree, max_degree\) must"),
    ((1, 2, 3), r"degree must be a non-negative int or tuple \(min_degree, max_degree\)"),
])
def test_degree_errors_say_what_sklearn_says(degree, match):
    with pytest.raises(ValueError, match=match):
        PolynomialFeatures(degree).fit([[1.0], [2.0]])
    with pytest.raises(ValueError, match=match):
        SkPolynomialFeatures(degree).fit([[1.0], [2.0]])


def test_a_list_of_two_degrees_works_like_a_tuple():
    X = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_array_equal(PolynomialFeatures([2, 3]).fit(X).powers_,
                                  SkPolynomialFeatures([2, 3]).fit(X).powers_)
