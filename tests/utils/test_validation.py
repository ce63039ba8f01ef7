import numpy as np
import pytest

from skratch.exceptions import DataConversionWarning, NotFittedError
from skratch.utils import (
    check_array,
    check_classification_targets,
    check_is_fitted,
    check_random_state,
    check_X_y,
)


def test_check_array_converts_and_keeps_float_dtypes():
    assert check_array([[1, 2], [3, 4]]).dtype == np.float64
    assert check_array(np.ones((2, 2), dtype=np.float32)).dtype == np.float32
    assert check_array(np.ones((2, 2), dtype=object)).dtype == np.float64


@pytest.mark.parametrize("value, word", [(np.nan, "NaN"), (np.inf, "infinity"),
                                         (-np.inf, "infinity")])
def test_check_array_names_non_finite_values_and_where(value, word):
    X = np.zeros((3, 2))
    X[2, 1] = value
    with pytest.raises(ValueError, match=rf"contains {word} at index \(2, 1\)"):
        check_array(X)


def test_check_array_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"^Expected 2D array, got 1D array instead: "
                                         r"X has shape \(3,\).*reshape\(-1, 1\)"):
        check_array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="0 sample.*empty"):
        check_array(np.empty((0, 3)))
    with pytest.raises(ValueError, match="0 feature"):
        check_array(np.empty((3, 0)))
    with pytest.raises(ValueError, match="Complex data not supported"):
        check_array(np.ones((2, 2)) + 1j)
    with pytest.raises(ValueError, match="Complex data not supported"):
        check_array(np.array([[1, 2j]], dtype=object))
    with pytest.raises(ValueError, match="holds strings"):
        check_array([["a", "b"]])
    with pytest.raises(ValueError, match="at most a 2-D array.*3 dimensions"):
        check_array(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="got None"):
        check_array(None)
    with pytest.raises(TypeError, match="argument must be a string.* number"):
        check_array(np.array([[{"a": 1}, 2.0]], dtype=object))


def test_sparse_input_is_not_supported():
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match="Sparse input is not supported.*toarray"):
        check_array(sparse.csr_matrix(np.eye(3)))


def test_check_X_y():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match="X has 3 rows but y has 2"):
        check_X_y(X, [0, 1])
    with pytest.raises(ValueError, match="requires y to be passed"):
        check_X_y(X, None)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        _, y = check_X_y(X, [[0], [1], [0]])
    assert y.shape == (3,)
    with pytest.raises(ValueError, match=r"y should be a 1d array.*\(3, 2\)"):
        check_X_y(X, np.ones((3, 2)))
    _, Y = check_X_y(X, np.ones((3, 2)), multi_output=True, y_numeric=True)
    assert Y.shape == (3, 2)
    with pytest.raises(ValueError, match="contains NaN"):
        check_X_y(X, [0.0, np.nan, 1.0], y_numeric=True)


def test_check_classification_targets():
    check_classification_targets(np.array([0, 1, 1]))
    check_classification_targets(np.array(["a", "b"]))
    check_classification_targets(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        check_classification_targets(np.array([0.5, 1.0]))


def test_check_is_fitted():
    class Model:
        pass

    model = Model()
    with pytest.raises(NotFittedError, match="This Model instance is not fitted yet"):
        check_is_fitted(model)
    model.coef_ = 1
    check_is_fitted(model)
    with pytest.raises(NotFittedError):
        check_is_fitted(model, ["coef_", "intercept_"])
    # It is a ValueError and an AttributeError, as in scikit-learn.
    assert issubclass(NotFittedError, ValueError) and issubclass(NotFittedError, AttributeError)


def test_not_fitted_error_is_also_sklearns_once_sklearn_is_loaded():
    from sklearn.exceptions import NotFittedError as SkNotFittedError

    with pytest.raises(SkNotFittedError):
        check_is_fitted(object.__new__(type("Model", (), {})))


def test_check_random_state():
    assert check_random_state(3).integers(1000) == check_random_state(3).integers(1000)
    rng = np.random.default_rng(0)
    assert check_random_state(rng) is rng
    assert isinstance(check_random_state(np.random.RandomState(0)), np.random.Generator)
    assert isinstance(check_random_state(None), np.random.Generator)
    with pytest.raises(ValueError, match="cannot be used to seed"):
        check_random_state("seed")


# -- validate_data: feature names and n_features_in_ --------------------------

class _Model:
    """A bare object standing in for an estimator."""


def test_validate_data_records_and_checks_feature_names():
    pd = pytest.importorskip("pandas")
    from skratch.utils import validate_data

    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0], "c": [5.0, 6.0]})
    model = _Model()
    X = validate_data(model, frame, reset=True)
    assert X.shape == (2, 3) and model.n_features_in_ == 3
    assert model.feature_names_in_.dtype == object
    assert list(model.feature_names_in_) == ["a", "b", "c"]
    np.testing.assert_array_equal(validate_data(model, frame, reset=False), X)

    with pytest.raises(ValueError, match="same order as they were in fit"):
        validate_data(model, frame[["c", "b", "a"]], reset=False)
    with pytest.raises(ValueError, match="unseen at fit time:\n- d\n"):
        validate_data(model, frame.rename(columns={"c": "d"}), reset=False)
    with pytest.raises(ValueError, match="yet now missing:\n- c\n"):
        validate_data(model, frame[["a", "b"]], reset=False)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        validate_data(model, frame.to_numpy(), reset=False)

    # Refitting on an array forgets the names; a frame is then warned about.
    validate_data(model, frame.to_numpy(), reset=True)
    assert not hasattr(model, "feature_names_in_")
    with pytest.warns(UserWarning, match="X has feature names, but _Model was fitted without"):
        validate_data(model, frame, reset=False)


def test_validate_data_ignores_non_string_columns_and_refuses_mixed_ones():
    pd = pytest.importorskip("pandas")
    from skratch.utils import validate_data

    model = _Model()
    validate_data(model, pd.DataFrame(np.ones((2, 2))), reset=True)
    assert not hasattr(model, "feature_names_in_")
    with pytest.raises(TypeError, match=r"\['int', 'str'\].*astype\(str\)"):
        validate_data(model, pd.DataFrame(np.ones((2, 2)), columns=["a", 1]), reset=True)


def test_validate_data_after_fit_needs_a_fitted_estimator_and_same_width():
    from skratch.utils import validate_data

    with pytest.raises(NotFittedError, match="_Model instance is not fitted yet"):
        validate_data(_Model(), np.ones((2, 2)), reset=False)
    model = _Model()
    X, y = validate_data(model, np.ones((3, 2)), [1, 2, 3], reset=True)
    assert y.shape == (3,)
    with pytest.raises(ValueError, match="X has 3 features, but _Model is expecting 2"):
        validate_data(model, np.ones((3, 3)), reset=False)
    with pytest.raises(ValueError, match="requires y"):
        validate_data(model, np.ones((3, 2)), None, reset=True, y_required=True)


def test_check_array_with_a_list_of_dtypes_keeps_the_listed_ones():
    keep = [np.float64, np.float32]
    assert check_array(np.ones((2, 2), dtype=np.float32), dtype=keep).dtype == np.float32
    assert check_array(np.ones((2, 2), dtype=np.float16), dtype=keep).dtype == np.float64
    assert check_array([[1, 2]], dtype=keep).dtype == np.float64
    with pytest.raises(ValueError, match="holds strings"):
        check_array([["a"]], dtype=keep)


# -- check_sample_weight -------------------------------------------------------

def test_check_sample_weight_defaults_scalars_and_dtype():
    from skratch.utils import check_sample_weight

    X = np.ones((3, 2), dtype=np.float32)
    np.testing.assert_array_equal(check_sample_weight(None, X), [1, 1, 1])
    assert check_sample_weight(None, X).dtype == np.float32
    np.testing.assert_array_equal(check_sample_weight(2, X), [2, 2, 2])
    assert check_sample_weight([1, 0, 3], np.ones((3, 2))).dtype == np.float64


@pytest.mark.parametrize("weights, message", [
    ([1.0, 2.0], r"2 weights but X has 3 samples"),
    ([[1.0, 2.0, 3.0]], r"^Sample weights must be 1D array or scalar, got 2D array"),
    ([1.0, np.nan, 1.0], "sample_weight contains NaN"),
    (np.nan, "sample_weight contains NaN"),
    ([1.0, -1.0, 1.0], "negative"),
    ([0.0, 0.0, 0.0], "zero for every sample"),
])
def test_check_sample_weight_errors_name_the_problem(weights, message):
    from skratch.utils import check_sample_weight

    with pytest.raises(ValueError, match=message):
        check_sample_weight(weights, np.ones((3, 2)))
    if "negative" in message:
        assert check_sample_weight(weights, np.ones((3, 2)), allow_negative=True)[1] == -1


@pytest.mark.parametrize("y", [np.array(["a", 1], dtype=object),
                               np.array([1.5, "x"], dtype=object)])
def test_mixed_type_labels_are_refused_by_name(y):
    with pytest.raises(ValueError, match=r"Mix of label input types \(number and string\)"):
        check_classification_targets(y)
