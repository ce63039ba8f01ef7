"""The HTML player: a self-contained page (or fragment) that steps through frames.

Everything is inline: frames are base64 PNG images, the style and the script
sit in the fragment, and the file refers to no URL (but the optional GIF
shown when scripts are off), so it works offline, from a gallery page or in
a notebook. Several players on one page do not collide: each fragment has its
own random id, its script finds its player by that id, and nothing is added
to the page's global scope.

**Light frames.** A run is stored as one background image (the pixels most
frames share) and, per frame, a PNG of only the pixels that differ from it;
the rest of the frame is transparent. The player stacks the frame on the
background, so what is shown is exactly the rendered frame (palette colours
are the GIF's), at a fraction of the bytes of whole frames.

**Frames for the page.** A figure W inches wide is shown W x 96 CSS pixels
wide (the density of the screen is served by rendering at a higher dpi),
scaled down only when the page is narrower. The frame is cut into one tile per
panel (the cuts lie in the gaps between the panels' bounding boxes); the
tiles sit in a row when the row fits with its smallest text at least 11 CSS
pixels high, and are stacked in a column otherwise, as on a phone.

**Several runs.** ``mode="vary"``: the player holds one run per setting of
one or two hyperparameters and a slider per parameter switches between them,
keeping the step position. ``mode="side"``: all the runs are shown at once,
stepping together on one timeline (each run's ``timeline`` says which of its
frames is shown at each position).

The frames are written one by one as they are encoded (each run's frames
are an iterator), so a long animation never sits in memory as a whole.
"""

import base64
import html
import json
import secrets
from dataclasses import dataclass, field

__all__ = ["PlayerRun", "write_player", "MIN_TEXT_PX", "SPEEDS"]

# The smallest text the player lets a frame show, in CSS pixels: below it, a
# row of panels is stacked into a column.
MIN_TEXT_PX = 11
# Playback speeds offered, as factors of the frames' own durations.
SPEEDS = (0.25, 0.5, 1, 2, 4)


@dataclass
class PlayerRun:
    """One recorded run, as the player needs it.

    Attributes
    ----------
    background : bytes
        PNG of the pixels most frames share.
    frames : iterable of bytes
        Per frame, a PNG of the same size, transparent where the frame
        equals the background.
    captions : list of str
        The step's message, per frame.
    durations : list of int
        How long each frame is shown while playing, in milliseconds.
    width, height : int
        Frame size in pixels.
    density : float
        Image pixels per CSS pixel (the figure's dpi / 96).
    tiles : list of (int, int)
        The panels' columns, as pixel ranges [x0, x1) covering the width.
    clip : int
        Height in pixels of the part the tiles show (the figure's caption band
        below it is left out: the player writes the caption as text).
    min_font : float
        The smallest font size in the frame, in image pixels.
    label : str
        The run's name (a setting, an estimator), shown in "side" mode.
    timeline : list of int, optional
        "side" mode: the frame shown at each position of the shared timeline.
    choice : tuple of int, optional
        "vary" mode: the position of this run's value of each parameter.
    """

    background: bytes
    frames: object
    captions: list
    durations: list
    width: int
    height: int
    density: float
    tiles: list
    clip: int
    min_font: float
    label: str = ""
    timeline: list = None
    choice: tuple = field(default_factory=tuple)


_STYLE = """\
<style>
.skratch-player{display:block;max-width:100%;color:#1d1d1f;font-size:15px;
  font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.skratch-player:focus{outline:2px solid #4a7bd0;outline-offset:2px}
.skratch-player [hidden]{display:none !important}
.skratch-player .skratch-run{position:relative;max-width:100%}
.skratch-player .skratch-run img{display:block;width:100%;height:auto}
.skratch-player .skratch-run img.skratch-frame{position:absolute;left:0;top:0}
.skratch-player noscript img{display:block;max-width:100%;height:auto}
.skratch-player .skratch-stage{display:flex;flex-direction:column;gap:.6em}
.skratch-player .skratch-stage.skratch-inline{flex-direction:row;flex-wrap:nowrap}
.skratch-player .skratch-group-label{font-weight:600;margin:0 0 .2em}
.skratch-player .skratch-tiles{display:flex;flex-wrap:nowrap}
.skratch-player .skratch-tiles.skratch-column{flex-direction:column;gap:.4em}
.skratch-player .skratch-tile{position:relative;overflow:hidden;flex:none}
.skratch-player .skratch-tile img{position:absolute;top:0;max-width:none}
.skratch-player .skratch-caption{margin:.4em 0;min-height:1.4em;white-space:pre-line}
.skratch-player .skratch-controls,.skratch-player .skratch-choosers{display:flex;
  flex-wrap:wrap;align-items:center;gap:.4em;margin:.3em 0}
.skratch-player button,.skratch-player select{min-width:2.4em;min-height:2.2em;font-size:1em;
  cursor:pointer;border:1px solid #8a8a8e;border-radius:4px;background:#f5f5f7;color:#1d1d1f}
.skratch-player button:hover{background:#e4e4e8}
.skratch-player input.skratch-slider{flex:1;min-width:6em}
.skratch-player .skratch-counter{font-variant-numeric:tabular-nums;white-space:nowrap}
.skratch-player .skratch-choosers label{display:flex;align-items:center;gap:.4em;flex:1;
  min-width:14em}
.skratch-player .skratch-choosers input{flex:1}
.skratch-player output{font-variant-numeric:tabular-nums;min-width:4em}
</style>
"""

# The player's behaviour. "__ID__" is replaced by the player's id and
# "__MIN_TEXT__" by MIN_TEXT_PX; the function keeps every name local, so
# scripts of several players coexist.
_SCRIPT = """\
<script>
(function () {
  var root = document.getElementById("__ID__");
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var MIN_TEXT = __MIN_TEXT__;
  var mode = root.getAttribute("data-mode");
  function numbers(text, separator) { return text.split(separator).map(Number); }
  var runs = Array.prototype.map.call(root.querySelectorAll(".skratch-run"), function (el) {
    function num(name) { return parseFloat(el.getAttribute("data-" + name)); }
    return {
      label: el.getAttribute("data-label") || "",
      background: el.querySelector("img.skratch-background").getAttribute("src"),
      frames: el.querySelectorAll("img.skratch-frame"),
      width: num("width"), clip: num("clip"), density: num("density"),
      minFont: num("min-font"),
      tiles: el.getAttribute("data-tiles").split(" ").map(function (t) { return numbers(t, ","); }),
      timeline: el.hasAttribute("data-timeline") ? numbers(el.getAttribute("data-timeline"), ",") : null,
      choice: el.getAttribute("data-choice") || ""
    };
  });
  var stage = root.querySelector(".skratch-stage");
  var caption = root.querySelector(".skratch-caption");
  var counter = root.querySelector(".skratch-counter");
  var slider = root.querySelector("input.skratch-slider");
  var speed = root.querySelector("select.skratch-speed");
  var playButton = root.querySelector("button[data-skratch-action=play]");
  var choosers = Array.prototype.slice.call(root.querySelectorAll("input.skratch-choose"));
  var reducedMotion = !!(window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var active = mode === "side" ? runs : [runs[0]];
  var groups = [];
  var current = 0;
  var timer = null;

  function length() {
    return Math.max.apply(null, active.map(function (run) {
      return run.timeline ? run.timeline.length : run.frames.length; }));
  }
  function frameOf(run, i) {
    if (run.timeline) { return run.timeline[Math.min(i, run.timeline.length - 1)]; }
    return Math.min(i, run.frames.length - 1);
  }

  // The stage: per shown run, its tiles, each an overflow-hidden window on
  // the background and the current frame stacked at the same place.
  function build() {
    stage.textContent = "";
    groups = active.map(function (run) {
      var group = document.createElement("div");
      group.className = "skratch-group";
      if (mode === "side" && run.label) {
        var label = document.createElement("p");
        label.className = "skratch-group-label";
        label.textContent = run.label;
        group.appendChild(label);
      }
      var row = document.createElement("div");
      row.className = "skratch-tiles";
      group.appendChild(row);
      var tiles = run.tiles.map(function (range, t) {
        var tile = document.createElement("div");
        tile.className = "skratch-tile";
        var back = document.createElement("img");
        back.src = run.background;
        back.alt = "";
        var front = document.createElement("img");
        front.className = "skratch-shown";
        front.alt = "";
        tile.appendChild(back);
        tile.appendChild(front);
        row.appendChild(tile);
        return { el: tile, back: back, front: front, x0: range[0], x1: range[1] };
      });
      stage.appendChild(group);
      return { run: run, row: row, tiles: tiles };
    });
    layout();
  }

  // Row or column: a row of tiles when it fits the width with its smallest
  // text at least MIN_TEXT CSS pixels; each tile alone otherwise.
  function layout() {
    var width = stage.clientWidth || root.clientWidth || 600;
    function natural(group) {
      return (group.run.width / group.run.density);
    }
    function textAt(group, scale) { return group.run.minFont / group.run.density * scale; }
    var total = groups.reduce(function (sum, g) { return sum + natural(g); }, 0);
    var inline = groups.length > 1 && groups.every(function (g) {
      return textAt(g, Math.min(1, width / total)) >= MIN_TEXT; });
    stage.classList.toggle("skratch-inline", inline);
    var layouts = [];
    groups.forEach(function (g) {
      var room = inline ? width * natural(g) / total : width;
      var scaleRow = Math.min(1, room / natural(g));
      var asRow = g.tiles.length === 1 || textAt(g, scaleRow) >= MIN_TEXT;
      g.row.classList.toggle("skratch-column", !asRow);
      layouts.push(asRow ? "row" : "column");
      g.tiles.forEach(function (tile) {
        var tileWidth = (tile.x1 - tile.x0) / g.run.density;
        var scale = asRow ? scaleRow : Math.min(1, room / tileWidth);
        var perPixel = scale / g.run.density;
        tile.el.style.width = ((tile.x1 - tile.x0) * perPixel) + "px";
        tile.el.style.height = (g.run.clip * perPixel) + "px";
        [tile.back, tile.front].forEach(function (img) {
          img.style.width = (g.run.width * perPixel) + "px";
          img.style.left = (-tile.x0 * perPixel) + "px";
        });
      });
    });
    stage.setAttribute("data-layout", layouts.join(" "));
  }

  function show(i) {
    var n = length();
    i = Math.max(0, Math.min(n - 1, i));
    current = i;
    var texts = [];
    groups.forEach(function (g) {
      var frame = g.run.frames[frameOf(g.run, i)];
      var text = frame.getAttribute("data-caption");
      g.tiles.forEach(function (tile, t) {
        tile.front.src = frame.getAttribute("src");
        tile.front.alt = t === 0 ? (g.run.label ? g.run.label + ": " : "") + text : "";
      });
      texts.push(mode === "side" && g.run.label ? g.run.label + ": " + text : text);
    });
    caption.textContent = texts.join("\\n");
    counter.textContent = "Frame " + (i + 1) + " / " + n;
    slider.max = String(n - 1);
    slider.value = String(i);
    slider.setAttribute("aria-valuetext", "Frame " + (i + 1) + " of " + n + ": " + texts.join("; "));
  }
  function duration(i) {
    var longest = 0;
    active.forEach(function (run) {
      var ms = parseFloat(run.frames[frameOf(run, i)].getAttribute("data-duration"));
      longest = Math.max(longest, ms);
    });
    return longest / parseFloat(speed.value);
  }
  function pause() {
    if (timer !== null) { clearTimeout(timer); timer = null; }
    playButton.textContent = "\\u25B6";
    playButton.setAttribute("aria-label", "Play");
    caption.setAttribute("aria-live", "polite");
  }
  function tick() {
    if (current >= length() - 1) { pause(); return; }
    show(current + 1);
    timer = setTimeout(tick, duration(current));
  }
  function play() {
    if (current >= length() - 1) { show(0); }
    // Announcing every frame while playing would drown the reader.
    caption.setAttribute("aria-live", "off");
    playButton.textContent = "\\u275A\\u275A";
    playButton.setAttribute("aria-label", "Pause");
    timer = setTimeout(tick, duration(current));
  }
  function toggle() { if (timer === null) { play(); } else { pause(); } }
  function step(by) { pause(); show(current + by); }

  function button(action) {
    return root.querySelector("button[data-skratch-action=" + action + "]");
  }
  button("previous").addEventListener("click", function () { step(-1); });
  button("next").addEventListener("click", function () { step(1); });
  playButton.addEventListener("click", toggle);
  slider.addEventListener("input", function () { pause(); show(parseInt(slider.value, 10)); });
  speed.addEventListener("change", function () {
    if (timer !== null) { clearTimeout(timer); timer = setTimeout(tick, duration(current)); }
  });
  choosers.forEach(function (chooser) {
    var output = root.querySelector("output[for=" + chooser.id + "]");
    var values = JSON.parse(chooser.getAttribute("data-values"));
    chooser.addEventListener("input", function () {
      output.textContent = values[parseInt(chooser.value, 10)];
      chooser.setAttribute("aria-valuetext", output.textContent);
      var wanted = choosers.map(function (c) { return c.value; }).join(",");
      var run = runs.filter(function (r) { return r.choice === wanted; })[0];
      if (!run) { return; }
      active = [run];
      build();
      show(current);  // the same step position, clamped to the run's length
    });
  });
  root.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName;
    // Sliders move themselves on arrow keys; buttons and menus act on Space.
    if (tag === "INPUT" && event.key !== " ") { return; }
    if ((tag === "BUTTON" || tag === "SELECT") && (event.key === " " || event.key === "Enter")) {
      return;
    }
    if (tag === "SELECT") { return; }
    var n = length();
    if (event.key === " " || event.key === "k") { toggle(); }
    else if (event.key === "ArrowRight") { step(1); }
    else if (event.key === "ArrowLeft") { step(-1); }
    else if (event.key === "Home") { step(-current); }
    else if (event.key === "End") { step(n - 1 - current); }
    else { return; }
    event.preventDefault();  // Space must not scroll the page
  });

  root.querySelector(".skratch-runs").hidden = true;
  stage.hidden = false;
  caption.hidden = false;
  Array.prototype.forEach.call(root.querySelectorAll(".skratch-needs-script"),
                               function (el) { el.hidden = false; });
  build();
  show(0);
  if (window.ResizeObserver) {
    var lastWidth = stage.clientWidth;
    new ResizeObserver(function () {
      if (stage.clientWidth !== lastWidth) { lastWidth = stage.clientWidth; layout(); }
    }).observe(stage);
  } else {
    window.addEventListener("resize", layout);
  }
  if (root.hasAttribute("data-autoplay") && !reducedMotion) { play(); }
})();
</script>
"""


def _uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _format(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def write_player(out, runs, *, title="Skratch animation", full_page=True, mode="single",
                 parameters=(), gif_src=None, script_only=False, autoplay=False,
                 progress=None):
    """Write the player to ``out``, a text file object.

    Parameters
    ----------
    out : text file object
    runs : list of PlayerRun
        One run for ``mode="single"``; several for "vary" and "side".
    title : str
        The page title and the player's accessible name.
    full_page : bool, default=True
        A complete HTML document, or only the player's fragment (a ``<div>``
        with its style and script) to embed in another page.
    mode : {"single", "vary", "side"}, default="single"
        One run; one run at a time, chosen with a slider per parameter; all
        runs at once on one timeline.
    parameters : sequence of (str, list), default=()
        "vary" mode: each parameter's name and values, in the order of the
        runs' ``choice``.
    gif_src : str, optional
        URL of the animation's GIF, shown instead of the player's first frame
        when the browser runs no script.
    script_only : bool, default=False
        Show nothing when the browser runs no script (the page around the
        player gives its own fallback, such as the GIF). By default the
        first frame shows, or the GIF of ``gif_src``.
    autoplay : bool, default=False
        Start playing once loaded, unless the reader asks for reduced motion.
    progress : callable, optional
        Called as ``progress(i, n)`` after frame ``i`` (from 1) of ``n``, all
        runs counted.
    """
    if mode not in ("single", "vary", "side"):
        raise ValueError(f"mode must be 'single', 'vary' or 'side', got {mode!r}")
    if not runs or (mode == "single" and len(runs) != 1):
        raise ValueError(f"a {mode!r} player needs {'one run' if mode == 'single' else 'runs'}, "
                         f"got {len(runs)}")
    player_id = "skratch-player-" + secrets.token_hex(6)
    escape = html.escape
    n_total = sum(len(run.captions) for run in runs)
    if full_page:
        out.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                  '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                  f"<title>{escape(title)}</title>\n</head>\n<body>\n")
    out.write(_STYLE)
    out.write(f'<div class="skratch-player" id="{player_id}" tabindex="0" role="group" '
              f'aria-label="{escape(title)}: animation player. Space plays and pauses, '
              f'arrow keys step, Home and End go to the first and last frame" '
              f'data-mode="{mode}"{" data-autoplay" if autoplay else ""}>\n')
    without_frames = bool(gif_src) or script_only
    out.write(f'<div class="skratch-runs"{" hidden" if without_frames else ""}>\n')
    written = 0
    for r, run in enumerate(runs):
        n_frames = len(run.captions)
        if len(run.durations) != n_frames:
            raise ValueError(f"run {r} has {len(run.durations)} durations for "
                             f"{n_frames} captions")
        tiles = " ".join(f"{int(x0)},{int(x1)}" for x0, x1 in run.tiles)
        attributes = (f'data-width="{int(run.width)}" data-height="{int(run.height)}" '
                      f'data-density="{run.density:.6g}" data-clip="{int(run.clip)}" '
                      f'data-min-font="{run.min_font:.4g}" data-tiles="{tiles}" '
                      f'data-label="{escape(run.label)}"')
        if run.timeline is not None:
            attributes += f' data-timeline="{",".join(str(int(i)) for i in run.timeline)}"'
        if run.choice:
            attributes += f' data-choice="{",".join(str(int(i)) for i in run.choice)}"'
        out.write(f'<div class="skratch-run" {attributes}{" hidden" if r else ""}>\n')
        out.write(f'<img class="skratch-background" src="{_uri(run.background)}" alt="">\n')
        count = 0
        for i, (image, caption, ms) in enumerate(zip(run.frames, run.captions, run.durations)):
            text = escape(caption)
            out.write(f'<img class="skratch-frame" src="{_uri(image)}" '
                      f'alt="Frame {i + 1} of {n_frames}: {text}" data-caption="{text}" '
                      f'data-duration="{int(ms)}"{"" if i == 0 else " hidden"}>\n')
            count += 1
            written += 1
            if progress is not None:
                progress(written, n_total)
        if count != n_frames:
            raise ValueError(f"the player got {count} frames for {n_frames} captions")
        out.write("</div>\n")
    out.write("</div>\n")
    if gif_src:
        out.write(f'<noscript><img src="{escape(gif_src)}" '
                  f'alt="{escape(title)}: animation of {len(runs[0].captions)} steps, ending: '
                  f'{escape(runs[0].captions[-1])}"></noscript>\n')
    if mode == "vary":
        out.write('<div class="skratch-choosers skratch-needs-script" hidden>\n')
        for p, (name, values) in enumerate(parameters):
            chooser_id = f"{player_id}-p{p}"
            shown = [_format(v) for v in values]
            out.write(f'<label>{escape(str(name))} '
                      f'<input type="range" class="skratch-choose" id="{chooser_id}" min="0" '
                      f'max="{len(values) - 1}" step="1" value="0" '
                      f'aria-valuetext="{escape(shown[0])}" '
                      f"data-values='{escape(json.dumps(shown))}'>"
                      f'<output for="{chooser_id}">{escape(shown[0])}</output></label>\n')
        out.write("</div>\n")
    out.write('<div class="skratch-stage" hidden></div>\n')
    out.write(f'<p class="skratch-caption" aria-live="polite"{" hidden" if without_frames else ""}>'
              f'{escape(runs[0].captions[0])}</p>\n'
              '<div class="skratch-controls skratch-needs-script" hidden>\n'
              '<button type="button" data-skratch-action="previous" '
              'aria-label="Previous step" title="Previous step (left arrow)">|&#x25C0;</button>\n'
              '<button type="button" data-skratch-action="play" '
              'aria-label="Play" title="Play / pause (space)">&#x25B6;</button>\n'
              '<button type="button" data-skratch-action="next" '
              'aria-label="Next step" title="Next step (right arrow)">&#x25B6;|</button>\n'
              f'<input type="range" class="skratch-slider" min="0" '
              f'max="{max(len(run.captions) for run in runs) - 1}" '
              'step="1" value="0" aria-label="Frame">\n'
              f'<span class="skratch-counter">Frame 1 / {len(runs[0].captions)}</span>\n'
              '<select class="skratch-speed" aria-label="Speed" title="Speed">'
              + "".join(f'<option value="{s:g}"{" selected" if s == 1 else ""}>{s:g}&#xd7;</option>'
                        for s in SPEEDS)
              + "</select>\n</div>\n</div>\n")
    out.write(_SCRIPT.replace("__ID__", player_id).replace("__MIN_TEXT__", str(MIN_TEXT_PX)))
    if full_page:
        out.write("</body>\n</html>\n")
