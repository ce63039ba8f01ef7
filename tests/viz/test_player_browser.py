"""The HTML player in headless Chromium: keys, speed, layout by width, reduced motion, no script.

Standalone player pages (no site build) are opened through Playwright with
Debian's chromium (``.ci/run`` installs it); without either the tests are
skipped, saying so.
"""

import os

import numpy as np
import pytest

from skratch.datasets import make_blobs
from skratch.viz import animate
from skratch.viz._player import MIN_TEXT_PX, write_player

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip("chromium not installed: player browser test skipped; .ci/run installs it",
                allow_module_level=True)
sync_playwright = pytest.importorskip(
    "playwright.sync_api", reason="playwright not installed: player browser test skipped; "
    "pip install -e '.[test]' installs it").sync_playwright


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def player_page(tmp_path_factory):
    """A k-means player (two panels), with a tall page so that Space could scroll."""
    from skratch.cluster import KMeans

    X, _ = make_blobs(n_samples=200, centers=4, random_state=2)
    anim = animate(KMeans(n_clusters=4, init="random", n_init=1, random_state=3), X,
                   max_frames=12, dpi=96)
    path = tmp_path_factory.mktemp("player") / "kmeans.html"
    fragment = anim.to_html(full_page=False)
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
                    f"</head><body>{fragment}<div style='height:3000px'></div></body></html>",
                    encoding="utf-8")
    return path, anim


def _open(browser, path, width=1280, **context):
    page = browser.new_context(viewport={"width": width, "height": 800}, **context).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    return page, errors


def _counter(page):
    return page.locator(".skratch-counter").text_content()


def test_keys_step_play_and_never_scroll(browser, player_page):
    path, anim = player_page
    page, errors = _open(browser, path)
    player = page.locator(".skratch-player")
    player.focus()
    page.keyboard.press("ArrowRight")
    assert _counter(page).startswith("Frame 2 /")
    page.keyboard.press("End")
    assert _counter(page) == f"Frame {anim.n_frames} / {anim.n_frames}"
    page.keyboard.press("Home")
    assert _counter(page).startswith("Frame 1 /")
    page.keyboard.press("ArrowLeft")
    assert _counter(page).startswith("Frame 1 /")
    before = page.evaluate("window.scrollY")
    page.keyboard.press("Space")
    assert page.evaluate("window.scrollY") == before, "Space scrolled the page"
    assert page.get_by_role("button", name="Pause").count() == 1
    page.wait_for_function("document.querySelector('.skratch-counter').textContent"
                           ".startsWith('Frame 2')", timeout=5000)
    page.keyboard.press("Space")
    assert page.get_by_role("button", name="Play").count() == 1
    shown = page.locator("img.skratch-shown").first
    assert shown.get_attribute("alt") == page.locator(".skratch-caption").text_content()
    assert errors == []


def test_speed_control_changes_the_playing_rate(browser, player_page):
    path, anim = player_page
    page, errors = _open(browser, path)
    page.locator("select.skratch-speed").select_option("4")
    start = page.evaluate("performance.now()")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.querySelector('.skratch-counter').textContent"
                           f".startsWith('Frame {anim.n_frames} ')", timeout=20000)
    fast = page.evaluate("performance.now()") - start
    durations = [int(d) for d in page.eval_on_selector_all(
        ".skratch-run img.skratch-frame", "imgs => imgs.map(i => i.dataset.duration)")]
    # At 4x the run takes about a quarter of its durations (never all of them).
    assert fast < 0.6 * sum(durations[:-1])
    assert errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_text_in_frames_is_readable_at_its_shown_size(browser, player_page, width):
    path, _ = player_page
    page, errors = _open(browser, path, width)
    layout, smallest = page.evaluate("""() => {
        const run = document.querySelector('.skratch-run');
        const img = document.querySelector('img.skratch-shown');
        const shown = img.getBoundingClientRect().width / img.naturalWidth;
        return [document.querySelector('.skratch-stage').dataset.layout,
                parseFloat(run.dataset.minFont) * shown]; }""")
    # The player chose its layout by width: a row only when its text stays readable.
    if layout == "row":
        assert smallest >= MIN_TEXT_PX
    tiles = page.eval_on_selector_all(".skratch-tile", "ts => ts.map(t => t.getBoundingClientRect().right)")
    assert max(tiles) <= width + 0.5, "a tile sticks out of the page"
    assert errors == []


def test_reduced_motion_stops_autoplay(browser, tmp_path):
    X, _ = make_blobs(n_samples=60, centers=3, random_state=0)
    from skratch.cluster import KMeans

    anim = animate(KMeans(n_clusters=3, init="random", n_init=1, random_state=1), X,
                   max_frames=6, dpi=40)
    path = tmp_path / "auto.html"
    with open(path, "w", encoding="utf-8") as out:
        write_player(out, [anim.player_run()], autoplay=True)
    moving, _ = _open(browser, path)
    moving.wait_for_function("!document.querySelector('.skratch-counter').textContent"
                             ".startsWith('Frame 1 ')", timeout=5000)
    still, errors = _open(browser, path, reduced_motion="reduce")
    still.wait_for_timeout(1500)
    assert _counter(still).startswith("Frame 1 /")
    assert still.get_by_role("button", name="Play").count() == 1
    assert errors == []


def test_without_scripts_the_first_frame_shows(browser, player_page):
    path, anim = player_page
    page, _ = _open(browser, path, java_script_enabled=False)
    visible = page.locator(".skratch-run img:visible")
    assert visible.count() == 2  # the background and frame 1 on it
    assert page.locator(".skratch-controls:visible").count() == 0
    assert page.locator(".skratch-caption").text_content() == anim.frame_steps[0].message


def _kmeans_runs(seeds, frames):
    from skratch.cluster import KMeans

    X, _ = make_blobs(n_samples=80, centers=3, random_state=0)
    return [animate(KMeans(n_clusters=3, init="random", n_init=1, random_state=seed), X,
                    max_frames=frames, dpi=40) for seed in seeds]


def test_a_vary_player_switches_runs_and_keeps_the_step(browser, tmp_path):
    anims = _kmeans_runs([1, 4], 6)
    runs = [anim.player_run(choice=(i,)) for i, anim in enumerate(anims)]
    path = tmp_path / "vary.html"
    with open(path, "w", encoding="utf-8") as out:
        write_player(out, runs, mode="vary", parameters=[("random_state", [1, 4])])
    page, errors = _open(browser, path)
    page.get_by_role("button", name="Next step").click()
    first_src = page.locator("img.skratch-shown").first.get_attribute("src")
    chooser = page.locator("input.skratch-choose")
    chooser.fill("1")  # moves the range input and fires its input event
    assert page.locator("output").text_content() == "4"
    assert _counter(page).startswith("Frame 2 /")
    shown = page.locator("img.skratch-shown").first
    assert shown.get_attribute("src") != first_src
    assert page.locator(".skratch-caption").text_content() == anims[1].frame_steps[1].message
    assert errors == []


def test_a_side_by_side_player_steps_its_runs_together(browser, tmp_path):
    anims = _kmeans_runs([1, 4], 5)
    n = max(a.n_frames for a in anims)
    runs = [anim.player_run(label=f"seed {s}",
                            timeline=[min(i, anim.n_frames - 1) for i in range(n)])
            for s, anim in zip((1, 4), anims)]
    path = tmp_path / "side.html"
    with open(path, "w", encoding="utf-8") as out:
        write_player(out, runs, mode="side")
    page, errors = _open(browser, path)
    assert page.locator(".skratch-group").count() == 2
    assert page.locator(".skratch-group-label").all_text_contents() == ["seed 1", "seed 4"]
    page.get_by_role("button", name="Next step").click()
    caption = page.locator(".skratch-caption").text_content().split("\n")
    assert caption == [f"seed {s}: {a.frame_steps[1].message}" for s, a in zip((1, 4), anims)]
    page.keyboard.press("End")  # focus is on the player's button: End is the player's
    assert _counter(page) == f"Frame {n} / {n}"
    assert errors == []
