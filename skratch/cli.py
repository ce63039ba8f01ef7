"""The ``skratch`` command: list what can be animated, and animate it.

::

    skratch list
    skratch animate kmeans -o kmeans.gif
    skratch animate gd --learning-rate 0.5 --frames 40 -o descent.html

``main(argv)`` runs the command and returns its exit status: 0 on success,
2 for a usage error (argparse's convention), 1 when the work itself fails
(the output cannot be written, an encoder is missing). Expected failures are
one line on stderr, never a traceback.
"""

import argparse
import importlib
import importlib.util
import os
import sys
import warnings
from dataclasses import dataclass

from . import __version__, all_estimators

_EXTENSIONS = (".gif", ".html", ".mp4", ".png")
_DATASETS = ("blobs", "moons", "circles", "regression", "classification")

# Groups in each data set (blobs are drawn around 3 centres): the number of
# clusters k-means looks for unless told otherwise.
_DATASET_GROUPS = {"blobs": 3, "moons": 2, "circles": 2, "classification": 2}


@dataclass(frozen=True)
class _Model:
    """One thing ``skratch animate`` can show."""

    name: str
    aliases: tuple
    estimator: str          # import path, so that ``skratch list`` imports no model
    description: str
    dataset: str            # the default --dataset
    datasets: tuple         # the ones that fit the model
    options: tuple          # the model's own options, as argparse dests
    why_not: str            # why the other datasets do not fit

    @property
    def estimator_name(self):
        return self.estimator.rpartition(".")[2]


_MODELS = (
    _Model("kmeans", (), "skratch.cluster.KMeans",
           "k-means moving its centres: assign points to the nearest, move each to their mean",
           "blobs", ("blobs", "moons", "circles", "classification"), ("n_clusters",),
           "k-means is drawn on points in the plane"),
    _Model("linear-regression", ("gd",), "skratch.linear_model.LinearRegression",
           "gradient descent fitting a line, walking down the loss surface",
           "regression", ("regression",), ("learning_rate",),
           "gradient descent fits a line to one feature and a continuous target"),
    _Model("decision-tree", ("tree",), "skratch.tree.DecisionTreeClassifier",
           "a classification tree splitting the plane, one split at a time",
           "moons", ("blobs", "moons", "circles", "classification"), ("max_depth",),
           "the tree classifies points in the plane by their labels"),
)
_BY_NAME = {name: model for model in _MODELS for name in (model.name, *model.aliases)}

# The options only some models take: flag, and the default when not given.
_MODEL_OPTIONS = {
    "n_clusters": ("--n-clusters", None),     # None: the groups in the data set
    "learning_rate": ("--learning-rate", 0.1),
    "max_depth": ("--max-depth", 4),
}

_ANIMATE_EXAMPLES = """\
examples:
  skratch animate kmeans -o kmeans.gif
  skratch animate kmeans --dataset moons --n-clusters 2 --seed 3 -o moons.html
  skratch animate gd --learning-rate 0.5 --frames 40 -o descent.gif
  skratch animate tree --dataset circles --max-depth 3 -o tree.png
  skratch animate tree --fps 3 -o tree.mp4      (needs: pip install imageio-ffmpeg)

The format follows the extension of OUT: .gif (animated), .html (a player
with play/pause and a slider), .mp4 (a video) or .png (a still of the end).
Run "skratch list" for the names."""


# -- argument types: each turns a bad value into a usage error ---------------------

# argparse puts "argument --frames: " before each message.

def _int_at_least(minimum):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _output_path(text):
    extension = os.path.splitext(text)[1].lower()
    if extension not in _EXTENSIONS:
        raise argparse.ArgumentTypeError(
            f"cannot save an animation as {text!r}: OUT must end in "
            f"{', '.join(_EXTENSIONS[:-1])} or {_EXTENSIONS[-1]}")
    return text


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="skratch",
        description="Skratch: machine learning from scratch, made visible.",
        epilog='examples:\n  skratch list\n  skratch animate kmeans -o kmeans.gif\n\n'
               'Run "skratch COMMAND --help" for the options of a command.',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"skratch {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "list", help="list what can be animated",
        description="List the models skratch animate can show: name, estimator, "
                    "default data set and what the animation shows.",
        epilog="examples:\n  skratch list\n  skratch list --estimators",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    listing.add_argument("--estimators", action="store_true",
                         help="list every estimator skratch provides instead")

    animate = commands.add_parser(
        "animate", help="animate a model training, to a GIF, HTML player, video or still",
        description="Train a model on a generated data set and save the animation of "
                    "its training.",
        epilog=_ANIMATE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    animate.add_argument("name", metavar="NAME", choices=list(_BY_NAME),
                         help="what to animate: " + ", ".join(
                             m.name + "".join(f" ({a})" for a in m.aliases) for m in _MODELS))
    animate.add_argument("-o", "--output", metavar="OUT", required=True, type=_output_path,
                         help="the file to write: .gif, .html, .mp4 or .png")
    animate.add_argument("--dataset", choices=_DATASETS,
                         help="the training data (default: the model's, see skratch list)")
    animate.add_argument("--n-samples", metavar="N", type=_int_at_least(10),
                         default=150, help="points in the data set (default: 150)")
    animate.add_argument("--frames", metavar="N", type=_int_at_least(2),
                         default=60, help="at most this many frames; long runs keep the "
                                          "first and last steps (default: 60)")
    animate.add_argument("--fps", metavar="N", type=_positive_float, default=6.0,
                         help="frames per second (default: 6)")
    animate.add_argument("--seed", metavar="N", type=_int_at_least(0), default=0,
                         help="seed of the data set and of the model (default: 0)")
    model_options = animate.add_argument_group("model options (each for one model)")
    model_options.add_argument("--n-clusters", metavar="K", type=_int_at_least(1),
                               help="kmeans: clusters to find (default: the groups in the data)")
    model_options.add_argument("--learning-rate", metavar="LR",
                               type=_positive_float,
                               help="linear-regression: step size (default: 0.1)")
    model_options.add_argument("--max-depth", metavar="D", type=_int_at_least(1),
                               help="decision-tree: deepest level (default: 4)")
    return parser, {"list": listing, "animate": animate}


# -- the commands ----------------------------------------------------------------

def _list(args):
    if args.estimators:
        for name, cls in all_estimators():
            family = cls.__module__.split(".")[1]
            print(f"{name:28s} skratch.{family}")
        return 0
    rows = [("NAME", "ESTIMATOR", "DATASET", "SHOWS")]
    rows += [(m.name + "".join(f", {a}" for a in m.aliases), m.estimator_name, m.dataset,
              m.description) for m in _MODELS]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    return 0


def _make_dataset(name, n_samples, seed):
    from . import datasets

    if name == "blobs":
        return datasets.make_blobs(n_samples, centers=_DATASET_GROUPS["blobs"],
                                   random_state=seed)
    if name == "moons":
        return datasets.make_moons(n_samples, noise=0.2, random_state=seed)
    if name == "circles":
        return datasets.make_circles(n_samples, noise=0.08, factor=0.5, random_state=seed)
    if name == "regression":
        return datasets.make_regression(n_samples, n_features=1, noise=15.0, random_state=seed)
    return datasets.make_classification(n_samples, n_features=2, n_informative=2,
                                        n_redundant=0, n_clusters_per_class=1,
                                        random_state=seed)


def _make_estimator(model, args):
    module_name, _, class_name = model.estimator.rpartition(".")
    estimator_cls = getattr(importlib.import_module(module_name), class_name)
    if model.name == "kmeans":
        return estimator_cls(n_clusters=args.n_clusters, random_state=args.seed)
    if model.name == "linear-regression":
        return estimator_cls(solver="gd", learning_rate=args.learning_rate)
    return estimator_cls(max_depth=args.max_depth, random_state=args.seed)


def _check_model_arguments(parser, args):
    """Usage errors that depend on the model: its data sets and its own options."""
    model = _BY_NAME[args.name]
    for dest, (flag, default) in _MODEL_OPTIONS.items():
        if dest in model.options:
            if getattr(args, dest) is None:
                setattr(args, dest, default)
        elif getattr(args, dest) is not None:
            takers = [m.name for m in _MODELS if dest in m.options]
            parser.error(f"{flag} is an option of {' and '.join(takers)}, not of {args.name}")
    if args.dataset is None:
        args.dataset = model.dataset
    if args.dataset not in model.datasets:
        parser.error(f"{args.name} cannot learn from --dataset {args.dataset}: "
                     f"{model.why_not}; use {' or '.join(model.datasets)}")
    if model.name == "kmeans":
        if args.n_clusters is None:
            args.n_clusters = _DATASET_GROUPS[args.dataset]
        if args.n_clusters > args.n_samples:
            parser.error(f"--n-clusters {args.n_clusters} is more than the "
                         f"{args.n_samples} points (--n-samples)")
    return model


def _output_problem(path):
    """Why ``path`` cannot be written, or None: checked before any training."""
    if os.path.isdir(path):
        return "it is a directory"
    directory = os.path.dirname(path) or "."
    if not os.path.exists(directory):
        return f"directory {directory!r} does not exist"
    if not os.path.isdir(directory):
        return f"{directory!r} is not a directory"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"no permission to write in directory {directory!r}"
    return None


class _ProgressBar:
    """``rendering [#####.....] 24/60`` on one line of a terminal, redrawn in place."""

    width = 30

    def __init__(self, stream, label="rendering"):
        self.stream = stream
        self.label = label
        self.shown = False

    def __call__(self, i, n):
        filled = self.width * i // n
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {i}/{n}")
        self.stream.flush()
        self.shown = True

    def close(self):
        """End the bar's line, so that what follows starts on a fresh one."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


def _has_module(name):
    return importlib.util.find_spec(name) is not None


def _fail(message):
    print(f"skratch: {message}", file=sys.stderr)
    return 1


def _animate(parser, args):
    model = _check_model_arguments(parser, args)
    out = args.output
    problem = _output_problem(out)
    if problem:
        return _fail(f"cannot write {out!r}: {problem}")
    if out.lower().endswith(".mp4") and not _has_module("imageio_ffmpeg"):
        return _fail(f"cannot write {out!r}: .mp4 needs the imageio-ffmpeg package "
                     "(pip install imageio-ffmpeg), or save as .gif or .html")

    from .viz import animate

    X, y = _make_dataset(args.dataset, args.n_samples, args.seed)
    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            animation = animate(_make_estimator(model, args), X, y,
                                max_frames=args.frames, fps=args.fps)
        except KeyboardInterrupt:
            _fail(f"interrupted; {out!r} not written")
            return 130
        try:
            if bar is not None:
                bar(0, animation.n_frames)
            # The checks above can be overtaken (a full disk, a directory
            # removed meanwhile): save leaves no partial file, so say why.
            animation.save(out, progress=bar)
        except (OSError, ModuleNotFoundError) as error:
            if bar is not None:
                bar.close()
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            return _fail(f"cannot write {out!r}: {reason}")
        except KeyboardInterrupt:
            if bar is not None:
                bar.close()
            _fail(f"interrupted; {out!r} not written")
            return 130
        if bar is not None:
            bar.close()
    # A lesson worth seeing (gradient descent diverging), said once, plainly.
    for warning in {str(w.message): w for w in caught}.values():
        print(f"skratch: {warning.category.__name__}: {warning.message}", file=sys.stderr)
    n_frames = 1 if out.lower().endswith(".png") else animation.n_frames
    print(f"wrote {out} ({n_frames} frame{'s' if n_frames != 1 else ''})")
    return 0


def main(argv=None):
    """Run the command line; returns the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; by default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 1 when the work fails, 2 for a usage error.
    """
    parser, commands = _build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "list":
            return _list(args)
        if args.command == "animate":
            return _animate(commands["animate"], args)
    except SystemExit as exit:
        # argparse exits for --help, --version and usage errors; main returns.
        return 0 if exit.code is None else exit.code if isinstance(exit.code, int) else 2
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
