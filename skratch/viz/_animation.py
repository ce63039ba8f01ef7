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
from PIL import Image

from ..utils.fileio import atomic_write
from ._gif import GifWriter, make_palette
from ._player import write_player

__all__ = ["Animation", "select_frames", "caption_form"]

_WRITERS = (".gif", ".html", ".mp4", ".png")
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

    def to_html(self, full_page=False, progress=None):
        """The player as HTML text.

        Parameters
        ----------
        full_page : bool, default=False
            A complete document, or only the player fragment (for a notebook
            or a gallery page; several fit on one page).
        progress : callable, optional
            Called as ``progress(i, n)`` after each frame.

        Returns
        -------
        str
        """
        out = io.StringIO()
        self._write_html(out, full_page, progress)
        return out.getvalue()

    def _repr_html_(self):
        return self.to_html(full_page=False)

    def _write_html(self, out, full_page, progress):
        palette = self.palette() if self.html_palette else None
        images = (_png_bytes(frame, palette) for frame in self.iter_frames())
        write_player(out, images, [s.message for s in self.frame_steps],
                     fps=self.fps, title=self._title(), full_page=full_page,
                     progress=progress)

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

    def _title(self):
        estimator = self.trace.estimator
        name = type(estimator).__name__ if estimator is not None else "training"
        return f"{name}: {type(self.visualizer).__name__}"


def _png_bytes(frame, palette=None):
    """``frame`` as PNG bytes, mapped to ``palette`` (a mode "P" image) if given."""
    image = Image.fromarray(frame)
    if palette is not None:
        image = image.quantize(palette=palette, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


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
