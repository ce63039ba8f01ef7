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
    with pytest.raises(ValueError, match=r"got a 1-D array of shape \(3,\).*reshape\(-1, 1\)"):
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
