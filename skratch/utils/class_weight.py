"""Class weights: how much each class counts in a classifier's objective."""

import numbers

import numpy as np

__all__ = ["compute_class_weight", "class_weight_per_sample"]


def compute_class_weight(class_weight, *, classes, y):
    r"""The weight of each class, for ``class_weight=None``, a dict or "balanced".

    Parameters
    ----------
    class_weight : None, dict or "balanced"
        None weighs every class 1. A dict maps class labels to weights
        (classes it leaves out weigh 1). "balanced" weighs class :math:`c`
        by :math:`n / (k\, n_c)`, with :math:`n` samples, :math:`k` classes
        and :math:`n_c` samples of class :math:`c`, so that every class
        carries the same total weight.
    classes : ndarray of shape (n_classes,)
        The sorted class labels.
    y : array-like of shape (n_samples,)
        The training labels.

    Returns
    -------
    ndarray of shape (n_classes,)

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.utils.class_weight import compute_class_weight
    >>> y = np.array([0, 0, 0, 1])
    >>> compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    array([0.66666667, 2.        ])
    """
    classes = np.asarray(classes)
    if class_weight is None:
        return np.ones(len(classes))
    if isinstance(class_weight, str):
        if class_weight != "balanced":
            raise ValueError(
                f"class_weight={class_weight!r} is not supported: use None, "
                "'balanced' or a dict mapping each class to its weight."
            )
        y = np.asarray(y)
        counts = np.array([np.count_nonzero(y == c) for c in classes], dtype=float)
        if np.any(counts == 0):
            raise ValueError("class_weight='balanced' needs every class to appear in y.")
        return len(y) / (len(classes) * counts)
    if not isinstance(class_weight, dict):
        raise ValueError(
            f"class_weight must be None, 'balanced' or a dict, got "
            f"{type(class_weight).__name__}."
        )
    weights = np.ones(len(classes))
    known = {c.item() if isinstance(c, np.generic) else c: i for i, c in enumerate(classes)}
    for label, weight in class_weight.items():
        key = label.item() if isinstance(label, np.generic) else label
        if key not in known:
            raise ValueError(
                f"class_weight has a weight for class {label!r}, which is not "
                f"in the training labels {classes.tolist()}."
            )
        if not isinstance(weight, numbers.Real) or not np.isfinite(weight) or weight < 0:
            raise ValueError(
                f"class_weight for class {label!r} must be a finite number >= 0, "
                f"got {weight!r}."
            )
        weights[known[key]] = float(weight)
    return weights


def class_weight_per_sample(class_weight, classes, y_encoded):
    """Each sample's class weight, from labels encoded as indices into ``classes``.

    Parameters
    ----------
    class_weight : None, dict or "balanced"
    classes : ndarray of shape (n_classes,)
    y_encoded : ndarray of int, shape (n_samples,)
        ``classes[y_encoded]`` are the labels.

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    y_encoded = np.asarray(y_encoded)
    weights = compute_class_weight(class_weight, classes=classes, y=np.asarray(classes)[y_encoded])
    return weights[y_encoded]
