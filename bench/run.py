"""Thaw Atlas benchmarks: queries, map build, redraw in a real browser, PNG snapshots, app memory.

    python bench/run.py            # sizes 100, 1,000, 10,000, 100,000 and the bundled layer (several minutes)
    python bench/run.py --quick    # up to 10,000 in process; PNG for the bundled layer only; the app in
                                   # the browser for the bundled layer and 1,000; slow baselines up to 1,000

Prints a table, then a last line of JSON with every figure. Each figure sits beside its baseline (a plain
Python loop, plain folium, a fresh browser per PNG) and the ratio baseline / ours. See bench/README.md.
"""

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import folium
import folium.plugins
import generate

import geodata.cache
import geodata.io
from geodata.dates import as_day
from geodata.layer import fold
from geodata.search import search
from geodata.timeline import events_between, state_on
from map_app import mapview
from map_app.server import running_app
from map_app.snapshot import CHROMIUM, READY_JS, TWO_FRAMES_JS, Renderer, Snapshot, render_png, standalone_html
from map_app.view import DEFAULTS

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
VIEW = DEFAULTS  # the app's default view: 5 Mar 1953, events 1956-1962
DAY = VIEW.date
PERIOD = VIEW.period
QUERIES = ("stalin", "Сталинград", "novo")  # many hits, a Cyrillic query, a common prefix


@dataclass
class Figures:
    """Every figure for one layer. Times in the unit their name says; None = not measured (see notes)."""

    name: str
    features: int
    file_mb: float = 0.0
    load_s: float | None = None  # read, parse and validate: a file never seen
    load_seen_s: float | None = None  # the same file again, in a new process (geodata.cache)
    state_ms: float | None = None
    state_loop_ms: float | None = None
    events_ms: float | None = None
    events_loop_ms: float | None = None
    search_ms: float | None = None
    search_loop_ms: float | None = None
    map_build_s: float | None = None  # per rerun: base_map + view_group, rendered to HTML (data cached)
    map_build_first_s: float | None = None  # the first build for a layer (also makes every popup's HTML)
    map_mb: float | None = None
    geojson_build_s: float | None = None
    geojson_mb: float | None = None
    cluster_build_s: float | None = None
    cluster_mb: float | None = None
    first_map_s: float | None = None  # app: from opening the URL to markers painted (median of 3 visits)
    redraw_ms: float | None = None  # app: from the key press on the date slider to the new markers drawn
    scrub_fps: float | None = None  # app: frames showing a new date per second while the slider is dragged
    simple_first_map_s: float | None = None  # the same two for bench/simple_app.py, the baseline of issue 11
    simple_redraw_ms: float | None = None
    app_png_s: float | None = None  # app: from the click on "Render PNG" to the download button (issue 12)
    app_png_again_s: float | None = None  # ... the same click once more
    app_peak_mb: float | None = None
    png_cold_s: float | None = None
    png_warm_s: float | None = None
    png_fresh_s: float | None = None  # baseline: a new browser for every export
    html_open_s: float | None = None  # standalone HTML from a file: from navigation to the map drawn
    html_date_ms: float | None = None  # ... and a date change inside it, until two frames later (median)
    html_date_first_ms: float | None = None  # ... the first change after opening (its code not yet compiled)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    quick: bool
    sizes: tuple[int, ...]
    query_runs: int
    loop_runs: int
    map_runs: int
    presses: tuple[str, ...]
    slow_baseline_max: int  # MarkerCluster and extra fresh-browser PNGs only up to this size
    png_max: int  # PNG snapshots only up to this size (the bundled layer always)
    app_max: int  # the app-in-a-browser step only up to this size (the bundled layer always)
    seed: int = 0


def make_plan(quick: bool, seed: int) -> Plan:
    if quick:
        return Plan(True, (100, 1_000, 10_000), query_runs=5, loop_runs=3, map_runs=2,
                    presses=("End", "Home", "End"), slow_baseline_max=1_000, png_max=0, app_max=1_000, seed=seed)
    return Plan(False, generate.SIZES, query_runs=9, loop_runs=3, map_runs=3, presses=("End", "Home", "End"),
                slow_baseline_max=10_000, png_max=10_000, app_max=100_000, seed=seed)


# ---------------------------------------------------------------- timing


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def median_seconds(fn, runs: int) -> float:
    return statistics.median(timed(fn)[1] for _ in range(runs))


# ---------------------------------------------------------------- baselines: straightforward loops


def loop_state_on(layer, day):
    """Status of every feature on a day, one feature at a time."""
    d = as_day(day)
    out = {}
    for place in layer.places:
        current = -1
        for i, name in enumerate(place.names):
            if name.start is None or name.start.date.lo <= d:
                current = i
            else:
                break
        name = place.names[max(current, 0)]
        ended = name.end is not None and name.end.date.lo <= d
        if place.monument is not None:
            m = place.monument
            if d < m.unveiled.date.lo:
                status = "absent"
            elif m.removed is None or d < m.removed.date.lo:
                status = "standing"
            else:
                status = "removed"
        elif current < 0 or (ended and current == len(place.names) - 1):
            status = "absent"
        elif current >= 0 and name.stalin and not ended:
            status = "stalin_name"
        elif current >= 0 and (name.stalin or any(n.stalin for n in place.names[:current])):
            status = "renamed"
        else:
            status = "not_yet"
        out[place.id] = (name.latin, status)
    return out


def loop_events_between(layer, start, end):
    a, b = as_day(start), as_day(end)
    found = []
    for place in layer.places:
        if place.monument is not None:
            facts = [("unveiled", place.monument.unveiled), ("removed", place.monument.removed)]
        else:
            facts = [("renamed" if i else "named", n.start) for i, n in enumerate(place.names) if n.start]
        for kind, fact in facts:
            if fact is not None and fact.date.lo <= b and fact.date.hi >= a:
                found.append((fact.date.lo, place.id, kind))
    found.sort()
    return found


def loop_search(layer, query, limit=20):
    """Fold every name and test it, as a first implementation would (no prepared index)."""
    q = fold(query)
    ranked = []
    for position, place in enumerate(layer.places):
        best = None
        for name in place.names:
            for text in (name.name, name.latin):
                key = fold(text)
                if q in key:
                    rank = 0 if key == q else 1 if key.startswith(q) else 2
                    best = rank if best is None else min(best, rank)
        if best is not None:
            ranked.append((best, position, place.id))
    ranked.sort()
    return [fid for _, _, fid in ranked[:limit]]


# ---------------------------------------------------------------- map build


def html_bytes(m: folium.Map) -> int:
    return len(m.get_root().render().encode("utf-8"))


EMPTY_MAP_BYTES = html_bytes(folium.Map(tiles=None))


def app_map_bytes(layer, view) -> int:
    """What the app builds on a rerun: the base map's HTML (the same on every date move, so streamlit-folium
    keeps the map) and the view element (rendered on a bare map)."""
    base = mapview.base_map(layer, view)
    holder = folium.Map(tiles=None)
    mapview.view_group(view).add_to(holder)
    return html_bytes(base) + html_bytes(holder) - EMPTY_MAP_BYTES


def geojson_map_bytes(layer, names) -> int:
    """Baseline: plain folium.GeoJson of every feature with a name tooltip."""
    features = [{"type": "Feature", "geometry": place.geometry, "properties": {"name": name}}
                for place, name in zip(layer.places, names, strict=True)]
    m = folium.Map(tiles=None)
    folium.GeoJson({"type": "FeatureCollection", "features": features},
                   tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
    return html_bytes(m)


def cluster_map_bytes(layer, names) -> int:
    """Baseline: folium.plugins.MarkerCluster of one folium.Marker per feature."""
    m = folium.Map(tiles=None)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    frame = layer.features
    for lat, lon, name in zip(frame["lat"], frame["lon"], names, strict=True):
        folium.Marker([lat, lon], tooltip=name).add_to(cluster)
    return html_bytes(m)


# ---------------------------------------------------------------- app in a browser


def peak_rss_mb(pid: int) -> float | None:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


# detailed maps draw SVG paths and labels; compact ones (large layers) one canvas per marker group
MARKERS = (".leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane canvas, .thaw-label, "
           ".marker-cluster, .leaflet-marker-icon")
# In every frame of the page: note in the top window, by the page's own clock, the time two animation frames
# after the first markers appeared. Playwright, polling the main frame for the map's frame and then that frame
# for markers, saw them 0.3-1 s after the page had painted them on this 2-core machine.
FIRST_MAP_INIT = f"""
(() => {{
  const check = () => {{
    if (!document.querySelector({json.dumps(MARKERS)})) {{ setTimeout(check, 10); return; }}
    requestAnimationFrame(() => requestAnimationFrame(() => {{
      try {{
        if (window.top.__thawFirstMap == null) window.top.__thawFirstMap = performance.timeOrigin + performance.now();
      }} catch (e) {{}}
    }}));
  }};
  check();
}})();
"""
# Wait until the page's atlas has applied a view of another day (the map restyled in place), then two
# animation frames (the restyle painted), and note the time. A remounted map would start a new atlas.
ARM_FRAME_JS = """
() => {
  window.__thawDone = null;
  const old = ThawAtlas.atlas.state.day;
  ThawAtlas.on((what, state) => {
    if (what !== 'view' || state.day === old || window.__thawDone !== null) return;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__thawDone = performance.timeOrigin + performance.now();
    }));
  });
}
"""
ARM_PAGE_JS = """
() => {
  window.__thawKey = null;
  document.addEventListener('keydown', () => { window.__thawKey = performance.timeOrigin + performance.now(); },
                            {capture: true, once: true});
}
"""


def arm_our_map(page, frame):
    """Our map is restyled in its frame: its atlas says when it applied the new day."""
    frame.evaluate(ARM_FRAME_JS)
    return frame


def arm_simple_map(page, frame):
    """The simple app's map is a new frame: the page watches for it."""
    page.evaluate(MARK_OLD_JS)
    return page


FIRST_MAP_VISITS = 3  # the median of these; one visit varies by 0.5 s on two cores


def first_map_seconds(page, address, timeout_s):
    """Open an app; the time from the request to its first markers painted, by the page's clock
    (FIRST_MAP_INIT), and the map's frame."""
    page.add_init_script(FIRST_MAP_INIT)
    start = time.time() * 1000
    page.goto(address, timeout=timeout_s * 1000)
    frame = page.wait_for_selector(IFRAME, timeout=timeout_s * 1000).content_frame()
    page.wait_for_function("() => window.__thawFirstMap != null", timeout=timeout_s * 1000, polling=50)
    return (page.evaluate("window.__thawFirstMap") - start) / 1000, frame


def median_first_map(browser, address, timeout_s, last: float) -> float:
    """The median first map of FIRST_MAP_VISITS visits, `last` being the one the date moves followed."""
    times = [last]
    for _ in range(FIRST_MAP_VISITS - 1):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            times.append(first_map_seconds(page, address, timeout_s)[0])
        finally:
            page.close()
    return statistics.median(times)


PAGE_QUIET_JS = """
async () => {  // Streamlit's script has not run for 300 ms: the page has loaded whatever follows the map
  const app = () => document.querySelector('[data-testid="stApp"]');
  let quietSince = performance.now();
  while (performance.now() - quietSince < 300) {
    await new Promise(r => setTimeout(r, 20));
    if (!app() || app().getAttribute('data-test-script-state') === 'running') quietSince = performance.now();
  }
}
"""


def first_map_and_moves(page, address, presses, timeout_s, arm) -> tuple[float, list[float]]:
    """Open an app, time its first map, then each date move by key press on the map date slider, until
    window.__thawDone is set where `arm(page, frame)` says (milliseconds from the key press). The first map is
    timed from the request to its markers painted, by the page's clock (FIRST_MAP_INIT). The moves start once
    the page has loaded (PAGE_QUIET_JS), as a user's would: a key pressed while the page still loads its
    tables times the loading as well."""
    first_map, frame = first_map_seconds(page, address, timeout_s)
    page.evaluate(PAGE_QUIET_JS)
    thumb = page.get_by_role("slider").first
    moves = []
    for key in presses:
        where = arm(page, frame)
        page.evaluate(ARM_PAGE_JS)
        thumb.focus()
        thumb.press(key)
        where.wait_for_function("() => window.__thawDone !== null", timeout=timeout_s * 1000, polling=50)
        moves.append(where.evaluate("window.__thawDone") - page.evaluate("window.__thawKey"))
    return first_map, moves


SCRUB_STEPS = 60  # mouse moves back along half the date slider (the moves left it at its end), as fast as
# Playwright sends them
COUNT_FRAMES_JS = """
() => {  // each animation frame that follows a view of a new date: the frames a dragging user sees change
  window.__scrubFrames = [];
  let changed = false;
  ThawAtlas.on((what) => { if (what === 'view') changed = true; });
  const tick = (t) => { if (changed) { window.__scrubFrames.push(t); changed = false; } requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}
"""


def scrub_frames_per_second(page, frame) -> float:
    """Drag the map date slider's thumb back along half the slider with the button held (Streamlit sends nothing
    until it is let go): how many frames a second show the map at a new date. The simple app has no figure:
    its map changes only when the slider is let go."""
    frame.evaluate(COUNT_FRAMES_JS)
    knob = page.get_by_role("slider").first.locator("xpath=..").bounding_box()
    x, y = knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2
    width = page.get_by_test_id("stSlider").first.bounding_box()["width"]
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, SCRUB_STEPS + 1):
        page.mouse.move(x - 0.5 * width * k / SCRUB_STEPS, y)
    page.mouse.up()
    frames = frame.evaluate("window.__scrubFrames")
    return (len(frames) - 1) / ((frames[-1] - frames[0]) / 1000) if len(frames) > 1 else 0.0


def app_png_seconds(page, timeout_s) -> tuple[float, float]:
    """Open the export panel, click "Render PNG" and wait for the download button, as a user would; then move
    the date (which drops the PNG made for the old view) and do it again."""
    page.get_by_text("Export", exact=True).click()
    download = page.get_by_role("button", name="Download PNG")
    times = []
    for key in ("Home", None):
        start = time.perf_counter()
        page.get_by_role("button", name="Render PNG").click()
        download.wait_for(timeout=timeout_s * 1000)
        times.append(time.perf_counter() - start)
        if key:
            page.get_by_role("slider").first.press(key)
            download.wait_for(state="hidden", timeout=timeout_s * 1000)
    return times[0], times[1]


def measure_app(browser, data_path: Path | None, presses, timeout_s: float, figures: Figures):
    """Open the app at 1950-01-01, wait for markers, move the date slider with the keyboard, time the redraw."""
    log_path = generate.OUT / f"streamlit-{figures.name}.log"
    with open(log_path, "w") as log, running_app(data_path, log) as (url, process):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            _drive_app(page, url, presses, timeout_s, figures)
            if figures.first_map_s is not None:
                figures.first_map_s = median_first_map(browser, url + "/?date=1950-01-01", timeout_s,
                                                       figures.first_map_s)
        finally:
            page.close()
            figures.app_peak_mb = peak_rss_mb(process.pid)


def _drive_app(page, url, presses, timeout_s, figures):
    blocked = []

    def only_the_app(route):
        if route.request.url.startswith((url, "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    try:
        page.route("**/*", only_the_app)
        figures.first_map_s, redraws = first_map_and_moves(page, url + "/?date=1950-01-01", presses, timeout_s,
                                                           arm_our_map)
        figures.redraw_ms = statistics.median(redraws)
        if len(redraws) > 1:
            figures.notes.append("redraw ms each: " + ", ".join(f"{r:.0f}" for r in redraws))
        figures.scrub_fps = scrub_frames_per_second(page, page.wait_for_selector(IFRAME).content_frame())
        figures.app_png_s, figures.app_png_again_s = app_png_seconds(page, timeout_s)
    except Exception as exc:  # a timeout or a remounted iframe: keep the other figures
        figures.notes.append(f"app step failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    if blocked:
        figures.notes.append(f"{len(blocked)} non-loopback requests blocked, e.g. {blocked[0][:80]}")


# The simple app's map is a new iframe after each date move: mark the map shown now, and note the time two
# frames after a map that is not the marked one has markers again.
MARK_OLD_JS = f"""
() => {{
  window.__thawDone = null;
  document.querySelectorAll({json.dumps(IFRAME)}).forEach((f) => {{ f.contentWindow.__old = true; }});
  const fresh = () => Array.prototype.some.call(document.querySelectorAll({json.dumps(IFRAME)}), (f) =>
    f.contentWindow && !f.contentWindow.__old && f.contentDocument &&
    f.contentDocument.querySelectorAll({json.dumps(MARKERS)}).length > 0);
  const check = () => {{
    if (fresh()) {{
      requestAnimationFrame(() => requestAnimationFrame(() => {{
        window.__thawDone = performance.timeOrigin + performance.now(); }}));
    }} else {{ requestAnimationFrame(check); }}
  }};
  requestAnimationFrame(check);
}}
"""


def measure_simple(browser, data_path: Path | None, presses, timeout_s: float, figures: Figures):
    """bench/simple_app.py, the app a user would write first, timed the same way: first map, date moves."""
    with running_app(data_path, script=Path(__file__).with_name("simple_app.py")) as (url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            first_map, moves = first_map_and_moves(page, url + "/", presses, timeout_s, arm_simple_map)
            figures.simple_redraw_ms = statistics.median(moves)
            figures.simple_first_map_s = median_first_map(browser, url + "/", timeout_s, first_map)
        except Exception as exc:
            figures.notes.append(f"simple app failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        finally:
            page.close()


# ---------------------------------------------------------------- one layer


SEEN_LOAD = "import sys, time; from geodata import load_layer; t = time.perf_counter(); load_layer(sys.argv[1]); " \
            "print(time.perf_counter() - t)"


def seen_load_seconds(path: Path) -> float:
    """The load of a file already seen, in a new process, as a restarted server meets it: measured here beside
    the layer of the first load, it was slowed by that layer's million objects."""
    done = subprocess.run([sys.executable, "-c", SEEN_LOAD, str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def measure_layer(name: str, path: Path, plan: Plan, figures_log) -> Figures:
    """Everything measured in this process; the app step comes later (Playwright allows one sync API at a time)."""
    for entry in geodata.cache.folder().glob("layer-*.pickle"):
        entry.unlink()  # never seen
    layer, load_s = timed(lambda: geodata.io.load_layer(path))
    load_seen_s = seen_load_seconds(path)
    f = Figures(name, len(layer), file_mb=path.stat().st_size / 1e6, load_s=load_s, load_seen_s=load_seen_s)
    n = len(layer)
    print(f"[{name}] loaded {n} features in {load_s:.2f} s", file=figures_log, flush=True)

    f.state_ms = 1000 * median_seconds(lambda: state_on(layer, DAY), plan.query_runs)
    f.state_loop_ms = 1000 * median_seconds(lambda: loop_state_on(layer, DAY), plan.loop_runs)
    f.events_ms = 1000 * median_seconds(lambda: events_between(layer, *PERIOD), plan.query_runs)
    f.events_loop_ms = 1000 * median_seconds(lambda: loop_events_between(layer, *PERIOD), plan.loop_runs)
    f.search_ms = 1000 * statistics.median(
        timed(lambda q=q: search(layer, q))[1] for _ in range(plan.query_runs) for q in QUERIES)
    f.search_loop_ms = 1000 * statistics.median(
        timed(lambda q=q: loop_search(layer, q))[1] for _ in range(plan.loop_runs) for q in QUERIES)
    check_agreement(layer, f)

    sizes, times = [], []
    for _ in range(plan.map_runs if n <= 10_000 else 2):
        size, seconds = timed(lambda: app_map_bytes(layer, VIEW))
        sizes.append(size)
        times.append(seconds)
    f.map_build_first_s, f.map_build_s, f.map_mb = times[0], statistics.median(times[1:]), sizes[-1] / 1e6
    names = state_on(layer, DAY)["latin"].tolist()
    size, f.geojson_build_s = timed(lambda: geojson_map_bytes(layer, names))
    f.geojson_mb = size / 1e6
    if n <= plan.slow_baseline_max:
        size, f.cluster_build_s = timed(lambda: cluster_map_bytes(layer, names))
        f.cluster_mb = size / 1e6
    else:
        f.notes.append(f"MarkerCluster baseline skipped above {plan.slow_baseline_max:,} features")
    print(f"[{name}] queries and map build done", file=figures_log, flush=True)

    if name == "bundled" or n <= plan.png_max:
        measure_png(layer, f, extra_fresh=2 if n <= 1_000 and not plan.quick else 0)
        measure_standalone(layer, f, generate.OUT)
        print(f"[{name}] PNG done", file=figures_log, flush=True)
    else:
        f.notes.append(f"PNG skipped above {plan.png_max:,} features" + (" in --quick" if plan.quick else ""))
    return f


def measure_png(layer, f: Figures, extra_fresh: int):
    """Cold: a new Renderer's first PNG (browser start included); warm: its second; fresh: new browser each."""
    snapshot = Snapshot(VIEW)
    timeout = 240 if len(layer) > 1_000 else 60
    try:
        with Renderer(timeout=timeout) as renderer:
            _, f.png_cold_s = timed(lambda: render_png(renderer, layer, snapshot))
            _, f.png_warm_s = timed(lambda: render_png(renderer, layer, snapshot))
        fresh = [f.png_cold_s]
        for _ in range(extra_fresh):
            with Renderer(timeout=timeout) as other:
                fresh.append(timed(lambda: render_png(other, layer, snapshot))[1])
        f.png_fresh_s = statistics.median(fresh)
        if not extra_fresh:
            f.notes.append("PNG fresh-browser baseline = the cold render (1 sample)")
    except Exception as exc:
        f.notes.append(f"PNG failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")


DATE_CHANGE_DAYS = ("1962-06-01", "1950-01-01", "1995-06-01")  # three times over: the median of the eight
# changes after the first, and the first apart (the page's code for a change is compiled during it)
DATE_CHANGE_JS = """
async (day) => {
  const start = performance.now();
  ThawAtlas.view({day: day});
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - start;
}
"""


def measure_standalone(layer, f: Figures, folder: Path):
    """The exported time machine opened from a file in headless Chromium: time to drawn, and a date change."""
    path = folder / f"standalone-{f.name}.html"
    path.write_text(standalone_html(layer, VIEW), encoding="utf-8")

    def use(browser):
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        try:
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(READY_JS, polling=20)
            page.evaluate(TWO_FRAMES_JS)  # drawn: the first change then starts from a painted page
            opened = time.perf_counter() - start
            changes = [page.evaluate(DATE_CHANGE_JS, day) for day in DATE_CHANGE_DAYS * 3]
            return opened, changes[0], statistics.median(changes[1:])
        finally:
            page.close()

    try:
        with Renderer(timeout=120) as renderer:
            f.html_open_s, f.html_date_first_ms, f.html_date_ms = renderer.run(use)
    except Exception as exc:
        f.notes.append(f"standalone HTML failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")


def check_agreement(layer, f: Figures):
    """The loop baselines must compute the same thing as the library, or their ratios mean nothing."""
    ours = state_on(layer, DAY)["status"]
    loop = loop_state_on(layer, DAY)
    differ = sum(loop[fid][1] != status for fid, status in ours.items())
    events = len(events_between(layer, *PERIOD))
    looped = len(loop_events_between(layer, *PERIOD))
    if differ or events != looped:
        f.notes.append(f"baseline disagrees: {differ} statuses, events {events} vs {looped}")


# ---------------------------------------------------------------- report


def ratio(base, ours) -> str:
    if not (base and ours):
        return ""
    r = base / ours
    return f"x{r:.0f}" if r >= 10 else f"x{r:.2g}"


def cell(ours, base=None, fmt="{:.1f}") -> str:
    if ours is None:
        return "-"
    text = fmt.format(ours)
    if base is not None:
        text += f" ({fmt.format(base)}, {ratio(base, ours)})"
    return text


ROWS = (
    ("load + validate s", lambda f: cell(f.load_s, fmt="{:.2f}")),
    ("load, file already seen s", lambda f: cell(f.load_seen_s, fmt="{:.2f}")),
    ("state on a date ms (loop)", lambda f: cell(f.state_ms, f.state_loop_ms)),
    ("events in a period ms (loop)", lambda f: cell(f.events_ms, f.events_loop_ms)),
    ("name search ms (loop)", lambda f: cell(f.search_ms, f.search_loop_ms)),
    ("map build s (GeoJson)", lambda f: cell(f.map_build_s, f.geojson_build_s, "{:.2f}")),
    ("map build s (MarkerCluster)", lambda f: cell(f.map_build_s, f.cluster_build_s, "{:.2f}")),
    ("map build s, first", lambda f: cell(f.map_build_first_s, fmt="{:.2f}")),
    ("payload MB (GeoJson)", lambda f: cell(f.map_mb, f.geojson_mb, "{:.2f}")),
    ("payload MB (MarkerCluster)", lambda f: cell(f.map_mb, f.cluster_mb, "{:.2f}")),
    ("app first map s (simple app)", lambda f: cell(f.first_map_s, f.simple_first_map_s, "{:.1f}")),
    ("date move settled ms (simple app)", lambda f: cell(f.redraw_ms, f.simple_redraw_ms, "{:.0f}")),
    ("scrub frames/s while dragging", lambda f: cell(f.scrub_fps, fmt="{:.1f}")),
    ("PNG warm s (fresh browser)", lambda f: cell(f.png_warm_s, f.png_fresh_s, "{:.2f}")),
    ("app PNG s, click to download", lambda f: cell(f.app_png_s, fmt="{:.2f}")),
    ("app PNG s, the next click", lambda f: cell(f.app_png_again_s, fmt="{:.2f}")),
    ("PNG cold s", lambda f: cell(f.png_cold_s, fmt="{:.2f}")),
    ("standalone HTML open s", lambda f: cell(f.html_open_s, fmt="{:.2f}")),
    ("standalone HTML date change ms", lambda f: cell(f.html_date_ms, fmt="{:.0f}")),
    ("standalone HTML first change ms", lambda f: cell(f.html_date_first_ms, fmt="{:.0f}")),
    ("app peak RSS MB", lambda f: cell(f.app_peak_mb, fmt="{:.0f}")),
)


def table(results: list[Figures]) -> str:
    header = ["figure"] + [f"{f.name} ({f.features:,})" if f.name == "bundled" else f"{f.features:,}"
                           for f in results]
    lines = [[label] + [show(f) for f in results] for label, show in ROWS]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = [" | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)),
           "-|-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in lines]
    return "\n".join(out)


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gb": round(mem_kb / 1024**2, 1),
            "python": platform.python_version(), "load_avg_start": round(os.getloadavg()[0], 2)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 10,000, fewer repetitions")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", type=int, nargs="*", help="override the sizes")
    parser.add_argument("--profile", help="cProfile one step and print the top functions: "
                        "map, load, state, events, search (with --sizes N)")
    args = parser.parse_args(argv)
    plan = make_plan(args.quick, args.seed)
    if args.sizes:
        plan = Plan(**{**asdict(plan), "sizes": tuple(args.sizes)})
    if args.profile:
        return profile(args.profile, plan)

    os.environ.setdefault("THAW_ATLAS_CACHE", str(generate.OUT / "cache"))  # the bench's own, emptied per layer
    started = time.perf_counter()
    info = machine()
    paths = [("bundled", geodata.io.BUNDLED_LAYER)] + [(f"{n}", generate.ensure(n, plan.seed)) for n in plan.sizes]
    from playwright.sync_api import sync_playwright

    results = [measure_layer(name, path, plan, sys.stderr) for name, path in paths]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for f, (_, path) in zip(results, paths, strict=True):
                if f.name != "bundled" and f.features > plan.app_max:
                    f.notes.append(f"app step skipped above {plan.app_max:,} features"
                                   + (" in --quick" if plan.quick else ""))
                    continue
                data = None if path == geodata.io.BUNDLED_LAYER else path
                presses = plan.presses if f.features <= 10_000 else plan.presses[:1]
                timeout = 900 if f.features > 10_000 else 180
                measure_app(browser, data, presses, timeout_s=timeout, figures=f)
                measure_simple(browser, data, presses, timeout_s=timeout, figures=f)
                print(f"[{f.name}] app done", file=sys.stderr, flush=True)
        finally:
            browser.close()
    total = time.perf_counter() - started
    info["load_avg_end"] = round(os.getloadavg()[0], 2)

    print(f"Thaw Atlas benchmarks ({'quick' if plan.quick else 'full'}, seed {plan.seed}), "
          f"{info['nproc']} x {info['cpu']}, {info['ram_gb']} GB RAM, {dt.date.today()}")
    print("Cells: ours (baseline, baseline/ours). Times are medians.\n")
    print(table(results))
    for f in results:
        for note in f.notes:
            print(f"note [{f.name}]: {note}")
    print(f"\ntotal {total:.0f} s")
    summary = {"mode": "quick" if plan.quick else "full", "seed": plan.seed, "machine": info,
               "total_s": round(total, 1), "results": [asdict(f) for f in results]}
    print(json.dumps(summary, ensure_ascii=False))


def profile(step: str, plan: Plan):
    """Where the time of one step goes, for the larger of the sizes given."""
    n = max(plan.sizes)
    path = generate.ensure(n, plan.seed)
    steps = {
        "load": lambda: geodata.io.load_layer(path),
        "state": lambda: state_on(layer, DAY),
        "events": lambda: events_between(layer, *PERIOD),
        "search": lambda: search(layer, QUERIES[0]),
        "map": lambda: app_map_bytes(layer, VIEW),
    }
    layer = None if step == "load" else geodata.io.load_layer(path)
    if step == "map":
        app_map_bytes(layer, VIEW)  # the popups are made once per layer; profile a rerun
    profiler = cProfile.Profile()
    profiler.runcall(steps[step])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


if __name__ == "__main__":
    main()
