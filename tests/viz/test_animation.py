"""The animation core: frame selection, rendering, writers, the player, the registry."""

import html
import inspect
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys

import imageio.v3 as iio
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image, ImageSequence

import skratch
from skratch import Step, Trace
from skratch.linear_model import LinearRegression
from skratch.viz import (Animation, GradientDescentVisualizer, Visualizer, animate,
                         get_visualizer, register, select_frames)
from skratch.viz import _animation, _registry
from skratch.viz._gif import GifWriter

SMALL = {"figsize": (2.4, 1.8), "dpi": 40}


class PointVisualizer(Visualizer):
    """A point moving along a line: the smallest visualizer there is."""

    def _read_trace(self, trace):
        self.xy = np.array([s.state["xy"] for s in trace.steps])

    def _setup(self):
        ax = self.axes[0]
        ax.plot(self.xy[:, 0], self.xy[:, 1], color="0.7")
        self.point = self.animated(ax.plot([], [], "o", color="C1")[0])
        ax.set_xlim(-1, len(self.xy))
        ax.set_ylim(-1, 1)

    def _update(self, step):
        self.point.set_data([step.state["xy"][0]], [step.state["xy"][1]])


def point_trace(n_steps, repeat_last=0):
    """Steps moving a point, then ``repeat_last`` exact repeats of the last step."""
    steps = [Step(i, "move", f"step {i}: x = {i}", loss=1.0 / (i + 1),
                  state={"xy": [i, np.sin(i)]}) for i in range(n_steps)]
    last = steps[-1]
    steps += [Step(last.index, last.kind, last.message, last.loss, last.state)
              for _ in range(repeat_last)]
    return Trace(steps, np.zeros((3, 1)), None, None)


def point_animation(n_steps=12, **animation_options):
    return Animation(PointVisualizer(point_trace(n_steps), **SMALL), **animation_options)


@pytest.fixture(scope="module")
def gd_trace():
    rng = np.random.default_rng(0)
    X = rng.normal(1.0, 1.0, size=(40, 1))
    y = 2.0 * X[:, 0] - 1.0 + rng.normal(0, 0.3, 40)
    return skratch.record(LinearRegression(solver="gd", learning_rate=0.1, max_iter=300), X, y)


def gd_animation(trace, max_frames=8):
    return Animation(GradientDescentVisualizer(trace, figsize=(6, 2.6), dpi=25),
                     max_frames=max_frames)


def leftovers(directory):
    return sorted(os.listdir(directory))


# -- frame selection ------------------------------------------------------------

@pytest.mark.parametrize("spacing", ["log", "linear"])
@pytest.mark.parametrize("n_steps", [1, 2, 3, 7, 60, 61, 100, 1000, 5003])
@pytest.mark.parametrize("max_frames", [2, 3, 10, 60])
def test_select_frames_keeps_endpoints_sorted_unique_exact_count(n_steps, max_frames, spacing):
    positions = select_frames(n_steps, max_frames, spacing)
    assert len(positions) == min(max_frames, n_steps)
    assert positions[0] == 0 and positions[-1] == n_steps - 1
    assert np.all(np.diff(positions) > 0)
    assert positions.dtype.kind == "i"


def test_log_spacing_keeps_the_early_steps():
    positions = select_frames(1000, 60)
    np.testing.assert_array_equal(positions[:10], np.arange(10))
    gaps = np.diff(positions)
    assert np.all(np.diff(gaps) >= 0)  # gaps only widen
    assert np.count_nonzero(positions < 100) > 3 * np.count_nonzero(positions >= 900)
    linear = select_frames(1000, 60, "linear")
    assert np.ptp(np.diff(linear)) <= 1


def test_select_frames_rejects_bad_budgets():
    with pytest.raises(ValueError, match="max_frames must be at least 2"):
        select_frames(10, 1)
    with pytest.raises(ValueError, match="spacing"):
        select_frames(10, 3, "cubic")
    with pytest.raises(ValueError, match="n_steps"):
        select_frames(0, 3)


# -- frames, captions and stills -------------------------------------------------

def test_frames_are_the_selected_steps_with_first_and_last(gd_trace):
    anim = gd_animation(gd_trace)
    assert anim.n_frames == 8
    assert anim.frame_steps[0] is gd_trace.steps[0]
    assert anim.frame_steps[-1] is gd_trace.steps[-1]
    np.testing.assert_array_equal(anim.frame_positions,
                                  select_frames(len(gd_trace.steps), 8))
    frame = anim.frame(3)
    assert frame.dtype == np.uint8 and frame.shape == (65, 150, 3)
    with pytest.raises(IndexError, match="out of range"):
        anim.frame(8)


def test_caption_artist_shows_the_step_message():
    anim = point_animation(5)
    vis = anim.visualizer
    for step in anim.frame_steps:
        vis.update(step)
        assert vis.caption_text.get_text() == step.message
    vis.update(-2)
    assert vis.caption_text.get_text() == vis.trace.steps[-2].message


def test_still_of_a_step_equals_its_frame(gd_trace, tmp_path):
    anim = gd_animation(gd_trace)
    frames = [anim.frame(i) for i in range(anim.n_frames)]  # blitted
    for k in (0, 4, anim.n_frames - 1):
        fig = anim.plot(step=int(anim.frame_positions[k]))
        assert isinstance(fig, Figure)
        fig.canvas.draw()  # a full redraw, as savefig does
        still = np.asarray(fig.canvas.buffer_rgba())[:, :, :3]
        np.testing.assert_array_equal(still, frames[k])
    anim.save(tmp_path / "k.png", step=int(anim.frame_positions[4]))
    np.testing.assert_array_equal(np.asarray(Image.open(tmp_path / "k.png").convert("RGB")),
                                  frames[4])
    anim.save(tmp_path / "last.png")
    np.testing.assert_array_equal(np.asarray(Image.open(tmp_path / "last.png").convert("RGB")),
                                  frames[-1])


def test_each_frame_is_rendered_once_for_all_writers(tmp_path, monkeypatch):
    anim = point_animation(9)
    calls = []
    render = anim.visualizer.render
    monkeypatch.setattr(anim.visualizer, "render", lambda step: calls.append(step) or render(step))
    anim.save(tmp_path / "a.gif")
    anim.save(tmp_path / "a.html")
    anim.save(tmp_path / "a.png")
    anim.to_html()
    assert len(calls) == anim.n_frames
    assert sorted(s.index for s in calls) == [s.index for s in anim.frame_steps]


def test_frames_beyond_the_cache_budget_are_rendered_again_identically():
    cached = point_animation(6)
    uncached = point_animation(6, cache_mb=0)
    for i in range(6):
        np.testing.assert_array_equal(uncached.frame(i), cached.frame(i))
        np.testing.assert_array_equal(uncached.frame(i), uncached.frame(i))
        np.testing.assert_array_equal(cached.frame(i), cached.frame(i))
    assert uncached._cache == {} and len(cached._cache) == 6


def test_visualizer_figures_stay_out_of_pyplot(gd_trace):
    plt.close("all")
    anim = gd_animation(gd_trace)
    anim.frame(0)
    anim.plot(step=2)
    assert plt.get_fignums() == []


def test_visualizer_draws_into_given_axes(gd_trace):
    fig = Figure(figsize=(6, 2.6), dpi=25)
    axes = fig.subplots(1, 3)
    vis = GradientDescentVisualizer(gd_trace, ax=axes)
    assert vis.plot(step=2) is fig
    assert tuple(vis.axes) == tuple(axes)
    assert vis.render(gd_trace.steps[2]).shape == (65, 150, 3)
    with pytest.raises(ValueError, match="3 panel"):
        GradientDescentVisualizer(gd_trace, ax=axes[0]).setup()


def test_step_arguments_are_checked(gd_trace):
    vis = GradientDescentVisualizer(gd_trace, figsize=(6, 2.6), dpi=25)
    with pytest.raises(IndexError, match="out of range"):
        vis.update(len(gd_trace.steps))
    with pytest.raises(TypeError, match="Step or an int"):
        vis.update("last")
    with pytest.raises(ValueError, match="at least one step"):
        PointVisualizer(Trace([], np.zeros((1, 1))))


# -- GIF ------------------------------------------------------------------------

def test_gif_frame_count_read_back_equals_n_frames(gd_trace, tmp_path):
    anim = gd_animation(gd_trace, max_frames=7)
    path = tmp_path / "gd.gif"
    assert anim.save(path) == str(path)
    with Image.open(path) as gif:
        assert gif.n_frames == anim.n_frames == 7
    assert iio.imread(path, index=None).shape[0] == 7


def test_gif_keeps_identical_consecutive_frames(tmp_path):
    # The run ends with three exact repeats: Pillow's own writer would merge them.
    trace = point_trace(4, repeat_last=3)
    anim = Animation(PointVisualizer(trace, **SMALL), max_frames=60)
    assert anim.n_frames == 7
    anim.save(tmp_path / "repeat.gif")
    with Image.open(tmp_path / "repeat.gif") as gif:
        assert gif.n_frames == 7


def test_gif_frames_decode_to_the_rendered_frames(gd_trace, tmp_path):
    anim = gd_animation(gd_trace, max_frames=6)
    anim.save(tmp_path / "gd.gif")
    palette = anim.palette()
    with Image.open(tmp_path / "gd.gif") as gif:
        decoded = [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(gif)]
        durations = [f.info["duration"] for f in ImageSequence.Iterator(gif)]
    for k, got in enumerate(decoded):
        expected = Image.fromarray(anim.frame(k)).quantize(palette=palette,
                                                           dither=Image.Dither.NONE)
        np.testing.assert_array_equal(got, np.asarray(expected.convert("RGB")))
        # Quantizing to 255 colours moves anti-aliased pixels only a little.
        assert np.mean(np.abs(got.astype(int) - anim.frame(k))) < 3
    # Each frame lasts what frame_durations() says (the reading timing).
    assert durations == anim.frame_durations()


def test_gif_writer_rejects_a_frame_of_another_size(tmp_path):
    frames = [np.zeros((4, 6, 3), np.uint8)]
    with open(tmp_path / "w.gif", "wb") as file:
        writer = GifWriter(file, (6, 4), _animation.make_palette(frames))
        with pytest.raises(ValueError, match="frame of 4x4 pixels"):
            writer.write(np.zeros((4, 4, 3), np.uint8), 100)


def test_progress_is_reported_per_frame(tmp_path):
    anim = point_animation(5)
    calls = []
    anim.save(tmp_path / "p.gif", progress=lambda i, n: calls.append((i, n)))
    assert calls == [(i, 5) for i in range(1, 6)]
    calls.clear()
    anim.save(tmp_path / "p.html", progress=lambda i, n: calls.append((i, n)))
    assert calls == [(i, 5) for i in range(1, 6)]


# -- atomic saves and errors -----------------------------------------------------

@pytest.mark.parametrize("extension", [".gif", ".html", ".png"])
def test_a_render_failing_midway_leaves_no_file(tmp_path, monkeypatch, extension):
    anim = point_animation(10)
    render = anim.visualizer.render
    count = [0]

    def failing_render(step):
        count[0] += 1
        if count[0] > 3 or extension == ".png":
            raise RuntimeError("render failed")
        return render(step)

    monkeypatch.setattr(anim.visualizer, "render", failing_render)
    with pytest.raises(RuntimeError, match="render failed"):
        anim.save(tmp_path / f"out{extension}")
    assert leftovers(tmp_path) == []


def test_an_encoder_failing_midway_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    anim = point_animation(10)
    path = tmp_path / "out.gif"
    path.write_bytes(b"the previous animation")
    write = GifWriter.write
    count = [0]

    def failing_write(self, frame, duration_ms):
        count[0] += 1
        if count[0] == 4:
            raise KeyboardInterrupt  # even an interrupt cleans up
        write(self, frame, duration_ms)

    monkeypatch.setattr(GifWriter, "write", failing_write)
    with pytest.raises(KeyboardInterrupt):
        anim.save(path)
    assert leftovers(tmp_path) == ["out.gif"]
    assert path.read_bytes() == b"the previous animation"


def test_unsupported_extension_names_it_and_the_supported_ones(tmp_path):
    anim = point_animation(3)
    with pytest.raises(ValueError, match=r"'\.avi'.*\.gif, \.html, \.mp4, \.png"):
        anim.save(tmp_path / "movie.avi")
    with pytest.raises(ValueError, match="without extension"):
        anim.save(tmp_path / "movie")
    with pytest.raises(ValueError, match="step= chooses the still"):
        anim.save(tmp_path / "movie.gif", step=1)
    assert leftovers(tmp_path) == []


def test_unwritable_paths_give_errors_naming_the_path(tmp_path, monkeypatch):
    anim = point_animation(3)
    missing = tmp_path / "no" / "such" / "dir" / "a.gif"
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        anim.save(missing)
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match="does not exist"):
        anim.save(tmp_path / "file" / "a.gif")
    (tmp_path / "folder.gif").mkdir()
    with pytest.raises(IsADirectoryError, match="it is a directory"):
        anim.save(tmp_path / "folder.gif")

    locked = tmp_path / "locked"
    locked.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: simulate the refusal
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(_animation.os, "open", refuse)
    else:
        locked.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match=re.escape(str(locked / "a.gif"))):
            anim.save(locked / "a.gif")
    finally:
        locked.chmod(0o700)
    assert leftovers(locked) == []


def test_mp4_without_imageio_ffmpeg_names_the_package(tmp_path, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "imageio_ffmpeg" else find_spec(name, *a))
    with pytest.raises(ModuleNotFoundError, match="pip install imageio-ffmpeg"):
        point_animation(3).save(tmp_path / "movie.mp4")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(importlib.util.find_spec("imageio_ffmpeg") is None,
                    reason="imageio-ffmpeg is not installed: no .mp4 encoder to test")
def test_mp4_has_every_frame(tmp_path):
    anim = point_animation(6)
    anim.save(tmp_path / "movie.mp4")
    frames = iio.imread(tmp_path / "movie.mp4", index=None, plugin="FFMPEG")
    assert frames.shape[0] == anim.n_frames
    assert leftovers(tmp_path) == ["movie.mp4"]


needs_ffmpeg = pytest.mark.skipif(importlib.util.find_spec("imageio_ffmpeg") is None,
                                  reason="imageio-ffmpeg is not installed: no .mp4 encoder")


def fake_ffmpeg(tmp_path, monkeypatch, script):
    """Make the mp4 writer run ``script`` (a shell script) as its ffmpeg."""
    import imageio_ffmpeg

    exe = tmp_path / "fake-ffmpeg"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)
    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: str(exe))


# The last argument of the command line is the file ffmpeg writes.
_OUTPUT = 'for out; do :; done\n'

FAKE_FFMPEG_FAILURES = {
    # A full disk: part of the video written, the reason among other lines.
    "full-disk": (_OUTPUT + "cat > /dev/null\nprintf 'mdat-half' > \"$out\"\n"
                  "echo '[out#0/mp4] Error writing trailer: No space left on device' >&2\n"
                  "echo 'Conversion failed!' >&2\nexit 1\n",
                  "No space left on device"),
    # An encoder that gives up at once, with a message of its own.
    "no-encoder": ("echo 'Unknown encoder libx264' >&2\nexit 8\n",
                   "the ffmpeg encoder failed (exit status 8): Unknown encoder libx264"),
    # Exit status 0, but a video without its index ("moov atom not found").
    "no-moov": (_OUTPUT + "cat > /dev/null\nprintf '\\000\\000\\000\\010mdat' > \"$out\"\n",
                "the ffmpeg encoder failed (exit status 0)"),
}


@needs_ffmpeg
@pytest.mark.parametrize("failure", FAKE_FFMPEG_FAILURES)
def test_a_failed_mp4_encode_fails_the_save_and_keeps_the_old_file(tmp_path, monkeypatch,
                                                                    failure):
    script, reason = FAKE_FFMPEG_FAILURES[failure]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "movie.mp4"
    target.write_bytes(b"the good old video")
    fake_ffmpeg(tmp_path, monkeypatch, script)
    with pytest.raises(OSError) as caught:
        point_animation(4).save(target)
    assert caught.value.strerror == reason          # one line, not ffmpeg's log
    assert caught.value.filename == str(target)
    assert target.read_bytes() == b"the good old video"
    assert leftovers(out) == ["movie.mp4"]


@needs_ffmpeg
@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None,
                    reason="needs root and mount(8) to make a tiny tmpfs (a nearly full disk)")
def test_mp4_on_a_really_full_disk_says_so(tmp_path):
    disk = tmp_path / "tiny"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed on this machine")
    try:
        target = disk / "movie.mp4"
        target.write_bytes(b"old")
        big = Animation(PointVisualizer(point_trace(40), figsize=(6, 4), dpi=100))
        with pytest.raises(OSError, match="No space left on device") as caught:
            big.save(target)
        assert caught.value.filename == str(target)
        assert target.read_bytes() == b"old" and leftovers(disk) == ["movie.mp4"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


PAUSED_SAVE = """
import sys, time
import numpy as np
import skratch
from skratch.linear_model import LinearRegression
sys.path.insert(0, sys.argv[2])
from test_animation import point_animation

def pause(i, n):
    print("writing", flush=True)
    time.sleep(30)

target = sys.argv[1]
if target.endswith(".npz"):
    X = np.arange(20.0).reshape(10, 2)
    trace = skratch.record(LinearRegression(), X, X[:, 0])
    real_savez = np.savez_compressed
    def savez_then_pause(*args, **kwargs):
        real_savez(*args, **kwargs)
        pause(1, 1)
    np.savez_compressed = savez_then_pause
    trace.save(target)
else:
    point_animation(4).save(target, progress=pause)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("extension", [".gif", ".html", ".npz"])
def test_sigterm_or_sighup_during_a_save_leaves_no_temporary_file(tmp_path, name, extension):
    signum = getattr(signal, name)
    target = tmp_path / f"out{extension}"
    target.write_bytes(b"old")
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_SAVE, str(target), os.path.dirname(__file__)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "MPLBACKEND": "Agg"})
    assert process.stdout.readline() == "writing\n", process.stderr.read()
    process.send_signal(signum)
    assert process.wait(timeout=30) == -signum      # ended as the signal ends a process
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == [target.name]


# -- the HTML player -------------------------------------------------------------

def test_html_player_is_self_contained_accessible_and_complete(gd_trace, tmp_path):
    anim = gd_animation(gd_trace, max_frames=6)
    anim.save(tmp_path / "player.html")
    page = (tmp_path / "player.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for reference in ("http://", "https://", "//cdn", "<link", "@import", "url("):
        assert reference not in page
    # One background, then one layer per frame.
    assert page.count("data:image/png;base64,") == anim.n_frames + 1
    assert len(re.findall(r"<img\b", page)) == anim.n_frames + 1
    for step in anim.frame_steps:
        assert html.escape(step.message) in page
    buttons = re.findall(r"<button\b[^>]*>", page)
    labels = {re.search(r'aria-label="([^"]+)"', b).group(1) for b in buttons}
    assert labels == {"Previous step", "Play", "Next step"}
    assert re.search(r'<input type="range"[^>]*aria-label="Frame"', page)
    assert re.search(r'<select class="skratch-speed" aria-label="Speed"', page)
    assert 'max="5"' in page
    assert "ArrowRight" in page and "ArrowLeft" in page
    # The player is named in words, not by class names.
    label = re.search(r'class="skratch-player"[^>]*aria-label="([^"]+)"', page).group(1)
    assert "Visualizer" not in label and "linear regression" in label


def test_html_fragments_can_share_a_page():
    anim = point_animation(4)
    first, second = anim.to_html(), anim._repr_html_()
    assert "<html" not in first and "<!DOCTYPE" not in first
    ids = [re.search(r'class="skratch-player" id="([^"]+)"', h).group(1) for h in (first, second)]
    assert ids[0] != ids[1]
    for fragment, player_id in zip((first, second), ids):
        # The script looks up its own player and declares nothing global.
        assert f'document.getElementById("{player_id}")' in fragment
        assert "<script>\n(function () {" in fragment
    assert "<html" in anim.to_html(full_page=True)


def test_captions_are_escaped_in_the_player():
    steps = [Step(0, "x", 'a <b> & "c"', state={"xy": [0, 0]}),
             Step(1, "x", "d > e", state={"xy": [1, 0]})]
    page = Animation(PointVisualizer(Trace(steps, np.zeros((1, 1))), **SMALL)).to_html()
    assert "a &lt;b&gt; &amp; &quot;c&quot;" in page and "<b>" not in page


def _layers(fragment):
    import base64
    import io

    uris = re.findall(r'src="data:image/png;base64,([^"]+)"', fragment)
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(u))).convert("RGBA"))
            for u in uris]


def _stacked(background, layer):
    alpha = layer[..., 3:] / 255
    return np.round(layer[..., :3] * alpha + background[..., :3] * (1 - alpha)).astype(np.uint8)


def test_player_frames_are_the_rendered_frames_over_one_background(gd_trace):
    anim = gd_animation(gd_trace, max_frames=8)
    background, *layers = _layers(anim.to_html())
    assert len(layers) == anim.n_frames
    palette = anim.palette()
    for i, layer in enumerate(layers):
        expected = np.asarray(Image.fromarray(anim.frame(i)).quantize(
            palette=palette, dither=Image.Dither.NONE).convert("RGB"))
        np.testing.assert_array_equal(_stacked(background, layer), expected)
    # The layers store only what differs from the background.
    assert np.mean([np.mean(layer[..., 3] > 0) for layer in layers]) < 0.5


def test_full_colour_player_when_asked():
    anim = point_animation(3)
    lossless = Animation(anim.visualizer, html_palette=False).to_html()
    background, *layers = _layers(lossless)
    for i, layer in enumerate(layers):
        np.testing.assert_array_equal(_stacked(background, layer), anim.frame(i))


def test_player_geometry_cuts_one_tile_per_panel(gd_trace):
    anim = Animation(GradientDescentVisualizer(gd_trace, dpi=40), max_frames=4)
    run = anim.player_run()
    assert len(run.tiles) == len(anim.visualizer.axes)
    assert run.tiles[0][0] == 0 and run.tiles[-1][1] == run.width
    assert all(a[1] == b[0] for a, b in zip(run.tiles, run.tiles[1:]))
    assert 0 < run.clip <= run.height
    assert run.density == pytest.approx(anim.visualizer.fig.dpi / 96)
    smallest = min(t.get_fontsize() for t in anim.visualizer.fig.findobj(matplotlib.text.Text)
                   if t.get_text().strip() and t is not anim.visualizer.caption_text)
    assert run.min_font <= smallest * anim.visualizer.fig.dpi / 72 + 1e-9


# -- the registry and animate() --------------------------------------------------

@pytest.fixture
def clean_registry():
    saved = list(_registry._REGISTRY)
    yield
    _registry._REGISTRY[:] = saved


def test_registry_finds_visualizers_through_the_class_hierarchy(clean_registry):
    class MyRegression(LinearRegression):
        pass

    assert get_visualizer(LinearRegression()) is GradientDescentVisualizer
    assert get_visualizer(MyRegression) is GradientDescentVisualizer

    @register(MyRegression)
    class MyVisualizer(GradientDescentVisualizer):
        pass

    assert get_visualizer(MyRegression()) is MyVisualizer
    assert get_visualizer(LinearRegression()) is GradientDescentVisualizer
    # Import paths are resolved only when looked up.
    register("skratch.linear_model.LinearRegression",
             f"{PointVisualizer.__module__}:PointVisualizer")
    assert get_visualizer(LinearRegression()) is PointVisualizer
    register("no_such_package.Thing", "no_such_package.ThingVisualizer")
    assert get_visualizer(MyRegression()) is MyVisualizer


def test_registry_names_the_missing_estimator(clean_registry):
    class Unknown:
        pass

    with pytest.raises(ValueError, match="No visualizer is registered for Unknown"):
        get_visualizer(Unknown())
    with pytest.raises(ValueError, match="pass visualizer="):
        animate(point_trace(3))


def test_animate_records_and_passes_options(tmp_path):
    X = np.linspace(-1, 1, 20).reshape(-1, 1)
    y = 3 * X[:, 0] + 0.5
    estimator = LinearRegression(solver="gd", learning_rate=0.5)
    anim = animate(estimator, X, y, max_frames=5, fps=10, figsize=(6, 2.5), dpi=20, grid_size=20)
    assert isinstance(anim.visualizer, GradientDescentVisualizer)
    assert anim.n_frames == 5 and anim.fps == 10 and anim.visualizer.grid_size == 20
    assert anim.frame(0).shape == (50, 120, 3)
    assert anim.trace.estimator is estimator and hasattr(estimator, "coef_")
    with pytest.raises(TypeError, match="colour"):
        animate(estimator, X, y, colour="red")
    with pytest.raises(TypeError, match="needs the training data X"):
        animate(estimator)
    with pytest.raises(TypeError, match="takes no data"):
        animate(anim.trace, X, y)
    with pytest.raises(TypeError, match="fit_steps"):
        animate("not an estimator", X, y)


def test_animate_a_trace_loaded_from_disk(gd_trace, tmp_path):
    gd_trace.save(tmp_path / "run.npz")
    loaded = Trace.load(tmp_path / "run.npz")
    anim = animate(loaded, max_frames=6, figsize=(6, 2.6), dpi=25)
    original = gd_animation(gd_trace, max_frames=6)
    assert [s.message for s in anim.frame_steps] == [s.message for s in original.frame_steps]
    np.testing.assert_array_equal(anim.frame(-1), original.frame(-1))
    anim.save(tmp_path / "run.gif")
    with Image.open(tmp_path / "run.gif") as gif:
        assert gif.n_frames == 6


def test_animation_options_are_checked(gd_trace):
    vis = GradientDescentVisualizer(gd_trace)
    with pytest.raises(ValueError, match="fps"):
        Animation(vis, fps=0)
    with pytest.raises(ValueError, match="max_frames"):
        Animation(vis, max_frames=1)
    with pytest.raises(ValueError, match="end_pause"):
        Animation(vis, end_pause=-1)
    assert "GradientDescentVisualizer: 60 frames" in repr(Animation(vis))



def test_a_visualizer_without_options_rejects_any():
    class Bare(Visualizer):
        pass

    trace = Trace([Step(0, "init", "start")], np.zeros((1, 1)))
    with pytest.raises(TypeError, match=r"^Bare\(\) got an unexpected keyword argument "
                                        r"'grid_size' \(its own options: none\)$"):
        Bare(trace, grid_size=3)
    assert str(inspect.signature(Bare)) == (
        "(trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True)")
