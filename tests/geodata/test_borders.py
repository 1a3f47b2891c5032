"""Borders of the time: which state held a place on a day, every dated change, the caveat, the CLI, the validator."""

import csv
import datetime as dt
import json

import pytest
import shapely

from geodata import borders
from geodata.borders import LAYER_START, STATES, agrees, caveat_on, holder, state_at, states_at
from geodata.cli import main
from geodata.validate import validate_collection

CITIES = {  # (lon, lat, present-day country)
    "Kyiv": (30.523, 50.450, "UA"), "Moscow": (37.618, 55.751, "RU"), "Tallinn": (24.745, 59.437, "EE"),
    "Tashkent": (69.240, 41.311, "UZ"), "Leipzig": (12.373, 51.340, "DE"), "Munich": (11.576, 48.137, "DE"),
    "Prague": (14.421, 50.088, "CZ"), "Bratislava": (17.107, 48.149, "SK"), "Ljubljana": (14.506, 46.056, "SI"),
    "Belgrade": (20.457, 44.817, "RS"), "Charlottenburg": (13.296, 52.517, "DE"),
}


def held(city, day):
    return state_at(*CITIES[city], day).id


@pytest.mark.parametrize("group", [("Kyiv", "Moscow", "Tallinn", "Tashkent"), ("Prague", "Bratislava"),
                                   ("Ljubljana", "Belgrade")])
def test_on_1_june_1960_these_cities_lie_in_one_state(group):
    assert len({held(city, "1960-06-01") for city in group}) == 1


def test_on_1_june_1960_leipzig_munich_and_west_berlin_lie_in_three_states():
    assert [held(c, "1960-06-01") for c in ("Leipzig", "Munich", "Charlottenburg")] == ["GDR", "FRG", "WEST-BERLIN"]


@pytest.mark.parametrize("pair", [("Kyiv", "Moscow"), ("Tallinn", "Tashkent"), ("Prague", "Bratislava"),
                                  ("Ljubljana", "Belgrade")])
def test_on_1_june_1995_these_pairs_are_split(pair):
    assert held(pair[0], "1995-06-01") != held(pair[1], "1995-06-01")


def test_on_1_june_1995_leipzig_and_munich_share_one_state():
    assert held("Leipzig", "1995-06-01") == held("Munich", "1995-06-01") == "DE"


def test_a_state_carries_the_name_it_had_then_and_its_territory():
    ussr = state_at(*CITIES["Kyiv"], "1960-06-01")
    assert (ussr.short, ussr.end) == ("USSR", dt.date(1991, 12, 25))
    assert ussr.geometry.contains(shapely.Point(CITIES["Tashkent"][:2]))


def _rows():
    with STATES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CHANGES = [row for row in _rows() if row["start"] and dt.date.fromisoformat(row["start"]) > LAYER_START]


@pytest.mark.parametrize("row", CHANGES, ids=[f"{r['unit']}-{r['start']}" for r in CHANGES])
def test_every_dated_change_holds_from_its_day_and_not_the_day_before(row):
    day = dt.date.fromisoformat(row["start"])
    assert holder(row["unit"], day) == row["state"]
    assert holder(row["unit"], day - dt.timedelta(days=1)) != row["state"]


def test_each_unit_passes_from_period_to_period_without_gap_or_overlap():
    by_unit = {}
    for row in _rows():
        by_unit.setdefault(row["unit"], []).append(row)
    for unit, rows in by_unit.items():
        for before, after in zip(rows, rows[1:], strict=False):
            next_day = dt.date.fromisoformat(before["end"]) + dt.timedelta(days=1)
            assert next_day == dt.date.fromisoformat(after["start"]), unit
        assert rows[-1]["end"] == "", unit


def test_every_period_has_a_source_address_and_every_state_a_name():
    with borders.STATE_NAMES.open(encoding="utf-8", newline="") as f:
        named = {row["state"] for row in csv.DictReader(f)}
    for row in _rows():
        assert row["source_title"] and row["source_url"].startswith(("http://", "https://")), row
        assert row["state"] in named, row


def test_the_epochs_are_the_days_things_change():
    assert {dt.date(1949, 10, 7), dt.date(1990, 10, 3), dt.date(1991, 12, 26), dt.date(1993, 1, 1)} <= set(
        borders.epochs())
    assert borders.epochs()[0] == LAYER_START


def test_a_caveat_is_given_before_the_layer_starts_and_not_in_1960():
    assert "1945" in caveat_on("1940-01-01")
    assert caveat_on("1960-06-01") is None


def test_no_state_is_claimed_for_a_place_before_the_layer_starts():
    assert state_at(*CITIES["Kyiv"], "1940-01-01") is None


@pytest.mark.parametrize("text, state", [
    ("Ukrainian SSR, USSR", "USSR"), ("East Berlin, GDR", "GDR"), ("East Germany", "GDR"), ("West Germany", "FRG"),
    ("Czechia", "CZ"), ("Czechoslovakia", "CSSR"), ("ČSSR", "CSSR"), ("Lithuanian SSR, Soviet Union", "USSR"),
    ("Polish People's Republic", "PL"), ("Allied-occupied Austria", "AT"), ("Austria (Allied occupation)", "AT"),
    ("Slovenia, Yugoslavia", "YU"), ("Macedonia", "MK"), ("American occupation zone of Germany", "ZONE-WEST"),
])
def test_our_state_texts_agree_with_their_state(text, state):
    assert agrees(text, borders._record(state))


@pytest.mark.parametrize("text, state", [("Ukrainian SSR", "USSR"), ("West Germany", "GDR"), ("Ukraine", "USSR"),
                                         ("Slovakia", "CSSR"), ("Russian Empire", "RU")])
def test_a_text_naming_another_state_does_not_agree(text, state):
    assert not agrees(text, borders._record(state))


def test_the_cli_writes_the_states_of_a_day(tmp_path):
    out = tmp_path / "1960.geojson"
    assert main(["borders", "--date", "1960-06-01", "--out", str(out)]) == 0
    shorts = {f["properties"]["short"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert {"USSR", "GDR", "FRG", "West Berlin", "ČSR", "Yugoslavia", "Poland"} <= shorts
    assert not {"Ukraine", "Germany", "Czech Republic", "Slovenia"} & shorts


def test_the_cli_refuses_a_bad_date_with_exit_code_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["borders", "--date", "1960-13-01", "--out", "-"])
    assert exit_.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def _kyiv_square(state_text, date="1961"):
    name = {"name": "Площа", "latin": "Ploshcha", "lang": "uk", "stalin": False}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "square",
        "geometry": {"type": "Point", "coordinates": [30.5275, 50.4522]},
        "properties": {"id": "square", "kind": "renamed_place", "feature_type": "square", "country": "UA",
                       "description": "A square.", "sources": [{"id": "s", "title": "S", "url": "https://example.org"}],
                       "names": [{**name, "state": "Ukrainian SSR, USSR", "start": None},
                                 {**name, "name": "Майдан", "latin": "Maidan", "state": state_text,
                                  "start": {"date": date, "sources": ["s"]}}]}}]}


def test_the_validator_flags_a_state_text_that_disagrees_with_the_state_of_the_day():
    problems = validate_collection(_kyiv_square("Ukrainian SSR"))
    assert [(p.field, p.message) for p in problems] == [(
        "names[1].state", '"Ukrainian SSR" does not match the state that held this place on 1961-01-01 (USSR); '
        'write the state of the time, e.g. "Ukrainian SSR, USSR"')]


def test_the_validator_accepts_a_state_text_that_agrees():
    assert validate_collection(_kyiv_square("Ukrainian SSR, USSR")) == []


def test_a_name_dated_by_decade_may_name_the_state_of_either_end_of_it():
    """Kyiv in "199X" was in the USSR on the decade's first day and in Ukraine on its last."""
    assert validate_collection(_kyiv_square("Ukraine", "199X")) == []
    assert validate_collection(_kyiv_square("Ukrainian SSR, USSR", "199X")) == []
    problems = validate_collection(_kyiv_square("Poland", "199X"))
    assert [p.message for p in problems] == [
        '"Poland" does not match the states that held this place from 1990-01-01 to 1999-12-31 (USSR, then '
        'Ukraine); write the state of the time, e.g. "USSR"']


def test_states_at_answers_many_points_at_once():
    found = states_at(["DE", "DE", "XX"], [12.373, 13.296, 0.0], [51.340, 52.517, 0.0], [dt.date(1960, 6, 1)] * 3)
    assert [s and s.id for s in found] == ["GDR", "WEST-BERLIN", None]
