"""Clustering metrics: how well two labelings of the same samples agree."""

import numpy as np

from ._classification import _check_same_length

__all__ = ["adjusted_rand_score"]


def _pairs(counts):
    """Number of unordered pairs inside groups of the given sizes, as exact ints."""
    counts = np.asarray(counts, dtype=np.int64)
    return int(np.sum(counts * (counts - 1) // 2))


def adjusted_rand_score(labels_true, labels_pred):
    r"""Rand index adjusted for chance: agreement of two clusterings.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
        The reference labels.
    labels_pred : array-like of shape (n_samples,)
        The cluster labels to compare with. Only the grouping matters, not
        the label values: renaming clusters does not change the score.

    Returns
    -------
    float
        1.0 for identical groupings, about 0.0 for random ones, and possibly
        negative (down to -0.5) for groupings that disagree more than chance.

    Notes
    -----
    Let :math:`n_{ij}` be the contingency table (samples in true class
    :math:`i` and predicted cluster :math:`j`), :math:`a_i` and :math:`b_j`
    its row and column sums. Counting pairs of samples, Hubert and Arabie
    [1]_ compare the pairs put together by both labelings with the number
    expected by chance:

    .. math::

        \text{ARI} = \frac{\sum_{ij} \binom{n_{ij}}{2} - E}
                          {\tfrac12 \left[\sum_i \binom{a_i}{2}
                           + \sum_j \binom{b_j}{2}\right] - E},
        \qquad
        E = \frac{\sum_i \binom{a_i}{2} \sum_j \binom{b_j}{2}}{\binom{n}{2}}.

    Only the non-zero cells of the table are formed, so the cost does not
    grow with (number of classes) x (number of clusters). The denominator
    vanishes only when both labelings put every sample in one cluster, or
    every sample in its own cluster (or when there are fewer than two
    samples): the labelings then agree and the score is 1.0, as in
    scikit-learn. The ratio is computed with exact integers and one final
    division.

    References
    ----------
    .. [1] L. Hubert and P. Arabie, "Comparing partitions", Journal of
       Classification 2, 193-218, 1985.

    Examples
    --------
    >>> from skratch.metrics import adjusted_rand_score
    >>> adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1])
    -0.5
    """
    labels_true = np.asarray(labels_true)
    labels_pred = np.asarray(labels_pred)
    for name, labels in (("labels_true", labels_true), ("labels_pred", labels_pred)):
        if labels.ndim != 1:
            raise ValueError(f"{name} must be 1-D, got shape {labels.shape}.")
    # Only the lengths are checked: two empty labelings are accepted and,
    # as in scikit-learn, agree perfectly.
    if len(labels_true) != len(labels_pred):
        _check_same_length(labels_true, labels_pred, "labels_true", "labels_pred")

    _, i = np.unique(labels_true, return_inverse=True)
    clusters, j = np.unique(labels_pred, return_inverse=True)
    _, n_ij = np.unique(i.astype(np.int64) * len(clusters) + j, return_counts=True)
    a = np.bincount(i)
    b = np.bincount(j)

    n = len(labels_true)
    pairs_total = n * (n - 1) // 2
    pairs_both = _pairs(n_ij)
    pairs_true = _pairs(a)
    pairs_pred = _pairs(b)
    if pairs_true == pairs_pred and pairs_true in (0, pairs_total):
        return 1.0
    # ARI multiplied through by 2 * C(n, 2): Python ints, since the products
    # overflow int64 for large n.
    numerator = 2 * (pairs_both * pairs_total - pairs_true * pairs_pred)
    denominator = (pairs_true + pairs_pred) * pairs_total - 2 * pairs_true * pairs_pred
    return numerator / denominator
