"""The trace file: one ``.npz`` of arrays and a JSON header, read as untrusted data.

Traces are made to be shared, so a trace file is treated as an attacker's
file. Loading is safe by construction:

- **No pickle, no imports.** Arrays are read with NumPy's format reader
  (object arrays refused); the header is JSON. A class is named by its name
  and looked up in :func:`restorable_classes`, an allow-list that this module
  builds from skratch's own estimators, hyperparameter objects and fitted
  dataclasses; nothing the file names is ever imported.
- **Only what skratch saves.** An estimator is rebuilt from the parameters
  its ``__init__`` declares, then given fitted attributes whose names are
  public and end with ``_`` and are not names its class defines (so a file
  cannot replace ``predict``). Values are numbers, strings, arrays, lists of
  those, or further allow-listed objects: nothing callable.
- **Bounded.** The arrays a file may expand to in memory are limited
  (``max_bytes``), as is the nesting of its header; a compressed file that
  would expand beyond the limit is refused before it is decompressed.
- **One error.** A damaged or foreign file raises one ``ValueError``,
  "'<file>' is not a valid skratch trace: <the problem>", whatever broke.

Format version 2 names classes by their name ("LinearRegression"); version 1
files, which named them by module path, still load through the same
allow-list.
"""

import dataclasses
import json
import numbers
import os
import zipfile
import zlib

import numpy as np

FORMAT = "skratch-trace"
FORMAT_VERSION = 2

#: What a trace may expand to in memory, unless :meth:`Trace.load` is told more.
DEFAULT_MAX_BYTES = 256 * 2**20
_MAX_DEPTH = 32          # nesting of estimators/lists/dataclasses in the header
_MAX_MEMBERS = 2**20     # arrays in one file


class InvalidTrace(Exception):
    """Raised inside the reader; :func:`read` turns it into one ValueError."""


class NewerFormatError(ValueError):
    """The file is a trace, from a newer skratch."""


def _expect(condition, problem):
    if not condition:
        raise InvalidTrace(problem)


# -- what may be restored --------------------------------------------------------

def restorable_classes():
    """The classes a trace may name, by name: skratch's, chosen here.

    Returns
    -------
    estimators : dict of str to type
        Every estimator :func:`skratch.all_estimators` lists, and the
        hyperparameter objects that are not estimators (Pipeline, the
        optimizers, OptimizerRace): each a :class:`skratch.base.Params`.
    records : dict of str to type
        The dataclasses estimators keep as fitted attributes (the tree's
        arrays).
    """
    from .base import Params
    from .optim import Adagrad, Adam, GradientDescent, OptimizerRace, RMSprop
    from .pipeline import Pipeline
    from .tree import Tree
    from .utils.discovery import all_estimators

    estimators = [cls for _, cls in all_estimators()]
    estimators += [Pipeline, OptimizerRace, GradientDescent, Adagrad, RMSprop, Adam]
    records = [Tree]
    for cls in estimators:
        assert isinstance(cls, type) and issubclass(cls, Params), cls
    for cls in records:
        assert isinstance(cls, type) and dataclasses.is_dataclass(cls), cls
    by_name = {cls.__name__: cls for cls in estimators}
    records_by_name = {cls.__name__: cls for cls in records}
    assert len(by_name) == len(estimators) and len(records_by_name) == len(records)
    return by_name, records_by_name


def _lookup(name, table, what):
    _expect(isinstance(name, str), f"a {what} is named by {type(name).__name__}, not a string")
    if name in table:
        return table[name]
    # Version 1 named classes by module path: accept exactly the paths of
    # allow-listed classes, never import one.
    for cls in table.values():
        if name == f"{cls.__module__}.{cls.__qualname__}":
            return cls
    raise InvalidTrace(f"{name!r} is not a {what} skratch saves in traces")


# -- writing --------------------------------------------------------------------

def encode_value(value, key, arrays):
    """A parameter or fitted attribute as JSON, with arrays set aside in ``arrays``."""
    if value is None or isinstance(value, (bool, str)):
        return {"json": value}
    if isinstance(value, numbers.Integral):
        return {"json": int(value)}
    if isinstance(value, numbers.Real):
        return {"json": float(value)}
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            if all(isinstance(v, str) for v in value.ravel()):
                # Column names (feature_names_in_): text, kept as object
                # arrays like scikit-learn's, so stored as unicode.
                arrays[key] = value.astype(str)
                return {"array": key, "strings": True}
            raise TypeError(f"cannot save {key!r}, an array of Python objects, in a trace")
        arrays[key] = value
        return {"array": key}
    if isinstance(value, (tuple, list)) and all(
            v is None or isinstance(v, (bool, str, numbers.Number)) for v in value):
        return {"json": [v.item() if isinstance(v, np.generic) else v for v in value],
                "tuple": isinstance(value, tuple)}
    if isinstance(value, (tuple, list)):
        # A pipeline's steps: (name, estimator) pairs, encoded item by item.
        return {"items": [encode_value(v, f"{key}[{i}]", arrays)
                          for i, v in enumerate(value)],
                "tuple": isinstance(value, tuple)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode_value(getattr(value, f.name), f"{key}.{f.name}", arrays)
                  for f in dataclasses.fields(value)}
        return {"dataclass": type(value).__name__, "fields": fields}
    if hasattr(value, "get_params") and not isinstance(value, type):
        return {"estimator": encode_estimator(value, key, arrays)}
    raise TypeError(f"cannot save {key!r} of type {type(value).__name__} in a trace file")


def _is_fitted_name(name):
    return (isinstance(name, str) and name.isidentifier() and name.endswith("_")
            and not name.startswith("_"))


def encode_estimator(estimator, key, arrays):
    """Class name, hyperparameters and fitted attributes; nested objects recurse."""
    params = {name: encode_value(value, f"{key}/param/{name}", arrays)
              for name, value in estimator.get_params(deep=False).items()}
    fitted = {name: encode_value(value, f"{key}/fitted/{name}", arrays)
              for name, value in vars(estimator).items() if _is_fitted_name(name)}
    return {"class": type(estimator).__name__, "params": params, "fitted": fitted}


def header(steps, X, y, estimator, arrays):
    """The JSON header of a trace, filling ``arrays`` with what it refers to."""
    if X is not None:
        arrays["X"] = np.asarray(X)
    if y is not None:
        arrays["y"] = np.asarray(y)
    steps_meta = []
    for i, step in enumerate(steps):
        for key, value in step.state.items():
            arrays[f"step{i}/{key}"] = value
        steps_meta.append({"index": step.index, "kind": step.kind, "message": step.message,
                           "loss": step.loss, "keys": list(step.state)})
    estimator_meta = None
    if estimator is not None:
        estimator_meta = encode_estimator(estimator, "estimator", arrays)
    for name, array in arrays.items():
        if array.dtype.hasobject:
            raise TypeError(f"cannot save {name!r}, an array of Python objects, in a trace")
    return {"format": FORMAT, "version": FORMAT_VERSION, "has_y": y is not None,
            "steps": steps_meta, "estimator": estimator_meta}


# -- reading --------------------------------------------------------------------

def _read_arrays(file, max_bytes):
    """Every array of an ``.npz``, after checking what it would take in memory."""
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
        _expect(len(members) <= _MAX_MEMBERS, f"it holds {len(members)} arrays")
        declared = sum(member.file_size for member in members)
        _expect(declared <= max_bytes,
                f"it would expand to {declared / 2**20:.0f} MiB in memory, more than "
                f"max_bytes={max_bytes} ({max_bytes / 2**20:.0f} MiB); if you trust the "
                "file, pass a larger max_bytes to Trace.load")
        arrays = {}
        for member in members:
            _expect(member.filename.endswith(".npy"),
                    f"it holds {member.filename!r}, which is not a NumPy array")
            with archive.open(member) as stream:
                arrays[member.filename[:-4]] = _read_array(stream, member)
        return arrays


def _read_array(stream, member):
    """One ``.npy`` member, its size checked against what the archive declares."""
    version = np.lib.format.read_magic(stream)
    _expect(version in ((1, 0), (2, 0), (3, 0)), f"{member.filename!r} has an unknown version")
    if version == (1, 0):
        shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(stream)
    else:
        shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(stream)
    _expect(not dtype.hasobject,
            f"{member.filename!r} is an array of Python objects, which would need pickle")
    count = 1
    for length in shape:
        count *= length
    nbytes = count * dtype.itemsize
    _expect(nbytes <= member.file_size,
            f"{member.filename!r} declares more data than the file holds")
    data = stream.read(nbytes)
    _expect(len(data) == nbytes, f"{member.filename!r} is cut short")
    array = np.frombuffer(bytearray(data), dtype=dtype, count=count)
    return array.reshape(shape, order="F" if fortran_order else "C")


def _decode_value(spec, arrays, depth):
    _expect(depth <= _MAX_DEPTH, "its header nests too deeply")
    _expect(isinstance(spec, dict) and len(spec) >= 1, "a value is not described by an object")
    if "array" in spec:
        _expect(spec.keys() <= {"array", "strings"}, "an array entry has extra fields")
        _expect(isinstance(spec["array"], str) and spec["array"] in arrays,
                f"the array {spec['array']!r} is missing")
        array = arrays[spec["array"]]
        if spec.get("strings") is True:
            _expect(array.dtype.kind == "U", f"the array {spec['array']!r} is not text")
            return array.astype(object)
        return array
    if "estimator" in spec:
        _expect(spec.keys() == {"estimator"}, "an estimator entry has extra fields")
        return _decode_estimator(spec["estimator"], arrays, depth + 1)
    if "items" in spec:
        _expect(spec.keys() <= {"items", "tuple"} and isinstance(spec["items"], list),
                "a list entry is malformed")
        items = [_decode_value(v, arrays, depth + 1) for v in spec["items"]]
        return tuple(items) if spec.get("tuple") is True else items
    if "dataclass" in spec:
        _expect(spec.keys() == {"dataclass", "fields"} and isinstance(spec["fields"], dict),
                "a record entry is malformed")
        _, records = restorable_classes()
        cls = _lookup(spec["dataclass"], records, "record")
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        unknown = sorted(set(spec["fields"]) - names)
        if unknown:
            raise InvalidTrace(f"{cls.__name__} has no field {unknown[0]!r}")
        fields = {k: _decode_value(v, arrays, depth + 1) for k, v in spec["fields"].items()}
        try:
            return cls(**fields)
        except TypeError as error:
            raise InvalidTrace(f"its {cls.__name__} record is incomplete ({error})") from None
    _expect(spec.keys() <= {"json", "tuple"} and "json" in spec, "a value entry is malformed")
    value = spec["json"]
    plain = (type(None), bool, int, float, str)
    if isinstance(value, list):
        _expect(all(isinstance(v, plain) for v in value), "a list holds non-scalar values")
        return tuple(value) if spec.get("tuple") is True else value
    _expect(isinstance(value, plain), "a value is not a number, string or list")
    return value


def _decode_estimator(spec, arrays, depth):
    _expect(depth <= _MAX_DEPTH, "its header nests too deeply")
    _expect(isinstance(spec, dict) and spec.keys() == {"class", "params", "fitted"}
            and isinstance(spec["params"], dict) and isinstance(spec["fitted"], dict),
            "an estimator entry is malformed")
    estimators, _ = restorable_classes()
    cls = _lookup(spec["class"], estimators, "class")
    allowed = set(cls._get_param_names())
    unknown = sorted(set(spec["params"]) - allowed)
    if unknown:
        raise InvalidTrace(f"{cls.__name__} takes no parameter {unknown[0]!r}")
    params = {name: _decode_value(value, arrays, depth + 1)
              for name, value in spec["params"].items()}
    try:
        estimator = cls(**params)
    except (TypeError, ValueError) as error:
        raise InvalidTrace(f"its {cls.__name__} cannot be rebuilt ({error})") from None
    for name, value in spec["fitted"].items():
        _expect(_is_fitted_name(name) and not hasattr(cls, name),
                f"{name!r} is not a fitted attribute of {cls.__name__} (fitted attributes "
                "are public names ending in '_' that the class does not define)")
        setattr(estimator, name, _decode_value(value, arrays, depth + 1))
    return estimator


def _decode_steps(meta_steps, arrays, Step):
    _expect(isinstance(meta_steps, list), "its steps are not a list")
    steps = []
    for i, s in enumerate(meta_steps):
        _expect(isinstance(s, dict) and s.keys() == {"index", "kind", "message", "loss", "keys"},
                f"step {i} is malformed")
        _expect(isinstance(s["index"], int) and not isinstance(s["index"], bool),
                f"step {i} has no integer index")
        _expect(isinstance(s["kind"], str) and isinstance(s["message"], str),
                f"step {i} has no kind or message")
        _expect(s["loss"] is None or (isinstance(s["loss"], (int, float))
                                      and not isinstance(s["loss"], bool)),
                f"step {i} has a loss that is not a number")
        _expect(isinstance(s["keys"], list) and all(isinstance(k, str) for k in s["keys"]),
                f"step {i} has malformed state keys")
        missing = [k for k in s["keys"] if f"step{i}/{k}" not in arrays]
        if missing:
            raise InvalidTrace(f"step {i} misses its state {missing[0]!r}")
        steps.append(Step(index=s["index"], kind=s["kind"], message=s["message"],
                          loss=s["loss"], state={k: arrays[f"step{i}/{k}"] for k in s["keys"]}))
    return steps


def read(path, max_bytes, Step):
    """Read a trace file: ``(steps, X, y, estimator)``, or one ValueError.

    Missing files and files that cannot be opened raise the usual OSError;
    a file that opens but is not a valid trace raises ValueError.
    """
    name = os.fspath(path)
    with open(name, "rb") as file:
        try:
            arrays = _read_arrays(file, max_bytes)
            _expect("__meta__" in arrays, "it has no skratch header (is it a NumPy .npz "
                                          "written by something else?)")
            meta_array = arrays.pop("__meta__")
            _expect(meta_array.dtype.kind == "U" and meta_array.shape == (),
                    "its header is not text")
            meta = json.loads(str(meta_array))
            _expect(isinstance(meta, dict) and meta.get("format") == FORMAT,
                    "its header is not a skratch trace header")
            version = meta.get("version")
            _expect(isinstance(version, int), "its header has no format version")
            if version > FORMAT_VERSION:
                raise NewerFormatError(
                    f"{name!r} was written by a newer skratch (trace format {version}); "
                    "upgrade skratch to read it."
                )
            steps = _decode_steps(meta.get("steps"), arrays, Step)
            estimator = None
            if meta.get("estimator") is not None:
                estimator = _decode_estimator(meta["estimator"], arrays, 0)
            return steps, arrays.get("X"), arrays.get("y"), estimator
        except InvalidTrace as problem:
            raise ValueError(f"{name!r} is not a valid skratch trace: {problem}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, json.JSONDecodeError,
                UnicodeError, NotImplementedError, OverflowError) as error:
            raise ValueError(f"{name!r} is not a valid skratch trace: it is damaged or not "
                             f"a trace at all ({type(error).__name__}: {error})") from None
        except RecursionError:
            raise ValueError(f"{name!r} is not a valid skratch trace: its header nests "
                             "too deeply") from None
        except NewerFormatError:
            raise
        except (ValueError, TypeError) as error:
            # NumPy's .npy header parser and the Step checks raise these.
            raise ValueError(f"{name!r} is not a valid skratch trace: {error}") from None
