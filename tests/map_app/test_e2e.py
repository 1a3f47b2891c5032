"""End to end: `streamlit run` on a loopback port, driven in Debian's headless Chromium by Playwright.

Every request that is not to the app itself is blocked, as on a machine with no network.
"""

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from map_app.server import running_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    with running_app() as (url, _process):
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.blocked = []

    def only_the_app(route):
        if route.request.url.startswith((app_url, "data:", "blob:")):
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    yield page
    page.close()


def map_frame(page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


SETTLED_JS = """() => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = key && window[key];
  const popup = document.querySelector('.leaflet-popup');
  return !!map && !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress)
    && !document.querySelector('.leaflet-cluster-anim') && (!popup || getComputedStyle(popup).opacity === '1');
}"""


def wait_until_settled(page):
    """No zoom, pan, cluster or popup animation under way in the map (instead of sleeping)."""
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    frame.wait_for_function(SETTLED_JS, timeout=30_000, polling=50)


def labels(page):
    return map_frame(page).locator(".thaw-label")


def wait_for_label(page, text, timeout=30_000):
    map_frame(page).locator(".thaw-label", has_text=text).first.wait_for(state="attached", timeout=timeout)


def test_the_map_appears_with_markers_and_labels_offline(page, app_url):
    page.goto(app_url + "/?type=city&country=RU,UA,TJ")
    wait_for_label(page, "Stalingrad")
    places = map_frame(page).locator(".leaflet-overlay-pane path.leaflet-interactive, .thaw-cluster")
    assert places.count() >= 5  # markers, and clusters where places stand close (Donetsk and Makiivka)
    borders = map_frame(page).locator(".leaflet-thaw-basemap-pane path")
    borders.first.wait_for(state="attached", timeout=10_000)  # fetched from /app/static/, not the internet
    assert borders.count() > 100
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app.png"))
    assert not [u for u in page.blocked if "/app/static/" in u]


ORDER_JS = """
(() => {
  const seen = (name) => { window.top.__order = window.top.__order || []; if (window.top.__order.indexOf(name) < 0)
    window.top.__order.push(name); };
  const check = () => {
    if (document.querySelector('.thaw-label, .thaw-cluster')) seen('places');
    if (document.querySelector('[data-testid="stDataFrame"]')) seen('table');
    setTimeout(check, 5);
  };
  check();
  let channel;  // streamlit-folium's channel to the app: note each value the map sends
  Object.defineProperty(window, 'Streamlit', {configurable: true, get: () => channel, set: (given) => {
    const send = given.setComponentValue;
    window.__sent = [];
    given.setComponentValue = function (value) { window.__sent.push(value); return send.apply(this, arguments); };
    channel = given;
  }});
})();
"""


def test_the_rest_of_the_page_comes_once_the_map_has_drawn_its_places(page, app_url):
    """The tables' and the chart's modules took the browser's one thread from the map's first drawing; the map
    now says when it has drawn its places, and every later answer of the map says it too."""
    page.add_init_script(ORDER_JS)
    page.goto(app_url + "/?date=1950-01-01")
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=60_000)
    assert page.evaluate("window.__order")[:2] == ["places", "table"]
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    told = [bool(value.get("drawn")) for value in frame.evaluate("window.__sent")]
    assert told[0] is False and True in told  # the first answer comes before the places, then the word
    sent = len(told)
    frame.evaluate("() => window.map.panBy([40, 0], {animate: false})")
    frame.wait_for_function(f"() => window.__sent.length > {sent}", timeout=10_000)
    later = frame.evaluate("window.__sent")[told.index(True):]
    assert all(value.get("drawn") for value in later)


def test_moving_the_map_date_changes_a_label(page, app_url):
    page.goto(app_url + "/?date=1950-01-01&type=city&country=RU")
    wait_for_label(page, "Stalingrad")
    thumb = page.get_by_role("slider").first
    thumb.focus()
    thumb.press("End")  # to the slider's last day
    wait_for_label(page, "Volgograd")
    expect(labels(page).filter(has_text="Stalingrad")).to_have_count(0, timeout=10_000)


def test_search_finds_stalingrad_and_its_popup_shows_sources(page, app_url):
    page.goto(app_url + "/?type=city&country=RU")
    wait_for_label(page, "Stalingrad")
    box = page.get_by_placeholder("Stalinabad")
    box.fill("Сталинград")
    box.press("Enter")
    page.get_by_text("Volgograd (Tsaritsyn, Stalingrad, Volgograd), city, RU").wait_for(timeout=20_000)
    page.get_by_role("button", name="Show on map").click()
    popup = map_frame(page).locator(".leaflet-popup-content")
    popup.wait_for(timeout=30_000)
    text = popup.inner_text()
    assert "Sources" in text and "Stalingrad" in text
    assert popup.locator("a[href^='https://']").count() >= 2
    wait_until_settled(page)  # the popup's fade and pan finish before the picture
    page.screenshot(path=str(ARTIFACTS / "app-search.png"))


STATUS_ON_SCREEN_JS = """
() => {
  const key = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = window[key];
  const b = map.getBounds();
  const markers = [];
  const g = ThawAtlas.atlas.markers.group;
  [g].forEach(g => g.getLayers().forEach(m => {
    if (!b.contains(m.getLatLng())) return;
    const status = m.options.thawStatus;
    // a circle marker has no _icon, so markercluster's getVisibleParent finds only clusters
    const drawn = m._map && m._path;
    const parent = drawn ? null : g.getVisibleParent(m);
    let shown = null;
    if (drawn && m._path.classList.contains('thaw-' + status)) shown = status;
    if (parent && parent._icon) {
      const ring = parent._icon.querySelector('svg[data-statuses]');
      if (ring && ring.dataset.statuses.split(',').some(p => p.startsWith(status + ':'))) shown = status;
    }
    markers.push([m.options.thawId, status, shown]);
  }));
  return {bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()], markers: markers};
}
"""


def test_at_the_default_view_every_place_on_screen_shows_its_status_without_a_click(page, app_url, bundled):
    import datetime as dt

    from map_app.mapview import marker_rows
    from map_app.view import View

    page.goto(app_url)
    frame = map_frame(page)
    frame.locator(".thaw-cluster, path.thaw-marker").first.wait_for(state="attached", timeout=30_000)
    wait_until_settled(page)  # the first frame's fit and the clusters' animation
    seen = frame.locator("body").evaluate(STATUS_ON_SCREEN_JS)
    south, west, north, east = seen["bounds"]
    view = View(date=dt.date(1953, 3, 5), period=(dt.date(1956, 1, 1), dt.date(1962, 12, 31)))
    expected = {r["id"]: r["status"] for r in marker_rows(bundled, view)
                if south <= r["lat"] <= north and west <= r["lon"] <= east}
    assert len(expected) >= 40
    assert {fid: status for fid, status, _ in seen["markers"]} == expected
    assert [m for m in seen["markers"] if m[2] != m[1]] == []  # no status-blind cluster


def test_after_a_date_move_every_cluster_ring_shows_its_places_new_statuses(page, app_url):
    """Only the clusters of restyled places are refreshed, and a ring is rebuilt only when it changes."""
    page.goto(app_url)
    frame = map_frame(page)
    frame.locator(".thaw-cluster").first.wait_for(state="attached", timeout=30_000)
    wait_until_settled(page)
    before = frame.locator("body").evaluate(STATUS_ON_SCREEN_JS)["markers"]
    page.get_by_role("slider").first.press("End")  # to today: most Stalin names gone, some monuments back
    content = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    content.wait_for_function("() => ThawAtlas.atlas.state.day > '2020'", timeout=30_000)
    wait_until_settled(page)
    after = frame.locator("body").evaluate(STATUS_ON_SCREEN_JS)["markers"]
    assert {fid: status for fid, status, _ in after} != {fid: status for fid, status, _ in before}
    assert [m for m in after if m[2] != m[1]] == []
    page.screenshot(path=str(ARTIFACTS / "app-default-view.png"))


def atlas(page):
    return map_frame(page).locator("body")


def test_a_date_move_restyles_the_same_map_by_keyboard_and_by_dragging(page, app_url):
    page.goto(app_url + "/?date=1950-01-01&type=city&country=RU")
    wait_for_label(page, "Stalingrad")
    atlas(page).evaluate("() => { window.__sameMap = ThawAtlas.atlas.markers; }")
    colour = "() => ThawAtlas.atlas.markers.list.map(m => m.options.fillColor).join()"
    before = atlas(page).evaluate(colour)
    thumb = page.get_by_role("slider").first
    thumb.focus()
    thumb.press("End")
    wait_for_label(page, "Volgograd")
    assert atlas(page).evaluate("() => window.__sameMap === ThawAtlas.atlas.markers")  # no new map document
    assert atlas(page).evaluate(colour) != before
    knob = thumb.locator("xpath=..").bounding_box()  # the visible thumb holds the (hidden) range input
    x, y = knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    width = page.get_by_test_id("stSlider").first.bounding_box()["width"]  # 1925 to 2026 along it
    page.mouse.move(x - 0.4 * width, y, steps=10)  # back to about 1985: Volgograd
    page.mouse.move(x - 0.72 * width, y, steps=10)  # and on to about 1953: Stalingrad
    page.mouse.up()
    wait_for_label(page, "Stalingrad")
    assert atlas(page).evaluate("() => window.__sameMap === ThawAtlas.atlas.markers")


def test_the_map_follows_the_date_slider_while_it_is_dragged(page, app_url):
    """Streamlit sends a slider's value when the drag ends; the map follows the slider before that."""
    page.goto(app_url + "/?date=1950-01-01&type=city&country=RU")
    wait_for_label(page, "Stalingrad")
    knob = page.get_by_role("slider").first.locator("xpath=..").bounding_box()
    x, y = knob["x"] + knob["width"] / 2, knob["y"] + knob["height"] / 2
    width = page.get_by_test_id("stSlider").first.bounding_box()["width"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 0.35 * width, y, steps=8)  # about 1985, the button still held
    wait_for_label(page, "Volgograd")
    assert page.evaluate("() => new URL(location.href).searchParams.get('date')") == "1950-01-01"  # no rerun yet
    page.mouse.up()


def test_a_view_sent_for_an_earlier_slider_position_does_not_move_the_map_back(page, app_url):
    """With quick moves the server's answer to the first can come after the second: the slider's day wins."""
    page.goto(app_url + "/?date=1950-01-01&type=city&country=RU")
    wait_for_label(page, "Stalingrad")
    page.get_by_role("slider").first.press("End")
    wait_for_label(page, "Volgograd")
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    shown = frame.evaluate("ThawAtlas.atlas.state.day")
    frame.evaluate("ThawAtlas.sent({day: '1950-01-01'})")  # the answer to a slider position now gone
    assert frame.evaluate("ThawAtlas.atlas.state.day") == shown != "1950-01-01"


def test_every_place_of_the_layer_can_be_selected_and_shows_its_popup(page, app_url, bundled):
    page.goto(app_url + "/?place=stalin-grave")  # not on the map of 1953: its popup opens at its point
    popup = map_frame(page).locator(".leaflet-popup-content")
    popup.wait_for(timeout=30_000)
    assert "Stalin" in popup.inner_text()
    opened = atlas(page).evaluate("""(_, ids) => ids.map(id => {
        const m = ThawAtlas.atlas.markers;
        if (!m.select(id)) return null;
        const popup = m.list[m.ids.indexOf(id)].getPopup();
        return popup && popup.getContent();
    })""", [p.id for p in bundled.places])
    assert len(opened) == len(bundled)
    assert [p.id for p, html in zip(bundled.places, opened, strict=True) if not html] == []


def test_zoom_and_centre_go_to_the_url_and_a_copied_link_restores_them(page, app_url, browser):
    page.goto(app_url + "/?type=city")
    wait_for_label(page, "Stalingrad")
    map_frame(page).locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("() => new URL(location.href).searchParams.has('frame')", timeout=60_000)
    link = page.url
    zoom = int(page.evaluate("() => new URL(location.href).searchParams.get('frame').split(',')[2]"))
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    other.goto(link)
    frame = other.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator(".thaw-label").first.wait_for(state="attached", timeout=30_000)
    zoom_js = ("() => { const k = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);"
               " return window[k].getZoom(); }")
    content = other.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
    with contextlib.suppress(PlaywrightTimeout):  # the page's later runs may still be settling the view
        content.wait_for_function(f"() => ({zoom_js})() === {zoom}", timeout=15_000, polling=100)
    restored = content.evaluate(zoom_js)
    other.close()
    assert restored == zoom


def test_clicking_a_place_puts_it_in_the_url(page, app_url):
    page.goto(app_url + "/?type=city&country=TJ")
    wait_for_label(page, "Stalinabad")
    map_frame(page).locator("path.thaw-marker").first.click(force=True)
    page.wait_for_function("() => new URL(location.href).searchParams.get('place') !== null", timeout=60_000)
    assert "place=" in page.url


def test_a_click_on_a_row_of_the_places_table_selects_that_place_on_the_map(page, app_url):
    page.goto(app_url + "/?type=city&country=TJ")  # one city: Stalinabad, today Dushanbe
    wait_for_label(page, "Stalinabad")
    grid = page.get_by_test_id("stDataFrame").first  # the places on the map, under it
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection box, under the header
    page.wait_for_function("() => new URL(location.href).searchParams.get('place') === 'dushanbe'",
                           timeout=30_000)
    popup = map_frame(page).locator(".leaflet-popup-content")
    popup.wait_for(timeout=30_000)
    assert "Stalinabad" in popup.inner_text()


def test_the_maps_own_panel_plays_the_years_in_the_page(page, app_url):
    page.goto(app_url + "/?date=1950-01-01&type=city&country=RU")
    wait_for_label(page, "Stalingrad")
    panel = map_frame(page).locator(".thaw-time")
    panel.locator(".loop").check()
    panel.locator(".play").click()  # a year a step, in the page: no rerun
    wait_for_label(page, "Volgograd", timeout=30_000)
    panel.locator(".play").click()
    day = atlas(page).evaluate("() => ThawAtlas.atlas.state.day")
    assert day > "1961-11-10"
    assert page.get_by_role("slider").first.get_attribute("aria-valuetext") == "1 Jan 1950"  # the state stays


def test_on_a_phone_the_date_and_the_map_come_first_and_the_panels_fold(browser, app_url):
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        phone.goto(app_url)
        frame = phone.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator("details.thaw-panel").wait_for(state="attached", timeout=30_000)
        box = phone.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        assert box["y"] < 844 / 2  # the map starts in the top half of the first screen
        assert frame.locator("details.thaw-legend").evaluate("d => d.open") is False
        assert frame.locator("details.thaw-panel").evaluate("d => d.open") is False
    finally:
        phone.close()


def test_the_guided_story_walks_step_by_step_and_each_step_has_its_own_link(page, app_url, bundled):
    """Every step of the bundled story: its link opens it, the date slider shows its day, its title and text
    are on the page, and the map outlines its places."""
    from geodata.story import STORIES, read_story

    story = read_story(STORIES / "destalinization.json", bundled)
    for number, step in enumerate(story.steps, start=1):
        page.goto(f"{app_url}/?story=destalinization&step={number}")
        page.get_by_text(step.title, exact=True).wait_for(timeout=30_000)
        expect(page.locator("body")).to_contain_text(step.text[:60], timeout=30_000)  # with the page's second run
        slider = page.locator('input[type="range"][aria-label="Map date"]')
        expect(slider).to_have_attribute("aria-valuetext", f"{step.date.day} {step.date:%b %Y}", timeout=30_000)
        map_frame(page).locator("body").evaluate(
            "() => new Promise(r => { const t = setInterval(() => { if (window.ThawAtlas && ThawAtlas.atlas.state"
            " && ThawAtlas.atlas.state.highlight) { clearInterval(t); r(); } }, 50); })")
        shown = atlas(page).evaluate("() => ThawAtlas.atlas.state.highlight")
        assert shown == list(step.places), f"step {number}"
    page.get_by_role("button", name="Explore freely from here").click()
    page.get_by_text(story.steps[-1].title, exact=True).wait_for(state="detached", timeout=30_000)


def test_two_days_side_by_side_pan_and_zoom_together(page, app_url):
    page.goto(app_url + "/?date=1953-03-05&compare=1962-12-31&type=city&country=RU")
    frames = page.locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frames).to_have_count(2, timeout=30_000)
    first, second = (page.frame_locator('iframe[title="streamlit_folium.st_folium"]').nth(i) for i in (0, 1))
    first.locator(".thaw-label", has_text="Stalingrad").first.wait_for(state="attached", timeout=30_000)
    second.locator(".thaw-label", has_text="Volgograd").first.wait_for(state="attached", timeout=30_000)
    zoom_of = ("() => { const k = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);"
               " return window[k].getZoom(); }")
    before = second.locator("body").evaluate(zoom_of)
    first.locator(".leaflet-control-zoom-in").click()
    expect_zoom = f"() => ({zoom_of})() === {before + 1}"
    second.locator("body").evaluate(f"() => new Promise((r, e) => {{ const t = Date.now(); (function poll() {{"
                                    f" if (({expect_zoom})()) r(true); else if (Date.now() - t > 10000) e('no zoom');"
                                    f" else setTimeout(poll, 50); }})(); }})")
    assert page.get_by_text("changes after 5 Mar 1953 up to 31 Dec 1962").count() == 1
