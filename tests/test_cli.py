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
from skratch.viz._registry import MODELS
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

def test_list_shows_every_model_with_its_estimator_and_dataset(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "ESTIMATOR", "DATASET", "SHOWS"]
    assert len(lines) == 1 + len(MODELS)
    for line, model in zip(lines[1:], MODELS):
        names = ", ".join(model.names)
        assert re.fullmatch(rf"{re.escape(names)} +{model.estimator_name} +"
                            rf"{re.escape(model.dataset or '-')} +{re.escape(model.description)}",
                            line), line
    rows = {line.split()[0].rstrip(","): line for line in lines[1:]}
    assert {"kmeans", "linear-regression", "decision-tree", "logistic-regression", "lasso",
            "ridge", "perceptron", "sgd-classifier", "sgd-regressor", "optimizer-race",
            "standard-scaler", "polynomial-features", "polynomial-regression",
            "elastic-net"} == set(rows)
    assert re.match(r"kmeans +KMeans +blobs +\S", rows["kmeans"])
    assert re.match(r"linear-regression, gd +LinearRegression +regression +\S",
                    rows["linear-regression"])
    assert re.match(r"optimizer-race, race +OptimizerRace +- +\S", rows["optimizer-race"])


def test_list_estimators_names_every_estimator(capsys):
    assert main(["list", "--estimators"]) == 0
    out = capsys.readouterr().out
    for name, family in [("KMeans", "cluster"), ("LinearRegression", "linear_model"),
                         ("DecisionTreeClassifier", "tree")]:
        assert re.search(rf"^{name} +skratch\.{family}$", out, re.MULTILINE)


def test_the_command_lists_the_registry_of_models():
    # One list of models: the command holds none of its own.
    assert cli._MODELS is MODELS
    assert set(cli._BY_NAME) == {name for model in MODELS for name in model.names}


def test_the_readme_names_every_model():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("Or from the shell", 1)[1].split("\n## ", 1)[0]
    for model in MODELS:
        names = f"`{model.name}`" + "".join(f" (`{alias}`)" for alias in model.aliases)
        assert names in " ".join(section.split()), names
    examples = re.findall(r"^skratch animate .*?-o \S+", section, re.M)
    assert len(examples) >= 5
    parser, commands = cli._build_parser()
    for example in examples:
        # Each example is a valid command: a usage error would exit.
        args = parser.parse_args(example.split()[1:])
        cli._check_model_arguments(commands["animate"], args)


# -- animate ----------------------------------------------------------------------

def small(model):
    """Few frames, few points (a model that needs no data takes no --n-samples)."""
    return SMALL if model.dataset is not None else ["--frames", "5"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_animate_every_model_to_a_gif(model, tmp_path, capsys):
    path = tmp_path / f"{model.name}.gif"
    assert main(["animate", model.name, *small(model), "-o", str(path)]) == 0
    out, err = capsys.readouterr()
    written, n_frames = reported_frames(out)
    assert written == str(path)
    assert 1 <= n_frames <= 5
    assert gif_frames(path) == n_frames
    assert err == ""  # not a terminal: no progress bar, and the defaults train quietly
    assert os.listdir(tmp_path) == [path.name]


@pytest.mark.parametrize("model", [m for m in MODELS if m.aliases], ids=lambda m: m.name)
def test_an_alias_is_its_model(model, built, tmp_path, capsys):
    out = str(tmp_path / "a.png")
    for name in model.names:
        assert main(["animate", name, *small(model), "-o", out]) == 0
    kinds = {(type(estimator), repr(estimator)) for estimator, *_ in built}
    assert len(kinds) == 1 and type(built[0][0]).__name__ == model.estimator_name


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


def params(estimator, *names):
    return tuple(estimator.get_params()[name] for name in names)


@pytest.mark.parametrize("arguments, expected", [
    (["ridge"], {"alpha": 1.0, "solver": "gd", "learning_rate": 0.1}),
    (["ridge", "--alpha", "3", "--learning-rate", "0.2"], {"alpha": 3.0, "learning_rate": 0.2}),
    (["lasso"], {"alpha": 10.0, "step_per": "coordinate"}),
    (["lasso", "--alpha", "30"], {"alpha": 30.0}),
    (["elastic-net"], {"alpha": 10.0, "l1_ratio": 0.5, "step_per": "coordinate"}),
    (["elastic-net", "--l1-ratio", "0.2"], {"l1_ratio": 0.2}),
    (["logistic"], {"solver": "gd", "learning_rate": 0.5}),
    (["logistic-regression", "--learning-rate", "2"], {"learning_rate": 2.0}),
    (["perceptron", "--seed", "4"], {"random_state": 4}),
    (["svm"], {"loss": "hinge", "alpha": 0.03, "step_per": "batch", "random_state": 0}),
    (["sgd-classifier", "--alpha", "0.1"], {"alpha": 0.1}),
    (["sgd"], {"learning_rate": "constant", "eta0": 0.05, "step_per": "batch"}),
    (["sgd-regressor", "--learning-rate", "0.01"], {"eta0": 0.01}),
    (["race"], {"surface": "rosenbrock"}),
    (["optimizer-race", "--surface", "valley"], {"surface": "valley"}),
    (["scaler"], {"with_mean": True, "with_std": True}),
    (["poly"], {"degree": 2}),
    (["polynomial-features", "--degree", "3"], {"degree": 3}),
    (["curve"], {"polynomialfeatures__degree": 9, "polynomialfeatures__include_bias": False,
                 "ridge__alpha": 0.1, "ridge__learning_rate": 0.1, "ridge__solver": "gd"}),
    (["curve", "--degree", "4", "--alpha", "1", "--learning-rate", "0.2"],
     {"polynomialfeatures__degree": 4, "ridge__alpha": 1.0, "ridge__learning_rate": 0.2}),
], ids=" ".join)
def test_each_model_gets_its_defaults_and_its_options(arguments, expected, built, tmp_path,
                                                       capsys):
    model = cli._BY_NAME[arguments[0]]
    assert main(["animate", *arguments, *small(model), "-o", str(tmp_path / "a.png")]) == 0
    (estimator, X, y, options), = built
    assert type(estimator).__name__ == model.estimator_name
    assert params(estimator, *expected) == tuple(expected.values())
    if model.dataset is None:
        assert X is None and y is None
    else:
        assert len(X) == 60
    assert options == {"max_frames": 5, "fps": 6.0}


def test_each_dataset_has_its_shape():
    shapes = {"blobs": 2, "moons": 2, "circles": 2, "classification": 2, "regression": 1,
              "regression-2d": 2, "wave": 1}
    assert set(shapes) == set(cli._DATASETS)
    for name, n_features in shapes.items():
        X, y = cli._make_dataset(name, 50, 0)
        assert X.shape == (50, n_features) and y.shape == (50,)
        again, _ = cli._make_dataset(name, 50, 0)
        np.testing.assert_array_equal(X, again)
    X, y = cli._make_dataset("wave", 200, 1)
    assert np.all(np.diff(X[:, 0]) >= 0) and 0 <= X.min() and X.max() <= 1
    np.testing.assert_allclose(y, np.sin(2 * np.pi * X[:, 0]), atol=4 * 0.25)  # 4 sigmas


def test_a_model_takes_points_up_to_its_bound():
    parser, commands = cli._build_parser()
    for model in MODELS:
        if model.dataset is None:
            continue
        args = parser.parse_args(["animate", model.name, "--n-samples",
                                  str(model.max_samples), "-o", "a.gif"])
        assert cli._check_model_arguments(commands["animate"], args) is model
        assert cli._N_SAMPLES_DEFAULT <= model.max_samples <= cli._N_SAMPLES[1]
    assert {m.name: m.max_samples for m in MODELS if m.max_samples < 100_000} == {
        "logistic-regression": 10_000, "perceptron": 10_000, "sgd-classifier": 10_000,
        "sgd-regressor": 10_000, "polynomial-regression": 1_000}


def test_an_unknown_name_lists_every_name(capsys):
    assert main(["animate", "random-forest", "-o", "a.gif"]) == 2
    err = capsys.readouterr().err
    choices = err.split("(choose from ", 1)[1]
    for name in cli._BY_NAME:
        assert re.search(rf"(^|[ ']){re.escape(name)}'?[,)]", choices), name


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
    # One background, then one layer per frame (what differs from it).
    assert text.count("data:image/png;base64,") == n_frames + 1


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
    (["animate", "random-forest", "-o", "a.gif"],
     "argument NAME: invalid choice: 'random-forest'"),
    (["animate", "kmeans", "--dataset", "iris", "-o", "a.gif"],
     "argument --dataset: invalid choice: 'iris'"),
    (["animate", "kmeans", "--n-samples", "0", "-o", "a.gif"],
     "argument --n-samples: must be an integer from 10 to 100000, got 0"),
    (["animate", "kmeans", "--n-samples", "-5", "-o", "a.gif"], "argument --n-samples:"),
    (["animate", "kmeans", "--frames", "1", "-o", "a.gif"],
     "argument --frames: must be an integer from 2 to 1000, got 1"),
    (["animate", "kmeans", "--frames", "many", "-o", "a.gif"],
     "argument --frames: must be an integer from 2 to 1000, got 'many'"),
    (["animate", "kmeans", "--fps", "0", "-o", "a.gif"],
     "argument --fps: must be a number from 0.01 to 100, got 0"),
    (["animate", "kmeans", "--fps", "nan", "-o", "a.gif"],
     "argument --fps: must be a number from 0.01 to 100, got nan"),
    (["animate", "kmeans", "--seed", "-1", "-o", "a.gif"],
     "argument --seed: must be an integer from 0 to 4294967295, got -1"),
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
     "--learning-rate is an option of linear-regression, ridge, logistic-regression, "
     "sgd-regressor and polynomial-regression, not of tree"),
    (["animate", "kmeans", "--degree", "3", "-o", "a.gif"],
     "--degree is an option of polynomial-features and polynomial-regression, not of kmeans"),
    (["animate", "perceptron", "--surface", "valley", "-o", "a.gif"],
     "--surface is an option of optimizer-race, not of perceptron"),
    (["animate", "lasso", "--dataset", "regression", "-o", "a.gif"],
     "lasso cannot learn from --dataset regression: coordinate descent is drawn on the "
     "plane of two weights; use regression-2d"),
    (["animate", "curve", "--dataset", "regression", "-o", "a.gif"],
     "curve cannot learn from --dataset regression: it fits a curve to one feature and a "
     "continuous target; use wave"),
    (["animate", "race", "--dataset", "moons", "-o", "a.gif"],
     "race takes no --dataset: the optimizers race on a surface (--surface), not on data"),
    (["animate", "optimizer-race", "--n-samples", "50", "-o", "a.gif"],
     "optimizer-race takes no --n-samples: the optimizers race on a surface (--surface), "
     "not on data"),
    (["animate", "curve", "--n-samples", "5000", "-o", "a.gif"],
     "--n-samples 5000 is more than curve trains on: at most 1000 (more takes minutes or "
     "gigabytes)"),
    (["animate", "svm", "--n-samples", "10001", "-o", "a.gif"],
     "--n-samples 10001 is more than svm trains on: at most 10000"),
    (["animate", "race", "--surface", "moon", "-o", "a.gif"],
     "argument --surface: invalid choice: 'moon'"),
    (["animate", "ridge", "--alpha", "0", "-o", "a.gif"],
     "argument --alpha: must be a number greater than 0 and at most 10000, got 0"),
    (["animate", "lasso", "--alpha", "1e5", "-o", "a.gif"],
     "argument --alpha: must be a number greater than 0 and at most 10000, got 1e5"),
    (["animate", "elastic-net", "--l1-ratio", "1.5", "-o", "a.gif"],
     "argument --l1-ratio: must be a number from 0 to 1, got 1.5"),
    (["animate", "poly", "--degree", "16", "-o", "a.gif"],
     "argument --degree: must be an integer from 1 to 15, got 16"),
    (["animate", "curve", "--degree", "0", "-o", "a.gif"],
     "argument --degree: must be an integer from 1 to 15, got 0"),
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
                   "--n-clusters", "--learning-rate", "--max-depth", "--alpha", "--l1-ratio",
                   "--degree", "--surface"):
        assert option in help_text
    for model in MODELS:
        assert model.name in help_text


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


# -- never a traceback: every number bounded ----------------------------------------

@pytest.mark.parametrize("arguments, message", [
    # A number too long for numpy's int64 reached make_blobs: a TypeError traceback.
    (["kmeans", "--n-samples", "99999999999999999999"],
     "argument --n-samples: must be an integer from 10 to 100000, got 99999999999999999999"),
    (["kmeans", "--n-samples", "2e8"],
     "argument --n-samples: must be an integer from 10 to 100000, got 2e8"),
    (["kmeans", "--n-samples", "200000000"],  # a MemoryError
     "argument --n-samples: must be an integer from 10 to 100000, got 200000000"),
    (["kmeans", "--n-samples", "100001"], "from 10 to 100000, got 100001"),
    (["kmeans", "--n-samples", "1e400"], "from 10 to 100000, got 1e400"),
    (["kmeans", "--n-samples", "60.5"], "from 10 to 100000, got 60.5"),
    (["kmeans", "--n-samples", "9" * 5000],  # past Python's 4300-digit limit; cut short
     "from 10 to 100000, got " + "9" * 30 + "..." + "9" * 7),
    (["kmeans", "--frames", "1001"], "argument --frames: must be an integer from 2 to 1000"),
    (["kmeans", "--frames", "inf"],
     "argument --frames: must be an integer from 2 to 1000, got inf"),
    # A GIF frame lasts at most 655.35 s: Pillow's OverflowError.
    (["kmeans", "--fps", "0.001"], "argument --fps: must be a number from 0.01 to 100, got 0.001"),
    (["kmeans", "--fps", "101", "-o", "a.html"],
     "argument --fps: must be a number from 0.01 to 100"),
    (["kmeans", "--fps", "inf"], "argument --fps: must be a number from 0.01 to 100, got inf"),
    (["kmeans", "--fps=-inf"], "argument --fps: must be a number from 0.01 to 100, got -inf"),
    (["kmeans", "--fps", "60"],
     "--fps 60 is too fast for a GIF: its frames last whole hundredths of a second"),
    (["kmeans", "--fps", "51", "-o", "LOUD.GIF"],
     "use --fps 50 or less, or save as .html or .mp4"),
    (["kmeans", "--seed", "4294967296"],
     "argument --seed: must be an integer from 0 to 4294967295, got 4294967296"),
    (["kmeans", "--n-clusters", "101", "--n-samples", "1000"],
     "argument --n-clusters: must be an integer from 1 to 100, got 101"),
    (["gd", "--learning-rate", "0"],
     "argument --learning-rate: must be a number greater than 0 and at most 100, got 0"),
    (["gd", "--learning-rate", "-0"], "greater than 0 and at most 100, got -0"),
    (["gd", "--learning-rate", "1e308"], "greater than 0 and at most 100, got 1e308"),
    (["gd", "--learning-rate", "nan"], "greater than 0 and at most 100, got nan"),
    (["gd", "--learning-rate", "inf"], "greater than 0 and at most 100, got inf"),
    (["gd", "--learning-rate", "fast"], "greater than 0 and at most 100, got 'fast'"),
    (["tree", "--max-depth", "21"],
     "argument --max-depth: must be an integer from 1 to 20, got 21"),
    (["tree", "--max-depth", "3.5"], "argument --max-depth: must be an integer from 1 to 20"),
])
def test_numbers_out_of_bounds_are_usage_errors(arguments, message, tmp_path, monkeypatch,
                                                capsys):
    monkeypatch.chdir(tmp_path)
    if "-o" not in arguments:
        arguments = [*arguments, "-o", "a.gif"]
    assert main(["animate", *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: skratch animate")
    assert message in err
    assert "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_numbers_at_their_bounds_are_accepted():
    parser = cli._build_parser()[0]
    args = parser.parse_args(["animate", "kmeans", "-o", "a.html", "--n-samples", "100000",
                              "--frames", "1000", "--fps", "100", "--seed", str(2**32 - 1),
                              "--n-clusters", "100"])
    assert (args.n_samples, args.frames, args.fps, args.seed, args.n_clusters) == \
        (100_000, 1000, 100.0, 2**32 - 1, 100)
    args = parser.parse_args(["animate", "tree", "-o", "a.gif", "--n-samples", "10",
                              "--frames", "2", "--fps", "0.01", "--seed", "0",
                              "--max-depth", "20"])
    assert (args.n_samples, args.frames, args.fps, args.seed, args.max_depth) == \
        (10, 2, 0.01, 0, 20)
    # Whole numbers may be written as such: 1e4, 60.0, 100_000.
    args = parser.parse_args(["animate", "gd", "-o", "a.gif", "--n-samples", "1e4",
                              "--frames", "60.0", "--seed", "100_000", "--learning-rate", "100"])
    assert (args.n_samples, args.frames, args.seed, args.learning_rate) == \
        (10_000, 60, 100_000, 100.0)
    assert all(type(v) is int for v in (args.n_samples, args.frames, args.seed))


@pytest.mark.parametrize("fps, delay_ms", [("0.01", 100_000), ("50", 20)])
def test_gif_at_the_fps_bounds_keeps_its_delays(fps, delay_ms, tmp_path, capsys):
    path = tmp_path / "a.gif"
    assert main(["animate", "gd", "--frames", "10", "--n-samples", "20", "--fps", fps,
                 "-o", str(path)]) == 0
    with Image.open(path) as gif:
        delays = []
        for i in range(gif.n_frames):
            gif.seek(i)
            delays.append(gif.info["duration"])
    # Frames with a new caption are held to be read (Animation.frame_durations);
    # the others, "iteration k: ..." after "iteration j: ...", last 1/fps exactly.
    assert min(delays) == delay_ms and delays.count(delay_ms) >= 3


def test_help_tells_the_bounds_and_how_to_see_a_traceback(capsys):
    help_text = cli._build_parser()[1]["animate"].format_help()
    for bounds in ("from 10 to 100000", "from 2 to 1000", "from 0.01 to 100, at most 50 for",
                   "2**32-1", "from 1 to 100", "at most 100", "from 1 to 20"):
        assert bounds in " ".join(help_text.split())
    for arguments in (["--help"], ["animate", "--help"]):
        assert main(arguments) == 0
        assert "SKRATCH_DEBUG=1" in capsys.readouterr().out
    assert "SKRATCH_DEBUG=1" in cli.__doc__ and "141" in cli.__doc__


# -- never a traceback: closed pipes ---------------------------------------------------

class ClosedPipe(io.StringIO):
    """A stream whose reader has gone: every write is EPIPE."""

    def write(self, text):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    def isatty(self):
        return False


class HungUpTerminal(Terminal):
    """A terminal that goes away after a few writes (EIO, as a hung-up tty gives)."""

    def write(self, text):
        if self.tell() > 60:
            raise OSError(errno.EIO, "Input/output error")
        return super().write(text)


def run_into_a_closed_pipe(arguments, stream="stdout", cwd=None):
    """Run the command with stdout (or stderr) a pipe whose reader closed before it started."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    other = subprocess.PIPE
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "skratch.cli", *arguments], cwd=cwd,
            stdout=write_end if stream == "stdout" else other,
            stderr=write_end if stream == "stderr" else other,
            env={**os.environ, "MPLBACKEND": "Agg"})
    finally:
        os.close(write_end)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


@pytest.mark.parametrize("arguments", [["list"], ["list", "--estimators"]])
def test_output_to_a_closed_pipe_exits_quietly(arguments):
    # skratch list | head -1: before, a BrokenPipeError traceback (or "Exception
    # ignored ... BrokenPipeError" at exit) and status 1 or 120.
    returncode, _, err = run_into_a_closed_pipe(arguments)
    assert (returncode, err) == (141, b"")


def test_list_read_in_part_exits_quietly():
    # As "skratch list --estimators | head -1" does: read a line, close.
    process = subprocess.Popen([sys.executable, "-m", "skratch.cli", "list", "--estimators"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    # 0 if everything fitted in the pipe before it closed, 141 if not.
    assert process.wait(timeout=60) in (0, 141)
    assert err == b""


def test_list_to_a_closed_stdout_in_process(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["list"]) == 141
    assert capsys.readouterr().err == ""


def test_animate_to_a_closed_stdout_still_writes_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    path = tmp_path / "a.gif"
    assert main(["animate", "gd", *SMALL, "-o", str(path)]) == 141
    assert gif_frames(path) >= 2
    assert capsys.readouterr().err == ""


def test_animate_with_a_closed_stderr_still_works(tmp_path):
    # The divergence warning is written to stderr, which nobody reads: lost, not fatal.
    returncode, out, _ = run_into_a_closed_pipe(
        ["animate", "gd", "--n-samples", "20", "--learning-rate", "3", "-o", "a.png"],
        "stderr", tmp_path)
    assert returncode == 0
    assert reported_frames(out.decode()) == ("a.png", 1)
    assert (tmp_path / "a.png").stat().st_size > 0


def test_a_failure_with_a_closed_stderr_still_exits_1(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", ClosedPipe())
    assert main(["animate", "gd", *SMALL, "-o", str(tmp_path / "missing" / "a.gif")]) == 1


def test_a_terminal_going_away_stops_the_bar_not_the_save(tmp_path, capsys, monkeypatch):
    terminal = HungUpTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = tmp_path / "a.gif"
    assert main(["animate", "gd", *SMALL, "-o", str(path)]) == 0
    _, n_frames = reported_frames(capsys.readouterr().out)
    assert gif_frames(path) == n_frames
    assert terminal.getvalue().startswith("\rrendering [")


# -- never a traceback: failures inside the work --------------------------------------

def test_running_out_of_memory_is_one_line(monkeypatch, capsys):
    def make_dataset(name, n_samples, seed):
        raise MemoryError()

    monkeypatch.setattr(cli, "_make_dataset", make_dataset)
    assert main(["animate", "kmeans", "--n-samples", "60", "-o", "a.gif"]) == 1
    assert one_line_error(capsys) == (
        "skratch: error: out of memory while making the blobs data set of 60 points; "
        "try a smaller --n-samples or --frames")


def test_running_out_of_memory_while_saving_ends_the_bar_first(tmp_path, monkeypatch):
    def save(self, path, **kwargs):
        kwargs["progress"](1, self.n_frames)
        raise MemoryError("Unable to allocate 1.2 TiB for an array")

    monkeypatch.setattr(skratch.viz.Animation, "save", save)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = str(tmp_path / "a.gif")
    assert main(["animate", "gd", *SMALL, "-o", path]) == 1
    bar, error, end = terminal.getvalue().split("\n")
    assert bar.endswith("] 1/5") and end == ""
    assert error == f"skratch: error: out of memory while writing {path!r}; " \
                    "try a smaller --n-samples or --frames"
    assert os.listdir(tmp_path) == []


def test_an_unexpected_error_is_one_line_naming_it(tmp_path, monkeypatch, capsys):
    def animate(*args, **kwargs):
        raise ZeroDivisionError("division by zero\nand a second line")

    monkeypatch.setattr(skratch.viz, "animate", animate)
    monkeypatch.delenv("SKRATCH_DEBUG", raising=False)
    arguments = ["animate", "gd", *SMALL, "-o", str(tmp_path / "a.gif")]
    assert main(arguments) == 1
    assert one_line_error(capsys) == (
        "skratch: error: unexpected ZeroDivisionError while training linear-regression on "
        "60 points: division by zero (set SKRATCH_DEBUG=1 to see the traceback)")

    monkeypatch.setenv("SKRATCH_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(arguments)
    assert os.listdir(tmp_path) == []


def test_an_unexpected_error_outside_the_stages_is_one_line(monkeypatch, capsys):
    def broken(args):
        raise KeyError("estimators")

    monkeypatch.setattr(cli, "_list", broken)
    monkeypatch.delenv("SKRATCH_DEBUG", raising=False)
    assert main(["list"]) == 1
    assert one_line_error(capsys) == ("skratch: error: unexpected KeyError: 'estimators' "
                                      "(set SKRATCH_DEBUG=1 to see the traceback)")


def test_interrupted_before_training_exits_130(monkeypatch, capsys):
    def make_dataset(name, n_samples, seed):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_make_dataset", make_dataset)
    assert main(["animate", "kmeans", "-o", "a.gif"]) == 130
    assert one_line_error(capsys) == "skratch: interrupted"


@pytest.mark.parametrize("failure, message", [
    # The atomic writer names the target itself: said once, not twice.
    (lambda path: OSError(f"cannot write {path!r}: No space left on device"),
     "cannot write {path!r}: No space left on device"),
    # An encoder's dump: its first line only, without "[Errno 32]".
    (lambda path: OSError("[Errno 32] Broken pipe\n\nFFMPEG COMMAND:\nffmpeg -y -f rawvideo"
                          "\n\nFFMPEG STDERR OUTPUT:\n"),
     "cannot write {path!r}: Broken pipe"),
    # errno, strerror and a temporary file's name: the reason, about the target.
    (lambda path: OSError(errno.ENOSPC, "No space left on device", "/tmp/.skratch-1234.gif"),
     "cannot write {path!r}: No space left on device"),
])
def test_a_failed_save_is_the_errors_message_on_one_line(failure, message, tmp_path, capsys,
                                                         monkeypatch):
    path = str(tmp_path / "a.gif")

    def save(self, target, **kwargs):
        raise failure(target)

    monkeypatch.setattr(skratch.viz.Animation, "save", save)
    assert main(["animate", "gd", *SMALL, "-o", path]) == 1
    assert one_line_error(capsys) == "skratch: " + message.format(path=path)
