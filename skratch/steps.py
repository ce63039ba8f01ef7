"""Steps and traces: training as a sequence of immutable snapshots.

A :class:`Step` records one moment of training. :func:`record` fits an
estimator through ``fit_steps`` and keeps every step, the data and the fitted
model in a :class:`Trace`, which saves to and loads from one ``.npz`` file
(no pickle: arrays plus a JSON header), so a recording can be replayed
without training again.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from . import _tracefile
from .utils.fileio import atomic_write

__all__ = ["Step", "Trace", "record"]


def _frozen_copy(value, key):
    """A read-only array copy of a state value (numbers become 0-d arrays)."""
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"Step state {key!r} is a string; put text in the message and "
            "numbers in the state."
        )
    array = np.array(value, copy=True)
    if array.dtype.kind == "O":
        raise TypeError(
            f"Step state {key!r} of type {type(value).__name__} is not a "
            "numeric array."
        )
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Step:
    """One moment of training, frozen.

    Parameters
    ----------
    index : int
        Position of the step in its run, from 0.
    kind : str
        A short word for what happened: "init", "assign", "update",
        "gradient", "split", "solve", ...
    message : str
        A one-line caption with the numbers that explain the step.
    loss : float or None
        The training objective after the step, where the model has one.
    state : mapping of str to ndarray
        What a visualizer needs to draw the moment. Values are copied into
        read-only arrays, so a step never aliases the estimator's arrays.
    """

    index: int
    kind: str
    message: str
    loss: float | None = None
    state: Mapping = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "index", int(self.index))
        if self.loss is not None:
            object.__setattr__(self, "loss", float(self.loss))
        frozen = {str(k): _frozen_copy(v, k) for k, v in dict(self.state).items()}
        object.__setattr__(self, "state", MappingProxyType(frozen))

    def __repr__(self):
        loss = "None" if self.loss is None else f"{self.loss:.6g}"
        return (f"Step(index={self.index}, kind={self.kind!r}, loss={loss}, "
                f"message={self.message!r}, state=[{', '.join(self.state)}])")


class Trace:
    """A recorded training run: the steps, the data and the fitted estimator.

    Parameters
    ----------
    steps : list of Step
    X : ndarray of shape (n_samples, n_features)
    y : ndarray or None
    estimator : estimator
        The estimator, fitted by the run.

    Examples
    --------
    >>> import skratch
    >>> from skratch.cluster import KMeans
    >>> from skratch.datasets import make_blobs
    >>> X, _ = make_blobs(n_samples=60, centers=3, random_state=0)
    >>> trace = skratch.record(KMeans(n_clusters=3, random_state=0), X)
    >>> trace.steps[0].kind
    'init'
    >>> trace.steps[-1].loss == trace.estimator.inertia_
    True
    """

    def __init__(self, steps, X, y=None, estimator=None):
        self.steps = list(steps)
        self.X = X
        self.y = y
        self.estimator = estimator

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, index):
        return self.steps[index]

    def __repr__(self):
        name = type(self.estimator).__name__ if self.estimator is not None else None
        shape = None if self.X is None else tuple(np.shape(self.X))
        return f"<Trace of {name}: {len(self.steps)} steps, X shape {shape}>"

    @property
    def losses(self):
        """The loss of every step, NaN where a step has none."""
        return np.array([np.nan if s.loss is None else s.loss for s in self.steps])

    def save(self, path):
        """Write the trace to one ``.npz`` file, atomically.

        The file holds arrays and a JSON header, never pickles. A failed save
        leaves no file behind (nor a partial one in place of an old one); see
        :mod:`skratch.utils.fileio` for the policy on permissions and links.

        Parameters
        ----------
        path : str or path-like

        Raises
        ------
        TypeError
            Something in the trace cannot be saved (a fitted attribute of a
            type a trace does not hold); nothing is written.
        OSError
            The file cannot be written; the message names ``path``.
        """
        arrays = {}
        meta = _tracefile.header(self.steps, self.X, self.y, self.estimator, arrays)
        arrays["__meta__"] = np.array(json.dumps(meta))
        with atomic_write(path) as temporary:
            with open(temporary, "wb") as f:
                np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path, *, max_bytes=_tracefile.DEFAULT_MAX_BYTES):
        """Read a trace written by :meth:`save`.

        A trace file is read as untrusted data: nothing in it is imported or
        called, only skratch's own classes are rebuilt (from the parameters
        their ``__init__`` declares, with public fitted attributes), and what
        it may expand to in memory is bounded.

        Parameters
        ----------
        path : str or path-like
        max_bytes : int, default=256 MiB
            The most memory the file's arrays may take once decompressed; a
            larger file is refused before it is decompressed.

        Returns
        -------
        Trace

        Raises
        ------
        ValueError
            The file is not a valid skratch trace (damaged, truncated,
            foreign, too large, or naming something skratch does not save);
            the message names the file and the problem.
        OSError
            The file cannot be opened (missing, unreadable).
        """
        steps, X, y, estimator = _tracefile.read(path, max_bytes, Step)
        return cls(steps, X, y, estimator)


def record(estimator, X, y=None, **fit_params):
    """Fit ``estimator`` through ``fit_steps`` and keep every step.

    Parameters
    ----------
    estimator : estimator
        It is fitted in place, as by ``fit``.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), optional
    **fit_params
        Passed to ``fit_steps``, as to ``fit``: ``sample_weight=...``.

    Returns
    -------
    Trace
    """
    steps = list(estimator.fit_steps(X, y, **fit_params))
    X_arr = None if X is None else np.asarray(X)
    y_arr = None if y is None else np.asarray(y)
    return Trace(steps, X_arr, y_arr, estimator)
