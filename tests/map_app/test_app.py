"""The Streamlit script driven headless with AppTest: widgets, the table and the URL state."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geodata import BUNDLED_LAYER
from geodata.timeline import state_on
from tests.geodata.test_bad_files import CORPUS, EXPECTED

APP = str(Path(__file__).resolve().parents[2] / "map_app" / "app.py")


def visited(at):
    """The page as a visitor sees it once the map is up: a session's first run draws the sidebar and the map
    alone, and the map's first answer (which AppTest cannot send) brings the rest in a second run."""
    at.run()
    return at.run()


@pytest.fixture
def app():
    at = visited(AppTest.from_file(APP, default_timeout=60))
    assert not at.exception, at.exception
    return at


def opened(url_params, timeout=60):
    """The app as a link with these URL parameters opens it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(url_params)
    return visited(at)


def places_table(at):
    """The table of the places on the map (it sits under the map, before the events)."""
    return at.dataframe[0].value


def events_table(at):
    return at.dataframe[1].value


def existing_on_default_date(layer, mask=None):
    """How many features (of `mask`) the places table lists on the default map date."""
    exists = state_on(layer, dt.date(1953, 3, 5))["exists"].to_numpy(dtype=bool)
    return int((exists if mask is None else exists & mask).sum())


def test_the_app_starts_on_the_default_date_with_every_place_that_existed_then_listed(app, bundled):
    assert app.slider(key="date").value == dt.date(1953, 3, 5)
    existing = state_on(bundled, dt.date(1953, 3, 5))["exists"]
    assert set(places_table(app)["id"]) == set(existing[existing].index)
    assert "stalin-grave" not in set(places_table(app)["id"])


def test_a_sessions_first_run_draws_the_map_alone_and_the_next_run_the_whole_page():
    """The tables, the chart and the panels under the map made the browser load their modules before it made
    the map's frame; they now come with the next run, which the map's first answer asks for."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.slider(key="date").value == dt.date(1953, 3, 5)
    assert not at.dataframe and not at.subheader and not at.expander
    at.run()
    assert len(at.dataframe) == 2
    assert [h.value for h in at.subheader][0] == "Places on the map" and "events between" in at.subheader[1].value
    assert [e.label for e in at.expander] == ["Export", "Cite this view"]


def test_moving_the_map_date_changes_the_names_in_the_table(app):
    app.slider(key="date").set_value(dt.date(1950, 1, 1)).run()
    table = places_table(app).set_index("id")
    assert table.loc["volgograd", "name on 1 Jan 1950"] == "Stalingrad"
    app.slider(key="date").set_value(dt.date(1962, 1, 1)).run()
    assert not app.exception
    table = places_table(app).set_index("id")
    assert table.loc["volgograd", "name on 1 Jan 1962"] == "Volgograd"
    assert app.query_params["date"] == "1962-01-01"


def test_the_events_period_limits_the_event_list(app):
    app.slider(key="period").set_value((dt.date(1961, 11, 1), dt.date(1961, 11, 30))).run()
    assert not app.exception
    events = events_table(app)
    assert "volgograd" in events["place"].tolist()
    assert "stalin-monument-budapest" not in events["place"].tolist()
    assert app.query_params["period"] == "1961-11-01..1961-11-30"


def test_filters_limit_the_table(app):
    app.multiselect(key="kind").set_value(["monument"]).run()
    app.multiselect(key="country").set_value(["CZ", "HU"]).run()
    assert not app.exception
    table = places_table(app)
    assert set(table["kind"]) == {"monument"}
    assert set(table["country"]) <= {"Czechia", "Hungary"}
    assert app.query_params["kind"] == "monument"


def test_a_url_restores_the_view():
    at = opened({"date": "1950-01-01", "kind": "renamed_place", "place": "volgograd"})
    assert not at.exception
    assert at.slider(key="date").value == dt.date(1950, 1, 1)
    assert at.multiselect(key="kind").value == ["renamed_place"]


def test_a_bad_url_value_falls_back_to_the_default_with_a_notice():
    at = opened({"date": "1961-13-45", "kind": "<script>"})
    assert not at.exception
    assert at.slider(key="date").value == dt.date(1953, 3, 5)
    assert len(at.warning) == 2


def test_search_finds_a_place_by_its_cyrillic_name(app):
    app.text_input(key="query").input("Сталинград").run()
    assert not app.exception
    assert app.radio(key="match").value == "volgograd"
    app.button(key="show_on_map").click().run()
    assert app.query_params["place"] == "volgograd"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_bad_file_is_shown_as_problems_and_the_bundled_layer_stays(name, bundled):
    before = BUNDLED_LAYER.read_bytes()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value((name, (CORPUS / name).read_bytes(), "application/octet-stream")).run()
    assert not at.exception, at.exception
    assert at.error, "the problem is announced"
    shown = "\n".join(block.value for block in at.code)
    assert any(all(piece in line for piece in EXPECTED[name]) for line in shown.splitlines()), shown
    assert len(places_table(at)) == existing_on_default_date(bundled)  # the map still shows our layer
    assert BUNDLED_LAYER.read_bytes() == before


def test_a_good_file_can_be_shown_instead_of_or_beside_ours(bundled, tmp_path):
    from geodata.export import to_csv
    from geodata.timeline import select

    data = to_csv(bundled, select(bundled, countries=["CZ"])).encode()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value(("czech.csv", data, "text/csv")).run()
    assert not at.exception and not at.error
    at.radio(key="source").set_value("yours").run()
    assert set(places_table(at)["country"]) == {"Czechia"}
    at.radio(key="source").set_value("both").run()
    table = places_table(at)
    assert len(table) == existing_on_default_date(bundled)  # our Czech features replaced by theirs, not doubled
    assert table["id"].is_unique
    assert any("replace ours" in info.value for info in at.info)


def test_the_valid_part_of_a_broken_file_is_shown_only_on_request(bundled_collection, bundled):
    import json

    collection = json.loads(json.dumps(bundled_collection))
    collection["features"][0]["geometry"]["coordinates"][1] = 123
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value(("mixed.geojson", json.dumps(collection).encode(), "application/json"))
    at.run()
    assert at.error and any("latitude 123" in block.value for block in at.code)
    assert len(places_table(at)) == existing_on_default_date(bundled)  # still ours
    at.checkbox(key="keep_valid").check().run()
    at.radio(key="source").set_value("yours").run()
    assert len(places_table(at)) == existing_on_default_date(bundled) - 1  # the first feature left out


def test_the_export_panel_offers_the_map_as_html_and_the_filtered_data(app):
    app.multiselect(key="kind").set_value(["monument"]).run()
    app.button(key="prepare_html").click().run()
    assert not app.exception
    html = app.session_state["html"][1]
    assert html.startswith("<!DOCTYPE html>") and "De-Stalinization on 1953-03-05" in html
    assert "/app/static/" not in html  # every asset inlined: the file opens offline
    app.selectbox(key="data_format").set_value("lpf").run()
    app.button(key="prepare_data").click().run()
    fmt, text = app.session_state["data"][1]
    assert fmt == "lpf" and '"@context"' in text and "/stalin-monument-prague\"" in text and "/volgograd\"" not in text
    labels = [button.label for button in app.get("download_button")]
    assert {"Download HTML", "Download LPF"} <= set(labels)


def test_search_says_how_many_matches_it_shows_and_can_show_them_all(app, bundled):
    from geodata.search import search

    total = len(search(bundled, "Stalin", limit=len(bundled)))
    assert total > 20
    app.text_input(key="query").input("Stalin").run()
    assert len(app.radio(key="match").options) == 20
    show_all = app.checkbox(key="all_matches")
    assert show_all.label == f"20 of {total} shown: show all"
    show_all.check().run()
    assert len(app.radio(key="match").options) == total


def test_a_good_upload_is_confirmed_and_shown_at_once(bundled):
    from geodata.export import to_csv
    from geodata.timeline import select

    data = to_csv(bundled, select(bundled, countries=["CZ"])).encode()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value(("czech.csv", data, "text/csv")).run()
    assert not at.exception and not at.error
    assert any("no problems found" in s.value for s in at.success)
    assert set(places_table(at)["country"]) == {"Czechia"}


def test_each_new_file_starts_with_show_anyway_unticked(bundled_collection):
    import json

    def broken(latitude):
        collection = json.loads(json.dumps(bundled_collection))
        collection["features"][0]["geometry"]["coordinates"][1] = latitude
        return json.dumps(collection).encode()

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value(("one.geojson", broken(123), "application/json")).run()
    at.checkbox(key="keep_valid").check().run()
    at.file_uploader(key="upload").set_value(("two.geojson", broken(124), "application/json")).run()
    assert not at.checkbox(key="keep_valid").value


def test_the_export_panel_offers_a_geopackage_for_qgis(app):
    app.selectbox(key="data_format").set_value("gpkg").run()
    app.button(key="prepare_data").click().run()
    assert not app.exception
    fmt, data = app.session_state["data"][1]
    assert fmt == "gpkg" and data[:16] == b"SQLite format 3\x00"
    assert "Download GPKG" in [button.label for button in app.get("download_button")]


def test_an_export_made_for_one_date_is_not_offered_under_another(app):
    app.button(key="prepare_html").click().run()
    assert "Download HTML" in [button.label for button in app.get("download_button")]
    app.slider(key="date").set_value(dt.date(1970, 1, 1)).run()
    assert "Download HTML" not in [button.label for button in app.get("download_button")]


def test_a_bad_url_value_is_noticed_once_and_an_unknown_place_is_noticed_too():
    at = opened({"date": "1961-13-45", "place": "no-such-place"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("date" in w for w in warnings) and any("no\\-such\\-place" in w for w in warnings)
    at.slider(key="date").set_value(dt.date(1960, 1, 1)).run()
    assert not at.warning  # the URL now holds good values: the notices are gone


def test_the_places_table_speaks_in_words(app):
    table = places_table(app)
    assert "Czechia" in set(table["country"]) and "Bears Stalin's name" in set(table["status"])
    assert "renamed place" in set(table["kind"])


def test_the_view_is_cited_in_three_styles_and_its_sources_prepared_as_a_bibliography(app, bundled):
    import json

    app.slider(key="date").set_value(dt.date(1961, 11, 10)).run()
    cited = [block.value for block in app.code if "De-Stalinization on 10 November 1961" in block.value]
    assert len(cited) == 3 and all("date=1961-11-10" in text for text in cited)
    app.selectbox(key="bib_format").set_value("csl").run()
    app.button(key="prepare_bib").click().run()
    assert not app.exception
    view, (fmt, text) = app.session_state["bib"]
    on_map = state_on(bundled, dt.date(1961, 11, 10))["exists"].to_numpy(dtype=bool)
    urls = {s.url for p, shown in zip(bundled.places, on_map, strict=True) if shown for s in p.sources}
    assert fmt == "csl" and {item["URL"] for item in json.loads(text)} == urls


def test_a_link_to_a_story_step_opens_that_step_and_next_goes_on():
    at = opened({"story": "destalinization", "step": "8"})
    assert not at.exception
    assert at.slider(key="date").value == dt.date(1961, 11, 11)
    assert "Stalingrad becomes Volgograd" in [h.value for h in at.subheader]
    assert "volgograd" in at.session_state["highlight"]
    at.button(key="story_next").click().run()
    assert at.query_params["step"] == "9" and at.slider(key="date").value == dt.date(1961, 12, 31)
    at.button(key="story_leave").click().run()
    assert at.session_state["story"] is None and at.session_state["highlight"] == ()
    assert at.slider(key="date").value == dt.date(1961, 12, 31)  # the map stays where the story left it


def test_the_story_panel_makes_its_slides_as_a_zip_of_pngs_and_a_gif(chromium_path):
    import io
    import zipfile

    at = opened({"story": "destalinization", "step": "1"}, timeout=120)
    at.button(key="story_slides").click().run()
    assert not at.exception
    name, data = at.session_state["slides"]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert name == "destalinization" and "story.gif" in names and "step-14.png" in names and len(names) == 15


def test_a_link_with_a_second_day_shows_two_maps_and_the_changes_between(bundled):
    at = opened({"date": "1953-03-05", "compare": "1962-12-31"})
    assert not at.exception
    assert at.date_input(key="compare").value == dt.date(1962, 12, 31)
    heading = next(h.value for h in at.subheader if "changes after" in h.value)
    changes = at.dataframe[0].value  # under the two maps, before the places table
    assert heading == f"{len(changes)} changes after 5 Mar 1953 up to 31 Dec 1962"
    assert "volgograd" in set(changes["place"])
    at.date_input(key="compare").set_value(None).run()
    assert not at.exception and "compare" not in at.query_params


def test_a_story_file_of_ones_own_is_checked_and_told_from_its_first_step():
    import json

    from geodata.story import STORIES

    story = json.loads((STORIES / "destalinization.json").read_text(encoding="utf-8"))
    story["title"] = "Katowice and Stalinogród"
    story["steps"] = [s for s in story["steps"] if "katowice" in s["places"]]
    at = opened({})
    at.file_uploader(key="story_upload").set_value(("katowice.json", json.dumps(story).encode(), "application/json"))
    at.run()
    assert not at.exception
    assert at.session_state["story"] == "yours"
    assert at.slider(key="date").value.isoformat() == story["steps"][0]["date"]
    from map_app.text import plain

    assert plain(story["steps"][0]["title"]) in [h.value for h in at.subheader]  # as Markdown source
    story["steps"][0]["places"] = ["no-such-place"]
    at = opened({})  # (AppTest cannot send back a select box whose labels differ from its values)
    at.file_uploader(key="story_upload").set_value(("bad.json", json.dumps(story).encode(), "application/json"))
    at.run()
    assert at.session_state["story"] is None
    assert any("bad.json: step 1: places[0]: no place has the id 'no-such-place'" in c.value for c in at.code)


def test_a_missing_layer_file_is_said_in_words_without_the_servers_paths(monkeypatch, tmp_path):
    monkeypatch.setenv("THAW_ATLAS_DATA", str(tmp_path / "secret" / "gone.geojson"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.error and "could not be loaded" in at.error[0].value
    assert "gone.geojson" in at.code[0].value and str(tmp_path) not in at.code[0].value


def test_a_link_to_an_unknown_story_opens_the_map_with_a_notice():
    at = opened({"story": "no-such-story", "step": "3"})
    assert not at.exception
    assert at.session_state["story"] is None
    assert any("No guided story has the name" in w.value for w in at.warning)


def test_an_uploaded_layer_does_not_outlive_its_session(bundled):
    """The script's globals outlive its run (the cached functions defined in it hold them): a layer kept there
    stayed in memory, some hundreds of MB for a large upload, after its session had ended."""
    import gc

    from geodata.export import to_csv
    from geodata.layer import Layer
    from geodata.timeline import select

    data = to_csv(bundled, select(bundled, countries=["CZ"])).encode()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value(("mine.csv", data, "text/csv")).run()
    assert any("no problems found" in s.value for s in at.success)
    del at
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, Layer) and o.source == "mine.csv"]
