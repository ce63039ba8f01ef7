"""The visualizer lifecycle: draw the still parts once, then move artists.

A :class:`Visualizer` draws one recorded training run (a
:class:`~skratch.Trace`). ``setup()`` draws everything that does not change,
with axis limits taken from the whole trace; ``update(step)`` only changes
existing artists; ``plot(step)`` gives a still figure; ``render(step)`` gives
the pixels of one frame, fast, by blitting: the still background is drawn
once, kept, and only the moving ("animated") artists are drawn over it.
"""

import inspect
from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from ..steps import Step
from ._style import CAPTION_SIZE

__all__ = ["Visualizer"]

# Caption band at the bottom of figures the visualizer makes, in points:
# room for two lines, as a long message wraps rather than run off the
# figure (the page's player cuts the band off and shows the message as HTML).
_CAPTION_BAND = 3.3 * CAPTION_SIZE
# Space around each panel, in inches: a clear gap between tiles, where the
# page's player cuts the frame.
_PANEL_PAD = 5 / 72


def _keep_margin(text, fraction=0.95):
    """Wrap ``text`` to ``fraction`` of the figure's width, not to its very edges.

    Matplotlib wraps a centred text to the whole width of the figure, where
    the first and last letters touch (and lose) the edges. Its text has no
    public setting for the width; where the private hook it consults exists,
    it is given a margin (otherwise the text wraps at the edges).
    """
    if hasattr(text, "_get_wrap_line_width"):
        text._get_wrap_line_width = lambda: fraction * _root_figure(text).bbox.width


def _root_figure(artist):
    try:
        return artist.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10 has no subfigure-aware getter
        return artist.figure


class Visualizer:
    """Base class of the visualizers: one trace, one figure, one frame per step.

    Subclasses implement :meth:`_setup` (draw the still parts, create the
    moving artists through :meth:`animated`) and :meth:`_update` (move them
    for one step with ``set_data``, ``set_offsets``, ``set_array``,
    ``set_text``...); they may set :attr:`n_axes` and override
    :meth:`_create_axes` (the panel layout) and :meth:`_read_trace` (check
    the trace early and take from it what the drawing needs). A subclass
    declares its own keyword options in :attr:`options` and writes no
    ``__init__``.

    Parameters
    ----------
    trace : skratch.Trace
        The recorded run, from :func:`skratch.record` or
        :meth:`skratch.Trace.load`.
    ax : matplotlib Axes or sequence of :attr:`n_axes` Axes, optional
        Where to draw. By default the visualizer makes its own
        :class:`matplotlib.figure.Figure` (not through pyplot, so nothing
        is left open in pyplot's state).
    fig : matplotlib Figure, optional
        A figure to draw into (the visualizer adds its axes to it). Ignored
        when ``ax`` is given.
    figsize : (float, float), optional
        Size in inches of the figure the visualizer makes.
    dpi : float, default=100
        Resolution of the figure the visualizer makes: a frame is
        ``figsize * dpi`` pixels.
    caption : bool, default=True
        Show each step's message as a caption under the panels (one that
        would run off the figure is broken into two lines).
    **options
        The subclass's own keyword options, those it declares in
        :attr:`options`; each is set as an attribute of the same name.
        Another name raises TypeError.

    Attributes
    ----------
    fig : matplotlib Figure
        The figure, once :meth:`setup` has run.
    axes : tuple of Axes
        The panels, once :meth:`setup` has run.
    caption_text : matplotlib Text or None
        The caption artist.

    Notes
    -----
    Moving artists are drawn above the still ones of their axes: ``setup``
    lifts their z-order above every still artist of the same axes (keeping
    their order among themselves), so that a full redraw (``plot`` then
    ``savefig``) and a blitted frame from :meth:`render` give the same
    pixels. On a figure it makes, the visualizer runs the layout engine once
    and then fixes the layout, so the panels never move between frames.

    Examples
    --------
    >>> import numpy as np
    >>> from skratch import Step, Trace
    >>> from skratch.viz import Visualizer
    >>> class PointVisualizer(Visualizer):
    ...     def _setup(self):
    ...         ax = self.axes[0]
    ...         self.point = self.animated(ax.plot([], [], "o")[0])
    ...         ax.set_xlim(0, 3)
    ...         ax.set_ylim(0, 3)
    ...     def _update(self, step):
    ...         x, y = step.state["xy"]
    ...         self.point.set_data([x], [y])
    >>> steps = [Step(i, "move", f"step {i}", state={"xy": [i, i]}) for i in range(3)]
    >>> vis = PointVisualizer(Trace(steps, np.zeros((1, 1))), figsize=(3, 2.5), dpi=40)
    >>> vis.render(1).shape
    (100, 120, 3)
    >>> vis.caption_text.get_text()
    'step 1'
    """

    #: Number of panels the visualizer draws.
    n_axes = 1
    #: How an :class:`~skratch.viz.Animation` picks frames from long runs:
    #: "log" keeps the early, fast-changing steps dense; "linear" spaces
    #: frames evenly.
    frame_spacing = "log"
    #: Figure size in inches when none is given.
    default_figsize = (6.4, 4.8)
    #: The subclass's own keyword options and their defaults, e.g.
    #: ``{"grid_size": 120}``: ``__init__`` takes them by keyword and sets
    #: each as an attribute of the same name (before :meth:`_read_trace`).
    options = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # help(), the API docs and editors show the options as keywords of
        # their own, with their defaults, as if written in an __init__.
        base = inspect.signature(Visualizer.__init__).parameters.values()
        parameters = [p for p in base if p.kind is not p.VAR_KEYWORD][1:]  # no self
        parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default)
                       for name, default in cls.options.items()]
        cls.__signature__ = inspect.Signature(parameters)

    def __init__(self, trace, ax=None, *, fig=None, figsize=None, dpi=100, caption=True,
                 **options):
        unknown = [name for name in options if name not in self.options]
        if unknown:
            known = ", ".join(self.options) or "none"
            raise TypeError(
                f"{type(self).__name__}() got an unexpected keyword argument {unknown[0]!r} "
                f"(its own options: {known})"
            )
        if len(getattr(trace, "steps", ())) == 0:
            raise ValueError(
                f"{type(self).__name__} needs a trace with at least one step; "
                f"got {trace!r}."
            )
        for name, default in self.options.items():
            setattr(self, name, options.get(name, default))
        self.trace = trace
        self.ax = ax
        self.fig = fig
        self.figsize = figsize
        self.dpi = dpi
        self.caption = caption
        self._read_trace(trace)
        self.axes = None
        self.caption_text = None
        self._is_setup = False
        self._animated = []
        self._draw_order = None
        self._background = None
        self._background_size = None
        self._canvas = None
        self._positions = {id(step): i for i, step in enumerate(trace.steps)}
        self._positions_by_index = {step.index: i for i, step in enumerate(trace.steps)}

    # -- hooks for subclasses -------------------------------------------------

    def _read_trace(self, trace):
        """Check ``trace`` and take from it what the drawing needs.

        Raise ValueError, saying what is wrong, if it cannot be drawn.
        """

    def _create_axes(self, fig):
        """Add the :attr:`n_axes` panels to ``fig``; return them as a tuple."""
        return tuple(np.atleast_1d(fig.subplots(1, self.n_axes)))

    def _setup(self):
        """Draw the parts that never change and create the moving artists."""
        raise NotImplementedError

    def _update(self, step):
        """Move the animated artists to show ``step``."""
        raise NotImplementedError

    # -- lifecycle ------------------------------------------------------------

    def animated(self, artist):
        """Register ``artist`` as moving: it is redrawn on every frame.

        Call it from :meth:`_setup` on every artist that :meth:`_update`
        changes. Returns the artist, so ``line = self.animated(ax.plot(...)[0])``.
        """
        artist.set_in_layout(False)  # a changing label must not move the panels
        self._animated.append(artist)
        return artist

    def setup(self):
        """Draw everything that does not change, once. Returns ``self``."""
        if self._is_setup:
            return self
        made_figure = self.ax is None and self.fig is None
        given_fig = self.fig
        self.fig, self.axes = self._make_figure()
        try:
            self._setup()
        except BaseException:
            # Leave the visualizer as it was, so a retry starts afresh.
            self.fig, self.axes, self._animated = given_fig, None, []
            raise
        if self.caption:
            band = _CAPTION_BAND / 72 / self.fig.get_figheight() if made_figure else 0.04
            self.caption_text = self.animated(self.fig.text(
                0.5, band / 2, "", ha="center", va="center", fontsize=CAPTION_SIZE,
                linespacing=1.15, wrap=True))
            _keep_margin(self.caption_text)
        self._lift_animated()
        if made_figure:
            self.fig.draw_without_rendering()  # runs the layout engine once
            self.fig.set_layout_engine("none")
        self._is_setup = True
        return self

    def update(self, step):
        """Show ``step``: move the animated artists and set the caption.

        Parameters
        ----------
        step : Step or int
            A step of the trace, or its position in ``trace.steps``
            (negative positions count from the end).

        Returns
        -------
        list of matplotlib Artist
            The animated artists.
        """
        self.setup()
        step = self._as_step(step)
        self._update(step)
        if self.caption_text is not None:
            self.caption_text.set_text(step.message)
        return list(self._animated)

    def plot(self, step=-1):
        """A still figure of one step, for slides.

        Parameters
        ----------
        step : Step or int, default=-1
            The step, or its position in the trace (-1: the last).

        Returns
        -------
        matplotlib.figure.Figure
            The visualizer's figure, showing ``step`` (the same figure on
            every call: save it before asking for another step).
        """
        self.update(step)
        return self.fig

    def render(self, step):
        """The pixels of the frame of ``step``.

        The still background is drawn once (at the first call, and again if
        the figure changes size) and restored for each frame; only the
        animated artists are drawn over it. Change the still parts of the
        figure before the first call.

        Parameters
        ----------
        step : Step or int

        Returns
        -------
        ndarray of shape (height, width, 3), dtype uint8
        """
        self.setup()
        canvas = self._agg_canvas()
        if self._background is None or self._background_size != canvas.get_width_height():
            self._capture_background(canvas)
        self.update(step)
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self._draw_order:
            artist.draw(renderer)
        return np.asarray(canvas.buffer_rgba())[:, :, :3].copy()

    def position(self, step):
        """Position of ``step`` in ``trace.steps``, or None if it is not there."""
        position = self._positions.get(id(step))
        if position is None:
            position = self._positions_by_index.get(step.index)
        return position

    # -- helpers --------------------------------------------------------------

    def _as_step(self, step):
        if isinstance(step, Step):
            return step
        n_steps = len(self.trace.steps)
        try:
            position = int(step)
        except (TypeError, ValueError):
            raise TypeError(f"step must be a Step or an int, got {step!r}") from None
        if not -n_steps <= position < n_steps:
            raise IndexError(f"step {position} is out of range: the trace has {n_steps} steps")
        return self.trace.steps[position]

    def _make_figure(self):
        if self.ax is not None:
            axes = tuple(self.ax) if isinstance(self.ax, Iterable) else (self.ax,)
            if len(axes) != self.n_axes or not all(isinstance(a, Axes) for a in axes):
                raise ValueError(
                    f"{type(self).__name__} draws {self.n_axes} panel(s): pass ax as "
                    f"{'an Axes' if self.n_axes == 1 else f'a sequence of {self.n_axes} Axes'}"
                    f", got {self.ax!r}."
                )
            return _root_figure(axes[0]), axes
        if self.fig is not None:
            return self.fig, self._create_axes(self.fig)
        figsize = self.default_figsize if self.figsize is None else self.figsize
        band = _CAPTION_BAND / 72 / figsize[1] if self.caption else 0.0
        fig = Figure(figsize=figsize, dpi=self.dpi,
                     layout=ConstrainedLayoutEngine(rect=(0, band, 1, 1 - band),
                                                    w_pad=_PANEL_PAD))
        FigureCanvasAgg(fig)
        return fig, self._create_axes(fig)

    def _lift_animated(self):
        """Put animated artists above the still ones of their axes or figure.

        Also fixes the order in which :meth:`render` draws them: the order
        of a full redraw (axes by axes, each by z-order, figure artists last).
        """
        animated_ids = {id(a) for a in self._animated}
        containers = {}
        for artist in self._animated:
            container = artist.axes if artist.axes is not None else _root_figure(artist)
            containers.setdefault(id(container), (container, []))[1].append(artist)
        for container, artists in containers.values():
            still = [c.get_zorder() for c in container.get_children()
                     if id(c) not in animated_ids]
            top = max(still, default=0)
            for rank, artist in enumerate(sorted(artists, key=lambda a: a.get_zorder())):
                artist.set_zorder(top + 1 + rank)
        axes_order = [c for c in sorted(self.fig.get_children(), key=lambda c: c.get_zorder())
                      if isinstance(c, Axes)]
        rank_of_axes = {id(ax): i for i, ax in enumerate(axes_order)}

        def draw_key(artist):
            rank = rank_of_axes.get(id(artist.axes), len(axes_order))
            return (rank, artist.get_zorder())

        self._draw_order = sorted(self._animated, key=draw_key)

    def _agg_canvas(self):
        if not isinstance(self.fig.canvas, FigureCanvasAgg):
            # Frames are read from an Agg pixel buffer; interactive backends
            # (inline, ipympl, Qt, Tk) already are Agg canvases.
            FigureCanvasAgg(self.fig)
        if self._canvas is not self.fig.canvas:
            self._canvas = self.fig.canvas
            self._background = None
        return self._canvas

    def _capture_background(self, canvas):
        visible = [artist.get_visible() for artist in self._animated]
        for artist in self._animated:
            artist.set_visible(False)
        try:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_size = canvas.get_width_height()
        finally:
            for artist, was_visible in zip(self._animated, visible):
                artist.set_visible(was_visible)

    def __repr__(self):
        return f"<{type(self).__name__} of {self.trace!r}>"
