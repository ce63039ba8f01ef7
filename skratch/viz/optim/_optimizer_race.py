"""The optimizers race: paths growing over a surface's contours, and the loss curves."""

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, LogNorm, to_rgba
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import LossHistory, emptiest_corner, padded
from .._style import LABEL_SIZE, LEGEND_SIZE, REFERENCE, TICK_SIZE, TITLE_SIZE, category_colors

__all__ = ["RaceVisualizer"]

# One colour per optimizer of the default race, the same in both panels:
# plain descent blue, the momentum family warm, the adaptive family cool.
_RACER_COLORS = {"GD": "#1f4e9c", "Momentum": "#e8710a", "Nesterov": "#c0282d",
                 "Adagrad": "#2ca02c", "RMSprop": "#17becf", "Adam": "#9b4dca"}
# Pale contours, low values darker, so the coloured paths stand out.
_SURFACE_CMAP = LinearSegmentedColormap.from_list("race_surface", ["#8ea2b6", "#fafaf8"])


def racer_colors(labels):
    """A colour per label: the fixed colour of a default racer, else a distinct one."""
    spare = iter(category_colors(len(labels) + len(_RACER_COLORS)))
    used = {_RACER_COLORS[label] for label in labels if label in _RACER_COLORS}
    colors = []
    for label in labels:
        if label in _RACER_COLORS:
            colors.append(to_rgba(_RACER_COLORS[label]))
            continue
        color = next(spare)
        while any(np.allclose(color, to_rgba(c)) for c in used):
            color = next(spare)
        used.add(tuple(color))
        colors.append(tuple(color))
    return colors


class RaceVisualizer(Visualizer):
    """The optimizers race, in two panels.

    (a) the surface as filled contours, the start (white circle) and the
    minimum (black star), and each optimizer's path growing as it goes,
    its current point marked; (b) each optimizer's loss against the
    iteration, on a log scale: the gap :math:`f - f^*` to the minimum value
    when the surface knows it. The legend names the optimizers; every
    optimizer keeps its colour in both panels.

    For :class:`~skratch.optim.OptimizerRace` traces.

    Parameters
    ----------
    trace : skratch.Trace
        A recorded race, whose steps hold ``positions`` (n_optimizers, 2)
        and ``losses`` (n_optimizers,).
    ax : sequence of 2 matplotlib Axes, optional
        The panels (a) and (b). By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    grid_size : int, default=200
        Points per side of the grid the surface is evaluated on.

    Notes
    -----
    The contour levels follow the surface's ``levels``: spaced
    geometrically between the lowest and the highest value drawn for
    surfaces whose values span decades (Rosenbrock's: its valley floor is
    :math:`10^4` times lower than its walls), as squares
    :math:`f_{min} + (f_{max} - f_{min}) t^2` for bowls (evenly spaced
    ellipses), evenly otherwise. The region drawn is the surface's own, or
    else the region the paths cover, with margins.

    The loss panel shows :math:`f - f^*` where the surface gives its lowest
    value :math:`f^*`, so a straight line on the log axis is linear
    convergence; gaps of exactly 0 (an optimizer that landed on the
    minimum) are drawn at the bottom of the axis.

    Examples
    --------
    >>> import skratch
    >>> from skratch.optim import OptimizerRace
    >>> from skratch.viz import RaceVisualizer
    >>> trace = skratch.record(OptimizerRace(surface="valley", max_iter=20), None)
    >>> vis = RaceVisualizer(trace, figsize=(8, 3.5), dpi=40)
    >>> fig = vis.plot(step=5)
    >>> vis.caption_text.get_text() == trace.steps[5].message
    True
    >>> [ax.get_title() for ax in vis.axes]
    ['narrow valley: f = x²/20 + y²', 'Loss by iteration']
    """

    n_axes = 2
    default_figsize = (8.4, 4.4)
    options = {"grid_size": 200}

    def _create_axes(self, fig):
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.05, 1]}))

    def _read_trace(self, trace):
        name = type(self).__name__
        race = trace.estimator
        if race is None or not hasattr(race, "get_surface"):
            raise ValueError(
                f"{name} draws OptimizerRace traces (it needs the race's surface); "
                f"the trace's estimator is {type(race).__name__}."
            )
        for step in trace.steps:
            if "positions" not in step.state or "losses" not in step.state:
                raise ValueError(
                    f"{name} needs steps whose state holds 'positions' and 'losses' "
                    f"(OptimizerRace traces); step {step.index} ({step.kind!r}) holds "
                    f"{sorted(step.state)}."
                )
        if not (isinstance(self.grid_size, (int, np.integer)) and self.grid_size >= 2):
            raise ValueError(f"grid_size must be an integer >= 2, got {self.grid_size!r}.")
        self._surface = race.get_surface()
        self._race = race
        self._xy = np.stack([np.asarray(s.state["positions"], dtype=float)
                                    for s in trace.steps])
        self._losses = np.stack([np.asarray(s.state["losses"], dtype=float)
                                 for s in trace.steps])
        self._iterations = np.array([s.index for s in trace.steps])
        n_racers = self._xy.shape[1]
        labels = getattr(race, "labels_", None)
        if labels is None or len(labels) != n_racers:
            labels = tuple(f"optimizer {k + 1}" for k in range(n_racers))
        self._labels = tuple(labels)
        self._colors = racer_colors(self._labels)
        self._curves, self._log_loss, self._loss_label = self._loss_curves()

    def _loss_curves(self):
        """What the loss panel draws: the gap to f* (log) or f itself."""
        losses = self._losses
        if self._surface.min_value is not None:
            gap = losses - self._surface.min_value
            positive = gap[gap > 0]
            if positive.size:
                floor = max(positive.min(), positive.max() * 1e-16)
                return np.maximum(gap, floor), True, "gap to the minimum, f − f*"
            return gap, False, "gap to the minimum, f − f*"
        log = bool(np.all(losses > 0) and losses.max() > 100 * losses.min())
        return losses, log, "f"

    # -- drawing --------------------------------------------------------------

    def _setup(self):
        ax_surface, ax_loss = self.axes
        for ax in self.axes:
            ax.tick_params(labelsize=TICK_SIZE)
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        self._setup_surface(ax_surface)
        self._setup_loss(ax_loss)

    def _limits(self):
        surface = self._surface
        points = self._xy.reshape(-1, 2)
        if surface.minimum is not None:
            points = np.vstack([points, np.atleast_2d(surface.minimum)])
        xlim = surface.xlim if surface.xlim is not None else padded(points[:, 0])
        ylim = surface.ylim if surface.ylim is not None else padded(points[:, 1])
        return tuple(map(float, xlim)), tuple(map(float, ylim))

    def _levels(self, values):
        low, high = float(values.min()), float(values.max())
        if not high > low:
            return None, None
        spacing = self._surface.levels
        if spacing == "log":
            # Levels of the height above the lowest point drawn (kept
            # positive for the log), so the floor and the walls both get
            # contours.
            height = values - low + 1e-9 * (high - low)
            levels = np.geomspace(max(np.percentile(height, 0.5), height.max() * 1e-6),
                                  height.max(), 18)
            return height, (levels, LogNorm(levels[0], levels[-1]))
        if spacing == "sqrt":
            return values, (low + (high - low) * np.linspace(0, 1, 16) ** 2, None)
        return values, (np.linspace(low, high, 16), None)

    def _setup_surface(self, ax):
        surface = self._surface
        xlim, ylim = self._limits()
        X, Y = np.meshgrid(np.linspace(*xlim, self.grid_size),
                           np.linspace(*ylim, self.grid_size))
        with np.errstate(over="ignore", invalid="ignore"):
            Z = np.asarray(surface.f(X, Y), dtype=float)
        Z = np.where(np.isfinite(Z), Z, np.nanmax(np.where(np.isfinite(Z), Z, np.nan)))
        shown, spec = self._levels(Z)
        if spec is not None:
            levels, norm = spec
            ax.contourf(X, Y, shown, levels=levels, cmap=_SURFACE_CMAP, norm=norm,
                        extend="both" if norm is not None else "neither")
            ax.contour(X, Y, shown, levels=levels, colors="white", linewidths=0.6,
                       alpha=0.9, norm=norm)
        start = self._xy[0, 0]
        ax.plot(*start, "o", color="white", mec=REFERENCE, mew=1.5, ms=9, label="start",
                zorder=3)
        if surface.minimum is not None:
            minima = np.atleast_2d(np.asarray(surface.minimum, dtype=float))
            ax.plot(minima[:, 0], minima[:, 1], "*", ls="none", color=REFERENCE, mec="white",
                    mew=1, ms=15, label="minimum" if len(minima) == 1 else "minima",
                    zorder=3)
        marker = "o" if len(self.trace.steps) <= 400 else None
        self._paths, self._points = [], []
        for label, color in zip(self._labels, self._colors):
            self._paths.append(self.animated(ax.plot(
                [], [], "-", marker=marker, ms=2.2, color=color, lw=1.6, alpha=0.95)[0]))
            self._points.append(self.animated(ax.plot(
                [], [], "o", color=color, ms=8, mec="white", mew=1.3)[0]))
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("x", fontsize=LABEL_SIZE)
        ax.set_ylabel("y", fontsize=LABEL_SIZE)
        title = f"{surface.name}: f = {surface.formula}" if surface.formula else surface.name
        ax.set_title(title, fontsize=TITLE_SIZE)
        ax.legend(loc=emptiest_corner(self._xy[..., 0].ravel(),
                                       self._xy[..., 1].ravel(), xlim, ylim),
                  fontsize=LEGEND_SIZE, framealpha=0.9)

    def _setup_loss(self, ax):
        iterations, curves = self._iterations, self._curves
        if self._log_loss:
            ax.set_yscale("log")
            ylim = (curves.min() / 2.5, curves.max() * 2.5)
        else:
            ylim = padded(curves, 0.08)
        # One loss so far per racer, in its colour; no grey run behind them.
        self._loss_histories = [
            LossHistory(self, ax, iterations, curves[:, k], color=color, label=label,
                        context_label=None, lw=1.8, ms=6, mew=1)
            for k, (label, color) in enumerate(zip(self._labels, self._colors))]
        pad = max(0.02 * np.ptp(iterations), 0.5)
        xlim = (iterations.min() - pad, iterations.max() + pad)
        ax.set_xlim(*xlim)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.set_ylim(*ylim)
        ax.set_xlabel("iteration", fontsize=LABEL_SIZE)
        ax.set_ylabel(self._loss_label + ("\n(log scale)" if self._log_loss else ""),
                      fontsize=LABEL_SIZE)
        ax.set_title("Loss by iteration", fontsize=TITLE_SIZE)
        ax.grid(True, which="major", color="#e6e6e6", lw=0.8)
        ax.set_axisbelow(True)
        ax.legend(loc=emptiest_corner(np.repeat(iterations, curves.shape[1]),
                                       curves.ravel(), xlim, ylim, log_y=self._log_loss),
                  fontsize=LEGEND_SIZE, framealpha=0.9, ncols=2)

    def _update(self, step):
        position = self.position(step)
        if position is None:  # a step from elsewhere: show where it stands
            positions = np.asarray(step.state["positions"], dtype=float)[None]
            curves = np.asarray(step.state["losses"], dtype=float)[None]
            if self._surface.min_value is not None:
                curves = np.maximum(curves - self._surface.min_value, self._curves.min())
            iterations = np.array([step.index])
        else:
            positions = self._xy[:position + 1]
            curves = self._curves[:position + 1]
            iterations = self._iterations[:position + 1]
        for k in range(len(self._labels)):
            self._paths[k].set_data(positions[:, k, 0], positions[:, k, 1])
            self._points[k].set_data(positions[-1:, k, 0], positions[-1:, k, 1])
            self._loss_histories[k].update(position, iterations[-1], curves[-1, k])
