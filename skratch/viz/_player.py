"""The HTML player: a self-contained page (or fragment) that steps through frames.

Everything is inline: frames are base64 PNG images, the style and the script
sit in the fragment, and the file refers to no URL at all, so it works
offline, from a gallery page or in a notebook. Several players on one page do
not collide: each fragment has its own random id, its script finds its player
by that id, and nothing is added to the page's global scope.

The frames are written one by one as they are rendered (:func:`write_player`
takes an iterator), so a long animation never sits in memory as a whole.
"""

import base64
import html
import secrets

__all__ = ["write_player"]

_STYLE = """\
<style>
.skratch-player{display:inline-block;max-width:100%;color:#1d1d1f;font-size:15px;
  font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.skratch-player:focus{outline:2px solid #4a7bd0;outline-offset:2px}
.skratch-player img.skratch-frame{display:block;max-width:100%;height:auto}
.skratch-player img.skratch-frame[hidden]{display:none}
.skratch-player .skratch-caption{margin:.4em 0;min-height:1.4em}
.skratch-player .skratch-controls{display:flex;align-items:center;gap:.4em}
.skratch-player button{min-width:2.4em;min-height:2.2em;font-size:1em;cursor:pointer;
  border:1px solid #8a8a8e;border-radius:4px;background:#f5f5f7;color:#1d1d1f}
.skratch-player button:hover{background:#e4e4e8}
.skratch-player input[type=range]{flex:1;min-width:6em}
.skratch-player .skratch-counter{font-variant-numeric:tabular-nums;white-space:nowrap}
</style>
"""

# The player's behaviour. "__ID__" is replaced by the player's id; the
# function keeps every name local, so scripts of several players coexist.
_SCRIPT = """\
<script>
(function () {
  var root = document.getElementById("__ID__");
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var frames = root.querySelectorAll("img.skratch-frame");
  var caption = root.querySelector(".skratch-caption");
  var counter = root.querySelector(".skratch-counter");
  var slider = root.querySelector("input.skratch-slider");
  var playButton = root.querySelector("button[data-skratch-action=play]");
  var delay = 1000 / parseFloat(root.getAttribute("data-fps"));
  var last = frames.length - 1;
  var current = 0;
  var timer = null;

  function show(i) {
    i = Math.max(0, Math.min(last, i));
    frames[current].hidden = true;
    frames[i].hidden = false;
    current = i;
    var text = frames[i].getAttribute("data-caption");
    caption.textContent = text;
    counter.textContent = "Frame " + (i + 1) + " / " + frames.length;
    slider.value = String(i);
    slider.setAttribute("aria-valuetext",
                        "Frame " + (i + 1) + " of " + frames.length + ": " + text);
  }
  function pause() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.textContent = "\\u25B6";
    playButton.setAttribute("aria-label", "Play");
  }
  function play() {
    if (current === last) { show(0); }
    timer = setInterval(function () {
      if (current >= last) { pause(); } else { show(current + 1); }
    }, delay);
    playButton.textContent = "\\u275A\\u275A";
    playButton.setAttribute("aria-label", "Pause");
  }
  function step(by) { pause(); show(current + by); }

  function button(action) {
    return root.querySelector("button[data-skratch-action=" + action + "]");
  }
  button("previous").addEventListener("click", function () { step(-1); });
  button("next").addEventListener("click", function () { step(1); });
  playButton.addEventListener("click", function () {
    if (timer === null) { play(); } else { pause(); }
  });
  slider.addEventListener("input", function () { pause(); show(parseInt(slider.value, 10)); });
  root.addEventListener("keydown", function (event) {
    // The slider moves itself on arrow keys; stepping here too would skip frames.
    if (event.target === slider) { return; }
    if (event.key === "ArrowRight") { step(1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { step(-1); event.preventDefault(); }
    else if (event.key === "Home") { step(-current); event.preventDefault(); }
    else if (event.key === "End") { step(last - current); event.preventDefault(); }
  });
  show(0);
})();
</script>
"""


def write_player(out, images, captions, *, fps, title="Skratch animation",
                 full_page=True, progress=None):
    """Write the player to ``out``, a text file object.

    Parameters
    ----------
    out : text file object
    images : iterable of bytes
        The frames as PNG files, consumed one at a time.
    captions : list of str
        One caption per frame (the step's message).
    fps : float
        Frames per second while playing.
    title : str
        The page title and the player's accessible name.
    full_page : bool, default=True
        A complete HTML document, or only the player's fragment (a ``<div>``
        with its style and script) to embed in another page.
    progress : callable, optional
        Called as ``progress(i, n)`` after frame ``i`` (from 1) of ``n``.
    """
    player_id = "skratch-player-" + secrets.token_hex(6)
    n_frames = len(captions)
    escape = html.escape
    if full_page:
        out.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                  '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                  f"<title>{escape(title)}</title>\n</head>\n<body>\n")
    out.write(_STYLE)
    out.write(f'<div class="skratch-player" id="{player_id}" tabindex="0" role="group" '
              f'aria-label="{escape(title)}: animation player; arrow keys step" '
              f'data-fps="{float(fps):g}">\n')
    written = 0
    for i, (image, caption) in enumerate(zip(images, captions)):
        text = escape(caption)
        uri = "data:image/png;base64," + base64.b64encode(image).decode("ascii")
        out.write(f'<img class="skratch-frame" src="{uri}" '
                  f'alt="Frame {i + 1} of {n_frames}: {text}" data-caption="{text}"'
                  f'{"" if i == 0 else " hidden"}>\n')
        written += 1
        if progress is not None:
            progress(written, n_frames)
    if written != n_frames:
        raise ValueError(f"the player got {written} frames for {n_frames} captions")
    out.write(f'<p class="skratch-caption" aria-live="polite">{escape(captions[0])}</p>\n'
              '<div class="skratch-controls">\n'
              '<button type="button" data-skratch-action="previous" '
              'aria-label="Previous step" title="Previous step">|&#x25C0;</button>\n'
              '<button type="button" data-skratch-action="play" '
              'aria-label="Play" title="Play / pause">&#x25B6;</button>\n'
              '<button type="button" data-skratch-action="next" '
              'aria-label="Next step" title="Next step">&#x25B6;|</button>\n'
              f'<input type="range" class="skratch-slider" min="0" max="{n_frames - 1}" '
              'step="1" value="0" aria-label="Frame">\n'
              f'<span class="skratch-counter">Frame 1 / {n_frames}</span>\n'
              "</div>\n</div>\n")
    out.write(_SCRIPT.replace("__ID__", player_id))
    if full_page:
        out.write("</body>\n</html>\n")
