"""Hostile data in real Chromium: no text from a file runs as code, and the snapshot renderer lets no request
out, not even to a server on this machine."""

import copy
import datetime as dt
import http.server
import json
import threading
from urllib.request import urlopen

import pytest

from geodata.io import layer_from_collection
from map_app.server import running_app
from map_app.snapshot import READY_JS, Renderer, Snapshot, render_png, standalone_html
from map_app.view import View

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 1; alert(1)">',
    '"><svg onload="window.__pwned = 1">',
    "'><iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "${window.__pwned = 1}",
    "`; window.__pwned = 1; `",
    "\\u0060</script><script>window.__pwned = 1</script>",
]
HOSTILE_URL = 'https://example.org/"onmouseover="window.__pwned=1"x="'


def hostile_collection(bundled_collection) -> dict:
    """Copies of a real feature with a payload in every text field and an attribute-breaking source URL."""
    base = next(f for f in bundled_collection["features"] if f["id"] == "volgograd")
    features = []
    for i, payload in enumerate(PAYLOADS):
        f = copy.deepcopy(base)
        fid = f"hostile-{i}"
        f["id"] = f["properties"]["id"] = fid
        f["geometry"]["coordinates"] = [44.5, 48.7 + 0.6 * i]  # apart, so none hides in a cluster
        props = f["properties"]
        props["description"] = payload
        for name in props["names"]:
            name["name"] = name["latin"] = payload + name["latin"]
            name["state"] = payload + " " + name["state"]  # the state still names the USSR, so it validates
        for source in props["sources"]:
            source["title"] = payload
            source["url"] = HOSTILE_URL
        features.append(f)
    return {"type": "FeatureCollection", "features": features}


ATTACK_CHECK_JS = """
async () => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = window[key];
  const markers = [];
  map.eachLayer(l => { if (l instanceof L.CircleMarker) markers.push(l); });
  for (const m of markers) {
    m.fire('mouseover'); m.openPopup();
    await new Promise(r => setTimeout(r, 20));
    document.querySelectorAll('.leaflet-popup-content a').forEach(a => a.dispatchEvent(new MouseEvent('mouseover')));
    m.fire('mouseout'); m.closePopup();
  }
  return {markers: markers.length, pwned: window.__pwned === 1};
}
"""


def hooked(page, alerts):
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.alert = (m) => { window.__alerted = String(m); };")


def test_the_layer_with_payloads_is_valid_so_the_payloads_reach_the_page(bundled_collection):
    layer = layer_from_collection(hostile_collection(bundled_collection), "hostile.geojson")
    assert len(layer) == len(PAYLOADS)


def test_no_payload_runs_in_the_exported_html(chromium_path, bundled_collection, tmp_path):
    layer = layer_from_collection(hostile_collection(bundled_collection), "hostile.geojson")
    view = View(date=dt.date(1950, 1, 1), period=(dt.date(1925, 1, 1), dt.date(2000, 1, 1)))
    path = tmp_path / "hostile.html"
    path.write_text(standalone_html(layer, view), encoding="utf-8")
    alerts = []

    def check(browser):
        page = browser.new_page()
        hooked(page, alerts)
        page.goto(path.as_uri())
        page.wait_for_function(READY_JS, timeout=30_000)
        result = page.evaluate(ATTACK_CHECK_JS)
        result["alerted"] = page.evaluate("window.__alerted || null")
        text = page.locator(".folium-map").inner_text()
        page.close()
        return result, text

    with Renderer() as renderer:
        result, text = renderer.run(check)
    assert result["markers"] == len(PAYLOADS)
    assert not result["pwned"] and result["alerted"] is None and alerts == []
    assert PAYLOADS[0] + "Stalingrad" in text  # shown as text, not run


def test_no_payload_runs_in_the_app(chromium_path, bundled_collection, tmp_path):
    data = tmp_path / "hostile.geojson"
    data.write_text(json.dumps(hostile_collection(bundled_collection)), encoding="utf-8")
    with running_app(data) as (url, _process):
        alerts = []

        def check(browser):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            hooked(page, alerts)
            page.goto(url + "/?date=1950-01-01")
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator(".leaflet-marker-pane, .leaflet-overlay-pane path").first.wait_for(
                state="attached", timeout=60_000)
            page.get_by_placeholder("Stalinabad").fill("window")
            page.get_by_placeholder("Stalinabad").press("Enter")
            page.get_by_text("Matches").wait_for(timeout=20_000)
            map_frame = next(f for f in page.frames if f.evaluate("typeof L !== 'undefined'"))
            result = map_frame.evaluate(ATTACK_CHECK_JS)
            flags = [f.evaluate("window.__pwned === 1 || !!window.__alerted") for f in page.frames]
            page.close()
            return result, flags

        with Renderer() as renderer:
            result, flags = renderer.run(check)
    assert result["markers"] == len(PAYLOADS)
    assert not result["pwned"] and not any(flags) and alerts == []


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_snapshot_of_a_file_pointing_at_a_local_server_sends_it_nothing(chromium_path, bundled_collection):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_port}/"
    try:
        collection = hostile_collection(bundled_collection)
        for f in collection["features"]:
            f["properties"]["description"] = f'<img src="{local}probe.png"><link rel="stylesheet" href="{local}x.css">'
            for source in f["properties"]["sources"]:
                source["url"] = local + "source"
        layer = layer_from_collection(collection, "probe.geojson")
        view = View(date=dt.date(1950, 1, 1), period=(dt.date(1925, 1, 1), dt.date(2000, 1, 1)))
        with Renderer() as renderer:
            png = render_png(renderer, layer, Snapshot(view, 800, 500))
            # and a page that does ask for the local server (as a tile or image would) is stopped
            html = standalone_html(layer, view, 800, 500).replace("<body>", f'<body><img src="{local}probe.png">', 1)
            renderer.png(html, 800, 500)
            blocked = list(renderer.blocked)
        assert png.startswith(b"\x89PNG")
        assert blocked == [local + "probe.png"]
        urlopen(local + "control", timeout=5)  # the server does answer requests that are made
        assert CountingHandler.hits == ["/control"]
    finally:
        server.shutdown()


def test_one_renderer_serves_calls_from_different_threads(chromium_path, bundled):
    """Streamlit reruns in new threads; a cached renderer must still work."""
    view = View(date=dt.date(1960, 1, 1), period=(dt.date(1956, 1, 1), dt.date(1962, 1, 1)))
    results = []
    with Renderer() as renderer:
        for _ in range(2):
            thread = threading.Thread(target=lambda: results.append(render_png(renderer, bundled,
                                                                                 Snapshot(view, 400, 300))))
            thread.start()
            thread.join()
    assert len(results) == 2 and all(r.startswith(b"\x89PNG") for r in results)
