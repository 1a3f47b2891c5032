"""The map builder, tested on its rows, the folium.Map and the rendered HTML."""

import datetime as dt
import html
import json
import re

from map_app.mapview import bounds, build_map, marker_rows
from map_app.popup import popup_html
from map_app.style import LOOKS
from map_app.view import View

PERIOD = (dt.date(1956, 1, 1), dt.date(1962, 12, 31))


def view_on(day, **kwargs):
    return View(date=dt.date.fromisoformat(day), period=PERIOD, **kwargs)


def row(layer, view, fid):
    return next(r for r in marker_rows(layer, view) if r["id"] == fid)


def test_volgograd_is_labelled_stalingrad_and_styled_stalin_named_in_1950(bundled):
    volgograd = row(bundled, view_on("1950-01-01"), "volgograd")
    assert volgograd["label"] == "Stalingrad"
    assert volgograd["status"] == "stalin_name"
    assert volgograd["style"]["fillColor"] == LOOKS["stalin_name"].fill
    assert volgograd["tooltip"] == "Stalingrad — Volgograd from 10 Nov 1961"


def test_volgograd_is_labelled_volgograd_and_styled_renamed_in_1962(bundled):
    volgograd = row(bundled, view_on("1962-01-01"), "volgograd")
    assert volgograd["label"] == "Volgograd"
    assert volgograd["status"] == "renamed"
    assert volgograd["style"]["fillColor"] == LOOKS["renamed"].fill


def test_the_prague_monument_is_present_in_1960_and_removed_styled_in_1963(bundled):
    assert row(bundled, view_on("1960-01-01"), "stalin-monument-prague")["status"] == "standing"
    removed = row(bundled, view_on("1963-01-01"), "stalin-monument-prague")
    assert removed["status"] == "removed"
    assert removed["style"]["fillColor"] == LOOKS["removed"].fill


def test_a_monument_is_not_drawn_before_its_unveiling(bundled):
    ids = [r["id"] for r in marker_rows(bundled, view_on("1950-01-01"))]
    assert "stalin-monument-prague" not in ids


def test_features_with_an_event_in_the_period_are_highlighted(bundled):
    inside = row(bundled, view_on("1950-01-01"), "volgograd")
    outside = row(bundled, View(date=dt.date(1950, 1, 1), period=(dt.date(1930, 1, 1), dt.date(1931, 1, 1))),
                  "volgograd")
    assert inside["in_period"] and not outside["in_period"]
    assert inside["style"]["weight"] > outside["style"]["weight"]


def test_filters_limit_the_markers(bundled):
    rows = marker_rows(bundled, view_on("1960-01-01", kind=("monument",)))
    assert rows and {r["kind"] for r in rows} == {"monument"}
    assert {r["id"] for r in marker_rows(bundled, view_on("1960-01-01", country=("RU",)))} >= {"volgograd"}


def test_a_popup_shows_the_name_history_disputed_dates_and_sources(bundled):
    popup = popup_html(bundled.place("volgograd"))
    history = popup[popup.index('<ol class="names">'):]
    assert history.index("Tsaritsyn") < history.index("Stalingrad") < history.index("Volgograd")
    assert "10 Nov 1961" in popup and "disputed, also given as 11 Nov 1961" in popup
    assert 'rel="noopener noreferrer"' in popup
    assert "wikidata.org/wiki/Q914" in popup


def test_a_year_precision_date_is_shown_as_the_year(bundled):
    popup = popup_html(bundled.place("dushanbe"))
    assert "<b>1961</b>" in popup
    assert "1 Jan 1961" not in popup


def test_the_offline_map_loads_every_script_and_stylesheet_from_the_app(bundled):
    html = build_map(bundled, view_on("1960-01-01")).get_root().render()
    loaded = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(loaded) >= 6
    assert all(url.startswith(("/app/static/vendor/", "/app/static/thaw/")) for url in loaded), loaded
    code = re.sub(r"ThawAtlas\.(markers|borders)\(.*?\);\n", "", html, flags=re.S)  # not the data (its links)
    assert not re.search(r"https?://[^\s\"']*(cdn|unpkg|jsdelivr|cloudflare|bootstrapcdn)", code)
    assert "L.tileLayer(" not in code


def test_the_page_carries_every_name_once_and_the_view_sets_the_day(bundled):
    html = build_map(bundled, view_on("1950-01-01", label="name")).get_root().render()
    assert html.count("ThawAtlas.markers(") == 1 and '"Сталинград"' in html and '"Volgograd"' in html
    assert ('ThawAtlas.sent({"day":"1950-01-01","from":"1956-01-01","to":"1962-12-31","label":"name",'
            '"highlight":[]});' in html)


def test_a_large_layer_gets_compact_markers_without_popups(bundled, monkeypatch):
    from map_app import mapview

    monkeypatch.setattr(mapview, "DETAIL_LIMIT", 10)
    table = mapview.marker_table(bundled, view_on("1950-01-01"))
    assert len(table) > 10
    assert "popup" not in table and "tooltip" not in table
    assert "Stalingrad" in set(table["label"])
    html = build_map(bundled, view_on("1950-01-01")).get_root().render()
    with_popups = '"popup":' in html  # (a plain bool: pytest would diff the whole page)
    assert not with_popups


def first_days(layer):
    """Each feature's first day of existence (its first dated name, or its unveiling), where it has one."""
    firsts = {}
    for place in layer.places:
        start = place.monument.unveiled if place.monument else place.names[0].start
        if start is not None:
            firsts[place.id] = start.date.first
    return firsts


def test_no_feature_is_drawn_listed_or_exported_as_present_the_day_before_it_existed(bundled):
    from geodata.export import to_geojson
    from map_app.tables import features_table

    firsts = first_days(bundled)
    assert "stalin-grave" in firsts and "stalingrad-airport" in firsts
    for day in sorted({d - dt.timedelta(days=1) for d in firsts.values()}):
        view = View(date=day, period=PERIOD)
        absent = {fid for fid, first in firsts.items() if first - dt.timedelta(days=1) == day}
        assert not absent & {r["id"] for r in marker_rows(bundled, view)}, day
        assert not absent & set(features_table(bundled, view)["id"]), day
        exported = json.loads(to_geojson(bundled, day=day))["features"]
        for feature in exported:
            if feature["id"] in absent:
                assert feature["properties"]["on_date"]["status"] == "absent"
                assert feature["properties"]["on_date"]["latin"] is None


def test_stalins_grave_is_on_the_map_of_1962_and_not_of_1953(bundled):
    assert "stalin-grave" not in {r["id"] for r in marker_rows(bundled, view_on("1953-03-09"))}
    assert "stalin-grave" in {r["id"] for r in marker_rows(bundled, view_on("1962-01-01"))}


def test_labels_follow_the_chosen_language(bundled):
    assert row(bundled, view_on("1950-01-01", label="name"), "volgograd")["label"] == "Сталинград"
    assert row(bundled, view_on("1950-01-01", label="latin"), "volgograd")["label"] == "Stalingrad"
    with_english = next(p for p in bundled.places if any(n.en for n in p.names))
    english = next(n.en for n in with_english.names if n.en)
    day = next(n.start.date.first for n in with_english.names if n.en == english and n.start) \
        if not with_english.monument else with_english.monument.unveiled.date.first
    label = row(bundled, View(date=day, period=PERIOD, label="en"), with_english.id)["label"]
    assert label.rstrip("?") == html.escape(english)


def test_a_far_outlier_does_not_widen_the_first_frame_but_stays_on_the_map(bundled):
    (south, west), (north, east) = bounds(bundled, view_on("1960-06-01"))
    assert west > -30 and east < 150 and north < 75  # Europe and the USSR: not Mount Peck in Canada
    assert "mount-peck" in {r["id"] for r in marker_rows(bundled, view_on("1960-06-01"))}


def test_a_few_places_far_apart_are_all_framed(bundled):
    (south, west), (north, east) = bounds(bundled, view_on("2015-06-01", country=("CA", "US")))
    assert west < -120 and east > -80  # Mount Peck (British Columbia) and Bedford (Virginia)


def test_the_map_carries_the_states_of_every_epoch_and_the_stamp_says_what_they_cannot_show(bundled):
    html_1960 = build_map(bundled, view_on("1960-06-01"), titled=True).get_root().render()
    assert '"short":"USSR"' in html_1960 and '"short":"GDR"' in html_1960 and "West Berlin" in html_1960
    assert '"short":"Ukraine"' in html_1960  # a later epoch, drawn when the date gets there
    assert "Borders of the day in Europe and the former USSR" in html_1960
    title = html_1960[html_1960.index('class="thaw-title"'):]
    assert "interwar" not in title[:title.index("</div>\n        </div>")]
    html_1940 = build_map(bundled, view_on("1940-06-01"), titled=True).get_root().render()
    title = html_1940[html_1940.index('class="thaw-title"'):]
    assert "cannot show the interwar and wartime borders" in title[:2000]


def test_the_app_map_loads_its_scripts_as_one_file_in_the_order_they_run(bundled, tmp_path):
    from functools import partial

    from map_app import published
    from map_app.mapview import base_map

    page = base_map(bundled, View(), publish=partial(published.publish, folder=tmp_path)).get_root().render()
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert len(sources) == 1 and sources[0].startswith(published.URL) and sources[0].endswith(".js")
    bundle = (tmp_path / sources[0].removeprefix(published.URL)).read_text(encoding="utf-8")
    markers = ('version="1.9.4"', "MarkerClusterGroup", "root.ThawAtlas =")  # Leaflet, its plugin, our atlas
    leaflet, cluster, atlas = (bundle.index(marker) for marker in markers)
    assert leaflet < cluster < atlas  # each after what it builds on
