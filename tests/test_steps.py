import numpy as np
import pytest

import skratch
from skratch import Step, Trace
from skratch.cluster import KMeans
from skratch.linear_model import LinearRegression


def test_step_copies_state_into_read_only_arrays():
    coef = np.array([1.0, 2.0])
    step = Step(index=3, kind="gradient", message="m", loss=np.float32(1.5),
                state={"coef": coef, "node": 4})
    coef[0] = 99.0
    assert step.state["coef"][0] == 1.0
    assert step.state["node"] == 4 and step.state["node"].shape == ()
    assert not step.state["coef"].flags.writeable
    assert isinstance(step.loss, float)
    with pytest.raises(TypeError):
        step.state["new"] = np.zeros(1)
    with pytest.raises(TypeError, match="is a string"):
        Step(0, "x", "m", state={"label": "text"})
    assert "kind='gradient'" in repr(step) and "coef" in repr(step)


def test_record_keeps_distinct_states_for_every_step():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(20, 2)) + c for c in ([0, 0], [6, 0], [0, 6])])
    trace = skratch.record(KMeans(n_clusters=3, init="random", n_init=1, random_state=1), X)
    centers = [s.state["centers"] for s in trace if "centers" in s.state]
    assert len(centers) >= 3
    assert any(not np.array_equal(centers[0], c) for c in centers[1:])
    assert trace.estimator.cluster_centers_ is not centers[-1]
    np.testing.assert_array_equal(trace.losses[-1], trace.estimator.inertia_)


def test_trace_save_is_atomic_and_refuses_foreign_files(tmp_path):
    X = np.arange(20.0).reshape(10, 2)
    y = X @ [1.0, 2.0]
    trace = skratch.record(LinearRegression(solver="gd", max_iter=3, learning_rate=0.001), X, y)
    target = tmp_path / "run.npz"
    target.write_bytes(b"old")

    class Boom:
        pass

    trace.estimator.weird_ = Boom()  # not serializable: the save must fail cleanly
    with pytest.raises(TypeError, match="weird_"):
        trace.save(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.npz"]
    del trace.estimator.weird_
    trace.save(target)
    loaded = Trace.load(target)
    np.testing.assert_array_equal(loaded.y, y)
    assert loaded.estimator.max_iter == 3

    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, a=np.zeros(2))
    with pytest.raises(ValueError, match="is not a valid skratch trace: it has no skratch header"):
        Trace.load(foreign)
    with pytest.raises(FileNotFoundError):
        trace.save(tmp_path / "missing-dir" / "run.npz")


def test_a_save_that_fails_midway_leaves_no_file(tmp_path, monkeypatch):
    X = np.arange(20.0).reshape(10, 2)
    trace = skratch.record(LinearRegression(), X, X[:, 0])

    def write_half_then_fail(f, **arrays):
        f.write(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("skratch.steps.np.savez_compressed", write_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        trace.save(tmp_path / "run.npz")
    assert list(tmp_path.iterdir()) == []
