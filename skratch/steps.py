"""Steps and traces: training as a sequence of immutable snapshots.

A :class:`Step` records one moment of training. :func:`record` fits an
estimator through ``fit_steps`` and keeps every step, the data and the fitted
model in a :class:`Trace`, which saves to and loads from one ``.npz`` file
(no pickle: arrays plus a JSON header), so a recording can be replayed
without training again.
"""

import dataclasses
import importlib
import json
import numbers
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

__all__ = ["Step", "Trace", "record"]

_FORMAT_VERSION = 1


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


def _class_path(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _import_skratch_class(path):
    module_name, _, name = path.rpartition(".")
    if not (module_name == "skratch" or module_name.startswith("skratch.")):
        raise ValueError(
            f"Refusing to load {path!r} from a trace file: only skratch "
            "classes can be restored."
        )
    return getattr(importlib.import_module(module_name), name)


def _encode_value(value, key, arrays):
    """Encode a parameter or fitted attribute: JSON for scalars, arrays aside."""
    if value is None or isinstance(value, (bool, str)):
        return {"json": value}
    if isinstance(value, numbers.Integral):
        return {"json": int(value)}
    if isinstance(value, numbers.Real):
        return {"json": float(value)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            raise TypeError(f"cannot save object array {key!r} in a trace")
        arrays[key] = value
        return {"array": key}
    if isinstance(value, (tuple, list)) and all(
            v is None or isinstance(v, (bool, str, numbers.Number)) for v in value):
        return {"json": [v.item() if isinstance(v, np.generic) else v for v in value],
                "tuple": isinstance(value, tuple)}
    if isinstance(value, (tuple, list)):
        # A pipeline's steps: (name, estimator) pairs, encoded item by item.
        return {"items": [_encode_value(v, f"{key}[{i}]", arrays)
                          for i, v in enumerate(value)],
                "tuple": isinstance(value, tuple)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode_value(getattr(value, f.name), f"{key}.{f.name}", arrays)
                  for f in dataclasses.fields(value)}
        return {"dataclass": _class_path(value), "fields": fields}
    if hasattr(value, "get_params") and not isinstance(value, type):
        return {"estimator": _encode_estimator(value, key, arrays)}
    raise TypeError(
        f"cannot save {key!r} of type {type(value).__name__} in a trace file"
    )


def _encode_estimator(estimator, key, arrays):
    """Class, hyperparameters and fitted attributes; nested estimators recurse."""
    params = {name: _encode_value(value, f"{key}/param/{name}", arrays)
              for name, value in estimator.get_params(deep=False).items()}
    fitted = {name: _encode_value(value, f"{key}/fitted/{name}", arrays)
              for name, value in vars(estimator).items()
              if name.endswith("_") and not name.startswith("__")}
    return {"class": _class_path(estimator), "params": params, "fitted": fitted}


def _decode_estimator(spec, arrays):
    cls = _import_skratch_class(spec["class"])
    estimator = cls(**{k: _decode_value(v, arrays) for k, v in spec["params"].items()})
    for name, value in spec["fitted"].items():
        setattr(estimator, name, _decode_value(value, arrays))
    return estimator


def _decode_value(spec, arrays):
    if "array" in spec:
        return arrays[spec["array"]]
    if "estimator" in spec:
        return _decode_estimator(spec["estimator"], arrays)
    if "items" in spec:
        items = [_decode_value(v, arrays) for v in spec["items"]]
        return tuple(items) if spec["tuple"] else items
    if "dataclass" in spec:
        cls = _import_skratch_class(spec["dataclass"])
        return cls(**{k: _decode_value(v, arrays) for k, v in spec["fields"].items()})
    value = spec["json"]
    if spec.get("tuple"):
        value = tuple(value)
    return value


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
        leaves no file behind (nor a partial one in place of an old one).

        Parameters
        ----------
        path : str or path-like
        """
        path = os.fspath(path)
        arrays = {}
        if self.X is not None:
            arrays["X"] = np.asarray(self.X)
        if self.y is not None:
            arrays["y"] = np.asarray(self.y)
        steps_meta = []
        for i, step in enumerate(self.steps):
            keys = []
            for key, value in step.state.items():
                arrays[f"step{i}/{key}"] = value
                keys.append(key)
            steps_meta.append({"index": step.index, "kind": step.kind,
                               "message": step.message, "loss": step.loss,
                               "keys": keys})
        estimator_meta = None
        if self.estimator is not None:
            estimator_meta = _encode_estimator(self.estimator, "estimator", arrays)
        meta = {"format": "skratch-trace", "version": _FORMAT_VERSION,
                "has_y": self.y is not None, "steps": steps_meta,
                "estimator": estimator_meta}
        arrays["__meta__"] = np.array(json.dumps(meta))

        directory = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".skratch-", suffix=".npz.part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez_compressed(f, **arrays)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path):
        """Read a trace written by :meth:`save`.

        Parameters
        ----------
        path : str or path-like

        Returns
        -------
        Trace
        """
        with np.load(os.fspath(path), allow_pickle=False) as data:
            if "__meta__" not in data.files:
                raise ValueError(f"{os.fspath(path)!r} is not a skratch trace file")
            meta = json.loads(str(data["__meta__"]))
            if meta.get("format") != "skratch-trace":
                raise ValueError(f"{os.fspath(path)!r} is not a skratch trace file")
            if meta["version"] > _FORMAT_VERSION:
                raise ValueError(
                    f"{os.fspath(path)!r} was written by a newer skratch "
                    f"(trace format {meta['version']}); upgrade skratch to read it."
                )
            arrays = {name: data[name] for name in data.files if name != "__meta__"}
        steps = [
            Step(index=s["index"], kind=s["kind"], message=s["message"],
                 loss=s["loss"],
                 state={k: arrays[f"step{i}/{k}"] for k in s["keys"]})
            for i, s in enumerate(meta["steps"])
        ]
        estimator = None
        if meta["estimator"] is not None:
            estimator = _decode_estimator(meta["estimator"], arrays)
        return cls(steps, arrays.get("X"), arrays.get("y"), estimator)


def record(estimator, X, y=None):
    """Fit ``estimator`` through ``fit_steps`` and keep every step.

    Parameters
    ----------
    estimator : estimator
        It is fitted in place, as by ``fit``.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), optional

    Returns
    -------
    Trace
    """
    steps = list(estimator.fit_steps(X, y))
    X_arr = None if X is None else np.asarray(X)
    y_arr = None if y is None else np.asarray(y)
    return Trace(steps, X_arr, y_arr, estimator)
