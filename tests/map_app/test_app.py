"""The Streamlit script driven headless with AppTest: widgets, the table and the URL state."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "map_app" / "app.py")


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def places_table(at):
    return at.dataframe[1].value


def test_the_app_starts_on_the_default_date_with_every_place_listed(app, bundled):
    assert app.slider(key="day").value == dt.date(1953, 3, 5)
    assert len(places_table(app)) == len(bundled)


def test_moving_the_map_date_changes_the_names_in_the_table(app):
    app.slider(key="day").set_value(dt.date(1950, 1, 1)).run()
    table = places_table(app).set_index("id")
    assert table.loc["volgograd", "name on 1950-01-01"] == "Stalingrad"
    app.slider(key="day").set_value(dt.date(1962, 1, 1)).run()
    assert not app.exception
    table = places_table(app).set_index("id")
    assert table.loc["volgograd", "name on 1962-01-01"] == "Volgograd"
    assert app.query_params["date"] == "1962-01-01"


def test_the_events_period_limits_the_event_list(app):
    app.slider(key="period").set_value((dt.date(1961, 11, 1), dt.date(1961, 11, 30))).run()
    assert not app.exception
    events = app.dataframe[0].value
    assert "volgograd" in events["place"].tolist()
    assert "stalin-monument-budapest" not in events["place"].tolist()
    assert app.query_params["from"] == "1961-11-01"


def test_filters_limit_the_table(app):
    app.multiselect(key="kind").set_value(["removed_monument"]).run()
    app.multiselect(key="country").set_value(["CZ", "HU"]).run()
    assert not app.exception
    table = places_table(app)
    assert set(table["kind"]) == {"removed_monument"}
    assert set(table["country"]) <= {"CZ", "HU"}
    assert app.query_params["kind"] == "removed_monument"


def test_a_url_restores_the_view():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"date": "1950-01-01", "kind": "renamed_place", "place": "volgograd"})
    at.run()
    assert not at.exception
    assert at.slider(key="day").value == dt.date(1950, 1, 1)
    assert at.multiselect(key="kind").value == ["renamed_place"]


def test_a_bad_url_value_falls_back_to_the_default_with_a_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"date": "1961-13-45", "kind": "<script>"})
    at.run()
    assert not at.exception
    assert at.slider(key="day").value == dt.date(1953, 3, 5)
    assert len(at.warning) == 2


def test_search_finds_a_place_by_its_cyrillic_name(app):
    app.text_input(key="query").input("Сталинград").run()
    assert not app.exception
    assert app.radio(key="match").value == "volgograd"
    app.button(key="show_on_map").click().run()
    assert app.query_params["place"] == "volgograd"
