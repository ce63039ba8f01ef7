"""The ``skratch`` command: list, animate, usage errors, failures, progress."""

import errno
import importlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import skratch.viz
from skratch import cli
from skratch.cli import main
from skratch.viz import get_visualizer
from skratch.viz import _gif

SMALL = ["--frames", "5", "--n-samples", "60"]


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self):
        return True


class NotTerminal(io.StringIO):
    def isatty(self):
        return False


def gif_frames(path):
    with Image.open(path) as gif:
        return gif.n_frames


def reported_frames(out):
    match = re.fullmatch(r"wrote (.+) \((\d+) frames?\)\n", out)
    assert match, out
    return match[1], int(match[2])


@pytest.fixture
def built(monkeypatch):
    """Record the estimator and data that the command hands to animate()."""
    calls = []
    real_animate = skratch.viz.animate

    def spy(estimator, X, y, **options):
        calls.append((estimator, X, y, options))
        return real_animate(estimator, X, y, **options)

    monkeypatch.setattr(skratch.viz, "animate", spy)
    return calls


# -- list -----------------------------------------------------------------------

def test_list_shows_each_name_with_its_estimator_and_dataset(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["NAME", "ESTIMATOR", "DATASET"]
    rows = {line.split()[0].rstrip(","): line for line in lines[1:]}
    assert set(rows) == {"kmeans", "linear-regression", "decision-tree"}
    assert re.match(r"kmeans +KMeans +blobs +\S", rows["kmeans"])
    assert re.match(r"linear-regression, gd +LinearRegression +regression +\S",
                    rows["linear-regression"])
    assert re.match(r"decision-tree, tree +DecisionTreeClassifier +moons +\S",
                    rows["decision-tree"])


def test_list_estimators_names_every_estimator(capsys):
    assert main(["list", "--estimators"]) == 0
    out = capsys.readouterr().out
    for name, family in [("KMeans", "cluster"), ("LinearRegression", "linear_model"),
                         ("DecisionTreeClassifier", "tree")]:
        assert re.search(rf"^{name} +skratch\.{family}$", out, re.MULTILINE)


def test_every_listed_estimator_has_a_visualizer():
    for model in cli._MODELS:
        module, _, name = model.estimator.rpartition(".")
        estimator_cls = getattr(importlib.import_module(module), name)
        assert get_visualizer(estimator_cls) is not None


# -- animate ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["kmeans", "gd", "tree"])
def test_animate_each_name_to_a_gif(name, tmp_path, capsys):
    path = tmp_path / f"{name}.gif"
    assert main(["animate", name, *SMALL, "-o", str(path)]) == 0
    out, err = capsys.readouterr()
    written, n_frames = reported_frames(out)
    assert written == str(path)
    assert 2 <= n_frames <= 5
    assert gif_frames(path) == n_frames
    assert err == ""  # not a terminal: no progress bar
    assert os.listdir(tmp_path) == [path.name]


def test_each_name_gets_its_teaching_defaults(built, tmp_path, capsys):
    out = str(tmp_path / "a.png")
    assert main(["animate", "kmeans", "--n-samples", "60", "--seed", "3", "-o", out]) == 0
    assert main(["animate", "kmeans", "--dataset", "moons", "--n-samples", "60", "-o", out]) == 0
    assert main(["animate", "kmeans", "--n-clusters", "5", "--n-samples", "60", "-o", out]) == 0
    assert main(["animate", "linear-regression", "--n-samples", "60", "-o", out]) == 0
    assert main(["animate", "gd", "--learning-rate", "0.3", "--n-samples", "60", "-o", out]) == 0
    assert main(["animate", "decision-tree", "--n-samples", "60", "--frames", "7", "--fps", "2.5",
                 "-o", out]) == 0
    assert main(["animate", "tree", "--max-depth", "2", "--dataset", "circles",
                 "--n-samples", "60", "-o", out]) == 0
    (blobs, X0, y0, options0), (moons, *_), (five, *_), (gd, X3, y3, _), (gd_fast, *_), \
        (tree, X5, y5, options5), (shallow, *_) = built

    assert type(blobs).__name__ == "KMeans"
    assert (blobs.n_clusters, blobs.random_state) == (3, 3)
    assert X0.shape == (60, 2) and len(np.unique(y0)) == 3
    assert options0 == {"max_frames": 60, "fps": 6.0}
    assert (moons.n_clusters, moons.random_state) == (2, 0)
    assert five.n_clusters == 5

    assert type(gd).__name__ == "LinearRegression"
    assert (gd.solver, gd.learning_rate) == ("gd", 0.1)
    assert X3.shape == (60, 1) and y3.dtype.kind == "f"
    assert gd_fast.learning_rate == 0.3

    assert type(tree).__name__ == "DecisionTreeClassifier"
    assert tree.max_depth == 4
    assert X5.shape == (60, 2) and set(np.unique(y5)) == {0, 1}
    assert options5 == {"max_frames": 7, "fps": 2.5}
    assert shallow.max_depth == 2


@pytest.mark.parametrize("name, dataset", [(model.name, dataset) for model in cli._MODELS
                                           for dataset in model.datasets])
def test_every_accepted_dataset_animates(name, dataset, tmp_path, capsys):
    path = tmp_path / "still.png"
    assert main(["animate", name, "--dataset", dataset, "--n-samples", "40", "--frames", "2",
                 "-o", str(path)]) == 0
    assert reported_frames(capsys.readouterr().out) == (str(path), 1)
    assert path.stat().st_size > 0


def test_seed_chooses_the_data(built, tmp_path, capsys):
    out = str(tmp_path / "a.png")
    for seed in ("1", "1", "2"):
        assert main(["animate", "tree", "--n-samples", "60", "--seed", seed, "-o", out]) == 0
    (_, X1, *_), (_, X1_again, *_), (_, X2, *_) = built
    np.testing.assert_array_equal(X1, X1_again)
    assert not np.allclose(X1, X2)


def test_png_is_one_still_and_html_holds_every_frame(tmp_path, capsys):
    png, page = tmp_path / "k.png", tmp_path / "k.html"
    assert main(["animate", "kmeans", *SMALL, "-o", str(png)]) == 0
    assert reported_frames(capsys.readouterr().out) == (str(png), 1)
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width > 100

    assert main(["animate", "kmeans", *SMALL, "-o", str(page)]) == 0
    _, n_frames = reported_frames(capsys.readouterr().out)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("data:image/png;base64,") == n_frames


def test_extension_is_case_insensitive(tmp_path, capsys):
    path = tmp_path / "LOUD.GIF"
    assert main(["animate", "gd", *SMALL, "-o", str(path)]) == 0
    assert gif_frames(path) == reported_frames(capsys.readouterr().out)[1]


def test_a_warning_from_training_is_one_plain_line(tmp_path, capsys):
    path = tmp_path / "diverges.gif"
    assert main(["animate", "gd", *SMALL, "--learning-rate", "3", "-o", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("wrote ")
    assert err.startswith("skratch: ConvergenceWarning: Gradient descent diverged")
    assert err.count("\n") == 1


# -- the progress bar ------------------------------------------------------------

def test_progress_bar_on_a_terminal(tmp_path, capsys, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["animate", "gd", *SMALL, "-o", str(tmp_path / "a.gif")]) == 0
    _, n_frames = reported_frames(capsys.readouterr().out)
    bar = terminal.getvalue()
    assert bar.endswith(f"\rrendering [{'#' * 30}] {n_frames}/{n_frames}\n")
    updates = bar.rstrip("\n").split("\r")[1:]
    assert updates[0] == f"rendering [{'.' * 30}] 0/{n_frames}"
    assert [int(u.rpartition(" ")[2].split("/")[0]) for u in updates] == list(range(n_frames + 1))
    assert bar.count("\n") == 1


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, capsys, monkeypatch):
    stream = NotTerminal()
    monkeypatch.setattr(sys, "stderr", stream)
    assert main(["animate", "gd", *SMALL, "-o", str(tmp_path / "a.html")]) == 0
    assert stream.getvalue() == ""
    assert capsys.readouterr().out.startswith("wrote ")


# -- usage errors: exit 2, usage on stderr, nothing written ----------------------

@pytest.mark.parametrize("arguments, message", [
    (["animate", "svm", "-o", "a.gif"], "argument NAME: invalid choice: 'svm'"),
    (["animate", "kmeans", "--dataset", "iris", "-o", "a.gif"],
     "argument --dataset: invalid choice: 'iris'"),
    (["animate", "kmeans", "--n-samples", "0", "-o", "a.gif"],
     "argument --n-samples: must be at least 10, got 0"),
    (["animate", "kmeans", "--n-samples", "-5", "-o", "a.gif"], "argument --n-samples:"),
    (["animate", "kmeans", "--frames", "1", "-o", "a.gif"],
     "argument --frames: must be at least 2, got 1"),
    (["animate", "kmeans", "--frames", "many", "-o", "a.gif"],
     "argument --frames: expected a whole number, got 'many'"),
    (["animate", "kmeans", "--fps", "0", "-o", "a.gif"],
     "argument --fps: must be a positive number, got 0"),
    (["animate", "kmeans", "--fps", "nan", "-o", "a.gif"], "argument --fps: must be a positive"),
    (["animate", "kmeans", "--seed", "-1", "-o", "a.gif"], "argument --seed: must be at least 0"),
    (["animate", "kmeans", "--n-clusters", "0", "-o", "a.gif"], "argument --n-clusters:"),
    (["animate", "gd", "--learning-rate", "-0.1", "-o", "a.gif"], "argument --learning-rate:"),
    (["animate", "tree", "--max-depth", "0", "-o", "a.gif"], "argument --max-depth:"),
    (["animate", "kmeans", "-o", "a.jpg"],
     "argument -o/--output: cannot save an animation as 'a.jpg': "
     "OUT must end in .gif, .html, .mp4 or .png"),
    (["animate", "kmeans", "-o", "animation"], "cannot save an animation as 'animation'"),
    (["animate", "kmeans"], "the following arguments are required: -o/--output"),
    (["animate", "-o", "a.gif"], "the following arguments are required: NAME"),
    (["animate", "kmeans", "--dataset", "regression", "-o", "a.gif"],
     "kmeans cannot learn from --dataset regression"),
    (["animate", "gd", "--dataset", "moons", "-o", "a.gif"],
     "gd cannot learn from --dataset moons: gradient descent fits a line to one feature "
     "and a continuous target; use regression"),
    (["animate", "tree", "--dataset", "regression", "-o", "a.gif"],
     "tree cannot learn from --dataset regression"),
    (["animate", "kmeans", "--max-depth", "3", "-o", "a.gif"],
     "--max-depth is an option of decision-tree, not of kmeans"),
    (["animate", "tree", "--learning-rate", "0.5", "-o", "a.gif"],
     "--learning-rate is an option of linear-regression, not of tree"),
    (["animate", "kmeans", "--n-clusters", "20", "--n-samples", "12", "-o", "a.gif"],
     "--n-clusters 20 is more than the 12 points"),
    (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
])
def test_bad_arguments_are_usage_errors(arguments, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(arguments) == 2
    out, err = capsys.readouterr()
    assert out == ""
    usage = "usage: skratch animate" if arguments[0] == "animate" else "usage: skratch"
    assert err.startswith(usage)
    assert message in err
    assert "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_no_command_prints_usage_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: skratch" in capsys.readouterr().err


@pytest.mark.parametrize("arguments", [["--help"], ["list", "--help"], ["animate", "--help"]])
def test_help_for_each_command_exits_0_with_examples(arguments, capsys):
    assert main(arguments) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: skratch")
    assert "examples:\n  skratch " in out


def test_animate_help_names_every_option():
    help_text = cli._build_parser()[1]["animate"].format_help()
    for option in ("--dataset", "--n-samples", "--frames", "--fps", "--seed", "-o OUT",
                   "--n-clusters", "--learning-rate", "--max-depth"):
        assert option in help_text


# -- failures: exit 1, one line, no file ------------------------------------------

def one_line_error(capsys):
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("skratch: "), err
    return err.rstrip("\n")


def test_missing_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["animate", "gd", *SMALL, "-o", "x/y.gif"]) == 1
    assert one_line_error(capsys) == \
        "skratch: cannot write 'x/y.gif': directory 'x' does not exist"
    assert os.listdir(tmp_path) == []


def test_a_directory_in_the_way(tmp_path, capsys):
    (tmp_path / "movie.gif").mkdir()
    path = str(tmp_path / "movie.gif")
    assert main(["animate", "gd", *SMALL, "-o", path]) == 1
    assert one_line_error(capsys) == f"skratch: cannot write {path!r}: it is a directory"
    assert os.listdir(tmp_path) == ["movie.gif"] and os.listdir(path) == []


def test_a_file_where_the_directory_should_be(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not a directory")
    path = str(tmp_path / "notes.txt" / "a.gif")
    assert main(["animate", "gd", *SMALL, "-o", path]) == 1
    assert one_line_error(capsys) == \
        f"skratch: cannot write {path!r}: {str(tmp_path / 'notes.txt')!r} is not a directory"
    assert os.listdir(tmp_path) == ["notes.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes anywhere; needs POSIX permissions")
def test_a_directory_without_permission(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["animate", "gd", *SMALL, "-o", str(locked / "a.gif")]) == 1
        assert one_line_error(capsys).endswith(f"no permission to write in directory "
                                               f"{str(locked)!r}")
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o700)


def test_a_directory_refusing_writes_is_reported_before_training(tmp_path, capsys, monkeypatch,
                                                                built):
    # Root passes every permission check, so the refusal is simulated here;
    # the test above checks the real one when not run as root.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if
                        os.fspath(path) == str(tmp_path) else real_access(path, mode, **kw))
    assert main(["animate", "gd", *SMALL, "-o", str(tmp_path / "a.gif")]) == 1
    assert one_line_error(capsys) == (f"skratch: cannot write {str(tmp_path / 'a.gif')!r}: "
                                      f"no permission to write in directory {str(tmp_path)!r}")
    assert built == []  # nothing was trained
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("failure, code, message", [
    (OSError(errno.ENOSPC, "No space left on device"), 1,
     "cannot write {path!r}: No space left on device"),
    (KeyboardInterrupt(), 130, "interrupted; {path!r} not written"),
])
def test_a_save_failing_midway_leaves_no_file(failure, code, message, tmp_path, capsys,
                                              monkeypatch):
    written = []
    real_write = _gif.GifWriter.write

    def write(self, frame, delay):
        if len(written) == 2:
            raise failure
        written.append(delay)
        return real_write(self, frame, delay)

    monkeypatch.setattr(_gif.GifWriter, "write", write)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = str(tmp_path / "a.gif")
    assert main(["animate", "gd", *SMALL, "-o", path]) == code
    assert len(written) == 2
    # The bar stops where the save failed, its line ended; then one line says why.
    bar, error, end = terminal.getvalue().split("\n")
    assert bar.endswith("] 2/5") and end == ""
    assert error == "skratch: " + message.format(path=path)
    assert capsys.readouterr().out == ""
    assert os.listdir(tmp_path) == []


def test_mp4_without_imageio_ffmpeg_names_the_package(tmp_path, capsys, monkeypatch):
    real_has_module = cli._has_module
    monkeypatch.setattr(cli, "_has_module", lambda name: name != "imageio_ffmpeg"
                        and real_has_module(name))
    path = str(tmp_path / "a.mp4")
    assert main(["animate", "gd", *SMALL, "-o", path]) == 1
    assert one_line_error(capsys) == (
        f"skratch: cannot write {path!r}: .mp4 needs the imageio-ffmpeg package "
        "(pip install imageio-ffmpeg), or save as .gif or .html")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not cli._has_module("imageio_ffmpeg"), reason="imageio-ffmpeg not installed")
def test_mp4_with_imageio_ffmpeg(tmp_path, capsys):
    import imageio_ffmpeg

    path = tmp_path / "a.mp4"
    assert main(["animate", "gd", *SMALL, "-o", str(path)]) == 0
    _, n_frames = reported_frames(capsys.readouterr().out)
    frames = imageio_ffmpeg.read_frames(str(path))
    next(frames)  # the metadata
    assert sum(1 for _ in frames) == n_frames


# -- the installed command --------------------------------------------------------

def test_console_script_animates(tmp_path):
    script = Path(sys.executable).with_name("skratch")
    if not script.exists():
        pytest.skip(f"no console script beside {sys.executable}")
    result = subprocess.run([str(script), "animate", "gd", *SMALL, "-o", "out.gif"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    _, n_frames = reported_frames(result.stdout)
    assert gif_frames(tmp_path / "out.gif") == n_frames

    result = subprocess.run([str(script), "animate", "gd", "-o", "out.avi"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: skratch animate")


def test_module_runs_as_the_command():
    out = subprocess.run([sys.executable, "-m", "skratch.cli", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("skratch ")
