"""Map snapshots: a standalone HTML file (all JS/CSS inlined, opens offline) and a PNG rendered server-side in
headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

The renderer reuses one browser across exports and closes it on exit. Each render is bounded by a timeout,
waits until the map has really drawn (no sleeping), and lets no request leave the page except to the chosen
tile provider and to the renderer's loopback server (map_app.loopback), which hands a PNG's page its data;
every blocked request is recorded on `Renderer.blocked`.
"""

import atexit
import contextlib
import queue
import threading
import weakref
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from geodata.layer import Layer
from map_app import assets
from map_app.loopback import Loopback
from map_app.mapview import BASEMAPS, build_map, title_lines
from map_app.text import esc
from map_app.view import EARLIEST, LATEST, View

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
SIZES = {"1600x1000": (1600, 1000), "3200x2000": (3200, 2000)}
PRINT_WIDTH = 2400  # from this width on, a PNG is the same map drawn at twice the pixel density (print)
SNAPSHOT_CSS = (".leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-fullscreen, .thaw-time "
                "{ display: none; }")
TIMEOUT_SECONDS = 30.0


class SnapshotError(Exception):
    """A snapshot could not be rendered (no browser, timeout, page error)."""


@dataclass(frozen=True)
class Snapshot:
    view: View
    width: int = 1600
    height: int = 1000


def standalone_html(layer: Layer, view: View, width: int | None = None, height: int | None = None,
                    controls=True, publish=None) -> str:
    """A self-contained HTML page of the map, stamped with its title, legend, scale and attributions; with
    `controls`, the whole time machine (date slider, play, search) that works offline from a file. With
    `publish` (a renderer's loopback), the page fetches its data instead of carrying it."""
    size = ("100%", "100%") if width is None else (f"{width}px", f"{height}px")
    m = build_map(layer, view, mode="inline", cluster=False, titled=True, width=size[0], height=size[1],
                  controls=(EARLIEST, LATEST) if controls else None, publish=publish)
    m.options.update(zoom_animation=False, fade_animation=False, marker_zoom_animation=False)  # still frames
    heading, lines = title_lines(view)
    m.get_root().title = esc(" · ".join(["Thaw Atlas", heading, *view.filters_text]))
    return assets.inline(m.get_root().render())


def tile_hosts(basemap: str) -> set[str]:
    tiles = BASEMAPS.get(basemap)
    if not tiles:
        return set()
    host = urlparse(tiles[0].replace("{s}.", "a.")).hostname
    base = host.split(".", 1)[1] if host.startswith("a.") else host
    return {base}


READY_JS = """
() => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = key && window[key];
  if (!map || !map._loaded || !window.ThawAtlas || !ThawAtlas.atlas.state) return false;
  let loading = false;
  map.eachLayer(l => { if (l instanceof L.TileLayer && l.isLoading()) loading = true; });
  return !loading && document.querySelectorAll('.leaflet-thaw-basemap-pane path').length > 0;
}
"""
IMAGES_READY_JS = "() => Array.prototype.every.call(document.images, i => i.complete && i.naturalWidth > 0)"
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


SETTLED_JS = """
() => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = window[key];
  return !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress);
}
"""


WARM_UP_DELAY_SECONDS = 5


class Renderer:
    """One headless Chromium, reused for every PNG; use as a context manager or call close().

    Playwright's sync API binds a browser to the thread that started it, while Streamlit runs every rerun in
    a new thread; so all browser work happens on one worker thread of this renderer's own.
    """

    def __init__(self, timeout=TIMEOUT_SECONDS):
        self.timeout = timeout
        self.blocked: list[str] = []  # requests blocked during the last render
        self._tasks: queue.Queue = queue.Queue()
        threading.Thread(target=self._serve, name="chromium", daemon=True).start()
        self._playwright = None
        self._browser = None
        self._page = None  # one page, reused: a new context per render costs a quarter of a second
        self._scale = 1  # device pixels per CSS pixel of that page
        self.rendered = False  # a page has been drawn: scripts loaded, a warm-up would add nothing
        self._allowed_hosts = frozenset()
        self._loopback = None  # started with the first render that serves its page data
        self._loopback_lock = threading.Lock()
        _open_renderers.add(self)

    def warm(self, first=None, after=WARM_UP_DELAY_SECONDS):
        """In `after` seconds, start Chromium in the background and run `first(self)`, a small render: the
        page's scripts then load and compile before the user's first PNG, which takes no longer than later
        ones. The delay keeps the browser's start and that render off the CPU while the user's first map is
        being drawn. A warm-up that fails is no error: the user's own render reports its problems."""
        def start():
            if self.rendered:
                return
            with contextlib.suppress(Exception):
                (first or (lambda renderer: renderer.run(lambda browser: None)))(self)

        timer = threading.Timer(after, start)
        timer.daemon = True
        timer.start()
        return self

    def run(self, task):
        """Run task(browser) on the renderer's thread and return its result (the browser starts on first use)."""
        return self._call(lambda: task(self._ensure_browser()))

    def _call(self, function):
        done = Future()
        self._tasks.put((function, done))
        return done.result()

    def _serve(self):
        """The renderer's thread: a daemon, so it is still there for the atexit handler that closes Chromium."""
        while True:
            function, done = self._tasks.get()
            try:
                done.set_result(function())
            except BaseException as exc:  # handed to the caller, who re-raises it
                done.set_exception(exc)

    def png(self, html: str, width: int, height: int, allowed_hosts=frozenset(), scale=1, ready=READY_JS) -> bytes:
        """Render a standalone page at width x height CSS pixels and screenshot it at `scale` pixels per CSS
        pixel (a 1600 x 1000 page at scale 2 is a 3200 x 2000 PNG with labels and symbols twice as large).
        `ready` says when the page is drawn: by default, a map with its borders (IMAGES_READY_JS: a page of
        pictures).

        If Chromium died since the last render (killed, out of memory), it is started again and the render
        tried once more, so one crash does not break every later export."""
        def render(browser):
            return self._png(browser, html, width, height, allowed_hosts, scale, ready)

        try:
            return self.run(render)
        except SnapshotError:
            if not self._call(self._browser_died):
                raise
            self._call(self._stop)
            return self.run(render)

    @contextlib.contextmanager
    def serving(self):
        """Yield `publish(text) -> address`: the address answers this renderer's Chromium until the block ends."""
        with self._loopback_lock:
            if self._loopback is None:
                self._loopback = Loopback()
            loopback = self._loopback
        with loopback.serving() as publish:
            yield publish

    def _browser_died(self) -> bool:
        return self._browser is not None and not self._browser.is_connected()

    def _ensure_browser(self):
        if self._browser is not None:
            return self._browser
        try:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=self.timeout * 1000
            )
        except Exception as exc:
            self._stop()
            raise SnapshotError(f"cannot start Chromium at {CHROMIUM}: {exc}") from exc
        return self._browser

    def _page_of(self, browser, scale):
        if self._page is None or self._page.is_closed() or self._scale != scale:
            if self._page is not None:
                self._discard_page()
            page = browser.new_context(device_scale_factor=scale).new_page()
            page.route("**/*", self._filter)
            page.set_default_timeout(self.timeout * 1000)
            self._page, self._scale = page, scale
        return self._page

    def _png(self, browser, html, width, height, allowed_hosts, scale, ready) -> bytes:
        self.blocked = []
        self._allowed_hosts = frozenset(allowed_hosts)
        page = self._page_of(browser, scale)
        try:
            page.set_viewport_size({"width": width, "height": height})
            with self.serving() as publish:  # opened from the loopback, the page can fetch its data there
                page.goto(publish(html, ".html"), wait_until="domcontentloaded")  # READY_JS waits for drawing
            page.add_style_tag(content=SNAPSHOT_CSS)  # a picture has no buttons to press
            page.wait_for_function(ready)
            if ready == READY_JS:
                page.wait_for_function(SETTLED_JS)  # snapshots do not animate; this guards a pan all the same
            page.evaluate(TWO_FRAMES_JS)  # the last drawing reaches the screen
            png = page.screenshot(type="png", clip={"x": 0, "y": 0, "width": width, "height": height})
            self.rendered = True
            return png
        except Exception as exc:
            self._discard_page()  # a page left in an unknown state is not reused
            raise SnapshotError(f"rendering the map failed or took longer than {self.timeout:.0f} s: {exc}") from exc

    def _discard_page(self):
        try:
            self._page.context.close()
        except Exception:  # the browser died: the render's own error says why
            pass
        self._page = None

    def _filter(self, route):
        """Let data: URLs, the loopback and the chosen tile provider through; block and record the rest."""
        url = route.request.url
        host = urlparse(url).hostname or ""
        loopback = self._loopback
        ours = url.startswith("data:") or (loopback is not None and url.startswith(loopback.origin))
        if ours or any(host == h or host.endswith("." + h) for h in self._allowed_hosts):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _stop(self):
        for shut in (self._browser and self._browser.close, self._playwright and self._playwright.stop):
            try:
                if shut:
                    shut()
            except Exception:  # already gone: nothing left to close
                pass
        self._browser = None
        self._playwright = None
        self._page = None

    def close(self):
        """Close the browser (on the thread that owns it) and the loopback; the renderer can be used again."""
        if self._browser is not None or self._playwright is not None:
            self._call(self._stop)
        with self._loopback_lock:
            if self._loopback is not None:
                self._loopback.close()
                self._loopback = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_open_renderers: "weakref.WeakSet[Renderer]" = weakref.WeakSet()


@lru_cache(maxsize=1)
def shared_renderer() -> Renderer:
    """The one renderer of a server process (the app's, warmed by map_app.serve before the first visit)."""
    return Renderer()


@atexit.register
def close_all_renderers():
    """Close the browser of every renderer of this process (at exit, and for tests that count browsers)."""
    for renderer in list(_open_renderers):
        renderer.close()


def render_png(renderer: Renderer, layer: Layer, snapshot: Snapshot) -> bytes:
    """The PNG of a snapshot; from PRINT_WIDTH on, the map is laid out at half the size and drawn at twice the
    density, so labels, symbols and the stamp scale with the picture instead of shrinking on it."""
    even = snapshot.width % 2 == 0 and snapshot.height % 2 == 0
    scale = 2 if snapshot.width >= PRINT_WIDTH and even else 1
    width, height = snapshot.width // scale, snapshot.height // scale
    with renderer.serving() as publish:  # the page fetches its data: neither it nor Playwright copies 29 MB
        html = standalone_html(layer, snapshot.view, width, height, controls=False, publish=publish)
        return renderer.png(html, width, height, tile_hosts(snapshot.view.basemap), scale)
