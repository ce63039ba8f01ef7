"""Animations: a frame budget, frames rendered once, writers by file extension.

An :class:`Animation` picks which steps of a trace become frames
(:func:`select_frames`), renders each through its visualizer (blitting, see
:meth:`Visualizer.render <skratch.viz.Visualizer.render>`) and streams the
frames to a writer chosen by the file's extension. Every save goes through
:func:`skratch.utils.fileio.atomic_write`: a temporary file in the target
directory, renamed into place at the end, so a failure at any point (an
encoder that gives up, a full disk, a signal) leaves neither a partial file
nor the temporary one, and never reports success.
"""

import errno
import importlib.util
import io
import math
import os
import re
import signal
import subprocess
import tempfile
import zlib

import numpy as np
from matplotlib.text import Text
from PIL import Image

from ..utils.fileio import atomic_write
from ._gif import GifWriter, make_palette
from ._player import write_player

__all__ = ["Animation", "select_frames", "caption_form"]

_WRITERS = (".gif", ".html", ".mp4", ".png")
# The palette has at most 255 colours: index 255 marks "as the background".
_TRANSPARENT_INDEX = 255
_TIMINGS = ("reading", "uniform")

# The reading timing (see Animation.frame_durations), in milliseconds.
READ_MS = 1000           # a new caption of up to READ_FREE_CHARS characters
READ_FREE_CHARS = 20
READ_MS_PER_CHAR = 40    # each character beyond those
READ_MAX_MS = 4000       # however long the caption
PHASE_MS = 1500          # a frame whose step kind differs from the previous frame's

# A number in a caption: "12", "-1.784", "3.4e-05", "−0.5" (a Unicode minus).
_NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def caption_form(message):
    """A caption with every number replaced by ``#``: what stays from step to step.

    Examples
    --------
    >>> caption_form("iteration 12: loss 3.41 → 3.38")
    'iteration #: loss # → #'
    """
    return _NUMBER.sub("#", message)


def select_frames(n_steps, max_frames, spacing="log"):
    """Positions of the steps to show when a run has more steps than frames.

    Always keeps the first and the last step and returns exactly
    ``min(max_frames, n_steps)`` sorted, distinct positions.

    Parameters
    ----------
    n_steps : int
        Steps in the run.
    max_frames : int
        The frame budget, at least 2.
    spacing : {"log", "linear"}, default="log"
        "log" spaces the positions geometrically in ``position + 1``: every
        early step is kept while the run changes fast, later steps are
        sampled more and more sparsely. "linear" spaces them evenly.

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> select_frames(5, 10)
    array([0, 1, 2, 3, 4])
    >>> select_frames(1000, 12)
    array([  0,   1,   3,   6,  11,  22,  42,  80, 151, 284, 533, 999])
    >>> select_frames(1000, 5, spacing="linear")
    array([  0, 250, 500, 749, 999])
    """
    n_steps, max_frames = int(n_steps), int(max_frames)
    if n_steps < 1:
        raise ValueError(f"n_steps must be at least 1, got {n_steps}")
    if max_frames < 2:
        raise ValueError(
            f"max_frames must be at least 2 (the first and last steps), got {max_frames}")
    if n_steps <= max_frames:
        return np.arange(n_steps)
    if spacing == "log":
        targets = np.geomspace(1, n_steps, max_frames) - 1
    elif spacing == "linear":
        targets = np.linspace(0, n_steps - 1, max_frames)
    else:
        raise ValueError(f"spacing must be 'log' or 'linear', got {spacing!r}")
    # Rounding puts several early targets on one step; push each position
    # past the previous one, but never so far that the frames left could not
    # fit before the last step.
    positions = np.empty(max_frames, dtype=int)
    previous = -1
    for i, target in enumerate(targets):
        highest = n_steps - (max_frames - i)
        positions[i] = min(max(int(round(target)), previous + 1), highest)
        previous = positions[i]
    return positions


class Animation:
    """Frames of a training run, ready to save as a GIF, a player, a video or a still.

    Usually made by :func:`skratch.viz.animate`.

    Parameters
    ----------
    visualizer : Visualizer
        Draws the frames.
    max_frames : int, default=60
        The frame budget. Runs with more steps keep the first and the last
        step and space the rest as the visualizer's ``frame_spacing`` says
        (by default densely at the start, where training changes fastest).
    fps : float, default=6
        Frames per second of the video and the player, and the top speed of
        the GIF (see ``timing``).
    end_pause : float, default=1.0
        Seconds the last frame of a GIF stays before the loop starts again.
    timing : {"reading", "uniform"}, default="reading"
        How long each GIF frame shows: "reading" gives a frame with a new
        caption the time to read it and holds a change of phase, never
        faster than ``fps``; "uniform" shows every frame ``1 / fps``. See
        :meth:`frame_durations`. Videos (.mp4) are always at a constant
        ``fps``.
    cache_mb : float, default=32
        Memory for rendered frames, kept compressed, so that saving several
        formats renders each frame once. Frames beyond the budget are rendered
        again when needed (identically), so memory stays bounded however
        many frames there are.
    html_palette : bool, default=True
        Encode the player's frames with the GIF's 255-colour palette: pages
        about three times smaller, looking as the GIF does. False embeds
        full-colour PNGs.

    Attributes
    ----------
    frame_positions : ndarray of int
        Positions in ``visualizer.trace.steps`` of the steps shown.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch.linear_model import LinearRegression
    >>> from skratch.viz import animate
    >>> X = np.linspace(-1, 1, 30).reshape(-1, 1)
    >>> y = 2 * X[:, 0] + 0.5
    >>> anim = animate(LinearRegression(solver="gd", learning_rate=0.5), X, y,
    ...                max_frames=8, figsize=(6, 2), dpi=40)
    >>> anim
    <Animation of GradientDescentVisualizer: 8 frames of 34 steps, 6 fps>
    >>> anim.frame(0).shape
    (80, 240, 3)
    >>> anim.frame_steps[-1].index
    33
    >>> anim.save("descent.gif")  # doctest: +SKIP
    """

    def __init__(self, visualizer, *, max_frames=60, fps=6, end_pause=1.0, cache_mb=32,
                 html_palette=True, timing="reading"):
        if not (isinstance(fps, (int, float, np.number)) and fps > 0):
            raise ValueError(f"fps must be a positive number, got {fps!r}")
        if not (isinstance(end_pause, (int, float, np.number)) and end_pause >= 0):
            raise ValueError(f"end_pause must be a number of seconds >= 0, got {end_pause!r}")
        if not (isinstance(timing, str) and timing in _TIMINGS):
            raise ValueError(f"timing must be 'reading' or 'uniform', got {timing!r}")
        self.timing = timing
        self.visualizer = visualizer
        self.max_frames = max_frames
        self.fps = fps
        self.end_pause = end_pause
        self.cache_mb = cache_mb
        self.frame_positions = select_frames(len(visualizer.trace.steps), max_frames,
                                             visualizer.frame_spacing)
        self.html_palette = html_palette
        self._cache = {}
        self._cache_bytes = 0
        self._reference = None
        self._palette = None

    @property
    def trace(self):
        """The trace the visualizer draws."""
        return self.visualizer.trace

    @property
    def n_frames(self):
        """Number of frames."""
        return len(self.frame_positions)

    @property
    def frame_steps(self):
        """The steps shown, one per frame."""
        return [self.trace.steps[p] for p in self.frame_positions]

    def __repr__(self):
        return (f"<Animation of {type(self.visualizer).__name__}: {self.n_frames} frames "
                f"of {len(self.trace.steps)} steps, {self.fps:g} fps>")

    # -- frames ---------------------------------------------------------------

    def frame(self, i):
        """The pixels of frame ``i``.

        Parameters
        ----------
        i : int
            Frame number (negative numbers count from the end).

        Returns
        -------
        ndarray of shape (height, width, 3), dtype uint8
        """
        if not -self.n_frames <= i < self.n_frames:
            raise IndexError(f"frame {i} is out of range: the animation has {self.n_frames} frames")
        i = i % self.n_frames
        packed = self._cache.get(i)
        if packed is not None:
            difference = np.frombuffer(zlib.decompress(packed), dtype=np.uint8)
            return difference.reshape(self._reference.shape) ^ self._reference
        pixels = self.visualizer.render(self.trace.steps[self.frame_positions[i]])
        if self._reference is None:
            self._reference = pixels.copy()
        if pixels.shape == self._reference.shape:
            # Frames differ from one another in a few places: their XOR with
            # one reference frame is mostly zeros, quick to compress, small.
            packed = zlib.compress((pixels ^ self._reference).data, 1)
            if self._cache_bytes + len(packed) <= self.cache_mb * 2**20:
                self._cache[i] = packed
                self._cache_bytes += len(packed)
        return pixels

    def palette(self):
        """The GIF's palette: 255 colours fitted to the first, middle and last frames.

        Returns
        -------
        PIL.Image.Image
            A 1x1 image of mode "P" carrying the palette.
        """
        if self._palette is None:
            n = self.n_frames
            self._palette = make_palette([self.frame(i) for i in sorted({0, n // 2, n - 1})])
        return self._palette

    def frame_durations(self):
        """How long each frame shows, in milliseconds: a list of ints, one per frame.

        The GIF writer uses them (and the page's player may). Each is a
        multiple of 10 ms (GIF counts hundredths of a second), rounded up,
        so that no frame is shorter than ``1000 / fps`` ms: ``fps`` caps the
        speed.

        With ``timing="uniform"`` every frame lasts ``1000 / fps`` and the
        last ``max(1000 / fps, 1000 * end_pause)``.

        With ``timing="reading"`` (the default) a frame lasts the longest of:

        * ``1000 / fps``;
        * if its caption is new, the time to read it: 1000 ms for up to 20
          characters, plus 40 ms for each character beyond, at most 4000 ms.
          A caption is new unless it has the same form as the previous
          frame's, the same text once every number is replaced by ``#``
          (see :func:`caption_form`): "iteration 13: loss 3.38" after
          "iteration 12: loss 3.41" passes at ``fps``. The first frame's
          caption is new;
        * 1500 ms if its step's kind differs from the previous frame's (a
          change of phase: "init" to "gradient", "assign" to "update");
        * for the last frame, ``1000 * end_pause``.

        Videos are written at a constant ``fps`` and do not use them.

        Returns
        -------
        list of int

        Examples
        --------
        >>> from skratch import Step, Trace
        >>> from skratch.viz import Animation, Visualizer
        >>> steps = [Step(0, "init", "start: every weight at zero")] + [
        ...     Step(i, "gradient", f"iteration {i}: loss {10 / i:.2f}") for i in range(1, 5)]
        >>> class Still(Visualizer):
        ...     def _setup(self): pass
        ...     def _update(self, step): pass
        >>> anim = Animation(Still(Trace(steps, [[0.0]])), fps=5)
        >>> anim.frame_durations()
        [1280, 1500, 200, 200, 1000]
        >>> Animation(Still(Trace(steps, [[0.0]])), fps=5, timing="uniform").frame_durations()
        [200, 200, 200, 200, 1000]
        """
        base = 1000 / self.fps
        durations = []
        previous = None
        for step in self.frame_steps:
            duration = base
            if self.timing == "reading":
                message = step.message or ""
                if previous is None or caption_form(message) != caption_form(previous.message or ""):
                    extra = READ_MS_PER_CHAR * max(0, len(message) - READ_FREE_CHARS)
                    duration = max(duration, min(READ_MS + extra, READ_MAX_MS))
                if previous is not None and step.kind != previous.kind:
                    duration = max(duration, PHASE_MS)
            durations.append(duration)
            previous = step
        durations[-1] = max(durations[-1], 1000 * self.end_pause)
        # Up to whole hundredths of a second (a hair of rounding error forgiven).
        return [int(10 * math.ceil(d / 10 - 1e-9)) for d in durations]

    def iter_frames(self):
        """Yield the frames in order, one at a time."""
        for i in range(self.n_frames):
            yield self.frame(i)

    def plot(self, step=-1):
        """A still figure of one step of the trace (see :meth:`Visualizer.plot`).

        Parameters
        ----------
        step : Step or int, default=-1
            The step, or its position in the trace (-1: the last).

        Returns
        -------
        matplotlib.figure.Figure
        """
        return self.visualizer.plot(step)

    # -- writers --------------------------------------------------------------

    def save(self, path, *, step=None, progress=None):
        """Write the animation; the format follows the file's extension.

        ``.gif``: an animated GIF. ``.html``: a self-contained player page.
        ``.mp4``: a video (needs the imageio-ffmpeg package). ``.png``: a
        still of the last step, or of ``step``.

        The file appears complete or not at all: frames are streamed into a
        temporary file beside it, which replaces ``path`` only at the end.

        Parameters
        ----------
        path : str or path-like
        step : Step or int, optional
            For ``.png`` only: the step to show (a position in the trace).
        progress : callable, optional
            Called as ``progress(i, n)`` after frame ``i`` (from 1) of ``n``
            is written.

        Returns
        -------
        str
            The path written.
        """
        path = os.fspath(path)
        extension = os.path.splitext(path)[1].lower()
        if extension not in _WRITERS:
            raise ValueError(
                f"Cannot save an animation as {extension or 'a file without extension'!r} "
                f"({path!r}); supported extensions: {', '.join(_WRITERS)}."
            )
        if step is not None and extension != ".png":
            raise ValueError(f"step= chooses the still of a .png; {path!r} is a {extension} file.")
        if extension == ".mp4" and importlib.util.find_spec("imageio_ffmpeg") is None:
            raise ModuleNotFoundError(
                "Saving an animation as .mp4 needs an ffmpeg encoder: "
                "pip install imageio-ffmpeg (or save as .gif or .html)."
            )
        with atomic_write(path) as temporary:
            if extension == ".gif":
                self._write_gif(temporary, progress)
            elif extension == ".html":
                with open(temporary, "w", encoding="utf-8") as out:
                    self._write_html(out, True, progress)
            elif extension == ".mp4":
                self._write_mp4(temporary, progress)
            else:
                self._write_png(temporary, step, progress)
        return path

    def to_html(self, full_page=False, progress=None, gif_src=None, script_only=False):
        """The player as HTML text.

        Parameters
        ----------
        full_page : bool, default=False
            A complete document, or only the player fragment (for a notebook
            or a gallery page; several fit on one page).
        progress : callable, optional
            Called as ``progress(i, n)`` after each frame.
        gif_src : str, optional
            URL of this animation's GIF, shown when the browser runs no
            script (a gallery page links the GIF it saved).
        script_only : bool, default=False
            Show nothing without scripts (the page gives its own fallback).
            By default the first frame shows, or the GIF of ``gif_src``.

        Returns
        -------
        str
        """
        out = io.StringIO()
        self._write_html(out, full_page, progress, gif_src, script_only)
        return out.getvalue()

    def _repr_html_(self):
        return self.to_html(full_page=False)

    def _write_html(self, out, full_page, progress, gif_src=None, script_only=False):
        write_player(out, [self.player_run()], title=self.title(), full_page=full_page,
                     gif_src=gif_src, script_only=script_only, progress=progress)

    def player_run(self, label="", timeline=None, choice=()):
        """This animation as one run of the HTML player (see :mod:`skratch.viz._player`).

        The frames are encoded lazily, as the player writes them: a
        background (per pixel, the colour most frames have) and per frame
        only the pixels that differ from it.

        Parameters
        ----------
        label : str, default=""
            The run's name, shown when several runs play side by side.
        timeline : list of int, optional
            For side-by-side players: the frame shown at each position.
        choice : tuple of int, default=()
            For what-if players: the position of this run's value of each
            parameter.

        Returns
        -------
        PlayerRun
        """
        from ._player import PlayerRun

        indices = self._indexed_frames()
        background = _background(indices, self.n_frames)
        height, width = background.shape[:2]
        tiles, clip, min_font = self._page_geometry(width, height)
        durations = self.frame_durations()
        return PlayerRun(
            background=self._layer_png(background, None),
            frames=(self._layer_png(indices(i), background) for i in range(self.n_frames)),
            captions=[s.message for s in self.frame_steps], durations=list(durations),
            width=width, height=height, density=self.visualizer.fig.dpi / 96,
            tiles=tiles, clip=clip, min_font=min_font, label=label, timeline=timeline,
            choice=tuple(choice))

    def _indexed_frames(self):
        """A function giving frame ``i`` as palette indices (or RGB if no palette).

        The indexed frames are kept compressed (they are mostly runs of a
        few values), so the player's two passes over them render each once.
        """
        palette = self.palette() if self.html_palette else None
        packed = []
        shapes = []
        for frame in self.iter_frames():
            if palette is not None:
                image = Image.fromarray(frame).quantize(palette=palette, dither=Image.Dither.NONE)
                frame = np.asarray(image)
            packed.append(zlib.compress(np.ascontiguousarray(frame).data, 1))
            shapes.append(frame.shape)

        def indices(i):
            return np.frombuffer(zlib.decompress(packed[i]), dtype=np.uint8).reshape(shapes[i])

        return indices

    def _layer_png(self, pixels, background):
        """PNG bytes of ``pixels``, transparent where they equal ``background``."""
        if pixels.ndim == 2:  # palette indices; index 255 is never a colour
            if background is not None:
                pixels = np.where(pixels == background, _TRANSPARENT_INDEX, pixels)
            image = Image.fromarray(pixels.astype(np.uint8), mode="P")
            colours = self.palette().getpalette()
            # Index 255 must exist in the palette for the PNG to mark it transparent.
            image.putpalette(colours + [255] * (768 - len(colours)))
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False,
                       **({"transparency": _TRANSPARENT_INDEX} if background is not None else {}))
            return buffer.getvalue()
        if background is not None:
            same = np.all(pixels == background, axis=2)
            alpha = np.where(same, 0, 255).astype(np.uint8)
            pixels = np.dstack([pixels, alpha])
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="PNG")
        return buffer.getvalue()

    def _page_geometry(self, width, height):
        """The panels' columns, the height they show and the smallest font, in pixels.

        A column per panel of the visualizer (with the axes beside it, such as
        a colorbar), cut in the middle of the gaps between panels; one column
        for the whole frame when the panels are not in one row. The height
        leaves out the caption band below the panels.
        """
        visualizer = self.visualizer
        visualizer.setup()
        fig = visualizer.fig
        renderer = fig.canvas.get_renderer()
        boxes = {id(ax): ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()}
        main = [ax for ax in (visualizer.axes or ()) if id(ax) in boxes]
        caption = visualizer.caption_text
        texts = [t for t in fig.findobj(Text)
                 if t is not caption and t.get_visible() and t.get_text().strip()
                 and _drawn_inside(t, renderer, fig)]
        sizes = [t.get_fontsize() for t in texts]
        min_font = (min(sizes) if sizes else 10) * fig.dpi / 72
        lowest = min((box.y0 for box in boxes.values()), default=0)
        clip = height if caption is None else int(min(height, height - lowest + 4))
        if len(main) < 2:
            return [(0, width)], clip, min_font
        spans = {id(ax): [boxes[id(ax)].x0, boxes[id(ax)].x1] for ax in main}
        for ax in fig.axes:
            if id(ax) in boxes and all(ax is not m for m in main):
                box = boxes[id(ax)]
                centre = (box.x0 + box.x1) / 2
                owner = min(main, key=lambda m: abs((spans[id(m)][0] + spans[id(m)][1]) / 2
                                                    - centre))
                spans[id(owner)][0] = min(spans[id(owner)][0], box.x0)
                spans[id(owner)][1] = max(spans[id(owner)][1], box.x1)
        ordered = sorted(spans.values())
        if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:])):
            return [(0, width)], clip, min_font  # not one row of panels
        cuts = [0] + [int(round((a[1] + b[0]) / 2)) for a, b in zip(ordered, ordered[1:])] + [width]
        return list(zip(cuts[:-1], cuts[1:])), clip, min_font

    def _write_gif(self, path, progress):
        n = self.n_frames
        height, width = self.frame(0).shape[:2]
        durations = self.frame_durations()
        with open(path, "wb") as file:
            writer = GifWriter(file, (width, height), self.palette())
            for i, frame in enumerate(self.iter_frames()):
                writer.write(frame, durations[i])
                if progress is not None:
                    progress(i + 1, n)
            writer.close()

    def _write_mp4(self, path, progress):
        import imageio_ffmpeg

        # H.264 works on 16x16 blocks: pad the frame with its background colour
        # rather than let the encoder rescale (and blur) it.
        first = self.frame(0)
        height, width = first.shape[:2]
        padded = (math.ceil(width / 16) * 16, math.ceil(height / 16) * 16)
        canvas = np.empty((padded[1], padded[0], 3), dtype=np.uint8)
        canvas[...] = first[0, 0]
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{padded[0]}x{padded[1]}",
            "-r", f"{self.fps:.6g}", "-i", "-",
            "-an", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "10",
            "-movflags", "+faststart", path,
        ]
        # ffmpeg's messages go to a file (a pipe nobody reads could fill and
        # stall it), to explain a failure in one line.
        with tempfile.TemporaryFile() as log:
            encoder = subprocess.Popen(command, stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=log)
            try:
                try:
                    for i, frame in enumerate(self.iter_frames()):
                        canvas[:height, :width] = frame
                        encoder.stdin.write(canvas.tobytes())
                        if progress is not None:
                            progress(i + 1, self.n_frames)
                    encoder.stdin.close()
                except BrokenPipeError:
                    pass  # ffmpeg stopped early; its exit status says why
                status = encoder.wait()
            except BaseException:
                encoder.kill()
                encoder.wait()
                raise
            if status != 0 or not _is_complete_mp4(path):
                log.seek(0)
                raise _encoder_error(log.read().decode("utf-8", "replace"), status, path)

    def _write_png(self, path, step, progress):
        if step is None:
            pixels = self.frame(-1)
        else:
            step = self.visualizer._as_step(step)
            shown = [self.trace.steps[p] is step for p in self.frame_positions]
            pixels = self.frame(shown.index(True)) if any(shown) else self.visualizer.render(step)
        Image.fromarray(pixels).save(path, format="PNG")
        if progress is not None:
            progress(1, 1)

    def title(self):
        """The animation's name in words, for the player's label and alt texts.

        What the registry of models says the animation shows (for instance
        "k-means: centres moving to the means of their points"), else
        "Training, step by step": a reader hears no class names.
        """
        from ._registry import MODELS, _resolve

        estimator = self.trace.estimator
        if estimator is not None:
            for model in MODELS:
                if (_resolve(model.estimator) is type(estimator)
                        and _resolve(model.visualizer) is type(self.visualizer)):
                    return f"{model.name.replace('-', ' ')}: {model.description}"
        return "Training, step by step"


def _background(indices, n_frames):
    """Per pixel, the value most frames have, among those of the first, middle and last frames.

    The player draws each frame over this background and stores only where
    the frame differs from it: the more frames share a pixel, the less is
    stored. Counting matches against three candidate frames finds the
    common value in one pass without a per-pixel histogram.
    """
    candidates = [indices(i) for i in sorted({0, n_frames // 2, n_frames - 1})]
    counts = np.zeros((len(candidates),) + candidates[0].shape[:2], dtype=np.int32)
    for i in range(n_frames):
        frame = indices(i)
        for c, candidate in enumerate(candidates):
            same = frame == candidate
            counts[c] += same if same.ndim == 2 else np.all(same, axis=2)
    best = np.argmax(counts, axis=0)
    background = candidates[0].copy()
    for c, candidate in enumerate(candidates[1:], start=1):
        background[best == c] = candidate[best == c]
    return background


def _drawn_inside(text, renderer, fig):
    """Whether ``text`` lands inside the figure (tick labels of unused ticks do not)."""
    box = text.get_window_extent(renderer)
    return box.x1 > 0 and box.y1 > 0 and box.x0 < fig.bbox.width and box.y0 < fig.bbox.height




def _encoder_error(messages, status, path):
    """One OSError, with one line, for a failed ffmpeg run (not its whole log)."""
    for reason, code in (("No space left on device", errno.ENOSPC),
                         ("File too large", errno.EFBIG),
                         ("Disk quota exceeded", errno.EDQUOT),
                         ("Permission denied", errno.EACCES)):
        if reason in messages:
            return OSError(code, reason, path)
    if status < 0:  # killed by a signal
        if -status == getattr(signal, "SIGXFSZ", None):
            return OSError(errno.EFBIG, "File too large", path)
        return OSError(errno.EIO, f"the ffmpeg encoder was killed "
                                  f"({signal.strsignal(-status) or -status})", path)
    lines = [line.strip() for line in messages.splitlines() if line.strip()]
    detail = f": {lines[-1]}" if lines else ""
    return OSError(errno.EIO, f"the ffmpeg encoder failed (exit status {status}){detail}", path)


def _is_complete_mp4(path):
    """Whether ``path`` holds an MP4 with its index (the "moov" box).

    A video cut short (by a full disk, say) has frames but no index, and no
    player can open it. MP4 is a sequence of boxes, each starting with its
    size (4 bytes, big-endian) and type (4 bytes).
    """
    size_on_disk = os.path.getsize(path)
    with open(path, "rb") as f:
        offset = 0
        while offset + 8 <= size_on_disk:
            f.seek(offset)
            header = f.read(8)
            size, kind = int.from_bytes(header[:4], "big"), header[4:]
            if kind == b"moov":
                return offset + size <= size_on_disk
            if size == 1:  # a 64-bit size follows the type
                size = int.from_bytes(f.read(8), "big")
            if size < 8:
                return False
            offset += size
    return False
