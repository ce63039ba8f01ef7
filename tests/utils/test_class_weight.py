import numpy as np
import pytest

from skratch.utils.class_weight import class_weight_per_sample, compute_class_weight


def test_balanced_weights_match_scikit_learn():
    from sklearn.utils.class_weight import compute_class_weight as sk_compute

    y = np.array(["b", "a", "a", "c", "a", "c"])
    classes = np.unique(y)
    np.testing.assert_allclose(compute_class_weight("balanced", classes=classes, y=y),
                               sk_compute("balanced", classes=classes, y=y), rtol=1e-15)
    weights = {"a": 2.0, "c": 0.5}
    np.testing.assert_allclose(compute_class_weight(weights, classes=classes, y=y),
                               sk_compute(weights, classes=classes, y=y))
    assert compute_class_weight(None, classes=classes, y=y).tolist() == [1.0, 1.0, 1.0]


def test_balanced_weights_give_each_class_the_same_total():
    y = np.array([0] * 7 + [1] * 2 + [2])
    per_sample = class_weight_per_sample("balanced", np.array([0, 1, 2]), y)
    totals = [per_sample[y == c].sum() for c in range(3)]
    np.testing.assert_allclose(totals, [len(y) / 3] * 3)


@pytest.mark.parametrize("class_weight, message", [
    ("auto", "'auto' is not supported"),
    ({"z": 1.0}, "class 'z', which is not in the training labels"),
    ({"a": -1.0}, "finite number >= 0"),
    ([1.0, 2.0], "must be None, 'balanced' or a dict"),
])
def test_bad_class_weights_name_the_problem(class_weight, message):
    with pytest.raises(ValueError, match=message):
        compute_class_weight(class_weight, classes=np.array(["a", "b"]), y=np.array(["a", "b"]))


def test_dict_keys_may_be_numpy_scalars():
    weights = compute_class_weight({np.int64(1): 3.0}, classes=np.array([0, 1]), y=np.array([0, 1]))
    assert weights.tolist() == [1.0, 3.0]
