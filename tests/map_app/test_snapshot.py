"""Snapshots in real Chromium: PNG size and content, markers at the pixels their coordinates project to, the
standalone HTML opened offline, no Chromium left running, and `python -m map_app snapshot`.

Marker pixels come from our own Web Mercator arithmetic of Leaflet's `fitBounds`, checked against Leaflet itself
(`latLngToContainerPoint`) in the standalone-HTML test.
"""

import datetime as dt
import io
import math
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from geodata.io import layer_from_collection
from map_app import mapview
from map_app.cli import main
from map_app.mapview import bounds, marker_rows
from map_app.snapshot import (
    CHROMIUM,
    READY_JS,
    TWO_FRAMES_JS,
    Renderer,
    Snapshot,
    close_all_renderers,
    render_png,
    standalone_html,
)
from map_app.style import LOOKS
from map_app.view import DEFAULTS, View

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

pytestmark = pytest.mark.browser

SIZE = (1000, 700)
START_ZOOM = 3  # folium.Map(zoom_start=3) in mapview.base_map, the zoom fitBounds moves from
# Small regions, so that fitBounds jumps from zoom 3 to zoom >= 8 without animating (see the `shots` fixture).
PRAGUE = ("stalin-monument-prague", "vinohradska")
VOLGOGRAD = ("volgograd", "stalin-statue-volga-don")
EXPECTED = {  # (feature, map date) -> status its marker shows
    ("stalin-monument-prague", "1960-01-01"): "standing",
    ("stalin-monument-prague", "1963-06-01"): "removed",
    ("volgograd", "1960-01-01"): "stalin_name",
    ("volgograd", "1963-06-01"): "renamed",
}
NOT_MOVING_JS = """() => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = window[key];
  return !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress);
}"""
POINTS_JS = """(latlngs) => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  return latlngs.map(ll => { const p = window[key].latLngToContainerPoint(ll); return [p.x, p.y]; });
}"""


def view_on(day, **filters):
    return View(date=dt.date.fromisoformat(day), period=DEFAULTS.period, **filters)


def js_round(value):
    return math.floor(value + 0.5)  # Math.round, not Python's round-half-to-even


def world_pixel(lat, lon, zoom):
    """Leaflet's EPSG:3857 projection: spherical Mercator on a world of 256 * 2**zoom pixels."""
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    scale = 256 * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return scale * (lon + 180) / 360, scale * (0.5 - y / (2 * math.pi))


def fitted(extent, width, height):
    """Zoom and pixel origin after Leaflet 1.9's map.fitBounds(extent) with no padding and zoomSnap 1."""
    (south, west), (north, east) = extent
    (x0, y0), (x1, y1) = world_pixel(south, west, 0), world_pixel(north, east, 0)
    scale = min(width / abs(x1 - x0), height / abs(y1 - y0))
    zoom = max(0, min(18, math.floor(round(math.log2(scale) * 100) / 100)))  # getBoundsZoom: 1/100, then floor
    centre = ((x0 + x1) / 2 * 2**zoom, (y0 + y1) / 2 * 2**zoom)
    return zoom, (js_round(centre[0] - width / 2), js_round(centre[1] - height / 2))


def marker_pixel(layer, view, lat, lon, width, height):
    """Where a marker at lat/lon is drawn in a width x height snapshot (map.latLngToContainerPoint)."""
    zoom, origin = fitted(bounds(layer, view), width, height)
    x, y = world_pixel(lat, lon, zoom)
    return js_round(x) - origin[0], js_round(y) - origin[1]


def colour_at(png: bytes, x: int, y: int, r: int = 1):
    """Per-channel median of the (2r+1)^2 pixels around x, y (labels start 8 px right of a marker's centre)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = [image.getpixel((x + dx, y + dy)) for dx in range(-r, r + 1) for dy in range(-r, r + 1)]
    return tuple(sorted(channel)[len(channel) // 2] for channel in zip(*pixels, strict=True))


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def near(colour, hex_colour, tolerance=30):
    """Markers are filled at 0.9 opacity: at most a tenth of the land colour shows through."""
    return max(abs(a - b) for a, b in zip(colour, rgb(hex_colour), strict=True)) <= tolerance


def sub_layer(collection, ids):
    features = [f for f in collection["features"] if f.get("id") in ids]
    assert ids[0] in {f["id"] for f in features}, f"{ids[0]} is gone from the bundled layer: pick another feature"
    return layer_from_collection({**collection, "features": features}, f"<{ids[0]} and neighbours>")


def chromium_processes(root=None):
    """Live Chromium processes (pid -> ppid) below `root` (default: this test process), read from /proc."""
    root = root or os.getpid()
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            command = Path(entry.path, "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:  # exited while we looked
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        table[int(entry.name)] = (int(ppid), state, "chromium" in command)

    def below(pid):
        while pid in table and pid > 1:
            pid = table[pid][0]
            if pid == root:
                return True
        return False

    return {pid for pid, (_, state, chromium) in table.items() if chromium and state != "Z" and below(pid)}


def alive(pids):
    """The pids that still run (a zombie has exited; only its parent has not read its status yet)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_gone(pids, seconds=10):
    """Poll until none of `pids` and no Chromium below this process runs; return what is left."""
    deadline = time.monotonic() + seconds
    while (left := alive(pids) | chromium_processes()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.fixture(scope="module")
def renderer():
    """One browser for the module. Playwright's sync API allows one instance per thread, so tests that start
    their own (the CLI) close this one first; it starts again on its next use."""
    with Renderer() as shared:
        yield shared


@pytest.fixture(scope="module")
def shots(renderer, bundled_collection):
    """PNGs of two small regions on two dates, and the pixel of each region's feature.

    The views are chosen so that fitBounds jumps from zoom 3 straight to zoom 8 or more: Leaflet animates a
    zoom change of 4 levels or less (and a pan at the same zoom), and snapshot.READY_JS does not wait for that
    animation to end, so wider views can be screenshot half-way through it.
    """
    result = {}
    for ids in (PRAGUE, VOLGOGRAD):
        layer = sub_layer(bundled_collection, ids)
        for day in ("1960-01-01", "1963-06-01"):
            view = view_on(day)
            assert fitted(bounds(layer, view), *SIZE)[0] - START_ZOOM > 4, "this view would be animated"
            row = next(r for r in marker_rows(layer, view) if r["id"] == ids[0])
            assert row["status"] == EXPECTED[ids[0], day], f"the data changed: {ids[0]} on {day}"
            pixel = marker_pixel(layer, view, row["lat"], row["lon"], *SIZE)
            result[ids[0], day] = render_png(renderer, layer, Snapshot(view, *SIZE)), pixel, row["status"]
    return result


def test_png_has_the_requested_size_and_is_not_blank(renderer, bundled):
    png = render_png(renderer, bundled, Snapshot(view_on("1960-01-01"), 800, 500))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (800, 500)
    assert len(image.getcolors(maxcolors=1 << 20)) > 200  # sea, land, borders, markers, labels, legend


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_marker_is_drawn_where_its_coordinates_project_in_its_status_colour(shots, key):
    png, (x, y), status = shots[key]
    assert 20 < x < SIZE[0] - 20 and 20 < y < SIZE[1] - 20
    colour = colour_at(png, x, y)
    assert near(colour, LOOKS[status].fill), f"{key}: {colour} at {(x, y)}, expected {LOOKS[status].fill}"


@pytest.mark.parametrize("feature", [PRAGUE[0], VOLGOGRAD[0]])
def test_1960_and_1963_snapshots_differ_at_the_feature(shots, feature):
    before, pixel, _ = shots[feature, "1960-01-01"]
    after, same_pixel, _ = shots[feature, "1963-06-01"]
    assert pixel == same_pixel  # the extent does not depend on the date
    a, b = colour_at(before, *pixel), colour_at(after, *pixel)
    assert max(abs(p - q) for p, q in zip(a, b, strict=True)) > 80, f"{feature}: {a} vs {b}"


def local_only(outside: list):
    """A Playwright route handler that lets file: and data: through and blocks (and records) the rest."""
    def route(request_route):
        if request_route.request.url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    return route


def test_standalone_html_renders_from_file_with_the_network_blocked(renderer, bundled, tmp_path):
    view = view_on("1960-01-01", kind=("renamed_place", "monument", "other"))  # every kind: a filter in words
    path = tmp_path / "map.html"
    path.write_text(standalone_html(bundled, view, *SIZE), encoding="utf-8")
    outside, errors = [], []
    only_local = local_only(outside)

    def open_from_disk(browser):
        context = browser.new_context(viewport=dict(zip(("width", "height"), SIZE, strict=True)))
        try:
            page = context.new_page()
            page.on("request", lambda r: r.url.startswith(("file:", "data:")) or outside.append(r.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route("**/*", only_local)
            page.goto(path.as_uri(), wait_until="load", timeout=30_000)
            page.wait_for_function(READY_JS, timeout=30_000)
            page.evaluate(TWO_FRAMES_JS)
            page.wait_for_function(NOT_MOVING_JS, timeout=5_000)
            drawn = page.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
            title = page.locator(".thaw-title").inner_text()
            return drawn, title, page.evaluate(POINTS_JS, [[r["lat"], r["lon"]] for r in rows])
        finally:
            context.close()

    rows = marker_rows(bundled, view)
    drawn, title, leaflet = renderer.run(open_from_disk)
    assert drawn == len(rows)
    assert "Kinds: renamed_place, monument, other" in title
    assert outside == [] and errors == []
    ours = [marker_pixel(bundled, view, r["lat"], r["lon"], *SIZE) for r in rows]
    assert all(abs(a - c) <= 1 and abs(b - d) <= 1 for (a, b), (c, d) in zip(ours, leaflet, strict=True))


def test_twenty_pngs_then_close_leave_no_chromium_running(renderer, bundled):
    """Chromium is found below this process (Playwright's driver starts it); each pid seen while rendering must
    be gone after close(), so one reparented to init would be caught too. Other sessions' browsers are ignored;
    the other renderers of this process (the app's, started by the in-process app tests) are closed first."""
    close_all_renderers()
    assert wait_gone(set()) == set(), "Chromium still runs after closing every renderer of this process"
    html = standalone_html(bundled, view_on("1960-01-01"), 400, 300)  # built once: the browser is under test
    for _ in range(20):
        assert Image.open(io.BytesIO(renderer.png(html, 400, 300))).size == (400, 300)
    seen = chromium_processes()
    assert seen, "no Chromium process found below this one: the /proc scan is broken"
    renderer.close()
    assert wait_gone(seen) == set()


@pytest.fixture
def cli_browser_free(renderer):
    """The CLI starts its own Renderer; the shared one is closed so the process check below stays simple."""
    renderer.close()


def test_cli_writes_a_png_of_the_requested_size(cli_browser_free, tmp_path):
    out = tmp_path / "x.png"
    argv = ["snapshot", "--date", "1960-01-01", "--format", "png", "--width", "800", "--height", "500", "--out", out]
    assert main([str(a) for a in argv]) == 0
    assert Image.open(out).size == (800, 500)


def test_cli_writes_standalone_html_with_the_filters_in_its_title(tmp_path):
    out = tmp_path / "map.html"
    assert main(["snapshot", "--kind", "monument", "--date", "1960-01-01", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "De-Stalinization on 1960-01-01" in text and "Kinds: monument" in text
    assert "https://unpkg.com" not in text


def test_cli_series_writes_one_png_per_year_and_a_gif(cli_browser_free, tmp_path):
    argv = [
        "snapshot",
        "--years",
        "1960:1962",
        "--out-dir",
        str(tmp_path),
        "--gif",
        "--width",
        "400",
        "--height",
        "300",
    ]
    assert main(argv) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "thaw-1960.png",
        "thaw-1961.png",
        "thaw-1962.png",
        "thaw-series.gif",
    ]
    assert Image.open(tmp_path / "thaw-1961.png").size == (400, 300)
    gif = Image.open(tmp_path / "thaw-series.gif")
    assert (gif.n_frames, gif.size) == (3, (400, 300))


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "1960-02-30", "--out", "x.png"],
        ["--width", "0", "--out", "x.png"],
        ["--height", "4001", "--out", "x.png"],
        ["--years", "1962:1960", "--out-dir", "d"],
        ["--years", "1960:1962"],
        ["--years", "1960:1962", "--out-dir", "d", "--gif", "--format", "html"],
        ["--basemap", "google", "--out", "x.png"],
        ["--from", "1962-01-01", "--to", "1960-01-01", "--out", "x.png"],
        [],
    ],
)
def test_cli_bad_arguments_exit_2_with_a_message(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["snapshot", *args])
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_cli_bad_data_exits_1_with_the_message(tmp_path, capsys):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "Point"}', encoding="utf-8")
    assert main(["snapshot", "--data", str(bad), "--out", str(tmp_path / "x.png")]) == 1
    assert "expected a GeoJSON FeatureCollection" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_the_standalone_html_is_the_time_machine_offline(renderer, bundled, tmp_path):
    """Opened from a file with every request but file: and data: blocked: its own date slider changes the
    labels and their look (a renamed city's label is no longer in Stalin-name bold), its search finds a place
    by a former name in Cyrillic, and the whole page stays under 2 MB."""
    html = standalone_html(bundled, view_on("1950-01-01"))
    assert len(html.encode("utf-8")) < 2_000_000
    path = tmp_path / "atlas.html"
    path.write_text(html, encoding="utf-8")
    outside = []
    only_local = local_only(outside)

    def use(browser):
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        try:
            page = context.new_page()
            page.route("**/*", only_local)
            page.goto(path.as_uri(), wait_until="load", timeout=30_000)
            page.wait_for_function(READY_JS, timeout=30_000)
            labels = ("() => { const m = ThawAtlas.atlas.markers;"
                      " const label = m.list[m.ids.indexOf('volgograd')].getTooltip().getElement();"
                      " return [label.textContent, getComputedStyle(label).fontWeight,"
                      " [...label.classList].filter(c => c.startsWith('thaw-') && c !== 'thaw-label')]; }")
            before = page.evaluate(labels)
            slider = page.locator(".thaw-time .slider")
            slider.evaluate("(s) => { s.value = ThawTime.dayNumber('1970-01-01');"
                            " s.dispatchEvent(new Event('input')); }")
            after = page.evaluate(labels)
            page.locator(".thaw-time .find").fill("Сталинград")
            found = page.locator(".thaw-time .found button").all_inner_texts()
            page.locator(".thaw-time .found button").first.click()
            popup = page.locator(".leaflet-popup-content").inner_text(timeout=10_000)
            return before, after, found, popup
        finally:
            context.close()

    before, after, found, popup = renderer.run(use)
    assert before == ["Stalingrad", "700", ["thaw-stalin_name"]]
    assert after == ["Volgograd", "400", ["thaw-renamed"]]
    assert found and found[0] == "Volgograd, city"
    assert "Tsaritsyn" in popup and "Sources" in popup
    assert outside == []


def test_the_standalone_html_is_titled_with_its_date_and_filters(bundled):
    html = standalone_html(bundled, view_on("1961-11-10", kind=("monument",)))
    assert "<title>Thaw Atlas · De-Stalinization on 1961-11-10 · Kinds: monument</title>" in html


def test_after_chromium_dies_the_next_png_starts_it_again(bundled):
    import signal

    with Renderer() as renderer:
        render_png(renderer, bundled, Snapshot(view_on("1960-01-01"), 400, 300))
        for pid in chromium_processes():
            os.kill(pid, signal.SIGKILL)
        png = render_png(renderer, bundled, Snapshot(view_on("1960-01-01"), 400, 300))
    assert Image.open(io.BytesIO(png)).size == (400, 300)


def test_gif_frames_are_bounded_in_size_and_colours():
    """A 4000 x 4000 series took 8.5 GB as full-colour frames; each frame is now small and paletted."""
    from map_app.cli import GIF_MAX_SIDE, gif_frame

    png = io.BytesIO()
    Image.new("RGB", (4000, 2500), (200, 30, 30)).save(png, format="PNG")
    frame = gif_frame(png.getvalue())
    assert max(frame.size) == GIF_MAX_SIDE and frame.mode == "P"


def test_a_gif_that_cannot_be_written_leaves_nothing(tmp_path, monkeypatch):
    from pathlib import Path as P

    from map_app.cli import gif_frame, write_gif

    png = io.BytesIO()
    Image.new("RGB", (40, 25)).save(png, format="PNG")
    monkeypatch.setattr(P, "write_bytes", lambda self, data: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError):
        write_gif([gif_frame(png.getvalue())] * 2, tmp_path / "series.gif")
    assert list(tmp_path.iterdir()) == []


COUNT_CANVAS_CALLS_JS = """
() => {
  window.__calls = {arc: 0, drawImage: 0};
  for (const name of ["arc", "drawImage"]) {
    const real = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function () {
      window.__calls[name] += 1;
      return real.apply(this, arguments);
    };
  }
}
"""


def test_a_large_layers_circles_are_stamped_not_drawn_one_path_each(renderer, bundled, monkeypatch):
    """Above the detail limit every place is a circle on one canvas; drawing each as a path took 1.2 s of a
    date move at 100,000 places. A circle of each look is drawn once and stamped for every place."""
    monkeypatch.setattr(mapview, "DETAIL_LIMIT", 10)
    html = standalone_html(bundled, view_on("1950-01-01"), 1000, 700)

    def use(browser):
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        try:
            page.set_content(html, wait_until="load")
            page.wait_for_function(READY_JS, timeout=30_000)
            page.evaluate(COUNT_CANVAS_CALLS_JS)
            page.evaluate("ThawAtlas.view({day: '1970-01-01'})")
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
            shown = page.evaluate("ThawAtlas.atlas.markers.list.filter((m) => m._map).length")
            return shown, page.evaluate("window.__calls")
        finally:
            page.close()

    renderer.close()  # a fresh browser: a test before may have killed this one
    shown, calls = renderer.run(use)
    assert shown > 200
    assert calls["drawImage"] > 0.9 * shown  # the canvas drawn again: a stamp for each place on it
    assert calls["arc"] <= 12  # one circle for each look (status, ring, period), not one a place


def test_a_pngs_page_fetches_its_places_from_the_loopback_and_does_not_carry_them(renderer, bundled, monkeypatch):
    """At 100,000 places the data is 29 MB: carried in the page, it was copied by folium's render and by
    Playwright's message to Chromium. The PNG's page is opened from the renderer's loopback and fetches it."""
    pages = []
    png = renderer.png
    monkeypatch.setattr(renderer, "png", lambda html, *args, **kw: (pages.append(html), png(html, *args, **kw))[1])
    view = view_on("1960-01-01")
    shot = render_png(renderer, bundled, Snapshot(view, 800, 500))
    places = mapview.places_json(bundled)
    assert places in standalone_html(bundled, view, 800, 500, controls=False)  # the file to download keeps it
    assert places not in pages[0] and renderer._loopback.origin in pages[0]
    assert renderer.blocked == []
    assert shot == render_png(renderer, bundled, Snapshot(view, 800, 500))  # drawn whole, the same each time
