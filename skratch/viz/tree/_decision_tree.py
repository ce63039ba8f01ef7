"""A decision tree growing: the plane cut into boxes, and the tree diagram."""

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from .._base import Visualizer
from .._panels import emptiest_corner, padded, plane_data
from .._style import LEGEND_SIZE, MIN_SIZE, REFERENCE, TITLE_SIZE, category_colors, label_axes

__all__ = ["TreeVisualizer"]

_ROOT_KEYS = ("node", "n_samples", "impurity", "value", "region")
_SPLIT_KEYS = _ROOT_KEYS + ("feature", "threshold", "impurity_after", "left_child",
                            "right_child", "n_samples_left", "n_samples_right",
                            "value_left", "value_right", "region_left", "region_right")

_INTERNAL_FACE = to_rgba("white")
_INTERNAL_EDGE = to_rgba("#6b6b6b")
_HIDDEN = (0.0, 0.0, 0.0, 0.0)

_NODE_SIZE = MIN_SIZE    # font size of the node labels, in points
_INFO_SIZE = LEGEND_SIZE
_MAX_LABELS = 63         # more labels than this are never readable in one panel


def _light(colors, amount=0.68):
    """``colors`` mixed with white: the background shade of each class."""
    colors = np.asarray(colors, dtype=float)
    light = colors.copy()
    light[:, :3] = colors[:, :3] + amount * (1 - colors[:, :3])
    return light


class TreeVisualizer(Visualizer):
    """A decision tree growing, one split per frame.

    Left, the training points in the plane of two features, coloured by
    class, over the boxes (leaves) of the tree grown so far, each shaded
    in a light version of its majority class's colour; the newest split is
    a thick line across its node's box (outlined, dashed), earlier splits
    thin lines. Right, the tree so far: internal nodes with their question
    ``x[j] ≤ t`` ("yes" goes left), leaves with their majority class and
    class counts (or their size, with more than three classes), the node just
    split in bold, and its impurity before and after the split. Class
    ``k`` has the same colour everywhere, in every frame.

    For :class:`~skratch.tree.DecisionTreeClassifier` traces.

    Parameters
    ----------
    trace : skratch.Trace
        A recorded tree: a "root" step, then one "split" step per internal
        node, in the order the tree grew. Only the steps are read (and the
        estimator's criterion and class names, when the trace has it).
    ax : sequence of 2 matplotlib Axes, optional
        The two panels: plane, tree. By default a new figure.
    fig, figsize, dpi, caption :
        As for :class:`~skratch.viz.Visualizer`.
    features : (int, int), optional
        The two features to draw, as ``(horizontal, vertical)``. Needed when
        ``X`` has more than two features (see Notes); with two features the
        default is ``(0, 1)``. Data with one feature raise a ValueError.
    label_depth : int, optional
        Label the diagram's nodes down to this depth (the root has depth 0;
        a negative number labels none). By default, as deep as the labels
        fit side by side in the panel, and at most 63 labels; deeper nodes
        are drawn as small markers in their class colour. The fit is
        reckoned in inches (the figure size), not pixels. The node just
        split is always described in the panel's top-left corner.

    Attributes
    ----------
    classes : ndarray
        The class labels, in the order of the colours.
    label_depth_ : int
        The depth down to which nodes are labelled, once :meth:`setup` has
        run (-1: none).

    Notes
    -----
    Every node of a tree owns a box of the feature space,
    :math:`\\{x : l_j < x_j \\le u_j\\}`; splitting node :math:`i` on
    :math:`x_j \\le t` cuts its box in two at :math:`x_j = t`. The leaves'
    boxes partition the space, and the tree predicts in each its majority
    class. The boxes are drawn exactly, as rectangles (no grid), as the
    steps give them: each split step carries its node's box and the boxes,
    sizes and class fractions of its two children. The diagram's layout is
    that of the whole tree, read once from all the steps: nodes appear in
    their final places as the tree grows, so the diagram never jumps. The
    frame of step ``k`` shows the nodes the first ``k`` steps made; a node
    made but not split yet is a leaf for now.

    With more than two features the left panel is a *slice* of the
    partition: the plane through the means of the other features. It shades
    the leaves whose boxes contain that slice (that is, what the tree
    predicts for points with the other features at their means) and draws
    the splits on the two chosen features of the nodes whose boxes cross
    the slice. A split on another feature, or of a node whose box misses
    the slice, cannot be drawn as a line in this plane: the panel says so,
    and the tree panel still shows it. The points are all training points,
    projected.

    Examples
    --------
    >>> import skratch
    >>> from skratch.datasets import make_moons
    >>> from skratch.tree import DecisionTreeClassifier
    >>> from skratch.viz import TreeVisualizer
    >>> X, y = make_moons(n_samples=100, noise=0.25, random_state=0)
    >>> trace = skratch.record(DecisionTreeClassifier(max_depth=3), X, y)
    >>> vis = TreeVisualizer(trace, figsize=(8, 3.5), dpi=40)
    >>> fig = vis.plot(step=2)
    >>> trace.steps[2].kind, vis.caption_text.get_text() == trace.steps[2].message
    ('split', True)
    >>> [ax.get_title() for ax in vis.axes]
    ['Regions so far', 'Tree so far']
    """

    n_axes = 2
    default_figsize = (8.4, 4.6)
    options = {"features": None, "label_depth": None}

    # -- reading the trace ----------------------------------------------------

    def _read_trace(self, trace):
        name = type(self).__name__
        X, self._plane, y = plane_data(trace, self.features, name, labels=True)
        if self.label_depth is not None and not isinstance(self.label_depth, (int, np.integer)):
            raise ValueError(f"label_depth must be None or an int, got {self.label_depth!r}.")
        for position, step in enumerate(trace.steps):
            kind = "root" if position == 0 else "split"
            needed = _ROOT_KEYS if kind == "root" else _SPLIT_KEYS
            if step.kind != kind or any(key not in step.state for key in needed):
                raise ValueError(
                    f"{name} needs a 'root' step holding {', '.join(_ROOT_KEYS)}, then "
                    f"'split' steps also holding {', '.join(_SPLIT_KEYS[len(_ROOT_KEYS):])} "
                    f"(DecisionTreeClassifier traces); step {step.index} ({step.kind!r}) "
                    f"holds {sorted(step.state)}."
                )
        self._read_tree(trace.steps)
        criterion = getattr(trace.estimator, "criterion", None)
        self._criterion = "entropy" if criterion == "log_loss" else criterion or "impurity"

        classes, self._y = np.unique(y, return_inverse=True)
        names = getattr(trace.estimator, "classes_", classes)
        self.classes = names if len(names) == len(classes) else classes
        n_classes = self._value.shape[1]
        if len(self.classes) != n_classes:
            raise ValueError(
                f"y has {len(self.classes)} classes but the tree's nodes count "
                f"{n_classes}: the trace's data do not match its tree."
            )
        if self._boxes.shape[1] != X.shape[1]:
            raise ValueError(
                f"X has {X.shape[1]} features but the steps' boxes have "
                f"{self._boxes.shape[1]}: the trace's data do not match its tree."
            )
        self._colors = category_colors(n_classes)
        self._light = _light(self._colors)
        self._majority = np.argmax(self._value, axis=1)
        self._xy = X[:, self._plane]

        # The slice through the other features' means (all of the plane when d = 2).
        others = [f for f in range(X.shape[1]) if f not in self._plane]
        means = X[:, others].mean(axis=0)
        box = self._boxes[:, others]
        self._in_slice = np.all((box[:, :, 0] < means) & (means <= box[:, :, 1]), axis=1)
        in_plane = np.isin(self._feature, self._plane) & (self._left >= 0)
        self._drawable = in_plane & self._in_slice
        self._sliced = bool(others)

    def _read_tree(self, steps):
        """The whole tree, node by node, as the steps describe it.

        The root step gives node 0; each split step gives its node's
        question and its two new children (their sizes, class fractions and
        boxes). Nodes keep the steps' ids (numbered as created), and
        ``_split_pos[i]`` is the position of the step splitting node ``i``
        (``len(steps)`` for a leaf of the whole tree).
        """
        n_nodes = 2 * len(steps) - 1
        root = steps[0].state
        n_classes = np.size(root["value"])
        self._left, self._right = np.full(n_nodes, -1), np.full(n_nodes, -1)
        self._feature, self._threshold = np.full(n_nodes, -2), np.full(n_nodes, -2.0)
        self._value = np.zeros((n_nodes, n_classes))
        self._n_samples = np.zeros(n_nodes, dtype=int)
        self._boxes = np.zeros((n_nodes,) + np.shape(root["region"]))
        self._parent = np.full(n_nodes, -1)
        self._depth = np.zeros(n_nodes, dtype=int)
        self._split_pos = np.full(n_nodes, len(steps))
        self._value[0], self._n_samples[0] = root["value"], root["n_samples"]
        self._boxes[0] = root["region"]
        for position, step in enumerate(steps[1:], start=1):
            state = step.state
            i, left, right = (int(state[key]) for key in ("node", "left_child", "right_child"))
            created = 2 * position - 1      # the nodes so far, before this split's two
            if not (0 <= i < created and self._left[i] < 0
                    and (left, right) == (created, created + 1)):
                raise ValueError(
                    f"step {step.index} splits node {i} into nodes {left} and {right}, "
                    f"but after {position - 1} splits the tree has nodes 0 to "
                    f"{created - 1}, {i} is not a leaf of them, or the new nodes are not "
                    f"{created} and {created + 1}: the trace's steps are not one growth "
                    "of a tree, in order."
                )
            self._left[i], self._right[i] = left, right
            self._feature[i], self._threshold[i] = int(state["feature"]), state["threshold"]
            self._split_pos[i] = position
            for child, side in ((left, "_left"), (right, "_right")):
                self._value[child] = state["value" + side]
                self._n_samples[child] = state["n_samples" + side]
                self._boxes[child] = state["region" + side]
                self._parent[child] = i
                self._depth[child] = self._depth[i] + 1

        # The diagram: leaves one unit apart, left to right (depth-first, left
        # first), each parent above the middle of its children.
        order, stack = [], [0]
        while stack:
            i = stack.pop()
            order.append(i)
            if self._left[i] >= 0:
                stack += [self._right[i], self._left[i]]
        self._x = np.zeros(n_nodes)
        is_leaf = self._left[order] < 0
        self._x[np.asarray(order)[is_leaf]] = np.arange(is_leaf.sum())
        for i in reversed(order):
            if self._left[i] >= 0:
                self._x[i] = (self._x[self._left[i]] + self._x[self._right[i]]) / 2
        self._n_leaves = int(is_leaf.sum())

    # -- drawing --------------------------------------------------------------

    def _create_axes(self, fig):
        # The plane's panel carries tick labels, the tree's none: a little
        # less of the width to the plane keeps both tiles under 4.2 in.
        return tuple(fig.subplots(1, 2, gridspec_kw={"width_ratios": (0.88, 1)}))

    def _setup(self):
        ax_plane, ax_tree = self.axes
        ax_plane.xaxis.set_major_locator(MaxNLocator(5))
        ax_plane.yaxis.set_major_locator(MaxNLocator(5))
        self._setup_plane(ax_plane)
        self._setup_tree(ax_tree)

    def _setup_plane(self, ax):
        fi, fj = self._plane
        xlim, ylim = padded(self._xy[:, 0], 0.05), padded(self._xy[:, 1], 0.05)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        low = np.array([xlim[0], ylim[0]])
        high = np.array([xlim[1], ylim[1]])
        # Unbounded sides of the boxes end a little beyond the axes.
        margin = high - low
        box = np.clip(self._boxes[:, self._plane], (low - margin)[:, None],
                      (high + margin)[:, None])
        (x0, x1), (y0, y1) = box[:, 0].T, box[:, 1].T
        self._verts = np.stack([x0, y0, x1, y0, x1, y1, x0, y1], axis=1).reshape(-1, 4, 2)
        self._bounds = np.column_stack([x0, y0, x1 - x0, y1 - y0])
        # A split on the horizontal feature is a vertical line across its box,
        # and the other way round.
        t = self._threshold
        across = np.where((self._feature == fi)[:, None],
                          np.stack([t, y0, t, y1], axis=1), np.stack([x0, t, x1, t], axis=1))
        self._segments = across.reshape(-1, 2, 2)

        self._regions = self.animated(ax.add_collection(PolyCollection(
            [], edgecolors="none", linewidths=0, antialiased=False, zorder=0)))
        n = len(self._xy)
        self._points = self.animated(ax.scatter(
            self._xy[:, 0], self._xy[:, 1], c=self._colors[self._y],
            s=float(np.clip(3000 / max(n, 1), 6, 28)), edgecolors="#333333",
            linewidths=0.35, zorder=1))
        self._lines = self.animated(ax.add_collection(LineCollection(
            [], colors="#3a3a3a", linewidths=0.9, zorder=2)))
        self._outline = self.animated(ax.add_patch(Rectangle(
            (0, 0), 0, 0, fill=False, ec=REFERENCE, lw=1.3, ls=(0, (4, 3)), zorder=3)))
        self._newest = self.animated(ax.plot([], [], "-", color=REFERENCE, lw=3.2,
                                             solid_capstyle="butt", zorder=4)[0])
        self._note = self.animated(ax.text(
            0.5, 0.02, "", transform=ax.transAxes, ha="center", va="bottom",
            # Clipped: a text running into the next panel would be hidden by its
            # background in a full redraw but not in a blitted frame.
            fontsize=LEGEND_SIZE, zorder=6, clip_on=True,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.6", "alpha": 0.92}))

        handles = []
        if len(self.classes) <= 12:
            handles += [Line2D([], [], ls="", marker="o", ms=6, mfc=self._colors[k],
                               mec="#333333", mew=0.5, label=f"class {c}")
                        for k, c in enumerate(self.classes)]
        handles += [
            Patch(fc=self._light[0], ec="none", label="leaf region"),
            Line2D([], [], color=REFERENCE, lw=3, label="newest split"),
            Line2D([], [], color="#3a3a3a", lw=0.9, label="earlier splits"),
        ]
        corner = emptiest_corner(self._xy[:, 0], self._xy[:, 1], xlim, ylim)
        # Animated, so that it is drawn above the moving shades.
        self.animated(ax.legend(handles=handles, loc=corner, fontsize=LEGEND_SIZE,
                                framealpha=0.92))
        for spine in ax.spines.values():  # the frame, above the shades that reach it
            self.animated(spine)
        title = "Regions so far"
        if self._sliced:
            title += "\n(other features at their means)"
        label_axes(ax, title, f"x[{fi}]", f"x[{fj}]")

    def _node_texts(self):
        """Each node's label as a leaf and as an internal node."""
        counts = np.rint(self._value * self._n_samples[:, None]).astype(int)
        few = counts.shape[1] <= 3
        leaf = [f"class {self.classes[k]}\n" + (str(c.tolist()) if few else f"n = {n}")
                for k, c, n in zip(self._majority, counts, self._n_samples)]
        internal = [f"x[{j}] ≤ {t:.3g}" if j >= 0 else ""
                    for j, t in zip(self._feature, self._threshold)]
        return leaf, internal

    def _setup_tree(self, ax):
        ax.set_axis_off()
        ax.set_title("Tree so far", fontsize=TITLE_SIZE)
        self._leaf_text, self._internal_text = self._node_texts()
        labelled, diameter = self._scale_diagram(ax)
        xy = np.column_stack([self._x, -self._depth])
        self._has_parent = self._parent >= 0
        self._edge_segments = np.stack([xy[np.maximum(self._parent, 0)], xy], axis=1)
        self._edges = self.animated(ax.add_collection(LineCollection(
            [], colors="#8a8a8a", linewidths=1.0 if self._left.size <= 127 else 0.6,
            zorder=1)))
        self._child_edges = self.animated(ax.plot([], [], "-", color=REFERENCE, lw=2.4,
                                                  zorder=2)[0])
        # Every node's marker, in its final place; hidden ones are transparent.
        self._markers = self.animated(ax.scatter(
            xy[:, 0], xy[:, 1], s=diameter ** 2, facecolors=[_HIDDEN], edgecolors=[_HIDDEN],
            linewidths=1.0, zorder=3))
        self._ring = self.animated(ax.plot([], [], "o", ms=diameter + 7, mfc="none",
                                           mec=REFERENCE, mew=2.2, zorder=4)[0])
        # A label's box, where there is one, covers the node's marker.
        self._labels = {int(i): self.animated(ax.text(
            *xy[i], "", ha="center", va="center", fontsize=_NODE_SIZE, zorder=5,
            linespacing=1.15, visible=False,
            bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": _INTERNAL_EDGE, "lw": 0.8}))
            for i in labelled}
        # Which way is "x[j] <= t": beside the root's edges, once it is split.
        self._answers = []
        if self._left[0] >= 0:
            for child, word in ((self._left[0], "yes"), (self._right[0], "no")):
                where = 0.55 * xy[0] + 0.45 * xy[child]
                self._answers.append(self.animated(ax.text(
                    *where, word, ha="right" if word == "yes" else "left", va="bottom",
                    fontsize=_NODE_SIZE, fontstyle="italic", color="0.3", zorder=5)))
        self._info = self.animated(ax.text(
            0.0, 1.0, "", transform=ax.transAxes, ha="left", va="top", fontsize=_INFO_SIZE,
            linespacing=1.3, zorder=6))

    def _scale_diagram(self, ax):
        """Set the diagram's limits; return the nodes to label and the marker diameter.

        Works in points: the band for the description at the top, the levels
        below it, and the leaves side by side, each label as wide as its
        longest line. Labels go down the levels as long as neighbours on a
        level do not touch and each clears the level above.
        """
        if self.fig.get_layout_engine() is not None:
            # What fits depends on the panel's size: let the layout engine
            # place the panels first.
            self.fig.draw_without_rendering()
        box = ax.get_position()
        fig_w, fig_h = self.fig.get_size_inches()
        width_pt, height_pt = box.width * fig_w * 72, box.height * fig_h * 72
        longest = [max(len(line) for line in f"{leaf}\n{internal}".split("\n"))
                   for leaf, internal in zip(self._leaf_text, self._internal_text)]
        label_w = (0.6 * np.array(longest) + 0.8) * _NODE_SIZE
        label_h = (2 * 1.25 + 0.8) * _NODE_SIZE
        max_depth = int(self._depth.max())
        top_pt, bottom_pt = 2.6 * 1.3 * _INFO_SIZE + label_h / 2 + 4, label_h / 2 + 2
        unit_y = (height_pt - top_pt - bottom_pt) / max_depth if max_depth else height_pt / 3
        levels = [np.flatnonzero(self._depth == level) for level in range(max_depth + 1)]
        levels = [nodes[np.argsort(self._x[nodes])] for nodes in levels]

        def labelled_depth(pad_pt):
            unit_x = (width_pt - 2 * pad_pt) / max(self._n_leaves - 1, 1)
            if self.label_depth is not None:
                return int(self.label_depth), unit_x
            deepest = -1
            for level, nodes in enumerate(levels):
                gaps = np.diff(self._x[nodes]) * unit_x
                needed = (label_w[nodes[:-1]] + label_w[nodes[1:]]) / 2 + 6
                clears = unit_y >= (label_h + 4 if level else label_h / 2 + 8)
                if (unit_x <= 0 or not clears or np.any(gaps < needed)
                        or np.count_nonzero(self._depth <= level) > _MAX_LABELS):
                    break
                deepest = level
            return deepest, unit_x

        # First with room at the sides for the widest label, then for the widest shown.
        depth, _ = labelled_depth(label_w.max() / 2 + 4)
        labelled = np.flatnonzero(self._depth <= depth)
        pad_pt = (label_w[labelled].max() / 2 if labelled.size else 8) + 4
        depth, unit_x = labelled_depth(pad_pt)
        self.label_depth_ = depth
        if self._n_leaves > 1:
            ax.set_xlim(-pad_pt / unit_x, self._n_leaves - 1 + pad_pt / unit_x)
        else:
            ax.set_xlim(-1, 1)
        ax.set_ylim(-max_depth - bottom_pt / unit_y, top_pt / unit_y)

        gaps = [np.diff(self._x[nodes]).min() * unit_x for nodes in levels if nodes.size > 1]
        diameter = float(np.clip(min([0.7 * g for g in gaps] + [0.5 * unit_y]), 3, 13))
        return np.flatnonzero(self._depth <= depth), diameter

    def _update(self, step):
        node = int(step.state["node"])
        is_split = step.kind == "split"
        position = self.position(step)
        if position is None:  # a step from elsewhere: place it by its node
            position = int(self._split_pos[node]) if is_split else 0
        split_now = self._split_pos <= position
        visible = ~self._has_parent | split_now[np.maximum(self._parent, 0)]
        leaf_now = visible & ~split_now

        # The plane: leaf boxes, earlier splits, the newest split across its box.
        shown = np.flatnonzero(leaf_now & self._in_slice)
        self._regions.set_verts(self._verts[shown])
        self._regions.set_facecolor(self._light[self._majority[shown]])
        earlier = split_now & self._drawable
        earlier[node] = False
        self._lines.set_segments(self._segments[earlier])
        self._newest.set_visible(is_split and bool(self._drawable[node]))
        if self._newest.get_visible():
            self._newest.set_data(*self._segments[node].T)
        self._outline.set_visible(bool(self._in_slice[node]) and node != 0)
        self._outline.set_bounds(*self._bounds[node])
        note = ""
        if is_split and not self._drawable[node]:
            j = int(step.state["feature"])
            note = (f"this split tests x[{j}], not drawn in this plane" if j not in self._plane
                    else "this node's box lies off this slice")
        self._note.set_text(note)
        self._note.set_visible(bool(note))

        # The diagram.
        majority = self._majority
        face = np.where(leaf_now[:, None], self._light[majority], _INTERNAL_FACE)
        edge = np.where(leaf_now[:, None], self._colors[majority], _INTERNAL_EDGE)
        face[~visible] = _HIDDEN
        edge[~visible] = _HIDDEN
        self._markers.set_facecolors(face)
        self._markers.set_edgecolors(edge)
        self._edges.set_segments(self._edge_segments[visible & self._has_parent])
        for i, text in self._labels.items():
            text.set_visible(bool(visible[i]))
            patch = text.get_bbox_patch()
            if leaf_now[i]:
                text.set_text(self._leaf_text[i])
                patch.set_facecolor(self._light[majority[i]])
                patch.set_edgecolor(self._colors[majority[i]])
            else:
                text.set_text(self._internal_text[i])
                patch.set_facecolor(_INTERNAL_FACE)
                patch.set_edgecolor(_INTERNAL_EDGE)
            patch.set_linewidth(2.2 if i == node else 0.8)
            if i == node:
                patch.set_edgecolor(REFERENCE)
        x, y = self._x[node], -self._depth[node]
        self._ring.set_visible(node not in self._labels)
        self._ring.set_data([x], [y])
        if is_split:
            left, right = self._left[node], self._right[node]
            self._child_edges.set_data([self._x[left], x, self._x[right]],
                                       [y - 1, y, y - 1])
        self._child_edges.set_visible(is_split)
        for answer in self._answers:
            answer.set_visible(bool(split_now[0]))
        self._info.set_text(self._describe(step, node))

    def _describe(self, step, node):
        """The panel's description of the node just split (or of the root)."""
        state, name = step.state, self._criterion
        n = int(self._n_samples[node])
        if step.kind != "split":
            return f"root: one leaf of {n} samples\n{name} {float(state['impurity']):.3f}"
        j, t = int(state["feature"]), float(state["threshold"])
        left, right = self._left[node], self._right[node]
        return (f"node {node} (depth {self._depth[node]}) split on x[{j}] ≤ {t:.3g}\n"
                f"{name} {float(state['impurity']):.3f} → {float(state['impurity_after']):.3f}"
                f"   (n = {n} → {self._n_samples[left]} + {self._n_samples[right]})")
