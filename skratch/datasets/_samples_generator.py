"""Synthetic data sets, generated from their definitions.

Each generator has scikit-learn's signature and defaults, so code written for
one library runs with the other. The random numbers come from a
:class:`numpy.random.Generator`, so the samples are not the same numbers as
scikit-learn's, only the same distributions.
"""

import numbers

import numpy as np

from ..utils.validation import check_random_state

__all__ = [
    "make_blobs",
    "make_circles",
    "make_classification",
    "make_moons",
    "make_regression",
]


# ---------------------------------------------------------------------------
# Argument checks shared by the generators
# ---------------------------------------------------------------------------

def _check_int(value, name, minimum):
    """Return ``value`` as an int, refusing non-integers and values below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}.")
    return int(value)


def _check_real(value, name, low=None, high=None, high_open=False):
    """Return ``value`` as a float, refusing non-numbers and values out of range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    if low is not None and value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}.")
    if high is not None and (value >= high if high_open else value > high):
        bound = f"< {high}" if high_open else f"<= {high}"
        raise ValueError(f"{name} must be {bound}, got {value}.")
    return value


def _check_noise(noise):
    return 0.0 if noise is None else _check_real(noise, "noise", low=0.0)


def _split_two_groups(n_samples):
    """Sizes of the two groups (outer, inner) of make_moons and make_circles."""
    if isinstance(n_samples, tuple):
        if len(n_samples) != 2:
            raise ValueError(
                "n_samples given as a tuple must hold two sizes "
                f"(n_samples_out, n_samples_in), got {n_samples!r}."
            )
        n_out = _check_int(n_samples[0], "n_samples[0]", 0)
        n_in = _check_int(n_samples[1], "n_samples[1]", 0)
        if n_out + n_in == 0:
            raise ValueError("n_samples=(0, 0) asks for no samples at all.")
        return n_out, n_in
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_out = n_samples // 2
    return n_out, n_samples - n_out


def _shuffle_rows(rng, *arrays):
    order = rng.permutation(arrays[0].shape[0])
    return tuple(a[order] for a in arrays)


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------

def make_blobs(n_samples=100, n_features=2, *, centers=None, cluster_std=1.0,
               center_box=(-10.0, 10.0), shuffle=True, random_state=None,
               return_centers=False):
    r"""Generate isotropic Gaussian blobs, one blob per centre.

    Parameters
    ----------
    n_samples : int or array-like of int, default=100
        The total number of points, shared as equally as possible between
        the centres (the first centres get one more point when it does not
        divide), or the number of points of each centre.
    n_features : int, default=2
        The number of features. Ignored when ``centers`` is an array.
    centers : int or array-like of shape (n_centers, n_features), default=None
        The number of centres to draw uniformly in ``center_box``, or the
        centres themselves. None means 3 centres when ``n_samples`` is an int,
        one per entry when it is a list.
    cluster_std : float or array-like of shape (n_centers,), default=1.0
        The standard deviation of each blob.
    center_box : tuple of float (min, max), default=(-10.0, 10.0)
        The box in which random centres are drawn.
    shuffle : bool, default=True
        Shuffle the samples; otherwise they come blob after blob.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the random numbers.
    return_centers : bool, default=False
        Also return the centres.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The points (float64).
    y : ndarray of shape (n_samples,)
        The index of the blob of each point (int).
    centers : ndarray of shape (n_centers, n_features)
        The centres, if ``return_centers`` is True.

    Notes
    -----
    Point :math:`i` of blob :math:`k` is

    .. math::

        x_i = c_k + \sigma_k z_i, \qquad z_i \sim \mathcal{N}(0, I),

    so each blob is a round Gaussian cloud of radius about
    :math:`\sigma_k \sqrt{d}` around its centre :math:`c_k`.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_blobs
    >>> X, y = make_blobs(n_samples=10, centers=3, random_state=0)
    >>> X.shape, y.shape
    ((10, 2), (10,))
    >>> np.bincount(y)
    array([4, 3, 3])
    """
    rng = check_random_state(random_state)

    if isinstance(n_samples, numbers.Integral) and not isinstance(n_samples, bool):
        n_samples = _check_int(n_samples, "n_samples", 1)
        if centers is None:
            centers = 3
        if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
            n_centers = _check_int(centers, "centers", 1)
            centers = None
        else:
            centers = np.asarray(centers, dtype=np.float64)
            if centers.ndim != 2 or centers.shape[0] == 0:
                raise ValueError(
                    "centers must be an int or a 2-D array of shape "
                    f"(n_centers, n_features), got shape {centers.shape}."
                )
            n_centers = centers.shape[0]
        base, extra = divmod(n_samples, n_centers)
        counts = np.full(n_centers, base)
        counts[:extra] += 1
    else:
        counts = np.asarray(n_samples)
        if counts.ndim != 1 or counts.size == 0 or counts.dtype.kind not in "iu":
            raise ValueError(
                "n_samples must be an int or a list of ints (one per centre), "
                f"got {n_samples!r}."
            )
        if np.any(counts < 0) or counts.sum() == 0:
            raise ValueError(
                f"n_samples per centre must be >= 0 and not all 0, got {n_samples!r}."
            )
        n_centers = counts.size
        if centers is not None:
            if isinstance(centers, numbers.Integral):
                raise ValueError(
                    "When n_samples is a list, centers must be None or an "
                    f"array with one row per entry; got centers={centers!r}."
                )
            centers = np.asarray(centers, dtype=np.float64)
            if centers.ndim != 2 or centers.shape[0] != n_centers:
                raise ValueError(
                    f"n_samples lists {n_centers} centres but centers has shape "
                    f"{centers.shape}; it needs {n_centers} rows."
                )

    if centers is None:
        n_features = _check_int(n_features, "n_features", 1)
        if len(center_box) != 2 or center_box[0] > center_box[1]:
            raise ValueError(
                f"center_box must be a pair (min, max) with min <= max, got {center_box!r}."
            )
        centers = rng.uniform(center_box[0], center_box[1], size=(n_centers, n_features))
    n_features = centers.shape[1]

    sigma = np.asarray(cluster_std, dtype=np.float64)
    if sigma.ndim == 0:
        sigma = np.full(n_centers, sigma)
    if sigma.shape != (n_centers,):
        raise ValueError(
            f"cluster_std must be a number or hold one value per centre "
            f"({n_centers} values), got shape {sigma.shape}."
        )
    if np.any(sigma < 0):
        raise ValueError(f"cluster_std must be >= 0, got {cluster_std!r}.")

    y = np.repeat(np.arange(n_centers), counts)
    Z = rng.standard_normal((y.size, n_features))
    X = centers[y] + sigma[y, None] * Z
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    if return_centers:
        return X, y, centers
    return X, y


def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
    r"""Generate two interleaving half circles.

    Parameters
    ----------
    n_samples : int or tuple of two int, default=100
        The total number of points (the upper moon gets the smaller half), or
        the sizes ``(n_upper, n_lower)`` of the two moons.
    shuffle : bool, default=True
        Shuffle the samples; otherwise the upper moon comes first.
    noise : float, default=None
        Standard deviation of Gaussian noise added to every coordinate.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the random numbers.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The points (float64).
    y : ndarray of shape (n_samples,)
        0 for the upper moon, 1 for the lower one (int).

    Notes
    -----
    With angles :math:`\theta` evenly spaced in :math:`[0, \pi]`, the
    upper moon is the half of the unit circle above the axis and the lower
    moon the same half circle flipped and moved to interleave with it:

    .. math::

        x^{(0)} = (\cos\theta,\ \sin\theta), \qquad
        x^{(1)} = (1 - \cos\theta,\ \tfrac12 - \sin\theta).

    No straight line separates the two classes.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_moons
    >>> X, y = make_moons(n_samples=7, noise=0.1, random_state=0)
    >>> X.shape, np.bincount(y)
    ((7, 2), array([3, 4]))
    """
    n_out, n_in = _split_two_groups(n_samples)
    noise = _check_noise(noise)
    rng = check_random_state(random_state)

    theta_out = np.linspace(0.0, np.pi, n_out)
    theta_in = np.linspace(0.0, np.pi, n_in)
    upper = np.column_stack([np.cos(theta_out), np.sin(theta_out)])
    lower = np.column_stack([1.0 - np.cos(theta_in), 0.5 - np.sin(theta_in)])
    X = np.vstack([upper, lower])
    y = np.repeat([0, 1], [n_out, n_in])
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    return X, y


def make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None,
                 factor=0.8):
    r"""Generate a small circle inside a larger one.

    Parameters
    ----------
    n_samples : int or tuple of two int, default=100
        The total number of points (the outer circle gets the smaller half),
        or the sizes ``(n_outer, n_inner)`` of the two circles.
    shuffle : bool, default=True
        Shuffle the samples; otherwise the outer circle comes first.
    noise : float, default=None
        Standard deviation of Gaussian noise added to every coordinate.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the random numbers.
    factor : float, default=0.8
        Radius of the inner circle relative to the outer one, in [0, 1).

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The points (float64).
    y : ndarray of shape (n_samples,)
        0 for the outer circle, 1 for the inner one (int).

    Notes
    -----
    With angles :math:`\theta` evenly spaced around the circle,

    .. math::

        x^{(0)} = (\cos\theta,\ \sin\theta), \qquad
        x^{(1)} = f\,(\cos\theta,\ \sin\theta),

    where :math:`f` is ``factor``. The classes are separated by the radius
    :math:`\|x\|`, not by any straight line.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_circles
    >>> X, y = make_circles(n_samples=8, factor=0.5, random_state=0)
    >>> np.round(np.linalg.norm(X, axis=1)[np.argsort(y)], 2)
    array([1. , 1. , 1. , 1. , 0.5, 0.5, 0.5, 0.5])
    """
    n_out, n_in = _split_two_groups(n_samples)
    noise = _check_noise(noise)
    factor = _check_real(factor, "factor", low=0.0, high=1.0, high_open=True)
    rng = check_random_state(random_state)

    theta_out = np.linspace(0.0, 2.0 * np.pi, n_out, endpoint=False)
    theta_in = np.linspace(0.0, 2.0 * np.pi, n_in, endpoint=False)
    outer = np.column_stack([np.cos(theta_out), np.sin(theta_out)])
    inner = factor * np.column_stack([np.cos(theta_in), np.sin(theta_in)])
    X = np.vstack([outer, inner])
    y = np.repeat([0, 1], [n_out, n_in])
    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    return X, y


def _low_rank_matrix(rng, n_samples, n_features, effective_rank, tail_strength):
    """A random matrix whose singular values fall off after ``effective_rank``.

    The singular values are a bell-shaped profile plus a slowly decaying
    tail, :math:`s_i = (1 - t) e^{-(i / r)^2} + t e^{-0.1 i / r}`, put
    between random orthonormal bases.
    """
    k = min(n_samples, n_features)
    U, _ = np.linalg.qr(rng.standard_normal((n_samples, k)))
    V, _ = np.linalg.qr(rng.standard_normal((n_features, k)))
    i = np.arange(k, dtype=np.float64)
    s = ((1.0 - tail_strength) * np.exp(-((i / effective_rank) ** 2))
         + tail_strength * np.exp(-0.1 * i / effective_rank))
    return (U * s) @ V.T


def make_regression(n_samples=100, n_features=100, *, n_informative=10,
                    n_targets=1, bias=0.0, effective_rank=None,
                    tail_strength=0.5, noise=0.0, shuffle=True, coef=False,
                    random_state=None):
    r"""Generate a random linear regression problem.

    Parameters
    ----------
    n_samples : int, default=100
        The number of samples.
    n_features : int, default=100
        The number of features.
    n_informative : int, default=10
        The number of features with a non-zero coefficient (at most
        ``n_features``; larger values are clipped to it, as in
        scikit-learn).
    n_targets : int, default=1
        The number of targets; ``y`` is 1-D when it is 1.
    bias : float, default=0.0
        The intercept :math:`b`.
    effective_rank : int, default=None
        None draws independent standard normal features. An int draws
        features that are mostly explained by about that many directions
        (a low-rank matrix with a singular-value tail), which makes the
        problem ill-conditioned.
    tail_strength : float, default=0.5
        Weight of the slowly decaying tail of singular values, in [0, 1];
        used only with ``effective_rank``.
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to ``y``.
    shuffle : bool, default=True
        Put the informative features at random columns; otherwise they are
        the first ``n_informative`` columns.
    coef : bool, default=False
        Also return the true coefficients.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the random numbers.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The inputs (float64).
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        The targets (float64).
    coef : ndarray of shape (n_features,) or (n_features, n_targets)
        The true coefficients :math:`w`, if ``coef`` is True.

    Notes
    -----
    The targets are a linear function of the inputs plus noise,

    .. math::

        y = X w + b + \varepsilon, \qquad
        \varepsilon \sim \mathcal{N}(0, \sigma^2),

    where the ``n_informative`` non-zero entries of :math:`w` are drawn
    uniformly in :math:`[0, 100]` and :math:`\sigma` is ``noise``. With
    ``noise=0`` the relation is exact, so a least-squares fit recovers
    :math:`w` and :math:`b`.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_regression
    >>> X, y, w = make_regression(n_samples=5, n_features=3, n_informative=2,
    ...                           bias=1.5, coef=True, random_state=0)
    >>> X.shape, y.shape, int(np.count_nonzero(w))
    ((5, 3), (5,), 2)
    >>> bool(np.allclose(y, X @ w + 1.5))
    True
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_features = _check_int(n_features, "n_features", 1)
    n_informative = min(_check_int(n_informative, "n_informative", 0), n_features)
    n_targets = _check_int(n_targets, "n_targets", 1)
    bias = _check_real(bias, "bias")
    noise = _check_real(noise, "noise", low=0.0)
    tail_strength = _check_real(tail_strength, "tail_strength", low=0.0, high=1.0)
    rng = check_random_state(random_state)

    if effective_rank is None:
        X = rng.standard_normal((n_samples, n_features))
    else:
        effective_rank = _check_int(effective_rank, "effective_rank", 1)
        X = _low_rank_matrix(rng, n_samples, n_features, effective_rank, tail_strength)

    informative = (rng.permutation(n_features)[:n_informative] if shuffle
                   else np.arange(n_informative))
    w = np.zeros((n_features, n_targets))
    w[informative] = 100.0 * rng.uniform(size=(n_informative, n_targets))
    if n_targets == 1:
        w = w[:, 0]

    # y is computed from the returned X and w (not shuffled afterwards), so
    # that ``X @ w + bias`` reproduces it bit for bit when noise is 0.
    y = X @ w + bias
    if noise > 0:
        y = y + noise * rng.standard_normal(y.shape)
    if coef:
        return X, y, w
    return X, y


def _per_feature(value, name, n_features):
    """``value`` as a number or an array of one value per feature."""
    value = np.asarray(value, dtype=np.float64)
    if value.ndim != 0 and value.shape != (n_features,):
        raise ValueError(
            f"{name} must be a number or hold one value per feature "
            f"(n_features={n_features}), got shape {value.shape}."
        )
    return value


def _hypercube_vertices(rng, n_vertices, dimension):
    """``n_vertices`` distinct random vertices of the unit cube {0, 1}^dimension."""
    # Distinct codes on the first (at most 30) coordinates are enough to make
    # the vertices distinct; the remaining coordinates are free random bits.
    coded = min(dimension, 30)
    codes = rng.choice(2 ** coded, size=n_vertices, replace=False)
    bits = (codes[:, None] >> np.arange(coded)) & 1
    free = rng.integers(0, 2, size=(n_vertices, dimension - coded))
    return np.hstack([bits, free]).astype(np.float64)


def make_classification(n_samples=100, n_features=20, *, n_informative=2,
                        n_redundant=2, n_repeated=0, n_classes=2,
                        n_clusters_per_class=2, weights=None, flip_y=0.01,
                        class_sep=1.0, hypercube=True, shift=0.0, scale=1.0,
                        shuffle=True, random_state=None):
    r"""Generate a random n-class classification problem.

    Parameters
    ----------
    n_samples : int, default=100
        The number of samples.
    n_features : int, default=20
        The total number of features: informative, redundant, repeated and
        pure noise.
    n_informative : int, default=2
        The number of informative features, the dimension in which the
        classes are placed.
    n_redundant : int, default=2
        The number of random linear combinations of the informative features.
    n_repeated : int, default=0
        The number of copies of informative or redundant features, drawn at
        random.
    n_classes : int, default=2
        The number of classes.
    n_clusters_per_class : int, default=2
        The number of Gaussian clusters that make up each class.
    weights : array-like of shape (n_classes,) or (n_classes - 1,), default=None
        The proportion of samples in each class (the last one is
        ``1 - sum(weights)`` when omitted). None means balanced classes.
    flip_y : float, default=0.01
        The fraction of samples whose class is replaced by a random one
        (label noise; a replaced label may land on the same class).
    class_sep : float, default=1.0
        Half the side of the hypercube on whose vertices the clusters sit;
        larger values make the task easier.
    hypercube : bool, default=True
        Put the clusters on hypercube vertices; otherwise on the vertices of
        a random polytope (each vertex scaled at random).
    shift : float, array-like of shape (n_features,) or None, default=0.0
        Added to the features; None draws a shift per feature uniformly in
        ``[-class_sep, class_sep]``.
    scale : float, array-like of shape (n_features,) or None, default=1.0
        Multiplies the features after the shift; None draws a scale per
        feature uniformly in ``[1, 100]``.
    shuffle : bool, default=True
        Shuffle the samples and the features. Otherwise the columns are, in
        order: informative, redundant, repeated, noise.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the random numbers.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The features (float64).
    y : ndarray of shape (n_samples,)
        The class of each sample (int).

    Notes
    -----
    Let :math:`d` be ``n_informative`` and :math:`s` ``class_sep``. The
    :math:`K` = ``n_classes * n_clusters_per_class`` cluster centres are
    distinct vertices of the hypercube :math:`\{-s, s\}^d` (so
    :math:`K \le 2^d`), and cluster :math:`k` belongs to class
    :math:`k \bmod` ``n_classes``. A point of cluster :math:`k` is

    .. math::

        x_{\text{inf}} = c_k + A_k^\top z, \qquad z \sim \mathcal{N}(0, I_d),

    where :math:`A_k` has entries uniform in :math:`[-1, 1]`, so each cluster
    has its own covariance :math:`A_k^\top A_k`. The redundant features are
    :math:`x_{\text{red}} = B^\top x_{\text{inf}}` for one random
    :math:`B` (entries uniform in :math:`[-1, 1]`), the repeated ones copy
    random columns of :math:`[x_{\text{inf}}, x_{\text{red}}]`, and the rest
    are :math:`\mathcal{N}(0, 1)` noise. Finally a fraction ``flip_y`` of the
    labels is redrawn at random and every feature is shifted and scaled,
    :math:`x \leftarrow (x + \text{shift}) \cdot \text{scale}`. All
    features therefore live in a subspace of dimension at most
    :math:`d` + the number of noise features.

    References
    ----------
    .. [1] I. Guyon, "Design of experiments for the NIPS 2003 variable
       selection benchmark", 2003.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.datasets import make_classification
    >>> X, y = make_classification(n_samples=40, n_features=5, n_classes=2,
    ...                            flip_y=0.0, random_state=0)
    >>> X.shape, np.bincount(y)
    ((40, 5), array([20, 20]))
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_features = _check_int(n_features, "n_features", 1)
    n_informative = _check_int(n_informative, "n_informative", 1)
    n_redundant = _check_int(n_redundant, "n_redundant", 0)
    n_repeated = _check_int(n_repeated, "n_repeated", 0)
    n_classes = _check_int(n_classes, "n_classes", 1)
    n_clusters_per_class = _check_int(n_clusters_per_class, "n_clusters_per_class", 1)
    flip_y = _check_real(flip_y, "flip_y", low=0.0, high=1.0)
    class_sep = _check_real(class_sep, "class_sep")

    if n_informative + n_redundant + n_repeated > n_features:
        raise ValueError(
            f"n_informative + n_redundant + n_repeated = {n_informative} + "
            f"{n_redundant} + {n_repeated} = "
            f"{n_informative + n_redundant + n_repeated} features, more than "
            f"n_features={n_features}."
        )
    n_clusters = n_classes * n_clusters_per_class
    if n_informative < np.log2(n_clusters):
        raise ValueError(
            f"n_classes * n_clusters_per_class = {n_clusters} clusters need "
            f"that many distinct hypercube vertices, but 2**n_informative = "
            f"{2 ** n_informative}; raise n_informative or lower n_classes or "
            "n_clusters_per_class."
        )

    if weights is None:
        weights = np.full(n_classes, 1.0 / n_classes)
    else:
        weights = np.asarray(weights, dtype=np.float64).ravel()
        if weights.size == n_classes - 1:
            weights = np.append(weights, 1.0 - weights.sum())
        if weights.size != n_classes:
            raise ValueError(
                f"weights must hold n_classes={n_classes} or n_classes - 1 "
                f"values, got {weights.size}."
            )
        if np.any(weights < 0) or not np.all(np.isfinite(weights)):
            raise ValueError(f"weights must be finite and >= 0, got {weights}.")
        if weights.sum() > 1.0 + 1e-8:
            raise ValueError(
                f"weights are proportions of n_samples and must sum to at "
                f"most 1, got a sum of {weights.sum():.6g}."
            )

    rng = check_random_state(random_state)

    # Cluster k belongs to class k mod n_classes; the samples lost to integer
    # rounding go one by one to the clusters in turn.
    cluster_class = np.arange(n_clusters) % n_classes
    counts = (n_samples * weights[cluster_class] / n_clusters_per_class).astype(int)
    shortfall = n_samples - counts.sum()
    counts += np.bincount(np.arange(shortfall) % n_clusters, minlength=n_clusters)

    centres = (2.0 * _hypercube_vertices(rng, n_clusters, n_informative) - 1.0) * class_sep
    if not hypercube:
        centres *= rng.uniform(size=(n_clusters, 1))
        centres *= rng.uniform(size=(1, n_informative))

    cluster = np.repeat(np.arange(n_clusters), counts)
    y = cluster_class[cluster]
    X_inf = rng.standard_normal((n_samples, n_informative))
    for k in range(n_clusters):
        in_k = cluster == k
        A_k = rng.uniform(-1.0, 1.0, size=(n_informative, n_informative))
        X_inf[in_k] = X_inf[in_k] @ A_k + centres[k]

    B = rng.uniform(-1.0, 1.0, size=(n_informative, n_redundant))
    X_red = X_inf @ B
    X_useful = np.hstack([X_inf, X_red])
    X_rep = X_useful[:, rng.integers(0, n_informative + n_redundant, size=n_repeated)]
    n_noise = n_features - n_informative - n_redundant - n_repeated
    X_noise = rng.standard_normal((n_samples, n_noise))
    X = np.hstack([X_useful, X_rep, X_noise])

    if flip_y > 0:
        flipped = rng.uniform(size=n_samples) < flip_y
        y[flipped] = rng.integers(0, n_classes, size=int(flipped.sum()))

    if shift is None:
        shift = rng.uniform(-class_sep, class_sep, size=n_features)
    if scale is None:
        scale = rng.uniform(1.0, 100.0, size=n_features)
    X = (X + _per_feature(shift, "shift", n_features)) * _per_feature(scale, "scale", n_features)

    if shuffle:
        X, y = _shuffle_rows(rng, X, y)
        X = X[:, rng.permutation(n_features)]
    return X, y.astype(np.int64)
