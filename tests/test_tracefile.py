"""A trace file is an attacker's file: loading it never runs code, and fails in one way.

Each test here crafts a file by hand (the JSON header and the arrays of the
``.npz``), as someone sharing a malicious or broken trace would.
"""

import io
import json
import os
import zipfile

import numpy as np
import pytest

import skratch
from skratch import Trace
from skratch.linear_model import LinearRegression


def write_trace(path, meta, **arrays):
    """An .npz with ``meta`` as its header, the way Trace.save lays one out."""
    np.savez(path, __meta__=np.array(json.dumps(meta)), **arrays)
    return path


def header(estimator=None, steps=(), version=2):
    return {"format": "skratch-trace", "version": version, "has_y": False,
            "steps": list(steps), "estimator": estimator}


def linear_regression(fitted=None, params=None, name="LinearRegression"):
    return {"class": name, "params": params or {}, "fitted": fitted or {}}


def not_valid(path):
    return pytest.raises(ValueError, match=rf"^'{path}' is not a valid skratch trace: ")


# -- the exploit of issue 7 and its variants -----------------------------------------

def test_the_published_exploit_runs_nothing(tmp_path):
    # Version 1 resolved any dotted name under "skratch." and called it with
    # keyword arguments from the file: here skratch.steps.record, fitting a
    # LinearRegression whose fit_steps the file sets to eval (via the
    # registry's resolver), on a string of Python chosen by the file.
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).write_text('ran')"
    evil_fit_steps = {"estimator": {"class": "skratch.viz._registry._resolve",
                                    "params": {"spec": {"json": "builtins:eval"}},
                                    "fitted": {}}}
    victim = linear_regression({"fit_steps": evil_fit_steps},
                               name="skratch.linear_model._base.LinearRegression")
    exploit = {"class": "skratch.steps.record",
               "params": {"estimator": {"estimator": victim},
                          "X": {"json": payload}, "y": {"json": None}},
               "fitted": {}}
    path = write_trace(tmp_path / "evil.npz", header(exploit, version=1))
    with not_valid(path) as caught:
        Trace.load(path)
    assert "'skratch.steps.record' is not a class skratch saves" in str(caught.value)
    assert not marker.exists()


@pytest.mark.parametrize("name", [
    "skratch.viz._registry._resolve",       # a skratch function
    "skratch.cli.main",                     # writes files where the trace says
    "skratch.steps.Trace",                  # a skratch class that is not an estimator
    "skratch.base.BaseEstimator",           # an abstract base
    "os.system", "builtins.eval", "subprocess.Popen",
    "skratch.linear_model.LinearRegression.__init__",
    "LinearRegression.fit", "", "Trace",
])
def test_only_allow_listed_classes_are_rebuilt(tmp_path, name):
    path = write_trace(tmp_path / "t.npz", header(linear_regression(name=name)))
    with not_valid(path):
        Trace.load(path)


def test_a_fitted_entry_cannot_replace_a_method_or_set_private_state(tmp_path):
    for name in ("predict", "fit_steps", "__class__", "_fit_run", "__dict__",
                 "score_", "get_params", "not an identifier_"):
        fitted = {name: {"json": 42}}
        path = write_trace(tmp_path / "t.npz", header(linear_regression(fitted)))
        if name == "score_":
            # A public name ending in "_" that the class does not define is a
            # fitted attribute like any other: it is set, harmlessly.
            assert Trace.load(path).estimator.score_ == 42
            continue
        with not_valid(path) as caught:
            Trace.load(path)
        assert "is not a fitted attribute of LinearRegression" in str(caught.value)


def test_constructor_arguments_come_only_from_the_signature(tmp_path):
    path = write_trace(tmp_path / "t.npz",
                       header(linear_regression(params={"__class__": {"json": 1}})))
    with not_valid(path) as caught:
        Trace.load(path)
    assert "LinearRegression takes no parameter '__class__'" in str(caught.value)


def test_values_are_data_never_objects_the_file_chooses(tmp_path):
    for value in ({"json": {"a": 1}}, {"json": [[1, 2]]}, {"callable": "print"},
                  {"dataclass": "Step", "fields": {}}, {"dataclass": "Surface", "fields": {}},
                  {"array": "not-there"}, {"json": 1, "array": "X"}, "bare string", []):
        path = write_trace(tmp_path / "t.npz",
                           header(linear_regression({"coef_": value})))
        with not_valid(path):
            Trace.load(path)


def test_object_arrays_are_refused_without_unpickling(tmp_path):
    # np.save pickles object arrays; reading one back would run the pickle.
    path = tmp_path / "t.npz"
    np.savez(path, __meta__=np.array(json.dumps(header())),
             X=np.array([{"a": 1}, None], dtype=object))
    with not_valid(path) as caught:
        Trace.load(path)
    assert "array of Python objects, which would need pickle" in str(caught.value)


# -- damaged, foreign and oversized files -----------------------------------------------

@pytest.fixture
def good_trace(tmp_path):
    X = np.arange(40.0).reshape(20, 2)
    trace = skratch.record(LinearRegression(), X, X @ [1.0, -1.0])
    path = tmp_path / "good.npz"
    trace.save(path)
    return path


@pytest.mark.parametrize("content", [
    b"",                                       # empty
    b"not a zip at all, just text\n",          # foreign text
    os.urandom(4096),                          # random bytes (numpy would advise unpickling)
    b"\x93NUMPY\x01\x00v\x00{'descr': '<f8'",  # a cut .npy
    b"PK\x03\x04" + os.urandom(200),           # a zip header, then noise
])
def test_damaged_or_foreign_bytes_give_one_value_error(tmp_path, content):
    path = tmp_path / "t.npz"
    path.write_bytes(content)
    with not_valid(path):
        Trace.load(path)


def test_truncated_files_give_one_value_error(good_trace):
    data = good_trace.read_bytes()
    for cut in (10, len(data) // 3, len(data) // 2, len(data) - 30, len(data) - 1):
        good_trace.write_bytes(data[:cut])
        with not_valid(good_trace):
            Trace.load(good_trace)


def test_a_flipped_byte_gives_one_value_error(good_trace):
    data = bytearray(good_trace.read_bytes())
    for position in range(40, len(data) - 40, max(1, len(data) // 25)):
        damaged = bytearray(data)
        damaged[position] ^= 0xFF
        good_trace.write_bytes(bytes(damaged))
        try:
            Trace.load(good_trace)          # some bytes (padding, a digit) may still load
        except ValueError as error:
            assert "is not a valid skratch trace: " in str(error)


def test_a_header_that_is_not_a_trace_header(tmp_path):
    for meta in ({"format": "other"}, [1, 2], "text", {"format": "skratch-trace"},
                 {"format": "skratch-trace", "version": 2, "steps": "x", "estimator": None},
                 {"format": "skratch-trace", "version": 2,
                  "steps": [{"index": 0, "kind": "x", "message": "m", "loss": None,
                             "keys": ["coef"]}], "estimator": None}):
        path = write_trace(tmp_path / "t.npz", meta)
        with not_valid(path):
            Trace.load(path)
    path = tmp_path / "not-json.npz"
    np.savez(path, __meta__=np.array("{not json"))
    with not_valid(path):
        Trace.load(path)


def test_deeply_nested_json_is_refused_cleanly(tmp_path):
    deep = {"json": None}
    for _ in range(200):
        deep = {"items": [deep]}
    path = write_trace(tmp_path / "t.npz", header(linear_regression({"coef_": deep})))
    with not_valid(path) as caught:
        Trace.load(path)
    assert "nests too deeply" in str(caught.value)
    # Deeper than the JSON parser itself can go.
    path = tmp_path / "deeper.npz"
    np.savez(path, __meta__=np.array("[" * 100_000 + "]" * 100_000))
    with not_valid(path):
        Trace.load(path)


def zip_bomb(path, expanded_bytes):
    """A small file that expands to ``expanded_bytes`` of zeros: a .npy of float64."""
    header_text = np.lib.format.header_data_from_array_1_0(np.zeros(1))
    header_text["shape"] = (expanded_bytes // 8,)
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header_text)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__meta__.npy", _npy_bytes(np.array(json.dumps(header()))))
        with archive.open("X.npy", "w", force_zip64=True) as member:
            member.write(buffer.getvalue())
            chunk = bytes(2**20)
            for _ in range(expanded_bytes // len(chunk)):
                member.write(chunk)
    return path


def _npy_bytes(array):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_decompressed(tmp_path):
    path = zip_bomb(tmp_path / "bomb.npz", 300 * 2**20)       # 300 MiB of zeros
    assert path.stat().st_size < 2 * 2**20
    with not_valid(path) as caught:
        Trace.load(path)
    assert "expand to 300 MiB" in str(caught.value)
    assert "pass a larger max_bytes" in str(caught.value)
    assert Trace.load(path, max_bytes=301 * 2**20).X.shape == (300 * 2**20 // 8,)


def test_an_array_that_claims_more_than_its_member_holds(tmp_path):
    # The .npy header says a billion values; the member holds a few bytes.
    header_text = np.lib.format.header_data_from_array_1_0(np.zeros(1))
    header_text["shape"] = (10**9,)
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header_text)
    path = tmp_path / "liar.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__meta__.npy", _npy_bytes(np.array(json.dumps(header()))))
        archive.writestr("X.npy", buffer.getvalue() + bytes(16))
    with not_valid(path) as caught:
        Trace.load(path)
    assert "declares more data than the file holds" in str(caught.value)


def test_a_missing_file_is_an_os_error_not_a_damaged_trace(tmp_path):
    with pytest.raises(FileNotFoundError):
        Trace.load(tmp_path / "nowhere.npz")


def test_a_newer_format_says_to_upgrade(tmp_path):
    path = write_trace(tmp_path / "t.npz", header(version=99))
    with pytest.raises(ValueError, match="newer skratch .trace format 99.; upgrade"):
        Trace.load(path)


# -- what a valid file restores ---------------------------------------------------------

def test_version_1_files_still_load_through_the_allow_list(tmp_path):
    X = np.arange(40.0).reshape(20, 2)
    y = X @ [1.0, -1.0] + 3
    model = LinearRegression().fit(X, y)
    fitted = {"coef_": {"array": "estimator/fitted/coef_"},
              "intercept_": {"json": model.intercept_}, "n_features_in_": {"json": 2}}
    path = write_trace(tmp_path / "v1.npz",
                       header(linear_regression(fitted, {"fit_intercept": {"json": True}},
                              name="skratch.linear_model._base.LinearRegression"), version=1),
                       **{"estimator/fitted/coef_": model.coef_})
    loaded = Trace.load(path).estimator
    np.testing.assert_allclose(loaded.predict(X), y)


def test_saved_arrays_load_writable_and_equal(good_trace):
    trace = Trace.load(good_trace)
    assert trace.X.flags.writeable and trace.estimator.coef_.flags.writeable
    trace.estimator.coef_[0] += 0        # a loaded model can be used and changed
    assert not trace.steps[0].state["coef"].flags.writeable


def test_saving_an_object_array_is_refused_before_writing(tmp_path):
    trace = Trace([], np.array([["a", None]], dtype=object))
    with pytest.raises(TypeError, match="array of Python objects"):
        trace.save(tmp_path / "t.npz")
    assert list(tmp_path.iterdir()) == []


def test_a_model_fitted_on_a_dataframe_keeps_its_feature_names(tmp_path):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"width": [1.0, 2.0, 3.0, 4.0], "height": [1.0, 0.0, 1.0, 3.0]})
    trace = skratch.record(LinearRegression(), frame, [1.0, 2.0, 2.5, 4.0])
    trace.save(tmp_path / "t.npz")
    names = Trace.load(tmp_path / "t.npz").estimator.feature_names_in_
    assert names.dtype == object and list(names) == ["width", "height"]
    odd = _with(LinearRegression(), bad_=np.array([1, "a"], dtype=object))
    with pytest.raises(TypeError, match="array of Python objects"):
        Trace([], None, None, odd).save(tmp_path / "u.npz")


def _with(estimator, **attributes):
    vars(estimator).update(attributes)
    return estimator


def test_record_passes_fit_parameters_on():
    X = np.arange(40.0).reshape(20, 2)
    y = X @ [1.0, -1.0]
    seen = {}

    class Recorder(LinearRegression):
        def fit_steps(self, X, y=None, sample_weight=None):
            seen["sample_weight"] = sample_weight
            yield from super().fit_steps(X, y)

    skratch.record(Recorder(), X, y, sample_weight=np.ones(20))
    np.testing.assert_array_equal(seen["sample_weight"], np.ones(20))
