"""Render speed and memory of skratch animations.

A benchmark, not a test: ``make bench`` runs it. Two measurements:

Speed. ``animate(...).save("x.gif")`` against a hand-written matplotlib
``FuncAnimation(...).save(..., writer=PillowWriter(fps=...))`` drawing the same
figure (same size, dpi, artists, point count and frame count). Two figures:
"scatter + line + caption" (300 points, one line, a text caption, on one
axes) and the three-panel gradient-descent figure of
``GradientDescentVisualizer`` (data, loss surface with path, loss curve). Our
timing includes everything ``animate`` does (recording the fit, the figure,
the contours) and the save; the hand-written side gets the recorded steps for
free. The two alternate in one process (which goes first alternates too);
the ratio is taken per round and the table reports the median ratio and the
median times. Target: at least 2x faster.

Memory. The peak memory of ``animate(...).save(path)`` for 60 and for 600
frames of the same run, each in a fresh Python process: the peak of
tracemalloc (Python and NumPy allocations, traced from just before
``animate``) and the peak resident set size of the process (VmHWM from
/proc/self/status on Linux, else ``ru_maxrss``: everything, including
matplotlib's pixel buffers). Target: 600 frames at most
50 MB above 60 frames.

Run with ``OPENBLAS_THREAD_TIMEOUT=4 OMP_WAIT_POLICY=PASSIVE`` (the Makefile
does) so idle BLAS/OpenMP threads do not skew the timings.

Usage: python bench/bench_render.py [--rounds N] [--skip-memory] [--check]
``--check`` exits with status 1 when a measurement misses its target.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

SPEED_TARGET = 2.0       # skratch at least this many times faster
MEMORY_TARGET_MB = 50.0  # 600 frames at most this much above 60 frames
N_POINTS = 300
N_FRAMES = 60
FPS = 6


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(2.0, 1.5, size=(N_POINTS, 1))
    y = 1.8 * X[:, 0] - 3.0 + rng.normal(0.0, 1.2, N_POINTS)
    return X, y


def _estimator(max_iter=400):
    from skratch.linear_model import LinearRegression

    return LinearRegression(solver="gd", learning_rate=0.05, max_iter=max_iter, tol=0.0)


# -- the "scatter + line + caption" figure -------------------------------------

def _line_visualizer():
    from skratch.viz import Visualizer

    class DataLineVisualizer(Visualizer):
        """300 points, the current line and the caption: nothing else."""

        def _read_trace(self, trace):
            self.x, self.y = trace.X[:, 0], trace.y

        def _setup(self):
            ax = self.axes[0]
            ax.scatter(self.x, self.y, s=12)
            self.line = self.animated(ax.plot([], [], color="C1", lw=2)[0])
            ax.set_xlim(self.x.min() - 0.5, self.x.max() + 0.5)
            ax.set_ylim(self.y.min() - 1.0, self.y.max() + 1.0)

        def _update(self, step):
            w = float(step.state["coef"][0])
            b = float(step.state["intercept"])
            xs = np.array(self.axes[0].get_xlim())
            self.line.set_data(xs, w * xs + b)

    return DataLineVisualizer


def ours_line(path, X, y, trace):
    from skratch.viz import animate

    animate(_estimator(), X, y, visualizer=_line_visualizer(), max_frames=N_FRAMES,
            fps=FPS, figsize=(6.4, 4.8), dpi=100).save(path)


def theirs_line(path, X, y, trace):
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter

    from skratch.viz import select_frames

    steps = [trace.steps[p] for p in select_frames(len(trace.steps), N_FRAMES)]
    x = X[:, 0]
    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=100)
    ax.scatter(x, y, s=12)
    line, = ax.plot([], [], color="C1", lw=2)
    caption = fig.text(0.5, 0.02, "", ha="center")
    ax.set_xlim(x.min() - 0.5, x.max() + 0.5)
    ax.set_ylim(y.min() - 1.0, y.max() + 1.0)
    xs = np.array(ax.get_xlim())

    def update(step):
        w, b = float(step.state["coef"][0]), float(step.state["intercept"])
        line.set_data(xs, w * xs + b)
        caption.set_text(step.message)
        return line, caption

    FuncAnimation(fig, update, frames=steps, cache_frame_data=False).save(
        path, writer=PillowWriter(fps=FPS), dpi=100)
    plt.close(fig)


# -- the three-panel gradient-descent figure -----------------------------------

def ours_gd(path, X, y, trace):
    from skratch.viz import animate

    animate(_estimator(), X, y, max_frames=N_FRAMES, fps=FPS, figsize=(12, 4),
            dpi=100).save(path)


def theirs_gd(path, X, y, trace):
    """The same three panels, hand-written the usual way."""
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter

    from skratch.viz import select_frames

    positions = select_frames(len(trace.steps), N_FRAMES)
    x = X[:, 0]
    w_path = np.array([float(s.state["coef"][0]) for s in trace.steps])
    b_path = np.array([float(s.state["intercept"]) for s in trace.steps])
    iterations = np.array([s.index for s in trace.steps])
    losses = trace.losses
    x_c = x - x.mean()
    w_opt = np.sum(x_c * (y - y.mean())) / np.sum(x_c * x_c)
    b_opt = y.mean() - w_opt * x.mean()

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(12, 4), dpi=100, layout="constrained")
    ax1.scatter(x, y, s=14, alpha=0.6)
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    ax1.plot(xs, w_opt * xs + b_opt, "k--")
    line, = ax1.plot([], [], color="C1", lw=2.5)
    ax1.set_xlim(*xs)
    ax1.set_ylim(y.min() - 1, y.max() + 1)
    ax1.set_title("Data and current line")
    W, B = np.meshgrid(np.linspace(w_path.min() - 0.3, w_opt + 0.3, 120),
                       np.linspace(b_opt - 0.5, b_path.max() + 0.5, 120))
    L = np.mean((W[..., None] * x + B[..., None] - y) ** 2, axis=-1)
    ax2.contourf(W, B, L, levels=16, cmap="Blues_r")
    ax2.contour(W, B, L, levels=16, colors="white", linewidths=0.5)
    ax2.plot([w_opt], [b_opt], "k*", ms=14)
    path_line, = ax2.plot([], [], color="C1")
    point, = ax2.plot([], [], "o", color="C1", ms=9)
    ax2.set_title("Loss surface L(w, b)")
    ax3.plot(iterations, losses, color="0.6")
    so_far, = ax3.plot([], [], color="C1", lw=2)
    loss_point, = ax3.plot([], [], "o", color="C1", ms=8)
    ax3.set_title("Loss by iteration")
    caption = fig.text(0.5, 0.01, "", ha="center")

    def update(p):
        w, b = w_path[p], b_path[p]
        line.set_data(xs, w * xs + b)
        path_line.set_data(w_path[:p + 1], b_path[:p + 1])
        point.set_data([w], [b])
        so_far.set_data(iterations[:p + 1], losses[:p + 1])
        loss_point.set_data([iterations[p]], [losses[p]])
        caption.set_text(trace.steps[p].message)
        return line, path_line, point, so_far, loss_point, caption

    FuncAnimation(fig, update, frames=positions, cache_frame_data=False).save(
        path, writer=PillowWriter(fps=FPS), dpi=100)
    plt.close(fig)


SPEED_CASES = [
    ("scatter + line + caption", "6.4x4.8 in @ 100 dpi, 300 points", ours_line, theirs_line),
    ("gradient descent, 3 panels", "12x4 in @ 100 dpi, 300 points", ours_gd, theirs_gd),
]


def _timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def run_speed(rounds, workdir):
    import skratch

    X, y = _data()
    trace = skratch.record(_estimator(), X, y)
    results = []
    for name, shape, ours, theirs in SPEED_CASES:
        mine = os.path.join(workdir, "ours.gif")
        other = os.path.join(workdir, "theirs.gif")
        _timed(ours, mine, X, y, trace)  # warm-up: imports, font cache
        _timed(theirs, other, X, y, trace)
        ours_times, their_times, ratios = [], [], []
        for r in range(rounds):
            if r % 2 == 0:
                t_ours = _timed(ours, mine, X, y, trace)
                t_theirs = _timed(theirs, other, X, y, trace)
            else:
                t_theirs = _timed(theirs, other, X, y, trace)
                t_ours = _timed(ours, mine, X, y, trace)
            ours_times.append(t_ours)
            their_times.append(t_theirs)
            ratios.append(t_theirs / t_ours)
        from PIL import Image

        with Image.open(mine) as a, Image.open(other) as b:
            frames = f"{a.n_frames} / {b.n_frames}"
        results.append({
            "name": name, "shape": shape, "ours": statistics.median(ours_times),
            "theirs": statistics.median(their_times), "ratio": statistics.median(ratios),
            "frames": frames, "sizes": f"{os.path.getsize(mine) // 1024} / "
                                       f"{os.path.getsize(other) // 1024} KiB",
        })
        print(f"  done: {name}", file=sys.stderr, flush=True)
    return results


# -- memory, in a fresh process per measurement --------------------------------

_CHILD = r"""
import json, os, resource, sys, tracemalloc, warnings
import matplotlib
matplotlib.use("Agg")
sys.path.insert(0, {bench_dir!r})
warnings.simplefilter("ignore")
import bench_render
from skratch.viz import animate
n_frames, path, traced = {n_frames}, {path!r}, {traced}
X, y = bench_render._data()
if traced:
    tracemalloc.start()
anim = animate(bench_render._estimator(max_iter=1000), X, y, max_frames=n_frames,
               fps=bench_render.FPS, figsize=(12, 4), dpi=100)
anim.save(path)
peak = tracemalloc.get_traced_memory()[1] if traced else 0
try:
    # The kernel's high-water mark of this process's memory. (ru_maxrss would
    # do elsewhere, but on Linux it survives exec and can report the parent's.)
    with open("/proc/self/status") as status:
        max_rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
except OSError:
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"n_frames": anim.n_frames, "traced_peak": peak, "max_rss": max_rss * 1024}}))
"""


def _measure(n_frames, path, traced):
    code = _CHILD.format(bench_dir=os.path.dirname(os.path.abspath(__file__)),
                         n_frames=n_frames, path=path, traced=traced)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_memory(workdir):
    results = []
    for extension in (".gif", ".html"):
        path = os.path.join(workdir, "memory" + extension)
        row = {"format": extension}
        for n_frames in (60, 600):
            rss = _measure(n_frames, path, traced=False)
            traced = _measure(n_frames, path, traced=True)
            row[n_frames] = {"frames": rss["n_frames"], "rss": rss["max_rss"] / 2**20,
                             "traced": traced["traced_peak"] / 2**20}
        results.append(row)
        print(f"  done: memory {extension}", file=sys.stderr, flush=True)
    return results


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per case")
    parser.add_argument("--skip-memory", action="store_true", help="only time the renders")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a measurement misses its target")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    missed = []
    with tempfile.TemporaryDirectory() as workdir:
        speed = run_speed(args.rounds, workdir)
        memory = [] if args.skip_memory else run_memory(workdir)

    print(f"\nGIF of {N_FRAMES} frames at {FPS} fps. Median of {args.rounds} alternating "
          "rounds; speed-up = median of per-round FuncAnimation/skratch times.")
    rows = []
    for r in speed:
        ok = r["ratio"] >= SPEED_TARGET
        missed += [] if ok else [r["name"]]
        rows.append((r["name"], r["shape"], f"{r['ours'] * 1e3:.0f}", f"{r['theirs'] * 1e3:.0f}",
                     f"{r['ratio']:.1f}x", f">= {SPEED_TARGET:.0f}x " + ("ok" if ok else "MISSED"),
                     r["frames"], r["sizes"]))
    _table(("figure", "size", "skratch ms", "FuncAnimation ms", "speed-up", "target",
            "frames (ours / theirs)", "GIF size (ours / theirs)"), rows)

    if memory:
        print("\nPeak memory of animate(...).save(path), gradient descent 12x4 in @ 100 dpi, "
              "fresh process each. RSS: peak resident set size (VmHWM); traced: tracemalloc peak.")
        rows = []
        for r in memory:
            small, large = r[60], r[600]
            delta_rss = large["rss"] - small["rss"]
            delta_traced = large["traced"] - small["traced"]
            ok = max(delta_rss, delta_traced) <= MEMORY_TARGET_MB
            missed += [] if ok else [f"memory {r['format']}"]
            rows.append((r["format"], f"{small['frames']} / {large['frames']}",
                         f"{small['rss']:.1f} / {large['rss']:.1f}", f"{delta_rss:+.1f}",
                         f"{small['traced']:.1f} / {large['traced']:.1f}", f"{delta_traced:+.1f}",
                         f"<= {MEMORY_TARGET_MB:.0f} MB " + ("ok" if ok else "MISSED")))
        _table(("format", "frames", "RSS MB (60 / 600)", "RSS delta", "traced MB (60 / 600)",
                "traced delta", "target"), rows)
    if args.check and missed:
        print(f"missed targets: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
