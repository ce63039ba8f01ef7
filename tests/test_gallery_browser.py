"""The built gallery, opened in headless Chromium: thumbnails, players, downloads.

The site is built (as ``make gallery`` builds it, into docs/_build/html) when
it is missing or older than any of its sources, so that ``make test`` on a
fresh clone checks the site of that clone; a site already built by
``make gallery`` is reused. It is served from a local thread and visited
through Playwright with Debian's chromium (``.ci/run`` installs it). Without
chromium or Playwright the test is skipped, saying so in one line.
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

if not os.access(CHROMIUM, os.X_OK):
    pytest.skip("chromium not installed: browser test skipped; .ci/run installs it",
                allow_module_level=True)
try:
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("playwright not installed: browser test skipped; "
                "pip install -e '.[test]' installs it", allow_module_level=True)
pytest.importorskip("sphinx_gallery", reason="sphinx-gallery not installed: browser test "
                    "skipped; pip install -e '.[docs]' installs it")

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "_build" / "html"
GALLERY = ROOT / "gallery"
EXAMPLES = sorted(GALLERY.rglob("plot_*.py"))
# Everything a build reads: a site older than any of these is rebuilt.
SOURCES = [ROOT / "conf.py", ROOT / "pyproject.toml", *(ROOT / "docs").glob("*.rst"),
           *(ROOT / "docs" / "_static").glob("*"), *(ROOT / "docs" / "_extra").glob("*"),
           *GALLERY.rglob("*"), *(ROOT / "skratch").rglob("*.py")]


def _site_is_stale():
    # Sphinx rewrites its inventory at the end of every build.
    marker = SITE / "objects.inv"
    if not marker.exists():
        return True
    built = marker.stat().st_mtime
    return any(path.stat().st_mtime > built for path in SOURCES if path.is_file())


def _build_site():
    # sphinx-gallery skips examples whose source is unchanged; the skratch
    # code they draw with may have changed, so every example runs again.
    shutil.rmtree(ROOT / "docs" / "auto_examples", ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
               ".", str(SITE)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "MPLBACKEND": "Agg"}, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"the site did not build ({' '.join(command)}):\n"
                    f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site_url():
    """The built site, served on a free port of 127.0.0.1."""
    if _site_is_stale():
        _build_site()
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


class Visit:
    """A fresh page that records every problem a reader's browser would show."""

    def __init__(self, browser, site_url):
        self.site_url = site_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.problems = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.problems.append(
            f"failed request: {request.url} ({request.failure})"))
        self.page.on("request", self._request)
        self.page.on("response", lambda response: response.status >= 400 and self.problems.append(
            f"HTTP {response.status}: {response.url}"))

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request):
        # The site must work offline: no CDN, no font service, nothing remote.
        if not request.url.startswith((self.site_url, "data:")):
            self.problems.append(f"request leaves the site: {request.url}")

    def goto(self, path):
        self.page.goto(urljoin(self.site_url, path), wait_until="load")
        return self.page

    def assert_no_problems(self):
        assert self.problems == [], "\n".join(self.problems)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    visit = Visit(browser, site_url)
    yield visit
    visit.close()


def example_page(path):
    relative = path.relative_to(GALLERY).with_suffix(".html")
    return f"docs/auto_examples/{relative.as_posix()}"


def test_the_site_root_leads_to_the_gallery(visit):
    page = visit.goto("")
    page.wait_for_url("**/docs/index.html")
    gallery_link = page.get_by_role("link", name="The gallery")
    assert gallery_link.count() >= 1
    gallery_link.first.click()
    page.wait_for_url(re.compile(r".*/docs/auto_examples/index\.html(#.*)?$"))
    assert page.title().startswith("Gallery")
    visit.assert_no_problems()


def test_gallery_index_shows_every_thumbnail(visit):
    assert len(EXAMPLES) >= 5
    page = visit.goto("docs/auto_examples/index.html")
    cards = page.locator(".sphx-glr-thumbcontainer")
    assert cards.count() == len(EXAMPLES)
    page.wait_for_function("Array.from(document.images).every(img => img.complete)")
    thumbnails = page.eval_on_selector_all(
        ".sphx-glr-thumbcontainer img",
        "imgs => imgs.map(img => [img.getAttribute('src'), img.naturalWidth])")
    assert len(thumbnails) == len(EXAMPLES)
    for src, natural_width in thumbnails:
        assert natural_width > 0, f"thumbnail {src} did not load"
    linked = page.eval_on_selector_all(
        ".sphx-glr-thumbcontainer a", "links => links.map(a => a.getAttribute('href'))")
    for path in EXAMPLES:
        assert any(href.endswith(path.stem + ".html") for href in linked), path.name
    visit.assert_no_problems()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_player_steps_to_its_next_frame(visit, example):
    page = visit.goto(example_page(example))
    players = page.locator(".skratch-player")
    assert players.count() >= 1
    for i in range(players.count()):
        player = players.nth(i)
        player.scroll_into_view_if_needed()
        frame = player.locator("img.skratch-shown").first
        caption = player.locator(".skratch-caption")
        assert player.locator(".skratch-tile").count() >= 1
        assert frame.evaluate("img => img.complete && img.naturalWidth > 0")
        before = (frame.get_attribute("src"), caption.text_content())
        counter = player.locator(".skratch-counter")
        n_frames = int(counter.text_content().rpartition("/")[2])
        player.get_by_role("button", name="Next step").click()
        after = (frame.get_attribute("src"), caption.text_content())
        if n_frames == 1:
            # A one-frame animation (a model with one step): Next has nowhere to go.
            assert after == before and counter.text_content().startswith("Frame 1 / 1")
            continue
        assert after[0] != before[0], "the frame did not change"
        assert after[1] != before[1], "the caption did not change"
        assert after[1] == frame.get_attribute("alt")
        assert counter.text_content().startswith("Frame 2 /")
    visit.assert_no_problems()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_gif_script_and_notebook_downloads_are_reachable(visit, example):
    page = visit.goto(example_page(example))
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    gifs = [h for h in hrefs if h.endswith(".gif")]
    scripts = [h for h in hrefs if h.endswith(f"/{example.name}")]
    notebooks = [h for h in hrefs if h.endswith(f"/{example.stem}.ipynb")]
    assert len(gifs) == page.locator(".skratch-player").count()
    assert scripts and notebooks
    for href in gifs:
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.body()[:6] == b"GIF89a"
    script = page.request.get(scripts[0])
    assert script.status == 200 and "from skratch" in script.text()
    notebook = page.request.get(notebooks[0])
    assert notebook.status == 200
    assert json.loads(notebook.text())["nbformat"] == 4
    visit.assert_no_problems()


@pytest.mark.parametrize("page_path", [
    "docs/generated/skratch.linear_model.LinearRegression.html",
    "docs/generated/skratch.cluster.KMeans.html",
    "docs/generated/skratch.tree.DecisionTreeClassifier.html",
])
def test_api_pages_render_their_maths_offline(visit, page_path):
    page = visit.goto(page_path)
    # MathJax (served with the site) turns every formula into an SVG.
    page.wait_for_function("document.querySelectorAll('mjx-container svg').length > 0")
    assert page.locator("div.math, span.math").count() >= 1
    visit.assert_no_problems()


# -- readable frames, keys, light pages --------------------------------------------

@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_frames_fit_the_page_and_say_their_text_size(browser, site_url, example, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, example_page(example)), wait_until="load")
        article = page.evaluate("document.querySelector('article').getBoundingClientRect().right")
        for player in page.eval_on_selector_all(".skratch-player", """players => players.map(p => {
            const img = p.querySelector('img.skratch-shown');
            const run = p.querySelector('.skratch-run');
            const tiles = Array.from(p.querySelectorAll('.skratch-tile'))
                .map(t => t.getBoundingClientRect().right);
            return {layout: p.querySelector('.skratch-stage').dataset.layout,
                    text: parseFloat(run.dataset.minFont) * img.getBoundingClientRect().width
                          / img.naturalWidth,
                    right: Math.max(...tiles)}; })"""):
            assert player["right"] <= article + 1, f"a panel sticks out of the page: {player}"
            # A row of panels is kept only when its smallest text is readable.
            if player["layout"] == "row" and width == 1280:
                assert player["text"] >= 11, player
    finally:
        context.close()


def test_lesson_pages_are_light(visit):
    # Every frame of a page is inline in its HTML, the players' included.
    sizes = {example.stem: len(visit.page.request.get(
        urljoin(visit.site_url, example_page(example))).body()) for example in EXAMPLES}
    assert max(sizes.values()) <= 3.2e6, sizes
# -- the path through the gallery --
#
# The lessons' order is docs/curriculum.py's; a site older than it or than
# the page templates is rebuilt too.
SOURCES.extend([ROOT / "docs" / "curriculum.py", *(ROOT / "docs" / "_templates").rglob("*")])


from test_gallery_path import curriculum  # noqa: E402  (docs/curriculum.py, loaded once)

PATH = [GALLERY / lesson for lesson in curriculum.lesson_files()]


def _lesson_title(page):
    return page.locator("article h1").first.inner_text().strip().rstrip("#").strip()


def test_next_links_walk_the_whole_path_in_order(visit):
    page = visit.goto(example_page(PATH[0]))
    page.wait_for_load_state("networkidle")  # leaving earlier would abort a request
    assert page.locator("a[rel='prev']").count() == 0  # the path starts here
    visited = []
    while True:
        visited.append(page.url.rsplit("/docs/auto_examples/", 1)[1])
        following = page.locator("nav.skratch-lesson-path a[rel='next']")
        if following.count() == 0:
            break
        assert following.count() == 1
        title = following.locator(".prev-next-title").inner_text().strip()
        following.click()
        page.wait_for_load_state("networkidle")
        assert _lesson_title(page) == title, "a next link is titled with its lesson"
        assert len(visited) <= len(PATH)
    expected = [example_page(path).split("docs/auto_examples/", 1)[1] for path in PATH]
    assert visited == expected
    visit.assert_no_problems()


def test_previous_links_walk_back_across_families(visit):
    # The first lesson of a family links back to the last lesson of the one before.
    families = [path.parent.name for path in PATH]
    for i in range(1, len(PATH)):
        if families[i] != families[i - 1]:
            page = visit.goto(example_page(PATH[i]))
            # Leaving a page before its last request ends would abort it.
            page.wait_for_load_state("networkidle")
            back = page.locator("nav.skratch-lesson-path a[rel='prev']")
            assert back.count() == 1
            back.click()
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(example_page(PATH[i - 1]))
    visit.assert_no_problems()


def test_the_kmeans_api_page_shows_the_kmeans_lessons(visit):
    page = visit.goto("docs/generated/skratch.cluster.KMeans.html")
    heading = page.locator("#lessons-using-kmeans")
    assert heading.count() == 1
    links = heading.locator(".sphx-glr-thumbcontainer a.reference")
    targets = sorted(link.get_attribute("href").rsplit("/", 1)[-1]
                     for link in links.all())
    assert targets == ["plot_kmeans.html", "plot_kmeans_init.html"]
    visit.assert_no_problems()


def test_an_api_page_without_lessons_has_no_empty_heading(visit):
    page = visit.goto("docs/generated/skratch.utils.fileio.atomic_write.html")
    assert page.get_by_text("Lessons using").count() == 0
    visit.assert_no_problems()


def test_the_home_page_hero_loads_and_says_what_it_shows(visit):
    page = visit.goto("docs/index.html")
    hero = page.locator(".skratch-hero img.skratch-hero-animated")
    assert hero.count() == 1
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert len(hero.get_attribute("alt").split()) >= 5
    # The map of the lessons: every lesson of the path, linked, in order.
    hrefs = [link.get_attribute("href").split("#")[0] for link in
             page.locator(".skratch-lesson-map li a.reference").all()]
    assert [h.rsplit("/", 2)[-2:] for h in hrefs] == [
        [path.parent.name, path.with_suffix(".html").name] for path in PATH]
    visit.assert_no_problems()


def test_every_thumbnail_has_alt_text(visit):
    page = visit.goto("docs/auto_examples/index.html")
    images = page.locator(".sphx-glr-thumbcontainer img").all()
    assert len(images) == len(EXAMPLES)
    for image in images:
        assert (image.get_attribute("alt") or "").strip(), image.get_attribute("src")
    visit.assert_no_problems()


def test_a_thumbnail_plays_on_hover_unless_motion_is_reduced(browser, site_url):
    for motion, plays in (("no-preference", True), ("reduce", False)):
        visit = Visit(browser, site_url)
        try:
            visit.page.emulate_media(reduced_motion=motion)
            page = visit.goto("docs/auto_examples/index.html")
            card = page.locator(".sphx-glr-thumbcontainer").first
            image = card.locator("img.skratch-thumb-animated")
            assert image.count() == 1
            still = image.get_attribute("src")
            card.hover()
            if plays:
                page.wait_for_function(
                    "img => img.src.endsWith('_hover.gif') && img.complete && img.naturalWidth > 0",
                    arg=image.element_handle())
                page.mouse.move(0, 0)
                page.wait_for_function("([img, still]) => img.getAttribute('src') === still",
                                       arg=[image.element_handle(), still])
            else:
                page.wait_for_timeout(300)
                assert image.get_attribute("src") == still
            visit.assert_no_problems()
        finally:
            visit.close()
