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
    ({"degree": -1}, "degree must be a non-negative int"),
    ({"degree": 2.5}, "degree must be a non-negative int"),
    ({"degree": (3, 2)}, "min_degree <= max_degree"),
    ({"degree": 0, "include_bias": False}, "empty output array"),
    ({"degree": (0, 0), "include_bias": False}, "empty output array"),
    ({"order": "K"}, "order must be 'C' or 'F'"),
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
