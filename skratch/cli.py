"""The ``skratch`` command: list what can be animated, and animate it.

::

    skratch list
    skratch animate kmeans -o kmeans.gif
    skratch animate gd --learning-rate 0.5 --frames 40 -o descent.html

``main(argv)`` runs the command and returns its exit status:

* 0 on success;
* 2 for a usage error (argparse's convention): an unknown name, a data set the
  model cannot learn from, or a number out of its bounds. Every number is
  bounded to what works, and the message says the bounds (``argument
  --n-samples: must be an integer from 10 to 100000, got 2e8``);
* 1 when the work itself fails: the output cannot be written, an encoder is
  missing, memory runs out, or an unexpected error;
* 130 when interrupted (Ctrl-C), the output left as it was;
* 141 when standard output is a pipe closed early (``skratch list | head -1``):
  the command stops quietly, as one killed by SIGPIPE would (128 + 13), so
  that the pipe's reader decides and ``set -o pipefail`` still sees it. A
  closed standard error only loses the messages: the work goes on.

Every failure is one line on stderr, never a traceback. An unexpected error
(a bug) is one line too, naming the exception; set the environment variable
``SKRATCH_DEBUG=1`` to see its traceback instead.
"""

import argparse
import contextlib
import importlib.util
import math
import os
import re
import sys
import warnings

from . import __version__, all_estimators
from .viz._registry import MODELS

_EXTENSIONS = (".gif", ".html", ".mp4", ".png")
# What each --dataset makes: points in the plane (the first four, with
# labels), a line's worth of noisy targets over one feature, two features,
# or a wave over one feature (for a curve).
_DATASETS = ("blobs", "moons", "circles", "classification", "regression", "regression-2d",
             "wave")

# Groups in each data set (blobs are drawn around 3 centres): the number of
# clusters k-means looks for unless told otherwise.
_DATASET_GROUPS = {"blobs": 3, "moons": 2, "circles": 2, "classification": 2}

# The models, from the one registry of models (skratch.viz._registry). Only
# import paths: ``skratch list`` imports no model and no drawing code.
_MODELS = MODELS
_BY_NAME = {name: model for model in _MODELS for name in model.names}

_N_SAMPLES_DEFAULT = 150

_ANIMATE_EXAMPLES = """\
examples:
  skratch animate kmeans -o kmeans.gif
  skratch animate kmeans --dataset moons --n-clusters 2 --seed 3 -o moons.html
  skratch animate gd --learning-rate 0.5 --frames 40 -o descent.gif
  skratch animate lasso --alpha 30 -o lasso.gif
  skratch animate logistic --dataset blobs -o logistic.html
  skratch animate race --surface valley -o race.gif
  skratch animate curve --degree 12 -o curve.gif
  skratch animate tree --dataset circles --max-depth 3 -o tree.png
  skratch animate tree --fps 3 -o tree.mp4      (needs: pip install imageio-ffmpeg)

The format follows the extension of OUT: .gif (animated), .html (a player
with play/pause and a slider), .mp4 (a video) or .png (a still of the end).
Run "skratch list" for the names, their data sets and what each shows.

Exit status: 0 done, 1 failed (one line says why), 2 usage error, 130
interrupted, 141 output pipe closed. An unexpected error is one line too; run
with SKRATCH_DEBUG=1 in the environment to see its traceback."""


# -- argument types: each turns a bad value into a usage error ---------------------

# argparse puts "argument --frames: " before each message. The bounds are what
# works on a laptop in reasonable time and memory (measured on 2 cores):
#
# --n-samples  10 .. 100000: at 100000 points each model's default run takes
#              3-13 s and under 150 MB; a million points take k-means 32 s.
#              Some models take fewer (their entry's max_samples): at 100000
#              points logistic-regression and perceptron take over 70 s
#              (drawing every point in every frame), the SGD models over 5
#              minutes (a step per sample), polynomial-regression 24 GB (its
#              error panel holds every point's error at every step); at their
#              bounds (10000, and 1000 for the curve) 4-16 s and under 600 MB.
# --frames     2 .. 1000: 1000 frames of gradient descent render in 17 s, a
#              25 MB HTML player (gradient descent stops at 1001 steps).
# --fps        0.01 .. 100: GIF counts a frame's delay in hundredths of a second
#              in 16 bits (at most 655.35 s; Pillow overflows beyond), and
#              ffmpeg writes an unplayable video at 1000 fps. A GIF also needs
#              frames of at least 0.02 s: browsers show shorter ones for 0.1 s,
#              so a .gif takes at most 50 (checked with the output's name).
# --seed       0 .. 2**32 - 1: the seeds numpy's RandomState (and scikit-learn)
#              accept, so a seed means the same everywhere.
# --n-clusters 1 .. 100, and at most --n-samples: k-means holds n_samples x
#              n_clusters distances; 100 centres on 100000 points take 30 s.
# --learning-rate  > 0 and at most 100: on the data the command makes, gradient
#              descent already diverges above about 1; far beyond 100 the loss
#              overflows to inf in the first step and there is nothing to see.
# --max-depth  1 .. 20: 2**20 leaves is more than the points there can be; a
#              depth-20 tree on 100000 points records 2756 steps in 0.5 GB.
# --alpha      > 0 and at most 10000: the targets the command makes are of size
#              about 100, and at 10000 every penalty has already pulled every
#              weight to (nearly) 0.
# --l1-ratio   0 .. 1: the share of the L1 penalty in the elastic net's mix.
# --degree     1 .. 15: 15 is the polynomial lesson's degree; on two features
#              it already makes 136 monomials.

_N_SAMPLES = (10, 100_000)
_FRAMES = (2, 1000)
_FPS = (0.01, 100.0)
_GIF_MAX_FPS = 50
_SEED = (0, 2**32 - 1)
_N_CLUSTERS = (1, 100)
_LEARNING_RATE_MAX = 100.0
_MAX_DEPTH = (1, 20)
_ALPHA_MAX = 10_000.0
_DEGREE = (1, 15)


def _shown(text):
    """The value as the user typed it (cut short if long): numbers bare, anything else quoted."""
    try:
        float(text)
        number = True
    except ValueError:
        number = False
    if len(text) > 40:
        text = text[:30] + "..." + text[-7:]
    return text.strip() if number else repr(text)


def _integer(low, high):
    """An integer from ``low`` to ``high``; whole numbers written as ``1e4`` or ``60.0`` too."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            value = int(number) if math.isfinite(number) and number.is_integer() else None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"must be an integer from {low} to {high}, got {_shown(text)}")
        return value
    return parse


def _number(low, high, *, low_included=True):
    """A finite number from ``low`` (or above it) to ``high``; never NaN or infinity."""
    bounds = (f"from {low:g} to {high:g}" if low_included
              else f"greater than {low:g} and at most {high:g}")

    def parse(text):
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        above = value >= low if low_included else value > low
        if not (above and value <= high):  # NaN fails every comparison
            raise argparse.ArgumentTypeError(f"must be a number {bounds}, got {_shown(text)}")
        return value
    return parse


def _output_path(text):
    extension = os.path.splitext(text)[1].lower()
    if extension not in _EXTENSIONS:
        raise argparse.ArgumentTypeError(
            f"cannot save an animation as {text!r}: OUT must end in "
            f"{', '.join(_EXTENSIONS[:-1])} or {_EXTENSIONS[-1]}")
    return text


def _model_options():
    """The options only some models take: dest -> (flag, metavar, argparse keywords, what it is).

    Which models take each, and their defaults, come from the registry.
    """
    from .optim._race import SURFACES

    return {
        "n_clusters": ("--n-clusters", "K", {"type": _integer(*_N_CLUSTERS)},
                       f"clusters to find, from {_N_CLUSTERS[0]} to {_N_CLUSTERS[1]} and "
                       "at most --n-samples"),
        "learning_rate": ("--learning-rate", "LR",
                          {"type": _number(0, _LEARNING_RATE_MAX, low_included=False)},
                          f"step size, above 0 and at most {_LEARNING_RATE_MAX:g}"),
        "alpha": ("--alpha", "A", {"type": _number(0, _ALPHA_MAX, low_included=False)},
                  f"strength of the penalty, above 0 and at most {_ALPHA_MAX:g}"),
        "l1_ratio": ("--l1-ratio", "R", {"type": _number(0, 1)},
                     "share of the L1 penalty in the mix, from 0 to 1"),
        "max_depth": ("--max-depth", "D", {"type": _integer(*_MAX_DEPTH)},
                      f"deepest level, from {_MAX_DEPTH[0]} to {_MAX_DEPTH[1]}"),
        "degree": ("--degree", "D", {"type": _integer(*_DEGREE)},
                   f"highest power, from {_DEGREE[0]} to {_DEGREE[1]}"),
        "surface": ("--surface", "S", {"choices": sorted(SURFACES)},
                    "the surface to race on: " + ", ".join(sorted(SURFACES))),
    }


def _shown_default(dest, value):
    if value is None and dest == "n_clusters":
        return "the groups in the data"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _takers(dest):
    """The models that take an option, and their defaults for it, for its help."""
    return [(model.name, model.defaults[dest]) for model in _MODELS if dest in model.defaults]


def _fewer_samples():
    """The models trained on fewer points than --n-samples allows, by their bound."""
    bounds = {}
    for model in _MODELS:
        if model.dataset is not None and model.max_samples < _N_SAMPLES[1]:
            bounds.setdefault(model.max_samples, []).append(model.name)
    return bounds


def _and(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="skratch",
        description="Skratch: machine learning from scratch, made visible.",
        epilog='examples:\n  skratch list\n  skratch animate kmeans -o kmeans.gif\n\n'
               'Run "skratch COMMAND --help" for the options of a command.\n'
               'Set SKRATCH_DEBUG=1 in the environment to see the traceback of an '
               'unexpected error.',
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
                         help="the training data (default: the model's, see skratch list): "
                              "labelled points in the plane (blobs, moons, circles, "
                              "classification), a noisy line over one feature (regression) "
                              "or two (regression-2d), or a wave over one (wave)")
    low, high = _N_SAMPLES
    animate.add_argument("--n-samples", metavar="N", type=_integer(low, high),
                         help=f"points in the data set, from {low} to {high}; at most "
                              + ", ".join(f"{bound} for {_and(names)}" for bound, names
                                          in _fewer_samples().items())
                              + f" (default: {_N_SAMPLES_DEFAULT})")
    low, high = _FRAMES
    animate.add_argument("--frames", metavar="N", type=_integer(low, high), default=60,
                         help=f"at most this many frames, from {low} to {high}; long runs keep "
                              "the first and last steps (default: 60)")
    low, high = _FPS
    animate.add_argument("--fps", metavar="N", type=_number(low, high), default=6.0,
                         help=f"frames per second, from {low:g} to {high:g}, at most "
                              f"{_GIF_MAX_FPS} for a .gif (default: 6)")
    animate.add_argument("--seed", metavar="N", type=_integer(*_SEED), default=0,
                         help=f"seed of the data set and of the model, from {_SEED[0]} to "
                              "2**32-1 (default: 0)")
    model_options = animate.add_argument_group(
        "model options (each for the models it names; see skratch list)")
    for dest, (flag, metavar, kwargs, what) in _model_options().items():
        takers = _takers(dest)
        defaults = {_shown_default(dest, default) for _, default in takers}
        if len(defaults) == 1:
            default_text = f"default: {defaults.pop()}"
        else:
            by_default = {}
            for name, default in takers:
                by_default.setdefault(_shown_default(dest, default), []).append(name)
            default_text = "default: " + ", ".join(
                f"{default} for {_and(names)}" for default, names in by_default.items())
        model_options.add_argument(
            flag, metavar=metavar, dest=dest, **kwargs,
            help=f"{_and(name for name, _ in takers)}: {what} ({default_text})")
    return parser, {"list": listing, "animate": animate}


# -- the commands ----------------------------------------------------------------

def _list(args):
    if args.estimators:
        for name, cls in all_estimators():
            family = cls.__module__.split(".")[1]
            print(f"{name:28s} skratch.{family}")
        return 0
    rows = [("NAME", "ESTIMATOR", "DATASET", "SHOWS")]
    rows += [(", ".join(m.names), m.estimator_name, m.dataset or "-", m.description)
             for m in _MODELS]
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
    if name == "regression-2d":
        return datasets.make_regression(n_samples, n_features=2, noise=15.0, random_state=seed)
    if name == "wave":
        # One period of a sine on [0, 1], with noise: a curve a line cannot fit.
        import numpy as np

        rng = np.random.RandomState(seed)
        x = np.sort(rng.uniform(0, 1, n_samples))
        return x.reshape(-1, 1), np.sin(2 * np.pi * x) + rng.normal(0, 0.25, n_samples)
    return datasets.make_classification(n_samples, n_features=2, n_informative=2,
                                        n_redundant=0, n_clusters_per_class=1,
                                        random_state=seed)


def _make_estimator(model, args):
    """The model's estimator, built by its registry entry from the options."""
    return model.build({"seed": args.seed, **{dest: getattr(args, dest)
                                              for dest in model.defaults}})


def _check_model_arguments(parser, args):
    """Usage errors that depend on the model: its data sets and its own options."""
    model = _BY_NAME[args.name]
    for dest, (flag, *_) in _model_options().items():
        if dest in model.defaults:
            if getattr(args, dest) is None:
                setattr(args, dest, model.defaults[dest])
        elif getattr(args, dest) is not None:
            takers = _and(name for name, _ in _takers(dest))
            parser.error(f"{flag} is an option of {takers}, not of {args.name}")
    if model.dataset is None:
        # A model that needs no data (the optimizers race on a surface).
        for flag, value in (("--dataset", args.dataset), ("--n-samples", args.n_samples)):
            if value is not None:
                parser.error(f"{args.name} takes no {flag}: {model.why_not}")
    else:
        if args.n_samples is None:
            args.n_samples = min(_N_SAMPLES_DEFAULT, model.max_samples)
        if args.n_samples > model.max_samples:
            parser.error(f"--n-samples {args.n_samples} is more than {args.name} trains on: "
                         f"at most {model.max_samples} (more takes minutes or gigabytes)")
        if args.dataset is None:
            args.dataset = model.dataset
        if args.dataset not in model.datasets:
            parser.error(f"{args.name} cannot learn from --dataset {args.dataset}: "
                         f"{model.why_not}; use {' or '.join(model.datasets)}")
    if "n_clusters" in model.defaults:
        if args.n_clusters is None:
            args.n_clusters = _DATASET_GROUPS[args.dataset]
        if args.n_clusters > args.n_samples:
            parser.error(f"--n-clusters {args.n_clusters} is more than the "
                         f"{args.n_samples} points (--n-samples)")
    if args.output.lower().endswith(".gif") and args.fps > _GIF_MAX_FPS:
        parser.error(f"--fps {args.fps:g} is too fast for a GIF: its frames last whole "
                     f"hundredths of a second and browsers slow those under 0.02 s down "
                     f"to 0.1 s; use --fps {_GIF_MAX_FPS} or less, or save as .html or .mp4")
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
    """``rendering [#####.....] 24/60`` on one line of a terminal, redrawn in place.

    The bar is decoration: a terminal that goes away (a closed pipe, a hung-up
    tty) stops the bar, not the save.
    """

    width = 30

    def __init__(self, stream, label="rendering"):
        self.stream = stream
        self.label = label
        self.shown = False

    def _write(self, text):
        if self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # ValueError: the stream was closed
            self.stream = None

    def __call__(self, i, n):
        filled = self.width * i // n
        self._write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {i}/{n}")
        self.shown = True

    def close(self):
        """End the bar's line, so that what follows starts on a fresh one."""
        if self.shown:
            self._write("\n")
            self.shown = False


def _has_module(name):
    return importlib.util.find_spec(name) is not None


def _say(message):
    """One line on stderr. Nobody may be reading it: then it is lost, not fatal."""
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):  # closed, or None (no stderr at all)
        pass


def _fail(message):
    _say(f"skratch: {message}")
    return 1


def _first_line(text):
    """The first non-blank line of a message, without a leading "[Errno 28] "."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return re.sub(r"^\[Errno -?\d+\]\s*", "", lines[0]) if lines else ""


def _save_failure(error, out):
    """One line saying why ``out`` was not written (an encoder's dump cut to its first line)."""
    if isinstance(error, OSError) and error.strerror:
        # Not the file name: that may be the temporary file's.
        reason = _first_line(error.strerror)
    else:
        reason = _first_line(error) or type(error).__name__
    # The writer names the target itself ("cannot write 'out.mp4': ..."): say it once.
    return reason if out in reason else f"cannot write {out!r}: {reason}"


class _Failure(Exception):
    """A failure already put in words; ``main`` prints it on one line, exit 1."""


def _debugging():
    return os.environ.get("SKRATCH_DEBUG", "").strip() not in ("", "0")


def _unexpected(error, what=None):
    """One line for an error nobody planned for: a bug, so say how to see more."""
    detail = _first_line(error)
    return (f"error: unexpected {type(error).__name__}"
            f"{' while ' + what if what else ''}{': ' + detail if detail else ''} "
            "(set SKRATCH_DEBUG=1 to see the traceback)")


@contextlib.contextmanager
def _doing(what, *, passing=(OSError,)):
    """Put running out of memory, or an unexpected error, while doing ``what``
    into one line (a :class:`_Failure`). The ``passing`` errors go on, to be
    told by the caller (by default OSError: a closed pipe is not a bug)."""
    try:
        yield
    except passing:
        raise
    except MemoryError:
        if _debugging():
            raise
        raise _Failure(f"error: out of memory while {what}; try a smaller --n-samples "
                       "or --frames") from None
    except Exception as error:
        if _debugging():
            raise
        raise _Failure(_unexpected(error, what)) from None


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

    if model.dataset is None:
        X = y = None
        training = f"running {model.name}"
    else:
        with _doing(f"making the {args.dataset} data set of {args.n_samples} points"):
            X, y = _make_dataset(args.dataset, args.n_samples, args.seed)
        training = f"training {model.name} on {args.n_samples} points"
    bar = _ProgressBar(sys.stderr) if _isatty(sys.stderr) else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with _doing(training):
                animation = animate(_make_estimator(model, args), X, y,
                                    max_frames=args.frames, fps=args.fps)
        except KeyboardInterrupt:
            _fail(f"interrupted; {out!r} not written")
            return 130
        try:
            try:
                with _doing(f"writing {out!r}", passing=(OSError, ModuleNotFoundError)):
                    if bar is not None:
                        bar(0, animation.n_frames)
                    animation.save(out, progress=bar)
            finally:
                if bar is not None:
                    bar.close()  # so that what follows starts on a line of its own
        except (OSError, ModuleNotFoundError) as error:
            # The checks above can be overtaken (a full disk, a directory
            # removed meanwhile): save leaves no partial file, so say why.
            return _fail(_save_failure(error, out))
        except KeyboardInterrupt:
            _fail(f"interrupted; {out!r} not written")
            return 130
    # A lesson worth seeing (gradient descent diverging), said once, plainly.
    for warning in {str(w.message): w for w in caught}.values():
        _say(f"skratch: {warning.category.__name__}: {_first_line(warning.message)}")
    n_frames = 1 if out.lower().endswith(".png") else animation.n_frames
    print(f"wrote {out} ({n_frames} frame{'s' if n_frames != 1 else ''})")
    return 0


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # None, or closed
        return False


def _quiet_stdout():
    """Point standard output at /dev/null, so that what is left in its buffer
    flushes there at exit instead of raising BrokenPipeError again."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def main(argv=None):
    """Run the command line; returns the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; by default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 1 when the work fails, 2 for a usage error, 130 when
        interrupted, 141 when standard output is a pipe closed early.
    """
    try:
        status = _run(argv)
        # Output to a pipe is buffered and fails when flushed: flush here,
        # where a closed pipe can be caught, rather than at the interpreter's exit.
        if sys.stdout is not None and not sys.stdout.closed:
            sys.stdout.flush()
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except _Failure as failure:
        return _fail(str(failure))
    except Exception as error:
        if _debugging():
            raise
        if isinstance(error, MemoryError):
            return _fail("error: out of memory")
        if isinstance(error, OSError):  # writing to stdout: a full disk, say
            return _fail(f"error: {_first_line(error) or type(error).__name__}")
        return _fail(_unexpected(error))


def _run(argv):
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
