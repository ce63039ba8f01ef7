"""How long each frame of a GIF shows: Animation.frame_durations and the timing option."""

import numpy as np
import pytest
from PIL import Image, ImageSequence

from skratch import Step, Trace
from skratch.viz import Animation, Visualizer, animate
from skratch.viz._animation import READ_MAX_MS, caption_form


class StillVisualizer(Visualizer):
    """Draws nothing that moves: the frames differ by their captions only."""

    def _setup(self):
        self.axes[0].set_axis_off()

    def _update(self, step):
        pass


def trace_of(messages, kinds=None):
    kinds = kinds or ["step"] * len(messages)
    steps = [Step(i, kind, message) for i, (kind, message) in enumerate(zip(kinds, messages))]
    return Trace(steps, np.zeros((1, 1)))


def animation(messages, kinds=None, **options):
    vis = StillVisualizer(trace_of(messages, kinds), figsize=(3, 1.5), dpi=30)
    return Animation(vis, **options)


REPEATED = [f"iteration {i}: loss {10 / (i + 1):.3f}" for i in range(8)]


@pytest.mark.parametrize("fps", [1, 3, 6, 7, 12.5, 50])
@pytest.mark.parametrize("timing", ["reading", "uniform"])
def test_no_frame_is_shorter_than_one_over_fps_and_the_last_holds(fps, timing):
    durations = animation(REPEATED, fps=fps, end_pause=2.5, timing=timing).frame_durations()
    assert len(durations) == len(REPEATED)
    assert all(isinstance(d, int) and d % 10 == 0 for d in durations)
    assert min(durations) >= 1000 / fps
    assert durations[-1] >= 2500


def test_a_new_long_caption_lasts_longer_than_a_repeated_form():
    messages = ["iteration 1: loss 3.41", "iteration 2: loss 3.38",
                "converged: the gradient is below tol, so the descent stops here",
                "iteration 3: loss 3.37"]
    durations = animation(messages, fps=6, end_pause=0).frame_durations()
    assert caption_form(messages[0]) == caption_form(messages[1])
    assert durations[1] == 170                       # same form: 1/fps, rounded up
    assert durations[2] > durations[0] > durations[1]
    assert durations[2] == 1000 + 40 * (len(messages[2]) - 20)
    assert durations[3] == 1000 + 40 * 2            # a new form again: 22 characters


def test_reading_time_is_capped_and_a_phase_change_is_held():
    long = "x" * 500
    durations = animation(["start", long, "a", "b"], kinds=["init", "init", "init", "fit"],
                          fps=6, end_pause=0).frame_durations()
    assert durations[1] == READ_MAX_MS
    assert durations[3] == 1500                      # kind changed from "init" to "fit"


def test_uniform_timing_gives_the_constant_delays():
    durations = animation(REPEATED[:5], fps=5, end_pause=1.0,
                          timing="uniform").frame_durations()
    assert durations == [200, 200, 200, 200, 1000]


def test_unknown_timing_is_refused():
    with pytest.raises(ValueError, match="timing must be 'reading' or 'uniform', got 'slow'"):
        animation(REPEATED, timing="slow")


def test_animate_passes_timing_on():
    X = np.linspace(-1, 1, 20).reshape(-1, 1)
    from skratch.linear_model import LinearRegression

    anim = animate(LinearRegression(solver="gd", learning_rate=0.5, max_iter=5), X, 2 * X[:, 0],
                   max_frames=4, figsize=(6, 2), dpi=20, timing="uniform")
    assert anim.timing == "uniform"


@pytest.mark.parametrize("timing", ["reading", "uniform"])
def test_a_gif_carries_the_frame_durations(tmp_path, timing):
    messages = ["init: the start", *REPEATED[:4], "done: converged after four iterations"]
    anim = animation(messages, kinds=["init", *["fit"] * 4, "done"], fps=8, timing=timing)
    path = anim.save(tmp_path / "timed.gif")
    with Image.open(path) as gif:
        read_back = [frame.info["duration"] for frame in ImageSequence.Iterator(gif)]
    assert read_back == anim.frame_durations()
