"""K-means clustering with Lloyd's algorithm, shown step by step."""

import numbers
import warnings
from typing import NamedTuple

import numpy as np

from ..base import BaseEstimator, ClusterMixin, TransformerMixin
from ..exceptions import warn_convergence
from ..steps import Step
from ..utils.validation import (
    check_array,
    check_is_fitted,
    check_n_features,
    check_random_state,
)

__all__ = ["KMeans"]

_INIT_OPTIONS = ("k-means++", "random")


# --- distances ---------------------------------------------------------------

def _augment(X, origin):
    r"""``[X - origin, 1]``: a column of ones folds two sums into one matmul each.

    With :math:`\tilde x = [x, 1]` and :math:`w_j = [-2 c_j, \lVert c_j\rVert^2]`,
    :math:`\tilde x \cdot w_j = \lVert c_j\rVert^2 - 2 x \cdot c_j`; and the
    same column counts the points of each cluster in :func:`_cluster_sums`.
    """
    n_samples, n_features = X.shape
    X1 = np.empty((n_samples, n_features + 1))
    # Subtracting straight into the strided view is several times faster
    # than copying a centred array into it.
    np.subtract(X, origin, out=X1[:, :n_features])
    X1[:, n_features] = 1.0
    return X1


def _partial_distances(X1, centers):
    r""":math:`\lVert c_j\rVert^2 - 2 x_i \cdot c_j` for every pair, shape (n_samples, n_clusters).

    Adding :math:`\lVert x_i\rVert^2` gives the squared distance; the argmin
    over j does not need it.
    """
    n_clusters, n_features = centers.shape
    # Built C-contiguous: BLAS is several times slower here on a transposed view.
    W = np.empty((n_features + 1, n_clusters))
    W[:n_features] = -2.0 * centers.T
    W[n_features] = np.einsum("jd,jd->j", centers, centers)
    return X1 @ W


def _squared_distances(X, centers):
    """Squared Euclidean distances, shape (n_samples, n_clusters), for predict & co."""
    # The expansion ||x||² - 2x·c + ||c||² cancels badly far from the origin;
    # moving the origin to the centres' mean keeps the terms small.
    origin = centers.mean(axis=0)
    X1 = _augment(X, origin)
    partial = _partial_distances(X1, centers - origin)
    Xc = X1[:, :-1]
    x_sq = np.einsum("id,id->i", Xc, Xc)
    return np.maximum(partial + x_sq[:, None], 0.0)


def _cluster_sums(X1, labels, n_clusters):
    """Row j: the sum of the points of cluster j, then their number (via the ones column)."""
    # A one-hot matmul is faster than np.bincount per feature or np.add.at.
    H = (labels == np.arange(n_clusters)[:, None]).astype(X1.dtype)
    return H @ X1


def _inertia(sum_x_sq, sums, centers):
    r"""The inertia from cluster statistics, without another pass over the data.

    :math:`\sum_i \lVert x_i - c_{l_i}\rVert^2 = \sum_i \lVert x_i\rVert^2
    - 2 \sum_j c_j \cdot S_j + \sum_j n_j \lVert c_j\rVert^2`.
    """
    S, counts = sums[:, :-1], sums[:, -1]
    value = sum_x_sq - 2.0 * np.einsum("jd,jd->", centers, S) + counts @ np.einsum(
        "jd,jd->j", centers, centers)
    return max(float(value), 0.0)


# --- initialisation ----------------------------------------------------------

def _kmeans_plusplus(X1, x_sq, n_clusters, rng):
    """Greedy k-means++: each new centre is the best of a few D²-weighted draws."""
    X = X1[:, :-1]
    n_samples = X.shape[0]
    n_trials = 2 + int(np.log(n_clusters))

    def squared_distances_to(indices):
        return np.maximum(x_sq[:, None] + _partial_distances(X1, X[indices]), 0.0)

    chosen = [int(rng.integers(n_samples))]
    # D2[i]: squared distance from x_i to its closest chosen centre.
    D2 = squared_distances_to(chosen)[:, 0]
    for _ in range(1, n_clusters):
        potential = D2.sum()
        if potential > 0:
            candidates = rng.choice(n_samples, size=n_trials, p=D2 / potential)
        else:  # every point already sits on a centre (duplicates): any will do
            candidates = rng.choice(n_samples, size=n_trials)
        D2_with = np.minimum(D2[:, None], squared_distances_to(candidates))
        best = int(D2_with.sum(axis=0).argmin())
        chosen.append(int(candidates[best]))
        D2 = D2_with[:, best]
    return X[chosen]


# --- Lloyd's algorithm -------------------------------------------------------

class _Event(NamedTuple):
    """One half-iteration of Lloyd's algorithm (no copies: the caller decides)."""

    kind: str                 # "assign" or "update"
    iteration: int
    centers: np.ndarray       # (k, d), in the centred coordinates of the fit
    labels: np.ndarray        # (n,)
    inertia: float
    changed: int = 0          # assign: points whose label changed
    previous_inertia: float = np.nan  # update: the inertia before the update
    shift: np.ndarray = None  # update: how far each centre moved
    relocated: tuple = ()     # update: clusters that were empty, moved to far points
    converged: bool = False   # update: the centres moved less than tol
    stop: str = ""            # last event: "fixed point", "tol" or "max_iter"


def _relocate_empty(X1, x_sq, partial, labels, sums):
    """Give each empty cluster the point farthest from its own centre.

    The point leaves its cluster (its sum and count) and alone forms the empty
    one, so that cluster's new centre is that point and no mean is 0 / 0.
    """
    empty = np.flatnonzero(sums[:, -1] == 0)
    if empty.size == 0:
        return labels, sums, ()
    d2_own = x_sq + partial[np.arange(len(labels)), labels]
    farthest = np.argsort(-d2_own, kind="stable")[:empty.size]
    labels, sums = labels.copy(), sums.copy()
    for j, i in zip(empty, farthest):
        sums[labels[i]] -= X1[i]
        sums[j] = X1[i]
        labels[i] = j
    return labels, sums, tuple(int(j) for j in empty)


def _lloyd(X1, x_sq, centers, max_iter, tol):
    """Lloyd's iterations from ``centers``: yield an assign and an update event per iteration.

    Deterministic, so that replaying a run from the same centres gives the
    same events. Arrays yielded are never modified afterwards.
    """
    n_clusters = centers.shape[0]
    sum_x_sq = x_sq.sum()
    labels = None
    for iteration in range(1, max_iter + 1):
        # Assignment: l_i = argmin_j ||x_i - c_j||².
        partial = _partial_distances(X1, centers)
        new_labels = partial.argmin(axis=1)
        changed = new_labels.size if labels is None else int(
            np.count_nonzero(new_labels != labels))
        sums = _cluster_sums(X1, new_labels, n_clusters)
        inertia = _inertia(sum_x_sq, sums, centers)
        labels = new_labels
        if changed == 0:
            # The centres are already the means of these labels: a fixed point.
            yield _Event("assign", iteration, centers, labels, inertia, changed,
                         stop="fixed point")
            return
        yield _Event("assign", iteration, centers, labels, inertia, changed)

        # Update: c_j = mean of the points with l_i = j.
        labels, sums, relocated = _relocate_empty(X1, x_sq, partial, labels, sums)
        counts = sums[:, -1]
        new_centers = centers.copy()
        filled = counts > 0  # a cluster emptied by a relocation keeps its centre
        new_centers[filled] = sums[filled, :-1] / counts[filled, None]
        moves = new_centers - centers
        shift = np.sqrt(np.einsum("jd,jd->j", moves, moves))
        new_inertia = _inertia(sum_x_sq, sums, new_centers)
        converged = float(shift @ shift) <= tol
        yield _Event("update", iteration, new_centers, labels, new_inertia,
                     previous_inertia=inertia, shift=shift, relocated=relocated,
                     converged=converged)
        centers = new_centers
        if converged:
            break

    # The last update moved the centres: assign once more so that the labels
    # and the inertia belong to the final centres.
    partial = _partial_distances(X1, centers)
    final_labels = partial.argmin(axis=1)
    changed = int(np.count_nonzero(final_labels != labels))
    inertia = _inertia(sum_x_sq, _cluster_sums(X1, final_labels, n_clusters), centers)
    yield _Event("assign", iteration, centers, final_labels, inertia, changed,
                 stop="tol" if converged else "max_iter")


# --- the estimator -----------------------------------------------------------

class KMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    r"""K-means clustering by Lloyd's algorithm.

    Splits the samples into ``n_clusters`` groups, each represented by its
    centre (the mean of its points), so that the total squared distance from
    every point to its centre is as small as possible.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters :math:`k`.
    init : {"k-means++", "random"} or array-like of shape (n_clusters, n_features), default="k-means++"
        How to choose the initial centres: "k-means++" (greedy k-means++,
        see Notes), "random" (``n_clusters`` distinct samples drawn
        uniformly), or the centres themselves.
    n_init : "auto" or int, default="auto"
        How many initialisations to run; the run with the lowest final
        inertia is kept. "auto" means 1 for "k-means++" or an array, 10 for
        "random". With an array ``init`` only one run is made (a
        ``RuntimeWarning`` says so if ``n_init`` asks for more).
    max_iter : int, default=300
        The most Lloyd iterations in one run.
    tol : float, default=1e-4
        Relative tolerance: a run stops when the sum of the squared centre
        shifts of an iteration is at most ``tol`` times the mean variance of
        the features.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the initialisations.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The centres :math:`c_j`.
    labels_ : ndarray of shape (n_samples,)
        The cluster of each training sample: its nearest centre.
    inertia_ : float
        The objective :math:`J`: the sum of squared distances from the
        samples to their centres.
    n_iter_ : int
        The number of Lloyd iterations of the kept run.
    n_features_in_ : int
        The number of features seen in fit.

    Notes
    -----
    K-means looks for centres :math:`c_1, \dots, c_k` and labels
    :math:`l_i \in \{1, \dots, k\}` minimising the inertia

    .. math::

        J(c, l) = \sum_{i=1}^{n} \lVert x_i - c_{l_i} \rVert^2 .

    Lloyd's algorithm alternates two steps, each of which can only lower
    :math:`J`:

    .. math::

        \text{assign:}\quad l_i \leftarrow \arg\min_j \lVert x_i - c_j \rVert^2,
        \qquad
        \text{update:}\quad c_j \leftarrow \frac{1}{n_j} \sum_{i:\, l_i = j} x_i ,

    where :math:`n_j` is the number of points with label :math:`j`. The
    squared distances come from one matrix product, using

    .. math::

        \lVert x_i - c_j \rVert^2 = \lVert x_i \rVert^2 - 2\, x_i \cdot c_j
        + \lVert c_j \rVert^2 ,

    and the inertia from the cluster sums :math:`S_j = \sum_{l_i = j} x_i`
    without another pass over the data:
    :math:`J = \sum_i \lVert x_i \rVert^2 - 2 \sum_j c_j \cdot S_j
    + \sum_j n_j \lVert c_j \rVert^2`.
    A run stops when no label changes (a fixed point), when
    :math:`\sum_j \lVert c_j^{new} - c_j \rVert^2 \le \text{tol} \cdot
    \frac{1}{d}\sum_{f=1}^{d} \operatorname{Var}(x_{\cdot f})`, or after
    ``max_iter`` iterations; in the last two cases a final assignment makes
    the labels those of the final centres. A cluster left empty is given the
    point farthest from its own centre.

    k-means++ picks the first centre uniformly among the samples; each next
    one is drawn with probability proportional to :math:`D(x)^2`, the squared
    distance from :math:`x` to the closest centre chosen so far. The greedy
    variant draws :math:`2 + \lfloor \ln k \rfloor` candidates and keeps the
    one that lowers :math:`\sum_x D(x)^2` most.

    With ``n_init > 1``, every initialisation first runs quietly (the same
    Lloyd code, no steps); ``fit_steps`` then replays the best run from its
    initial centres, so the steps shown are those of the kept model and the
    final state equals that run's. The data are centred before fitting, for
    numerical precision (distances do not change).

    :meth:`fit_steps` yields an "init" step (the initial centres), then per
    iteration an "assign" step (state ``centers``, ``labels``; loss: the
    inertia of the new labels with the current centres) and an "update" step
    (state ``centers``, ``labels``, ``shift``, each centre's displacement;
    loss: the inertia with the new centres). The last step is an "assign"
    step and its loss is ``inertia_``.

    References
    ----------
    .. [1] S. P. Lloyd, "Least squares quantization in PCM", IEEE Transactions
       on Information Theory 28(2), 129-137, 1982.
    .. [2] D. Arthur and S. Vassilvitskii, "k-means++: the advantages of
       careful seeding", Proceedings of the 18th ACM-SIAM Symposium on
       Discrete Algorithms (SODA), 1027-1035, 2007.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.cluster import KMeans
    >>> from skratch.datasets import make_blobs
    >>> X, _ = make_blobs(n_samples=150, centers=3, random_state=0)
    >>> km = KMeans(n_clusters=3, random_state=0).fit(X)
    >>> km.cluster_centers_.shape
    (3, 2)
    >>> int(np.unique(km.labels_).size)
    3
    >>> bool(np.all(km.predict(X) == km.labels_))
    True
    >>> [step.kind for step in km.fit_steps(X)][:4]
    ['init', 'assign', 'update', 'assign']
    """

    def __init__(self, n_clusters=8, *, init="k-means++", n_init="auto",
                 max_iter=300, tol=1e-4, random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    # --- validation ---

    def _check_params(self, n_samples, n_features):
        """Validate the hyperparameters; return (init array or None, number of runs)."""
        k = self.n_clusters
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {k!r}.")
        if n_samples < k:
            raise ValueError(
                f"n_samples={n_samples} should be >= n_clusters={k}: there must "
                "be at least as many samples as clusters."
            )
        for name in ("max_iter",):
            value = getattr(self, name)
            if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}.")
        if not isinstance(self.tol, numbers.Real) or not self.tol >= 0:
            raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")

        init_array = None
        if isinstance(self.init, str):
            if self.init not in _INIT_OPTIONS:
                raise ValueError(
                    f"init={self.init!r} is not a valid option: use 'k-means++', "
                    "'random' or an array of shape (n_clusters, n_features)."
                )
        else:
            init_array = check_array(self.init, input_name="init").astype(np.float64)
            if init_array.shape != (k, n_features):
                raise ValueError(
                    f"init has shape {init_array.shape}, but KMeans expects an "
                    f"array of shape (n_clusters, n_features) = ({k}, {n_features})."
                )

        n_init = self.n_init
        if isinstance(n_init, str):
            if n_init != "auto":
                raise ValueError(
                    f"n_init must be 'auto' or a positive integer, got {n_init!r}.")
            n_init = 10 if init_array is None and self.init == "random" else 1
        elif not isinstance(n_init, numbers.Integral) or isinstance(n_init, bool) or n_init < 1:
            raise ValueError(f"n_init must be 'auto' or a positive integer, got {n_init!r}.")
        if init_array is not None and n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only one "
                f"init in KMeans instead of n_init={n_init}.",
                RuntimeWarning, stacklevel=3,
            )
            n_init = 1
        return init_array, int(n_init)

    def _initial_centers(self, X1, x_sq, init_array, rng):
        """Initial centres, in the centred coordinates of the fit."""
        if init_array is not None:
            return init_array
        if self.init == "random":
            return X1[rng.choice(X1.shape[0], size=self.n_clusters, replace=False), :-1]
        return _kmeans_plusplus(X1, x_sq, self.n_clusters, rng)

    # --- training ---

    def fit_steps(self, X, y=None):
        """Fit k-means, yielding a :class:`~skratch.Step` after each half-iteration.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : ignored

        Yields
        ------
        Step
            "init", then "assign" and "update" per iteration, then a final
            "assign" (see Notes).
        """
        X = check_array(X).astype(np.float64, copy=False)
        n_samples, n_features = X.shape
        init_array, n_runs = self._check_params(n_samples, n_features)
        for name in ("labels_", "inertia_", "n_iter_"):  # from an earlier fit
            self.__dict__.pop(name, None)
        self.n_features_in_ = n_features
        rng = check_random_state(self.random_state)

        mean = X.mean(axis=0)
        X1 = _augment(X, mean)
        Xc = X1[:, :-1]
        x_sq = np.einsum("id,id->i", Xc, Xc)
        # Mean variance of the features: sum of squared centred norms / (n d).
        tol = self.tol * x_sq.sum() / (n_samples * n_features)
        if init_array is not None:
            init_array = init_array - mean
            how = "given array"
        else:
            how = "k-means++" if self.init == "k-means++" else "random samples"
        if n_runs == 1:
            centers0 = self._initial_centers(X1, x_sq, init_array, rng)
            caption = f"initial centres ({how})"
        else:
            best_inertia, centers0 = np.inf, None
            for _ in range(n_runs):
                candidate = self._initial_centers(X1, x_sq, init_array, rng)
                for event in _lloyd(X1, x_sq, candidate, self.max_iter, tol):
                    pass
                if event.inertia < best_inertia:
                    best_inertia, centers0 = event.inertia, candidate
            caption = (f"initial centres ({how}) of the best of {n_runs} runs "
                       f"(final inertia {best_inertia:.6g}), replayed")

        self.cluster_centers_ = centers0 + mean
        self.n_iter_ = 0
        yield Step(index=0, kind="init", message=caption, loss=None,
                   state={"centers": self.cluster_centers_})

        for index, event in enumerate(
                _lloyd(X1, x_sq, centers0, self.max_iter, tol), start=1):
            self.cluster_centers_ = event.centers + mean
            # A copy: the run compares the next labels with these.
            self.labels_ = event.labels.copy()
            self.inertia_ = event.inertia
            self.n_iter_ = event.iteration
            state = {"centers": self.cluster_centers_, "labels": event.labels}
            if event.kind == "update":
                state["shift"] = event.shift
            if event.stop:
                n_found = np.count_nonzero(
                    np.bincount(event.labels, minlength=self.n_clusters))
                if n_found < self.n_clusters:
                    warn_convergence(
                        f"Number of distinct clusters ({n_found}) found smaller "
                        f"than n_clusters ({self.n_clusters}). Possibly due to "
                        "duplicate points in X.",
                    )
            yield Step(index=index, kind=event.kind, message=self._message(event, tol),
                       loss=event.inertia, state=state)

    def _message(self, event, tol):
        """A one-line caption for a Lloyd event."""
        i = event.iteration
        if event.kind == "update":
            text = (f"iteration {i}: centres moved up to {event.shift.max():.3g}, "
                    f"inertia {event.previous_inertia:.6g} → {event.inertia:.6g}")
            if event.relocated:
                empty = ", ".join(str(j) for j in event.relocated)
                text += f"; empty cluster(s) {empty} moved to the farthest point(s)"
            if event.converged:
                text += (f"; total squared shift {float(event.shift @ event.shift):.3g}"
                         f" <= {tol:.3g}: converged")
            return text
        if event.stop == "" and i == 1:
            return (f"iteration 1: every point joins its nearest centre, "
                    f"inertia {event.inertia:.6g}")
        if event.stop == "":
            return (f"iteration {i}: {event.changed} point(s) changed cluster, "
                    f"inertia {event.inertia:.6g}")
        if event.stop == "fixed point":
            return (f"iteration {i}: no point changed cluster, so the centres "
                    f"stay: converged, inertia {event.inertia:.6g}")
        reason = "converged centres" if event.stop == "tol" else (
            f"centres after max_iter={self.max_iter} iterations")
        return (f"final assignment to the {reason}: {event.changed} point(s) "
                f"changed cluster, inertia {event.inertia:.6g}")

    # --- using the model ---

    def _validate_for_predict(self, X):
        check_is_fitted(self, "cluster_centers_")
        X = check_array(X).astype(np.float64, copy=False)
        check_n_features(self, X)
        return X

    def predict(self, X):
        """The index of the closest centre for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        X = self._validate_for_predict(X)
        return _squared_distances(X, self.cluster_centers_).argmin(axis=1)

    def transform(self, X):
        """Distances from each sample to every centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
        """
        X = self._validate_for_predict(X)
        return np.sqrt(_squared_distances(X, self.cluster_centers_))

    def score(self, X, y=None):
        """Minus the inertia of ``X`` with respect to the centres (higher is better).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        float
        """
        X = self._validate_for_predict(X)
        return -float(_squared_distances(X, self.cluster_centers_).min(axis=1).sum())
