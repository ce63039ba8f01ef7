"""K-means clustering with Lloyd's algorithm, shown step by step.

The file reads as the maths: the objective (:func:`inertia`), Lloyd's two
steps (:func:`assign`, :func:`update_centres`), the loop that alternates
them (:func:`lloyd`) and the k-means++ start; then the estimator. The
numerical devices those functions rely on (squared distances from one
matrix product, units that keep squares in the float range) come last,
after the class.
"""

import warnings
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np

from ..base import BaseEstimator, ClusterMixin, TransformerMixin
from ..exceptions import warn_convergence
from ..steps import Step
from ..utils._param_validation import Interval, Options
from ..utils.validation import (
    check_array,
    check_fitted_input,
    check_is_fitted,
    check_random_state,
    check_sample_weight,
    validate_data,
)

__all__ = ["KMeans"]

_DTYPES = [np.float64, np.float32]  # float32 stays float32; anything else becomes float64


# --- the objective -----------------------------------------------------------

def inertia(X, centres, labels, weights):
    r"""The k-means objective :math:`J = \sum_i w_i \lVert x_i - c_{l_i} \rVert^2`.

    Computed from the differences :math:`x_i - c_{l_i}` themselves, so a
    point on its centre adds exactly 0.
    """
    diff = X - centres[labels]
    # Row i: the squared length of x_i - c_{l_i}.
    return float(weights @ np.einsum("id,id->i", diff, diff))


# --- Lloyd's two steps -------------------------------------------------------

def assign(distances):
    r"""Each point joins its nearest centre: :math:`l_i = \arg\min_j \lVert x_i - c_j \rVert^2`.

    ``distances[i, j]`` is :math:`\lVert x_i - c_j \rVert^2`, or that less
    :math:`\lVert x_i \rVert^2`, the same for every centre, which leaves
    the argmin as it is: :func:`lloyd` passes :math:`\lVert c_j \rVert^2 -
    2\, x_i \cdot c_j` (:func:`squared_distances_less_own_norm`). A tie goes
    to the lowest :math:`j`.
    """
    return distances.argmin(axis=1)


def update_centres(X, labels, weights, centres):
    r"""Each centre moves to the weighted mean of its points.

    .. math::

        c_j \leftarrow \frac{1}{W_j} \sum_{i:\, l_i = j} w_i x_i,
        \qquad W_j = \sum_{i:\, l_i = j} w_i .

    A cluster of weight :math:`W_j = 0` keeps its centre (its mean would be
    0 / 0). Returns the new centres; ``centres`` is not modified.
    """
    n_clusters = len(centres)
    # H[j, i] = w_i if point i is in cluster j, else 0: one matrix product
    # then gives every cluster's weighted sum at once.
    H = (labels == np.arange(n_clusters)[:, None]) * weights
    sums, cluster_weights = H @ X, H.sum(axis=1)
    new_centres = centres.copy()
    filled = cluster_weights > 0
    new_centres[filled] = sums[filled] / cluster_weights[filled, None]
    return new_centres


def fill_empty_clusters(labels, weights, residuals, n_clusters):
    """Give each empty cluster the weighted point farthest from its own centre.

    A cluster is empty when its points weigh nothing. The point, of squared
    distance ``residuals[i]`` to its centre, leaves its cluster and alone
    forms the empty one, so that cluster's new centre is that point. Points
    of weight 0 are taken last, since they cannot fill a cluster: a cluster
    given one still weighs 0 and keeps its centre. When every
    point already sits on its centre (more clusters than distinct points),
    moving one cannot lower the inertia, so the empty clusters stay empty.
    Returns the labels (a new array if any changed) and the clusters filled.
    """
    empty = np.flatnonzero(np.bincount(labels, weights, minlength=n_clusters) == 0)
    distance = np.where(weights > 0, residuals, -1.0)
    if empty.size == 0 or distance.max() <= 0:
        return labels, ()
    farthest = np.argsort(-distance, kind="stable")[:empty.size]
    labels = labels.copy()
    labels[farthest] = empty
    return labels, tuple(int(j) for j in empty)


# --- Lloyd's algorithm -------------------------------------------------------

class _Event(NamedTuple):
    """One half-iteration of Lloyd's algorithm (no copies: the caller decides)."""

    kind: str                 # "assign" or "update"
    iteration: int
    centers: np.ndarray       # (k, d), in the units of the fit (see fit_steps)
    labels: np.ndarray        # (n,)
    inertia: float
    changed: int = 0          # assign: points whose label changed
    previous_inertia: float = np.nan  # update: the inertia before the update
    shift: np.ndarray = None  # update: how far each centre moved
    relocated: tuple = ()     # update: clusters that were empty, moved to far points
    converged: bool = False   # update: the centres moved less than tol
    stop: str = ""            # last event: "fixed point", "tol" or "max_iter"


def lloyd(X, weights, centres, max_iter, tol):
    r"""Lloyd's algorithm from ``centres``: yield an assign and an update event per iteration.

    Alternates :func:`assign` and :func:`update_centres` until no label
    changes, the squared centre shifts add up to at most ``tol``, or
    ``max_iter`` iterations; then assigns once more, so that the last
    labels belong to the last centres. Deterministic, so that replaying a
    run from the same centres gives the same events. Arrays yielded are
    never modified afterwards.

    Each iteration computes one matrix of distances to the new centres,
    :math:`\lVert c_j \rVert^2 - 2\, x_i \cdot c_j`
    (:func:`squared_distances_less_own_norm`): it gives the next assignment
    and, with :math:`\lVert x_i \rVert^2` added back, the inertias of the
    steps in between, which inherit the expanded square's rounding (see
    :func:`squared_distances`). The last event's inertia, the fitted
    ``inertia_``, is :func:`inertia`, exact.
    """
    samples = np.arange(X.shape[0])
    x_sq = np.einsum("id,id->i", X, X)   # ||x_i||²
    # ||x_i - c_j||² less ||x_i||²: all the assignment needs.
    distances = squared_distances_less_own_norm(X, centres)
    labels = None
    for iteration in range(1, max_iter + 1):
        new_labels = assign(distances)
        changed = new_labels.size if labels is None else int(
            np.count_nonzero(new_labels != labels))
        labels = new_labels
        if changed == 0:
            # The centres are already the means of these labels: a fixed point.
            yield _Event("assign", iteration, centres, labels,
                         inertia(X, centres, labels, weights), changed, stop="fixed point")
            return
        # Each point's squared distance to its centre, ||x_i||² added back.
        residuals = np.maximum(distances[samples, labels] + x_sq, 0.0)
        assigned_inertia = float(weights @ residuals)
        yield _Event("assign", iteration, centres, labels, assigned_inertia, changed)

        labels, relocated = fill_empty_clusters(labels, weights, residuals, len(centres))
        new_centres = update_centres(X, labels, weights, centres)
        moves = new_centres - centres
        shift = np.sqrt(np.einsum("jd,jd->j", moves, moves))
        # The distances to the new centres: this update's inertia, and the
        # next assignment.
        distances = squared_distances_less_own_norm(X, new_centres)
        converged = float(shift @ shift) <= tol
        yield _Event("update", iteration, new_centres, labels,
                     float(weights @ np.maximum(distances[samples, labels] + x_sq, 0.0)),
                     previous_inertia=assigned_inertia, shift=shift, relocated=relocated,
                     converged=converged)
        centres = new_centres
        if converged:
            break

    # The last update moved the centres: assign once more so that the labels
    # and the inertia belong to the final centres.
    final_labels = assign(distances)
    changed = int(np.count_nonzero(final_labels != labels))
    yield _Event("assign", iteration, centres, final_labels,
                 inertia(X, centres, final_labels, weights), changed,
                 stop="tol" if converged else "max_iter")


# --- the initial centres -----------------------------------------------------

def kmeans_plusplus(X, weights, n_clusters, rng):
    r"""Greedy weighted k-means++: each new centre the best of a few :math:`w D^2`-weighted draws.

    The first centre is sample :math:`i` with probability proportional to
    :math:`w_i`; each next one is the best of :math:`2 + \lfloor \ln k
    \rfloor` draws with probabilities proportional to :math:`w_i D(x_i)^2`
    (:math:`D`: the distance to the closest centre so far), the one that
    lowers :math:`\sum_i w_i D(x_i)^2` most.
    """
    n_samples = X.shape[0]
    n_trials = 2 + int(np.log(n_clusters))
    chosen = [int(rng.choice(n_samples, p=_probabilities(weights)))]
    # D2[i]: squared distance from x_i to its closest chosen centre.
    D2 = squared_distances(X, X[chosen])[:, 0]
    for _ in range(1, n_clusters):
        potential = weights @ D2
        if potential > 0:
            candidates = rng.choice(n_samples, size=n_trials, p=_probabilities(weights * D2))
        else:  # every weighted point already sits on a centre (duplicates): any will do
            candidates = rng.choice(n_samples, size=n_trials, p=_probabilities(weights))
        D2_with = np.minimum(D2[:, None], squared_distances(X, X[candidates]))
        best = int((weights @ D2_with).argmin())
        chosen.append(int(candidates[best]))
        D2 = D2_with[:, best]
    return X[chosen]


# --- the estimator -----------------------------------------------------------

class KMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    r"""K-means clustering by Lloyd's algorithm.

    Splits the samples into ``n_clusters`` groups, each represented by its
    centre (the weighted mean of its points), so that the total weighted
    squared distance from every point to its centre is as small as possible.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters :math:`k`.
    init : {"k-means++", "random"}, callable or array-like of shape (n_clusters, n_features), default="k-means++"
        How to choose the initial centres: "k-means++" (greedy k-means++,
        see Notes), "random" (``n_clusters`` distinct samples drawn with
        probabilities proportional to their weights), a callable
        ``init(X, n_clusters, random_state=...)`` returning the centres (as
        in scikit-learn: ``X`` is the training data, ``random_state`` a
        ``numpy.random.RandomState`` seeded from ``random_state``), or the
        centres themselves.
    n_init : "auto" or int, default="auto"
        How many initialisations to run; the run with the lowest final
        inertia is kept. "auto" means 1 for "k-means++" or an array, 10 for
        "random" or a callable. With an array ``init`` only one run is made
        (a ``RuntimeWarning`` says so if ``n_init`` asks for more).
    max_iter : int, default=300
        The most Lloyd iterations in one run.
    tol : float, default=1e-4
        Relative tolerance: a run stops when the sum of the squared centre
        shifts of an iteration is at most ``tol`` times the mean variance of
        the features (unweighted, as in scikit-learn).
    verbose : int, default=0
        0: silent. 1: print progress as scikit-learn does ("Initialization
        complete", "Iteration 3, inertia 412.7." and how the run converged).
        2: also print each step's caption.
    random_state : None, int or numpy.random.Generator, default=None
        Seed of the initialisations.
    copy_x : bool, default=True
        Accepted for compatibility with scikit-learn, where ``False`` lets
        fit centre ``X`` in place. Skratch never modifies ``X`` (the fit works
        on a rescaled, centred copy), so the value changes nothing.
    algorithm : {"lloyd", "elkan"}, default="lloyd"
        Lloyd's algorithm. "elkan" is accepted and also runs Lloyd's
        algorithm: Elkan's variant only skips the distance computations that
        the triangle inequality proves useless, so its iterates, and hence
        its centres, labels, inertia and ``n_iter_``, are Lloyd's.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The centres :math:`c_j`, in the dtype of the training data (float32
        or float64).
    labels_ : ndarray of shape (n_samples,)
        The cluster of each training sample: its nearest centre.
    inertia_ : float
        The objective :math:`J`: the sum of the weighted squared distances
        from the samples to their centres.
    n_iter_ : int
        The number of Lloyd iterations of the kept run.
    n_features_in_ : int
        The number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features,)
        The names of the features seen in fit. Defined only when ``X`` is a
        DataFrame whose column names are all strings; predict, transform and
        score then refuse data with other or reordered columns.

    Notes
    -----
    K-means looks for centres :math:`c_1, \dots, c_k` and labels
    :math:`l_i \in \{1, \dots, k\}` minimising the inertia

    .. math::

        J(c, l) = \sum_{i=1}^{n} w_i \lVert x_i - c_{l_i} \rVert^2 ,

    where :math:`w_i \ge 0` is the weight of sample :math:`i`
    (``sample_weight``; 1 by default). Lloyd's algorithm alternates two
    steps, each of which can only lower :math:`J`:

    .. math::

        \text{assign:}\quad l_i \leftarrow \arg\min_j \lVert x_i - c_j \rVert^2,
        \qquad
        \text{update:}\quad c_j \leftarrow \frac{1}{W_j} \sum_{i:\, l_i = j} w_i x_i ,

    where :math:`W_j = \sum_{l_i = j} w_i` is the weight of cluster
    :math:`j`. A weight of :math:`m` counts a sample :math:`m` times: an
    integer weight gives the same objective, centres and labels as
    repeating the sample. For the assignment the squared distances come
    from one matrix product, using

    .. math::

        \lVert x_i - c_j \rVert^2 = \lVert x_i \rVert^2 - 2\, x_i \cdot c_j
        + \lVert c_j \rVert^2 ;

    this expansion cancels (a point on a centre comes out at about
    :math:`10^{-15}` rather than 0), which an argmin tolerates, and so do
    the inertias of the intermediate steps (read from the same matrix);
    ``inertia_``, :meth:`transform` and :meth:`score` use the differences
    :math:`x_i - c_j` themselves. Each piece is a function of this module,
    named as here: ``inertia``, ``assign``, ``update_centres`` and the loop
    ``lloyd``.
    A run stops when no label changes (a fixed point), when
    :math:`\sum_j \lVert c_j^{new} - c_j \rVert^2 \le \text{tol} \cdot
    \frac{1}{d}\sum_{f=1}^{d} \operatorname{Var}(x_{\cdot f})`, or after
    ``max_iter`` iterations; in the last two cases a final assignment makes
    the labels those of the final centres. A cluster left empty (of weight
    0) is given the weighted point farthest from its own centre.

    k-means++ picks the first centre among the samples with probability
    :math:`w_i / \sum_i w_i`; each next one with probability proportional to
    :math:`w_i D(x_i)^2`, where :math:`D(x)` is the distance from :math:`x`
    to the closest centre chosen so far. The greedy variant draws
    :math:`2 + \lfloor \ln k \rfloor` candidates and keeps the one that
    lowers :math:`\sum_i w_i D(x_i)^2` most. Weights play no part in an
    array or callable ``init``.

    With ``n_init > 1``, every initialisation first runs quietly (the same
    Lloyd code, no steps); ``fit_steps`` then replays the best run from its
    initial centres, so the steps shown are those of the kept model and the
    final state equals that run's.

    Numbers: float32 data are kept in float32, as in scikit-learn (the
    computation runs in float32; ``cluster_centers_`` and the output of
    :meth:`transform` are float32); any other input is converted to
    float64. The fit divides the data by a power of two :math:`2^e` that
    brings the largest magnitude below 1, then centres them. The division
    is exact in floating point, so it changes no result, but it keeps
    squared distances inside the float range (values near :math:`10^{300}`
    would overflow them); centring keeps the expanded square accurate. The
    results are converted back. If the inertia itself exceeds the largest
    float, ``inertia_`` is infinite and a ``RuntimeWarning`` says so.

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
    .. [3] C. Elkan, "Using the triangle inequality to accelerate k-means",
       Proceedings of the 20th International Conference on Machine Learning
       (ICML), 147-153, 2003.

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
    >>> weighted = KMeans(n_clusters=3, random_state=0).fit(X, sample_weight=np.arange(150))
    >>> KMeans(n_clusters=3).fit(X.astype(np.float32)).cluster_centers_.dtype
    dtype('float32')
    """

    def __init__(self, n_clusters=8, *, init="k-means++", n_init="auto",
                 max_iter=300, tol=1e-4, verbose=0, random_state=None,
                 copy_x=True, algorithm="lloyd"):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    # --- validation ---

    _parameter_constraints = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [Options("k-means++", "random"), callable, "array-like"],
        "n_init": [Options("auto"), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "copy_x": ["boolean"],
        # skratch runs Lloyd's algorithm for both: Elkan's gives the same iterates.
        "algorithm": [Options("lloyd", "elkan")],
    }

    def _check_params(self, X, weights):
        """Check the hyperparameters against the data; return (init array or None, number of runs)."""
        n_samples, n_features = X.shape
        k = self.n_clusters
        if n_samples < k:
            raise ValueError(
                f"n_samples={n_samples} should be >= n_clusters={k}: there must "
                "be at least as many samples as clusters."
            )
        if self.algorithm == "elkan" and k == 1:
            warnings.warn(
                "algorithm='elkan' doesn't make sense for a single cluster. "
                "Using 'lloyd' instead.", RuntimeWarning, stacklevel=3)

        init_array = None
        if isinstance(self.init, str):
            n_weighted = int(np.count_nonzero(weights))
            if self.init == "random" and n_weighted < k:
                raise ValueError(
                    f"init='random' draws n_clusters={k} distinct samples with "
                    "probabilities proportional to their weights, but only "
                    f"{n_weighted} samples have a positive sample_weight."
                )
        elif not callable(self.init):
            init_array = check_array(self.init, dtype=X.dtype, input_name="init")
            self._check_init_shape(init_array, n_features)

        n_init = self.n_init
        if isinstance(n_init, str):  # "auto"
            n_init = 1 if init_array is not None or self.init == "k-means++" else 10
        if init_array is not None and n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only one "
                f"init in KMeans instead of n_init={n_init}.",
                RuntimeWarning, stacklevel=3,
            )
            n_init = 1
        return init_array, int(n_init)

    def _check_init_shape(self, centers, n_features):
        """Refuse initial centres (an array, or a callable's result) of the wrong shape."""
        if centers.shape[0] != self.n_clusters:
            mismatch = f"the number of clusters {self.n_clusters}"
        elif centers.shape[1] != n_features:
            mismatch = f"the number of features of the data {n_features}"
        else:
            return
        raise ValueError(
            f"The shape of the initial centers {centers.shape} does not match "
            f"{mismatch}: init must give an array of shape (n_clusters, "
            f"n_features) = {(self.n_clusters, n_features)}."
        )

    def _initial_centers(self, X, Xc, weights, init_array, exponent, mean, rng):
        """Initial centres, in the units of the fit (``Xc``'s; see fit_steps)."""
        if init_array is not None:
            return init_array
        if callable(self.init):
            # A RandomState, as scikit-learn passes, so that callables written
            # for scikit-learn (random_state.randint, ...) work unchanged.
            random_state = np.random.RandomState(rng.integers(2**32))
            centers = check_array(self.init(X, self.n_clusters, random_state=random_state),
                                  dtype=X.dtype, input_name="the centres returned by init")
            self._check_init_shape(centers, X.shape[1])
            return np.ldexp(centers, -exponent) - mean
        if self.init == "random":
            chosen = rng.choice(Xc.shape[0], size=self.n_clusters, replace=False,
                                p=_probabilities(weights))
            return Xc[chosen]
        return kmeans_plusplus(Xc, weights, self.n_clusters, rng)

    # --- training ---

    def fit(self, X, y=None, sample_weight=None):
        """Fit k-means: run :meth:`fit_steps` to the end.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            The weight :math:`w_i` of each sample (see Notes); None gives
            every sample weight 1. Not used by an array or callable ``init``.

        Returns
        -------
        self
        """
        # Named here, not left to **fit_params, so that scikit-learn (which
        # reads fit's signature) sees that the model takes sample weights.
        return super().fit(X, y, sample_weight=sample_weight)

    def fit_steps(self, X, y=None, sample_weight=None):
        """Fit k-means, yielding a :class:`~skratch.Step` after each half-iteration.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            The weight of each sample; None gives every sample weight 1.

        Yields
        ------
        Step
            "init", then "assign" and "update" per iteration, then a final
            "assign" (see Notes).
        """
        X = validate_data(self, X, reset=True, dtype=_DTYPES)
        n_samples, n_features = X.shape
        weights = check_sample_weight(sample_weight, X, dtype=X.dtype)
        init_array, n_runs = self._check_params(X, weights)
        for name in ("labels_", "inertia_", "n_iter_"):  # from an earlier fit
            self.__dict__.pop(name, None)
        self._n_init = n_runs  # scikit-learn's name, read by its tests
        rng = check_random_state(self.random_state)

        # The fit's units: X / 2**exponent (exact; keeps squared distances in
        # the float range), centred on its mean (for precision). Lengths go
        # back to the units of X times 2**exponent, squared ones 2**(2 exponent).
        arrays = (X,) if init_array is None else (X, init_array)
        exponent = _scale_exponent(*arrays)
        scaled = np.ldexp(X, -exponent)
        mean = scaled.mean(axis=0)
        Xc = scaled - mean   # the data in the fit's units
        del scaled
        # Mean variance of the features: sum of squared centred norms / (n d).
        tol = (self.tol * float(np.einsum("id,id->i", Xc, Xc).sum())
               / (n_samples * n_features))
        if init_array is not None:
            init_array = np.ldexp(init_array, -exponent) - mean
            how = "given array"
        elif callable(self.init):
            how = f"from {getattr(self.init, '__name__', type(self.init).__name__)}"
        else:
            how = "k-means++" if self.init == "k-means++" else "random samples"
        initial = (X, Xc, weights, init_array, exponent, mean, rng)
        if n_runs == 1:
            centers0 = self._initial_centers(*initial)
            caption = f"initial centres ({how})"
        else:
            best_inertia, centers0 = np.inf, None
            for _ in range(n_runs):
                candidate = self._initial_centers(*initial)
                for event in lloyd(Xc, weights, candidate, self.max_iter, tol):
                    pass
                if centers0 is None or event.inertia < best_inertia:
                    best_inertia, centers0 = event.inertia, candidate
            caption = (f"initial centres ({how}) of the best of {n_runs} runs "
                       f"(final inertia {_in_units(best_inertia, 2 * exponent):.6g}), "
                       "replayed")

        self.cluster_centers_ = np.ldexp(centers0 + mean, exponent)
        self.n_iter_ = 0
        step = Step(index=0, kind="init", message=caption, loss=None,
                    state={"centers": self.cluster_centers_})
        self._report(step, None, None)
        yield step

        tol_in_units = float(_in_units(tol, 2 * exponent))
        for index, event in enumerate(
                lloyd(Xc, weights, centers0, self.max_iter, tol), start=1):
            event = self._in_data_units(event, mean, exponent)
            self.cluster_centers_ = event.centers
            # A copy: the run compares the next labels with these.
            self.labels_ = event.labels.copy()
            self.inertia_ = event.inertia
            self.n_iter_ = event.iteration
            state = {"centers": self.cluster_centers_, "labels": event.labels}
            if event.kind == "update":
                state["shift"] = event.shift
            if event.stop:
                self._warn_about_the_result(event)
            step = Step(index=index, kind=event.kind,
                        message=self._message(event, tol_in_units),
                        loss=event.inertia, state=state)
            self._report(step, event, tol_in_units)
            yield step

    @staticmethod
    def _in_data_units(event, mean, exponent):
        """The event with its centres, shifts and inertias back in the units of X."""
        return event._replace(
            centers=np.ldexp(event.centers + mean, exponent),
            inertia=float(_in_units(event.inertia, 2 * exponent)),
            previous_inertia=float(_in_units(event.previous_inertia, 2 * exponent)),
            shift=None if event.shift is None else _in_units(event.shift, exponent),
        )

    def _warn_about_the_result(self, event):
        """Warn, at the end of a run, about clusters that stayed empty or an infinite inertia."""
        n_found = np.count_nonzero(np.bincount(event.labels, minlength=self.n_clusters))
        if n_found < self.n_clusters:
            warn_convergence(
                f"Number of distinct clusters ({n_found}) found smaller "
                f"than n_clusters ({self.n_clusters}). Possibly due to "
                "duplicate points in X.",
            )
        if not np.isfinite(event.inertia):
            warnings.warn(
                "The inertia exceeds the largest floating-point number "
                f"({np.finfo(self.cluster_centers_.dtype).max:.3g}), so inertia_ "
                "is inf: at this magnitude even the rounding of a centre, squared, "
                "is beyond the float range. The centres and labels are as accurate "
                "as the data allow; divide X by a constant for a finite inertia.",
                RuntimeWarning, stacklevel=3,
            )

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

    def _report(self, step, event, tol):
        """With ``verbose``, print progress as scikit-learn does (1), and the captions (2)."""
        if self.verbose >= 2:
            print(step.message)
        if not self.verbose:
            return
        if event is None:
            print("Initialization complete")
        elif event.kind == "assign" and event.stop in ("", "fixed point"):
            print(f"Iteration {event.iteration}, inertia {event.inertia:.6g}.")
            if event.stop == "fixed point":
                print(f"Converged at iteration {event.iteration}: strict convergence.")
        elif event.kind == "update" and event.converged:
            print(f"Converged at iteration {event.iteration}: center shift "
                  f"{float(event.shift @ event.shift):.6g} within tolerance {tol:.6g}.")

    # --- using the model ---

    def _validate_for_predict(self, X):
        """Validated ``X`` and the centres in units where both are below 1 (exact, as in fit)."""
        X = check_fitted_input(self, X, "cluster_centers_", dtype=_DTYPES)
        exponent = _scale_exponent(X, self.cluster_centers_)
        return np.ldexp(X, -exponent), np.ldexp(self.cluster_centers_, -exponent), exponent

    @staticmethod
    def _assign(X, centers):
        """Each sample's nearest centre, as in fit (:func:`assign`)."""
        # Far from the origin the expanded square cancels more; moving the
        # origin to the centres' mean keeps its terms small.
        origin = centers.mean(axis=0)
        return assign(squared_distances(X - origin, centers - origin))

    def predict(self, X):
        """The index of the closest centre for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        X, centers, _ = self._validate_for_predict(X)
        return self._assign(X, centers)

    def transform(self, X):
        """Distances from each sample to every centre, computed exactly.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
            float32 if both ``X`` and the centres are float32, else float64.
        """
        X, centers, exponent = self._validate_for_predict(X)
        return _in_units(np.sqrt(_squared_distances_from_differences(X, centers)), exponent)

    def score(self, X, y=None, sample_weight=None):
        """Minus the inertia of ``X`` with respect to the centres (higher is better).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None
            The weight of each sample in the inertia.

        Returns
        -------
        float
        """
        X, centers, exponent = self._validate_for_predict(X)
        weights = check_sample_weight(sample_weight, X, dtype=X.dtype)
        labels = self._assign(X, centers)
        return -float(_in_units(inertia(X, centers, labels, weights), 2 * exponent))

    def fit_predict(self, X, y=None, sample_weight=None):
        """Fit, then return the cluster of each training sample (``labels_``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        return self.fit(X, sample_weight=sample_weight).labels_

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then return the distances from each training sample to every centre.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
        """
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def get_feature_names_out(self, input_features=None):
        """Names of the columns of :meth:`transform`: "kmeans0", "kmeans1", ...

        Parameters
        ----------
        input_features : array-like of str, optional
            Checked against the features seen in fit, if given; the output
            names do not depend on them.

        Returns
        -------
        ndarray of str objects, shape (n_clusters,)
        """
        check_is_fitted(self, "cluster_centers_")
        if input_features is not None:
            input_features = np.asarray(input_features, dtype=object)
            seen = getattr(self, "feature_names_in_", None)
            if seen is not None and not np.array_equal(input_features, seen):
                raise ValueError("input_features is not equal to feature_names_in_")
            if len(input_features) != self.n_features_in_:
                raise ValueError(
                    "input_features should have length equal to number of "
                    f"features ({self.n_features_in_}), got {len(input_features)}")
        n_out = self.cluster_centers_.shape[0]
        return np.asarray([f"kmeans{j}" for j in range(n_out)], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# --- the numerical devices ---------------------------------------------------

def squared_distances(X, centres):
    r"""Squared distances :math:`D_{ij} = \lVert x_i - c_j \rVert^2` from one matrix product.

    Expands :math:`\lVert x_i - c_j \rVert^2 = \lVert x_i \rVert^2 - 2\, x_i
    \cdot c_j + \lVert c_j \rVert^2`: the middle term for every pair is the
    product :math:`X C^\top`, much faster than forming every difference. The
    expansion cancels, so a point on a centre may come out at about
    :math:`10^{-15}` times the squared norms rather than 0 (clipped at 0 if
    negative): fine for an argmin, and accurate when the data are centred
    (fit centres them on their mean); reported distances come from
    :func:`_squared_distances_from_differences` instead.
    """
    x_sq = np.einsum("id,id->i", X, X)
    return np.maximum(squared_distances_less_own_norm(X, centres) + x_sq[:, None], 0.0)


def squared_distances_less_own_norm(X, centres):
    r"""Squared distances less the points' own squared norms, for every pair.

    .. math::

        \lVert x_i - c_j \rVert^2 - \lVert x_i \rVert^2
        = \lVert c_j \rVert^2 - 2\, x_i \cdot c_j .

    One matrix product, :math:`X C^\top`, and no :math:`\lVert x_i
    \rVert^2`: an argmin over the centres does not need it (see
    :func:`assign`).
    """
    # Built C-contiguous: BLAS is several times slower here on a transposed view.
    minus_two_c = np.ascontiguousarray(-2.0 * centres.T)
    distances = X @ minus_two_c
    distances += np.einsum("jd,jd->j", centres, centres)   # in place: no second (n, k) array
    return distances


def _squared_distances_from_differences(X, centres):
    r""":math:`\lVert x_i - c_j \rVert^2` from the differences themselves, one centre at a time.

    Exact where the expanded square of :func:`squared_distances` cancels: a
    centre is at distance 0 from itself.
    """
    D2 = np.empty((X.shape[0], centres.shape[0]), dtype=np.result_type(X, centres))
    for j, centre in enumerate(centres):
        diff = X - centre
        D2[:, j] = np.einsum("id,id->i", diff, diff)
    return D2


def _probabilities(values):
    """``values`` divided by their sum, in float64 (the precision numpy's sampler checks)."""
    values = np.asarray(values, dtype=np.float64)
    return values / values.sum()


def _scale_exponent(*arrays):
    """The power of two :math:`2^e` that brings the largest magnitude in ``arrays`` into [0.5, 1).

    Dividing by a power of two is exact in floating point: every sum,
    product, comparison and argmin gives the same result in the new units,
    only shifted in exponent. It keeps squared distances inside the float
    range: near 1e300 (float64) or 1e38 (float32) they would overflow to
    infinity, and for tiny data underflow to zero.
    """
    largest = max(float(np.max(np.abs(a))) for a in arrays)
    if largest == 0.0:
        return 0
    return int(np.frexp(largest)[1])


def _in_units(value, exponent):
    """``value * 2**exponent``, exactly; infinity if the result is too large for a float."""
    with np.errstate(over="ignore"):
        return np.ldexp(value, exponent)
