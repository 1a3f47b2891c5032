import dataclasses
import datetime as dt

from map_app import view as views
from map_app.mapview import BASEMAPS, MAX_ZOOM
from map_app.view import DEFAULTS, FIELDS, PARSERS, View, from_query, from_session, to_query, to_session


def test_the_fields_the_url_keys_and_the_session_keys_are_one_set_of_names():
    assert tuple(PARSERS) == FIELDS == tuple(f.name for f in dataclasses.fields(View))
    assert tuple(to_session(DEFAULTS)) == FIELDS
    assert tuple(BASEMAPS) == tuple(MAX_ZOOM) == views.BASEMAP_NAMES


def test_a_view_goes_to_the_url_and_comes_back_the_same():
    view = View(date=dt.date(1961, 11, 10), period=(dt.date(1961, 1, 1), dt.date(1961, 12, 31)), kind=("monument",),
                country=("CZ", "SK"), place="volgograd", basemap="carto", label="name", frame=(48.7, 44.5, 8))
    query = to_query(view)
    assert query["period"] == "1961-01-01..1961-12-31" and query["frame"] == "48.7000,44.5000,8"
    again, notices = from_query(query)
    assert notices == []
    assert again == view and again.frame == view.frame


def test_the_default_view_has_an_empty_url():
    assert to_query(DEFAULTS) == {}
    assert from_query({}) == (DEFAULTS, [])


def test_links_made_with_the_old_keys_still_open():
    view, notices = from_query({"from": "1956-02-25", "to": "1956-12-31", "lat": "41.7", "lon": "44.8", "z": "9"})
    assert notices == []
    assert view.period == (dt.date(1956, 2, 25), dt.date(1956, 12, 31)) and view.frame == (41.7, 44.8, 9)


def test_a_bad_value_falls_back_to_its_default_with_one_notice_each():
    view, notices = from_query({"date": "1961-13-45", "period": "1962-01-01..1961-01-01", "frame": "1,2"})
    assert view == DEFAULTS and view.frame is None
    assert len(notices) == 3
    assert all(n.startswith("Ignored URL parameter ") for n in notices)


def test_the_session_holds_the_view_under_the_same_names():
    view = View(kind=("monument",), type=("statue",))
    session = to_session(view)
    assert session["kind"] == ["monument"]  # a multiselect keeps a list
    assert from_session(session) == view


def test_the_filters_in_words_for_a_snapshot_stamp():
    assert View(kind=("monument",), country=("CZ", "SK")).filters_text == ("Kinds: monument", "Countries: CZ, SK")
